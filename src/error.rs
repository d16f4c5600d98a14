//! One error type for the library. Every input problem is a [`Diagnostic`] that says *where*
//! (file, line and column, or the id at fault) and *what was expected*.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in a user's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// File the problem is in (a path, or `<embedded>/…` for built-in data).
    pub file: String,
    /// 1-based line and column, when the position is known.
    pub position: Option<(usize, usize)>,
    /// The id at fault (question, axis, respondent…), when there is one.
    pub id: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            position: None,
            id: None,
            message: message.into(),
        }
    }

    /// Places the diagnostic at a byte offset of `source`.
    pub fn at(mut self, source: &str, offset: usize) -> Self {
        self.position = Some(line_col(source, offset));
        self
    }

    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": ")?;
        if let Some(id) = &self.id {
            write!(f, "[{id}] ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", format_diagnostics(.0))]
    Input(Vec<Diagnostic>),
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("{0}")]
    Usage(String),
    /// A folder given as an engagement holds no `engagement.toml`.
    #[error("{0}")]
    NotEngagement(String),
    /// Another session holds what this command would write (an interview is open).
    #[error("{0}")]
    Busy(String),
}

fn format_diagnostics(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.to_string());
    }
    if diags.len() > 1 {
        out.push_str(&format!("\n{} problems found", diags.len()));
    }
    out
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn one(diag: Diagnostic) -> Self {
        Error::Input(vec![diag])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a `toml` deserialisation error into a diagnostic with line and column.
pub fn toml_diagnostic(file: &str, source: &str, err: &toml::de::Error) -> Diagnostic {
    // toml's messages may span lines ("invalid inline table\nexpected `}`"); keep one line.
    let message = err
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    let found = err
        .span()
        .and_then(|span| source.get(span.start..))
        .and_then(|rest| rest.chars().next());
    let message = match found {
        // toml names no cause for a control character (the message may be empty): name it.
        Some(c) if c.is_control() && c != '\n' && c != '\t' => {
            let what = format!(
                "control character U+{:04X} is not allowed in TOML: expected printable text (inside a string, write it as the escape \\u{:04X})",
                u32::from(c),
                u32::from(c)
            );
            if message.is_empty() {
                what
            } else {
                format!("{message}: {what}")
            }
        }
        _ if message.is_empty() => match found {
            Some(c) => format!("unexpected {c:?}: expected valid TOML"),
            None => "unexpected end of file: expected valid TOML".to_string(),
        },
        _ => message,
    };
    let diag = Diagnostic::new(file, message);
    match err.span() {
        Some(span) => diag.at(source, span.start),
        None => diag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let s = "a = 1\nbé = 2\n";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 6), (2, 1));
        assert_eq!(line_col(s, 9), (2, 3));
    }

    #[test]
    fn diagnostic_display_names_file_position_and_id() {
        let d = Diagnostic::new("q.toml", "expected a level from 1 to 4")
            .at("x\ny", 2)
            .with_id("inv.funding");
        assert_eq!(
            d.to_string(),
            "q.toml:2:1: [inv.funding] expected a level from 1 to 4"
        );
    }
}
