//! Scoring an engagement of 5,000 survey respondents × 40 items plus the interview
//! questionnaires (every embedded questionnaire, answered by eight interviewees), with a scan of
//! 200 repositories that covers every signal the evidence rules name.
//!
//! `cargo bench --bench scoring`

use criterion::{criterion_group, criterion_main, Criterion};
use platform_audit::engagement::{
    Answer, AnswerState, Channel, Engagement, EngagementMeta, Respondent, Response,
};
use platform_audit::evidence::{
    CategoryCoverage, RepositoryEvidence, ScanParameters, ScanReport, SignalCoverage, SignalHit,
    SCAN_SCHEMA_VERSION,
};
use platform_audit::questionnaire::{Catalog, Kind, Question, Value};
use platform_audit::scoring::{assess_with, ScoringData};
use platform_audit::Lang;
use std::collections::{BTreeMap, BTreeSet};
use std::hint::black_box;

const SURVEY_RESPONDENTS: usize = 5_000;
const SURVEY_ITEMS: usize = 40;
const INTERVIEWEES: usize = 8;
const REPOSITORIES: usize = 200;

/// A deterministic pseudo-random sequence (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A survey questionnaire of 40 Likert items spread over the SPACE dimensions.
fn survey_questionnaire() -> String {
    let axes = [
        "space.satisfaction",
        "space.performance",
        "space.activity",
        "space.communication",
        "space.efficiency",
    ];
    let mut s = String::from(
        "id = \"bench-survey\"\nversion = \"1\"\naudience = [\"survey\"]\nduration_minutes = 10\n\
         title = { fr = \"Sondage\", en = \"Survey\" }\ndescription = { fr = \"Banc\", en = \"Bench\" }\n\n\
         [[sections]]\nid = \"all\"\ntitle = { fr = \"Tout\", en = \"All\" }\n",
    );
    for i in 0..SURVEY_ITEMS {
        s.push_str(&format!(
            "\n[[sections.questions]]\nid = \"bench.item{i:02}\"\nkind = \"likert\"\nreverse = {}\n\
             text = {{ fr = \"Énoncé {i}\", en = \"Statement {i}\" }}\naxes = {{ \"{}\" = 1.0, \"key.cognitive_load\" = 0.5 }}\n",
            i % 7 == 0,
            axes[i % axes.len()]
        ));
    }
    s
}

fn value_for(q: &Question, rng: &mut Rng) -> Option<Value> {
    Some(match &q.kind {
        Kind::Level { .. } => Value::Int(1 + rng.below(4) as i64),
        Kind::Likert { .. } => Value::Int(1 + rng.below(5) as i64),
        Kind::YesNo { .. } => Value::Bool(rng.below(2) == 1),
        Kind::Choice { choices } => {
            Value::Text(choices[rng.below(choices.len() as u64) as usize].id.clone())
        }
        Kind::Multi { choices } => Value::List(vec![choices
            [rng.below(choices.len() as u64) as usize]
            .id
            .clone()]),
        Kind::Number { .. } => Value::Number(rng.below(100) as f64),
        Kind::Text => return None,
    })
}

fn response(
    id: String,
    role: &str,
    channel: Channel,
    answers: BTreeMap<String, Answer>,
) -> Response {
    Response {
        file: format!("{id}.toml"),
        respondent: Respondent {
            id,
            name: None,
            role: role.into(),
            channel,
            date: None,
            consultant: None,
        },
        answers,
        notes: Default::default(),
    }
}

fn engagement(catalog: &Catalog) -> Engagement {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let interview: Vec<&Question> = catalog
        .questionnaires
        .iter()
        .filter(|q| q.id != "bench-survey")
        .flat_map(|q| q.questions())
        .collect();
    let roles = ["leadership", "platform", "developer", "operations"];
    let mut responses = Vec::new();
    for i in 0..INTERVIEWEES {
        let answers = interview
            .iter()
            .filter_map(|q| {
                let state = match rng.below(10) {
                    0 => AnswerState::DontKnow,
                    _ => AnswerState::Value(value_for(q, &mut rng)?),
                };
                Some((q.id.clone(), Answer { state, note: None }))
            })
            .collect();
        responses.push(response(
            format!("interview-{i}"),
            roles[i % roles.len()],
            Channel::Interview,
            answers,
        ));
    }
    let survey: Vec<&Question> = catalog
        .questionnaire("bench-survey")
        .map(|q| q.questions().collect())
        .unwrap_or_default();
    for i in 0..SURVEY_RESPONDENTS {
        let answers = survey
            .iter()
            .filter_map(|q| {
                let state = match rng.below(20) {
                    0 => AnswerState::DontKnow,
                    1 => return None,
                    _ => AnswerState::Value(value_for(q, &mut rng)?),
                };
                Some((q.id.clone(), Answer { state, note: None }))
            })
            .collect();
        let role = if i % 10 == 0 { "platform" } else { "developer" };
        responses.push(response(
            format!("survey-{i:05}"),
            role,
            Channel::Survey,
            answers,
        ));
    }
    Engagement {
        dir: std::env::temp_dir(),
        meta: EngagementMeta {
            client: "Bench".into(),
            date: "2026-11-24".parse().unwrap(),
            language: Lang::En,
            consultants: Vec::new(),
            scope: None,
            industry: None,
            size: None,
            questionnaires: catalog
                .questionnaires
                .iter()
                .map(|q| q.id.clone())
                .collect(),
            targets: BTreeMap::new(),
            min_group_size: 5,
            economics: None,
            goals: Vec::new(),
        },
        responses,
    }
}

/// A scan whose catalogue holds every signal and category the evidence rules name.
fn scan(catalog: &Catalog) -> ScanReport {
    let mut rng = Rng(42);
    let mut signals = BTreeSet::new();
    let mut categories = BTreeSet::new();
    for q in catalog.questions() {
        for r in &q.evidence {
            signals.extend(r.signals.iter().cloned());
            categories.extend(r.categories.iter().cloned());
        }
    }
    // One signal per category, so that category rules have something to find.
    let catalogue: Vec<(String, String)> = signals
        .iter()
        .map(|s| (s.clone(), "misc".to_string()))
        .chain(categories.iter().map(|c| (format!("{c}.bench"), c.clone())))
        .collect();
    let repositories: Vec<RepositoryEvidence> = (0..REPOSITORIES)
        .map(|i| RepositoryEvidence {
            path: format!("repo-{i:03}"),
            files: 100,
            bytes: Some(10_000),
            skipped: BTreeMap::new(),
            signals: catalogue
                .iter()
                .filter(|_| rng.below(3) == 0)
                .map(|(id, _)| SignalHit {
                    id: id.clone(),
                    paths: vec!["file".into()],
                })
                .collect(),
            other_matches: Vec::new(),
            references: Vec::new(),
            history: None,
        })
        .collect();
    let count = |id: &str| {
        repositories
            .iter()
            .filter(|r| r.signals.iter().any(|h| h.id == id))
            .count()
    };
    let mut all_categories: BTreeSet<String> = categories.clone();
    all_categories.insert("misc".into());
    ScanReport {
        schema_version: SCAN_SCHEMA_VERSION,
        tool_version: "bench".into(),
        parameters: ScanParameters {
            roots: vec!["bench".into()],
            skip_dirs: Vec::new(),
            max_read_bytes: 65_536,
            git: false,
        },
        signals: catalogue
            .iter()
            .map(|(id, category)| SignalCoverage {
                id: id.clone(),
                category: category.clone(),
                repositories: count(id),
                coverage: count(id) as f64 / REPOSITORIES as f64,
            })
            .collect(),
        categories: all_categories
            .into_iter()
            .map(|id| CategoryCoverage {
                id,
                repositories: 0,
                coverage: 0.0,
            })
            .collect(),
        repositories,
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("bench-survey.toml"), survey_questionnaire())
        .expect("write the survey questionnaire");
    let catalog = Catalog::load(&[dir.path().to_path_buf()]).expect("catalogue");
    let data = ScoringData::embedded(&catalog).expect("scoring data");
    let engagement = engagement(&catalog);
    let scan = scan(&catalog);
    let answers: usize = engagement.responses.iter().map(|r| r.answers.len()).sum();
    eprintln!(
        "{} respondents, {answers} answers, {} questions, {} repositories",
        engagement.responses.len(),
        catalog.questions().count(),
        scan.repositories.len()
    );
    let mut group = c.benchmark_group("scoring");
    group.sample_size(10);
    group.bench_function("assess 5000 survey x 40 + interviews + scan", |b| {
        b.iter(|| {
            assess_with(black_box(&engagement), &catalog, &data, Some(&scan)).expect("assess")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
