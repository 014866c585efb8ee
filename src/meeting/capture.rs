//! A capture: what a note, an outcome, an action, a link, a vote or a topic says, as one
//! unit. The event that takes it holds it (`EventKind::Capture`), and so does an edit
//! (`EventKind::ReplaceEntry`). Everything every place needs to know of a kind is a method
//! here, each naming every kind, so a new kind is a compile error at each place that must
//! decide and nowhere else.

use super::motion::MotionText;
use super::{reject, Meeting, Rejected, Vote, MAX_ENTRY_BYTES};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One of the kinds a capture can be. Serialised inside an event with the event's own
/// `type` tag ("note", "outcome", ...), its fields beside `at` and `by`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Capture {
    /// A topic inside the current item: the entries after it, until the next topic, go
    /// under it.
    Topic(Topic),
    Note(Note),
    Outcome(Outcome),
    Action(Action),
    Link(Link),
    Vote(Ballot),
    /// A motion (issue 28): its entry refers to the meeting's list of motions.
    Motion(MotionText),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub private: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub private: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub owners: Vec<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub private: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub url: String,
    pub text: Option<String>,
}

/// A vote as counted: the meeting decides its result when it applies it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ballot {
    #[serde(rename = "for")]
    pub yes: u32,
    pub against: u32,
    pub abstain: u32,
    pub text: Option<String>,
    /// Typed as `/vote!`: recorded even when more votes are cast than voting members are
    /// present (the minutes say so). Absent in a journal, it reads as true: a recorded
    /// vote was accepted when it was taken (older builds did not check the room), and a
    /// replay must never drop it.
    #[serde(default = "accepted_when_recorded")]
    pub more_than_present: bool,
}

/// Which capture a private text belongs to (what `purge-private` counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureKind {
    Note,
    Outcome,
    Action,
}

/// The text of a capture that can be private (a note, an outcome or an action), and an
/// action's owners, open to change: what redaction and purging rewrite.
pub struct CaptureMut<'a> {
    pub kind: CaptureKind,
    pub text: &'a mut String,
    /// An action's owners.
    pub owners: Option<&'a mut Vec<String>>,
    pub private: bool,
}

/// What every place asks of one kind of capture, answered once by its payload type. Every
/// method must be written (no defaults): a new kind decides each.
pub trait Kind {
    /// What a refusal calls it: "a note needs some text".
    fn what(&self) -> &'static str;
    /// A few words for the status line, once it is recorded.
    fn describe(&self) -> &'static str;
    /// Whether its text is kept from viewers and purged by `purge-private`.
    fn is_private(&self) -> bool;
    /// Whether it says nothing (a note of spaces): refused when it is taken.
    fn is_blank(&self) -> bool;
    /// Every text it holds, each with what a refusal calls it: what the entry limit
    /// ([`MAX_ENTRY_BYTES`]) bounds and what cleaning text from outside reaches.
    fn texts(&self) -> Vec<(&'static str, &str)>;
    /// [`Kind::texts`], to change.
    fn texts_mut(&mut self) -> Vec<&mut String>;
    /// The text a correction (`s/OLD/NEW/`) changes, if it has one.
    fn corrected(&self) -> Option<&str>;
    /// [`Kind::corrected`], to change.
    fn corrected_mut(&mut self) -> Option<&mut String>;
    /// The command line that takes it, as typed on the capture line: what an edit starts
    /// from.
    fn command_line(&self) -> String;
}

fn private_prefix(p: bool) -> &'static str {
    if p {
        "/private "
    } else {
        ""
    }
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// The text methods of a kind that holds one text, `$field` (a topic, a note, an outcome):
/// blank when it is, the entry limit on it, a correction changes it.
macro_rules! one_text {
    ($field:ident) => {
        fn is_blank(&self) -> bool {
            blank(&self.$field)
        }
        fn texts(&self) -> Vec<(&'static str, &str)> {
            vec![("the entry", &self.$field)]
        }
        fn texts_mut(&mut self) -> Vec<&mut String> {
            vec![&mut self.$field]
        }
        fn corrected(&self) -> Option<&str> {
            Some(&self.$field)
        }
        fn corrected_mut(&mut self) -> Option<&mut String> {
            Some(&mut self.$field)
        }
    };
}

impl Kind for Topic {
    fn what(&self) -> &'static str {
        "a topic"
    }
    fn describe(&self) -> &'static str {
        "the topic"
    }
    fn is_private(&self) -> bool {
        false
    }
    one_text!(title);
    fn command_line(&self) -> String {
        format!("/topic {}", self.title)
    }
}

impl Kind for Note {
    fn what(&self) -> &'static str {
        "a note"
    }
    fn describe(&self) -> &'static str {
        if self.private {
            "a private note"
        } else {
            "a note"
        }
    }
    fn is_private(&self) -> bool {
        self.private
    }
    one_text!(text);
    fn command_line(&self) -> String {
        if self.private {
            format!("/private {}", self.text)
        } else {
            format!("/note {}", self.text)
        }
    }
}

impl Kind for Outcome {
    fn what(&self) -> &'static str {
        "an outcome"
    }
    fn describe(&self) -> &'static str {
        self.what()
    }
    fn is_private(&self) -> bool {
        self.private
    }
    one_text!(text);
    fn command_line(&self) -> String {
        format!("/outcome {}{}", private_prefix(self.private), self.text)
    }
}

impl Kind for Action {
    fn what(&self) -> &'static str {
        "an action"
    }
    fn describe(&self) -> &'static str {
        self.what()
    }
    fn is_private(&self) -> bool {
        self.private
    }
    fn is_blank(&self) -> bool {
        self.owners.is_empty() || self.owners.iter().any(|o| blank(o)) || blank(&self.text)
    }
    fn texts(&self) -> Vec<(&'static str, &str)> {
        self.owners
            .iter()
            .map(|o| ("an owner's name", o.as_str()))
            .chain([("the action", self.text.as_str())])
            .collect()
    }
    fn texts_mut(&mut self) -> Vec<&mut String> {
        self.owners.iter_mut().chain([&mut self.text]).collect()
    }
    fn corrected(&self) -> Option<&str> {
        Some(&self.text)
    }
    fn corrected_mut(&mut self) -> Option<&mut String> {
        Some(&mut self.text)
    }
    fn command_line(&self) -> String {
        let due = self.due.map(|d| format!(" due {d}")).unwrap_or_default();
        format!(
            "/action {}{}: {}{due}",
            private_prefix(self.private),
            self.owners.join(", "),
            self.text
        )
    }
}

impl Kind for Link {
    fn what(&self) -> &'static str {
        "a link"
    }
    fn describe(&self) -> &'static str {
        self.what()
    }
    fn is_private(&self) -> bool {
        false
    }
    fn is_blank(&self) -> bool {
        false
    }
    fn texts(&self) -> Vec<(&'static str, &str)> {
        [("the link", Some(self.url.as_str()))]
            .into_iter()
            .chain([("the link's text", self.text.as_deref())])
            .filter_map(|(what, t)| Some((what, t?)))
            .collect()
    }
    fn texts_mut(&mut self) -> Vec<&mut String> {
        [&mut self.url].into_iter().chain(&mut self.text).collect()
    }
    /// Its text, not its address.
    fn corrected(&self) -> Option<&str> {
        self.text.as_deref()
    }
    fn corrected_mut(&mut self) -> Option<&mut String> {
        self.text.as_mut()
    }
    fn command_line(&self) -> String {
        match &self.text {
            Some(t) => format!("/link {} {t}", self.url),
            None => format!("/link {}", self.url),
        }
    }
}

impl Kind for Ballot {
    fn what(&self) -> &'static str {
        "a vote"
    }
    fn describe(&self) -> &'static str {
        self.what()
    }
    fn is_private(&self) -> bool {
        false
    }
    fn is_blank(&self) -> bool {
        false
    }
    fn texts(&self) -> Vec<(&'static str, &str)> {
        self.text
            .iter()
            .map(|t| ("the vote's text", t.as_str()))
            .collect()
    }
    fn texts_mut(&mut self) -> Vec<&mut String> {
        self.text.iter_mut().collect()
    }
    fn corrected(&self) -> Option<&str> {
        self.text.as_deref()
    }
    fn corrected_mut(&mut self) -> Option<&mut String> {
        self.text.as_mut()
    }
    fn command_line(&self) -> String {
        let bang = if self.more_than_present { "!" } else { "" };
        let text = self
            .text
            .as_deref()
            .map(|t| format!(" {t}"))
            .unwrap_or_default();
        format!(
            "/vote{bang} for {} against {} abstain {}{text}",
            self.yes, self.against, self.abstain
        )
    }
}

impl Kind for MotionText {
    fn what(&self) -> &'static str {
        "a motion"
    }
    fn describe(&self) -> &'static str {
        self.what()
    }
    fn is_private(&self) -> bool {
        false
    }
    fn is_blank(&self) -> bool {
        blank(&self.text)
    }
    fn texts(&self) -> Vec<(&'static str, &str)> {
        [("the motion", Some(self.text.as_str()))]
            .into_iter()
            .chain([("the mover's name", self.mover.as_deref())])
            .chain([("the seconder's name", self.seconder.as_deref())])
            .filter_map(|(what, t)| Some((what, t?)))
            .collect()
    }
    fn texts_mut(&mut self) -> Vec<&mut String> {
        [&mut self.text]
            .into_iter()
            .chain(&mut self.mover)
            .chain(&mut self.seconder)
            .collect()
    }
    /// None: a motion changes by `/amend`, which keeps the wording it replaced.
    fn corrected(&self) -> Option<&str> {
        None
    }
    fn corrected_mut(&mut self) -> Option<&mut String> {
        None
    }
    fn command_line(&self) -> String {
        let mover = self
            .mover
            .as_deref()
            .map(|n| format!(" moved by {n}"))
            .unwrap_or_default();
        let seconder = self
            .seconder
            .as_deref()
            .map(|n| format!(" seconded by {n}"))
            .unwrap_or_default();
        format!("/motion {}{mover}{seconder}", self.text)
    }
}

/// What a capture becomes when the meeting takes it (`Meeting::take`).
pub(super) enum Taken {
    /// An entry that holds all it says.
    Entry(EntryKind),
    /// An action: it goes on the meeting's list of actions, and its entry refers to it.
    Action(Action),
    /// A vote: the meeting decides its result.
    Vote(Ballot),
    /// A motion: it goes on the meeting's list of motions, and its entry refers to it.
    Motion(MotionText),
}

impl Capture {
    /// Its payload, as the one place every question of its kind is answered.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn kind(&self) -> &dyn Kind {
        match self {
            Capture::Topic(k) => k,
            Capture::Note(k) => k,
            Capture::Outcome(k) => k,
            Capture::Action(k) => k,
            Capture::Link(k) => k,
            Capture::Vote(k) => k,
            Capture::Motion(k) => k,
        }
    }

    /// [`Capture::kind`], to change.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn kind_mut(&mut self) -> &mut dyn Kind {
        match self {
            Capture::Topic(k) => k,
            Capture::Note(k) => k,
            Capture::Outcome(k) => k,
            Capture::Action(k) => k,
            Capture::Link(k) => k,
            Capture::Vote(k) => k,
            Capture::Motion(k) => k,
        }
    }

    /// What the meeting makes of it: the entry, or what needs the meeting's own state.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub(super) fn taken(self) -> Taken {
        match self {
            Capture::Topic(k) => Taken::Entry(EntryKind::Topic(k)),
            Capture::Note(k) => Taken::Entry(EntryKind::Note(k)),
            Capture::Outcome(k) => Taken::Entry(EntryKind::Outcome(Box::new(k))),
            Capture::Link(k) => Taken::Entry(EntryKind::Link(Box::new(k))),
            Capture::Action(k) => Taken::Action(k),
            Capture::Vote(k) => Taken::Vote(k),
            Capture::Motion(k) => Taken::Motion(k),
        }
    }

    /// What a refusal calls it: "a note needs some text".
    pub fn what(&self) -> &'static str {
        self.kind().what()
    }

    /// A few words for the status line, once it is recorded.
    pub fn describe(&self) -> &'static str {
        self.kind().describe()
    }

    /// Whether its text is kept from viewers and purged by `purge-private`.
    pub fn is_private(&self) -> bool {
        self.kind().is_private()
    }

    /// Whether an entry may be edited into this (`EventKind::ReplaceEntry`), and an entry
    /// of this kind edited.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn is_editable(&self) -> bool {
        match self {
            Capture::Note(_) | Capture::Outcome(_) | Capture::Action(_) => true,
            Capture::Topic(_) | Capture::Link(_) | Capture::Vote(_) | Capture::Motion(_) => false,
        }
    }

    /// Whether the meeting keeps the event only as a reference to the entry it makes (the
    /// entry holds all it says): the kinds a long meeting holds by the thousand. An action
    /// goes on the meeting's list of actions and a vote's entry holds the result decided,
    /// so theirs are kept whole, as are the rare links.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn entry_holds_all(&self) -> bool {
        match self {
            Capture::Note(_) | Capture::Outcome(_) | Capture::Topic(_) => true,
            Capture::Action(_) | Capture::Link(_) | Capture::Vote(_) | Capture::Motion(_) => false,
        }
    }

    /// Every text it holds, each with what a refusal calls it: what the entry limit
    /// ([`MAX_ENTRY_BYTES`]) bounds.
    pub fn texts(&self) -> Vec<(&'static str, &str)> {
        self.kind().texts()
    }

    /// Every text it holds, to change (cleaning text from outside).
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        self.kind_mut().texts_mut()
    }

    /// Refuses it when one of its texts would pass [`MAX_ENTRY_BYTES`].
    pub fn check_length(&self) -> Result<(), Rejected> {
        for (what, text) in self.texts() {
            check_length(what, text.len())?;
        }
        Ok(())
    }

    /// The private-capable text it holds (see [`CaptureMut`]).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn capture_mut(&mut self) -> Option<CaptureMut<'_>> {
        let (kind, text, owners, private) = match self {
            Capture::Note(Note { text, private }) => (CaptureKind::Note, text, None, *private),
            Capture::Outcome(Outcome { text, private }) => {
                (CaptureKind::Outcome, text, None, *private)
            }
            Capture::Action(Action {
                owners,
                text,
                private,
                ..
            }) => (CaptureKind::Action, text, Some(owners), *private),
            Capture::Topic(_) | Capture::Link(_) | Capture::Vote(_) | Capture::Motion(_) => {
                return None
            }
        };
        Some(CaptureMut {
            kind,
            text,
            owners,
            private,
        })
    }

    /// The command line that takes it, as typed on the capture line: what an edit starts
    /// from.
    pub fn command_line(&self) -> String {
        self.kind().command_line()
    }
}

/// What a capture leaves on an item: its payload, or, where the meeting keeps more than
/// the capture said, the payload with that state.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryKind {
    Note(Note),
    /// Boxed, as a link and a vote are: an entry is as large as its largest kind, and a
    /// long meeting holds a million notes, each in 64 bytes with the kinds beside a note and
    /// a topic boxed (104 bytes each when they were not).
    Outcome(Box<Outcome>),
    /// Index into [`Meeting::actions`](super::Meeting::actions): an action changes later
    /// (edited, reviewed), and the list holds it.
    Action(usize),
    Link(Box<Link>),
    Vote(Box<Vote>),
    /// A topic inside the item: the entries after it (until the next topic) go under it.
    Topic(Topic),
    /// Index into [`Meeting::motions`](super::Meeting::motions): a motion changes later
    /// (seconded, amended, voted on), and the list holds it.
    Motion(usize),
}

impl EntryKind {
    /// The payload the entry holds itself; `None` for an action or a motion, which is its
    /// place on the meeting's list of actions or of motions.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn payload(&self) -> Option<&dyn Kind> {
        match self {
            EntryKind::Note(k) => Some(k),
            EntryKind::Outcome(k) => Some(k.as_ref()),
            EntryKind::Link(k) => Some(k.as_ref()),
            EntryKind::Vote(v) => Some(&v.ballot),
            EntryKind::Topic(k) => Some(k),
            EntryKind::Action(_) | EntryKind::Motion(_) => None,
        }
    }

    /// [`EntryKind::payload`], to change.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn payload_mut(&mut self) -> Option<&mut dyn Kind> {
        match self {
            EntryKind::Note(k) => Some(k),
            EntryKind::Outcome(k) => Some(k.as_mut()),
            EntryKind::Link(k) => Some(k.as_mut()),
            EntryKind::Vote(v) => Some(&mut v.ballot),
            EntryKind::Topic(k) => Some(k),
            EntryKind::Action(_) | EntryKind::Motion(_) => None,
        }
    }

    /// The place on the meeting's list of actions, for an action's entry.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn action(&self) -> Option<usize> {
        match self {
            EntryKind::Action(a) => Some(*a),
            EntryKind::Note(_)
            | EntryKind::Outcome(_)
            | EntryKind::Link(_)
            | EntryKind::Vote(_)
            | EntryKind::Topic(_)
            | EntryKind::Motion(_) => None,
        }
    }

    /// The capture that would take it again, given the meeting's lists (an action's or a
    /// motion's entry refers to them; one no longer there reads as an empty one).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn capture(&self, m: &Meeting, private: bool) -> Capture {
        match self {
            EntryKind::Topic(k) => Capture::Topic(k.clone()),
            EntryKind::Note(k) => Capture::Note(k.clone()),
            EntryKind::Outcome(k) => Capture::Outcome(Outcome::clone(k)),
            EntryKind::Link(k) => Capture::Link(Link::clone(k)),
            EntryKind::Vote(v) => Capture::Vote(v.ballot.clone()),
            EntryKind::Action(a) => {
                let action = m.actions.get(*a);
                Capture::Action(Action {
                    owners: action.map(|a| a.owners.clone()).unwrap_or_default(),
                    text: action.map(|a| a.text.clone()).unwrap_or_default(),
                    due: action.and_then(|a| a.due),
                    private,
                })
            }
            EntryKind::Motion(n) => {
                let motion = m.motions.get(*n);
                Capture::Motion(MotionText {
                    text: motion.map(|m| m.text.clone()).unwrap_or_default(),
                    mover: motion.and_then(|m| m.mover.clone()),
                    seconder: motion.and_then(|m| m.seconder.clone()),
                })
            }
        }
    }
}

/// What an entry's tag says of it, for the screen to colour: the screen picks the style,
/// the kind picks the tone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Said in the meeting (a note).
    Plain,
    /// Decided (an outcome).
    Decision,
    /// Something to do or to follow (an action, a link).
    Pointer,
    /// Counted or put to a count (a vote, a motion).
    Count,
    /// A divider, not an entry of its own (a topic): shown as a title, without a tag.
    Divider,
}

/// How an entry reads on a screen, in gavel's words around people's text (the text is as
/// it was taken: each screen makes it safe to show).
pub struct Shown<'a> {
    /// The word before it ("note", "OUTCOME"); empty for a divider.
    pub tag: &'static str,
    pub tone: Tone,
    /// The whole entry, for the item's pane.
    pub text: Cow<'a, str>,
}

impl EntryKind {
    /// How it reads in the item's pane: `m` is the meeting (an action's or a motion's entry
    /// refers to its lists; one no longer there reads empty).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn shown<'a>(&'a self, m: &'a Meeting) -> Shown<'a> {
        let actions = m.actions();
        let (tag, tone, text): (_, _, Cow<'a, str>) = match self {
            EntryKind::Topic(Topic { title }) => {
                ("", Tone::Divider, format!("── {title} ──").into())
            }
            EntryKind::Note(Note { text, .. }) => ("note", Tone::Plain, text.into()),
            EntryKind::Outcome(k) => ("OUTCOME", Tone::Decision, k.text.as_str().into()),
            EntryKind::Action(a) => {
                let text = actions.get(*a).map(|a| {
                    let due = a.due.map(|d| format!(" (due {d})")).unwrap_or_default();
                    format!("{}: {}{due}", a.owners.join(", "), a.text)
                });
                ("ACTION", Tone::Pointer, text.unwrap_or_default().into())
            }
            EntryKind::Link(link) => (
                "link",
                Tone::Pointer,
                match &link.text {
                    Some(x) => format!("{x} <{}>", link.url).into(),
                    None => link.url.as_str().into(),
                },
            ),
            EntryKind::Vote(v) => {
                let b = &v.ballot;
                let about = b.text.as_deref().map(|x| format!(" — {x}"));
                let text = format!(
                    "{} for, {} against, {} abstain: {}{}",
                    b.yes,
                    b.against,
                    b.abstain,
                    v.result.as_str(),
                    about.unwrap_or_default()
                );
                ("VOTE", Tone::Count, text.into())
            }
            EntryKind::Motion(n) => ("MOTION", Tone::Count, m.motion_line(*n).into()),
        };
        Shown { tag, tone, text }
    }

    /// It in a few words, as the summary lists every entry ("note: …", "VOTE: carried").
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn brief(&self, m: &Meeting) -> String {
        let actions = m.actions();
        match self {
            EntryKind::Note(Note { text, .. }) => format!("note: {text}"),
            EntryKind::Outcome(k) => format!("OUTCOME: {}", k.text),
            EntryKind::Action(a) => actions
                .get(*a)
                .map(|a| format!("ACTION {}: {}", a.owners.join(", "), a.text))
                .unwrap_or_default(),
            EntryKind::Link(link) => format!("link: {}", link.url),
            EntryKind::Vote(v) => format!("VOTE: {}", v.result.as_str()),
            EntryKind::Topic(Topic { title }) => format!("── {title} ──"),
            EntryKind::Motion(n) => format!("MOTION: {}", m.motion_line(*n)),
        }
    }

    /// What the attendees' page shows of it: its kind's word and its text, or nothing (the
    /// page lists what was said, decided, moved and taken on, not links, votes or topics).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn on_page(&self, m: &Meeting) -> Option<(&'static str, String)> {
        let actions = m.actions();
        match self {
            EntryKind::Note(Note { text, .. }) => Some(("note", text.clone())),
            EntryKind::Outcome(k) => Some(("outcome", k.text.clone())),
            EntryKind::Action(a) => {
                let a = actions.get(*a)?;
                Some(("action", format!("{}: {}", a.owners.join(", "), a.text)))
            }
            EntryKind::Motion(n) => Some(("motion", m.motion_line(*n))),
            EntryKind::Link(_) | EntryKind::Vote(_) | EntryKind::Topic(_) => None,
        }
    }
}

/// Refuses a text of `len` bytes past [`MAX_ENTRY_BYTES`], saying which (`what`).
pub(super) fn check_length(what: &str, len: usize) -> Result<(), Rejected> {
    if len > MAX_ENTRY_BYTES {
        reject(format!(
            "{what} would be {len} bytes long; an entry holds at most {MAX_ENTRY_BYTES} bytes (64 KiB)"
        ))
    } else {
        Ok(())
    }
}

/// What an edit writes in a journal (`with` of a `replace_entry` event): tagged by `kind`,
/// with `private` always written, as gavel always wrote it. Only a note, an outcome or an
/// action has this form: `Meeting::apply` refuses an edit into anything else, so no such
/// edit is ever recorded or sent, and reading one is an error.
pub(super) mod edit_wire {
    use super::{Action, Capture, Note, Outcome};
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Out<'a> {
        Note {
            text: &'a str,
            private: bool,
        },
        Outcome {
            text: &'a str,
            private: bool,
        },
        Action {
            owners: &'a [String],
            text: &'a str,
            due: Option<NaiveDate>,
            private: bool,
        },
    }

    #[derive(Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum In {
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

    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn serialize<S: Serializer>(with: &Capture, s: S) -> Result<S::Ok, S::Error> {
        let out = match with {
            Capture::Note(Note { text, private }) => Out::Note {
                text,
                private: *private,
            },
            Capture::Outcome(Outcome { text, private }) => Out::Outcome {
                text,
                private: *private,
            },
            Capture::Action(Action {
                owners,
                text,
                due,
                private,
            }) => Out::Action {
                owners,
                text,
                due: *due,
                private: *private,
            },
            Capture::Topic(_) | Capture::Link(_) | Capture::Vote(_) | Capture::Motion(_) => {
                return Err(serde::ser::Error::custom(format!(
                    "{} cannot replace an entry",
                    with.what()
                )))
            }
        };
        out.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Capture, D::Error> {
        Ok(match In::deserialize(d)? {
            In::Note { text, private } => Capture::Note(Note { text, private }),
            In::Outcome { text, private } => Capture::Outcome(Outcome { text, private }),
            In::Action {
                owners,
                text,
                due,
                private,
            } => Capture::Action(Action {
                owners,
                text,
                due,
                private,
            }),
        })
    }
}

fn accepted_when_recorded() -> bool {
    true
}

fn is_false(b: &bool) -> bool {
    !*b
}
