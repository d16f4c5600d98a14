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
    assert_eq!(a["schema_version"], 3);
    let answered: std::collections::BTreeSet<&str> = a["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| !q["values"].as_array().unwrap().is_empty())
        .map(|q| q["id"].as_str().unwrap())
        .collect();

    // Value counts gather every channel's answers.
    let survey = a["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["questionnaire"] == "space-survey" && q["scored"].as_u64() > Some(0))
        .unwrap();
    let counted: u64 = survey["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, survey["scored"].as_u64().unwrap());

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
    // Anti-patterns of both families carry the answers that triggered them.
    let hits = a["antipatterns"].as_array().unwrap();
    for family in ["devops_topologies", "platform"] {
        assert!(
            hits.iter().any(|h| h["family"] == family),
            "no {family} hit"
        );
    }
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
    // DORA keys placed in the 2024 clusters from the answers' tags, and an overall cluster; the
    // change failure rate is shown against the published values, never placed.
    let dora = &a["dora"];
    assert_eq!(dora["year"], 2024);
    for key in dora["keys"].as_array().unwrap() {
        if key["axis"] == "dora.change_failure_rate" {
            assert!(key["cluster"].is_null(), "{key}");
            assert!(key["reference"]["fr"].is_string(), "{key}");
        } else {
            assert!(key["cluster"]["id"].is_string(), "{key}");
            assert!(key["band"]["fr"].is_string());
        }
        for q in key["questions"].as_array().unwrap() {
            assert!(answered.contains(q.as_str().unwrap()));
        }
    }
    assert!(dora["overall"]["name"]["en"].is_string());
    assert_eq!(dora["overall"]["respondents"]["share"], 25.0);
    // The sample's industry and size place its keys against the 2024 Quick Check benchmarks.
    let bench = &a["benchmark"];
    assert_eq!(bench["edition"], 2024);
    assert_eq!(bench["industry"]["id"], "industrials-manufacturing");
    assert_eq!(bench["size"]["published"], true);
    let lead = bench["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "leadtime")
        .unwrap();
    let z = (lead["value"].as_f64().unwrap() - lead["industry"]["mean"].as_f64().unwrap())
        / lead["industry"]["sd"].as_f64().unwrap();
    assert!(
        (lead["industry_z"].as_f64().unwrap() - z).abs() < 1e-9,
        "{lead}"
    );
    // The 2024 edition has no rework benchmark: the value is there, the position is not.
    let rework = bench["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "rework")
        .unwrap();
    assert!(
        rework["value"].is_number() && rework["industry_z"].is_null(),
        "{rework}"
    );
    // The sample's scan corroborates or contradicts answers, with an explanation in both languages.
    let evidence = &a["evidence"];
    assert_eq!(evidence["scanned"], true);
    let findings = evidence["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["verdict"] == "contradicted"));
    for f in findings {
        assert!(!f["message"]["fr"].as_str().unwrap().is_empty());
        assert!(!f["message"]["en"].as_str().unwrap().is_empty());
        if f["verdict"] != "inferred" {
            assert!(answered.contains(f["question"].as_str().unwrap()), "{f}");
        }
    }
    // A quadrant with its strategy, and what drove each axis.
    let topology = &a["topology"];
    assert!(
        topology["quadrant"]["strategy"]["fr"].is_string(),
        "{topology}"
    );
    assert_eq!(topology["maturity_drivers"].as_array().unwrap().len(), 5);
    let drivers = topology["difficulty_drivers"].as_array().unwrap();
    assert!(!drivers.is_empty());
    let parts: f64 = drivers
        .iter()
        .map(|d| d["contribution"].as_f64().unwrap())
        .sum();
    assert!((parts - topology["difficulty"]["value"].as_f64().unwrap()).abs() < 1e-9);
    for d in drivers {
        assert!(answered.contains(d["id"].as_str().unwrap()));
        assert!(d["answer"]["en"].is_string());
    }
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
            predicate::str::contains(
                "(we.provisioning) place the practice at Operational (2.0), but 20% of 5 repositories show pipeline",
            )
                .and(predicate::str::contains(
                    "Nobody answered \"Are services catalogued?\" (we.portal)",
                ))
                .and(predicate::str::contains("0–3 months")),
        );
    bin()
        .args(["--questionnaires", &q, "score", &e, "--lang", "fr"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "mais 20\u{a0}% des 5 dépôts montrent «\u{a0}pipeline\u{a0}»",
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

/// Every `{fr, en}` pair of a JSON value, with its path.
fn texts<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(map) => {
            if map.len() == 2 && map.contains_key("fr") && map.contains_key("en") {
                out.push((path, v));
            } else {
                for (k, x) in map {
                    texts(x, format!("{path}.{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                texts(x, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_text_of_the_sample_assessment_exists_in_both_languages() {
    let a = score_json(&["score", SAMPLE, "--json"]);
    let mut found = Vec::new();
    texts(&a, String::new(), &mut found);
    assert!(found.len() > 100, "only {} texts", found.len());
    for (path, t) in found {
        for lang in ["fr", "en"] {
            let s = t[lang].as_str().unwrap_or_default();
            assert!(!s.trim().is_empty(), "{path}: no `{lang}` text");
            assert!(!s.contains('{'), "{path}: unfilled placeholder in `{s}`");
        }
    }
}

#[test]
fn a_scan_of_no_repository_gives_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    let eng = dir.path().join("engagement");
    copy_dir(&Path::new(EXAMPLE).join("engagement"), &eng);
    let scan = eng.join("evidence/scan.json");
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(&scan).unwrap()).unwrap();
    json["repositories"] = Value::Array(Vec::new());
    std::fs::write(&scan, serde_json::to_string(&json).unwrap()).unwrap();
    let a = score_json(&[
        "--questionnaires",
        &format!("{EXAMPLE}/questionnaires"),
        "score",
        eng.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(a["evidence"]["scanned"], true);
    assert_eq!(a["evidence"]["repositories"], 0);
    assert!(a["evidence"]["findings"].as_array().unwrap().is_empty());
    assert!(a["questions"][2]["inferred"].is_null());
}

#[test]
fn a_data_folder_replaces_the_embedded_thresholds_and_rules() {
    let data = tempfile::tempdir().unwrap();
    let topology = std::fs::read_to_string("data/topology.toml").unwrap();
    let raised = topology.replacen(
        "[difficulty]\nthreshold = 0.5",
        "[difficulty]\nthreshold = 0.7",
        1,
    );
    assert_ne!(raised, topology, "the sample's threshold line moved");
    std::fs::write(data.path().join("topology.toml"), raised).unwrap();
    let quadrant = |extra: &[&str]| {
        let out = bin()
            .args(["score", SAMPLE, "--json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        json["topology"]["quadrant"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(quadrant(&[]), "hard_beginner");
    // The sample's difficulty (58%) is below the practice's own threshold of 70%.
    assert_eq!(
        quadrant(&["--data", data.path().to_str().unwrap()]),
        "easy_beginner"
    );
}

#[test]
fn a_bad_data_folder_is_refused_with_the_file_named() {
    let data = tempfile::tempdir().unwrap();
    bin()
        .args(["score", SAMPLE, "--data", data.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("none of scoring.toml"));
    let path = data.path().join("topology.toml");
    let topology = std::fs::read_to_string("data/topology.toml").unwrap();
    std::fs::write(
        &path,
        topology.replacen("threshold = 0.5", "threshold = 1.5", 1),
    )
    .unwrap();
    bin()
        .args(["report", SAMPLE, "--data", data.path().to_str().unwrap()])
        .args(["--out", data.path().join("out").to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(path.display().to_string()));
    assert!(!data.path().join("out").exists(), "nothing written");
}

/// Survey anonymity holds in the Assessment itself, not only in the reports: no survey
/// respondent id, note or free text is in `score --json`, while the survey is still counted.
#[test]
fn sample_assessment_never_names_a_survey_respondent() {
    use platform_audit::engagement::{AnswerState, Channel, Engagement};
    use platform_audit::questionnaire::{Catalog, Kind, Value as Answer};
    let catalog = Catalog::load(&[]).unwrap();
    let engagement = Engagement::load(Path::new(SAMPLE), &catalog).unwrap();
    let survey: Vec<_> = engagement
        .responses
        .iter()
        .filter(|r| r.respondent.channel == Channel::Survey)
        .collect();
    assert!(survey.len() >= 10, "the sample has a survey");
    let out = bin().args(["score", SAMPLE, "--json"]).output().unwrap();
    assert!(out.status.success());
    let json = String::from_utf8(out.stdout).unwrap();
    let mut secrets = Vec::new();
    for r in &survey {
        secrets.push(r.respondent.id.clone());
        for (qid, a) in &r.answers {
            secrets.extend(a.note.clone());
            let free_text = catalog
                .question(qid)
                .is_some_and(|q| matches!(q.kind, Kind::Text));
            if let (true, AnswerState::Value(Answer::Text(t))) = (free_text, &a.state) {
                secrets.push(t.clone());
            }
        }
    }
    assert!(secrets.iter().any(|s| s.contains("Astreinte")));
    assert!(secrets.iter().any(|s| s.contains("guide d'arrivée")));
    for s in &secrets {
        assert!(!json.contains(s.as_str()), "{s:?} is in score --json");
    }
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["survey"]["count"], survey.len());
    let comment = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "dx.comment")
        .unwrap();
    assert!(comment["survey"]["answers"].as_u64().unwrap() > 0);
    // Two operations people answered the survey: below the minimum group of 5, so no
    // operations group is published on a survey question, while the 8 developers' is.
    let sat = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "dx.sat_work")
        .unwrap();
    let roles: Vec<&str> = sat["by_role"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["developer"]);
    assert!(v["survey"]["by_role"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["role"] != "operations"));
    assert_eq!(comment["survey"]["values"], serde_json::json!([]));
}

/// engagement.toml sets Measurement to 2: a question mapped to that aspect aims at 2 even
/// though it also maps to success keys (whose target is the default 3), and so do the
/// recommendations it calls for.
#[test]
fn a_cncf_question_takes_the_engagement_target_of_its_aspect() {
    let a = score_json(&["score", SAMPLE, "--json"]);
    let q = a["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "meas.efficiency")
        .unwrap();
    assert_eq!(q["target"], 2);
    let sources: Vec<&Value> = a["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["sources"].as_array().unwrap())
        .filter(|s| s["question"] == "meas.efficiency")
        .collect();
    assert!(!sources.is_empty());
    assert!(sources.iter().all(|s| s["target"] == 2), "{sources:?}");
}

/// Recovery time answers are "between one day and one week", which the 2024 table puts in the
/// Low cluster, defined as "between one week and one month": the summary shows what was
/// answered, and the cluster's definition only as a labelled aside.
#[test]
fn dora_shows_the_answered_range_beside_the_cluster_definition() {
    let a = score_json(&["score", SAMPLE, "--json"]);
    let key = a["dora"]["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["axis"] == "dora.recovery_time")
        .unwrap();
    assert_eq!(key["cluster"]["id"], "low");
    assert_eq!(key["answered"]["en"], "Between one day and one week");
    assert_eq!(key["band"]["en"], "Between one week and one month");
    let out = bin()
        .args(["score", SAMPLE, "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.contains("recovery time:")).unwrap();
    assert_eq!(
        line.trim(),
        "Failed deployment recovery time: outside the published bands (counted with Low \
         performance) — most frequent answer: Between one day and one week (DORA 2024 band for Low \
         performance: Between one week and one month)"
    );
    let out = bin().args(["score", SAMPLE]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(
        "Temps de rétablissement après un déploiement en échec : hors des plages publiées (compté \
         avec « Performance faible ») — réponse la plus fréquente : Entre un jour et une semaine \
         (repère DORA 2024 pour « Performance faible » : Entre une semaine et un mois)"
    ));
    // The change failure rate is shown against the published values, not placed.
    assert!(text.contains(
        "Taux d'échec des changements : non placé — réponse la plus fréquente : De 16 à 30 %"
    ));
}

/// The sample's roadmap lists each piece of advice once: no two items share a title in either
/// language, and advice asked for by several questions lists them all as sources.
#[test]
fn sample_roadmap_items_have_distinct_titles() {
    let a = score_json(&["score", SAMPLE, "--json"]);
    let items = a["recommendations"].as_array().unwrap();
    for lang in ["fr", "en"] {
        let mut titles: Vec<&str> = items
            .iter()
            .map(|r| r["title"][lang].as_str().unwrap())
            .collect();
        titles.sort_unstable();
        let before = titles.len();
        titles.dedup();
        assert_eq!(titles.len(), before, "a title is repeated in {lang}");
    }
    let pm = items
        .iter()
        .find(|r| r["id"] == "platform-product-manager")
        .unwrap();
    let sources: Vec<&str> = pm["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["question"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["inv.product_management", "sk.product.management"]);
}

/// The benchmarks are data a practice replaces (#13): a dora-benchmarks.toml without the sample's
/// industry leaves that comparison out, said as unpublished, and keeps the size's.
#[test]
fn a_practice_benchmark_file_without_the_industry_is_said_not_filled() {
    let data = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("data/dora-benchmarks.toml").unwrap();
    let start = text
        .find("[industries.\"industrials-manufacturing\"]")
        .unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    let trimmed = format!("{}{}", &text[..start], &text[end..]);
    std::fs::write(data.path().join("dora-benchmarks.toml"), trimmed).unwrap();
    let out = bin()
        .args([
            "score",
            SAMPLE,
            "--json",
            "--data",
            data.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &a["benchmark"];
    assert_eq!(b["industry"]["published"], false);
    assert_eq!(b["size"]["published"], true);
    for m in b["metrics"].as_array().unwrap() {
        assert!(m["industry_z"].is_null(), "{m}");
    }
    assert!(b["metrics"][0]["size_z"].is_number());
    let report = tempfile::tempdir().unwrap();
    bin()
        .args(["report", SAMPLE, "--lang", "en", "--format", "md", "--out"])
        .arg(report.path())
        .args(["--data", data.path().to_str().unwrap()])
        .assert()
        .success();
    let md = std::fs::read_to_string(report.path().join("report.md")).unwrap();
    assert!(
        md.contains("Industrials and manufacturing, with no published benchmark in this edition"),
        "{md}"
    );
}
