//! The HTML form: one standalone page (inline CSS and JS, no network) rendered from
//! `form-templates/form.html.tera`. Tera escapes every text (the template name ends in `.html`);
//! the data the script needs travels as JSON in a `<script type="application/json">` block with
//! `<` escaped, so no text can close it.

use super::Labels;
use crate::embed;
use crate::error::{Error, Result};
use crate::framework::Framework;
use crate::i18n::Lang;
use crate::questionnaire::{format_number, Catalog, Kind, Question, Questionnaire};
use serde::Serialize;

pub const TEMPLATE_PATH: &str = "form-templates/form.html.tera";

#[derive(Serialize)]
struct View {
    lang: &'static str,
    labels: std::collections::BTreeMap<String, String>,
    title: String,
    description: String,
    questionnaire: String,
    version: String,
    roles: Vec<Opt>,
    sections: Vec<SectionView>,
    total: usize,
    /// Everything the script needs, as JSON safe to inline in a script block.
    data_json: String,
}

#[derive(Serialize)]
struct SectionView {
    id: String,
    title: String,
    description: Option<String>,
    count: usize,
    questions: Vec<QuestionView>,
}

#[derive(Serialize)]
struct QuestionView {
    id: String,
    /// A DOM-safe id (`q-` and the question id with `.` replaced).
    dom: String,
    number: usize,
    text: String,
    help: Option<String>,
    optional: bool,
    kind: &'static str,
    /// Radio options (level, likert, yes/no, choice).
    options: Vec<Opt>,
    min: Option<String>,
    max: Option<String>,
    unit: Option<String>,
    /// Number bands, as read by a respondent.
    bands: Vec<String>,
}

#[derive(Serialize)]
struct Opt {
    value: String,
    label: String,
    detail: Option<String>,
}

#[derive(Serialize)]
struct ScriptData<'a> {
    questionnaire: &'a str,
    /// The questionnaire's expected duration, for the time left shown as questions are answered.
    minutes: u32,
    version: &'a str,
    storage_key: String,
    labels: &'a std::collections::BTreeMap<String, String>,
}

fn kind_code(q: &Question) -> &'static str {
    match q.kind {
        Kind::Level { .. } => "level",
        Kind::Likert { .. } => "likert",
        Kind::YesNo { .. } => "yes_no",
        Kind::Choice { .. } => "choice",
        Kind::Multi { .. } => "multi",
        Kind::Number { .. } => "number",
        Kind::Text => "text",
    }
}

fn radio_options(q: &Question, fw: &Framework, labels: &Labels, lang: Lang) -> Vec<Opt> {
    match &q.kind {
        Kind::Level { descriptors } => descriptors
            .iter()
            .enumerate()
            .map(|(i, d)| Opt {
                value: (i + 1).to_string(),
                label: format!("{} — {}", i + 1, fw.level_name(i as u8 + 1, lang)),
                detail: Some(d.get(lang).to_string()),
            })
            .collect(),
        Kind::Likert { .. } => fw
            .likert_labels
            .iter()
            .enumerate()
            .map(|(i, l)| Opt {
                value: (i + 1).to_string(),
                label: format!("{} — {}", i + 1, l.get(lang)),
                detail: None,
            })
            .collect(),
        Kind::YesNo { .. } => vec![
            Opt {
                value: "true".into(),
                label: labels.yes.get(lang).to_string(),
                detail: None,
            },
            Opt {
                value: "false".into(),
                label: labels.no.get(lang).to_string(),
                detail: None,
            },
        ],
        Kind::Choice { choices } | Kind::Multi { choices } => choices
            .iter()
            .map(|c| Opt {
                value: c.id.clone(),
                label: c.label.get(lang).to_string(),
                detail: None,
            })
            .collect(),
        Kind::Number { .. } | Kind::Text => Vec::new(),
    }
}

/// JSON that can sit inside `<script>`: `<` is escaped so no `</script>` can appear.
fn inline_json<T: Serialize>(value: &T) -> Result<String> {
    let json = serde_json::to_string(value).map_err(|e| Error::Usage(e.to_string()))?;
    Ok(json
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029"))
}

pub fn render(
    catalog: &Catalog,
    questionnaire: &Questionnaire,
    labels: &Labels,
    lang: Lang,
) -> Result<String> {
    let fw = &catalog.framework;
    let texts = labels.in_lang(lang);
    let mut number = 0;
    let sections: Vec<SectionView> = questionnaire
        .sections
        .iter()
        .map(|s| SectionView {
            id: s.id.clone(),
            title: s.title.get(lang).to_string(),
            description: s.description.as_ref().map(|d| d.get(lang).to_string()),
            count: s.questions.len(),
            questions: s
                .questions
                .iter()
                .map(|q| {
                    number += 1;
                    let (min, max, unit) = match &q.kind {
                        Kind::Number { min, max, unit, .. } => (
                            min.map(format_number),
                            max.map(format_number),
                            unit.as_ref().map(|u| u.get(lang).to_string()),
                        ),
                        _ => (None, None, None),
                    };
                    QuestionView {
                        id: q.id.clone(),
                        dom: format!("q-{}", q.id.replace('.', "_")),
                        number,
                        text: q.text.get(lang).to_string(),
                        // A respondent reads their own help, never the interviewer's.
                        help: q.respondent_help.as_ref().map(|h| h.get(lang).to_string()),
                        optional: q.optional,
                        kind: kind_code(q),
                        options: radio_options(q, fw, labels, lang),
                        min,
                        max,
                        unit,
                        bands: super::legend::bands(q, lang),
                    }
                })
                .collect(),
        })
        .collect();
    let data = ScriptData {
        questionnaire: &questionnaire.id,
        minutes: questionnaire.duration_minutes,
        version: &questionnaire.version,
        storage_key: format!(
            "platform-audit:{}:{}:{}",
            questionnaire.id,
            questionnaire.version,
            lang.code()
        ),
        labels: &texts,
    };
    let view = View {
        lang: lang.code(),
        title: questionnaire.title.get(lang).to_string(),
        description: questionnaire.description.get(lang).to_string(),
        questionnaire: questionnaire.id.clone(),
        version: questionnaire.version.clone(),
        roles: fw
            .roles
            .iter()
            .map(|r| Opt {
                value: r.id.clone(),
                label: r.name.get(lang).to_string(),
                detail: None,
            })
            .collect(),
        total: questionnaire.question_count(),
        sections,
        data_json: inline_json(&data)?,
        labels: texts.clone(),
    };
    let template = embed::file(TEMPLATE_PATH).unwrap_or_default();
    let mut tera = tera::Tera::default();
    tera.add_raw_template("form.html", template)
        .map_err(|e| Error::Template {
            name: TEMPLATE_PATH.into(),
            message: e.to_string(),
        })?;
    let ctx = tera::Context::from_serialize(&view).map_err(|e| Error::Template {
        name: TEMPLATE_PATH.into(),
        message: e.to_string(),
    })?;
    tera.render("form.html", &ctx).map_err(|e| {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        Error::Template {
            name: TEMPLATE_PATH.into(),
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_json_cannot_close_the_script_block() {
        let s = inline_json(&"</script><script>alert(1)</script>").unwrap();
        assert!(!s.contains("</"), "{s}");
    }

    #[test]
    fn the_form_escapes_questionnaire_text_and_needs_no_network() {
        let mut catalog = Catalog::load(&[]).unwrap();
        let q = &mut catalog.questionnaires[0];
        q.sections[0].questions[0].text.en = "<img src=x onerror=alert(1)> & co".into();
        let q = catalog.questionnaires[0].clone();
        let labels = Labels::load().unwrap();
        let html = render(&catalog, &q, &labels, Lang::En).unwrap();
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; co"));
        assert!(!html.contains("<img"));
        for needle in ["http://", "https://", "src=\"", "<link"] {
            assert!(!html.contains(needle), "{needle}");
        }
        assert_eq!(html, render(&catalog, &q, &labels, Lang::En).unwrap());
    }
}
