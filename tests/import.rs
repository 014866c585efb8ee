//! `gavel import` (issue 19): the three real minutes in ../shared/seeds (numbers only: their
//! people's names stay out of the project), gavel's own minutes read back, running
//! documents, `--append` into a hand-written document, and the participant reports of Zoom,
//! Google Meet and Microsoft Teams. Every person and organisation below is invented.

use crate::common;

use gavel::import::{import_texts, Options};
use gavel::minutes::Minutes;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn gavel() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gavel"))
}

/// The seed whose file name starts with `prefix`, or `None` (after one line) when a fresh
/// clone has no `../shared/seeds` beside it. Guarded by `common::shared_dir`: outside CI a
/// missing folder skips the test; with `CI` set it fails it.
fn seed(prefix: &str) -> Option<PathBuf> {
    let dir = common::shared_dir("seeds")?;
    let found = std::fs::read_dir(&dir)
        .expect("read the seeds directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        });
    Some(found.unwrap_or_else(|| panic!("no seed {prefix}_* in {}", dir.display())))
}

fn import_one(path: &Path) -> gavel::import::Import {
    let text = std::fs::read_to_string(path).expect("read the seed");
    import_texts(&[(path.display().to_string(), text)], &Options::default())
}

fn count(m: &Minutes, status: &str, guest: bool) -> usize {
    m.attendance
        .iter()
        .filter(|a| a.status == status && a.guest == guest)
        .count()
}

#[test]
fn seed_000_one_meeting_with_a_table_next_steps_and_numbered_items() {
    let Some(path) = seed("000") else {
        return;
    };
    let r = import_one(&path);
    assert_eq!(r.minutes.len(), 1);
    let m = &r.minutes[0];
    assert_eq!(m.date.to_string(), "2026-02-25");
    // The attendance table: five rows, all "y"; "Other attendees:" one guest.
    assert_eq!(count(m, "present", false), 5);
    assert_eq!(count(m, "present", true), 1);
    assert_eq!(m.attendance.len(), 6);
    assert!(m.moderator.is_some());
    // "Next Steps:": seven "Owner: text" lines, three with several owners ("A/B/Team").
    assert_eq!(m.actions.len(), 7);
    assert_eq!(m.actions.iter().filter(|a| a.owners.len() > 1).count(), 2);
    assert!(m.actions.iter().all(|a| !a.owners.is_empty()));
    // Seven numbered headings under "Agenda" (two are numbered 4), three "Not covered".
    assert_eq!(m.items.iter().filter(|i| i.covered).count(), 7);
    assert_eq!(m.items.iter().filter(|i| !i.covered).count(), 3);
    assert!(m.recap.is_some());
    let imported = m.imported.as_ref().expect("marked as imported");
    assert!(imported.parts.iter().any(|p| p.text == "attendance"));
    assert!(
        r.messages.iter().all(|msg| !msg.contains("kept as text")),
        "{:?}",
        r.messages
    );
}

#[test]
fn seed_002_present_regrets_guests_and_quorum() {
    let Some(path) = seed("002") else {
        return;
    };
    let r = import_one(&path);
    assert_eq!(r.minutes.len(), 1);
    let m = &r.minutes[0];
    assert_eq!(m.date.to_string(), "2025-11-18");
    assert_eq!(count(m, "present", false), 5);
    assert_eq!(count(m, "regrets", false), 10);
    assert_eq!(count(m, "present", true), 7);
    // Each guest has an organisation or a role beside the name; a role (a workstream's
    // co-lead, a board's co-chair) is a role, not an affiliation (issue 26), and "<Org>
    // alternate" makes an alternate for that organisation's seat.
    assert!(m
        .attendance
        .iter()
        .all(|a| a.affiliation.is_some() || a.role != "member"));
    assert!(m.attendance.iter().all(|a| a
        .affiliation
        .as_deref()
        .is_none_or(|o| !o.contains("co-lead") && !o.contains("co-chair"))));
    assert_eq!(
        m.attendance
            .iter()
            .filter(|a| a.alternate_for.is_some())
            .count(),
        2
    );
    let q = m.quorum.as_ref().expect("the quorum line");
    assert_eq!((q.members, q.needed, q.present, q.met), (15, 8, 5, false));
    assert_eq!(m.actions.len(), 1);
    assert_eq!(m.actions[0].owners.len(), 1);
}

/// Present and apologies per meeting of the running document, oldest first, counted by
/// hand from the seed (HTML tables with "X"/"x", then bullet lists).
const SEED_001: [(&str, usize, usize); 25] = [
    ("2023-05-19", 15, 0),
    ("2023-05-24", 7, 0),
    ("2023-05-26", 0, 0),
    ("2023-05-31", 5, 3),
    ("2023-06-07", 14, 0),
    ("2023-06-14", 12, 2),
    ("2023-06-21", 18, 0),
    ("2023-06-28", 16, 0),
    ("2023-07-05", 12, 1),
    ("2023-07-12", 10, 1),
    ("2023-07-19", 7, 0),
    ("2023-07-26", 12, 0),
    ("2023-08-02", 9, 0),
    ("2023-08-09", 12, 1),
    ("2023-08-16", 13, 1),
    ("2023-08-23", 12, 1),
    ("2023-08-30", 9, 1),
    ("2023-09-06", 8, 1),
    ("2023-09-13", 8, 0),
    ("2023-09-27", 11, 2),
    ("2023-10-11", 8, 0),
    ("2023-10-25", 8, 0),
    ("2023-11-08", 6, 1),
    // The heading of this meeting is empty: dated one cadence (two weeks) before the next.
    ("2023-11-27", 9, 0),
    ("2023-12-11", 7, 0),
];

#[test]
fn seed_001_running_document_every_meeting_and_attendee() {
    let Some(path) = seed("001") else {
        return;
    };
    let r = import_one(&path);
    let got: Vec<(String, usize, usize)> = r
        .minutes
        .iter()
        .map(|m| {
            (
                m.date.to_string(),
                count(m, "present", false),
                count(m, "regrets", false),
            )
        })
        .collect();
    let want: Vec<(String, usize, usize)> = SEED_001
        .iter()
        .map(|(d, p, a)| (d.to_string(), *p, *a))
        .collect();
    assert_eq!(got, want);
    assert_eq!(got.iter().map(|g| g.1).sum::<usize>(), 248);
    assert_eq!(got.iter().map(|g| g.2).sum::<usize>(), 15);
    // The cancelled meeting (2023-09-20) is reported, not written.
    assert!(r
        .messages
        .iter()
        .any(|m| m.contains("2023-09-20 was cancelled")));
    assert!(r
        .messages
        .iter()
        .any(|m| m.contains(":188: the meeting's heading has no date")));
    // One person once, however spelled (middle initials, short first names, a first name
    // alone, trailing spaces, upper case): 59 people.
    assert_eq!(r.roster.people.len(), 59);
    // The last meeting reviews what is open: 13 carried, 1 new.
    let last = r.minutes.last().expect("meetings");
    let open_review = last
        .review
        .iter()
        .filter(|x| matches!(x.status.as_deref(), None | Some("ongoing")))
        .count();
    assert_eq!(open_review, 13);
    assert_eq!(last.actions.len(), 1);
    // The new actions of 2023-11-27 ("[Owner] text", "[Owner/Owner] text") are still open.
    assert_eq!(
        last.review
            .iter()
            .filter(|x| x.from.map(|d| d.to_string()).as_deref() == Some("2023-11-27"))
            .count(),
        3
    );
    let summary = &r.summaries[0];
    assert_eq!((summary.meetings, summary.cancelled), (25, 1));
}

#[test]
fn seed_001_next_agenda_carries_its_open_actions() {
    let Some(path) = seed("001") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("minutes");
    let agenda = dir.path().join("next.toml");
    let run = gavel()
        .arg("import")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .arg("--agenda")
        .arg(&agenda)
        .output()
        .expect("run gavel");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("25 meetings (1 cancelled, not written)"),
        "{stderr}"
    );
    assert!(stderr.contains(":32: kept as text: Put an"), "{stderr}");
    let check = gavel().arg("check").arg(&agenda).output().expect("check");
    assert_eq!(check.status.code(), Some(0));
    let toml = std::fs::read_to_string(&agenda).expect("agenda");
    assert_eq!(toml.matches("[[actions]]").count(), 14);
    // gavel next on the last imported meeting carries the same actions.
    let next = gavel()
        .arg("next")
        .arg(out.join("2023-12-11.minutes.json"))
        .output()
        .expect("next");
    assert_eq!(
        next.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    let next = String::from_utf8_lossy(&next.stdout);
    assert_eq!(next.matches("[[actions]]").count(), 14);
    // The last minutes say the meeting two weeks later is skipped and give the next
    // meeting's date in a "Next meeting:" line: that date, not two weeks later (and the
    // line is not an action).
    assert!(next.contains("date = 2024-01-08"), "as written: {next}");
    // The series reports read the imported history.
    let att = gavel()
        .arg("attendance")
        .arg(&out)
        .output()
        .expect("attendance");
    assert_eq!(att.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&att.stdout).contains("(25 meetings)"));
    let acts = gavel().arg("actions").arg(&out).output().expect("actions");
    assert_eq!(acts.status.code(), Some(0));
}

// ---------------------------------------------------------------------------------------
// gavel's own minutes, read back

const FIRST: [&str; 12] = [
    "Ada", "Ben", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Inês", "Jo", "Kai", "Lea",
];
const LAST: [&str; 12] = [
    "Moreno", "Okafor", "Park", "Quill", "Rand", "Sol", "Tamm", "Uno", "Carvalho", "Vance", "Wren",
    "Yates",
];
const WORDS: [&str; 10] = [
    "draft", "review", "the", "charter", "send", "notes", "budget", "release", "plan", "logo",
];

fn replay_minutes(agenda: &str, transcript: &str) -> Minutes {
    let (agenda, _) = gavel::agenda::parse_str(agenda).expect("a valid agenda");
    let mut meeting = gavel::meeting::Meeting::new(agenda);
    let refused = gavel::transcript::run(&mut meeting, transcript);
    assert!(refused.is_empty(), "{refused:?}\n{transcript}");
    Minutes::build(&meeting, meeting.minutes_time(), Default::default())
}

type Attendance = Vec<(String, String, bool)>;
type Actions = Vec<(Vec<String>, String, Option<chrono::NaiveDate>)>;

fn attendance_of(m: &Minutes) -> Attendance {
    let mut a: Attendance = m
        .attendance
        .iter()
        .filter(|a| !(a.guest && matches!(a.status.as_str(), "absent" | "unknown")))
        .map(|a| {
            let status = match a.status.as_str() {
                "present" | "left" => "present",
                "regrets" => "regrets",
                _ => "absent",
            };
            (a.name.clone(), status.to_string(), a.guest)
        })
        .collect();
    a.sort();
    a
}

fn actions_of(m: &Minutes) -> Actions {
    let mut a: Actions = m
        .actions
        .iter()
        .filter(|a| !a.private)
        .map(|a| (a.owners.clone(), a.text.clone(), a.due))
        .collect();
    a.sort();
    a
}

#[test]
fn golden_minutes_read_back_the_same() {
    for name in ["steering-committee", "technical-committee", "working-group"] {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/");
        let md = std::fs::read_to_string(format!("{dir}{name}.minutes.md")).expect("golden md");
        let json = std::fs::read_to_string(format!("{dir}{name}.minutes.json")).expect("json");
        let want = gavel::minutes::json::parse(&json).expect("golden json");
        let got = import_texts(&[(format!("{name}.md"), md)], &Options::default());
        assert_eq!(got.minutes.len(), 1, "{name}");
        assert_eq!(
            attendance_of(&got.minutes[0]),
            attendance_of(&want),
            "{name}"
        );
        assert_eq!(actions_of(&got.minutes[0]), actions_of(&want), "{name}");
        let statuses = |m: &Minutes| {
            m.review
                .iter()
                .map(|r| (r.text.clone(), r.status.clone()))
                .collect::<Vec<_>>()
        };
        if !want.review.is_empty() {
            assert_eq!(statuses(&got.minutes[0]), statuses(&want), "{name}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn replayed_minutes_read_back_the_same(
        people in proptest::collection::btree_set(0usize..12, 2..8),
        statuses in proptest::collection::vec(0u8..4, 8),
        guests in proptest::collection::btree_set(0usize..12, 0..3),
        actions in proptest::collection::vec(
            (proptest::collection::btree_set(0usize..8, 1..3),
             proptest::collection::vec(0usize..10, 2..6),
             proptest::option::of(1u32..28)),
            0..5),
    ) {
        let people: Vec<usize> = people.into_iter().collect();
        let name = |i: usize| format!("{} {}", FIRST[i], LAST[i]);
        let mut toml = String::from(
            "[meeting]\ntitle = \"Quince Working Group\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\n\n",
        );
        for (k, &i) in people.iter().enumerate() {
            toml.push_str(&format!("[[people]]\nname = \"{}\"\naffiliation = \"Org {k}\"\n\n", name(i)));
        }
        toml.push_str("[[items]]\ntitle = \"Welcome\"\ntimebox = \"10m\"\n");
        let mut t = String::from("[17:00] /start\n");
        for (k, &i) in people.iter().enumerate() {
            let cmd = match statuses[k % statuses.len()] {
                0 | 1 => "/present",
                2 => "/regrets",
                _ => "/absent",
            };
            t.push_str(&format!("{cmd} {}\n", name(i)));
        }
        // Guests: invented names that are not on the roster.
        for g in &guests {
            t.push_str(&format!("/guest {} Zed (Visitor Org)\n", FIRST[*g]));
        }
        for (owners, words, due) in &actions {
            let owners: Vec<String> = owners.iter().map(|o| name(people[o % people.len()])).collect();
            let mut owners_dedup = owners.clone();
            owners_dedup.dedup();
            let mut text: Vec<&str> = words.iter().map(|w| WORDS[*w]).collect();
            text.insert(0, "Please");
            let due = due.map(|d| format!(" due 2026-04-{d:02}")).unwrap_or_default();
            t.push_str(&format!("/action {}: {}{due}\n", owners_dedup.join(", "), text.join(" ")));
        }
        t.push_str("[17:30] /end\n");
        let want = replay_minutes(&toml, &t);
        let md = gavel::minutes::markdown::render(&want);
        let got = import_texts(&[("quince.md".to_string(), md.clone())], &Options::default());
        prop_assert_eq!(got.minutes.len(), 1);
        prop_assert_eq!(attendance_of(&got.minutes[0]), attendance_of(&want), "{}", md);
        prop_assert_eq!(actions_of(&got.minutes[0]), actions_of(&want), "{}", md);
    }
}

// ---------------------------------------------------------------------------------------
// Running documents

fn day(n: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 1, 8).expect("a date") + chrono::Duration::days(14 * n)
}

/// A running document of `n` meetings, newest first, in the forms secretaries vary:
/// upper-case bold labels, escaped brackets, duplicated names, trailing commas.
fn running_document(n: usize) -> String {
    let mut doc = String::from("# Quince WG running notes\n\n**Time:** Every other Monday, 15:00 UTC  \n**Mailing list:** quince@lists.example.org\n\n");
    for k in (0..n).rev() {
        let d = day(k as i64);
        doc.push_str(&format!("## {}\n\n", d.format("%-d %B %Y")));
        let a = FIRST[k % 12];
        let b = FIRST[(k + 1) % 12];
        let c = FIRST[(k + 2) % 12];
        let full = |f: &str| {
            let i = FIRST.iter().position(|x| *x == f).unwrap_or(0);
            format!("{} {}", FIRST[i], LAST[i])
        };
        if k % 2 == 0 {
            doc.push_str(&format!(
                "**Present:** {} (Org {k}), {}, {}, {},\n\n**Regrets**: {}\n\n",
                full(a),
                full(b).to_uppercase(),
                full(a),
                full(c),
                full(FIRST[(k + 3) % 12])
            ));
        } else {
            doc.push_str(&format!(
                "### Attendees\n\n* {} (Org {k})\n* {}\n* {}\n\n### Apologies\n\n- {}\n\n",
                full(a),
                full(b),
                full(c),
                full(FIRST[(k + 3) % 12])
            ));
        }
        doc.push_str("### Topics\n\n* Status of the release\n    * On track\n\n### Actions\n\n");
        doc.push_str(&format!("- [ ] \\[{}\\] Write the summary number {k}\n", a));
        if k > 0 {
            doc.push_str(&format!(
                "- [x] {}: Write the summary number {}\n",
                FIRST[(k - 1) % 12],
                k - 1
            ));
        }
        doc.push('\n');
    }
    doc
}

#[test]
fn a_running_document_of_fifty_meetings() {
    let doc = running_document(50);
    let r = import_texts(&[("NOTES.MD".into(), doc)], &Options::default());
    assert_eq!(r.minutes.len(), 50);
    for (k, m) in r.minutes.iter().enumerate() {
        assert_eq!(m.date, day(k as i64));
        assert_eq!(count(m, "present", false), 3, "{k}: {:?}", m.attendance);
        assert_eq!(count(m, "regrets", false), 1, "{k}");
        assert_eq!(m.actions.len(), 1, "{k}");
        assert_eq!(m.actions[0].owners.len(), 1, "{k}");
        assert_eq!(m.cadence.as_deref(), Some("2w"));
        assert_eq!(m.scheduled_start, "15:00");
    }
    // Twelve invented people, each once (upper-case spellings joined, the spelling chosen
    // is not the shouted one).
    assert_eq!(r.roster.people.len(), 12);
    assert!(r
        .roster
        .people
        .iter()
        .all(|p| p.name != p.name.to_uppercase()));
    // Each action was ticked done at the next meeting: only the last is open.
    let open = gavel::series::open_actions(&r.minutes);
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].text, "Write the summary number 49");
    assert!(r.messages.is_empty(), "{:?}", r.messages);
}

const HAND_WRITTEN: &str = "# Quince WG notes\n\nStanding header: join at https://meet.example.org/quince\n\n## 2026-02-18\n\n**Present:** Ada Moreno, Ben Okafor\n\n## 2026-02-04\n\n**Present:** Ada Moreno\n";

const AGENDA: &str = "[meeting]\ntitle = \"Quince WG\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\n\n[[people]]\nname = \"Ada Moreno\"\naffiliation = \"Acme Labs\"\n\n[[people]]\nname = \"Inês Carvalho\"\n\n[[people]]\nname = \"Ben Okafor\"\nemail = \"\"\n\n[[people]]\nname = \"Zoë Ångström\"\n\n[[items]]\ntitle = \"Welcome\"\ntimebox = \"10m\"\n";

fn agenda_without_email() -> String {
    AGENDA.replace("email = \"\"\n", "")
}

#[test]
fn append_into_a_hand_written_document_goes_above_the_newest_meeting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let notes = dir.path().join("NOTES.md");
    std::fs::write(&notes, HAND_WRITTEN).expect("write notes");
    let agenda = dir.path().join("quince.toml");
    std::fs::write(&agenda, agenda_without_email()).expect("agenda");
    let transcript = dir.path().join("t.txt");
    std::fs::write(
        &transcript,
        "[17:00] /start\n/present Ada Moreno\n[17:20] /end\n",
    )
    .expect("t");
    let run = gavel()
        .arg("replay")
        .arg(&agenda)
        .arg(&transcript)
        .arg("--append")
        .arg(&notes)
        .output()
        .expect("replay");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("NOTES.md:5: new meeting inserted above the meeting of 2026-02-18"),
        "{stderr}"
    );
    let doc = std::fs::read_to_string(&notes).expect("notes");
    let new = doc.find("gavel:meeting").expect("the new meeting");
    assert!(doc.starts_with("# Quince WG notes\n\nStanding header"));
    assert!(new < doc.find("## 2026-02-18").expect("old meeting"));
    assert!(new > doc.find("Standing header").expect("header"));
    assert!(doc.ends_with("## 2026-02-04\n\n**Present:** Ada Moreno\n"));
    // The document still imports: three meetings, the new one first in the file.
    let r = import_texts(&[("NOTES.md".into(), doc)], &Options::default());
    let dates: Vec<String> = r.minutes.iter().map(|m| m.date.to_string()).collect();
    assert_eq!(dates, ["2026-02-04", "2026-02-18", "2026-03-04"]);
}

// ---------------------------------------------------------------------------------------
// Participant reports

/// Zoom, "Participants" export of one meeting: "Name (Original Name)","User Email","Join
/// Time","Leave Time","Duration (Minutes)","Guest". A person who joined twice, a renamed
/// account with the original name in parentheses, an iPhone, accents dropped.
const ZOOM: &str = "\"Name (Original Name)\",\"User Email\",\"Join Time\",\"Leave Time\",\"Duration (Minutes)\",\"Guest\"\n\
\"Ada Moreno\",\"ada.moreno@acme.example.org\",\"03/04/2026 04:58:10 PM\",\"03/04/2026 05:20:00 PM\",\"22\",\"No\"\n\
\"Ada Moreno\",\"ada.moreno@acme.example.org\",\"03/04/2026 05:25:00 PM\",\"03/04/2026 06:00:00 PM\",\"35\",\"No\"\n\
\"Ines Carvalho\",\"\",\"03/04/2026 05:03:00 PM\",\"03/04/2026 05:40:00 PM\",\"37\",\"Yes\"\n\
\"Quince room (Ben Okafor)\",\"\",\"03/04/2026 05:01:00 PM\",\"03/04/2026 06:00:00 PM\",\"59\",\"Yes\"\n\
\"iPhone\",\"\",\"03/04/2026 05:05:00 PM\",\"03/04/2026 05:06:00 PM\",\"1\",\"Yes\"\n";

/// Google Meet, attendance report CSV: "First name","Last name","Email","Duration","Time
/// joined","Time exited". "Last, First" is not needed: the columns split the name.
const MEET: &str = "First name,Last name,Email,Duration,Time joined,Time exited\n\
Zoe,Angstrom,zoe@example.org,45 min,5:05 PM,5:50 PM\n\
ada,MORENO,ada.moreno@acme.example.org,60 min,5:00 PM,6:00 PM\n\
Unknown,Device,,2 min,5:10 PM,5:12 PM\n";

/// Microsoft Teams, attendance report (.csv saved as UTF-16 LE with BOM, tab-separated,
/// in sections): "1. Summary", "2. Participants" with "Name","First Join","Last
/// Leave","In-Meeting Duration","Email","Participant ID (UPN)","Role", "3. In-Meeting
/// Activities".
const TEAMS: &str = "1. Summary\n\
Meeting title\tQuince WG\n\
Attended participants\t4\n\
Start time\t3/4/26, 4:59:30 PM\n\
End time\t3/4/26, 6:00:10 PM\n\
\n\
2. Participants\n\
Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n\
Okafor, Ben\t3/4/26, 5:02:00 PM\t3/4/26, 5:45:00 PM\t43m\tben@example.org\tben@example.org\tOrganizer\n\
Carvalho, Inês\t3/4/26, 5:00:00 PM\t3/4/26, 6:00:10 PM\t60m\t\tines.carvalho@example.org\tPresenter\n\
Okafor, Ben\t3/4/26, 5:50:00 PM\t3/4/26, 6:00:10 PM\t10m\tben@example.org\tben@example.org\tOrganizer\n\
Conference Room 4B\t3/4/26, 5:00:00 PM\t3/4/26, 6:00:10 PM\t60m\t\t\tAttendee\n\
\n\
3. In-Meeting Activities\n\
Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n\
Okafor, Ben\t3/4/26, 5:02:00 PM\t3/4/26, 5:45:00 PM\t43m\tben@example.org\tOrganizer\n";

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    b
}

fn attendance_import(report: &[u8], file: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(file);
    std::fs::write(&path, report).expect("report");
    let agenda = dir.path().join("quince.toml");
    std::fs::write(&agenda, agenda_without_email()).expect("agenda");
    let run = gavel()
        .args(["attendance", "import"])
        .arg(&path)
        .arg("--agenda")
        .arg(&agenda)
        .output()
        .expect("run");
    (
        run.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&run.stdout).into_owned(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

#[test]
fn zoom_report() {
    let (code, out, err) = attendance_import(ZOOM.as_bytes(), "participants.csv");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Zoom report, 4 participants: 3 matched to the roster, 1 not matched"),
        "{err}"
    );
    assert!(err.contains("not on the roster: \"iPhone\""), "{err}");
    assert!(
        err.contains("Ada Moreno = \"Ada Moreno\" (16:58–18:00, 2 connections)"),
        "{err}"
    );
    // Joined before the start: at the start; stayed to the end: no /left.
    assert_eq!(
        out,
        "[17:00] /present Ada Moreno\n[17:01] /present Ben Okafor\n[17:03] /present Inês Carvalho\n[17:40] /left Inês Carvalho\n"
    );
}

#[test]
fn google_meet_report() {
    let (code, out, err) = attendance_import(MEET.as_bytes(), "meet.csv");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Google Meet report, 3 participants: 2 matched"),
        "{err}"
    );
    assert!(err.contains("\"Unknown Device\""), "{err}");
    assert_eq!(
        out,
        "[17:00] /present Ada Moreno\n[17:05] /present Zoë Ångström\n[17:50] /left Zoë Ångström\n"
    );
}

#[test]
fn teams_report_utf16_with_bom() {
    let (code, out, err) = attendance_import(&utf16le_with_bom(TEAMS), "teams.csv");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Microsoft Teams report, 3 participants: 2 matched"),
        "{err}"
    );
    assert!(
        err.contains("Ben Okafor = \"Okafor, Ben\" (17:02–18:00, 2 connections)"),
        "{err}"
    );
    assert!(err.contains("\"Conference Room 4B\""), "{err}");
    assert_eq!(
        out,
        "[17:00] /present Inês Carvalho\n[17:02] /present Ben Okafor\n"
    );
}

#[test]
fn a_report_feeds_replay() {
    // The lines written are a transcript gavel replay takes as they are.
    let (_, out, _) = attendance_import(ZOOM.as_bytes(), "participants.csv");
    let t = format!("[17:00] /start\n{out}[18:00] /end\n");
    let m = replay_minutes(&agenda_without_email(), &t);
    let ines = m
        .attendance
        .iter()
        .find(|a| a.name == "Inês Carvalho")
        .expect("Inês");
    assert_eq!(ines.status, "left");
    assert_eq!(ines.left.as_deref(), Some("17:40"));
}

/// `gavel replay` of a transcript with `/attendance FILE` (issue 19 item 5): the report
/// beside the transcript is read and the matched people are recorded with the call's own
/// times, here after the end, as a report usually comes; the unmatched are left out.
fn replay_with_report(report: &[u8], file: &str, transcript: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(file), report).expect("report");
    let agenda = dir.path().join("quince.toml");
    std::fs::write(&agenda, agenda_without_email()).expect("agenda");
    let t = dir.path().join("t.txt");
    std::fs::write(&t, transcript).expect("transcript");
    let run = gavel()
        .arg("replay")
        .arg(&agenda)
        .arg(&t)
        .args(["--format", "json"])
        .output()
        .expect("replay");
    (
        run.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&run.stdout).into_owned(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

fn times(m: &Minutes, name: &str) -> (String, Option<String>, Option<String>) {
    let a = m
        .attendance
        .iter()
        .find(|a| a.name == name)
        .expect("on the roster");
    (a.status.clone(), a.joined.clone(), a.left.clone())
}

#[test]
fn replay_reads_a_zoom_report_beside_the_transcript() {
    let (code, out, err) = replay_with_report(
        ZOOM.as_bytes(),
        "participants.csv",
        "[17:00] /start\n[17:02] /present Ada\n[18:00] /end\n[18:05] /attendance participants.csv\n",
    );
    assert_eq!(code, 0, "{err}");
    let m = gavel::minutes::json::parse(&out).expect("JSON minutes");
    let s = |x: &str| Some(x.to_string());
    // The earlier of the mark (17:02) and the report (16:58); two connections, one person.
    assert_eq!(
        times(&m, "Ada Moreno"),
        ("present".into(), s("16:58"), None)
    );
    assert_eq!(
        times(&m, "Ben Okafor"),
        ("present".into(), s("17:01"), None)
    );
    assert_eq!(
        times(&m, "Inês Carvalho"),
        ("left".into(), s("17:03"), s("17:40"))
    );
    assert_eq!(times(&m, "Zoë Ångström").0, "unknown");
    assert!(!m.attendance.iter().any(|a| a.name == "iPhone"));
    assert_eq!(
        m.ended.as_deref(),
        Some("18:00"),
        "the report moves no clock"
    );
}

#[test]
fn replay_reads_a_teams_report_in_utf16() {
    let (code, out, err) = replay_with_report(
        &utf16le_with_bom(TEAMS),
        "teams.csv",
        "[17:00] /start\n[18:00] /end\n[18:01] /attendance teams.csv\n",
    );
    assert_eq!(code, 0, "{err}");
    let m = gavel::minutes::json::parse(&out).expect("JSON minutes");
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        times(&m, "Inês Carvalho"),
        ("present".into(), s("17:00"), None)
    );
    // Rejoined at 17:50: the first join, and in to the end.
    assert_eq!(
        times(&m, "Ben Okafor"),
        ("present".into(), s("17:02"), None)
    );
}

#[test]
fn replay_refuses_a_report_it_cannot_read_with_its_line() {
    let (code, _, err) = replay_with_report(
        ZOOM.as_bytes(),
        "participants.csv",
        "[17:00] /start\n[17:30] /attendance missing.csv\n[17:31] /attendance quince.toml\n[18:00] /end\n",
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("t.txt:2: missing.csv: no such file"), "{err}");
    assert!(
        err.contains("t.txt:3: quince.toml: no participant table found"),
        "{err}"
    );
}

#[test]
fn unreadable_input_is_exit_2_and_odd_extensions_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = gavel()
        .args(["import", "/nonexistent/notes.md", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(2));
    let src = dir.path().join("src");
    std::fs::create_dir(&src).expect("dir");
    std::fs::write(
        src.join("2026-03-04 NOTES.TXT"),
        "Present: Ada Moreno (Acme Labs), Ben Okafor\nRegrets: Cy Park\n\nNext steps:\n- [ ] Ada: send the draft\n- something nobody wrote down as an action\n",
    )
    .expect("notes");
    std::fs::write(src.join("ignored.pdf"), "x").expect("pdf");
    let run = gavel()
        .arg("import")
        .arg(&src)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--cadence")
        .arg("1w")
        .arg("--agenda")
        .arg(dir.path().join("next.toml"))
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{err}");
    // A next step that names nobody and has no box is the minutes' text, not an action.
    assert!(err.contains("1 meeting, 3 people, 1 action,"), "{err}");
    let json =
        std::fs::read_to_string(dir.path().join("out/2026-03-04.minutes.json")).expect("json");
    let m = gavel::minutes::json::parse(&json).expect("minutes");
    assert_eq!(m.actions.len(), 1);
    let imported = m.imported.as_ref().expect("imported");
    assert!(imported
        .remarks
        .iter()
        .any(|r| r.text.starts_with("next step: something nobody")));
    let check = gavel()
        .arg("check")
        .arg(dir.path().join("next.toml"))
        .output()
        .expect("check");
    assert_eq!(check.status.code(), Some(0));
}

/// Under an agenda item, a task-list box and `[Owner, Owner] text` (brackets escaped or not)
/// are actions taken there; a Markdown link or a `[time]` stamp in brackets is not.
#[test]
fn task_boxes_and_bracketed_owners_under_an_item_are_actions() {
    let doc = "# Quill TSC: 2026-10-07\n\n\
        Present: Ana Souza, Robert Lind, Chen Wei, Eli Novak\n\n\
        ## Agenda\n\n\
        ### 1. CI costs\n\
        - \\[Robert, Chen\\] Compare CI providers\n\
        - [ ] Eli: write the cost summary\n\
        - [x] Ana: renew the domain\n\
        - [The pricing page](https://ci.example.org/pricing) has the numbers\n\
        - \\[1:39 PM\\] a chat message pasted in\n";
    let import = import_texts(&[("tsc.md".into(), doc.into())], &Options::default());
    let m = &import.minutes[0];
    let mut open: Vec<(Vec<String>, String)> = m
        .actions
        .iter()
        .map(|a| (a.owners.clone(), a.text.clone()))
        .collect();
    open.sort();
    assert_eq!(
        open,
        [
            (
                vec!["Eli Novak".to_string()],
                "write the cost summary".to_string()
            ),
            (
                vec!["Robert Lind".to_string(), "Chen Wei".to_string()],
                "Compare CI providers".to_string()
            ),
        ],
        "{:#?}",
        m.actions
    );
    let notes: Vec<&str> = m.items[0]
        .entries
        .iter()
        .filter_map(|e| match e {
            gavel::minutes::EntryRecord::Note { note, .. } => Some(note.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        notes.len(),
        2,
        "the link and the pasted chat line stay notes: {notes:?}"
    );
}

/// Minutes typed as plain text: the first line with a date is the meeting's heading, and a
/// section name alone on its line ("Attendees:", "Agenda", "Next steps") opens its section.
#[test]
fn plain_text_minutes_have_their_sections_found() {
    let doc = "Data Tools Working Group - May 12, 2026\n\n\
        Attendees:\n- Mira Jensen (Orbit Labs)\n- Tomás Ruiz, Hexa\n\n\
        Other attendees: Sam Cole (Beacon)\nModerator: Mira Jensen\nApologies: Lee Park\n\n\
        Agenda\n1. Welcome\n2. Schema registry proposal - Tomás\n3. AOB\n\n\
        Next steps\n- Tomás Ruiz: prototype the registry in a fork\n\
        - Mira: book the room for June (done)\n- [Tomás, Lee] Review the glossary PR\n";
    let import = import_texts(&[("wg.txt".into(), doc.into())], &Options::default());
    assert_eq!(import.minutes.len(), 1, "{:?}", import.messages);
    let m = &import.minutes[0];
    assert_eq!(m.date.to_string(), "2026-05-12");
    assert_eq!(m.moderator.as_deref(), Some("Mira Jensen"));
    assert_eq!(count(m, "present", false), 2);
    assert_eq!(count(m, "regrets", false), 1);
    assert_eq!(count(m, "present", true), 1);
    let titles: Vec<&str> = m.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Welcome", "Schema registry proposal", "AOB"]);
    assert_eq!(m.items[1].presenter.as_deref(), Some("Tomás Ruiz"));
    assert_eq!(m.actions.len(), 2, "{:#?}", m.actions);
    assert!(
        import
            .messages
            .iter()
            .all(|msg| !msg.contains("kept as text")),
        "{:?}",
        import.messages
    );
}

/// An owner written as a mention (`@Nadia`) is the person; someone left blank in the
/// attendance table and named under "Regrets" sent regrets.
#[test]
fn mentions_are_owners_and_regrets_beat_a_blank_in_the_table() {
    let doc = "## 2026-06-09\n\n\
        | Present | Name | Organization |\n|---|---|---|\n\
        | x | Kiri Moana | Kowhai Ltd |\n|   | Nadia Haddad | Cedar Co |\n\n\
        **Regrets**: Nadia Haddad\n\n\
        ### New actions\n- [ ] @Nadia: review the budget\n";
    let import = import_texts(&[("notes.md".into(), doc.into())], &Options::default());
    let m = &import.minutes[0];
    let nadia = m
        .attendance
        .iter()
        .find(|a| a.name == "Nadia Haddad")
        .expect("Nadia on the roster");
    assert_eq!(nadia.status, "regrets");
    assert_eq!(m.actions.len(), 1);
    assert_eq!(m.actions[0].owners, ["Nadia Haddad"]);
    assert_eq!(m.actions[0].text, "review the budget");
}

/// In minutes that use Markdown headings, a short plain line is a paragraph whatever it
/// says ("Discussion", "Event cancelled."), and a bracketed tag or a reference link under
/// an item is a note, not an action.
#[test]
fn plain_lines_in_markdown_minutes_stay_paragraphs() {
    let doc = "# Widget WG 2026-03-04\n\n## Attendees\n- Ada Moreno\n- Ben Okafor\n\n\
        ## Budget\n\nDiscussion\n\nThe vendor replied late.\n\nEvent cancelled.\n\n\
        - [Decision] we adopt the cheaper plan\n- [RFC 42][rfc] was discussed\n\n\
        ## Roadmap\n\nMinutes approved.\n\n- point about roadmap\n";
    let import = import_texts(&[("a.md".into(), doc.into())], &Options::default());
    assert_eq!(
        import.minutes.len(),
        1,
        "the meeting is not taken as cancelled"
    );
    let m = &import.minutes[0];
    let titles: Vec<&str> = m.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Budget", "Roadmap"]);
    assert!(m.actions.is_empty(), "{:#?}", m.actions);
    assert_eq!(m.items[0].entries.len(), 5);
}
