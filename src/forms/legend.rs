//! How a question's allowed answers are shown to a respondent: a one-line legend (CSV, XLSX,
//! interview) and the list a drop-down offers. Every entry of a list is accepted back by
//! [`crate::questionnaire::Question::parse_text`].

use super::Labels;
use crate::framework::Framework;
use crate::i18n::Lang;
use crate::questionnaire::{format_number, Kind, Question};

/// The answers a drop-down offers for a question, "don't know" and "not applicable" last;
/// `None` for numbers and free text, which are typed.
pub fn options(q: &Question, fw: &Framework, labels: &Labels, lang: Lang) -> Option<Vec<String>> {
    let mut items: Vec<String> = match &q.kind {
        Kind::Level { .. } => fw
            .levels
            .iter()
            .map(|l| format!("{} - {}", l.level, l.name.get(lang)))
            .collect(),
        Kind::Likert { .. } => fw
            .likert_labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} - {}", i + 1, l.get(lang)))
            .collect(),
        Kind::YesNo { .. } => vec![
            labels.yes.get(lang).to_string(),
            labels.no.get(lang).to_string(),
        ],
        Kind::Choice { choices } => choices
            .iter()
            .map(|c| c.label.get(lang).to_string())
            .collect(),
        // Several choices are typed (`a, b`): a drop-down takes one.
        Kind::Multi { .. } | Kind::Number { .. } | Kind::Text => return None,
    };
    items.push(labels.dont_know.get(lang).to_string());
    items.push(labels.not_applicable.get(lang).to_string());
    Some(items)
}

/// The bands of a number question as a respondent reads them (`≤ 1 jours : un jour au plus`,
/// `> 7 jours : plus d'une semaine`); empty for other kinds.
pub fn bands(q: &Question, lang: Lang) -> Vec<String> {
    let Kind::Number { bands, unit, .. } = &q.kind else {
        return Vec::new();
    };
    let unit = unit
        .as_ref()
        .map(|u| format!(" {}", u.get(lang)))
        .unwrap_or_default();
    let colon = if lang == Lang::Fr { " : " } else { ": " };
    let mut previous = None;
    bands
        .iter()
        .map(|b| {
            let range = match (b.up_to, previous) {
                (Some(up), _) => format!("≤ {}{unit}", format_number(up)),
                (None, Some(lo)) => format!("> {}{unit}", format_number(lo)),
                (None, None) => String::new(),
            };
            previous = b.up_to;
            format!("{range}{colon}{}", b.label.get(lang))
                .trim_start_matches(colon)
                .to_string()
        })
        .collect()
}

/// One line that says what may be written as the answer, with the level descriptors or scale
/// labels a respondent needs to choose.
pub fn legend(q: &Question, fw: &Framework, labels: &Labels, lang: Lang) -> String {
    let body = match &q.kind {
        Kind::Level { descriptors } => format!(
            "{} : {}",
            labels.legend_level.get(lang),
            descriptors
                .iter()
                .enumerate()
                .map(|(i, d)| format!("{} = {}", i + 1, d.get(lang)))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        Kind::Likert { .. } => format!(
            "{} : {}",
            labels.legend_likert.get(lang),
            fw.likert_labels
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{} = {}", i + 1, l.get(lang)))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        Kind::YesNo { .. } => labels.legend_yes_no.get(lang).to_string(),
        Kind::Choice { choices } | Kind::Multi { choices } => format!(
            "{} : {}",
            if matches!(q.kind, Kind::Multi { .. }) {
                labels.legend_multi.get(lang)
            } else {
                labels.legend_choice.get(lang)
            },
            choices
                .iter()
                .map(|c| c.label.get(lang))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        Kind::Number { unit, min, max, .. } => {
            let mut s = labels.legend_number.get(lang).to_string();
            if let Some(u) = unit {
                s.push_str(&format!(" ({})", u.get(lang)));
            }
            if let Some(lo) = min {
                s.push_str(&format!(
                    " ; {} {}",
                    labels.legend_min.get(lang),
                    format_number(*lo)
                ));
            }
            if let Some(hi) = max {
                s.push_str(&format!(
                    " ; {} {}",
                    labels.legend_max.get(lang),
                    format_number(*hi)
                ));
            }
            s
        }
        Kind::Text => labels.legend_text.get(lang).to_string(),
    };
    // French typography puts a space before a colon; English does not.
    let body = if lang == Lang::En {
        body.replace(" : ", ": ").replace(" ; ", "; ")
    } else {
        body
    };
    format!("{body} ({})", labels.legend_unknown.get(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{Catalog, TextAnswer};

    #[test]
    fn every_drop_down_entry_parses_back_in_both_languages() {
        let catalog = Catalog::load(&[]).unwrap();
        let labels = Labels::load().unwrap();
        let fw = &catalog.framework;
        for q in catalog.questions() {
            for lang in Lang::ALL {
                for item in options(q, fw, &labels, lang).unwrap_or_default() {
                    let parsed = q.parse_text(&item, fw);
                    assert!(
                        matches!(
                            parsed,
                            Ok(TextAnswer::Value(_)
                                | TextAnswer::DontKnow
                                | TextAnswer::NotApplicable)
                        ),
                        "{} {lang}: {item} → {parsed:?}",
                        q.id
                    );
                }
            }
        }
    }

    #[test]
    fn number_bands_read_as_ranges() {
        let text = "id = \"n\"\nversion = \"1\"\naudience = [\"self\"]\nduration_minutes = 1\ntitle = { fr = \"t\", en = \"t\" }\ndescription = { fr = \"d\", en = \"d\" }\n[[sections]]\nid = \"s\"\ntitle = { fr = \"s\", en = \"s\" }\n[[sections.questions]]\nid = \"n.q\"\nkind = \"number\"\ntext = { fr = \"q\", en = \"q\" }\nunit = { fr = \"jours\", en = \"days\" }\nbands = [ { up_to = 1, score = 1.0, label = { fr = \"vite\", en = \"fast\" } }, { score = 0.0, label = { fr = \"lent\", en = \"slow\" } } ]\n";
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("n.toml"), text).unwrap();
        let catalog = Catalog::load(&[dir.path().to_path_buf()]).unwrap();
        let q = catalog.question("n.q").unwrap();
        assert_eq!(bands(q, Lang::Fr), ["≤ 1 jours : vite", "> 1 jours : lent"]);
        assert_eq!(bands(q, Lang::En), ["≤ 1 days: fast", "> 1 days: slow"]);
    }

    #[test]
    fn level_legend_lists_the_descriptors() {
        let catalog = Catalog::load(&[]).unwrap();
        let labels = Labels::load().unwrap();
        let q = catalog.question("inv.staffing").unwrap();
        let en = legend(q, &catalog.framework, &labels, Lang::En);
        assert!(en.starts_with("Level from 1 to 4: 1 = Volunteers"), "{en}");
        assert!(en.ends_with("(? = don't know; - = not applicable; blank = no answer)"));
        let fr = legend(q, &catalog.framework, &labels, Lang::Fr);
        assert!(
            fr.starts_with("Niveau de 1 à 4 : 1 = Des volontaires"),
            "{fr}"
        );
    }
}
