//! Axis views: one scored axis as the report shows it (level, band, target, coverage,
//! confidence), the families of axes, and the cautions on reading SPACE and AI readiness.

use super::format::{decimal, fill, level_name, percent, Labels};
use crate::framework::{Family, Framework};
use crate::i18n::Lang;
use crate::scoring::{Assessment, AxisScore};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AxisView {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `2.3` (or `2,3` in French); empty when nothing is answered.
    pub level: String,
    pub band: Option<u8>,
    /// The band's name (aspect-specific for CNCF aspects); empty when not scored.
    pub band_name: String,
    /// `80 %` / `80%`.
    pub coverage: String,
    pub answered: usize,
    pub questions: usize,
    pub target: Option<u8>,
    /// The target's name (aspect-specific for CNCF aspects); empty without a target.
    pub target_name: String,
    pub gap: String,
    /// How far the level can be trusted (coverage, agreement, evidence), as a percentage.
    pub confidence: String,
    /// Share of answers at each level 1–4, as percentages.
    pub distribution: Vec<String>,
    /// Where the level sits on the 1–4 scale, in percent, for CSS widths (`43.3`); empty when
    /// not scored.
    pub position: String,
    /// Where the target sits on the 1–4 scale, in percent; empty without a target.
    pub target_position: String,
    /// For a DORA delivery key: its performance cluster (DORA's own scale, not the CNCF levels),
    /// or why there is none; empty for every other axis.
    pub cluster: String,
    /// For the summary's aspects: `12 answers · confidence medium` (`· single source` when it is
    /// one); empty elsewhere.
    pub support: String,
    pub single_source: bool,
}

#[derive(Debug, Serialize)]
pub struct FamilyView {
    /// `key`, `space` or `dora`.
    pub id: String,
    pub title: String,
    pub axes: Vec<AxisView>,
    /// A caution on reading the family, when its answers call for one (SPACE: fewer than three
    /// dimensions with enough answers).
    pub note: Option<String>,
}

/// SPACE asks for measures from at least three dimensions before reading developer productivity:
/// a dimension counts when at least half of its items were answered (inferred ones aside). Says
/// so when fewer than three count and some SPACE item was answered.
pub fn space_note(assessment: &Assessment, labels: &Labels) -> Option<String> {
    let space: Vec<_> = assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Space && a.questions > 0)
        .collect();
    // `answered` counts the questions with a scored answer; inferred ones are counted apart.
    if space.iter().all(|a| a.answered == 0) {
        return None;
    }
    let enough = space
        .iter()
        .filter(|a| 2 * a.answered >= a.questions)
        .count();
    (enough < 3).then(|| {
        fill(
            &labels.get("space.too_few"),
            &[
                ("count", &enough.to_string()),
                ("total", &space.len().to_string()),
            ],
        )
    })
}

/// DORA's AI Capabilities Model holds that AI amplifies what an organisation already has: the AI
/// readiness levels are read against the platform findings (the CNCF aspects' mean and the weakest
/// aspect), with a verdict from the topology's maturity threshold and the two weakest AI
/// capabilities.
pub fn ai_note(assessment: &Assessment, fw: &Framework, labels: &Labels) -> Option<String> {
    let lang = labels.lang;
    let name = |id: &str| {
        fw.axis(id)
            .map(|a| a.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let ai: Vec<&AxisScore> = assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Ai && a.level.is_some())
        .collect();
    if ai.is_empty() {
        return None;
    }
    // The two weakest capabilities, lowest first (framework order on a tie): where to start.
    let mut sorted = ai.clone();
    sorted.sort_by(|x, y| x.level.unwrap_or(0.0).total_cmp(&y.level.unwrap_or(0.0)));
    let weak: Vec<String> = sorted
        .iter()
        .take(2)
        .map(|a| {
            format!(
                "{} ({})",
                name(&a.id),
                decimal(a.level.unwrap_or(0.0), lang)
            )
        })
        .collect();
    let weak = weak.join(", ");
    let platform = assessment
        .axes
        .iter()
        .find(|a| a.id == "ai.platform")
        .and_then(|a| a.level)
        .map_or_else(|| labels.get("not_scored"), |l| decimal(l, lang));
    let weakest = assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Cncf)
        .filter_map(|a| a.level.map(|l| (a, l)))
        .min_by(|x, y| x.1.total_cmp(&y.1));
    let m = &assessment.topology.maturity;
    let text = match (m.value, weakest) {
        (Some(value), Some((aspect, level))) => {
            let link = fill(
                &labels.get("ai.amplifies"),
                &[
                    ("maturity", &decimal(value, lang)),
                    ("threshold", &decimal(m.threshold, lang)),
                    ("weakest", &name(&aspect.id)),
                    ("weakest_level", &decimal(level, lang)),
                    ("platform", &platform),
                ],
            );
            let verdict = if value < m.threshold {
                "ai.consolidate"
            } else {
                "ai.extend"
            };
            format!("{link} {}", fill(&labels.get(verdict), &[("weak", &weak)]))
        }
        _ => fill(&labels.get("ai.no_platform"), &[("weak", &weak)]),
    };
    Some(text)
}

pub(super) fn axis_view(a: &AxisScore, fw: &Framework, lang: Lang) -> AxisView {
    let def = fw.axis(&a.id);
    AxisView {
        id: a.id.clone(),
        name: def
            .map(|d| d.name.get(lang).to_string())
            .unwrap_or_else(|| a.id.clone()),
        description: def
            .map(|d| d.description.get(lang).to_string())
            .unwrap_or_default(),
        level: a.level.map(|l| decimal(l, lang)).unwrap_or_default(),
        band: a.band,
        band_name: a
            .band
            .map(|b| level_name(fw, def, b, lang))
            .unwrap_or_default(),
        coverage: percent(a.coverage, lang),
        answered: a.answered,
        questions: a.questions,
        target: a.target,
        target_name: a
            .target
            .map(|t| level_name(fw, def, t, lang))
            .unwrap_or_default(),
        gap: a.gap.map(|g| decimal(g, lang)).unwrap_or_default(),
        confidence: percent(a.confidence, lang),
        distribution: a.distribution.iter().map(|d| percent(*d, lang)).collect(),
        position: a.level.map(scale_position).unwrap_or_default(),
        target_position: a
            .target
            .map(|t| scale_position(f64::from(t)))
            .unwrap_or_default(),
        cluster: String::new(),
        support: String::new(),
        single_source: false,
    }
}

/// A level's place on the 1–4 scale as a CSS percentage with one decimal and a dot.
fn scale_position(level: f64) -> String {
    format!("{:.1}", (level.clamp(1.0, 4.0) - 1.0) / 3.0 * 100.0)
}
