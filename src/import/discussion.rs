//! What the notes of a discussion say beside the discussion: who speaks ("Ada: …",
//! "[ada] …"), regrets sent ("Sam sends regrets", "Apologies from Sam"), and commitments
//! ("Alex will book the room.").

use super::people::{looks_like_name, parse_mention, plain};
use super::raw::{RawAction, RawMeeting};
use crate::meeting::fold;

/// The speaker of a note: "Ada:", "Ada Moreno:", "[ada]" at its start (folded).
pub fn speaker(text: &str) -> Option<String> {
    let t = plain(text);
    let t = t.trim();
    if let Some(rest) = t.strip_prefix('[') {
        let end = rest.find(']')?;
        let who = rest[..end].trim();
        let one_word = !who.is_empty() && who.chars().all(|c| c.is_alphabetic() || c == '-');
        return one_word.then(|| fold(who));
    }
    let (head, rest) = t.split_once(':')?;
    let head = head.trim();
    (!rest.trim().is_empty() && head.split_whitespace().count() <= 3 && looks_like_name(head))
        .then(|| fold(head))
}

const REGRETS: &[&str] = &[
    "sends regrets",
    "sent regrets",
    "send regrets",
    "sends apologies",
    "sent apologies",
    "sends her regrets",
    "sends his regrets",
    "sends their regrets",
    "is away",
    "is out",
    "can't make it",
    "cannot make it",
    "could not make it",
    "couldn't make it",
    "is excused",
];

/// Reads a fact said in a note into the meeting: regrets (into the regrets) or a
/// commitment (an action, kept only when its owner is on the roster). True when one was.
pub fn fact(text: &str, line: usize, check: Option<bool>, m: &mut RawMeeting) -> bool {
    let t = plain(text);
    let t = t.trim().trim_end_matches('.');
    // ASCII lower case keeps every byte where it was (the slices below).
    let lower = t.to_ascii_lowercase();
    for r in REGRETS {
        if let Some(at) = phrase_at(&lower, r) {
            let who = t[..at].trim();
            // The sentence's subject alone: "Sam is out", not "Sam: this is outside …".
            if !looks_like_name(who) || who.contains(':') {
                continue;
            }
            if let Some(p) = parse_mention(who, line, false) {
                m.regrets.push(p);
                return true;
            }
        }
    }
    for lead in [
        "regrets from ",
        "apologies from ",
        "regrets: ",
        "apologies: ",
    ] {
        if let Some(rest) = lower.strip_prefix(lead) {
            let who = &t[t.len() - rest.len()..];
            if let Some(p) = parse_mention(who, line, false) {
                m.regrets.push(p);
                return true;
            }
        }
    }
    if commitment(t) {
        m.actions.push(RawAction {
            text: t.to_string(),
            line,
            check,
            depth: 0,
            soft: false,
            from_notes: true,
        });
        return true;
    }
    false
}

/// Where `phrase` stands in `text` as whole words ("is out", not "is outside").
fn phrase_at(text: &str, phrase: &str) -> Option<usize> {
    text.match_indices(phrase).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// "Alex will book the room": a name of one or two words, then "will" (an offer, "Ada
/// offered to draft it", stays a note).
fn commitment(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (1..=2).any(|n| {
        words.len() > n + 1
            && looks_like_name(&words[..n].join(" "))
            && words[n] == "will"
            && !matches!(words[n + 1], "be" | "not" | "have" | "need")
    })
}
