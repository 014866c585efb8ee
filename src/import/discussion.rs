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
    let (head, _) = said_by(t)?;
    Some(fold(head))
}

/// A note said by someone: "Ada: text", "Ada → text", "Ada -> text" (a name of three words
/// at most before the mark, something after it). The speaker and what they said.
fn said_by(t: &str) -> Option<(&str, &str)> {
    let (at, mark) = [":", " → ", " -> ", " => "]
        .iter()
        .filter_map(|m| t.find(m).map(|at| (at, m.len())))
        .min()?;
    let (head, rest) = (t[..at].trim(), t[at + mark..].trim());
    (!rest.is_empty()
        && head.split_whitespace().count() <= 3
        && (looks_like_name(head) || user_name(head))
        && !head.contains(['(', '[']))
    .then_some((head, rest))
}

/// A user name standing for a person in a transcript ("nikola7: I'll do it", "ada-m to
/// fix it"): lower case or with a digit. A word of the language can look the same
/// ("consensus: …", "need to fix"): what it commits is kept only when the roster knows
/// the name.
fn user_name(w: &str) -> bool {
    super::people::bare_handle(w, 0).is_some()
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
    "is unavailable",
    "unavailable today",
    "can't attend",
    "cannot attend",
    "could not attend",
    "couldn't attend",
    "won't be able to attend",
    "will not be able to attend",
    "is on vacation",
    "is on leave",
    "is sick",
    "is ill",
    "is travelling",
    "is traveling",
];

/// Reads a fact said in a note into the meeting: regrets (into the regrets) or a
/// commitment (an action, kept only when its owner is on the roster). True when one was.
/// Notes of an item the meeting did not cover (`covered` false) take no action.
pub fn fact(
    text: &str,
    line: usize,
    check: Option<bool>,
    covered: bool,
    m: &mut RawMeeting,
) -> bool {
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
            // "Sam sends regrets for the 30 November meeting": another meeting's.
            let after = &lower[at + r.len()..];
            if super::dates::find_date(after).is_some()
                || super::dates::names_a_day(after)
                || ["next ", "future", "upcoming", "following"]
                    .iter()
                    .any(|w| after.contains(w))
            {
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
    if !covered {
        return false;
    }
    // "(Action) Ben to review it", "[AI] …", "TODO: …", "ACTION ITEM Ben - …": marked at
    // its start ("Action item review" titles a part of the meeting: a task has more words).
    let marked_at_start = [
        "(action)",
        "[action]",
        "(ai)",
        "[ai]",
        "(todo)",
        "[todo]",
        "todo:",
        "action item ",
    ]
    .iter()
    .find_map(|m| {
        lower
            .strip_prefix(m)
            .map(|rest| t[t.len() - rest.len()..].trim())
    })
    .filter(|rest| !rest.is_empty())
    .filter(|rest| !lower.starts_with("action item ") || rest.split_whitespace().count() >= 3)
    .map(str::to_string);
    // "@ana post the link": told to a handle, kept when the roster knows it ("@somebot
    // merge" quoted in the notes is a command to a bot); "@all - please review it" told
    // to a group, an action of nobody in particular (written unassigned, said).
    let told = handle_told(t).map(|text| {
        let to = text.split_whitespace().next().unwrap_or_default();
        let group = super::actions::is_group(to.trim_start_matches('@'));
        (text, !group)
    });
    if let Some((text, from_notes)) = marked_at_start
        .or_else(|| marked_action(t))
        .map(|text| (text, false))
        .or(told)
    {
        // Marked by the secretary: an action even when it names nobody.
        m.actions.push(RawAction {
            text,
            line,
            check,
            depth: 0,
            soft: false,
            from_notes,
        });
        return true;
    }
    // Each sentence of the note may commit someone ("Issue 12, no owner yet. Tess to fix
    // it"): the sentence, with what the note said before it in brackets.
    let said: Vec<String> = match took_action(t, m.transcript) {
        Some(took) => vec![took],
        // In a verbatim transcript what people say they will do is said in passing: only
        // what the secretary marked (above, and lists of actions) is an action.
        None if m.transcript => Vec::new(),
        None => {
            let mut said = Vec::new();
            for (start, sentence) in sentences(t) {
                let before = t[..start].trim().trim_end_matches(['.', ',']);
                let reported = reported(sentence.trim()).or_else(|| going_to(sentence.trim()));
                let sentence = reported.as_deref().unwrap_or(sentence.trim());
                if commitment(sentence) {
                    said.push(if before.is_empty() {
                        sentence.to_string()
                    } else {
                        // In brackets, where no owner is looked for ("(Ada: …)" would be).
                        format!("{sentence} [{before}]")
                    });
                }
            }
            said
        }
    };
    for text in &said {
        m.actions.push(RawAction {
            text: text.clone(),
            line,
            check,
            depth: 0,
            soft: false,
            // "@ana will arrange it": a handle names a person, known to the roster or not
            // (minutes that list nobody have no roster); a capitalised word may be none.
            from_notes: !text.starts_with('@'),
        });
    }
    !said.is_empty()
}

/// The sentences of a note with where each starts: split after ". ", "; ", "! ", after a
/// closing parenthesis followed by a capital ("(that call was cancelled) Ben will ask"), and
/// after a comma followed by a capital that ends a clause of four words or more ("SC needs
/// to pull in the next candidate, Tim will lead"; not "Ada, Ben and Cy will meet").
fn sentences(t: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = t.as_bytes();
    for (i, c) in t.char_indices() {
        let ends = matches!(c, '.' | ';' | '!' | ')' | ',');
        if !ends || b.get(i + 1) != Some(&b' ') {
            continue;
        }
        let next = t[i + 2..].chars().next();
        if matches!(c, ')' | ',') && !next.is_some_and(char::is_uppercase) {
            continue;
        }
        if c == ',' && t[start..i].split_whitespace().count() < 4 {
            continue;
        }
        let end = if c == ')' { i + 1 } else { i };
        out.push((start, &t[start..end]));
        start = i + 2;
    }
    out.push((start, &t[start..]));
    out
}

/// Reported speech, as a summary writes a commitment: "Widget developer Ada Moreno said
/// that he would spearhead it" -> "Ada Moreno to spearhead it" (the capitalised words
/// before "said", two at most, quotes dropped).
fn reported(sentence: &str) -> Option<String> {
    if !sentence.contains(" said ") {
        return None;
    }
    let lower = sentence.to_ascii_lowercase();
    let (at, len) = [" said that ", " said "].iter().find_map(|p| {
        let at = lower.find(p)?;
        let rest = &lower[at + p.len()..];
        [
            "he would ",
            "she would ",
            "they would ",
            "he will ",
            "she will ",
            "they will ",
        ]
        .iter()
        .find(|w| rest.starts_with(*w))
        .map(|w| (at, p.len() + w.len()))
    })?;
    let words: Vec<&str> = sentence[..at]
        .split_whitespace()
        .map(|w| w.trim_matches(['"', '“', '”', '‘', '’', '\'', ',']))
        .collect();
    let capital = |w: &&&str| w.chars().next().is_some_and(char::is_uppercase);
    let n = words.iter().rev().take(2).take_while(capital).count();
    if n == 0 {
        return None;
    }
    let said = &sentence[at + len..];
    // "said he would like to …", "would prefer …": a wish, not a commitment.
    let verb = said.split_whitespace().next().unwrap_or_default();
    if matches!(
        verb,
        "like" | "love" | "prefer" | "rather" | "want" | "be" | "not" | "need"
    ) {
        return None;
    }
    let who = words[words.len() - n..].join(" ");
    Some(format!("{who} to {said}"))
}

/// "Ada is going to submit it", "Ada and Ben are going to meet": "Ada to submit it".
fn going_to(sentence: &str) -> Option<String> {
    let lower = sentence.to_ascii_lowercase();
    let (at, len) = [
        " is going to ",
        " are going to ",
        " is gonna ",
        " are gonna ",
    ]
    .iter()
    .find_map(|p| lower.find(p).map(|at| (at, p.len())))?;
    let (who, what) = (&sentence[..at], &sentence[at + len..]);
    // "going to be there", "going to have time": no task.
    let verb = what.split_whitespace().next().unwrap_or_default();
    (who.split_whitespace().count() <= 3 && !matches!(verb, "be" | "have" | "need" | "not"))
        .then(|| format!("{who} to {what}"))
}

/// Notes that are a verbatim transcript: a hundred turns or more of a speaker ("ABC: …",
/// "Ada: …"), the most of the meeting's lines of text, of 35 words on average (a scribe's
/// notes of who said what are shorter).
pub fn is_transcript(lines: &[super::raw::Line]) -> bool {
    use super::raw::Kind;
    let text: Vec<&str> = lines
        .iter()
        .filter(|l| matches!(l.kind, Kind::Text | Kind::Bullet { .. }))
        .map(|l| l.text.as_str())
        .collect();
    let (mut turns, mut words) = (0, 0);
    for t in &text {
        let n = t.split_whitespace().count();
        if n >= 3 && said_by(t.trim()).is_some() {
            turns += 1;
            words += n;
        }
    }
    turns >= 100 && turns * 2 >= text.len() && words >= turns * 35
}

/// Where `phrase` stands in `text` as whole words ("is out", not "is outside").
fn phrase_at(text: &str, phrase: &str) -> Option<usize> {
    text.match_indices(phrase).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// "Alex will book the room", "Ana and Bo will meet", "Tess to enable it": a name of one or
/// two words (or two names joined by "and"), then "will" or "to" and a verb in lower case (an
/// offer, "Ada offered to draft it", stays a note; so do "X will be", "X will have time").
fn commitment(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    // A question ("Ada: what to do with it?") commits no one.
    if t.contains('?') {
        return false;
    }
    (1..=3).any(|n| {
        if words.len() <= n + 1 || words[..n].iter().any(|w| w.contains(':')) {
            return false;
        }
        // Two names joined by a slash ("Ana/Kai will share it") are two people, as "and".
        let pair = |w: &str| {
            let parts: Vec<&str> = w.split('/').collect();
            parts.len() == 2 && parts.iter().all(|p| looks_like_name(p))
        };
        // A person is a name or a handle ("@ana to draft it"); a word that starts a
        // sentence is none ("Just to give an example", "And to be able to …").
        if NOT_SUBJECTS.contains(&words[0].to_ascii_lowercase().as_str()) {
            return false;
        }
        let person = |w: &str| looks_like_name(w) || is_handle(w);
        let named = if n == 3 {
            words[1] == "and" && person(words[0]) && person(words[2])
        } else {
            looks_like_name(&words[..n].join(" "))
                || (n == 1 && (pair(words[0]) || is_handle(words[0]) || user_name(words[0])))
        };
        let verb = words[n + 1];
        // "Ryan will facilitate", "Mark will scribe": a role in the meeting, not a task.
        let role_only = words.len() == n + 2
            && matches!(
                verb.trim_end_matches(['.', '!']),
                "facilitate" | "scribe" | "chair" | "moderate" | "host" | "present" | "notetake"
            );
        named
            && !role_only
            && match words[n] {
                "will" => match verb {
                    "be" | "not" | "need" => false,
                    "have" => matches!(words.get(n + 2), Some(&("a" | "an" | "the"))),
                    _ => true,
                },
                "to" => verb.len() > 1 && verb.chars().all(char::is_lowercase),
                _ => false,
            }
    })
}

/// Words that start a sentence and read as a first name's start ("Just" for Justina, "And"
/// for Andrea): never the subject of a commitment.
const NOT_SUBJECTS: &[&str] = &[
    "just",
    "and",
    "but",
    "so",
    "also",
    "then",
    "now",
    "we",
    "they",
    "it",
    "this",
    "that",
    "there",
    "here",
    "someone",
    "somebody",
    "everyone",
    "everybody",
    "nobody",
    "need",
    "want",
    "plan",
    "next",
    "still",
    "only",
    "maybe",
    "perhaps",
    "please",
    "agreed",
    "decided",
    "time",
    "hard",
    "easy",
    "nice",
    "good",
    "important",
    "happy",
    "glad",
    "able",
    "going",
    "trying",
    "how",
    "what",
    "when",
    "where",
    "why",
    "who",
    "which",
    "if",
    "or",
    "not",
    "yes",
    "no",
    "ok",
    "okay",
    "sure",
    "thanks",
    "i",
    "you",
    "he",
    "she",
    "one",
    "all",
    "some",
];

/// "…needs a fix.  AI: Noor", "… AI: Noor to open a PR", "Topic (AI Wren to draft it)": an
/// action marked in the middle of a note. Owners alone after the mark own the note before
/// it ("[Noor] <note>"); a sentence after it is the action, the note kept beside it.
fn marked_action(t: &str) -> Option<String> {
    let ai = t.match_indices("AI").map(|(at, _)| at).find(|&at| {
        let before = t[..at].chars().next_back();
        let after = t[at + 2..].chars().next();
        at > 0
            && !before.is_some_and(char::is_alphanumeric)
            && (after == Some(':') || (before == Some('(') && after == Some(' ')))
    });
    // "… (action item @ana and @bo)", "… (room to be found, action item @ana)": owners only.
    let item = || {
        let at = t.to_ascii_lowercase().find("action item")?;
        t[..at].trim_end().ends_with(['(', ',']).then_some(at)
    };
    let (at, len, owners_needed) = match ai {
        Some(at) => (at, 2, false),
        None => (item()?, "action item".len(), true),
    };
    let mut note = t[..at]
        .trim_end_matches(['(', ' ', '*', ','])
        .trim()
        .to_string();
    let mut after = t[at + len..].trim_start_matches([':', ' ', '*']);
    if t[..at].rfind('(') > t[..at].rfind(')') {
        after = after.split(')').next().unwrap_or_default();
        if note.rfind('(') > note.rfind(')') {
            // "… (room to be found, action item @ana)": the note's parenthesis closed.
            note.push(')');
        }
    }
    let after = after.trim().trim_end_matches(['*', ' ', '.']);
    // "Noor Done by Ana before the call": the status ends the owners.
    let words: Vec<&str> = after.split_whitespace().collect();
    let done = words
        .iter()
        .position(|w| w.trim_matches(['*', '.']).eq_ignore_ascii_case("done"));
    let names = words[..done.unwrap_or(words.len())].join(" ");
    let status = if done.is_some() { " done" } else { "" };
    let owners_only = !names.is_empty()
        && names.split_whitespace().count() <= 4
        && names
            .split([',', '/'])
            .flat_map(|p| p.split(" and "))
            .all(|p| looks_like_name(p.trim()) || is_handle(p.trim()));
    if owners_only && !note.is_empty() {
        Some(format!("[{names}] {note}{status}"))
    } else if after.is_empty() || owners_needed {
        None
    } else if note.is_empty() {
        Some(after.to_string())
    } else {
        Some(format!("{after} ({note})"))
    }
}

/// "@ana post the link", "@ana - please send the list", "@ana: ask the board": a note that
/// tells a handle what to do, a verb in the imperative after it ("@ana posted …", "@ana
/// says …" report, and "@ana, can we …?" asks): "@ana to post the link".
fn handle_told(t: &str) -> Option<String> {
    let (handle, rest) = t.split_once(' ')?;
    if !is_handle(handle) || t.contains('?') {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '-', '–', '—', ':']).trim();
    let rest = rest
        .strip_prefix("please ")
        .or_else(|| rest.strip_prefix("Please "))
        .unwrap_or(rest);
    let verb = rest.split_whitespace().next()?;
    let reports = verb.ends_with("ed")
        || verb.ends_with('s') && !verb.ends_with("ss")
        || matches!(
            verb,
            "is" | "was"
                | "will"
                | "would"
                | "can"
                | "could"
                | "should"
                | "may"
                | "might"
                | "and"
                | "or"
                | "to"
                | "the"
                | "a"
                | "an"
                | "in"
                | "on"
                | "at"
                | "from"
                | "said"
                | "thinks"
                | "made"
                | "did"
                | "had"
                | "got"
                | "sent"
                | "took"
        );
    let imperative = verb.len() > 1 && verb.chars().all(|c| c.is_ascii_lowercase()) && !reports;
    imperative.then(|| format!("{handle} to {rest}"))
}

/// "@ana-b": a handle.
fn is_handle(p: &str) -> bool {
    p.strip_prefix('@').is_some_and(super::people::is_user_name)
}

/// "Wren took the action item to propose terms": "Wren to propose terms". After a speaker,
/// "Ryan: action item is Jack revise it" ("Jack revise it") and "Eric: I'll own the
/// policy" ("Eric to own the policy"): what the speaker says is an action, or commits to.
fn took_action(t: &str, transcript: bool) -> Option<String> {
    if let Some((who, said)) = said_by(t) {
        let lower = said.to_ascii_lowercase();
        for mark in ["action item is ", "action item: ", "ai: "] {
            if let Some(rest) = lower.strip_prefix(mark) {
                return Some(said[said.len() - rest.len()..].to_string());
            }
        }
        // "I'll …", and "will …" with the speaker as its subject ("Ben → will ask them"),
        // in a note; a turn of a verbatim transcript (a long one) says "I'll" in passing.
        let note = !transcript && said.split_whitespace().count() <= 30;
        for first in ["i'll ", "i will ", "i’ll ", "will "]
            .into_iter()
            .filter(|_| note)
        {
            // "Will" capitalised may be a person ("Ada: Will Moreno to …").
            let rest = lower
                .strip_prefix(first)
                .filter(|_| first != "will " || said.starts_with(first));
            if let Some(rest) = rest {
                let verb = rest.split_whitespace().next().unwrap_or_default();
                // "JW: will go": a verb alone says no task.
                let task = rest.split_whitespace().count() >= 2;
                if task
                    && !matches!(
                        verb,
                        "be" | "not" | "need" | "have" | "try" | "see" | "think"
                    )
                {
                    return Some(format!("{who} to {}", &said[said.len() - rest.len()..]));
                }
            }
        }
    }
    let lower = t.to_ascii_lowercase();
    for phrase in [
        " took the action item to ",
        " took an action item to ",
        " took the action to ",
        " took an action to ",
        " has the action to ",
        " has an action to ",
    ] {
        if let Some(at) = lower.find(phrase) {
            let who = t[..at].trim();
            if who.split_whitespace().count() <= 3 && looks_like_name(who) {
                return Some(format!("{who} to {}", &t[at + phrase.len()..]));
            }
        }
    }
    None
}
