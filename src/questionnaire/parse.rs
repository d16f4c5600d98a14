//! Answers typed as text — a CSV or spreadsheet cell, a survey export, a line of an interview —
//! read into the value [`Question::check_value`] accepts. People write Likert labels, yes/no
//! words and choice labels in either language, and numbers with `,` or `.` decimals; all are
//! turned into the one canonical value, so every channel scores alike.

use super::{Choice, Kind, Question, Value};
use crate::framework::Framework;
use crate::i18n::{Lang, Text};

/// What a text cell says about one question.
#[derive(Debug, Clone, PartialEq)]
pub enum TextAnswer {
    /// Nothing written: the question is unanswered.
    Blank,
    DontKnow,
    NotApplicable,
    Value(Value),
}

/// Words (compared without case or accents) that mean "don't know", in both languages.
const DONT_KNOW: &[&str] = &[
    "?",
    "dk",
    "don't know",
    "dont know",
    "do not know",
    "nsp",
    "ne sais pas",
    "ne sait pas",
    "je ne sais pas",
];

/// Words (compared without case or accents) that mean "not applicable", in both languages.
const NOT_APPLICABLE: &[&str] = &[
    "-",
    "n/a",
    "na",
    "not applicable",
    "s.o.",
    "s/o",
    "sans objet",
    "non applicable",
];

const YES: &[&str] = &["yes", "y", "oui", "o", "true", "vrai"];
const NO: &[&str] = &["no", "n", "non", "false", "faux"];

/// Lowercase, accents folded, typographic apostrophes and blanks normalised: how labels are
/// compared, so "Plutôt d’accord" matches "plutot d'accord".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        for lower in c.to_lowercase() {
            match lower {
                '’' | '‘' | '`' | '´' => out.push('\''),
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => out.push('a'),
                'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' => out.push('e'),
                'í' | 'ì' | 'î' | 'ï' => out.push('i'),
                'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
                'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'ç' | 'ć' | 'č' => out.push('c'),
                'ñ' | 'ń' | 'ň' => out.push('n'),
                'ś' | 'š' => out.push('s'),
                'ź' | 'ż' | 'ž' => out.push('z'),
                'ř' => out.push('r'),
                'ł' => out.push('l'),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ß' => out.push_str("ss"),
                other => out.push(other),
            }
        }
    }
    out
}

fn is_one_of(folded: &str, words: &[&str]) -> bool {
    words.contains(&folded)
}

/// The choice a text names: its id, or its label in either language.
fn choice_of<'c>(choices: &'c [Choice], raw: &str) -> Option<&'c Choice> {
    let folded = fold(raw);
    choices
        .iter()
        .find(|c| c.id == raw)
        .or_else(|| choices.iter().find(|c| label_matches(&folded, &c.label)))
}

fn label_matches(folded: &str, label: &Text) -> bool {
    Lang::ALL
        .iter()
        .any(|l| fold(label.get(*l)) == folded && !folded.is_empty())
}

/// A point of a scale written as a whole number, alone (`3`, and `3.0` or `3,0` as a spreadsheet
/// writes it) or followed by one of that point's own labels (`3 - Scalable`, `4 (Agree)`,
/// `3. Évolutif`). `None` when the text does not start with a digit. Anything else that starts
/// with one — `2.5`, `3/5`, `3.5 - Scalable`, or `4 - Provisional` whose label is another
/// point's — is an error: a value is never read from part of a cell.
fn scale_point<'a>(
    raw: &str,
    labels_of: impl Fn(i64) -> Vec<&'a Text>,
) -> Option<Result<i64, String>> {
    let digits = raw.len() - raw.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let wrong = || Err(String::new());
    let Some(n) = raw[..digits].parse::<i64>().ok().filter(|_| digits <= 9) else {
        return Some(wrong());
    };
    let rest = &raw[digits..];
    let zeros = rest
        .strip_prefix(['.', ','])
        .is_some_and(|z| !z.is_empty() && z.chars().all(|c| c == '0'));
    if rest.trim().is_empty() || zeros {
        return Some(Ok(n));
    }
    let rest = rest.trim_start();
    let Some(sep) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '–' | '—' | ':' | '.' | ')' | '(' | '='))
    else {
        return Some(wrong());
    };
    let mut label = rest[sep.len_utf8()..].trim();
    if sep == '(' {
        match label.strip_suffix(')') {
            Some(inner) => label = inner.trim(),
            None => return Some(wrong()),
        }
    }
    let folded = fold(label);
    if folded.is_empty() || labels_of(n).iter().any(|l| label_matches(&folded, l)) {
        return Some(Ok(n));
    }
    // Name the point the label belongs to, when it is another one's.
    let owner = (1..=9).find(|m| labels_of(*m).iter().any(|l| label_matches(&folded, l)));
    Some(Err(match owner {
        Some(m) => format!(" (the label \"{label}\" is point {m}'s, not {n}'s)"),
        None => String::new(),
    }))
}

/// A number written with `.` or `,` as decimal mark, blanks (also non-breaking) as thousands
/// separators, an optional sign.
pub fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_'))
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    let normalised = match (cleaned.matches(',').count(), cleaned.contains('.')) {
        (0, _) => cleaned,
        // 1,5 → 1.5
        (1, false) => cleaned.replace(',', "."),
        // 1,200.5 → 1200.5
        (_, true) => cleaned.replace(',', ""),
        _ => return None,
    };
    let ok = normalised
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !ok {
        return None;
    }
    normalised.parse::<f64>().ok().filter(|n| n.is_finite())
}

impl Question {
    /// Reads a text answer. `likert` is the framework's five agreement labels. Blank text is
    /// [`TextAnswer::Blank`]; anything else is a value the question accepts, "don't know",
    /// "not applicable", or an error saying what was expected.
    pub fn parse_text(&self, text: &str, fw: &Framework) -> Result<TextAnswer, String> {
        let likert = &fw.likert_labels;
        let raw = text.trim();
        if raw.is_empty() {
            return Ok(TextAnswer::Blank);
        }
        let folded = fold(raw);
        if is_one_of(&folded, DONT_KNOW) {
            return Ok(TextAnswer::DontKnow);
        }
        if is_one_of(&folded, NOT_APPLICABLE) {
            return Ok(TextAnswer::NotApplicable);
        }
        let index = |n: i64| usize::try_from(n - 1).ok();
        let scale = match &self.kind {
            Kind::Level { descriptors } => scale_point(raw, |n| {
                let level = index(n).and_then(|i| fw.levels.get(i)).map(|l| &l.name);
                let descriptor = index(n).and_then(|i| descriptors.get(i));
                level.into_iter().chain(descriptor).collect()
            }),
            Kind::Likert { .. } => scale_point(raw, |n| {
                index(n).and_then(|i| likert.get(i)).into_iter().collect()
            }),
            _ => None,
        };
        let candidate = match (&self.kind, scale) {
            (_, Some(Err(why))) => {
                return Err(format!(
                    "\"{raw}\"{why}: expected {}",
                    self.expected_text(likert, Lang::En)
                ))
            }
            (_, Some(Ok(n))) => Some(toml::Value::Integer(n)),
            // A level by its name alone, in either language (`Scalable`, `Évolutif`).
            (Kind::Level { .. }, None) => fw
                .levels
                .iter()
                .find(|l| label_matches(&folded, &l.name))
                .map(|l| toml::Value::Integer(i64::from(l.level))),
            (Kind::Likert { .. }, None) => likert
                .iter()
                .position(|l| label_matches(&folded, l))
                .map(|i| toml::Value::Integer(i as i64 + 1)),
            (Kind::YesNo { .. }, _) => {
                if is_one_of(&folded, YES) || folded == "1" {
                    Some(toml::Value::Boolean(true))
                } else if is_one_of(&folded, NO) || folded == "0" {
                    Some(toml::Value::Boolean(false))
                } else {
                    None
                }
            }
            (Kind::Choice { choices }, _) => {
                choice_of(choices, raw).map(|c| toml::Value::String(c.id.clone()))
            }
            // Several choices in one cell, as survey tools join them (`,` or `;`).
            (Kind::Multi { choices }, _) => raw
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .map(|part| choice_of(choices, part).map(|c| toml::Value::String(c.id.clone())))
                .collect::<Option<Vec<_>>>()
                .map(toml::Value::Array),
            (Kind::Number { .. }, _) => parse_number(raw).map(toml::Value::Float),
            (Kind::Text, _) => Some(toml::Value::String(raw.to_string())),
        };
        match candidate {
            Some(v) => self.check_value(&v).map(TextAnswer::Value).map_err(|e| {
                let expected = e.split_once(": ").map_or(e.as_str(), |(_, r)| r);
                format!("\"{raw}\": {expected}")
            }),
            None => Err(format!(
                "\"{raw}\": expected {}",
                self.expected_text(likert, Lang::En)
            )),
        }
    }

    /// What a text answer to this question may be, in a language (files' errors are in English;
    /// the interview speaks the session's language).
    pub fn expected_text(&self, likert: &[Text], lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let tail = if fr {
            "ou ? (je ne sais pas) ou - (sans objet)"
        } else {
            "or ? (don't know) or - (not applicable)"
        };
        let labels = |texts: Vec<&str>| texts.join(", ");
        match &self.kind {
            Kind::Level { .. } if fr => format!("un niveau de 1 à 4 ou son nom, {tail}"),
            Kind::Level { .. } => format!("a level from 1 to 4, {tail}"),
            Kind::Likert { .. } => {
                let names = labels(likert.iter().map(|l| l.get(lang)).collect());
                if fr {
                    format!("un accord de 1 à 5 ou son libellé ({names}), {tail}")
                } else {
                    format!("an agreement from 1 to 5 or its label ({names}), {tail}")
                }
            }
            Kind::YesNo { .. } if fr => format!("oui ou non, {tail}"),
            Kind::YesNo { .. } => format!("yes or no (oui or non), {tail}"),
            Kind::Choice { choices } | Kind::Multi { choices } => {
                let names = labels(choices.iter().map(|c| c.label.get(lang)).collect());
                let ids = choices
                    .iter()
                    .map(|c| format!("\"{}\" ({})", c.id, c.label.get(lang)))
                    .collect::<Vec<_>>()
                    .join(", ");
                match (matches!(self.kind, Kind::Multi { .. }), fr) {
                    (false, true) => format!("l'un des choix ({names}) par son numéro, {tail}"),
                    (false, false) => format!("one of {ids}, {tail}"),
                    (true, true) => format!("un ou plusieurs des choix ({names}) par leurs numéros séparés par des virgules, {tail}"),
                    (true, false) => format!("one or more of {ids}, separated by commas, {tail}"),
                }
            }
            Kind::Number { min, max, .. } => {
                let range = match (min, max, fr) {
                    (Some(lo), Some(hi), false) => format!(" from {lo} to {hi}"),
                    (Some(lo), Some(hi), true) => format!(" de {lo} à {hi}"),
                    (Some(lo), None, false) => format!(" of at least {lo}"),
                    (Some(lo), None, true) => format!(" d'au moins {lo}"),
                    (None, Some(hi), false) => format!(" of at most {hi}"),
                    (None, Some(hi), true) => format!(" d'au plus {hi}"),
                    (None, None, _) => String::new(),
                };
                if fr {
                    format!("un nombre{range} (virgule ou point décimal), {tail}")
                } else {
                    format!("a number{range} (`.` or `,` as decimal mark), {tail}")
                }
            }
            Kind::Text if fr => "un texte".to_string(),
            Kind::Text => "a text".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::tests::question;
    use crate::questionnaire::{Band, Choice};

    /// The embedded framework: its level names and Likert labels.
    fn framework() -> Framework {
        crate::questionnaire::Catalog::load(&[]).unwrap().framework
    }

    fn value(q: &Question, s: &str) -> Result<TextAnswer, String> {
        q.parse_text(s, &framework())
    }

    #[test]
    fn fold_ignores_case_accents_apostrophes_and_blanks() {
        assert_eq!(fold("  Plutôt   D’ACCORD "), "plutot d'accord");
        assert_eq!(fold("Núñez Œuvre Łódź"), "nunez oeuvre lodz");
    }

    #[test]
    fn blank_dont_know_and_not_applicable_in_both_languages() {
        let q = question(Kind::Level {
            descriptors: Vec::new(),
        });
        assert_eq!(value(&q, "  "), Ok(TextAnswer::Blank));
        for s in ["?", "Don’t know", "ne sais pas", "NSP"] {
            assert_eq!(value(&q, s), Ok(TextAnswer::DontKnow), "{s}");
        }
        for s in ["-", "N/A", "Sans objet", "not applicable"] {
            assert_eq!(value(&q, s), Ok(TextAnswer::NotApplicable), "{s}");
        }
    }

    #[test]
    fn levels_accept_a_number_with_or_without_its_label() {
        let q = question(Kind::Level {
            descriptors: Vec::new(),
        });
        assert_eq!(value(&q, "3"), Ok(TextAnswer::Value(Value::Int(3))));
        assert_eq!(
            value(&q, "2 - Operational"),
            Ok(TextAnswer::Value(Value::Int(2)))
        );
        assert_eq!(value(&q, "4.0"), Ok(TextAnswer::Value(Value::Int(4))));
        assert_eq!(value(&q, "2,00"), Ok(TextAnswer::Value(Value::Int(2))));
        assert_eq!(
            value(&q, "3. Évolutif"),
            Ok(TextAnswer::Value(Value::Int(3)))
        );
        let err = value(&q, "5").unwrap_err();
        assert!(err.contains("expected a level from 1 to 4"), "{err}");
        let err = value(&q, "high").unwrap_err();
        assert_eq!(
            err,
            "\"high\": expected a level from 1 to 4, or ? (don't know) or - (not applicable)"
        );
    }

    /// D4.13: a cell is a value only when it is exactly an allowed one; a decimal, a fraction or
    /// a label of another level is refused, never read by its leading digit.
    #[test]
    fn d4_13_levels_and_likert_points_are_never_read_from_part_of_a_cell() {
        let level = question(Kind::Level {
            descriptors: Vec::new(),
        });
        for cell in [
            "2.5",
            "3.9",
            "4.999",
            "2.9999999",
            "3.5 - Scalable",
            "3/5",
            "1,5",
            "1.0001",
            "2 apples",
            "3 (Scalable",
        ] {
            let err = value(&level, cell).unwrap_err();
            assert!(
                err.starts_with(&format!("\"{cell}\""))
                    && err.contains("expected a level from 1 to 4"),
                "{cell}: {err}"
            );
        }
        let err = value(&level, "4 - Provisional").unwrap_err();
        assert!(
            err.contains("the label \"Provisional\" is point 1's, not 4's"),
            "{err}"
        );
        assert!(value(&level, "1 - Optimizing").is_err());
        let likert = question(Kind::Likert { reverse: false });
        for cell in ["2.5", "4/5", "5 - Disagree", "3.0001"] {
            let err = value(&likert, cell).unwrap_err();
            assert!(
                err.contains("expected an agreement from 1 to 5"),
                "{cell}: {err}"
            );
        }
        assert_eq!(
            value(&likert, "4 - Plutôt d'accord"),
            Ok(TextAnswer::Value(Value::Int(4)))
        );
    }

    #[test]
    fn likert_accepts_numbers_and_labels_in_either_language() {
        let q = question(Kind::Likert { reverse: false });
        assert_eq!(value(&q, "4"), Ok(TextAnswer::Value(Value::Int(4))));
        assert_eq!(
            value(&q, "plutôt d’accord"),
            Ok(TextAnswer::Value(Value::Int(4)))
        );
        assert_eq!(
            value(&q, "Strongly Agree"),
            Ok(TextAnswer::Value(Value::Int(5)))
        );
        assert_eq!(
            value(&q, "1 (Strongly disagree)"),
            Ok(TextAnswer::Value(Value::Int(1)))
        );
        assert!(value(&q, "6").unwrap_err().contains("from 1 to 5"));
        assert!(value(&q, "meh").unwrap_err().contains("Strongly disagree"));
    }

    #[test]
    fn yes_no_words_in_either_language() {
        let q = question(Kind::YesNo { reverse: false });
        for s in ["yes", "Oui", "O", "true", "1"] {
            assert_eq!(
                value(&q, s),
                Ok(TextAnswer::Value(Value::Bool(true))),
                "{s}"
            );
        }
        for s in ["no", "NON", "faux", "0"] {
            assert_eq!(
                value(&q, s),
                Ok(TextAnswer::Value(Value::Bool(false))),
                "{s}"
            );
        }
        assert!(value(&q, "maybe").is_err());
    }

    fn multi() -> Question {
        let choice = |id: &str, fr: &str, en: &str| Choice {
            id: id.into(),
            label: Text::new(fr, en),
            score: None,
            cluster: None,
            outside: false,
        };
        question(Kind::Multi {
            choices: vec![
                choice("reviews", "Attendre une revue", "Waiting for a review"),
                choice("tests", "Tests instables", "Flaky tests"),
                choice("docs", "Documentation dépassée", "Outdated documentation"),
            ],
        })
    }

    #[test]
    fn several_choices_by_id_or_label_joined_as_survey_tools_join_them() {
        let q = multi();
        let list = |ids: &[&str]| {
            Ok(TextAnswer::Value(Value::List(
                ids.iter().map(|s| s.to_string()).collect(),
            )))
        };
        // Google Forms joins with ", ", Microsoft Forms with ";"; the question's order is kept
        // whatever the order ticked, and a label reads in either language.
        assert_eq!(
            value(&q, "Outdated documentation, Waiting for a review"),
            list(&["reviews", "docs"])
        );
        assert_eq!(
            value(&q, "tests;Attendre une revue;"),
            list(&["reviews", "tests"])
        );
        assert_eq!(value(&q, "docs"), list(&["docs"]));
        assert_eq!(value(&q, "?"), Ok(TextAnswer::DontKnow));
        let err = value(&q, "Flaky tests, Coffee").unwrap_err();
        assert!(err.contains("one or more of \"reviews\""), "{err}");
        let err = value(&q, "docs, Outdated documentation").unwrap_err();
        assert!(err.contains("at most once"), "{err}");
    }

    #[test]
    fn a_multi_value_in_a_file_is_a_list_of_its_choice_ids() {
        let q = multi();
        let v: toml::Value =
            toml::from_str::<toml::Table>("v = [\"docs\", \"tests\"]").unwrap()["v"].clone();
        assert_eq!(
            q.check_value(&v),
            Ok(Value::List(vec!["tests".into(), "docs".into()]))
        );
        for (text, expected) in [
            ("v = []", "an empty list"),
            ("v = [\"docs\", 3]", "the integer 3 in the list"),
            ("v = \"docs\"", "expected a list of choices"),
            ("v = [\"nope\"]", "the text \"nope\" in the list"),
        ] {
            let v = toml::from_str::<toml::Table>(text).unwrap()["v"].clone();
            let err = q.check_value(&v).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
        assert_eq!(q.score(&Value::List(vec!["docs".into()])), None);
        assert_eq!(
            q.display_value(
                &Value::List(vec!["reviews".into(), "docs".into()]),
                Lang::En,
                &[]
            ),
            "Waiting for a review, Outdated documentation"
        );
    }

    #[test]
    fn choices_by_id_or_label() {
        let q = question(Kind::Choice {
            choices: vec![
                Choice {
                    id: "weekly".into(),
                    label: Text::new("Chaque semaine", "Every week"),
                    score: Some(0.5),
                    cluster: None,
                    outside: false,
                },
                Choice {
                    id: "daily".into(),
                    label: Text::new("Chaque jour", "Every day"),
                    score: Some(1.0),
                    cluster: None,
                    outside: false,
                },
            ],
        });
        let daily = Ok(TextAnswer::Value(Value::Text("daily".into())));
        assert_eq!(value(&q, "daily"), daily);
        assert_eq!(value(&q, "chaque jour"), daily);
        assert_eq!(value(&q, "Every day"), daily);
        let err = value(&q, "monthly").unwrap_err();
        assert!(err.contains("\"weekly\" (Every week)"), "{err}");
    }

    #[test]
    fn numbers_with_comma_or_point_decimals_and_bounds() {
        let q = question(Kind::Number {
            unit: None,
            min: Some(0.0),
            max: Some(100.0),
            bands: vec![Band {
                up_to: None,
                score: 1.0,
                label: Text::new("x", "x"),
                cluster: None,
                outside: false,
            }],
        });
        assert_eq!(
            value(&q, "12,5"),
            Ok(TextAnswer::Value(Value::Number(12.5)))
        );
        assert_eq!(
            value(&q, "12.5"),
            Ok(TextAnswer::Value(Value::Number(12.5)))
        );
        assert_eq!(value(&q, "7"), Ok(TextAnswer::Value(Value::Number(7.0))));
        let err = value(&q, "120").unwrap_err();
        assert!(err.contains("at most 100"), "{err}");
        assert!(value(&q, "douze")
            .unwrap_err()
            .contains("a number from 0 to 100"));
        assert_eq!(parse_number("1 200,5"), Some(1200.5));
        assert_eq!(parse_number("1,200.5"), Some(1200.5));
        assert_eq!(parse_number("1,2,3"), None);
    }

    #[test]
    fn text_keeps_what_was_written() {
        let q = question(Kind::Text);
        assert_eq!(
            value(&q, "  Jenkins, à migrer  "),
            Ok(TextAnswer::Value(Value::Text("Jenkins, à migrer".into())))
        );
    }
}
