//! Client topology on generated answers: each combination of maturity and difficulty lands in its
//! quadrant, and the drivers say which answers made each axis; recommendations shared by two
//! questions are one roadmap item.

use platform_audit::engagement::{
    Answer, AnswerState, Channel, Engagement, EngagementMeta, Respondent, Response,
};
use platform_audit::questionnaire::{Catalog, Value};
use platform_audit::scoring::{assess_with, Assessment, ScoringData};
use platform_audit::Lang;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn assess(level: i64, size: &str, regulation: &str) -> Assessment {
    let catalog = Catalog::load(&[PathBuf::from("tests/fixtures/classify")]).unwrap();
    let data = ScoringData::embedded(&catalog).unwrap();
    let mut answers = BTreeMap::new();
    for q in ["c.investment", "c.adoption", "c.interfaces"] {
        answers.insert(
            q.to_string(),
            Answer {
                state: AnswerState::Value(Value::Int(level)),
                note: None,
            },
        );
    }
    for (q, v) in [("c.size", size), ("c.regulation", regulation)] {
        answers.insert(
            q.to_string(),
            Answer {
                state: AnswerState::Value(Value::Text(v.into())),
                note: None,
            },
        );
    }
    let engagement = Engagement {
        dir: PathBuf::from("generated"),
        meta: EngagementMeta {
            client: "C".into(),
            date: "2026-11-24".into(),
            language: Lang::En,
            consultants: Vec::new(),
            scope: None,
            questionnaires: vec!["classify".into()],
            targets: BTreeMap::new(),
            min_group_size: 5,
        },
        responses: vec![Response {
            file: "cto.toml".into(),
            respondent: Respondent {
                id: "cto".into(),
                name: None,
                role: "leadership".into(),
                channel: Channel::Interview,
                date: None,
                consultant: None,
            },
            answers,
        }],
    };
    assess_with(&engagement, &catalog, &data, None).unwrap()
}

#[test]
fn each_combination_lands_in_its_quadrant() {
    let cases = [
        (1, "small", "none", "easy_beginner"),
        (1, "large", "heavy", "hard_beginner"),
        (3, "small", "none", "easy_mature"),
        (4, "large", "none", "hard_mature"),
    ];
    for (level, size, regulation, quadrant) in cases {
        let a = assess(level, size, regulation);
        let q = a.topology.quadrant.as_ref().unwrap();
        assert_eq!(q.id, quadrant, "level {level}, {size}, {regulation}");
        assert!(q.name.missing().is_empty() && q.strategy.missing().is_empty());
    }
}

#[test]
fn drivers_explain_each_axis() {
    let a = assess(3, "large", "none");
    let t = &a.topology;
    // Three aspects at level 3: maturity 3.0, each bringing a third.
    assert_eq!(t.maturity.value, Some(3.0));
    assert_eq!(t.maturity_drivers.len(), 3);
    let parts: f64 = t.maturity_drivers.iter().map(|d| d.contribution).sum();
    assert!((parts - 3.0).abs() < 1e-9);
    // Difficulty (1 × 1 + 0.5 × 0) / 1.5 = 2/3, all of it from the size answer.
    let difficulty = t.difficulty.value.unwrap();
    assert!((difficulty - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(t.difficulty.side.as_deref(), Some("high"));
    let first = &t.difficulty_drivers[0];
    assert_eq!(first.id, "c.size");
    assert_eq!(first.answer.as_ref().unwrap().en, "Large");
    assert!((first.contribution - difficulty).abs() < 1e-9);
}

#[test]
fn without_difficulty_answers_the_quadrant_is_undetermined() {
    let catalog = Catalog::load(&[PathBuf::from("tests/fixtures/classify")]).unwrap();
    let data = ScoringData::embedded(&catalog).unwrap();
    let mut a = assess(2, "small", "none");
    assert!(a.topology.quadrant.is_some());
    // Remove the context answers by scoring an engagement that has none.
    let engagement = Engagement {
        dir: PathBuf::from("generated"),
        meta: EngagementMeta {
            client: "C".into(),
            date: "2026-11-24".into(),
            language: Lang::En,
            consultants: Vec::new(),
            scope: None,
            questionnaires: vec!["classify".into()],
            targets: BTreeMap::new(),
            min_group_size: 5,
        },
        responses: Vec::new(),
    };
    a = assess_with(&engagement, &catalog, &data, None).unwrap();
    assert!(a.topology.quadrant.is_none());
    assert!(a.topology.difficulty.value.is_none());
}

#[test]
fn a_recommendation_shared_by_two_questions_is_one_item() {
    // Every aspect at level 1, target 3 (the default): both questions call for `shared-roadmap`.
    let a = assess(1, "small", "none");
    let shared: Vec<_> = a
        .recommendations
        .iter()
        .filter(|r| r.id == "shared-roadmap")
        .collect();
    assert_eq!(shared.len(), 1);
    let item = shared[0];
    let sources: Vec<&str> = item.sources.iter().map(|s| s.question.as_str()).collect();
    assert_eq!(sources, ["c.investment", "c.adoption"]);
    // The quick win of c.adoption brings it to the first horizon.
    assert_eq!(item.horizon, "0-3m");
    let best = item.sources.iter().map(|s| s.priority).fold(0.0, f64::max);
    assert_eq!(item.priority, best);
    // The level-2 step of c.investment (medium effort) comes one horizon later: 6–12 months.
    let step = a.recommendation("c.investment#2").unwrap();
    assert_eq!(step.horizon, "6-12m");
    let roadmap: usize = a.roadmap.iter().map(|h| h.recommendations.len()).sum();
    assert_eq!(roadmap, a.recommendations.len());
}
