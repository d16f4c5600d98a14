//! The Assessment: the one serialisable result of scoring. Every report is a pure function of it
//! plus templates; its JSON shape is versioned by [`super::SCHEMA_VERSION`] and documented in
//! `docs/scoring.md`.

use crate::engagement::{Channel, EngagementMeta};
use crate::framework::Family;
use crate::i18n::{Lang, Text};
use crate::questionnaire::{Effort, KindName, Value};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub schema_version: u32,
    pub tool_version: String,
    pub engagement: EngagementInfo,
    pub framework_version: String,
    pub questionnaires: Vec<QuestionnaireRef>,
    /// Interview and self-assessment respondents, sorted by id. Survey respondents are never
    /// listed: they are only counted in `survey`.
    pub respondents: Vec<RespondentInfo>,
    /// How many survey respondents there are, and per role for the roles large enough to show.
    pub survey: SurveyRespondents,
    /// Every framework axis, in framework order.
    pub axes: Vec<AxisScore>,
    /// Every question of the questionnaires in use, in questionnaire order.
    pub questions: Vec<QuestionScore>,
    /// Role pairs that see an axis differently, largest gap first.
    pub perception_gaps: Vec<PerceptionGap>,
    /// What the repository scan says about the answers.
    pub evidence: EvidenceSummary,
    /// DORA keys placed in the clusters of the band table's year, and the overall cluster.
    pub dora: DoraAssessment,
    /// The delivery keys against DORA's benchmarks for the client's industry and size.
    pub benchmark: Benchmark,
    /// Maturity × difficulty quadrant, with the answers that drove each axis.
    pub topology: Topology,
    /// Anti-patterns whose rules fired, in rule order.
    pub antipatterns: Vec<AntiPatternHit>,
    /// De-duplicated recommendations, highest priority first.
    pub recommendations: Vec<RecommendationItem>,
    /// The recommendations grouped in three horizons, earliest first.
    pub roadmap: Vec<Horizon>,
    /// What the client already has, from the scan: tools per capability area, fragmentation,
    /// shared assets and templates (empty, `scanned: false`, without a scan).
    pub assets: crate::assets::AssetMap,
    /// The value case: what today's friction costs and what a platform could return, in the
    /// client's currency, with its assumptions and the inputs it lacked.
    pub value: crate::value::ValueCase,
    /// Each business goal of `engagement.toml` with what blocks it and what helps.
    pub value_stream: Vec<crate::value::stream::GoalLink>,
    /// The recommendations grouped into initiatives (`data/initiatives.toml`), by horizon, then
    /// after what they depend on, then by priority; those with no recommendation are left out.
    pub initiatives: Vec<InitiativeItem>,
    /// The executive summary's single-source rule and confidence words (`data/scoring.toml`).
    pub summary_rule: super::params::SummaryParams,
}

impl Assessment {
    pub fn axis(&self, id: &str) -> Option<&AxisScore> {
        self.axes.iter().find(|a| a.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&QuestionScore> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn recommendation(&self, id: &str) -> Option<&RecommendationItem> {
        self.recommendations.iter().find(|r| r.id == id)
    }

    /// DORA's delivery metrics, read on DORA's own scale (see [`super::delivery_axes`]).
    pub fn delivery_axes(&self, catalog: &crate::questionnaire::Catalog) -> Vec<String> {
        super::delivery_axes(&self.dora, &self.benchmark, catalog)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EngagementInfo {
    pub client: String,
    pub date: crate::date::Date,
    pub language: Lang,
    pub consultants: Vec<String>,
    pub scope: Option<String>,
    /// Survey answers are shown only for groups of at least this many respondents.
    pub min_group_size: usize,
}

impl From<&EngagementMeta> for EngagementInfo {
    fn from(meta: &EngagementMeta) -> Self {
        EngagementInfo {
            client: meta.client.clone(),
            date: meta.date,
            language: meta.language,
            consultants: meta.consultants.clone(),
            scope: meta.scope.clone(),
            min_group_size: meta.min_group_size,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
    pub title: Text,
}

/// Survey respondents as counts only (anonymity: see `docs/scoring.md`, "Several respondents").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyRespondents {
    pub count: usize,
    /// Roles with at least `min_group_size` survey respondents, in framework order.
    pub by_role: Vec<RoleCount>,
    /// Survey respondents of the smaller role groups, counted together.
    pub other: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleCount {
    pub role: String,
    pub count: usize,
}

/// A question's survey answers as aggregates: the count always, the values only for a group of
/// at least `min_group_size` answers. Their median and iqr are the `survey` group of `by_channel`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyAnswers {
    /// Survey answers of any kind (values, "don't know", "not applicable").
    pub answers: usize,
    pub dont_know: usize,
    pub not_applicable: usize,
    /// Whether `answers` reaches `min_group_size`, so that the values below are given.
    pub shown: bool,
    /// The survey values with their counts, sorted as `QuestionScore::values`; empty when not
    /// shown and for free text.
    pub values: Vec<ValueCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RespondentInfo {
    pub id: String,
    pub role: String,
    pub channel: Channel,
    /// Questions this respondent answered (values, "don't know" and "not applicable").
    pub answered: usize,
}

/// Scores of one group of respondents (a role or a channel) on a question or an axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScore {
    /// The role id or channel code.
    pub group: String,
    /// Respondents of the group with a scored answer.
    pub respondents: usize,
    /// Median (question) or weighted mean of medians (axis), in [0, 1].
    pub score: f64,
    pub level: f64,
    /// Interquartile range of the group's scores (questions only; 0 on axes).
    pub iqr: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AxisScore {
    pub id: String,
    pub family: Family,
    /// Weighted mean of the answered (or inferred) questions' scores, in [0, 1]; `None` when
    /// nothing is answered.
    pub score: Option<f64>,
    /// `1 + 3 × score`, from 1.0 to 4.0.
    pub level: Option<f64>,
    /// The level rounded down: 1 Provisional, 2 Operational, 3 Scalable, 4 Optimizing.
    pub band: Option<u8>,
    /// The band's name: the aspect's own level name for CNCF aspects (e.g. "Dedicated team"),
    /// the model's level name otherwise.
    pub band_name: Option<Text>,
    /// Weighted mean of the questions' coverage, in [0, 1] ("don't know" and "not applicable"
    /// lower it; an inferred question counts at the inferred weight).
    pub coverage: f64,
    /// Questions mapped to the axis (optional ones only when answered).
    pub questions: usize,
    /// Of those, questions with at least one scored answer.
    pub answered: usize,
    /// Of those, questions without a scored answer whose level evidence inferred.
    pub inferred: usize,
    /// Target level: from engagement.toml for CNCF aspects, the default target for SPACE, DORA
    /// and success keys; none for context axes.
    pub target: Option<u8>,
    /// Target − level, for axes with a target and a level (positive: below target).
    pub gap: Option<f64>,
    /// Weighted mean agreement of the answered questions (1 − IQR), in [0, 1].
    pub agreement: Option<f64>,
    /// Weighted mean evidence support (1 corroborated, 0.5 none, 0 contradicted), in [0, 1].
    pub evidence_support: Option<f64>,
    /// `coverage × (base + a × agreement + e × evidence_support)`, in [0, 1].
    pub confidence: f64,
    /// Share of answers at each level 1–4 (weighted by question), summing to 1 when answered.
    pub distribution: [f64; 4],
    /// Per role, over the questions the role answered; sorted by role id.
    pub by_role: Vec<GroupScore>,
    /// Questions whose evidence corroborates / contradicts their answers.
    pub corroborated: usize,
    pub contradicted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionScore {
    pub id: String,
    pub questionnaire: String,
    pub section: String,
    pub kind: KindName,
    /// Number of answers that carry a score.
    pub scored: usize,
    /// Median of the scored answers, in [0, 1].
    pub score: Option<f64>,
    pub level: Option<f64>,
    /// Max − min of the scored answers.
    pub spread: Option<f64>,
    /// Interquartile range of the scored answers.
    pub iqr: Option<f64>,
    /// 1 − IQR, or the single-answer agreement for one scored answer.
    pub agreement: Option<f64>,
    pub dont_know: usize,
    pub not_applicable: usize,
    /// scored / (scored + dont_know + not_applicable); 0 when unanswered.
    pub coverage: f64,
    /// Share of scored answers at each level 1–4.
    pub distribution: [f64; 4],
    /// Per role, sorted by role id.
    pub by_role: Vec<GroupScore>,
    /// Per channel (interview, self, survey).
    pub by_channel: Vec<GroupScore>,
    /// What the repository scan says about this question, if a rule applies.
    pub evidence: Option<Verdict>,
    /// A level inferred from evidence when nobody gave a scored answer.
    pub inferred: Option<Inference>,
    /// The level this question is expected to reach (see `AxisScore::target`).
    pub target: Option<u8>,
    /// Target − level (answered or inferred), when both exist.
    pub gap: Option<f64>,
    /// `coverage × (base + a × agreement + e × evidence support)`.
    pub confidence: f64,
    /// Every value given, from all channels, with how many respondents gave it; sorted by value
    /// (numbers ascending, no before yes, choices in their order). Free text from the survey is
    /// left out: it could name its writer.
    pub values: Vec<ValueCount>,
    /// The interview and self-assessment answers, sorted by respondent id. Survey answers are
    /// never listed one by one: they reach the Assessment through the aggregates above and
    /// `survey`.
    pub answers: Vec<AnswerRecord>,
    /// The survey answers as aggregates; `None` when no survey respondent answered.
    pub survey: Option<SurveyAnswers>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueCount {
    pub value: Value,
    pub count: usize,
    pub score: Option<f64>,
}

impl QuestionScore {
    /// The answered score, or the inferred one.
    pub fn effective_score(&self) -> Option<f64> {
        self.score.or(self.inferred.as_ref().map(|i| i.score))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Inference {
    pub level: u8,
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    Value,
    DontKnow,
    NotApplicable,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerRecord {
    pub respondent: String,
    pub role: String,
    pub channel: Channel,
    pub state: AnswerKind,
    pub value: Option<Value>,
    pub score: Option<f64>,
    pub note: Option<String>,
}

/// Two roles that see an axis differently, computed over the questions both answered.
#[derive(Debug, Clone, Serialize)]
pub struct PerceptionGap {
    pub axis: String,
    /// The role with the higher level.
    pub high_role: String,
    pub high_level: f64,
    pub low_role: String,
    pub low_level: f64,
    /// high_level − low_level.
    pub gap: f64,
    /// The questions both roles answered, in questionnaire order.
    pub questions: Vec<String>,
    /// The question with the largest weighted difference.
    pub widest_question: String,
    /// The gap in one sentence per language.
    pub message: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Corroborated,
    Contradicted,
    Inconclusive,
    Inferred,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceSummary {
    /// Whether `evidence/scan.json` was there.
    pub scanned: bool,
    pub repositories: usize,
    /// One finding per question with an evidence rule, in questionnaire order.
    pub findings: Vec<EvidenceFinding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceFinding {
    pub question: String,
    pub verdict: Verdict,
    /// The signals and categories of the rule that gave the implied level.
    pub signals: Vec<String>,
    pub categories: Vec<String>,
    /// Share of repositories showing any of them, and how many.
    pub coverage: f64,
    pub matching: usize,
    pub repositories: usize,
    /// The level the coverage implies through the rule's thresholds.
    pub implied_level: u8,
    /// The answered level (median), when answered.
    pub claimed_level: Option<f64>,
    /// claimed − implied.
    pub delta: Option<f64>,
    /// The explanation, from the numbers above.
    pub message: Text,
}

/// The client's DORA keys against DORA's benchmarks for its industry and size.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    /// The edition of the benchmarks (the DORA Quick Check's year).
    pub edition: u16,
    pub source: String,
    /// engagement.toml's industry and size; `None` when not set.
    pub industry: Option<BenchmarkGroup>,
    pub size: Option<BenchmarkGroup>,
    pub metrics: Vec<BenchmarkMetric>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkGroup {
    pub id: String,
    pub name: Text,
    /// The edition publishes figures for this group.
    pub published: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkMetric {
    /// The benchmark's metric id (`deployfreq`, `leadtime`, `changefailure`, `failurerecovery`,
    /// `rework`).
    pub id: String,
    pub question: String,
    /// The client's value on the 0–10 scale (higher is better); `None` when unanswered.
    pub value: Option<f64>,
    /// The industry's and the size's mean and standard deviation, when the edition has them.
    pub industry: Option<super::benchmark::Stat>,
    /// (value − mean) / sd: positive is better than the group's mean.
    pub industry_z: Option<f64>,
    pub size: Option<super::benchmark::Stat>,
    pub size_z: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoraAssessment {
    /// The report year of the band table.
    pub year: u16,
    pub source: String,
    /// DORA's own warning on reading the clusters (they are not a maturity model).
    pub caveat: Text,
    /// The year's clusters, best first (rank 1 = best).
    pub clusters: Vec<ClusterRef>,
    /// One per key of the band table, in table order.
    pub keys: Vec<DoraKey>,
    /// The median cluster of the placed keys; `None` below the table's minimum of keys.
    pub overall: Option<ClusterRef>,
    /// Keys placed, keys that can be placed (the table's `band` keys), and the minimum for an
    /// overall cluster.
    pub placed: usize,
    pub placeable: usize,
    pub min_keys: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClusterRef {
    pub id: String,
    /// 1 = best.
    pub rank: u8,
    pub name: Text,
    pub description: Text,
    /// The share of the year's respondents in the cluster.
    pub respondents: super::dora::Respondents,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoraKey {
    pub axis: String,
    /// The median cluster of the answers (the worse middle one for an even count); `None` for a
    /// key read against reference values, which no cluster can be read from.
    pub cluster: Option<ClusterRef>,
    /// The median answer's range lies outside the year's published ranges; it counts with
    /// `cluster`, and the report says so.
    pub outside: bool,
    /// For a key read against reference values: the published values.
    pub reference: Option<Text>,
    /// What the cluster means for this key in the table's year: the cluster's definition, not
    /// what the client said (a cluster spans several answer ranges).
    pub band: Option<Text>,
    /// What the client said: the label of the most frequent answer range (a choice, or a number
    /// band) among the answers that placed the key.
    pub answered: Option<Text>,
    /// Answers per cluster id, in cluster order.
    pub answers: Vec<ClusterCount>,
    /// The questions whose answers placed the key.
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClusterCount {
    pub cluster: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Topology {
    pub maturity: TopologyAxis,
    pub difficulty: TopologyAxis,
    /// `None` when either axis has no value.
    pub quadrant: Option<Quadrant>,
    /// What drove the maturity axis: the CNCF aspects' levels.
    pub maturity_drivers: Vec<Driver>,
    /// What drove the difficulty axis: the context answers, largest contribution first.
    pub difficulty_drivers: Vec<Driver>,
    /// Why, in one sentence per language, from the numbers above; `None` without a quadrant.
    pub explanation: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopologyAxis {
    pub value: Option<f64>,
    pub threshold: f64,
    /// `high` (mature / hard) or `low` (beginner / easy).
    pub side: Option<String>,
    pub side_name: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quadrant {
    pub id: String,
    pub name: Text,
    pub strategy: Text,
}

/// One input of a topology axis: an aspect level, or a context answer.
#[derive(Debug, Clone, Serialize)]
pub struct Driver {
    /// An axis id (maturity) or a question id (difficulty).
    pub id: String,
    pub score: f64,
    pub level: Option<f64>,
    pub weight: f64,
    /// The part of the axis value it brings: level ÷ aspects (maturity), weight × score ÷ sum of
    /// weights (difficulty); the parts add up to the axis value.
    pub contribution: f64,
    /// The most frequent answer, for context questions.
    pub answer: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AntiPatternHit {
    pub id: String,
    pub family: String,
    pub name: Text,
    pub description: Text,
    pub remedy: Text,
    /// The answers that made each holding condition true.
    pub evidence: Vec<ConditionEvidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConditionEvidence {
    pub question: String,
    /// The condition as written in the rule (e.g. `in [separate_ops]`, `level <= 2`).
    pub condition: String,
    /// Matching answers over scored answers, for `in` and `is` conditions.
    pub matching: Option<usize>,
    pub answers: usize,
    /// The aggregated level, for level conditions.
    pub level: Option<f64>,
    /// Whether that level was inferred from evidence.
    pub inferred: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationItem {
    pub id: String,
    pub title: Text,
    /// Markdown.
    pub text: Text,
    pub effort: Effort,
    /// The roadmap horizon id.
    pub horizon: String,
    /// max over sources of weight × gap × confidence.
    pub priority: f64,
    /// The questions below target that call for it, with their numbers.
    pub sources: Vec<RecommendationSource>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationSource {
    pub question: String,
    /// The answer level the recommendation lifts from.
    pub from_level: u8,
    pub level: f64,
    pub target: u8,
    pub weight: f64,
    pub gap: f64,
    pub confidence: f64,
    pub priority: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct InitiativeItem {
    pub id: String,
    pub name: Text,
    /// The outcome, in one sentence.
    pub outcome: Text,
    /// The role that owns it.
    pub owner: Text,
    /// `now`, `next` or `later`.
    pub horizon: String,
    /// Initiative ids that must be under way first.
    pub depends_on: Vec<String>,
    /// The highest priority of its recommendations.
    pub priority: f64,
    /// The axes it moves (not the context, not DORA's delivery keys), largest move first.
    pub moves: Vec<AxisMove>,
    /// Its recommendation ids, highest priority first.
    pub recommendations: Vec<String>,
}

/// How far an initiative could move an axis if the questions its recommendations answer reached
/// their targets: an upper bound.
#[derive(Debug, Clone, Serialize)]
pub struct AxisMove {
    pub axis: String,
    /// The axis's current level, as the weighted mean of its scored questions.
    pub from: f64,
    /// The plausible lift, in levels.
    pub by: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Horizon {
    pub id: String,
    pub name: Text,
    /// Recommendation ids, highest priority first.
    pub recommendations: Vec<String>,
}
