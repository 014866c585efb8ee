//! What `gavel import` writes (issue 26): minutes that say what the secretary wrote of old
//! actions and nothing more, in output that grows with the input, written all or nothing.
//! Every person below is invented.

use gavel::import::{import_texts, Import, Options};
use gavel::minutes::Minutes;
use std::process::Command;

fn gavel() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gavel"))
}

fn import(text: &str) -> Import {
    import_texts(&[("notes.md".into(), text.into())], &Options::default())
}

const THREE: &str = "# Sync 2025-03-04

Present: Ada Moreno, Ben Okafor

## Action items

- Ada Moreno: Write the budget summary for the board
- Ben Okafor: Book the room for the spring retreat

# Sync 2025-03-11

Present: Ada Moreno, Ben Okafor

## Notes

- Ben Okafor booked the room; the retreat is on.

## Action items

- Ben Okafor: Send the invitations to the partners

# Sync 2025-03-18

Present: Ada Moreno, Ben Okafor

## Action items

- [x] Ben Okafor: Book the room for the spring retreat
- Ada Moreno: Draft the newsletter for April
";

fn reviewed(m: &Minutes) -> Vec<(&str, Option<&str>)> {
    m.review
        .iter()
        .map(|r| (r.text.as_str(), r.status.as_deref()))
        .collect()
}

#[test]
fn a_meeting_reviews_what_its_secretary_wrote_and_the_last_lists_what_is_still_open() {
    let r = import(THREE);
    let [first, second, last] = &r.minutes[..] else {
        panic!("{:?}", r.messages)
    };
    assert!(first.review.is_empty() && second.review.is_empty());
    assert_eq!(second.actions.len(), 1);
    assert_eq!(
        reviewed(last),
        [
            ("Write the budget summary for the board", None),
            ("Book the room for the spring retreat", Some("done")),
            ("Send the invitations to the partners", None),
        ]
    );
    let carried: Vec<u32> = last.review.iter().map(|r| r.carried).collect();
    assert_eq!(carried, [2, 1, 1]);
    assert_eq!(r.minutes.iter().map(|m| m.review.len()).sum::<usize>(), 3);
}

#[test]
fn imported_minutes_in_markdown_list_open_actions_as_open_not_unreviewed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, THREE).expect("notes");
    let out = dir.path().join("out");
    let run = gavel()
        .arg("import")
        .arg(&notes)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("import");
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let export = gavel()
        .arg("export")
        .arg(out.join("2025-03-18.minutes.json"))
        .output()
        .expect("export");
    let md = String::from_utf8_lossy(&export.stdout);
    assert_eq!(export.status.code(), Some(0), "{md}");
    let review = md
        .split("## Review of previous actions\n\n")
        .nth(1)
        .expect("a review");
    assert!(
        review.starts_with(
            "1. Ben Okafor: Book the room for the spring retreat (from 2025-03-04): **done**\n\n\
             ## Actions still open from earlier meetings\n\n\
             1. Ada Moreno: Write the budget summary for the board (from 2025-03-04)\n\
             2. Ben Okafor: Send the invitations to the partners (from 2025-03-11)\n"
        ),
        "{md}"
    );
    assert!(!md.contains("not reviewed"), "{md}");
}

/// Two thousand meetings on one date, each adding an action nobody closes: the reviews
/// hold nothing nobody wrote, so what is written grows with the meetings, not their square.
#[test]
fn actions_nobody_closes_write_output_linear_in_the_meetings() {
    let meetings = 2_000;
    let text: String = (0..meetings)
        .map(|i| {
            format!(
                "# Sync 2025-03-11\n\nPresent: Ada Moreno, Ben Okafor\n\n## Action items\n\n\
                 - Ada Moreno: Write report {i} about the topic\n\n"
            )
        })
        .collect();
    let r = import(&text);
    assert_eq!(r.minutes.len(), meetings);
    let reviews: usize = r.minutes.iter().map(|m| m.review.len()).sum();
    assert_eq!(reviews, meetings - 1, "only the last lists the open ones");
    let last = r.minutes.last().expect("last");
    assert_eq!(
        last.review[0].carried,
        u32::try_from(meetings).expect("u32") - 1
    );
    let written: usize = r
        .minutes
        .iter()
        .map(|m| gavel::minutes::json::render(m).len())
        .sum();
    assert!(written < meetings * 4_000, "{written} bytes");
}

#[test]
fn a_refused_file_among_the_minutes_writes_none_of_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, THREE).expect("notes");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("out");
    std::fs::write(out.join("2025-03-11.minutes.json"), "my own notes\n").expect("theirs");
    let run = gavel()
        .arg("import")
        .arg(&notes)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("import");
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(
        err.contains("2025-03-11.minutes.json") && err.contains("--force"),
        "{err}"
    );
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("read out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2025-03-11.minutes.json"]);
    assert_eq!(
        std::fs::read_to_string(out.join("2025-03-11.minutes.json")).expect("kept"),
        "my own notes\n"
    );
}

#[test]
fn a_readme_and_a_template_beside_the_minutes_are_said_and_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("minutes");
    std::fs::create_dir(&src).expect("src");
    std::fs::write(
        src.join("README.md"),
        "# Our minutes\n\n- Source: the steering repository, 2024-03-06\n- AI: Ada to keep this file up to date.\n",
    )
    .expect("readme");
    std::fs::write(
        src.join("template.md"),
        "# Sync YYYY-MM-DD\n\nPresent: \n\n## Action items\n\n- Name: task\n",
    )
    .expect("template");
    std::fs::write(
        src.join("2025-03-04.md"),
        "# Sync 2025-03-04\n\nPresent: Ada Moreno\n",
    )
    .expect("minutes");
    let out = dir.path().join("out");
    let run = gavel()
        .arg("import")
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("import");
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(
        err.contains("README.md: a README, not minutes; not read"),
        "{err}"
    );
    assert!(
        err.contains("template.md: a template, not minutes"),
        "{err}"
    );
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2025-03-04.minutes.json"]);
}

#[test]
fn a_page_of_notes_with_a_date_in_passing_is_no_meeting() {
    let page = "# About these notes\n\n- Copied from the wiki on 2024-03-06\n- Each file is one meeting\n- Names are as the secretary wrote them\n";
    let r = import(page);
    assert!(r.minutes.is_empty(), "{:?}", r.minutes);
}

#[test]
fn minutes_in_folders_by_year_are_read_hidden_folders_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("meetings");
    std::fs::create_dir_all(src.join("2025")).expect("year");
    std::fs::create_dir_all(src.join(".git")).expect("hidden");
    std::fs::write(
        src.join("2025/06-18.md"),
        "# Sync 2025-06-18\n\nPresent: Ada Moreno\n",
    )
    .expect("minutes");
    std::fs::write(
        src.join(".git/x.md"),
        "# Sync 2025-01-01\n\nPresent: Ben Okafor\n",
    )
    .expect("hidden");
    let out = dir.path().join("out");
    let run = gavel()
        .arg("import")
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("import");
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2025-06-18.minutes.json"]);
}
