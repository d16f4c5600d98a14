//! End-to-end tests of `report` and `demo` on real files: formats, escaping of everything a client
//! typed, determinism, languages, templates folder, errors.

use assert_cmd::Command;
use comrak::nodes::NodeValue;
use platform_audit::report::{Templates, LABELS_FILE};
use platform_audit::Lang;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

const SAMPLE: &str = "samples/acme";
const HOSTILE: &str = "tests/fixtures/hostile";

fn bin() -> Command {
    Command::cargo_bin("platform-audit").unwrap()
}

fn report(dir: &str, out: &Path, extra: &[&str]) {
    bin()
        .args(["report", dir, "--out", out.to_str().unwrap()])
        .args(extra)
        .assert()
        .success();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file of a report folder, by name (less the hidden list of the set, `.platform-audit.outputs`).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            !e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".platform-audit.")
        })
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// The HTML without its inline SVG charts and style, to search the text a reader sees.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html
        .split("<style>")
        .next()
        .unwrap_or("")
        .chars()
        .chain(html.split("</style>").nth(1).unwrap_or("").chars())
    {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn report_writes_the_three_formats_and_the_chart_files() {
    let out = tempfile::tempdir().unwrap();
    report(
        SAMPLE,
        out.path(),
        &["--format", "html,md,json", "--lang", "en"],
    );
    let names: Vec<_> = files(out.path()).into_keys().collect();
    assert_eq!(
        names,
        [
            "assessment.json",
            "chart-ai.svg",
            "chart-assets.svg",
            "chart-dora.svg",
            "chart-dora_bands.svg",
            "chart-evidence.svg",
            "chart-initiatives.svg",
            "chart-key.svg",
            "chart-perception.svg",
            "chart-radar.svg",
            "chart-space.svg",
            "chart-topology.svg",
            "chart-value.svg",
            "report.html",
            "report.md"
        ]
    );
    let md = read(&out.path().join("report.md"));
    assert!(md.contains("![Maturity profile: current and target](chart-radar.svg)"));
    let html = read(&out.path().join("report.html"));
    assert_eq!(
        html.matches("<svg ").count(),
        12,
        "charts are inline (the value chart in its section)"
    );
    assert!(html.contains("@page {\n  size: A4;"));
    // Printed pages carry the client, the confidentiality line and the date, and a page number.
    assert!(html.contains("@bottom-left { content: \"Acme Logistique \\0000B7 "));
    assert!(html.contains("counter(page) \" / \" counter(pages)"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("assessment.json"))).unwrap();
    assert_eq!(json["engagement"]["client"], "Acme Logistique");
}

#[test]
fn nothing_a_client_typed_survives_as_html_markup() {
    let out = tempfile::tempdir().unwrap();
    report(HOSTILE, out.path(), &["--format", "html,md"]);
    let html = read(&out.path().join("report.html"));
    for bad in [
        "<script",
        "<img",
        "<iframe",
        "<b ",
        "<div style",
        "<svg onload",
        "javascript:",
        "evil.example/pixel",
    ] {
        assert!(!html.contains(bad), "HTML report contains `{bad}`");
    }
    // No tag carries an event handler: every `<…>` in the page is the template's or a chart's.
    for tag in html
        .split('<')
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(t, _)| t))
    {
        let lower = tag.to_ascii_lowercase();
        for attr in ["onerror", "onclick", "onload", "style=\"x\""] {
            assert!(!lower.contains(attr), "tag <{tag}> has {attr}");
        }
    }
    // What was typed is still readable, as text.
    let text = visible_text(&html);
    assert!(
        text.contains("Evil <script>alert('client')</script> & Co"),
        "{text}"
    );
    assert!(text.contains("\"><img src=x onerror=alert('img')>"));
    assert!(
        html.contains("<strong>Bold</strong> claim"),
        "Markdown notes are rendered"
    );

    let md = read(&out.path().join("report.md"));
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    let root = comrak::parse_document(&arena, &md, &options);
    for node in root.descendants() {
        let value = &node.data.borrow().value;
        assert!(
            !matches!(value, NodeValue::HtmlInline(_) | NodeValue::HtmlBlock(_)),
            "raw HTML in the Markdown report: {value:?}"
        );
        if let NodeValue::Link(l) | NodeValue::Image(l) = value {
            assert!(
                !l.url.contains("javascript") && !l.url.contains("evil.example"),
                "{}",
                l.url
            );
        }
    }
    // Table cells stay whole: each table row of the answers has exactly four cells.
    let row = md
        .lines()
        .find(|l| l.contains("hostile (interview)") && l.contains("pipe"))
        .unwrap();
    assert_eq!(row.replace("\\|", "").matches('|').count(), 5, "{row}");
}

#[test]
fn two_runs_give_byte_identical_files() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    report(SAMPLE, a.path(), &[]);
    report(SAMPLE, b.path(), &[]);
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.len(), 15);
    assert_eq!(fa, fb);
}

/// The literal parts of a label (placeholders removed) long enough to be meaningful on their own.
fn fragments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push(rest[..start].to_string());
        rest = rest[start..].split_once('}').map_or("", |(_, r)| r);
    }
    out.push(rest.to_string());
    out.into_iter()
        .map(|f| f.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|f| f.chars().count() >= 4)
        .collect()
}

/// Copies an engagement folder, dropping every answer's `note` and free-text value from the
/// response files.
fn copy_without_notes(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_without_notes(&path, &dest);
        } else if path.parent().is_some_and(|p| p.ends_with("responses")) {
            let mut doc: toml::Table = read(&path).parse().unwrap();
            if let Some(answers) = doc.get_mut("answers").and_then(|a| a.as_table_mut()) {
                // Free-text values too: ids of choices have no spaces, sentences do.
                answers.retain(|_, a| {
                    !a.get("value")
                        .and_then(|v| v.as_str())
                        .is_some_and(|v| v.contains(' '))
                });
                for (_, answer) in answers.iter_mut() {
                    if let Some(t) = answer.as_table_mut() {
                        t.remove("note");
                    }
                }
            }
            std::fs::write(&dest, toml::to_string(&doc).unwrap()).unwrap();
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// The text with every `open`…`close` span removed.
fn without_spans(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        rest = &rest[start + open.len()..];
        rest = rest
            .find(close)
            .map_or("", |end| &rest[end + close.len()..]);
    }
    out.push_str(rest);
    out
}

/// `needle` occurs in `hay` as whole words.
fn contains_words(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn a_report_shows_no_label_of_the_other_language() {
    let templates = Templates::load(None).unwrap();
    let labels = templates.labels();
    // Notes and free-text answers are the client's words, in whichever language they typed:
    // leave them out.
    let sample = tempfile::tempdir().unwrap();
    copy_without_notes(Path::new(SAMPLE), sample.path());
    let sample = sample.path().to_str().unwrap();
    for (lang, other) in [(Lang::Fr, Lang::En), (Lang::En, Lang::Fr)] {
        let out = tempfile::tempdir().unwrap();
        report(
            sample,
            out.path(),
            &["--lang", lang.code(), "--format", "html,md"],
        );
        // Identifiers (question and questionnaire ids) are shown as code: not language text.
        let html = visible_text(&without_spans(
            &read(&out.path().join("report.html")),
            "<code>",
            "</code>",
        ));
        let md = without_spans(&read(&out.path().join("report.md")), "`", "`");
        let mut svgs = String::new();
        for (name, bytes) in files(out.path()) {
            if name.ends_with(".svg") {
                svgs.push_str(&String::from_utf8(bytes).unwrap());
            }
        }
        for (key, text) in labels {
            for fragment in fragments(text.get(other)) {
                // Only words that differ between the languages can leak.
                if fragments(text.get(lang)).contains(&fragment)
                    || labels.values().any(|t| t.get(lang).contains(&fragment))
                {
                    continue;
                }
                for (what, output) in [("html", &html), ("md", &md), ("svg", &svgs)] {
                    let at = output.find(fragment.as_str()).unwrap_or(0);
                    assert!(
                        !contains_words(output, &fragment),
                        "{lang} {what} report shows `{fragment}` (label {key} in {other}): …{}…",
                        output[at.saturating_sub(80)..]
                            .chars()
                            .take(140)
                            .collect::<String>()
                    );
                }
            }
        }
        for needle in [labels["summary"].get(lang), labels["grid"].get(lang)] {
            assert!(html.contains(needle) && md.contains(needle), "{needle}");
        }
    }
}

#[test]
fn french_numbers_use_a_decimal_comma() {
    let out = tempfile::tempdir().unwrap();
    report(SAMPLE, out.path(), &["--lang", "fr", "--format", "md"]);
    let md = read(&out.path().join("report.md"));
    let json: serde_json::Value = serde_json::from_slice(
        &bin()
            .args(["score", SAMPLE, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let level = json["axes"][0]["level"].as_f64().unwrap();
    let shown = format!("| Investissement | {level:.1} |").replace('.', ",");
    assert!(md.contains(&shown), "{shown} in {md}");
    assert!(md.contains("15 octobre 2026"));
    assert!(!md.contains("| 2.0 |"));
}

/// French typography (#13): in French reports, no ordinary space comes before `;` `:` `?` `!`
/// (a narrow no-break space or a no-break space does), whatever wrote the text: questionnaires,
/// data files, labels, the engine's sentences or a client's note.
#[test]
fn french_reports_keep_signs_to_their_words() {
    let out = tempfile::tempdir().unwrap();
    report(SAMPLE, out.path(), &["--lang", "fr", "--format", "md,html"]);
    let md = read(&out.path().join("report.md"));
    let html = read(&out.path().join("report.html"));
    let html = format!(
        "{}{}",
        html.split("<style>").next().unwrap_or(""),
        html.split("</style>").nth(1).unwrap_or("")
    );
    for (name, text) in [("report.md", &md), ("report.html", &html)] {
        for sign in [" ;", " :", " ?", " !"] {
            let at: Vec<&str> = text
                .match_indices(sign)
                .map(|(i, _)| &text[text.floor_char_boundary(i.saturating_sub(40))..i + 2])
                .take(3)
                .collect();
            assert!(
                at.is_empty(),
                "{name}: ordinary space before `{sign}`: {at:?}"
            );
        }
        assert!(
            text.contains("\u{202f};") && text.contains("\u{a0}:"),
            "{name}"
        );
    }
}

/// SPACE asks for at least three dimensions (#13): a report whose SPACE answers cover fewer says
/// so above the SPACE table; the sample, which covers all five, does not.
#[test]
fn a_space_reading_on_fewer_than_three_dimensions_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let eng = dir.path().join("e");
    bin()
        .args([
            "init",
            eng.to_str().unwrap(),
            "--client",
            "X",
            "--lang",
            "en",
        ])
        .args(["--questionnaire", "space-survey"])
        .assert()
        .success();
    // Satisfaction and efficiency only.
    let mut answers = String::new();
    for q in [
        "dx.sat_work",
        "dx.sat_tools",
        "dx.sat_recommend",
        "dx.sat_pace",
        "dx.sat_growth",
        "dx.act_invisible",
        "dx.sat_stress",
        "dx.eff_focus",
        "dx.eff_interruptions",
        "dx.eff_waiting",
        "dx.eff_feedback_loop",
        "dx.eff_environment",
        "dx.eff_cognitive",
        "dx.eff_infra_details",
        "dx.eff_golden_path",
        "dx.eff_handoffs",
        "dx.act_toil",
        "dx.act_experiment",
    ] {
        answers.push_str(&format!("\"{q}\" = {{ value = 3 }}\n"));
    }
    std::fs::write(
        eng.join("responses/dev.toml"),
        format!("[respondent]\nid = \"dev\"\nrole = \"developer\"\nchannel = \"self\"\n\n[answers]\n{answers}"),
    )
    .unwrap();
    let out = eng.join("reports");
    report(eng.to_str().unwrap(), &out, &["--format", "md"]);
    let md = read(&out.join("report.md"));
    assert!(
        md.contains("Only 2 of the 5 SPACE dimensions have enough answers"),
        "{md}"
    );
    let out = dir.path().join("sample");
    report(SAMPLE, &out, &["--lang", "en", "--format", "md"]);
    assert!(!read(&out.join("report.md")).contains("SPACE dimensions have enough answers"));
}

/// AI readiness is read against the platform findings (#13): the sample, a beginner platform,
/// is told to consolidate the platform first, with its weakest platform aspect and AI
/// capabilities named.
#[test]
fn ai_readiness_is_tied_to_the_platform_findings() {
    let out = tempfile::tempdir().unwrap();
    report(SAMPLE, out.path(), &["--lang", "en", "--format", "md"]);
    let md = read(&out.path().join("report.md"));
    let section = md
        .split("### AI readiness (DORA AI Capabilities Model)")
        .nth(1)
        .expect("an AI readiness section");
    assert!(
        section.contains("AI amplifies what an organisation already has"),
        "{section}"
    );
    assert!(
        section.contains("Consolidate the platform first"),
        "{section}"
    );
    assert!(
        section.contains("Healthy data ecosystems (1.3)"),
        "{section}"
    );
    assert!(
        section.contains("| Quality internal platforms | 1.5 |"),
        "{section}"
    );
}

/// The text of the first fenced block of `lang` after `from` in a document.
fn fenced(doc: &str, from: &str, lang: &str) -> String {
    let rest = &doc[doc.find(from).unwrap()..];
    let start = rest.find(&format!("```{lang}\n")).unwrap() + lang.len() + 4;
    let end = rest[start..].find("```").unwrap();
    rest[start..start + end].to_string()
}

#[test]
fn a_firm_templates_folder_brands_the_report() {
    // The example of docs/report.md, as written there.
    let doc = read(Path::new("docs/report.md"));
    let firm = tempfile::tempdir().unwrap();
    std::fs::write(
        firm.path().join("report.html.tera"),
        fenced(&doc, "A firm can brand", "jinja"),
    )
    .unwrap();
    std::fs::write(
        firm.path().join(LABELS_FILE),
        fenced(&doc, "A firm can brand", "toml"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    report(
        SAMPLE,
        out.path(),
        &[
            "--templates",
            firm.path().to_str().unwrap(),
            "--format",
            "html",
            "--lang",
            "fr",
        ],
    );
    let html = read(&out.path().join("report.html"));
    assert!(html.contains("Cabinet Exemple — Confidentiel"));
    assert!(html.contains("<h2>Nous joindre</h2>"));
    assert!(
        html.contains("id=\"grid\""),
        "the rest of the report is kept"
    );
}

#[test]
fn a_broken_firm_template_names_the_template_and_writes_nothing() {
    let firm = tempfile::tempdir().unwrap();
    std::fs::write(firm.path().join("report.md.tera"), "{{ labels[\"nope\"] }}").unwrap();
    let out = tempfile::tempdir().unwrap();
    bin()
        .args(["report", SAMPLE, "--out", out.path().to_str().unwrap()])
        .args(["--templates", firm.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("template report.md.tera"));
    assert!(files(out.path()).is_empty(), "no partial report set");
}

#[test]
fn a_firm_template_that_does_not_parse_names_its_file_and_line() {
    let firm = tempfile::tempdir().unwrap();
    let path = firm.path().join("report.md.tera");
    std::fs::write(&path, "# Title\n{% if x %}unclosed\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    bin()
        .args(["report", SAMPLE, "--format", "md"])
        .args(["--out", out.path().to_str().unwrap()])
        .args(["--templates", firm.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "template {}",
            path.display()
        )))
        .stderr(predicate::str::contains("3:1"));
    assert!(files(out.path()).is_empty(), "no partial report set");
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    bin()
        .args(["report", SAMPLE, "--format", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown report format `pdf`: expected html, md or json",
        ));
}

#[test]
fn demo_writes_html_markdown_and_json_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let eng = dir.path().join("acme");
    bin()
        .args(["demo", eng.to_str().unwrap()])
        .assert()
        .success();
    for lang in ["fr", "en"] {
        let reports = eng.join("reports").join(lang);
        for f in [
            "report.html",
            "report.md",
            "assessment.json",
            "chart-radar.svg",
        ] {
            assert!(reports.join(f).is_file(), "{lang}/{f}");
        }
        let html = read(&reports.join("report.html"));
        assert!(html.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">")));
    }
}

/// Survey respondent ids and the notes they wrote, read from the sample's response files.
fn survey_ids_and_notes(dir: &Path) -> (Vec<String>, Vec<String>) {
    let (mut ids, mut notes) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(dir.join("responses")).unwrap() {
        let doc: toml::Table = read(&entry.unwrap().path()).parse().unwrap();
        if doc["respondent"]["channel"].as_str() != Some("survey") {
            continue;
        }
        ids.push(doc["respondent"]["id"].as_str().unwrap().to_string());
        for answer in doc["answers"].as_table().unwrap().values() {
            if let Some(note) = answer.get("note").and_then(|n| n.as_str()) {
                notes.push(note.to_string());
            }
        }
    }
    (ids, notes)
}

#[test]
fn survey_answers_appear_only_as_aggregates_of_large_enough_groups() {
    let (ids, notes) = survey_ids_and_notes(Path::new(SAMPLE));
    assert!(
        ids.len() >= 5 && !notes.is_empty(),
        "the sample has a survey"
    );
    let out = tempfile::tempdir().unwrap();
    report(SAMPLE, out.path(), &["--format", "html,md", "--lang", "en"]);
    let html = read(&out.path().join("report.html"));
    let md = read(&out.path().join("report.md"));
    for text in [&html, &md] {
        for id in &ids {
            assert!(
                !contains_words(text, id),
                "survey respondent {id} is listed"
            );
        }
        for note in &notes {
            let start: String = note.chars().take(24).collect();
            assert!(!text.contains(&start), "survey note shown: {note}");
        }
        assert!(text.contains(&format!(
            "{} survey respondents, shown only as aggregates",
            ids.len()
        )));
        assert!(
            text.contains("Survey: "),
            "per-question aggregates are there"
        );
    }
    assert!(
        html.contains("class=\"dist share\">"),
        "distributions of large groups"
    );

    // The same engagement with a minimum group larger than the survey: only counts remain.
    let strict = tempfile::tempdir().unwrap();
    copy_without_notes(Path::new(SAMPLE), strict.path());
    let meta = strict.path().join("engagement.toml");
    let text = format!("{}\n[survey]\nmin_group_size = 50\n", read(&meta));
    std::fs::write(&meta, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    report(
        strict.path().to_str().unwrap(),
        out.path(),
        &["--format", "html", "--lang", "en"],
    );
    let html = read(&out.path().join("report.html"));
    assert!(html.contains("Fewer than 50 answers: details withheld to protect anonymity."));
    assert!(
        !html.contains("class=\"dist share\">"),
        "no distribution is shown"
    );
}

/// The HTML without the evidence appendix's tables of file paths.
fn without_path_tables(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<table class=\"paths\">") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("</table>")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// The Markdown without the rows of the evidence appendix's tables of file paths.
fn without_path_rows(md: &str) -> String {
    let mut out = String::new();
    let mut in_paths = false;
    for line in md.lines() {
        // The evidence appendix's paths, and the shared assets and templates of the map.
        if [
            "| Repository | Paths |",
            "| Dépôt | Chemins |",
            "| Kind | Target |",
            "| Type | Cible |",
            "| Template | Kind |",
            "| Modèle | Type |",
        ]
        .iter()
        .any(|h| line.starts_with(h))
        {
            in_paths = true;
        } else if !line.starts_with('|') {
            in_paths = false;
        }
        if !in_paths {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The text outside any parentheses (nested ones included).
fn outside_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

#[test]
fn explanations_name_questions_and_signals_by_their_words_not_their_ids() {
    // A dotted id (`adopt.reach`, `golden_paths.cookiecutter`) may only appear as a reference in
    // parentheses; the sentences themselves use the question's text and the catalogue's labels.
    let dotted = regex::Regex::new(r"\b[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b").unwrap();
    let dir = tempfile::tempdir().unwrap();
    for lang in ["fr", "en"] {
        let out = dir.path().join(lang);
        report(SAMPLE, &out, &["--lang", lang, "--format", "html,md"]);
        // File paths of the evidence appendix (`ci.yml`, `go.mod`) are names, not ids.
        let html = visible_text(&without_path_tables(&read(&out.join("report.html"))));
        let md = without_path_rows(&read(&out.join("report.md")));
        for (name, text) in [("report.html", html), ("report.md", md)] {
            let outside = outside_parentheses(&text);
            let bare: std::collections::BTreeSet<&str> =
                dotted.find_iter(&outside).map(|m| m.as_str()).collect();
            assert!(bare.is_empty(), "{lang}/{name} shows ids {bare:?}");
        }
        // The evidence sentences really are in the report, with their words.
        let md = read(&out.join("report.md"));
        let (question, category) = match lang {
            "fr" => (
                "«\u{a0}Comment démarre-t-on un nouveau service",
                "«\u{a0}Intégration continue\u{a0}»",
            ),
            _ => (
                "\"How is a new service started",
                "Continuous integration category",
            ),
        };
        assert!(md.contains(question) && md.contains(category), "{lang}");
    }
}

#[test]
fn a_coverage_of_zero_reads_as_none_of_the_repositories() {
    let zero = regex::Regex::new(r"(^|[^0-9,.])0 ?% (des|of) ").unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (lang, none) in [
        (
            "fr",
            "aucun des 8 dépôts ne montre «\u{a0}Détection de secrets\u{a0}»",
        ),
        ("en", "none of the 8 repositories shows Secret scanning"),
    ] {
        let out = dir.path().join(lang);
        report(SAMPLE, &out, &["--lang", lang, "--format", "md"]);
        let md = read(&out.join("report.md"));
        assert!(md.contains(none), "{lang}");
        assert!(!zero.is_match(&md), "{lang}");
    }
}

#[test]
fn the_evidence_section_lists_coverage_per_signal() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, row, missing) in [
        (
            "fr",
            "| Workflows GitHub Actions | Intégration continue | 3 | 38\u{a0}% |",
            "18 signaux du catalogue n'apparaissent dans aucun dépôt.",
        ),
        (
            "en",
            "| GitHub Actions workflows | Continuous integration | 3 | 38% |",
            "18 signals of the catalogue were found in no repository.",
        ),
    ] {
        let out = dir.path().join(lang);
        report(SAMPLE, &out, &["--lang", lang, "--format", "html,md"]);
        let md = read(&out.join("report.md"));
        assert!(md.contains(row) && md.contains(missing), "{lang}");
        // A signal no repository shows is counted, not listed.
        let absent = if lang == "fr" {
            "| Pipeline Tekton"
        } else {
            "| Tekton"
        };
        assert!(!md.contains(absent), "{lang}");
        let html = visible_text(&read(&out.join("report.html")));
        assert!(html.contains(missing), "{lang}");
        let name = row.split(" | ").next().unwrap().trim_start_matches("| ");
        assert!(html.contains(name), "{lang}");
    }
}

/// The evidence appendix names the files behind every corroborated or contradicted claim, and
/// the map of what the client already has says what each golden-path template ships, in both
/// languages.
#[test]
fn the_evidence_appendix_lists_the_paths_behind_each_claim() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, heading, claim, golden) in [
        (
            "en",
            "#### Paths behind each claim",
            "**corroborated** — How is a new service started (repository, pipeline, deployment)?\n\n| Repository | Paths |\n|---|---|\n| backstage-templates | catalog-info.yaml, templates/python-job/cookiecutter.json, templates/java-service/template.yaml |\n| billing-service | catalog-info.yaml |\n",
            "| backstage-templates templates/java-service/template.yaml | Backstage scaffolder template | Backstage catalog entity, GitHub Actions workflows, Container image build (Dockerfile, Containerfile) |",
        ),
        (
            "fr",
            "#### Chemins à l'appui de chaque constat",
            "| Dépôt | Chemins |\n|---|---|\n| backstage-templates | catalog-info.yaml, templates/python-job/cookiecutter.json, templates/java-service/template.yaml |\n| billing-service | catalog-info.yaml |\n",
            "### Modèles de projet et ce qu'ils apportent",
        ),
    ] {
        let out = dir.path().join(lang);
        report(SAMPLE, &out, &["--lang", lang, "--format", "html,md"]);
        let md = read(&out.join("report.md"));
        for expected in [heading, claim, golden] {
            assert!(md.contains(expected), "{lang}: {expected}\n{md}");
        }
        // Template payloads are not practice: the skeleton's files back no claim.
        let claims = &md[md.find(heading).unwrap()..];
        assert!(!claims.contains("skeleton/"), "{lang}");
        let html = visible_text(&read(&out.join("report.html")));
        assert!(html.contains(heading.trim_start_matches("#### ")), "{lang}");
        assert!(
            html.contains("templates/python-job/cookiecutter.json, templates/java-service/template.yaml"),
            "{lang}"
        );
    }
}

/// Headings (level, text) whose section, up to the next heading of the same or a higher level,
/// holds nothing but headings. `sections` lists (level, heading text, section body).
fn empty_sections(sections: &[(usize, String, String)]) -> Vec<String> {
    sections
        .iter()
        .enumerate()
        .filter(|(i, (level, _, _))| {
            let below = sections[i + 1..].iter().take_while(|(l, _, _)| l > level);
            std::iter::once(&sections[*i])
                .chain(below)
                .all(|(_, _, body)| body.trim().is_empty())
        })
        .map(|(_, (level, text, _))| format!("h{level} {text}"))
        .collect()
}

fn markdown_sections(md: &str) -> Vec<(usize, String, String)> {
    let mut out: Vec<(usize, String, String)> = Vec::new();
    for line in md.lines() {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if hashes > 0 && line[hashes..].starts_with(' ') {
            out.push((hashes, line[hashes + 1..].to_string(), String::new()));
        } else if let Some(last) = out.last_mut() {
            last.2.push_str(line);
            last.2.push('\n');
        }
    }
    out
}

fn html_sections(html: &str) -> Vec<(usize, String, String)> {
    let heading = regex::Regex::new(r"(?s)<h([1-6])[^>]*>(.*?)</h[1-6]>").unwrap();
    let body = html.split("<body").nth(1).unwrap_or(html);
    let found: Vec<_> = heading.captures_iter(body).collect();
    found
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let whole = c.get(0).unwrap();
            let end = found
                .get(i + 1)
                .map_or(body.len(), |n| n.get(0).unwrap().start());
            (
                c[1].parse().unwrap(),
                visible_text(&c[2]).trim().to_string(),
                visible_text(&body[whole.end()..end]),
            )
        })
        .collect()
}

#[test]
fn an_engagement_without_answers_renders_no_empty_section() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["fr", "en"] {
        let eng = dir.path().join(lang);
        bin()
            .args([
                "init",
                eng.to_str().unwrap(),
                "--client",
                "X",
                "--lang",
                lang,
            ])
            .assert()
            .success();
        let out = eng.join("reports");
        report(eng.to_str().unwrap(), &out, &["--format", "html,md"]);
        let md = read(&out.join("report.md"));
        let html = read(&out.join("report.html"));
        let empty_md = empty_sections(&markdown_sections(&md));
        let sections = html_sections(&html);
        assert!(sections.len() > 10, "{lang}: headings are found");
        let empty_html = empty_sections(&sections);
        assert!(empty_md.is_empty(), "{lang} md: {empty_md:?}");
        assert!(empty_html.is_empty(), "{lang} html: {empty_html:?}");
        let none = if lang == "fr" {
            "Aucune réponse n'est encore enregistrée"
        } else {
            "No answer is recorded yet"
        };
        assert!(
            md.contains(none) && visible_text(&html).contains(none),
            "{lang}"
        );
        // The board pack of an engagement without answers has no empty heading either.
        let board = eng.join("board");
        report(
            eng.to_str().unwrap(),
            &board,
            &["--format", "html,md", "--profile", "board"],
        );
        let md = read(&board.join("report.md"));
        let html = read(&board.join("report.html"));
        let empty_md = empty_sections(&markdown_sections(&md));
        let empty_html = empty_sections(&html_sections(&html));
        assert!(empty_md.is_empty(), "{lang} board md: {empty_md:?}");
        assert!(empty_html.is_empty(), "{lang} board html: {empty_html:?}");
    }
    // The check itself: a heading followed only by a sub-heading with nothing is empty.
    let sample = markdown_sections("# A\ntext\n## B\n### C\n\n## D\nmore\n");
    assert_eq!(empty_sections(&sample), ["h2 B", "h3 C"]);
}

#[test]
fn counts_agree_with_their_nouns_and_headings_say_what_is_under_them() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, one, wrong) in [
        ("fr", "Sondage\u{a0}: 1 réponse |", "1 réponses"),
        ("en", "Survey: 1 answer |", "1 answers"),
    ] {
        let out = dir.path().join(lang);
        report(SAMPLE, &out, &["--lang", lang, "--format", "html,md"]);
        let md = read(&out.join("report.md"));
        assert!(md.contains(one.trim_end_matches(" |")), "{lang}");
        assert!(!md.contains(wrong) && !md.contains("(s)"), "{lang}");
        let html = visible_text(&read(&out.join("report.html")));
        assert!(!html.contains(wrong) && !html.contains("(s)"), "{lang}");
        // No two sections of the same level share a heading.
        let mut seen = std::collections::BTreeSet::new();
        for (level, text, _) in markdown_sections(&md) {
            assert!(
                seen.insert((level, text.clone())),
                "{lang}: heading `{text}` twice"
            );
        }
        // An anti-pattern names the answer that fired it.
        let fired = match lang {
            "fr" => "«\u{a0}Elle fait barrière entre développement et exploitation et traite des tickets\u{a0}» — 1 réponse sur 1",
            _ => "\"It is a gate between development and operations that works from tickets\" — 1 answer out of 1",
        };
        assert!(md.contains(fired), "{lang}");
    }
}

#[test]
fn the_dora_bands_chart_names_the_clusters_of_the_table_used_for_scoring() {
    // A practice's own band table (--data) names its clusters; the chart must use those names,
    // not the embedded table's.
    let data = tempfile::tempdir().unwrap();
    let table = std::fs::read_to_string("data/dora.toml").unwrap().replacen(
        "en = \"Low performance\"",
        "en = \"Lagging\"",
        1,
    );
    assert!(table.contains("Lagging"));
    std::fs::write(data.path().join("dora.toml"), table).unwrap();
    let out = tempfile::tempdir().unwrap();
    report(
        SAMPLE,
        out.path(),
        &[
            "--lang",
            "en",
            "--format",
            "md",
            "--data",
            data.path().to_str().unwrap(),
        ],
    );
    let svg = read(&out.path().join("chart-dora_bands.svg"));
    assert!(svg.contains("Lagging") && !svg.contains("Low"), "{svg}");
}

#[test]
fn a_templates_path_that_is_not_a_folder_is_a_usage_error() {
    let out = tempfile::tempdir().unwrap();
    bin()
        .args(["report", SAMPLE, "--out", out.path().to_str().unwrap()])
        .args(["--templates", "README.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--templates README.md: not a folder",
        ));
    assert!(files(out.path()).is_empty());
}

#[test]
fn demo_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    bin()
        .args(["demo", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not empty; the demo writes into a new or empty folder",
        ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Puts `payload` in front of every `fr` and `en` text of a TOML file.
fn poisoned(path: &str, payload: &str) -> String {
    read(Path::new(path))
        .replace("fr = \"", &format!("fr = \"{payload}"))
        .replace("en = \"", &format!("en = \"{payload}"))
}

#[test]
fn d1_1_questionnaire_framework_and_data_texts_are_escaped_in_the_markdown_report() {
    let payload = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    let tmp = tempfile::tempdir().unwrap();
    let (qdir, ddir, out) = (
        tmp.path().join("q"),
        tmp.path().join("d"),
        tmp.path().join("out"),
    );
    std::fs::create_dir_all(&qdir).unwrap();
    std::fs::create_dir_all(&ddir).unwrap();
    for name in [
        "framework.toml",
        "cncf-maturity.toml",
        "dora.toml",
        "organisation.toml",
        "space-survey.toml",
        "success-keys.toml",
    ] {
        let text = poisoned(&format!("questionnaires/{name}"), payload);
        std::fs::write(qdir.join(name), text).unwrap();
    }
    for name in [
        "scoring.toml",
        "dora.toml",
        "topology.toml",
        "antipatterns.toml",
    ] {
        let text = poisoned(&format!("data/{name}"), payload);
        std::fs::write(ddir.join(name), text).unwrap();
    }
    for lang in ["fr", "en"] {
        bin()
            .arg("--questionnaires")
            .arg(&qdir)
            .args(["report", SAMPLE, "--format", "md,html", "--lang", lang])
            .arg("--out")
            .arg(&out)
            .arg("--data")
            .arg(&ddir)
            .assert()
            .success();
        let md = read(&out.join("report.md"));
        // The payload reached the report (escaped), in many fields…
        let shown = md.matches("&lt;img src=x onerror=alert(1)&gt;").count();
        assert!(shown > 100, "{lang}: only {shown} escaped payloads");
        // …and never as raw HTML.
        assert_eq!(md.matches("<img").count(), 0, "{lang}");
        assert_eq!(md.matches("<script").count(), 0, "{lang}");
        let html = read(&out.join("report.html"));
        assert_eq!(html.matches("<img src=x").count(), 0, "{lang}");
        assert_eq!(html.matches("<script>alert").count(), 0, "{lang}");
    }
}

#[test]
fn d1_2_a_note_link_with_a_pipe_keeps_its_table_row_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let eng = tmp.path().join("e");
    std::fs::create_dir_all(eng.join("responses")).unwrap();
    std::fs::copy(
        Path::new(SAMPLE).join("engagement.toml"),
        eng.join("engagement.toml"),
    )
    .unwrap();
    std::fs::write(
        eng.join("responses/r1.toml"),
        "[respondent]\nid = \"r1\"\nrole = \"developer\"\nchannel = \"self\"\n\n[answers]\n\"inv.staffing\" = { value = 2, note = \"[a](http://x|y) tail\" }\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    report(
        eng.to_str().unwrap(),
        &out,
        &["--format", "md", "--lang", "en"],
    );
    let md = read(&out.join("report.md"));
    let row = md
        .lines()
        .find(|l| l.contains("tail"))
        .unwrap_or_else(|| panic!("no row holds the note:\n{md}"));
    let cells = row
        .char_indices()
        .filter(|&(i, c)| c == '|' && !row[..i].ends_with('\\'))
        .count();
    assert_eq!(cells, 5, "{row}");
    assert!(row.contains("[a](<http://x%7Cy>) tail |"), "{row}");
}

/// A rule with two conditions on one question (a level between two bounds) lists that question
/// once among what triggered it.
#[test]
fn an_anti_pattern_lists_each_triggering_fact_once() {
    let out = tempfile::tempdir().unwrap();
    report(SAMPLE, out.path(), &["--lang", "en", "--format", "md"]);
    let md = read(&out.path().join("report.md"));
    let line = "Why do teams use the platform rather than their own solutions? — level 2.0";
    assert_eq!(md.matches(line).count(), 1, "{md}");
}

/// Issue 18: without `--out`, each language has its own folder, `DIR/reports/LANG/`, so an
/// English report never writes over the French one.
#[test]
fn each_language_is_written_to_its_own_folder_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let eng = dir.path().join("acme");
    copy_tree(Path::new(SAMPLE), &eng);
    for lang in ["fr", "en"] {
        bin()
            .args(["report", eng.to_str().unwrap(), "--format", "md"])
            .args(["--lang", lang])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "reports/{lang}/report.md"
            )));
    }
    let fr = read(&eng.join("reports/fr/report.md"));
    let en = read(&eng.join("reports/en/report.md"));
    assert!(fr.contains("Synthèse") && en.contains("Executive summary"));
    assert!(!eng.join("reports/report.md").exists());
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// Issue 18: an engagement whose answers all come from one respondent. Its strong aspect
/// (Investment, every answer at 4) must not be a strength, and its recommendations (Adoption, every
/// answer at 1) must not be cited in the summary: both rest on a single source.
fn single_respondent_engagement(dir: &Path) -> std::path::PathBuf {
    let eng = dir.join("one");
    bin()
        .args([
            "init",
            eng.to_str().unwrap(),
            "--client",
            "Solo",
            "--lang",
            "en",
        ])
        .args(["--questionnaire", "cncf-maturity"])
        .assert()
        .success();
    let mut answers = String::new();
    for (q, v) in [
        ("inv.staffing", 4),
        ("inv.funding", 4),
        ("inv.product_management", 4),
        ("inv.capacity", 4),
        ("adopt.discovery", 1),
        ("adopt.motivation", 1),
        ("adopt.reach", 1),
        ("adopt.onboarding", 1),
    ] {
        answers.push_str(&format!("\"{q}\" = {{ value = {v} }}\n"));
    }
    std::fs::write(
        eng.join("responses/solo.toml"),
        format!("[respondent]\nid = \"solo\"\nrole = \"leadership\"\nchannel = \"interview\"\n\n[answers]\n{answers}"),
    )
    .unwrap();
    eng
}

#[test]
fn a_single_source_is_never_a_strength_nor_a_first_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    let eng = single_respondent_engagement(dir.path());
    let out = dir.path().join("out");
    report(eng.to_str().unwrap(), &out, &["--format", "md"]);
    let md = read(&out.join("report.md"));
    let summary =
        &md[md.find("## Executive summary").unwrap()..md.find("## Maturity grid").unwrap()];
    assert!(
        summary.contains("No axis resting on more than one source has yet reached its target"),
        "{summary}"
    );
    assert!(
        !summary.contains("### First five recommendations"),
        "{summary}"
    );
    assert!(
        summary.contains("No recommendation rests on more than one source yet"),
        "{summary}"
    );
    // Every risk it cites on that evidence carries the flag, and so does every ranked line.
    let risks = &summary[summary.find("### Risks").unwrap()..];
    for line in risks.lines().filter(|l| l.starts_with(char::is_numeric)) {
        assert!(line.contains("single source"), "{line}");
    }
    let ranked = &md[md.find("## Ranked recommendations").unwrap()..];
    let rows: Vec<&str> = ranked.lines().filter(|l| l.starts_with("| 1")).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|l| l.contains("single source")), "{rows:?}");
}

/// Issue 18: the board pack shows its six sections; the appendix, when asked for with
/// `--sections`, names roles, not people, unless `--attribution names` says otherwise.
#[test]
fn the_board_pack_keeps_its_sections_and_names_roles() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("board");
    report(
        SAMPLE,
        &out,
        &["--format", "md", "--lang", "en", "--profile", "board"],
    );
    let md = read(&out.join("report.md"));
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Executive summary",
            "## Maturity grid",
            "## Charts",
            "## What friction costs, what a platform can return",
            "## Initiatives",
            "## Methodology"
        ]
    );
    assert_eq!(md.matches("](chart-").count(), 4, "at most four charts");
    let initiatives =
        &md[md.find("\n## Initiatives\n").unwrap()..md.find("\n## Methodology\n").unwrap()];
    let count = initiatives.matches("\n### ").count();
    assert!((5..=9).contains(&count), "{count} initiatives");

    let roles = dir.path().join("roles");
    report(
        SAMPLE,
        &roles,
        &[
            "--format",
            "md",
            "--lang",
            "en",
            "--profile",
            "board",
            "--sections",
            "respondents,answers",
        ],
    );
    let md = read(&roles.join("report.md"));
    assert!(md.contains("## Appendix") && !md.contains("## Executive summary"));
    for id in ["platform-lead", "dev-payments", "security-lead"] {
        assert!(!md.contains(id), "{id} is named in a board pack");
    }
    assert!(md.contains("Platform team 1"), "{md}");
    let names = dir.path().join("names");
    report(
        SAMPLE,
        &names,
        &[
            "--format",
            "md",
            "--lang",
            "en",
            "--sections",
            "respondents",
            "--attribution",
            "names",
        ],
    );
    assert!(read(&names.join("report.md")).contains("platform-lead"));
    let none = dir.path().join("none");
    report(
        SAMPLE,
        &none,
        &[
            "--format",
            "md",
            "--lang",
            "en",
            "--sections",
            "answers",
            "--attribution",
            "none",
        ],
    );
    let md = read(&none.join("report.md"));
    assert!(!md.contains("platform-lead") && md.contains("not named"));
}

#[test]
fn an_unknown_section_or_profile_is_a_usage_error() {
    bin()
        .args(["report", SAMPLE, "--sections", "summary,cover-letter"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown report section `cover-letter`",
        ));
    bin()
        .args(["report", SAMPLE, "--profile", "deck"])
        .assert()
        .code(2);
}

/// Issue 18: initiatives.toml given with `--data` is checked at load: a dependency cycle is
/// named with its file, line and column, and nothing is written.
#[test]
fn a_dependency_cycle_in_the_initiatives_fails_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let text = read(Path::new("data/initiatives.toml")).replacen(
        "depends_on = []",
        "depends_on = [\"ai\"]",
        1,
    );
    std::fs::write(data.join("initiatives.toml"), text).unwrap();
    let out = dir.path().join("out");
    bin()
        .args(["report", SAMPLE, "--out", out.to_str().unwrap()])
        .args(["--data", data.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("initiatives.toml:"))
        .stderr(predicate::str::contains("dependencies form a cycle"));
    assert!(!out.join("report.html").exists());
}
