//! Issue 25's targets: a shared session under the attacks a stranger holding the attendee
//! link (or any TCP client) can make, and a session of 1,000,000 events joined by a real
//! `gavel join`. A benchmark, not a timed test: nothing in `cargo test` depends on it. The
//! figures are in BENCHMARKS.md ("Issue 25: under attack").
//!
//! ```sh
//! cargo bench --bench attacks                        # both scenarios (~2 min)
//! GAVEL_BENCH_SCENARIO=attacks cargo bench --bench attacks
//! GAVEL_BENCH_SCENARIO=million cargo bench --bench attacks
//! GAVEL_JOIN_EVENTS=100000 cargo bench --bench attacks   # a smaller session
//! GAVEL_BENCH_ATTACK=welcome cargo bench --bench attacks  # one attack (echo, silent,
//!                                                       # helloless, welcome, forged)
//! ```
//!
//! Everything talks to 127.0.0.1 only, and every attack is bounded in connections and time.
//! The host is the real binary (`gavel serve`, release build); the attackers and the chair
//! are in this process and speak the protocol as raw JSON (the wire format, not the
//! library's types), the joiner is a real `gavel join` in a pseudo-terminal.
//!
//! **Attacks.** The host serves an agenda whose session already holds 300 notes of 60 KiB
//! (18 MiB, written into its journal before it starts), so that a welcome is large. A chair
//! connects and sends a note every 100 ms throughout; the time from sending each to reading
//! its `ack` is the chair's echo (over loopback: the host's meeting thread, its fsync and the
//! socket; a chair at the host's own screen waits on less). One attack at a time, each for
//! 5 s, then the attacker leaves and the host has 5 s to come back to its idle memory:
//!
//! 1. *echo*: 4 attendee-link connections sending 256 KiB frames `{"type":"AAAA…` as fast
//!    as the socket takes them, never reading;
//! 2. *silent*: 400 TCP connections that never send a byte;
//! 3. *hello-less*: 300 attendee-link WebSockets that ping and never say hello;
//! 4. *welcome*: 40 viewer-link hellos asking for the whole session (`since` 0), never reading;
//! 5. *forged*: 10 check-ins of different people from one attendee link with made-up device
//!    ids (memory and echo only: that they never make quorum is a test, tests/share.rs).
//!
//! Measured per attack: the host's peak VmRSS (sampled every 20 ms from /proc), the chair's
//! echo p50/p99/max during the attack, how many of the attacker's connections the host
//! closed, and the host's VmRSS 5 s after the attacker left against its idle VmRSS.
//!
//! **Million.** A session of `GAVEL_JOIN_EVENTS` (default 1,000,000) events is written as a
//! journal, then `gavel serve` resumes it. A real `gavel join` with the viewer link in a
//! pseudo-terminal: the time until its screen says `online` and shows the last note, and its
//! peak memory (VmHWM); then three more joins, one after the other, and the host's VmRSS
//! growth per joined client.

#[path = "../tests/common/mod.rs"]
mod common;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long each attack lasts (1 s in criterion's test mode, [`quick`]), and how long the
/// host has to come back to idle after it.
fn attack_time() -> Duration {
    Duration::from_secs(if quick() { 1 } else { 5 })
}
const SETTLE: Duration = Duration::from_secs(5);

/// Criterion's test mode (`cargo bench -- --test`, or run without `--bench`): every scenario
/// runs, short, to check that it runs to its end; the figures mean nothing then.
fn quick() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench")
}
/// Between two of the chair's notes.
const CHAIR_PACE: Duration = Duration::from_millis(100);

fn main() {
    let scenario = std::env::var("GAVEL_BENCH_SCENARIO").unwrap_or_default();
    println!("load average before: {}", loadavg());
    if scenario.is_empty() || scenario == "attacks" {
        attacks_scenario();
    }
    if scenario.is_empty() || scenario == "million" {
        million_scenario();
    }
}

/// The agenda every run serves: one long item, so a million notes fit on it.
const AGENDA: &str = r#"[meeting]
title = "Harbour Tooling Working Group"
date = 2026-03-04
start = "17:00"
timezone = "UTC"
length = "600m"

[[people]]
name = "Ines Okafor"
role = "chair"

[[people]]
name = "Tomas Lindqvist"

[[people]]
name = "Priya Raman"

[[items]]
title = "Long discussion"
timebox = "590m"
"#;

/// A directory for one run, on the project's disk (where a real session lives).
fn bench_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(".bench-attacks-")
        .tempdir_in(env!("CARGO_MANIFEST_DIR"))
        .expect("a directory for the benchmark")
}

/// A running `gavel serve`, killed when dropped.
struct Host {
    child: Child,
    links: Vec<(String, String)>,
}

impl Host {
    fn start(dir: &Path) -> Host {
        let (child, links) = common::serve(dir, &["--listen", "127.0.0.1:0"]);
        Host { child, links }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn link(&self, role: &str) -> String {
        self.links
            .iter()
            .find(|(r, _)| r == role)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| panic!("no {role} link in {:?}", self.links))
    }

    fn socket(&self, role: &str) -> String {
        gavel::share::client::socket_url(&self.link(role)).expect("a link gavel can join")
    }

    fn address(&self) -> String {
        let link = self.link("chair");
        let rest = link.split_once("://").map_or(link.as_str(), |(_, r)| r);
        rest.split('/').next().unwrap_or(rest).to_string()
    }

    /// Stops the host as Ctrl-C would, so the session stays unfinished on disk.
    fn stop(mut self) {
        // SAFETY: a signal to our own child process.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Creates the session of `a.toml` in `dir` (the host starts and stops), and appends to its
/// journal a start and then `notes` notes made by `text`, a millisecond apart. Returns the
/// journal's size in bytes.
fn session_with_notes(dir: &Path, notes: usize, text: impl Fn(usize) -> String) -> u64 {
    std::fs::write(dir.join("a.toml"), AGENDA).unwrap();
    Host::start(dir).stop();
    let sessions: Vec<PathBuf> = std::fs::read_dir(dir.join("data/sessions"))
        .expect("the session's directory")
        .flatten()
        .map(|d| d.path())
        .collect();
    assert_eq!(sessions.len(), 1, "one session: {sessions:?}");
    let path = sessions[0].join("journal.jsonl");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let start = chrono::Utc::now() - chrono::Duration::hours(2);
    let line = |at: chrono::DateTime<chrono::Utc>, event: Value| {
        let mut event = event;
        event["at"] = json!(at.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true));
        json!({"v": 1, "event": event}).to_string()
    };
    writeln!(out, "{}", line(start, json!({"type": "start"}))).unwrap();
    for i in 0..notes {
        let at = start + chrono::Duration::milliseconds(1 + i as i64 / 200);
        let note = json!({"type": "note", "text": text(i)});
        writeln!(out, "{}", line(at, note)).unwrap();
    }
    out.flush().unwrap();
    drop(out);
    std::fs::metadata(&path).unwrap().len()
}

// ---------------------------------------------------------------------------------------
// Memory of a process, from /proc.

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn rss_mb(pid: u32) -> f64 {
    status_kb(pid, "VmRSS:") as f64 / 1024.0
}

/// Samples a process's VmRSS every 20 ms on a thread of its own, keeping the peak.
struct RssWatch {
    peak_kb: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RssWatch {
    fn start(pid: u32) -> RssWatch {
        let peak_kb = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (peak, done) = (peak_kb.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(status_kb(pid, "VmRSS:"), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        RssWatch {
            peak_kb,
            stop,
            thread: Some(thread),
        }
    }

    fn peak_mb(mut self) -> f64 {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.peak_kb.load(Ordering::Relaxed) as f64 / 1024.0
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// p50, p99 and max of `v` (ms), and how many.
fn spread(mut v: Vec<f64>) -> (f64, f64, f64, usize) {
    if v.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN, 0);
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
    (at(0.5), at(0.99), v[v.len() - 1], v.len())
}

// ---------------------------------------------------------------------------------------
// The protocol, as raw JSON.

async fn connect(url: &str) -> Option<Ws> {
    let connecting = tokio_tungstenite::connect_async_with_config(url, None, true);
    match tokio::time::timeout(Duration::from_secs(5), connecting).await {
        Ok(Ok((ws, _))) => Some(ws),
        _ => None,
    }
}

fn hello(participant: &str, name: &str, view: bool) -> String {
    json!({
        "type": "hello", "v": 1, "participant": participant, "name": name,
        "since": 0, "view": view, "paged": true,
    })
    .to_string()
}

fn command(seq: u64, participant: &str, name: &str, event: Value) -> String {
    let mut event = event;
    event["at"] = json!(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, true));
    event["by"] = json!({"participant": participant, "name": name, "seq": seq});
    json!({"type": "command", "seq": seq, "event": event}).to_string()
}

/// The chair: connected for the whole run, sending a note every [`CHAIR_PACE`] and timing
/// each until its `ack`. Each time is filed under the attack running when it was sent.
fn chair(url: String, attack: Arc<AtomicU64>, stop: Arc<AtomicBool>) -> Vec<(u64, f64)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let began = Instant::now();
    runtime.block_on(async move {
        let mut ws = connect(&url).await.expect("the chair connects");
        ws.send(Message::text(hello("bench-chair-0001", "Ines Okafor", false)))
            .await
            .unwrap();
        let mut times = Vec::new();
        let mut sent: std::collections::HashMap<u64, (u64, Instant)> = Default::default();
        let mut seq = 0;
        let mut pace = tokio::time::interval(CHAIR_PACE);
        let mut ping = tokio::time::interval(Duration::from_secs(10));
        while !stop.load(Ordering::Relaxed) {
            tokio::select! {
                _ = pace.tick() => {
                    seq += 1;
                    let note = json!({"type": "note", "text": format!("Chair note {seq}")});
                    sent.insert(seq, (attack.load(Ordering::Relaxed), Instant::now()));
                    let line = command(seq, "bench-chair-0001", "Ines Okafor", note);
                    ws.send(Message::text(line)).await.expect("the chair sends");
                }
                _ = ping.tick() => {
                    let _ = ws.send(Message::text(r#"{"type":"ping"}"#)).await;
                }
                heard = ws.next() => {
                    let Some(Ok(Message::Text(text))) = heard else {
                        if heard.is_none() {
                            panic!("the host closed the chair's connection");
                        }
                        continue;
                    };
                    let Ok(m) = serde_json::from_str::<Value>(&text) else { continue };
                    if m["type"] == "ack" {
                        if let Some((attack, at)) = m["seq"].as_u64().and_then(|s| sent.remove(&s)) {
                            let ms = at.elapsed().as_secs_f64() * 1000.0;
                            if ms > 50.0 {
                                eprintln!("slow ack: {ms:.1} ms for a note sent at +{:.2} s", at.duration_since(began).as_secs_f64());
                            }
                            times.push((attack, ms));
                        }
                    }
                }
            }
        }
        times
    })
}

// ---------------------------------------------------------------------------------------
// The attacks.

#[derive(Clone, Copy, PartialEq, Debug)]
enum Attack {
    Echo,
    Silent,
    HelloLess,
    Welcome,
    Forged,
}

impl Attack {
    const ALL: [Attack; 5] = [
        Attack::Echo,
        Attack::Silent,
        Attack::HelloLess,
        Attack::Welcome,
        Attack::Forged,
    ];

    fn describe(self) -> &'static str {
        match self {
            Attack::Echo => "4 attendee links, 256 KiB unknown-type frames, never reading",
            Attack::Silent => "400 TCP connections that never send a byte",
            Attack::HelloLess => "300 attendee WebSockets that ping, never hello",
            Attack::Welcome => "40 viewer hellos since 0 (18 MiB session), never reading",
            Attack::Forged => "10 check-ins of different people from one attendee link",
        }
    }
}

/// Runs one attack against the host for [`attack_time`], then lets go of everything. Returns how
/// many of its connections the host closed while it ran.
fn run_attack(attack: Attack, host: &Host) -> (usize, usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let until = Instant::now() + attack_time();
    match attack {
        Attack::Silent => silent(&host.address(), 400, until),
        Attack::Echo => runtime.block_on(echo(host.socket("attendee"), 4, until)),
        Attack::HelloLess => runtime.block_on(hello_less(host.socket("attendee"), 300, until)),
        Attack::Welcome => runtime.block_on(welcome(host.socket("viewer"), 40, until)),
        Attack::Forged => runtime.block_on(forged(host.socket("attendee"), until)),
    }
}

fn silent(address: &str, count: usize, until: Instant) -> (usize, usize) {
    let mut held = Vec::new();
    for _ in 0..count {
        if let Ok(s) = TcpStream::connect(address) {
            let _ = s.set_nonblocking(true);
            held.push(s);
        }
    }
    let last_connected = Instant::now();
    std::thread::sleep(until.saturating_duration_since(Instant::now()));
    // The host closes a connection that has said nothing within 10 s of taking it: count
    // them 11 s after the last connected (the chair goes on sending meanwhile).
    std::thread::sleep(
        (last_connected + Duration::from_secs(11)).saturating_duration_since(Instant::now()),
    );
    let closed = held
        .iter()
        .filter(|s| {
            let mut stream: &TcpStream = s;
            matches!(std::io::Read::read(&mut stream, &mut [0u8; 1]), Ok(0))
        })
        .count();
    (held.len(), closed)
}

async fn echo(url: String, count: usize, until: Instant) -> (usize, usize) {
    let frame = format!(r#"{{"type":"{}"}}"#, "A".repeat(256 * 1024 - 12));
    let mut tasks = Vec::new();
    for _ in 0..count {
        let (url, frame) = (url.clone(), frame.clone());
        tasks.push(tokio::spawn(async move {
            let (mut connections, mut closed) = (0, 0);
            while Instant::now() < until {
                let Some(mut ws) = connect(&url).await else {
                    break;
                };
                connections += 1;
                loop {
                    let sending = ws.send(Message::text(frame.clone()));
                    match tokio::time::timeout_at(until.into(), sending).await {
                        Ok(Ok(())) => continue,
                        Ok(Err(_)) => {
                            closed += 1;
                            break;
                        }
                        Err(_) => break,
                    }
                }
            }
            (connections, closed)
        }));
    }
    let mut total = (0, 0);
    for t in tasks {
        let (c, x) = t.await.unwrap_or((0, 0));
        total = (total.0 + c, total.1 + x);
    }
    total
}

async fn hello_less(url: String, count: usize, until: Instant) -> (usize, usize) {
    let mut tasks = Vec::new();
    for _ in 0..count {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let Some(mut ws) = connect(&url).await else { return (0, 0) };
            let mut ping = tokio::time::interval(Duration::from_secs(1));
            loop {
                tokio::select! {
                    _ = tokio::time::sleep_until(until.into()) => return (1, 0),
                    _ = ping.tick() => {
                        if ws.send(Message::text(r#"{"type":"ping"}"#)).await.is_err() {
                            return (1, 1);
                        }
                    }
                    heard = ws.next() => if matches!(heard, None | Some(Err(_)) | Some(Ok(Message::Close(_)))) {
                        return (1, 1);
                    }
                }
            }
        }));
    }
    let mut total = (0, 0);
    for t in tasks {
        let (c, x) = t.await.unwrap_or((0, 0));
        total = (total.0 + c, total.1 + x);
    }
    total
}

async fn welcome(url: String, count: usize, until: Instant) -> (usize, usize) {
    let mut held = Vec::new();
    for v in 0..count {
        let Some(mut ws) = connect(&url).await else {
            continue;
        };
        let id = format!("{:032x}", 0xbad0_0000u64 + v as u64);
        if ws
            .send(Message::text(hello(&id, "Viewer", false)))
            .await
            .is_ok()
        {
            held.push(ws);
        }
    }
    tokio::time::sleep_until(until.into()).await;
    (held.len(), 0)
}

async fn forged(url: String, until: Instant) -> (usize, usize) {
    let people = ["Tomas Lindqvist", "Priya Raman"];
    let mut held = Vec::new();
    for k in 0..10 {
        let Some(mut ws) = connect(&url).await else {
            continue;
        };
        let id = format!("{:032x}", 0xf0_0000u64 + k as u64);
        let name = people[k % people.len()];
        let _ = ws.send(Message::text(hello(&id, name, true))).await;
        let check_in = json!({"type": "attendance", "names": [name], "status": "present"});
        let _ = ws
            .send(Message::text(command(1, &id, name, check_in)))
            .await;
        held.push(ws);
    }
    tokio::time::sleep_until(until.into()).await;
    (held.len(), 0)
}

/// Waits up to [`SETTLE`] for the host's VmRSS to come back within 10% (and 2 MB) of `idle`;
/// returns how long it took (None: it did not) and the VmRSS at the end.
fn settle(pid: u32, idle: f64) -> (Option<Duration>, f64) {
    let started = Instant::now();
    loop {
        let now = rss_mb(pid);
        if now <= (idle * 1.10).max(idle + 2.0) {
            return (Some(started.elapsed()), now);
        }
        if started.elapsed() >= SETTLE {
            return (None, now);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn attacks_scenario() {
    let dir = bench_dir();
    let made = session_with_notes(dir.path(), 300, |i| {
        format!("Long note {i} ") + &"lorem ipsum dolor ".repeat(60 * 1024 / 18)
    });
    println!(
        "\n== attacks: a session of 300 notes, {:.1} MiB of journal",
        made as f64 / (1 << 20) as f64
    );
    let host = Host::start(dir.path());
    let pid = host.pid();
    let began = Instant::now();
    let attack_now = Arc::new(AtomicU64::new(u64::MAX));
    let stop = Arc::new(AtomicBool::new(false));
    let chair_thread = {
        let (url, attack, stop) = (host.socket("chair"), attack_now.clone(), stop.clone());
        std::thread::spawn(move || chair(url, attack, stop))
    };
    std::thread::sleep(Duration::from_secs(3));
    let idle = rss_mb(pid);
    println!("host idle VmRSS with the chair: {idle:.1} MB");
    let mut rows = Vec::new();
    let only = std::env::var("GAVEL_BENCH_ATTACK")
        .unwrap_or_default()
        .to_lowercase();
    for (k, attack) in Attack::ALL.into_iter().enumerate() {
        if !only.is_empty() && format!("{attack:?}").to_lowercase() != only {
            continue;
        }
        let watch = RssWatch::start(pid);
        eprintln!(
            "attack {attack:?} from +{:.2} s",
            began.elapsed().as_secs_f64()
        );
        attack_now.store(k as u64, Ordering::Relaxed);
        let (connections, closed) = run_attack(attack, &host);
        attack_now.store(u64::MAX, Ordering::Relaxed);
        let peak = watch.peak_mb();
        let (back, after) = settle(pid, idle);
        rows.push((k, attack, peak, back, after, connections, closed));
        // The chair's times of this attack are only complete once its last acks are in.
        std::thread::sleep(Duration::from_millis(500));
    }
    stop.store(true, Ordering::Relaxed);
    let times = chair_thread.join().expect("the chair's thread");
    let quiet: Vec<f64> = times
        .iter()
        .filter(|(a, _)| *a == u64::MAX)
        .map(|(_, t)| *t)
        .collect();
    let (p50, p99, max, n) = spread(quiet);
    println!("chair's command → ack between attacks: p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms ({n})");
    println!(
        "\n| attack | host peak VmRSS | chair echo p50 / p99 / max | back to idle | connections closed by the host |"
    );
    println!("|---|---|---|---|---|");
    for (k, attack, peak, back, after, connections, closed) in rows {
        let during: Vec<f64> = times
            .iter()
            .filter(|(a, _)| *a == k as u64)
            .map(|(_, t)| *t)
            .collect();
        let (p50, p99, max, n) = spread(during);
        let back = match back {
            Some(t) => format!("in {:.1} s ({after:.1} MB)", t.as_secs_f64()),
            None => format!("not in 5 s ({after:.1} MB)"),
        };
        println!(
            "| {} ({:?}) | {peak:.1} MB | {p50:.2} / {p99:.2} / {max:.2} ms ({n}) | {back} | {closed} of {connections} |",
            attack.describe(),
            attack,
        );
    }
    host.stop();
}

// ---------------------------------------------------------------------------------------
// A million events, joined.

fn million_scenario() {
    let events: usize = std::env::var("GAVEL_JOIN_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if quick() { 10_000 } else { 1_000_000 });
    let dir = bench_dir();
    let made = Instant::now();
    let bytes = session_with_notes(dir.path(), events - 1, |i| {
        if i + 2 == events {
            "Last word from the bench".to_string()
        } else {
            format!("Note {i} of a long session, twenty-four")
        }
    });
    println!(
        "\n== million: {events} events, {:.1} MiB of journal, written in {:.1} s",
        bytes as f64 / (1 << 20) as f64,
        made.elapsed().as_secs_f64()
    );
    let loaded = Instant::now();
    let host = Host::start(dir.path());
    let pid = host.pid();
    println!(
        "host resumed and listening in {:.1} s; VmRSS {:.1} MB, VmHWM {:.1} MB",
        loaded.elapsed().as_secs_f64(),
        rss_mb(pid),
        status_kb(pid, "VmHWM:") as f64 / 1024.0
    );
    let viewer = host.link("viewer");
    let mut rss_before = rss_mb(pid);
    let mut growth = Vec::new();
    let mut screens = Vec::new();
    for k in 0..4 {
        let data = dir.path().join(format!("joiner-{k}"));
        std::fs::create_dir_all(&data).unwrap();
        let name = format!("Joiner {k}");
        let started = Instant::now();
        let screen = common::Screen::spawn(&["join", &viewer, "--name", &name], &data, 40, 120);
        screen.wait_until("the viewer online with the last note", |s| {
            s.contains("online") && s.contains("Last word from the bench")
        });
        let online = started.elapsed();
        let joiner_peak = status_kb(screen.pid() as u32, "VmHWM:") as f64 / 1024.0;
        std::thread::sleep(Duration::from_millis(500));
        let rss_after = rss_mb(pid);
        growth.push(rss_after - rss_before);
        println!(
            "join {k}: online with the last note in {:.2} s; the joiner's peak VmHWM {joiner_peak:.1} MB; host VmRSS {rss_before:.1} → {rss_after:.1} MB",
            online.as_secs_f64()
        );
        rss_before = rss_after;
        screens.push(screen);
    }
    println!(
        "host VmRSS growth per joined client: {}",
        growth
            .iter()
            .map(|g| format!("{g:.1} MB"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    drop(screens);
    host.stop();
}
