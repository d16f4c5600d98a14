//! End-to-end tests of `platform-audit scan` on real trees: one fixture repository per signal,
//! look-alike files that must not match, the Acme sample, nested repositories, errors, and git
//! history. Hostile trees are in `scan_hostile.rs`.

mod common;

use common::{bin, copy_tree, mark_repositories, scan_json};
use platform_audit::evidence::{GitHistory, ScanReport};
use predicates::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

const SIGNAL_FIXTURES: &str = "tests/fixtures/repos/signals";

#[test]
fn every_signal_is_found_by_its_fixture_repository() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("signals");
    copy_tree(Path::new(SIGNAL_FIXTURES), &root);
    mark_repositories(&root);
    let report = scan_json(&[root.to_str().unwrap()], &[]);

    let catalogue: BTreeSet<&str> = report.signals.iter().map(|s| s.id.as_str()).collect();
    let fixtures: BTreeSet<&str> = report
        .repositories
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(
        catalogue, fixtures,
        "every signal needs a fixture folder named after it"
    );
    for repo in &report.repositories {
        let hit = repo.signals.iter().find(|h| h.id == repo.path);
        assert!(
            hit.is_some(),
            "{} not found in its fixture: {:?}",
            repo.path,
            repo.signals
        );
        assert!(hit.unwrap().paths.iter().all(|p| !p.starts_with('/')));
    }
    for s in &report.signals {
        assert!(s.repositories >= 1, "{}", s.id);
    }
}

#[test]
fn each_detection_block_of_a_signal_is_exercised() {
    // Signals with several blocks have one fixture file per block; each must be reported.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("signals");
    copy_tree(Path::new(SIGNAL_FIXTURES), &root);
    mark_repositories(&root);
    let report = scan_json(&[root.to_str().unwrap()], &[]);
    let paths = |repo: &str, id: &str| -> Vec<String> {
        let r = report.repositories.iter().find(|r| r.path == repo).unwrap();
        r.signals
            .iter()
            .find(|h| h.id == id)
            .map(|h| h.paths.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        paths("ci.azure_pipelines", "ci.azure_pipelines"),
        [".azuredevops/release.yml", "azure-pipelines.yml"]
    );
    assert_eq!(
        paths("iac.cloudformation", "iac.cloudformation"),
        ["cfn/stack.yaml", "sam/samconfig.toml", "sam/template.yaml"]
    );
    assert_eq!(
        paths("iac.bicep_arm", "iac.bicep_arm"),
        ["arm/azuredeploy.json", "infra/main.bicep"]
    );
    assert_eq!(
        paths("docs.adr", "docs.adr"),
        [
            "design/0002-queue.md",
            "docs/adr/",
            "docs/adr/0001-use-postgres.md"
        ]
    );
    assert_eq!(
        paths("containers.dockerfile", "containers.dockerfile"),
        ["Dockerfile", "worker/Containerfile"]
    );
    assert_eq!(
        paths("observability.opentelemetry", "observability.opentelemetry"),
        ["otel/collector.yaml", "package.json"]
    );
    assert_eq!(
        paths("observability.slo", "observability.slo"),
        ["slo/sloth.yaml", "slo/web.yaml"]
    );
    assert_eq!(
        paths("security.secret_scanning", "security.secret_scanning"),
        [".gitleaks.toml", ".pre-commit-config.yaml"]
    );
    assert_eq!(
        paths("quality.tests", "quality.tests"),
        ["pkg/invoice_test.go", "tests/", "tests/test_invoice.py"]
    );
    // A Helm 2 chart has no apiVersion.
    assert_eq!(
        paths("deploy.helm", "deploy.helm"),
        [
            "charts/legacy/Chart.yaml",
            "charts/web/Chart.yaml",
            "helmfile.yaml"
        ]
    );
    // `Kustomization` is one of the names kustomize reads.
    assert_eq!(
        paths("deploy.kustomize", "deploy.kustomize"),
        [
            "deploy/base/kustomization.yaml",
            "deploy/overlays/prod/Kustomization"
        ]
    );
    // OWNERS and MAINTAINERS list people: a signal of their own, not CODEOWNERS.
    assert_eq!(
        paths("ownership.maintainers", "ownership.maintainers"),
        ["MAINTAINERS.md", "api/OWNERS"]
    );
    assert!(paths("ownership.maintainers", "ownership.codeowners").is_empty());
    assert!(paths("ownership.codeowners", "ownership.maintainers").is_empty());
    // An API-shaped dashboard ({"dashboard": {…}}) has no schemaVersion.
    assert_eq!(
        paths(
            "observability.grafana_dashboards",
            "observability.grafana_dashboards"
        ),
        [
            "grafana/dashboards/web.json",
            "monitoring/checkout-dashboard.json"
        ]
    );
    // Linters declared as pre-commit hooks or run by a CI step count; other hooks do not.
    assert_eq!(
        paths("quality.linters", "quality.linters"),
        [
            ".github/workflows/lint.yml",
            ".golangci.yml",
            ".pre-commit-config.yaml",
            "pyproject.toml"
        ]
    );
    assert!(paths("quality.pre_commit", "quality.linters").is_empty());
    // A sub-project pins its own tools.
    assert_eq!(
        paths("devex.tool_versions", "devex.tool_versions"),
        [".tool-versions", "ui/.nvmrc"]
    );
}

/// A large exported dashboard writes `schemaVersion` at its end, past the bytes read: it is
/// recognised from its first keys.
#[test]
fn a_grafana_dashboard_is_recognised_from_the_start_of_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("svc");
    std::fs::create_dir_all(repo.join("dashboards")).unwrap();
    let panel = r#"{"type": "timeseries", "title": "Latency", "targets": [{"expr": "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m]))"}]}"#;
    let panels = vec![panel; 1000].join(",\n");
    std::fs::write(
        repo.join("dashboards/api.json"),
        format!("{{\n  \"__inputs\": [],\n  \"panels\": [\n{panels}\n  ],\n  \"schemaVersion\": 39\n}}\n"),
    )
    .unwrap();
    std::fs::write(
        repo.join("dashboards/settings.json"),
        "{\n  \"refresh\": \"5m\",\n  \"panelsEnabled\": true\n}\n",
    )
    .unwrap();
    assert!(
        std::fs::metadata(repo.join("dashboards/api.json"))
            .unwrap()
            .len()
            > 65536
    );
    let report = scan_json(&[repo.to_str().unwrap()], &[]);
    let hit = report.repositories[0]
        .signals
        .iter()
        .find(|h| h.id == "observability.grafana_dashboards")
        .expect("dashboard found");
    assert_eq!(hit.paths, ["dashboards/api.json"]);
}

#[test]
fn look_alike_files_match_no_signal() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("negatives");
    copy_tree(Path::new("tests/fixtures/repos/negatives"), &root);
    let report = scan_json(&[root.to_str().unwrap()], &[]);
    assert_eq!(
        report.repositories.len(),
        1,
        "a folder without .git is one repository"
    );
    let repo = &report.repositories[0];
    assert_eq!(repo.path, "negatives");
    assert!(repo.signals.is_empty(), "{:?}", repo.signals);
    assert_eq!(repo.files, 13);
}

/// The sample engagement's evidence is the scan of the Acme fixture repositories.
#[test]
fn sample_evidence_is_the_scan_of_the_acme_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        Path::new("tests/fixtures/repos/acme"),
        &dir.path().join("acme"),
    );
    mark_repositories(&dir.path().join("acme"));
    let out = dir.path().join("scan.json");
    bin()
        .current_dir(dir.path())
        .args(["scan", "acme", "--quiet", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let fresh = std::fs::read_to_string(&out).unwrap();
    let sample = Path::new("samples/acme/evidence/scan.json");
    if std::env::var_os("UPDATE_SAMPLES").is_some() {
        std::fs::create_dir_all(sample.parent().unwrap()).unwrap();
        std::fs::write(sample, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(sample)
        .expect("samples/acme/evidence/scan.json: run with UPDATE_SAMPLES=1 to create it");
    assert_eq!(
        committed, fresh,
        "re-run with UPDATE_SAMPLES=1 and review the diff"
    );
    assert!(
        !fresh.contains(dir.path().to_str().unwrap()),
        "no temporary path in the sample"
    );
}

#[test]
fn sample_evidence_loads_for_scoring() {
    let report = ScanReport::load_optional(Path::new("samples/acme"))
        .unwrap()
        .expect("the sample has evidence");
    assert_eq!(report.repository_count(), 8);
    let ci: Vec<String> = vec!["ci".into()];
    // Every Acme repository defines a pipeline but the legacy warehouse and the template pilot.
    assert_eq!(report.coverage_of_any(&[], &ci), 6.0 / 8.0);
    assert_eq!(
        report.coverage_of_any(&["catalog.backstage_entity".into()], &[]),
        2.0 / 8.0
    );
}

#[test]
fn scan_output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        Path::new("tests/fixtures/repos/acme"),
        &dir.path().join("acme"),
    );
    mark_repositories(&dir.path().join("acme"));
    let run = || {
        bin()
            .current_dir(dir.path())
            .args(["scan", "acme", "--json", "--quiet"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn nested_repositories_are_scanned_once_each_and_named_from_their_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("org");
    for (path, content) in [
        ("mono/README.md", "# mono\n"),
        ("mono/libs/shared/Makefile", "all:\n"),
        ("team/api/Dockerfile", "FROM scratch\n"),
        ("loose-file.txt", "outside any repository\n"),
    ] {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    for repo in ["mono", "mono/libs/shared", "team/api"] {
        std::fs::create_dir_all(root.join(repo).join(".git")).unwrap();
    }
    let report = scan_json(&[root.to_str().unwrap()], &[]);
    let names: Vec<&str> = report
        .repositories
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(names, ["mono", "mono/libs/shared", "team/api"]);
    let mono = &report.repositories[0];
    assert_eq!(
        mono.files, 1,
        "the nested repository's files are not the parent's"
    );
    assert_eq!(mono.signals[0].id, "docs.readme");
    assert_eq!(report.repositories[1].signals[0].id, "devex.task_runner");
}

#[test]
fn several_roots_are_prefixed_by_their_names() {
    let dir = tempfile::tempdir().unwrap();
    for root in ["a", "b"] {
        let p = dir.path().join(root).join("api");
        std::fs::create_dir_all(p.join(".git")).unwrap();
        std::fs::write(p.join("README.md"), "# api\n").unwrap();
    }
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let report = scan_json(&[a.to_str().unwrap(), b.to_str().unwrap()], &[]);
    let names: Vec<&str> = report
        .repositories
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(names, ["a/api", "b/api"]);
    assert_eq!(
        report
            .signals
            .iter()
            .find(|s| s.id == "docs.readme")
            .unwrap()
            .coverage,
        1.0
    );
}

#[test]
fn skip_list_can_be_extended_or_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("r");
    for path in ["third_party/x/Makefile", "node_modules/y/Makefile"] {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "all:\n").unwrap();
    }
    let found = |extra: &[&str]| {
        let report = scan_json(&[root.to_str().unwrap()], extra);
        let repo = &report.repositories[0];
        let paths = repo
            .signals
            .iter()
            .find(|h| h.id == "devex.task_runner")
            .map(|h| h.paths.clone())
            .unwrap_or_default();
        (paths, report.parameters.skip_dirs)
    };
    let (paths, skips) = found(&[]);
    assert_eq!(paths, ["third_party/x/Makefile"]);
    assert!(skips.contains(&"node_modules".to_string()));
    let (paths, _) = found(&["--skip-dir", "third_party"]);
    assert!(paths.is_empty());
    let (paths, skips) = found(&["--no-default-skips"]);
    assert_eq!(paths, ["node_modules/y/Makefile", "third_party/x/Makefile"]);
    assert_eq!(skips, [".git"]);
}

#[test]
fn engagement_flag_writes_its_evidence_file_and_the_summary_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let eng = dir.path().join("acme");
    copy_tree(Path::new("samples/acme"), &eng);
    std::fs::remove_file(eng.join("evidence/scan.json")).unwrap();
    bin()
        .args([
            "scan",
            SIGNAL_FIXTURES,
            "--quiet",
            "--engagement",
            eng.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("couverture").and(predicate::str::contains("écrit")));
    let report = ScanReport::load_optional(&eng).unwrap().unwrap();
    assert_eq!(report.repository_count(), 1);
    bin()
        .args(["score", eng.to_str().unwrap()])
        .assert()
        .success();
}

#[test]
fn bad_inputs_fail_with_a_message_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args(["scan", "no/such/folder", "--json"])
        .assert()
        .failure()
        .code(2)
        .stderr(predicate::str::contains("no/such/folder: not a folder"));
    bin()
        .args([
            "scan",
            SIGNAL_FIXTURES,
            "--engagement",
            dir.path().to_str().unwrap(),
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not an engagement folder"));
    bin()
        .args(["scan", SIGNAL_FIXTURES, "--skip-dir", "a/b", "--json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--skip-dir `a/b`: expected a folder name",
        ));
    let signals = dir.path().join("signals.toml");
    std::fs::write(
        &signals,
        "version = \"1\"\ncategories = []\n[[signals]]\nid = \"x.y\"\ncategory = \"x\"\nlabel = { fr = \"a\", en = \"b\" }\naxes = [\"cncf.nope\"]\ndetect = [{ files = [\"*\"] }]\n",
    )
    .unwrap();
    bin()
        .args([
            "scan",
            SIGNAL_FIXTURES,
            "--json",
            "--signals",
            signals.to_str().unwrap(),
        ])
        .assert()
        .failure()
        .code(1)
        .stderr(
            predicate::str::contains("signals.toml:5:12: [x.y] unknown category `x`")
                .and(predicate::str::contains("unknown axis `cncf.nope`"))
                .and(predicate::str::contains(
                    "glob `*`: its last component matches any name",
                )),
        );
}

#[test]
fn a_user_catalogue_replaces_the_embedded_one() {
    let dir = tempfile::tempdir().unwrap();
    let signals = dir.path().join("signals.toml");
    std::fs::write(
        &signals,
        "version = \"acme-1\"\n[[categories]]\nid = \"docs\"\nlabel = { fr = \"Docs\", en = \"Docs\" }\n[[signals]]\nid = \"docs.changelog\"\ncategory = \"docs\"\nlabel = { fr = \"Journal des changements\", en = \"Changelog\" }\naxes = [\"key.documentation\"]\n[[signals.detect]]\nfiles = [\"/CHANGELOG.md\"]\n",
    )
    .unwrap();
    let repo = dir.path().join("r");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(repo.join("CHANGELOG.md"), "# 1.0\n").unwrap();
    std::fs::write(repo.join("README.md"), "# r\n").unwrap();
    let out = bin()
        .args([
            "scan",
            repo.to_str().unwrap(),
            "--json",
            "--quiet",
            "--signals",
            signals.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: ScanReport = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.signals.len(), 1);
    assert_eq!(report.repositories[0].signals[0].id, "docs.changelog");
}

#[test]
fn git_history_proxies_are_read_with_the_git_flag() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("svc");
    std::fs::create_dir_all(&repo).unwrap();
    let git = |args: &[&str], date: &str| {
        let ok = std::process::Command::new("git")
            .current_dir(&repo)
            .args([
                "-c",
                "user.name=Test",
                "-c",
                "user.email=t@acme.example",
                "-c",
                "tag.gpgSign=false",
                "-c",
                "commit.gpgSign=false",
            ])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"], "2026-01-01T00:00:00Z");
    let dates = [
        "2026-01-05T10:00:00Z",
        "2026-06-01T10:00:00Z",
        "2026-08-20T10:00:00Z",
        "2026-08-27T10:00:00Z",
    ];
    for (i, date) in dates.iter().enumerate() {
        std::fs::write(repo.join("README.md"), format!("# svc {i}\n")).unwrap();
        git(&["add", "README.md"], date);
        git(&["commit", "-q", "-m", &format!("change {i}")], date);
        if i >= 2 {
            git(&["tag", &format!("v1.{i}")], date);
        }
    }
    let no_git = dir.path().join("plain");
    std::fs::create_dir_all(no_git.join(".git")).unwrap();
    let report = scan_json(
        &[repo.to_str().unwrap(), no_git.to_str().unwrap()],
        &["--git"],
    );
    assert!(report.parameters.git);
    let Some(GitHistory::Read(h)) = &report.repositories[1].history else {
        panic!("{:?}", report.repositories[1].history);
    };
    assert_eq!(h.window_end, "2026-08-27");
    assert_eq!(h.commits_total, 4);
    assert_eq!(h.commits_in_window, 3);
    assert_eq!(h.contributors_total, 1);
    assert_eq!(h.tags_total, 2);
    assert_eq!(h.tags_in_window, 2);
    assert_eq!(h.median_days_between_tags, Some(7.0));
    assert!(matches!(
        report.repositories[0].history,
        Some(GitHistory::Unavailable { .. })
    ));

    // The summary shows the proxies as proxies, per repository.
    let out = bin()
        .args(["scan", "--git", "--lang", "en", "--out"])
        .arg(dir.path().join("scan.json"))
        .args([repo.to_str().unwrap(), no_git.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary = String::from_utf8(out.stdout).unwrap();
    assert!(
        summary.contains("Git history over 90 days: proxies only"),
        "{summary}"
    );
    let row = summary
        .lines()
        .find(|l| l.starts_with("svc "))
        .unwrap_or_else(|| panic!("{summary}"));
    let cells: Vec<_> = row.split_whitespace().collect();
    // 3 commits in 90 days ≈ 0.2 a week, 1 contributor, 2 tags, 7 days apart.
    assert_eq!(cells, ["svc", "0.2", "1", "2", "7.0"], "{row}");
    assert!(
        summary.contains("History unavailable: plain ("),
        "{summary}"
    );
}

/// Questionnaire authors reference signal and category ids in evidence rules: every one must
/// exist in the embedded catalogue, or the rule would silently never match.
#[test]
fn every_signal_named_by_an_embedded_questionnaire_exists() {
    let catalog = platform_audit::questionnaire::Catalog::load(&[]).unwrap();
    let signals = platform_audit::scan::Catalogue::embedded(&catalog.framework).unwrap();
    let mut rules = 0;
    for question in catalog.questions() {
        for rule in &question.evidence {
            rules += 1;
            for id in &rule.signals {
                assert!(
                    signals.signal(id).is_some(),
                    "{}: unknown signal `{id}`",
                    question.id
                );
            }
            for id in &rule.categories {
                assert!(
                    signals.category(id).is_some(),
                    "{}: unknown category `{id}`",
                    question.id
                );
            }
        }
    }
    assert!(rules > 0, "the embedded questionnaires use evidence rules");
}

/// Bytes cost a `stat` per file that nothing else needs: counted with `--bytes` only.
#[test]
fn bytes_are_counted_with_the_bytes_option_only() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("r");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("README.md"), "# r\n").unwrap();
    let plain = scan_json(&[root.to_str().unwrap()], &[]);
    assert_eq!(plain.repositories[0].bytes, None);
    let counted = scan_json(&[root.to_str().unwrap()], &["--bytes"]);
    assert_eq!(counted.repositories[0].bytes, Some(4));
    assert_eq!(counted.repositories[0].files, 1);
    let out = dir.path().join("scan.json");
    bin()
        .args(["scan", root.to_str().unwrap(), "--quiet", "--bytes"])
        .args(["--out", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 repository, 1 file, 0.0 kB\n"));
}

#[test]
fn english_summary_lists_found_signals_and_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("r");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("README.md"), "# r\n").unwrap();
    let out = dir.path().join("scan.json");
    bin()
        .args([
            "scan",
            root.to_str().unwrap(),
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("1 repository, 1 file\n")
                .and(predicate::str::contains("README at the root  docs.readme"))
                .and(predicate::str::contains(
                    "Not found: catalog.backstage_entity",
                ))
                .and(predicate::str::contains("written: ")),
        );
    assert!(ScanReport::load_optional(dir.path()).unwrap().is_none());
    let text = std::fs::read_to_string(&out).unwrap();
    let report: ScanReport = serde_json::from_str(&text).unwrap();
    assert_eq!(report.repositories[0].path, "r");
}

#[test]
fn overlapping_roots_scan_a_repository_once_and_clashing_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for repo in ["x/api", "y/api"] {
        let p = dir.path().join(repo);
        std::fs::create_dir_all(p.join(".git")).unwrap();
        std::fs::write(p.join("Makefile"), "all:\n").unwrap();
    }
    let x = dir.path().join("x");
    let x_api = dir.path().join("x/api");
    let report = scan_json(&[x.to_str().unwrap(), x_api.to_str().unwrap()], &[]);
    let names: Vec<&str> = report
        .repositories
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(names, ["x/api"]);

    let y_api = dir.path().join("y/api");
    bin()
        .args([
            "scan",
            x_api.to_str().unwrap(),
            y_api.to_str().unwrap(),
            "--json",
        ])
        .assert()
        .failure()
        .code(2)
        .stderr(predicate::str::contains(
            "two repositories would both be reported as `api`",
        ));
}

/// The sample's evidence is real input for the embedded questionnaires' evidence rules: some rules
/// find their signals in the Acme repositories, others do not (Acme is far from uniform).
#[test]
fn sample_evidence_informs_the_embedded_evidence_rules() {
    let catalog = platform_audit::questionnaire::Catalog::load(&[]).unwrap();
    let report = ScanReport::load_optional(Path::new("samples/acme"))
        .unwrap()
        .unwrap();
    let mut seen = Vec::new();
    for question in catalog.questions() {
        for rule in &question.evidence {
            let coverage = report.coverage_of_any(&rule.signals, &rule.categories);
            assert!((0.0..=1.0).contains(&coverage));
            seen.push((question.id.clone(), coverage));
        }
    }
    assert!(seen.iter().any(|(_, c)| *c > 0.0), "{seen:?}");
    assert!(seen.iter().any(|(_, c)| *c == 0.0), "{seen:?}");
}

/// Path contexts: what sits in test data, examples or a template's payload is listed with its
/// context and never makes a signal present.
#[test]
fn fixtures_examples_and_template_payloads_are_listed_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("contexts");
    copy_tree(Path::new("tests/fixtures/repos/contexts"), &root);
    mark_repositories(&root);
    let report = scan_json(&[root.to_str().unwrap()], &[]);
    let repo = |name: &str| {
        report
            .repositories
            .iter()
            .find(|r| r.path == name)
            .unwrap_or_else(|| panic!("{name} not scanned"))
    };
    let practice = |name: &str| -> Vec<(String, Vec<String>)> {
        repo(name)
            .signals
            .iter()
            .map(|h| (h.id.clone(), h.paths.clone()))
            .collect()
    };
    let others = |name: &str| -> Vec<(String, &'static str, Vec<String>)> {
        repo(name)
            .other_matches
            .iter()
            .map(|h| (h.id.clone(), h.context.id(), h.paths.clone()))
            .collect()
    };
    let v = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    // An operator: its own manifests count; CRs under testdata, a chart under examples/ and a
    // kustomization in docs/ do not, while its ADRs in docs/ remain its own.
    assert_eq!(
        practice("operator"),
        [
            ("deploy.kubernetes".into(), v(&["deploy/operator.yaml"])),
            ("docs.adr".into(), v(&["docs/adr/"])),
            ("docs.readme".into(), v(&["README.md"])),
            ("quality.tests".into(), v(&["test/"])),
        ]
    );
    assert_eq!(
        others("operator"),
        [
            (
                "containers.dockerfile".into(),
                "fixture",
                v(&["test/fixtures/Dockerfile"])
            ),
            (
                "deploy.helm".into(),
                "example",
                v(&["examples/helm/web/Chart.yaml"])
            ),
            (
                "deploy.kubernetes".into(),
                "fixture",
                v(&["internal/controller/testdata/memcached.yaml"])
            ),
            (
                "deploy.kustomize".into(),
                "example",
                v(&["docs/install/kustomization.yaml"])
            ),
        ]
    );

    // A Backstage template repository: the template and the catalog Location are its practice;
    // the skeleton's CI, Dockerfile and catalog entry are what the golden path ships.
    assert_eq!(
        practice("backstage-templates"),
        [
            ("catalog.backstage_entity".into(), v(&["catalog-info.yaml"])),
            ("docs.readme".into(), v(&["README.md"])),
            (
                "golden_paths.scaffolder_template".into(),
                v(&["templates/java-service/template.yaml"])
            ),
        ]
    );
    assert_eq!(
        others("backstage-templates"),
        [
            (
                "catalog.backstage_entity".into(),
                "template_payload",
                v(&["templates/java-service/skeleton/catalog-info.yaml"])
            ),
            (
                "ci.github_actions".into(),
                "template_payload",
                v(&["templates/java-service/skeleton/.github/workflows/ci.yml"])
            ),
            (
                "containers.dockerfile".into(),
                "template_payload",
                v(&["templates/java-service/skeleton/Dockerfile"])
            ),
        ]
    );

    // A cookiecutter: cookiecutter.json is its practice although it names placeholders.
    assert_eq!(
        practice("cookiecutter-python"),
        [
            ("docs.readme".into(), v(&["README.md"])),
            (
                "golden_paths.cookiecutter".into(),
                v(&["cookiecutter.json"])
            ),
        ]
    );
    assert_eq!(
        others("cookiecutter-python"),
        [
            (
                "ci.gitlab_ci".into(),
                "template_payload",
                v(&["{{cookiecutter.project_slug}}/.gitlab-ci.yml"])
            ),
            (
                "containers.dockerfile".into(),
                "template_payload",
                v(&["{{cookiecutter.project_slug}}/Dockerfile"])
            ),
            (
                "quality.tests".into(),
                "template_payload",
                v(&[
                    "{{cookiecutter.project_slug}}/tests/",
                    "{{cookiecutter.project_slug}}/tests/test_app.py"
                ])
            ),
        ]
    );

    // A copier project: template/ beside copier.yml is payload; its own workflow is practice.
    assert_eq!(
        practice("copier-go"),
        [
            (
                "ci.github_actions".into(),
                v(&[".github/workflows/test-template.yml"])
            ),
            ("golden_paths.copier".into(), v(&["copier.yml"])),
        ]
    );
    assert_eq!(
        others("copier-go"),
        [
            (
                "ci.github_actions".into(),
                "template_payload",
                v(&["template/.github/workflows/ci.yml"])
            ),
            (
                "containers.dockerfile".into(),
                "template_payload",
                v(&["template/Dockerfile"])
            ),
            (
                "devex.task_runner".into(),
                "template_payload",
                v(&["template/Makefile"])
            ),
        ]
    );

    // Coverage counts practice only: one repository of four has a Dockerfile of its own (none).
    let coverage = |id: &str| {
        report
            .signals
            .iter()
            .find(|s| s.id == id)
            .unwrap()
            .repositories
    };
    assert_eq!(coverage("containers.dockerfile"), 0);
    assert_eq!(coverage("deploy.helm"), 0);
    assert_eq!(coverage("ci.github_actions"), 1);
}

#[test]
fn a_folder_named_template_is_payload_only_beside_a_copier_file() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("svc");
    std::fs::create_dir_all(repo.join("template")).unwrap();
    std::fs::write(repo.join("template/Dockerfile"), "FROM scratch\n").unwrap();
    let report = scan_json(&[repo.to_str().unwrap()], &[]);
    let hit = report.repositories[0]
        .signals
        .iter()
        .find(|h| h.id == "containers.dockerfile");
    assert_eq!(hit.unwrap().paths, ["template/Dockerfile"]);
    assert!(report.repositories[0].other_matches.is_empty());
}

/// `--explain` lists the paths behind each signal with their context, in the summary's language;
/// the evidence keeps the roots' folder names, never the absolute paths given.
#[test]
fn explain_lists_every_path_with_its_context_and_roots_are_folder_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("contexts");
    copy_tree(Path::new("tests/fixtures/repos/contexts"), &root);
    mark_repositories(&root);
    let out = dir.path().join("scan.json");
    for (lang, expected) in [
        (
            "en",
            [
                "Evidence per signal (paths relative to each repository)",
                "Kubernetes manifests (deploy.kubernetes)\n  practice (counted):\n      operator: deploy/operator.yaml\n  fixture (listed, not counted):\n      operator: internal/controller/testdata/memcached.yaml\n",
                "Golden paths: what the templates generate (template payload, not counted in coverage)\n  backstage-templates: Backstage catalog entity, GitHub Actions workflows, Container image build (Dockerfile, Containerfile)\n",
                "Listed, not counted: 2 paths in fixtures, 2 in examples (--explain lists them)",
            ],
        ),
        (
            "fr",
            [
                "Preuves par signal (chemins relatifs à chaque dépôt)",
                "Helm (charts ou helmfile) (deploy.helm)\n  exemple (listé, non compté)\u{a0}:\n      operator\u{a0}: examples/helm/web/Chart.yaml\n",
                "Chemins balisés\u{a0}: ce que génèrent les modèles (contenu de modèle, non compté dans la couverture)\n",
                "Listés sans être comptés\u{a0}: 2 chemins dans des données de test, 2 dans des exemples",
            ],
        ),
    ] {
        let assert = bin()
            .args(["scan", root.to_str().unwrap(), "--quiet", "--explain"])
            .args(["--lang", lang, "--out", out.to_str().unwrap()])
            .assert()
            .success();
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        for e in expected {
            assert!(stdout.contains(e), "{lang}: {e}\n{stdout}");
        }
    }
    // --verbose is the same listing; --json keeps stdout for the evidence alone.
    let verbose = bin()
        .args(["scan", root.to_str().unwrap(), "--quiet", "--verbose"])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&verbose.stdout).contains("Evidence per signal"));
    bin()
        .args(["scan", root.to_str().unwrap(), "--json", "--explain"])
        .assert()
        .failure();
    let report: ScanReport = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(report.parameters.roots, ["contexts"]);
    assert!(!std::fs::read_to_string(&out)
        .unwrap()
        .contains(dir.path().to_str().unwrap()));
}

/// Successive scans of an engagement merge by repository: a repository scanned again replaces
/// its entry, the others stay; the scan says so; --replace starts afresh.
#[test]
fn successive_engagement_scans_merge_by_repository() {
    let dir = tempfile::tempdir().unwrap();
    let eng = dir.path().join("acme");
    copy_tree(Path::new("samples/acme"), &eng);
    // The sample evidence holds the eight Acme repositories, scanned under a folder `acme`;
    // billing-service is scanned again from another checkout of that folder, now without its CI
    // workflow, and a new repository joins.
    let org = dir.path().join("checkout/acme");
    copy_tree(
        Path::new("tests/fixtures/repos/acme/billing-service"),
        &org.join("billing-service"),
    );
    std::fs::remove_dir_all(org.join("billing-service/.github/workflows")).unwrap();
    copy_tree(
        Path::new("tests/fixtures/repos/contexts/copier-go"),
        &org.join("copier-go"),
    );
    mark_repositories(&org);
    let scan = |extra: &[&str], lang: &str| {
        let out = bin()
            .args(["scan", org.to_str().unwrap(), "--quiet", "--lang", lang])
            .args(["--engagement", eng.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let stdout = scan(&[], "en");
    assert!(
        stdout.contains("Merged with the evidence already there: 1 repository replaced (billing-service), 1 added, 7 kept as they were (--replace starts afresh)"),
        "{stdout}"
    );
    let report = ScanReport::load_optional(&eng).unwrap().unwrap();
    assert_eq!(report.repository_count(), 9);
    let billing = report
        .repositories
        .iter()
        .find(|r| r.path == "billing-service")
        .unwrap();
    assert!(!billing.signals.iter().any(|h| h.id == "ci.github_actions"));
    // Coverage is recomputed over all nine: the workflows of customer-portal and
    // platform-gitops, and copier-go's own.
    let gha = report
        .signals
        .iter()
        .find(|s| s.id == "ci.github_actions")
        .unwrap();
    assert_eq!(gha.repositories, 3);
    assert_eq!(report.parameters.roots, ["acme"]);

    // A partner's repository of the same name, under another folder, is another repository:
    // both are kept, and every name now says its root.
    let partner = dir.path().join("partner");
    copy_tree(
        Path::new("tests/fixtures/repos/acme/billing-service"),
        &partner.join("billing-service"),
    );
    mark_repositories(&partner);
    let out = bin()
        .args(["scan", partner.to_str().unwrap(), "--quiet", "--lang", "en"])
        .args(["--engagement", eng.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("0 repositories replaced, 1 added, 9 kept as they were (--replace starts afresh). Names now start with their root's folder, as the evidence covers several roots"),
        "{stdout}"
    );
    let report = ScanReport::load_optional(&eng).unwrap().unwrap();
    assert_eq!(report.repository_count(), 10);
    assert_eq!(report.parameters.roots, ["acme", "partner"]);
    assert!(report
        .repositories
        .iter()
        .any(|r| r.path == "acme/billing-service"));
    assert!(report
        .repositories
        .iter()
        .any(|r| r.path == "partner/billing-service"));

    let stdout = scan(&[], "fr");
    assert!(
        stdout.contains("Fusionné avec les preuves déjà présentes\u{a0}: dépôts remplacés\u{a0}: 2 (acme/billing-service, acme/copier-go), ajoutés\u{a0}: 0, conservés tels quels\u{a0}: 8"),
        "{stdout}"
    );

    let stdout = scan(&["--replace"], "en");
    assert!(!stdout.contains("Merged"), "{stdout}");
    let report = ScanReport::load_optional(&eng).unwrap().unwrap();
    assert_eq!(report.repository_count(), 2);
    assert_eq!(report.parameters.roots, ["acme"]);

    // Evidence read another way is not mixed in: the error names the file and the remedy.
    bin()
        .args(["scan", org.to_str().unwrap(), "--quiet", "--max-read-bytes", "100"])
        .args(["--engagement", eng.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("evidence/scan.json: the evidence there read 65536 bytes per file for content rules, this scan 100")
                .and(predicate::str::contains("--replace")),
        );
    // An older evidence file is named by its version, with the way out.
    let file = eng.join("evidence/scan.json");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"schema_version\": 2", "\"schema_version\": 1");
    std::fs::write(&file, text).unwrap();
    bin()
        .args(["scan", org.to_str().unwrap(), "--quiet"])
        .args(["--engagement", eng.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("scan.json schema version 1, which counted matches in fixtures, examples and template payloads as practice: expected 2")
                .and(predicate::str::contains("pass --replace to start afresh")),
        );
    // --replace needs an engagement.
    bin()
        .args(["scan", org.to_str().unwrap(), "--replace", "--json"])
        .assert()
        .failure();
}
