//! A fuzz harness on stable Rust: every parser entry point — engagement.toml, a response file, a
//! questionnaire, evidence/scan.json, a filled CSV form, a survey CSV, an XLSX workbook, the HTML
//! form's download and interview input — gets a few thousand inputs, arbitrary bytes and
//! mutations of a valid file (bit flips, cuts, repeated lines, hostile tokens), and XLSX
//! workbooks with cells anywhere on the sheet. Each must end in a result or in an error that
//! names its file (and, where the format has lines, its line and column); a panic fails the
//! property, and an abort (an allocation the address-space limit refuses) fails the binary.
//! `FUZZ_CASES` sets the number of cases per entry point (default 2,000); the cases are the same
//! on every run unless `FUZZ_RANDOM=1`. An input that once failed becomes a fixture with a test
//! of its own (see `tests/hostile_inputs.rs`).

use platform_audit::engagement::Engagement;
use platform_audit::evidence::ScanReport;
use platform_audit::forms::{self, ImportOptions};
use platform_audit::interview::{self, InterviewOptions};
use platform_audit::questionnaire::Catalog;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The address space the process may use: a dense allocation from a tiny file (D4.15's 512 GiB)
/// aborts the run instead of swapping the machine.
const MEMORY_LIMIT: u64 = 4 << 30;

fn limit_memory() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| unsafe {
        let limit = libc::rlimit {
            rlim_cur: MEMORY_LIMIT as libc::rlim_t,
            rlim_max: MEMORY_LIMIT as libc::rlim_t,
        };
        assert_eq!(libc::setrlimit(libc::RLIMIT_AS, &limit), 0);
    });
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

/// The same cases on every run (CI is reproducible); `FUZZ_RANDOM=1` draws new ones, to
/// explore.
fn runner() -> TestRunner {
    limit_memory();
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("FUZZ_RANDOM").is_some() {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }
}

fn sample_catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::load(&[]).unwrap())
}

fn forms_catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| {
        Catalog::load(&[PathBuf::from("tests/fixtures/forms/questionnaires")]).unwrap()
    })
}

/// Tokens that break parsers: quotes, brackets, NUL, invalid UTF-8, a BOM, huge numbers, a
/// right-to-left override, an escape sequence, a formula.
const TOKENS: &[&[u8]] = &[
    b"\0",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\"",
    b"'",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"\"\"\"",
    b"=",
    b",",
    b";",
    b"\n",
    b"\r\n",
    b"\t",
    b"1e999",
    b"-1",
    b"nan",
    b"inf",
    b"18446744073709551616",
    b"\xe2\x80\xae",
    b"\x1b[2J",
    b"=1+1",
    b"2026-02-30",
    b"#",
    b"\\",
    b"\xc3",
];

/// One mutation of a valid file.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, usize),
    RepeatLine(usize, u8),
    DeleteLine(usize),
    SwapLines(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip(at, bit)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Mutation::Insert(at, t)),
        (any::<usize>(), 1u8..50).prop_map(|(l, n)| Mutation::RepeatLine(l, n)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn apply(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        let lines =
            || -> Vec<Vec<u8>> { bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect() };
        match m {
            Mutation::Flip(at, bit) => {
                if !bytes.is_empty() {
                    bytes[at % len] ^= 1 << bit;
                }
            }
            Mutation::Cut(at) => bytes.truncate(at % len),
            Mutation::Insert(at, t) => {
                let at = at % len.min(bytes.len() + 1).max(1);
                let at = at.min(bytes.len());
                bytes.splice(at..at, TOKENS[*t].iter().copied());
            }
            Mutation::RepeatLine(l, n) => {
                let mut ls = lines();
                let i = l % ls.len();
                let line = ls[i].clone();
                for _ in 0..*n {
                    ls.insert(i, line.clone());
                }
                bytes = ls.join(&b'\n');
            }
            Mutation::DeleteLine(l) => {
                let mut ls = lines();
                ls.remove(l % ls.len());
                bytes = ls.join(&b'\n');
            }
            Mutation::SwapLines(a, b) => {
                let mut ls = lines();
                let n = ls.len();
                ls.swap(a % n, b % n);
                bytes = ls.join(&b'\n');
            }
        }
    }
    bytes
}

/// Inputs for one entry point: arbitrary bytes, or a valid seed with 1–4 mutations.
fn inputs(seed: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..400),
        4 => proptest::collection::vec(mutation(), 1..5).prop_map(move |m| apply(&seed, &m)),
    ]
}

/// An error must say where: the file it is about (and a line:col when it has one).
fn located(err: &platform_audit::Error, file: &str) -> Result<(), TestCaseError> {
    let text = err.to_string();
    prop_assert!(
        text.contains(file),
        "the error does not name {file}: {text}"
    );
    Ok(())
}

/// The sample engagement's settings, one of its response files and its scan, to mutate one of.
fn sample() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    for file in [
        "engagement.toml",
        "responses/01-cto.toml",
        "evidence/scan.json",
    ] {
        let to = dir.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new("samples/acme").join(file), to).unwrap();
    }
    (tmp, dir)
}

/// Runs `check` on each input written over `file` of a fresh engagement made by `setup`.
fn fuzz_file(
    seed_path: &str,
    setup: fn() -> (tempfile::TempDir, PathBuf),
    file: &str,
    check: fn(&Path, &Path) -> Result<(), TestCaseError>,
) {
    let seed = std::fs::read(seed_path).unwrap();
    let (_tmp, dir) = setup();
    let target = dir.join(file);
    let original = std::fs::read(&target).ok();
    runner()
        .run(&inputs(seed), |bytes| {
            std::fs::write(&target, &bytes).unwrap();
            let result = check(&dir, &target);
            match &original {
                Some(o) => std::fs::write(&target, o).unwrap(),
                None => {
                    let _ = std::fs::remove_file(&target);
                }
            }
            result
        })
        .unwrap();
}

fn load_engagement(dir: &Path, target: &Path) -> Result<(), TestCaseError> {
    if let Err(e) = Engagement::load(dir, sample_catalog()) {
        located(&e, &target.file_name().unwrap().to_string_lossy())?;
    }
    Ok(())
}

#[test]
fn fuzz_engagement_toml() {
    fuzz_file(
        "samples/acme/engagement.toml",
        sample,
        "engagement.toml",
        load_engagement,
    );
}

#[test]
fn fuzz_response_file() {
    fuzz_file(
        "samples/acme/responses/01-cto.toml",
        sample,
        "responses/01-cto.toml",
        load_engagement,
    );
}

#[test]
fn fuzz_evidence_scan_json() {
    fuzz_file(
        "samples/acme/evidence/scan.json",
        sample,
        "evidence/scan.json",
        |dir, target| {
            if let Err(e) = ScanReport::load_optional(dir) {
                located(&e, &target.file_name().unwrap().to_string_lossy())?;
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_questionnaire() {
    fuzz_file(
        "tests/fixtures/forms/questionnaires/forms-test.toml",
        || {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().to_path_buf();
            (tmp, dir)
        },
        "q.toml",
        |_, target| {
            if let Err(e) = sample_catalog().validate_files(&[target.to_path_buf()]) {
                located(&e, "q.toml")?;
            }
            Ok(())
        },
    );
}

/// The forms test engagement.
fn forms_engagement() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("globex");
    std::fs::create_dir_all(dir.join("responses")).unwrap();
    std::fs::copy(
        "tests/fixtures/forms/engagement/engagement.toml",
        dir.join("engagement.toml"),
    )
    .unwrap();
    (tmp, dir)
}

/// `form import --check` of one file: read and validated whole, nothing written.
fn prepare(dir: &Path, target: &Path, opts: &ImportOptions) -> Result<(), TestCaseError> {
    if let Err(e) = forms::prepare(dir, &[target.to_path_buf()], forms_catalog(), opts) {
        located(&e, &target.file_name().unwrap().to_string_lossy())?;
    }
    Ok(())
}

fn form_options() -> ImportOptions {
    ImportOptions {
        respondent: Some("Zoé".into()),
        role: Some("developer".into()),
        mapping: None,
        replace: false,
    }
}

/// A filled CSV form of the forms test questionnaire.
const FILLED_CSV: &str = "id,section,question,allowed,answer,note\nft.level,s,q,a,3 - Scalable,\"a note, with a comma\"\nft.choice,s,q,a,Every week,\nft.number,s,q,a,12.5,\nft.likert,s,q,a,Agree,\nft.yesno,s,q,a,?,\nft.text,s,q,a,\"free \"\"text\"\"\",\n";

/// A survey export of the forms test questionnaire.
const SURVEY_CSV: &str = "Timestamp;Role;ft.level;ft.likert;ft.yesno\n2026-10-20 09:12;Dev;2;Agree;yes\n2026-10-20 09:40;Ops;3;4;non\n2026-10-21 14:03;Dev;1;-;?\n";

/// The HTML form's download of the forms test questionnaire.
const DOWNLOAD: &str = "# forms-test 1.0.0 — platform-audit form\n[respondent]\nid = \"zoe\"\nname = \"Zoé\"\nrole = \"developer\"\nchannel = \"self\"\ndate = \"2026-11-24\"\n\n[answers]\n\"ft.level\" = { value = 2, note = \"deux\" }\n\"ft.likert\" = { dont_know = true }\n";

fn fuzz_text(seed: &str, file: &str, opts: fn() -> ImportOptions) {
    let (_tmp, dir) = forms_engagement();
    let target = dir.join(file);
    runner()
        .run(&inputs(seed.as_bytes().to_vec()), |bytes| {
            std::fs::write(&target, &bytes).unwrap();
            prepare(&dir, &target, &opts())
        })
        .unwrap();
}

#[test]
fn fuzz_filled_csv_form() {
    fuzz_text(FILLED_CSV, "form.csv", form_options);
}

#[test]
fn fuzz_survey_csv() {
    fuzz_text(SURVEY_CSV, "survey.csv", || ImportOptions {
        respondent: None,
        role: Some("developer".into()),
        mapping: None,
        replace: false,
    });
}

#[test]
fn fuzz_html_form_download() {
    fuzz_text(DOWNLOAD, "download.toml", || ImportOptions {
        respondent: None,
        role: None,
        mapping: None,
        replace: false,
    });
}

/// A cell of a generated workbook: where, and what.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(f64),
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        "[a-z0-9 .?-]{0,12}".prop_map(Cell::Text),
        prop_oneof![Just(2.5), Just(4.0), Just(1e308), Just(-1.0), any::<f64>()]
            .prop_map(Cell::Number),
    ]
}

/// The XML of a cell: an inline string or a number, at a cell reference.
fn cell_xml(row: u32, col: u16, cell: &Cell) -> String {
    let mut letters = Vec::new();
    let mut c = u32::from(col);
    loop {
        letters.insert(0, b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    let at = format!("{}{}", String::from_utf8(letters).unwrap(), row + 1);
    match cell {
        Cell::Text(t) => format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{t}</t></is></c>"),
        Cell::Number(n) => format!("<c r=\"{at}\"><v>{n}</v></c>"),
    }
}

/// A workbook as a spreadsheet program writes one (stored, not compressed, so that thousands
/// are built quickly): the forms test header, a few answers near it, and cells anywhere on the
/// sheet up to XFD1048576; its sheet XML sometimes damaged.
fn workbook() -> impl Strategy<Value = Vec<u8>> {
    const IDS: [&str; 6] = [
        "ft.level",
        "ft.choice",
        "ft.number",
        "ft.likert",
        "ft.yesno",
        "ft.text",
    ];
    let answer = prop_oneof![
        prop_oneof![
            Just("3"),
            Just("2 - Opérationnel"),
            Just("?"),
            Just("-"),
            Just("Agree"),
            Just("oui"),
            Just("2.5")
        ]
        .prop_map(|t| Cell::Text(t.to_string())),
        cell(),
    ];
    let rows = proptest::collection::vec((0..IDS.len(), answer), 0..8);
    let far = (0u32..1_048_576, 0u16..16_384, cell());
    let near = (1u32..20, 0u16..7, cell());
    (
        rows,
        proptest::collection::vec(near, 0..3),
        proptest::collection::vec(far, 0..2),
        proptest::collection::vec(mutation(), 0..2),
    )
        .prop_map(|(rows, near, far, damage)| {
            use std::io::Write;
            let header = ["id", "section", "question", "allowed", "answer", "note"];
            let mut cells: Vec<(u32, u16, Cell)> = header
                .iter()
                .enumerate()
                .map(|(col, h)| (0, col as u16, Cell::Text(h.to_string())))
                .chain(rows.into_iter().enumerate().flat_map(|(i, (q, a))| {
                    let row = i as u32 + 1;
                    [(row, 0, Cell::Text(IDS[q].to_string())), (row, 4, a)]
                }))
                .chain(near)
                .chain(far)
                .collect();
            cells.sort_by_key(|(r, c, _)| (*r, *c));
            cells.dedup_by_key(|(r, c, _)| (*r, *c));
            let mut sheet = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            let mut row = None;
            for (r, c, cell) in &cells {
                if row != Some(*r) {
                    if row.is_some() {
                        sheet.push_str("</row>");
                    }
                    sheet.push_str(&format!("<row r=\"{}\">", r + 1));
                    row = Some(*r);
                }
                sheet.push_str(&cell_xml(*r, *c, cell));
            }
            sheet.push_str("</row></sheetData></worksheet>");
            let sheet = apply(sheet.as_bytes(), &damage);
            let parts: [(&str, &[u8]); 5] = [
                ("[Content_Types].xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"),
                ("_rels/.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
                ("xl/workbook.xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
                ("xl/_rels/workbook.xml.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
                ("xl/worksheets/sheet1.xml", &sheet),
            ];
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for (name, bytes) in parts {
                zip.start_file(name, stored).unwrap();
                zip.write_all(bytes).unwrap();
            }
            zip.finish().unwrap().into_inner()
        })
}

#[test]
fn fuzz_xlsx_workbook() {
    let (_tmp, dir) = forms_engagement();
    let target = dir.join("form.xlsx");
    let mut runner = runner();
    let opts = form_options();
    runner
        .run(&workbook(), |bytes| {
            std::fs::write(&target, &bytes).unwrap();
            prepare(&dir, &target, &opts)
        })
        .unwrap();
}

#[test]
fn fuzz_interview_input() {
    let (_tmp, dir) = forms_engagement();
    let seed = b"3\n! a note\n2\n<\n>\n12,5\n?\n-\nq\n".to_vec();
    runner()
        .run(&inputs(seed), |bytes| {
            let _ = std::fs::remove_file(dir.join("responses/zoe.toml"));
            let opts = InterviewOptions {
                questionnaire: "forms-test".into(),
                respondent: "Zoé".into(),
                role: "developer".into(),
                lang: None,
                consultant: None,
                date: Some("2026-11-24".into()),
                batch: true,
                width: None,
            };
            let mut input: &[u8] = &bytes;
            let mut out = Vec::new();
            if let Err(e) = interview::run(&dir, forms_catalog(), &opts, &mut input, &mut out) {
                located(&e, "<stdin>")?;
            }
            Ok(())
        })
        .unwrap();
}
