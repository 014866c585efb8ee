//! `gavel purge-private`: when an embargo ends or private text must go, every private
//! entry's text is removed from the session's journal and draft. The journal is rewritten as
//! a new segment (written whole and fsync'd) before the older segments are deleted, so a
//! crash in between leaves either the old journal or the purged one, never a mix.

use super::{journal, Session, SessionError, DRAFT};
use crate::fsutil::{sync_dir, write_atomic_mode};
use crate::meeting::{CaptureKind, Event, EventKind, Meeting};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What replaces private text.
pub const PURGED: &str = "[private text removed]";

/// What a purge did, for the message to the user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Purged {
    pub notes: usize,
    pub outcomes: usize,
    pub actions: usize,
    pub corrections: usize,
    pub draft_cleared: bool,
    /// Older journal segments and temporary files removed.
    pub files_removed: usize,
}

impl Purged {
    /// One more purged entry of `kind`.
    fn count(&mut self, kind: CaptureKind) {
        match kind {
            CaptureKind::Note => self.notes += 1,
            CaptureKind::Outcome => self.outcomes += 1,
            CaptureKind::Action => self.actions += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.notes + self.outcomes + self.actions + self.corrections
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (n, what) in [
            (self.notes, "private note"),
            (self.outcomes, "private outcome"),
            (self.actions, "private action"),
            (self.corrections, "correction touching private text"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}{}", if n == 1 { "" } else { "s" }));
            }
        }
        if self.draft_cleared {
            parts.push("the saved draft".into());
        }
        let files = match self.files_removed {
            0 => String::new(),
            1 => "; removed 1 older journal segment or temporary file".into(),
            n => format!("; removed {n} older journal segments and temporary files"),
        };
        if parts.is_empty() {
            format!("nothing private was found{files}")
        } else {
            format!("removed the text of {}{files}", parts.join(", "))
        }
    }
}

/// Purges session `id` under `data_dir`. Takes the session's lock, so a meeting running in
/// another gavel is never rewritten underneath it.
pub fn purge_private(data_dir: &Path, id: &str) -> Result<Purged, SessionError> {
    let (session, loaded) = Session::open(data_dir, id)?;
    if !loaded.clean {
        return Err(SessionError::Input(format!(
            "session {id} has a damaged journal ({}); export what can be read, then purge",
            loaded.warnings.join(" ")
        )));
    }
    // The purge rewrites every event: it reads them all back (the load kept none).
    let events = loaded.events()?;
    // Entries typed in public and made private later (the entry editor): the events that
    // gave them their text go too.
    let earlier = earlier_texts_of_private_entries(&loaded.agenda, &events);
    let mut private_texts = private_texts(&events);
    private_texts.extend(
        earlier
            .iter()
            .filter_map(|&i| events.get(i).and_then(event_text)),
    );
    let mut report = Purged::default();
    let purged: Vec<Event> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if earlier.contains(&i) {
                purge_text(e, &mut report)
            } else {
                purge_event(e, &private_texts, &mut report)
            }
        })
        .collect();
    let (_, refused) = Meeting::replay(loaded.agenda.clone(), &purged);
    if !refused.is_empty() {
        return Err(SessionError::Input(format!(
            "purging session {id} would change how its record replays ({} entries); nothing was changed",
            refused.len()
        )));
    }
    let dir = session.dir().to_path_buf();
    let draft_path = dir.join(DRAFT);
    let draft = std::fs::read_to_string(&draft_path).unwrap_or_default();
    report.draft_cleared = draft.contains("/private")
        || private_texts
            .iter()
            .any(|t| !t.is_empty() && draft.contains(t.as_str()));
    let io = |e: std::io::Error| SessionError::Io(format!("{}: {e}", dir.display()));
    let leftovers = leftovers(&dir).map_err(io)?;
    let segments = segments(&dir).map_err(io)?;
    if report.total() == 0 && !report.draft_cleared && leftovers.is_empty() && segments.len() <= 1 {
        return Ok(report);
    }
    let newest = journal::newest_segment(&dir)
        .map_err(io)?
        .map_or(0, |(n, _)| n);
    let mut keep = dir.join(journal::segment_name(newest));
    if report.total() > 0 {
        keep = dir.join(journal::segment_name(newest + 1));
        write_atomic_mode(&keep, &journal::encode_all(&purged), 0o600).map_err(io)?;
    }
    if report.draft_cleared {
        write_atomic_mode(&draft_path, b"", 0o600).map_err(io)?;
    }
    // Every other segment, and every temporary file (a write that a crash interrupted can
    // hold a whole journal or draft), goes: only the journal just written stays.
    for path in leftovers.into_iter().chain(segments) {
        if path != keep {
            report.files_removed += 1;
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
                _ => {}
            }
        }
    }
    redact_crash_notes(&dir, &private_texts).map_err(io)?;
    sync_dir(&dir).map_err(io)?;
    drop(session);
    Ok(report)
}

/// Every journal segment in `dir` (any `journal.*.jsonl`, numbered or not).
fn segments(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("journal") && name.ends_with(".jsonl") {
            out.push(entry.path());
        }
    }
    Ok(out)
}

/// Temporary files in `dir` (`.NAME.tmp-PID`, see [`crate::fsutil::temporary_name`]): with
/// the session's lock held, no other gavel is writing them.
fn leftovers(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.contains(".tmp-") {
            out.push(entry.path());
        }
    }
    Ok(out)
}

/// The panic hook's notes (`crash-*.txt`) may quote a line: private text in them is removed.
fn redact_crash_notes(dir: &Path, private: &[String]) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with("crash-") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let mut redacted = text.clone();
        for t in private.iter().filter(|t| !t.is_empty()) {
            redacted = redacted.replace(t.as_str(), PURGED);
        }
        if redacted != text {
            write_atomic_mode(&entry.path(), redacted.as_bytes(), 0o600)?;
        }
    }
    Ok(())
}

/// The events (by position) that gave text to an entry before the entry editor made it
/// private: the capture that created it and any earlier public edit.
fn earlier_texts_of_private_entries(
    agenda: &crate::agenda::Agenda,
    events: &[Event],
) -> HashSet<usize> {
    let mut meeting = Meeting::new(agenda.clone());
    let mut seen: u64 = 0;
    let mut writers: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut out = HashSet::new();
    for (i, e) in events.iter().enumerate() {
        if meeting.apply(e).is_err() {
            continue;
        }
        if let EventKind::ReplaceEntry { entry, with } = &e.kind {
            let writers = writers.entry(*entry).or_default();
            if with.is_private() {
                out.extend(writers.iter().copied());
            }
            writers.push(i);
            continue;
        }
        // A new entry goes at the end of an item's list, with the highest id so far.
        let mut newest = seen;
        for item in meeting.items() {
            for entry in item.entries.iter().rev().take_while(|en| en.id > seen) {
                writers.entry(entry.id).or_default().push(i);
                newest = newest.max(entry.id);
            }
        }
        seen = newest;
    }
    out
}

/// The captured text an event carries, if any.
fn event_text(e: &Event) -> Option<String> {
    let mut kind = e.kind.clone();
    let capture = kind.capture_mut()?;
    Some(capture.text.clone())
}

/// The event with its captured text removed, whether it was private when typed or not.
fn purge_text(e: &Event, report: &mut Purged) -> Event {
    let mut e = e.clone();
    if let Some(capture) = e.kind.capture_mut() {
        report.count(capture.kind);
        *capture.text = PURGED.into();
    }
    e
}

/// The text of every private entry, as typed or corrected.
fn private_texts(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| {
            let mut kind = e.kind.clone();
            let capture = kind.capture_mut().filter(|c| c.private)?;
            Some(capture.text.clone())
        })
        .collect()
}

fn purge_event(e: &Event, private: &[String], report: &mut Purged) -> Event {
    let mut e = e.clone();
    if let Some(capture) = e.kind.capture_mut().filter(|c| c.private) {
        report.count(capture.kind);
        *capture.text = PURGED.into();
    } else if let EventKind::Correct { old, new, .. } = &mut e.kind {
        if private
            .iter()
            .any(|t| t.contains(old.as_str()) || t.contains(new.as_str()))
        {
            // Replacing the marker by itself changes nothing but still applies on replay.
            *old = PURGED.into();
            *new = PURGED.into();
            report.corrections += 1;
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{interpret, Interpreted};
    use crate::recorder::Recorder;

    const AGENDA: &str = "[meeting]\ntitle = \"Embargo\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"30m\"\n\n[[people]]\nname = \"Ada Moreno\"\n\n[[items]]\ntitle = \"Security\"\ntimebox = \"10m\"\n";

    #[test]
    fn private_text_leaves_the_journal_and_the_draft() {
        let data = tempfile::tempdir().unwrap();
        let agenda_path = data.path().join("a.toml");
        std::fs::write(&agenda_path, AGENDA).unwrap();
        let agenda = crate::agenda::parse_str(AGENDA).unwrap().0;
        let mut meeting = Meeting::new(agenda);
        let mut session = Session::create(data.path(), &agenda_path, AGENDA).unwrap();
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-04T17:00:00Z")
            .unwrap()
            .to_utc();
        for (i, line) in [
            "/start",
            "public words",
            "/private CVE-2026-0001 in the parser",
            "/action /private ada: rotate key K-77",
            "/outcome /private patch ships Friday",
            "s/Friday/Thursday/",
        ]
        .iter()
        .enumerate()
        {
            let now = start + chrono::Duration::minutes(i as i64);
            let Ok(Interpreted::Event(e)) = interpret(line, &meeting, now) else {
                panic!("{line}")
            };
            meeting.apply(&e).unwrap();
            session.record(&e).unwrap();
        }
        session.save_draft("/private half-typed secret").unwrap();
        let id = session.id().to_string();
        drop(session);

        let report = purge_private(data.path(), &id).unwrap();
        assert_eq!((report.notes, report.actions, report.outcomes), (1, 1, 1));
        assert_eq!(report.corrections, 1);
        assert!(report.draft_cleared);

        let dir = super::super::sessions_dir(data.path()).join(&id);
        let mut all = String::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
        }
        for secret in ["CVE-2026-0001", "K-77", "Friday", "Thursday", "half-typed"] {
            assert!(!all.contains(secret), "`{secret}` survived the purge");
        }
        assert!(all.contains("public words"), "everything else is kept");
        let loaded = super::super::load(data.path(), &id).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.meeting.items()[0].entries.len(), 4);
    }
}
