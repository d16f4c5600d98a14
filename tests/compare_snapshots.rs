//! Snapshots pin the progress report of the sample and its follow-up (`compare samples/acme
//! samples/acme-followup`) in both languages; review them with `cargo insta review` (or
//! INSTA_UPDATE=always) when the report changes on purpose.

use platform_audit::compare::{self, input, render};
use platform_audit::questionnaire::Catalog;
use platform_audit::Lang;
use std::path::Path;

fn markdown(lang: Lang) -> String {
    let catalog = Catalog::load(&[]).unwrap();
    let snapshots: Vec<_> = ["samples/acme", "samples/acme-followup"]
        .iter()
        .map(|p| input::load(Path::new(p), &[], &catalog).unwrap())
        .collect();
    let comparison = compare::compare(&snapshots, false).unwrap();
    render::markdown(&comparison, &catalog, lang).unwrap()
}

#[test]
fn progress_report_in_french() {
    insta::assert_snapshot!(markdown(Lang::Fr));
}

#[test]
fn progress_report_in_english() {
    insta::assert_snapshot!(markdown(Lang::En));
}

/// No label of the other language, and no label key left unreplaced, in either report.
#[test]
fn each_report_speaks_its_own_language_only() {
    let labels = render::labels().unwrap();
    for (lang, other) in [(Lang::Fr, Lang::En), (Lang::En, Lang::Fr)] {
        let md = markdown(lang);
        for (key, text) in &labels {
            let theirs = text.get(other);
            // Short or shared labels (numbers, names like "Interfaces") tell nothing.
            if theirs.len() > 12 && theirs != text.get(lang) && !theirs.contains('{') {
                assert!(!md.contains(theirs), "{lang}: `{key}` in {other}");
            }
            assert!(
                !md.contains(&format!("{key}.one")) && !md.contains(&format!("{key}.other")),
                "{lang}: raw key {key}"
            );
        }
        assert!(
            !md.contains("verdict.") && !md.contains("not_compared."),
            "{lang}"
        );
    }
}
