//! The set of questionnaires in use: the embedded defaults, overridden or extended by the files of
//! a user's folders, all checked against one framework.

use super::{validate, Question, Questionnaire};
use crate::embed;
use crate::error::{Diagnostic, Error, Result};
use crate::framework::Framework;
use crate::source::Source;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file holding the framework axes; every other `*.toml` of a questionnaire folder is a
/// questionnaire.
pub const FRAMEWORK_FILE: &str = "framework.toml";

#[derive(Debug, Clone)]
pub struct Catalog {
    pub framework: Framework,
    /// Sorted by id.
    pub questionnaires: Vec<Questionnaire>,
    /// Question id → (questionnaire index, section index, question index).
    index: BTreeMap<String, (usize, usize, usize)>,
}

impl Catalog {
    /// The embedded defaults, then each folder in order: a questionnaire with the id of an
    /// earlier one replaces it (two files of one folder may not share an id); a
    /// `framework.toml` replaces the framework.
    pub fn load(dirs: &[PathBuf]) -> Result<Catalog> {
        let mut framework_source = embed::framework_source();
        let mut layers = vec![embed::questionnaire_sources()];
        for dir in dirs {
            let mut layer = Vec::new();
            for path in toml_files(dir)? {
                let src = Source::read(&path)?;
                if path.file_name().is_some_and(|n| n == FRAMEWORK_FILE) {
                    framework_source = src;
                } else {
                    layer.push(src);
                }
            }
            layers.push(layer);
        }
        let framework = Framework::load(&framework_source)?;
        let mut by_id: BTreeMap<String, Questionnaire> = BTreeMap::new();
        let mut diags = Vec::new();
        for layer in &layers {
            for q in check_layer(layer, &framework, &mut diags) {
                by_id.insert(q.id.clone(), q);
            }
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Catalog::new(framework, by_id.into_values().collect())
    }

    /// Builds the catalogue, checking that question ids are unique across questionnaires.
    pub fn new(framework: Framework, questionnaires: Vec<Questionnaire>) -> Result<Catalog> {
        let mut index = BTreeMap::new();
        let mut diags = Vec::new();
        for (qi, q) in questionnaires.iter().enumerate() {
            for (si, s) in q.sections.iter().enumerate() {
                for (ki, question) in s.questions.iter().enumerate() {
                    if let Some((other, _, _)) = index.insert(question.id.clone(), (qi, si, ki)) {
                        diags.push(
                            Diagnostic::new(
                                &q.origin,
                                format!(
                                    "question id also used in questionnaire `{}` ({}): expected ids unique across questionnaires",
                                    questionnaires[other].id, questionnaires[other].origin
                                ),
                            )
                            .with_id(&question.id),
                        );
                    }
                }
            }
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Ok(Catalog {
            framework,
            questionnaires,
            index,
        })
    }

    pub fn questionnaire(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires.iter().find(|q| q.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index
            .get(id)
            .map(|&(q, s, k)| &self.questionnaires[q].sections[s].questions[k])
    }

    /// Every question of the catalogue, questionnaire by questionnaire, in file order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.questionnaires.iter().flat_map(|q| q.questions())
    }

    /// Checks questionnaire files (for `questionnaire validate`) as they would be used: against
    /// the framework of the catalogue (or a `framework.toml` among them), with ids unique among
    /// the files, and with question ids unique across the catalogue once they replace or join its
    /// questionnaires. Returns the checked questionnaires or every problem found.
    pub fn validate_files(&self, paths: &[PathBuf]) -> Result<Vec<Questionnaire>> {
        let mut diags = Vec::new();
        let mut framework = None;
        let mut sources = Vec::new();
        for path in paths {
            let files = if path.is_dir() {
                toml_files(path)?
            } else {
                vec![path.clone()]
            };
            for file in files {
                let src = match Source::read(&file) {
                    Ok(s) => s,
                    Err(Error::Input(d)) => {
                        diags.extend(d);
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                if file.file_name().is_some_and(|n| n == FRAMEWORK_FILE) {
                    match Framework::load(&src) {
                        Ok(f) => framework = Some(f),
                        Err(Error::Input(d)) => diags.extend(d),
                        Err(e) => return Err(e),
                    }
                } else if let Some(kind) = other_kind(&src) {
                    diags.push(src.diag(kind));
                } else {
                    sources.push(src);
                }
            }
        }
        let framework = framework.unwrap_or_else(|| self.framework.clone());
        let checked = check_layer(&sources, &framework, &mut diags);
        if diags.is_empty() {
            // The catalogue they join: the checked files replace questionnaires of their id and
            // come last, so that a question id clash is reported at the file being validated.
            let mut joined: Vec<Questionnaire> = self
                .questionnaires
                .iter()
                .filter(|q| checked.iter().all(|c| c.id != q.id))
                .cloned()
                .collect();
            joined.extend(checked.iter().cloned());
            Catalog::new(framework, joined)?;
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        Ok(checked)
    }
}

/// Checks the questionnaire files of one folder: each against the framework, and no two with
/// the same id (which one would win would depend on file names). Problems go to `diags`.
fn check_layer(
    sources: &[Source],
    framework: &Framework,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Questionnaire> {
    let mut checked: Vec<Questionnaire> = Vec::new();
    for src in sources {
        match validate::check(src, framework) {
            Ok(q) => {
                if let Some(first) = checked.iter().find(|c| c.id == q.id) {
                    let message = format!(
                        "questionnaire id already used by {}: expected one file per questionnaire id",
                        first.origin
                    );
                    // The id is the first string of that value in the file.
                    let diag = match src.text.find(&format!("\"{}\"", q.id)) {
                        Some(offset) => src.diag_at(offset, message),
                        None => src.diag(message),
                    };
                    diags.push(diag.with_id(&q.id));
                } else {
                    checked.push(q);
                }
            }
            Err(Error::Input(d)) => diags.extend(d),
            // validate::check only reports input problems.
            Err(e) => diags.push(src.diag(e.to_string())),
        }
    }
    checked
}

/// Why a TOML file given to `questionnaire validate` is plainly not a questionnaire:
/// a response (`[respondent]` and `[answers]`) or an engagement (`client` and `questionnaires`).
fn other_kind(src: &Source) -> Option<&'static str> {
    let table: toml::Table = toml::from_str(&src.text).ok()?;
    if table.contains_key("respondent") && table.contains_key("answers") {
        Some(
            "a response file, not a questionnaire: responses are checked against their \
             engagement's questionnaires by `platform-audit score DIR` (DIR: the engagement folder)",
        )
    } else if table.contains_key("client") && table.contains_key("questionnaires") {
        Some(
            "an engagement file, not a questionnaire: an engagement and its responses are \
             checked by `platform-audit score DIR` (DIR: the engagement folder)",
        )
    } else {
        None
    }
}

/// The `*.toml` files of a folder, sorted by name.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    // `--questionnaires cncf-maturity` (a folder flag given an id) is an easy slip.
    if !dir.exists()
        && crate::embed::questionnaire_sources()
            .iter()
            .any(|s| s.name.trim_end_matches(".toml").rsplit('/').next() == dir.to_str())
    {
        return Err(Error::Usage(format!(
            "--questionnaires {}: no such folder; --questionnaires names a folder of questionnaire files: did you mean --questionnaire {} (one questionnaire, by its id)?",
            dir.display(),
            dir.display()
        )));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_loads() {
        let c = Catalog::load(&[]).unwrap();
        assert!(!c.questionnaires.is_empty());
        let first = c.questions().next().unwrap();
        assert_eq!(c.question(&first.id).unwrap().id, first.id);
    }
}
