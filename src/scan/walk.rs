//! Walking one repository: counts files and bytes, matches entries against the catalogue, reads a
//! bounded prefix of the files a content rule needs, and counts (never fails on) whatever cannot
//! be read. Symlinks are never followed out of the repository, folders reached through a symlink
//! are never entered, and FIFOs, sockets and devices are never opened.

use super::catalogue::{Catalogue, Target};
use super::content::{ContentRule, Memo};
use super::matcher::Compiled;
use crate::evidence::PathContext;
use std::collections::{BTreeMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};

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
    /// A folder deeper than [`super::MAX_DEPTH`] levels: not walked, and named in a warning.
    pub const TOO_DEEP: &str = "too_deep";
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
    (
        reason::TOO_DEEP,
        "dossiers trop profonds, non parcourus",
        "folders too deep, not walked",
    ),
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
    /// Examine every file for its size (`fstatat`); otherwise files are known from their
    /// folder's listing alone, and only those a rule reads are opened.
    pub count_bytes: bool,
}

impl WalkOptions {
    pub fn new(skip_dirs: &[String], max_read_bytes: u64) -> WalkOptions {
        WalkOptions {
            skip_dirs: skip_dirs.iter().map(OsString::from).collect(),
            max_read_bytes,
            count_bytes: false,
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
    /// With [`WalkOptions::count_bytes`] only (0 otherwise).
    pub bytes: u64,
    pub skipped: BTreeMap<String, u64>,
    /// Matching paths per signal index (catalogue order), each with its context, unsorted.
    pub hits: Vec<Vec<(PathContext, String)>>,
    /// Folders below the root that hold their own `.git`: repositories of their own, not walked.
    pub nested: Vec<PathBuf>,
    /// Folders not walked for being deeper than [`MAX_DEPTH`], by relative path.
    pub too_deep: Vec<String>,
    /// What the repository's own files reference: (reference rule index, target, path), unsorted.
    pub references: Vec<(usize, String, String)>,
}

/// Whether a folder is a repository root (holds a `.git` folder or gitfile).
pub fn is_repository(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(".git")).is_ok()
}

/// How deep the walk holds folders open: each level keeps one descriptor (files are examined
/// and opened relative to their folder, so no path is ever too long to walk), and a folder
/// deeper than this is reported by name instead of walked. Real repositories stay far below.
pub const MAX_DEPTH: usize = 256;

struct Walker<'c> {
    catalogue: &'c Catalogue,
    options: &'c WalkOptions,
    root: &'c Path,
    /// The root's canonical path, computed on the first symlink met.
    canonical_root: Option<Option<PathBuf>>,
    out: RepoWalk,
    /// The open folders from the root to the one whose entries are being walked, each with its
    /// listing: every folder is listed once, and its files are examined and opened relative to
    /// it, which spares the kernel a full path lookup per file.
    stack: Vec<Frame>,
    /// The repository-relative path of the entry being walked, as bytes (not always UTF-8).
    rel: Vec<u8>,
    scratch: Vec<usize>,
    rules: Vec<&'c Compiled>,
    /// The context rules matching the folders from the root to the entry being walked, outermost
    /// first.
    contexts: Vec<FolderContext>,
    /// The context rules naming the file being examined.
    file_contexts: Vec<&'c Compiled>,
    buf: Vec<u8>,
    /// What `buf` showed, pattern by pattern: each is evaluated once per file.
    memo: Memo,
}

/// An open folder being walked.
struct Frame {
    dir: at::Dir,
    entries: at::Listing,
    next: usize,
    /// Where the folder's relative path ends in `Walker::rel`.
    rel_len: usize,
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
        stack: Vec::new(),
        rel: Vec::new(),
        scratch: Vec::new(),
        rules: Vec::new(),
        contexts: Vec::new(),
        file_contexts: Vec::new(),
        buf: Vec::new(),
        memo: Memo::default(),
    };
    w.walk();
    w.out
}

impl<'c> Walker<'c> {
    fn count(&mut self, reason: &str) {
        *self.out.skipped.entry(reason.to_string()).or_insert(0) += 1;
    }

    /// The full path of the entry being walked (for symlinks and messages only).
    fn full_path(&self) -> PathBuf {
        if self.rel.is_empty() {
            return self.root.to_path_buf();
        }
        // SAFETY: `rel` is made of names read from the file system, as encoded bytes, joined
        // by `/`.
        self.root
            .join(unsafe { OsStr::from_encoded_bytes_unchecked(&self.rel) })
    }

    /// Opens and lists a folder; counts it when it cannot be.
    fn open(&mut self, dir: Option<at::Dir>) -> Option<(at::Dir, at::Listing)> {
        let listed = dir.and_then(at::list);
        if listed.is_none() {
            self.count(reason::UNREADABLE_DIR);
        }
        listed
    }

    fn walk(&mut self) {
        let Some((dir, entries)) = self.open(at::open_root(self.root)) else {
            return;
        };
        self.stack.push(Frame {
            dir,
            entries,
            next: 0,
            rel_len: 0,
        });
        while let Some(top) = self.stack.last_mut() {
            let Some(entry) = top.entries.get_mut(top.next) else {
                self.stack.pop();
                continue;
            };
            top.next += 1;
            let (name, kind) = (std::mem::take(&mut entry.0), entry.1);
            let rel_len = top.rel_len;
            let depth = self.stack.len();
            self.rel.truncate(rel_len);
            if rel_len > 0 {
                self.rel.push(b'/');
            }
            self.rel.extend_from_slice(name.as_encoded_bytes());
            // Folders of the stack at this depth or deeper were siblings' subtrees, now left.
            while self.contexts.last().is_some_and(|c| c.depth >= depth) {
                self.contexts.pop();
            }
            match kind {
                at::Kind::Dir => self.enter(&name, depth),
                _ if name == ".git" => {
                    // A gitfile (worktree or submodule link): repository metadata, not content.
                }
                at::Kind::File if !self.options.count_bytes => self.file(&name, 0, Source::Parent),
                at::Kind::File => match at::size(self.parent(), &name) {
                    Ok(size) => self.file(&name, size, Source::Parent),
                    Err(()) => self.count(reason::UNREADABLE),
                },
                at::Kind::Symlink => self.symlink(&name),
                at::Kind::Other => self.count(reason::SPECIAL_FILE),
                at::Kind::Gone => self.count(reason::UNREADABLE),
            }
        }
    }

    /// The open folder holding the entries being walked.
    fn parent(&self) -> &at::Dir {
        // The walk only examines entries of the folder on top of the stack.
        &self.stack[self.stack.len() - 1].dir
    }

    /// A folder: skipped, a nested repository, too deep, or listed and pushed to be walked.
    fn enter(&mut self, name: &OsStr, depth: usize) {
        if self.options.skips(name) {
            if name != ".git" {
                self.count(reason::SKIPPED_DIR);
            }
            return;
        }
        if depth > MAX_DEPTH {
            self.count(reason::TOO_DEEP);
            let path = String::from_utf8_lossy(&self.rel).into_owned();
            self.out.too_deep.push(path);
            return;
        }
        let opened = at::open_dir(self.parent(), name);
        let Some((dir, entries)) = self.open(opened) else {
            return;
        };
        // The listing says whether the folder holds a `.git`: no lookup per folder.
        if entries.iter().any(|(n, _)| n == ".git") {
            self.out.nested.push(self.full_path());
            return;
        }
        let rel = std::mem::take(&mut self.rel);
        match texts(name, &rel) {
            Some((name, text)) => {
                self.enter_contexts(depth, name, text);
                self.dir(name, text);
            }
            None => self.count(reason::NON_UTF8_NAME),
        }
        self.rel = rel;
        self.stack.push(Frame {
            dir,
            entries,
            next: 0,
            rel_len: self.rel.len(),
        });
    }

    /// Pushes the context rules a folder matches (its `beside` names checked in its parent).
    fn enter_contexts(&mut self, depth: usize, name: &str, rel: &str) {
        let catalogue = self.catalogue;
        catalogue.context_matcher.hits(
            Target::Dir,
            name,
            rel,
            &mut self.scratch,
            &mut self.file_contexts,
        );
        for i in 0..self.file_contexts.len() {
            let index = self.file_contexts[i].signal;
            let beside = &catalogue.context_rules[index].beside;
            let applies = beside.is_empty() || beside.iter().any(|b| at::exists(self.parent(), b));
            if applies {
                self.contexts.push(FolderContext {
                    depth,
                    rule: index,
                    inner: rel.len() + 1,
                });
            }
        }
    }

    /// The context the folders around an entry give a signal's match, if any.
    fn folder_context(&self, signal: usize) -> Option<PathContext> {
        self.contexts
            .iter()
            .map(|c| &self.catalogue.context_rules[c.rule])
            .find(|rule| !rule.exempt[signal])
            .map(|rule| rule.context)
    }

    /// The path globs match against: inside a template payload, the path relative to the
    /// innermost payload folder, so that a skeleton's `.github/workflows/ci.yml` is recognised as
    /// the generated repository's CI.
    fn matched_path<'p>(&self, rel: &'p str) -> &'p str {
        self.contexts
            .iter()
            .rev()
            .find(|c| self.catalogue.context_rules[c.rule].context == PathContext::TemplatePayload)
            .and_then(|c| rel.get(c.inner..))
            .filter(|inner| !inner.is_empty())
            .unwrap_or(rel)
    }

    fn dir(&mut self, name: &str, rel: &str) {
        let matched = self.matched_path(rel);
        self.catalogue.matcher.hits(
            Target::Dir,
            name,
            matched,
            &mut self.scratch,
            &mut self.rules,
        );
        for i in 0..self.rules.len() {
            let signal = self.rules[i].signal;
            let context = self.folder_context(signal).unwrap_or(PathContext::Practice);
            push_once(&mut self.out.hits[signal], (context, format!("{rel}/")));
        }
    }

    /// A regular file (or a symlink to one inside the repository, read from its target).
    fn file(&mut self, name: &OsStr, size: u64, source: Source) {
        self.out.files += 1;
        self.out.bytes += size;
        let rel = std::mem::take(&mut self.rel);
        match texts(name, &rel) {
            Some((name, text)) => self.match_file(name, text, &source),
            None => self.count(reason::NON_UTF8_NAME),
        }
        self.rel = rel;
    }

    /// Matches a file against the catalogue, reading its prefix when a content rule needs it.
    fn match_file(&mut self, name: &str, rel: &str, source: &Source) {
        let matched = self.matched_path(rel);
        self.catalogue.matcher.hits(
            Target::File,
            name,
            matched,
            &mut self.scratch,
            &mut self.rules,
        );
        if self.rules.is_empty() {
            return;
        }
        // None: not read yet; Some(false): unreadable or binary; Some(true): text in `buf`.
        let mut read: Option<bool> = None;
        let mut file_contexts_known = false;
        for i in 0..self.rules.len() {
            let rule = self.rules[i];
            let matched = match &rule.content {
                None => true,
                Some(content) => self.content_matches(content, name, source, &mut read),
            };
            if !matched {
                continue;
            }
            let context = match self.folder_context(rule.signal) {
                Some(context) => context,
                None => {
                    if !file_contexts_known {
                        self.catalogue.context_matcher.hits(
                            Target::File,
                            name,
                            rel,
                            &mut self.scratch,
                            &mut self.file_contexts,
                        );
                        file_contexts_known = true;
                    }
                    self.file_context(rule.signal, name, source, &mut read)
                }
            };
            push_once(&mut self.out.hits[rule.signal], (context, rel.to_string()));
            if context == PathContext::Practice {
                self.references(rule.signal, name, rel, source, &mut read);
            }
        }
    }

    /// Records what a practice file of `signal` references, through the signal's reference
    /// rules (a file matched by two blocks of one signal is searched twice; the evidence keeps
    /// each path once).
    fn references(
        &mut self,
        signal: usize,
        name: &str,
        rel: &str,
        source: &Source,
        read: &mut Option<bool>,
    ) {
        let catalogue = self.catalogue;
        let rules = &catalogue.references_of[signal];
        if rules.is_empty() {
            return;
        }
        if !*read.get_or_insert_with(|| self.read_prefix(OsStr::new(name), source)) {
            return;
        }
        for &index in rules {
            for caps in catalogue.references[index].regex.captures_iter(&self.buf) {
                let Some(target) = caps
                    .get(1)
                    .and_then(|m| std::str::from_utf8(m.as_bytes()).ok())
                else {
                    continue;
                };
                let target = target.trim();
                if !target.is_empty() {
                    self.out
                        .references
                        .push((index, target.to_string(), rel.to_string()));
                }
            }
        }
    }

    /// Whether a file's text matches a content rule; its prefix is read once for all the rules
    /// of the file (`read`: not yet, unreadable or binary, or text in `buf`).
    fn content_matches(
        &mut self,
        content: &'c ContentRule,
        name: &str,
        source: &Source,
        read: &mut Option<bool>,
    ) -> bool {
        let ok = *read.get_or_insert_with(|| self.read_prefix(OsStr::new(name), source));
        ok && self
            .catalogue
            .patterns
            .matches(content, &self.buf, &mut self.memo)
    }

    /// The context a file's own name or content gives a signal's match (practice if none): the
    /// first rule of `file_contexts` that applies to the signal.
    fn file_context(
        &mut self,
        signal: usize,
        name: &str,
        source: &Source,
        read: &mut Option<bool>,
    ) -> PathContext {
        for i in 0..self.file_contexts.len() {
            let compiled = self.file_contexts[i];
            let rule = &self.catalogue.context_rules[compiled.signal];
            if rule.exempt[signal] {
                continue;
            }
            let applies = match &compiled.content {
                None => true,
                Some(content) => self.content_matches(content, name, source, read),
            };
            if applies {
                return rule.context;
            }
        }
        PathContext::Practice
    }

    /// Reads at most `max_read_bytes` into `buf`; false (and counted) when unreadable or binary.
    fn read_prefix(&mut self, name: &OsStr, source: &Source) -> bool {
        self.buf.clear();
        let file = match source {
            Source::Parent => at::open_file(self.parent(), name),
            Source::Path(target) => open_for_prefix(target),
        };
        let read = file.and_then(|f| {
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
        self.memo.reset(&self.catalogue.patterns);
        true
    }

    fn symlink(&mut self, name: &OsStr) {
        let path = self.full_path();
        let root = self
            .canonical_root
            .get_or_insert_with(|| std::fs::canonicalize(self.root).ok())
            .clone();
        let Ok(target) = std::fs::canonicalize(&path) else {
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
            Ok(m) if m.is_file() => self.file(name, m.len(), Source::Path(target.clone())),
            Ok(_) => self.count(reason::SPECIAL_FILE),
            Err(_) => self.count(reason::BROKEN_SYMLINK),
        }
    }
}

/// A context rule matched by a folder on the way to the entry being walked.
struct FolderContext {
    /// The folder's depth.
    depth: usize,
    /// The rule's index in the catalogue's context rules.
    rule: usize,
    /// Where paths under the folder start in a repository-relative path.
    inner: usize,
}

/// Where a file's content is read from.
enum Source {
    /// By name, in the open folder whose entries are being walked.
    Parent,
    /// A symlink's target inside the repository.
    Path(PathBuf),
}

/// An entry's name and repository-relative path as text, when both are UTF-8.
fn texts<'a>(name: &'a OsStr, rel: &'a [u8]) -> Option<(&'a str, &'a str)> {
    Some((name.to_str()?, std::str::from_utf8(rel).ok()?))
}

fn push_once(paths: &mut Vec<(PathContext, String)>, path: (PathContext, String)) {
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
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        let flags = OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// Operations relative to an open folder (`openat`, `fstatat`) on Unix; full paths elsewhere.
mod at {
    use std::ffi::{OsStr, OsString};
    use std::fs::File;
    use std::path::Path;

    /// What a folder's listing says an entry is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Kind {
        Dir,
        File,
        Symlink,
        /// A FIFO, socket or device.
        Other,
        /// Gone since the listing, or not examinable.
        Gone,
    }

    /// One folder's entries, in the order the file system lists them.
    pub type Listing = Vec<(OsString, Kind)>;

    #[cfg(unix)]
    mod imp {
        use super::*;
        use rustix::fd::BorrowedFd;
        use rustix::fs::{openat, statat, AtFlags, FileType, Mode, OFlags, CWD};
        use std::os::unix::ffi::OsStrExt;

        /// An open folder: read once for its listing, then the base of every lookup of its
        /// entries.
        pub struct Dir(rustix::fs::Dir);

        impl Dir {
            fn fd(&self) -> std::io::Result<BorrowedFd<'_>> {
                Ok(self.0.fd()?)
            }
        }

        const DIR: OFlags = OFlags::RDONLY
            .union(OFlags::DIRECTORY)
            .union(OFlags::CLOEXEC);

        fn wrap(fd: rustix::io::Result<rustix::fd::OwnedFd>) -> Option<Dir> {
            rustix::fs::Dir::new(fd.ok()?).ok().map(Dir)
        }

        pub fn open_root(path: &Path) -> Option<Dir> {
            wrap(openat(CWD, path, DIR, Mode::empty()))
        }
        pub fn open_dir(parent: &Dir, name: &OsStr) -> Option<Dir> {
            wrap(openat(
                parent.fd().ok()?,
                name,
                DIR | OFlags::NOFOLLOW,
                Mode::empty(),
            ))
        }
        /// Lists a folder whole (`None` when it cannot be read); entries whose type the file
        /// system does not give are examined.
        pub fn list(mut dir: Dir) -> Option<(Dir, Listing)> {
            let mut entries = Vec::new();
            while let Some(entry) = dir.0.read() {
                let entry = entry.ok()?;
                let name = entry.file_name().to_bytes();
                if name == b"." || name == b".." {
                    continue;
                }
                let name = OsStr::from_bytes(name);
                let kind = match entry.file_type() {
                    FileType::Unknown => match dir
                        .fd()
                        .and_then(|fd| Ok(statat(fd, name, AtFlags::SYMLINK_NOFOLLOW)?))
                    {
                        Ok(st) => kind_of(FileType::from_raw_mode(st.st_mode)),
                        Err(_) => Kind::Gone,
                    },
                    t => kind_of(t),
                };
                entries.push((name.to_os_string(), kind));
            }
            Some((dir, entries))
        }
        fn kind_of(t: FileType) -> Kind {
            match t {
                FileType::Directory => Kind::Dir,
                FileType::RegularFile => Kind::File,
                FileType::Symlink => Kind::Symlink,
                FileType::Unknown => Kind::Gone,
                _ => Kind::Other,
            }
        }
        pub fn size(parent: &Dir, name: &OsStr) -> Result<u64, ()> {
            let fd = parent.fd().map_err(|_| ())?;
            let st = statat(fd, name, AtFlags::SYMLINK_NOFOLLOW).map_err(|_| ())?;
            u64::try_from(st.st_size).map_err(|_| ())
        }
        pub fn exists(parent: &Dir, name: &OsStr) -> bool {
            parent
                .fd()
                .is_ok_and(|fd| statat(fd, name, AtFlags::SYMLINK_NOFOLLOW).is_ok())
        }
        /// Opens without following a symlink or blocking on a FIFO swapped in since the walk.
        pub fn open_file(parent: &Dir, name: &OsStr) -> std::io::Result<File> {
            let flags = OFlags::RDONLY
                | OFlags::NOFOLLOW
                | OFlags::NONBLOCK
                | OFlags::NOCTTY
                | OFlags::CLOEXEC;
            let file = File::from(openat(parent.fd()?, name, flags, Mode::empty())?);
            if !file.metadata()?.is_file() {
                return Err(std::io::Error::other("not a regular file"));
            }
            Ok(file)
        }
    }

    #[cfg(not(unix))]
    mod imp {
        use super::*;

        pub type Dir = std::path::PathBuf;

        pub fn open_root(path: &Path) -> Option<Dir> {
            Some(path.to_path_buf())
        }
        pub fn open_dir(parent: &Dir, name: &OsStr) -> Option<Dir> {
            Some(parent.join(name))
        }
        pub fn list(dir: Dir) -> Option<(Dir, Listing)> {
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(&dir).ok()? {
                let entry = entry.ok()?;
                let kind = match entry.file_type() {
                    Ok(t) if t.is_dir() => Kind::Dir,
                    Ok(t) if t.is_file() => Kind::File,
                    Ok(t) if t.is_symlink() => Kind::Symlink,
                    Ok(_) => Kind::Other,
                    Err(_) => Kind::Gone,
                };
                entries.push((entry.file_name(), kind));
            }
            Some((dir, entries))
        }
        pub fn size(parent: &Dir, name: &OsStr) -> Result<u64, ()> {
            std::fs::symlink_metadata(parent.join(name))
                .map(|m| m.len())
                .map_err(|_| ())
        }
        pub fn exists(parent: &Dir, name: &OsStr) -> bool {
            std::fs::symlink_metadata(parent.join(name)).is_ok()
        }
        pub fn open_file(parent: &Dir, name: &OsStr) -> std::io::Result<File> {
            super::super::open_for_prefix(&parent.join(name))
        }
    }

    pub use imp::*;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::embedded(&crate::embed::framework().unwrap()).unwrap()
    }

    fn found(walk: &RepoWalk, c: &Catalogue, id: &str) -> Vec<String> {
        let i = c.signals.iter().position(|s| s.id == id).unwrap();
        walk.hits[i].iter().map(|(_, p)| p.clone()).collect()
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
            reason::TOO_DEEP,
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
    fn relative_paths_do_not_depend_on_a_trailing_slash() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("infra")).unwrap();
        std::fs::write(dir.path().join("infra/main.tf"), "").unwrap();
        let c = catalogue();
        let opts = WalkOptions::new(&[], 1024);
        let with_slash = PathBuf::from(format!("{}/", dir.path().display()));
        for root in [dir.path().to_path_buf(), with_slash] {
            let w = walk_repository(&root, &c, &opts);
            assert_eq!(
                found(&w, &c, "iac.terraform"),
                ["infra/main.tf"],
                "{}",
                root.display()
            );
        }
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
