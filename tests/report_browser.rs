//! Opens the sample's HTML report, both profiles in French and in English, in headless Chromium
//! (`tests/browser/report.mjs`) and prints it to A4 PDF: no console errors, nothing fetched, every
//! chart drawn; the board pack fits in 12 pages; every printed page of the full report carries its
//! page number and running footer (read back with `pdftotext`). Saves
//! `tests/artifacts/report-{board,full}-{fr,en}.png` (full page) and `.pdf` to look at.
//! Fails, never skips, when node, playwright-core, Chromium or pdftotext is missing:
//! `scripts/test.sh` installs them.

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

/// The text of each page of a PDF, as `pdftotext` reads it (pages end with a form feed).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let run = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("cannot run pdftotext (install poppler-utils): {e}"));
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = String::from_utf8_lossy(&run.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Renders one profile of the sample in one language, opens it in Chromium and prints it;
/// returns the PDF's pages as text.
fn check_in_browser(profile: &str, lang: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("tests/browser/node_modules/playwright-core")
            .is_dir(),
        "playwright-core is not installed: run scripts/test.sh (npm ci in tests/browser)"
    );
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("platform-audit")
        .unwrap()
        .args(["report", "samples/acme", "--format", "html", "--lang", lang])
        .args(["--profile", profile])
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let artifacts = root.join("tests/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let prefix = artifacts.join(format!("report-{profile}-{lang}"));
    let run = std::process::Command::new("node")
        .arg(root.join("tests/browser/report.mjs"))
        .arg(out.path().join("report.html"))
        .arg(&prefix)
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
    assert!(ids.contains(&"chart-radar"), "{ids:?}");
    assert!(ids.contains(&"chart-initiatives"), "{ids:?}");
    assert!(charts.iter().all(|c| c["ok"] == true), "{stdout}");
    assert!(prefix.with_extension("png").is_file());
    let pdf = prefix.with_extension("pdf");
    let pages = pdf_pages(&pdf);
    assert_eq!(
        pages.len() as u64,
        result["pages"].as_u64().unwrap(),
        "pdftotext and the PDF agree on the page count"
    );
    // Every printed page carries its number out of the total, and the running footer.
    let total = pages.len();
    for (i, text) in pages.iter().enumerate() {
        let number = format!("Page {} / {total}", i + 1);
        assert!(
            text.contains(&number),
            "page {} has no '{number}':\n{text}",
            i + 1
        );
        assert!(
            text.contains("Acme Logistique") && text.contains("2026"),
            "page {} has no running footer:\n{text}",
            i + 1
        );
    }
    eprintln!("{profile} {lang}: {total} A4 pages");
    pages
}

#[test]
fn board_pack_prints_to_at_most_twelve_pages_in_french() {
    let pages = check_in_browser("board", "fr");
    assert!((6..=12).contains(&pages.len()), "{} A4 pages", pages.len());
}

#[test]
fn board_pack_prints_to_at_most_twelve_pages_in_english() {
    let pages = check_in_browser("board", "en");
    assert!((6..=12).contains(&pages.len()), "{} A4 pages", pages.len());
    // The executive summary holds on one page: its page also shows the first recommendations.
    let summary = pages
        .iter()
        .position(|p| p.contains("Where to go"))
        .unwrap();
    assert!(pages[summary].contains("First five recommendations"));
    assert!(!pages[summary + 1].contains("First five recommendations"));
}

#[test]
fn full_report_renders_cleanly_in_chromium_in_french() {
    let pages = check_in_browser("full", "fr");
    // A cover, a page per main section at least, and no runaway layout: the sample's appendix
    // lists ~500 answers and ~190 ranked recommendations, about 40 pages of it.
    assert!(
        (20..=110).contains(&pages.len()),
        "{} A4 pages",
        pages.len()
    );
}

#[test]
fn full_report_renders_cleanly_in_chromium_in_english() {
    let pages = check_in_browser("full", "en");
    assert!(
        (20..=110).contains(&pages.len()),
        "{} A4 pages",
        pages.len()
    );
}
