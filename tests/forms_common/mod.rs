//! Helpers shared by the forms and interview tests: a fresh copy of the test engagement, the
//! binary with the test questionnaire folder, and the answers the engine loads.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const QUESTIONNAIRES: &str = "tests/fixtures/forms/questionnaires";
pub const ENGAGEMENT: &str = "tests/fixtures/forms/engagement";

/// The binary, with the test questionnaire folder.
pub fn bin() -> Command {
    let mut cmd = Command::cargo_bin("platform-audit").unwrap();
    cmd.args(["--questionnaires", QUESTIONNAIRES]);
    cmd
}

/// A fresh copy of the test engagement in a temporary folder.
pub fn engagement() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("globex");
    std::fs::create_dir_all(dir.join("responses")).unwrap();
    std::fs::copy(
        Path::new(ENGAGEMENT).join("engagement.toml"),
        dir.join("engagement.toml"),
    )
    .unwrap();
    (tmp, dir)
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `interview DIR --questionnaire Q --respondent NAME --role ROLE`, for more arguments to follow.
pub fn interview_cmd(dir: &Path, questionnaire: &str, name: &str, role: &str) -> Command {
    let mut cmd = bin();
    cmd.args([
        "interview",
        s(dir),
        "--questionnaire",
        questionnaire,
        "--respondent",
        name,
        "--role",
        role,
    ]);
    cmd
}

/// Runs `cmd`, expects it to succeed (else fails with its stderr), and returns its stdout.
pub fn success_stdout(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every file under `responses/` with its content, to prove a failed import wrote nothing. The
/// hidden lock files (`.platform-audit.lock*`) are not data, and left out.
pub fn responses(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir.join("responses"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".platform-audit.")
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// The engagement's one survey file (`responses/survey-1a2b3c4d.csv`): its name and its rows
/// (the header first).
pub fn survey_file(dir: &Path) -> (String, Vec<String>) {
    let files: Vec<(String, String)> = responses(dir)
        .into_iter()
        .filter(|(name, _)| name.starts_with("survey-") && name.ends_with(".csv"))
        .collect();
    assert_eq!(files.len(), 1, "one survey file: {files:?}");
    let (name, text) = files.into_iter().next().unwrap();
    (name, text.lines().map(str::to_string).collect())
}

/// One answer as the engine loads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Got {
    Value(Value),
    DontKnow,
    NotApplicable,
}

/// Every answer as the engine loads it: question id → respondent id → (answer, note). Read
/// through the library, since `score --json` lists no survey answer one by one (anonymity); the
/// Assessment must agree with it: the answers it lists are exactly the non-survey ones, and its
/// per-question counts (values, don't know, not applicable) add up to everything loaded.
pub fn scored(dir: &Path) -> BTreeMap<String, BTreeMap<String, (Got, Option<String>)>> {
    use platform_audit::engagement::{AnswerState, Engagement};
    use platform_audit::questionnaire::Catalog;
    let json: Value =
        serde_json::from_slice(&success_stdout(bin().args(["score", s(dir), "--json"]))).unwrap();
    let catalog = Catalog::load(&[PathBuf::from(QUESTIONNAIRES)]).unwrap();
    let engagement = Engagement::load(dir, &catalog).unwrap();
    // Every question has an entry, answered or not.
    let mut all: BTreeMap<String, BTreeMap<String, (Got, Option<String>)>> = catalog
        .questions()
        .map(|q| (q.id.to_string(), BTreeMap::new()))
        .collect();
    for r in &engagement.responses {
        for (qid, a) in &r.answers {
            let got = match &a.state {
                AnswerState::Value(v) => Got::Value(serde_json::to_value(v).unwrap()),
                AnswerState::DontKnow => Got::DontKnow,
                AnswerState::NotApplicable => Got::NotApplicable,
            };
            all.entry(qid.to_string())
                .or_default()
                .insert(r.respondent.id.clone(), (got, a.note.clone()));
        }
    }
    let survey: std::collections::BTreeSet<&str> = engagement
        .responses
        .iter()
        .filter(|r| r.respondent.channel == platform_audit::engagement::Channel::Survey)
        .map(|r| r.respondent.id.as_str())
        .collect();
    for q in json["questions"].as_array().unwrap() {
        let loaded = &all[q["id"].as_str().unwrap()];
        let listed: Vec<&str> = q["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["respondent"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = loaded
            .keys()
            .map(String::as_str)
            .filter(|id| !survey.contains(id))
            .collect();
        assert_eq!(listed, expected, "{}", q["id"]);
        let count = |key: &str| q[key].as_u64().unwrap() as usize;
        let values: usize = q["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["count"].as_u64().unwrap() as usize)
            .sum();
        // Survey free text is never in `values` (it could name its writer).
        let survey_count = |key: &str| q["survey"][key].as_u64().unwrap_or(0) as usize;
        let free_text_survey = if q["kind"] == "text" {
            survey_count("answers") - survey_count("dont_know") - survey_count("not_applicable")
        } else {
            0
        };
        assert_eq!(
            values + count("dont_know") + count("not_applicable") + free_text_survey,
            loaded.len(),
            "{}",
            q["id"]
        );
    }
    all
}

pub fn v(x: impl Into<Value>) -> Got {
    Got::Value(x.into())
}

/// The question ids of a questionnaire in their order, as `score --json` lists them.
pub fn question_ids(dir: &Path, questionnaire: &str) -> Vec<String> {
    let out = bin().args(["score", s(dir), "--json"]).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["questionnaire"] == questionnaire)
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}
