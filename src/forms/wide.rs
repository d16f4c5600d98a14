//! Wide survey exports: one row per respondent, one column per question, as Microsoft Forms,
//! Google Forms and LimeSurvey produce them. Each row becomes an anonymous response (channel
//! `survey`) whose id is derived from the survey's identity and the row's own content, so the rows of
//! an export imported before are recognised in a later download of it. Names are kept only when a column is mapped to `@respondent`.

use super::fingerprint;
use super::mapping::{Mapping, Target};
use super::table::Table;
use crate::engagement::{Answer, AnswerState, Channel, Respondent, Response};
use crate::error::Diagnostic;
use crate::questionnaire::{fold, valid_id, Catalog, Question, TextAnswer};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The prefix of every respondent id imported from one survey (`survey-1a2b3c4d-`), from the
/// survey's identity (see [`survey_fingerprint`]).
pub fn id_prefix(survey: u64) -> String {
    format!("survey-{:08x}-", (survey >> 32) as u32)
}

/// The identity of a survey: its header row, what each column was mapped to and the engagement's
/// questionnaires. Two downloads of the same form share it whatever rows they hold, so a later
/// download's rows can be matched with the earlier ones.
fn survey_fingerprint(table: &Table, columns: &[(usize, Target)], scope: &[String]) -> u64 {
    let mut bytes = Vec::new();
    let mut field = |text: &str| {
        bytes.extend_from_slice(&(text.len() as u64).to_le_bytes());
        bytes.extend_from_slice(text.as_bytes());
    };
    for header in &table.header {
        field(header.trim());
    }
    for (col, target) in columns {
        field(&col.to_string());
        match target {
            Target::Question(id) => field(id),
            Target::Role => field("@role"),
            Target::Respondent => field("@respondent"),
            Target::Ignore => field("@ignore"),
        }
    }
    for questionnaire in scope {
        field(questionnaire);
    }
    fingerprint(&bytes)
}

/// A row's own content: every cell, metadata columns included (a response id or a timestamp tells
/// two respondents apart), trimmed, without the trailing empty cells some tools add or drop.
fn row_content(cells: &[String]) -> Vec<u8> {
    let len = cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |last| last + 1);
    let mut bytes = Vec::new();
    for cell in &cells[..len] {
        let cell = cell.trim();
        // Length-prefixed, so that no two different rows give the same bytes.
        bytes.extend_from_slice(&(cell.len() as u64).to_le_bytes());
        bytes.extend_from_slice(cell.as_bytes());
    }
    bytes
}

/// The anonymous id of one row: the survey's prefix and a fingerprint of (survey, the row's content,
/// its occurrence among identical rows of the file). It depends on no other row and not on the
/// row's position, so a later download of the same survey gives the same rows the same ids, and
/// two respondents who typed exactly the same answers still get two ids.
fn row_id(survey: u64, content: &[u8], occurrence: usize) -> String {
    let mut bytes = survey.to_le_bytes().to_vec();
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(&(occurrence as u64).to_le_bytes());
    format!("{}{:016x}", id_prefix(survey), fingerprint(&bytes))
}

/// What was read from an export.
pub struct WideImport {
    pub responses: Vec<Response>,
    /// Rows with no answer at all (not imported), by row number.
    pub empty_rows: Vec<usize>,
    /// Columns whose content was not read.
    pub ignored: Vec<String>,
    pub names_kept: bool,
    /// The id prefix all rows of this survey share.
    pub prefix: String,
}

/// What a column header is: an entry of the mapping file, a question by id or by its exact text
/// (either language, without case or accents), or a metadata column ignored by default.
fn resolve(header: &str, mapping: &Mapping, questions: &[&Question]) -> Option<Target> {
    let folded = fold(header);
    if let Some(t) = mapping.column(header) {
        Some(t.clone())
    } else if let Some(q) = questions.iter().find(|q| q.id == header.trim()) {
        Some(Target::Question(q.id.clone()))
    } else if let Some(q) = questions
        .iter()
        .find(|q| fold(&q.text.fr) == folded || fold(&q.text.en) == folded)
    {
        Some(Target::Question(q.id.clone()))
    } else if mapping.role_by_default(header) {
        Some(Target::Role)
    } else if mapping.ignored_by_default(header) {
        Some(Target::Ignore)
    } else {
        None
    }
}

/// Letters and digits of a folded text, each word once: what is compared when a header is
/// close to a question but not equal.
fn bigrams(text: &str) -> BTreeSet<(char, char)> {
    let words: String = fold(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut out = BTreeSet::new();
    for word in words.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        out.extend(chars.windows(2).map(|w| (w[0], w[1])));
    }
    out
}

/// How alike two texts are, from 0 to 1 (Sørensen–Dice on letter pairs): robust to case,
/// accents, punctuation, a typo or a word more or less.
fn likeness(a: &BTreeSet<(char, char)>, b: &BTreeSet<(char, char)>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// The questions (at most three) closest to a header that matched none, closest first.
fn suggestions<'q>(header: &str, questions: &[&'q Question]) -> Vec<&'q Question> {
    const CLOSE: f64 = 0.6;
    let wanted = bigrams(header);
    let mut scored: Vec<(f64, &Question)> = questions
        .iter()
        .map(|q| {
            let best = [q.id.as_str(), &q.text.fr, &q.text.en]
                .iter()
                .map(|t| likeness(&wanted, &bigrams(t)))
                .fold(0.0, f64::max);
            (best, *q)
        })
        .filter(|(score, _)| *score >= CLOSE)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    scored.into_iter().take(3).map(|(_, q)| q).collect()
}

/// A mapping file drafted from an export's header, to check and pass with `--mapping`: every
/// column with what it resolves to, the closest question for a column that matches none, a
/// role column guessed from its name, and `@ignore` (commented as such) for the rest.
pub fn draft_mapping(
    table: &Table,
    mapping: &Mapping,
    catalog: &Catalog,
    scope: &[String],
) -> String {
    let questions: Vec<&Question> = scope
        .iter()
        .filter_map(|id| catalog.questionnaire(id))
        .flat_map(|q| q.questions())
        .collect();
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "# Mapping drafted by platform-audit from the header of {}.\n# Check every line (above all those marked CHECK), then import with --mapping THIS-FILE.\n# Values: a question id, \"@role\", \"@respondent\" (keeps names: only with consent) or \"@ignore\".\n\n[columns]\n",
        table.file
    );
    for header in &table.header {
        if header.trim().is_empty() {
            continue;
        }
        let (value, comment) = match resolve(header, mapping, &questions) {
            Some(Target::Question(id)) => (id, "matched".to_string()),
            Some(Target::Role) => ("@role".into(), "matched".into()),
            Some(Target::Respondent) => ("@respondent".into(), "matched".into()),
            Some(Target::Ignore) => ("@ignore".into(), "metadata, ignored".into()),
            None => match suggestions(header, &questions).first() {
                Some(q) => (
                    q.id.clone(),
                    format!("CHECK: the closest question, \"{}\"", q.text.en),
                ),
                None if ["role", "fonction", "poste"]
                    .iter()
                    .any(|w| fold(header).contains(w)) =>
                {
                    ("@role".into(), "CHECK: a role column, by its name".into())
                }
                None => (
                    "@ignore".into(),
                    "CHECK: no close question; map it to a question id or keep @ignore".into(),
                ),
            },
        };
        out.push_str(&format!(
            "{} = {}   # {comment}\n",
            quote(header),
            quote(&value)
        ));
    }
    out
}

/// Resolves every column to a target, or says which column matched nothing (or twice).
fn columns(
    table: &Table,
    mapping: &Mapping,
    questions: &[&Question],
    catalog: &Catalog,
    scope: &[String],
) -> Result<Vec<(usize, Target)>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let mut seen: BTreeMap<Target, usize> = BTreeMap::new();
    for (col, header) in table.header.iter().enumerate() {
        let Some(target) = resolve(header, mapping, questions) else {
            let msg = if header.trim().is_empty() {
                "a column without a header: expected a question id or question text, or a mapping file entry".to_string()
            } else if valid_id(header.trim()) && header.contains('.') {
                match catalog.question(header.trim()) {
                    Some(q) => format!(
                        "column \"{header}\" is question `{}` of questionnaire `{}`, which engagement.toml does not list: expected a question of {}",
                        q.id,
                        q.questionnaire,
                        scope.join(", ")
                    ),
                    None => format!(
                        "column \"{header}\": unknown question id: expected a question of {}",
                        scope.join(", ")
                    ),
                }
            } else {
                let close: Vec<String> = suggestions(header, questions)
                    .iter()
                    .map(|q| format!("`{}` (\"{}\")", q.id, q.text.en))
                    .collect();
                let hint = if close.is_empty() {
                    String::new()
                } else {
                    format!("; the closest: {}", close.join(", "))
                };
                format!(
                    "column \"{header}\" matches no question of {}: expected a question id, the exact text of a question (French or English), or an entry in a mapping file (--mapping; --write-mapping drafts one){hint}",
                    scope.join(", ")
                )
            };
            diags.push(table.diag(1, col, msg));
            continue;
        };
        if let Target::Question(id) = &target {
            let outside = catalog
                .question(id)
                .filter(|q| !scope.contains(&q.questionnaire));
            if let Some(q) = outside {
                diags.push(table.diag(
                    1,
                    col,
                    format!(
                        "column \"{header}\" is mapped to question `{id}` of questionnaire `{}`, which engagement.toml does not list: expected a question of {}",
                        q.questionnaire,
                        scope.join(", ")
                    ),
                ).with_id(id));
                continue;
            }
        }
        if target != Target::Ignore {
            if let Some(first) = seen.insert(target.clone(), col) {
                let what = match &target {
                    Target::Question(id) => format!("question `{id}`"),
                    Target::Role => "the role (@role)".into(),
                    Target::Respondent => "the respondent (@respondent)".into(),
                    Target::Ignore => String::new(),
                };
                diags.push(table.diag(
                    1,
                    col,
                    format!(
                        "duplicate column: \"{header}\" gives {what}, as does column {} \"{}\": expected one column each",
                        first + 1,
                        table.column_name(first)
                    ),
                ));
                continue;
            }
        }
        out.push((col, target));
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// Reads a wide export. `scope` is the engagement's questionnaire ids; `role` the role given on
/// the command line, used where no column gives one.
pub fn read(
    table: &Table,
    mapping: &Mapping,
    catalog: &Catalog,
    scope: &[String],
    role: Option<&str>,
) -> Result<WideImport, Vec<Diagnostic>> {
    let questions: Vec<&Question> = scope
        .iter()
        .filter_map(|id| catalog.questionnaire(id))
        .flat_map(|q| q.questions())
        .collect();
    let columns = columns(table, mapping, &questions, catalog, scope)?;
    let has_role_column = columns.iter().any(|(_, t)| *t == Target::Role);
    if !has_role_column && role.is_none() {
        return Err(vec![Diagnostic::new(
            &table.file,
            "no role for the respondents: expected --role ROLE, or a column mapped to \"@role\" in a mapping file",
        )]);
    }
    let role_col = columns
        .iter()
        .find(|(_, t)| *t == Target::Role)
        .map_or(0, |(c, _)| *c);
    let survey = survey_fingerprint(table, &columns, scope);
    let mut occurrences: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    let mut diags = Vec::new();
    let mut responses = Vec::with_capacity(table.rows.len());
    let mut empty_rows = Vec::new();
    // Question columns in id order, each with its question, so that a row's answers come in the
    // order of its map; a survey column holds a handful of distinct cells (the scale's labels, a
    // few numbers, the roles): each is read once per column, not once per row.
    let mut asked: Vec<(usize, &Question)> = columns
        .iter()
        .filter_map(|(col, target)| match target {
            Target::Question(qid) => catalog.question(qid).map(|q| (*col, q)),
            _ => None,
        })
        .collect();
    asked.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let mut read_cells: Vec<HashMap<&str, Result<TextAnswer, String>>> =
        vec![HashMap::new(); asked.len()];
    let mut read_roles: HashMap<&str, Option<String>> = HashMap::new();
    let name_col = columns
        .iter()
        .find(|(_, t)| *t == Target::Respondent)
        .map(|(c, _)| *c);
    for row in &table.rows {
        let content = row_content(&row.cells);
        let occurrence = occurrences.entry(content.clone()).or_default();
        let id = row_id(survey, &content, *occurrence);
        *occurrence += 1;
        let mut row_role = role.map(str::to_string);
        let mut role_refused = false;
        let name = name_col
            .map(|col| row.cell(col).trim().to_string())
            .filter(|n| !n.is_empty());
        if has_role_column {
            let cell = row.cell(role_col);
            if !cell.trim().is_empty() {
                match read_roles
                    .entry(cell)
                    .or_insert_with(|| mapping.role(cell, catalog))
                {
                    Some(r) => row_role = Some(r.clone()),
                    None => {
                        role_refused = true;
                        diags.push(table.diag(
                            row.number,
                            role_col,
                            format!(
                                "unknown role \"{}\": expected a role id ({}), a role name in French or English, or a [roles] entry in a mapping file",
                                cell.trim(),
                                catalog.framework.role_ids()
                            ),
                        ));
                    }
                }
            }
        }
        let mut answers = Vec::with_capacity(asked.len());
        for ((col, q), cache) in asked.iter().zip(&mut read_cells) {
            let cell = row.cell(*col);
            let read = cache
                .entry(cell)
                .or_insert_with(|| survey_cell(q, cell, catalog));
            let state = match read {
                Ok(TextAnswer::Blank) => continue,
                Ok(TextAnswer::DontKnow) => AnswerState::DontKnow,
                Ok(TextAnswer::NotApplicable) => AnswerState::NotApplicable,
                Ok(TextAnswer::Value(v)) => AnswerState::Value(v.clone()),
                Err(msg) => {
                    diags.push(table.diag(row.number, *col, msg.clone()).with_id(&q.id));
                    continue;
                }
            };
            answers.push((q.id.clone(), Answer { state, note: None }));
        }
        // Already in id order: the map is built in one pass.
        let answers: BTreeMap<String, Answer> = answers.into_iter().collect();
        if answers.is_empty() {
            empty_rows.push(row.number);
            continue;
        }
        let Some(role) = row_role else {
            if role_refused {
                // Said once, as an unknown role.
                continue;
            }
            diags.push(table.diag(
                row.number,
                role_col,
                "the role cell is empty and no --role was given: expected a role",
            ));
            continue;
        };
        responses.push(Response {
            file: String::new(),
            respondent: Respondent {
                id,
                name,
                role,
                channel: Channel::Survey,
                date: None,
                consultant: None,
            },
            answers,
            notes: Default::default(),
        });
    }
    if !diags.is_empty() {
        return Err(group_repeats(diags));
    }
    let ignored = columns
        .iter()
        .filter(|(_, t)| *t == Target::Ignore)
        .map(|(c, _)| table.column_name(*c).to_string())
        .collect();
    Ok(WideImport {
        responses,
        empty_rows,
        ignored,
        names_kept: columns.iter().any(|(_, t)| *t == Target::Respondent),
        prefix: id_prefix(survey),
    })
}

/// A survey cell read as an answer to `q`. Every question takes one answer; a cell holding several
/// answers joined with commas (what Google Forms writes for a checkbox question, Microsoft Forms
/// with `;`) is named as such, with the way out, rather than as an unknown answer.
fn survey_cell(q: &Question, cell: &str, catalog: &Catalog) -> Result<TextAnswer, String> {
    let err = match q.parse_text(cell, &catalog.framework) {
        Ok(answer) => return Ok(answer),
        Err(err) => err,
    };
    let several = [',', ';'].iter().any(|sep| {
        let parts: Vec<&str> = cell.split(*sep).map(str::trim).collect();
        parts.len() > 1
            && parts.iter().all(|p| {
                matches!(
                    q.parse_text(p, &catalog.framework),
                    Ok(TextAnswer::Value(_))
                )
            })
    });
    if several {
        Err(format!(
            "\"{}\" holds several answers (a question with checkboxes, whose answers the survey tool joins in one cell): this question takes one answer; make it a single-choice question in the survey, as the survey kit lists it (form export --format survey-kit)",
            cell.trim()
        ))
    } else {
        Err(err)
    }
}

/// Rows as ranges: `5–31, 40, 52–60`, at most `shown` ranges then `…`.
fn row_ranges(rows: &[usize], shown: usize) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &r in rows {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == r => *end = r,
            _ => ranges.push((r, r)),
        }
    }
    let mut text: Vec<String> = ranges
        .iter()
        .take(shown)
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    if ranges.len() > shown {
        text.push("…".into());
    }
    text.join(", ")
}

/// One problem per column and message, however many rows repeat it: the first row is given with
/// its cell, the others as row ranges (a survey tool that writes `Dev` in every role cell, or a
/// scale exported as averages, makes the same error in every row).
fn group_repeats(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut groups: Vec<(Diagnostic, Vec<usize>)> = Vec::new();
    for d in diags {
        let key = |g: &Diagnostic| {
            (
                g.position.map(|(_, col)| col),
                g.id.clone(),
                g.message.clone(),
            )
        };
        match groups.iter_mut().find(|(g, _)| key(g) == key(&d)) {
            Some((_, rows)) => rows.extend(d.position.map(|(row, _)| row)),
            None => groups.push((d, Vec::new())),
        }
    }
    groups
        .into_iter()
        .map(|(mut d, rows)| {
            if !rows.is_empty() {
                d.message.push_str(&format!(
                    " (the same in {} more row{}: {})",
                    rows.len(),
                    if rows.len() == 1 { "" } else { "s" },
                    row_ranges(&rows, 6)
                ));
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_row_errors_are_grouped_with_their_rows() {
        let d = |row: usize, message: &str| {
            let mut d = Diagnostic::new("s.csv", message);
            d.position = Some((row, 3));
            d
        };
        let grouped = group_repeats(vec![
            d(2, "unknown role \"Dev\""),
            d(3, "unknown role \"Dev\""),
            d(4, "unknown role \"Ops\""),
            d(5, "unknown role \"Dev\""),
            d(9, "unknown role \"Dev\""),
        ]);
        assert_eq!(grouped.len(), 2);
        assert_eq!(
            grouped[0].to_string(),
            "s.csv:2:3: unknown role \"Dev\" (the same in 3 more rows: 3, 5, 9)"
        );
        assert_eq!(grouped[1].to_string(), "s.csv:4:3: unknown role \"Ops\"");
        assert_eq!(row_ranges(&[4, 5, 6, 7, 10, 12, 13], 6), "4–7, 10, 12–13");
        assert_eq!(row_ranges(&[1, 3, 5], 2), "1, 3, …");
    }

    fn cells(row: &[&str]) -> Vec<String> {
        row.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn row_ids_are_valid_and_stable() {
        let row = row_content(&cells(&["12", "2026-11-02 09:00", "Agree", "3"]));
        let a = row_id(42, &row, 0);
        assert_eq!(a, row_id(42, &row, 0));
        assert!(a.starts_with(&id_prefix(42)));
        assert!(valid_id(&a), "{a}");
        assert_eq!(a.len(), "survey-00000000-".len() + 16);
    }

    #[test]
    fn identical_rows_are_told_apart_by_occurrence() {
        let row = row_content(&cells(&["Agree", "3"]));
        assert_ne!(row_id(42, &row, 0), row_id(42, &row, 1));
    }

    #[test]
    fn a_row_id_depends_on_its_content_and_survey_only() {
        let row = row_content(&cells(&["7", "Agree", "3"]));
        let other = row_content(&cells(&["8", "Agree", "3"]));
        assert_ne!(row_id(42, &row, 0), row_id(42, &other, 0));
        assert_ne!(row_id(42, &row, 0), row_id(43, &row, 0));
        // Surrounding blanks and trailing empty cells are not content.
        assert_eq!(row, row_content(&cells(&[" 7", "Agree ", "3", "", " "])));
        // Cell boundaries count: "ab","c" is not "a","bc".
        assert_ne!(
            row_content(&cells(&["ab", "c"])),
            row_content(&cells(&["a", "bc"]))
        );
    }

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            file: "survey.csv".into(),
            header: cells(&["ID", "ft.level"]),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| super::super::table::Row {
                    number: i + 2,
                    cells: cells(r),
                })
                .collect(),
        }
    }

    fn ids(t: &Table) -> Vec<String> {
        let columns = vec![
            (0, Target::Ignore),
            (1, Target::Question("ft.level".into())),
        ];
        let survey = survey_fingerprint(t, &columns, &["forms-test".to_string()]);
        let mut seen: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
        t.rows
            .iter()
            .map(|r| {
                let content = row_content(&r.cells);
                let n = seen.entry(content.clone()).or_default();
                let id = row_id(survey, &content, *n);
                *n += 1;
                id
            })
            .collect()
    }

    #[test]
    fn ids_do_not_depend_on_other_rows_or_their_order() {
        let monday = table(&[&["1", "2"], &["2", "3"], &["", "4"], &["", "4"]]);
        let friday = table(&[
            &["5", "1"],
            &["", "4"],
            &["2", "3"],
            &["1", "2"],
            &["", "4"],
        ]);
        let mut a = ids(&monday);
        let b = ids(&friday);
        // Same survey, so same prefix; every Monday row is found among Friday's.
        assert!(a.iter().all(|id| b.contains(id)), "{a:?} {b:?}");
        // The two identical rows got two ids.
        a.dedup();
        assert_eq!(a.len(), 4);
        // Another header is another survey.
        let mut other = table(&[&["1", "2"]]);
        other.header[0] = "Response ID".into();
        assert_ne!(ids(&other)[0][..16], ids(&monday)[0][..16]);
    }
}
