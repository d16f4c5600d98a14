//! The XLSX form: the CSV form's columns as a spreadsheet, with a drop-down list (data
//! validation) on the answer cell of every question that has a closed set of answers, and a
//! number check (a warning, so "?" and "-" can still be typed) on number questions. The lists
//! live on a hidden second sheet: Excel caps a literal list at 255 characters.

use super::csv_form::header;
use super::legend::{legend, options};
use super::Labels;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::questionnaire::{Catalog, Kind, Questionnaire};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, Formula, Workbook, XlsxError,
};

/// Column of the answer (0-based): id, section, question, allowed, **answer**, note.
pub const ANSWER_COL: u16 = 4;

fn fail(e: XlsxError) -> Error {
    Error::Usage(format!("writing the XLSX form: {e}"))
}

/// A sheet name as a formula reference: quoted, with inner quotes doubled.
fn sheet_ref(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// `A`, `B`, … `Z`, `AA`… for a 0-based column.
pub(super) fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

pub fn render(
    catalog: &Catalog,
    questionnaire: &Questionnaire,
    labels: &Labels,
    lang: Lang,
) -> Result<Vec<u8>> {
    let fw = &catalog.framework;
    let mut book = Workbook::new();
    // A fixed creation date keeps the file byte-identical from one export to the next.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(fail)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(questionnaire.title.get(lang))
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap();
    let answer = Format::new()
        .set_text_wrap()
        .set_background_color("#FFF8DC")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let lists_name = labels.xlsx_lists.get(lang).to_string();

    let sheet = book.add_worksheet();
    sheet.set_name(labels.xlsx_sheet.get(lang)).map_err(fail)?;
    for (col, title) in header(labels, lang).iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, title, &bold)
            .map_err(fail)?;
    }
    for (col, width) in [16.0, 18.0, 60.0, 60.0, 24.0, 40.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width).map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    // The id column is the import's key, not something a respondent reads.
    sheet.set_column_hidden(0).map_err(fail)?;

    let mut lists: Vec<Vec<String>> = Vec::new();
    let mut row: u32 = 1;
    for section in &questionnaire.sections {
        for q in &section.questions {
            let cells = [
                q.id.as_str(),
                section.title.get(lang),
                q.text.get(lang),
                &legend(q, fw, labels, lang),
            ];
            for (col, text) in cells.iter().enumerate() {
                sheet
                    .write_string_with_format(row, col as u16, *text, &wrap)
                    .map_err(fail)?;
            }
            sheet.write_blank(row, ANSWER_COL, &answer).map_err(fail)?;
            sheet
                .write_blank(row, ANSWER_COL + 1, &wrap)
                .map_err(fail)?;
            let validation = match (options(q, fw, labels, lang), &q.kind) {
                (Some(items), _) => {
                    let col = column_letters(lists.len() as u32);
                    let formula = format!(
                        "={}!${col}$1:${col}${}",
                        sheet_ref(&lists_name),
                        items.len()
                    );
                    lists.push(items);
                    Some(
                        DataValidation::new()
                            .allow_list_formula(Formula::new(formula))
                            .set_input_title(labels.xlsx_pick_title.get(lang))
                            .and_then(|v| v.set_input_message(labels.xlsx_pick.get(lang)))
                            .and_then(|v| v.set_error_message(labels.xlsx_wrong.get(lang)))
                            .map_err(fail)?,
                    )
                }
                (None, Kind::Number { min, max, .. }) => {
                    let rule = match (min, max) {
                        (Some(lo), Some(hi)) => DataValidationRule::Between(*lo, *hi),
                        (Some(lo), None) => DataValidationRule::GreaterThanOrEqualTo(*lo),
                        (None, Some(hi)) => DataValidationRule::LessThanOrEqualTo(*hi),
                        (None, None) => DataValidationRule::Between(f64::MIN, f64::MAX),
                    };
                    Some(
                        DataValidation::new()
                            .allow_decimal_number(rule)
                            .set_error_style(DataValidationErrorStyle::Warning)
                            .set_input_title(labels.xlsx_pick_title.get(lang))
                            .and_then(|v| v.set_input_message(labels.xlsx_number.get(lang)))
                            .map_err(fail)?,
                    )
                }
                (None, _) => None,
            };
            if let Some(v) = validation {
                sheet
                    .add_data_validation(row, ANSWER_COL, row, ANSWER_COL, &v)
                    .map_err(fail)?;
            }
            row += 1;
        }
    }

    let list_sheet = book.add_worksheet();
    list_sheet.set_name(&lists_name).map_err(fail)?;
    for (col, items) in lists.iter().enumerate() {
        for (r, item) in items.iter().enumerate() {
            list_sheet
                .write_string(r as u32, col as u16, item)
                .map_err(fail)?;
        }
    }
    list_sheet.set_hidden(true);
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_naming() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn sheet_names_are_quoted_for_formulas() {
        assert_eq!(sheet_ref("Listes"), "'Listes'");
        assert_eq!(sheet_ref("l'x"), "'l''x'");
    }
}
