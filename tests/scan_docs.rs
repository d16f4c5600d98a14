//! The examples of `docs/scan.md` are real: the catalogue example loads and finds what it says,
//! the evidence example parses as the contract, and the signal table lists the whole catalogue.

mod common;

use common::scan_json;
use platform_audit::evidence::{GitHistory, ScanReport};
use platform_audit::scan::Catalogue;
use std::collections::BTreeSet;

fn doc() -> String {
    std::fs::read_to_string("docs/scan.md").unwrap()
}

/// The body of the fenced block whose info string is `info`.
fn block(doc: &str, info: &str) -> String {
    let start = doc
        .find(&format!("```{info}\n"))
        .unwrap_or_else(|| panic!("no ```{info} block"));
    let body = &doc[start + info.len() + 4..];
    body[..body.find("\n```").unwrap()].to_string()
}

#[test]
fn catalogue_example_loads_and_detects_a_changelog() {
    let dir = tempfile::tempdir().unwrap();
    let signals = dir.path().join("signals.toml");
    std::fs::write(&signals, block(&doc(), "toml signals")).unwrap();
    let repo = dir.path().join("svc");
    std::fs::create_dir_all(repo.join("docs")).unwrap();
    std::fs::write(repo.join("changelog.md"), "# Changes\n").unwrap();
    std::fs::write(
        repo.join("docs/HISTORY.md"),
        "# History\n\n## [Unreleased]\n\n## [1.2.0]\n",
    )
    .unwrap();
    std::fs::write(repo.join("docs/notes.md"), "## Notes\n").unwrap();
    let report = scan_json(
        &[repo.to_str().unwrap()],
        &["--signals", signals.to_str().unwrap()],
    );
    let hit = &report.repositories[0].signals[0];
    assert_eq!(hit.id, "docs.changelog");
    assert_eq!(hit.paths, ["changelog.md", "docs/HISTORY.md"]);
}

#[test]
fn evidence_example_is_a_valid_scan_report() {
    let source = platform_audit::source::Source {
        name: "docs/scan.md".into(),
        text: block(&doc(), "json scan"),
    };
    // Read as scoring reads it: parsed and checked whole.
    let report = ScanReport::parse(&source).unwrap();
    assert_eq!(
        report.schema_version,
        platform_audit::evidence::SCAN_SCHEMA_VERSION
    );
    assert!(matches!(
        report.repositories[0].history,
        Some(GitHistory::Read(_))
    ));
    assert!(matches!(
        report.repositories[1].history,
        Some(GitHistory::Unavailable { .. })
    ));
    assert_eq!(report.coverage_of_any(&["quality.tests".into()], &[]), 0.5);
}

#[test]
fn signal_table_lists_exactly_the_embedded_catalogue() {
    let framework = platform_audit::embed::framework().unwrap();
    let catalogue = Catalogue::embedded(&framework).unwrap();
    let doc = doc();
    let table = &doc[doc.find("## Signals").unwrap()..doc.find("## Performance").unwrap()];
    let documented: BTreeSet<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let ids: BTreeSet<&str> = catalogue.signals.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(documented, ids);
}

#[test]
fn contexts_example_loads_and_sorts_matches_by_context() {
    let dir = tempfile::tempdir().unwrap();
    let doc = doc();
    let signals = dir.path().join("signals.toml");
    let text = format!(
        "{}\n{}\n",
        block(&doc, "toml signals"),
        block(&doc, "toml contexts")
    );
    std::fs::write(&signals, text).unwrap();
    let repo = dir.path().join("svc");
    for (path, text) in [
        ("CHANGELOG.md", "# Changes\n"),
        ("testdata/HISTORY.md", "## [Unreleased]\n\n## [0.1.0]\n"),
        ("docs/HISTORY.md", "## [Unreleased]\n\n## [1.2.0]\n"),
    ] {
        std::fs::create_dir_all(repo.join(path).parent().unwrap()).unwrap();
        std::fs::write(repo.join(path), text).unwrap();
    }
    let report = scan_json(
        &[repo.to_str().unwrap()],
        &["--signals", signals.to_str().unwrap()],
    );
    let r = &report.repositories[0];
    // docs/ is exempt for docs.* signals; testdata/ is a fixture.
    assert_eq!(r.signals[0].paths, ["CHANGELOG.md", "docs/HISTORY.md"]);
    assert_eq!(r.other_matches.len(), 1);
    assert_eq!(r.other_matches[0].context.id(), "fixture");
    assert_eq!(r.other_matches[0].paths, ["testdata/HISTORY.md"]);
}
