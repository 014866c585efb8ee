//! The recorded vote on the screen (issue 28): one key opens it on the open motion, the
//! cursor walks the voting members present (an alternate in place of an absent member), one
//! key casts each ballot (or recuses, skips, steps back) and one key closes it. Every key
//! that changes the meeting writes the same event as the typed command (`/rollvote`,
//! `/ballot NAME yes`, `/recuse NAME`, `/closevote`), through the clerk.

use super::*;
use crate::meeting::{Choice, MotionStep};

/// A recorded vote being walked on this screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VoteWalk {
    /// Who is called, in the roster's order: the voters when the walk started.
    names: Vec<String>,
    /// The member the cursor is on (an index into `names`); past the last one when
    /// everyone has been called.
    at: usize,
    /// Each step taken, for stepping back: the member, and the event cast there (None for
    /// a skip).
    steps: Vec<(usize, Option<Event>)>,
}

impl VoteWalk {
    /// The members called, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The member the cursor is on: an index into `names`.
    pub fn at(&self) -> usize {
        self.at
    }
}

impl App {
    /// The recorded vote being walked, if any.
    pub fn vote_walk(&self) -> Option<&VoteWalk> {
        self.vote.as_ref()
    }

    /// The key: opens a recorded vote on the open motion (unless one is open already) and
    /// starts the walk at the first member without a ballot.
    pub(super) fn start_vote(&mut self, now: DateTime<Utc>) {
        if self.clerk.meeting().roll_vote().is_some() {
            self.walk_vote();
        } else {
            // Recorded, the vote starts its walk (`App::recorded`), as a typed `/rollvote`.
            self.apply_kind(EventKind::Motion(MotionStep::RollVote), now);
        }
    }

    /// Starts walking the recorded vote open in the meeting (after `/rollvote` too).
    pub(super) fn walk_vote(&mut self) {
        let m = self.clerk.meeting();
        let Some(motion) = m.roll_vote() else {
            return;
        };
        let Some(item) = m.motion_item(motion) else {
            return;
        };
        let cast = &m.motions()[motion].ballots;
        let mut names: Vec<String> = m.voters(item).into_iter().map(String::from).collect();
        // A ballot already cast by someone who no longer qualifies is still shown.
        for (n, _) in cast {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        let at = names
            .iter()
            .position(|n| !cast.iter().any(|(c, _)| c == n))
            .unwrap_or(names.len());
        self.roll = None;
        self.focus = Focus::Agenda;
        self.vote = Some(VoteWalk {
            names,
            at,
            steps: Vec::new(),
        });
        self.say_vote("Recorded vote");
    }

    /// One key on the member called: a ballot, a recusal (`None` choice with `recuse`), or a
    /// skip; then the next member.
    pub(super) fn vote_step(&mut self, choice: Option<Choice>, recuse: bool, now: DateTime<Utc>) {
        if self.clerk.meeting().roll_vote().is_none() {
            // Closed or undone since the walk started.
            self.vote = None;
            self.say_error("no recorded vote is open: V opens one on the open motion");
            return;
        }
        let Some((at, name)) = self
            .vote
            .as_ref()
            .and_then(|w| Some((w.at, w.names.get(w.at)?.clone())))
        else {
            let close = self.keymap.key(Action::VoteClose, Context::Vote);
            self.say(&format!(
                "Everyone has been called: {close} closes the vote."
            ));
            return;
        };
        let step = match (choice, recuse) {
            (Some(choice), _) => Some(MotionStep::Ballot {
                name: name.clone(),
                choice,
            }),
            (None, true) => Some(MotionStep::Recuse {
                name: name.clone(),
                reason: None,
            }),
            (None, false) => None,
        };
        let event = step.map(|s| Event::new(now, EventKind::Motion(s)));
        if let Some(e) = &event {
            if !self.apply(e.clone()) {
                return;
            }
        }
        if let Some(walk) = &mut self.vote {
            walk.steps.push((at, event));
            walk.at = at + 1;
        }
        let done = match (choice, recuse) {
            (Some(c), _) => c.as_str(),
            (None, true) => "recused",
            (None, false) => "skipped",
        };
        self.say_vote(&format!("{name}: {done}"));
    }

    /// Steps back one member; a recusal made there is undone when it is still the last
    /// change (a ballot stays until another key replaces it: ballots change freely).
    pub(super) fn vote_back(&mut self, now: DateTime<Utc>) {
        let Some((at, event)) = self.vote.as_mut().and_then(|w| w.steps.pop()) else {
            self.say_error("the vote is at its first member");
            return;
        };
        let recusal = matches!(
            &event,
            Some(Event {
                kind: EventKind::Motion(MotionStep::Recuse { .. }),
                ..
            })
        );
        if recusal && self.clerk.meeting().last_event() == event {
            self.apply_kind(EventKind::Undo, now);
        }
        if let Some(walk) = &mut self.vote {
            walk.at = at;
        }
        let name = self.vote.as_ref().and_then(|w| w.names.get(at).cloned());
        self.say_vote(&format!("Back to {}", name.unwrap_or_default()));
    }

    /// Tallies the vote: the motion is decided by the agenda's rule and the quorum now.
    pub(super) fn close_vote(&mut self, now: DateTime<Utc>) {
        let motion = self.clerk.meeting().roll_vote();
        if self.apply_kind(EventKind::Motion(MotionStep::CloseVote), now) {
            self.vote = None;
            let m = self.clerk.meeting();
            let line = motion.map(|n| m.motion_line(n)).unwrap_or_default();
            self.say(&format!("Vote closed: {line}"));
        }
    }

    /// Leaves the walk; the vote stays open.
    pub(super) fn leave_vote(&mut self) {
        self.vote = None;
        let key = self.keymap.key(Action::StartVote, Context::Agenda);
        self.say(&format!(
            "The vote stays open: {key} goes back to it, /closevote tallies it."
        ));
    }

    /// The walk's line: what was just done, who is next, the tally.
    fn say_vote(&mut self, done: &str) {
        let Some(walk) = &self.vote else {
            return;
        };
        let m = self.clerk.meeting();
        let tally = m
            .roll_vote()
            .map(|n| m.motions()[n].tally())
            .unwrap_or_default();
        let [y, n, a] = tally;
        let total = walk.names.len();
        let text = match walk.names.get(walk.at) {
            Some(next) => format!(
                "{done} · {}/{total}: {next}? · {y} yes, {n} no, {a} abstain",
                walk.at + 1
            ),
            None => format!(
                "{done} · everyone called: {y} yes, {n} no, {a} abstain. {} closes the vote.",
                self.keymap.key(Action::VoteClose, Context::Vote)
            ),
        };
        self.say(&text);
    }
}
