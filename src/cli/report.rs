use anyhow::Result;
use platform_audit::engagement::{Engagement, REPORTS_DIR};
use platform_audit::evidence::ScanReport;
use platform_audit::questionnaire::Catalog;
use platform_audit::report::{self, Attribution, Format, Options, Profile, Templates};
use platform_audit::scoring::{self, DataSources, ScoringData};
use platform_audit::store;
use platform_audit::Lang;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The engagement folder.
    pub dir: PathBuf,
    /// Formats to write, comma-separated: html, md, json.
    #[arg(short, long, default_value = "html,md,json", value_delimiter = ',')]
    pub format: Vec<String>,
    /// Output folder (default: DIR/reports/LANG, so each language has its own).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The report's profile: `board` (cover, one-page summary, grid, four charts, initiatives,
    /// short methodology) or `full` (every finding and answer).
    #[arg(long, default_value = "full", value_parser = ["board", "full"])]
    pub profile: String,
    /// The sections to show, by id, comma-separated (default: the profile's): cover, summary,
    /// grid, charts, findings, antipatterns, initiatives, recommendations, respondents,
    /// answers, methodology.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub sections: Option<Vec<String>>,
    /// How respondents are named in the appendix: names, roles or none (default: roles for
    /// the board profile, names for full). Survey respondents are never named.
    #[arg(long, value_parser = ["names", "roles", "none"])]
    pub attribution: Option<String>,
    /// Report language (default: the engagement's).
    #[arg(short, long, value_parser = super::parse_lang())]
    pub lang: Option<Lang>,
    /// A folder of templates (*.tera) replacing the embedded ones of the same name, and/or a
    /// labels.toml adding to or overriding the embedded labels.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// A folder whose scoring.toml, dora.toml, dora-benchmarks.toml, topology.toml,
    /// antipatterns.toml, initiatives.toml, assets.toml and/or value.toml replace the embedded
    /// ones (a practice's own thresholds, bands, benchmarks, quadrants, strategies, rules,
    /// initiatives, capability areas and value assumptions).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

pub fn run(args: Args, catalog: &Catalog) -> Result<()> {
    for path in write(&args, catalog)? {
        outln!("{}", path.display());
    }
    Ok(())
}

/// Scores the engagement and writes the requested formats; returns the files written.
pub fn write(args: &Args, catalog: &Catalog) -> Result<Vec<PathBuf>> {
    let formats = args
        .format
        .iter()
        .map(|f| Format::parse(f.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    let profile = Profile::parse(&args.profile)?;
    let attribution = args
        .attribution
        .as_deref()
        .map(Attribution::parse)
        .transpose()?;
    let options = Options::new(profile, args.sections.as_deref(), attribution)?;
    let Scored {
        engagement,
        scan,
        assessment,
        ..
    } = scored(&args.dir, args.data.as_deref(), catalog)?;
    let templates = Templates::load(args.templates.as_deref())?;
    let lang = args.lang.unwrap_or(engagement.meta.language);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.dir.join(REPORTS_DIR).join(lang.code()));
    // Everything is rendered before anything is written, so a failure leaves no partial set.
    let outputs = report::render(
        &assessment,
        catalog,
        scan.as_ref(),
        &templates,
        lang,
        &formats,
        &options,
    )?;
    write_set(&out, outputs)
}

/// An engagement scored with its scan and the data files (embedded, or `--data`'s): what
/// `report` and `tvp` start from.
pub struct Scored {
    pub engagement: Engagement,
    /// Read once: it feeds both the scoring (evidence) and the report (coverage tables).
    pub scan: Option<ScanReport>,
    pub data: ScoringData,
    pub assessment: scoring::Assessment,
}

pub fn scored(dir: &Path, data: Option<&Path>, catalog: &Catalog) -> Result<Scored> {
    let engagement = Engagement::load(dir, catalog)?;
    let scan = ScanReport::load_optional(dir)?;
    let data = ScoringData::load(&DataSources::with_overrides(data)?, catalog)?;
    let assessment = scoring::assess_with(&engagement, catalog, &data, scan.as_ref())?;
    Ok(Scored {
        engagement,
        scan,
        data,
        assessment,
    })
}

/// Writes a set of outputs into `out` as one set: never half old and half new, never mixed with
/// a concurrent run's, and without the files an earlier set held and this one does not. Returns
/// the paths written.
pub fn write_set(out: &Path, outputs: Vec<report::Output>) -> Result<Vec<PathBuf>> {
    let written = outputs.iter().map(|o| out.join(&o.file)).collect();
    store::write_outputs(
        out,
        outputs
            .into_iter()
            .map(|o| store::Entry {
                name: o.file,
                content: o.content.into_bytes(),
            })
            .collect(),
    )?;
    Ok(written)
}
