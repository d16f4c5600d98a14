//! Reports: the view model built from an Assessment ([`view`]), its charts ([`charts`]), notes
//! rendered from Markdown ([`notes`]), and the Tera templates ([`templates`]) that lay it out as
//! HTML and Markdown; plus the Assessment itself as JSON.
//!
//! Dependencies run one way: [`format`] (labels, numbers) depends on nothing in `report`; the
//! parts ([`axis`], [`summary`], [`analysis`], [`survey`], the figures and [`charts`]) depend on
//! `format` only; [`view`] assembles them; [`templates`] lays the view out.

pub mod analysis;
pub mod assets;
pub mod axis;
pub mod charts;
pub mod explainer;
mod figures;
pub mod format;
pub mod initiatives;
pub mod notes;
pub mod profile;
pub mod summary;
pub mod support;
pub mod survey;
pub mod templates;
pub mod tvp;
pub mod value;
pub mod view;

pub use profile::{Attribution, Options, Profile};
pub use templates::{escape_markdown, Templates, LABELS_FILE};
pub use view::View;

use crate::error::{Error, Result};
use crate::evidence::ScanReport;
use crate::i18n::Lang;
use crate::questionnaire::Catalog;
use crate::scoring::Assessment;

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
    scan: Option<&ScanReport>,
    templates: &Templates,
    lang: Lang,
    formats: &[Format],
    options: &Options,
) -> Result<Vec<Output>> {
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    let needs_view = formats.iter().any(|f| *f != Format::Json);
    let view = needs_view
        .then(|| view::build(assessment, catalog, scan, templates.labels(), lang, options));
    let mut out = Vec::new();
    for format in formats {
        match (format, &view) {
            (Format::Html, Some(view)) => out.push(Output {
                file: format.file_name().into(),
                content: typography(templates.render("report.html", view)?, lang),
            }),
            (Format::Markdown, Some(view)) => {
                out.push(Output {
                    file: format.file_name().into(),
                    content: typography(templates.render("report.md", view)?, lang),
                });
                for chart in &view.charts {
                    out.push(Output {
                        file: chart.file.clone(),
                        content: chart.svg.clone(),
                    });
                }
                // The value section's own chart, drawn inline in HTML, linked from Markdown.
                if view.show.get("value") == Some(&true) && !view.value.chart.is_empty() {
                    out.push(Output {
                        file: value::CHART_FILE.into(),
                        content: view.value.chart.clone(),
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

/// French typography: a narrow no-break space (U+202F) before `;` `?` `!`, a no-break space
/// (U+00A0) before `:` and inside guillemets, so a line never starts with one of these signs or
/// ends with « « », whatever the text (a question, a client's answer, a note). Style sheets are
/// left as they are.
pub(crate) fn typography(text: String, lang: Lang) -> String {
    if lang != Lang::Fr {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<style") {
        out.push_str(&french_spaces(&rest[..start]));
        let end = rest[start..]
            .find("</style>")
            .map_or(rest.len(), |e| start + e + "</style>".len());
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    out.push_str(&french_spaces(rest));
    out
}

pub use crate::i18n::french_spaces;

/// Renders the Markdown report of an assessment.
pub fn markdown(
    assessment: &Assessment,
    catalog: &Catalog,
    scan: Option<&ScanReport>,
    templates: &Templates,
    lang: Lang,
    options: &Options,
) -> Result<String> {
    let view = view::build(assessment, catalog, scan, templates.labels(), lang, options);
    Ok(typography(templates.render("report.md", &view)?, lang))
}

/// The Assessment as pretty JSON, ending with a newline.
pub fn json(assessment: &Assessment) -> Result<String> {
    let mut s =
        serde_json::to_string_pretty(assessment).map_err(|e| Error::Usage(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_guillemets_hold_their_text() {
        assert_eq!(
            typography("la question « Qui ? » posée".into(), Lang::Fr),
            "la question «\u{a0}Qui\u{202f}?\u{a0}» posée"
        );
        assert_eq!(typography("« x »".into(), Lang::En), "« x »");
    }

    #[test]
    fn french_signs_hold_to_their_word_outside_style_sheets() {
        assert_eq!(
            typography(
                "Note : oui ; vraiment ! <style>a { color: red !important; }</style> Fin ?".into(),
                Lang::Fr
            ),
            "Note\u{a0}: oui\u{202f}; vraiment\u{202f}! <style>a { color: red !important; }</style> Fin\u{202f}?"
        );
        assert_eq!(typography("Why ? Yes !".into(), Lang::En), "Why ? Yes !");
    }
}
