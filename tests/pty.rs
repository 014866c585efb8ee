//! End to end in a real pseudo-terminal: start `gavel run` on an example agenda, tick two
//! attendees, take an outcome and an action on the capture line, go to the next item, end
//! the meeting, quit, and check both the screen and the minutes written.
//!
//! The PTY comes from the portable-pty crate and the screen is parsed by vt100, so CI needs
//! nothing installed. Waits are for conditions on the parsed screen, with a generous timeout;
//! the harness is in tests/common/mod.rs.

use crate::common;

use common::Screen;

#[test]
fn a_meeting_run_in_a_real_terminal_writes_its_minutes() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut screen = Screen::spawn(
        &[
            "run",
            "agendas/steering-committee.toml",
            "--out",
            out.path().to_str().unwrap(),
        ],
        data.path(),
        36,
        130,
    );
    screen.wait_for("Larkspur Project Steering Committee");
    screen.wait_for("Agenda 0/6");

    // Tick two people in the roster by typing a few letters of their names.
    screen.send("r");
    screen.wait_for("filter:");
    screen.line("ingr");
    screen.wait_for("Ingrid Solberg: present");
    screen.line("kwa");
    screen.wait_for("Kwame Asante: present");
    screen.send("\x1b");
    screen.wait_until("roster filter closed", |s| !s.contains("filter:"));

    screen.send("s");
    screen.wait_for("s of 10m · ");
    screen.line("/outcome Connectors WG chartered");
    screen.wait_for("OUTCOME Connectors WG chartered");
    screen.line("/action kwa: Announce the WG due 2026-04-22");
    screen.wait_for("ACTION  Kwame Asante: Announce the WG");
    // Wait for Esc to land on its own: Esc followed at once by a letter reads as Alt+letter.
    screen.send("\x1b");
    screen.wait_for("Enter: type a note");
    screen.send("n");
    screen.wait_for("┌ 2. Security issue triage");
    screen.wait_for("Agenda 1/6");

    screen.send("q");
    screen.wait_for("Leave the meeting screen?");
    screen.send("e");
    screen.wait_for("Minutes written:");
    screen.wait_for("Time per item");
    screen.send("q");
    assert_eq!(screen.wait_exit(), 0);

    let md = std::fs::read_to_string(out.path().join("steering-committee.minutes.md"))
        .expect("the Markdown minutes were written");
    assert!(md.contains("**Outcome:** Connectors WG chartered"), "{md}");
    assert!(
        md.contains("* Kwame Asante: Announce the WG (due 2026-04-22)"),
        "{md}"
    );
    assert!(md.contains("| Ingrid Solberg (chair)"), "{md}");
    assert!(
        md.contains("### 1. Proposal: Streaming Connectors working group"),
        "{md}"
    );
    assert!(out.path().join("steering-committee.minutes.json").exists());
}

/// Ctrl-E on the capture line hands it to `$VISUAL`; the TUI steps aside and comes back with
/// the edited text, still to be entered.
#[test]
fn the_capture_line_round_trips_through_the_users_editor() {
    let data = tempfile::tempdir().unwrap();
    let script = data.path().join("fake-editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf 'typed in the editor\\n' >> \"$1\"\n",
    )
    .unwrap();
    let editor = format!("sh {}", script.display());
    let mut screen = Screen::spawn_env(
        &["run", "agendas/steering-committee.toml"],
        data.path(),
        30,
        120,
        &[("VISUAL", editor.as_str())],
    );
    screen.wait_for("Agenda 0/6");
    screen.send("s");
    screen.wait_for("s of 10m · ");
    screen.send("\r");
    screen.send("A note begun here");
    screen.wait_for("› A note begun here");
    screen.send("\x05");
    screen.wait_for("› A note begun here typed in the editor");
    screen.wait_for("Back from the editor");
    screen.send("\r");
    screen.wait_for("note    A note begun here typed");
    screen.send("\x1b");
    screen.wait_for("Enter: type a note");
    screen.send("q");
    screen.wait_for("Leave the meeting screen?");
    screen.send("k");
    assert_eq!(screen.wait_exit(), 0);
}

/// The screen follows the window: narrowed below 120 columns the roster column goes (the
/// right column shows the current item), widened again it comes back, and the borders meet
/// the new right edge each time.
#[test]
fn the_screen_follows_the_terminal_when_it_is_resized() {
    let data = tempfile::tempdir().unwrap();
    let mut screen = Screen::spawn(
        &["run", "agendas/steering-committee.toml"],
        data.path(),
        36,
        130,
    );
    screen.wait_for("Roster: 0 present");
    let right_edge = |lines: &[String], width: usize| {
        lines
            .get(3)
            .is_some_and(|l| l.chars().count() == width && l.ends_with('│'))
    };
    screen.wait_lines("the 130-column layout", |l| right_edge(l, 130));

    screen.resize(24, 80);
    screen.wait_lines("the 80-column layout", |l| {
        l.len() == 24 && right_edge(l, 80) && l[23].contains("? help")
    });

    screen.resize(40, 160);
    screen.wait_for("Roster: 0 present");
    screen.wait_lines("the 160-column layout", |l| {
        l.len() == 40 && right_edge(l, 160)
    });

    screen.send("q");
    screen.wait_for("Leave the meeting screen?");
    screen.send("k");
    assert_eq!(screen.wait_exit(), 0);
}

/// An agenda dated in the past, for the date question (issue 15).
const OLD_AGENDA: &str =
    "[meeting]\ntitle = \"Dated Council\"\ndate = 2025-11-18\nstart = \"09:00\"\n\
timezone = \"UTC\"\nlength = \"30m\"\n\n[[people]]\nname = \"Ada Moreno\"\n\n\
[[items]]\ntitle = \"Only item\"\ntimebox = \"10m\"\n";

/// Runs the old agenda, answers the date question with `answer`, starts and ends the
/// meeting; returns the header's first line, the minutes and `gavel sessions`' output.
fn run_old_agenda(answer: &str) -> (String, String, String, String) {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let agenda = dir.path().join("dated.toml");
    std::fs::write(&agenda, OLD_AGENDA).unwrap();
    let mut screen = Screen::spawn_env(
        &["run", agenda.to_str().unwrap()],
        data.path(),
        24,
        100,
        &[("GAVEL_RUN_AS", "ask")],
    );
    screen.wait_for("This agenda is dated Tue 18 Nov 2025, but today is");
    screen.send(answer);
    screen.send("\r");
    screen.wait_for("Agenda 0/1");
    let header = screen.line_at(0);
    screen.send("s");
    screen.wait_for("s of 10m · ");
    screen.send("q");
    screen.wait_for("Leave the meeting screen?");
    screen.send("e");
    screen.wait_for("Minutes written:");
    screen.send("q");
    assert_eq!(screen.wait_exit(), 0);
    let md = std::fs::read_to_string(dir.path().join("dated.minutes.md")).unwrap();
    let sessions = std::process::Command::new(env!("CARGO_BIN_EXE_gavel"))
        .arg("sessions")
        .env("GAVEL_DATA_DIR", data.path())
        .output()
        .unwrap();
    let sessions = String::from_utf8_lossy(&sessions.stdout).into_owned();
    let copies: Vec<_> = std::fs::read_dir(data.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path().join("agenda.toml"))
        .collect();
    let copy = std::fs::read_to_string(&copies[0]).unwrap_or_default();
    (header, md, sessions, copy)
}

/// Issue 15: an agenda dated 2025-11-18 run on another day is asked about before the meeting
/// starts; run as today's meeting, the screen, the session and the minutes all say today.
#[test]
fn an_agenda_dated_another_day_runs_as_todays_meeting_when_asked() {
    let today = chrono::Utc::now().date_naive();
    let (header, md, sessions, copy) = run_old_agenda("");
    let short = today.format("%a %-d %b %Y").to_string();
    assert!(header.contains(&short), "header: {header}");
    assert!(
        md.contains(&format!(
            "# Dated Council: {}",
            today.format("%A %-d %B %Y")
        )),
        "{md}"
    );
    assert!(!md.contains("2025"), "{md}");
    assert!(sessions.contains(&today.to_string()), "{sessions}");
    assert!(!sessions.contains("2025-11-18"), "{sessions}");
    assert!(
        copy.starts_with(&format!(
            "# gavel: run as the meeting of {today}; the agenda was dated 2025-11-18."
        )),
        "{copy}"
    );
}

/// The other answer keeps the agenda's date everywhere, the minutes included.
#[test]
fn an_agenda_dated_another_day_keeps_its_date_when_the_moderator_says_so() {
    let (header, md, sessions, _) = run_old_agenda("a");
    assert!(header.contains("Tue 18 Nov 2025"), "header: {header}");
    assert!(
        md.contains("# Dated Council: Tuesday 18 November 2025"),
        "{md}"
    );
    assert!(sessions.contains("2025-11-18"), "{sessions}");
}

/// A stray answer at the date question is asked again, not taken for "today" (a tester
/// typed "as" and got today's meeting): "x", then "a", keeps the agenda's date.
#[test]
fn a_stray_answer_to_the_date_question_is_asked_again() {
    let (header, _, sessions, _) = run_old_agenda("x\ra");
    assert!(header.contains("Tue 18 Nov 2025"), "header: {header}");
    assert!(sessions.contains("2025-11-18"), "{sessions}");
}

/// Issue 15: a roll call that keeps up with a call. Thirty people on an invented roster are
/// marked in 32 keys (R to start, one key a person, Esc to leave), every mark lands in the
/// minutes, and the key count is the one BENCHMARKS.md quotes.
#[test]
fn a_thirty_person_roll_call_takes_thirty_two_keys() {
    const FIRST: [&str; 30] = [
        "Amara", "Bruno", "Chen", "Dalia", "Emeka", "Fiona", "Goran", "Hana", "Ivo", "Jun", "Kofi",
        "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rania", "Sven", "Tamar", "Uma",
        "Viktor", "Wanjiru", "Xiadani", "Yusuf", "Zofia", "Anil", "Beatriz", "Cyrus", "Dagny",
    ];
    let mut agenda = String::from(
        "[meeting]\ntitle = \"Roll Call Council\"\ndate = 2026-05-20\nstart = \"15:00\"\n\
         timezone = \"UTC\"\nlength = \"30m\"\nquorum = 16\n\n",
    );
    for (i, first) in FIRST.iter().enumerate() {
        agenda.push_str(&format!(
            "[[people]]\nname = \"{first} Member{:02}\"\naffiliation = \"Org {}\"\n",
            i + 1,
            i % 7
        ));
    }
    agenda.push_str("\n[[items]]\ntitle = \"Roll call\"\ntimebox = \"5m\"\n");
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = dir.path().join("council.toml");
    std::fs::write(&path, agenda).unwrap();
    let mut screen = Screen::spawn(&["run", path.to_str().unwrap()], data.path(), 40, 120);
    screen.wait_for("Agenda 0/1");

    // p present, r regrets, a absent, s skip: the pattern the minutes must show.
    let mark = |i: usize| match i {
        29 => 's',
        _ if i % 6 == 4 => 'r',
        _ if i % 6 == 5 => 'a',
        _ => 'p',
    };
    let mut keys = 0;
    screen.send("R");
    keys += 1;
    screen.wait_for("Roll call 1/30");
    for i in 0..30 {
        screen.send(&mark(i).to_string());
        keys += 1;
        if i < 29 {
            screen.wait_for(&format!("Roll call {}/30", i + 2));
        }
    }
    screen.wait_for("Roll call: complete");
    screen.send("\x1b");
    keys += 1;
    screen.wait_for("Roll call ended: 20 present, 5 sent regrets, 4 absent, 1 not marked.");
    assert_eq!(keys, 32, "the key count BENCHMARKS.md quotes");
    println!("roll call of 30 people: {keys} keys");

    let minutes = keep_open_and_export(&mut screen, data.path());
    let attendance = minutes["attendance"].as_array().unwrap();
    assert_eq!(attendance.len(), 30);
    for (i, person) in attendance.iter().enumerate() {
        let want = match mark(i) {
            'p' => "present",
            'r' => "regrets",
            'a' => "absent",
            _ => "unknown",
        };
        assert_eq!(person["status"], want, "{} ({i})", person["name"]);
    }
}

/// A second `gavel run` of an agenda whose session another gavel has open says so at once,
/// before asking whether to resume it.
#[test]
fn a_session_open_elsewhere_is_said_before_the_resume_question() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let args = [
        "run",
        "agendas/steering-committee.toml",
        "--out",
        out.path().to_str().unwrap(),
    ];
    let mut first = Screen::spawn(&args, data.path(), 24, 80);
    first.wait_for("Agenda 0/6");
    let mut second = Screen::spawn(&args, data.path(), 24, 80);
    second.wait_for("already open in another gavel");
    assert!(
        !second.contents().contains("Resume it?"),
        "{}",
        second.contents()
    );
    assert_ne!(second.wait_exit(), 0);
    first.send("q");
    first.wait_for("Leave the meeting screen?");
    first.send("k");
    first.wait_exit();
}

/// Issue 28: a recorded vote of fifteen voting members in 17 keys (V to open it on the open
/// motion, one key a member, c to close it), every ballot in the minutes, and the key count
/// the one BENCHMARKS.md quotes.
#[test]
fn a_fifteen_member_recorded_vote_takes_seventeen_keys() {
    const FIRST: [&str; 15] = [
        "Abebe", "Brigid", "Cosmin", "Dilnoza", "Eero", "Farida", "Gideon", "Hollis", "Ilse",
        "Joaquim", "Kalani", "Liesel", "Masud", "Nerys", "Orrin",
    ];
    let mut agenda = String::from(
        "[meeting]\ntitle = \"Ballot Board\"\ndate = 2026-05-20\nstart = \"15:00\"\n\
         timezone = \"UTC\"\nlength = \"30m\"\nquorum = 8\nvote_rule = \"two-thirds\"\n\n",
    );
    for (i, first) in FIRST.iter().enumerate() {
        agenda.push_str(&format!(
            "[[people]]\nname = \"{first} Voter{:02}\"\n",
            i + 1
        ));
    }
    agenda.push_str("\n[[items]]\ntitle = \"Charter change\"\ntimebox = \"10m\"\n");
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.toml");
    std::fs::write(&path, agenda).unwrap();
    let mut screen = Screen::spawn(&["run", path.to_str().unwrap()], data.path(), 40, 120);
    screen.wait_for("Agenda 0/1");
    screen.send("s");
    screen.wait_for("Meeting started");
    let everyone: Vec<String> = FIRST.iter().map(|f| f.to_string()).collect();
    screen.send("/");
    screen.line(&format!("present {}", everyone.join(", ")));
    screen.wait_for("quorum 15/8");
    screen.line("/motion Adopt the revised charter moved by abebe seconded by brigid");
    screen.wait_for("MOTION  Adopt the revised charter");
    screen.send("\x1b");
    screen.wait_for("Enter: type a note");

    // y yes, n no, a abstain: eleven for, three against, one abstaining.
    let ballot = |i: usize| match i {
        _ if i % 5 == 3 => 'n',
        14 => 'a',
        _ => 'y',
    };
    let mut keys = 0;
    screen.send("V");
    keys += 1;
    screen.wait_for("Recorded vote 1/15");
    for i in 0..15 {
        screen.send(&ballot(i).to_string());
        keys += 1;
        if i < 14 {
            screen.wait_for(&format!("Recorded vote {}/15", i + 2));
        }
    }
    screen.wait_for("everyone called: 11 yes, 3 no, 1 abstain");
    screen.send("c");
    keys += 1;
    screen.wait_for("Vote closed: Adopt the revised charter");
    assert!(keys <= 17, "the key count BENCHMARKS.md quotes: {keys}");
    println!("recorded vote of 15 members: {keys} keys");

    let minutes = keep_open_and_export(&mut screen, data.path());
    let decision = &minutes["decisions"][0];
    assert_eq!(decision["result"], "carried", "{decision}");
    assert_eq!(decision["decided_by"], "recorded vote");
    assert_eq!(decision["counts"], serde_json::json!([11, 3, 1]));
    let ballots = decision["ballots"].as_array().unwrap();
    assert_eq!(ballots.len(), 15);
    for (i, b) in ballots.iter().enumerate() {
        let want = match ballot(i) {
            'y' => "yes",
            'n' => "no",
            _ => "abstain",
        };
        assert_eq!(b["name"], format!("{} Voter{:02}", FIRST[i], i + 1));
        assert_eq!(b["vote"], want, "{b}");
    }
}

/// Quits keeping the meeting open, and exports its session's JSON minutes (`gavel export`).
fn keep_open_and_export(screen: &mut Screen, data: &std::path::Path) -> serde_json::Value {
    screen.send("q");
    screen.wait_for("Leave the meeting screen?");
    screen.send("k");
    assert_eq!(screen.wait_exit(), 0);
    let id = std::fs::read_dir(data.join("sessions"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args(["export", id.to_str().unwrap(), "--format", "json"])
        .env("GAVEL_DATA_DIR", data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
