//! The harness shared by the end-to-end tests (tests/pty.rs, tests/crash.rs,
//! tests/signals.rs, tests/disk_trouble.rs): start the real `gavel` binary in a PTY from
//! portable-pty, parse what it draws with vt100, type into it, signal it; and `gavel_in`,
//! one run of the binary without a terminal (tests/safety.rs, tests/data_safety.rs).
//!
//! Waits are for conditions on the parsed screen with a generous timeout, never bare sleeps.
//! A reader thread keeps draining the PTY (or the child blocks while exiting) and answers the
//! cursor-position query that vt100 does not.

// Each test crate uses a different part of the harness.
#![allow(dead_code)]

/// Properties on hostile input, shared with the cargo-fuzz targets (`fuzz/`).
pub mod hostile;

use portable_pty::{native_pty_system, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Runs the real `gavel` once in `dir`, with no standard input and no `GAVEL_DATA_DIR` from
/// the environment, and returns what it did.
pub fn gavel_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args(args)
        .current_dir(dir)
        .env_remove("GAVEL_DATA_DIR")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("gavel runs")
}

/// Output bytes as text, for messages and assertions.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder of the steering repository's `shared/` (`seeds`, `corpus`), which CI keeps beside
/// the repository and a fresh clone does not have. `None` outside CI when it is missing, after
/// one line saying what the test needs; in CI (`CI` set) a missing folder fails the test.
pub fn shared_dir(name: &str) -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have {}: the steering repository's shared/ beside the repository",
        dir.display()
    );
    skipped(&format!(
        "needs ../shared/{name} (real minutes kept beside the repository, not in it; put the \
         steering repository's shared/ next to this checkout to run it)"
    ));
    None
}

/// Says on standard error, in one line the test harness does not capture, that the running
/// test was skipped and why.
pub fn skipped(why: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    // Written to the stream itself: `eprintln!` would be captured and never shown.
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// How long any wait may take before the test fails (CI machines can be slow and busy).
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Set by the reader thread when the PTY reports end of file (the child and everything
    /// it started have closed the terminal).
    eof: Arc<AtomicBool>,
    pub rows: u16,
    pub cols: u16,
}

impl Screen {
    /// Starts `gavel ARGS` in the project directory with `GAVEL_DATA_DIR=data_dir`.
    pub fn spawn(args: &[&str], data_dir: &Path, rows: u16, cols: u16) -> Screen {
        Screen::spawn_env(args, data_dir, rows, cols, &[])
    }

    /// [`Screen::spawn`] with extra environment variables.
    pub fn spawn_env(
        args: &[&str],
        data_dir: &Path,
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
    ) -> Screen {
        Screen::spawn_in(
            args,
            data_dir,
            rows,
            cols,
            env,
            Path::new(env!("CARGO_MANIFEST_DIR")),
        )
    }

    /// [`Screen::spawn_env`] in the working directory `cwd`.
    pub fn spawn_in(
        args: &[&str],
        data_dir: &Path,
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
        cwd: &Path,
    ) -> Screen {
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
        cmd.cwd(cwd);
        cmd.env("GAVEL_DATA_DIR", data_dir);
        // The example agendas are dated in the past: keep their dates, without the question
        // `gavel run` asks on a terminal (a test that wants it sets GAVEL_RUN_AS=ask).
        cmd.env("GAVEL_RUN_AS", "agenda");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("gavel starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let eof = Arc::new(AtomicBool::new(false));
        let (p, w, e) = (Arc::clone(&parser), Arc::clone(&writer), Arc::clone(&eof));
        std::thread::spawn(move || {
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
            e.store(true, Ordering::SeqCst);
        });
        Screen {
            parser,
            writer,
            master: pair.master,
            child,
            eof,
            rows,
            cols,
        }
    }

    /// The process id of gavel.
    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("a process id") as i32
    }

    /// Sends `signal` to gavel.
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) with a pid we started and have not reaped yet.
        let rc = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(rc, 0, "kill({}, {signal})", self.pid());
    }

    pub fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Every row of the screen, trailing blanks removed.
    pub fn lines(&self) -> Vec<String> {
        let parser = self.parser.lock().unwrap();
        parser
            .screen()
            .rows(0, self.cols)
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    /// A row of the screen, counted from the top (negative: from the bottom, -1 the last).
    pub fn line_at(&self, row: i32) -> String {
        let lines = self.lines();
        let i = if row < 0 {
            lines.len() as i32 + row
        } else {
            row
        };
        lines[i as usize].clone()
    }

    /// Whether the alternate screen is showing (gavel's TUI), as opposed to the shell's.
    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Whether the terminal is back to how a shell wants it: main screen, cursor shown, no
    /// mouse reporting, and the line discipline in canonical mode with echo (raw mode off).
    pub fn restored(&self) -> Result<(), String> {
        {
            let parser = self.parser.lock().unwrap();
            let s = parser.screen();
            if s.alternate_screen() {
                return Err("still on the alternate screen".into());
            }
            if s.hide_cursor() {
                return Err("the cursor is still hidden".into());
            }
            if s.mouse_protocol_mode() != vt100::MouseProtocolMode::None {
                return Err(format!(
                    "mouse reporting is still on ({:?})",
                    s.mouse_protocol_mode()
                ));
            }
        }
        let fd = self.master.as_raw_fd().expect("the PTY's file descriptor");
        // SAFETY: tcgetattr fills a termios struct for an open terminal descriptor.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut t) } != 0 {
            return Err(format!("tcgetattr: {}", std::io::Error::last_os_error()));
        }
        if t.c_lflag & libc::ICANON == 0 || t.c_lflag & libc::ECHO == 0 {
            return Err("the terminal is still in raw mode".into());
        }
        Ok(())
    }

    /// Resizes the terminal, as a window manager would: the parser first, so that the frame
    /// drawn for the new size is read at that size.
    #[allow(dead_code)]
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.cols = cols;
        self.master
            .resize(portable_pty::PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
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
        if !self.try_wait(TIMEOUT, || ok(&self.contents())) {
            panic!(
                "timed out waiting for {what:?}; screen:\n{}",
                self.contents()
            );
        }
    }

    /// Waits until `ok` holds on the rows of the screen; panics with the screen on timeout.
    pub fn wait_lines(&self, what: &str, ok: impl Fn(&[String]) -> bool) {
        if !self.try_wait(TIMEOUT, || ok(&self.lines())) {
            panic!("timed out waiting for {what}; screen:\n{}", self.contents());
        }
    }

    /// Polls `ok` every few milliseconds until it holds (true) or `timeout` passes (false).
    pub fn try_wait(&self, timeout: Duration, mut ok: impl FnMut() -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_micros(500);
        loop {
            if ok() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(4));
        }
    }

    /// Waits for gavel to exit; its exit code (a process killed by a signal reports 1).
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "gavel did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until the reader thread has seen the end of the PTY's output, so the parsed
    /// screen holds everything gavel wrote before it exited.
    pub fn wait_output_end(&self) {
        if !self.try_wait(TIMEOUT, || self.eof.load(Ordering::SeqCst)) {
            panic!("the PTY never closed; screen:\n{}", self.contents());
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        // Never leave a gavel running behind a failed test.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `gavel serve` started in `dir` (agenda `a.toml`, data in `dir/data`) with `extra`
/// arguments, and the `ROLE: URL` lines it printed, one per role.
pub fn serve(dir: &Path, extra: &[&str]) -> (std::process::Child, Vec<(String, String)>) {
    serve_with(dir, extra, |_| {})
}

/// [`serve`] with its command changed first by `prepare` (its standard error, its limits).
pub fn serve_with(
    dir: &Path,
    extra: &[&str],
    prepare: impl FnOnce(&mut std::process::Command),
) -> (std::process::Child, Vec<(String, String)>) {
    use std::io::BufRead;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_gavel"));
    command
        .args(["--data-dir", "data", "serve", "a.toml"])
        .args(extra)
        .current_dir(dir)
        .env_remove("GAVEL_DATA_DIR")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    prepare(&mut command);
    let mut child = command.spawn().expect("gavel serve starts");
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut links = Vec::new();
    for _ in gavel::share::Role::ALL {
        let mut line = String::new();
        out.read_line(&mut line).expect("a link line");
        let (role, url) = line.trim().split_once(": ").expect("ROLE: URL");
        links.push((role.to_string(), url.to_string()));
    }
    (child, links)
}

/// Every journal of the sessions in `dir/data`, one after the other.
pub fn journals(dir: &Path) -> String {
    std::fs::read_dir(dir.join("data/sessions"))
        .unwrap()
        .flatten()
        .map(|d| std::fs::read_to_string(d.path().join("journal.jsonl")).unwrap_or_default())
        .collect()
}
