//! Motions, recorded votes and recusals: every step, every refusal, and that each step
//! goes through the journal and a replay unchanged.

use super::super::tests::{agenda, t};
use super::*;

fn ev(min: i64, kind: EventKind) -> Event {
    Event::new(t(min), kind)
}

fn step(min: i64, s: MotionStep) -> Event {
    ev(min, EventKind::Motion(s))
}

fn motion(min: i64, text: &str, mover: Option<&str>, seconder: Option<&str>) -> Event {
    ev(
        min,
        EventKind::Capture(Capture::Motion(MotionText {
            text: text.into(),
            mover: mover.map(Into::into),
            seconder: seconder.map(Into::into),
        })),
    )
}

fn ballot(min: i64, name: &str, choice: Choice) -> Event {
    step(
        min,
        MotionStep::Ballot {
            name: name.into(),
            choice,
        },
    )
}

fn present(min: i64, names: &[&str]) -> Event {
    ev(
        min,
        EventKind::Attendance {
            names: names.iter().map(|n| n.to_string()).collect(),
            status: Presence::Present,
        },
    )
}

/// Started, on "Budget", with Ada, Ben and Cy (the three voting members) present.
fn quorate() -> Meeting {
    let mut m = Meeting::new(agenda());
    for e in [
        ev(0, EventKind::Start),
        present(1, &["Ada Moreno", "Ben Okafor", "Cy Park"]),
        ev(2, EventKind::Next),
    ] {
        m.apply(&e).unwrap();
    }
    m
}

fn refuse(m: &mut Meeting, e: Event) -> String {
    let before = m.clone();
    let err = m.apply(&e).expect_err("should be refused").0;
    assert_eq!(*m, before, "a refused event changed the meeting");
    err
}

fn end(m: &Meeting, n: usize) -> &DecidedBy {
    &m.motions()[n].end.as_ref().expect("decided").how
}

#[test]
fn a_motion_is_moved_seconded_amended_and_carried_by_consent() {
    let mut m = quorate();
    m.apply(&motion(3, "Adopt the budget", Some("Ada Moreno"), None))
        .unwrap();
    m.apply(&step(
        4,
        MotionStep::Second {
            name: "Ben Okafor".into(),
        },
    ))
    .unwrap();
    m.apply(&step(
        5,
        MotionStep::Amend {
            text: "Adopt the budget as revised".into(),
        },
    ))
    .unwrap();
    assert_eq!(m.open_motion_on(1), Some(0));
    m.apply(&step(6, MotionStep::Consent)).unwrap();
    let mo = &m.motions()[0];
    assert_eq!(mo.text, "Adopt the budget as revised");
    assert_eq!(mo.amended_from, ["Adopt the budget"]);
    assert_eq!(mo.seconder.as_deref(), Some("Ben Okafor"));
    let DecidedBy::Consent(v) = end(&m, 0) else {
        panic!("decided by consent")
    };
    assert_eq!(
        (v.result, v.present, v.quorum),
        (VoteResult::Carried, 3, Some(3))
    );
    assert_eq!(m.open_motion_on(1), None);
    assert!(m.motion_line(0).contains("carried by unanimous consent"));
}

#[test]
fn consent_without_quorum_is_recorded_and_says_so() {
    let mut m = Meeting::new(agenda());
    m.apply(&ev(0, EventKind::Start)).unwrap();
    m.apply(&present(1, &["Ada Moreno"])).unwrap();
    m.apply(&motion(2, "Adjourn early", None, None)).unwrap();
    m.apply(&step(3, MotionStep::Consent)).unwrap();
    let DecidedBy::Consent(v) = end(&m, 0) else {
        panic!("decided by consent")
    };
    assert_eq!(v.result, VoteResult::NoQuorum);
    assert!(m
        .motion_line(0)
        .contains("without quorum (1 present, 3 needed)"));
}

#[test]
fn a_recorded_vote_checks_every_ballot_and_tallies_by_the_rule() {
    let mut m = quorate();
    for e in [
        ev(
            2,
            EventKind::Guest {
                name: "Gil Ross".into(),
                affiliation: None,
            },
        ),
        present(2, &["Eve Sato", "Dee Lin"]),
        motion(3, "Adopt the budget", Some("Ada Moreno"), Some("Cy Park")),
        step(4, MotionStep::RollVote),
    ] {
        m.apply(&e).unwrap();
    }
    assert_eq!(m.voters(1), ["Ada Moreno", "Ben Okafor", "Cy Park"]);
    assert_eq!(
        refuse(&mut m, ballot(5, "Gil Ross", Choice::Yes)),
        "Gil Ross is a guest: only voting members vote"
    );
    assert_eq!(
        refuse(&mut m, ballot(5, "Eve Sato", Choice::Yes)),
        "Eve Sato is not a voting member"
    );
    assert!(refuse(&mut m, ballot(5, "Bea Okada", Choice::Yes)).contains("not a voting member"));
    assert!(refuse(&mut m, step(5, MotionStep::Amend { text: "x".into() })).contains("/closevote"));
    assert!(refuse(&mut m, step(5, MotionStep::Consent)).contains("/closevote"));
    assert!(refuse(&mut m, step(5, MotionStep::RollVote)).contains("already open"));
    assert!(refuse(&mut m, step(5, MotionStep::CloseVote)).contains("no ballot yet"));
    m.apply(&ballot(5, "Ada Moreno", Choice::No)).unwrap();
    // Changeable until closed: the ballot keeps its place.
    m.apply(&ballot(6, "Ada Moreno", Choice::Yes)).unwrap();
    m.apply(&ballot(6, "Ben Okafor", Choice::No)).unwrap();
    assert_eq!(m.motions()[0].tally(), [1, 1, 0]);
    assert!(m.motion_line(0).contains("voting: 1 yes, 1 no, 0 abstain"));
    m.apply(&ballot(7, "Cy Park", Choice::Yes)).unwrap();
    m.apply(&step(8, MotionStep::CloseVote)).unwrap();
    let DecidedBy::Recorded(v) = end(&m, 0) else {
        panic!("a recorded vote")
    };
    assert_eq!(
        (v.ballot.yes, v.ballot.against, v.ballot.abstain, v.result),
        (2, 1, 0, VoteResult::Carried)
    );
    assert_eq!(m.roll_vote(), None);
    assert!(refuse(&mut m, ballot(9, "Cy Park", Choice::No)).contains("no recorded vote is open"));
}

#[test]
fn an_alternate_votes_only_for_an_absent_principal_and_the_absent_not_at_all() {
    let mut m = Meeting::new(agenda());
    for e in [
        ev(0, EventKind::Start),
        present(1, &["Ada Moreno", "Ben Okafor", "Dee Lin"]),
        motion(3, "Adopt the budget", None, None),
        step(4, MotionStep::RollVote),
    ] {
        m.apply(&e).unwrap();
    }
    assert_eq!(m.voters(0), ["Ada Moreno", "Ben Okafor", "Dee Lin"]);
    assert!(refuse(&mut m, ballot(5, "Cy Park", Choice::Yes)).contains("not marked present"));
    m.apply(&ballot(5, "Dee Lin", Choice::Yes)).unwrap();
    let mut m2 = m.clone();
    m2.apply(&present(6, &["Cy Park"])).unwrap();
    assert_eq!(
        refuse(&mut m2, ballot(6, "Dee Lin", Choice::No)),
        "Dee Lin is Cy Park's alternate, and Cy Park is present and votes"
    );
}

#[test]
fn a_recused_member_is_out_of_the_vote_and_its_base() {
    let mut agenda_text = crate::meeting::tests::AGENDA.replace(
        "quorum = 3",
        "quorum = 3\nvote_rule = \"majority-of-present\"",
    );
    agenda_text.push('\n');
    let agenda = crate::agenda::parse_str(&agenda_text).unwrap().0;
    let mut m = Meeting::new(agenda);
    for e in [
        ev(0, EventKind::Start),
        present(1, &["Ada Moreno", "Ben Okafor", "Cy Park"]),
        motion(2, "Hire the vendor", None, None),
        step(3, MotionStep::RollVote),
        ballot(3, "Cy Park", Choice::Yes),
        step(
            4,
            MotionStep::Recuse {
                name: "Cy Park".into(),
                reason: Some("works for the vendor".into()),
            },
        ),
    ] {
        m.apply(&e).unwrap();
    }
    // The ballot cast before the recusal is taken back.
    assert!(m.motions()[0].ballots.is_empty());
    assert_eq!(
        refuse(&mut m, ballot(5, "Cy Park", Choice::Yes)),
        "Cy Park is recused from this item"
    );
    assert!(refuse(
        &mut m,
        step(
            5,
            MotionStep::Recuse {
                name: "Cy Park".into(),
                reason: None
            }
        )
    )
    .contains("already recused"));
    m.apply(&ballot(5, "Ada Moreno", Choice::Yes)).unwrap();
    m.apply(&ballot(5, "Ben Okafor", Choice::Abstain)).unwrap();
    m.apply(&step(6, MotionStep::CloseVote)).unwrap();
    // 1 yes of a base of 2 (3 present, 1 recused) is not more than half of it.
    let DecidedBy::Recorded(v) = end(&m, 0) else {
        panic!("a recorded vote")
    };
    assert_eq!((v.present, v.result), (3, VoteResult::Failed));
    assert_eq!(
        m.recused(0)[0].reason.as_deref(),
        Some("works for the vendor")
    );
}

#[test]
fn counts_decide_the_open_motion_and_deleting_them_reopens_it() {
    let mut m = quorate();
    m.apply(&motion(3, "Adopt the budget", None, None)).unwrap();
    let vote = Ballot {
        yes: 2,
        against: 1,
        abstain: 0,
        text: None,
        more_than_present: false,
    };
    m.apply(&ev(4, EventKind::Capture(Capture::Vote(vote.clone()))))
        .unwrap();
    let DecidedBy::Counts { entry, vote: v } = end(&m, 0).clone() else {
        panic!("decided by counts")
    };
    assert_eq!(v.result, VoteResult::Carried);
    m.apply(&ev(5, EventKind::DeleteEntry { entry })).unwrap();
    assert_eq!(m.open_motion_on(1), Some(0));
    // While a recorded vote is open, counts are refused.
    m.apply(&step(6, MotionStep::RollVote)).unwrap();
    assert!(refuse(&mut m, ev(7, EventKind::Capture(Capture::Vote(vote)))).contains("/closevote"));
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let mut m = quorate();
    assert!(refuse(&mut m, step(3, MotionStep::Consent)).starts_with("no motion is open"));
    assert!(refuse(&mut m, step(3, MotionStep::RollVote)).starts_with("no motion is open"));
    assert!(refuse(&mut m, motion(3, "  ", None, None)).contains("needs its text"));
    assert!(refuse(
        &mut m,
        motion(3, "X", Some("Ada Moreno"), Some("Ada Moreno"))
    )
    .contains("cannot second"));
    m.apply(&motion(3, "Adopt the budget", Some("Ada Moreno"), None))
        .unwrap();
    assert!(refuse(&mut m, motion(4, "Another", None, None)).contains("still open"));
    assert!(refuse(
        &mut m,
        step(
            4,
            MotionStep::Second {
                name: "Ada Moreno".into()
            }
        )
    )
    .contains("moved it"));
    m.apply(&step(
        4,
        MotionStep::Second {
            name: "Ben Okafor".into(),
        },
    ))
    .unwrap();
    assert!(refuse(
        &mut m,
        step(
            4,
            MotionStep::Second {
                name: "Cy Park".into()
            }
        )
    )
    .contains("already seconded by Ben Okafor"));
    assert!(refuse(
        &mut m,
        step(
            4,
            MotionStep::Amend {
                text: "Adopt the budget".into()
            }
        )
    )
    .contains("already reads so"));
    m.apply(&step(5, MotionStep::Withdraw)).unwrap();
    assert_eq!(end(&m, 0), &DecidedBy::Withdrawn);
    assert!(refuse(&mut m, step(6, MotionStep::Withdraw)).starts_with("no motion is open"));
    // Nobody who votes present: no recorded vote.
    let mut empty = Meeting::new(agenda());
    empty.apply(&ev(0, EventKind::Start)).unwrap();
    empty.apply(&motion(1, "X", None, None)).unwrap();
    assert!(refuse(&mut empty, step(2, MotionStep::RollVote)).contains("take the roll first"));
}

#[test]
fn every_step_goes_through_the_journal_form_and_a_replay_unchanged() {
    let mut m = quorate();
    let events = [
        motion(3, "Adopt the budget", Some("Ada Moreno"), None),
        step(
            3,
            MotionStep::Second {
                name: "Ben Okafor".into(),
            },
        ),
        step(
            4,
            MotionStep::Amend {
                text: "Adopt the revised budget".into(),
            },
        ),
        step(
            4,
            MotionStep::Recuse {
                name: "Cy Park".into(),
                reason: None,
            },
        ),
        step(5, MotionStep::RollVote),
        ballot(5, "Ada Moreno", Choice::Yes),
        ballot(5, "Ben Okafor", Choice::Abstain),
        step(6, MotionStep::CloseVote),
        ev(7, EventKind::Next),
        motion(8, "Defer the roadmap", None, None),
        step(9, MotionStep::Withdraw),
        motion(9, "Adjourn", None, None),
        step(9, MotionStep::Consent),
    ];
    for e in &events {
        let line = serde_json::to_string(e).unwrap();
        let back: Event = serde_json::from_str(&line).unwrap();
        assert_eq!(&back, e, "{line}");
        m.apply(&back).unwrap();
    }
    let (again, refused) = Meeting::replay(agenda(), &m.events());
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(again.motions(), m.motions());
    // An undo takes back the last step exactly.
    let before = m.clone();
    m.apply(&step(
        10,
        MotionStep::Recuse {
            name: "Ada Moreno".into(),
            reason: None,
        },
    ))
    .unwrap();
    m.apply(&ev(10, EventKind::Undo)).unwrap();
    assert_eq!(m.recused(2), before.recused(2));
    assert_eq!(m.motions(), before.motions());
}

#[test]
fn a_motion_holds_at_most_an_entry_of_text() {
    let m = quorate();
    let long = "x".repeat(MAX_ENTRY_BYTES + 1);
    let err = m.check_length(&motion(3, &long, None, None)).unwrap_err().0;
    assert!(err.starts_with("the motion would be"), "{err}");
    let err = m
        .check_length(&step(3, MotionStep::Amend { text: long }))
        .unwrap_err()
        .0;
    assert!(err.starts_with("the motion would be"), "{err}");
}
