//! A meeting series driven through the real binary: four meetings of an invented working
//! group (tests/series/), each step's agenda and minutes compared byte for byte with the
//! golden files in tests/series/golden/ (`GAVEL_BLESS=1 cargo test --test integration series::` rewrites
//! them). Also the running document, the iCalendar event, and `actions` / `attendance`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn data() -> PathBuf {
    root().join("tests/series")
}

/// Runs gavel in `dir`, so that paths (which the generated agendas mention) are relative.
fn gavel(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args(args)
        .current_dir(dir)
        .env_remove("GAVEL_DATA_DIR")
        .env("SOURCE_DATE_EPOCH", "1772000000")
        .output()
        .expect("gavel runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(dir: &Path, args: &[&str]) -> Output {
    let out = gavel(dir, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "gavel {args:?}: {}",
        text(&out.stderr)
    );
    out
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn compare_golden(name: &str, actual: &str) {
    let path = data().join("golden").join(name);
    if std::env::var_os("GAVEL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}: run with GAVEL_BLESS=1",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

/// `gavel check` exits 0 on a generated agenda.
fn checks_clean(dir: &Path, name: &str) {
    let out = gavel(dir, &["check", name]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{name} does not pass check: {}",
        text(&out.stderr)
    );
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["agenda1.toml", "transcript1.txt", "transcript2.txt"] {
        std::fs::copy(data().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

/// Replays a meeting into NAME.minutes.md and .json and the running document.
fn meeting(dir: &Path, agenda: &str, transcript: &str, name: &str) {
    let md = format!("{name}.minutes.md");
    let json = format!("{name}.minutes.json");
    ok(dir, &["replay", agenda, transcript, "-o", &md]);
    ok(
        dir,
        &[
            "replay", agenda, transcript, "--format", "json", "-o", &json,
        ],
    );
    let appended = ok(dir, &["replay", agenda, transcript, "--append", "notes.md"]);
    assert!(
        appended.stdout.is_empty(),
        "--append writes only the running document"
    );
    compare_golden(&md, &read(dir, &md));
    compare_golden(&json, &read(dir, &json));
}

#[test]
fn four_meetings_of_a_series() {
    let tmp = setup();
    let dir = tmp.path();

    // Meeting 1, then the agenda of meeting 2 from its minutes (date from the cadence).
    meeting(dir, "agenda1.toml", "transcript1.txt", "meeting1");
    let m1 = read(dir, "meeting1.minutes.md");
    assert!(m1.contains("*Draft: not yet approved.*"), "{m1}");
    assert!(m1.contains("**ongoing** ⚠ carried over 3 times"), "{m1}");
    ok(
        dir,
        &[
            "next",
            "meeting1.minutes.json",
            "-o",
            "agenda2.toml",
            "--ics",
            "agenda2.ics",
        ],
    );
    checks_clean(dir, "agenda2.toml");
    let agenda2 = read(dir, "agenda2.toml");
    compare_golden("agenda2.toml", &agenda2);
    assert!(agenda2.starts_with("# written by gavel\n"));
    assert!(agenda2.contains("date = 2026-03-12"), "{agenda2}");
    assert!(
        agenda2.contains("name = \"Dmitri Volkov\""),
        "the guest who came"
    );

    // Meeting 2 reviews the actions (one done, one ongoing, one not reviewed) and defers an
    // item; /nextmeeting moves meeting 3 to a Friday.
    meeting(dir, "agenda2.toml", "transcript2.txt", "meeting2");
    // Meeting 2 said /approve: meeting 1's minutes are approved on meeting 2's date.
    let m1_approved = read(dir, "meeting1.minutes.md");
    assert!(
        m1_approved.contains("*Approved on 2026-03-12.*"),
        "{m1_approved}"
    );
    assert!(read(dir, "meeting1.minutes.json").contains("\"approved\": \"2026-03-12\""));
    assert!(read(dir, "meeting2.minutes.md").contains("**Previous minutes:** approved"));
    ok(
        dir,
        &["next", "meeting2.minutes.json", "-o", "agenda3.toml"],
    );
    checks_clean(dir, "agenda3.toml");
    let agenda3 = read(dir, "agenda3.toml");
    compare_golden("agenda3.toml", &agenda3);
    assert!(agenda3.contains("date = 2026-03-27"), "{agenda3}");
    assert!(agenda3.contains("title = \"Release notes template\""));
    assert!(
        !agenda3.contains("Update the style guide"),
        "done: not carried"
    );

    // Meeting 3 is cancelled: its agenda moves to the cadence's Thursday.
    ok(
        dir,
        &[
            "cancel",
            "agenda3.toml",
            "--reason",
            "Most members are at the Lanternfish Summit",
            "-o",
            "agenda4.toml",
            "--append",
            "notes.md",
        ],
    );
    checks_clean(dir, "agenda4.toml");
    let agenda4 = read(dir, "agenda4.toml");
    compare_golden("agenda4.toml", &agenda4);
    assert!(agenda4.contains("date = 2026-04-09"), "{agenda4}");

    let notes = read(dir, "notes.md");
    compare_golden("notes.md", &notes);
    let cancelled = notes.find("**Cancelled:**").unwrap();
    let second = notes.find("## Thursday 12 March 2026").unwrap();
    let first = notes.find("## Thursday 26 February 2026").unwrap();
    assert!(
        cancelled < second && second < first,
        "newest first:\n{notes}"
    );
    assert!(notes.starts_with("# Lanternfish Documentation Working Group\n"));

    // Across the series.
    let actions = ok(dir, &["actions", "."]);
    compare_golden("actions.md", &text(&actions.stdout));
    let attendance = ok(dir, &["attendance", "."]);
    compare_golden("attendance.md", &text(&attendance.stdout));

    // Approval rewrites both files from the JSON record.
    ok(
        dir,
        &["approve", "meeting1.minutes.json", "--date", "2026-03-12"],
    );
    let approved = read(dir, "meeting1.minutes.md");
    assert!(approved.contains("*Approved on 2026-03-12.*"), "{approved}");
    assert!(!approved.contains("Draft"), "{approved}");
    // The marker's hash of the rest changes with it.
    let body = |doc: &str| doc.split_once('\n').map(|(_, b)| b.to_string());
    assert_eq!(
        body(&approved.replace("*Approved on 2026-03-12.*", "*Draft: not yet approved.*")),
        body(&m1),
        "only the approval line changes"
    );
    assert!(read(dir, "meeting1.minutes.json").contains("\"approved\": \"2026-03-12\""));
}

#[test]
fn append_twice_keeps_one_copy_and_hand_edits() {
    let tmp = setup();
    let dir = tmp.path();
    ok(
        dir,
        &[
            "replay",
            "agenda1.toml",
            "transcript1.txt",
            "--append",
            "notes.md",
        ],
    );
    ok(
        dir,
        &[
            "replay",
            "agenda1.toml",
            "transcript1.txt",
            "--format",
            "json",
            "-o",
            "m1.minutes.json",
        ],
    );
    ok(dir, &["next", "m1.minutes.json", "-o", "agenda2.toml"]);
    ok(
        dir,
        &[
            "replay",
            "agenda2.toml",
            "transcript2.txt",
            "--append",
            "notes.md",
        ],
    );
    // Someone fixes a typo in the older meeting and adds a line to the header.
    let notes = read(dir, "notes.md");
    let edited = notes
        .replacen(
            "the docs site moves to the new theme next month",
            "the docs site moves to the new theme in April (edited by hand)",
            1,
        )
        .replacen(
            "*Meetings are listed newest first.*",
            "*Meetings are listed newest first.*\n\nHand-written: bring your own coffee.",
            1,
        );
    assert_ne!(edited, notes);
    std::fs::write(dir.join("notes.md"), &edited).unwrap();
    // Exporting meeting 2 again replaces its section and nothing else.
    ok(
        dir,
        &[
            "replay",
            "agenda2.toml",
            "transcript2.txt",
            "--append",
            "notes.md",
        ],
    );
    ok(
        dir,
        &[
            "replay",
            "agenda2.toml",
            "transcript2.txt",
            "--append",
            "notes.md",
        ],
    );
    let after = read(dir, "notes.md");
    assert_eq!(
        after, edited,
        "a second export of the same meeting changes nothing"
    );
    assert_eq!(after.matches("<!-- gavel:meeting ").count(), 2);
    assert_eq!(
        after
            .matches("<!-- gavel:meeting lanternfish-docs 2026-03-12 11:00 -->")
            .count(),
        1
    );
    // A changed meeting 2 (another note) replaces its own section only.
    let mut t2 = read(dir, "transcript2.txt");
    t2 = t2.replace("[11:18] /end", "[11:17] One more note\n[11:18] /end");
    std::fs::write(dir.join("t2b.txt"), t2).unwrap();
    ok(
        dir,
        &["replay", "agenda2.toml", "t2b.txt", "--append", "notes.md"],
    );
    let changed = read(dir, "notes.md");
    assert!(changed.contains("* One more note"));
    let older = |doc: &str| {
        doc[doc
            .find("<!-- gavel:meeting lanternfish-docs 2026-02-26")
            .unwrap()..]
            .to_string()
    };
    assert_eq!(
        older(&changed),
        older(&edited),
        "the older meeting is kept byte for byte"
    );
    let header = |doc: &str| doc[..doc.find("<!-- gavel:meeting ").unwrap()].to_string();
    assert_eq!(header(&changed), header(&edited));
}

#[test]
fn ics_parses_and_starts_at_the_right_utc_time_across_dst() {
    let tmp = setup();
    let dir = tmp.path();
    ok(
        dir,
        &[
            "replay",
            "agenda1.toml",
            "transcript1.txt",
            "--format",
            "json",
            "-o",
            "m1.minutes.json",
        ],
    );
    ok(
        dir,
        &[
            "next",
            "m1.minutes.json",
            "-o",
            "a2.toml",
            "--ics",
            "a2.ics",
        ],
    );
    let raw = std::fs::read(dir.join("a2.ics")).unwrap();
    let ics = String::from_utf8(raw).unwrap();
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n") {
        assert!(!line.contains('\n'), "bare LF in {line:?}");
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let cal = parser.next().expect("one calendar").expect("it parses");
    assert!(parser.next().is_none());
    assert_eq!(cal.events.len(), 1);
    let prop = |name: &str| {
        cal.events[0]
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    // Meeting 1 was at 11:00 EST (16:00 UTC); meeting 2, after the switch to daylight
    // saving time on 8 March, is at 11:00 EDT: 15:00 UTC.
    assert_eq!(prop("DTSTART"), "20260312T150000Z");
    assert_eq!(prop("DTEND"), "20260312T154500Z");
    assert_eq!(prop("DTSTAMP"), "20260225T061320Z");
    assert_eq!(prop("UID"), "lanternfish-docs-20260312T1100@gavel");
    assert_eq!(prop("URL"), "https://meet.example.org/lanternfish-docs");
    assert_eq!(prop("SUMMARY"), "Lanternfish Documentation Working Group");
    let description = prop("DESCRIPTION");
    assert!(
        description.contains("3. Translation workflow (Kwame Asante)\\, 10m"),
        "{description}"
    );
    // Written again, the event is the same (a stable UID, no clobbering refusal).
    ok(
        dir,
        &[
            "next",
            "m1.minutes.json",
            "-o",
            "a2.toml",
            "--ics",
            "a2.ics",
        ],
    );
    assert_eq!(std::fs::read_to_string(dir.join("a2.ics")).unwrap(), ics);
}

#[test]
fn next_refuses_without_a_date() {
    let tmp = setup();
    let dir = tmp.path();
    let out = ok(
        dir,
        &[
            "replay",
            "agenda1.toml",
            "transcript1.txt",
            "--format",
            "json",
        ],
    );
    let mut json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["cadence"] = serde_json::Value::Null;
    json["next_meeting"] = serde_json::Value::Null;
    std::fs::write(dir.join("m.minutes.json"), json.to_string()).unwrap();
    let out = gavel(dir, &["next", "m.minutes.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("/nextmeeting") && err.contains("cadence"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn cancel_without_a_cadence_is_refused() {
    let tmp = setup();
    let dir = tmp.path();
    let agenda = read(dir, "agenda1.toml").replace("cadence = \"2w Thu\"\n", "");
    std::fs::write(dir.join("a.toml"), agenda).unwrap();
    let out = gavel(dir, &["cancel", "a.toml", "--reason", "Holiday"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cadence"),
        "{}",
        text(&out.stderr)
    );
}

/// `gavel next` and `gavel export --append` take a session (as `gavel run` records it) as
/// well as JSON minutes, and give the same agenda and running document.
#[test]
fn next_and_export_from_a_session() {
    use gavel::recorder::Recorder;
    let tmp = setup();
    let dir = tmp.path();
    let data = dir.join("data");
    let agenda_path = dir.join("agenda1.toml");
    let source = read(dir, "agenda1.toml");
    let (agenda, _) = gavel::agenda::parse_str(&source).unwrap();
    let mut meeting = gavel::meeting::Meeting::new(agenda);
    let refused = gavel::transcript::run(&mut meeting, &read(dir, "transcript1.txt"));
    assert!(refused.is_empty(), "{refused:?}");
    let mut session = gavel::session::Session::create(&data, &agenda_path, &source).unwrap();
    for e in &meeting.events() {
        session.record(e).unwrap();
    }
    let id = session.id().to_string();
    let journal = session.dir().join("journal.jsonl");
    drop(session);
    let data_s = data.to_str().unwrap();

    ok(
        dir,
        &[
            "replay",
            "agenda1.toml",
            "transcript1.txt",
            "--format",
            "json",
            "-o",
            "m1.minutes.json",
        ],
    );
    ok(dir, &["next", "m1.minutes.json", "-o", "from-json.toml"]);
    ok(
        dir,
        &["--data-dir", data_s, "next", &id, "-o", "from-session.toml"],
    );
    ok(
        dir,
        &["next", journal.to_str().unwrap(), "-o", "from-journal.toml"],
    );
    let body = |name: &str| {
        let t = read(dir, name);
        // The second comment line names the source; the rest must be the same.
        // A session has no minutes file for `/approve` to mark: no `previous_minutes`.
        t.lines()
            .skip(2)
            .filter(|l| !l.starts_with("previous_minutes"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body("from-session.toml"), body("from-json.toml"));
    assert_eq!(body("from-journal.toml"), body("from-json.toml"));

    ok(
        dir,
        &[
            "replay",
            "agenda1.toml",
            "transcript1.txt",
            "--append",
            "a.md",
        ],
    );
    let exported = ok(
        dir,
        &["--data-dir", data_s, "export", &id, "--append", "b.md"],
    );
    assert!(exported.stdout.is_empty());
    assert_eq!(read(dir, "a.md"), read(dir, "b.md"));
}
