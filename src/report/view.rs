//! The view model: the only input of report templates. It resolves every label to the report's
//! language and pre-formats every number, so templates only lay out text and never compute.

use crate::framework::Family;
use crate::i18n::{Lang, Text};
use crate::questionnaire::Catalog;
use crate::scoring::{AnswerKind, Assessment, AxisScore};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct View {
    pub lang: Lang,
    /// Report labels from `report-templates/labels.toml`, in the report's language.
    pub labels: BTreeMap<String, String>,
    pub client: String,
    pub date: String,
    pub consultants: Vec<String>,
    pub scope: Option<String>,
    pub tool_version: String,
    pub framework_version: String,
    pub questionnaires: Vec<QuestionnaireView>,
    pub respondents: Vec<RespondentView>,
    /// The CNCF aspects, in framework order.
    pub aspects: Vec<AxisView>,
    /// The other scored families (success keys, SPACE, DORA), each with the axes the
    /// questionnaires in use cover; families with none are left out.
    pub families: Vec<FamilyView>,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Serialize)]
pub struct QuestionnaireView {
    pub id: String,
    pub version: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct RespondentView {
    pub id: String,
    pub role: String,
    pub channel: String,
    pub answered: usize,
}

#[derive(Debug, Serialize)]
pub struct AxisView {
    pub id: String,
    pub name: String,
    /// `2.3` (or `2,3` in French); empty when nothing is answered.
    pub level: String,
    pub band: Option<u8>,
    /// The band's name (aspect-specific for CNCF aspects); empty when not scored.
    pub band_name: String,
    /// `80 %` / `80%`.
    pub coverage: String,
    pub answered: usize,
    pub questions: usize,
    pub target: Option<u8>,
    pub gap: String,
}

#[derive(Debug, Serialize)]
pub struct FamilyView {
    /// `key`, `space` or `dora`.
    pub id: String,
    pub title: String,
    pub axes: Vec<AxisView>,
}

#[derive(Debug, Serialize)]
pub struct QuestionView {
    pub id: String,
    pub questionnaire: String,
    pub text: String,
    /// Median level, formatted; empty when nothing is scored.
    pub level: String,
    pub spread: String,
    pub answers: Vec<AnswerView>,
}

#[derive(Debug, Serialize)]
pub struct AnswerView {
    pub respondent: String,
    pub role: String,
    pub channel: String,
    /// The value in words (choice label, yes/no, level…), or "don't know" / "not applicable".
    pub value: String,
    pub note: Option<String>,
}

/// A decimal with one digit, with the language's decimal separator.
pub fn decimal(n: f64, lang: Lang) -> String {
    let s = format!("{n:.1}");
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A share in [0, 1] as a whole percentage, typeset for the language.
pub fn percent(share: f64, lang: Lang) -> String {
    let p = (share * 100.0).round() as i64;
    match lang {
        Lang::Fr => format!("{p}\u{a0}%"),
        Lang::En => format!("{p}%"),
    }
}

pub fn build(
    assessment: &Assessment,
    catalog: &Catalog,
    labels: &BTreeMap<String, Text>,
    lang: Lang,
) -> View {
    let fw = &catalog.framework;
    let label = |key: &str| {
        labels
            .get(key)
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default()
    };
    let role_name = |id: &str| {
        fw.role(id)
            .map(|r| r.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let channel_name = |c: crate::engagement::Channel| label(&format!("channel.{}", c.code()));

    let axis_view = |a: &AxisScore| {
        let def = fw.axis(&a.id);
        let band_name = a
            .band
            .and_then(|b| {
                def.and_then(|d| d.level_names.as_ref())
                    .and_then(|names| names.get(usize::from(b) - 1))
                    .or_else(|| fw.level(b).map(|l| &l.name))
            })
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default();
        AxisView {
            id: a.id.clone(),
            name: def
                .map(|d| d.name.get(lang).to_string())
                .unwrap_or_else(|| a.id.clone()),
            level: a.level.map(|l| decimal(l, lang)).unwrap_or_default(),
            band: a.band,
            band_name,
            coverage: percent(a.coverage, lang),
            answered: a.answered,
            questions: a.questions,
            target: a.target,
            gap: a.gap.map(|g| decimal(g, lang)).unwrap_or_default(),
        }
    };
    let families = [
        (Family::Key, "keys"),
        (Family::Space, "space"),
        (Family::Dora, "dora"),
    ]
    .into_iter()
    .map(|(f, title)| FamilyView {
        id: f.prefix().to_string(),
        title: label(title),
        axes: assessment
            .axes
            .iter()
            .filter(|a| a.family == f && a.questions > 0)
            .map(axis_view)
            .collect(),
    })
    .filter(|f| !f.axes.is_empty())
    .collect();

    let questions = assessment
        .questions
        .iter()
        .filter_map(|qs| catalog.question(&qs.id).map(|q| (qs, q)))
        .map(|(qs, q)| QuestionView {
            id: qs.id.clone(),
            questionnaire: qs.questionnaire.clone(),
            text: q.text.get(lang).to_string(),
            level: qs.level.map(|l| decimal(l, lang)).unwrap_or_default(),
            spread: qs
                .spread
                .map(|s| decimal(s * 3.0, lang))
                .unwrap_or_default(),
            answers: qs
                .answers
                .iter()
                .map(|a| AnswerView {
                    respondent: a.respondent.clone(),
                    role: role_name(&a.role),
                    channel: channel_name(a.channel),
                    value: match (&a.state, &a.value) {
                        (AnswerKind::Value, Some(v)) => q.display_value(v, lang, &fw.likert_labels),
                        (AnswerKind::DontKnow, _) => label("answer.dont_know"),
                        (AnswerKind::NotApplicable, _) => label("answer.not_applicable"),
                        (AnswerKind::Value, None) => String::new(),
                    },
                    note: a.note.clone(),
                })
                .collect(),
        })
        .collect();

    View {
        lang,
        labels: labels
            .iter()
            .map(|(k, t)| (k.clone(), t.get(lang).to_string()))
            .collect(),
        client: assessment.engagement.client.clone(),
        date: assessment.engagement.date.clone(),
        consultants: assessment.engagement.consultants.clone(),
        scope: assessment.engagement.scope.clone(),
        tool_version: assessment.tool_version.clone(),
        framework_version: assessment.framework_version.clone(),
        questionnaires: assessment
            .questionnaires
            .iter()
            .map(|q| QuestionnaireView {
                id: q.id.clone(),
                version: q.version.clone(),
                title: q.title.get(lang).to_string(),
            })
            .collect(),
        respondents: assessment
            .respondents
            .iter()
            .map(|r| RespondentView {
                id: r.id.clone(),
                role: role_name(&r.role),
                channel: channel_name(r.channel),
                answered: r.answered,
            })
            .collect(),
        aspects: assessment
            .axes
            .iter()
            .filter(|a| a.family == Family::Cncf)
            .map(axis_view)
            .collect(),
        families,
        questions,
    }
}
