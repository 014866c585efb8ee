//! Items of a meeting: their titles and presenters ("3. Security process *(Ada)*"), and
//! a summary of the discussion by topic matched to the agenda's items.

use super::people::{looks_like_name, plain, split_top};
use super::raw::RawItem;
use super::sections::words_of;

/// Significant words of an item (its title and notes), for matching a summary's topics.
fn topic_words(title: &str, notes: &[String]) -> std::collections::HashSet<String> {
    const COMMON: &[&str] = &[
        "discussion",
        "status",
        "update",
        "updates",
        "next",
        "proposed",
        "proposal",
        "need",
        "with",
        "from",
        "about",
        "into",
        "that",
        "this",
        "what",
        "other",
        "current",
        "members",
        "steps",
        "item",
        "items",
        "review",
        "follow",
        "their",
        "there",
        "should",
    ];
    std::iter::once(title)
        .chain(notes.iter().map(String::as_str))
        .flat_map(|t| {
            words_of(t)
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(&w.as_str()))
        .collect()
}

/// Minutes with an agenda and a summary of the discussion by topic: each topic's notes go
/// to the agenda item it is about (the most words in common); a topic about no agenda item
/// stays an item of its own; an agenda item no topic is about was not covered.
pub fn summary_into_agenda(items: &mut Vec<RawItem>) {
    let agenda: Vec<usize> = (0..items.len()).filter(|&i| items[i].agenda).collect();
    // (Items said not covered are not topics of the discussion.)
    let topics: Vec<usize> = (0..items.len())
        .filter(|&i| !items[i].agenda && items[i].covered)
        .collect();
    if agenda.is_empty() || topics.is_empty() {
        return;
    }
    let words: Vec<_> = items
        .iter()
        .map(|i| topic_words(&i.title, &i.notes))
        .collect();
    let title_words: Vec<_> = items.iter().map(|i| topic_words(&i.title, &[])).collect();
    let mut matched = vec![false; items.len()];
    let mut moved = vec![false; items.len()];
    for &t in &topics {
        let best = agenda
            .iter()
            .map(|&a| (words[a].intersection(&title_words[t]).count(), a))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, a)| (*n, std::cmp::Reverse(*a)));
        if let Some((_, a)) = best {
            let topic = items[t].clone();
            let target = &mut items[a];
            target.notes.push(topic.title);
            target.notes.extend(topic.notes);
            target.outcomes.extend(topic.outcomes);
            matched[a] = true;
            moved[t] = true;
        }
    }
    if !moved.iter().any(|m| *m) {
        return;
    }
    for &a in &agenda {
        if !matched[a] {
            items[a].covered = false;
        }
    }
    let mut k = 0;
    items.retain(|_| {
        k += 1;
        !moved[k - 1]
    });
}

pub fn numbered_title(text: &str) -> Option<&str> {
    let t = text.trim();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (digits > 0)
        .then(|| &t[digits..])
        .and_then(|r| r.strip_prefix('.').or_else(|| r.strip_prefix(')')))
        .filter(|r| r.starts_with(' '))
}

/// "TOP 2: Haushalt", "Item 3 - Budget", "Punkt 4. Wahlen": an agenda point's number before
/// its title, in words (TOP is German minutes' Tagesordnungspunkt). The title.
fn point_title(text: &str) -> Option<&str> {
    let t = text.trim();
    let (word, rest) = t.split_once(' ')?;
    if !["top", "item", "punkt", "point", "tagesordnungspunkt", "tp"]
        .contains(&word.to_lowercase().as_str())
    {
        return None;
    }
    let number = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .count();
    let after = rest[number..].trim_start_matches([':', ')', '-', '–']);
    (number > 0 && after.starts_with(' ') && !after.trim().is_empty()).then(|| after.trim())
}

/// "3. Security process *(Ada)*" -> ("Security process", Some("Ada")).
pub fn item_title(text: &str) -> (String, Option<String>) {
    let t = numbered_title(text)
        .or_else(|| point_title(text))
        .unwrap_or(text);
    let t = plain(t);
    let t = t.trim().trim_end_matches(':').trim();
    if let Some(open) = t.rfind('(') {
        if t.ends_with(')') {
            let inner = t[open + 1..t.len() - 1].trim();
            let inner = inner.trim_end_matches('?');
            if looks_like_name(inner)
                || split_top(inner, &[',', '/'])
                    .iter()
                    .all(|p| looks_like_name(p))
            {
                let title = t[..open]
                    .trim()
                    .trim_end_matches([':', '-'])
                    .trim()
                    .to_string();
                if !title.is_empty() {
                    return (title, Some(inner.to_string()));
                }
            }
        }
    }
    // "[Ada] Topic", "Topic [Ada]": who brings it, in brackets at either end.
    let t = t.replace("\\[", "[").replace("\\]", "]");
    let bracket = t
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .or_else(|| {
            let r = t.strip_suffix(']')?;
            let (title, who) = r.rsplit_once('[')?;
            Some((who, title))
        });
    if let Some((who, title)) = bracket {
        let (who, title) = (who.trim(), title.trim());
        if looks_like_name(who) && who.split_whitespace().count() <= 3 && !title.is_empty() {
            return (title.to_string(), Some(who.to_string()));
        }
    }
    let t = t.as_str();
    // "Topic - Presenter"
    if let Some((title, who)) = t.rsplit_once(" - ") {
        if looks_like_name(who.trim()) && who.split_whitespace().count() <= 3 {
            return (title.trim().to_string(), Some(who.trim().to_string()));
        }
    }
    (t.to_string(), None)
}
