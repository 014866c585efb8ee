//! The rescue file: where entries go that the journal could not take when gavel has to stop
//! anyway (the moderator forced a quit, or SIGTERM/SIGHUP arrived while the disk refused
//! writes). Nothing the screen showed as recorded may vanish with the process.
//!
//! The entries are written as a transcript, one command per line stamped `[HH:MM]` in the
//! meeting's time zone, which `gavel replay` reads; when the meeting had ended, its minutes
//! (Markdown) follow in a second file beside it. The files are `gavel-rescue-SESSION-TIME.txt`
//! (and `…-minutes.md`), mode 0600, in the first directory that takes them: the current
//! directory, then `$HOME`, then `/tmp`. When none does, the caller prints the text itself.

use crate::fsutil::create_new_mode;
use crate::meeting::{Event, EventKind, Meeting, Presence, QueueKind};
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What was rescued, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rescued {
    /// The transcript of the unsaved entries.
    pub transcript: PathBuf,
    /// The minutes, when the meeting had ended.
    pub minutes: Option<PathBuf>,
}

/// The directories tried, in order: the current one, `$HOME`, `/tmp`.
pub fn default_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        dirs.push(cwd);
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        dirs.push(PathBuf::from(home));
    }
    dirs.push(std::env::temp_dir());
    dirs.push(PathBuf::from("/tmp"));
    dirs.dedup();
    dirs
}

/// The unsaved `events` of `meeting` as transcript lines, oldest first.
pub fn transcript(meeting: &Meeting, events: &[Event]) -> String {
    let zone = meeting.agenda().meeting.timezone;
    let mut out = String::new();
    for event in events {
        let stamp = zone.local(event.at).format("%H:%M");
        out.push_str(&format!("[{stamp}] {}\n", command_line(event)));
    }
    out
}

/// A command that records `event` again when replayed (names are already resolved, items
/// numbered from 1). An edit, deletion or move of an entry, and a call's attendance report,
/// have no command: each is kept as a private note holding the journal line, so nothing of it
/// is lost nor published.
pub fn command_line(event: &Event) -> String {
    use EventKind as K;
    let minutes = |secs: i64| format!("{}m", (secs + 59) / 60);
    match &event.kind {
        K::Start => "/start".into(),
        K::Next => "/next".into(),
        K::Prev => "/prev".into(),
        K::Goto { item } => format!("/goto {}", item + 1),
        K::Pause => "/pause".into(),
        K::Resume => "/resume".into(),
        K::Extend { secs } => format!("/extend {}", minutes(*secs)),
        K::Defer { item } => format!("/defer {}", item + 1),
        K::AddItem {
            title,
            presenter,
            timebox,
        } => {
            let presenter = presenter
                .as_ref()
                .map(|p| format!(" @{p}"))
                .unwrap_or_default();
            format!("/add {title}{presenter} {}", minutes(*timebox))
        }
        K::End => "/end".into(),
        K::Attendance { names, status } => {
            let command = match status {
                Presence::Present | Presence::Unknown => "/present",
                Presence::Absent => "/absent",
                Presence::Regrets => "/regrets",
                Presence::Left => "/left",
            };
            format!("{command} {}", names.join(", "))
        }
        K::Guest { name, affiliation } => match affiliation {
            Some(a) => format!("/guest {name} ({a})"),
            None => format!("/guest {name}"),
        },
        K::Guests { guests } => {
            let list: Vec<String> = guests
                .iter()
                .map(|g| match &g.affiliation {
                    Some(a) => format!("{} ({a})", g.name),
                    None => g.name.clone(),
                })
                .collect();
            format!("/guest {}", list.join(", "))
        }
        K::Capture(capture) => capture.command_line(),
        K::Motion(step) => step.command_line(),
        K::Review { action, status } => format!("/{} {}", status.as_str(), action + 1),
        K::Recap { text } => format!("/recap {text}"),
        K::ApprovePrevious => "/approve".into(),
        K::NextMeeting { when } => format!("/nextmeeting {}", when.format("%Y-%m-%d %H:%M")),
        K::Queue { name, kind, topic } => {
            let kind = match kind {
                QueueKind::Order => " order",
                QueueKind::Clarify => " clarify",
                QueueKind::Reply => " reply",
                QueueKind::Topic => "",
            };
            let topic = topic.as_ref().map(|t| format!(" {t}")).unwrap_or_default();
            format!("/queue {name}{kind}{topic}")
        }
        K::Unqueue { name } => format!("/unqueue {name}"),
        K::Speak => "/speak".into(),
        K::Rebalance { .. } => "/rebalance apply".into(),
        K::Correct { old, new, global } => format!(
            "s/{}/{}/{}",
            old.replace('/', "\\/"),
            new.replace('/', "\\/"),
            if *global { "g" } else { "" }
        ),
        K::FollowUp { title, timebox } => format!("/followup {title} {}", minutes(*timebox)),
        K::Undo => "/undo".into(),
        // A call's report has no command that carries its times (`/attendance` reads a file
        // that may be gone): kept as its journal line too.
        K::ReplaceEntry { .. }
        | K::DeleteEntry { .. }
        | K::MoveItem { .. }
        | K::AttendanceReport { .. } => {
            let json = crate::session::journal::encode(event);
            format!(
                "/private gavel rescue, a change with no command (its journal line): {}",
                json.trim_end()
            )
        }
    }
}

/// Writes `transcript` (and `minutes`, when given) for session `id` into the first of
/// `dirs` that takes them. Err holds why each directory refused.
pub fn write(
    id: &str,
    transcript: &str,
    minutes: Option<&str>,
    dirs: &[PathBuf],
    now: DateTime<Utc>,
) -> Result<Rescued, String> {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let id: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut reasons = Vec::new();
    for dir in dirs {
        let base = format!("gavel-rescue-{id}-{stamp}");
        match write_in(dir, &base, transcript, minutes) {
            Ok(rescued) => return Ok(rescued),
            Err(e) => reasons.push(format!(
                "{}: {}",
                crate::error::display(dir),
                crate::error::io_reason(&e)
            )),
        }
    }
    Err(reasons.join("; "))
}

fn write_in(
    dir: &Path,
    base: &str,
    transcript: &str,
    minutes: Option<&str>,
) -> std::io::Result<Rescued> {
    let transcript_path = write_new(dir, base, "txt", transcript)?;
    let minutes_path = match minutes {
        Some(text) => match write_new(dir, &format!("{base}-minutes"), "md", text) {
            Ok(p) => Some(p),
            Err(e) => {
                // Both or neither: the next directory gets another try at the pair.
                let _ = std::fs::remove_file(&transcript_path);
                return Err(e);
            }
        },
        None => None,
    };
    let _ = crate::fsutil::sync_dir(dir);
    Ok(Rescued {
        transcript: transcript_path,
        minutes: minutes_path,
    })
}

/// Creates `dir/base.ext` (or `base-2.ext`, ...) new, 0600, and writes and syncs `text`.
fn write_new(dir: &Path, base: &str, ext: &str, text: &str) -> std::io::Result<PathBuf> {
    let mut last = None;
    for n in 1..100 {
        let name = if n == 1 {
            format!("{base}.{ext}")
        } else {
            format!("{base}-{n}.{ext}")
        };
        let path = dir.join(name);
        match create_new_mode(&path, 0o600) {
            Ok(mut f) => {
                let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
                if let Err(e) = written {
                    drop(f);
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free file name")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::tests_support::{meeting, t};
    use crate::recorder::NullRecorder;

    #[test]
    fn the_transcript_replays_to_the_same_entries() {
        // Each capture is written back by `Capture::command_line`, the line an edit starts
        // from too.
        let mut clerk = crate::clerk::Clerk::new(meeting(), Box::new(NullRecorder));
        let lines = [
            "/start",
            "a plain note",
            "/outcome Agreed: ship it",
            "/private not for the minutes",
            // A private outcome or action stays private (a rescue once published them).
            "/outcome /private the budget holds",
            "/action /private Ada: call the bank due 2026-03-10",
            "/topic Next steps",
            "/link https://example.org the spec",
            "/vote for 3 against 1 abstain 0 the motion",
            "s/ship/release/",
            "/next",
            "/end",
        ];
        for l in lines {
            clerk.take_line(l, t(1)).unwrap();
        }
        let events = clerk.meeting().events().to_vec();
        let text = transcript(clerk.meeting(), &events);
        assert_eq!(text.lines().count(), events.len());
        let mut again = meeting();
        let refused = crate::transcript::run(&mut again, &text);
        assert!(refused.is_empty(), "{refused:?}\n{text}");
        let kinds = |m: &Meeting| {
            m.events()
                .iter()
                .map(|e| e.kind.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(&again), kinds(clerk.meeting()), "{text}");
    }

    #[test]
    fn the_first_directory_that_takes_it_gets_it_0600() {
        use std::os::unix::fs::PermissionsExt;
        let good = tempfile::tempdir().unwrap();
        let missing = good.path().join("no-such-dir");
        let rescued = write(
            "2026-03-04-tsc",
            "[17:05] /note hello\n",
            Some("# Minutes\n"),
            &[missing, good.path().to_path_buf()],
            t(5),
        )
        .unwrap();
        assert!(rescued.transcript.starts_with(good.path()));
        let name = rescued.transcript.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("gavel-rescue-2026-03-04-tsc-"), "{name}");
        let meta = std::fs::metadata(&rescued.transcript).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(
            std::fs::read_to_string(&rescued.transcript).unwrap(),
            "[17:05] /note hello\n"
        );
        let minutes = rescued.minutes.unwrap();
        assert_eq!(std::fs::read_to_string(minutes).unwrap(), "# Minutes\n");
    }

    #[test]
    fn no_directory_is_an_error_naming_each() {
        let gone = PathBuf::from("/nonexistent-gavel-dir");
        let err = write("x", "y\n", None, std::slice::from_ref(&gone), t(0)).unwrap_err();
        assert!(err.contains("nonexistent-gavel-dir"), "{err}");
    }
}
