//! What a statement of the executive summary rests on: how many scored answers, from how many
//! respondents, with what confidence, and whether that is a single source (fewer answers or
//! respondents than `[summary]` of `data/scoring.toml` asks for). It counts; it never changes a
//! score.

use super::format::{fill, Labels};
use crate::questionnaire::Catalog;
use crate::scoring::params::SummaryParams;
use crate::scoring::{AnswerKind, Assessment, QuestionScore, RecommendationItem};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    /// Scored answers (don't know and not applicable aside).
    pub answers: usize,
    /// Distinct respondents behind them.
    pub respondents: usize,
    /// In [0, 1].
    pub confidence: f64,
}

impl Support {
    /// Survey answers are anonymous in the Assessment: they count as answers, and as many
    /// respondents as the question with the most of them has (a lower bound: the same people may
    /// have answered several questions).
    fn of<'a>(questions: impl Iterator<Item = &'a QuestionScore>, confidence: f64) -> Support {
        let mut answers = 0;
        let mut who = BTreeSet::new();
        let mut survey = 0;
        for q in questions {
            answers += q.scored;
            let mut named = 0;
            for a in &q.answers {
                if a.state == AnswerKind::Value && a.score.is_some() {
                    named += 1;
                    who.insert(a.respondent.as_str());
                }
            }
            survey = survey.max(q.scored.saturating_sub(named));
        }
        Support {
            answers,
            respondents: who.len() + survey,
            confidence,
        }
    }

    /// What an axis rests on: the answers to the questions mapped to it.
    pub fn axis(assessment: &Assessment, catalog: &Catalog, axis: &str) -> Support {
        let confidence = assessment.axis(axis).map_or(0.0, |a| a.confidence);
        Support::of(
            assessment.questions.iter().filter(|q| {
                catalog
                    .question(&q.id)
                    .is_some_and(|d| d.axes.iter().any(|m| m.axis == axis))
            }),
            confidence,
        )
    }

    /// What a recommendation rests on: the answers to the questions below target that call for
    /// it; its confidence is the one of the source that ranks it.
    pub fn recommendation(assessment: &Assessment, r: &RecommendationItem) -> Support {
        let confidence = r
            .sources
            .iter()
            .max_by(|a, b| a.priority.total_cmp(&b.priority))
            .map_or(0.0, |s| s.confidence);
        Support::of(
            assessment
                .questions
                .iter()
                .filter(|q| r.sources.iter().any(|s| s.question == q.id)),
            confidence,
        )
    }

    /// Fewer answers or fewer respondents than the rule asks for.
    pub fn single_source(&self, rule: &SummaryParams) -> bool {
        self.answers < rule.min_answers || self.respondents < rule.min_respondents
    }

    /// `low`, `medium` or `high`.
    pub fn confidence_word(&self, rule: &SummaryParams) -> &'static str {
        if self.confidence >= rule.confidence_high {
            "high"
        } else if self.confidence >= rule.confidence_medium {
            "medium"
        } else {
            "low"
        }
    }

    /// `12 answers · confidence medium`, with `· single source` when it is one; a level, when
    /// given, comes first: `1.8 · 12 answers · confidence medium`.
    pub fn text(&self, level: Option<&str>, rule: &SummaryParams, labels: &Labels) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(l) = level.filter(|l| !l.is_empty()) {
            parts.push(l.to_string());
        }
        parts.push(labels.count("support.answers", self.answers));
        parts.push(fill(
            &labels.get("support.confidence"),
            &[(
                "word",
                &labels.get(&format!("confidence.{}", self.confidence_word(rule))),
            )],
        ));
        if self.single_source(rule) {
            parts.push(labels.get("support.single_source"));
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> SummaryParams {
        SummaryParams::default()
    }

    #[test]
    fn fewer_than_three_answers_or_two_respondents_is_a_single_source() {
        let s = |answers, respondents| Support {
            answers,
            respondents,
            confidence: 0.5,
        };
        assert!(s(1, 1).single_source(&rule()));
        assert!(s(5, 1).single_source(&rule()));
        assert!(s(2, 2).single_source(&rule()));
        assert!(!s(3, 2).single_source(&rule()));
    }

    #[test]
    fn confidence_reads_in_three_words() {
        let s = |confidence| Support {
            answers: 3,
            respondents: 2,
            confidence,
        };
        assert_eq!(s(0.2).confidence_word(&rule()), "low");
        assert_eq!(s(0.4).confidence_word(&rule()), "medium");
        assert_eq!(s(0.7).confidence_word(&rule()), "high");
    }
}
