//! `gavel import` reading attendance the way secretaries lay it out (issue 26): a checkbox
//! list ticked for who came, groups under an attendance heading, sections written as
//! top-level headings below the meeting's own, a quorum line under the names; owners written
//! as initials, a done mark inside an action. Every person and organisation below is
//! invented.

use gavel::import::{import_texts, Import, Options};
use gavel::minutes::Minutes;

fn import(files: &[(&str, &str)]) -> Import {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    import_texts(&files, &Options::default())
}

/// (status, guest) → names, in the order written.
fn who(m: &Minutes, status: &str, guest: bool) -> Vec<String> {
    m.attendance
        .iter()
        .filter(|a| a.status == status && a.guest == guest)
        .map(|a| a.name.clone())
        .collect()
}

const SECTIONS_AT_THE_TOP: &str = "---
parent: Meetings
title: \"2025-05-09\"
---

# Quince Foundation TAC Meeting - May 8, 2025

Meetings are listed on the foundation's calendar.

# Attendance

## Voting Member Attendance

* Ada Moreno - Widget Project Representative
* Ben Okafor - Industry Representative (**Chair**)

Quorum Was Not Achieved.

## Voting Members Not in Attendance

* Cy Park - Acme Corp

## Other attendees

* Dee Quill, Globex

# Agenda

* Budget review

# Notes

* Budget review
    * Ada Moreno presented the budget.
";

#[test]
fn top_level_section_headings_are_sections_of_the_meeting_not_meetings() {
    let r = import(&[("2025-05-08.md", SECTIONS_AT_THE_TOP)]);
    let [m] = &r.minutes[..] else {
        panic!("one meeting: {:?}", r.messages)
    };
    assert_eq!(m.date.to_string(), "2025-05-08");
    assert_eq!(who(m, "present", false), ["Ada Moreno", "Ben Okafor"]);
    assert_eq!(who(m, "absent", false), ["Cy Park"]);
    assert_eq!(who(m, "present", true), ["Dee Quill"]);
    assert!(
        !r.messages.iter().any(|x| x.contains("has no date")),
        "{:?}",
        r.messages
    );
}

const TICKED: &str = "# Quince Foundation TAC Meeting - May 22, 2025

## Voting Representative Attendees

### Platinum Member Representatives

- [X] Ada Moreno - Acme Corp
- [ ] Cy Park - Globex

### Project Representatives

- [x] Ben Okafor - Widget Project Representative

## Non-Voting Attendees

### Staff

- [X] Eli Rand - The Quince Foundation
- [ ] Fay Sol - The Quince Foundation

### Other Attendees

- Gus Tamm

## Notes

Ada Moreno gave the budget update.
";

#[test]
fn a_ticked_list_in_groups_is_who_came_and_who_did_not() {
    let r = import(&[("2025-05-22.md", TICKED)]);
    let [m] = &r.minutes[..] else {
        panic!("one meeting: {:?}", r.messages)
    };
    assert_eq!(who(m, "present", false), ["Ada Moreno", "Ben Okafor"]);
    assert_eq!(who(m, "absent", false), ["Cy Park"]);
    assert_eq!(who(m, "present", true), ["Eli Rand", "Gus Tamm"]);
    assert_eq!(who(m, "absent", true), ["Fay Sol"]);
    assert!(
        m.actions.is_empty() && m.review.is_empty(),
        "{:?}",
        m.actions
    );
}

#[test]
fn a_heading_under_attendance_over_something_else_is_not_a_group_of_people() {
    let doc = "# Sync 2025-06-03

## Attendees

- Ada Moreno
- Ben Okafor

### Roadmap

- The roadmap draft is out for review
- [ ] Ada Moreno: Publish the roadmap draft
";
    let r = import(&[("sync.md", doc)]);
    let m = &r.minutes[0];
    assert_eq!(who(m, "present", false), ["Ada Moreno", "Ben Okafor"]);
    assert_eq!(m.items.len(), 1, "{:?}", m.items);
    assert_eq!(m.actions.len(), 1, "{:?}", m.actions);
    assert!(who(m, "absent", false).is_empty());
}

const INITIALS: &str = "# Sync 2025-05-27

## Present

* Jo Wren
* Rae Bex
* Sam Cole

## Action items

- JW to write an email to the partner groups
- RB to look into the housing stack

# Sync 2025-06-03

## Present

* Jo Wren
* Rae Bex
* Sam Cole

## Actions Review

- RB to look into the housing stack
- JW ✅ to write an email to the partner groups

## Notes

- SC: I will follow up on the issue for the work item
- JW: will go
";

fn owned(m: &Minutes) -> Vec<(String, String)> {
    m.actions
        .iter()
        .map(|a| (a.owners.join(", "), a.text.clone()))
        .collect()
}

#[test]
fn owners_written_as_initials_and_a_done_mark_inside_the_line() {
    let r = import(&[("sync.md", INITIALS)]);
    let [first, second] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(
        owned(first),
        [
            (
                "Jo Wren".to_string(),
                "write an email to the partner groups".to_string()
            ),
            (
                "Rae Bex".to_string(),
                "look into the housing stack".to_string()
            ),
        ]
    );
    let review: Vec<(String, Option<String>)> = second
        .review
        .iter()
        .map(|x| (x.owners.join(", "), x.status.clone()))
        .collect();
    assert_eq!(
        review,
        [
            ("Jo Wren".to_string(), Some("done".to_string())),
            ("Rae Bex".to_string(), Some("ongoing".to_string())),
        ]
    );
    // "JW: will go" is a verb alone: a note, not an action.
    assert_eq!(
        owned(second),
        [(
            "Sam Cole".to_string(),
            "follow up on the issue for the work item".to_string()
        )]
    );
}

#[test]
fn initials_two_people_share_own_nothing() {
    let doc = "# Sync 2025-06-03

## Present

* Jo Wren
* Jay Ward

## Action items

- JW to write an email to the partner groups
";
    let r = import(&[("sync.md", doc)]);
    assert_eq!(r.minutes[0].actions[0].owners, [gavel::import::UNASSIGNED]);
}

#[test]
fn a_generic_title_gives_way_to_the_body_named_under_it_and_others_present_are_guests() {
    let doc = "# Meeting Minutes
## Quince Foundation Technical Committee
**Date:** November 18, 2025
**Time:** 11:00am PT

**Committee members present:**
Ada Moreno
Ben Okafor

**Others present:**
Dee Quill

### Topic #1
The committee reviewed the roadmap.
";
    let r = import(&[("tc-11-18.md", doc)]);
    let [m] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(m.title, "Quince Foundation Technical Committee");
    let items: Vec<&str> = m.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(items, ["Topic #1"]);
    assert_eq!(who(m, "present", false), ["Ada Moreno", "Ben Okafor"]);
    assert_eq!(who(m, "present", true), ["Dee Quill"]);
}

const PROTOKOLL: &str = "# Protokoll der Vorstandssitzung

Datum: 10.06.2026
Ort: Videokonferenz
Anwesend: Maxi Kranz, Robin Stahl, Kim Vogt
Entschuldigt: Alex Brandt
Gäste: Jo Falk
Protokollführung: Kim Vogt
Sitzungsleitung: Maxi Kranz

## TOP 1: Begrüßung

Maxi Kranz eröffnet die Sitzung.

## TOP 2: Haushalt

Der Haushalt wird angenommen.

## Aufgaben

- Robin Stahl: Angebot einholen
- Kim Vogt: Protokoll verschicken

## Nächste Sitzung

08.07.2026
";

#[test]
fn minutes_in_german_with_dotted_dates_labels_and_agenda_points() {
    let r = import(&[("protokoll.md", PROTOKOLL)]);
    let [m] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(m.date.to_string(), "2026-06-10");
    assert_eq!(
        who(m, "present", false),
        ["Maxi Kranz", "Robin Stahl", "Kim Vogt"]
    );
    assert_eq!(who(m, "regrets", false), ["Alex Brandt"]);
    assert_eq!(who(m, "present", true), ["Jo Falk"]);
    assert_eq!(
        (m.moderator.as_deref(), m.notetaker.as_deref()),
        (Some("Maxi Kranz"), Some("Kim Vogt"))
    );
    let items: Vec<&str> = m.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(items, ["Begrüßung", "Haushalt"]);
    assert_eq!(
        owned(m),
        [
            ("Robin Stahl".to_string(), "Angebot einholen".to_string()),
            ("Kim Vogt".to_string(), "Protokoll verschicken".to_string()),
        ]
    );
    assert_eq!(
        m.next_meeting.as_ref().map(|n| n.date.to_string()),
        Some("2026-07-08".to_string())
    );
}

#[test]
fn a_slashed_date_is_read_only_when_its_day_is_plain() {
    let plain_day = import(&[("notes.md", "# Sync 25/03/2026\n\nPresent: Ada Moreno\n")]);
    assert_eq!(plain_day.minutes[0].date.to_string(), "2026-03-25");
    // 03/04/2026 is the 3rd of April in some places and the 4th of March in others: the
    // file's name dates it.
    let either = import(&[(
        "2026-04-03.md",
        "# Sync 03/04/2026\n\nPresent: Ada Moreno\n",
    )]);
    assert_eq!(either.minutes[0].date.to_string(), "2026-04-03");
}

#[test]
fn a_heading_that_joins_actions_to_something_else_heads_actions_a_topic_does_not() {
    let doc = "# Sync 2025-06-03

Present: Ada Moreno, Ben Okafor

## Update KPI actions

- Ada Moreno: the dashboard is live

## Decisions and action items

- Ben Okafor: Book the room for the retreat
";
    let r = import(&[("sync.md", doc)]);
    let m = &r.minutes[0];
    assert_eq!(
        owned(m),
        [(
            "Ben Okafor".to_string(),
            "Book the room for the retreat".to_string()
        )]
    );
    assert_eq!(m.items[0].title, "Update KPI actions");
}

const BOARD_TXT: &str = "The Quince Foundation
Board of Directors Meeting Minutes
March 15, 2023

1. Call to order

    The meeting was called to order at 10:30 a.m. PT.

2. Roll Call

    Directors Present:

        Ada Moreno
        Ben Okafor

    Directors Absent:

        Cy Park

    Guests:

        Dee Quill

3. Minutes from previous meetings

    Approved by general consent.

4. Adjournment
";

#[test]
fn plain_text_minutes_with_a_group_absent_and_numbered_points_as_items() {
    let r = import(&[("board_minutes_2023_03_15.txt", BOARD_TXT)]);
    let [m] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(who(m, "present", false), ["Ada Moreno", "Ben Okafor"]);
    assert_eq!(who(m, "absent", false), ["Cy Park"]);
    assert_eq!(who(m, "present", true), ["Dee Quill"]);
    assert_eq!(m.attendance.len(), 4, "{:?}", m.attendance);
    let items: Vec<&str> = m.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        items,
        [
            "Call to order",
            "Minutes from previous meetings",
            "Adjournment"
        ]
    );
}

#[test]
fn who_attended_written_in_the_front_matter() {
    let doc = "---
title: Widget WG sync
date: 2025-03-04
attendees:
  - Ada Moreno
  - \"Ben Okafor\"
absent: [Cy Park, Dee Quill]
---

## Notes

- We talked about the roadmap.
- Ada Moreno: Publish the roadmap draft
";
    let r = import(&[("sync.md", doc)]);
    let [m] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(who(m, "present", false), ["Ada Moreno", "Ben Okafor"]);
    assert_eq!(who(m, "absent", false), ["Cy Park", "Dee Quill"]);
    assert_eq!(m.title, "Widget WG sync");
}

#[test]
fn emoji_shortcodes_in_a_column_of_marks_and_a_status_after_the_name() {
    let table = "# TSC meeting 2025-03-04

## Attendance

| Member | Company | Attended |
|---|---|---|
| Ada Moreno | Acme | :white_check_mark: |
| Ben Okafor | Globex | :heavy_check_mark: |
| Cy Park | Initech | :x: |
| Dee Quill | Umbrella | |
";
    let roll_call = "# TSC meeting 2025-03-18

## Roll call

- Ada Moreno (Acme) - present
- Ben Okafor (Globex) - absent
- Cy Park (Initech) - present, joined late
- Dee Quill (Umbrella) - regrets
";
    let r = import(&[("2025-03-04.md", table), ("2025-03-18.md", roll_call)]);
    let [first, second] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(who(first, "present", false), ["Ada Moreno", "Ben Okafor"]);
    assert_eq!(who(first, "absent", false), ["Cy Park", "Dee Quill"]);
    assert_eq!(who(second, "present", false), ["Ada Moreno", "Cy Park"]);
    assert_eq!(who(second, "absent", false), ["Ben Okafor"]);
    assert_eq!(who(second, "regrets", false), ["Dee Quill"]);
}

#[test]
fn owners_written_after_the_task_or_inside_a_marker() {
    let doc = "# Sync 2025-03-04

Present: Ada Moreno, Ben Okafor, Cy Park

## Notes

- Budget discussion
  - ACTION ITEM (Ada): send the budget to the board
  - TODO(cy): update the website

## Action items

- Write the release notes [Cy]
- Publish the survey (owner: Ada)
- Review the charter, assigned to Ben Okafor
";
    let r = import(&[("sync.md", doc)]);
    let m = &r.minutes[0];
    let mut got = owned(m);
    got.sort();
    let want: Vec<(String, String)> = [
        ("Ada Moreno", "Publish the survey"),
        ("Ada Moreno", "send the budget to the board"),
        ("Ben Okafor", "Review the charter"),
        ("Cy Park", "Write the release notes"),
        ("Cy Park", "update the website"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn names_last_first_with_titles_emoji_and_a_count_in_the_label() {
    let one = "# Board call 2025-03-04

**Attendees (4):** Moreno, Ada; Okafor, Ben; Dr. Cy Park; Prof. Dee Quill (chair)

**Apologies (1):** Eli Rand
";
    let two = "# Board call 2025-03-11

Attendees:
- 🇩🇪 Ada Moreno
- Ben Okafor 👋
- Dr. Émile Zola
";
    let r = import(&[("2025-03-04.md", one), ("2025-03-11.md", two)]);
    let [first, second] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(
        who(first, "present", false),
        ["Ada Moreno", "Ben Okafor", "Cy Park", "Dee Quill"]
    );
    assert_eq!(who(first, "regrets", false), ["Eli Rand"]);
    assert_eq!(
        who(second, "present", false),
        ["Ada Moreno", "Ben Okafor", "Émile Zola"]
    );
}

const MEETBOT: &str = "=====================================
#quince-meeting: Quince Steering (2025-03-04)
=====================================

Meeting started by ada_m at 17:00:01 UTC.

Meeting summary
---------------
* init process  (ada_m, 17:00:01)

* Budget for the spring summit  (ada_m, 17:05:12)
  * ACTION: benok to send the invoice to the treasurer  (ada_m, 17:21:00)

Meeting ended at 17:30:00 UTC.

Action Items
------------
* benok to send the invoice to the treasurer

Action Items, by person
-----------------------
* benok
  * benok to send the invoice to the treasurer
* **UNASSIGNED**
  * (none)

People Present (lines said)
---------------------------
* ada_m (50)
* benok (20)
* cypark (12)
* quincebot (10)
";

#[test]
fn a_meeting_bots_summary() {
    let r = import(&[("steering.2025-03-04-17.00.txt", MEETBOT)]);
    let [m] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(who(m, "present", false), ["ada_m", "benok", "cypark"]);
    assert_eq!(
        owned(m),
        [(
            "benok".to_string(),
            "send the invoice to the treasurer".to_string()
        )]
    );
    let items: Vec<&str> = m.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(items, ["init process", "Budget for the spring summit"]);
}

#[test]
fn a_wiki_page_of_meeting_notes_with_mentions_and_a_table_of_items() {
    let doc = "# 2025-03-04 Meeting notes

## Attendees

- @Ada Moreno
- @Ben Okafor
- @Cy Park

## Discussion items

| Time | Item | Who | Notes |
|---|---|---|---|
| 10 min | Roadmap | Ada Moreno | Q2 plan agreed |
| 5 min | Hiring | Ben Okafor | Two open roles |

## Action items

- [ ] @Ben Okafor post the job ads
- [x] @Cy Park update the roadmap page
";
    let r = import(&[("2025-03-04 Meeting notes.md", doc)]);
    let [m] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(
        who(m, "present", false),
        ["Ada Moreno", "Ben Okafor", "Cy Park"]
    );
    let items: Vec<(&str, Option<&str>)> = m
        .items
        .iter()
        .map(|i| (i.title.as_str(), i.presenter.as_deref()))
        .collect();
    assert_eq!(
        items,
        [
            ("Roadmap", Some("Ada Moreno")),
            ("Hiring", Some("Ben Okafor"))
        ]
    );
    assert_eq!(
        owned(m),
        [("Ben Okafor".to_string(), "post the job ads".to_string())]
    );
    assert_eq!(m.review[0].owners, ["Cy Park"]);
}

#[test]
fn how_someone_took_part_is_a_remark_a_proxy_an_alternate_and_notes_the_note_taker() {
    let doc = "# Sync 2025-03-04

## Attendees

- Ada Moreno (remote)
- Ben Okafor (Acme, in person)
- Fay Sol (proxy for Gus Tamm)
- Hal Uno (notes)
";
    let r = import(&[("sync.md", doc)]);
    let m = &r.minutes[0];
    let get = |n: &str| {
        m.attendance
            .iter()
            .find(|a| a.name == n)
            .unwrap_or_else(|| panic!("{n}: {:?}", m.attendance))
    };
    assert_eq!(get("Ada Moreno").affiliation, None);
    assert_eq!(get("Ben Okafor").affiliation.as_deref(), Some("Acme"));
    assert_eq!(get("Fay Sol").alternate_for.as_deref(), Some("Gus Tamm"));
    assert_eq!(get("Hal Uno").role, "note taker");
}

#[test]
fn undated_minutes_are_not_dated_by_their_next_meeting() {
    let doc = "# Chess Club Committee\n\nPresent: Helen Marsh, Tom Whitfield\n\nNext meeting: Wednesday 9 April 2025\n";
    let r = import(&[("chess.md", doc)]);
    assert!(r.minutes.is_empty(), "{:?}", r.minutes[0].date);
    assert!(
        r.messages
            .iter()
            .any(|m| m.contains("no meeting date found")),
        "{:?}",
        r.messages
    );
}

#[test]
fn a_task_after_a_handle_and_a_handle_in_brackets_keep_their_words() {
    let doc = "# Sync 2025-03-04\n\nPresent: @alovelace, @ghopper\n\n## Action items\n\n- [ ] @alovelace backport #233 to 1.x\n- [ ] docs cleanup (@ghopper)\n";
    let r = import(&[("sync.md", doc)]);
    assert_eq!(
        owned(&r.minutes[0]),
        [
            ("alovelace".to_string(), "backport #233 to 1.x".to_string()),
            ("ghopper".to_string(), "docs cleanup".to_string()),
        ]
    );
}

#[test]
fn a_status_beside_a_name_in_a_list_or_a_line_of_who_attended() {
    let bullets = "# Sync 2025-03-04

Attendees:
- Ann Lee
- Bob Ray (regrets)
- Cy Doe [absent]
- Dee Fox — not present
- Eli Gan ❌
- Fay Hu (on leave)
- Gus Ide - gave the demo
";
    let line = "# Sync 2025-03-11\n\nAttendance: Ann Lee, Bob Ray (regrets), Cy Doe (absent)\n";
    let r = import(&[("2025-03-04.md", bullets), ("2025-03-11.md", line)]);
    let [first, second] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(who(first, "present", false), ["Ann Lee", "Gus Ide"]);
    assert_eq!(who(first, "regrets", false), ["Bob Ray", "Fay Hu"]);
    assert_eq!(
        who(first, "absent", false),
        ["Cy Doe", "Dee Fox", "Eli Gan"]
    );
    assert_eq!(who(second, "present", false), ["Ann Lee"]);
    assert_eq!(who(second, "regrets", false), ["Bob Ray"]);
    assert_eq!(who(second, "absent", false), ["Cy Doe"]);
}

#[test]
fn one_unusual_mark_does_not_undo_a_column_of_marks() {
    let thumbs = "# Board meeting 2025-10-07\n\n| Name | Attended |\n|------|----------|\n| Rosa Diaz | 👍 |\n| Peter Lund | No |\n| Tess Moreau |  |\n";
    let words = "# Board 2025-10-08\n\n| Name | Attendance |\n|---|---|\n| Ann Lee | in person |\n| Bob Ray | remote |\n| Cy Doe | — |\n| Dee Fox | apologies |\n| Eli Gan | absent |\n";
    let r = import(&[("2025-10-07.md", thumbs), ("2025-10-08.md", words)]);
    let [first, second] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(who(first, "present", false), ["Rosa Diaz"]);
    assert_eq!(who(first, "absent", false), ["Peter Lund", "Tess Moreau"]);
    assert_eq!(who(second, "present", false), ["Ann Lee", "Bob Ray"]);
    assert_eq!(who(second, "regrets", false), ["Dee Fox"]);
    assert_eq!(who(second, "absent", false), ["Cy Doe", "Eli Gan"]);
}

#[test]
fn the_next_meeting_in_other_languages_and_owners_before_a_full_width_colon() {
    let fr = "# Réunion 2025-01-14\n\nPrésents : Ann Lee, Bob Ray\n\n## Actions\n\n- Ann Lee : envoyer le budget\n- Prochaine réunion : mardi 28 janvier 2025\n";
    let zh = "# 例会 2025-03-04\n\n参会人：王伟、李娜\n\n## 行动项\n\n- 王伟：更新路线图\n- 文档：怎样访问仓库\n";
    let r = import(&[("2025-01-14.md", fr), ("2025-03-04.md", zh)]);
    let [first, second] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(
        owned(first),
        [("Ann Lee".to_string(), "envoyer le budget".to_string())]
    );
    assert_eq!(
        first.next_meeting.as_ref().map(|n| n.date.to_string()),
        Some("2025-01-28".to_string())
    );
    let mut got = owned(second);
    got.sort();
    assert_eq!(
        got,
        [
            (
                gavel::import::UNASSIGNED.to_string(),
                "文档：怎样访问仓库".to_string()
            ),
            ("王伟".to_string(), "更新路线图".to_string()),
        ]
    );
}

#[test]
fn labels_of_who_did_not_come_and_who_did_in_other_words_and_languages() {
    let cases: [(&str, &str); 10] = [
        ("Apologies received from", "regrets"),
        ("Unable to attend", "regrets"),
        ("Regrets/Absent", "regrets"),
        ("Ausentes con excusa", "regrets"),
        ("Afwezig met kennisgeving", "regrets"),
        ("Did not attend", "absent"),
        ("No asistieron", "absent"),
        ("欠席者", "absent"),
        ("Present (remote)", "present"),
        ("参加者", "present"),
    ];
    for (label, status) in cases {
        let doc = format!("# Sync 2025-03-04\n\nPresent: Ann Lee\n\n{label}: Bob Ray\n");
        let r = import(&[("sync.md", &doc)]);
        assert_eq!(
            who(&r.minutes[0], status, false).last().map(String::as_str),
            Some("Bob Ray"),
            "{label}"
        );
    }
}

#[test]
fn cancelled_in_german_spanish_or_struck_out() {
    let de = "# Vorstand 2025-03-13\n\nSitzung entfällt wegen Krankheit.\n";
    let es = "# Comité 2025-03-14\n\nSe suspende la reunión por falta de quórum.\n";
    let struck = "# Notes\n\n## 2025-03-20\n\nPresent: Ann Lee\n\n## ~~2025-03-13~~\n\nNo quorum.\n\n## 2025-03-06\n\nPresent: Ann Lee, Bob Ray\n";
    let r = import(&[("de.md", de), ("es.md", es), ("notes.md", struck)]);
    let dates: Vec<String> = r.minutes.iter().map(|m| m.date.to_string()).collect();
    assert_eq!(dates, ["2025-03-06", "2025-03-20"], "{:?}", r.messages);
    let said = r
        .messages
        .iter()
        .filter(|m| m.contains("was cancelled"))
        .count();
    assert_eq!(said, 3, "{:?}", r.messages);
}

#[test]
fn a_guest_said_before_or_after_the_name_the_chair_present_and_a_link_is_no_person() {
    let doc = "# Sync 2025-03-04

Chair: Ann Lee
Scribe: Cy Doe

Attendees:
- Bob Ray
- Guest - Priyanka Rao (Oakridge Univ.)
- Tom Yu - Guest - Birch College
- **Recording:** https://video.example/abc
";
    let r = import(&[("sync.md", doc)]);
    let m = &r.minutes[0];
    assert_eq!(who(m, "present", false), ["Bob Ray", "Ann Lee", "Cy Doe"]);
    assert_eq!(who(m, "present", true), ["Priyanka Rao", "Tom Yu"]);
    let tom = m
        .attendance
        .iter()
        .find(|a| a.name == "Tom Yu")
        .expect("Tom");
    assert_eq!(tom.affiliation.as_deref(), Some("Birch College"));
}

#[test]
fn owners_after_an_arrow_and_beside_a_due_date() {
    let doc = "# Sync 2025-03-04\n\nPresent: Ann Lee, Bob Ray, Ivo Petrov\n\n## Action items\n\n- Draft the charter → Ann\n- Ivo Petrov -> update the wiki\n- Book venue (owner: Bob, due 5 Dec 2025)\n";
    let r = import(&[("sync.md", doc)]);
    let m = &r.minutes[0];
    assert_eq!(
        owned(m),
        [
            ("Ann Lee".to_string(), "Draft the charter".to_string()),
            ("Ivo Petrov".to_string(), "update the wiki".to_string()),
            ("Bob Ray".to_string(), "Book venue".to_string()),
        ]
    );
    assert_eq!(
        m.actions[2].due.map(|d| d.to_string()).as_deref(),
        Some("2025-12-05")
    );
}

#[test]
fn two_first_names_one_letter_apart_are_two_people_and_a_merge_names_the_kept_spelling() {
    let one = "# Sync 2025-01-21\n\nPresent: Mark Chen, Ann Lee\n";
    let two = "# Sync 2025-01-28\n\nPresent: Mary Chen, Ann Lee\n";
    let r = import(&[("2025-01-21.md", one), ("2025-01-28.md", two)]);
    assert_eq!(
        who(&r.minutes[0], "present", false),
        ["Mark Chen", "Ann Lee"]
    );
    assert_eq!(
        who(&r.minutes[1], "present", false),
        ["Mary Chen", "Ann Lee"]
    );
    // A surname with a letter dropped, never in one meeting: one person, said as written.
    let three = "# Sync 2025-02-04\n\nPresent: Ann Lee, Bob Okafor\n";
    let four = "# Sync 2025-02-11\n\nPresent: Ann Lee, Bob Okfor\n";
    let five = "# Sync 2025-02-18\n\nPresent: Ann Lee, Bob Okafor\n";
    let r = import(&[("a.md", three), ("b.md", four), ("c.md", five)]);
    assert_eq!(
        r.merged,
        [("Bob Okafor".to_string(), "Bob Okfor".to_string())]
    );
    assert_eq!(
        who(&r.minutes[1], "present", false),
        ["Ann Lee", "Bob Okafor"]
    );
}

#[test]
fn regrets_for_another_meeting_and_an_undated_session_with_a_present_line() {
    let later = "# Sync 2025-11-16\n\nPresent: Alex Stone, Sam Reed\n\n## Notes\n\n- Sam Reed sends regrets for the 30 November meeting.\n";
    let r = import(&[("2025-11-16.md", later)]);
    assert_eq!(
        who(&r.minutes[0], "present", false),
        ["Alex Stone", "Sam Reed"]
    );
    assert!(who(&r.minutes[0], "regrets", false).is_empty());
    let running = "# Notes\n\n## 2025-03-20\n\nPresent: Hal Ng, Ivy Roth\n\n## Special session\n\nPresent: Hal Ng, Jon Pike\n\n## 2025-03-06\n\nPresent: Hal Ng, Ivy Roth\n";
    let r = import(&[("notes.md", running)]);
    let dates: Vec<String> = r.minutes.iter().map(|m| m.date.to_string()).collect();
    assert_eq!(dates, ["2025-03-06", "2025-03-13", "2025-03-20"]);
    assert_eq!(who(&r.minutes[2], "present", false), ["Hal Ng", "Ivy Roth"]);
}

#[test]
fn headings_without_a_year_under_a_title_that_gives_it() {
    let doc = "# Quince WG — 2025 meeting notes\n\n## June 18\n\nPresent: Ann Lee, Bob Ray\n\n## June 4\n\nPresent: Ann Lee\n";
    let r = import(&[("notes.md", doc)]);
    let dates: Vec<String> = r.minutes.iter().map(|m| m.date.to_string()).collect();
    assert_eq!(dates, ["2025-06-04", "2025-06-18"], "{:?}", r.messages);
}

#[test]
fn an_organisations_people_on_one_bullet() {
    let doc = "# Sync 2025-03-04\n\nAttendees:\n- Acme (Ada Moreno, Ben Okafor)\n- Globex: Cy Park, Dee Quill\n- Eli Rand (Initech, Umbrella)\n";
    let r = import(&[("sync.md", doc)]);
    let m = &r.minutes[0];
    assert_eq!(
        who(m, "present", false),
        [
            "Ada Moreno",
            "Ben Okafor",
            "Cy Park",
            "Dee Quill",
            "Eli Rand"
        ]
    );
    let org = |n: &str| {
        m.attendance
            .iter()
            .find(|a| a.name == n)
            .and_then(|a| a.affiliation.clone())
    };
    assert_eq!(org("Ben Okafor").as_deref(), Some("Acme"));
    assert_eq!(org("Dee Quill").as_deref(), Some("Globex"));
}

#[test]
fn a_column_of_apologies_beside_the_column_of_who_came() {
    let doc = "# Sync 2025-03-04\n\n| Name | Present | Apologies |\n|---|---|---|\n| Ann Lee | x | |\n| Bob Ray | | x |\n| Cy Doe | | |\n";
    let r = import(&[("sync.md", doc)]);
    let m = &r.minutes[0];
    assert_eq!(who(m, "present", false), ["Ann Lee"]);
    assert_eq!(who(m, "regrets", false), ["Bob Ray"]);
    assert_eq!(who(m, "absent", false), ["Cy Doe"]);
}

#[test]
fn a_name_in_lower_case_on_a_line_of_names_is_a_person() {
    let one = "# Sync 2025-02-12\n\nPresent: Siobhán O'Connell, Bart Kline\n";
    let two = "# Sync 2025-02-19\n\nPresent: siobhan o'connell, Bart Kline\n";
    let r = import(&[("2025-02-12.md", one), ("2025-02-19.md", two)]);
    let mut second = who(&r.minutes[1], "present", false);
    second.sort();
    assert_eq!(second, ["Bart Kline", "Siobhán O'Connell"]);
}

#[test]
fn roles_in_other_languages_are_roles_not_organisations() {
    let doc = "# Sitzung 2025-03-04\n\nAnwesend:\n- Ann Lee (1. Vorsitzende)\n- Bob Ray (Presidenta)\n- Cy Doe (Acme, Kassenwart)\n";
    let r = import(&[("sitzung.md", doc)]);
    let got: Vec<(String, Option<String>)> = r.minutes[0]
        .attendance
        .iter()
        .map(|a| (a.role.clone(), a.affiliation.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("1. vorsitzende".to_string(), None),
            ("presidenta".to_string(), None),
            ("kassenwart".to_string(), Some("Acme".to_string())),
        ]
    );
}

#[test]
fn the_will_of_other_languages_is_not_part_of_the_task() {
    let doc = "# Sitzung 2025-03-04\n\nAnwesend: Ann Lee, Bob Ray\n\n## Aufgaben\n\n- Ann Lee wird den Sponsor anrufen\n- Bob Ray doit relancer le fournisseur\n";
    let r = import(&[("sitzung.md", doc)]);
    assert_eq!(
        owned(&r.minutes[0]),
        [
            ("Ann Lee".to_string(), "den Sponsor anrufen".to_string()),
            ("Bob Ray".to_string(), "relancer le fournisseur".to_string()),
        ]
    );
}

#[test]
fn a_date_that_could_be_either_way_is_said_not_guessed() {
    let r = import(&[(
        "ata.md",
        "# Ata da reunião — 05/08/2025\n\nPresentes: Ann Lee, Bob Ray\n",
    )]);
    assert!(r.minutes.is_empty());
    assert!(
        r.messages
            .iter()
            .any(|m| m.contains("05/08/2025 could be day/month or month/day")),
        "{:?}",
        r.messages
    );
}

#[test]
fn a_commitment_with_no_section_around_it() {
    let doc = "# Sync 2025-03-04\n\nPresent: Greg Hall, Ines Roy\n\nGreg Hall will send the audit letter.\n";
    let r = import(&[("sync.md", doc)]);
    assert_eq!(
        owned(&r.minutes[0]),
        [("Greg Hall".to_string(), "send the audit letter".to_string())]
    );
}

#[test]
fn start_times_and_zones_written_in_other_ways() {
    let cases = [
        (
            "# Meeting of April 1st, 2025 @ 4pm ET\n\nPresent: Ann Lee\n",
            "16:00",
            "America/New_York",
        ),
        (
            "# Sync 2025-03-04 16:00 UTC+1\n\nPresent: Ann Lee\n",
            "16:00",
            "+01:00",
        ),
        (
            "# Sitzung\n\nDatum: Donnerstag, 6. März 2025, 19:30 Uhr\n\nAnwesend: Ann Lee\n",
            "19:30",
            "UTC",
        ),
    ];
    for (doc, start, zone) in cases {
        let r = import(&[("m.md", doc)]);
        let m = &r.minutes[0];
        assert_eq!(
            (m.scheduled_start.as_str(), m.timezone.as_str()),
            (start, zone),
            "{doc}"
        );
    }
}

#[test]
fn a_draft_beside_the_final_minutes_of_the_same_day_is_said_not_read() {
    let draft = "# Sync 2025-01-08\n\nPresent: Ann Lee\n";
    let fin = "# Sync 2025-01-08\n\nPresent: Ann Lee, Bob Ray\n";
    let r = import(&[("2025-01-08-draft.md", draft), ("2025-01-08.md", fin)]);
    let [m] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(who(m, "present", false), ["Ann Lee", "Bob Ray"]);
    assert!(
        r.messages
            .iter()
            .any(|x| x.starts_with("2025-01-08-draft.md:1: a draft")),
        "{:?}",
        r.messages
    );
}

#[test]
fn handles_with_their_names_on_one_line_are_the_same_people_across_meetings() {
    let doc = "# WG running notes\n\n## 2025-06-18\n\nAttendees: @kvarga (Kata Varga), @pdesai (Pooja Desai)\nRegrets: @omensah\n\n## 2025-06-04\n\nAttendees: @kvarga (Kata Varga), @omensah (Olu Mensah)\nRegrets: @pdesai\n";
    let r = import(&[("notes.md", doc)]);
    assert_eq!(r.roster.people.len(), 3, "{:?}", r.roster.people);
    let [first, second] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(who(first, "regrets", false), ["Pooja Desai"]);
    assert_eq!(who(second, "regrets", false), ["Olu Mensah"]);
    let kata = first
        .attendance
        .iter()
        .find(|a| a.name == "Kata Varga")
        .expect("Kata");
    assert_eq!(kata.affiliation, None);
}

#[test]
fn a_heading_dated_either_way_reads_as_the_date_nearest_its_neighbours() {
    let doc = "# Junta\n\n## 12/03/2025\n\nSe suspende la reunión por falta de quórum.\n\n## 26 de febrero de 2025\n\nAsistentes: Lucía Fernández\n";
    let r = import(&[("junta.md", doc)]);
    let [m] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert_eq!(m.date.to_string(), "2025-02-26");
    assert!(
        r.messages
            .iter()
            .any(|x| x.contains("2025-03-12 was cancelled")),
        "{:?}",
        r.messages
    );
}

/// Lines of the forms the rules above read, with their edge characters (non-ASCII marks,
/// full-width colons, minus signs, brackets left open), put together at random: reading
/// them never panics, whatever it makes of them.
fn fragments() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let parts = prop_oneof![
        Just("# Sync 2025-03-04".to_string()),
        Just("## 12/03/2025".to_string()),
        Just("## June 18".to_string()),
        Just("Present: Ann Lee, Bob Ray (regrets), Cy Doe [absent]".to_string()),
        Just("Attendees:".to_string()),
        Just("- Guest - Priyanka Rao (Oakridge)".to_string()),
        Just("- Acme (Ada, Ben)".to_string()),
        Just("- 🇩🇪 Émile Zola ❌".to_string()),
        Just("- [x] @ada backport #233 to 1.x".to_string()),
        Just("| Name | Attended | Apologies |".to_string()),
        Just("|---|---|---|".to_string()),
        Just("| Ann Lee | 👍 | x |".to_string()),
        Just("| # | Owner | Task | Status |".to_string()),
        Just("| 1 | Cy Doe | Book venue | done |".to_string()),
        Just("王伟：更新路线图".to_string()),
        Just("ACTION ITEM (Ada): send it".to_string()),
        Just("TODO(".to_string()),
        Just("Date: 4pm ET UTC−3 16h 19. Uhr".to_string()),
        Just("Prochaine réunion : mardi 28 janvier 2025".to_string()),
        Just("~~2025-03-13~~".to_string()),
        Just("* ada_m (50)".to_string()),
        Just("---".to_string()),
        Just("attendees:".to_string()),
        Just("  - \"Ben\"".to_string()),
        Just(String::new()),
        "[ -~éü－：（）【】]{0,30}",
    ];
    proptest::collection::vec(parts, 0..30).prop_map(|v| v.join("\n"))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn reading_any_mix_of_these_forms_never_panics(text in fragments(), name in "[a-z0-9.-]{1,12}") {
        let _ = import(&[(&format!("{name}.md"), &text)]);
    }
}

#[test]
fn regrets_said_in_the_notes_in_other_words() {
    let doc = "# Sync 2025-03-04\n\nPresent: Ann Lee, Bob Ray\n\n## Notes\n\n- Cy Doe is on vacation.\n- Dee Fox unavailable today.\n- Eli Gan cannot attend.\n";
    let r = import(&[("sync.md", doc)]);
    assert_eq!(
        who(&r.minutes[0], "regrets", false),
        ["Cy Doe", "Dee Fox", "Eli Gan"]
    );
}
