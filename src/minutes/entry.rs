//! An entry of the minutes (`EntryRecord`): the capture's own payload (the same type the
//! event and the meeting's entry hold, `meeting::capture`), with its time and author, or,
//! for an action or a motion, its place in the minutes' actions or decisions and, for a
//! vote, the result decided.
//!
//! Its JSON is the format gavel has always written, field order included (a kind's `time`
//! sits between its own fields): [`Wire`] spells it, and the record goes through it both
//! ways.

use super::escape::{escape_inline as esc, link, private_mark};
use super::is_false;
use crate::meeting::{Ballot, Entry, EntryKind, Kind, Link, Note, Outcome, Topic};
use serde::{Deserialize, Serialize};

/// One entry on an item, as the minutes hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "Wire", into = "Wire")]
pub enum EntryRecord {
    Note {
        note: Note,
        time: String,
        /// Who captured it, in a shared session.
        by: Option<String>,
    },
    Outcome {
        outcome: Outcome,
        time: String,
        /// Who captured it, in a shared session.
        by: Option<String>,
    },
    Action {
        /// Index into `actions`.
        action: usize,
        time: String,
        private: bool,
        /// Who captured it, in a shared session.
        by: Option<String>,
    },
    Link {
        link: Link,
        time: String,
        /// Who captured it, in a shared session.
        by: Option<String>,
    },
    /// A topic inside the item: the entries after it, until the next topic, go under it.
    Topic {
        topic: Topic,
        time: String,
        /// Who captured it, in a shared session.
        by: Option<String>,
    },
    /// A vote as counted (`ballot.more_than_present`: more votes were cast than voting
    /// members were present, recorded on the moderator's word, `/vote!`), and decided.
    Vote {
        ballot: Ballot,
        rule: String,
        result: String,
        present: u32,
        quorum: Option<u32>,
        time: String,
        /// Who captured it, in a shared session.
        by: Option<String>,
    },
    /// A motion (issue 28).
    Motion {
        /// Index into `decisions`.
        motion: usize,
        time: String,
        /// Who captured it, in a shared session.
        by: Option<String>,
    },
}

impl EntryRecord {
    /// The payload it holds itself (every kind but an action or a motion, which is a place
    /// in the minutes' actions or decisions).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn payload_mut(&mut self) -> Option<&mut dyn Kind> {
        match self {
            EntryRecord::Note { note, .. } => Some(note),
            EntryRecord::Outcome { outcome, .. } => Some(outcome),
            EntryRecord::Link { link, .. } => Some(link),
            EntryRecord::Topic { topic, .. } => Some(topic),
            EntryRecord::Vote { ballot, .. } => Some(ballot),
            EntryRecord::Action { .. } | EntryRecord::Motion { .. } => None,
        }
    }

    /// Whether its text is private (kept out of minutes for others).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn is_private(&self) -> bool {
        match self {
            EntryRecord::Note { note, .. } => note.is_private(),
            EntryRecord::Outcome { outcome, .. } => outcome.is_private(),
            EntryRecord::Action { private, .. } => *private,
            EntryRecord::Link { link, .. } => link.is_private(),
            EntryRecord::Topic { topic, .. } => topic.is_private(),
            EntryRecord::Vote { ballot, .. } => ballot.is_private(),
            EntryRecord::Motion { .. } => false,
        }
    }

    /// When it was captured (the minutes' clock, "HH:MM").
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn time_mut(&mut self) -> &mut String {
        match self {
            EntryRecord::Note { time, .. }
            | EntryRecord::Outcome { time, .. }
            | EntryRecord::Action { time, .. }
            | EntryRecord::Link { time, .. }
            | EntryRecord::Topic { time, .. }
            | EntryRecord::Vote { time, .. }
            | EntryRecord::Motion { time, .. } => time,
        }
    }

    /// Who captured it, in a shared session.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn by_mut(&mut self) -> &mut Option<String> {
        match self {
            EntryRecord::Note { by, .. }
            | EntryRecord::Outcome { by, .. }
            | EntryRecord::Action { by, .. }
            | EntryRecord::Link { by, .. }
            | EntryRecord::Topic { by, .. }
            | EntryRecord::Vote { by, .. }
            | EntryRecord::Motion { by, .. } => by,
        }
    }
}

/// Where an entry goes in its item's Markdown, and what it says there (escaped).
pub enum InMarkdown {
    /// A topic: a heading one level below the item's; the entries after it go under it.
    Heading(String),
    /// A line in the item's list (a note, a link).
    Bullet(String),
    /// A paragraph after the list (an outcome, a vote).
    Decision(String),
    /// An action (index into the minutes' actions): written in Next steps, its owners named
    /// once under the item.
    Action(usize),
    /// A motion (index into the minutes' decisions): its block after the list, with the
    /// decisions (its wording, how it was decided, a recorded vote's table).
    Motion(usize),
}

/// An entry as the Markdown writer reads it, borrowed from the minutes' record
/// ([`EntryRecord::view`]) or straight from the meeting ([`EntryView::of`]), so that a long
/// meeting's Markdown is written without a second copy of its entries.
pub enum EntryView<'a> {
    Note(&'a Note),
    Outcome(&'a Outcome),
    /// Index into the minutes' actions.
    Action(usize),
    Link(&'a Link),
    Topic(&'a Topic),
    Vote(VoteView<'a>),
    /// Index into the minutes' decisions.
    Motion(usize),
}

/// A vote as counted and decided, borrowed (see [`EntryRecord::Vote`]).
pub struct VoteView<'a> {
    pub ballot: &'a Ballot,
    pub rule: &'a str,
    pub result: &'a str,
    pub present: u32,
    pub quorum: Option<u32>,
}

impl<'a> EntryView<'a> {
    /// A meeting's entry as the minutes show it: `None` for an action or a motion the
    /// minutes do not hold (`index`: the minutes' place of each of the meeting's actions and
    /// motions).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub(super) fn of(e: &'a Entry, index: &super::Index) -> Option<EntryView<'a>> {
        Some(match &e.kind {
            EntryKind::Note(note) => EntryView::Note(note),
            EntryKind::Outcome(outcome) => EntryView::Outcome(outcome),
            EntryKind::Action(a) => EntryView::Action(index.actions.get(*a).copied().flatten()?),
            EntryKind::Link(link) => EntryView::Link(link),
            EntryKind::Topic(topic) => EntryView::Topic(topic),
            EntryKind::Vote(v) => EntryView::Vote(VoteView {
                ballot: &v.ballot,
                rule: v.rule.as_str(),
                result: v.result.as_str(),
                present: v.present,
                quorum: v.quorum,
            }),
            EntryKind::Motion(m) => EntryView::Motion(index.motions.get(*m).copied().flatten()?),
        })
    }

    /// The record of this entry, captured at `time` by `by` (`private`: an action's).
    #[deny(clippy::wildcard_enum_match_arm)]
    fn record(self, time: String, by: Option<String>, private: bool) -> EntryRecord {
        match self {
            EntryView::Note(note) => EntryRecord::Note {
                note: note.clone(),
                time,
                by,
            },
            EntryView::Outcome(outcome) => EntryRecord::Outcome {
                outcome: outcome.clone(),
                time,
                by,
            },
            EntryView::Action(action) => EntryRecord::Action {
                action,
                time,
                by,
                private,
            },
            EntryView::Link(link) => EntryRecord::Link {
                link: link.clone(),
                time,
                by,
            },
            EntryView::Topic(topic) => EntryRecord::Topic {
                topic: topic.clone(),
                time,
                by,
            },
            EntryView::Vote(v) => EntryRecord::Vote {
                ballot: v.ballot.clone(),
                rule: v.rule.into(),
                result: v.result.into(),
                present: v.present,
                quorum: v.quorum,
                time,
                by,
            },
            EntryView::Motion(motion) => EntryRecord::Motion { motion, time, by },
        }
    }

    /// Where it goes in the Markdown minutes, and what it says there; `text` writes people's
    /// text (a note's, an outcome's) as Markdown (escaped, its GitHub references linked).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn in_markdown(&self, text: &dyn Fn(&str) -> String) -> InMarkdown {
        match self {
            EntryView::Topic(Topic { title }) => InMarkdown::Heading(esc(title)),
            EntryView::Note(Note {
                text: said,
                private,
            }) => {
                let mut line = text(said);
                line.push_str(private_mark(*private));
                InMarkdown::Bullet(line)
            }
            EntryView::Link(Link { url, text }) => InMarkdown::Bullet(link(url, text.as_deref())),
            EntryView::Action(action) => InMarkdown::Action(*action),
            EntryView::Motion(motion) => InMarkdown::Motion(*motion),
            EntryView::Outcome(Outcome {
                text: said,
                private,
            }) => InMarkdown::Decision(format!(
                "**Outcome:** {}{}",
                text(said),
                private_mark(*private)
            )),
            EntryView::Vote(v) => InMarkdown::Decision(vote_in_markdown(v)),
        }
    }
}

impl EntryRecord {
    /// The record of a meeting's entry, at `time`: `None` for an action or a motion the
    /// minutes do not hold (`index`: the minutes' place of each of the meeting's actions and
    /// motions).
    pub(super) fn of(e: &Entry, index: &super::Index, time: String) -> Option<EntryRecord> {
        EntryView::of(e, index).map(|v| v.record(time, e.by.as_deref().cloned(), e.private))
    }

    /// The entry as the Markdown writer reads it.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn view(&self) -> EntryView<'_> {
        match self {
            EntryRecord::Note { note, .. } => EntryView::Note(note),
            EntryRecord::Outcome { outcome, .. } => EntryView::Outcome(outcome),
            EntryRecord::Action { action, .. } => EntryView::Action(*action),
            EntryRecord::Link { link, .. } => EntryView::Link(link),
            EntryRecord::Topic { topic, .. } => EntryView::Topic(topic),
            EntryRecord::Vote {
                ballot,
                rule,
                result,
                present,
                quorum,
                ..
            } => EntryView::Vote(VoteView {
                ballot,
                rule,
                result,
                present: *present,
                quorum: *quorum,
            }),
            EntryRecord::Motion { motion, .. } => EntryView::Motion(*motion),
        }
    }

    /// An action's place in the minutes' actions.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn action(&self) -> Option<usize> {
        match self {
            EntryRecord::Action { action, .. } => Some(*action),
            EntryRecord::Note { .. }
            | EntryRecord::Outcome { .. }
            | EntryRecord::Link { .. }
            | EntryRecord::Topic { .. }
            | EntryRecord::Vote { .. }
            | EntryRecord::Motion { .. } => None,
        }
    }

    /// A motion's place in the minutes' decisions.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn motion(&self) -> Option<usize> {
        match self {
            EntryRecord::Motion { motion, .. } => Some(*motion),
            EntryRecord::Note { .. }
            | EntryRecord::Outcome { .. }
            | EntryRecord::Action { .. }
            | EntryRecord::Link { .. }
            | EntryRecord::Topic { .. }
            | EntryRecord::Vote { .. } => None,
        }
    }

    /// A vote's rule and result, as words (checked when minutes are read back).
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn verdict(&self) -> Option<(&str, &str)> {
        match self {
            EntryRecord::Vote { rule, result, .. } => Some((rule, result)),
            EntryRecord::Note { .. }
            | EntryRecord::Outcome { .. }
            | EntryRecord::Action { .. }
            | EntryRecord::Link { .. }
            | EntryRecord::Topic { .. }
            | EntryRecord::Motion { .. } => None,
        }
    }
}

/// A vote in the Markdown minutes: what it was on, the count, the result and the rule, and
/// the override when more votes were cast than members were present.
fn vote_in_markdown(vote: &VoteView) -> String {
    let VoteView {
        ballot,
        rule,
        result,
        present,
        quorum,
    } = *vote;
    let Ballot {
        yes,
        against,
        abstain,
        text,
        more_than_present,
    } = ballot;
    let subject = text
        .as_deref()
        .map(|t| format!(" on {}", esc(t)))
        .unwrap_or_default();
    let override_note = if *more_than_present {
        format!("; counted with more votes than the {present} voting members present (override)")
    } else {
        String::new()
    };
    let verdict = match (result, quorum) {
        ("no quorum", Some(q)) => format!(
            "no quorum ({present} voting members present, {q} needed): the vote decides nothing"
        ),
        (r, _) => format!(
            "**{r}** ({})",
            crate::agenda::VoteRule::parse(rule)
                .map(|r| r.describe())
                .unwrap_or(rule)
        ),
    };
    format!(
        "**Vote**{subject}: {yes} for, {against} against, {abstain} abstaining: {verdict}{override_note}"
    )
}

/// The JSON minutes' form of an entry, as gavel has always written it.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(super) enum Wire {
    Note {
        text: String,
        time: String,
        private: bool,
        /// Who captured it, in a shared session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    Outcome {
        text: String,
        time: String,
        private: bool,
        /// Who captured it, in a shared session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    Action {
        /// Index into `actions`.
        action: usize,
        time: String,
        private: bool,
        /// Who captured it, in a shared session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    Link {
        url: String,
        text: Option<String>,
        time: String,
        /// Who captured it, in a shared session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// A topic inside the item: the entries after it, until the next topic, go under it.
    Topic {
        title: String,
        time: String,
        /// Who captured it, in a shared session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    Vote {
        #[serde(rename = "for")]
        yes: u32,
        against: u32,
        abstain: u32,
        text: Option<String>,
        rule: String,
        result: String,
        present: u32,
        quorum: Option<u32>,
        time: String,
        /// More votes were cast than voting members were present, recorded on the
        /// moderator's word (`/vote!`).
        #[serde(default, skip_serializing_if = "is_false")]
        more_than_present: bool,
        /// Who captured it, in a shared session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// A motion (issue 28).
    Motion {
        /// Index into `decisions`.
        motion: usize,
        time: String,
        /// Who captured it, in a shared session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
}

impl From<Wire> for EntryRecord {
    #[deny(clippy::wildcard_enum_match_arm)]
    fn from(w: Wire) -> Self {
        match w {
            Wire::Note {
                text,
                time,
                private,
                by,
            } => EntryRecord::Note {
                note: Note { text, private },
                time,
                by,
            },
            Wire::Outcome {
                text,
                time,
                private,
                by,
            } => EntryRecord::Outcome {
                outcome: Outcome { text, private },
                time,
                by,
            },
            Wire::Action {
                action,
                time,
                private,
                by,
            } => EntryRecord::Action {
                action,
                time,
                private,
                by,
            },
            Wire::Link {
                url,
                text,
                time,
                by,
            } => EntryRecord::Link {
                link: Link { url, text },
                time,
                by,
            },
            Wire::Topic { title, time, by } => EntryRecord::Topic {
                topic: Topic { title },
                time,
                by,
            },
            Wire::Vote {
                yes,
                against,
                abstain,
                text,
                rule,
                result,
                present,
                quorum,
                time,
                more_than_present,
                by,
            } => EntryRecord::Vote {
                ballot: Ballot {
                    yes,
                    against,
                    abstain,
                    text,
                    more_than_present,
                },
                rule,
                result,
                present,
                quorum,
                time,
                by,
            },
            Wire::Motion { motion, time, by } => EntryRecord::Motion { motion, time, by },
        }
    }
}

impl From<EntryRecord> for Wire {
    #[deny(clippy::wildcard_enum_match_arm)]
    fn from(r: EntryRecord) -> Self {
        match r {
            EntryRecord::Note {
                note: Note { text, private },
                time,
                by,
            } => Wire::Note {
                text,
                time,
                private,
                by,
            },
            EntryRecord::Outcome {
                outcome: Outcome { text, private },
                time,
                by,
            } => Wire::Outcome {
                text,
                time,
                private,
                by,
            },
            EntryRecord::Action {
                action,
                time,
                private,
                by,
            } => Wire::Action {
                action,
                time,
                private,
                by,
            },
            EntryRecord::Link {
                link: Link { url, text },
                time,
                by,
            } => Wire::Link {
                url,
                text,
                time,
                by,
            },
            EntryRecord::Topic {
                topic: Topic { title },
                time,
                by,
            } => Wire::Topic { title, time, by },
            EntryRecord::Vote {
                ballot:
                    Ballot {
                        yes,
                        against,
                        abstain,
                        text,
                        more_than_present,
                    },
                rule,
                result,
                present,
                quorum,
                time,
                by,
            } => Wire::Vote {
                yes,
                against,
                abstain,
                text,
                rule,
                result,
                present,
                quorum,
                time,
                more_than_present,
                by,
            },
            EntryRecord::Motion { motion, time, by } => Wire::Motion { motion, time, by },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EntryRecord;

    /// Every kind of entry, in the JSON gavel wrote before the record held the payload
    /// (field order, `by`, a vote's `more_than_present` only when true, a `null` text).
    const EVERY_KIND: &str = r#"[
  {"kind":"note","text":"Hugo: the venue is booked","time":"10:02","private":false},
  {"kind":"note","text":"a private word","time":"10:03","private":true,"by":"Ines Ferrand"},
  {"kind":"outcome","text":"Adopted","time":"10:04","private":false,"by":"Ines Ferrand"},
  {"kind":"action","action":0,"time":"10:05","private":true},
  {"kind":"link","url":"https://example.org/plan","text":null,"time":"10:06"},
  {"kind":"link","url":"https://example.org/a","text":"The plan","time":"10:06","by":"Ines Ferrand"},
  {"kind":"topic","title":"Budget","time":"10:07"},
  {"kind":"vote","for":4,"against":1,"abstain":0,"text":"Adopt it","rule":"majority","result":"carried","present":5,"quorum":3,"time":"10:08"},
  {"kind":"vote","for":9,"against":0,"abstain":0,"text":null,"rule":"consensus","result":"no quorum","present":2,"quorum":null,"time":"10:09","more_than_present":true,"by":"Ines Ferrand"},
  {"kind":"motion","motion":0,"time":"10:10"},
  {"kind":"motion","motion":1,"time":"10:11","by":"Ines Ferrand"}
]"#;

    #[test]
    fn every_kind_reads_back_to_the_same_json_byte_for_byte() {
        let want: String = EVERY_KIND.chars().filter(|c| *c != '\n').collect();
        let want = want.replace("  {", "{");
        let records: Vec<EntryRecord> = serde_json::from_str(EVERY_KIND).expect("reads");
        assert_eq!(records.len(), 11);
        assert_eq!(serde_json::to_string(&records).expect("writes"), want);
    }

    #[test]
    fn the_payload_is_what_the_json_said() {
        let records: Vec<EntryRecord> = serde_json::from_str(EVERY_KIND).expect("reads");
        let private: Vec<bool> = records.iter().map(EntryRecord::is_private).collect();
        assert_eq!(
            private,
            [false, true, false, true, false, false, false, false, false, false, false]
        );
        match &records[8] {
            EntryRecord::Vote { ballot, result, .. } => {
                assert!(ballot.more_than_present);
                assert_eq!((ballot.yes, result.as_str()), (9, "no quorum"));
            }
            other => panic!("not a vote: {other:?}"),
        }
    }

    /// The golden minutes (tests/golden) read back and write again byte for byte.
    #[test]
    fn the_golden_minutes_json_is_written_again_byte_for_byte() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
        let mut seen = 0;
        for f in std::fs::read_dir(&dir).expect("tests/golden") {
            let path = f.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("golden file");
            let m = super::super::json::parse(&text).expect("golden minutes read");
            assert_eq!(super::super::json::render(&m), text, "{}", path.display());
            seen += 1;
        }
        assert!(seen >= 3, "golden JSON files: {seen}");
    }
}
