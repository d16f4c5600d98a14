//! The engine's tunable parameters, from `data/scoring.toml`: confidence weights, evidence
//! tolerances, the perception-gap threshold, the default target and the roadmap horizons, and the
//! bilingual templates of evidence explanations.

use crate::error::{Error, Result};
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
    texts: Spanned<EvidenceTexts>,
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

/// The checked parameters.
#[derive(Debug, Clone)]
pub struct Params {
    pub confidence: ConfidenceParams,
    pub evidence: EvidenceParams,
    pub perception: PerceptionParams,
    pub default_target: u8,
    /// Ordered earliest first, one per effort.
    pub horizons: Vec<HorizonDef>,
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
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Ok(Params {
            confidence: file.confidence.into_inner(),
            evidence: file.evidence.into_inner(),
            perception: file.perception.into_inner(),
            default_target: target,
            horizons: file.recommend.horizons.into_inner(),
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
    fn evidence_tolerances_must_be_ordered() {
        let text = embedded().replacen("contradict_from = 1.0", "contradict_from = 0.25", 1);
        let err = Params::load(&src(text)).unwrap_err().to_string();
        assert!(
            err.contains("corroborate_within < contradict_from"),
            "{err}"
        );
    }
}
