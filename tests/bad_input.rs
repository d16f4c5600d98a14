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

/// Runs `score` on an engagement folder, asserting exit code 1, and returns stderr.
fn score_fails(dir: &std::path::Path) -> String {
    let out = bin().arg("score").arg(dir).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn d4_1_a_control_character_in_a_toml_comment_says_what_is_wrong() {
    let dir = sample_copy();
    let path = dir.path().join("engagement.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("# c\u{7}\n{text}")).unwrap();
    let err = score_fails(dir.path());
    assert!(
        err.contains("engagement.toml:1:4: control character U+0007 is not allowed in TOML: expected printable text"),
        "{err}"
    );
}

#[test]
#[cfg(unix)]
fn d4_3_a_fifo_among_the_responses_is_refused_without_being_read() {
    let dir = sample_copy();
    let responses = dir.path().join("responses");
    std::fs::create_dir_all(&responses).unwrap();
    let fifo = responses.join("x.toml");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file system node.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
    // Without the fix this blocks forever, waiting for a writer to open the FIFO.
    let err = score_fails(dir.path());
    assert!(
        err.contains("responses/x.toml: a FIFO (named pipe), not a regular file: expected a file"),
        "{err}"
    );

    // The same for engagement.toml itself, which every command reads first.
    let manifest = dir.path().join("engagement.toml");
    std::fs::remove_file(&manifest).unwrap();
    let c_path = std::ffi::CString::new(manifest.to_str().unwrap()).unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
    let err = score_fails(dir.path());
    assert!(
        err.contains("engagement.toml: a FIFO (named pipe), not a regular file"),
        "{err}"
    );
}

#[test]
#[cfg(unix)]
fn d4_3_a_symlink_to_dev_zero_is_refused_without_being_read() {
    let dir = sample_copy();
    let responses = dir.path().join("responses");
    std::fs::create_dir_all(&responses).unwrap();
    std::os::unix::fs::symlink("/dev/zero", responses.join("zero.toml")).unwrap();
    let err = score_fails(dir.path());
    assert!(
        err.contains("responses/zero.toml: a device, not a regular file: expected a file"),
        "{err}"
    );
}

#[test]
fn d4_3_an_input_file_over_the_size_limit_is_refused_naming_the_limit() {
    let dir = sample_copy();
    let path = dir.path().join("responses/big.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // A sparse file: 64 MiB + 1 byte long, almost nothing on disk.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    let err = score_fails(dir.path());
    assert!(
        err.contains("responses/big.toml: larger than 64 MiB, the limit for an input file"),
        "{err}"
    );
}

#[test]
fn d4_7_a_bom_in_scan_json_is_accepted_and_json_errors_name_line_and_column() {
    let dir = sample_copy();
    let scan = dir.path().join("evidence/scan.json");
    let text = std::fs::read_to_string(&scan).unwrap();
    std::fs::write(&scan, format!("\u{feff}{text}")).unwrap();
    let out = bin().arg("score").arg(dir.path()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    std::fs::write(
        &scan,
        "\u{feff}{\n  \"schema_version\": 1,\n  \"tool_version\": x\n}\n",
    )
    .unwrap();
    let err = score_fails(dir.path());
    assert!(
        err.contains("evidence/scan.json:3:19: expected value: expected the scan.json written by"),
        "{err}"
    );
}

#[test]
fn d4_18_invalid_utf8_is_placed_at_its_line_and_column() {
    let dir = sample_copy();
    let path = dir.path().join("engagement.toml");
    std::fs::write(&path, b"# \xc3\xa9t\xc3\xa9\nclient = \"Caf\xe9\"\n").unwrap();
    let err = score_fails(dir.path());
    assert!(
        err.contains(
            "engagement.toml:2:14: not valid UTF-8 (byte 0xE9): expected a UTF-8 text file"
        ),
        "{err}"
    );
}

#[test]
fn d4_18_utf16_with_or_without_a_bom_is_named_as_such() {
    let dir = sample_copy();
    let path = dir.path().join("engagement.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for (bytes, kind) in [
        (
            [vec![0xFF, 0xFE], utf16.clone()].concat(),
            "little-endian, with a byte-order mark",
        ),
        (utf16, "little-endian, without a byte-order mark"),
    ] {
        std::fs::write(&path, bytes).unwrap();
        let err = score_fails(dir.path());
        assert!(
            err.contains(&format!(
                "engagement.toml: this file is UTF-16 ({kind}): save it as UTF-8"
            )),
            "{err}"
        );
    }
}

#[test]
fn d4_2_impossible_calendar_dates_are_refused_everywhere() {
    let dir = sample_copy();
    let path = dir.path().join("engagement.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("2026-10-15", "2026-02-30")).unwrap();
    let err = score_fails(dir.path());
    assert!(
        err.contains("engagement.toml:4:8: date \"2026-02-30\": February 2026 has 28 days: expected a day from 01 to 28"),
        "{err}"
    );
    std::fs::write(&path, &text).unwrap();

    let fresh = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "init",
            "--client",
            "Globex",
            "--lang",
            "en",
            "--date",
            "2026-02-30",
        ])
        .arg(fresh.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--date: date \"2026-02-30\": February 2026 has 28 days"),
        "{err}"
    );
    assert!(!fresh.path().join("engagement.toml").exists());

    let out = bin()
        .arg("interview")
        .arg(dir.path())
        .args(["--questionnaire", "cncf-maturity", "--respondent", "Sam"])
        .args(["--role", "developer", "--date", "2026-02-30", "--batch"])
        .write_stdin("q\n")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--date: date \"2026-02-30\": February 2026 has 28 days"),
        "{err}"
    );
    assert!(!dir.path().join("responses/sam.toml").exists());
}

#[test]
fn d4_4_a_response_date_is_validated_at_its_line_and_column() {
    let dir = sample_copy();
    let responses = dir.path().join("responses");
    std::fs::create_dir_all(&responses).unwrap();
    std::fs::write(
        responses.join("r1.toml"),
        "[respondent]\nid = \"r1\"\nrole = \"developer\"\nchannel = \"self\"\ndate = \"yesterday\"\n\n[answers]\n",
    )
    .unwrap();
    let err = score_fails(dir.path());
    assert!(
        err.contains("responses/r1.toml:5:8: date \"yesterday\": expected an ISO date YYYY-MM-DD"),
        "{err}"
    );
}

#[test]
fn d4_5_a_responses_file_instead_of_a_folder_is_an_error() {
    let dir = sample_copy();
    std::fs::write(dir.path().join("responses"), "not a folder\n").unwrap();
    let err = score_fails(dir.path());
    assert!(
        err.contains("responses: not a folder: expected the folder of response files (*.toml)"),
        "{err}"
    );
}

#[test]
fn d4_8_a_question_id_clashing_with_an_embedded_questionnaire_fails_validation() {
    let err = validate("clash/borrowed-id.toml");
    assert!(
        err.contains("clash/borrowed-id.toml: [inv.staffing] question id also used in questionnaire `cncf-maturity`"),
        "{err}"
    );
    // Replacing an embedded questionnaire by one of the same id (and questions) is no clash.
    let out = bin()
        .args([
            "questionnaire",
            "validate",
            "questionnaires/cncf-maturity.toml",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn d4_9_two_files_of_a_folder_with_one_questionnaire_id_are_refused_naming_both() {
    let err = validate("duplicate-ids");
    assert!(
        err.contains("duplicate-ids/b.toml:1:6: [platform-basics] questionnaire id already used by tests/fixtures/questionnaires/duplicate-ids/a.toml"),
        "{err}"
    );
    // The same folder loaded with --questionnaires is refused the same way.
    let out = bin()
        .args([
            "--questionnaires",
            "tests/fixtures/questionnaires/duplicate-ids",
        ])
        .args(["questionnaire", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("questionnaire id already used by"), "{err}");
}

#[test]
fn d4_10_nan_bounds_and_bands_are_refused() {
    let err = validate("nan-number.toml");
    assert!(
        err.contains("nan-number.toml:17:7: NaN is not a finite number: expected a number"),
        "{err}"
    );
    let err = validate("nan-band.toml");
    assert!(
        err.contains("nan-band.toml:20:13: NaN is not a finite number: expected a number"),
        "{err}"
    );
}

#[test]
fn d4_11_an_evidence_rule_with_an_unknown_category_is_refused_naming_the_known_ones() {
    let err = validate("unknown-category.toml");
    assert!(
        err.contains("unknown-category.toml:23:36: [uc.q1] evidence rule names unknown category `nope`: expected one of "),
        "{err}"
    );
    assert!(err.contains("ci, "), "{err}");
}

#[test]
fn d4_12_a_version_must_be_one_non_empty_line() {
    for (fixture, shown) in [
        ("empty-version.toml", "\"\""),
        ("newline-version.toml", "\"1.0\\n# injected\""),
    ] {
        let err = validate(fixture);
        assert!(
            err.contains(&format!("{fixture}:2:11: ["))
                && err.contains(&format!(
                    "version {shown}: expected one non-empty line without control characters"
                )),
            "{err}"
        );
    }
}

#[test]
fn d4_19_an_unknown_placeholder_in_a_data_scoring_toml_is_refused_at_load() {
    let dir = sample_copy();
    let data = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("data/scoring.toml").unwrap();
    let spoiled = text.replacen("\"«\u{a0}{label}\u{a0}»\"", "\"«\u{a0}{lable}\u{a0}»\"", 1);
    assert_ne!(spoiled, text);
    std::fs::write(data.path().join("scoring.toml"), spoiled).unwrap();
    let out = bin()
        .arg("score")
        .arg(dir.path())
        .arg("--data")
        .arg(data.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("scoring.toml:")
            && err.contains(
                "[texts.signal] `fr` text: unknown placeholder `{lable}`: expected one of {label}"
            ),
        "{err}"
    );
}

/// The sample's scan.json as JSON, to spoil.
fn sample_scan(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("evidence/scan.json")).unwrap()).unwrap()
}

fn write_scan(dir: &std::path::Path, json: &serde_json::Value) {
    std::fs::write(
        dir.join("evidence/scan.json"),
        serde_json::to_string_pretty(json).unwrap(),
    )
    .unwrap();
}

#[test]
fn d4_6_derived_fields_of_scan_json_are_recomputed_from_the_repositories() {
    let dir = sample_copy();
    let mut json = sample_scan(dir.path());
    json["categories"][0]["coverage"] = serde_json::json!(-5.0);
    json["categories"][1]["coverage"] = serde_json::json!(1e308);
    json["categories"][1]["repositories"] = serde_json::json!(1_000_000);
    json["signals"][0]["coverage"] = serde_json::json!(1e308);
    write_scan(dir.path(), &json);
    let out = dir.path().join("out");
    let run = bin()
        .arg("report")
        .arg(dir.path())
        .args(["--format", "md", "--lang", "en", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(!md.contains("-500%"), "negative coverage printed");
    assert!(!md.contains("9223372036854775807"), "huge coverage printed");
    assert!(!md.contains("1000000"), "claimed repository count printed");
    // The first category of the sample is found in 2 of its 8 repositories.
    assert!(md.contains("| 25% (2) |"), "{md}");

    // No repositories: every coverage is 0, whatever the file claims.
    json["repositories"] = serde_json::json!([]);
    write_scan(dir.path(), &json);
    let run = bin()
        .arg("report")
        .arg(dir.path())
        .args(["--format", "md", "--lang", "en", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(!md.contains("75%"), "{md}");
}

#[test]
fn d4_6_an_inconsistent_scan_json_is_refused_naming_what_is_wrong() {
    let dir = sample_copy();
    let original = sample_scan(dir.path());
    type Spoil = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(Spoil, &str)> = vec![
        (
            Box::new(|j| j["parameters"]["extra"] = serde_json::json!(1)),
            "unknown field `extra`",
        ),
        (
            Box::new(|j| {
                let first = j["repositories"][0].clone();
                j["repositories"].as_array_mut().unwrap().push(first);
            }),
            "repository listed twice: expected each repository once",
        ),
        (
            Box::new(|j| {
                j["repositories"][0]["signals"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({ "id": "ci.nope", "paths": ["x"] }))
            }),
            "[ci.nope] repository `",
        ),
        (
            Box::new(|j| j["signals"][0]["category"] = serde_json::json!("nope")),
            "signal of unknown category `nope`: expected one of the file's categories",
        ),
        (
            Box::new(|j| j["repositories"][0]["files"] = serde_json::json!(-1)),
            "invalid value: integer `-1`, expected u64",
        ),
    ];
    for (spoil, expected) in cases {
        let mut json = original.clone();
        spoil(&mut json);
        write_scan(dir.path(), &json);
        let err = score_fails(dir.path());
        assert!(
            err.contains("evidence/scan.json:") && err.contains(expected),
            "{expected}: {err}"
        );
    }
}

#[test]
fn d4_10_non_finite_thresholds_in_data_files_are_refused() {
    let dir = sample_copy();
    for (file, from, to, expected) in [
        (
            "scoring.toml",
            "base = 0.5",
            "base = nan",
            "confidence weights base NaN",
        ),
        (
            "topology.toml",
            "threshold = 0.5",
            "threshold = inf",
            "difficulty threshold inf",
        ),
        (
            "antipatterns.toml",
            "level_at_most = 1.5",
            "level_at_most = nan",
            "level NaN for",
        ),
    ] {
        let data = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string(format!("data/{file}")).unwrap();
        let spoiled = text.replacen(from, to, 1);
        assert_ne!(spoiled, text, "{file} has no `{from}`");
        std::fs::write(data.path().join(file), spoiled).unwrap();
        let out = bin()
            .arg("score")
            .arg(dir.path())
            .arg("--data")
            .arg(data.path())
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}: {err}");
        assert!(
            err.contains(&format!("{file}:")) && err.contains(expected),
            "{file}: {err}"
        );
    }
}
