//! A participant's copy of a shared meeting: the events the host recorded, in its order,
//! applied to the same agenda, so that the copy is the host's meeting; on top of it, what
//! this participant sent that the host has not acknowledged yet (shown as pending).

use super::protocol::ToParticipant;
use super::Role;
use crate::agenda::Agenda;
use crate::meeting::{Event, Meeting};

/// What a message from the host changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum News {
    /// Nothing the screen shows.
    Nothing,
    /// The meeting changed.
    Changed,
    /// The host acknowledged command `seq` (recorded as `n`, or before).
    Acked(u64),
    /// The host refused command `seq`: nothing changed; the reason is for this participant.
    Refused { seq: u64, reason: String },
    /// The host says something (a limit hit); `fatal` ends the connection.
    Said { reason: String, fatal: bool },
}

/// The host's meeting as this participant knows it.
pub struct Replica {
    session: String,
    role: Role,
    agenda: Agenda,
    agenda_text: String,
    confirmed: Meeting,
    /// How many of the host's events are applied.
    count: u64,
    /// Events of the host that this copy could not apply (a bug if it ever happens).
    pub diverged: usize,
    /// The host said more pages of catch-up follow.
    catching_up: bool,
}

impl Replica {
    /// A copy from the host's welcome with the whole session.
    pub fn from_welcome(message: &ToParticipant) -> Result<Replica, String> {
        let ToParticipant::Welcome {
            role,
            session,
            agenda: Some(agenda_text),
            from: 0,
            events,
            ..
        } = message
        else {
            return Err("the host's first answer did not carry the meeting".into());
        };
        let (agenda, _) = crate::agenda::parse_str(agenda_text).map_err(|diagnostics| {
            let first = diagnostics
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_default();
            format!("the host's agenda does not load here: {first}")
        })?;
        let mut replica = Replica {
            session: session.clone(),
            role: *role,
            confirmed: Meeting::new(agenda.clone()),
            agenda,
            agenda_text: agenda_text.clone(),
            count: 0,
            diverged: 0,
            catching_up: false,
        };
        for e in events {
            replica.take(e);
        }
        if let ToParticipant::Welcome { more, .. } = message {
            replica.catching_up = *more;
        }
        Ok(replica)
    }

    pub fn session(&self) -> &str {
        &self.session
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn agenda_text(&self) -> &str {
        &self.agenda_text
    }

    /// How many of the host's events this copy has: what it says when it reconnects.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether the host has more pages of catch-up to send (the copy is not the host's
    /// whole meeting yet).
    pub fn catching_up(&self) -> bool {
        self.catching_up
    }

    /// The meeting as the host has recorded it.
    pub fn confirmed(&self) -> &Meeting {
        &self.confirmed
    }

    fn take(&mut self, event: &Event) {
        if self.confirmed.apply(event).is_err() {
            self.diverged += 1;
        }
        self.count += 1;
    }

    /// Takes the events from number `from` on, skipping those this copy has.
    fn take_from(&mut self, from: u64, events: &[Event]) {
        if from > self.count {
            // A gap: nothing the host sends leaves one.
            self.diverged += 1;
            return;
        }
        let skip = (self.count - from) as usize;
        for e in events.iter().skip(skip) {
            self.take(e);
        }
    }

    /// Takes one message from the host.
    pub fn receive(&mut self, message: ToParticipant) -> News {
        match message {
            ToParticipant::Welcome {
                session,
                agenda,
                from,
                events,
                role,
                more,
                ..
            } => {
                self.role = role;
                if let Some(text) = agenda {
                    // The host's session changed (or this copy was too far ahead): start over.
                    match Replica::from_welcome(&ToParticipant::Welcome {
                        v: super::protocol::VERSION,
                        role,
                        session,
                        agenda: Some(text),
                        from: 0,
                        events,
                        last_seq: 0,
                        more,
                    }) {
                        Ok(fresh) => *self = fresh,
                        Err(reason) => {
                            return News::Said {
                                reason,
                                fatal: true,
                            }
                        }
                    }
                    return News::Changed;
                }
                self.catching_up = more;
                self.take_from(from, &events);
                News::Changed
            }
            ToParticipant::Events { from, events, more } => {
                self.catching_up = more;
                self.take_from(from, &events);
                News::Changed
            }
            ToParticipant::Event { n, event } => {
                if n < self.count {
                    return News::Nothing;
                }
                self.take(&event);
                News::Changed
            }
            ToParticipant::Ack { seq, .. } => News::Acked(seq),
            ToParticipant::Refused { seq, reason } => News::Refused { seq, reason },
            ToParticipant::Error { reason, fatal } => News::Said { reason, fatal },
            ToParticipant::Pong | ToParticipant::View(_) => News::Nothing,
        }
    }

    /// The meeting to show: the host's, with this participant's pending events applied on
    /// top (at no earlier time than the host's last). Also the id from which entries are
    /// pending.
    pub fn shown(&self, pending: &[Event]) -> (Meeting, u64) {
        let mut shown = self.confirmed.clone();
        let from = shown.next_entry_id();
        for e in pending {
            let mut e = e.clone();
            if let Some(last) = shown.last_at() {
                e.at = e.at.max(last);
            }
            let _ = shown.apply(&e);
        }
        (shown, from)
    }

    /// The agenda this session runs on.
    pub fn agenda(&self) -> &Agenda {
        &self.agenda
    }
}
