//! Recomputes the worked example of docs/scoring.md through the engine: the fixture files the
//! document shows must be the ones under tests/fixtures/worked-example, and every number of its
//! results table must be what the engine gives.

use platform_audit::engagement::Engagement;
use platform_audit::questionnaire::Catalog;
use platform_audit::scoring;
use serde_json::Value;
use std::path::Path;

const DOC: &str = "docs/scoring.md";
const FIXTURE: &str = "tests/fixtures/worked-example";
const SHOWN: &[&str] = &[
    "questionnaires/worked-example.toml",
    "engagement/engagement.toml",
    "engagement/responses/cto.toml",
    "engagement/responses/dev-a.toml",
    "engagement/responses/dev-b.toml",
];

fn doc() -> String {
    std::fs::read_to_string(DOC).unwrap()
}

/// Follows `a[key].b.0` into the JSON: `[key]` picks the list item whose `id`, `axis` or
/// `question` is `key`; a number picks an array index.
fn lookup<'a>(root: &'a Value, path: &str) -> &'a Value {
    let mut v = root;
    let mut rest = path;
    while !rest.is_empty() {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let (field, tail) = rest.split_at(end);
        if !field.is_empty() {
            v = match field.parse::<usize>() {
                Ok(i) => &v[i],
                Err(_) => &v[field],
            };
            assert!(!v.is_null(), "{path}: no `{field}`");
        }
        rest = tail;
        if let Some(t) = rest.strip_prefix('[') {
            let close = t.find(']').unwrap();
            let key = &t[..close];
            v = v
                .as_array()
                .unwrap_or_else(|| panic!("{path}: not a list before [{key}]"))
                .iter()
                .find(|item| ["id", "axis", "question"].iter().any(|k| item[*k] == key))
                .unwrap_or_else(|| panic!("{path}: no item `{key}`"));
            rest = &t[close + 1..];
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    v
}

#[test]
fn fixture_files_are_shown_verbatim_in_the_document() {
    let doc = doc();
    for rel in SHOWN {
        let text = std::fs::read_to_string(Path::new(FIXTURE).join(rel)).unwrap();
        let shown = format!("`{rel}`:\n\n```toml\n{text}```\n");
        assert!(doc.contains(&shown), "{DOC} does not show {rel} verbatim");
    }
}

#[test]
fn worked_example_numbers_match_the_engine() {
    let doc = doc();
    let start = doc.find("<!-- worked-example:results -->").unwrap();
    let end = doc.find("<!-- /worked-example:results -->").unwrap();
    let rows: Vec<(&str, &str)> = doc[start..end]
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            match cells.as_slice() {
                [path, value] if path.starts_with('`') => Some((path.trim_matches('`'), *value)),
                _ => None,
            }
        })
        .collect();
    assert!(rows.len() >= 30, "only {} rows read from {DOC}", rows.len());

    let fixture = Path::new(FIXTURE);
    let catalog = Catalog::load(&[fixture.join("questionnaires")]).unwrap();
    let engagement = Engagement::load(&fixture.join("engagement"), &catalog).unwrap();
    let assessment = scoring::assess(&engagement, &catalog).unwrap();
    let json = serde_json::to_value(&assessment).unwrap();

    for (path, expected) in rows {
        let got = lookup(&json, path);
        match expected.parse::<f64>() {
            Ok(want) => {
                let decimals = expected.split('.').nth(1).map_or(0, str::len) as i32;
                let tolerance = 0.5 * 10f64.powi(-decimals) + 1e-12;
                let got = got
                    .as_f64()
                    .unwrap_or_else(|| panic!("{path}: {got} is no number"));
                assert!(
                    (got - want).abs() <= tolerance,
                    "{path}: the engine gives {got}, {DOC} says {expected}"
                );
            }
            Err(_) => assert_eq!(got.as_str(), Some(expected), "{path}"),
        }
    }
}
