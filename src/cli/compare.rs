use anyhow::Result;
use platform_audit::compare::{self, render::Format};
use platform_audit::engagement::REPORTS_DIR;
use platform_audit::questionnaire::Catalog;
use platform_audit::Lang;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The assessments, oldest first: engagement folders or Assessment JSON files (from
    /// `score --json` or `report --format json`). The first is the baseline, the last the current
    /// one; those in between draw the trend.
    #[arg(required = true, num_args = 2.., value_name = "ASSESSMENT")]
    pub assessments: Vec<PathBuf>,
    /// Formats to write, comma-separated: html, md, json.
    #[arg(short, long, default_value = "html,md,json", value_delimiter = ',')]
    pub format: Vec<String>,
    /// Output folder (default: CURRENT/reports/progress for a folder, progress/ beside a JSON
    /// file).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Report language (default: the current engagement's).
    #[arg(short, long, value_parser = super::parse_lang())]
    pub lang: Option<Lang>,
    /// Compare assessments whose client names differ (a renamed client).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, dirs: &[PathBuf]) -> Result<()> {
    for path in write(&args, dirs)? {
        outln!("{}", path.display());
    }
    Ok(())
}

/// The default output folder: beside the current assessment.
fn default_out(current: &Path) -> PathBuf {
    if current.is_dir() {
        current.join(REPORTS_DIR).join("progress")
    } else {
        current
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join("progress")
    }
}

/// Loads and compares the assessments and writes the requested formats; returns the files
/// written.
pub fn write(args: &Args, dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let formats = args
        .format
        .iter()
        .map(|f| Format::parse(f.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    let catalog = Catalog::load(dirs)?;
    let snapshots = args
        .assessments
        .iter()
        .map(|p| compare::input::load(p, dirs, &catalog))
        .collect::<Result<Vec<_>, _>>()?;
    let comparison = compare::compare(&snapshots, args.force)?;
    let lang = args.lang.unwrap_or(comparison.language);
    let outputs = compare::render::render(&comparison, &catalog, lang, &formats)?;
    let out = match &args.out {
        Some(out) => out.clone(),
        None => default_out(&args.assessments[args.assessments.len() - 1]),
    };
    super::report::write_set(&out, outputs)
}
