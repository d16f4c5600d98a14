//! The progress report's Tera glue: `report-templates/compare.html.tera` and `compare.md.tera`
//! (with the report's `style.css.tera`), labels from `compare-labels.toml`, all embedded. The
//! same conventions as the main report: HTML autoescaped, Markdown escaped (no raw HTML), French
//! typography, byte-for-byte deterministic.

use super::view::{self, View};
use super::Comparison;
use crate::embed;
use crate::error::{Error, Result};
use crate::i18n::{Lang, Text};
use crate::questionnaire::Catalog;
use crate::report::escape_markdown;
use crate::source::Source;
use std::collections::BTreeMap;

/// The bilingual labels of the progress report, beside the templates.
pub const LABELS_FILE: &str = "compare-labels.toml";
const TEMPLATES: [&str; 3] = ["compare.html", "compare.md", "style.css"];

/// The progress report's formats are the main report's ([`crate::report::Format`]), written
/// under their own names.
pub use crate::report::Format;

/// The file a format of the progress report is written to.
pub fn file_name(format: Format) -> &'static str {
    match format {
        Format::Html => "progress.html",
        Format::Markdown => "progress.md",
        Format::Json => "progress.json",
    }
}

/// One file of the progress report: a name in the output folder and its content, as the main
/// report's.
pub use crate::report::Output;

/// The embedded labels, each checked for both languages.
pub fn labels() -> Result<BTreeMap<String, Text>> {
    let path = format!("report-templates/{LABELS_FILE}");
    let text = embed::file(&path)
        .ok_or_else(|| Error::Usage(format!("{path} is not embedded in this build")))?;
    crate::report::templates::load_labels(&Source::embedded(&path, text))
}

/// The two engines: HTML autoescaped for HTML, Markdown autoescaped for Markdown.
fn engine(markdown: bool) -> Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    if markdown {
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape_markdown);
    }
    let mut templates = Vec::new();
    for name in TEMPLATES {
        let path = format!("report-templates/{name}.tera");
        let text = embed::file(&path)
            .ok_or_else(|| Error::Usage(format!("{path} is not embedded in this build")))?;
        templates.push((name, text));
    }
    tera.add_raw_templates(templates)
        .map_err(|e| template_error("report-templates/compare", &e))?;
    Ok(tera)
}

fn template_error(name: &str, e: &dyn std::error::Error) -> Error {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Template {
        name: name.to_string(),
        message,
    }
}

fn render_view(name: &str, view: &View, lang: Lang) -> Result<String> {
    let tera = engine(name.ends_with(".md"))?;
    let ctx = tera::Context::from_serialize(view)
        .map_err(|e| template_error(&format!("{name}.tera"), &e))?;
    let text = tera
        .render(name, &ctx)
        .map_err(|e| template_error(&format!("{name}.tera"), &e))?;
    Ok(crate::report::typography(text, lang))
}

/// The view model of a comparison in a language.
pub fn view(comparison: &Comparison, catalog: &Catalog, lang: Lang) -> Result<View> {
    Ok(view::build(
        comparison,
        &catalog.framework,
        &labels()?,
        lang,
    ))
}

/// The Markdown progress report.
pub fn markdown(comparison: &Comparison, catalog: &Catalog, lang: Lang) -> Result<String> {
    render_view("compare.md", &view(comparison, catalog, lang)?, lang)
}

/// The HTML progress report (self-contained: style and charts inline).
pub fn html(comparison: &Comparison, catalog: &Catalog, lang: Lang) -> Result<String> {
    render_view("compare.html", &view(comparison, catalog, lang)?, lang)
}

/// The comparison as pretty JSON, ending with a newline.
pub fn json(comparison: &Comparison) -> Result<String> {
    let mut s =
        serde_json::to_string_pretty(comparison).map_err(|e| Error::Usage(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Renders the requested formats; the Markdown report comes with its chart files. Nothing is
/// written.
pub fn render(
    comparison: &Comparison,
    catalog: &Catalog,
    lang: Lang,
    formats: &[Format],
) -> Result<Vec<Output>> {
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    let view = formats
        .iter()
        .any(|f| *f != Format::Json)
        .then(|| view(comparison, catalog, lang))
        .transpose()?;
    let mut out = Vec::new();
    for format in formats {
        match (format, &view) {
            (Format::Html, Some(view)) => out.push(Output {
                file: file_name(format).into(),
                content: render_view("compare.html", view, lang)?,
            }),
            (Format::Markdown, Some(view)) => {
                out.push(Output {
                    file: file_name(format).into(),
                    content: render_view("compare.md", view, lang)?,
                });
                for chart in &view.charts {
                    out.push(Output {
                        file: chart.file.clone(),
                        content: chart.svg.clone(),
                    });
                }
            }
            _ => out.push(Output {
                file: file_name(Format::Json).into(),
                content: json(comparison)?,
            }),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_labels_are_bilingual() {
        let labels = labels().unwrap();
        assert!(labels.contains_key("title"));
    }

    #[test]
    fn embedded_templates_parse() {
        engine(false).unwrap();
        engine(true).unwrap();
    }
}
