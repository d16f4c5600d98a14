//! Evidence: the questionnaires' evidence rules read the repository scan (`evidence/scan.json`);
//! the coverage of a rule's signals implies a level, which corroborates or contradicts the
//! answered level, or infers the level of a question nobody answered (always labelled, and
//! counted at reduced weight).

use super::assessment::{EvidenceFinding, Inference, QuestionScore, Verdict};
use super::band_of;
use super::params::Params;
use super::text::{decimal, fill, percent, same};
use crate::error::{Diagnostic, Error, Result};
use crate::evidence::{ScanReport, SignalLabels, SCAN_FILE};
use crate::framework::Framework;
use crate::i18n::{Lang, Text};
use crate::questionnaire::{EvidenceRule, Question};
use std::collections::HashMap;
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

/// The level implied by a coverage: 1, plus one per threshold reached (so a rule with fewer than
/// three thresholds never implies level 4).
pub fn implied_level(rule: &EvidenceRule, coverage: f64) -> u8 {
    1 + rule.levels.iter().filter(|t| coverage >= **t).count() as u8
}

/// The scan with each signal's category at hand.
pub struct Scan<'a> {
    pub report: &'a ScanReport,
    category_of: HashMap<&'a str, &'a str>,
    /// Signals and categories are named by their labels in explanations.
    labels: &'static SignalLabels,
}

impl<'a> Scan<'a> {
    pub fn new(report: &'a ScanReport) -> Scan<'a> {
        Scan {
            report,
            category_of: report
                .signals
                .iter()
                .map(|s| (s.id.as_str(), s.category.as_str()))
                .collect(),
            labels: SignalLabels::embedded(),
        }
    }

    /// The share of repositories showing any of the rule's signals, or any signal of its
    /// categories: [`ScanReport::coverage_of_any`], with the category look-up indexed.
    pub fn coverage(&self, rule: &EvidenceRule) -> f64 {
        let repositories = &self.report.repositories;
        if repositories.is_empty() {
            return 0.0;
        }
        let hits = repositories
            .iter()
            .filter(|r| {
                r.signals.iter().any(|h| {
                    rule.signals.contains(&h.id)
                        || self
                            .category_of
                            .get(h.id.as_str())
                            .is_some_and(|c| rule.categories.iter().any(|x| x == c))
                })
            })
            .count();
        hits as f64 / repositories.len() as f64
    }
}

/// Reads the scan for one question: the rule implying the highest level wins (any rule's
/// evidence is enough to show a trait). Sets the question's verdict or inference.
pub fn apply(
    q: &Question,
    score: &mut QuestionScore,
    scan: &Scan,
    params: &Params,
    framework: &Framework,
) -> Option<EvidenceFinding> {
    let repositories = scan.report.repository_count();
    let (rule, coverage, implied) = q
        .evidence
        .iter()
        .map(|r| {
            let c = scan.coverage(r);
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
    let message = fill(
        template,
        &[
            ("question", q.text.clone()),
            ("id", same(&q.id)),
            (
                "claimed",
                claimed.map(|c| level_name(c, false)).unwrap_or_default(),
            ),
            ("implied", level_name(f64::from(implied), true)),
            ("shown", shown(rule, coverage, repositories, scan, params)),
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

/// What the repositories show, e.g. `75 % des 8 dépôts montrent « Dockerfile »` or `none of the
/// 8 repositories shows a signal of the Security category`: a zero coverage reads as "none", and
/// a single repository is spoken of as such.
fn shown(
    rule: &EvidenceRule,
    coverage: f64,
    repositories: usize,
    scan: &Scan,
    params: &Params,
) -> Text {
    let t = &params.texts;
    let found = coverage > 0.0;
    let category = if found { &t.category } else { &t.category_none };
    let items: Vec<Text> = rule
        .signals
        .iter()
        .map(|s| fill(&t.signal, &[("label", scan.labels.signal(s))]))
        .chain(
            rule.categories
                .iter()
                .map(|c| fill(category, &[("label", scan.labels.category(c))])),
        )
        .collect();
    let signals = join_or(&items, &t.or);
    let clause = match (repositories, found) {
        (1, true) => &t.shown_single,
        (1, false) => &t.not_shown_single,
        (_, true) => &t.shown_some,
        (_, false) => &t.shown_none,
    };
    fill(
        clause,
        &[
            ("coverage", percent(coverage)),
            ("repositories", same(repositories.to_string())),
            ("signals", signals),
        ],
    )
}

/// `a, b or c` in each language.
fn join_or(items: &[Text], or: &Text) -> Text {
    let one = |lang: Lang| {
        let words: Vec<&str> = items.iter().map(|i| i.get(lang)).collect();
        match words.split_last() {
            None => String::new(),
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{}{}{last}", rest.join(", "), or.get(lang)),
        }
    };
    Text::new(one(Lang::Fr), one(Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_coverage_matches_the_contract() {
        let dir = Path::new("tests/fixtures/worked-example/engagement");
        let report = ScanReport::load_optional(dir).unwrap().unwrap();
        let scan = Scan::new(&report);
        for (signals, categories) in [
            (vec!["pipeline"], vec![]),
            (vec![], vec!["catalog"]),
            (vec!["pipeline"], vec!["catalog", "ci"]),
            (vec!["nothing"], vec![]),
        ] {
            let rule = EvidenceRule {
                signals: signals.into_iter().map(String::from).collect(),
                categories: categories.into_iter().map(String::from).collect(),
                levels: vec![0.2, 0.5, 0.8],
            };
            assert_eq!(
                scan.coverage(&rule),
                report.coverage_of_any(&rule.signals, &rule.categories)
            );
        }
    }

    #[test]
    fn implied_level_counts_thresholds_reached() {
        let rule = EvidenceRule {
            signals: vec!["ci".into()],
            categories: vec![],
            levels: vec![0.2, 0.5, 0.8],
        };
        assert_eq!(implied_level(&rule, 0.08), 1);
        assert_eq!(implied_level(&rule, 0.2), 2);
        assert_eq!(implied_level(&rule, 0.79), 3);
        assert_eq!(implied_level(&rule, 1.0), 4);
    }
}
