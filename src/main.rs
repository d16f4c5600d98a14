use clap::Parser;
use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if cli::is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Messages quote what clients wrote: shown escaped, never obeyed by the terminal.
            eprintln!(
                "error: {}",
                platform_audit::terminal::safe(&err.to_string())
            );
            ExitCode::from(cli::exit_code(&err))
        }
    }
}
