//! The report's value section: the Assessment's value case (`value`) in sentences and one table,
//! amounts in the report's language. Without `[economics]` it says what to add; with too few
//! inputs it says what to collect; a currency amount appears only when computed.

use super::format::{decimal, fill, percent, Labels};
use crate::i18n::Lang;
use crate::questionnaire::Catalog;
use crate::scoring::Assessment;
use crate::value::money::compact;
use crate::value::{Range, ValueCase};
use serde::Serialize;

/// The value chart's file beside the Markdown report.
pub const CHART_FILE: &str = "chart-value.svg";

#[derive(Debug, Serialize)]
pub struct ValueView {
    /// Without `[economics]`: how to give the inputs. Everything else is then empty.
    pub no_inputs: Option<String>,
    /// With inputs but no estimate: what to collect.
    pub collect: Option<String>,
    /// "Reducing today's friction is worth 140 k€ to 930 k€ a year (410 k€ expected)."
    pub headline: Option<String>,
    /// The other results, one sentence each: friction cost, capacity, payback, sensitivity,
    /// downtime.
    pub lines: Vec<String>,
    /// Value ramps up over the first quarters.
    pub j_curve: String,
    /// Every input and assumption with its value and source.
    pub assumptions: Vec<AssumptionRow>,
    /// The inputs the estimate lacked, named; empty when none.
    pub missing: String,
    /// The friction cost and value ranges drawn (SVG); empty without an estimate.
    pub chart: String,
}

/// A business goal on the value stream page: what blocks it, what helps.
#[derive(Debug, Serialize)]
pub struct GoalView {
    pub text: String,
    /// "Lead time for changes 1.8 (target 3); Interfaces 1.8 (target 3)".
    pub axes: String,
    /// "How does a team create a new service…? — level 1.5, target 3".
    pub blockers: Vec<String>,
    /// "Offer a golden-path template — initiative: Self-service paths".
    pub helps: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AssumptionRow {
    pub name: String,
    pub value: String,
    pub source: String,
}

/// A range of amounts: "140 k€ – 930 k€".
fn amounts(r: &Range, currency: &str, lang: Lang) -> (String, String, String) {
    (
        compact(r.low, currency, lang),
        compact(r.expected, currency, lang),
        compact(r.high, currency, lang),
    )
}

/// A figure of an assumption, written for its kind: amounts in the currency, shares in percent,
/// counts and hours as numbers.
fn figure(id: &str, x: f64, currency: &str, lang: Lang) -> String {
    if id.contains("cost") {
        crate::value::money::full(x, currency, lang)
    } else if id.contains("share") {
        super::format::percent(x, lang)
    } else if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        decimal(x, lang)
    }
}

pub fn view(v: &ValueCase, labels: &Labels) -> ValueView {
    let lang = labels.lang;
    let name = |id: &str| labels.get(&format!("value.input.{id}"));
    let mut out = ValueView {
        no_inputs: None,
        collect: None,
        headline: None,
        lines: Vec::new(),
        j_curve: v.j_curve.get(lang).to_string(),
        assumptions: Vec::new(),
        missing: String::new(),
        chart: String::new(),
    };
    if !v.economics {
        out.no_inputs = Some(labels.get("value.no_inputs"));
        out.j_curve.clear();
        return out;
    }
    let currency = v.currency.as_str();
    let missing: Vec<String> = v.missing_inputs.iter().map(|m| name(m)).collect();
    match (v.low, v.expected, v.high) {
        (Some(low), Some(expected), Some(high)) => {
            let r = Range {
                low,
                expected,
                high,
            };
            let (low, expected, high) = amounts(&r, currency, lang);
            out.headline = Some(fill(
                &labels.get("value.headline"),
                &[("low", &low), ("expected", &expected), ("high", &high)],
            ));
        }
        _ => {
            out.collect = Some(fill(
                &labels.get("value.collect"),
                &[("inputs", &missing.join(", "))],
            ));
        }
    }
    if let Some(f) = &v.friction_cost {
        let (low, expected, high) = amounts(f, currency, lang);
        out.lines.push(fill(
            &labels.get("value.friction"),
            &[("low", &low), ("expected", &expected), ("high", &high)],
        ));
    }
    if let Some(first) = v.hindrances.first() {
        // The three most ticked, as a phrase: `waiting for an environment (60 %), …`.
        let list: Vec<String> = v
            .hindrances
            .iter()
            .take(3)
            .map(|h| {
                let label = h.label.get(lang);
                let mut chars = label.chars();
                let phrase: String = chars
                    .next()
                    .map(|c| c.to_lowercase().chain(chars).collect())
                    .unwrap_or_default();
                let share = percent(h.respondents as f64 / h.of as f64, lang);
                format!("{phrase} ({share})")
            })
            .collect();
        out.lines.push(fill(
            &labels.get("value.hindrances"),
            &[("n", &first.of.to_string()), ("list", &list.join(", "))],
        ));
    }
    if let Some(f) = &v.fte_returned {
        out.lines.push(fill(
            &labels.get("value.fte"),
            &[
                ("low", &decimal_short(f.low, lang)),
                ("high", &decimal_short(f.high, lang)),
            ],
        ));
    }
    if let Some(p) = &v.payback_months {
        out.lines.push(fill(
            &labels.get("value.payback"),
            &[
                ("low", &decimal_short(p.low, lang)),
                ("high", &decimal_short(p.high, lang)),
            ],
        ));
    }
    if let Some(s) = v.sensitivity {
        out.lines.push(fill(
            &labels.get("value.sensitivity"),
            &[("amount", &compact(s, currency, lang))],
        ));
    }
    if let Some(d) = &v.downtime_cost {
        let (low, _, high) = amounts(d, currency, lang);
        out.lines.push(fill(
            &labels.get("value.downtime"),
            &[("low", &low), ("high", &high)],
        ));
    }
    out.assumptions = v
        .assumptions
        .iter()
        .map(|a| AssumptionRow {
            name: name(&a.id),
            value: match (&a.value, &a.range) {
                (Some(x), _) => figure(&a.id, *x, currency, lang),
                (None, Some(r)) => format!(
                    "{} – {} – {}",
                    figure(&a.id, r.low, currency, lang),
                    figure(&a.id, r.expected, currency, lang),
                    figure(&a.id, r.high, currency, lang)
                ),
                (None, None) => String::new(),
            },
            source: a
                .source
                .as_ref()
                .map(|s| s.get(lang).to_string())
                .unwrap_or_else(|| labels.get("value.no_source")),
        })
        .collect();
    if !missing.is_empty() {
        out.missing = fill(
            &labels.get("value.missing"),
            &[("inputs", &missing.join(", "))],
        );
    }
    out.chart = chart(v, labels).unwrap_or_default();
    out
}

/// Today's friction cost and the value of reducing it, as ranges on one scale; `None` without
/// both.
fn chart(v: &ValueCase, labels: &Labels) -> Option<String> {
    let lang = labels.lang;
    let friction = v.friction_cost.as_ref()?;
    let value = Range {
        low: v.low?,
        expected: v.expected?,
        high: v.high?,
    };
    let currency = v.currency.as_str();
    let row = |name: &str, r: &Range| {
        let (low, expected, high) = amounts(r, currency, lang);
        super::charts::RangeRow {
            name: labels.get(name),
            low: r.low,
            expected: r.expected,
            high: r.high,
            labels: [low, expected, high],
        }
    };
    let top = crate::value::significant(friction.high * 1.1, 1);
    Some(super::charts::ranges(&super::charts::Ranges {
        title: labels.get("chart.value"),
        rows: vec![
            row("value.chart.friction", friction),
            row("value.chart.value", &value),
        ],
        top: (top, compact(top, currency, lang)),
    }))
}

/// Each business goal with the axes it rests on, what blocks it and the recommendations (and
/// their initiatives) that lift the blockers.
pub fn stream(a: &Assessment, catalog: &Catalog, labels: &Labels) -> Vec<GoalView> {
    let lang = labels.lang;
    let fw = &catalog.framework;
    let question = |id: &str| {
        catalog
            .question(id)
            .map(|q| q.text.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    // DORA's delivery metrics are read on their own clusters, never as a level.
    let delivery = a.delivery_axes(catalog);
    a.value_stream
        .iter()
        .map(|g| GoalView {
            text: g.text.clone(),
            axes: g
                .axes
                .iter()
                .map(|x| {
                    let name = fw
                        .axis(&x.id)
                        .map(|d| d.name.get(lang).to_string())
                        .unwrap_or_else(|| x.id.clone());
                    if delivery.contains(&x.id) {
                        let key = a.dora.keys.iter().find(|k| k.axis == x.id);
                        return match (
                            key.and_then(|k| k.cluster.as_ref()),
                            key.and_then(|k| k.answered.as_ref()),
                        ) {
                            (Some(c), _) => fill(
                                &labels.get("stream.delivery"),
                                &[("axis", &name), ("cluster", c.name.get(lang))],
                            ),
                            (None, Some(answered)) => format!("{name} ({})", answered.get(lang)),
                            (None, None) => format!("{name} ({})", labels.get("not_scored")),
                        };
                    }
                    match (x.level, x.target) {
                        (Some(level), Some(target)) => fill(
                            &labels.get("stream.axis"),
                            &[
                                ("axis", &name),
                                ("level", &decimal(level, lang)),
                                ("target", &target.to_string()),
                            ],
                        ),
                        (Some(level), None) => format!("{name} {}", decimal(level, lang)),
                        _ => format!("{name} ({})", labels.get("not_scored")),
                    }
                })
                .collect::<Vec<_>>()
                .join(if lang == Lang::Fr { " ; " } else { "; " }),
            blockers: g
                .blockers
                .iter()
                .map(|b| {
                    fill(
                        &labels.get("stream.blocker"),
                        &[
                            ("question", &question(&b.question)),
                            ("level", &decimal(b.level, lang)),
                            ("target", &b.target.to_string()),
                        ],
                    )
                })
                .collect(),
            helps: g
                .recommendations
                .iter()
                .filter_map(|id| a.recommendation(id))
                .map(|r| {
                    let title = r.title.get(lang);
                    match a
                        .initiatives
                        .iter()
                        .find(|i| i.recommendations.contains(&r.id))
                    {
                        Some(i) => fill(
                            &labels.get("stream.help"),
                            &[("recommendation", title), ("initiative", i.name.get(lang))],
                        ),
                        None => title.to_string(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// A figure with at most one decimal and no trailing zero: `7,1`, `47`.
fn decimal_short(x: f64, lang: Lang) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        decimal(x, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{estimate, Economics, Figure, Reported, ValueParams};
    use std::collections::BTreeMap;

    fn labels() -> BTreeMap<String, crate::i18n::Text> {
        super::super::Templates::load(None)
            .unwrap()
            .labels()
            .clone()
    }

    fn params() -> ValueParams {
        let src = crate::source::Source::embedded(
            crate::value::FILE,
            crate::embed::file(crate::value::FILE).unwrap(),
        );
        ValueParams::load(&src, &crate::questionnaire::Catalog::load(&[]).unwrap()).unwrap()
    }

    #[test]
    fn without_economics_the_section_says_what_to_add_and_shows_no_amount() {
        let catalogue = labels();
        let l = Labels {
            catalogue: &catalogue,
            lang: Lang::En,
        };
        let v = view(&estimate(None, &Reported::default(), None, &params()), &l);
        assert!(v.no_inputs.is_some() && v.headline.is_none() && v.lines.is_empty());
        assert!(v.assumptions.is_empty() && v.j_curve.is_empty());
    }

    #[test]
    fn amounts_read_in_the_report_language() {
        let mut figures = BTreeMap::new();
        for (id, value) in [
            ("engineers", 100.0),
            ("loaded_cost_per_hour", 50.0),
            ("working_weeks_per_year", 45.0),
            ("working_hours_per_week", 40.0),
        ] {
            figures.insert(
                id.to_string(),
                Figure {
                    value,
                    source: None,
                },
            );
        }
        let mut ranges = BTreeMap::new();
        ranges.insert(
            "lost_hours_per_week".to_string(),
            (
                Range {
                    low: 2.0,
                    expected: 4.0,
                    high: 6.0,
                },
                Some("interviews".to_string()),
            ),
        );
        let e = Economics {
            currency: "EUR".into(),
            figures,
            ranges,
        };
        let catalogue = labels();
        let case = estimate(Some(&e), &Reported::default(), None, &params());
        let fr = view(
            &case,
            &Labels {
                catalogue: &catalogue,
                lang: Lang::Fr,
            },
        );
        // 100 × 45 × 50 = 225,000 per hour a week; × 2/4/6 h × 20/35/50 %.
        assert_eq!(
            fr.headline.as_deref(),
            Some("Réduire la friction d'aujourd'hui vaut de 90\u{a0}k€ à 680\u{a0}k€ par an (valeur attendue\u{a0}: 320\u{a0}k€).")
        );
        let en = view(
            &case,
            &Labels {
                catalogue: &catalogue,
                lang: Lang::En,
            },
        );
        assert!(
            en.lines.contains(
                &"Each hour saved per engineer per week is worth €230k a year.".to_string()
            ),
            "{:?}",
            en.lines
        );
        assert!(
            en.missing.contains("Platform team cost per year"),
            "{}",
            en.missing
        );
        let lost = en
            .assumptions
            .iter()
            .find(|a| a.name == "Hours lost per engineer per week")
            .unwrap();
        assert_eq!(
            (lost.value.as_str(), lost.source.as_str()),
            ("2 – 4 – 6", "interviews")
        );
    }
}
