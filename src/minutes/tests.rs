//! The minutes of small invented meetings, driven by transcripts: the facts they state
//! (quorum, votes, attendance) and how they read (backgrounds, actions, the time chart).

use super::{markdown, Format, Minutes, Options};
use crate::agenda::parse_str;
use crate::meeting::Meeting;

const AGENDA: &str = r#"
[meeting]
title = "Orchard Council"
date = 2026-03-04
start = "16:00"
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
[[people]]
name = "Eve Sato"
[[people]]
name = "Fay Quinn"
votes = false

[[items]]
title = "Budget"
timebox = "20m"
background = """
The budget for next year, in two parts.
Both need a vote.

Open questions:
- hosting & CI -> who pays?
- travel
  (only for the summit)
1. first draft
2. final draft
"""
[[items]]
title = "Roadmap"
timebox = "20m"
"#;

/// The meeting after `transcript` (every line must apply) and its Markdown minutes.
fn run(transcript: &str) -> (Meeting, String) {
    let (agenda, _) = parse_str(AGENDA).expect("valid agenda");
    let mut m = Meeting::new(agenda);
    let refused = crate::transcript::run(&mut m, transcript);
    assert!(refused.is_empty(), "{refused:?}");
    let md = markdown::render(&Minutes::build(&m, m.minutes_time(), Options::default()));
    (m, md)
}

fn quorum_line(md: &str) -> &str {
    md.lines()
        .find(|l| l.starts_with("*Quorum:"))
        .unwrap_or_else(|| panic!("no quorum line:\n{md}"))
}

/// The Present cell of `name`'s row, trimmed.
fn present<'a>(md: &'a str, name: &str) -> &'a str {
    row(md, name)
        .trim_end_matches('|')
        .rsplit('|')
        .next()
        .unwrap()
        .trim()
}

fn row<'a>(md: &'a str, name: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(&format!("| {name}")))
        .unwrap_or_else(|| panic!("no row for {name}:\n{md}"))
}

#[test]
fn a_roll_call_after_start_is_the_quorum_at_the_start() {
    let (_, md) = run(
        "[16:00] /start\n[16:02] /present Ada, Ben\n[16:03] /present Cy, Dee, Eve\n[16:30] /end",
    );
    assert_eq!(
        quorum_line(&md),
        "*Quorum: 5 present, 3 needed: met (5 voting members, alternates counted).*"
    );
    // Ticked in the roll call: no join time on the row.
    assert_eq!(present(&md, "Ada Moreno"), "y", "{md}");
    assert!(!md.contains("(from "), "{md}");
}

/// Met when the clock started: someone who arrives during the roll call does not change how
/// many were there when it was met (the record says what was true at the time).
#[test]
fn a_quorum_met_at_the_start_keeps_its_count() {
    let (_, md) = run(
        "[15:58] /present Ada, Ben, Cy\n[16:00] /start\n[16:05] /present Dee\n\
         [16:20] /left Ada, Ben\n[16:30] /end",
    );
    assert_eq!(
        quorum_line(&md),
        "*Quorum: 3 present, 3 needed: met at the start; lost at 16:20 with 2 present \
         (5 voting members, alternates counted).*"
    );
}

#[test]
fn a_late_quorum_is_met_never_met_again() {
    let (_, md) =
        run("[16:00] /start\n[16:01] /present Ada, Ben\n[16:20] /present Cy\n[16:40] /end");
    assert_eq!(
        quorum_line(&md),
        "*Quorum: 2 present, 3 needed: not met at the start; met at 16:20 with 3 present (5 voting members, alternates counted).*"
    );
    assert_eq!(present(&md, "Cy Park"), "y (from 16:20)", "{md}");
    assert_eq!(present(&md, "Ada Moreno"), "y", "{md}");
}

#[test]
fn quorum_lost_and_met_again_says_again() {
    let (_, md) = run(
        "[16:00] /start\n[16:01] /present Ada, Ben, Cy, Dee\n[16:30] /left Ada, Ben\n[16:40] /present Ada\n[16:50] /end",
    );
    assert_eq!(
        quorum_line(&md),
        "*Quorum: 4 present, 3 needed: met at the start; lost at 16:30 with 2 present; met again at 16:40 with 3 present (5 voting members, alternates counted).*"
    );
    assert_eq!(present(&md, "Ben Okafor"), "y (left 16:30)", "{md}");
    assert_eq!(present(&md, "Ada Moreno"), "y", "{md}");
}

#[test]
fn more_votes_than_voting_members_present_are_refused_with_the_numbers() {
    let (agenda, _) = parse_str(AGENDA).unwrap();
    let mut m = Meeting::new(agenda);
    let refused = crate::transcript::run(
        &mut m,
        "[16:00] /start\n[16:01] /present Ada, Ben, Cy, Dee, Eve, Fay\n[16:05] /vote for 7 against 0 abstain 0 Adopt",
    );
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(
        refused[0].reason,
        "7 votes but 5 voting members present: /vote! records it anyway"
    );
    assert!(m.items()[0].entries.is_empty());
}

#[test]
fn an_overridden_vote_is_recorded_and_the_minutes_say_so() {
    let (_, md) = run(
        "[16:00] /start\n[16:01] /present Ada, Ben, Cy, Dee, Eve\n[16:05] /vote! for 6 against 1 abstain 0 Adopt\n[16:06] /vote for 3 against 2 Amend\n[16:10] /end",
    );
    assert!(
        md.contains("**Vote** on Adopt: 6 for, 1 against, 0 abstaining: **carried** (majority of votes cast); counted with more votes than the 5 voting members present (override)"),
        "{md}"
    );
    let amend = md.lines().find(|l| l.contains("on Amend")).unwrap();
    assert!(!amend.contains("override"), "{amend}");
}

#[test]
fn without_attendance_a_vote_is_not_checked_against_the_room() {
    let (m, md) = run("[16:00] /start\n[16:05] /vote for 7 against 0\n[16:10] /end");
    assert_eq!(m.items()[0].entries.len(), 1);
    assert!(!md.contains("override"), "{md}");
}

#[test]
fn a_background_keeps_its_paragraphs_line_breaks_and_lists() {
    let (_, md) = run("[16:00] /start\n[16:20] /next\n[16:40] /end");
    let expected = "**Background:**  \n\
        The budget for next year, in two parts.\n\
        Both need a vote.\n\n\
        Open questions:\n\n\
        * hosting & CI -> who pays?\n\
        * travel (only for the summit)\n\
        1. first draft\n\
        2. final draft\n\n";
    assert!(md.contains(expected), "{md}");
    // And it parses as such: a paragraph (the line under the label is a hard break; the
    // author's own line break stays in the text, soft), a bullet list, a numbered list.
    use pulldown_cmark::{Event, Parser, Tag};
    let section = &md[md.find("**Background:**").unwrap()..md.find("2. final draft").unwrap() + 15];
    let events: Vec<Event> = Parser::new(section).collect();
    let count = |f: &dyn Fn(&Event) -> bool| events.iter().filter(|e| f(e)).count();
    assert_eq!(count(&|e| matches!(e, Event::Start(Tag::List(None)))), 1);
    assert_eq!(count(&|e| matches!(e, Event::Start(Tag::List(Some(1))))), 1);
    assert_eq!(count(&|e| matches!(e, Event::Start(Tag::Item))), 4);
    assert_eq!(count(&|e| matches!(e, Event::HardBreak)), 1);
    assert_eq!(count(&|e| matches!(e, Event::SoftBreak)), 1);
    // Two paragraphs; the list items are tight (no paragraphs of their own).
    assert_eq!(count(&|e| matches!(e, Event::Start(Tag::Paragraph))), 2);
}

#[test]
fn each_action_is_written_once_in_next_steps_and_the_item_points_there() {
    let (m, md) = run(
        "[16:00] /start\n[16:01] /present Ada, Ben, Cy\n[16:05] /action Ada, Ben: Draft the hosting budget due 2026-03-20\n[16:06] /action Ada: Ask about travel\n[16:20] /next\n[16:40] /end",
    );
    assert_eq!(md.matches("Draft the hosting budget").count(), 1, "{md}");
    assert_eq!(md.matches("Ask about travel").count(), 1, "{md}");
    assert!(!md.contains("By person"), "{md}");
    assert!(
        md.contains("## Next steps\n\n* Ada Moreno, Ben Okafor: Draft the hosting budget (due 2026-03-20)\n* Ada Moreno: Ask about travel\n\n"),
        "{md}"
    );
    let budget = &md[md.find("### 1. Budget").unwrap()..md.find("### 2. Roadmap").unwrap()];
    assert!(
        budget.contains("*Actions for Ada Moreno, Ben Okafor: see Next steps.*"),
        "{budget}"
    );
    // The JSON record stays complete: every action, with its owners, due date and item.
    let json = super::document(&m, m.minutes_time(), Format::Json, Options::default());
    let record = super::json::parse(&json).unwrap();
    assert_eq!(record.actions.len(), 2);
    assert_eq!(record.actions[0].owners, ["Ada Moreno", "Ben Okafor"]);
    assert_eq!(record.actions[0].item, Some(1));
    assert_eq!(
        record.actions[0].due.map(|d| d.to_string()).as_deref(),
        Some("2026-03-20")
    );
    assert!(record.items[0]
        .entries
        .iter()
        .any(|e| matches!(e, super::EntryRecord::Action { action: 1, .. })));
}

#[test]
fn regrets_are_written_once() {
    let (_, md) =
        run("[16:00] /start\n[16:01] /present Ada, Ben, Cy\n[16:01] /regrets Dee\n[16:30] /end");
    assert_eq!(md.matches("Dee Lin").count(), 1, "{md}");
    assert_eq!(present(&md, "Dee Lin"), "regrets", "{md}");
    assert!(!md.contains("**Regrets:**"), "{md}");
}

#[test]
fn the_time_chart_only_when_it_says_something() {
    let (_, short) = run("[16:00] /start\n[16:01] /next\n[16:02] /end");
    assert!(!short.contains("## Time per item"), "{short}");
    let (_, one) = run("[16:00] /start\n[16:30] /end");
    assert!(
        !one.contains("## Time per item"),
        "a chart of one item: {one}"
    );
    let (_, full) = run("[16:00] /start\n[16:15] /next\n[16:40] /end");
    assert!(full.contains("## Time per item"), "{full}");
}

/// Issue 27: a turn nobody ended was closed when the item closed and counts to that
/// moment, in the item's speakers and in the speaking time; a turn shorter than a minute is
/// "under a minute", never "0 min".
#[test]
fn a_turn_still_running_when_the_item_closed_counts_to_its_end() {
    let (m, md) = run(
        "[16:00] /start\n[16:01] /queue Ada\n[16:01] /queue Ben\n[16:01] /speak\n\
         [16:04] /speak\n[16:20] /next\n[16:21] /queue Cy\n[16:21] /speak\n[16:21] /speak\n\
         [16:30] /end",
    );
    let speakers: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("**Speakers:**"))
        .collect();
    assert_eq!(
        speakers,
        [
            "**Speakers:** Ada Moreno (new topic, 3 min); Ben Okafor (new topic, 16 min, until the item closed)",
            "**Speakers:** Cy Park (new topic, under a minute)",
        ],
        "{md}"
    );
    let totals = super::speaking_time(&m, m.minutes_time());
    let totals: Vec<(&str, i64)> = totals
        .iter()
        .map(|s| (s.name.as_str(), s.seconds))
        .collect();
    assert_eq!(
        totals,
        [("Ben Okafor", 960), ("Ada Moreno", 180), ("Cy Park", 0)]
    );
}

/// Issue 15: `/topic` starts a topic inside the item; the notes after it go under a heading
/// one level below the item's, in the Markdown, and the JSON carries the topic in order.
#[test]
fn topics_inside_an_item_are_headings_one_level_below_it() {
    let (m, md) = run("[16:00] /start\n\
         [16:01] Opening remarks\n\
         [16:02] /topic Hosting costs\n\
         [16:03] CI bill doubled\n\
         [16:04] /outcome Ask the sponsors\n\
         [16:05] /topic Travel\n\
         [16:06] Summit only\n\
         [16:07] /end\n");
    let item = md.find("### 1. Budget").expect("item heading");
    let hosting = md.find("#### Hosting costs").expect("topic heading");
    let travel = md.find("#### Travel").expect("second topic");
    let opening = md.find("* Opening remarks").unwrap();
    let ci = md.find("* CI bill doubled").unwrap();
    let ask = md.find("**Outcome:** Ask the sponsors").unwrap();
    let summit = md.find("* Summit only").unwrap();
    assert!(item < opening && opening < hosting, "{md}");
    assert!(
        hosting < ci && ci < ask && ask < travel && travel < summit,
        "{md}"
    );
    let json = crate::minutes::document(&m, m.minutes_time(), Format::Json, Options::default());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let kinds: Vec<&str> = v["items"][0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["note", "topic", "note", "outcome", "topic", "note"]);
    assert_eq!(v["items"][0]["entries"][1]["title"], "Hosting costs");
}

/// Issue 27: the quorum line says whether alternates counted, either way.
#[test]
fn the_quorum_line_says_whether_alternates_counted() {
    let src = AGENDA
        .replace("quorum = 3", "quorum = 3\nalternates_count = false")
        .replace(
            "name = \"Eve Sato\"",
            "name = \"Eve Sato\"\nalternate_for = \"Dee Lin\"\nvotes = false",
        );
    let (agenda, _) = parse_str(&src).expect("valid agenda");
    let mut m = Meeting::new(agenda);
    let refused = crate::transcript::run(
        &mut m,
        "[16:00] /start\n[16:01] /present Ada, Ben, Eve\n[16:30] /end",
    );
    assert!(refused.is_empty(), "{refused:?}");
    let md = markdown::render(&Minutes::build(&m, m.minutes_time(), Options::default()));
    assert_eq!(
        quorum_line(&md),
        "*Quorum: 2 present, 3 needed: not met (4 voting members, alternates not counted).*"
    );
}

/// Issue 29: GitHub references in notes, outcomes and actions are links to the agenda's
/// repository (titles beside them when looked up); without a repository `#12` stays text.
#[test]
fn github_references_become_links() {
    let (m, plain) = run("[16:00] /start\n[16:01] see #12 first\n[16:30] /end");
    assert!(plain.contains("* see \\#12 first"), "{plain}");
    let mut minutes = Minutes::build(&m, m.minutes_time(), Options::default());
    minutes.github = Some("example-org/orchard".into());
    let notes = "[16:00] /start\n[16:01] see #12 first, then acme/widgets#7\n\
                 [16:02] /outcome Merge https://github.com/example-org/orchard/pull/9 now\n\
                 [16:03] /action Ada: review #13\n[16:30] /end";
    let (agenda, _) = parse_str(AGENDA).expect("valid agenda");
    let mut meeting = Meeting::new(agenda);
    assert!(crate::transcript::run(&mut meeting, notes).is_empty());
    let mut minutes2 = Minutes::build(&meeting, meeting.minutes_time(), Options::default());
    minutes2.github = minutes.github.clone();
    minutes2
        .ref_titles
        .insert("example-org/orchard#12".into(), "Plant *more* trees".into());
    let md = markdown::render(&minutes2);
    assert!(
        md.contains("* see [\\#12](https://github.com/example-org/orchard/issues/12) (Plant \\*more\\* trees) first, then [acme/widgets\\#7](https://github.com/acme/widgets/issues/7)"),
        "{md}"
    );
    assert!(
        md.contains(
            "**Outcome:** Merge [\\#9](https://github.com/example-org/orchard/issues/9) now"
        ),
        "{md}"
    );
    assert!(
        md.contains("review [\\#13](https://github.com/example-org/orchard/issues/13)"),
        "{md}"
    );
    // The titles are for the Markdown only: the JSON record does not keep them.
    assert!(!minutes2.document(Format::Json).contains("Plant"));
}

/// The Markdown written straight from the meeting (`markdown::write_meeting`, what `gavel
/// replay` and `gavel export` write, and `minutes::document`) is byte for byte the Markdown
/// of the record (`Minutes::document`), with private entries and without, on a meeting that
/// holds every kind of entry and section.
#[test]
fn minutes_written_from_the_meeting_are_the_records_minutes() {
    let transcript = "\
[15:58] /present Ada, Ben, Cy, Eve
[15:59] /regrets Dee
/guest Gil Hart (Quarry Labs), Ida Voss
[16:00] /start
Opening note with #12 and https://github.com/orchard-example/council/issues/7 in it
/topic Hosting & CI
Ada: hosting costs *doubled*; see <b>the sheet</b> | twice
/private Ben's salary figure stays out
/link https://example.org/budget Budget sheet
/action Ada, Zed: Draft the hosting plan due 2026-03-18
/vote for 3 against 0 abstain 0 Approve the hosting plan
/outcome Hosting plan approved
/topic Travel
/motion Fund two summit trips moved by Ben seconded by Cy
/amend Fund three summit trips
/consent
/recuse Cy employer is a party
/motion Fund a fourth trip moved by Ada
/second Ben
/rollvote
/ballot Ada yes
/ballot Ben no
/ballot Eve abstain
/closevote
/motion Buy a banner moved by Ada
/withdraw
/action Ben: Book the travel
/private Cy to ask the auditor quietly
[16:20] /next
/queue Ada reply about the roadmap
/speak
Roadmap note one
/left Gil
/recap Hosting approved; travel funded.
/nextmeeting 2026-04-01 16:00
[16:40] /end
";
    let (agenda, _) = parse_str(AGENDA).expect("valid agenda");
    let mut m = Meeting::new(agenda);
    let refused = crate::transcript::run(&mut m, transcript);
    assert!(refused.is_empty(), "{refused:?}");
    let now = m.minutes_time();
    for private in [false, true] {
        let options = Options { private };
        let record = Minutes::build(&m, now, options).document(Format::Markdown);
        let mut streamed = Vec::new();
        markdown::write_meeting(&m, now, options, &mut streamed).expect("into memory");
        let streamed = String::from_utf8(streamed).expect("UTF-8");
        assert_eq!(streamed, record, "private: {private}");
        assert_eq!(
            crate::minutes::document(&m, now, Format::Markdown, options),
            record
        );
        for part in [
            "## Decisions",
            "**Motion**",
            "| Member | Vote |",
            "**Vote** on",
            "#### Travel",
            "*Recused from this item's vote:*",
            "**Guests:**",
            "regrets",
            "## Next steps",
            "(not on the roster)",
            "**Speakers:**",
            "## Next meeting",
        ] {
            assert!(record.contains(part), "{part} missing:\n{record}");
        }
        assert_eq!(record.contains("salary"), private, "{record}");
    }
}

/// Minutes written in pieces to a writer are the same bytes as minutes kept whole, however
/// many pieces a long meeting takes, and a writer's error is what the write returns.
#[test]
fn a_long_meeting_is_written_in_pieces_and_a_writers_error_is_returned() {
    let mut transcript = String::from("/present Ada, Ben, Cy\n/start\n");
    // Longer than what is held in memory: made twice, written the second time in pieces.
    for i in 0..4_000 {
        transcript.push_str(&format!(
            "Note {i} with some words | and *marks* to escape\n"
        ));
    }
    transcript.push_str("/end\n");
    let (agenda, _) = parse_str(AGENDA).expect("valid agenda");
    let mut m = Meeting::new(agenda);
    assert!(crate::transcript::run(&mut m, &transcript).is_empty());
    let now = m.minutes_time();
    let record = Minutes::build(&m, now, Options::default()).document(Format::Markdown);
    let held = markdown::PIECE;
    assert!(record.len() > 2 * held, "{}", record.len());
    /// Counts the writes it takes.
    struct Pieces(Vec<u8>, usize);
    impl std::io::Write for Pieces {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.extend_from_slice(buf);
            self.1 += 1;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Pieces(Vec::new(), 0);
    markdown::write_meeting_holding(&m, now, Options::default(), &mut out, held).expect("written");
    assert_eq!(String::from_utf8(out.0).expect("UTF-8"), record);
    assert!(out.1 > 4, "{} writes", out.1);
    // Held whole: the marker, then the text at once.
    let mut out = Pieces(Vec::new(), 0);
    markdown::write_meeting(&m, now, Options::default(), &mut out).expect("written");
    assert_eq!(String::from_utf8(out.0).expect("UTF-8"), record);
    assert_eq!(out.1, 2);
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let err = markdown::write_meeting(&m, now, Options::default(), &mut Full).unwrap_err();
    assert_eq!(err.to_string(), "disk full");
}
