//! A filled form or a survey export read as a table of text cells, whatever it came as (CSV with
//! `,` or `;`, with or without BOM, CRLF or LF; or the first sheet of an XLSX workbook). Rows keep
//! the number a spreadsheet shows (the header is row 1), so every diagnostic points at a cell.

use super::workbook::MAX_TABLE_CELLS;
use crate::error::Diagnostic;
use crate::questionnaire::format_number;
use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx};
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
    // UTF-8 with or without a byte-order mark; UTF-16 is named, an invalid byte placed.
    let text = match crate::source::decode_text(file, bytes.to_vec()) {
        Ok(text) => text,
        Err(crate::error::Error::Input(d)) => return Err(d),
        Err(e) => return Err(vec![Diagnostic::new(file, e.to_string())]),
    };
    let text = text.as_str();
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
fn cell_text(cell: DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s,
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format_number(f),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s,
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// A cell's spreadsheet name (`B7`) from 0-based row and column.
fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", super::xlsx::column_letters(col), u64::from(row) + 1)
}

/// Reads the first visible sheet of a workbook as a table. The cells are read one by one (never
/// as the dense grid the sheet's extent would need), every part's inflated size is bounded, and a
/// cell right of the header's last column or a table past [`MAX_TABLE_CELLS`] is refused, so a
/// small hostile file cannot make the import allocate gigabytes.
pub fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Table, Vec<Diagnostic>> {
    let unreadable = |e: String| {
        vec![Diagnostic::new(
            file,
            format!("unreadable XLSX workbook ({e}): expected an .xlsx file saved by a spreadsheet program, complete (not truncated)"),
        )]
    };
    let at = |row: u32, col: u32, message: String| {
        let mut d = Diagnostic::new(file, message);
        d.position = Some((row as usize + 1, col as usize + 1));
        d
    };
    super::workbook::check(file, bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    // The sheet a person sees when the workbook opens: the first one that is not hidden.
    let Some(sheet) = book
        .sheets_metadata()
        .iter()
        .find(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
    else {
        return Err(unreadable("no visible worksheet".into()));
    };
    let mut reader = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| unreadable(e.to_string()))?;
    // Non-empty cells, sparse, in the order the sheet stores them (row by row).
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let mut diags = Vec::new();
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(unreadable(e.to_string())),
        };
        let (row, col) = cell.get_position();
        let value = cell.get_value().clone();
        if let DataRef::Error(e) = value {
            diags.push(at(
                row,
                col,
                format!("the cell holds a spreadsheet error ({e:?}): expected a value"),
            ));
            continue;
        }
        let text = cell_text(value);
        if text.is_empty() {
            continue;
        }
        if cells.len() >= MAX_TABLE_CELLS {
            return Err(vec![Diagnostic::new(
                file,
                format!("the sheet holds more than {MAX_TABLE_CELLS} filled cells: expected at most that many"),
            )]);
        }
        cells.push((row, col, text));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    let Some(&(header_row, _, _)) = cells.first() else {
        return Err(vec![Diagnostic::new(
            file,
            "the sheet is empty: expected a header row",
        )]);
    };
    // The header's extent fixes the table's width; a filled cell beyond it is out of the table.
    let width = cells
        .iter()
        .take_while(|(r, _, _)| *r == header_row)
        .map(|(_, c, _)| c + 1)
        .max()
        .unwrap_or(0);
    let outside: Vec<Diagnostic> = cells
        .iter()
        .filter(|(_, c, _)| *c >= width)
        .take(20)
        .map(|(r, c, _)| {
            at(
                *r,
                *c,
                format!(
                    "cell {} lies right of the header's last column ({}): expected every answer under a header",
                    cell_name(*r, *c),
                    super::xlsx::column_letters(width - 1)
                ),
            )
        })
        .collect();
    if !outside.is_empty() {
        return Err(outside);
    }
    let distinct_rows = 1 + cells.windows(2).filter(|w| w[0].0 != w[1].0).count();
    if distinct_rows.saturating_mul(width as usize) > MAX_TABLE_CELLS {
        return Err(vec![Diagnostic::new(
            file,
            format!(
                "the sheet spans {distinct_rows} rows of {width} columns: expected at most {MAX_TABLE_CELLS} cells"
            ),
        )]);
    }
    let mut rows: Vec<Row> = Vec::with_capacity(distinct_rows);
    for (row, col, text) in cells {
        if rows.last().map(|r| r.number) != Some(row as usize + 1) {
            rows.push(Row {
                number: row as usize + 1,
                cells: vec![String::new(); width as usize],
            });
        }
        if let Some(slot) = rows.last_mut().and_then(|r| r.cells.get_mut(col as usize)) {
            *slot = text;
        }
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
