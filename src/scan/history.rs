//! `scan --git`: activity and release proxies read from a repository's history with the `git`
//! command (read-only: `log` and `for-each-ref`, optional locks off). The window is anchored on
//! the newest commit rather than today, so a scan of the same history is reproducible.
//!
//! A scanned repository is untrusted: its `.git/config` can name programs (a signature checker,
//! a pager, a file-system monitor, an upload-pack command for a lazy fetch…) that git would run.
//! [`Git`] runs git so that none of them is ever run; `docs/scan.md` lists how, and
//! `tests/scan_git_hostile.rs` proves it per vector.

use crate::error::{Error, Result};
use crate::evidence::{GitHistory, HistoryProxies};
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub const WINDOW_DAYS: u32 = 90;
const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;

/// Settings given on git's command line: they take precedence over every configuration file,
/// the scanned repository's included (and whatever it includes).
const OVERRIDES: &[&str] = &[
    // Signatures are never checked, so no signature program is run; were one ever asked for,
    // it would be `false`, not the repository's.
    "log.showSignature=false",
    "gpg.program=false",
    "gpg.ssh.program=false",
    "gpg.x509.program=false",
    // No file-system monitor, no pager, no hooks (read commands run none; this is belt and braces).
    "core.fsmonitor=false",
    "core.pager=cat",
    // No transport: a lazy fetch from a promisor remote would run `remote.*.uploadpack` or an SSH
    // command. (`protocol.allow` alone is not enough: a repository's `protocol.file.allow =
    // always` beats it; GIT_ALLOW_PROTOCOL and GIT_NO_LAZY_FETCH below are what close it.)
    "protocol.allow=never",
    "credential.helper=",
    // No mailmap: `mailmap.file` may name any file, a FIFO that never answers included.
    "log.mailmap=false",
    "mailmap.file=",
    "mailmap.blob=",
    // Commit text as git stores it (UTF-8), whatever the repository asks for.
    "i18n.logOutputEncoding=UTF-8",
];

/// The `git` command, run so that nothing a scanned repository names is ever run.
///
/// - The environment is cleared (no inherited `GIT_CONFIG_PARAMETERS`, `GIT_CONFIG_COUNT`,
///   `GIT_DIR`, `GIT_EXTERNAL_DIFF`, `GIT_SSH_COMMAND`, `GIT_ASKPASS`, `GIT_EXEC_PATH`…) but for
///   `PATH`; `HOME` is an empty temporary folder, the system configuration is skipped and the
///   global one is an empty file in that folder, so only the repository's own configuration is
///   read, and every setting that could run a program is overridden on the command line.
/// - `log` runs with `--no-show-signature --no-ext-diff --no-textconv --no-pager` and asks for no
///   patch; `for-each-ref` asks for no signature atom.
/// - No transport can start: `GIT_ALLOW_PROTOCOL` allows none and `GIT_NO_LAZY_FETCH` forbids
///   fetching a missing object.
/// - git's output is a pipe, never a terminal, so no pager starts either.
/// - git applies `safe.directory` only to a repository it discovers, not to one named with
///   `--git-dir`: a repository owned by another user is read, under the same guarantee.
#[derive(Debug)]
pub struct Git {
    /// git's `HOME`: an empty folder holding an empty global configuration file.
    home: tempfile::TempDir,
    /// How long one git command may take before it is stopped.
    timeout: Duration,
}

impl Git {
    /// Prepares git's empty home and checks that `git` can be run, before any repository is
    /// scanned. A git command still running after `timeout` is stopped.
    pub fn new(timeout: Duration) -> Result<Git> {
        let home = tempfile::Builder::new()
            .prefix("platform-audit-git-")
            .tempdir()
            .map_err(|e| {
                Error::Usage(format!(
                    "--git: could not create an empty folder for git's settings in {}: {e}",
                    std::env::temp_dir().display()
                ))
            })?;
        let global = home.path().join("gitconfig");
        std::fs::write(&global, "").map_err(|e| Error::io(&global, e))?;
        let git = Git { home, timeout };
        match git.command().arg("--version").output() {
            Ok(out) if out.status.success() => Ok(git),
            _ => Err(Error::Usage(
                "--git needs the `git` command on PATH: install git or scan without --git".into(),
            )),
        }
    }

    /// `git` with a cleared environment and the overrides; see [`Git`].
    fn command(&self) -> Command {
        let home = self.home.path();
        let mut cmd = Command::new("git");
        cmd.env_clear();
        for keep in ["PATH", "SYSTEMROOT"] {
            if let Some(value) = std::env::var_os(keep) {
                cmd.env(keep, value);
            }
        }
        cmd.env("HOME", home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
            .env("GIT_ALLOW_PROTOCOL", "")
            .env("GIT_NO_LAZY_FETCH", "1")
            .env("GIT_NO_REPLACE_OBJECTS", "1")
            .env("GIT_OPTIONAL_LOCKS", "0")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_PAGER", "cat")
            .env("PAGER", "cat")
            .env("LC_ALL", "C")
            .current_dir(home)
            .arg("--no-pager")
            .arg("--no-replace-objects");
        let mut hooks = OsString::from("core.hooksPath=");
        hooks.push(home);
        cmd.arg("-c").arg(hooks);
        for setting in OVERRIDES {
            cmd.arg("-c").arg(setting);
        }
        cmd
    }

    /// Runs one git command on a repository; its output, or why there is none. A command that
    /// has not finished within the time limit is killed: a repository can make git wait forever
    /// (a FIFO as `.git/HEAD`, a config file or a packed-refs file).
    fn run(&self, repo: &Path, args: &[&str]) -> std::result::Result<String, String> {
        let mut child = self
            .command()
            .arg("--git-dir")
            .arg(repo.join(".git"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("git could not be run: {e}"))?;
        // Both pipes are drained while git runs, so a full pipe never stalls it.
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let status = wait(&mut child, self.timeout)?;
        let text = |reader: std::thread::JoinHandle<Vec<u8>>| {
            String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned()
        };
        if !status.success() {
            return Err(failure(&text(stderr)));
        }
        Ok(text(stdout))
    }

    /// Reads a repository's history proxies; a repository without readable history says why.
    pub fn read(&self, repo: &Path) -> GitHistory {
        let log = [
            "log",
            "--no-show-signature",
            "--no-ext-diff",
            "--no-textconv",
            "--no-mailmap",
            "--no-decorate",
            "--format=%ct%x09%ae",
            "HEAD",
        ];
        let commits = match self.run(repo, &log) {
            Ok(text) => parse_commits(&text),
            Err(reason) => return GitHistory::Unavailable { reason },
        };
        let tags = match self.run(
            repo,
            &["for-each-ref", "--format=%(creatordate:unix)", "refs/tags"],
        ) {
            Ok(text) => text.lines().filter_map(|l| l.trim().parse().ok()).collect(),
            Err(reason) => return GitHistory::Unavailable { reason },
        };
        match proxies(&commits, tags) {
            Some(p) => GitHistory::Read(p),
            None => GitHistory::Unavailable {
                reason: "no commits".into(),
            },
        }
    }
}

/// Reads a child's pipe to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error ends the output; git's exit status says whether it was complete.
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Waits for git to exit, checking at growing intervals (1 ms to 50 ms, so a quick command is
/// not slowed); kills it once `timeout` has passed.
fn wait(child: &mut Child, timeout: Duration) -> std::result::Result<ExitStatus, String> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() >= timeout => {
                // Killing fails only if git has just exited; either way it is reaped.
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "git did not finish within {} s and was stopped (--git-timeout)",
                    timeout.as_secs()
                ));
            }
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(e) => return Err(format!("git could not be waited for: {e}")),
        }
    }
}

/// Why git failed, in one line: its first `fatal:` or `error:` line (a warning may come first),
/// else its first line.
fn failure(stderr: &str) -> String {
    let lines = || stderr.lines().map(str::trim).filter(|l| !l.is_empty());
    lines()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or_else(|| lines().next())
        .unwrap_or("git failed")
        .to_string()
}

/// `(commit time, author e-mail)` pairs from `%ct\t%ae` lines.
fn parse_commits(text: &str) -> Vec<(i64, String)> {
    text.lines()
        .filter_map(|l| {
            let (t, email) = l.split_once('\t')?;
            Some((t.trim().parse().ok()?, email.trim().to_lowercase()))
        })
        .collect()
}

fn proxies(commits: &[(i64, String)], mut tags: Vec<i64>) -> Option<HistoryProxies> {
    let end = commits.iter().map(|(t, _)| *t).max()?;
    let start = end - i64::from(WINDOW_DAYS) * DAY;
    let in_window = |t: i64| t > start && t <= end;
    let buckets = (i64::from(WINDOW_DAYS) + 6) / 7;
    let mut weekly = vec![0u64; buckets as usize];
    let mut authors_window = BTreeSet::new();
    let mut authors = BTreeSet::new();
    let mut commits_in_window = 0;
    for (t, email) in commits {
        authors.insert(email.as_str());
        if in_window(*t) {
            commits_in_window += 1;
            authors_window.insert(email.as_str());
            let back = ((end - t) / WEEK).min(buckets - 1);
            weekly[(buckets - 1 - back) as usize] += 1;
        }
    }
    tags.sort_unstable();
    let tags_in_window = tags.iter().filter(|t| in_window(**t)).count() as u64;
    let mut gaps: Vec<f64> = tags
        .windows(2)
        .map(|w| (w[1] - w[0]) as f64 / DAY as f64)
        .collect();
    let weeks = f64::from(WINDOW_DAYS) / 7.0;
    Some(HistoryProxies {
        window_end: iso_date(end),
        window_days: WINDOW_DAYS,
        commits_total: commits.len() as u64,
        commits_in_window,
        commits_per_week: weekly,
        mean_commits_per_week: round2(commits_in_window as f64 / weeks),
        contributors_in_window: authors_window.len() as u64,
        contributors_total: authors.len() as u64,
        tags_total: tags.len() as u64,
        tags_in_window,
        tags_per_week_proxy: round2(tags_in_window as f64 / weeks),
        median_days_between_tags: crate::scoring::median(&mut gaps).map(round2),
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The UTC calendar date of a Unix time, `YYYY-MM-DD`.
pub fn iso_date(unix: i64) -> String {
    crate::date::Date::from_days_since_epoch(unix.div_euclid(DAY)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_date_of_known_times() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_790_000_000), "2026-09-21");
        assert_eq!(iso_date(-1), "1969-12-31");
    }

    #[test]
    fn window_is_anchored_on_the_newest_commit() {
        let end = 1_790_000_000;
        let commits = vec![
            (end, "a@x".to_string()),
            (end - 3 * DAY, "b@x".to_string()),
            (end - 8 * DAY, "b@x".to_string()),
            (end - 89 * DAY, "c@x".to_string()),
            (end - 91 * DAY, "d@x".to_string()),
        ];
        let tags = vec![end - 60 * DAY, end - 30 * DAY, end - 200 * DAY];
        let p = proxies(&commits, tags).unwrap();
        assert_eq!(p.window_end, "2026-09-21");
        assert_eq!(p.commits_total, 5);
        assert_eq!(p.commits_in_window, 4);
        assert_eq!(p.commits_per_week.len(), 13);
        assert_eq!(p.commits_per_week[12], 2);
        assert_eq!(p.commits_per_week[11], 1);
        assert_eq!(p.commits_per_week[0], 1);
        assert_eq!(p.contributors_in_window, 3);
        assert_eq!(p.contributors_total, 4);
        assert_eq!(p.tags_total, 3);
        assert_eq!(p.tags_in_window, 2);
        assert_eq!(p.median_days_between_tags, Some(85.0));
        assert_eq!(p.mean_commits_per_week, 0.31);
    }

    #[test]
    fn commit_lines_are_parsed_with_lowercase_emails() {
        let c = parse_commits("1700000000\tAna@X.org\nnot a line\n1600000000\tbo@x\n");
        assert_eq!(
            c,
            [
                (1_700_000_000, "ana@x.org".to_string()),
                (1_600_000_000, "bo@x".to_string())
            ]
        );
    }

    #[test]
    fn a_failure_is_told_by_its_fatal_line_not_a_warning_before_it() {
        let stderr = "warning: ignoring broken ref refs/tags/x\nfatal: bad object HEAD\n";
        assert_eq!(failure(stderr), "fatal: bad object HEAD");
        assert_eq!(failure("  something odd\n"), "something odd");
        assert_eq!(failure(""), "git failed");
    }

    #[test]
    fn no_commits_gives_no_proxies() {
        assert!(proxies(&[], vec![]).is_none());
    }
}
