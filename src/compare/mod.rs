//! Re-assessment: the progress of a client between two or more assessments.
//!
//! [`input`] reads each assessment (an engagement folder, scored here, or an Assessment JSON,
//! migrated from older schemas); [`diff`] matches axes, questions and signals by id and tells
//! change from noise ([`noise`]); the result is one serialisable [`Comparison`], which
//! [`render`] lays out as the progress report (HTML, Markdown, JSON) through its own
//! templates (`report-templates/compare.*.tera`, labels in `compare-labels.toml`).

pub mod chart;
pub mod diff;
pub mod input;
pub mod noise;
pub mod render;
pub mod view;

pub use diff::compare;
pub use input::{Snapshot, SUPPORTED_SCHEMAS};

use crate::date::Date;
use crate::framework::Family;
use crate::i18n::{Lang, Text};
use serde::Serialize;

/// The version of the progress JSON shape; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The comparison of a client's assessments, the first (the baseline) with the last (the
/// current one); levels of every assessment in between are kept for the trend.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub schema_version: u32,
    pub tool_version: String,
    /// The client, as the current assessment names it.
    pub client: String,
    /// The clients differ and `--force` accepted it (a renamed client).
    pub renamed: bool,
    /// The language of the current engagement.
    pub language: Lang,
    /// Every assessment, in chronological order.
    pub assessments: Vec<AssessmentRef>,
    /// The noise rule's constants.
    pub rule: noise::Rule,
    /// Every axis of either side, in the framework order of the current assessment.
    pub axes: Vec<AxisChange>,
    /// Role groups present on both sides of an axis, axis then role order.
    pub roles: Vec<RoleChange>,
    /// Questionnaires and questions that do not match between the two sides.
    pub matching: Matching,
    pub dora: DoraChange,
    pub quadrant: QuadrantChange,
    pub antipatterns: AntiPatternChange,
    pub recommendations: RecommendationChange,
    /// Per initiative of the baseline, how many of its recommendations are done, still open or no
    /// longer comparable; empty when the baseline has no initiatives.
    pub initiatives: Vec<InitiativeProgress>,
    /// Coverage per category and signal, when both sides are engagement folders with a scan.
    pub scan: Option<ScanChange>,
    /// The value range, when both assessments carry one in the same currency.
    pub value: Option<ValueChange>,
    /// What is not compared: `initiatives` (the baseline has none), `value_range` (a side
    /// has no value range, or the currencies differ), `scan_coverage` (a side has no scan
    /// coverage: an Assessment JSON, or no scan).
    pub not_compared: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentRef {
    /// The argument it was read from.
    pub source: String,
    pub client: String,
    pub date: Date,
    /// The schema version read (2 was migrated).
    pub schema_version: u32,
    pub questionnaires: Vec<QuestionnaireVersion>,
    /// Interview and self-assessment respondents, and survey respondents.
    pub respondents: usize,
    pub survey: usize,
    pub min_group_size: usize,
    /// Whether a scan's coverage was read (engagement folders with `evidence/scan.json`).
    pub scanned: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionnaireVersion {
    pub id: String,
    pub version: String,
    pub title: Text,
}

/// One axis, baseline against current.
#[derive(Debug, Clone, Serialize)]
pub struct AxisChange {
    pub id: String,
    pub family: Family,
    /// The level of each assessment, in order (the trend).
    pub levels: Vec<Option<f64>>,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// after − before.
    pub delta: Option<f64>,
    pub band_before: Option<u8>,
    pub band_after: Option<u8>,
    pub target: Option<u8>,
    pub confidence_before: f64,
    pub confidence_after: f64,
    pub confidence_delta: f64,
    /// The spreads of answers (levels) and the margin of the noise rule.
    pub spread_before: f64,
    pub spread_after: f64,
    pub margin: f64,
    /// Named respondents (interview, self-assessment) with a scored answer on the axis.
    pub respondents_before: usize,
    pub respondents_after: usize,
    /// Of those, present on both sides.
    pub common: usize,
    /// 1 − common / all named respondents; `None` without named respondents.
    pub turnover: Option<f64>,
    /// The change among the respondents present both times, on the questions they answered both
    /// times (weighted by the current mapping); `None` when there is none.
    pub stayers_delta: Option<f64>,
    /// Survey answers on the axis's questions (anonymous: they cannot be matched).
    pub survey_before: usize,
    pub survey_after: usize,
    pub verdict: noise::Verdict,
}

/// One role group's level on an axis, where both sides show the group (the survey's
/// anonymity threshold applied on each side).
#[derive(Debug, Clone, Serialize)]
pub struct RoleChange {
    pub axis: String,
    pub role: String,
    pub before: f64,
    pub after: f64,
    pub delta: f64,
    pub respondents_before: usize,
    pub respondents_after: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Matching {
    /// Questionnaires whose version differs, or in use on one side only.
    pub questionnaires: Vec<QuestionnaireMatch>,
    /// Questions of the current assessment the baseline did not have.
    pub added: Vec<QuestionRef>,
    /// Questions of the baseline the current assessment no longer has.
    pub removed: Vec<QuestionRef>,
    /// Questions of both whose scale or axis mapping changed: their levels are not compared.
    pub relevelled: Vec<Relevelled>,
    /// Questions on both sides.
    pub matched: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionnaireMatch {
    pub id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub title: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct QuestionRef {
    pub id: String,
    pub questionnaire: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relevelled {
    pub id: String,
    pub questionnaire: String,
    /// `kind`, `scale` or `axes`.
    pub what: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cluster {
    pub id: String,
    /// 1 = best.
    pub rank: u8,
    pub name: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoraKeyChange {
    pub axis: String,
    pub before: Option<Cluster>,
    pub after: Option<Cluster>,
    /// Clusters gained (positive: better), when both are placed.
    pub moved: Option<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoraChange {
    /// The band table years; the clusters are only compared when they are the same year.
    pub year_before: u16,
    pub year_after: u16,
    pub keys: Vec<DoraKeyChange>,
    pub overall: DoraKeyChange,
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuadrantChange {
    pub before: Option<Named>,
    pub after: Option<Named>,
    pub changed: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct AntiPatternChange {
    pub resolved: Vec<Named>,
    pub new: Vec<Named>,
    pub remaining: Vec<Named>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RecommendationChange {
    /// Baseline recommendations whose questions are all at or above their target now.
    pub done: Vec<RecommendationStatus>,
    /// Baseline recommendations with a question still below target.
    pub open: Vec<RecommendationStatus>,
    /// Baseline recommendations whose questions were removed or re-levelled.
    pub not_comparable: Vec<RecommendationStatus>,
    /// Recommendations of the current assessment the baseline did not make.
    pub new: Vec<Named>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InitiativeProgress {
    pub id: String,
    pub name: Text,
    pub done: usize,
    pub open: usize,
    pub not_comparable: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationStatus {
    pub id: String,
    pub title: Text,
    pub questions: Vec<SourceStatus>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceStatus {
    pub question: String,
    pub target: u8,
    pub before: Option<f64>,
    /// `None` when the question is gone, re-levelled or unanswered now.
    pub after: Option<f64>,
    pub met: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScanChange {
    pub repositories_before: usize,
    pub repositories_after: usize,
    /// Every category, sorted by id.
    pub categories: Vec<CoverageChange>,
    /// Signals whose coverage changed, sorted by id.
    pub signals: Vec<CoverageChange>,
    /// Signals with the same coverage on both sides.
    pub signals_unchanged: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageChange {
    pub id: String,
    pub repositories_before: usize,
    pub repositories_after: usize,
    pub before: f64,
    pub after: f64,
    pub delta: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueChange {
    /// ISO 4217 code.
    pub currency: String,
    pub before: input::ValueRange,
    pub after: input::ValueRange,
    /// after.expected − before.expected.
    pub delta_expected: f64,
}
