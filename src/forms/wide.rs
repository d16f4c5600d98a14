//! Wide survey exports: one row per respondent, one column per question, as Microsoft Forms,
//! Google Forms and LimeSurvey produce them. Each row becomes an anonymous response (channel
//! `survey`) whose id is derived from the file's content and the row, so importing the same export
//! again is recognised. Names are kept only when a column is mapped to `@respondent`.

use super::fingerprint;
use super::mapping::{Mapping, Target};
use super::table::Table;
use crate::engagement::{Answer, AnswerState, Channel, Respondent, Response};
use crate::error::Diagnostic;
use crate::questionnaire::{fold, valid_id, Catalog, Question, TextAnswer};
use std::collections::BTreeMap;

/// The prefix of every respondent id imported from one export (`survey-1a2b3c4d-`).
pub fn id_prefix(file_fingerprint: u64) -> String {
    format!("survey-{:08x}-", (file_fingerprint >> 32) as u32)
}

/// The anonymous id of one row: the file's prefix and a fingerprint of (file, row), so ids do not
/// reveal the row order of the export.
fn row_id(file_fingerprint: u64, row: usize) -> String {
    let mut bytes = file_fingerprint.to_le_bytes().to_vec();
    bytes.extend_from_slice(&(row as u64).to_le_bytes());
    format!(
        "{}{:08x}",
        id_prefix(file_fingerprint),
        fingerprint(&bytes) as u32
    )
}

/// What was read from an export.
pub struct WideImport {
    pub responses: Vec<Response>,
    /// Rows with no answer at all (not imported), by row number.
    pub empty_rows: Vec<usize>,
    /// Columns whose content was not read.
    pub ignored: Vec<String>,
    pub names_kept: bool,
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
        let folded = fold(header);
        let target = if let Some(t) = mapping.column(header) {
            Some(t.clone())
        } else if let Some(q) = questions.iter().find(|q| q.id == header.trim()) {
            Some(Target::Question(q.id.clone()))
        } else if let Some(q) = questions
            .iter()
            .find(|q| fold(&q.text.fr) == folded || fold(&q.text.en) == folded)
        {
            Some(Target::Question(q.id.clone()))
        } else if mapping.ignored_by_default(header) {
            Some(Target::Ignore)
        } else {
            None
        };
        let Some(target) = target else {
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
                format!(
                    "column \"{header}\" matches no question of {}: expected a question id, the exact text of a question (French or English), or an entry in a mapping file (--mapping)",
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
    bytes: &[u8],
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
    let fp = fingerprint(bytes);
    let likert = &catalog.framework.likert_labels;
    let mut diags = Vec::new();
    let mut responses = Vec::with_capacity(table.rows.len());
    let mut empty_rows = Vec::new();
    for row in &table.rows {
        let mut answers = BTreeMap::new();
        let mut row_role = role.map(str::to_string);
        let mut name = None;
        for (col, target) in &columns {
            let cell = row.cell(*col);
            match target {
                Target::Ignore => {}
                Target::Respondent => {
                    name = Some(cell.trim().to_string()).filter(|n| !n.is_empty());
                }
                Target::Role if cell.trim().is_empty() => {}
                Target::Role => match mapping.role(cell, catalog) {
                    Some(r) => row_role = Some(r),
                    None => diags.push(table.diag(
                        row.number,
                        *col,
                        format!(
                            "unknown role \"{}\": expected a role id ({}), a role name in French or English, or a [roles] entry in a mapping file",
                            cell.trim(),
                            catalog.framework.roles.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    )),
                },
                Target::Question(qid) => {
                    let Some(q) = catalog.question(qid) else {
                        continue;
                    };
                    let state = match q.parse_text(cell, likert) {
                        Ok(TextAnswer::Blank) => continue,
                        Ok(TextAnswer::DontKnow) => AnswerState::DontKnow,
                        Ok(TextAnswer::NotApplicable) => AnswerState::NotApplicable,
                        Ok(TextAnswer::Value(v)) => AnswerState::Value(v),
                        Err(msg) => {
                            diags.push(table.diag(row.number, *col, msg).with_id(qid));
                            continue;
                        }
                    };
                    answers.insert(qid.clone(), Answer { state, note: None });
                }
            }
        }
        if answers.is_empty() {
            empty_rows.push(row.number);
            continue;
        }
        let Some(role) = row_role else {
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
                id: row_id(fp, row.number),
                name,
                role,
                channel: Channel::Survey,
                date: None,
                consultant: None,
            },
            answers,
        });
    }
    if !diags.is_empty() {
        return Err(diags);
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_ids_are_valid_stable_and_distinct() {
        let a = row_id(42, 2);
        assert_eq!(a, row_id(42, 2));
        assert_ne!(a, row_id(42, 3));
        assert!(a.starts_with(&id_prefix(42)));
        assert!(valid_id(&a));
    }
}
