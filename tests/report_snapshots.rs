//! Snapshots pin the Markdown report and the view model of the sample engagement; review them
//! with `cargo insta review` (or INSTA_UPDATE=always) when the report changes on purpose.

use platform_audit::engagement::Engagement;
use platform_audit::questionnaire::Catalog;
use platform_audit::report::{self, view, Templates};
use platform_audit::{scoring, Lang};
use std::path::Path;

fn sample() -> (scoring::Assessment, Catalog, Templates) {
    let catalog = Catalog::load(&[]).unwrap();
    let engagement = Engagement::load(Path::new("samples/acme"), &catalog).unwrap();
    let assessment = scoring::assess(&engagement, &catalog);
    (assessment, catalog, Templates::load(None).unwrap())
}

#[test]
fn markdown_report_in_french() {
    let (a, c, t) = sample();
    insta::assert_snapshot!(report::markdown(&a, &c, &t, Lang::Fr).unwrap());
}

#[test]
fn markdown_report_in_english() {
    let (a, c, t) = sample();
    insta::assert_snapshot!(report::markdown(&a, &c, &t, Lang::En).unwrap());
}

#[test]
fn view_model_in_english() {
    let (a, c, t) = sample();
    let v = view::build(&a, &c, t.labels(), Lang::En);
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
    let (a, c, t) = sample();
    let v = view::build(&a, &c, t.labels(), Lang::Fr);
    let radar = v.charts.iter().find(|c| c.id == "radar").unwrap();
    insta::assert_snapshot!(radar.svg);
}
