//! The value case: what today's friction costs in the client's own numbers, and what a platform
//! could plausibly return. Inputs are the `[economics]` table of `engagement.toml` (each figure
//! with its source) and the answers; assumptions are data (`data/value.toml`), editable with
//! `--data`. Nothing is invented: a missing input is named, and without the inputs the estimate
//! needs there is no number, only what to collect. Every formula is in `docs/value.md`.

pub mod money;
pub mod stream;

use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::source::{Finite, Source};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml::Spanned;

pub const FILE: &str = "data/value.toml";

/// One figure of `[economics]`: a value and where it comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureFile {
    value: Spanned<Finite>,
    #[serde(default)]
    source: Option<String>,
}

/// A range of `[economics]`: low, expected, high, and where it comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeFile {
    low: Spanned<Finite>,
    expected: Spanned<Finite>,
    high: Spanned<Finite>,
    #[serde(default)]
    source: Option<String>,
}

/// `engagement.toml`'s `[economics]` table, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomicsFile {
    currency: Spanned<String>,
    #[serde(default)]
    engineers: Option<FigureFile>,
    #[serde(default)]
    loaded_cost_per_year: Option<FigureFile>,
    #[serde(default)]
    loaded_cost_per_hour: Option<FigureFile>,
    #[serde(default)]
    working_weeks_per_year: Option<FigureFile>,
    #[serde(default)]
    working_hours_per_week: Option<FigureFile>,
    #[serde(default)]
    lost_hours_per_week: Option<RangeFile>,
    #[serde(default)]
    recoverable_share: Option<RangeFile>,
    #[serde(default)]
    platform_team_size: Option<FigureFile>,
    #[serde(default)]
    platform_team_cost_per_year: Option<FigureFile>,
    #[serde(default)]
    downtime_cost_per_hour: Option<FigureFile>,
    #[serde(default)]
    incidents_per_month: Option<FigureFile>,
}

/// A checked figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub value: f64,
    pub source: Option<String>,
}

/// A checked range, low ≤ expected ≤ high.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub low: f64,
    pub expected: f64,
    pub high: f64,
}

impl Range {
    fn map(&self, f: impl Fn(f64) -> f64) -> Range {
        Range {
            low: f(self.low),
            expected: f(self.expected),
            high: f(self.high),
        }
    }

    fn times(&self, other: &Range) -> Range {
        Range {
            low: self.low * other.low,
            expected: self.expected * other.expected,
            high: self.high * other.high,
        }
    }
}

/// The checked `[economics]` table: figures by id (`engineers`, `loaded_cost_per_year`…), ranges
/// by id (`lost_hours_per_week`, `recoverable_share`), each with its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Economics {
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
    pub figures: BTreeMap<String, Figure>,
    pub ranges: BTreeMap<String, (Range, Option<String>)>,
}

impl EconomicsFile {
    /// Checks the table: a three-letter currency code, figures finite and not negative (counts
    /// and weeks above zero), ranges ordered, shares within [0, 1]; problems placed in `source`.
    pub fn check(self, source: &Source, diags: &mut Vec<crate::error::Diagnostic>) -> Economics {
        let currency = self.currency.get_ref().clone();
        if !(currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase())) {
            diags.push(source.diag_at(
                self.currency.span().start,
                format!(
                    "currency `{currency}`: expected an ISO 4217 code such as EUR, USD, GBP or CHF"
                ),
            ));
        }
        let mut figures = BTreeMap::new();
        for (id, figure, positive) in [
            ("engineers", self.engineers, true),
            ("loaded_cost_per_year", self.loaded_cost_per_year, true),
            ("loaded_cost_per_hour", self.loaded_cost_per_hour, true),
            ("working_weeks_per_year", self.working_weeks_per_year, true),
            ("working_hours_per_week", self.working_hours_per_week, true),
            ("platform_team_size", self.platform_team_size, false),
            (
                "platform_team_cost_per_year",
                self.platform_team_cost_per_year,
                false,
            ),
            ("downtime_cost_per_hour", self.downtime_cost_per_hour, true),
            ("incidents_per_month", self.incidents_per_month, false),
        ] {
            let Some(f) = figure else { continue };
            let value = f.value.get_ref().get();
            let bad = if positive { value <= 0.0 } else { value < 0.0 };
            let limit = match id {
                "working_weeks_per_year" => Some(52.0),
                "working_hours_per_week" => Some(80.0),
                _ => None,
            };
            if bad || limit.is_some_and(|l| value > l) {
                let expected = match (positive, limit) {
                    (_, Some(l)) => format!("a number above 0 and at most {l}"),
                    (true, None) => "a number above 0".to_string(),
                    (false, None) => "a number of 0 or more".to_string(),
                };
                diags.push(source.diag_at(
                    f.value.span().start,
                    format!("economics {id} {value}: expected {expected}"),
                ));
            }
            figures.insert(
                id.to_string(),
                Figure {
                    value,
                    source: f.source,
                },
            );
        }
        let mut ranges = BTreeMap::new();
        for (id, range, max) in [
            ("lost_hours_per_week", self.lost_hours_per_week, 80.0),
            ("recoverable_share", self.recoverable_share, 1.0),
        ] {
            let Some(r) = range else { continue };
            let (low, expected, high) = (
                r.low.get_ref().get(),
                r.expected.get_ref().get(),
                r.high.get_ref().get(),
            );
            if !(0.0 <= low && low <= expected && expected <= high && high <= max) {
                diags.push(source.diag_at(
                    r.low.span().start,
                    format!("economics {id} low {low}, expected {expected}, high {high}: expected 0 ≤ low ≤ expected ≤ high ≤ {max}"),
                ));
            }
            ranges.insert(
                id.to_string(),
                (
                    Range {
                        low,
                        expected,
                        high,
                    },
                    r.source,
                ),
            );
        }
        Economics {
            currency,
            figures,
            ranges,
        }
    }
}

impl Economics {
    fn figure(&self, id: &str) -> Option<f64> {
        self.figures.get(id).map(|f| f.value)
    }

    fn source(&self, id: &str) -> Option<String> {
        self.figures
            .get(id)
            .and_then(|f| f.source.clone())
            .or_else(|| self.ranges.get(id).and_then(|r| r.1.clone()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParamsFile {
    recoverable_share: Spanned<RangeFile>,
    recoverable_share_source: Text,
    j_curve: Text,
    /// The number questions whose answers, summed per respondent, are the hours lost a week.
    lost_hours_questions: Spanned<Vec<String>>,
    /// The checkbox question that says where the lost hours go (optional, for files written
    /// before it existed).
    #[serde(default)]
    hindrances_question: Option<Spanned<String>>,
    /// The choice question whose median answer gives the time to restore service.
    recovery_question: Spanned<String>,
    /// Its choice ids → hours of recovery (low, high).
    recovery_hours: BTreeMap<String, Spanned<[Finite; 2]>>,
}

/// The checked `data/value.toml`: the default assumptions.
#[derive(Debug, Clone)]
pub struct ValueParams {
    pub recoverable_share: Range,
    pub recoverable_share_source: Text,
    pub j_curve: Text,
    pub lost_hours_questions: Vec<String>,
    pub hindrances_question: Option<String>,
    pub recovery_question: String,
    pub recovery_hours: BTreeMap<String, (f64, f64)>,
}

impl ValueParams {
    /// Loads the assumptions; the lost-hours questions must be number questions of `catalog`.
    pub fn load(source: &Source, catalog: &crate::questionnaire::Catalog) -> Result<ValueParams> {
        let file: ParamsFile = source.parse()?;
        let mut diags = Vec::new();
        for id in file.lost_hours_questions.get_ref() {
            if !matches!(
                catalog.question(id).map(|q| &q.kind),
                Some(crate::questionnaire::Kind::Number { .. })
            ) {
                diags.push(source.diag_at(
                    file.lost_hours_questions.span().start,
                    format!("lost_hours_questions: `{id}` is not a number question of the questionnaires"),
                ));
            }
        }
        if let Some(id) = &file.hindrances_question {
            if !matches!(
                catalog.question(id.get_ref()).map(|q| &q.kind),
                Some(crate::questionnaire::Kind::Multi { .. })
            ) {
                diags.push(source.diag_at(
                    id.span().start,
                    format!(
                        "hindrances_question `{}`: expected a checkbox (multi) question of the questionnaires",
                        id.get_ref()
                    ),
                ));
            }
        }
        let r = file.recoverable_share.get_ref();
        let share = Range {
            low: r.low.get_ref().get(),
            expected: r.expected.get_ref().get(),
            high: r.high.get_ref().get(),
        };
        if !(0.0 <= share.low
            && share.low <= share.expected
            && share.expected <= share.high
            && share.high <= 1.0)
        {
            diags.push(source.diag_at(
                file.recoverable_share.span().start,
                "recoverable_share: expected 0 ≤ low ≤ expected ≤ high ≤ 1",
            ));
        }
        for text in [&file.recoverable_share_source, &file.j_curve] {
            if !text.missing().is_empty() {
                diags.push(source.diag("a text has no French or English version: expected both"));
            }
        }
        let recovery_choices: Vec<&str> = match catalog
            .question(file.recovery_question.get_ref())
            .map(|q| &q.kind)
        {
            Some(crate::questionnaire::Kind::Choice { choices }) => {
                choices.iter().map(|c| c.id.as_str()).collect()
            }
            _ => {
                diags.push(source.diag_at(
                    file.recovery_question.span().start,
                    format!(
                        "recovery_question `{}`: expected a choice question of the questionnaires",
                        file.recovery_question.get_ref()
                    ),
                ));
                Vec::new()
            }
        };
        let mut recovery_hours = BTreeMap::new();
        for (id, hours) in file.recovery_hours {
            if !recovery_choices.is_empty() && !recovery_choices.contains(&id.as_str()) {
                diags.push(
                    source
                        .diag_at(
                            hours.span().start,
                            format!(
                                "recovery_hours `{id}`: expected a choice of `{}` ({})",
                                file.recovery_question.get_ref(),
                                recovery_choices.join(", ")
                            ),
                        )
                        .with_id(&id),
                );
            }
            let [low, high] = hours.get_ref().map(|h| h.get());
            if !(0.0 < low && low <= high) {
                diags.push(
                    source
                        .diag_at(
                            hours.span().start,
                            format!("recovery_hours {id} [{low}, {high}]: expected 0 < low ≤ high"),
                        )
                        .with_id(&id),
                );
            }
            recovery_hours.insert(id, (low, high));
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Ok(ValueParams {
            recoverable_share: share,
            recoverable_share_source: file.recoverable_share_source,
            j_curve: file.j_curve,
            lost_hours_questions: file.lost_hours_questions.into_inner(),
            hindrances_question: file.hindrances_question.map(Spanned::into_inner),
            recovery_question: file.recovery_question.into_inner(),
            recovery_hours,
        })
    }
}

/// The value case of the Assessment (`value` in `score --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueCase {
    /// Whether `engagement.toml` has an `[economics]` table.
    pub economics: bool,
    /// ISO 4217 code; empty without economics.
    pub currency: String,
    /// The yearly value of reducing today's friction (two significant digits); `None` when an
    /// input it needs is missing.
    pub low: Option<f64>,
    pub expected: Option<f64>,
    pub high: Option<f64>,
    /// The yearly cost of today's friction, before any recovery.
    pub friction_cost: Option<Range>,
    /// Engineering capacity returned, in full-time equivalents.
    pub fte_returned: Option<Range>,
    /// Months for the value to pay the platform team's yearly cost (low: with the high value).
    pub payback_months: Option<PaybackRange>,
    /// What one hour per engineer per week is worth in a year.
    pub sensitivity: Option<f64>,
    /// The yearly cost of downtime today, from incidents × recovery time × cost of an hour.
    pub downtime_cost: Option<Range>,
    /// Every input and assumption used, with its value and source.
    pub assumptions: Vec<Assumption>,
    /// The inputs the estimate lacked (ids of `[economics]`).
    pub missing_inputs: Vec<String>,
    /// Where the lost hours come from: `survey:N` (quartiles of N survey respondents),
    /// `economics` (the consultant's stated range) or `interviews:N` (lowest, median, highest).
    pub lost_hours_basis: Option<String>,
    /// Value ramps up over the first quarters, it is not immediate.
    pub j_curve: Text,
    /// Where the lost hours go: the hindrances of the checkbox question ticked by at least one
    /// respondent, the most ticked first; empty when fewer than the minimum group size answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hindrances: Vec<Hindrance>,
}

/// One hindrance of the checkbox question and how many respondents ticked it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hindrance {
    /// The choice id.
    pub id: String,
    pub label: Text,
    /// Respondents who ticked it.
    pub respondents: usize,
    /// Respondents who answered the question (ticked anything).
    pub of: usize,
}

/// The hindrances of `question` (a checkbox question) as `responses` ticked them, the most ticked
/// first, ties in the question's order; empty below `min_group` respondents, who could be singled
/// out.
pub fn hindrances(
    responses: &[&crate::engagement::Response],
    question: &crate::questionnaire::Question,
    min_group: usize,
) -> Vec<Hindrance> {
    use crate::engagement::AnswerState;
    use crate::questionnaire::{Kind, Value};
    let Kind::Multi { choices } = &question.kind else {
        return Vec::new();
    };
    let ticked: Vec<&Vec<String>> = responses
        .iter()
        .filter_map(|r| match r.answers.get(&question.id).map(|a| &a.state) {
            Some(AnswerState::Value(Value::List(ids))) => Some(ids),
            _ => None,
        })
        .collect();
    if ticked.is_empty() || ticked.len() < min_group {
        return Vec::new();
    }
    let mut out: Vec<Hindrance> = choices
        .iter()
        .map(|c| Hindrance {
            id: c.id.clone(),
            label: c.label.clone(),
            respondents: ticked.iter().filter(|ids| ids.contains(&c.id)).count(),
            of: ticked.len(),
        })
        .filter(|h| h.respondents > 0)
        .collect();
    // Stable: ties keep the question's order.
    out.sort_by_key(|h| std::cmp::Reverse(h.respondents));
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaybackRange {
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assumption {
    pub id: String,
    /// A single figure, or a range written `low–expected–high`.
    pub value: Option<f64>,
    pub range: Option<Range>,
    /// Where the figure comes from, as `engagement.toml` says; or the default's own source.
    pub source: Option<Text>,
}

/// Rounds to `digits` significant digits (the estimate's precision: its inputs carry no more).
pub fn significant(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let magnitude = x.abs().log10().floor() as i32;
    let shift = magnitude - digits + 1;
    // Dividing by an exact power of ten keeps large amounts whole (1,012,500 → 1,000,000).
    if shift >= 0 {
        let unit = 10f64.powi(shift);
        (x / unit).round() * unit
    } else {
        let factor = 10f64.powi(-shift);
        (x * factor).round() / factor
    }
}

/// The hours lost a week that respondents reported: per respondent, the sum of their answers to
/// the lost-hours questions (respondents who answered them all).
#[derive(Debug, Clone, Default)]
pub struct Reported {
    /// Survey respondents: a distribution.
    pub survey: Vec<f64>,
    /// Interviews and self-assessments: point estimates.
    pub others: Vec<f64>,
    /// Survey answers are read as a distribution from this many respondents (the engagement's
    /// minimum group size).
    pub min_group: usize,
}

impl Reported {
    /// Per respondent who answered every lost-hours question with a number, the sum of the
    /// answers; survey respondents apart from the others.
    pub fn from_responses(
        responses: &[&crate::engagement::Response],
        questions: &[String],
        min_group: usize,
    ) -> Reported {
        use crate::engagement::{AnswerState, Channel};
        use crate::questionnaire::Value;
        let mut out = Reported {
            min_group,
            ..Reported::default()
        };
        if questions.is_empty() {
            return out;
        }
        for r in responses {
            let hours: Option<f64> = questions
                .iter()
                .map(|q| match r.answers.get(q).map(|a| &a.state) {
                    Some(AnswerState::Value(Value::Number(x))) => Some(*x),
                    Some(AnswerState::Value(Value::Int(x))) => Some(*x as f64),
                    _ => None,
                })
                .sum();
            if let Some(h) = hours {
                if r.respondent.channel == Channel::Survey {
                    out.survey.push(h);
                } else {
                    out.others.push(h);
                }
            }
        }
        out
    }
}

/// The value at `p` (0–1) of sorted numbers, interpolated between neighbours.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let pos = p * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    match sorted.get(i + 1) {
        Some(next) => sorted[i] + (next - sorted[i]) * frac,
        None => sorted[i],
    }
}

/// The lost-hours range and where it comes from: the survey's quartiles when enough survey
/// respondents answered, else the consultant's stated range, else the interviews' lowest, median
/// and highest answers.
fn lost_hours(e: &Economics, reported: &Reported) -> Option<(Range, String)> {
    let spread = |values: &[f64]| {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        v
    };
    if !reported.survey.is_empty() && reported.survey.len() >= reported.min_group.max(1) {
        let v = spread(&reported.survey);
        let range = Range {
            low: quantile(&v, 0.25),
            expected: quantile(&v, 0.5),
            high: quantile(&v, 0.75),
        };
        return Some((range, format!("survey:{}", v.len())));
    }
    if let Some((r, _)) = e.ranges.get("lost_hours_per_week") {
        return Some((r.clone(), "economics".into()));
    }
    if !reported.others.is_empty() {
        let v = spread(&reported.others);
        let range = Range {
            low: v[0],
            expected: quantile(&v, 0.5),
            high: v[v.len() - 1],
        };
        return Some((range, format!("interviews:{}", v.len())));
    }
    None
}

/// The value case from the economics inputs, the hours lost the respondents reported, the median
/// DORA recovery-time answer (a choice id) and the default assumptions.
pub fn estimate(
    economics: Option<&Economics>,
    reported: &Reported,
    recovery: Option<&str>,
    params: &ValueParams,
) -> ValueCase {
    let mut case = ValueCase {
        economics: economics.is_some(),
        currency: economics.map(|e| e.currency.clone()).unwrap_or_default(),
        low: None,
        expected: None,
        high: None,
        friction_cost: None,
        fte_returned: None,
        payback_months: None,
        sensitivity: None,
        downtime_cost: None,
        assumptions: Vec::new(),
        missing_inputs: Vec::new(),
        lost_hours_basis: None,
        j_curve: params.j_curve.clone(),
        hindrances: Vec::new(),
    };
    let Some(e) = economics else {
        return case;
    };
    let mut missing = Vec::new();
    let mut need = |id: &str| {
        let v = e.figure(id);
        if v.is_none() {
            missing.push(id.to_string());
        }
        v
    };
    let engineers = need("engineers");
    let weeks = need("working_weeks_per_year");
    let hours_per_week = e.figure("working_hours_per_week");
    let hourly = match (
        e.figure("loaded_cost_per_hour"),
        e.figure("loaded_cost_per_year"),
    ) {
        (Some(h), _) => Some(h),
        (None, Some(y)) => match (weeks, hours_per_week) {
            (Some(w), Some(h)) => Some(y / (w * h)),
            _ => None,
        },
        (None, None) => None,
    };
    if hourly.is_none() {
        if e.figure("loaded_cost_per_year").is_some() && hours_per_week.is_none() {
            missing.push("working_hours_per_week".into());
        } else if e.figure("loaded_cost_per_year").is_none() {
            missing.push("loaded_cost_per_year".into());
        }
    }
    let lost = lost_hours(e, reported);
    if lost.is_none() {
        missing.push("lost_hours_per_week".into());
    }
    case.lost_hours_basis = lost.as_ref().map(|(_, basis)| basis.clone());
    let lost = lost.map(|(range, _)| range);
    let (share, share_source) = match e.ranges.get("recoverable_share") {
        Some((r, s)) => (r.clone(), s.clone().map(|s| Text::new(s.clone(), s))),
        None => (
            params.recoverable_share.clone(),
            Some(params.recoverable_share_source.clone()),
        ),
    };

    // What one hour per engineer per week costs in a year, then the friction and its recovery.
    if let (Some(n), Some(w), Some(h)) = (engineers, weeks, hourly) {
        let per_hour_week = n * w * h;
        case.sensitivity = Some(significant(per_hour_week, 2));
        if let Some(lost) = &lost {
            let friction = lost.map(|l| l * per_hour_week);
            let value = friction.times(&share);
            case.low = Some(significant(value.low, 2));
            case.expected = Some(significant(value.expected, 2));
            case.high = Some(significant(value.high, 2));
            case.friction_cost = Some(friction.map(|x| significant(x, 2)));
            if let Some(hpw) = hours_per_week {
                case.fte_returned = Some(lost.times(&share).map(|x| significant(x * n / hpw, 2)));
            }
            if let Some(cost) = e.figure("platform_team_cost_per_year").filter(|c| *c > 0.0) {
                if value.low > 0.0 {
                    case.payback_months = Some(PaybackRange {
                        low: significant(cost / (value.high / 12.0), 2),
                        high: significant(cost / (value.low / 12.0), 2),
                    });
                }
            } else {
                missing.push("platform_team_cost_per_year".into());
            }
        }
    }

    // Downtime: incidents a year × hours to recover × the cost of an hour.
    match (
        e.figure("incidents_per_month"),
        e.figure("downtime_cost_per_hour"),
        recovery.and_then(|c| params.recovery_hours.get(c)),
    ) {
        (Some(incidents), Some(cost), Some(&(low, high))) => {
            let yearly = incidents * 12.0 * cost;
            case.downtime_cost = Some(Range {
                low: significant(yearly * low, 2),
                expected: significant(yearly * (low + high) / 2.0, 2),
                high: significant(yearly * high, 2),
            });
        }
        (incidents, cost, _) => {
            if incidents.is_none() {
                missing.push("incidents_per_month".into());
            }
            if cost.is_none() {
                missing.push("downtime_cost_per_hour".into());
            }
            if recovery.is_none() {
                missing.push(params.recovery_question.clone());
            }
        }
    }

    let text = |s: Option<String>| s.map(|s| Text::new(s.clone(), s));
    for id in [
        "engineers",
        "loaded_cost_per_year",
        "loaded_cost_per_hour",
        "working_weeks_per_year",
        "working_hours_per_week",
        "platform_team_size",
        "platform_team_cost_per_year",
        "downtime_cost_per_hour",
        "incidents_per_month",
    ] {
        if let Some(v) = e.figure(id) {
            case.assumptions.push(Assumption {
                id: id.to_string(),
                value: Some(v),
                range: None,
                source: text(e.source(id)),
            });
        }
    }
    if let Some(lost) = lost {
        let source = match case.lost_hours_basis.as_deref() {
            Some("economics") => text(e.source("lost_hours_per_week")),
            Some(basis) => {
                let (what, n) = basis.split_once(':').unwrap_or((basis, "0"));
                Some(if what == "survey" {
                    Text::new(
                        format!("Sondage : quartiles des réponses de {n} personnes"),
                        format!("Survey: quartiles of {n} respondents' answers"),
                    )
                } else {
                    Text::new(
                        format!("Entretiens : réponses la plus basse, médiane et la plus haute de {n} personnes"),
                        format!("Interviews: lowest, median and highest answers of {n} people"),
                    )
                })
            }
            None => None,
        };
        case.assumptions.push(Assumption {
            id: "lost_hours_per_week".into(),
            value: None,
            range: Some(lost.map(|x| significant(x, 2))),
            source,
        });
    }
    case.assumptions.push(Assumption {
        id: "recoverable_share".into(),
        value: None,
        range: Some(share),
        source: share_source,
    });
    missing.sort();
    missing.dedup();
    case.missing_inputs = missing;
    case
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> ValueParams {
        ValueParams::load(
            &Source::embedded(FILE, crate::embed::file(FILE).expect("embedded")),
            &crate::questionnaire::Catalog::load(&[]).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn assumptions_naming_unknown_questions_or_choices_are_refused_with_their_position() {
        let text = crate::embed::file(FILE)
            .unwrap()
            .replace("\"dx.num_toil_hours\"", "\"dx.eff_waiting\"")
            .replace("hour_to_day = [", "hour_or_day = [")
            .replace(
                "hindrances_question = \"dx.friction_sources\"",
                "hindrances_question = \"dx.eff_waiting\"",
            );
        let err = ValueParams::load(
            &Source::embedded(FILE, &text),
            &crate::questionnaire::Catalog::load(&[]).unwrap(),
        )
        .unwrap_err()
        .to_string();
        for expected in [
            "lost_hours_questions: `dx.eff_waiting` is not a number question",
            "[hour_or_day] recovery_hours `hour_or_day`: expected a choice of `dora.recovery_time`",
            "hindrances_question `dx.eff_waiting`: expected a checkbox (multi) question",
        ] {
            assert!(err.contains(expected), "{expected}\n{err}");
        }
        let other = crate::embed::file(FILE).unwrap().replace(
            "recovery_question = \"dora.recovery_time\"",
            "recovery_question = \"dora.lead\"",
        );
        let err = ValueParams::load(
            &Source::embedded(FILE, &other),
            &crate::questionnaire::Catalog::load(&[]).unwrap(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("recovery_question `dora.lead`: expected a choice question"),
            "{err}"
        );
    }

    /// The range of hours lost a week that the estimate used.
    fn lost_hours(v: &ValueCase) -> Option<Range> {
        v.assumptions
            .iter()
            .find(|a| a.id == "lost_hours_per_week")
            .and_then(|a| a.range.clone())
    }

    #[test]
    fn survey_quartiles_come_before_the_consultants_range() {
        let (e, _) = economics(FULL);
        let reported = Reported {
            survey: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
            others: vec![20.0],
            min_group: 5,
        };
        let v = estimate(Some(&e), &reported, None, &params());
        assert_eq!(v.lost_hours_basis.as_deref(), Some("survey:9"));
        assert_eq!(
            lost_hours(&v),
            Some(Range {
                low: 3.0,
                expected: 5.0,
                high: 7.0
            })
        );
        // Too few survey answers: the consultant's range.
        let few = Reported {
            survey: vec![1.0, 2.0],
            others: vec![],
            min_group: 5,
        };
        let v = estimate(Some(&e), &few, None, &params());
        assert_eq!(v.lost_hours_basis.as_deref(), Some("economics"));
        // No range stated: the interviews' lowest, median and highest.
        let (bare, _) = economics("currency = \"EUR\"\n");
        let interviews = Reported {
            survey: vec![],
            others: vec![2.0, 10.0, 4.0],
            min_group: 5,
        };
        let v = estimate(Some(&bare), &interviews, None, &params());
        assert_eq!(v.lost_hours_basis.as_deref(), Some("interviews:3"));
        assert_eq!(
            lost_hours(&v),
            Some(Range {
                low: 2.0,
                expected: 4.0,
                high: 10.0
            })
        );
    }

    fn economics(text: &str) -> (Economics, Vec<crate::error::Diagnostic>) {
        let src = Source {
            name: "engagement.toml".into(),
            text: text.into(),
        };
        let file: EconomicsFile = src.parse().unwrap();
        let mut diags = Vec::new();
        (file.check(&src, &mut diags), diags)
    }

    const FULL: &str = "currency = \"EUR\"\nengineers = { value = 100, source = \"HR\" }\nloaded_cost_per_year = { value = 90000 }\nworking_weeks_per_year = { value = 45 }\nworking_hours_per_week = { value = 40 }\nlost_hours_per_week = { low = 2, expected = 4, high = 6, source = \"interviews\" }\nrecoverable_share = { low = 0.25, expected = 0.5, high = 0.75 }\nplatform_team_cost_per_year = { value = 600000 }\n";

    #[test]
    fn the_arithmetic_follows_the_formulas() {
        let (e, diags) = economics(FULL);
        assert!(diags.is_empty());
        let v = estimate(Some(&e), &Reported::default(), None, &params());
        // 90,000 / (45 × 40) = 50 an hour; 100 × 45 × 50 = 225,000 per hour a week.
        assert_eq!(v.sensitivity, Some(230_000.0), "two significant digits");
        // Friction 2/4/6 h × 225,000 = 450k / 900k / 1.35M; × 25/50/75 %.
        assert_eq!(
            v.friction_cost,
            Some(Range {
                low: 450_000.0,
                expected: 900_000.0,
                high: 1_400_000.0
            })
        );
        assert_eq!(
            (v.low, v.expected, v.high),
            (Some(110_000.0), Some(450_000.0), Some(1_000_000.0))
        );
        // 2 × 0.25 × 100 / 40 = 1.25 FTE … 6 × 0.75 × 100 / 40 = 11.25.
        let fte = v.fte_returned.unwrap();
        assert_eq!((fte.low, fte.expected, fte.high), (1.3, 5.0, 11.0));
        // 600,000 / (1,012,500 / 12) = 7.1 months; / (112,500 / 12) = 64 months.
        let p = v.payback_months.unwrap();
        assert_eq!((p.low, p.high), (7.1, 64.0));
        assert_eq!(
            v.missing_inputs,
            [
                "dora.recovery_time",
                "downtime_cost_per_hour",
                "incidents_per_month"
            ]
        );
    }

    #[test]
    fn without_economics_there_is_no_number_and_nothing_missing_is_claimed() {
        let v = estimate(None, &Reported::default(), Some("hour_to_day"), &params());
        assert!(!v.economics && v.expected.is_none() && v.missing_inputs.is_empty());
        assert!(v.assumptions.is_empty());
    }

    #[test]
    fn one_input_only_names_what_to_collect() {
        let (e, _) = economics("currency = \"EUR\"\nengineers = { value = 40 }\n");
        let v = estimate(Some(&e), &Reported::default(), None, &params());
        assert_eq!(v.expected, None);
        assert_eq!(v.sensitivity, None);
        for id in [
            "working_weeks_per_year",
            "loaded_cost_per_year",
            "lost_hours_per_week",
        ] {
            assert!(v.missing_inputs.iter().any(|m| m == id), "{id}");
        }
    }

    #[test]
    fn downtime_comes_from_incidents_recovery_time_and_the_cost_of_an_hour() {
        let (e, _) = economics(
            "currency = \"USD\"\nincidents_per_month = { value = 2 }\ndowntime_cost_per_hour = { value = 10000 }\n",
        );
        let v = estimate(
            Some(&e),
            &Reported::default(),
            Some("hour_to_day"),
            &params(),
        );
        let (low, high) = params().recovery_hours["hour_to_day"];
        let d = v.downtime_cost.unwrap();
        assert_eq!(d.low, significant(24.0 * 10_000.0 * low, 2));
        assert_eq!(d.high, significant(24.0 * 10_000.0 * high, 2));
    }

    #[test]
    fn bad_figures_are_placed() {
        let (_, diags) = economics(
            "currency = \"euro\"\nengineers = { value = 0 }\nworking_weeks_per_year = { value = 60 }\nlost_hours_per_week = { low = 5, expected = 3, high = 6 }\n",
        );
        let all: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        let all = all.join("\n");
        for expected in [
            "engagement.toml:1:12: currency `euro`",
            "engagement.toml:2:23: economics engineers 0: expected a number above 0",
            "economics working_weeks_per_year 60: expected a number above 0 and at most 52",
            "economics lost_hours_per_week low 5, expected 3, high 6",
        ] {
            assert!(all.contains(expected), "{expected}\n{all}");
        }
    }

    #[test]
    fn significant_digits() {
        assert_eq!(significant(1_234_567.0, 2), 1_200_000.0);
        assert_eq!(significant(0.0456, 2), 0.046);
        assert_eq!(significant(95.0, 1), 100.0);
    }
}
