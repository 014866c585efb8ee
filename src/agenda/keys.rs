//! The keys each table of an agenda may have (the contract documented in DESIGN.md), the
//! usual other names people give them, and the "did you mean" suggestion for a key that is
//! not allowed.

use crate::text::edit_distance;

/// The allowed key that `key` was probably meant to be: a close spelling or a known synonym.
pub(super) fn suggest<'a>(
    key: &str,
    allowed: &[&'a str],
    aliases: &[(&str, &'a str)],
) -> Option<&'a str> {
    let lower = key.to_lowercase().replace(['-', ' '], "_");
    if lower.chars().count() > 40 {
        return None;
    }
    if let Some((_, to)) = aliases.iter().find(|(from, _)| *from == lower) {
        return Some(to);
    }
    allowed
        .iter()
        .map(|cand| (edit_distance(&lower, cand), *cand))
        .filter(|(d, cand)| *d <= (cand.len() / 3).clamp(1, 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, cand)| cand)
}

pub(super) const MEETING_KEYS: &[&str] = &[
    "title",
    "series",
    "date",
    "start",
    "timezone",
    "zones",
    "length",
    "link",
    "moderator",
    "notetaker",
    "cadence",
    "quorum",
    "alternates_count",
    "vote_rule",
    "speaker_limit",
    "info",
    "previous_minutes",
    "github",
];
pub(super) const MEETING_ALIASES: &[(&str, &str)] = &[
    ("name", "title"),
    ("tz", "timezone"),
    ("time_zone", "timezone"),
    ("zone", "timezone"),
    ("duration", "length"),
    ("time", "start"),
    ("start_time", "start"),
    ("url", "link"),
    ("chair", "moderator"),
    ("facilitator", "moderator"),
    ("scribe", "notetaker"),
    ("note_taker", "notetaker"),
    ("minutes_taker", "notetaker"),
    ("rule", "vote_rule"),
    ("voting_rule", "vote_rule"),
    ("alternates_counted", "alternates_count"),
    ("count_alternates", "alternates_count"),
    ("repository", "github"),
    ("repo", "github"),
];
pub(super) const PEOPLE_KEYS: &[&str] = &[
    "name",
    "affiliation",
    "role",
    "votes",
    "alternate_for",
    "guest",
    "github",
];
pub(super) const PEOPLE_ALIASES: &[(&str, &str)] = &[
    ("organization", "affiliation"),
    ("organisation", "affiliation"),
    ("company", "affiliation"),
    ("employer", "affiliation"),
    ("org", "affiliation"),
    ("voting", "votes"),
    ("vote", "votes"),
    ("alternate", "alternate_for"),
    ("handle", "github"),
    ("github_handle", "github"),
];
pub(super) const ITEM_KEYS: &[&str] = &[
    "title",
    "presenter",
    "timebox",
    "kind",
    "background",
    "links",
    "fixed",
    "standing",
    "speaker_limit",
];
pub(super) const ITEM_ALIASES: &[(&str, &str)] = &[
    ("name", "title"),
    ("topic", "title"),
    ("owner", "presenter"),
    ("lead", "presenter"),
    ("duration", "timebox"),
    ("length", "timebox"),
    ("time", "timebox"),
    ("type", "kind"),
    ("description", "background"),
    ("notes", "background"),
    ("link", "links"),
    ("url", "links"),
    ("urls", "links"),
];
pub(super) const ACTION_KEYS: &[&str] = &["owner", "text", "due", "from", "carried"];
pub(super) const ACTION_ALIASES: &[(&str, &str)] = &[
    ("owners", "owner"),
    ("assignee", "owner"),
    ("who", "owner"),
    ("title", "text"),
    ("action", "text"),
    ("description", "text"),
    ("due_date", "due"),
    ("deadline", "due"),
    ("created", "from"),
    ("since", "from"),
];
pub(super) const TOP_KEYS: &[&str] = &["meeting", "people", "items", "actions"];
pub(super) const TOP_ALIASES: &[(&str, &str)] = &[
    ("person", "people"),
    ("persons", "people"),
    ("roster", "people"),
    ("members", "people"),
    ("attendees", "people"),
    ("item", "items"),
    ("agenda", "items"),
    ("topics", "items"),
    ("action", "actions"),
    ("action_items", "actions"),
];
