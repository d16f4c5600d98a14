//! Where input text comes from (a user's file or the embedded defaults) and how TOML is parsed
//! into typed structs with positioned errors.

use crate::error::{toml_diagnostic, Diagnostic, Error, Result};
use serde::de::DeserializeOwned;
use std::path::Path;

/// A text file's name (as shown in messages) and contents.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn read(path: &Path) -> Result<Source> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::one(Diagnostic::new(
                path.display().to_string(),
                format!(
                    "not valid UTF-8 (byte {}): expected a UTF-8 text file",
                    e.utf8_error().valid_up_to()
                ),
            ))
        })?;
        Ok(Source {
            name: path.display().to_string(),
            text,
        })
    }

    pub fn embedded(path: &str, text: &str) -> Source {
        Source {
            name: format!("<embedded>/{path}"),
            text: text.to_string(),
        }
    }

    /// Parses the whole file as `T`; a syntax or schema error names the line and column.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        toml::from_str(&self.text)
            .map_err(|e| Error::one(toml_diagnostic(&self.name, &self.text, &e)))
    }

    /// A diagnostic for this file, placed at a byte offset.
    pub fn diag_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.name, message).at(&self.text, offset)
    }

    pub fn diag(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.name, message)
    }
}

/// Writes a file atomically: the content goes to a temporary file in the same folder, which is
/// flushed to disk and then renamed over the target, so a reader never sees a half-written file.
pub fn write_atomic(path: &Path, content: &[u8]) -> Result<()> {
    write_renamed(path, content, true)
}

/// Writes a file under a temporary name in its folder, then renames it into place; with
/// `durable`, the content is flushed to disk before the rename. The file gets the permissions
/// of any file the process creates (0666 less the umask), not the 0600 of a temporary file.
pub fn write_renamed(path: &Path, content: &[u8], durable: bool) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(content).map_err(|e| Error::io(path, e))?;
    if durable {
        tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Demo {
        a: u32,
    }

    #[test]
    fn parse_error_names_line_and_column() {
        let src = Source {
            name: "x.toml".into(),
            text: "a = 1\nb = 2\n".into(),
        };
        let err = src.parse::<Demo>().unwrap_err().to_string();
        assert!(err.starts_with("x.toml:2:1: "), "{err}");
        assert!(err.contains("unknown field `b`"), "{err}");
    }

    #[test]
    #[cfg(unix)]
    fn written_files_follow_the_umask_not_the_temporary_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        write_atomic(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // A file created the ordinary way shows what the umask gives.
        let probe = dir.path().join("probe");
        std::fs::write(&probe, b"x").unwrap();
        let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected);
    }

    #[test]
    fn write_atomic_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/f.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }
}
