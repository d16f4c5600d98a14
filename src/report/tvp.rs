//! The Thinnest Viable Platform starter page (`platform-audit tvp`): a Markdown page the client
//! pastes into its wiki as version 0 of its platform. One section per capability area of
//! `data/assets.toml`: what exists (tools, shared assets with their repositories and paths,
//! templates and what they ship), how the area works today (the answered level's descriptor of
//! the area's questions), the gaps marked as gaps, and the owner to name. Written from the
//! Assessment, so the page says only what the answers and the scan carry.

use super::assets::{defined_in, ships, tool_shares};
use super::format::{fill, Labels};
use super::templates::Templates;
use crate::assets::{AreaAssets, AssetModel};
use crate::error::Result;
use crate::i18n::Lang;
use crate::questionnaire::{Catalog, Kind};
use crate::scoring::{band_of, Assessment};
use serde::Serialize;

/// The template the page is rendered from (`report-templates/tvp.md.tera`).
pub const TEMPLATE: &str = "tvp.md";

#[derive(Debug, Serialize)]
pub struct TvpView {
    pub lang: Lang,
    /// Labels of the page (`tvp.*` and the shared ones), in its language.
    pub labels: std::collections::BTreeMap<String, String>,
    /// "Acme platform — version 0".
    pub title: String,
    pub client: String,
    pub date: String,
    /// How the page was made: from how many answers and repositories.
    pub made_from: String,
    /// Without a scan: what a scan would add.
    pub no_scan: Option<String>,
    pub areas: Vec<TvpArea>,
}

#[derive(Debug, Serialize)]
pub struct TvpArea {
    pub id: String,
    /// Whether the scan looks for this area (the model maps signals to it).
    pub observable: bool,
    pub name: String,
    pub summary: String,
    /// One line per job in use: "CI systems: GitHub Actions 50 %, … — billing-service, …".
    pub tools: Vec<ToolLine>,
    pub shared: Vec<SharedLine>,
    pub templates: Vec<TemplateLine>,
    /// How the area works today, from the answers.
    pub today: Vec<TodayLine>,
    /// What is missing: no tool found, no shared asset, a capability reached only at the first
    /// level, competing tools.
    pub gaps: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ToolLine {
    pub job: String,
    pub tools: String,
    /// Per tool, the repositories using it: "GitHub Actions: billing-service, customer-portal".
    pub repositories: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SharedLine {
    pub kind: String,
    pub target: String,
    /// How another repository would use it, as code; empty when the rule does not say.
    pub usage: String,
    pub defined_in: String,
    /// `repository: path, path` per user.
    pub users: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TemplateLine {
    pub repository: String,
    pub path: String,
    pub kind: String,
    pub ships: String,
}

#[derive(Debug, Serialize)]
pub struct TodayLine {
    pub question: String,
    /// The descriptor of the answered level.
    pub answer: String,
    /// "level 1.5 · 3 answers".
    pub basis: String,
}

pub fn view(
    assessment: &Assessment,
    catalog: &Catalog,
    model: &AssetModel,
    labels: &Labels,
) -> TvpView {
    let lang = labels.lang;
    let map = &assessment.assets;
    let answers: usize = assessment.questions.iter().map(|q| q.scored).sum();
    let made_from = if map.scanned {
        fill(
            &labels.get("tvp.made_from"),
            &[
                ("answers", &answers.to_string()),
                ("repositories", &map.repositories.to_string()),
            ],
        )
    } else {
        fill(
            &labels.get("tvp.made_from_answers"),
            &[("answers", &answers.to_string())],
        )
    };
    let areas = model
        .areas
        .iter()
        .map(|def| {
            let found = map.areas.iter().find(|a| a.id == def.id);
            let mut gaps = Vec::new();
            let today = def
                .questions
                .iter()
                .filter_map(|id| today_line(assessment, catalog, id, labels, &mut gaps))
                .collect();
            let tools = found.map(|a| tool_lines(a, labels)).unwrap_or_default();
            let shared: Vec<SharedLine> = map
                .shared
                .iter()
                .filter(|s| s.area == def.id)
                .map(|s| SharedLine {
                    kind: s.label.get(lang).to_string(),
                    target: s.target.clone(),
                    usage: s.usage.clone().unwrap_or_default(),
                    defined_in: defined_in(s, labels),
                    users: s
                        .users
                        .iter()
                        .map(|u| {
                            format!(
                                "{}{} {}",
                                u.repository,
                                labels.get("colon"),
                                u.paths.join(", ")
                            )
                        })
                        .collect(),
                })
                .collect();
            let templates: Vec<TemplateLine> = if def.id == "templates" {
                map.templates
                    .iter()
                    .map(|t| TemplateLine {
                        repository: t.repository.clone(),
                        path: t.path.clone(),
                        kind: t.label.get(lang).to_string(),
                        ships: ships(t, labels),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let observable = !def.jobs.is_empty();
            if map.scanned {
                // Only what the scan looks for can be missing: an area without signals, or
                // without reference rules, says nothing of its tools or shared assets.
                if tools.is_empty() && observable {
                    gaps.insert(0, labels.get("tvp.gap.no_tool"));
                } else if shared.is_empty() && templates.is_empty() && !def.references.is_empty() {
                    gaps.insert(0, labels.get("tvp.gap.no_shared"));
                }
                for o in map.opportunities.iter().filter(|o| o.area == def.id) {
                    gaps.push(fill(
                        &labels.get("tvp.gap.fragmented"),
                        &[
                            ("job", o.label.get(lang)),
                            ("tools", &o.tools.to_string()),
                            ("repositories", &o.repositories.to_string()),
                        ],
                    ));
                }
            }
            TvpArea {
                observable,
                id: def.id.clone(),
                name: def.label.get(lang).to_string(),
                summary: def.summary.get(lang).to_string(),
                tools,
                shared,
                templates,
                today,
                gaps,
            }
        })
        .collect();
    TvpView {
        lang,
        labels: labels
            .catalogue
            .iter()
            .map(|(k, t)| (k.clone(), t.get(lang).to_string()))
            .collect(),
        title: fill(
            &labels.get("tvp.title"),
            &[("client", &assessment.engagement.client)],
        ),
        client: assessment.engagement.client.clone(),
        date: assessment.engagement.date.to_string(),
        made_from,
        no_scan: (!map.scanned).then(|| labels.get("tvp.no_scan")),
        areas,
    }
}

/// One line per job in use; a job of several tools lists each tool's repositories below it, a
/// lone tool's repositories stand on the job's line.
fn tool_lines(area: &AreaAssets, labels: &Labels) -> Vec<ToolLine> {
    let lang = labels.lang;
    let colon = labels.get("colon");
    area.jobs
        .iter()
        .map(|j| match j.tools.as_slice() {
            [only] => {
                let (job, tool) = (j.label.get(lang), only.label.get(lang));
                let repositories = only.repository_names.join(", ");
                ToolLine {
                    job: job.to_string(),
                    // "Automated tests: Automated tests (…)" would say it twice.
                    tools: if tool.eq_ignore_ascii_case(job) {
                        repositories
                    } else {
                        format!("{tool} ({repositories})")
                    },
                    repositories: Vec::new(),
                }
            }
            tools => ToolLine {
                job: j.label.get(lang).to_string(),
                tools: tool_shares(j, lang),
                repositories: tools
                    .iter()
                    .map(|t| {
                        format!(
                            "{}{colon} {}",
                            t.label.get(lang),
                            t.repository_names.join(", ")
                        )
                    })
                    .collect(),
            },
        })
        .collect()
}

/// How the area works today according to one level question: the descriptor of its answered
/// band. A question answered at the first level is also a gap; an unanswered one says nothing.
fn today_line(
    assessment: &Assessment,
    catalog: &Catalog,
    id: &str,
    labels: &Labels,
    gaps: &mut Vec<String>,
) -> Option<TodayLine> {
    let lang = labels.lang;
    let score = assessment.question(id)?;
    let level = score.level?;
    let question = catalog.question(id)?;
    let Kind::Level { descriptors } = &question.kind else {
        return None;
    };
    let band = band_of(level);
    let answer = descriptors
        .get(usize::from(band) - 1)?
        .get(lang)
        .to_string();
    let text = question.text.get(lang).to_string();
    if band == 1 {
        gaps.push(fill(
            &labels.get("tvp.gap.first_level"),
            &[("question", &text), ("answer", &answer)],
        ));
    }
    Some(TodayLine {
        question: text,
        answer,
        basis: fill(
            &labels.plural("tvp.basis", score.scored),
            &[
                ("level", &super::format::decimal(level, lang)),
                ("count", &score.scored.to_string()),
            ],
        ),
    })
}

/// The page, rendered from `tvp.md.tera` with the report's templates and labels.
pub fn render(
    assessment: &Assessment,
    catalog: &Catalog,
    model: &AssetModel,
    templates: &Templates,
    lang: Lang,
) -> Result<String> {
    let labels = Labels {
        catalogue: templates.labels(),
        lang,
    };
    let view = view(assessment, catalog, model, &labels);
    Ok(super::typography(templates.render(TEMPLATE, &view)?, lang))
}
