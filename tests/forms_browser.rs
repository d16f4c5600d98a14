//! The exported HTML form in a real browser: headless Chromium (driven by playwright-core from
//! `tests/browser/form.mjs`) answers every question through the page — one by keyboard only —,
//! checks progress and autosave, and downloads the answers; the download imports cleanly and
//! `score --json` shows exactly what was answered. Fails, never skips, without node or Chromium.

mod forms_common;

use forms_common::*;
use std::path::Path;
use std::process::Command;

/// Fills the form at `form` in Chromium as `spec` says and downloads the answers to `download`;
/// returns the script's summary (suggested file name, answered count).
fn fill_in_chromium(form: &Path, spec: &serde_json::Value, download: &Path) -> serde_json::Value {
    let chromium = std::env::var("PLATFORM_AUDIT_CHROMIUM").unwrap_or("/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).is_file(),
        "Chromium not found at {chromium}: run scripts/test.sh (it installs it) or set PLATFORM_AUDIT_CHROMIUM"
    );
    assert!(
        Path::new("tests/browser/node_modules/playwright-core").is_dir(),
        "playwright-core missing: run `npm ci` in tests/browser (scripts/test.sh does)"
    );
    let spec_path = download.with_extension("json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let run = Command::new("node")
        .arg("tests/browser/form.mjs")
        .arg(form)
        .arg(&spec_path)
        .arg(download)
        .env("PLATFORM_AUDIT_CHROMIUM", &chromium)
        .output()
        .expect("node must be installed to run the browser tests");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "browser run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap()
}

/// The test engagement with its HTML form exported (French).
fn exported() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (tmp, dir) = engagement();
    success_stdout(bin().args([
        "form",
        "export",
        s(&dir),
        "--questionnaire",
        "forms-test",
        "--format",
        "html",
    ]));
    let form = dir.join("forms/forms-test.fr.html");
    (tmp, dir, form)
}

#[test]
fn html_form_filled_in_chromium_imports_cleanly() {
    let (_tmp, dir, form) = exported();
    let spec = serde_json::json!({
        "name": "Zoé O'Brien \"QA\"",
        "role": "developer",
        "answers": {
            "ft.level": { "keyboard": 2, "note": "Ligne 1\nLigne 2 « citée » \\ fin" },
            "ft.choice": { "radio": "weekly" },
            "ft.number": { "type": "2.5" },
            "ft.likert": { "radio": "__dont_know" },
            "ft.yesno": { "radio": "false", "note": "</script><b>x</b>" },
            "ft.text": { "type": "Les tickets, \"toujours\"" },
            "ft.multi": { "ticks": ["approval", "review"] }
        }
    });
    let download = dir.join("download.toml");
    let summary = fill_in_chromium(&form, &spec, &download);
    assert_eq!(summary["suggested"], "forms-test-zoe-o-brien-qa.toml");
    assert_eq!(summary["answered"], 7);

    success_stdout(bin().args(["form", "import", s(&dir), s(&download)]));
    let scored = scored(&dir);
    let who = "zoe-o-brien-qa";
    assert_eq!(
        scored["ft.level"][who],
        (v(3), Some("Ligne 1\nLigne 2 « citée » \\ fin".into()))
    );
    assert_eq!(scored["ft.choice"][who], (v("weekly"), None));
    assert_eq!(scored["ft.number"][who], (v(2.5), None));
    assert_eq!(scored["ft.likert"][who], (Got::DontKnow, None));
    assert_eq!(
        scored["ft.yesno"][who],
        (v(false), Some("</script><b>x</b>".into()))
    );
    assert_eq!(
        scored["ft.text"][who],
        (v("Les tickets, \"toujours\""), None)
    );
    // Checkboxes: the choices ticked, in the question's order.
    assert_eq!(
        scored["ft.multi"][who],
        (v(vec!["review", "approval"]), None)
    );
    let file = std::fs::read_to_string(dir.join("responses/zoe-o-brien-qa.toml")).unwrap();
    assert!(file.contains("Zoé O'Brien"), "{file}");
    assert!(file.contains("channel = \"self\""));
}

/// D3.2: a name written without Latin letters gets the id platform-audit gives it, in the page
/// and on import.
#[test]
fn d3_2_a_cyrillic_name_downloads_and_imports() {
    let (_tmp, dir, form) = exported();
    let spec = serde_json::json!({
        "name": "Иван Петров",
        "role": "developer",
        "answers": { "ft.level": { "keyboard": 1 } }
    });
    let download = dir.join("download.toml");
    let summary = fill_in_chromium(&form, &spec, &download);
    let id = platform_audit::engagement::slug("Иван Петров").unwrap();
    assert_eq!(summary["suggested"], format!("forms-test-{id}.toml"));
    success_stdout(bin().args(["form", "import", s(&dir), s(&download)]));
    let file = std::fs::read_to_string(dir.join(format!("responses/{id}.toml"))).unwrap();
    assert!(file.contains("Иван Петров"), "{file}");
}
