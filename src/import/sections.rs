//! What a heading or a label introduces, by its words (in several languages) and shape:
//! attendance, regrets, guests, actions, items, a cancelled meeting.

use super::people::plain;
use crate::meeting::fold;

/// What a heading (or a label) introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    None,
    Present,
    Regrets,
    Guests,
    Review,
    Actions,
    /// A container of items: "Agenda", "Topics", "Summary", "Notes".
    Items,
    NotCovered,
    Recap,
    NextMeeting,
    Cancelled,
    /// An item of its own ("Introduction", any unknown heading).
    Item,
}

pub(crate) fn words_of(text: &str) -> String {
    let f = fold(&plain(text));
    f.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a heading introduces, by its words.
pub fn classify(title: &str) -> Section {
    let w = words_of(title);
    let w = w.as_str();
    let starts = |p: &[&str]| p.iter().any(|p| w == *p || w.starts_with(&format!("{p} ")));
    if w.contains("cancelled") || w.contains("canceled") {
        Section::Cancelled
    } else if starts(&[
        "attendance",
        "attendees",
        "attendee",
        "attendee list",
        "present",
        "participants",
        "roll call",
        "in attendance",
        "who is here",
        "members present",
    ]) {
        Section::Present
    } else if starts(&["apologies", "regrets", "absent", "excused", "absences"]) {
        Section::Regrets
    } else if starts(&[
        "guests",
        "guest",
        "other attendees",
        "observers",
        "visitors",
    ]) {
        Section::Guests
    } else if starts(&[
        "old actions",
        "old action items",
        "previous actions",
        "open actions",
        "action review",
        "review of previous actions",
        "review of actions",
        "outstanding actions",
        "actions from last meeting",
        "carried actions",
        "review of action items",
        "action items review",
        "pending actions",
    ]) {
        Section::Review
    } else if starts(&[
        "new actions",
        "actions",
        "action items",
        "next steps",
        "ais",
        "todo",
        "to do",
        "follow ups",
        "follow up",
        "new action items",
        "tasks",
    ]) {
        Section::Actions
    } else if starts(&[
        "not covered",
        "deferred",
        "parking lot",
        "not discussed",
        "items not covered",
    ]) {
        Section::NotCovered
    } else if starts(&["recap", "quick recap", "tl dr", "tldr", "executive summary"]) {
        Section::Recap
    } else if starts(&["next meeting", "next call"]) {
        Section::NextMeeting
    } else if starts(&[
        "agenda",
        "topics",
        "summary",
        "notes",
        "meeting notes",
        "discussion",
        "minutes",
        "agenda/meeting notes",
        "agenda and notes",
        "agenda items",
        "discussion items",
    ]) {
        Section::Items
    } else {
        Section::Item
    }
}

/// A label line: "Present: …", "**Regrets:** …", "**Time: **…", "*Quorum: …*". Returns the
/// label's words (folded) and the value.
pub fn label(text: &str) -> Option<(String, String)> {
    let t = text.trim_start_matches(['*', '_', ' ']);
    let colon = t.find(':')?;
    let key = t[..colon].trim().trim_end_matches(['*', '_']).trim();
    if key.is_empty()
        || key.chars().count() > 30
        || key.split_whitespace().count() > 4
        || !key
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '/' | '-' | '\'' | '&'))
    {
        return None;
    }
    let value = t[colon + 1..].trim_start_matches(['*', '_']);
    let value = value.trim();
    let value = value.strip_suffix("**").unwrap_or(value);
    let value = value.strip_suffix('*').unwrap_or(value);
    let value = value.strip_suffix("__").unwrap_or(value).trim();
    Some((words_of(key), value.to_string()))
}

pub(crate) fn is_next_meeting_heading(text: &str) -> bool {
    let w = words_of(text);
    w.contains("next meeting") || w.contains("next call")
}

pub(crate) fn label_section(key: &str) -> Option<Section> {
    let s = match key {
        "present" | "attendees" | "attendance" | "participants" | "in attendance"
        | "members present" | "attending" => Section::Present,
        "regrets" | "apologies" | "absent" | "excused" | "absences" => Section::Regrets,
        "guests" | "guest" | "other attendees" | "observers" | "visitors" | "also present" => {
            Section::Guests
        }
        _ => return None,
    };
    Some(s)
}

pub(crate) fn section_name(s: Section) -> &'static str {
    match s {
        Section::None => "text",
        Section::Present => "attendance",
        Section::Regrets => "regrets",
        Section::Guests => "guests",
        Section::Review => "review",
        Section::Actions => "actions",
        Section::Items => "items",
        Section::NotCovered => "not covered",
        Section::Recap => "recap",
        Section::NextMeeting => "next meeting",
        Section::Cancelled => "cancelled",
        Section::Item => "item",
    }
}
