//! JSON minutes: the same record as the Markdown, for tools. The `schema` field names the
//! format's version.

use super::Minutes;
use crate::agenda::Zone;
use crate::text::{clean_line, is_clean_line, sanitize};

pub fn render(m: &Minutes) -> String {
    let mut s = serde_json::to_string_pretty(m).unwrap_or_else(|e| {
        // Serializing plain owned data cannot fail; say so loudly rather than write nothing.
        format!("{{\"schema\":\"{}\",\"error\":\"{e}\"}}", super::SCHEMA)
    });
    s.push('\n');
    s
}

/// Reads JSON minutes back (for `gavel next`, `gavel approve`, the series reports). A
/// minutes file is input anyone can edit, so it is checked as an agenda is: every time is
/// HH:MM, every date within the years an agenda can hold, every kind, status, state, rule
/// and result one gavel writes, the time zone and cadence ones it reads; and people's text is
/// cleaned as the journal reader cleans it (controls and bidirectional overrides become
/// U+FFFD; line breaks stay only in the recap and backgrounds), so neither the Markdown nor
/// the JSON rewritten from it can carry them.
pub fn parse(text: &str) -> Result<Minutes, String> {
    let mut m: Minutes = serde_json::from_str(text).map_err(|e| {
        format!(
            "not gavel minutes JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        )
    })?;
    if m.schema != super::SCHEMA {
        return Err(format!(
            "minutes schema `{}` is not one this gavel reads (it reads `{}`)",
            clean_line(&m.schema),
            super::SCHEMA
        ));
    }
    check(&mut m)?;
    Ok(m)
}

const STATES: &[&str] = &["not started", "in progress", "ended"];
const PRESENCE: &[&str] = &["present", "absent", "regrets", "left", "unknown"];
const ITEM_KINDS: &[&str] = &["info", "discussion", "decision"];
const ITEM_STATUSES: &[&str] = &["pending", "running", "done", "deferred"];
const REVIEW_STATUSES: &[&str] = &["done", "ongoing", "dropped"];
const VOTE_RESULTS: &[&str] = &["carried", "failed", "no quorum"];
const SPEAKER_KINDS: &[&str] = &[
    "point of order",
    "clarifying question",
    "reply",
    "new topic",
];
const VOTE_RULES: &[&str] = &["majority", "two-thirds", "majority-of-present", "consensus"];

/// A value as an error message shows it: cleaned, and cut short.
fn shown(value: &str) -> String {
    let line = clean_line(value);
    match line.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line,
    }
}

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), String> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "`{field}` is `{}`, which is none of {}",
            shown(value),
            allowed
                .iter()
                .map(|a| format!("\"{a}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// An entry's time: HH:MM, or empty where it is not known (minutes imported from a
/// secretary's notes, which rarely stamp each line).
fn entry_time(field: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    hhmm(field, value)
}

fn hhmm(field: &str, value: &str) -> Result<(), String> {
    let ok = value.len() == 5
        && value.as_bytes()[2] == b':'
        && chrono::NaiveTime::parse_from_str(value, "%H:%M").is_ok();
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{field}` is `{}`, not a time as HH:MM",
            shown(value)
        ))
    }
}

fn hhmm_opt(field: &str, value: &Option<String>) -> Result<(), String> {
    value.as_deref().map_or(Ok(()), |v| hhmm(field, v))
}

fn date(field: &str, value: Option<chrono::NaiveDate>) -> Result<(), String> {
    use chrono::Datelike;
    match value {
        Some(d) if !(1..=crate::agenda::LAST_YEAR).contains(&d.year()) => Err(format!(
            "`{field}` is {d}, outside the years 1 to {}",
            crate::agenda::LAST_YEAR
        )),
        _ => Ok(()),
    }
}

fn line(text: &mut String) {
    if !is_clean_line(text) {
        *text = clean_line(text);
    }
}

fn line_opt(text: &mut Option<String>) {
    if let Some(t) = text {
        line(t);
    }
}

fn lines(texts: &mut [String]) {
    texts.iter_mut().for_each(line);
}

/// Free text whose line breaks mean something (the recap, a background).
fn block(text: &mut Option<String>) {
    if let Some(t) = text {
        if t.chars().any(|c| c != '\n' && crate::text::is_unsafe(c)) {
            *t = sanitize(t, true);
        }
    }
}

/// Checks the decisions' vocabulary and times, and cleans their text.
fn check_decisions(m: &mut Minutes) -> Result<(), String> {
    use super::decisions::{CHOICES, DECIDED_BY, RESULTS};
    for (i, d) in m.decisions.iter_mut().enumerate() {
        let at = |f: &str| format!("decisions[{i}].{f}");
        line(&mut d.text);
        lines(&mut d.amended_from);
        line_opt(&mut d.mover);
        line_opt(&mut d.seconder);
        line_opt(&mut d.by);
        hhmm(&at("time"), &d.time)?;
        hhmm_opt(&at("decided_at"), &d.decided_at)?;
        if let Some(how) = &d.decided_by {
            one_of(&at("decided_by"), how, DECIDED_BY)?;
        }
        one_of(&at("result"), &d.result, RESULTS)?;
        if let Some(rule) = &d.rule {
            one_of(&at("rule"), rule, VOTE_RULES)?;
        }
        for (k, b) in d.ballots.iter_mut().enumerate() {
            line(&mut b.name);
            one_of(
                &format!("decisions[{i}].ballots[{k}].vote"),
                &b.vote,
                CHOICES,
            )?;
        }
    }
    Ok(())
}

/// Checks the record's fixed vocabulary, times and dates, and cleans its text.
#[deny(clippy::wildcard_enum_match_arm)]
fn check(m: &mut Minutes) -> Result<(), String> {
    line(&mut m.title);
    line_opt(&mut m.series);
    date("date", Some(m.date))?;
    m.timezone = Zone::parse(&m.timezone)
        .map_err(|_| format!("`timezone` is `{}`, not a time zone", shown(&m.timezone)))?
        .name();
    for (i, z) in m.zones.iter_mut().enumerate() {
        *z = Zone::parse(z)
            .map_err(|_| format!("`zones[{i}]` is `{}`, not a time zone", shown(z)))?
            .name();
    }
    one_of("state", &m.state, STATES)?;
    hhmm("scheduled_start", &m.scheduled_start)?;
    hhmm_opt("started", &m.started)?;
    hhmm_opt("ended", &m.ended)?;
    line_opt(&mut m.moderator);
    line_opt(&mut m.notetaker);
    line_opt(&mut m.link);
    if let Some(g) = &m.github {
        crate::agenda::github::repository(g).map_err(|_| {
            format!(
                "`github` is `{}`, not a GitHub repository (owner/repo)",
                shown(g)
            )
        })?;
    }
    if let Some(c) = &m.cadence {
        crate::agenda::parse_cadence(c)
            .map_err(|_| format!("`cadence` is `{}`, not a cadence", shown(c)))?;
    }
    for info in &mut m.info {
        line(&mut info.key);
        line(&mut info.value);
    }
    for (i, a) in m.attendance.iter_mut().enumerate() {
        line(&mut a.name);
        line_opt(&mut a.affiliation);
        line(&mut a.role);
        line_opt(&mut a.alternate_for);
        // A handle read from a document (a chat handle, say) that GitHub would not take is
        // no handle: dropped rather than refusing the minutes.
        a.github = a
            .github
            .take()
            .and_then(|h| crate::agenda::github::handle(&h).ok());
        one_of(&format!("attendance[{i}].status"), &a.status, PRESENCE)?;
        hhmm_opt(&format!("attendance[{i}].joined"), &a.joined)?;
        hhmm_opt(&format!("attendance[{i}].left"), &a.left)?;
    }
    if let Some(q) = &m.quorum {
        for (i, c) in q.changes.iter().enumerate() {
            hhmm(&format!("quorum.changes[{i}].time"), &c.time)?;
        }
    }
    block(&mut m.recap);
    for (i, a) in m.actions.iter_mut().enumerate() {
        lines(&mut a.owners);
        lines(&mut a.unknown_owners);
        line(&mut a.text);
        line_opt(&mut a.by);
        date(&format!("actions[{i}].due"), a.due)?;
    }
    let actions = m.actions.len();
    check_decisions(m)?;
    let decisions = m.decisions.len();
    for (i, item) in m.items.iter_mut().enumerate() {
        let at = |f: &str| format!("items[{i}].{f}");
        line(&mut item.title);
        line_opt(&mut item.presenter);
        one_of(&at("kind"), &item.kind, ITEM_KINDS)?;
        one_of(&at("status"), &item.status, ITEM_STATUSES)?;
        block(&mut item.background);
        lines(&mut item.agenda_links);
        for (k, r) in item.recused.iter_mut().enumerate() {
            line(&mut r.name);
            line_opt(&mut r.reason);
            hhmm(&format!("items[{i}].recused[{k}].time"), &r.time)?;
        }
        for (k, e) in item.entries.iter_mut().enumerate() {
            let at = |f: &str| format!("items[{i}].entries[{k}].{f}");
            if let Some(k) = e.payload_mut() {
                for t in k.texts_mut() {
                    line(t);
                }
            }
            line_opt(e.by_mut());
            if let Some(action) = e.action() {
                if action >= actions {
                    return Err(format!(
                        "`{}` is {action}, but there are {actions} actions",
                        at("action")
                    ));
                }
            }
            if let Some(motion) = e.motion() {
                if motion >= decisions {
                    return Err(format!(
                        "`{}` is {motion}, but there are {decisions} decisions",
                        at("motion")
                    ));
                }
            }
            if let Some((rule, result)) = e.verdict() {
                one_of(&at("rule"), rule, VOTE_RULES)?;
                one_of(&at("result"), result, VOTE_RESULTS)?;
            }
            entry_time(&at("time"), e.time_mut())?;
        }
        for (k, s) in item
            .speakers
            .iter_mut()
            .chain(item.queued_not_heard.iter_mut())
            .enumerate()
        {
            line(&mut s.name);
            line_opt(&mut s.topic);
            one_of(
                &format!("items[{i}] speaker {}'s kind", k + 1),
                &s.kind,
                SPEAKER_KINDS,
            )?;
        }
    }
    for (i, r) in m.review.iter_mut().enumerate() {
        lines(&mut r.owners);
        line(&mut r.text);
        date(&format!("review[{i}].due"), r.due)?;
        date(&format!("review[{i}].from"), r.from)?;
        if let Some(s) = &r.status {
            one_of(&format!("review[{i}].status"), s, REVIEW_STATUSES)?;
        }
    }
    if let Some(n) = &m.next_meeting {
        date("next_meeting.date", Some(n.date))?;
        hhmm("next_meeting.start", &n.start)?;
    }
    for s in &mut m.speaking_time {
        line(&mut s.name);
    }
    if let Some(r) = &m.vote_rule {
        one_of("vote_rule", r, VOTE_RULES)?;
    }
    date("approved", m.approved)?;
    Ok(())
}
