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

/// The largest text input read (64 MiB): far above any real questionnaire, engagement, response
/// or scan file, and a bound on what a mistaken or hostile file (a symlink to `/dev/zero`) costs.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

impl Source {
    /// Reads a UTF-8 text file. Only a regular file is read (a symlink is followed, then the
    /// opened handle is checked, so nothing can be swapped in between): a FIFO, a device or a
    /// folder is refused without reading a byte, as is a file over [`MAX_INPUT_BYTES`]. A UTF-8
    /// byte-order mark is dropped; UTF-16 and invalid UTF-8 are refused at their line and column.
    pub fn read(path: &Path) -> Result<Source> {
        let name = path.display().to_string();
        let bytes = read_regular(path, &name)?;
        let text = decode(&name, bytes)?;
        Ok(Source { name, text })
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

    /// Parses the whole file as JSON `T`; a syntax or schema error names the line and column.
    pub fn parse_json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(&self.text).map_err(|e| {
            // serde_json counts columns in bytes and appends " at line L column C": place the
            // message at the character instead, once.
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            let line_start: usize = self
                .text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum();
            let offset = line_start + e.column().saturating_sub(1);
            let mut offset = offset.min(self.text.len());
            while !self.text.is_char_boundary(offset) {
                offset -= 1;
            }
            Error::one(self.diag_at(offset, message))
        })
    }

    /// A diagnostic for this file, placed at a byte offset.
    pub fn diag_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.name, message).at(&self.text, offset)
    }

    pub fn diag(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.name, message)
    }
}

/// A number read from a file that is finite: `nan` and `inf` (which TOML allows) are refused
/// where they are written, so no range or order check downstream ever compares with NaN.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
#[serde(transparent)]
pub struct Finite(f64);

impl Finite {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl<'de> serde::Deserialize<'de> for Finite {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Finite, D::Error> {
        let x = f64::deserialize(d)?;
        if x.is_finite() {
            Ok(Finite(x))
        } else {
            Err(serde::de::Error::custom(format!(
                "{x} is not a finite number: expected a number such as 0.5 (nan and inf are not numbers here)"
            )))
        }
    }
}

/// The bytes of an input file (a form, a survey export, a workbook), read as [`Source::read`]
/// reads text: only a regular file, of at most [`MAX_INPUT_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    read_regular(path, &path.display().to_string())
}

/// The text of an input file's bytes, decoded as [`Source::read`] decodes: UTF-8, a byte-order
/// mark dropped, UTF-16 named, an invalid byte placed at its line and column.
pub fn decode_text(name: &str, bytes: Vec<u8>) -> Result<String> {
    decode(name, bytes)
}

/// Opens `path` without blocking (a FIFO would wait for a writer) and reads it if the opened
/// handle is a regular file of at most [`MAX_INPUT_BYTES`].
fn read_regular(path: &Path, name: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let not_regular = |meta: &std::fs::Metadata| {
        Error::one(Diagnostic::new(
            name,
            format!(
                "{}, not a regular file: expected a file (nothing was read from it)",
                file_kind(meta)
            ),
        ))
    };
    // Not even opened when it is plainly not a file (opening a device can have effects)…
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() {
            return Err(not_regular(&meta));
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((OFlags::NONBLOCK | OFlags::NOCTTY).bits() as i32);
    }
    let file = options.open(path).map_err(|e| Error::io(path, e))?;
    // …and checked again on the opened handle, in case it was swapped since.
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let too_big = || {
        Error::one(Diagnostic::new(
            name,
            format!(
                "larger than {} MiB, the limit for an input file: expected a text file of at most {MAX_INPUT_BYTES} bytes",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        ))
    };
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    // The size may change after the check: never read more than the limit.
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, for messages.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// The text of a file's bytes: UTF-8, with any byte-order mark dropped.
fn decode(name: &str, mut bytes: Vec<u8>) -> Result<String> {
    if let Some(kind) = utf16_kind(&bytes) {
        return Err(Error::one(Diagnostic::new(
            name,
            format!("this file is UTF-16 ({kind}): save it as UTF-8"),
        )));
    }
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The prefix before the first invalid byte is valid UTF-8 by definition.
        let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let bad = bytes.get(valid).copied().unwrap_or_default();
        Error::one(
            Diagnostic::new(
                name,
                format!(
                    "not valid UTF-8 (byte 0x{bad:02X}): expected a UTF-8 text file (save it as UTF-8; Latin-1 or Windows-1252 text is not read)"
                ),
            )
            .at(before, before.len()),
        )
    })
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether bytes look like UTF-16: a UTF-16 byte-order mark, or text whose every other byte is
/// NUL (ASCII written as UTF-16 without a mark; a UTF-8 text file holds no NUL).
fn utf16_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some("little-endian, with a byte-order mark");
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("big-endian, with a byte-order mark");
    }
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_at = |parity: usize| {
        head.chunks_exact(2)
            .filter(|p| p[parity] == 0 && p[1 - parity] != 0)
            .count()
    };
    if zero_at(1) * 4 >= pairs * 3 {
        Some("little-endian, without a byte-order mark")
    } else if zero_at(0) * 4 >= pairs * 3 {
        Some("big-endian, without a byte-order mark")
    } else {
        None
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

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Numbers {
        up_to: Option<Finite>,
        levels: Vec<Finite>,
    }

    #[test]
    fn d4_10_non_finite_numbers_are_refused_where_they_are_written() {
        for (text, at) in [
            ("up_to = nan\nlevels = []\n", "x.toml:1:9: "),
            ("levels = [0.5, inf]\n", "x.toml:1:10: "),
        ] {
            let src = Source {
                name: "x.toml".into(),
                text: text.into(),
            };
            let err = src.parse::<Numbers>().unwrap_err().to_string();
            assert!(err.starts_with(at), "{err}");
            assert!(
                err.contains("is not a finite number: expected a number"),
                "{err}"
            );
        }
    }

    #[test]
    fn d4_18_encodings_are_named_and_invalid_bytes_placed() {
        let be: Vec<u8> = "a = 1\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let with_bom = [vec![0xFE, 0xFF], be.clone()].concat();
        for (bytes, kind) in [
            (with_bom, "big-endian, with a byte-order mark"),
            (be, "big-endian, without a byte-order mark"),
        ] {
            let err = decode("f.toml", bytes).unwrap_err().to_string();
            assert_eq!(
                err,
                format!("f.toml: this file is UTF-16 ({kind}): save it as UTF-8")
            );
        }
        let err = decode("f.toml", b"a = 1\nb = \"\xff\"\n".to_vec())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("f.toml:2:6: not valid UTF-8 (byte 0xFF)"),
            "{err}"
        );
        // A stray NUL is not UTF-16: the parser names it where it is.
        assert_eq!(
            decode("f.toml", b"a\0bc = 1".to_vec()).unwrap(),
            "a\0bc = 1"
        );
        assert_eq!(
            decode("f.toml", b"\xEF\xBB\xBFa = 1".to_vec()).unwrap(),
            "a = 1"
        );
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
