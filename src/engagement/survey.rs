//! Survey files: the rows of one survey, all imports of it together, in one CSV file of the
//! responses folder (`responses/survey-1a2b3c4d.csv`), rather than one response file per row.
//!
//! A person reads it as a table: one row per respondent, a `respondent` column with the row's
//! stable id (which lets a later download of the survey add only its new rows), `role`, `name`
//! when names were kept, then one column per question id, in the questionnaires' order. A cell
//! holds the answer as the importer reads it back: a level or agreement as its number, a choice
//! as its id, `yes` or `no`, a number, a text; `?` for "don't know", `-` for "not applicable",
//! nothing for no answer. A text that a spreadsheet could take for a formula (or that starts
//! with `'`) is written with a leading `'`, removed on reading.

use super::response::{Answer, AnswerState, Channel, Respondent, Response};
use crate::error::{Diagnostic, Error, Result};
use crate::questionnaire::{valid_id, Catalog, Kind, Question, TextAnswer, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The first columns of a survey file; question ids follow.
const ID: &str = "respondent";
const ROLE: &str = "role";
const NAME: &str = "name";

/// Whether a file of the responses folder is a survey file (`survey-1a2b3c4d.csv`).
pub fn is_survey_file(name: &str) -> bool {
    name.strip_prefix("survey-")
        .and_then(|rest| rest.strip_suffix(".csv"))
        .is_some_and(|hex| hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The file name of the survey whose row ids start with `prefix` (`survey-1a2b3c4d-`).
pub fn file_name(prefix: &str) -> String {
    format!("{}.csv", prefix.trim_end_matches('-'))
}

/// A text cell that a spreadsheet will not take for a formula: one that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's advice against CSV
/// injection), which spreadsheets show as text and do not print.
pub fn inert(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A client's text as stored: [`inert`], and a text that starts with `'` gets one more, so that
/// reading removes exactly one.
fn stored_text(text: &str) -> Cow<'_, str> {
    if text.starts_with('\'') {
        Cow::Owned(format!("'{text}"))
    } else {
        inert(text)
    }
}

fn read_text(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// One answer as a cell.
fn cell(state: &AnswerState) -> Cow<'_, str> {
    match state {
        AnswerState::DontKnow => Cow::Borrowed("?"),
        AnswerState::NotApplicable => Cow::Borrowed("-"),
        AnswerState::Value(Value::Bool(b)) => Cow::Borrowed(if *b { "yes" } else { "no" }),
        AnswerState::Value(Value::Int(n)) => match usize::try_from(*n) {
            // Levels and agreements: no allocation for the cells of most columns.
            Ok(small @ 0..=9) => Cow::Borrowed(&"0123456789"[small..=small]),
            _ => Cow::Owned(n.to_string()),
        },
        AnswerState::Value(Value::Number(n)) => Cow::Owned(n.to_string()),
        AnswerState::Value(Value::Text(t)) => stored_text(t),
        // Choice ids hold no `,`: the importer splits the cell back.
        AnswerState::Value(Value::List(ids)) => Cow::Owned(ids.join(", ")),
    }
}

/// The text of a survey file holding `rows` (in their order). Columns are the questions some row
/// answered, in the order of the catalogue's questionnaires and their questions.
pub fn to_csv(rows: &[Response], catalog: &Catalog) -> Result<Vec<u8>> {
    // Hashed, not sorted: a large survey has hundreds of thousands of answers.
    let answered: HashSet<&str> = rows
        .iter()
        .flat_map(|r| r.answers.keys().map(String::as_str))
        .collect();
    let questions: Vec<&str> = catalog
        .questions()
        .map(|q| q.id.as_str())
        .filter(|id| answered.contains(id))
        .collect();
    let names = rows.iter().any(|r| r.respondent.name.is_some());
    let mut out = Vec::with_capacity(rows.len() * (questions.len() * 2 + 48));
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut out);
        let fail = |e: csv::Error| Error::Usage(format!("writing a survey file: {e}"));
        let mut header = vec![ID, ROLE];
        if names {
            header.push(NAME);
        }
        header.extend(&questions);
        w.write_record(&header).map_err(fail)?;
        // The questions in id order with their column, walked beside each row's answers (in
        // id order too): no lookup per cell.
        let first = header.len() - questions.len();
        let mut by_id: Vec<(&str, usize)> = questions
            .iter()
            .enumerate()
            .map(|(i, q)| (*q, first + i))
            .collect();
        by_id.sort_unstable();
        let mut record: Vec<Cow<str>> = vec![Cow::Borrowed(""); header.len()];
        for r in rows {
            record.fill(Cow::Borrowed(""));
            record[0] = Cow::Borrowed(&r.respondent.id);
            record[1] = Cow::Borrowed(&r.respondent.role);
            if names {
                record[2] = r
                    .respondent
                    .name
                    .as_deref()
                    .map_or(Cow::Borrowed(""), stored_text);
            }
            let mut columns = by_id.iter().peekable();
            for (id, answer) in &r.answers {
                while columns.next_if(|(q, _)| *q < id.as_str()).is_some() {}
                if let Some((_, col)) = columns.next_if(|(q, _)| *q == id.as_str()) {
                    record[*col] = cell(&answer.state);
                }
            }
            w.write_record(record.iter().map(|c| c.as_bytes()))
                .map_err(fail)?;
        }
        w.flush()
            .map_err(|e| Error::Usage(format!("writing a survey file: {e}")))?;
    }
    Ok(out)
}

/// What a column of a survey file holds.
enum Column<'c> {
    Id,
    Role,
    Name,
    Question(&'c Question),
}

/// Reads a survey file (`file` is its path, named in errors): every row checked, errors at their
/// line and column.
pub fn load(file: &str, bytes: &[u8], catalog: &Catalog) -> Result<Vec<Response>> {
    let diag = |line: usize, col: usize, message: String| {
        let mut d = Diagnostic::new(file, message);
        d.position = Some((line, col));
        d
    };
    let prefix = std::path::Path::new(file)
        .file_stem()
        .map(|s| format!("{}-", s.to_string_lossy()))
        .unwrap_or_default();
    // A spreadsheet that saved the file again may have added a byte-order mark, and in a French
    // locale separated the cells with `;`.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if !first_line.contains(&b',') && first_line.contains(&b';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(Error::one(diag(1, 1, format!("not a CSV file: {e}")))),
        None => {
            return Err(Error::one(diag(
                1,
                1,
                format!(
                    "empty survey file: expected a header `{ID},{ROLE},…` and a row per respondent"
                ),
            )))
        }
    };
    let mut diags = Vec::new();
    let mut columns = Vec::with_capacity(header.len());
    let mut seen = BTreeSet::new();
    for (i, raw) in header.iter().enumerate() {
        let name = String::from_utf8_lossy(raw);
        let column = match (i, name.as_ref()) {
            (0, ID) => Column::Id,
            (1, ROLE) => Column::Role,
            (2, NAME) => Column::Name,
            (0, _) | (1, _) => {
                diags.push(diag(
                    1,
                    i + 1,
                    format!("column \"{name}\": expected `{ID}` then `{ROLE}` as the first two columns of a survey file"),
                ));
                continue;
            }
            (_, id) => match catalog.question(id) {
                Some(q) => Column::Question(q),
                None => {
                    diags.push(
                        diag(
                            1,
                            i + 1,
                            "unknown question id: expected a question of the questionnaires in use"
                                .into(),
                        )
                        .with_id(id),
                    );
                    continue;
                }
            },
        };
        if !seen.insert(name.to_string()) {
            diags.push(diag(
                1,
                i + 1,
                format!("column \"{name}\" appears twice: expected each column once"),
            ));
            continue;
        }
        columns.push((i, column));
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    // Questions in id order, after the respondent's columns: each row's answers come in the
    // order of its map, which is then built in one pass.
    columns.sort_by(|(a, x), (b, y)| match (x, y) {
        (Column::Question(p), Column::Question(q)) => p.id.cmp(&q.id),
        (Column::Question(_), _) => std::cmp::Ordering::Greater,
        (_, Column::Question(_)) => std::cmp::Ordering::Less,
        _ => a.cmp(b),
    });
    // A column holds a handful of distinct cells: each is read once.
    let mut read: Vec<HashMap<Vec<u8>, Read>> = columns.iter().map(|_| HashMap::new()).collect();
    let mut rows = Vec::new();
    let mut ids = BTreeMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                diags.push(diag(line, 1, format!("not a CSV row: {e}")));
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.len() != header.len() {
            diags.push(diag(
                line,
                1,
                format!(
                    "{} cells: expected {}, one per column of the header",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let mut respondent = Respondent {
            id: String::new(),
            name: None,
            role: String::new(),
            channel: Channel::Survey,
            date: None,
            consultant: None,
        };
        let mut answers = Vec::with_capacity(columns.len());
        for (c, (i, column)) in columns.iter().enumerate() {
            let raw = &record[*i];
            let text = || String::from_utf8_lossy(raw).into_owned();
            match column {
                Column::Id => respondent.id = text(),
                Column::Role => respondent.role = text(),
                Column::Name => {
                    respondent.name = Some(read_text(&text()).to_string()).filter(|n| !n.is_empty())
                }
                Column::Question(q) => {
                    let state = match read[c].get(raw) {
                        Some(state) => state.clone(),
                        None => {
                            let state = answer(q, &text(), catalog);
                            read[c].insert(raw.to_vec(), state.clone());
                            state
                        }
                    };
                    match state {
                        Ok(Some(state)) => {
                            answers.push((q.id.clone(), Answer { state, note: None }))
                        }
                        Ok(None) => {}
                        Err(msg) => diags.push(diag(line, i + 1, msg).with_id(&q.id)),
                    }
                }
            }
        }
        let id = &respondent.id;
        if !valid_id(id) || !id.starts_with(&prefix) || id.len() > super::MAX_ID_LEN {
            diags.push(diag(
                line,
                1,
                format!("respondent id `{id}`: expected an id starting with `{prefix}` (the file's name), of lowercase letters, digits and `-`"),
            ));
        } else if let Some(first) = ids.insert(id.clone(), line) {
            diags.push(diag(
                line,
                1,
                format!("respondent id `{id}` already on line {first}: expected each row once"),
            ));
        }
        if let Err(msg) = catalog.framework.check_role(&respondent.role) {
            diags.push(diag(line, 2, msg).with_id(id));
        }
        rows.push(Response {
            file: file.to_string(),
            respondent,
            answers: answers.into_iter().collect(),
            notes: BTreeMap::new(),
        });
    }
    if diags.is_empty() {
        Ok(rows)
    } else {
        Err(Error::Input(diags))
    }
}

/// One cell read back: `None` for an empty cell, or what was expected.
type Read = std::result::Result<Option<AnswerState>, String>;

fn answer(q: &Question, cell: &str, catalog: &Catalog) -> Read {
    if let (Kind::Text, Some(rest)) = (&q.kind, cell.strip_prefix('\'')) {
        return Ok(Some(AnswerState::Value(Value::Text(rest.to_string()))));
    }
    Ok(match q.parse_text(cell, &catalog.framework)? {
        TextAnswer::Blank => None,
        TextAnswer::DontKnow => Some(AnswerState::DontKnow),
        TextAnswer::NotApplicable => Some(AnswerState::NotApplicable),
        TextAnswer::Value(v) => Some(AnswerState::Value(v)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load(&[]).unwrap()
    }

    fn row(id: &str, name: Option<&str>, answers: &[(&str, AnswerState)]) -> Response {
        Response {
            file: String::new(),
            respondent: Respondent {
                id: id.into(),
                name: name.map(str::to_string),
                role: "developer".into(),
                channel: Channel::Survey,
                date: None,
                consultant: None,
            },
            answers: answers
                .iter()
                .map(|(q, state)| {
                    (
                        q.to_string(),
                        Answer {
                            state: state.clone(),
                            note: None,
                        },
                    )
                })
                .collect(),
            notes: BTreeMap::new(),
        }
    }

    #[test]
    fn survey_files_are_named_after_their_prefix() {
        assert_eq!(file_name("survey-1a2b3c4d-"), "survey-1a2b3c4d.csv");
        assert!(is_survey_file("survey-1a2b3c4d.csv"));
        assert!(!is_survey_file("survey-1a2b3c4d-0011.csv"));
        assert!(!is_survey_file("survey-export.csv"));
        assert!(!is_survey_file("survey-1a2b3c4d.toml"));
    }

    #[test]
    fn rows_come_back_as_they_were_written() {
        let catalog = catalog();
        let v = |v: Value| AnswerState::Value(v);
        let rows = vec![
            row(
                "survey-0000abcd-0000000000000001",
                Some("=Zoé"),
                &[
                    ("dx.sat_work", v(Value::Int(4))),
                    ("dx.num_wait_hours", v(Value::Number(2.5))),
                    ("sk.self.access_wait", AnswerState::DontKnow),
                    (
                        "dx.friction_sources",
                        v(Value::List(vec![
                            "environments".into(),
                            "flaky_tests".into(),
                        ])),
                    ),
                ],
            ),
            row(
                "survey-0000abcd-0000000000000002",
                None,
                &[
                    ("dx.sat_work", AnswerState::NotApplicable),
                    ("dx.num_toil_hours", v(Value::Number(0.0))),
                ],
            ),
        ];
        let text = to_csv(&rows, &catalog).unwrap();
        let csv = String::from_utf8(text.clone()).unwrap();
        assert!(
            csv.starts_with("respondent,role,name,"),
            "the header names the columns: {csv}"
        );
        assert!(
            csv.contains("'=Zoé"),
            "a formula-like name is made inert: {csv}"
        );
        let file = "responses/survey-0000abcd.csv";
        let back = load(file, &text, &catalog).unwrap();
        assert_eq!(back.len(), 2);
        for (a, b) in rows.iter().zip(&back) {
            assert_eq!(a.respondent.id, b.respondent.id);
            assert_eq!(a.respondent.name, b.respondent.name);
            assert_eq!(a.answers, b.answers);
            assert_eq!(b.file, file);
            assert_eq!(b.respondent.channel, Channel::Survey);
        }
    }

    #[test]
    fn a_file_saved_again_by_a_spreadsheet_still_loads() {
        let catalog = catalog();
        let text = "\u{feff}respondent;role;dx.sat_work;dx.friction_sources\r\nsurvey-0000abcd-01;developer;4;reviews, flaky_tests\r\n";
        let rows = load("responses/survey-0000abcd.csv", text.as_bytes(), &catalog).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].answers.len(), 2);
    }

    #[test]
    fn texts_that_look_like_formulas_or_quotes_survive() {
        for text in [
            "=1+1",
            "'quoted",
            "''",
            "-",
            "plain",
            "@home",
            "a\nb, \"c\"",
        ] {
            assert_eq!(read_text(&stored_text(text)), text, "{text}");
        }
    }

    #[test]
    fn a_bad_cell_is_named_at_its_line_and_column() {
        let catalog = catalog();
        let text = "respondent,role,dx.sat_work\nsurvey-0000abcd-01,developer,4\nsurvey-0000abcd-02,developer,9\nsurvey-0000abcd-01,tester,3\n";
        let err = load("responses/survey-0000abcd.csv", text.as_bytes(), &catalog)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("responses/survey-0000abcd.csv:3:3: [dx.sat_work] \"9\""),
            "{err}"
        );
        assert!(
            err.contains(":4:1: respondent id `survey-0000abcd-01` already on line 2"),
            "{err}"
        );
        assert!(err.contains(":4:2:"), "{err}");
        let err = load(
            "responses/survey-0000abcd.csv",
            b"respondent,role,dx.nope\n",
            &catalog,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(":1:3: [dx.nope] unknown question id"), "{err}");
        for (text, expected) in [
            ("role,respondent\n", ":1:1: column \"role\": expected `respondent` then `role`"),
            (
                "respondent,role,dx.sat_work,dx.sat_work\n",
                ":1:4: column \"dx.sat_work\" appears twice",
            ),
            (
                "respondent,role,dx.sat_work\nsurvey-0000abcd-01,developer\n",
                ":2:1: 2 cells: expected 3",
            ),
            (
                "respondent,role\nsurvey-99999999-01,developer\n",
                ":2:1: respondent id `survey-99999999-01`: expected an id starting with `survey-0000abcd-`",
            ),
            ("", ":1:1: empty survey file"),
        ] {
            let err = load("responses/survey-0000abcd.csv", text.as_bytes(), &catalog)
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }
}
