use super::table::Table;
use anyhow::Result;
use clap::Subcommand;
use platform_audit::questionnaire::{Catalog, Kind};
use platform_audit::Lang;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the questionnaires in use (embedded and from --questionnaires folders).
    #[command(after_help = "Examples:
  platform-audit questionnaire list
  platform-audit questionnaire list --questionnaires my-practice/")]
    List,
    /// Print a readable outline of one questionnaire.
    #[command(after_help = "Examples:
  platform-audit questionnaire show cncf-maturity --lang fr
  platform-audit questionnaire show dora | less")]
    Show {
        /// The questionnaire's id (see `questionnaire list`).
        id: String,
        /// The outline's language.
        #[arg(short, long, default_value = "en", value_parser = super::parse_lang())]
        lang: Lang,
    },
    /// Check questionnaire files (or folders of them) and report every problem.
    #[command(after_help = "Examples:
  platform-audit questionnaire validate my-practice/
  platform-audit questionnaire validate my-practice/cloud-costs.toml")]
    Validate {
        /// Questionnaire files, or folders of them.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

pub fn run(cmd: Command, catalog: &Catalog) -> Result<()> {
    match cmd {
        Command::List => {
            let mut t = Table::new(&["id", "version", "audience", "questions", "minutes", "title"])
                .right_align(&[3, 4]);
            let mut total = 0;
            for q in &catalog.questionnaires {
                total += q.question_count();
                t.row(vec![
                    q.id.clone(),
                    q.version.clone(),
                    q.audience
                        .iter()
                        .map(|a| a.code())
                        .collect::<Vec<_>>()
                        .join(","),
                    q.question_count().to_string(),
                    q.duration_minutes.to_string(),
                    q.title.en.clone(),
                ]);
            }
            out!("{}", t.render());
            outln!(
                "{} questionnaires, {total} questions",
                catalog.questionnaires.len()
            );
            Ok(())
        }
        Command::Show { id, lang } => {
            let q = catalog.questionnaire(&id).ok_or_else(|| {
                let known: Vec<_> = catalog
                    .questionnaires
                    .iter()
                    .map(|q| q.id.as_str())
                    .collect();
                platform_audit::Error::Usage(format!(
                    "unknown questionnaire `{id}`: expected one of {}",
                    known.join(", ")
                ))
            })?;
            out!("{}", outline(q, catalog, lang));
            Ok(())
        }
        Command::Validate { paths } => {
            let checked = catalog.validate_files(&paths)?;
            for q in &checked {
                outln!(
                    "ok  {}  {} v{} ({} questions)",
                    q.origin,
                    q.id,
                    q.version,
                    q.question_count()
                );
            }
            Ok(())
        }
    }
}

fn outline(
    q: &platform_audit::questionnaire::Questionnaire,
    catalog: &Catalog,
    lang: Lang,
) -> String {
    let fw = &catalog.framework;
    let t = |fr: &'static str, en: &'static str| if lang == Lang::Fr { fr } else { en };
    let mut out = format!(
        "{} ({} v{}, ~{} min)\n{}\n",
        q.title.get(lang),
        q.id,
        q.version,
        q.duration_minutes,
        q.description.get(lang)
    );
    // French puts a (non-breaking) space before the colon.
    let colon = t("\u{a0}:", ":");
    for s in &q.sections {
        out.push_str(&format!("\n## {}\n", s.title.get(lang)));
        for question in &s.questions {
            let axes: Vec<_> = question
                .axes
                .iter()
                .map(|m| format!("{}×{}", m.axis, m.weight))
                .collect();
            out.push_str(&format!(
                "\n[{}] {}\n",
                question.id,
                question.text.get(lang)
            ));
            if !axes.is_empty() {
                out.push_str(&format!(
                    "    {}{colon} {}\n",
                    t("axes", "axes"),
                    axes.join(", ")
                ));
            }
            if let Some(h) = &question.help {
                out.push_str(&format!("    ? {}\n", h.get(lang)));
            }
            match &question.kind {
                Kind::Level { descriptors } => {
                    for (i, d) in descriptors.iter().enumerate() {
                        let name = fw.level_name(i as u8 + 1, lang);
                        out.push_str(&format!("    {} {name}{colon} {}\n", i + 1, d.get(lang)));
                    }
                }
                Kind::Likert { reverse } => {
                    let labels: Vec<_> = fw
                        .likert_labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| format!("{} {}", i + 1, l.get(lang)))
                        .collect();
                    out.push_str(&format!(
                        "    {}{}\n",
                        labels.join(" · "),
                        if *reverse {
                            t("  (score inversé)", "  (reverse-scored)")
                        } else {
                            ""
                        }
                    ));
                }
                Kind::YesNo { reverse } => {
                    out.push_str(&format!(
                        "    {}{}\n",
                        t("oui / non", "yes / no"),
                        if *reverse {
                            t("  (score inversé)", "  (reverse-scored)")
                        } else {
                            ""
                        }
                    ));
                }
                Kind::Choice { choices } => {
                    for c in choices {
                        out.push_str(&format!("    - {}{colon} {}\n", c.id, c.label.get(lang)));
                    }
                }
                Kind::Multi { choices } => {
                    out.push_str(t(
                        "    (plusieurs réponses possibles)\n",
                        "    (several answers allowed)\n",
                    ));
                    for c in choices {
                        out.push_str(&format!("    [ ] {}{colon} {}\n", c.id, c.label.get(lang)));
                    }
                }
                Kind::Number { unit, bands, .. } => {
                    if let Some(u) = unit {
                        out.push_str(&format!("    ({})\n", u.get(lang)));
                    }
                    for b in bands {
                        let bound = b
                            .up_to
                            .map(|u| {
                                format!("≤ {}", platform_audit::questionnaire::format_number(u))
                            })
                            .unwrap_or_else(|| t("au-delà", "more").into());
                        out.push_str(&format!("    {bound}{colon} {}\n", b.label.get(lang)));
                    }
                }
                Kind::Text => out.push_str(t("    (texte libre)\n", "    (free text)\n")),
            }
        }
    }
    out
}
