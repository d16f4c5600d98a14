//! The interview through its non-interactive mode: answers piped on stdin, one per line.

mod forms_common;

use forms_common::*;
use predicates::prelude::*;
use std::path::Path;

fn interview(dir: &Path, name: &str, role: &str, input: &str) -> assert_cmd::assert::Assert {
    interview_cmd(dir, "forms-test", name, role)
        .args(["--date", "2026-11-24", "--consultant", "Camille Roy"])
        .write_stdin(input)
        .assert()
}

#[test]
fn a_run_with_note_back_skip_and_quit_then_resume_to_the_end() {
    let (_tmp, dir) = engagement();
    // Note then level 3; choice 2 (by number); back to the level, skip it (keeps 3); the choice
    // again: skip; number in French notation; quit.
    interview(
        &dir,
        "Marc-André Gagnon",
        "platform",
        "! Deux équipes sur cinq\n3\n2\n<\n<\n>\n>\n12,5\nq\nignored after quit\n",
    )
    .success()
    .stdout(predicate::str::contains("Note enregistrée"))
    .stdout(predicate::str::contains(
        "Réponse actuelle\u{a0}: 3 (Évolutif) — Note\u{a0}: Deux équipes sur cinq",
    ))
    .stdout(predicate::str::contains("Entretien interrompu"));
    let file = dir.join("responses/marc-andre-gagnon.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("channel = \"interview\""), "{text}");
    assert!(text.contains("consultant = \"Camille Roy\""), "{text}");
    assert!(text.contains("date = \"2026-11-24\""), "{text}");

    // Resume: starts at the first unanswered question (the Likert one), shows progress; the
    // checkbox question takes its choices by number.
    interview(
        &dir,
        "Marc-André Gagnon",
        "platform",
        "Plutôt d'accord\n-\n\\q\n3, 1\n",
    )
    .success()
    .stdout(predicate::str::contains(
        "Reprise à la première question sans réponse.",
    ))
    .stdout(predicate::str::contains("3/7 répondues"))
    .stdout(predicate::str::contains(
        "  Plateforme                   3/3",
    ))
    .stdout(predicate::str::contains("── [4/7] Expérience (1/4)"))
    .stdout(predicate::str::contains(
        "Un ou plusieurs des choix, séparés par des virgules",
    ))
    .stdout(predicate::str::contains(
        "Toutes les questions ont une réponse.",
    ));
    let scored = scored(&dir);
    let who = "marc-andre-gagnon";
    assert_eq!(
        scored["ft.level"][who],
        (v(3), Some("Deux équipes sur cinq".into()))
    );
    assert_eq!(scored["ft.choice"][who], (v("weekly"), None));
    assert_eq!(scored["ft.number"][who], (v(12.5), None));
    assert_eq!(scored["ft.likert"][who], (v(4), None));
    assert_eq!(scored["ft.yesno"][who], (Got::NotApplicable, None));
    assert_eq!(scored["ft.text"][who], (v("q"), None));
    assert_eq!(
        scored["ft.multi"][who],
        (v(vec!["review", "approval"]), None)
    );
}

#[test]
fn a_bad_scripted_answer_stops_with_its_line_and_keeps_earlier_answers() {
    let (_tmp, dir) = engagement();
    interview(&dir, "Zoé", "developer", "2\n9\n")
        .code(1)
        .stderr(predicate::str::contains(
            "<stdin>:2:1: [ft.choice] \"9\": expected one of \"monthly\" (Every month)",
        ));
    let text = std::fs::read_to_string(dir.join("responses/zoe.toml")).unwrap();
    assert!(text.contains("[answers.\"ft.level\"]\nvalue = 2"), "{text}");
    assert!(!text.contains("ft.choice"));
}

#[test]
fn lines_left_after_the_last_question_are_an_error() {
    let (_tmp, dir) = engagement();
    interview(
        &dir,
        "Zoé",
        "developer",
        "1\n1\n1\n1\noui\nrien\n2\nde trop\n",
    )
    .code(1)
    .stderr(predicate::str::contains(
        "<stdin>:8:1: input left after the last question",
    ));
    assert!(std::fs::read_to_string(dir.join("responses/zoe.toml"))
        .unwrap()
        .contains("value = \"rien\""));
}

#[test]
fn wrong_role_channel_or_questionnaire_are_refused() {
    let (_tmp, dir) = engagement();
    // No file until the first answer: a mistyped name leaves nothing behind.
    interview(&dir, "Zoé", "developer", "q\n").success();
    assert!(responses(&dir).is_empty());
    interview(&dir, "Zoé", "developer", "1\nq\n").success();
    interview(&dir, "Zoé", "platform", "q\n")
        .code(2)
        .stderr(predicate::str::contains(
            "respondent `zoe` was interviewed as `developer`: expected --role developer to resume",
        ));
    interview(&dir, "Ana", "chef", "q\n")
        .code(2)
        .stderr(predicate::str::contains("unknown role `chef`"));
    interview_cmd(&dir, "cncf-maturity", "Ana", "platform")
        .write_stdin("q\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "questionnaire `cncf-maturity` is not in use by this engagement: expected one of forms-test",
        ));
    std::fs::write(
        dir.join("responses/self.toml"),
        "[respondent]\nid = \"bo\"\nrole = \"developer\"\nchannel = \"self\"\n\n[answers]\n",
    )
    .unwrap();
    interview(&dir, "Bo", "developer", "q\n")
        .code(2)
        .stderr(predicate::str::contains(
            "answered through the `self` channel",
        ));
}
