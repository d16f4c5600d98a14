//! The executive summary's selections: the profile sentence, three strengths and three risks.
//! These rank the Assessment's axes; they never change a score.
//!
//! - Candidates are the scored axes of every family but the client context.
//! - Strengths: the highest levels (ties: better coverage first, then framework order).
//! - Risks: among the others, the lowest levels (ties: the larger gap to target first, then
//!   framework order).

use super::format::{decimal, fill, level_name, Labels};
use crate::framework::{Family, Framework};
use crate::scoring::{Assessment, AxisScore};
use serde::Serialize;
use std::cmp::Ordering;

/// How many strengths and risks the summary shows.
pub const POINTS: usize = 3;

#[derive(Debug, Serialize)]
pub struct Summary {
    /// One sentence on the spread of the per-aspect profile (lowest and highest aspects).
    pub profile: String,
    /// The three highest-level axes (fewer when fewer are scored).
    pub strengths: Vec<Point>,
    /// The three axes furthest below their target or lowest, not already strengths.
    pub risks: Vec<Point>,
    /// The first recommendations of the roadmap, highest priority first.
    pub recommendations: Vec<super::analysis::RecommendationView>,
}

#[derive(Debug, Serialize)]
pub struct Point {
    pub axis: String,
    /// The axis's family, in words (`Aspect CNCF`, `SPACE`…).
    pub family: String,
    pub name: String,
    pub level: String,
    pub band_name: String,
    /// One sentence: the band and level, and where the axis stands against its target.
    pub text: String,
}

pub fn build(assessment: &Assessment, fw: &Framework, labels: &Labels) -> Summary {
    let scored: Vec<(usize, &AxisScore)> = assessment
        .axes
        .iter()
        .enumerate()
        // The AI capabilities are read in their own section, against the platform findings:
        // the summary's strengths and risks stay on the platform and delivery.
        .filter(|(_, a)| !matches!(a.family, Family::Context | Family::Ai) && a.level.is_some())
        // DORA's delivery keys are read on their own performance clusters, never as a level.
        .filter(|(_, a)| !assessment.dora.keys.iter().any(|k| k.axis == a.id))
        .collect();
    let level = |a: &AxisScore| a.level.unwrap_or(0.0);

    let mut by_strength = scored.clone();
    by_strength.sort_by(|(i, a), (j, b)| {
        level(b)
            .total_cmp(&level(a))
            .then(b.coverage.total_cmp(&a.coverage))
            .then(i.cmp(j))
    });
    let strengths: Vec<_> = by_strength.iter().take(POINTS).map(|(i, _)| *i).collect();

    let mut by_risk: Vec<_> = scored
        .iter()
        .filter(|(i, _)| !strengths.contains(i))
        .copied()
        .collect();
    by_risk.sort_by(|(i, a), (j, b)| {
        level(a)
            .total_cmp(&level(b))
            .then(
                b.gap
                    .unwrap_or(0.0)
                    .partial_cmp(&a.gap.unwrap_or(0.0))
                    .unwrap_or(Ordering::Equal),
            )
            .then(i.cmp(j))
    });

    let point = |a: &AxisScore| self::point(a, fw, labels);
    Summary {
        profile: profile(assessment, fw, labels),
        strengths: by_strength
            .iter()
            .take(POINTS)
            .map(|(_, a)| point(a))
            .collect(),
        risks: by_risk.iter().take(POINTS).map(|(_, a)| point(a)).collect(),
        recommendations: Vec::new(),
    }
}

fn point(a: &AxisScore, fw: &Framework, labels: &Labels) -> Point {
    let lang = labels.lang;
    let def = fw.axis(&a.id);
    let level = a.level.map(|l| decimal(l, lang)).unwrap_or_default();
    let band_name = a
        .band
        .map(|b| level_name(fw, def, b, lang))
        .unwrap_or_default();
    let mut text = fill(
        &labels.get("point.level"),
        &[("band", &band_name), ("level", &level)],
    );
    match (a.target, a.gap) {
        (Some(t), Some(g)) if g > 0.0 => {
            text.push_str(&fill(
                &labels.get("point.gap"),
                &[("gap", &decimal(g, lang)), ("target", &t.to_string())],
            ));
        }
        (Some(t), Some(_)) => {
            text.push_str(&fill(
                &labels.get("point.at_target"),
                &[("target", &t.to_string())],
            ));
        }
        _ => {}
    }
    Point {
        axis: a.id.clone(),
        family: labels.get(&format!("family.{}", a.family.prefix())),
        name: def
            .map(|d| d.name.get(lang).to_string())
            .unwrap_or_else(|| a.id.clone()),
        level,
        band_name,
        text,
    }
}

/// A sentence on the CNCF profile: its lowest and highest aspects, or that it is flat.
fn profile(assessment: &Assessment, fw: &Framework, labels: &Labels) -> String {
    let lang = labels.lang;
    let aspects: Vec<&AxisScore> = assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Cncf && a.level.is_some())
        .collect();
    let name = |a: &AxisScore| {
        fw.axis(&a.id)
            .map(|d| d.name.get(lang).to_string())
            .unwrap_or_else(|| a.id.clone())
    };
    let level = |a: &AxisScore| a.level.unwrap_or(0.0);
    let lowest = aspects
        .iter()
        .copied()
        .reduce(|x, y| if level(y) < level(x) { y } else { x });
    let highest = aspects
        .iter()
        .copied()
        .reduce(|x, y| if level(y) > level(x) { y } else { x });
    match (lowest, highest) {
        (Some(lo), Some(hi)) if level(hi) - level(lo) >= 0.05 => fill(
            &labels.get("summary.profile_range"),
            &[
                ("count", &aspects.len().to_string()),
                ("low", &name(lo)),
                ("low_level", &decimal(level(lo), lang)),
                ("high", &name(hi)),
                ("high_level", &decimal(level(hi), lang)),
            ],
        ),
        (Some(lo), Some(_)) => fill(
            &labels.plural("summary.profile_flat", aspects.len()),
            &[
                ("count", &aspects.len().to_string()),
                ("level", &decimal(level(lo), lang)),
            ],
        ),
        _ => labels.get("summary.profile_none"),
    }
}
