//! The view of what scoring concluded beyond the axes: client topology, DORA clusters, perception
//! gaps, evidence from scans, anti-patterns, recommendations and the roadmap. Each part is absent
//! from the view when the Assessment has no data for it.

use super::format::{decimal, fill, percent, Labels};
use super::notes;
use super::support::Support;
use crate::evidence::{ScanReport, SignalLabels};
use crate::i18n::{Lang, Text};
use crate::questionnaire::{Catalog, Effort, Value};
use crate::scoring::{Assessment, RecommendationItem, Verdict};
use serde::Serialize;

/// How many recommendations each roadmap horizon details; the rest are listed by title.
pub const PER_HORIZON: usize = 6;
/// How many perception gaps the report shows.
pub const PERCEPTION_GAPS: usize = 6;

#[derive(Debug, Serialize)]
pub struct TopologyView {
    pub quadrant: String,
    pub name: String,
    pub strategy: String,
    /// `1,7 (beginner; threshold 2,5)`.
    pub maturity: String,
    /// `58 % (hard; threshold 50 %)`.
    pub difficulty: String,
    /// The context answers that weighed most on difficulty.
    pub difficulty_drivers: Vec<TopologyDriver>,
    #[serde(skip)]
    pub chart: Option<(f64, f64, f64, f64)>,
}

#[derive(Debug, Serialize)]
pub struct TopologyDriver {
    pub question: String,
    pub answer: String,
    /// Its share of the difficulty value.
    pub contribution: String,
}

#[derive(Debug, Serialize)]
pub struct DoraView {
    pub year: u16,
    pub source: String,
    /// The overall cluster's name and meaning; absent below the minimum of placed keys.
    pub overall: Option<String>,
    pub overall_description: Option<String>,
    /// The share of the year's respondents in the overall cluster.
    pub overall_share: Option<String>,
    /// `3 of 4 keys placed (at least 3 needed)`.
    pub placed: String,
    pub keys: Vec<DoraKeyView>,
    /// The year's clusters, best first, with their share of respondents.
    pub clusters: Vec<DoraClusterView>,
    /// DORA's warning: the clusters are not a maturity model.
    pub caveat: String,
}

#[derive(Debug, Serialize)]
pub struct BenchmarkView {
    /// Which edition, groups and source the positions are read against, in one paragraph.
    pub intro: String,
    pub rows: Vec<BenchmarkRow>,
}

#[derive(Debug, Serialize)]
pub struct BenchmarkRow {
    pub name: String,
    /// The client's value on the 0–10 scale, or empty when unanswered.
    pub value: String,
    /// Position against the industry, then the size: `+0.4 SD (mean 5.3, SD 2.9)`, or why there
    /// is none.
    pub industry: String,
    pub size: String,
}

#[derive(Debug, Serialize)]
pub struct DoraClusterView {
    pub name: String,
    /// `19 % (18–20 %)`.
    pub respondents: String,
}

#[derive(Debug, Serialize)]
pub struct DoraKeyView {
    pub axis: String,
    pub name: String,
    /// The cluster's name, or why the key has none; empty when not answered.
    pub cluster: String,
    /// The answer lies outside the year's published ranges.
    pub outside: bool,
    /// What the cluster means for this key in the table's year.
    pub band: String,
    /// What the client said: the most frequent answered range; empty when not placed.
    pub answered: String,
}

#[derive(Debug, Serialize)]
pub struct GapView {
    pub axis: String,
    pub name: String,
    pub high_role: String,
    pub high_level: String,
    pub low_role: String,
    pub low_level: String,
    pub gap: String,
    /// The question where they differ most.
    pub widest_question: String,
    #[serde(skip)]
    pub values: (f64, f64),
}

#[derive(Debug, Serialize)]
pub struct EvidenceView {
    /// `12 repositories scanned`.
    pub scanned: String,
    /// Per question with an evidence rule: the verdict and its explanation.
    pub findings: Vec<EvidenceLine>,
    /// Coverage per signal category, when the scan report is at hand.
    pub categories: Vec<CategoryLine>,
    /// The signals found in at least one repository, most widespread first.
    pub signals: Vec<SignalLine>,
    /// `31 signals of the catalogue were found in no repository.`; empty when none is missing.
    pub signals_not_found: String,
    /// Per corroborated or contradicted claim, the repositories and paths behind it (when the
    /// scan report is at hand).
    pub claims: Vec<ClaimPaths>,
}

#[derive(Debug, Serialize)]
pub struct ClaimPaths {
    pub question: String,
    pub verdict: String,
    pub verdict_name: String,
    /// Repositories whose own configuration shows a signal of the claim's rule; empty when none
    /// does.
    pub repositories: Vec<RepositoryPaths>,
}

#[derive(Debug, Serialize)]
pub struct RepositoryPaths {
    pub repository: String,
    /// The matching paths, relative to the repository, joined by `, `.
    pub paths: String,
}

#[derive(Debug, Serialize)]
pub struct SignalLine {
    pub id: String,
    /// The signal's label in the report's language.
    pub name: String,
    /// Its category's label.
    pub category: String,
    /// Repositories showing it, and their share.
    pub repositories: usize,
    pub coverage: String,
}

#[derive(Debug, Serialize)]
pub struct EvidenceLine {
    pub question: String,
    /// The question's CNCF aspect ids (to list findings under their aspect).
    pub axes: Vec<String>,
    /// `corroborated`, `contradicted`, `inconclusive` or `inferred`.
    pub verdict: String,
    pub verdict_name: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct CategoryLine {
    pub id: String,
    pub name: String,
    pub coverage: String,
    pub repositories: usize,
    #[serde(skip)]
    pub share: f64,
}

#[derive(Debug, Serialize)]
pub struct AntiPatternView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub remedy: String,
    /// The answers that triggered it, in words.
    pub evidence: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RecommendationView {
    pub id: String,
    pub title: String,
    /// The text rendered from Markdown, as safe HTML.
    pub text_html: String,
    /// The text as one line of Markdown.
    pub text_md: String,
    pub effort: String,
    pub horizon: String,
    /// The questions below target that call for it.
    pub because: Vec<String>,
    /// What it rests on: `1.8 · 12 answers · confidence medium` (the level of the question
    /// that ranks it), with `· single source` when it is one.
    pub support: String,
    pub single_source: bool,
    /// The initiative it belongs to.
    pub initiative: String,
}

#[derive(Debug, Serialize)]
pub struct HorizonView {
    pub id: String,
    pub name: String,
    /// The highest-priority recommendations of the horizon, detailed.
    pub items: Vec<RecommendationView>,
    /// The others, by title.
    pub more: Vec<String>,
}

pub fn topology(a: &Assessment, catalog: &Catalog, labels: &Labels) -> Option<TopologyView> {
    let lang = labels.lang;
    let t = &a.topology;
    let q = t.quadrant.as_ref()?;
    let (m, d) = (t.maturity.value?, t.difficulty.value?);
    let side = |s: &Option<Text>| {
        s.as_ref()
            .map(|x| x.get(lang).to_string())
            .unwrap_or_default()
    };
    Some(TopologyView {
        quadrant: q.id.clone(),
        name: q.name.get(lang).to_string(),
        strategy: q.strategy.get(lang).to_string(),
        maturity: fill(
            &labels.get("topology.axis_value"),
            &[
                ("value", &decimal(m, lang)),
                ("side", &side(&t.maturity.side_name)),
                ("threshold", &decimal(t.maturity.threshold, lang)),
            ],
        ),
        difficulty: fill(
            &labels.get("topology.axis_value"),
            &[
                ("value", &percent(d, lang)),
                ("side", &side(&t.difficulty.side_name)),
                ("threshold", &percent(t.difficulty.threshold, lang)),
            ],
        ),
        difficulty_drivers: t
            .difficulty_drivers
            .iter()
            .take(5)
            .map(|dr| TopologyDriver {
                question: catalog
                    .question(&dr.id)
                    .map(|q| q.text.get(lang).to_string())
                    .unwrap_or_else(|| dr.id.clone()),
                answer: dr
                    .answer
                    .as_ref()
                    .map(|x| x.get(lang).to_string())
                    .unwrap_or_default(),
                contribution: percent(dr.contribution, lang),
            })
            .collect(),
        chart: Some((m, t.maturity.threshold, d, t.difficulty.threshold)),
    })
}

pub fn dora(a: &Assessment, catalog: &Catalog, labels: &Labels) -> Option<DoraView> {
    let lang = labels.lang;
    let d = &a.dora;
    if d.keys.iter().all(|k| k.answered.is_none()) {
        return None;
    }
    Some(DoraView {
        year: d.year,
        source: d.source.clone(),
        overall: d.overall.as_ref().map(|c| c.name.get(lang).to_string()),
        overall_description: d
            .overall
            .as_ref()
            .map(|c| c.description.get(lang).to_string()),
        overall_share: d.overall.as_ref().map(|c| {
            fill(
                &labels.get("dora.overall_share"),
                &[
                    ("share", &whole_percent(c.respondents.share, lang)),
                    ("year", &d.year.to_string()),
                ],
            )
        }),
        placed: fill(
            &labels.get("dora.placed"),
            &[
                ("placed", &d.placed.to_string()),
                ("keys", &d.placeable.to_string()),
                ("min", &d.min_keys.to_string()),
            ],
        ),
        clusters: d
            .clusters
            .iter()
            .map(|c| DoraClusterView {
                name: c.name.get(lang).to_string(),
                respondents: format!(
                    "{} ({}–{})",
                    whole_percent(c.respondents.share, lang),
                    whole_percent(c.respondents.low, lang),
                    whole_percent(c.respondents.high, lang)
                ),
            })
            .collect(),
        caveat: d.caveat.get(lang).to_string(),
        keys: d
            .keys
            .iter()
            .map(|k| DoraKeyView {
                axis: k.axis.clone(),
                name: axis_name(catalog, &k.axis, labels),
                cluster: match (&k.cluster, &k.reference) {
                    (_, Some(_)) if k.answered.is_some() => labels.get("dora.reference"),
                    (Some(c), _) if k.outside => fill(
                        &labels.get("dora.outside"),
                        &[("cluster", c.name.get(lang))],
                    ),
                    (Some(c), _) => c.name.get(lang).to_string(),
                    _ => String::new(),
                },
                outside: k.outside,
                band: k
                    .reference
                    .as_ref()
                    .or(k.band.as_ref())
                    .map(|b| b.get(lang).to_string())
                    .unwrap_or_default(),
                answered: k
                    .answered
                    .as_ref()
                    .map(|a| a.get(lang).to_string())
                    .unwrap_or_default(),
            })
            .collect(),
    })
}

pub fn benchmark(a: &Assessment, catalog: &Catalog, labels: &Labels) -> Option<BenchmarkView> {
    let lang = labels.lang;
    let b = &a.benchmark;
    if b.metrics.iter().all(|m| m.value.is_none()) {
        return None;
    }
    let group = |g: &Option<crate::scoring::BenchmarkGroup>, unset: &str| match g {
        None => labels.get(unset),
        Some(g) if !g.published => fill(
            &labels.get("benchmark.unpublished"),
            &[("group", g.name.get(lang))],
        ),
        Some(g) => g.name.get(lang).to_string(),
    };
    let intro = fill(
        &labels.get("benchmark.intro"),
        &[
            ("edition", &b.edition.to_string()),
            ("source", &b.source),
            ("industry", &group(&b.industry, "benchmark.no_industry")),
            ("size", &group(&b.size, "benchmark.no_size")),
        ],
    );
    let position = |z: Option<f64>,
                    s: Option<crate::scoring::benchmark::Stat>,
                    value: Option<f64>| match (z, s, value) {
        (Some(z), Some(s), _) => fill(
            &labels.get("benchmark.position"),
            &[
                ("z", &signed(z, lang)),
                ("mean", &decimal(s.mean, lang)),
                ("sd", &decimal(s.sd, lang)),
            ],
        ),
        (_, _, None) => String::new(),
        _ => labels.get("benchmark.none"),
    };
    let rows = b
        .metrics
        .iter()
        .map(|m| BenchmarkRow {
            name: catalog
                .question(&m.question)
                .and_then(|q| q.axes.first())
                .map(|x| axis_name(catalog, &x.axis, labels))
                .unwrap_or_else(|| m.id.clone()),
            value: m.value.map(|v| decimal(v, lang)).unwrap_or_default(),
            industry: position(m.industry_z, m.industry, m.value),
            size: position(m.size_z, m.size, m.value),
        })
        .collect();
    Some(BenchmarkView { intro, rows })
}

/// A signed decimal: `+0.4`, `−1.2` (a true minus sign), `0.0`.
fn signed(x: f64, lang: Lang) -> String {
    let d = decimal(x.abs(), lang);
    if d == decimal(0.0, lang) {
        d
    } else if x > 0.0 {
        format!("+{d}")
    } else {
        format!("\u{2212}{d}")
    }
}

/// A percentage given in percent (19 → `19 %` in French, `19%` in English).
fn whole_percent(p: f64, lang: Lang) -> String {
    percent(p / 100.0, lang)
}

fn axis_name(catalog: &Catalog, id: &str, labels: &Labels) -> String {
    catalog
        .framework
        .axis(id)
        .map(|x| x.name.get(labels.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn question_text(catalog: &Catalog, id: &str, labels: &Labels) -> String {
    catalog
        .question(id)
        .map(|q| q.text.get(labels.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The largest perception gaps. The scoring already leaves out any role group holding fewer than
/// `min_group_size` survey answers (anonymity), so every gap here compares publishable groups.
pub fn perception(a: &Assessment, catalog: &Catalog, labels: &Labels) -> Vec<GapView> {
    let lang = labels.lang;
    let role_name = |id: &str| {
        catalog
            .framework
            .role(id)
            .map(|r| r.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let mut seen_axes = Vec::new();
    a.perception_gaps
        .iter()
        // One line per axis: the first (widest) pair.
        .filter(|g| {
            if seen_axes.contains(&g.axis) {
                false
            } else {
                seen_axes.push(g.axis.clone());
                true
            }
        })
        .take(PERCEPTION_GAPS)
        .map(|g| GapView {
            axis: g.axis.clone(),
            name: axis_name(catalog, &g.axis, labels),
            high_role: role_name(&g.high_role),
            high_level: decimal(g.high_level, lang),
            low_role: role_name(&g.low_role),
            low_level: decimal(g.low_level, lang),
            gap: decimal(g.gap, lang),
            widest_question: question_text(catalog, &g.widest_question, labels),
            values: (g.high_level, g.low_level),
        })
        .collect()
}

pub fn evidence(
    a: &Assessment,
    catalog: &Catalog,
    scan: Option<&ScanReport>,
    labels: &Labels,
) -> Option<EvidenceView> {
    let lang = labels.lang;
    if !a.evidence.scanned && scan.is_none() {
        return None;
    }
    let names = SignalLabels::embedded();
    let categories = scan
        .map(|s| {
            s.categories
                .iter()
                .map(|c| CategoryLine {
                    id: c.id.clone(),
                    name: names.category(&c.id).get(lang).to_string(),
                    coverage: percent(c.coverage, lang),
                    repositories: c.repositories,
                    share: c.coverage,
                })
                .collect()
        })
        .unwrap_or_default();
    let (signals, signals_not_found) = scan
        .map(|s| signal_lines(s, names, labels))
        .unwrap_or_default();
    let repositories = scan.map_or(a.evidence.repositories, |s| s.repository_count());
    let claims = scan
        .map(|s| claim_paths(a, catalog, s, labels))
        .unwrap_or_default();
    Some(EvidenceView {
        scanned: labels.count("evidence.scanned", repositories),
        findings: a
            .evidence
            .findings
            .iter()
            .filter(|f| f.verdict != Verdict::Inconclusive)
            .map(|f| {
                let verdict = match f.verdict {
                    Verdict::Corroborated => "corroborated",
                    Verdict::Contradicted => "contradicted",
                    Verdict::Inconclusive => "inconclusive",
                    Verdict::Inferred => "inferred",
                };
                EvidenceLine {
                    question: question_text(catalog, &f.question, labels),
                    axes: catalog
                        .question(&f.question)
                        .map(|q| q.axes.iter().map(|m| m.axis.clone()).collect())
                        .unwrap_or_default(),
                    verdict: verdict.to_string(),
                    verdict_name: labels.get(&format!("verdict.{verdict}")),
                    message: f.message.get(lang).to_string(),
                }
            })
            .collect(),
        categories,
        signals,
        signals_not_found,
        claims,
    })
}

/// The practice paths behind each corroborated or contradicted claim: per repository, the paths
/// of the signals the claim's rule names, or of the signals of its categories.
fn claim_paths(
    a: &Assessment,
    catalog: &Catalog,
    scan: &ScanReport,
    labels: &Labels,
) -> Vec<ClaimPaths> {
    let category_of = |id: &str| {
        scan.signals
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.category.as_str())
    };
    a.evidence
        .findings
        .iter()
        .filter(|f| matches!(f.verdict, Verdict::Corroborated | Verdict::Contradicted))
        .map(|f| {
            let verdict = if f.verdict == Verdict::Corroborated {
                "corroborated"
            } else {
                "contradicted"
            };
            let repositories = scan
                .repositories
                .iter()
                .filter_map(|r| {
                    let paths: Vec<&str> = r
                        .signals
                        .iter()
                        .filter(|h| {
                            f.signals.contains(&h.id)
                                || category_of(&h.id)
                                    .is_some_and(|c| f.categories.iter().any(|x| x == c))
                        })
                        .flat_map(|h| h.paths.iter().map(String::as_str))
                        .collect();
                    (!paths.is_empty()).then(|| RepositoryPaths {
                        repository: r.path.clone(),
                        paths: paths.join(", "),
                    })
                })
                .collect();
            ClaimPaths {
                question: question_text(catalog, &f.question, labels),
                verdict: verdict.to_string(),
                verdict_name: labels.get(&format!("verdict.{verdict}")),
                repositories,
            }
        })
        .collect()
}

/// The signals found in at least one repository, most widespread first (then by id), and a
/// sentence counting the catalogue's signals found nowhere (empty when every one was found).
fn signal_lines(
    scan: &ScanReport,
    names: &SignalLabels,
    labels: &Labels,
) -> (Vec<SignalLine>, String) {
    let lang = labels.lang;
    let mut found: Vec<&crate::evidence::SignalCoverage> =
        scan.signals.iter().filter(|s| s.repositories > 0).collect();
    found.sort_by(|a, b| b.repositories.cmp(&a.repositories).then(a.id.cmp(&b.id)));
    let lines = found
        .iter()
        .map(|s| SignalLine {
            id: s.id.clone(),
            name: names.signal(&s.id).get(lang).to_string(),
            category: names.category(&s.category).get(lang).to_string(),
            repositories: s.repositories,
            coverage: percent(s.coverage, lang),
        })
        .collect();
    let missing = scan.signals.len() - found.len();
    let not_found = if missing == 0 {
        String::new()
    } else {
        labels.count("evidence.signals_not_found", missing)
    };
    (lines, not_found)
}

pub fn antipatterns(a: &Assessment, catalog: &Catalog, labels: &Labels) -> Vec<AntiPatternView> {
    let lang = labels.lang;
    a.antipatterns
        .iter()
        .map(|hit| AntiPatternView {
            id: hit.id.clone(),
            name: hit.name.get(lang).to_string(),
            description: hit.description.get(lang).to_string(),
            remedy: hit.remedy.get(lang).to_string(),
            evidence: hit
                .evidence
                .iter()
                .map(|e| {
                    let question = question_text(catalog, &e.question, labels);
                    match (e.level, e.matching) {
                        (Some(level), _) => fill(
                            &labels.get(if e.inferred {
                                "antipattern.level_inferred"
                            } else {
                                "antipattern.level"
                            }),
                            &[("question", &question), ("level", &decimal(level, lang))],
                        ),
                        (None, Some(m)) => fill(
                            &labels.plural("antipattern.matching", m),
                            &[
                                ("question", &question),
                                ("answer", &fired_answers(a, catalog, e, lang)),
                                ("matching", &m.to_string()),
                                ("answers", &e.answers.to_string()),
                            ],
                        ),
                        (None, None) => question,
                    }
                })
                // Two conditions on one question (a level between two bounds) read as one fact.
                .fold(Vec::new(), |mut lines: Vec<String>, line| {
                    if !lines.contains(&line) {
                        lines.push(line);
                    }
                    lines
                }),
        })
        .collect()
}

/// The answers that made an `in [a, b]` or `is yes|no` condition true, in words, most frequent
/// first: the choices named by the condition that respondents gave.
fn fired_answers(
    a: &Assessment,
    catalog: &Catalog,
    e: &crate::scoring::ConditionEvidence,
    lang: crate::i18n::Lang,
) -> String {
    let (Some(def), Some(score)) = (
        catalog.question(&e.question),
        a.questions.iter().find(|q| q.id == e.question),
    ) else {
        return String::new();
    };
    // `condition` is the rule as written (`in [silo, ops_team]`, `is yes`): see ConditionEvidence.
    let named: Vec<&str> = match e.condition.strip_prefix("in [") {
        Some(list) => list.trim_end_matches(']').split(", ").collect(),
        None => vec![],
    };
    let fires = |v: &Value| match v {
        Value::Text(t) => named.contains(&t.as_str()),
        Value::Bool(b) => e.condition == if *b { "is yes" } else { "is no" },
        _ => false,
    };
    let mut hits: Vec<&crate::scoring::ValueCount> = score
        .values
        .iter()
        .filter(|v| v.count > 0 && fires(&v.value))
        .collect();
    hits.sort_by_key(|v| std::cmp::Reverse(v.count));
    hits.iter()
        .map(|v| def.display_value(&v.value, lang, &[]))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn effort_name(effort: Effort, labels: &Labels) -> String {
    labels.get(match effort {
        Effort::QuickWin => "effort.quick_win",
        Effort::Medium => "effort.medium",
        Effort::Strategic => "effort.strategic",
    })
}

/// What every view of a recommendation says besides its text: effort, horizon, initiative and
/// what it rests on.
pub struct RecommendationLine {
    pub effort: String,
    pub horizon: String,
    pub initiative: String,
    pub support: String,
    pub single_source: bool,
}

pub fn recommendation_line(
    r: &RecommendationItem,
    a: &Assessment,
    labels: &Labels,
) -> RecommendationLine {
    let lang = labels.lang;
    let support = Support::recommendation(a, r);
    let level = r
        .sources
        .iter()
        .max_by(|x, y| x.priority.total_cmp(&y.priority))
        .map(|s| decimal(s.level, lang))
        .unwrap_or_default();
    RecommendationLine {
        effort: effort_name(r.effort, labels),
        horizon: a
            .roadmap
            .iter()
            .find(|h| h.id == r.horizon)
            .map(|h| h.name.get(lang).to_string())
            .unwrap_or_default(),
        initiative: a
            .initiatives
            .iter()
            .find(|i| i.recommendations.contains(&r.id))
            .map(|i| i.name.get(lang).to_string())
            .unwrap_or_default(),
        support: support.text(Some(&level), &a.summary_rule, labels),
        single_source: support.single_source(&a.summary_rule),
    }
}

pub fn recommendation(
    r: &RecommendationItem,
    a: &Assessment,
    catalog: &Catalog,
    labels: &Labels,
) -> RecommendationView {
    let lang = labels.lang;
    let mut because: Vec<String> = Vec::new();
    for s in &r.sources {
        let line = fill(
            &labels.get("recommendation.source"),
            &[
                ("question", &question_text(catalog, &s.question, labels)),
                ("level", &decimal(s.level, lang)),
                ("target", &s.target.to_string()),
            ],
        );
        if !because.contains(&line) {
            because.push(line);
        }
    }
    let line = recommendation_line(r, a, labels);
    RecommendationView {
        id: r.id.clone(),
        title: r.title.get(lang).to_string(),
        text_html: notes::to_html(r.text.get(lang)),
        text_md: notes::to_inline_markdown(r.text.get(lang)),
        effort: line.effort,
        horizon: line.horizon,
        because,
        support: line.support,
        single_source: line.single_source,
        initiative: line.initiative,
    }
}

pub fn roadmap(a: &Assessment, catalog: &Catalog, labels: &Labels) -> Vec<HorizonView> {
    a.roadmap
        .iter()
        .filter(|h| !h.recommendations.is_empty())
        .map(|h| {
            let items: Vec<&RecommendationItem> = h
                .recommendations
                .iter()
                .filter_map(|id| a.recommendation(id))
                .collect();
            HorizonView {
                id: h.id.clone(),
                name: h.name.get(labels.lang).to_string(),
                items: items
                    .iter()
                    .take(PER_HORIZON)
                    .map(|r| recommendation(r, a, catalog, labels))
                    .collect(),
                more: items
                    .iter()
                    .skip(PER_HORIZON)
                    .map(|r| r.title.get(labels.lang).to_string())
                    .collect(),
            }
        })
        .collect()
}
