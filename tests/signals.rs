//! SIGTERM, SIGHUP and SIGINT during a meeting, in a real pseudo-terminal (issue 4, "Signals
//! and panics"): gavel exits promptly, the terminal is given back as it was (main screen,
//! cursor shown, no mouse reporting, raw mode off), the line half-typed on the capture line
//! is saved, the journal replays clean, and `gavel run` resumes with the draft back on the
//! capture line.
//!
//! The signal is sent with kill(2) to gavel's pid. Each signal is tried in a different
//! state: SIGTERM on a paused meeting with nothing pending (the loop then sleeps until the
//! next minute, so the signal must wake it), SIGHUP on a running meeting right after typing,
//! SIGINT on a paused meeting right after typing.

use crate::common;

use common::Screen;
use std::path::Path;
use std::time::{Duration, Instant};

const AGENDA: &str = "agendas/steering-committee.toml";
const ROWS: u16 = 36;
const COLS: u16 = 130;

fn capture_line(screen: &Screen, want: &str) {
    screen.wait_lines(&format!("{want:?} on the capture line"), |lines| {
        lines[ROWS as usize - 2] == want
    });
}

fn draft(data: &Path, id: &str) -> String {
    std::fs::read_to_string(data.join("sessions").join(id).join("draft.txt")).unwrap_or_default()
}

struct Case {
    signal: i32,
    name: &'static str,
    /// The meeting is paused when the signal comes.
    paused: bool,
    /// The draft is on disk and nothing is pending when the signal comes: the loop sleeps
    /// until the next minute unless the signal wakes it.
    settled: bool,
}

fn signal_during_a_meeting(case: Case) {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let args = ["run", AGENDA, "--out", out.path().to_str().unwrap()];
    let mut screen = Screen::spawn(&args, data.path(), ROWS, COLS);
    screen.wait_for("Agenda 0/6");
    screen.send("s");
    screen.wait_for("s of 10m · ");
    screen.send("\r");
    capture_line(&screen, "›");
    screen.line("/outcome Connectors WG chartered");
    screen.wait_for("OUTCOME Connectors WG chartered");
    if case.paused {
        screen.line("/pause");
        screen.wait_for("Recorded the pause.");
    }
    let id = gavel::session::list(data.path()).unwrap()[0].id.clone();
    screen.send("half a dra");
    capture_line(&screen, "› half a dra");
    if case.settled {
        let saved = screen.try_wait(Duration::from_secs(10), || {
            draft(data.path(), &id) == "half a dra"
        });
        assert!(saved, "the draft was not saved within 10 s");
        screen.send("ft");
        capture_line(&screen, "› half a draft");
        let saved = screen.try_wait(Duration::from_secs(10), || {
            draft(data.path(), &id) == "half a draft"
        });
        assert!(saved, "the draft was not saved within 10 s");
        // Past the next second boundary: the loop now sleeps until the next minute.
        std::thread::sleep(Duration::from_millis(1100));
    } else {
        screen.send("ft");
        capture_line(&screen, "› half a draft");
    }

    let sent = Instant::now();
    screen.signal(case.signal);
    let code = screen.wait_exit();
    let took = sent.elapsed();
    screen.wait_output_end();
    assert!(
        took < Duration::from_secs(5),
        "{}: gavel took {took:?} to stop",
        case.name
    );
    assert_eq!(code, 0, "{}: exit code", case.name);
    if let Err(why) = screen.restored() {
        panic!(
            "{}: the terminal was not restored: {why}; screen:\n{}",
            case.name,
            screen.contents()
        );
    }
    let shell = screen.contents();
    assert!(
        shell.contains("stopped by a signal")
            && shell.contains(&format!("session {id} is kept open")),
        "{}: {shell}",
        case.name
    );

    // On disk: the draft, and a journal that replays clean.
    assert_eq!(draft(data.path(), &id), "half a draft", "{}", case.name);
    let loaded = gavel::session::load(data.path(), &id).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert!(loaded.clean);
    assert_eq!(loaded.recorded, if case.paused { 3 } else { 2 });
    assert_eq!(loaded.draft, "half a draft");

    // Resume: Enter on the prompt, the draft is back on the capture line.
    let mut screen = Screen::spawn(&args, data.path(), ROWS, COLS);
    screen.wait_for("Resume it?");
    screen.send("\r");
    capture_line(&screen, "› half a draft");
    screen.wait_for("Restored the line you were typing.");
    screen.line(" of the charter");
    screen.wait_for("note    half a draft of the charter");
    screen.send("\x1b");
    screen.wait_for("Enter: type a note");
    screen.send("q");
    screen.wait_for("Leave the meeting screen?");
    screen.send("e");
    screen.wait_for("Minutes written");
    screen.send("q");
    assert_eq!(screen.wait_exit(), 0);
    let md = std::fs::read_to_string(out.path().join("steering-committee.minutes.md")).unwrap();
    assert!(md.contains("**Outcome:** Connectors WG chartered"), "{md}");
    assert!(md.contains("half a draft of the charter"), "{md}");
}

#[test]
fn sigterm_on_a_paused_meeting_stops_at_once_and_keeps_everything() {
    signal_during_a_meeting(Case {
        signal: libc::SIGTERM,
        name: "SIGTERM",
        paused: true,
        settled: true,
    });
}

#[test]
fn sighup_while_typing_saves_the_draft_and_restores_the_terminal() {
    signal_during_a_meeting(Case {
        signal: libc::SIGHUP,
        name: "SIGHUP",
        paused: false,
        settled: false,
    });
}

#[test]
fn sigint_while_typing_on_a_paused_meeting() {
    signal_during_a_meeting(Case {
        signal: libc::SIGINT,
        name: "SIGINT",
        paused: true,
        settled: false,
    });
}
