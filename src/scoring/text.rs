//! Bilingual explanations assembled from templates of the data files and numbers, formatted the
//! way each language writes them.

use crate::i18n::{Lang, Text};

/// A placeholder value in both languages.
pub type Var<'a> = (&'a str, Text);

/// Replaces every `{name}` of the template, in each language, by the variable's text.
pub fn fill(template: &Text, vars: &[Var]) -> Text {
    let one = |lang: Lang| {
        let mut out = template.get(lang).to_string();
        for (name, value) in vars {
            out = out.replace(&format!("{{{name}}}"), value.get(lang));
        }
        out
    };
    Text::new(one(Lang::Fr), one(Lang::En))
}

/// The same text in both languages (ids, counts).
pub fn same(s: impl Into<String>) -> Text {
    let s = s.into();
    Text::new(s.clone(), s)
}

/// A share as a whole percentage: `8 %` (with a non-breaking space) in French, `8%` in English.
/// Every percentage the tool shows goes through here.
pub fn percent(share: f64) -> Text {
    let p = (share * 100.0).round() as i64;
    Text::new(format!("{p}\u{a0}%"), format!("{p}%"))
}

/// A number with one decimal: `2,5` in French, `2.5` in English. Every one-decimal number the
/// tool shows goes through here (the `score` summary and the reports too).
pub fn decimal(x: f64) -> Text {
    let s = format!("{:.1}", round1(x));
    Text::new(s.replace('.', ","), s)
}

/// Rounds to one decimal, halves away from zero (3.25 → 3.3, 1.75 → 1.8), so that shown numbers
/// add up as people expect: `format!("{:.1}")` alone rounds halves to even (3.25 → 3.2), and a
/// gap of 1.5 between 3.25 and 1.75 would read "3.2 − 1.8 = 1.5". Adding 0.0 turns −0.0 into 0.0,
/// so that a tiny negative number does not show as "-0.0".
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_placeholders_in_each_language() {
        let t = Text::new("{q} : {p}", "{q}: {p}");
        let out = fill(&t, &[("q", same("intf.x")), ("p", percent(0.084))]);
        assert_eq!(out, Text::new("intf.x : 8\u{a0}%", "intf.x: 8%"));
        assert_eq!(decimal(2.25).fr, "2,3");
    }

    #[test]
    fn decimal_rounds_halves_away_from_zero() {
        assert_eq!(decimal(3.25), Text::new("3,3", "3.3"));
        assert_eq!(decimal(1.75), Text::new("1,8", "1.8"));
        assert_eq!(decimal(1.5), Text::new("1,5", "1.5"));
        assert_eq!(decimal(-0.25).en, "-0.3");
        assert_eq!(decimal(-0.04).en, "0.0");
        assert_eq!(decimal(-0.0).en, "0.0");
    }
}
