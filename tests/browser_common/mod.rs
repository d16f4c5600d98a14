//! Helpers shared by the report browser tests: `tests/browser/report.mjs` opens an HTML report
//! in headless Chromium, prints it to A4 PDF and says what it saw. Fails, never skips, when
//! node, playwright-core or Chromium is missing: `scripts/test.sh` installs them.

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

/// Opens `html` in Chromium, saves `PREFIX.png` and `PREFIX.pdf`, and returns what the page
/// showed (`errors`, `charts`, `pages`…) with the script's output for assertion messages. The
/// page must load without console errors.
pub fn open_report(html: &Path, prefix: &Path) -> (serde_json::Value, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("tests/browser/node_modules/playwright-core")
            .is_dir(),
        "playwright-core is not installed: run scripts/test.sh (npm ci in tests/browser)"
    );
    if let Some(dir) = prefix.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let run = std::process::Command::new("node")
        .arg(root.join("tests/browser/report.mjs"))
        .arg(html)
        .arg(prefix)
        .env("PLATFORM_AUDIT_CHROMIUM", chromium())
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (install Node.js 20+): {e}"));
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stdout}\n{stderr}");
    let result: serde_json::Value =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    assert_eq!(result["errors"], serde_json::json!([]), "{stdout}");
    (result, stdout)
}
