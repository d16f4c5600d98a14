//! The command line: argument parsing and one thin function per subcommand. The work is done by
//! the library.

/// `print!` to standard output, returning its error instead of panicking: a reader that stops
/// early (`platform-audit questionnaire list | head`) closes the pipe, and the command then ends
/// quietly (see `is_closed_pipe`), as Unix tools do.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(format_args!($($arg)*))?
    };
}

/// `println!` to standard output, as `out!`.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

mod compare;
mod demo;
mod form;
mod init;
mod interview;
mod questionnaire;
mod report;
mod scan;
mod score;
mod table;
mod tvp;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};
use platform_audit::questionnaire::Catalog;
use platform_audit::{Error, Lang};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "platform-audit",
    version,
    about = "Audit the DevOps and platform-engineering maturity of an organisation and produce leadership-ready reports."
)]
pub struct Cli {
    /// Folder of questionnaire TOML files that add to or override the embedded ones
    /// (a `framework.toml` there replaces the framework). May be repeated.
    #[arg(long = "questionnaires", value_name = "DIR", global = true)]
    questionnaire_dirs: Vec<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create an engagement folder (engagement.toml and responses/).
    #[command(after_help = EXAMPLES_INIT)]
    Init(init::Args),
    /// List, show or validate questionnaires.
    #[command(subcommand)]
    Questionnaire(questionnaire::Command),
    /// Score an engagement and print a summary (or the whole assessment as JSON).
    #[command(after_help = EXAMPLES_SCORE)]
    Score(score::Args),
    /// Scan repositories for signals of platform and DevOps practice (evidence/scan.json).
    #[command(after_help = EXAMPLES_SCAN)]
    Scan(scan::Args),
    /// Write the reports of an engagement.
    #[command(after_help = EXAMPLES_REPORT)]
    Report(report::Args),
    /// Write the Thinnest Viable Platform starter page: a wiki page of what the client already
    /// has, per capability area, with its gaps.
    #[command(after_help = EXAMPLES_TVP)]
    Tvp(tvp::Args),
    /// Compare assessments of one client over time: what moved beyond the noise, for whom.
    #[command(after_help = EXAMPLES_COMPARE)]
    Compare(compare::Args),
    /// Run the whole pipeline on the bundled sample engagement.
    #[command(after_help = EXAMPLES_DEMO)]
    Demo(demo::Args),
    /// Run (or resume) a terminal interview; every answer is saved at once.
    #[command(after_help = EXAMPLES_INTERVIEW)]
    Interview(interview::Args),
    /// Export forms (HTML, CSV, XLSX) and import filled forms and survey exports.
    #[command(subcommand)]
    Form(form::Command),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = EXAMPLES_COMPLETIONS)]
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`.
    #[command(after_help = EXAMPLES_MAN)]
    Man,
}

const EXAMPLES_INIT: &str = "Examples:
  platform-audit init acme --client \"Acme Logistique\" --lang fr
  platform-audit init acme --client Acme --consultant \"Camille Roy\" --scope \"Paiements\" --questionnaire cncf-maturity,dora";
const EXAMPLES_SCORE: &str = "Examples:
  platform-audit score acme
  platform-audit score acme --json > assessment.json";
const EXAMPLES_SCAN: &str = "Examples:
  platform-audit scan ~/src/acme --engagement acme
  platform-audit scan repo-a repo-b --git --json";
const EXAMPLES_REPORT: &str = "Examples:
  platform-audit report acme
  platform-audit report acme --format html --lang en --out board/";
const EXAMPLES_TVP: &str = "Examples:
  platform-audit tvp acme
  platform-audit tvp acme --lang en --out wiki/platform.md";
const EXAMPLES_COMPARE: &str = "Examples:
  platform-audit compare samples/acme samples/acme-followup
  platform-audit compare acme-2026q4.json acme-2027q1.json acme --format html --lang en --out progress/";
const EXAMPLES_DEMO: &str = "Examples:
  platform-audit demo
  platform-audit demo /tmp/acme-demo";
const EXAMPLES_INTERVIEW: &str = "Examples:
  platform-audit interview acme --questionnaire cncf-maturity --respondent \"Hélène Tremblay\" --role leadership
  printf '2\\n3\\nq\\n' | platform-audit interview acme -q dora -r \"Ana\" --role developer --batch";
const EXAMPLES_COMPLETIONS: &str = "Examples:
  platform-audit completions bash > ~/.local/share/bash-completion/completions/platform-audit
  platform-audit completions zsh > \"${fpath[1]}/_platform-audit\"";
const EXAMPLES_MAN: &str = "Examples:
  platform-audit man > platform-audit.1 && man ./platform-audit.1";

pub fn run(cli: Cli) -> Result<()> {
    let catalog = || -> Result<Catalog> { Ok(Catalog::load(&cli.questionnaire_dirs)?) };
    match cli.command {
        Command::Init(args) => init::run(args, &catalog()?),
        Command::Questionnaire(cmd) => questionnaire::run(cmd, &catalog()?),
        Command::Score(args) => score::run(args, &catalog()?),
        Command::Report(args) => report::run(args, &catalog()?),
        Command::Scan(args) => scan::run(args, &catalog()?),
        Command::Tvp(args) => tvp::run(args, &catalog()?),
        Command::Compare(args) => compare::run(args, &cli.questionnaire_dirs),
        Command::Demo(args) => demo::run(args, &catalog()?),
        Command::Interview(args) => interview::run(args, &catalog()?),
        Command::Form(cmd) => form::run(cmd, &catalog()?),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "platform-audit", &mut out);
            write_bytes(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            write_bytes(&out)
        }
    }
}

fn write_bytes(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    std::io::stdout().lock().write_all(bytes)?;
    Ok(())
}

/// The exit code of each kind of failure, the same in every command (docs/cli.md):
/// 1 invalid input, 2 usage, 3 not an engagement folder, 4 I/O, 5 busy. clap's own usage errors
/// exit with 2 as well.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    match err.downcast_ref::<Error>() {
        Some(Error::Input(_) | Error::Template { .. }) => 1,
        Some(Error::Usage(_)) => 2,
        Some(Error::NotEngagement(_)) => 3,
        Some(Error::Io { .. }) => 4,
        Some(Error::Busy(_)) => 5,
        None if err.downcast_ref::<std::io::Error>().is_some() => 4,
        None => 1,
    }
}

/// Writes to standard output (for `out!` and `outln!`).
/// What is printed may quote client text (column headers, notes), so it is shown escaped
/// ([`platform_audit::terminal::safe`]).
pub fn write_stdout(args: std::fmt::Arguments) -> std::io::Result<()> {
    use std::io::Write;
    let text = args.to_string();
    std::io::stdout()
        .lock()
        .write_all(platform_audit::terminal::safe(&text).as_bytes())
}

/// Whether a command stopped because its reader closed standard output: not an error to report.
pub fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// `--lang`: `fr` or `en`, listed in the help and in the error.
fn parse_lang() -> impl clap::builder::TypedValueParser<Value = Lang> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["fr", "en"]).try_map(|s| s.parse::<Lang>())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command a user runs (not the groups `form` and `questionnaire`), with its path.
    fn leaves(cmd: &clap::Command, path: String, out: &mut Vec<(String, clap::Command)>) {
        let subs: Vec<_> = cmd.get_subcommands().collect();
        if subs.is_empty() {
            out.push((path.clone(), cmd.clone()));
        }
        for sub in subs {
            leaves(sub, format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_command_has_examples_and_every_argument_a_description() {
        let mut all = Vec::new();
        leaves(&Cli::command(), "platform-audit".into(), &mut all);
        assert!(all.len() >= 13, "{}", all.len());
        for (path, cmd) in all {
            let examples = cmd
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                examples.starts_with("Examples:\n  platform-audit ")
                    || examples.contains("\n  printf"),
                "{path}: no examples"
            );
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                assert!(
                    arg.get_help().is_some(),
                    "{path}: argument `{id}` has no description"
                );
            }
        }
    }

    #[test]
    fn lang_lists_its_values() {
        let err =
            Cli::try_parse_from(["platform-audit", "score", "x", "--lang", "de"]).unwrap_err();
        assert!(
            err.to_string().contains("[possible values: fr, en]"),
            "{err}"
        );
    }
}
