use super::table::Table;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use platform_audit::evidence::{ScanReport, SCAN_FILE};
use platform_audit::questionnaire::Catalog;
use platform_audit::report::view::percent;
use platform_audit::scan::{self, walk::reason_label, Catalogue, Options, Progress};
use platform_audit::source::{write_atomic, Source};
use platform_audit::terminal::safe_line;
use platform_audit::{Error, Lang};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Repositories, or folders holding repositories (every folder with a `.git` is one; a path
    /// holding none is scanned as one repository).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Where to write the evidence (default: evidence/scan.json).
    #[arg(short, long, value_name = "FILE", conflicts_with = "engagement")]
    out: Option<PathBuf>,
    /// Write the evidence into this engagement (DIR/evidence/scan.json), merged by repository
    /// with the evidence already there.
    #[arg(long, value_name = "DIR")]
    engagement: Option<PathBuf>,
    /// With --engagement: replace the engagement's evidence instead of merging into it.
    #[arg(long, requires = "engagement")]
    replace: bool,
    /// Print the evidence as JSON instead of the summary (a file is then written only with
    /// --out or --engagement).
    #[arg(long)]
    json: bool,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    /// After the summary, list per signal the repositories and paths behind it, with their
    /// context (practice, fixture, example, template payload).
    #[arg(long, visible_alias = "verbose", conflicts_with = "json")]
    explain: bool,
    /// Also read git history proxies (commits per week, contributors, tag cadence).
    #[arg(long)]
    git: bool,
    /// With --git: stop a git command still running after this many seconds (its repository's
    /// history is then reported unavailable).
    #[arg(long, value_name = "SECONDS", default_value_t = scan::DEFAULT_GIT_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    git_timeout: u64,
    /// A signal catalogue (TOML) replacing the embedded one.
    #[arg(long, value_name = "FILE")]
    signals: Option<PathBuf>,
    /// Also skip folders with this name (may be repeated).
    #[arg(long = "skip-dir", value_name = "NAME")]
    skip_dirs: Vec<String>,
    /// Skip only `.git` and the --skip-dir names, not the default list.
    #[arg(long)]
    no_default_skips: bool,
    /// The most bytes read from one file for content checks.
    #[arg(long, value_name = "BYTES", default_value_t = scan::DEFAULT_MAX_READ_BYTES,
          value_parser = clap::value_parser!(u64).range(1..=16 * 1024 * 1024))]
    max_read_bytes: u64,
    /// Also count the bytes of every file (one more file-system call per file; the scan is
    /// otherwise as fast as listing the folders and reading the files the rules need).
    #[arg(long)]
    bytes: bool,
    /// Language of the summary (default: the engagement's, else English).
    #[arg(short, long, value_parser = super::parse_lang())]
    lang: Option<Lang>,
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn found(&self, repositories: usize) {
        self.0.inc_length(repositories as u64);
    }
    fn scanned(&self, repository: &str, _files: u64) {
        self.0.set_message(safe_line(repository).into_owned());
        self.0.inc(1);
    }
}

pub fn run(args: Args, catalog: &Catalog) -> Result<()> {
    for name in &args.skip_dirs {
        if name.is_empty() || name.contains(['/', '\\']) {
            return Err(Error::Usage(format!(
                "--skip-dir `{name}`: expected a folder name, not a path"
            ))
            .into());
        }
    }
    // An --engagement folder is checked (and its language read) before anything is scanned.
    let engagement_lang = args
        .engagement
        .as_deref()
        .map(scan::engagement_language)
        .transpose()?;
    let lang = args.lang.or(engagement_lang).unwrap_or(Lang::En);
    let out = match (&args.engagement, &args.out) {
        (Some(dir), _) => Some(dir.join(SCAN_FILE)),
        (None, Some(file)) => Some(file.clone()),
        (None, None) if args.json => None,
        (None, None) => Some(PathBuf::from(SCAN_FILE)),
    };
    let catalogue = match &args.signals {
        Some(path) => Catalogue::load(&Source::read(path)?, &catalog.framework)?,
        None => Catalogue::embedded(&catalog.framework)?,
    };
    let mut options = Options {
        git: args.git,
        git_timeout: std::time::Duration::from_secs(args.git_timeout),
        max_read_bytes: args.max_read_bytes,
        count_bytes: args.bytes,
        ..Options::default()
    };
    if args.no_default_skips {
        options.skip_dirs.clear();
    }
    options.skip_dirs.extend(args.skip_dirs.iter().cloned());

    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if args.quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let unit = if lang == Lang::Fr {
        "dépôts"
    } else {
        "repositories"
    };
    if let Ok(style) =
        ProgressStyle::with_template(&format!("{{bar:30}} {{pos}}/{{len}} {unit} {{wide_msg}}"))
    {
        bar.set_style(style);
    }
    let result = scan::scan(&args.paths, &catalogue, &options, &Bar(bar.clone()));
    bar.finish_and_clear();
    let result = result?;
    for warning in &result.warnings {
        eprintln!("warning: {}", safe_line(warning));
    }
    let mut report = result.report;
    let mut merged = None;
    let json;
    {
        // The engagement's evidence folder is locked from reading the old evidence to writing
        // the merge, so two scans of one engagement never lose each other's repositories.
        let _lock = match (&args.engagement, &out) {
            (Some(_), Some(path)) => path
                .parent()
                .map(platform_audit::store::Lock::folder)
                .transpose()?,
            _ => None,
        };
        if let (Some(_), Some(path), false) = (&args.engagement, &out, args.replace) {
            if path.exists() {
                let old = ScanReport::parse(&Source::read(path)?).map_err(|e| match e {
                    Error::Input(mut diags) => {
                        for d in &mut diags {
                            d.message.push_str(
                                "; a new scan is merged into it: pass --replace to start afresh",
                            );
                        }
                        Error::Input(diags)
                    }
                    other => other,
                })?;
                let (all, what) = scan::merge::merge(old, report, &path.display().to_string())?;
                report = all;
                merged = Some(what);
            }
        }
        json = scan::to_json(&report)?;
        if let Some(path) = &out {
            write_atomic(path, json.as_bytes())?;
        }
    }
    let merge_note = merged.as_ref().map(|m| merge_message(m, lang));
    if let (Some(note), true) = (&merge_note, args.json) {
        eprintln!("{note}");
    }
    if args.json {
        out!("{json}");
    } else {
        out!("{}", summary(&report, &catalogue, lang));
        if args.explain {
            out!("{}", explain(&report, &catalogue, lang));
        }
        if let Some(path) = &out {
            let written = if lang == Lang::Fr {
                "écrit\u{a0}:"
            } else {
                "written:"
            };
            outln!("\n{written} {}", path.display());
        }
        if let Some(note) = &merge_note {
            outln!("{note}");
        }
    }
    Ok(())
}

/// What a merge did, in the summary's language: repositories replaced (named), added and kept.
fn merge_message(m: &scan::merge::Merged, lang: Lang) -> String {
    let names = |list: &[String]| {
        const SHOWN: usize = 10;
        let mut shown: Vec<String> = list
            .iter()
            .take(SHOWN)
            .map(|n| safe_line(n).into_owned())
            .collect();
        if list.len() > SHOWN {
            shown.push("…".into());
        }
        shown.join(", ")
    };
    let (replaced, added, kept) = (m.replaced.len(), m.added.len(), m.kept.len());
    let mut parts = Vec::new();
    match lang {
        Lang::Fr => {
            // Counts before a colon: no agreement to get wrong.
            parts.push(format!("dépôts remplacés\u{a0}: {replaced}"));
            if replaced > 0 {
                parts[0].push_str(&format!(" ({})", names(&m.replaced)));
            }
            parts.push(format!("ajoutés\u{a0}: {added}"));
            parts.push(format!("conservés tels quels\u{a0}: {kept}"));
            let renamed = if m.renamed {
                ". Les noms portent désormais le dossier de leur racine, les preuves couvrant plusieurs racines"
            } else {
                ""
            };
            format!(
                "Fusionné avec les preuves déjà présentes\u{a0}: {} (--replace repart de zéro){renamed}",
                parts.join(", ")
            )
        }
        Lang::En => {
            parts.push(format!(
                "{replaced} {} replaced",
                plural(
                    lang,
                    replaced as u64,
                    ("", ""),
                    ("repository", "repositories")
                )
            ));
            if replaced > 0 {
                parts[0].push_str(&format!(" ({})", names(&m.replaced)));
            }
            parts.push(format!("{added} added"));
            parts.push(format!("{kept} kept as they were"));
            let renamed = if m.renamed {
                ". Names now start with their root's folder, as the evidence covers several roots"
            } else {
                ""
            };
            format!(
                "Merged with the evidence already there: {} (--replace starts afresh){renamed}",
                parts.join(", ")
            )
        }
    }
}

/// A byte count in kB, MB or GB (ko, Mo, Go), one decimal, typeset for the language.
fn size(bytes: u64, lang: Lang) -> String {
    let (value, fr, en) = match bytes as f64 {
        b if b < 1e6 => (b / 1e3, "ko", "kB"),
        b if b < 1e9 => (b / 1e6, "Mo", "MB"),
        b => (b / 1e9, "Go", "GB"),
    };
    match lang {
        Lang::Fr => format!("{}\u{a0}{fr}", format!("{value:.1}").replace('.', ",")),
        Lang::En => format!("{value:.1} {en}"),
    }
}

/// The noun agreeing with a count: French puts 0 and 1 in the singular, English only 1.
fn plural(
    lang: Lang,
    n: u64,
    fr: (&'static str, &'static str),
    en: (&'static str, &'static str),
) -> &'static str {
    let (one, other, singular) = match lang {
        Lang::Fr => (fr.0, fr.1, n <= 1),
        Lang::En => (en.0, en.1, n == 1),
    };
    if singular {
        one
    } else {
        other
    }
}

fn summary(report: &ScanReport, catalogue: &Catalogue, lang: Lang) -> String {
    let t = |fr: &'static str, en: &'static str| if lang == Lang::Fr { fr } else { en };
    let files: u64 = report.repositories.iter().map(|r| r.files).sum();
    // Counted with --bytes only.
    let bytes: Option<u64> = report.repositories.iter().map(|r| r.bytes).sum();
    let mut skipped = std::collections::BTreeMap::new();
    for r in &report.repositories {
        for (k, n) in &r.skipped {
            *skipped.entry(k.as_str()).or_insert(0u64) += n;
        }
    }
    let colon = t("\u{a0}:", ":");
    let repositories = report.repositories.len();
    let mut out = format!(
        "{repositories} {}, {files} {}{}\n",
        plural(
            lang,
            repositories as u64,
            ("dépôt", "dépôts"),
            ("repository", "repositories")
        ),
        plural(lang, files, ("fichier", "fichiers"), ("file", "files")),
        bytes
            .map(|b| format!(", {}", size(b, lang)))
            .unwrap_or_default(),
    );
    for (key, n) in &skipped {
        let label = reason_label(key)
            .map(|l| l.get(lang).to_string())
            .unwrap_or_else(|| key.to_string());
        out.push_str(&format!(
            "  {}{colon} {n} {label}\n",
            t("écartés", "passed over")
        ));
    }

    let mut cats = Table::new(&[
        t("catégorie", "category"),
        t("dépôts", "repositories"),
        t("couverture", "coverage"),
    ])
    .right_align(&[1, 2]);
    for c in &report.categories {
        let label = catalogue
            .category(&c.id)
            .map(|x| x.label.get(lang).to_string())
            .unwrap_or_else(|| c.id.clone());
        cats.row(vec![
            label,
            c.repositories.to_string(),
            percent(c.coverage, lang),
        ]);
    }
    out.push('\n');
    out.push_str(&cats.render());

    let mut signals = Table::new(&[
        t("signal", "signal"),
        "id",
        t("dépôts", "repositories"),
        t("couverture", "coverage"),
    ])
    .right_align(&[2, 3]);
    let mut absent = Vec::new();
    for s in &report.signals {
        if s.repositories == 0 {
            absent.push(s.id.as_str());
            continue;
        }
        let label = catalogue
            .signal(&s.id)
            .map(|x| x.label.get(lang).to_string())
            .unwrap_or_default();
        signals.row(vec![
            label,
            s.id.clone(),
            s.repositories.to_string(),
            percent(s.coverage, lang),
        ]);
    }
    out.push('\n');
    out.push_str(&signals.render());
    if !absent.is_empty() {
        out.push_str(&format!(
            "\n{}{colon} {}\n",
            t("Non trouvés", "Not found"),
            absent.join(", ")
        ));
    }
    out.push_str(&golden_paths(report, catalogue, lang));
    out.push_str(&history(report, lang));
    out
}

/// A signal's label in the language, or its id.
fn signal_label(catalogue: &Catalogue, id: &str, lang: Lang) -> String {
    catalogue
        .signal(id)
        .map(|s| s.label.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// What template repositories generate (their template payloads, per repository), and how many
/// paths were listed in fixtures and examples without counting.
fn golden_paths(report: &ScanReport, catalogue: &Catalogue, lang: Lang) -> String {
    use platform_audit::evidence::PathContext;
    let t = |fr: &'static str, en: &'static str| if lang == Lang::Fr { fr } else { en };
    let mut out = String::new();
    let mut lines = Vec::new();
    let (mut fixtures, mut examples) = (0usize, 0usize);
    for repo in &report.repositories {
        let mut shipped = Vec::new();
        for hit in &repo.other_matches {
            match hit.context {
                PathContext::TemplatePayload => {
                    shipped.push(signal_label(catalogue, &hit.id, lang));
                }
                PathContext::Fixture => fixtures += hit.paths.len(),
                PathContext::Example => examples += hit.paths.len(),
                PathContext::Practice => {}
            }
        }
        if !shipped.is_empty() {
            lines.push(format!(
                "  {}{} {}\n",
                safe_line(&repo.path),
                t("\u{a0}:", ":"),
                shipped.join(", ")
            ));
        }
    }
    if !lines.is_empty() {
        out.push_str(t(
            "\nChemins balisés\u{a0}: ce que génèrent les modèles (contenu de modèle, non compté dans la couverture)\n",
            "\nGolden paths: what the templates generate (template payload, not counted in coverage)\n",
        ));
        out.extend(lines);
    }
    if fixtures + examples > 0 {
        let paths = plural(
            lang,
            fixtures as u64,
            ("chemin", "chemins"),
            ("path", "paths"),
        );
        out.push_str(&match lang {
            Lang::Fr => format!(
                "\nListés sans être comptés\u{a0}: {fixtures} {paths} dans des données de test, {examples} dans des exemples (--explain les détaille)\n"
            ),
            Lang::En => format!(
                "\nListed, not counted: {fixtures} {paths} in fixtures, {examples} in examples (--explain lists them)\n"
            ),
        });
    }
    out
}

/// Per signal of the catalogue with any match: the repositories and paths behind it, practice
/// first, then each other context (listed, not counted).
fn explain(report: &ScanReport, catalogue: &Catalogue, lang: Lang) -> String {
    use platform_audit::evidence::PathContext;
    let t = |fr: &'static str, en: &'static str| if lang == Lang::Fr { fr } else { en };
    let colon = t("\u{a0}:", ":");
    let mut out = String::from(t(
        "\nPreuves par signal (chemins relatifs à chaque dépôt)\n",
        "\nEvidence per signal (paths relative to each repository)\n",
    ));
    let mut any = false;
    for signal in &report.signals {
        let mut sections: Vec<(PathContext, Vec<String>)> = Vec::new();
        for context in PathContext::ALL {
            let mut lines = Vec::new();
            for repo in &report.repositories {
                let paths: Option<&Vec<String>> = if context == PathContext::Practice {
                    repo.signals
                        .iter()
                        .find(|h| h.id == signal.id)
                        .map(|h| &h.paths)
                } else {
                    repo.other_matches
                        .iter()
                        .find(|h| h.id == signal.id && h.context == context)
                        .map(|h| &h.paths)
                };
                for path in paths.into_iter().flatten() {
                    lines.push(format!(
                        "      {}{colon} {}\n",
                        safe_line(&repo.path),
                        safe_line(path)
                    ));
                }
            }
            if !lines.is_empty() {
                sections.push((context, lines));
            }
        }
        if sections.is_empty() {
            continue;
        }
        any = true;
        out.push_str(&format!(
            "\n{} ({})\n",
            signal_label(catalogue, &signal.id, lang),
            signal.id
        ));
        for (context, lines) in sections {
            let counted = if context == PathContext::Practice {
                t("compté", "counted")
            } else {
                t("listé, non compté", "listed, not counted")
            };
            out.push_str(&format!(
                "  {} ({counted}){colon}\n",
                context.label().get(lang)
            ));
            out.extend(lines);
        }
    }
    if !any {
        out.push_str(t("  aucun chemin trouvé\n", "  no path matched\n"));
    }
    out
}

/// The `--git` proxies per repository, labelled as proxies: commits are not changes delivered and
/// tags are not deployments.
fn history(report: &ScanReport, lang: Lang) -> String {
    use platform_audit::evidence::GitHistory;
    use platform_audit::report::view::decimal;
    let t = |fr: &'static str, en: &'static str| if lang == Lang::Fr { fr } else { en };
    let read: Vec<_> = report
        .repositories
        .iter()
        .filter_map(|r| r.history.as_ref().map(|h| (r, h)))
        .collect();
    if read.is_empty() {
        return String::new();
    }
    let mut table = Table::new(&[
        t("dépôt", "repository"),
        t("commits/sem.", "commits/week"),
        t("contributeurs", "contributors"),
        t("étiquettes", "tags"),
        t("jours entre étiquettes", "days between tags"),
    ])
    .right_align(&[1, 2, 3, 4]);
    let mut unavailable = Vec::new();
    for (repo, h) in read {
        match h {
            GitHistory::Read(p) => table.row(vec![
                safe_line(&repo.path).into_owned(),
                decimal(p.mean_commits_per_week, lang),
                p.contributors_in_window.to_string(),
                p.tags_in_window.to_string(),
                p.median_days_between_tags
                    .map(|d| decimal(d, lang))
                    .unwrap_or_else(|| "-".into()),
            ]),
            GitHistory::Unavailable { reason } => {
                unavailable.push(format!("{} ({})", safe_line(&repo.path), safe_line(reason)));
            }
        }
    }
    let days = platform_audit::scan::history::WINDOW_DAYS;
    let mut out = match lang {
        Lang::Fr => format!(
            "\nHistorique git sur {days} jours\u{a0}: des indicateurs indirects (un commit n'est \
             pas une livraison, une étiquette n'est pas un déploiement)\n"
        ),
        Lang::En => format!(
            "\nGit history over {days} days: proxies only (a commit is not a delivered change, a \
             tag is not a deployment)\n"
        ),
    };
    out.push_str(&table.render());
    if !unavailable.is_empty() {
        out.push_str(&format!(
            "{}{} {}\n",
            t("Historique illisible", "History unavailable"),
            t("\u{a0}:", ":"),
            unavailable.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_pick_a_unit_and_the_language_separator() {
        assert_eq!(size(1_500, Lang::En), "1.5 kB");
        assert_eq!(size(2_260_000, Lang::Fr), "2,3\u{a0}Mo");
        assert_eq!(size(1 << 30, Lang::En), "1.1 GB");
    }
}
