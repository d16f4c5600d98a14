//! Survey anonymity. Answers collected through the `survey` channel appear in reports only as
//! aggregates (count, median, distribution), and only for groups of at least the engagement's
//! `min_group_size` respondents; survey respondents are never listed and their notes never shown.

use super::format::{decimal, fill, percent, Labels};
use crate::engagement::Channel;
use crate::framework::Framework;
use crate::questionnaire::{Kind, Question, Value};
use crate::scoring::{QuestionScore, SurveyRespondents};
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
    survey: &SurveyRespondents,
    fw: &Framework,
    labels: &Labels,
) -> Option<SurveyView> {
    if survey.count == 0 {
        return None;
    }
    let lang = labels.lang;
    // The Assessment already keeps only the roles with `min_group_size` respondents or more.
    let roles = survey
        .by_role
        .iter()
        .map(|c| RoleCount {
            role: fw
                .role(&c.role)
                .map(|r| r.name.get(lang).to_string())
                .unwrap_or_else(|| c.role.clone()),
            count: c.count,
        })
        .collect();
    Some(SurveyView {
        count: survey.count,
        text: labels.count("survey.respondents", survey.count),
        roles,
        other: survey.other,
    })
}

pub fn aggregate(
    qs: &QuestionScore,
    q: &Question,
    fw: &Framework,
    labels: &Labels,
    min_group: usize,
) -> Option<SurveyAggregate> {
    let survey = qs.survey.as_ref()?;
    let count = survey.answers;
    let (dont_know, not_applicable) = (survey.dont_know, survey.not_applicable);
    let title = labels.count("survey.answers", count);
    if !survey.shown {
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
    // The survey channel's group: absent when fewer than `min_group` survey answers are scored.
    let median = qs
        .by_channel
        .iter()
        .find(|g| g.group == Channel::Survey.code())
        .map(|g| decimal(g.level, lang))
        .unwrap_or_default();
    // Free text could single a person out: the Assessment never carries it for the survey.
    let mut distribution: Vec<(f64, String, usize)> = Vec::new();
    let valued = survey.values.iter().map(|v| v.count).sum::<usize>().max(1);
    if let Kind::Multi { choices } = &q.kind {
        // Each choice with the share of respondents who ticked it (shares add up to more than
        // 100 %), the most ticked first, ties in the question's order.
        for (i, c) in choices.iter().enumerate() {
            let n: usize = survey
                .values
                .iter()
                .filter(|v| matches!(&v.value, Value::List(ids) if ids.contains(&c.id)))
                .map(|v| v.count)
                .sum();
            distribution.push((
                i as f64 - (n * choices.len()) as f64,
                c.label.get(lang).to_string(),
                n,
            ));
        }
    } else if !matches!(q.kind, Kind::Text) {
        for v in &survey.values {
            let shown = q.display_value(&v.value, lang, &fw.likert_labels);
            let order = v.score.unwrap_or(f64::MAX);
            match distribution.iter_mut().find(|(_, s, _)| *s == shown) {
                Some(entry) => entry.2 += v.count,
                None => distribution.push((order, shown, v.count)),
            }
        }
    }
    distribution.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
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
