//! Reports: the view model built from an Assessment ([`view`]), its charts ([`charts`]), notes
//! rendered from Markdown ([`notes`]), and the Tera templates ([`templates`]) that lay it out as
//! HTML and Markdown; plus the Assessment itself as JSON.

pub mod charts;
pub mod notes;
pub mod summary;
pub mod survey;
pub mod templates;
pub mod view;

pub use templates::{escape_markdown, Templates, LABELS_FILE};
pub use view::View;

use crate::error::{Error, Result};
use crate::framework::{Family, Framework};
use crate::i18n::Lang;
use crate::questionnaire::Catalog;
use crate::scoring::Assessment;
use view::{decimal, Chart, FamilyView, Labels};

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Html,
    Markdown,
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Html, Format::Markdown, Format::Json];

    pub fn parse(s: &str) -> Result<Format> {
        match s {
            "html" => Ok(Format::Html),
            "md" | "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(Error::Usage(format!(
                "unknown report format `{other}`: expected html, md or json"
            ))),
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Format::Html => "report.html",
            Format::Markdown => "report.md",
            Format::Json => "assessment.json",
        }
    }
}

/// One file of a rendered report: its name in the output folder and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub file: String,
    pub content: String,
}

/// Renders the requested formats (sorted, de-duplicated by the caller or not): the HTML report,
/// the Markdown report with its sibling chart files, the Assessment JSON. Nothing is written.
pub fn render(
    assessment: &Assessment,
    catalog: &Catalog,
    templates: &Templates,
    lang: Lang,
    formats: &[Format],
) -> Result<Vec<Output>> {
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    let needs_view = formats.iter().any(|f| *f != Format::Json);
    let view = needs_view.then(|| view::build(assessment, catalog, templates.labels(), lang));
    let mut out = Vec::new();
    for format in formats {
        match (format, &view) {
            (Format::Html, Some(view)) => out.push(Output {
                file: format.file_name().into(),
                content: templates.render("report.html", view)?,
            }),
            (Format::Markdown, Some(view)) => {
                out.push(Output {
                    file: format.file_name().into(),
                    content: templates.render("report.md", view)?,
                });
                for chart in &view.charts {
                    out.push(Output {
                        file: chart.file.clone(),
                        content: chart.svg.clone(),
                    });
                }
            }
            _ => out.push(Output {
                file: Format::Json.file_name().into(),
                content: json(assessment)?,
            }),
        }
    }
    Ok(out)
}

/// Renders the Markdown report of an assessment.
pub fn markdown(
    assessment: &Assessment,
    catalog: &Catalog,
    templates: &Templates,
    lang: Lang,
) -> Result<String> {
    let view = view::build(assessment, catalog, templates.labels(), lang);
    templates.render("report.md", &view)
}

/// The Assessment as pretty JSON, ending with a newline.
pub fn json(assessment: &Assessment) -> Result<String> {
    let mut s =
        serde_json::to_string_pretty(assessment).map_err(|e| Error::Usage(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// The charts of a report, in the order it shows them; a chart whose data is absent is left out.
fn charts_of(
    assessment: &Assessment,
    fw: &Framework,
    labels: &Labels,
    families: &[FamilyView],
) -> Vec<Chart> {
    let lang = labels.lang;
    let mut out = Vec::new();
    let chart = |id: &str, svg: String| Chart {
        id: id.to_string(),
        title: labels.get(&format!("chart.{id}")),
        caption: labels.get(&format!("chart.{id}.caption")),
        svg,
        file: format!("chart-{id}.svg"),
    };
    let aspects: Vec<_> = assessment
        .axes
        .iter()
        .filter(|a| a.family == Family::Cncf)
        .collect();
    if aspects.iter().any(|a| a.level.is_some()) {
        let radar = charts::Radar {
            title: labels.get("chart.radar"),
            axes: aspects
                .iter()
                .map(|a| charts::RadarAxis {
                    name: fw
                        .axis(&a.id)
                        .map(|d| d.name.get(lang).to_string())
                        .unwrap_or_else(|| a.id.clone()),
                    current: a.level,
                    current_label: a
                        .level
                        .map(|l| decimal(l, lang))
                        .unwrap_or_else(|| labels.get("not_scored")),
                    target: a.target.map(f64::from),
                })
                .collect(),
            legend_current: labels.get("legend.current"),
            legend_target: labels.get("legend.target"),
        };
        out.push(chart("radar", charts::radar(&radar)));
    }
    let scale: Vec<String> = fw
        .levels
        .iter()
        .map(|l| l.name.get(lang).to_string())
        .collect();
    for family in families {
        let scores: Vec<_> = assessment
            .axes
            .iter()
            .filter(|a| a.family.prefix() == family.id && a.questions > 0)
            .collect();
        if !scores.iter().any(|a| a.level.is_some()) {
            continue;
        }
        let bars = charts::LevelBars {
            title: labels.get(&format!("chart.{}", family.id)),
            rows: scores
                .iter()
                .map(|a| charts::BarRow {
                    name: fw
                        .axis(&a.id)
                        .map(|d| d.name.get(lang).to_string())
                        .unwrap_or_else(|| a.id.clone()),
                    level: a.level,
                    label: a
                        .level
                        .map(|l| decimal(l, lang))
                        .unwrap_or_else(|| labels.get("not_scored")),
                    target: None,
                })
                .collect(),
            scale: scale.clone(),
            legend_target: labels.get("legend.target"),
        };
        out.push(chart(&family.id, charts::level_bars(&bars)));
    }
    out
}
