//! Events: the only way a meeting changes. Each carries its own timestamp, so applying one
//! never reads a clock, and replaying a list of them rebuilds the same meeting.

use crate::agenda::Secs;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
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
    /// A topic inside the current item: the entries after it, until the next topic, go
    /// under it.
    Topic {
        title: String,
    },
    Note {
        text: String,
        #[serde(default, skip_serializing_if = "is_false")]
        private: bool,
    },
    Outcome {
        text: String,
        #[serde(default, skip_serializing_if = "is_false")]
        private: bool,
    },
    Action {
        owners: Vec<String>,
        text: String,
        due: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "is_false")]
        private: bool,
    },
    Link {
        url: String,
        text: Option<String>,
    },
    Vote {
        #[serde(rename = "for")]
        yes: u32,
        against: u32,
        abstain: u32,
        text: Option<String>,
        /// Typed as `/vote!`: recorded even when more votes are cast than voting members are
        /// present (the minutes say so). Absent in a journal, it reads as true: a recorded
        /// vote was accepted when it was taken (older builds did not check the room), and a
        /// replay must never drop it.
        #[serde(default = "accepted_when_recorded")]
        more_than_present: bool,
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

/// What an edited entry becomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Capture {
    Note {
        text: String,
        #[serde(default)]
        private: bool,
    },
    Outcome {
        text: String,
        #[serde(default)]
        private: bool,
    },
    Action {
        owners: Vec<String>,
        text: String,
        due: Option<NaiveDate>,
        #[serde(default)]
        private: bool,
    },
}

/// Which capture an event writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureKind {
    Note,
    Outcome,
    Action,
}

/// The capture an event writes (a note, an outcome or an action, as itself or as an edit of
/// an entry), its text and owners open to change: what redaction and purging rewrite.
pub struct CaptureMut<'a> {
    pub kind: CaptureKind,
    pub text: &'a mut String,
    /// An action's owners.
    pub owners: Option<&'a mut Vec<String>>,
    pub private: bool,
}

impl EventKind {
    /// The capture this event writes, if it writes one. Every kind is named here, once, for
    /// every place that rewrites captured (or private) text.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn capture_mut(&mut self) -> Option<CaptureMut<'_>> {
        use EventKind as K;
        let capture = |kind, text, owners, private: &bool| CaptureMut {
            kind,
            text,
            owners,
            private: *private,
        };
        match self {
            K::Note { text, private }
            | K::ReplaceEntry {
                with: Capture::Note { text, private },
                ..
            } => Some(capture(CaptureKind::Note, text, None, private)),
            K::Outcome { text, private }
            | K::ReplaceEntry {
                with: Capture::Outcome { text, private },
                ..
            } => Some(capture(CaptureKind::Outcome, text, None, private)),
            K::Action {
                owners,
                text,
                private,
                ..
            }
            | K::ReplaceEntry {
                with:
                    Capture::Action {
                        owners,
                        text,
                        private,
                        ..
                    },
                ..
            } => Some(capture(CaptureKind::Action, text, Some(owners), private)),
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
            | K::Topic { .. }
            | K::Link { .. }
            | K::Vote { .. }
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
            | K::Undo => None,
        }
    }
}

impl Capture {
    /// What an entry can be edited into from an event of `kind`: a note, an outcome or an
    /// action (every kind is named, so a new one must say whether an edit may make it).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn from_kind(kind: EventKind) -> Option<Capture> {
        use EventKind as K;
        match kind {
            K::Note { text, private } => Some(Capture::Note { text, private }),
            K::Outcome { text, private } => Some(Capture::Outcome { text, private }),
            K::Action {
                owners,
                text,
                due,
                private,
            } => Some(Capture::Action {
                owners,
                text,
                due,
                private,
            }),
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
            | K::Topic { .. }
            | K::Link { .. }
            | K::Vote { .. }
            | K::Review { .. }
            | K::Recap { .. }
            | K::NextMeeting { .. }
            | K::Queue { .. }
            | K::Unqueue { .. }
            | K::Speak
            | K::Rebalance { .. }
            | K::Correct { .. }
            | K::ReplaceEntry { .. }
            | K::DeleteEntry { .. }
            | K::MoveItem { .. }
            | K::FollowUp { .. }
            | K::ApprovePrevious
            | K::Undo => None,
        }
    }
}

fn accepted_when_recorded() -> bool {
    true
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
            K::Topic { title } => clean(title),
            K::Note { text, .. } | K::Outcome { text, .. } | K::Recap { text } => clean(text),
            K::Action { owners, text, .. } => {
                owners.iter_mut().for_each(clean);
                clean(text);
            }
            K::Link { url, text } => {
                clean(url);
                clean_opt(text);
            }
            K::Vote { text, .. } => clean_opt(text),
            K::Queue { name, topic, .. } => {
                clean(name);
                clean_opt(topic);
            }
            K::Unqueue { name } => clean(name),
            K::Correct { old, new, .. } => {
                clean(old);
                clean(new);
            }
            K::ReplaceEntry { with, .. } => match with {
                Capture::Note { text, .. } | Capture::Outcome { text, .. } => clean(text),
                Capture::Action { owners, text, .. } => {
                    owners.iter_mut().for_each(clean);
                    clean(text);
                }
            },
            K::FollowUp { title, .. } => clean(title),
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
