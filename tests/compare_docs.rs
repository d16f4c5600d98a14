//! Recomputes the worked example of docs/compare.md: every figure of its table through the
//! engine on samples/acme → samples/acme-followup, and the constructed "due to who answered" case
//! through the noise rule.

use platform_audit::compare::{self, input, noise};
use platform_audit::questionnaire::Catalog;
use std::path::Path;

const DOC: &str = "docs/compare.md";

fn doc() -> String {
    std::fs::read_to_string(DOC).unwrap()
}

fn two(x: f64) -> String {
    format!("{x:.2}")
}

#[test]
fn the_worked_example_table_is_what_the_engine_gives() {
    let catalog = Catalog::load(&[]).unwrap();
    let snapshots: Vec<_> = ["samples/acme", "samples/acme-followup"]
        .iter()
        .map(|p| input::load(Path::new(p), &[], &catalog).unwrap())
        .collect();
    let c = compare::compare(&snapshots, false).unwrap();
    let agreement = |s: &input::Snapshot, id: &str| {
        s.assessment
            .axes
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.agreement)
            .unwrap()
    };
    let doc = doc();
    let rows: Vec<Vec<&str>> = doc
        .lines()
        .filter(|l| l.starts_with("| `cncf.") || l.starts_with("| `ai."))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    assert_eq!(rows.len(), 4, "the table's rows");
    for row in rows {
        let id = row[0].trim_matches('`');
        let a = c.axes.iter().find(|a| a.id == id).unwrap();
        let expected = [
            format!("`{id}`"),
            two(agreement(&snapshots[0], id)),
            two(agreement(&snapshots[1], id)),
            two(a.spread_before),
            two(a.spread_after),
            two(a.margin),
            two(a.before.unwrap()),
            two(a.after.unwrap()),
            two(a.delta.unwrap()),
            a.respondents_before.to_string(),
            a.respondents_after.to_string(),
            a.common.to_string(),
            two(a.turnover.unwrap()),
            two(a.stayers_delta.unwrap()),
            a.verdict.code().to_string(),
        ];
        assert_eq!(row, expected, "{id}");
        // The rule's own arithmetic, as the document states it.
        let spread = |agr: f64| 3.0 * (1.0 - agr);
        assert!((a.spread_after - spread(agreement(&snapshots[1], id))).abs() < 1e-12);
        assert!((a.margin - noise::margin(a.spread_before, a.spread_after)).abs() < 1e-12);
    }
}

#[test]
fn the_constructed_case_is_due_to_who_answered() {
    let doc = doc();
    let margin = noise::margin(0.60, 0.90);
    assert_eq!(two(margin), "0.45");
    let turnover = noise::turnover(1, 7).unwrap();
    assert_eq!(two(turnover), "0.86");
    assert!(doc.contains("spreads 0.60\nand 0.90 give a margin of 0.45"));
    assert!(doc.contains("(turnover `1 − 1 ÷ 7 = 0.86`)"));
    assert_eq!(
        noise::verdict(Some(0.60), margin, Some(turnover), Some(0.0)),
        noise::Verdict::WhoAnswered
    );
    assert_eq!(
        noise::verdict(Some(0.60), margin, Some(turnover), Some(0.60)),
        noise::Verdict::Up
    );
}

#[test]
fn the_document_states_the_rule_constants_the_code_uses() {
    // Sentences may wrap anywhere.
    let doc = doc().replace('\n', " ");
    assert!(doc.contains(&format!(
        "`max({}, {} × the larger spread)`",
        noise::FLOOR,
        noise::FACTOR
    )));
    assert!(doc.contains(&format!("at least **{} %**", noise::TURNOVER * 100.0)));
    assert!(doc.contains(&format!("below {}", noise::NONE)));
    assert!(doc.contains(&format!(
        "the current Assessment schema, **{}**, as it is and schema **{}** through a migration",
        input::SUPPORTED_SCHEMAS[1],
        input::SUPPORTED_SCHEMAS[0]
    )));
}
