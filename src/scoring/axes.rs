//! Axis scores: per CNCF aspect, SPACE dimension, DORA key, success key and context axis, the
//! weighted mean of its questions' medians, its continuous level, band, coverage, confidence,
//! level distribution and per-role view; and the targets and gaps.

use super::assessment::{AxisScore, GroupScore, QuestionScore, Verdict};
use super::params::Params;
use super::{band_of, confidence, level_of};
use crate::engagement::EngagementMeta;
use crate::framework::{Axis, Family, Framework};
use crate::questionnaire::Question;
use std::collections::BTreeMap;

/// The target level of an axis: engagement.toml's for CNCF aspects, else the default target;
/// none for context axes (they describe the client, not a maturity to reach).
pub fn target(axis: &Axis, meta: &EngagementMeta, params: &Params) -> Option<u8> {
    match axis.family {
        Family::Context => None,
        Family::Cncf => Some(
            meta.targets
                .get(&axis.id)
                .copied()
                .unwrap_or(params.default_target),
        ),
        _ => Some(params.default_target),
    }
}

/// A question's target: the highest target of its CNCF aspects when it maps to any (the
/// client's explicit choice in engagement.toml must not be raised by a minor SPACE, DORA or
/// success-key mapping), else the highest target among its axes.
pub fn question_target(
    q: &Question,
    framework: &Framework,
    meta: &EngagementMeta,
    params: &Params,
) -> Option<u8> {
    let axes: Vec<&Axis> = q
        .axes
        .iter()
        .filter_map(|m| framework.axis(&m.axis))
        .collect();
    let highest = |family: Option<Family>| {
        axes.iter()
            .filter(|a| family.is_none_or(|f| a.family == f))
            .filter_map(|a| target(a, meta, params))
            .max()
    };
    highest(Some(Family::Cncf)).or_else(|| highest(None))
}

/// The name of a band on an axis: the aspect's own level name, else the model's; none on a
/// context axis, whose score measures difficulty, not maturity.
pub fn band_name(axis: &Axis, framework: &Framework, band: u8) -> Option<crate::i18n::Text> {
    if axis.family == Family::Context {
        return None;
    }
    axis.level_names
        .as_ref()
        .and_then(|names| names.get(usize::from(band).checked_sub(1)?))
        .or_else(|| framework.level(band).map(|l| &l.name))
        .cloned()
}

/// Who answered what: per question, the indices of the respondents with a scored answer, and
/// each respondent's role.
pub struct Respondents<'a> {
    pub scored_by: Vec<Vec<usize>>,
    pub roles: Vec<&'a str>,
}

/// Scores one axis from the scored questions (`questions[i]` is the score of `defs[i]`).
pub fn score(
    axis: &Axis,
    defs: &[&Question],
    questions: &[QuestionScore],
    who: &Respondents,
    framework: &Framework,
    meta: &EngagementMeta,
    params: &Params,
) -> AxisScore {
    let mut total = 0.0;
    let mut covered = 0.0;
    let (mut mean_w, mut weighted) = (0.0, 0.0);
    let (mut agreement, mut support) = (0.0, 0.0);
    let mut dist = [0.0; 4];
    let mut dist_w = 0.0;
    let (mut count, mut answered, mut inferred) = (0, 0, 0);
    let (mut corroborated, mut contradicted) = (0, 0);
    // Role → (weighted sum, weight, respondents with a scored answer).
    let mut roles: BTreeMap<&str, (f64, f64, usize)> = BTreeMap::new();
    let mut seen = vec![false; who.roles.len()];
    for ((def, q), scored_by) in defs.iter().zip(questions).zip(&who.scored_by) {
        let Some(m) = def.axes.iter().find(|m| m.axis == axis.id) else {
            continue;
        };
        let w = m.weight;
        let effective = q.effective_score();
        if def.optional && effective.is_none() {
            continue;
        }
        count += 1;
        total += w;
        let Some((cov, agr, sup)) = confidence::terms(q, params) else {
            continue;
        };
        let s = effective.unwrap_or_default();
        let mw = if q.score.is_some() {
            answered += 1;
            for (d, share) in dist.iter_mut().zip(q.distribution) {
                *d += w * share;
            }
            dist_w += w;
            for g in &q.by_role {
                let e = roles.entry(g.group.as_str()).or_default();
                e.0 += w * g.score;
                e.1 += w;
            }
            for &r in scored_by {
                if !std::mem::replace(&mut seen[r], true) {
                    roles.entry(who.roles[r]).or_default().2 += 1;
                }
            }
            w
        } else {
            inferred += 1;
            w * params.evidence.inferred_weight
        };
        match q.evidence {
            Some(Verdict::Corroborated) => corroborated += 1,
            Some(Verdict::Contradicted) => contradicted += 1,
            _ => {}
        }
        covered += w * cov;
        mean_w += mw;
        weighted += mw * s;
        agreement += mw * agr;
        support += mw * sup;
    }
    let score = (mean_w > 0.0).then(|| weighted / mean_w);
    let level = score.map(level_of);
    let coverage = if total > 0.0 { covered / total } else { 0.0 };
    let agreement = (mean_w > 0.0).then(|| agreement / mean_w);
    let evidence_support = (mean_w > 0.0).then(|| support / mean_w);
    let target = target(axis, meta, params);
    AxisScore {
        id: axis.id.clone(),
        family: axis.family,
        score,
        level,
        band: level
            .filter(|_| axis.family != Family::Context)
            .map(band_of),
        band_name: level
            .map(band_of)
            .and_then(|b| band_name(axis, framework, b)),
        coverage,
        questions: count,
        answered,
        inferred,
        target,
        gap: target.zip(level).map(|(t, l)| f64::from(t) - l),
        agreement,
        evidence_support,
        confidence: match (agreement, evidence_support) {
            (Some(a), Some(e)) => confidence::combine(coverage, a, e, params),
            _ => 0.0,
        },
        distribution: if dist_w > 0.0 {
            dist.map(|d| d / dist_w)
        } else {
            [0.0; 4]
        },
        by_role: roles
            .into_iter()
            .filter(|(_, (_, w, _))| *w > 0.0)
            .map(|(role, (sum, w, who))| {
                let score = sum / w;
                GroupScore {
                    group: role.to_string(),
                    respondents: who,
                    score,
                    level: level_of(score),
                    iqr: 0.0,
                }
            })
            .collect(),
        corroborated,
        contradicted,
    }
}
