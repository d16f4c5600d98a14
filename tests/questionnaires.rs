//! The embedded audit content: every questionnaire validates, is fully bilingual, and together
//! they cover every axis of the framework.

use platform_audit::framework::Family;
use platform_audit::questionnaire::{Catalog, Kind, Question};
use platform_audit::{Lang, Text};
use std::collections::BTreeMap;

fn catalog() -> Catalog {
    Catalog::load(&[]).expect("embedded questionnaires validate")
}

/// Every user-visible text of a question.
fn texts(q: &Question) -> Vec<&Text> {
    let mut out = vec![&q.text];
    out.extend(q.help.iter());
    match &q.kind {
        Kind::Level { descriptors } => out.extend(descriptors),
        Kind::Choice { choices } | Kind::Multi { choices } => {
            out.extend(choices.iter().map(|c| &c.label))
        }
        Kind::Number { unit, bands, .. } => {
            out.extend(unit.iter());
            out.extend(bands.iter().map(|b| &b.label));
        }
        Kind::Likert { .. } | Kind::YesNo { .. } | Kind::Text => {}
    }
    for r in &q.recommendations {
        out.push(&r.title);
        out.push(&r.text);
    }
    out
}

#[test]
fn the_five_questionnaires_ship_with_150_questions_or_more() {
    let c = catalog();
    let ids: Vec<_> = c.questionnaires.iter().map(|q| q.id.as_str()).collect();
    for expected in [
        "cncf-maturity",
        "success-keys",
        "dora",
        "space-survey",
        "organisation",
    ] {
        assert!(ids.contains(&expected), "missing questionnaire {expected}");
    }
    let total: usize = c.questionnaires.iter().map(|q| q.question_count()).sum();
    assert!(total >= 150, "{total} questions");
    for q in &c.questionnaires {
        assert!(
            !q.version.is_empty() && q.duration_minutes > 0 && !q.audience.is_empty(),
            "{}",
            q.id
        );
    }
}

#[test]
fn every_text_exists_in_french_and_english() {
    let c = catalog();
    for q in &c.questionnaires {
        for t in [&q.title, &q.description] {
            assert!(t.missing().is_empty(), "{}: {t:?}", q.id);
        }
        for s in &q.sections {
            assert!(s.title.missing().is_empty(), "{}/{}", q.id, s.id);
        }
        for question in q.questions() {
            for t in texts(question) {
                assert!(t.missing().is_empty(), "{}: {t:?}", question.id);
            }
        }
    }
}

#[test]
fn every_cncf_aspect_has_five_level_questions_or_more() {
    let c = catalog();
    for aspect in c.framework.axes_of(Family::Cncf) {
        let n = c
            .questions()
            .filter(|q| {
                matches!(q.kind, Kind::Level { .. }) && q.axes.iter().any(|m| m.axis == aspect.id)
            })
            .count();
        assert!(n >= 5, "{}: {n} level questions", aspect.id);
    }
}

#[test]
fn every_level_question_has_four_distinct_descriptors_and_recommendations() {
    let c = catalog();
    for q in c.questionnaire("cncf-maturity").unwrap().questions() {
        let Kind::Level { descriptors } = &q.kind else {
            panic!("{} is not a level question", q.id);
        };
        let distinct: std::collections::BTreeSet<_> = descriptors.iter().map(|d| &d.en).collect();
        assert_eq!(distinct.len(), 4, "{}", q.id);
        let levels: Vec<u8> = q.recommendations.iter().map(|r| r.level).collect();
        assert_eq!(
            levels,
            vec![1, 2, 3],
            "{}: recommendations to reach the next level",
            q.id
        );
        assert!(q.help.is_some(), "{}: interviewer help", q.id);
    }
}

/// Questions per axis of a family, counting only those mapped with a weight.
fn per_axis(c: &Catalog, family: Family, kind: impl Fn(&Kind) -> bool) -> BTreeMap<String, usize> {
    c.framework
        .axes_of(family)
        .map(|a| {
            let n = c
                .questions()
                .filter(|q| kind(&q.kind) && q.axes.iter().any(|m| m.axis == a.id))
                .count();
            (a.id.clone(), n)
        })
        .collect()
}

#[test]
fn every_space_dimension_has_four_likert_items_or_more() {
    for (axis, n) in per_axis(&catalog(), Family::Space, |k| {
        matches!(k, Kind::Likert { .. })
    }) {
        assert!(n >= 4, "{axis}: {n} Likert items");
    }
}

#[test]
fn every_success_key_has_three_questions_or_more() {
    for (axis, n) in per_axis(&catalog(), Family::Key, |_| true) {
        assert!(n >= 3, "{axis}: {n} questions");
    }
}

#[test]
fn every_axis_is_covered_by_some_question() {
    for family in Family::ALL {
        for (axis, n) in per_axis(&catalog(), family, |_| true) {
            assert!(n >= 1, "{axis} has no question");
        }
    }
}

#[test]
fn dora_keys_are_placed_in_published_clusters() {
    let c = catalog();
    for id in [
        "dora.deploy_frequency",
        "dora.lead_time",
        "dora.recovery_time",
    ] {
        let q = c.question(id).unwrap_or_else(|| panic!("{id} missing"));
        let Kind::Choice { choices } = &q.kind else {
            panic!("{id} is not a choice question");
        };
        // Every answer falls in a published cluster, from the best to the worst. (Not every
        // cluster has its own choice: in 2024 high and medium share "less than one day" recovery.)
        for ch in choices {
            let cluster = ch.cluster.as_deref().unwrap_or("none");
            assert!(
                ["elite", "high", "medium", "low"].contains(&cluster),
                "{id}/{}: {cluster}",
                ch.id
            );
        }
        for cluster in ["elite", "low"] {
            assert!(
                choices
                    .iter()
                    .any(|ch| ch.cluster.as_deref() == Some(cluster) && !ch.outside),
                "{id}: no {cluster} choice inside the published bands"
            );
        }
    }
    // The 2024 recovery gap (one day to one week) is marked outside the published bands.
    let q = c.question("dora.recovery_time").unwrap();
    let Kind::Choice { choices } = &q.kind else {
        panic!("dora.recovery_time is not a choice question");
    };
    let gap = choices.iter().find(|ch| ch.id == "day_to_week").unwrap();
    assert!(gap.outside && gap.cluster.as_deref() == Some("low"));
}

/// The change failure rate is read against the published values, never placed: its 2024 values
/// are not ordered like the clusters (medium 10 %, high 20 %).
#[test]
fn dora_failure_rate_choices_carry_no_cluster() {
    let c = catalog();
    let q = c.question("dora.change_failure_rate").unwrap();
    let Kind::Choice { choices } = &q.kind else {
        panic!("dora.change_failure_rate is not a choice question");
    };
    assert!(choices.iter().all(|ch| ch.cluster.is_none()));
}

#[test]
fn every_recommendation_renders_as_markdown_without_raw_html() {
    let c = catalog();
    let mut count = 0;
    for q in c.questions() {
        for r in &q.recommendations {
            for lang in Lang::ALL {
                let html = comrak::markdown_to_html(r.text.get(lang), &comrak::Options::default());
                assert!(
                    html.starts_with('<') && html.len() > 10,
                    "{} {lang}: {html}",
                    q.id
                );
                assert!(
                    !html.contains("raw HTML omitted"),
                    "{} {lang} carries raw HTML",
                    q.id
                );
            }
            count += 1;
        }
    }
    assert!(count > 100, "{count} recommendations");
}

/// One piece of advice, one recommendation: two recommendations sharing an id say the same thing
/// (same title, text and effort, so the merged roadmap item does not depend on which question
/// comes first), and two different ids never share a title in either language, so the roadmap
/// never shows the same line twice.
#[test]
fn recommendation_ids_and_titles_match_one_to_one() {
    let catalog = catalog();
    let mut by_id: BTreeMap<&str, (&Text, &Text, String, &str)> = BTreeMap::new();
    let mut by_title: BTreeMap<(Lang, &str), &str> = BTreeMap::new();
    for q in catalog.questions() {
        for r in &q.recommendations {
            let effort = format!("{:?}", r.effort);
            match by_id.get(r.id.as_str()) {
                Some((title, text, e, first)) => assert!(
                    *title == &r.title && *text == &r.text && *e == effort,
                    "recommendation {} of {} differs from the one of {first} with the same id",
                    r.id,
                    q.id
                ),
                None => {
                    by_id.insert(&r.id, (&r.title, &r.text, effort, &q.id));
                }
            }
            for lang in [Lang::Fr, Lang::En] {
                let title = r.title.get(lang);
                let seen = *by_title.entry((lang, title)).or_insert(&r.id);
                assert_eq!(
                    seen, r.id,
                    "{title:?} is the title of {seen} and of {}",
                    r.id
                );
            }
        }
    }
}

/// Evidence rules never claim more than a repository shows (review of #13): scripted local
/// set-ups cannot show cognitive-load level 4, catalogue entities cannot show interface level 4.
#[test]
fn evidence_rules_that_would_over_claim_are_capped() {
    let c = catalog();
    for (id, max) in [("sk.load.scope", 2), ("sk.ux.interfaces", 3)] {
        let q = c.question(id).unwrap();
        for rule in &q.evidence {
            let implied = platform_audit::scoring::evidence::implied_level(rule, 1.0);
            assert!(
                implied <= max,
                "{id}: full coverage implies level {implied}"
            );
        }
    }
}

/// One fact is asked on one CNCF aspect: the success-key twins of inv.product_management and
/// intf.golden_paths do not load the aspect a second time.
#[test]
fn duplicate_practices_load_their_cncf_aspect_once() {
    let c = catalog();
    for (twin, aspect) in [
        ("sk.product.management", "cncf.investment"),
        ("sk.self.new_service", "cncf.interfaces"),
    ] {
        let q = c.question(twin).unwrap();
        assert!(
            !q.axes.iter().any(|m| m.axis == aspect),
            "{twin} loads {aspect}"
        );
    }
}

/// Every French string of a TOML value: the values of `fr` keys, at any depth.
fn french_strings(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, x) in t {
                match (k.as_str(), x) {
                    ("fr", toml::Value::String(s)) => out.push(s.clone()),
                    _ => french_strings(x, out),
                }
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|x| french_strings(x, out)),
        _ => {}
    }
}

/// French typography in the sources (#13): questionnaires, data files and report labels write a
/// narrow no-break space before `;` `?` `!`, a no-break space before `:` and inside « », so that
/// forms, which show these texts as they are, break lines as French does.
#[test]
fn french_texts_keep_signs_to_their_words() {
    let mut files: Vec<std::path::PathBuf> = ["questionnaires", "data"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.push("report-templates/labels.toml".into());
    files.push("report-templates/compare-labels.toml".into());
    let mut bad = Vec::new();
    let mut count = 0;
    for f in &files {
        let v: toml::Value = toml::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let mut texts = Vec::new();
        french_strings(&v, &mut texts);
        count += texts.len();
        for t in texts {
            if [" ;", " :", " ?", " !", "« ", " »"]
                .iter()
                .any(|s| t.contains(s))
            {
                bad.push(format!("{}: {t}", f.display()));
            }
        }
    }
    assert!(count > 1000, "{count} French texts");
    assert!(
        bad.is_empty(),
        "{} texts, e.g. {:?}",
        bad.len(),
        &bad[..bad.len().min(3)]
    );
}

/// AI readiness (#13): each of the seven capabilities of the DORA AI Capabilities Model has at
/// least three level questions, each with four distinct descriptors and a recommendation for
/// levels 1 to 3, in an interview and self-assessment questionnaire.
#[test]
fn ai_readiness_covers_the_seven_capabilities() {
    let c = catalog();
    let q = c
        .questionnaire("ai-readiness")
        .expect("ai-readiness questionnaire");
    let mut audience: Vec<String> = q.audience.iter().map(|a| format!("{a:?}")).collect();
    audience.sort();
    assert_eq!(audience.len(), 2, "{audience:?}");
    let axes: Vec<_> = c.framework.axes_of(Family::Ai).collect();
    assert_eq!(axes.len(), 7);
    for axis in axes {
        let questions: Vec<&Question> = c
            .questions()
            .filter(|x| x.questionnaire == "ai-readiness")
            .filter(|x| x.axes.iter().any(|m| m.axis == axis.id))
            .collect();
        assert!(
            questions.len() >= 3,
            "{}: {} questions",
            axis.id,
            questions.len()
        );
        for x in questions {
            let Kind::Level { descriptors } = &x.kind else {
                panic!("{} is not a level question", x.id)
            };
            assert_eq!(descriptors.len(), 4, "{}", x.id);
            for w in descriptors.windows(2) {
                assert_ne!(w[0], w[1], "{}", x.id);
            }
            let mut levels: Vec<u8> = x.recommendations.iter().map(|r| r.level).collect();
            levels.sort();
            assert_eq!(levels, [1, 2, 3], "{}", x.id);
        }
    }
}
