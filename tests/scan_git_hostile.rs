//! `scan --git` never runs a program that a scanned repository names (D7.1). One repository per
//! vector, each naming a script that touches a marker file: the scan must still read the history
//! and the marker must not exist. Then a control runs plain git on the same repository, as a
//! user would, and the marker must appear: that proves each vector is live, so the test can see
//! execution.
#![cfg(unix)]

mod common;

use common::scan_json;
use platform_audit::evidence::{GitHistory, HistoryProxies};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh git repository with two commits, and a script that touches a marker when run.
struct Hostile {
    _dir: tempfile::TempDir,
    repo: PathBuf,
    marker: PathBuf,
    script: String,
}

impl Hostile {
    fn new() -> Hostile {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("MARKER");
        let script = dir.path().join("evil.sh");
        std::fs::write(
            &script,
            format!("#!/bin/sh\ntouch '{}'\nexit 0\n", marker.display()),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir(&repo).unwrap();
        let h = Hostile {
            script: script.to_str().unwrap().to_string(),
            _dir: dir,
            repo,
            marker,
        };
        h.git(&["init", "-q"]);
        for (i, date) in ["2026-08-01T10:00:00Z", "2026-08-20T10:00:00Z"]
            .iter()
            .enumerate()
        {
            std::fs::write(h.repo.join("README.md"), format!("# svc {i}\n")).unwrap();
            h.git(&["add", "."]);
            h.git_at(&["commit", "-q", "-m", &format!("change {i}")], date);
        }
        assert!(!h.marker.exists(), "the set-up ran the script");
        h
    }

    /// Plain git in the work tree, with this machine's own configuration files left out.
    fn command(&self) -> Command {
        self.plain("git")
    }

    /// A program run in the work tree with the environment of [`Hostile::command`].
    fn plain(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.repo)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "t@acme.example")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "t@acme.example")
            .env_remove("GIT_PAGER")
            .env_remove("PAGER")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_CONFIG_PARAMETERS")
            .env_remove("GIT_CONFIG_COUNT");
        cmd
    }

    fn git_at(&self, args: &[&str], date: &str) -> String {
        let out = self
            .command()
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn git(&self, args: &[&str]) -> String {
        self.git_at(args, "2026-08-25T10:00:00Z")
    }

    /// Sets a key of the repository's own `.git/config`.
    fn config(&self, key: &str, value: &str) {
        self.git(&["config", key, value]);
    }

    /// `scan --git` on the repository: expects success and nothing run; returns its history.
    fn scan(&self) -> GitHistory {
        self.scan_with(&[])
    }

    /// [`Hostile::scan`] with more options.
    fn scan_with(&self, extra: &[&str]) -> GitHistory {
        let args: Vec<&str> = ["--git"].iter().chain(extra).copied().collect();
        let report = scan_json(&[self.repo.to_str().unwrap()], &args);
        assert!(
            !self.marker.exists(),
            "scan --git ran the repository's program"
        );
        report.repositories[0].history.clone().unwrap()
    }

    /// Runs a control command (which must not run the scan) and expects it to touch the marker.
    fn control_runs_the_script(&self, out: Output) {
        assert!(
            self.marker.exists(),
            "the control did not run the script, so this test cannot see execution: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The proxies of a read history; fails the test otherwise.
fn read(history: GitHistory) -> HistoryProxies {
    match history {
        GitHistory::Read(p) => p,
        GitHistory::Unavailable { reason } => panic!("history unavailable: {reason}"),
    }
}

/// A commit object with a `gpgsig` header holding `signature` (dummy, never valid), written
/// with `git hash-object` and made the new HEAD.
fn signed_commit(h: &Hostile, signature: &str, time: i64, message: &str) {
    let tree = h.git(&["rev-parse", "HEAD^{tree}"]);
    let parent = h.git(&["rev-parse", "HEAD"]);
    let sig = signature.replace('\n', "\n ");
    let text = format!(
        "tree {}\nparent {}\nauthor Mallory <m@evil.example> {time} +0000\n\
         committer Mallory <m@evil.example> {time} +0000\ngpgsig {sig}\n\n{message}\n",
        tree.trim(),
        parent.trim()
    );
    let file = h.repo.join("commit.txt");
    std::fs::write(&file, text).unwrap();
    let id = h.git(&["hash-object", "-t", "commit", "-w", file.to_str().unwrap()]);
    std::fs::remove_file(file).unwrap();
    h.git(&["update-ref", "HEAD", id.trim()]);
}

#[test]
fn d7_1_gpg_program_from_repo_config_never_runs() {
    let h = Hostile::new();
    // One commit per signature format: OpenPGP, SSH and X.509 each have their own program.
    let pgp = "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEEdummy\n-----END PGP SIGNATURE-----";
    let ssh = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQdummy\n-----END SSH SIGNATURE-----";
    let x509 = "-----BEGIN SIGNED MESSAGE-----\nMIAGCSqGSIb3dummy\n-----END SIGNED MESSAGE-----";
    signed_commit(&h, pgp, 1_788_000_000, "pgp");
    signed_commit(&h, ssh, 1_788_000_100, "ssh");
    signed_commit(&h, x509, 1_788_000_200, "x509");
    h.config("log.showSignature", "true");
    for key in ["gpg.program", "gpg.ssh.program", "gpg.x509.program"] {
        h.config(key, &h.script);
    }

    let p = read(h.scan());
    assert_eq!(p.commits_total, 5);
    assert_eq!(p.contributors_total, 2);

    // Control: the same log command, run plainly, checks the signatures with the script.
    let out = h
        .command()
        .args([
            "--no-pager",
            "--git-dir",
            ".git",
            "log",
            "--format=%ct%x09%ae",
        ])
        .arg("HEAD")
        .output()
        .unwrap();
    h.control_runs_the_script(out);
}

#[test]
fn d7_1_fsmonitor_from_repo_config_never_runs() {
    let h = Hostile::new();
    h.config("core.fsmonitor", &h.script);
    assert_eq!(read(h.scan()).commits_total, 2);
    // Control: `git status` refreshes the index and asks the monitor.
    let out = h.command().arg("status").output().unwrap();
    h.control_runs_the_script(out);
}

#[test]
fn d7_1_pager_from_repo_config_never_runs() {
    let h = Hostile::new();
    h.config("core.pager", &h.script);
    h.config("pager.log", &h.script);
    h.config("pager.for-each-ref", &h.script);
    assert_eq!(read(h.scan()).commits_total, 2);
    // Control: git starts a pager only on a terminal; `script` gives plain git one.
    let out = h
        .plain("script")
        .args(["-qec", "git log", "/dev/null"])
        .output()
        .expect("`script` (util-linux) is needed to give git a terminal");
    h.control_runs_the_script(out);
}

#[test]
fn d7_1_external_diff_from_repo_config_never_runs() {
    let h = Hostile::new();
    h.config("diff.external", &h.script);
    assert_eq!(read(h.scan()).commits_total, 2);
    // Control: a diff of the two commits runs the external diff (`log -p` does too, with
    // `--ext-diff`).
    let out = h
        .command()
        .args(["diff", "HEAD~1", "HEAD"])
        .output()
        .unwrap();
    h.control_runs_the_script(out);
}

#[test]
fn d7_1_textconv_driver_from_repo_config_never_runs() {
    let h = Hostile::new();
    std::fs::write(h.repo.join(".gitattributes"), "* diff=evil\n").unwrap();
    std::fs::write(h.repo.join(".git/info/attributes"), "* diff=evil\n").unwrap();
    std::fs::write(h.repo.join("README.md"), "# svc 3\n").unwrap();
    h.git(&["add", "."]);
    h.git(&["commit", "-q", "-m", "attributes"]);
    h.config("diff.evil.textconv", &h.script);
    assert_eq!(read(h.scan()).commits_total, 3);
    // Control: a log with patches converts both sides of README.md with the driver.
    let out = h.command().args(["log", "-p"]).output().unwrap();
    h.control_runs_the_script(out);
}

/// Every hook git knows of.
const HOOKS: &[&str] = &[
    "applypatch-msg",
    "pre-applypatch",
    "post-applypatch",
    "pre-commit",
    "pre-merge-commit",
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
    "pre-rebase",
    "post-checkout",
    "post-merge",
    "pre-push",
    "pre-receive",
    "update",
    "proc-receive",
    "post-receive",
    "post-update",
    "reference-transaction",
    "push-to-checkout",
    "pre-auto-gc",
    "post-rewrite",
    "sendemail-validate",
    "fsmonitor-watchman",
    "p4-changelist",
    "p4-prepare-changelist",
    "p4-post-changelist",
    "p4-pre-submit",
    "post-index-change",
];

fn install_hooks(h: &Hostile, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for hook in HOOKS {
        std::fs::copy(&h.script, dir.join(hook)).unwrap();
        std::fs::set_permissions(dir.join(hook), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn d7_1_hooks_in_the_repository_never_run() {
    let h = Hostile::new();
    install_hooks(&h, &h.repo.join(".git/hooks"));
    assert_eq!(read(h.scan()).commits_total, 2);
    // Control: committing runs the hooks.
    let out = h
        .command()
        .args(["commit", "-q", "--allow-empty", "-m", "x"])
        .output()
        .unwrap();
    h.control_runs_the_script(out);
}

#[test]
fn d7_1_hooks_path_from_repo_config_never_runs() {
    let h = Hostile::new();
    let hooks = h.repo.join("tools/hooks");
    install_hooks(&h, &hooks);
    h.config("core.hooksPath", hooks.to_str().unwrap());
    assert_eq!(read(h.scan()).commits_total, 2);
    let out = h
        .command()
        .args(["commit", "-q", "--allow-empty", "-m", "x"])
        .output()
        .unwrap();
    h.control_runs_the_script(out);
}

/// A partial clone fetches a missing object from its promisor remote on demand; the repository
/// names that remote's upload-pack command. Here a tag points to a missing object, which
/// `for-each-ref` needs: the history cannot be read, but nothing is fetched and nothing runs.
#[test]
fn d7_1_lazy_fetch_from_a_promisor_remote_never_runs() {
    let h = Hostile::new();
    h.config("core.repositoryFormatVersion", "1");
    h.config("extensions.partialClone", "origin");
    h.config("remote.origin.url", &format!("file://{}", h.repo.display()));
    h.config("remote.origin.promisor", "true");
    h.config(
        "remote.origin.uploadpack",
        &format!("sh -c '{}; exit 1'", h.script),
    );
    // `protocol.allow = never` on a command line does not beat this: the scan must not rely on it.
    h.config("protocol.file.allow", "always");
    std::fs::write(
        h.repo.join(".git/refs/tags/v9"),
        "1111111111111111111111111111111111111111\n",
    )
    .unwrap();

    match h.scan() {
        GitHistory::Unavailable { reason } => {
            assert!(reason.contains("1111111111"), "{reason}")
        }
        GitHistory::Read(p) => panic!("read a tag to a missing object: {p:?}"),
    }
    // Control: plain for-each-ref tries to fetch the missing object, with the script.
    let out = h
        .command()
        .args(["for-each-ref", "--format=%(creatordate:unix)", "refs/tags"])
        .output()
        .unwrap();
    h.control_runs_the_script(out);
}

/// A repository owned by another user. git applies `safe.directory` only to a repository it
/// discovers, not to one named with `--git-dir`, so its settings are read like any other's: the
/// history is read and, as for every repository, nothing it names runs. Giving a folder another
/// owner needs root (the tests run as root in CI).
#[test]
fn d7_1_a_repository_owned_by_another_user_is_read_without_running_anything() {
    let h = Hostile::new();
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("not run: giving the repository another owner needs root");
        return;
    }
    h.config("log.showSignature", "true");
    h.config("gpg.program", &h.script);
    signed_commit(
        &h,
        "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEEdummy\n-----END PGP SIGNATURE-----",
        1_788_000_000,
        "pgp",
    );
    let status = Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(&h.repo)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(read(h.scan()).commits_total, 3);
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "{}",
        path.display()
    );
}

/// Runs a control command that must still be running after a second (it waits on a FIFO), then
/// stops it.
fn control_hangs(mut cmd: Command) {
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(1));
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap_or(());
    child.wait().unwrap();
    assert!(
        running,
        "the control finished, so this test cannot see a hang"
    );
}

/// `mailmap.file` may name any file, and `git log` reads it even for a format that does not map
/// names: a FIFO there made git, and the scan, wait forever. The mailmap is never read.
#[test]
fn d7_1_mailmap_file_from_repo_config_is_never_read() {
    let h = Hostile::new();
    let fifo = h.repo.join(".git/mailmap-fifo");
    mkfifo(&fifo);
    h.config("mailmap.file", fifo.to_str().unwrap());
    assert_eq!(read(h.scan_with(&["--git-timeout", "20"])).commits_total, 2);
    // Control: plain `git log` waits on the FIFO.
    let mut cmd = h.command();
    cmd.args(["log", "--format=%ae"]);
    control_hangs(cmd);
}

/// A repository can make any git command wait forever (here `.git/HEAD` is a FIFO): the command
/// is stopped after `--git-timeout`, the history is unavailable with that reason, and the scan
/// finishes.
#[test]
fn a_git_command_that_never_finishes_is_stopped_after_the_timeout() {
    let h = Hostile::new();
    std::fs::remove_file(h.repo.join(".git/HEAD")).unwrap();
    mkfifo(&h.repo.join(".git/HEAD"));
    match h.scan_with(&["--git-timeout", "1"]) {
        GitHistory::Unavailable { reason } => assert_eq!(
            reason,
            "git did not finish within 1 s and was stopped (--git-timeout)"
        ),
        GitHistory::Read(p) => panic!("read a history through a FIFO: {p:?}"),
    }
    let mut cmd = h.command();
    cmd.args(["log", "--format=%ae"]);
    control_hangs(cmd);
}
