use anyhow::Result;
use platform_audit::engagement::REPORTS_DIR;
use platform_audit::questionnaire::Catalog;
use platform_audit::{embed, Error, Lang};
use std::path::PathBuf;

/// The sample engagement bundled in the binary.
const SAMPLE: &str = "samples/acme";
/// Its re-assessment six months later, bundled too, and where the demo puts it.
const FOLLOWUP: &str = "samples/acme-followup";
const FOLLOWUP_DIR: &str = "acme-followup";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to copy the sample engagement (a new or empty folder; default: a new temporary folder).
    dir: Option<PathBuf>,
}

pub fn run(args: Args, catalog: &Catalog) -> Result<()> {
    let dir = match args.dir {
        Some(dir) => {
            let occupied = dir.exists()
                && std::fs::read_dir(&dir)
                    .map(|mut d| d.next().is_some())
                    .unwrap_or(true);
            if occupied {
                return Err(Error::Usage(format!(
                    "{}: not empty; the demo writes into a new or empty folder",
                    dir.display()
                ))
                .into());
            }
            dir
        }
        None => tempfile::Builder::new()
            .prefix("platform-audit-demo-")
            .tempdir()
            .map_err(|e| Error::io(&std::env::temp_dir(), e))?
            .keep(),
    };
    embed::extract(SAMPLE, &dir)?;
    outln!("sample engagement: {}", dir.display());
    // The full report set in each language, so both can be shown as they are.
    for lang in Lang::ALL {
        let written = super::report::write(
            &super::report::Args {
                dir: dir.clone(),
                format: vec!["html".into(), "md".into(), "json".into()],
                out: Some(dir.join(REPORTS_DIR).join(lang.code())),
                profile: "full".into(),
                sections: None,
                attribution: None,
                lang: Some(lang),
                templates: None,
                data: None,
            },
            catalog,
        )?;
        // The reports themselves; the Markdown report's chart files are counted, not listed.
        let (charts, reports): (Vec<_>, Vec<_>) = written
            .iter()
            .partition(|p| p.extension().is_some_and(|e| e == "svg"));
        for path in reports {
            outln!("{}: {}", lang.code(), path.display());
        }
        outln!(
            "{}: {} chart files beside report.md",
            lang.code(),
            charts.len()
        );
        let page = super::tvp::write(
            super::tvp::Args {
                dir: dir.clone(),
                lang: Some(lang),
                out: Some(dir.join(REPORTS_DIR).join(lang.code()).join("tvp.md")),
                templates: None,
                data: None,
            },
            catalog,
        )?;
        outln!("{}: {}", lang.code(), page.display());
    }
    // The progress report from the sample to its follow-up, in each language.
    let followup = dir.join(FOLLOWUP_DIR);
    embed::extract(FOLLOWUP, &followup)?;
    outln!("follow-up engagement: {}", followup.display());
    for lang in Lang::ALL {
        let written = super::compare::write(
            &super::compare::Args {
                assessments: vec![dir.clone(), followup.clone()],
                format: vec!["html".into(), "md".into(), "json".into()],
                out: Some(dir.join(REPORTS_DIR).join("progress").join(lang.code())),
                lang: Some(lang),
                force: false,
            },
            &[],
        )?;
        for path in written
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e != "svg"))
        {
            outln!("{}: {}", lang.code(), path.display());
        }
    }
    outln!(
        "open {} in a browser (print it to PDF from there)",
        dir.join(REPORTS_DIR).join("en/report.html").display()
    );
    Ok(())
}
