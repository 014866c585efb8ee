//! A shared session under load (issue 17; the figures are in BENCHMARKS.md, "Issue 17: shared
//! session load"). A benchmark, not a timed test: nothing in `cargo test` depends on it.
//!
//! ```sh
//! cargo bench --bench share                       # 5 scribes × 1,000 notes, 100 viewers (~1 min)
//! GAVEL_BENCH_QUICK=1 cargo bench --bench share   # 5 × 100 notes, 20 viewers (~20 s)
//! ```
//!
//! The host is the real binary, `gavel serve AGENDA --listen 127.0.0.1:0`; the participants
//! are in this process, built from the library's own parts (the protocol, a `Replica` each,
//! an fsync'd `Outbox` per scribe), over tokio-tungstenite on loopback:
//!
//! - a chair sends `/start`, and `/end` once every note is acknowledged;
//! - 100 viewers follow, each with its replica (one thread for the chair and all viewers);
//! - 5 scribes (a thread each) send 1,000 notes each, paced at 25 a second, under the host's
//!   limit of 30 a second per connection (`Limits::default()`), so that the limit's wait
//!   never counts as latency. Each scribe drops its connection at 10 random notes (offline
//!   for 50–500 ms while it keeps typing into its outbox, then a hello with what it has and
//!   the outbox sent again) and is "killed" at 3 others (a note or two written to the outbox
//!   and never sent; then everything but the outbox directory and the participant id is
//!   dropped, and after 100–1,000 ms a fresh client reopens the outbox, asks for the whole
//!   session and sends the outbox again). `GAVEL_BENCH_SEED=N` repeats a run's choices.
//!
//! Measured:
//! - command → acknowledgement, in the scribe: from sending the command to reading its
//!   `ack`, for every command sent once on a connection that lasted until its ack (those
//!   caught by a disconnect or kill are counted apart);
//! - broadcast: from the scribe sending the command to each viewer reading the `event`, for
//!   the same commands; also the time until the last of the viewers has it;
//! - correctness: every note once in the host's journal and minutes, and the JSON minutes of
//!   every replica (chair, scribes, viewers) byte-identical to the host's `NAME.minutes.json`
//!   written at `/end` (the host writes them without private entries, as a viewer sees them;
//!   the bench sends none);
//! - the host idle with 10 participants connected (chair, scribes, 4 viewers) for one ping
//!   period (15 s): CPU from `/proc/PID/task/*/schedstat` (and clock ticks from
//!   `/proc/PID/stat`), wake-ups as voluntary context switches of all its threads;
//! - the host's VmRSS and VmHWM with 100 viewers connected.
//!
//! Files go to a temporary directory under the project directory (the disk a real session
//! uses; `/tmp` may be a RAM disk), or under `GAVEL_BENCH_DIR`.

use futures_util::{SinkExt, StreamExt};
use gavel::meeting::{Author, Event, EventKind};
use gavel::minutes::{Format, Options};
use gavel::share::client::socket_url;
use gavel::share::outbox::Outbox;
use gavel::share::protocol::{ToHost, ToParticipant, VERSION};
use gavel::share::replica::Replica;
use gavel::share::server::PING_EVERY;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc as tmpsc, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

const AGENDA: &str = include_str!("../agendas/steering-committee.toml");

/// The size of a run.
#[derive(Debug, Clone, Copy)]
struct Plan {
    scribes: usize,
    notes: usize,
    viewers: usize,
    /// Participants connected while the host idles (chair, scribes, and viewers to make up).
    idle_participants: usize,
    idle: Duration,
    /// Between two notes of one scribe.
    pace: Duration,
    drops: usize,
    kills: usize,
}

impl Plan {
    fn from_env() -> Plan {
        if std::env::var_os("GAVEL_BENCH_QUICK").is_some_and(|v| !v.is_empty() && v != "0") {
            Plan {
                scribes: 5,
                notes: 100,
                viewers: 20,
                idle_participants: 10,
                idle: Duration::from_secs(5),
                pace: Duration::from_millis(40),
                drops: 2,
                kills: 1,
            }
        } else {
            Plan {
                scribes: 5,
                notes: 1_000,
                viewers: 100,
                idle_participants: 10,
                idle: PING_EVERY,
                pace: Duration::from_millis(40),
                drops: 10,
                kills: 3,
            }
        }
    }

    fn kept_viewers(&self) -> usize {
        self.idle_participants
            .saturating_sub(1 + self.scribes)
            .min(self.viewers)
    }
}

/// A small generator (xorshift64*): the bench needs no statistics, only a seed to repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn millis(&mut self, from: u64, to: u64) -> Duration {
        Duration::from_millis(from + self.below(to - from))
    }
}

/// What the participants write down for the report, shared by every thread.
struct Board {
    t0: Instant,
    /// When each note's command was sent (ns after `t0`), for a command sent once on a
    /// connection that lasted until its ack; 0 otherwise.
    sent: Vec<Vec<AtomicU64>>,
    /// When its acknowledgement was read (0: never, or only as "already recorded").
    acked: Vec<Vec<AtomicU64>>,
    welcomed: AtomicUsize,
    scribes_done: AtomicUsize,
    left: AtomicUsize,
    /// Connections the host closed (a full queue, a limit): none expected.
    host_closed: AtomicUsize,
    /// Non-fatal errors from the host ("slow down"): none expected at this pace.
    said: AtomicUsize,
    /// Acks of commands the host had already recorded (resent after a reconnect).
    already: AtomicUsize,
    drops: AtomicUsize,
    kills: AtomicUsize,
    /// Commands caught by a disconnect or a kill (sent again, or first sent after it).
    disturbed: AtomicUsize,
}

impl Board {
    fn new(plan: &Plan) -> Board {
        let grid = || {
            (0..plan.scribes)
                .map(|_| (0..plan.notes).map(|_| AtomicU64::new(0)).collect())
                .collect()
        };
        Board {
            t0: Instant::now(),
            sent: grid(),
            acked: grid(),
            welcomed: AtomicUsize::new(0),
            scribes_done: AtomicUsize::new(0),
            left: AtomicUsize::new(0),
            host_closed: AtomicUsize::new(0),
            said: AtomicUsize::new(0),
            already: AtomicUsize::new(0),
            drops: AtomicUsize::new(0),
            kills: AtomicUsize::new(0),
            disturbed: AtomicUsize::new(0),
        }
    }

    fn now(&self) -> u64 {
        (self.t0.elapsed().as_nanos() as u64).max(1)
    }
}

/// What the orchestrator tells every participant.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Load,
    /// Viewers beyond the ones kept for the idle measurement leave once they have `total`
    /// events.
    Leave {
        total: u64,
    },
    /// Everyone reports its copy once it has `total` events.
    Finish {
        total: u64,
    },
}

/// A participant's copy at the end.
struct Final {
    who: String,
    count: u64,
    diverged: usize,
    minutes: String,
}

fn note_text(s: usize, i: usize) -> String {
    format!("s{s}-n{i:04}")
}

/// The scribe and note of a bench note's text.
fn note_of(event: &Event) -> Option<(usize, usize)> {
    let EventKind::Note { text, .. } = &event.kind else {
        return None;
    };
    let (s, i) = text.strip_prefix('s')?.split_once("-n")?;
    Some((s.parse().ok()?, i.parse().ok()?))
}

fn authored(kind: EventKind, participant: &str, name: &str) -> Event {
    let mut e = Event::new(chrono::Utc::now(), kind);
    e.by = Some(Author {
        participant: participant.into(),
        name: name.into(),
        seq: 0,
        item: None,
        attendee: false,
    });
    e
}

enum Heard {
    Message(ToParticipant),
    Closed(String),
}

/// One participant's connection and copy of the meeting. A scribe's connection is on a
/// thread of its own (its [`Link`]), as `gavel join`'s is: the outbox's fsyncs on the
/// scribe's thread never delay reading an acknowledgement.
struct Peer {
    url: String,
    participant: String,
    name: String,
    ws: Option<Ws>,
    link: Option<Link>,
    /// Through the link: connected (or connecting).
    linked: bool,
    replica: Option<Replica>,
}

async fn connect(url: &str, who: &str) -> Ws {
    let mut tries = 0;
    loop {
        // As `gavel join` connects (share/client.rs): Nagle off.
        let connecting = tokio_tungstenite::connect_async_with_config(url, None, true);
        match connecting.await {
            Ok((ws, _)) => return ws,
            Err(e) if tries < 50 => {
                tries += 1;
                eprintln!("{who}: cannot connect yet ({e})");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{who}: cannot connect: {e}"),
        }
    }
}

async fn hear_on(ws: &mut Option<Ws>) -> Heard {
    let Some(ws) = ws else {
        return std::future::pending().await;
    };
    loop {
        match ws.next().await {
            None => return Heard::Closed("closed".into()),
            Some(Err(e)) => return Heard::Closed(e.to_string()),
            Some(Ok(Message::Text(text))) => {
                return Heard::Message(
                    serde_json::from_str(text.as_str()).expect("the host speaks JSON"),
                )
            }
            Some(Ok(_)) => {}
        }
    }
}

enum LinkOrder {
    Join(ToHost),
    /// `timed`: a note's first sending, on a connection that is up.
    Send {
        message: ToHost,
        timed: bool,
    },
    Drop,
}

/// A scribe's network thread, and what it heard.
struct Link {
    orders: tmpsc::UnboundedSender<LinkOrder>,
    heard: tmpsc::UnboundedReceiver<Heard>,
}

impl Link {
    /// The thread that owns scribe `s`'s connection. It times the notes: when a timed
    /// command is written, when its ack is read; a note in flight when the connection goes
    /// (dropped by the bench or closed by the host) is not timed.
    fn start(s: usize, url: String, board: Arc<Board>) -> Link {
        let (orders, mut orders_rx) = tmpsc::unbounded_channel::<LinkOrder>();
        let (heard_tx, heard) = tmpsc::unbounded_channel();
        std::thread::spawn(move || {
            runtime().block_on(async move {
                let mut ws: Option<Ws> = None;
                let mut in_flight: HashMap<u64, usize> = HashMap::new();
                let untime = |in_flight: &mut HashMap<u64, usize>| {
                    for (_, i) in in_flight.drain() {
                        if board.sent[s][i].swap(0, Ordering::Relaxed) != 0 {
                            board.disturbed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                };
                loop {
                    tokio::select! {
                        order = orders_rx.recv() => match order {
                            None => return,
                            Some(LinkOrder::Join(hello)) => {
                                let mut socket = connect(&url, &format!("scribe-{s}")).await;
                                let sent = socket.send(Message::Text(hello.to_json().into())).await;
                                ws = sent.is_ok().then_some(socket);
                            }
                            Some(LinkOrder::Send { message, timed }) => {
                                let Some(socket) = &mut ws else { continue };
                                let note = match &message {
                                    ToHost::Command { seq, event } => note_of(event).map(|(_, i)| (*seq, i)),
                                    _ => None,
                                };
                                if let (true, Some((seq, i))) = (timed, note) {
                                    in_flight.insert(seq, i);
                                    board.sent[s][i].store(board.now(), Ordering::Relaxed);
                                }
                                let _ = socket.send(Message::Text(message.to_json().into())).await;
                            }
                            Some(LinkOrder::Drop) => {
                                ws = None;
                                untime(&mut in_flight);
                            }
                        },
                        heard = hear_on(&mut ws) => {
                            match &heard {
                                Heard::Message(ToParticipant::Ack { seq, n }) => {
                                    if let (Some(i), Some(_)) = (in_flight.remove(seq), n) {
                                        board.acked[s][i].store(board.now(), Ordering::Relaxed);
                                    }
                                }
                                Heard::Closed(_) => {
                                    ws = None;
                                    untime(&mut in_flight);
                                }
                                _ => {}
                            }
                            if heard_tx.send(heard).is_err() {
                                return;
                            }
                        }
                    }
                }
            })
        });
        Link { orders, heard }
    }
}

impl Peer {
    fn new(url: &str, participant: String, name: String) -> Peer {
        Peer {
            url: url.to_string(),
            participant,
            name,
            ws: None,
            link: None,
            linked: false,
            replica: None,
        }
    }

    /// Connects and says hello with what this copy has (nothing: the whole session).
    async fn join(&mut self) {
        let hello = ToHost::Hello {
            v: VERSION,
            participant: self.participant.clone(),
            name: self.name.clone(),
            session: self.replica.as_ref().map(|r| r.session().to_string()),
            since: self.replica.as_ref().map_or(0, Replica::count),
            view: false,
        };
        if let Some(link) = &self.link {
            let _ = link.orders.send(LinkOrder::Join(hello));
            self.linked = true;
            return;
        }
        let mut ws = connect(&self.url, &self.participant).await;
        ws.send(Message::Text(hello.to_json().into()))
            .await
            .expect("the hello goes out");
        self.ws = Some(ws);
    }

    /// Drops the connection without a word (no close frame).
    fn cut(&mut self) {
        self.ws = None;
        if let Some(link) = &self.link {
            let _ = link.orders.send(LinkOrder::Drop);
        }
        self.linked = false;
    }

    /// A note's first sending (through a link): timed.
    fn send_timed(&mut self, message: ToHost) -> bool {
        match &self.link {
            Some(link) if self.linked => link
                .orders
                .send(LinkOrder::Send {
                    message,
                    timed: true,
                })
                .is_ok(),
            _ => false,
        }
    }

    /// Sends `message`; false when the connection is gone.
    async fn send(&mut self, message: &ToHost) -> bool {
        if let Some(link) = &self.link {
            return self.linked
                && link
                    .orders
                    .send(LinkOrder::Send {
                        message: message.clone(),
                        timed: false,
                    })
                    .is_ok();
        }
        match &mut self.ws {
            Some(ws) => ws
                .send(Message::Text(message.to_json().into()))
                .await
                .is_ok(),
            None => false,
        }
    }

    /// The next message from the host (never, while not connected).
    async fn hear(&mut self) -> Heard {
        match &mut self.link {
            Some(link) => match link.heard.recv().await {
                Some(heard) => heard,
                None => std::future::pending().await,
            },
            None => hear_on(&mut self.ws).await,
        }
    }

    /// Takes a message into the copy. Refusals and fatal errors end the bench.
    fn take(&mut self, message: ToParticipant, board: &Board) {
        match &message {
            ToParticipant::Refused { seq, reason } => {
                panic!("{}: command {seq} refused: {reason}", self.participant)
            }
            ToParticipant::Error { reason, fatal } => {
                assert!(!fatal, "{}: {reason}", self.participant);
                eprintln!("{}: the host says: {reason}", self.participant);
                board.said.fetch_add(1, Ordering::Relaxed);
                return;
            }
            ToParticipant::Ack { n: None, .. } => {
                board.already.fetch_add(1, Ordering::Relaxed);
            }
            _ => {}
        }
        match &mut self.replica {
            Some(r) => {
                let _ = r.receive(message);
            }
            None => {
                if matches!(message, ToParticipant::Welcome { .. }) {
                    self.replica = Some(Replica::from_welcome(&message).expect("a full welcome"));
                }
            }
        }
    }

    fn count(&self) -> u64 {
        self.replica.as_ref().map_or(0, Replica::count)
    }

    /// Closes the connection properly and gives the copy.
    async fn leave(mut self) -> Final {
        if let Some(mut ws) = self.ws.take() {
            let _ = ws.close(None).await;
        }
        let r = self.replica.expect("a copy");
        let m = r.confirmed();
        Final {
            who: self.participant,
            count: r.count(),
            diverged: r.diverged,
            minutes: gavel::minutes::document(
                m,
                m.minutes_time(),
                Format::Json,
                Options::default(),
            ),
        }
    }
}

fn ping_timer() -> tokio::time::Interval {
    tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY)
}

/// Follows the meeting until `phase` says this participant is done (`leaves_early`: at
/// `Leave`), reconnecting when the host closes the connection. `notes`: the receipts of
/// the bench's notes, for a viewer.
async fn follow(
    peer: &mut Peer,
    board: &Board,
    phase: &mut watch::Receiver<Phase>,
    leaves_early: bool,
    mut notes: Option<&mut Vec<(u32, u32, u64)>>,
) {
    let mut ping = ping_timer();
    loop {
        let total = match *phase.borrow() {
            Phase::Leave { total } if leaves_early => Some(total),
            Phase::Finish { total } => Some(total),
            _ => None,
        };
        if total.is_some_and(|t| peer.count() >= t) {
            return;
        }
        tokio::select! {
            heard = peer.hear() => match heard {
                Heard::Message(m) => {
                    if let (Some(notes), ToParticipant::Event { event, .. }) = (&mut notes, &m) {
                        if let Some((s, i)) = note_of(event) {
                            notes.push((s as u32, i as u32, board.now()));
                        }
                    }
                    peer.take(m, board);
                }
                Heard::Closed(why) => {
                    eprintln!("{}: the host closed the connection ({why}); reconnecting", peer.participant);
                    board.host_closed.fetch_add(1, Ordering::Relaxed);
                    peer.cut();
                    peer.join().await;
                }
            },
            _ = ping.tick() => {
                peer.send(&ToHost::Ping).await;
            }
            changed = phase.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

async fn viewer(
    k: usize,
    url: String,
    board: Arc<Board>,
    mut phase: watch::Receiver<Phase>,
    kept: bool,
) -> (Final, Vec<(u32, u32, u64)>) {
    let mut peer = Peer::new(&url, format!("viewer-{k:03}"), format!("Viewer {k}"));
    peer.join().await;
    while peer.replica.is_none() {
        match peer.hear().await {
            Heard::Message(m) => peer.take(m, &board),
            Heard::Closed(why) => panic!("viewer {k}: closed before the welcome: {why}"),
        }
    }
    board.welcomed.fetch_add(1, Ordering::Relaxed);
    let mut notes = Vec::new();
    follow(&mut peer, &board, &mut phase, !kept, Some(&mut notes)).await;
    let copy = peer.leave().await;
    if !kept {
        board.left.fetch_add(1, Ordering::Relaxed);
    }
    (copy, notes)
}

enum Order {
    Send(EventKind),
}

/// The chair: sends what it is told and says each acknowledgement's event number.
async fn chair(
    url: String,
    board: Arc<Board>,
    mut phase: watch::Receiver<Phase>,
    mut orders: tmpsc::UnboundedReceiver<Order>,
    acks: mpsc::Sender<u64>,
) -> Final {
    let mut peer = Peer::new(&url, "chair-1".into(), "Chair".into());
    peer.join().await;
    let mut seq = 0;
    let mut ping = ping_timer();
    loop {
        if let Phase::Finish { total } = *phase.borrow() {
            if peer.count() >= total {
                break;
            }
        }
        tokio::select! {
            heard = peer.hear() => match heard {
                Heard::Message(m) => {
                    if let ToParticipant::Ack { n: Some(n), .. } = m {
                        let _ = acks.send(n);
                    }
                    peer.take(m, &board);
                }
                Heard::Closed(why) => panic!("chair: the host closed the connection: {why}"),
            },
            order = orders.recv() => {
                let Some(Order::Send(kind)) = order else { continue };
                seq += 1;
                let mut event = authored(kind, &peer.participant, &peer.name);
                if let Some(by) = &mut event.by {
                    by.seq = seq;
                }
                assert!(peer.send(&ToHost::Command { seq, event }).await, "chair: send");
            }
            _ = ping.tick() => {
                peer.send(&ToHost::Ping).await;
            }
            changed = phase.changed() => {
                if changed.is_err() {
                    break;
                }
            }
        }
    }
    peer.leave().await
}

/// Where a scribe's note goes wrong, by note number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Trouble {
    Drop,
    Kill,
}

/// One scribe: its notes, paced, through an fsync'd outbox, with its drops and kills.
async fn scribe(
    s: usize,
    url: String,
    dir: PathBuf,
    plan: Plan,
    board: Arc<Board>,
    mut phase: watch::Receiver<Phase>,
    mut rng: Rng,
) -> Final {
    let mut trouble: HashMap<usize, Trouble> = HashMap::new();
    while trouble.len() < plan.drops + plan.kills {
        let at = 1 + rng.below(plan.notes as u64 - 2) as usize;
        let kind = if trouble.len() < plan.drops {
            Trouble::Drop
        } else {
            Trouble::Kill
        };
        trouble.entry(at).or_insert(kind);
    }
    let participant = format!("scribe-{s}");
    let name = format!("Scribe {s}");
    let mut outbox = Outbox::open(&dir).expect("an outbox");
    let mut peer = Peer::new(&url, participant.clone(), name.clone());
    peer.link = Some(Link::start(s, url.clone(), Arc::clone(&board)));
    peer.join().await;
    // The bench's own record of which note a sequence number carries (it survives a kill;
    // the client's state does not).
    let mut note_of_seq: HashMap<u64, usize> = HashMap::new();
    let mut next = 0;
    let mut due = tokio::time::Instant::now();
    let mut back_at: Option<tokio::time::Instant> = None;
    let mut ping = ping_timer();

    loop {
        if next == plan.notes && back_at.is_none() && outbox.pending().is_empty() {
            break;
        }
        tokio::select! {
            heard = peer.hear() => match heard {
                Heard::Message(m) => {
                    match &m {
                        ToParticipant::Ack { seq, n } => {
                            outbox.settle(*seq).expect("the outbox settles");
                            if let (Some(&i), Some(_)) = (note_of_seq.get(seq), n) {
                                let _ = board.acked[s][i].compare_exchange(
                                    0, board.now(), Ordering::Relaxed, Ordering::Relaxed);
                            }
                        }
                        ToParticipant::Welcome { last_seq, .. } => {
                            outbox.settle_through(*last_seq).expect("the outbox settles");
                        }
                        _ => {}
                    }
                    peer.take(m, &board);
                }
                Heard::Closed(why) => {
                    eprintln!("{participant}: the host closed the connection ({why}); reconnecting");
                    board.host_closed.fetch_add(1, Ordering::Relaxed);
                    peer.cut();
                    back_at = Some(tokio::time::Instant::now());
                }
            },
            _ = tokio::time::sleep_until(back_at.unwrap_or(due)), if back_at.is_some() => {
                back_at = None;
                peer.join().await;
                for p in outbox.pending().to_vec() {
                    if !peer.send(&ToHost::Command { seq: p.seq, event: p.event }).await {
                        break;
                    }
                }
            }
            _ = tokio::time::sleep_until(due), if next < plan.notes && !(back_at.is_some() && peer.replica.is_none()) => {
                match trouble.remove(&next) {
                    Some(Trouble::Drop) => {
                        // The connection drops (no close frame); typing goes on into the outbox.
                        board.drops.fetch_add(1, Ordering::Relaxed);
                        peer.cut();
                        back_at = Some(tokio::time::Instant::now() + rng.millis(50, 500));
                    }
                    Some(Trouble::Kill) => {
                        // kill -9: a note or two on disk and never sent, then everything but
                        // the outbox directory and the participant id is gone.
                        board.kills.fetch_add(1, Ordering::Relaxed);
                        for _ in 0..1 + rng.below(2) {
                            if next < plan.notes {
                                let seq = outbox.push(&authored(
                                    EventKind::Note { text: note_text(s, next), private: false },
                                    &participant, &name)).expect("the outbox takes it");
                                note_of_seq.insert(seq, next);
                                board.disturbed.fetch_add(1, Ordering::Relaxed);
                                next += 1;
                            }
                        }
                        peer.cut();
                        let link = peer.link.take();
                        peer = Peer::new(&url, participant.clone(), name.clone());
                        peer.link = link;
                        outbox = Outbox::open(&dir).expect("the outbox reopens");
                        back_at = Some(tokio::time::Instant::now() + rng.millis(100, 1000));
                        due = back_at.unwrap_or(due);
                        continue;
                    }
                    None => {}
                }
                if next < plan.notes {
                    let event = authored(
                        EventKind::Note { text: note_text(s, next), private: false },
                        &participant, &name);
                    let seq = outbox.push(&event).expect("the outbox takes it");
                    note_of_seq.insert(seq, next);
                    if back_at.is_none() {
                        let event = outbox.pending().last().expect("just pushed").event.clone();
                        peer.send_timed(ToHost::Command { seq, event });
                    } else {
                        board.disturbed.fetch_add(1, Ordering::Relaxed);
                    }
                    next += 1;
                }
                // Paced, never catching up in a burst.
                due = (due + plan.pace).max(tokio::time::Instant::now());
            }
            _ = ping.tick() => {
                peer.send(&ToHost::Ping).await;
            }
        }
    }
    board.scribes_done.fetch_add(1, Ordering::Relaxed);
    follow(&mut peer, &board, &mut phase, false, None).await;
    peer.leave().await
}

/// The host process; killed if the bench stops early.
struct Host {
    child: Child,
}

impl Drop for Host {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Host {
    fn pid(&self) -> u32 {
        self.child.id()
    }
}

fn bench_dir() -> tempfile::TempDir {
    let base = std::env::var_os("GAVEL_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    tempfile::Builder::new()
        .prefix(".bench-share-")
        .tempdir_in(base)
        .expect("a directory for the benchmark")
}

/// Starts `gavel serve` and reads its links: chair, scribe, viewer.
fn start_host(dir: &Path) -> (Host, HashMap<String, String>) {
    let agenda = dir.join("steering-committee.toml");
    std::fs::write(&agenda, AGENDA).unwrap();
    let stderr = std::fs::File::create(dir.join("host.stderr")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gavel"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("serve")
        .arg(&agenda)
        .args(["--listen", "127.0.0.1:0"])
        .env("GAVEL_CONFIG", dir.join("no-config.toml"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("gavel serve starts");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let host = Host { child };
    let mut links = HashMap::new();
    while links.len() < 3 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap_or(0) == 0 {
            panic!(
                "gavel serve stopped before printing its links: {}",
                std::fs::read_to_string(dir.join("host.stderr")).unwrap_or_default()
            );
        }
        let (role, link) = line.trim().split_once(": ").expect("ROLE: URL");
        links.insert(role.to_string(), socket_url(link).expect("a link"));
    }
    (host, links)
}

/// What the kernel says about the host process.
#[derive(Debug, Clone, Copy, Default)]
struct Sample {
    ticks: u64,
    cpu_ns: u64,
    voluntary: u64,
    involuntary: u64,
}

fn status_field(status: &str, name: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn sample(pid: u32) -> (Sample, Vec<(String, u64, u64)>) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the name: state is field 3, utime 14, stime 15 (1-based, in proc(5)).
    let tick = |k: usize| {
        fields
            .get(k - 3)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let mut s = Sample {
        ticks: tick(14) + tick(15),
        ..Sample::default()
    };
    let mut threads = Vec::new();
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
    {
        let dir = task.unwrap().path();
        let status = std::fs::read_to_string(dir.join("status")).unwrap_or_default();
        let voluntary = status_field(&status, "voluntary_ctxt_switches:");
        let involuntary = status_field(&status, "nonvoluntary_ctxt_switches:");
        s.voluntary += voluntary;
        s.involuntary += involuntary;
        if let Ok(text) = std::fs::read_to_string(dir.join("schedstat")) {
            s.cpu_ns += text
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
        }
        let name = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        threads.push((name.trim().to_string(), voluntary, involuntary));
    }
    (s, threads)
}

/// VmRSS and VmHWM of `pid`, in MB.
fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let mb = |name| status_field(&status, name) as f64 / 1024.0;
    (mb("VmRSS:"), mb("VmHWM:"))
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
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    (at(0.50), at(0.99), v[v.len() - 1], v.len())
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Every file named `name` under `dir`.
fn find(dir: &Path, name: &str, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            find(&path, name, found);
        } else if path.file_name().is_some_and(|n| n == name) {
            found.push(path);
        }
    }
}

/// How many times each note's text appears (as a whole JSON string) in `text`.
fn note_counts(text: &str, plan: &Plan) -> (usize, usize) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for piece in text.split('"') {
        if piece.starts_with('s') && piece.contains("-n") {
            *seen.entry(piece.to_string()).or_default() += 1;
        }
    }
    let (mut lost, mut twice) = (0, 0);
    for s in 0..plan.scribes {
        for i in 0..plan.notes {
            match seen.get(&note_text(s, i)).copied().unwrap_or(0) {
                0 => lost += 1,
                1 => {}
                _ => twice += 1,
            }
        }
    }
    (lost, twice)
}

fn main() {
    // `cargo bench` passes `--bench`; this harness takes no other arguments.
    let plan = Plan::from_env();
    let seed = std::env::var("GAVEL_BENCH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
        | 1;
    println!(
        "share: {} scribes × {} notes, {} viewers, idle {} s with {} participants, seed {seed}",
        plan.scribes,
        plan.notes,
        plan.viewers,
        plan.idle.as_secs(),
        plan.idle_participants
    );
    let load_before = loadavg();
    let dir = bench_dir();
    let (host, links) = start_host(dir.path());
    let pid = host.pid();
    let board = Arc::new(Board::new(&plan));
    let (phase_tx, phase_rx) = watch::channel(Phase::Load);
    let (order_tx, order_rx) = tmpsc::unbounded_channel();
    let (acks_tx, acks_rx) = mpsc::channel();

    // The chair and the viewers: one thread.
    let audience = {
        let board = Arc::clone(&board);
        let phase = phase_rx.clone();
        let chair_url = links["chair"].clone();
        let viewer_url = links["viewer"].clone();
        let kept = plan.kept_viewers();
        let viewers = plan.viewers;
        std::thread::spawn(move || {
            let local = tokio::task::LocalSet::new();
            runtime().block_on(local.run_until(async move {
                let chair = tokio::task::spawn_local(chair(
                    chair_url,
                    Arc::clone(&board),
                    phase.clone(),
                    order_rx,
                    acks_tx,
                ));
                let viewers: Vec<_> = (0..viewers)
                    .map(|k| {
                        tokio::task::spawn_local(viewer(
                            k,
                            viewer_url.clone(),
                            Arc::clone(&board),
                            phase.clone(),
                            k < kept,
                        ))
                    })
                    .collect();
                let mut copies = vec![chair.await.expect("the chair")];
                let mut receipts = Vec::new();
                for v in viewers {
                    let (copy, notes) = v.await.expect("a viewer");
                    copies.push(copy);
                    receipts.push(notes);
                }
                (copies, receipts)
            }))
        })
    };
    order_tx.send(Order::Send(EventKind::Start)).unwrap();
    acks_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the host acknowledges /start");
    wait_for("the viewers' welcomes", Duration::from_secs(60), || {
        board.welcomed.load(Ordering::Relaxed) == plan.viewers
    });
    std::thread::sleep(Duration::from_millis(500));
    let (rss_viewers, _) = memory(pid);

    // The scribes: a thread each.
    let load_start = Instant::now();
    let scribes: Vec<_> = (0..plan.scribes)
        .map(|s| {
            let url = links["scribe"].clone();
            let outbox_dir = dir.path().join(format!("scribe-{s}"));
            let board = Arc::clone(&board);
            let phase = phase_rx.clone();
            let rng =
                Rng(seed.wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(s as u64 + 1)) | 1);
            std::thread::spawn(move || {
                runtime().block_on(scribe(s, url, outbox_dir, plan, board, phase, rng))
            })
        })
        .collect();
    let mut rss_load: f64 = 0.0;
    let limit = Duration::from_secs(30) + plan.pace * plan.notes as u32 * 3;
    while board.scribes_done.load(Ordering::Relaxed) < plan.scribes {
        assert!(load_start.elapsed() < limit, "the scribes did not finish");
        rss_load = rss_load.max(memory(pid).0);
        std::thread::sleep(Duration::from_millis(250));
    }
    let load_secs = load_start.elapsed().as_secs_f64();
    let load_during = loadavg();
    order_tx.send(Order::Send(EventKind::End)).unwrap();
    let end_n = acks_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the host acknowledges /end");
    let total = end_n + 1;
    let (rss_after, hwm_after) = memory(pid);

    // Down to the idle participants.
    phase_tx.send(Phase::Leave { total }).unwrap();
    let leaving = plan.viewers - plan.kept_viewers();
    wait_for("the viewers leaving", Duration::from_secs(60), || {
        board.left.load(Ordering::Relaxed) == leaving
    });
    std::thread::sleep(Duration::from_secs(2));
    let (idle_a, threads_a) = sample(pid);
    let idle_start = Instant::now();
    std::thread::sleep(plan.idle);
    let (idle_b, threads_b) = sample(pid);
    let idle_secs = idle_start.elapsed().as_secs_f64();
    let (rss_idle, hwm) = memory(pid);

    phase_tx.send(Phase::Finish { total }).unwrap();
    let mut copies = Vec::new();
    for t in scribes {
        copies.push(t.join().expect("a scribe"));
    }
    let (audience_copies, receipts) = audience.join().expect("the audience");
    copies.extend(audience_copies);

    // The host's minutes, written at /end.
    let minutes_path = dir.path().join("steering-committee.minutes.json");
    wait_for("the host's minutes", Duration::from_secs(10), || {
        minutes_path.exists()
    });
    // SAFETY: a signal to our own child process.
    unsafe { libc::kill(pid as i32, libc::SIGTERM) };
    let mut host = host;
    let status = host.child.wait().expect("the host stops");
    let host_minutes = std::fs::read_to_string(&minutes_path).unwrap();
    let mut journals = Vec::new();
    find(&dir.path().join("data"), "journal.jsonl", &mut journals);
    let journal: String = journals
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();

    // Correctness.
    let (lost_minutes, twice_minutes) = note_counts(&host_minutes, &plan);
    let (lost_journal, twice_journal) = note_counts(&journal, &plan);
    let differing: Vec<&Final> = copies
        .iter()
        .filter(|c| c.minutes != host_minutes || c.count != total || c.diverged != 0)
        .collect();
    for c in differing.iter().take(3) {
        let at = c
            .minutes
            .bytes()
            .zip(host_minutes.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(c.minutes.len().min(host_minutes.len()));
        let from = at.saturating_sub(80);
        eprintln!(
            "{}: {} events, {} diverged; minutes differ at byte {at}:\n  copy: {:?}\n  host: {:?}",
            c.who,
            c.count,
            c.diverged,
            c.minutes.get(from..(at + 80).min(c.minutes.len())),
            host_minutes.get(from..(at + 80).min(host_minutes.len())),
        );
    }

    // Latencies.
    let ms = |ns: u64| ns as f64 / 1e6;
    let mut ack = Vec::new();
    for s in 0..plan.scribes {
        for i in 0..plan.notes {
            let (sent, acked) = (
                board.sent[s][i].load(Ordering::Relaxed),
                board.acked[s][i].load(Ordering::Relaxed),
            );
            if sent != 0 && acked != 0 {
                ack.push(ms(acked - sent));
            }
        }
    }
    let mut each = Vec::new();
    let mut last: HashMap<(u32, u32), u64> = HashMap::new();
    for v in &receipts {
        for &(s, i, at) in v {
            let sent = board.sent[s as usize][i as usize].load(Ordering::Relaxed);
            if sent != 0 {
                each.push(ms(at.saturating_sub(sent)));
                let l = last.entry((s, i)).or_default();
                *l = (*l).max(at - sent.min(at));
            }
        }
    }
    let all: Vec<f64> = last.values().map(|&ns| ms(ns)).collect();
    let ack = spread(ack);
    let each = spread(each);
    let all = spread(all);
    let cpu_pct = (idle_b.cpu_ns - idle_a.cpu_ns) as f64 / 1e9 / idle_secs * 100.0;
    let tick_pct = (idle_b.ticks - idle_a.ticks) as f64 / 100.0 / idle_secs * 100.0;
    let wakeups = (idle_b.voluntary - idle_a.voluntary) as f64 / idle_secs;
    let preempted = (idle_b.involuntary - idle_a.involuntary) as f64 / idle_secs;

    let notes = plan.scribes * plan.notes;
    println!();
    println!(
        "load: {notes} notes in {load_secs:.1} s ({:.0} a second), {total} events; host exit {status}",
        notes as f64 / load_secs
    );
    println!(
        "trouble: {} drops, {} kills, {} commands caught by them (not timed), {} acks of commands already recorded, {} connections closed by the host, {} messages from the host",
        board.drops.load(Ordering::Relaxed),
        board.kills.load(Ordering::Relaxed),
        board.disturbed.load(Ordering::Relaxed),
        board.already.load(Ordering::Relaxed),
        board.host_closed.load(Ordering::Relaxed),
        board.said.load(Ordering::Relaxed),
    );
    println!("load average: {load_before} before, {load_during} after the load");
    println!("idle wake-ups by thread ({idle_secs:.1} s, voluntary + involuntary):");
    for (name, v, i) in &threads_b {
        let before = threads_a
            .iter()
            .find(|t| &t.0 == name)
            .map_or((0, 0), |t| (t.1, t.2));
        println!("  {name:<16} {} + {}", v - before.0, i - before.1);
    }
    println!();
    let yes = |ok: bool| if ok { "yes" } else { "**no**" };
    println!("| figure | measured | target | met? |");
    println!("|---|---|---|---|");
    println!(
        "| notes lost (host journal / minutes) | {lost_journal} / {lost_minutes} of {notes} | 0 | {} |",
        yes(lost_journal == 0 && lost_minutes == 0)
    );
    println!(
        "| notes duplicated (host journal / minutes) | {twice_journal} / {twice_minutes} | 0 | {} |",
        yes(twice_journal == 0 && twice_minutes == 0)
    );
    println!(
        "| replicas whose JSON minutes are byte-identical to the host's | {} of {} (1 chair, {} scribes, {} viewers) | all | {} |",
        copies.len() - differing.len(),
        copies.len(),
        plan.scribes,
        plan.viewers,
        yes(differing.is_empty())
    );
    println!(
        "| command → ack ({} commands) | p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms | p99 < 20 ms | {} |",
        ack.3,
        ack.0,
        ack.1,
        ack.2,
        yes(ack.1 < 20.0)
    );
    println!(
        "| command → each viewer ({} receipts) | p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms | p99 < 50 ms | {} |",
        each.3,
        each.0,
        each.1,
        each.2,
        yes(each.1 < 50.0)
    );
    println!(
        "| command → the last of {} viewers ({} notes) | p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms | — | — |",
        plan.viewers, all.3, all.0, all.1, all.2
    );
    println!(
        "| host idle, {} participants, {idle_secs:.0} s: CPU | {cpu_pct:.4}% of a core (schedstat; {tick_pct:.3}% in clock ticks) | < 0.1% | {} |",
        plan.idle_participants,
        yes(cpu_pct < 0.1)
    );
    println!(
        "| host idle: wake-ups | {wakeups:.2} a second (+ {preempted:.2} preempted) | ≤ 2 a second | {} |",
        yes(wakeups <= 2.0)
    );
    println!(
        "| host RSS, {} viewers connected | {rss_viewers:.1} MB before the load, {rss_load:.1} MB peak sampled during it, {rss_after:.1} MB after (VmHWM {hwm_after:.1} MB) | < 50 MB | {} |",
        plan.viewers,
        yes(hwm_after < 50.0)
    );
    println!(
        "| host RSS idle after (10 participants) | {rss_idle:.1} MB (VmHWM {hwm:.1} MB) | — | — |"
    );
    println!();
    println!(
        "(files: {}; kept with GAVEL_BENCH_KEEP=1)",
        dir.path().display()
    );
    if std::env::var_os("GAVEL_BENCH_KEEP").is_some() {
        let _ = dir.keep();
    }
}
