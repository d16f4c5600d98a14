//! Questionnaires: the checked model, loading from TOML and validation against the framework.
//!
//! A questionnaire file is parsed into the serde types of [`file`], then checked once into the
//! types below, which downstream code trusts without re-checking.

mod catalog;
mod file;
mod parse;
mod validate;

pub use catalog::{Catalog, FRAMEWORK_FILE};
pub use parse::{fold, parse_number, TextAnswer};
pub use validate::valid_id;

use crate::i18n::{Lang, Text};
use serde::{Deserialize, Serialize};

/// Who a questionnaire is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Interview,
    #[serde(rename = "self")]
    SelfAssessment,
    Survey,
}

impl Audience {
    pub fn code(self) -> &'static str {
        match self {
            Audience::Interview => "interview",
            Audience::SelfAssessment => "self",
            Audience::Survey => "survey",
        }
    }
}

/// The question kinds as named in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    Level,
    Likert,
    YesNo,
    Choice,
    /// Several choices (tick all that apply).
    Multi,
    Number,
    Text,
}

/// How much work a recommendation takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    QuickWin,
    Medium,
    Strategic,
}

#[derive(Debug, Clone, Serialize)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub description: Text,
    pub audience: Vec<Audience>,
    pub duration_minutes: u32,
    pub sources: Vec<String>,
    pub sections: Vec<Section>,
    /// Where it was loaded from (a path or `<embedded>/…`).
    pub origin: String,
}

impl Questionnaire {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    pub title: Text,
    pub description: Option<Text>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    pub questionnaire: String,
    pub section: String,
    pub text: Text,
    /// For the interviewer: what to ask for, what to compare with. Never shown to respondents.
    pub help: Option<Text>,
    /// For a respondent filling a form alone: what the question means, in their terms.
    pub respondent_help: Option<Text>,
    pub kind: Kind,
    /// Axis ids with positive weights, sorted by axis id.
    pub axes: Vec<Mapping>,
    /// An optional question may be left blank without lowering coverage.
    pub optional: bool,
    pub recommendations: Vec<Recommendation>,
    pub evidence: Vec<EvidenceRule>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    /// Four descriptors, one per level (Provisional … Optimizing); the answer is 1–4.
    Level { descriptors: Vec<Text> },
    /// Agreement from 1 to 5; `reverse` items score 5 as the worst.
    Likert { reverse: bool },
    /// Yes scores 1 (0 when `reverse`).
    YesNo { reverse: bool },
    /// One of a list of choices, each with an optional score.
    Choice { choices: Vec<Choice> },
    /// Any of a list of choices (tick all that apply): context for the report, never scored.
    Multi { choices: Vec<Choice> },
    /// A number placed in bands ordered by their upper bound.
    Number {
        unit: Option<Text>,
        min: Option<f64>,
        max: Option<f64>,
        bands: Vec<Band>,
    },
    /// Free text, never scored.
    Text,
}

impl Kind {
    pub fn name(&self) -> KindName {
        match self {
            Kind::Level { .. } => KindName::Level,
            Kind::Likert { .. } => KindName::Likert,
            Kind::YesNo { .. } => KindName::YesNo,
            Kind::Choice { .. } => KindName::Choice,
            Kind::Multi { .. } => KindName::Multi,
            Kind::Number { .. } => KindName::Number,
            Kind::Text => KindName::Text,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Mapping {
    pub axis: String,
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: Text,
    pub score: Option<f64>,
    /// The DORA performance cluster this choice belongs to (see `data/dora.toml`).
    pub cluster: Option<String>,
    /// The choice's range is outside the published ranges; it counts with `cluster`.
    pub outside: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// Inclusive upper bound; `None` for the last, open-ended band.
    pub up_to: Option<f64>,
    pub score: f64,
    pub label: Text,
    /// The DORA performance cluster this band belongs to (see `data/dora.toml`).
    pub cluster: Option<String>,
    /// The band's range is outside the published ranges; it counts with `cluster`.
    pub outside: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// Recommendations sharing an id are one recommendation (de-duplicated in the roadmap).
    pub id: String,
    /// The answer level (1–3) this recommendation lifts to the next level.
    pub level: u8,
    pub effort: Effort,
    pub title: Text,
    /// Markdown.
    pub text: Text,
}

/// Links repository-scan signals to a question: the share of repositories showing any of the
/// signals (or any signal of the categories) implies a level through three thresholds.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRule {
    pub signals: Vec<String>,
    pub categories: Vec<String>,
    /// Coverage thresholds to reach levels 2, 3 and 4, ascending in [0, 1]. One or two
    /// thresholds cap the level the repositories can show (at 2 or 3): a file in a repository
    /// shows some practices only up to a point.
    pub levels: Vec<f64>,
}

/// A validated answer value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Number(f64),
    Text(String),
    /// The choices ticked, by id, in the question's order (a multi question).
    List(Vec<String>),
}

impl Question {
    /// Checks a raw value against the question and returns it in canonical form,
    /// or says what was expected.
    pub fn check_value(&self, value: &toml::Value) -> Result<Value, String> {
        match (&self.kind, value) {
            (Kind::Level { .. }, toml::Value::Integer(i)) if (1..=4).contains(i) => {
                Ok(Value::Int(*i))
            }
            (Kind::Level { .. }, v) => {
                Err(format!("got {}: expected a level from 1 to 4", describe(v)))
            }
            (Kind::Likert { .. }, toml::Value::Integer(i)) if (1..=5).contains(i) => {
                Ok(Value::Int(*i))
            }
            (Kind::Likert { .. }, v) => Err(format!(
                "got {}: expected an agreement from 1 to 5",
                describe(v)
            )),
            (Kind::YesNo { .. }, toml::Value::Boolean(b)) => Ok(Value::Bool(*b)),
            (Kind::YesNo { .. }, v) => Err(format!(
                "got {}: expected true (yes) or false (no)",
                describe(v)
            )),
            (Kind::Choice { choices }, toml::Value::String(s))
                if choices.iter().any(|c| &c.id == s) =>
            {
                Ok(Value::Text(s.clone()))
            }
            (Kind::Choice { choices }, v) => Err(format!(
                "got {}: expected one of {}",
                describe(v),
                choice_ids(choices)
            )),
            (Kind::Number { min, max, .. }, v) => {
                let n = match v {
                    toml::Value::Integer(i) => *i as f64,
                    toml::Value::Float(f) if f.is_finite() => *f,
                    other => return Err(format!("got {}: expected a number", describe(other))),
                };
                if let Some(lo) = min {
                    if n < *lo {
                        return Err(format!("got {n}: expected a number of at least {lo}"));
                    }
                }
                if let Some(hi) = max {
                    if n > *hi {
                        return Err(format!("got {n}: expected a number of at most {hi}"));
                    }
                }
                Ok(Value::Number(n))
            }
            (Kind::Multi { choices }, toml::Value::Array(items)) => {
                let mut ticked = Vec::new();
                for item in items {
                    match item {
                        toml::Value::String(s) if choices.iter().any(|c| &c.id == s) => {
                            if ticked.contains(s) {
                                return Err(format!(
                                    "\"{s}\" is listed twice: expected each choice at most once"
                                ));
                            }
                            ticked.push(s.clone());
                        }
                        other => {
                            return Err(format!(
                                "got {} in the list: expected choices among {}",
                                describe(other),
                                choice_ids(choices)
                            ))
                        }
                    }
                }
                if ticked.is_empty() {
                    return Err(format!(
                        "got an empty list: expected at least one of {} (or dont_know / not_applicable)",
                        choice_ids(choices)
                    ));
                }
                // In the question's order, whatever order they were typed in.
                ticked.sort_by_key(|id| choices.iter().position(|c| &c.id == id));
                Ok(Value::List(ticked))
            }
            (Kind::Multi { choices }, v) => Err(format!(
                "got {}: expected a list of choices among {}",
                describe(v),
                choice_ids(choices)
            )),
            (Kind::Text, toml::Value::String(s)) => Ok(Value::Text(s.clone())),
            (Kind::Text, v) => Err(format!("got {}: expected a text", describe(v))),
        }
    }

    /// The band a number answer falls in.
    pub fn band_of(&self, n: f64) -> Option<&Band> {
        match &self.kind {
            Kind::Number { bands, .. } => bands
                .iter()
                .find(|b| b.up_to.is_none_or(|up| n <= up))
                .or(bands.last()),
            _ => None,
        }
    }

    /// The normalised score in [0, 1] of a validated value; `None` for unscored answers
    /// (free text, a choice without a score).
    pub fn score(&self, value: &Value) -> Option<f64> {
        match (&self.kind, value) {
            (Kind::Level { .. }, Value::Int(l)) => Some((*l as f64 - 1.0) / 3.0),
            (Kind::Likert { reverse }, Value::Int(v)) => {
                let s = (*v as f64 - 1.0) / 4.0;
                Some(if *reverse { 1.0 - s } else { s })
            }
            (Kind::YesNo { reverse }, Value::Bool(b)) => {
                Some(if *b != *reverse { 1.0 } else { 0.0 })
            }
            (Kind::Choice { choices }, Value::Text(id)) => {
                choices.iter().find(|c| &c.id == id).and_then(|c| c.score)
            }
            (Kind::Number { .. }, Value::Number(n)) => self.band_of(*n).map(|b| b.score),
            (Kind::Number { .. }, Value::Int(n)) => self.band_of(*n as f64).map(|b| b.score),
            _ => None,
        }
    }

    /// A readable rendering of a value in a language (the choice label, the level name…).
    pub fn display_value(&self, value: &Value, lang: Lang, likert: &[Text]) -> String {
        match (&self.kind, value) {
            (Kind::Level { .. }, Value::Int(l)) => l.to_string(),
            (Kind::Likert { .. }, Value::Int(v)) => match likert.get((*v as usize).wrapping_sub(1))
            {
                Some(label) => format!("{v} ({})", label.get(lang)),
                None => v.to_string(),
            },
            (Kind::YesNo { .. }, Value::Bool(b)) => match (lang, b) {
                (Lang::Fr, true) => "oui".into(),
                (Lang::Fr, false) => "non".into(),
                (Lang::En, true) => "yes".into(),
                (Lang::En, false) => "no".into(),
            },
            (Kind::Choice { choices }, Value::Text(id)) => choice_label(choices, id, lang),
            // Labels hold no `,` (checked at load).
            (Kind::Multi { choices }, Value::List(ids)) => ids
                .iter()
                .map(|id| choice_label(choices, id, lang))
                .collect::<Vec<_>>()
                .join(", "),
            (Kind::Number { unit, .. }, v) => {
                let n = match v {
                    Value::Number(n) => *n,
                    Value::Int(i) => *i as f64,
                    _ => return String::new(),
                };
                match unit {
                    Some(u) => format!("{} {}", format_number(n), u.get(lang)),
                    None => format_number(n),
                }
            }
            (_, Value::Text(s)) => s.clone(),
            (_, Value::Int(i)) => i.to_string(),
            (_, Value::Number(n)) => format_number(*n),
            (_, Value::Bool(b)) => b.to_string(),
            (_, Value::List(ids)) => ids.join(", "),
        }
    }
}

/// A choice's label in a language, or its id if the question has no such choice.
fn choice_label(choices: &[Choice], id: &str, lang: Lang) -> String {
    choices
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| id.to_string(), |c| c.label.get(lang).to_string())
}

/// The choices' ids, quoted, for an error.
fn choice_ids(choices: &[Choice]) -> String {
    choices
        .iter()
        .map(|c| format!("\"{}\"", c.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number without a trailing `.0` and with at most two decimals.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) if s.chars().count() > 60 => {
            let head: String = s.chars().take(57).collect();
            format!("the text \"{head}…\"")
        }
        toml::Value::String(s) => format!("the text \"{s}\""),
        toml::Value::Integer(i) => format!("the integer {i}"),
        // Very large or very small numbers in scientific notation, as they were likely typed.
        toml::Value::Float(f) if f.abs() >= 1e15 || (*f != 0.0 && f.abs() < 1e-6) => {
            format!("the number {f:e}")
        }
        toml::Value::Float(f) => format!("the number {f}"),
        toml::Value::Boolean(b) => format!("the boolean {b}"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "a list".into(),
        toml::Value::Table(_) => "a table".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_messages_stay_short() {
        assert_eq!(describe(&toml::Value::Float(1e308)), "the number 1e308");
        assert_eq!(describe(&toml::Value::Float(2.5)), "the number 2.5");
        let long = "x".repeat(200);
        assert_eq!(
            describe(&toml::Value::String(long)),
            format!("the text \"{}…\"", "x".repeat(57))
        );
    }

    /// A bare question of `kind`, for the tests here and in the submodules.
    pub(crate) fn question(kind: Kind) -> Question {
        Question {
            id: "q".into(),
            questionnaire: "t".into(),
            section: "s".into(),
            text: Text::new("q", "q"),
            help: None,
            respondent_help: None,
            kind,
            axes: Vec::new(),
            optional: false,
            recommendations: Vec::new(),
            evidence: Vec::new(),
        }
    }

    fn band(up_to: Option<f64>, score: f64) -> Band {
        Band {
            up_to,
            score,
            label: Text::new("b", "b"),
            cluster: None,
            outside: false,
        }
    }

    #[test]
    fn scores_follow_the_kind() {
        let level = question(Kind::Level {
            descriptors: vec![Text::default(); 4],
        });
        assert_eq!(level.score(&Value::Int(4)), Some(1.0));
        let likert = question(Kind::Likert { reverse: true });
        assert_eq!(likert.score(&Value::Int(2)), Some(0.75));
        let yes = question(Kind::YesNo { reverse: false });
        assert_eq!(yes.score(&Value::Bool(false)), Some(0.0));
        let number = question(Kind::Number {
            unit: None,
            min: None,
            max: None,
            bands: vec![band(Some(1.0), 1.0), band(Some(7.0), 0.5), band(None, 0.0)],
        });
        assert_eq!(number.score(&Value::Number(1.0)), Some(1.0));
        assert_eq!(number.score(&Value::Number(3.0)), Some(0.5));
        assert_eq!(number.score(&Value::Number(30.0)), Some(0.0));
        assert_eq!(question(Kind::Text).score(&Value::Text("x".into())), None);
    }

    #[test]
    fn values_are_checked_against_the_question() {
        let likert = question(Kind::Likert { reverse: false });
        assert_eq!(
            likert.check_value(&toml::Value::Integer(5)),
            Ok(Value::Int(5))
        );
        assert!(likert
            .check_value(&toml::Value::Integer(6))
            .unwrap_err()
            .contains("expected an agreement from 1 to 5"));
        let number = question(Kind::Number {
            unit: None,
            min: Some(0.0),
            max: None,
            bands: vec![band(None, 1.0)],
        });
        assert!(number
            .check_value(&toml::Value::Float(-1.0))
            .unwrap_err()
            .contains("at least 0"));
        assert_eq!(
            number.check_value(&toml::Value::Integer(3)),
            Ok(Value::Number(3.0))
        );
    }

    #[test]
    fn numbers_print_without_noise() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(2.0 / 3.0), "0.67");
    }
}
