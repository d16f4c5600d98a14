//! The examples of docs/forms.md work as written: the mapping file and the survey export import,
//! and the interview script runs in batch mode with the effect the text describes.

mod forms_common;

use forms_common::*;
use predicates::prelude::*;

/// The body of the fenced block whose info string is exactly `info`.
fn block(doc: &str, info: &str) -> String {
    let start = doc
        .find(&format!("```{info}\n"))
        .unwrap_or_else(|| panic!("no ```{info} block in docs/forms.md"));
    let body = &doc[start + info.len() + 4..];
    body[..body.find("```").unwrap()].to_string()
}

#[test]
fn docs_examples_run_as_written() {
    let doc = std::fs::read_to_string("docs/forms.md").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    bin()
        .args([
            "init",
            s(&dir),
            "--client",
            "Acme",
            "--lang",
            "fr",
            "--date",
            "2026-10-20",
            "--questionnaire",
            "cncf-maturity",
        ])
        .assert()
        .success();

    std::fs::write(dir.join("mapping.toml"), block(&doc, "toml mapping")).unwrap();
    std::fs::write(dir.join("survey.csv"), block(&doc, "csv survey")).unwrap();
    bin()
        .args(["form", "import", s(&dir)])
        .arg(dir.join("survey.csv"))
        .arg("--mapping")
        .arg(dir.join("mapping.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("3 respondents (survey, anonymous"))
        .stdout(predicate::str::contains(
            "\"Horodateur\", \"Adresse e-mail\", \"Service\"",
        ));
    let survey = scored(&dir);
    let mut staffing: Vec<String> = survey["inv.staffing"]
        .values()
        .map(|a| format!("{:?}", a.0))
        .collect();
    staffing.sort();
    assert_eq!(
        staffing,
        ["Value(Number(1))", "Value(Number(2))", "Value(Number(2))"]
    );
    let provisioning: Vec<&Got> = survey["intf.provisioning"].values().map(|a| &a.0).collect();
    assert_eq!(provisioning.len(), 3);
    assert!(provisioning.contains(&&Got::NotApplicable));
    assert!(survey["adopt.discovery"]
        .values()
        .any(|a| a.0 == Got::DontKnow));
    let all: String = responses(&dir).into_values().collect();
    assert!(
        all.contains(",operations,") && all.contains(",developer,"),
        "{all}"
    );
    assert!(!all.contains("acme.example") && !all.contains("Paiements"));

    interview_cmd(&dir, "cncf-maturity", "Hélène Tremblay", "leadership")
        .write_stdin(block(&doc, "text interview"))
        .assert()
        .success();
    let scored = scored(&dir);
    let order = question_ids(&dir, "cncf-maturity");
    let who = "helene-tremblay";
    assert_eq!(
        scored[&order[0]][who],
        (
            v(2),
            Some("Trois personnes, financées par le budget infra".into())
        )
    );
    assert_eq!(scored[&order[1]][who], (v(3), None));
    assert_eq!(scored[&order[2]][who], (Got::NotApplicable, None));
    assert_eq!(scored[&order[3]][who], (v(2), None));
    assert!(!scored[&order[4]].contains_key(who));
}
