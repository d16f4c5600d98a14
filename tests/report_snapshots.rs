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
    let s = sample();
    report::markdown(
        &s.assessment,
        &s.catalog,
        s.scan.as_ref(),
        &s.templates,
        lang,
        &Options::full(),
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
