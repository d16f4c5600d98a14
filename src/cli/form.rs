use anyhow::Result;
use clap::Subcommand;
use platform_audit::engagement::Engagement;
use platform_audit::forms::{self, Format, ImportOptions};
use platform_audit::questionnaire::Catalog;
use platform_audit::source::write_atomic;
use platform_audit::Lang;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a questionnaire as a form a respondent fills alone (a standalone HTML page, a CSV or
    /// an XLSX spreadsheet), or as a survey kit to build it in a survey tool.
    #[command(after_help = "Examples:
  platform-audit form export acme --questionnaire cncf-maturity
  platform-audit form export acme -q space-survey --format xlsx --lang en -o survey.xlsx
  platform-audit form export acme -q space-survey --format survey-kit   # to build it in Microsoft Forms")]
    Export {
        /// The engagement folder.
        dir: PathBuf,
        /// The questionnaire to export (one of engagement.toml's).
        #[arg(short, long, value_name = "ID")]
        questionnaire: String,
        /// The form's format.
        #[arg(short, long, value_parser = format_parser(), default_value = "html")]
        format: Format,
        /// Language of the form (default: the engagement's).
        #[arg(short, long, value_parser = super::parse_lang())]
        lang: Option<Lang>,
        /// Where to write (default: DIR/forms/ID.LANG.FORMAT).
        #[arg(short, long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Import filled forms (the HTML form's .toml download, a filled CSV or XLSX) and survey
    /// exports (CSV or XLSX, one row per respondent) as response files. Nothing is written unless
    /// every file is valid.
    #[command(after_help = "Examples:
  platform-audit form import acme cncf-maturity-helene-tremblay.toml
  platform-audit form import acme filled.csv --respondent \"Zoé Martin\" --role developer
  platform-audit form import acme survey.csv --write-mapping mapping.toml
  platform-audit form import acme survey.csv --mapping mapping.toml --check")]
    Import {
        /// The engagement folder.
        dir: PathBuf,
        /// The files to import: HTML-form downloads (.toml), filled forms and survey exports
        /// (.csv, .xlsx).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The respondent's name (a filled CSV or XLSX form; overrides the HTML download's).
        #[arg(short, long, value_name = "NAME")]
        respondent: Option<String>,
        /// The respondent's role (a filled CSV/XLSX form; a downloaded .toml keeps its own), or the
        /// role of a survey's rows when no column gives it.
        #[arg(long)]
        role: Option<String>,
        /// Mapping file for a survey export's columns (see docs/forms.md).
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Overwrite a respondent or survey export imported before, instead of refusing.
        #[arg(long)]
        replace: bool,
        /// Check the files and say what would be written, writing nothing.
        #[arg(long)]
        check: bool,
        /// Write a mapping file drafted from the survey export's header to FILE (each column
        /// with what it matches, the closest question where none does), and import nothing.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["check", "replace"])]
        write_mapping: Option<PathBuf>,
    },
}

/// `--format`: the formats a form is exported to, listed in the help and in the error.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["html", "csv", "xlsx", "survey-kit"])
        .try_map(|s| Format::parse(&s))
}

pub fn run(cmd: Command, catalog: &Catalog) -> Result<()> {
    match cmd {
        Command::Export {
            dir,
            questionnaire,
            format,
            lang,
            out,
        } => {
            let engagement = Engagement::load(&dir, catalog)?;
            let q = engagement.questionnaire(catalog, &questionnaire)?;
            let lang = lang.unwrap_or(engagement.meta.language);
            let bytes = forms::export(catalog, q, format, lang)?;
            let path = out.unwrap_or_else(|| {
                dir.join("forms")
                    .join(format!("{questionnaire}.{lang}.{}", format.extension()))
            });
            write_atomic(&path, &bytes)?;
            outln!("{}", path.display());
            Ok(())
        }
        Command::Import {
            dir,
            files,
            respondent,
            role,
            mapping,
            replace,
            check,
            write_mapping,
        } => {
            if let Some(target) = write_mapping {
                let [export] = files.as_slice() else {
                    return Err(platform_audit::Error::Usage(format!(
                        "--write-mapping drafts a mapping from one survey export: expected one file, got {}",
                        files.len()
                    ))
                    .into());
                };
                let text = forms::draft_mapping(&dir, export, catalog, mapping.as_deref())?;
                write_atomic(&target, text.as_bytes())?;
                outln!("{}", target.display());
                outln!(
                    "check the lines marked CHECK, then: platform-audit form import {} {} --mapping {}",
                    dir.display(),
                    export.display(),
                    target.display()
                );
                return Ok(());
            }
            let opts = ImportOptions {
                respondent,
                role,
                mapping,
                replace,
            };
            let prepared = forms::prepare(&dir, &files, catalog, &opts)?;
            for warning in prepared.warnings() {
                eprintln!("warning: {}", platform_audit::terminal::safe(warning));
            }
            if check {
                for note in prepared.notes() {
                    outln!("{note}");
                }
                let (write, remove) = prepared.files();
                for path in &write {
                    outln!("would write   {}", path.display());
                }
                for path in &remove {
                    outln!("would remove  {}", path.display());
                }
                outln!(
                    "valid: {} would be written, {} removed (nothing written: --check)",
                    response_files(write.len()),
                    remove.len()
                );
                return Ok(());
            }
            let report = prepared.commit()?;
            for note in &report.notes {
                outln!("{note}");
            }
            for path in &report.written {
                outln!("written   {}", path.display());
            }
            for path in &report.replaced {
                outln!("replaced  {}", path.display());
            }
            for path in &report.removed {
                outln!("removed   {}", path.display());
            }
            outln!(
                "{} written, {} replaced, {} removed",
                response_files(report.written.len()),
                report.replaced.len(),
                report.removed.len()
            );
            Ok(())
        }
    }
}

/// A count of response files (a respondent's file, or a survey's file of rows).
fn response_files(n: usize) -> String {
    if n == 1 {
        "1 response file".into()
    } else {
        format!("{n} response files")
    }
}
