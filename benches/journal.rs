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
        EventKind::Note {
            text: format!(
                "Sakura: the second draft recommends detached signatures for sharded weights ({i})"
            ),
            private: false,
        },
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

/// Issue 16, item 15: a very large session. Writes a journal of `n` events (a start, then
/// notes of about the length of a typical line) without holding them, then times, with the
/// peak resident memory of each step: reading it back as `gavel export` and the resume of
/// `gavel run` do (`Session::open`), and the first entry after a torn tail.
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
                EventKind::Note {
                    text: format!("Sakura: detached signatures for sharded weights, {i}"),
                    private: false,
                },
            );
            out.write_all(journal::encode(&e).as_bytes()).unwrap();
        }
        out.flush().unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "large journal: {n} events, {:.0} MB ({})",
        size as f64 / 1e6,
        path.display()
    );
    let data = dir.path().join("data");

    reset_peak_rss();
    let start = Instant::now();
    let loaded = gavel::session::load(&data, &id).unwrap();
    println!(
        "  load (export's read + replay): {:.2} s, peak resident {:.0} MB, {} events",
        start.elapsed().as_secs_f64(),
        peak_rss_mb(),
        loaded.events.len()
    );
    drop(loaded);

    reset_peak_rss();
    let start = Instant::now();
    let (s, loaded) = Session::open(&data, &id).unwrap();
    println!(
        "  Session::open (resume, to the screen): {:.2} s, peak resident {:.0} MB",
        start.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    drop(loaded);
    drop(s);

    // A torn tail: the last line cut short, as a crash mid-write leaves it.
    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(size - 20).unwrap();
    drop(f);
    let (mut s, loaded) = Session::open(&data, &id).unwrap();
    drop(loaded);
    let start = Instant::now();
    s.record(&note(n)).unwrap();
    println!(
        "  first entry after a torn tail: {:.2} ms (journal now {:.0} MB, {})",
        start.elapsed().as_secs_f64() * 1000.0,
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6,
        if session_dir.join("journal.2.jsonl").exists() {
            "rewritten into a fresh segment"
        } else {
            "mended in place"
        }
    );
}

fn main() {
    let large: usize = std::env::var("GAVEL_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    if std::env::var_os("GAVEL_BENCH_LARGE_ONLY").is_some() {
        large_journal(large);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench_append(&mut c);
    c.final_summary();
    percentiles(2_000);
    large_journal(large);
}
