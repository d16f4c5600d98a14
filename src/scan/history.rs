//! `scan --git`: activity and release proxies read from a repository's history with the `git`
//! command (read-only: `log` and `for-each-ref`, optional locks off). The window is anchored on
//! the newest commit rather than today, so a scan of the same history is reproducible.

use crate::error::{Error, Result};
use crate::evidence::{GitHistory, HistoryProxies};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

pub const WINDOW_DAYS: u32 = 90;
const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;

/// Checks that `git` can be run, before any repository is scanned.
pub fn check_git() -> Result<()> {
    match Command::new("git").arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        _ => Err(Error::Usage(
            "--git needs the `git` command on PATH: install git or scan without --git".into(),
        )),
    }
}

fn git(repo: &Path, args: &[&str]) -> std::result::Result<String, String> {
    let out = Command::new("git")
        .arg("--no-pager")
        .arg("--git-dir")
        .arg(repo.join(".git"))
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .map_err(|e| format!("git could not be run: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim()
            .to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads a repository's history proxies; a repository without readable history says why.
pub fn read(repo: &Path) -> GitHistory {
    let commits = match git(repo, &["log", "--format=%ct%x09%ae", "HEAD"]) {
        Ok(text) => parse_commits(&text),
        Err(reason) => return GitHistory::Unavailable { reason },
    };
    let tags = match git(
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

/// The UTC calendar date of a Unix time (proleptic Gregorian, days-from-civil inverse).
pub fn iso_date(unix: i64) -> String {
    let z = unix.div_euclid(DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
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
    fn no_commits_gives_no_proxies() {
        assert!(proxies(&[], vec![]).is_none());
    }
}
