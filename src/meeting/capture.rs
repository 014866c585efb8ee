//! A capture: what a note, an outcome, an action, a link, a vote or a topic says, as one
//! unit. The event that takes it holds it (`EventKind::Capture`), and so does an edit
//! (`EventKind::ReplaceEntry`). Everything every place needs to know of a kind is a method
//! here, each naming every kind, so a new kind is a compile error at each place that must
//! decide and nowhere else.

use super::motion::MotionText;
use super::{reject, Rejected, MAX_ENTRY_BYTES};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

impl Capture {
    /// What a refusal calls it: "a note needs some text".
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn what(&self) -> &'static str {
        match self {
            Capture::Topic(_) => "a topic",
            Capture::Note(_) => "a note",
            Capture::Outcome(_) => "an outcome",
            Capture::Action(_) => "an action",
            Capture::Link(_) => "a link",
            Capture::Vote(_) => "a vote",
            Capture::Motion(_) => "a motion",
        }
    }

    /// A few words for the status line, once it is recorded.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn describe(&self) -> &'static str {
        match self {
            Capture::Topic(_) => "the topic",
            Capture::Note(Note { private: true, .. }) => "a private note",
            Capture::Note(_)
            | Capture::Outcome(_)
            | Capture::Action(_)
            | Capture::Link(_)
            | Capture::Vote(_)
            | Capture::Motion(_) => self.what(),
        }
    }

    /// Whether its text is kept from viewers and purged by `purge-private`.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn is_private(&self) -> bool {
        match self {
            Capture::Note(Note { private, .. })
            | Capture::Outcome(Outcome { private, .. })
            | Capture::Action(Action { private, .. }) => *private,
            Capture::Topic(_) | Capture::Link(_) | Capture::Vote(_) | Capture::Motion(_) => false,
        }
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
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn texts(&self) -> Vec<(&'static str, &str)> {
        match self {
            Capture::Topic(Topic { title: text })
            | Capture::Note(Note { text, .. })
            | Capture::Outcome(Outcome { text, .. }) => vec![("the entry", text)],
            Capture::Action(Action { owners, text, .. }) => owners
                .iter()
                .map(|o| ("an owner's name", o.as_str()))
                .chain([("the action", text.as_str())])
                .collect(),
            Capture::Link(Link { url, text }) => [("the link", Some(url.as_str()))]
                .into_iter()
                .chain([("the link's text", text.as_deref())])
                .filter_map(|(what, t)| Some((what, t?)))
                .collect(),
            Capture::Vote(Ballot { text, .. }) => text
                .iter()
                .map(|t| ("the vote's text", t.as_str()))
                .collect(),
            Capture::Motion(MotionText {
                text,
                mover,
                seconder,
            }) => [("the motion", Some(text.as_str()))]
                .into_iter()
                .chain([("the mover's name", mover.as_deref())])
                .chain([("the seconder's name", seconder.as_deref())])
                .filter_map(|(what, t)| Some((what, t?)))
                .collect(),
        }
    }

    /// Every text it holds, to change (cleaning text from outside).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        match self {
            Capture::Topic(Topic { title: text })
            | Capture::Note(Note { text, .. })
            | Capture::Outcome(Outcome { text, .. }) => vec![text],
            Capture::Action(Action { owners, text, .. }) => {
                owners.iter_mut().chain([text]).collect()
            }
            Capture::Link(Link { url, text }) => [url].into_iter().chain(text).collect(),
            Capture::Vote(Ballot { text, .. }) => text.iter_mut().collect(),
            Capture::Motion(MotionText {
                text,
                mover,
                seconder,
            }) => [text].into_iter().chain(mover).chain(seconder).collect(),
        }
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
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn command_line(&self) -> String {
        let private = |p: bool| if p { "/private " } else { "" };
        match self {
            Capture::Topic(Topic { title }) => format!("/topic {title}"),
            Capture::Note(Note {
                text,
                private: true,
            }) => format!("/private {text}"),
            Capture::Note(Note { text, .. }) => format!("/note {text}"),
            Capture::Outcome(Outcome { text, private: p }) => {
                format!("/outcome {}{text}", private(*p))
            }
            Capture::Action(Action {
                owners,
                text,
                due,
                private: p,
            }) => {
                let due = due.map(|d| format!(" due {d}")).unwrap_or_default();
                format!("/action {}{}: {text}{due}", private(*p), owners.join(", "))
            }
            Capture::Link(Link { url, text }) => match text {
                Some(t) => format!("/link {url} {t}"),
                None => format!("/link {url}"),
            },
            Capture::Vote(b) => {
                let bang = if b.more_than_present { "!" } else { "" };
                let text = b
                    .text
                    .as_deref()
                    .map(|t| format!(" {t}"))
                    .unwrap_or_default();
                format!(
                    "/vote{bang} for {} against {} abstain {}{text}",
                    b.yes, b.against, b.abstain
                )
            }
            Capture::Motion(MotionText {
                text,
                mover,
                seconder,
            }) => {
                let mover = mover
                    .as_deref()
                    .map(|n| format!(" moved by {n}"))
                    .unwrap_or_default();
                let seconder = seconder
                    .as_deref()
                    .map(|n| format!(" seconded by {n}"))
                    .unwrap_or_default();
                format!("/motion {text}{mover}{seconder}")
            }
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
