//! People in minutes written by hand: one mention ("Ganesan Example ("Gan") (Acme Labs):
//! joined late") read into its parts, and the roster of a whole series, where each person is
//! one entry however their name was spelled (case, accents, middle initials, nicknames in
//! quotes, a short first name, "Last, First", an e-mail address).

use crate::meeting::fold;
use crate::text::clean_line;

use super::forms::NOT_NAMES;
pub use super::forms::{is_user_name, looks_like_name, split_top};

/// One person as written at one place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mention {
    pub name: String,
    pub nickname: Option<String>,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    /// A GitHub (or chat) handle written beside the name: `@jdoe`, a github.com link.
    pub github: Option<String>,
    /// Said to be a guest beside the name: "(Guest - liaison from …)".
    pub guest: bool,
    /// Said to be an alternate: "(alternate for Ada Moreno)", "Acme alternate".
    pub alternate: bool,
    pub alternate_for: Option<String>,
    /// What was written beside the name that is neither affiliation nor role.
    pub remark: Option<String>,
    pub line: usize,
}

/// Roles written in parentheses or an organisation column beside the organisation.
const ROLE_WORDS: &[&str] = &[
    "chair",
    "co-chair",
    "cochair",
    "vice chair",
    "vice-chair",
    "staff",
    "lead",
    "co-lead",
    "colead",
    "facilitator",
    "moderator",
    "secretary",
    "treasurer",
    "host",
    "organizer",
    "note-taker",
    "notetaker",
    "note taker",
    "minute taker",
    "scribe",
    "alternate",
];

/// Words that make a part written beside a name a role ("voting member", "workstream co-lead"),
/// not an organisation.
const ROLE_PART_WORDS: &[&str] = &[
    // German, French, Spanish, Italian, Portuguese, Dutch: chair, secretary, treasurer.
    "vorsitzender",
    "vorsitzende",
    "vorstand",
    "schriftfuhrer",
    "schriftfuhrerin",
    "kassenwart",
    "kassierer",
    "president",
    "presidente",
    "presidenta",
    "presidence",
    "secretaire",
    "secretario",
    "secretaria",
    "segretario",
    "segretaria",
    "tresorier",
    "tresoriere",
    "tesorero",
    "tesorera",
    "tesoureiro",
    "voorzitter",
    "penningmeester",
    "chair",
    "co-chair",
    "cochair",
    "chairperson",
    "lead",
    "co-lead",
    "colead",
    "member",
    "voting",
    "non-voting",
    "secretary",
    "treasurer",
    "liaison",
    "maintainer",
    "observer",
    "staff",
    "facilitator",
    "moderator",
    "scribe",
    "note-taker",
    "notetaker",
    "taker",
    "host",
    "organizer",
    "representative",
    "emeritus",
    "president",
    "convenor",
    "convener",
];

fn is_role_part(part: &str) -> bool {
    let f = fold(part);
    ROLE_WORDS.contains(&f.trim())
        || f.split_whitespace().any(|w| {
            ROLE_PART_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        })
}

/// Takes `@handle`s and github.com links out of a mention: (the rest, the first handle).
fn take_handles(text: &str) -> (String, Option<String>) {
    let mut handle = None;
    let mut rest = Vec::new();
    for w in text.split_whitespace() {
        let bare =
            w.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | ',' | ';' | '[' | ']'));
        let from_url = bare
            .split_once("github.com/")
            .map(|(_, h)| h.trim_end_matches('/'))
            .filter(|h| !h.is_empty() && !h.contains('/'));
        let at = bare.strip_prefix('@').filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
        match at.or(from_url) {
            // A mention in another script ("@王润林") is the person's name, not a handle.
            Some(h) if !h.is_ascii() => rest.push(h.to_string()),
            Some(h) => {
                handle.get_or_insert_with(|| h.trim_end_matches('.').to_string());
                let openers: String = w.chars().take_while(|c| *c == '(').collect();
                let closers: String = w.chars().rev().take_while(|c| *c == ')').collect();
                if !openers.is_empty() || !closers.is_empty() {
                    rest.push(format!("{openers}{closers}"));
                }
            }
            None => rest.push(w.to_string()),
        }
    }
    (rest.join(" "), handle)
}

/// What a group in parentheses beside a name says about a guest or an alternate:
/// "(Guest - liaison from X)" -> guest, remark "liaison from X"; "(alternate for Ada
/// Moreno)" -> alternate for Ada Moreno; "(Acme alternate)" -> alternate, affiliation Acme.
fn guest_or_alternate(g: &str, m: &mut Mention, remark: &mut Option<String>) -> Option<String> {
    let f = fold(g);
    let f = f.trim();
    if f.starts_with("guest") {
        m.guest = true;
        // The words after "guest", from the text as written (folding may change lengths).
        let after: String = g.trim().chars().skip(5).collect();
        let r = after
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ','));
        if !r.is_empty() {
            push_remark(remark, r);
        }
        return Some(String::new());
    }
    // "proxy for Gus Tamm", "on behalf of Gus Tamm", "sitting in for Gus Tamm".
    for lead in [
        "proxy for ",
        "on behalf of ",
        "sitting in for ",
        "substitute for ",
        "substituting for ",
        "standing in for ",
        "stand-in for ",
    ] {
        if f.starts_with(lead) {
            let whom: String = g.trim().chars().skip(lead.chars().count()).collect();
            if looks_like_name(whom.trim()) {
                m.alternate = true;
                m.role.get_or_insert_with(|| "alternate".to_string());
                m.alternate_for = Some(whom.trim().to_string());
                return Some(String::new());
            }
        }
    }
    let words: Vec<&str> = g.split_whitespace().collect();
    let pos = words
        .iter()
        .position(|w| fold(w).trim_matches(',') == "alternate")?;
    m.alternate = true;
    m.role.get_or_insert_with(|| "alternate".to_string());
    let after = &words[pos + 1..];
    if after.first().is_some_and(|w| fold(w) == "for") && after.len() > 1 {
        m.alternate_for = Some(after[1..].join(" "));
        return Some(String::new());
    }
    // "Acme alternate": what stands before is the organisation, whose seat it is.
    let org = words[..pos].join(" ");
    if !org.is_empty() && !is_role_part(&org) {
        m.alternate_for = Some(org.clone());
    }
    Some(org)
}

/// Remarks that can stand in parentheses after a name.
fn is_remark(text: &str) -> bool {
    let t = fold(text);
    let t = t.trim();
    t.is_empty()
        || t == "part"
        || t.starts_with("joined")
        || t.starts_with("left")
        || t.starts_with("late")
        || t.starts_with("partial")
        || t.starts_with("first half")
        || t.starts_with("second half")
        || t.starts_with("from ")
        || t.starts_with("until ")
        || t.starts_with("via ")
        || t.starts_with("phone")
        || t.starts_with("dial")
        || t.starts_with("observer")
        || t.starts_with("lurking")
        // Whether they came at all: read as the person's status where the list is read.
        || [
            "regrets",
            "apologies",
            "excused",
            "absent",
            "not present",
            "not attending",
            "did not attend",
            "sick",
            "on leave",
            "on vacation",
            "unavailable",
        ]
        .iter()
        .any(|w| t.starts_with(w))
        || matches!(
            t,
            "remote"
                | "remotely"
                | "online"
                | "virtual"
                | "virtually"
                | "in person"
                | "in-person"
                | "on site"
                | "onsite"
                | "in the room"
                | "on zoom"
                | "video"
                | "audio only"
        )
        || t.contains("he/him")
        || t.contains("she/her")
        || t.contains("they/them")
        || t.chars().any(|c| c.is_ascii_digit()) && t.contains("min")
}

/// Removes Markdown emphasis, escapes and links from a short value (a name, a label).
pub fn plain(text: &str) -> String {
    // Zero-width spaces and joiners (pasted from a document editor) are not letters.
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'))
        .collect();
    let mut s = clean_line(&text);
    // Links: [text](url) -> text; autolinks <url> stay as their text.
    while let Some(open) = s.find("](") {
        let Some(start) = s[..open].rfind('[') else {
            break;
        };
        let Some(close) = s[open..].find(')') else {
            break;
        };
        let label = s[start + 1..open].to_string();
        s.replace_range(start..open + close + 1, &label);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(&n) = chars.peek() {
                    if n.is_ascii_punctuation() {
                        out.push(n);
                        chars.next();
                        continue;
                    }
                }
                out.push(c);
            }
            '*' | '_' if is_emphasis(&out, chars.peek().copied()) => {}
            '~' if chars.peek() == Some(&'~') => {
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An emphasis marker, not an asterisk or underscore inside a word ("snake_case").
fn is_emphasis(before: &str, after: Option<char>) -> bool {
    let prev = before.chars().last();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !(word(prev) && word(after))
}

/// "ada moreno", "li wei", "jan van eyck": two or three words of lower-case letters that
/// would read as a name if capitalised, and none a word of a sentence ("see below", "no one").
/// Only evidence: a list of names around it makes it a person.
pub fn lower_case_name(text: &str) -> bool {
    const SENTENCE_WORDS: &[&str] = &[
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "see",
        "below",
        "above",
        "no",
        "not",
        "one",
        "none",
        "all",
        "everyone",
        "others",
        "other",
        "more",
        "tbd",
        "tbc",
        "is",
        "are",
        "was",
        "be",
        "will",
        "may",
        "late",
        "left",
        "joined",
        "only",
        "also",
        "via",
        "call",
        "chat",
        "zoom",
        "guest",
        "guests",
        "here",
        "there",
        "it",
        "this",
        "that",
        "who",
        "we",
        "you",
        "they",
        "i",
        "me",
        "my",
        "our",
        "their",
        "unknown",
        "someone",
        "somebody",
        "anyone",
        "anonymous",
        "user",
        "phone",
        "dial",
        "iphone",
        "ipad",
    ];
    let t = plain(text);
    let t = t.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && !NOT_NAMES.contains(&t)
        && words.iter().all(|w| {
            w.chars().count() >= 2
                && w.chars()
                    .all(|c| c.is_lowercase() || matches!(c, '-' | '\'' | '’'))
                && !SENTENCE_WORDS.contains(w)
        })
        && looks_like_name(&capitalised(t))
}

/// Each word with its first letter in capitals ("ada moreno" -> "Ada Moreno").
fn capitalised(t: &str) -> String {
    t.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line of people separated by commas (or "、"), "A and B", mentions run together
/// ("@Ada@Ben") or grouped by organisation ("Acme (Ada), Globex (Ben, Cy)"), into `out`;
/// each remark into `remarks`. True when every part was a person.
/// Whether a list separated by semicolons writes most names "Last, First": one word each
/// side of a single comma.
fn last_first_pairs(text: &str) -> bool {
    let parts = split_top(text, &[';']);
    let pairs = parts
        .iter()
        .filter(|p| {
            let halves: Vec<&str> = p.split(',').map(str::trim).collect();
            halves.len() == 2
                && halves
                    .iter()
                    .all(|h| h.split_whitespace().count() == 1 && looks_like_name(h))
        })
        .count();
    pairs > 0 && pairs * 2 >= parts.len()
}

pub fn mention_list(
    text: &str,
    line: usize,
    out: &mut Vec<Mention>,
    remarks: &mut Vec<(usize, String)>,
) -> bool {
    let mut any = false;
    let mut all = true;
    let mut unread: Vec<String> = Vec::new();
    // Mentions run together ("@Ada@Ben @Cy", as chat tools export them): one a part.
    let parts = if text.matches('@').count() >= 2 && !text.contains([',', ';']) {
        text.split('@')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("@{p}"))
            .collect()
    } else if text.contains(';') && last_first_pairs(text) {
        // "Moreno, Ada; Okafor, Ben": semicolons between people, a comma inside each name.
        split_top(text, &[';'])
            .iter()
            .map(|p| match p.split_once(',') {
                Some((last, first)) => format!("{} {}", first.trim(), last.trim()),
                None => p.clone(),
            })
            .collect()
    } else {
        split_top(text, &[',', ';', '、', '，'])
    };
    // People grouped by organisation: "Acme (Ada), Globex (Ben, Cy), Dee".
    let grouped = parts.iter().filter(|p| org_group(p).is_some()).count() >= 2;
    for part in parts {
        if let Some((org, names)) = org_group(&part).filter(|_| grouped) {
            for n in names {
                if let Some(mut x) = parse_mention(&n, line, false) {
                    x.affiliation.get_or_insert_with(|| org.clone());
                    out.push(x);
                    any = true;
                }
            }
            continue;
        }
        let halves: Vec<&str> = part.splitn(2, " and ").collect();
        let pieces = if halves.len() == 2 && halves.iter().all(|h| looks_like_name(h.trim())) {
            halves.iter().map(|h| h.trim().to_string()).collect()
        } else {
            vec![part]
        };
        for p in pieces {
            match parse_mention(&p, line, false) {
                Some(x) => {
                    if let Some(r) = &x.remark {
                        remarks.push((line, format!("{}: {r}", x.name)));
                    }
                    out.push(x);
                    any = true;
                }
                None => unread.push(p),
            }
        }
    }
    // "siobhan o'connell, Bart Kline": a name in lower case among names is a person.
    for p in unread {
        if any && lower_case_name(&p) {
            out.push(Mention {
                name: plain(&p).trim().to_string(),
                line,
                ..Mention::default()
            });
        } else {
            all = false;
        }
    }
    any && all
}

/// "Globex (Ben, Cy)": one word outside, names inside. The organisation and the
/// names.
fn org_group(part: &str) -> Option<(String, Vec<String>)> {
    let t = plain(part);
    let (org, rest) = t.split_once('(')?;
    let inside = rest.trim().strip_suffix(')')?;
    let org = org.trim();
    let names = split_top(inside, &[',', ';']);
    // "@kvarga (Kata Varga)": a handle with its name, not an organisation of one.
    let handle = org.starts_with('@')
        || (names.len() == 1 && is_user_name(org) && org.chars().all(|c| !c.is_uppercase()));
    (org.split_whitespace().count() == 1
        && !handle
        && !names.is_empty()
        && names.iter().all(|n| looks_like_name(n)))
    .then(|| (org.to_string(), names))
}

fn take_emails(text: &str) -> (String, Option<String>) {
    let mut email = None;
    let mut rest = Vec::new();
    for w in text.split_whitespace() {
        let bare = w
            .trim_start_matches("mailto:")
            .trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | ',' | ';' | '[' | ']'));
        let at = bare.find('@');
        if at.is_some_and(|i| i > 0 && bare[i..].contains('.')) {
            email.get_or_insert_with(|| bare.to_lowercase());
            // Keep the bracket that closed a group the address sat in.
            let closers: String = w.chars().rev().take_while(|c| *c == ')').collect();
            let openers: String = w.chars().take_while(|c| *c == '(').collect();
            if !closers.is_empty() || !openers.is_empty() {
                rest.push(format!("{openers}{closers}"));
            }
        } else {
            rest.push(w.to_string());
        }
    }
    (rest.join(" "), email)
}

/// A text that is only people, no task: "@ada", "@ada @ben-o", "Ada Moreno" (the boxes of
/// who has signed off a proposal, ticked or not, are no actions).
pub fn only_people(text: &str) -> bool {
    let t = plain(text);
    let words: Vec<&str> = t.split_whitespace().collect();
    let handles = !words.is_empty()
        && words.iter().all(|w| {
            w.trim_end_matches(',')
                .strip_prefix('@')
                .is_some_and(is_user_name)
        });
    handles || (2..=3).contains(&words.len()) && looks_like_name(&t)
}

/// A list item under an attendance heading that is one user name and nothing else, in
/// lower case or with a digit ("ada-m", "okafor", "Cypark7"): the person, known by
/// their handle.
pub fn bare_handle(text: &str, line: usize) -> Option<Mention> {
    let t = plain(text);
    // "ada_m (50)": a meeting bot's count of the lines each nick said.
    let t = match t.trim().strip_suffix(')').and_then(|x| x.rsplit_once(" (")) {
        Some((nick, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => nick,
        _ => t.trim(),
    };
    // The meeting's bot is not one of the people.
    if t.ends_with("bot") {
        return None;
    }
    let lower = t.chars().any(|c| c.is_ascii_lowercase()) && !t.chars().any(char::is_uppercase);
    let digit = t.chars().any(|c| c.is_ascii_digit()) && t.chars().any(char::is_alphabetic);
    ((lower || digit) && t.len() >= 3 && is_user_name(t) && !NOT_NAMES.contains(&t))
        .then(|| parse_mention(&format!("@{t}"), line, false))
        .flatten()
}

/// Reads one person as written in an attendance list or table cell: "Name", "Name
/// (Affiliation)", "Name ("Nick") (Affiliation): remark", "Name (Chair, Org) - remark",
/// "Name, Affiliation" (when `comma_affiliation`), with an e-mail address anywhere.
/// "@Ada Moreno" (as Confluence, Slack and Teams mention people): a name, not the handle
/// "Ada" beside a name "Moreno".
fn display_name_mention(text: &str) -> String {
    let t = text.trim();
    let Some(rest) = t.strip_prefix('@') else {
        return t.to_string();
    };
    let end = rest.find(['(', ',', ':', '<', '[']).unwrap_or(rest.len());
    let end = rest[..end].find(" - ").unwrap_or(end);
    let words: Vec<&str> = rest[..end].split_whitespace().collect();
    let capitalised = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    };
    if (2..=3).contains(&words.len()) && words.iter().all(capitalised) && !rest.contains('@') {
        rest.to_string()
    } else {
        t.to_string()
    }
}

/// A name without what decorates it: emoji and flags around it ("🇩🇪 Ada Moreno",
/// "Ben Okafor 👋") and a title before it ("Dr. Cy Park", "Prof Dee Quill").
fn without_decoration(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| {
            let u = *c as u32;
            // Pictographs, flags (regional indicators), dingbats, variation selectors.
            !((0x1F000..=0x1FAFF).contains(&u)
                || (0x2600..=0x27BF).contains(&u)
                || (0xFE00..=0xFE0F).contains(&u)
                || u == 0x200D)
        })
        .collect();
    let t = kept.trim();
    for title in [
        "dr. ", "dr ", "prof. ", "prof ", "mr. ", "mrs. ", "ms. ", "mx. ",
    ] {
        let (Some(head), Some(rest)) = (t.get(..title.len()), t.get(title.len()..)) else {
            continue;
        };
        if head.eq_ignore_ascii_case(title) && rest.starts_with(|c: char| c.is_uppercase()) {
            return rest.to_string();
        }
    }
    t.to_string()
}

pub fn parse_mention(raw: &str, line: usize, comma_affiliation: bool) -> Option<Mention> {
    // A link to a GitHub profile on the name: the handle is in the link.
    let linked = raw.split_once("github.com/").and_then(|(_, h)| {
        let h: String = h
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        (!h.is_empty()).then_some(h)
    });
    let crossed = raw.contains(['❌', '✗', '✘', '✖']);
    let text = display_name_mention(&without_decoration(&plain(raw)));
    let (text, email) = take_emails(&text);
    let (text, github) = take_handles(&text);
    let github = github.or(linked);
    let text = text.trim().trim_end_matches([',', ';', '.']).trim();
    // The remark: after " - ", ": ", " / " outside parentheses.
    // "Guest - Priyanka Rao (Oakridge)": the word before the name says what they are.
    let (text, guest_first) = match text.split_once([' ', ':']) {
        Some((w, rest))
            if fold(w) == "guest"
                && rest
                    .trim_start_matches([' ', '-', '–', '—', ':'])
                    .starts_with(char::is_uppercase) =>
        {
            (rest.trim_start_matches([' ', '-', '–', '—', ':']), true)
        }
        _ => (text, false),
    };
    let (head, mut remark) = split_remark(text);
    // "Priyanka Rao - Guest - Oakridge": the remark says they are a guest, and from where.
    let mut guest_from = None;
    let mut guest_said = guest_first;
    if let Some(r) = remark.clone() {
        let f = fold(&r);
        if f == "guest" || f.starts_with("guest ") || f.starts_with("guest,") {
            let after: String = r.chars().skip(5).collect();
            let after = after
                .trim_start_matches([' ', '-', '–', '—', ':', ','])
                .trim();
            guest_from = Some(after.to_string()).filter(|a| !a.is_empty());
            guest_said = true;
            remark = None;
        }
    }
    let mut m = Mention {
        email,
        github,
        line,
        guest: guest_said,
        ..Mention::default()
    };
    // Parenthesised groups and quoted nicknames.
    let mut name = String::new();
    let mut groups: Vec<String> = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in head.chars() {
        match c {
            '(' | '[' => {
                if depth > 0 {
                    cur.push(c);
                }
                depth += 1;
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push(std::mem::take(&mut cur));
                } else {
                    cur.push(c);
                }
            }
            ')' | ']' => {}
            _ if depth > 0 => cur.push(c),
            _ => name.push(c),
        }
    }
    if depth > 0 && !cur.trim().is_empty() {
        groups.push(cur);
    }
    // A nickname in quotes, in the name or in a group.
    let quotes = ['"', '“', '”', '\'', '‘', '’'];
    let unquote = |s: &str| {
        let t = s.trim();
        let inner = t.trim_matches(|c| quotes.contains(&c));
        (inner.len() < t.len() && !inner.is_empty()).then(|| inner.trim().to_string())
    };
    let mut words = Vec::new();
    for w in name.split_whitespace() {
        match unquote(w) {
            Some(nick) if w.starts_with(quotes) => m.nickname = Some(nick),
            _ => words.push(w),
        }
    }
    let mut name = words.join(" ");
    // "@jtamm (Juno Tamm, Acme)", "jtamm (Juno Tamm)", "juno@acme.example (Juno Tamm)".
    if let Some((n, bare)) =
        super::forms::name_after_handle(&name, m.github.as_deref(), m.email.as_deref(), &mut groups)
    {
        name = n;
        m.github = m.github.take().or(bare);
    }
    let mut affiliation_parts: Vec<String> = Vec::new();
    for g in groups {
        if let Some(nick) = unquote(&g) {
            m.nickname = Some(nick);
        } else if let Some(h) = super::forms::handle_in_group(&name, &g) {
            m.github.get_or_insert(h);
        } else if let Some(org) = split_top(&g, &[',', ';']).iter().find_map(|part| {
            guest_or_alternate(part, &mut m, &mut remark).map(|o| (part.clone(), o))
        }) {
            // The group's other parts: roles and an organisation.
            let (part, o) = org;
            let others: Vec<String> = split_top(&g, &[',', ';'])
                .into_iter()
                .filter(|p| *p != part)
                .chain((!o.is_empty()).then_some(o))
                .collect();
            if affiliation_parts.is_empty() {
                affiliation_parts = others;
            } else {
                affiliation_parts.extend(others);
            }
        } else if is_remark(&g) {
            if !g.trim().is_empty() {
                push_remark(&mut remark, g.trim());
            }
        } else if affiliation_parts.is_empty() {
            // "(Acme, in person)": how they took part is a remark, not where they work;
            // "(notes)" is the note taker.
            for part in split_top(&g, &[',']) {
                let f = fold(part.trim());
                if matches!(f.as_str(), "notes" | "taking notes" | "minutes") {
                    affiliation_parts.push("note taker".into());
                } else if is_remark(&part) {
                    push_remark(&mut remark, part.trim());
                } else {
                    affiliation_parts.push(part);
                }
            }
        } else {
            push_remark(&mut remark, g.trim());
        }
    }
    if comma_affiliation && affiliation_parts.is_empty() {
        let parts = split_top(&name, &[',']);
        if parts.len() >= 2 {
            name = parts[0].clone();
            affiliation_parts = parts[1..].to_vec();
        }
    }
    if affiliation_parts.is_empty() {
        affiliation_parts.extend(guest_from);
    }
    let (role, affiliation) = role_and_affiliation(&affiliation_parts);
    m.role = role.or(m.role.take());
    m.affiliation = affiliation;
    // "Rosa Delgado (@rdelgado) - chair": a remark that is only a role is the role.
    if m.role.is_none()
        && remark
            .as_deref()
            .is_some_and(|r| ROLE_WORDS.contains(&fold(r).trim()))
    {
        m.role = remark.take().map(|r| r.trim().to_lowercase());
    }
    // "Bob Ray ❌": crossed out as not there.
    if crossed && remark.is_none() {
        remark = Some("absent".into());
    }
    m.remark = remark;
    let mut name = name
        .trim()
        .trim_end_matches(['?', ',', ':', ';', '-'])
        .trim()
        .to_string();
    if name.is_empty() {
        // Only a handle was written: the handle is the name.
        name = m.github.clone().unwrap_or_default();
        if name.is_empty() {
            return None;
        }
    } else if !looks_like_name(&name) {
        return None;
    }
    m.name = name;
    Some(m)
}

fn push_remark(remark: &mut Option<String>, text: &str) {
    match remark {
        Some(r) => {
            r.push_str("; ");
            r.push_str(text);
        }
        None => *remark = Some(text.to_string()),
    }
}

/// "UTC", "UTC+1", "GMT-05:00", "CET", "PST": a time zone, not an organisation.
fn is_time_zone(p: &str) -> bool {
    let t = p.trim();
    let offset = |rest: &str| {
        rest.is_empty()
            || (rest.starts_with(['+', '-', '−'])
                && rest.chars().skip(1).all(|c| c.is_ascii_digit() || c == ':'))
    };
    ["UTC", "GMT"]
        .iter()
        .any(|z| t.strip_prefix(z).is_some_and(offset))
        || (t.len() <= 5
            && super::dates::find_zone(t).is_some()
            && t.chars().all(|c| c.is_ascii_uppercase()))
}

/// Acronyms of the bodies a series is held by ("TAC", "TSC", "Docs WG"): beside an
/// organisation, the body the person sits on, not where they work.
const BODY_ACRONYMS: &[&str] = &[
    "tac", "tsc", "toc", "cpc", "pgb", "gb", "sc", "wg", "sig", "tc", "bod", "tab",
];

/// Words that make a part written beside an organisation the body the person sits on
/// ("Acme, Steering Committee"); alone ("British Council") they may be the organisation.
const BODY_WORDS: &[&str] = &["committee", "council", "board", "steering"];

/// A committee written beside a name: a part of three words at most ending in a body's
/// acronym ("TAC", "Docs WG", not "SC Johnson"), or, when `beside_org`, a part naming a
/// committee, council or board.
fn is_body_part(part: &str, beside_org: bool) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    let acronym = words.len() <= 3
        && words.last().is_some_and(|w| {
            w.len() >= 2
                && w.chars().all(|c| c.is_ascii_uppercase())
                && BODY_ACRONYMS.contains(&w.to_ascii_lowercase().as_str())
        });
    acronym || (beside_org && words.iter().any(|w| BODY_WORDS.contains(&fold(w).as_str())))
}

/// "Chair, Google" -> (Some("chair"), Some("Google")); "Google, TAC" -> (Some("TAC"),
/// Some("Google")): roles and the bodies a person sits on are the role (joined by ", "),
/// the rest the affiliation.
pub fn role_and_affiliation(parts: &[String]) -> (Option<String>, Option<String>) {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| {
            p.trim()
                .trim_matches(|c: char| c == ':' || c.is_whitespace())
        })
        // A time zone written beside the name ("Ada, Acme, UTC+1") is not where they work.
        .filter(|p| !p.is_empty() && !is_time_zone(p))
        .collect();
    let role_part = |p: &str| is_role_part(p) || is_body_part(p, false);
    let beside_org = parts.iter().any(|p| !role_part(p));
    let mut roles: Vec<String> = Vec::new();
    let mut org = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        // A committee beside an organisation, never the first part ("Acme Board, chair").
        let body = i > 0 && beside_org && is_body_part(p, true);
        if is_role_part(p) {
            // "voting member", but "BEST WG facilitator" keeps its acronym.
            let acronym = p
                .split_whitespace()
                .any(|w| w.chars().filter(char::is_ascii_uppercase).count() >= 2);
            roles.push(if acronym {
                p.to_string()
            } else {
                p.to_lowercase()
            });
        } else if body || is_body_part(p, false) {
            // An acronym keeps its capitals ("TAC").
            roles.push(p.to_string());
        } else {
            org.push(p.to_string());
        }
    }
    let org = org.join(", ");
    let role = roles.join(", ");
    (
        (!role.is_empty()).then_some(role),
        (!org.is_empty()).then_some(org),
    )
}

fn split_remark(text: &str) -> (&str, Option<String>) {
    let mut depth = 0i32;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth != 0 {
            continue;
        }
        let rest = &text[i..];
        let sep = [" - ", " – ", " — ", ": ", " / ", " -- "]
            .iter()
            .find(|s| rest.starts_with(**s));
        if let Some(s) = sep {
            let r = rest[s.len()..].trim();
            return (&text[..i], (!r.is_empty()).then(|| r.to_string()));
        }
        if c == ':' && i + 1 == bytes.len() {
            return (&text[..i], None);
        }
    }
    (text, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Mention {
        parse_mention(s, 1, false).unwrap_or_default()
    }

    #[test]
    fn mentions() {
        let a = m("Ada Moreno (Acme Labs)");
        assert_eq!(
            (a.name.as_str(), a.affiliation.as_deref()),
            ("Ada Moreno", Some("Acme Labs"))
        );
        let a = m("Bartholomew Okafor (\"Bart\") (Widget Co)");
        assert_eq!(a.nickname.as_deref(), Some("Bart"));
        assert_eq!(a.affiliation.as_deref(), Some("Widget Co"));
        let a = m("Cy Park (Chair, Nimbus Labs ): traveling");
        assert_eq!(a.role.as_deref(), Some("chair"));
        assert_eq!(a.affiliation.as_deref(), Some("Nimbus Labs"));
        assert_eq!(a.remark.as_deref(), Some("traveling"));
        let a = m("Dee Quill (Chair dee.quill@example.org )");
        assert_eq!(a.email.as_deref(), Some("dee.quill@example.org"));
        assert_eq!(a.role.as_deref(), Some("chair"));
        let a = m("Eli Rand (Corvid, lurking :) )");
        assert_eq!(a.name, "Eli Rand");
        let a = m("Fay Sol (Orbit) (part) - works on signing");
        assert_eq!(a.affiliation.as_deref(), Some("Orbit"));
        assert_eq!(a.remark.as_deref(), Some("works on signing; part"));
        let a = parse_mention("Gus Tamm, Red Lantern", 1, true).unwrap_or_default();
        assert_eq!(a.affiliation.as_deref(), Some("Red Lantern"));
        assert_eq!(a.name, "Gus Tamm");
        assert!(parse_mention("Please try https://example.org/x", 1, false).is_none());
        assert!(parse_mention("", 1, false).is_none());
        let a = m("**Hal Uno** (Zed Corp),");
        assert_eq!(a.name, "Hal Uno");
    }

    #[test]
    fn a_committee_beside_the_organisation_is_the_role() {
        let role_org = |s: &str| {
            let a = m(s);
            (a.role, a.affiliation)
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            role_org("Ada Moreno (Acme, TAC)"),
            (some("TAC"), some("Acme"))
        );
        assert_eq!(role_org("Ada Moreno (TSC)"), (some("TSC"), None));
        assert_eq!(
            role_org("Ada Moreno (Acme, Docs WG, chair)"),
            (some("Docs WG, chair"), some("Acme"))
        );
        assert_eq!(
            role_org("Ada Moreno (Acme, TAC, Docs WG Lead)"),
            (some("TAC, Docs WG Lead"), some("Acme"))
        );
        assert_eq!(
            role_org("Ada Moreno (Acme, Steering Committee)"),
            (some("Steering Committee"), some("Acme"))
        );
        // An organisation that looks like one: alone, or leading.
        assert_eq!(
            role_org("Ada Moreno (Regional Council)"),
            (None, some("Regional Council"))
        );
        assert_eq!(
            role_org("Ada Moreno (SC Widgets)"),
            (None, some("SC Widgets"))
        );
        assert_eq!(
            role_org("Ada Moreno (Acme Board, chair)"),
            (some("chair"), some("Acme Board"))
        );
    }
}
