//! The Tera glue: the report templates and the label catalogue, embedded or from a firm's own
//! folder. This is the only module that knows Tera.

use crate::embed;
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::Text;
use crate::source::Source;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The file of bilingual report labels among the templates.
pub const LABELS_FILE: &str = "labels.toml";

/// The report templates and label catalogue. A firm's folder (`report --templates DIR`) replaces
/// the embedded templates of the same name and adds to or overrides the embedded labels.
pub struct Templates {
    /// HTML templates (and any other), autoescaped for HTML by Tera.
    tera: tera::Tera,
    /// The same templates, `*.md` ones autoescaped for Markdown: every value a Markdown template
    /// prints is plain text (no raw HTML, no Markdown syntax, no table break) unless the template
    /// marks it `| safe` — as the HTML templates do, so a firm's own template is safe by default.
    markdown: tera::Tera,
    labels: BTreeMap<String, Text>,
}

impl Templates {
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        let mut files: BTreeMap<String, Source> = embed::dir("report-templates")
            // The progress report's templates have an engine of their own (`compare::render`).
            .filter(|(name, _)| !name.starts_with("compare"))
            .map(|(name, text)| {
                (
                    name.to_string(),
                    Source::embedded(&format!("report-templates/{name}"), text),
                )
            })
            .collect();
        let embedded_labels = files.get(LABELS_FILE).ok_or_else(|| {
            Error::Usage(format!("no {LABELS_FILE} among the embedded templates"))
        })?;
        let mut labels = load_labels(embedded_labels)?;
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::Usage(format!(
                    "--templates {}: not a folder (expected a folder of .tera templates and/or {LABELS_FILE})",
                    dir.display()
                )));
            }
            let mut paths: Vec<PathBuf> = Vec::new();
            for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
                paths.push(entry.map_err(|e| Error::io(dir, e))?.path());
            }
            paths.sort();
            for path in paths.into_iter().filter(|p| p.is_file()) {
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if name == LABELS_FILE {
                    labels.extend(load_labels(&Source::read(&path)?)?);
                } else if name.ends_with(".tera") {
                    files.insert(name.to_string(), Source::read(&path)?);
                }
            }
        }

        let templates: Vec<(String, String)> = files
            .iter()
            .filter_map(|(name, src)| {
                name.strip_suffix(".tera")
                    .map(|n| (n.to_string(), src.text.clone()))
            })
            .collect();
        let tera = engine(&files, dir, templates.clone(), None)?;
        let markdown = engine(&files, dir, templates, Some(escape_markdown))?;
        Ok(Templates {
            tera,
            markdown,
            labels,
        })
    }

    pub fn labels(&self) -> &BTreeMap<String, Text> {
        &self.labels
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders template `name` with a view model (the report's `View`, the TVP page's…).
    pub fn render<T: serde::Serialize>(&self, name: &str, view: &T) -> Result<String> {
        let ctx = tera::Context::from_serialize(view).map_err(|e| Error::Template {
            name: name.into(),
            message: error_chain(&e),
        })?;
        let engine = if name.ends_with(".md") {
            &self.markdown
        } else {
            &self.tera
        };
        engine.render(name, &ctx).map_err(|e| Error::Template {
            name: format!("{name}.tera"),
            message: error_chain(&e),
        })
    }
}

/// A Tera instance holding every template; with `markdown_escape`, the `*.md` templates are
/// autoescaped with it (and nothing else is), else Tera's HTML autoescaping applies.
fn engine(
    files: &BTreeMap<String, Source>,
    dir: Option<&Path>,
    templates: Vec<(String, String)>,
    markdown_escape: Option<fn(&str) -> String>,
) -> Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    if let Some(escape) = markdown_escape {
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape);
    }
    tera.add_raw_templates(templates).map_err(|e| {
        let message = error_chain(&e);
        // Tera names the template it could not parse; name its file instead.
        let name = files
            .iter()
            .find(|(name, _)| {
                name.strip_suffix(".tera")
                    .is_some_and(|n| message.contains(&format!("'{n}'")))
            })
            .map(|(_, src)| src.name.clone())
            .or_else(|| dir.map(|d| d.display().to_string()))
            .unwrap_or_else(|| "report-templates".into());
        Error::Template { name, message }
    })?;
    tera.register_filter("md", MdFilter);
    if markdown_escape.is_some() {
        // A code span is Markdown's: never offered to HTML templates, where it would be raw text.
        tera.register_filter("code", CodeFilter);
    }
    Ok(tera)
}

/// A label catalogue, every label checked for both languages.
pub(crate) fn load_labels(src: &Source) -> Result<BTreeMap<String, Text>> {
    let labels: BTreeMap<String, Text> = src.parse()?;
    let diags: Vec<Diagnostic> = labels
        .iter()
        .flat_map(|(k, t)| {
            t.missing().into_iter().map(move |l| {
                src.diag(format!(
                    "label has no `{l}` text: expected both `fr` and `en`"
                ))
                .with_id(k)
            })
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
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '~' => {
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

/// `{{ x | md }}`: the value escaped for Markdown, and marked safe so that autoescaping does not
/// escape it twice.
struct MdFilter;

impl tera::Filter for MdFilter {
    fn filter(
        &self,
        value: &tera::Value,
        _: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        match value {
            tera::Value::String(s) => Ok(tera::Value::String(escape_markdown(s))),
            tera::Value::Null => Ok(tera::Value::String(String::new())),
            other => Ok(tera::Value::String(escape_markdown(&other.to_string()))),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// An inline Markdown code span: the text on one line, between backtick fences longer than any
/// backtick run inside it (CommonMark), so nothing in it is Markdown or HTML.
pub fn markdown_code(s: &str) -> String {
    let text = s.replace(['\r', '\n'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `{{ x | code }}`: the value as an inline code span (for Markdown templates).
struct CodeFilter;

impl tera::Filter for CodeFilter {
    fn filter(
        &self,
        value: &tera::Value,
        _: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let text = match value {
            tera::Value::String(s) => s.clone(),
            tera::Value::Null => String::new(),
            other => other.to_string(),
        };
        Ok(tera::Value::String(markdown_code(&text)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(markdown_code("uses: a/b@<v>"), "`uses: a/b@<v>`");
        assert_eq!(markdown_code("a `b` c"), "``a `b` c``");
        assert_eq!(markdown_code("`x`\ny"), "`` `x` y ``");
    }

    #[test]
    fn markdown_escape_neutralises_html_and_tables() {
        assert_eq!(
            escape_markdown("<script>a|b</script>\n*x*"),
            "&lt;script&gt;a\\|b&lt;/script&gt; \\*x\\*"
        );
    }

    #[test]
    fn markdown_templates_escape_every_value_once_and_html_templates_stay_html() {
        let templates = vec![
            (
                "t.md".to_string(),
                "{{ x }}/{{ x | md }}/{{ x | safe }}".to_string(),
            ),
            ("t.html".to_string(), "{{ x }}".to_string()),
        ];
        let files = BTreeMap::new();
        let md = engine(&files, None, templates.clone(), Some(escape_markdown)).unwrap();
        let html = engine(&files, None, templates, None).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("x", "<b>|*");
        assert_eq!(
            md.render("t.md", &ctx).unwrap(),
            "&lt;b&gt;\\|\\*/&lt;b&gt;\\|\\*/<b>|*"
        );
        assert_eq!(html.render("t.html", &ctx).unwrap(), "&lt;b&gt;|*");
    }

    #[test]
    fn embedded_labels_are_bilingual() {
        let t = Templates::load(None).unwrap();
        assert!(t.labels().contains_key("title"));
        for (key, text) in t.labels() {
            assert!(text.missing().is_empty(), "{key}");
        }
    }

    #[test]
    fn a_firm_folder_overrides_labels_and_templates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(LABELS_FILE),
            "\"title\" = { fr = \"Diagnostic\", en = \"Diagnostic\" }\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("report.md.tera"),
            "{{ labels[\"title\"] }} {{ labels[\"client\"] }}",
        )
        .unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(t.labels()["title"].fr, "Diagnostic");
        assert!(t.labels().contains_key("client"));
        assert!(t.has("report.md") && t.has("report.html"));
    }

    #[test]
    fn a_label_missing_a_language_is_rejected_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(LABELS_FILE),
            "\"title\" = { fr = \"Diagnostic\", en = \"\" }\n",
        )
        .unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("[title] label has no `en` text"), "{err}");
    }
}
