//! The exported HTML form in a real browser: headless Chromium (driven by playwright-core from
//! `tests/browser/form.mjs`) answers every question through the page — one by keyboard only —,
//! checks progress and autosave, and downloads the answers; the download imports cleanly and
//! `score --json` shows exactly what was answered. Fails, never skips, without node or Chromium.

mod forms_common;

use forms_common::*;
use std::path::Path;
use std::process::Command;

#[test]
fn html_form_filled_in_chromium_imports_cleanly() {
    let chromium = std::env::var("PLATFORM_AUDIT_CHROMIUM").unwrap_or("/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).is_file(),
        "Chromium not found at {chromium}: run scripts/test.sh (it installs it) or set PLATFORM_AUDIT_CHROMIUM"
    );
    assert!(
        Path::new("tests/browser/node_modules/playwright-core").is_dir(),
        "playwright-core missing: run `npm ci` in tests/browser (scripts/test.sh does)"
    );
    let (_tmp, dir) = engagement();
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

    let spec = serde_json::json!({
        "name": "Zoé O'Brien \"QA\"",
        "role": "developer",
        "answers": {
            "ft.level": { "keyboard": 2, "note": "Ligne 1\nLigne 2 « citée » \\ fin" },
            "ft.choice": { "radio": "weekly" },
            "ft.number": { "type": "2.5" },
            "ft.likert": { "radio": "__dont_know" },
            "ft.yesno": { "radio": "false", "note": "</script><b>x</b>" },
            "ft.text": { "type": "Les tickets, \"toujours\"" }
        }
    });
    let spec_path = dir.join("answers.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let download = dir.join("download.toml");
    let run = Command::new("node")
        .arg("tests/browser/form.mjs")
        .arg(&form)
        .arg(&spec_path)
        .arg(&download)
        .env("PLATFORM_AUDIT_CHROMIUM", &chromium)
        .output()
        .expect("node must be installed to run the browser tests");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "browser run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(summary["suggested"], "forms-test-zoe-o-brien-qa.toml");
    assert_eq!(summary["answered"], 6);

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
    let file = std::fs::read_to_string(dir.join("responses/zoe-o-brien-qa.toml")).unwrap();
    assert!(file.contains("Zoé O'Brien"), "{file}");
    assert!(file.contains("channel = \"self\""));
}
