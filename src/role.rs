//! The roles of a shared session (chair, scribe, viewer, attendee) and which events each may
//! send. Below the clerk, so that the host, the screen, a transcript and a participant's
//! seat all run the same check (`Clerk::record` takes the sender's role).

use crate::meeting::{EventKind, Presence};
use serde::{Deserialize, Serialize};

/// A participant's role, given by the link they joined with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything the moderator's own screen can do.
    Chair,
    /// Capture (notes, outcomes, actions, votes, links, attendance, the queue, corrections),
    /// never the clock.
    Scribe,
    /// Reads only; never sees private entries.
    Viewer,
    /// A person at the meeting, from the browser page: checks themselves in (or out) and
    /// raises or lowers their own hand, for the one name they checked in as.
    Attendee,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Chair, Role::Scribe, Role::Viewer, Role::Attendee];

    pub fn name(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::Scribe => "scribe",
            Role::Viewer => "viewer",
            Role::Attendee => "attendee",
        }
    }

    pub fn parse(word: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == word)
    }

    /// Whether this role may see private entries.
    pub fn sees_private(self) -> bool {
        matches!(self, Role::Chair | Role::Scribe)
    }

    /// Whether this role may send `kind`; the refusal says why.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn may_send(self, kind: &EventKind) -> Result<(), String> {
        match self {
            Role::Chair => Ok(()),
            Role::Viewer => {
                Err("a viewer's link is read only: ask the chair for a scribe link".into())
            }
            Role::Attendee => attendee_act(kind).map(|_| ()).ok_or_else(|| {
                "an attendee's page checks in, leaves, raises or lowers a hand, and votes when the \
                 chair opens a vote to the room; the rest is the chair's and the scribes'"
                    .into()
            }),
            Role::Scribe => match clock_word(kind) {
                Some(word) => Err(format!(
                    "{word} moves the meeting's clock, which is the chair's: a scribe captures \
                     notes, outcomes, actions, votes, links, attendance and the queue"
                )),
                None => Ok(()),
            },
        }
    }
}

/// What an attendee's page may ask, each for the one person it names: the only events an
/// attendee's link may send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendeeAct<'a> {
    /// Attendance "present" for one person, or a guest who joins.
    CheckIn(&'a str),
    /// Attendance "left" for one person.
    Leave(&'a str),
    /// Raising or lowering a hand.
    Hand(&'a str),
    /// A ballot in a recorded vote open to the room (issue 28).
    Ballot(&'a str),
}

impl<'a> AttendeeAct<'a> {
    /// The person it is for.
    pub fn name(self) -> &'a str {
        match self {
            AttendeeAct::CheckIn(name)
            | AttendeeAct::Leave(name)
            | AttendeeAct::Hand(name)
            | AttendeeAct::Ballot(name) => name,
        }
    }

    /// The person it checks in, when it is a check-in.
    pub fn check_in(self) -> Option<&'a str> {
        match self {
            AttendeeAct::CheckIn(name) => Some(name),
            AttendeeAct::Leave(_) | AttendeeAct::Hand(_) | AttendeeAct::Ballot(_) => None,
        }
    }
}

/// The attendee's act `kind` is, if an attendee's page may send it. Every kind is named (no
/// `_` arm): a new kind must be sorted here, or the build fails.
#[deny(clippy::wildcard_enum_match_arm)]
pub fn attendee_act(kind: &EventKind) -> Option<AttendeeAct<'_>> {
    use EventKind as K;
    match kind {
        K::Attendance { names, status } if names.len() == 1 => match status {
            Presence::Present => Some(AttendeeAct::CheckIn(&names[0])),
            Presence::Left => Some(AttendeeAct::Leave(&names[0])),
            Presence::Unknown | Presence::Absent | Presence::Regrets => None,
        },
        K::Guest { name, .. } => Some(AttendeeAct::CheckIn(name)),
        K::Queue { name, .. } | K::Unqueue { name } => Some(AttendeeAct::Hand(name)),
        K::Motion(step) => step.ballot_name().map(AttendeeAct::Ballot),
        K::Attendance { .. }
        | K::Start
        | K::Next
        | K::Prev
        | K::Goto { .. }
        | K::Pause
        | K::Resume
        | K::Extend { .. }
        | K::Defer { .. }
        | K::AddItem { .. }
        | K::End
        | K::Guests { .. }
        | K::AttendanceReport { .. }
        | K::Capture(_)
        | K::Review { .. }
        | K::Recap { .. }
        | K::NextMeeting { .. }
        | K::Speak
        | K::Rebalance { .. }
        | K::Correct { .. }
        | K::ReplaceEntry { .. }
        | K::DeleteEntry { .. }
        | K::FollowUp { .. }
        | K::ApprovePrevious
        | K::MoveItem { .. }
        | K::Undo => None,
    }
}

/// The command a clock event comes from, when `kind` is one: what a scribe may not send.
/// Every kind is named (no `_` arm): a new kind must be sorted here, or the build fails.
#[deny(clippy::wildcard_enum_match_arm)]
fn clock_word(kind: &EventKind) -> Option<&'static str> {
    use EventKind as K;
    Some(match kind {
        K::Start => "/start",
        K::Next => "/next",
        K::Prev => "/prev",
        K::Goto { .. } => "/goto",
        K::Pause => "/pause",
        K::Resume => "/resume",
        K::Extend { .. } => "/extend",
        K::Defer { .. } => "/defer",
        K::Rebalance { .. } => "/rebalance",
        K::End => "/end",
        K::MoveItem { .. } => "moving an item",
        K::AddItem { .. } | K::FollowUp { .. } => "adding an item",
        K::NextMeeting { .. } => "/nextmeeting",
        K::ApprovePrevious => "/approve",
        K::Attendance { .. }
        | K::Guest { .. }
        | K::Guests { .. }
        | K::AttendanceReport { .. }
        | K::Capture(_)
        | K::Review { .. }
        | K::Recap { .. }
        | K::Queue { .. }
        | K::Unqueue { .. }
        | K::Speak
        | K::Correct { .. }
        | K::ReplaceEntry { .. }
        | K::DeleteEntry { .. }
        | K::Motion(_)
        | K::Undo => return None,
    })
}

/// The longest name or affiliation a participant may send, and the longest queue topic.
pub const MAX_NAME_BYTES: usize = 200;
pub const MAX_TOPIC_BYTES: usize = 500;

/// Who sends an event from a shared session's participant: the role of the link they joined
/// with, their stable id and the name they gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub participant: String,
    pub name: String,
    pub role: Role,
}

/// Names, affiliations and queue topics from participants are short: a roster is read on a
/// phone, and every page gets it after every change.
#[deny(clippy::wildcard_enum_match_arm)]
pub fn names_fit(kind: &EventKind) -> Result<(), String> {
    let long = |s: &str, max: usize| s.len() > max;
    let name_too_long = match kind {
        EventKind::Attendance { names, .. } => names.iter().any(|n| long(n, MAX_NAME_BYTES)),
        EventKind::Guest { name, affiliation } => {
            long(name, MAX_NAME_BYTES)
                || affiliation
                    .as_deref()
                    .is_some_and(|a| long(a, MAX_NAME_BYTES))
        }
        EventKind::Guests { guests } => guests.iter().any(|g| {
            long(&g.name, MAX_NAME_BYTES)
                || g.affiliation
                    .as_deref()
                    .is_some_and(|a| long(a, MAX_NAME_BYTES))
        }),
        EventKind::Queue { name, topic, .. } => {
            if topic.as_deref().is_some_and(|t| long(t, MAX_TOPIC_BYTES)) {
                return Err(format!("a queue topic holds up to {MAX_TOPIC_BYTES} bytes"));
            }
            long(name, MAX_NAME_BYTES)
        }
        EventKind::Unqueue { name } => long(name, MAX_NAME_BYTES),
        EventKind::Motion(step) => step.names().iter().any(|n| long(n, MAX_NAME_BYTES)),
        // Entries and the rest: the entry limit (`Meeting::check_length`) is theirs.
        EventKind::AttendanceReport { .. }
        | EventKind::Capture(_)
        | EventKind::Review { .. }
        | EventKind::Recap { .. }
        | EventKind::Correct { .. }
        | EventKind::ReplaceEntry { .. }
        | EventKind::DeleteEntry { .. }
        | EventKind::AddItem { .. }
        | EventKind::FollowUp { .. }
        | EventKind::MoveItem { .. }
        | EventKind::NextMeeting { .. }
        | EventKind::ApprovePrevious
        | EventKind::Start
        | EventKind::Next
        | EventKind::Prev
        | EventKind::Goto { .. }
        | EventKind::Pause
        | EventKind::Resume
        | EventKind::Extend { .. }
        | EventKind::Defer { .. }
        | EventKind::Rebalance { .. }
        | EventKind::End
        | EventKind::Speak
        | EventKind::Undo => false,
    };
    if name_too_long {
        return Err(format!(
            "a name or affiliation holds up to {MAX_NAME_BYTES} bytes"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scribes_capture_but_never_move_the_clock() {
        assert!(Role::Scribe
            .may_send(&EventKind::Capture(crate::meeting::Capture::Note(
                crate::meeting::Note {
                    text: "x".into(),
                    private: false
                }
            )))
            .is_ok());
        let refused = Role::Scribe.may_send(&EventKind::Next).unwrap_err();
        assert!(refused.contains("/next"), "{refused}");
        assert!(Role::Viewer.may_send(&EventKind::Speak).is_err());
        assert!(Role::Chair.may_send(&EventKind::End).is_ok());
    }
}
