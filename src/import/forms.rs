//! The forms a person is written in when the name is not first: a handle or an address with
//! the name in parentheses ("@jtamm (Juno Tamm)", "jtamm (Juno Tamm, Acme)", "juno@acme.example
//! (Juno Tamm)"), and a user name in parentheses after the name ("Juno Tamm (jtamm)").

use crate::meeting::fold;

/// Words that make a group in parentheses an organisation, not a person's name.
const ORG_WORDS: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "ltd",
    "llc",
    "gmbh",
    "ag",
    "sa",
    "bv",
    "plc",
    "co",
    "company",
    "labs",
    "lab",
    "foundation",
    "university",
    "univ",
    "college",
    "school",
    "institute",
    "group",
    "software",
    "systems",
    "technologies",
    "technology",
    "tech",
    "networks",
    "security",
    "solutions",
    "consulting",
    "partners",
    "associates",
    "cloud",
    "data",
    "research",
    "services",
    "community",
    "project",
    "team",
    "initiative",
    "alliance",
    "consortium",
    "society",
    "association",
    "industries",
    "international",
    "digital",
    "media",
    "health",
    "bank",
    "agency",
    "government",
    "ministry",
    "electronics",
    "semiconductor",
    "microsystems",
    "network",
    "platforms",
    "studio",
    "studios",
    "works",
    "ventures",
    "capital",
    "expert",
    "invited",
    "independent",
    "self",
    "individual",
];

/// Whether `part` reads as an organisation: a word organisations end in, an acronym, a
/// domain name.
fn org_like(part: &str) -> bool {
    part.split_whitespace().any(|w| {
        let f = fold(w);
        let f = f.trim_matches(|c: char| !c.is_alphanumeric());
        ORG_WORDS.contains(&f)
            || w.chars().filter(char::is_ascii_uppercase).count() >= 2
                && w.chars().all(|c| !c.is_lowercase())
            || w.contains('.') && w.len() > 4
    })
}

/// Whether the handle (or an address's local part) and a name belong together: the handle
/// spells the name, or holds one of its words of three letters or more.
fn handle_fits(handle: &str, name: &str) -> bool {
    let h: String = fold(handle)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    spells(handle, name)
        || name.split_whitespace().any(|w| {
            let w: String = fold(w).chars().filter(|c| c.is_alphanumeric()).collect();
            w.chars().count() >= 3 && h.contains(&w)
        })
}

/// What was written outside the parentheses when it is only a handle: a user name in lower
/// case or with a digit (a capitalised word reads as a first name).
fn lone_user_name(outside: &str) -> Option<&str> {
    let t = outside.trim().trim_start_matches('@');
    (t.len() >= 2 && is_user_name(t) && !looks_like_name(t)).then_some(t)
}

/// A person written as a handle or an address with the name in the first group of
/// parentheses: `outside` is what stands outside the groups once the handle and address
/// were taken (`handle`, `email`). Returns the name, the handle written bare (if any),
/// and the group's other parts (role, organisation), leaving the other groups as they are.
pub(super) fn name_after_handle(
    outside: &str,
    handle: Option<&str>,
    email: Option<&str>,
    groups: &mut Vec<String>,
) -> Option<(String, Option<String>)> {
    let bare = lone_user_name(outside);
    if !outside.trim().is_empty() && bare.is_none() {
        return None;
    }
    let key = bare
        .or(handle)
        .or_else(|| email.and_then(|e| e.split('@').next()))?;
    let first = groups.first()?;
    let parts = split_top(first, &[',', ';']);
    let name = parts.first()?.trim().to_string();
    let fits = handle_fits(key, &name);
    let shaped = looks_like_name(&name)
        && !org_like(&name)
        && (fits || name.split_whitespace().count() >= 2);
    if !shaped {
        return None;
    }
    let rest = parts[1..].join(", ");
    if rest.trim().is_empty() {
        groups.remove(0);
    } else {
        groups[0] = rest;
    }
    Some((name, bare.map(str::to_string)))
}

/// "Juno Tamm (jtamm)": a group that is one user name spelling the name is the handle.
pub(super) fn handle_in_group(name: &str, group: &str) -> Option<String> {
    let g = group.trim();
    (lone_user_name(g).is_some() && handle_fits(g, name) && name.split_whitespace().count() >= 2)
        .then(|| g.to_string())
}

/// Words that are never a person's name (labels written where a name could stand).
pub(super) const NOT_NAMES: &[&str] = &[
    // A template's placeholder for the people to come ("- Name / affiliation / TZ").
    "name",
    "your name",
    "full name",
    "first last",
    "first name last name",
    "firstname lastname",
    "name surname",
    "note",
    "notes",
    "fyi",
    "update",
    "updates",
    "question",
    "idea",
    "status",
    "todo",
    "action",
    "actions",
    "ai",
    "ais",
    "done",
    "outcome",
    "decision",
    "background",
    "summary",
    "agenda",
    "topic",
    "topics",
    "link",
    "links",
    "discussion",
    "proposal",
    "reminder",
    "aob",
    "result",
    "results",
    "next",
    "next steps",
    "example",
    "options",
    "option",
    "please",
    "none",
    "n/a",
    "tbd",
    "anyone",
    "everyone",
    "all",
    "nobody",
    "new attendees",
    "attendees",
    "welcome",
    "informational",
    "review",
    "meeting",
    "agreed",
    "correct link",
    "owners",
    "owner",
    "yes",
    "no",
    "mechanism",
    "problem",
    "recommendation",
    "target",
    "administrativa",
    "hello",
    "request",
    "charter",
    "governance",
    "blog",
    "telemetry",
    "mission",
    "strategy",
];

/// Splits at commas (or `sep`) outside parentheses and quotes.
pub fn split_top(text: &str, seps: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            _ => {}
        }
        if depth == 0 && seps.contains(&c) {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// True when `text` reads as a person's name: one to five words, letters (initials with a
/// dot, hyphens and apostrophes allowed), each name word capitalised or a particle.
pub fn looks_like_name(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 60 || NOT_NAMES.contains(&fold(t).as_str()) {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    // Words that are never part of a person's name ("Eve Introduction").
    const NOT_NAME_WORDS: &[&str] = &[
        "introduction",
        "introductions",
        "intro",
        "welcome",
        "update",
        "updates",
        "meeting",
        "minutes",
        "agenda",
        "notes",
    ];
    if words.len() > 1
        && words
            .iter()
            .any(|w| NOT_NAME_WORDS.contains(&fold(w).as_str()))
    {
        return false;
    }
    const PARTICLES: &[&str] = &[
        "van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "bin", "al", "el", "dos",
        "das", "del", "ter", "ten", "y",
    ];
    let mut capitalised = 0;
    for w in &words {
        let ok_chars = w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'));
        if !ok_chars {
            return false;
        }
        let first = w.chars().next();
        // A script without capitals (Chinese, Japanese, Korean…): a name as written.
        let caseless =
            first.is_some_and(|c| c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase());
        if first.is_some_and(char::is_uppercase) || caseless {
            capitalised += 1;
        } else if !PARTICLES.contains(&w.to_lowercase().as_str()) {
            return false;
        }
    }
    capitalised > 0
}

/// A user name as GitHub and chat tools have them (without its `@`): letters, digits, `-`
/// and `_`, at most 39 characters.
pub fn is_user_name(h: &str) -> bool {
    !h.is_empty()
        && h.chars().count() <= 39
        && h.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
}

/// Whether `handle` spells `name`: first and last name in either order, or an initial and
/// the other name, ignoring case, accents, hyphens and trailing digits.
pub(super) fn spells(handle: &str, name: &str) -> bool {
    let h: String = fold(handle)
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let words: Vec<String> = name_words(name)
        .iter()
        .map(|w| fold(w).chars().filter(|c| c.is_alphanumeric()).collect())
        .filter(|w: &String| !w.is_empty())
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if words.len() < 2 || h.len() < 3 {
        return false;
    }
    let initial = |w: &str| w.chars().next().map(String::from).unwrap_or_default();
    [
        format!("{first}{last}"),
        format!("{last}{first}"),
        format!("{}{last}", initial(first)),
        format!("{first}{}", initial(last)),
        format!("{last}{}", initial(first)),
        words.concat(),
    ]
    .contains(&h)
}

/// A folded name split into words, with dots and quotes dropped: "Ada B. Moreno" ->
/// ["ada", "b", "moreno"].
pub fn name_words(name: &str) -> Vec<String> {
    fold(name)
        .split(char::is_whitespace)
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_parentheses_after_a_handle() {
        let mut g = vec!["Juno Tamm, Acme".to_string()];
        assert_eq!(
            name_after_handle("", Some("jtamm"), None, &mut g),
            Some(("Juno Tamm".to_string(), None))
        );
        assert_eq!(g, ["Acme"]);
        let mut g = vec!["Juno Tamm".to_string()];
        assert_eq!(
            name_after_handle("jtamm", None, None, &mut g),
            Some(("Juno Tamm".to_string(), Some("jtamm".to_string())))
        );
        assert!(g.is_empty());
        // An organisation after a handle stays the organisation.
        for org in ["Acme Labs", "IBM", "Widget Co", "acme.example", "Acme"] {
            let mut g = vec![org.to_string()];
            assert_eq!(
                name_after_handle("", Some("jtamm"), None, &mut g),
                None,
                "{org}"
            );
        }
        // A first name alone needs the handle to hold it.
        let mut g = vec!["Juno".to_string()];
        assert!(name_after_handle("", Some("juno-t"), None, &mut g).is_some());
        // A name first is not this form.
        let mut g = vec!["Acme".to_string()];
        assert_eq!(name_after_handle("Juno Tamm", None, None, &mut g), None);
        assert_eq!(handle_in_group("Juno Tamm", "jtamm"), Some("jtamm".into()));
        assert_eq!(handle_in_group("Juno Tamm", "acme"), None);
    }
}
