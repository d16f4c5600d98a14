//! Helpers shared by the forms and interview tests: a fresh copy of the test engagement, the
//! binary with the test questionnaire folder, and the answers `score --json` reports.
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

/// Every file under `responses/` with its content, to prove a failed import wrote nothing.
pub fn responses(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir.join("responses"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// One answer as `score --json` reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum Got {
    Value(Value),
    DontKnow,
    NotApplicable,
}

/// `score --json`: question id → respondent id → (answer, note).
pub fn scored(dir: &Path) -> BTreeMap<String, BTreeMap<String, (Got, Option<String>)>> {
    let out = success_stdout(bin().args(["score", s(dir), "--json"]));
    let json: Value = serde_json::from_slice(&out).unwrap();
    let mut all = BTreeMap::new();
    for q in json["questions"].as_array().unwrap() {
        let mut by_respondent = BTreeMap::new();
        for a in q["answers"].as_array().unwrap() {
            let got = match a["state"].as_str().unwrap() {
                "value" => Got::Value(a["value"].clone()),
                "dont_know" => Got::DontKnow,
                "not_applicable" => Got::NotApplicable,
                other => panic!("state {other}"),
            };
            by_respondent.insert(
                a["respondent"].as_str().unwrap().to_string(),
                (got, a["note"].as_str().map(str::to_string)),
            );
        }
        all.insert(q["id"].as_str().unwrap().to_string(), by_respondent);
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
