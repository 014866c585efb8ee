//! Issue 16, item 2: quitting never throws away entries the disk refused. With the journal
//! failing (a file size limit, as in tests/disk_trouble.rs: prlimit(2) works for any user),
//! a plain quit is refused and says why; `Q` then quits anyway and the unsaved entries go to
//! a rescue file (a transcript `gavel replay` reads), 0600, in the current directory. SIGTERM
//! does the same without asking.

use crate::common;

use common::Screen;
use std::path::{Path, PathBuf};

const ROWS: u16 = 36;
const COLS: u16 = 130;

#[cfg(target_os = "linux")]
fn set_file_size_limit(pid: i32, limit: u64) {
    let new = libc::rlimit {
        rlim_cur: limit,
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: prlimit(2) reads a struct we own.
    let rc = unsafe { libc::prlimit(pid, libc::RLIMIT_FSIZE, &new, std::ptr::null_mut()) };
    assert_eq!(rc, 0, "prlimit: {}", std::io::Error::last_os_error());
}

/// A started meeting, run in `cwd`, whose journal stops taking entries after one note; then
/// three notes typed that stay in memory.
#[cfg(target_os = "linux")]
fn three_unsaved(data: &Path, cwd: &Path, out: &Path) -> Screen {
    let agenda = Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/steering-committee.toml");
    let home = cwd.join("home");
    std::fs::create_dir(&home).unwrap();
    let screen = Screen::spawn_in(
        &[
            "run",
            agenda.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        data,
        ROWS,
        COLS,
        &[("HOME", home.to_str().unwrap())],
        cwd,
    );
    screen.wait_for("Agenda 0/6");
    screen.send("s");
    screen.wait_for("s of 10m · ");
    screen.line("");
    screen.line("before the trouble");
    screen.wait_for("note    before the trouble");
    let id = gavel::session::list(data).unwrap()[0].id.clone();
    let journal = data.join("sessions").join(id).join("journal.jsonl");
    set_file_size_limit(screen.pid(), std::fs::metadata(journal).unwrap().len());
    for n in 1..=3 {
        screen.line(&format!("unsaved note {n}"));
        screen.wait_for(&format!("NOT SAVED: {n} change(s) only in memory"));
    }
    screen
}

fn rescue_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("gavel-rescue-"))
        })
        .collect();
    found.sort();
    found
}

fn check_rescued(cwd: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let files = rescue_files(cwd);
    assert_eq!(files.len(), 1, "{files:?}");
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for (n, line) in lines.iter().enumerate() {
        assert!(line.starts_with('['), "{line}");
        assert!(
            line.ends_with(&format!("] /note unsaved note {}", n + 1)),
            "{line}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_quit_with_unsaved_entries_is_refused_and_q_forces_it_into_a_rescue_file() {
    let data = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut screen = three_unsaved(data.path(), cwd.path(), out.path());
    screen.send("\x1b");
    screen.wait_for("Enter: type a note");
    screen.send("q");
    screen.wait_for("Leave the meeting screen?");
    screen.send("k");
    screen.wait_for("Not quitting: 3 change(s) are not saved to disk. Q quits anyway");
    // Still running: the screen is up, and nothing was written anywhere yet.
    assert!(rescue_files(cwd.path()).is_empty());
    screen.send("Q");
    assert_eq!(screen.wait_exit(), 1);
    screen.wait_output_end();
    check_rescued(cwd.path());
    let shown = screen.contents();
    assert!(shown.contains("gavel-rescue-"), "{shown}");
}

#[cfg(target_os = "linux")]
#[test]
fn sigterm_with_unsaved_entries_writes_them_to_a_rescue_file() {
    let data = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut screen = three_unsaved(data.path(), cwd.path(), out.path());
    screen.signal(libc::SIGTERM);
    assert_eq!(screen.wait_exit(), 1);
    screen.wait_output_end();
    check_rescued(cwd.path());
}
