//! The view model: the only input of report templates (documented in `docs/report.md`). It
//! resolves every label to the report's language, pre-formats every number, renders notes and
//! draws the charts, so templates only lay out text and never compute.

use super::axis::{ai_note, axis_view, space_note, AxisView, FamilyView};
use super::figures::Chart;
use super::initiatives::{InitiativeView, RankedView};
use super::profile::{Attribution, Options, SECTIONS};
use super::summary::Summary;
use super::support::Support;
use super::{analysis, figures, initiatives, notes, summary, survey};
use crate::engagement::Channel;
use crate::evidence::ScanReport;
use crate::framework::{Family, Framework};
use crate::i18n::{Lang, Text};
use crate::questionnaire::{Catalog, Kind, Question, Value};
use crate::scoring::{AnswerKind, Assessment, QuestionScore};

// The formatters live in `format`; re-exported here for the commands that typeset numbers the
// way reports do (`score`, `scan`).
pub use super::format::{decimal, fill, level_name, percent, Labels};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct View {
    pub lang: Lang,
    /// `board` or `full`.
    pub profile: String,
    /// Every section id of `profile::SECTIONS`, and whether this report shows it.
    pub show: BTreeMap<String, bool>,
    /// How the appendix names respondents: `names`, `roles` or `none`.
    pub attribution: String,
    /// Report labels from `report-templates/labels.toml`, in the report's language.
    pub labels: BTreeMap<String, String>,
    pub cover: Cover,
    pub summary: Summary,
    /// Maturity × difficulty quadrant and the engagement strategy; absent when either axis is
    /// not scored.
    pub topology: Option<analysis::TopologyView>,
    /// DORA keys in the year's clusters; absent when no key is placed.
    pub dora: Option<analysis::DoraView>,
    /// The delivery keys against DORA's benchmarks of the client's industry and size; absent
    /// when no key is answered.
    pub benchmark: Option<analysis::BenchmarkView>,
    /// The widest perception gaps between roles, one per axis.
    pub perception: Vec<analysis::GapView>,
    /// What the repository scan says; absent without a scan.
    pub evidence: Option<analysis::EvidenceView>,
    /// What the client already has: tools per capability area, fragmentation, shared assets.
    pub assets: super::assets::AssetsView,
    /// The value case: what friction costs, what a platform returns, on what it rests.
    pub value: super::value::ValueView,
    /// The business goals, what blocks each and what helps.
    pub value_stream: Vec<super::value::GoalView>,
    /// Platform engineering and DevOps, with the client's own findings.
    pub explainer: super::explainer::ExplainerView,
    pub antipatterns: Vec<analysis::AntiPatternView>,
    /// The initiatives (5 to 9 workstreams grouping the recommendations), on their timeline.
    pub initiatives: Vec<InitiativeView>,
    /// A sentence introducing them, with how many recommendations they group.
    pub initiatives_intro: String,
    /// Every recommendation, highest priority first (the `full` profile's appendix).
    pub ranked: Vec<RankedView>,
    /// The roadmap's three horizons (those with recommendations); kept for firms' templates.
    pub roadmap: Vec<analysis::HorizonView>,
    /// The roadmap's introduction, with the number of recommendations.
    pub roadmap_intro: String,
    /// The CNCF aspects, in framework order.
    pub aspects: Vec<AxisView>,
    pub grid: Grid,
    /// Every chart, in the order the report shows them.
    pub charts: Vec<Chart>,
    /// The other scored families (success keys, SPACE, DORA), each with the axes the
    /// questionnaires in use cover; families with none are left out.
    pub families: Vec<FamilyView>,
    /// One per CNCF aspect: what drove its level.
    pub findings: Vec<Finding>,
    /// Interview and self-assessment respondents (survey respondents are never listed).
    pub respondents: Vec<RespondentView>,
    /// Survey respondents, as counts only; absent when there are none.
    pub survey: Option<survey::SurveyView>,
    /// Every answered question, grouped by questionnaire (in the Assessment's order).
    pub appendix: Vec<AnswerGroup>,
    pub methodology: Methodology,
    /// The running footer and page label of printed pages, as CSS strings.
    pub print: Print,
}

/// Texts the style sheet's page margin boxes print on every page. They are CSS string contents,
/// escaped by [`css_string`] so that nothing a client typed can leave the string.
#[derive(Debug, Clone, Serialize)]
pub struct Print {
    /// `client · confidentiality line · date`.
    pub footer: String,
    /// `Page`.
    pub page: String,
}

/// Escapes a text for the inside of a CSS double-quoted string: every character but ASCII
/// letters, digits and spaces becomes a six-digit hexadecimal escape and a space (`\0000E9 `), which also
/// keeps `</style>` and quotes out.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            // The space ends the escape (CSS consumes one whitespace after a hex escape), so a
            // space of the text that follows is kept.
            out.push_str(&format!("\\{:06X} ", u32::from(c)));
        }
    }
    out
}

#[derive(Debug, Serialize)]
pub struct Cover {
    pub client: String,
    /// ISO date.
    pub date: String,
    /// The date written out in the report's language (`15 octobre 2026`).
    pub date_long: String,
    pub consultants: Vec<String>,
    pub scope: Option<String>,
    /// The report language's name, in that language.
    pub language: String,
    /// Interview and self-assessment respondents.
    pub respondents: usize,
    /// Survey respondents.
    pub survey_respondents: usize,
    pub questionnaires: Vec<QuestionnaireView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionnaireView {
    pub id: String,
    pub version: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct RespondentView {
    pub id: String,
    pub role: String,
    pub channel: String,
    pub answered: usize,
}

/// The maturity grid: CNCF aspects × the four levels.
#[derive(Debug, Serialize)]
pub struct Grid {
    /// The generic level names, 1 to 4.
    pub levels: Vec<GridLevel>,
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Serialize)]
pub struct GridLevel {
    pub level: u8,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct GridRow {
    pub id: String,
    pub name: String,
    /// The continuous level, formatted; empty when not scored.
    pub level: String,
    pub target: Option<u8>,
    pub cells: Vec<GridCell>,
}

#[derive(Debug, Serialize)]
pub struct GridCell {
    pub level: u8,
    /// The aspect's own name for this level.
    pub name: String,
    /// The aspect's current band is this level.
    pub current: bool,
    /// The aspect's target is this level.
    pub target: bool,
    /// A level below the current band (already passed).
    pub passed: bool,
    /// CSS classes for the cell: any of `current`, `target`, `passed`.
    pub classes: String,
}

#[derive(Debug, Serialize)]
pub struct Finding {
    pub axis: AxisView,
    /// What the repository scan says about the aspect's questions.
    pub evidence: Vec<analysis::EvidenceLine>,
    /// The questions mapped to the aspect, with what they scored.
    pub drivers: Vec<Driver>,
}

#[derive(Debug, Serialize)]
pub struct Driver {
    pub id: String,
    pub text: String,
    /// Median level, formatted; empty when nothing is scored.
    pub level: String,
    /// Spread between the highest and lowest answer, in levels; empty when fewer than two.
    pub spread: String,
    /// Scored answers.
    pub scored: usize,
    pub dont_know: usize,
    pub not_applicable: usize,
}

#[derive(Debug, Serialize)]
pub struct AnswerGroup {
    /// The questionnaire id.
    pub id: String,
    pub title: String,
    /// Its questions with at least one answer.
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: String,
    pub questionnaire: String,
    pub text: String,
    /// Median level, formatted; empty when nothing is scored.
    pub level: String,
    pub spread: String,
    /// Interview and self-assessment answers, one per respondent.
    pub answers: Vec<AnswerView>,
    /// Survey answers, aggregated; absent when there are none.
    pub survey: Option<survey::SurveyAggregate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    pub respondent: String,
    pub role: String,
    pub channel: String,
    /// The value in words (choice label, yes/no, level…), or "don't know" / "not applicable".
    pub value: String,
    /// The note rendered from Markdown to safe HTML (raw HTML shown as text).
    pub note_html: Option<String>,
    /// The note as one safe line of Markdown, for table cells.
    pub note_md: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Methodology {
    pub questionnaires: Vec<QuestionnaireView>,
    pub framework_version: String,
    pub tool_version: String,
    pub min_group_size: usize,
    /// The survey anonymity rule, with the engagement's group size.
    pub survey: String,
    /// The summary's single-source rule and confidence words, with their thresholds.
    pub single_source: String,
    /// Every axis some question covers, all families, for the coverage table.
    pub coverage: Vec<AxisView>,
}

pub fn build(
    assessment: &Assessment,
    catalog: &Catalog,
    scan: Option<&ScanReport>,
    catalogue: &BTreeMap<String, Text>,
    lang: Lang,
    options: &Options,
) -> View {
    let fw = &catalog.framework;
    let labels = Labels { catalogue, lang };
    let evidence = analysis::evidence(assessment, catalog, scan, &labels);
    let topology = analysis::topology(assessment, catalog, &labels);
    let dora = analysis::dora(assessment, catalog, &labels);
    let benchmark = analysis::benchmark(assessment, catalog, &labels);
    let perception = analysis::perception(assessment, catalog, &labels);
    let role_name = |id: &str| {
        fw.role(id)
            .map(|r| r.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let channel_name = |c: Channel| labels.get(&format!("channel.{}", c.code()));
    let named = attributed_names(assessment, options.attribution, &role_name, &labels);
    let respondent_name = |id: &str| named.get(id).cloned().unwrap_or_else(|| id.to_string());

    let rule = &assessment.summary_rule;
    let delivery = assessment.delivery_axes(catalog);
    let aspects: Vec<AxisView> = assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Cncf)
        .map(|a| {
            let mut view = axis_view(a, fw, lang);
            let support = Support::axis(assessment, catalog, &a.id);
            view.support = support.text(None, rule, &labels);
            view.single_source = support.single_source(rule);
            view
        })
        .collect();
    let initiative_views = initiatives::initiatives(assessment, catalog, &labels);
    let families: Vec<FamilyView> = [
        (Family::Key, "keys"),
        (Family::Space, "space"),
        (Family::Dora, "dora"),
        (Family::Ai, "ai"),
    ]
    .into_iter()
    .map(|(f, title)| FamilyView {
        id: f.prefix().to_string(),
        title: labels.get(title),
        axes: assessment
            .axes
            .iter()
            .filter(|a| a.family == f && a.questions > 0)
            .map(|a| {
                let mut view = axis_view(a, fw, lang);
                // A delivery metric is read on DORA's performance clusters or benchmarks, not
                // the level scale.
                if let Some(k) = dora
                    .as_ref()
                    .and_then(|d| d.keys.iter().find(|k| k.axis == a.id))
                {
                    let cluster = if k.cluster.is_empty() {
                        labels.get("not_scored")
                    } else {
                        k.cluster.clone()
                    };
                    view.cluster = fill(&labels.get("dora.cluster_of"), &[("cluster", &cluster)]);
                } else if delivery.contains(&a.id) {
                    view.cluster = labels.get("dora.benchmark_read");
                }
                view
            })
            .collect(),
        note: match f {
            Family::Space => space_note(assessment, &labels),
            Family::Ai => ai_note(assessment, fw, &labels),
            _ => None,
        },
    })
    .filter(|f| !f.axes.is_empty())
    .collect();

    let questionnaires: Vec<QuestionnaireView> = assessment
        .questionnaires
        .iter()
        .map(|q| QuestionnaireView {
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.get(lang).to_string(),
        })
        .collect();
    let min_group = assessment.engagement.min_group_size;

    let questions: Vec<QuestionView> = assessment
        .questions
        .iter()
        .filter_map(|qs| catalog.question(&qs.id).map(|q| (qs, q)))
        .map(|(qs, q)| QuestionView {
            id: qs.id.clone(),
            questionnaire: qs.questionnaire.clone(),
            text: q.text.get(lang).to_string(),
            level: qs.level.map(|l| decimal(l, lang)).unwrap_or_default(),
            spread: spread(qs, lang),
            answers: qs
                .answers
                .iter()
                .filter(|a| a.channel != Channel::Survey)
                .map(|a| AnswerView {
                    respondent: respondent_name(&a.respondent),
                    role: role_name(&a.role),
                    channel: channel_name(a.channel),
                    value: match (&a.state, &a.value) {
                        (AnswerKind::Value, Some(v)) => answer_text(q, v, fw, lang),
                        (AnswerKind::DontKnow, _) => labels.get("answer.dont_know"),
                        (AnswerKind::NotApplicable, _) => labels.get("answer.not_applicable"),
                        (AnswerKind::Value, None) => String::new(),
                    },
                    note_html: a.note.as_deref().map(notes::to_html),
                    note_md: a.note.as_deref().map(notes::to_inline_markdown),
                })
                .collect(),
            survey: survey::aggregate(qs, q, fw, &labels, min_group),
        })
        .collect();

    let findings = assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Cncf)
        .map(|a| Finding {
            axis: axis_view(a, fw, lang),
            evidence: evidence
                .as_ref()
                .map(|e| {
                    e.findings
                        .iter()
                        .filter(|f| f.axes.contains(&a.id))
                        .map(|f| analysis::EvidenceLine {
                            question: f.question.clone(),
                            axes: f.axes.clone(),
                            verdict: f.verdict.clone(),
                            verdict_name: f.verdict_name.clone(),
                            message: f.message.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            drivers: assessment
                .questions
                .iter()
                .filter(|qs| {
                    catalog
                        .question(&qs.id)
                        .is_some_and(|q| q.axes.iter().any(|m| m.axis == a.id))
                })
                .map(|qs| Driver {
                    id: qs.id.clone(),
                    text: catalog
                        .question(&qs.id)
                        .map(|q| q.text.get(lang).to_string())
                        .unwrap_or_default(),
                    level: qs.level.map(|l| decimal(l, lang)).unwrap_or_default(),
                    spread: spread(qs, lang),
                    scored: qs.scored,
                    dont_know: qs.dont_know,
                    not_applicable: qs.not_applicable,
                })
                .collect(),
        })
        .collect();

    let survey = survey::respondents(&assessment.survey, fw, &labels);
    let charts = figures::all(&figures::Inputs {
        assessment,
        fw,
        labels: &labels,
        families: &families,
        topology: topology.as_ref(),
        perception: &perception,
        evidence: evidence.as_ref(),
        initiatives: &initiative_views,
        delivery: &delivery,
    });

    let mut charts = charts;
    if let Some(kept) = options.profile.charts() {
        charts.retain(|c| kept.contains(&c.id.as_str()));
    }

    View {
        lang,
        profile: options.profile.code().to_string(),
        show: SECTIONS
            .iter()
            .map(|id| (id.to_string(), options.shows(id)))
            .collect(),
        attribution: options.attribution.code().to_string(),
        labels: catalogue
            .iter()
            .map(|(k, t)| (k.clone(), t.get(lang).to_string()))
            .collect(),
        cover: Cover {
            client: assessment.engagement.client.clone(),
            date: assessment.engagement.date.to_string(),
            date_long: long_date(assessment.engagement.date, &labels),
            consultants: assessment.engagement.consultants.clone(),
            scope: assessment.engagement.scope.clone(),
            language: labels.get(&format!("language.{}", lang.code())),
            respondents: assessment.respondents.len(),
            survey_respondents: assessment.survey.count,
            questionnaires: questionnaires.clone(),
        },
        summary: summary::build(assessment, catalog, topology.as_ref(), &labels),
        antipatterns: analysis::antipatterns(assessment, catalog, &labels),
        initiatives_intro: fill(
            &labels.plural("initiatives.intro", initiative_views.len()),
            &[
                ("count", &initiative_views.len().to_string()),
                (
                    "recommendations",
                    &labels.count(
                        "initiatives.recommendations",
                        assessment.recommendations.len(),
                    ),
                ),
            ],
        ),
        initiatives: initiative_views,
        ranked: initiatives::ranked(assessment, &labels),
        roadmap: analysis::roadmap(assessment, catalog, &labels),
        roadmap_intro: labels.count("roadmap.intro", assessment.recommendations.len()),
        topology,
        dora,
        benchmark,
        perception,
        evidence,
        assets: super::assets::view(&assessment.assets, &labels),
        value: {
            let mut value = super::value::view(&assessment.value, &labels);
            // A profile that keeps a few charts (the board's four) leaves the range in words.
            if options
                .profile
                .charts()
                .is_some_and(|kept| !kept.contains(&"value"))
            {
                value.chart.clear();
            }
            value
        },
        value_stream: super::value::stream(assessment, catalog, &labels),
        explainer: super::explainer::view(assessment, fw, &labels),
        grid: grid(assessment, fw, lang),
        aspects,
        charts,
        families,
        findings,
        respondents: assessment
            .respondents
            .iter()
            .map(|r| RespondentView {
                id: respondent_name(&r.id),
                role: role_name(&r.role),
                channel: channel_name(r.channel),
                answered: r.answered,
            })
            .collect(),
        survey,
        appendix: assessment
            .questionnaires
            .iter()
            .map(|qn| AnswerGroup {
                id: qn.id.clone(),
                title: qn.title.get(lang).to_string(),
                questions: questions
                    .iter()
                    .filter(|q| q.questionnaire == qn.id)
                    .filter(|q| !q.answers.is_empty() || q.survey.is_some())
                    .cloned()
                    .collect(),
            })
            .filter(|g| !g.questions.is_empty())
            .collect(),
        print: Print {
            footer: css_string(&format!(
                "{} · {} · {}",
                assessment.engagement.client,
                labels.get("confidential"),
                long_date(assessment.engagement.date, &labels)
            )),
            page: css_string(&labels.get("page")),
        },
        methodology: Methodology {
            questionnaires,
            framework_version: assessment.framework_version.clone(),
            tool_version: assessment.tool_version.clone(),
            min_group_size: min_group,
            survey: fill(
                &labels.get("methodology.survey"),
                &[("min", &min_group.to_string())],
            ),
            single_source: fill(
                &labels.get("methodology.single_source"),
                &[
                    ("answers", &rule.min_answers.to_string()),
                    ("respondents", &rule.min_respondents.to_string()),
                    ("medium", &percent(rule.confidence_medium, lang)),
                    ("high", &percent(rule.confidence_high, lang)),
                ],
            ),
            coverage: assessment
                .axes
                .iter()
                .filter(|a| a.questions > 0)
                .map(|a| axis_view(a, fw, lang))
                .collect(),
        },
    }
}

/// How each interview and self-assessment respondent is named in the report: by id, by role and
/// a number within the role (in the Assessment's order of respondents), or not at all.
fn attributed_names(
    assessment: &Assessment,
    attribution: Attribution,
    role_name: &dyn Fn(&str) -> String,
    labels: &Labels,
) -> BTreeMap<String, String> {
    let mut per_role: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for r in &assessment.respondents {
        let name = match attribution {
            Attribution::Names => r.id.clone(),
            Attribution::Roles => {
                let n = per_role.entry(r.role.as_str()).or_insert(0);
                *n += 1;
                format!("{} {n}", role_name(&r.role))
            }
            Attribution::None => labels.get("attribution.withheld"),
        };
        out.insert(r.id.clone(), name);
    }
    out
}

/// An answer in words; a level answer also gets the level's name (the aspect's own when the
/// question is mapped to a CNCF aspect).
fn answer_text(q: &Question, v: &Value, fw: &Framework, lang: Lang) -> String {
    match (&q.kind, v) {
        (Kind::Level { .. }, Value::Int(l)) => {
            let aspect = q
                .axes
                .iter()
                .filter_map(|m| fw.axis(&m.axis))
                .find(|a| a.family == Family::Cncf);
            let level = u8::try_from(*l).unwrap_or(0);
            format!("{l} — {}", level_name(fw, aspect, level, lang))
        }
        _ => q.display_value(v, lang, &fw.likert_labels),
    }
}

/// The spread of a question's answers in levels (a score spread × 3), when there are two or more.
fn spread(qs: &QuestionScore, lang: Lang) -> String {
    match qs.spread {
        Some(s) if qs.scored > 1 => decimal(s * 3.0, lang),
        _ => String::new(),
    }
}

fn grid(assessment: &Assessment, fw: &Framework, lang: Lang) -> Grid {
    Grid {
        levels: fw
            .levels
            .iter()
            .map(|l| GridLevel {
                level: l.level,
                name: l.name.get(lang).to_string(),
            })
            .collect(),
        rows: assessment
            .axes
            .iter()
            .filter(|a| a.family == Family::Cncf)
            .map(|a| {
                let def = fw.axis(&a.id);
                GridRow {
                    id: a.id.clone(),
                    name: def
                        .map(|d| d.name.get(lang).to_string())
                        .unwrap_or_else(|| a.id.clone()),
                    level: a.level.map(|l| decimal(l, lang)).unwrap_or_default(),
                    target: a.target,
                    cells: fw
                        .levels
                        .iter()
                        .map(|l| {
                            let current = a.band == Some(l.level);
                            let target = a.target == Some(l.level);
                            let passed = a.band.is_some_and(|b| l.level < b);
                            let classes =
                                [(current, "current"), (target, "target"), (passed, "passed")]
                                    .iter()
                                    .filter(|(on, _)| *on)
                                    .map(|(_, c)| *c)
                                    .collect::<Vec<_>>()
                                    .join(" ");
                            GridCell {
                                level: l.level,
                                name: level_name(fw, def, l.level, lang),
                                current,
                                target,
                                passed,
                                classes,
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// `2026-10-15` → `15 octobre 2026` / `15 October 2026`.
fn long_date(date: crate::date::Date, labels: &Labels) -> String {
    fill(
        &labels.get("date.long"),
        &[
            ("day", &date.day().to_string()),
            ("month", &labels.get(&format!("month.{:02}", date.month()))),
            ("year", &date.year().to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_leave_their_quotes() {
        assert_eq!(css_string("A&B é"), "A\\000026 B \\0000E9 ");
        let hostile = css_string("\"; } </style><script>x</script>");
        assert!(!hostile.contains(['"', '<', '>', '}', ';']), "{hostile}");
    }
}
