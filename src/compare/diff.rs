//! Matching two assessments by id and telling change from noise.

use super::input::{Loaded, LoadedCluster, LoadedQuestion, Snapshot};
use super::noise;
use super::*;
use crate::engagement::Channel;
use crate::error::{Error, Result};
use crate::scoring::median;
use std::collections::{BTreeMap, BTreeSet};

/// Compares assessments given in chronological order: the first is the baseline, the last the
/// current one. Fails when they are out of order, or of different clients without `force`.
pub fn compare(snapshots: &[Snapshot], force: bool) -> Result<Comparison> {
    if snapshots.len() < 2 {
        return Err(Error::Usage(
            "compare needs at least two assessments: BASELINE CURRENT [MORE…]".into(),
        ));
    }
    let (first, last) = (&snapshots[0], &snapshots[snapshots.len() - 1]);
    check_order(snapshots)?;
    let renamed = check_clients(snapshots, force)?;
    let (b, a) = (&first.assessment, &last.assessment);
    let matching = matching(first, last);
    let excluded: BTreeSet<&str> = matching.relevelled.iter().map(|r| r.id.as_str()).collect();
    let axes = axes(snapshots, &excluded);
    let recommendations = recommendations(b, a, &excluded);
    let initiatives = initiative_progress(b, &recommendations);
    // A baseline without initiatives (older Assessments): recommendations one by one only.
    let mut not_compared = Vec::new();
    if initiatives.is_empty() {
        not_compared.push("initiatives".to_string());
    }
    let value = value(b, a);
    if value.is_none() {
        not_compared.push("value_range".to_string());
    }
    let scan = match (&first.scan, &last.scan) {
        (Some(before), Some(after)) => Some(scan(before, after)),
        _ => {
            not_compared.push("scan_coverage".to_string());
            None
        }
    };
    Ok(Comparison {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        client: a.engagement.client.clone(),
        renamed,
        language: a.engagement.language,
        assessments: snapshots.iter().map(reference).collect(),
        rule: noise::Rule::current(),
        roles: roles(b, a),
        dora: dora(b, a),
        quadrant: quadrant(b, a),
        antipatterns: antipatterns(b, a),
        recommendations,
        initiatives,
        axes,
        matching,
        scan,
        value,
        not_compared,
    })
}

/// The value range of both sides, when both have one in the same currency.
fn value(b: &Loaded, a: &Loaded) -> Option<ValueChange> {
    let (vb, va) = (b.value.as_ref()?, a.value.as_ref()?);
    if vb.currency != va.currency || vb.currency.is_empty() {
        return None;
    }
    let (before, after) = (vb.range()?, va.range()?);
    Some(ValueChange {
        currency: va.currency.clone(),
        before,
        after,
        delta_expected: after.expected - before.expected,
    })
}

fn check_order(snapshots: &[Snapshot]) -> Result<()> {
    for pair in snapshots.windows(2) {
        let (x, y) = (&pair[0], &pair[1]);
        let (dx, dy) = (x.assessment.engagement.date, y.assessment.engagement.date);
        if dy < dx {
            return Err(Error::Usage(format!(
                "assessments out of order: {} is dated {dy}, before {} ({dx}): expected them oldest first (BASELINE CURRENT [MORE…])",
                y.source, x.source
            )));
        }
    }
    Ok(())
}

/// Whether the clients differ (accepted with `force`).
fn check_clients(snapshots: &[Snapshot], force: bool) -> Result<bool> {
    let first = &snapshots[0];
    let name = |s: &Snapshot| s.assessment.engagement.client.trim().to_string();
    let mut renamed = false;
    for s in &snapshots[1..] {
        if name(s) != name(first) {
            if !force {
                return Err(Error::Usage(format!(
                    "different clients: {} is \"{}\", {} is \"{}\": expected assessments of one client (--force compares them anyway, for a renamed client)",
                    first.source,
                    name(first),
                    s.source,
                    name(s)
                )));
            }
            renamed = true;
        }
    }
    Ok(renamed)
}

fn reference(s: &Snapshot) -> AssessmentRef {
    let a = &s.assessment;
    AssessmentRef {
        source: s.source.clone(),
        client: a.engagement.client.clone(),
        date: a.engagement.date,
        schema_version: s.schema_version,
        questionnaires: a
            .questionnaires
            .iter()
            .map(|q| QuestionnaireVersion {
                id: q.id.clone(),
                version: q.version.clone(),
                title: q.title.clone(),
            })
            .collect(),
        respondents: a.respondents.len(),
        survey: a.survey.count,
        min_group_size: a.engagement.min_group_size,
        scanned: s.scan.is_some(),
    }
}

fn matching(first: &Snapshot, last: &Snapshot) -> Matching {
    let (b, a) = (&first.assessment, &last.assessment);
    let mut questionnaires = Vec::new();
    let ids: BTreeSet<&str> = b
        .questionnaires
        .iter()
        .chain(&a.questionnaires)
        .map(|q| q.id.as_str())
        .collect();
    for id in ids {
        let before = b.questionnaires.iter().find(|q| q.id == id);
        let after = a.questionnaires.iter().find(|q| q.id == id);
        if before.map(|q| &q.version) != after.map(|q| &q.version) {
            questionnaires.push(QuestionnaireMatch {
                id: id.to_string(),
                before: before.map(|q| q.version.clone()),
                after: after.map(|q| q.version.clone()),
                title: after
                    .or(before)
                    .map(|q| q.title.clone())
                    .unwrap_or_default(),
            });
        }
    }
    let question_ref = |q: &LoadedQuestion| QuestionRef {
        id: q.id.clone(),
        questionnaire: q.questionnaire.clone(),
    };
    let added = a
        .questions
        .iter()
        .filter(|q| question(b, &q.id).is_none())
        .map(question_ref)
        .collect();
    let removed = b
        .questions
        .iter()
        .filter(|q| question(a, &q.id).is_none())
        .map(question_ref)
        .collect();
    let mut relevelled = Vec::new();
    let mut matched = 0;
    for qa in &a.questions {
        let Some(qb) = question(b, &qa.id) else {
            continue;
        };
        matched += 1;
        let (db, da) = (first.definitions.get(&qa.id), last.definitions.get(&qa.id));
        let what = if qa.kind != qb.kind {
            Some("kind")
        } else {
            match (db, da) {
                (Some(db), Some(da)) if db.scale != da.scale => Some("scale"),
                (Some(db), Some(da)) if db.axes != da.axes => Some("axes"),
                _ => None,
            }
        };
        if let Some(what) = what {
            relevelled.push(Relevelled {
                id: qa.id.clone(),
                questionnaire: qa.questionnaire.clone(),
                what: what.to_string(),
            });
        }
    }
    Matching {
        questionnaires,
        added,
        removed,
        relevelled,
        matched,
    }
}

fn question<'a>(a: &'a Loaded, id: &str) -> Option<&'a LoadedQuestion> {
    a.questions.iter().find(|q| q.id == id)
}

/// The questions mapped to an axis with their weights, from a snapshot's definitions.
fn mapped<'a>(s: &'a Snapshot, axis: &str) -> Vec<(&'a LoadedQuestion, f64)> {
    s.assessment
        .questions
        .iter()
        .filter_map(|q| {
            let def = s.definitions.get(&q.id)?;
            let w = def.axes.iter().find(|(x, _)| x == axis)?.1;
            Some((q, w))
        })
        .collect()
}

/// Named respondents with a scored answer on an axis's questions, and the survey answers there.
fn who(questions: &[(&LoadedQuestion, f64)]) -> (BTreeSet<String>, usize) {
    let mut named = BTreeSet::new();
    let mut survey = 0;
    for (q, _) in questions {
        for a in q.answers.iter().filter(|a| a.score.is_some()) {
            if a.channel != Channel::Survey {
                named.insert(a.respondent.clone());
            }
        }
        survey += q.survey.as_ref().map_or(0, |s| s.answers);
    }
    (named, survey)
}

/// The change among `stayers`, question by question (median of their scores on each side, in
/// levels), weighted by the current mapping; `None` when no question has a stayer both times.
fn stayers_delta(
    before: &[(&LoadedQuestion, f64)],
    after: &[(&LoadedQuestion, f64)],
    stayers: &BTreeSet<String>,
    excluded: &BTreeSet<&str>,
) -> Option<f64> {
    let scores = |q: &LoadedQuestion| -> BTreeMap<String, f64> {
        q.answers
            .iter()
            .filter(|a| stayers.contains(&a.respondent))
            .filter_map(|a| a.score.map(|s| (a.respondent.clone(), s)))
            .collect()
    };
    let (mut sum, mut weights) = (0.0, 0.0);
    for (qa, w) in after {
        if excluded.contains(qa.id.as_str()) {
            continue;
        }
        let Some((qb, _)) = before.iter().find(|(qb, _)| qb.id == qa.id) else {
            continue;
        };
        let (sb, sa) = (scores(qb), scores(qa));
        let both: Vec<&String> = sa.keys().filter(|r| sb.contains_key(*r)).collect();
        if both.is_empty() {
            continue;
        }
        let mut xb: Vec<f64> = both.iter().map(|r| sb[*r]).collect();
        let mut xa: Vec<f64> = both.iter().map(|r| sa[*r]).collect();
        if let (Some(mb), Some(ma)) = (median(&mut xb), median(&mut xa)) {
            sum += w * 3.0 * (ma - mb);
            weights += w;
        }
    }
    (weights > 0.0).then(|| sum / weights)
}

fn axes(snapshots: &[Snapshot], excluded: &BTreeSet<&str>) -> Vec<AxisChange> {
    let (first, last) = (&snapshots[0], &snapshots[snapshots.len() - 1]);
    let (b, a) = (&first.assessment, &last.assessment);
    let mut ids: Vec<&str> = a.axes.iter().map(|x| x.id.as_str()).collect();
    ids.extend(
        b.axes
            .iter()
            .map(|x| x.id.as_str())
            .filter(|id| a.axes.iter().all(|x| x.id != *id)),
    );
    ids.into_iter()
        .filter_map(|id| {
            let xb = b.axes.iter().find(|x| x.id == id);
            let xa = a.axes.iter().find(|x| x.id == id);
            let family = xa.or(xb)?.family;
            let before = xb.and_then(|x| x.level);
            let after = xa.and_then(|x| x.level);
            let delta = before.zip(after).map(|(x, y)| y - x);
            let spread_before = noise::spread(xb.and_then(|x| x.agreement));
            let spread_after = noise::spread(xa.and_then(|x| x.agreement));
            let margin = noise::margin(spread_before, spread_after);
            let (qb, qa) = (mapped(first, id), mapped(last, id));
            let ((named_b, survey_before), (named_a, survey_after)) = (who(&qb), who(&qa));
            let stayers: BTreeSet<String> = named_b.intersection(&named_a).cloned().collect();
            let all = named_b.union(&named_a).count();
            let turnover = noise::turnover(stayers.len(), all);
            let stayers_delta = stayers_delta(&qb, &qa, &stayers, excluded);
            let confidence_before = xb.map_or(0.0, |x| x.confidence);
            let confidence_after = xa.map_or(0.0, |x| x.confidence);
            Some(AxisChange {
                id: id.to_string(),
                family,
                levels: snapshots
                    .iter()
                    .map(|s| {
                        s.assessment
                            .axes
                            .iter()
                            .find(|x| x.id == id)
                            .and_then(|x| x.level)
                    })
                    .collect(),
                before,
                after,
                delta,
                band_before: xb.and_then(|x| x.band),
                band_after: xa.and_then(|x| x.band),
                target: xa.and_then(|x| x.target).or(xb.and_then(|x| x.target)),
                confidence_before,
                confidence_after,
                confidence_delta: confidence_after - confidence_before,
                spread_before,
                spread_after,
                margin,
                respondents_before: named_b.len(),
                respondents_after: named_a.len(),
                common: stayers.len(),
                turnover,
                stayers_delta,
                survey_before,
                survey_after,
                verdict: noise::verdict(delta, margin, turnover, stayers_delta),
            })
        })
        .collect()
}

fn roles(b: &Loaded, a: &Loaded) -> Vec<RoleChange> {
    let mut out = Vec::new();
    for xa in &a.axes {
        let Some(xb) = b.axes.iter().find(|x| x.id == xa.id) else {
            continue;
        };
        for ga in &xa.by_role {
            if let Some(gb) = xb.by_role.iter().find(|g| g.group == ga.group) {
                out.push(RoleChange {
                    axis: xa.id.clone(),
                    role: ga.group.clone(),
                    before: gb.level,
                    after: ga.level,
                    delta: ga.level - gb.level,
                    respondents_before: gb.respondents,
                    respondents_after: ga.respondents,
                });
            }
        }
    }
    out
}

fn cluster(c: &LoadedCluster) -> Cluster {
    Cluster {
        id: c.id.clone(),
        rank: c.rank,
        name: c.name.clone(),
    }
}

fn key_change(
    axis: &str,
    before: Option<&LoadedCluster>,
    after: Option<&LoadedCluster>,
    same_year: bool,
) -> DoraKeyChange {
    DoraKeyChange {
        axis: axis.to_string(),
        before: before.map(cluster),
        after: after.map(cluster),
        moved: before
            .zip(after)
            .filter(|_| same_year)
            .map(|(x, y)| i32::from(x.rank) - i32::from(y.rank)),
    }
}

fn dora(b: &Loaded, a: &Loaded) -> DoraChange {
    let same_year = b.dora.year == a.dora.year;
    let mut axes: Vec<&str> = a.dora.keys.iter().map(|k| k.axis.as_str()).collect();
    for k in &b.dora.keys {
        if !axes.contains(&k.axis.as_str()) {
            axes.push(&k.axis);
        }
    }
    let find = |l: &'_ Loaded, axis: &str| {
        l.dora
            .keys
            .iter()
            .find(|k| k.axis == axis)
            .and_then(|k| k.cluster.clone())
    };
    DoraChange {
        year_before: b.dora.year,
        year_after: a.dora.year,
        keys: axes
            .into_iter()
            .map(|axis| {
                key_change(
                    axis,
                    find(b, axis).as_ref(),
                    find(a, axis).as_ref(),
                    same_year,
                )
            })
            .collect(),
        overall: key_change(
            "overall",
            b.dora.overall.as_ref(),
            a.dora.overall.as_ref(),
            same_year,
        ),
    }
}

fn quadrant(b: &Loaded, a: &Loaded) -> QuadrantChange {
    let named = |l: &Loaded| {
        l.topology.quadrant.as_ref().map(|q| Named {
            id: q.id.clone(),
            name: q.name.clone(),
        })
    };
    let (before, after) = (named(b), named(a));
    QuadrantChange {
        changed: before.as_ref().map(|q| &q.id) != after.as_ref().map(|q| &q.id),
        before,
        after,
    }
}

fn antipatterns(b: &Loaded, a: &Loaded) -> AntiPatternChange {
    let named = |x: &super::input::LoadedNamed| Named {
        id: x.id.clone(),
        name: x.name.clone(),
    };
    let has = |l: &Loaded, id: &str| l.antipatterns.iter().any(|x| x.id == id);
    AntiPatternChange {
        resolved: b
            .antipatterns
            .iter()
            .filter(|x| !has(a, &x.id))
            .map(named)
            .collect(),
        new: a
            .antipatterns
            .iter()
            .filter(|x| !has(b, &x.id))
            .map(named)
            .collect(),
        remaining: a
            .antipatterns
            .iter()
            .filter(|x| has(b, &x.id))
            .map(named)
            .collect(),
    }
}

fn recommendations(b: &Loaded, a: &Loaded, excluded: &BTreeSet<&str>) -> RecommendationChange {
    let mut out = RecommendationChange::default();
    for r in &b.recommendations {
        let mut comparable = true;
        let questions: Vec<SourceStatus> = r
            .sources
            .iter()
            .map(|s| {
                let before = question(b, &s.question).and_then(LoadedQuestion::effective_level);
                let now =
                    question(a, &s.question).filter(|_| !excluded.contains(s.question.as_str()));
                comparable &= now.is_some();
                let after = now.and_then(LoadedQuestion::effective_level);
                SourceStatus {
                    question: s.question.clone(),
                    target: s.target,
                    before,
                    after,
                    met: after.is_some_and(|l| l + 1e-9 >= f64::from(s.target)),
                }
            })
            .collect();
        let status = RecommendationStatus {
            id: r.id.clone(),
            title: r.title.clone(),
            questions,
        };
        if !comparable {
            out.not_comparable.push(status);
        } else if status.questions.iter().all(|q| q.met) {
            out.done.push(status);
        } else {
            out.open.push(status);
        }
    }
    out.new = a
        .recommendations
        .iter()
        .filter(|r| b.recommendations.iter().all(|x| x.id != r.id))
        .map(|r| Named {
            id: r.id.clone(),
            name: r.title.clone(),
        })
        .collect();
    out
}

/// Per initiative of the baseline, its recommendations counted as done, open or not comparable.
fn initiative_progress(b: &Loaded, r: &RecommendationChange) -> Vec<InitiativeProgress> {
    let count = |list: &[RecommendationStatus], ids: &[String]| {
        list.iter().filter(|s| ids.contains(&s.id)).count()
    };
    b.initiatives
        .iter()
        .map(|i| InitiativeProgress {
            id: i.id.clone(),
            name: i.name.clone(),
            done: count(&r.done, &i.recommendations),
            open: count(&r.open, &i.recommendations),
            not_comparable: count(&r.not_comparable, &i.recommendations),
        })
        .collect()
}

fn coverage(
    before: &BTreeMap<String, (usize, f64)>,
    after: &BTreeMap<String, (usize, f64)>,
) -> Vec<CoverageChange> {
    let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    ids.into_iter()
        .map(|id| {
            let (rb, cb) = before.get(id).copied().unwrap_or((0, 0.0));
            let (ra, ca) = after.get(id).copied().unwrap_or((0, 0.0));
            CoverageChange {
                id: id.clone(),
                repositories_before: rb,
                repositories_after: ra,
                before: cb,
                after: ca,
                delta: ca - cb,
            }
        })
        .collect()
}

fn scan(before: &input::ScanCoverage, after: &input::ScanCoverage) -> ScanChange {
    let (signals, unchanged): (Vec<_>, Vec<_>) = coverage(&before.signals, &after.signals)
        .into_iter()
        .partition(|c| {
            c.repositories_before != c.repositories_after || (c.after - c.before).abs() > 1e-9
        });
    ScanChange {
        repositories_before: before.repositories,
        repositories_after: after.repositories,
        categories: coverage(&before.categories, &after.categories),
        signals,
        signals_unchanged: unchanged.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Catalog;
    use std::path::Path;

    fn sample() -> Snapshot {
        let catalog = Catalog::load(&[]).unwrap();
        input::load(Path::new("samples/acme"), &[], &catalog).unwrap()
    }

    #[test]
    fn identical_assessments_show_no_change_and_nothing_improved() {
        let s = sample();
        let c = compare(&[s.clone(), s], false).unwrap();
        assert!(c.axes.iter().all(|x| matches!(
            x.verdict,
            noise::Verdict::Same | noise::Verdict::NotComparable
        )));
        assert!(c.axes.iter().any(|x| x.verdict == noise::Verdict::Same));
        assert!(c.matching.added.is_empty() && c.matching.removed.is_empty());
        assert!(c.matching.relevelled.is_empty() && c.matching.questionnaires.is_empty());
        assert!(c.antipatterns.resolved.is_empty() && c.antipatterns.new.is_empty());
        assert!(c.recommendations.done.is_empty() && c.recommendations.new.is_empty());
        assert!(c.dora.keys.iter().all(|k| k.moved.unwrap_or(0) == 0));
        assert!(!c.quadrant.changed);
        let scan = c.scan.unwrap();
        assert!(scan.signals.is_empty());
        assert!(scan.categories.iter().all(|x| x.delta == 0.0));
    }

    #[test]
    fn assessments_out_of_order_are_refused_with_both_dates() {
        let s = sample();
        let mut later = s.clone();
        later.source = "later".into();
        later.assessment.engagement.date = crate::date::Date::parse("2027-04-15").unwrap();
        let err = compare(&[later, s], false).unwrap_err().to_string();
        assert!(
            err.contains(
                "out of order: samples/acme is dated 2026-10-15, before later (2027-04-15)"
            ),
            "{err}"
        );
    }

    #[test]
    fn different_clients_are_refused_unless_forced() {
        let s = sample();
        let mut other = s.clone();
        other.assessment.engagement.client = "Other SA".into();
        let err = compare(&[s.clone(), other.clone()], false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("different clients"), "{err}");
        assert!(
            err.contains("\"Other SA\"") && err.contains("--force"),
            "{err}"
        );
        assert!(compare(&[s, other], true).unwrap().renamed);
    }

    #[test]
    fn value_ranges_are_compared_only_in_one_currency() {
        let s = sample();
        let with = |currency: &str, expected: f64| {
            let mut x = s.clone();
            x.assessment.value = Some(input::LoadedValue {
                currency: currency.into(),
                low: Some(expected / 2.0),
                expected: Some(expected),
                high: Some(expected * 2.0),
            });
            x
        };
        let c = compare(&[with("EUR", 100_000.0), with("EUR", 150_000.0)], false).unwrap();
        let v = c.value.unwrap();
        assert_eq!(v.delta_expected, 50_000.0);
        assert!(!c.not_compared.contains(&"value_range".to_string()));
        let c = compare(&[with("EUR", 100_000.0), with("CAD", 150_000.0)], false).unwrap();
        assert!(c.value.is_none());
        assert!(c.not_compared.contains(&"value_range".to_string()));
        // Without a value case (Assessments before it existed): not compared, and said so.
        let mut none = s;
        none.assessment.value = None;
        let c = compare(&[none.clone(), none], false).unwrap();
        assert!(c.not_compared.contains(&"value_range".to_string()));
    }

    #[test]
    fn one_assessment_is_not_a_comparison() {
        let err = compare(&[sample()], false).unwrap_err().to_string();
        assert!(err.contains("at least two"), "{err}");
    }
}
