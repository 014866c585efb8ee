//! Issue 16: a kill between the journal's fsync and clearing the draft must not double an
//! entry (item 4); the journal is read as a stream, a torn tail is repaired by truncating,
//! and an invalid UTF-8 byte loses only its own line (item 15).

use super::*;
use crate::meeting::EventKind;
use chrono::TimeZone;

const AGENDA_SRC: &str = include_str!("../../agendas/steering-committee.toml");

struct Fixture {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    agenda_path: PathBuf,
}

fn fixture() -> Fixture {
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
    fn create(&self) -> Session {
        Session::create(&self.data, &self.agenda_path, AGENDA_SRC).unwrap()
    }
}

fn at(min: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 15, 18, min, 0).unwrap()
}

fn note(min: u32, text: &str) -> Event {
    Event::new(
        at(min),
        EventKind::Note {
            text: text.into(),
            private: false,
        },
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
        EventKind::Outcome {
            text: "Agreed to ship".into(),
            private: false,
        },
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
