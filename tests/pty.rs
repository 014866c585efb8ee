//! End to end in a real pseudo-terminal: start `gavel run` on an example agenda, tick two
//! attendees, take an outcome and an action on the capture line, go to the next item, end
//! the meeting, quit, and check both the screen and the minutes written.
//!
//! The PTY comes from the portable-pty crate and the screen is parsed by vt100, so CI needs
//! nothing installed. Waits are for conditions on the parsed screen, with a generous timeout.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Screen {
    pub fn spawn(args: &[&str], data_dir: &Path, rows: u16, cols: u16) -> Screen {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gavel"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("GAVEL_DATA_DIR", data_dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).expect("gavel starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let (p, w) = (Arc::clone(&parser), Arc::clone(&writer));
        // Keep reading on a thread, or the child blocks writing; answer cursor queries,
        // which vt100 does not.
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if buf[..n].windows(4).any(|x| x == b"\x1b[6n") {
                    let _ = w.lock().unwrap().write_all(b"\x1b[1;1R");
                }
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        Screen {
            parser,
            writer,
            child,
        }
    }

    pub fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn send(&self, bytes: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    /// Types text, then Enter.
    pub fn line(&self, text: &str) {
        self.send(text);
        self.send("\r");
    }

    pub fn wait_for(&self, what: &str) {
        self.wait_until(what, |s| s.contains(what));
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.contents();
            if ok(&screen) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "gavel did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Screen {
    /// A failed test must not leave gavel running on a terminal nobody reads.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

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
    screen.wait_for("used of 10:00");
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
