//! The report's "What you already have" section: the consolidation map of the Assessment
//! (`assets`) in words, tables and one chart: tools per capability area, the most fragmented
//! jobs as consolidation opportunities, and the shared assets and templates as the first golden
//! paths' candidates.

use super::charts;
use super::format::{decimal, fill, percent, Labels};
use crate::assets::{AssetMap, JobAssets, SharedAsset, TemplateAsset};
use crate::i18n::Lang;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AssetsView {
    /// Without a scan: what a scan would add and the command that runs one; the rest is empty.
    pub no_scan: Option<String>,
    /// One sentence: how many tools in how many areas across how many repositories.
    pub intro: String,
    pub areas: Vec<AreaRow>,
    /// Consolidation opportunities, most fragmented first, one sentence each.
    pub opportunities: Vec<String>,
    pub shared: Vec<SharedRow>,
    pub templates: Vec<TemplateRow>,
}

#[derive(Debug, Serialize)]
pub struct AreaRow {
    pub id: String,
    pub name: String,
    /// "4 systems across 6 repositories (GitHub Actions 50 %, …)", one per job in use.
    pub jobs: Vec<JobRow>,
    /// When no tool of the area was found: the sentence that says so.
    pub none: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct JobRow {
    pub name: String,
    pub tools: String,
    pub repositories: usize,
    /// The fragmentation index, written in the report's typography; empty for a job only one
    /// tool of the model does.
    pub index: String,
    /// Whether it is a consolidation opportunity.
    pub fragmented: bool,
}

#[derive(Debug, Serialize)]
pub struct SharedRow {
    pub kind: String,
    pub target: String,
    /// "defined in platform-gitops (by its name)", or empty.
    pub defined_in: String,
    pub repositories: usize,
    /// `repository (path, path)`, joined.
    pub users: String,
}

#[derive(Debug, Serialize)]
pub struct TemplateRow {
    pub repository: String,
    pub path: String,
    pub kind: String,
    /// The signals its payload carries, or the sentence that it ships none the scan knows.
    pub ships: String,
}

/// One job's tools as "GitHub Actions 50 %, GitLab CI 17 %" (a lone tool by its name).
pub fn tool_shares(job: &JobAssets, lang: Lang) -> String {
    if let [only] = job.tools.as_slice() {
        return only.label.get(lang).to_string();
    }
    job.tools
        .iter()
        .map(|t| format!("{} {}", t.label.get(lang), percent(t.share, lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "defined in platform-gitops (by its name)", or empty when no scanned repository carries the
/// target's name.
pub fn defined_in(asset: &SharedAsset, labels: &Labels) -> String {
    asset
        .defined_in
        .as_deref()
        .map(|r| fill(&labels.get("assets.defined_in"), &[("repository", r)]))
        .unwrap_or_default()
}

/// What a template ships, as labels, or the sentence that it ships nothing the scan knows.
pub fn ships(template: &TemplateAsset, labels: &Labels) -> String {
    if template.ships.is_empty() {
        return labels.get("assets.ships_nothing");
    }
    template
        .ships
        .iter()
        .map(|s| s.label.get(labels.lang))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn view(map: &AssetMap, labels: &Labels) -> AssetsView {
    let lang = labels.lang;
    if !map.scanned {
        return AssetsView {
            no_scan: Some(labels.get("assets.no_scan")),
            intro: String::new(),
            areas: Vec::new(),
            opportunities: Vec::new(),
            shared: Vec::new(),
            templates: Vec::new(),
        };
    }
    let tools: usize = map.areas.iter().map(|a| a.tools_in_use).sum();
    let with_tools = map.areas.iter().filter(|a| a.tools_in_use > 0).count();
    let intro = fill(
        &labels.plural("assets.intro", tools),
        &[
            ("count", &tools.to_string()),
            ("areas", &with_tools.to_string()),
            ("total", &map.areas.len().to_string()),
            ("repositories", &map.repositories.to_string()),
        ],
    );
    let areas = map
        .areas
        .iter()
        .map(|a| AreaRow {
            id: a.id.clone(),
            name: a.label.get(lang).to_string(),
            none: a.jobs.is_empty().then(|| {
                labels.get(if a.observable {
                    "assets.area_none"
                } else {
                    "assets.area_not_observable"
                })
            }),
            jobs: a
                .jobs
                .iter()
                .map(|j| JobRow {
                    name: j.label.get(lang).to_string(),
                    tools: tool_shares(j, lang),
                    repositories: j.repositories,
                    index: if j.alternatives > 1 {
                        decimal(j.fragmentation, lang)
                    } else {
                        String::new()
                    },
                    fragmented: map
                        .opportunities
                        .iter()
                        .any(|o| o.area == a.id && o.job == j.id),
                })
                .collect(),
        })
        .collect();
    let opportunities = map
        .opportunities
        .iter()
        .filter_map(|o| {
            let area = map.areas.iter().find(|a| a.id == o.area)?;
            let job = area.jobs.iter().find(|j| j.id == o.job)?;
            Some(fill(
                &labels.get("assets.opportunity"),
                &[
                    ("job", o.label.get(lang)),
                    ("area", area.label.get(lang)),
                    ("tools", &o.tools.to_string()),
                    ("repositories", &o.repositories.to_string()),
                    ("index", &decimal(o.fragmentation, lang)),
                    ("shares", &tool_shares(job, lang)),
                ],
            ))
        })
        .collect();
    let shared = map
        .shared
        .iter()
        .map(|s| SharedRow {
            kind: s.label.get(lang).to_string(),
            target: s.target.clone(),
            defined_in: defined_in(s, labels),
            repositories: s.users.len(),
            users: s
                .users
                .iter()
                .map(|u| format!("{} ({})", u.repository, u.paths.join(", ")))
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect();
    let templates = map
        .templates
        .iter()
        .map(|t| TemplateRow {
            repository: t.repository.clone(),
            path: t.path.clone(),
            kind: t.label.get(lang).to_string(),
            ships: ships(t, labels),
        })
        .collect();
    AssetsView {
        no_scan: None,
        intro,
        areas,
        opportunities,
        shared,
        templates,
    }
}

/// Tools in use per area, as bars on a count scale (0, half, most), each labelled with its
/// tools and repositories; `None` without a scan or without any tool.
pub fn chart(map: &AssetMap, labels: &Labels) -> Option<String> {
    let most = map.areas.iter().map(|a| a.tools_in_use).max()?;
    if !map.scanned || most == 0 {
        return None;
    }
    // An even top keeps the middle tick a whole number.
    let top = most + most % 2;
    let lang = labels.lang;
    Some(charts::share_bars(&charts::ShareBars {
        title: labels.get("chart.assets"),
        rows: map
            .areas
            .iter()
            .map(|a| charts::ShareRow {
                name: a.label.get(lang).to_string(),
                share: a.tools_in_use as f64 / top as f64,
                label: fill(
                    &labels.plural("assets.bar", a.tools_in_use),
                    &[
                        ("count", &a.tools_in_use.to_string()),
                        ("repositories", &a.repositories.to_string()),
                    ],
                ),
            })
            .collect(),
        ticks: ["0".to_string(), (top / 2).to_string(), top.to_string()],
    }))
}
