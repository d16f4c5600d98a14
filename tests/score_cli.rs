//! End-to-end tests of `score` on real files: the sample engagement, the worked example with its
//! scan, and data that the engine must refuse.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

const SAMPLE: &str = "samples/acme";
const EXAMPLE: &str = "tests/fixtures/worked-example";

fn bin() -> Command {
    Command::cargo_bin("platform-audit").unwrap()
}

fn score_json(args: &[&str]) -> Value {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

#[test]
fn sample_assessment_has_every_part_traced_to_answers() {
    let a = score_json(&["score", SAMPLE, "--json"]);
    assert_eq!(a["schema_version"], 2);
    let answered: std::collections::BTreeSet<&str> = a["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["scored"].as_u64().unwrap() > 0)
        .map(|q| q["id"].as_str().unwrap())
        .collect();

    // Per-aspect levels with confidence and a distribution over levels.
    for axis in a["axes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["family"] == "cncf")
    {
        let level = axis["level"].as_f64().unwrap();
        assert!((1.0..=4.0).contains(&level));
        let c = axis["confidence"].as_f64().unwrap();
        assert!(c > 0.0 && c <= 1.0, "{axis}");
        let total: f64 = axis["distribution"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_f64().unwrap())
            .sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
    // Perception gaps name questions both roles answered.
    let gaps = a["perception_gaps"].as_array().unwrap();
    assert!(!gaps.is_empty());
    for g in gaps {
        assert!(g["gap"].as_f64().unwrap() >= 0.5);
        for q in g["questions"].as_array().unwrap() {
            assert!(answered.contains(q.as_str().unwrap()));
        }
    }
    // Anti-patterns carry the answers that triggered them.
    let hits = a["antipatterns"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert!(!h["remedy"]["fr"].as_str().unwrap().is_empty());
        for e in h["evidence"].as_array().unwrap() {
            assert!(answered.contains(e["question"].as_str().unwrap()), "{e}");
        }
    }
    // A three-horizon roadmap whose items come from questions below target.
    let roadmap = a["roadmap"].as_array().unwrap();
    let horizons: Vec<&str> = roadmap.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(horizons, ["0-3m", "3-6m", "6-12m"]);
    for r in a["recommendations"].as_array().unwrap() {
        for s in r["sources"].as_array().unwrap() {
            assert!(s["gap"].as_f64().unwrap() > 0.0);
        }
    }
    // DORA keys placed in the 2024 clusters from the answers' tags, and an overall cluster.
    let dora = &a["dora"];
    assert_eq!(dora["year"], 2024);
    for key in dora["keys"].as_array().unwrap() {
        assert!(key["cluster"]["id"].is_string(), "{key}");
        assert!(key["band"]["fr"].is_string());
        for q in key["questions"].as_array().unwrap() {
            assert!(answered.contains(q.as_str().unwrap()));
        }
    }
    assert!(dora["overall"]["name"]["en"].is_string());
    // The topology says what drove maturity.
    assert_eq!(
        a["topology"]["maturity_drivers"].as_array().unwrap().len(),
        5
    );
}

#[test]
fn score_json_is_deterministic() {
    let one = bin().args(["score", SAMPLE, "--json"]).output().unwrap();
    let two = bin().args(["score", SAMPLE, "--json"]).output().unwrap();
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn evidence_contradiction_and_inference_are_explained_in_both_languages() {
    let q = format!("{EXAMPLE}/questionnaires");
    let e = format!("{EXAMPLE}/engagement");
    bin()
        .args(["--questionnaires", &q, "score", &e, "--lang", "en"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("but only 20% of 5 repositories show pipeline")
                .and(predicate::str::contains("Nobody answered we.portal"))
                .and(predicate::str::contains("0–3 months: quick wins")),
        );
    bin()
        .args(["--questionnaires", &q, "score", &e, "--lang", "fr"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "mais seulement 20 % des 5 dépôts montrent pipeline",
        ));
}

#[test]
fn a_scan_without_a_signal_a_rule_names_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let eng = dir.path().join("engagement");
    copy_dir(&Path::new(EXAMPLE).join("engagement"), &eng);
    let scan = eng.join("evidence/scan.json");
    let text = std::fs::read_to_string(&scan)
        .unwrap()
        .replace("\"catalog\"", "\"catalogue\"");
    std::fs::write(&scan, text).unwrap();
    bin()
        .args([
            "--questionnaires",
            &format!("{EXAMPLE}/questionnaires"),
            "score",
            eng.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("evidence/scan.json")
                .and(predicate::str::contains("[we.portal]"))
                .and(predicate::str::contains("names signal `catalog`")),
        );
}

#[test]
fn a_questionnaire_without_the_questions_a_rule_names_is_refused() {
    // Replacing cncf-maturity with a questionnaire lacking `inv.staffing` leaves the anti-pattern
    // rules pointing at nothing: scoring must say so rather than skip them.
    let dir = tempfile::tempdir().unwrap();
    let qdir = dir.path().join("questionnaires");
    std::fs::create_dir_all(&qdir).unwrap();
    let text = std::fs::read_to_string(format!("{EXAMPLE}/questionnaires/worked-example.toml"))
        .unwrap()
        .replace("id = \"worked-example\"", "id = \"cncf-maturity\"");
    std::fs::write(qdir.join("cncf-maturity.toml"), text).unwrap();
    let eng = dir.path().join("engagement");
    std::fs::create_dir_all(&eng).unwrap();
    std::fs::write(
        eng.join("engagement.toml"),
        "client = \"X\"\ndate = \"2026-11-24\"\nlanguage = \"en\"\nquestionnaires = [\"cncf-maturity\"]\n",
    )
    .unwrap();
    bin()
        .args([
            "--questionnaires",
            qdir.to_str().unwrap(),
            "score",
            eng.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("<embedded>/data/antipatterns.toml:").and(
                predicate::str::contains("condition names unknown question `inv.staffing`"),
            ),
        );
}
