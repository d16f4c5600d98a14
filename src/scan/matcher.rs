//! The compiled detection rules. Entries are matched on their *name* first (one `GlobSet` test per
//! file, no allocation); only a name hit is checked against its whole-path glob, and only a path
//! hit with content rules costs a read.

use super::catalogue::{ContentRule, Target};
use globset::{Candidate, Glob, GlobMatcher, GlobSet, GlobSetBuilder};

/// One detection glob of a signal, as the catalogue hands it over.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Index of the signal in the catalogue (id order).
    pub signal: usize,
    pub target: Target,
    /// What the entry's name must match.
    pub name: Glob,
    /// What the path relative to the repository must match, for patterns naming folders.
    pub full: Option<Glob>,
    /// Content rules of the block, for files.
    pub content: Option<ContentRule>,
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub signal: usize,
    full: Option<GlobMatcher>,
    pub content: Option<ContentRule>,
}

#[derive(Debug, Clone)]
struct Side {
    names: GlobSet,
    rules: Vec<Compiled>,
}

impl Side {
    fn new(rules: Vec<&Rule>) -> Result<Side, String> {
        let mut set = GlobSetBuilder::new();
        let mut compiled = Vec::with_capacity(rules.len());
        for r in rules {
            set.add(r.name.clone());
            compiled.push(Compiled {
                signal: r.signal,
                full: r.full.as_ref().map(Glob::compile_matcher),
                content: r.content.clone(),
            });
        }
        Ok(Side {
            names: set.build().map_err(|e| e.to_string())?,
            rules: compiled,
        })
    }

    /// Rules whose name and path globs match; `scratch` is reused between calls.
    fn hits<'a>(
        &'a self,
        name: &str,
        rel: &str,
        scratch: &mut Vec<usize>,
        out: &mut Vec<&'a Compiled>,
    ) {
        out.clear();
        self.names
            .matches_candidate_into(&Candidate::new(name), scratch);
        if scratch.is_empty() {
            return;
        }
        let mut rel_candidate = None;
        for &i in scratch.iter() {
            let rule = &self.rules[i];
            if let Some(full) = &rule.full {
                let c = rel_candidate.get_or_insert_with(|| Candidate::new(rel));
                if !full.is_match_candidate(c) {
                    continue;
                }
            }
            out.push(rule);
        }
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    files: Side,
    dirs: Side,
}

impl Matcher {
    pub fn new(rules: Vec<Rule>) -> Result<Matcher, String> {
        let (files, dirs): (Vec<&Rule>, Vec<&Rule>) =
            rules.iter().partition(|r| r.target == Target::File);
        Ok(Matcher {
            files: Side::new(files)?,
            dirs: Side::new(dirs)?,
        })
    }

    /// The rules for `target` (a file or a folder) matching its name (`name`) and
    /// repository-relative path (`rel`).
    pub fn hits<'a>(
        &'a self,
        target: Target,
        name: &str,
        rel: &str,
        scratch: &mut Vec<usize>,
        out: &mut Vec<&'a Compiled>,
    ) {
        let side = match target {
            Target::File => &self.files,
            Target::Dir => &self.dirs,
        };
        side.hits(name, rel, scratch, out)
    }
}

#[cfg(test)]
mod tests {
    use super::Target;
    use crate::scan::Catalogue;

    fn signals_of(file: &str) -> Vec<String> {
        let c = Catalogue::embedded(&crate::embed::framework().unwrap()).unwrap();
        let name = file.rsplit('/').next().unwrap();
        let (mut scratch, mut out) = (Vec::new(), Vec::new());
        c.matcher
            .hits(Target::File, name, file, &mut scratch, &mut out);
        let mut ids: Vec<String> = out
            .iter()
            .filter(|r| r.content.is_none())
            .map(|r| c.signals[r.signal].id.clone())
            .collect();
        ids.dedup();
        ids
    }

    #[test]
    fn a_name_glob_matches_at_any_depth() {
        assert_eq!(signals_of("infra/modules/vpc/main.tf"), ["iac.terraform"]);
    }

    #[test]
    fn a_glob_with_a_slash_is_anchored_at_the_root() {
        assert_eq!(
            signals_of(".github/workflows/ci.yml"),
            ["ci.github_actions"]
        );
        assert!(signals_of("vendor/x/.github/workflows/ci.yml").is_empty());
        assert_eq!(signals_of("CODEOWNERS"), ["ownership.codeowners"]);
        assert!(signals_of("sub/CODEOWNERS").is_empty());
    }

    #[test]
    fn ignore_case_blocks_match_any_case() {
        assert_eq!(signals_of("readme.md"), ["docs.readme"]);
        assert_eq!(signals_of("ReadMe.rst"), ["docs.readme"]);
        assert!(signals_of("docs/README.md").is_empty());
    }

    #[test]
    fn star_does_not_cross_folders() {
        assert!(signals_of(".github/workflows/sub/ci.yml").is_empty());
    }
}
