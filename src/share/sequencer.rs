//! The host's rules for participants' changes, without a network: the one sequencer of a
//! shared session.
//!
//! Every change, the moderator's own keys and every participant's commands alike, goes
//! through the same [`Clerk`] (so the same `Meeting::apply` and the same journal with the
//! same fsync rule). A participant's command is applied at most once, known by (participant,
//! seq); it is acknowledged, and every new event is sent on, only once it is on disk.

use super::access::Role;
use super::protocol::{ToParticipant, VERSION};
use crate::clerk::{Clerk, Origin};
use crate::meeting::{Author, Event, EventKind};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

pub use crate::role::Sender;

/// An acknowledgement waiting for its event to reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WaitingAck<C> {
    to: C,
    seq: u64,
    n: u64,
    /// The command was sent again before its first copy's event went out: answered
    /// "already recorded" (`n: None`), after the first copy's acknowledgement.
    again: bool,
}

/// What the host sends after a step: acknowledgements first (to their senders), then the
/// new events (to everyone).
#[derive(Debug)]
pub struct Outgoing<C> {
    pub acks: Vec<(C, ToParticipant)>,
    /// Event numbers and events, in order; [`for_role`] gives each role its copy.
    pub events: Vec<(u64, Event)>,
}

/// The host's state beyond the meeting: who sent what, and what was sent on.
pub struct Sequencer<C> {
    session: String,
    /// The last sequence number recorded for each participant.
    last_seq: HashMap<String, u64>,
    /// Events before this number have been sent on.
    sent: usize,
    waiting: Vec<WaitingAck<C>>,
    /// The name each attendee's device checked in as.
    checked_in: HashMap<String, String>,
    /// The last sequence number of each participant whose event is on disk: what a
    /// welcome and a duplicate's acknowledgement may promise.
    durable_seq: HashMap<String, u64>,
    /// Guests each attendee's device has added (rebuilt from the journal on a restart).
    guests_added: HashMap<String, u32>,
    /// The link each participant id belongs to: the one that first used it (issue 25).
    bound: HashMap<String, Bound>,
    /// When each attendee device new to this host said hello, for the last minute.
    new_devices: std::collections::VecDeque<DateTime<Utc>>,
    /// Pages' claims to people the chair marked present, waiting for the chair, oldest
    /// first (not in the journal: a page sends its claim again when it comes back).
    claims: Vec<Claim<C>>,
    /// Whether a chair's screen is there to answer claims (`gavel run --share`); without
    /// one (`gavel serve`) a claim is refused at once, saying what to do instead.
    claims_answered: bool,
    /// Claims the chair refused, by (participant, seq): sent again after a reconnect (the
    /// page missed the refusal), they are refused again, not put to the chair twice.
    refused_claims: std::collections::HashSet<(String, u64)>,
}

/// A page's check-in as someone the chair already marked present (issue 27): it waits for
/// the chair's word ([`Sequencer::answer_claim`]). Nothing is recorded meanwhile, so the
/// person's mark and the quorum stand; once confirmed the check-in is recorded (the chair's
/// mark still stands: `Meeting::attendance`) and the page acts for that person.
#[derive(Debug, Clone)]
struct Claim<C> {
    name: String,
    who: Sender,
    /// The connection that sent it last (a page sends it again after a reconnect).
    to: C,
    seq: u64,
    event: Event,
    since: DateTime<Utc>,
}

/// What came of the chair's answer to a page's claim ([`Sequencer::answer_claim`]).
#[derive(Debug)]
pub struct ClaimAnswer<C> {
    /// What the claiming page must hear now, on which connection.
    pub tell: Option<(C, ToParticipant)>,
    /// For the chair: done, or why not.
    pub outcome: Result<(), String>,
}

/// What a page's check-in comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageAct {
    /// Recorded now.
    Now,
    /// A claim to someone already present: it waits for the chair.
    Claim,
}

/// Whose a participant id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// The link of this role used it first.
    Role(Role),
    /// The journal has its events, not sent from an attendee's page: the chair's or a
    /// scribe's link (a journal does not record which; the first of the two to use it
    /// after a restart keeps it).
    ChairOrScribe,
}

/// Why a hello is not served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAdmitted {
    pub reason: String,
    /// Coming back with the same id cannot help.
    pub fatal: bool,
}

pub use crate::role::{MAX_NAME_BYTES, MAX_TOPIC_BYTES};
/// Guests one attendee's device may add (itself, and a correction or two).
pub const MAX_GUESTS_PER_DEVICE: u32 = 3;
/// Guests all attendees' pages together may add in a session (counted again from the
/// journal when the host restarts).
pub const MAX_GUESTS_FROM_PAGES: u32 = 500;
/// How far past a participant's last recorded command a sequence number may jump. A
/// participant counts up by one; only refused commands leave gaps.
pub const MAX_SEQ_STEP: u64 = 1 << 20;
/// Attendee devices new to the host that may say hello in any one minute: as many as the
/// default cap lets connect (`Limits::participants`), so that a full room opening the link
/// together is served at once (issue 30: 500 pages; at 300 a minute, 200 of them waited
/// up to a minute, trying again every 2 s).
pub const MAX_NEW_DEVICES_PER_MINUTE: usize = 1000;

impl<C: Copy + PartialEq> Sequencer<C> {
    /// A sequencer for `session`, whose clerk keeps a log (the journal so far).
    pub fn new(session: &str, clerk: &Clerk) -> Sequencer<C> {
        let mut last_seq: HashMap<String, u64> = HashMap::new();
        let mut checked_in = HashMap::new();
        let mut guests_added: HashMap<String, u32> = HashMap::new();
        let mut bound: HashMap<String, Bound> = HashMap::new();
        for (event, by) in clerk.log().iter().filter_map(|e| Some((e, e.by.as_ref()?))) {
            let last = last_seq.entry(by.participant.clone()).or_default();
            *last = (*last).max(by.seq);
            if by.attendee {
                if let Some(name) = check_in_name(&event.kind) {
                    checked_in.insert(by.participant.clone(), name.to_string());
                }
                if matches!(event.kind, EventKind::Guest { .. }) {
                    *guests_added.entry(by.participant.clone()).or_default() += 1;
                }
            }
            // Who sent it: an attendee's page, else the chair's or a scribe's link, and
            // surely the chair's when only the chair may send it.
            let from = if by.attendee {
                Bound::Role(Role::Attendee)
            } else if Role::Scribe.may_send(&event.kind).is_err() {
                Bound::Role(Role::Chair)
            } else {
                Bound::ChairOrScribe
            };
            let known = bound.entry(by.participant.clone()).or_insert(from);
            if *known == Bound::ChairOrScribe && from == Bound::Role(Role::Chair) {
                *known = from;
            }
        }
        Sequencer {
            session: session.to_string(),
            sent: clerk.log().len(),
            waiting: Vec::new(),
            checked_in,
            durable_seq: last_seq.clone(),
            guests_added,
            bound,
            new_devices: std::collections::VecDeque::new(),
            claims: Vec::new(),
            claims_answered: true,
            refused_claims: Default::default(),
            last_seq,
        }
    }

    pub fn session(&self) -> &str {
        &self.session
    }

    /// The answer to a participant's hello: the events after `since` when the participant
    /// follows this session and has no more than the host, else the whole session.
    pub fn welcome(
        &self,
        clerk: &Clerk,
        agenda_text: &str,
        who: &Sender,
        session: Option<&str>,
        since: u64,
    ) -> ToParticipant {
        let sent = &clerk.log()[..self.sent];
        let (from, whole) = self.catch_up_from(session, since);
        let from = from as usize;
        ToParticipant::Welcome {
            v: VERSION,
            role: who.role,
            session: self.session.clone(),
            agenda: whole.then(|| agenda_text.to_string()),
            from: from as u64,
            events: sent[from..]
                .iter()
                .enumerate()
                .map(|(k, e)| for_role(e, who.role, clerk.touched_private(from + k)))
                .collect(),
            last_seq: self.welcome_last_seq(clerk, who),
            more: false,
        }
    }

    /// Where a participant that has `since` events of `session` is caught up from, and
    /// whether it needs the whole session (another session, or more than the host sent).
    pub fn catch_up_from(&self, session: Option<&str>, since: u64) -> (u64, bool) {
        let catch_up = session == Some(self.session.as_str()) && since <= self.sent as u64;
        if catch_up {
            (since, false)
        } else {
            (0, true)
        }
    }

    /// How many events have been sent on (all on disk): catch-up goes up to here, and
    /// every later one reaches the welcomed connections as an `event`.
    pub fn sent(&self) -> usize {
        self.sent
    }

    /// The `last_seq` a welcome promises `who`.
    pub fn welcome_last_seq(&self, clerk: &Clerk, who: &Sender) -> u64 {
        if who.role == Role::Viewer {
            // A viewer sends nothing: it has no last command to learn, nor anyone else's.
            0
        } else if clerk.pending() == 0 {
            self.last_seq(&who.participant)
        } else {
            self.durable_last_seq(&who.participant)
        }
    }

    /// Whether a participant's hello may be served: its id is bound to the link (role) that
    /// first used it, and a hello with an id bound to another link is refused (it could
    /// otherwise make the id's owner's commands look already recorded, or read its
    /// `last_seq`). Ids are bound at their first hello (or command) in this run of the host,
    /// and after a restart from the journal's `by` fields, which say whether a page sent an
    /// event but not whether the chair's or a scribe's link did: such an id is bound to the
    /// first of those two links to use it again (or to the chair's when it sent a clock
    /// command). A viewer's id is not kept (a viewer sends nothing). At most
    /// [`MAX_NEW_DEVICES_PER_MINUTE`] attendee devices new to the host are served a minute.
    pub fn admit(&mut self, who: &Sender, now: DateTime<Utc>) -> Result<(), NotAdmitted> {
        let role = who.role;
        match self.bound.get(&who.participant).copied() {
            Some(Bound::Role(r)) if r == role => Ok(()),
            Some(Bound::ChairOrScribe) if matches!(role, Role::Chair | Role::Scribe) => {
                self.bound
                    .insert(who.participant.clone(), Bound::Role(role));
                Ok(())
            }
            Some(_) => Err(NotAdmitted {
                reason: "this participant id belongs to another link of this meeting: \
                         join with your own link (gavel join makes an id per link)"
                    .into(),
                fatal: true,
            }),
            None if role == Role::Viewer => Ok(()),
            None => {
                if role == Role::Attendee {
                    let minute_ago = now - chrono::Duration::minutes(1);
                    while self.new_devices.front().is_some_and(|t| *t <= minute_ago) {
                        self.new_devices.pop_front();
                    }
                    if self.new_devices.len() >= MAX_NEW_DEVICES_PER_MINUTE {
                        return Err(NotAdmitted {
                            reason: "many new devices joined in the last minute: this page \
                                     tries again shortly"
                                .into(),
                            fatal: false,
                        });
                    }
                    self.new_devices.push_back(now);
                }
                self.bound
                    .insert(who.participant.clone(), Bound::Role(role));
                Ok(())
            }
        }
    }

    /// Takes a participant's command: applied and recorded, with the host's time and the
    /// sender's name. The answer, when there is one now: a refusal, or the acknowledgement
    /// of a command already recorded. A new change is acknowledged by [`Sequencer::flush`]
    /// once it is on disk.
    pub fn command(
        &mut self,
        clerk: &mut Clerk,
        to: C,
        who: &Sender,
        seq: u64,
        mut event: Event,
        now: DateTime<Utc>,
    ) -> Option<ToParticipant> {
        if let Err(refusal) = self.admit(who, now) {
            return Some(ToParticipant::Refused {
                seq,
                reason: refusal.reason,
            });
        }
        if seq <= self.last_seq(&who.participant) {
            if seq <= self.durable_last_seq(&who.participant) {
                return Some(ToParticipant::Ack { seq, n: None });
            }
            // Recorded, and not yet sent on (or not on disk: the disk is failing). The
            // answer waits for the event, so it never overtakes the first copy's
            // acknowledgement and promises nothing the disk does not hold.
            let n = (clerk.log().len() as u64).saturating_sub(1);
            let known = |w: &WaitingAck<C>| w.to == to && w.seq == seq && w.again;
            if !self.waiting.iter().any(known) {
                self.waiting.push(WaitingAck {
                    to,
                    seq,
                    n,
                    again: true,
                });
            }
            return None;
        }
        if let Some(claim) = self
            .claims
            .iter_mut()
            .find(|c| c.who.participant == who.participant && c.seq == seq)
        {
            // Sent again (a reconnect): it still waits; the answer goes to this connection.
            claim.to = to;
            return None;
        }
        let refused = |reason: String| Some(ToParticipant::Refused { seq, reason });
        if self
            .refused_claims
            .contains(&(who.participant.clone(), seq))
        {
            return refused(claim_refused(check_in_name(&event.kind).unwrap_or("them")));
        }
        if seq - self.last_seq(&who.participant) > MAX_SEQ_STEP {
            return refused(format!(
                "command {seq} comes too far after your last recorded one ({}): sequence \
                 numbers count up by one",
                self.last_seq(&who.participant)
            ));
        }
        if let Err(refusal) = clerk.check_participant(who, &mut event) {
            return refused(refusal.0);
        }
        if who.role == Role::Attendee {
            match self.attendee_may(clerk.meeting(), who, &event.kind) {
                Err(reason) => return refused(reason),
                Ok(PageAct::Claim) => {
                    let name = check_in_name(&event.kind).unwrap_or_default().to_string();
                    self.claims.push(Claim {
                        name,
                        who: who.clone(),
                        to,
                        seq,
                        event,
                        since: now,
                    });
                    return None;
                }
                Ok(PageAct::Now) => {}
            }
        }
        self.record_from(clerk, to, who, seq, event, now)
            .err()
            .and_then(refused)
    }

    /// Records a participant's command, stamped with the host's time and the sender's
    /// name; its acknowledgement waits for the disk ([`Sequencer::flush`]).
    fn record_from(
        &mut self,
        clerk: &mut Clerk,
        to: C,
        who: &Sender,
        seq: u64,
        mut event: Event,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        let item = event.by.as_ref().and_then(|b| b.item);
        event.by = Some(Author {
            participant: who.participant.clone(),
            name: crate::text::clean_line(&who.name),
            seq,
            item,
            attendee: who.role == Role::Attendee,
        });
        event.at = now;
        let recorded = clerk
            .record(event, Origin::Participant(who))
            .map_err(|refusal| refusal.0)?;
        if who.role == Role::Attendee {
            if matches!(recorded.event.kind, EventKind::Guest { .. }) {
                *self
                    .guests_added
                    .entry(who.participant.clone())
                    .or_default() += 1;
            }
            if let Some(name) = check_in_name(&recorded.event.kind) {
                self.checked_in
                    .retain(|device, n| n != name || device == &who.participant);
                self.checked_in
                    .insert(who.participant.clone(), name.to_string());
            }
        }
        let last = self.last_seq.entry(who.participant.clone()).or_default();
        *last = (*last).max(seq);
        let n = clerk.log().len() as u64 - 1;
        self.waiting.push(WaitingAck {
            to,
            seq,
            n,
            again: false,
        });
        Ok(())
    }

    /// The people pages claim to be who the chair had already marked present, with the
    /// time each claim came, oldest first: they wait for [`Sequencer::answer_claim`].
    pub fn claims(&self) -> Vec<(String, DateTime<Utc>)> {
        self.claims
            .iter()
            .map(|c| (c.name.clone(), c.since))
            .collect()
    }

    /// The chair's answer to the page that claims to be `name`. Confirmed: the page's
    /// check-in is recorded (the chair's present mark and the quorum stand) and the page
    /// acts for `name` from then on, acknowledged once on disk. Refused: nothing is
    /// recorded. Either way `tell` is what the page must hear now (a refusal, with its
    /// connection), and `outcome` what the chair is told: an error when no page claims
    /// `name`, or the meeting refuses the check-in now (the page hears that too).
    pub fn answer_claim(
        &mut self,
        clerk: &mut Clerk,
        name: &str,
        confirm: bool,
        now: DateTime<Utc>,
    ) -> ClaimAnswer<C> {
        let Some(i) = self.claims.iter().position(|c| c.name == name) else {
            return ClaimAnswer {
                tell: None,
                outcome: Err(format!("no page waits to check in as {name}")),
            };
        };
        let claim = self.claims.remove(i);
        let refusal = |reason: String| {
            Some((
                claim.to,
                ToParticipant::Refused {
                    seq: claim.seq,
                    reason,
                },
            ))
        };
        if !confirm {
            self.refused_claims
                .insert((claim.who.participant.clone(), claim.seq));
            return ClaimAnswer {
                tell: refusal(claim_refused(name)),
                outcome: Ok(()),
            };
        }
        let (to, seq) = (claim.to, claim.seq);
        match self.record_from(clerk, to, &claim.who, seq, claim.event.clone(), now) {
            Ok(()) => ClaimAnswer {
                tell: None,
                outcome: Ok(()),
            },
            Err(reason) => ClaimAnswer {
                tell: refusal(reason.clone()),
                outcome: Err(reason),
            },
        }
    }

    /// Says that no chair's screen answers claims here (`gavel serve`): a page's check-in as
    /// someone the chair marked present is refused at once instead of waiting for ever.
    pub fn refuse_claims(&mut self) {
        self.claims_answered = false;
    }

    /// Drops what the device `participant` claims (its page has been gone long enough to
    /// have left): the name it claimed.
    pub fn withdraw_claim(&mut self, participant: &str) -> Option<String> {
        let i = self
            .claims
            .iter()
            .position(|c| c.who.participant == participant)?;
        Some(self.claims.remove(i).name)
    }

    /// Whether the device `participant` has a claim waiting.
    pub fn claims_as(&self, participant: &str) -> Option<&str> {
        self.claims
            .iter()
            .find(|c| c.who.participant == participant)
            .map(|c| c.name.as_str())
    }

    /// What is on disk now and not yet sent: acknowledgements and new events (the
    /// moderator's own among them). Nothing while the disk refuses writes.
    pub fn flush(&mut self, clerk: &Clerk) -> Outgoing<C> {
        let durable = clerk.log().len().saturating_sub(clerk.pending());
        let mut out = Outgoing {
            acks: Vec::new(),
            events: Vec::new(),
        };
        self.waiting.retain(|w| {
            if (w.n as usize) < durable {
                out.acks.push((
                    w.to,
                    ToParticipant::Ack {
                        seq: w.seq,
                        n: (!w.again).then_some(w.n),
                    },
                ));
                false
            } else {
                true
            }
        });
        if durable > self.sent {
            out.events = (self.sent..durable)
                .map(|n| (n as u64, clerk.log()[n].clone()))
                .collect();
            for (_, e) in &out.events {
                if let Some(by) = &e.by {
                    let last = self.durable_seq.entry(by.participant.clone()).or_default();
                    *last = (*last).max(by.seq);
                }
            }
            self.sent = durable;
        }
        out
    }

    /// An attendee acts only for the one name its device checked in as, and a name present
    /// from one device cannot be taken by another until the chair changes that. A check-in
    /// as someone the chair already marked present is a claim that waits for the chair
    /// (one device at a time); while it waits the page can do nothing else.
    #[deny(clippy::wildcard_enum_match_arm)]
    fn attendee_may(
        &self,
        meeting: &crate::meeting::Meeting,
        who: &Sender,
        kind: &EventKind,
    ) -> Result<PageAct, String> {
        let present = |name: &str| {
            meeting
                .attendees()
                .iter()
                .any(|a| a.name == name && a.presence == crate::meeting::Presence::Present)
        };
        if let Some(waiting) = self.claims_as(&who.participant) {
            return Err(format!(
                "this page waits for the chair to confirm that you are {waiting}"
            ));
        }
        let mine = self.checked_in.get(&who.participant);
        if let Some(name) = check_in_name(kind) {
            if let Some(me) = mine.filter(|me| *me != name && present(me)) {
                return Err(format!(
                    "this device is checked in as {me}: leave first to check in as someone else"
                ));
            }
            let taken = self
                .checked_in
                .iter()
                .any(|(device, n)| n == name && device != &who.participant);
            if taken && present(name) {
                return Err(format!(
                    "{name} is already checked in from another device; the chair can change that"
                ));
            }
            if self.claims.iter().any(|c| c.name == name) {
                return Err(format!(
                    "another device already asked to check in as {name} and waits for the \
                     chair; if that is not you, tell the chair"
                ));
            }
            if matches!(kind, EventKind::Guest { .. }) {
                let mine = self
                    .guests_added
                    .get(&who.participant)
                    .copied()
                    .unwrap_or(0);
                let all: u32 = self.guests_added.values().sum();
                if mine >= MAX_GUESTS_PER_DEVICE || all >= MAX_GUESTS_FROM_PAGES {
                    return Err("no more guests can be added from a page: ask the chair".into());
                }
                return Ok(PageAct::Now);
            }
            if present(name) && mine.map(String::as_str) != Some(name) {
                if !self.claims_answered {
                    return Err(format!(
                        "{name} is already marked present by the chair, and this host has no \
                         chair's screen to confirm that this page is yours: ask the chair to \
                         mark you absent, then check in here"
                    ));
                }
                return Ok(PageAct::Claim);
            }
            return Ok(PageAct::Now);
        }
        // What is left of what a page may send: a leave or a hand, for one name.
        let name = crate::role::attendee_act(kind).map(crate::role::AttendeeAct::name);
        match (mine, name) {
            (Some(me), Some(name)) if me == name => Ok(PageAct::Now),
            (None, _) => Err("check in first: pick your name".into()),
            (Some(me), _) => Err(format!("this page acts only for {me}, who checked in here")),
        }
    }

    /// The last sequence number of `participant` known to be on disk.
    fn durable_last_seq(&self, participant: &str) -> u64 {
        self.durable_seq.get(participant).copied().unwrap_or(0)
    }

    /// The last sequence number recorded for `participant` (0: none).
    pub fn last_seq(&self, participant: &str) -> u64 {
        self.last_seq.get(participant).copied().unwrap_or(0)
    }

    /// The name an attendee's device checked in as, if it did.
    pub fn checked_in_as(&self, participant: &str) -> Option<&str> {
        self.checked_in.get(participant).map(String::as_str)
    }

    /// Forgets the acknowledgements owed to a connection that closed (its participant gets
    /// them through the welcome's `last_seq` when it comes back).
    pub fn forget(&mut self, to: C) {
        self.waiting.retain(|w| w.to != to);
    }
}

/// What a page hears when the chair refuses its claim to be `name`.
fn claim_refused(name: &str) -> String {
    format!("the chair did not confirm that this page is {name}'s: if you are {name}, speak to the chair")
}

/// The name a check-in (attendance "present" for one person, or a guest) is for.
fn check_in_name(kind: &EventKind) -> Option<&str> {
    crate::role::attendee_act(kind).and_then(crate::role::AttendeeAct::check_in)
}

/// The copy of `event` that `role` may see. Participants do not learn each other's ids
/// (which would let one pose as another); viewers get private entries with their text
/// replaced, so that entry numbers stay the same as everyone else's.
///
/// Whether text is private is decided at the event's own time, never from the meeting as it
/// is now (a private entry corrected and later deleted, undone or edited must not let a
/// late viewer read what the correction said). A capture or an edit says so itself; a
/// correction (`s/OLD/NEW/`) is `touched_private` when it changed a private entry as it was
/// applied ([`Clerk::touched_private`]). A viewer gets such a correction empty, which
/// changes nothing (a viewer's copy may then keep an uncorrected public text: private text
/// never travels).
pub fn for_role(event: &Event, role: Role, touched_private: bool) -> Event {
    let mut copy = event.clone();
    if let Some(by) = &mut copy.by {
        by.participant.clear();
    }
    if !role.sees_private() {
        redact_private(&mut copy.kind);
        if let EventKind::Correct { old, new, global } = &mut copy.kind {
            if touched_private {
                old.clear();
                new.clear();
                *global = false;
            }
        }
    }
    copy
}

const PRIVATE: &str = "(private entry)";

fn redact_private(kind: &mut EventKind) {
    if let Some(capture) = kind.capture_mut().filter(|c| c.private) {
        *capture.text = PRIVATE.into();
        if let Some(owners) = capture.owners {
            *owners = vec!["someone".into()];
        }
    }
}

#[cfg(test)]
mod tests;
