//! The progress report's view model: the [`Comparison`] with every label translated and every
//! number typeset for the language. Templates only lay it out.

use super::chart;
use super::noise::Verdict;
use super::*;
use crate::evidence::SignalLabels;
use crate::framework::Framework;
use crate::report::format::{decimal, fill, level_name, percent, Labels};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub lang: String,
    pub labels: BTreeMap<String, String>,
    /// The page margin boxes' texts, as the main report prints them.
    pub print: crate::report::view::Print,
    pub tool_version: String,
    pub client: String,
    pub renamed: bool,
    pub baseline: String,
    pub current: String,
    pub assessments: Vec<AssessmentView>,
    /// The one-page summary for leadership, one sentence each.
    pub summary: Vec<String>,
    /// CNCF aspects, then every other family as its own table.
    pub aspects: Vec<AxisRow>,
    pub families: Vec<FamilyView>,
    pub roles: Vec<RoleRow>,
    pub dora: Vec<DoraRow>,
    pub dora_years: Option<String>,
    pub quadrant: QuadrantView,
    pub antipatterns: AntiPatternView,
    pub recommendations: RecommendationView,
    pub matching: MatchingView,
    pub scan: Option<ScanView>,
    /// The value range before and after, when both have one.
    pub value: Option<ValueView>,
    pub not_compared: Vec<String>,
    /// The noise rule in words, with its constants.
    pub rule: String,
    pub charts: Vec<ChartView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentView {
    pub date: String,
    pub source: String,
    pub respondents: usize,
    pub survey: usize,
    pub questionnaires: String,
    /// "schema 2, migrated", when it was.
    pub schema: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AxisRow {
    pub name: String,
    pub before: String,
    pub after: String,
    pub delta: String,
    pub band_before: String,
    pub band_after: String,
    /// The band moved (up or down).
    pub band_moved: bool,
    pub confidence: String,
    pub margin: String,
    pub respondents: String,
    pub turnover: String,
    pub verdict: String,
    /// `up`, `down`, `who_answered`, `within_noise`, `same`, `not_comparable` (a CSS class).
    pub code: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FamilyView {
    pub name: String,
    pub rows: Vec<AxisRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleRow {
    pub axis: String,
    pub role: String,
    pub before: String,
    pub after: String,
    pub delta: String,
    pub respondents: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoraRow {
    pub name: String,
    pub before: String,
    pub after: String,
    pub moved: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuadrantView {
    pub before: String,
    pub after: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AntiPatternView {
    pub resolved: Vec<String>,
    pub new: Vec<String>,
    pub remaining: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationRow {
    pub title: String,
    pub questions: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationView {
    /// Per initiative of the baseline: its name and how many recommendations are done, open or
    /// no longer comparable.
    pub initiatives: Vec<InitiativeRow>,
    pub done: Vec<RecommendationRow>,
    /// The first [`OPEN_SHOWN`] still open, in the baseline's priority order.
    pub open: Vec<RecommendationRow>,
    /// How many more are open ("and 12 more, listed in progress.json"), when any.
    pub open_more: Option<String>,
    pub not_comparable: Vec<RecommendationRow>,
    pub new: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InitiativeRow {
    pub name: String,
    pub done: usize,
    pub open: usize,
    pub not_comparable: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatchingView {
    pub questionnaires: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub relevelled: Vec<String>,
    pub matched: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    pub name: String,
    pub before: String,
    pub after: String,
    pub delta: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScanView {
    pub repositories: String,
    pub categories: Vec<CoverageRow>,
    pub signals: Vec<CoverageRow>,
    pub unchanged: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    pub currency: String,
    pub before: String,
    pub after: String,
    pub delta: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// The file written beside the Markdown report.
    pub file: String,
    pub title: String,
    pub svg: String,
}

/// Open recommendations listed in the report, highest baseline priority first; the JSON lists
/// them all.
pub const OPEN_SHOWN: usize = 10;

/// A constant of the rule with two decimals (0.25), in the language's typography.
fn constant(x: f64, lang: Lang) -> String {
    let s = format!("{x:.2}");
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

/// An amount in the value case's own writing (`410 k€`, `€410k`), signed with U+2212 when
/// negative.
fn amount(x: f64, currency: &str, lang: Lang) -> String {
    let text = crate::value::money::compact(x.abs(), currency, lang);
    if x < 0.0 {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

fn value_range(r: &super::input::ValueRange, currency: &str, lang: Lang) -> String {
    format!(
        "{} ({} – {})",
        amount(r.expected, currency, lang),
        amount(r.low, currency, lang),
        amount(r.high, currency, lang)
    )
}

/// A signed change with one decimal: `+0.8`, `−0.3`, `0.0`.
fn signed(d: f64, lang: Lang) -> String {
    let text = decimal(d.abs(), lang);
    if text == decimal(0.0, lang) {
        text
    } else if d > 0.0 {
        format!("+{text}")
    } else {
        format!("\u{2212}{text}")
    }
}

/// A signed change of a share, in percentage points.
fn signed_points(d: f64, lang: Lang) -> String {
    let text = percent(d.abs(), lang);
    if text == percent(0.0, lang) {
        text
    } else if d > 0.0 {
        format!("+{text}")
    } else {
        format!("\u{2212}{text}")
    }
}

fn axis_name(fw: &Framework, id: &str, lang: Lang) -> String {
    fw.axis(id)
        .map(|a| a.name.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn role_name(fw: &Framework, id: &str, lang: Lang) -> String {
    fw.roles
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.name.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn level_or_none(l: Option<f64>, lang: Lang, labels: &Labels) -> String {
    l.map(|l| decimal(l, lang))
        .unwrap_or_else(|| labels.get("not_scored"))
}

fn axis_row(x: &AxisChange, fw: &Framework, labels: &Labels) -> AxisRow {
    let lang = labels.lang;
    let band = |b: Option<u8>| {
        b.map(|b| level_name(fw, fw.axis(&x.id), b, lang))
            .unwrap_or_default()
    };
    AxisRow {
        name: axis_name(fw, &x.id, lang),
        before: level_or_none(x.before, lang, labels),
        after: level_or_none(x.after, lang, labels),
        delta: x.delta.map(|d| signed(d, lang)).unwrap_or_default(),
        band_before: band(x.band_before),
        band_after: band(x.band_after),
        band_moved: x.band_before.zip(x.band_after).is_some_and(|(b, a)| a != b),
        confidence: format!(
            "{} → {}",
            percent(x.confidence_before, lang),
            percent(x.confidence_after, lang)
        ),
        margin: format!("±{}", constant(x.margin, lang)),
        respondents: if x.respondents_before + x.respondents_after == 0 {
            labels.get("respondents_survey_only")
        } else {
            fill(
                &labels.get("respondents_both"),
                &[
                    ("before", &x.respondents_before.to_string()),
                    ("after", &x.respondents_after.to_string()),
                    ("both", &x.common.to_string()),
                ],
            )
        },
        turnover: x
            .turnover
            .map(|t| percent(t, lang))
            .unwrap_or_else(|| "—".to_string()),
        verdict: labels.get(&format!("verdict.{}", x.verdict.code())),
        code: x.verdict.code().to_string(),
    }
}

/// Names joined with commas and the language's "and".
fn list(items: &[String], labels: &Labels) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), labels.get("and")),
    }
}

fn summary(c: &Comparison, fw: &Framework, labels: &Labels) -> Vec<String> {
    let lang = labels.lang;
    let aspects: Vec<&AxisChange> = c.axes.iter().filter(|x| x.family == Family::Cncf).collect();
    let names = |v: Verdict| -> Vec<String> {
        aspects
            .iter()
            .filter(|x| x.verdict == v)
            .map(|x| {
                format!(
                    "{} ({} → {})",
                    axis_name(fw, &x.id, lang),
                    level_or_none(x.before, lang, labels),
                    level_or_none(x.after, lang, labels)
                )
            })
            .collect()
    };
    let mut out = Vec::new();
    for (verdict, key) in [
        (Verdict::Up, "summary.up"),
        (Verdict::Down, "summary.down"),
        (Verdict::WhoAnswered, "summary.who_answered"),
        (Verdict::WithinNoise, "summary.within_noise"),
        (Verdict::Same, "summary.same"),
    ] {
        let items = names(verdict);
        if !items.is_empty() {
            out.push(fill(
                &labels.plural(key, items.len()),
                &[
                    ("count", &items.len().to_string()),
                    ("list", &list(&items, labels)),
                ],
            ));
        }
    }
    let band_up: Vec<String> = aspects
        .iter()
        .filter(|x| {
            x.verdict == Verdict::Up && x.band_before.zip(x.band_after).is_some_and(|(b, a)| a > b)
        })
        .map(|x| axis_name(fw, &x.id, lang))
        .collect();
    if !band_up.is_empty() {
        out.push(fill(
            &labels.plural("summary.band_up", band_up.len()),
            &[
                ("count", &band_up.len().to_string()),
                ("list", &list(&band_up, labels)),
            ],
        ));
    }
    // The other families in one sentence per reading, names only: the detail is in the tables.
    for (verdict, key) in [
        (Verdict::Up, "summary.others_up"),
        (Verdict::Down, "summary.others_down"),
        (Verdict::WhoAnswered, "summary.others_who_answered"),
    ] {
        let items: Vec<String> = c
            .axes
            .iter()
            .filter(|x| !matches!(x.family, Family::Cncf | Family::Context) && x.verdict == verdict)
            .map(|x| axis_name(fw, &x.id, lang))
            .collect();
        if !items.is_empty() {
            out.push(fill(
                &labels.plural(key, items.len()),
                &[
                    ("count", &items.len().to_string()),
                    ("list", &list(&items, labels)),
                ],
            ));
        }
    }
    let a = &c.antipatterns;
    out.push(fill(
        &labels.get("summary.antipatterns"),
        &[
            (
                "resolved",
                &labels.count("count.antipatterns_resolved", a.resolved.len()),
            ),
            ("new", &labels.count("count.antipatterns_new", a.new.len())),
            ("remaining", &a.remaining.len().to_string()),
        ],
    ));
    let r = &c.recommendations;
    let total = r.done.len() + r.open.len() + r.not_comparable.len();
    out.push(fill(
        &labels.get("summary.recommendations"),
        &[
            ("done", &r.done.len().to_string()),
            ("total", &total.to_string()),
            ("open", &labels.count("count.open", r.open.len())),
        ],
    ));
    out.push(quadrant(c, labels).text);
    let overall = &c.dora.overall;
    let cluster = |k: &Option<Cluster>| {
        k.as_ref()
            .map(|k| k.name.get(lang).to_string())
            .unwrap_or_else(|| labels.get("dora.unplaced"))
    };
    out.push(fill(
        &labels.get("summary.dora"),
        &[
            ("before", &cluster(&overall.before)),
            ("after", &cluster(&overall.after)),
        ],
    ));
    if let Some(v) = &c.value {
        out.push(fill(
            &labels.get("summary.value"),
            &[
                ("before", &amount(v.before.expected, &v.currency, lang)),
                ("after", &amount(v.after.expected, &v.currency, lang)),
            ],
        ));
    }
    if let Some(scan) = &c.scan {
        let wider = scan.signals.iter().filter(|s| s.delta > 0.0).count();
        let narrower = scan.signals.iter().filter(|s| s.delta < 0.0).count();
        out.push(fill(
            &labels.get("summary.scan"),
            &[
                ("wider", &labels.count("count.wider", wider)),
                ("narrower", &labels.count("count.narrower", narrower)),
            ],
        ));
    }
    let m = &c.matching;
    if !(m.added.is_empty() && m.removed.is_empty() && m.relevelled.is_empty()) {
        out.push(fill(
            &labels.get("summary.matching"),
            &[
                ("added", &labels.count("count.added", m.added.len())),
                ("removed", &labels.count("count.removed", m.removed.len())),
                (
                    "relevelled",
                    &labels.count("count.relevelled", m.relevelled.len()),
                ),
            ],
        ));
    }
    out
}

fn quadrant(c: &Comparison, labels: &Labels) -> QuadrantView {
    let lang = labels.lang;
    let name = |q: &Option<Named>| {
        q.as_ref()
            .map(|q| q.name.get(lang).to_string())
            .unwrap_or_else(|| labels.get("quadrant.none"))
    };
    let (before, after) = (name(&c.quadrant.before), name(&c.quadrant.after));
    let key = if c.quadrant.changed {
        "summary.quadrant_moved"
    } else {
        "summary.quadrant_same"
    };
    QuadrantView {
        text: fill(&labels.get(key), &[("before", &before), ("after", &after)]),
        before,
        after,
    }
}

fn recommendation_row(r: &RecommendationStatus, labels: &Labels) -> RecommendationRow {
    let lang = labels.lang;
    RecommendationRow {
        title: r.title.get(lang).to_string(),
        questions: r
            .questions
            .iter()
            .map(|q| {
                fill(
                    &labels.get("recommendation.source"),
                    &[
                        ("question", &q.question),
                        ("before", &level_or_none(q.before, lang, labels)),
                        ("after", &level_or_none(q.after, lang, labels)),
                        ("target", &q.target.to_string()),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn coverage_row(c: &CoverageChange, name: String, lang: Lang) -> CoverageRow {
    CoverageRow {
        name,
        before: format!("{} ({})", percent(c.before, lang), c.repositories_before),
        after: format!("{} ({})", percent(c.after, lang), c.repositories_after),
        delta: signed_points(c.delta, lang),
    }
}

fn charts(c: &Comparison, fw: &Framework, labels: &Labels) -> Vec<ChartView> {
    let lang = labels.lang;
    let aspects: Vec<&AxisChange> = c.axes.iter().filter(|x| x.family == Family::Cncf).collect();
    let dates: Vec<String> = c.assessments.iter().map(|a| a.date.to_string()).collect();
    let (first, last) = (
        dates.first().cloned().unwrap_or_default(),
        dates.last().cloned().unwrap_or_default(),
    );
    let title = labels.get("chart.before_after");
    let mut out = vec![ChartView {
        file: "progress-aspects.svg".into(),
        svg: chart::before_after(&chart::BeforeAfter {
            title: title.clone(),
            rows: aspects
                .iter()
                .map(|x| chart::Pair {
                    name: axis_name(fw, &x.id, lang),
                    before: x.before,
                    after: x.after,
                    label_before: level_or_none(x.before, lang, labels),
                    label_after: level_or_none(x.after, lang, labels),
                    target: x.target.map(f64::from),
                })
                .collect(),
            scale: (1..=4).map(|l| level_name(fw, None, l, lang)).collect(),
            legend: [
                fill(&labels.get("chart.baseline"), &[("date", &first)]),
                fill(&labels.get("chart.current"), &[("date", &last)]),
                labels.get("target"),
            ],
        }),
        title,
    }];
    if c.assessments.len() > 2 {
        let title = labels.get("chart.trend");
        out.push(ChartView {
            file: "progress-trend.svg".into(),
            svg: chart::trend(&chart::Trend {
                title: title.clone(),
                dates,
                series: aspects
                    .iter()
                    .map(|x| chart::Series {
                        name: axis_name(fw, &x.id, lang),
                        levels: x.levels.clone(),
                        label: level_or_none(x.after, lang, labels),
                    })
                    .collect(),
            }),
            title,
        });
    }
    out
}

pub fn build(
    c: &Comparison,
    fw: &Framework,
    catalogue: &BTreeMap<String, Text>,
    lang: Lang,
) -> View {
    let labels = Labels { catalogue, lang };
    let signals = SignalLabels::embedded();
    let mut families: Vec<FamilyView> = Vec::new();
    for x in c
        .axes
        .iter()
        .filter(|x| !matches!(x.family, Family::Cncf | Family::Context))
    {
        let name = labels.get(&format!("family.{}", family_code(x.family)));
        let row = axis_row(x, fw, &labels);
        match families.iter_mut().find(|f| f.name == name) {
            Some(f) => f.rows.push(row),
            None => families.push(FamilyView {
                name,
                rows: vec![row],
            }),
        }
    }
    let dora_row = |k: &DoraKeyChange, name: String| {
        let cluster = |c: &Option<Cluster>| {
            c.as_ref()
                .map(|c| c.name.get(lang).to_string())
                .unwrap_or_else(|| labels.get("dora.unplaced"))
        };
        DoraRow {
            name,
            before: cluster(&k.before),
            after: cluster(&k.after),
            moved: match k.moved {
                Some(m) if m > 0 => labels.count("dora.better", m as usize),
                Some(m) if m < 0 => labels.count("dora.worse", m.unsigned_abs() as usize),
                Some(_) => labels.get("dora.same"),
                None => "—".into(),
            },
        }
    };
    let mut dora: Vec<DoraRow> = c
        .dora
        .keys
        .iter()
        .filter(|k| k.before.is_some() || k.after.is_some())
        .map(|k| dora_row(k, axis_name(fw, &k.axis, lang)))
        .collect();
    dora.push(dora_row(&c.dora.overall, labels.get("dora.overall")));
    let names =
        |v: &[Named]| -> Vec<String> { v.iter().map(|n| n.name.get(lang).to_string()).collect() };
    let m = &c.matching;
    let question = |q: &QuestionRef| format!("{} ({})", q.id, q.questionnaire);
    let current = c
        .assessments
        .last()
        .map(|a| a.date.to_string())
        .unwrap_or_default();
    View {
        print: crate::report::view::Print {
            footer: crate::report::view::css_string(&format!(
                "{} · {} · {current}",
                c.client,
                labels.get("confidential")
            )),
            page: crate::report::view::css_string(&labels.get("page")),
        },
        lang: lang.code().to_string(),
        tool_version: c.tool_version.clone(),
        client: c.client.clone(),
        renamed: c.renamed,
        baseline: c
            .assessments
            .first()
            .map(|a| a.date.to_string())
            .unwrap_or_default(),
        current: c
            .assessments
            .last()
            .map(|a| a.date.to_string())
            .unwrap_or_default(),
        assessments: c
            .assessments
            .iter()
            .map(|a| AssessmentView {
                date: a.date.to_string(),
                source: a.source.clone(),
                respondents: a.respondents,
                survey: a.survey,
                questionnaires: a
                    .questionnaires
                    .iter()
                    .map(|q| format!("{} v{}", q.title.get(lang), q.version))
                    .collect::<Vec<_>>()
                    .join(", "),
                schema: if a.schema_version == crate::scoring::SCHEMA_VERSION {
                    a.schema_version.to_string()
                } else {
                    fill(
                        &labels.get("schema_migrated"),
                        &[("version", &a.schema_version.to_string())],
                    )
                },
            })
            .collect(),
        summary: summary(c, fw, &labels),
        aspects: c
            .axes
            .iter()
            .filter(|x| x.family == Family::Cncf)
            .map(|x| axis_row(x, fw, &labels))
            .collect(),
        families,
        roles: c
            .roles
            .iter()
            .filter(|r| fw.axis(&r.axis).is_some_and(|a| a.family == Family::Cncf))
            .map(|r| RoleRow {
                axis: axis_name(fw, &r.axis, lang),
                role: role_name(fw, &r.role, lang),
                before: decimal(r.before, lang),
                after: decimal(r.after, lang),
                delta: signed(r.delta, lang),
                respondents: format!("{} → {}", r.respondents_before, r.respondents_after),
            })
            .collect(),
        dora,
        dora_years: (c.dora.year_before != c.dora.year_after).then(|| {
            fill(
                &labels.get("dora.years"),
                &[
                    ("before", &c.dora.year_before.to_string()),
                    ("after", &c.dora.year_after.to_string()),
                ],
            )
        }),
        quadrant: quadrant(c, &labels),
        antipatterns: AntiPatternView {
            resolved: names(&c.antipatterns.resolved),
            new: names(&c.antipatterns.new),
            remaining: names(&c.antipatterns.remaining),
        },
        recommendations: RecommendationView {
            initiatives: c
                .initiatives
                .iter()
                .map(|i| InitiativeRow {
                    name: i.name.get(lang).to_string(),
                    done: i.done,
                    open: i.open,
                    not_comparable: i.not_comparable,
                })
                .collect(),
            done: c
                .recommendations
                .done
                .iter()
                .map(|r| recommendation_row(r, &labels))
                .collect(),
            open: c
                .recommendations
                .open
                .iter()
                .take(OPEN_SHOWN)
                .map(|r| recommendation_row(r, &labels))
                .collect(),
            open_more: (c.recommendations.open.len() > OPEN_SHOWN).then(|| {
                labels.count("count.open_more", c.recommendations.open.len() - OPEN_SHOWN)
            }),
            not_comparable: c
                .recommendations
                .not_comparable
                .iter()
                .map(|r| recommendation_row(r, &labels))
                .collect(),
            new: names(&c.recommendations.new),
        },
        matching: MatchingView {
            questionnaires: m
                .questionnaires
                .iter()
                .map(|q| {
                    fill(
                        &labels.get("matching.version"),
                        &[
                            ("title", q.title.get(lang)),
                            ("before", q.before.as_deref().unwrap_or("—")),
                            ("after", q.after.as_deref().unwrap_or("—")),
                        ],
                    )
                })
                .collect(),
            added: m.added.iter().map(question).collect(),
            removed: m.removed.iter().map(question).collect(),
            relevelled: m
                .relevelled
                .iter()
                .map(|r| {
                    format!(
                        "{} ({}){} {}",
                        r.id,
                        r.questionnaire,
                        labels.get("colon"),
                        labels.get(&format!("relevelled.{}", r.what))
                    )
                })
                .collect(),
            matched: labels.count("count.matched", m.matched),
        },
        scan: c.scan.as_ref().map(|s| ScanView {
            repositories: fill(
                &labels.get("scan.repositories"),
                &[
                    ("before", &s.repositories_before.to_string()),
                    ("after", &s.repositories_after.to_string()),
                ],
            ),
            categories: s
                .categories
                .iter()
                .map(|x| coverage_row(x, signals.category(&x.id).get(lang).to_string(), lang))
                .collect(),
            signals: s
                .signals
                .iter()
                .map(|x| coverage_row(x, signals.signal(&x.id).get(lang).to_string(), lang))
                .collect(),
            unchanged: labels.count("count.unchanged_signals", s.signals_unchanged),
        }),
        value: c.value.as_ref().map(|v| ValueView {
            currency: v.currency.clone(),
            before: value_range(&v.before, &v.currency, lang),
            after: value_range(&v.after, &v.currency, lang),
            delta: if v.delta_expected > 0.0 {
                format!("+{}", amount(v.delta_expected, &v.currency, lang))
            } else {
                amount(v.delta_expected, &v.currency, lang)
            },
        }),
        not_compared: not_compared(c, &labels),
        rule: fill(
            &labels.get("rule"),
            &[
                ("floor", &constant(c.rule.floor, lang)),
                ("factor", &constant(c.rule.factor, lang)),
                ("turnover", &percent(c.rule.turnover, lang)),
            ],
        ),
        charts: charts(c, fw, &labels),
        labels: catalogue
            .iter()
            .map(|(k, t)| (k.clone(), t.get(lang).to_string()))
            .collect(),
    }
}

/// What is not compared, and why, translated.
fn not_compared(c: &Comparison, labels: &Labels) -> Vec<String> {
    c.not_compared
        .iter()
        .map(|id| labels.get(&format!("not_compared.{id}")))
        .collect()
}

fn family_code(f: Family) -> &'static str {
    match f {
        Family::Cncf => "cncf",
        Family::Space => "space",
        Family::Dora => "dora",
        Family::Key => "key",
        Family::Context => "context",
        Family::Ai => "ai",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_as_each_language_writes_them() {
        assert_eq!(amount(1_200_000.0, "EUR", Lang::En), "€1.2M");
        assert_eq!(amount(1_200_000.0, "EUR", Lang::Fr), "1,2\u{a0}M€");
        assert_eq!(amount(-120_000.0, "EUR", Lang::En), "\u{2212}€120k");
    }

    #[test]
    fn signed_changes_show_their_direction_and_no_sign_for_zero() {
        assert_eq!(signed(0.58, Lang::En), "+0.6");
        assert_eq!(signed(-0.31, Lang::Fr), "\u{2212}0,3");
        assert_eq!(signed(0.04, Lang::En), "0.0");
    }
}
