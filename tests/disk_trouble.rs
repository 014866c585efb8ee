//! The disk refuses writes in the middle of a meeting, with the real binary in a
//! pseudo-terminal (issue 4, "Disk full or a read-only directory"): the screen says NOT
//! SAVED, the meeting goes on in memory, the minutes are still written at /end, and once the
//! disk takes writes again the next retry saves everything into a fresh journal segment.
//!
//! Permissions alone cannot make a directory read-only for root, which is how these tests
//! often run (containers, CI). So:
//!
//! - `a_file_size_limit_mid_meeting...` lowers gavel's RLIMIT_FSIZE (prlimit(2)) to the
//!   journal's current size: the next append fails with EFBIG, as on a full disk. This
//!   works for any user, root included.
//! - `a_read_only_session_directory...` makes the session directory and its journal
//!   read-only mid-meeting. As root it uses the immutable attribute (`chattr +i`), which
//!   stops root too, even through a file descriptor already open, much as a file system
//!   remounted read-only would; when `chattr` is not available (not root, or a file system
//!   without it) it uses `chmod 0500`/`0400`, which stops only the writes that open a file:
//!   the journal already open keeps taking entries (nothing is lost and nothing is shown),
//!   while saving the draft fails and says so.
//!
//! The same paths are tested without a terminal in src/session/tests.rs (injected fsync
//! failures) and src/tui/tests.rs (a failing recorder).

use crate::common;

use common::Screen;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const AGENDA: &str = "agendas/steering-committee.toml";
const ROWS: u16 = 36;
const COLS: u16 = 130;

fn capture_line(screen: &Screen, want: &str) {
    screen.wait_lines(&format!("{want:?} on the capture line"), |lines| {
        lines[ROWS as usize - 2] == want
    });
}

/// A started meeting with one note recorded; returns the screen and the session directory.
fn meeting(data: &Path, out: &Path) -> (Screen, PathBuf) {
    let screen = Screen::spawn(
        &["run", AGENDA, "--out", out.to_str().unwrap()],
        data,
        ROWS,
        COLS,
    );
    screen.wait_for("Agenda 0/6");
    screen.send("s");
    screen.wait_for("s of 10m · ");
    screen.send("\r");
    capture_line(&screen, "›");
    screen.line("before the trouble");
    screen.wait_for("note    before the trouble");
    let id = gavel::session::list(data).unwrap()[0].id.clone();
    let dir = data.join("sessions").join(id);
    (screen, dir)
}

/// Ends the meeting from the capture line while the journal cannot be written: the minutes
/// are written from memory all the same.
fn end_while_not_saved(screen: &Screen, unsaved: usize) {
    screen.line("/end");
    screen.wait_for(&format!("NOT SAVED: {unsaved} change(s) only in memory"));
    screen.wait_for("Minutes written:");
}

fn quit(mut screen: Screen) {
    screen.send("q");
    assert_eq!(screen.wait_exit(), 0);
}

/// Everything typed is in the journal, and the minutes hold the notes.
fn check_everything_kept(dir: &Path, out: &Path, notes: &[&str], events: usize) {
    let loaded = gavel::session::load_dir(dir).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert!(loaded.clean);
    assert_eq!(loaded.recorded, events);
    assert_eq!(loaded.meeting.phase(), gavel::meeting::Phase::Ended);
    let md = std::fs::read_to_string(out.join("steering-committee.minutes.md")).unwrap();
    for note in notes {
        assert!(md.contains(note), "{note:?} missing from\n{md}");
    }
}

#[cfg(target_os = "linux")]
fn set_file_size_limit(pid: i32, limit: Option<u64>) {
    let mut old: libc::rlimit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: prlimit(2) reads into and from rlimit structs we own.
    let rc = unsafe { libc::prlimit(pid, libc::RLIMIT_FSIZE, std::ptr::null(), &mut old) };
    assert_eq!(rc, 0, "prlimit: {}", std::io::Error::last_os_error());
    let new = libc::rlimit {
        rlim_cur: limit.unwrap_or(old.rlim_max),
        rlim_max: old.rlim_max,
    };
    let rc = unsafe { libc::prlimit(pid, libc::RLIMIT_FSIZE, &new, std::ptr::null_mut()) };
    assert_eq!(rc, 0, "prlimit: {}", std::io::Error::last_os_error());
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_size_limit_mid_meeting_is_not_saved_then_recovered() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let (screen, dir) = meeting(data.path(), out.path());
    let journal = dir.join("journal.jsonl");
    let size = std::fs::metadata(&journal).unwrap().len();
    // gavel ignores SIGXFSZ, so a write past the limit fails with EFBIG instead of killing it.
    set_file_size_limit(screen.pid(), Some(size));

    screen.line("past the limit");
    screen.wait_for("NOT SAVED: 1 change(s) only in memory");
    screen.wait_for("note    past the limit");
    screen.line("/outcome Taken while not saved");
    screen.wait_for("NOT SAVED: 2 change(s) only in memory");
    screen.wait_for("OUTCOME Taken while not saved");
    // Retries (once a second) keep failing while the limit holds.
    std::thread::sleep(Duration::from_millis(1500));
    screen.wait_for("NOT SAVED: 2 change(s) only in memory");
    assert_eq!(std::fs::metadata(&journal).unwrap().len(), size);

    // /end: the minutes are bigger than the limit too, so they fail and say so.
    screen.line("/end");
    screen.wait_for("NOT SAVED: 3 change(s) only in memory");
    screen.wait_for("Minutes NOT written (w tries again)");

    // The limit goes: the next retry writes everything to a fresh segment, and w writes the
    // minutes.
    set_file_size_limit(screen.pid(), None);
    screen.wait_for("Saved to disk again; nothing was lost.");
    screen.send("w");
    screen.wait_for("Minutes written:");
    quit(screen);
    assert!(dir.join("journal.2.jsonl").exists());
    check_everything_kept(
        &dir,
        out.path(),
        &[
            "before the trouble",
            "past the limit",
            "Taken while not saved",
        ],
        5,
    );
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Makes files read-only; undoes it when dropped (also when the test fails), so that the
/// temporary directory can be removed.
struct ReadOnly {
    paths: Vec<PathBuf>,
    immutable: bool,
}

impl ReadOnly {
    fn try_immutable(paths: &[PathBuf]) -> Option<ReadOnly> {
        let ok = Command::new("chattr")
            .arg("+i")
            .args(paths)
            .output()
            .is_ok_and(|o| o.status.success());
        let guard = ReadOnly {
            paths: paths.to_vec(),
            immutable: true,
        };
        if ok {
            Some(guard)
        } else {
            drop(guard);
            None
        }
    }

    fn chmod(dir: &Path, journal: &Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(journal, std::fs::Permissions::from_mode(0o400)).unwrap();
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o500)).unwrap();
        ReadOnly {
            paths: vec![dir.to_path_buf(), journal.to_path_buf()],
            immutable: false,
        }
    }

    fn undo(&mut self) {
        if self.paths.is_empty() {
            return;
        }
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").args(&self.paths).status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ =
                std::fs::set_permissions(&self.paths[0], std::fs::Permissions::from_mode(0o700));
            let _ =
                std::fs::set_permissions(&self.paths[1], std::fs::Permissions::from_mode(0o600));
        }
        self.paths.clear();
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        self.undo();
    }
}

#[test]
fn a_read_only_session_directory_mid_meeting_loses_nothing() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let (screen, dir) = meeting(data.path(), out.path());
    let journal = dir.join("journal.jsonl");
    let immutable = if is_root() {
        ReadOnly::try_immutable(&[dir.clone(), journal.clone()])
    } else {
        None
    };
    match immutable {
        Some(mut read_only) => {
            eprintln!("read-only session directory: chattr +i (running as root)");
            screen.line("while read-only");
            screen.wait_for("NOT SAVED: 1 change(s) only in memory");
            screen.wait_for("note    while read-only");
            end_while_not_saved(&screen, 2);
            // The minutes went to their own directory, from memory.
            let md =
                std::fs::read_to_string(out.path().join("steering-committee.minutes.md")).unwrap();
            assert!(md.contains("while read-only"), "{md}");
            read_only.undo();
            screen.wait_for("Saved to disk again; nothing was lost.");
            quit(screen);
            assert!(dir.join("journal.2.jsonl").exists());
            check_everything_kept(
                &dir,
                out.path(),
                &["before the trouble", "while read-only"],
                4,
            );
        }
        None => {
            eprintln!(
                "read-only session directory: chmod 0500 (chattr +i is not available{})",
                if is_root() {
                    "; as root, permissions do not stop these writes, so nothing fails"
                } else {
                    ""
                }
            );
            let mut read_only = ReadOnly::chmod(&dir, &journal);
            // The journal was opened before: it keeps taking entries.
            screen.line("while read-only");
            screen.wait_for("note    while read-only");
            screen.wait_for("Recorded a note.");
            if !is_root() {
                // A draft is written as a new file: refused, and said.
                screen.send("half a th");
                screen.wait_for("could not save the line being typed");
                screen.send("\x15");
            }
            screen.line("/end");
            screen.wait_for("Minutes written:");
            read_only.undo();
            quit(screen);
            check_everything_kept(
                &dir,
                out.path(),
                &["before the trouble", "while read-only"],
                4,
            );
        }
    }
}
