//! Properties of the engine over arbitrary sequences of commands:
//! - a refused command changes nothing;
//! - replaying the events that were applied rebuilds the same meeting and the same minutes;
//! - nothing panics, whatever the order of commands.

use chrono::{Duration, TimeZone, Utc};
use gavel::agenda::parse_str;
use gavel::command::{interpret, Interpreted};
use gavel::meeting::{Event, Meeting};
use gavel::minutes::{json, markdown, Minutes, Options};
use proptest::prelude::*;

const AGENDA: &str = r#"
[meeting]
title = "Property Meeting"
date = 2026-03-04
start = "23:30"
timezone = "Europe/Berlin"
length = "60m"
quorum = 2
vote_rule = "two-thirds"

[[people]]
name = "Ada Moreno"
[[people]]
name = "Ben Okafor"
[[people]]
name = "Cy Park"
alternate_for = "Ada Moreno"
votes = false

[[items]]
title = "Alpha"
timebox = "5m"
[[items]]
title = "Beta"
timebox = "10m"
fixed = true
[[items]]
title = "Gamma"
timebox = "10m"

[[actions]]
owner = "Ben Okafor"
text = "Old action"
"#;

const LINES: &[&str] = &[
    "/start",
    "/next",
    "/prev",
    "/goto 1",
    "/goto 3",
    "/goto gam",
    "/pause",
    "/resume",
    "/extend 5m",
    "/defer",
    "/defer 2",
    "/add Extra @ben 3m",
    "/end",
    "/present ada, ben",
    "/present cy",
    "/absent ben",
    "/regrets ada",
    "/left ada",
    "/left cy",
    "/guest Gus (Org)",
    "a plain note",
    "/note noted",
    "/outcome agreed",
    "/agreed yes",
    "/private secret",
    "/action ada, Someone Else: do it due 2026-03-10",
    "/action /private ben: hush",
    "/link https://example.org x",
    "/vote for 2 against 1 abstain 0 thing",
    "/done 1",
    "/ongoing 1",
    "/recap summary",
    "/nextmeeting 2026-03-18 17:00",
    "/queue ada reply t",
    "/queue ben order",
    "/queue cy clarify q",
    "/unqueue ada",
    "/speak",
    "/rebalance apply",
    "s/note/NOTE/",
    "s/e/E/g",
    "/undo",
    "/undo",
    "/frob",
    "/present nobody",
];

fn agenda() -> gavel::agenda::Agenda {
    parse_str(AGENDA).expect("valid").0
}

fn script() -> impl Strategy<Value = Vec<(i64, usize)>> {
    prop::collection::vec((0i64..400, 0..LINES.len()), 0..60)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn refusals_change_nothing_and_replay_is_exact(steps in script()) {
        let mut meeting = Meeting::new(agenda());
        let mut now = Utc.with_ymd_and_hms(2026, 3, 4, 22, 25, 0).unwrap();
        let mut log: Vec<Event> = Vec::new();
        for (advance, line) in steps {
            now += Duration::seconds(advance);
            let Ok(Interpreted::Event(event)) = interpret(LINES[line], &meeting, now) else {
                continue;
            };
            let before = meeting.clone();
            match meeting.apply(&event) {
                Ok(()) => log.push(event),
                Err(_) => prop_assert_eq!(&meeting, &before),
            }
        }
        let (again, refused) = Meeting::replay(agenda(), &log);
        prop_assert!(refused.is_empty(), "{:?}", refused);
        prop_assert_eq!(&again, &meeting);
        for private in [false, true] {
            let a = Minutes::build(&meeting, now, Options { private });
            let b = Minutes::build(&again, now, Options { private });
            prop_assert_eq!(markdown::render(&a), markdown::render(&b));
            prop_assert_eq!(json::render(&a), json::render(&b));
        }
        // Events survive the journal's encoding unchanged.
        for e in &log {
            let line = serde_json::to_string(e).unwrap();
            let back: Event = serde_json::from_str(&line).unwrap();
            prop_assert_eq!(&back, e);
        }
    }

    #[test]
    fn public_minutes_carry_no_private_text(steps in script()) {
        let mut meeting = Meeting::new(agenda());
        let mut now = Utc.with_ymd_and_hms(2026, 3, 4, 22, 25, 0).unwrap();
        for (advance, line) in steps {
            now += Duration::seconds(advance);
            if let Ok(Interpreted::Event(e)) = interpret(LINES[line], &meeting, now) {
                let _ = meeting.apply(&e);
            }
        }
        let public = Minutes::build(&meeting, now, Options::default());
        let md = markdown::render(&public);
        let js = json::render(&public);
        for secret in ["secret", "hush", "sEcrEt"] {
            prop_assert!(!md.contains(secret) && !js.contains(secret));
        }
    }

    #[test]
    fn any_line_is_parsed_without_panicking(line in "\\PC{0,80}") {
        let meeting = Meeting::new(agenda());
        let now = Utc.with_ymd_and_hms(2026, 3, 4, 22, 30, 0).unwrap();
        let _ = interpret(&line, &meeting, now);
    }
}
