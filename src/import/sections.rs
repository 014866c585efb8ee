//! What a heading or a label introduces, by its words (in several languages) and shape:
//! attendance, regrets, guests, actions, items, a cancelled meeting.

use super::people::{bare_handle, parse_mention, plain, split_top, Mention};
use crate::meeting::fold;

/// What a heading (or a label) introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    None,
    Present,
    Regrets,
    /// Not there, without word sent ("Absent", "Missing").
    Absent,
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

impl Section {
    /// A list of people: who attended, sent regrets, was absent or came as a guest.
    pub fn names_people(self) -> bool {
        matches!(
            self,
            Section::Present | Section::Regrets | Section::Absent | Section::Guests
        )
    }
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
    // Words in scripts written without spaces ("参会人") start the heading as they are.
    let starts = |p: &[&str]| {
        p.iter().any(|p| {
            w == *p || w.starts_with(&format!("{p} ")) || (!p.is_ascii() && w.starts_with(p))
        })
    };
    if says_cancelled(title) {
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
        "people present",
        "attending",
        "attended",
        "who attended",
        "anwesend",
        "anwesende",
        "teilnehmer",
        "teilnehmende",
        "presents",
        "presentes",
        "asistentes",
        "participantes",
        "aanwezig",
        "出席",
        "参会",
        "与会",
        "参与",
    ]) {
        Section::Present
    } else if starts(&[
        "apologies",
        "regrets",
        "excused",
        "unavailable",
        "entschuldigt",
        "excuses",
        "excusados",
        "请假",
    ]) {
        Section::Regrets
    } else if starts(&[
        "absent",
        "absences",
        "missing",
        "not present",
        "not attending",
        "abwesend",
        "absents",
        "ausentes",
        "缺席",
    ]) {
        Section::Absent
    } else if starts(&[
        "guests",
        "guest",
        "other attendees",
        "additional attendees",
        "additional participants",
        "gaste",
        "invites",
        "invitados",
        "嘉宾",
        "observers",
        "visitors",
        "new attendees",
        "new attendee",
        "new participants",
        "newcomers",
        "first time attendees",
        "first time participants",
    ]) || starts(NEWCOMERS)
    {
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
        "action points",
        "next steps",
        "ais",
        "todo",
        "to do",
        "follow ups",
        "follow up",
        "new action items",
        "tasks",
        "aufgaben",
        "maßnahmen",
        "massnahmen",
        "acciones",
        "tareas",
        "actiepunten",
        "acties",
        "azioni",
        "compiti",
        "アクション",
        "行动项",
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
    } else if starts(&NEXT_MEETING) {
        Section::NextMeeting
    } else if starts(&[
        "agenda",
        "tagesordnung",
        "ordre du jour",
        "orden del dia",
        "ordine del giorno",
        "topics",
        "summary",
        "notes",
        "meeting notes",
        "meeting summary",
        "discussion",
        "minutes",
        "agenda/meeting notes",
        "agenda and notes",
        "agenda items",
        "discussion items",
    ]) {
        Section::Items
    } else if ends_in_actions(w, title) {
        // "Decisions and action items", "Acuerdos y tareas", "Outcomes / actions".
        Section::Actions
    } else if let Some(s) = attendees_by_group(w) {
        s
    } else if attendance_words(w) {
        // A heading that names attendance among other words: "Please add your name to the
        // attendee list", "Who attended (sign yourself in)"; "Members not in attendance",
        // "Unable to attend" say who was not there.
        if w.split_whitespace()
            .any(|x| matches!(x, "not" | "unable" | "didn" | "didnt" | "nicht" | "no"))
        {
            Section::Absent
        } else {
            Section::Present
        }
    } else {
        Section::Item
    }
}

/// A short heading that joins something else to the actions it ends with: "Decisions and
/// action items", "Acuerdos y tareas", "Outcomes & next steps" (not "Update KPI actions", a
/// topic).
fn ends_in_actions(w: &str, title: &str) -> bool {
    let words: Vec<&str> = w.split_whitespace().collect();
    let n = words.len();
    let k = if [
        "actions", "tareas", "aufgaben", "acciones", "acties", "azioni",
    ]
    .contains(&words.last().copied().unwrap_or_default())
    {
        1
    } else if n >= 2
        && ["action items", "action points", "next steps"]
            .contains(&words[n - 2..].join(" ").as_str())
    {
        2
    } else {
        return false;
    };
    let joined = n > k
        && (["and", "y", "und", "et", "e", "en"].contains(&words[n - k - 1])
            || title.contains(['&', '/', '+']));
    (2..=6).contains(&n) && joined
}

/// A title in words any minutes could carry ("Meeting Minutes", "Notes of the meeting"):
/// the heading after it names the body.
pub fn generic_title(title: &str) -> bool {
    let w = words_of(title);
    !w.is_empty()
        && w.split_whitespace().all(|x| {
            matches!(
                x,
                "meeting"
                    | "meetings"
                    | "minutes"
                    | "notes"
                    | "agenda"
                    | "summary"
                    | "official"
                    | "draft"
                    | "record"
                    | "of"
                    | "the"
                    | "and"
            )
        })
}

/// Attendance named anywhere in a short heading.
fn attendance_words(w: &str) -> bool {
    let words: Vec<&str> = w.split_whitespace().collect();
    words.len() <= 12
        && words.iter().any(|x| {
            matches!(
                *x,
                "attendance" | "attendees" | "attendee" | "participants" | "attended" | "roll"
            )
        })
        && !words
            .iter()
            .any(|x| matches!(*x, "action" | "actions" | "policy"))
}

/// A text that says a meeting did not take place, in other words than "cancelled" too:
/// "No meeting because of the holiday", "Canceld", "Meeting skipped", "abgesagt", "取消".
pub fn says_cancelled(text: &str) -> bool {
    // "## ~~2025-03-13~~": a meeting struck out.
    let t = text.trim();
    if t.len() > 4 && t.starts_with("~~") && t.ends_with("~~") {
        return true;
    }
    let w = words_of(text);
    let words: Vec<&str> = w.split_whitespace().collect();
    let misspelt = |x: &str| {
        x.len() >= 6
            && x.starts_with('c')
            && ["cancelled", "canceled", "cancellation"]
                .iter()
                .any(|c| crate::text::edit_distance(x, c) <= 2)
    };
    let phrase = |p: &str| {
        w == p
            || w.starts_with(&format!("{p} "))
            || w.contains(&format!(" {p} "))
            || w.ends_with(&format!(" {p}"))
    };
    words.iter().any(|x| {
        x.starts_with("cancel")
            || misspelt(x)
            || matches!(
                *x,
                "abgesagt"
                    | "entfallt"
                    | "ausgefallen"
                    | "suspende"
                    | "suspendida"
                    | "suspendido"
                    | "geannuleerd"
                    | "annullata"
                    | "annullato"
                    | "annule"
                    | "annulee"
                    | "cancelado"
                    | "cancelada"
                    | "skipped"
                    | "postponed"
            )
    }) || [
        "no meeting",
        "no call",
        "no sync",
        "did not meet",
        "not held",
        "will not meet",
        "no session",
        "keine sitzung",
        "fallt aus",
        "findet nicht statt",
        "no hubo reunion",
        "pas de reunion",
        "sin reunion",
    ]
    .iter()
    .any(|p| phrase(p))
        || ["取消", "休会", "停会"].iter().any(|p| w.contains(p))
}

/// A label line: "Present: …", "**Regrets:** …", "**Time: **…", "*Quorum: …*". Returns the
/// label's words (folded) and the value.
pub fn label(text: &str) -> Option<(String, String)> {
    // A full-width colon ("请假人员：…") is a colon.
    let text = text.replace('：', ": ");
    let t = text.trim_start_matches(['*', '_', ' ']);
    let colon = t.find(':')?;
    let key = t[..colon].trim().trim_end_matches(['*', '_']).trim();
    // "Attendees (4):", "Present (remote):": a count or a qualifier in brackets is no part
    // of the label.
    let key = match key.strip_suffix(')').and_then(|k| k.rsplit_once('(')) {
        Some((k, n)) if !k.trim().is_empty() && n.split_whitespace().count() <= 3 => k.trim(),
        _ => key,
    };
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

/// "Next meeting", in the languages minutes are kept in.
const NEXT_MEETING: [&str; 9] = [
    "next meeting",
    "next call",
    "nachste sitzung",
    "naechste sitzung",
    "nachster termin",
    "prochaine reunion",
    "proxima reunion",
    "volgende vergadering",
    "prossima riunione",
];

pub(crate) fn is_next_meeting_heading(text: &str) -> bool {
    let w = words_of(text);
    NEXT_MEETING.iter().any(|n| w.contains(n))
}

/// "Team members: ada, ben-o", "Others: Cy Park" in a list of who attended: a group's
/// label over its people on the same line. Whether the group is from outside (guests),
/// and its people; none when the label names no group of people or a part is no person
/// (a user name alone is one there, as in a list of names).
pub(crate) fn group_of_people(
    text: &str,
    line: usize,
) -> Option<(bool, Vec<Mention>, Vec<String>)> {
    let (key, value) = label(text)?;
    if value.is_empty() {
        return None;
    }
    let guests = match label_section(&key) {
        Some(Section::Guests) => true,
        Some(Section::Present) => false,
        Some(_) => return None,
        None => group_word(&key)?,
    };
    let (mut out, mut missed) = (Vec::new(), Vec::new());
    for p in split_top(&value, &[',', ';']) {
        // "ada-m (30min late)": a user name with a remark.
        let handle_first = p
            .split_whitespace()
            .next()
            .is_some_and(|w| bare_handle(w, line).is_some());
        let person = parse_mention(&p, line, false)
            .or_else(|| bare_handle(&p, line))
            .or_else(|| handle_first.then(|| parse_mention(&format!("@{p}"), line, false))?);
        match person {
            Some(m) => out.push(m),
            None => missed.push(p),
        }
    }
    (!out.is_empty()).then_some((guests, out, missed))
}

/// A label naming a group of people: from outside ("Others", "Observers": true) or of the
/// body ("Team members", "TSC", "Core team": false).
fn group_word(key: &str) -> Option<bool> {
    const OUTSIDE: &[&str] = &[
        "others",
        "other",
        "community",
        "non members",
        "external",
        "also",
        "public",
    ];
    if OUTSIDE.contains(&key) {
        return Some(true);
    }
    let words: Vec<&str> = key.split_whitespace().collect();
    let last = words.last()?;
    (words.len() <= 3
        && matches!(
            *last,
            "members"
                | "member"
                | "team"
                | "staff"
                | "maintainers"
                | "leads"
                | "chairs"
                | "reviewers"
                | "council"
                | "committee"
                | "board"
                | "tsc"
                | "tac"
                | "wg"
                | "sc"
                | "delegates"
                | "representatives"
                | "officers"
        ))
    .then_some(false)
}

/// Names of a list of people who came for the first time, as a heading or a label.
const NEWCOMERS: &[&str] = &[
    "new friends",
    "new faces",
    "new folks",
    "first timers",
    "new attendees",
    "new participants",
    "newcomers",
    "first time attendees",
];

pub(crate) fn label_section(key: &str) -> Option<Section> {
    let s = match key {
        "present" | "attendees" | "attendance" | "participants" | "in attendance"
        | "members present" | "attending" => Section::Present,
        // German, French, Spanish, Dutch, Italian, Portuguese.
        "anwesend"
        | "anwesende"
        | "teilnehmer"
        | "teilnehmende"
        | "teilnehmerinnen"
        | "presents"
        | "participants presents"
        | "presentes"
        | "asistentes"
        | "participantes"
        | "aanwezig"
        | "aanwezigen"
        | "presenti"
        | "partecipanti" => Section::Present,
        "regrets" | "apologies" | "excused" | "unavailable" | "请假" | "entschuldigt"
        | "excuses" | "excusados" | "excusadas" | "afgemeld" | "giustificati" => Section::Regrets,
        "absent" | "absences" | "missing" | "not present" | "not attending" | "缺席"
        | "abwesend" | "absents" | "ausentes" | "afwezig" | "assenti" => Section::Absent,
        "gaste" | "invites" | "invitados" | "gasten" | "ospiti" | "convidados" => Section::Guests,
        "guests"
        | "guest"
        | "other attendees"
        | "observers"
        | "visitors"
        | "also present"
        | "additional attendees"
        | "additional participants"
        | "also attending"
        | "invited" => Section::Guests,
        k if NEWCOMERS.contains(&k) => Section::Guests,
        k if k.starts_with("请假") => Section::Regrets,
        k if ["参会", "出席", "与会"].iter().any(|p| k.starts_with(p)) => Section::Present,
        k if k.starts_with("缺席") => Section::Absent,
        k if label_prefix(k).is_some() => label_prefix(k)?,
        // "Steering attendees", "Community attendees": who attended, by group.
        k => attendees_by_group(k)?,
    };
    Some(s)
}

/// Labels that begin with the words of a list of people: "Apologies received from",
/// "Unable to attend", "Present in person", "Ausentes con excusa", "欠席者".
fn label_prefix(key: &str) -> Option<Section> {
    // "Regrets/Absent": the first of the two.
    let key = key.split('/').next().unwrap_or(key).trim();
    let starts = |ps: &[&str]| {
        ps.iter()
            .any(|p| key == *p || key.starts_with(&format!("{p} ")))
    };
    let starts_cjk = |ps: &[&str]| ps.iter().any(|p| key.starts_with(p));
    if starts(&[
        "apologies",
        "regrets",
        "excused",
        "unable to attend",
        "ausentes con",
        "ausencias justificadas",
        "ausencias",
        "afwezig met",
        "assenti giustificati",
        "entschuldigt",
        "excuses",
    ]) || starts_cjk(&["请假"])
    {
        Some(Section::Regrets)
    } else if starts(&[
        "did not attend",
        "not in attendance",
        "no asistieron",
        "faltaram",
        "absent",
        "absentees",
        "abwesend",
        "afwezig",
        "assenti",
        "ausentes",
    ]) || starts_cjk(&["欠席", "缺席"])
    {
        Some(Section::Absent)
    } else if starts(&[
        "present",
        "roll call",
        "here",
        "late",
        "joined late",
        "joined at",
        "attending",
        "anwesend",
        "presentes",
        "presenti",
        "aanwezig",
    ]) || starts_cjk(&["参加者", "出席者", "参会", "出席", "与会"])
    {
        Some(Section::Present)
    } else {
        None
    }
}

/// A label or heading of two or three words ending in "attendees" (or "participants",
/// "present"): those of a group who attended ("Steering attendees", "TSC members present"),
/// guests when the group is from outside ("Community attendees", "External participants").
fn attendees_by_group(w: &str) -> Option<Section> {
    let words: Vec<&str> = w.split_whitespace().collect();
    let last = words.last()?;
    if !(2..=3).contains(&words.len()) {
        return None;
    }
    // "Directors absent", "Members excused" (not "Bob Ray (regrets)", a person).
    let group = matches!(
        words[0],
        "directors"
            | "members"
            | "member"
            | "officers"
            | "trustees"
            | "voting"
            | "board"
            | "committee"
            | "council"
            | "staff"
            | "team"
            | "others"
            | "guests"
            | "participants"
            | "people"
            | "attendees"
            | "tsc"
            | "steering"
    );
    match *last {
        "absent" | "absences" | "missing" if group => return Some(Section::Absent),
        "excused" | "regrets" | "apologies" if group => return Some(Section::Regrets),
        "attendees" | "participants" | "present" | "attendance" => {}
        _ => return None,
    }
    let outside = words.iter().any(|x| {
        matches!(
            *x,
            "community"
                | "other"
                | "additional"
                | "external"
                | "public"
                | "guest"
                | "invited"
                | "others"
                | "non"
                | "nonvoting"
        )
    });
    Some(if outside {
        Section::Guests
    } else {
        Section::Present
    })
}

/// An attendance list that says everyone came instead of naming them ("all", "everyone",
/// "all members", "全体").
pub(crate) fn says_everyone(text: &str) -> bool {
    let w = words_of(text);
    matches!(
        w.as_str(),
        "all"
            | "everyone"
            | "everybody"
            | "all members"
            | "all present"
            | "everyone present"
            | "all council members"
            | "all members present"
            | "full council"
            | "full attendance"
            | "tous"
            | "todos"
            | "alle"
            | "全体"
            | "全员"
    )
}

pub(crate) fn section_name(s: Section) -> &'static str {
    match s {
        Section::None => "text",
        Section::Present => "attendance",
        Section::Regrets => "regrets",
        Section::Absent => "absent",
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

/// A meeting's title without its date, weekday, time, zone or "DRAFT": the series' name.
/// "Widget WG meeting 2025-03-04 -- DRAFT" -> "Widget WG meeting".
pub fn title_without_date(title: &str) -> String {
    let plain = plain(title);
    let words: Vec<&str> = plain.split_whitespace().collect();
    // A bare number is a day or a year beside a month, a year of four digits, or a
    // number beside another date part; else it is the title's own ("Next 10 Years").
    let month_near = |i: usize| {
        [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .filter_map(|j| words.get(j))
            .any(|w| is_month(&fold(w.trim_matches(|c: char| !c.is_alphanumeric()))))
    };
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, w)| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            let own_number = !bare.is_empty()
                && bare.len() < 4
                && bare.chars().all(|c| c.is_ascii_digit())
                && !month_near(i);
            own_number || !dateish(w)
        })
        .map(|(_, w)| *w)
        .collect();
    let t = kept.join(" ");
    t.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '|' | ',' | '(' | ')' | '.')
    })
    .to_string()
}

/// A word of a title that is part of a date, a time or a draft mark (or a separator).
fn dateish(w: &str) -> bool {
    let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
    if bare.is_empty() {
        return true;
    }
    let lower = fold(bare);
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[digits.len()..];
    let number = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "am" | "pm");
    let cjk_date = bare.chars().any(|c| c.is_ascii_digit()) && bare.contains(['年', '月', '日']);
    number
        || cjk_date
        || super::dates::find_date(bare).is_some()
        || super::dates::find_time(bare).is_some()
        || is_month(&lower)
        || super::dates::weekday_in(&lower).is_some()
        || super::dates::find_zone(bare).is_some()
        || matches!(lower.as_str(), "draft" | "am" | "pm")
}

fn is_month(w: &str) -> bool {
    super::dates::month(w).is_some()
}

/// One title for a series: the commonest of its meetings' titles without their dates.
/// A title without the numbers standing alone in it.
fn without_numbers(t: &str) -> String {
    t.split_whitespace()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn series_title<'a>(titles: impl Iterator<Item = &'a str>) -> Option<String> {
    commonest_title(titles).map(|(t, _)| t)
}

/// The commonest title without dates, and how many times it was written.
pub fn commonest_title<'a>(titles: impl Iterator<Item = &'a str>) -> Option<(String, usize)> {
    // A number the titles share is the title's ("Next 10 Years"); one that changes from
    // meeting to meeting ("Meeting 12", "Meeting 13") is the meeting's, not the series'.
    let titles: Vec<&str> = titles.collect();
    let with_numbers = commonest(&titles, true)?;
    if with_numbers.1 * 2 > titles.len() {
        return Some(with_numbers);
    }
    commonest(&titles, false)
}

fn commonest(titles: &[&str], numbers: bool) -> Option<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in titles {
        let t = if numbers {
            title_without_date(t)
        } else {
            without_numbers(&title_without_date(t))
        };
        if t.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| c.eq_ignore_ascii_case(&t)) {
            Some((_, n)) => *n += 1,
            None => counts.push((t, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best)
}

/// "New attendees", "Regrets", "Guests": a bullet that only names a list of people (with a
/// colon it is a label, read as labels are).
pub(crate) fn people_list_title(text: &str) -> Option<Section> {
    // The cheap tests first: most bullets are sentences.
    if text.contains([':', '：']) || text.split_whitespace().nth(6).is_some() {
        return None;
    }
    if words_of(text).split(' ').count() > 3 {
        return None;
    }
    let s = classify(text);
    s.names_people().then_some(s)
}

/// "Action Items", "Open actions": a short line, no colon, that titles a list of actions.
pub(crate) fn is_action_list_title(text: &str) -> bool {
    !text.contains(':')
        && words_of(text).split(' ').count() <= 4
        && match classify(text) {
            Section::Actions => !is_soft_actions(text),
            Section::Review => true,
            _ => false,
        }
}

/// "Next steps", "Follow-ups": a list of what happens next, whose lines are actions only
/// when they name who does them.
pub(crate) fn is_soft_actions(title: &str) -> bool {
    let w = words_of(title);
    w.starts_with("next") || w.starts_with("follow")
}
