use anyhow::Result;
use platform_audit::engagement::{self, InitOptions};
use platform_audit::questionnaire::Catalog;
use platform_audit::Lang;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The engagement folder to create (may exist, but not hold an engagement.toml).
    dir: PathBuf,
    /// The client's name.
    #[arg(long)]
    client: String,
    /// The language of the reports.
    #[arg(long, value_parser = super::parse_lang)]
    lang: Lang,
    /// The engagement's date, YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<String>,
    /// Questionnaire ids to use (default: all).
    #[arg(long = "questionnaire", value_name = "ID")]
    questionnaires: Vec<String>,
    /// Target CNCF level (1-4) written for every aspect; edit engagement.toml to tune each.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=4))]
    target: u8,
}

pub fn run(args: Args, catalog: &Catalog) -> Result<()> {
    let date = args.date.unwrap_or_else(engagement::today);
    if let Err(msg) = platform_audit::date::Date::parse(&date) {
        return Err(platform_audit::Error::Usage(format!("--date: {msg}")).into());
    }
    let questionnaires = if args.questionnaires.is_empty() {
        catalog
            .questionnaires
            .iter()
            .map(|q| q.id.clone())
            .collect()
    } else {
        args.questionnaires
    };
    let opts = InitOptions {
        client: &args.client,
        language: args.lang,
        date,
        questionnaires,
        target: args.target,
    };
    let file = engagement::init(&args.dir, &opts, catalog)?;
    outln!("created {}", file.display());
    outln!(
        "add response files under {}",
        args.dir.join(engagement::RESPONSES_DIR).display()
    );
    Ok(())
}
