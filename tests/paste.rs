//! Issue 16, item 1: a long paste arrives whole, in a real pseudo-terminal.
//!
//! gavel turns on bracketed paste, so a terminal that supports it sends a paste wrapped in
//! `ESC[200~ … ESC[201~`: it arrives as one event, and a paste of many lines becomes one
//! note per line. A terminal without it (or text typed very fast) sends plain keys: more
//! than crossterm reads at one wake-up (1 KiB) must still all arrive without a further key,
//! and gavel must go back to sleep afterwards.
//!
//! The measurement (`#[ignore]`d, run with `cargo test --release --test live paste:: -- --ignored
//! --nocapture`) prints the time a 100 KB paste takes and the CPU gavel uses in the seconds
//! after it; the figures are in BENCHMARKS.md.

use crate::common;

use common::Screen;
use std::path::Path;
use std::time::{Duration, Instant};

const AGENDA: &str = "agendas/steering-committee.toml";
const ROWS: u16 = 36;
const COLS: u16 = 130;

/// A started meeting with the capture line open.
fn started(data: &Path, out: &Path) -> Screen {
    let screen = Screen::spawn(
        &["run", AGENDA, "--out", out.to_str().unwrap()],
        data,
        ROWS,
        COLS,
    );
    screen.wait_for("Agenda 0/6");
    screen.send("s");
    screen.wait_for("s of 10m · ");
    screen.send("\r");
    screen.wait_lines("the capture line", |lines| lines[ROWS as usize - 2] == "›");
    screen
}

/// Leaves the capture line and quits, keeping the session open.
fn leave(screen: &mut Screen) {
    // Esc on its own: followed at once by a letter it reads as Alt+letter.
    screen.send("\x1b");
    screen.wait_for("Enter: type a note");
    screen.send("q");
    screen.wait_for("Leave the meeting screen?");
    screen.send("k");
    assert_eq!(screen.wait_exit(), 0);
}

/// `count` distinct lines of about 66 bytes each.
fn lines(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| format!("pasted line {i:05}: the quick brown fox jumps over the lazy dog"))
        .collect()
}

/// Sends `bytes` through the PTY in chunks, as a terminal writes a long paste.
fn send_chunked(screen: &Screen, bytes: &str, chunk: usize) {
    let mut rest = bytes;
    while !rest.is_empty() {
        let mut cut = chunk.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        screen.send(&rest[..cut]);
        rest = &rest[cut..];
    }
}

fn notes_in_journal(data: &Path) -> Vec<String> {
    let id = gavel::session::list(data).unwrap()[0].id.clone();
    let loaded = gavel::session::load(data, &id).unwrap();
    loaded
        .events()
        .unwrap()
        .iter()
        .filter_map(|e| match &e.kind {
            gavel::meeting::EventKind::Capture(gavel::meeting::Capture::Note(
                gavel::meeting::Note { text, .. },
            )) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// The CPU time (user + system) of process `pid` so far, in clock ticks.
fn cpu_ticks(pid: i32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The command name is in parentheses and may hold spaces: count fields after it.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn pasted_100k(screen: &Screen) -> Vec<String> {
    let want = lines(1_600);
    let body = want.join("\n") + "\n";
    assert!(body.len() >= 100_000, "{}", body.len());
    send_chunked(screen, &format!("\x1b[200~{body}\x1b[201~"), 4096);
    want
}

#[test]
fn a_100_kb_bracketed_paste_of_many_lines_arrives_whole_as_notes() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut screen = started(data.path(), out.path());
    let want = pasted_100k(&screen);
    screen.wait_for(&format!(
        "Pasted {} lines as {} notes.",
        want.len(),
        want.len()
    ));
    // The capture line is left as it was: empty.
    screen.wait_lines("an empty capture line", |lines| {
        lines[ROWS as usize - 2] == "›"
    });
    assert_eq!(notes_in_journal(data.path()), want);
    leave(&mut screen);
    screen.wait_output_end();
    // Bracketed paste is turned off again on the way out.
    assert!(screen.restored().is_ok(), "{:?}", screen.restored());
}

#[test]
fn three_kb_of_plain_typing_arrives_whole_without_another_key() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut screen = started(data.path(), out.path());
    let text: String = (0..300)
        .map(|i| format!("word{i:04}, "))
        .collect::<String>()
        + "THE-END";
    assert!(text.len() > 3000);
    screen.send(&text);
    // The end of the line shows on the capture line with no further key: nothing waits in
    // the terminal's queue.
    screen.wait_lines("the end of the typed text on the capture line", |lines| {
        lines[ROWS as usize - 2].ends_with("THE-END")
    });
    screen.send("\r");
    screen.wait_for("Recorded a note.");
    assert_eq!(notes_in_journal(data.path()), vec![text]);
    leave(&mut screen);
}

#[test]
fn a_pasted_line_longer_than_an_entry_is_refused_with_its_length() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut screen = started(data.path(), out.path());
    let long = "x".repeat(70_000);
    send_chunked(&screen, &format!("\x1b[200~{long}\x1b[201~"), 4096);
    screen.wait_for("line 1 is 70000 bytes long");
    screen.wait_lines("an empty capture line", |lines| {
        lines[ROWS as usize - 2] == "›"
    });
    assert!(notes_in_journal(data.path()).is_empty());
    leave(&mut screen);
}

/// Prints how long a 100 KB paste and 3 KB of plain typing take, and the CPU gavel uses in
/// the three seconds after each (it should be asleep).
#[test]
#[ignore = "a measurement: run with --ignored --nocapture"]
fn measure_paste_time_and_idle_cpu_after() {
    let ticks_per_sec = {
        // SAFETY: sysconf has no preconditions.
        let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
        t as f64
    };
    let idle = |screen: &Screen, label: &str| {
        let before = cpu_ticks(screen.pid());
        let started = Instant::now();
        std::thread::sleep(Duration::from_secs(3));
        let used = (cpu_ticks(screen.pid()) - before) as f64 / ticks_per_sec;
        let share = 100.0 * used / started.elapsed().as_secs_f64();
        println!("{label}: idle CPU over 3 s after it: {used:.3} s of CPU ({share:.2}% of a core)");
    };
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut screen = started(data.path(), out.path());
    let t0 = Instant::now();
    let want = pasted_100k(&screen);
    screen.wait_for(&format!("Pasted {} lines as", want.len()));
    println!(
        "100 KB bracketed paste ({} lines): {:.0} ms from the first byte to all {} notes on disk",
        want.len(),
        t0.elapsed().as_secs_f64() * 1000.0,
        want.len()
    );
    idle(&screen, "100 KB paste");
    let text: String = (0..300)
        .map(|i| format!("word{i:04}, "))
        .collect::<String>()
        + "THE-END";
    let t0 = Instant::now();
    screen.send(&text);
    screen.wait_lines("the end of the typed text", |lines| {
        lines[ROWS as usize - 2].ends_with("THE-END")
    });
    println!(
        "3 KB of plain typing ({} bytes): {:.0} ms until all of it is on the capture line",
        text.len(),
        t0.elapsed().as_secs_f64() * 1000.0
    );
    idle(&screen, "3 KB typing");
    screen.send("\x15");
    leave(&mut screen);
}
