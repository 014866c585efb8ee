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
    /// The host's meeting, when this copy holds it: from the welcome until a screen takes
    /// it over ([`Replica::hand_over`]), and on the screen while this participant's pending
    /// events are shown on top of it. Otherwise the screen's meeting is exactly the host's
    /// and the host's events go straight to it ([`Replica::receive_on`]): a meeting of a
    /// million entries is held once, not twice.
    confirmed: Option<Meeting>,
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
            confirmed: Some(Meeting::new(agenda.clone())),
            agenda,
            agenda_text: agenda_text.clone(),
            count: 0,
            diverged: 0,
            catching_up: false,
        };
        for e in events {
            replica.take(e, &mut None);
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

    /// The meeting as the host has recorded it, when this copy holds it (see
    /// [`Replica::host_meeting`] on a screen).
    pub fn confirmed(&self) -> Option<&Meeting> {
        self.confirmed.as_ref()
    }

    /// The host's meeting on a screen that shows `shown`: the copy held, or `shown` itself.
    pub fn host_meeting<'a>(&'a self, shown: &'a Meeting) -> &'a Meeting {
        self.confirmed.as_ref().unwrap_or(shown)
    }

    /// Hands the host's meeting to a screen, which shows it from now on (and takes the
    /// host's events into it through [`Replica::receive_on`]).
    pub fn hand_over(&mut self) -> Option<Meeting> {
        self.confirmed.take()
    }

    /// Holds `meeting` as the host's (a screen's meeting before its pending events went on
    /// top), unless a copy is held already.
    pub fn hold(&mut self, meeting: Meeting) {
        if self.confirmed.is_none() {
            self.confirmed = Some(meeting);
        }
    }

    fn take(&mut self, event: &Event, shown: &mut Option<&mut Meeting>) {
        let target = match (&mut self.confirmed, shown) {
            (Some(held), _) => held,
            (None, Some(shown)) => &mut **shown,
            (None, None) => {
                self.diverged += 1;
                self.count += 1;
                return;
            }
        };
        if target.apply(event).is_err() {
            self.diverged += 1;
        }
        self.count += 1;
    }

    /// Takes the events from number `from` on, skipping those this copy has.
    fn take_from(&mut self, from: u64, events: &[Event], shown: &mut Option<&mut Meeting>) {
        if from > self.count {
            // A gap: nothing the host sends leaves one.
            self.diverged += 1;
            return;
        }
        let skip = (self.count - from) as usize;
        for e in events.iter().skip(skip) {
            self.take(e, shown);
        }
    }

    /// Takes one message from the host into the copy held.
    pub fn receive(&mut self, message: ToParticipant) -> News {
        self.receive_into(message, None)
    }

    /// Takes one message from the host on a screen showing `shown`: into the copy held, if
    /// any, else into `shown` (which is then exactly the host's meeting).
    pub fn receive_on(&mut self, message: ToParticipant, shown: &mut Meeting) -> News {
        self.receive_into(message, Some(shown))
    }

    fn receive_into(&mut self, message: ToParticipant, mut shown: Option<&mut Meeting>) -> News {
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
                self.take_from(from, &events, &mut shown);
                News::Changed
            }
            ToParticipant::Events { from, events, more } => {
                self.catching_up = more;
                self.take_from(from, &events, &mut shown);
                News::Changed
            }
            ToParticipant::Event { n, event } => {
                if n < self.count {
                    return News::Nothing;
                }
                self.take(&event, &mut shown);
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
    pub fn shown(&self, pending: &[Event]) -> Option<(Meeting, u64)> {
        let mut shown = self.confirmed.clone()?;
        let from = shown.next_entry_id();
        for e in pending {
            let mut e = e.clone();
            if let Some(last) = shown.last_at() {
                e.at = e.at.max(last);
            }
            let _ = shown.apply(&e);
        }
        Some((shown, from))
    }

    /// The agenda this session runs on.
    pub fn agenda(&self) -> &Agenda {
        &self.agenda
    }
}
