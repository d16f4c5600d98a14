//! `form export` and `form import` end to end: every format round-trips (export → fill
//! programmatically → import → `score --json` shows exactly the filled answers), survey exports
//! import anonymously, a later download of one only adds its new rows, and bad files get a precise
//! error and write nothing.

mod forms_common;

use forms_common::*;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn export(dir: &Path, format: &str, lang: &str) -> PathBuf {
    let out = success_stdout(bin().args([
        "form",
        "export",
        s(dir),
        "--questionnaire",
        "forms-test",
        "--format",
        format,
        "--lang",
        lang,
    ]));
    let path = PathBuf::from(String::from_utf8(out).unwrap().trim());
    assert_eq!(
        path,
        dir.join("forms")
            .join(format!("forms-test.{lang}.{format}"))
    );
    path
}

/// The answers a respondent writes in a form (cell text) and what scoring must then show.
fn filled(lang: &str) -> Vec<(&'static str, &'static str, Option<&'static str>, Got)> {
    let fr = lang == "fr";
    vec![
        (
            "ft.level",
            "3 - Évolutif",
            Some("Ticket « urgent »; 2 jours"),
            v(3),
        ),
        (
            "ft.choice",
            if fr { "Chaque semaine" } else { "Every week" },
            None,
            v("weekly"),
        ),
        ("ft.number", if fr { "12,5" } else { "12.5" }, None, v(12.5)),
        (
            "ft.likert",
            if fr { "Plutôt d'accord" } else { "Agree" },
            None,
            v(4),
        ),
        ("ft.yesno", "?", Some("à vérifier"), Got::DontKnow),
        (
            "ft.text",
            "<script>alert(1)</script>, \"quoted\"",
            None,
            v("<script>alert(1)</script>, \"quoted\""),
        ),
        // Several choices in one cell, in any order: kept in the question's order.
        (
            "ft.multi",
            if fr {
                "Une validation, Une revue"
            } else {
                "An approval; review"
            },
            None,
            v(vec!["review", "approval"]),
        ),
    ]
}

fn assert_scored(dir: &Path, respondent: &str, lang: &str) {
    let scored = scored(dir);
    for (qid, _, note, expected) in filled(lang) {
        let got = &scored[qid][respondent];
        assert_eq!(got.0, expected, "{qid}");
        assert_eq!(got.1.as_deref(), note, "{qid}");
    }
}

fn import(dir: &Path, files: &[&Path], extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = bin();
    cmd.args(["form", "import", s(dir)]);
    for f in files {
        cmd.arg(f);
    }
    cmd.args(extra).assert()
}

#[test]
fn csv_round_trip_in_both_languages() {
    for (lang, delimiter) in [("fr", b';'), ("en", b',')] {
        let (_tmp, dir) = engagement();
        let path = export(&dir, "csv", lang);
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
        assert!(String::from_utf8_lossy(&bytes).contains("\r\n"), "CRLF");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(&bytes[3..]);
        let header = reader.headers().unwrap().clone();
        assert_eq!(header.len(), 6);
        let answers: BTreeMap<_, _> = filled(lang)
            .into_iter()
            .map(|(q, a, n, _)| (q, (a, n)))
            .collect();
        let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(&mut out);
            w.write_record(&header).unwrap();
            for row in reader.records() {
                let mut row: Vec<String> = row.unwrap().iter().map(str::to_string).collect();
                let (answer, note) = answers[row[0].as_str()];
                row[4] = answer.to_string();
                row[5] = note.unwrap_or_default().to_string();
                w.write_record(&row).unwrap();
            }
        }
        let filled_path = dir.join("filled.csv");
        std::fs::write(&filled_path, out).unwrap();
        import(
            &dir,
            &[&filled_path],
            &["--respondent", "Zoé Martin", "--role", "developer"],
        )
        .success()
        .stdout(predicate::str::contains("responses/zoe-martin.toml"));
        assert_scored(&dir, "zoe-martin", lang);
    }
}

#[test]
fn xlsx_round_trip_with_drop_downs() {
    use calamine::{Data, Reader, Xlsx};
    let (_tmp, dir) = engagement();
    let path = export(&dir, "xlsx", "fr");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Formulaire", "Listes"]);
    let range = book.worksheet_range("Formulaire").unwrap();
    let lists = book.worksheet_range("Listes").unwrap();
    // Every drop-down entry is an answer the import accepts: the first list is the level's.
    assert_eq!(
        lists.get((0, 0)),
        Some(&Data::String("1 - Provisoire".into()))
    );
    let answers: BTreeMap<_, _> = filled("fr")
        .into_iter()
        .map(|(q, a, n, _)| (q, (a, n)))
        .collect();
    // Fill: the same cells, plus answers and notes, written as a new workbook (as a spreadsheet
    // program saves it).
    let mut out = rust_xlsxwriter::Workbook::new();
    let sheet = out.add_worksheet();
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let Data::String(text) = cell {
                sheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
        if r > 0 {
            let Data::String(id) = &row[0] else {
                panic!("row {r} has no id")
            };
            let (answer, note) = answers[id.as_str()];
            if id == "ft.number" {
                // A spreadsheet stores a typed number as a number.
                sheet.write_number(r as u32, 4, 12.5).unwrap();
            } else {
                sheet.write_string(r as u32, 4, answer).unwrap();
            }
            if let Some(n) = note {
                sheet.write_string(r as u32, 5, n).unwrap();
            }
        }
    }
    let filled_path = dir.join("filled.xlsx");
    out.save(&filled_path).unwrap();
    import(
        &dir,
        &[&filled_path],
        &["--respondent", "Zoé Martin", "--role", "developer"],
    )
    .success();
    assert_scored(&dir, "zoe-martin", "fr");

    // The xlsx carries data validation on the answer cells.
    let raw = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(raw)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<dataValidations count=\"5\""), "{xml}");
    assert!(xml.contains("type=\"list\""));
    assert!(xml.contains("type=\"decimal\""));
}

#[test]
fn exports_are_deterministic() {
    let (_tmp, dir) = engagement();
    for format in ["csv", "xlsx", "html"] {
        let path = export(&dir, format, "en");
        let first = std::fs::read(&path).unwrap();
        export(&dir, format, "en");
        assert_eq!(first, std::fs::read(&path).unwrap(), "{format}");
    }
}

#[test]
fn html_download_imports_and_a_second_import_is_refused() {
    let (_tmp, dir) = engagement();
    let download = dir.join("forms-test-zoe.toml");
    std::fs::write(
        &download,
        "# forms-test 1.0.0 — platform-audit form\n[respondent]\nid = \"zoe\"\nname = \"Zoé\"\nrole = \"developer\"\nchannel = \"self\"\ndate = \"2026-11-20\"\n\n[answers]\n\"ft.level\" = { value = 2, note = \"a\\nb\" }\n\"ft.likert\" = { not_applicable = true }\n",
    )
    .unwrap();
    import(&dir, &[&download], &[]).success();
    let scored = scored(&dir);
    assert_eq!(scored["ft.level"]["zoe"], (v(2), Some("a\nb".into())));
    assert_eq!(scored["ft.likert"]["zoe"], (Got::NotApplicable, None));
    let before = responses(&dir);
    import(&dir, &[&download], &[])
        .code(1)
        .stderr(predicate::str::contains(
            "respondent `zoe` already answered forms-test in",
        ))
        .stderr(predicate::str::contains(
            "--replace replaces their answers to forms-test only, and keeps the others",
        ));
    assert_eq!(responses(&dir), before);
    import(&dir, &[&download], &["--replace"])
        .success()
        .stdout(predicate::str::contains("replaced"));
}

/// A Microsoft Forms–like export: metadata columns, question texts in French and English, an id.
fn survey_csv(rows: usize) -> String {
    survey_rows(0..rows)
}

/// The same export holding the given respondents (row `i` is always the same respondent), in the
/// order given: what a download of the survey at some point in time looks like.
fn survey_rows(rows: impl IntoIterator<Item = usize>) -> String {
    let mut s = String::from(
        "\u{feff}ID;Start time;Completion time;Email;Name;Comment une équipe obtient-elle un environnement ?;How often do you deploy to production?;ft.likert;ft.yesno\r\n",
    );
    let likert = [
        "Strongly disagree",
        "2",
        "Ni d'accord ni en désaccord",
        "Agree",
        "5",
    ];
    let choice = ["Every week", "daily", "Chaque mois"];
    for i in rows {
        s.push_str(&format!(
            "{};2026-11-0{} 09:00;2026-11-0{} 09:05;person{i}@globex.example;Person Number{i};{};{};{};{}\r\n",
            i + 1,
            i % 9 + 1,
            i % 9 + 1,
            i % 4 + 1,
            choice[i % 3],
            likert[i % 5],
            if i % 2 == 0 { "Oui" } else { "no" },
        ));
    }
    s
}

#[test]
fn wide_survey_imports_anonymously_once() {
    let (_tmp, dir) = engagement();
    let export = dir.join("survey.csv");
    std::fs::write(&export, survey_csv(7)).unwrap();
    import(&dir, &[&export], &["--role", "developer"])
        .success()
        .stdout(predicate::str::contains("7 respondents (survey, anonymous"))
        .stdout(predicate::str::contains(
            "columns ignored, their content not kept: \"ID\", \"Start time\", \"Completion time\", \"Email\", \"Name\"",
        ));
    // One survey file: a header and a row per respondent, with no name or metadata kept.
    let files = responses(&dir);
    assert_eq!(files.len(), 1);
    let (name, lines) = survey_file(&dir);
    assert!(
        name.starts_with("survey-") && name.ends_with(".csv"),
        "{name}"
    );
    assert_eq!(lines.len(), 8, "{lines:?}");
    assert!(
        lines[0].starts_with("respondent,role,ft.level,"),
        "{}",
        lines[0]
    );
    let text = lines.join("\n");
    assert!(
        !text.contains("Person") && !text.contains("globex.example") && !text.contains("2026-11"),
        "{text}"
    );
    let scored = scored(&dir);
    let levels: Vec<_> = scored["ft.level"].values().map(|a| a.0.clone()).collect();
    let mut expected: Vec<Got> = (0..7).map(|i| v(i % 4 + 1)).collect();
    let mut got = levels.clone();
    let key = |g: &Got| format!("{g:?}");
    expected.sort_by_key(key);
    got.sort_by_key(key);
    assert_eq!(got, expected);
    let mut likert: Vec<_> = scored["ft.likert"].values().map(|a| key(&a.0)).collect();
    likert.sort();
    let mut want: Vec<_> = [1, 2, 3, 4, 5, 1, 2].iter().map(|n| key(&v(*n))).collect();
    want.sort();
    assert_eq!(likert, want);
    assert_eq!(
        scored["ft.choice"]
            .values()
            .filter(|a| a.0 == v("weekly"))
            .count(),
        3
    );

    // The same export again is recognised and refused; --replace re-imports it in place.
    import(&dir, &[&export], &["--role", "developer"])
        .code(1)
        .stderr(predicate::str::contains(
            "this survey export was already imported (7 respondents",
        ));
    assert_eq!(responses(&dir), files);
    import(&dir, &[&export], &["--role", "developer", "--replace"])
        .success()
        .stdout(predicate::str::contains(
            "0 response files written, 1 replaced",
        ));
    assert_eq!(responses(&dir), files);
}

#[test]
fn wide_survey_xlsx_with_a_mapping_file() {
    let (_tmp, dir) = engagement();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "id",
        "submitdate",
        "Q1",
        "Q2",
        "Équipe",
        "Nom complet",
        "Q3",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        (1.0, "3", "Dev", "Ana", 4.0),
        (2.0, "Plutôt pas d'accord", "Plateforme", "Bo", 0.5),
        (3.0, "5", "dev", "Cy", 30.0),
    ];
    for (r, (id, likert, team, name, days)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_number(r, 0, *id).unwrap();
        sheet.write_string(r, 1, "2026-11-02").unwrap();
        sheet.write_number(r, 2, (r % 4 + 1) as f64).unwrap();
        sheet.write_string(r, 3, *likert).unwrap();
        sheet.write_string(r, 4, *team).unwrap();
        sheet.write_string(r, 5, *name).unwrap();
        sheet.write_number(r, 6, *days).unwrap();
    }
    let export = dir.join("limesurvey.xlsx");
    book.save(&export).unwrap();
    let mapping = dir.join("mapping.toml");
    std::fs::write(
        &mapping,
        "[columns]\n\"Q1\" = \"ft.level\"\n\"Q2\" = \"ft.likert\"\n\"Q3\" = \"ft.number\"\n\"Équipe\" = \"@role\"\n\"Nom complet\" = \"@respondent\"\n\n[roles]\n\"Dev\" = \"developer\"\n\"Plateforme\" = \"platform\"\n",
    )
    .unwrap();
    import(&dir, &[&export], &["--mapping", s(&mapping)])
        .success()
        .stdout(predicate::str::contains("names kept"));
    let (_, lines) = survey_file(&dir);
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("respondent,role,name,"), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.contains(",platform,Bo,")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains(",developer,Ana,")),
        "{lines:?}"
    );
    let scored = scored(&dir);
    let mut numbers: Vec<String> = scored["ft.number"]
        .values()
        .map(|a| format!("{:?}", a.0))
        .collect();
    numbers.sort();
    let mut want: Vec<String> = [4.0, 0.5, 30.0]
        .iter()
        .map(|n| format!("{:?}", v(*n)))
        .collect();
    want.sort();
    assert_eq!(numbers, want);
}

/// Each bad file: the command fails, names the file, row and column (or line), says what was
/// expected, and leaves the responses folder as it was.
#[test]
fn bad_forms_get_precise_errors_and_write_nothing() {
    let bad = Path::new("tests/fixtures/forms/bad");
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "unknown-question.csv",
            &["--respondent", "Zoé", "--role", "developer"],
            &["unknown-question.csv:3:1: [ft.nope] unknown question id"],
        ),
        (
            "out-of-range.csv",
            &["--respondent", "Zoé", "--role", "developer"],
            &[
                "out-of-range.csv:2:5: [ft.level] \"5\": expected a level from 1 to 4",
                "out-of-range.csv:4:5: [ft.number] \"400\": expected a number of at most 365",
                "out-of-range.csv:5:5: [ft.likert] \"Plutôt\": expected an agreement from 1 to 5",
                "3 problems found",
            ],
        ),
        (
            "duplicate-column.csv",
            &["--role", "developer"],
            &["duplicate-column.csv:1:3: duplicate column: \"How does a team get an environment?\" gives question `ft.level`, as does column 1 \"ft.level\""],
        ),
        (
            "wrong-delimiter.csv",
            &["--role", "developer"],
            &["wrong-delimiter.csv:1:1: the header row has a single column (it looks separated by tabs): expected columns separated by `,` or `;`"],
        ),
        (
            "truncated.csv",
            &["--role", "developer"],
            &["truncated.csv:4:4: 3 cells, expected 4 like the header: the file may be truncated"],
        ),
        (
            "unknown-column.csv",
            &["--role", "developer"],
            &[
                "unknown-column.csv:1:2: column \"ft.unknown\": unknown question id",
                "unknown-column.csv:1:3: column \"Team size\" matches no question of forms-test",
            ],
        ),
        (
            "truncated.toml",
            &[],
            &["truncated.toml:9:47: invalid basic string: expected the complete response file downloaded from the HTML form (is it truncated?)"],
        ),
        (
            "truncated.xlsx",
            &["--respondent", "Zoé", "--role", "developer"],
            &["truncated.xlsx: unreadable XLSX workbook"],
        ),
    ];
    for (file, args, messages) in cases {
        let (_tmp, dir) = engagement();
        std::fs::write(dir.join("responses/keep.toml"), "[respondent]\nid = \"keep\"\nrole = \"platform\"\nchannel = \"interview\"\n\n[answers]\n\"ft.level\" = { value = 1 }\n").unwrap();
        let before = responses(&dir);
        let path = bad.join(file);
        let out = {
            let mut cmd = bin();
            cmd.args(["form", "import", s(&dir), s(&path)]).args(*args);
            cmd.output().unwrap()
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file}: {stderr}");
        for m in *messages {
            assert!(stderr.contains(m), "{file}: expected «{m}» in\n{stderr}");
        }
        assert_eq!(responses(&dir), before, "{file} wrote something");
    }
}

#[test]
fn one_bad_file_among_good_ones_writes_nothing() {
    let (_tmp, dir) = engagement();
    let good = dir.join("survey.csv");
    std::fs::write(&good, survey_csv(3)).unwrap();
    let bad = Path::new("tests/fixtures/forms/bad/out-of-range.csv");
    import(&dir, &[&good, bad], &["--role", "developer"])
        .code(2)
        .stderr(predicate::str::contains("--respondent"));
    assert!(responses(&dir).is_empty());
    let bad = Path::new("tests/fixtures/forms/bad/truncated.csv");
    import(&dir, &[&good, bad], &["--role", "developer"]).code(1);
    assert!(responses(&dir).is_empty());
}

#[test]
fn missing_role_and_unknown_role_are_usage_errors() {
    let (_tmp, dir) = engagement();
    let good = dir.join("survey.csv");
    std::fs::write(&good, survey_csv(2)).unwrap();
    import(&dir, &[&good], &[])
        .code(1)
        .stderr(predicate::str::contains(
            "no role for the respondents: expected --role ROLE",
        ));
    import(&dir, &[&good], &["--role", "chef"])
        .code(2)
        .stderr(predicate::str::contains(
            "unknown role `chef`: expected one of",
        ));
    assert!(responses(&dir).is_empty());
}

#[test]
fn check_writes_nothing_and_names_small_groups() {
    let (_tmp, dir) = engagement();
    let export = dir.join("survey.csv");
    std::fs::write(&export, survey_csv(3)).unwrap();
    import(&dir, &[&export], &["--role", "developer", "--check"])
        .success()
        .stdout(predicate::str::contains("valid: 1 response file would be written"))
        .stdout(predicate::str::contains("3 respondents (survey, anonymous: no name kept): developer 3"))
        .stderr(predicate::str::contains(
            "survey.csv: roles with fewer respondents than the minimum group size (5, [survey] min_group_size), which reports will not show on their own: developer (3)",
        ));
    assert!(responses(&dir).is_empty());
}

#[test]
fn a_mapping_to_a_questionnaire_out_of_the_engagement_is_refused() {
    let (_tmp, dir) = engagement();
    let export = dir.join("survey.csv");
    std::fs::write(&export, "Q9;ft.level\n2;3\n").unwrap();
    let mapping = dir.join("mapping.toml");
    std::fs::write(&mapping, "[columns]\n\"Q9\" = \"inv.staffing\"\n").unwrap();
    import(&dir, &[&export], &["--role", "developer", "--mapping", s(&mapping)])
        .code(1)
        .stderr(predicate::str::contains(
            "survey.csv:1:1: [inv.staffing] column \"Q9\" is mapped to question `inv.staffing` of questionnaire `cncf-maturity`, which engagement.toml does not list: expected a question of forms-test",
        ));
    std::fs::write(&mapping, "[columns]\n\"Q9\" = \"nope\"\n").unwrap();
    import(
        &dir,
        &[&export],
        &["--role", "developer", "--mapping", s(&mapping)],
    )
    .code(1)
    .stderr(predicate::str::contains(
        "mapping.toml:2:8: [nope] column \"Q9\" maps to `nope`, which is no question",
    ));
    assert!(responses(&dir).is_empty());
}

#[test]
fn wide_survey_with_commas_lf_no_bom_and_english_headers() {
    let (_tmp, dir) = engagement();
    let export = dir.join("google.csv");
    std::fs::write(
        &export,
        "Timestamp,Email Address,How does a team get an environment?,I easily find the documentation I need.,\"How many days does a new database take?\"\n\
         2026/11/02 9:00:00,a@x.example,4,Strongly agree,\"1,5\"\n\
         2026/11/02 9:05:00,b@x.example,\"2 - Operational\",2,N/A\n",
    )
    .unwrap();
    import(&dir, &[&export], &["--role", "developer"]).success();
    let scored = scored(&dir);
    let mut levels: Vec<String> = scored["ft.level"]
        .values()
        .map(|a| format!("{:?}", a.0))
        .collect();
    levels.sort();
    assert_eq!(levels, [format!("{:?}", v(2)), format!("{:?}", v(4))]);
    let numbers: Vec<&Got> = scored["ft.number"].values().map(|a| &a.0).collect();
    assert!(numbers.contains(&&v(1.5)) && numbers.contains(&&Got::NotApplicable));
}

#[test]
fn an_unknown_kind_of_file_is_a_usage_error() {
    let (_tmp, dir) = engagement();
    let file = dir.join("answers.ods");
    std::fs::write(&file, "x").unwrap();
    import(&dir, &[&file], &[])
        .code(2)
        .stderr(predicate::str::contains(
            "answers.ods: unknown kind of file: expected .toml (the HTML form's download), .csv or .xlsx",
        ));
}

#[test]
fn an_unfilled_form_is_refused_and_adds_no_respondent() {
    for format in ["csv", "xlsx"] {
        let (_tmp, dir) = engagement();
        let path = export(&dir, format, "en");
        import(
            &dir,
            &[&path],
            &["--respondent", "Zoé", "--role", "developer"],
        )
        .code(1)
        .stderr(predicates::str::contains(format!(
            "forms-test.en.{format}: no question answered"
        )));
        let responses: Vec<_> = std::fs::read_dir(dir.join("responses")).unwrap().collect();
        assert!(responses.is_empty(), "{format}: nothing written");
    }
}

/// How many survey respondents `score --json` counts.
fn survey_respondents(dir: &Path) -> usize {
    let out = success_stdout(bin().args(["score", s(dir), "--json"]));
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    json["survey"]["count"].as_u64().unwrap() as usize
}

fn write_export(dir: &Path, name: &str, rows: impl IntoIterator<Item = usize>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, survey_rows(rows)).unwrap();
    path
}

#[test]
fn a_later_download_writes_only_its_new_rows() {
    let (_tmp, dir) = engagement();
    let monday = write_export(&dir, "monday.csv", 0..8);
    import(&dir, &[&monday], &["--role", "developer"]).success();
    let before = responses(&dir);
    let (name, monday_rows) = survey_file(&dir);
    assert_eq!(monday_rows.len(), 9);
    // Friday's download: the same 8 rows and 7 new ones, the new ones first.
    let friday = write_export(&dir, "friday.csv", (8..15).chain(0..8));
    import(&dir, &[&friday], &["--role", "developer", "--check"])
        .success()
        .stdout(predicate::str::contains(format!(
            "friday.csv: 8 rows already imported from an earlier download, 7 new rows would be written to {}",
            dir.join("responses").join(&name).display()
        )))
        .stdout(predicate::str::contains(
            "valid: 1 response file would be written, 0 removed",
        ));
    assert_eq!(responses(&dir), before);
    import(&dir, &[&friday], &["--role", "developer"])
        .success()
        .stdout(predicate::str::contains(
            "friday.csv: 8 rows already imported from an earlier download, 7 new rows written to",
        ))
        .stdout(predicate::str::contains(
            "0 response files written, 1 replaced, 0 removed",
        ));
    // Monday's rows are left as they were, in their order; Friday's new rows follow.
    let (after_name, after) = survey_file(&dir);
    assert_eq!(after_name, name);
    assert_eq!(after.len(), 16);
    assert_eq!(after[..9], monday_rows[..]);
    assert_eq!(survey_respondents(&dir), 15);
    // Friday's download again is the same rows: refused.
    import(&dir, &[&friday], &["--role", "developer"])
        .code(1)
        .stderr(predicate::str::contains(
            "friday.csv: this survey export was already imported (15 respondents",
        ));
    assert_eq!(survey_respondents(&dir), 15);
}

#[test]
fn the_same_rows_in_another_order_are_already_imported() {
    let (_tmp, dir) = engagement();
    let first = write_export(&dir, "first.csv", 0..8);
    import(&dir, &[&first], &["--role", "developer"]).success();
    let files = responses(&dir);
    let again = write_export(&dir, "again.csv", (0..8).rev());
    import(&dir, &[&again], &["--role", "developer", "--check"])
        .code(1)
        .stderr(predicate::str::contains(
            "again.csv: this survey export was already imported (8 respondents",
        ))
        .stderr(predicate::str::contains("use --replace"));
    import(&dir, &[&again], &["--role", "developer"]).code(1);
    assert_eq!(responses(&dir), files);
    import(&dir, &[&again], &["--role", "developer", "--replace"])
        .success()
        .stdout(predicate::str::contains(
            "again.csv: 8 rows already imported from an earlier download, rewritten (--replace), 0 new rows written to",
        ))
        .stdout(predicate::str::contains(
            "0 response files written, 1 replaced, 0 removed",
        ));
    // Rewritten in the export's order: the same rows, the same respondents.
    let (_, mut rows) = survey_file(&dir);
    let mut first: Vec<&str> = files.values().next().unwrap().lines().collect();
    rows.sort();
    first.sort();
    assert_eq!(rows, first);
    assert_eq!(survey_respondents(&dir), 8);
}

#[test]
fn another_export_of_the_same_form_is_imported_whole() {
    let (_tmp, dir) = engagement();
    let sales = write_export(&dir, "sales.csv", 0..5);
    import(&dir, &[&sales], &["--role", "developer"]).success();
    let ops = write_export(&dir, "ops.csv", 20..26);
    import(&dir, &[&ops], &["--role", "developer"])
        .success()
        .stdout(predicate::str::contains(
            "ops.csv: no row in common with the 5 rows imported earlier from this survey (another export of the same form): 6 new rows written to",
        ))
        .stdout(predicate::str::contains(
            "0 response files written, 1 replaced, 0 removed",
        ));
    assert_eq!(survey_respondents(&dir), 11);
    // --replace never removes the rows of another export that shares none with this one.
    let more = write_export(&dir, "more.csv", 40..42);
    import(&dir, &[&more], &["--role", "developer", "--replace"])
        .success()
        .stdout(predicate::str::contains(
            "0 response files written, 1 replaced, 0 removed",
        ));
    assert_eq!(survey_respondents(&dir), 13);
}

#[test]
fn an_export_missing_earlier_rows_is_refused_unless_replace() {
    let (_tmp, dir) = engagement();
    let monday = write_export(&dir, "monday.csv", 0..8);
    import(&dir, &[&monday], &["--role", "developer"]).success();
    let files = responses(&dir);
    // Rows 0 to 2 were deleted from the survey since; rows 8 to 11 are new.
    let edited = write_export(&dir, "edited.csv", 3..12);
    import(&dir, &[&edited], &["--role", "developer"])
        .code(1)
        .stderr(predicate::str::contains(
            "edited.csv: 5 rows of this export already imported, but 3 rows imported earlier from this survey not in it",
        ))
        .stderr(predicate::str::contains("and 4 new rows: refusing"))
        .stderr(predicate::str::contains(
            "use --replace to make the rows of this survey match this export (3 rows removed, 5 rewritten, 4 written)",
        ));
    assert_eq!(responses(&dir), files);
    assert_eq!(survey_respondents(&dir), 8);
    import(
        &dir,
        &[&edited],
        &["--role", "developer", "--replace", "--check"],
    )
    .success()
    .stdout(predicate::str::contains(
        "valid: 1 response file would be written, 0 removed",
    ))
    .stdout(predicate::str::contains(
        "3 rows imported earlier but missing from this export would be removed",
    ));
    assert_eq!(responses(&dir), files);
    import(&dir, &[&edited], &["--role", "developer", "--replace"])
        .success()
        .stdout(predicate::str::contains(
            "edited.csv: --replace: the rows of this survey match this export: 5 rows rewritten, 4 new rows written to",
        ))
        .stdout(predicate::str::contains(
            ", 3 rows imported earlier but missing from this export removed",
        ))
        .stdout(predicate::str::contains(
            "0 response files written, 1 replaced, 0 removed",
        ));
    let (_, after) = survey_file(&dir);
    assert_eq!(after.len(), 10);
    let before: Vec<&str> = files.values().next().unwrap().lines().collect();
    assert_eq!(
        after
            .iter()
            .filter(|l| before.contains(&l.as_str()))
            .count(),
        6
    );
    assert_eq!(survey_respondents(&dir), 9);
}

#[test]
fn respondents_with_identical_answers_are_counted_each() {
    let (_tmp, dir) = engagement();
    // No id or timestamp column: two people gave exactly the same answers.
    let header = "ft.level;ft.likert\n";
    let first = dir.join("first.csv");
    std::fs::write(&first, format!("{header}3;Agree\n3;Agree\n2;Disagree\n")).unwrap();
    import(&dir, &[&first], &["--role", "developer"])
        .success()
        .stdout(predicate::str::contains("3 new rows written to"));
    // A later download: a third person answered the same again.
    let later = dir.join("later.csv");
    std::fs::write(
        &later,
        format!("{header}3;Agree\n2;Disagree\n3;Agree\n3;Agree\n"),
    )
    .unwrap();
    import(&dir, &[&later], &["--role", "developer"])
        .success()
        .stdout(predicate::str::contains(
            "later.csv: 3 rows already imported from an earlier download, 1 new row written to",
        ));
    assert_eq!(survey_respondents(&dir), 4);
}

const ZOE_DOWNLOAD: &str = "# forms-test 1.0.0 — platform-audit form\n[respondent]\nid = \"zoe\"\nname = \"Zoé\"\nrole = \"developer\"\nchannel = \"self\"\n\n[answers]\n\"ft.level\" = { value = 2 }\n";

#[test]
fn an_import_never_overwrites_another_respondents_file() {
    let (_tmp, dir) = engagement();
    // responses/zoe.toml already holds the answers of another person, `zoe-martin`.
    let taken = dir.join("responses/zoe.toml");
    std::fs::write(
        &taken,
        ZOE_DOWNLOAD
            .replace("id = \"zoe\"", "id = \"zoe-martin\"")
            .replace("name = \"Zoé\"", "name = \"Zoé Martin\""),
    )
    .unwrap();
    let download = dir.join("forms-test-zoe.toml");
    std::fs::write(&download, ZOE_DOWNLOAD.replace("value = 2", "value = 4")).unwrap();
    let before = responses(&dir);
    for extra in [&[][..], &["--replace"][..]] {
        import(&dir, &[&download], extra)
            .code(1)
            .stderr(predicate::str::contains(
                "holds the answers of respondent `zoe-martin`: refusing to overwrite them",
            ));
        assert_eq!(responses(&dir), before, "{extra:?}: nothing written");
    }
}

#[test]
fn a_download_keeps_the_role_its_respondent_chose() {
    let (_tmp, dir) = engagement();
    let download = dir.join("forms-test-zoe.toml");
    std::fs::write(&download, ZOE_DOWNLOAD).unwrap();
    import(&dir, &[&download], &["--role", "leadership"]).success();
    let written = std::fs::read_to_string(dir.join("responses/zoe.toml")).unwrap();
    assert!(written.contains("role = \"developer\""), "{written}");
}

#[test]
fn exporting_a_questionnaire_the_engagement_does_not_use_is_a_usage_error() {
    let (_tmp, dir) = engagement();
    bin()
        .args(["form", "export", s(&dir), "--questionnaire", "dora"])
        .args(["--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "questionnaire `dora` is not in use by this engagement: expected one of forms-test",
        ));
    assert!(!dir.join("forms").exists(), "nothing written");
}

/// Survey rows imported by an earlier version, one response file per row, still load; the next
/// import of that survey folds them into its survey file and removes them, all at once.
#[test]
fn rows_of_an_earlier_version_are_folded_into_the_survey_file() {
    let (_tmp, dir) = engagement();
    let monday = write_export(&dir, "monday.csv", 0..8);
    import(&dir, &[&monday], &["--role", "developer"]).success();
    let (name, lines) = survey_file(&dir);
    // Rewrite the survey file as the response files an earlier version wrote.
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(
        header,
        [
            "respondent",
            "role",
            "ft.level",
            "ft.choice",
            "ft.likert",
            "ft.yesno"
        ]
    );
    for line in &lines[1..] {
        let cells: Vec<&str> = line.split(',').collect();
        let value = |q: &str, cell: &str| match q {
            "ft.choice" => format!("\"{cell}\""),
            "ft.yesno" => (cell == "yes").to_string(),
            _ => cell.to_string(),
        };
        let mut toml = format!(
            "[respondent]\nid = \"{}\"\nrole = \"{}\"\nchannel = \"survey\"\n\n[answers]\n",
            cells[0], cells[1]
        );
        for (q, cell) in header[2..].iter().zip(&cells[2..]) {
            toml.push_str(&format!("\"{q}\" = {{ value = {} }}\n", value(q, cell)));
        }
        std::fs::write(
            dir.join("responses").join(format!("{}.toml", cells[0])),
            toml,
        )
        .unwrap();
    }
    std::fs::remove_file(dir.join("responses").join(&name)).unwrap();
    assert_eq!(responses(&dir).len(), 8);
    assert_eq!(survey_respondents(&dir), 8);

    let friday = write_export(&dir, "friday.csv", 0..10);
    import(&dir, &[&friday], &["--role", "developer"])
        .success()
        .stdout(predicate::str::contains(
            "friday.csv: 8 rows already imported from an earlier download, 2 new rows written to",
        ))
        .stdout(predicate::str::contains(
            "the 8 response files of earlier imports of this survey (one per row) folded into it",
        ))
        .stdout(predicate::str::contains(
            "1 response file written, 0 replaced, 8 removed",
        ));
    let files = responses(&dir);
    assert_eq!(files.len(), 1, "{:?}", files.keys());
    let (again, rows) = survey_file(&dir);
    assert_eq!(again, name);
    assert_eq!(rows.len(), 11);
    // The earlier rows as they were (in the order of their files, by id), then the new ones.
    let mut earlier = rows[..9].to_vec();
    let mut before = lines.clone();
    earlier.sort();
    before.sort();
    assert_eq!(earlier, before);
    assert_eq!(survey_respondents(&dir), 10);
}

/// An export whose rows hold no answer writes no survey file (so a later export of the same
/// survey imports as the first); a survey file answering a questionnaire the engagement does not
/// use is named with the column's question.
#[test]
fn an_export_without_answers_writes_nothing_and_a_foreign_column_is_named() {
    let (_tmp, dir) = engagement();
    let blank = dir.join("blank.csv");
    std::fs::write(&blank, "ID;ft.level;ft.likert\n1;;\n").unwrap();
    import(&dir, &[&blank], &["--role", "developer"])
        .success()
        .stdout(predicate::str::contains(
            "blank.csv: no row with an answer, so no survey file written",
        ))
        .stderr(predicate::str::contains(
            "rows without any answer, not imported: 2",
        ));
    assert!(responses(&dir).is_empty());
    std::fs::write(&blank, "ID;ft.level;ft.likert\n1;2;\n").unwrap();
    import(&dir, &[&blank], &["--role", "developer"])
        .success()
        .stdout(predicate::str::contains("1 new row written to"));

    // The survey file gains a column of the SPACE survey, which this engagement does not use.
    let (name, lines) = survey_file(&dir);
    let path = dir.join("responses").join(&name);
    let text: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{l},{}", if i == 0 { "dx.sat_work" } else { "4" }))
        .collect();
    std::fs::write(&path, text.join("\n") + "\n").unwrap();
    bin()
        .args(["score", s(&dir)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: [dx.sat_work] column of questionnaire `space-survey`, which engagement.toml does not list: expected one of forms-test",
            path.display()
        )));
}
