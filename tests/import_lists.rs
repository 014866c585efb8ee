//! `gavel import` reading attendance the way secretaries lay it out (issue 26): a checkbox
//! list ticked for who came, groups under an attendance heading, sections written as
//! top-level headings below the meeting's own, a quorum line under the names. Every person
//! and organisation below is invented.

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
