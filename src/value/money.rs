//! Amounts in the report's language: `1 234 567 €` and `1,2 M€` in French, `€1,234,567` and
//! `€1.2M` in English; a currency without a symbol keeps its code (`1,2 M CHF`, `CHF 1.2M`).

use crate::i18n::Lang;

/// French groups digits with a narrow no-break space and puts a no-break space before the unit.
const NNBSP: char = '\u{202f}';
const NBSP: char = '\u{a0}';

fn symbol(currency: &str) -> Option<&'static str> {
    match currency {
        "EUR" => Some("€"),
        "USD" => Some("$"),
        "GBP" => Some("£"),
        "JPY" => Some("¥"),
        _ => None,
    }
}

/// Digits of a whole number grouped by three with `sep`.
fn grouped(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A whole amount, every digit written: `1 234 567 €`, `€1,234,567`.
pub fn full(amount: f64, currency: &str, lang: Lang) -> String {
    let n = amount.abs().round() as u64;
    let sign = if amount < 0.0 { "-" } else { "" };
    match (lang, symbol(currency)) {
        (Lang::Fr, Some(s)) => format!("{sign}{}{NBSP}{s}", grouped(n, NNBSP)),
        (Lang::Fr, None) => format!("{sign}{}{NBSP}{currency}", grouped(n, NNBSP)),
        (Lang::En, Some(s)) => format!("{sign}{s}{}", grouped(n, ',')),
        (Lang::En, None) => format!("{sign}{currency}{NBSP}{}", grouped(n, ',')),
    }
}

/// A number with at most one decimal, in the language's decimal sign, without a trailing `.0`.
fn short(x: f64, lang: Lang) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    let text = if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    };
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// An amount in thousands or millions: `1,2 M€`, `850 k€`, `€1.2M`, `€850k`; below a thousand,
/// written in full.
pub fn compact(amount: f64, currency: &str, lang: Lang) -> String {
    let a = amount.abs();
    let (value, unit) = if a >= 1e9 {
        (amount / 1e9, ("Md", "bn"))
    } else if a >= 1e6 {
        (amount / 1e6, ("M", "M"))
    } else if a >= 1e3 {
        (amount / 1e3, ("k", "k"))
    } else {
        return full(amount, currency, lang);
    };
    let number = short(value, lang);
    match (lang, symbol(currency)) {
        (Lang::Fr, Some(s)) => format!("{number}{NBSP}{}{s}", unit.0),
        (Lang::Fr, None) => format!("{number}{NBSP}{}{NBSP}{currency}", unit.0),
        (Lang::En, Some(s)) => format!("{s}{number}{}", unit.1),
        (Lang::En, None) => format!("{currency}{NBSP}{number}{}", unit.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_french_and_english() {
        assert_eq!(
            full(1_234_567.0, "EUR", Lang::Fr),
            "1\u{202f}234\u{202f}567\u{a0}€"
        );
        assert_eq!(full(1_234_567.0, "EUR", Lang::En), "€1,234,567");
        assert_eq!(compact(1_234_567.0, "EUR", Lang::Fr), "1,2\u{a0}M€");
        assert_eq!(compact(1_200_000.0, "EUR", Lang::En), "€1.2M");
        assert_eq!(compact(850_000.0, "EUR", Lang::Fr), "850\u{a0}k€");
        assert_eq!(compact(850_000.0, "USD", Lang::En), "$850k");
        assert_eq!(compact(2_000_000.0, "CHF", Lang::Fr), "2\u{a0}M\u{a0}CHF");
        assert_eq!(compact(2_000_000.0, "CHF", Lang::En), "CHF\u{a0}2M");
        assert_eq!(compact(640.0, "GBP", Lang::En), "£640");
        assert_eq!(full(999.0, "EUR", Lang::Fr), "999\u{a0}€");
    }
}
