//! Journal append latency: what one captured line costs before the screen may show it
//! (issue 4; the figures are in BENCHMARKS.md, "Journal append (fsync)").
//!
//! ```sh
//! cargo bench --bench journal
//! ```
//!
//! - criterion measures `Session::record` of a typical note: one JSON line appended to
//!   `journal.jsonl` and `fdatasync`ed, exactly what `gavel run` does per event; and, for
//!   comparison, encoding the line alone.
//! - criterion reports means and medians; the tail matters here (a slow fsync is a visible
//!   stall), so a second pass times 2,000 single appends one by one and prints p50, p90,
//!   p99 and the maximum.
//!
//! The journal is written under the project directory (on the disk a real session would
//! use, where `/tmp` may be a RAM disk), or under `GAVEL_BENCH_DIR`.

use chrono::Utc;
use criterion::Criterion;
use gavel::meeting::{Event, EventKind};
use gavel::recorder::Recorder;
use gavel::session::{journal, Session};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const AGENDA: &str = include_str!("../agendas/working-group.toml");

fn bench_dir() -> tempfile::TempDir {
    let base = std::env::var_os("GAVEL_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    tempfile::Builder::new()
        .prefix(".bench-journal-")
        .tempdir_in(base)
        .expect("a directory for the benchmark's session")
}

fn note(i: usize) -> Event {
    Event::new(
        Utc::now(),
        EventKind::Capture(gavel::meeting::Capture::Note(gavel::meeting::Note {
            text: format!(
                "Sakura: the second draft recommends detached signatures for sharded weights ({i})"
            ),
            private: false,
        })),
    )
}

/// A fresh session in `dir`, as `gavel run` creates one.
fn session(dir: &tempfile::TempDir) -> Session {
    let agenda_path = dir.path().join("working-group.toml");
    std::fs::write(&agenda_path, AGENDA).unwrap();
    Session::create(&dir.path().join("data"), &agenda_path, AGENDA).expect("a session")
}

fn bench_append(c: &mut Criterion) {
    let dir = bench_dir();
    let mut s = session(&dir);
    let mut group = c.benchmark_group("journal");
    let mut i = 0;
    group.bench_function("record one note (append + fdatasync)", |b| {
        b.iter(|| {
            i += 1;
            s.record(black_box(&note(i))).expect("the journal takes it");
        })
    });
    let e = note(0);
    group.bench_function("encode one note (no I/O)", |b| {
        b.iter(|| journal::encode(black_box(&e)))
    });
    group.finish();
    drop(s);
}

/// Times `n` single appends and prints their distribution.
fn percentiles(n: usize) {
    let dir = bench_dir();
    let mut s = session(&dir);
    // Warm up the file and the disk's queue.
    for i in 0..50 {
        s.record(&note(i)).unwrap();
    }
    let mut times: Vec<Duration> = (0..n)
        .map(|i| {
            let e = note(i);
            let start = Instant::now();
            s.record(&e).unwrap();
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "journal append + fdatasync, {n} single appends: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(at(0.50)),
        ms(at(0.90)),
        ms(at(0.99)),
        ms(*times.last().unwrap())
    );
    println!("  (session directory: {})", dir.path().display());
}

/// Peak resident memory of this process (VmHWM), in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets the peak (Linux: writing 5 to clear_refs), so the next reading is of what follows.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident memory (`ru_maxrss`, in MB) and the wall time of a child, waited for
/// with `wait4` so the figure is that child's alone.
fn wait_child(pid: u32) -> (f64, i32) {
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; both pointers are to live locals.
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(r, pid as libc::pid_t, "wait4 on the child");
    (usage.ru_maxrss as f64 / 1024.0, status)
}

/// `gavel export ID` as a child process: its wall time and peak resident memory.
fn export_child(data: &std::path::Path, id: &str) {
    let start = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args(["export", id])
        .env("GAVEL_DATA_DIR", data)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("gavel export starts");
    let (peak, status) = wait_child(child.id());
    std::mem::forget(child); // already waited for
    println!(
        "  gavel export (the binary, minutes to /dev/null): {:.2} s, peak resident {peak:.0} MB (exit status {status})",
        start.elapsed().as_secs_f64(),
    );
}

/// `gavel run AGENDA` in a pseudo-terminal on the session: the time from the start to the
/// resume question, from Enter to the end of the first frame (a synchronized update with
/// the meeting's title on screen), and the process's peak resident memory (VmHWM) once
/// the screen is drawn.
fn run_child(data: &std::path::Path, agenda: &std::path::Path, title: &str) {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    use std::io::{Read, Write};
    use std::sync::{Arc, Condvar, Mutex};
    const FRAME_END: &[u8] = b"\x1b[?2026l";
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gavel"));
    cmd.args(["run", agenda.to_str().expect("a UTF-8 path")]);
    cmd.cwd(agenda.parent().expect("the agenda's directory"));
    cmd.env("GAVEL_DATA_DIR", data);
    cmd.env("GAVEL_RUN_AS", "agenda");
    cmd.env("TERM", "xterm-256color");
    let mut reader = pair.master.try_clone_reader().expect("a reader");
    let mut writer = pair.master.take_writer().expect("a writer");
    // (bytes so far, the parsed screen, frames ended)
    let shared = Arc::new((
        Mutex::new((Vec::<u8>::new(), vt100::Parser::new(40, 120, 0), 0usize)),
        Condvar::new(),
    ));
    let spawned = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("gavel run starts");
    drop(pair.slave);
    let pid = child.process_id().expect("a process id");
    let s = Arc::clone(&shared);
    let answer = Arc::new(Mutex::new(pair.master.take_writer().ok()));
    let a = Arc::clone(&answer);
    std::thread::spawn(move || {
        let _master = pair.master;
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let chunk = &buf[..n];
            if chunk.windows(4).any(|x| x == b"\x1b[6n") {
                if let Some(w) = a.lock().unwrap().as_mut() {
                    let _ = w.write_all(b"\x1b[1;1R");
                }
            }
            let mut st = s.0.lock().unwrap();
            let from = st.0.len().saturating_sub(FRAME_END.len());
            st.0.extend_from_slice(chunk);
            let ended = st.0[from..]
                .windows(FRAME_END.len())
                .filter(|x| *x == FRAME_END)
                .count();
            st.2 += ended;
            st.1.process(chunk);
            drop(st);
            s.1.notify_all();
        }
    });
    let wait = |what: &str, ok: &dyn Fn(&str, usize) -> bool| -> Instant {
        let deadline = Instant::now() + Duration::from_secs(600);
        let mut st = shared.0.lock().unwrap();
        loop {
            let text = st.1.screen().contents();
            if ok(&text, st.2) {
                return Instant::now();
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}:\n{text}"
            );
            st = shared
                .1
                .wait_timeout(st, Duration::from_millis(200))
                .unwrap()
                .0;
        }
    };
    let prompt = wait("the resume question", &|t, _| t.contains("Resume it?"));
    let frames_before = shared.0.lock().unwrap().2;
    let enter = Instant::now();
    writer.write_all(b"\r").unwrap();
    writer.flush().unwrap();
    let screen = wait("the first frame", &|t, frames| {
        frames > frames_before && t.contains(title)
    });
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0);
    println!(
        "  gavel run (the binary, in a PTY): start to the resume question {:.2} s; Enter to the \
         first frame {:.3} s; together {:.2} s; peak resident {hwm:.0} MB",
        (prompt - spawned).as_secs_f64(),
        (screen - enter).as_secs_f64(),
        (prompt - spawned + (screen - enter)).as_secs_f64(),
    );
    let _ = child.kill();
    let _ = child.wait();
    *answer.lock().unwrap() = None;
}

/// Issue 16, item 15: a very large session. Writes a journal of `n` events (a start, then
/// notes of about the length of a typical line) without holding them, and fsyncs it (as
/// the line-by-line appends of a real meeting left it). Then measures:
///
/// - the real binary: `gavel export` (time, peak resident memory of the child) and
///   `gavel run` resuming it in a PTY (to the resume question, Enter to the first frame,
///   VmHWM once drawn): what the issue's targets are about;
/// - the library functions underneath, in this process (VmHWM reset before each step):
///   `session::load` (export's read + replay) and `Session::open` (what `gavel run` reads);
/// - the first entry after a torn tail (`Session::record` after `Session::open` found the
///   last line cut short), and for comparison the median of 20 ordinary appends after it.
fn large_journal(n: usize) {
    use std::io::Write;
    let dir = bench_dir();
    let s = session(&dir);
    let id = s.id().to_string();
    let session_dir = s.dir().to_path_buf();
    drop(s);
    let path = session_dir.join("journal.jsonl");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let t0 = chrono::DateTime::parse_from_rfc3339("2026-04-15T18:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        out.write_all(journal::encode(&Event::new(t0, EventKind::Start)).as_bytes())
            .unwrap();
        for i in 1..n {
            let e = Event::new(
                t0 + chrono::Duration::milliseconds(i as i64),
                EventKind::Capture(gavel::meeting::Capture::Note(gavel::meeting::Note {
                    text: format!("Sakura: detached signatures for sharded weights, {i}"),
                    private: false,
                })),
            );
            out.write_all(journal::encode(&e).as_bytes()).unwrap();
        }
        let file = out.into_inner().unwrap();
        file.sync_all().unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "large journal: {n} events, {:.0} MB ({})",
        size as f64 / 1e6,
        path.display()
    );
    let data = dir.path().join("data");
    let agenda = dir.path().join("working-group.toml");
    let title = gavel::agenda::parse_str(AGENDA)
        .expect("the agenda parses")
        .0
        .meeting
        .title;

    export_child(&data, &id);
    run_child(&data, &agenda, &title);

    reset_peak_rss();
    let start = Instant::now();
    let loaded = gavel::session::load(&data, &id).unwrap();
    println!(
        "  session::load (export's read + replay, in this process): {:.2} s, peak resident {:.0} MB, {} events",
        start.elapsed().as_secs_f64(),
        peak_rss_mb(),
        loaded.recorded
    );
    drop(loaded);

    reset_peak_rss();
    let start = Instant::now();
    let (s, loaded) = Session::open(&data, &id).unwrap();
    println!(
        "  Session::open (what the resume reads, in this process): {:.2} s, peak resident {:.0} MB",
        start.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    drop(loaded);
    drop(s);

    // A torn tail: the last line cut short, as a crash mid-write leaves it.
    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(size - 20).unwrap();
    f.sync_all().unwrap();
    drop(f);
    let (mut s, loaded) = Session::open(&data, &id).unwrap();
    drop(loaded);
    let start = Instant::now();
    s.record(&note(n)).unwrap();
    let torn = start.elapsed();
    let mut appends: Vec<Duration> = (0..20)
        .map(|i| {
            let e = note(n + 1 + i);
            let start = Instant::now();
            s.record(&e).unwrap();
            start.elapsed()
        })
        .collect();
    appends.sort();
    println!(
        "  first entry after a torn tail: {:.2} ms (journal now {:.0} MB, {}); an ordinary \
         append after it: median {:.2} ms of 20",
        torn.as_secs_f64() * 1000.0,
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6,
        if session_dir.join("journal.2.jsonl").exists() {
            "rewritten into a fresh segment"
        } else {
            "mended in place"
        },
        appends[appends.len() / 2].as_secs_f64() * 1000.0
    );
}

/// Criterion's test mode (`cargo bench -- --test`, or run without `--bench`): the large
/// journal is 10,000 events instead of a million, to check that the bench runs to its end.
fn quick() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench")
}

fn main() {
    let large: usize = std::env::var("GAVEL_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick() { 10_000 } else { 1_000_000 });
    if std::env::var_os("GAVEL_BENCH_LARGE_ONLY").is_some() {
        large_journal(large);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench_append(&mut c);
    c.final_summary();
    percentiles(if quick() { 100 } else { 2_000 });
    large_journal(large);
}
