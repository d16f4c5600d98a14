//! Regression tests for the hostile-input review (`shared/reviews/reliability-review.md`): each
//! test is named after the defect it pins (D4.15, D4.16…) and drives the real binary on real
//! files. Memory bounds are checked by running the binary under an address-space limit, so a
//! dense allocation fails the test instead of slowing it down.

mod common;
mod forms_common;

use common::{bin, sample, success_output, survey_count};

use assert_cmd::Command;
use forms_common::{responses, s};
use std::path::{Path, PathBuf};

/// The address space the binary may use when it reads a hostile file: the review asks for
/// under 100 MB.
const MEMORY_LIMIT: u64 = 100 << 20;

/// The binary under [`MEMORY_LIMIT`] of address space: for the inputs that must be refused
/// within it (a successful import starts writer threads, whose reserved stacks and allocator
/// arenas alone exceed such a limit).
fn bounded_bin() -> Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("platform-audit"));
    #[cfg(unix)]
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY_LIMIT as libc::rlim_t,
                rlim_max: MEMORY_LIMIT as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    Command::from_std(cmd)
}

fn hostile(name: &str) -> PathBuf {
    Path::new("tests/fixtures/hostile/xlsx").join(name)
}

/// Runs `form import` of one file, expects exit 1 with `message` in stderr and nothing written.
fn import_is_refused(dir: &Path, file: &Path, extra: &[&str], message: &str) {
    let before = responses(dir);
    let out = bounded_bin()
        .args(["form", "import", s(dir), s(file), "--role", "developer"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}: {stderr}", file.display());
    assert!(
        stderr.contains(message),
        "expected «{message}» in\n{stderr}"
    );
    assert!(
        stderr.contains(&file.display().to_string()),
        "the message names no file: {stderr}"
    );
    assert_eq!(responses(dir), before, "a refused import wrote something");
}

#[test]
fn d4_15_a_cell_at_xfd1048576_is_refused_without_a_dense_grid() {
    let (_tmp, dir) = sample();
    import_is_refused(
        &dir,
        &hostile("xlsx-far-cell-abort.xlsx"),
        &[],
        ":1048576:16384: cell XFD1048576 lies right of the header's last column (B)",
    );
}

#[test]
fn d4_15_a_cell_at_cv1048576_is_refused_within_the_memory_limit() {
    let (_tmp, dir) = sample();
    import_is_refused(
        &dir,
        &hostile("xlsx-cv-far-cell-5.8GB-rss.xlsx"),
        &[],
        "cell CV1048576 lies right of the header's last column (B)",
    );
}

#[test]
fn d4_16_a_shared_strings_bomb_is_refused_even_with_check() {
    let (_tmp, dir) = sample();
    import_is_refused(
        &dir,
        &hostile("xlsx-sst-bomb-1.5GiB.xlsx"),
        &["--check"],
        "part xl/sharedStrings.xml of the workbook inflates to more than 64 MiB: refused as a decompression bomb",
    );
}

/// A workbook whose first sheet is hidden: a person sees (and fills) the second.
#[test]
fn d4_17_the_visible_sheet_is_read_not_a_hidden_first_one() {
    let (_tmp, dir) = sample();
    let mut book = rust_xlsxwriter::Workbook::new();
    let hidden = book.add_worksheet();
    hidden.set_name("old").unwrap();
    hidden.write_string(0, 0, "nothing to see").unwrap();
    hidden.set_hidden(true);
    let visible = book.add_worksheet();
    visible.set_name("answers").unwrap();
    visible.set_active(true);
    visible.write_string(0, 0, "ID").unwrap();
    visible.write_string(0, 1, "dx.sat_work").unwrap();
    for (row, answer) in [(1, 4), (2, 5)] {
        visible.write_string(row, 0, format!("r{row}")).unwrap();
        visible.write_number(row, 1, answer).unwrap();
    }
    let path = dir.join("survey.xlsx");
    book.save(&path).unwrap();
    let out = bin()
        .args(["form", "import", s(&dir), s(&path), "--role", "developer"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let written: Vec<String> = responses(&dir)
        .into_iter()
        .filter(|(name, _)| name.starts_with("survey-"))
        .map(|(_, text)| text)
        .collect();
    assert_eq!(written.len(), 1, "one survey file: {written:?}");
    let lines: Vec<&str> = written[0].lines().collect();
    assert_eq!(lines.len(), 3, "a header and the two rows: {lines:?}");
    assert_eq!(lines[0], "respondent,role,dx.sat_work");
}

/// A survey workbook for the sample: an id column and `dx.sat_work` (a Likert question), one row
/// per answer, each written as a number cell.
fn likert_workbook(path: &Path, answers: &[f64]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "ID").unwrap();
    sheet.write_string(0, 1, "dx.sat_work").unwrap();
    for (i, answer) in answers.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, format!("r{row}")).unwrap();
        sheet.write_number(row, 1, *answer).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn d4_13_decimal_and_mislabelled_cells_are_refused_with_their_cell() {
    let (_tmp, dir) = sample();
    let csv = dir.join("survey.csv");
    std::fs::write(
        &csv,
        "ID,dx.sat_work\n1,4\n2,2.5\n3,3/5\n4,\"4 - Disagree\"\n5,\"4 - Agree\"\n",
    )
    .unwrap();
    import_is_refused(
        &dir,
        &csv,
        &[],
        "survey.csv:3:2: [dx.sat_work] \"2.5\": expected an agreement from 1 to 5",
    );
    let out = bin()
        .args(["form", "import", s(&dir), s(&csv), "--role", "developer"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("survey.csv:4:2: [dx.sat_work] \"3/5\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("survey.csv:5:2: [dx.sat_work] \"4 - Disagree\" (the label \"Disagree\" is point 2's, not 4's)"),
        "{stderr}"
    );
    assert!(!stderr.contains(":6:2:"), "{stderr}");

    let xlsx = dir.join("survey.xlsx");
    likert_workbook(&xlsx, &[4.0, 4.9999]);
    import_is_refused(
        &dir,
        &xlsx,
        &[],
        "survey.xlsx:3:2: [dx.sat_work] \"4.9999\": expected an agreement from 1 to 5",
    );
}

/// What a terminal would obey: retitle the window, ring, clear the screen.
const ESCAPES: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";

fn assert_shown_escaped(output: &[u8]) {
    let text = String::from_utf8_lossy(output);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "raw control characters in {text:?}"
    );
    assert!(text.contains("\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J"), "{text}");
}

#[test]
fn d1b_survey_cells_and_headers_reach_the_terminal_escaped() {
    let (_tmp, dir) = sample();
    let cell = dir.join("cell.csv");
    std::fs::write(&cell, format!("ID,dx.sat_work\n1,\"{ESCAPES}\"\n")).unwrap();
    let header = dir.join("header.csv");
    std::fs::write(&header, format!("ID,\"x{ESCAPES}\"\n1,4\n")).unwrap();
    for file in [cell, header] {
        let out = bin()
            .args(["form", "import", s(&dir), s(&file), "--role", "developer"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_shown_escaped(&out.stderr);
    }
}

#[test]
fn d1b_a_form_download_value_reaches_the_terminal_escaped() {
    let (_tmp, dir) = sample();
    let download = dir.join("download.toml");
    std::fs::write(
        &download,
        format!("[respondent]\nid = \"zoe\"\nrole = \"developer\"\nchannel = \"self\"\n\n[answers]\n\"dx.sat_work\" = {{ value = \"{}\" }}\n", ESCAPES.replace('\u{1b}', "\\u001b").replace('\u{7}', "\\u0007")),
    )
    .unwrap();
    let out = bin()
        .args(["form", "import", s(&dir), s(&download)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_shown_escaped(&out.stderr);
}

/// A line typed (or piped) into an interview is quoted back in the error: escaped. (A terminal
/// session shows it through the same `SafeWriter`, tested in `src/terminal.rs`.)
#[test]
fn d1b_an_interview_line_reaches_the_terminal_escaped() {
    let (_tmp, dir) = sample();
    let out = bin()
        .args([
            "interview",
            s(&dir),
            "--questionnaire",
            "cncf-maturity",
            "--respondent",
            "Zoé",
            "--role",
            "developer",
            "--batch",
        ])
        .write_stdin(format!("{ESCAPES}\nq\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_shown_escaped(&out.stderr);
}

/// `interview DIR --questionnaire cncf-maturity --respondent NAME --role developer --batch`.
fn interview(dir: &Path, name: &str, input: &[u8]) -> std::process::Output {
    bin()
        .args([
            "interview",
            s(dir),
            "--questionnaire",
            "cncf-maturity",
            "--respondent",
            name,
            "--role",
            "developer",
            "--batch",
        ])
        .write_stdin(input.to_vec())
        .output()
        .unwrap()
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One answer of a response file, as a TOML table (`value`, `note`…).
fn answer(path: PathBuf, question: &str) -> toml::Value {
    let file: toml::Value = toml::from_str(&read(path)).unwrap();
    file["answers"]
        .get(question)
        .cloned()
        .unwrap_or_else(|| panic!("no answer to {question} in {file}"))
}

fn note_of(path: PathBuf, question: &str) -> String {
    answer(path, question)["note"].as_str().unwrap().to_string()
}

#[test]
fn d5_3_a_note_typed_before_its_answer_is_saved_at_once() {
    let (_tmp, dir) = sample();
    // A note, then quit; a note, then skip; two notes on one question, then its answer.
    let out = interview(&dir, "Nadia", b"! note then quit\nq\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nadia = dir.join("responses/nadia.toml");
    assert_eq!(note_of(nadia.clone(), "inv.staffing"), "note then quit");
    let out = interview(&dir, "Nadia", b"! second thought\n>\n! on funding\n3\nq\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        note_of(nadia.clone(), "inv.staffing"),
        "note then quit / second thought"
    );
    assert!(answer(nadia.clone(), "inv.staffing").get("value").is_none());
    let funding = answer(nadia, "inv.funding");
    assert_eq!(funding["value"].as_integer(), Some(3));
    assert_eq!(funding["note"].as_str(), Some("on funding"));
    // Scoring reads the file: the unanswered question with a note is not an answer.
    success_output(bin().args(["score", s(&dir), "--json"]));
}

#[test]
fn d4_18_non_utf8_interview_input_names_its_line_and_column() {
    let (_tmp, dir) = sample();
    let out = interview(&dir, "Nadia", b"2\nab\xff\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("<stdin>:2:3: not valid UTF-8: expected text in UTF-8"),
        "{stderr}"
    );
    assert_eq!(
        answer(dir.join("responses/nadia.toml"), "inv.staffing")["value"].as_integer(),
        Some(2)
    );
}

#[test]
fn d3_1_a_very_long_name_keeps_its_first_answer() {
    let (_tmp, dir) = sample();
    let name = format!("a{}", "b".repeat(300));
    let out = interview(&dir, &name, b"2\nq\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = format!("a{}", "b".repeat(63));
    let file = read(dir.join(format!("responses/{id}.toml")));
    assert!(file.contains(&name) && file.contains("value = 2"), "{file}");
}

#[test]
fn d3_2_names_without_latin_letters_are_interviewed_and_imported() {
    let (_tmp, dir) = sample();
    let out = interview(&dir, "Иван Петров", b"2\nq\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = platform_audit::engagement::slug("Иван Петров").unwrap();
    assert!(read(dir.join(format!("responses/{id}.toml"))).contains("Иван Петров"));
    let csv = dir.join("form.csv");
    std::fs::write(&csv, "id,answer\ninv.staffing,3\n").unwrap();
    success_output(bin().args([
        "form",
        "import",
        s(&dir),
        s(&csv),
        "--respondent",
        "山田太郎",
        "--role",
        "developer",
    ]));
    let id = platform_audit::engagement::slug("山田太郎").unwrap();
    assert!(read(dir.join(format!("responses/{id}.toml"))).contains("山田太郎"));
}

#[test]
fn d3_3_zoe_and_zoe_with_an_accent_never_share_a_file() {
    let (_tmp, dir) = sample();
    let out = interview(&dir, "Zoé Martin", b"2\n3\nq\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = interview(&dir, "Zoe Martin", b"4\nq\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let zoe_accent = read(dir.join("responses/zoe-martin.toml"));
    let zoe = read(dir.join("responses/zoe-martin-2.toml"));
    assert!(zoe_accent.contains("Zoé Martin") && zoe_accent.contains("value = 2"));
    assert!(zoe.contains("name = \"Zoe Martin\"") && zoe.contains("value = 4"));
    assert!(!zoe.contains("value = 3"), "{zoe}");
    // Resuming finds each person by name; an import with --replace for "Zoe Martin" replaces
    // only her own file.
    let out = interview(&dir, "Zoé Martin", b"1\nq\n");
    assert!(out.status.success());
    assert_eq!(
        answer(
            dir.join("responses/zoe-martin.toml"),
            "inv.product_management"
        )["value"]
            .as_integer(),
        Some(1)
    );
    let csv = dir.join("form.csv");
    std::fs::write(&csv, "id,answer\ninv.staffing,1\n").unwrap();
    let out = bin()
        .args([
            "form",
            "import",
            s(&dir),
            s(&csv),
            "--respondent",
            "Zoe Martin",
            "--role",
            "developer",
            "--replace",
        ])
        .output()
        .unwrap();
    // Her own file is an interview, which a form never replaces; Zoé's is not even considered.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("responses/zoe-martin-2.toml: a `self` form is not merged"),
        "{stderr}"
    );
    let zoe_accent_after = read(dir.join("responses/zoe-martin.toml"));
    assert!(
        zoe_accent_after.contains("channel = \"interview\"")
            && zoe_accent_after.contains("value = 2")
    );
}

/// A survey export of `rows` developers answering `dx.sat_work` (distinct rows).
fn survey(dir: &Path, rows: usize) -> PathBuf {
    let path = dir.join("survey.csv");
    let mut text = String::from("ID,dx.sat_work\n");
    for i in 0..rows {
        text.push_str(&format!("{i},{}\n", 1 + i % 5));
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn stray_temporary_files(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("responses"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.starts_with(".pa-") || name.starts_with(".tmp")
        })
        .count()
}

/// D5.1: an import killed at any moment leaves the engagement with none of its rows or all of
/// them (never a partial survey that `score` would use), and the next import finishes the job
/// and leaves no temporary file.
#[test]
fn d5_1_an_import_killed_midway_leaves_none_or_all_of_its_rows() {
    const ROWS: u64 = 3_000;
    for delay_ms in [30, 120, 300, 700] {
        let (_tmp, dir) = sample();
        let before = survey_count(&dir);
        let export = survey(&dir, ROWS as usize);
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("platform-audit"))
            .args(["form", "import", s(&dir), s(&export), "--role", "developer"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let after = survey_count(&dir);
        assert!(
            after == before || after == before + ROWS,
            "killed after {delay_ms} ms: {after} survey respondents, expected {before} or {}",
            before + ROWS
        );
        // The same import again: completes (or says it was done) and cleans up.
        let out = bin()
            .args(["form", "import", s(&dir), s(&export), "--role", "developer"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() || stderr.contains("already imported"),
            "{stderr}"
        );
        assert_eq!(survey_count(&dir), before + ROWS);
        assert_eq!(stray_temporary_files(&dir), 0, "killed after {delay_ms} ms");
    }
}

/// D6.1: two imports of the same form at once: one writes it, the other is refused as a second
/// import, whichever comes first.
#[test]
fn d6_1_concurrent_imports_of_one_respondent_never_both_write() {
    for round in 0..5 {
        let (_tmp, dir) = sample();
        let forms: Vec<PathBuf> = (0..2)
            .map(|i| {
                let path = dir.join(format!("form{i}.csv"));
                std::fs::write(&path, format!("id,answer\ninv.staffing,{}\n", i + 1)).unwrap();
                path
            })
            .collect();
        let children: Vec<_> = forms
            .iter()
            .map(|form| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin("platform-audit"))
                    .args([
                        "form",
                        "import",
                        s(&dir),
                        s(form),
                        "--respondent",
                        "Zoé Martin",
                        "--role",
                        "developer",
                    ])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outcomes: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let ok = outcomes.iter().filter(|o| o.status.success()).count();
        assert_eq!(ok, 1, "round {round}: {} imports succeeded", ok);
        let refused = outcomes.iter().find(|o| !o.status.success()).unwrap();
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("refusing to import it twice"),
            "{}",
            String::from_utf8_lossy(&refused.stderr)
        );
    }
}

/// D6.2: while an interview is open, an import of the same respondent and a second interview of
/// them are refused (they would be overwritten by the interview's next save); once it ends, the
/// import goes through and the interview's answers are all there.
#[test]
fn d6_2_an_open_interview_keeps_other_writers_off_its_respondent() {
    use std::io::{Read, Write};
    let (_tmp, dir) = sample();
    let mut open = std::process::Command::new(assert_cmd::cargo::cargo_bin("platform-audit"))
        .args([
            "interview",
            s(&dir),
            "--questionnaire",
            "cncf-maturity",
            "--respondent",
            "Zoé",
            "--role",
            "developer",
            "--batch",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = open.stdin.take().unwrap();
    let mut stdout = open.stdout.take().unwrap();
    // Wait for the second question's prompt: the first answer is saved, the lock held.
    stdin.write_all(b"2\n").unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8];
    while !String::from_utf8_lossy(&seen).contains("inv.funding") {
        assert_eq!(
            stdout.read(&mut byte).unwrap(),
            1,
            "the interview ended early"
        );
        seen.push(byte[0]);
    }
    // A record of the same interview's other questionnaire (a consultant's second laptop):
    // it would be merged into Zoé's file, which the open interview is writing.
    let record = dir.join("zoe-dora.toml");
    std::fs::write(
        &record,
        "[respondent]\nid = \"zoe\"\nname = \"Zoé\"\nrole = \"developer\"\nchannel = \"interview\"\n\n[answers]\n\"sk.product.management\" = { value = 4 }\n",
    )
    .unwrap();
    let import = || {
        bin()
            .args(["form", "import", s(&dir), s(&record)])
            .output()
            .unwrap()
    };
    let refused = import();
    assert_eq!(refused.status.code(), Some(5));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("an interview of `zoe` is open"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let second = interview(&dir, "Zoé", b"3\nq\n");
    assert_eq!(second.status.code(), Some(5));
    assert!(
        String::from_utf8_lossy(&second.stderr)
            .contains("another session is writing the answers of `zoe`"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    stdin.write_all(b"3\nq\n").unwrap();
    drop(stdin);
    assert!(open.wait().unwrap().success());
    let zoe = dir.join("responses/zoe.toml");
    assert_eq!(
        answer(zoe.clone(), "inv.funding")["value"].as_integer(),
        Some(3)
    );
    let merged = import();
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert_eq!(
        answer(zoe.clone(), "sk.product.management")["value"].as_integer(),
        Some(4)
    );
    assert_eq!(answer(zoe, "inv.staffing")["value"].as_integer(), Some(2));
}

fn report(dir: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .args(["report", s(dir), "--format", "html,md,json"])
        .args(extra)
        .output()
        .unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".platform-audit."))
        .collect();
    names.sort();
    names
}

/// D5.4: a chart the new run no longer draws (no scan any more) is removed with the set.
#[test]
fn d5_4_a_chart_the_new_run_does_not_draw_is_removed() {
    let (_tmp, dir) = sample();
    assert!(report(&dir, &[]).status.success());
    // The sample is in French: its reports go to reports/fr/.
    let reports = dir.join("reports").join("fr");
    assert!(listing(&reports).contains(&"chart-evidence.svg".to_string()));
    std::fs::write(reports.join("my-notes.txt"), "kept").unwrap();
    std::fs::remove_file(dir.join("evidence/scan.json")).unwrap();
    let out = report(&dir, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = listing(&reports);
    assert!(
        !files.contains(&"chart-evidence.svg".to_string()),
        "{files:?}"
    );
    assert!(files.contains(&"my-notes.txt".to_string()), "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with(".pa-")), "{files:?}");
}

/// D5.2 and D6.3: two reports of different clients written into one folder at once leave one
/// client's whole set, never a mix.
#[test]
fn d6_3_concurrent_reports_into_one_folder_leave_one_whole_set() {
    let (_tmp, a) = sample();
    let (_tmp2, b) = sample();
    let manifest = b.join("engagement.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let client_a = text
        .lines()
        .find(|l| l.starts_with("client"))
        .unwrap()
        .to_string();
    std::fs::write(
        &manifest,
        text.replace(&client_a, "client = \"Bravo Industries\""),
    )
    .unwrap();
    let out = a.parent().unwrap().join("shared-out");
    for round in 0..6 {
        let children: Vec<_> = [&a, &b]
            .iter()
            .map(|dir| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin("platform-audit"))
                    .args([
                        "report",
                        s(dir),
                        "--format",
                        "html,md,json",
                        "--out",
                        s(&out),
                    ])
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        let md = std::fs::read_to_string(out.join("report.md")).unwrap();
        let json = std::fs::read_to_string(out.join("assessment.json")).unwrap();
        let bravo = [&html, &md, &json].map(|t| t.contains("Bravo Industries"));
        assert!(
            bravo.iter().all(|b| *b) || bravo.iter().all(|b| !*b),
            "round {round}: a mixed set (HTML, MD, JSON of Bravo: {bravo:?})"
        );
    }
}

/// D2: questionnaire texts that start like formulas reach the client's spreadsheet as text.
#[test]
fn d2_the_csv_form_writes_formula_leading_texts_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let questionnaires = tmp.path().join("q");
    std::fs::create_dir(&questionnaires).unwrap();
    let text = std::fs::read_to_string("tests/fixtures/forms/questionnaires/forms-test.toml")
        .unwrap()
        .replace(
            "en = \"Platform\"",
            "en = \"=HYPERLINK(\\\"http://e\\\",\\\"x\\\")\"",
        )
        .replace(
            "en = \"How does a team get an environment?\"",
            "en = \"+cmd|' /C calc'!A0\"",
        )
        .replace(
            "en = \"Through a ticket and waiting.\"",
            "en = \"@SUM(A1)\"",
        );
    std::fs::write(questionnaires.join("forms-test.toml"), text).unwrap();
    let (_tmp, dir) = forms_common::engagement();
    let out_file = tmp.path().join("form.csv");
    success_output(
        bin()
            .args([
                "--questionnaires",
                s(&questionnaires),
                "form",
                "export",
                s(&dir),
            ])
            .args([
                "--questionnaire",
                "forms-test",
                "--format",
                "csv",
                "--lang",
                "en",
                "--out",
                s(&out_file),
            ]),
    );
    let bytes = std::fs::read(&out_file).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let mut quoted = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a live formula: {cell}"
            );
            quoted += cell.starts_with('\'') as usize;
        }
    }
    assert!(quoted >= 3, "{quoted} cells neutralised");
}

/// D4.14 and D4.18: a survey saved as UTF-16 (no byte-order mark) is named as such, not as a
/// short row; a download with a Latin-1 byte is placed at its line and column; a FIFO given as a
/// form is refused unread.
#[test]
fn d4_14_encodings_and_special_files_given_to_import_are_named() {
    let (_tmp, dir) = sample();
    let utf16 = dir.join("survey.csv");
    let bytes: Vec<u8> = "ID,dx.sat_work\n1,4\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(&utf16, bytes).unwrap();
    import_is_refused(
        &dir,
        &utf16,
        &[],
        "this file is UTF-16 (little-endian, without a byte-order mark): save it as UTF-8",
    );
    let download = dir.join("download.toml");
    std::fs::write(
        &download,
        b"[respondent]\nid = \"zoe\"\nname = \"Zo\xe9\"\nrole = \"developer\"\nchannel = \"self\"\n",
    )
    .unwrap();
    let out = bin()
        .args(["form", "import", s(&dir), s(&download)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("download.toml:3:11: not valid UTF-8 (byte 0xE9)"),
        "{stderr}"
    );
    let fifo = dir.join("pipe.csv");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    import_is_refused(&dir, &fifo, &[], "a FIFO (named pipe), not a regular file");
}

/// Found by the fuzz harness (tests/fuzz.rs): a cell reference past the sheet's last row
/// overflowed the spreadsheet reader's arithmetic (a panic in a debug build, a cell silently
/// moved in a release one). It is refused, named, before the reader opens the workbook.
#[test]
fn fuzz_found_a_cell_reference_past_the_last_row_is_refused() {
    let (_tmp, dir) = sample();
    import_is_refused(
        &dir,
        &hostile("cell-ref-overflow.xlsx"),
        &[],
        "part xl/worksheets/sheet1.xml of the workbook has a cell reference `B99999999999`: expected a cell from A1 to XFD1048576",
    );
}
