//! Issue 16's files-and-other-people holes, each driven through the real binary or the
//! session API: nothing lost after a crash at `/end`, no stranger's session resumed, no
//! symbolic link followed into someone else's file, modes kept, FIFOs and devices refused.
//! TESTING.md has a row for each.

use crate::common;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{gavel_in, text};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mode_of(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A session of `agenda` (a copy of an example) whose journal holds `transcript`.
fn ended_session(data: &Path, agenda: &Path, transcript: &str) -> PathBuf {
    use gavel::recorder::Recorder;
    let source = std::fs::read_to_string(agenda).unwrap();
    let mut session = gavel::session::Session::create(data, agenda, &source).unwrap();
    let mut meeting = gavel::meeting::Meeting::new(gavel::agenda::parse_str(&source).unwrap().0);
    assert!(gavel::transcript::run(&mut meeting, transcript).is_empty());
    for e in &meeting.events() {
        session.record(e).unwrap();
    }
    session.dir().to_path_buf()
}

fn working_group(dir: &Path) -> PathBuf {
    let agenda = dir.join("wg.toml");
    std::fs::copy(root().join("agendas/working-group.toml"), &agenda).unwrap();
    agenda
}

/// The Markdown minutes gavel writes for `transcript` on the agenda at `agenda`.
fn markdown_minutes(agenda: &Path, transcript: &str) -> String {
    let source = std::fs::read_to_string(agenda).unwrap();
    let mut meeting = gavel::meeting::Meeting::new(gavel::agenda::parse_str(&source).unwrap().0);
    gavel::transcript::run(&mut meeting, transcript);
    gavel::minutes::document(
        &meeting,
        meeting.minutes_time(),
        gavel::minutes::Format::Markdown,
        gavel::minutes::Options::default(),
    )
}

/// `gavel replay` of the working-group example in `dir`, with `options` after it.
fn replay_example(dir: &Path, options: &[&str]) -> std::process::Output {
    let agenda = root().join("agendas/working-group.toml");
    let transcript = root().join("tests/transcripts/working-group.txt");
    let mut args = vec![
        "replay",
        agenda.to_str().unwrap(),
        transcript.to_str().unwrap(),
    ];
    args.extend_from_slice(options);
    gavel_in(dir, &args)
}

/// Issue 16.3: a crash during `/end` that left the Markdown but not the JSON (and a
/// temporary file) gets the JSON at the next run, and the temporary file is removed.
#[test]
fn the_json_minutes_lost_at_the_end_are_written_and_temporaries_removed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = working_group(dir.path());
    ended_session(
        &data,
        &agenda,
        "[09:00] /start\n[09:05] Kept in both\n[09:20] /end\n",
    );
    // The Markdown reached the disk (as gavel wrote it), the JSON did not.
    let transcript = "[09:00] /start\n[09:05] Kept in both\n[09:20] /end\n";
    let md = dir.path().join("wg.minutes.md");
    let written = markdown_minutes(&agenda, transcript);
    std::fs::write(&md, &written).unwrap();
    let tmp = dir.path().join(".wg.minutes.json.tmp-999999999");
    std::fs::write(&tmp, "{").unwrap();
    let out = gavel_in(
        dir.path(),
        &["--data-dir", data.to_str().unwrap(), "run", "wg.toml"],
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("had ended without its minutes on disk"),
        "{stderr}"
    );
    let json = std::fs::read_to_string(dir.path().join("wg.minutes.json")).unwrap();
    assert!(json.contains("Kept in both"), "{json}");
    assert!(
        !tmp.exists(),
        "the temporary file of the crashed write is removed"
    );
}

/// Issue 16.5: a session directory others can write, or with a planted link, is never
/// resumed, and the file behind the link is left alone.
#[test]
fn a_planted_session_is_not_resumed_and_its_link_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = working_group(dir.path());
    let session = ended_session(&data, &agenda, "[09:00] /start\n[09:05] A planted note\n");
    let victim = dir.path().join("precious.txt");
    std::fs::write(&victim, "mine").unwrap();
    std::fs::remove_file(session.join("lock")).unwrap();
    std::os::unix::fs::symlink(&victim, session.join("lock")).unwrap();
    assert!(gavel::session::find_unfinished(&data, &agenda).is_none());
    let id = session.file_name().unwrap().to_str().unwrap().to_string();
    let err = gavel::session::Session::open(&data, &id).unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");

    std::fs::remove_file(session.join("lock")).unwrap();
    chmod(&session, 0o777);
    assert!(gavel::session::find_unfinished(&data, &agenda).is_none());
    let err = gavel::session::Session::open(&data, &id).unwrap_err();
    assert!(err.to_string().contains("written by other users"), "{err}");
    chmod(&session, 0o700);
    chmod(&data, 0o1777);
    let source = std::fs::read_to_string(&agenda).unwrap();
    let err = gavel::session::Session::create(&data, &agenda, &source).unwrap_err();
    assert!(err.to_string().contains("written by other users"), "{err}");
}

/// Issue 16.6: `--append` and `-o` keep a 0600 file 0600, and write through a link.
#[test]
fn rewrites_keep_the_mode_and_write_through_links() {
    let dir = tempfile::tempdir().unwrap();
    let out_md = dir.path().join("out.md");
    std::fs::write(&out_md, "<!-- written by gavel -->\nold\n").unwrap();
    chmod(&out_md, 0o600);
    let o = replay_example(dir.path(), &["-o", "out.md"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(mode_of(&out_md), 0o600);

    let notes = dir.path().join("NOTES.md");
    std::fs::write(&notes, "# Notes\n").unwrap();
    chmod(&notes, 0o600);
    let link = dir.path().join("LINK.md");
    std::os::unix::fs::symlink(&notes, &link).unwrap();
    let o = replay_example(dir.path(), &["--append", "LINK.md"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&notes).unwrap().len() > "# Notes\n".len());
    assert_eq!(mode_of(&notes), 0o600);
}

/// Issue 16.9: a FIFO as `-o` or as input is refused at once instead of hanging, and a
/// device is not read until memory runs out.
#[test]
fn fifos_and_devices_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let agenda = root().join("agendas/working-group.toml");
    let started = Instant::now();
    let o = replay_example(dir.path(), &["-o", "pipe.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("not a regular file"),
        "{}",
        text(&o.stderr)
    );
    let o = replay_example(dir.path(), &["--append", "pipe.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let o = gavel_in(dir.path(), &["replay", agenda.to_str().unwrap(), "pipe.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let o = gavel_in(dir.path(), &["approve", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("not a regular file"),
        "{}",
        text(&o.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// A hand-edited Markdown whose JSON went missing is never rewritten by the recovery of the
/// next `gavel run`: it says why, and the edits stay.
#[test]
fn recovery_never_rewrites_hand_edited_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = working_group(dir.path());
    let transcript = "[09:00] /start\n[09:05] A note\n[09:20] /end\n";
    ended_session(&data, &agenda, transcript);
    let md = dir.path().join("wg.minutes.md");
    let written = markdown_minutes(&agenda, transcript);
    let edited = format!("{written}\nA line the secretary added by hand.\n");
    std::fs::write(&md, &edited).unwrap();
    let out = gavel_in(
        dir.path(),
        &["--data-dir", data.to_str().unwrap(), "run", "wg.toml"],
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("edited by hand"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&md).unwrap(), edited);
}

/// Minutes with private entries are the owner's alone: a new `-o` file is 0600, and one
/// that was 0644 becomes 0600 when private text is written over it.
#[test]
fn private_minutes_are_never_readable_by_others() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &str| {
        let o = replay_example(dir.path(), &["--private", "-o", out]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    };
    run("new.md");
    assert_eq!(mode_of(&dir.path().join("new.md")), 0o600);
    let old = dir.path().join("old.md");
    std::fs::write(&old, "<!-- written by gavel -->\nold\n").unwrap();
    chmod(&old, 0o644);
    run("old.md");
    assert_eq!(mode_of(&old), 0o600);
}
