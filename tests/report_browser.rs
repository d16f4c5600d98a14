//! Opens the sample's HTML report, both profiles in French and in English, in headless Chromium
//! (`tests/browser/report.mjs`) and prints it to A4 PDF: no console errors, nothing fetched, every
//! chart drawn; the board pack fits in 12 pages; every printed page of the full report carries its
//! page number and running footer (read back with `pdftotext`). Saves
//! `tests/artifacts/report-{board,full}-{fr,en}.png` (full page) and `.pdf` to look at.
//! Fails, never skips, when node, playwright-core, Chromium or pdftotext is missing:
//! `scripts/test.sh` installs them.

mod browser_common;

use assert_cmd::Command;
use std::path::Path;

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
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("platform-audit")
        .unwrap()
        .args(["report", "samples/acme", "--format", "html", "--lang", lang])
        .args(["--profile", profile])
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let prefix = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/artifacts")
        .join(format!("report-{profile}-{lang}"));
    let (result, stdout) = browser_common::open_report(&out.path().join("report.html"), &prefix);
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
