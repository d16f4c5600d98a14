//! The evidence file `evidence/scan.json`: what `scan` writes and what scoring reads. This is the
//! contract between the two; neither knows the other's internals. The scanner knows nothing of
//! questions: questionnaires link signals to questions through their evidence rules.

use crate::error::{Diagnostic, Error, Result};
use crate::source::Source;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The version of the scan.json shape; raised on any incompatible change. Version 2 tells a
/// repository's own configuration (`signals`) from matches in fixtures, examples and template
/// payloads (`other_matches`); version 1 counted them all as practice.
pub const SCAN_SCHEMA_VERSION: u32 = 2;

/// Where an engagement keeps its scan results.
pub const SCAN_FILE: &str = "evidence/scan.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct ScanParameters {
    /// The folder name of each path given to `scan` (never an absolute path).
    pub roots: Vec<String>,
    /// Folder names skipped during the walk.
    pub skip_dirs: Vec<String>,
    /// The most bytes read from one file for content checks.
    pub max_read_bytes: u64,
    /// Whether git history was read (`--git`).
    pub git: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepositoryEvidence {
    /// Relative to the scan root it was found under (the root's own name for a root).
    pub path: String,
    pub files: u64,
    /// The apparent size of those files, with `scan --bytes` only (a `stat` per file, which the
    /// scan otherwise never needs); absent otherwise. Scans made before the option always have it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// What could not be read or was passed over, by reason (sorted keys).
    pub skipped: std::collections::BTreeMap<String, u64>,
    /// Signals found in the repository's own configuration (practice), sorted by id, each with
    /// the matching paths (relative, sorted). Only these count in coverage and scoring.
    pub signals: Vec<SignalHit>,
    /// Matches in fixtures, examples and template payloads, sorted by signal id then context:
    /// listed as evidence, never counted.
    #[serde(default)]
    pub other_matches: Vec<ContextHit>,
    /// What the repository's own configuration references (reusable workflows, module sources,
    /// CI libraries, templates), sorted by rule id then target: the shared assets of the
    /// consolidation map. Absent from scans made before references were recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<ReferenceHit>,
    /// Git history proxies, with `--git` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<GitHistory>,
}

/// An asset a repository's own files point at, found by a reference rule of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceHit {
    /// The reference rule's id (`github.reusable_workflow`).
    pub id: String,
    /// What is referenced, as written without its version (`acme/ci/.github/workflows/build.yml`).
    pub target: String,
    /// The files holding the reference (relative, sorted).
    pub paths: Vec<String>,
}

/// What `scan --git` read from a repository's history. Every figure is a *proxy*: commits are not
/// changes delivered, and tags are not deployments; they hint at activity and release cadence
/// where no delivery data exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum GitHistory {
    Read(HistoryProxies),
    /// The folder has no readable history (no commits, not a git repository, git refused).
    Unavailable {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

impl HistoryProxies {
    /// The weekly rates, from the counts and the window.
    pub fn rate(count: u64, window_days: u32) -> f64 {
        let weeks = f64::from(window_days) / 7.0;
        if weeks > 0.0 {
            (count as f64 / weeks * 100.0).round() / 100.0
        } else {
            0.0
        }
    }

    fn recompute(&mut self) {
        self.mean_commits_per_week = HistoryProxies::rate(self.commits_in_window, self.window_days);
        self.tags_per_week_proxy = HistoryProxies::rate(self.tags_in_window, self.window_days);
    }

    /// What does not add up in the figures read from a file.
    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Err(msg) = crate::date::Date::parse(&self.window_end) {
            out.push(format!("window_end {msg}"));
        }
        if self.window_days == 0 {
            out.push("window_days 0: expected the days of the window".to_string());
        }
        let weekly: u64 = self
            .commits_per_week
            .iter()
            .fold(0, |a, b| a.saturating_add(*b));
        if weekly != self.commits_in_window {
            out.push(format!(
                "commits_per_week add up to {weekly}: expected commits_in_window ({})",
                self.commits_in_window
            ));
        }
        for (part, whole, what) in [
            (self.commits_in_window, self.commits_total, "commits"),
            (
                self.contributors_in_window,
                self.contributors_total,
                "contributors",
            ),
            (self.tags_in_window, self.tags_total, "tags"),
        ] {
            if part > whole {
                out.push(format!(
                    "{what}_in_window {part} is above {what}_total {whole}: expected at most the total"
                ));
            }
        }
        if self
            .median_days_between_tags
            .is_some_and(|d| d.is_nan() || d < 0.0)
        {
            out.push("median_days_between_tags: expected a number of days, 0 or more".to_string());
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalHit {
    pub id: String,
    pub paths: Vec<String>,
}

/// Where a matched path sits in a repository, which decides what it proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathContext {
    /// The repository's own configuration: the only context that makes a signal present.
    Practice,
    /// Test data (`testdata/`, `fixtures/`…): listed, never counted.
    Fixture,
    /// Examples and documentation snippets (`examples/`, `samples/`, `docs/`): listed, never
    /// counted.
    Example,
    /// What a scaffolder, cookiecutter or copier template generates: evidence of a golden path,
    /// not of the template repository's own practice.
    TemplatePayload,
}

impl PathContext {
    pub const ALL: [PathContext; 4] = [
        PathContext::Practice,
        PathContext::Fixture,
        PathContext::Example,
        PathContext::TemplatePayload,
    ];

    /// The id written in scan.json and signals.toml.
    pub fn id(self) -> &'static str {
        match self {
            PathContext::Practice => "practice",
            PathContext::Fixture => "fixture",
            PathContext::Example => "example",
            PathContext::TemplatePayload => "template_payload",
        }
    }

    pub fn from_id(id: &str) -> Option<PathContext> {
        PathContext::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The context's name in both languages.
    pub fn label(self) -> crate::i18n::Text {
        let (fr, en) = match self {
            PathContext::Practice => ("pratique", "practice"),
            PathContext::Fixture => ("données de test", "fixture"),
            PathContext::Example => ("exemple", "example"),
            PathContext::TemplatePayload => ("contenu de modèle", "template payload"),
        };
        crate::i18n::Text::new(fr, en)
    }
}

/// A signal's matches in one context other than practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextHit {
    pub id: String,
    pub context: PathContext,
    pub paths: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalCoverage {
    pub id: String,
    pub category: String,
    /// Repositories where the signal was found.
    pub repositories: usize,
    /// `repositories / repository count`, in [0, 1].
    pub coverage: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
        ScanReport::parse(&Source::read(&path)?).map(Some)
    }

    /// Parses and checks a scan file whole: no unknown key, the schema version this build
    /// writes, repositories listed once, every signal a repository shows one of the file's
    /// signals, every signal's category one of its categories. The derived fields (each signal's
    /// and category's repositories and coverage, the history rates) are recomputed from the
    /// per-repository data, so a hand-edited file cannot claim more than its repositories show.
    pub fn parse(src: &Source) -> Result<ScanReport> {
        let mut report: ScanReport = src.parse_json().map_err(|e| match e {
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
            let why = if report.schema_version == 1 {
                ", which counted matches in fixtures, examples and template payloads as practice"
            } else {
                ""
            };
            return Err(Error::one(src.diag(format!(
                "scan.json schema version {}{why}: expected {SCAN_SCHEMA_VERSION} (re-run `platform-audit scan`)",
                report.schema_version
            ))));
        }
        let diags = report.check(src);
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        report.recompute();
        Ok(report)
    }

    /// The problems of a parsed scan file that no recomputation can mend.
    fn check(&self, src: &Source) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        // Where the n-th (0-based) occurrence of a JSON string is, to place a message.
        let at = |value: &str, nth: usize, message: String, id: &str| {
            let needle = serde_json::to_string(value).unwrap_or_default();
            let diag = match src.text.match_indices(&needle).nth(nth) {
                Some((offset, _)) => src.diag_at(offset, message),
                None => src.diag(message),
            };
            diag.with_id(id)
        };
        let rerun = "(re-run `platform-audit scan` rather than editing the file)";
        let mut categories = BTreeSet::new();
        for c in &self.categories {
            if !categories.insert(c.id.as_str()) {
                let n = src.text.matches(&format!("\"{}\"", c.id)).count();
                diags.push(at(
                    &c.id,
                    n.saturating_sub(1),
                    format!("category listed twice: expected each category once {rerun}"),
                    &c.id,
                ));
            }
        }
        let mut signals = BTreeSet::new();
        for sig in &self.signals {
            if !signals.insert(sig.id.as_str()) {
                let n = src.text.matches(&format!("\"{}\"", sig.id)).count();
                diags.push(at(
                    &sig.id,
                    n.saturating_sub(1),
                    format!("signal listed twice: expected each signal once {rerun}"),
                    &sig.id,
                ));
            }
            if !categories.contains(sig.category.as_str()) {
                diags.push(at(
                    &sig.category,
                    0,
                    format!(
                        "signal of unknown category `{}`: expected one of the file's categories ({})",
                        sig.category,
                        categories.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                    &sig.id,
                ));
            }
        }
        let mut paths = BTreeSet::new();
        for repo in &self.repositories {
            if !paths.insert(repo.path.as_str()) {
                diags.push(at(
                    &repo.path,
                    1,
                    format!("repository listed twice: expected each repository once {rerun}"),
                    &repo.path,
                ));
            }
            let mut hits = BTreeSet::new();
            for hit in &repo.signals {
                if !signals.contains(hit.id.as_str()) {
                    diags.push(at(
                        &hit.id,
                        0,
                        format!(
                            "repository `{}` shows signal `{}`, which the file's signals do not list: expected a signal of the scan's catalogue {rerun}",
                            repo.path, hit.id
                        ),
                        &hit.id,
                    ));
                }
                if !hits.insert(hit.id.as_str()) {
                    diags.push(at(
                        &hit.id,
                        1,
                        format!(
                            "signal listed twice for repository `{}`: expected each signal once {rerun}",
                            repo.path
                        ),
                        &hit.id,
                    ));
                }
            }
            let mut others = BTreeSet::new();
            for hit in &repo.other_matches {
                if !signals.contains(hit.id.as_str()) {
                    diags.push(at(
                        &hit.id,
                        0,
                        format!(
                            "repository `{}` lists other matches of signal `{}`, which the file's signals do not list: expected a signal of the scan's catalogue {rerun}",
                            repo.path, hit.id
                        ),
                        &hit.id,
                    ));
                }
                if hit.context == PathContext::Practice {
                    diags.push(at(
                        &hit.id,
                        0,
                        format!(
                            "repository `{}` lists practice matches of `{}` among other_matches: expected them under signals {rerun}",
                            repo.path, hit.id
                        ),
                        &hit.id,
                    ));
                }
                if !others.insert((hit.id.as_str(), hit.context)) {
                    diags.push(at(
                        &hit.id,
                        1,
                        format!(
                            "{} matches of `{}` listed twice for repository `{}`: expected each signal and context once {rerun}",
                            hit.context.id(), hit.id, repo.path
                        ),
                        &hit.id,
                    ));
                }
            }
            let mut references = BTreeSet::new();
            for r in &repo.references {
                if r.target.trim().is_empty() || r.paths.is_empty() {
                    diags.push(at(
                        &r.id,
                        0,
                        format!(
                            "reference `{}` of repository `{}` has no target or no path: expected what is referenced and the files that reference it {rerun}",
                            r.id, repo.path
                        ),
                        &r.id,
                    ));
                }
                if !references.insert((r.id.as_str(), r.target.as_str())) {
                    diags.push(at(
                        &r.id,
                        1,
                        format!(
                            "reference `{}` to `{}` listed twice for repository `{}`: expected each target once {rerun}",
                            r.id, r.target, repo.path
                        ),
                        &r.id,
                    ));
                }
            }
            if let Some(GitHistory::Read(h)) = &repo.history {
                diags.extend(h.problems().into_iter().map(|p| {
                    at(
                        &h.window_end,
                        0,
                        format!("history of `{}`: {p} {rerun}", repo.path),
                        &repo.path,
                    )
                }));
            }
        }
        diags
    }

    /// Recomputes every derived field from the per-repository data, as `scan` computes them.
    pub(crate) fn recompute(&mut self) {
        let total = self.repositories.len();
        let share = |n: usize| {
            if total == 0 {
                0.0
            } else {
                n as f64 / total as f64
            }
        };
        let category_of: BTreeMap<String, String> = self
            .signals
            .iter()
            .map(|s| (s.id.clone(), s.category.clone()))
            .collect();
        for sig in &mut self.signals {
            let n = self
                .repositories
                .iter()
                .filter(|r| r.signals.iter().any(|h| h.id == sig.id))
                .count();
            sig.repositories = n;
            sig.coverage = share(n);
        }
        for cat in &mut self.categories {
            let n = self
                .repositories
                .iter()
                .filter(|r| {
                    r.signals
                        .iter()
                        .any(|h| category_of.get(&h.id) == Some(&cat.id))
                })
                .count();
            cat.repositories = n;
            cat.coverage = share(n);
        }
        for repo in &mut self.repositories {
            if let Some(GitHistory::Read(h)) = &mut repo.history {
                h.recompute();
            }
        }
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
    #[serde(default)]
    references: Vec<LabelEntry>,
}

#[derive(Debug, Clone, Deserialize)]
struct LabelEntry {
    id: String,
    label: crate::i18n::Text,
    /// A reference rule's usage line, `{target}` to fill.
    #[serde(default)]
    usage: Option<String>,
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

    /// A reference rule's label, or its id when unknown.
    pub fn reference(&self, id: &str) -> crate::i18n::Text {
        Self::find(&self.references, id)
    }

    /// How another repository would use a referenced target, from its rule's `usage`.
    pub fn reference_usage(&self, id: &str, target: &str) -> Option<String> {
        self.references
            .iter()
            .find(|e| e.id == id)
            .and_then(|e| e.usage.as_ref())
            .map(|u| u.replace("{target}", target))
    }

    /// Whether the catalogue has this signal, this reference rule.
    pub fn has_signal(&self, id: &str) -> bool {
        self.signals.iter().any(|e| e.id == id)
    }

    pub fn has_reference(&self, id: &str) -> bool {
        self.references.iter().any(|e| e.id == id)
    }

    /// The signal ids of the catalogue, in file order.
    pub fn signal_ids(&self) -> impl Iterator<Item = &str> {
        self.signals.iter().map(|e| e.id.as_str())
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

    fn scan_with_history(history: &str) -> String {
        format!(
            r#"{{"schema_version": 2, "tool_version": "0.1.0",
  "parameters": {{"roots": ["r"], "skip_dirs": [], "max_read_bytes": 65536, "git": true}},
  "repositories": [{{"path": "r", "files": 1, "bytes": 1, "skipped": {{}}, "signals": [],
    "history": {history}}}],
  "signals": [], "categories": []}}"#
        )
    }

    const HISTORY: &str = r#"{"status": "read", "window_end": "2026-08-27", "window_days": 90,
      "commits_total": 10, "commits_in_window": 3, "commits_per_week": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
      "mean_commits_per_week": 99.0, "contributors_in_window": 1, "contributors_total": 2,
      "tags_total": 1, "tags_in_window": 1, "tags_per_week_proxy": -4.0, "median_days_between_tags": null}"#;

    fn parse(text: String) -> Result<ScanReport> {
        ScanReport::parse(&Source {
            name: "scan.json".into(),
            text,
        })
    }

    #[test]
    fn d4_6_history_rates_are_recomputed_and_impossible_histories_refused() {
        let report = parse(scan_with_history(HISTORY)).unwrap();
        let Some(GitHistory::Read(h)) = &report.repositories[0].history else {
            panic!("history not read");
        };
        assert_eq!(h.mean_commits_per_week, 0.23);
        assert_eq!(h.tags_per_week_proxy, 0.08);

        let bad = HISTORY
            .replace("2026-08-27", "2026-02-30")
            .replace("\"commits_in_window\": 3", "\"commits_in_window\": 30");
        let err = parse(scan_with_history(&bad)).unwrap_err().to_string();
        for expected in [
            "[r] history of `r`: window_end date \"2026-02-30\": February 2026 has 28 days",
            "commits_per_week add up to 3: expected commits_in_window (30)",
            "commits_in_window 30 is above commits_total 10",
        ] {
            assert!(err.contains(expected), "{expected}: {err}");
        }
    }

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
