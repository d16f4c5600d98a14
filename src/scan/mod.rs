//! Repository scan: finds the repositories under the given paths, walks each (in parallel) for the
//! signals of the catalogue, and aggregates their coverage into the evidence file
//! ([`crate::evidence::ScanReport`]). The scanner knows nothing of questions: questionnaires map
//! signals to questions through their evidence rules.
//!
//! Scans are read-only: files are only listed, examined and, for content rules, read up to a
//! bounded prefix; `.git` is only read through `git log` and `git for-each-ref` with `--git`, run
//! so that nothing a scanned repository names is ever run ([`history::Git`]).

pub mod catalogue;
pub mod content;
pub mod history;
pub mod matcher;
pub mod merge;
pub mod walk;

pub use catalogue::{Catalogue, Category, Signal};
pub use walk::reason;

use crate::error::{Error, Result};
use crate::evidence::{
    CategoryCoverage, ContextHit, GitHistory, PathContext, ReferenceHit, RepositoryEvidence,
    ScanParameters, ScanReport, SignalCoverage, SignalHit, SCAN_SCHEMA_VERSION,
};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use walk::{is_repository, walk_repository, WalkOptions};
use walkdir::WalkDir;

/// Folders skipped by default: repository metadata, vendored dependencies and build outputs.
pub const DEFAULT_SKIP_DIRS: &[&str] = &[
    ".cache",
    ".direnv",
    ".git",
    ".gradle",
    ".hg",
    ".mypy_cache",
    ".next",
    ".nuxt",
    ".pytest_cache",
    ".svn",
    ".terraform",
    ".tox",
    ".venv",
    "__pycache__",
    "bower_components",
    "build",
    "dist",
    "node_modules",
    "target",
    "vendor",
    "venv",
];

/// The most bytes read from one file for content rules, by default.
pub const DEFAULT_MAX_READ_BYTES: u64 = 64 * 1024;

/// How long one git command may take by default: far more than `git log` needs on a large
/// repository, but a repository cannot stall the scan for good.
pub const DEFAULT_GIT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, Clone)]
pub struct Options {
    /// Folder names never entered (`.git` is always skipped).
    pub skip_dirs: Vec<String>,
    pub max_read_bytes: u64,
    /// Count the bytes of every file (`--bytes`): one `stat` per file, which nothing else needs.
    pub count_bytes: bool,
    /// Read git history proxies.
    pub git: bool,
    /// How long one git command may take on a repository before it is stopped (its history is
    /// then unavailable).
    pub git_timeout: std::time::Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            skip_dirs: DEFAULT_SKIP_DIRS.iter().map(|s| s.to_string()).collect(),
            max_read_bytes: DEFAULT_MAX_READ_BYTES,
            count_bytes: false,
            git: false,
            git_timeout: DEFAULT_GIT_TIMEOUT,
        }
    }
}

/// Told of the scan's progress (a terminal progress bar, or nothing).
pub trait Progress: Sync {
    /// More repositories to scan were found.
    fn found(&self, _repositories: usize) {}
    /// One repository was scanned.
    fn scanned(&self, _repository: &str, _files: u64) {}
}

/// No progress reporting.
pub struct Silent;
impl Progress for Silent {}

/// A scan's result: the evidence, and what happened outside any repository (not part of the
/// evidence, shown to the user).
#[derive(Debug)]
pub struct Scan {
    pub report: ScanReport,
    pub warnings: Vec<String>,
}

/// A repository to walk: where it is, which root it was found under, and its name in the report
/// (see [`name_of`]).
#[derive(Debug, Clone)]
struct Target {
    path: PathBuf,
    root: usize,
    name: Name,
}

/// A repository's name in the report.
#[derive(Debug, Clone)]
struct Name {
    text: String,
    /// False when some byte of the path is not UTF-8 and is written `\xHH`: another folder could
    /// then be spelled the same way.
    exact: bool,
}

/// A walked repository, before its name is settled.
struct Walked {
    target: Target,
    files: u64,
    bytes: Option<u64>,
    signals: Vec<SignalHit>,
    other_matches: Vec<ContextHit>,
    references: Vec<ReferenceHit>,
    skipped: std::collections::BTreeMap<String, u64>,
    history: Option<GitHistory>,
    /// Folders not walked for their depth, by path relative to the repository.
    too_deep: Vec<String>,
}

/// Scans repositories under `roots`: every folder holding `.git` is a repository (nested ones
/// included); a root holding none is scanned as one repository.
pub fn scan(
    roots: &[PathBuf],
    catalogue: &Catalogue,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Scan> {
    check_roots(roots)?;
    let git = options
        .git
        .then(|| history::Git::new(options.git_timeout))
        .transpose()?;
    let skip_dirs = skip_list(&options.skip_dirs);
    let mut walk_options = WalkOptions::new(&skip_dirs, options.max_read_bytes);
    walk_options.count_bytes = options.count_bytes;
    let labels = root_labels(roots);
    let target = |path: PathBuf, root: usize| Target {
        name: name_of(&path, root, roots, &labels),
        path,
        root,
    };

    // Overlapping roots (`a` and `a/b`) would find a repository twice: scan it once.
    let mut seen = HashSet::new();
    let mut first_visit = |path: &Path| seen.insert(Identity::of(path));

    let mut warnings = Vec::new();
    let mut pending = Vec::new();
    for (i, root) in roots.iter().enumerate() {
        for path in discover(root, &walk_options, &mut warnings) {
            if first_visit(&path) {
                pending.push(target(path, i));
            }
        }
    }
    // Roots with the same folder name are refused before anything is walked.
    exact_names(pending.iter().map(|t| &t.name))?;

    // Nested repositories are found while walking their parent (which lists their folder anyway):
    // walk in rounds until none is left.
    let mut walked = Vec::new();
    while !pending.is_empty() {
        progress.found(pending.len());
        let batch = std::mem::take(&mut pending);
        for (repository, nested) in
            scan_batch(batch, catalogue, &walk_options, git.as_ref(), progress)
        {
            let root = repository.target.root;
            for path in nested {
                if first_visit(&path) {
                    pending.push(target(path, root));
                }
            }
            walked.push(repository);
        }
    }
    settle_names(&mut walked, &mut warnings)?;
    walked.sort_by(|a, b| a.target.name.text.cmp(&b.target.name.text));
    for w in &walked {
        warn_too_deep(&w.target.name.text, &w.too_deep, &mut warnings);
    }
    let mut repositories: Vec<RepositoryEvidence> = walked
        .into_iter()
        .map(|w| RepositoryEvidence {
            path: w.target.name.text,
            files: w.files,
            bytes: w.bytes,
            signals: w.signals,
            other_matches: w.other_matches,
            references: w.references,
            skipped: w.skipped,
            history: w.history,
        })
        .collect();
    repositories.sort_by(|a, b| a.path.cmp(&b.path));

    let report = ScanReport {
        schema_version: SCAN_SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        parameters: ScanParameters {
            // The folder names, not the paths as given: an absolute path would carry the
            // consultant's home folder into a file handed to the client.
            roots: labels.iter().map(|l| l.text.clone()).collect(),
            skip_dirs,
            max_read_bytes: options.max_read_bytes,
            git: options.git,
        },
        signals: signal_coverage(&repositories, catalogue),
        categories: category_coverage(&repositories, catalogue),
        repositories,
    };
    Ok(Scan { report, warnings })
}

/// What makes two paths the same folder: its device and inode on Unix, its canonical path
/// elsewhere. (Not the canonical path on Unix: resolving a path of depth d costs d lookups of
/// ever longer prefixes, which made a scan of nested repositories cubic in their depth.)
#[derive(Debug, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

impl Identity {
    fn of(path: &Path) -> Identity {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if let Ok(m) = std::fs::metadata(path) {
                return Identity::Inode(m.dev(), m.ino());
            }
        }
        Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

fn check_roots(roots: &[PathBuf]) -> Result<()> {
    if roots.is_empty() {
        return Err(Error::Usage(
            "no path to scan: expected one or more folders".into(),
        ));
    }
    match roots.iter().find(|r| !r.is_dir()) {
        Some(root) => Err(Error::Usage(format!(
            "{}: not a folder (expected a repository or a folder of repositories)",
            root.display()
        ))),
        None => Ok(()),
    }
}

/// The skip list as recorded: sorted, without duplicates, `.git` always in.
fn skip_list(requested: &[String]) -> Vec<String> {
    let mut skip_dirs = requested.to_vec();
    skip_dirs.push(".git".into());
    skip_dirs.sort();
    skip_dirs.dedup();
    skip_dirs
}

/// Walks repositories in parallel; returns each one, with the repositories nested in it.
fn scan_batch(
    batch: Vec<Target>,
    catalogue: &Catalogue,
    walk_options: &WalkOptions,
    git: Option<&history::Git>,
    progress: &dyn Progress,
) -> Vec<(Walked, Vec<PathBuf>)> {
    // Each worker thread gets its own copy of the catalogue: compiled regexes share a cache pool
    // that is slow for every thread but its first user. One copy per thread, made once per
    // batch (`map_init` made one per split of the work, about one per repository, each built
    // and dropped: 5 to 8 % of the scan's CPU on the 50k benchmark tree).
    let copies: Vec<Catalogue> = (0..rayon::current_num_threads().max(1))
        .map(|_| catalogue.clone())
        .collect();
    batch
        .into_par_iter()
        .map(|target| {
            let thread = rayon::current_thread_index().unwrap_or(0);
            let catalogue = &copies[thread % copies.len()];
            let walked = walk_repository(&target.path, catalogue, walk_options);
            let history = git.map(|git| git.read(&target.path));
            progress.scanned(&target.name.text, walked.files);
            let (signals, other_matches) = hits_of(&walked.hits, catalogue);
            let repository = Walked {
                files: walked.files,
                bytes: walk_options.count_bytes.then_some(walked.bytes),
                signals,
                other_matches,
                references: references_of(&walked.references, catalogue),
                skipped: walked.skipped,
                history,
                too_deep: walked.too_deep,
                target,
            };
            (repository, walked.nested)
        })
        .collect()
}

/// The repositories under a root; the root itself when it is one or holds none.
fn discover(root: &Path, options: &WalkOptions, warnings: &mut Vec<String>) -> Vec<PathBuf> {
    if is_repository(root) {
        return vec![root.to_path_buf()];
    }
    let mut found = Vec::new();
    let mut it = WalkDir::new(root).follow_links(false).into_iter();
    while let Some(next) = it.next() {
        let entry = match next {
            Ok(e) => e,
            Err(e) => {
                warnings.push(format!("not searched for repositories: {e}"));
                continue;
            }
        };
        if entry.depth() == 0 || !entry.file_type().is_dir() {
            continue;
        }
        if options.skip_dirs.contains(entry.file_name()) || entry.file_name() == ".git" {
            it.skip_current_dir();
        } else if is_repository(entry.path()) {
            found.push(entry.path().to_path_buf());
            it.skip_current_dir();
        }
    }
    if found.is_empty() {
        found.push(root.to_path_buf());
    }
    found
}

/// How each root is named in repository paths when several roots are scanned.
fn root_labels(roots: &[PathBuf]) -> Vec<Name> {
    roots
        .iter()
        .map(|r| {
            let canonical;
            let name = match r.file_name() {
                Some(n) => n,
                None => {
                    canonical = std::fs::canonicalize(r).ok();
                    canonical
                        .as_deref()
                        .and_then(Path::file_name)
                        .unwrap_or(OsStr::new("root"))
                }
            };
            let (text, exact) = name_text(name);
            Name {
                text: text.into_owned(),
                exact,
            }
        })
        .collect()
}

/// A file name as text: its UTF-8 as is (a `\` stays a `\`), each byte that is not UTF-8
/// written `\xHH`; `false` when some byte had to be written so.
fn name_text(name: &OsStr) -> (Cow<'_, str>, bool) {
    if let Some(text) = name.to_str() {
        return (Cow::Borrowed(text), true);
    }
    let mut text = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02x}"));
        }
    }
    (Cow::Owned(text), false)
}

/// A repository's name in the report: its path relative to its root, folder names joined by `/`
/// (each as [`name_text`] writes it), prefixed by the root's name when several roots are
/// scanned; the root's own name for a root.
fn name_of(path: &Path, root: usize, roots: &[PathBuf], labels: &[Name]) -> Name {
    let rel = path.strip_prefix(&roots[root]).unwrap_or(Path::new(""));
    let mut text = String::new();
    let mut exact = true;
    for component in rel.components() {
        let (name, is_exact) = name_text(component.as_os_str());
        if !text.is_empty() {
            text.push('/');
        }
        text.push_str(&name);
        exact &= is_exact;
    }
    let label = &labels[root];
    match (text.is_empty(), roots.len() > 1) {
        (true, _) => label.clone(),
        (false, false) => Name { text, exact },
        (false, true) => Name {
            text: format!("{}/{text}", label.text),
            exact: exact && label.exact,
        },
    }
}

/// The exact names, checked distinct (see [`settle_names`]).
fn exact_names<'n>(names: impl Iterator<Item = &'n Name>) -> Result<BTreeSet<String>> {
    let mut taken = BTreeSet::new();
    for name in names.filter(|n| n.exact) {
        if !taken.insert(name.text.clone()) {
            return Err(Error::Usage(format!(
                "two repositories would both be reported as `{}`: scan roots with distinct folder names",
                crate::terminal::safe_line(&name.text)
            )));
        }
    }
    Ok(taken)
}

/// Makes every name unique. Exact names are distinct within a root, so two equal ones come from
/// two roots with the same folder name: an error the user can fix. A name with `\xHH` escapes
/// that is already taken gets ` (2)`, ` (3)`… (in the order of the raw paths, so the same tree
/// always gets the same names), with a warning; the names with escapes are counted in a warning.
fn settle_names(walked: &mut [Walked], warnings: &mut Vec<String>) -> Result<()> {
    let mut taken = exact_names(walked.iter().map(|w| &w.target.name))?;
    let mut escaped: Vec<&mut Walked> =
        walked.iter_mut().filter(|w| !w.target.name.exact).collect();
    escaped.sort_by(|a, b| {
        (a.target.root, a.target.path.as_os_str()).cmp(&(b.target.root, b.target.path.as_os_str()))
    });
    let mut listed = Vec::new();
    for w in &mut escaped {
        let base = w.target.name.text.clone();
        let mut n = 1;
        while !taken.insert(w.target.name.text.clone()) {
            n += 1;
            w.target.name.text = format!("{base} ({n})");
        }
        if n > 1 {
            warnings.push(format!(
                "{}: reported as `{}`, since `{base}` names another repository",
                name_text(w.target.path.as_os_str()).0,
                w.target.name.text
            ));
        }
        listed.push(w.target.name.text.clone());
    }
    if !listed.is_empty() {
        const SHOWN: usize = 5;
        let more = listed.len().saturating_sub(SHOWN);
        let mut names = listed
            .iter()
            .take(SHOWN)
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>();
        if more > 0 {
            names.push(format!("and {more} more"));
        }
        warnings.push(format!(
            "{} {} a folder name that is not UTF-8; each byte that is not UTF-8 is written \\xHH: {}",
            listed.len(),
            if listed.len() == 1 { "repository has" } else { "repositories have" },
            names.join(", ")
        ));
    }
    Ok(())
}

/// Names the folders of a repository not walked for their depth (the first few, then a count).
fn warn_too_deep(repository: &str, folders: &[String], warnings: &mut Vec<String>) {
    if folders.is_empty() {
        return;
    }
    const SHOWN: usize = 5;
    let mut sorted: Vec<&String> = folders.iter().collect();
    sorted.sort();
    let mut names: Vec<String> = sorted.iter().take(SHOWN).map(|f| format!("{f}/")).collect();
    if sorted.len() > SHOWN {
        names.push(format!("and {} more", sorted.len() - SHOWN));
    }
    warnings.push(format!(
        "{repository}: {} {} deeper than {} levels not walked (counted as too_deep): {}",
        folders.len(),
        if folders.len() == 1 {
            "folder"
        } else {
            "folders"
        },
        walk::MAX_DEPTH,
        names.join(", ")
    ));
}

/// Signals found in practice, in id order, each with its paths sorted and unique; and the
/// matches in other contexts, by signal id then context.
fn hits_of(
    hits: &[Vec<(PathContext, String)>],
    catalogue: &Catalogue,
) -> (Vec<SignalHit>, Vec<ContextHit>) {
    let mut practice = Vec::new();
    let mut others = Vec::new();
    for (signal, paths) in catalogue.signals.iter().zip(hits) {
        let mut by_context: BTreeMap<PathContext, BTreeSet<&String>> = BTreeMap::new();
        for (context, path) in paths {
            by_context.entry(*context).or_default().insert(path);
        }
        for (context, paths) in by_context {
            let paths: Vec<String> = paths.into_iter().cloned().collect();
            if context == PathContext::Practice {
                practice.push(SignalHit {
                    id: signal.id.clone(),
                    paths,
                });
            } else {
                others.push(ContextHit {
                    id: signal.id.clone(),
                    context,
                    paths,
                });
            }
        }
    }
    (practice, others)
}

/// The walk's references grouped by rule and target, each with its sorted paths.
fn references_of(found: &[(usize, String, String)], catalogue: &Catalogue) -> Vec<ReferenceHit> {
    let mut grouped: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for (rule, target, path) in found {
        grouped
            .entry((catalogue.references[*rule].id.as_str(), target.as_str()))
            .or_default()
            .insert(path.as_str());
    }
    grouped
        .into_iter()
        .map(|((id, target), paths)| ReferenceHit {
            id: id.to_string(),
            target: target.to_string(),
            paths: paths.into_iter().map(str::to_string).collect(),
        })
        .collect()
}

fn share(count: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

fn signal_coverage(repos: &[RepositoryEvidence], catalogue: &Catalogue) -> Vec<SignalCoverage> {
    catalogue
        .signals
        .iter()
        .map(|s| {
            let n = repos
                .iter()
                .filter(|r| r.signals.iter().any(|h| h.id == s.id))
                .count();
            SignalCoverage {
                id: s.id.clone(),
                category: s.category.clone(),
                repositories: n,
                coverage: share(n, repos.len()),
            }
        })
        .collect()
}

fn category_coverage(repos: &[RepositoryEvidence], catalogue: &Catalogue) -> Vec<CategoryCoverage> {
    catalogue
        .categories
        .iter()
        .map(|c| {
            let n = repos
                .iter()
                .filter(|r| {
                    r.signals
                        .iter()
                        .any(|h| catalogue.signal(&h.id).is_some_and(|s| s.category == c.id))
                })
                .count();
            CategoryCoverage {
                id: c.id.clone(),
                repositories: n,
                coverage: share(n, repos.len()),
            }
        })
        .collect()
}

/// The language of an engagement (its `engagement.toml`), for messages about its scan; the
/// engagement itself is checked by the commands that load it whole.
pub fn engagement_language(dir: &Path) -> Result<crate::i18n::Lang> {
    let source = crate::engagement::manifest(dir)?;
    #[derive(serde::Deserialize)]
    struct Head {
        language: toml::Spanned<String>,
    }
    let head: Head = source.parse()?;
    head.language
        .get_ref()
        .parse()
        .map_err(|m: String| Error::one(source.diag_at(head.language.span().start, m)))
}

/// The report as pretty JSON with a final newline (what `scan` writes).
pub fn to_json(report: &ScanReport) -> Result<String> {
    let mut text = serde_json::to_string_pretty(report)
        .map_err(|e| Error::Usage(format!("scan.json could not be serialised: {e}")))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(roots: &[PathBuf]) -> Vec<Name> {
        root_labels(roots)
    }

    #[test]
    fn a_backslash_in_a_folder_name_stays_a_backslash() {
        let roots = [PathBuf::from("org")];
        let name = name_of(Path::new("org/a\\b/c"), 0, &roots, &labels(&roots));
        assert_eq!(name.text, "a\\b/c");
        assert!(name.exact);
    }

    #[test]
    fn several_roots_prefix_their_folder_name() {
        let roots = [PathBuf::from("x/org"), PathBuf::from("y\\z")];
        let labels = labels(&roots);
        assert_eq!(
            name_of(Path::new("x/org/api"), 0, &roots, &labels).text,
            "org/api"
        );
        assert_eq!(name_of(Path::new("y\\z"), 1, &roots, &labels).text, "y\\z");
    }

    #[cfg(unix)]
    #[test]
    fn bytes_that_are_not_utf8_are_written_as_hex_escapes() {
        use std::os::unix::ffi::OsStrExt;
        let (text, exact) = name_text(OsStr::from_bytes(b"r\xe9pertoire-\xff\xfe"));
        assert_eq!(text, "r\\xe9pertoire-\\xff\\xfe");
        assert!(!exact);
        let (text, exact) = name_text(OsStr::new("répertoire"));
        assert_eq!(text, "répertoire");
        assert!(exact);
    }
}
