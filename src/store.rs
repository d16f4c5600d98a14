//! How a folder of files is changed so that nothing is lost or mixed up:
//!
//! - **One writer at a time.** A writer holds the folder's advisory lock ([`Lock`]) while it
//!   decides what to write and writes it, so two imports cannot both pass a "not imported yet"
//!   check, and two reports into one folder cannot interleave. A session that keeps a file open
//!   for a long time (an interview) holds a lock of its own on that file's name.
//! - **All or nothing.** A set of files ([`write_set`]) is first written under temporary names,
//!   then a journal listing the renames (and the removals) is written atomically, then the renames
//!   are done and the journal removed. A crash before the journal leaves only temporary files,
//!   which the next writer removes; a crash after it leaves a journal, which the next reader or
//!   writer of the folder completes ([`recover`]). Either way the folder ends as wholly old or
//!   wholly new.
//!
//! The journal and the locks of single files are hidden (`.platform-audit.*`; on Unix a folder's
//! own lock is taken on the folder itself) and the temporary files are `.pa-*.tmp`; no reader of
//! the folder takes them for data.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

const LOCK_FILE: &str = ".platform-audit.lock";
const JOURNAL_FILE: &str = ".platform-audit.journal";
/// Where locks on single files of a folder live (`.platform-audit.locks/NAME.lock`).
const FILE_LOCKS_DIR: &str = ".platform-audit.locks";
const TEMP_PREFIX: &str = ".pa-";
const TEMP_SUFFIX: &str = ".tmp";

/// An advisory lock, released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

fn open_lock_file(path: &Path) -> Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, e))
}

impl Lock {
    /// Waits for the lock of a folder (for writers that finish in moments: a save, an import,
    /// a report), then completes any set that a crash interrupted, so the holder sees the folder
    /// whole.
    pub fn folder(dir: &Path) -> Result<Lock> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        // On Unix the folder itself is locked, so a refused import leaves no file behind;
        // elsewhere a hidden lock file stands for it.
        let path = if cfg!(unix) {
            dir.to_path_buf()
        } else {
            dir.join(LOCK_FILE)
        };
        let file = if cfg!(unix) {
            File::open(&path).map_err(|e| Error::io(&path, e))?
        } else {
            open_lock_file(&path)?
        };
        file.lock().map_err(|e| Error::io(&path, e))?;
        complete(dir)?;
        Ok(Lock { _file: file })
    }

    /// Takes the lock of one file of a folder without waiting; `busy` says what holds it when
    /// another process does.
    pub fn file(dir: &Path, name: &str, busy: impl FnOnce() -> String) -> Result<Lock> {
        let path = dir.join(FILE_LOCKS_DIR).join(format!("{name}.lock"));
        let file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Busy(busy())),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }
}

impl Lock {
    /// [`Lock::file`] when that file has a lock file (its writer took it once), `None` otherwise:
    /// for writers that must respect a session's lock without leaving lock files of their own.
    pub fn file_if_present(
        dir: &Path,
        name: &str,
        busy: impl FnOnce() -> String,
    ) -> Result<Option<Lock>> {
        if dir
            .join(FILE_LOCKS_DIR)
            .join(format!("{name}.lock"))
            .is_file()
        {
            Lock::file(dir, name, busy).map(Some)
        } else {
            Ok(None)
        }
    }
}

/// The renames and removals of one set, by file name within the folder.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    /// `(temporary name, final name)`.
    renames: Vec<(String, String)>,
    removals: Vec<String>,
}

/// A plain file name of the folder (no separator, not `.` or `..`): a journal never reaches out
/// of its folder, whatever it holds.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

/// Completes a set that a crash interrupted after its journal was written, if any. Readers call
/// it before reading the folder; it takes the folder's lock while it works (a journal exists
/// only when no one holds the lock, so a holder of the lock never waits on itself here).
pub fn recover(dir: &Path) -> Result<()> {
    if dir.join(JOURNAL_FILE).is_file() {
        Lock::folder(dir)?;
    }
    Ok(())
}

/// Completes a journal, the folder's lock being held.
fn complete(dir: &Path) -> Result<()> {
    let path = dir.join(JOURNAL_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| {
        Error::Usage(format!(
            "{}: unreadable journal of an interrupted write ({e}): expected the file platform-audit wrote; remove it and run the interrupted command again",
            path.display()
        ))
    })?;
    for (from, to) in &journal.renames {
        if !plain_name(from) || !plain_name(to) {
            return Err(Error::Usage(format!(
                "{}: the journal names a file outside its folder (`{from}` → `{to}`): expected file names only",
                path.display()
            )));
        }
        let from = dir.join(from);
        match std::fs::rename(&from, dir.join(to)) {
            Ok(()) => {}
            // Renamed before the crash.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&from, e)),
        }
    }
    for name in &journal.removals {
        if !plain_name(name) {
            continue;
        }
        let target = dir.join(name);
        match std::fs::remove_file(&target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&target, e)),
        }
    }
    sync_dir(dir)?;
    std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(dir, e))
}

/// Removes the temporary files that an interrupted writer left, the folder's lock being held.
fn remove_strays(dir: &Path) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let path = entry.path();
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// Writes one file of a set under a temporary name in `dir` and returns that name.
fn stage(dir: &Path, content: &[u8]) -> Result<String> {
    use std::io::Write;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(content)
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    let path: PathBuf = tmp
        .into_temp_path()
        .keep()
        .map_err(|e| Error::io(dir, e.error))?;
    Ok(path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default())
}

/// One file of a set: its name in the folder and its content.
pub struct Entry {
    pub name: String,
    pub content: Vec<u8>,
}

/// Replaces files of `dir` all at once: `files` are written (new or replacing) and flushed to
/// disk, then `removals` removed. The folder's lock must be held.
pub fn write_set(lock: &Lock, dir: &Path, files: &[Entry], removals: &[String]) -> Result<()> {
    write_set_staged(lock, dir, files, removals, |stage| {
        files.iter().map(stage).collect()
    })
}

/// [`write_set`], with `staging` running the writes of the temporary files (a test makes one
/// fail).
fn write_set_staged(
    _lock: &Lock,
    dir: &Path,
    files: &[Entry],
    removals: &[String],
    staging: impl FnOnce(&dyn Fn(&Entry) -> Result<String>) -> Result<Vec<String>>,
) -> Result<()> {
    for name in files.iter().map(|f| &f.name).chain(removals) {
        if !plain_name(name) {
            return Err(Error::Usage(format!(
                "cannot write `{name}` into {}: expected a file name",
                dir.display()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    remove_strays(dir)?;
    let staged = staging(&|entry: &Entry| stage(dir, &entry.content))?;
    let journal = Journal {
        renames: staged
            .into_iter()
            .zip(files.iter().map(|f| f.name.clone()))
            .collect(),
        removals: removals.to_vec(),
    };
    let text = serde_json::to_vec(&journal)
        .map_err(|e| Error::Usage(format!("cannot write the journal: {e}")))?;
    crate::source::write_atomic(&dir.join(JOURNAL_FILE), &text)?;
    complete(dir)
}

/// The files the last [`write_outputs`] wrote into a folder.
const OUTPUTS_FILE: &str = ".platform-audit.outputs";

/// Writes a set of outputs (a report and its charts) into `dir` at once, under its lock, and
/// removes what the previous set there held and this one does not (a chart no longer drawn):
/// the folder holds one whole set, never a mix of two runs. Files of the folder that no set
/// wrote are left alone.
pub fn write_outputs(dir: &Path, files: Vec<Entry>) -> Result<()> {
    let lock = Lock::folder(dir)?;
    let previous: Vec<String> = match std::fs::read(dir.join(OUTPUTS_FILE)) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let removals: Vec<String> = previous
        .into_iter()
        .filter(|p| plain_name(p) && !names.contains(p))
        .collect();
    let mut files = files;
    files.push(Entry {
        name: OUTPUTS_FILE.into(),
        content: serde_json::to_vec(&names)
            .map_err(|e| Error::Usage(format!("cannot list the outputs: {e}")))?,
    });
    write_set(&lock, dir, &files, &removals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, content: &str) -> Entry {
        Entry {
            name: name.into(),
            content: content.as_bytes().to_vec(),
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_set_replaces_and_removes_files_and_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("old.svg"), "old").unwrap();
        std::fs::write(dir.join("a.md"), "a0").unwrap();
        let lock = Lock::folder(dir).unwrap();
        write_set(
            &lock,
            dir,
            &[entry("a.md", "a1"), entry("b.html", "b1")],
            &["old.svg".into()],
        )
        .unwrap();
        assert_eq!(listing(dir), ["a.md", "b.html"]);
        assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), "a1");
    }

    #[test]
    fn an_interrupted_set_is_completed_by_the_next_reader() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("a.md"), "old").unwrap();
        std::fs::write(dir.join("gone.svg"), "old").unwrap();
        // What a crash right after the journal leaves: staged files and the journal.
        std::fs::write(dir.join(".pa-1.tmp"), "new").unwrap();
        let journal =
            r#"{"renames":[[".pa-1.tmp","a.md"],[".pa-2.tmp","b.md"]],"removals":["gone.svg"]}"#;
        std::fs::write(dir.join(JOURNAL_FILE), journal).unwrap();
        recover(dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), "new");
        assert_eq!(listing(dir), ["a.md"]);
    }

    #[test]
    fn temporary_files_of_a_crash_before_the_journal_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join(".pa-abc.tmp"), "half").unwrap();
        std::fs::write(dir.join("keep.toml"), "x").unwrap();
        let lock = Lock::folder(dir).unwrap();
        write_set(&lock, dir, &[entry("n.toml", "n")], &[]).unwrap();
        assert_eq!(listing(dir), ["keep.toml", "n.toml"]);
    }

    #[test]
    fn a_journal_never_reaches_out_of_its_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("d");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(tmp.path().join("outside"), "x").unwrap();
        std::fs::write(
            dir.join(JOURNAL_FILE),
            r#"{"renames":[["../outside","stolen"]],"removals":[]}"#,
        )
        .unwrap();
        let err = recover(&dir).unwrap_err().to_string();
        assert!(err.contains("outside its folder"), "{err}");
        assert!(tmp.path().join("outside").exists());
    }

    /// D5.2: a failure while the set is staged (a full disk, a file that cannot be written)
    /// leaves the folder's files as they were; the next writer removes what was staged.
    #[test]
    fn d5_2_a_failure_while_staging_leaves_the_old_set() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("report.md"), "old").unwrap();
        std::fs::write(dir.join("report.html"), "old").unwrap();
        let lock = Lock::folder(dir).unwrap();
        let files = [entry("report.md", "new"), entry("report.html", "new")];
        let err = write_set_staged(&lock, dir, &files, &[], |stage| {
            stage(&files[0])?;
            Err(Error::Usage("No space left on device".into()))
        })
        .unwrap_err();
        assert!(err.to_string().contains("No space left"));
        for name in ["report.md", "report.html"] {
            assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), "old");
        }
        write_set(&lock, dir, &[entry("report.md", "new")], &[]).unwrap();
        assert_eq!(listing(dir), ["report.html", "report.md"]);
    }

    #[test]
    fn d5_4_outputs_of_an_earlier_set_that_this_one_lacks_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("notes.txt"), "the consultant's own").unwrap();
        write_outputs(
            dir,
            vec![entry("report.md", "1"), entry("chart-evidence.svg", "1")],
        )
        .unwrap();
        write_outputs(dir, vec![entry("report.md", "2")]).unwrap();
        assert_eq!(listing(dir), [OUTPUTS_FILE, "notes.txt", "report.md"]);
        assert_eq!(std::fs::read_to_string(dir.join("report.md")).unwrap(), "2");
    }

    #[test]
    fn a_file_lock_is_refused_while_another_holds_it() {
        let tmp = tempfile::tempdir().unwrap();
        let held = Lock::file(tmp.path(), "zoe.toml", || "busy".into()).unwrap();
        let err = Lock::file(tmp.path(), "zoe.toml", || {
            "an interview of zoe is open".into()
        })
        .unwrap_err()
        .to_string();
        assert_eq!(err, "an interview of zoe is open");
        drop(held);
        Lock::file(tmp.path(), "zoe.toml", || "busy".into()).unwrap();
    }
}
