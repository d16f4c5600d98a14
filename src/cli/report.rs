use anyhow::Result;
use platform_audit::engagement::{Engagement, REPORTS_DIR};
use platform_audit::questionnaire::Catalog;
use platform_audit::report::{self, Format, Templates};
use platform_audit::source::write_atomic;
use platform_audit::{scoring, Lang};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The engagement folder.
    pub dir: PathBuf,
    /// Formats to write, comma-separated: md, json.
    #[arg(long, default_value = "md,json", value_delimiter = ',')]
    pub format: Vec<String>,
    /// Output folder (default: DIR/reports).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Report language (default: the engagement's).
    #[arg(long, value_parser = super::parse_lang)]
    pub lang: Option<Lang>,
    /// A folder of templates replacing the embedded ones of the same name.
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

pub fn run(args: Args, catalog: &Catalog) -> Result<()> {
    for path in write(&args, catalog)? {
        println!("{}", path.display());
    }
    Ok(())
}

/// Scores the engagement and writes the requested formats; returns the files written.
pub fn write(args: &Args, catalog: &Catalog) -> Result<Vec<PathBuf>> {
    let mut formats = args
        .format
        .iter()
        .map(|f| Format::parse(f.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    formats.sort();
    formats.dedup();
    let engagement = Engagement::load(&args.dir, catalog)?;
    let assessment = scoring::assess(&engagement, catalog)?;
    let templates = Templates::load(args.templates.as_deref())?;
    let lang = args.lang.unwrap_or(engagement.meta.language);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.dir.join(REPORTS_DIR));
    // Render everything before writing anything, so a failure leaves no partial set.
    let mut rendered = Vec::new();
    for format in formats {
        let text = match format {
            Format::Markdown => report::markdown(&assessment, catalog, &templates, lang)?,
            Format::Json => report::json(&assessment)?,
        };
        rendered.push((out.join(format.file_name()), text));
    }
    let mut written = Vec::new();
    for (path, text) in rendered {
        write_atomic(Path::new(&path), text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
