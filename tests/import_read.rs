//! `gavel import` reading minutes as what they are (issue 26): a Markdown parse, HTML
//! comments not content, HTML tables by the evidence of their columns, people with their
//! handles, roles, guests and alternates, owners in the ways secretaries write them.
//! Every person and organisation below is invented.

use gavel::import::{import_texts, Import, Options, UNASSIGNED};
use gavel::minutes::{AttendeeRecord, Minutes};

fn import(files: &[(&str, &str)]) -> Import {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    import_texts(&files, &Options::default())
}

fn person<'a>(m: &'a Minutes, name: &str) -> &'a AttendeeRecord {
    m.attendance
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("{name} in {:?}", m.attendance))
}

const HANDLES: &str = "# Widget WG meeting 2025-03-04

## Attendees

* Jane Doe @jdoe (voting member)
* [Omar Quist](https://github.com/oquist) (Acme Corp)
* Lena Park (Guest - liaison from another committee)
* Ravi Menon (Globex alternate)
* Tess Ruiz (alternate for Jane Doe)

<!--
## Absent
* Carl Brandt
* Mia Wong
-->

## Action items

* jdoe - draft the plan for the spring release
* Jane Doe - send the list to the mailing list
* Omar and Lena - review the budget
* oquist: update the website
* Next meeting: 2025-03-18
";

#[test]
fn handles_roles_guests_and_alternates_go_where_they_belong() {
    let r = import(&[("2025-03-04.md", HANDLES)]);
    assert_eq!(r.minutes.len(), 1, "{:?}", r.messages);
    let m = &r.minutes[0];
    let jane = person(m, "Jane Doe");
    assert_eq!(jane.github.as_deref(), Some("jdoe"));
    assert_eq!(jane.role, "voting member");
    assert_eq!(jane.affiliation, None);
    assert_eq!(person(m, "Omar Quist").github.as_deref(), Some("oquist"));
    assert_eq!(
        person(m, "Omar Quist").affiliation.as_deref(),
        Some("Acme Corp")
    );
    let lena = person(m, "Lena Park");
    assert!(lena.guest && !lena.votes);
    assert_eq!(lena.affiliation, None);
    let ravi = person(m, "Ravi Menon");
    assert_eq!(ravi.role, "alternate");
    assert_eq!(ravi.affiliation.as_deref(), Some("Globex"));
    assert_eq!(
        person(m, "Tess Ruiz").alternate_for.as_deref(),
        Some("Jane Doe")
    );
    // The commented-out list is not content: nobody in it is recorded at all.
    assert!(m.attendance.iter().all(|a| a.name != "Carl Brandt"));
    assert_eq!(m.attendance.len(), 5);
}

#[test]
fn owners_before_a_dash_handles_and_pairs_and_next_meeting_is_no_action() {
    let r = import(&[("2025-03-04.md", HANDLES)]);
    let m = &r.minutes[0];
    let owners: Vec<(Vec<String>, &str)> = m
        .actions
        .iter()
        .map(|a| (a.owners.clone(), a.text.as_str()))
        .collect();
    assert_eq!(
        owners,
        [
            (
                vec!["Jane Doe".into()],
                "draft the plan for the spring release"
            ),
            (vec!["Jane Doe".into()], "send the list to the mailing list"),
            (
                vec!["Omar Quist".into(), "Lena Park".into()],
                "review the budget"
            ),
            (vec!["Omar Quist".into()], "update the website"),
        ]
    );
    assert_eq!(
        m.next_meeting.as_ref().map(|n| n.date.to_string()),
        Some("2025-03-18".into())
    );
    assert!(m.actions.iter().all(|a| a.owners != [UNASSIGNED]));
}

#[test]
fn an_owner_not_found_is_reported_with_its_line() {
    let doc = "# Team sync 2025-04-01\n\nPresent: Ada Moreno, Ben Okafor\n\n## Actions\n\n* Ada: book the room\n* Sort out the budget somehow\n";
    let r = import(&[("sync.md", doc)]);
    assert_eq!(r.minutes[0].actions.len(), 2);
    assert!(
        r.messages
            .iter()
            .any(|m| m.starts_with("sync.md:8: action with no owner recognised")),
        "{:?}",
        r.messages
    );
}
