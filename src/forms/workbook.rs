//! The safety checks an XLSX workbook passes before the spreadsheet reader opens it: every part
//! inflates to a bounded size (a decompression bomb is refused in milliseconds, whatever sizes
//! the archive declares), and every cell reference of the sheets names a real cell (a reference
//! such as `A99999999999` overflows the reader's arithmetic). The table read from the sheet is
//! bounded too ([`MAX_TABLE_CELLS`]).

use crate::error::Diagnostic;
use std::io::Cursor;

/// The most a single part of an XLSX workbook (a sheet, the shared strings…) may inflate to. A
/// 5,000-respondent survey's sheet is about 10 MiB; a part past this is a decompression bomb.
pub const MAX_XLSX_PART: u64 = 64 << 20;
/// The most all parts of a workbook together may inflate to.
pub const MAX_XLSX_TOTAL: u64 = 256 << 20;
/// The most parts a workbook may hold.
const MAX_XLSX_PARTS: usize = 10_000;
/// The most cells the table read from a sheet may hold (rows × header columns): 4 million is
/// 100,000 respondents × 40 questions.
pub const MAX_TABLE_CELLS: usize = 4_000_000;

/// Inflates every part of the workbook into nothing, counting, so that a part that inflates past
/// [`MAX_XLSX_PART`] (or parts past [`MAX_XLSX_TOTAL`]) is refused before the spreadsheet reader
/// loads anything: the sizes a ZIP declares may lie, the inflated bytes cannot. The cell
/// references of the sheets are checked on the way ([`CellRefs`]).
pub fn check(file: &str, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
    use std::io::Read;
    let fail = |message: String| Err(vec![Diagnostic::new(file, message)]);
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return fail(format!("unreadable XLSX workbook ({e}): expected an .xlsx file saved by a spreadsheet program, complete (not truncated)")),
    };
    if zip.len() > MAX_XLSX_PARTS {
        return fail(format!(
            "the workbook holds {} parts: expected at most {MAX_XLSX_PARTS}",
            zip.len()
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = match zip.by_index(i) {
            Ok(p) => p,
            Err(e) => return fail(format!("unreadable XLSX workbook ({e}): expected an .xlsx file saved by a spreadsheet program")),
        };
        let name = part.name().to_string();
        let sheet = name.to_ascii_lowercase().starts_with("xl/worksheets/");
        let mut limited = part.take(MAX_XLSX_PART + 1);
        let mut refs = CellRefs::default();
        let copied = if sheet {
            std::io::copy(&mut limited, &mut refs)
        } else {
            std::io::copy(&mut limited, &mut std::io::sink())
        };
        if let Some(bad) = refs.bad {
            return fail(format!(
                "part {name} of the workbook has a cell reference `{bad}`: expected a cell from A1 to XFD1048576"
            ));
        }
        let size = match copied {
            Ok(n) => n,
            Err(e) => return fail(format!("unreadable XLSX workbook (part {name}: {e}): expected an .xlsx file saved by a spreadsheet program, complete (not truncated)")),
        };
        if size > MAX_XLSX_PART {
            return fail(format!(
                "part {name} of the workbook inflates to more than {} MiB: refused as a decompression bomb (the limit for one part is {} MiB)",
                MAX_XLSX_PART >> 20,
                MAX_XLSX_PART >> 20
            ));
        }
        total += size;
        if total > MAX_XLSX_TOTAL {
            return fail(format!(
                "the workbook inflates to more than {} MiB: refused as a decompression bomb (the limit is {} MiB)",
                MAX_XLSX_TOTAL >> 20,
                MAX_XLSX_TOTAL >> 20
            ));
        }
    }
    Ok(())
}

/// The largest column (`XFD`) and row of a worksheet.
const MAX_COLUMN: u32 = 16_384;
const MAX_ROW: u32 = 1_048_576;

/// Scans a sheet's XML as it is inflated for its `r="…"` attributes (the reference of a cell
/// `B7`, or of a row `7`) and keeps the first one that names no real cell.
#[derive(Default)]
struct CellRefs {
    state: RefState,
    value: Vec<u8>,
    bad: Option<String>,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum RefState {
    #[default]
    Text,
    /// After a blank: an attribute may start.
    Blank,
    /// After ` r`.
    Name,
    /// After ` r=`.
    Equals,
    /// Inside the quoted value, with its quote.
    Value(u8),
}

/// Whether a reference (letters then digits, or digits alone) names a cell of a worksheet.
fn real_cell(value: &[u8]) -> bool {
    let letters = value.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, row) = value.split_at(letters);
    if letters > 3 || row.is_empty() || row.len() > 7 || !row.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let col = col.iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = row.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    col <= MAX_COLUMN && (1..=MAX_ROW).contains(&row)
}

impl std::io::Write for CellRefs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            self.state = match (self.state, b) {
                (RefState::Value(q), b) if b == q => {
                    if self.bad.is_none() && !real_cell(&self.value) {
                        self.bad = Some(String::from_utf8_lossy(&self.value).into_owned());
                    }
                    self.value.clear();
                    RefState::Text
                }
                (RefState::Value(q), b) => {
                    // A reference longer than any real one is wrong already: keep a prefix.
                    if self.value.len() < 16 {
                        self.value.push(b);
                    }
                    RefState::Value(q)
                }
                (RefState::Blank, b'r') => RefState::Name,
                (RefState::Name | RefState::Equals, b) if b.is_ascii_whitespace() => self.state,
                (RefState::Name, b'=') => RefState::Equals,
                (RefState::Equals, b'"' | b'\'') => RefState::Value(b),
                (_, b) if b.is_ascii_whitespace() => RefState::Blank,
                _ => RefState::Text,
            };
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn first_bad(xml: &str) -> Option<String> {
        let mut refs = CellRefs::default();
        // Byte by byte, as a worst case of how the inflater hands the text over.
        for b in xml.as_bytes() {
            refs.write_all(&[*b]).unwrap();
        }
        refs.bad
    }

    #[test]
    fn cell_references_must_name_real_cells() {
        assert_eq!(
            first_bad(
                r#"<row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r = 'XFD1048576'/></row>"#
            ),
            None
        );
        assert_eq!(
            first_bad(r#"<row r="2"><c r="A99999999999"><v>1</v></c></row>"#).as_deref(),
            Some("A99999999999")
        );
        assert_eq!(first_bad(r#"<c r="XFE1"/>"#).as_deref(), Some("XFE1"));
        assert_eq!(
            first_bad(r#"<row r="1048577">"#).as_deref(),
            Some("1048577")
        );
        assert_eq!(first_bad(r#"<c r="A0"/>"#).as_deref(), Some("A0"));
        // Other attributes ending in r are not references.
        assert_eq!(
            first_bad(r#"<dimension ref="A1:ZZZZ9"/><c attr="x"/>"#),
            None
        );
    }
}
