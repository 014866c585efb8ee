//! One connection's outgoing queue, bounded in messages and in bytes, and the writer's view
//! of it.

use super::limits::Limits;
use axum::extract::ws::Utf8Bytes;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::mpsc as tmpsc;

pub(super) enum Outbound {
    Text(Utf8Bytes),
    /// A page's view (never queued: the writer takes the latest one).
    View(Utf8Bytes),
    /// Say this and close.
    Close(Utf8Bytes),
}

/// One connection's outgoing queue, bounded in messages ([`Limits::queue`]) and in bytes
/// ([`Limits::queue_bytes`]). The message being written is no longer in it; a message alone
/// in an empty queue is always taken.
#[derive(Clone)]
pub(super) struct Queue {
    tx: tmpsc::Sender<Outbound>,
    pub(super) bytes: Arc<AtomicUsize>,
    budget: usize,
    /// Set by the meeting's thread when it has more catch-up for this connection and waits
    /// for room: the writer wakes it once the queue holds fewer than `low` bytes.
    hungry: Arc<AtomicBool>,
    low: Arc<AtomicUsize>,
}

impl Queue {
    pub(super) fn new(limits: &Limits) -> (Queue, tmpsc::Receiver<Outbound>) {
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
    pub(super) fn push(&self, text: Utf8Bytes) -> bool {
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
    pub(super) fn close(&self, text: Utf8Bytes) {
        let _ = self.tx.try_send(Outbound::Close(text));
    }

    /// What the writer needs to count a message out (not a sender: the writer ends when
    /// every sender is gone).
    pub(super) fn counter(&self) -> Counter {
        Counter {
            bytes: Arc::clone(&self.bytes),
            hungry: Arc::clone(&self.hungry),
            low: Arc::clone(&self.low),
        }
    }

    /// Whether fewer than `below` bytes are queued. When not, the writer wakes the meeting's
    /// thread once they are (set before looking, so that a message taken meanwhile is not
    /// missed).
    pub(super) fn room(&self, below: usize) -> bool {
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
pub(super) struct Counter {
    bytes: Arc<AtomicUsize>,
    hungry: Arc<AtomicBool>,
    low: Arc<AtomicUsize>,
}

impl Counter {
    /// The writer took `out` out of the queue: it no longer counts. True when the meeting's
    /// thread waits for this room (and is to be woken).
    pub(super) fn taken(&self, out: &Outbound) -> bool {
        if let Outbound::Text(text) = out {
            let left = self.bytes.fetch_sub(text.len(), Ordering::SeqCst) - text.len();
            if left < self.low.load(Ordering::SeqCst) {
                return self.hungry.swap(false, Ordering::SeqCst);
            }
        }
        false
    }
}
