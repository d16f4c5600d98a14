//! The terminal interview: a consultant reads each question, its help and its level descriptors
//! (or scale, choices, bands), and types the answer. A plain line-based loop, so the same code
//! serves a terminal and answers piped on stdin (batch mode, for scripts and tests).
//!
//! Every answer is saved at once with an atomic write, so quitting, Ctrl-C or a crash never loses
//! an answer given; running the same command again resumes at the first unanswered question.
//!
//! Line syntax (one line per action):
//! - a value: `3`, `4 - Agree`, `oui`, a choice number, id or label, `12,5`, free text;
//! - `?` don't know, `-` not applicable;
//! - `! text` attaches a note to the current question (saved with its answer);
//! - `<` back to the previous question, `>` or an empty line skips (keeps any earlier answer);
//! - `:3`, `:inv.funding`, `:adoption` jump to a question by number or id, or to a section by
//!   the start of its name; `:` alone to the first unanswered question; `:?` lists the sections;
//! - `h` hides or shows the interviewer's help (a screen shared with the respondent);
//! - `q` quits (everything is already saved);
//! - `\` before a value makes it literal (a text answer that starts with `!` or equals `q`).

use crate::engagement::{
    self, respondent_id, Answer, AnswerState, Channel, Engagement, Respondent, Response,
    RESPONSES_DIR,
};
use crate::error::{Diagnostic, Error, Result};
use crate::forms::legend::{bands, legend};
use crate::forms::Labels;
use crate::i18n::Lang;
use crate::questionnaire::{fold, Catalog, Kind, Question, Questionnaire, TextAnswer, Value};
use crate::source::write_atomic;
use crate::store::Lock;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Who is interviewed, on what.
#[derive(Debug, Clone)]
pub struct InterviewOptions {
    pub questionnaire: String,
    /// The respondent's name; the response file and respondent id derive from it.
    pub respondent: String,
    pub role: String,
    /// Default: the engagement's language.
    pub lang: Option<Lang>,
    pub consultant: Option<String>,
    /// Default: today.
    pub date: Option<String>,
    /// Answers come from a script: an answer that does not fit stops the run with an error
    /// naming the input line, instead of asking again.
    pub batch: bool,
    /// The terminal's width, to wrap the screen at (`None`: no wrapping).
    pub width: Option<usize>,
}

/// Where an interview stopped.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub file: PathBuf,
    /// The session's language.
    pub lang: Lang,
    pub answered: usize,
    pub total: usize,
}

/// One line of input, read as an action.
#[derive(Debug, PartialEq)]
enum Action {
    Quit,
    Back,
    Skip,
    Note(String),
    Jump(String),
    ToggleHelp,
    Answer(String),
}

fn action(line: &str) -> Action {
    let t = line.trim();
    match t {
        "q" | "Q" => Action::Quit,
        "<" => Action::Back,
        ">" | "" => Action::Skip,
        "h" | "H" => Action::ToggleHelp,
        _ => {
            if let Some(note) = t.strip_prefix('!') {
                Action::Note(note.trim().to_string())
            } else if let Some(target) = t.strip_prefix(':') {
                Action::Jump(target.trim().to_string())
            } else if let Some(literal) = t.strip_prefix('\\') {
                Action::Answer(literal.to_string())
            } else {
                Action::Answer(t.to_string())
            }
        }
    }
}

/// Between two notes taken on one question.
const NOTE_SEPARATOR: &str = " / ";

/// The number of characters in the valid UTF-8 prefix of a line (for the column of an error).
fn valid_prefix_chars(bytes: &[u8], valid_up_to: usize) -> usize {
    std::str::from_utf8(&bytes[..valid_up_to]).map_or(0, |s| s.chars().count())
}

struct Session<'a> {
    /// The screen's width, to wrap at; `None` writes lines whole (a script, a pipe).
    width: Option<usize>,
    /// Whether the interviewer's help is shown (`h` hides it when the screen is shared).
    help_shown: bool,
    _lock: Lock,
    responses_dir: PathBuf,
    catalog: &'a Catalog,
    labels: Labels,
    lang: Lang,
    questionnaire: &'a Questionnaire,
    questions: Vec<&'a Question>,
    response: Response,
    path: PathBuf,
}

impl Session<'_> {
    fn answered(&self) -> usize {
        self.questions
            .iter()
            .filter(|q| self.response.answers.contains_key(&q.id))
            .count()
    }

    /// Writes the whole file, holding the folder's lock so that the write never crosses an
    /// import's (the respondent's own lock, held for the session, keeps other writers off it).
    fn save(&self) -> Result<()> {
        let _folder = Lock::folder(&self.responses_dir)?;
        write_atomic(&self.path, self.response.to_toml()?.as_bytes())
    }

    fn first_unanswered(&self) -> usize {
        self.questions
            .iter()
            .position(|q| !self.response.answers.contains_key(&q.id))
            .unwrap_or(self.questions.len())
    }

    /// Answered / total per section, in questionnaire order.
    fn progress_by_section(&self) -> String {
        self.section_lines(false)
    }

    /// One line per section with its progress, and (with `numbered`) the number of its first
    /// question, to jump to it.
    fn section_lines(&self, numbered: bool) -> String {
        let mut out = String::new();
        for s in &self.questionnaire.sections {
            let done = s
                .questions
                .iter()
                .filter(|q| self.response.answers.contains_key(&q.id))
                .count();
            let jump = match self.questions.iter().position(|q| q.section == s.id) {
                Some(i) if numbered => format!(":{:<4} ", i + 1),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  {jump}{:<28} {done}/{}\n",
                s.title.get(self.lang),
                s.questions.len()
            ));
        }
        out
    }

    /// Where a jump goes: a question by number (`3`) or id, a section by the start of its id or
    /// title in either language (without case or accents), or (empty) the first unanswered
    /// question.
    fn target(&self, text: &str) -> Option<usize> {
        if text.is_empty() {
            return Some(self.first_unanswered()).filter(|i| *i < self.questions.len());
        }
        if let Ok(n) = text.parse::<usize>() {
            return n.checked_sub(1).filter(|i| *i < self.questions.len());
        }
        if let Some(i) = self.questions.iter().position(|q| q.id == text) {
            return Some(i);
        }
        let wanted = fold(text);
        let section = self.questionnaire.sections.iter().find(|s| {
            fold(&s.id).starts_with(&wanted)
                || Lang::ALL
                    .iter()
                    .any(|l| fold(s.title.get(*l)).starts_with(&wanted))
        })?;
        let in_section = |q: &&&Question| q.section == section.id;
        self.questions
            .iter()
            .position(|q| in_section(&q) && !self.response.answers.contains_key(&q.id))
            .or_else(|| self.questions.iter().position(|q| in_section(&q)))
    }

    /// The sections, each with the number of its first question and its progress.
    fn sections(&self) -> String {
        self.section_lines(true)
    }

    /// Lines of `text` wrapped at the screen's width (none when it has no width), the first
    /// after `first`, the others after `rest` (a hanging indent).
    fn wrapped(&self, first: &str, rest: &str, text: &str) -> String {
        // French signs hold to their word (and a line never starts with one).
        let french;
        let text = if self.lang == Lang::Fr {
            french = crate::i18n::french_spaces(text);
            french.as_str()
        } else {
            text
        };
        match self.width {
            Some(width) => {
                let options = textwrap::Options::new(width.max(40))
                    .initial_indent(first)
                    .subsequent_indent(rest);
                textwrap::fill(text, options)
            }
            None => format!("{first}{text}"),
        }
    }

    fn show(&self, index: usize, out: &mut dyn Write) -> std::io::Result<()> {
        use crate::terminal::{BOLD, DIM, PLAIN};
        let lang = self.lang;
        let q = self.questions[index];
        let section = self
            .questionnaire
            .sections
            .iter()
            .find(|s| s.id == q.section);
        let (in_section, section_len) = section
            .map(|s| {
                let pos = s.questions.iter().position(|x| x.id == q.id).unwrap_or(0);
                (pos + 1, s.questions.len())
            })
            .unwrap_or((1, 1));
        writeln!(out)?;
        writeln!(
            out,
            "{DIM}── [{}/{}] {} ({in_section}/{section_len}) · {}/{} {}{PLAIN}",
            index + 1,
            self.questions.len(),
            section.map(|s| s.title.get(lang)).unwrap_or_default(),
            self.answered(),
            self.questions.len(),
            self.labels.answered.get(lang)
        )?;
        let optional = if q.optional {
            format!(" ({})", self.labels.optional.get(lang))
        } else {
            String::new()
        };
        let question = self.wrapped(
            "",
            "    ",
            &format!("{}  {}{optional}", q.id, q.text.get(lang)),
        );
        writeln!(out, "{BOLD}{question}{PLAIN}")?;
        if let Some(help) = q.help.as_ref().filter(|_| self.help_shown) {
            let help = format!(
                "{}{}{}",
                self.labels.help.get(lang),
                colon(lang),
                help.get(lang)
            );
            writeln!(out, "{DIM}{}{PLAIN}", self.wrapped("  ", "    ", &help))?;
        }
        let fw = &self.catalog.framework;
        let numbered = |n: usize, text: &str| self.wrapped(&format!("  {n}  "), "     ", text);
        match &q.kind {
            Kind::Level { descriptors } => {
                for (i, d) in descriptors.iter().enumerate() {
                    let name = fw.level_name(i as u8 + 1, lang);
                    let text = format!("{BOLD}{name}{PLAIN} — {}", d.get(lang));
                    writeln!(out, "{}", numbered(i + 1, &text))?;
                }
            }
            Kind::Likert { .. } => {
                for (i, l) in fw.likert_labels.iter().enumerate() {
                    writeln!(out, "{}", numbered(i + 1, l.get(lang)))?;
                }
            }
            Kind::Choice { choices } | Kind::Multi { choices } => {
                for (i, c) in choices.iter().enumerate() {
                    let text = format!("{} [{}]", c.label.get(lang), c.id);
                    writeln!(out, "{}", numbered(i + 1, &text))?;
                }
                if matches!(q.kind, Kind::Multi { .. }) {
                    writeln!(
                        out,
                        "{DIM}{}{PLAIN}",
                        self.wrapped("  ", "    ", self.labels.legend_multi.get(lang))
                    )?;
                }
            }
            Kind::Number { .. } => {
                writeln!(
                    out,
                    "{}",
                    self.wrapped("  ", "    ", &legend(q, fw, &self.labels, lang))
                )?;
                for band in bands(q, lang) {
                    writeln!(out, "     {band}")?;
                }
            }
            Kind::YesNo { .. } | Kind::Text => {
                writeln!(
                    out,
                    "{}",
                    self.wrapped("  ", "    ", &legend(q, fw, &self.labels, lang))
                )?;
            }
        }
        let keys = format!(
            "?  {}    -  {}    {}",
            self.labels.dont_know.get(lang),
            self.labels.not_applicable.get(lang),
            self.labels.interview_nav.get(lang)
        );
        writeln!(out, "{DIM}{}{PLAIN}", self.wrapped("  ", "  ", &keys))?;
        let current = self.response.answers.get(&q.id);
        let note = current
            .and_then(|a| a.note.as_deref())
            .or_else(|| self.response.notes.get(&q.id).map(String::as_str));
        if current.is_some() || note.is_some() {
            let mut line = String::new();
            if let Some(a) = current {
                let shown = match &a.state {
                    AnswerState::Value(Value::Int(l)) if matches!(q.kind, Kind::Level { .. }) => {
                        format!("{l} ({})", fw.level_name(*l as u8, lang))
                    }
                    AnswerState::Value(v) => q.display_value(v, lang, &fw.likert_labels),
                    AnswerState::DontKnow => self.labels.dont_know.get(lang).to_string(),
                    AnswerState::NotApplicable => self.labels.not_applicable.get(lang).to_string(),
                };
                line.push_str(&format!(
                    "{}{}{shown}",
                    self.labels.interview_current.get(lang),
                    colon(lang)
                ));
            }
            if let Some(n) = note {
                if !line.is_empty() {
                    line.push_str(" — ");
                }
                line.push_str(&format!("{}{}{n}", self.labels.note.get(lang), colon(lang)));
            }
            writeln!(out, "{}", self.wrapped("  ", "    ", &line))?;
        }
        write!(out, "> ")?;
        out.flush()
    }

    /// Reads an answer line for a question: a choice may also be given by its number, and the
    /// choices of a multi question by theirs (`1, 3`).
    fn parse(&self, q: &Question, text: &str) -> std::result::Result<AnswerState, String> {
        let by_number = |choices: &'_ [crate::questionnaire::Choice], part: &str| -> String {
            let part = part.trim();
            if choices.iter().any(|c| c.id == part) {
                return part.to_string();
            }
            part.parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| choices.get(i))
                .map_or(part.to_string(), |c| c.id.clone())
        };
        let text = match &q.kind {
            Kind::Choice { choices } => by_number(choices, text),
            Kind::Multi { choices } => text
                .split([',', ';'])
                .map(|part| by_number(choices, part))
                .collect::<Vec<_>>()
                .join(", "),
            _ => text.to_string(),
        };
        match q.parse_text(&text, &self.catalog.framework)? {
            TextAnswer::Value(v) => Ok(AnswerState::Value(v)),
            TextAnswer::DontKnow => Ok(AnswerState::DontKnow),
            TextAnswer::NotApplicable => Ok(AnswerState::NotApplicable),
            TextAnswer::Blank => Err("empty answer".into()),
        }
    }
}

/// French puts a space before a colon, English does not.
/// A typed value quoted as the language quotes: « 7 » or "7".
fn quoted(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("«\u{a0}{text}\u{a0}»"),
        Lang::En => format!("\"{text}\""),
    }
}

fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " : ",
        Lang::En => ": ",
    }
}

/// Finds the respondent's earlier interview (to resume it) or starts a new response.
fn open_response(
    dir: &Path,
    engagement: &Engagement,
    opts: &InterviewOptions,
) -> Result<(Response, PathBuf, bool)> {
    let id = respondent_id(&opts.respondent, &engagement.responses).ok_or_else(|| {
        Error::Usage(format!(
            "--respondent \"{}\": expected a name with letters or digits",
            opts.respondent
        ))
    })?;
    if let Some(r) = engagement.responses.iter().find(|r| r.respondent.id == id) {
        if r.respondent.channel != Channel::Interview {
            return Err(Error::Usage(format!(
                "{}: respondent `{id}` answered through the `{}` channel: expected an interview file to resume (give another --respondent name)",
                r.file,
                r.respondent.channel.code()
            )));
        }
        if r.respondent.role != opts.role {
            return Err(Error::Usage(format!(
                "{}: respondent `{id}` was interviewed as `{}`: expected --role {} to resume",
                r.file, r.respondent.role, r.respondent.role
            )));
        }
        return Ok((r.clone(), PathBuf::from(&r.file), true));
    }
    let path = dir.join(RESPONSES_DIR).join(format!("{id}.toml"));
    let response = Response {
        file: path.display().to_string(),
        respondent: Respondent {
            id,
            name: Some(opts.respondent.trim().to_string()),
            role: opts.role.clone(),
            channel: Channel::Interview,
            date: Some(opts.date.clone().unwrap_or_else(engagement::today)),
            consultant: opts.consultant.clone(),
        },
        answers: BTreeMap::new(),
        notes: Default::default(),
    };
    Ok((response, path, false))
}

/// The questionnaire to go through, once the options are checked against the engagement.
fn check_options<'a>(
    engagement: &Engagement,
    catalog: &'a Catalog,
    opts: &InterviewOptions,
) -> Result<&'a Questionnaire> {
    let questionnaire = engagement.questionnaire(catalog, &opts.questionnaire)?;
    catalog
        .framework
        .check_role(&opts.role)
        .map_err(Error::Usage)?;
    if let Some(d) = &opts.date {
        crate::date::Date::parse(d).map_err(|msg| Error::Usage(format!("--date: {msg}")))?;
    }
    Ok(questionnaire)
}

fn io(e: std::io::Error) -> Error {
    Error::Usage(format!("terminal: {e}"))
}

/// A diagnostic at a line of the piped answers.
fn stdin_error(line: usize, message: impl Into<String>, question: Option<&str>) -> Error {
    let mut d = Diagnostic::new("<stdin>", message);
    d.position = Some((line, 1));
    d.id = question.map(str::to_string);
    Error::one(d)
}

impl Session<'_> {
    /// Who, which file, the progress per section and the keys.
    fn intro(&self, out: &mut dyn Write, resumed: bool) -> std::io::Result<()> {
        use crate::terminal::{DIM, PLAIN};
        let lang = self.lang;
        let r = &self.response.respondent;
        let role = self
            .catalog
            .framework
            .role(&r.role)
            .map_or(r.role.as_str(), |x| x.name.get(lang));
        let title = format!(
            "{} — {} ({}, {role})",
            self.labels.interview_title.get(lang),
            self.questionnaire.title.get(lang),
            r.name.as_deref().unwrap_or(&r.id),
        );
        writeln!(out, "{}", self.wrapped("", "  ", &title))?;
        let file = format!(
            "{}{}{}",
            self.labels.interview_file.get(lang),
            colon(lang),
            self.path.display()
        );
        writeln!(out, "{}", self.wrapped("", "  ", &file))?;
        writeln!(
            out,
            "{}/{} {}",
            self.answered(),
            self.questions.len(),
            self.labels.answered.get(lang)
        )?;
        write!(out, "{}", self.progress_by_section())?;
        let keys = self.labels.interview_keys.get(lang);
        writeln!(out, "{DIM}{}{PLAIN}", self.wrapped("", "  ", keys))?;
        if resumed {
            let resume = self.labels.interview_resume.get(lang);
            writeln!(out, "{}", self.wrapped("", "  ", resume))?;
        }
        Ok(())
    }

    /// The end of the questionnaire: what is answered, per section.
    fn outro(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let lang = self.lang;
        let (answered, total) = (self.answered(), self.questions.len());
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            self.wrapped("", "  ", self.labels.interview_end.get(lang))
        )?;
        if answered == total {
            writeln!(
                out,
                "{}",
                self.wrapped("", "  ", self.labels.interview_done.get(lang))
            )?;
        }
        writeln!(out, "{answered}/{total} {}", self.labels.answered.get(lang))?;
        write!(out, "{}", self.progress_by_section())
    }

    /// Records an answer (with the note it had, or one typed before it) and saves the file.
    fn answer(&mut self, index: usize, state: AnswerState) -> Result<()> {
        let id = self.questions[index].id.clone();
        let note = self
            .response
            .answers
            .get(&id)
            .and_then(|a| a.note.clone())
            .or_else(|| self.response.notes.remove(&id));
        self.response.answers.insert(id, Answer { state, note });
        self.save()
    }

    /// Adds a note to a question, after any note it has, and saves the file at once, whether
    /// the question is answered yet or not.
    fn note(&mut self, index: usize, note: &str) -> Result<()> {
        let id = self.questions[index].id.clone();
        let text = match self.response.answers.get_mut(&id) {
            Some(a) => a.note.get_or_insert_with(String::new),
            None => self.response.notes.entry(id).or_default(),
        };
        if !text.is_empty() {
            text.push_str(NOTE_SEPARATOR);
        }
        text.push_str(note);
        self.save()
    }
}

/// Runs an interview on `input`, writing prompts to `out`.
pub fn run(
    dir: &Path,
    catalog: &Catalog,
    opts: &InterviewOptions,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let responses_dir = dir.join(RESPONSES_DIR);
    // The respondent's file is read under the folder's lock (no import is half-way through it),
    // and the respondent's own lock is held until the interview ends: no other interview or
    // import writes this file meanwhile, so saving the whole file from memory loses nothing.
    let (engagement, questionnaire, response, path, resumed, lock) = {
        let _folder = Lock::folder(&responses_dir)?;
        let engagement = Engagement::load(dir, catalog)?;
        let questionnaire = check_options(&engagement, catalog, opts)?;
        let (response, path, resumed) = open_response(dir, &engagement, opts)?;
        let name = format!("{}.toml", response.respondent.id);
        let lock = Lock::file(&responses_dir, &name, || {
            format!(
                "another session is writing the answers of `{}` ({}): finish that interview or import first",
                response.respondent.id,
                path.display()
            )
        })?;
        (engagement, questionnaire, response, path, resumed, lock)
    };
    let mut s = Session {
        width: opts.width,
        help_shown: true,
        _lock: lock,
        responses_dir,
        catalog,
        labels: Labels::load()?,
        lang: opts.lang.unwrap_or(engagement.meta.language),
        questionnaire,
        questions: questionnaire.questions().collect(),
        response,
        path,
    };
    let (lang, total) = (s.lang, s.questions.len());
    s.intro(out, resumed).map_err(io)?;

    let mut index = s.first_unanswered();
    let mut line_no = 0;
    let mut bytes = Vec::new();
    // The question on screen: after a refused answer or a note, only the prompt is repeated.
    let mut shown = None;
    while index < total {
        if shown == Some(index) {
            write!(out, "> ").and_then(|()| out.flush()).map_err(io)?;
        } else {
            s.show(index, out).map_err(io)?;
            shown = Some(index);
        }
        bytes.clear();
        if input.read_until(b'\n', &mut bytes).map_err(io)? == 0 {
            // End of input: everything given so far is saved.
            writeln!(out).map_err(io)?;
            writeln!(
                out,
                "{}",
                s.wrapped("", "  ", s.labels.interview_quit.get(lang))
            )
            .map_err(io)?;
            break;
        }
        line_no += 1;
        let line = match std::str::from_utf8(&bytes) {
            Ok(line) => line,
            Err(e) if opts.batch => {
                let mut d = Diagnostic::new(
                    "<stdin>",
                    "not valid UTF-8: expected text in UTF-8 (the terminal's or the script's encoding)",
                );
                d.position = Some((line_no, valid_prefix_chars(&bytes, e.valid_up_to()) + 1));
                return Err(Error::one(d));
            }
            Err(_) => {
                writeln!(
                    out,
                    "{}{}{}",
                    s.labels.interview_invalid.get(lang),
                    colon(lang),
                    s.labels.interview_not_utf8.get(lang)
                )
                .map_err(io)?;
                continue;
            }
        };
        let say = match action(line) {
            Action::Quit => {
                writeln!(out, "{}", s.wrapped("", "  ", s.labels.interview_quit.get(lang))).map_err(io)?;
                break;
            }
            Action::Back if index == 0 => s.labels.interview_first.get(lang).to_string(),
            Action::Back => {
                index -= 1;
                continue;
            }
            Action::Skip => {
                index += 1;
                continue;
            }
            Action::Note(note) if note.is_empty() => continue,
            Action::ToggleHelp => {
                s.help_shown = !s.help_shown;
                shown = None;
                continue;
            }
            Action::Jump(target) if target == "?" => s.sections(),
            Action::Jump(target) => match s.target(&target) {
                Some(i) => {
                    index = i;
                    shown = None;
                    continue;
                }
                None if opts.batch => {
                    return Err(stdin_error(
                        line_no,
                        format!("no question or section `{target}`: expected :NUMBER, :QUESTION-ID, the start of a section's name, or : alone for the first unanswered question"),
                        None,
                    ))
                }
                None if target.is_empty() => s.labels.interview_done.get(lang).to_string(),
                None => s
                    .labels
                    .interview_no_target
                    .get(lang)
                    .replace("{target}", &target),
            },
            Action::Note(note) => {
                s.note(index, &note)?;
                if s.response.answers.contains_key(&s.questions[index].id) {
                    s.labels.interview_saved.get(lang).to_string()
                } else {
                    s.labels.interview_note_saved.get(lang).to_string()
                }
            }
            Action::Answer(text) => match s.parse(s.questions[index], &text) {
                Ok(state) => {
                    s.answer(index, state)?;
                    index += 1;
                    s.labels.interview_saved.get(lang).to_string()
                }
                Err(msg) if opts.batch => {
                    return Err(stdin_error(line_no, msg, Some(&s.questions[index].id)))
                }
                // The session's language: what was typed, and what the question takes.
                Err(_) => format!(
                    "{}{}{}{}{}",
                    s.labels.interview_invalid.get(lang),
                    colon(lang),
                    quoted(text.as_str(), lang),
                    colon(lang),
                    s.questions[index].expected_text(&s.catalog.framework.likert_labels, lang)
                ),
            },
        };
        writeln!(out, "{}", s.wrapped("", "  ", &say)).map_err(io)?;
    }
    if opts.batch && index >= total {
        // A script with more lines than questions is out of step with the questionnaire.
        loop {
            bytes.clear();
            if input.read_until(b'\n', &mut bytes).map_err(io)? == 0 {
                break;
            }
            line_no += 1;
            if !bytes.trim_ascii().is_empty() {
                return Err(stdin_error(
                    line_no,
                    "input left after the last question (the answers before it are saved): expected one line per question",
                    None,
                ));
            }
        }
    }
    if index >= total {
        s.outro(out).map_err(io)?;
    }
    Ok(Outcome {
        lang,
        answered: s.answered(),
        file: s.path,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_actions() {
        assert_eq!(action("q\n"), Action::Quit);
        assert_eq!(action(" < "), Action::Back);
        assert_eq!(action(""), Action::Skip);
        assert_eq!(action(">"), Action::Skip);
        assert_eq!(
            action("! voir le wiki"),
            Action::Note("voir le wiki".into())
        );
        assert_eq!(action("\\q"), Action::Answer("q".into()));
        assert_eq!(action("3\r\n"), Action::Answer("3".into()));
        assert_eq!(action("?"), Action::Answer("?".into()));
    }
}
