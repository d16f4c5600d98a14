//! The engine's tunable parameters, from `data/scoring.toml`: confidence weights, evidence
//! tolerances, the perception-gap threshold, the default target and the roadmap horizons, and the
//! bilingual templates of evidence explanations.

use crate::error::{Diagnostic, Error, Result};
use crate::i18n::Text;
use crate::questionnaire::Effort;
use crate::source::Source;
use serde::Deserialize;
use toml::Spanned;

pub const FILE: &str = "data/scoring.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParamsFile {
    confidence: Spanned<ConfidenceParams>,
    evidence: Spanned<EvidenceParams>,
    perception: Spanned<PerceptionParams>,
    recommend: RecommendFile,
    /// Optional, so that a practice's scoring.toml written before it still loads.
    #[serde(default)]
    summary: Option<Spanned<SummaryParams>>,
    texts: Spanned<EvidenceTexts>,
}

/// The executive summary's single-source rule: a level, strength, risk or recommendation resting
/// on fewer answers, or on fewer respondents, is left out of the summary or flagged "single
/// source"; and the confidence words' thresholds.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryParams {
    pub min_answers: usize,
    pub min_respondents: usize,
    /// Confidence from this share up reads "medium"; below, "low".
    pub confidence_medium: f64,
    /// Confidence from this share up reads "high".
    pub confidence_high: f64,
}

impl Default for SummaryParams {
    fn default() -> SummaryParams {
        SummaryParams {
            min_answers: 3,
            min_respondents: 2,
            confidence_medium: 0.4,
            confidence_high: 0.7,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceParams {
    pub base: f64,
    pub agreement: f64,
    pub evidence: f64,
    pub single_answer_agreement: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceParams {
    pub corroborate_within: f64,
    pub contradict_from: f64,
    pub inferred_weight: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerceptionParams {
    pub min_gap: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecommendFile {
    default_target: Spanned<u8>,
    horizons: Spanned<Vec<HorizonDef>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HorizonDef {
    pub id: String,
    pub effort: Effort,
    pub name: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceTexts {
    pub perception: Text,
    pub corroborated: Text,
    pub overstated: Text,
    pub understated: Text,
    pub inconclusive: Text,
    pub inferred: Text,
    pub shown_some: Text,
    pub shown_none: Text,
    pub shown_single: Text,
    pub not_shown_single: Text,
    pub signal: Text,
    pub category: Text,
    pub category_none: Text,
    pub or: Text,
}

/// The placeholders each text of `[texts]` is filled with (see `scoring::evidence` and
/// `scoring::perception`); any other `{name}` would be printed as typed.
const PLACEHOLDERS: &[(&str, &[&str])] = &[
    (
        "perception",
        &["axis", "high_role", "low_role", "high", "low", "gap"],
    ),
    ("corroborated", EXPLANATION),
    ("overstated", EXPLANATION),
    ("understated", EXPLANATION),
    ("inconclusive", EXPLANATION),
    ("inferred", EXPLANATION),
    ("shown_some", SHOWN),
    ("shown_none", SHOWN),
    ("shown_single", SHOWN),
    ("not_shown_single", SHOWN),
    ("signal", &["label"]),
    ("category", &["label"]),
    ("category_none", &["label"]),
    ("or", &[]),
];
const EXPLANATION: &[&str] = &["question", "id", "claimed", "implied", "shown"];
const SHOWN: &[&str] = &["coverage", "repositories", "signals"];

/// Where each text of the file is, for placing a placeholder problem (read leniently: the typed
/// read has already checked the shapes).
#[derive(Deserialize)]
struct TextPositions {
    recommend: HorizonPositions,
    texts: std::collections::BTreeMap<String, TextSpans>,
}

#[derive(Deserialize)]
struct HorizonPositions {
    horizons: Vec<HorizonPosition>,
}

#[derive(Deserialize)]
struct HorizonPosition {
    id: String,
    name: TextSpans,
}

#[derive(Deserialize)]
struct TextSpans {
    fr: Spanned<String>,
    en: Spanned<String>,
}

/// Checks that every `{placeholder}` of the texts is closed and one its text is filled with.
fn check_placeholders(src: &Source, diags: &mut Vec<Diagnostic>) {
    let Ok(file) = src.parse::<TextPositions>() else {
        return;
    };
    let horizons = file
        .recommend
        .horizons
        .iter()
        .map(|h| (format!("recommend.horizons.{}", h.id), &h.name, &[][..]));
    let texts = file.texts.iter().map(|(key, t)| {
        let known = PLACEHOLDERS
            .iter()
            .find(|(k, _)| k == key)
            .map_or(&[][..], |(_, names)| *names);
        (format!("texts.{key}"), t, known)
    });
    for (id, text, known) in horizons.chain(texts) {
        for (lang, value) in [("fr", &text.fr), ("en", &text.en)] {
            for (at, problem) in placeholder_problems(value.get_ref(), known) {
                // The value's offset in the file: its opening quote, then the text as typed
                // (exact unless an escape sequence comes before the placeholder).
                let raw = src.text.get(value.span()).unwrap_or_default();
                let typed = value.get_ref().get(at..).unwrap_or_default();
                let needle: String = typed.chars().take_while(|c| *c != '}').collect();
                let offset = raw
                    .find(&needle)
                    .map_or(value.span().start, |i| value.span().start + i);
                diags.push(
                    src.diag_at(offset, format!("`{lang}` text: {problem}"))
                        .with_id(&id),
                );
            }
        }
    }
}

/// The byte offset and description of each bad placeholder of a text.
fn placeholder_problems(text: &str, known: &[&str]) -> Vec<(usize, String)> {
    let expected = if known.is_empty() {
        "expected no placeholder (this text takes none; braces are not allowed)".to_string()
    } else {
        format!(
            "expected one of {}",
            known
                .iter()
                .map(|k| format!("{{{k}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut out = Vec::new();
    let mut rest = text;
    let mut base = 0;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}');
        let next_open = after.find('{');
        match close {
            Some(c) if next_open.is_none_or(|n| n > c) => {
                let name = &after[..c];
                if !known.contains(&name) {
                    out.push((
                        base + open,
                        format!("unknown placeholder `{{{name}}}`: {expected}"),
                    ));
                }
                base += open + 1 + c + 1;
                rest = &after[c + 1..];
            }
            _ => {
                let shown: String = after.chars().take_while(|c| *c != '{').take(20).collect();
                out.push((
                    base + open,
                    format!("unclosed placeholder `{{{shown}`: {expected}, closed by `}}`"),
                ));
                base += open + 1;
                rest = after;
            }
        }
    }
    out
}

/// The checked parameters.
#[derive(Debug, Clone)]
pub struct Params {
    pub confidence: ConfidenceParams,
    pub evidence: EvidenceParams,
    pub perception: PerceptionParams,
    pub default_target: u8,
    /// Ordered earliest first, one per effort.
    pub horizons: Vec<HorizonDef>,
    pub summary: SummaryParams,
    pub texts: EvidenceTexts,
}

fn unit(x: f64) -> bool {
    x.is_finite() && (0.0..=1.0).contains(&x)
}

impl Params {
    pub fn load(src: &Source) -> Result<Params> {
        let file: ParamsFile = src.parse()?;
        let mut diags = Vec::new();
        let c = file.confidence.get_ref();
        let cat = file.confidence.span().start;
        if ![c.base, c.agreement, c.evidence, c.single_answer_agreement]
            .into_iter()
            .all(unit)
            || ((c.base + c.agreement + c.evidence) - 1.0).abs() > 1e-9
        {
            diags.push(src.diag_at(
                cat,
                format!(
                    "confidence weights base {} + agreement {} + evidence {}: expected numbers in [0, 1] adding up to 1, and single_answer_agreement in [0, 1]",
                    c.base, c.agreement, c.evidence
                ),
            ));
        }
        let e = file.evidence.get_ref();
        if !(unit(e.inferred_weight)
            && e.corroborate_within.is_finite()
            && e.corroborate_within >= 0.0
            && e.contradict_from.is_finite()
            && e.corroborate_within < e.contradict_from
            && e.contradict_from <= 3.0)
        {
            diags.push(src.diag_at(
                file.evidence.span().start,
                format!(
                    "evidence corroborate_within {} / contradict_from {} / inferred_weight {}: expected 0 ≤ corroborate_within < contradict_from ≤ 3 (levels) and inferred_weight in [0, 1]",
                    e.corroborate_within, e.contradict_from, e.inferred_weight
                ),
            ));
        }
        let p = file.perception.get_ref();
        if !(p.min_gap.is_finite() && (0.0..=3.0).contains(&p.min_gap)) {
            diags.push(src.diag_at(
                file.perception.span().start,
                format!(
                    "perception min_gap {}: expected a number of levels in [0, 3]",
                    p.min_gap
                ),
            ));
        }
        if let Some(sm) = &file.summary {
            let v = sm.get_ref();
            if v.min_answers == 0
                || v.min_respondents == 0
                || !(unit(v.confidence_medium)
                    && unit(v.confidence_high)
                    && v.confidence_medium <= v.confidence_high)
            {
                diags.push(src.diag_at(
                    sm.span().start,
                    format!(
                        "summary min_answers {} / min_respondents {} / confidence_medium {} / confidence_high {}: expected at least 1 answer and 1 respondent, and 0 ≤ confidence_medium ≤ confidence_high ≤ 1",
                        v.min_answers, v.min_respondents, v.confidence_medium, v.confidence_high
                    ),
                ));
            }
        }
        let target = *file.recommend.default_target.get_ref();
        if !(1..=4).contains(&target) {
            diags.push(src.diag_at(
                file.recommend.default_target.span().start,
                format!("default_target {target}: expected a level from 1 to 4"),
            ));
        }
        let horizons = file.recommend.horizons.get_ref();
        let efforts: Vec<Effort> = horizons.iter().map(|h| h.effort).collect();
        if efforts != [Effort::QuickWin, Effort::Medium, Effort::Strategic] {
            diags.push(src.diag_at(
                file.recommend.horizons.span().start,
                "horizons: expected three, in order, for the efforts quick_win, medium, strategic",
            ));
        }
        let mut texts: Vec<(&str, &Text)> =
            horizons.iter().map(|h| (h.id.as_str(), &h.name)).collect();
        let t = file.texts.get_ref();
        texts.extend([
            ("texts.perception", &t.perception),
            ("texts.corroborated", &t.corroborated),
            ("texts.overstated", &t.overstated),
            ("texts.understated", &t.understated),
            ("texts.inconclusive", &t.inconclusive),
            ("texts.inferred", &t.inferred),
            ("texts.shown_some", &t.shown_some),
            ("texts.shown_none", &t.shown_none),
            ("texts.shown_single", &t.shown_single),
            ("texts.not_shown_single", &t.not_shown_single),
            ("texts.signal", &t.signal),
            ("texts.category", &t.category),
            ("texts.category_none", &t.category_none),
            ("texts.or", &t.or),
        ]);
        for (id, text) in texts {
            for lang in text.missing() {
                diags.push(
                    src.diag(format!("no `{lang}` text: expected both `fr` and `en`"))
                        .with_id(id),
                );
            }
        }
        check_placeholders(src, &mut diags);
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Ok(Params {
            confidence: file.confidence.into_inner(),
            evidence: file.evidence.into_inner(),
            perception: file.perception.into_inner(),
            default_target: target,
            horizons: file.recommend.horizons.into_inner(),
            summary: file.summary.map(Spanned::into_inner).unwrap_or_default(),
            texts: file.texts.into_inner(),
        })
    }

    /// The index of the horizon of an effort.
    pub fn horizon_of(&self, effort: Effort) -> usize {
        self.horizons
            .iter()
            .position(|h| h.effort == effort)
            .unwrap_or(self.horizons.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed;

    fn src(text: String) -> Source {
        Source {
            name: "scoring.toml".into(),
            text,
        }
    }

    fn embedded() -> String {
        embed::file(FILE).unwrap().to_string()
    }

    #[test]
    fn embedded_parameters_are_valid() {
        let p = Params::load(&src(embedded())).unwrap();
        assert_eq!(p.horizons.len(), 3);
        assert_eq!(p.horizon_of(Effort::Strategic), 2);
    }

    #[test]
    fn confidence_weights_must_add_up_to_one() {
        let text = embedded().replacen("base = 0.5", "base = 0.7", 1);
        let err = Params::load(&src(text)).unwrap_err().to_string();
        assert!(err.starts_with("scoring.toml:"), "{err}");
        assert!(err.contains("adding up to 1"), "{err}");
    }

    #[test]
    fn d4_19_unknown_or_unclosed_placeholders_are_refused_at_their_position() {
        let text = embedded()
            .replacen("show {signals}\"", "show {signal}\"", 1)
            .replacen("{label} category\"", "{label category\"", 1);
        let err = Params::load(&src(text.clone())).unwrap_err().to_string();
        let at = |needle: &str| {
            let offset = text.find(needle).unwrap();
            let (line, col) = crate::error::line_col(&text, offset);
            format!("scoring.toml:{line}:{col}: ")
        };
        assert!(
            err.contains(&format!(
                "{}[texts.shown_some] `en` text: unknown placeholder `{{signal}}`: expected one of {{coverage}}, {{repositories}}, {{signals}}",
                at("{signal}")
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "{}[texts.category] `en` text: unclosed placeholder `{{label category`: expected one of {{label}}, closed by `}}`",
                at("{label category")
            )),
            "{err}"
        );
        assert!(err.contains("2 problems found"), "{err}");
    }

    #[test]
    fn placeholders_are_parsed_with_their_offsets() {
        assert!(placeholder_problems("{a} and {b}", &["a", "b"]).is_empty());
        assert_eq!(
            placeholder_problems("x {c} {a", &["a"]),
            vec![
                (
                    2,
                    "unknown placeholder `{c}`: expected one of {a}".to_string()
                ),
                (
                    6,
                    "unclosed placeholder `{a`: expected one of {a}, closed by `}`".to_string()
                ),
            ]
        );
        assert_eq!(placeholder_problems("{", &[]).len(), 1);
    }

    #[test]
    fn evidence_tolerances_must_be_ordered() {
        let text = embedded().replacen("contradict_from = 1.0", "contradict_from = 0.25", 1);
        let err = Params::load(&src(text)).unwrap_err().to_string();
        assert!(
            err.contains("corroborate_within < contradict_from"),
            "{err}"
        );
    }
}
