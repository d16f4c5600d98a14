//! The questionnaire file as written by authors: serde types that mirror the TOML one to one.
//! They are only read here and checked into the types of [`super`].

use crate::i18n::Text;
use crate::source::Finite;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireFile {
    pub id: Spanned<String>,
    pub version: Spanned<String>,
    pub title: Text,
    pub description: Text,
    pub audience: Vec<super::Audience>,
    pub duration_minutes: u32,
    #[serde(default)]
    pub sources: Vec<String>,
    pub sections: Vec<SectionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    pub id: Spanned<String>,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub questions: Vec<QuestionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionFile {
    pub id: Spanned<String>,
    pub kind: Spanned<super::KindName>,
    pub text: Text,
    #[serde(default)]
    pub help: Option<Text>,
    #[serde(default)]
    pub respondent_help: Option<Text>,
    #[serde(default)]
    pub axes: Option<Spanned<BTreeMap<String, Finite>>>,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub reverse: bool,
    #[serde(default)]
    pub descriptors: Option<Spanned<Vec<Text>>>,
    #[serde(default)]
    pub choices: Option<Spanned<Vec<ChoiceFile>>>,
    #[serde(default)]
    pub unit: Option<Text>,
    #[serde(default)]
    pub min: Option<Finite>,
    #[serde(default)]
    pub max: Option<Finite>,
    #[serde(default)]
    pub bands: Option<Spanned<Vec<BandFile>>>,
    #[serde(default)]
    pub recommendations: Vec<RecommendationFile>,
    #[serde(default)]
    pub evidence: Vec<EvidenceFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceFile {
    pub id: Spanned<String>,
    pub label: Text,
    #[serde(default)]
    pub score: Option<Finite>,
    #[serde(default)]
    pub cluster: Option<String>,
    /// The range lies outside the published ranges of the year, next to `cluster` (see
    /// `data/dora.toml`): it counts with that cluster and the report says it is outside.
    #[serde(default)]
    pub outside: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandFile {
    #[serde(default)]
    pub up_to: Option<Finite>,
    pub score: Finite,
    pub label: Text,
    #[serde(default)]
    pub cluster: Option<String>,
    /// The range lies outside the published ranges of the year, next to `cluster` (see
    /// `data/dora.toml`): it counts with that cluster and the report says it is outside.
    #[serde(default)]
    pub outside: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationFile {
    pub level: Spanned<u8>,
    #[serde(default)]
    pub id: Option<String>,
    pub effort: super::Effort,
    pub title: Text,
    pub text: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    #[serde(default)]
    pub signals: Vec<String>,
    #[serde(default)]
    pub categories: Vec<Spanned<String>>,
    pub levels: Spanned<Vec<Finite>>,
}
