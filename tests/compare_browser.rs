//! Opens the progress report of the two samples, in French and in English, in headless Chromium
//! (`tests/browser/report.mjs`, as the main report): no console errors, nothing fetched, every
//! chart drawn, a sane A4 page count. Saves `tests/artifacts/progress-{fr,en}.png` and `.pdf`.
//! Fails, never skips, when node, playwright-core or Chromium is missing: `scripts/test.sh`
//! installs them.

mod browser_common;

use assert_cmd::Command;
use std::path::Path;

fn check_in_browser(lang: &str) {
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
    let prefix = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/artifacts")
        .join(format!("progress-{lang}"));
    let (result, stdout) = browser_common::open_report(&out.path().join("progress.html"), &prefix);
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
