//! The texts of the interview and the forms, in French and English, from
//! `form-templates/labels.toml` (embedded). A typed struct, so a missing key is caught when the
//! file is read, and a test checks that no language is blank.

use crate::embed;
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::{Lang, Text};
use crate::source::Source;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const LABELS_PATH: &str = "form-templates/labels.toml";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub dont_know: Text,
    pub not_applicable: Text,
    pub note: Text,
    pub help: Text,
    pub yes: Text,
    pub no: Text,
    pub required: Text,
    pub optional: Text,
    pub answered: Text,
    pub legend_level: Text,
    pub legend_likert: Text,
    pub legend_yes_no: Text,
    pub legend_choice: Text,
    pub legend_multi: Text,
    pub legend_number: Text,
    pub legend_text: Text,
    pub legend_unknown: Text,
    pub legend_min: Text,
    pub legend_max: Text,
    pub col_id: Text,
    pub col_section: Text,
    pub col_question: Text,
    pub col_allowed: Text,
    pub col_answer: Text,
    pub col_note: Text,
    pub xlsx_sheet: Text,
    pub xlsx_lists: Text,
    pub xlsx_pick_title: Text,
    pub xlsx_pick: Text,
    pub xlsx_wrong: Text,
    pub xlsx_number: Text,
    pub form_title: Text,
    pub form_intro: Text,
    pub respondent: Text,
    pub name: Text,
    pub role: Text,
    pub choose_role: Text,
    pub progress: Text,
    pub download: Text,
    pub reset: Text,
    pub reset_confirm: Text,
    pub saved_locally: Text,
    pub storage_unavailable: Text,
    pub missing_identity: Text,
    pub missing_required: Text,
    pub downloaded: Text,
    pub invalid_answers: Text,
    pub noscript: Text,
    pub interview_title: Text,
    pub interview_keys: Text,
    pub interview_resume: Text,
    pub interview_current: Text,
    pub interview_saved: Text,
    pub interview_note_saved: Text,
    pub interview_invalid: Text,
    pub interview_not_utf8: Text,
    pub interview_no_target: Text,
    pub interview_first: Text,
    pub interview_done: Text,
    pub interview_end: Text,
    pub interview_quit: Text,
    pub interview_file: Text,
    pub interview_nav: Text,
    pub kit_title: Text,
    pub kit_intro: Text,
    pub kit_role_question: Text,
    pub kit_single_choice: Text,
    pub kit_multi_choice: Text,
    pub kit_number: Text,
    pub kit_text: Text,
    pub kit_required: Text,
    pub time_left: Text,
}

impl Labels {
    /// The embedded labels.
    pub fn load() -> Result<Labels> {
        let src = Source::embedded(LABELS_PATH, embed::file(LABELS_PATH).unwrap_or_default());
        let labels: Labels = src.parse()?;
        let diags: Vec<Diagnostic> = labels
            .all()
            .into_iter()
            .flat_map(|(key, text)| {
                let src = &src;
                text.missing()
                    .into_iter()
                    .map(move |l| src.diag(format!("label has no `{l}` text")).with_id(&key))
            })
            .collect();
        if diags.is_empty() {
            Ok(labels)
        } else {
            Err(Error::Input(diags))
        }
    }

    /// Every label by key.
    pub fn all(&self) -> BTreeMap<String, Text> {
        toml::Value::try_from(self)
            .ok()
            .and_then(|v| v.try_into::<BTreeMap<String, Text>>().ok())
            .unwrap_or_default()
    }

    /// Every label in one language, by key (for templates).
    pub fn in_lang(&self, lang: Lang) -> BTreeMap<String, String> {
        self.all()
            .into_iter()
            .map(|(k, t)| (k, t.get(lang).to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_labels_load_and_are_bilingual() {
        let labels = Labels::load().unwrap();
        let all = labels.all();
        assert_eq!(all.len(), 72);
        for (key, text) in &all {
            assert!(text.missing().is_empty(), "{key}");
        }
        assert_eq!(labels.in_lang(Lang::Fr)["yes"], "oui");
    }
}
