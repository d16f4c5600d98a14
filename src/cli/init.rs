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
    /// The language of the reports and screens (default: the environment's locale when it is
    /// French or English, else French).
    #[arg(short, long, value_parser = super::parse_lang())]
    lang: Option<Lang>,
    /// A consultant on the engagement (may be repeated).
    #[arg(long = "consultant", value_name = "NAME")]
    consultants: Vec<String>,
    /// What the assessment covers (an entity, a department, a product line).
    #[arg(long)]
    scope: Option<String>,
    /// The engagement's date, YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<String>,
    /// Questionnaire ids to use, comma-separated or repeated (default: all).
    #[arg(
        short = 'q',
        long = "questionnaire",
        value_name = "ID",
        value_delimiter = ','
    )]
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
    let (language, from) = match args.lang {
        Some(lang) => (lang, "--lang"),
        None => match locale_lang() {
            Some(lang) => (lang, "the environment's locale"),
            None => (Lang::Fr, "the default, no French or English locale found"),
        },
    };
    let opts = InitOptions {
        client: &args.client,
        language,
        date,
        questionnaires,
        target: args.target,
        consultants: args.consultants,
        scope: args.scope,
    };
    let file = engagement::init(&args.dir, &opts, catalog)?;
    let dir = args.dir.display();
    outln!("created {}", file.display());
    outln!("language: {language} ({from}; change `language` in engagement.toml)");
    outln!("next:");
    outln!("  platform-audit scan ~/src/repos --engagement {dir}            # evidence from the repositories");
    outln!("  platform-audit interview {dir} -q cncf-maturity -r \"Name\" --role leadership");
    outln!("  platform-audit form export {dir} -q space-survey                # a form for respondents");
    Ok(())
}

/// French or English from the locale variables, as `setlocale` reads them (LC_ALL, then
/// LC_MESSAGES, then LANG): `fr_FR.UTF-8` gives French.
fn locale_lang() -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| v.get(..2).and_then(|code| code.parse().ok()))
}
