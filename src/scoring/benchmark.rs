//! DORA benchmarks (`data/dora-benchmarks.toml`): the client's delivery keys on DORA's Quick Check
//! 0–10 scale, against the mean and standard deviation of its industry and of its organisation
//! size in one edition.

use super::assessment::{Benchmark, BenchmarkGroup, BenchmarkMetric, QuestionScore, ValueCount};
use crate::engagement::profile;
use crate::engagement::EngagementMeta;
use crate::error::{Diagnostic, Error, Result};
use crate::questionnaire::{Catalog, Kind, Question, Value};
use crate::source::Source;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml::Spanned;

pub const FILE: &str = "data/dora-benchmarks.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BenchFile {
    edition: Spanned<i64>,
    source: String,
    metrics: Vec<MetricFile>,
    #[serde(default)]
    industries: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Stat>>>,
    #[serde(default)]
    sizes: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Stat>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricFile {
    id: Spanned<String>,
    question: Spanned<String>,
    values: BTreeMap<String, f64>,
}

/// A mean and a standard deviation on the 0–10 scale.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Stat {
    pub mean: f64,
    pub sd: f64,
}

#[derive(Debug, Clone)]
pub struct MetricDef {
    pub id: String,
    pub question: String,
    /// Choice id → value on the 0–10 scale.
    pub values: BTreeMap<String, f64>,
}

/// The checked benchmark table.
#[derive(Debug, Clone)]
pub struct Benchmarks {
    pub edition: u16,
    pub source: String,
    pub metrics: Vec<MetricDef>,
    /// Industry id → metric id → statistics.
    pub industries: BTreeMap<String, BTreeMap<String, Stat>>,
    /// Size id → metric id → statistics.
    pub sizes: BTreeMap<String, BTreeMap<String, Stat>>,
}

type Rows = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Stat>>>;

impl Benchmarks {
    pub fn load(src: &Source, catalog: &Catalog) -> Result<Benchmarks> {
        let file: BenchFile = src.parse()?;
        let mut diags = Vec::new();
        let edition = *file.edition.get_ref();
        if !(2014..=2100).contains(&edition) {
            diags.push(src.diag_at(
                file.edition.span().start,
                format!("edition {edition}: expected the year of the DORA edition (e.g. 2024)"),
            ));
        }
        let mut metrics = Vec::new();
        for m in &file.metrics {
            let id = m.id.get_ref();
            if metrics.iter().any(|x: &MetricDef| &x.id == id) {
                diags.push(
                    src.diag_at(m.id.span().start, "duplicate metric")
                        .with_id(id),
                );
            }
            let qid = m.question.get_ref();
            match catalog.question(qid) {
                Some(Question {
                    kind: Kind::Choice { choices },
                    ..
                }) => {
                    let mut want: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
                    want.sort();
                    let have: Vec<&str> = m.values.keys().map(String::as_str).collect();
                    if want != have {
                        diags.push(
                            src.diag_at(
                                m.question.span().start,
                                format!(
                                    "values for {}: expected one value per choice of {qid} ({})",
                                    have.join(", "),
                                    want.join(", ")
                                ),
                            )
                            .with_id(id),
                        );
                    }
                }
                _ => diags.push(
                    src.diag_at(
                        m.question.span().start,
                        format!("`{qid}` is not a choice question of the catalogue"),
                    )
                    .with_id(id),
                ),
            }
            for (choice, v) in &m.values {
                if !(0.0..=10.0).contains(v) {
                    diags.push(
                        src.diag_at(
                            m.question.span().start,
                            format!("value of `{choice}` is {v}: expected 0 to 10"),
                        )
                        .with_id(id),
                    );
                }
            }
            metrics.push(MetricDef {
                id: id.clone(),
                question: qid.clone(),
                values: m.values.clone(),
            });
        }
        let known: Vec<&str> = metrics.iter().map(|m| m.id.as_str()).collect();
        let industries = rows(
            src,
            &file.industries,
            &profile::INDUSTRIES,
            "industry",
            &known,
            &mut diags,
        );
        let sizes = rows(
            src,
            &file.sizes,
            &profile::SIZES,
            "size",
            &known,
            &mut diags,
        );
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Ok(Benchmarks {
            edition: edition as u16,
            source: file.source,
            metrics,
            industries,
            sizes,
        })
    }

    /// The client's keys against its industry's and its size's benchmarks. Keys nobody answered,
    /// and groups or metrics the edition lacks, are left empty: the report says which.
    pub fn assess(
        &self,
        meta: &EngagementMeta,
        questions: &[(&Question, &QuestionScore)],
    ) -> Benchmark {
        let group = |id: &Option<String>,
                     table: &BTreeMap<String, BTreeMap<String, Stat>>,
                     name: fn(&str) -> Option<crate::i18n::Text>| {
            id.as_ref().map(|id| BenchmarkGroup {
                id: id.clone(),
                name: name(id).unwrap_or_else(|| crate::i18n::Text::new(id.as_str(), id.as_str())),
                published: table.contains_key(id),
            })
        };
        let metrics = self
            .metrics
            .iter()
            .map(|m| {
                let value = questions
                    .iter()
                    .find(|(q, _)| q.id == m.question)
                    .and_then(|(_, s)| client_value(m, &s.values));
                let against =
                    |id: &Option<String>, table: &BTreeMap<String, BTreeMap<String, Stat>>| {
                        id.as_ref()
                            .and_then(|id| table.get(id))
                            .and_then(|row| row.get(&m.id))
                            .copied()
                    };
                let industry = against(&meta.industry, &self.industries);
                let size = against(&meta.size, &self.sizes);
                BenchmarkMetric {
                    id: m.id.clone(),
                    question: m.question.clone(),
                    value,
                    industry,
                    industry_z: value.zip(industry).map(|(v, s)| z(v, s)),
                    size,
                    size_z: value.zip(size).map(|(v, s)| z(v, s)),
                }
            })
            .collect();
        Benchmark {
            edition: self.edition,
            source: self.source.clone(),
            industry: group(&meta.industry, &self.industries, profile::industry_name),
            size: group(&meta.size, &self.sizes, profile::size_name),
            metrics,
        }
    }
}

/// Distance from the mean in standard deviations (positive: better than the mean).
pub fn z(value: f64, s: Stat) -> f64 {
    (value - s.mean) / s.sd
}

/// The client's value of a metric: the median of the answers' values on the 0–10 scale (the
/// lower of the two middles for an even count, so a split never flatters).
fn client_value(m: &MetricDef, values: &[ValueCount]) -> Option<f64> {
    let mut all: Vec<f64> = values
        .iter()
        .filter_map(|v| match &v.value {
            Value::Text(id) => m.values.get(id).map(|x| std::iter::repeat_n(*x, v.count)),
            _ => None,
        })
        .flatten()
        .collect();
    if all.is_empty() {
        return None;
    }
    all.sort_by(|a, b| b.total_cmp(a));
    Some(all[all.len() / 2])
}

fn rows(
    src: &Source,
    file: &Rows,
    list: &[(&str, &str, &str)],
    what: &str,
    metrics: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, BTreeMap<String, Stat>> {
    let mut out = BTreeMap::new();
    for (group, row) in file {
        if !list.iter().any(|(id, _, _)| id == group.get_ref()) {
            diags.push(
                src.diag_at(
                    group.span().start,
                    format!("unknown {what}: expected one of {}", profile::ids(list)),
                )
                .with_id(group.get_ref()),
            );
        }
        let mut stats = BTreeMap::new();
        for (metric, stat) in row {
            if !metrics.contains(&metric.get_ref().as_str()) {
                diags.push(
                    src.diag_at(
                        metric.span().start,
                        format!("unknown metric: expected one of {}", metrics.join(", ")),
                    )
                    .with_id(metric.get_ref()),
                );
            }
            let s = *stat.get_ref();
            if !((0.0..=10.0).contains(&s.mean) && s.sd > 0.0 && s.sd <= 10.0) {
                diags.push(
                    src.diag_at(
                        stat.span().start,
                        format!(
                            "mean {} and sd {}: expected a mean from 0 to 10 and a standard deviation above 0",
                            s.mean, s.sd
                        ),
                    )
                    .with_id(metric.get_ref()),
                );
            }
            stats.insert(metric.get_ref().clone(), s);
        }
        out.insert(group.get_ref().clone(), stats);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed;

    fn load(text: &str) -> Result<Benchmarks> {
        let catalog = Catalog::load(&[]).unwrap();
        Benchmarks::load(
            &Source {
                name: "dora-benchmarks.toml".into(),
                text: text.into(),
            },
            &catalog,
        )
    }

    #[test]
    fn the_embedded_2024_edition_loads_with_every_group() {
        let b = load(embed::file(FILE).unwrap()).unwrap();
        assert_eq!(b.edition, 2024);
        assert_eq!(b.industries.len(), profile::INDUSTRIES.len());
        assert_eq!(b.sizes.len(), profile::SIZES.len());
        // The by-industry change failure rate is turned onto the higher-is-better scale.
        assert_eq!(
            b.industries["technology"]["changefailure"],
            Stat { mean: 8.4, sd: 1.9 }
        );
        assert!(!b.industries["technology"].contains_key("rework"));
    }

    #[test]
    fn unknown_groups_metrics_and_choices_are_placed() {
        let text = embed::file(FILE)
            .unwrap()
            .replacen("[industries.\"energy\"]", "[industries.\"mining\"]", 1)
            .replacen("on_demand = 9", "on_demand = 11", 1)
            .replacen("less_than_day = 9", "under_a_day = 9", 1);
        let err = load(&text).unwrap_err().to_string();
        assert!(
            err.contains("[mining] unknown industry: expected one of"),
            "{err}"
        );
        assert!(
            err.contains("value of `on_demand` is 11: expected 0 to 10"),
            "{err}"
        );
        assert!(err.contains("[leadtime] values for"), "{err}");
        assert!(err.contains("dora-benchmarks.toml:"), "{err}");
    }

    #[test]
    fn the_distance_is_positive_above_the_mean() {
        let s = Stat { mean: 5.0, sd: 2.0 };
        assert_eq!(z(9.0, s), 2.0);
        assert_eq!(z(4.0, s), -0.5);
    }

    #[test]
    fn a_split_answer_takes_the_lower_middle_value() {
        let m = MetricDef {
            id: "leadtime".into(),
            question: "dora.lead_time".into(),
            values: BTreeMap::from([("fast".into(), 9.0), ("slow".into(), 2.0)]),
        };
        let v = |id: &str, count| ValueCount {
            value: Value::Text(id.into()),
            count,
            score: None,
        };
        assert_eq!(client_value(&m, &[v("fast", 1), v("slow", 1)]), Some(2.0));
        assert_eq!(client_value(&m, &[v("fast", 2), v("slow", 1)]), Some(9.0));
        assert_eq!(client_value(&m, &[]), None);
    }
}
