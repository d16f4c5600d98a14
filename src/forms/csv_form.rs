//! The CSV form: one row per question (id, section, question, allowed answers, answer, note) in
//! the chosen language. UTF-8 with a byte-order mark and CRLF line ends so spreadsheet programs
//! open accents correctly; `;` as delimiter in French (what French-locale spreadsheets expect),
//! `,` in English. Import accepts either.

use super::legend::legend;
use super::Labels;
use crate::engagement::survey::inert;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::questionnaire::{Catalog, Questionnaire};

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn delimiter(lang: Lang) -> u8 {
    match lang {
        Lang::Fr => b';',
        Lang::En => b',',
    }
}

/// The header of a filled form, in a language.
pub fn header(labels: &Labels, lang: Lang) -> [String; 6] {
    [
        &labels.col_id,
        &labels.col_section,
        &labels.col_question,
        &labels.col_allowed,
        &labels.col_answer,
        &labels.col_note,
    ]
    .map(|t| t.get(lang).to_string())
}

pub fn render(
    catalog: &Catalog,
    questionnaire: &Questionnaire,
    labels: &Labels,
    lang: Lang,
) -> Result<Vec<u8>> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter(lang))
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let fail = |e: csv::Error| Error::Usage(format!("writing the CSV form: {e}"));
        w.write_record(header(labels, lang)).map_err(fail)?;
        for section in &questionnaire.sections {
            for q in &section.questions {
                w.write_record([
                    q.id.as_str(),
                    &inert(section.title.get(lang)),
                    &inert(q.text.get(lang)),
                    &inert(&legend(q, &catalog.framework, labels, lang)),
                    "",
                    "",
                ])
                .map_err(fail)?;
            }
        }
        w.flush()
            .map_err(|e| Error::Usage(format!("writing the CSV form: {e}")))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d2_formula_leading_cells_are_written_as_text() {
        for cell in [
            "=HYPERLINK(\"http://e\",\"x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(inert(cell), format!("'{cell}"));
        }
        assert_eq!(inert("Plateforme = produit"), "Plateforme = produit");
    }
}
