//! The value case: the worked example of docs/value.md recomputed through the engine from the
//! page's own `[economics]` table, and no currency amount without economics inputs.

mod common;

use common::{bin, sample, success_output};
use std::path::Path;

fn score(dir: &Path) -> serde_json::Value {
    let out = success_output(bin().arg("score").arg(dir).arg("--json"));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_worked_example_of_the_docs_is_what_the_engine_computes() {
    let doc = std::fs::read_to_string("docs/value.md").unwrap();
    let block = doc
        .split("```toml economics\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a ```toml economics block");
    let (_tmp, dir) = sample();
    let manifest = dir.join("engagement.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let head = &text[..text.find("[economics]").expect("the sample has economics")];
    std::fs::write(&manifest, format!("{head}{block}")).unwrap();
    // The example states its range in [economics]: without the survey's answers to the
    // lost-hours questions, which would otherwise come first.
    for entry in std::fs::read_dir(dir.join("responses")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("space-survey-")
        {
            std::fs::remove_file(path).unwrap();
        }
    }
    let value = &score(&dir)["value"];
    assert_eq!(value["lost_hours_basis"], "economics");
    let mut rows = 0;
    for line in doc.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (field, expected) = (cells[1].trim_matches('`'), cells[2]);
        let Ok(expected) = expected.parse::<f64>() else {
            continue;
        };
        let got = field
            .split('.')
            .fold(value, |v, key| &v[key])
            .as_f64()
            .unwrap_or_else(|| panic!("{field} missing in {value}"));
        assert_eq!(got, expected, "{field}");
        rows += 1;
    }
    assert_eq!(rows, 15, "every row of the worked example is checked");
    assert_eq!(value["missing_inputs"], serde_json::json!([]));
}

#[test]
fn the_samples_survey_gives_the_lost_hours_as_quartiles() {
    let value = &score(Path::new("samples/acme"))["value"];
    assert_eq!(value["lost_hours_basis"], "survey:10");
    let lost = value["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "lost_hours_per_week")
        .unwrap();
    // Per respondent, waiting + toil: 2 4 4 5 6 7 8 8 10 13 → quartiles 4.25, 6.5, 8.
    assert_eq!(
        lost["range"],
        serde_json::json!({"low": 4.3, "expected": 6.5, "high": 8.0})
    );
    assert_eq!(value["expected"], 530000.0);
}

#[test]
fn without_economics_no_currency_amount_is_shown() {
    let (_tmp, dir) = sample();
    let manifest = dir.join("engagement.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let head = &text[..text.find("\n# The client's own numbers").unwrap()];
    std::fs::write(&manifest, format!("{head}\n")).unwrap();
    let value = &score(&dir)["value"];
    assert_eq!(value["economics"], false);
    assert!(value["expected"].is_null() && value["sensitivity"].is_null());
    success_output(bin().arg("report").arg(&dir).args(["--format", "html,md"]));
    for file in ["report.html", "report.md"] {
        let text = std::fs::read_to_string(dir.join("reports/fr").join(file)).unwrap();
        for sign in ["€", "k€", "M€"] {
            assert!(!text.contains(sign), "{file} shows {sign}");
        }
    }
}

/// The sample's engagement.toml with `from` replaced by `to`, scored: the exit code must be 1 (bad
/// input); returns the error and the line of `to`.
fn refused(from: &str, to: &str) -> (String, usize) {
    let (_tmp, dir) = sample();
    let manifest = dir.join("engagement.toml");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace(from, to);
    std::fs::write(&manifest, &text).unwrap();
    let line = text.lines().position(|l| l.contains(to)).unwrap() + 1;
    let out = bin().arg("score").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    (String::from_utf8_lossy(&out.stderr).into_owned(), line)
}

#[test]
fn a_bad_economics_figure_is_refused_with_its_position() {
    let (err, line) = refused(
        "working_weeks_per_year = { value = 45,",
        "working_weeks_per_year = { value = 60,",
    );
    assert!(
        err.contains(&format!(
            "engagement.toml:{line}:36: economics working_weeks_per_year 60: expected a number above 0 and at most 52"
        )),
        "{err}"
    );
}

#[test]
fn each_goal_names_what_blocks_it_and_what_lifts_it() {
    let a = score(Path::new("samples/acme"));
    let goal = &a["value_stream"][0];
    assert_eq!(
        goal["text"],
        "Ouvrir deux nouvelles plateformes régionales de distribution en 2027"
    );
    let blockers: Vec<&str> = goal["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["question"].as_str().unwrap())
        .collect();
    // The questions the consultant named come first, then the axes' largest gaps.
    assert_eq!(&blockers[..2], ["sk.self.new_service", "intf.provisioning"]);
    for b in goal["blockers"].as_array().unwrap() {
        assert!(
            b["gap"].as_f64().unwrap() > 0.0,
            "a blocker is below its target"
        );
    }
    let recommendations = a["recommendations"].as_array().unwrap();
    for id in goal["recommendations"].as_array().unwrap() {
        let r = recommendations.iter().find(|r| &r["id"] == id).unwrap();
        assert!(
            r["sources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| blockers.contains(&s["question"].as_str().unwrap())),
            "{id} lifts a blocker"
        );
    }
}

#[test]
fn a_goal_naming_an_unknown_axis_is_refused_with_its_position() {
    let (err, line) = refused(
        "axes = [\"dora.lead_time\", \"cncf.interfaces\"]",
        "axes = [\"dora.leadtime\"]",
    );
    assert!(
        err.contains(&format!(
            "engagement.toml:{line}:9: [dora.leadtime] unknown axis `dora.leadtime` in a goal"
        )),
        "{err}"
    );
}

#[test]
fn the_score_summary_states_the_range() {
    let out = success_output(bin().args(["score", "samples/acme", "--lang", "en"]));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Value (per year)\n  €200k – €930k (expected €530k)"),
        "{text}"
    );
}

/// A goal resting on a DORA delivery key reads it on DORA's own clusters, never as a level.
#[test]
fn goals_read_delivery_keys_on_their_clusters() {
    let (_tmp, dir) = sample();
    success_output(
        bin()
            .arg("report")
            .arg(&dir)
            .args(["--format", "md", "--lang", "en"]),
    );
    let md = std::fs::read_to_string(dir.join("reports/en/report.md")).unwrap();
    assert!(
        md.contains("**Rests on:** Change lead time: DORA cluster “Low performance”"),
        "{md}"
    );
    assert!(
        !md.contains("Change lead time 1."),
        "a delivery key shown as a level"
    );
}

/// Where the lost hours go: the sample's ten survey respondents ticked hindrances of the SPACE
/// survey's checkbox question; the value case counts each respondent once per hindrance (two
/// respondents with different lists never merge), the question's survey distribution agrees, and
/// below the minimum group size nothing is said.
#[test]
fn the_value_case_says_where_the_hours_go_from_the_checkbox_question() {
    let (_tmp, dir) = sample();
    let json = score(&dir);
    let hindrances = json["value"]["hindrances"].as_array().unwrap();
    let counted: Vec<(&str, u64)> = hindrances
        .iter()
        .map(|h| {
            assert_eq!(h["of"], 10);
            (
                h["id"].as_str().unwrap(),
                h["respondents"].as_u64().unwrap(),
            )
        })
        .collect();
    // The most ticked first; ties in the question's order.
    assert_eq!(
        counted,
        [
            ("environments", 6),
            ("other_teams", 4),
            ("approvals", 3),
            ("slow_pipelines", 3),
            ("flaky_tests", 2),
            ("tooling", 2),
            ("documentation", 2),
            ("interruptions", 2),
            ("reviews", 1),
        ]
    );
    // The survey aggregate of the question: one value per distinct list, ten answers in all.
    let question = json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "dx.friction_sources")
        .unwrap();
    let values = question["survey"]["values"].as_array().unwrap();
    let total: u64 = values.iter().map(|v| v["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 10);
    assert_eq!(values.len(), 10, "ten different lists: {values:?}");

    success_output(
        bin()
            .args(["report"])
            .arg(&dir)
            .args(["--format", "md", "--lang", "en"]),
    );
    let md = std::fs::read_to_string(dir.join("reports/en/report.md")).unwrap();
    assert!(
        md.contains("Where those hours go, according to the 10 respondents who ticked at least one hindrance: waiting for an environment or an access (60%), waiting for another team (40%), manual approvals and change boards (30%)."),
        "{md}"
    );

    // Raised above the respondents who answered, the minimum group size silences it.
    let manifest = dir.join("engagement.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        format!("{text}\n[survey]\nmin_group_size = 11\n"),
    )
    .unwrap();
    let json = score(&dir);
    assert!(json["value"]["hindrances"].is_null(), "{}", json["value"]);
}
