//! Benchmark: `form import` of a wide survey export of 5,000 respondents × 40 columns (5 metadata
//! columns a survey tool adds, a role column, 34 Likert questions), into an empty engagement:
//! read, checked and written as one survey file. Run with `cargo bench --bench form_import`;
//! prints the best and median of 5 runs. Target: under 100 ms in release mode. Then a later
//! download of the same survey (the 5,000 rows and 500 new ones) into the filled engagement: the
//! survey file is read back, the export's rows matched with its 5,000 rows, and the 500 new ones
//! added.

use platform_audit::forms::{prepare, ImportOptions};
use platform_audit::questionnaire::Catalog;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

const RESPONDENTS: usize = 5_000;
const QUESTIONS: usize = 34;
const RUNS: usize = 5;
const LATER: usize = 500;

fn questionnaire() -> String {
    let mut q = String::from(
        "id = \"bench-survey\"\nversion = \"1.0.0\"\naudience = [\"survey\"]\nduration_minutes = 10\n\
         title = { fr = \"Sondage d'essai\", en = \"Benchmark survey\" }\n\
         description = { fr = \"Pour mesurer l'import.\", en = \"To measure the import.\" }\n\n\
         [[sections]]\nid = \"dx\"\ntitle = { fr = \"Expérience\", en = \"Experience\" }\n",
    );
    for i in 0..QUESTIONS {
        let _ = write!(
            q,
            "\n[[sections.questions]]\nid = \"bench.q{i:02}\"\nkind = \"likert\"\n\
             text = {{ fr = \"Affirmation numéro {i}.\", en = \"Statement number {i}.\" }}\n\
             axes = {{ \"space.satisfaction\" = 1.0 }}\n"
        );
    }
    q
}

fn export(respondents: usize) -> String {
    let labels = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ];
    let roles = ["Developers", "Platform team", "Operations"];
    let mut s = String::from("\u{feff}ID,Start time,Completion time,Email,Name,Your role");
    for i in 0..QUESTIONS {
        let _ = write!(s, ",Statement number {i}.");
    }
    s.push_str("\r\n");
    for r in 0..respondents {
        let _ = write!(
            s,
            "{},2026-11-02 09:{:02},2026-11-02 09:{:02},p{r}@example.org,Person {r},{}",
            r + 1,
            r % 60,
            (r + 7) % 60,
            roles[r % roles.len()]
        );
        for i in 0..QUESTIONS {
            // Mix labels and numbers, as survey tools do.
            let v = (r * 7 + i * 3) % 5;
            if (r + i) % 2 == 0 {
                let _ = write!(s, ",{}", labels[v]);
            } else {
                let _ = write!(s, ",{}", v + 1);
            }
        }
        s.push_str("\r\n");
    }
    s
}

fn engagement(root: &Path) -> std::path::PathBuf {
    let dir = root.join("engagement");
    std::fs::create_dir_all(dir.join("responses")).unwrap();
    std::fs::write(
        dir.join("engagement.toml"),
        "client = \"Bench\"\ndate = \"2026-11-24\"\nlanguage = \"en\"\nquestionnaires = [\"bench-survey\"]\n",
    )
    .unwrap();
    dir
}

fn main() {
    let root = tempfile::tempdir().unwrap();
    let qdir = root.path().join("questionnaires");
    std::fs::create_dir_all(&qdir).unwrap();
    std::fs::write(qdir.join("bench-survey.toml"), questionnaire()).unwrap();
    let catalog = Catalog::load(&[qdir]).unwrap();
    let csv = root.path().join("survey.csv");
    std::fs::write(&csv, export(RESPONDENTS)).unwrap();
    let mapping = root.path().join("mapping.toml");
    std::fs::write(&mapping, "[columns]\n\"Your role\" = \"@role\"\n").unwrap();
    let size = std::fs::metadata(&csv).unwrap().len();
    println!(
        "form import: {RESPONDENTS} respondents × {} columns ({:.1} MB CSV)",
        6 + QUESTIONS,
        size as f64 / 1e6
    );
    let opts = ImportOptions {
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    // (read + validate + plan, write, total) per run.
    let mut runs: Vec<(Duration, Duration, Duration)> = Vec::new();
    for run in 0..RUNS {
        let dir = engagement(&root.path().join(format!("run{run}")));
        let start = Instant::now();
        let prepared = prepare(&dir, std::slice::from_ref(&csv), &catalog, &opts).unwrap();
        let checked = start.elapsed();
        let report = prepared.commit().unwrap();
        let total = start.elapsed();
        runs.push((checked, total - checked, total));
        assert_eq!(report.written.len(), 1);
    }
    runs.sort_by_key(|r| r.2);
    for (name, pick) in [("best", 0), ("median", RUNS / 2)] {
        let (checked, written, total) = runs[pick];
        println!(
            "{name:<6} total {:.3} s = read + validate {:.3} s + write the survey file {:.3} s",
            total.as_secs_f64(),
            checked.as_secs_f64(),
            written.as_secs_f64()
        );
    }
    let later = root.path().join("later.csv");
    std::fs::write(&later, export(RESPONDENTS + LATER)).unwrap();
    let mut times = Vec::new();
    for run in 0..RUNS {
        let dir = root.path().join(format!("run{run}")).join("engagement");
        let start = Instant::now();
        let report = prepare(&dir, std::slice::from_ref(&later), &catalog, &opts)
            .unwrap()
            .commit()
            .unwrap();
        times.push(start.elapsed());
        assert_eq!(report.replaced.len(), 1);
        assert!(report
            .notes
            .iter()
            .any(|n| n.contains("500 new rows written")));
    }
    times.sort();
    println!(
        "later download: {} rows, {RESPONDENTS} already imported, {LATER} added: best {:.3} s, median {:.3} s",
        RESPONDENTS + LATER,
        times[0].as_secs_f64(),
        times[RUNS / 2].as_secs_f64()
    );
}
