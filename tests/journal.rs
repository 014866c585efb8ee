//! Sessions through the real binary: `gavel sessions` and `gavel export` on sessions
//! recorded with the library (as `gavel run` records them), including torn, damaged and
//! newer-version journals. Every test uses its own `--data-dir`.

use gavel::meeting::Meeting;
use gavel::recorder::Recorder;
use gavel::session::Session;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn agenda_path() -> PathBuf {
    root().join("agendas/steering-committee.toml")
}

fn transcript_path() -> PathBuf {
    root().join("tests/transcripts/steering-committee.txt")
}

fn gavel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args(args)
        .current_dir(root())
        .env_remove("GAVEL_DATA_DIR")
        .output()
        .expect("gavel runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A session recorded from the first `n` events of the steering-committee transcript (all of
/// them when `n` is None). Returns its id and directory.
fn record(data: &Path, n: Option<usize>) -> (String, PathBuf) {
    let source = std::fs::read_to_string(agenda_path()).unwrap();
    let (agenda, _) = gavel::agenda::parse_str(&source).unwrap();
    let mut meeting = Meeting::new(agenda);
    let refused = gavel::transcript::run(
        &mut meeting,
        &std::fs::read_to_string(transcript_path()).unwrap(),
    );
    assert!(refused.is_empty(), "{refused:?}");
    let events = meeting.events();
    let n = n.unwrap_or(events.len());
    let mut s = Session::create(data, &agenda_path(), &source).unwrap();
    for e in &events[..n] {
        s.record(e).unwrap();
    }
    (s.id().to_string(), s.dir().to_path_buf())
}

fn replay_minutes(format: &str) -> String {
    let out = gavel(&[
        "replay",
        agenda_path().to_str().unwrap(),
        transcript_path().to_str().unwrap(),
        "--format",
        format,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn sessions_lists_id_first_and_unfinished_first() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().to_str().unwrap();
    let (ended, _) = record(tmp.path(), None);
    let (open, _) = record(tmp.path(), Some(12));
    let out = gavel(&["--data-dir", data, "sessions"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with("ID "), "{stdout}");
    let first: Vec<&str> = lines[1].split_whitespace().collect();
    let second: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(first[0], open);
    assert_eq!(second[0], ended);
    let agenda = std::fs::canonicalize(agenda_path()).unwrap();
    for (cols, state) in [(&first, "unfinished"), (&second, "ended")] {
        assert_eq!(cols[1], agenda.to_str().unwrap(), "{stdout}");
        assert_eq!(cols[2], "2026-04-15", "{stdout}");
        assert_eq!(cols[3], state, "{stdout}");
        assert_eq!(cols.len(), 6, "last change is a date and a time: {stdout}");
    }
    // The environment variable does the same as the flag.
    let out = Command::new(env!("CARGO_BIN_EXE_gavel"))
        .arg("sessions")
        .env("GAVEL_DATA_DIR", data)
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), stdout);
}

#[test]
fn no_sessions_is_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gavel(&["--data-dir", tmp.path().to_str().unwrap(), "sessions"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("no sessions"));
}

#[test]
fn export_by_id_gives_the_same_minutes_as_replaying_the_transcript() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().to_str().unwrap();
    let (id, _) = record(tmp.path(), None);
    for format in ["md", "json"] {
        let out = gavel(&["--data-dir", data, "export", &id, "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), replay_minutes(format), "{format}");
    }
    let file = tmp.path().join("minutes.md");
    let out = gavel(&[
        "--data-dir",
        data,
        "export",
        &id,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        replay_minutes("md")
    );
}

#[test]
fn export_by_journal_path_or_session_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, dir) = record(tmp.path(), None);
    let expected = replay_minutes("md");
    for arg in [dir.join("journal.jsonl"), dir.clone()] {
        let out = gavel(&["export", arg.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), expected, "{}", arg.display());
    }
}

#[test]
fn export_of_an_unfinished_session() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, _) = record(tmp.path(), Some(20));
    let out = gavel(&["--data-dir", tmp.path().to_str().unwrap(), "export", &id]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.starts_with("<!-- written by gavel"));
    assert!(md.contains("Larkspur Project Steering Committee"));
}

#[test]
fn a_torn_last_line_is_ignored_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, dir) = record(tmp.path(), None);
    let journal = dir.join("journal.jsonl");
    let bytes = std::fs::read(&journal).unwrap();
    std::fs::write(&journal, &bytes[..bytes.len() - 7]).unwrap();
    let out = gavel(&["--data-dir", tmp.path().to_str().unwrap(), "export", &id]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("is incomplete"), "{stderr}");
    // The last entry was /end: without it the meeting has not ended.
    let md = text(&out.stdout);
    assert_ne!(md, replay_minutes("md"));
    let sessions = gavel(&["--data-dir", tmp.path().to_str().unwrap(), "sessions"]);
    assert!(text(&sessions.stdout).contains("unfinished"));
}

#[test]
fn a_damaged_middle_line_is_named_and_export_still_works() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, dir) = record(tmp.path(), None);
    let journal = dir.join("journal.jsonl");
    let original = std::fs::read_to_string(&journal).unwrap();
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    lines[6] = "\u{0}\u{0}\u{0}garbage".into();
    std::fs::write(&journal, lines.join("\n") + "\n").unwrap();
    let out = gavel(&["--data-dir", tmp.path().to_str().unwrap(), "export", &id]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 7 is damaged"), "{stderr}");
    assert!(stderr.contains("keeping the 6 entries"), "{stderr}");
    assert!(text(&out.stdout).contains("Larkspur Project Steering Committee"));
}

#[test]
fn a_newer_journal_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, dir) = record(tmp.path(), Some(5));
    let journal = dir.join("journal.jsonl");
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes.extend_from_slice(
        b"{\"v\":99,\"event\":{\"at\":\"2026-04-15T16:10:00Z\",\"type\":\"x\"}}\n",
    );
    std::fs::write(&journal, &bytes).unwrap();
    let out = gavel(&["--data-dir", tmp.path().to_str().unwrap(), "export", &id]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("newer gavel"), "{stderr}");
    assert!(stderr.contains("line 6"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read(&journal).unwrap(), bytes);
    let sessions = gavel(&["--data-dir", tmp.path().to_str().unwrap(), "sessions"]);
    assert_eq!(sessions.status.code(), Some(0));
    assert!(text(&sessions.stdout).contains("unreadable"));
    assert_eq!(std::fs::read(&journal).unwrap(), bytes);
}

#[test]
fn an_unknown_session_is_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gavel(&[
        "--data-dir",
        tmp.path().to_str().unwrap(),
        "export",
        "2026-01-01-nothing",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no session `2026-01-01-nothing`"));
    // Files and directories that are not sessions.
    let out = gavel(&["export", agenda_path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("not the journal of a gavel session"));
    let out = gavel(&["export", "agendas"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("not a gavel session directory"));
    let (_, dir) = record(tmp.path(), Some(3));
    let out = gavel(&["export", dir.join("agenda.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("not a gavel journal"));
}
