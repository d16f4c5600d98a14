//! The initiatives as the report shows them (the Assessment groups the recommendations; this
//! only words them), and the full ranked list of recommendations for the `full` profile's
//! appendix.

use super::analysis::{self, RecommendationView};
use super::format::{decimal, fill, Labels};
use crate::questionnaire::Catalog;
use crate::scoring::Assessment;
use serde::Serialize;

/// How many actions an initiative details: its highest-ranked recommendations.
pub const FIRST_ACTIONS: usize = 3;
/// How many axes an initiative lists as moved.
pub const MOVES: usize = 3;

#[derive(Debug, Serialize)]
pub struct InitiativeView {
    pub id: String,
    /// Its rank on the timeline, from 1.
    pub rank: usize,
    pub name: String,
    /// The outcome, in one sentence.
    pub outcome: String,
    pub owner: String,
    /// `now`, `next` or `later`.
    pub horizon_id: String,
    /// The horizon in words.
    pub horizon: String,
    /// The names of the initiatives it depends on.
    pub depends_on: Vec<String>,
    /// The axes it moves and how far, if its actions land (`Investment: up to +1.5, from 1.5`).
    pub moves: Vec<String>,
    /// Its highest-ranked recommendations.
    pub actions: Vec<RecommendationView>,
    /// Its number of recommendations, in words (`30 recommendations`).
    pub count: String,
    pub recommendations: usize,
}

/// One line of the ranked list: no text, the initiative carries the detail.
#[derive(Debug, Serialize)]
pub struct RankedView {
    pub rank: usize,
    pub id: String,
    pub title: String,
    pub effort: String,
    pub horizon: String,
    pub initiative: String,
    /// What it rests on, as in the summary.
    pub support: String,
    pub single_source: bool,
}

pub fn initiatives(a: &Assessment, catalog: &Catalog, labels: &Labels) -> Vec<InitiativeView> {
    let lang = labels.lang;
    let fw = &catalog.framework;
    let name_of = |id: &str| {
        a.initiatives
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.name.get(lang).to_string())
    };
    a.initiatives
        .iter()
        .enumerate()
        .map(|(n, i)| InitiativeView {
            id: i.id.clone(),
            rank: n + 1,
            name: i.name.get(lang).to_string(),
            outcome: i.outcome.get(lang).to_string(),
            owner: i.owner.get(lang).to_string(),
            horizon_id: i.horizon.clone(),
            horizon: labels.get(&format!("horizon.{}", i.horizon)),
            // A dependency with nothing to do in this engagement is not shown as a prerequisite.
            depends_on: i.depends_on.iter().filter_map(|d| name_of(d)).collect(),
            moves: i
                .moves
                .iter()
                .take(MOVES)
                .map(|m| {
                    fill(
                        &labels.get("initiative.move"),
                        &[
                            (
                                "axis",
                                &fw.axis(&m.axis)
                                    .map(|d| d.name.get(lang).to_string())
                                    .unwrap_or_else(|| m.axis.clone()),
                            ),
                            ("by", &decimal(m.by, lang)),
                            ("from", &decimal(m.from, lang)),
                        ],
                    )
                })
                .collect(),
            actions: i
                .recommendations
                .iter()
                .filter_map(|id| a.recommendation(id))
                .take(FIRST_ACTIONS)
                .map(|r| analysis::recommendation(r, a, catalog, labels))
                .collect(),
            count: labels.count("initiative.count", i.recommendations.len()),
            recommendations: i.recommendations.len(),
        })
        .collect()
}

/// Every recommendation, highest priority first.
pub fn ranked(a: &Assessment, labels: &Labels) -> Vec<RankedView> {
    a.recommendations
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let line = analysis::recommendation_line(r, a, labels);
            RankedView {
                rank: n + 1,
                id: r.id.clone(),
                title: r.title.get(labels.lang).to_string(),
                effort: line.effort,
                horizon: line.horizon,
                initiative: line.initiative,
                support: line.support,
                single_source: line.single_source,
            }
        })
        .collect()
}
