//! Normalisation: every answer of every respondent becomes a score in [0, 1] through its
//! question ([`Question::score`]); "don't know" and "not applicable" are counted apart. One pass
//! over the responses gathers each question's answers.

use super::assessment::{AnswerKind, AnswerRecord, ValueCount};
use crate::engagement::{AnswerState, Channel, Response};
use crate::questionnaire::{Kind, Question, Value};
use std::collections::{BTreeMap, HashMap};

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

    /// Each distinct value with its count, sorted by value. Free text written in the survey is
    /// left out: a sentence can name its writer, whatever the group's size.
    pub fn value_counts(&self, q: &Question) -> Vec<ValueCount> {
        let free_text = matches!(q.kind, Kind::Text);
        self.counts_of(q, |a| !(free_text && a.channel == Channel::Survey))
    }

    /// The survey values alone with their counts (none for free text), sorted by value.
    pub fn survey_value_counts(&self, q: &Question) -> Vec<ValueCount> {
        if matches!(q.kind, Kind::Text) {
            return Vec::new();
        }
        self.counts_of(q, |a| a.channel == Channel::Survey)
    }

    fn counts_of(&self, q: &Question, keep: impl Fn(&ValueAnswer) -> bool) -> Vec<ValueCount> {
        let mut counts: BTreeMap<(u8, i64, usize, Option<&str>), ValueCount> = BTreeMap::new();
        for a in self.values.iter().filter(|a| keep(a)) {
            counts
                .entry(sort_key(q, a.value))
                .or_insert_with(|| ValueCount {
                    value: a.value.clone(),
                    count: 0,
                    score: a.score,
                })
                .count += 1;
        }
        counts.into_values().collect()
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

/// Orders values: yes/no, then integers, then numbers (ascending, exactly: equal keys are equal
/// values), then choices in their order.
fn sort_key<'v>(q: &Question, v: &'v Value) -> (u8, i64, usize, Option<&'v str>) {
    match v {
        Value::Bool(b) => (0, i64::from(*b), 0, None),
        Value::Int(i) => (1, *i, 0, None),
        Value::Number(f) => {
            // The IEEE 754 total order as an integer.
            let bits = f.to_bits() as i64;
            (2, bits ^ ((((bits >> 63) as u64) >> 1) as i64), 0, None)
        }
        Value::Text(t) => {
            let position = match &q.kind {
                Kind::Choice { choices } => choices.iter().position(|c| &c.id == t),
                _ => None,
            };
            // A choice is known by its position; other texts by themselves.
            match position {
                Some(p) => (3, 0, p, None),
                None => (3, 0, usize::MAX, Some(t)),
            }
        }
        // Lists of choices (never scored) after every other value, each as the set of its
        // choices' positions: exact, since two lists with the same key are merged as one value
        // (a multi question has at most 32 choices, checked at load).
        Value::List(ids) => {
            let mask = match &q.kind {
                Kind::Multi { choices } => ids
                    .iter()
                    .filter_map(|id| choices.iter().position(|c| &c.id == id))
                    .fold(0i64, |m, p| m | (1i64 << p.min(62))),
                _ => 0,
            };
            (4, mask, 0, None)
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Catalog;

    #[test]
    fn values_sort_numbers_by_value_and_choices_by_position() {
        let catalog = Catalog::load(&[]).unwrap();
        let level = catalog
            .questions()
            .find(|q| matches!(q.kind, Kind::Level { .. }))
            .unwrap();
        let mut numbers = [3.0, -1.0, 0.0, -2.5, 0.5].map(Value::Number).to_vec();
        numbers.sort_by(|a, b| sort_key(level, a).cmp(&sort_key(level, b)));
        assert_eq!(
            numbers,
            [-2.5, -1.0, 0.0, 0.5, 3.0].map(Value::Number).to_vec()
        );

        let choice = catalog
            .questions()
            .find(|q| matches!(&q.kind, Kind::Choice { choices } if choices.len() >= 3))
            .unwrap();
        let Kind::Choice { choices } = &choice.kind else {
            unreachable!()
        };
        let mut ids: Vec<Value> = choices
            .iter()
            .rev()
            .map(|c| Value::Text(c.id.clone()))
            .collect();
        ids.sort_by(|a, b| sort_key(choice, a).cmp(&sort_key(choice, b)));
        let expected: Vec<Value> = choices.iter().map(|c| Value::Text(c.id.clone())).collect();
        assert_eq!(ids, expected);
    }
}
