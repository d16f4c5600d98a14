//! Confidence: how much weight a consultant can put on a number, from its coverage, the
//! agreement of the respondents and what the evidence says.
//!
//! `confidence = coverage × (base + A × agreement + E × evidence_support)`, with the weights of
//! `data/scoring.toml` (`base + A + E = 1`), so a fully covered, unanimous, corroborated answer
//! has confidence 1.

use super::assessment::{QuestionScore, Verdict};
use super::params::Params;

/// 1 when evidence corroborates the answer, 0 when it contradicts it, ½ otherwise (no rule, no
/// scan, inconclusive, or inferred: the evidence is then the answer itself).
pub fn evidence_support(verdict: Option<Verdict>) -> f64 {
    match verdict {
        Some(Verdict::Corroborated) => 1.0,
        Some(Verdict::Contradicted) => 0.0,
        Some(Verdict::Inconclusive) | Some(Verdict::Inferred) | None => 0.5,
    }
}

/// The terms of a question's confidence: (coverage, agreement, evidence support), or `None`
/// when it has neither an answer nor an inference.
pub fn terms(q: &QuestionScore, params: &Params) -> Option<(f64, f64, f64)> {
    let support = evidence_support(q.evidence);
    if q.score.is_some() {
        let agreement = q
            .agreement
            .unwrap_or(params.confidence.single_answer_agreement);
        Some((q.coverage, agreement, support))
    } else if q.inferred.is_some() {
        Some((
            params.evidence.inferred_weight,
            params.confidence.single_answer_agreement,
            support,
        ))
    } else {
        None
    }
}

/// `coverage × (base + A × agreement + E × support)`.
pub fn combine(coverage: f64, agreement: f64, support: f64, params: &Params) -> f64 {
    let c = &params.confidence;
    (coverage * (c.base + c.agreement * agreement + c.evidence * support)).clamp(0.0, 1.0)
}

pub fn question(q: &QuestionScore, params: &Params) -> f64 {
    terms(q, params).map_or(0.0, |(cov, agr, sup)| combine(cov, agr, sup, params))
}
