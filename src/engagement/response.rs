//! Response files: who answered, through which channel, and per question a value, a note,
//! "don't know" or "not applicable".

use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};
use crate::questionnaire::{valid_id, Catalog, Value};
use crate::source::Source;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml::Spanned;

/// How an answer was collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Recorded by a consultant during an interview.
    Interview,
    /// A self-assessment filled by the respondent.
    #[serde(rename = "self")]
    SelfAssessment,
    /// One answer among many from a survey.
    Survey,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Interview => "interview",
            Channel::SelfAssessment => "self",
            Channel::Survey => "survey",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Respondent {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub role: String,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseFile {
    respondent: RespondentFile,
    #[serde(default)]
    answers: BTreeMap<Spanned<String>, Spanned<AnswerFile>>,
}

/// `Respondent` as written, with the positions of the fields that are checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RespondentFile {
    id: Spanned<String>,
    #[serde(default)]
    name: Option<String>,
    role: Spanned<String>,
    channel: Channel,
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    consultant: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerFile {
    #[serde(default)]
    value: Option<Spanned<toml::Value>>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    dont_know: bool,
    #[serde(default)]
    not_applicable: bool,
}

/// What was answered to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerState {
    Value(Value),
    DontKnow,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub state: AnswerState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A checked response file.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// The file it was read from.
    pub file: String,
    pub respondent: Respondent,
    /// Question id → answer, sorted by id.
    pub answers: BTreeMap<String, Answer>,
    /// Question id → a note taken on a question not answered yet (an interview note typed
    /// before the answer): kept in the file, never scored.
    pub notes: BTreeMap<String, String>,
}

impl Response {
    /// Parses and checks a response file against the catalogue: the role is known, every
    /// question exists and every value fits its question.
    pub fn load(source: &Source, catalog: &Catalog) -> Result<Response> {
        let file: ResponseFile = source.parse()?;
        let mut diags = Vec::new();
        let r = file.respondent;
        let (id_at, role_at) = (r.id.span().start, r.role.span().start);
        if let Some(date) = &r.date {
            if let Err(msg) = Date::parse(date.get_ref()) {
                diags.push(source.diag_at(date.span().start, msg));
            }
        }
        let respondent = Respondent {
            id: r.id.into_inner(),
            name: r.name,
            role: r.role.into_inner(),
            channel: r.channel,
            date: r.date.map(Spanned::into_inner),
            consultant: r.consultant,
        };
        if !valid_id(&respondent.id) || respondent.id.len() > super::MAX_ID_LEN {
            diags.push(source.diag_at(
                id_at,
                format!(
                    "respondent id `{}`: expected at most {} lowercase letters, digits, `.`, `_`, `-`",
                    respondent.id,
                    super::MAX_ID_LEN
                ),
            ));
        }
        if let Err(msg) = catalog.framework.check_role(&respondent.role) {
            diags.push(source.diag_at(role_at, msg).with_id(&respondent.id));
        }
        let mut answers = BTreeMap::new();
        let mut notes = BTreeMap::new();
        for (key, answer) in file.answers {
            let qid = key.get_ref().clone();
            let at = key.span().start;
            let Some(question) = catalog.question(&qid) else {
                diags.push(
                    source
                        .diag_at(
                            at,
                            "unknown question id: expected a question of the questionnaires in use",
                        )
                        .with_id(&qid),
                );
                continue;
            };
            let aat = answer.span().start;
            let answer = answer.into_inner();
            let states =
                answer.value.is_some() as u8 + answer.dont_know as u8 + answer.not_applicable as u8;
            if let (0, Some(note)) = (states, &answer.note) {
                if !note.trim().is_empty() {
                    notes.insert(qid, note.clone());
                    continue;
                }
            }
            if states != 1 {
                diags.push(source.diag_at(
                    aat,
                    "expected exactly one of `value`, `dont_know = true` or `not_applicable = true` (or only a `note`)",
                ).with_id(&qid));
                continue;
            }
            let state = match answer.value {
                Some(v) => match question.check_value(v.get_ref()) {
                    Ok(value) => AnswerState::Value(value),
                    Err(msg) => {
                        diags.push(source.diag_at(v.span().start, msg).with_id(&qid));
                        continue;
                    }
                },
                None if answer.dont_know => AnswerState::DontKnow,
                None => AnswerState::NotApplicable,
            };
            let note = answer.note.filter(|n| !n.trim().is_empty());
            answers.insert(qid, Answer { state, note });
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Ok(Response {
            file: source.name.clone(),
            respondent,
            answers,
            notes,
        })
    }

    /// The TOML text of this response (answers sorted by question id), as `load` reads it.
    pub fn to_toml(&self) -> Result<String> {
        #[derive(Serialize)]
        struct Out<'a> {
            respondent: &'a Respondent,
            answers: BTreeMap<&'a str, AnswerOut<'a>>,
        }
        #[derive(Serialize)]
        struct AnswerOut<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            value: Option<&'a Value>,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            dont_know: bool,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            not_applicable: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<&'a str>,
        }
        let notes = self.notes.iter().map(|(id, note)| {
            (
                id.as_str(),
                AnswerOut {
                    value: None,
                    dont_know: false,
                    not_applicable: false,
                    note: Some(note.as_str()),
                },
            )
        });
        let answers = self
            .answers
            .iter()
            .map(|(id, a)| {
                let (value, dont_know, not_applicable) = match &a.state {
                    AnswerState::Value(v) => (Some(v), false, false),
                    AnswerState::DontKnow => (None, true, false),
                    AnswerState::NotApplicable => (None, false, true),
                };
                (
                    id.as_str(),
                    AnswerOut {
                        value,
                        dont_know,
                        not_applicable,
                        note: a.note.as_deref(),
                    },
                )
            })
            .chain(notes)
            .collect();
        toml::to_string(&Out {
            respondent: &self.respondent,
            answers,
        })
        .map_err(|e| {
            Error::Usage(format!(
                "cannot write response `{}`: {e}",
                self.respondent.id
            ))
        })
    }
}

/// Checks that respondent ids are unique across the response files of an engagement.
pub fn check_unique_respondents(responses: &[Response]) -> Result<()> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut diags = Vec::new();
    for r in responses {
        if let Some(other) = seen.insert(&r.respondent.id, &r.file) {
            diags.push(
                Diagnostic::new(&r.file, format!("respondent id already used in {other}: expected one file per respondent session"))
                    .with_id(&r.respondent.id),
            );
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(diags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load(&[]).unwrap()
    }

    fn source(text: &str) -> Source {
        Source {
            name: "r.toml".into(),
            text: text.into(),
        }
    }

    const RESPONSE: &str = r#"
[respondent]
id = "r1"
role = "developer"
channel = "self"

[answers]
"inv.staffing" = { value = 2, note = "deux personnes" }
"meas.feedback" = { dont_know = true }
"ops.upgrades" = { not_applicable = true }
"#;

    #[test]
    fn to_toml_round_trips_through_load() {
        let catalog = catalog();
        let r = Response::load(&source(RESPONSE), &catalog).unwrap();
        let again = Response::load(&source(&r.to_toml().unwrap()), &catalog).unwrap();
        assert_eq!(again.answers, r.answers);
        assert_eq!(again.respondent.id, "r1");
        assert_eq!(r.answers["meas.feedback"].state, AnswerState::DontKnow);
    }

    #[test]
    fn a_note_without_an_answer_is_kept_and_not_scored() {
        let catalog = catalog();
        let text = RESPONSE.replace(
            "[answers]\n",
            "[answers]\n\"inv.funding\" = { note = \"budget à confirmer\" }\n",
        );
        let r = Response::load(&source(&text), &catalog).unwrap();
        assert!(!r.answers.contains_key("inv.funding"));
        assert_eq!(r.notes["inv.funding"], "budget à confirmer");
        let again = Response::load(&source(&r.to_toml().unwrap()), &catalog).unwrap();
        assert_eq!(again.notes, r.notes);
        assert_eq!(again.answers, r.answers);
    }

    #[test]
    fn a_value_and_dont_know_together_are_rejected() {
        let text = RESPONSE.replace("{ dont_know = true }", "{ value = 1, dont_know = true }");
        let err = Response::load(&source(&text), &catalog())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("[meas.feedback] expected exactly one of `value`"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_role_lists_the_known_ones() {
        let text = RESPONSE.replace("\"developer\"", "\"intern\"");
        let err = Response::load(&source(&text), &catalog())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("r.toml:4:8: [r1] unknown role `intern`: expected one of leadership"),
            "{err}"
        );
    }

    #[test]
    fn d4_4_a_response_date_is_checked_at_its_position() {
        for (date, expected) in [
            ("yesterday", "expected an ISO date YYYY-MM-DD"),
            ("2026-02-30", "February 2026 has 28 days"),
        ] {
            let text = RESPONSE.replace(
                "channel = \"self\"",
                &format!("channel = \"self\"\ndate = \"{date}\""),
            );
            let err = Response::load(&source(&text), &catalog())
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(&format!("r.toml:6:8: date \"{date}\": {expected}")),
                "{err}"
            );
        }
    }

    #[test]
    fn duplicate_respondents_are_rejected() {
        let catalog = catalog();
        let a = Response::load(&source(RESPONSE), &catalog).unwrap();
        let mut b = a.clone();
        b.file = "other.toml".into();
        let err = check_unique_respondents(&[a, b]).unwrap_err().to_string();
        assert!(
            err.contains("other.toml: [r1] respondent id already used in r.toml"),
            "{err}"
        );
    }
}
