//! Events: the only way a meeting changes. Each carries its own timestamp, so applying one
//! never reads a clock, and replaying a list of them rebuilds the same meeting.

use super::capture::{Capture, CaptureMut};
use super::motion::MotionStep;
use crate::agenda::Secs;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub kind: EventKind,
    /// Who sent it, in a shared session (absent for the moderator's own screen and in
    /// journals of meetings that were not shared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Author>,
}

impl Event {
    pub fn new(at: DateTime<Utc>, kind: EventKind) -> Event {
        Event { at, kind, by: None }
    }
}

/// The participant of a shared session who sent an event, as the host recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// The participant's own id: the same across their reconnects and restarts, so that a
    /// command sent twice is known by (participant, seq).
    pub participant: String,
    /// The name shown and written in the JSON minutes beside what they captured.
    pub name: String,
    /// The participant's sequence number of this command.
    pub seq: u64,
    /// The item the participant was looking at when they sent it: a note typed just as the
    /// chair moves on still lands there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    /// Sent from an attendee's own page (a check-in, a raised hand): the roster shows who
    /// checked in themselves.
    #[serde(default, skip_serializing_if = "is_false")]
    pub attendee: bool,
}

/// Item numbers in events are 0-based positions in the meeting's item list at the moment
/// the event applies; names are roster or guest names as resolved by the command parser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    Start,
    Next,
    Prev,
    Goto {
        item: usize,
    },
    Pause,
    Resume,
    Extend {
        secs: Secs,
    },
    Defer {
        item: usize,
    },
    AddItem {
        title: String,
        presenter: Option<String>,
        timebox: Secs,
    },
    End,
    Attendance {
        names: Vec<String>,
        status: Presence,
    },
    Guest {
        name: String,
        affiliation: Option<String>,
    },
    /// Several guests joined at once (`/guest A (Org), B (Org)`): all or none.
    Guests {
        guests: Vec<NewGuest>,
    },
    /// Attendance read from a call's participant report (`/attendance FILE`, once the
    /// moderator has seen the matches): each person's join and leave as the report gives
    /// them. Those times are usually well before the event's own (the report comes after
    /// the call); they are what the minutes show, while the quorum and the clocks move only
    /// at the event's own time. All or none.
    AttendanceReport {
        /// Which report, for the status line and the journal: "Zoom report participants.csv".
        source: String,
        people: Vec<Reported>,
    },
    Review {
        action: usize,
        status: ReviewStatus,
    },
    Recap {
        text: String,
    },
    NextMeeting {
        when: NaiveDateTime,
    },
    Queue {
        name: String,
        kind: QueueKind,
        topic: Option<String>,
    },
    Unqueue {
        name: String,
    },
    Speak,
    Rebalance {
        /// New time boxes: (item position, seconds).
        plan: Vec<(usize, Secs)>,
    },
    Correct {
        old: String,
        new: String,
        global: bool,
    },
    /// Replaces a captured entry (by id) with a note, outcome or action, keeping its time
    /// and place: an edit, or a conversion (an outcome into an action and back).
    ReplaceEntry {
        entry: u64,
        #[serde(with = "super::capture::edit_wire")]
        with: Capture,
    },
    DeleteEntry {
        entry: u64,
    },
    /// A new item after the current one that takes over the people still queued: the
    /// topic goes on later (or at the next meeting) and nobody's turn is dropped.
    FollowUp {
        title: String,
        timebox: Secs,
    },
    /// The minutes of the previous meeting are approved.
    ApprovePrevious,
    /// Moves the item at position `from` to position `to`.
    MoveItem {
        from: usize,
        to: usize,
    },
    Undo,
    /// A note, an outcome, an action, a link, a vote or a topic: its own `type` ("note",
    /// ...) and fields, as if each were a variant here.
    #[serde(untagged)]
    Capture(Capture),
    /// A step of the open motion, or a recusal (issue 28): its own `type` ("second",
    /// "ballot", ...) and fields, as if each were a variant here.
    #[serde(untagged)]
    Motion(MotionStep),
}

/// One guest of a `Guests` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewGuest {
    pub name: String,
    pub affiliation: Option<String>,
}

/// One person of an `AttendanceReport` event: a roster or guest name, and the call's own
/// times for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reported {
    pub name: String,
    /// The first join.
    pub joined: DateTime<Utc>,
    /// The last leave; None when they stayed to the end of the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<DateTime<Utc>>,
}

impl EventKind {
    /// The private-capable text of the capture this event writes, as itself or as an edit
    /// of an entry: what redaction and purging rewrite.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn capture_mut(&mut self) -> Option<CaptureMut<'_>> {
        use EventKind as K;
        match self {
            K::Capture(c) | K::ReplaceEntry { with: c, .. } => c.capture_mut(),
            K::Start
            | K::Next
            | K::Prev
            | K::Goto { .. }
            | K::Pause
            | K::Resume
            | K::Extend { .. }
            | K::Defer { .. }
            | K::AddItem { .. }
            | K::End
            | K::Attendance { .. }
            | K::Guest { .. }
            | K::Guests { .. }
            | K::AttendanceReport { .. }
            | K::Review { .. }
            | K::Recap { .. }
            | K::NextMeeting { .. }
            | K::Queue { .. }
            | K::Unqueue { .. }
            | K::Speak
            | K::Rebalance { .. }
            | K::Correct { .. }
            | K::DeleteEntry { .. }
            | K::MoveItem { .. }
            | K::FollowUp { .. }
            | K::ApprovePrevious
            | K::Motion(_)
            | K::Undo => None,
        }
    }

    /// The capture this event takes, if it takes one.
    pub fn into_capture(self) -> Option<Capture> {
        if let EventKind::Capture(c) = self {
            Some(c)
        } else {
            None
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Attendance as the moderator ticks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    /// Not ticked yet.
    Unknown,
    Present,
    Absent,
    Regrets,
    Left,
}

/// The review word for an action carried from an earlier meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    Done,
    Ongoing,
    Dropped,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Done => "done",
            ReviewStatus::Ongoing => "ongoing",
            ReviewStatus::Dropped => "dropped",
        }
    }
}

/// Why someone is in the speaker queue; the order of the variants is the queue's priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueueKind {
    /// A point of order jumps the queue.
    Order,
    /// A clarifying question goes before replies.
    Clarify,
    /// A reply to the current topic goes before new topics.
    Reply,
    /// A new topic waits at the end.
    Topic,
}

impl QueueKind {
    pub fn label(self) -> &'static str {
        match self {
            QueueKind::Order => "point of order",
            QueueKind::Clarify => "clarifying question",
            QueueKind::Reply => "reply",
            QueueKind::Topic => "new topic",
        }
    }
}

impl EventKind {
    /// Text from outside (a journal on disk, a participant of a shared session) is cleaned
    /// as the capture line cleans what is typed (controls and bidirectional overrides become
    /// U+FFFD, line breaks spaces). gavel itself never writes such characters there, so a journal
    /// it wrote reads back unchanged; a tampered one cannot carry an escape sequence into the
    /// screen, the Markdown or the JSON (where serde_json would keep it as `\u001b`).
    pub fn clean_text(&mut self) {
        use EventKind as K;
        fn clean(s: &mut String) {
            if s.chars().any(crate::text::is_unsafe) {
                *s = crate::text::clean_line(s);
            }
        }
        fn clean_opt(s: &mut Option<String>) {
            if let Some(s) = s {
                clean(s);
            }
        }
        match self {
            K::AddItem {
                title, presenter, ..
            } => {
                clean(title);
                clean_opt(presenter);
            }
            K::Attendance { names, .. } => names.iter_mut().for_each(clean),
            K::Guest { name, affiliation } => {
                clean(name);
                clean_opt(affiliation);
            }
            K::Guests { guests } => {
                for g in guests {
                    clean(&mut g.name);
                    clean_opt(&mut g.affiliation);
                }
            }
            K::AttendanceReport { source, people } => {
                clean(source);
                people.iter_mut().for_each(|p| clean(&mut p.name));
            }
            K::Recap { text } => clean(text),
            K::Capture(c) | K::ReplaceEntry { with: c, .. } => {
                c.texts_mut().into_iter().for_each(clean)
            }
            K::Queue { name, topic, .. } => {
                clean(name);
                clean_opt(topic);
            }
            K::Unqueue { name } => clean(name),
            K::Correct { old, new, .. } => {
                clean(old);
                clean(new);
            }
            K::FollowUp { title, .. } => clean(title),
            K::Motion(step) => step.texts_mut().into_iter().for_each(clean),
            K::Start
            | K::Next
            | K::Prev
            | K::Goto { .. }
            | K::Pause
            | K::Resume
            | K::Extend { .. }
            | K::Defer { .. }
            | K::End
            | K::Review { .. }
            | K::NextMeeting { .. }
            | K::Speak
            | K::Rebalance { .. }
            | K::DeleteEntry { .. }
            | K::MoveItem { .. }
            | K::ApprovePrevious
            | K::Undo => {}
        }
    }
}
