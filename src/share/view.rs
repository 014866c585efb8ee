//! What a browser page is sent (issue 18): not the events (a page has no meeting engine)
//! but the state it shows, rebuilt after every change: the agenda and its clock, the roster,
//! the queue and, when the chair allows it, the current item's public notes. Private entries
//! are never in it. The page puts every text into the DOM as text.

use crate::meeting::{ItemStatus, Meeting, Phase, Presence, QueueKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub title: String,
    pub date: String,
    /// "not_started", "running" or "ended".
    pub phase: String,
    pub paused: bool,
    pub current: Option<usize>,
    pub items: Vec<ItemView>,
    /// The current item's `used` grows by the seconds since the view arrived.
    pub clock_running: bool,
    pub people: Vec<PersonView>,
    pub queue: Vec<QueuedView>,
    pub speaker: Option<QueuedView>,
    /// The current item's public notes, when the chair shares them with attendees.
    pub notes: Option<Vec<NoteView>>,
    /// For the projector: the attendee link and its QR code.
    pub attendee_link: Option<String>,
    pub qr: Option<String>,
    /// A recorded vote the chair opened to the room (`/rollvote room`), while it is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<VoteView>,
}

/// A recorded vote open to the room, as a page shows it: the motion, who may vote, and
/// the ballots cast so far (a vote by name is public).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteView {
    pub motion: String,
    pub voters: Vec<String>,
    /// (name, "yes" | "no" | "abstain"), in the order cast.
    pub ballots: Vec<(String, String)>,
}

impl VoteView {
    /// The vote open to the room in `meeting`, if there is one.
    fn of(meeting: &crate::meeting::Meeting) -> Option<VoteView> {
        let n = meeting.roll_vote()?;
        let motion = &meeting.motions()[n];
        if !motion.room {
            return None;
        }
        let item = meeting.motion_item(n)?;
        Some(VoteView {
            motion: motion.text.clone(),
            voters: meeting.voters(item).into_iter().map(String::from).collect(),
            ballots: motion
                .ballots
                .iter()
                .map(|(name, c)| (name.clone(), c.as_str().to_string()))
                .collect(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub title: String,
    pub presenter: Option<String>,
    pub timebox: i64,
    pub used: i64,
    /// "pending", "running", "done" or "deferred".
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub name: String,
    pub affiliation: Option<String>,
    pub present: bool,
    /// Checked in from a page.
    #[serde(rename = "self")]
    pub self_checked: bool,
    pub guest: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedView {
    pub name: String,
    /// "topic", "reply", "clarify" or "order" (absent for the speaker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub topic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteView {
    pub time: String,
    /// "note", "outcome" or "action".
    pub kind: String,
    pub text: String,
}

fn kind_word(kind: QueueKind) -> &'static str {
    match kind {
        QueueKind::Order => "order",
        QueueKind::Clarify => "clarify",
        QueueKind::Reply => "reply",
        QueueKind::Topic => "topic",
    }
}

impl View {
    /// The page's view of `meeting` at `now`. `notes`: the chair shares the current item's
    /// public notes.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn of(meeting: &Meeting, now: DateTime<Utc>, notes: bool) -> View {
        let phase = match meeting.phase() {
            Phase::NotStarted => "not_started",
            Phase::Running => "running",
            Phase::Ended => "ended",
        };
        let items = meeting
            .items()
            .iter()
            .enumerate()
            .map(|(i, item)| ItemView {
                title: item.title.clone(),
                presenter: item.presenter.clone(),
                timebox: item.timebox,
                used: item.used_at(now),
                status: match item.status {
                    _ if meeting.current() == Some(i) && meeting.phase() == Phase::Running => {
                        "running"
                    }
                    ItemStatus::Done => "done",
                    ItemStatus::Deferred => "deferred",
                    ItemStatus::Pending | ItemStatus::Running => "pending",
                }
                .into(),
            })
            .collect();
        let clock_running = meeting.phase() == Phase::Running
            && !meeting.is_paused()
            && meeting
                .current_item()
                .is_some_and(|i| i.running_since.is_some());
        let people = meeting
            .attendees()
            .iter()
            .map(|a| PersonView {
                name: a.name.clone(),
                affiliation: a.affiliation.clone(),
                present: a.presence == Presence::Present,
                self_checked: a.self_checked && a.presence == Presence::Present,
                guest: a.guest,
            })
            .collect();
        let queue = meeting
            .queue()
            .iter()
            .map(|q| QueuedView {
                name: q.name.clone(),
                kind: Some(kind_word(q.kind).into()),
                topic: q.topic.clone(),
            })
            .collect();
        let speaker = meeting.floor().map(|f| QueuedView {
            name: f.entry.name.clone(),
            kind: None,
            topic: f.entry.topic.clone(),
        });
        let notes = notes.then(|| {
            meeting
                .current_item()
                .map(|item| {
                    item.entries
                        .iter()
                        .filter(|e| !e.private)
                        .filter_map(|e| {
                            let (kind, text) = e.kind.on_page(meeting)?;
                            Some(NoteView {
                                time: meeting.clock(e.at),
                                kind: kind.into(),
                                text,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        let spec = &meeting.agenda().meeting;
        View {
            title: spec.title.clone(),
            date: spec.date.to_string(),
            phase: phase.into(),
            paused: meeting.is_paused(),
            current: meeting.current(),
            items,
            clock_running,
            people,
            queue,
            speaker,
            notes,
            attendee_link: None,
            qr: None,
            vote: VoteView::of(meeting),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{Event, EventKind};

    #[test]
    fn private_entries_never_reach_a_page_and_notes_only_when_shared() {
        let mut m = crate::meeting::tests_support::meeting();
        let t = crate::meeting::tests_support::t;
        m.apply(&Event::new(t(0), EventKind::Start)).unwrap();
        for (text, private) in [("public word", false), ("secret word", true)] {
            m.apply(&Event::new(
                t(1),
                EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
                    text: text.into(),
                    private,
                })),
            ))
            .unwrap();
        }
        let hidden = serde_json::to_string(&View::of(&m, t(2), false)).unwrap();
        assert!(!hidden.contains("word"), "{hidden}");
        let shared = serde_json::to_string(&View::of(&m, t(2), true)).unwrap();
        assert!(
            shared.contains("public word") && !shared.contains("secret"),
            "{shared}"
        );
        let v = View::of(&m, t(2), true);
        assert_eq!(v.phase, "running");
        assert!(v.clock_running);
        assert_eq!(v.items[0].status, "running");
        assert_eq!(v.items[0].used, 120);
    }

    /// Issue 28: a page sees a recorded vote only when the chair opened it to the room: the
    /// motion, who may vote, and the ballots so far; and nothing once it is closed.
    #[test]
    fn a_vote_open_to_the_room_reaches_the_pages() {
        use crate::meeting::{Capture, Choice, MotionStep, MotionText, Presence};
        let mut m = crate::meeting::tests_support::meeting();
        let t = crate::meeting::tests_support::t;
        let step = |min, s| Event::new(t(min), EventKind::Motion(s));
        for e in [
            Event::new(t(0), EventKind::Start),
            Event::new(
                t(0),
                EventKind::Attendance {
                    names: vec!["Ada Moreno".into(), "Ben Okafor".into()],
                    status: Presence::Present,
                },
            ),
            Event::new(
                t(1),
                EventKind::Capture(Capture::Motion(MotionText {
                    text: "Adopt the budget".into(),
                    mover: None,
                    seconder: None,
                })),
            ),
            step(1, MotionStep::RollVote),
        ] {
            m.apply(&e).unwrap();
        }
        assert_eq!(View::of(&m, t(1), false).vote, None, "the chair's own vote");
        let json = serde_json::to_string(&View::of(&m, t(1), false)).unwrap();
        assert!(
            !json.contains("\"vote\""),
            "no field when there is no vote: {json}"
        );
        m.apply(&step(2, MotionStep::CloseVote)).unwrap_err();
        m.apply(&step(
            2,
            MotionStep::Ballot {
                name: "Ada Moreno".into(),
                choice: Choice::Yes,
            },
        ))
        .unwrap();
        m.apply(&step(2, MotionStep::CloseVote)).unwrap();
        m.apply(&Event::new(
            t(3),
            EventKind::Capture(Capture::Motion(MotionText {
                text: "Publish it".into(),
                mover: None,
                seconder: None,
            })),
        ))
        .unwrap();
        m.apply(&step(3, MotionStep::RoomVote)).unwrap();
        m.apply(&step(
            4,
            MotionStep::Ballot {
                name: "Ben Okafor".into(),
                choice: Choice::No,
            },
        ))
        .unwrap();
        let vote = View::of(&m, t(4), false).vote.expect("open to the room");
        assert_eq!(vote.motion, "Publish it");
        assert_eq!(vote.voters, ["Ada Moreno", "Ben Okafor"]);
        assert_eq!(vote.ballots, [("Ben Okafor".to_string(), "no".to_string())]);
        m.apply(&step(5, MotionStep::CloseVote)).unwrap();
        assert_eq!(View::of(&m, t(5), false).vote, None);
    }
}
