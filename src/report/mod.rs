//! Reports: the view model built from an Assessment, rendered by Tera templates. This is the only
//! module that knows Tera.

pub mod view;

pub use view::View;

use crate::embed;
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::{Lang, Text};
use crate::questionnaire::Catalog;
use crate::scoring::Assessment;
use crate::source::Source;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The file of bilingual report labels among the templates.
pub const LABELS_FILE: &str = "labels.toml";

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format> {
        match s {
            "md" | "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(Error::Usage(format!(
                "unknown report format `{other}`: expected md or json"
            ))),
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Format::Markdown => "report.md",
            Format::Json => "assessment.json",
        }
    }
}

/// The report templates and label catalogue: the embedded ones, or a firm's own folder (files
/// there replace the embedded ones of the same name).
pub struct Templates {
    tera: tera::Tera,
    labels: BTreeMap<String, Text>,
}

impl Templates {
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        let mut files: BTreeMap<String, Source> = embed::dir("report-templates")
            .map(|(name, text)| {
                (
                    name.to_string(),
                    Source::embedded(&format!("report-templates/{name}"), text),
                )
            })
            .collect();
        if let Some(dir) = dir {
            for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
                let path: PathBuf = entry.map_err(|e| Error::io(dir, e))?.path();
                if path.is_file() {
                    if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                        files.insert(name.to_string(), Source::read(&path)?);
                    }
                }
            }
        }
        let labels_src = files
            .get(LABELS_FILE)
            .ok_or_else(|| Error::Usage(format!("no {LABELS_FILE} among the report templates")))?;
        let labels = load_labels(labels_src)?;

        let mut tera = tera::Tera::default();
        let templates: Vec<(String, String)> = files
            .iter()
            .filter_map(|(name, src)| {
                name.strip_suffix(".tera")
                    .map(|n| (n.to_string(), src.text.clone()))
            })
            .collect();
        tera.add_raw_templates(templates)
            .map_err(|e| Error::Template {
                name: "report-templates".into(),
                message: error_chain(&e),
            })?;
        tera.register_filter("md", md_filter);
        Ok(Templates { tera, labels })
    }

    pub fn labels(&self) -> &BTreeMap<String, Text> {
        &self.labels
    }

    pub fn render(&self, name: &str, view: &View) -> Result<String> {
        let ctx = tera::Context::from_serialize(view).map_err(|e| Error::Template {
            name: name.into(),
            message: error_chain(&e),
        })?;
        self.tera.render(name, &ctx).map_err(|e| Error::Template {
            name: name.into(),
            message: error_chain(&e),
        })
    }
}

fn load_labels(src: &Source) -> Result<BTreeMap<String, Text>> {
    let labels: BTreeMap<String, Text> = src.parse()?;
    let diags: Vec<Diagnostic> = labels
        .iter()
        .flat_map(|(k, t)| {
            t.missing()
                .into_iter()
                .map(move |l| src.diag(format!("label has no `{l}` text")).with_id(k))
        })
        .collect();
    if diags.is_empty() {
        Ok(labels)
    } else {
        Err(Error::Input(diags))
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Escapes client text for a Markdown table cell or line: no raw HTML, no table breaks, no
/// Markdown syntax of its own.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn md_filter(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    match value {
        tera::Value::String(s) => Ok(tera::Value::String(escape_markdown(s))),
        tera::Value::Null => Ok(tera::Value::String(String::new())),
        other => Ok(tera::Value::String(escape_markdown(&other.to_string()))),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_neutralises_html_and_tables() {
        assert_eq!(
            escape_markdown("<script>a|b</script>\n*x*"),
            "&lt;script&gt;a\\|b&lt;/script&gt; \\*x\\*"
        );
    }

    #[test]
    fn embedded_labels_are_bilingual() {
        let t = Templates::load(None).unwrap();
        assert!(t.labels().contains_key("title"));
    }
}
