use anyhow::Result;
use platform_audit::engagement::REPORTS_DIR;
use platform_audit::questionnaire::Catalog;
use platform_audit::report::{tvp, Templates};
use platform_audit::Lang;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The engagement folder.
    pub dir: PathBuf,
    /// Page language (default: the engagement's).
    #[arg(short, long, value_parser = super::parse_lang())]
    pub lang: Option<Lang>,
    /// Where to write the page (default: DIR/reports/LANG/tvp.md, beside that language's report).
    #[arg(short, long, value_name = "FILE.md")]
    pub out: Option<PathBuf>,
    /// A folder of templates (tvp.md.tera) and/or a labels.toml, as for `report`.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// A folder whose data files replace the embedded ones, as for `report` (assets.toml maps
    /// signals to capability areas and tools).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

pub fn run(args: Args, catalog: &Catalog) -> Result<()> {
    let out = write(args, catalog)?;
    outln!("{}", out.display());
    Ok(())
}

/// Scores the engagement and writes its TVP page; returns where.
pub fn write(args: Args, catalog: &Catalog) -> Result<PathBuf> {
    let super::report::Scored {
        engagement,
        data,
        assessment,
        ..
    } = super::report::scored(&args.dir, args.data.as_deref(), catalog)?;
    let templates = Templates::load(args.templates.as_deref())?;
    let lang = args.lang.unwrap_or(engagement.meta.language);
    let page = tvp::render(&assessment, catalog, &data.assets, &templates, lang)?;
    let out = args
        .out
        .unwrap_or_else(|| args.dir.join(REPORTS_DIR).join(lang.code()).join("tvp.md"));
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| platform_audit::error::Error::io(parent, e))?;
    }
    platform_audit::source::write_atomic(&out, page.as_bytes())?;
    Ok(out)
}
