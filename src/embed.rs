//! The defaults compiled into the binary: questionnaires, data files, report templates and the
//! sample engagement (see `build.rs`).

use crate::error::{Error, Result};
use crate::framework::Framework;
use crate::questionnaire::FRAMEWORK_FILE;
use crate::source::{write_atomic, Source};
use std::path::{Path, PathBuf};

mod files {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Every embedded file as `(path relative to the repository, contents)`, sorted by path.
pub fn files() -> &'static [(&'static str, &'static str)] {
    files::FILES
}

/// The embedded file at a repository-relative path.
pub fn file(path: &str) -> Option<&'static str> {
    files().iter().find(|(p, _)| *p == path).map(|(_, c)| *c)
}

/// The embedded files under a folder, with paths relative to that folder.
pub fn dir(prefix: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    files().iter().filter_map(move |(p, c)| {
        p.strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('/'))
            .map(|rest| (rest, *c))
    })
}

pub fn framework_source() -> Source {
    let path = format!("questionnaires/{}", FRAMEWORK_FILE);
    Source::embedded(&path, file(&path).unwrap_or_default())
}

pub fn framework() -> Result<Framework> {
    Framework::load(&framework_source())
}

/// The embedded questionnaires (every `questionnaires/*.toml` but the framework).
pub fn questionnaire_sources() -> Vec<Source> {
    dir("questionnaires")
        .filter(|(name, _)| {
            name.ends_with(".toml") && !name.contains('/') && *name != FRAMEWORK_FILE
        })
        .map(|(name, text)| Source::embedded(&format!("questionnaires/{name}"), text))
        .collect()
}

/// Writes the embedded files of a folder (e.g. `samples/acme`) under `dest`, atomically each.
pub fn extract(prefix: &str, dest: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, content) in dir(prefix) {
        let path = dest.join(rel);
        write_atomic(&path, content.as_bytes())?;
        written.push(path);
    }
    if written.is_empty() {
        return Err(Error::Usage(format!("nothing embedded under `{prefix}`")));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_are_sorted_and_include_the_framework() {
        let paths: Vec<_> = files().iter().map(|(p, _)| *p).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        assert!(file("questionnaires/framework.toml").is_some());
    }
}
