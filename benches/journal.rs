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

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_append(&mut c);
    c.final_summary();
    percentiles(2_000);
}
