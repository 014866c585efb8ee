//! The command language: one line of the capture line or a transcript becomes an event.
//!
//! Parsing needs the meeting (names are matched against its roster and guests, item titles
//! against its items), but never changes it: the event goes to [`Meeting::apply`].

use crate::agenda::{self, Secs};
use crate::meeting::{
    rebalance_plan, Event, EventKind, Meeting, NameMatch, Presence, QueueKind, ReviewStatus,
};
use crate::text::clean_line;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// What one line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Interpreted {
    /// A change: hand it to `Meeting::apply`.
    Event(Event),
    /// Something to show the moderator (a proposed plan, the actions so far); changes nothing.
    Show { title: String, body: String },
    /// The help screen.
    Help,
}

/// One command of the language, for the help screen and for Tab completion.
pub struct CommandSpec {
    pub name: &'static str,
    pub args: &'static str,
    pub help: &'static str,
}

/// Every command, in the order the help screen lists them.
pub const COMMANDS: &[CommandSpec] = &[
    spec("/start", "", "start the meeting clock and the first item"),
    spec("/next", "", "close this item, go to the next open one"),
    spec("/prev", "", "go back to the previous item"),
    spec(
        "/goto",
        "N|TITLE",
        "go to an item (reopens a done or deferred one)",
    ),
    spec("/pause", "", "stop the clocks"),
    spec("/resume", "", "restart the clocks"),
    spec("/extend", "[5m]", "lengthen the current item's time box"),
    spec(
        "/defer",
        "[N]",
        "not covered today: goes to the next agenda",
    ),
    spec(
        "/add",
        "TITLE [@presenter] [10m]",
        "a new item after the current one",
    ),
    spec("/present", "NAME, NAME", "mark people present"),
    spec("/absent", "NAME, NAME", "mark people absent"),
    spec("/regrets", "NAME, NAME", "people who sent regrets"),
    spec("/left", "NAME, NAME", "people who left the call"),
    spec(
        "/guest",
        "NAME (AFFILIATION)",
        "someone not on the roster joined",
    ),
    spec(
        "/note",
        "TEXT",
        "a note (alias /info; plain text is a note too)",
    ),
    spec(
        "/outcome",
        "TEXT",
        "an outcome or decision (aliases /agreed, /decided)",
    ),
    spec(
        "/action",
        "OWNER[, OWNER]: TEXT [due YYYY-MM-DD]",
        "an action item",
    ),
    spec("/link", "URL [TEXT]", "a link on the current item"),
    spec(
        "/vote",
        "for N against N abstain N [TEXT]",
        "a vote, decided by the agenda's rule (/vote! records more votes than members present)",
    ),
    spec("/done", "N", "review: old action N is done"),
    spec("/ongoing", "N", "review: old action N is still going"),
    spec("/dropped", "N", "review: old action N is dropped"),
    spec("/recap", "TEXT", "the meeting's summary"),
    spec(
        "/approve",
        "",
        "the previous meeting's minutes are approved",
    ),
    spec(
        "/nextmeeting",
        "YYYY-MM-DD [HH:MM]",
        "when the next meeting is",
    ),
    spec(
        "/queue",
        "NAME [reply|clarify|order] [TOPIC]",
        "add someone to the speaker queue",
    ),
    spec("/unqueue", "NAME", "drop someone from the queue"),
    spec("/speak", "", "give the floor to the next in the queue"),
    spec(
        "/rebalance",
        "[apply]",
        "new time boxes so the meeting ends on time",
    ),
    spec(
        "s/OLD/NEW/[g]",
        "",
        "correct the latest entry with OLD (g: every entry)",
    ),
    spec("/private", "TEXT", "a note kept out of the public minutes"),
    spec("/actions", "", "every action so far, by owner"),
    spec("/undo", "", "revert the last change"),
    spec("/end", "", "end the meeting"),
    spec("/help", "", "this list"),
];

const fn spec(name: &'static str, args: &'static str, help: &'static str) -> CommandSpec {
    CommandSpec { name, args, help }
}

/// Reads one line at instant `now`.
pub fn interpret(line: &str, meeting: &Meeting, now: DateTime<Utc>) -> Result<Interpreted, String> {
    let line = clean_line(line);
    let line = line.trim();
    if line.is_empty() {
        return Err("nothing to record: the line is empty".into());
    }
    let event = |kind| Ok(Interpreted::Event(Event::new(now, kind)));
    if let Some(rest) = line.strip_prefix("s/") {
        return event(parse_correction(rest)?);
    }
    if let Some(text) = line.strip_prefix("//") {
        return event(note(format!("/{text}"), false));
    }
    let Some(command) = line.strip_prefix('/') else {
        return event(note(line.to_string(), false));
    };
    let (name, rest) = match command.split_once(char::is_whitespace) {
        Some((n, r)) => (n, r.trim()),
        None => (command, ""),
    };
    match name.to_lowercase().as_str() {
        "rebalance" => rebalance(rest, meeting, now),
        "actions" => Ok(Interpreted::Show {
            title: "Actions so far".into(),
            body: actions_by_owner(meeting),
        }),
        "help" | "?" => Ok(Interpreted::Help),
        other => event(parse_event(other, rest, meeting)?),
    }
}

fn parse_event(name: &str, rest: &str, m: &Meeting) -> Result<EventKind, String> {
    use EventKind as E;
    let bare = |kind: EventKind| {
        if rest.is_empty() {
            Ok(kind)
        } else {
            Err(format!("/{name} takes nothing after it"))
        }
    };
    match name {
        "start" => bare(E::Start),
        "next" => bare(E::Next),
        "prev" => bare(E::Prev),
        "pause" => bare(E::Pause),
        "resume" => bare(E::Resume),
        "end" => bare(E::End),
        "undo" => bare(E::Undo),
        "speak" => bare(E::Speak),
        "approve" => bare(E::ApprovePrevious),
        "followup" => {
            let (typed, timebox) = split_duration(rest);
            let title = if typed.is_empty() {
                let current = m.current_item().map_or("this item", |i| i.title.as_str());
                format!("Follow-up: {current}")
            } else {
                typed
            };
            Ok(E::FollowUp {
                title,
                timebox: timebox.unwrap_or(600),
            })
        }
        "goto" => {
            if rest.is_empty() {
                return Err("/goto needs an item number or title".into());
            }
            Ok(E::Goto {
                item: m.find_item(rest)?,
            })
        }
        "extend" => Ok(E::Extend {
            secs: if rest.is_empty() {
                300
            } else {
                agenda::parse_duration(rest)?
            },
        }),
        "defer" => {
            let item = if rest.is_empty() {
                m.current.ok_or("no item is running: say which, /defer N")?
            } else {
                m.find_item(rest)?
            };
            Ok(E::Defer { item })
        }
        "add" => parse_add(rest, m),
        "present" => attendance(rest, Presence::Present, m),
        "absent" => attendance(rest, Presence::Absent, m),
        "regrets" => attendance(rest, Presence::Regrets, m),
        "left" => attendance(rest, Presence::Left, m),
        "guest" => parse_guest(rest),
        "note" | "info" => {
            let (private, text) = private_flag(rest);
            Ok(note(required(text, name, "TEXT")?, private))
        }
        "private" => Ok(note(required(rest, name, "TEXT")?, true)),
        "outcome" | "agreed" | "decided" => {
            let (private, text) = private_flag(rest);
            Ok(E::Outcome {
                text: required(text, name, "TEXT")?,
                private,
            })
        }
        "action" => parse_action(rest, m),
        "link" => parse_link(rest),
        "vote" | "vote!" => parse_vote(rest, name == "vote!"),
        "done" => review(rest, ReviewStatus::Done, m),
        "ongoing" => review(rest, ReviewStatus::Ongoing, m),
        "dropped" => review(rest, ReviewStatus::Dropped, m),
        "recap" => Ok(E::Recap {
            text: required(rest, name, "TEXT")?,
        }),
        "nextmeeting" => parse_next_meeting(rest, m),
        "queue" => parse_queue(rest, m),
        "unqueue" => Ok(E::Unqueue {
            name: resolve(rest, m)?,
        }),
        other => Err(unknown_command(other)),
    }
}

fn note(text: String, private: bool) -> EventKind {
    EventKind::Note { text, private }
}

fn required(text: &str, name: &str, what: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err(format!("/{name} needs {what}"))
    } else {
        Ok(text.trim().to_string())
    }
}

/// `/action /private …`, `/outcome /private …`.
fn private_flag(rest: &str) -> (bool, &str) {
    match rest.strip_prefix("/private") {
        Some(r) if r.is_empty() || r.starts_with(char::is_whitespace) => (true, r.trim()),
        _ => (false, rest),
    }
}

fn unknown_command(name: &str) -> String {
    let typed = format!("/{name}");
    let close = COMMANDS
        .iter()
        .map(|c| c.name)
        .filter(|c| c.starts_with('/'))
        .min_by_key(|c| edit_distance(c, &typed))
        .filter(|c| edit_distance(c, &typed) <= 2);
    match close {
        Some(c) => format!("unknown command {typed}: did you mean {c}? (/help lists them all)"),
        None => format!("unknown command {typed}: /help lists them all"),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Resolves one typed name against the roster and guests.
pub fn resolve(query: &str, m: &Meeting) -> Result<String, String> {
    match m.find_person(query) {
        NameMatch::One(name) => Ok(name),
        NameMatch::Many(c) => Err(format!(
            "`{}` matches {}: type more of the name",
            query.trim(),
            c.join(", ")
        )),
        NameMatch::None if query.trim().is_empty() => Err("name someone".into()),
        NameMatch::None => Err(format!(
            "nobody on the roster or guest list matches `{}` (a newcomer? /guest NAME)",
            query.trim()
        )),
    }
}

fn attendance(rest: &str, status: Presence, m: &Meeting) -> Result<EventKind, String> {
    let mut names = Vec::new();
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let name = resolve(part, m)?;
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return Err("name at least one person: /present NAME, NAME".into());
    }
    Ok(EventKind::Attendance { names, status })
}

fn parse_guest(rest: &str) -> Result<EventKind, String> {
    let (name, affiliation) = match (rest.rfind('('), rest.ends_with(')')) {
        (Some(open), true) => {
            let aff = rest[open + 1..rest.len() - 1].trim();
            (
                rest[..open].trim(),
                (!aff.is_empty()).then(|| aff.to_string()),
            )
        }
        _ => (rest.trim(), None),
    };
    if name.is_empty() {
        return Err("/guest needs a name: /guest NAME (AFFILIATION)".into());
    }
    Ok(EventKind::Guest {
        name: name.to_string(),
        affiliation,
    })
}

/// Takes a trailing duration with a unit ("10m", "1h30m") off `text`.
fn split_duration(text: &str) -> (String, Option<Secs>) {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if let Some(last) = words.last() {
        if last.chars().any(|c| c.is_ascii_alphabetic()) {
            if let Ok(secs) = agenda::parse_duration(last) {
                words.pop();
                return (words.join(" "), Some(secs));
            }
        }
    }
    (words.join(" "), None)
}

fn parse_add(rest: &str, m: &Meeting) -> Result<EventKind, String> {
    let (text, timebox) = split_duration(rest);
    let timebox: Secs = timebox.unwrap_or(600);
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut presenter = None;
    if let Some(at) = words.iter().position(|w| w.starts_with('@')) {
        let typed = words[at..].join(" ");
        let typed = typed.trim_start_matches('@').trim();
        presenter = Some(match m.find_person(typed) {
            NameMatch::One(n) => n,
            NameMatch::Many(c) => {
                return Err(format!(
                    "`{typed}` matches {}: type more of the name",
                    c.join(", ")
                ))
            }
            NameMatch::None => typed.to_string(),
        });
        words.truncate(at);
    }
    let title = words.join(" ");
    if title.is_empty() {
        return Err("/add needs a title: /add TITLE [@presenter] [10m]".into());
    }
    Ok(EventKind::AddItem {
        title,
        presenter,
        timebox,
    })
}

fn parse_action(rest: &str, m: &Meeting) -> Result<EventKind, String> {
    let (private, rest) = private_flag(rest);
    let Some((owners_text, text)) = rest.split_once(':') else {
        return Err("write an action as /action OWNER: TEXT [due YYYY-MM-DD]".into());
    };
    let mut owners = Vec::new();
    for typed in owners_text
        .split([',', '/'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let owner = match m.find_person(typed) {
            NameMatch::One(n) => n,
            NameMatch::Many(c) => {
                return Err(format!(
                    "owner `{typed}` matches {}: type more of the name",
                    c.join(", ")
                ))
            }
            NameMatch::None => typed.to_string(),
        };
        if !owners.contains(&owner) {
            owners.push(owner);
        }
    }
    if owners.is_empty() {
        return Err("an action needs an owner: /action OWNER: TEXT".into());
    }
    let (text, due) = split_due(text.trim())?;
    if text.is_empty() {
        return Err("an action needs some text after the owner".into());
    }
    Ok(EventKind::Action {
        owners,
        text,
        due,
        private,
    })
}

/// Takes a trailing "due YYYY-MM-DD" (or "(due YYYY-MM-DD)") off an action's text.
fn split_due(text: &str) -> Result<(String, Option<NaiveDate>), String> {
    let trimmed = text.trim_end_matches(')').trim_end();
    let Some(pos) = trimmed.to_lowercase().rfind("due ") else {
        return Ok((text.to_string(), None));
    };
    let before_ok = pos == 0 || trimmed[..pos].ends_with([' ', '(', ',', ';']);
    let date_text = trimmed[pos + 4..].trim();
    if !before_ok || date_text.contains(' ') || date_text.is_empty() {
        return Ok((text.to_string(), None));
    }
    let due = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
        .map_err(|_| format!("`{date_text}` is not a due date: write due YYYY-MM-DD"))?;
    let head = trimmed[..pos]
        .trim_end()
        .trim_end_matches(['(', ',', ';'])
        .trim_end();
    Ok((head.to_string(), Some(due)))
}

fn parse_link(rest: &str) -> Result<EventKind, String> {
    let (url, text) = match rest.split_once(char::is_whitespace) {
        Some((u, t)) => (u, Some(t.trim().to_string()).filter(|t| !t.is_empty())),
        None => (rest, None),
    };
    if url.is_empty() {
        return Err("/link needs a URL: /link URL [TEXT]".into());
    }
    Ok(EventKind::Link {
        url: url.to_string(),
        text,
    })
}

/// `/vote!` (`more_than_present`) records the vote even when more votes are cast than
/// voting members are present.
fn parse_vote(rest: &str, more_than_present: bool) -> Result<EventKind, String> {
    let usage = "write a vote as /vote for N against N abstain N [TEXT]";
    let (mut yes, mut against, mut abstain) = (None, None, None);
    let mut remaining = rest.trim_start();
    while let Some((word, after)) = next_word(remaining) {
        let slot = match word.trim_end_matches([',', ':']).to_lowercase().as_str() {
            "for" | "yes" | "aye" | "ayes" => &mut yes,
            "against" | "no" | "nay" | "nays" => &mut against,
            "abstain" | "abstained" | "abstentions" => &mut abstain,
            _ => break,
        };
        let Some((count, after_count)) = next_word(after) else {
            return Err(usage.into());
        };
        let Ok(count) = count.trim_end_matches([',', ';', ':']).parse::<u32>() else {
            // "for" not followed by a count starts the motion's text.
            break;
        };
        if slot.replace(count).is_some() {
            return Err(format!("{usage} (each count once)"));
        }
        remaining = after_count;
    }
    if yes.is_none() && against.is_none() {
        return Err(usage.into());
    }
    let text = remaining.trim().trim_start_matches([':', '-', '—']).trim();
    Ok(EventKind::Vote {
        yes: yes.unwrap_or(0),
        against: against.unwrap_or(0),
        abstain: abstain.unwrap_or(0),
        text: (!text.is_empty()).then(|| text.to_string()),
        more_than_present,
    })
}

/// The first whitespace-separated word of `s` and the rest after it.
fn next_word(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    Some(match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], s[i..].trim_start()),
        None => (s, ""),
    })
}

fn review(rest: &str, status: ReviewStatus, m: &Meeting) -> Result<EventKind, String> {
    let carried = m.agenda.actions.len();
    let n: usize = rest.trim().parse().map_err(|_| {
        format!(
            "/{} takes the number of an open action from the agenda (1 to {carried})",
            status.as_str()
        )
    })?;
    if n == 0 || n > carried {
        return Err(if carried == 0 {
            "the agenda carries no open actions to review".into()
        } else {
            format!("there is no open action {n}: the agenda carries {carried}")
        });
    }
    Ok(EventKind::Review {
        action: n - 1,
        status,
    })
}

fn parse_next_meeting(rest: &str, m: &Meeting) -> Result<EventKind, String> {
    let mut parts = rest.split_whitespace();
    let usage = "write it as /nextmeeting YYYY-MM-DD HH:MM";
    let date = parts
        .next()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or(usage)?;
    let time = match parts.next() {
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| usage)?,
        None => m.agenda.meeting.start,
    };
    if parts.next().is_some() {
        return Err(usage.into());
    }
    Ok(EventKind::NextMeeting {
        when: date.and_time(time),
    })
}

fn parse_queue(rest: &str, m: &Meeting) -> Result<EventKind, String> {
    let words: Vec<&str> = rest.split_whitespace().collect();
    if words.is_empty() {
        return Err("/queue needs a name: /queue NAME [reply|clarify|order] [TOPIC]".into());
    }
    // The longest run of leading words that names exactly one person is the name.
    let mut found = None;
    for k in (1..=words.len()).rev() {
        if let NameMatch::One(name) = m.find_person(&words[..k].join(" ")) {
            found = Some((name, k));
            break;
        }
    }
    let (name, used) = match found {
        Some(f) => f,
        None => return Err(resolve(words[0], m).err().unwrap_or_default()),
    };
    let mut rest = &words[used..];
    let kind = match rest.first().map(|w| w.to_lowercase()) {
        Some(w) if w == "reply" => Some(QueueKind::Reply),
        Some(w) if w == "clarify" || w == "clarifying" || w == "question" => {
            Some(QueueKind::Clarify)
        }
        Some(w) if w == "order" || w == "poo" => Some(QueueKind::Order),
        Some(w) if w == "topic" || w == "new" => Some(QueueKind::Topic),
        _ => None,
    };
    if kind.is_some() {
        rest = &rest[1..];
    }
    let topic = rest.join(" ");
    Ok(EventKind::Queue {
        name,
        kind: kind.unwrap_or(QueueKind::Topic),
        topic: (!topic.is_empty()).then_some(topic),
    })
}

/// `s/OLD/NEW/` or `s/OLD/NEW/g` (the leading `s/` already taken off). `\/` is a slash.
fn parse_correction(rest: &str) -> Result<EventKind, String> {
    let usage = "write a correction as s/OLD/NEW/ or s/OLD/NEW/g";
    let mut parts = vec![String::new()];
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('/') => parts.last_mut().ok_or(usage)?.push('/'),
                Some(other) => {
                    let part = parts.last_mut().ok_or(usage)?;
                    part.push('\\');
                    part.push(other);
                }
                None => parts.last_mut().ok_or(usage)?.push('\\'),
            },
            '/' => parts.push(String::new()),
            c => parts.last_mut().ok_or(usage)?.push(c),
        }
    }
    let global = match parts.len() {
        2 => false,
        3 if parts[2].is_empty() => false,
        3 if parts[2] == "g" => true,
        _ => return Err(usage.into()),
    };
    if parts[0].is_empty() {
        return Err(usage.into());
    }
    Ok(EventKind::Correct {
        old: parts[0].clone(),
        new: parts[1].clone(),
        global,
    })
}

fn rebalance(rest: &str, m: &Meeting, now: DateTime<Utc>) -> Result<Interpreted, String> {
    let plan = rebalance_plan(m, now)?;
    match rest {
        "apply" => Ok(Interpreted::Event(Event::new(
            now,
            EventKind::Rebalance { plan },
        ))),
        "" => {
            let body = plan
                .iter()
                .map(|&(i, secs)| {
                    let item = &m.items[i];
                    format!(
                        "{}. {}: {} → {} min",
                        i + 1,
                        item.title,
                        item.timebox / 60,
                        secs / 60
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Interpreted::Show {
                title: "Proposed time boxes (/rebalance apply to use them)".into(),
                body,
            })
        }
        _ => Err("write /rebalance to see a plan, /rebalance apply to use it".into()),
    }
}

/// Every action captured so far and every old action not yet closed, by owner.
pub fn actions_by_owner(m: &Meeting) -> String {
    let mut by_owner: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |owner: &str, line: String| match by_owner.iter_mut().find(|(o, _)| o == owner) {
        Some((_, lines)) => lines.push(line),
        None => by_owner.push((owner.to_string(), vec![line])),
    };
    for a in m.actions.iter().filter(|a| !a.removed) {
        let due = a.due.map(|d| format!(" (due {d})")).unwrap_or_default();
        let private = if a.private { " [private]" } else { "" };
        for o in &a.owners {
            add(o, format!("{}{due}{private}", a.text));
        }
    }
    for (i, a) in m.agenda.actions.iter().enumerate() {
        let state = match m.reviews[i] {
            Some(ReviewStatus::Done) | Some(ReviewStatus::Dropped) => continue,
            Some(ReviewStatus::Ongoing) => "ongoing",
            None => "not reviewed",
        };
        for o in &a.owners {
            add(o, format!("{} (old action {}, {state})", a.text, i + 1));
        }
    }
    if by_owner.is_empty() {
        return "No actions yet.".into();
    }
    by_owner
        .iter()
        .map(|(o, lines)| {
            format!(
                "{o}:\n{}",
                lines
                    .iter()
                    .map(|l| format!("  - {l}\n"))
                    .collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("")
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests;
