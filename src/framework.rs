//! The framework axes every question is scored against, loaded from `questionnaires/framework.toml`:
//! the CNCF platform maturity aspects and levels, the SPACE dimensions, the DORA keys, the platform
//! success keys, and the client-context axes; plus respondent roles and the Likert scale labels.

use crate::error::{Error, Result};
use crate::i18n::{Lang, Text};
use crate::source::Source;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use toml::Spanned;

/// The family an axis belongs to; the prefix of its id (`cncf.investment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// CNCF Platform Engineering Maturity Model aspects.
    Cncf,
    /// SPACE developer-productivity dimensions.
    Space,
    /// DORA software-delivery performance keys.
    Dora,
    /// The seven platform success keys (CNCF platform attributes).
    Key,
    /// Client context (the difficulty of the engagement).
    Context,
    /// DORA AI Capabilities Model (2025): what lets AI assistance amplify good practice.
    Ai,
}

impl Family {
    pub const ALL: [Family; 6] = [
        Family::Cncf,
        Family::Space,
        Family::Dora,
        Family::Key,
        Family::Context,
        Family::Ai,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            Family::Cncf => "cncf",
            Family::Space => "space",
            Family::Dora => "dora",
            Family::Key => "key",
            Family::Context => "context",
            Family::Ai => "ai",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworkFile {
    version: String,
    #[serde(default)]
    sources: Vec<String>,
    levels: Vec<LevelFile>,
    likert: LikertFile,
    roles: Vec<RoleFile>,
    axes: Vec<AxisFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFile {
    level: Spanned<u8>,
    name: Text,
    description: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LikertFile {
    labels: Spanned<Vec<Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleFile {
    id: Spanned<String>,
    name: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AxisFile {
    id: Spanned<String>,
    family: Family,
    name: Text,
    description: Text,
    #[serde(default)]
    level_names: Option<Spanned<Vec<Text>>>,
}

/// A maturity level of the CNCF model (1 Provisional … 4 Optimizing).
#[derive(Debug, Clone, Serialize)]
pub struct LevelDef {
    pub level: u8,
    pub name: Text,
    pub description: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Axis {
    pub id: String,
    pub family: Family,
    pub name: Text,
    pub description: Text,
    /// The aspect-specific names of the four levels (CNCF aspects only).
    pub level_names: Option<Vec<Text>>,
}

/// The checked framework.
#[derive(Debug, Clone, Serialize)]
pub struct Framework {
    pub version: String,
    pub sources: Vec<String>,
    pub levels: Vec<LevelDef>,
    pub likert_labels: Vec<Text>,
    pub roles: Vec<Role>,
    pub axes: Vec<Axis>,
}

impl Framework {
    pub fn load(source: &Source) -> Result<Framework> {
        let file: FrameworkFile = source.parse()?;
        let mut diags = Vec::new();
        let mut text_diags = Vec::new();
        let mut check_text = |t: &Text, what: &str, offset: usize, id: &str| {
            for lang in t.missing() {
                text_diags.push(
                    source
                        .diag_at(
                            offset,
                            format!("{what} is missing its `{lang}` text: expected a non-empty `fr` and `en`"),
                        )
                        .with_id(id),
                );
            }
        };

        let numbers: Vec<u8> = file.levels.iter().map(|l| *l.level.get_ref()).collect();
        if numbers != [1, 2, 3, 4] {
            diags.push(source.diag(format!(
                "levels are numbered {numbers:?}: expected exactly the four levels 1, 2, 3, 4 in order"
            )));
        }
        for l in &file.levels {
            let id = format!("level {}", l.level.get_ref());
            check_text(&l.name, "name", l.level.span().start, &id);
            check_text(&l.description, "description", l.level.span().start, &id);
        }
        if file.likert.labels.get_ref().len() != 5 {
            diags.push(source.diag_at(
                file.likert.labels.span().start,
                format!(
                    "likert has {} labels: expected 5 (from 1 to 5)",
                    file.likert.labels.get_ref().len()
                ),
            ));
        }
        for t in file.likert.labels.get_ref() {
            check_text(t, "likert label", file.likert.labels.span().start, "likert");
        }

        let mut seen = BTreeSet::new();
        for r in &file.roles {
            if !seen.insert(r.id.get_ref().clone()) {
                diags.push(
                    source
                        .diag_at(r.id.span().start, "duplicate role id")
                        .with_id(r.id.get_ref()),
                );
            }
            check_text(&r.name, "role name", r.id.span().start, r.id.get_ref());
        }

        let mut seen = BTreeSet::new();
        for a in &file.axes {
            let id = a.id.get_ref();
            let at = a.id.span().start;
            if !seen.insert(id.clone()) {
                diags.push(source.diag_at(at, "duplicate axis id").with_id(id));
            }
            let prefix = format!("{}.", a.family.prefix());
            if !id.starts_with(&prefix) || id.len() == prefix.len() {
                diags.push(
                    source
                        .diag_at(
                            at,
                            format!("axis id must start with `{prefix}` (its family)"),
                        )
                        .with_id(id),
                );
            }
            check_text(&a.name, "name", at, id);
            check_text(&a.description, "description", at, id);
            match (&a.level_names, a.family) {
                (Some(names), _) => {
                    if names.get_ref().len() != 4 {
                        diags.push(
                            source
                                .diag_at(
                                    names.span().start,
                                    "level_names: expected exactly 4 names, one per level",
                                )
                                .with_id(id),
                        );
                    }
                    for n in names.get_ref() {
                        check_text(n, "level name", names.span().start, id);
                    }
                }
                (None, Family::Cncf) => diags.push(
                    source
                        .diag_at(
                            at,
                            "a CNCF aspect needs `level_names` (4 names, one per level)",
                        )
                        .with_id(id),
                ),
                (None, _) => {}
            }
        }
        for family in Family::ALL {
            if !file.axes.iter().any(|a| a.family == family) {
                diags.push(source.diag(format!("no axis of family `{}`", family.prefix())));
            }
        }
        diags.extend(text_diags);
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }

        Ok(Framework {
            version: file.version,
            sources: file.sources,
            levels: file
                .levels
                .into_iter()
                .map(|l| LevelDef {
                    level: l.level.into_inner(),
                    name: l.name,
                    description: l.description,
                })
                .collect(),
            likert_labels: file.likert.labels.into_inner(),
            roles: file
                .roles
                .into_iter()
                .map(|r| Role {
                    id: r.id.into_inner(),
                    name: r.name,
                })
                .collect(),
            axes: file
                .axes
                .into_iter()
                .map(|a| Axis {
                    id: a.id.into_inner(),
                    family: a.family,
                    name: a.name,
                    description: a.description,
                    level_names: a.level_names.map(Spanned::into_inner),
                })
                .collect(),
        })
    }

    pub fn axis(&self, id: &str) -> Option<&Axis> {
        self.axes.iter().find(|a| a.id == id)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// The role ids, comma-separated, for messages that list what is expected.
    pub fn role_ids(&self) -> String {
        self.roles
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Ok for a known role id; otherwise the message naming it and the known ones.
    pub fn check_role(&self, role: &str) -> Result<(), String> {
        match self.role(role) {
            Some(_) => Ok(()),
            None => Err(format!(
                "unknown role `{role}`: expected one of {}",
                self.role_ids()
            )),
        }
    }

    pub fn axes_of(&self, family: Family) -> impl Iterator<Item = &Axis> {
        self.axes.iter().filter(move |a| a.family == family)
    }

    /// The level definition for a band number 1–4.
    pub fn level(&self, band: u8) -> Option<&LevelDef> {
        self.levels.iter().find(|l| l.level == band)
    }

    /// The name of level `band` in `lang`; empty when the framework does not define it.
    pub fn level_name(&self, band: u8, lang: Lang) -> &str {
        self.level(band)
            .map(|l| l.name.get(lang))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed;

    #[test]
    fn embedded_framework_is_valid_and_complete() {
        let fw = embed::framework().unwrap();
        assert_eq!(fw.axes_of(Family::Cncf).count(), 5);
        assert_eq!(fw.axes_of(Family::Space).count(), 5);
        assert_eq!(fw.axes_of(Family::Key).count(), 7);
        assert!(fw.axes_of(Family::Dora).count() >= 4);
        assert_eq!(fw.levels.len(), 4);
    }

    #[test]
    fn axis_with_wrong_prefix_is_rejected() {
        let text = embed::framework_source().text.replacen(
            "id = \"cncf.investment\"",
            "id = \"investment\"",
            1,
        );
        let src = Source {
            name: "fw.toml".into(),
            text,
        };
        let err = Framework::load(&src).unwrap_err().to_string();
        assert!(
            err.contains("[investment] axis id must start with `cncf.`"),
            "{err}"
        );
    }
}
