//! The survey kit: what a client needs to build a survey in their own tool (Microsoft Forms,
//! Google Forms, LimeSurvey) so that its export comes back importable without a mapping file —
//! the role question the importer reads as the role, then each question with its exact text and
//! its exact answers, in the questionnaire's order, in one language. Markdown, to read or print.

use super::legend::options;
use super::Labels;
use crate::i18n::Lang;
use crate::questionnaire::{format_number, Catalog, Kind, Questionnaire};

pub fn render(
    catalog: &Catalog,
    questionnaire: &Questionnaire,
    labels: &Labels,
    lang: Lang,
) -> String {
    let fw = &catalog.framework;
    let colon = if lang == Lang::Fr { "\u{a0}:" } else { ":" };
    let mut out = format!(
        "# {} — {} ({})\n\n{}\n\n    platform-audit form import ENGAGEMENT export.csv\n\n",
        labels.kit_title.get(lang),
        questionnaire.title.get(lang),
        questionnaire.version,
        labels.kit_intro.get(lang)
    );
    out.push_str(&format!(
        "1. **{}** — {}, {}\n",
        labels.kit_role_question.get(lang),
        labels.kit_single_choice.get(lang),
        labels.kit_required.get(lang)
    ));
    for role in &fw.roles {
        out.push_str(&format!("   - {}\n", role.name.get(lang)));
    }
    for (i, q) in questionnaire.questions().enumerate() {
        let required = if q.optional {
            labels.optional.get(lang)
        } else {
            labels.kit_required.get(lang)
        };
        let kind = match &q.kind {
            Kind::Number { unit, min, max, .. } => {
                let mut k = labels.kit_number.get(lang).to_string();
                if let Some(u) = unit {
                    k.push_str(&format!(" ({})", u.get(lang)));
                }
                if let Some(lo) = min {
                    k.push_str(&format!(
                        ", {}{colon} {}",
                        labels.legend_min.get(lang),
                        format_number(*lo)
                    ));
                }
                if let Some(hi) = max {
                    k.push_str(&format!(
                        ", {}{colon} {}",
                        labels.legend_max.get(lang),
                        format_number(*hi)
                    ));
                }
                k
            }
            Kind::Text => labels.kit_text.get(lang).to_string(),
            Kind::Multi { .. } => labels.kit_multi_choice.get(lang).to_string(),
            _ => labels.kit_single_choice.get(lang).to_string(),
        };
        out.push_str(&format!(
            "{}. **{}** — {kind}, {required}\n",
            i + 2,
            q.text.get(lang)
        ));
        // A checkbox question lists its choices alone: the importer reads the ones ticked.
        let listed = match &q.kind {
            Kind::Multi { choices } => choices
                .iter()
                .map(|c| c.label.get(lang).to_string())
                .collect(),
            _ => options(q, fw, labels, lang).unwrap_or_default(),
        };
        for option in listed {
            out.push_str(&format!("   - {option}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kit_lists_the_role_question_then_every_question_with_its_answers() {
        let catalog = Catalog::load(&[]).unwrap();
        let labels = Labels::load().unwrap();
        let q = catalog.questionnaire("space-survey").unwrap();
        let kit = render(&catalog, q, &labels, Lang::Fr);
        assert!(kit.starts_with("# Kit d'enquête — "), "{kit}");
        assert!(
            kit.contains("\n1. **Votre rôle** — choix unique, obligatoire\n"),
            "{kit}"
        );
        let numbered = kit.lines().filter(|l| l.contains(". **")).count();
        assert_eq!(numbered, q.question_count() + 1);
        assert!(kit.contains("   - 4 - Plutôt d'accord\n"), "{kit}");
    }
}
