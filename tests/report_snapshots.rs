//! Snapshots pin the Markdown report and the view model of the sample engagement; review them
//! with `cargo insta review` (or INSTA_UPDATE=always) when the report changes on purpose.

use platform_audit::engagement::Engagement;
use platform_audit::evidence::ScanReport;
use platform_audit::questionnaire::Catalog;
use platform_audit::report::{self, view, Options, Templates};
use platform_audit::{scoring, Lang};
use std::path::Path;

struct Sample {
    assessment: scoring::Assessment,
    catalog: Catalog,
    scan: Option<ScanReport>,
    templates: Templates,
}

fn sample() -> Sample {
    let catalog = Catalog::load(&[]).unwrap();
    let dir = Path::new("samples/acme");
    let engagement = Engagement::load(dir, &catalog).unwrap();
    Sample {
        assessment: scoring::assess(&engagement, &catalog).unwrap(),
        scan: ScanReport::load_optional(dir).unwrap(),
        catalog,
        templates: Templates::load(None).unwrap(),
    }
}

fn markdown(lang: Lang) -> String {
    markdown_with(lang, &Options::full())
}

fn markdown_with(lang: Lang, options: &Options) -> String {
    let s = sample();
    report::markdown(
        &s.assessment,
        &s.catalog,
        s.scan.as_ref(),
        &s.templates,
        lang,
        options,
    )
    .unwrap()
}

fn view(lang: Lang) -> view::View {
    let s = sample();
    view::build(
        &s.assessment,
        &s.catalog,
        s.scan.as_ref(),
        s.templates.labels(),
        lang,
        &Options::full(),
    )
}

#[test]
fn markdown_report_in_french() {
    insta::assert_snapshot!(markdown(Lang::Fr));
}

#[test]
fn markdown_report_in_english() {
    insta::assert_snapshot!(markdown(Lang::En));
}

/// The board pack (issue 18): cover, the one-page summary, the grid, four charts, the
/// initiatives and a short methodology.
#[test]
fn board_markdown_in_french() {
    insta::assert_snapshot!(markdown_with(Lang::Fr, &Options::board()));
}

#[test]
fn board_markdown_in_english() {
    insta::assert_snapshot!(markdown_with(Lang::En, &Options::board()));
}

#[test]
fn view_model_in_english() {
    let v = view(Lang::En);
    let mut json = serde_json::to_value(&v).unwrap();
    // Labels are pinned by labels.toml and charts by their own snapshot: keep this one readable.
    json["labels"] = serde_json::json!(format!("{} labels", v.labels.len()));
    for chart in json["charts"].as_array_mut().unwrap() {
        let svg = chart["svg"].as_str().unwrap();
        chart["svg"] = serde_json::json!(format!("<svg> of {} bytes", svg.len()));
    }
    insta::assert_json_snapshot!(json);
}

#[test]
fn radar_chart_in_french() {
    let v = view(Lang::Fr);
    let radar = v.charts.iter().find(|c| c.id == "radar").unwrap();
    insta::assert_snapshot!(radar.svg);
}

/// Issue 18: a strength is worded as a strength (what it reached, or how far it is ahead), never
/// as a distance to its target; and none, nor any first recommendation, rests on a single source.
#[test]
fn strengths_are_never_worded_as_gaps_and_never_rest_on_a_single_source() {
    let s = sample();
    for lang in [Lang::Fr, Lang::En] {
        let v = view(lang);
        assert!(!v.summary.strengths.is_empty(), "the sample has strengths");
        let gap = s.templates.labels()["point.gap"].get(lang).to_string();
        // The words between `{gap}` and `{target}`: "short of the target of", "avec la cible".
        let gap_words = gap.split(['{', '}']).nth(2).unwrap().trim().to_string();
        assert!(gap_words.len() > 8, "{gap_words}");
        for p in &v.summary.strengths {
            assert!(!p.text.contains(&gap_words), "{}: {}", p.name, p.text);
            assert!(!p.single_source, "{}: {}", p.name, p.support);
        }
        assert!(!v.summary.recommendations.is_empty());
        for r in &v.summary.recommendations {
            assert!(!r.single_source, "{}: {}", r.title, r.support);
        }
        assert!(
            (5..=9).contains(&v.initiatives.len()),
            "{} initiatives",
            v.initiatives.len()
        );
        assert_eq!(v.summary.diagnosis.len(), 3);
    }
}
