//! Motions as committees record them (issue 28): moved and seconded, amended or withdrawn,
//! decided by unanimous consent, by counts (`/vote`) or by a recorded vote, one ballot a
//! voting member; and recusals from an item's vote.
//!
//! A motion is an entry on its item that refers to the meeting's list of motions, as an
//! action does: the motion changes after it is made (seconded, amended, voted on) while its
//! entry keeps its place. Each step is an event ([`MotionStep`]) applied here, through
//! [`Meeting::apply`] like every other change.

use super::*;
use serde::{Deserialize, Serialize};

/// What `/motion` captures: the motion's text and who moved and seconded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MotionText {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mover: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconder: Option<String>,
}

/// One member's ballot in a recorded vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

impl Choice {
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::No => "no",
            Choice::Abstain => "abstain",
        }
    }

    /// Reads "yes", "aye", "for", "no", "nay", "against", "abstain", in any case.
    pub fn parse(word: &str) -> Option<Choice> {
        match word.to_lowercase().as_str() {
            "yes" | "y" | "aye" | "yea" | "for" => Some(Choice::Yes),
            "no" | "n" | "nay" | "against" => Some(Choice::No),
            "abstain" | "abstains" | "abstention" | "a" => Some(Choice::Abstain),
            _ => None,
        }
    }
}

/// A step in the life of the open motion, or a recusal: each is its own event, with its
/// own `type` in the journal ("second", "amend", ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MotionStep {
    /// `/second NAME`.
    Second { name: String },
    /// `/amend TEXT`: the open motion now reads TEXT.
    Amend { text: String },
    /// `/withdraw`: the mover takes the open motion back.
    Withdraw,
    /// `/consent`: carried by unanimous consent ("hearing no objection").
    Consent,
    /// `/recuse NAME [reason]`: out of the current item's vote and its base.
    Recuse {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// `/rollvote`: a recorded vote opens on the open motion.
    RollVote,
    /// `/rollvote room`: the same, and each voting member checked in from their own page
    /// (the chair having confirmed the check-in) votes there too.
    RoomVote,
    /// `/ballot NAME yes|no|abstain`: one member's vote, changeable until closed.
    Ballot { name: String, choice: Choice },
    /// `/closevote`: the recorded vote is tallied and decides the motion.
    CloseVote,
}

impl MotionStep {
    /// Its texts, each with what a refusal calls it: what the entry limit bounds.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn texts(&self) -> Vec<(&'static str, &str)> {
        match self {
            MotionStep::Second { name } | MotionStep::Ballot { name, .. } => {
                vec![("the name", name)]
            }
            MotionStep::Amend { text } => vec![("the motion", text)],
            MotionStep::Recuse { name, reason } => [("the name", Some(name.as_str()))]
                .into_iter()
                .chain([("the reason", reason.as_deref())])
                .filter_map(|(w, t)| Some((w, t?)))
                .collect(),
            MotionStep::Withdraw
            | MotionStep::Consent
            | MotionStep::RollVote
            | MotionStep::RoomVote
            | MotionStep::CloseVote => Vec::new(),
        }
    }

    /// Its texts, to clean.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        match self {
            MotionStep::Second { name } | MotionStep::Ballot { name, .. } => vec![name],
            MotionStep::Amend { text } => vec![text],
            MotionStep::Recuse { name, reason } => [name].into_iter().chain(reason).collect(),
            MotionStep::Withdraw
            | MotionStep::Consent
            | MotionStep::RollVote
            | MotionStep::RoomVote
            | MotionStep::CloseVote => Vec::new(),
        }
    }

    /// The command line that takes it (transcripts, the rescue file).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn command_line(&self) -> String {
        match self {
            MotionStep::Second { name } => format!("/second {name}"),
            MotionStep::Amend { text } => format!("/amend {text}"),
            MotionStep::Withdraw => "/withdraw".into(),
            MotionStep::Consent => "/consent".into(),
            MotionStep::Recuse { name, reason } => match reason {
                Some(r) => format!("/recuse {name} {r}"),
                None => format!("/recuse {name}"),
            },
            MotionStep::RollVote => "/rollvote".into(),
            MotionStep::RoomVote => "/rollvote room".into(),
            MotionStep::Ballot { name, choice } => format!("/ballot {name} {}", choice.as_str()),
            MotionStep::CloseVote => "/closevote".into(),
        }
    }

    /// A few words for the status line, once it is recorded.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn describe(&self) -> &'static str {
        match self {
            MotionStep::Second { .. } => "the seconder",
            MotionStep::Amend { .. } => "the amendment",
            MotionStep::Withdraw => "the withdrawal",
            MotionStep::Consent => "the decision by consent",
            MotionStep::Recuse { .. } => "the recusal",
            MotionStep::RollVote => "the opening of the vote",
            MotionStep::RoomVote => "the opening of the vote to the room",
            MotionStep::Ballot { .. } => "the ballot",
            MotionStep::CloseVote => "the result of the vote",
        }
    }

    /// The member a ballot is for: what an attendee's page may send, for its own name.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn ballot_name(&self) -> Option<&str> {
        match self {
            MotionStep::Ballot { name, .. } => Some(name),
            MotionStep::Second { .. }
            | MotionStep::Amend { .. }
            | MotionStep::Withdraw
            | MotionStep::Consent
            | MotionStep::Recuse { .. }
            | MotionStep::RollVote
            | MotionStep::RoomVote
            | MotionStep::CloseVote => None,
        }
    }

    /// The names it carries (what a participant's names are bounded by).
    pub fn names(&self) -> Vec<&str> {
        match self {
            MotionStep::Second { name }
            | MotionStep::Ballot { name, .. }
            | MotionStep::Recuse { name, .. } => vec![name],
            MotionStep::Amend { .. }
            | MotionStep::Withdraw
            | MotionStep::Consent
            | MotionStep::RollVote
            | MotionStep::RoomVote
            | MotionStep::CloseVote => Vec::new(),
        }
    }
}

/// A motion made in this meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Motion {
    /// The text as it stands (amended, if it was).
    pub text: String,
    pub mover: Option<String>,
    pub seconder: Option<String>,
    pub at: DateTime<Utc>,
    /// The earlier wordings, oldest first, each replaced by an `/amend`.
    pub amended_from: Vec<String>,
    /// A recorded vote's ballots, in the order cast (a changed ballot keeps its place).
    pub ballots: Vec<(String, Choice)>,
    /// A recorded vote is open on it.
    pub voting: bool,
    /// The recorded vote is open to the attendees' pages too (`/rollvote room`).
    pub room: bool,
    /// How it ended; None while it is open.
    pub end: Option<MotionEnd>,
    /// Deleted: kept so indices stay stable, never shown.
    pub removed: bool,
    /// Who captured it, in a shared session.
    pub by: Option<String>,
}

impl Motion {
    pub fn is_open(&self) -> bool {
        self.end.is_none() && !self.removed
    }

    /// How many ballots of each choice: [yes, no, abstain].
    pub fn tally(&self) -> [u32; 3] {
        let mut t = [0u32; 3];
        for (_, c) in &self.ballots {
            t[match c {
                Choice::Yes => 0,
                Choice::No => 1,
                Choice::Abstain => 2,
            }] += 1;
        }
        t
    }
}

/// How a motion ended, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct MotionEnd {
    pub at: DateTime<Utc>,
    pub how: DecidedBy,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DecidedBy {
    /// Withdrawn by its mover: nothing decided.
    Withdrawn,
    /// Unanimous consent: the result is carried, or no quorum.
    Consent(Vote),
    /// Counted with `/vote`: the vote entry `entry` holds it.
    Counts { entry: u64, vote: Vote },
    /// A recorded vote: the motion's ballots, tallied.
    Recorded(Vote),
}

impl DecidedBy {
    /// The vote that decided it (None for a withdrawal).
    pub fn vote(&self) -> Option<&Vote> {
        match self {
            DecidedBy::Withdrawn => None,
            DecidedBy::Consent(v) | DecidedBy::Counts { vote: v, .. } | DecidedBy::Recorded(v) => {
                Some(v)
            }
        }
    }

    /// "unanimous consent", "counted vote", "recorded vote", "withdrawn".
    pub fn as_str(&self) -> &'static str {
        match self {
            DecidedBy::Withdrawn => "withdrawn",
            DecidedBy::Consent(_) => "unanimous consent",
            DecidedBy::Counts { .. } => "counted vote",
            DecidedBy::Recorded(_) => "recorded vote",
        }
    }
}

/// Someone left out of an item's vote and its base.
#[derive(Debug, Clone, PartialEq)]
pub struct Recusal {
    pub name: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

const NO_OPEN_MOTION: &str =
    "no motion is open on this item: /motion TEXT [moved by NAME] [seconded by NAME]";

impl Meeting {
    /// The motions made in this meeting, in order (removed ones included: see
    /// [`Motion::removed`]).
    pub fn motions(&self) -> &[Motion] {
        &self.motions
    }

    /// The item a motion is on (its entry's item).
    pub fn motion_item(&self, motion: usize) -> Option<usize> {
        self.items.iter().position(|item| {
            item.entries
                .iter()
                .any(|e| e.kind == EntryKind::Motion(motion))
        })
    }

    /// The open motion on item `item`, if there is one.
    pub fn open_motion_on(&self, item: usize) -> Option<usize> {
        self.items.get(item)?.entries.iter().rev().find_map(|e| {
            if let EntryKind::Motion(m) = e.kind {
                self.motions
                    .get(m)
                    .is_some_and(Motion::is_open)
                    .then_some(m)
            } else {
                None
            }
        })
    }

    /// The motion a recorded vote is open on, anywhere in the meeting (one at a time).
    pub fn roll_vote(&self) -> Option<usize> {
        self.motions.iter().position(|m| m.voting && m.is_open())
    }

    /// The people recused from item `item`'s vote.
    pub fn recused(&self, item: usize) -> &[Recusal] {
        self.items.get(item).map_or(&[], |i| &i.recused)
    }

    fn is_recused(&self, item: usize, name: &str) -> bool {
        self.recused(item).iter().any(|r| r.name == name)
    }

    /// Whether `name` may cast a ballot on item `item` now, and why not.
    pub fn may_vote(&self, item: usize, name: &str) -> Result<(), Rejected> {
        self.votes_here(name)?;
        if self.is_recused(item, name) {
            return reject(format!("{name} is recused from this item"));
        }
        Ok(())
    }

    /// Whether `name` is a voting member present now (or an alternate for an absent one),
    /// recusals aside.
    fn votes_here(&self, name: &str) -> Result<(), Rejected> {
        let Some(a) = self.attendees.iter().find(|a| a.name == name) else {
            return reject(format!(
                "{name} is not on the roster: only voting members vote"
            ));
        };
        if a.guest {
            return reject(format!("{name} is a guest: only voting members vote"));
        }
        // An alternate votes in place of an absent voting member (what quorum counts too,
        // whatever the alternate's own `votes`).
        let principal = a.alternate_for.as_deref().and_then(|p| {
            self.attendees
                .iter()
                .find(|m| m.name == p && m.votes && !m.guest && m.alternate_for.is_none())
        });
        if !a.votes && principal.is_none() {
            return reject(format!("{name} is not a voting member"));
        }
        if a.presence != Presence::Present {
            return reject(format!(
                "{name} is not marked present ({}): /present {name} first",
                presence_word(a.presence)
            ));
        }
        if let Some(p) = principal {
            if !self.agenda.meeting.alternates_count {
                return reject(format!(
                    "{name} is an alternate, and alternates do not vote in this meeting"
                ));
            }
            if p.presence == Presence::Present {
                return reject(format!(
                    "{name} is {}'s alternate, and {} is present and votes",
                    p.name, p.name
                ));
            }
        }
        Ok(())
    }

    /// Who may vote on item `item` now, in the roster's order: the voting members present,
    /// an alternate in place of an absent member, the recused left out.
    pub fn voters(&self, item: usize) -> Vec<&str> {
        self.attendees
            .iter()
            .filter(|a| self.may_vote(item, &a.name).is_ok())
            .map(|a| a.name.as_str())
            .collect()
    }

    /// How many of the voting members present are recused from item `item`: they are out
    /// of its vote's base.
    pub(super) fn recused_present(&self, item: usize) -> u32 {
        let count = self
            .recused(item)
            .iter()
            .filter(|r| self.votes_here(&r.name).is_ok())
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// A vote's result under the agenda's rule and the quorum now, on item `item`.
    pub(super) fn decide(&self, item: usize, [yes, against, abstain]: [u32; 3]) -> Vote {
        let present = self.quorum_count();
        let base = present.saturating_sub(self.recused_present(item));
        let quorum = self.agenda.meeting.quorum;
        let rule = self.agenda.meeting.vote_rule;
        let result = if quorum.is_some_and(|q| present < q) {
            VoteResult::NoQuorum
        } else if vote_carries(rule, yes, against, base) {
            VoteResult::Carried
        } else {
            VoteResult::Failed
        };
        Vote {
            ballot: Ballot {
                yes,
                against,
                abstain,
                text: None,
                more_than_present: false,
            },
            rule,
            result,
            present,
            quorum,
        }
    }

    /// `/motion`: a new motion on the current item, open until decided.
    pub(super) fn make_motion(&mut self, m: MotionText, at: DateTime<Utc>) -> Result<(), Rejected> {
        if m.text.trim().is_empty() {
            return reject(
                "a motion needs its text: /motion TEXT [moved by NAME] [seconded by NAME]",
            );
        }
        let item = self.item_for_capture("a motion")?;
        if let Some(open) = self.open_motion_on(item) {
            return reject(format!(
                "a motion is still open here (\"{}\"): /consent, /vote, /rollvote or /withdraw it first",
                short(&self.motions[open].text)
            ));
        }
        if m.mover.is_some() && m.mover == m.seconder {
            return reject("the mover cannot second their own motion");
        }
        let index = self.motions.len();
        self.capture(at, false, EntryKind::Motion(index), "a motion")?;
        self.motions.push(Motion {
            text: m.text,
            mover: m.mover,
            seconder: m.seconder,
            at,
            amended_from: Vec::new(),
            ballots: Vec::new(),
            voting: false,
            room: false,
            end: None,
            removed: false,
            by: self.origin.as_ref().map(|o| o.name.clone()),
        });
        Ok(())
    }

    /// The open motion on the item a step is for (the sender's, else the current one).
    fn open_motion(&self, what: &str) -> Result<(usize, usize), Rejected> {
        let item = self.item_for_capture(what)?;
        let m = self
            .open_motion_on(item)
            .ok_or_else(|| Rejected(NO_OPEN_MOTION.into()))?;
        Ok((item, m))
    }

    /// Refuses a step that a recorded vote in progress on motion `m` would make unfair.
    fn not_voting(&self, m: usize, what: &str) -> Result<(), Rejected> {
        if self.motions[m].voting {
            reject(format!(
                "a recorded vote is open on this motion: /closevote before {what}"
            ))
        } else {
            Ok(())
        }
    }

    /// Applies a step of the open motion, or a recusal.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub(super) fn motion_step(
        &mut self,
        step: &MotionStep,
        at: DateTime<Utc>,
    ) -> Result<(), Rejected> {
        match step {
            MotionStep::Second { name } => {
                let (_, m) = self.open_motion("a seconder")?;
                let motion = &self.motions[m];
                if motion.mover.as_deref() == Some(name) {
                    return reject(format!("{name} moved it: the seconder is someone else"));
                }
                if let Some(s) = &motion.seconder {
                    return reject(format!("the motion is already seconded by {s}"));
                }
                self.motions[m].seconder = Some(name.clone());
            }
            MotionStep::Amend { text } => {
                let (_, m) = self.open_motion("an amendment")?;
                self.not_voting(m, "amending it")?;
                if text.trim().is_empty() {
                    return reject("an amendment needs the motion's new text: /amend TEXT");
                }
                if self.motions[m].text == *text {
                    return reject("the motion already reads so: nothing to amend");
                }
                let motion = &mut self.motions[m];
                let old = std::mem::replace(&mut motion.text, text.clone());
                motion.amended_from.push(old);
            }
            MotionStep::Withdraw => {
                let (_, m) = self.open_motion("a withdrawal")?;
                self.not_voting(m, "withdrawing it")?;
                self.end_motion(m, at, DecidedBy::Withdrawn);
            }
            MotionStep::Consent => {
                let (item, m) = self.open_motion("a decision")?;
                self.not_voting(m, "deciding it by consent")?;
                let mut vote = self.decide(item, [0, 0, 0]);
                if vote.result == VoteResult::Failed {
                    vote.result = VoteResult::Carried;
                }
                self.end_motion(m, at, DecidedBy::Consent(vote));
            }
            MotionStep::Recuse { name, reason } => self.recuse(name, reason, at)?,
            MotionStep::RollVote | MotionStep::RoomVote => {
                let (item, m) = self.open_motion("a recorded vote")?;
                if let Some(other) = self.roll_vote() {
                    return reject(format!(
                        "a recorded vote is already open (on \"{}\"): /closevote first",
                        short(&self.motions[other].text)
                    ));
                }
                if self.voters(item).is_empty() {
                    return reject(
                        "nobody who votes is marked present: take the roll first (/roll)",
                    );
                }
                self.motions[m].voting = true;
                self.motions[m].room = *step == MotionStep::RoomVote;
            }
            MotionStep::Ballot { name, choice } => {
                let m = self.roll_vote().ok_or_else(|| {
                    Rejected(
                        "no recorded vote is open: /rollvote opens one on the open motion".into(),
                    )
                })?;
                let item = self
                    .motion_item(m)
                    .ok_or_else(|| Rejected("the motion being voted on is gone".into()))?;
                self.may_vote(item, name)?;
                self.check_room_ballot(m, name)?;
                let ballots = &mut self.motions[m].ballots;
                match ballots.iter_mut().find(|(n, _)| n == name) {
                    Some(b) => b.1 = *choice,
                    None => ballots.push((name.clone(), *choice)),
                }
            }
            MotionStep::CloseVote => {
                let m = self.roll_vote().ok_or_else(|| {
                    Rejected("no recorded vote is open: /rollvote opens one".into())
                })?;
                if self.motions[m].ballots.is_empty() {
                    return reject(
                        "no ballot yet: /ballot NAME yes|no|abstain (or /withdraw after closing)",
                    );
                }
                let item = self
                    .motion_item(m)
                    .ok_or_else(|| Rejected("the motion being voted on is gone".into()))?;
                let vote = self.decide(item, self.motions[m].tally());
                self.motions[m].voting = false;
                self.end_motion(m, at, DecidedBy::Recorded(vote));
            }
        }
        Ok(())
    }

    /// A ballot sent from an attendee's page (the sequencer has checked that the page
    /// checked in as `name`) counts only when the vote is open to the room and the chair
    /// has confirmed that check-in.
    fn check_room_ballot(&self, m: usize, name: &str) -> Result<(), Rejected> {
        if !self.origin.as_ref().is_some_and(|o| o.attendee) {
            return Ok(());
        }
        if !self.motions[m].room {
            return reject("this vote is taken by the chair: ask to be called");
        }
        if self
            .attendees
            .iter()
            .any(|a| a.name == name && a.self_checked)
        {
            return reject(format!(
                "{name}'s check-in from this page waits for the chair's confirmation: ask the chair"
            ));
        }
        Ok(())
    }

    fn end_motion(&mut self, m: usize, at: DateTime<Utc>, how: DecidedBy) {
        self.motions[m].end = Some(MotionEnd { at, how });
    }

    /// `/recuse NAME [reason]` on the current item: out of its vote (a ballot already cast
    /// there is taken back) and out of its base.
    fn recuse(
        &mut self,
        name: &str,
        reason: &Option<String>,
        at: DateTime<Utc>,
    ) -> Result<(), Rejected> {
        let item = self.item_for_capture("a recusal")?;
        if !self.attendees.iter().any(|a| a.name == name) {
            return reject(format!("{name} is not on the roster or guest list"));
        }
        if self.is_recused(item, name) {
            return reject(format!("{name} is already recused from this item"));
        }
        if let Some(m) = self
            .roll_vote()
            .filter(|&m| self.motion_item(m) == Some(item))
        {
            self.motions[m].ballots.retain(|(n, _)| n != name);
        }
        self.items[item].recused.push(Recusal {
            name: name.to_string(),
            reason: reason.clone().filter(|r| !r.trim().is_empty()),
            at,
        });
        Ok(())
    }

    /// A vote counted with `/vote` decides the open motion of its item, if there is one.
    /// Refused while a recorded vote is open there.
    pub(super) fn check_counted_vote(&self, item: usize) -> Result<Option<usize>, Rejected> {
        match self.open_motion_on(item) {
            Some(m) => {
                self.not_voting(m, "counting a vote")?;
                Ok(Some(m))
            }
            None => Ok(None),
        }
    }

    /// The vote entry `entry` (just taken) decided motion `m`.
    pub(super) fn counted(&mut self, m: usize, entry: u64, vote: Vote, at: DateTime<Utc>) {
        self.end_motion(m, at, DecidedBy::Counts { entry, vote });
    }

    /// Entry `entry` is deleted: a motion it made is removed, one it decided opens again.
    pub(super) fn entry_gone(&mut self, kind: &EntryKind, entry: u64) {
        if let EntryKind::Motion(m) = kind {
            if let Some(motion) = self.motions.get_mut(*m) {
                motion.removed = true;
                motion.voting = false;
            }
        }
        for motion in &mut self.motions {
            if matches!(&motion.end, Some(MotionEnd { how: DecidedBy::Counts { entry: e, .. }, .. }) if *e == entry)
            {
                motion.end = None;
            }
        }
    }
}

impl Meeting {
    /// A motion on one line, for the screen and the attendee page: "Adopt the charter
    /// (moved by A, seconded by B): carried by unanimous consent".
    pub fn motion_line(&self, m: usize) -> String {
        let Some(motion) = self.motions.get(m) else {
            return String::new();
        };
        let mut who = Vec::new();
        if let Some(n) = &motion.mover {
            who.push(format!("moved by {n}"));
        }
        if let Some(n) = &motion.seconder {
            who.push(format!("seconded by {n}"));
        }
        let who = if who.is_empty() {
            String::new()
        } else {
            format!(" ({})", who.join(", "))
        };
        let amended = if motion.amended_from.is_empty() {
            ""
        } else {
            " [amended]"
        };
        let state = match &motion.end {
            None if motion.voting => {
                let [y, n, a] = motion.tally();
                format!("voting: {y} yes, {n} no, {a} abstain")
            }
            None => "open".into(),
            Some(end) => outcome_words(&end.how),
        };
        format!("{}{amended}{who}: {state}", motion.text)
    }
}

/// How a motion ended, in words: "carried by unanimous consent", "failed, 3-5-1
/// (recorded vote)", "withdrawn", "no quorum: ... ".
pub fn outcome_words(how: &DecidedBy) -> String {
    let Some(vote) = how.vote() else {
        return "withdrawn".into();
    };
    let counts = match how {
        DecidedBy::Consent(_) | DecidedBy::Withdrawn => String::new(),
        DecidedBy::Counts { .. } | DecidedBy::Recorded(_) => {
            format!(
                ", {}-{}-{}",
                vote.ballot.yes, vote.ballot.against, vote.ballot.abstain
            )
        }
    };
    match vote.result {
        VoteResult::NoQuorum => format!(
            "taken by {}{counts} without quorum ({} present, {} needed)",
            how.as_str(),
            vote.present,
            vote.quorum.unwrap_or(0)
        ),
        VoteResult::Carried | VoteResult::Failed => {
            format!("{} by {}{counts}", vote.result.as_str(), how.as_str())
        }
    }
}

/// A motion's text cut for a refusal on the status line.
fn short(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn presence_word(p: Presence) -> &'static str {
    match p {
        Presence::Unknown => "not marked",
        Presence::Present => "present",
        Presence::Absent => "absent",
        Presence::Regrets => "sent regrets",
        Presence::Left => "left",
    }
}

#[cfg(test)]
mod tests;
