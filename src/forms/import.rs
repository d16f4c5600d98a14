//! `form import`: the HTML form's download (a TOML response file), a filled CSV or XLSX form, or
//! a wide survey export (CSV or XLSX), checked whole and written as response files (a survey's
//! rows as one survey file, see [`crate::engagement::survey`]).
//!
//! All-or-nothing: every problem of every file is collected (file, row and column, question id)
//! and nothing is written unless all of them are valid. Importing the same respondent twice is
//! refused, unless `replace` is set, in which case the earlier file is overwritten.
//!
//! A survey export's rows are matched with the rows of the same survey imported before (see
//! [`wide`] for their ids): the same rows again are refused; a later download writes only its new
//! rows; an export with no row in common is imported whole; an export that lacks some of the
//! earlier rows is refused, unless `replace` is set, which makes the engagement's rows of that
//! survey match the export.

use super::mapping::Mapping;
use super::table::{self, Table};
use super::{slug, wide, Labels};
use crate::engagement::{
    respondent_id, survey, Answer, AnswerState, Channel, Engagement, Respondent, Response,
    RESPONSES_DIR,
};
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::Lang;
use crate::questionnaire::{fold, Catalog, TextAnswer};
use crate::source::Source;
use crate::store::{self, Lock};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The respondent's name, for a filled CSV or XLSX form (the HTML download carries its own;
    /// this overrides it).
    pub respondent: Option<String>,
    /// The respondent's role (a filled form), or the default role of a survey's rows.
    pub role: Option<String>,
    /// A mapping file for survey exports.
    pub mapping: Option<PathBuf>,
    /// Overwrite respondents (or a survey export) imported before, instead of refusing.
    pub replace: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// New response files.
    pub written: Vec<PathBuf>,
    /// Existing response files overwritten (with `replace`).
    pub replaced: Vec<PathBuf>,
    /// Response files of an earlier import of the same survey export that it no longer produces.
    pub removed: Vec<PathBuf>,
    /// What the user should know: respondents per role, ignored columns, names kept or not.
    pub notes: Vec<String>,
    /// What may need a look (printed on standard error): roles too small to be shown, rows
    /// without answers.
    pub warnings: Vec<String>,
}

/// Responses read from one input file.
struct Batch {
    file: String,
    responses: Vec<Response>,
    /// `Some(prefix)` for a survey export: the id prefix its rows share.
    survey_prefix: Option<String>,
}

/// Reads and checks every file, and plans where each response goes, writing nothing.
pub fn prepare(
    dir: &Path,
    files: &[PathBuf],
    catalog: &Catalog,
    opts: &ImportOptions,
) -> Result<Prepared> {
    // One writer of responses/ at a time, from the first read to the last write: what is checked
    // ("not imported yet", "no other respondent's file") still holds when the files are written.
    let responses_dir = dir.join(RESPONSES_DIR);
    let lock = Lock::folder(&responses_dir)?;
    let engagement = Engagement::load(dir, catalog)?;
    let scope = &engagement.meta.questionnaires;
    if let Some(role) = &opts.role {
        check_role(role, catalog)?;
    }
    let mapping = match &opts.mapping {
        Some(path) => Mapping::load(&Source::read(path)?, catalog)?,
        None => Mapping::defaults()?,
    };
    let labels = Labels::load()?;
    let min_group = engagement.meta.min_group_size;
    let mut report = ImportReport::default();
    let mut batches = Vec::new();
    let mut diags = Vec::new();
    for path in files {
        // A FIFO, a device or a file over the input limit is refused unread.
        let bytes = crate::source::read_bytes(path)?;
        let name = path.display().to_string();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let read = match ext.as_str() {
            "toml" => read_download(&name, &bytes, catalog, scope, opts),
            "csv" => table::read_csv(&name, &bytes).map_err(Problem::from).and_then(|t| {
                read_table(&t, catalog, scope, opts, &mapping, &labels, &mut report, min_group)
            }),
            "xlsx" => table::read_xlsx(&name, &bytes).map_err(Problem::from).and_then(|t| {
                read_table(&t, catalog, scope, opts, &mapping, &labels, &mut report, min_group)
            }),
            _ => {
                return Err(Error::Usage(format!(
                    "{name}: unknown kind of file: expected .toml (the HTML form's download), .csv or .xlsx"
                )))
            }
        };
        match read {
            Ok(batch) => batches.push(batch),
            Err(Problem::Input(d)) => diags.extend(d),
            Err(Problem::Usage(message)) => return Err(Error::Usage(message)),
        }
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let plan = plan_writes(dir, &engagement, catalog, batches, opts.replace)?;
    // A respondent whose interview is open is written by that interview alone.
    let interviews = plan
        .writes
        .iter()
        .filter_map(|w| file_name(&w.path))
        .filter_map(|name| {
            Lock::file_if_present(&responses_dir, &name, || {
                format!(
                    "an interview of `{}` is open ({}): import again once it has ended",
                    name.trim_end_matches(".toml"),
                    responses_dir.join(&name).display()
                )
            })
            .transpose()
        })
        .collect::<Result<Vec<Lock>>>()?;
    Ok(Prepared {
        plan,
        report,
        responses_dir,
        locks: (lock, interviews),
    })
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// Checked responses ready to be written, the locks that keep them valid held.
pub struct Prepared {
    plan: Plan,
    report: ImportReport,
    responses_dir: PathBuf,
    locks: (Lock, Vec<Lock>),
}

impl Prepared {
    /// What the user should know about the files read, and what would be done with each survey's
    /// rows.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = self.report.notes.clone();
        notes.extend(self.plan.surveys.iter().map(|s| s.note(false)));
        notes
    }

    /// What may need a look in the files read (roles too small to be shown, empty rows).
    pub fn warnings(&self) -> &[String] {
        &self.report.warnings
    }

    /// The files that would be written (new or replaced), and removed.
    pub fn files(&self) -> (Vec<&Path>, Vec<&Path>) {
        (
            self.plan.writes.iter().map(|w| w.path.as_path()).collect(),
            self.plan.stale.iter().map(PathBuf::as_path).collect(),
        )
    }

    /// Writes the files, all or nothing ([`store::write_set`]): every file is staged under a
    /// temporary name and flushed, then one journal renames them all into place and removes the
    /// files whose rows moved into a survey file, so a crash or a full disk leaves the
    /// engagement as it was, or a journal that the next command completes.
    pub fn commit(self) -> Result<ImportReport> {
        let Prepared {
            plan,
            mut report,
            responses_dir,
            locks,
        } = self;
        report
            .notes
            .extend(plan.surveys.iter().map(|s| s.note(true)));
        let (paths, entries): (Vec<PathBuf>, Vec<store::Entry>) = plan
            .writes
            .into_iter()
            .map(|w| {
                let name = file_name(&w.path).unwrap_or_default();
                (
                    w.path,
                    store::Entry {
                        name,
                        content: w.content,
                    },
                )
            })
            .unzip();
        let removals: Vec<String> = plan.stale.iter().filter_map(|p| file_name(p)).collect();
        store::write_set(&locks.0, &responses_dir, &entries, &removals)?;
        for path in paths {
            if plan.existing.contains(&path) {
                report.replaced.push(path);
            } else {
                report.written.push(path);
            }
        }
        report.removed = plan.stale;
        Ok(report)
    }
}

/// A mapping file drafted from a survey export's header (see [`wide::draft_mapping`]): what each
/// column resolves to with the mapping given (or the defaults), the closest question where none
/// matches. Reads the export; writes nothing.
pub fn draft_mapping(
    dir: &Path,
    file: &Path,
    catalog: &Catalog,
    mapping: Option<&Path>,
) -> Result<String> {
    let engagement = Engagement::load(dir, catalog)?;
    let mapping = match mapping {
        Some(path) => Mapping::load(&Source::read(path)?, catalog)?,
        None => Mapping::defaults()?,
    };
    let bytes = crate::source::read_bytes(file)?;
    let name = file.display().to_string();
    let table = match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(ext) if ext == "csv" => table::read_csv(&name, &bytes),
        Some(ext) if ext == "xlsx" => table::read_xlsx(&name, &bytes),
        _ => {
            return Err(Error::Usage(format!(
                "{name}: a mapping is drafted from a survey export: expected a .csv or .xlsx file"
            )))
        }
    }
    .map_err(Error::Input)?;
    Ok(wide::draft_mapping(
        &table,
        &mapping,
        catalog,
        &engagement.meta.questionnaires,
    ))
}

/// Reads, checks and writes: [`prepare`] then [`Prepared::commit`].
pub fn import(
    dir: &Path,
    files: &[PathBuf],
    catalog: &Catalog,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    prepare(dir, files, catalog, opts)?.commit()
}

/// Why a file was not read: problems in the file, or a command-line option that does not fit
/// the kind of file (a filled form without --respondent…).
enum Problem {
    Input(Vec<Diagnostic>),
    Usage(String),
}

impl From<Vec<Diagnostic>> for Problem {
    fn from(d: Vec<Diagnostic>) -> Problem {
        Problem::Input(d)
    }
}

fn check_role(role: &str, catalog: &Catalog) -> Result<()> {
    catalog.framework.check_role(role).map_err(Error::Usage)
}

/// Answers must belong to the engagement's questionnaires.
fn out_of_scope(file: &str, r: &Response, catalog: &Catalog, scope: &[String]) -> Vec<Diagnostic> {
    r.answers
        .keys()
        .filter_map(|id| catalog.question(id))
        .filter(|q| !scope.contains(&q.questionnaire))
        .map(|q| {
            Diagnostic::new(
                file,
                format!(
                    "question of questionnaire `{}`, which engagement.toml does not list: expected one of {}",
                    q.questionnaire,
                    scope.join(", ")
                ),
            )
            .with_id(&q.id)
        })
        .collect()
}

/// The HTML form's download: a response file, checked like any other.
fn read_download(
    name: &str,
    bytes: &[u8],
    catalog: &Catalog,
    scope: &[String],
    opts: &ImportOptions,
) -> Result<Batch, Problem> {
    let text = match crate::source::decode_text(name, bytes.to_vec()) {
        Ok(text) => text,
        Err(Error::Input(d)) => return Err(Problem::Input(d)),
        Err(e) => return Err(Problem::Usage(e.to_string())),
    };
    let src = Source {
        name: name.to_string(),
        text,
    };
    // A syntax error first, with what the file should be: a cut download is the usual cause.
    if let Err(e) = toml::from_str::<toml::Value>(&src.text) {
        let mut d = crate::error::toml_diagnostic(name, &src.text, &e);
        d.message.push_str(
            ": expected the complete response file downloaded from the HTML form (is it truncated?)",
        );
        return Err(vec![d].into());
    }
    let mut response = match Response::load(&src, catalog) {
        Ok(r) => r,
        Err(Error::Input(d)) => return Err(d.into()),
        Err(e) => return Err(vec![Diagnostic::new(name, e.to_string())].into()),
    };
    if let Some(person) = &opts.respondent {
        let id = slug(person).ok_or_else(|| no_slug(person))?;
        response.respondent.id = id;
        response.respondent.name = Some(person.trim().to_string());
    }
    // A download keeps the role its respondent chose in the form; --role is for filled forms and
    // survey rows, which carry none.
    let diags = out_of_scope(name, &response, catalog, scope);
    if !diags.is_empty() {
        return Err(diags.into());
    }
    Ok(Batch {
        file: name.to_string(),
        responses: vec![response],
        survey_prefix: None,
    })
}

fn no_slug(person: &str) -> Problem {
    Problem::Usage(format!(
        "--respondent \"{person}\": expected a name with letters or digits"
    ))
}

/// The columns of a filled CSV/XLSX form, found by their header in either language.
struct LongColumns {
    id: usize,
    answer: usize,
    note: Option<usize>,
}

fn long_columns(table: &Table, labels: &Labels) -> Option<LongColumns> {
    let find = |t: &crate::i18n::Text| {
        table
            .header
            .iter()
            .position(|h| Lang::ALL.iter().any(|l| fold(h) == fold(t.get(*l))))
    };
    Some(LongColumns {
        id: find(&labels.col_id)?,
        answer: find(&labels.col_answer)?,
        note: find(&labels.col_note),
    })
}

#[allow(clippy::too_many_arguments)]
fn read_table(
    table: &Table,
    catalog: &Catalog,
    scope: &[String],
    opts: &ImportOptions,
    mapping: &Mapping,
    labels: &Labels,
    report: &mut ImportReport,
    min_group: usize,
) -> Result<Batch, Problem> {
    if let Some(cols) = long_columns(table, labels) {
        return read_filled_form(table, &cols, catalog, scope, opts);
    }
    if opts.respondent.is_some() {
        return Err(Problem::Usage(format!(
            "{}: a survey export has one respondent per row, so --respondent does not apply: map a column to \"@respondent\" to keep names",
            table.file
        )));
    }
    let imported = wide::read(table, mapping, catalog, scope, opts.role.as_deref())?;
    let file = &table.file;
    let (notes, warnings) = survey_notes(file, &imported, min_group);
    report.notes.extend(notes);
    report.warnings.extend(warnings);
    Ok(Batch {
        file: file.clone(),
        responses: imported.responses,
        survey_prefix: Some(imported.prefix),
    })
}

/// What to tell about a survey import: how many respondents per role, whether names were kept,
/// the columns ignored; and what to warn of: the roles too small to be shown, the rows without
/// answers.
fn survey_notes(
    file: &str,
    imported: &wide::WideImport,
    min_group: usize,
) -> (Vec<String>, Vec<String>) {
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    let mut by_role: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &imported.responses {
        *by_role.entry(r.respondent.role.as_str()).or_default() += 1;
    }
    let roles = by_role
        .iter()
        .map(|(role, n)| format!("{role} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    notes.push(format!(
        "{file}: {} respondents (survey, {}){}",
        imported.responses.len(),
        if imported.names_kept {
            "names kept from the column mapped to @respondent"
        } else {
            "anonymous: no name kept"
        },
        if roles.is_empty() {
            String::new()
        } else {
            format!(": {roles}")
        }
    ));
    if !imported.ignored.is_empty() {
        notes.push(format!(
            "{file}: columns ignored, their content not kept: {}",
            imported
                .ignored
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let small: Vec<String> = by_role
        .iter()
        .filter(|(_, n)| **n < min_group)
        .map(|(role, n)| format!("{role} ({n})"))
        .collect();
    if !small.is_empty() {
        warnings.push(format!(
            "{file}: roles with fewer respondents than the minimum group size ({min_group}, [survey] min_group_size), which reports will not show on their own: {}",
            small.join(", ")
        ));
    }
    if !imported.empty_rows.is_empty() {
        warnings.push(format!(
            "{file}: rows without any answer, not imported: {}",
            imported
                .empty_rows
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    (notes, warnings)
}

/// A filled CSV/XLSX form: one row per question.
fn read_filled_form(
    table: &Table,
    cols: &LongColumns,
    catalog: &Catalog,
    scope: &[String],
    opts: &ImportOptions,
) -> Result<Batch, Problem> {
    let file = &table.file;
    let (Some(person), Some(role)) = (&opts.respondent, &opts.role) else {
        return Err(Problem::Usage(format!(
            "{file} is a filled form of one respondent: expected --respondent NAME and --role ROLE"
        )));
    };
    let id = slug(person).ok_or_else(|| no_slug(person))?;
    let mut diags = Vec::new();
    let mut answers = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        let qid = row.cell(cols.id).trim();
        // Every problem of the row is at one of its cells and names its question.
        let at = |col: usize, message: String| table.diag(row.number, col, message).with_id(qid);
        let Some(q) = catalog.question(qid) else {
            diags.push(at(
                cols.id,
                format!(
                    "unknown question id: expected a question of {}",
                    scope.join(", ")
                ),
            ));
            continue;
        };
        if !scope.contains(&q.questionnaire) {
            diags.push(at(
                cols.id,
                format!(
                    "question of questionnaire `{}`, which engagement.toml does not list: expected one of {}",
                    q.questionnaire,
                    scope.join(", ")
                ),
            ));
            continue;
        }
        if let Some(first) = seen.insert(qid.to_string(), row.number) {
            diags.push(at(
                cols.id,
                format!("question already answered on row {first}: expected one row per question"),
            ));
            continue;
        }
        let note = cols
            .note
            .map(|c| row.cell(c).trim().to_string())
            .filter(|n| !n.is_empty());
        let state = match q.parse_text(row.cell(cols.answer), &catalog.framework) {
            Ok(TextAnswer::Blank) => {
                if note.is_some() {
                    diags.push(at(
                        cols.answer,
                        "a note without an answer: expected an answer, ? (don't know) or - (not applicable) next to it".into(),
                    ));
                }
                continue;
            }
            Ok(TextAnswer::DontKnow) => AnswerState::DontKnow,
            Ok(TextAnswer::NotApplicable) => AnswerState::NotApplicable,
            Ok(TextAnswer::Value(v)) => AnswerState::Value(v),
            Err(msg) => {
                diags.push(at(cols.answer, msg));
                continue;
            }
        };
        answers.insert(q.id.clone(), Answer { state, note });
    }
    if diags.is_empty() && answers.is_empty() {
        // An unfilled form would add a respondent who said nothing, and count in every total.
        diags.push(Diagnostic::new(
            &table.file,
            "no question answered: expected at least one answer, ? (don't know) or - (not applicable) in the answer column",
        ));
    }
    if !diags.is_empty() {
        return Err(diags.into());
    }
    Ok(Batch {
        file: file.clone(),
        responses: vec![Response {
            file: String::new(),
            respondent: Respondent {
                id,
                name: Some(person.trim().to_string()),
                role: role.clone(),
                channel: Channel::SelfAssessment,
                date: None,
                consultant: None,
            },
            answers,
            notes: Default::default(),
        }],
        survey_prefix: None,
    })
}

/// Where each new response goes, which existing files it replaces and which are gone.
struct Plan {
    writes: Vec<Write>,
    existing: BTreeSet<PathBuf>,
    stale: Vec<PathBuf>,
    surveys: Vec<SurveyPlan>,
}

/// How a survey export's rows compare with the rows of the same survey imported before.
struct SurveyPlan {
    file: String,
    /// The survey file its rows are kept in.
    store: PathBuf,
    /// Rows imported before (left as they are, or rewritten with `replace`).
    known: usize,
    /// Rows not imported before, written.
    new: usize,
    /// Rows imported before, in all.
    earlier: usize,
    /// Rows imported before that the export lacks, removed (with `replace`).
    removed: usize,
    /// Response files of earlier versions (one per row) whose rows move into the survey file.
    folded: usize,
    replace: bool,
}

impl SurveyPlan {
    /// What is (`done`) or would be done with the export's rows.
    fn note(&self, done: bool) -> String {
        let Self {
            file,
            store,
            known,
            new,
            earlier,
            removed,
            folded,
            replace,
        } = self;
        let verb = |past: &str| {
            if done {
                past.to_string()
            } else {
                format!("would be {past}")
            }
        };
        let written = format!(
            "{} {} to {}",
            new_rows(*new),
            verb("written"),
            store.display()
        );
        let mut note = if *earlier == 0 && *new == 0 {
            format!(
                "{file}: no row with an answer, so no survey file {}",
                verb("written")
            )
        } else if *earlier == 0 {
            format!("{file}: {written}")
        } else if *known == 0 {
            format!(
                "{file}: no row in common with the {} imported earlier from this survey (another export of the same form): {written}",
                rows(*earlier),
            )
        } else if *removed == 0 && !replace {
            format!(
                "{file}: {} already imported from an earlier download, {written}",
                rows(*known),
            )
        } else if *removed == 0 {
            format!(
                "{file}: {} already imported from an earlier download, {} (--replace), {written}",
                rows(*known),
                verb("rewritten"),
            )
        } else {
            format!(
                "{file}: --replace: the rows of this survey match this export: {} {}, {written}, {} imported earlier but missing from this export {}",
                rows(*known),
                verb("rewritten"),
                rows(*removed),
                verb("removed"),
            )
        };
        if *folded > 0 {
            note.push_str(&format!(
                "; the {folded} response files of earlier imports of this survey (one per row) {} into it",
                verb("folded")
            ));
        }
        note
    }
}

fn rows(n: usize) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

fn new_rows(n: usize) -> String {
    if n == 1 {
        "1 new row".into()
    } else {
        format!("{n} new rows")
    }
}

/// One file to write: a respondent's response file, or a survey file.
struct Write {
    path: PathBuf,
    content: Vec<u8>,
}

/// The rows of one survey, as the import leaves them.
struct SurveyRows {
    path: PathBuf,
    rows: Vec<Response>,
    /// Response files of earlier versions that hold some of the rows (one row each).
    legacy: BTreeSet<PathBuf>,
}

impl SurveyRows {
    /// The engagement's rows of the survey whose ids start with `prefix`.
    fn earlier(prefix: &str, engagement: &Engagement, responses_dir: &Path) -> SurveyRows {
        let path = responses_dir.join(survey::file_name(prefix));
        let rows: Vec<Response> = engagement
            .responses
            .iter()
            .filter(|r| r.respondent.id.starts_with(prefix))
            .cloned()
            .collect();
        let legacy = rows
            .iter()
            .map(|r| PathBuf::from(&r.file))
            .filter(|f| *f != path)
            .collect();
        SurveyRows { path, rows, legacy }
    }
}

fn plan_writes(
    dir: &Path,
    engagement: &Engagement,
    catalog: &Catalog,
    batches: Vec<Batch>,
    replace: bool,
) -> Result<Plan> {
    let responses_dir = dir.join(RESPONSES_DIR);
    let existing: BTreeMap<&str, PathBuf> = engagement
        .responses
        .iter()
        .map(|r| (r.respondent.id.as_str(), PathBuf::from(&r.file)))
        .collect();
    let existing_paths: BTreeSet<&PathBuf> = existing.values().collect();
    let mut diags = Vec::new();
    let mut planned: BTreeMap<String, (PathBuf, Response)> = BTreeMap::new();
    let mut overwritten = BTreeSet::new();
    let mut surveys = Vec::new();
    // By id prefix: each survey's rows, those of earlier imports and of this one's exports.
    let mut stores: BTreeMap<String, SurveyRows> = BTreeMap::new();
    for batch in batches {
        if let Some(prefix) = &batch.survey_prefix {
            let store = stores
                .entry(prefix.clone())
                .or_insert_with(|| SurveyRows::earlier(prefix, engagement, &responses_dir));
            match survey_plan(batch, store, replace) {
                Ok(plan) => surveys.push(plan),
                Err(d) => diags.push(d),
            }
            continue;
        }
        for mut r in batch.responses {
            // A person is found again by their name; another person whose name folds to the
            // same id gets an id of their own (`zoe-martin-2`), never the other's file.
            if let Some(id) = r
                .respondent
                .name
                .as_deref()
                .and_then(|n| respondent_id(n, &engagement.responses))
            {
                r.respondent.id = id;
            }
            let id = r.respondent.id.clone();
            let earlier = engagement.responses.iter().find(|e| e.respondent.id == id);
            let path = match (existing.get(id.as_str()), earlier) {
                (Some(path), Some(earlier)) => {
                    // A person's forms of other questionnaires are kept: the new answers join
                    // their file, and --replace replaces only the questionnaires imported.
                    match merge_form(earlier, r, catalog, replace) {
                        Ok(merged) => r = merged,
                        Err(message) => {
                            diags.push(Diagnostic::new(&batch.file, message).with_id(&id));
                            continue;
                        }
                    }
                    overwritten.insert(path.clone());
                    path.clone()
                }
                _ => {
                    let path = responses_dir.join(format!("{id}.toml"));
                    // The file name is taken by another respondent's answers: never overwrite them.
                    if let Some((other, _)) = existing.iter().find(|(_, p)| **p == path) {
                        diags.push(
                            Diagnostic::new(
                                &batch.file,
                                format!(
                                    "{} holds the answers of respondent `{other}`: refusing to overwrite them with respondent `{id}`; rename that file first",
                                    path.display()
                                ),
                            )
                            .with_id(&id),
                        );
                        continue;
                    }
                    path
                }
            };
            if planned.contains_key(&id) {
                diags.push(
                    Diagnostic::new(
                        &batch.file,
                        format!("respondent `{id}` appears twice among the imported files: expected each respondent once"),
                    )
                    .with_id(&id),
                );
                continue;
            }
            if !existing_paths.contains(&path) && path.exists() {
                diags.push(Diagnostic::new(
                    &batch.file,
                    format!("{} exists but is not a response file of this engagement: refusing to overwrite it", path.display()),
                ));
                continue;
            }
            r.file = path.display().to_string();
            planned.insert(id, (path, r));
        }
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let mut writes = Vec::new();
    for (path, response) in planned.into_values() {
        writes.push(Write {
            content: response.to_toml()?.into_bytes(),
            path,
        });
    }
    let mut stale = Vec::new();
    for store in stores.into_values() {
        // An export whose rows all were empty leaves no survey file behind.
        if store.rows.is_empty() && store.legacy.is_empty() {
            continue;
        }
        // A survey file there was read by `Engagement::load` (its name is a survey file's), so
        // it is this survey's, rewritten whole.
        if store.path.exists() {
            overwritten.insert(store.path.clone());
        }
        stale.extend(store.legacy);
        writes.push(Write {
            content: survey::to_csv(&store.rows, catalog)?,
            path: store.path,
        });
    }
    Ok(Plan {
        writes,
        existing: overwritten,
        stale,
        surveys,
    })
}

/// The questionnaires a response answers (or notes), by id.
fn questionnaires_of<'c>(response: &Response, catalog: &'c Catalog) -> BTreeSet<&'c str> {
    response
        .answers
        .keys()
        .chain(response.notes.keys())
        .filter_map(|qid| catalog.question(qid))
        .map(|q| q.questionnaire.as_str())
        .collect()
}

/// A form joined to the file its respondent already has: their answers to other questionnaires
/// are kept. Answers to a questionnaire they answered already are refused, or with `replace`
/// replace that questionnaire's answers only. A file from another channel (an interview) or
/// another role is never merged into.
fn merge_form(
    earlier: &Response,
    form: Response,
    catalog: &Catalog,
    replace: bool,
) -> std::result::Result<Response, String> {
    let (who, file) = (&earlier.respondent, &earlier.file);
    if who.channel != form.respondent.channel {
        return Err(format!(
            "respondent `{}` already has answers from the `{}` channel in {file}: a `{}` form is not merged into them; import it under another name (--respondent)",
            who.id,
            who.channel.code(),
            form.respondent.channel.code()
        ));
    }
    if who.role != form.respondent.role {
        return Err(format!(
            "respondent `{}` answered as `{}` in {file}: expected the same role (--role {}), or another name (--respondent)",
            who.id, who.role, who.role
        ));
    }
    let imported = questionnaires_of(&form, catalog);
    let again: Vec<&str> = questionnaires_of(earlier, catalog)
        .intersection(&imported)
        .copied()
        .collect();
    if !again.is_empty() && !replace {
        return Err(format!(
            "respondent `{}` already answered {} in {file}: refusing to import it twice; --replace replaces their answers to {} only, and keeps the others",
            who.id,
            again.join(", "),
            again.join(", ")
        ));
    }
    let mut merged = earlier.clone();
    let of_imported = |qid: &String| {
        catalog
            .question(qid)
            .is_some_and(|q| imported.contains(q.questionnaire.as_str()))
    };
    merged.answers.retain(|qid, _| !of_imported(qid));
    merged.notes.retain(|qid, _| !of_imported(qid));
    merged.answers.extend(form.answers);
    merged.notes.extend(form.notes);
    if form.respondent.date.is_some() {
        merged.respondent.date = form.respondent.date;
    }
    Ok(merged)
}

/// Compares a survey export's rows with the rows of the same survey imported before (same id
/// prefix), refuses an export imported twice or one that would mix two versions of the survey
/// (unless `replace`), and leaves in `store` the rows the survey file will hold.
fn survey_plan(
    batch: Batch,
    store: &mut SurveyRows,
    replace: bool,
) -> std::result::Result<SurveyPlan, Diagnostic> {
    let ids: BTreeSet<&str> = batch
        .responses
        .iter()
        .map(|r| r.respondent.id.as_str())
        .collect();
    let earlier: BTreeSet<&str> = store
        .rows
        .iter()
        .map(|r| r.respondent.id.as_str())
        .collect();
    let known = earlier.intersection(&ids).count();
    let missing: Vec<&str> = earlier.difference(&ids).copied().collect();
    let new = ids.len() - known;
    let shown = store.path.display();
    if !replace && known > 0 && missing.is_empty() && new == 0 {
        return Err(Diagnostic::new(
            &batch.file,
            format!(
                "this survey export was already imported ({known} respondents, in {shown}): refusing to import it twice; use --replace to import it again over the earlier rows"
            ),
        ));
    }
    if !replace && known > 0 && !missing.is_empty() {
        return Err(Diagnostic::new(
            &batch.file,
            format!(
                "{} of this export already imported, but {} imported earlier from this survey not in it (e.g. `{}` in {shown}) and {}: refusing, since importing it would mix two versions of the survey; use --replace to make the rows of this survey match this export ({} removed, {known} rewritten, {new} written)",
                rows(known),
                rows(missing.len()),
                missing[0],
                new_rows(new),
                rows(missing.len())
            ),
        ));
    }
    let plan = SurveyPlan {
        file: batch.file.clone(),
        store: store.path.clone(),
        known,
        new,
        earlier: earlier.len(),
        // Only an export that shares rows with the earlier ones replaces them: one with no row in
        // common is another export of the same form (another department), added beside them.
        removed: if replace && known > 0 {
            missing.len()
        } else {
            0
        },
        folded: store.legacy.len(),
        replace,
    };
    let path = store.path.display().to_string();
    let mut incoming = batch.responses;
    for r in &mut incoming {
        r.file = path.clone();
    }
    if replace && known > 0 {
        store.rows = incoming;
    } else {
        let earlier: BTreeSet<String> =
            store.rows.iter().map(|r| r.respondent.id.clone()).collect();
        store.rows.extend(
            incoming
                .into_iter()
                .filter(|r| !earlier.contains(&r.respondent.id)),
        );
    }
    Ok(plan)
}
