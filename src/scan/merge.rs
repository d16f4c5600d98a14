//! Successive scans of one engagement: a new scan is merged into the evidence already there, by
//! repository. A repository scanned again replaces its old entry; the others are kept. Evidence
//! read with another catalogue or other walk parameters is not mixed in: the user is told which
//! and can start afresh (`scan --replace`).

use crate::error::{Error, Result};
use crate::evidence::ScanReport;

/// What a merge did, by repository name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Repositories of the new scan that were already in the evidence (their entry replaced).
    pub replaced: Vec<String>,
    /// Repositories of the new scan that were not.
    pub added: Vec<String>,
    /// Repositories of the old evidence the new scan did not cover, kept as they were.
    pub kept: Vec<String>,
}

/// Merges `new` into `old` (read from `file`, named in errors). The catalogue (signals and their
/// categories), the skip list, the read bound and `--git` must be the same: otherwise coverage
/// would mix repositories examined in different ways.
pub fn merge(old: ScanReport, new: ScanReport, file: &str) -> Result<(ScanReport, Merged)> {
    let refuse = |what: String| {
        Error::Usage(format!(
            "{file}: {what}; scan with the same options to merge, or pass --replace to start afresh"
        ))
    };
    let catalogue = |r: &ScanReport| {
        (
            r.signals
                .iter()
                .map(|s| (s.id.clone(), s.category.clone()))
                .collect::<Vec<_>>(),
            r.categories
                .iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>(),
        )
    };
    let (old_signals, old_categories) = catalogue(&old);
    let (new_signals, new_categories) = catalogue(&new);
    if old_signals != new_signals || old_categories != new_categories {
        let ids = |list: &[(String, String)]| -> std::collections::BTreeSet<String> {
            list.iter().map(|(id, _)| id.clone()).collect()
        };
        let (was, now) = (ids(&old_signals), ids(&new_signals));
        let only_old: Vec<&String> = was.difference(&now).collect();
        let only_new: Vec<&String> = now.difference(&was).collect();
        return Err(refuse(format!(
            "the evidence there was read with another signal catalogue (only there: {}; only in this scan: {})",
            list_or_none(&only_old),
            list_or_none(&only_new)
        )));
    }
    let (p, q) = (&old.parameters, &new.parameters);
    if p.skip_dirs != q.skip_dirs {
        return Err(refuse(format!(
            "the evidence there skipped other folders ({}) than this scan ({})",
            p.skip_dirs.join(", "),
            q.skip_dirs.join(", ")
        )));
    }
    if p.max_read_bytes != q.max_read_bytes {
        return Err(refuse(format!(
            "the evidence there read {} bytes per file for content rules, this scan {}",
            p.max_read_bytes, q.max_read_bytes
        )));
    }
    if p.git != q.git {
        let with = |git: bool| if git { "with --git" } else { "without --git" };
        return Err(refuse(format!(
            "the evidence there was read {}, this scan {}",
            with(p.git),
            with(q.git)
        )));
    }

    let mut merged = Merged::default();
    let mut repositories = Vec::new();
    for repo in old.repositories {
        if new.repositories.iter().any(|r| r.path == repo.path) {
            merged.replaced.push(repo.path);
        } else {
            merged.kept.push(repo.path.clone());
            repositories.push(repo);
        }
    }
    for repo in &new.repositories {
        if !merged.replaced.contains(&repo.path) {
            merged.added.push(repo.path.clone());
        }
    }
    repositories.extend(new.repositories);
    repositories.sort_by(|a, b| a.path.cmp(&b.path));
    let mut roots = old.parameters.roots;
    for root in new.parameters.roots.iter() {
        if !roots.contains(root) {
            roots.push(root.clone());
        }
    }
    let mut report = ScanReport {
        repositories,
        parameters: crate::evidence::ScanParameters {
            roots,
            ..new.parameters
        },
        ..new
    };
    report.recompute();
    Ok((report, merged))
}

fn list_or_none(ids: &[&String]) -> String {
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{
        CategoryCoverage, RepositoryEvidence, ScanParameters, SignalCoverage, SignalHit,
    };

    fn report(repos: &[(&str, bool)]) -> ScanReport {
        let mut r = ScanReport {
            schema_version: crate::evidence::SCAN_SCHEMA_VERSION,
            tool_version: "0".into(),
            parameters: ScanParameters {
                roots: vec!["org".into()],
                skip_dirs: vec![".git".into()],
                max_read_bytes: 1024,
                git: false,
            },
            repositories: repos
                .iter()
                .map(|(path, ci)| RepositoryEvidence {
                    path: path.to_string(),
                    files: 1,
                    bytes: Some(1),
                    skipped: Default::default(),
                    signals: ci
                        .then(|| SignalHit {
                            id: "ci.x".into(),
                            paths: vec!["ci.yml".into()],
                        })
                        .into_iter()
                        .collect(),
                    other_matches: Vec::new(),
                    references: Vec::new(),
                    history: None,
                })
                .collect(),
            signals: vec![SignalCoverage {
                id: "ci.x".into(),
                category: "ci".into(),
                repositories: 0,
                coverage: 0.0,
            }],
            categories: vec![CategoryCoverage {
                id: "ci".into(),
                repositories: 0,
                coverage: 0.0,
            }],
        };
        r.recompute();
        r
    }

    #[test]
    fn a_rescanned_repository_replaces_its_entry_and_coverage_is_recomputed() {
        let old = report(&[("a", false), ("b", true)]);
        let new = report(&[("a", true), ("c", false)]);
        let (merged, what) = merge(old, new, "scan.json").unwrap();
        let paths: Vec<&str> = merged
            .repositories
            .iter()
            .map(|r| r.path.as_str())
            .collect();
        assert_eq!(paths, ["a", "b", "c"]);
        assert_eq!(what.replaced, ["a"]);
        assert_eq!(what.added, ["c"]);
        assert_eq!(what.kept, ["b"]);
        assert_eq!(merged.signals[0].repositories, 2);
        assert!((merged.signals[0].coverage - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn other_walk_parameters_are_refused_naming_the_file_and_the_remedy() {
        let old = report(&[("a", false)]);
        let mut new = report(&[("b", false)]);
        new.parameters.git = true;
        let err = merge(old, new, "acme/evidence/scan.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("acme/evidence/scan.json: the evidence there was read without --git, this scan with --git"),
            "{err}"
        );
        assert!(err.contains("--replace"), "{err}");
    }
}
