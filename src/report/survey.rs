//! Survey anonymity. Answers collected through the `survey` channel appear in reports only as
//! aggregates (count, median, distribution), and only for groups of at least the engagement's
//! `min_group_size` respondents; survey respondents are never listed and their notes never shown.

use super::view::{decimal, fill, percent, Labels};
use crate::engagement::Channel;
use crate::framework::Framework;
use crate::questionnaire::{Kind, Question};
use crate::scoring::{level_of, median, AnswerKind, QuestionScore, RespondentInfo};
use serde::Serialize;

/// Survey respondents as counts.
#[derive(Debug, Serialize)]
pub struct SurveyView {
    pub count: usize,
    /// `120 survey respondents, shown only as aggregates.`
    pub text: String,
    /// Roles with at least `min_group_size` survey respondents, in framework order.
    pub roles: Vec<RoleCount>,
    /// Respondents of the smaller role groups, counted together.
    pub other: usize,
}

#[derive(Debug, Serialize)]
pub struct RoleCount {
    pub role: String,
    pub count: usize,
}

/// A question's survey answers, aggregated.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyAggregate {
    /// Survey answers of any kind (values, "don't know", "not applicable").
    pub count: usize,
    /// `Survey: 120 answers`.
    pub title: String,
    /// Why the details are withheld; empty when shown.
    pub withheld: String,
    /// Whether the group is large enough to show anything beyond the count.
    pub shown: bool,
    /// Median level of the scored survey answers; empty when withheld or unscored.
    pub median: String,
    /// Answers per value, in scale order; empty when withheld or for free text.
    pub distribution: Vec<Share>,
    pub dont_know: usize,
    pub not_applicable: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Share {
    pub value: String,
    pub count: usize,
    pub percent: String,
}

pub fn respondents(
    all: &[RespondentInfo],
    fw: &Framework,
    labels: &Labels,
    min_group: usize,
) -> Option<SurveyView> {
    let lang = labels.lang;
    let survey: Vec<_> = all
        .iter()
        .filter(|r| r.channel == Channel::Survey)
        .collect();
    if survey.is_empty() {
        return None;
    }
    let mut roles = Vec::new();
    let mut other = 0;
    for role in &fw.roles {
        let count = survey.iter().filter(|r| r.role == role.id).count();
        if count >= min_group {
            roles.push(RoleCount {
                role: role.name.get(lang).to_string(),
                count,
            });
        } else {
            other += count;
        }
    }
    Some(SurveyView {
        count: survey.len(),
        text: labels.count("survey.respondents", survey.len()),
        roles,
        other,
    })
}

pub fn aggregate(
    qs: &QuestionScore,
    q: &Question,
    fw: &Framework,
    labels: &Labels,
    min_group: usize,
) -> Option<SurveyAggregate> {
    let answers: Vec<_> = qs
        .answers
        .iter()
        .filter(|a| a.channel == Channel::Survey)
        .collect();
    if answers.is_empty() {
        return None;
    }
    let count = answers.len();
    let dont_know = answers
        .iter()
        .filter(|a| a.state == AnswerKind::DontKnow)
        .count();
    let not_applicable = answers
        .iter()
        .filter(|a| a.state == AnswerKind::NotApplicable)
        .count();
    let title = labels.count("survey.answers", count);
    if count < min_group {
        return Some(SurveyAggregate {
            count,
            title,
            withheld: fill(
                &labels.get("survey.withheld"),
                &[("min", &min_group.to_string())],
            ),
            shown: false,
            median: String::new(),
            distribution: Vec::new(),
            dont_know,
            not_applicable,
        });
    }
    let lang = labels.lang;
    let mut scores: Vec<f64> = answers.iter().filter_map(|a| a.score).collect();
    let median = median(&mut scores)
        .map(|s| decimal(level_of(s), lang))
        .unwrap_or_default();
    // Free text could single a person out: never distributed.
    let mut distribution: Vec<(f64, String, usize)> = Vec::new();
    if !matches!(q.kind, Kind::Text) {
        for a in &answers {
            let Some(v) = &a.value else { continue };
            let shown = q.display_value(v, lang, &fw.likert_labels);
            let order = a.score.unwrap_or(f64::MAX);
            match distribution.iter_mut().find(|(_, s, _)| *s == shown) {
                Some(entry) => entry.2 += 1,
                None => distribution.push((order, shown, 1)),
            }
        }
    }
    distribution.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let valued = distribution.iter().map(|d| d.2).sum::<usize>().max(1);
    Some(SurveyAggregate {
        count,
        title,
        withheld: String::new(),
        shown: true,
        median,
        distribution: distribution
            .into_iter()
            .map(|(_, value, n)| Share {
                value,
                count: n,
                percent: percent(n as f64 / valued as f64, lang),
            })
            .collect(),
        dont_know,
        not_applicable,
    })
}
