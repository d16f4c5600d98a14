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

mod demo;
mod form;
mod init;
mod interview;
mod questionnaire;
mod report;
mod scan;
mod score;
mod table;

use anyhow::Result;
use clap::{Parser, Subcommand};
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
    Init(init::Args),
    /// List, show or validate questionnaires.
    #[command(subcommand)]
    Questionnaire(questionnaire::Command),
    /// Score an engagement and print a summary (or the whole assessment as JSON).
    Score(score::Args),
    /// Scan repositories for signals of platform and DevOps practice (evidence/scan.json).
    Scan(scan::Args),
    /// Write the reports of an engagement.
    Report(report::Args),
    /// Run the whole pipeline on the bundled sample engagement.
    Demo(demo::Args),
    /// Run (or resume) a terminal interview; every answer is saved at once.
    Interview(interview::Args),
    /// Export forms (HTML, CSV, XLSX) and import filled forms and survey exports.
    #[command(subcommand)]
    Form(form::Command),
}

pub fn run(cli: Cli) -> Result<()> {
    let catalog = || -> Result<Catalog> { Ok(Catalog::load(&cli.questionnaire_dirs)?) };
    match cli.command {
        Command::Init(args) => init::run(args, &catalog()?),
        Command::Questionnaire(cmd) => questionnaire::run(cmd, &catalog()?),
        Command::Score(args) => score::run(args, &catalog()?),
        Command::Report(args) => report::run(args, &catalog()?),
        Command::Scan(args) => scan::run(args, &catalog()?),
        Command::Demo(args) => demo::run(args, &catalog()?),
        Command::Interview(args) => interview::run(args, &catalog()?),
        Command::Form(cmd) => form::run(cmd, &catalog()?),
    }
}

/// 2 for a command used wrongly, 1 for anything else (bad input, unreadable file…).
pub fn exit_code(err: &anyhow::Error) -> u8 {
    match err.downcast_ref::<Error>() {
        Some(Error::Usage(_)) => 2,
        _ => 1,
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

/// Parses `--lang`.
fn parse_lang(s: &str) -> std::result::Result<Lang, String> {
    s.parse()
}
