//! Text on its way to a terminal. Messages echo what clients wrote — a survey cell, a column
//! header, a form download's value, a repository's folder name — and a terminal obeys the control
//! sequences such text can carry (retitle the window, clear the screen and hide earlier errors,
//! write the clipboard, spoof a link). Every control character but the line break and the tab is
//! shown escaped (`\u{1b}`), as are the bidirectional overrides that reorder what is read.

use std::borrow::Cow;
use std::io::{self, Write};

/// Style marks a screen writes around text (private-use characters): a [`SafeWriter`] turns them
/// into bold, dim and plain on a terminal that takes styles, and drops them elsewhere.
pub const BOLD: char = '\u{E000}';
pub const DIM: char = '\u{E001}';
pub const PLAIN: char = '\u{E002}';

fn is_mark(c: char) -> bool {
    matches!(c, BOLD | DIM | PLAIN)
}

fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A message (which may span lines) with every control character but `\n` and `\t`, and every
/// bidirectional override, escaped.
pub fn safe(text: &str) -> Cow<'_, str> {
    escaped(text, |c| {
        (c.is_control() && c != '\n' && c != '\t') || is_bidi_override(c) || is_mark(c)
    })
}

/// A value shown on one line (a folder name, a cell): every control character escaped, line
/// breaks and tabs too, so it cannot fake a line of output.
pub fn safe_line(text: &str) -> Cow<'_, str> {
    escaped(text, |c| {
        c.is_control() || is_bidi_override(c) || is_mark(c)
    })
}

/// A writer that escapes what goes through it as [`safe`] does, for screens (the interview)
/// that print text read from files; the style marks ([`BOLD`], [`DIM`], [`PLAIN`]) become
/// styles when `styled`, nothing otherwise.
pub struct SafeWriter<W: Write> {
    inner: W,
    styled: bool,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W, styled: bool) -> Self {
        SafeWriter { inner, styled }
    }
}

/// The escape sequence of a style mark.
fn style_of(mark: char) -> &'static str {
    match mark {
        BOLD => "\u{1b}[1m",
        DIM => "\u{1b}[2m",
        _ => "\u{1b}[0m",
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // `write!` hands over whole `str` pieces; bytes that are not UTF-8 are escaped one by one.
        let text = String::from_utf8_lossy(buf);
        let shown = match &text {
            Cow::Borrowed(s) if s.chars().any(is_mark) => Cow::Owned(
                s.split_inclusive(is_mark)
                    .map(|piece| {
                        let mut chars = piece.chars();
                        match chars.next_back() {
                            Some(m) if is_mark(m) => {
                                let style = if self.styled { style_of(m) } else { "" };
                                format!("{}{style}", safe(chars.as_str()))
                            }
                            _ => safe(piece).into_owned(),
                        }
                    })
                    .collect(),
            ),
            Cow::Borrowed(s) => safe(s),
            Cow::Owned(_) => Cow::Owned(
                buf.iter()
                    .map(|b| {
                        if b.is_ascii() {
                            safe(&char::from(*b).to_string()).into_owned()
                        } else {
                            format!("\\x{b:02x}")
                        }
                    })
                    .collect(),
            ),
        };
        self.inner.write_all(shown.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d1b_escape_sequences_are_shown_not_obeyed() {
        assert_eq!(
            safe("a\u{1b}]0;PWNED\u{7}\u{1b}[2J b"),
            "a\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J b"
        );
        assert_eq!(
            safe("x\u{9b}31m\u{202e}y\u{7f}"),
            "x\\u{9b}31m\\u{202e}y\\u{7f}"
        );
        assert!(matches!(safe("line\n\tnext é"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_one_line_value_escapes_line_breaks_too() {
        assert_eq!(
            safe_line("a\u{1b}]0;x\u{7}\u{7f}\u{9b}b\tc\nd"),
            "a\\u{1b}]0;x\\u{7}\\u{7f}\\u{9b}b\\u{9}c\\u{a}d"
        );
        assert!(matches!(safe_line("café\\x1b ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn style_marks_become_styles_on_a_styled_screen_and_nothing_elsewhere() {
        let text = format!("{BOLD}Question{PLAIN} {DIM}aide\u{1b}[2J{PLAIN}");
        let mut styled = SafeWriter::new(Vec::new(), true);
        write!(styled, "{text}").unwrap();
        assert_eq!(
            String::from_utf8(styled.inner).unwrap(),
            "\u{1b}[1mQuestion\u{1b}[0m \u{1b}[2maide\\u{1b}[2J\u{1b}[0m"
        );
        let mut plain = SafeWriter::new(Vec::new(), false);
        write!(plain, "{text}").unwrap();
        assert_eq!(
            String::from_utf8(plain.inner).unwrap(),
            "Question aide\\u{1b}[2J"
        );
        assert_eq!(
            safe(&text),
            "\\u{e000}Question\\u{e002} \\u{e001}aide\\u{1b}[2J\\u{e002}"
        );
    }

    #[test]
    fn the_safe_writer_escapes_text_and_stray_bytes() {
        let mut out = SafeWriter::new(Vec::new(), false);
        let typed = "ok\u{1b}[2J";
        write!(out, "{typed}|").unwrap();
        out.write_all(b"\xff\x1b").unwrap();
        assert_eq!(
            String::from_utf8(out.inner).unwrap(),
            "ok\\u{1b}[2J|\\xff\\u{1b}"
        );
    }
}
