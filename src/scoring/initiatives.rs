//! Initiatives: the ranked recommendations grouped into 5 to 9 workstreams a board can fund
//! (`data/initiatives.toml`). The grouping is data: each initiative claims recommendation ids,
//! exactly (`platform-product-manager`) or by prefix (`inv.*` claims every recommendation of the
//! `inv.` questions). A recommendation belongs to the initiative whose pattern is the most
//! specific (an exact id before any prefix, a longer prefix before a shorter one); two initiatives
//! claiming it equally, or none claiming it, is a load error naming the recommendation. The
//! dependencies between initiatives must be acyclic, and an initiative never starts before what it
//! depends on (its horizon is the same or later).

use super::assessment::{AxisMove, InitiativeItem, QuestionScore, RecommendationItem};
use super::level_of;
use crate::error::{Error, Result};
use crate::framework::{Family, Framework};
use crate::i18n::Text;
use crate::questionnaire::{Catalog, Question};
use crate::source::Source;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

pub const FILE: &str = "data/initiatives.toml";

/// How many initiatives a board can follow.
pub const MIN: usize = 5;
pub const MAX: usize = 9;

/// The three horizons of the initiatives' timeline, earliest first.
pub const HORIZONS: [&str; 3] = ["now", "next", "later"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InitiativesFile {
    /// The initiative that takes a recommendation no pattern claims (one of a questionnaire the
    /// file was not written for); without it, such a recommendation fails the load.
    #[serde(default)]
    default: Option<Spanned<String>>,
    initiatives: Vec<InitiativeFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InitiativeFile {
    id: Spanned<String>,
    name: Text,
    /// The outcome, in one sentence.
    outcome: Text,
    /// The role that owns it.
    owner: Text,
    horizon: Spanned<String>,
    #[serde(default)]
    depends_on: Vec<Spanned<String>>,
    /// Recommendation ids, exact or as a prefix ending in `*`.
    recommendations: Vec<Spanned<String>>,
}

/// One checked initiative.
#[derive(Debug, Clone)]
pub struct Initiative {
    pub id: String,
    pub name: Text,
    pub outcome: Text,
    pub owner: Text,
    /// An index in [`HORIZONS`].
    pub horizon: usize,
    pub depends_on: Vec<String>,
    patterns: Vec<String>,
}

/// The checked initiatives, in file order.
#[derive(Debug, Clone)]
pub struct Initiatives {
    pub list: Vec<Initiative>,
    /// The initiative of the recommendations no pattern claims.
    pub default: Option<String>,
}

/// How specifically a pattern claims a recommendation id: an exact id beats every prefix, a
/// longer prefix beats a shorter one; `None` when it does not claim it.
fn specificity(pattern: &str, id: &str) -> Option<usize> {
    match pattern.strip_suffix('*') {
        Some(prefix) => id.starts_with(prefix).then_some(prefix.len()),
        None => (pattern == id).then_some(usize::MAX),
    }
}

impl Initiatives {
    /// Loads and checks the file against the catalogue's recommendations.
    pub fn load(src: &Source, catalog: &Catalog) -> Result<Initiatives> {
        let file: InitiativesFile = src.parse()?;
        let mut diags = Vec::new();
        let mut list: Vec<Initiative> = Vec::new();
        let mut at: BTreeMap<String, usize> = BTreeMap::new();
        for i in &file.initiatives {
            let id = i.id.get_ref().clone();
            let pos = i.id.span().start;
            if at.insert(id.clone(), pos).is_some() {
                diags.push(src.diag_at(pos, "duplicate initiative id").with_id(&id));
            }
            for (what, t) in [
                ("name", &i.name),
                ("outcome", &i.outcome),
                ("owner", &i.owner),
            ] {
                for lang in t.missing() {
                    diags.push(
                        src.diag_at(
                            pos,
                            format!("{what} has no `{lang}` text: expected both `fr` and `en`"),
                        )
                        .with_id(&id),
                    );
                }
            }
            let horizon = HORIZONS.iter().position(|h| h == i.horizon.get_ref());
            if horizon.is_none() {
                diags.push(
                    src.diag_at(
                        i.horizon.span().start,
                        format!(
                            "unknown horizon `{}`: expected one of {}",
                            i.horizon.get_ref(),
                            HORIZONS.join(", ")
                        ),
                    )
                    .with_id(&id),
                );
            }
            if i.recommendations.is_empty() {
                diags.push(
                    src.diag_at(
                        pos,
                        "`recommendations` is empty: expected recommendation ids",
                    )
                    .with_id(&id),
                );
            }
            list.push(Initiative {
                id,
                name: i.name.clone(),
                outcome: i.outcome.clone(),
                owner: i.owner.clone(),
                horizon: horizon.unwrap_or(0),
                depends_on: i.depends_on.iter().map(|d| d.get_ref().clone()).collect(),
                patterns: i
                    .recommendations
                    .iter()
                    .map(|p| p.get_ref().clone())
                    .collect(),
            });
        }
        if !(MIN..=MAX).contains(&list.len()) {
            diags.push(src.diag(format!(
                "{} initiatives: expected from {MIN} to {MAX}, what a board can follow",
                list.len()
            )));
        }
        // Dependencies name initiatives, and never start later than their dependent.
        for (i, f) in list.iter().zip(&file.initiatives) {
            for d in &f.depends_on {
                let pos = d.span().start;
                match list.iter().find(|o| &o.id == d.get_ref()) {
                    None => diags.push(
                        src.diag_at(
                            pos,
                            format!(
                                "depends on unknown initiative `{}`: expected one of {}",
                                d.get_ref(),
                                list.iter()
                                    .map(|o| o.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                        .with_id(&i.id),
                    ),
                    Some(o) if o.id == i.id => diags.push(
                        src.diag_at(pos, "an initiative cannot depend on itself")
                            .with_id(&i.id),
                    ),
                    Some(o) if o.horizon > i.horizon => diags.push(
                        src.diag_at(
                            pos,
                            format!(
                                "depends on `{}`, which starts later ({} after {}): expected a dependency in the same or an earlier horizon",
                                o.id, HORIZONS[o.horizon], HORIZONS[i.horizon]
                            ),
                        )
                        .with_id(&i.id),
                    ),
                    Some(_) => {}
                }
            }
        }
        if let Some(cycle) = find_cycle(&list) {
            let first = &cycle[0];
            diags.push(
                src.diag_at(
                    at.get(first).copied().unwrap_or(0),
                    format!(
                        "dependencies form a cycle ({}): expected an order in which every initiative comes after what it depends on",
                        cycle.join(" → ")
                    ),
                )
                .with_id(first),
            );
        }
        // Every pattern claims something, and every recommendation of the catalogue belongs to
        // exactly one initiative.
        let recommendations = catalog_recommendations(catalog);
        for (i, f) in list.iter().zip(&file.initiatives) {
            for p in &f.recommendations {
                if !recommendations
                    .keys()
                    .any(|r| specificity(p.get_ref(), r).is_some())
                {
                    diags.push(
                        src.diag_at(
                            p.span().start,
                            format!(
                                "`{}` claims no recommendation of the questionnaires: expected a recommendation id, or a prefix ending in `*` (if a --questionnaires folder renamed it, give a matching initiatives.toml with `--data DIR`)",
                                p.get_ref()
                            ),
                        )
                        .with_id(&i.id),
                    );
                }
            }
        }
        let default = file.default.as_ref().map(|d| d.get_ref().clone());
        if let Some(d) = &file.default {
            if !list.iter().any(|i| &i.id == d.get_ref()) {
                diags.push(src.diag_at(
                    d.span().start,
                    format!(
                        "default `{}` is not an initiative: expected one of {}",
                        d.get_ref(),
                        list.iter()
                            .map(|o| o.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        let initiatives = Initiatives { list, default };
        for (rec, question) in &recommendations {
            match initiatives.owners(rec).as_slice() {
                [_] => {}
                [] if initiatives.default.is_some() => {}
                [] => diags.push(
                    src.diag(format!(
                        "recommendation `{rec}` (question `{question}`) belongs to no initiative: expected one initiative to claim it, by id or prefix"
                    ))
                    .with_id(rec),
                ),
                several => diags.push(
                    src.diag(format!(
                        "recommendation `{rec}` (question `{question}`) is claimed equally by {}: expected exactly one initiative",
                        several.join(" and ")
                    ))
                    .with_id(rec),
                ),
            }
        }
        if diags.is_empty() {
            Ok(initiatives)
        } else {
            Err(Error::Input(diags))
        }
    }

    /// The initiatives that claim a recommendation with the most specific pattern (one when the
    /// file is valid).
    fn owners(&self, rec: &str) -> Vec<String> {
        let best: Vec<(usize, &str)> = self
            .list
            .iter()
            .filter_map(|i| {
                i.patterns
                    .iter()
                    .filter_map(|p| specificity(p, rec))
                    .max()
                    .map(|s| (s, i.id.as_str()))
            })
            .collect();
        let top = best.iter().map(|(s, _)| *s).max();
        best.iter()
            .filter(|(s, _)| Some(*s) == top)
            .map(|(_, id)| id.to_string())
            .collect()
    }

    /// The initiative a recommendation belongs to: the one claiming it, else the default.
    pub fn of(&self, rec: &str) -> Option<&Initiative> {
        let owners = self.owners(rec);
        let id = match owners.as_slice() {
            [id] => Some(id),
            [] => self.default.as_ref(),
            _ => None,
        }?;
        self.list.iter().find(|i| &i.id == id)
    }

    /// The initiatives of an assessment: each with its recommendations (highest priority first),
    /// the axes it moves and how far if its actions land. Initiatives with no recommendation
    /// (nothing below target) are left out. Ordered by horizon, then after what they depend
    /// on, then by priority (the highest recommendation priority inside), then file order.
    pub fn assess(
        &self,
        recommendations: &[RecommendationItem],
        defs: &[&Question],
        questions: &[QuestionScore],
        fw: &Framework,
        own_scale: &[&str],
    ) -> Vec<InitiativeItem> {
        let depth = depths(&self.list);
        let mut items: Vec<(usize, InitiativeItem)> = self
            .list
            .iter()
            .enumerate()
            .filter_map(|(order, i)| {
                let recs: Vec<&RecommendationItem> = recommendations
                    .iter()
                    .filter(|r| self.of(&r.id).is_some_and(|o| o.id == i.id))
                    .collect();
                if recs.is_empty() {
                    return None;
                }
                let priority = recs.iter().map(|r| r.priority).fold(0.0, f64::max);
                Some((
                    order,
                    InitiativeItem {
                        id: i.id.clone(),
                        name: i.name.clone(),
                        outcome: i.outcome.clone(),
                        owner: i.owner.clone(),
                        horizon: HORIZONS[i.horizon].to_string(),
                        depends_on: i.depends_on.clone(),
                        priority,
                        moves: moves(&recs, defs, questions, fw, own_scale),
                        recommendations: recs.iter().map(|r| r.id.clone()).collect(),
                    },
                ))
            })
            .collect();
        let rank = |id: &str| {
            self.list
                .iter()
                .find(|i| i.id == id)
                .map_or((0, 0), |i| (i.horizon, depth.get(id).copied().unwrap_or(0)))
        };
        items.sort_by(|(oa, a), (ob, b)| {
            rank(&a.id)
                .cmp(&rank(&b.id))
                .then(b.priority.total_cmp(&a.priority))
                .then(oa.cmp(ob))
        });
        items.into_iter().map(|(_, i)| i).collect()
    }
}

/// Every recommendation id of the catalogue, with the first question that carries it.
fn catalog_recommendations(catalog: &Catalog) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for q in catalog.questions() {
        for r in &q.recommendations {
            out.entry(r.id.clone()).or_insert_with(|| q.id.clone());
        }
    }
    out
}

/// A dependency cycle, as the ids along it (the first repeated at the end), if there is one.
fn find_cycle(list: &[Initiative]) -> Option<Vec<String>> {
    fn visit(
        id: &str,
        list: &[Initiative],
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == id) {
            let mut cycle = path[start..].to_vec();
            cycle.push(id.to_string());
            return Some(cycle);
        }
        if done.contains(id) {
            return None;
        }
        path.push(id.to_string());
        let deps = list
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.depends_on.clone())
            .unwrap_or_default();
        for d in &deps {
            if let Some(c) = visit(d, list, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(id.to_string());
        None
    }
    let mut done = BTreeSet::new();
    list.iter()
        .find_map(|i| visit(&i.id, list, &mut Vec::new(), &mut done))
}

/// The length of the longest dependency chain below each initiative (0 for none); the file is
/// acyclic once loaded.
fn depths(list: &[Initiative]) -> BTreeMap<String, usize> {
    fn depth(id: &str, list: &[Initiative], seen: usize) -> usize {
        if seen > list.len() {
            return 0;
        }
        list.iter().find(|i| i.id == id).map_or(0, |i| {
            i.depends_on
                .iter()
                .map(|d| 1 + depth(d, list, seen + 1))
                .max()
                .unwrap_or(0)
        })
    }
    list.iter()
        .map(|i| (i.id.clone(), depth(&i.id, list, 0)))
        .collect()
}

/// How far each scored axis (not the context, not the DORA keys read on their own scale in
/// `own_scale`) could move if the questions the initiative's
/// recommendations answer reached their targets: per axis, Σ weight × (target − level) over
/// those questions, divided by the weight of the axis's scored questions, capped at level 4.
/// An upper bound, stated as such in the report; largest first, at least 0.05.
fn moves(
    recs: &[&RecommendationItem],
    defs: &[&Question],
    questions: &[QuestionScore],
    fw: &Framework,
    own_scale: &[&str],
) -> Vec<AxisMove> {
    let addressed: BTreeMap<&str, (f64, u8)> = recs
        .iter()
        .flat_map(|r| &r.sources)
        .map(|s| (s.question.as_str(), (s.level, s.target)))
        .collect();
    let mut out: Vec<AxisMove> = Vec::new();
    for axis in &fw.axes {
        if axis.family == Family::Context || own_scale.contains(&axis.id.as_str()) {
            continue;
        }
        let (mut total, mut lift, mut sum) = (0.0, 0.0, 0.0);
        for (def, q) in defs.iter().zip(questions) {
            let Some(m) = def.axes.iter().find(|m| m.axis == axis.id) else {
                continue;
            };
            let Some(score) = q.effective_score() else {
                continue;
            };
            total += m.weight;
            sum += m.weight * level_of(score);
            if let Some((level, target)) = addressed.get(q.id.as_str()) {
                lift += m.weight * (f64::from(*target) - level).max(0.0);
            }
        }
        if total <= 0.0 || lift <= 0.0 {
            continue;
        }
        let from = sum / total;
        let by = (lift / total).min(4.0 - from);
        if by >= 0.05 {
            out.push(AxisMove {
                axis: axis.id.clone(),
                from,
                by,
            });
        }
    }
    out.sort_by(|a, b| b.by.total_cmp(&a.by).then(a.axis.cmp(&b.axis)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load(&[]).unwrap()
    }

    fn load(text: &str) -> Result<Initiatives> {
        Initiatives::load(
            &Source {
                name: "initiatives.toml".into(),
                text: text.into(),
            },
            &catalog(),
        )
    }

    fn embedded() -> Initiatives {
        let text = crate::embed::file(FILE).unwrap();
        load(text).unwrap()
    }

    #[test]
    fn every_recommendation_belongs_to_exactly_one_embedded_initiative() {
        let initiatives = embedded();
        assert!((MIN..=MAX).contains(&initiatives.list.len()));
        for rec in catalog_recommendations(&catalog()).keys() {
            assert_eq!(initiatives.owners(rec).len(), 1, "{rec}");
        }
    }

    #[test]
    fn an_exact_id_beats_a_prefix_and_a_longer_prefix_beats_a_shorter_one() {
        assert_eq!(specificity("inv.*", "inv.staffing#1"), Some(4));
        assert_eq!(specificity("inv.staffing#*", "inv.staffing#1"), Some(13));
        assert_eq!(
            specificity("access-by-role", "access-by-role"),
            Some(usize::MAX)
        );
        assert_eq!(specificity("access-by-role", "access-by-role-2"), None);
    }

    /// The embedded file with one initiative changed by `edit`.
    fn edited(edit: impl Fn(String) -> String) -> String {
        edit(crate::embed::file(FILE).unwrap().to_string())
    }

    #[test]
    fn a_dependency_cycle_is_refused_at_load_with_its_path() {
        let text = edited(|t| t.replacen("depends_on = []", "depends_on = [\"security\"]", 1));
        let err = load(&text).unwrap_err().to_string();
        assert!(err.contains("dependencies form a cycle"), "{err}");
        assert!(err.contains("initiatives.toml:"), "{err}");
    }

    #[test]
    fn a_recommendation_claimed_by_two_initiatives_or_none_is_refused() {
        let twice = edited(|t| t.replacen("\"inv.*\"", "\"inv.*\", \"intf.*\"", 1));
        let err = load(&twice).unwrap_err().to_string();
        assert!(err.contains("is claimed equally by"), "{err}");
        let none = edited(|t| {
            t.replacen("\"inv.*\", ", "", 1)
                .replacen("default = \"product\"\n", "", 1)
        });
        let err = load(&none).unwrap_err().to_string();
        assert!(err.contains("belongs to no initiative"), "{err}");
        assert!(err.contains("inv.staffing#"), "{err}");
    }

    #[test]
    fn the_default_initiative_takes_what_no_pattern_claims() {
        let text = edited(|t| t.replacen("\"inv.*\", ", "", 1));
        let initiatives = load(&text).unwrap();
        assert_eq!(
            initiatives.of("inv.staffing#1").map(|i| i.id.as_str()),
            Some("product")
        );
        assert!(initiatives.owners("inv.staffing#1").is_empty());
    }

    #[test]
    fn unknown_dependencies_horizons_and_patterns_are_named_where_they_are() {
        let text = edited(|t| {
            t.replacen("horizon = \"now\"", "horizon = \"soon\"", 1)
                .replacen("\"inv.*\"", "\"inv.*\", \"nothing.*\"", 1)
        });
        let err = load(&text).unwrap_err().to_string();
        assert!(err.contains("unknown horizon `soon`"), "{err}");
        assert!(
            err.contains("`nothing.*` claims no recommendation"),
            "{err}"
        );
    }
}
