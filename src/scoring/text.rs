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

/// A share as a whole percentage: `8 %` in French, `8%` in English.
pub fn percent(share: f64) -> Text {
    let p = (share * 100.0).round() as i64;
    Text::new(format!("{p} %"), format!("{p}%"))
}

/// A number with one decimal: `2,5` in French, `2.5` in English.
pub fn decimal(x: f64) -> Text {
    let s = format!("{x:.1}");
    Text::new(s.replace('.', ","), s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_placeholders_in_each_language() {
        let t = Text::new("{q} : {p}", "{q}: {p}");
        let out = fill(&t, &[("q", same("intf.x")), ("p", percent(0.084))]);
        assert_eq!(out, Text::new("intf.x : 8 %", "intf.x: 8%"));
        assert_eq!(decimal(2.25).fr, "2,2");
    }
}
