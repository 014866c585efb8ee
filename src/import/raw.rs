//! The data the reader passes between its steps: the document as typed lines, and each
//! meeting as read (before it is built into gavel's record). Depends on no other step.

use super::people::Mention;
use crate::text::clean_line;
use chrono::NaiveDate;
use std::ops::Range;

/// What a line of the document is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Heading(usize),
    /// A table row's cells (Markdown or HTML).
    Row(Vec<String>),
    Bullet {
        indent: usize,
        /// A task-list box: Some(true) ticked.
        check: Option<bool>,
    },
    Text,
    Blank,
    Rule,
    /// A `key: value` line of the front matter (YAML between `---` lines at the top).
    Meta,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based line in the file.
    pub n: usize,
    pub kind: Kind,
    pub text: String,
}

/// Line starts of a text, for byte offset -> line number.
pub struct LineMap {
    starts: Vec<usize>,
}

impl LineMap {
    pub fn new(src: &str) -> LineMap {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineMap { starts }
    }
    /// The 1-based line holding byte `at`.
    pub fn line(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).max(1)
    }
    /// The byte range of line `n` (1-based), without its line end.
    pub fn range(&self, src: &str, n: usize) -> Range<usize> {
        let start = self.starts.get(n - 1).copied().unwrap_or(src.len());
        let end = self.starts.get(n).map_or(src.len(), |&e| e - 1);
        let end = end.max(start);
        let end = if src[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }
}

#[derive(Debug, Clone, Default)]
pub struct RawAction {
    pub text: String,
    pub line: usize,
    pub check: Option<bool>,
    /// 0 at the top of its list.
    pub depth: usize,
    /// From a "Next steps" list: an action only when it names an owner or has a box.
    pub soft: bool,
    /// Said in the notes ("Ada will book the room."): an action only when its owner is on
    /// the roster.
    pub from_notes: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RawItem {
    pub title: String,
    pub presenter: Option<String>,
    pub covered: bool,
    pub line: usize,
    pub background: Vec<String>,
    pub notes: Vec<String>,
    pub outcomes: Vec<String>,
    /// Listed under an "Agenda" heading (not a summary or notes of the discussion).
    pub agenda: bool,
}

/// One motion as read, before its names are matched against the roster.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawMotion {
    pub line: usize,
    /// The index of the raw item it was moved under.
    pub item: Option<usize>,
    pub text: String,
    pub mover: Option<String>,
    pub seconder: Option<String>,
    /// "unanimous consent", "counted vote", "recorded vote", "withdrawn".
    pub decided_by: Option<String>,
    /// "carried", "failed", "withdrawn" or "open".
    pub result: String,
    pub counts: Option<[u32; 3]>,
    /// (name, "yes" | "no" | "abstain", line).
    pub ballots: Vec<(String, String, usize)>,
    /// Said how it ended ("tabled"), when that is none of the results.
    pub tabled: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RawMeeting {
    pub date: Option<NaiveDate>,
    pub line: usize,
    pub title: Option<String>,
    pub present: Vec<Mention>,
    pub absent: Vec<Mention>,
    pub regrets: Vec<Mention>,
    pub guests: Vec<Mention>,
    pub moderator: Option<Mention>,
    pub notetaker: Option<Mention>,
    pub actions: Vec<RawAction>,
    pub review: Vec<RawAction>,
    pub items: Vec<RawItem>,
    pub recap: Vec<String>,
    pub quorum: Option<(u32, u32)>,
    pub next_meeting: Option<NaiveDate>,
    pub cancelled: bool,
    pub parts: Vec<(usize, String)>,
    pub kept: Vec<(usize, String)>,
    pub remarks: Vec<(usize, String)>,
    /// Lists and tables under an attendance heading that were not read as attendance, and
    /// why: reported with their line.
    pub unread: Vec<(usize, String)>,
    /// The start written in the meeting's heading ("15:00 UTC"), and its zone.
    pub time: Option<String>,
    pub zone: Option<String>,
    /// What the user is told about this meeting (a date settled against its weekday).
    pub notes: Vec<(usize, String)>,
    /// Names that speak in the notes ("Ada: we have a draft", "[ada] …").
    pub speakers: Vec<String>,
    /// The line that says everyone attended ("Attendance: all"), names none.
    pub everyone: Option<usize>,
    /// A meeting that records no attendance: the members, whose attendance is unknown.
    pub unknown: Vec<Mention>,
    /// The motions written in the notes, in order (issue 28).
    pub motions: Vec<RawMotion>,
    /// The notes are a verbatim transcript (turn after turn of "ABC: …"): a speaker's
    /// "I'll …" there is said in passing, not taken as an action.
    pub transcript: bool,
}

/// A document: its standing header and its meetings, in the order written.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: Option<String>,
    pub info: Vec<(String, String)>,
    pub time: Option<String>,
    pub timezone: Option<String>,
    pub meetings: Vec<RawMeeting>,
    /// Header lines that were neither the title nor a `Key: value` line.
    pub kept: Vec<(usize, String)>,
}

/// The owner written for an action whose minutes name nobody (an agenda needs one).
pub const UNASSIGNED: &str = "unassigned";

/// What `gavel import` was asked for, beyond the files.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The series' cadence ("2w"), when the dates do not tell it (one meeting).
    pub cadence: Option<String>,
    /// The meetings' title, when the documents' own is not the one wanted.
    pub title: Option<String>,
}

/// A line of text cut to 100 characters for a message.
pub fn short(text: &str) -> String {
    let t = clean_line(text);
    let t = t.trim();
    if t.chars().count() > 100 {
        format!("{}…", t.chars().take(99).collect::<String>())
    } else {
        t.to_string()
    }
}

/// The standing header of one file.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub title: Option<String>,
    pub info: Vec<(String, String)>,
    pub time: Option<String>,
    pub timezone: Option<String>,
}

/// A file's name as words ("2026_03_04.md" -> "2026 03 04 md"), for the dates in it.
pub fn file_stem(name: &str) -> String {
    let n = std::path::Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Dots between digits are a date's ("2019.08.20-meeting.md"); the others separate words.
    let c: Vec<char> = n.chars().collect();
    c.iter()
        .enumerate()
        .map(|(i, &ch)| match ch {
            '.' if i > 0
                && c[i - 1].is_ascii_digit()
                && c.get(i + 1).is_some_and(char::is_ascii_digit) =>
            {
                '.'
            }
            '_' | '.' => ' ',
            _ => ch,
        })
        .collect()
}
