use super::table::Table;
use anyhow::Result;
use platform_audit::engagement::Engagement;
use platform_audit::framework::Family;
use platform_audit::questionnaire::Catalog;
use platform_audit::report::format::{decimal, percent};
use platform_audit::scoring::{self, Assessment, Verdict};
use platform_audit::Lang;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The engagement folder.
    dir: PathBuf,
    /// Print the whole assessment as JSON.
    #[arg(long)]
    json: bool,
    /// Language of the summary (default: the engagement's).
    #[arg(short, long, value_parser = super::parse_lang())]
    lang: Option<Lang>,
    /// A folder whose scoring.toml, dora.toml, dora-benchmarks.toml, topology.toml,
    /// antipatterns.toml, initiatives.toml, assets.toml and/or value.toml replace the embedded
    /// ones (a practice's own thresholds, bands, benchmarks, quadrants, strategies, rules,
    /// initiatives, capability areas and value assumptions).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

pub fn run(args: Args, catalog: &Catalog) -> Result<()> {
    let engagement = Engagement::load(&args.dir, catalog)?;
    let assessment = scoring::assess_with_data(&engagement, catalog, args.data.as_deref())?;
    if args.json {
        out!("{}", platform_audit::report::json(&assessment)?);
        return Ok(());
    }
    let lang = args.lang.unwrap_or(engagement.meta.language);
    out!("{}", summary(&assessment, catalog, lang));
    Ok(())
}

fn summary(a: &Assessment, catalog: &Catalog, lang: Lang) -> String {
    let fw = &catalog.framework;
    let t = |fr: &'static str, en: &'static str| if lang == Lang::Fr { fr } else { en };
    // `respondents` lists interviews and self-assessments only; survey respondents are counted.
    let mut out = format!(
        "{} — {} ({} {}",
        a.engagement.client,
        a.engagement.date,
        a.respondents.len(),
        t("répondants", "respondents")
    );
    if a.survey.count > 0 {
        out.push_str(&format!(
            " + {} {}",
            a.survey.count,
            t("au sondage", "to the survey")
        ));
    }
    out.push_str(")\n");
    for family in Family::ALL {
        let axes: Vec<_> = a
            .axes
            .iter()
            .filter(|x| x.family == family && x.questions > 0)
            .collect();
        // The context's difficulty is shown with the topology, as a share, not as a level.
        if axes.is_empty() || family == Family::Context {
            continue;
        }
        let mut table = Table::new(&[
            t("axe", "axis"),
            t("niveau", "level"),
            t("palier", "band"),
            t("cible", "target"),
            t("écart", "gap"),
            t("couverture", "coverage"),
            t("confiance", "confidence"),
        ])
        .right_align(&[1, 3, 4, 5, 6]);
        for x in axes {
            let def = fw.axis(&x.id);
            let band = x
                .band_name
                .as_ref()
                .map(|n| n.get(lang).to_string())
                .unwrap_or_else(|| "-".into());
            table.row(vec![
                def.map(|d| d.name.get(lang).to_string())
                    .unwrap_or_else(|| x.id.clone()),
                x.level
                    .map(|l| decimal(l, lang))
                    .unwrap_or_else(|| "-".into()),
                band,
                x.target.map(|t| t.to_string()).unwrap_or_default(),
                x.gap.map(|g| decimal(g, lang)).unwrap_or_default(),
                format!(
                    "{} ({}/{})",
                    percent(x.coverage, lang),
                    x.answered,
                    x.questions
                ),
                percent(x.confidence, lang),
            ]);
        }
        out.push('\n');
        out.push_str(&table.render());
    }
    out.push_str(&topology(a, lang));
    out.push_str(&dora(a, catalog, lang));
    out.push_str(&gaps(a, catalog, lang));
    out.push_str(&findings(a, lang));
    out.push_str(&antipatterns(a, lang));
    out.push_str(&value_case(a, lang));
    out.push_str(&roadmap(a, lang, TOP_RECOMMENDATIONS));
    out
}

/// Recommendations listed per horizon in the summary (the JSON has them all).
const TOP_RECOMMENDATIONS: usize = 5;

fn tr(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Fr {
        fr
    } else {
        en
    }
}

fn axis_name(catalog: &Catalog, id: &str, lang: Lang) -> String {
    catalog
        .framework
        .axis(id)
        .map(|a| a.name.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn value(x: Option<f64>, lang: Lang) -> String {
    x.map(|v| decimal(v, lang)).unwrap_or_else(|| "-".into())
}

fn topology(a: &Assessment, lang: Lang) -> String {
    let t = &a.topology;
    let side = |s: &Option<platform_audit::Text>| {
        s.as_ref()
            .map(|n| n.get(lang).to_string())
            .unwrap_or_else(|| tr(lang, "indéterminé", "undetermined").into())
    };
    let mut out = format!(
        "\n{}\n  {} {} ({} {}){}{}\n  {} {} ({} {}){}{}\n",
        tr(lang, "Topologie du client", "Client topology"),
        tr(lang, "maturité", "maturity"),
        value(t.maturity.value, lang),
        tr(lang, "seuil", "threshold"),
        decimal(t.maturity.threshold, lang),
        tr(lang, " : ", ": "),
        side(&t.maturity.side_name),
        tr(lang, "difficulté", "difficulty"),
        t.difficulty
            .value
            .map(|v| percent(v, lang))
            .unwrap_or_else(|| "-".into()),
        tr(lang, "seuil", "threshold"),
        percent(t.difficulty.threshold, lang),
        tr(lang, " : ", ": "),
        side(&t.difficulty.side_name),
    );
    match (&t.quadrant, &t.explanation) {
        (Some(q), Some(why)) => out.push_str(&format!(
            "  → {}\n    {}\n    {}\n",
            q.name.get(lang),
            why.get(lang),
            q.strategy.get(lang)
        )),
        _ => out.push_str(&format!(
            "  → {}\n",
            tr(
                lang,
                "quadrant indéterminé : il manque des réponses sur la maturité ou la difficulté",
                "quadrant undetermined: maturity or difficulty answers are missing"
            )
        )),
    }
    out
}

fn dora(a: &Assessment, catalog: &Catalog, lang: Lang) -> String {
    let d = &a.dora;
    if d.placed == 0 {
        return String::new();
    }
    let mut out = format!(
        "\nDORA ({}){}{}\n",
        d.year,
        tr(lang, " : ", ": "),
        d.overall
            .as_ref()
            .map(|c| c.name.get(lang).to_string())
            .unwrap_or_else(|| format!(
                "{} ({}/{})",
                tr(lang, "pas assez de clés", "not enough keys"),
                d.placed,
                d.min_keys
            ))
    );
    // The answered range first, the cluster's own definition apart and labelled: a cluster spans
    // several ranges, and its definition alone would misquote the client.
    // A key read against reference values (the change failure rate) is not placed: its answer
    // is shown against the published values. A placed answer outside the published ranges says so.
    for k in &d.keys {
        if let (Some(r), Some(a)) = (&k.reference, &k.answered) {
            out.push_str(&format!(
                "  {}{}{} — {}{}. {}\n",
                axis_name(catalog, &k.axis, lang),
                tr(lang, " : ", ": "),
                tr(lang, "non placé", "not placed"),
                tr(
                    lang,
                    "réponse la plus fréquente : ",
                    "most frequent answer: "
                ),
                a.get(lang),
                r.get(lang)
            ));
            continue;
        }
        let Some(c) = &k.cluster else { continue };
        let placed = if k.outside {
            match lang {
                Lang::Fr => format!(
                    "hors des plages publiées (compté avec « {} »)",
                    c.name.get(lang)
                ),
                Lang::En => format!(
                    "outside the published bands (counted with {})",
                    c.name.get(lang)
                ),
            }
        } else {
            c.name.get(lang).to_string()
        };
        let mut line = format!(
            "  {}{}{}",
            axis_name(catalog, &k.axis, lang),
            tr(lang, " : ", ": "),
            placed,
        );
        if let Some(a) = &k.answered {
            line.push_str(&format!(
                " — {}{}",
                tr(
                    lang,
                    "réponse la plus fréquente : ",
                    "most frequent answer: "
                ),
                a.get(lang)
            ));
        }
        if let Some(b) = &k.band {
            let name = c.name.get(lang);
            line.push_str(&match lang {
                Lang::Fr => format!(
                    " (repère DORA {} pour « {name} » : {})",
                    d.year,
                    b.get(lang)
                ),
                Lang::En => format!(" (DORA {} band for {name}: {})", d.year, b.get(lang)),
            });
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn gaps(a: &Assessment, catalog: &Catalog, lang: Lang) -> String {
    if a.perception_gaps.is_empty() {
        return String::new();
    }
    let role = |id: &str| {
        catalog
            .framework
            .role(id)
            .map(|r| r.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let mut out = format!(
        "\n{}\n",
        tr(lang, "Écarts de perception", "Perception gaps")
    );
    for g in a.perception_gaps.iter().take(5) {
        out.push_str(&format!(
            "  {}{}{} {} / {} {} ({} {})\n",
            axis_name(catalog, &g.axis, lang),
            tr(lang, " : ", ": "),
            role(&g.high_role),
            decimal(g.high_level, lang),
            role(&g.low_role),
            decimal(g.low_level, lang),
            tr(lang, "écart", "gap"),
            decimal(g.gap, lang)
        ));
    }
    out
}

fn findings(a: &Assessment, lang: Lang) -> String {
    let shown: Vec<_> = a
        .evidence
        .findings
        .iter()
        .filter(|f| matches!(f.verdict, Verdict::Contradicted | Verdict::Inferred))
        .collect();
    if !a.evidence.scanned {
        return format!(
            "\n{}\n",
            tr(
                lang,
                "Preuves : aucun scan (evidence/scan.json absent)",
                "Evidence: no scan (no evidence/scan.json)"
            )
        );
    }
    let mut out = format!(
        "\n{} ({} {})\n",
        tr(lang, "Preuves", "Evidence"),
        a.evidence.repositories,
        tr(lang, "dépôts", "repositories")
    );
    for f in shown {
        out.push_str(&format!("  - {}\n", f.message.get(lang)));
    }
    out
}

fn antipatterns(a: &Assessment, lang: Lang) -> String {
    if a.antipatterns.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", tr(lang, "Anti-modèles", "Anti-patterns"));
    for h in &a.antipatterns {
        let why: Vec<String> = h
            .evidence
            .iter()
            .map(|e| format!("{} {}", e.question, e.condition))
            .collect();
        out.push_str(&format!(
            "  - {} ({})\n    {}\n",
            h.name.get(lang),
            why.join(", "),
            h.remedy.get(lang)
        ));
    }
    out
}

/// The value range when it can be computed, else what the estimate lacks; nothing without
/// `[economics]`.
fn value_case(a: &Assessment, lang: Lang) -> String {
    let v = &a.value;
    if !v.economics {
        return String::new();
    }
    let title = tr(lang, "Valeur (par an)", "Value (per year)");
    let amount = |x: f64| platform_audit::value::money::compact(x, &v.currency, lang);
    match (v.low, v.expected, v.high) {
        (Some(low), Some(expected), Some(high)) => format!(
            "\n{title}\n  {} – {} ({} {}), {}\n",
            amount(low),
            amount(high),
            tr(lang, "attendu", "expected"),
            amount(expected),
            tr(
                lang,
                "hypothèses et sources dans le rapport",
                "assumptions and sources in the report"
            )
        ),
        _ => format!(
            "\n{title}\n  {}: {}\n",
            tr(lang, "à recueillir", "to collect"),
            v.missing_inputs.join(", ")
        ),
    }
}

fn roadmap(a: &Assessment, lang: Lang, top: usize) -> String {
    let mut out = format!("\n{}\n", tr(lang, "Feuille de route", "Roadmap"));
    for h in &a.roadmap {
        out.push_str(&format!(
            "  {} ({})\n",
            h.name.get(lang),
            h.recommendations.len()
        ));
        for id in h.recommendations.iter().take(top) {
            if let Some(r) = a.recommendation(id) {
                let questions: Vec<&str> = r.sources.iter().map(|s| s.question.as_str()).collect();
                out.push_str(&format!(
                    "    - {} [{}] ({})\n",
                    r.title.get(lang),
                    decimal(r.priority, lang),
                    questions.join(", ")
                ));
            }
        }
    }
    out
}
