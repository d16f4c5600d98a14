//! Recommendations: collected from the questions below their target, ranked by
//! weight × gap × confidence, tagged by effort, de-duplicated by id, and grouped into a roadmap of
//! three horizons.

use super::assessment::{Horizon, QuestionScore, RecommendationItem, RecommendationSource};
use super::band_of;
use super::params::Params;
use crate::framework::{Family, Framework};
use crate::questionnaire::Question;
use std::collections::BTreeMap;

/// The weight a question carries towards targets: the sum of its weights on non-context axes.
fn weight(q: &Question, framework: &Framework) -> f64 {
    q.axes
        .iter()
        .filter(|m| {
            framework
                .axis(&m.axis)
                .is_some_and(|a| a.family != Family::Context)
        })
        .map(|m| m.weight)
        .sum()
}

pub fn recommend(
    defs: &[&Question],
    questions: &[QuestionScore],
    framework: &Framework,
    params: &Params,
) -> (Vec<RecommendationItem>, Vec<Horizon>) {
    let mut items: BTreeMap<String, RecommendationItem> = BTreeMap::new();
    // Recommendation id → horizon index, to keep the earliest.
    let mut horizon_index: BTreeMap<String, usize> = BTreeMap::new();
    let last = params.horizons.len().saturating_sub(1);
    for (def, q) in defs.iter().zip(questions) {
        let (Some(target), Some(gap)) = (q.target, q.gap) else {
            continue;
        };
        let Some(level) = q.effective_score().map(super::level_of) else {
            continue;
        };
        if gap <= 1e-9 {
            continue;
        }
        let from = band_of(level);
        let w = weight(def, framework);
        let priority = w * gap * q.confidence;
        for r in &def.recommendations {
            if r.level < from || r.level >= target {
                continue;
            }
            let step = usize::from(r.level - from);
            let h = (params.horizon_of(r.effort) + step).min(last);
            let source = RecommendationSource {
                question: q.id.clone(),
                from_level: r.level,
                level,
                target,
                weight: w,
                gap,
                confidence: q.confidence,
                priority,
            };
            let item = items
                .entry(r.id.clone())
                .or_insert_with(|| RecommendationItem {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    text: r.text.clone(),
                    effort: r.effort,
                    horizon: String::new(),
                    priority,
                    sources: Vec::new(),
                });
            item.priority = item.priority.max(priority);
            item.sources.push(source);
            let slot = horizon_index.entry(r.id.clone()).or_insert(h);
            if h < *slot {
                *slot = h;
                item.effort = r.effort;
            }
        }
    }
    let mut ranked: Vec<(usize, RecommendationItem)> = items
        .into_values()
        .map(|mut item| {
            let h = horizon_index.get(&item.id).copied().unwrap_or(last);
            item.horizon = params.horizons[h].id.clone();
            (h, item)
        })
        .collect();
    // Priority first, then the earlier horizon, then the id (docs/scoring.md, section 10).
    ranked.sort_by(|(ha, a), (hb, b)| {
        b.priority
            .total_cmp(&a.priority)
            .then(ha.cmp(hb))
            .then_with(|| a.id.cmp(&b.id))
    });
    let ranked: Vec<RecommendationItem> = ranked.into_iter().map(|(_, item)| item).collect();
    let roadmap = params
        .horizons
        .iter()
        .map(|h| Horizon {
            id: h.id.clone(),
            name: h.name.clone(),
            recommendations: ranked
                .iter()
                .filter(|r| r.horizon == h.id)
                .map(|r| r.id.clone())
                .collect(),
        })
        .collect();
    (ranked, roadmap)
}
