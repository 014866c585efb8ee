//! Unit tests of sessions and the journal: round trip, torn tails at every byte, damaged and
//! newer journals, the stored agenda copy, the lock, permissions, and failed writes.

use super::*;
use crate::command::{interpret, Interpreted};
use crate::meeting::EventKind;
use chrono::NaiveTime;

const AGENDA_SRC: &str = include_str!("../../agendas/steering-committee.toml");
const TRANSCRIPT: &str = include_str!("../../tests/transcripts/steering-committee.txt");

/// Drives a meeting the way the TUI does (interpret, apply, record), returning every applied
/// event in order, `Undo` included, and the meeting.
fn drive(agenda: Agenda, text: &str) -> (Meeting, Vec<Event>) {
    let mut meeting = Meeting::new(agenda);
    let zone = meeting.agenda().meeting.timezone;
    let date = meeting.agenda().meeting.date;
    let mut clock = date.and_time(meeting.agenda().meeting.start);
    let mut all = Vec::new();
    for raw in text.lines() {
        let mut line = raw.trim();
        if let Some(rest) = line.strip_prefix('[') {
            if let Some((stamp, command)) = rest.split_once(']') {
                if let Ok(t) = NaiveTime::parse_from_str(stamp, "%H:%M") {
                    clock = date.and_time(t);
                    line = command.trim();
                }
            }
        }
        if line.is_empty() {
            continue;
        }
        let at = zone.to_utc(clock);
        if let Ok(Interpreted::Event(e)) = interpret(line, &meeting, at) {
            if meeting.apply(&e).is_ok() {
                all.push(e);
            }
        }
    }
    (meeting, all)
}

/// The steering-committee transcript with a few extra undone entries.
fn realistic() -> (Meeting, Vec<Event>) {
    let mut text = String::new();
    for (i, line) in TRANSCRIPT.lines().enumerate() {
        text.push_str(line);
        text.push('\n');
        if i % 9 == 4 {
            text.push_str("a note that is undone right away\n/undo\n");
        }
    }
    let (meeting, events) = drive(agenda_of(AGENDA_SRC), &text);
    assert!(events.len() > 60, "{}", events.len());
    assert!(events.iter().filter(|e| e.kind == EventKind::Undo).count() >= 5);
    assert_eq!(meeting.phase(), Phase::Ended);
    (meeting, events)
}

fn agenda_of(src: &str) -> Agenda {
    agenda::parse_str(src).unwrap().0
}

pub(super) struct Fixture {
    _tmp: tempfile::TempDir,
    pub(super) data: PathBuf,
    pub(super) agenda_path: PathBuf,
}

pub(super) fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let agenda_path = tmp.path().join("steering-committee.toml");
    fs::write(&agenda_path, AGENDA_SRC).unwrap();
    Fixture {
        _tmp: tmp,
        data,
        agenda_path,
    }
}

impl Fixture {
    pub(super) fn create(&self) -> Session {
        Session::create(&self.data, &self.agenda_path, AGENDA_SRC).unwrap()
    }

    /// A closed session holding `events`; returns its id and journal path.
    fn recorded(&self, events: &[Event]) -> (String, PathBuf) {
        let mut s = self.create();
        for e in events {
            s.record(e).unwrap();
        }
        let id = s.id().to_string();
        let journal = s.dir().join("journal.jsonl");
        (id, journal)
    }
}

#[test]
fn round_trip_of_a_realistic_meeting_with_undos() {
    let (meeting, events) = realistic();
    let f = fixture();
    let (id, _) = f.recorded(&events);
    assert_eq!(id, "2026-04-15-larkspur-sc");
    let (session, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.events().unwrap(), events);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert!(loaded.clean);
    assert_eq!(loaded.meeting, meeting);
    assert_eq!(session.recorded(), events.len());
    // The same minutes as the transcript itself gives.
    let mut from_transcript = Meeting::new(agenda_of(AGENDA_SRC));
    crate::transcript::run(&mut from_transcript, TRANSCRIPT);
    let end = meeting.ended_at().unwrap();
    let plain = drive(agenda_of(AGENDA_SRC), TRANSCRIPT).0;
    assert_eq!(
        crate::minutes::document(
            &plain,
            end,
            crate::minutes::Format::Markdown,
            crate::minutes::Options { private: true }
        ),
        crate::minutes::document(
            &from_transcript,
            end,
            crate::minutes::Format::Markdown,
            crate::minutes::Options { private: true }
        )
    );
}

#[test]
fn torn_tail_at_every_byte_of_the_last_three_records() {
    let (_, events) = realistic();
    let f = fixture();
    let (id, journal) = f.recorded(&events);
    let full = fs::read(&journal).unwrap();
    // Byte offsets where each record's line ends (just past its newline).
    let ends: Vec<usize> = full
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(ends.len(), events.len());
    let from = ends[ends.len() - 4];
    let dir = journal.parent().unwrap().to_path_buf();
    for cut in from..=full.len() {
        let bytes = &full[..cut];
        fs::write(&journal, bytes).unwrap();
        let loaded = load(&f.data, &id).unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
        // Every record whose text is complete before the cut is kept (a record missing only
        // its newline reads whole); nothing after it.
        let complete = ends.iter().filter(|&&end| end - 1 <= cut).count();
        assert_eq!(loaded.recorded, complete, "cut at {cut}");
        assert_eq!(
            loaded.events().unwrap()[..],
            events[..complete],
            "cut at {cut}"
        );
        assert_eq!(loaded.clean, ends.contains(&cut), "cut at {cut}");
        assert_eq!(
            loaded.warnings.is_empty(),
            ends.contains(&cut),
            "cut at {cut}: {:?}",
            loaded.warnings
        );
        // Reading never changed the file.
        assert_eq!(fs::read(&journal).unwrap(), bytes);
    }
    // Resuming a torn journal mends it in place on the next entry (issue 16): the torn
    // bytes are cut off and the entry appended, with no fresh segment rewriting the rest.
    fs::write(&journal, &full[..full.len() - 10]).unwrap();
    let (mut s, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.recorded, events.len() - 1);
    // Opening alone changes nothing.
    assert_eq!(fs::read(&journal).unwrap(), &full[..full.len() - 10]);
    let extra = Event::new(events.last().unwrap().at, EventKind::Undo);
    s.record(&extra).unwrap();
    drop(s);
    assert!(!dir.join("journal.2.jsonl").exists());
    let again = load(&f.data, &id).unwrap();
    assert!(again.warnings.is_empty() && again.clean);
    assert_eq!(
        again.events().unwrap()[..events.len() - 1],
        events[..events.len() - 1]
    );
    assert_eq!(again.events().unwrap().last(), Some(&extra));
    let mut want = full[..ends[ends.len() - 2]].to_vec();
    want.extend_from_slice(journal::encode(&extra).as_bytes());
    assert_eq!(fs::read(&journal).unwrap(), want);
}

#[test]
fn a_damaged_middle_line_stops_replay_there_and_names_it() {
    let (_, events) = realistic();
    let f = fixture();
    let (id, journal) = f.recorded(&events);
    let text = fs::read_to_string(&journal).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[9] = "{\"v\":1,\"event\":{\"at\":\"2026-04-15T16:10:00Z\",\"type\":\"no";
    let damaged = lines.join("\n") + "\n";
    fs::write(&journal, &damaged).unwrap();
    let loaded = load(&f.data, &id).unwrap();
    assert_eq!(loaded.events().unwrap()[..], events[..9]);
    assert_eq!(loaded.damaged_line(), Some(10));
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("line 10 is damaged")),
        "{:?}",
        loaded.warnings
    );
    // Resuming keeps the nine, and the next entry goes to a new segment that reads clean.
    let (mut s, _) = Session::open(&f.data, &id).unwrap();
    s.record(&events[9]).unwrap();
    drop(s);
    let again = load(&f.data, &id).unwrap();
    assert_eq!(again.events().unwrap()[..], events[..10]);
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    assert_eq!(fs::read_to_string(&journal).unwrap(), damaged);
}

impl Loaded {
    fn damaged_line(&self) -> Option<usize> {
        self.warnings.iter().find_map(|w| {
            let rest = w.split("line ").nth(1)?;
            rest.contains("is damaged")
                .then(|| rest.split_whitespace().next()?.parse().ok())?
        })
    }
}

#[test]
fn a_newer_journal_is_refused_and_left_alone() {
    let (_, events) = realistic();
    let f = fixture();
    let (id, journal) = f.recorded(&events[..5]);
    let mut bytes = fs::read(&journal).unwrap();
    bytes.extend_from_slice(
        b"{\"v\":2,\"event\":{\"at\":\"2026-04-15T16:10:00Z\",\"type\":\"hologram\"}}\n",
    );
    fs::write(&journal, &bytes).unwrap();
    let err = load(&f.data, &id).unwrap_err();
    match &err {
        SessionError::Input(m) => {
            assert!(m.contains("line 6") && m.contains("newer gavel"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    let err = Session::open(&f.data, &id).unwrap_err();
    assert!(err.to_string().contains("newer gavel"), "{err}");
    assert_eq!(fs::read(&journal).unwrap(), bytes);
    assert_eq!(
        journal::newest_segment(journal.parent().unwrap())
            .unwrap()
            .unwrap()
            .0,
        1
    );
}

#[test]
fn a_changed_agenda_file_does_not_change_the_session() {
    let f = fixture();
    let s = f.create();
    let id = s.id().to_string();
    drop(s);
    let changed = AGENDA_SRC.replace(
        "Larkspur Project Steering Committee",
        "Something Else Entirely",
    );
    assert_ne!(changed, AGENDA_SRC);
    fs::write(&f.agenda_path, changed).unwrap();
    let (_, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(
        loaded.agenda.meeting.title,
        "Larkspur Project Steering Committee"
    );
    // And it is still found as the unfinished session of that agenda file.
    assert_eq!(find_unfinished(&f.data, &f.agenda_path).unwrap().id, id);
}

#[test]
fn a_held_lock_is_refused_with_the_pid_and_a_stale_one_is_taken_over() {
    let f = fixture();
    let s = f.create();
    let id = s.id().to_string();
    let err = Session::open(&f.data, &id).unwrap_err();
    match &err {
        SessionError::Locked(m) => {
            assert!(m.contains(&format!("pid {}", std::process::id())), "{m}");
            assert!(m.contains(&id), "{m}");
        }
        other => panic!("{other:?}"),
    }
    drop(s);
    // A lock file left by a process that is gone.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let lock_path = f.data.join("sessions").join(&id).join("lock");
    fs::write(
        &lock_path,
        format!(
            "{{\"pid\":{dead},\"host\":\"{}\",\"since\":\"x\"}}\n",
            lock::hostname()
        ),
    )
    .unwrap();
    let (s, _) = Session::open(&f.data, &id).unwrap();
    let holder: Holder = serde_json::from_str(&fs::read_to_string(&lock_path).unwrap()).unwrap();
    assert_eq!(holder.pid, std::process::id());
    drop(s);
}

#[cfg(unix)]
#[test]
fn everything_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_, events) = realistic();
    let f = fixture();
    let mut s = f.create();
    s.record(&events[0]).unwrap();
    s.save_draft("half a thou").unwrap();
    s.fail_writes = 1;
    assert!(s.record(&events[1]).is_err());
    s.retry().unwrap();
    let note = write_crash_note(s.dir(), "boom").unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&f.data), 0o700);
    assert_eq!(mode(&f.data.join("sessions")), 0o700);
    assert_eq!(mode(s.dir()), 0o700);
    let mut files = 0;
    for entry in fs::read_dir(s.dir()).unwrap() {
        let p = entry.unwrap().path();
        assert_eq!(mode(&p), 0o600, "{}", p.display());
        files += 1;
    }
    // agenda, meta, two journal segments, draft and its count, lock, crash note.
    assert_eq!(files, 8);
    assert!(fs::read_to_string(note).unwrap().contains("boom"));
}

#[test]
fn a_failed_write_keeps_the_event_and_the_retry_writes_everything_anew() {
    let (meeting, events) = realistic();
    let f = fixture();
    let mut s = f.create();
    let id = s.id().to_string();
    let (a, rest) = events.split_at(20);
    for e in a {
        s.record(e).unwrap();
    }
    // The fsync of the 21st fails; then writing the fresh segment fails too (disk still full).
    s.fail_writes = 2;
    assert!(s.record(&rest[0]).is_err());
    assert_eq!(s.pending(), 1);
    assert!(s.last_error().unwrap().contains("kept in memory"));
    assert!(s.record(&rest[1]).is_err());
    assert_eq!(s.pending(), 2);
    // The disk is back: the next entry writes a fresh segment holding all of them.
    s.record(&rest[2]).unwrap();
    assert_eq!(s.pending(), 0);
    assert!(s.last_error().is_none());
    for e in &rest[3..] {
        s.record(e).unwrap();
    }
    drop(s);
    let dir = f.data.join("sessions").join(&id);
    assert!(dir.join("journal.2.jsonl").exists());
    assert!(!dir.join("journal.3.jsonl").exists());
    let loaded = load(&f.data, &id).unwrap();
    assert_eq!(loaded.events().unwrap(), events);
    assert_eq!(loaded.meeting, meeting);
    assert!(loaded.warnings.is_empty());
    // The first segment holds what was written before the failure (the 21st line may be in
    // it but is not trusted); it is not the one read.
    let first = fs::read_to_string(dir.join("journal.jsonl")).unwrap();
    assert!(first.lines().count() >= 20);
}

/// Issue 30: a group commit. Held events are pending and not in the journal; one commit
/// writes them all (one write, one fsync) and they read back in order after the ones
/// recorded alone.
#[test]
fn held_events_reach_the_journal_together_at_the_commit() {
    let (meeting, events) = realistic();
    let f = fixture();
    let mut s = f.create();
    let id = s.id().to_string();
    let journal = s.dir().join("journal.jsonl");
    let (alone, grouped) = events.split_at(10);
    for e in alone {
        s.record(e).unwrap();
    }
    let written = fs::read(&journal).unwrap();
    for e in grouped {
        s.keep(e);
    }
    assert_eq!(s.pending(), grouped.len());
    assert_eq!(
        fs::read(&journal).unwrap(),
        written,
        "nothing written before the commit"
    );
    s.write_pending().unwrap();
    assert_eq!(s.pending(), 0);
    drop(s);
    let loaded = load(&f.data, &id).unwrap();
    assert_eq!(loaded.events().unwrap(), events);
    assert_eq!(loaded.meeting, meeting);
}

/// A commit that fails keeps what was held pending, and the next commit writes it.
#[test]
fn a_failed_commit_keeps_the_held_events_for_the_next() {
    let (_, events) = realistic();
    let f = fixture();
    let mut s = f.create();
    let id = s.id().to_string();
    for e in &events[..5] {
        s.keep(e);
    }
    s.fail_writes = 1;
    assert!(s.write_pending().is_err());
    assert_eq!(s.pending(), 5);
    for e in &events[5..] {
        s.keep(e);
    }
    s.write_pending().unwrap();
    assert_eq!(s.pending(), 0);
    drop(s);
    assert_eq!(load(&f.data, &id).unwrap().events().unwrap(), events);
}

/// Issue 25, item 8: a host with a 750 KiB journal and 400 KiB freed stayed stuck, because
/// a failed write made the session rewrite everything into a fresh segment. Now a full disk
/// (ENOSPC, injected: the disk takes what fits and leaves a torn tail) is mended in place:
/// the torn bytes are cut and the pending events appended, needing room for them alone.
#[test]
fn a_full_disk_is_mended_in_place_with_room_for_the_pending_events_alone() {
    let (meeting, events) = realistic();
    let f = fixture();
    let mut s = f.create();
    let id = s.id().to_string();
    let journal = s.dir().join("journal.jsonl");
    let (a, rest) = events.split_at(20);
    for e in a {
        s.record(e).unwrap();
    }
    let good = fs::read(&journal).unwrap();
    // The disk fills up: the 21st fits only in part (a torn tail), the 22nd and 23rd not at
    // all, and retries keep failing.
    s.space = Some(7);
    for (k, e) in rest[..3].iter().enumerate() {
        let err = s.record(e).unwrap_err();
        assert!(crate::recorder::out_of_space(&err), "{err}");
        assert_eq!(s.pending(), k + 1);
    }
    assert!(s.retry().is_err());
    assert_eq!(s.pending(), 3);
    assert!(s.last_error().unwrap().contains("3 entries kept in memory"));
    let on_disk = fs::read(&journal).unwrap();
    assert_eq!(on_disk.len(), good.len() + 7, "a torn tail of 7 bytes");
    // Room for the three pending lines and a few bytes more, far less than the journal: the
    // retry cuts the torn bytes and appends the three there.
    let pending = journal::encode_all(&rest[..3]);
    assert!(pending.len() * 3 < good.len(), "the journal is the bigger");
    s.space = Some(pending.len() as u64 - 7 + 16);
    s.retry().unwrap();
    assert_eq!(s.pending(), 0);
    assert!(s.last_error().is_none());
    let mut want = good.clone();
    want.extend_from_slice(&pending);
    assert_eq!(fs::read(&journal).unwrap(), want);
    // The next entries are appended as usual once there is room.
    s.space = None;
    for e in &rest[3..] {
        s.record(e).unwrap();
    }
    drop(s);
    let dir = f.data.join("sessions").join(&id);
    assert!(!dir.join("journal.2.jsonl").exists(), "no fresh segment");
    let loaded = load(&f.data, &id).unwrap();
    assert!(
        loaded.warnings.is_empty() && loaded.clean,
        "{:?}",
        loaded.warnings
    );
    // Every event exactly once, in order.
    assert_eq!(loaded.events().unwrap(), events);
    assert_eq!(loaded.meeting, meeting);
}

/// A full disk while a torn tail found at open waits to be mended: the mend and the pending
/// entries wait for room together, and then need room for the entries alone.
#[test]
fn a_full_disk_while_mending_a_torn_tail_waits_and_then_mends_in_place() {
    let (_, events) = realistic();
    let f = fixture();
    let (id, journal) = f.recorded(&events[..10]);
    let full = fs::read(&journal).unwrap();
    fs::write(&journal, &full[..full.len() - 5]).unwrap();
    let (mut s, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.recorded, 9);
    s.space = Some(0);
    assert!(s.record(&events[9]).is_err());
    assert!(s.record(&events[10]).is_err());
    // Cutting the torn tail freed its bytes: one more byte than that is not enough.
    let pending = journal::encode_all(&events[9..11]);
    let torn = (full.len() - 5) - (full.len() - journal::encode(&events[9]).len());
    s.space = Some(pending.len() as u64 - torn as u64 - 1);
    assert!(s.retry().is_err());
    assert_eq!(s.pending(), 2);
    s.space = Some(pending.len() as u64 + 1);
    s.retry().unwrap();
    drop(s);
    assert!(!journal.with_file_name("journal.2.jsonl").exists());
    let again = load(&f.data, &id).unwrap();
    assert!(
        again.warnings.is_empty() && again.clean,
        "{:?}",
        again.warnings
    );
    assert_eq!(again.events().unwrap(), events[..11]);
}

/// A segment cut shorter than its good end (by someone else) is not appended to in place,
/// and no fresh segment holding fewer events than were recorded is written either.
#[test]
fn a_segment_cut_shorter_than_its_good_end_is_not_appended_to() {
    let (_, events) = realistic();
    let f = fixture();
    let mut s = f.create();
    let id = s.id().to_string();
    let journal = s.dir().join("journal.jsonl");
    for e in &events[..5] {
        s.record(e).unwrap();
    }
    s.space = Some(0);
    assert!(s.record(&events[5]).is_err());
    let len = fs::metadata(&journal).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(&journal)
        .unwrap()
        .set_len(len - 3)
        .unwrap();
    s.space = None;
    // In place is refused (shorter than its good end); a fresh segment would hold 4 of
    // the 5 recorded events, so it is refused too.
    let err = s.retry().unwrap_err();
    assert!(
        err.to_string().contains("fewer than the 5 recorded"),
        "{err}"
    );
    assert_eq!(s.pending(), 1);
    drop(s);
    assert!(!journal.with_file_name("journal.2.jsonl").exists());
    assert_eq!(fs::metadata(&journal).unwrap().len(), len - 3);
    assert_eq!(load(&f.data, &id).unwrap().recorded, 4);
}

#[test]
fn retry_without_a_new_event() {
    let (_, events) = realistic();
    let f = fixture();
    let mut s = f.create();
    s.fail_writes = 1;
    assert!(s.record(&events[0]).is_err());
    s.retry().unwrap();
    assert_eq!(s.pending(), 0);
    s.retry().unwrap();
    let id = s.id().to_string();
    drop(s);
    assert_eq!(load(&f.data, &id).unwrap().events().unwrap(), events[..1]);
}

#[test]
fn drafts_are_saved_and_restored() {
    let f = fixture();
    let mut s = f.create();
    s.save_draft("/action Kwame: set up secu").unwrap();
    s.save_draft("/action Kwame: set up security@").unwrap();
    let id = s.id().to_string();
    drop(s);
    let (_, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.draft, "/action Kwame: set up security@");
}

#[test]
fn ids_are_unique_and_listing_puts_unfinished_first() {
    let (_, events) = realistic();
    let f = fixture();
    let (ended, _) = f.recorded(&events);
    let (open, _) = f.recorded(&events[..10]);
    assert_eq!(ended, "2026-04-15-larkspur-sc");
    assert_eq!(open, "2026-04-15-larkspur-sc-2");
    let list = list(&f.data).unwrap();
    let ids: Vec<(&str, State)> = list.iter().map(|s| (s.id.as_str(), s.state)).collect();
    assert_eq!(
        ids,
        vec![
            (open.as_str(), State::Unfinished),
            (ended.as_str(), State::Ended)
        ]
    );
    assert_eq!(list[0].entries, 10);
    assert_eq!(list[1].date, NaiveDate::from_ymd_opt(2026, 4, 15));
    assert_eq!(list[0].agenda_path, canonical_string(&f.agenda_path));
    assert_eq!(find_unfinished(&f.data, &f.agenda_path).unwrap().id, open);
    let other = f.agenda_path.with_file_name("other.toml");
    fs::write(&other, AGENDA_SRC).unwrap();
    assert!(find_unfinished(&f.data, &other).is_none());
}

#[test]
fn slugs_and_ids() {
    assert_eq!(slug("Widget SC / 2026!"), "widget-sc-2026");
    assert_eq!(slug("ünïcode"), "n-code");
    assert_eq!(slug("---"), "");
    assert!(is_valid_id("2026-03-04-widget-sc-2"));
    assert!(!is_valid_id("../etc"));
    assert!(!is_valid_id(".hidden"));
    assert!(!is_valid_id("a/b"));
    assert!(!is_valid_id(""));
}

#[test]
fn unknown_sessions_are_bad_input() {
    let f = fixture();
    assert!(matches!(
        Session::open(&f.data, "nope"),
        Err(SessionError::Input(_))
    ));
    assert!(matches!(
        Session::open(&f.data, "../data"),
        Err(SessionError::Input(_))
    ));
    assert!(list(&f.data).unwrap().is_empty());
}

/// Issue 16, item 15: `gavel run` reads an agenda's sessions once, and resumes from that read
/// when nothing changed once the lock is held; a journal or draft written in between is read
/// again. The ended session is found in the same pass.
#[test]
fn of_agenda_reads_once_and_resume_reads_again_only_what_changed() {
    let (_, events) = realistic();
    let f = fixture();
    let (ended, _) = f.recorded(&events);
    let end = events
        .iter()
        .position(|e| e.kind == EventKind::End)
        .unwrap();
    let (open, journal) = f.recorded(&events[..end]);
    let found = of_agenda(&f.data, &f.agenda_path);
    let (info, read) = found.unfinished.unwrap();
    assert_eq!(info.id, open);
    assert_eq!(found.ended.unwrap().0.id, ended);
    assert_eq!(read.recorded, end);
    // Unchanged: the read is used as it is.
    let (s, loaded) = Session::resume(&f.data, &open, read.clone()).unwrap();
    assert_eq!(loaded.recorded, end);
    assert_eq!(loaded.meeting, read.meeting);
    drop(s);
    // A line appended after the read: read again.
    let mut j = fs::OpenOptions::new().append(true).open(&journal).unwrap();
    j.write_all(journal::encode(&events[end]).as_bytes())
        .unwrap();
    drop(j);
    let (s, loaded) = Session::resume(&f.data, &open, read.clone()).unwrap();
    assert_eq!(loaded.recorded, end + 1);
    assert_eq!(loaded.meeting.phase(), Phase::Ended);
    drop(s);
    // A draft saved after the read: read again, and the draft is there.
    let read = load(&f.data, &open).unwrap();
    fs::write(
        f.data.join("sessions").join(&open).join(DRAFT),
        "half a line",
    )
    .unwrap();
    let (_, loaded) = Session::resume(&f.data, &open, read).unwrap();
    assert_eq!(loaded.draft, "half a line");
}

/// Issue 30 target 4: a new session does not wait for the disk before the first frame. Its
/// files are written whole but synced only by the first write (`settle`), which comes before
/// any event reaches the journal; when it fails, the event is kept pending and the next
/// write settles the session and writes it.
#[test]
fn a_new_session_is_settled_before_its_first_event() {
    let (_, events) = realistic();
    let f = fixture();
    let mut s = f.create();
    let id = s.id().to_string();
    assert!(!s.settled(), "nothing waited for at the start");
    for name in [AGENDA, META, "journal.jsonl"] {
        assert!(s.dir().join(name).is_file(), "{name} written at the start");
    }
    // The settle fails (a file it must sync is gone): the event stays pending.
    let agenda = s.dir().join(AGENDA);
    let text = fs::read(&agenda).unwrap();
    fs::remove_file(&agenda).unwrap();
    assert!(s.record(&events[0]).is_err());
    assert_eq!(s.pending(), 1);
    assert!(!s.settled());
    assert!(s.last_error().unwrap().contains("new session"));
    fs::write(&agenda, text).unwrap();
    s.write_pending().unwrap();
    assert!(s.settled());
    assert_eq!(s.pending(), 0);
    for e in &events[1..] {
        s.record(e).unwrap();
    }
    drop(s);
    assert_eq!(load(&f.data, &id).unwrap().events().unwrap(), events);
}

/// A tester exported `journal.jsonl` of a session that had gone on in a fresh segment
/// after a disk failure, and got minutes without the later entries and no word. Naming an
/// older segment now exports the newest, which holds every event, and says so.
#[test]
fn exporting_an_older_segment_gives_the_whole_session_and_says_so() {
    let (meeting, events) = realistic();
    let f = fixture();
    let mut s = f.create();
    s.record(&events[0]).unwrap();
    s.fail_writes = 1;
    assert!(s.record(&events[1]).is_err());
    s.retry().unwrap();
    for e in &events[2..] {
        s.record(e).unwrap();
    }
    let old = s.dir().join("journal.jsonl");
    assert!(
        s.dir().join(journal::segment_name(2)).is_file(),
        "a fresh segment"
    );
    drop(s);
    let loaded = load_journal_file(&old).unwrap();
    assert_eq!(loaded.events().unwrap(), events);
    assert_eq!(loaded.meeting, meeting);
    assert!(
        loaded.warnings[0].contains("older segment"),
        "{:?}",
        loaded.warnings
    );
}
