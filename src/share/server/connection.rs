//! One participant's WebSocket: its writer drains its queue (and a page's latest view); its
//! reader checks what the participant says (hello, commands, pings, limits) and hands it on.

use super::hub::{shortened, Conn, Hub, Slot, MAX_REASON_BYTES};
use super::limits::{ConnId, Inbound, PING_EVERY};
use super::queue::{Counter, Outbound, Queue};
use crate::share::access::Role;
use crate::share::protocol::{ToHost, ToParticipant, VERSION};
use axum::extract::ws::{Message, Utf8Bytes, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// The most of a parse error's own text in an error reply (serde's "unknown variant" quotes
/// the input).
const MAX_PARSE_ERROR_BYTES: usize = 48;

/// One participant's connection: its writer drains its queue; its reader checks and hands
/// on what the participant says. `_slot` holds its place under the cap until it ends.
pub(super) async fn connection(socket: WebSocket, hub: Arc<Hub>, role: Role, _slot: Slot) {
    let conn = hub.next_conn.fetch_add(1, Ordering::Relaxed);
    let (queue, rx) = Queue::new(&hub.limits);
    let (views, views_rx) = tokio::sync::watch::channel::<Option<Utf8Bytes>>(None);
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
    let (sink, mut stream) = socket.split();
    let writer = tokio::spawn(write(sink, rx, views_rx, queue.counter(), Arc::clone(&hub)));
    let mut reader = Reader {
        bucket: Bucket::new(hub.limits.commands_per_second, hub.limits.burst),
        // Messages gavel does not understand cost a token each, like commands; a flood of
        // them is closed instead of answered.
        errors: Bucket::new(hub.limits.commands_per_second, hub.limits.burst),
        greeted: false,
        hub: Arc::clone(&hub),
        conn,
        role,
        queue,
    };
    reader.read(&mut stream, &dropped).await;
    if let Ok(mut conns) = hub.conns.lock() {
        conns.remove(&conn);
    }
    drop(reader);
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
    hub.ended.notify_one();
}

/// The writer: what was queued, in order, then a page's latest view, until the queue's
/// senders are gone or the socket fails. Wakes the meeting's thread when it waits for room.
async fn write(
    mut sink: SplitSink<WebSocket, Message>,
    mut rx: tokio::sync::mpsc::Receiver<Outbound>,
    mut views_rx: tokio::sync::watch::Receiver<Option<Utf8Bytes>>,
    written: Counter,
    waker: Arc<Hub>,
) {
    // Until the host lets go of the connection (then its views' sender is gone).
    let mut views_open = true;
    // A page gets a view at most every `gap`: the first after a quiet spell at once, the
    // newest of a burst when the gap has passed (`due`).
    let gap = waker.limits.view_gap;
    let mut next_view = tokio::time::Instant::now();
    let mut due: Option<tokio::time::Instant> = None;
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
            _ = tokio::time::sleep_until(due.unwrap_or(next_view)), if due.is_some() => {
                due = None;
                match views_rx.borrow_and_update().clone() {
                    Some(text) => Outbound::View(text),
                    None => continue,
                }
            }
            changed = views_rx.changed(), if views_open && due.is_none() => {
                if changed.is_err() {
                    views_open = false;
                    continue;
                }
                if tokio::time::Instant::now() < next_view {
                    // Sent when the gap has passed, the newest by then.
                    due = Some(next_view);
                    continue;
                }
                match views_rx.borrow_and_update().clone() {
                    Some(text) => Outbound::View(text),
                    None => continue,
                }
            }
        };
        if let Outbound::View(_) = out {
            next_view = tokio::time::Instant::now() + gap;
        }
        match out {
            Outbound::Text(text) | Outbound::View(text) => {
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
}

/// Whether the reader goes on after a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

/// The reader's side of one connection.
struct Reader {
    hub: Arc<Hub>,
    conn: ConnId,
    role: Role,
    queue: Queue,
    bucket: Bucket,
    errors: Bucket,
    greeted: bool,
}

impl Reader {
    /// Says `reason` (cut short); false when the queue is full and the connection is to go.
    fn say(&self, reason: &str, fatal: bool) -> bool {
        let text = Utf8Bytes::from(
            ToParticipant::Error {
                reason: shortened(reason, MAX_REASON_BYTES),
                fatal,
            }
            .to_json(),
        );
        if fatal {
            self.queue.close(text);
            false
        } else {
            self.queue.push(text)
        }
    }

    /// A message the host could not take: told why while the error bucket has tokens,
    /// closed (with a last reason) when it runs dry. Before its hello a connection gets no
    /// such allowance (gavel and its pages always begin with one): whoever opens with
    /// something else is closed at once, so that a stranger's flood of large frames costs a
    /// new connection each.
    fn misunderstood(&mut self, reason: &str) -> Flow {
        if !self.greeted {
            self.say(&format!("closed: a hello comes first ({reason})"), true);
            return Flow::Stop;
        }
        if self.errors.take().is_some() {
            self.say(
                &format!(
                    "closed: too many messages gavel does not understand (the last: {reason})"
                ),
                true,
            );
            return Flow::Stop;
        }
        if self.say(reason, false) {
            Flow::Go
        } else {
            Flow::Stop
        }
    }

    /// Reads until the participant goes, falls silent, or is let go (`dropped`).
    async fn read(&mut self, stream: &mut SplitStream<WebSocket>, dropped: &tokio::sync::Notify) {
        let limits = self.hub.limits;
        let hello_by = tokio::time::Instant::now() + limits.hello;
        loop {
            let wait = if self.greeted {
                limits.idle
            } else {
                limits
                    .idle
                    .min(hello_by.saturating_duration_since(tokio::time::Instant::now()))
            };
            let next = tokio::select! {
                next = tokio::time::timeout(wait, stream.next()) => next,
                // Let go by the host (revoked, or too slow): nothing more is read from it.
                _ = dropped.notified() => return,
            };
            let message = match next {
                Err(_) if !self.greeted && tokio::time::Instant::now() >= hello_by => {
                    self.say(
                        &format!(
                            "closed: no hello within {} ms of connecting",
                            limits.hello.as_millis()
                        ),
                        false,
                    );
                    return;
                }
                Err(_) => {
                    self.say(
                        &format!(
                            "closed after {} s without a word (gavel join pings every {} s)",
                            limits.idle.as_secs(),
                            PING_EVERY.as_secs()
                        ),
                        false,
                    );
                    return;
                }
                Ok(None) => return,
                Ok(Some(Err(e))) => {
                    self.say(&format!("the connection failed: {e}"), false);
                    return;
                }
                Ok(Some(Ok(m))) => m,
            };
            if self.take(message).await == Flow::Stop {
                return;
            }
        }
    }

    /// One WebSocket message: only text frames holding a message gavel knows are taken.
    async fn take(&mut self, message: Message) -> Flow {
        let text = match message {
            Message::Text(text) => text,
            Message::Close(_) => return Flow::Stop,
            Message::Binary(_) => {
                return self.misunderstood("gavel speaks JSON text messages only");
            }
            _ => return Flow::Go,
        };
        match serde_json::from_str::<ToHost>(text.as_str()) {
            Ok(parsed) => self.take_message(parsed).await,
            Err(e) => {
                // serde's text quotes the input ("unknown variant `…`"): only its start.
                let reason = format!(
                    "not a message gavel understands: {}",
                    shortened(&e.to_string(), MAX_PARSE_ERROR_BYTES)
                );
                self.misunderstood(&reason)
            }
        }
    }

    async fn take_message(&mut self, parsed: ToHost) -> Flow {
        match parsed {
            ToHost::Ping => {
                if self
                    .queue
                    .push(Utf8Bytes::from(ToParticipant::Pong.to_json()))
                {
                    Flow::Go
                } else {
                    Flow::Stop
                }
            }
            ToHost::Hello { v, .. } if v != VERSION => {
                self.say(
                    &format!("this host speaks version {VERSION} of gavel's protocol, not {v}: use the same gavel release"),
                    true,
                );
                Flow::Stop
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
                if self.greeted {
                    return self.misunderstood("hello was already said on this connection");
                }
                if participant.is_empty()
                    || participant.len() > 64
                    || name.len() > crate::share::sequencer::MAX_NAME_BYTES
                {
                    self.say(
                        &format!(
                            "a participant needs an id (up to 64 characters) and a name (up to {})",
                            crate::share::sequencer::MAX_NAME_BYTES
                        ),
                        true,
                    );
                    return Flow::Stop;
                }
                self.greeted = true;
                self.hub.hand_over(Inbound::Hello {
                    conn: self.conn,
                    role: self.role,
                    participant,
                    name,
                    session,
                    since,
                    view: view || self.role == Role::Attendee,
                    paged,
                });
                Flow::Go
            }
            ToHost::Command { .. } if !self.greeted => {
                self.misunderstood("say hello before sending commands")
            }
            ToHost::Command { seq, event } => {
                if let Some(wait) = self.bucket.take() {
                    let slow_down = format!(
                        "slow down: at most {} commands a second; yours wait their turn",
                        self.hub.limits.commands_per_second
                    );
                    if !self.say(&slow_down, false) {
                        return Flow::Stop;
                    }
                    tokio::time::sleep(wait).await;
                    self.bucket.take();
                }
                self.hub.hand_over(Inbound::Command {
                    conn: self.conn,
                    seq,
                    event,
                });
                Flow::Go
            }
        }
    }
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
