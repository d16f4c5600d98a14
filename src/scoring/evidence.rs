//! Evidence: the questionnaires' evidence rules read the repository scan (`evidence/scan.json`);
//! the coverage of a rule's signals implies a level, which corroborates or contradicts the
//! answered level, or infers the level of a question nobody answered (always labelled, and
//! counted at reduced weight).

use super::assessment::{EvidenceFinding, Inference, QuestionScore, Verdict};
use super::band_of;
use super::params::Params;
use super::text::{decimal, fill, percent, same};
use crate::error::{Diagnostic, Error, Result};
use crate::evidence::{ScanReport, SCAN_FILE};
use crate::framework::Framework;
use crate::i18n::Text;
use crate::questionnaire::{EvidenceRule, Question};
use std::path::Path;

/// Checks that every signal and category the rules of `questions` name is known to the scan.
pub fn check_rules(questions: &[&Question], scan: &ScanReport, dir: &Path) -> Result<()> {
    let file = dir.join(SCAN_FILE).display().to_string();
    let mut diags = Vec::new();
    for q in questions {
        for rule in &q.evidence {
            for s in &rule.signals {
                if !scan.signals.iter().any(|x| &x.id == s) {
                    diags.push(
                        Diagnostic::new(&file, format!(
                            "the evidence rule of this question names signal `{s}`, which the scan does not know: expected a signal of the scan's catalogue (re-run `platform-audit scan`, or fix the questionnaire)"
                        ))
                        .with_id(&q.id),
                    );
                }
            }
            for c in &rule.categories {
                if !scan.categories.iter().any(|x| &x.id == c) {
                    diags.push(
                        Diagnostic::new(&file, format!(
                            "the evidence rule of this question names category `{c}`, which the scan does not know: expected a category of the scan's catalogue"
                        ))
                        .with_id(&q.id),
                    );
                }
            }
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(diags))
    }
}

/// The level implied by a coverage: 1, plus one per threshold reached.
pub fn implied_level(rule: &EvidenceRule, coverage: f64) -> u8 {
    1 + rule.levels.iter().filter(|t| coverage >= **t).count() as u8
}

/// Reads the scan for one question: the rule implying the highest level wins (any rule's
/// evidence is enough to show a trait). Sets the question's verdict or inference.
pub fn apply(
    q: &Question,
    score: &mut QuestionScore,
    scan: &ScanReport,
    params: &Params,
    framework: &Framework,
) -> Option<EvidenceFinding> {
    let repositories = scan.repository_count();
    let (rule, coverage, implied) = q
        .evidence
        .iter()
        .map(|r| {
            let c = scan.coverage_of_any(&r.signals, &r.categories);
            (r, c, implied_level(r, c))
        })
        .reduce(|best, x| if x.2 > best.2 { x } else { best })?;
    let claimed = score.level;
    let delta = claimed.map(|c| c - f64::from(implied));
    let e = &params.evidence;
    let t = &params.texts;
    let (verdict, template) = match delta {
        None if score.not_applicable == 0 => (Verdict::Inferred, &t.inferred),
        None => return None,
        Some(d) if d.abs() <= e.corroborate_within => (Verdict::Corroborated, &t.corroborated),
        Some(d) if d >= e.contradict_from => (Verdict::Contradicted, &t.overstated),
        Some(d) if d <= -e.contradict_from => (Verdict::Contradicted, &t.understated),
        Some(_) => (Verdict::Inconclusive, &t.inconclusive),
    };
    let level_name = |level: f64, exact: bool| -> Text {
        let name = framework
            .level(band_of(level))
            .map(|l| l.name.clone())
            .unwrap_or_else(|| same(""));
        let num = if exact {
            same(format!("{}", level as u8))
        } else {
            decimal(level)
        };
        fill(
            &Text::new("{n} ({x})", "{n} ({x})"),
            &[("n", name), ("x", num)],
        )
    };
    let names: Vec<&str> = rule
        .signals
        .iter()
        .chain(rule.categories.iter())
        .map(String::as_str)
        .collect();
    let message = fill(
        template,
        &[
            ("question", same(&q.id)),
            (
                "claimed",
                claimed.map(|c| level_name(c, false)).unwrap_or_default(),
            ),
            ("implied", level_name(f64::from(implied), true)),
            ("coverage", percent(coverage)),
            ("signals", same(names.join(", "))),
            ("repositories", same(repositories.to_string())),
        ],
    );
    score.evidence = Some(verdict);
    if verdict == Verdict::Inferred {
        score.inferred = Some(Inference {
            level: implied,
            score: f64::from(implied - 1) / 3.0,
        });
    }
    Some(EvidenceFinding {
        question: q.id.clone(),
        verdict,
        signals: rule.signals.clone(),
        categories: rule.categories.clone(),
        coverage,
        matching: (coverage * repositories as f64).round() as usize,
        repositories,
        implied_level: implied,
        claimed_level: claimed,
        delta,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implied_level_counts_thresholds_reached() {
        let rule = EvidenceRule {
            signals: vec!["ci".into()],
            categories: vec![],
            levels: [0.2, 0.5, 0.8],
        };
        assert_eq!(implied_level(&rule, 0.08), 1);
        assert_eq!(implied_level(&rule, 0.2), 2);
        assert_eq!(implied_level(&rule, 0.79), 3);
        assert_eq!(implied_level(&rule, 1.0), 4);
    }
}
