//! The host's rules at engine level: no network, a clerk in memory.

use super::*;
use crate::meeting::Capture;
use crate::minutes::{Format, Options};
use crate::recorder::MemoryRecorder;
use crate::share::replica::Replica;
use chrono::TimeZone;

const AGENDA: &str = include_str!("../../../agendas/steering-committee.toml");

fn at(min: i64) -> DateTime<Utc> {
    let (agenda, _) = crate::agenda::parse_str(AGENDA).unwrap();
    let start = agenda
        .meeting
        .timezone
        .to_utc(agenda.meeting.date.and_time(agenda.meeting.start));
    start + chrono::Duration::minutes(min)
}

fn host() -> Clerk {
    let (agenda, _) = crate::agenda::parse_str(AGENDA).unwrap();
    let mut clerk = Clerk::new(
        crate::meeting::Meeting::new(agenda),
        Box::new(MemoryRecorder::default()),
    );
    clerk.keep_log(Vec::new());
    clerk
}

fn sender(id: &str, name: &str, role: Role) -> Sender {
    Sender {
        participant: id.into(),
        name: name.into(),
        role,
    }
}

fn note(text: &str, item: Option<usize>) -> Event {
    let mut e = Event::new(
        Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap(),
        EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
            text: text.into(),
            private: false,
        })),
    );
    e.by = Some(Author {
        participant: String::new(),
        name: String::new(),
        seq: 0,
        item,
        attendee: false,
    });
    e
}

fn started() -> (Clerk, Sequencer<u32>) {
    let mut clerk = host();
    clerk
        .record(
            Event::new(at(0), EventKind::Start),
            crate::clerk::Origin::Here,
        )
        .unwrap();
    let seq = Sequencer::new("s1", &clerk);
    (clerk, seq)
}

fn minutes(meeting: &crate::meeting::Meeting) -> String {
    crate::minutes::document(meeting, at(90), Format::Json, Options::default())
}

#[test]
fn a_command_sent_twice_is_applied_once() {
    let (mut clerk, mut seq) = started();
    let ana = sender("a", "Ana", Role::Scribe);
    assert_eq!(
        seq.command(&mut clerk, 1, &ana, 1, note("first", None), at(1)),
        None
    );
    // Sent again before the first copy went out: answered after the first copy's
    // acknowledgement, never before it.
    let again = seq.command(&mut clerk, 1, &ana, 1, note("first", None), at(2));
    assert_eq!(again, None);
    let acks: Vec<_> = seq.flush(&clerk).acks.into_iter().map(|(_, a)| a).collect();
    assert_eq!(
        acks,
        [
            ToParticipant::Ack { seq: 1, n: Some(1) },
            ToParticipant::Ack { seq: 1, n: None }
        ]
    );
    // Once it went out, a copy is answered at once.
    let late = seq.command(&mut clerk, 1, &ana, 1, note("first", None), at(2));
    assert_eq!(late, Some(ToParticipant::Ack { seq: 1, n: None }));
    assert_eq!(clerk.log().len(), 2);
    // After a restart of the host, the journal still knows what was recorded.
    let restarted: Sequencer<u32> = Sequencer::new("s1", &clerk);
    let mut restarted = restarted;
    let third = restarted.command(&mut clerk, 2, &ana, 1, note("first", None), at(3));
    assert_eq!(third, Some(ToParticipant::Ack { seq: 1, n: None }));
    assert_eq!(clerk.log().len(), 2);
}

#[test]
fn commands_from_two_scribes_give_the_same_record_in_either_order() {
    let run = |first: (&str, &str), second: (&str, &str)| {
        let (mut clerk, mut seq) = started();
        for (id, text) in [first, second] {
            let who = sender(id, id, Role::Scribe);
            seq.command(&mut clerk, 1, &who, 1, note(text, Some(0)), at(1));
        }
        clerk.meeting().items()[0].entries.len()
    };
    assert_eq!(run(("a", "one"), ("b", "two")), 2);
    assert_eq!(run(("b", "two"), ("a", "one")), 2);
    // The same command (by content) from two people is two entries: each said it.
    let (mut clerk, mut seq) = started();
    for id in ["a", "b"] {
        seq.command(
            &mut clerk,
            1,
            &sender(id, id, Role::Scribe),
            1,
            note("same", Some(0)),
            at(1),
        );
    }
    let by: Vec<_> = clerk.meeting().items()[0]
        .entries
        .iter()
        .map(|e| e.by.as_deref().cloned())
        .collect();
    assert_eq!(by, [Some("a".to_string()), Some("b".to_string())]);
}

#[test]
fn roles_are_enforced_by_the_host() {
    let (mut clerk, mut seq) = started();
    let scribe = sender("s", "Sam", Role::Scribe);
    let viewer = sender("v", "Vic", Role::Viewer);
    let next = Event::new(at(1), EventKind::Next);
    let refused = seq.command(&mut clerk, 1, &scribe, 1, next.clone(), at(1));
    assert!(
        matches!(refused, Some(ToParticipant::Refused { seq: 1, ref reason }) if reason.contains("/next"))
    );
    let refused = seq.command(&mut clerk, 2, &viewer, 1, note("x", None), at(1));
    assert!(matches!(refused, Some(ToParticipant::Refused { .. })));
    assert_eq!(clerk.log().len(), 1, "nothing but the start");
    let chair = sender("c", "Cho", Role::Chair);
    assert_eq!(seq.command(&mut clerk, 3, &chair, 1, next, at(1)), None);
    assert_eq!(clerk.meeting().current(), Some(1));
}

#[test]
fn a_scribe_undoes_only_their_own_last_change() {
    let (mut clerk, mut seq) = started();
    let a = sender("a", "Ana", Role::Scribe);
    let b = sender("b", "Ben", Role::Scribe);
    seq.command(&mut clerk, 1, &a, 1, note("mine", None), at(1));
    let undo = Event::new(at(2), EventKind::Undo);
    let refused = seq.command(&mut clerk, 2, &b, 1, undo.clone(), at(2));
    assert!(matches!(refused, Some(ToParticipant::Refused { .. })));
    assert_eq!(seq.command(&mut clerk, 1, &a, 2, undo, at(2)), None);
    assert!(clerk.meeting().items()[0].entries.is_empty());
}

#[test]
fn a_note_lands_on_the_item_the_scribe_was_looking_at() {
    let (mut clerk, mut seq) = started();
    let chair = sender("c", "Cho", Role::Chair);
    let scribe = sender("s", "Sam", Role::Scribe);
    seq.command(
        &mut clerk,
        1,
        &chair,
        1,
        Event::new(at(1), EventKind::Next),
        at(1),
    );
    // Typed while item 1 was on the scribe's screen; arrives after the chair moved on.
    seq.command(
        &mut clerk,
        2,
        &scribe,
        1,
        note("late word on item one", Some(0)),
        at(1),
    );
    let m = clerk.meeting();
    assert_eq!(m.current(), Some(1));
    assert_eq!(m.items()[0].entries.len(), 1);
    assert!(m.items()[1].entries.is_empty());
}

#[test]
fn acknowledgements_and_events_wait_for_the_disk() {
    let (agenda, _) = crate::agenda::parse_str(AGENDA).unwrap();
    let recorder = MemoryRecorder {
        fail_with: Some(std::io::ErrorKind::StorageFull),
        ..MemoryRecorder::default()
    };
    let mut clerk = Clerk::new(crate::meeting::Meeting::new(agenda), Box::new(recorder));
    clerk.keep_log(Vec::new());
    let mut seq: Sequencer<u32> = Sequencer::new("s1", &clerk);
    let chair = sender("c", "Cho", Role::Chair);
    assert_eq!(
        seq.command(
            &mut clerk,
            1,
            &chair,
            1,
            Event::new(at(0), EventKind::Start),
            at(0)
        ),
        None
    );
    let out = seq.flush(&clerk);
    assert!(
        out.acks.is_empty() && out.events.is_empty(),
        "nothing is said before it is on disk"
    );
}

#[test]
fn hostile_text_is_cleaned_and_the_host_stamps_its_own_time() {
    let (mut clerk, mut seq) = started();
    let who = sender("a", "Ana\u{1b}]0;owned\u{7}", Role::Scribe);
    seq.command(
        &mut clerk,
        1,
        &who,
        1,
        note("bell\u{7} and \u{202e}flip", None),
        at(5),
    );
    let e = clerk.log().last().unwrap();
    assert_eq!(
        e.at,
        at(5),
        "the participant's clock (year 2000) is not trusted"
    );
    let text = serde_json::to_string(e).unwrap();
    assert!(
        !text.contains("\\u0007") && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(!e.by.as_ref().unwrap().name.contains('\u{1b}'));
}

#[test]
fn viewers_never_see_private_text_and_nobody_sees_ids() {
    let (mut clerk, mut seq) = started();
    clerk
        .record(
            Event::new(
                at(1),
                EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
                    text: "secret salary figure".into(),
                    private: true,
                })),
            ),
            crate::clerk::Origin::Here,
        )
        .unwrap();
    seq.command(
        &mut clerk,
        1,
        &sender("a", "Ana", Role::Scribe),
        1,
        note("public", None),
        at(2),
    );
    let out = seq.flush(&clerk);
    assert_eq!(out.acks.len(), 1);
    for (n, e) in &out.events {
        let viewer = serde_json::to_string(&for_role(
            e,
            Role::Viewer,
            clerk.touched_private(*n as usize),
        ))
        .unwrap();
        assert!(!viewer.contains("secret"), "{viewer}");
        assert!(!viewer.contains("\"participant\":\"a\""), "{viewer}");
    }
    let welcome = seq.welcome(&clerk, AGENDA, &sender("v", "Vic", Role::Viewer), None, 0);
    assert!(!serde_json::to_string(&welcome).unwrap().contains("secret"));
}

#[test]
fn a_replica_fed_by_the_host_has_the_hosts_minutes() {
    let (mut clerk, mut seq) = started();
    let scribe = sender("s", "Sam", Role::Scribe);
    let chair = sender("c", "Cho", Role::Chair);
    let welcome = seq.welcome(&clerk, AGENDA, &scribe, None, 0);
    let mut replica = Replica::from_welcome(&welcome).unwrap();
    seq.command(&mut clerk, 1, &scribe, 1, note("alpha", Some(0)), at(1));
    seq.command(
        &mut clerk,
        2,
        &chair,
        1,
        Event::new(at(2), EventKind::Next),
        at(2),
    );
    seq.command(&mut clerk, 1, &scribe, 2, note("beta", Some(0)), at(3));
    clerk
        .record(
            Event::new(at(4), EventKind::End),
            crate::clerk::Origin::Here,
        )
        .unwrap();
    for (n, event) in seq.flush(&clerk).events {
        replica.receive(ToParticipant::Event {
            n,
            event: for_role(&event, Role::Scribe, clerk.touched_private(n as usize)),
        });
    }
    assert_eq!(replica.diverged, 0);
    assert_eq!(
        minutes(replica.confirmed().expect("held")),
        minutes(clerk.meeting())
    );
    assert!(minutes(clerk.meeting()).contains("\"by\": \"Sam\""));
    // Reconnecting with what it has: only what it missed, and nothing twice.
    let later = seq.welcome(&clerk, AGENDA, &scribe, Some("s1"), replica.count());
    assert!(
        matches!(&later, ToParticipant::Welcome { agenda: None, events, last_seq: 2, .. } if events.is_empty())
    );
    // Another session (the host started over): the whole meeting again.
    let other = seq.welcome(&clerk, AGENDA, &scribe, Some("old"), 3);
    assert!(matches!(
        &other,
        ToParticipant::Welcome {
            agenda: Some(_),
            from: 0,
            ..
        }
    ));
}

#[test]
fn who_sent_a_note_survives_the_way_a_resume_applies_it() {
    let (mut clerk, mut seq) = started();
    let ana = sender("a", "Ana", Role::Scribe);
    seq.command(
        &mut clerk,
        1,
        &ana,
        1,
        note("kept with its sender", None),
        at(1),
    );
    let (agenda, _) = crate::agenda::parse_str(AGENDA).unwrap();
    let mut resumed = crate::meeting::Meeting::new(agenda);
    for e in clerk.log() {
        resumed.apply_owned(e.clone()).unwrap();
    }
    let entry = &resumed.items()[0].entries[0];
    assert_eq!(entry.by.as_deref().map(String::as_str), Some("Ana"));
    assert_eq!(
        resumed.last_event().and_then(|e| e.by).map(|b| b.seq),
        Some(1)
    );
}

fn check_in(name: &str) -> Event {
    Event::new(
        at(0),
        EventKind::Attendance {
            names: vec![name.into()],
            status: crate::meeting::Presence::Present,
        },
    )
}

fn raise(name: &str) -> Event {
    Event::new(
        at(0),
        EventKind::Queue {
            name: name.into(),
            kind: crate::meeting::QueueKind::Topic,
            topic: None,
        },
    )
}

fn is_refused(answer: Option<ToParticipant>, containing: &str) -> bool {
    matches!(answer, Some(ToParticipant::Refused { ref reason, .. }) if reason.contains(containing))
}

#[test]
fn an_attendee_acts_only_for_the_name_it_checked_in_as() {
    let (mut clerk, mut seq) = started();
    let phone = sender("phone", "", Role::Attendee);
    let laptop = sender("laptop", "", Role::Attendee);
    // Before checking in, no hand can be raised.
    assert!(is_refused(
        seq.command(&mut clerk, 1, &phone, 1, raise("Ingrid Solberg"), at(1)),
        "check in first"
    ));
    assert_eq!(
        seq.command(&mut clerk, 1, &phone, 2, check_in("Ingrid Solberg"), at(1)),
        None
    );
    // Only for that name.
    assert!(is_refused(
        seq.command(&mut clerk, 1, &phone, 3, raise("Tomás Aguilar"), at(2)),
        "Ingrid Solberg"
    ));
    assert_eq!(
        seq.command(&mut clerk, 1, &phone, 4, raise("Ingrid Solberg"), at(2)),
        None
    );
    // A second device cannot take a name present from the first.
    assert!(is_refused(
        seq.command(&mut clerk, 2, &laptop, 1, check_in("Ingrid Solberg"), at(3)),
        "another device"
    ));
    // Nor can the first device check in someone else while it is present.
    assert!(is_refused(
        seq.command(&mut clerk, 1, &phone, 5, check_in("Tomás Aguilar"), at(3)),
        "leave first"
    ));
    // An attendee cannot move the clock or capture.
    assert!(is_refused(
        seq.command(&mut clerk, 1, &phone, 6, note("x", None), at(3)),
        "attendee"
    ));
    // Once the chair marks Ingrid absent, the name is free again.
    clerk
        .record(
            Event::new(
                at(4),
                EventKind::Attendance {
                    names: vec!["Ingrid Solberg".into()],
                    status: crate::meeting::Presence::Absent,
                },
            ),
            crate::clerk::Origin::Here,
        )
        .unwrap();
    assert_eq!(
        seq.command(&mut clerk, 2, &laptop, 2, check_in("Ingrid Solberg"), at(5)),
        None
    );
    let ingrid = clerk
        .meeting()
        .attendees()
        .iter()
        .find(|a| a.name == "Ingrid Solberg")
        .unwrap()
        .clone();
    assert!(ingrid.self_checked, "checked in from a page");
    // The binding survives a restart of the host (rebuilt from the journal).
    let mut restarted: Sequencer<u32> = Sequencer::new("s1", &clerk);
    assert!(is_refused(
        restarted.command(&mut clerk, 1, &phone, 7, check_in("Ingrid Solberg"), at(6)),
        "another device"
    ));
}

#[test]
fn a_correction_that_may_touch_private_text_reaches_viewers_empty() {
    let (mut clerk, mut seq) = started();
    clerk
        .record(
            Event::new(
                at(1),
                EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
                    text: "salary is 150k".into(),
                    private: true,
                })),
            ),
            crate::clerk::Origin::Here,
        )
        .unwrap();
    let chair = sender("c", "Cho", Role::Chair);
    let correct = |old: &str, new: &str| {
        Event::new(
            at(2),
            EventKind::Correct {
                old: old.into(),
                new: new.into(),
                global: false,
            },
        )
    };
    seq.command(&mut clerk, 1, &chair, 1, correct("150k", "175k"), at(2));
    let e = clerk.log().last().unwrap().clone();
    let viewer = serde_json::to_string(&for_role(
        &e,
        Role::Viewer,
        clerk.touched_private(clerk.log().len() - 1),
    ))
    .unwrap();
    assert!(
        !viewer.contains("150k") && !viewer.contains("175k"),
        "{viewer}"
    );
    let scribe = serde_json::to_string(&for_role(
        &e,
        Role::Scribe,
        clerk.touched_private(clerk.log().len() - 1),
    ))
    .unwrap();
    assert!(scribe.contains("175k"), "{scribe}");
    // One that can only have touched public text goes to viewers as it is.
    seq.command(
        &mut clerk,
        1,
        &chair,
        2,
        note("the plan is ready", None),
        at(3),
    );
    seq.command(&mut clerk, 1, &chair, 3, correct("ready", "done"), at(4));
    let e = clerk.log().last().unwrap().clone();
    let viewer = serde_json::to_string(&for_role(
        &e,
        Role::Viewer,
        clerk.touched_private(clerk.log().len() - 1),
    ))
    .unwrap();
    assert!(viewer.contains("done"), "{viewer}");
}

#[test]
fn long_names_and_chair_marked_people_and_many_guests_are_refused_to_pages() {
    let (mut clerk, mut seq) = started();
    let page = sender("page", "", Role::Attendee);
    let long = "x".repeat(MAX_NAME_BYTES + 1);
    let guest = |name: &str| {
        Event::new(
            at(1),
            EventKind::Guest {
                name: name.into(),
                affiliation: None,
            },
        )
    };
    assert!(is_refused(
        seq.command(&mut clerk, 1, &page, 1, guest(&long), at(1)),
        "200 bytes"
    ));
    // The chair marked Tomás present: a page cannot take him over (and then mark him left)
    // without the chair's word: its check-in waits, and nothing is recorded.
    clerk
        .record(
            Event::new(
                at(1),
                EventKind::Attendance {
                    names: vec!["Tomás Aguilar".into()],
                    status: crate::meeting::Presence::Present,
                },
            ),
            crate::clerk::Origin::Here,
        )
        .unwrap();
    let before = clerk.log().len();
    assert_eq!(
        seq.command(&mut clerk, 1, &page, 2, check_in("Tomás Aguilar"), at(2)),
        None
    );
    assert_eq!(clerk.log().len(), before, "a claim records nothing");
    assert!(seq
        .answer_claim(&mut clerk, "Tomás Aguilar", false, at(2))
        .outcome
        .is_ok());
    // A page adds a few guests at most (itself and a correction or two).
    let mut refused = false;
    for k in 0..(MAX_GUESTS_PER_DEVICE as u64 + 1) {
        let name = format!("Visitor {k}");
        let answer = seq.command(&mut clerk, 1, &page, 10 + 2 * k, guest(&name), at(3));
        if is_refused(answer, "no more guests") {
            refused = true;
            break;
        }
        let leave = Event::new(
            at(3),
            EventKind::Attendance {
                names: vec![name],
                status: crate::meeting::Presence::Left,
            },
        );
        assert_eq!(
            seq.command(&mut clerk, 1, &page, 11 + 2 * k, leave, at(3)),
            None
        );
    }
    assert!(refused, "a page added guests without end");
}

#[test]
fn a_duplicate_is_acknowledged_only_once_its_event_is_on_disk() {
    let (agenda, _) = crate::agenda::parse_str(AGENDA).unwrap();
    let recorder = MemoryRecorder {
        fail_with: Some(std::io::ErrorKind::StorageFull),
        ..MemoryRecorder::default()
    };
    let mut clerk = Clerk::new(crate::meeting::Meeting::new(agenda), Box::new(recorder));
    clerk.keep_log(Vec::new());
    let mut seq: Sequencer<u32> = Sequencer::new("s1", &clerk);
    let chair = sender("c", "Cho", Role::Chair);
    let start = Event::new(at(0), EventKind::Start);
    assert_eq!(
        seq.command(&mut clerk, 1, &chair, 1, start.clone(), at(0)),
        None
    );
    // Sent again after a reconnect while the disk still refuses: no promise.
    assert_eq!(seq.command(&mut clerk, 2, &chair, 1, start, at(0)), None);
    let welcome = seq.welcome(&clerk, AGENDA, &chair, None, 0);
    assert!(matches!(
        welcome,
        ToParticipant::Welcome { last_seq: 0, .. }
    ));
}

fn correct(old: &str, new: &str, at_min: i64) -> Event {
    Event::new(
        at(at_min),
        EventKind::Correct {
            old: old.into(),
            new: new.into(),
            global: false,
        },
    )
}

/// A host restarted on `clerk`'s journal: a fresh clerk whose log is read back.
fn restarted(clerk: &Clerk) -> Clerk {
    let (agenda, _) = crate::agenda::parse_str(AGENDA).unwrap();
    let (meeting, refused) = crate::meeting::Meeting::replay(agenda, clerk.log());
    assert!(refused.is_empty(), "{refused:?}");
    let mut again = Clerk::new(meeting, Box::new(MemoryRecorder::default()));
    again.keep_log(clerk.log().to_vec());
    again
}

#[test]
fn a_late_viewer_never_gets_the_correction_of_a_private_entry_changed_since() {
    for then in ["delete", "undo", "edit"] {
        let (mut clerk, mut seq) = started();
        clerk
            .record(
                Event::new(
                    at(1),
                    EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
                        text: "salary is 150k".into(),
                        private: true,
                    })),
                ),
                crate::clerk::Origin::Here,
            )
            .unwrap();
        clerk
            .record(correct("150k", "175k", 2), crate::clerk::Origin::Here)
            .unwrap();
        let after = match then {
            "delete" => EventKind::DeleteEntry { entry: 1 },
            "undo" => EventKind::Undo,
            _ => EventKind::ReplaceEntry {
                entry: 1,
                with: Capture::Note(crate::meeting::Note {
                    text: "salary discussed".into(),
                    private: false,
                }),
            },
        };
        clerk
            .record(Event::new(at(3), after), crate::clerk::Origin::Here)
            .unwrap();
        seq.flush(&clerk);
        let viewer = sender("v", "Vic", Role::Viewer);
        for (host, seq) in [
            (&clerk, &seq),
            (
                &restarted(&clerk),
                &Sequencer::new("s1", &restarted(&clerk)),
            ),
        ] {
            let welcome = seq.welcome(host, AGENDA, &viewer, None, 0).to_json();
            assert!(
                !welcome.contains("150k") && !welcome.contains("175k"),
                "{then}: {welcome}"
            );
        }
    }
}

/// What the property test does, one step at a time.
#[derive(Debug, Clone)]
enum Step {
    /// A note (0), outcome (1) or action (2), private or not, from the chair's link or the
    /// moderator's own screen.
    Capture {
        kind: u8,
        private: bool,
        from_link: bool,
    },
    /// `s/OLD/NEW/` with OLD one of the words used so far and NEW a fresh one.
    Correct {
        word: usize,
        global: bool,
    },
    /// An entry edited: new text (private or not) or the same text made private or public.
    Edit {
        entry: usize,
        private: bool,
        keep_text: bool,
    },
    Delete {
        entry: usize,
    },
    Undo,
    /// A viewer says hello, having `since` events (of those sent).
    Hello {
        since: usize,
    },
    /// The host restarts on its journal.
    Restart,
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        4 => (0u8..3, any::<bool>(), any::<bool>())
            .prop_map(|(kind, private, from_link)| Step::Capture { kind, private, from_link }),
        4 => (any::<usize>(), any::<bool>()).prop_map(|(word, global)| Step::Correct { word, global }),
        2 => (any::<usize>(), any::<bool>(), any::<bool>())
            .prop_map(|(entry, private, keep_text)| Step::Edit { entry, private, keep_text }),
        1 => any::<usize>().prop_map(|entry| Step::Delete { entry }),
        2 => Just(Step::Undo),
        2 => any::<usize>().prop_map(|since| Step::Hello { since }),
        1 => Just(Step::Restart),
    ]
}

/// The words of every entry's text in `meeting`, split by whether the entry is private.
fn words_of(meeting: &crate::meeting::Meeting, private: bool) -> Vec<String> {
    use crate::meeting::EntryKind;
    meeting
        .items()
        .iter()
        .flat_map(|i| &i.entries)
        .filter(|e| e.private == private)
        .filter_map(|e| match &e.kind {
            EntryKind::Note(crate::meeting::Note { text, .. }) => Some(text.clone()),
            EntryKind::Outcome(o) => Some(o.text.clone()),
            _ => None,
        })
        // Actions taken before the start have no entry.
        .chain(
            meeting
                .actions()
                .iter()
                .filter(|a| a.private == private && !a.removed)
                .map(|a| a.text.clone()),
        )
        .flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// Whatever private and public entries are taken, corrected, edited, deleted and undone,
    /// and whenever a viewer joins (or the host restarts), no message a viewer gets holds a
    /// word that was only ever in private entries.
    #[test]
    fn no_viewer_message_ever_holds_private_text(
        steps in proptest::collection::vec(step(), 1..40)
    ) {
        let (mut clerk, mut seq) = started();
        let chair = sender("c", "Cho", Role::Chair);
        let viewer = sender("v", "Vic", Role::Viewer);
        let mut fresh = 0u32;
        let mut word = |class: char| {
            fresh += 1;
            format!("{class}{fresh:04}Q")
        };
        let mut words: Vec<String> = Vec::new();
        let mut ever_public: std::collections::HashSet<String> = Default::default();
        let mut to_viewers: Vec<String> = Vec::new();
        let mut command_seq = 0u64;
        for (k, step) in steps.into_iter().enumerate() {
            let now = at(1 + k as i64);
            let event = match step {
                Step::Capture { kind, private, from_link } => {
                    let class = if private { 'S' } else { 'P' };
                    let text = format!("{} {}", word(class), word(class));
                    words.extend(text.split(' ').map(str::to_string));
                    let kind = match kind {
                        0 => EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note { text, private })),
                        1 => EventKind::Capture(crate::meeting::Capture::Outcome(crate::meeting::Outcome { text, private })),
                        _ => EventKind::Capture(crate::meeting::Capture::Action(crate::meeting::Action {
                            owners: vec!["Ingrid Solberg".into()],
                            text,
                            due: None,
                            private,
                        })),
                    };
                    Some((Event::new(now, kind), from_link))
                }
                Step::Correct { word: w, global } if !words.is_empty() => {
                    let old = words[w % words.len()].clone();
                    let new = word('N');
                    words.push(new.clone());
                    Some((Event::new(now, EventKind::Correct { old, new, global }), true))
                }
                Step::Edit { entry, private, keep_text } => {
                    let entries: Vec<_> = clerk.meeting().items().iter().flat_map(|i| &i.entries).cloned().collect();
                    entries.get(entry % entries.len().max(1)).map(|e| {
                        let kept = match &e.kind {
                            crate::meeting::EntryKind::Note(crate::meeting::Note { text, .. }) if keep_text => Some(text.clone()),
                            crate::meeting::EntryKind::Outcome(o) if keep_text => Some(o.text.clone()),
                            _ => None,
                        };
                        let text = kept.unwrap_or_else(|| {
                            let class = if private { 'S' } else { 'P' };
                            let text = format!("{} {}", word(class), word(class));
                            words.extend(text.split(' ').map(str::to_string));
                            text
                        });
                        let with = Capture::Note(crate::meeting::Note { text, private });
                        (Event::new(now, EventKind::ReplaceEntry { entry: e.id, with }), false)
                    })
                }
                Step::Delete { entry } => {
                    let ids: Vec<u64> = clerk.meeting().items().iter().flat_map(|i| &i.entries).map(|e| e.id).collect();
                    ids.get(entry % ids.len().max(1)).map(|&entry| (Event::new(now, EventKind::DeleteEntry { entry }), true))
                }
                Step::Undo => Some((Event::new(now, EventKind::Undo), false)),
                Step::Hello { since } => {
                    let sent = clerk.log().len();
                    for since in [0, since % (sent + 1)] {
                        to_viewers.push(seq.welcome(&clerk, AGENDA, &viewer, Some("s1"), since as u64).to_json());
                    }
                    None
                }
                Step::Restart => {
                    clerk = restarted(&clerk);
                    seq = Sequencer::new("s1", &clerk);
                    None
                }
                Step::Correct { .. } => None,
            };
            if let Some((event, from_link)) = event {
                if from_link {
                    command_seq += 1;
                    let _ = seq.command(&mut clerk, 1, &chair, command_seq, event, now);
                } else {
                    let _ = clerk.record(event, crate::clerk::Origin::Here);
                }
            }
            for (n, e) in seq.flush(&clerk).events {
                let touched = clerk.touched_private(n as usize);
                to_viewers.push(ToParticipant::Event { n, event: for_role(&e, Role::Viewer, touched) }.to_json());
            }
            ever_public.extend(words_of(clerk.meeting(), false));
        }
        to_viewers.push(seq.welcome(&clerk, AGENDA, &viewer, None, 0).to_json());
        let private_only: Vec<&String> = words.iter().filter(|w| !ever_public.contains(*w)).collect();
        for message in &to_viewers {
            for w in &private_only {
                proptest::prop_assert!(!message.contains(w.as_str()), "{w} reached a viewer: {message}");
            }
        }
    }
}

#[test]
fn an_id_belongs_to_the_link_that_first_used_it_and_a_seq_jump_poisons_nothing() {
    let (mut clerk, mut seq) = started();
    let scribe = sender("scribe-id", "Sam", Role::Scribe);
    assert_eq!(
        seq.command(&mut clerk, 1, &scribe, 1, note("first", None), at(1)),
        None
    );
    // The attendee link, posing as the scribe, with a far-away sequence number.
    let thief = sender("scribe-id", "", Role::Attendee);
    assert!(seq.admit(&thief, at(2)).is_err_and(|r| r.fatal));
    assert!(is_refused(
        seq.command(
            &mut clerk,
            2,
            &thief,
            1 << 62,
            check_in("Tomás Aguilar"),
            at(2)
        ),
        "another link"
    ));
    assert!(seq
        .admit(&sender("scribe-id", "", Role::Viewer), at(2))
        .is_err());
    // The scribe's own jump of 2^62 is refused and changes nothing either.
    assert!(is_refused(
        seq.command(&mut clerk, 1, &scribe, 1 << 62, note("far", None), at(3)),
        "too far"
    ));
    let before = clerk.log().len();
    assert_eq!(
        seq.command(&mut clerk, 1, &scribe, 2, note("second", None), at(4)),
        None
    );
    assert_eq!(
        clerk.log().len(),
        before + 1,
        "the scribe's note is recorded"
    );
    seq.flush(&clerk);
    // After a restart the journal binds the id to a capturing link: a page and a viewer
    // are still refused, the scribe is served, and its last_seq is its own.
    let mut again: Sequencer<u32> = Sequencer::new("s1", &clerk);
    assert!(again.admit(&thief, at(5)).is_err());
    assert!(again
        .admit(&sender("scribe-id", "", Role::Viewer), at(5))
        .is_err());
    assert!(again.admit(&scribe, at(5)).is_ok());
    assert!(is_refused(
        again.command(&mut clerk, 2, &thief, 3, check_in("Tomás Aguilar"), at(5)),
        "another link"
    ));
    assert_eq!(
        again.command(&mut clerk, 1, &scribe, 3, note("third", None), at(6)),
        None
    );
    // A viewer never learns a last_seq, not even of an id nobody claimed.
    let welcome = again.welcome(&clerk, AGENDA, &sender("v2", "Vic", Role::Viewer), None, 0);
    assert!(matches!(
        welcome,
        ToParticipant::Welcome { last_seq: 0, .. }
    ));
}

/// A started meeting of the steering committee with a quorum of five.
fn started_with_quorum() -> (Clerk, Sequencer<u32>) {
    let text = AGENDA.replace(
        "vote_rule = \"majority\"",
        "vote_rule = \"majority\"\nquorum = 5",
    );
    let (agenda, _) = crate::agenda::parse_str(&text).unwrap();
    let mut clerk = Clerk::new(
        crate::meeting::Meeting::new(agenda),
        Box::new(MemoryRecorder::default()),
    );
    clerk.keep_log(Vec::new());
    clerk
        .record(
            Event::new(at(0), EventKind::Start),
            crate::clerk::Origin::Here,
        )
        .unwrap();
    let seq = Sequencer::new("s1", &clerk);
    (clerk, seq)
}

#[test]
fn check_ins_of_every_voting_member_from_one_attendee_link_need_the_chair_for_quorum() {
    let (mut clerk, mut seq) = started_with_quorum();
    let members: Vec<String> = clerk
        .meeting()
        .attendees()
        .iter()
        .filter(|a| a.votes && !a.guest)
        .map(|a| a.name.clone())
        .collect();
    assert!(members.len() >= 5);
    clerk
        .record(
            Event::new(
                at(1),
                EventKind::Attendance {
                    names: members.clone(),
                    status: crate::meeting::Presence::Absent,
                },
            ),
            crate::clerk::Origin::Here,
        )
        .unwrap();
    // One attendee link, a made-up device per member, all within ten seconds.
    let within = |k: usize| at(2) + chrono::Duration::seconds(k as i64);
    for (k, name) in members.iter().enumerate() {
        let page = sender(&format!("made-up-device-{k}"), "", Role::Attendee);
        assert!(seq.admit(&page, within(k)).is_ok());
        assert_eq!(
            seq.command(&mut clerk, k as u32, &page, 1, check_in(name), within(k)),
            None,
            "the check-in is recorded"
        );
    }
    let m = clerk.meeting();
    assert!(m
        .attendees()
        .iter()
        .filter(|a| a.votes)
        .all(|a| a.self_checked));
    assert_eq!(m.quorum_count(), 0);
    assert_eq!(m.quorum_met(), Some(false));
    assert_eq!(m.present_unconfirmed() as usize, members.len());
    // A vote taken now is not decided by them (and is not refused either: they are in the
    // room as far as ballots go).
    let vote = |at_min: i64| {
        Event::new(
            at(at_min),
            EventKind::Capture(crate::meeting::Capture::Vote(crate::meeting::Ballot {
                yes: 5,
                against: 0,
                abstain: 0,
                text: None,
                more_than_present: false,
            })),
        )
    };
    clerk.record(vote(3), crate::clerk::Origin::Here).unwrap();
    let result = |clerk: &Clerk| match &clerk.meeting().items()[0].entries.last().unwrap().kind {
        crate::meeting::EntryKind::Vote(v) => v.result,
        other => panic!("{other:?}"),
    };
    assert_eq!(result(&clerk), crate::meeting::VoteResult::NoQuorum);
    // One command of the chair confirms every check-in waiting.
    assert!(clerk.take_line("/confirm", at(4)).is_ok());
    let m = clerk.meeting();
    assert_eq!(m.quorum_count() as usize, members.len());
    assert_eq!(m.quorum_met(), Some(true));
    assert!(m.awaiting_confirmation().is_empty());
    clerk.record(vote(5), crate::clerk::Origin::Here).unwrap();
    assert_eq!(result(&clerk), crate::meeting::VoteResult::Carried);
    assert!(clerk.take_line("/confirm", at(6)).is_err(), "nobody waits");
}

#[test]
fn the_guest_caps_are_counted_again_after_a_restart_and_new_devices_are_limited() {
    let (mut clerk, mut seq) = started();
    let page = sender("guest-page", "", Role::Attendee);
    let guest = |name: String| {
        Event::new(
            at(1),
            EventKind::Guest {
                name,
                affiliation: None,
            },
        )
    };
    let leave = |name: String| {
        Event::new(
            at(1),
            EventKind::Attendance {
                names: vec![name],
                status: crate::meeting::Presence::Left,
            },
        )
    };
    let mut n = 0;
    for k in 0..MAX_GUESTS_PER_DEVICE {
        let name = format!("Visitor {k}");
        n += 1;
        assert_eq!(
            seq.command(&mut clerk, 1, &page, n, guest(name.clone()), at(1)),
            None
        );
        n += 1;
        assert_eq!(
            seq.command(&mut clerk, 1, &page, n, leave(name), at(1)),
            None
        );
    }
    let mut again: Sequencer<u32> = Sequencer::new("s1", &clerk);
    assert!(is_refused(
        again.command(
            &mut clerk,
            1,
            &page,
            n + 1,
            guest("Visitor 99".into()),
            at(2)
        ),
        "no more guests"
    ));
    // New attendee devices: a bounded number a minute; the next minute more.
    let t0 = at(3);
    for k in 0..MAX_NEW_DEVICES_PER_MINUTE {
        let device = sender(&format!("new-device-{k}"), "", Role::Attendee);
        assert!(again.admit(&device, t0).is_ok());
    }
    let one_more = sender("one-device-more", "", Role::Attendee);
    assert!(again.admit(&one_more, t0).is_err_and(|r| !r.fatal));
    // Known devices and other roles are not held back.
    assert!(again
        .admit(&sender("new-device-0", "", Role::Attendee), t0)
        .is_ok());
    assert!(again
        .admit(&sender("a-scribe", "Sam", Role::Scribe), t0)
        .is_ok());
    assert!(again
        .admit(&one_more, t0 + chrono::Duration::seconds(61))
        .is_ok());
}

fn ballot(name: &str, choice: crate::meeting::Choice) -> Event {
    Event::new(
        at(0),
        EventKind::Motion(crate::meeting::MotionStep::Ballot {
            name: name.into(),
            choice,
        }),
    )
}

/// Issue 28: a page votes for the member it checked in as, only in a vote the chair opened
/// to the room and once the chair confirmed the check-in; a vote for someone else's name is
/// refused; a ballot changes until the vote closes; a command sent twice counts once.
#[test]
fn a_page_votes_only_for_its_own_confirmed_member_in_a_vote_open_to_the_room() {
    use crate::meeting::Choice;
    let (mut clerk, mut seq) = started();
    let phone = sender("phone", "", Role::Attendee);
    let laptop = sender("laptop", "", Role::Attendee);
    assert_eq!(
        seq.command(&mut clerk, 1, &phone, 1, check_in("Ingrid Solberg"), at(1)),
        None
    );
    assert_eq!(
        seq.command(&mut clerk, 2, &laptop, 1, check_in("Tomás Aguilar"), at(1)),
        None
    );
    clerk.take_line("/present Priya", at(2)).unwrap();
    clerk.take_line("/motion Adopt the charter", at(2)).unwrap();
    clerk.take_line("/rollvote", at(3)).unwrap();
    assert!(is_refused(
        seq.command(
            &mut clerk,
            1,
            &phone,
            2,
            ballot("Ingrid Solberg", Choice::Yes),
            at(3)
        ),
        "taken by the chair"
    ));
    clerk.take_line("/ballot Priya yes", at(4)).unwrap();
    clerk.take_line("/closevote", at(4)).unwrap();

    clerk
        .take_line("/motion Publish the roadmap", at(5))
        .unwrap();
    clerk.take_line("/rollvote room", at(5)).unwrap();
    assert!(is_refused(
        seq.command(
            &mut clerk,
            1,
            &phone,
            3,
            ballot("Ingrid Solberg", Choice::Yes),
            at(6)
        ),
        "waits for the chair's confirmation"
    ));
    clerk.take_line("/confirm", at(6)).unwrap();
    assert_eq!(
        seq.command(
            &mut clerk,
            1,
            &phone,
            4,
            ballot("Ingrid Solberg", Choice::Yes),
            at(7)
        ),
        None
    );
    // Not for another member's name, even one checked in and confirmed elsewhere.
    assert!(is_refused(
        seq.command(
            &mut clerk,
            1,
            &phone,
            5,
            ballot("Tomás Aguilar", Choice::No),
            at(7)
        ),
        "acts only for Ingrid Solberg"
    ));
    // Changed, and sent twice: one ballot, the last one.
    assert_eq!(
        seq.command(
            &mut clerk,
            1,
            &phone,
            6,
            ballot("Ingrid Solberg", Choice::No),
            at(8)
        ),
        None
    );
    let before = clerk.meeting().event_count();
    seq.command(
        &mut clerk,
        1,
        &phone,
        6,
        ballot("Ingrid Solberg", Choice::No),
        at(8),
    );
    assert_eq!(clerk.meeting().event_count(), before, "applied once");
    assert_eq!(
        seq.command(
            &mut clerk,
            2,
            &laptop,
            2,
            ballot("Tomás Aguilar", Choice::Abstain),
            at(8)
        ),
        None
    );
    let m = clerk.meeting();
    assert_eq!(
        m.motions()[1].ballots,
        [
            ("Ingrid Solberg".to_string(), Choice::No),
            ("Tomás Aguilar".to_string(), Choice::Abstain)
        ]
    );
    // The journal carries each ballot with its page: a replay gives the same votes.
    let (agenda, _) = crate::agenda::parse_str(AGENDA).unwrap();
    let mut replayed = crate::meeting::Meeting::new(agenda);
    for e in clerk.log() {
        replayed.apply_owned(e.clone()).unwrap();
    }
    assert_eq!(replayed.motions(), m.motions());
}

fn person(clerk: &Clerk, name: &str) -> crate::meeting::Attendee {
    clerk
        .meeting()
        .attendees()
        .iter()
        .find(|a| a.name == name)
        .unwrap()
        .clone()
}

fn chair_marks(clerk: &mut Clerk, name: &str, status: crate::meeting::Presence, min: i64) {
    clerk
        .record(
            Event::new(
                at(min),
                EventKind::Attendance {
                    names: vec![name.into()],
                    status,
                },
            ),
            crate::clerk::Origin::Here,
        )
        .unwrap();
}

/// Issue 27 item 5: someone the chair ticked present checks in from their own page. The
/// page's check-in is a claim that waits for the chair; meanwhile the mark and the quorum
/// stand, a second device is refused, and the page can do nothing else. Confirmed, the page
/// acts for them and they are still confirmed present.
#[test]
fn a_page_claiming_someone_the_chair_ticked_waits_for_the_chair() {
    use crate::meeting::Presence;
    let (mut clerk, mut seq) = started();
    let ingrid = "Ingrid Solberg";
    chair_marks(&mut clerk, ingrid, Presence::Present, 1);
    let quorum = clerk.meeting().quorum_count();
    let phone = sender("phone", "", Role::Attendee);
    let laptop = sender("laptop", "", Role::Attendee);
    let logged = clerk.log().len();
    assert_eq!(
        seq.command(&mut clerk, 1, &phone, 1, check_in(ingrid), at(2)),
        None
    );
    assert_eq!(
        clerk.log().len(),
        logged,
        "nothing recorded while the claim waits"
    );
    assert_eq!(seq.claims(), vec![(ingrid.to_string(), at(2))]);
    assert!(
        !person(&clerk, ingrid).self_checked,
        "the chair's mark stands"
    );
    assert_eq!(clerk.meeting().quorum_count(), quorum, "the quorum stands");
    // The same claim again (a reconnect): still one claim, no answer yet.
    assert_eq!(
        seq.command(&mut clerk, 7, &phone, 1, check_in(ingrid), at(3)),
        None
    );
    assert_eq!(seq.claims().len(), 1);
    // A second device claiming the same person is refused with the reason.
    assert!(is_refused(
        seq.command(&mut clerk, 2, &laptop, 1, check_in(ingrid), at(3)),
        "waits for the chair"
    ));
    // The waiting page can do nothing else meanwhile.
    assert!(is_refused(
        seq.command(&mut clerk, 7, &phone, 2, raise(ingrid), at(3)),
        "confirm that you are Ingrid Solberg"
    ));
    assert!(is_refused(
        seq.command(&mut clerk, 7, &phone, 3, check_in("Tomás Aguilar"), at(3)),
        "confirm that you are Ingrid Solberg"
    ));
    // Nobody else's claim to answer.
    assert!(seq
        .answer_claim(&mut clerk, "Tomás Aguilar", true, at(4))
        .outcome
        .is_err());
    // Confirmed: recorded as the page's check-in, acknowledged to the connection that sent
    // it last once on disk; still confirmed present, the quorum unchanged.
    let answer = seq.answer_claim(&mut clerk, ingrid, true, at(4));
    assert!(
        answer.outcome.is_ok() && answer.tell.is_none(),
        "{answer:?}"
    );
    assert!(seq.claims().is_empty());
    let out = seq.flush(&clerk);
    assert_eq!(out.acks.len(), 1);
    assert!(matches!(
        out.acks[0],
        (7, ToParticipant::Ack { seq: 1, n: Some(_) })
    ));
    let event = &out.events.last().unwrap().1;
    assert!(event
        .by
        .as_ref()
        .is_some_and(|b| b.attendee && b.participant == "phone"));
    let now = person(&clerk, ingrid);
    assert_eq!(now.presence, Presence::Present);
    assert!(!now.self_checked, "confirmed by the chair");
    assert_eq!(clerk.meeting().quorum_count(), quorum);
    assert!(clerk.meeting().awaiting_confirmation().is_empty());
    assert_eq!(seq.checked_in_as("phone"), Some(ingrid));
    // The page acts for her now; the other device is refused as before.
    assert_eq!(
        seq.command(&mut clerk, 7, &phone, 4, raise(ingrid), at(5)),
        None
    );
    assert!(is_refused(
        seq.command(&mut clerk, 2, &laptop, 2, check_in(ingrid), at(5)),
        "another device"
    ));
    // After a restart the binding comes back from the journal, with the chair's mark.
    let mut restarted: Sequencer<u32> = Sequencer::new("s1", &clerk);
    assert_eq!(restarted.checked_in_as("phone"), Some(ingrid));
    assert!(is_refused(
        restarted.command(&mut clerk, 2, &laptop, 3, check_in(ingrid), at(6)),
        "another device"
    ));
}

/// A claim the chair refuses records nothing and tells the page why; the person stays
/// present on the chair's word, and the name is free to be claimed again.
#[test]
fn a_refused_claim_changes_nothing_and_tells_the_page() {
    use crate::meeting::Presence;
    let (mut clerk, mut seq) = started();
    let tomas = "Tomás Aguilar";
    chair_marks(&mut clerk, tomas, Presence::Present, 1);
    let logged = clerk.log().len();
    let stranger = sender("stranger", "", Role::Attendee);
    assert_eq!(
        seq.command(&mut clerk, 3, &stranger, 1, check_in(tomas), at(2)),
        None
    );
    let answer = seq.answer_claim(&mut clerk, tomas, false, at(3));
    assert!(answer.outcome.is_ok());
    assert!(
        matches!(&answer.tell, Some((3, ToParticipant::Refused { seq: 1, reason })) if reason.contains("did not confirm")),
        "{answer:?}"
    );
    assert_eq!(clerk.log().len(), logged);
    assert!(seq.claims().is_empty());
    assert!(!person(&clerk, tomas).self_checked);
    // The page missed the refusal (it was offline) and sends its claim again: refused again,
    // not put to the chair twice.
    assert!(is_refused(
        seq.command(&mut clerk, 6, &stranger, 1, check_in(tomas), at(3)),
        "did not confirm"
    ));
    assert!(seq.claims().is_empty());
    assert_eq!(seq.checked_in_as("stranger"), None);
    assert!(is_refused(
        seq.command(&mut clerk, 3, &stranger, 2, raise(tomas), at(4)),
        "check in first"
    ));
    // With no chair's screen to answer (gavel serve), a claim is refused at once.
    let mut served: Sequencer<u32> = Sequencer::new("s1", &clerk);
    served.refuse_claims();
    assert!(is_refused(
        served.command(
            &mut clerk,
            5,
            &sender("p", "", Role::Attendee),
            1,
            check_in(tomas),
            at(4)
        ),
        "no chair's screen"
    ));
    assert!(served.claims().is_empty());
    // A device whose page is gone gives its claim up.
    let other = sender("other", "", Role::Attendee);
    assert_eq!(
        seq.command(&mut clerk, 4, &other, 1, check_in(tomas), at(5)),
        None
    );
    assert_eq!(seq.withdraw_claim("other").as_deref(), Some(tomas));
    assert!(seq.claims().is_empty());
}

/// A page's check-in never takes back the chair's word: a page that checked in, was
/// confirmed, and checks in again (after a reload) leaves them confirmed (issue 27).
#[test]
fn a_pages_check_in_again_keeps_the_chairs_confirmation() {
    use crate::meeting::Presence;
    let (mut clerk, mut seq) = started();
    let ingrid = "Ingrid Solberg";
    let phone = sender("phone", "", Role::Attendee);
    assert_eq!(
        seq.command(&mut clerk, 1, &phone, 1, check_in(ingrid), at(1)),
        None
    );
    assert!(person(&clerk, ingrid).self_checked, "waits for /confirm");
    chair_marks(&mut clerk, ingrid, Presence::Present, 2);
    assert!(!person(&clerk, ingrid).self_checked);
    let quorum = clerk.meeting().quorum_count();
    assert_eq!(
        seq.command(&mut clerk, 1, &phone, 2, check_in(ingrid), at(3)),
        None
    );
    assert!(
        !person(&clerk, ingrid).self_checked,
        "the chair's word stands"
    );
    assert_eq!(clerk.meeting().quorum_count(), quorum);
    assert!(seq.claims().is_empty(), "its own name: no claim");
}
