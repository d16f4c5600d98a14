//! How the columns of a survey export are matched to questions. Without help, a column matches a
//! question by its id or by the exact text of the question in either language, and the usual
//! metadata columns of survey tools (`data/survey-columns.toml`) are ignored. A mapping file
//! handles anything else:
//!
//! ```toml
//! [columns]
//! "Q1. How happy are you with the CI?" = "space.ci"   # a column → a question id
//! "Your team's role" = "@role"                        # the respondent's role, per row
//! "Full name" = "@respondent"                         # keep names (off by default)
//! "Department" = "@ignore"                            # read nothing from this column
//!
//! [roles]                                             # role column values → role ids
//! "Dev" = "developer"
//! ```

use crate::embed;
use crate::error::{Error, Result};
use crate::questionnaire::{fold, Catalog};
use crate::source::Source;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

pub const SURVEY_COLUMNS_PATH: &str = "data/survey-columns.toml";

/// What a column of a survey export holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Question(String),
    Role,
    Respondent,
    Ignore,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    columns: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    roles: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SurveyColumnsFile {
    ignore: Vec<String>,
    #[serde(default)]
    role: Vec<String>,
}

/// A checked mapping (folded column names → targets, folded role values → role ids), plus the
/// metadata columns ignored by default.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    columns: BTreeMap<String, Target>,
    roles: BTreeMap<String, String>,
    ignored_by_default: BTreeSet<String>,
    role_by_default: BTreeSet<String>,
}

impl Mapping {
    /// The default mapping: no explicit column, the survey tools' metadata columns ignored.
    pub fn defaults() -> Result<Mapping> {
        let src = Source::embedded(
            SURVEY_COLUMNS_PATH,
            embed::file(SURVEY_COLUMNS_PATH).unwrap_or_default(),
        );
        let file: SurveyColumnsFile = src.parse()?;
        Ok(Mapping {
            ignored_by_default: file.ignore.iter().map(|c| fold(c)).collect(),
            role_by_default: file.role.iter().map(|c| fold(c)).collect(),
            ..Mapping::default()
        })
    }

    /// Reads a mapping file; every target must be a known question id, `@role`, `@respondent`
    /// or `@ignore`, and every role a role of the framework.
    pub fn load(src: &Source, catalog: &Catalog) -> Result<Mapping> {
        let file: MappingFile = src.parse()?;
        let mut mapping = Mapping::defaults()?;
        let mut diags = Vec::new();
        for (column, target) in &file.columns {
            let at = target.span().start;
            let t = match target.get_ref().as_str() {
                "@role" => Target::Role,
                "@respondent" => Target::Respondent,
                "@ignore" => Target::Ignore,
                id if catalog.question(id).is_some() => Target::Question(id.to_string()),
                other => {
                    diags.push(
                        src.diag_at(
                            at,
                            format!(
                                "column \"{column}\" maps to `{other}`, which is no question: expected a question id, \"@role\", \"@respondent\" or \"@ignore\""
                            ),
                        )
                        .with_id(other),
                    );
                    continue;
                }
            };
            if mapping.columns.insert(fold(column), t).is_some() {
                diags.push(src.diag_at(
                    at,
                    format!("column \"{column}\" is mapped twice (names are compared without case or accents)"),
                ));
            }
        }
        for (value, role) in &file.roles {
            if catalog.framework.role(role.get_ref()).is_none() {
                diags.push(src.diag_at(
                    role.span().start,
                    format!(
                        "role value \"{value}\" maps to unknown role `{}`: expected one of {}",
                        role.get_ref(),
                        catalog.framework.role_ids()
                    ),
                ));
                continue;
            }
            mapping.roles.insert(fold(value), role.get_ref().clone());
        }
        if diags.is_empty() {
            Ok(mapping)
        } else {
            Err(Error::Input(diags))
        }
    }

    /// The explicit target of a column header, if the mapping file names it.
    pub fn column(&self, header: &str) -> Option<&Target> {
        self.columns.get(&fold(header))
    }

    /// The survey kit's role question, read as the role unless mapped.
    pub fn role_by_default(&self, header: &str) -> bool {
        self.role_by_default.contains(&fold(header))
    }

    /// A survey tool's metadata column, ignored unless mapped.
    pub fn ignored_by_default(&self, header: &str) -> bool {
        self.ignored_by_default.contains(&fold(header))
    }

    /// The role id a role cell names: a mapped value, a role id, or a role's name in either
    /// language.
    pub fn role(&self, cell: &str, catalog: &Catalog) -> Option<String> {
        let folded = fold(cell);
        if let Some(r) = self.roles.get(&folded) {
            return Some(r.clone());
        }
        catalog
            .framework
            .roles
            .iter()
            .find(|r| {
                r.id == cell.trim() || fold(&r.name.fr) == folded || fold(&r.name.en) == folded
            })
            .map(|r| r.id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Mapping> {
        let catalog = Catalog::load(&[]).unwrap();
        Mapping::load(
            &Source {
                name: "map.toml".into(),
                text: text.into(),
            },
            &catalog,
        )
    }

    #[test]
    fn columns_and_roles_are_matched_without_case_or_accents() {
        let catalog = Catalog::load(&[]).unwrap();
        let m = load(
            "[columns]\n\"Équipe\" = \"@role\"\n\"Q1\" = \"inv.staffing\"\n[roles]\n\"Dev\" = \"developer\"\n",
        )
        .unwrap();
        assert_eq!(m.column("equipe"), Some(&Target::Role));
        assert_eq!(
            m.column("q1"),
            Some(&Target::Question("inv.staffing".into()))
        );
        assert_eq!(m.role("DEV", &catalog).as_deref(), Some("developer"));
        assert_eq!(
            m.role("Développement", &catalog).as_deref(),
            Some("developer")
        );
        assert!(m.ignored_by_default("start TIME"));
    }

    #[test]
    fn unknown_targets_and_roles_name_their_line() {
        let err = load("[columns]\n\"Q1\" = \"nope.q\"\n[roles]\n\"x\" = \"chef\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("map.toml:2:8: [nope.q] column \"Q1\" maps to `nope.q`"),
            "{err}"
        );
        assert!(
            err.contains("map.toml:4:7: role value \"x\" maps to unknown role `chef`"),
            "{err}"
        );
    }
}
