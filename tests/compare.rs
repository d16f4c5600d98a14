//! End-to-end tests of `compare` on real files: the sample and its follow-up, Assessment JSON
//! files, and the inputs it must refuse.

mod common;

use common::{bin, sample, success_output};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const BASELINE: &str = "samples/acme";
const FOLLOWUP: &str = "samples/acme-followup";

/// Runs compare with `args` into a temporary folder; returns the folder and progress.json.
fn compare(args: &[&str]) -> (tempfile::TempDir, Value) {
    let out = tempfile::tempdir().unwrap();
    success_output(bin().arg("compare").args(args).arg("--out").arg(out.path()));
    let json = serde_json::from_str(&read(&out.path().join("progress.json"))).unwrap();
    (out, json)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn axis<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["axes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no axis {id}"))
}

/// The Assessment JSON of an engagement, written to `dir/name`, after `edit`.
fn assessment_json(
    engagement: &str,
    dir: &Path,
    name: &str,
    edit: impl FnOnce(&mut Value),
) -> PathBuf {
    let mut cmd = bin();
    if engagement == FOLLOWUP {
        cmd.args(["--questionnaires", "samples/acme-followup/questionnaires"]);
    }
    let out = success_output(cmd.args(["score", engagement, "--json"]));
    let mut json: Value = serde_json::from_slice(&out.stdout).unwrap();
    edit(&mut json);
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    path
}

#[test]
fn the_follow_up_shows_real_progress_and_lists_the_questions_that_do_not_match() {
    let (out, json) = compare(&[BASELINE, FOLLOWUP]);
    assert_eq!(json["client"], "Acme Logistique");
    assert_eq!(axis(&json, "cncf.interfaces")["verdict"], "up");
    assert_eq!(axis(&json, "cncf.adoption")["verdict"], "up");
    assert_eq!(axis(&json, "cncf.measurement")["verdict"], "within_noise");
    // A new respondent, not a change in the organisation, lifted the AI stance.
    let stance = axis(&json, "ai.stance");
    assert_eq!(stance["verdict"], "who_answered");
    assert_eq!(stance["common"], 1);
    assert_eq!(stance["stayers_delta"], 0.0);
    let m = &json["matching"];
    assert_eq!(m["added"][0]["id"], "sk.ux.feedback_channel");
    assert_eq!(m["removed"][0]["id"], "sk.ux.errors");
    assert_eq!(m["questionnaires"][0]["before"], "1.0.0");
    assert_eq!(m["questionnaires"][0]["after"], "1.1.0");
    // A recommendation whose question was removed is not called done or open.
    let not_comparable = json["recommendations"]["not_comparable"]
        .as_array()
        .unwrap();
    assert!(not_comparable
        .iter()
        .all(|r| r["questions"][0]["question"] == "sk.ux.errors"));
    // Two repositories adopted the service catalogue.
    let signals = json["scan"]["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 1);
    assert_eq!(signals[0]["id"], "catalog.backstage_entity");
    assert_eq!(signals[0]["repositories_before"], 2);
    assert_eq!(signals[0]["repositories_after"], 4);
    // Both reports and the chart, in the current engagement's language.
    let md = read(&out.path().join("progress.md"));
    assert!(
        md.starts_with("# Rapport de progrès — Acme Logistique"),
        "{md}"
    );
    assert!(md.contains("](progress-aspects.svg)"));
    assert!(out.path().join("progress-aspects.svg").is_file());
    let html = read(&out.path().join("progress.html"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(html.contains("<svg") && !html.contains("src=\"http"));
}

#[test]
fn identical_assessments_report_no_change_and_nothing_improved() {
    let (out, json) = compare(&[BASELINE, BASELINE, "--lang", "en"]);
    for a in json["axes"].as_array().unwrap() {
        assert!(
            a["verdict"] == "same" || a["verdict"] == "not_comparable",
            "{}: {}",
            a["id"],
            a["verdict"]
        );
    }
    assert!(json["recommendations"]["done"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(json["antipatterns"]["resolved"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(json["matching"]["added"].as_array().unwrap().is_empty());
    let md = read(&out.path().join("progress.md"));
    assert!(md.contains("5 aspects did not move:"), "{md}");
    assert!(!md.contains("moved up"), "{md}");
}

#[test]
fn a_change_within_the_noise_is_reported_as_not_significant() {
    let tmp = tempfile::tempdir().unwrap();
    let before = assessment_json(BASELINE, tmp.path(), "before.json", |_| {});
    let after = assessment_json(BASELINE, tmp.path(), "after.json", |j| {
        j["engagement"]["date"] = "2027-01-15".into();
        for a in j["axes"].as_array_mut().unwrap() {
            if a["id"] == "cncf.measurement" {
                let level = a["level"].as_f64().unwrap();
                a["level"] = (level + 0.2).into();
            }
        }
    });
    let (out, json) = compare(&[
        before.to_str().unwrap(),
        after.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let m = axis(&json, "cncf.measurement");
    assert_eq!(m["verdict"], "within_noise");
    assert!(m["delta"].as_f64().unwrap() <= m["margin"].as_f64().unwrap());
    let md = read(&out.path().join("progress.md"));
    assert!(
        md.contains("1 aspect did not move beyond the noise: Measurement"),
        "{md}"
    );
    assert!(md.contains("| Measurement | 1.3 | 1.5 | +0.2 | within the noise, not significant |"));
    // Assessment JSON files carry no scan coverage: the report says it is not compared.
    assert!(json["scan"].is_null());
    assert!(md.contains("Scan coverage: both sides must be engagement folders"));
}

#[test]
fn assessments_out_of_order_are_refused() {
    let out = tempfile::tempdir().unwrap();
    bin()
        .args(["compare", FOLLOWUP, BASELINE, "--out"])
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "assessments out of order: samples/acme is dated 2026-10-15, before samples/acme-followup (2027-04-15): expected them oldest first",
        ));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn assessments_of_different_clients_are_refused_unless_forced() {
    let (_tmp, other) = sample();
    let manifest = other.join("engagement.toml");
    let text = read(&manifest)
        .replace("client = \"Acme Logistique\"", "client = \"Acme <Group>\"")
        .replace("date = \"2026-10-15\"", "date = \"2027-04-15\"");
    std::fs::write(&manifest, text).unwrap();
    bin()
        .args(["compare", BASELINE])
        .arg(&other)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("different clients: samples/acme is \"Acme Logistique\"")
                .and(predicate::str::contains("\"Acme <Group>\""))
                .and(predicate::str::contains("--force")),
        );
    let (out, json) = compare(&[BASELINE, other.to_str().unwrap(), "--force"]);
    assert_eq!(json["renamed"], true);
    // The client's name is escaped in both reports.
    let html = read(&out.path().join("progress.html"));
    assert!(html.contains("Acme &lt;Group&gt;") && !html.contains("Acme <Group>"));
    let md = read(&out.path().join("progress.md"));
    assert!(md.contains("Acme &lt;Group&gt;") && !md.contains("<Group>"));
}

#[test]
fn an_assessment_of_an_unsupported_schema_version_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let old = assessment_json(BASELINE, tmp.path(), "old.json", |j| {
        j["schema_version"] = 1.into();
    });
    bin()
        .args(["compare"])
        .arg(&old)
        .arg(FOLLOWUP)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: Assessment schema version 1 is not supported: expected one of 2, 3",
            old.display()
        )));
}

#[test]
fn a_schema_2_assessment_is_migrated_and_said_so() {
    let tmp = tempfile::tempdir().unwrap();
    let v2 = assessment_json(BASELINE, tmp.path(), "v2.json", |j| {
        j["schema_version"] = 2.into();
        j.as_object_mut().unwrap().remove("survey");
    });
    let (out, json) = compare(&[v2.to_str().unwrap(), FOLLOWUP, "--lang", "en"]);
    assert_eq!(json["assessments"][0]["schema_version"], 2);
    assert!(read(&out.path().join("progress.md")).contains("| 2, migrated |"));
}

#[test]
fn three_assessments_draw_the_trend_and_compare_the_first_with_the_last() {
    let tmp = tempfile::tempdir().unwrap();
    let middle = assessment_json(BASELINE, tmp.path(), "middle.json", |j| {
        j["engagement"]["date"] = "2027-01-15".into();
    });
    let (out, json) = compare(&[BASELINE, middle.to_str().unwrap(), FOLLOWUP]);
    assert_eq!(json["assessments"].as_array().unwrap().len(), 3);
    assert_eq!(
        axis(&json, "cncf.interfaces")["levels"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(axis(&json, "cncf.interfaces")["verdict"], "up");
    let svg = read(&out.path().join("progress-trend.svg"));
    assert!(svg.contains("2027-01-15"), "{svg}");
    assert!(read(&out.path().join("progress.md")).contains("](progress-trend.svg)"));
}

#[test]
fn the_progress_report_is_byte_for_byte_deterministic() {
    let (a, _) = compare(&[BASELINE, FOLLOWUP]);
    let (b, _) = compare(&[BASELINE, FOLLOWUP]);
    for f in [
        "progress.html",
        "progress.md",
        "progress.json",
        "progress-aspects.svg",
    ] {
        assert_eq!(read(&a.path().join(f)), read(&b.path().join(f)), "{f}");
    }
}

#[test]
fn the_default_output_is_beside_the_current_assessment() {
    let (_tmp, current) = sample();
    let manifest = current.join("engagement.toml");
    std::fs::write(
        &manifest,
        read(&manifest).replace("date = \"2026-10-15\"", "date = \"2027-04-15\""),
    )
    .unwrap();
    success_output(
        bin()
            .args(["compare", BASELINE])
            .arg(&current)
            .args(["--format", "json"]),
    );
    assert!(current.join("reports/progress/progress.json").is_file());
}

#[test]
fn a_path_that_is_neither_a_folder_nor_a_file_is_not_an_engagement() {
    bin()
        .args(["compare", BASELINE, "no/such/place"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "no/such/place: neither an engagement folder nor an Assessment JSON file",
        ));
}

#[test]
fn demo_writes_the_progress_report_of_the_two_samples_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    let out = success_output(bin().arg("demo").arg(&dir));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("progress.html"), "{stdout}");
    assert!(dir
        .join("acme-followup/questionnaires/success-keys.toml")
        .is_file());
    for lang in ["fr", "en"] {
        let progress = dir.join("reports/progress").join(lang);
        for f in [
            "progress.html",
            "progress.md",
            "progress.json",
            "progress-aspects.svg",
        ] {
            assert!(progress.join(f).is_file(), "{lang}/{f}");
        }
        let html = read(&progress.join("progress.html"));
        assert!(html.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">")));
    }
    // The main reports are still there: the progress set has its own folder.
    assert!(dir.join("reports/en/report.html").is_file());
}

#[test]
fn value_ranges_in_one_currency_are_compared() {
    let tmp = tempfile::tempdir().unwrap();
    let with_value = |expected: f64| {
        move |j: &mut Value| {
            j["value"] = serde_json::json!({
                "economics": true,
                "currency": "EUR",
                "low": expected * 0.5,
                "expected": expected,
                "high": expected * 2.0,
            });
        }
    };
    let before = assessment_json(BASELINE, tmp.path(), "before.json", with_value(1_200_000.0));
    let after = assessment_json(FOLLOWUP, tmp.path(), "after.json", with_value(1_500_000.0));
    let (out, json) = compare(&[
        before.to_str().unwrap(),
        after.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(json["value"]["delta_expected"], 300_000.0);
    let md = read(&out.path().join("progress.md"));
    assert!(
        md.contains("| EUR | €1.2M (€600k – €2.4M) | €1.5M (€750k – €3M) | +€300k |"),
        "{md}"
    );
    assert!(md.contains("Expected yearly value: €1.2M → €1.5M."));
    assert!(!md.contains("Value estimate: compared only when"));
}
