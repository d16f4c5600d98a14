//! Client topology on generated answers: each combination of maturity and difficulty lands in its
//! quadrant, and the drivers say which answers made each axis; recommendations shared by two
//! questions are one roadmap item; anti-pattern rules fire on the answers they name.

use platform_audit::engagement::{
    Answer, AnswerState, Channel, Engagement, EngagementMeta, Respondent, Response,
};
use platform_audit::questionnaire::{Catalog, Value};
use platform_audit::scoring::{assess_with, Assessment, DataSources, ScoringData};
use platform_audit::source::Source;
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
    let mut engagement = empty_engagement();
    engagement.responses = vec![Response {
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
        notes: Default::default(),
    }];
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
    let why = t.explanation.as_ref().unwrap();
    assert!(
        why.en.contains("3.0 against a threshold of 2.5, so mature"),
        "{}",
        why.en
    );
    assert!(
        why.fr
            .contains("67\u{a0}% pour un seuil de 50\u{a0}%, donc difficile"),
        "{}",
        why.fr
    );
    // The question is named by its text; its id stays in the parentheses.
    assert!(
        why.en.contains("Size? — \"Large\" (67%, c.size)"),
        "{}",
        why.en
    );
}

#[test]
fn without_difficulty_answers_the_quadrant_is_undetermined() {
    let catalog = Catalog::load(&[PathBuf::from("tests/fixtures/classify")]).unwrap();
    let data = ScoringData::embedded(&catalog).unwrap();
    let mut a = assess(2, "small", "none");
    assert!(a.topology.quadrant.is_some());
    // The same catalogue with nobody answering.
    a = assess_with(&empty_engagement(), &catalog, &data, None).unwrap();
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

const RULES: &str = r#"
[[antipatterns]]
id = "big_and_low"
family = "platform"
name = { fr = "Grand et bas", en = "Big and low" }
description = { fr = "Grande organisation, faible investissement.", en = "Large organisation, low investment." }
remedy = { fr = "Investir.", en = "Invest." }
all = [
  { question = "c.size", in = ["large"] },
  { question = "c.investment", level_at_most = 2 },
]
any = [
  { question = "c.regulation", in = ["heavy"] },
  { question = "c.adoption", level_at_least = 4 },
]
"#;

/// Scores respondents given as (level of every aspect, size, regulation) with the rules above.
fn detect(people: &[(i64, &str, &str)]) -> Vec<platform_audit::scoring::AntiPatternHit> {
    let catalog = Catalog::load(&[PathBuf::from("tests/fixtures/classify")]).unwrap();
    let mut sources = DataSources::embedded().unwrap();
    sources.antipatterns = Source {
        name: "rules.toml".into(),
        text: RULES.into(),
    };
    let data = ScoringData::load(&sources, &catalog).unwrap();
    let responses = people
        .iter()
        .enumerate()
        .map(|(i, (level, size, regulation))| {
            let mut answers = BTreeMap::new();
            for q in ["c.investment", "c.adoption", "c.interfaces"] {
                answers.insert(
                    q.to_string(),
                    Answer {
                        state: AnswerState::Value(Value::Int(*level)),
                        note: None,
                    },
                );
            }
            for (q, v) in [("c.size", size), ("c.regulation", regulation)] {
                answers.insert(
                    q.to_string(),
                    Answer {
                        state: AnswerState::Value(Value::Text(v.to_string())),
                        note: None,
                    },
                );
            }
            Response {
                file: format!("r{i}.toml"),
                respondent: Respondent {
                    id: format!("r{i}"),
                    name: None,
                    role: "platform".into(),
                    channel: Channel::SelfAssessment,
                    date: None,
                    consultant: None,
                },
                answers,
                notes: Default::default(),
            }
        })
        .collect();
    let mut engagement = empty_engagement();
    engagement.responses = responses;
    assess_with(&engagement, &catalog, &data, None)
        .unwrap()
        .antipatterns
}

fn empty_engagement() -> Engagement {
    Engagement {
        dir: PathBuf::from("generated"),
        meta: EngagementMeta {
            client: "C".into(),
            date: "2026-11-24".parse().unwrap(),
            language: Lang::En,
            consultants: Vec::new(),
            scope: None,
            industry: None,
            size: None,
            questionnaires: vec!["classify".into()],
            targets: BTreeMap::new(),
            min_group_size: 5,
            economics: None,
            goals: Vec::new(),
        },
        responses: Vec::new(),
    }
}

#[test]
fn a_rule_fires_with_the_answers_that_made_it() {
    let hits = detect(&[(1, "large", "heavy")]);
    assert_eq!(hits.len(), 1);
    let why: Vec<(&str, &str)> = hits[0]
        .evidence
        .iter()
        .map(|e| (e.question.as_str(), e.condition.as_str()))
        .collect();
    assert_eq!(
        why,
        [
            ("c.size", "in [large]"),
            ("c.investment", "level <= 2"),
            ("c.regulation", "in [heavy]")
        ]
    );
    assert_eq!(hits[0].evidence[0].matching, Some(1));
    assert_eq!(hits[0].evidence[1].level, Some(1.0));
}

#[test]
fn a_rule_needs_one_of_any_and_half_of_the_answers() {
    // No `any` condition holds.
    assert!(detect(&[(1, "large", "none")]).is_empty());
    // `level_at_least = 4` on c.adoption fails at level 1, but not `in`: one of two is enough.
    assert_eq!(
        detect(&[(1, "large", "heavy"), (1, "large", "none")]).len(),
        1
    );
    // Half of the answers say large: the condition holds; a third does not.
    assert_eq!(
        detect(&[(1, "large", "heavy"), (1, "small", "heavy")]).len(),
        1
    );
    assert!(detect(&[
        (1, "large", "heavy"),
        (1, "small", "heavy"),
        (1, "small", "heavy")
    ])
    .is_empty());
    // Investment above 2: no hit.
    assert!(detect(&[(3, "large", "heavy")]).is_empty());
}

// --- The embedded anti-pattern rules, one organisation each fires on and one healthy one --------

/// An answer as the tests write it.
#[derive(Clone, Copy)]
enum A {
    Level(i64),
    Choice(&'static str),
    Yes(bool),
}

/// A healthy organisation: teams run their services on a self-service platform run as a product,
/// reliability targets met, upgrades managed, feedback gathered, adoption by pull.
const HEALTHY: [(&str, A); 15] = [
    ("ctx.ops_model", A::Choice("dev_run")),
    ("ctx.devops_team_role", A::Choice("platform")),
    ("ctx.dba_model", A::Choice("self_service")),
    ("ctx.release_handoff", A::Yes(false)),
    ("ctx.oncall", A::Choice("product_team")),
    ("dora.reliability", A::Choice("usually")),
    ("dora.slo_practice", A::Level(3)),
    ("inv.staffing", A::Level(3)),
    ("meas.feedback", A::Level(3)),
    ("adopt.motivation", A::Level(3)),
    ("adopt.discovery", A::Level(3)),
    ("intf.provisioning", A::Level(3)),
    ("ops.upgrades", A::Level(3)),
    ("sk.self.tickets", A::Choice("few")),
    ("ctx.size", A::Choice("from_200_to_1000")),
];

/// The embedded rules' hits on the healthy organisation with some answers replaced.
fn embedded_hits(changes: &[(&str, A)]) -> Vec<String> {
    static SETUP: std::sync::OnceLock<(Catalog, ScoringData)> = std::sync::OnceLock::new();
    let (catalog, data) = SETUP.get_or_init(|| {
        let catalog = Catalog::load(&[]).unwrap();
        let data = ScoringData::embedded(&catalog).unwrap();
        (catalog, data)
    });
    let mut answers = BTreeMap::new();
    for (q, a) in HEALTHY.iter().chain(changes) {
        let value = match a {
            A::Level(n) => Value::Int(*n),
            A::Choice(c) => Value::Text(c.to_string()),
            A::Yes(b) => Value::Bool(*b),
        };
        answers.insert(
            q.to_string(),
            Answer {
                state: AnswerState::Value(value),
                note: None,
            },
        );
    }
    let mut engagement = empty_engagement();
    engagement.meta.questionnaires = ["organisation", "cncf-maturity", "dora", "success-keys"]
        .map(String::from)
        .to_vec();
    engagement.responses = vec![Response {
        file: "r.toml".into(),
        respondent: Respondent {
            id: "r".into(),
            name: None,
            role: "platform".into(),
            channel: Channel::Interview,
            date: None,
            consultant: None,
        },
        answers,
        notes: Default::default(),
    }];
    assess_with(&engagement, catalog, data, None)
        .unwrap()
        .antipatterns
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// The rule fires on `sick` and not on `healthy` (each applied to the healthy organisation).
fn fires_only_on(rule: &str, sick: &[(&str, A)], healthy: &[(&str, A)]) {
    let hits = embedded_hits(sick);
    assert!(
        hits.iter().any(|h| h == rule),
        "{rule} should fire: {hits:?}"
    );
    let hits = embedded_hits(healthy);
    assert!(
        !hits.iter().any(|h| h == rule),
        "{rule} fired on a healthy organisation: {hits:?}"
    );
}

#[test]
fn the_healthy_organisation_has_no_anti_pattern() {
    assert_eq!(embedded_hits(&[]), Vec::<String>::new());
}

#[test]
fn dev_ops_silos_needs_a_separate_ops_and_a_handoff() {
    fires_only_on(
        "dev_ops_silos",
        &[
            ("ctx.ops_model", A::Choice("separate_ops")),
            ("ctx.release_handoff", A::Yes(true)),
        ],
        // A separate operations department that deploys nothing by hand-over.
        &[("ctx.ops_model", A::Choice("separate_ops"))],
    );
}

#[test]
fn devops_team_silo_needs_a_gate_working_from_tickets() {
    fires_only_on(
        "devops_team_silo",
        &[("ctx.devops_team_role", A::Choice("silo"))],
        &[("ctx.devops_team_role", A::Choice("enabling"))],
    );
}

#[test]
fn dev_dont_need_ops_needs_a_sign_of_missing_operations_skills() {
    fires_only_on(
        "dev_dont_need_ops",
        &[
            ("ctx.ops_model", A::Choice("dev_only")),
            ("ctx.oncall", A::Choice("nobody")),
        ],
        // A small product team on a managed platform that meets its targets.
        &[("ctx.ops_model", A::Choice("dev_only"))],
    );
}

#[test]
fn devops_tools_team_needs_a_team_with_no_say_in_operations() {
    fires_only_on(
        "devops_tools_team",
        &[("ctx.devops_team_role", A::Choice("tools"))],
        &[("ctx.devops_team_role", A::Choice("platform"))],
    );
}

#[test]
fn rebranded_sysadmin_needs_the_same_work_under_a_new_name() {
    fires_only_on(
        "rebranded_sysadmin",
        &[("ctx.devops_team_role", A::Choice("renamed_ops"))],
        // Former administrators who now build a product platform answer `platform`.
        &[("ctx.devops_team_role", A::Choice("platform"))],
    );
}

#[test]
fn ops_embedded_in_dev_needs_operational_work_losing_out() {
    fires_only_on(
        "ops_embedded_in_dev",
        &[
            ("ctx.ops_model", A::Choice("embedded_ops")),
            ("dora.reliability", A::Choice("rarely")),
        ],
        // Cross-functional teams with an operations engineer inside, meeting their targets.
        &[("ctx.ops_model", A::Choice("embedded_ops"))],
    );
}

#[test]
fn dev_dba_silos_needs_database_changes_by_ticket() {
    fires_only_on(
        "dev_dba_silos",
        &[("ctx.dba_model", A::Choice("dba_ticket"))],
        &[("ctx.dba_model", A::Choice("dba_collab"))],
    );
}

#[test]
fn platform_without_feedback_needs_a_team_and_no_feedback() {
    fires_only_on(
        "platform_without_feedback",
        &[("meas.feedback", A::Level(1))],
        // No dedicated team yet: there is no platform to ask about.
        &[
            ("meas.feedback", A::Level(1)),
            ("inv.staffing", A::Level(1)),
        ],
    );
}

#[test]
fn mandate_without_self_service_needs_a_mandate_not_an_announcement() {
    fires_only_on(
        "mandate_without_self_service",
        &[
            ("adopt.motivation", A::Level(2)),
            ("intf.provisioning", A::Level(2)),
        ],
        // Discovered by announcement (adopt.discovery level 2) but used because it is faster.
        &[
            ("adopt.discovery", A::Level(2)),
            ("intf.provisioning", A::Level(2)),
        ],
    );
}

#[test]
fn devops_ticket_queue_needs_a_queue_and_is_not_repeated_for_a_silo() {
    fires_only_on(
        "devops_ticket_queue",
        &[
            ("ctx.ops_model", A::Choice("devops_team")),
            ("intf.provisioning", A::Level(2)),
            ("sk.self.tickets", A::Choice("most")),
        ],
        // DevOps as a service with shared modules, where few requests need a ticket.
        &[
            ("ctx.ops_model", A::Choice("devops_team")),
            ("intf.provisioning", A::Level(2)),
        ],
    );
    let hits = embedded_hits(&[
        ("ctx.ops_model", A::Choice("devops_team")),
        ("ctx.devops_team_role", A::Choice("silo")),
        ("intf.provisioning", A::Level(2)),
        ("sk.self.tickets", A::Choice("most")),
    ]);
    assert_eq!(hits, ["devops_team_silo"]);
}

#[test]
fn upgrades_left_to_teams_needs_untracked_upgrades() {
    fires_only_on(
        "upgrades_left_to_teams",
        &[("ops.upgrades", A::Level(1))],
        // Upgrades tracked centrally, applied by each team: CNCF's "centrally tracked" stage.
        &[("ops.upgrades", A::Level(2))],
    );
}

#[test]
fn already_devops_stance_needs_teams_still_carrying_their_own_load() {
    fires_only_on(
        "already_devops_stance",
        &[
            ("ctx.platform_stance", A::Choice("already_devops")),
            ("intf.provisioning", A::Level(2)),
        ],
        // The same words where teams are already served by self-service are simply true.
        &[("ctx.platform_stance", A::Choice("already_devops"))],
    );
}

#[test]
fn fake_sre_needs_reliability_targets_that_steer_nothing() {
    fires_only_on(
        "fake_sre",
        &[
            ("ctx.ops_model", A::Choice("sre_team")),
            ("dora.slo_practice", A::Level(1)),
        ],
        // An SRE team whose SLOs and error budgets steer releases.
        &[
            ("ctx.ops_model", A::Choice("sre_team")),
            ("dora.slo_practice", A::Level(4)),
        ],
    );
}
