//! Action items as secretaries write them: "Owner: text", "[Owner, Owner] text", "text -
//! Owner", "text (Owner)", "Owner to do something", task-list boxes, struck-through or
//! "done" items, and a due date.

use super::dates::find_date;
use super::people::{looks_like_name, plain, split_top};
use super::roster::{name_words, Roster};
use crate::meeting::fold;
use chrono::NaiveDate;

/// An action read from one line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedAction {
    /// Owners as the roster spells them, then unknown ones as written.
    pub owners: Vec<String>,
    pub unknown_owners: Vec<String>,
    pub text: String,
    pub due: Option<chrono::NaiveDate>,
    /// "done", "ongoing", "dropped", or None when the line says nothing.
    pub status: Option<&'static str>,
    /// The meeting it came from, when the line says ("(from 2026-02-09)", as gavel writes).
    pub from: Option<chrono::NaiveDate>,
    /// Did an owner pattern match (used for sub-bullets, which are actions only then).
    pub has_owner: bool,
}

/// "Team", "All benchmarking group members", "Everyone", "The docs WG": owners that are a
/// group, not a person (five words at most, the last a word for a group).
pub fn is_group(text: &str) -> bool {
    const GROUP: &[&str] = &[
        "team",
        "teams",
        "group",
        "groups",
        "members",
        "everyone",
        "everybody",
        "all",
        "folks",
        "maintainers",
        "contributors",
        "chairs",
        "participants",
        "attendees",
        "we",
        "wg",
        "sig",
        "committee",
        "council",
    ];
    let w = super::sections::words_of(text);
    let words: Vec<&str> = w.split_whitespace().collect();
    words.len() <= 5 && words.last().is_some_and(|l| GROUP.contains(l))
}

fn owner_list(text: &str, roster: &Roster, strict: bool) -> Option<(Vec<String>, Vec<String>)> {
    let parts = split_top(text, &[',', '/', '&', '+']);
    let parts: Vec<String> = parts
        .iter()
        .flat_map(|p| {
            p.split(" and ")
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for p in &parts {
        // `@name` is how people are mentioned on GitHub and in chat.
        let p = p
            .trim()
            .trim_start_matches('@')
            .trim_end_matches(['.', ':'])
            .trim();
        match roster.resolve(p).or_else(|| roster.by_initials(p)) {
            // A group ("Team", "All group members"): nobody in particular; only groups
            // make an action of no one (written unassigned, and said).
            None if is_group(p) => {}
            Some(person) => {
                if !known.contains(&person.name) {
                    known.push(person.name.clone());
                }
            }
            None if !strict && looks_like_name(p) && p.split_whitespace().count() <= 3 => {
                unknown.push(p.to_string());
            }
            // An `@handle` nobody on the roster has: still the owner, as written.
            None if raw_is_handle(&parts, p) => unknown.push(format!("@{p}")),
            // Someone who speaks in the minutes ("Wren: …") though not in attendance.
            None if looks_like_name(p) && roster.is_speaker(p) => unknown.push(p.to_string()),
            None => return None,
        }
    }
    Some((known, unknown))
}

type Owners = (Vec<String>, Vec<String>);

/// "Draft the budget @Ada", "整理纪要@张伟明@李静怡": mentions that end the text are its
/// owners. The owners and the text before them.
fn trailing_mentions(body: &str, roster: &Roster) -> Option<(Owners, String)> {
    let j = body.rfind('@').filter(|&j| j > 0)?;
    let before = body[..j].trim_end();
    // Back over the mentions run together before the last one ("@A@B").
    let start = before
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |k| k + 1);
    let (text, first) = if before[start..].starts_with('@') {
        (&before[..start], start)
    } else {
        match before.find('@') {
            Some(k) if before[k..].split('@').all(|n| !n.contains(' ')) => (&before[..k], k),
            _ => (before, j),
        }
    };
    let names: Vec<&str> = body[first..]
        .split(['@', ' '])
        .map(|n| n.trim().trim_end_matches([')', ']']))
        .filter(|n| !n.is_empty())
        .collect();
    // "docs cleanup (@ghopper)": the mention in brackets.
    let text = text.trim().trim_end_matches(['(', '[']).trim();
    if names.is_empty() || text.is_empty() {
        return None;
    }
    let o = owner_list(&names.join(", "), roster, false)?;
    Some((o, text.to_string()))
}

/// "Assigned to Wren", "Owner: Ada", "owners: Ada, Ben" -> the names.
fn without_assigned(tail: &str) -> String {
    let t = tail.trim();
    let lower = t.to_ascii_lowercase();
    for p in [
        "assigned to ",
        "assignee: ",
        "responsible: ",
        "owners: ",
        "owner: ",
        "owner ",
        "by ",
    ] {
        if lower.starts_with(p) {
            return t[p.len()..].trim().to_string();
        }
    }
    t.to_string()
}

/// An entry of an actions list that says there is none ("None discussed", "N/A").
pub fn says_none(text: &str) -> bool {
    let t = fold(&plain(text));
    let t = t.trim().trim_end_matches('.');
    matches!(
        t,
        "none"
            | "none discussed"
            | "n/a"
            | "na"
            | "tbd"
            | "nothing"
            | "no actions"
            | "no new actions"
            | "no action items"
            | "none this week"
            | "-"
    )
}

/// "Ada to send the draft", "Ada Moreno will book the room", "Ben volunteered to write
/// it", "Noor look at #12" (a roster name, then a word in lower case): the owners and the
/// text without them (and without "will", "to", "volunteered to").
fn owner_before_verb(body: &str, roster: &Roster) -> Option<(Owners, String)> {
    let words: Vec<&str> = body.split_whitespace().collect();
    for n in (1..=3).rev() {
        let Some(verb) = words.get(n).filter(|_| words.len() > n + 1) else {
            continue;
        };
        let drop = match *verb {
            "to" | "will" | "should" | "shall" | "must" | "can"
            // German, French, Spanish, Dutch, Italian, Portuguese.
            | "wird" | "soll" | "muss" | "doit" | "va" | "debe" | "va a" | "zal" | "moet"
            | "deve" | "vai" => n + 1,
            "volunteered" | "volunteers" | "agreed" | "offered" | "agrees" | "offers"
                if words.get(n + 1) == Some(&"to") =>
            {
                n + 2
            }
            "working" | "is" | "has" | "needs" | "volunteered" | "volunteers" | "agreed"
            | "offered" => n,
            _ => continue,
        };
        let who = plain(&words[..n].join(" "));
        // "@ada backport #233 to 1.x": a task's words are no owner.
        let named = words[..n].iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c == '@') || matches!(*w, "and" | "&")
        });
        if n > 1 && !named {
            continue;
        }
        // "Robin and Kai to look into it": one of them on the roster vouches for the other.
        let o = owner_list(&who, roster, true)
            .or_else(|| owner_list(&who, roster, false).filter(|(k, _)| !k.is_empty() && n > 1));
        if let Some(o) = o {
            return Some((o, words[drop..].join(" ")));
        }
    }
    // A roster name (known, not guessed) then a verb in lower case.
    for n in (1..=2).rev() {
        let Some(next) = words.get(n).filter(|_| words.len() > n + 1) else {
            continue;
        };
        // A word that joins rather than acts ("Robin and Kai …", "Ada with …") is no verb.
        const JOINING: &[&str] = &["and", "or", "nor", "but", "with", "from", "for", "the"];
        if !next.chars().all(|c| c.is_lowercase()) || next.len() < 3 || JOINING.contains(next) {
            continue;
        }
        let who = plain(&words[..n].join(" "));
        if let Some(o) =
            owner_list(&who, roster, true).filter(|(k, u)| !k.is_empty() && u.is_empty())
        {
            return Some((o, words[n..].join(" ")));
        }
    }
    None
}

/// `p` was written `@p` and reads as a handle (letters, digits, `-`, `_`).
fn raw_is_handle(parts: &[String], p: &str) -> bool {
    !p.is_empty()
        && p.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        && parts.iter().any(|x| x.trim().strip_prefix('@') == Some(p))
}

fn status_of(text: &str) -> (Option<&'static str>, String) {
    let mut t = text.trim().to_string();
    let mut status = None;
    // Struck through: ~~text~~ (anything after it is a remark, kept in the text).
    if let Some(rest) = t.strip_prefix("~~") {
        if let Some(end) = rest.find("~~") {
            let after = rest[end + 2..].trim();
            let inner = rest[..end].to_string();
            t = if after.is_empty() {
                inner
            } else {
                format!("{inner} ({after})")
            };
            status = Some("done");
        }
    }
    let mut t = plain(&t);
    // A done mark anywhere in the line ("JW ✅ to write the email"): done, the mark dropped.
    const DONE_MARKS: [char; 5] = ['✅', '✔', '☑', '✓', '\u{FE0F}'];
    if status.is_none() && t.contains(&DONE_MARKS[..4]) {
        t = t
            .replace(DONE_MARKS, " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        status = Some("done");
    }
    for (words, s) in [
        (
            &[
                "done",
                "[done]",
                "(done)",
                "✅",
                "✔",
                "done:",
                "completed",
                "(completed)",
                "closed",
            ][..],
            "done",
        ),
        (
            &[
                "ongoing",
                "(ongoing)",
                "in progress",
                "(in progress)",
                "waiting",
                "wip",
            ][..],
            "ongoing",
        ),
        (
            &[
                "dropped",
                "(dropped)",
                "cancelled",
                "canceled",
                "(cancelled)",
                "won't do",
            ][..],
            "dropped",
        ),
    ] {
        for w in words {
            let lower = t.to_ascii_lowercase();
            let mut next = None;
            if let Some(rest) = lower.strip_prefix(w) {
                if rest.starts_with([' ', ':', '-']) || rest.is_empty() {
                    let cut = lower.len() - rest.len();
                    next = t
                        .get(cut..)
                        .map(|r| r.trim_start_matches([' ', ':', '-']).to_string());
                }
            } else if let Some(rest) = lower.strip_suffix(w) {
                if rest.ends_with([' ', '-', ':', ',']) && !rest.trim().is_empty() {
                    next = t
                        .get(..rest.len())
                        .map(|r| r.trim_end_matches([' ', ':', '-', ',']).to_string());
                }
            }
            if let Some(n) = next {
                t = n;
                status = Some(s);
            }
        }
    }
    (status, t)
}

/// "text (Owner)": names not on the roster too ("(Wren)"), but no acronym ("(TSC)", "(CI)"),
/// and not a word of the text itself ("Communication tools (Bo/Tools)": Bo). The owners
/// and the text before them.
fn owner_in_parentheses(body: &str, roster: &Roster) -> Option<(Owners, String)> {
    let open = body.strip_suffix(')')?.rfind('(')?;
    // "(owner: Ada)", "(assigned to Ben)" as well as "(Ada)"; "(owner: Bob, due 5 Dec)".
    let inside = without_assigned(&plain(&body[open + 1..body.len() - 1]));
    let inside = split_top(&inside, &[','])
        .into_iter()
        .filter(|p| {
            let f = p.trim().to_ascii_lowercase();
            !(f.starts_with("due") || f.starts_with("by ") || f.starts_with("deadline"))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let text_words = name_words(&body[..open]);
    let (known, unknown) = owner_list(&inside, roster, has_acronym(&inside))?;
    let unknown: Vec<String> = unknown
        .into_iter()
        .filter(|u| {
            let w = name_words(u);
            !(w.len() == 1 && text_words.contains(&w[0]))
        })
        .collect();
    (!known.is_empty() || !unknown.is_empty())
        .then(|| ((known, unknown), body[..open].trim().to_string()))
}

/// "ACTION ITEM (Ada): send it", "TODO(cy): fix it", "AI [Ben]: renew it": an action marker
/// with its owner between it and the colon, rewritten as the label it is ("ACTION ITEM:
/// [Ada] send it").
pub fn marker_with_owner(text: &str) -> Option<String> {
    let t = text.trim_start_matches(['*', '_', ' ']);
    let lower = t.to_ascii_lowercase();
    let marker = ["action item", "action point", "action", "todo", "ai"]
        .into_iter()
        .find(|m| lower.starts_with(m))?;
    let rest = t[marker.len()..].trim_start();
    let close = match rest.chars().next()? {
        '(' => ')',
        '[' => ']',
        _ => return None,
    };
    let end = rest.find(close)?;
    let owner = rest[1..end].trim();
    let after = rest[end + 1..].trim_start_matches(['*', '_']).trim_start();
    let body = after
        .strip_prefix(':')?
        .trim_start_matches(['*', '_'])
        .trim();
    (!owner.is_empty() && !body.is_empty())
        .then(|| format!("{}: [{owner}] {body}", &t[..marker.len()]))
}

/// "Write the notes [Cy]", "Review the charter, assigned to Ben": owners written after the
/// text, in brackets or after "assigned to" / "owner:". The owners and the text before them.
fn owner_at_the_end(body: &str, roster: &Roster) -> Option<(Owners, String)> {
    if let Some(open) = body.strip_suffix(']').and_then(|b| b.rfind('[')) {
        // Names alone: "[Mara: nothing happened]" is what the notes said before (discussion).
        let inside = plain(&body[open + 1..body.len() - 1]);
        if inside.contains(':') || inside.split_whitespace().count() > 6 {
            return None;
        }
        let (known, unknown) = owner_list(&inside, roster, false)?;
        let text = body[..open].trim().to_string();
        return (!text.is_empty() && (!known.is_empty() || !unknown.is_empty()))
            .then_some(((known, unknown), text));
    }
    let lower = body.to_ascii_lowercase();
    let at = ["assigned to ", "owner: ", "owners: ", "assignee: "]
        .iter()
        .filter_map(|p| lower.rfind(p))
        .max()?;
    let (known, unknown) = owner_list(&without_assigned(&plain(&body[at..])), roster, true)?;
    let text = body[..at]
        .trim()
        .trim_end_matches([',', ';', '-', '–', '—', '('])
        .trim();
    (!text.is_empty() && !known.is_empty()).then(|| ((known, unknown), text.to_string()))
}

/// gavel's own "(due 2026-03-06, from 2026-02-23)" / "(from 2026-02-09)" at the end of an
/// action: the due date, the meeting it came from, and the text before them.
fn gavels_due_and_from(body: &str) -> Option<(Option<NaiveDate>, Option<NaiveDate>, String)> {
    let open = body.strip_suffix(')')?.rfind('(')?;
    let inner = &body[open + 1..body.len() - 1];
    let mut due = None;
    let mut from = None;
    for part in inner.split(',') {
        let p = part.trim();
        if let Some(d) = p.strip_prefix("due ").and_then(find_date) {
            due = Some(d);
        } else if let Some(d) = p.strip_prefix("from ").and_then(find_date) {
            from = Some(d);
        } else {
            return None;
        }
    }
    (due.is_some() || from.is_some()).then(|| (due, from, body[..open].trim().to_string()))
}

/// Reads one action line against the roster.
pub fn parse_action(raw: &str, check: Option<bool>, roster: &Roster) -> ParsedAction {
    // A full-width colon after someone the roster knows ("王伟：更新路线图") is the owner's
    // colon; after another word ("文档：…") it stays text.
    let raw = match raw.split_once('：') {
        Some((head, rest)) if roster.resolve(plain(head).trim()).is_some() => {
            format!("{head}: {rest}")
        }
        _ => raw.to_string(),
    };
    let (status, text) = status_of(&raw);
    let mut a = ParsedAction {
        status: match check {
            Some(true) => Some("done"),
            Some(false) => status.or(None),
            None => status,
        },
        ..ParsedAction::default()
    };
    // Unescape brackets before looking for "[Owner]".
    let text = text.replace("\\[", "[").replace("\\]", "]");
    let mut body = text.trim().to_string();
    let mut owners = None;
    // [Owner, Owner] text
    if let Some(rest) = body.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            if !rest[end + 1..].starts_with('(') {
                if let Some(o) = owner_list(&rest[..end], roster, false) {
                    owners = Some(o);
                    body = rest[end + 1..]
                        .trim()
                        .trim_start_matches([':', '-'])
                        .trim()
                        .to_string();
                }
            }
        }
    }
    // (Owner) text, as an agenda names who leads a topic
    if let Some(rest) = body.strip_prefix('(').filter(|_| owners.is_none()) {
        if let Some(end) = rest.find(')').filter(|&e| !rest[e + 1..].trim().is_empty()) {
            let inside = plain(&rest[..end]);
            if let Some(o) = owner_list(&inside, roster, has_acronym(&inside)) {
                owners = Some(o);
                body = rest[end + 1..].trim().to_string();
            }
        }
    }
    // text @Owner ⏰due (as chat tools write a task)
    if let Some(i) = body.find('⏰') {
        a.due = find_date(&body[i..]);
        body = body[..i].trim().to_string();
    }
    if let Some((o, rest)) = trailing_mentions(&body, roster).filter(|_| owners.is_none()) {
        owners = Some(o);
        body = rest;
    }
    // text - Owner / text ← Owner
    if owners.is_none() {
        for sep in [
            " - ", " – ", " — ", " ← ", " <- ", " -- ", " → ", " -> ", " => ",
        ] {
            if let Some((head, tail)) = body.rsplit_once(sep) {
                if let Some(o) = owner_list(&without_assigned(&plain(tail)), roster, false) {
                    owners = Some(o);
                    body = head.trim().trim_end_matches([':', '-']).trim().to_string();
                    break;
                }
            }
        }
    }
    // Owner - text / Owner and Owner - text / @handle - text
    if owners.is_none() {
        for sep in [" - ", " – ", " — ", " -- ", " → ", " -> "] {
            if let Some((head, tail)) = body.split_once(sep) {
                let head_plain = plain(head);
                if !tail.trim().is_empty() && head_plain.split_whitespace().count() <= 6 {
                    if let Some(o) = owner_list(&head_plain, roster, false) {
                        owners = Some(o);
                        body = tail.trim().to_string();
                        break;
                    }
                }
            }
        }
    }
    // Owner: text
    if owners.is_none() {
        if let Some((head, tail)) = body.split_once(':') {
            let head_plain = plain(head);
            if !tail.trim().is_empty() && head_plain.split_whitespace().count() <= 6 {
                if let Some(o) = owner_list(&head_plain, roster, false) {
                    owners = Some(o);
                    body = tail.trim().to_string();
                }
            }
        }
    }
    // text (Owner)
    if owners.is_none() {
        if let Some((o, rest)) = owner_in_parentheses(&body, roster) {
            owners = Some(o);
            body = rest;
        }
    }
    // text [Owner], text, assigned to Owner
    if owners.is_none() {
        if let Some((o, rest)) = owner_at_the_end(&body, roster) {
            owners = Some(o);
            body = rest;
        }
    }
    // Owner to / will / should ...; a roster name then a verb ("Noor look at #12").
    if owners.is_none() {
        if let Some((o, rest)) = owner_before_verb(&body, roster) {
            owners = Some(o);
            body = rest;
        }
    }
    // gavel's own "(due 2026-03-06, from 2026-02-23)" / "(from 2026-02-09)".
    if let Some((due, from, rest)) = gavels_due_and_from(&body) {
        a.due = due;
        a.from = from;
        body = rest;
    }
    // "(due 2026-03-04)", "due 2026-03-04", "by 2026-03-04"
    // ASCII lower case: the same byte offsets as `body` (slices below).
    let lower = body.to_ascii_lowercase();
    for key in ["(due ", "due ", "by "] {
        if let Some(i) = lower.rfind(key) {
            if let Some(d) = find_date(&body[i..]).filter(|_| a.due.is_none()) {
                a.due = Some(d);
                if key == "(due " {
                    if let Some(end) = body[i..].find(')') {
                        body = format!("{}{}", &body[..i], &body[i + end + 1..])
                            .trim()
                            .to_string();
                    }
                }
                break;
            }
        }
    }
    // A due date written where the owner was read from: "(owner: Bob, due 5 Dec 2025)".
    if a.due.is_none() {
        let lower = text.to_ascii_lowercase();
        if let Some(i) = lower.rfind("due ") {
            a.due = find_date(&text[i..]);
        }
    }
    if let Some((known, unknown)) = owners {
        a.has_owner = true;
        a.owners = known;
        a.owners.extend(unknown.iter().cloned());
        a.unknown_owners = unknown;
    }
    a.text = crate::text::clean_line(
        body.trim()
            .trim_start_matches(['-', '–', '—', ':', ' '])
            .trim_end_matches(',')
            .trim(),
    );
    a
}

/// `[Ana, Bo] text` or `\\[Ana\\] text`: owners in brackets at the start of a line.
/// Not a Markdown link (`[text](url)`, `[text][ref]`), a task box or a tag (`[Decision]`):
/// the brackets hold a list of people's names or `@mentions`.
pub fn owner_bracket(text: &str) -> bool {
    let t = text.trim_start().trim_start_matches('\\');
    let Some(end) = t.find(']').filter(|&end| t.starts_with('[') && end > 1) else {
        return false;
    };
    let (inside, after) = (t[1..end].trim_end_matches('\\'), &t[end + 1..]);
    if after.starts_with(['(', '[']) || after.trim().is_empty() {
        return false;
    }
    const TAGS: &[&str] = &[
        "decision", "decided", "info", "wip", "update", "note", "resolved", "optional", "draft",
        "done", "todo", "action", "question", "fyi", "tbd", "agreed", "blocked",
    ];
    // One word that the text after it names again is the topic's tag: "[Webpack] Webpack
    // hackathon".
    let tag = !inside.contains([',', ' '])
        && fold(after).contains(&fold(inside.trim_start_matches('@')))
        && !inside.starts_with('@');
    !tag && inside.split(',').all(|part| {
        let part = part.trim().trim_start_matches('@');
        let words = part.split_whitespace().count();
        (1..=3).contains(&words)
            && part.starts_with(char::is_alphabetic)
            && !part.contains(':')
            && !TAGS.contains(&part.to_lowercase().as_str())
            && looks_like_name(part)
    })
}

/// A word of capitals ("TSC", "CI"): not a person's name.
fn has_acronym(text: &str) -> bool {
    text.split_whitespace()
        .any(|w| w.chars().count() >= 2 && w.chars().all(|c| !c.is_lowercase()))
}

/// A folded form of an action's text for matching the same action across meetings.
pub fn action_key(text: &str) -> String {
    fold(&plain(text))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Keys shorter than this (in bytes) match only whole: "send it" is not "send it to Ada".
pub const PREFIX_MATCH: usize = 16;

/// The same action, written again (perhaps shortened or with a remark added).
pub fn same_action(a: &str, b: &str) -> bool {
    same_key(&action_key(a), &action_key(b))
}

/// [`same_action`] on two keys of [`action_key`]: equal, or one the other's start when both
/// are long enough.
pub fn same_key(a: &str, b: &str) -> bool {
    !a.is_empty()
        && !b.is_empty()
        && (a == b
            || (a.len().min(b.len()) >= PREFIX_MATCH && (a.starts_with(b) || b.starts_with(a))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::people::parse_mention;
    use crate::import::roster::Roster;

    fn roster() -> Roster {
        let mut r = Roster::default();
        for n in ["Ada Moreno", "Ben Okafor", "Cy Park", "Dee Quill"] {
            if let Some(m) = parse_mention(n, 1, false) {
                r.add(&m);
            }
        }
        r.settle();
        r
    }

    #[test]
    fn a_marker_with_its_owner_is_a_label() {
        assert_eq!(
            marker_with_owner("ACTION ITEM (Ada): send the budget").as_deref(),
            Some("ACTION ITEM: [Ada] send the budget")
        );
        assert_eq!(
            marker_with_owner("**TODO(cy):** update the site").as_deref(),
            Some("TODO: [cy] update the site")
        );
        assert_eq!(marker_with_owner("Action items: none"), None);
        assert_eq!(marker_with_owner("AI (Ben) renews it"), None);
        assert_eq!(marker_with_owner("Aim (high): be bold"), None);
    }

    #[test]
    fn owners_in_every_form() {
        let r = roster();
        let p = |s: &str| parse_action(s, None, &r);
        let a = p("Ada: Send the draft to Ben");
        assert_eq!(
            (a.owners.clone(), a.text.as_str()),
            (vec!["Ada Moreno".to_string()], "Send the draft to Ben")
        );
        let a = p("[Ben/Cy] Check the drive");
        assert_eq!(a.owners, vec!["Ben Okafor", "Cy Park"]);
        let a = p("\\[Ben, Dee\\] Check the drive");
        assert_eq!(a.owners, vec!["Ben Okafor", "Dee Quill"]);
        let a = p("Write the charter - Dee");
        assert_eq!(
            (a.owners.clone(), a.text.as_str()),
            (vec!["Dee Quill".to_string()], "Write the charter")
        );
        let a = p("Open an issue (Cy)");
        assert_eq!(a.owners, vec!["Cy Park"]);
        let a = p("Ada to reach out to the board");
        assert_eq!(a.owners, vec!["Ada Moreno"]);
        // The owner is in `owners`; the text is what is to be done (issue 26).
        assert_eq!(a.text, "reach out to the board");
        let a = p("Ben volunteered to write the FAQ");
        assert_eq!(
            (a.owners.clone(), a.text.as_str()),
            (vec!["Ben Okafor".to_string()], "write the FAQ")
        );
        let a = p("Ada Moreno and Cy - review the budget");
        assert_eq!(a.owners, vec!["Ada Moreno", "Cy Park"]);
        assert_eq!(a.text, "review the budget");
        let a = p("Review Board/Ada: Decide on the logo (due 2026-04-01)");
        assert_eq!(a.owners, vec!["Ada Moreno", "Review Board"]);
        assert_eq!(a.unknown_owners, vec!["Review Board"]);
        assert_eq!(a.due, "2026-04-01".parse().ok());
        assert_eq!(a.text, "Decide on the logo");
        let a = p("~~Ben to book the room~~ booked");
        assert_eq!(a.status, Some("done"));
        assert_eq!(a.owners, vec!["Ben Okafor"]);
        let a = p("Note: nobody owns this");
        assert!(a.owners.is_empty());
        let a = parse_action("Cy: tidy up", Some(true), &r);
        assert_eq!(a.status, Some("done"));
        let a = p("DONE: Ada: publish");
        assert_eq!(
            (a.status, a.owners.clone()),
            (Some("done"), vec!["Ada Moreno".to_string()])
        );
    }
}
