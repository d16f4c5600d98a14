//! Forms: a questionnaire exported for a respondent to fill alone (a standalone HTML page, a CSV
//! or an XLSX spreadsheet), and the import of what comes back — the HTML page's download, the
//! filled CSV or XLSX, and the wide exports of survey tools — into response files.
//!
//! Import is all-or-nothing: every problem of every file is collected, with file, row and column,
//! and nothing is written unless all files are valid.

mod csv_form;
mod html;
pub mod import;
mod kit;
mod labels;
pub mod legend;
pub mod mapping;
mod table;
mod wide;
mod workbook;
mod xlsx;

pub use import::{draft_mapping, import, prepare, ImportOptions, ImportReport, Prepared};
pub use labels::Labels;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::questionnaire::{Catalog, Questionnaire};

/// The formats a questionnaire is exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Csv,
    Xlsx,
    /// What a client needs to build the survey in their own tool (Markdown).
    SurveyKit,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format> {
        match s {
            "html" => Ok(Format::Html),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "survey-kit" => Ok(Format::SurveyKit),
            other => Err(Error::Usage(format!(
                "unknown form format `{other}`: expected html, csv, xlsx or survey-kit"
            ))),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::SurveyKit => "survey-kit.md",
        }
    }
}

/// Renders a questionnaire as a form in a language. The bytes are deterministic: the same
/// questionnaire and language give the same file.
pub fn export(
    catalog: &Catalog,
    questionnaire: &Questionnaire,
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>> {
    let labels = Labels::load()?;
    match format {
        Format::Html => html::render(catalog, questionnaire, &labels, lang).map(String::into_bytes),
        Format::Csv => csv_form::render(catalog, questionnaire, &labels, lang),
        Format::Xlsx => xlsx::render(catalog, questionnaire, &labels, lang),
        Format::SurveyKit => Ok(kit::render(catalog, questionnaire, &labels, lang).into_bytes()),
    }
}

pub use crate::engagement::{fingerprint, slug};

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest run of letters, digits and blanks of a text: found as is in any output,
    /// whatever escaping the output applies around it.
    fn plain_run(text: &str) -> String {
        text.split(|c: char| !(c.is_alphanumeric() || c == ' '))
            .max_by_key(|run| run.chars().count())
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// The text a form shows: the HTML page, the CSV, or the XLSX's shared strings.
    fn shown(bytes: &[u8], format: Format) -> String {
        if format != Format::Xlsx {
            return String::from_utf8_lossy(bytes).into_owned();
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut text)
            .unwrap();
        text
    }

    /// Forms are for respondents (#13): the interviewer's help (what to ask for, how reversed
    /// items score) appears in no form, in no language.
    #[test]
    fn no_form_shows_the_interviewers_help() {
        let catalog = Catalog::load(&[]).unwrap();
        let labels = Labels::load().unwrap();
        for q in &catalog.questionnaires {
            for format in [Format::Html, Format::Csv, Format::Xlsx] {
                for lang in Lang::ALL {
                    let out = shown(&export(&catalog, q, format, lang).unwrap(), format);
                    for question in q.questions() {
                        let Some(help) = &question.help else { continue };
                        let run = plain_run(help.get(lang));
                        // A run the respondent reads anyway (in the question or its answers)
                        // says nothing of the help.
                        let fw = &catalog.framework;
                        let visible = format!(
                            "{} {} {}",
                            question.text.get(lang),
                            legend::legend(question, fw, &labels, lang),
                            legend::options(question, fw, &labels, lang)
                                .unwrap_or_default()
                                .join(" ")
                        );
                        if run.chars().count() < 25 || visible.contains(&run) {
                            continue;
                        }
                        assert!(
                            !out.contains(&run),
                            "{} {format:?} {lang}: interviewer help of {} shown: {run}",
                            q.id,
                            question.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_embedded_questionnaire_exports_in_every_format_and_language() {
        let catalog = Catalog::load(&[]).unwrap();
        for q in &catalog.questionnaires {
            for format in [Format::Html, Format::Csv, Format::Xlsx, Format::SurveyKit] {
                for lang in Lang::ALL {
                    let bytes = export(&catalog, q, format, lang).unwrap();
                    assert!(bytes.len() > 500, "{} {format:?} {lang}", q.id);
                }
            }
        }
    }
}
