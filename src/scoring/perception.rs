//! Perception gaps: two roles that see an axis differently. For each axis and each pair of roles,
//! both roles' levels are computed over the questions *both* answered (weighted means of the
//! roles' medians), so that a gap never comes from comparing different questions.

use super::assessment::{PerceptionGap, QuestionScore};
use super::level_of;
use super::params::Params;
use crate::framework::Axis;
use crate::questionnaire::Question;
use std::collections::BTreeSet;

pub fn gaps(
    axes: &[Axis],
    defs: &[&Question],
    questions: &[QuestionScore],
    params: &Params,
) -> Vec<PerceptionGap> {
    let mut out = Vec::new();
    for axis in axes {
        // (weight, question) for the axis's questions with role scores.
        let on_axis: Vec<(f64, &QuestionScore)> = defs
            .iter()
            .zip(questions)
            .filter_map(|(d, q)| {
                let m = d.axes.iter().find(|m| m.axis == axis.id)?;
                (!q.by_role.is_empty()).then_some((m.weight, q))
            })
            .collect();
        let roles: BTreeSet<&str> = on_axis
            .iter()
            .flat_map(|(_, q)| q.by_role.iter().map(|g| g.group.as_str()))
            .collect();
        let roles: Vec<&str> = roles.into_iter().collect();
        for (i, a) in roles.iter().enumerate() {
            for b in &roles[i + 1..] {
                if let Some(gap) = pair(axis, a, b, &on_axis) {
                    if gap.gap >= params.perception.min_gap {
                        out.push(gap);
                    }
                }
            }
        }
    }
    out.sort_by(|x, y| {
        y.gap
            .total_cmp(&x.gap)
            .then_with(|| x.axis.cmp(&y.axis))
            .then_with(|| x.high_role.cmp(&y.high_role))
            .then_with(|| x.low_role.cmp(&y.low_role))
    });
    out
}

fn pair(axis: &Axis, a: &str, b: &str, on_axis: &[(f64, &QuestionScore)]) -> Option<PerceptionGap> {
    let (mut w_sum, mut sa, mut sb) = (0.0, 0.0, 0.0);
    let mut common = Vec::new();
    let mut widest: Option<(f64, &str)> = None;
    for (w, q) in on_axis {
        let score = |role: &str| q.by_role.iter().find(|g| g.group == role).map(|g| g.score);
        let (Some(x), Some(y)) = (score(a), score(b)) else {
            continue;
        };
        w_sum += w;
        sa += w * x;
        sb += w * y;
        common.push(q.id.clone());
        let diff = w * (x - y).abs();
        if widest.is_none_or(|(d, _)| diff > d) {
            widest = Some((diff, q.id.as_str()));
        }
    }
    if w_sum <= 0.0 {
        return None;
    }
    let (la, lb) = (level_of(sa / w_sum), level_of(sb / w_sum));
    let ((high_role, high_level), (low_role, low_level)) = if la >= lb {
        ((a, la), (b, lb))
    } else {
        ((b, lb), (a, la))
    };
    Some(PerceptionGap {
        axis: axis.id.clone(),
        high_role: high_role.to_string(),
        high_level,
        low_role: low_role.to_string(),
        low_level,
        gap: high_level - low_level,
        questions: common,
        widest_question: widest.map(|(_, id)| id.to_string()).unwrap_or_default(),
    })
}
