//! An engagement folder: `engagement.toml` (client, date, language, questionnaires, targets),
//! `responses/` (one file per respondent session, one CSV file per imported survey), `evidence/`
//! (scan results), `reports/`.

mod identity;
pub mod profile;
mod response;
pub mod survey;

pub use identity::{fingerprint, respondent_id, slug, MAX_ID_LEN};

pub use response::{check_unique_respondents, Answer, AnswerState, Channel, Respondent, Response};

use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::Lang;
use crate::questionnaire::Catalog;
use crate::source::{write_atomic, Source};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const ENGAGEMENT_FILE: &str = "engagement.toml";
pub const RESPONSES_DIR: &str = "responses";
pub const EVIDENCE_DIR: &str = "evidence";
pub const REPORTS_DIR: &str = "reports";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EngagementFile {
    client: String,
    date: Spanned<String>,
    language: Spanned<String>,
    #[serde(default)]
    consultants: Vec<String>,
    #[serde(default)]
    scope: Option<String>,
    /// One of `profile::INDUSTRIES`: which DORA benchmark the delivery keys are read against.
    #[serde(default)]
    industry: Option<Spanned<String>>,
    /// One of `profile::SIZES` (employees).
    #[serde(default)]
    size: Option<Spanned<String>>,
    questionnaires: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    targets: BTreeMap<Spanned<String>, Spanned<u8>>,
    #[serde(default)]
    survey: Option<SurveyFile>,
    /// The client's own numbers for the value case (see `docs/value.md`).
    #[serde(default)]
    economics: Option<crate::value::EconomicsFile>,
    /// The client's business goals, each with the axes and questions it rests on.
    #[serde(default)]
    goals: Vec<GoalFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalFile {
    text: Spanned<String>,
    /// Framework axis ids (`dora.lead_time`, `cncf.interfaces`) the goal depends on.
    #[serde(default)]
    axes: Vec<Spanned<String>>,
    /// Question ids whose answers tell what blocks the goal.
    #[serde(default)]
    questions: Vec<Spanned<String>>,
}

/// A business goal of the client, linked by the consultant to the axes and questions it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    pub text: String,
    pub axes: Vec<String>,
    pub questions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SurveyFile {
    min_group_size: Spanned<i64>,
}

/// The smallest group whose survey answers a report may show, unless engagement.toml says otherwise.
pub const DEFAULT_MIN_GROUP_SIZE: usize = 5;

/// The engagement's own settings, checked.
#[derive(Debug, Clone, Serialize)]
pub struct EngagementMeta {
    pub client: String,
    /// Written `YYYY-MM-DD`.
    pub date: Date,
    pub language: Lang,
    pub consultants: Vec<String>,
    pub scope: Option<String>,
    /// The client's industry (an id of `profile::INDUSTRIES`), for the DORA benchmarks.
    pub industry: Option<String>,
    /// The client's size (an id of `profile::SIZES`), for the DORA benchmarks.
    pub size: Option<String>,
    pub questionnaires: Vec<String>,
    /// Target level (1–4) per CNCF aspect axis id (`cncf.investment`).
    pub targets: BTreeMap<String, u8>,
    /// Survey answers are shown only as aggregates of at least this many respondents, so that no
    /// individual can be singled out (`[survey] min_group_size`, default 5).
    pub min_group_size: usize,
    /// The client's own numbers for the value case (`[economics]`), each with its source.
    pub economics: Option<crate::value::Economics>,
    /// The client's business goals (`[[goals]]`), in file order.
    pub goals: Vec<Goal>,
}

/// A loaded engagement: its settings and its checked responses (sorted by file name).
#[derive(Debug, Clone)]
pub struct Engagement {
    pub dir: PathBuf,
    pub meta: EngagementMeta,
    pub responses: Vec<Response>,
}

/// The `engagement.toml` of a folder, read; a folder without one is a usage error that says how
/// to create it.
pub fn manifest(dir: &Path) -> Result<Source> {
    let hint = format!(
        "not an engagement folder (expected a folder with {ENGAGEMENT_FILE}; create one with `platform-audit init`)"
    );
    let path = dir.join(ENGAGEMENT_FILE);
    // Anything but a regular file there is refused by `Source::read`, which says what it is.
    if !dir.is_dir() || !path.exists() {
        return Err(Error::NotEngagement(format!("{}: {hint}", dir.display())));
    }
    Source::read(&path)
}

impl Engagement {
    /// A questionnaire this engagement uses (engagement.toml lists it, and loading checked that
    /// the catalogue has it).
    pub fn questionnaire<'c>(
        &self,
        catalog: &'c Catalog,
        id: &str,
    ) -> Result<&'c crate::questionnaire::Questionnaire> {
        self.meta
            .questionnaires
            .iter()
            .any(|q| q == id)
            .then(|| catalog.questionnaire(id))
            .flatten()
            .ok_or_else(|| {
                // `--questionnaire my-folder/` (an id flag given a folder) is an easy slip.
                let slip = if Path::new(id).is_dir() {
                    format!(" (`{id}` is a folder: did you mean --questionnaires {id}, which adds a folder of questionnaire files?)")
                } else {
                    String::new()
                };
                Error::Usage(format!(
                    "questionnaire `{id}` is not in use by this engagement: expected one of {}{slip}",
                    self.meta.questionnaires.join(", ")
                ))
            })
    }

    pub fn load(dir: &Path, catalog: &Catalog) -> Result<Engagement> {
        let meta = load_meta(&manifest(dir)?, catalog)?;
        let responses_dir = dir.join(RESPONSES_DIR);
        // An import that a crash interrupted is completed before anything is read.
        crate::store::recover(&responses_dir)?;
        let mut responses = Vec::new();
        let mut diags = Vec::new();
        if responses_dir.exists() && !responses_dir.is_dir() {
            // A file where the responses folder belongs is a mistake, not "no responses yet".
            return Err(Error::one(Diagnostic::new(
                responses_dir.display().to_string(),
                "not a folder: expected the folder of response files (*.toml), or nothing",
            )));
        }
        if responses_dir.is_dir() {
            let mut files = Vec::new();
            for entry in
                std::fs::read_dir(&responses_dir).map_err(|e| Error::io(&responses_dir, e))?
            {
                let path = entry.map_err(|e| Error::io(&responses_dir, e))?.path();
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                if path.extension().is_some_and(|e| e == "toml") || survey::is_survey_file(&name) {
                    files.push(path);
                }
            }
            files.sort();
            for path in files {
                let loaded = if path.extension().is_some_and(|e| e == "csv") {
                    load_survey(&path, &meta, catalog)
                } else {
                    Source::read(&path).and_then(|src| {
                        let r = Response::load(&src, catalog)?;
                        check_in_scope(&src, &r, &meta, catalog)?;
                        Ok(vec![r])
                    })
                };
                match loaded {
                    Ok(r) => responses.extend(r),
                    Err(Error::Input(d)) => diags.extend(d),
                    Err(e) => return Err(e),
                }
            }
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        check_unique_respondents(&responses)?;
        Ok(Engagement {
            dir: dir.to_path_buf(),
            meta,
            responses,
        })
    }
}

/// The rows of a survey file ([`survey`]), each answering only questionnaires in use.
fn load_survey(path: &Path, meta: &EngagementMeta, catalog: &Catalog) -> Result<Vec<Response>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let file = path.display().to_string();
    let rows = survey::load(&file, &bytes, catalog)?;
    // Columns are shared by all rows: a question out of scope is named once, not once per row.
    let outside: BTreeMap<&str, &str> = rows
        .iter()
        .flat_map(|r| r.answers.keys())
        .filter_map(|id| catalog.question(id))
        .filter(|q| !meta.questionnaires.contains(&q.questionnaire))
        .map(|q| (q.id.as_str(), q.questionnaire.as_str()))
        .collect();
    if outside.is_empty() {
        return Ok(rows);
    }
    Err(Error::Input(
        outside
            .into_iter()
            .map(|(id, questionnaire)| {
                Diagnostic::new(
                    &file,
                    format!(
                        "column of questionnaire `{questionnaire}`, which engagement.toml does not list: expected one of {}",
                        meta.questionnaires.join(", ")
                    ),
                )
                .with_id(id)
            })
            .collect(),
    ))
}

/// Answers must belong to the questionnaires the engagement uses.
fn check_in_scope(
    src: &Source,
    r: &Response,
    meta: &EngagementMeta,
    catalog: &Catalog,
) -> Result<()> {
    let diags: Vec<Diagnostic> = r
        .answers
        .keys()
        .filter_map(|id| catalog.question(id))
        .filter(|q| !meta.questionnaires.contains(&q.questionnaire))
        .map(|q| {
            src.diag(format!(
                "question of questionnaire `{}`, which engagement.toml does not list: expected one of {}",
                q.questionnaire,
                meta.questionnaires.join(", ")
            ))
            .with_id(&q.id)
        })
        .collect();
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(diags))
    }
}

fn load_meta(src: &Source, catalog: &Catalog) -> Result<EngagementMeta> {
    let file: EngagementFile = src.parse()?;
    let mut diags = Vec::new();
    let date = match Date::parse(file.date.get_ref()) {
        Ok(d) => Some(d),
        Err(msg) => {
            diags.push(src.diag_at(file.date.span().start, msg));
            None
        }
    };
    let language = match file.language.get_ref().parse::<Lang>() {
        Ok(l) => l,
        Err(msg) => {
            diags.push(src.diag_at(file.language.span().start, msg));
            Lang::En
        }
    };
    if file.client.trim().is_empty() {
        diags.push(src.diag("client is empty: expected the client's name"));
    }
    let qat = file.questionnaires.span().start;
    if file.questionnaires.get_ref().is_empty() {
        diags.push(src.diag_at(
            qat,
            "questionnaires is empty: expected the ids of the questionnaires in use",
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for id in file.questionnaires.get_ref() {
        let at = id.span().start;
        if !seen.insert(id.get_ref()) {
            diags.push(
                src.diag_at(at, "listed twice: expected each questionnaire once")
                    .with_id(id.get_ref()),
            );
        }
        if catalog.questionnaire(id.get_ref()).is_none() {
            let known: Vec<_> = catalog
                .questionnaires
                .iter()
                .map(|q| q.id.as_str())
                .collect();
            diags.push(
                src.diag_at(
                    at,
                    format!(
                        "unknown questionnaire: expected one of {}",
                        known.join(", ")
                    ),
                )
                .with_id(id.get_ref()),
            );
        }
    }
    let mut targets = BTreeMap::new();
    for (aspect, level) in &file.targets {
        let axis = format!("cncf.{}", aspect.get_ref());
        if catalog.framework.axis(&axis).is_none() {
            let known: Vec<_> = catalog
                .framework
                .axes_of(crate::framework::Family::Cncf)
                .map(|a| a.id.trim_start_matches("cncf."))
                .collect();
            diags.push(src.diag_at(
                aspect.span().start,
                format!(
                    "unknown aspect `{}` in targets: expected one of {}",
                    aspect.get_ref(),
                    known.join(", ")
                ),
            ));
        }
        if !(1..=4).contains(level.get_ref()) {
            diags.push(src.diag_at(
                level.span().start,
                format!(
                    "target {} for `{}`: expected a level from 1 to 4",
                    level.get_ref(),
                    aspect.get_ref()
                ),
            ));
        }
        targets.insert(axis, *level.get_ref());
    }
    let min_group_size = match &file.survey {
        None => DEFAULT_MIN_GROUP_SIZE,
        Some(s) => {
            let n = *s.min_group_size.get_ref();
            if !(1..=1000).contains(&n) {
                diags.push(src.diag_at(
                    s.min_group_size.span().start,
                    format!("min_group_size {n}: expected a whole number from 1 to 1000"),
                ));
            }
            n.clamp(1, 1000) as usize
        }
    };
    for (what, value, list) in [
        ("industry", &file.industry, &profile::INDUSTRIES[..]),
        ("size", &file.size, &profile::SIZES[..]),
    ] {
        if let Some(v) = value {
            if !list.iter().any(|(id, _, _)| id == v.get_ref()) {
                diags.push(
                    src.diag_at(
                        v.span().start,
                        format!("unknown {what}: expected one of {}", profile::ids(list)),
                    )
                    .with_id(v.get_ref()),
                );
            }
        }
    }
    let economics = file.economics.map(|e| e.check(src, &mut diags));
    let mut goals = Vec::new();
    for g in file.goals {
        if g.text.get_ref().trim().is_empty() {
            diags.push(src.diag_at(
                g.text.span().start,
                "goal text is empty: expected the business goal in the client's words",
            ));
        }
        if g.axes.is_empty() && g.questions.is_empty() {
            diags.push(src.diag_at(
                g.text.span().start,
                "goal with no `axes` nor `questions`: expected the axes (e.g. `dora.lead_time`) or questions it rests on",
            ));
        }
        for a in &g.axes {
            if catalog.framework.axis(a.get_ref()).is_none() {
                diags.push(
                    src.diag_at(a.span().start, format!("unknown axis `{}` in a goal: expected a framework axis id such as `dora.lead_time` or `cncf.interfaces`", a.get_ref()))
                        .with_id(a.get_ref()),
                );
            }
        }
        for q in &g.questions {
            if catalog.question(q.get_ref()).is_none() {
                diags.push(
                    src.diag_at(q.span().start, format!("unknown question `{}` in a goal: expected a question id of the questionnaires", q.get_ref()))
                        .with_id(q.get_ref()),
                );
            }
        }
        goals.push(Goal {
            text: g.text.into_inner(),
            axes: g.axes.into_iter().map(Spanned::into_inner).collect(),
            questions: g.questions.into_iter().map(Spanned::into_inner).collect(),
        });
    }
    let (Some(date), true) = (date, diags.is_empty()) else {
        return Err(Error::Input(diags));
    };
    Ok(EngagementMeta {
        client: file.client,
        date,
        language,
        consultants: file.consultants,
        scope: file.scope,
        industry: file.industry.map(Spanned::into_inner),
        size: file.size.map(Spanned::into_inner),
        questionnaires: file
            .questionnaires
            .into_inner()
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        targets,
        min_group_size,
        economics,
        goals,
    })
}

/// The `[economics]` table `init` writes, commented: the value case's inputs, each with its
/// source (see `docs/value.md`).
pub const ECONOMICS_TEMPLATE: &str = "\
# The client's own numbers for the value case (docs/value.md). Uncomment and fill in what the
# client provides, with where each figure comes from; what is missing is named in the report,
# never guessed.
# [economics]
# currency = \"EUR\"
# engineers = { value = 120, source = \"HR headcount of the teams in scope\" }
# loaded_cost_per_year = { value = 85000, source = \"Finance: salary, taxes and overheads\" }
# working_weeks_per_year = { value = 45, source = \"HR\" }
# working_hours_per_week = { value = 38, source = \"HR\" }
# lost_hours_per_week = { low = 3, expected = 5, high = 8, source = \"Interviews with team leads\" }
# platform_team_size = { value = 5, source = \"Planned\" }
# platform_team_cost_per_year = { value = 600000, source = \"2027 budget proposal\" }
# downtime_cost_per_hour = { value = 20000, source = \"Business continuity plan\" }
# incidents_per_month = { value = 3, source = \"Incident tracker, last 6 months\" }
# recoverable_share = { low = 0.2, expected = 0.35, high = 0.5, source = \"…\" }
";

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
pub fn today() -> String {
    Date::today().to_string()
}

/// Options for a new engagement folder.
pub struct InitOptions<'a> {
    pub client: &'a str,
    pub language: Lang,
    pub date: String,
    pub questionnaires: Vec<String>,
    pub target: u8,
    pub consultants: Vec<String>,
    pub scope: Option<String>,
}

/// Creates an engagement folder: `engagement.toml` and an empty `responses/`. Refuses to
/// overwrite an existing `engagement.toml`.
pub fn init(dir: &Path, opts: &InitOptions, catalog: &Catalog) -> Result<PathBuf> {
    let file = dir.join(ENGAGEMENT_FILE);
    if file.exists() {
        return Err(Error::Usage(format!(
            "{} already exists: refusing to overwrite an engagement",
            file.display()
        )));
    }
    for id in &opts.questionnaires {
        if catalog.questionnaire(id).is_none() {
            return Err(Error::Usage(format!("unknown questionnaire `{id}`")));
        }
    }
    let mut targets = toml::map::Map::new();
    for axis in catalog.framework.axes_of(crate::framework::Family::Cncf) {
        targets.insert(
            axis.id.trim_start_matches("cncf.").to_string(),
            toml::Value::Integer(i64::from(opts.target)),
        );
    }
    let mut doc = toml::map::Map::new();
    doc.insert(
        "client".into(),
        toml::Value::String(opts.client.to_string()),
    );
    doc.insert("date".into(), toml::Value::String(opts.date.clone()));
    doc.insert(
        "language".into(),
        toml::Value::String(opts.language.code().into()),
    );
    doc.insert(
        "consultants".into(),
        toml::Value::Array(
            opts.consultants
                .iter()
                .cloned()
                .map(toml::Value::String)
                .collect(),
        ),
    );
    if let Some(scope) = &opts.scope {
        doc.insert("scope".into(), toml::Value::String(scope.clone()));
    }
    doc.insert(
        "questionnaires".into(),
        toml::Value::Array(
            opts.questionnaires
                .iter()
                .cloned()
                .map(toml::Value::String)
                .collect(),
        ),
    );
    doc.insert("targets".into(), toml::Value::Table(targets));
    let body =
        toml::to_string(&toml::Value::Table(doc)).map_err(|e| Error::Usage(e.to_string()))?;
    // The benchmark profile is left commented: the consultant picks it with the client.
    let profile = format!(
        "# The client's industry and size place its DORA keys against DORA's benchmarks.\n\
         # industry: one of {}\n# industry = \"other\"\n\
         # size (employees): one of {}\n# size = \"100-499\"\n",
        profile::ids(&profile::INDUSTRIES),
        profile::ids(&profile::SIZES)
    );
    // Top-level keys must come before the [targets] table.
    let (head, tables) = body.split_at(body.find("\n[").map_or(body.len(), |i| i + 1));
    let text = format!(
        "# platform-audit engagement. Targets are the CNCF level (1-4) the client aims for per aspect.\n{head}{profile}{tables}\n{ECONOMICS_TEMPLATE}"
    );
    let meta_check = Source {
        name: file.display().to_string(),
        text: text.clone(),
    };
    load_meta(&meta_check, catalog)?;
    write_atomic(&file, text.as_bytes())?;
    let responses = dir.join(RESPONSES_DIR);
    std::fs::create_dir_all(&responses).map_err(|e| Error::io(&responses, e))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> Result<EngagementMeta> {
        let catalog = Catalog::load(&[]).unwrap();
        load_meta(
            &Source {
                name: "engagement.toml".into(),
                text: text.into(),
            },
            &catalog,
        )
    }

    const GOOD: &str = "client = \"Globex\"\ndate = \"2026-11-24\"\nlanguage = \"fr\"\nquestionnaires = [\"cncf-maturity\"]\n[targets]\nadoption = 3\n";

    #[test]
    fn a_good_engagement_loads_with_default_group_size() {
        let m = meta(GOOD).unwrap();
        assert_eq!(m.language, Lang::Fr);
        assert_eq!(m.targets.get("cncf.adoption"), Some(&3));
        assert_eq!(m.min_group_size, DEFAULT_MIN_GROUP_SIZE);
    }

    #[test]
    fn industry_and_size_are_checked_at_their_position() {
        let m = meta(&GOOD.replace(
            "questionnaires",
            "industry = \"insurance\"\nsize = \"10000+\"\nquestionnaires",
        ))
        .unwrap();
        assert_eq!(m.industry.as_deref(), Some("insurance"));
        assert_eq!(m.size.as_deref(), Some("10000+"));
        let err = meta(&GOOD.replace(
            "questionnaires",
            "industry = \"logistics\"\nsize = \"huge\"\nquestionnaires",
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(
                "engagement.toml:4:12: [logistics] unknown industry: expected one of education,"
            ),
            "{err}"
        );
        assert!(
            err.contains("engagement.toml:5:8: [huge] unknown size: expected one of 1, 2-9,"),
            "{err}"
        );
    }

    #[test]
    fn init_writes_industry_and_size_commented_out() {
        let dir = tempfile::tempdir().unwrap();
        let catalog = Catalog::load(&[]).unwrap();
        let opts = InitOptions {
            client: "Globex",
            language: Lang::En,
            date: "2026-11-24".into(),
            questionnaires: vec!["dora".into()],
            target: 3,
            consultants: Vec::new(),
            scope: None,
        };
        let file = init(dir.path(), &opts, &catalog).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("\n# industry = \"other\"\n"), "{text}");
        assert!(text.contains("\n# size = \"100-499\"\n"), "{text}");
        assert!(text.contains("technology"), "{text}");
        // Uncommented, the lines load.
        let on = text
            .replace("# industry = ", "industry = ")
            .replace("# size = ", "size = ");
        let m = load_meta(
            &Source {
                name: "engagement.toml".into(),
                text: on,
            },
            &catalog,
        )
        .unwrap();
        assert_eq!(m.industry.as_deref(), Some("other"));
        assert_eq!(m.size.as_deref(), Some("100-499"));
    }

    #[test]
    fn bad_engagement_settings_are_all_reported() {
        let text = GOOD
            .replace("2026-11-24", "24/11/2026")
            .replace("\"fr\"", "\"de\"")
            .replace("cncf-maturity", "nope")
            .replace("adoption = 3", "adoption = 5\nvelocity = 2");
        let err = meta(&text).unwrap_err().to_string();
        for expected in [
            "engagement.toml:2:8: date \"24/11/2026\": expected an ISO date YYYY-MM-DD",
            "unknown language `de`",
            "engagement.toml:4:19: [nope] unknown questionnaire",
            "engagement.toml:6:12: target 5 for `adoption`: expected a level from 1 to 4",
            "engagement.toml:7:1: unknown aspect `velocity`",
        ] {
            assert!(err.contains(expected), "missing {expected:?} in {err}");
        }
    }

    #[test]
    fn a_questionnaire_listed_twice_is_named_where_it_repeats() {
        let text = GOOD.replace(
            "[\"cncf-maturity\"]",
            "[\"cncf-maturity\", \"cncf-maturity\"]",
        );
        let err = meta(&text).unwrap_err().to_string();
        assert!(
            err.contains("engagement.toml:4:36: [cncf-maturity] listed twice"),
            "{err}"
        );
    }

    #[test]
    fn init_writes_an_engagement_that_loads() {
        let catalog = Catalog::load(&[]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let opts = InitOptions {
            client: "Acme \"Québec\"",
            language: Lang::En,
            date: "2026-11-24".into(),
            questionnaires: vec!["cncf-maturity".into()],
            target: 2,
            consultants: vec!["Camille Roy".into()],
            scope: Some("Paiements".into()),
        };
        init(dir.path(), &opts, &catalog).unwrap();
        let e = Engagement::load(dir.path(), &catalog).unwrap();
        assert_eq!(e.meta.client, "Acme \"Québec\"");
        assert_eq!(e.meta.consultants, ["Camille Roy"]);
        assert_eq!(e.meta.scope.as_deref(), Some("Paiements"));
        assert_eq!(e.meta.targets.len(), 5);
        assert!(init(dir.path(), &opts, &catalog).is_err());
    }

    #[test]
    fn d4_2_an_impossible_calendar_date_is_refused_at_its_position() {
        let err = meta(&GOOD.replace("2026-11-24", "2026-02-30"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("engagement.toml:2:8: date \"2026-02-30\": February 2026 has 28 days"),
            "{err}"
        );
        assert!(meta(&GOOD.replace("2026-11-24", "2028-02-29")).is_ok());
    }
}
