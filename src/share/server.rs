//! The host's network side: an HTTP + WebSocket server (axum on tokio) on its own thread.
//!
//! The thread only moves messages. Every command a participant sends is handed, through a
//! channel, to the thread that owns the meeting (the screen's loop, or `gavel serve`'s), and
//! a byte on a socket pair wakes that thread's `poll`. That thread answers through the
//! [`Hub`]: each connection has its own bounded queue, so a slow or flooding participant
//! never slows the others (a queue that overflows closes its connection; the participant
//! reconnects and catches up).

use super::access::{Role, Tokens};
use super::protocol::{ToHost, ToParticipant, MAX_MESSAGE_BYTES, VERSION};
use crate::meeting::Event;
use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::os::unix::net::UnixStream;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc as tmpsc;

/// A connection, numbered from 1 in the order they came.
pub type ConnId = u64;

/// The limits of a shared session. Each limit hit is said to that participant only.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// WebSocket connections at once, counted when each is accepted (before its upgrade).
    pub participants: usize,
    /// Of those, how many only chair and scribe links may take: attendees' pages and
    /// viewers are refused at `participants - reserved`.
    pub reserved: usize,
    /// A WebSocket that has not said hello by then is closed.
    pub hello: Duration,
    /// Commands a second per connection, on average, and in a burst.
    pub commands_per_second: u32,
    pub burst: u32,
    /// A connection that says nothing for this long is closed (participants ping every
    /// [`PING_EVERY`]).
    pub idle: Duration,
    /// Messages queued for one connection before it counts as stuck and is closed.
    pub queue: usize,
    /// Bytes queued for one connection before it counts as stuck and is closed (the message
    /// being written is not counted; one message alone is always taken).
    pub queue_bytes: usize,
    /// An attendee whose page has been gone this long is marked as having left (at the
    /// time the page went).
    pub attendee_gone: Duration,
    /// A connection that sends no byte for this long after it opens is closed, and so is one
    /// that has not sent its request's headers this long after its first byte.
    pub header_read: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            participants: 500,
            reserved: 20,
            hello: Duration::from_secs(5),
            commands_per_second: 30,
            burst: 60,
            idle: Duration::from_secs(60),
            queue: 4096,
            queue_bytes: 4 * 1024 * 1024,
            attendee_gone: Duration::from_secs(600),
            header_read: Duration::from_secs(10),
        }
    }
}

/// How often a participant pings an idle connection.
pub const PING_EVERY: Duration = Duration::from_secs(15);

/// What a connection hands to the meeting's thread.
#[derive(Debug)]
pub enum Inbound {
    Hello {
        conn: ConnId,
        role: Role,
        participant: String,
        name: String,
        session: Option<String>,
        since: u64,
        /// A browser page: views, not events.
        view: bool,
        /// It takes catch-up in pages (see [`super::protocol::ToHost::Hello`]).
        paged: bool,
    },
    Command {
        conn: ConnId,
        seq: u64,
        event: Event,
    },
    Gone {
        conn: ConnId,
    },
}

enum Outbound {
    Text(Utf8Bytes),
    /// Say this and close.
    Close(Utf8Bytes),
}

/// The most of a reason (an error, a refusal) the host sends: a reason that quotes what a
/// participant sent never sends it all back.
const MAX_REASON_BYTES: usize = 240;

/// The most of a parse error's own text in an error reply (serde's "unknown variant" quotes
/// the input).
const MAX_PARSE_ERROR_BYTES: usize = 48;

/// `text` cut to at most `max` bytes (on a character boundary), with "…" when cut.
fn shortened(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// A reply whose reason is kept under [`MAX_REASON_BYTES`].
fn bounded(message: &ToParticipant) -> String {
    match message {
        ToParticipant::Refused { seq, reason } if reason.len() > MAX_REASON_BYTES => {
            ToParticipant::Refused {
                seq: *seq,
                reason: shortened(reason, MAX_REASON_BYTES),
            }
            .to_json()
        }
        ToParticipant::Error { reason, fatal } if reason.len() > MAX_REASON_BYTES => {
            ToParticipant::Error {
                reason: shortened(reason, MAX_REASON_BYTES),
                fatal: *fatal,
            }
            .to_json()
        }
        _ => message.to_json(),
    }
}

/// One connection's outgoing queue, bounded in messages ([`Limits::queue`]) and in bytes
/// ([`Limits::queue_bytes`]). The message being written is no longer in it; a message alone
/// in an empty queue is always taken.
#[derive(Clone)]
struct Queue {
    tx: tmpsc::Sender<Outbound>,
    bytes: Arc<AtomicUsize>,
    budget: usize,
    /// Set by the meeting's thread when it has more catch-up for this connection and waits
    /// for room: the writer wakes it once the queue holds fewer than `low` bytes.
    hungry: Arc<AtomicBool>,
    low: Arc<AtomicUsize>,
}

impl Queue {
    fn new(limits: &Limits) -> (Queue, tmpsc::Receiver<Outbound>) {
        let (tx, rx) = tmpsc::channel(limits.queue.max(1));
        let queue = Queue {
            tx,
            bytes: Arc::new(AtomicUsize::new(0)),
            budget: limits.queue_bytes,
            hungry: Arc::new(AtomicBool::new(false)),
            low: Arc::new(AtomicUsize::new(0)),
        };
        (queue, rx)
    }

    /// Queues `text`; false when the queue is full, in messages or in bytes: the connection
    /// is stuck and is to be let go.
    fn push(&self, text: Utf8Bytes) -> bool {
        let len = text.len();
        let before = self.bytes.fetch_add(len, Ordering::AcqRel);
        let fits = before == 0 || before.saturating_add(len) <= self.budget;
        if fits && self.tx.try_send(Outbound::Text(text)).is_ok() {
            return true;
        }
        self.bytes.fetch_sub(len, Ordering::AcqRel);
        false
    }

    /// Says `text` and closes (if there is room to say it).
    fn close(&self, text: Utf8Bytes) {
        let _ = self.tx.try_send(Outbound::Close(text));
    }

    /// What the writer needs to count a message out (not a sender: the writer ends when
    /// every sender is gone).
    fn counter(&self) -> Counter {
        Counter {
            bytes: Arc::clone(&self.bytes),
            hungry: Arc::clone(&self.hungry),
            low: Arc::clone(&self.low),
        }
    }

    /// Whether fewer than `below` bytes are queued. When not, the writer wakes the meeting's
    /// thread once they are (set before looking, so that a message taken meanwhile is not
    /// missed).
    fn room(&self, below: usize) -> bool {
        self.low.store(below, Ordering::SeqCst);
        self.hungry.store(true, Ordering::SeqCst);
        if self.bytes.load(Ordering::SeqCst) < below {
            self.hungry.store(false, Ordering::SeqCst);
            return true;
        }
        false
    }
}

/// The writer's view of its queue: what is in it, and whether the meeting's thread waits
/// for room.
struct Counter {
    bytes: Arc<AtomicUsize>,
    hungry: Arc<AtomicBool>,
    low: Arc<AtomicUsize>,
}

impl Counter {
    /// The writer took `out` out of the queue: it no longer counts. True when the meeting's
    /// thread waits for this room (and is to be woken).
    fn taken(&self, out: &Outbound) -> bool {
        if let Outbound::Text(text) = out {
            let left = self.bytes.fetch_sub(text.len(), Ordering::SeqCst) - text.len();
            if left < self.low.load(Ordering::SeqCst) {
                return self.hungry.swap(false, Ordering::SeqCst);
            }
        }
        false
    }
}

/// One of the connections the cap allows, taken when the WebSocket is accepted (before its
/// upgrade) and given back when the connection ends, however it ends.
struct Slot {
    hub: Arc<Hub>,
}

impl Slot {
    /// A slot, when fewer than `cap` are taken: counted and taken in one step, so that
    /// connections arriving together cannot all pass the check before any is counted.
    fn take(hub: &Arc<Hub>, cap: usize) -> Option<Slot> {
        hub.slots
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < cap).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot {
                hub: Arc::clone(hub),
            })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.hub.slots.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A stream whose first read must bring a byte within a deadline: over TLS the first byte
/// [`FirstByte`] waits for is the handshake's, and hyper-util reads the request's first
/// bytes (to tell HTTP/1 from HTTP/2) with no timer of its own.
struct FirstRead<S> {
    inner: S,
    /// Until the first byte arrives.
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for FirstRead<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        let this = &mut *self;
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            std::task::Poll::Ready(read) => {
                if buf.filled().len() > before {
                    this.deadline = None;
                }
                std::task::Poll::Ready(read)
            }
            std::task::Poll::Pending => {
                let late = this
                    .deadline
                    .as_mut()
                    .is_some_and(|deadline| deadline.as_mut().poll(cx).is_ready());
                if late {
                    return std::task::Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "nothing was sent on the connection",
                    )));
                }
                std::task::Poll::Pending
            }
        }
    }
}

impl<S: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for FirstRead<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> std::task::Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Wraps what `inner` accepts (a TLS stream) in a [`FirstRead`] of `wait`.
#[derive(Clone)]
struct FirstReadBy<A> {
    inner: A,
    wait: Duration,
}

impl<A, I, S> axum_server::accept::Accept<I, S> for FirstReadBy<A>
where
    A: axum_server::accept::Accept<I, S>,
    A::Future: Send + 'static,
    A::Stream: Send + 'static,
    A::Service: Send + 'static,
{
    type Stream = FirstRead<A::Stream>;
    type Service = A::Service;
    type Future = Pin<Box<dyn Future<Output = io::Result<(Self::Stream, A::Service)>> + Send>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        let accepting = self.inner.accept(stream, service);
        let wait = self.wait;
        Box::pin(async move {
            let (stream, service) = accepting.await?;
            let deadline = Some(Box::pin(tokio::time::sleep(wait)));
            Ok((
                FirstRead {
                    inner: stream,
                    deadline,
                },
                service,
            ))
        })
    }
}

/// Waits for a connection's first byte, at most `wait`: a connection that never sends one
/// is closed (hyper's header-read timer starts only at the first byte). Sets TCP_NODELAY
/// (acks are small).
#[derive(Clone, Copy)]
struct FirstByte {
    wait: Duration,
}

impl<S: Send + 'static> axum_server::accept::Accept<tokio::net::TcpStream, S> for FirstByte {
    type Stream = tokio::net::TcpStream;
    type Service = S;
    type Future = Pin<Box<dyn Future<Output = io::Result<(Self::Stream, S)>> + Send>>;

    fn accept(&self, stream: tokio::net::TcpStream, service: S) -> Self::Future {
        let wait = self.wait;
        Box::pin(async move {
            stream.set_nodelay(true)?;
            let mut first = [0u8; 1];
            match tokio::time::timeout(wait, stream.peek(&mut first)).await {
                Ok(Ok(_)) => Ok((stream, service)),
                Ok(Err(e)) => Err(e),
                Err(_) => Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "nothing was sent on the connection",
                )),
            }
        })
    }
}

struct Conn {
    role: Role,
    /// Set once the meeting's thread welcomed it: from then on it gets every new event.
    live: bool,
    /// A browser page: it gets views, not events.
    view: bool,
    queue: Queue,
    /// A page's latest view: only the newest waits, however slow the page reads.
    views: tokio::sync::watch::Sender<Option<Utf8Bytes>>,
    /// Told when the connection is let go (its link revoked, its queue overflowed): its
    /// task stops reading and closes it.
    dropped: Arc<tokio::sync::Notify>,
}

impl Conn {
    /// The connection is let go: its task ends and the socket closes.
    fn let_go(&self) {
        self.dropped.notify_one();
    }
}

/// What the network thread and the meeting's thread share.
pub struct Hub {
    conns: Mutex<HashMap<ConnId, Conn>>,
    tokens: Mutex<Tokens>,
    inbound: Mutex<mpsc::Sender<Inbound>>,
    wake: UnixStream,
    next_conn: AtomicU64,
    /// WebSocket connections accepted and not yet ended (see [`Slot`]).
    slots: AtomicUsize,
    limits: Limits,
    /// "http" or "https": how the attendee link in a QR code starts.
    scheme: &'static str,
}

impl Hub {
    fn hand_over(&self, message: Inbound) {
        if let Ok(inbound) = self.inbound.lock() {
            let _ = inbound.send(message);
        }
        self.wake();
    }

    /// Wakes the meeting's thread (its `poll` on the wake-up descriptor).
    pub fn wake(&self) {
        // A full socket buffer already holds a wake-up: nothing is lost by dropping this one.
        let _ = (&self.wake).write(&[1]);
    }

    /// Whether a connection's queue holds fewer than `below` bytes (None: it is gone). When
    /// it does not, the meeting's thread is woken once it does.
    pub fn room(&self, conn: ConnId, below: usize) -> Option<bool> {
        let conns = self.conns.lock().ok()?;
        conns.get(&conn).map(|c| c.queue.room(below))
    }

    /// Queues a message already in JSON (a page of catch-up, built by the meeting's thread);
    /// false when the connection is gone or was let go because its queue is full.
    pub fn send_json(&self, conn: ConnId, json: String) -> bool {
        let Ok(mut conns) = self.conns.lock() else {
            return false;
        };
        let Some(c) = conns.get(&conn) else {
            return false;
        };
        if c.queue.push(Utf8Bytes::from(json)) {
            return true;
        }
        c.let_go();
        conns.remove(&conn);
        false
    }

    fn role_of(&self, token: &str) -> Option<Role> {
        self.tokens.lock().ok()?.role_of(token)
    }

    fn connections(&self) -> usize {
        self.conns.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Queues `text` for one connection; a connection whose queue is full is closed. A
    /// reason in it is cut to [`MAX_REASON_BYTES`].
    pub fn send_to(&self, conn: ConnId, message: &ToParticipant) {
        let text = Utf8Bytes::from(bounded(message));
        let Ok(mut conns) = self.conns.lock() else {
            return;
        };
        if let Some(c) = conns.get(&conn) {
            if !c.queue.push(text) {
                c.let_go();
                conns.remove(&conn);
            }
        }
    }

    /// Whether the connection is still one the host serves (not let go).
    pub fn is_open(&self, conn: ConnId) -> bool {
        self.conns
            .lock()
            .map(|c| c.contains_key(&conn))
            .unwrap_or(false)
    }

    /// Marks a connection as welcomed: it gets every event (or, for a page, every view)
    /// from now on.
    pub fn make_live(&self, conn: ConnId, view: bool) {
        if let Ok(mut conns) = self.conns.lock() {
            if let Some(c) = conns.get_mut(&conn) {
                c.live = true;
                c.view = view;
            }
        }
    }

    /// Sends the pages their view: attendees theirs, projectors theirs. A page that has not
    /// read the last one yet gets only this one.
    pub fn send_views(&self, attendee: &ToParticipant, viewer: &ToParticipant) {
        let attendee = Utf8Bytes::from(attendee.to_json());
        let viewer = Utf8Bytes::from(viewer.to_json());
        let Ok(conns) = self.conns.lock() else {
            return;
        };
        for c in conns.values().filter(|c| c.live && c.view) {
            let text = if c.role == Role::Attendee {
                attendee.clone()
            } else {
                viewer.clone()
            };
            c.views.send_replace(Some(text));
        }
    }

    /// Whether any page is connected (views are built only then).
    pub fn has_views(&self) -> bool {
        self.conns
            .lock()
            .map(|c| c.values().any(|c| c.live && c.view))
            .unwrap_or(false)
    }

    /// Sends an event to every welcomed connection, each role its own copy (the JSON is
    /// made once per kind of copy, not once per connection).
    /// `full` goes to the roles that see private entries, `redacted` to the others.
    pub fn broadcast(&self, n: u64, full: Event, redacted: Event) {
        let message = |event: Event| Utf8Bytes::from(ToParticipant::Event { n, event }.to_json());
        let (full, redacted) = (message(full), message(redacted));
        let Ok(mut conns) = self.conns.lock() else {
            return;
        };
        conns.retain(|_, c| {
            if !c.live || c.view {
                return true;
            }
            let text = if c.role.sees_private() {
                full.clone()
            } else {
                redacted.clone()
            };
            // A participant that cannot keep up is let go; it reconnects and catches up.
            let kept = c.queue.push(text);
            if !kept {
                c.let_go();
            }
            kept
        });
    }

    /// Closes one connection, saying why (`fatal`: coming back will not help).
    pub fn close(&self, conn: ConnId, reason: &str, fatal: bool) {
        let message = Utf8Bytes::from(
            ToParticipant::Error {
                reason: reason.into(),
                fatal,
            }
            .to_json(),
        );
        if let Ok(mut conns) = self.conns.lock() {
            if let Some(c) = conns.remove(&conn) {
                c.queue.close(message);
                c.let_go();
            }
        }
    }

    /// Closes every connection of `role`, saying why.
    fn close_role(&self, role: Role, reason: &str) {
        let message = Utf8Bytes::from(
            ToParticipant::Error {
                reason: reason.into(),
                fatal: true,
            }
            .to_json(),
        );
        if let Ok(mut conns) = self.conns.lock() {
            conns.retain(|_, c| {
                if c.role == role {
                    c.queue.close(message.clone());
                    c.let_go();
                    false
                } else {
                    true
                }
            });
        }
    }

    /// The bytes queued for all connections together (the messages being written not
    /// counted).
    pub fn queued_bytes(&self) -> usize {
        self.conns
            .lock()
            .map(|c| {
                c.values()
                    .map(|c| c.queue.bytes.load(Ordering::Acquire))
                    .sum()
            })
            .unwrap_or(0)
    }

    /// How many participants are connected.
    pub fn connected(&self) -> usize {
        self.connections()
    }
}

/// The server: its thread, the address it listens on, and the end of the wake-up pipe.
pub struct Server {
    pub hub: Arc<Hub>,
    pub addr: SocketAddr,
    pub inbound: mpsc::Receiver<Inbound>,
    pub wake: UnixStream,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Listens on `addr` (a port of 0 takes a free one) and serves on a thread of its own.
    /// Fails at once when the address cannot be taken.
    ///
    /// With `tls`, it serves HTTPS (and the WebSocket over TLS) only.
    pub fn start(
        addr: &str,
        tokens: Tokens,
        limits: Limits,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> io::Result<Server> {
        let listener = std::net::TcpListener::bind(addr).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot listen on {addr}: {e} (choose another address or port)"),
            )
        })?;
        Server::serve_on(listener, addr, tokens, limits, tls)
    }

    /// [`Server::start`] on a socket already bound (`addr` names it in errors). Everything
    /// that can fail (the runtime, taking the socket into it) fails here, before the
    /// thread starts: a server that cannot listen says so and never shows links.
    pub fn serve_on(
        listener: std::net::TcpListener,
        addr: &str,
        tokens: Tokens,
        limits: Limits,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> io::Result<Server> {
        let cannot =
            |e: io::Error| io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}"));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (server, local) = {
            let _inside = runtime.enter();
            listener.set_nonblocking(true).map_err(cannot)?;
            let listener = tokio::net::TcpListener::from_std(listener).map_err(cannot)?;
            let local = listener.local_addr().map_err(cannot)?;
            (
                axum_server::Server::<std::net::SocketAddr>::from_listener(listener),
                local,
            )
        };
        let (wake_read, wake_write) = UnixStream::pair()?;
        wake_read.set_nonblocking(true)?;
        wake_write.set_nonblocking(true)?;
        let (tx, rx) = mpsc::channel();
        let hub = Arc::new(Hub {
            conns: Mutex::new(HashMap::new()),
            tokens: Mutex::new(tokens),
            inbound: Mutex::new(tx),
            wake: wake_write,
            next_conn: AtomicU64::new(1),
            slots: AtomicUsize::new(0),
            limits,
            scheme: if tls.is_some() { "https" } else { "http" },
        });
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let served = Arc::clone(&hub);
        let thread = std::thread::Builder::new()
            .name("gavel-share".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let app = axum::Router::new()
                        .route("/ws/{token}", get(upgrade))
                        .route("/join/{token}", get(join_page))
                        .route(
                            "/app.js",
                            get(|| async { page_file("text/javascript", PAGE_JS) }),
                        )
                        .route(
                            "/app.css",
                            get(|| async { page_file("text/css", PAGE_CSS) }),
                        )
                        .route("/qr/{file}", get(qr_code))
                        .fallback(not_found)
                        .with_state(served);
                    // axum-server for both: its timer makes hyper's header-read timeout work
                    // (a connection that never finishes its request is closed); `FirstByte`
                    // closes one that never starts it, and turns Nagle's algorithm off.
                    let handle = axum_server::Handle::new();
                    let stopper = handle.clone();
                    tokio::spawn(async move {
                        let _ = stop_rx.await;
                        stopper.graceful_shutdown(Some(Duration::from_secs(1)));
                    });
                    let header_read = limits.header_read;
                    let first_byte = FirstByte { wait: header_read };
                    match tls {
                        Some(config) => {
                            let config = axum_server::tls_rustls::RustlsConfig::from_config(config);
                            // The handshake has its own 10 s; the request's first byte after
                            // it gets `header_read` more.
                            let acceptor = FirstReadBy {
                                inner: axum_server::tls_rustls::RustlsAcceptor::new(config)
                                    .acceptor(first_byte),
                                wait: header_read,
                            };
                            let mut server = server.acceptor(acceptor).handle(handle);
                            server
                                .http_builder()
                                .http1()
                                .header_read_timeout(Some(header_read));
                            let _ = server.serve(app.into_make_service()).await;
                        }
                        None => {
                            let mut server = server.acceptor(first_byte).handle(handle);
                            server
                                .http_builder()
                                .http1()
                                .header_read_timeout(Some(header_read));
                            let _ = server.serve(app.into_make_service()).await;
                        }
                    }
                });
            })?;
        Ok(Server {
            hub,
            addr: local,
            inbound: rx,
            wake: wake_read,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// Empties the wake-up pipe (after waking for it).
    pub fn drain_wake(&self) {
        let mut buf = [0u8; 256];
        while matches!(io::Read::read(&mut &self.wake, &mut buf), Ok(n) if n > 0) {}
    }

    /// Gives `role` a new token, closing the connections that came with the old one.
    pub fn revoke(&self, role: Role) -> io::Result<Tokens> {
        let tokens = {
            let mut tokens = self
                .hub
                .tokens
                .lock()
                .map_err(|_| io::Error::other("the share tokens are unusable"))?;
            tokens.revoke(role)?;
            tokens.clone()
        };
        self.hub.close_role(
            role,
            &format!("the {} link was revoked by the chair", role.name()),
        );
        Ok(tokens)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "This is a gavel shared session. Open the link the chair gave you.\n",
    )
        .into_response()
}

/// The page for attendees and projectors, and its script and style: compiled in, so the
/// session needs nothing from elsewhere (a LAN without internet works).
const PAGE_HTML: &str = include_str!("page/index.html");
const PAGE_JS: &str = include_str!("page/app.js");
const PAGE_CSS: &str = include_str!("page/app.css");

/// No inline script or style, nothing from elsewhere, no framing; the WebSocket back to
/// this host only.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A page's response, with the headers that keep it safe: the CSP, no sniffing, and no
/// referrer (the link's token is in its path).
fn page_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (axum::http::header::CONTENT_SECURITY_POLICY, CSP),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (axum::http::header::REFERRER_POLICY, "no-referrer"),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// What a browser sees at a link: the attendee's page, the projector (a viewer's link), or
/// for the terminal roles how to join.
async fn join_page(State(hub): State<Arc<Hub>>, UrlPath(token): UrlPath<String>) -> Response {
    match hub.role_of(&token) {
        Some(Role::Attendee | Role::Viewer) => page_file("text/html; charset=utf-8", PAGE_HTML),
        // Not stored by the browser nor named to another site: the token is in the path.
        Some(role) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "text/plain; charset=utf-8",
                ),
                (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (axum::http::header::REFERRER_POLICY, "no-referrer"),
                (axum::http::header::CACHE_CONTROL, "no-store"),
            ],
            format!(
                "This is a gavel shared session ({} link). Join it from a terminal:\n\n    \
                 gavel join THIS-URL\n",
                role.name()
            ),
        )
            .into_response(),
        None => refused_token(),
    }
}

/// `/qr/TOKEN.svg`: the attendee link as a QR code, for a projector (a viewer's or an
/// attendee's token). The link names this host as the browser reached it.
async fn qr_code(
    State(hub): State<Arc<Hub>>,
    UrlPath(file): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let token = file.strip_suffix(".svg").unwrap_or(&file);
    let Some(Role::Viewer | Role::Attendee) = hub.role_of(token) else {
        return refused_token();
    };
    let attendee = hub
        .tokens
        .lock()
        .map(|t| t.attendee.clone())
        .unwrap_or_default();
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let link = format!("{}://{host}/join/{attendee}", hub.scheme);
    let Ok(code) = qrcode::QrCode::new(link.as_bytes()) else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "no QR code").into_response();
    };
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    (
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CONTENT_SECURITY_POLICY, CSP),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        svg,
    )
        .into_response()
}

fn refused_token() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        "This link is not (or no longer) valid for this session: ask the chair for a new one.\n",
    )
        .into_response()
}

/// A browser page may only open a connection to the host it came from: the same scheme,
/// host and port. Behind a reverse proxy that terminates TLS, the proxy's
/// `X-Forwarded-Proto` names the scheme the page was loaded with (a browser's script cannot
/// set that header on a WebSocket).
fn origin_allowed(headers: &HeaderMap, scheme: &str) -> bool {
    let Some(origin) = headers.get("origin") else {
        // Not a browser (gavel join): nothing to check.
        return true;
    };
    let Some(host) = headers.get("host").and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|p| p.to_str().ok())
    {
        Some(p) if scheme == "http" && p.eq_ignore_ascii_case("https") => "https",
        _ => scheme,
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    match origin.split_once("://") {
        Some((s, rest)) => s.eq_ignore_ascii_case(scheme) && rest.eq_ignore_ascii_case(host),
        None => false,
    }
}

async fn upgrade(
    State(hub): State<Arc<Hub>>,
    UrlPath(token): UrlPath<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let Some(role) = hub.role_of(&token) else {
        return refused_token();
    };
    if !origin_allowed(&headers, hub.scheme) {
        return (
            StatusCode::FORBIDDEN,
            "A page from another site may not join this session.\n",
        )
            .into_response();
    }
    // Chair and scribe links may take the reserved room; pages and viewers may not.
    let cap = match role {
        Role::Chair | Role::Scribe => hub.limits.participants,
        Role::Viewer | Role::Attendee => {
            hub.limits.participants.saturating_sub(hub.limits.reserved)
        }
    };
    let Some(slot) = Slot::take(&hub, cap) else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "This session is full ({} participants): try again later.\n",
                hub.limits.participants
            ),
        )
            .into_response();
    };
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| connection(socket, hub, role, slot))
}

/// One participant's connection: its writer drains its queue; its reader checks and hands
/// on what the participant says. `_slot` holds its place under the cap until it ends.
async fn connection(socket: WebSocket, hub: Arc<Hub>, role: Role, _slot: Slot) {
    let conn = hub.next_conn.fetch_add(1, Ordering::Relaxed);
    let (queue, mut rx) = Queue::new(&hub.limits);
    let (views, mut views_rx) = tokio::sync::watch::channel::<Option<Utf8Bytes>>(None);
    let dropped = Arc::new(tokio::sync::Notify::new());
    if let Ok(mut conns) = hub.conns.lock() {
        conns.insert(
            conn,
            Conn {
                role,
                live: false,
                view: false,
                queue: queue.clone(),
                views,
                dropped: Arc::clone(&dropped),
            },
        );
    }
    let (mut sink, mut stream) = socket.split();
    let written = queue.counter();
    let waker = Arc::clone(&hub);
    let writer = tokio::spawn(async move {
        // Until the host lets go of the connection (then its views' sender is gone).
        let mut views_open = true;
        loop {
            let out = tokio::select! {
                // In order: what was queued (the welcome first of all) before the latest view.
                biased;
                out = rx.recv() => match out {
                    Some(out) => {
                        if written.taken(&out) {
                            // Room for the next page of catch-up.
                            waker.wake();
                        }
                        out
                    }
                    None => break,
                },
                changed = views_rx.changed(), if views_open => {
                    if changed.is_err() {
                        views_open = false;
                        continue;
                    }
                    let latest = views_rx.borrow_and_update().clone();
                    match latest {
                        Some(text) => Outbound::Text(text),
                        None => continue,
                    }
                }
            };
            match out {
                Outbound::Text(text) => {
                    if sink.send(Message::Text(text)).await.is_err() {
                        break;
                    }
                }
                Outbound::Close(text) => {
                    let _ = sink.send(Message::Text(text)).await;
                    let _ = sink.close().await;
                    break;
                }
            }
        }
    });
    // Says `reason` (cut short); false when the queue is full and the connection is to go.
    let say = |reason: &str, fatal: bool| {
        let text = Utf8Bytes::from(
            ToParticipant::Error {
                reason: shortened(reason, MAX_REASON_BYTES),
                fatal,
            }
            .to_json(),
        );
        if fatal {
            queue.close(text);
            false
        } else {
            queue.push(text)
        }
    };
    let mut bucket = Bucket::new(hub.limits.commands_per_second, hub.limits.burst);
    // Messages gavel does not understand cost a token each, like commands; a flood of them
    // is closed instead of answered.
    let mut errors = Bucket::new(hub.limits.commands_per_second, hub.limits.burst);
    let mut greeted = false;
    let hello_by = tokio::time::Instant::now() + hub.limits.hello;
    loop {
        let wait = if greeted {
            hub.limits.idle
        } else {
            hub.limits
                .idle
                .min(hello_by.saturating_duration_since(tokio::time::Instant::now()))
        };
        let next = tokio::select! {
            next = tokio::time::timeout(wait, stream.next()) => next,
            // Let go by the host (revoked, or too slow): nothing more is read from it.
            _ = dropped.notified() => break,
        };
        let message = match next {
            Err(_) if !greeted && tokio::time::Instant::now() >= hello_by => {
                say(
                    &format!(
                        "closed: no hello within {} ms of connecting",
                        hub.limits.hello.as_millis()
                    ),
                    false,
                );
                break;
            }
            Err(_) => {
                say(
                    &format!(
                        "closed after {} s without a word (gavel join pings every {} s)",
                        hub.limits.idle.as_secs(),
                        PING_EVERY.as_secs()
                    ),
                    false,
                );
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                say(&format!("the connection failed: {e}"), false);
                break;
            }
            Ok(Some(Ok(m))) => m,
        };
        let text = match message {
            Message::Text(text) => text,
            Message::Close(_) => break,
            Message::Binary(_) => {
                if !misunderstood(&mut errors, &say, "gavel speaks JSON text messages only") {
                    break;
                }
                continue;
            }
            _ => continue,
        };
        let parsed = match serde_json::from_str::<ToHost>(text.as_str()) {
            Ok(m) => m,
            Err(e) => {
                // serde's text quotes the input ("unknown variant `…`"): only its start.
                let reason = format!(
                    "not a message gavel understands: {}",
                    shortened(&e.to_string(), MAX_PARSE_ERROR_BYTES)
                );
                if !misunderstood(&mut errors, &say, &reason) {
                    break;
                }
                continue;
            }
        };
        match parsed {
            ToHost::Ping => {
                if !queue.push(Utf8Bytes::from(ToParticipant::Pong.to_json())) {
                    break;
                }
            }
            ToHost::Hello { v, .. } if v != VERSION => {
                say(
                    &format!("this host speaks version {VERSION} of gavel's protocol, not {v}: use the same gavel release"),
                    true,
                );
                break;
            }
            ToHost::Hello {
                participant,
                name,
                session,
                since,
                view,
                paged,
                ..
            } => {
                if greeted {
                    if !misunderstood(
                        &mut errors,
                        &say,
                        "hello was already said on this connection",
                    ) {
                        break;
                    }
                    continue;
                }
                if participant.is_empty()
                    || participant.len() > 64
                    || name.len() > super::sequencer::MAX_NAME_BYTES
                {
                    say(
                        &format!(
                            "a participant needs an id (up to 64 characters) and a name (up to {})",
                            super::sequencer::MAX_NAME_BYTES
                        ),
                        true,
                    );
                    break;
                }
                greeted = true;
                hub.hand_over(Inbound::Hello {
                    conn,
                    role,
                    participant,
                    name,
                    session,
                    since,
                    view: view || role == Role::Attendee,
                    paged,
                });
            }
            ToHost::Command { .. } if !greeted => {
                if !misunderstood(&mut errors, &say, "say hello before sending commands") {
                    break;
                }
            }
            ToHost::Command { seq, event } => {
                if let Some(wait) = bucket.take() {
                    let slow_down = format!(
                        "slow down: at most {} commands a second; yours wait their turn",
                        hub.limits.commands_per_second
                    );
                    if !say(&slow_down, false) {
                        break;
                    }
                    tokio::time::sleep(wait).await;
                    bucket.take();
                }
                hub.hand_over(Inbound::Command { conn, seq, event });
            }
        }
    }
    if let Ok(mut conns) = hub.conns.lock() {
        conns.remove(&conn);
    }
    drop(queue);
    hub.hand_over(Inbound::Gone { conn });
    // The writer says what is left (a last reason); a participant that does not read it
    // within 2 s does not keep the writer, and so the socket, open.
    let mut writer = writer;
    if tokio::time::timeout(Duration::from_secs(2), &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
}

/// A message the host could not take: told why while the error bucket has tokens, closed
/// (with a last reason) when it runs dry. False when the connection is to close.
fn misunderstood(errors: &mut Bucket, say: &impl Fn(&str, bool) -> bool, reason: &str) -> bool {
    if errors.take().is_some() {
        say(
            &format!("closed: too many messages gavel does not understand (the last: {reason})"),
            true,
        );
        return false;
    }
    say(reason, false)
}

/// A token bucket: `rate` a second, up to `burst` at once.
struct Bucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    at: tokio::time::Instant,
}

impl Bucket {
    fn new(rate: u32, burst: u32) -> Bucket {
        Bucket {
            rate: f64::from(rate.max(1)),
            burst: f64::from(burst.max(1)),
            tokens: f64::from(burst.max(1)),
            at: tokio::time::Instant::now(),
        }
    }

    /// Takes a token; when there is none, how long until there is one.
    fn take(&mut self) -> Option<Duration> {
        let now = tokio::time::Instant::now();
        let elapsed = now.duration_since(self.at).as_secs_f64();
        self.at = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            None
        } else {
            Some(Duration::from_secs_f64((1.0 - self.tokens) / self.rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 24: when the runtime could not take the socket (`axum_server::from_tcp`), the
    /// server's thread returned silently while `start` said Ok and the links were shown.
    /// Now it is an error at once, naming the address. (A socket the runtime cannot watch:
    /// a regular file's descriptor, which epoll refuses.)
    #[test]
    fn a_socket_that_cannot_be_served_is_an_error_before_the_thread_starts() {
        let file = tempfile::tempfile().unwrap();
        let listener = std::net::TcpListener::from(std::os::fd::OwnedFd::from(file));
        let tokens = Tokens::new().unwrap();
        let err = Server::serve_on(listener, "127.0.0.1:7707", tokens, Limits::default(), None)
            .err()
            .expect("a file is not a socket to serve on");
        assert!(
            err.to_string()
                .starts_with("cannot listen on 127.0.0.1:7707: "),
            "{err}"
        );
    }
}
