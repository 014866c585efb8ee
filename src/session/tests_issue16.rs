//! Issue 16: a kill between the journal's fsync and clearing the draft must not double an
//! entry (item 4); the journal is read as a stream, a torn tail is repaired by truncating,
//! and an invalid UTF-8 byte loses only its own line (item 15).

use super::*;
use crate::meeting::EventKind;
use chrono::TimeZone;

use super::tests::{fixture, Fixture};

fn at(min: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 15, 18, min, 0).unwrap()
}

fn note(min: u32, text: &str) -> Event {
    Event::new(
        at(min),
        EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
            text: text.into(),
            private: false,
        })),
    )
}

#[test]
fn a_draft_already_recorded_after_it_was_saved_is_not_restored() {
    let f = fixture();
    let mut s = f.create();
    s.record(&Event::new(at(0), EventKind::Start)).unwrap();
    s.save_draft("the vendor signed").unwrap();
    // Enter: the entry reaches the journal, then gavel is killed before the draft is cleared.
    s.record(&note(1, "the vendor signed")).unwrap();
    let id = s.id().to_string();
    drop(s);
    let (_, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.draft, "");
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("\"the vendor signed\", is already recorded (journal line 2)")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn a_command_draft_already_recorded_is_not_restored_either() {
    let f = fixture();
    let mut s = f.create();
    s.record(&Event::new(at(0), EventKind::Start)).unwrap();
    s.save_draft("/outcome Agreed to ship").unwrap();
    s.record(&Event::new(
        at(1),
        EventKind::Capture(crate::meeting::Capture::Outcome(crate::meeting::Outcome {
            text: "Agreed to ship".into(),
            private: false,
        })),
    ))
    .unwrap();
    let id = s.id().to_string();
    drop(s);
    let (_, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.draft, "");
}

#[test]
fn a_draft_typed_again_on_purpose_after_the_same_entry_is_restored() {
    let f = fixture();
    let mut s = f.create();
    s.record(&Event::new(at(0), EventKind::Start)).unwrap();
    s.record(&note(1, "same words")).unwrap();
    // Typed again later, saved as a draft, not entered yet.
    s.save_draft("same words").unwrap();
    let id = s.id().to_string();
    drop(s);
    let (_, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.draft, "same words");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn a_draft_followed_by_a_different_entry_is_restored() {
    let f = fixture();
    let mut s = f.create();
    s.record(&Event::new(at(0), EventKind::Start)).unwrap();
    s.save_draft("half a tho").unwrap();
    s.record(&note(1, "something else")).unwrap();
    let id = s.id().to_string();
    drop(s);
    let (_, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.draft, "half a tho");
}

fn journal_of(f: &Fixture, id: &str) -> PathBuf {
    f.data.join("sessions").join(id).join("journal.jsonl")
}

/// A closed session with a start and `n` notes.
fn recorded(f: &Fixture, n: u32) -> (String, Vec<Event>) {
    let mut s = f.create();
    let mut events = vec![Event::new(at(0), EventKind::Start)];
    events.extend((1..=n).map(|i| note(i, &format!("note {i}"))));
    for e in &events {
        s.record(e).unwrap();
    }
    (s.id().to_string(), events)
}

#[test]
fn the_streaming_reader_reads_line_by_line_through_a_small_buffer() {
    let events: Vec<Event> = (0..50).map(|i| note(i % 60, &format!("n{i}"))).collect();
    let bytes = journal::encode_all(&events);
    // A 7-byte buffer: every line arrives in pieces.
    let read = journal::read_from(io::BufReader::with_capacity(7, &bytes[..])).unwrap();
    assert_eq!(read.events, events);
    assert!(read.clean && read.warnings.is_empty() && read.repair.is_none());
    assert_eq!(journal::read(&bytes).unwrap().events, events);
}

#[test]
fn a_torn_tail_is_cut_off_in_place_and_the_next_entry_appended() {
    let f = fixture();
    let (id, events) = recorded(&f, 5);
    let path = journal_of(&f, &id);
    let full = fs::read(&path).unwrap();
    let torn = full.len() - 7;
    fs::write(&path, &full[..torn]).unwrap();
    let (mut s, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.events().unwrap()[..], events[..5]);
    let keep = full[..torn].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    assert_eq!(
        loaded.repair,
        Some(journal::Repair {
            keep: keep as u64,
            add_newline: false
        })
    );
    let extra = note(9, "after the crash");
    s.record(&extra).unwrap();
    drop(s);
    let mut want = full[..keep].to_vec();
    want.extend_from_slice(journal::encode(&extra).as_bytes());
    assert_eq!(fs::read(&path).unwrap(), want);
    let again = load(&f.data, &id).unwrap();
    assert!(
        again.clean && again.warnings.is_empty(),
        "{:?}",
        again.warnings
    );
    assert_eq!(again.recorded, 6);
}

#[test]
fn a_last_line_missing_only_its_line_end_gets_one() {
    let f = fixture();
    let (id, events) = recorded(&f, 3);
    let path = journal_of(&f, &id);
    let full = fs::read(&path).unwrap();
    fs::write(&path, &full[..full.len() - 1]).unwrap();
    let (mut s, loaded) = Session::open(&f.data, &id).unwrap();
    assert_eq!(loaded.events().unwrap(), events);
    let extra = note(9, "next");
    s.record(&extra).unwrap();
    drop(s);
    let mut want = full.clone();
    want.extend_from_slice(journal::encode(&extra).as_bytes());
    assert_eq!(fs::read(&path).unwrap(), want);
}

#[test]
fn an_invalid_utf8_byte_loses_no_later_entry_and_names_its_line() {
    let f = fixture();
    let (id, events) = recorded(&f, 6);
    let path = journal_of(&f, &id);
    let mut bytes = fs::read(&path).unwrap();
    // Line 3 is "note 2": flip one byte of its text into an invalid UTF-8 byte.
    let line3 = bytes
        .split(|&b| b == b'\n')
        .take(2)
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let text_at = line3 + find(&bytes[line3..], b"note 2");
    bytes[text_at] = 0xff;
    fs::write(&path, &bytes).unwrap();
    let loaded = load(&f.data, &id).unwrap();
    assert_eq!(loaded.recorded, events.len(), "{:?}", loaded.warnings);
    assert_eq!(loaded.events().unwrap()[3..], events[3..]);
    assert_eq!(
        loaded.events().unwrap()[2].kind,
        EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
            text: "\u{FFFD}ote 2".into(),
            private: false
        }))
    );
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("line 3 holds bytes that are not UTF-8")),
        "{:?}",
        loaded.warnings
    );
    // Export sees the later entries too.
    let minutes = crate::minutes::document(
        &loaded.meeting,
        loaded.meeting.minutes_time(),
        crate::minutes::Format::Markdown,
        crate::minutes::Options { private: false },
    );
    assert!(minutes.contains("note 6"), "{minutes}");
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).position(|w| w == needle).unwrap()
}
