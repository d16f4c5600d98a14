//! Aggregation of several respondents: per question, the median of the scored answers, their
//! spread (max − min) and interquartile range, the share of answers at each level, and the same
//! per role and per channel. Every respondent counts once, whatever the channel (see
//! `docs/scoring.md`, "Several respondents").

use super::assessment::{AnswerKind, AnswerRecord, GroupScore, QuestionScore, SurveyAnswers};
use super::normalise::QuestionAnswers;
use super::params::Params;
use super::{band_of, level_of};
use crate::engagement::Channel;
use crate::questionnaire::Question;
use std::collections::BTreeMap;

/// The median of values (mean of the two middle ones for an even count); sorts `values`.
pub fn median(values: &mut [f64]) -> Option<f64> {
    quantile(values, 0.5)
}

/// The `p` quantile by linear interpolation between order statistics (Hyndman–Fan type 7, the
/// default of R and NumPy); sorts `values`.
pub fn quantile(values: &mut [f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let h = (values.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(values.len() - 1);
    Some(values[lo] + (h - lo as f64) * (values[hi] - values[lo]))
}

/// Q3 − Q1; sorts `values`.
pub fn iqr(values: &mut [f64]) -> Option<f64> {
    Some(quantile(values, 0.75)? - quantile(values, 0.25)?)
}

/// The share of scores at each level band 1–4 (all zero when there are none).
pub fn distribution(scores: &[f64]) -> [f64; 4] {
    let mut counts = [0usize; 4];
    for s in scores {
        counts[usize::from(band_of(level_of(*s))) - 1] += 1;
    }
    let n = scores.len();
    if n == 0 {
        return [0.0; 4];
    }
    counts.map(|c| c as f64 / n as f64)
}

/// Agreement of a question's scored answers: 1 − IQR, or the single-answer agreement.
pub fn agreement(scores: &mut [f64], params: &Params) -> Option<f64> {
    match scores.len() {
        0 => None,
        1 => Some(params.confidence.single_answer_agreement),
        _ => iqr(scores).map(|r| 1.0 - r),
    }
}

/// A group's aggregate, unless it holds survey answers and fewer than the engagement's minimum
/// group size of them. The survey part alone must reach the minimum: a mixed group (say one
/// interview, listed in `answers`, and one survey answer) would otherwise give the hidden
/// survey answer away by subtraction from its median.
fn group(group: String, (mut scores, survey): (Vec<f64>, usize), min: usize) -> Option<GroupScore> {
    if survey > 0 && survey < min {
        return None;
    }
    let iqr = iqr(&mut scores)?;
    let score = median(&mut scores)?;
    Some(GroupScore {
        group,
        respondents: scores.len(),
        score,
        level: level_of(score),
        iqr,
    })
}

/// Scores one question from its answers. Evidence, inference, target, gap and confidence are
/// filled by later steps.
pub fn question(
    q: &Question,
    answers: QuestionAnswers,
    params: &Params,
    min_group_size: usize,
) -> QuestionScore {
    let mut scores = answers.scores();
    let values = answers.value_counts(q);
    let (records, survey) = split_survey(q, &answers, min_group_size);
    // Group → (scores, how many of them come from the survey).
    let mut by_role: BTreeMap<&str, (Vec<f64>, usize)> = BTreeMap::new();
    let mut by_channel: BTreeMap<&'static str, (Vec<f64>, usize)> = BTreeMap::new();
    for a in &answers.values {
        if let Some(s) = a.score {
            let survey = usize::from(a.channel == Channel::Survey);
            for g in [
                by_role.entry(a.role).or_default(),
                by_channel.entry(a.channel.code()).or_default(),
            ] {
                g.0.push(s);
                g.1 += survey;
            }
        }
    }
    let spread = match (
        scores.iter().copied().reduce(f64::min),
        scores.iter().copied().reduce(f64::max),
    ) {
        (Some(lo), Some(hi)) => Some(hi - lo),
        _ => None,
    };
    let dist = distribution(&scores);
    let agreement = agreement(&mut scores, params);
    let iqr = iqr(&mut scores);
    let score = median(&mut scores);
    let scored = scores.len();
    let counted = scored + answers.dont_know + answers.not_applicable;
    QuestionScore {
        id: q.id.clone(),
        questionnaire: q.questionnaire.clone(),
        section: q.section.clone(),
        kind: q.kind.name(),
        scored,
        score,
        level: score.map(level_of),
        spread,
        iqr,
        agreement,
        dont_know: answers.dont_know,
        not_applicable: answers.not_applicable,
        coverage: if counted == 0 {
            0.0
        } else {
            scored as f64 / counted as f64
        },
        distribution: dist,
        by_role: by_role
            .into_iter()
            .filter_map(|(r, s)| group(r.to_string(), s, min_group_size))
            .collect(),
        by_channel: by_channel
            .into_iter()
            .filter_map(|(c, s)| group(c.to_string(), s, min_group_size))
            .collect(),
        evidence: None,
        inferred: None,
        target: None,
        gap: None,
        confidence: 0.0,
        values,
        answers: records,
        survey,
    }
}

/// Splits off the survey answers: the interview and self-assessment records stay listed, the
/// survey ones become counts (and values, for a group large enough).
fn split_survey(
    q: &Question,
    answers: &QuestionAnswers,
    min_group_size: usize,
) -> (Vec<AnswerRecord>, Option<SurveyAnswers>) {
    let (survey, listed): (Vec<&AnswerRecord>, Vec<&AnswerRecord>) = answers
        .records
        .iter()
        .partition(|r| r.channel == Channel::Survey);
    let count = |kind| survey.iter().filter(|r| r.state == kind).count();
    let summary = (!survey.is_empty()).then(|| {
        let shown = survey.len() >= min_group_size;
        SurveyAnswers {
            answers: survey.len(),
            dont_know: count(AnswerKind::DontKnow),
            not_applicable: count(AnswerKind::NotApplicable),
            shown,
            values: if shown {
                answers.survey_value_counts(q)
            } else {
                Vec::new()
            },
        }
    });
    (listed.into_iter().cloned().collect(), summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_even_count_is_mean_of_middle() {
        assert_eq!(median(&mut [0.0, 1.0, 0.5, 0.25]), Some(0.375));
        assert_eq!(median(&mut [0.2]), Some(0.2));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn iqr_interpolates_between_order_statistics() {
        // Q1 = 0.25, Q3 = 0.75 for 0, 1/3, 2/3, 1 → type 7 gives 1/4 and 3/4.
        let r = iqr(&mut [1.0, 0.0, 2.0 / 3.0, 1.0 / 3.0]).unwrap();
        assert!((r - 0.5).abs() < 1e-12, "{r}");
        assert_eq!(iqr(&mut [0.4]), Some(0.0));
    }

    #[test]
    fn a_group_needs_min_survey_answers_even_when_mixed() {
        // One listed interview answer (0.0) and one survey answer: the median 0.5 would give
        // the survey answer (1.0) away by subtraction.
        assert_eq!(group("developer".into(), (vec![0.0, 1.0], 1), 2), None);
        assert_eq!(group("survey".into(), (vec![1.0], 1), 5), None);
        let shown = group("developer".into(), (vec![0.0, 1.0, 1.0], 2), 2).unwrap();
        assert_eq!((shown.respondents, shown.score), (3, 1.0));
        // A group without survey answers is always shown.
        assert!(group("cto".into(), (vec![0.5], 0), 5).is_some());
    }

    #[test]
    fn distribution_counts_answers_by_level_band() {
        let d = distribution(&[0.0, 1.0 / 3.0, 1.0 / 3.0, 1.0]);
        assert_eq!(d, [0.25, 0.5, 0.0, 0.25]);
        assert_eq!(distribution(&[]), [0.0; 4]);
    }
}
