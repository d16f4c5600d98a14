//! Field work end to end on the sample engagement: a person who answers several questionnaires by
//! form keeps every answer, and `--replace` touches only the questionnaire imported.

mod common;

use common::{bin, sample, success_output, survey_count};
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A filled CSV form: `id,answer` rows.
fn form(dir: &Path, name: &str, rows: &[(&str, &str)]) -> PathBuf {
    let path = dir.join(name);
    let mut text = String::from("id,answer\n");
    for (id, answer) in rows {
        text.push_str(&format!("{id},{answer}\n"));
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn import(dir: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .args([
            "form",
            "import",
            s(dir),
            s(file),
            "--respondent",
            "Zoé Martin",
            "--role",
            "developer",
        ])
        .args(extra)
        .output()
        .unwrap()
}

/// The answers of a response file: question id → value (`?` for don't know).
fn answers(path: &Path) -> Vec<(String, String)> {
    let file: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    file["answers"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(id, a)| {
            let v = a.get("value").map_or("?".to_string(), |v| v.to_string());
            (id.clone(), v)
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_second_questionnaire_by_form_joins_the_first_and_replace_touches_only_its_own() {
    let (_tmp, dir) = sample();
    let zoe = dir.join("responses/zoe-martin.toml");
    let cncf = form(
        &dir,
        "cncf.csv",
        &[("inv.staffing", "2"), ("inv.funding", "3")],
    );
    let keys = form(&dir, "keys.csv", &[("sk.product.management", "2")]);
    for file in [&cncf, &keys] {
        let out = import(&dir, file, &[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        answers(&zoe),
        pairs(&[
            ("inv.funding", "3"),
            ("inv.staffing", "2"),
            ("sk.product.management", "2")
        ])
    );

    // The same questionnaire again: refused, and the message offers only what keeps the rest.
    let again = form(&dir, "cncf2.csv", &[("inv.staffing", "4")]);
    let out = import(&dir, &again, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("already answered cncf-maturity in")
            && stderr.contains(
                "--replace replaces their answers to cncf-maturity only, and keeps the others"
            ),
        "{stderr}"
    );

    // --replace: cncf-maturity's answers are now the new form's; success-keys' are untouched.
    let out = import(&dir, &again, &["--replace"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        answers(&zoe),
        pairs(&[("inv.staffing", "4"), ("sk.product.management", "2")])
    );
}

#[test]
fn a_form_is_never_merged_into_an_interview_or_another_role() {
    let (_tmp, dir) = sample();
    success_output(
        bin()
            .args([
                "interview",
                s(&dir),
                "--questionnaire",
                "cncf-maturity",
                "--respondent",
                "Zoé Martin",
                "--role",
                "developer",
                "--batch",
            ])
            .write_stdin("2\nq\n"),
    );
    let keys = form(&dir, "keys.csv", &[("sk.product.management", "2")]);
    for extra in [&[][..], &["--replace"][..]] {
        let out = import(&dir, &keys, extra);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("already has answers from the `interview` channel")
                && stderr.contains("import it under another name (--respondent)"),
            "{stderr}"
        );
    }
    assert_eq!(
        answers(&dir.join("responses/zoe-martin.toml")),
        pairs(&[("inv.staffing", "2")])
    );
    let (_tmp2, dir) = sample();
    let cncf = form(&dir, "cncf.csv", &[("inv.staffing", "2")]);
    assert!(import(&dir, &cncf, &[]).status.success());
    let out = bin()
        .args([
            "form",
            "import",
            s(&dir),
            s(&keys_in(&dir)),
            "--respondent",
            "Zoé Martin",
            "--role",
            "platform",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("answered as `developer`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn keys_in(dir: &Path) -> PathBuf {
    form(dir, "keys.csv", &[("sk.product.management", "2")])
}

/// A survey export in the shape Google Forms writes: a timestamp, the role in words, a question
/// whose text was retyped in the form (a typo, no question mark), and one the form's author
/// shortened beyond recognition.
const NEAR_MISS: &str = "Timestamp,Votre rôle,How do team discover the platforms tools and start using them,Q7\n2026/10/20 9:12:00 AM,Dev,3,2\n2026/10/20 9:40:00 AM,Ops,2,3\n";

#[test]
fn a_near_miss_survey_header_names_the_closest_question_and_a_mapping_is_drafted() {
    let (_tmp, dir) = sample();
    let export = dir.join("google.csv");
    std::fs::write(&export, NEAR_MISS).unwrap();
    let out = bin()
        .args(["form", "import", s(&dir), s(&export), "--role", "developer"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("google.csv:1:3: column \"How do team discover the platforms tools and start using them\" matches no question")
            && stderr.contains("the closest: `adopt.discovery` (\"How do teams discover the platform's tools and start using them?\")"),
        "{stderr}"
    );

    let mapping = dir.join("mapping.toml");
    success_output(bin().args([
        "form",
        "import",
        s(&dir),
        s(&export),
        "--write-mapping",
        s(&mapping),
    ]));
    let draft = std::fs::read_to_string(&mapping).unwrap();
    let parsed: toml::Value = toml::from_str(&draft).unwrap();
    let columns = &parsed["columns"];
    assert_eq!(columns["Timestamp"].as_str(), Some("@ignore"));
    assert_eq!(columns["Votre rôle"].as_str(), Some("@role"));
    assert_eq!(
        columns["How do team discover the platforms tools and start using them"].as_str(),
        Some("adopt.discovery")
    );
    assert_eq!(columns["Q7"].as_str(), Some("@ignore"));
    assert!(draft.contains("# CHECK: the closest question"), "{draft}");
    // Nothing was imported.
    assert!(!std::fs::read_dir(dir.join("responses")).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("survey-")));

    // Checked (roles mapped) and passed back: the export imports.
    std::fs::write(
        &mapping,
        format!("{draft}\n[roles]\n\"Dev\" = \"developer\"\n\"Ops\" = \"operations\"\n"),
    )
    .unwrap();
    let out = success_output(bin().args([
        "form",
        "import",
        s(&dir),
        s(&export),
        "--mapping",
        s(&mapping),
    ]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 new rows written to"));
}

/// The questions of a survey kit, in order: (text, answers offered).
fn kit_questions(kit: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in kit.lines() {
        if let Some((_, rest)) = line.split_once(". **") {
            if line.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                let mut parts = rest.split("** — ");
                let text = parts.next().unwrap().to_string();
                // A number question lists no answers: the survey tool takes a number.
                let number = parts
                    .next()
                    .is_some_and(|k| k.starts_with("nombre") || k.starts_with("number"));
                let answers = if number {
                    vec!["3".to_string(), "5".to_string()]
                } else {
                    Vec::new()
                };
                out.push((text, answers));
                continue;
            }
        }
        if let Some(option) = line.strip_prefix("   - ") {
            out.last_mut().unwrap().1.push(option.to_string());
        }
    }
    out
}

/// A survey built in a survey tool from the kit comes back importable as it is: no mapping, no
/// --role, in French (the Microsoft Forms export shape: metadata columns first).
#[test]
fn a_survey_built_from_the_kit_imports_without_a_mapping() {
    let (_tmp, dir) = sample();
    let out = success_output(bin().args([
        "form",
        "export",
        s(&dir),
        "-q",
        "space-survey",
        "--format",
        "survey-kit",
        "--lang",
        "fr",
    ]));
    let path = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert!(
        path.ends_with("forms/space-survey.fr.survey-kit.md"),
        "{}",
        path.display()
    );
    let questions = kit_questions(&std::fs::read_to_string(&path).unwrap());
    assert!(
        questions.len() > 30 && questions[0].0 == "Votre rôle",
        "{questions:?}"
    );

    // What the survey tool exports: its own columns, then one per question, the answers picked
    // from the kit's lists (a free-text question gets a sentence).
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["ID".to_string(), "Heure de début".to_string()];
    header.extend(questions.iter().map(|(text, _)| text.clone()));
    csv.write_record(&header).unwrap();
    const ROWS: usize = 7;
    for row in 0..ROWS {
        let mut record = vec![row.to_string(), "2026-11-02 10:00".to_string()];
        for (i, (_, answers)) in questions.iter().enumerate() {
            record.push(if answers.is_empty() {
                "Des revues plus rapides".to_string()
            } else {
                answers[(row + i) % answers.len()].clone()
            });
        }
        csv.write_record(&record).unwrap();
    }
    let export = dir.join("forms-export.csv");
    std::fs::write(&export, csv.into_inner().unwrap()).unwrap();

    let before = survey_count(&dir);
    success_output(bin().args(["form", "import", s(&dir), s(&export)]));
    assert_eq!(survey_count(&dir), before + ROWS as u64);
}

/// A survey export in the shape Google Forms writes it: a timestamp and an e-mail column, every
/// answer stored as text (numbers too), the question texts as headers, and the checkbox question
/// of the SPACE survey (`dx.friction_sources`), whose answers Google Forms joins with commas in
/// one cell (a blank cell when nothing was ticked).
fn google_forms(deploy_cells: [&str; 3]) -> String {
    let header = [
        "Timestamp",
        "Email Address",
        "Your role",
        "For the primary application or service you work on, how often is code deployed to production?",
        "My day-to-day work is satisfying.",
        "In a typical week, how many hours do you lose waiting: for an environment, a review, a build, an approval?",
        "What slows you down most in a typical week? Tick all that apply.",
    ];
    let rows = [
        [
            "2026/10/20 9:12:00 AM",
            "dev1@acme.example",
            "Developers",
            "4",
            "3",
            "Waiting for a code review, Flaky tests",
        ],
        [
            "2026/10/20 9:40:00 AM",
            "dev2@acme.example",
            "Developers",
            "Agree",
            "2,5",
            "",
        ],
        [
            "2026/10/21 8:02:00 AM",
            "ops@acme.example",
            "Operations",
            "2",
            "6",
            "Incidents and interruptions, Waiting for an environment or an access",
        ],
    ];
    let quoted = |cells: &[&str]| {
        cells
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(",")
            + "\n"
    };
    let mut csv = quoted(&header);
    for (row, deploy) in rows.iter().zip(deploy_cells) {
        let [time, mail, role, sat, hours, ticked] = row;
        csv.push_str(&quoted(&[time, mail, role, deploy, sat, hours, ticked]));
    }
    csv
}

#[test]
fn a_google_forms_export_with_a_checkbox_question_is_named_at_its_cells() {
    let (_tmp, dir) = sample();
    let before = survey_count(&dir);
    let export = dir.join("google.csv");
    // The deployment question was built with checkboxes: two respondents ticked two answers.
    std::fs::write(
        &export,
        google_forms([
            "Between once a day and once a week, Between once a week and once a month",
            "On demand (several deployments a day)",
            "Between once a day and once a week, Between once a week and once a month",
        ]),
    )
    .unwrap();
    let out = bin()
        .args(["form", "import", s(&dir), s(&export)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("google.csv:2:4: [dora.deploy_frequency] \"Between once a day and once a week, Between once a week and once a month\" holds several answers")
            && stderr.contains("this question takes one answer; make it a single-choice question in the survey")
            && stderr.contains("(the same in 1 more row: 4)"),
        "{stderr}"
    );
    assert_eq!(survey_count(&dir), before, "nothing imported");
    // A role the engagement does not know is said once, as such (not also as a missing role).
    let one_role = google_forms(["On demand (several deployments a day)"; 3])
        .replace("\"Operations\"", "\"Ops team\"");
    std::fs::write(&export, one_role).unwrap();
    let out = bin()
        .args(["form", "import", s(&dir), s(&export)])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("google.csv:4:3: unknown role \"Ops team\"")
            && stderr.matches("google.csv:").count() == 1
            && !stderr.contains("the role cell is empty"),
        "{stderr}"
    );

    // Built again with one answer per question: it imports as it is, numbers written as text
    // ("4", "2,5") included, the timestamp and e-mail left out.
    std::fs::write(
        &export,
        google_forms([
            "Between once a day and once a week",
            "On demand (several deployments a day)",
            "Between once a week and once a month",
        ]),
    )
    .unwrap();
    let out = success_output(bin().args(["form", "import", s(&dir), s(&export)]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .contains("3 respondents (survey, anonymous: no name kept): developer 2, operations 1"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("columns ignored, their content not kept: \"Timestamp\", \"Email Address\""),
        "{stdout}"
    );
    assert_eq!(survey_count(&dir), before + 3);
    let survey: Vec<_> = std::fs::read_dir(dir.join("responses"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    assert_eq!(survey.len(), 1);
    let text = std::fs::read_to_string(&survey[0]).unwrap();
    assert!(text.contains(",2.5,"), "{text}");
    // The checkbox question's cells, read as the choices ticked, in the question's order.
    assert!(text.contains(",\"reviews, flaky_tests\""), "{text}");
    assert!(text.contains(",\"environments, interruptions\""), "{text}");
    assert!(
        !text.contains("acme.example") && !text.contains("2026/10"),
        "{text}"
    );
}
