//! The interview in a real terminal: tmux gives it a pseudo-terminal (so it runs interactive, and
//! re-asks after a refused answer), keys are typed with `send-keys` and the screen read with
//! `capture-pane`. One full run with two notes, back, a refused answer (in French, only the
//! prompt asked again), jumps to a section, the section list and a number, a note then skip, quit;
//! a resume interrupted by Ctrl-C; a last resume to the end. Fails, never skips, when tmux is missing.

mod forms_common;

use forms_common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of our own (its own socket), killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(tag: &str) -> Tmux {
        let found = Command::new("tmux").arg("-V").output();
        assert!(
            found.is_ok_and(|o| o.status.success()),
            "tmux is needed for the terminal test: run scripts/test.sh (it installs it) or apt-get install tmux"
        );
        Tmux {
            socket: format!("platform-audit-{tag}-{}", std::process::id()),
        }
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// Starts the interview in a new window; the pane stays readable after the program exits.
    fn start(&self, session: &str, dir: &Path, name: &str) {
        self.start_with(session, dir, name, "", 160);
    }

    /// [`Tmux::start`] with environment settings (`NO_COLOR=1`) and a window width.
    fn start_with(&self, session: &str, dir: &Path, name: &str, env: &str, width: usize) {
        let questionnaires = std::env::current_dir().unwrap().join(QUESTIONNAIRES);
        let bin = env!("CARGO_BIN_EXE_platform-audit");
        let command = format!(
            "env {env} '{bin}' --questionnaires '{}' interview '{}' --questionnaire forms-test --respondent '{name}' --role platform --date 2026-11-24",
            questionnaires.display(),
            dir.display()
        );
        let width = width.to_string();
        self.run(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            &width,
            "-y",
            "50",
            &command,
        ]);
        self.run(&["set-option", "-t", session, "remain-on-exit", "on"]);
    }

    fn screen(&self, session: &str) -> String {
        self.run(&["capture-pane", "-p", "-J", "-S", "-200", "-t", session])
    }

    /// Waits (at most 15 s) until the screen shows `text` `times` times.
    fn wait_for(&self, session: &str, text: &str, times: usize) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(session);
            if screen.matches(text).count() >= times {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for «{text}» ×{times}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits (at most 15 s) until the program in the pane has exited.
    fn wait_dead(&self, session: &str) {
        let start = Instant::now();
        loop {
            let state = self.run(&[
                "display-message",
                "-p",
                "-t",
                session,
                "#{pane_dead} #{pane_pid}",
            ]);
            let mut parts = state.split_whitespace();
            if parts.next() == Some("1") {
                return;
            }
            if start.elapsed() > Duration::from_secs(15) {
                let pid = parts.next().unwrap_or("?");
                let status =
                    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                let signals: Vec<&str> = status
                    .lines()
                    .filter(|l| l.starts_with("State") || l.starts_with("Sig"))
                    .collect();
                panic!(
                    "pane {session} still alive: {state} {signals:?}; screen:\n{}",
                    self.screen(session)
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn type_line(&self, session: &str, line: &str) {
        self.run(&["send-keys", "-t", session, "-l", line]);
        self.run(&["send-keys", "-t", session, "Enter"]);
    }

    /// Types each line in turn and waits until the screen shows its expected text `times` times.
    fn exchange(&self, session: &str, steps: &[(&str, &str, usize)]) {
        for (line, expected, times) in steps {
            self.type_line(session, line);
            self.wait_for(session, expected, *times);
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn file(dir: &Path) -> PathBuf {
    dir.join("responses/lea-tremblay.toml")
}

#[test]
fn interview_in_a_terminal_with_back_note_quit_ctrl_c_and_resume() {
    let (_tmp, dir) = engagement();
    let tmux = Tmux::new("interview");

    // First run: note, answer, back, refused answer, quit.
    tmux.start("one", &dir, "Léa Tremblay");
    tmux.wait_for("one", "── [1/7] Plateforme (1/3)", 1);
    tmux.exchange(
        "one",
        &[
            // Two notes before the answer: both kept, saved at once.
            ("! Tout passe par des tickets", "Note enregistrée", 1),
            ("! délai de trois jours", "Note enregistrée", 2),
            ("2", "── [2/7] Plateforme (2/3)", 1),
            (
                "<",
                "Réponse actuelle\u{a0}: 2 (Opérationnel) — Note\u{a0}: Tout passe par des tickets / délai de trois jours",
                1,
            ),
            (">", "── [2/7]", 2),
            // Interactive: a refused answer is explained in French and only the prompt is
            // asked again, not the whole question.
            (
                "toutes les heures",
                "Réponse refusée\u{a0}: «\u{a0}toutes les heures\u{a0}»\u{a0}: l'un des choix (Chaque mois, Chaque semaine, Chaque jour) par son numéro",
                1,
            ),
            ("Chaque jour", "── [3/7]", 1),
            // Jump to a section by name, list the sections, jump back by number.
            (":expé", "── [4/7] Expérience (1/4)", 1),
            (":?", ":4    Expérience", 1),
            (":3", "── [3/7]", 2),
            // A note, then skip, then quit: the note is kept.
            ("! à vérifier avec l'équipe", "Note enregistrée", 3),
            (">", "── [4/7]", 2),
            ("q", "Entretien interrompu", 1),
        ],
    );
    tmux.wait_for("one", "2/7 répondues", 1);
    let screen = tmux.screen("one");
    assert_eq!(
        screen.matches("── [2/7]").count(),
        2,
        "the refused answer repeated the question:\n{screen}"
    );
    let text = std::fs::read_to_string(file(&dir)).unwrap();
    assert!(text.contains("value = \"daily\""), "{text}");
    assert!(
        text.contains("note = \"Tout passe par des tickets / délai de trois jours\""),
        "{text}"
    );
    assert!(
        text.contains("note = \"à vérifier avec l'équipe\""),
        "{text}"
    );

    // Second run resumes at the number question; Ctrl-C after one answer loses nothing.
    tmux.start("two", &dir, "Léa Tremblay");
    tmux.wait_for("two", "Reprise à la première question sans réponse.", 1);
    tmux.wait_for("two", "── [3/7] Plateforme (3/3) · 2/7 répondues", 1);
    tmux.type_line("two", "7");
    tmux.wait_for("two", "── [4/7] Expérience (1/4)", 1);
    tmux.run(&["send-keys", "-t", "two", "C-c"]);
    tmux.wait_dead("two");
    let text = std::fs::read_to_string(file(&dir)).unwrap();
    assert!(
        text.contains("[answers.\"ft.number\"]\nvalue = 7.0"),
        "{text}"
    );

    // Third run goes to the end.
    tmux.start("three", &dir, "Léa Tremblay");
    tmux.wait_for("three", "── [4/7] Expérience (1/4) · 3/7 répondues", 1);
    tmux.exchange(
        "three",
        &[
            ("5", "── [5/7]", 1),
            ("non", "── [6/7]", 1),
            (
                "Les validations manuelles",
                "Un ou plusieurs des choix, séparés par des virgules",
                1,
            ),
            // The checkbox question: its choices by number.
            ("3, 1", "Toutes les questions ont une réponse.", 1),
        ],
    );

    let scored = scored(&dir);
    let who = "lea-tremblay";
    assert_eq!(
        scored["ft.level"][who],
        (
            v(2),
            Some("Tout passe par des tickets / délai de trois jours".into())
        )
    );
    assert_eq!(scored["ft.choice"][who], (v("daily"), None));
    assert_eq!(
        scored["ft.number"][who],
        (v(7.0), Some("à vérifier avec l'équipe".into()))
    );
    assert_eq!(scored["ft.likert"][who], (v(5), None));
    assert_eq!(scored["ft.yesno"][who], (v(false), None));
    assert_eq!(
        scored["ft.text"][who],
        (v("Les validations manuelles"), None)
    );
    assert_eq!(
        scored["ft.multi"][who],
        (v(vec!["review", "approval"]), None)
    );
}

/// The screen wraps at the terminal's width with a hanging indent, shows the question in bold and
/// the help dimmed (none of it under NO_COLOR), and `h` hides the interviewer's help when the
/// screen is shared with the respondent.
#[test]
fn the_screen_wraps_styles_unless_no_color_and_hides_the_help_on_request() {
    let (_tmp, dir) = engagement();
    let tmux = Tmux::new("screen");
    tmux.start_with("narrow", &dir, "Ana", "", 50);
    let screen = tmux.wait_for("narrow", "── [1/7]", 1);
    let longest = screen.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 50, "a line of {longest} columns:\n{screen}");
    assert!(screen.contains("Demandez un exemple"), "{screen}");
    let raw = tmux.run(&["capture-pane", "-p", "-e", "-t", "narrow"]);
    assert!(raw.contains("\u{1b}[1m"), "no bold on a terminal:\n{raw}");
    tmux.type_line("narrow", "h");
    let screen = tmux.wait_for("narrow", "── [1/7]", 2);
    assert_eq!(
        screen.matches("Demandez un exemple").count(),
        1,
        "the help is still shown after h:\n{screen}"
    );

    tmux.start_with("plain", &dir, "Bo", "NO_COLOR=1", 160);
    tmux.wait_for("plain", "── [1/7]", 1);
    let raw = tmux.run(&["capture-pane", "-p", "-e", "-t", "plain"]);
    assert!(
        !raw.contains("\u{1b}[1m") && !raw.contains("\u{1b}[2m"),
        "styles under NO_COLOR:\n{raw}"
    );
}
