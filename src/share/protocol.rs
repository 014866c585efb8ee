//! The messages of a shared session: JSON text frames over a WebSocket, versioned by
//! [`VERSION`]. ARCHITECTURE.md documents the exchange; the attendee page speaks the same.
//!
//! The host numbers every event it records (`n`, from 0, in journal order). A participant
//! keeps the number of the last event it has, says it when it (re)connects, and gets the
//! events after it; a participant that cannot be caught up that way gets the whole session.

use super::access::Role;
use crate::meeting::Event;
use serde::{Deserialize, Serialize};

/// The protocol version; a peer speaking another is refused with a message saying so.
pub const VERSION: u32 = 1;

/// The most bytes of events a `welcome` or an `events` page carries (at least one event,
/// whatever its size): catch-up of any length is sent in pages of about this size.
pub const PAGE_BYTES: usize = 1024 * 1024;

/// The largest message either side accepts: a full-length entry (64 KiB of text, escaped)
/// fits with room to spare.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// What a participant sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToHost {
    /// The first message on a connection.
    Hello {
        v: u32,
        /// The participant's own id, the same across reconnects and restarts.
        participant: String,
        name: String,
        /// The session the participant was following, if any: the events after `since`
        /// are only meaningful for the same session.
        #[serde(default)]
        session: Option<String>,
        /// How many events the participant has (0: none).
        #[serde(default)]
        since: u64,
        /// A browser page: it is sent views of the meeting, not its events (an attendee's
        /// link always is).
        #[serde(default)]
        view: bool,
        /// The participant takes catch-up in pages (a `welcome` with `more`, then `events`
        /// messages). Without it (an older gavel) the whole catch-up must fit in the welcome,
        /// or the hello is refused with a fatal error saying to update.
        #[serde(default)]
        paged: bool,
    },
    /// A change, numbered by the participant (1, 2, ...). The event's time is the
    /// participant's; the host stamps its own.
    Command { seq: u64, event: Event },
    /// Keeps an idle connection open.
    Ping,
}

/// What the host sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToParticipant {
    /// The answer to `Hello`: the role, and either the events after `since` (`from` equals
    /// `since`) or the whole session (`from` 0, with the agenda).
    Welcome {
        v: u32,
        role: Role,
        session: String,
        /// The agenda's TOML, when the whole session is sent.
        agenda: Option<String>,
        from: u64,
        events: Vec<Event>,
        /// The last sequence number of this participant the host has recorded.
        last_seq: u64,
        /// More events follow in `events` pages before the participant is caught up (then
        /// it gets every new event as an `event`). Absent (an older host): caught up.
        #[serde(default)]
        more: bool,
    },
    /// A page of catch-up after a `welcome` with `more`: the events from `from` on, in
    /// order. `more` false: caught up; every later event comes as an `event`.
    Events {
        from: u64,
        events: Vec<Event>,
        more: bool,
    },
    /// An event the host recorded (durably) as number `n`.
    Event {
        n: u64,
        event: Event,
    },
    /// The participant's command `seq` is recorded as event `n` (or was already).
    Ack {
        seq: u64,
        n: Option<u64>,
    },
    /// The participant's command `seq` was refused; nothing changed.
    Refused {
        seq: u64,
        reason: String,
    },
    /// A limit was hit or the link stopped working; `fatal` closes the connection for good.
    Error {
        reason: String,
        fatal: bool,
    },
    Pong,
    /// What a browser page shows, after every change (see [`super::view::View`]).
    View(Box<super::view::View>),
}

impl ToParticipant {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            // Only a map with non-string keys can fail, and these have none.
            format!(r#"{{"type":"error","reason":"gavel could not encode a message: {e}","fatal":false}}"#)
        })
    }
}

impl ToHost {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::EventKind;
    use chrono::{TimeZone, Utc};

    #[test]
    fn messages_are_tagged_json() {
        let at = Utc.with_ymd_and_hms(2026, 1, 2, 17, 0, 0).unwrap();
        let m = ToHost::Command {
            seq: 3,
            event: Event::new(
                at,
                EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
                    text: "hi".into(),
                    private: false,
                })),
            ),
        };
        let json = m.to_json();
        assert!(
            json.starts_with(r#"{"type":"command","seq":3,"event":{"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ToHost>(&json).unwrap(), m);
        let ack = ToParticipant::Ack { seq: 3, n: Some(7) }.to_json();
        assert_eq!(ack, r#"{"type":"ack","seq":3,"n":7}"#);
    }
}
