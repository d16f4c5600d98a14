//! The scoring engine: turns an engagement's answers and evidence into an [`Assessment`].
//!
//! The steps, one file each (rules with formulas and a worked example in `docs/scoring.md`):
//! [`normalise`] every answer to [0, 1]; [`aggregate`] respondents per question (median, spread,
//! per role and channel); read the repository scan ([`evidence`]); score the [`axes`] with their
//! [`confidence`]; find [`perception`] gaps between roles; place the [`dora`] keys; classify the
//! client [`topology`]; detect [`antipatterns`]; [`recommend`] and build the roadmap.

pub mod aggregate;
pub mod antipatterns;
mod assessment;
pub mod axes;
pub mod benchmark;
pub mod confidence;
pub mod dora;
pub mod evidence;
pub mod initiatives;
pub mod normalise;
pub mod params;
pub mod perception;
pub mod recommend;
pub mod text;
pub mod topology;

pub use aggregate::median;
pub use assessment::*;

use crate::embed;
use crate::engagement::{Channel, Engagement, Response};
use crate::error::{Diagnostic, Error, Result};
use crate::evidence::ScanReport;
use crate::framework::Framework;
use crate::questionnaire::{Catalog, Question};
use crate::source::Source;
use params::Params;
use std::path::Path;

/// The version of the Assessment JSON shape; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 3;

/// Continuous level (1.0–4.0) of a normalised score.
pub fn level_of(score: f64) -> f64 {
    1.0 + 3.0 * score.clamp(0.0, 1.0)
}

/// The band (1–4) a continuous level falls in: rounded down, so a band is reached only when
/// fully there.
pub fn band_of(level: f64) -> u8 {
    (level + 1e-9).floor().clamp(1.0, 4.0) as u8
}

/// DORA's delivery metrics (the band table's keys and the benchmark's metrics, e.g. the rework
/// rate): they are read on DORA's own scale (clusters, benchmarks), never as a level of the CNCF
/// scale, so no strength, risk or initiative move treats them as one.
pub fn delivery_axes(
    dora: &DoraAssessment,
    benchmark: &Benchmark,
    catalog: &Catalog,
) -> Vec<String> {
    let fw = &catalog.framework;
    let mut out: Vec<String> = dora.keys.iter().map(|k| k.axis.clone()).collect();
    for m in &benchmark.metrics {
        let Some(q) = catalog.question(&m.question) else {
            continue;
        };
        for a in &q.axes {
            let is_dora = fw
                .axis(&a.axis)
                .is_some_and(|d| d.family == crate::framework::Family::Dora);
            if is_dora && !out.contains(&a.axis) {
                out.push(a.axis.clone());
            }
        }
    }
    out
}

/// The engine's data: parameters, DORA band table, topology quadrants and anti-pattern rules,
/// each checked against the catalogue (rules must name real questions, cluster tags real
/// clusters).
#[derive(Debug, Clone)]
pub struct ScoringData {
    pub params: Params,
    pub dora: dora::DoraTable,
    pub benchmarks: benchmark::Benchmarks,
    pub topology: topology::TopologyModel,
    pub antipatterns: Vec<antipatterns::Rule>,
    /// The consolidation map's areas, jobs and tools (`data/assets.toml`).
    pub assets: crate::assets::AssetModel,
    /// The value case's default assumptions (`data/value.toml`).
    pub value: crate::value::ValueParams,
    pub initiatives: initiatives::Initiatives,
}

/// The sources of the engine's data files.
pub struct DataSources {
    pub params: Source,
    pub dora: Source,
    pub benchmarks: Source,
    pub topology: Source,
    pub antipatterns: Source,
    pub assets: Source,
    pub value: Source,
    pub initiatives: Source,
}

impl DataSources {
    /// The names a `--data` folder may hold, each replacing the embedded file of that name.
    pub const FILE_NAMES: [&'static str; 8] = [
        "scoring.toml",
        "dora.toml",
        "dora-benchmarks.toml",
        "topology.toml",
        "antipatterns.toml",
        "assets.toml",
        "value.toml",
        "initiatives.toml",
    ];

    /// The embedded files, with those of `dir` (a practice's own thresholds, bands, quadrants,
    /// strategies and rules) in place of the embedded ones of the same name.
    pub fn with_overrides(dir: Option<&Path>) -> Result<DataSources> {
        let mut sources = DataSources::embedded()?;
        let Some(dir) = dir else {
            return Ok(sources);
        };
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "--data {}: not a folder (expected a folder holding any of {})",
                dir.display(),
                DataSources::FILE_NAMES.join(", ")
            )));
        }
        let mut replaced = 0;
        for (name, slot) in DataSources::FILE_NAMES.into_iter().zip([
            &mut sources.params,
            &mut sources.dora,
            &mut sources.benchmarks,
            &mut sources.topology,
            &mut sources.antipatterns,
            &mut sources.assets,
            &mut sources.value,
            &mut sources.initiatives,
        ]) {
            let path = dir.join(name);
            if path.exists() {
                *slot = Source::read(&path)?;
                replaced += 1;
            }
        }
        if replaced == 0 {
            return Err(Error::Usage(format!(
                "--data {}: none of {} in this folder",
                dir.display(),
                DataSources::FILE_NAMES.join(", ")
            )));
        }
        Ok(sources)
    }

    /// The files compiled into the binary.
    pub fn embedded() -> Result<DataSources> {
        let get = |path: &str| {
            embed::file(path)
                .map(|text| Source::embedded(path, text))
                .ok_or_else(|| Error::Usage(format!("{path} is not embedded in this build")))
        };
        Ok(DataSources {
            params: get(params::FILE)?,
            dora: get(dora::FILE)?,
            benchmarks: get(benchmark::FILE)?,
            topology: get(topology::FILE)?,
            antipatterns: get(antipatterns::FILE)?,
            assets: get(crate::assets::FILE)?,
            value: get(crate::value::FILE)?,
            initiatives: get(initiatives::FILE)?,
        })
    }
}

impl ScoringData {
    /// Loads every file and reports the problems of all of them at once.
    pub fn load(sources: &DataSources, catalog: &Catalog) -> Result<ScoringData> {
        let mut diags = Vec::new();
        let params = gather(Params::load(&sources.params), &mut diags)?;
        let dora = gather(dora::DoraTable::load(&sources.dora, catalog), &mut diags)?;
        let benchmarks = gather(
            benchmark::Benchmarks::load(&sources.benchmarks, catalog),
            &mut diags,
        )?;
        let topology = gather(
            topology::TopologyModel::load(&sources.topology, catalog),
            &mut diags,
        )?;
        let antipatterns = gather(
            antipatterns::load(&sources.antipatterns, catalog),
            &mut diags,
        )?;
        let assets = gather(
            crate::assets::AssetModel::load(&sources.assets, catalog),
            &mut diags,
        )?;
        let value = gather(
            crate::value::ValueParams::load(&sources.value, catalog),
            &mut diags,
        )?;
        let initiatives = gather(
            initiatives::Initiatives::load(&sources.initiatives, catalog),
            &mut diags,
        )?;
        match (
            params,
            dora,
            benchmarks,
            topology,
            antipatterns,
            assets,
            value,
            initiatives,
        ) {
            (
                Some(params),
                Some(dora),
                Some(benchmarks),
                Some(topology),
                Some(antipatterns),
                Some(assets),
                Some(value),
                Some(initiatives),
            ) if diags.is_empty() => Ok(ScoringData {
                params,
                dora,
                benchmarks,
                topology,
                antipatterns,
                assets,
                value,
                initiatives,
            }),
            _ => Err(Error::Input(diags)),
        }
    }

    pub fn embedded(catalog: &Catalog) -> Result<ScoringData> {
        ScoringData::load(&DataSources::embedded()?, catalog)
    }
}

/// The choice the median answer to choice question `id` falls on (the choice whose score is
/// nearest the median score), when it was answered.
fn median_choice(defs: &[&Question], questions: &[QuestionScore], id: &str) -> Option<String> {
    let (def, q) = defs.iter().zip(questions).find(|(d, _)| d.id == id)?;
    let median = q.score?;
    let crate::questionnaire::Kind::Choice { choices } = &def.kind else {
        return None;
    };
    choices
        .iter()
        .filter_map(|c| c.score.map(|s| (c, (s - median).abs())))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c.id.clone())
}

/// Keeps a loaded value, or collects its input problems so that all files are reported at once.
fn gather<T>(r: Result<T>, diags: &mut Vec<Diagnostic>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Error::Input(d)) => {
            diags.extend(d);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Scores an engagement with the embedded data and its `evidence/scan.json`, if any.
pub fn assess(engagement: &Engagement, catalog: &Catalog) -> Result<Assessment> {
    assess_with_data(engagement, catalog, None)
}

/// Scores an engagement with the data files of `data_dir` in place of the embedded ones
/// (see `DataSources::with_overrides`), and its scan if it has one.
pub fn assess_with_data(
    engagement: &Engagement,
    catalog: &Catalog,
    data_dir: Option<&Path>,
) -> Result<Assessment> {
    let data = ScoringData::load(&DataSources::with_overrides(data_dir)?, catalog)?;
    let scan = ScanReport::load_optional(&engagement.dir)?;
    assess_with(engagement, catalog, &data, scan.as_ref())
}

/// Scores an engagement. Fails only when the scan does not know a signal an evidence rule names.
pub fn assess_with(
    engagement: &Engagement,
    catalog: &Catalog,
    data: &ScoringData,
    scan: Option<&ScanReport>,
) -> Result<Assessment> {
    let meta = &engagement.meta;
    let fw = &catalog.framework;
    let params = &data.params;
    let in_use: Vec<_> = meta
        .questionnaires
        .iter()
        .filter_map(|id| catalog.questionnaire(id))
        .collect();
    let defs: Vec<&Question> = in_use.iter().flat_map(|q| q.questions()).collect();
    let mut responses: Vec<&Response> = engagement.responses.iter().collect();
    responses.sort_by(|a, b| a.respondent.id.cmp(&b.respondent.id));

    let answers = normalise::gather(&defs, &responses);
    let who = axes::Respondents {
        scored_by: answers.iter().map(|a| a.scored_by()).collect(),
        roles: responses
            .iter()
            .map(|r| r.respondent.role.as_str())
            .collect(),
    };
    let mut questions: Vec<QuestionScore> = defs
        .iter()
        .zip(answers)
        .map(|(q, a)| aggregate::question(q, a, params, meta.min_group_size))
        .collect();

    let mut findings = Vec::new();
    if let Some(scan) = scan {
        evidence::check_rules(&defs, scan, &engagement.dir)?;
        // A scan that found no repository says nothing about the answers.
        if scan.repository_count() > 0 {
            let scan = evidence::Scan::new(scan);
            for (def, q) in defs.iter().zip(questions.iter_mut()) {
                findings.extend(evidence::apply(def, q, &scan, params, fw));
            }
        }
    }
    for (def, q) in defs.iter().zip(questions.iter_mut()) {
        q.target = axes::question_target(def, fw, meta, params);
        q.gap = q
            .target
            .zip(q.effective_score())
            .map(|(t, s)| f64::from(t) - level_of(s));
        q.confidence = confidence::question(q, params);
    }

    let axes: Vec<AxisScore> = fw
        .axes
        .iter()
        .map(|axis| axes::score(axis, &defs, &questions, &who, fw, meta, params))
        .collect();
    let perception_gaps = perception::gaps(fw, &defs, &questions, params);
    let pairs: Vec<(&Question, &QuestionScore)> =
        defs.iter().copied().zip(questions.iter()).collect();
    let dora = data.dora.assess(&pairs);
    let benchmark = data.benchmarks.assess(meta, &pairs);
    let topology = data.topology.classify(&axes, &defs, &questions);
    let antipatterns = antipatterns::detect(&data.antipatterns, &questions);
    let (recommendations, roadmap) = recommend::recommend(&defs, &questions, fw, params);
    let assets = data.assets.map(scan);
    let value_stream =
        crate::value::stream::links(&meta.goals, &defs, &questions, &axes, &recommendations);
    let reported = crate::value::Reported::from_responses(
        &responses,
        &data.value.lost_hours_questions,
        meta.min_group_size,
    );
    let mut value = crate::value::estimate(
        meta.economics.as_ref(),
        &reported,
        median_choice(&defs, &questions, &data.value.recovery_question).as_deref(),
        &data.value,
    );
    if let Some(q) = data
        .value
        .hindrances_question
        .as_deref()
        .and_then(|id| catalog.question(id))
    {
        value.hindrances = crate::value::hindrances(&responses, q, meta.min_group_size);
    }
    // DORA's delivery metrics are read on their own scale: no initiative moves them "a level".
    let delivery = delivery_axes(&dora, &benchmark, catalog);
    let own_scale: Vec<&str> = delivery.iter().map(String::as_str).collect();
    let initiatives = data
        .initiatives
        .assess(&recommendations, &defs, &questions, fw, &own_scale);

    Ok(Assessment {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        engagement: EngagementInfo::from(meta),
        framework_version: fw.version.clone(),
        questionnaires: in_use
            .iter()
            .map(|q| QuestionnaireRef {
                id: q.id.clone(),
                version: q.version.clone(),
                title: q.title.clone(),
            })
            .collect(),
        survey: survey_respondents(&responses, fw, meta.min_group_size),
        respondents: responses
            .iter()
            .filter(|r| r.respondent.channel != Channel::Survey)
            .map(|r| RespondentInfo {
                id: r.respondent.id.clone(),
                role: r.respondent.role.clone(),
                channel: r.respondent.channel,
                answered: r.answers.len(),
            })
            .collect(),
        axes,
        questions,
        perception_gaps,
        evidence: EvidenceSummary {
            scanned: scan.is_some(),
            repositories: scan.map_or(0, ScanReport::repository_count),
            findings,
        },
        dora,
        benchmark,
        topology,
        antipatterns,
        recommendations,
        roadmap,
        assets,
        value,
        value_stream,
        initiatives,
        summary_rule: params.summary.clone(),
    })
}

/// The survey respondents as counts: per role for the roles with at least `min` of them (in
/// framework order), the others together.
fn survey_respondents(responses: &[&Response], fw: &Framework, min: usize) -> SurveyRespondents {
    let survey: Vec<_> = responses
        .iter()
        .filter(|r| r.respondent.channel == Channel::Survey)
        .collect();
    let by_role: Vec<RoleCount> = fw
        .roles
        .iter()
        .map(|role| RoleCount {
            role: role.id.clone(),
            count: survey
                .iter()
                .filter(|r| r.respondent.role == role.id)
                .count(),
        })
        .filter(|c| c.count > 0 && c.count >= min)
        .collect();
    SurveyRespondents {
        count: survey.len(),
        other: survey.len() - by_role.iter().map(|c| c.count).sum::<usize>(),
        by_role,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_and_band_follow_the_score() {
        assert_eq!(level_of(0.0), 1.0);
        assert_eq!(level_of(1.0), 4.0);
        assert_eq!(band_of(level_of(2.0 / 3.0)), 3);
        assert_eq!(band_of(3.99), 3);
        assert_eq!(band_of(4.0), 4);
        assert_eq!(band_of(1.0), 1);
    }

    #[test]
    fn embedded_data_loads_against_the_embedded_catalog() {
        let catalog = Catalog::load(&[]).unwrap();
        let data = ScoringData::embedded(&catalog).unwrap();
        assert_eq!(data.dora.year, 2024);
        assert!(!data.antipatterns.is_empty());
    }
}
