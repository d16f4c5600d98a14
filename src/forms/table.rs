//! A filled form or a survey export read as a table of text cells, whatever it came as (CSV with
//! `,` or `;`, with or without BOM, CRLF or LF; or the first sheet of an XLSX workbook). Rows keep
//! the number a spreadsheet shows (the header is row 1), so every diagnostic points at a cell.

use crate::error::Diagnostic;
use crate::questionnaire::format_number;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

#[derive(Debug, Clone)]
pub struct Table {
    /// The file's name as shown in messages.
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based, as a spreadsheet numbers it (the header is row 1).
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map(String::as_str).unwrap_or("")
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

impl Table {
    /// A diagnostic at a cell: `file:row:column`.
    pub fn diag(&self, row: usize, col: usize, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::new(&self.file, message);
        d.position = Some((row, col + 1));
        d
    }

    /// The header of a column, for messages.
    pub fn column_name(&self, col: usize) -> &str {
        self.header.get(col).map(String::as_str).unwrap_or("")
    }
}

/// Counts a delimiter candidate in the first record (outside quotes).
fn count_outside_quotes(text: &str, delim: char) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            c if c == delim && !quoted => count += 1,
            _ => {}
        }
    }
    count
}

pub fn read_csv(file: &str, bytes: &[u8]) -> Result<Table, Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let (line, col) = crate::error::line_col(
            std::str::from_utf8(&bytes[..offset]).unwrap_or_default(),
            offset,
        );
        vec![Diagnostic {
            file: file.to_string(),
            position: Some((line, col)),
            id: None,
            message: "not valid UTF-8: expected a CSV saved as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)".into(),
        }]
    })?;
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::new(
            file,
            "empty file: expected a header row, then one row per question or respondent",
        )]);
    }
    let commas = count_outside_quotes(text, ',');
    let semicolons = count_outside_quotes(text, ';');
    let delimiter = match (commas, semicolons) {
        (0, 0) => {
            let found = ['\t', '|']
                .into_iter()
                .find(|d| count_outside_quotes(text, *d) > 0)
                .map(|d| match d {
                    '\t' => " (it looks separated by tabs)".to_string(),
                    d => format!(" (it looks separated by `{d}`)"),
                })
                .unwrap_or_default();
            let mut d = Diagnostic::new(
                file,
                format!("the header row has a single column{found}: expected columns separated by `,` or `;`"),
            );
            d.position = Some((1, 1));
            return Err(vec![d]);
        }
        (c, s) if s > c => b';',
        _ => b',',
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    // A spreadsheet shows a blank line as a row and a cell's line breaks inside one row: the row
    // number is the record's line less the line breaks inside earlier cells.
    let mut breaks_in_cells = 0;
    let (mut counted_to, mut lines_before) = (0, 0);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let mut d = Diagnostic::new(file, format!("unreadable CSV: {e}"));
            d.position = e.position().map(|p| (p.line() as usize, 1));
            vec![d]
        })?;
        // The reader's position may sit before the line ends (and blank lines) it skipped.
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        // Count line ends incrementally: records come in order.
        let start = start.min(text.len()).max(counted_to);
        lines_before += text.as_bytes()[counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted_to = start;
        let line = 1 + lines_before;
        records.push(Row {
            number: line - breaks_in_cells,
            cells: record.iter().map(str::to_string).collect(),
        });
        breaks_in_cells += record
            .iter()
            .map(|c| c.matches('\n').count())
            .sum::<usize>();
    }
    table_from_rows(file, records, delimiter as char)
}

fn table_from_rows(
    file: &str,
    mut rows: Vec<Row>,
    delimiter: char,
) -> Result<Table, Vec<Diagnostic>> {
    if rows.is_empty() {
        return Err(vec![Diagnostic::new(
            file,
            "empty file: expected a header row",
        )]);
    }
    let header_row = rows.remove(0);
    let header: Vec<String> = header_row
        .cells
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    let table = Table {
        file: file.to_string(),
        header,
        rows: Vec::new(),
    };
    let width = table.header.len();
    let mut diags = Vec::new();
    let mut kept = Vec::new();
    for row in rows {
        if row.is_blank() {
            continue;
        }
        if row.cells.len() != width {
            diags.push(table.diag(
                row.number,
                row.cells.len().min(width),
                format!(
                    "{} cells, expected {width} like the header: the file may be truncated, or a cell holds an unquoted `{delimiter}`",
                    row.cells.len()
                ),
            ));
            continue;
        }
        kept.push(row);
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Table {
        rows: kept,
        ..table
    })
}

/// The text of a spreadsheet cell as a person reads it: `3` for the number 3.0.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format_number(*f),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

pub fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Table, Vec<Diagnostic>> {
    let unreadable = |e: String| {
        vec![Diagnostic::new(
            file,
            format!("unreadable XLSX workbook ({e}): expected an .xlsx file saved by a spreadsheet program, complete (not truncated)"),
        )]
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(unreadable(e.to_string())),
        None => return Err(unreadable("no worksheet".into())),
    };
    let Some((row0, col0)) = range.start() else {
        return Err(vec![Diagnostic::new(
            file,
            "the first sheet is empty: expected a header row",
        )]);
    };
    let mut rows = Vec::new();
    let mut diags = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let number = row0 as usize + i + 1;
        let mut texts = Vec::with_capacity(col0 as usize + cells.len());
        // Keep columns where the spreadsheet shows them, even when column A is empty.
        texts.resize(col0 as usize, String::new());
        for (j, cell) in cells.iter().enumerate() {
            if let Data::Error(e) = cell {
                let mut d = Diagnostic::new(
                    file,
                    format!("the cell holds a spreadsheet error ({e:?}): expected a value"),
                );
                d.position = Some((number, col0 as usize + j + 1));
                diags.push(d);
            }
            texts.push(cell_text(cell));
        }
        rows.push(Row {
            number,
            cells: texts,
        });
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    table_from_rows(file, rows, ',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_crlf_and_semicolons() {
        let t = read_csv(
            "f.csv",
            "\u{feff}id;réponse\r\na;\"x;y\"\r\n\r\nb;2\r\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(t.header, ["id", "réponse"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells, ["a", "x;y"]);
        assert_eq!(t.rows[1].number, 4);
        let t = read_csv("f.csv", b"id,answer\n\"a\nb\",1\nc,2\n").unwrap();
        assert_eq!(t.rows[1].number, 3);
    }

    #[test]
    fn a_short_row_is_reported_at_its_row() {
        let err = read_csv("f.csv", b"a,b,c\n1,2,3\n4,5\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].position, Some((3, 3)));
        assert!(err[0].message.contains("2 cells, expected 3"), "{}", err[0]);
    }

    #[test]
    fn a_tab_separated_file_is_named() {
        let err = read_csv("f.csv", b"id\tanswer\nx\t1\n").unwrap_err();
        assert!(err[0].message.contains("separated by tabs"), "{}", err[0]);
    }

    #[test]
    fn a_truncated_workbook_is_refused() {
        let err = read_xlsx("f.xlsx", b"PK\x03\x04garbage").unwrap_err();
        assert!(err[0].message.contains("unreadable XLSX"), "{}", err[0]);
    }
}
