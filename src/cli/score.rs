use super::table::Table;
use anyhow::Result;
use platform_audit::engagement::Engagement;
use platform_audit::framework::Family;
use platform_audit::questionnaire::Catalog;
use platform_audit::report::view::{decimal, percent};
use platform_audit::scoring::{self, Assessment};
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
    #[arg(long, value_parser = super::parse_lang)]
    lang: Option<Lang>,
}

pub fn run(args: Args, catalog: &Catalog) -> Result<()> {
    let engagement = Engagement::load(&args.dir, catalog)?;
    let assessment = scoring::assess(&engagement, catalog)?;
    if args.json {
        print!("{}", platform_audit::report::json(&assessment)?);
        return Ok(());
    }
    let lang = args.lang.unwrap_or(engagement.meta.language);
    print!("{}", summary(&assessment, catalog, lang));
    Ok(())
}

fn summary(a: &Assessment, catalog: &Catalog, lang: Lang) -> String {
    let fw = &catalog.framework;
    let t = |fr: &'static str, en: &'static str| if lang == Lang::Fr { fr } else { en };
    let mut out = format!(
        "{} — {} ({} {})\n",
        a.engagement.client,
        a.engagement.date,
        a.respondents.len(),
        t("répondants", "respondents")
    );
    for family in Family::ALL {
        let axes: Vec<_> = a
            .axes
            .iter()
            .filter(|x| x.family == family && x.questions > 0)
            .collect();
        if axes.is_empty() {
            continue;
        }
        let mut table = Table::new(&[
            t("axe", "axis"),
            t("niveau", "level"),
            t("palier", "band"),
            t("cible", "target"),
            t("écart", "gap"),
            t("couverture", "coverage"),
        ])
        .right_align(&[1, 3, 4, 5]);
        for x in axes {
            let def = fw.axis(&x.id);
            let band = x
                .band
                .and_then(|b| {
                    def.and_then(|d| d.level_names.as_ref())
                        .and_then(|n| n.get(usize::from(b) - 1))
                        .or_else(|| fw.level(b).map(|l| &l.name))
                })
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
            ]);
        }
        out.push('\n');
        out.push_str(&table.render());
    }
    out
}
