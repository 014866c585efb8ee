//! Terminal measurements (issue 7): the real release binary in a pseudo-terminal, on the
//! large generated meeting (200 items, 300 people; and the same with 10,000 entries,
//! resumed). Ignored by `cargo test`: nothing there depends on timing. Run with
//!
//! ```sh
//! cargo test --release --test live terminal_perf:: -- --ignored --nocapture
//! ```
//!
//! It takes about two and a half minutes (four idle windows of 30 s; set
//! `GAVEL_PERF_IDLE_SECS` for shorter windows while working on it) and prints a table:
//!
//! * start to the first complete frame (the end of the first synchronized update, with the
//!   title on the parsed screen), on a fresh session and after resuming the 10,000-entry one
//!   (timed from the Enter that answers the resume prompt);
//! * keystroke to screen over 200 keys typed on the capture line: from the write to the PTY
//!   to the moment the parsed screen shows the key (the reader thread wakes the waiter
//!   through a condition variable, so nothing is rounded to a polling interval);
//! * idle cost with the clock running and paused: CPU from `/proc/PID/stat` (utime+stime in
//!   clock ticks) and, finer, from `/proc/PID/task/*/schedstat` (ns on CPU); wake-ups from
//!   the voluntary context switches of every thread (each is one sleep, so one wake-up; the
//!   involuntary ones, preemptions while runnable, are shown apart); bytes and frames
//!   written per second;
//! * peak memory (VmHWM) once the screen has drawn.
//!
//! The figures go to BENCHMARKS.md with the machine's load average, which this prints too.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

const ROWS: u16 = 60;
const COLS: u16 = 200;
const TITLE: &str = "Generated Foundation Board";
/// The end of a synchronized update: gavel wraps every frame in one.
const FRAME_END: &[u8] = b"\x1b[?2026l";

struct State {
    parser: vt100::Parser,
    bytes: u64,
    frames: u64,
    /// The last few bytes of the previous chunk, to find a frame end split across reads.
    tail: Vec<u8>,
    /// The bytes of the last complete frame (from the end of the one before it).
    last_frame: Vec<u8>,
    current: Vec<u8>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// gavel in a pseudo-terminal, read on a thread into a vt100 screen.
struct Term {
    shared: Arc<Shared>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    pid: u32,
    spawned: Instant,
}

impl Term {
    fn spawn(args: &[&str], data_dir: &Path) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gavel"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("GAVEL_DATA_DIR", data_dir);
        cmd.env("GAVEL_RUN_AS", "agenda");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                parser: vt100::Parser::new(ROWS, COLS, 0),
                bytes: 0,
                frames: 0,
                tail: Vec::new(),
                last_frame: Vec::new(),
                current: Vec::new(),
            }),
            changed: Condvar::new(),
        });
        let spawned = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("gavel starts");
        drop(pair.slave);
        let pid = child.process_id().expect("a process id");
        let (s, w) = (Arc::clone(&shared), Arc::clone(&writer));
        // Keep reading on a thread, or the child blocks writing; answer cursor queries,
        // which vt100 does not.
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let chunk = &buf[..n];
                if chunk.windows(4).any(|x| x == b"\x1b[6n") {
                    let _ = w.lock().unwrap().write_all(b"\x1b[1;1R");
                }
                let mut st = s.state.lock().unwrap();
                st.bytes += n as u64;
                let mut joined = std::mem::take(&mut st.tail);
                joined.extend_from_slice(chunk);
                st.frames += joined
                    .windows(FRAME_END.len())
                    .filter(|x| *x == FRAME_END)
                    .count() as u64;
                let keep = joined.len().saturating_sub(FRAME_END.len() - 1);
                st.tail = joined.split_off(keep);
                st.parser.process(chunk);
                st.current.extend_from_slice(chunk);
                if st.current.ends_with(FRAME_END) {
                    st.last_frame = std::mem::take(&mut st.current);
                }
                drop(st);
                s.changed.notify_all();
            }
        });
        Term {
            shared,
            writer,
            child,
            pid,
            spawned,
        }
    }

    fn send(&self, bytes: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap()
    }

    /// Waits until `ok` holds on what was received, and returns the moment it was seen
    /// (right after the reader processed the bytes that made it true).
    fn wait_until(&self, what: &str, ok: impl Fn(&State) -> bool) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut st = self.lock();
        loop {
            if ok(&st) {
                return Instant::now();
            }
            let now = Instant::now();
            assert!(
                now < deadline,
                "timed out waiting for {what:?}; screen:\n{}",
                st.parser.screen().contents()
            );
            st = self
                .shared
                .changed
                .wait_timeout(st, deadline - now)
                .unwrap()
                .0;
        }
    }

    fn wait_for(&self, text: &str) -> Instant {
        self.wait_until(text, |st| st.parser.screen().contents().contains(text))
    }

    /// Waits for the first complete frame: a synchronized update has ended and the title
    /// is on screen.
    fn wait_first_frame(&self) -> Instant {
        self.wait_until("the first frame", |st| {
            st.frames > 0 && st.parser.screen().contents().contains(TITLE)
        })
    }

    fn row(st: &State, row: u16) -> String {
        st.parser
            .screen()
            .rows(0, COLS)
            .nth(row as usize)
            .unwrap_or_default()
    }

    fn contents(&self) -> String {
        self.lock().parser.screen().contents()
    }

    /// Leaves the capture line (Esc clears it, a second Esc leaves it). Esc needs a pause
    /// after it, or it reads as Alt with the next key.
    fn leave_capture(&self) {
        for _ in 0..4 {
            self.send("\x1b");
            std::thread::sleep(Duration::from_millis(150));
            if self.contents().contains("Enter: type a note") {
                return;
            }
        }
        panic!("the capture line kept the focus:\n{}", self.contents());
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What /proc says about a process at one moment.
#[derive(Debug, Clone, Copy)]
struct Sample {
    at: Instant,
    ticks: u64,
    cpu_ns: u64,
    /// Voluntary context switches: the times gavel went to sleep (its wake-ups).
    sleeps: u64,
    /// Involuntary ones: preempted while runnable (by the reader of the PTY, a kworker,
    /// other load on the machine); not wake-ups of gavel's own.
    preempted: u64,
    bytes: u64,
    frames: u64,
}

fn status_field(text: &str, key: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{key} in /proc status"))
}

fn sample(term: &Term) -> Sample {
    let pid = term.pid;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name: state is field 3, utime 14, stime 15.
    let rest: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..]
        .split_whitespace()
        .collect();
    let ticks = rest[11].parse::<u64>().unwrap() + rest[12].parse::<u64>().unwrap();
    let (mut cpu_ns, mut sleeps, mut preempted) = (0, 0, 0);
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let dir = task.unwrap().path();
        let status = std::fs::read_to_string(dir.join("status")).unwrap();
        sleeps += status_field(&status, "voluntary_ctxt_switches:");
        preempted += status_field(&status, "nonvoluntary_ctxt_switches:");
        if let Ok(s) = std::fs::read_to_string(dir.join("schedstat")) {
            cpu_ns += s
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    let st = term.lock();
    Sample {
        at: Instant::now(),
        ticks,
        cpu_ns,
        sleeps,
        preempted,
        bytes: st.bytes,
        frames: st.frames,
    }
}

fn vm_hwm_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status_field(&status, "VmHWM:")
}

fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| d.count())
        .unwrap_or(0)
}

fn clock_ticks_per_second() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 {
        t as u64
    } else {
        100
    }
}

/// The cost of sitting idle for `secs` seconds.
struct Idle {
    secs: f64,
    cpu_pct_ticks: f64,
    cpu_pct_ns: f64,
    wakeups: f64,
    preempted: f64,
    bytes: f64,
    frames: f64,
}

fn idle(term: &Term, secs: u64) -> Idle {
    // Let the last key's draft save (2 s after a change) and any redraw settle first.
    std::thread::sleep(Duration::from_millis(3000));
    let a = sample(term);
    std::thread::sleep(Duration::from_secs(secs));
    let b = sample(term);
    let dt = (b.at - a.at).as_secs_f64();
    let hz = clock_ticks_per_second() as f64;
    Idle {
        secs: dt,
        cpu_pct_ticks: (b.ticks - a.ticks) as f64 / hz / dt * 100.0,
        cpu_pct_ns: (b.cpu_ns - a.cpu_ns) as f64 / 1e9 / dt * 100.0,
        wakeups: (b.sleeps - a.sleeps) as f64 / dt,
        preempted: (b.preempted - a.preempted) as f64 / dt,
        bytes: (b.bytes - a.bytes) as f64 / dt,
        frames: (b.frames - a.frames) as f64 / dt,
    }
}

/// The last frame written, control bytes escaped.
fn last_frame(term: &Term) -> String {
    term.lock().last_frame.escape_ascii().to_string()
}

/// The slowest keys: (index, latency), slowest first.
fn slowest(lat: &[Duration], n: usize) -> String {
    let mut v: Vec<(usize, Duration)> = lat.iter().copied().enumerate().collect();
    v.sort_by_key(|b| std::cmp::Reverse(b.1));
    v.iter()
        .take(n)
        .map(|(i, d)| format!("#{i} {:.1} ms", ms(*d)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Types `n` letters on the capture line (which has the focus) and returns the latency of
/// each, from the write to the parsed screen showing it.
fn keystrokes(term: &Term, n: usize) -> Vec<Duration> {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    let capture_row = ROWS - 2;
    let mut typed = String::new();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let c = letters[i % letters.len()] as char;
        typed.push(c);
        let tail = typed[typed.len().saturating_sub(8)..].to_string();
        let sent = Instant::now();
        term.send(&c.to_string());
        let seen = term.wait_until("the key on the capture line", |st| {
            Term::row(st, capture_row).trim_end().ends_with(&tail)
        });
        out.push(seen - sent);
        // A fast typist: about 100 keys a second at most; let gavel go back to sleep.
        std::thread::sleep(Duration::from_millis(10));
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Builds the 10,000-entry session in `data_dir` for `agenda_path`, as a live meeting would
/// have recorded it, and leaves it unfinished (everything but the final `/end`).
fn build_resumable_session(data_dir: &Path, agenda_path: &Path, source: &str) -> usize {
    use gavel::recorder::Recorder;
    let agenda = gavel::agenda::parse_str(source).expect("valid agenda").0;
    let mut meeting = gavel::meeting::Meeting::new(agenda);
    let transcript = gavel::testkit::large_transcript(200, 300, 10_000);
    let body = transcript
        .strip_suffix("/end\n")
        .expect("the transcript ends with /end");
    let refused = gavel::transcript::run(&mut meeting, body);
    assert!(refused.is_empty(), "{refused:?}");
    let mut session = gavel::session::Session::create(data_dir, agenda_path, source).unwrap();
    for event in &meeting.events() {
        session.record(event).unwrap();
    }
    meeting.event_count()
}

#[test]
#[ignore = "measurements, not a test: run with --ignored --nocapture (see the top of the file)"]
fn terminal_measurements() {
    let idle_secs: u64 = std::env::var("GAVEL_PERF_IDLE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let runs = 5;
    let load_before = loadavg();
    let tmp = tempfile::tempdir().unwrap();
    let source = gavel::testkit::large_agenda(200, 300);
    let agenda = tmp.path().join("large.toml");
    std::fs::write(&agenda, &source).unwrap();
    let agenda_arg = agenda.to_str().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let run_args = ["run", agenda_arg, "--out", out.to_str().unwrap()];

    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut row = |what: &str, value: String, target: &str| {
        println!("{what:<62} {value:<28} {target}");
        rows.push((what.into(), value, target.into()));
    };
    println!("load average before: {load_before}");
    println!("{:<62} {:<28} target", "measurement", "value");

    // ---- a fresh session on the large agenda ----
    let mut starts = Vec::new();
    let mut fresh = None;
    for i in 0..runs {
        // One gavel at a time: the previous run ends before the next starts.
        drop(fresh.take());
        let data = tmp.path().join(format!("fresh-{i}"));
        let term = Term::spawn(&run_args, &data);
        let seen = term.wait_first_frame();
        starts.push(seen - term.spawned);
        fresh = Some(term);
    }
    let fresh = fresh.unwrap();
    let (min, med, max) = (
        starts.iter().min().copied().unwrap(),
        median(starts.clone()),
        starts.iter().max().copied().unwrap(),
    );
    row(
        "start to first frame, large agenda, new session (ms)",
        format!(
            "median {:.1} (min {:.1}, max {:.1}; {runs} runs)",
            ms(med),
            ms(min),
            ms(max)
        ),
        "< 50 ms",
    );
    row(
        "peak memory (VmHWM), large agenda, no entries",
        format!("{:.1} MB", vm_hwm_kb(fresh.pid) as f64 / 1024.0),
        "< 30 MB",
    );
    row(
        "threads in the gavel process",
        format!("{}", threads(fresh.pid)),
        "",
    );

    fresh.send("\r");
    fresh.wait_for("Enter record");
    let mut lat = keystrokes(&fresh, 200);
    println!("  slowest keys: {}", slowest(&lat, 5));
    lat.sort();
    row(
        "keystroke to screen, large agenda, 200 keys (ms)",
        format!(
            "p50 {:.2}, p99 {:.2}, max {:.2}",
            ms(percentile(&lat, 0.5)),
            ms(percentile(&lat, 0.99)),
            ms(*lat.last().unwrap())
        ),
        "p99 < 10 ms",
    );
    fresh.leave_capture();
    fresh.send("s");
    fresh.wait_for("s of 3m · ");
    let running_empty = idle(&fresh, idle_secs);
    println!(
        "  one idle frame with the clock running (no entries): {}",
        last_frame(&fresh)
    );
    fresh.send("s");
    fresh.wait_for("PAUSED");
    let paused_empty = idle(&fresh, idle_secs);
    drop(fresh);

    // ---- the 10,000-entry session, resumed ----
    let data = tmp.path().join("resumed");
    let built = Instant::now();
    let events = build_resumable_session(&data, &agenda, &source);
    println!(
        "(built the {events}-event session, one fsync'd append each, in {:.1} s)",
        built.elapsed().as_secs_f64()
    );
    let mut resumes = Vec::new();
    let mut prompts = Vec::new();
    let mut resumed = None;
    for _ in 0..runs {
        // The previous run must have let go of the session's lock.
        drop(resumed.take());
        let term = Term::spawn(&run_args, &data);
        let prompt = term.wait_for("Resume it?");
        prompts.push(prompt - term.spawned);
        let enter = Instant::now();
        term.send("\r");
        let seen = term.wait_first_frame();
        resumes.push(seen - enter);
        resumed = Some(term);
    }
    let resumed = resumed.unwrap();
    row(
        &format!("start to resume prompt, {events} events (ms)"),
        format!("median {:.1}", ms(median(prompts))),
        "",
    );
    let (min, med, max) = (
        resumes.iter().min().copied().unwrap(),
        median(resumes.clone()),
        resumes.iter().max().copied().unwrap(),
    );
    row(
        &format!("Enter at the prompt to first frame, {events} events (ms)"),
        format!(
            "median {:.1} (min {:.1}, max {:.1}; {runs} runs)",
            ms(med),
            ms(min),
            ms(max)
        ),
        "< 50 ms",
    );
    row(
        &format!("peak memory (VmHWM), {events} events resumed"),
        format!("{:.1} MB", vm_hwm_kb(resumed.pid) as f64 / 1024.0),
        "< 30 MB",
    );
    resumed.send("\r");
    resumed.wait_for("Enter record");
    let mut lat = keystrokes(&resumed, 200);
    println!("  slowest keys: {}", slowest(&lat, 5));
    lat.sort();
    row(
        &format!("keystroke to screen, {events} events, 200 keys (ms)"),
        format!(
            "p50 {:.2}, p99 {:.2}, max {:.2}",
            ms(percentile(&lat, 0.5)),
            ms(percentile(&lat, 0.99)),
            ms(*lat.last().unwrap())
        ),
        "p99 < 10 ms",
    );
    resumed.leave_capture();
    assert!(
        !resumed.contents().contains("PAUSED"),
        "the resumed meeting's clock runs"
    );
    let running_large = idle(&resumed, idle_secs);
    println!(
        "  one idle frame with the clock running ({events} events): {}",
        last_frame(&resumed)
    );
    resumed.send("s");
    resumed.wait_for("PAUSED");
    let paused_large = idle(&resumed, idle_secs);
    drop(resumed);

    for (what, m) in [
        ("idle, clock running, no entries", &running_empty),
        (
            &*format!("idle, clock running, {events} events"),
            &running_large,
        ),
        ("idle, clock paused, no entries", &paused_empty),
        (
            &*format!("idle, clock paused, {events} events"),
            &paused_large,
        ),
    ] {
        let paused = what.contains("paused");
        row(
            &format!("{what}: CPU, % of a core ({:.0} s)", m.secs),
            format!(
                "{:.4} (ticks) {:.4} (schedstat)",
                m.cpu_pct_ticks, m.cpu_pct_ns
            ),
            "< 0.1%",
        );
        row(
            &format!("{what}: wake-ups per second"),
            format!("{:.2} (+ {:.2} preempted)", m.wakeups, m.preempted),
            if paused { "none beyond input" } else { "<= 1" },
        );
        row(
            &format!("{what}: bytes to the terminal per second"),
            format!("{:.1} ({:.2} frames/s)", m.bytes, m.frames),
            "only changed digits",
        );
    }
    println!("load average after: {}", loadavg());
    println!("clock ticks per second: {}", clock_ticks_per_second());
}
