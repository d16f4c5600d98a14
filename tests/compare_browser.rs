//! Opens the progress report of the two samples, in French and in English, in headless Chromium
//! (`tests/browser/report.mjs`, as the main report): no console errors, nothing fetched, every
//! chart drawn, a sane A4 page count. Saves `tests/artifacts/progress-{fr,en}.png` and `.pdf`.
//! Fails, never skips, when node, playwright-core or Chromium is missing: `scripts/test.sh`
//! installs them.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn chromium() -> PathBuf {
    let path = std::env::var_os("PLATFORM_AUDIT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.is_file(),
        "Chromium not found at {} (set PLATFORM_AUDIT_CHROMIUM or run scripts/test.sh)",
        path.display()
    );
    path
}

fn check_in_browser(lang: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("tests/browser/node_modules/playwright-core")
            .is_dir(),
        "playwright-core is not installed: run scripts/test.sh (npm ci in tests/browser)"
    );
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("platform-audit")
        .unwrap()
        .args([
            "compare",
            "samples/acme",
            "samples/acme-followup",
            "--format",
            "html",
            "--lang",
            lang,
        ])
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let artifacts = root.join("tests/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let run = std::process::Command::new("node")
        .arg(root.join("tests/browser/report.mjs"))
        .arg(out.path().join("progress.html"))
        .arg(artifacts.join(format!("progress-{lang}")))
        .env("PLATFORM_AUDIT_CHROMIUM", chromium())
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (install Node.js 20+): {e}"));
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stdout}\n{stderr}");
    let result: serde_json::Value =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    assert_eq!(result["errors"], serde_json::json!([]), "{stdout}");
    let charts = result["charts"].as_array().unwrap();
    let ids: Vec<_> = charts.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["progress-aspects"], "{stdout}");
    assert!(charts.iter().all(|c| c["ok"] == true), "{stdout}");
    // A cover, the summary, the chart, the tables: a handful of A4 pages, no runaway layout.
    let pages = result["pages"].as_u64().unwrap();
    assert!((4..=30).contains(&pages), "{pages} A4 pages");
}

#[test]
fn french_progress_report_renders_cleanly_in_chromium() {
    check_in_browser("fr");
}

#[test]
fn english_progress_report_renders_cleanly_in_chromium() {
    check_in_browser("en");
}
