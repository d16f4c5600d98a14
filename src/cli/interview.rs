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
    let stdout = std::io::stdout();
    let screen = stdout
        .is_terminal()
        .then(|| terminal_width(&stdout))
        .flatten();
    // Bold and dim on a terminal that takes them, unless NO_COLOR asks for none.
    let styled = stdout.is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb");
    let opts = InterviewOptions {
        width: screen,
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
        &mut SafeWriter::new(stdout.lock(), styled),
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

/// The terminal's width in columns, when the system says.
fn terminal_width(stdout: &std::io::Stdout) -> Option<usize> {
    #[cfg(unix)]
    {
        rustix::termios::tcgetwinsize(stdout)
            .ok()
            .map(|size| usize::from(size.ws_col))
            .filter(|w| *w > 0)
    }
    #[cfg(not(unix))]
    {
        let _ = stdout;
        None
    }
}
