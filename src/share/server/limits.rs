//! The limits of a shared session, and what a connection hands to the meeting's thread.

use crate::meeting::Event;
use crate::share::access::Role;
use std::time::Duration;

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
    /// The least time between two views sent to one page: a burst of changes reaches a
    /// page as its newest view once the gap has passed, not as one view per change (the
    /// first change after a quiet spell goes at once).
    pub view_gap: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            participants: 1000,
            reserved: 20,
            hello: Duration::from_secs(5),
            commands_per_second: 30,
            burst: 60,
            idle: Duration::from_secs(60),
            queue: 4096,
            queue_bytes: 4 * 1024 * 1024,
            attendee_gone: Duration::from_secs(600),
            header_read: Duration::from_secs(10),
            view_gap: VIEW_GAP,
        }
    }
}

/// The default [`Limits::view_gap`]: at most 40 views a second to a page. 500 pages on
/// one Wi-Fi cannot take one 8.6 KiB view per change at 100 changes a second (430 MB/s); a
/// page shows no more than that anyway (issue 30).
pub const VIEW_GAP: Duration = Duration::from_millis(25);

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
