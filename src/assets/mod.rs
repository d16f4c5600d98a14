//! The consolidation map: what the client already has, per capability area of the CNCF Platforms
//! White Paper. From the scan, the tools found in each area with how many repositories use each,
//! the fragmentation index of each job (the effective number of tools doing it), the assets that
//! several repositories reference (reusable workflows, modules, libraries: candidate golden
//! paths), and what each project template ships. The mapping from signals to areas and tools is
//! data (`data/assets.toml`); formulas and rules are in `docs/assets.md`.

use crate::error::{Error, Result};
use crate::evidence::{PathContext, ScanReport, SignalLabels};
use crate::i18n::Text;
use crate::questionnaire::{Catalog, Kind};
use crate::scan::catalogue::is_id;
use crate::source::{Finite, Source};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

pub const FILE: &str = "data/assets.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    version: String,
    consolidation_threshold: Spanned<Finite>,
    shared_min_repositories: Spanned<usize>,
    areas: Vec<AreaFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaFile {
    id: Spanned<String>,
    label: Text,
    summary: Text,
    #[serde(default)]
    questions: Vec<Spanned<String>>,
    #[serde(default)]
    references: Vec<Spanned<String>>,
    #[serde(default)]
    jobs: Vec<JobFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JobFile {
    id: Spanned<String>,
    label: Text,
    tools: Vec<ToolFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ToolFile {
    signal: Spanned<String>,
    /// A short name, the same in both languages; the signal's label when absent.
    name: Option<String>,
}

/// The checked `data/assets.toml`.
#[derive(Debug, Clone)]
pub struct AssetModel {
    pub version: String,
    pub consolidation_threshold: f64,
    pub shared_min_repositories: usize,
    pub areas: Vec<AreaDef>,
}

#[derive(Debug, Clone)]
pub struct AreaDef {
    pub id: String,
    pub label: Text,
    /// What the area covers, in one sentence (the TVP page's section lead).
    pub summary: Text,
    /// Level questions whose answers tell how the area works today.
    pub questions: Vec<String>,
    /// Reference rule ids whose shared targets are this area's assets.
    pub references: Vec<String>,
    pub jobs: Vec<JobDef>,
}

#[derive(Debug, Clone)]
pub struct JobDef {
    pub id: String,
    pub label: Text,
    pub tools: Vec<ToolDef>,
}

#[derive(Debug, Clone)]
pub struct ToolDef {
    pub signal: String,
    pub label: Text,
}

impl AssetModel {
    /// Parses and checks the model against the embedded signal catalogue (signals and reference
    /// rules) and the questionnaire catalogue (level questions); every problem is reported with
    /// its line and column.
    pub fn load(source: &Source, catalog: &Catalog) -> Result<AssetModel> {
        let file: ModelFile = source.parse()?;
        let labels = SignalLabels::embedded();
        let mut diags = Vec::new();
        let threshold = file.consolidation_threshold.get_ref().get();
        if threshold < 1.0 {
            diags.push(source.diag_at(
                file.consolidation_threshold.span().start,
                format!("consolidation_threshold {threshold}: expected 1 or more (the index of a single tool is 1)"),
            ));
        }
        let shared_min = *file.shared_min_repositories.get_ref();
        if shared_min < 2 {
            diags.push(source.diag_at(
                file.shared_min_repositories.span().start,
                format!("shared_min_repositories {shared_min}: expected 2 or more (an asset is shared by several repositories)"),
            ));
        }
        let mut ids = BTreeSet::new();
        let mut seen_signals = BTreeSet::new();
        let mut seen_references = BTreeSet::new();
        let mut areas = Vec::new();
        for area in file.areas {
            let id = area.id.get_ref().clone();
            let mut err = |at: usize, message: String| {
                diags.push(source.diag_at(at, message).with_id(&id));
            };
            if !is_id(&id) {
                err(
                    area.id.span().start,
                    format!("area id `{id}`: expected lowercase letters, digits and `_`"),
                );
            }
            if !ids.insert(id.clone()) {
                err(area.id.span().start, "duplicate area or job id".into());
            }
            for lang in area
                .label
                .missing()
                .into_iter()
                .chain(area.summary.missing())
            {
                err(
                    area.id.span().start,
                    format!("label or summary has no `{lang}` text: expected both languages"),
                );
            }
            for q in &area.questions {
                match catalog.question(q.get_ref()).map(|q| &q.kind) {
                    Some(Kind::Level { .. }) => {}
                    Some(_) => err(
                        q.span().start,
                        format!("question `{}` is not a level question: expected one whose levels describe how the area works", q.get_ref()),
                    ),
                    None => err(
                        q.span().start,
                        format!("unknown question `{}`: expected a question id of the questionnaires", q.get_ref()),
                    ),
                }
            }
            for r in &area.references {
                if !labels.has_reference(r.get_ref()) {
                    err(
                        r.span().start,
                        format!("unknown reference rule `{}`: expected a [[references]] id of data/signals.toml", r.get_ref()),
                    );
                } else if !seen_references.insert(r.get_ref().clone()) {
                    err(
                        r.span().start,
                        format!(
                            "reference rule `{}` is in two areas: expected it in one",
                            r.get_ref()
                        ),
                    );
                }
            }
            let mut jobs = Vec::new();
            for job in area.jobs {
                let job_id = job.id.get_ref().clone();
                if !is_id(&job_id) {
                    err(
                        job.id.span().start,
                        format!("job id `{job_id}`: expected lowercase letters, digits and `_`"),
                    );
                }
                if !ids.insert(job_id.clone()) {
                    err(
                        job.id.span().start,
                        format!("duplicate area or job id `{job_id}`"),
                    );
                }
                for lang in job.label.missing() {
                    err(
                        job.id.span().start,
                        format!("job `{job_id}` has no `{lang}` label: expected both languages"),
                    );
                }
                if job.tools.is_empty() {
                    err(
                        job.id.span().start,
                        format!("job `{job_id}` has no tools: expected at least one"),
                    );
                }
                let mut tools = Vec::new();
                for tool in job.tools {
                    let signal = tool.signal.get_ref().clone();
                    if !labels.has_signal(&signal) {
                        err(
                            tool.signal.span().start,
                            format!("unknown signal `{signal}`: expected a signal id of data/signals.toml"),
                        );
                    } else if !seen_signals.insert(signal.clone()) {
                        err(
                            tool.signal.span().start,
                            format!("signal `{signal}` is listed twice: expected each signal in one tool"),
                        );
                    }
                    let label = match tool.name {
                        Some(name) if !name.trim().is_empty() => Text::new(name.clone(), name),
                        _ => labels.signal(&signal),
                    };
                    tools.push(ToolDef { signal, label });
                }
                jobs.push(JobDef {
                    id: job_id,
                    label: job.label,
                    tools,
                });
            }
            areas.push(AreaDef {
                id,
                label: area.label,
                summary: area.summary,
                questions: area.questions.into_iter().map(|q| q.into_inner()).collect(),
                references: area
                    .references
                    .into_iter()
                    .map(|r| r.into_inner())
                    .collect(),
                jobs,
            });
        }
        if areas.is_empty() {
            diags.push(source.diag("no [[areas]]: expected the capability areas"));
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Ok(AssetModel {
            version: file.version,
            consolidation_threshold: threshold,
            shared_min_repositories: shared_min,
            areas,
        })
    }

    pub fn embedded(catalog: &Catalog) -> Result<AssetModel> {
        let text = crate::embed::file(FILE)
            .ok_or_else(|| Error::Usage(format!("{FILE} is not embedded in this build")))?;
        AssetModel::load(&Source::embedded(FILE, text), catalog)
    }

    /// The area a reference rule belongs to.
    fn area_of_reference(&self, rule: &str) -> Option<&AreaDef> {
        self.areas
            .iter()
            .find(|a| a.references.iter().any(|r| r == rule))
    }

    /// The consolidation map of a scan (`None`: no scan, an empty map that says so).
    pub fn map(&self, scan: Option<&ScanReport>) -> AssetMap {
        let Some(scan) = scan else {
            return AssetMap::default();
        };
        let labels = SignalLabels::embedded();
        let users_of = |signal: &str| -> Vec<String> {
            scan.repositories
                .iter()
                .filter(|r| r.signals.iter().any(|h| h.id == signal))
                .map(|r| r.path.clone())
                .collect()
        };
        let mut areas = Vec::new();
        let mut opportunities = Vec::new();
        for area in &self.areas {
            let mut jobs = Vec::new();
            let mut area_repos = BTreeSet::new();
            for job in &area.jobs {
                let mut tools: Vec<ToolUse> = job
                    .tools
                    .iter()
                    .map(|t| (t, users_of(&t.signal)))
                    .filter(|(_, users)| !users.is_empty())
                    .map(|(t, users)| ToolUse {
                        signal: t.signal.clone(),
                        label: t.label.clone(),
                        repositories: users.len(),
                        share: 0.0,
                        repository_names: users,
                    })
                    .collect();
                if tools.is_empty() {
                    continue;
                }
                let uses: usize = tools.iter().map(|t| t.repositories).sum();
                for t in &mut tools {
                    t.share = round(t.repositories as f64 / uses as f64, 4);
                }
                // Most used first; ties in catalogue order (stable sort).
                tools.sort_by_key(|t| std::cmp::Reverse(t.repositories));
                let repos: BTreeSet<&str> = tools
                    .iter()
                    .flat_map(|t| t.repository_names.iter().map(String::as_str))
                    .collect();
                area_repos.extend(repos.iter().map(|r| r.to_string()));
                let counts: Vec<usize> = tools.iter().map(|t| t.repositories).collect();
                let fragmentation = round(effective_number(&counts), 2);
                // Competing tools within one repository leave nothing to consolidate across
                // teams: an opportunity needs two repositories or more.
                if tools.len() >= 2
                    && repos.len() >= 2
                    && fragmentation >= self.consolidation_threshold
                {
                    opportunities.push(Opportunity {
                        area: area.id.clone(),
                        job: job.id.clone(),
                        label: job.label.clone(),
                        tools: tools.len(),
                        repositories: repos.len(),
                        fragmentation,
                    });
                }
                jobs.push(JobAssets {
                    id: job.id.clone(),
                    label: job.label.clone(),
                    alternatives: job.tools.len(),
                    repositories: repos.len(),
                    fragmentation,
                    tools,
                });
            }
            areas.push(AreaAssets {
                id: area.id.clone(),
                label: area.label.clone(),
                observable: !area.jobs.is_empty(),
                tools_in_use: jobs.iter().map(|j| j.tools.len()).sum(),
                repositories: area_repos.len(),
                jobs,
                shared_assets: 0,
            });
        }
        opportunities.sort_by(|a, b| {
            b.fragmentation
                .total_cmp(&a.fragmentation)
                .then(b.repositories.cmp(&a.repositories))
        });

        let shared = self.shared_assets(scan, labels);
        for asset in &shared {
            if let Some(area) = areas.iter_mut().find(|a| a.id == asset.area) {
                area.shared_assets += 1;
            }
        }
        AssetMap {
            scanned: true,
            repositories: scan.repositories.len(),
            areas,
            opportunities,
            shared,
            templates: templates(scan, labels),
        }
    }

    /// Targets referenced from `shared_min_repositories` repositories or more, most used first.
    fn shared_assets(&self, scan: &ScanReport, labels: &SignalLabels) -> Vec<SharedAsset> {
        let mut by_target: BTreeMap<(&str, &str), Vec<AssetUse>> = BTreeMap::new();
        for repo in &scan.repositories {
            for r in &repo.references {
                by_target
                    .entry((r.id.as_str(), r.target.as_str()))
                    .or_default()
                    .push(AssetUse {
                        repository: repo.path.clone(),
                        paths: r.paths.clone(),
                    });
            }
        }
        let mut shared: Vec<SharedAsset> = by_target
            .into_iter()
            .filter(|(_, users)| users.len() >= self.shared_min_repositories)
            .filter_map(|((rule, target), users)| {
                let area = self.area_of_reference(rule)?;
                Some(SharedAsset {
                    area: area.id.clone(),
                    reference: rule.to_string(),
                    label: labels.reference(rule),
                    usage: labels.reference_usage(rule, target),
                    target: target.to_string(),
                    defined_in: defined_in(target, scan),
                    users,
                })
            })
            .collect();
        shared.sort_by_key(|s| std::cmp::Reverse(s.users.len()));
        shared
    }
}

/// The scanned repository a target names (`acme/ci-templates/.github/workflows/x.yml` names a
/// repository called `ci-templates`): matched by folder name, so a guess the report words as one.
fn defined_in(target: &str, scan: &ScanReport) -> Option<String> {
    let parts: Vec<&str> = target
        .split(['/', ':'])
        .map(|p| p.trim_end_matches(".git"))
        .collect();
    scan.repositories
        .iter()
        .map(|r| r.path.as_str())
        .find(|path| {
            let name = path.rsplit('/').next().unwrap_or(path);
            parts.contains(&name)
        })
        .map(str::to_string)
}

/// Project templates found as practice (a scaffolder template, a cookiecutter or copier
/// template), each with the signals its payload ships; projects generated from a template
/// (`.copier-answers.yml`, `.cruft.json`) are references, not templates.
fn templates(scan: &ScanReport, labels: &SignalLabels) -> Vec<TemplateAsset> {
    let golden: BTreeSet<&str> = scan
        .signals
        .iter()
        .filter(|s| s.category == "golden_paths")
        .map(|s| s.id.as_str())
        .collect();
    let mut out = Vec::new();
    for repo in &scan.repositories {
        for hit in repo
            .signals
            .iter()
            .filter(|h| golden.contains(h.id.as_str()))
        {
            for path in &hit.paths {
                let name = path.rsplit('/').next().unwrap_or(path);
                if name.starts_with(".copier-answers") || name == ".cruft.json" {
                    continue;
                }
                let folder = match path.rfind('/') {
                    Some(i) => &path[..=i],
                    None => "",
                };
                let ships: BTreeSet<&str> = repo
                    .other_matches
                    .iter()
                    .filter(|m| m.context == PathContext::TemplatePayload)
                    .filter(|m| m.paths.iter().any(|p| p.starts_with(folder)))
                    .map(|m| m.id.as_str())
                    .collect();
                out.push(TemplateAsset {
                    repository: repo.path.clone(),
                    signal: hit.id.clone(),
                    label: labels.signal(&hit.id),
                    path: path.clone(),
                    ships: ships
                        .into_iter()
                        .map(|id| Shipped {
                            signal: id.to_string(),
                            label: labels.signal(id),
                        })
                        .collect(),
                });
            }
        }
    }
    out
}

/// The effective number of tools: 1 / Σ pᵢ², with pᵢ each tool's share of the uses.
pub fn effective_number(uses: &[usize]) -> f64 {
    let total: usize = uses.iter().sum();
    if total == 0 {
        return 0.0;
    }
    let sum_sq: f64 = uses
        .iter()
        .map(|&n| {
            let p = n as f64 / total as f64;
            p * p
        })
        .sum();
    1.0 / sum_sq
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// What the client already has: the `assets` part of the Assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssetMap {
    /// Whether a scan was there; without one every list is empty.
    pub scanned: bool,
    pub repositories: usize,
    /// Every area of the model, in model order, with the jobs that have a tool in use.
    pub areas: Vec<AreaAssets>,
    /// Jobs with two tools or more, used by two repositories or more, whose fragmentation index
    /// reaches the threshold, most fragmented first.
    pub opportunities: Vec<Opportunity>,
    /// Targets referenced from several repositories, most used first.
    pub shared: Vec<SharedAsset>,
    /// Project templates and what they ship.
    pub templates: Vec<TemplateAsset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaAssets {
    pub id: String,
    pub label: Text,
    /// Whether the scan looks for this area at all (the model maps signals to it).
    pub observable: bool,
    /// Distinct tools in use across the area's jobs.
    pub tools_in_use: usize,
    /// Repositories using any of them.
    pub repositories: usize,
    pub jobs: Vec<JobAssets>,
    pub shared_assets: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobAssets {
    pub id: String,
    pub label: Text,
    /// How many tools the model knows for this job (1: nothing to be fragmented between).
    pub alternatives: usize,
    /// Repositories using any tool of the job.
    pub repositories: usize,
    /// The effective number of tools, 1 / Σ pᵢ² (2 decimals).
    pub fragmentation: f64,
    /// The tools in use, most used first.
    pub tools: Vec<ToolUse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolUse {
    pub signal: String,
    pub label: Text,
    pub repositories: usize,
    /// The tool's share of the job's uses.
    pub share: f64,
    pub repository_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opportunity {
    pub area: String,
    pub job: String,
    pub label: Text,
    pub tools: usize,
    pub repositories: usize,
    pub fragmentation: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedAsset {
    pub area: String,
    /// The reference rule that found it.
    pub reference: String,
    pub label: Text,
    pub target: String,
    /// How another repository would use it (the reference rule's `usage`), if the rule says.
    pub usage: Option<String>,
    /// The scanned repository whose name the target carries, if any.
    pub defined_in: Option<String>,
    /// The repositories referencing it, sorted, with the files that do.
    pub users: Vec<AssetUse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetUse {
    pub repository: String,
    pub paths: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateAsset {
    pub repository: String,
    pub signal: String,
    pub label: Text,
    /// The template's definition file.
    pub path: String,
    /// What a project generated from it gets, from the template's payload.
    pub ships: Vec<Shipped>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shipped {
    pub signal: String,
    pub label: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_number_counts_equal_tools_and_weighs_rare_ones_less() {
        assert_eq!(effective_number(&[5]), 1.0);
        assert!((effective_number(&[1, 1, 1]) - 3.0).abs() < 1e-12);
        // 61 %, 30 %, 9 %: 1 / (0.3721 + 0.09 + 0.0081) = 2.127…
        assert!((effective_number(&[61, 30, 9]) - 1.0 / 0.4702).abs() < 1e-9);
        assert_eq!(effective_number(&[]), 0.0);
    }

    fn catalog() -> Catalog {
        Catalog::load(&[]).unwrap()
    }

    #[test]
    fn embedded_model_maps_every_signal_of_the_catalogue_once() {
        let model = AssetModel::embedded(&catalog()).unwrap();
        let mapped: Vec<&str> = model
            .areas
            .iter()
            .flat_map(|a| a.jobs.iter())
            .flat_map(|j| j.tools.iter())
            .map(|t| t.signal.as_str())
            .collect();
        for id in SignalLabels::embedded().signal_ids() {
            assert_eq!(
                mapped.iter().filter(|m| **m == id).count(),
                1,
                "signal {id} must belong to exactly one tool"
            );
        }
        assert_eq!(model.areas.len(), 9, "the nine capability areas");
        for a in &model.areas {
            assert!(a.label.missing().is_empty() && a.summary.missing().is_empty());
        }
    }

    #[test]
    fn bad_model_is_reported_with_positions() {
        let src = Source {
            name: "assets.toml".into(),
            text: "version = \"1\"\nconsolidation_threshold = 0.5\nshared_min_repositories = 1\n[[areas]]\nid = \"Build\"\nlabel = { fr = \"a\", en = \"a\" }\nsummary = { fr = \"a\", en = \"\" }\nquestions = [\"nope\", \"dora.deploy_frequency\"]\nreferences = [\"x.y\"]\n[[areas.jobs]]\nid = \"ci\"\nlabel = { fr = \"a\", en = \"a\" }\ntools = [{ signal = \"ci.nope\" }, { signal = \"ci.jenkins\" }, { signal = \"ci.jenkins\" }]\n".into(),
        };
        let err = AssetModel::load(&src, &catalog()).unwrap_err().to_string();
        for expected in [
            "assets.toml:2:27: consolidation_threshold 0.5: expected 1 or more",
            "assets.toml:3:27: shared_min_repositories 1: expected 2 or more",
            "assets.toml:5:6: [Build] area id `Build`",
            "[Build] label or summary has no `en` text",
            "assets.toml:8:14: [Build] unknown question `nope`",
            "[Build] question `dora.deploy_frequency` is not a level question",
            "assets.toml:9:15: [Build] unknown reference rule `x.y`",
            "[Build] unknown signal `ci.nope`",
            "[Build] signal `ci.jenkins` is listed twice",
        ] {
            assert!(err.contains(expected), "{expected}\n{err}");
        }
    }
}
