//! Helpers shared by the scan tests.
#![allow(dead_code)]

use assert_cmd::Command;
use platform_audit::evidence::ScanReport;
use std::path::Path;

pub fn bin() -> Command {
    Command::cargo_bin("platform-audit").unwrap()
}

/// Copies a committed fixture tree (regular files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `cmd`, expects it to succeed (else fails with its stderr), and returns its output.
pub fn success_output(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// How many survey respondents `score --json` counts in an engagement (embedded questionnaires).
pub fn survey_count(dir: &Path) -> u64 {
    let out = success_output(bin().arg("score").arg(dir).arg("--json"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["survey"]["count"].as_u64().unwrap_or(0)
}

/// A fresh copy of the sample engagement (samples/acme) in a temporary folder.
pub fn sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    copy_tree(Path::new("samples/acme"), &dir);
    (tmp, dir)
}

/// Makes every folder directly under `root` a repository (git cannot commit a `.git` folder).
pub fn mark_repositories(root: &Path) {
    for entry in std::fs::read_dir(root).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(entry.path().join(".git")).unwrap();
        }
    }
}

/// Runs `scan ROOTS --json --quiet EXTRA…`, expects success, and parses the evidence.
pub fn scan_json(roots: &[&str], extra: &[&str]) -> ScanReport {
    let out = bin()
        .arg("scan")
        .args(roots)
        .args(["--json", "--quiet"])
        .args(extra)
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "scan failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
