//! Client topology: maturity (the mean level of the CNCF aspects) × difficulty (the score of the
//! `context.difficulty` axis) places the client in one of four quadrants, whose names, thresholds
//! and engagement strategies are data (`data/topology.toml`). The result names the aspects and
//! the context answers that drove each axis.

use super::assessment::{AxisScore, Driver, Quadrant, QuestionScore, Topology, TopologyAxis};
use super::text::{decimal, fill, percent, same};
use crate::error::{Error, Result};
use crate::framework::Family;
use crate::i18n::Text;
use crate::questionnaire::{Catalog, Kind, Question, Value};
use crate::source::Source;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

pub const FILE: &str = "data/topology.toml";

/// The axis whose score is the difficulty.
pub const DIFFICULTY_AXIS: &str = "context.difficulty";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopologyFile {
    maturity: Spanned<MaturityFile>,
    difficulty: Spanned<DifficultyFile>,
    explanation: Text,
    quadrants: Spanned<Vec<QuadrantFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MaturityFile {
    threshold: f64,
    min_aspects: usize,
    low: Text,
    high: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DifficultyFile {
    threshold: f64,
    low: Text,
    high: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Side {
    Low,
    High,
}

impl Side {
    fn code(self) -> &'static str {
        match self {
            Side::Low => "low",
            Side::High => "high",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuadrantFile {
    id: Spanned<String>,
    maturity: Side,
    difficulty: Side,
    name: Text,
    strategy: Text,
}

#[derive(Debug, Clone)]
pub struct TopologyModel {
    maturity_threshold: f64,
    min_aspects: usize,
    maturity_names: [Text; 2],
    difficulty_threshold: f64,
    difficulty_names: [Text; 2],
    explanation: Text,
    /// (maturity side, difficulty side) → quadrant.
    quadrants: BTreeMap<(Side, Side), Quadrant>,
}

impl TopologyModel {
    pub fn load(src: &Source, catalog: &Catalog) -> Result<TopologyModel> {
        let file: TopologyFile = src.parse()?;
        let mut diags = Vec::new();
        let m = file.maturity.get_ref();
        if !(m.threshold.is_finite() && m.threshold > 1.0 && m.threshold < 4.0) {
            diags.push(src.diag_at(
                file.maturity.span().start,
                format!(
                    "maturity threshold {}: expected a level strictly between 1.0 and 4.0",
                    m.threshold
                ),
            ));
        }
        let aspects = catalog.framework.axes_of(Family::Cncf).count();
        if !(1..=aspects).contains(&m.min_aspects) {
            diags.push(src.diag_at(
                file.maturity.span().start,
                format!(
                    "min_aspects {}: expected from 1 to the number of CNCF aspects ({aspects})",
                    m.min_aspects
                ),
            ));
        }
        let d = file.difficulty.get_ref();
        if !(d.threshold.is_finite() && d.threshold > 0.0 && d.threshold < 1.0) {
            diags.push(src.diag_at(
                file.difficulty.span().start,
                format!(
                    "difficulty threshold {}: expected a score strictly between 0 and 1",
                    d.threshold
                ),
            ));
        }
        if catalog.framework.axis(DIFFICULTY_AXIS).is_none() {
            diags.push(src.diag(format!(
                "the framework has no `{DIFFICULTY_AXIS}` axis: expected it for the difficulty"
            )));
        }
        let mut texts = vec![
            ("maturity.low", &m.low),
            ("maturity.high", &m.high),
            ("difficulty.low", &d.low),
            ("difficulty.high", &d.high),
            ("explanation", &file.explanation),
        ];
        let mut quadrants = BTreeMap::new();
        let mut ids = BTreeSet::new();
        for q in file.quadrants.get_ref() {
            let id = q.id.get_ref();
            if !ids.insert(id.clone()) {
                diags.push(
                    src.diag_at(q.id.span().start, "duplicate quadrant id")
                        .with_id(id),
                );
            }
            if quadrants.contains_key(&(q.maturity, q.difficulty)) {
                diags.push(
                    src.diag_at(
                        q.id.span().start,
                        format!(
                            "a second quadrant for maturity `{}` × difficulty `{}`: expected one per combination",
                            q.maturity.code(),
                            q.difficulty.code()
                        ),
                    )
                    .with_id(id),
                );
            }
            texts.push((id, &q.name));
            texts.push((id, &q.strategy));
            quadrants.insert(
                (q.maturity, q.difficulty),
                Quadrant {
                    id: id.clone(),
                    name: q.name.clone(),
                    strategy: q.strategy.clone(),
                },
            );
        }
        if quadrants.len() != 4 || file.quadrants.get_ref().len() != 4 {
            diags.push(src.diag_at(
                file.quadrants.span().start,
                format!(
                    "{} quadrants: expected exactly four, one per combination of maturity low/high × difficulty low/high",
                    file.quadrants.get_ref().len()
                ),
            ));
        }
        for (id, t) in texts {
            for lang in t.missing() {
                diags.push(
                    src.diag(format!("no `{lang}` text: expected both `fr` and `en`"))
                        .with_id(id),
                );
            }
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        let m = file.maturity.into_inner();
        let d = file.difficulty.into_inner();
        Ok(TopologyModel {
            maturity_threshold: m.threshold,
            min_aspects: m.min_aspects,
            maturity_names: [m.low, m.high],
            difficulty_threshold: d.threshold,
            difficulty_names: [d.low, d.high],
            explanation: file.explanation,
            quadrants,
        })
    }

    pub fn classify(
        &self,
        axes: &[AxisScore],
        defs: &[&Question],
        questions: &[QuestionScore],
    ) -> Topology {
        let aspects: Vec<&AxisScore> = axes
            .iter()
            .filter(|a| a.family == Family::Cncf && a.level.is_some())
            .collect();
        let maturity = (aspects.len() >= self.min_aspects && !aspects.is_empty())
            .then(|| aspects.iter().filter_map(|a| a.level).sum::<f64>() / aspects.len() as f64);
        let n = aspects.len() as f64;
        let maturity_drivers = aspects
            .iter()
            .map(|a| Driver {
                id: a.id.clone(),
                score: a.score.unwrap_or_default(),
                level: a.level,
                weight: 1.0,
                contribution: a.level.unwrap_or_default() / n,
                answer: None,
            })
            .collect();
        let difficulty = axes
            .iter()
            .find(|a| a.id == DIFFICULTY_AXIS)
            .and_then(|a| a.score);
        let difficulty_drivers = difficulty_drivers(defs, questions);
        let side = |value: Option<f64>, threshold: f64| {
            value.map(|v| {
                if v >= threshold {
                    Side::High
                } else {
                    Side::Low
                }
            })
        };
        let ms = side(maturity, self.maturity_threshold);
        let ds = side(difficulty, self.difficulty_threshold);
        let axis = |value, threshold, side: Option<Side>, names: &[Text; 2]| TopologyAxis {
            value,
            threshold,
            side: side.map(|s| s.code().to_string()),
            side_name: side.map(|s| names[s as usize].clone()),
        };
        let quadrant = ms.zip(ds).and_then(|key| self.quadrants.get(&key).cloned());
        let explanation = match (&quadrant, maturity, difficulty, ms, ds) {
            (Some(q), Some(m), Some(d), Some(msd), Some(dsd)) => Some(fill(
                &self.explanation,
                &[
                    ("maturity_threshold", decimal(self.maturity_threshold)),
                    ("maturity_side", self.maturity_names[msd as usize].clone()),
                    ("maturity", decimal(m)),
                    ("difficulty_threshold", percent(self.difficulty_threshold)),
                    (
                        "difficulty_side",
                        self.difficulty_names[dsd as usize].clone(),
                    ),
                    ("difficulty", percent(d)),
                    ("quadrant", q.name.clone()),
                    ("drivers", join(difficulty_drivers.iter().take(3), defs)),
                ],
            )),
            _ => None,
        };
        Topology {
            maturity: axis(maturity, self.maturity_threshold, ms, &self.maturity_names),
            difficulty: axis(
                difficulty,
                self.difficulty_threshold,
                ds,
                &self.difficulty_names,
            ),
            quadrant,
            maturity_drivers,
            difficulty_drivers,
            explanation,
        }
    }
}

/// `question — « answer » (share, id) ; …` in each language: the question's text leads, its id
/// stays in parentheses for traceability. Question texts may hold commas, hence the semicolons.
fn join<'a>(drivers: impl Iterator<Item = &'a Driver>, defs: &[&Question]) -> Text {
    let mut out = Text::default();
    for d in drivers {
        let answer = d.answer.clone().unwrap_or_else(|| same(&d.id));
        let question = defs
            .iter()
            .find(|q| q.id == d.id)
            .map(|q| q.text.clone())
            .unwrap_or_else(|| same(&d.id));
        let part = fill(
            &Text::new("{q} — « {a} » ({p}, {id})", "{q} — \"{a}\" ({p}, {id})"),
            &[
                ("q", question),
                ("a", answer),
                ("p", percent(d.contribution)),
                ("id", same(&d.id)),
            ],
        );
        for (acc, piece, sep) in [(&mut out.fr, part.fr, " ; "), (&mut out.en, part.en, "; ")] {
            if !acc.is_empty() {
                acc.push_str(sep);
            }
            acc.push_str(&piece);
        }
    }
    out
}

/// The answered context questions of the difficulty axis, largest contribution first.
fn difficulty_drivers(defs: &[&Question], questions: &[QuestionScore]) -> Vec<Driver> {
    let on_axis: Vec<(f64, &Question, &QuestionScore)> = defs
        .iter()
        .zip(questions)
        .filter_map(|(d, q)| {
            let m = d.axes.iter().find(|m| m.axis == DIFFICULTY_AXIS)?;
            q.score.is_some().then_some((m.weight, *d, q))
        })
        .collect();
    let total: f64 = on_axis.iter().map(|(w, _, _)| w).sum();
    let mut drivers: Vec<Driver> = on_axis
        .into_iter()
        .map(|(w, def, q)| {
            let score = q.score.unwrap_or_default();
            Driver {
                id: q.id.clone(),
                score,
                level: q.level,
                weight: w,
                contribution: if total > 0.0 { w * score / total } else { 0.0 },
                answer: most_frequent_label(def, q),
            }
        })
        .collect();
    drivers.sort_by(|a, b| {
        b.contribution
            .total_cmp(&a.contribution)
            .then_with(|| a.id.cmp(&b.id))
    });
    drivers
}

/// The label of the most frequent choice (the first in choice order on a tie).
fn most_frequent_label(def: &Question, q: &QuestionScore) -> Option<Text> {
    let Kind::Choice { choices } = &def.kind else {
        return None;
    };
    let count = |id: &str| {
        q.values
            .iter()
            .find(|v| matches!(&v.value, Value::Text(t) if t == id))
            .map_or(0, |v| v.count)
    };
    choices
        .iter()
        .map(|c| (count(&c.id), c))
        .filter(|(n, _)| *n > 0)
        .reduce(|best, x| if x.0 > best.0 { x } else { best })
        .map(|(_, c)| c.label.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed;

    fn model(text: &str) -> Result<TopologyModel> {
        TopologyModel::load(
            &Source {
                name: "topology.toml".into(),
                text: text.into(),
            },
            &Catalog::load(&[]).unwrap(),
        )
    }

    #[test]
    fn embedded_model_is_valid() {
        model(embed::file(FILE).unwrap()).unwrap();
    }

    #[test]
    fn threshold_outside_range_is_rejected() {
        let text = embed::file(FILE)
            .unwrap()
            .replacen("threshold = 2.5", "threshold = 5.0", 1);
        let err = model(&text).unwrap_err().to_string();
        assert!(err.starts_with("topology.toml:"), "{err}");
        assert!(
            err.contains("maturity threshold 5: expected a level strictly between 1.0 and 4.0"),
            "{err}"
        );
    }

    #[test]
    fn a_strategy_without_english_is_rejected() {
        // The English strategy emptied, the rest of its line commented out.
        let text =
            embed::file(FILE)
                .unwrap()
                .replacen("en = \"Productise:", "en = \"\" }\n# \"", 1);
        let err = model(&text).unwrap_err().to_string();
        assert!(err.contains("[easy_mature] no `en` text"), "{err}");
    }

    #[test]
    fn two_quadrants_for_one_combination_are_rejected() {
        let text = embed::file(FILE).unwrap().replacen(
            "maturity = \"low\"\ndifficulty = \"high\"",
            "maturity = \"low\"\ndifficulty = \"low\"",
            1,
        );
        let err = model(&text).unwrap_err().to_string();
        assert!(err.contains("[hard_beginner] a second quadrant"), "{err}");
    }
}
