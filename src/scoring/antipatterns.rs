//! Anti-patterns: rules over answers (`data/antipatterns.toml`) that detect the DevOps Topologies
//! anti-types and platform pitfalls. A hit carries the answers that made it fire and a remedy.

use super::assessment::{AntiPatternHit, ConditionEvidence, QuestionScore};
use super::level_of;
use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::questionnaire::{Catalog, Kind, Value};
use crate::source::Source;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use toml::Spanned;

pub const FILE: &str = "data/antipatterns.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    antipatterns: Vec<RuleFile>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RuleFamily {
    DevopsTopologies,
    Platform,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: Spanned<String>,
    family: RuleFamily,
    name: Text,
    description: Text,
    remedy: Text,
    all: Spanned<Vec<Spanned<ConditionFile>>>,
    #[serde(default)]
    any: Vec<Spanned<ConditionFile>>,
    /// Ids of rules that, when they fire, make this one redundant (it is then not reported).
    #[serde(default)]
    unless: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionFile {
    question: String,
    #[serde(default, rename = "in")]
    in_: Option<Vec<String>>,
    #[serde(default)]
    is: Option<bool>,
    #[serde(default)]
    level_at_most: Option<f64>,
    #[serde(default)]
    level_at_least: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    In(Vec<String>),
    Is(bool),
    AtMost(f64),
    AtLeast(f64),
}

#[derive(Debug, Clone)]
struct Condition {
    question: String,
    test: Test,
}

impl Condition {
    fn describe(&self) -> String {
        match &self.test {
            Test::In(set) => format!("in [{}]", set.join(", ")),
            Test::Is(b) => format!("is {}", if *b { "yes" } else { "no" }),
            Test::AtMost(x) => format!("level <= {x}"),
            Test::AtLeast(x) => format!("level >= {x}"),
        }
    }

    /// The evidence when the condition holds.
    fn holds(&self, q: &QuestionScore) -> Option<ConditionEvidence> {
        let answers: usize = q.values.iter().map(|v| v.count).sum();
        let count = |hit: &dyn Fn(&Value) -> bool| -> usize {
            q.values
                .iter()
                .filter(|v| hit(&v.value))
                .map(|v| v.count)
                .sum()
        };
        let (matching, answers, level, inferred) = match &self.test {
            Test::In(set) => {
                let m = count(&|v| matches!(v, Value::Text(t) if set.contains(t)));
                (Some(m), answers, None, false)
            }
            Test::Is(b) => (
                Some(count(&|v| v == &Value::Bool(*b))),
                answers,
                None,
                false,
            ),
            Test::AtMost(_) | Test::AtLeast(_) => {
                let level = q.effective_score().map(level_of);
                (None, q.scored, level, q.score.is_none())
            }
        };
        let ok = match (&self.test, matching, level) {
            (Test::In(_) | Test::Is(_), Some(m), _) => answers > 0 && 2 * m >= answers,
            (Test::AtMost(x), _, Some(l)) => l <= x + 1e-9,
            (Test::AtLeast(x), _, Some(l)) => l >= x - 1e-9,
            _ => false,
        };
        ok.then(|| ConditionEvidence {
            question: self.question.clone(),
            condition: self.describe(),
            matching,
            answers,
            level,
            inferred: inferred && level.is_some(),
        })
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    id: String,
    family: &'static str,
    name: Text,
    description: Text,
    remedy: Text,
    all: Vec<Condition>,
    any: Vec<Condition>,
    unless: Vec<String>,
}

/// Loads and checks the rules: every question exists in the catalogue, every condition fits its
/// question's kind.
pub fn load(src: &Source, catalog: &Catalog) -> Result<Vec<Rule>> {
    let file: RulesFile = src.parse()?;
    let mut diags = Vec::new();
    let mut ids = BTreeSet::new();
    let mut rules = Vec::new();
    let all_ids: BTreeSet<String> = file
        .antipatterns
        .iter()
        .map(|r| r.id.get_ref().clone())
        .collect();
    for r in file.antipatterns {
        let id = r.id.get_ref().clone();
        let at = r.id.span().start;
        if !ids.insert(id.clone()) {
            diags.push(src.diag_at(at, "duplicate anti-pattern id").with_id(&id));
        }
        for (what, t) in [
            ("name", &r.name),
            ("description", &r.description),
            ("remedy", &r.remedy),
        ] {
            for lang in t.missing() {
                diags.push(
                    src.diag_at(
                        at,
                        format!("{what} has no `{lang}` text: expected both `fr` and `en`"),
                    )
                    .with_id(&id),
                );
            }
        }
        if r.all.get_ref().is_empty() {
            diags.push(
                src.diag_at(
                    r.all.span().start,
                    "`all` is empty: expected at least one condition",
                )
                .with_id(&id),
            );
        }
        let mut check = |c: &Spanned<ConditionFile>| -> Option<Condition> {
            let cat = c.span().start;
            let c = c.get_ref();
            let mut err = |msg: String| diags.push(src.diag_at(cat, msg).with_id(&id));
            let tests: Vec<Test> = [
                c.in_.clone().map(Test::In),
                c.is.map(Test::Is),
                c.level_at_most.map(Test::AtMost),
                c.level_at_least.map(Test::AtLeast),
            ]
            .into_iter()
            .flatten()
            .collect();
            let [test] = tests.as_slice() else {
                err(format!(
                    "condition on `{}`: expected exactly one of `in`, `is`, `level_at_most`, `level_at_least`",
                    c.question
                ));
                return None;
            };
            let Some(q) = catalog.question(&c.question) else {
                err(format!(
                    "condition names unknown question `{}`: expected a question id of the questionnaires (if a --questionnaires folder renamed or removed it, give the rules a matching antipatterns.toml with `--data DIR`)",
                    c.question
                ));
                return None;
            };
            match (test, &q.kind) {
                (Test::In(set), Kind::Choice { choices }) => {
                    for v in set {
                        if !choices.iter().any(|ch| &ch.id == v) {
                            err(format!(
                                "`{v}` is not a choice of `{}`: expected one of {}",
                                q.id,
                                choices
                                    .iter()
                                    .map(|c| c.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ));
                        }
                    }
                    if set.is_empty() {
                        err(format!("`in` for `{}` is empty: expected choice ids", q.id));
                    }
                }
                (Test::In(_), _) => err(format!(
                    "`in` needs a choice question; `{}` is not one",
                    q.id
                )),
                (Test::Is(_), Kind::YesNo { .. }) => {}
                (Test::Is(_), _) => err(format!(
                    "`is` needs a yes_no question; `{}` is not one",
                    q.id
                )),
                (Test::AtMost(x) | Test::AtLeast(x), kind) => {
                    if !(1.0..=4.0).contains(x) {
                        err(format!(
                            "level {x} for `{}`: expected a level from 1 to 4",
                            q.id
                        ));
                    }
                    if matches!(kind, Kind::Text) || q.axes.is_empty() {
                        err(format!(
                            "a level condition needs a scored question; `{}` maps to no axis",
                            q.id
                        ));
                    }
                }
            }
            Some(Condition {
                question: c.question.clone(),
                test: test.clone(),
            })
        };
        let all: Vec<Condition> = r.all.get_ref().iter().filter_map(&mut check).collect();
        let any: Vec<Condition> = r.any.iter().filter_map(&mut check).collect();
        for u in &r.unless {
            if !all_ids.contains(u.get_ref()) || u.get_ref() == &id {
                diags.push(
                    src.diag_at(
                        u.span().start,
                        format!(
                            "`unless` names `{}`: expected the id of another rule of this file",
                            u.get_ref()
                        ),
                    )
                    .with_id(&id),
                );
            }
        }
        rules.push(Rule {
            id,
            family: match r.family {
                RuleFamily::DevopsTopologies => "devops_topologies",
                RuleFamily::Platform => "platform",
            },
            name: r.name,
            description: r.description,
            remedy: r.remedy,
            all,
            any,
            unless: r.unless.into_iter().map(Spanned::into_inner).collect(),
        });
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    Ok(rules)
}

/// The rules that fire on the scored questions, in rule order.
pub fn detect(rules: &[Rule], questions: &[QuestionScore]) -> Vec<AntiPatternHit> {
    let by_id: HashMap<&str, &QuestionScore> =
        questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let eval = |c: &Condition| by_id.get(c.question.as_str()).and_then(|q| c.holds(q));
    let hits: Vec<(&Rule, AntiPatternHit)> = rules
        .iter()
        .filter_map(|r| {
            let mut evidence: Vec<ConditionEvidence> =
                r.all.iter().map(eval).collect::<Option<Vec<_>>>()?;
            if !r.any.is_empty() {
                let any: Vec<ConditionEvidence> = r.any.iter().filter_map(eval).collect();
                if any.is_empty() {
                    return None;
                }
                evidence.extend(any);
            }
            Some((
                r,
                AntiPatternHit {
                    id: r.id.clone(),
                    family: r.family.to_string(),
                    name: r.name.clone(),
                    description: r.description.clone(),
                    remedy: r.remedy.clone(),
                    evidence,
                },
            ))
        })
        .collect();
    // A rule that another hit makes redundant (`unless`) is left out, so one situation is
    // reported once.
    let fired: BTreeSet<&str> = hits.iter().map(|(r, _)| r.id.as_str()).collect();
    hits.into_iter()
        .filter(|(r, _)| !r.unless.iter().any(|u| fired.contains(u.as_str())))
        .map(|(_, h)| h)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed;

    fn rules(text: &str) -> Result<Vec<Rule>> {
        load(
            &Source {
                name: "antipatterns.toml".into(),
                text: text.into(),
            },
            &Catalog::load(&[]).unwrap(),
        )
    }

    #[test]
    fn unknown_question_is_rejected_with_rule_id_and_position() {
        let text = embed::file(FILE).unwrap().replacen(
            "question = \"meas.feedback\"",
            "question = \"meas.nope\"",
            1,
        );
        let err = rules(&text).unwrap_err().to_string();
        assert!(err.starts_with("antipatterns.toml:"), "{err}");
        assert!(
            err.contains(
                "[platform_without_feedback] condition names unknown question `meas.nope`"
            ),
            "{err}"
        );
    }

    #[test]
    fn condition_must_fit_the_question_kind() {
        let text = embed::file(FILE).unwrap().replacen(
            "{ question = \"inv.staffing\", level_at_least = 2 }",
            "{ question = \"inv.staffing\", in = [\"x\"] }",
            1,
        );
        let err = rules(&text).unwrap_err().to_string();
        assert!(err.contains("`in` needs a choice question"), "{err}");
    }
}
