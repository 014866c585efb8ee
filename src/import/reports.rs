//! Participant reports of video-call services, matched against an agenda's roster:
//!
//! - Zoom, the meeting's participants CSV: `"Name (Original Name)","User Email","Join
//!   Time","Leave Time","Duration (Minutes)","Guest"`;
//! - Google Meet, the attendance CSV: `"First name","Last name","Email","Duration","Time
//!   joined","Time exited"`;
//! - Microsoft Teams, the attendance report: UTF-16 LE with a byte-order mark, tab-separated,
//!   in sections (`1. Summary`, `2. Participants` with `Name`, `First Join`, `Last Leave`,
//!   `In-Meeting Duration`, `Email`, `Participant ID (UPN)`, `Role`, `3. In-Meeting
//!   Activities`).
//!
//! The header row is found by its column names, so a report with extra columns, other
//! column orders or a preamble reads the same. Someone who joined twice is one participant
//! (first join, last leave). Names are matched to the roster as `gavel import` matches them
//! (case, accents, "Last, First", "Name (Org)", short first names, e-mail local parts); the
//! rest ("iPhone", renamed accounts) are listed as not matched.

use super::people::{parse_mention, Mention};
use super::roster::Roster;
use crate::agenda::Person;
use crate::meeting::{fold, Event, EventKind, Meeting, Presence, Reported};
use crate::text::clean_line;
use chrono::{DateTime, NaiveTime, Utc};
use std::path::Path;

/// Which service wrote the report (by its columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    Zoom,
    Meet,
    Teams,
    /// Another layout with a name column and join times.
    Other,
}

impl Vendor {
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Zoom => "Zoom",
            Vendor::Meet => "Google Meet",
            Vendor::Teams => "Microsoft Teams",
            Vendor::Other => "participant report",
        }
    }
}

/// One participant of the call (after joining their rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub name: String,
    pub email: Option<String>,
    pub joined: Option<NaiveTime>,
    pub left: Option<NaiveTime>,
    /// The report's first line for this participant.
    pub line: usize,
    /// Rows joined into this one (a participant who joined twice has 2).
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub vendor: Vendor,
    pub participants: Vec<Participant>,
}

/// The report's text: UTF-16 (LE or BE, by its byte-order mark) or UTF-8, with or without
/// a BOM. Without a BOM, bytes with a NUL in every other place are read as UTF-16 LE.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    let looks_utf16 = bytes.len() >= 4 && bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0;
    let enc = if looks_utf16 {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_8
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

fn cells_of(line: &str) -> Vec<String> {
    let delim = if line.contains('\t') { b'\t' } else { b',' };
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delim)
        .flexible(true)
        .from_reader(line.as_bytes());
    r.records()
        .next()
        .and_then(Result::ok)
        .map(|rec| rec.iter().map(|c| c.trim().to_string()).collect())
        .unwrap_or_default()
}

fn col(head: &[String], names: &[&str]) -> Option<usize> {
    head.iter().position(|h| {
        let h = fold(h.trim().trim_matches('"'));
        names.iter().any(|n| h == *n)
    })
}

/// A time written in a report: "17:02", "17:02:11", "5:02 PM", "03/04/2026 05:02:11 PM",
/// "3/4/26, 5:02:11 PM", "2026-03-04 17:02:11", "2026-03-04T17:02:11+01:00".
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let pm = upper.contains("PM");
    let am = upper.contains("AM");
    // The first h:mm[:ss] in the text (after a date, if any).
    let bytes = t.as_bytes();
    let colon = bytes.iter().position(|b| *b == b':')?;
    let start = bytes[..colon]
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let clock: String = t[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let mut parts = clock.split(':').map(|p| p.parse::<u32>().ok());
    let mut h = parts.next()??;
    let m = parts.next()??;
    let s = parts.next().flatten().unwrap_or(0);
    if pm && h < 12 {
        h += 12;
    } else if am && h == 12 {
        h = 0;
    }
    NaiveTime::from_hms_opt(h, m, s)
}

/// Reads a participant report.
pub fn parse_report(text: &str) -> Result<Report, String> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let head = cells_of(line);
        let name = col(
            &head,
            &[
                "name (original name)",
                "name",
                "full name",
                "participant",
                "display name",
                "participant name",
            ],
        );
        let first = col(&head, &["first name"]);
        let last = col(&head, &["last name"]);
        let join = col(
            &head,
            &[
                "join time",
                "time joined",
                "first join",
                "joined",
                "join",
                "first seen",
            ],
        );
        if (name.is_none() && first.is_none()) || join.is_none() {
            continue;
        }
        let leave = col(
            &head,
            &[
                "leave time",
                "time exited",
                "last leave",
                "left",
                "leave",
                "last seen",
            ],
        );
        let email = col(&head, &["user email", "email", "e-mail", "email address"]);
        let upn = col(&head, &["participant id (upn)", "upn"]);
        let vendor = if col(&head, &["name (original name)"]).is_some() {
            Vendor::Zoom
        } else if first.is_some() && col(&head, &["time joined"]).is_some() {
            Vendor::Meet
        } else if col(&head, &["first join"]).is_some() {
            Vendor::Teams
        } else {
            Vendor::Other
        };
        let mut participants: Vec<Participant> = Vec::new();
        for (k, row) in lines.iter().enumerate().skip(i + 1) {
            let trimmed = row.trim();
            // The section ends at a blank line or the next numbered section ("3. …").
            if trimmed.is_empty() || is_section(trimmed) {
                break;
            }
            let cells = cells_of(row);
            let get = |c: Option<usize>| {
                c.and_then(|c| cells.get(c))
                    .map(|s| clean_line(s.trim()))
                    .filter(|s| !s.is_empty())
            };
            let full = match (get(name), get(first), get(last)) {
                (Some(n), _, _) => n,
                (None, Some(f), Some(l)) => format!("{f} {l}"),
                (None, Some(f), None) => f,
                (None, None, Some(l)) => l,
                (None, None, None) => continue,
            };
            let mail = get(email)
                .or_else(|| get(upn))
                .filter(|e| e.contains('@'))
                .map(|e| e.to_lowercase());
            let p = Participant {
                name: full,
                email: mail,
                joined: get(join).as_deref().and_then(parse_time),
                left: get(leave).as_deref().and_then(parse_time),
                line: k + 1,
                rows: 1,
            };
            merge(&mut participants, p);
        }
        return Ok(Report {
            vendor,
            participants,
        });
    }
    Err("no participant table found: gavel reads Zoom's participants CSV, Google Meet's attendance CSV and Microsoft Teams' attendance report (a header row with a name and a join time column)".into())
}

fn is_section(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(". ") && !line.contains('\t') && !line.contains(',')
}

/// A second row of the same person (same e-mail, or same name) widens the first: the
/// first join and the last leave.
fn merge(list: &mut Vec<Participant>, p: Participant) {
    let same = list
        .iter_mut()
        .find(|q| (p.email.is_some() && q.email == p.email) || fold(&q.name) == fold(&p.name));
    match same {
        Some(q) => {
            q.rows += 1;
            q.joined = match (q.joined, p.joined) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            q.left = match (q.left, p.left) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            if q.email.is_none() {
                q.email = p.email;
            }
        }
        None => list.push(p),
    }
}

/// The report against the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// (roster name, participant) for everyone matched, in the report's order; two rows
    /// matched to one person are joined (first join, last leave).
    pub matched: Vec<(String, Participant)>,
    pub unmatched: Vec<Participant>,
}

/// Matches each participant to the roster: the name as written, then without what is in
/// parentheses ("Ada Moreno (Acme)") or after it, then the e-mail's local part.
pub fn match_roster(report: &Report, people: &[Person]) -> Matched {
    let mut roster = Roster::default();
    for p in people {
        roster.add(&Mention {
            name: p.name.clone(),
            affiliation: p.affiliation.clone(),
            ..Mention::default()
        });
    }
    roster.settle();
    // `settle` picks a spelling; the agenda's own is the one wanted, which is the only one.
    let mut matched: Vec<(String, Participant)> = Vec::new();
    let mut unmatched = Vec::new();
    for part in &report.participants {
        let found = roster
            .resolve(&part.name)
            .or_else(|| {
                parse_mention(&part.name, part.line, false).and_then(|m| roster.resolve(&m.name))
            })
            .or_else(|| {
                // Zoom's "Name (Original Name)": the account's own name in parentheses.
                let open = part.name.rfind('(')?;
                let inner = part.name[open + 1..].trim_end().strip_suffix(')')?;
                roster.resolve(inner)
            })
            .or_else(|| part.email.as_deref().and_then(|e| roster.resolve(e)));
        match found {
            Some(person) => {
                let name = person.name.clone();
                match matched.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, q)) => {
                        let mut one = vec![q.clone()];
                        let mut p = part.clone();
                        p.name.clone_from(&q.name);
                        p.email.clone_from(&q.email);
                        merge(&mut one, p);
                        *q = one.remove(0);
                    }
                    None => matched.push((name, part.clone())),
                }
            }
            None => unmatched.push(part.clone()),
        }
    }
    Matched { matched, unmatched }
}

/// The matches as transcript lines `gavel replay` (or a session) takes: `[HH:MM] /present
/// NAME` at each join and `[HH:MM] /left NAME` at each leave, in time order. A join before
/// `start` is written at `start`; a leave at or after `end` (the call's end, when the
/// report says) is not written: they stayed to the end.
pub fn transcript(m: &Matched, start: NaiveTime, end: Option<NaiveTime>) -> String {
    let mut events: Vec<(NaiveTime, u8, String)> = Vec::new();
    for (name, p) in &m.matched {
        let joined = p.joined.unwrap_or(start).max(start);
        events.push((joined, 0, format!("/present {name}")));
        if let Some(left) = p.left {
            if end.is_none_or(|e| left < e) && left > joined {
                events.push((left, 1, format!("/left {name}")));
            }
        }
    }
    events.sort_by_key(|e| (e.0, e.1));
    let mut out = String::new();
    for (t, _, cmd) in events {
        out.push_str(&format!("[{}] {cmd}\n", t.format("%H:%M")));
    }
    out
}

/// The call's end: the latest leave of anyone.
pub fn call_end(report: &Report) -> Option<NaiveTime> {
    report.participants.iter().filter_map(|p| p.left).max()
}

/// Reads the participant report at `path`: a regular file of at most 10 MiB, UTF-8 or
/// UTF-16 (Teams). The error is a short reason, without the file's name.
pub fn read_file(path: &Path) -> Result<Report, String> {
    let bytes = crate::output::read_bytes(path, crate::output::REPORT)?;
    parse_report(&decode(&bytes))
}

/// A report read against a live meeting, shown to the moderator before it is applied
/// (`/attendance FILE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The report, as the event and the status line name it: "Zoom report participants.csv".
    pub source: String,
    /// How many participants the report lists (after joining each one's rows).
    pub participants: usize,
    /// Everyone matched, in the report's order.
    pub rows: Vec<PreviewRow>,
    /// Participants who match nobody on the roster or the guest list: left out.
    pub unmatched: Vec<Participant>,
    /// Matched, but the report gives no time they joined: left out.
    pub no_time: Vec<(String, Participant)>,
}

/// One matched person of a [`Preview`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewRow {
    /// The report's name for them ("Okafor, Ben").
    pub as_reported: String,
    /// Rows of the report joined into this one (several connections).
    pub connections: usize,
    /// The roster's name and the call's times, as the event carries them.
    pub reported: Reported,
    /// What the meeting records once applied: "present from 17:02", "left 17:40 (joined
    /// 17:03)", "absent: your mark at 17:05 is later and stands".
    pub outcome: String,
}

impl Preview {
    /// The event that applies it.
    pub fn event(&self) -> EventKind {
        EventKind::AttendanceReport {
            source: self.source.clone(),
            people: self.rows.iter().map(|r| r.reported.clone()).collect(),
        }
    }
}

/// Matches `report` (read from the file named `file`) against the roster and the guests of
/// `meeting`, and tries it on a copy of the meeting at `now`, so that what is shown is what
/// applying it does. Refused (with the reason) when nobody matches or the meeting would refuse
/// it; the meeting itself is never changed here.
pub fn preview(
    report: &Report,
    file: &str,
    meeting: &Meeting,
    now: DateTime<Utc>,
) -> Result<Preview, String> {
    let people: Vec<Person> = meeting
        .attendees()
        .iter()
        .map(|a| Person {
            name: a.name.clone(),
            affiliation: a.affiliation.clone(),
            role: a.role.clone(),
            votes: a.votes,
            alternate_for: a.alternate_for.clone(),
            guest: a.guest,
            github: None,
        })
        .collect();
    let matched = match_roster(report, &people);
    let source = format!("{} report {}", report.vendor.name(), clean_line(file));
    if matched.matched.is_empty() {
        return Err(format!(
            "{source}: none of its {} participants matches a name on the roster or the guest list; nothing was changed",
            report.participants.len()
        ));
    }
    let zone = meeting.agenda().meeting.timezone;
    let date = meeting.ran_on();
    let instant = |t: NaiveTime| zone.to_utc(date.and_time(t));
    // A leave at the call's end is staying to the end, not leaving.
    let end = call_end(report);
    let mut rows = Vec::new();
    let mut no_time = Vec::new();
    for (name, p) in matched.matched {
        let Some(joined) = p.joined else {
            no_time.push((name, p));
            continue;
        };
        let left = p.left.filter(|l| Some(*l) != end && *l > joined);
        rows.push(PreviewRow {
            as_reported: p.name.clone(),
            connections: p.rows,
            reported: Reported {
                name,
                joined: instant(joined),
                left: left.map(instant),
            },
            outcome: String::new(),
        });
    }
    if rows.is_empty() {
        return Err(format!(
            "{source}: the report gives no join times for the people it matches; nothing was changed"
        ));
    }
    let mut preview = Preview {
        source,
        participants: report.participants.len(),
        rows,
        unmatched: matched.unmatched,
        no_time,
    };
    let mut trial = meeting.clone();
    trial
        .apply(&Event::new(now, preview.event()))
        .map_err(|r| format!("{}: {r}; nothing was changed", preview.source))?;
    for row in &mut preview.rows {
        let Some(a) = trial
            .attendees()
            .iter()
            .find(|a| a.name == row.reported.name)
        else {
            continue;
        };
        let clock = |t: Option<DateTime<Utc>>| t.map_or("?".into(), |t| trial.clock(t));
        let says = if row.reported.left.is_some() {
            Presence::Left
        } else {
            Presence::Present
        };
        let what = match a.presence {
            Presence::Present => format!("present from {}", clock(a.joined_at)),
            Presence::Left => format!("left {} (joined {})", clock(a.left_at), clock(a.joined_at)),
            other => presence_word(other).to_string(),
        };
        row.outcome = if a.presence == says {
            what
        } else {
            format!(
                "{what}: your mark at {} is later and stands",
                clock(a.marked_at)
            )
        };
    }
    Ok(preview)
}

fn presence_word(p: Presence) -> &'static str {
    match p {
        Presence::Present => "present",
        Presence::Left => "left",
        Presence::Absent => "absent",
        Presence::Regrets => "sent regrets",
        Presence::Unknown => "not ticked",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("03/04/2026 05:02:00 PM"), t(17, 2));
        assert_eq!(parse_time("3/4/26, 12:05:00 AM"), t(0, 5));
        assert_eq!(parse_time("17:02"), t(17, 2));
        assert_eq!(parse_time("2026-03-04 09:30:00"), t(9, 30));
        assert_eq!(parse_time("no"), None);
    }

    /// The preview says what applying does, a mark of the moderator's that stands included,
    /// and changes nothing itself.
    #[test]
    fn the_preview_says_what_applying_does() {
        use crate::meeting::tests_support::{meeting, t};
        let mut m = meeting();
        m.apply(&Event::new(t(0), EventKind::Start)).unwrap();
        m.apply(&Event::new(
            t(40),
            EventKind::Attendance {
                names: vec!["Cy Park".into()],
                status: Presence::Absent,
            },
        ))
        .unwrap();
        // Zoom's participants CSV.
        let csv = "\"Name (Original Name)\",\"User Email\",\"Join Time\",\"Leave Time\",\"Duration (Minutes)\",\"Guest\"\n\
            \"Moreno, Ada\",\"\",\"03/04/2026 04:58:00 PM\",\"03/04/2026 05:50:00 PM\",\"52\",\"No\"\n\
            \"Ben Okafor\",\"\",\"03/04/2026 05:01:00 PM\",\"03/04/2026 05:30:00 PM\",\"29\",\"No\"\n\
            \"Cy Park\",\"\",\"03/04/2026 05:02:00 PM\",\"03/04/2026 05:10:00 PM\",\"8\",\"No\"\n\
            \"Galaxy S24\",\"\",\"03/04/2026 05:03:00 PM\",\"03/04/2026 05:04:00 PM\",\"1\",\"Yes\"\n";
        let report = parse_report(csv).unwrap();
        let before = m.clone();
        let p = preview(&report, "participants.csv", &m, t(55)).unwrap();
        assert_eq!(m, before);
        assert_eq!(p.source, "Zoom report participants.csv");
        let outcomes: Vec<(&str, &str)> = p
            .rows
            .iter()
            .map(|r| (r.reported.name.as_str(), r.outcome.as_str()))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("Ada Moreno", "present from 16:58"),
                ("Ben Okafor", "left 17:30 (joined 17:01)"),
                ("Cy Park", "absent: your mark at 17:40 is later and stands"),
            ]
        );
        assert_eq!(p.unmatched.len(), 1);
        assert!(
            matches!(p.event(), EventKind::AttendanceReport { ref people, .. } if people.len() == 3)
        );
        // Applied before the call's times: refused, with the reason.
        let mut early = meeting();
        early.apply(&Event::new(t(0), EventKind::Start)).unwrap();
        let why = preview(&report, "participants.csv", &early, t(10)).unwrap_err();
        assert!(why.contains("later than now"), "{why}");
    }

    /// Issue 27: a meeting run two days after the agenda's date places the report's times on
    /// the day it ran, so the moderator's earlier marks do not all count as later; and a
    /// mark in the same minute as the report's word on someone does not outrank it.
    #[test]
    fn a_report_is_read_on_the_day_the_meeting_ran_to_the_minute() {
        use crate::meeting::tests_support::meeting;
        use chrono::TimeZone;
        let at = |h, m, s| Utc.with_ymd_and_hms(2026, 3, 6, h, m, s).unwrap();
        let mut m = meeting();
        m.apply(&Event::new(at(12, 0, 0), EventKind::Start))
            .unwrap();
        for (who, when) in [("Cy Park", at(12, 13, 0)), ("Ben Okafor", at(12, 40, 30))] {
            m.apply(&Event::new(
                when,
                EventKind::Attendance {
                    names: vec![who.into()],
                    status: Presence::Present,
                },
            ))
            .unwrap();
        }
        let csv = "\"Name (Original Name)\",\"User Email\",\"Join Time\",\"Leave Time\",\"Duration (Minutes)\",\"Guest\"\n\
            \"Ada Moreno\",\"\",\"03/06/2026 12:02:00 PM\",\"03/06/2026 12:50:00 PM\",\"48\",\"No\"\n\
            \"Cy Park\",\"\",\"03/06/2026 12:11:00 PM\",\"03/06/2026 12:40:00 PM\",\"29\",\"No\"\n\
            \"Ben Okafor\",\"\",\"03/06/2026 12:05:00 PM\",\"03/06/2026 12:40:00 PM\",\"35\",\"No\"\n";
        let report = parse_report(csv).unwrap();
        let p = preview(&report, "participants.csv", &m, at(12, 55, 0)).unwrap();
        let outcomes: Vec<(&str, &str)> = p
            .rows
            .iter()
            .map(|r| (r.reported.name.as_str(), r.outcome.as_str()))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("Ada Moreno", "present from 12:02"),
                ("Cy Park", "left 12:40 (joined 12:11)"),
                ("Ben Okafor", "left 12:40 (joined 12:05)"),
            ]
        );
    }

    /// Issue 27: a report name without the hyphen (or the accents) of a double surname
    /// matches the roster's, as the roster filter would.
    #[test]
    fn a_double_surname_matches_without_its_hyphen() {
        let people = |names: &[&str]| -> Vec<Person> {
            names
                .iter()
                .map(|n| Person {
                    name: (*n).into(),
                    affiliation: None,
                    role: "member".into(),
                    votes: true,
                    alternate_for: None,
                    guest: false,
                    github: None,
                })
                .collect()
        };
        let roster = people(&["Ana López-García", "Ana López", "Bo Lind"]);
        let csv = "\"Name (Original Name)\",\"User Email\",\"Join Time\",\"Leave Time\",\"Duration (Minutes)\",\"Guest\"\n\
            \"Ana Lopez Garcia\",\"\",\"03/04/2026 05:01:00 PM\",\"03/04/2026 05:30:00 PM\",\"29\",\"No\"\n\
            \"ANA LOPEZ\",\"\",\"03/04/2026 05:02:00 PM\",\"03/04/2026 05:30:00 PM\",\"28\",\"No\"\n";
        let report = parse_report(csv).unwrap();
        let m = match_roster(&report, &roster);
        let names: Vec<&str> = m.matched.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Ana López-García", "Ana López"]);
        assert!(m.unmatched.is_empty(), "{:?}", m.unmatched);
    }

    #[test]
    fn utf16_with_bom() {
        let (bytes, _, _) = encoding_rs::UTF_16LE.encode("x");
        // encoding_rs encodes to UTF-8 for UTF-16 targets; build UTF-16 LE by hand.
        assert!(!bytes.is_empty());
        let mut b = vec![0xFF, 0xFE];
        for u in "Name\tFirst Join".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&b), "Name\tFirst Join");
        assert_eq!(decode(b"\xEF\xBB\xBFName"), "Name");
    }
}
