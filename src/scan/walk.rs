//! Walking one repository: counts files and bytes, matches entries against the catalogue, reads a
//! bounded prefix of the files a content rule needs, and counts (never fails on) whatever cannot
//! be read. Symlinks are never followed out of the repository, folders reached through a symlink
//! are never entered, and FIFOs, sockets and devices are never opened.

use super::catalogue::Catalogue;
use super::matcher::Compiled;
use std::collections::{BTreeMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Why an entry was passed over; the keys of `skipped` in scan.json.
pub mod reason {
    /// A folder named in the skip list (vendored or build output).
    pub const SKIPPED_DIR: &str = "skipped_dir";
    /// A FIFO, socket or device: never opened.
    pub const SPECIAL_FILE: &str = "special_file";
    /// A symlink to a folder inside the repository: not entered (its target is walked anyway).
    pub const SYMLINK_DIR: &str = "symlink_dir";
    /// A symlink whose target is outside the repository: never followed.
    pub const SYMLINK_OUTSIDE_ROOT: &str = "symlink_outside_root";
    /// A symlink into `.git` or a skipped folder: not followed.
    pub const SYMLINK_INTO_SKIPPED: &str = "symlink_into_skipped";
    /// A dangling or looping symlink.
    pub const BROKEN_SYMLINK: &str = "broken_symlink";
    /// An entry whose path is not valid UTF-8: counted, not matched (it could not be reported).
    pub const NON_UTF8_NAME: &str = "non_utf8_name";
    /// A file that could not be examined or opened.
    pub const UNREADABLE: &str = "unreadable";
    /// A folder that could not be listed.
    pub const UNREADABLE_DIR: &str = "unreadable_dir";
    /// A file a content rule needed whose prefix holds a NUL byte: no content rule applies.
    pub const BINARY: &str = "binary";
}

/// Every reason, with its label in both languages (for summaries and reports).
pub const REASON_LABELS: &[(&str, &str, &str)] = &[
    (
        reason::SKIPPED_DIR,
        "dossiers ignorés (dépendances, builds)",
        "skipped folders (dependencies, builds)",
    ),
    (
        reason::SPECIAL_FILE,
        "fichiers spéciaux (FIFO, socket, périphérique)",
        "special files (FIFO, socket, device)",
    ),
    (
        reason::SYMLINK_DIR,
        "liens symboliques vers un dossier",
        "symlinks to a folder",
    ),
    (
        reason::SYMLINK_OUTSIDE_ROOT,
        "liens symboliques hors du dépôt",
        "symlinks out of the repository",
    ),
    (
        reason::SYMLINK_INTO_SKIPPED,
        "liens symboliques vers un dossier ignoré",
        "symlinks into a skipped folder",
    ),
    (
        reason::BROKEN_SYMLINK,
        "liens symboliques rompus ou en boucle",
        "broken or looping symlinks",
    ),
    (reason::NON_UTF8_NAME, "noms non UTF-8", "non-UTF-8 names"),
    (
        reason::UNREADABLE,
        "fichiers illisibles",
        "unreadable files",
    ),
    (
        reason::UNREADABLE_DIR,
        "dossiers illisibles",
        "unreadable folders",
    ),
    (reason::BINARY, "fichiers binaires", "binary files"),
];

/// The label of a reason key, in both languages.
pub fn reason_label(key: &str) -> Option<crate::i18n::Text> {
    REASON_LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, fr, en)| crate::i18n::Text::new(*fr, *en))
}

/// What to skip and how much to read.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub skip_dirs: HashSet<OsString>,
    pub max_read_bytes: u64,
}

impl WalkOptions {
    pub fn new(skip_dirs: &[String], max_read_bytes: u64) -> WalkOptions {
        WalkOptions {
            skip_dirs: skip_dirs.iter().map(OsString::from).collect(),
            max_read_bytes,
        }
    }

    fn skips(&self, name: &OsStr) -> bool {
        name == ".git" || self.skip_dirs.contains(name)
    }
}

/// The result of walking one repository.
#[derive(Debug, Default)]
pub struct RepoWalk {
    pub files: u64,
    pub bytes: u64,
    pub skipped: BTreeMap<String, u64>,
    /// Matching paths per signal index (catalogue order), unsorted.
    pub hits: Vec<Vec<String>>,
    /// Folders below the root that hold their own `.git`: repositories of their own, not walked.
    pub nested: Vec<PathBuf>,
}

/// Whether a folder is a repository root (holds a `.git` folder or gitfile).
pub fn is_repository(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(".git")).is_ok()
}

struct Walker<'c> {
    catalogue: &'c Catalogue,
    options: &'c WalkOptions,
    root: &'c Path,
    /// The root's canonical path, computed on the first symlink met.
    canonical_root: Option<Option<PathBuf>>,
    out: RepoWalk,
    scratch: Vec<usize>,
    rules: Vec<&'c Compiled>,
    buf: Vec<u8>,
}

pub fn walk_repository(root: &Path, catalogue: &Catalogue, options: &WalkOptions) -> RepoWalk {
    let mut w = Walker {
        catalogue,
        options,
        root,
        canonical_root: None,
        out: RepoWalk {
            hits: vec![Vec::new(); catalogue.signals.len()],
            ..RepoWalk::default()
        },
        scratch: Vec::new(),
        rules: Vec::new(),
        buf: Vec::new(),
    };
    w.walk();
    w.out
}

impl<'c> Walker<'c> {
    fn count(&mut self, reason: &str) {
        *self.out.skipped.entry(reason.to_string()).or_insert(0) += 1;
    }

    fn walk(&mut self) {
        let mut it = WalkDir::new(self.root).follow_links(false).into_iter();
        while let Some(next) = it.next() {
            let entry = match next {
                Ok(e) => e,
                Err(e) => {
                    // Without following links, walkdir only fails on a folder it cannot list or an
                    // entry that vanished mid-walk.
                    let is_dir = e.path().is_some_and(|p| p.is_dir());
                    self.count(if is_dir {
                        reason::UNREADABLE_DIR
                    } else {
                        reason::UNREADABLE
                    });
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let ft = entry.file_type();
            let name = entry.file_name();
            if ft.is_dir() {
                if self.options.skips(name) {
                    if name != ".git" {
                        self.count(reason::SKIPPED_DIR);
                    }
                    it.skip_current_dir();
                } else if is_repository(entry.path()) {
                    self.out.nested.push(entry.path().to_path_buf());
                    it.skip_current_dir();
                } else if let Some((name, rel)) = self.names(entry.path(), name) {
                    self.dir(name, rel);
                }
                continue;
            }
            if name == ".git" {
                // A gitfile (worktree or submodule link): repository metadata, not content.
                continue;
            }
            if ft.is_file() {
                let size = match entry.metadata() {
                    Ok(m) => m.len(),
                    Err(_) => {
                        self.count(reason::UNREADABLE);
                        continue;
                    }
                };
                self.file(entry.path(), name, size, entry.path());
            } else if ft.is_symlink() {
                self.symlink(entry.path(), name);
            } else {
                self.count(reason::SPECIAL_FILE);
            }
        }
    }

    /// The entry's name and repository-relative path as text; counts the entry when its path is
    /// not UTF-8.
    fn names<'p>(&mut self, path: &'p Path, name: &'p OsStr) -> Option<(&'p str, &'p str)> {
        let rel = path.strip_prefix(self.root).ok().and_then(Path::to_str);
        match (name.to_str(), rel) {
            (Some(n), Some(r)) => Some((n, r)),
            _ => {
                self.count(reason::NON_UTF8_NAME);
                None
            }
        }
    }

    fn dir(&mut self, name: &str, rel: &str) {
        self.catalogue
            .matcher
            .dir_hits(name, rel, &mut self.scratch, &mut self.rules);
        for i in 0..self.rules.len() {
            let signal = self.rules[i].signal;
            push_once(&mut self.out.hits[signal], format!("{rel}/"));
        }
    }

    /// A regular file (or a symlink to one inside the repository, read through `read_path`).
    fn file(&mut self, path: &Path, name: &OsStr, size: u64, read_path: &Path) {
        self.out.files += 1;
        self.out.bytes += size;
        let Some((name, rel)) = self.names(path, name) else {
            return;
        };
        self.catalogue
            .matcher
            .file_hits(name, rel, &mut self.scratch, &mut self.rules);
        if self.rules.is_empty() {
            return;
        }
        // None: not read yet; Some(false): unreadable or binary; Some(true): text in `buf`.
        let mut read: Option<bool> = None;
        for i in 0..self.rules.len() {
            let rule = self.rules[i];
            let matched = match &rule.content {
                None => true,
                Some(content) => {
                    let ok = *read.get_or_insert_with(|| self.read_prefix(read_path));
                    ok && content.matches(&self.buf)
                }
            };
            if matched {
                push_once(&mut self.out.hits[rule.signal], rel.to_string());
            }
        }
    }

    /// Reads at most `max_read_bytes` into `buf`; false (and counted) when unreadable or binary.
    fn read_prefix(&mut self, path: &Path) -> bool {
        self.buf.clear();
        let read = open_for_prefix(path).and_then(|f| {
            f.take(self.options.max_read_bytes)
                .read_to_end(&mut self.buf)
        });
        if read.is_err() {
            self.count(reason::UNREADABLE);
            return false;
        }
        if self.buf.contains(&0) {
            self.count(reason::BINARY);
            return false;
        }
        true
    }

    fn symlink(&mut self, path: &Path, name: &OsStr) {
        let root = self
            .canonical_root
            .get_or_insert_with(|| std::fs::canonicalize(self.root).ok())
            .clone();
        let Ok(target) = std::fs::canonicalize(path) else {
            self.count(reason::BROKEN_SYMLINK);
            return;
        };
        let inside = root.as_ref().and_then(|r| target.strip_prefix(r).ok());
        let Some(inside) = inside else {
            self.count(reason::SYMLINK_OUTSIDE_ROOT);
            return;
        };
        if inside
            .components()
            .any(|c| self.options.skips(c.as_os_str()))
        {
            self.count(reason::SYMLINK_INTO_SKIPPED);
            return;
        }
        match std::fs::metadata(&target) {
            Ok(m) if m.is_dir() => self.count(reason::SYMLINK_DIR),
            Ok(m) if m.is_file() => self.file(path, name, m.len(), &target),
            Ok(_) => self.count(reason::SPECIAL_FILE),
            Err(_) => self.count(reason::BROKEN_SYMLINK),
        }
    }
}

fn push_once(paths: &mut Vec<String>, path: String) {
    if paths.last() != Some(&path) {
        paths.push(path);
    }
}

/// Opens a file for reading its prefix without following a symlink swapped in since the walk and
/// without blocking on a FIFO swapped in since the walk.
fn open_for_prefix(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::embedded(&crate::embed::framework().unwrap()).unwrap()
    }

    fn found(walk: &RepoWalk, c: &Catalogue, id: &str) -> Vec<String> {
        let i = c.signals.iter().position(|s| s.id == id).unwrap();
        walk.hits[i].clone()
    }

    #[test]
    fn every_reason_has_a_label_in_both_languages() {
        let all = [
            reason::SKIPPED_DIR,
            reason::SPECIAL_FILE,
            reason::SYMLINK_DIR,
            reason::SYMLINK_OUTSIDE_ROOT,
            reason::SYMLINK_INTO_SKIPPED,
            reason::BROKEN_SYMLINK,
            reason::NON_UTF8_NAME,
            reason::UNREADABLE,
            reason::UNREADABLE_DIR,
            reason::BINARY,
        ];
        for key in all {
            assert!(
                reason_label(key).is_some_and(|t| t.missing().is_empty()),
                "{key}"
            );
        }
        assert_eq!(REASON_LABELS.len(), all.len());
    }

    #[test]
    fn content_rules_tell_a_manifest_from_other_yaml() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("app.yaml"),
            "apiVersion: apps/v1\nkind: Deployment\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("values.yaml"), "replicas: 2\n").unwrap();
        let c = catalogue();
        let w = walk_repository(dir.path(), &c, &WalkOptions::new(&[], 1024));
        assert_eq!(found(&w, &c, "deploy.kubernetes"), ["app.yaml"]);
        assert_eq!(w.files, 2);
    }

    #[test]
    fn the_read_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = "x: 1\n".repeat(100);
        text.push_str("apiVersion: v1\nkind: Service\n");
        std::fs::write(dir.path().join("late.yaml"), text).unwrap();
        let c = catalogue();
        let short = walk_repository(dir.path(), &c, &WalkOptions::new(&[], 100));
        assert!(found(&short, &c, "deploy.kubernetes").is_empty());
        let long = walk_repository(dir.path(), &c, &WalkOptions::new(&[], 4096));
        assert_eq!(found(&long, &c, "deploy.kubernetes"), ["late.yaml"]);
    }

    #[test]
    fn skipped_folders_and_nested_repositories_are_not_walked() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["node_modules/x", "lib/.git", "src"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join("node_modules/x/Makefile"), "all:\n").unwrap();
        std::fs::write(dir.path().join("lib/Makefile"), "all:\n").unwrap();
        std::fs::write(dir.path().join("src/main.tf"), "").unwrap();
        let c = catalogue();
        let w = walk_repository(
            dir.path(),
            &c,
            &WalkOptions::new(&["node_modules".into()], 1024),
        );
        assert!(found(&w, &c, "devex.task_runner").is_empty());
        assert_eq!(found(&w, &c, "iac.terraform"), ["src/main.tf"]);
        assert_eq!(w.nested, [dir.path().join("lib")]);
        assert_eq!(w.skipped.get(reason::SKIPPED_DIR), Some(&1));
        assert_eq!(w.files, 1);
    }
}
