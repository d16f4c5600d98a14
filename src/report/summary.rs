//! The executive summary's selections: the three-sentence diagnosis, the profile sentence, the
//! strengths, the risks and the first recommendations, each with what it rests on. These rank
//! the Assessment's axes and recommendations; they never change a score.
//!
//! - Candidates are the scored axes of every family but the client context, the AI capabilities
//!   (read against the platform in their own section) and DORA's delivery metrics (read on DORA's
//!   own clusters and benchmarks).
//! - Single-source rule (`[summary]` of `data/scoring.toml`): an axis or recommendation resting on
//!   fewer than `min_answers` scored answers or `min_respondents` respondents is never a strength
//!   nor a first recommendation; a risk on such evidence is kept and flagged "single source".
//! - Strengths: axes at or above their target, or clearly ahead of the rest (at least half a
//!   level above the candidates' median); highest first (ties: better coverage, then framework
//!   order). Worded as strengths, never as a distance to a target.
//! - Risks: among the others, the lowest levels (ties: the larger gap to target first, then
//!   framework order).
//! - First recommendations: the Assessment's highest-priority ones that pass the rule.

use super::analysis::{self, RecommendationView, TopologyView};
use super::format::{decimal, fill, level_name, Labels};
use super::support::Support;
use crate::framework::{Family, Framework};
use crate::questionnaire::Catalog;
use crate::scoring::{Assessment, AxisScore};
use serde::Serialize;
use std::cmp::Ordering;

/// How many strengths and risks the summary shows.
pub const POINTS: usize = 3;
/// How many recommendations the summary shows, and how many of them are the first moves.
pub const FIRST_RECOMMENDATIONS: usize = 5;
pub const FIRST_MOVES: usize = 3;
/// How far above the candidates' median an axis must be to be "clearly ahead of the rest".
pub const AHEAD_BY: f64 = 0.5;

#[derive(Debug, Serialize)]
pub struct Summary {
    /// Three sentences: where the organisation stands, where it should go, the first moves.
    pub diagnosis: Vec<String>,
    /// One sentence on the spread of the per-aspect profile (lowest and highest aspects).
    pub profile: String,
    /// Up to three strengths; empty when no axis is at its target or clearly ahead.
    pub strengths: Vec<Point>,
    /// Up to three risks, not already strengths.
    pub risks: Vec<Point>,
    /// The first recommendations that rest on more than a single source, highest priority first.
    pub recommendations: Vec<RecommendationView>,
    /// How many higher-ranked recommendations were left out as single-source.
    pub single_source_left_out: usize,
    /// A sentence saying so; empty when none was.
    pub left_out_note: String,
}

#[derive(Debug, Serialize)]
pub struct Point {
    pub axis: String,
    /// The axis's family, in words (`Aspect CNCF`, `SPACE`…).
    pub family: String,
    pub name: String,
    pub level: String,
    pub band_name: String,
    /// One sentence: the band and level, and for a strength why it is one, for a risk where it
    /// stands against its target.
    pub text: String,
    /// `2.5 · 12 answers · confidence medium` (and `· single source` when it is one).
    pub support: String,
    pub single_source: bool,
}

/// The axes the summary may cite, with their index in the Assessment (framework order).
fn candidates<'a>(assessment: &'a Assessment, catalog: &Catalog) -> Vec<(usize, &'a AxisScore)> {
    let delivery = assessment.delivery_axes(catalog);
    assessment
        .axes
        .iter()
        .enumerate()
        .filter(|(_, a)| !matches!(a.family, Family::Context | Family::Ai) && a.level.is_some())
        .filter(|(_, a)| !delivery.contains(&a.id))
        .collect()
}

fn median(mut xs: Vec<f64>) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    })
}

pub fn build(
    assessment: &Assessment,
    catalog: &Catalog,
    topology: Option<&TopologyView>,
    labels: &Labels,
) -> Summary {
    let fw = &catalog.framework;
    let rule = &assessment.summary_rule;
    let scored = candidates(assessment, catalog);
    let level = |a: &AxisScore| a.level.unwrap_or(0.0);
    let support = |a: &AxisScore| Support::axis(assessment, catalog, &a.id);
    let mid = median(scored.iter().map(|(_, a)| level(a)).collect()).unwrap_or(0.0);

    // Strengths: at or above target, or clearly ahead; never on a single source.
    let mut strong: Vec<(usize, &AxisScore, Strength)> = scored
        .iter()
        .filter(|(_, a)| !support(a).single_source(rule))
        .filter_map(|(i, a)| strength(a, mid).map(|s| (*i, *a, s)))
        .collect();
    strong.sort_by(|(i, a, _), (j, b, _)| {
        level(b)
            .total_cmp(&level(a))
            .then(b.coverage.total_cmp(&a.coverage))
            .then(i.cmp(j))
    });
    strong.truncate(POINTS);
    let strength_ids: Vec<usize> = strong.iter().map(|(i, _, _)| *i).collect();

    let mut by_risk: Vec<(usize, &AxisScore)> = scored
        .iter()
        .filter(|(i, _)| !strength_ids.contains(i))
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

    // First recommendations: the highest-ranked that rest on more than a single source.
    let mut left_out = 0;
    let mut recommendations = Vec::new();
    for r in &assessment.recommendations {
        if recommendations.len() == FIRST_RECOMMENDATIONS {
            break;
        }
        if Support::recommendation(assessment, r).single_source(rule) {
            left_out += 1;
            continue;
        }
        recommendations.push(analysis::recommendation(r, assessment, catalog, labels));
    }

    let point = |a: &AxisScore, text: String| {
        let s = support(a);
        let lvl = a.level.map(|l| decimal(l, labels.lang)).unwrap_or_default();
        Point {
            axis: a.id.clone(),
            family: labels.get(&format!("family.{}", a.family.prefix())),
            name: axis_name(fw, &a.id, labels),
            band_name: band_name(fw, a, labels),
            support: s.text(Some(&lvl), rule, labels),
            single_source: s.single_source(rule),
            level: lvl,
            text,
        }
    };
    Summary {
        diagnosis: diagnosis(assessment, catalog, topology, &recommendations, labels),
        profile: profile(assessment, fw, labels),
        strengths: strong
            .iter()
            .map(|(_, a, s)| point(a, strength_text(a, s, mid, fw, labels)))
            .collect(),
        risks: by_risk
            .iter()
            .take(POINTS)
            .map(|(_, a)| point(a, risk_text(a, fw, labels)))
            .collect(),
        recommendations,
        single_source_left_out: left_out,
        left_out_note: if left_out == 0 {
            String::new()
        } else {
            labels.count("summary.single_source_left_out", left_out)
        },
    }
}

/// Why an axis is a strength.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Strength {
    AtTarget(u8),
    Ahead,
}

fn strength(a: &AxisScore, median: f64) -> Option<Strength> {
    let level = a.level?;
    match a.target {
        Some(t) if level + 1e-9 >= f64::from(t) => Some(Strength::AtTarget(t)),
        _ if level + 1e-9 >= median + AHEAD_BY => Some(Strength::Ahead),
        _ => None,
    }
}

fn axis_name(fw: &Framework, id: &str, labels: &Labels) -> String {
    fw.axis(id)
        .map(|d| d.name.get(labels.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn band_name(fw: &Framework, a: &AxisScore, labels: &Labels) -> String {
    a.band
        .map(|b| level_name(fw, fw.axis(&a.id), b, labels.lang))
        .unwrap_or_default()
}

/// A strength in its own words: what it reached, or how far it is ahead of the rest.
fn strength_text(
    a: &AxisScore,
    s: &Strength,
    median: f64,
    fw: &Framework,
    labels: &Labels,
) -> String {
    let lang = labels.lang;
    let level = decimal(a.level.unwrap_or(0.0), lang);
    let band = band_name(fw, a, labels);
    match s {
        Strength::AtTarget(t) => fill(
            &labels.get("strength.at_target"),
            &[
                ("band", &band),
                ("level", &level),
                ("target", &t.to_string()),
            ],
        ),
        Strength::Ahead => fill(
            &labels.get("strength.ahead"),
            &[
                ("band", &band),
                ("level", &level),
                ("lead", &decimal(a.level.unwrap_or(0.0) - median, lang)),
                ("median", &decimal(median, lang)),
            ],
        ),
    }
}

/// A risk: the band and level, and the distance to its target.
fn risk_text(a: &AxisScore, fw: &Framework, labels: &Labels) -> String {
    let lang = labels.lang;
    let level = a.level.map(|l| decimal(l, lang)).unwrap_or_default();
    let mut text = fill(
        &labels.get("point.level"),
        &[("band", &band_name(fw, a, labels)), ("level", &level)],
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
    text
}

/// The three sentences the summary opens with: where the organisation stands (its CNCF profile
/// and quadrant), where it should go (the targets and the quadrant's strategy), and the first
/// moves (the first recommendations).
fn diagnosis(
    assessment: &Assessment,
    catalog: &Catalog,
    topology: Option<&TopologyView>,
    first: &[RecommendationView],
    labels: &Labels,
) -> Vec<String> {
    let fw = &catalog.framework;
    let lang = labels.lang;
    let client = assessment.engagement.client.as_str();
    let aspects = scored_aspects(assessment);
    let level = |a: &AxisScore| a.level.unwrap_or(0.0);
    let (lowest, highest) = extremes(&aspects).unzip();
    let support = |a: &AxisScore| {
        Support::axis(assessment, catalog, &a.id).text(
            Some(&decimal(level(a), lang)),
            &assessment.summary_rule,
            labels,
        )
    };
    let where_now = match (lowest, highest) {
        (Some(lo), Some(hi)) => fill(
            &labels.get("diagnosis.now"),
            &[
                ("client", client),
                ("count", &aspects.len().to_string()),
                ("low", &axis_name(fw, &lo.id, labels)),
                ("low_support", &support(lo)),
                ("high", &axis_name(fw, &hi.id, labels)),
                ("high_support", &support(hi)),
            ],
        ),
        _ => fill(&labels.get("diagnosis.now_none"), &[("client", client)]),
    };
    let targets: Vec<(String, u8)> = assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Cncf)
        .filter_map(|a| a.target.map(|t| (axis_name(fw, &a.id, labels), t)))
        .collect();
    let target_text = match targets.as_slice() {
        [] => labels.get("diagnosis.no_target"),
        [(_, t), rest @ ..] if rest.iter().all(|(_, u)| u == t) => fill(
            &labels.plural("diagnosis.target_all", targets.len()),
            &[
                ("target", &t.to_string()),
                (
                    "target_name",
                    &fw.level(*t)
                        .map(|l| l.name.get(lang).to_string())
                        .unwrap_or_default(),
                ),
                ("count", &targets.len().to_string()),
            ],
        ),
        _ => fill(
            &labels.get("diagnosis.targets"),
            &[(
                "targets",
                &targets
                    .iter()
                    .map(|(n, t)| format!("{n} {t}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            )],
        ),
    };
    let where_next = match topology {
        Some(t) => fill(
            &labels.get("diagnosis.next"),
            &[
                ("targets", &target_text),
                ("quadrant", &t.name),
                ("strategy", &t.strategy),
            ],
        ),
        None => fill(
            &labels.get("diagnosis.next_no_strategy"),
            &[("targets", &target_text)],
        ),
    };

    let moves: Vec<String> = first
        .iter()
        .take(FIRST_MOVES)
        .map(|r| labels.get("quote.open") + &r.title + &labels.get("quote.close"))
        .collect();
    let first_moves = if moves.is_empty() {
        labels.get("diagnosis.moves_none")
    } else {
        fill(
            &labels.plural("diagnosis.moves", moves.len()),
            &[
                ("count", &moves.len().to_string()),
                ("moves", &moves.join(&labels.get("diagnosis.moves_sep"))),
            ],
        )
    };
    vec![where_now, where_next, first_moves]
}

/// The CNCF aspects that have a level, in framework order.
fn scored_aspects(assessment: &Assessment) -> Vec<&AxisScore> {
    assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Cncf && a.level.is_some())
        .collect()
}

/// The lowest and the highest of `aspects` (the first of equals), if there is any.
fn extremes<'a>(aspects: &[&'a AxisScore]) -> Option<(&'a AxisScore, &'a AxisScore)> {
    let level = |a: &AxisScore| a.level.unwrap_or(0.0);
    let (&first, rest) = aspects.split_first()?;
    Some(rest.iter().fold((first, first), |(lo, hi), &a| {
        (
            if level(a) < level(lo) { a } else { lo },
            if level(a) > level(hi) { a } else { hi },
        )
    }))
}

/// A sentence on the CNCF profile: its lowest and highest aspects, or that it is flat.
fn profile(assessment: &Assessment, fw: &Framework, labels: &Labels) -> String {
    let lang = labels.lang;
    let aspects = scored_aspects(assessment);
    let level = |a: &AxisScore| a.level.unwrap_or(0.0);
    let (lowest, highest) = extremes(&aspects).unzip();
    match (lowest, highest) {
        (Some(lo), Some(hi)) if level(hi) - level(lo) >= 0.05 => fill(
            &labels.get("summary.profile_range"),
            &[
                ("count", &aspects.len().to_string()),
                ("low", &axis_name(fw, &lo.id, labels)),
                ("low_level", &decimal(level(lo), lang)),
                ("high", &axis_name(fw, &hi.id, labels)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(level: f64, target: Option<u8>) -> AxisScore {
        AxisScore {
            id: "cncf.investment".into(),
            family: Family::Cncf,
            score: Some((level - 1.0) / 3.0),
            level: Some(level),
            band: Some(crate::scoring::band_of(level)),
            band_name: None,
            coverage: 1.0,
            questions: 4,
            answered: 4,
            inferred: 0,
            target,
            gap: target.map(|t| f64::from(t) - level),
            agreement: None,
            evidence_support: None,
            confidence: 0.6,
            distribution: [0.0; 4],
            by_role: Vec::new(),
            corroborated: 0,
            contradicted: 0,
        }
    }

    #[test]
    fn a_strength_is_at_target_or_clearly_ahead_never_a_shortfall() {
        assert_eq!(
            strength(&axis(3.0, Some(3)), 2.0),
            Some(Strength::AtTarget(3))
        );
        assert_eq!(strength(&axis(2.6, Some(3)), 2.0), Some(Strength::Ahead));
        assert_eq!(strength(&axis(2.4, Some(3)), 2.0), None);
    }
}
