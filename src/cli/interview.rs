use anyhow::Result;
use platform_audit::interview::{self, InterviewOptions};
use platform_audit::questionnaire::Catalog;
use platform_audit::terminal::{safe, SafeWriter};
use platform_audit::Lang;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The engagement folder.
    dir: PathBuf,
    /// The questionnaire to go through (one of engagement.toml's).
    #[arg(short, long, value_name = "ID")]
    questionnaire: String,
    /// The respondent's name; the same name resumes the same interview.
    #[arg(short, long, value_name = "NAME")]
    respondent: String,
    /// The respondent's role (a role id of the framework, e.g. platform, developer).
    #[arg(long)]
    role: String,
    /// Language of the questions (default: the engagement's).
    #[arg(short, long, value_parser = super::parse_lang())]
    lang: Option<Lang>,
    /// The consultant running the interview, recorded in the response file.
    #[arg(long, value_name = "NAME")]
    consultant: Option<String>,
    /// The interview's date, YYYY-MM-DD (default: today; kept when resuming).
    #[arg(long)]
    date: Option<String>,
    /// Read answers from stdin, one per line, and stop at the first one that does not fit
    /// (implied when stdin is not a terminal).
    #[arg(long)]
    batch: bool,
}

pub fn run(args: Args, catalog: &Catalog) -> Result<()> {
    let stdin = std::io::stdin();
    let opts = InterviewOptions {
        questionnaire: args.questionnaire,
        respondent: args.respondent,
        role: args.role,
        lang: args.lang,
        consultant: args.consultant,
        date: args.date,
        batch: args.batch || !stdin.is_terminal(),
    };
    let outcome = interview::run(
        &args.dir,
        catalog,
        &opts,
        &mut stdin.lock(),
        // The screen shows what was typed and read from files: escaped, never obeyed.
        &mut SafeWriter::new(std::io::stdout().lock()),
    )?;
    let labels = platform_audit::forms::Labels::load()?;
    eprintln!(
        "{}: {}/{} {}",
        safe(&outcome.file.display().to_string()),
        outcome.answered,
        outcome.total,
        labels.answered.get(outcome.lang)
    );
    Ok(())
}
