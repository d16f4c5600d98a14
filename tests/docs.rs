//! The examples in docs/ are real: they parse and load together.

use platform_audit::engagement::Engagement;
use platform_audit::questionnaire::Catalog;
use platform_audit::scoring;

/// The fenced blocks of a Markdown file whose info string is `toml NAME`.
fn examples(doc: &str, name: &str) -> Vec<String> {
    blocks(doc, &format!("toml {name}"))
}

/// The fenced blocks of a Markdown file whose info string is `info`.
fn blocks(doc: &str, info: &str) -> Vec<String> {
    let fence = format!("```{info}");
    let mut out = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if line.trim() == fence {
            let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            out.push(block.join("\n") + "\n");
        }
    }
    out
}

#[test]
fn formats_examples_load_as_questionnaire_engagement_and_response() {
    let doc = std::fs::read_to_string("docs/formats.md").unwrap();
    let (q, e, r) = (
        examples(&doc, "questionnaire"),
        examples(&doc, "engagement"),
        examples(&doc, "response"),
    );
    assert_eq!(
        (q.len(), e.len(), r.len()),
        (1, 1, 1),
        "one example of each"
    );

    let dir = tempfile::tempdir().unwrap();
    let qdir = dir.path().join("questionnaires");
    let edir = dir.path().join("engagement");
    std::fs::create_dir_all(&qdir).unwrap();
    std::fs::create_dir_all(edir.join("responses")).unwrap();
    std::fs::write(qdir.join("example.toml"), &q[0]).unwrap();
    std::fs::write(edir.join("engagement.toml"), &e[0]).unwrap();
    std::fs::write(edir.join("responses/example.toml"), &r[0]).unwrap();

    let catalog = Catalog::load(&[qdir]).unwrap();
    let questionnaire = catalog.questionnaire("platform-basics").unwrap();
    assert_eq!(questionnaire.question_count(), 5);
    let engagement = Engagement::load(&edir, &catalog).unwrap();
    assert_eq!(engagement.meta.min_group_size, 5);
    assert_eq!(engagement.responses[0].answers.len(), 5);

    // The survey file's example loads beside it: two survey rows.
    let survey = blocks(&doc, "csv survey-file");
    assert_eq!(survey.len(), 1);
    std::fs::write(edir.join("responses/survey-80324870.csv"), &survey[0]).unwrap();
    let with_survey = Engagement::load(&edir, &catalog).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<_> = with_survey
        .responses
        .iter()
        .filter(|r| r.file.ends_with("survey-80324870.csv"))
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].answers.len(), 5);
    assert_eq!(rows[1].respondent.role, "operations");
    std::fs::remove_file(edir.join("responses/survey-80324870.csv")).unwrap();

    let assessment = scoring::assess(&engagement, &catalog).unwrap();
    // Level 2 of 4 → (2 − 1) / 3 of the interfaces axis.
    let interfaces = assessment.axis("cncf.interfaces").unwrap();
    assert!((interfaces.score.unwrap() - 1.0 / 3.0).abs() < 1e-9);
    // 12.5 days falls in the open-ended band scored 0.2.
    assert_eq!(
        assessment.question("pb.lead-days").unwrap().score,
        Some(0.2)
    );
}

/// The initiatives example of docs/report.md loads against the embedded questionnaires (its
/// `default` takes what its patterns leave), and groups the sample's recommendations.
#[test]
fn report_initiatives_example_loads() {
    let doc = std::fs::read_to_string("docs/report.md").unwrap();
    let blocks = examples(&doc, "initiatives");
    assert_eq!(blocks.len(), 1);
    let catalog = Catalog::load(&[]).unwrap();
    let source = platform_audit::source::Source {
        name: "docs/report.md#initiatives".into(),
        text: blocks[0].clone(),
    };
    let initiatives = scoring::initiatives::Initiatives::load(&source, &catalog)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(initiatives.list.len(), 5);
    assert_eq!(
        initiatives.of("inv.staffing#1").map(|i| i.id.as_str()),
        Some("product")
    );
    assert_eq!(
        initiatives
            .of("dora.deploy_frequency#1")
            .map(|i| i.id.as_str()),
        Some("measurement")
    );
}
