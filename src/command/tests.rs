//! Parser tests: every command and alias, and every refusal.

use super::*;
use crate::meeting::tests_support::{meeting, t};

fn parse(line: &str) -> Result<EventKind, String> {
    parse_with(&meeting(), line)
}

fn parse_with(m: &Meeting, line: &str) -> Result<EventKind, String> {
    match interpret(line, m, t(0))? {
        Interpreted::Event(e) => Ok(e.kind),
        other => Err(format!("not an event: {other:?}")),
    }
}

fn note(text: &str) -> EventKind {
    EventKind::Capture(Capture::Note(Note {
        text: text.into(),
        private: false,
    }))
}

#[test]
fn plain_text_is_a_note_and_aliases_map() {
    assert_eq!(parse("We discussed it"), Ok(note("We discussed it")));
    assert_eq!(parse("/note a"), Ok(note("a")));
    assert_eq!(parse("/info a"), Ok(note("a")));
    assert_eq!(parse("//etc/hosts is fine"), Ok(note("/etc/hosts is fine")));
    for alias in ["/outcome", "/agreed", "/decided", "/OUTCOME"] {
        assert_eq!(
            parse(&format!("{alias} Ship it")),
            Ok(EventKind::Capture(Capture::Outcome(Outcome {
                text: "Ship it".into(),
                private: false
            })))
        );
    }
}

#[test]
fn bare_flow_commands() {
    assert_eq!(parse("/start"), Ok(EventKind::Start));
    assert_eq!(parse("/next"), Ok(EventKind::Next));
    assert_eq!(parse("/prev"), Ok(EventKind::Prev));
    assert_eq!(parse("/pause"), Ok(EventKind::Pause));
    assert_eq!(parse("/resume"), Ok(EventKind::Resume));
    assert_eq!(parse("/end"), Ok(EventKind::End));
    assert_eq!(parse("/undo"), Ok(EventKind::Undo));
    assert_eq!(parse("/speak"), Ok(EventKind::Speak));
    assert!(parse("/next please").is_err());
}

#[test]
fn goto_by_number_or_title_prefix() {
    assert_eq!(parse("/goto 2"), Ok(EventKind::Goto { item: 1 }));
    assert_eq!(parse("/goto bud"), Ok(EventKind::Goto { item: 1 }));
    assert!(parse("/goto 9").unwrap_err().contains("no item 9"));
    assert!(parse("/goto").is_err());
    assert!(parse("/goto zebra").is_err());
}

#[test]
fn extend_defer_add() {
    assert_eq!(parse("/extend"), Ok(EventKind::Extend { secs: 300 }));
    assert_eq!(parse("/extend 10m"), Ok(EventKind::Extend { secs: 600 }));
    assert!(parse("/extend soon").is_err());
    assert_eq!(parse("/defer 3"), Ok(EventKind::Defer { item: 2 }));
    assert!(parse("/defer").unwrap_err().contains("no item is running"));
    assert_eq!(
        parse("/add Security review @ben 15m"),
        Ok(EventKind::AddItem {
            title: "Security review".into(),
            presenter: Some("Ben Okafor".into()),
            timebox: 900
        })
    );
    assert_eq!(
        parse("/add Lunch plans"),
        Ok(EventKind::AddItem {
            title: "Lunch plans".into(),
            presenter: None,
            timebox: 600
        })
    );
    assert!(parse("/add").is_err());
}

#[test]
fn attendance_matches_names_by_prefix() {
    assert_eq!(
        parse("/present ada, ben okafor, OKAF"),
        Ok(EventKind::Attendance {
            names: vec!["Ada Moreno".into(), "Ben Okafor".into()],
            status: Presence::Present
        })
    );
    assert!(matches!(
        parse("/regrets cy"),
        Ok(EventKind::Attendance {
            status: Presence::Regrets,
            ..
        })
    ));
    assert!(matches!(
        parse("/absent eve"),
        Ok(EventKind::Attendance {
            status: Presence::Absent,
            ..
        })
    ));
    assert!(matches!(
        parse("/left dee"),
        Ok(EventKind::Attendance {
            status: Presence::Left,
            ..
        })
    ));
    assert!(parse("/present zed").unwrap_err().contains("nobody"));
    assert!(parse("/present").is_err());
}

#[test]
fn an_ambiguous_prefix_is_refused_with_the_candidates() {
    let err = parse("/present oka").unwrap_err();
    assert!(err.contains("Ben Okafor, Bea Okada"), "{err}");
}

#[test]
fn guests() {
    assert_eq!(
        parse("/guest Fay Wong (Example Org)"),
        Ok(EventKind::Guest {
            name: "Fay Wong".into(),
            affiliation: Some("Example Org".into())
        })
    );
    assert_eq!(
        parse("/guest Fay"),
        Ok(EventKind::Guest {
            name: "Fay".into(),
            affiliation: None
        })
    );
    assert!(parse("/guest").is_err());
}

/// Issue 15: `/guest A (Org), B (Org)` made one guest "A (Org), B" of "Org".
#[test]
fn guests_take_a_comma_list_and_a_comma_in_parentheses_is_the_affiliation() {
    use crate::meeting::NewGuest;
    let g = |name: &str, aff: Option<&str>| NewGuest {
        name: name.into(),
        affiliation: aff.map(String::from),
    };
    assert_eq!(
        parse("/guest Fay Wong (Example Org), Gil Roy (Acme, Inc.), Hal"),
        Ok(EventKind::Guests {
            guests: vec![
                g("Fay Wong", Some("Example Org")),
                g("Gil Roy", Some("Acme, Inc.")),
                g("Hal", None),
            ]
        })
    );
    let mut m = meeting();
    let e = crate::command::interpret("/guest Fay Wong (Example Org), Gil Roy (Acme)", &m, t(0))
        .unwrap();
    let crate::command::Interpreted::Event(e) = e else {
        panic!("an event")
    };
    m.apply(&e).unwrap();
    let guests: Vec<_> = m
        .attendees()
        .iter()
        .filter(|a| a.guest)
        .map(|a| (a.name.as_str(), a.affiliation.as_deref()))
        .collect();
    assert_eq!(
        guests,
        [("Fay Wong", Some("Example Org")), ("Gil Roy", Some("Acme"))]
    );
    let again = crate::meeting::Event::new(
        t(1),
        EventKind::Guests {
            guests: vec![g("Ivy", None), g("Fay Wong", None)],
        },
    );
    assert!(
        m.apply(&again).is_err(),
        "one known name refuses the whole line"
    );
    assert!(!m.attendees().iter().any(|a| a.name == "Ivy"));
}

#[test]
fn actions_with_owners_and_due_dates() {
    let due = chrono::NaiveDate::from_ymd_opt(2026, 3, 18);
    assert_eq!(
        parse("/action ada, ben: Draft the charter due 2026-03-18"),
        Ok(EventKind::Capture(Capture::Action(Action {
            owners: vec!["Ada Moreno".into(), "Ben Okafor".into()],
            text: "Draft the charter".into(),
            due,
            private: false
        })))
    );
    assert_eq!(
        parse("/action Infra team: fix CI (due 2026-03-18)"),
        Ok(EventKind::Capture(Capture::Action(Action {
            owners: vec!["Infra team".into()],
            text: "fix CI".into(),
            due,
            private: false
        })))
    );
    assert!(matches!(
        parse("/action /private ada: rotate the key"),
        Ok(EventKind::Capture(Capture::Action(Action {
            private: true,
            ..
        })))
    ));
    assert!(parse("/action nobody owns this").is_err());
    assert!(parse("/action ada: x due 2026-13-45").is_err());
    assert!(parse("/action oka: x").unwrap_err().contains("matches"));
    assert!(parse("/action ada:").is_err());
}

#[test]
fn links_and_votes() {
    assert_eq!(
        parse("/link https://example.org/pr/1 The PR"),
        Ok(EventKind::Capture(Capture::Link(Link {
            url: "https://example.org/pr/1".into(),
            text: Some("The PR".into())
        })))
    );
    assert!(parse("/link").is_err());
    assert_eq!(
        parse("/vote for 5 against 1 abstain 2 Adopt the charter"),
        Ok(EventKind::Capture(Capture::Vote(Ballot {
            yes: 5,
            against: 1,
            abstain: 2,
            text: Some("Adopt the charter".into()),
            more_than_present: false
        })))
    );
    assert_eq!(
        parse("/vote for 3, against 0"),
        Ok(EventKind::Capture(Capture::Vote(Ballot {
            yes: 3,
            against: 0,
            abstain: 0,
            text: None,
            more_than_present: false
        })))
    );
    assert_eq!(
        parse("/vote for 4, against 1: Request 18,000 EUR, for the farm"),
        Ok(EventKind::Capture(Capture::Vote(Ballot {
            yes: 4,
            against: 1,
            abstain: 0,
            text: Some("Request 18,000 EUR, for the farm".into()),
            more_than_present: false
        })))
    );
    assert_eq!(
        parse("/vote against 2 for 3 no  more  spaces"),
        Ok(EventKind::Capture(Capture::Vote(Ballot {
            yes: 3,
            against: 2,
            abstain: 0,
            text: Some("no  more  spaces".into()),
            more_than_present: false
        })))
    );
    assert_eq!(
        parse("/vote! for 7 against 0 abstain 0 Adopt"),
        Ok(EventKind::Capture(Capture::Vote(Ballot {
            yes: 7,
            against: 0,
            abstain: 0,
            text: Some("Adopt".into()),
            more_than_present: true
        })))
    );
    assert!(parse("/vote soon").is_err());
    assert!(parse("/vote for x").is_err());
    assert!(parse("/vote for 1 for 2").is_err());
}

#[test]
fn reviews_recap_next_meeting() {
    assert_eq!(
        parse("/done 1"),
        Ok(EventKind::Review {
            action: 0,
            status: ReviewStatus::Done
        })
    );
    assert_eq!(
        parse("/ongoing 2"),
        Ok(EventKind::Review {
            action: 1,
            status: ReviewStatus::Ongoing
        })
    );
    assert_eq!(
        parse("/dropped 2"),
        Ok(EventKind::Review {
            action: 1,
            status: ReviewStatus::Dropped
        })
    );
    assert!(parse("/done 3").is_err());
    assert!(parse("/done x").is_err());
    assert_eq!(
        parse("/recap All good."),
        Ok(EventKind::Recap {
            text: "All good.".into()
        })
    );
    assert!(parse("/recap").is_err());
    let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 18)
        .unwrap()
        .and_hms_opt(16, 30, 0)
        .unwrap();
    assert_eq!(
        parse("/nextmeeting 2026-03-18 16:30"),
        Ok(EventKind::NextMeeting { when: at })
    );
    let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 18)
        .unwrap()
        .and_hms_opt(17, 0, 0)
        .unwrap();
    assert_eq!(
        parse("/nextmeeting 2026-03-18"),
        Ok(EventKind::NextMeeting { when: at })
    );
    assert!(parse("/nextmeeting next week").is_err());
}

#[test]
fn queue_commands() {
    assert_eq!(
        parse("/queue ben okafor reply on the budget"),
        Ok(EventKind::Queue {
            name: "Ben Okafor".into(),
            kind: QueueKind::Reply,
            topic: Some("on the budget".into())
        })
    );
    assert_eq!(
        parse("/queue ada"),
        Ok(EventKind::Queue {
            name: "Ada Moreno".into(),
            kind: QueueKind::Topic,
            topic: None
        })
    );
    assert!(matches!(
        parse("/queue cy order"),
        Ok(EventKind::Queue {
            kind: QueueKind::Order,
            ..
        })
    ));
    assert!(matches!(
        parse("/queue cy clarify why"),
        Ok(EventKind::Queue {
            kind: QueueKind::Clarify,
            ..
        })
    ));
    assert!(parse("/queue zed").is_err());
    assert_eq!(
        parse("/unqueue ada"),
        Ok(EventKind::Unqueue {
            name: "Ada Moreno".into()
        })
    );
}

#[test]
fn corrections_and_private_notes() {
    assert_eq!(
        parse("s/teh/the/"),
        Ok(EventKind::Correct {
            old: "teh".into(),
            new: "the".into(),
            global: false
        })
    );
    assert_eq!(
        parse("s/a\\/b/c/g"),
        Ok(EventKind::Correct {
            old: "a/b".into(),
            new: "c".into(),
            global: true
        })
    );
    assert_eq!(
        parse("s/x/y"),
        Ok(EventKind::Correct {
            old: "x".into(),
            new: "y".into(),
            global: false
        })
    );
    assert!(parse("s//y/").is_err());
    assert!(parse("s/a/b/x").is_err());
    assert_eq!(
        parse("/private embargoed"),
        Ok(EventKind::Capture(Capture::Note(Note {
            text: "embargoed".into(),
            private: true
        })))
    );
    assert!(matches!(
        parse("/outcome /private keep quiet"),
        Ok(EventKind::Capture(Capture::Outcome(Outcome {
            private: true,
            ..
        })))
    ));
}

#[test]
fn unknown_commands_suggest_the_closest() {
    let err = parse("/outcom x").unwrap_err();
    assert!(err.contains("/outcome"), "{err}");
    assert!(parse("/frobnicate").unwrap_err().contains("/help"));
    assert!(parse("   ").is_err());
}

#[test]
fn control_characters_never_reach_an_event() {
    let Ok(EventKind::Capture(Capture::Note(Note { text, .. }))) =
        parse("evil \u{1b}]0;title\u{7} text")
    else {
        panic!()
    };
    assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
}

#[test]
fn queries_show_and_change_nothing() {
    let m = meeting();
    assert!(matches!(
        interpret("/actions", &m, t(0)),
        Ok(Interpreted::Show { .. })
    ));
    assert!(matches!(
        interpret("/help", &m, t(0)),
        Ok(Interpreted::Help)
    ));
    assert!(
        interpret("/rebalance", &m, t(0)).is_err(),
        "not started yet"
    );
}

#[test]
fn actions_by_owner_lists_new_and_open_old_actions() {
    let mut m = meeting();
    let e = interpret("/action ada: write notes", &m, t(0)).unwrap();
    let Interpreted::Event(e) = e else { panic!() };
    m.apply(&e).unwrap();
    let text = actions_by_owner(&m);
    assert!(text.contains("Ada Moreno:\n  - write notes"), "{text}");
    assert!(
        text.contains("Draft the charter (old action 1, not reviewed)"),
        "{text}"
    );
}

#[test]
fn follow_up_titles_and_durations() {
    let mut m = meeting();
    m.apply(&crate::meeting::Event::new(t(0), EventKind::Start))
        .unwrap();
    assert_eq!(
        parse_with(&m, "/followup"),
        Ok(EventKind::FollowUp {
            title: "Follow-up: Welcome".into(),
            timebox: 600
        })
    );
    assert_eq!(
        parse_with(&m, "/followup Budget details 5m"),
        Ok(EventKind::FollowUp {
            title: "Budget details".into(),
            timebox: 300
        })
    );
}

#[test]
fn follow_up_is_listed_for_help_and_completion() {
    let spec = COMMANDS.iter().find(|c| c.name == "/followup").unwrap();
    assert!(!spec.help.is_empty());
    assert_eq!(complete_command("/fol").collect::<Vec<_>>(), ["/followup"]);
}

#[test]
fn every_listed_command_and_alias_is_understood() {
    let m = meeting();
    for c in COMMANDS {
        let typed = match c.form {
            Form::Slash => c.name.to_string(),
            Form::Prefix(p) => format!("{p}a/b/"),
        };
        for name in std::iter::once(typed.as_str()).chain(c.aliases.iter().copied()) {
            if let Err(e) = interpret(name, &m, t(0)) {
                assert!(!e.contains("unknown command"), "{name}: {e}");
            }
        }
    }
    // Names and aliases are unique, so each line goes to one command.
    let mut all: Vec<&str> = COMMANDS
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count);
}

/// A capture's command line (what an edit starts from and a rescue writes) reads back as
/// the same capture, for every kind.
#[test]
fn a_capture_reads_back_from_its_command_line() {
    for line in [
        "/note a note",
        "/private a secret",
        "/outcome Agreed: ship it",
        "/outcome /private the budget holds",
        "/action Ada, Bo: write it due 2026-03-10",
        "/action /private Ada: call the bank",
        "/link https://example.org the spec",
        "/link https://example.org",
        "/vote for 3 against 1 abstain 2 the motion",
        "/vote! for 30 against 0",
        "/topic Next steps",
    ] {
        let Ok(EventKind::Capture(capture)) = parse(line) else {
            panic!("{line} is not a capture");
        };
        assert_eq!(
            parse(&capture.command_line()),
            Ok(EventKind::Capture(capture)),
            "{line}"
        );
    }
}

/// Issue 28: the motion commands, names matched against the roster.
#[test]
fn motion_commands_read_their_names_and_text() {
    use crate::meeting::{Choice, MotionStep, MotionText};
    let motion = |text: &str, mover: Option<&str>, seconder: Option<&str>| {
        Ok(EventKind::Capture(Capture::Motion(MotionText {
            text: text.into(),
            mover: mover.map(Into::into),
            seconder: seconder.map(Into::into),
        })))
    };
    assert_eq!(
        parse("/motion Adopt the budget moved by ada seconded by okafor"),
        motion("Adopt the budget", Some("Ada Moreno"), Some("Ben Okafor"))
    );
    assert_eq!(
        parse("/motion Adopt the budget, seconded by Ben Okafor; moved by cy."),
        motion("Adopt the budget", Some("Cy Park"), Some("Ben Okafor"))
    );
    assert_eq!(
        parse("/motion Thank the removed-by-mistake reviewers"),
        motion("Thank the removed-by-mistake reviewers", None, None)
    );
    assert!(parse("/motion moved by ada")
        .unwrap_err()
        .starts_with("write a motion"));
    assert!(parse("/motion X moved by zed")
        .unwrap_err()
        .contains("nobody on the roster"));
    assert!(parse("/motion X moved by ada moved by ben")
        .unwrap_err()
        .contains("each once"));
    assert_eq!(
        parse("/second ben"),
        Ok(EventKind::Motion(MotionStep::Second {
            name: "Ben Okafor".into()
        }))
    );
    assert!(parse("/second").is_err());
    assert_eq!(
        parse("/amend Adopt the revised budget"),
        Ok(EventKind::Motion(MotionStep::Amend {
            text: "Adopt the revised budget".into()
        }))
    );
    assert!(parse("/amend").is_err());
    for (line, step) in [
        ("/withdraw", MotionStep::Withdraw),
        ("/consent", MotionStep::Consent),
        ("/rollvote", MotionStep::RollVote),
        ("/closevote", MotionStep::CloseVote),
    ] {
        assert_eq!(parse(line), Ok(EventKind::Motion(step)));
        assert!(parse(&format!("{line} now")).is_err());
    }
    let recuse = |name: &str, reason: Option<&str>| {
        Ok(EventKind::Motion(MotionStep::Recuse {
            name: name.into(),
            reason: reason.map(Into::into),
        }))
    };
    assert_eq!(parse("/recuse cy"), recuse("Cy Park", None));
    assert_eq!(
        parse("/recuse Cy Park works for the vendor"),
        recuse("Cy Park", Some("works for the vendor"))
    );
    assert_eq!(
        parse("/recuse ada: a party to the contract"),
        recuse("Ada Moreno", Some("a party to the contract"))
    );
    assert_eq!(
        parse("/recuse Ben Okafor (conflict of interest)"),
        recuse("Ben Okafor", Some("conflict of interest"))
    );
    assert!(parse("/recuse zed")
        .unwrap_err()
        .contains("nobody on the roster"));
    assert_eq!(
        parse("/ballot ben okafor nay"),
        Ok(EventKind::Motion(MotionStep::Ballot {
            name: "Ben Okafor".into(),
            choice: Choice::No
        }))
    );
    assert_eq!(
        parse("/ballot ada YES"),
        Ok(EventKind::Motion(MotionStep::Ballot {
            name: "Ada Moreno".into(),
            choice: Choice::Yes
        }))
    );
    assert!(parse("/ballot ada maybe")
        .unwrap_err()
        .contains("is not a vote"));
    assert!(parse("/ballot ada").is_err());
}

#[test]
fn a_github_handle_names_its_person_wherever_a_name_would() {
    let mut agenda = crate::meeting::tests_support::agenda();
    agenda.people[1].github = Some("bokafor".into());
    let m = Meeting::new(agenda);
    assert_eq!(
        parse_with(&m, "/action @BOkafor: Draft the charter"),
        Ok(EventKind::Capture(Capture::Action(Action {
            owners: vec!["Ben Okafor".into()],
            text: "Draft the charter".into(),
            due: None,
            private: false
        })))
    );
    // An `@` that is no one's handle is read as the name after it.
    assert!(matches!(
        parse_with(&m, "/action @ada: x"),
        Ok(EventKind::Capture(Capture::Action(Action { owners, .. }))) if owners == ["Ada Moreno"]
    ));
    assert_eq!(
        m.find_person("@bokafor"),
        NameMatch::One("Ben Okafor".into())
    );
}
