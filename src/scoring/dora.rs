//! DORA: the band table of one report year (`data/dora.toml`), each key placed in a cluster from
//! the cluster tags of the answers' choices or number bands, and the overall delivery cluster.

use super::assessment::{ClusterCount, ClusterRef, DoraAssessment, DoraKey, QuestionScore};
use crate::error::{Diagnostic, Error, Result};
use crate::framework::Family;
use crate::i18n::Text;
use crate::questionnaire::{Catalog, Kind, Question, Value};
use crate::source::Source;
use serde::Deserialize;
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    axis: Spanned<String>,
    bands: BTreeMap<String, Text>,
}

#[derive(Debug, Clone)]
pub struct Cluster {
    pub id: String,
    pub name: Text,
    pub description: Text,
}

#[derive(Debug, Clone)]
pub struct KeyDef {
    pub axis: String,
    /// Cluster id → what the cluster means for this key.
    pub bands: BTreeMap<String, Text>,
}

/// The checked band table.
#[derive(Debug, Clone)]
pub struct DoraTable {
    pub year: u16,
    pub source: String,
    pub min_keys: usize,
    /// Best first.
    pub clusters: Vec<Cluster>,
    pub keys: Vec<KeyDef>,
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
        let min_keys = *file.overall.min_keys.get_ref();
        if !(1..=file.keys.len() as i64).contains(&min_keys) {
            diags.push(src.diag_at(
                file.overall.min_keys.span().start,
                format!(
                    "min_keys {min_keys}: expected from 1 to the number of keys ({})",
                    file.keys.len()
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
            min_keys: min_keys as usize,
            clusters: file
                .clusters
                .into_inner()
                .into_iter()
                .map(|c| Cluster {
                    id: c.id.into_inner(),
                    name: c.name,
                    description: c.description,
                })
                .collect(),
            keys: file
                .keys
                .into_iter()
                .map(|k| KeyDef {
                    axis: k.axis.into_inner(),
                    bands: k.bands,
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
        }
    }

    /// Places each key and the overall cluster.
    pub fn assess(&self, questions: &[(&Question, &QuestionScore)]) -> DoraAssessment {
        let keys: Vec<DoraKey> = self
            .keys
            .iter()
            .map(|key| self.place_key(key, questions))
            .collect();
        let mut ranks: Vec<usize> = keys
            .iter()
            .filter_map(|k| k.cluster.as_ref().map(|c| usize::from(c.rank) - 1))
            .collect();
        let placed = ranks.len();
        let overall = (placed >= self.min_keys)
            .then(|| worse_median(&mut ranks))
            .flatten()
            .map(|r| self.cluster_ref(r));
        DoraAssessment {
            year: self.year,
            source: self.source.clone(),
            clusters: (0..self.clusters.len())
                .map(|r| self.cluster_ref(r))
                .collect(),
            keys,
            overall,
            placed,
            min_keys: self.min_keys,
        }
    }

    fn place_key(&self, key: &KeyDef, questions: &[(&Question, &QuestionScore)]) -> DoraKey {
        let mut ranks = Vec::new();
        let mut counts = vec![0usize; self.clusters.len()];
        let mut used = Vec::new();
        // Each answered range (a choice, or a number band) with how many gave it, first seen
        // first: ties go to the earlier question and the earlier choice.
        let mut ranges: Vec<(Text, usize)> = Vec::new();
        for (q, answers) in questions {
            if !q.axes.iter().any(|m| m.axis == key.axis) {
                continue;
            }
            let before = ranks.len();
            for v in &answers.values {
                if let Some(rank) = cluster_of(q, &v.value).and_then(|c| self.rank(c)) {
                    ranks.extend(std::iter::repeat_n(rank, v.count));
                    counts[rank] += v.count;
                    if let Some(label) = range_label(q, &v.value) {
                        match ranges.iter_mut().find(|(l, _)| *l == label) {
                            Some(r) => r.1 += v.count,
                            None => ranges.push((label, v.count)),
                        }
                    }
                }
            }
            if ranks.len() > before {
                used.push(q.id.clone());
            }
        }
        let cluster = worse_median(&mut ranks).map(|r| self.cluster_ref(r));
        DoraKey {
            axis: key.axis.clone(),
            answered: ranges
                .into_iter()
                .reduce(|best, r| if r.1 > best.1 { r } else { best })
                .map(|(label, _)| label),
            band: cluster.as_ref().and_then(|c| key.bands.get(&c.id).cloned()),
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
    match (&q.kind, value) {
        (Kind::Choice { choices }, Value::Text(id)) => choices
            .iter()
            .find(|c| &c.id == id)
            .and_then(|c| c.cluster.as_deref()),
        (Kind::Number { .. }, Value::Number(n)) => q.band_of(*n).and_then(|b| b.cluster.as_deref()),
        (Kind::Number { .. }, Value::Int(n)) => {
            q.band_of(*n as f64).and_then(|b| b.cluster.as_deref())
        }
        _ => None,
    }
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
