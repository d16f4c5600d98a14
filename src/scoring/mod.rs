//! The scoring engine: turns an engagement's answers into an [`Assessment`].
//!
//! Rules (stated with formulas and a worked example in `docs/scoring.md`):
//! - each answer is normalised to [0, 1] by its question (see [`crate::questionnaire::Question::score`]);
//!   "don't know" and "not applicable" are excluded and counted;
//! - several respondents to one question are combined by their median; the spread is max − min;
//! - an axis score is the weighted mean of its answered questions' medians;
//! - its continuous level is `1 + 3 × score`, its band the level rounded down (4 only at 4.0);
//! - its coverage is the weight of its answered questions over the weight of all its questions.

mod assessment;

pub use assessment::*;

use crate::engagement::{AnswerState, Engagement};
use crate::framework::Family;
use crate::questionnaire::{Catalog, Question};
use std::collections::BTreeMap;

/// The version of the Assessment JSON shape; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Continuous level (1.0–4.0) of a normalised score.
pub fn level_of(score: f64) -> f64 {
    1.0 + 3.0 * score.clamp(0.0, 1.0)
}

/// The band (1–4) a continuous level falls in: rounded down, so a band is reached only when
/// fully there.
pub fn band_of(level: f64) -> u8 {
    (level + 1e-9).floor().clamp(1.0, 4.0) as u8
}

/// The median of non-empty values (mean of the two middle ones for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Scores an engagement.
pub fn assess(engagement: &Engagement, catalog: &Catalog) -> Assessment {
    let meta = &engagement.meta;
    let in_use: Vec<_> = meta
        .questionnaires
        .iter()
        .filter_map(|id| catalog.questionnaire(id))
        .collect();

    let questions: Vec<QuestionScore> = in_use
        .iter()
        .flat_map(|q| q.questions())
        .map(|q| score_question(q, engagement))
        .collect();

    let by_id: BTreeMap<&str, &QuestionScore> =
        questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let axes = catalog
        .framework
        .axes
        .iter()
        .map(|axis| {
            let mut total_weight = 0.0;
            let mut answered_weight = 0.0;
            let mut weighted = 0.0;
            let mut count = 0;
            let mut answered = 0;
            for question in in_use.iter().flat_map(|q| q.questions()) {
                let Some(m) = question.axes.iter().find(|m| m.axis == axis.id) else {
                    continue;
                };
                let score = by_id.get(question.id.as_str()).and_then(|s| s.score);
                if question.optional && score.is_none() {
                    continue;
                }
                count += 1;
                total_weight += m.weight;
                if let Some(s) = score {
                    answered += 1;
                    answered_weight += m.weight;
                    weighted += m.weight * s;
                }
            }
            let score = (answered_weight > 0.0).then(|| weighted / answered_weight);
            let level = score.map(level_of);
            let target = meta.targets.get(&axis.id).copied();
            AxisScore {
                id: axis.id.clone(),
                family: axis.family,
                score,
                level,
                band: level.map(band_of),
                coverage: if total_weight > 0.0 {
                    answered_weight / total_weight
                } else {
                    0.0
                },
                questions: count,
                answered,
                target,
                gap: match (target, level) {
                    (Some(t), Some(l)) if axis.family == Family::Cncf => Some(f64::from(t) - l),
                    _ => None,
                },
            }
        })
        .collect();

    Assessment {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        engagement: EngagementInfo {
            client: meta.client.clone(),
            date: meta.date.clone(),
            language: meta.language,
            consultants: meta.consultants.clone(),
            scope: meta.scope.clone(),
            min_group_size: meta.min_group_size,
        },
        framework_version: catalog.framework.version.clone(),
        questionnaires: in_use
            .iter()
            .map(|q| QuestionnaireRef {
                id: q.id.clone(),
                version: q.version.clone(),
                title: q.title.clone(),
            })
            .collect(),
        respondents: engagement
            .responses
            .iter()
            .map(|r| RespondentInfo {
                id: r.respondent.id.clone(),
                role: r.respondent.role.clone(),
                channel: r.respondent.channel,
                answered: r.answers.len(),
            })
            .collect(),
        axes,
        questions,
    }
}

fn score_question(question: &Question, engagement: &Engagement) -> QuestionScore {
    let mut answers = Vec::new();
    let mut scores = Vec::new();
    let (mut dont_know, mut not_applicable) = (0, 0);
    for response in &engagement.responses {
        let Some(answer) = response.answers.get(&question.id) else {
            continue;
        };
        let (value, score) = match &answer.state {
            AnswerState::Value(v) => (Some(v.clone()), question.score(v)),
            AnswerState::DontKnow => {
                dont_know += 1;
                (None, None)
            }
            AnswerState::NotApplicable => {
                not_applicable += 1;
                (None, None)
            }
        };
        if let Some(s) = score {
            scores.push(s);
        }
        answers.push(AnswerRecord {
            respondent: response.respondent.id.clone(),
            role: response.respondent.role.clone(),
            channel: response.respondent.channel,
            state: match answer.state {
                AnswerState::Value(_) => AnswerKind::Value,
                AnswerState::DontKnow => AnswerKind::DontKnow,
                AnswerState::NotApplicable => AnswerKind::NotApplicable,
            },
            value,
            score,
            note: answer.note.clone(),
        });
    }
    let spread = match (
        scores.iter().copied().reduce(f64::min),
        scores.iter().copied().reduce(f64::max),
    ) {
        (Some(lo), Some(hi)) => Some(hi - lo),
        _ => None,
    };
    let score = median(&mut scores);
    QuestionScore {
        id: question.id.clone(),
        questionnaire: question.questionnaire.clone(),
        section: question.section.clone(),
        kind: question.kind.name(),
        scored: scores.len(),
        score,
        level: score.map(level_of),
        spread,
        dont_know,
        not_applicable,
        answers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_and_band_follow_the_score() {
        assert_eq!(level_of(0.0), 1.0);
        assert_eq!(level_of(1.0), 4.0);
        assert_eq!(band_of(level_of(2.0 / 3.0)), 3);
        assert_eq!(band_of(3.99), 3);
        assert_eq!(band_of(4.0), 4);
        assert_eq!(band_of(1.0), 1);
    }

    #[test]
    fn median_of_even_count_is_mean_of_middle() {
        assert_eq!(median(&mut [0.0, 1.0, 0.5, 0.25]), Some(0.375));
        assert_eq!(median(&mut [0.2]), Some(0.2));
        assert_eq!(median(&mut []), None);
    }
}
