//! Hostile trees: symlink loops, a symlink to `/`, FIFOs and sockets named like manifests, a 1 GiB
//! sparse file, binary files named like manifests, non-UTF-8 names, 10,000 empty folders,
//! unreadable entries; and the read-only guarantee. Each must scan without crash or hang and
//! report the right signals and counts.
#![cfg(unix)]

mod common;

use common::{bin, copy_tree, mark_repositories, scan_json};
use platform_audit::evidence::{RepositoryEvidence, ScanReport};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const MANIFEST: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n";

fn write(root: &Path, rel: &str, content: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {}",
        path.display()
    );
}

fn paths_of(repo: &RepositoryEvidence, id: &str) -> Vec<String> {
    repo.signals
        .iter()
        .find(|h| h.id == id)
        .map(|h| h.paths.clone())
        .unwrap_or_default()
}

fn skipped(repo: &RepositoryEvidence, reason: &str) -> u64 {
    repo.skipped.get(reason).copied().unwrap_or(0)
}

/// Builds the hostile repository; returns its root.
fn hostile_tree(dir: &Path) -> PathBuf {
    let root = dir.join("hostile");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(&root, "k8s/real.yaml", MANIFEST.as_bytes());
    // A file symlinked from inside the repository is followed (and reported under the link's name).
    symlink("k8s/real.yaml", root.join("link-to-real.yaml")).unwrap();
    // Loops, a dangling link, a folder link back to the root, links out of the root.
    symlink("loop-b", root.join("loop-a")).unwrap();
    symlink("loop-a", root.join("loop-b")).unwrap();
    symlink("missing-target", root.join("dangling.yaml")).unwrap();
    symlink(".", root.join("self")).unwrap();
    symlink("/", root.join("slash")).unwrap();
    write(dir, "outside/Dockerfile", b"FROM scratch\n");
    symlink("../outside/Dockerfile", root.join("Dockerfile")).unwrap();
    // FIFOs and a socket named like manifests: opening one for reading would block forever.
    mkfifo(&root.join("deploy/pipe.yaml").tap_parent());
    mkfifo(&root.join("Chart.yaml"));
    std::os::unix::net::UnixListener::bind(root.join("compose.yaml")).unwrap();
    // A 1 GiB sparse file that a content rule wants to read: only its prefix is read.
    let big = std::fs::File::create(root.join("big/service.yaml").tap_parent()).unwrap();
    big.set_len(1 << 30).unwrap();
    // Binary files named like manifests, holding the right words after a NUL byte.
    let mut binary = b"\x7fELF\x00\x01".to_vec();
    binary.extend_from_slice(MANIFEST.as_bytes());
    write(&root, "bin/deployment.yaml", &binary);
    write(
        &root,
        "charts/x/Chart.yaml",
        b"apiVersion: v2\nname: x\n\x00\x00",
    );
    // Non-UTF-8 names: a file, and a folder holding a real Dockerfile.
    let bad = OsStr::from_bytes(b"caf\xe9.yaml");
    std::fs::write(root.join("k8s").join(bad), MANIFEST).unwrap();
    let bad_dir = root.join(OsStr::from_bytes(b"r\xe9pertoire"));
    std::fs::create_dir_all(&bad_dir).unwrap();
    std::fs::write(bad_dir.join("Dockerfile"), "FROM scratch\n").unwrap();
    // 10,000 empty folders.
    for i in 0..10_000 {
        std::fs::create_dir_all(root.join(format!("empty/{:02}/{i:05}", i % 100))).unwrap();
    }
    root
}

trait TapParent {
    fn tap_parent(self) -> Self;
}
impl TapParent for PathBuf {
    /// Creates the path's parent folder, then returns the path.
    fn tap_parent(self) -> Self {
        std::fs::create_dir_all(self.parent().unwrap()).unwrap();
        self
    }
}

#[test]
fn hostile_tree_scans_without_crash_and_reports_what_it_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let root = hostile_tree(dir.path());
    let report = scan_json(&[root.to_str().unwrap()], &[]);
    let repo = &report.repositories[0];
    assert_eq!(report.repositories.len(), 1);

    // Only the real manifest (and the link to it inside the repository) count.
    assert_eq!(
        paths_of(repo, "deploy.kubernetes"),
        ["k8s/real.yaml", "link-to-real.yaml"]
    );
    assert!(
        paths_of(repo, "deploy.helm").is_empty(),
        "FIFO and binary Chart.yaml"
    );
    assert!(
        paths_of(repo, "containers.dockerfile").is_empty(),
        "link out of root, non-UTF-8 folder"
    );
    assert!(paths_of(repo, "containers.compose").is_empty(), "socket");

    assert_eq!(skipped(repo, "broken_symlink"), 3, "{:?}", repo.skipped);
    assert_eq!(skipped(repo, "symlink_outside_root"), 2);
    assert_eq!(skipped(repo, "symlink_dir"), 1);
    assert_eq!(skipped(repo, "special_file"), 3);
    // The sparse file's zeros and the two binary manifests.
    assert_eq!(skipped(repo, "binary"), 3);
    // The non-UTF-8 file, the non-UTF-8 folder, and the Dockerfile inside it.
    assert_eq!(skipped(repo, "non_utf8_name"), 3);
    // real.yaml, its link, big, two binaries, café.yaml, the Dockerfile in the non-UTF-8 folder.
    assert_eq!(repo.files, 7);
    // Bytes are counted with --bytes only (a stat per file): the sparse file in full.
    assert_eq!(repo.bytes, None);
    let counted = scan_json(&[root.to_str().unwrap()], &["--bytes"]);
    assert_eq!(counted.repositories[0].files, 7);
    assert!(counted.repositories[0].bytes.is_some_and(|b| b >= 1 << 30));
}

#[test]
fn scanning_leaves_bytes_and_mtimes_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("acme");
    copy_tree(Path::new("tests/fixtures/repos/acme"), &root);
    mark_repositories(&root);
    // One real git repository too, read with --git.
    let repo = root.join("billing-service");
    std::fs::remove_dir_all(repo.join(".git")).unwrap();
    for args in [
        vec!["init", "-q"],
        vec!["add", "."],
        vec![
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@x",
            "-c",
            "commit.gpgSign=false",
            "commit",
            "-q",
            "-m",
            "init",
        ],
    ] {
        assert!(std::process::Command::new("git")
            .current_dir(&repo)
            .args(&args)
            .status()
            .unwrap()
            .success());
    }
    let before = snapshot(&root);
    let report = scan_json(&[root.to_str().unwrap()], &["--git"]);
    assert_eq!(report.repositories.len(), 8);
    assert_eq!(snapshot(&root), before);
}

/// Every entry under `root` (`.git` included) with its bytes and modification time.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        let bytes = if meta.is_file() {
            std::fs::read(entry.path()).unwrap()
        } else {
            Vec::new()
        };
        out.push((entry.path().to_path_buf(), bytes, meta.modified().unwrap()));
    }
    out
}

/// Unreadable entries. Tests run as root in CI, and root reads a chmod-000 file anyway, so as
/// root the scan runs in a child process whose user is `nobody` (setpriv); otherwise directly.
#[test]
fn unreadable_files_and_folders_are_counted_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let root = dir.path().join("locked");
    write(&root, "README.md", b"# locked\n");
    write(&root, "k8s/service.yaml", MANIFEST.as_bytes());
    write(&root, "k8s/secret.yaml", MANIFEST.as_bytes());
    write(&root, "private/Makefile", b"all:\n");
    std::fs::set_permissions(
        root.join("k8s/secret.yaml"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::set_permissions(root.join("private"), std::fs::Permissions::from_mode(0o000)).unwrap();

    let out = if unsafe { libc::geteuid() } == 0 {
        // The binary is copied where `nobody` may run it.
        let exe = dir.path().join("platform-audit");
        std::fs::copy(assert_cmd::cargo::cargo_bin("platform-audit"), &exe).unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&exe)
            .args(["scan", root.to_str().unwrap(), "--json", "--quiet"])
            .current_dir(dir.path())
            .output()
            .expect("setpriv (util-linux) is needed to test unreadable files as root")
    } else {
        bin()
            .args(["scan", root.to_str().unwrap(), "--json", "--quiet"])
            .output()
            .unwrap()
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: ScanReport = serde_json::from_slice(&out.stdout).unwrap();
    let repo = &report.repositories[0];
    assert_eq!(skipped(repo, "unreadable"), 1, "{:?}", repo.skipped);
    assert_eq!(skipped(repo, "unreadable_dir"), 1, "{:?}", repo.skipped);
    assert_eq!(paths_of(repo, "deploy.kubernetes"), ["k8s/service.yaml"]);
    assert_eq!(paths_of(repo, "docs.readme"), ["README.md"]);
    std::fs::set_permissions(root.join("private"), std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Makes `depth` folders named `name` nested in one another under `dir`, each holding a `.git`
/// folder when `repositories`. Each folder is made relative to its open parent, so no path is
/// ever looked up whole (the deepest may be longer than PATH_MAX).
fn nested_folders(dir: &Path, name: &str, depth: usize, repositories: bool) {
    use std::os::fd::{AsRawFd, FromRawFd};
    let git = std::ffi::CString::new(format!("{name}/.git")).unwrap();
    let name = std::ffi::CString::new(name).unwrap();
    let mut parent = std::fs::File::open(dir).unwrap();
    for _ in 0..depth {
        // SAFETY: `parent` is an open folder and the names are NUL-terminated; the descriptor
        // openat returns is checked, then owned by the new File.
        unsafe {
            assert_eq!(libc::mkdirat(parent.as_raw_fd(), name.as_ptr(), 0o755), 0);
            if repositories {
                assert_eq!(libc::mkdirat(parent.as_raw_fd(), git.as_ptr(), 0o755), 0);
            }
            let fd = libc::openat(
                parent.as_raw_fd(),
                name.as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
            );
            assert!(fd >= 0);
            parent = std::fs::File::from_raw_fd(fd);
        }
    }
}

/// D7.2: 2,000 repositories nested in one another are each found and scanned once. Telling
/// whether two paths were the same folder used to resolve each one's canonical path, a lookup
/// per component of ever longer prefixes: cubic in the depth (9 s for 800 levels, 91 s for
/// 2,000). The root is relative, so the deepest path (about 4,000 bytes) stays under PATH_MAX.
#[test]
fn d7_2_two_thousand_nested_repositories_are_each_found_once() {
    const DEPTH: usize = 2000;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("nest")).unwrap();
    nested_folders(&dir.path().join("nest"), "a", DEPTH, true);
    let out = bin()
        .current_dir(dir.path())
        .args(["scan", "nest", "--json", "--quiet"])
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: ScanReport = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = report
        .repositories
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    let expected: Vec<String> = (1..=DEPTH).map(|n| vec!["a"; n].join("/")).collect();
    assert_eq!(names.len(), DEPTH);
    assert!(names.iter().zip(&expected).all(|(n, e)| n == e));
    assert!(report.repositories.iter().all(|r| r.files == 0));
}

/// D7.3: a `\` is an ordinary character of a folder name on Unix; it used to be reported as `/`,
/// which named `a\b` as `a/b` and made it clash with the real `a/b`.
#[test]
fn d7_3_a_backslash_in_a_folder_name_is_reported_as_a_backslash() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("org");
    write(&root, "a\\b/Makefile", b"all:\n");
    write(&root, "a/b/README.md", b"# b\n");
    for repo in ["a\\b", "a/b"] {
        std::fs::create_dir(root.join(repo).join(".git")).unwrap();
    }
    let report = scan_json(&[root.to_str().unwrap()], &[]);
    let names: Vec<&str> = report
        .repositories
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(names, ["a/b", "a\\b"]);
    assert_eq!(
        paths_of(&report.repositories[0], "docs.readme"),
        ["README.md"]
    );
    assert_eq!(
        paths_of(&report.repositories[1], "devex.task_runner"),
        ["Makefile"]
    );
}

/// D7.4: two repositories whose folder names are not UTF-8 used to be both named `r�`, and the
/// whole scan was refused. Each byte that is not UTF-8 is now written `\xHH`; a name so written
/// that another repository already has exactly (a folder really named `r\xff`) gets ` (2)`. The
/// scan goes on, warns, and counts them.
#[test]
fn d7_4_repositories_with_non_utf8_names_get_distinct_names_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("org");
    for (name, file) in [
        (&b"r\xfe"[..], "Makefile"),
        (&b"r\xff"[..], "Dockerfile"),
        (&b"r\\xff"[..], "README.md"),
    ] {
        let repo = root.join(OsStr::from_bytes(name));
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::write(repo.join(file), "FROM scratch\n").unwrap();
    }
    let run = || {
        bin()
            .args(["scan", root.to_str().unwrap(), "--json", "--quiet"])
            .output()
            .unwrap()
    };
    let out = run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let report: ScanReport = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str)> = report
        .repositories
        .iter()
        .map(|r| (r.path.as_str(), r.signals[0].id.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("r\\xfe", "devex.task_runner"),
            ("r\\xff", "docs.readme"),
            ("r\\xff (2)", "containers.dockerfile"),
        ]
    );
    assert!(
        stderr.contains(
            "2 repositories have a folder name that is not UTF-8; each byte that is not UTF-8 \
             is written \\xHH: `r\\xfe`, `r\\xff (2)`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("reported as `r\\xff (2)`, since `r\\xff` names another repository"),
        "{stderr}"
    );
    assert_eq!(
        run().stdout,
        out.stdout,
        "the same tree gets the same names"
    );
}

/// D1b: text from the scanned tree reaches the terminal with its control characters escaped: a
/// repository folder named with an escape sequence (retitle the window, clear the screen) in the
/// `--git` summary's "History unavailable" line with git's message about it, and a warning
/// naming a folder too deep to search. The evidence keeps the name as it is.
#[test]
fn d1b_folder_names_and_git_messages_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("org");
    let evil = "evil\u{1b}]0;PWNED\u{7}\u{1b}[2J";
    // A `.git` that is not a repository: git fails and says why, naming the folder.
    std::fs::create_dir_all(root.join(evil).join(".git")).unwrap();
    // Folders nested past PATH_MAX cannot be searched for repositories: a warning names them.
    let deep = "deep\u{1b}[31m";
    std::fs::create_dir(root.join(deep)).unwrap();
    nested_folders(&root.join(deep), &"d".repeat(50), 100, false);

    let out = bin()
        .current_dir(dir.path())
        .args(["scan", "org", "--git", "--lang", "en", "--out", "scan.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for text in [&stdout, &stderr] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
    assert!(
        stdout.contains(
            "History unavailable: evil\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J (fatal: not a git repository"
        ),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning: not searched for repositories: ")
            && stderr.contains("org/deep\\u{1b}[31m/ddd"),
        "{stderr}"
    );
    let report: ScanReport =
        serde_json::from_slice(&std::fs::read(dir.path().join("scan.json")).unwrap()).unwrap();
    assert_eq!(report.repositories[0].path, evil);
}

/// Writes `content` as `file` at the bottom of a chain of `depth` folders named `name` under
/// `dir`, each made relative to its open parent (the path may be longer than PATH_MAX).
fn deep_file(dir: &Path, name: &str, depth: usize, file: &str, content: &[u8]) {
    use std::io::Write;
    use std::os::fd::{AsRawFd, FromRawFd};
    let name = std::ffi::CString::new(name).unwrap();
    let file = std::ffi::CString::new(file).unwrap();
    let mut parent = std::fs::File::open(dir).unwrap();
    for _ in 0..depth {
        // SAFETY: `parent` is an open folder and the names are NUL-terminated; each descriptor
        // openat returns is checked, then owned by a File.
        unsafe {
            assert_eq!(libc::mkdirat(parent.as_raw_fd(), name.as_ptr(), 0o755), 0);
            let fd = libc::openat(
                parent.as_raw_fd(),
                name.as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
            );
            assert!(fd >= 0);
            parent = std::fs::File::from_raw_fd(fd);
        }
    }
    // SAFETY: as above.
    let mut out = unsafe {
        let fd = libc::openat(
            parent.as_raw_fd(),
            file.as_ptr(),
            libc::O_WRONLY | libc::O_CREAT | libc::O_CLOEXEC,
            0o644,
        );
        assert!(fd >= 0);
        std::fs::File::from_raw_fd(fd)
    };
    out.write_all(content).unwrap();
}

/// No silent loss: a folder whose path is longer than PATH_MAX is walked relative to its
/// parent's descriptor (its Dockerfile is found under its full relative path), and a folder
/// deeper than the walk holds open is counted and named in a warning.
#[test]
fn folders_too_deep_for_a_path_are_walked_and_deeper_ones_named() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("svc");
    std::fs::create_dir_all(repo.join("long")).unwrap();
    std::fs::create_dir_all(repo.join("deep")).unwrap();
    let name = "d".repeat(50);
    deep_file(
        &repo.join("long"),
        &name,
        100,
        "Dockerfile",
        b"FROM scratch\n",
    );
    deep_file(&repo.join("deep"), "x", 300, "Makefile", b"all:\n");
    let out = bin()
        .args(["scan", repo.to_str().unwrap(), "--json", "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let report: platform_audit::evidence::ScanReport = serde_json::from_slice(&out.stdout).unwrap();
    let r = &report.repositories[0];
    let expected = format!("long/{}Dockerfile", format!("{name}/").repeat(100));
    assert!(expected.len() > 4096);
    assert_eq!(paths_of(r, "containers.dockerfile"), [expected]);
    assert_eq!(
        r.files, 1,
        "the Makefile past the depth limit is not walked"
    );
    assert_eq!(skipped(r, "too_deep"), 1);
    // `deep` and 255 `x` below it make 256 levels, all walked; the next is not.
    let shown = format!("deep/{}", vec!["x"; 256].join("/"));
    assert!(
        stderr.contains(&format!(
            "warning: svc: 1 folder deeper than 256 levels not walked (counted as too_deep): {shown}/\n"
        )),
        "{stderr}"
    );
}
