//! The screen in a shared session: as the host (`gavel run --share`), it takes the
//! participants' commands through the same clerk and sends every change on; as a participant
//! (`gavel join`), it shows the host's meeting with its own pending entries on top.
//!
//! The app holds no socket: the loop owns the host or the connection (`tui::network`), hands
//! what arrived to [`App::on_network`] and carries out what the app asks of the shared
//! session as [`Effect`]s (`/share`, settling the outbox).

use super::*;
use crate::command::ShareAsk;
use crate::role::Role;
use crate::share::client::FromHost;
use crate::share::host::{CANNOT_SAVE, SAVES_AGAIN};
use crate::share::outbox::Outbox;
use crate::share::protocol::ToParticipant;
use crate::share::replica::{News, Replica};
use std::cell::RefCell;
use std::rc::Rc;

/// This screen's part in a shared session.
pub enum Link {
    Host(Hosting),
    Participant(Box<Joined>),
}

/// The host's side, as the screen knows it (the host itself is the loop's).
#[derive(Debug, Default)]
pub struct Hosting {
    /// How many participants were connected when the loop last said: a change is redrawn
    /// at once (the header says the count).
    pub connected: usize,
    /// Who pages claim to be among the people already present, waiting for the chair's
    /// answer (the roster shows them; Enter confirms, the `refuse_claim` key refuses).
    pub claims: Vec<String>,
}

/// A `gavel join` screen's part: its copy of the host's meeting and its outbox (the
/// connection is the loop's).
pub struct Joined {
    pub replica: Replica,
    /// Written by the clerk's recorder (a command taken here), settled by the loop (a
    /// command the host recorded); read here for what is pending.
    pub outbox: Rc<RefCell<Outbox>>,
    pub online: bool,
    /// The host refused the link: why (the screen then closes).
    pub refused: Option<String>,
    /// Entries with this id or higher are pending (sent, not yet recorded by the host).
    pub pending_from: u64,
    /// `--projector`: the large read-only view.
    pub projector: bool,
    /// The meeting had ended, nothing was waiting to be sent, and then the host went away:
    /// the screen closes (there is nothing left to retry for).
    pub host_closed_after_end: bool,
    /// The host said it cannot save (its disk is full) and has not said it saves again:
    /// the header says so.
    pub host_cannot_save: bool,
    /// The host sent something since the screen last showed its meeting.
    unshown: bool,
}

impl Joined {
    /// Online (the host has just welcomed it), nothing refused or pending yet.
    pub fn new(replica: Replica, outbox: Rc<RefCell<Outbox>>, projector: bool) -> Joined {
        Joined {
            replica,
            outbox,
            online: true,
            refused: None,
            pending_from: 0,
            projector,
            host_closed_after_end: false,
            host_cannot_save: false,
            unshown: false,
        }
    }
}

/// What the network brought, as the loop hands it to the app.
#[derive(Debug)]
pub enum NetworkInput {
    /// The host took what participants sent (`changed`: the meeting changed through the
    /// clerk), and this many participants are connected.
    Hosted {
        changed: bool,
        connected: usize,
        /// Pages' claims to people already present, waiting for the chair.
        claims: Vec<String>,
    },
    /// One message from the host, or word about the connection (a participant's screen).
    /// What it settles in the outbox comes back as [`Effect::SettleOutbox`].
    FromHost(FromHost),
    /// Nothing more has come for now (and what came is settled): the screen shows the
    /// host's meeting again.
    Drained,
}

/// A command of the outbox the host has recorded or refused: it is no longer pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// Every command up to this one (a welcome's `last_seq`).
    Through(u64),
    /// This one (an ack or a refusal).
    One(u64),
}

/// What the host says of itself, for `/share` (the loop reads it from the host when it
/// carries out [`Effect::ChangeShare`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareFacts {
    /// One link a role.
    pub links: Vec<(Role, String)>,
    pub addr: std::net::SocketAddr,
    /// Attendees' pages show the current item's public notes.
    pub attendee_notes: bool,
    /// Who has joined: name and role.
    pub participants: Vec<(String, Role)>,
}

impl App {
    /// Who pages claim to be among the people already present, waiting for this screen's
    /// answer (hosting only).
    pub fn claims(&self) -> &[String] {
        match &self.link {
            Some(Link::Host(host)) => &host.claims,
            Some(Link::Participant(_)) | None => &[],
        }
    }

    /// The chair's answer to a page's claim to be `name`: asked of the host by the loop
    /// ([`Effect::AnswerClaim`]), which hands back what came of it.
    pub(super) fn answer_claim(&mut self, name: String, confirm: bool, at: DateTime<Utc>) {
        self.effects.push(Effect::AnswerClaim { name, confirm, at });
    }

    /// What came of the chair's answer to a page's claim (`Effect::AnswerClaim`).
    pub fn claim_answered(&mut self, name: &str, confirm: bool, outcome: Result<(), String>) {
        if let Some(Link::Host(host)) = &mut self.link {
            host.claims.retain(|c| c != name);
        }
        match outcome {
            Ok(()) if confirm => {
                self.changes += 1;
                self.say(&format!(
                    "{name}'s page is confirmed: it acts for {name} (still present)."
                ));
            }
            Ok(()) => self.say(&format!(
                "{name}'s claim refused: the page is told; {name} stays present."
            )),
            Err(why) => self.say_error(&format!("{name}: {why}")),
        }
    }

    /// Serves this meeting to participants: the loop owns the host and says what it does
    /// ([`App::on_network`]).
    pub fn hosting(&mut self) {
        self.link = Some(Link::Host(Hosting::default()));
    }

    /// Makes this screen a participant's.
    pub fn join(&mut self, joined: Joined) {
        self.link = Some(Link::Participant(Box::new(joined)));
        self.refresh_shown();
    }

    pub fn link(&self) -> Option<&Link> {
        self.link.as_ref()
    }

    /// The clerk, for the loop's host to record participants' commands through: the same
    /// one this screen's keys go through.
    pub fn clerk_mut(&mut self) -> &mut Clerk {
        &mut self.clerk
    }

    /// Entries from this id on are this participant's, still on their way to the host.
    pub fn pending_from(&self) -> Option<u64> {
        match &self.link {
            Some(Link::Participant(p)) => Some(p.pending_from),
            _ => None,
        }
    }

    /// The role this screen takes part as (None: the moderator's own screen, or the host's:
    /// everything is allowed).
    pub fn role(&self) -> Option<Role> {
        self.clerk.seated().map(|seat| seat.role)
    }

    /// Whether a key that sends `kind` is this screen's to press: the hint bar offers only
    /// those.
    pub fn may_send(&self, kind: &crate::meeting::EventKind) -> bool {
        self.role().is_none_or(|role| role.may_send(kind).is_ok())
    }

    /// Whether the screen is a projector's.
    pub fn projector(&self) -> bool {
        matches!(&self.link, Some(Link::Participant(p)) if p.projector)
    }

    /// For the header: "shared · 3 connected", "scribe · online", "viewer · OFFLINE".
    pub fn link_label(&self) -> Option<String> {
        match &self.link {
            Some(Link::Host(host)) => Some(format!("shared · {} connected", host.connected)),
            Some(Link::Participant(p)) => {
                let waiting = p.outbox.borrow().pending().len();
                let state = match (p.online, p.host_cannot_save) {
                    (false, _) => "OFFLINE",
                    (true, true) => "online · HOST CANNOT SAVE",
                    (true, false) => "online",
                };
                Some(if waiting > 0 {
                    format!("{} · {state} · {waiting} pending", p.replica.role().name())
                } else {
                    format!("{} · {state}", p.replica.role().name())
                })
            }
            None => None,
        }
    }

    /// Takes what the network brought. True when the screen must be redrawn.
    pub fn on_network(&mut self, input: NetworkInput) -> bool {
        match (self.link.take(), input) {
            (
                Some(Link::Host(mut host)),
                NetworkInput::Hosted {
                    changed,
                    connected,
                    claims,
                },
            ) => {
                // Compared with what the header last showed, not with the count before this
                // pump: the server counts a connection before its hello reaches this thread.
                let recount = connected != host.connected || claims != host.claims;
                if claims.len() > host.claims.len() {
                    if let Some(name) = claims.iter().find(|c| !host.claims.contains(c)) {
                        let key = self.keymap.key(Action::MarkPresent, Context::Roster);
                        let no = self.keymap.key(Action::RefuseClaim, Context::Roster);
                        self.say(&format!(
                            "A page asks to check in as {name}, already present: in the \
                             roster, {key} confirms it is them, {no} refuses."
                        ));
                    }
                }
                host.connected = connected;
                host.claims = claims;
                self.link = Some(Link::Host(host));
                if changed {
                    self.changes += 1;
                    self.follow_current();
                    if self.clerk.meeting().phase() == Phase::Ended && self.written.is_none() {
                        self.write_minutes();
                    }
                }
                changed || recount
            }
            (Some(Link::Participant(mut p)), NetworkInput::FromHost(news)) => {
                self.take_news(&mut p, news);
                p.unshown = true;
                self.link = Some(Link::Participant(p));
                true
            }
            (Some(Link::Participant(mut p)), NetworkInput::Drained) => {
                let unshown = std::mem::take(&mut p.unshown);
                self.link = Some(Link::Participant(p));
                if unshown {
                    self.refresh_shown();
                }
                unshown
            }
            (link, _) => {
                self.link = link;
                false
            }
        }
    }

    /// A non-fatal word from the host: shown on the status line; "cannot save" is also
    /// kept in the header until the host says it saves again.
    fn host_said(&mut self, p: &mut Joined, reason: &str) {
        if reason.starts_with(CANNOT_SAVE) {
            p.host_cannot_save = true;
            self.say_error(reason);
        } else if reason == SAVES_AGAIN {
            p.host_cannot_save = false;
            self.say("The host saves again: every change is on disk.");
        } else {
            self.say_error(reason);
        }
    }

    fn take_news(&mut self, p: &mut Joined, news: FromHost) {
        // Whatever comes, the host's meeting is the replica's if this screen has changed
        // its own since it last showed the host's alone.
        self.absorb_before(p);
        match news {
            FromHost::Online => {
                p.online = true;
                // A host still unable to save says so again after the welcome.
                p.host_cannot_save = false;
                self.say("Connected to the host.");
            }
            FromHost::Offline(_)
                if p.replica.host_meeting(self.clerk.meeting()).phase() == Phase::Ended
                    && p.outbox.borrow().pending_events().is_empty() =>
            {
                p.online = false;
                p.host_closed_after_end = true;
                self.say("The meeting has ended and the host has closed the session.");
                self.exit = Some(Exit::Finished);
            }
            FromHost::Offline(why) => {
                if p.online {
                    self.say_error(&format!(
                        "Offline ({why}): what you take waits in the outbox; retrying every second."
                    ));
                }
                p.online = false;
            }
            FromHost::Refused(why) => {
                p.refused = Some(why.clone());
                self.say_error(&why);
                self.exit = Some(Exit::KeepOpen);
            }
            FromHost::Message(message) => {
                if let ToParticipant::Welcome { last_seq, .. } = &message {
                    self.effects
                        .push(Effect::SettleOutbox(Settle::Through(*last_seq)));
                }
                match p.replica.receive_on(message, self.clerk.host_copy()) {
                    News::Acked(seq) => self.effects.push(Effect::SettleOutbox(Settle::One(seq))),
                    News::Refused { seq, reason } => {
                        self.effects.push(Effect::SettleOutbox(Settle::One(seq)));
                        self.say_error(&format!("The host did not take it: {reason}"));
                    }
                    News::Said { reason, .. } => self.host_said(p, &reason),
                    News::Changed | News::Nothing => {}
                }
            }
        }
    }

    /// A participant's screen shows the host's meeting with its own pending events on top.
    /// With none pending, the screen's meeting is the host's itself (held once); with some,
    /// the host's is held apart by the replica and the screen shows a copy with them on top.
    fn refresh_shown(&mut self) {
        let Some(Link::Participant(mut p)) = self.link.take() else {
            return;
        };
        self.absorb_before(&mut p);
        let pending = p.outbox.borrow().pending_events();
        if pending.is_empty() {
            if let Some(host) = p.replica.hand_over() {
                self.clerk.replace_meeting(host);
            }
            p.pending_from = self.clerk.meeting().next_entry_id();
        } else {
            if p.replica.confirmed().is_none() {
                // The screen's meeting is exactly the host's: held apart from now on.
                let host = std::mem::replace(
                    self.clerk.host_copy(),
                    Meeting::new(p.replica.agenda().clone()),
                );
                p.replica.hold(host);
            }
            if let Some((shown, from)) = p.replica.shown(&pending) {
                p.pending_from = from;
                self.clerk.replace_meeting(shown);
            }
        }
        self.clerk
            .keep_before_changes(p.replica.confirmed().is_none());
        self.link = Some(Link::Participant(p));
        self.changes += 1;
        self.follow_current();
    }

    /// The host's meeting as it was before this participant's first change since the screen
    /// last showed the host's meeting alone: held by the replica, so that the host's events
    /// go to it and not under the pending change.
    fn absorb_before(&mut self, p: &mut Joined) {
        if let Some(before) = self.clerk.take_before() {
            p.replica.hold(before);
        }
    }

    /// The agenda's selection follows the current item when it moves.
    fn follow_current(&mut self) {
        let m = self.clerk.meeting();
        if let Some(c) = m.current() {
            self.agenda_selected = c;
        }
        self.agenda_selected = self.agenda_selected.min(m.items().len().saturating_sub(1));
    }

    /// `/share`, `/share qr ROLE`, `/share revoke ROLE`, `/share notes on|off`: the loop
    /// asks the host (`tui::carry_out`; revoking and the notes write the session's tokens
    /// file) and hands what came of it to [`App::share_changed`].
    pub(super) fn share(&mut self, ask: ShareAsk) {
        let Some(Link::Host(_)) = &self.link else {
            self.say_error(
                "This meeting is not shared: start it with `gavel run AGENDA --share` (or `gavel serve`)",
            );
            return;
        };
        self.effects.push(Effect::ChangeShare(ask));
    }

    /// What came of a `/share` the loop carried out (`Effect::ChangeShare`): the host's
    /// links and participants as they are now, or why the change failed.
    pub fn share_changed(&mut self, change: ShareAsk, result: std::io::Result<ShareFacts>) {
        match (change, result) {
            (ShareAsk::Links, Ok(facts)) => {
                self.overlay = Some(Overlay::Show {
                    title: "Shared session".into(),
                    body: share_body(&facts),
                });
            }
            (ShareAsk::Qr(role), Ok(facts)) => {
                let link = link_of(&facts, role);
                let body = format!("{}:\n{link}\n\n{}", role.name(), qr_text(&link));
                self.overlay = Some(Overlay::Show {
                    title: format!("{} link", role.name()),
                    body,
                });
            }
            (ShareAsk::Notes(true), Ok(_)) => {
                self.say("Attendees' pages now show the current item's public notes.")
            }
            (ShareAsk::Notes(false), Ok(_)) => {
                self.say("Attendees' pages no longer show the notes.")
            }
            (ShareAsk::Notes(_), Err(e)) => {
                self.say_error(&format!("Could not change the setting: {e}"))
            }
            (ShareAsk::Revoke(role), Ok(facts)) => {
                let link = link_of(&facts, role);
                self.say(&format!(
                    "The old {} link no longer works; the new one: {link}",
                    role.name()
                ));
            }
            (ShareAsk::Revoke(role), Err(e)) => {
                self.say_error(&format!("Could not revoke the {} link: {e}", role.name()))
            }
            (ShareAsk::Links | ShareAsk::Qr(_), Err(e)) => {
                self.say_error(&format!("The shared session cannot say: {e}"))
            }
        }
    }
}

fn link_of(facts: &ShareFacts, role: Role) -> String {
    facts
        .links
        .iter()
        .find(|(r, _)| *r == role)
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

fn share_body(facts: &ShareFacts) -> String {
    let mut body = String::new();
    for (role, link) in &facts.links {
        body.push_str(&format!("{}: {link}\n", role.name()));
    }
    body.push_str(&format!(
        "\nListening on {}. Attendees' pages {} the notes.",
        facts.addr,
        if facts.attendee_notes {
            "show"
        } else {
            "do not show"
        }
    ));
    if facts.participants.is_empty() {
        body.push_str(" Nobody has joined yet.");
    } else {
        body.push_str("\nJoined:");
        for (name, role) in &facts.participants {
            body.push_str(&participant_line(name, *role));
        }
    }
    body.push_str(
        "\n\nParticipants run: gavel join LINK; attendees and projectors open theirs in a browser\n\
         /share qr ROLE        the link as a QR code\n\
         /share revoke ROLE    a new link; who used the old one is dropped\n\
         /share notes on|off   attendees' pages show the current item's public notes",
    );
    body
}

/// One line of `/share`'s "Joined:" list.
fn participant_line(name: &str, role: Role) -> String {
    let name = crate::text::clean_line(name);
    match (name.trim().is_empty(), role) {
        (true, Role::Attendee) => "\n  attendee, not checked in".into(),
        // A projector's page says no name.
        (true, _) => format!("\n  {}, no name given", role.name()),
        (false, _) => format!("\n  {name} ({})", role.name()),
    }
}

/// A QR code of `text` drawn with half blocks, two rows of modules to a line.
pub fn qr_text(text: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return "(this link is too long for a QR code)".into();
    };
    let width = code.width();
    let colors = code.to_colors();
    let dark = |x: isize, y: isize| -> bool {
        x >= 0
            && y >= 0
            && (x as usize) < width
            && (y as usize) < width
            && colors[y as usize * width + x as usize] == qrcode::Color::Dark
    };
    // A quiet zone of two modules around the code, as scanners need.
    let mut out = String::new();
    let (lo, hi) = (-2isize, width as isize + 2);
    let mut y = lo;
    while y < hi {
        for x in lo..hi {
            // Light text on a dark terminal reads inverted: draw the light modules.
            out.push(match (!dark(x, y), !dark(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
        y += 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 25 (live tour): `/share` listed a checked-in attendee as " (attendee)".
    #[test]
    fn share_names_an_attendee_by_their_check_in_or_says_they_have_not() {
        assert_eq!(
            participant_line("Ingrid Solberg", Role::Attendee),
            "\n  Ingrid Solberg (attendee)"
        );
        assert_eq!(
            participant_line("", Role::Attendee),
            "\n  attendee, not checked in"
        );
        assert_eq!(
            participant_line("Sam Scribe", Role::Scribe),
            "\n  Sam Scribe (scribe)"
        );
        assert_eq!(
            participant_line("", Role::Viewer),
            "\n  viewer, no name given"
        );
    }
}
