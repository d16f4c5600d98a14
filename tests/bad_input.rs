//! Every bad input gets a message naming the file, the line and column (or the id) and what was
//! expected, and a non-zero exit — never a panic.

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("platform-audit").unwrap()
}

/// Runs `questionnaire validate` on a fixture and returns stderr, asserting exit code 1.
fn validate(fixture: &str) -> String {
    let path = format!("tests/fixtures/questionnaires/{fixture}");
    let out = bin()
        .args(["questionnaire", "validate", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "exit code for {fixture}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn malformed_toml_names_line_and_column() {
    let err = validate("malformed.toml");
    assert!(
        err.contains("tests/fixtures/questionnaires/malformed.toml:3:39: "),
        "{err}"
    );
    assert!(err.contains("expected `}`"), "{err}");
}

#[test]
fn unknown_field_is_named_with_the_fields_expected() {
    let err = validate("unknown-field.toml");
    assert!(
        err.contains("unknown-field.toml:17:1: unknown field `wieght`"),
        "{err}"
    );
    assert!(err.contains("expected one of `id`, `kind`"), "{err}");
}

#[test]
fn duplicate_question_id_points_at_the_second_one() {
    let err = validate("duplicate-id.toml");
    assert!(
        err.contains("duplicate-id.toml:19:6: [dup.q] duplicate question id"),
        "{err}"
    );
}

#[test]
fn missing_translation_names_the_language() {
    let err = validate("missing-translation.toml");
    assert!(
        err.contains("missing-translation.toml:13:6: [mt.q1] text is missing its `en` text"),
        "{err}"
    );
}

#[test]
fn unknown_axis_is_named() {
    let err = validate("unknown-axis.toml");
    assert!(
        err.contains("unknown-axis.toml:16:8: [ua.q1] unknown axis `cncf.investments`"),
        "{err}"
    );
}

#[test]
fn every_problem_of_a_file_is_listed() {
    let err = validate("bad-level.toml");
    assert!(
        err.contains("[bl.q1] 3 descriptors: expected exactly 4"),
        "{err}"
    );
    assert!(err.contains("[bl.q2] bands out of order"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn validating_an_unreadable_path_names_it() {
    let out = bin()
        .args([
            "questionnaire",
            "validate",
            "tests/fixtures/questionnaires/no-such-file.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no-such-file.toml"), "{err}");
}

/// Runs `score` on a fixture engagement and returns stderr, asserting exit code 1.
fn score(fixture: &str) -> String {
    let path = format!("tests/fixtures/engagements/{fixture}");
    let out = bin().args(["score", &path]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "exit code for {fixture}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn response_value_out_of_range_names_file_position_and_question() {
    let err = score("out-of-range");
    assert!(
        err.contains("out-of-range/responses/r1.toml:8:31: [adopt.discovery] got the integer 7: expected a level from 1 to 4"),
        "{err}"
    );
}

#[test]
fn response_to_an_unknown_question_names_it() {
    let err = score("unknown-question");
    assert!(
        err.contains(
            "unknown-question/responses/r1.toml:8:1: [inv.no-such-question] unknown question id"
        ),
        "{err}"
    );
}

#[test]
fn scoring_a_folder_without_engagement_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["score", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("engagement.toml"), "{err}");
}

#[test]
fn a_response_or_engagement_file_given_to_questionnaire_validate_says_where_it_is_checked() {
    let out = bin()
        .args([
            "questionnaire",
            "validate",
            "tests/fixtures/engagements/out-of-range/responses/r1.toml",
            "samples/acme/engagement.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("out-of-range/responses/r1.toml: a response file, not a questionnaire"),
        "{err}"
    );
    assert!(
        err.contains("samples/acme/engagement.toml: an engagement file, not a questionnaire"),
        "{err}"
    );
    assert!(err.contains("platform-audit score DIR"), "{err}");
}

#[test]
fn a_folder_without_engagement_toml_says_how_to_create_one() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["score", "report"] {
        let out = bin().args([cmd]).arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("not an engagement folder (expected a folder with engagement.toml; create one with `platform-audit init`)"),
            "{cmd}: {err}"
        );
    }
}

/// Copies the sample engagement into a temporary folder for a test to spoil.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = |rel: &str| {
        let from = std::path::Path::new("samples/acme").join(rel);
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    };
    copy("engagement.toml");
    copy("evidence/scan.json");
    dir
}

#[test]
fn a_malformed_or_outdated_scan_file_is_named_with_what_to_do() {
    let dir = sample_copy();
    let scan = dir.path().join("evidence/scan.json");
    let text = std::fs::read_to_string(&scan).unwrap();
    std::fs::write(&scan, &text[..text.len() / 2]).unwrap();
    let out = bin().arg("score").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("evidence/scan.json:"), "{err}");
    assert!(
        err.contains("expected the scan.json written by `platform-audit scan`"),
        "{err}"
    );

    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["schema_version"] = serde_json::json!(0);
    std::fs::write(&scan, json.to_string()).unwrap();
    let out = bin().arg("score").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("scan.json schema version 0: expected")
            && err.contains("re-run `platform-audit scan`"),
        "{err}"
    );
}

#[test]
fn a_survey_group_size_out_of_range_is_refused_at_its_value() {
    let dir = sample_copy();
    let path = dir.path().join("engagement.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n[survey]\nmin_group_size = 0\n")).unwrap();
    let out = bin().arg("score").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("engagement.toml:")
            && err.contains("min_group_size 0: expected a whole number from 1 to 1000"),
        "{err}"
    );
}
