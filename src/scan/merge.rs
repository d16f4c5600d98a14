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
    /// Whether names of the evidence already there changed: evidence from one root merged with
    /// another root's gets its root's folder in front of every name.
    pub renamed: bool,
}

/// Which repository an entry is: the folder name of the root it was found under, and its path
/// within that root (the root's folder name again for a root that is itself a repository).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    root: Option<String>,
    path: String,
}

impl Identity {
    /// Reads an entry's name as the scan wrote it for `roots`: the path within the root for one
    /// root, the root's folder and that path for several (see `scan::name_of`).
    fn of(name: &str, roots: &[String]) -> Identity {
        let within = |root: &String| {
            if name == root {
                Some(name.to_string())
            } else {
                name.strip_prefix(root.as_str())
                    .and_then(|rest| rest.strip_prefix('/'))
                    .map(str::to_string)
            }
        };
        let found = match roots {
            [root] => Some((root.clone(), name.to_string())),
            _ => roots
                .iter()
                .find_map(|root| within(root).map(|path| (root.clone(), path))),
        };
        match found {
            Some((root, path)) => Identity {
                root: Some(root),
                path,
            },
            // An evidence file written by hand, or without its roots: the name is all there is.
            None => Identity {
                root: None,
                path: name.to_string(),
            },
        }
    }

    /// A root that is itself a repository.
    fn is_root(&self) -> bool {
        self.root.as_deref() == Some(self.path.as_str())
    }

    /// The repository's own folder name.
    fn folder(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The name under the scan's rule: prefixed by the root's folder when `several` roots.
    fn name(&self, several: bool) -> String {
        match &self.root {
            Some(root) if several && self.path != *root => format!("{root}/{}", self.path),
            _ => self.path.clone(),
        }
    }
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

    // A repository is the same one when it has the same path in a root of the same folder name,
    // whatever else was scanned with it: `api` of a scan of `team-a` alone is `team-a/api` of a
    // scan of `team-a` and `team-b` together, and never `api` of a scan of `team-b`. A root that
    // is itself a repository (`scan ~/acme/billing`) is the one entry of that folder name already
    // there, if there is exactly one, so one repository can be scanned again on its own.
    let old_ids: Vec<Identity> = old
        .repositories
        .iter()
        .map(|r| Identity::of(&r.path, &old.parameters.roots))
        .collect();
    let new_ids: Vec<Identity> = new
        .repositories
        .iter()
        .map(|r| {
            let id = Identity::of(&r.path, &new.parameters.roots);
            if old_ids.contains(&id) || !id.is_root() {
                return id;
            }
            let mut same_folder = old_ids.iter().filter(|o| o.folder() == id.path);
            match (same_folder.next(), same_folder.next()) {
                (Some(only), None) => only.clone(),
                _ => id,
            }
        })
        .collect();
    let mut merged = Merged::default();
    // (identity, from the new scan, entry)
    let mut repositories = Vec::new();
    let mut replaced = Vec::new();
    for (id, repo) in old_ids.into_iter().zip(old.repositories) {
        if new_ids.contains(&id) {
            replaced.push(id);
        } else {
            repositories.push((id, false, repo));
        }
    }
    repositories.extend(
        new_ids
            .into_iter()
            .zip(new.repositories)
            .map(|(id, repo)| (id, true, repo)),
    );
    let mut roots = old.parameters.roots;
    for (id, _, _) in &repositories {
        if let Some(root) = &id.root {
            if !roots.contains(root) {
                roots.push(root.clone());
            }
        }
    }
    // Names follow the scan's rule over all the roots now in the evidence: prefixed by their
    // root's folder when there are several.
    let several = roots.len() > 1;
    for (id, from_new, repo) in &mut repositories {
        let name = id.name(several);
        let list = match (*from_new, replaced.contains(id)) {
            (false, _) => &mut merged.kept,
            (true, true) => &mut merged.replaced,
            (true, false) => &mut merged.added,
        };
        list.push(name.clone());
        merged.renamed |= !*from_new && repo.path != name;
        repo.path = name;
    }
    let mut repositories: Vec<_> = repositories.into_iter().map(|(_, _, r)| r).collect();
    repositories.sort_by(|a, b| a.path.cmp(&b.path));
    for list in [&mut merged.replaced, &mut merged.added, &mut merged.kept] {
        list.sort();
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
        scan_of(&["org"], repos)
    }

    fn scan_of(roots: &[&str], repos: &[(&str, bool)]) -> ScanReport {
        let mut r = ScanReport {
            schema_version: crate::evidence::SCAN_SCHEMA_VERSION,
            tool_version: "0".into(),
            parameters: ScanParameters {
                roots: roots.iter().map(|r| r.to_string()).collect(),
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
        assert_eq!(names(&merged), ["a", "b", "c"]);
        assert_eq!(what.replaced, ["a"]);
        assert_eq!(what.added, ["c"]);
        assert_eq!(what.kept, ["b"]);
        assert_eq!(merged.signals[0].repositories, 2);
        assert!((merged.signals[0].coverage - 2.0 / 3.0).abs() < 1e-12);
    }

    fn names(report: &ScanReport) -> Vec<&str> {
        report
            .repositories
            .iter()
            .map(|r| r.path.as_str())
            .collect()
    }

    #[test]
    fn repositories_of_the_same_name_in_two_roots_are_both_kept() {
        // `api` of team-a, then `api` of team-b, each scanned alone.
        let old = scan_of(&["team-a"], &[("api", true), ("web", false)]);
        let new = scan_of(&["team-b"], &[("api", false)]);
        let (merged, what) = merge(old, new, "scan.json").unwrap();
        assert_eq!(names(&merged), ["team-a/api", "team-a/web", "team-b/api"]);
        assert_eq!(merged.parameters.roots, ["team-a", "team-b"]);
        assert!(what.replaced.is_empty());
        assert_eq!(what.added, ["team-b/api"]);
        assert_eq!(what.kept, ["team-a/api", "team-a/web"]);
        assert!(what.renamed);
        assert_eq!(merged.signals[0].repositories, 1);
    }

    #[test]
    fn a_root_rescanned_alone_replaces_its_repositories_scanned_with_others() {
        let old = scan_of(
            &["team-a", "team-b"],
            &[
                ("team-a/api", false),
                ("team-b/api", false),
                ("team-b", false),
            ],
        );
        let new = scan_of(&["team-b"], &[("api", true), ("team-b", true)]);
        let (merged, what) = merge(old, new, "scan.json").unwrap();
        assert_eq!(names(&merged), ["team-a/api", "team-b", "team-b/api"]);
        assert_eq!(what.replaced, ["team-b", "team-b/api"]);
        assert!(what.added.is_empty());
        assert_eq!(what.kept, ["team-a/api"]);
        assert!(!what.renamed);
        assert_eq!(merged.signals[0].repositories, 2);
    }

    #[test]
    fn one_repository_scanned_on_its_own_replaces_its_entry() {
        let old = scan_of(&["acme"], &[("billing", false), ("web", false)]);
        // `scan ~/acme/billing`: the root is the repository.
        let new = scan_of(&["billing"], &[("billing", true)]);
        let (merged, what) = merge(old, new, "scan.json").unwrap();
        assert_eq!(names(&merged), ["billing", "web"]);
        assert_eq!(merged.parameters.roots, ["acme"]);
        assert_eq!(what.replaced, ["billing"]);
        assert!(!what.renamed);
        assert_eq!(merged.signals[0].repositories, 1);
        // Two entries of that folder name: the new one is not guessed into either.
        let old = scan_of(&["a", "b"], &[("a/billing", false), ("b/billing", false)]);
        let new = scan_of(&["billing"], &[("billing", true)]);
        let (merged, what) = merge(old, new, "scan.json").unwrap();
        assert_eq!(names(&merged), ["a/billing", "b/billing", "billing"]);
        assert_eq!(what.added, ["billing"]);
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
