//! The Assessment: the one serialisable result of scoring. Every report is a pure function of it
//! plus templates; its JSON shape is versioned by [`super::SCHEMA_VERSION`].

use crate::engagement::Channel;
use crate::framework::Family;
use crate::i18n::{Lang, Text};
use crate::questionnaire::{KindName, Value};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub schema_version: u32,
    pub tool_version: String,
    pub engagement: EngagementInfo,
    pub framework_version: String,
    pub questionnaires: Vec<QuestionnaireRef>,
    pub respondents: Vec<RespondentInfo>,
    /// Every framework axis, in framework order.
    pub axes: Vec<AxisScore>,
    /// Every question of the questionnaires in use, in questionnaire order.
    pub questions: Vec<QuestionScore>,
}

impl Assessment {
    pub fn axis(&self, id: &str) -> Option<&AxisScore> {
        self.axes.iter().find(|a| a.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&QuestionScore> {
        self.questions.iter().find(|q| q.id == id)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EngagementInfo {
    pub client: String,
    pub date: String,
    pub language: Lang,
    pub consultants: Vec<String>,
    pub scope: Option<String>,
    /// Survey answers are shown only for groups of at least this many respondents.
    pub min_group_size: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
    pub title: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct RespondentInfo {
    pub id: String,
    pub role: String,
    pub channel: Channel,
    /// Questions this respondent answered (values, "don't know" and "not applicable").
    pub answered: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct AxisScore {
    pub id: String,
    pub family: Family,
    /// Weighted mean of the answered questions' scores, in [0, 1]; `None` when nothing is answered.
    pub score: Option<f64>,
    /// `1 + 3 × score`, from 1.0 to 4.0.
    pub level: Option<f64>,
    /// The level rounded down: 1 Provisional, 2 Operational, 3 Scalable, 4 Optimizing.
    pub band: Option<u8>,
    /// Answered weight over total weight of the axis's questions, in [0, 1].
    pub coverage: f64,
    /// Questions mapped to the axis (optional ones only when answered).
    pub questions: usize,
    /// Of those, questions with at least one scored answer.
    pub answered: usize,
    /// Target level from engagement.toml (CNCF aspects).
    pub target: Option<u8>,
    /// Target − level, for CNCF aspects with a target and a level.
    pub gap: Option<f64>,
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
    pub dont_know: usize,
    pub not_applicable: usize,
    /// Every answer, in respondent order.
    pub answers: Vec<AnswerRecord>,
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
