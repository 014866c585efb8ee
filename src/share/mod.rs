//! A shared session (issue 17): the host serves the live meeting to participants (co-scribes,
//! a co-chair, a projector) over WebSockets, and is the one sequencer of their changes.
//!
//! - [`access`]: roles, the tokens of their links, what each role may send.
//! - [`protocol`]: the JSON messages, versioned.
//! - [`sequencer`]: the host's rules, without a network: dedupe by (participant, seq),
//!   role checks, the host's own time, acknowledgements only once durable.
//! - [`host`]: the server and the sequencer, as the meeting's thread drives them.
//! - [`server`]: axum on its own thread; connections, limits, fan-out.
//! - [`tls`]: rustls (ring) for `--tls-cert`/`--tls-key` and `gavel join --ca`.
//! - [`view`]: what a browser page is sent instead of events (issue 18).
//! - [`client`]: `gavel join`'s connection, its outbox and reconnects.
//! - [`wake`]: the socket pair that wakes a thread's `poll` (server and client alike).
//! - [`replica`]: a participant's copy of the meeting (the host's events plus its own
//!   pending ones).

pub mod access;
pub mod client;
pub mod host;
pub mod outbox;
pub mod protocol;
pub mod replica;
pub mod sequencer;
pub mod server;
pub mod tls;
pub mod view;
pub mod wake;

pub use access::{Role, Tokens};
