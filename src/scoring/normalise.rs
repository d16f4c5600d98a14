//! Normalisation: every answer of every respondent becomes a score in [0, 1] through its
//! question ([`Question::score`]); "don't know" and "not applicable" are counted apart. One pass
//! over the responses gathers each question's answers.

use super::assessment::{AnswerKind, AnswerRecord};
use crate::engagement::{AnswerState, Channel, Response};
use crate::questionnaire::{Question, Value};
use std::collections::HashMap;

/// One answer that carries a value.
#[derive(Debug, Clone)]
pub struct ValueAnswer<'a> {
    /// The respondent's index in the responses given to [`gather`].
    pub respondent: usize,
    pub role: &'a str,
    pub channel: Channel,
    pub value: &'a Value,
    /// `None` for unscored values (free text, a choice without a score).
    pub score: Option<f64>,
}

/// Everything answered to one question.
#[derive(Debug, Clone, Default)]
pub struct QuestionAnswers<'a> {
    pub values: Vec<ValueAnswer<'a>>,
    pub dont_know: usize,
    pub not_applicable: usize,
    /// Every answer, in respondent-id order.
    pub records: Vec<AnswerRecord>,
}

impl QuestionAnswers<'_> {
    /// The scores of the scored answers.
    pub fn scores(&self) -> Vec<f64> {
        self.values.iter().filter_map(|a| a.score).collect()
    }

    /// The indices of the respondents who gave a scored answer.
    pub fn scored_by(&self) -> Vec<usize> {
        self.values
            .iter()
            .filter(|a| a.score.is_some())
            .map(|a| a.respondent)
            .collect()
    }
}

/// Gathers the answers to `questions` (in their order) from responses sorted by respondent id.
pub fn gather<'a>(questions: &[&Question], responses: &[&'a Response]) -> Vec<QuestionAnswers<'a>> {
    let index: HashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let mut out = vec![QuestionAnswers::default(); questions.len()];
    for (r, response) in responses.iter().enumerate() {
        let who = &response.respondent;
        for (qid, answer) in &response.answers {
            let Some(&i) = index.get(qid.as_str()) else {
                continue;
            };
            let question = questions[i];
            let slot = &mut out[i];
            let (state, value, score) = match &answer.state {
                AnswerState::Value(v) => {
                    let score = question.score(v);
                    slot.values.push(ValueAnswer {
                        respondent: r,
                        role: &who.role,
                        channel: who.channel,
                        value: v,
                        score,
                    });
                    (AnswerKind::Value, Some(v.clone()), score)
                }
                AnswerState::DontKnow => {
                    slot.dont_know += 1;
                    (AnswerKind::DontKnow, None, None)
                }
                AnswerState::NotApplicable => {
                    slot.not_applicable += 1;
                    (AnswerKind::NotApplicable, None, None)
                }
            };
            slot.records.push(AnswerRecord {
                respondent: who.id.clone(),
                role: who.role.clone(),
                channel: who.channel,
                state,
                value,
                score,
                note: answer.note.clone(),
            });
        }
    }
    out
}
