//! The panic hook of `gavel run` (issue 4, "A panic restores the terminal, writes a crash
//! note to the session directory and leaves the journal intact").
//!
//! The binary has no way to panic on purpose, and adding one only for tests would ship it,
//! so this drives the hook itself: `gavel::tui::install_panic_hook` is what `tui::run`
//! installs, and a panic here goes through it exactly as one in the meeting screen would.
//! (The hook is process-wide: this file holds a single test so that no other test's panic
//! runs through it.)

use gavel::recorder::Recorder;
use gavel::session::Session;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[test]
fn a_panic_writes_a_crash_note_and_leaves_the_journal_intact() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let agenda = root.join("agendas/steering-committee.toml");
    let source = std::fs::read_to_string(&agenda).unwrap();
    let mut meeting = gavel::meeting::Meeting::new(gavel::agenda::parse_str(&source).unwrap().0);
    let transcript =
        std::fs::read_to_string(root.join("tests/transcripts/steering-committee.txt")).unwrap();
    assert!(gavel::transcript::run(&mut meeting, &transcript).is_empty());
    let events = meeting.events()[..20].to_vec();

    let data = tempfile::tempdir().unwrap();
    let mut session = Session::create(data.path(), &agenda, &source).unwrap();
    for e in &events {
        session.record(e).unwrap();
    }
    let dir = session.dir().to_path_buf();
    let id = session.id().to_string();
    let journal_before = std::fs::read(dir.join("journal.jsonl")).unwrap();

    // The hook runs the one before it (the default hook, which prints the message).
    let previous_ran = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&previous_ran);
    std::panic::set_hook(Box::new(move |_| flag.store(true, Ordering::SeqCst)));
    gavel::tui::install_panic_hook(Some(dir.clone()));
    // The hook restores the terminal by writing escape sequences to standard output: send
    // them to /dev/null rather than into the test's output.
    let result = with_stdout_to_null(|| {
        std::panic::catch_unwind(|| panic!("boom: a bug in the meeting screen"))
    });
    let _ = std::panic::take_hook();
    assert!(result.is_err());
    assert!(previous_ran.load(Ordering::SeqCst));

    let notes: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("crash-")
        })
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    let note = std::fs::read_to_string(&notes[0]).unwrap();
    assert!(note.contains("boom: a bug in the meeting screen"), "{note}");
    assert!(
        note.contains("tests/panic_hook.rs"),
        "where it panicked: {note}"
    );
    assert!(note.contains("gavel run"), "how to resume: {note}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&notes[0]).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // The journal is as it was, and reads back whole, even while the session is still open.
    assert_eq!(
        std::fs::read(dir.join("journal.jsonl")).unwrap(),
        journal_before
    );
    let loaded = gavel::session::load(data.path(), &id).unwrap();
    assert_eq!(loaded.events().unwrap(), events);
    assert!(loaded.warnings.is_empty() && loaded.clean);
    drop(session);
}

fn with_stdout_to_null<T>(f: impl FnOnce() -> T) -> T {
    use std::io::Write;
    use std::os::fd::AsRawFd;
    let _ = std::io::stdout().flush();
    let null = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/null")
        .unwrap();
    // SAFETY: dup/dup2 on descriptors that are open for the whole call.
    let saved = unsafe { libc::dup(1) };
    assert!(saved >= 0);
    unsafe { libc::dup2(null.as_raw_fd(), 1) };
    let out = f();
    let _ = std::io::stdout().flush();
    unsafe {
        libc::dup2(saved, 1);
        libc::close(saved);
    }
    out
}
