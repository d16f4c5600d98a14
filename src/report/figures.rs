//! Which charts a report shows, fed from the view's data: each chart only when its data exists.

use super::analysis::{EvidenceView, GapView, TopologyView};
use super::axis::FamilyView;
use super::charts;
use super::format::{decimal, percent, Labels};
use super::initiatives::InitiativeView;
use crate::framework::{Family, Framework};
use crate::scoring::{Assessment, AxisScore};
use serde::Serialize;

pub struct Inputs<'a> {
    pub assessment: &'a Assessment,
    pub fw: &'a Framework,
    pub labels: &'a Labels<'a>,
    pub families: &'a [FamilyView],
    pub topology: Option<&'a TopologyView>,
    pub perception: &'a [GapView],
    pub evidence: Option<&'a EvidenceView>,
    pub initiatives: &'a [InitiativeView],
    /// DORA's delivery metrics, drawn on their own scale only.
    pub delivery: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct Chart {
    /// `radar`, `keys`, `space`, `dora`…
    pub id: String,
    pub title: String,
    /// What the chart shows and how to read it.
    pub caption: String,
    /// The chart as an SVG document (inline in HTML).
    pub svg: String,
    /// The sibling file the Markdown report links to (`chart-radar.svg`).
    pub file: String,
}

/// The charts, in the order the report shows them.
pub fn all(i: &Inputs) -> Vec<Chart> {
    let labels = i.labels;
    let chart = |id: &str, svg: String| Chart {
        id: id.to_string(),
        title: labels.get(&format!("chart.{id}")),
        caption: labels.get(&format!("chart.{id}.caption")),
        svg,
        file: format!("chart-{id}.svg"),
    };
    let mut out = Vec::new();
    if let Some(svg) = radar(i) {
        out.push(chart("radar", svg));
    }
    if let Some(svg) = topology(i) {
        out.push(chart("topology", svg));
    }
    for family in i.families {
        if let Some(svg) = level_bars(i, &family.id) {
            out.push(chart(&family.id, svg));
        }
    }
    if let Some(svg) = dora_bands(i) {
        out.push(chart("dora_bands", svg));
    }
    if !i.initiatives.is_empty() {
        out.push(chart("initiatives", timeline(i)));
    }
    if !i.perception.is_empty() {
        out.push(chart("perception", perception(i)));
    }
    if let Some(e) = i.evidence.filter(|e| !e.categories.is_empty()) {
        let lang = labels.lang;
        let svg = charts::share_bars(&charts::ShareBars {
            title: labels.get("chart.evidence"),
            rows: e
                .categories
                .iter()
                .map(|c| charts::ShareRow {
                    name: c.name.clone(),
                    share: c.share,
                    label: format!("{} ({})", c.coverage, c.repositories),
                })
                .collect(),
            ticks: [0.0, 0.5, 1.0].map(|s| percent(s, lang)),
        });
        out.push(chart("evidence", svg));
    }
    if let Some(svg) = super::assets::chart(&i.assessment.assets, labels) {
        out.push(chart("assets", svg));
    }
    out
}

fn name(fw: &Framework, id: &str, labels: &Labels) -> String {
    fw.axis(id)
        .map(|d| d.name.get(labels.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn level_label(level: Option<f64>, labels: &Labels) -> String {
    level
        .map(|l| decimal(l, labels.lang))
        .unwrap_or_else(|| labels.get("not_scored"))
}

fn radar(i: &Inputs) -> Option<String> {
    let aspects: Vec<_> = i
        .assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Cncf)
        .collect();
    if !aspects.iter().any(|a| a.level.is_some()) {
        return None;
    }
    Some(charts::radar(&charts::Radar {
        title: i.labels.get("chart.radar"),
        axes: level_rows(i, &aspects),
        legend_current: i.labels.get("legend.current"),
        legend_target: i.labels.get("legend.target"),
    }))
}

fn level_bars(i: &Inputs, family: &str) -> Option<String> {
    // DORA's delivery metrics have their own performance clusters (the `dora_bands` chart) and
    // benchmarks, not the CNCF level scale: only DORA's capability and reliability axes are
    // drawn here.
    let axes: Vec<_> = i
        .assessment
        .axes
        .iter()
        .filter(|a| a.family.prefix() == family && a.questions > 0)
        .filter(|a| !i.delivery.contains(&a.id))
        .collect();
    if !axes.iter().any(|a| a.level.is_some()) {
        return None;
    }
    Some(charts::level_bars(&charts::LevelBars {
        title: i.labels.get(&format!("chart.{family}")),
        rows: level_rows(i, &axes),
        scale: scale(i),
        legend_target: i.labels.get("legend.target"),
    }))
}

/// Each axis's name, level and target, as both the radar and the bar charts draw them.
fn level_rows(i: &Inputs, axes: &[&AxisScore]) -> Vec<charts::LevelRow> {
    axes.iter()
        .map(|a| charts::LevelRow {
            name: name(i.fw, &a.id, i.labels),
            level: a.level,
            label: level_label(a.level, i.labels),
            target: a.target.map(f64::from),
        })
        .collect()
}

fn scale(i: &Inputs) -> Vec<String> {
    i.fw.levels
        .iter()
        .map(|l| l.name.get(i.labels.lang).to_string())
        .collect()
}

fn dora_bands(i: &Inputs) -> Option<String> {
    let d = &i.assessment.dora;
    if d.placed == 0 {
        return None;
    }
    // The year's clusters, worst first, as the Assessment's band table has them.
    let lang = i.labels.lang;
    let mut clusters: Vec<(u8, String, String)> = d
        .clusters
        .iter()
        .map(|c| (c.rank, c.id.clone(), c.name.get(lang).to_string()))
        .collect();
    clusters.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Some(charts::dora_bands(&charts::DoraBands {
        title: i.labels.get("chart.dora_bands"),
        clusters: clusters.iter().map(|c| c.2.clone()).collect(),
        // A key read against reference values has no cluster to show; an answer outside the
        // published ranges says so next to the key's name.
        rows: d
            .keys
            .iter()
            .filter(|k| k.reference.is_none())
            .map(|k| charts::DoraRow {
                name: if k.outside {
                    format!(
                        "{} ({})",
                        name(i.fw, &k.axis, i.labels),
                        i.labels.get("dora.outside_short")
                    )
                } else {
                    name(i.fw, &k.axis, i.labels)
                },
                counts: clusters
                    .iter()
                    .map(|(_, id, _)| {
                        k.answers
                            .iter()
                            .find(|a| a.cluster == *id)
                            .map_or(0, |a| a.count)
                    })
                    .collect(),
                placed: k
                    .cluster
                    .as_ref()
                    .and_then(|c| clusters.iter().position(|(_, id, _)| *id == c.id)),
            })
            .collect(),
        legend_placed: i.labels.get("legend.dora_placed"),
    }))
}

fn perception(i: &Inputs) -> String {
    charts::perception_gaps(&charts::PerceptionGaps {
        title: i.labels.get("chart.perception"),
        rows: i
            .perception
            .iter()
            .map(|g| charts::GapRow {
                name: g.name.clone(),
                high_role: g.high_role.clone(),
                high: g.values.0,
                high_label: g.high_level.clone(),
                low_role: g.low_role.clone(),
                low: g.values.1,
                low_label: g.low_level.clone(),
            })
            .collect(),
        scale: scale(i),
    })
}

fn topology(i: &Inputs) -> Option<String> {
    let t = i.topology?;
    let (maturity, maturity_threshold, difficulty, difficulty_threshold) = t.chart?;
    let l = |k: &str| i.labels.get(k);
    Some(charts::topology(&charts::TopologyChart {
        title: l("chart.topology"),
        maturity,
        maturity_threshold,
        difficulty,
        difficulty_threshold,
        beginner: l("topology.beginner"),
        mature: l("topology.mature"),
        easy: l("topology.easy"),
        hard: l("topology.hard"),
        maturity_axis: l("topology.maturity"),
        difficulty_axis: l("topology.difficulty"),
        quadrant: t.name.clone(),
        client: i.assessment.engagement.client.clone(),
    }))
}

/// The initiatives on the Now / Next / Later timeline, in their order, with their dependencies.
fn timeline(i: &Inputs) -> String {
    let labels = i.labels;
    charts::timeline(&charts::Timeline {
        title: labels.get("chart.initiatives"),
        horizons: crate::scoring::initiatives::HORIZONS
            .iter()
            .map(|h| labels.get(&format!("horizon.{h}")))
            .collect(),
        rows: i
            .initiatives
            .iter()
            .map(|v| charts::TimelineRow {
                name: v.name.clone(),
                horizon: crate::scoring::initiatives::HORIZONS
                    .iter()
                    .position(|h| *h == v.horizon_id)
                    .unwrap_or(0),
                label: labels.count("chart.initiatives.count", v.recommendations),
                depends_on: v
                    .depends_on
                    .iter()
                    .filter_map(|d| i.initiatives.iter().position(|o| &o.name == d))
                    .collect(),
            })
            .collect(),
        legend_depends: labels.get("legend.depends"),
    })
}
