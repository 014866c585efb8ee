//! Engine tests: every kind of event, every refusal, and the edge cases DESIGN.md lists.

use super::*;
use crate::agenda::parse_str;
use chrono::TimeZone;

pub(crate) const AGENDA: &str = r#"
[meeting]
title = "Widget Steering"
date = 2026-03-04
start = "17:00"
timezone = "UTC"
length = "60m"
quorum = 3

[[people]]
name = "Ada Moreno"
[[people]]
name = "Ben Okafor"
[[people]]
name = "Cy Park"
[[people]]
name = "Dee Lin"
alternate_for = "Cy Park"
votes = false
[[people]]
name = "Eve Sato"
votes = false
[[people]]
name = "Bea Okada"
votes = false

[[items]]
title = "Welcome"
timebox = "5m"
[[items]]
title = "Budget"
timebox = "20m"
[[items]]
title = "Roadmap"
timebox = "15m"
fixed = true
[[items]]
title = "Other business"
timebox = "10m"

[[actions]]
owner = "Ben Okafor"
text = "Draft the charter"
[[actions]]
owner = ["Ada Moreno", "Cy Park"]
text = "Book the venue"
carried = 2
"#;

pub(crate) fn agenda() -> Agenda {
    parse_str(AGENDA).expect("test agenda is valid").0
}

pub(crate) fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 17, 0, 0).unwrap() + chrono::Duration::minutes(min)
}

fn ev(min: i64, kind: EventKind) -> Event {
    Event::new(t(min), kind)
}

fn started() -> Meeting {
    let mut m = Meeting::new(agenda());
    m.apply(&ev(0, EventKind::Start)).unwrap();
    m
}

fn refuse(m: &mut Meeting, e: Event) -> String {
    let before = m.clone();
    let err = m.apply(&e).expect_err("should be refused").0;
    assert_eq!(*m, before, "a refused event changed the meeting");
    err
}

#[test]
fn start_opens_the_first_item_and_next_closes_it_with_its_time() {
    let mut m = started();
    assert_eq!(m.current, Some(0));
    assert_eq!(m.items[0].status, ItemStatus::Running);
    m.apply(&ev(7, EventKind::Next)).unwrap();
    assert_eq!(m.items[0].status, ItemStatus::Done);
    assert_eq!(m.items[0].used, 7 * 60);
    assert_eq!(m.current, Some(1));
    assert_eq!(m.items[1].used_at(t(10)), 3 * 60);
}

#[test]
fn pauses_do_not_count_toward_an_item() {
    let mut m = started();
    m.apply(&ev(2, EventKind::Pause)).unwrap();
    assert_eq!(m.items[0].used_at(t(9)), 120);
    m.apply(&ev(10, EventKind::Resume)).unwrap();
    m.apply(&ev(13, EventKind::Next)).unwrap();
    assert_eq!(m.items[0].used, 5 * 60);
    assert_eq!(m.paused_total, 8 * 60);
    refuse(&mut m, ev(14, EventKind::Resume));
    m.apply(&ev(14, EventKind::Pause)).unwrap();
    refuse(&mut m, ev(15, EventKind::Pause));
}

#[test]
fn flow_is_refused_before_start_and_after_end() {
    let mut m = Meeting::new(agenda());
    assert!(refuse(&mut m, ev(0, EventKind::Next)).contains("not started"));
    refuse(
        &mut m,
        ev(
            0,
            EventKind::Capture(Capture::Note(Note {
                text: "x".into(),
                private: false,
            })),
        ),
    );
    refuse(
        &mut m,
        ev(
            0,
            EventKind::Capture(Capture::Vote(Ballot {
                yes: 1,
                against: 0,
                abstain: 0,
                text: None,
                more_than_present: false,
            })),
        ),
    );
    m.apply(&ev(0, EventKind::Start)).unwrap();
    refuse(&mut m, ev(1, EventKind::Start));
    m.apply(&ev(30, EventKind::End)).unwrap();
    assert!(refuse(&mut m, ev(31, EventKind::Next)).contains("ended"));
    refuse(&mut m, ev(31, EventKind::End));
    // The record can still be completed after the end.
    m.apply(&ev(
        32,
        EventKind::Recap {
            text: "Short one.".into(),
        },
    ))
    .unwrap();
}

#[test]
fn next_with_no_item_left_is_refused() {
    let mut m = started();
    for i in 1..4 {
        m.apply(&ev(i, EventKind::Next)).unwrap();
    }
    let reason = refuse(&mut m, ev(5, EventKind::Next));
    assert!(reason.contains("no item left"), "{reason}");
}

#[test]
fn timestamps_going_backwards_are_refused() {
    let mut m = started();
    m.apply(&ev(10, EventKind::Next)).unwrap();
    let reason = refuse(
        &mut m,
        ev(
            5,
            EventKind::Capture(Capture::Note(Note {
                text: "late".into(),
                private: false,
            })),
        ),
    );
    assert!(
        reason.contains("17:05") && reason.contains("17:10"),
        "{reason}"
    );
}

#[test]
fn goto_current_is_a_no_op_and_goto_reopens_and_undefers() {
    let mut m = started();
    let before_items = m.items.clone();
    m.apply(&ev(1, EventKind::Goto { item: 0 })).unwrap();
    assert_eq!(m.items, before_items);
    m.apply(&ev(2, EventKind::Defer { item: 2 })).unwrap();
    assert_eq!(m.items[2].status, ItemStatus::Deferred);
    m.apply(&ev(3, EventKind::Goto { item: 2 })).unwrap();
    assert_eq!(m.items[2].status, ItemStatus::Running);
    assert_eq!(m.items[0].status, ItemStatus::Done);
    m.apply(&ev(4, EventKind::Goto { item: 0 })).unwrap();
    assert_eq!(m.items[0].status, ItemStatus::Running);
    assert_eq!(m.items[0].used, 3 * 60);
    refuse(&mut m, ev(5, EventKind::Goto { item: 9 }));
}

#[test]
fn deferring_the_running_item_keeps_its_time_and_moves_on() {
    let mut m = started();
    m.apply(&ev(4, EventKind::Defer { item: 0 })).unwrap();
    assert_eq!(m.items[0].status, ItemStatus::Deferred);
    assert_eq!(m.items[0].used, 240);
    assert_eq!(m.current, Some(1));
    refuse(&mut m, ev(5, EventKind::Defer { item: 0 }));
    m.apply(&ev(6, EventKind::Next)).unwrap();
    refuse(&mut m, ev(7, EventKind::Defer { item: 1 }));
}

#[test]
fn next_skips_done_and_deferred_items_and_comes_back_for_skipped_ones() {
    let mut m = started();
    m.apply(&ev(1, EventKind::Defer { item: 1 })).unwrap();
    m.apply(&ev(2, EventKind::Next)).unwrap();
    assert_eq!(m.current, Some(2));
    m.apply(&ev(3, EventKind::Prev)).unwrap();
    assert_eq!(m.current, Some(0), "prev skips the deferred item");
    m.apply(&ev(4, EventKind::Next)).unwrap();
    assert_eq!(m.current, Some(2), "the item left by /prev is open again");
}

/// Issue 25, item 10: a number from the wire, a file or the screen that would overflow a
/// clock or a count is refused where the event is applied, and nothing changes.
#[test]
fn durations_and_vote_counts_out_of_range_are_refused_unchanged() {
    let mut m = started();
    let before = m.items[0].timebox;
    for secs in [i64::MAX, MAX_DURATION_SECS + 1] {
        let e = m.apply(&ev(1, EventKind::Extend { secs })).unwrap_err();
        assert!(e.0.contains("at most a week"), "{}", e.0);
    }
    // Extensions that would take the item's time box past a week are refused too.
    m.apply(&ev(
        1,
        EventKind::Extend {
            secs: MAX_DURATION_SECS - before,
        },
    ))
    .unwrap();
    let e = m.apply(&ev(1, EventKind::Extend { secs: 60 })).unwrap_err();
    assert!(e.0.contains("at most a week"), "{}", e.0);
    assert_eq!(m.items[0].timebox, MAX_DURATION_SECS);
    let e = m
        .apply(&ev(
            2,
            EventKind::AddItem {
                title: "Forever".into(),
                presenter: None,
                timebox: i64::MAX,
            },
        ))
        .unwrap_err();
    assert!(e.0.contains("at most a week"), "{}", e.0);
    let e = m
        .apply(&ev(
            2,
            EventKind::Rebalance {
                plan: vec![(1, i64::MAX)],
            },
        ))
        .unwrap_err();
    assert!(e.0.contains("at most a week"), "{}", e.0);
    let e = m
        .apply(&ev(
            2,
            EventKind::Capture(Capture::Vote(Ballot {
                yes: u32::MAX,
                against: u32::MAX,
                abstain: 0,
                text: None,
                more_than_present: true,
            })),
        ))
        .unwrap_err();
    assert!(e.0.contains("at most"), "{}", e.0);
    // The largest counts allowed do not overflow the two-thirds rule.
    assert!(vote_carries(
        VoteRule::TwoThirds,
        MAX_VOTES,
        MAX_VOTES / 2,
        0
    ));
    assert!(vote_carries(VoteRule::TwoThirds, u32::MAX, 1, 0));
}

#[test]
fn extend_and_add() {
    let mut m = started();
    m.apply(&ev(1, EventKind::Extend { secs: 300 })).unwrap();
    assert_eq!(m.items[0].timebox, 600);
    assert_eq!(m.items[0].planned, 300);
    m.apply(&ev(
        2,
        EventKind::AddItem {
            title: "Hot topic".into(),
            presenter: None,
            timebox: 600,
        },
    ))
    .unwrap();
    assert_eq!(m.items[1].title, "Hot topic");
    assert!(m.items[1].added);
    m.apply(&ev(3, EventKind::Next)).unwrap();
    assert_eq!(m.current, Some(1));
}

#[test]
fn quorum_counts_voting_members_and_alternates_in_place_of_absent_members() {
    let mut m = started();
    let present = |m: &mut Meeting, at, names: &[&str], status| {
        m.apply(&ev(
            at,
            EventKind::Attendance {
                names: names.iter().map(|s| s.to_string()).collect(),
                status,
            },
        ))
        .unwrap()
    };
    present(
        &mut m,
        1,
        &["Ada Moreno", "Ben Okafor", "Eve Sato"],
        Presence::Present,
    );
    assert_eq!(m.quorum_count(), 2);
    assert_eq!(m.quorum_met(), Some(false));
    present(&mut m, 2, &["Dee Lin"], Presence::Present);
    assert_eq!(m.quorum_count(), 3, "Dee stands in for Cy");
    present(&mut m, 3, &["Cy Park"], Presence::Present);
    assert_eq!(
        m.quorum_count(),
        3,
        "with Cy here, Dee does not count twice"
    );
    present(&mut m, 4, &["Cy Park"], Presence::Left);
    assert_eq!(m.quorum_count(), 3);
    m.apply(&ev(
        5,
        EventKind::Guest {
            name: "Gus Guest".into(),
            affiliation: None,
        },
    ))
    .unwrap();
    assert_eq!(m.quorum_count(), 3, "guests never count");
    assert_eq!(m.voting_members(), 3);
}

/// Issue 27: with `alternates_count = false` a present alternate does not stand in for
/// the absent member.
#[test]
fn alternates_do_not_count_when_the_agenda_says_so() {
    let src = AGENDA.replace("quorum = 3", "quorum = 3\nalternates_count = false");
    let mut m = Meeting::new(parse_str(&src).expect("valid agenda").0);
    m.apply(&ev(0, EventKind::Start)).unwrap();
    m.apply(&ev(
        1,
        EventKind::Attendance {
            names: vec!["Ada Moreno".into(), "Ben Okafor".into(), "Dee Lin".into()],
            status: Presence::Present,
        },
    ))
    .unwrap();
    assert_eq!(m.quorum_count(), 2, "Dee does not stand in for Cy");
    assert_eq!(m.quorum_met(), Some(false));
}

#[test]
fn a_vote_without_quorum_is_recorded_as_such() {
    let mut m = started();
    m.apply(&ev(
        1,
        EventKind::Capture(Capture::Vote(Ballot {
            yes: 2,
            against: 0,
            abstain: 0,
            text: None,
            more_than_present: false,
        })),
    ))
    .unwrap();
    let EntryKind::Vote(v) = &m.items[0].entries[0].kind else {
        panic!()
    };
    assert_eq!(v.result, VoteResult::NoQuorum);
    m.apply(&ev(
        2,
        EventKind::Attendance {
            names: vec!["Ada Moreno".into(), "Ben Okafor".into(), "Cy Park".into()],
            status: Presence::Present,
        },
    ))
    .unwrap();
    m.apply(&ev(
        3,
        EventKind::Capture(Capture::Vote(Ballot {
            yes: 2,
            against: 1,
            abstain: 0,
            text: None,
            more_than_present: false,
        })),
    ))
    .unwrap();
    let EntryKind::Vote(v) = &m.items[0].entries[1].kind else {
        panic!()
    };
    assert_eq!(v.result, VoteResult::Carried);
}

#[test]
fn vote_rules() {
    use VoteRule::*;
    assert!(vote_carries(Majority, 3, 2, 9));
    assert!(!vote_carries(Majority, 2, 2, 9));
    assert!(vote_carries(TwoThirds, 4, 2, 9));
    assert!(!vote_carries(TwoThirds, 3, 2, 9));
    assert!(vote_carries(MajorityOfPresent, 5, 0, 9));
    assert!(!vote_carries(MajorityOfPresent, 4, 0, 9));
    assert!(vote_carries(Consensus, 5, 0, 9));
    assert!(!vote_carries(Consensus, 5, 1, 9));
}

#[test]
fn attendance_refusals() {
    let mut m = started();
    refuse(
        &mut m,
        ev(
            1,
            EventKind::Attendance {
                names: vec!["Nobody".into()],
                status: Presence::Present,
            },
        ),
    );
    refuse(
        &mut m,
        ev(
            1,
            EventKind::Attendance {
                names: vec!["Ada Moreno".into()],
                status: Presence::Left,
            },
        ),
    );
    refuse(
        &mut m,
        ev(
            1,
            EventKind::Guest {
                name: "ada moreno".into(),
                affiliation: None,
            },
        ),
    );
    m.apply(&ev(
        2,
        EventKind::Attendance {
            names: vec!["Ada Moreno".into()],
            status: Presence::Present,
        },
    ))
    .unwrap();
    assert_eq!(m.attendees[0].joined_at, Some(t(2)));
}

#[test]
fn actions_reviews_recap_and_next_meeting() {
    let mut m = started();
    m.apply(&ev(
        1,
        EventKind::Capture(Capture::Action(Action {
            owners: vec!["Ada Moreno".into(), "Outside Group".into()],
            text: "Write it up".into(),
            due: None,
            private: false,
        })),
    ))
    .unwrap();
    assert_eq!(m.actions[0].item, Some(0));
    assert!(matches!(m.items[0].entries[0].kind, EntryKind::Action(0)));
    m.apply(&ev(
        2,
        EventKind::Review {
            action: 1,
            status: ReviewStatus::Ongoing,
        },
    ))
    .unwrap();
    assert_eq!(m.reviews, vec![None, Some(ReviewStatus::Ongoing)]);
    refuse(
        &mut m,
        ev(
            3,
            EventKind::Review {
                action: 5,
                status: ReviewStatus::Done,
            },
        ),
    );
    let next = chrono::NaiveDate::from_ymd_opt(2026, 3, 18)
        .unwrap()
        .and_hms_opt(17, 0, 0)
        .unwrap();
    m.apply(&ev(3, EventKind::NextMeeting { when: next }))
        .unwrap();
    let same_day = chrono::NaiveDate::from_ymd_opt(2026, 3, 4)
        .unwrap()
        .and_hms_opt(19, 0, 0)
        .unwrap();
    refuse(&mut m, ev(4, EventKind::NextMeeting { when: same_day }));
}

#[test]
fn undo_reverts_the_last_change_only() {
    let mut m = started();
    m.apply(&ev(
        1,
        EventKind::Capture(Capture::Note(Note {
            text: "one".into(),
            private: false,
        })),
    ))
    .unwrap();
    m.apply(&ev(2, EventKind::Next)).unwrap();
    m.apply(&ev(3, EventKind::Undo)).unwrap();
    assert_eq!(m.current, Some(0));
    assert_eq!(m.items[0].entries.len(), 1);
    assert_eq!(m.last_at, Some(t(3)), "time does not go back with an undo");
    m.apply(&ev(4, EventKind::Undo)).unwrap();
    assert!(m.items[0].entries.is_empty());
    m.apply(&ev(5, EventKind::Undo)).unwrap();
    assert_eq!(m.phase, Phase::NotStarted);
    refuse(&mut m, ev(6, EventKind::Undo));
}

#[test]
fn corrections_find_the_latest_entry_or_every_entry() {
    let mut m = started();
    for (i, text) in ["teh plan", "teh budget", "fine"].iter().enumerate() {
        m.apply(&ev(
            i as i64,
            EventKind::Capture(Capture::Note(Note {
                text: text.to_string(),
                private: false,
            })),
        ))
        .unwrap();
    }
    m.apply(&ev(
        3,
        EventKind::Correct {
            old: "teh".into(),
            new: "the".into(),
            global: false,
        },
    ))
    .unwrap();
    let texts = |m: &Meeting| -> Vec<String> {
        m.items[0]
            .entries
            .iter()
            .map(|e| match &e.kind {
                EntryKind::Note(n) => n.text.clone(),
                _ => String::new(),
            })
            .collect()
    };
    assert_eq!(texts(&m), ["teh plan", "the budget", "fine"]);
    m.apply(&ev(
        4,
        EventKind::Correct {
            old: "e".into(),
            new: "E".into(),
            global: true,
        },
    ))
    .unwrap();
    assert_eq!(texts(&m), ["tEh plan", "thE budgEt", "finE"]);
    refuse(
        &mut m,
        ev(
            5,
            EventKind::Correct {
                old: "zzz".into(),
                new: "y".into(),
                global: false,
            },
        ),
    );
}

#[test]
fn speaker_queue_order_and_speaking_time() {
    let mut m = started();
    let q = |m: &mut Meeting, at, name: &str, kind| {
        m.apply(&ev(
            at,
            EventKind::Queue {
                name: name.into(),
                kind,
                topic: None,
            },
        ))
        .unwrap()
    };
    q(&mut m, 1, "Ada Moreno", QueueKind::Topic);
    q(&mut m, 1, "Ben Okafor", QueueKind::Reply);
    q(&mut m, 1, "Cy Park", QueueKind::Clarify);
    q(&mut m, 1, "Eve Sato", QueueKind::Order);
    let order: Vec<&str> = m.queue.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(order, ["Eve Sato", "Cy Park", "Ben Okafor", "Ada Moreno"]);
    m.apply(&ev(2, EventKind::Speak)).unwrap();
    m.apply(&ev(3, EventKind::Pause)).unwrap();
    m.apply(&ev(6, EventKind::Resume)).unwrap();
    m.apply(&ev(7, EventKind::Speak)).unwrap();
    assert_eq!(m.items[0].speakers[0].secs, 2 * 60);
    m.apply(&ev(8, EventKind::Next)).unwrap();
    assert_eq!(m.items[0].speakers.len(), 2);
    assert_eq!(
        m.items[0].unheard.len(),
        2,
        "Ben and Ada were queued but not heard"
    );
    assert!(m.queue.is_empty());
}

#[test]
fn rebalance_fills_the_time_left_and_keeps_fixed_items() {
    let mut m = started();
    m.apply(&ev(20, EventKind::Next)).unwrap(); // Welcome ran 15 min over its 5
    let plan = rebalance_plan(&m, t(20)).unwrap();
    let items: Vec<usize> = plan.iter().map(|p| p.0).collect();
    assert_eq!(items, [1, 3], "the fixed Roadmap item keeps its box");
    let total: i64 = plan.iter().map(|p| p.1).sum();
    assert_eq!(
        total,
        (40 - 15) * 60,
        "flexible items fill what the fixed one leaves"
    );
    m.apply(&ev(20, EventKind::Rebalance { plan: plan.clone() }))
        .unwrap();
    assert_eq!(m.items[1].timebox, plan[0].1);
    assert_eq!(m.items[2].timebox, 15 * 60);
}

#[test]
fn replaying_the_applied_events_gives_the_same_meeting() {
    let mut m = started();
    m.apply(&ev(
        1,
        EventKind::Capture(Capture::Note(Note {
            text: "a".into(),
            private: false,
        })),
    ))
    .unwrap();
    m.apply(&ev(2, EventKind::Next)).unwrap();
    m.apply(&ev(3, EventKind::Undo)).unwrap();
    m.apply(&ev(4, EventKind::End)).unwrap();
    let (again, refused) = Meeting::replay(agenda(), &m.events());
    assert!(refused.is_empty());
    assert_eq!(again.items, m.items);
    assert_eq!(again.phase, Phase::Ended);
}

#[test]
fn entries_can_be_edited_converted_and_deleted() {
    let mut m = started();
    m.apply(&ev(
        1,
        EventKind::Capture(Capture::Outcome(Outcome {
            text: "Ada will write it".into(),
            private: false,
        })),
    ))
    .unwrap();
    m.apply(&ev(
        2,
        EventKind::Capture(Capture::Note(Note {
            text: "keep".into(),
            private: false,
        })),
    ))
    .unwrap();
    let id = m.items[0].entries[0].id;
    let to_action = Capture::Action(Action {
        owners: vec!["Ada Moreno".into()],
        text: "Write it".into(),
        due: None,
        private: false,
    });
    m.apply(&ev(
        3,
        EventKind::ReplaceEntry {
            entry: id,
            with: to_action,
        },
    ))
    .unwrap();
    assert!(matches!(m.items[0].entries[0].kind, EntryKind::Action(0)));
    assert_eq!(
        m.items[0].entries[0].at,
        t(1),
        "an edit keeps the entry's time"
    );
    let back = Capture::Outcome(Outcome {
        text: "Ada writes it".into(),
        private: false,
    });
    m.apply(&ev(
        4,
        EventKind::ReplaceEntry {
            entry: id,
            with: back,
        },
    ))
    .unwrap();
    assert_eq!(
        m.items[0].entries[0].kind,
        EntryKind::Outcome(Box::new(Outcome {
            text: "Ada writes it".into(),
            private: false
        }))
    );
    assert!(
        m.actions[0].removed,
        "the action it was is gone from the record"
    );
    m.apply(&ev(5, EventKind::DeleteEntry { entry: id }))
        .unwrap();
    assert_eq!(m.items[0].entries.len(), 1);
    refuse(&mut m, ev(6, EventKind::DeleteEntry { entry: id }));
    let empty = Capture::Note(Note {
        text: " ".into(),
        private: false,
    });
    let keep = m.items[0].entries[0].id;
    refuse(
        &mut m,
        ev(
            6,
            EventKind::ReplaceEntry {
                entry: keep,
                with: empty,
            },
        ),
    );
    m.apply(&ev(7, EventKind::Undo)).unwrap();
    assert_eq!(
        m.items[0].entries.len(),
        2,
        "undo brings a deleted entry back"
    );
}

#[test]
fn moving_items_keeps_the_current_item_and_actions_attached() {
    let mut m = started();
    m.apply(&ev(
        1,
        EventKind::Capture(Capture::Action(Action {
            owners: vec!["Ada Moreno".into()],
            text: "x".into(),
            due: None,
            private: false,
        })),
    ))
    .unwrap();
    m.apply(&ev(2, EventKind::MoveItem { from: 3, to: 0 }))
        .unwrap();
    assert_eq!(m.items[0].title, "Other business");
    assert_eq!(m.current, Some(1), "Welcome is still the current item");
    assert_eq!(m.actions[0].item, Some(1));
    m.apply(&ev(3, EventKind::MoveItem { from: 0, to: 3 }))
        .unwrap();
    assert_eq!(m.items[3].title, "Other business");
    assert_eq!(m.current, Some(0));
    refuse(&mut m, ev(4, EventKind::MoveItem { from: 0, to: 9 }));
}

#[test]
fn a_follow_up_item_takes_over_the_queue() {
    let mut m = started();
    m.apply(&ev(
        1,
        EventKind::Queue {
            name: "Ben Okafor".into(),
            kind: QueueKind::Topic,
            topic: Some("budget".into()),
        },
    ))
    .unwrap();
    m.apply(&ev(
        2,
        EventKind::FollowUp {
            title: "Budget, continued".into(),
            timebox: 300,
        },
    ))
    .unwrap();
    assert!(m.queue.is_empty());
    assert_eq!(m.items[1].title, "Budget, continued");
    m.apply(&ev(3, EventKind::Next)).unwrap();
    assert!(m.items[0].unheard.is_empty(), "nobody was dropped");
    assert_eq!(
        m.queue.len(),
        1,
        "the queue is back when the follow-up opens"
    );
    m.apply(&ev(4, EventKind::Speak)).unwrap();
    refuse(
        &mut m,
        ev(
            5,
            EventKind::FollowUp {
                title: "x".into(),
                timebox: 60,
            },
        ),
    );
}

#[test]
fn corrections_take_special_characters_literally_and_undo() {
    let mut m = started();
    m.apply(&ev(
        1,
        EventKind::Capture(Capture::Note(Note {
            text: "cost is $5.* per (unit) [approx]".into(),
            private: false,
        })),
    ))
    .unwrap();
    m.apply(&ev(
        2,
        EventKind::Correct {
            old: "$5.*".into(),
            new: "\\1 & $0".into(),
            global: false,
        },
    ))
    .unwrap();
    assert_eq!(
        m.items[0].entries[0].kind,
        EntryKind::Note(Note {
            text: "cost is \\1 & $0 per (unit) [approx]".into(),
            private: false
        })
    );
    m.apply(&ev(
        3,
        EventKind::Correct {
            old: "(unit) [approx]".into(),
            new: "".into(),
            global: true,
        },
    ))
    .unwrap();
    assert_eq!(
        m.items[0].entries[0].kind,
        EntryKind::Note(Note {
            text: "cost is \\1 & $0 per ".into(),
            private: false
        })
    );
    m.apply(&ev(4, EventKind::Undo)).unwrap();
    m.apply(&ev(5, EventKind::Undo)).unwrap();
    assert_eq!(
        m.items[0].entries[0].kind,
        EntryKind::Note(Note {
            text: "cost is $5.* per (unit) [approx]".into(),
            private: false
        })
    );
}

/// A vote in a journal was accepted when it was taken: even one with more votes than the
/// voting members present (recorded by a build that did not check the room) is replayed.
#[test]
fn a_recorded_vote_is_never_dropped_on_replay() {
    let events = [
        ev(0, EventKind::Start),
        ev(
            1,
            EventKind::Attendance {
                names: vec!["Ada Moreno".into()],
                status: Presence::Present,
            },
        ),
        ev(
            2,
            EventKind::Capture(Capture::Vote(Ballot {
                yes: 7,
                against: 0,
                abstain: 0,
                text: None,
                more_than_present: false,
            })),
        ),
    ];
    let mut fresh = Meeting::new(agenda());
    assert!(fresh.apply(&events[0]).is_ok() && fresh.apply(&events[1]).is_ok());
    assert!(fresh.apply(&events[2]).is_err(), "typed now, it is refused");
    // As an older build wrote them: without the `more_than_present` field.
    let journal: Vec<Event> = events
        .iter()
        .map(|e| {
            let line = serde_json::to_string(e).unwrap();
            let old = line.replace(",\"more_than_present\":false", "");
            assert!(!old.contains("more_than_present"), "{old}");
            serde_json::from_str(&old).unwrap()
        })
        .collect();
    let (m, refused) = Meeting::replay(agenda(), &journal);
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(m.entries().count(), 1);
}

/// Issue 15: a meeting held long after its agenda's date keeps one date (the agenda's:
/// `gavel run` asks first and re-dates the agenda when it runs as today's), and
/// `/nextmeeting` earlier than the day it was held is refused.
#[test]
fn a_meeting_held_on_another_day_has_one_date_and_no_next_meeting_before_it() {
    let mut m = Meeting::new(agenda());
    let held = Utc.with_ymd_and_hms(2026, 11, 29, 17, 0, 0).unwrap();
    m.apply(&Event::new(held, EventKind::Start)).unwrap();
    assert_eq!(
        m.date(),
        agenda().meeting.date,
        "the agenda's date, as on screen"
    );
    let between = chrono::NaiveDate::from_ymd_opt(2026, 6, 1)
        .unwrap()
        .and_hms_opt(17, 0, 0)
        .unwrap();
    let why = refuse(
        &mut m,
        Event::new(held, EventKind::NextMeeting { when: between }),
    );
    assert!(why.contains("after this one (2026-11-29)"), "{why}");
    let later = chrono::NaiveDate::from_ymd_opt(2026, 12, 13)
        .unwrap()
        .and_hms_opt(17, 0, 0)
        .unwrap();
    m.apply(&Event::new(held, EventKind::NextMeeting { when: later }))
        .unwrap();
}

// ---- a call's attendance report (issue 19 item 5) ----

fn mark(min: i64, names: &[&str], status: Presence) -> Event {
    ev(
        min,
        EventKind::Attendance {
            names: names.iter().map(|n| n.to_string()).collect(),
            status,
        },
    )
}

fn reported(name: &str, joined: i64, left: Option<i64>) -> Reported {
    Reported {
        name: name.into(),
        joined: t(joined),
        left: left.map(t),
    }
}

fn report(min: i64, people: Vec<Reported>) -> Event {
    ev(
        min,
        EventKind::AttendanceReport {
            source: "Zoom report participants.csv".into(),
            people,
        },
    )
}

fn person<'a>(m: &'a Meeting, name: &str) -> &'a Attendee {
    m.attendees()
        .iter()
        .find(|a| a.name == name)
        .expect("on the roster")
}

/// Issue 19 item 5: a report applied after the end records the call's own times; the
/// minutes show them, and the quorum timeline and the clocks are those of the meeting.
#[test]
fn a_report_after_the_end_records_the_calls_times_and_leaves_the_quorum_timeline_alone() {
    let mut m = started();
    m.apply(&mark(2, &["Ada Moreno"], Presence::Present))
        .unwrap();
    m.apply(&ev(60, EventKind::End)).unwrap();
    let (quorum, ended, last) = (m.quorum_changes().to_vec(), m.ended_at(), m.last_at());
    m.apply(&report(
        75,
        vec![
            reported("Ada Moreno", -2, None),
            reported("Ben Okafor", 20, Some(45)),
            reported("Cy Park", 3, None),
        ],
    ))
    .unwrap();
    let ada = person(&m, "Ada Moreno");
    assert_eq!(
        (ada.presence, ada.joined_at),
        (Presence::Present, Some(t(-2))),
        "the earlier of the mark (17:02) and the report (16:58)"
    );
    let ben = person(&m, "Ben Okafor");
    assert_eq!(
        (ben.presence, ben.joined_at, ben.left_at),
        (Presence::Left, Some(t(20)), Some(t(45)))
    );
    assert_eq!(person(&m, "Cy Park").joined_at, Some(t(3)));
    assert_eq!(m.quorum_changes(), quorum, "nothing noted after the end");
    assert_eq!(m.ended_at(), ended);
    assert_eq!(m.last_at(), Some(t(75)));
    assert!(last < m.last_at());
    let minutes = crate::minutes::Minutes::build(&m, t(75), crate::minutes::Options::default());
    let row = |name: &str| {
        minutes
            .attendance
            .iter()
            .find(|a| a.name == name)
            .cloned()
            .expect("in the minutes")
    };
    let ben = row("Ben Okafor");
    assert_eq!(
        (
            ben.status.as_str(),
            ben.joined.as_deref(),
            ben.left.as_deref()
        ),
        ("left", Some("17:20"), Some("17:45"))
    );
    assert!(ben.joined_late, "17:20 is after the roll call");
    assert!(!row("Cy Park").joined_late, "17:03 is in the roll call");
    let md = crate::minutes::markdown::render(&minutes);
    assert!(md.contains("y (17:20–17:45)"), "{md}");
}

/// The report's past times never rewrite the quorum timeline nor a vote already taken: the
/// quorum moves at the moment the report is applied, as for any mark.
#[test]
fn a_report_moves_the_quorum_when_it_is_applied_never_before() {
    let mut m = started();
    m.apply(&ev(
        20,
        EventKind::Capture(Capture::Vote(Ballot {
            yes: 0,
            against: 0,
            abstain: 0,
            text: Some("Adopt the charter".into()),
            more_than_present: false,
        })),
    ))
    .unwrap();
    m.apply(&report(
        30,
        vec![
            reported("Ada Moreno", 1, None),
            reported("Ben Okafor", 2, None),
            reported("Cy Park", 3, None),
        ],
    ))
    .unwrap();
    assert_eq!(m.quorum_count(), 3);
    assert_eq!(m.quorum_met(), Some(true));
    assert_eq!(
        m.quorum_changes(),
        [(t(0), 0, false), (t(30), 3, true)],
        "met when the report was applied, not back-dated to 17:03"
    );
    let vote = m
        .entries()
        .find_map(|(_, e)| match &e.kind {
            EntryKind::Vote(v) => Some(v.clone()),
            _ => None,
        })
        .expect("the vote");
    assert_eq!((vote.present, vote.result), (0, VoteResult::NoQuorum));
}

/// The later word wins: the report's (their leave, else their join) or the moderator's mark;
/// the earlier join is kept either way.
#[test]
fn a_later_mark_stands_and_the_earlier_join_is_kept() {
    let mut m = started();
    m.apply(&mark(
        5,
        &["Ada Moreno", "Ben Okafor", "Cy Park"],
        Presence::Present,
    ))
    .unwrap();
    m.apply(&mark(40, &["Cy Park"], Presence::Left)).unwrap();
    m.apply(&mark(50, &["Dee Lin"], Presence::Absent)).unwrap();
    m.apply(&report(
        55,
        vec![
            reported("Ada Moreno", 2, None),
            reported("Ben Okafor", 1, Some(30)),
            reported("Cy Park", 3, None),
            reported("Dee Lin", 4, Some(20)),
        ],
    ))
    .unwrap();
    let state = |n: &str| {
        let a = person(&m, n);
        (a.presence, a.joined_at, a.left_at)
    };
    assert_eq!(state("Ada Moreno"), (Presence::Present, Some(t(2)), None));
    assert_eq!(
        state("Ben Okafor"),
        (Presence::Left, Some(t(1)), Some(t(30))),
        "the report's leave at 17:30 is later than the mark at 17:05"
    );
    assert_eq!(
        state("Cy Park"),
        (Presence::Left, Some(t(3)), Some(t(40))),
        "the mark at 17:40 is later than the report's join"
    );
    assert_eq!(
        state("Dee Lin"),
        (Presence::Absent, None, None),
        "marked absent at 17:50, after the report's leave at 17:20"
    );
}

#[test]
fn a_report_is_refused_whole_when_any_of_it_is_wrong() {
    let mut m = started();
    m.apply(&mark(5, &["Ada Moreno"], Presence::Present))
        .unwrap();
    let ok = || reported("Ada Moreno", 1, None);
    let why = refuse(
        &mut m,
        report(30, vec![ok(), reported("Zed Quill", 1, None)]),
    );
    assert!(why.contains("Zed Quill is not on the roster"), "{why}");
    let why = refuse(&mut m, report(30, vec![ok(), ok()]));
    assert!(why.contains("twice"), "{why}");
    let why = refuse(
        &mut m,
        report(30, vec![reported("Ben Okafor", 20, Some(10))]),
    );
    assert!(
        why.contains("leaving at 17:10 before joining at 17:20"),
        "{why}"
    );
    let why = refuse(
        &mut m,
        report(30, vec![reported("Ben Okafor", 20, Some(45))]),
    );
    assert!(why.contains("later than now (17:30)"), "{why}");
    let why = refuse(&mut m, report(30, vec![]));
    assert!(why.contains("nobody"), "{why}");
}

/// The event carries everything: the journal's line replays to the same meeting (crash
/// recovery, `gavel export`), and an undo takes the whole report back.
#[test]
fn a_report_replays_identically_from_the_journal_and_undoes_whole() {
    let mut m = started();
    m.apply(&mark(5, &["Ada Moreno"], Presence::Present))
        .unwrap();
    let before = m.clone();
    m.apply(&report(
        30,
        vec![
            reported("Ada Moreno", 1, None),
            reported("Ben Okafor", 2, Some(25)),
        ],
    ))
    .unwrap();
    let bytes = crate::session::journal::encode_all(&m.events());
    let read = crate::session::journal::read(&bytes).expect("reads");
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    let (again, refused) = Meeting::replay(agenda(), &read.events);
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(again, m);
    m.apply(&ev(31, EventKind::Undo)).unwrap();
    assert_eq!(m.attendees(), before.attendees());
}

/// Issue 16, item 15: a note, outcome or topic is kept as a reference to its entry, not a
/// second copy. The events in effect must still come back exactly as applied, whatever later
/// events did to those entries (corrected, edited, turned into an action, made private,
/// deleted), and every undo must rebuild the meeting a replay of the rest would give.
#[test]
fn events_kept_as_references_to_entries_come_back_exactly() {
    let note = |text: &str, private| {
        EventKind::Capture(Capture::Note(Note {
            text: text.into(),
            private,
        }))
    };
    let kinds = vec![
        EventKind::Start,
        note("the budget is 40k", false),
        EventKind::Capture(Capture::Topic(Topic {
            title: "Venue".into(),
        })),
        EventKind::Capture(Capture::Outcome(Outcome {
            text: "Agreed: the budget".into(),
            private: false,
        })),
        note("secret 40k", true),
        EventKind::Correct {
            old: "40k".into(),
            new: "45k".into(),
            global: true,
        },
        note("typo here", false),
        EventKind::ReplaceEntry {
            entry: 5,
            with: Capture::Note(Note {
                text: "no typo here".into(),
                private: true,
            }),
        },
        note("will be an action", false),
        EventKind::ReplaceEntry {
            entry: 6,
            with: Capture::Action(Action {
                owners: vec!["Ada Moreno".into()],
                text: "act on it".into(),
                due: None,
                private: false,
            }),
        },
        note("goes away", false),
        EventKind::DeleteEntry { entry: 7 },
        EventKind::Next,
        note("on the next item", false),
        EventKind::Correct {
            old: "next".into(),
            new: "second".into(),
            global: false,
        },
    ];
    let events: Vec<Event> = kinds
        .into_iter()
        .enumerate()
        .map(|(i, k)| ev(i as i64, k))
        .collect();
    let mut m = Meeting::new(agenda());
    for e in &events {
        m.apply(e).unwrap_or_else(|r| panic!("{e:?}: {r}"));
    }
    assert_eq!(m.events(), events);
    assert_eq!(m.event_count(), events.len());
    assert_eq!(m.last_event().as_ref(), events.last());
    // The entries show the changes; the events what was said.
    let texts: Vec<String> = m.entries().map(|(_, e)| format!("{:?}", e.kind)).collect();
    assert!(
        texts.iter().any(|t| t.contains("the budget is 45k")),
        "{texts:?}"
    );
    for n in (0..events.len()).rev() {
        m.apply(&ev(200 - n as i64, EventKind::Undo)).unwrap();
        let (again, refused) = Meeting::replay(agenda(), &events[..n]);
        assert!(refused.is_empty());
        assert_eq!(m.events(), events[..n], "after undoing to {n}");
        assert_eq!(m.items, again.items, "after undoing to {n}");
        assert_eq!(m.actions, again.actions, "after undoing to {n}");
        assert_eq!(m.last_event().as_ref(), events[..n].last());
    }
}

/// A long run of notes is one record in the list of events in effect, not one each; the
/// events still come back one by one.
#[test]
fn a_run_of_notes_is_kept_as_one_record() {
    let mut m = started();
    let events: Vec<Event> = (1..=1000)
        .map(|i| {
            ev(
                i / 100,
                EventKind::Capture(Capture::Note(Note {
                    text: format!("note {i}"),
                    private: i % 7 == 0,
                })),
            )
        })
        .collect();
    for e in &events {
        m.apply(e).unwrap();
    }
    assert_eq!(m.effective.len(), 2);
    assert_eq!(m.event_count(), 1001);
    assert_eq!(m.events()[1..], events[..]);
    m.apply(&ev(20, EventKind::Undo)).unwrap();
    assert_eq!(m.event_count(), 1000);
    assert_eq!(m.last_event().as_ref(), events.get(998));
}

/// `apply_owned` (what a replay from the journal uses) is `apply`: the same meeting, the
/// same refusals.
#[test]
fn apply_owned_gives_what_apply_gives() {
    let note = |text: &str| {
        EventKind::Capture(Capture::Note(Note {
            text: text.into(),
            private: false,
        }))
    };
    let events = vec![
        ev(0, note("before the start")),
        ev(1, EventKind::Start),
        ev(2, note("first")),
        ev(
            2,
            EventKind::Capture(Capture::Topic(Topic {
                title: "   ".into(),
            })),
        ),
        ev(
            3,
            EventKind::Capture(Capture::Topic(Topic {
                title: "Venue".into(),
            })),
        ),
        ev(1, note("time went backwards")),
        ev(
            4,
            EventKind::Capture(Capture::Outcome(Outcome {
                text: "agreed".into(),
                private: true,
            })),
        ),
        ev(5, EventKind::Undo),
        ev(6, EventKind::End),
        ev(7, note("after the end")),
    ];
    let (mut by_ref, mut owned) = (Meeting::new(agenda()), Meeting::new(agenda()));
    for e in &events {
        assert_eq!(by_ref.apply(e), owned.apply_owned(e.clone()), "{e:?}");
        assert_eq!(by_ref, owned, "{e:?}");
    }
}

/// Issue 24: the events a capture makes are written exactly as before it became one unit
/// (these lines are what gavel at 83bc9cc wrote), and read back to the same event.
#[test]
fn capture_events_keep_their_journal_format() {
    let lines = [
        r#"{"at":"2026-12-07T15:00:00Z","type":"note","text":"a note"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"note","text":"secret","private":true,"by":{"participant":"p1","name":"Ada","seq":3,"item":1}}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"outcome","text":"agreed","private":true}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"action","owners":["Ada","Bo"],"text":"write it","due":"2026-12-14","private":true}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"action","owners":["Ada"],"text":"write it","due":null}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"link","url":"https://example.org","text":"spec"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"link","url":"https://example.org","text":null}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"vote","for":5,"against":1,"abstain":0,"text":"the motion","more_than_present":false}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"vote","for":5,"against":1,"abstain":0,"text":null,"more_than_present":true}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"topic","title":"Budget"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"replace_entry","entry":4,"with":{"kind":"note","text":"x","private":false}}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"replace_entry","entry":4,"with":{"kind":"outcome","text":"x","private":true}}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"replace_entry","entry":4,"with":{"kind":"action","owners":["Ada"],"text":"x","due":null,"private":false}}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"recap","text":"r"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"goto","item":2}"#,
        // Issue 28: a motion and its steps.
        r#"{"at":"2026-12-07T15:00:00Z","type":"motion","text":"x","mover":"Ada","seconder":"Bo"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"motion","text":"x"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"second","name":"Bo"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"amend","text":"y"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"withdraw"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"consent"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"recuse","name":"Ada","reason":"a party"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"recuse","name":"Ada"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"roll_vote"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"ballot","name":"Ada","choice":"abstain"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"close_vote"}"#,
    ];
    for line in lines {
        let event: Event = serde_json::from_str(line).unwrap();
        assert_eq!(serde_json::to_string(&event).unwrap(), line);
    }
    // A vote from before `/vote!` was recorded on the word of the room.
    let old: Event = serde_json::from_str(
        r#"{"at":"2026-12-07T15:00:00Z","type":"vote","for":5,"against":1,"abstain":0,"text":null}"#,
    )
    .unwrap();
    assert!(serde_json::to_string(&old)
        .unwrap()
        .ends_with(r#""more_than_present":true}"#));
    for wrong in [
        r#"{"at":"2026-12-07T15:00:00Z","type":"referendum","text":"x"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"note"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"ballot","name":"Ada","choice":"maybe"}"#,
        r#"{"at":"2026-12-07T15:00:00Z","type":"replace_entry","entry":4,"with":{"kind":"topic","title":"x"}}"#,
    ] {
        assert!(serde_json::from_str::<Event>(wrong).is_err(), "{wrong}");
    }
}

/// An entry says whether it is private twice for a note or an outcome (`Entry::private`, which
/// an action's entry needs, and its payload's `private`): every capture and edit sets both.
#[test]
fn an_entrys_privacy_is_its_payloads_through_edits() {
    let mut m = started();
    let note = |text: &str, private| {
        Capture::Note(Note {
            text: text.into(),
            private,
        })
    };
    m.apply(&ev(1, EventKind::Capture(note("aside", true))))
        .unwrap();
    let id = m.items[0].entries[0].id;
    let edits = [
        Capture::Outcome(Outcome {
            text: "agreed".into(),
            private: false,
        }),
        Capture::Action(Action {
            owners: vec!["Ada Moreno".into()],
            text: "Write it".into(),
            due: None,
            private: true,
        }),
        note("public again", false),
        Capture::Outcome(Outcome {
            text: "between us".into(),
            private: true,
        }),
    ];
    for (n, with) in edits.into_iter().enumerate() {
        let private = with.is_private();
        m.apply(&ev(
            2 + n as i64,
            EventKind::ReplaceEntry { entry: id, with },
        ))
        .unwrap();
        let e = &m.items[0].entries[0];
        assert_eq!(e.private, private, "edit {n}");
        assert_eq!(m.entry_capture(e).is_private(), private, "edit {n}");
        if let Some(k) = e.kind.payload() {
            assert_eq!(k.is_private(), private, "edit {n}");
        }
    }
}

/// Every entry is as large as its largest kind, and a long meeting holds a million of them:
/// the kinds larger than a note (an outcome, a link, a vote) are boxed, and the author is
/// behind a thin pointer, so an entry stays 64 bytes (issue 30: 104 before, 99 MiB for the
/// entries of a 1,000,000-note export).
#[test]
fn an_entry_stays_compact() {
    assert!(
        std::mem::size_of::<EntryKind>() <= 32,
        "{}",
        std::mem::size_of::<EntryKind>()
    );
    assert!(
        std::mem::size_of::<Entry>() <= 80,
        "{}",
        std::mem::size_of::<Entry>()
    );
}
