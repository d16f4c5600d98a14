//! The evidence file `evidence/scan.json`: what `scan` writes and what scoring reads. This is the
//! contract between the two; neither knows the other's internals. The scanner knows nothing of
//! questions: questionnaires link signals to questions through their evidence rules.

use crate::error::{Diagnostic, Error, Result};
use crate::source::Source;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The version of the scan.json shape; raised on any incompatible change.
pub const SCAN_SCHEMA_VERSION: u32 = 1;

/// Where an engagement keeps its scan results.
pub const SCAN_FILE: &str = "evidence/scan.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    pub schema_version: u32,
    pub tool_version: String,
    pub parameters: ScanParameters,
    /// Sorted by path.
    pub repositories: Vec<RepositoryEvidence>,
    /// Every signal of the catalogue, sorted by id, with its coverage across repositories.
    pub signals: Vec<SignalCoverage>,
    /// Every category, sorted by id: repositories with at least one signal of the category.
    pub categories: Vec<CategoryCoverage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanParameters {
    /// The paths given to `scan`, as given.
    pub roots: Vec<String>,
    /// Folder names skipped during the walk.
    pub skip_dirs: Vec<String>,
    /// The most bytes read from one file for content checks.
    pub max_read_bytes: u64,
    /// Whether git history was read (`--git`).
    pub git: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepositoryEvidence {
    /// Relative to the scan root it was found under (the root's own name for a root).
    pub path: String,
    pub files: u64,
    pub bytes: u64,
    /// What could not be read or was passed over, by reason (sorted keys).
    pub skipped: std::collections::BTreeMap<String, u64>,
    /// Signals found, sorted by id, each with the matching paths (relative, sorted).
    pub signals: Vec<SignalHit>,
    /// Git history proxies, with `--git` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<GitHistory>,
}

/// What `scan --git` read from a repository's history. Every figure is a *proxy*: commits are not
/// changes delivered, and tags are not deployments; they hint at activity and release cadence
/// where no delivery data exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum GitHistory {
    Read(HistoryProxies),
    /// The folder has no readable history (no commits, not a git repository, git refused).
    Unavailable {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryProxies {
    /// The window ends at the newest commit (UTC date), not at the scan's date, so the same
    /// history always gives the same figures.
    pub window_end: String,
    pub window_days: u32,
    pub commits_total: u64,
    pub commits_in_window: u64,
    /// Commits per 7-day bucket counted back from the window end, oldest first (13 buckets; the
    /// oldest covers the window's remaining 6 days).
    pub commits_per_week: Vec<u64>,
    /// `commits_in_window / (window_days / 7)`.
    pub mean_commits_per_week: f64,
    /// Distinct author e-mail addresses (counted, never stored).
    pub contributors_in_window: u64,
    pub contributors_total: u64,
    pub tags_total: u64,
    pub tags_in_window: u64,
    /// Deployment-frequency proxy: tags in the window per week.
    pub tags_per_week_proxy: f64,
    /// Release-cadence proxy: the median days between consecutive tags (two tags or more).
    pub median_days_between_tags: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalHit {
    pub id: String,
    pub paths: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalCoverage {
    pub id: String,
    pub category: String,
    /// Repositories where the signal was found.
    pub repositories: usize,
    /// `repositories / repository count`, in [0, 1].
    pub coverage: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryCoverage {
    pub id: String,
    pub repositories: usize,
    pub coverage: f64,
}

impl ScanReport {
    /// Reads an engagement's `evidence/scan.json`; `Ok(None)` when there is none.
    pub fn load_optional(engagement_dir: &Path) -> Result<Option<ScanReport>> {
        let path = engagement_dir.join(SCAN_FILE);
        if !path.exists() {
            return Ok(None);
        }
        let src = Source::read(&path)?;
        let report: ScanReport = src.parse_json().map_err(|e| match e {
            Error::Input(mut diags) => {
                for d in &mut diags {
                    d.message
                        .push_str(": expected the scan.json written by `platform-audit scan`");
                }
                Error::Input(diags)
            }
            other => other,
        })?;
        if report.schema_version != SCAN_SCHEMA_VERSION {
            return Err(Error::one(Diagnostic::new(
                path.display().to_string(),
                format!(
                    "scan.json schema version {}: expected {SCAN_SCHEMA_VERSION} (re-run `platform-audit scan`)",
                    report.schema_version
                ),
            )));
        }
        Ok(Some(report))
    }

    pub fn repository_count(&self) -> usize {
        self.repositories.len()
    }

    /// The share of repositories showing any of `signals`, or any signal of `categories`.
    pub fn coverage_of_any(&self, signals: &[String], categories: &[String]) -> f64 {
        if self.repositories.is_empty() {
            return 0.0;
        }
        let category_of = |id: &str| {
            self.signals
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.category.as_str())
        };
        let hits = self
            .repositories
            .iter()
            .filter(|r| {
                r.signals.iter().any(|h| {
                    signals.contains(&h.id)
                        || category_of(&h.id).is_some_and(|c| categories.iter().any(|x| x == c))
                })
            })
            .count();
        hits as f64 / self.repositories.len() as f64
    }
}

/// The readable names of the signal catalogue (`data/signals.toml`, embedded): the scan file
/// keeps ids only, and explanations and reports name signals and categories by their labels.
/// Read leniently (labels only) so that the words never depend on the matcher's checks; an id
/// the catalogue does not know (a scan made with a firm's own catalogue) keeps its id as name.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SignalLabels {
    #[serde(default)]
    categories: Vec<LabelEntry>,
    #[serde(default)]
    signals: Vec<LabelEntry>,
}

#[derive(Debug, Clone, Deserialize)]
struct LabelEntry {
    id: String,
    label: crate::i18n::Text,
}

impl SignalLabels {
    /// The labels of the embedded catalogue (empty if a build left it out), read once per
    /// process: scoring and the report both name signals.
    pub fn embedded() -> &'static SignalLabels {
        static LABELS: std::sync::OnceLock<SignalLabels> = std::sync::OnceLock::new();
        LABELS.get_or_init(|| {
            crate::embed::file("data/signals.toml")
                .and_then(|text| toml::from_str(text).ok())
                .unwrap_or_default()
        })
    }

    fn find(list: &[LabelEntry], id: &str) -> crate::i18n::Text {
        list.iter()
            .find(|e| e.id == id)
            .map(|e| e.label.clone())
            .unwrap_or_else(|| crate::i18n::Text::new(id, id))
    }

    /// A signal's label, or its id when unknown.
    pub fn signal(&self, id: &str) -> crate::i18n::Text {
        Self::find(&self.signals, id)
    }

    /// A category's label, or its id when unknown.
    pub fn category(&self, id: &str) -> crate::i18n::Text {
        Self::find(&self.categories, id)
    }

    /// The category ids of the catalogue, sorted.
    pub fn category_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.categories.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids
    }

    /// How many signals the catalogue has.
    pub fn signal_count(&self) -> usize {
        self.signals.len()
    }
}

#[cfg(test)]
mod label_tests {
    use super::*;

    #[test]
    fn every_signal_and_category_has_both_labels() {
        let labels = SignalLabels::embedded();
        assert!(labels.signal_count() >= 40);
        assert!(!labels.categories.is_empty());
        for e in labels.signals.iter().chain(&labels.categories) {
            assert!(e.label.missing().is_empty(), "{} lacks a label", e.id);
            assert_ne!(e.label.fr, e.id);
        }
        assert_eq!(labels.category("ci").en, "Continuous integration");
        assert_eq!(labels.signal("no.such").fr, "no.such");
    }
}
