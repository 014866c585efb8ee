//! What the network thread and the meeting's thread share: the connections, each with its
//! queue and a page's latest view, the tokens, and the fan-out of events and views.

use super::limits::{ConnId, Inbound, Limits};
use super::queue::Queue;
use crate::meeting::Event;
use crate::share::access::{Role, Tokens};
use crate::share::protocol::ToParticipant;
use axum::extract::ws::Utf8Bytes;
use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// The most of a reason (an error, a refusal) the host sends: a reason that quotes what a
/// participant sent never sends it all back.
pub(super) const MAX_REASON_BYTES: usize = 240;

/// `text` cut to at most `max` bytes (on a character boundary), with "…" when cut.
pub(super) fn shortened(text: &str, max: usize) -> String {
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

/// One of the connections the cap allows, taken when the WebSocket is accepted (before its
/// upgrade) and given back when the connection ends, however it ends.
pub(super) struct Slot {
    hub: Arc<Hub>,
}

impl Slot {
    /// A slot, when fewer than `cap` are taken: counted and taken in one step, so that
    /// connections arriving together cannot all pass the check before any is counted.
    pub(super) fn take(hub: &Arc<Hub>, cap: usize) -> Option<Slot> {
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

pub(super) struct Conn {
    pub(super) role: Role,
    /// Set once the meeting's thread welcomed it: from then on it gets every new event.
    pub(super) live: bool,
    /// A browser page: it gets views, not events.
    pub(super) view: bool,
    pub(super) queue: Queue,
    /// A page's latest view: only the newest waits, however slow the page reads.
    pub(super) views: tokio::sync::watch::Sender<Option<Utf8Bytes>>,
    /// Told when the connection is let go (its link revoked, its queue overflowed): its
    /// task stops reading and closes it.
    pub(super) dropped: Arc<tokio::sync::Notify>,
}

impl Conn {
    /// The connection is let go: its task ends and the socket closes.
    pub(super) fn let_go(&self) {
        self.dropped.notify_one();
    }
}

/// What the network thread and the meeting's thread share.
pub struct Hub {
    pub(super) conns: Mutex<HashMap<ConnId, Conn>>,
    pub(super) tokens: Mutex<Tokens>,
    pub(super) inbound: Mutex<mpsc::Sender<Inbound>>,
    pub(super) wake: UnixStream,
    pub(super) next_conn: AtomicU64,
    /// WebSocket connections accepted and not yet ended (see [`Slot`]).
    pub(super) slots: AtomicUsize,
    pub(super) limits: Limits,
    /// "http" or "https": how the attendee link in a QR code starts.
    pub(super) scheme: &'static str,
    /// A connection ended, its writer and queue gone: the heap may be given back
    /// ([`give_back_memory`]).
    pub(super) ended: tokio::sync::Notify,
    /// The pages' newest views (attendees', projectors'), left by the meeting's thread for
    /// [`hand_out_views`] on the server's thread, and the wake-up that tells it.
    pub(super) latest_views: Mutex<Option<(Utf8Bytes, Utf8Bytes)>>,
    pub(super) views_ready: tokio::sync::Notify,
}

/// Hands each new view to every page, on the server's thread. The meeting's thread only
/// leaves the views and wakes this task once: a page's writer woken from outside the
/// server's runtime costs a system call (tokio's `eventfd` write) and a wake-up of the
/// server's thread each, so 500 pages cost the meeting's thread 500 of them a view;
/// woken here, on the runtime's own thread, they cost none. Only the newest views wait:
/// views left while this task was busy are handed out once, as the newest.
pub(super) async fn hand_out_views(hub: Arc<Hub>) {
    loop {
        hub.views_ready.notified().await;
        let latest = hub.latest_views.lock().ok().and_then(|mut l| l.take());
        let Some((attendee, viewer)) = latest else {
            continue;
        };
        let Ok(conns) = hub.conns.lock() else {
            continue;
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
}

/// Gives the memory connections held (their buffers, queues and pages of catch-up) back to
/// the system once they have ended: half a second after the last of a burst ends, or 2 s
/// after the first while they keep ending. The allocator keeps freed memory for reuse
/// otherwise, and a host that a crowd of strangers made large would stay large. Runs on the
/// server's thread, never the meeting's.
pub(super) async fn give_back_memory(hub: Arc<Hub>) {
    loop {
        hub.ended.notified().await;
        let latest = tokio::time::Instant::now() + Duration::from_secs(2);
        while tokio::time::timeout_at(
            latest.min(tokio::time::Instant::now() + Duration::from_millis(500)),
            hub.ended.notified(),
        )
        .await
        .is_ok()
        {}
        release_free_memory();
    }
}

/// Returns the allocator's free memory to the system (glibc keeps it otherwise).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_free_memory() {
    // SAFETY: malloc_trim only walks glibc's own heap; no Rust object is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}

impl Hub {
    pub(super) fn hand_over(&self, message: Inbound) {
        if let Ok(inbound) = self.inbound.lock() {
            let _ = inbound.send(message);
        }
        self.wake();
    }

    /// Wakes the meeting's thread (its `poll` on the wake-up descriptor).
    pub fn wake(&self) {
        crate::share::wake::wake(&self.wake);
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

    pub(super) fn role_of(&self, token: &str) -> Option<Role> {
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

    /// Sends the pages their view: attendees theirs, projectors theirs, each made once and
    /// shared by every page. A page that has not read the last one yet gets only this one.
    /// The server's thread hands them out ([`hand_out_views`]), to the pages live then.
    pub fn send_views(&self, attendee: &ToParticipant, viewer: &ToParticipant) {
        let views = (
            Utf8Bytes::from(attendee.to_json()),
            Utf8Bytes::from(viewer.to_json()),
        );
        if let Ok(mut latest) = self.latest_views.lock() {
            *latest = Some(views);
        }
        self.views_ready.notify_one();
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
    pub(super) fn close_role(&self, role: Role, reason: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn hub() -> Arc<Hub> {
        let (_read, wake) = crate::share::wake::pair().expect("a socket pair");
        let (tx, _rx) = mpsc::channel();
        Arc::new(Hub {
            conns: Mutex::new(HashMap::new()),
            tokens: Mutex::new(Tokens::new().expect("tokens")),
            inbound: Mutex::new(tx),
            wake,
            next_conn: AtomicU64::new(1),
            slots: AtomicUsize::new(0),
            limits: Limits::default(),
            scheme: "http",
            ended: tokio::sync::Notify::new(),
            latest_views: Mutex::new(None),
            views_ready: tokio::sync::Notify::new(),
        })
    }

    /// A connection as the server keeps it; what its writer would read of the views.
    fn connect(
        hub: &Hub,
        conn: ConnId,
        role: Role,
        live: bool,
        view: bool,
    ) -> tokio::sync::watch::Receiver<Option<Utf8Bytes>> {
        let (queue, _rx) = Queue::new(&hub.limits);
        let (views, views_rx) = tokio::sync::watch::channel(None);
        let c = Conn {
            role,
            live,
            view,
            queue,
            views,
            dropped: Arc::new(tokio::sync::Notify::new()),
        };
        hub.conns.lock().expect("the connections").insert(conn, c);
        views_rx
    }

    fn marked(seq: u64) -> ToParticipant {
        ToParticipant::Ack { seq, n: None }
    }

    fn text(rx: &tokio::sync::watch::Receiver<Option<Utf8Bytes>>) -> Option<String> {
        rx.borrow().as_ref().map(|t| t.as_str().to_string())
    }

    /// Runs the server's side until `done` holds (the task is woken at once: no clock, no
    /// socket), at most 100 turns of the runtime.
    fn hand_out_until(hub: &Arc<Hub>, done: impl Fn() -> bool) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let task = tokio::spawn(hand_out_views(Arc::clone(hub)));
            for _ in 0..100 {
                if done() {
                    break;
                }
                tokio::task::yield_now().await;
            }
            task.abort();
        });
    }

    /// Views left by the meeting's thread reach every live page on the server's thread, the
    /// attendees theirs and the projectors theirs, only the newest when two came before it
    /// ran; a page not yet welcomed and a participant that follows events get none.
    #[test]
    fn views_left_from_another_thread_reach_each_live_page_as_the_newest() {
        let hub = hub();
        let attendee = connect(&hub, 1, Role::Attendee, true, true);
        let projector = connect(&hub, 2, Role::Viewer, true, true);
        let unwelcomed = connect(&hub, 3, Role::Attendee, false, true);
        let follower = connect(&hub, 4, Role::Viewer, true, false);
        let leaving = {
            let hub = Arc::clone(&hub);
            std::thread::spawn(move || {
                hub.send_views(&marked(1), &marked(2));
                hub.send_views(&marked(3), &marked(4));
            })
        };
        leaving.join().expect("the meeting's thread");
        let newest = |seq: u64| Some(marked(seq).to_json());
        hand_out_until(&hub, || {
            text(&attendee).is_some() && text(&projector).is_some()
        });
        assert_eq!(text(&attendee), newest(3));
        assert_eq!(text(&projector), newest(4));
        assert_eq!(text(&unwelcomed), None);
        assert_eq!(text(&follower), None);
        assert!(hub.latest_views.lock().expect("the views").is_none());

        // A page welcomed since gets the next view with the others.
        hub.conns
            .lock()
            .expect("the connections")
            .get_mut(&3)
            .expect("connection 3")
            .live = true;
        hub.send_views(&marked(5), &marked(6));
        hand_out_until(&hub, || text(&unwelcomed).is_some());
        assert_eq!(text(&unwelcomed), newest(5));
        assert_eq!(text(&attendee), newest(5));
        assert_eq!(text(&projector), newest(6));
        assert_eq!(text(&follower), None);
    }
}
