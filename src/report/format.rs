//! The formatters every part of a report shares: labels in the report's language, numbers
//! typeset for it, placeholders filled. They depend on nothing else in `report`, so the parts
//! (summary, analysis, survey, figures, initiatives) and the view model that assembles them all
//! import this module and never each other in a circle.

use crate::framework::{Axis, Framework};
use crate::i18n::{Lang, Text};
use std::collections::BTreeMap;

/// A decimal with one digit, with the language's decimal separator.
pub fn decimal(n: f64, lang: Lang) -> String {
    // One rounding rule for the whole tool: halves away from zero.
    crate::scoring::text::decimal(n).get(lang).to_string()
}

/// A share in [0, 1] as a whole percentage, typeset for the language.
pub fn percent(share: f64, lang: Lang) -> String {
    crate::scoring::text::percent(share).get(lang).to_string()
}

/// Replaces `{name}` placeholders of a label.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// Labels in the report's language. A missing key yields the key itself, which the label tests
/// catch in rendered output.
pub struct Labels<'a> {
    pub catalogue: &'a BTreeMap<String, Text>,
    pub lang: Lang,
}

impl Labels<'_> {
    pub fn get(&self, key: &str) -> String {
        self.catalogue
            .get(key)
            .map(|t| t.get(self.lang).to_string())
            .unwrap_or_else(|| key.to_string())
    }

    /// The label `key.one` or `key.other` for a count, with `{count}` filled in: French puts 0
    /// and 1 in the singular, English only 1. So "1 réponse", "0 dépôt", "2 answers".
    pub fn count(&self, key: &str, count: usize) -> String {
        fill(&self.plural(key, count), &[("count", &count.to_string())])
    }

    /// The label `key.one` or `key.other` agreeing with `count`, unfilled.
    pub fn plural(&self, key: &str, count: usize) -> String {
        let one = match self.lang {
            Lang::Fr => count <= 1,
            Lang::En => count == 1,
        };
        self.get(&format!("{key}.{}", if one { "one" } else { "other" }))
    }
}

/// The name of a level (1–4) of an axis: the aspect's own for CNCF aspects, the generic one else.
pub fn level_name(fw: &Framework, axis: Option<&Axis>, level: u8, lang: Lang) -> String {
    axis.and_then(|d| d.level_names.as_ref())
        .and_then(|names| names.get(usize::from(level).wrapping_sub(1)))
        .or_else(|| fw.level(level).map(|l| &l.name))
        .map(|t| t.get(lang).to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(decimal(2.25, Lang::Fr), "2,3");
        assert_eq!(decimal(2.35, Lang::En), "2.4");
        // Halves away from zero, so that 3.25 − 1.75 = 1.5 reads 3,3 − 1,8 = 1,5.
        assert_eq!(decimal(3.25, Lang::Fr), "3,3");
        assert_eq!(decimal(1.75, Lang::Fr), "1,8");
        assert_eq!(percent(0.8, Lang::Fr), "80\u{a0}%");
        assert_eq!(percent(0.125, Lang::En), "13%");
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(fill("{a} of {b}", &[("a", "1"), ("b", "2")]), "1 of 2");
    }
}
