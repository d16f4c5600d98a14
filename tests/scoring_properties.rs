//! Property tests of the scoring maths over generated engagements: scores stay in range, raising
//! one answer never lowers its axes, respondent order never matters, and adding a "don't know"
//! only lowers coverage (and confidence).

use platform_audit::engagement::{
    Answer, AnswerState, Channel, Engagement, EngagementMeta, Respondent, Response,
};
use platform_audit::questionnaire::{Catalog, Value};
use platform_audit::scoring::{assess_with, Assessment, ScoringData};
use platform_audit::Lang;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

const QUESTIONS: [&str; 6] = [
    "p.level",
    "p.likert",
    "p.likert-reverse",
    "p.yes",
    "p.choice",
    "p.number",
];
const ROLES: [&str; 3] = ["leadership", "developer", "platform"];
const CHANNELS: [Channel; 3] = [Channel::Interview, Channel::SelfAssessment, Channel::Survey];

fn setup() -> &'static (Catalog, ScoringData) {
    static SETUP: OnceLock<(Catalog, ScoringData)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let catalog = Catalog::load(&[PathBuf::from("tests/fixtures/properties")]).unwrap();
        let data = ScoringData::embedded(&catalog).unwrap();
        (catalog, data)
    })
}

/// Every value a question accepts, in the generator's terms.
fn values(question: usize) -> Vec<Value> {
    match question {
        0 => (1..=4).map(Value::Int).collect(),
        1 | 2 => (1..=5).map(Value::Int).collect(),
        3 => vec![Value::Bool(false), Value::Bool(true)],
        4 => ["a", "b", "c"].map(|c| Value::Text(c.into())).to_vec(),
        _ => [0.5, 1.0, 3.0, 7.0, 12.5, 40.0].map(Value::Number).to_vec(),
    }
}

/// An answer slot: skipped, a value (index into `values`), don't know, or not applicable.
#[derive(Debug, Clone)]
enum Slot {
    Skip,
    Value(usize),
    DontKnow,
    NotApplicable,
}

fn slot() -> impl Strategy<Value = Slot> {
    prop_oneof![
        1 => Just(Slot::Skip),
        6 => (0usize..6).prop_map(Slot::Value),
        1 => Just(Slot::DontKnow),
        1 => Just(Slot::NotApplicable),
    ]
}

type Gen = Vec<(usize, usize, Vec<Slot>)>;

fn respondents() -> impl Strategy<Value = Gen> {
    prop::collection::vec(
        (
            0..ROLES.len(),
            0..CHANNELS.len(),
            prop::collection::vec(slot(), 6),
        ),
        1..12,
    )
}

fn engagement(gen: &Gen) -> Engagement {
    let responses = gen
        .iter()
        .enumerate()
        .map(|(i, (role, channel, slots))| {
            let mut answers = BTreeMap::new();
            for (q, s) in slots.iter().enumerate() {
                let state = match s {
                    Slot::Skip => continue,
                    Slot::Value(v) => {
                        let vals = values(q);
                        AnswerState::Value(vals[v % vals.len()].clone())
                    }
                    Slot::DontKnow => AnswerState::DontKnow,
                    Slot::NotApplicable => AnswerState::NotApplicable,
                };
                answers.insert(QUESTIONS[q].to_string(), Answer { state, note: None });
            }
            Response {
                file: format!("r{i:03}.toml"),
                respondent: Respondent {
                    id: format!("r{i:03}"),
                    name: None,
                    role: ROLES[*role].into(),
                    channel: CHANNELS[*channel],
                    date: None,
                    consultant: None,
                },
                answers,
                notes: Default::default(),
            }
        })
        .collect();
    Engagement {
        dir: PathBuf::from("generated"),
        meta: EngagementMeta {
            client: "Generated".into(),
            date: "2026-11-24".parse().unwrap(),
            language: Lang::En,
            consultants: Vec::new(),
            scope: None,
            industry: None,
            size: None,
            questionnaires: vec!["props".into()],
            targets: BTreeMap::from([("cncf.interfaces".into(), 3)]),
            min_group_size: 5,
            economics: None,
            goals: Vec::new(),
        },
        responses,
    }
}

fn score(e: &Engagement) -> Assessment {
    let (catalog, data) = setup();
    assess_with(e, catalog, data, None).unwrap()
}

fn in_unit(x: f64) -> bool {
    (-1e-12..=1.0 + 1e-12).contains(&x)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scores_stay_in_range(gen in respondents()) {
        let a = score(&engagement(&gen));
        for x in &a.axes {
            prop_assert!(x.score.is_none_or(in_unit), "{} score {:?}", x.id, x.score);
            prop_assert!(x.level.is_none_or(|l| (1.0..=4.0).contains(&l)));
            prop_assert!(in_unit(x.coverage) && in_unit(x.confidence));
            let total: f64 = x.distribution.iter().sum();
            prop_assert!(total == 0.0 || (total - 1.0).abs() < 1e-9, "{} {:?}", x.id, x.distribution);
        }
        for q in &a.questions {
            prop_assert!(q.score.is_none_or(in_unit));
            prop_assert!(in_unit(q.coverage) && in_unit(q.confidence));
        }
        for g in &a.perception_gaps {
            prop_assert!((0.0..=3.0).contains(&g.gap));
        }
        for r in &a.recommendations {
            prop_assert!(r.priority >= 0.0);
        }
    }

    #[test]
    fn raising_one_answer_never_lowers_its_axes(
        gen in respondents(),
        who in any::<prop::sample::Index>(),
        q in 0usize..6,
        to in any::<prop::sample::Index>(),
    ) {
        let (catalog, _) = setup();
        let question = catalog.question(QUESTIONS[q]).unwrap();
        let i = who.index(gen.len());
        let vals = values(q);
        let current = match &gen[i].2[q] {
            Slot::Value(v) => question.score(&vals[v % vals.len()]),
            _ => None,
        };
        // Any value scoring at least as high as the current one (any value if unanswered).
        let higher: Vec<usize> = (0..vals.len())
            .filter(|k| {
                let s = question.score(&vals[*k]);
                current.is_none_or(|c| s.is_some_and(|s| s >= c))
            })
            .collect();
        prop_assume!(current.is_some() && !higher.is_empty());
        let mut raised = gen.clone();
        raised[i].2[q] = Slot::Value(higher[to.index(higher.len())]);
        let (before, after) = (score(&engagement(&gen)), score(&engagement(&raised)));
        for m in &question.axes {
            let b = before.axis(&m.axis).unwrap().score.unwrap();
            let a = after.axis(&m.axis).unwrap().score.unwrap();
            prop_assert!(a >= b - 1e-12, "{}: {b} → {a}", m.axis);
        }
    }

    #[test]
    fn respondent_order_never_matters(gen in respondents(), seed in any::<u64>()) {
        let before = serde_json::to_string(&score(&engagement(&gen))).unwrap();
        // A deterministic shuffle of the response files.
        let mut e = engagement(&gen);
        let n = e.responses.len();
        let mut state = seed | 1;
        for k in (1..n).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            e.responses.swap(k, (state % (k as u64 + 1)) as usize);
        }
        let after = serde_json::to_string(&score(&e)).unwrap();
        prop_assert_eq!(before, after);
    }

    #[test]
    fn adding_a_dont_know_only_lowers_coverage(gen in respondents(), q in 0usize..6, role in 0..ROLES.len()) {
        let before = score(&engagement(&gen));
        let mut more = gen.clone();
        let mut slots = vec![Slot::Skip; 6];
        slots[q] = Slot::DontKnow;
        more.push((role, 2, slots));
        let after = score(&engagement(&more));
        for (b, a) in before.axes.iter().zip(&after.axes) {
            prop_assert_eq!(b.score, a.score, "{} score", &b.id);
            prop_assert_eq!(b.level, a.level);
            prop_assert!(a.coverage <= b.coverage + 1e-12, "{} coverage {} → {}", b.id, b.coverage, a.coverage);
            prop_assert!(a.confidence <= b.confidence + 1e-12, "{} confidence", b.id);
        }
        for (b, a) in before.questions.iter().zip(&after.questions) {
            prop_assert_eq!(b.score, a.score);
            prop_assert!(a.coverage <= b.coverage);
        }
    }
}
