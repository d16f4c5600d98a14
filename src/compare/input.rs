//! What `compare` reads of each assessment: an engagement folder (scored here, with the
//! questionnaires of its own `questionnaires/` folder when it has one) or an Assessment JSON
//! (`score --json`, `report --format json`). Both become a [`Snapshot`]: the part of the
//! Assessment a comparison needs, plus the question definitions and the scan coverage when the
//! folder gives them.

use crate::date::Date;
use crate::engagement::{Channel, Engagement};
use crate::error::{Diagnostic, Error, Result};
use crate::evidence::ScanReport;
use crate::framework::Family;
use crate::i18n::{Lang, Text};
use crate::questionnaire::{Catalog, Question};
use crate::scoring::{self, ScoringData};
use crate::source::Source;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The Assessment schema versions `compare` reads: the current one as it is, 2 through
/// [`migrate_v2`].
pub const SUPPORTED_SCHEMAS: [u32; 2] = [2, scoring::SCHEMA_VERSION];

/// The folder of an engagement's own questionnaire versions (the versions it was run with).
pub const LOCAL_QUESTIONNAIRES: &str = "questionnaires";

/// One assessment as `compare` sees it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The argument it was read from, as given.
    pub source: String,
    /// The schema version of the file read (the current one for a folder).
    pub schema_version: u32,
    pub assessment: Loaded,
    /// Per question id, what its definition says about its scale and axes; `None` for a
    /// question whose definition is not known (an Assessment JSON of another questionnaire
    /// version than the catalogue's).
    pub definitions: BTreeMap<String, Definition>,
    /// The scan's coverage, from `evidence/scan.json` of an engagement folder.
    pub scan: Option<ScanCoverage>,
}

/// A question's scale (its kind with every text left out) and its axis weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub scale: String,
    pub axes: Vec<(String, f64)>,
}

impl Definition {
    pub fn of(q: &Question) -> Definition {
        let mut kind = serde_json::to_value(&q.kind).unwrap_or(Value::Null);
        strip_texts(&mut kind);
        Definition {
            scale: kind.to_string(),
            axes: q.axes.iter().map(|m| (m.axis.clone(), m.weight)).collect(),
        }
    }
}

/// Removes what only words a scale (descriptors, labels, units): rewording is not re-levelling.
fn strip_texts(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, val| {
                let text = val
                    .as_object()
                    .is_some_and(|o| o.len() == 2 && o.contains_key("fr") && o.contains_key("en"));
                !(text || k == "descriptors")
            });
            map.values_mut().for_each(strip_texts);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_texts),
        _ => {}
    }
}

/// Coverage per signal and per category: (repositories showing it, share of repositories).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanCoverage {
    pub repositories: usize,
    pub signals: BTreeMap<String, (usize, f64)>,
    pub categories: BTreeMap<String, (usize, f64)>,
}

impl ScanCoverage {
    fn of(scan: &ScanReport) -> ScanCoverage {
        ScanCoverage {
            repositories: scan.repository_count(),
            signals: scan
                .signals
                .iter()
                .map(|s| (s.id.clone(), (s.repositories, s.coverage)))
                .collect(),
            categories: scan
                .categories
                .iter()
                .map(|c| (c.id.clone(), (c.repositories, c.coverage)))
                .collect(),
        }
    }
}

// --- The part of the Assessment JSON read (serde ignores the rest) ------------------------------

#[derive(Debug, Clone, Deserialize)]
pub struct Loaded {
    pub engagement: LoadedEngagement,
    #[serde(default)]
    pub questionnaires: Vec<LoadedQuestionnaire>,
    #[serde(default)]
    pub respondents: Vec<LoadedRespondent>,
    pub survey: LoadedSurvey,
    pub axes: Vec<LoadedAxis>,
    pub questions: Vec<LoadedQuestion>,
    pub dora: LoadedDora,
    pub topology: LoadedTopology,
    #[serde(default)]
    pub antipatterns: Vec<LoadedNamed>,
    #[serde(default)]
    pub recommendations: Vec<LoadedRecommendation>,
    /// The recommendations grouped into initiatives; absent from older Assessments.
    #[serde(default)]
    pub initiatives: Vec<LoadedInitiative>,
    /// The value case, in Assessments that carry one (`value`: currency and the yearly value
    /// range); absent from older Assessments.
    #[serde(default)]
    pub value: Option<LoadedValue>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedValue {
    #[serde(default)]
    pub currency: String,
    pub low: Option<f64>,
    pub expected: Option<f64>,
    pub high: Option<f64>,
}

impl LoadedValue {
    /// The range, when the value case has all three bounds.
    pub fn range(&self) -> Option<ValueRange> {
        Some(ValueRange {
            low: self.low?,
            expected: self.expected?,
            high: self.high?,
        })
    }
}

/// A yearly value range: low, expected, high.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ValueRange {
    pub low: f64,
    pub expected: f64,
    pub high: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedEngagement {
    pub client: String,
    pub date: Date,
    pub language: Lang,
    pub min_group_size: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedQuestionnaire {
    pub id: String,
    pub version: String,
    pub title: Text,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedRespondent {
    pub id: String,
    pub role: String,
    pub channel: Channel,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedSurvey {
    pub count: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedGroup {
    pub group: String,
    pub respondents: usize,
    pub level: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedAxis {
    pub id: String,
    pub family: Family,
    pub level: Option<f64>,
    pub band: Option<u8>,
    pub target: Option<u8>,
    pub agreement: Option<f64>,
    pub confidence: f64,
    pub coverage: f64,
    #[serde(default)]
    pub by_role: Vec<LoadedGroup>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedInference {
    pub level: u8,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedAnswer {
    pub respondent: String,
    pub channel: Channel,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedSurveyAnswers {
    pub answers: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedQuestion {
    pub id: String,
    pub questionnaire: String,
    pub kind: String,
    pub level: Option<f64>,
    pub inferred: Option<LoadedInference>,
    pub target: Option<u8>,
    #[serde(default)]
    pub answers: Vec<LoadedAnswer>,
    #[serde(default)]
    pub survey: Option<LoadedSurveyAnswers>,
}

impl LoadedQuestion {
    /// The answered level, or the level evidence inferred.
    pub fn effective_level(&self) -> Option<f64> {
        self.level
            .or(self.inferred.as_ref().map(|i| f64::from(i.level)))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedCluster {
    pub id: String,
    pub rank: u8,
    pub name: Text,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedDoraKey {
    pub axis: String,
    pub cluster: Option<LoadedCluster>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedDora {
    pub year: u16,
    pub keys: Vec<LoadedDoraKey>,
    pub overall: Option<LoadedCluster>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedNamed {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedQuadrant {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedTopology {
    pub quadrant: Option<LoadedQuadrant>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedSource {
    pub question: String,
    pub target: u8,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedInitiative {
    pub id: String,
    pub name: Text,
    pub recommendations: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedRecommendation {
    pub id: String,
    pub title: Text,
    pub sources: Vec<LoadedSource>,
}

// --- Loading ------------------------------------------------------------------------------------

/// Reads one argument of `compare`: an engagement folder (scored with the embedded data, the
/// questionnaires of `dirs` and of its own `questionnaires/` folder) or an Assessment JSON (its
/// questions' definitions taken from `catalog` where the questionnaire versions agree).
pub fn load(path: &Path, dirs: &[PathBuf], catalog: &Catalog) -> Result<Snapshot> {
    if path.is_dir() {
        load_folder(path, dirs)
    } else if path.is_file() {
        load_json(&Source::read(path)?, catalog)
    } else {
        Err(Error::NotEngagement(format!(
            "{}: neither an engagement folder nor an Assessment JSON file",
            path.display()
        )))
    }
}

fn load_folder(dir: &Path, dirs: &[PathBuf]) -> Result<Snapshot> {
    let mut dirs = dirs.to_vec();
    let local = dir.join(LOCAL_QUESTIONNAIRES);
    if local.is_dir() {
        dirs.push(local);
    }
    let catalog = Catalog::load(&dirs)?;
    let engagement = Engagement::load(dir, &catalog)?;
    let data = ScoringData::embedded(&catalog)?;
    let scan = ScanReport::load_optional(dir)?;
    let assessment = scoring::assess_with(&engagement, &catalog, &data, scan.as_ref())?;
    let name = dir.display().to_string();
    let value = serde_json::to_value(&assessment)
        .map_err(|e| Error::one(Diagnostic::new(&name, e.to_string())))?;
    let loaded: Loaded = serde_json::from_value(value)
        .map_err(|e| Error::one(Diagnostic::new(&name, e.to_string())))?;
    let definitions = loaded
        .questions
        .iter()
        .filter_map(|q| catalog.question(&q.id))
        .map(|q| (q.id.clone(), Definition::of(q)))
        .collect();
    Ok(Snapshot {
        source: name,
        schema_version: scoring::SCHEMA_VERSION,
        assessment: loaded,
        definitions,
        scan: scan.as_ref().map(ScanCoverage::of),
    })
}

/// Reads an Assessment JSON: its schema version first, then the fields compare needs.
pub fn load_json(src: &Source, catalog: &Catalog) -> Result<Snapshot> {
    let mut value: Value = serde_json::from_str(&src.text).map_err(|e| {
        let d = src.diag(format!(
            "not JSON ({e}): expected an Assessment JSON written by `score --json` or `report --format json`, or an engagement folder"
        ));
        Error::one(match (e.line(), e.column()) {
            (0, _) => d,
            (line, col) => Diagnostic {
                position: Some((line, col)),
                ..d
            },
        })
    })?;
    let version = value
        .get("schema_version")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            Error::one(src.diag(
                "no `schema_version`: expected an Assessment JSON written by `score --json` or `report --format json`",
            ))
        })?;
    let supported = SUPPORTED_SCHEMAS.map(|v| v.to_string()).join(", ");
    let version = u32::try_from(version)
        .ok()
        .filter(|v| SUPPORTED_SCHEMAS.contains(v))
        .ok_or_else(|| {
            Error::one(src.diag(format!(
                "Assessment schema version {version} is not supported: expected one of {supported} (version {} is migrated, see docs/compare.md); score the engagement again with this version of platform-audit",
                SUPPORTED_SCHEMAS[0]
            )))
        })?;
    if version == 2 {
        migrate_v2(&mut value);
    }
    let loaded: Loaded = serde_json::from_value(value).map_err(|e| {
        Error::one(src.diag(format!(
            "not an Assessment of schema version {version}: {e}"
        )))
    })?;
    // A definition is only known when the catalogue's questionnaire is the version scored.
    let definitions = loaded
        .questions
        .iter()
        .filter(|q| {
            let version = loaded
                .questionnaires
                .iter()
                .find(|r| r.id == q.questionnaire)
                .map(|r| r.version.as_str());
            catalog
                .questionnaire(&q.questionnaire)
                .is_some_and(|c| Some(c.version.as_str()) == version)
        })
        .filter_map(|q| catalog.question(&q.id))
        .map(|q| (q.id.clone(), Definition::of(q)))
        .collect();
    Ok(Snapshot {
        source: src.name.clone(),
        schema_version: version,
        assessment: loaded,
        definitions,
        scan: None,
    })
}

/// Schema 2 → 3 (docs/compare.md, "Older assessments"): schema 2 listed survey respondents in
/// `respondents` and their answers in `questions[].answers`, and had no `survey` counts. The
/// migration counts them into `survey`, takes them out of the lists, and drops the role groups
/// whose survey part is below `min_group_size` (the anonymity rule schema 3 applies).
pub fn migrate_v2(v: &mut Value) {
    let min = v["engagement"]["min_group_size"].as_u64().unwrap_or(5) as usize;
    let is_survey = |r: &Value| r["channel"] == "survey";
    let mut survey_roles: BTreeMap<String, usize> = BTreeMap::new();
    let mut count = 0;
    if let Some(list) = v["respondents"].as_array_mut() {
        for r in list.iter().filter(|r| is_survey(r)) {
            count += 1;
            *survey_roles
                .entry(r["role"].as_str().unwrap_or_default().to_string())
                .or_default() += 1;
        }
        list.retain(|r| !is_survey(r));
    }
    let hidden = |g: &Value| {
        g["group"]
            .as_str()
            .and_then(|role| survey_roles.get(role))
            .is_some_and(|n| *n < min)
    };
    if let Some(axes) = v["axes"].as_array_mut() {
        for axis in axes {
            if let Some(groups) = axis["by_role"].as_array_mut() {
                groups.retain(|g| !hidden(g));
            }
        }
    }
    if let Some(questions) = v["questions"].as_array_mut() {
        for q in questions {
            let survey = q["answers"]
                .as_array()
                .map_or(0, |a| a.iter().filter(|r| is_survey(r)).count());
            if let Some(answers) = q["answers"].as_array_mut() {
                answers.retain(|r| !is_survey(r));
            }
            if let Some(groups) = q["by_role"].as_array_mut() {
                groups.retain(|g| !hidden(g));
            }
            q["survey"] = if survey == 0 {
                Value::Null
            } else {
                serde_json::json!({ "answers": survey })
            };
        }
    }
    v["survey"] = serde_json::json!({ "count": count });
    v["schema_version"] = Value::from(3);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load(&[]).unwrap()
    }

    #[test]
    fn an_unsupported_schema_version_is_named_with_the_supported_ones() {
        let src = Source {
            name: "old.json".into(),
            text: "{\"schema_version\": 1, \"axes\": []}".into(),
        };
        let err = load_json(&src, &catalog()).unwrap_err().to_string();
        assert!(
            err.contains(
                "old.json: Assessment schema version 1 is not supported: expected one of 2, 3"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_file_that_is_not_json_gets_its_line_and_column() {
        let src = Source {
            name: "bad.json".into(),
            text: "{\n  \"schema_version\": 3,\n  oops\n}".into(),
        };
        let err = load_json(&src, &catalog()).unwrap_err().to_string();
        assert!(err.starts_with("bad.json:3:3: not JSON"), "{err}");
    }

    #[test]
    fn json_without_a_schema_version_is_refused() {
        let src = Source {
            name: "x.json".into(),
            text: "{}".into(),
        };
        let err = load_json(&src, &catalog()).unwrap_err().to_string();
        assert!(err.contains("no `schema_version`"), "{err}");
    }

    #[test]
    fn schema_2_survey_entries_become_counts() {
        let mut v = serde_json::json!({
            "schema_version": 2,
            "engagement": { "min_group_size": 2 },
            "respondents": [
                { "id": "a", "role": "developer", "channel": "interview" },
                { "id": "s1", "role": "developer", "channel": "survey" },
                { "id": "s2", "role": "operations", "channel": "survey" },
                { "id": "s3", "role": "operations", "channel": "survey" }
            ],
            "axes": [ { "by_role": [ { "group": "developer" }, { "group": "operations" } ] } ],
            "questions": [ { "answers": [
                { "respondent": "a", "channel": "interview" },
                { "respondent": "s1", "channel": "survey" }
            ], "by_role": [] } ]
        });
        migrate_v2(&mut v);
        assert_eq!(v["schema_version"], 3);
        assert_eq!(v["survey"]["count"], 3);
        assert_eq!(v["respondents"].as_array().unwrap().len(), 1);
        assert_eq!(v["questions"][0]["answers"].as_array().unwrap().len(), 1);
        assert_eq!(v["questions"][0]["survey"]["answers"], 1);
        // One developer in the survey is below the threshold of 2: the group is not shown.
        assert_eq!(
            v["axes"][0]["by_role"],
            serde_json::json!([{ "group": "operations" }])
        );
    }

    #[test]
    fn rewording_a_scale_is_not_a_new_scale() {
        let mut a = serde_json::json!({"kind": "choice", "choices": [
            {"id": "x", "label": {"fr": "a", "en": "a"}, "score": 0.5}]});
        let mut b = serde_json::json!({"kind": "choice", "choices": [
            {"id": "x", "label": {"fr": "b", "en": "b"}, "score": 0.5}]});
        strip_texts(&mut a);
        strip_texts(&mut b);
        assert_eq!(a, b);
    }
}
