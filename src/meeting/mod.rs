//! The meeting: state built from an agenda by applying events, one at a time.
//!
//! [`Meeting::apply`] is the only place state changes. It is pure: no clock, no I/O. A refused
//! event returns [`Rejected`] with the reason and leaves the meeting exactly as it was.

mod capture;
mod event;
mod flow;
mod log;
use log::Logged;
mod motion;
mod names;
mod plan;
mod read;
mod record;
#[cfg(test)]
mod tests;

/// Fixtures shared by the unit tests of other modules.
#[cfg(test)]
pub(crate) mod tests_support {
    pub(crate) use super::tests::{agenda, t};

    pub(crate) fn meeting() -> super::Meeting {
        super::Meeting::new(agenda())
    }
}

pub use capture::{
    Action, Ballot, Capture, CaptureKind, CaptureMut, EntryKind, Kind, Link, Note, Outcome, Shown,
    Tone, Topic,
};
pub use event::{Author, Event, EventKind, NewGuest, Presence, QueueKind, Reported, ReviewStatus};
pub use motion::{
    outcome_words, Choice, DecidedBy, Motion, MotionEnd, MotionStep, MotionText, Recusal,
};
pub use names::{begins, filter_matches, fold, nearest, NameMatch};
pub use plan::rebalance_plan;
pub use record::{MAX_ENTRY_BYTES, MAX_VOTES};

use crate::agenda::{Agenda, ItemKind, Secs, VoteRule, MAX_DURATION_SECS};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Attendance taken within this many seconds after `/start` is the roll call: the quorum
/// "at the start" is judged after it, and nobody ticked in it counts as joining late.
pub const ROLL_CALL_SECS: Secs = 600;

/// Why an event was refused. The text is shown to the moderator as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected(pub String);

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Rejected {}

fn reject<T>(reason: impl Into<String>) -> Result<T, Rejected> {
    Err(Rejected(reason.into()))
}

/// How every refusal for a meeting not started yet begins (the clerk tells a participant,
/// who cannot start it, something else).
pub const NOT_STARTED: &str = "the meeting has not started";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    NotStarted,
    Running,
    Ended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    Pending,
    Running,
    Done,
    Deferred,
}

impl ItemStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Pending => "pending",
            ItemStatus::Running => "running",
            ItemStatus::Done => "done",
            ItemStatus::Deferred => "deferred",
        }
    }
}

/// One agenda item as the meeting goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub title: String,
    pub presenter: Option<String>,
    pub timebox: Secs,
    /// The time box the agenda planned, before any `/extend` or `/rebalance`.
    pub planned: Secs,
    pub kind: ItemKind,
    pub background: Option<String>,
    pub links: Vec<String>,
    pub fixed: bool,
    pub standing: bool,
    pub speaker_limit: Option<Secs>,
    /// Added during the meeting with `/add`.
    pub added: bool,
    pub status: ItemStatus,
    /// Seconds used while it was not running; see [`Item::used_at`].
    pub used: Secs,
    /// When the clock last started on this item (None while stopped).
    pub running_since: Option<DateTime<Utc>>,
    pub entries: Vec<Entry>,
    pub speakers: Vec<SpeakerTurn>,
    /// People still queued when the item closed.
    pub unheard: Vec<QueueEntry>,
    /// People moved here by `/followup`: they become the queue when the item opens.
    pub waiting: Vec<QueueEntry>,
    /// People recused from this item's vote (`/recuse`).
    pub recused: Vec<Recusal>,
}

impl Item {
    /// Seconds used on this item at instant `now`, pauses excluded.
    pub fn used_at(&self, now: DateTime<Utc>) -> Secs {
        self.used + since(self.running_since, now)
    }

    /// Covered today: it ran, or something was captured on it.
    pub fn was_covered(&self) -> bool {
        self.used > 0 || self.running_since.is_some() || !self.entries.is_empty()
    }
}

fn since(start: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Secs {
    start.map_or(0, |s| (now - s).num_seconds().max(0))
}

/// Something captured on an item, in the order it was captured.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Unique in this meeting, increasing: the most recent entry has the highest id.
    pub id: u64,
    pub at: DateTime<Utc>,
    pub private: bool,
    pub kind: EntryKind,
    /// Who captured it, in a shared session (the participant's name). Behind a thin
    /// pointer: most entries have none, and a long meeting holds a million entries (64 bytes
    /// each so, 80 with `Option<String>`).
    #[allow(clippy::box_collection)]
    pub by: Option<Box<String>>,
}

/// A vote and its result, decided when it was taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Vote {
    /// The vote as counted (and typed).
    pub ballot: Ballot,
    pub rule: VoteRule,
    pub result: VoteResult,
    /// Voting members present (alternates counted) when the vote was taken.
    pub present: u32,
    pub quorum: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteResult {
    Carried,
    Failed,
    /// Quorum was not met: the vote is recorded, but decides nothing.
    NoQuorum,
}

impl VoteResult {
    pub fn as_str(self) -> &'static str {
        match self {
            VoteResult::Carried => "carried",
            VoteResult::Failed => "failed",
            VoteResult::NoQuorum => "no quorum",
        }
    }
}

/// An action item captured in this meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionItem {
    pub owners: Vec<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub private: bool,
    /// The item it was captured on, if the meeting had one running.
    pub item: Option<usize>,
    pub at: DateTime<Utc>,
    /// Deleted, or turned into a note or outcome: kept so indices stay stable, never shown.
    pub removed: bool,
    /// Who captured it, in a shared session (the participant's name).
    pub by: Option<String>,
}

/// Someone on the roster, or a guest.
#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    pub name: String,
    pub affiliation: Option<String>,
    pub role: String,
    pub votes: bool,
    pub alternate_for: Option<String>,
    pub guest: bool,
    pub presence: Presence,
    pub joined_at: Option<DateTime<Utc>>,
    pub left_at: Option<DateTime<Utc>>,
    /// When the presence was last said: the time of the moderator's mark, or for a call's
    /// report the time the report's last word on them holds (their leave, else their join).
    /// A report changes the presence only when its word is the later one.
    pub marked_at: Option<DateTime<Utc>>,
    /// Checked in from their own page in a shared session (last said by them, not by the
    /// chair or a report).
    pub self_checked: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueueEntry {
    pub name: String,
    pub kind: QueueKind,
    pub topic: Option<String>,
    pub at: DateTime<Utc>,
}

/// Someone who had the floor on an item.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerTurn {
    pub name: String,
    pub kind: QueueKind,
    pub topic: Option<String>,
    /// Seconds spoken, pauses excluded.
    pub secs: Secs,
    /// Nobody ended the turn: the floor was still held when the item closed, and the turn
    /// was closed then (`secs` counts to the item's end).
    pub until_item_end: bool,
}

/// The person who has the floor now.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    pub entry: QueueEntry,
    pub used: Secs,
    pub running_since: Option<DateTime<Utc>>,
}

impl Floor {
    pub fn used_at(&self, now: DateTime<Utc>) -> Secs {
        self.used + since(self.running_since, now)
    }
}

/// The state of one meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    agenda: Agenda,
    phase: Phase,
    items: Vec<Item>,
    current: Option<usize>,
    attendees: Vec<Attendee>,
    actions: Vec<ActionItem>,
    /// Motions made in this meeting; an entry refers to each (`EntryKind::Motion`).
    motions: Vec<Motion>,
    /// The review word of each carried action, by its position in the agenda's `[[actions]]`.
    reviews: Vec<Option<ReviewStatus>>,
    recap: Option<String>,
    next_meeting: Option<NaiveDateTime>,
    started_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    paused_since: Option<DateTime<Utc>>,
    /// Seconds spent paused, not counting a pause still going on.
    paused_total: Secs,
    queue: Vec<QueueEntry>,
    floor: Option<Floor>,
    /// Timestamp of the last applied event.
    last_at: Option<DateTime<Utc>>,
    /// When quorum was met or lost, from the start: (instant, voting members present, met).
    quorum_changes: Vec<(DateTime<Utc>, u32, bool)>,
    /// When the meeting approved the previous meeting's minutes (`/approve`).
    approved_previous: Option<DateTime<Utc>>,
    /// Voting members present, alternates counted: kept up to date by `apply`, because the
    /// screen shows it on every frame and every vote needs it.
    present_voting: u32,
    /// The same count with the people checked in from their own pages but not yet confirmed
    /// (`count_present(true)`): kept with it, because the header shows the difference on
    /// every frame and counting it walks the roster into three sets.
    present_room: u32,
    /// The agenda's date and start time in its zone, as a moment: the header asks every
    /// second (for the planned end), and finding it in the zone's rules is not free. The
    /// agenda's `[meeting]` does not change once the meeting is made.
    scheduled: DateTime<Utc>,
    /// Events in effect, in order (undone ones removed): what a replay needs. Kept compact:
    /// see [`Logged`].
    effective: Vec<Logged>,
    /// How many events `effective` stands for.
    in_effect: usize,
    /// Entries a [`Logged::Captured`] event made and a later event changed or deleted: what
    /// they were when captured (time, kind, private), by entry id.
    originals: std::collections::BTreeMap<u64, (DateTime<Utc>, EntryKind, bool)>,
    next_entry_id: u64,
    /// Who sent the event being applied (set only inside `apply`): where its capture lands
    /// and whose name it carries.
    origin: Option<Author>,
}

impl Meeting {
    pub fn new(agenda: Agenda) -> Meeting {
        let items = agenda.items.iter().map(item_from_agenda).collect();
        let attendees = agenda
            .people
            .iter()
            .map(|p| Attendee {
                name: p.name.clone(),
                affiliation: p.affiliation.clone(),
                role: p.role.clone(),
                votes: p.votes,
                alternate_for: p.alternate_for.clone(),
                guest: p.guest,
                presence: Presence::Unknown,
                joined_at: None,
                left_at: None,
                marked_at: None,
                self_checked: false,
            })
            .collect();
        let reviews = vec![None; agenda.actions.len()];
        let spec = &agenda.meeting;
        let scheduled = spec.timezone.to_utc(spec.date.and_time(spec.start));
        Meeting {
            agenda,
            phase: Phase::NotStarted,
            items,
            current: None,
            attendees,
            actions: Vec::new(),
            motions: Vec::new(),
            reviews,
            recap: None,
            next_meeting: None,
            started_at: None,
            ended_at: None,
            paused_since: None,
            paused_total: 0,
            queue: Vec::new(),
            floor: None,
            last_at: None,
            quorum_changes: Vec::new(),
            approved_previous: None,
            present_voting: 0,
            present_room: 0,
            scheduled,
            effective: Vec::new(),
            in_effect: 0,
            originals: std::collections::BTreeMap::new(),
            next_entry_id: 1,
            origin: None,
        }
    }

    /// Rebuilds a meeting by applying `events` in order; refused events are skipped and
    /// returned with their position.
    pub fn replay(agenda: Agenda, events: &[Event]) -> (Meeting, Vec<(usize, Rejected)>) {
        let mut meeting = Meeting::new(agenda);
        let mut refused = Vec::new();
        for (i, e) in events.iter().enumerate() {
            if let Err(r) = meeting.apply(e) {
                refused.push((i, r));
            }
        }
        (meeting, refused)
    }

    /// Time only moves forward: an event before the last one is refused.
    fn check_time(&self, at: DateTime<Utc>) -> Result<(), Rejected> {
        match self.last_at {
            Some(last) if at < last => reject(format!(
                "time goes backwards: {} is before the previous entry at {}",
                self.clock(at),
                self.clock(last)
            )),
            _ => Ok(()),
        }
    }

    /// Applies one event. On `Err` nothing has changed.
    pub fn apply(&mut self, event: &Event) -> Result<(), Rejected> {
        self.check_time(event.at)?;
        if event.kind == EventKind::Undo {
            return self.undo(event.at);
        }
        // `change` checks everything before it mutates anything, so a refusal leaves the
        // meeting untouched without the cost of a copy (a property test holds it to that).
        self.origin.clone_from(&event.by);
        let first_id = self.next_entry_id;
        let changed = self.change(event);
        self.origin = None;
        changed?;
        if matches!(
            event.kind,
            EventKind::Start
                | EventKind::Attendance { .. }
                | EventKind::Guest { .. }
                | EventKind::Guests { .. }
                | EventKind::AttendanceReport { .. }
        ) {
            self.present_voting = self.count_present(false);
            // Counted again only when someone's presence rests on their own check-in.
            let self_checked = self
                .attendees
                .iter()
                .any(|a| a.self_checked && a.presence == Presence::Present);
            self.present_room = if self_checked {
                self.count_present(true)
            } else {
                self.present_voting
            };
            self.note_quorum(event.at);
        }
        self.last_at = Some(event.at);
        self.log(event, first_id);
        Ok(())
    }

    /// Records a change of quorum while the meeting runs (and its state at the start).
    /// Attendance taken in the roll call (see [`ROLL_CALL_SECS`]) is the state at the start,
    /// not a change: starting the clock first and calling the roll second is the usual order.
    fn note_quorum(&mut self, at: DateTime<Utc>) {
        let (Some(met), Phase::Running) = (self.quorum_met(), self.phase) else {
            return;
        };
        let present = self.quorum_count();
        // Once the quorum is met at the start, later arrivals in the roll call do not rewrite
        // how many were there when it was met: the record says what was true then.
        let met_at_start = self.quorum_changes.first().is_some_and(|c| c.2);
        if self.quorum_changes.len() <= 1 && self.in_roll_call(at) && !met_at_start {
            let start = self.started_at.unwrap_or(at);
            self.quorum_changes = vec![(start, present, met)];
        } else if self.quorum_changes.last().is_none_or(|c| c.2 != met) {
            self.quorum_changes.push((at, present, met));
        }
    }

    /// Whether `at` falls in the roll call: the first [`ROLL_CALL_SECS`] after `/start`.
    pub fn in_roll_call(&self, at: DateTime<Utc>) -> bool {
        self.started_at
            .is_some_and(|s| (at - s).num_seconds() <= ROLL_CALL_SECS)
    }

    /// Joined after the roll call: a late arrival worth a time in the minutes.
    pub fn joined_late(&self, a: &Attendee) -> bool {
        a.joined_at
            .is_some_and(|j| self.started_at.is_some() && !self.in_roll_call(j))
    }

    /// Attendance was taken: someone on the roster was marked present at some point.
    pub fn attendance_taken(&self) -> bool {
        self.attendees
            .iter()
            .any(|a| !a.guest && a.joined_at.is_some())
    }

    // ---- state changes: only reached through `apply` ----

    fn change(&mut self, event: &Event) -> Result<(), Rejected> {
        let at = event.at;
        match &event.kind {
            EventKind::Start => self.start(at),
            EventKind::Next => self.next_item(at),
            EventKind::Prev => self.previous_item(at),
            EventKind::Goto { item } => self.go_to(*item, at),
            EventKind::Pause => self.pause(at),
            EventKind::Resume => self.resume(at),
            EventKind::Extend { secs } => self.extend_current(*secs),
            EventKind::Defer { item } => self.defer(*item, at),
            EventKind::AddItem {
                title,
                presenter,
                timebox,
            } => self.add_item(title, presenter.clone(), *timebox),
            EventKind::End => self.end(at),
            EventKind::Attendance { names, status } => self.attendance(names, *status, at),
            EventKind::Guest { name, affiliation } => self.guest(name, affiliation.clone(), at),
            EventKind::Guests { guests } => self.guests(guests, at),
            EventKind::AttendanceReport { people, .. } => self.attendance_report(people, at),
            EventKind::Capture(capture) => self.take(capture.clone(), at),
            EventKind::Review { action, status } => self.review(*action, *status),
            EventKind::Recap { text } => self.set_recap(text),
            EventKind::NextMeeting { when } => self.set_next_meeting(*when),
            EventKind::Queue { name, kind, topic } => self.enqueue(name, *kind, topic, at),
            EventKind::Unqueue { name } => self.unqueue(name),
            EventKind::Speak => self.speak(at),
            EventKind::Rebalance { plan } => self.rebalance(plan),
            EventKind::Correct { old, new, global } => self.correct(old, new, *global),
            EventKind::ReplaceEntry { entry, with } => self.replace_entry(*entry, with),
            EventKind::DeleteEntry { entry } => self.delete_entry(*entry),
            EventKind::MoveItem { from, to } => self.move_item(*from, *to),
            EventKind::FollowUp { title, timebox } => self.follow_up(title, *timebox),
            EventKind::ApprovePrevious => self.approve_previous(event.at),
            EventKind::Motion(step) => self.motion_step(step, at),
            EventKind::Undo => reject("undo is handled by apply"),
        }
    }
}

/// Whether a vote carries under `rule`, given the voting members present.
pub fn vote_carries(rule: VoteRule, yes: u32, against: u32, present: u32) -> bool {
    match rule {
        VoteRule::Majority => yes > against,
        VoteRule::TwoThirds => {
            yes > 0 && 3 * u64::from(yes) >= 2 * (u64::from(yes) + u64::from(against))
        }
        VoteRule::MajorityOfPresent => 2 * u64::from(yes) > u64::from(present),
        VoteRule::Consensus => against == 0 && yes > 0,
    }
}

fn item_from_agenda(a: &crate::agenda::AgendaItem) -> Item {
    Item {
        title: a.title.clone(),
        presenter: a.presenter.clone(),
        timebox: a.timebox,
        planned: a.timebox,
        kind: a.kind,
        background: a.background.clone(),
        links: a.links.clone(),
        fixed: a.fixed,
        standing: a.standing,
        speaker_limit: a.speaker_limit,
        added: false,
        status: ItemStatus::Pending,
        used: 0,
        running_since: None,
        entries: Vec::new(),
        speakers: Vec::new(),
        unheard: Vec::new(),
        waiting: Vec::new(),
        recused: Vec::new(),
    }
}
