//! The host of a shared session, as the thread that owns the meeting sees it: the server,
//! the sequencer and who is connected. The screen's loop (`gavel run --share`) and `gavel
//! serve` both call [`Host::pump`] whenever the wake-up descriptor is readable, and after
//! every change of their own.

use super::access::{Role, Tokens};
use super::protocol::{ToParticipant, PAGE_BYTES};
use super::sequencer::{for_role, Sender, Sequencer};
use super::server::{ConnId, Inbound, Limits, Server};
use super::view::View;
use crate::clerk::Clerk;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::path::PathBuf;

/// The most bytes of events a welcome carries to an older gavel, which takes no pages: a
/// longer catch-up is refused with a fatal error saying to update (it would otherwise
/// reconnect forever on a message too long).
/// (Bounded like the pages: forty hellos that never read must not hold a large welcome each.)
pub const LEGACY_WELCOME_BYTES: usize = 2 * 1024 * 1024;

/// By default a shared session listens on loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7707";

pub struct Host {
    server: Server,
    /// "http" or "https".
    scheme: &'static str,
    sequencer: Sequencer<ConnId>,
    senders: HashMap<ConnId, Sender>,
    agenda_text: String,
    tokens_path: PathBuf,
    links: Vec<(Role, String)>,
    limits: Limits,
    /// Attendees' pages that went away, and when: marked as left after a while.
    gone: HashMap<String, DateTime<Utc>>,
    /// The chair shares the current item's public notes with attendees' pages.
    attendee_notes: bool,
    /// The pages need a new view (one joined, a setting changed).
    views_due: bool,
    /// What participants were last told of the disk (issue 25, item 8).
    saving: SaveNews,
    /// Connections that said hello and are not caught up yet: sent their welcome and pages
    /// as their queues drain, a bounded amount per pump.
    catching_up: std::collections::BTreeMap<ConnId, CatchUp>,
    /// The connection catch-up resumes at in the next pump (each gets its turn).
    catch_up_turn: ConnId,
}

/// Where a connection's catch-up stands.
#[derive(Debug, Clone)]
struct CatchUp {
    /// The first event it is sent.
    begin: u64,
    /// The next event to send it (or to add to `legacy`).
    next: u64,
    /// Its welcome carries the agenda (the whole session).
    whole: bool,
    welcomed: bool,
    /// It takes pages; else (an older gavel) everything must fit in the welcome.
    paged: bool,
    /// An older gavel's welcome, built over as many pumps as it takes: its events so far.
    legacy: String,
}

/// The most bytes of catch-up built in one pump, for all connections together, and the
/// longest it may take (then the rest waits for the next pump, which the host asks for):
/// the chair's screen never waits long on participants catching up.
pub const CATCH_UP_BYTES_PER_PUMP: usize = 2 * 1024 * 1024;
/// About the most bytes of catch-up queued for all connections together (each is sent a
/// page only when its queue holds less than a page: see [`Host::page_bytes`]).
pub const CATCH_UP_QUEUED_BYTES: usize = 8 * 1024 * 1024;
/// The smallest page of catch-up, however many connections are catching up.
pub const MIN_PAGE_BYTES: usize = 64 * 1024;
pub const CATCH_UP_TIME_PER_PUMP: std::time::Duration = std::time::Duration::from_millis(10);

/// Tells when the host cannot save, how many changes wait, and when it saves again: the
/// news since it was last asked, with a changed count said at most once per `every`.
#[derive(Debug)]
pub struct SaveNews {
    /// The count last said, while the trouble lasts.
    told: Option<usize>,
    at: std::time::Instant,
    every: std::time::Duration,
}

impl SaveNews {
    pub fn new(every: std::time::Duration) -> SaveNews {
        SaveNews {
            told: None,
            at: std::time::Instant::now(),
            every,
        }
    }

    /// What to say now, if anything: the trouble when it starts (or its count changed,
    /// after `every`), or that it is over.
    pub fn news(&mut self, clerk: &Clerk) -> Option<String> {
        match (clerk.save_trouble(), self.told) {
            (Some(u), None) => {
                self.told = Some(u.pending);
                self.at = std::time::Instant::now();
                Some(cannot_save(&u))
            }
            (Some(u), Some(told)) if told != u.pending && self.at.elapsed() >= self.every => {
                self.told = Some(u.pending);
                self.at = std::time::Instant::now();
                Some(cannot_save(&u))
            }
            (None, Some(_)) => {
                self.told = None;
                Some(SAVES_AGAIN.to_string())
            }
            _ => None,
        }
    }

    /// The trouble as it was last said, while it lasts (for a participant who joins then).
    pub fn current(&self, clerk: &Clerk) -> Option<String> {
        self.told.and(clerk.save_trouble()).map(|u| cannot_save(&u))
    }
}

/// How what the host says while changes wait for its disk begins (a participant's screen
/// keeps it in its header).
pub const CANNOT_SAVE: &str = "the host cannot save:";

/// What the host says while changes wait for its disk.
pub fn cannot_save(u: &crate::clerk::Unsaved) -> String {
    format!(
        "{CANNOT_SAVE} {} — {} change{} waiting; nothing is acknowledged until it is on \
         disk",
        u.why(),
        u.pending,
        if u.pending == 1 { "" } else { "s" }
    )
}

/// What the host says once everything waiting is on disk.
pub const SAVES_AGAIN: &str = "the host saves again: every change is on disk";

impl Host {
    /// Starts serving the meeting in `clerk` (whose log holds the journal so far) on `addr`.
    /// The tokens are kept in `tokens_path` (0600) so that links survive a restart. With
    /// `tls`, the links are https:// and nothing is served in clear text.
    pub fn start(
        addr: &str,
        session: &str,
        tokens_path: PathBuf,
        agenda_text: String,
        clerk: &Clerk,
        tls: Option<std::sync::Arc<rustls::ServerConfig>>,
    ) -> io::Result<Host> {
        Host::start_with(
            addr,
            session,
            tokens_path,
            agenda_text,
            clerk,
            Limits::default(),
            tls,
        )
    }

    /// [`Host::start`] with other limits (tests use short ones).
    pub fn start_with(
        addr: &str,
        session: &str,
        tokens_path: PathBuf,
        agenda_text: String,
        clerk: &Clerk,
        limits: Limits,
        tls: Option<std::sync::Arc<rustls::ServerConfig>>,
    ) -> io::Result<Host> {
        let tokens = Tokens::load_or_create(&tokens_path)?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let server = Server::start(addr, tokens.clone(), limits, tls)?;
        let attendee_notes = tokens.attendee_notes;
        let links = links(&server, &tokens, scheme);
        Ok(Host {
            limits,
            gone: HashMap::new(),
            attendee_notes,
            views_due: false,
            saving: SaveNews::new(std::time::Duration::from_secs(1)),
            catching_up: std::collections::BTreeMap::new(),
            catch_up_turn: 0,
            scheme,
            sequencer: Sequencer::new(session, clerk),
            server,
            senders: HashMap::new(),
            agenda_text,
            tokens_path,
            links,
        })
    }

    /// One line per role, `ROLE: URL`.
    pub fn links(&self) -> &[(Role, String)] {
        &self.links
    }

    /// Set when the open-file limit lets fewer participants connect than the cap: what to
    /// tell the moderator.
    pub fn files_note(&self) -> Option<&str> {
        self.server.files_note.as_deref()
    }

    /// Whether the links are https://.
    pub fn tls(&self) -> bool {
        self.scheme == "https"
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        self.server.addr
    }

    /// Readable when participants said something: add it to the loop's `poll` set.
    pub fn wake_fd(&self) -> RawFd {
        self.server.wake.as_raw_fd()
    }

    /// How many participants are connected (welcomed or not).
    pub fn connected(&self) -> usize {
        self.server.hub.connected()
    }

    /// The names of the participants welcomed, with their roles. An attendee's page is
    /// named by whom it checked in as (empty while it has not checked in).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn participants(&self) -> Vec<(String, Role)> {
        let mut all: Vec<(String, Role)> = self
            .senders
            .values()
            .map(|s| {
                let name = match s.role {
                    Role::Attendee => self
                        .sequencer
                        .checked_in_as(&s.participant)
                        .unwrap_or_default()
                        .to_string(),
                    Role::Chair | Role::Scribe | Role::Viewer => s.name.clone(),
                };
                (name, s.role)
            })
            .collect();
        all.sort();
        all
    }

    /// Takes everything participants sent, then sends on what is on disk. True when the
    /// meeting changed.
    pub fn pump(&mut self, clerk: &mut Clerk, now: DateTime<Utc>) -> bool {
        super::wake::drain(&self.server.wake);
        let before = clerk.log().len();
        // A group commit: the commands that came together are written with one fsync, and
        // acknowledged once it is done (a failed write keeps them pending: said, and never
        // acknowledged, until the disk takes them).
        let ((), _) = clerk.grouped(|clerk| {
            while let Ok(message) = self.server.inbound.try_recv() {
                self.take(clerk, message, now);
            }
            self.mark_gone_attendees(clerk, now);
        });
        self.flush(clerk, now);
        self.catch_up(clerk);
        clerk.log().len() != before
    }

    /// Who pages claim to be among the people already marked present, waiting for the
    /// chair, oldest first ([`Sequencer::claims`]).
    pub fn claims(&self) -> Vec<String> {
        self.sequencer
            .claims()
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// No chair's screen here (`gavel serve`): a page's claim to someone already present is
    /// refused at once, with what to do instead ([`Sequencer::refuse_claims`]).
    pub fn without_a_chairs_screen(&mut self) {
        self.sequencer.refuse_claims();
    }

    /// The chair's answer to the page claiming to be `name` ([`Sequencer::answer_claim`]):
    /// the page hears a refusal at once; a confirmed check-in is sent on once on disk.
    pub fn answer_claim(
        &mut self,
        clerk: &mut Clerk,
        name: &str,
        confirm: bool,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        let answer = self.sequencer.answer_claim(clerk, name, confirm, now);
        if let Some((conn, message)) = &answer.tell {
            self.server.hub.send_to(*conn, message);
        }
        self.flush(clerk, now);
        answer.outcome
    }

    /// The bytes queued for all participants together (the messages being written not
    /// counted).
    pub fn queued_bytes(&self) -> usize {
        self.server.hub.queued_bytes()
    }

    /// How many connections are still being caught up.
    pub fn catching_up(&self) -> usize {
        self.catching_up.len()
    }

    /// The bytes of events in one page: [`PAGE_BYTES`], or less when a connection's queue is
    /// small, so that a page always fits beside what is queued; and less when many are
    /// catching up at once, so that together they hold at most about
    /// [`CATCH_UP_QUEUED_BYTES`] (forty hellos that never read must not hold a page each of
    /// the largest size), though never less than [`MIN_PAGE_BYTES`].
    fn page_bytes(&self) -> usize {
        let share = CATCH_UP_QUEUED_BYTES / self.catching_up.len().max(1);
        PAGE_BYTES
            .min(self.limits.queue_bytes / 4)
            .min(share.max(MIN_PAGE_BYTES))
            .max(1)
    }

    /// Sends welcomes and pages of catch-up to the connections waiting for them, while their
    /// queues have room (a connection that does not read gets no more than its queue holds:
    /// its writer wakes this thread when there is room again) and at most
    /// [`CATCH_UP_BYTES_PER_PUMP`] in all (then it wakes itself for another pump). A
    /// connection caught up is made live: it gets every later event as an `event`. Only
    /// events already sent on are sent, so the pages and the live events never overlap or
    /// leave a gap.
    fn catch_up(&mut self, clerk: &Clerk) {
        if self.catching_up.is_empty() {
            return;
        }
        let sent = self.sequencer.sent() as u64;
        let page = self.page_bytes();
        let legacy_limit = LEGACY_WELCOME_BYTES
            .min(self.limits.queue_bytes / 2)
            .max(page);
        let deadline = std::time::Instant::now() + CATCH_UP_TIME_PER_PUMP;
        let mut budget = CATCH_UP_BYTES_PER_PUMP;
        // Round robin: from the connection whose turn it is.
        let mut order: Vec<ConnId> = self
            .catching_up
            .range(self.catch_up_turn..)
            .map(|(c, _)| *c)
            .collect();
        order.extend(
            self.catching_up
                .range(..self.catch_up_turn)
                .map(|(c, _)| *c),
        );
        for conn in order {
            loop {
                if budget == 0 || std::time::Instant::now() >= deadline {
                    // The rest in the next pump, starting with this connection.
                    self.catch_up_turn = conn;
                    self.server.hub.wake();
                    return;
                }
                match self.catch_up_step(clerk, conn, sent, page, legacy_limit, deadline) {
                    Step::Sent(bytes) => budget = budget.saturating_sub(bytes),
                    Step::Wait => break,
                }
            }
        }
        self.catch_up_turn = 0;
    }

    /// One welcome or page for `conn` (or a part of an older gavel's welcome).
    fn catch_up_step(
        &mut self,
        clerk: &Clerk,
        conn: ConnId,
        sent: u64,
        page: usize,
        legacy_limit: usize,
        deadline: std::time::Instant,
    ) -> Step {
        let Some(who) = self.senders.get(&conn) else {
            self.catching_up.remove(&conn);
            return Step::Wait;
        };
        let Some(state) = self.catching_up.get_mut(&conn) else {
            return Step::Wait;
        };
        if !state.paged {
            // An older gavel: the whole catch-up in its welcome, or a fatal error.
            let room = legacy_limit.saturating_sub(state.legacy.len());
            let (events, count) = page_of(clerk, who.role, state.next, sent, room, deadline);
            let built = events.len();
            if !events.is_empty() {
                if !state.legacy.is_empty() {
                    state.legacy.push(',');
                }
                state.legacy.push_str(&events);
            }
            state.next += count;
            // (Each call adds at least one event: one that does not fit goes over.)
            if state.legacy.len() > legacy_limit {
                self.catching_up.remove(&conn);
                self.server.hub.close(
                    conn,
                    "this meeting's record is too long for this version of gavel to take in \
                     one message: update gavel (the same release as the host) to join it",
                    true,
                );
                return Step::Wait;
            }
            if state.next < sent {
                return Step::Sent(built.max(1));
            }
        } else {
            match self.server.hub.room(conn, page) {
                None => {
                    self.catching_up.remove(&conn);
                    return Step::Wait;
                }
                // Its writer wakes this thread when there is room.
                Some(false) => return Step::Wait,
                Some(true) => {}
            }
        }
        let Some(state) = self.catching_up.get_mut(&conn) else {
            return Step::Wait;
        };
        let (events, next) = if state.paged {
            let (events, count) = page_of(clerk, who.role, state.next, sent, page, deadline);
            (events, state.next + count)
        } else {
            (std::mem::take(&mut state.legacy), state.next)
        };
        let more = next < sent;
        let json = if state.welcomed {
            format!(
                r#"{{"type":"events","from":{},"events":[{events}],"more":{more}}}"#,
                state.next
            )
        } else {
            // An older gavel's welcome holds everything from where it began.
            let from = if state.paged { state.next } else { state.begin };
            let welcome = ToParticipant::Welcome {
                v: super::protocol::VERSION,
                role: who.role,
                session: self.sequencer.session().to_string(),
                agenda: state.whole.then(|| self.agenda_text.clone()),
                from,
                events: Vec::new(),
                last_seq: self.sequencer.welcome_last_seq(clerk, who),
                more,
            };
            with_events(welcome.to_json(), &events)
        };
        state.next = next;
        state.welcomed = true;
        let bytes = json.len();
        if !self.server.hub.send_json(conn, json) {
            self.catching_up.remove(&conn);
            return Step::Wait;
        }
        if more {
            return Step::Sent(bytes);
        }
        self.catching_up.remove(&conn);
        self.server.hub.make_live(conn, false);
        // Caught up: a host that cannot save says so now (after the welcome).
        self.tell_trouble(clerk, conn);
        Step::Wait
    }

    /// An attendee whose page has been gone for [`Limits::attendee_gone`] left the
    /// meeting: recorded as theirs, at the time the page went.
    fn mark_gone_attendees(&mut self, clerk: &mut Clerk, now: DateTime<Utc>) {
        let wait =
            chrono::Duration::from_std(self.limits.attendee_gone).unwrap_or(chrono::Duration::MAX);
        let back: Vec<String> = self
            .senders
            .values()
            .map(|s| s.participant.clone())
            .collect();
        self.gone.retain(|device, _| !back.contains(device));
        let due: Vec<(String, DateTime<Utc>)> = self
            .gone
            .iter()
            .filter(|(_, went)| now - **went >= wait)
            .map(|(d, w)| (d.clone(), *w))
            .collect();
        for (device, went) in due {
            self.gone.remove(&device);
            // A claim its page no longer waits on is not the chair's to answer.
            self.sequencer.withdraw_claim(&device);
            let Some(name) = self.sequencer.checked_in_as(&device).map(str::to_string) else {
                continue;
            };
            let present = clerk
                .meeting()
                .attendees()
                .iter()
                .any(|a| a.name == name && a.presence == crate::meeting::Presence::Present);
            if !present {
                continue;
            }
            let at = clerk
                .meeting()
                .last_at()
                .map_or(went, |last| went.max(last));
            let mut event = crate::meeting::Event::new(
                at,
                crate::meeting::EventKind::Attendance {
                    names: vec![name.clone()],
                    status: crate::meeting::Presence::Left,
                },
            );
            event.by = Some(crate::meeting::Author {
                participant: device,
                name,
                seq: 0,
                item: None,
                attendee: true,
            });
            let _ = clerk.record(event, crate::clerk::Origin::Here);
        }
    }

    fn take(&mut self, clerk: &mut Clerk, message: Inbound, now: DateTime<Utc>) {
        match message {
            Inbound::Hello {
                conn,
                role,
                participant,
                name,
                session,
                since,
                view,
                paged,
            } => {
                // Let go before its hello was read (its link revoked meanwhile): not served.
                if !self.server.hub.is_open(conn) {
                    return;
                }
                // Everything recorded before the welcome must go out first, so that the
                // welcome and the events after it never overlap or leave a gap. The pages'
                // views wait for the end of the pump: one view for all the pages that said
                // hello in it, not one to every page already there per hello (200 pages
                // connecting at once were sent 20,100 views; benches/share.rs). The changes
                // held for this pump's group commit go to disk first, to be sent before it.
                let _ = clerk.write_held();
                self.send_durable(clerk);
                let who = Sender {
                    participant,
                    name,
                    role,
                };
                if let Err(refusal) = self.sequencer.admit(&who, now) {
                    self.server.hub.close(conn, &refusal.reason, refusal.fatal);
                    return;
                }
                if view {
                    // A page: no events, its view of the meeting instead.
                    let welcome = ToParticipant::Welcome {
                        v: super::protocol::VERSION,
                        role,
                        session: self.sequencer.session().to_string(),
                        agenda: None,
                        from: 0,
                        events: Vec::new(),
                        last_seq: if role == Role::Viewer {
                            0
                        } else {
                            self.sequencer.last_seq(&who.participant)
                        },
                        more: false,
                    };
                    self.server.hub.send_to(conn, &welcome);
                    self.server.hub.make_live(conn, true);
                    self.tell_trouble(clerk, conn);
                    self.senders.insert(conn, who);
                    self.views_due = true;
                    return;
                }
                // The welcome and the pages after it go out in `catch_up`, as the
                // connection's queue drains; it is made live once caught up.
                let (from, whole) = self.sequencer.catch_up_from(session.as_deref(), since);
                self.catching_up.insert(
                    conn,
                    CatchUp {
                        begin: from,
                        next: from,
                        whole,
                        welcomed: false,
                        paged,
                        legacy: String::new(),
                    },
                );
                self.senders.insert(conn, who);
            }
            Inbound::Command { conn, seq, event } => {
                let Some(who) = self.senders.get(&conn) else {
                    return;
                };
                if !self.server.hub.is_open(conn) {
                    return;
                }
                if let Some(answer) = self.sequencer.command(clerk, conn, who, seq, event, now) {
                    self.server.hub.send_to(conn, &answer);
                }
            }
            Inbound::Gone { conn } => {
                if let Some(who) = self.senders.remove(&conn) {
                    let acts_for = self.sequencer.checked_in_as(&who.participant).is_some()
                        || self.sequencer.claims_as(&who.participant).is_some();
                    if who.role == Role::Attendee && acts_for {
                        self.gone.insert(who.participant, now);
                    }
                }
                self.sequencer.forget(conn);
                self.catching_up.remove(&conn);
            }
        }
    }

    /// Sends the acknowledgements and events that are on disk now, and the pages their new
    /// view (as of `now`) when anything changed.
    pub fn flush(&mut self, clerk: &Clerk, now: DateTime<Utc>) {
        self.send_durable(clerk);
        if self.views_due && self.server.hub.has_views() {
            self.send_views(clerk, now);
        }
        self.views_due = false;
    }

    /// Sends the acknowledgements and events that are on disk now; the pages' new view is
    /// left for [`Host::flush`].
    fn send_durable(&mut self, clerk: &Clerk) {
        // The disk first: "saves again" comes before the acknowledgements it allows.
        if let Some(news) = self.saving.news(clerk) {
            self.say_to_all(&news);
        }
        let out = self.sequencer.flush(clerk);
        for (conn, ack) in &out.acks {
            self.server.hub.send_to(*conn, ack);
        }
        for (n, event) in &out.events {
            let touched_private = clerk.touched_private(*n as usize);
            let full = for_role(event, Role::Chair, touched_private);
            let redacted = for_role(event, Role::Viewer, touched_private);
            self.server.hub.broadcast(*n, full, redacted);
        }
        if !out.events.is_empty() {
            self.views_due = true;
        }
    }

    /// Sends the pages their view of the meeting as of `now`.
    fn send_views(&self, clerk: &Clerk, now: DateTime<Utc>) {
        let view = View::of(clerk.meeting(), now, self.attendee_notes);
        let mut projector = view.clone();
        projector.notes = None;
        projector.attendee_link = self
            .links
            .iter()
            .find(|(r, _)| *r == Role::Attendee)
            .map(|(_, l)| l.clone());
        projector.qr = self
            .links
            .iter()
            .find(|(r, _)| *r == Role::Viewer)
            .and_then(|(_, l)| l.rsplit('/').next())
            .map(|token| format!("/qr/{token}.svg"));
        self.server.hub.send_views(
            &ToParticipant::View(Box::new(view)),
            &ToParticipant::View(Box::new(projector)),
        );
    }

    /// `/share notes on|off`: whether attendees' pages show the current item's public notes.
    pub fn share_notes(&mut self, on: bool) -> io::Result<()> {
        let mut tokens = Tokens::load_or_create(&self.tokens_path)?;
        tokens.attendee_notes = on;
        tokens.save(&self.tokens_path)?;
        self.attendee_notes = on;
        self.views_due = true;
        Ok(())
    }

    pub fn attendee_notes(&self) -> bool {
        self.attendee_notes
    }

    /// A new token for `role`: its connections close and its old link stops working.
    pub fn revoke(&mut self, role: Role) -> io::Result<()> {
        let tokens = self.server.revoke(role)?;
        tokens.save(&self.tokens_path)?;
        self.senders.retain(|_, s| s.role != role);
        self.links = links(&self.server, &tokens, self.scheme);
        Ok(())
    }

    /// A participant welcomed while changes wait for the disk is told so.
    fn tell_trouble(&self, clerk: &Clerk, conn: ConnId) {
        if let Some(trouble) = self.saving.current(clerk) {
            self.server.hub.send_to(
                conn,
                &ToParticipant::Error {
                    reason: trouble,
                    fatal: false,
                },
            );
        }
    }

    /// Tells every participant something (the host is stopping, its disk is full).
    pub fn say_to_all(&self, reason: &str) {
        for conn in self.senders.keys() {
            self.server.hub.send_to(
                *conn,
                &ToParticipant::Error {
                    reason: reason.into(),
                    fatal: false,
                },
            );
        }
    }
}

/// What one step of catch-up did.
enum Step {
    /// Sent (or built) this many bytes; the connection may take more.
    Sent(usize),
    /// Nothing more for this connection in this pump.
    Wait,
}

/// The events of a page for `role`, from `from` up to (not including) `until`, as JSON
/// objects joined by commas: at least one, and then as many as fit in `limit` bytes. Also
/// how many.
fn page_of(
    clerk: &Clerk,
    role: Role,
    from: u64,
    until: u64,
    limit: usize,
    deadline: std::time::Instant,
) -> (String, u64) {
    let log = clerk.log();
    let mut out = String::new();
    let mut n = from;
    while n < until {
        if n > from && std::time::Instant::now() >= deadline {
            break;
        }
        let Some(event) = log.get(n as usize) else {
            break;
        };
        let copy = for_role(event, role, clerk.touched_private(n as usize));
        // An event is plain data: it always encodes.
        let json = serde_json::to_string(&copy).unwrap_or_default();
        if !out.is_empty() && out.len() + 1 + json.len() > limit {
            break;
        }
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(&json);
        n += 1;
    }
    (out, n - from)
}

/// A welcome encoded with no events, with `events` (JSON objects joined by commas) put in
/// its `events` array. The array is the last one in the message: nothing after it is text
/// that could look like it.
fn with_events(mut welcome: String, events: &str) -> String {
    const EMPTY: &str = r#""events":[]"#;
    if let Some(at) = welcome.rfind(EMPTY) {
        welcome.insert_str(at + EMPTY.len() - 1, events);
    }
    welcome
}

/// The link of each role. A host listening on every address names itself by its host name.
fn links(server: &Server, tokens: &Tokens, scheme: &str) -> Vec<(Role, String)> {
    let addr = server.addr;
    let host = if addr.ip().is_unspecified() {
        format!("{}:{}", host_name(), addr.port())
    } else {
        addr.to_string()
    };
    Role::ALL
        .into_iter()
        .map(|role| (role, format!("{scheme}://{host}/join/{}", tokens.get(role))))
        .collect()
}

fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: `buf` is valid for its length; gethostname writes at most that many bytes.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    match std::str::from_utf8(&buf[..end]) {
        Ok(name) if ok && !name.is_empty() => name.to_string(),
        _ => "localhost".into(),
    }
}

/// What listening on `addr` without TLS exposes, when it is more than this machine: said
/// before serving.
pub fn exposure_warning(addr: std::net::SocketAddr, tls: bool) -> Option<String> {
    (!addr.ip().is_loopback() && !tls).then(|| {
        format!(
            "warning: listening on {addr} without TLS: anyone who can reach this address and \
             has a link can follow the meeting, and the links and everything said travel \
             unencrypted. Use --tls-cert/--tls-key, or keep the default loopback address \
             and reach it through `ssh -R` or a reverse proxy (README: Sharing a meeting)."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{SinkExt, StreamExt};
    use std::time::Duration;
    use tokio_tungstenite::tungstenite::Message;

    /// A host serving a meeting in memory with `limits`, and its attendee link's socket.
    fn serving(limits: Limits) -> (tempfile::TempDir, Clerk, Host, String) {
        let dir = tempfile::tempdir().unwrap();
        let mut clerk = Clerk::new(
            crate::meeting::tests_support::meeting(),
            Box::new(crate::recorder::MemoryRecorder::default()),
        );
        clerk.keep_log(Vec::new());
        let path = dir.path().join("share.json");
        let host = Host::start_with(
            "127.0.0.1:0",
            "s1",
            path,
            String::new(),
            &clerk,
            limits,
            None,
        )
        .unwrap();
        let link = host
            .links()
            .iter()
            .find(|(r, _)| *r == Role::Attendee)
            .map(|(_, l)| l.clone())
            .unwrap();
        let url = crate::share::client::socket_url(&link).unwrap();
        (dir, clerk, host, url)
    }

    type Page = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;

    /// `n` pages, each said hello as page/app.js does.
    async fn pages(url: &str, n: usize) -> Vec<Page> {
        let mut pages = Vec::new();
        for k in 0..n {
            let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
            let hello = format!(
                r#"{{"type":"hello","v":1,"participant":"page-{k}","name":"","since":0,"view":true}}"#
            );
            ws.send(Message::Text(hello.into())).await.unwrap();
            pages.push(ws);
        }
        pages
    }

    /// Pumps until `n` participants are welcomed; how many pumps welcomed someone.
    fn welcome(host: &mut Host, clerk: &mut Clerk, n: usize) -> usize {
        let (mut pumps, mut welcomed) = (0, 0);
        let start = std::time::Instant::now();
        while welcomed < n {
            assert!(start.elapsed() < Duration::from_secs(10), "never welcomed");
            std::thread::sleep(Duration::from_millis(100));
            host.pump(clerk, Utc::now());
            let now = host.participants().len();
            if now > welcomed {
                pumps += 1;
                welcomed = now;
            }
        }
        pumps
    }

    /// The texts of the messages a page reads until it has read nothing for `quiet`, each
    /// with when it was read.
    async fn read_until_quiet(ws: &mut Page, quiet: Duration) -> Vec<(String, std::time::Instant)> {
        let mut read = Vec::new();
        while let Ok(Some(Ok(m))) = tokio::time::timeout(quiet, ws.next()).await {
            if let Message::Text(t) = m {
                read.push((t.as_str().to_string(), std::time::Instant::now()));
            }
        }
        read
    }

    /// Pages that say hello in the same pump get one view each, not one per later hello.
    #[test]
    fn pages_joining_together_get_one_view_each() {
        let (_dir, mut clerk, mut host, url) = serving(Limits::default());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut pages = runtime.block_on(pages(&url, 3));
        let pumps = welcome(&mut host, &mut clerk, 3);
        let views: Vec<usize> = runtime.block_on(async {
            let mut views = Vec::new();
            for ws in &mut pages {
                let read = read_until_quiet(ws, Duration::from_millis(300)).await;
                let is_view = |(t, _): &(String, _)| t.starts_with(r#"{"type":"view","#);
                views.push(read.iter().filter(|r| is_view(r)).count());
            }
            views
        });
        assert!(
            views.iter().all(|&n| n >= 1 && n <= pumps),
            "views per page {views:?} in {pumps} pump(s)"
        );
    }

    /// Issue 30: a burst of views reaches a page as at most two, the first at once and the
    /// newest once the gap has passed, never one per change (with no gap: ten).
    #[test]
    fn a_burst_of_views_reaches_a_page_as_its_newest_after_the_gap() {
        let gap = Duration::from_secs(1);
        let limits = Limits {
            view_gap: gap,
            ..Limits::default()
        };
        let (_dir, mut clerk, mut host, url) = serving(limits);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut page = runtime.block_on(pages(&url, 1)).remove(0);
        welcome(&mut host, &mut clerk, 1);
        // The welcome and the view of the join, then quiet for longer than the gap.
        let joined = runtime.block_on(read_until_quiet(&mut page, 2 * gap));
        assert!(joined
            .iter()
            .any(|(t, _)| t.starts_with(r#"{"type":"welcome","#)));
        let view = |k: usize| ToParticipant::Error {
            reason: format!("view {k}"),
            fatal: false,
        };
        // Ten changes 20 ms apart: each would reach the page on its own without the gap.
        let burst = std::time::Instant::now();
        for k in 0..10 {
            host.server.hub.send_views(&view(k), &view(k));
            std::thread::sleep(Duration::from_millis(20));
        }
        let read = runtime.block_on(read_until_quiet(&mut page, 2 * gap));
        let texts: Vec<&str> = read.iter().map(|(t, _)| t.as_str()).collect();
        assert!(!read.is_empty() && read.len() <= 2, "{texts:?}");
        assert_eq!(read.last().map(|(t, _)| t.clone()), Some(view(9).to_json()));
        // The newest waited for the gap after the first (sent at the burst's start).
        if let [_, (_, newest)] = read.as_slice() {
            assert!(*newest >= burst + gap, "{texts:?}");
        }
    }
}
