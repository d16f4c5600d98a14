//! DORA: the band table of one report year (`data/dora.toml`), each key placed in a cluster from
//! the cluster tags of the answers' choices or number bands, and the overall delivery cluster.

use super::assessment::{
    ClusterCount, ClusterRef, DoraAssessment, DoraKey, QuestionScore, ValueCount,
};
use crate::error::{Diagnostic, Error, Result};
use crate::framework::Family;
use crate::i18n::Text;
use crate::questionnaire::{Catalog, Kind, Question, Value};
use crate::source::Source;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

pub const FILE: &str = "data/dora.toml";

/// The cluster ids the engine knows, best first.
pub const CLUSTERS: [&str; 4] = ["elite", "high", "medium", "low"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DoraFile {
    year: Spanned<i64>,
    source: String,
    caveat: Text,
    overall: OverallFile,
    clusters: Spanned<Vec<ClusterFile>>,
    keys: Vec<KeyFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverallFile {
    min_keys: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClusterFile {
    id: Spanned<String>,
    name: Text,
    description: Text,
    respondents: Spanned<RespondentsFile>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Respondents {
    /// Share of the year's respondents in the cluster, in percent.
    pub share: f64,
    /// The published interval around it, in percent.
    pub low: f64,
    pub high: f64,
}

type RespondentsFile = Respondents;

/// How a key is read against the clusters.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// The published ranges are ordered like the clusters: an answer is placed in one.
    #[default]
    Band,
    /// The published values are not ordered like the clusters (the 2024 change fail rate:
    /// medium 10 %, high 20 %): the answer is shown against them and no cluster is read from it.
    Reference,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    axis: Spanned<String>,
    #[serde(default)]
    placement: Placement,
    bands: BTreeMap<String, Text>,
    #[serde(default)]
    reference: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Cluster {
    pub id: String,
    pub name: Text,
    pub description: Text,
    pub respondents: Respondents,
}

#[derive(Debug, Clone)]
pub struct KeyDef {
    pub axis: String,
    pub placement: Placement,
    /// Cluster id → what the cluster means for this key.
    pub bands: BTreeMap<String, Text>,
    /// For a `reference` key, the published values the answer is read against.
    pub reference: Option<Text>,
}

/// The checked band table.
#[derive(Debug, Clone)]
pub struct DoraTable {
    pub year: u16,
    pub source: String,
    /// DORA's own warning on reading the clusters.
    pub caveat: Text,
    pub min_keys: usize,
    /// Best first.
    pub clusters: Vec<Cluster>,
    pub keys: Vec<KeyDef>,
}

/// One answered value as placement sees it: the cluster rank of its range (0 = best), its score
/// (higher = better metric), whether the range is outside the published ones, and how many gave
/// it.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub rank: usize,
    pub score: f64,
    pub outside: bool,
    pub count: usize,
}

impl DoraTable {
    pub fn load(src: &Source, catalog: &Catalog) -> Result<DoraTable> {
        let file: DoraFile = src.parse()?;
        let mut diags = Vec::new();
        let year = *file.year.get_ref();
        if !(2014..=2100).contains(&year) {
            diags.push(src.diag_at(
                file.year.span().start,
                format!("year {year}: expected the DORA report year (e.g. 2024)"),
            ));
        }
        let ids: Vec<&str> = file
            .clusters
            .get_ref()
            .iter()
            .map(|c| c.id.get_ref().as_str())
            .collect();
        for c in file.clusters.get_ref() {
            let id = c.id.get_ref();
            if !CLUSTERS.contains(&id.as_str()) {
                diags.push(
                    src.diag_at(
                        c.id.span().start,
                        format!("unknown cluster: expected one of {}", CLUSTERS.join(", ")),
                    )
                    .with_id(id),
                );
            }
            let r = c.respondents.get_ref();
            let valid = [r.share, r.low, r.high]
                .iter()
                .all(|x| (0.0..=100.0).contains(x))
                && r.low <= r.share
                && r.share <= r.high;
            if !valid {
                diags.push(
                    src.diag_at(
                        c.respondents.span().start,
                        "respondents: expected percentages with low <= share <= high, in [0, 100]",
                    )
                    .with_id(id),
                );
            }
            for (what, t) in [("name", &c.name), ("description", &c.description)] {
                for lang in t.missing() {
                    diags.push(
                        src.diag_at(c.id.span().start, format!("{what} has no `{lang}` text"))
                            .with_id(id),
                    );
                }
            }
        }
        if ids != CLUSTERS {
            diags.push(src.diag_at(
                file.clusters.span().start,
                format!(
                    "clusters are {}: expected {} in this order, best first",
                    ids.join(", "),
                    CLUSTERS.join(", ")
                ),
            ));
        }
        for lang in file.caveat.missing() {
            diags.push(src.diag_at(0, format!("caveat has no `{lang}` text")));
        }
        let banded = file
            .keys
            .iter()
            .filter(|k| k.placement == Placement::Band)
            .count();
        let min_keys = *file.overall.min_keys.get_ref();
        if !(1..=banded as i64).contains(&min_keys) {
            diags.push(src.diag_at(
                file.overall.min_keys.span().start,
                format!(
                    "min_keys {min_keys}: expected from 1 to the number of keys placed in bands ({banded})"
                ),
            ));
        }
        let mut seen = BTreeSet::new();
        for k in &file.keys {
            let axis = k.axis.get_ref();
            let at = k.axis.span().start;
            if !seen.insert(axis.clone()) {
                diags.push(src.diag_at(at, "duplicate key").with_id(axis));
            }
            match catalog.framework.axis(axis) {
                Some(a) if a.family == Family::Dora => {}
                _ => diags.push(
                    src.diag_at(
                        at,
                        "unknown DORA axis: expected a `dora.` axis of the framework",
                    )
                    .with_id(axis),
                ),
            }
            let bands: Vec<&str> = k.bands.keys().map(String::as_str).collect();
            let mut expected = CLUSTERS.to_vec();
            expected.sort();
            if bands != expected {
                diags.push(
                    src.diag_at(
                        at,
                        format!(
                            "bands for {}: expected one band per cluster ({})",
                            bands.join(", "),
                            CLUSTERS.join(", ")
                        ),
                    )
                    .with_id(axis),
                );
            }
            match (k.placement, &k.reference) {
                (Placement::Reference, None) => diags.push(
                    src.diag_at(at, "a `reference` key needs a `reference` text: the published values")
                        .with_id(axis),
                ),
                (Placement::Band, Some(_)) => diags.push(
                    src.diag_at(at, "`reference` text on a key placed in bands: expected `placement = \"reference\"`")
                        .with_id(axis),
                ),
                (_, Some(t)) => {
                    for lang in t.missing() {
                        diags.push(
                            src.diag_at(at, format!("reference has no `{lang}` text"))
                                .with_id(axis),
                        );
                    }
                }
                _ => {}
            }
            diags.extend(check_key_tags(catalog, axis, k.placement, &ids));
            for (cluster, t) in &k.bands {
                for lang in t.missing() {
                    diags.push(
                        src.diag_at(at, format!("band `{cluster}` has no `{lang}` text"))
                            .with_id(axis),
                    );
                }
            }
        }
        diags.extend(check_catalog_clusters(catalog, &ids));
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Ok(DoraTable {
            year: year as u16,
            source: file.source,
            caveat: file.caveat,
            min_keys: min_keys as usize,
            clusters: file
                .clusters
                .into_inner()
                .into_iter()
                .map(|c| Cluster {
                    id: c.id.into_inner(),
                    name: c.name,
                    description: c.description,
                    respondents: c.respondents.into_inner(),
                })
                .collect(),
            keys: file
                .keys
                .into_iter()
                .map(|k| KeyDef {
                    axis: k.axis.into_inner(),
                    placement: k.placement,
                    bands: k.bands,
                    reference: k.reference,
                })
                .collect(),
        })
    }

    fn rank(&self, cluster: &str) -> Option<usize> {
        self.clusters.iter().position(|c| c.id == cluster)
    }

    fn cluster_ref(&self, rank: usize) -> ClusterRef {
        let c = &self.clusters[rank];
        ClusterRef {
            id: c.id.clone(),
            rank: rank as u8 + 1,
            name: c.name.clone(),
            description: c.description.clone(),
            respondents: c.respondents,
        }
    }

    /// Places each key and the overall cluster.
    pub fn assess(&self, questions: &[(&Question, &QuestionScore)]) -> DoraAssessment {
        let values: Vec<(&Question, &[ValueCount])> = questions
            .iter()
            .map(|(q, s)| (*q, s.values.as_slice()))
            .collect();
        self.assess_values(&values)
    }

    /// Places each key and the overall cluster from the values given to each question.
    pub fn assess_values(&self, questions: &[(&Question, &[ValueCount])]) -> DoraAssessment {
        let keys: Vec<DoraKey> = self
            .keys
            .iter()
            .map(|key| self.place_key(key, questions))
            .collect();
        let ranks: Vec<usize> = keys
            .iter()
            .filter_map(|k| k.cluster.as_ref().map(|c| usize::from(c.rank) - 1))
            .collect();
        let placed = ranks.len();
        DoraAssessment {
            year: self.year,
            source: self.source.clone(),
            caveat: self.caveat.clone(),
            clusters: (0..self.clusters.len())
                .map(|r| self.cluster_ref(r))
                .collect(),
            keys,
            overall: overall_rank(&ranks, self.min_keys).map(|r| self.cluster_ref(r)),
            placed,
            placeable: self
                .keys
                .iter()
                .filter(|k| k.placement == Placement::Band)
                .count(),
            min_keys: self.min_keys,
        }
    }

    fn place_key(&self, key: &KeyDef, questions: &[(&Question, &[ValueCount])]) -> DoraKey {
        let mut placed = Vec::new();
        let mut counts = vec![0usize; self.clusters.len()];
        let mut used = Vec::new();
        // Each answered range (a choice, or a number band) with how many gave it, first seen
        // first: ties go to the earlier question and the earlier choice.
        let mut ranges: Vec<(Text, usize)> = Vec::new();
        for (q, values) in questions {
            if !q.axes.iter().any(|m| m.axis == key.axis) {
                continue;
            }
            let mut answered = false;
            for v in *values {
                let Some(label) = range_label(q, &v.value) else {
                    continue;
                };
                let tag = tag_of(q, &v.value);
                let rank = tag.and_then(|(c, _)| self.rank(c));
                match (key.placement, rank) {
                    (Placement::Band, Some(rank)) => {
                        placed.push(Placed {
                            rank,
                            score: v.score.unwrap_or(0.0),
                            outside: tag.is_some_and(|(_, o)| o),
                            count: v.count,
                        });
                        counts[rank] += v.count;
                    }
                    (Placement::Reference, _) => {}
                    (Placement::Band, None) => continue,
                }
                answered = true;
                match ranges.iter_mut().find(|(l, _)| *l == label) {
                    Some(r) => r.1 += v.count,
                    None => ranges.push((label, v.count)),
                }
            }
            if answered {
                used.push(q.id.clone());
            }
        }
        let median = median_answer(&placed);
        let cluster = median.as_ref().map(|p| self.cluster_ref(p.rank));
        DoraKey {
            axis: key.axis.clone(),
            reference: match key.placement {
                Placement::Reference => key.reference.clone(),
                Placement::Band => None,
            },
            answered: ranges
                .into_iter()
                .reduce(|best, r| if r.1 > best.1 { r } else { best })
                .map(|(label, _)| label),
            band: cluster.as_ref().and_then(|c| key.bands.get(&c.id).cloned()),
            outside: median.is_some_and(|p| p.outside),
            cluster,
            answers: self
                .clusters
                .iter()
                .zip(counts)
                .map(|(c, count)| ClusterCount {
                    cluster: c.id.clone(),
                    count,
                })
                .collect(),
            questions: used,
        }
    }
}

/// The key's placement: the median answer once answers are ordered from the best to the worst
/// (cluster rank, then score, so that a range outside the published ones sorts among the ranges of
/// the cluster it counts with by how good it is); for an even count, the worse of the two middle
/// answers, so that a split never flatters the client. A better answer only moves up this order,
/// so the placement never gets worse when an answer gets better.
pub fn median_answer(answers: &[Placed]) -> Option<Placed> {
    let mut sorted: Vec<&Placed> = answers.iter().filter(|p| p.count > 0).collect();
    sorted.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then(b.score.total_cmp(&a.score))
            .then(a.outside.cmp(&b.outside))
    });
    let total: usize = sorted.iter().map(|p| p.count).sum();
    if total == 0 {
        return None;
    }
    let mut seen = 0;
    sorted
        .into_iter()
        .find(|p| {
            seen += p.count;
            seen > total / 2
        })
        .cloned()
}

/// The overall cluster: the worse median of the placed keys' ranks, once at least `min_keys`
/// keys are placed.
pub fn overall_rank(ranks: &[usize], min_keys: usize) -> Option<usize> {
    if ranks.len() < min_keys {
        return None;
    }
    worse_median(&mut ranks.to_vec())
}

/// The median rank; for an even count, the worse (higher) of the two middle ranks, so that a
/// split answer never flatters the client.
fn worse_median(ranks: &mut [usize]) -> Option<usize> {
    if ranks.is_empty() {
        return None;
    }
    ranks.sort_unstable();
    Some(ranks[ranks.len() / 2])
}

/// The range an answer stands for, in the respondent's words: its choice's label, or its number
/// band's.
fn range_label(q: &Question, value: &Value) -> Option<Text> {
    match (&q.kind, value) {
        (Kind::Choice { choices }, Value::Text(id)) => choices
            .iter()
            .find(|c| &c.id == id)
            .map(|c| c.label.clone()),
        (Kind::Number { .. }, Value::Number(n)) => q.band_of(*n).map(|b| b.label.clone()),
        (Kind::Number { .. }, Value::Int(n)) => q.band_of(*n as f64).map(|b| b.label.clone()),
        _ => None,
    }
}

/// The cluster tag of an answer: its choice's, or its number band's.
pub fn cluster_of<'q>(q: &'q Question, value: &Value) -> Option<&'q str> {
    tag_of(q, value).map(|(c, _)| c)
}

/// The cluster tag of an answer and whether its range is outside the published ones.
fn tag_of<'q>(q: &'q Question, value: &Value) -> Option<(&'q str, bool)> {
    let band = |n: f64| {
        q.band_of(n)
            .and_then(|b| b.cluster.as_deref().map(|c| (c, b.outside)))
    };
    match (&q.kind, value) {
        (Kind::Choice { choices }, Value::Text(id)) => choices
            .iter()
            .find(|c| &c.id == id)
            .and_then(|c| c.cluster.as_deref().map(|t| (t, c.outside))),
        (Kind::Number { .. }, Value::Number(n)) => band(*n),
        (Kind::Number { .. }, Value::Int(n)) => band(*n as f64),
        _ => None,
    }
}

/// The tagged ranges of a question: (score, cluster tag, outside, range id).
fn tagged_ranges(q: &Question) -> Vec<(f64, Option<&str>, bool, String)> {
    match &q.kind {
        Kind::Choice { choices } => choices
            .iter()
            .map(|c| {
                (
                    c.score.unwrap_or(0.0),
                    c.cluster.as_deref(),
                    c.outside,
                    c.id.clone(),
                )
            })
            .collect(),
        Kind::Number { bands, .. } => bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                (
                    b.score,
                    b.cluster.as_deref(),
                    b.outside,
                    format!("band {}", i + 1),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The questions of one key must fit its placement: a `reference` key's carry no cluster tag; a
/// `band` key's tags follow the metric (a range that scores higher never sits in a worse cluster),
/// so that a better answer never gives a worse level.
fn check_key_tags(
    catalog: &Catalog,
    axis: &str,
    placement: Placement,
    known: &[&str],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for q in catalog.questions() {
        if !q.axes.iter().any(|m| m.axis == axis) {
            continue;
        }
        let origin = catalog
            .questionnaire(&q.questionnaire)
            .map(|x| x.origin.clone())
            .unwrap_or_default();
        let ranges = tagged_ranges(q);
        for (_, tag, outside, id) in &ranges {
            if *outside && tag.is_none() {
                diags.push(
                    Diagnostic::new(&origin, format!("`{id}` is `outside` but has no cluster: expected the cluster it counts with"))
                        .with_id(&q.id),
                );
            }
            if placement == Placement::Reference && tag.is_some() {
                diags.push(
                    Diagnostic::new(
                        &origin,
                        format!("`{id}` carries a cluster, but {axis} is read against reference values in {FILE}: expected no cluster tag"),
                    )
                    .with_id(&q.id),
                );
            }
        }
        if placement != Placement::Band {
            continue;
        }
        let rank = |t: &str| known.iter().position(|k| *k == t);
        for (sa, ta, _, ia) in &ranges {
            for (sb, tb, _, ib) in &ranges {
                let (Some(ra), Some(rb)) = (ta.and_then(rank), tb.and_then(rank)) else {
                    continue;
                };
                if sa > sb && ra > rb {
                    diags.push(
                        Diagnostic::new(
                            &origin,
                            format!("`{ia}` scores above `{ib}` but sits in a worse cluster ({} after {}): expected cluster tags that follow the metric", known[ra], known[rb]),
                        )
                        .with_id(&q.id),
                    );
                }
            }
        }
    }
    diags
}

/// Every `cluster` tag of the catalogue's choices and bands must name a cluster of the table.
fn check_catalog_clusters(catalog: &Catalog, known: &[&str]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for q in catalog.questions() {
        let tags: Vec<&str> = match &q.kind {
            Kind::Choice { choices } => choices
                .iter()
                .filter_map(|c| c.cluster.as_deref())
                .collect(),
            Kind::Number { bands, .. } => {
                bands.iter().filter_map(|b| b.cluster.as_deref()).collect()
            }
            _ => Vec::new(),
        };
        for tag in tags {
            if !known.contains(&tag) {
                diags.push(
                    Diagnostic::new(
                        catalog
                            .questionnaire(&q.questionnaire)
                            .map(|x| x.origin.clone())
                            .unwrap_or_default(),
                        format!(
                            "cluster `{tag}` is not in {FILE}: expected one of {}",
                            known.join(", ")
                        ),
                    )
                    .with_id(&q.id),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed;

    fn table(text: &str) -> Result<DoraTable> {
        let catalog = Catalog::load(&[]).unwrap();
        DoraTable::load(
            &Source {
                name: "dora.toml".into(),
                text: text.into(),
            },
            &catalog,
        )
    }

    #[test]
    fn embedded_table_is_valid() {
        let t = table(embed::file(FILE).unwrap()).unwrap();
        assert_eq!(t.year, 2024);
        assert_eq!(t.clusters[0].id, "elite");
        assert_eq!(t.keys.len(), 4);
        let shares: Vec<f64> = t.clusters.iter().map(|c| c.respondents.share).collect();
        assert_eq!(shares, [19.0, 22.0, 35.0, 25.0]);
        assert!(
            t.caveat.en.contains("not a maturity model"),
            "{}",
            t.caveat.en
        );
    }

    fn embedded() -> (Catalog, DoraTable) {
        let catalog = Catalog::load(&[]).unwrap();
        let t = DoraTable::load(
            &Source::embedded(FILE, embed::file(FILE).unwrap()),
            &catalog,
        )
        .unwrap();
        (catalog, t)
    }

    /// The choices of one question, worst metric first.
    fn choices_worst_first(q: &Question) -> Vec<(String, f64)> {
        let Kind::Choice { choices } = &q.kind else {
            panic!("{} is not a choice question", q.id)
        };
        let mut out: Vec<(String, f64)> = choices
            .iter()
            .map(|c| (c.id.clone(), c.score.unwrap()))
            .collect();
        out.sort_by(|a, b| a.1.total_cmp(&b.1));
        out
    }

    fn one_answer(id: &str, score: f64, count: usize) -> ValueCount {
        ValueCount {
            value: Value::Text(id.into()),
            count,
            score: Some(score),
        }
    }

    #[test]
    fn each_key_placement_never_gets_worse_with_a_better_answer() {
        let (catalog, t) = embedded();
        for key in &t.keys {
            let questions: Vec<&Question> = catalog
                .questions()
                .filter(|q| q.axes.iter().any(|m| m.axis == key.axis))
                .collect();
            assert!(!questions.is_empty(), "{}", key.axis);
            for q in questions {
                let mut last: Option<(usize, bool)> = None;
                for (id, score) in choices_worst_first(q) {
                    let values = [one_answer(&id, score, 1)];
                    let a = t.assess_values(&[(q, &values[..])]);
                    let k = a.keys.iter().find(|k| k.axis == key.axis).unwrap();
                    match key.placement {
                        Placement::Reference => {
                            assert!(k.cluster.is_none(), "{}: {id} placed", q.id);
                            assert!(k.reference.is_some() && k.answered.is_some());
                        }
                        Placement::Band => {
                            let rank = usize::from(k.cluster.as_ref().unwrap().rank);
                            // Ordered worst first: rank never rises, and within one rank an
                            // outside range never follows an inside one on the better side.
                            if let Some((r, _)) = last {
                                assert!(rank <= r, "{}: `{id}` worse than a lower score", q.id);
                            }
                            last = Some((rank, k.outside));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn failure_rate_is_read_against_the_published_values_not_placed() {
        let (catalog, t) = embedded();
        let q = catalog.question("dora.change_failure_rate").unwrap();
        let ten = [one_answer("8_to_15_pct", 0.75, 1)];
        let a = t.assess_values(&[(q, &ten[..])]);
        let k = &a.keys[2];
        assert_eq!(k.axis, "dora.change_failure_rate");
        assert!(k.cluster.is_none());
        assert!(k.reference.as_ref().unwrap().en.contains("medium 10%"));
        assert_eq!(a.placeable, 3);
        assert_eq!(a.placed, 0);
    }

    #[test]
    fn a_recovery_of_one_day_to_one_week_is_outside_the_published_bands() {
        let (catalog, t) = embedded();
        let q = catalog.question("dora.recovery_time").unwrap();
        let values = [one_answer("day_to_week", 0.5, 1)];
        let a = t.assess_values(&[(q, &values[..])]);
        let k = a
            .keys
            .iter()
            .find(|k| k.axis == "dora.recovery_time")
            .unwrap();
        assert!(k.outside);
        assert_eq!(k.cluster.as_ref().unwrap().id, "low");
        // A week to a month is the published low range itself.
        let values = [one_answer("week_to_month", 0.25, 1)];
        let a = t.assess_values(&[(q, &values[..])]);
        let k = a
            .keys
            .iter()
            .find(|k| k.axis == "dora.recovery_time")
            .unwrap();
        assert!(!k.outside);
        // Two answers, one in the gap and one in the low range: the worse middle is the low one.
        let values = [
            one_answer("day_to_week", 0.5, 1),
            one_answer("week_to_month", 0.25, 1),
        ];
        let a = t.assess_values(&[(q, &values[..])]);
        let k = a
            .keys
            .iter()
            .find(|k| k.axis == "dora.recovery_time")
            .unwrap();
        assert!(!k.outside);
    }

    /// The review's worked example: high frequency, medium lead time, high recovery. Under the old
    /// tags a 10 % failure rate read as medium and dropped the profile to medium; now the failure
    /// rate never moves it.
    #[test]
    fn lowering_the_failure_rate_cannot_demote_the_profile() {
        let (catalog, t) = embedded();
        let q = |id: &str| catalog.question(id).unwrap();
        let df = [one_answer("daily_to_weekly", 0.75, 1)];
        let lt = [one_answer("week_to_month", 0.5, 1)];
        let rt = [one_answer("hour_to_day", 0.75, 1)];
        let profile = |cfr: &str, score: f64| {
            let c = [one_answer(cfr, score, 1)];
            t.assess_values(&[
                (q("dora.deploy_frequency"), &df[..]),
                (q("dora.lead_time"), &lt[..]),
                (q("dora.change_failure_rate"), &c[..]),
                (q("dora.recovery_time"), &rt[..]),
            ])
            .overall
            .unwrap()
            .id
        };
        assert_eq!(profile("16_to_30_pct", 0.5), "high");
        assert_eq!(profile("8_to_15_pct", 0.75), "high");
    }

    #[test]
    fn cluster_tags_against_the_metric_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let q = r#"
id = "tagged"
version = "1"
audience = ["interview"]
duration_minutes = 1
title = { fr = "T", en = "T" }
description = { fr = "T", en = "T" }
[[sections]]
id = "s"
title = { fr = "S", en = "S" }
[[sections.questions]]
id = "t.cfr"
kind = "choice"
text = { fr = "Taux ?", en = "Rate?" }
axes = { "dora.change_failure_rate" = 1.0 }
choices = [
  { id = "ten", label = { fr = "10", en = "10" }, score = 1.0 },
  { id = "twenty", label = { fr = "20", en = "20" }, score = 0.5, cluster = "high" },
]
[[sections.questions]]
id = "t.lead"
kind = "choice"
text = { fr = "Délai ?", en = "Lead time?" }
axes = { "dora.lead_time" = 1.0 }
choices = [
  { id = "fast", label = { fr = "Vite", en = "Fast" }, score = 1.0, cluster = "medium" },
  { id = "slow", label = { fr = "Lent", en = "Slow" }, score = 0.5, cluster = "high" },
  { id = "gap", label = { fr = "Trou", en = "Gap" }, score = 0.2, outside = true },
]
"#;
        std::fs::write(dir.path().join("tagged.toml"), q).unwrap();
        let catalog = Catalog::load(&[dir.path().to_path_buf()]).unwrap();
        let src = Source::embedded(FILE, embed::file(FILE).unwrap());
        let err = DoraTable::load(&src, &catalog).unwrap_err().to_string();
        assert!(
            err.contains("[t.cfr] `twenty` carries a cluster, but dora.change_failure_rate is read against reference values"),
            "{err}"
        );
        assert!(
            err.contains("[t.lead] `fast` scores above `slow` but sits in a worse cluster (medium after high)"),
            "{err}"
        );
        assert!(
            err.contains("[t.lead] `gap` is `outside` but has no cluster"),
            "{err}"
        );
    }

    #[test]
    fn the_median_answer_is_the_worse_middle_in_metric_order() {
        let p = |rank, score, outside, count| Placed {
            rank,
            score,
            outside,
            count,
        };
        // Two answers in one cluster: the worse score is the worse middle.
        let m = median_answer(&[p(3, 0.25, false, 1), p(3, 0.5, true, 1)]).unwrap();
        assert_eq!(m, p(3, 0.25, false, 1));
        let m = median_answer(&[p(0, 1.0, false, 2), p(3, 0.5, true, 1)]).unwrap();
        assert_eq!(m.rank, 0);
        assert_eq!(median_answer(&[p(1, 0.5, false, 0)]), None);
        assert_eq!(overall_rank(&[0, 2], 3), None);
        assert_eq!(overall_rank(&[0, 2, 1, 3], 3), Some(2));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const KEYS: [&str; 4] = [
            "dora.deploy_frequency",
            "dora.lead_time",
            "dora.change_failure_rate",
            "dora.recovery_time",
        ];

        fn setup() -> &'static (Catalog, DoraTable) {
            static SETUP: std::sync::OnceLock<(Catalog, DoraTable)> = std::sync::OnceLock::new();
            SETUP.get_or_init(embedded)
        }

        /// The answers to the four key questions: per question, how many respondents gave each
        /// choice (choices worst first, as `choices_worst_first`).
        fn answers() -> impl Strategy<Value = Vec<Vec<usize>>> {
            proptest::collection::vec(proptest::collection::vec(0usize..3, 5), 4)
        }

        fn overall(counts: &[Vec<usize>]) -> Option<u8> {
            let (catalog, t) = setup();
            let values: Vec<(&Question, Vec<ValueCount>)> = KEYS
                .iter()
                .zip(counts)
                .map(|(id, per_choice)| {
                    let q = catalog.question(id).unwrap();
                    let vals = choices_worst_first(q)
                        .into_iter()
                        .zip(per_choice)
                        .filter(|(_, n)| **n > 0)
                        .map(|((c, s), n)| one_answer(&c, s, *n))
                        .collect();
                    (q, vals)
                })
                .collect();
            let refs: Vec<(&Question, &[ValueCount])> =
                values.iter().map(|(q, v)| (*q, v.as_slice())).collect();
            t.assess_values(&refs).overall.map(|c| c.rank)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            /// One respondent moves one answer to a better choice: the overall profile never
            /// gets worse (a lower rank is better; a profile never disappears).
            #[test]
            fn the_overall_profile_never_gets_worse_when_one_answer_gets_better(
                counts in answers(),
                key in 0usize..4,
                from in 0usize..5,
                up in 1usize..5,
            ) {
                let to = (from + up).min(4);
                prop_assume!(counts[key][from] > 0 && to > from);
                let before = overall(&counts);
                let mut better = counts.clone();
                better[key][from] -= 1;
                better[key][to] += 1;
                let after = overall(&better);
                match (before, after) {
                    (Some(b), Some(a)) => prop_assert!(a <= b, "{b} -> {a}"),
                    (Some(b), None) => prop_assert!(false, "profile {b} lost"),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn clusters_out_of_order_are_rejected() {
        let text = embed::file(FILE)
            .unwrap()
            .replacen("id = \"elite\"", "id = \"tmp\"", 1)
            .replacen("id = \"high\"", "id = \"elite\"", 1)
            .replacen("id = \"tmp\"", "id = \"high\"", 1);
        let err = table(&text).unwrap_err().to_string();
        assert!(
            err.contains(
                "clusters are high, elite, medium, low: expected elite, high, medium, low"
            ),
            "{err}"
        );
    }

    #[test]
    fn unknown_cluster_is_rejected_with_its_position() {
        let text = embed::file(FILE)
            .unwrap()
            .replacen("id = \"low\"", "id = \"poor\"", 1);
        let err = table(&text).unwrap_err().to_string();
        assert!(err.contains("dora.toml:"), "{err}");
        assert!(err.contains("[poor] unknown cluster"), "{err}");
    }

    #[test]
    fn a_cluster_tag_unknown_to_the_table_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let q = r#"
id = "tagged"
version = "1"
audience = ["interview"]
duration_minutes = 1
title = { fr = "T", en = "T" }
description = { fr = "T", en = "T" }
[[sections]]
id = "s"
title = { fr = "S", en = "S" }
[[sections.questions]]
id = "t.freq"
kind = "number"
text = { fr = "Combien ?", en = "How many?" }
axes = { "dora.deployment_frequency" = 1.0 }
bands = [
  { up_to = 1, score = 1.0, label = { fr = "Un", en = "One" }, cluster = "elite" },
  { score = 0.0, label = { fr = "Plus", en = "More" }, cluster = "superb" },
]
"#;
        std::fs::write(dir.path().join("tagged.toml"), q).unwrap();
        let catalog = Catalog::load(&[dir.path().to_path_buf()]).unwrap();
        let src = Source::embedded(FILE, embed::file(FILE).unwrap());
        let err = DoraTable::load(&src, &catalog).unwrap_err().to_string();
        assert!(
            err.contains("tagged.toml: [t.freq] cluster `superb` is not in data/dora.toml"),
            "{err}"
        );

        // A number answer takes the cluster of its band.
        let question = catalog.question("t.freq").unwrap();
        assert_eq!(cluster_of(question, &Value::Number(0.5)), Some("elite"));
        assert_eq!(cluster_of(question, &Value::Int(9)), Some("superb"));
    }

    #[test]
    fn even_split_takes_the_worse_middle() {
        assert_eq!(worse_median(&mut [0, 3]), Some(3));
        assert_eq!(worse_median(&mut [2, 0, 1]), Some(1));
        assert_eq!(worse_median(&mut []), None);
    }
}
