//! Meeting series: the thread between meetings. From one meeting's minutes this module
//! builds the next meeting's agenda (open actions, deferred items, the next date), writes it
//! as TOML that `gavel check` accepts, keeps a running minutes document (newest meeting
//! first, each meeting between invisible markers so that it can be replaced), writes an
//! iCalendar event, and reads a directory of minutes for open actions and attendance.
//!
//! Everything here is a pure function of its inputs except the few `*_file` / `append_*`
//! functions that touch the disk.

use crate::agenda::{
    format_duration, parse_cadence, Agenda, AgendaItem, Cadence, CarriedAction, ItemKind,
    MeetingSpec, Person, VoteRule, Zone,
};
use crate::error::{display, io_reason, Failure};
use crate::minutes::{escape_inline as esc, markdown, safe_url, Minutes};
use crate::output::TOML_MARKER;
use crate::text::clean_line;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use std::fmt::Write;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------
// Dates

/// The next meeting date after `from` for `cadence`: `every_days` later, moved to the
/// nearest `weekday` when the cadence names one (so a meeting that was moved by a day once
/// goes back to its usual weekday next time).
pub fn next_date(from: NaiveDate, cadence: Cadence) -> NaiveDate {
    let candidate = from + Duration::days(i64::from(cadence.every_days));
    let Some(weekday) = cadence.weekday else {
        return candidate;
    };
    // Days forward from the candidate to the weekday, 0..=6; go back instead when nearer.
    let ahead = (i64::from(weekday.num_days_from_monday())
        - i64::from(candidate.weekday().num_days_from_monday()))
    .rem_euclid(7);
    let shift = if ahead > 3 { ahead - 7 } else { ahead };
    candidate + Duration::days(shift)
}

// ---------------------------------------------------------------------------------------
// The next agenda

/// The next meeting's agenda from this meeting's minutes: the date from `/nextmeeting`, else
/// from the cadence; the same meeting keys; the roster plus the guests who came (or who own
/// an open action); standing items and every item not covered; every action still open.
pub fn agenda_from_minutes(m: &Minutes) -> Result<Agenda, String> {
    let timezone = Zone::parse(&m.timezone)?;
    let cadence = m.cadence.as_deref().map(parse_cadence).transpose()?;
    let scheduled = parse_hhmm(&m.scheduled_start)?;
    let (date, start) = match (&m.next_meeting, cadence) {
        (Some(n), _) => (n.date, parse_hhmm(&n.start)?),
        (None, Some(c)) => (next_date(m.date, c), scheduled),
        (None, None) => {
            return Err(format!(
                "the minutes of {} set no next meeting and the agenda has no cadence: \
                 record `/nextmeeting YYYY-MM-DD HH:MM` in the meeting, or give the agenda a \
                 cadence (`cadence = \"2w\"` in [meeting])",
                m.date
            ))
        }
    };

    let mut actions = Vec::new();
    for r in &m.review {
        if matches!(r.status.as_deref(), None | Some("ongoing")) {
            actions.push(CarriedAction {
                owners: r.owners.clone(),
                text: r.text.clone(),
                due: r.due,
                from: r.from,
                carried: r.carried,
            });
        }
    }
    for a in m.actions.iter().filter(|a| !a.private) {
        actions.push(CarriedAction {
            owners: a.owners.clone(),
            text: a.text.clone(),
            due: a.due,
            from: Some(m.date),
            carried: 0,
        });
    }

    let items: Vec<AgendaItem> = m
        .items
        .iter()
        .filter(|i| i.standing || !i.covered)
        .map(|i| AgendaItem {
            title: i.title.clone(),
            presenter: i.presenter.clone(),
            timebox: i.planned_seconds.max(60),
            kind: ItemKind::parse(&i.kind).unwrap_or_default(),
            background: i.background.clone(),
            links: i.agenda_links.clone(),
            fixed: i.fixed,
            standing: i.standing,
            speaker_limit: i.speaker_limit_seconds,
        })
        .collect();

    let owns_or_presents = |name: &str| {
        actions.iter().any(|a| a.owners.iter().any(|o| o == name))
            || items.iter().any(|i| i.presenter.as_deref() == Some(name))
    };
    let people = m
        .attendance
        .iter()
        .filter(|a| {
            !a.guest || matches!(a.status.as_str(), "present" | "left") || owns_or_presents(&a.name)
        })
        .map(|a| Person {
            name: a.name.clone(),
            affiliation: a.affiliation.clone(),
            role: a.role.clone(),
            votes: a.votes && !a.guest,
            alternate_for: if a.guest {
                None
            } else {
                a.alternate_for.clone()
            },
            guest: a.guest,
        })
        .collect();

    Ok(Agenda {
        meeting: MeetingSpec {
            title: m.title.clone(),
            series: m.series.clone(),
            date,
            start,
            timezone,
            zones: m
                .zones
                .iter()
                .map(|z| Zone::parse(z))
                .collect::<Result<_, _>>()?,
            length: (m.planned_minutes * 60).max(60),
            link: m.link.clone(),
            moderator: m.moderator.clone(),
            notetaker: m.notetaker.clone(),
            cadence,
            quorum: m.quorum.as_ref().map(|q| q.needed),
            vote_rule: m
                .vote_rule
                .as_deref()
                .and_then(VoteRule::parse)
                .unwrap_or_default(),
            speaker_limit: m.speaker_limit_seconds,
            info: m
                .info
                .iter()
                .map(|i| (i.key.clone(), i.value.clone()))
                .collect(),
            previous_minutes: None,
        },
        people,
        items,
        actions,
    })
}

/// The agenda of a cancelled meeting, moved whole to the next date of its cadence. Actions
/// are not counted as carried over: no meeting reviewed them.
pub fn cancelled_next(agenda: &Agenda) -> Result<Agenda, String> {
    let Some(cadence) = agenda.meeting.cadence else {
        return Err(
            "the agenda has no cadence, so there is no next date to move it to: add \
             `cadence = \"2w\"` (or \"1w\", \"4w\", \"14d\", optionally with a weekday) to [meeting]"
                .into(),
        );
    };
    let mut next = agenda.clone();
    next.meeting.date = next_date(agenda.meeting.date, cadence);
    Ok(next)
}

fn parse_hhmm(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| format!("`{}` is not a time (HH:MM)", clean_line(text)))
}

// ---------------------------------------------------------------------------------------
// TOML

/// A TOML basic string, with every character TOML forbids escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_toml_into(&mut out, s, false);
    out.push('"');
    out
}

/// A TOML multi-line basic string for text with newlines: the lines as they are, quotes and
/// backslashes escaped (so no `"""` can end it early).
fn toml_multiline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str("\"\"\"\n");
    escape_toml_into(&mut out, s, true);
    out.push_str("\n\"\"\"");
    out
}

fn escape_toml_into(out: &mut String, s: &str, keep_newlines: bool) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// The agenda as TOML in the layout of `gavel new`, starting with [`TOML_MARKER`] (so gavel
/// may overwrite it later) and `comments` as comment lines. Loading it back gives `a`.
pub fn to_toml(a: &Agenda, comments: &[String]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{TOML_MARKER}");
    for c in comments {
        let _ = writeln!(o, "# {}", clean_line(c));
    }
    let m = &a.meeting;
    o.push_str("\n[meeting]\n");
    let kv = |o: &mut String, key: &str, value: &str| {
        let _ = writeln!(o, "{key} = {value}");
    };
    let opt = |o: &mut String, key: &str, value: &Option<String>| {
        if let Some(v) = value {
            kv(o, key, &toml_string(v));
        }
    };
    kv(&mut o, "title", &toml_string(&m.title));
    opt(&mut o, "series", &m.series);
    kv(&mut o, "date", &m.date.to_string());
    kv(
        &mut o,
        "start",
        &toml_string(&m.start.format("%H:%M").to_string()),
    );
    kv(&mut o, "timezone", &toml_string(&m.timezone.name()));
    if !m.zones.is_empty() {
        let names: Vec<String> = m.zones.iter().map(|z| toml_string(&z.name())).collect();
        kv(&mut o, "zones", &format!("[{}]", names.join(", ")));
    }
    kv(&mut o, "length", &toml_string(&format_duration(m.length)));
    opt(&mut o, "link", &m.link);
    opt(&mut o, "moderator", &m.moderator);
    opt(&mut o, "notetaker", &m.notetaker);
    if let Some(c) = m.cadence {
        kv(&mut o, "cadence", &toml_string(&c.to_string()));
    }
    if let Some(q) = m.quorum {
        kv(&mut o, "quorum", &q.to_string());
    }
    if m.vote_rule != VoteRule::default() {
        kv(&mut o, "vote_rule", &toml_string(m.vote_rule.as_str()));
    }
    opt(&mut o, "previous_minutes", &m.previous_minutes);
    if let Some(s) = m.speaker_limit {
        kv(&mut o, "speaker_limit", &toml_string(&format_duration(s)));
    }
    if !m.info.is_empty() {
        o.push_str("\n[meeting.info]\n");
        for (k, v) in &m.info {
            kv(&mut o, &toml_string(k), &toml_string(v));
        }
    }
    for p in &a.people {
        o.push_str("\n[[people]]\n");
        kv(&mut o, "name", &toml_string(&p.name));
        opt(&mut o, "affiliation", &p.affiliation);
        if p.role != "member" {
            kv(&mut o, "role", &toml_string(&p.role));
        }
        if !p.votes {
            kv(&mut o, "votes", "false");
        }
        opt(&mut o, "alternate_for", &p.alternate_for);
        if p.guest {
            kv(&mut o, "guest", "true");
        }
    }
    for i in &a.items {
        o.push_str("\n[[items]]\n");
        kv(&mut o, "title", &toml_string(&i.title));
        opt(&mut o, "presenter", &i.presenter);
        kv(&mut o, "timebox", &toml_string(&format_duration(i.timebox)));
        if i.kind != ItemKind::default() {
            kv(&mut o, "kind", &toml_string(i.kind.as_str()));
        }
        if i.standing {
            kv(&mut o, "standing", "true");
        }
        if i.fixed {
            kv(&mut o, "fixed", "true");
        }
        if let Some(s) = i.speaker_limit {
            kv(&mut o, "speaker_limit", &toml_string(&format_duration(s)));
        }
        if let Some(bg) = &i.background {
            let value = if bg.contains('\n') {
                toml_multiline(bg)
            } else {
                toml_string(bg)
            };
            kv(&mut o, "background", &value);
        }
        if !i.links.is_empty() {
            let links: Vec<String> = i.links.iter().map(|l| toml_string(l)).collect();
            kv(&mut o, "links", &format!("[{}]", links.join(", ")));
        }
    }
    for act in &a.actions {
        o.push_str("\n[[actions]]\n");
        let owner = match act.owners.as_slice() {
            [one] => toml_string(one),
            many => format!(
                "[{}]",
                many.iter()
                    .map(|o| toml_string(o))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        kv(&mut o, "owner", &owner);
        kv(&mut o, "text", &toml_string(&act.text));
        if let Some(d) = act.due {
            kv(&mut o, "due", &d.to_string());
        }
        if let Some(d) = act.from {
            kv(&mut o, "from", &d.to_string());
        }
        if act.carried > 0 {
            kv(&mut o, "carried", &act.carried.to_string());
        }
    }
    o
}

// ---------------------------------------------------------------------------------------
// The running minutes document

const SECTION_START: &str = "<!-- gavel:meeting ";
const SECTION_START_END: &str = " -->";
const SECTION_END: &str = "<!-- gavel:end -->";

/// The key of one meeting in a running document: the series (or the title) and the date,
/// made safe to sit inside an HTML comment: "widget-sc 2026-03-04".
pub fn meeting_key(series: Option<&str>, title: &str, date: NaiveDate) -> String {
    let name = series.filter(|s| !s.trim().is_empty()).unwrap_or(title);
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '.' || c == '_' {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    let slug = if slug.is_empty() { "meeting" } else { slug };
    format!("{slug} {date}")
}

/// The standing header of a new running document: title, meeting link, `[meeting.info]`.
pub fn standing_header(title: &str, link: Option<&str>, info: &[(String, String)]) -> String {
    let mut lines = Vec::new();
    if let Some(l) = link {
        lines.push(format!("**Meeting link:** {}", value_or_link(l)));
    }
    for (k, v) in info.iter().filter(|(_, v)| Some(v.as_str()) != link) {
        lines.push(format!("**{}:** {}", esc(k), value_or_link(v)));
    }
    let mut out = format!("# {}\n\n", esc(title));
    if !lines.is_empty() {
        let _ = write!(out, "{}\n\n", lines.join("  \n"));
    }
    out.push_str("*Meetings are listed newest first.*\n");
    out
}

fn value_or_link(value: &str) -> String {
    match safe_url(value) {
        Some(dest) if !value.contains(char::is_whitespace) => format!("[{}]({dest})", esc(value)),
        _ => esc(value),
    }
}

/// One meeting's minutes as a section of the running document: a `##` heading with the
/// date, the minutes' headings one level down, and no standing header (the document has it).
pub fn running_section(m: &Minutes) -> String {
    let mut plain = m.clone();
    plain.info.clear();
    plain.link = None;
    let md = markdown::render(&plain);
    let mut out = format!("## {}\n", markdown::long_date(m.date));
    // The first line is the title heading: the document's own header names the meeting.
    for line in md.lines().skip(1) {
        // Escaping keeps people's text from starting a line with `#`: these are headings.
        if line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The section of a cancelled meeting.
pub fn cancelled_section(date: NaiveDate, reason: &str, moved_to: Option<NaiveDate>) -> String {
    let mut out = format!(
        "## {}\n\n**Cancelled:** {}\n",
        markdown::long_date(date),
        esc(reason.trim())
    );
    if let Some(d) = moved_to {
        let _ = write!(out, "\nThe agenda moves to {}.\n", markdown::long_date(d));
    }
    out
}

struct Section {
    start: usize,
    end: usize,
    key: String,
}

fn sections(doc: &str) -> Vec<Section> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut offset = 0;
    for line in doc.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        let next = offset + line.len();
        if let Some(key) = bare
            .strip_prefix(SECTION_START)
            .and_then(|r| r.strip_suffix(SECTION_START_END))
        {
            open = Some((offset, key.trim().to_string()));
        } else if bare == SECTION_END {
            if let Some((start, key)) = open.take() {
                out.push(Section {
                    start,
                    end: next,
                    key,
                });
            }
        }
        offset = next;
    }
    out
}

fn key_date(key: &str) -> Option<NaiveDate> {
    key.rsplit(' ').next()?.parse().ok()
}

/// Puts `section` into `doc` under `key`: in place of the section with that key if there is
/// one, else before the first meeting of the same date or older (newest first), else after
/// the last meeting or, in a document with none yet, after everything (the standing
/// header). Every other byte of `doc` is kept.
pub fn splice(doc: &str, key: &str, section: &str) -> String {
    let mut block = format!("{SECTION_START}{key}{SECTION_START_END}\n{section}");
    if !block.ends_with('\n') {
        block.push('\n');
    }
    block.push_str(SECTION_END);
    block.push('\n');
    let found = sections(doc);
    if let Some(s) = found.iter().find(|s| s.key == key) {
        return format!("{}{block}{}", &doc[..s.start], &doc[s.end..]);
    }
    let date = key_date(key);
    let before = found.iter().find(|s| match (key_date(&s.key), date) {
        (Some(theirs), Some(ours)) => theirs <= ours,
        _ => true,
    });
    match (before, found.last()) {
        (Some(s), _) => format!("{}{block}\n{}", &doc[..s.start], &doc[s.start..]),
        (None, Some(last)) => format!("{}\n{block}{}", &doc[..last.end], &doc[last.end..]),
        (None, None) => {
            let mut out = doc.to_string();
            if !out.is_empty() {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                if !out.ends_with("\n\n") {
                    out.push('\n');
                }
            }
            out.push_str(&block);
            out
        }
    }
}

/// Puts one meeting's section (from [`running_section`] or [`cancelled_section`]) at its
/// place in the running document at `path`, replacing an earlier copy of the same meeting
/// (`meeting_key`, see [`meeting_key`]). A new document starts with `new_header` (see
/// [`standing_header`]). Everything else in the file is kept byte for byte; the file is
/// replaced atomically.
pub fn append_to_running_document(
    path: &Path,
    minutes_markdown_section: &str,
    meeting_key: &str,
    new_header: &str,
) -> Result<(), Failure> {
    let shown = display(path);
    if path.is_dir() {
        return Err(Failure::Input(format!(
            "{shown}: is a directory, not a file"
        )));
    }
    let doc = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            Failure::Input(format!(
                "{shown}: is not UTF-8 text, so gavel will not add minutes to it"
            ))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => new_header.to_string(),
        Err(e) => {
            return Err(Failure::Runtime(format!(
                "cannot read {shown}: {}",
                io_reason(&e)
            )))
        }
    };
    let updated = splice(&doc, meeting_key, minutes_markdown_section);
    crate::fsutil::write_atomic(path, updated.as_bytes())
        .map_err(|e| Failure::Runtime(format!("cannot write {shown}: {}", io_reason(&e))))
}

/// [`append_to_running_document`] for one meeting's minutes record.
pub fn append_minutes(path: &Path, m: &Minutes) -> Result<(), Failure> {
    let info: Vec<(String, String)> = m
        .info
        .iter()
        .map(|i| (i.key.clone(), i.value.clone()))
        .collect();
    append_to_running_document(
        path,
        &running_section(m),
        &meeting_key(m.series.as_deref(), &m.title, m.date),
        &standing_header(&m.title, m.link.as_deref(), &info),
    )
}

// ---------------------------------------------------------------------------------------
// iCalendar

/// The next meeting as an iCalendar (RFC 5545) event: CRLF line endings, lines folded at 75
/// octets, text escaped, times in UTC. `stamp` is the DTSTAMP (when the file is written).
pub fn ics(a: &Agenda, stamp: DateTime<Utc>) -> String {
    let m = &a.meeting;
    let start = m.timezone.to_utc(m.date.and_time(m.start));
    let end = start + Duration::seconds(m.length);
    let utc = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let key = meeting_key(m.series.as_deref(), &m.title, m.date);
    let uid = format!(
        "{}-{}@gavel",
        key.split(' ').next().unwrap_or("meeting"),
        m.date.format("%Y%m%d")
    );
    let mut description = String::from("Agenda:\n");
    for (n, i) in a.items.iter().enumerate() {
        let presenter = i
            .presenter
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        let _ = writeln!(
            description,
            "{}. {}{presenter}, {}",
            n + 1,
            i.title,
            format_duration(i.timebox)
        );
    }
    if let Some(l) = &m.link {
        let _ = write!(description, "\nJoin: {l}");
    }
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!("PRODID:-//gavel//gavel {}//EN", env!("CARGO_PKG_VERSION")),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{uid}"),
        format!("DTSTAMP:{}", utc(stamp)),
        format!("DTSTART:{}", utc(start)),
        format!("DTEND:{}", utc(end)),
        format!("SUMMARY:{}", ics_text(&m.title)),
    ];
    if let Some(l) = &m.link {
        if let Some(url) = safe_url(l).filter(|u| !u.contains(char::is_whitespace)) {
            lines.push(format!("URL:{url}"));
        }
        lines.push(format!("LOCATION:{}", ics_text(l)));
    }
    lines.push(format!("DESCRIPTION:{}", ics_text(description.trim_end())));
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

/// TEXT value escaping (RFC 5545 3.3.11).
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line folded at 75 octets, ending in CRLF. A fold never falls inside a
/// UTF-8 character or between a backslash and the character it escapes.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let mut unit = String::from(c);
        if c == '\\' {
            if let Some(next) = chars.next() {
                unit.push(next);
            }
        }
        if used + unit.len() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push_str(&unit);
        used += unit.len();
    }
    out.push_str("\r\n");
    out
}

// ---------------------------------------------------------------------------------------
// Across the series

/// Every `*.minutes.json` in `dir`, oldest meeting first.
pub fn read_minutes_dir(dir: &Path) -> Result<Vec<(PathBuf, Minutes)>, Failure> {
    let shown = display(dir);
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::Input(format!("{shown}: {}", io_reason(&e))))?;
    let mut out = Vec::new();
    for e in entries {
        let path = e
            .map_err(|e| Failure::Runtime(format!("cannot read {shown}: {e}")))?
            .path();
        let is_minutes = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".minutes.json"));
        if !is_minutes || !path.is_file() {
            continue;
        }
        let text = crate::output::read_input(&path, crate::output::MINUTES)?;
        let m = crate::minutes::json::parse(&text)
            .map_err(|e| Failure::Input(format!("{}: {e}", display(&path))))?;
        out.push((path, m));
    }
    if out.is_empty() {
        return Err(Failure::Input(format!(
            "{shown}: no minutes here (gavel reads every *.minutes.json in the directory)"
        )));
    }
    out.sort_by(|(pa, a), (pb, b)| {
        (a.date, &a.scheduled_start, pa).cmp(&(b.date, &b.scheduled_start, pb))
    });
    Ok(out)
}

/// An action still open after the last of a series of minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenAction {
    pub owners: Vec<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub from: Option<NaiveDate>,
    /// Meetings held since it was created (or, for one older than every minutes read, the
    /// times it was carried over, when that is more).
    pub age: u32,
}

/// The actions still open after the last meeting: each meeting's new actions, less those
/// reviewed done or dropped in a later one.
pub fn open_actions(minutes: &[Minutes]) -> Vec<OpenAction> {
    let mut open: Vec<(OpenAction, u32)> = Vec::new();
    let same = |o: &OpenAction, owners: &[String], text: &str, from: Option<NaiveDate>| {
        o.owners == owners && o.text == text && o.from == from
    };
    for m in minutes {
        for r in &m.review {
            let at = open
                .iter()
                .position(|(o, _)| same(o, &r.owners, &r.text, r.from));
            match (r.status.as_deref(), at) {
                (Some("done" | "dropped"), Some(i)) => {
                    open.remove(i);
                }
                (Some("done" | "dropped"), None) => {}
                (_, Some(i)) => {
                    open[i].0.due = r.due;
                    open[i].1 = r.carried;
                }
                (_, None) => open.push((
                    OpenAction {
                        owners: r.owners.clone(),
                        text: r.text.clone(),
                        due: r.due,
                        from: r.from,
                        age: 0,
                    },
                    r.carried,
                )),
            }
        }
        for a in m.actions.iter().filter(|a| !a.private) {
            if !open
                .iter()
                .any(|(o, _)| same(o, &a.owners, &a.text, Some(m.date)))
            {
                open.push((
                    OpenAction {
                        owners: a.owners.clone(),
                        text: a.text.clone(),
                        due: a.due,
                        from: Some(m.date),
                        age: 0,
                    },
                    0,
                ));
            }
        }
    }
    open.into_iter()
        .map(|(mut o, carried)| {
            let held = minutes
                .iter()
                .filter(|m| o.from.is_none_or(|f| m.date > f))
                .count() as u32;
            o.age = held.max(carried);
            o
        })
        .collect()
}

/// `gavel actions`: the open actions by owner, as a Markdown table.
pub fn actions_report(minutes: &[Minutes]) -> String {
    let open = open_actions(minutes);
    let mut out = String::new();
    if let Some(last) = minutes.last() {
        let _ = write!(
            out,
            "## Open actions after the meeting of {}\n\n",
            last.date
        );
    }
    if open.is_empty() {
        out.push_str("No open actions.\n");
        return out;
    }
    let mut owners: Vec<&str> = open
        .iter()
        .flat_map(|o| o.owners.iter().map(String::as_str))
        .collect();
    owners.sort_by_key(|o| o.to_lowercase());
    owners.dedup();
    let mut rows = Vec::new();
    for owner in owners {
        for o in open.iter().filter(|o| o.owners.iter().any(|x| x == owner)) {
            let others: Vec<String> = o
                .owners
                .iter()
                .filter(|x| *x != owner)
                .map(|x| esc(x))
                .collect();
            let mut text = esc(&o.text);
            if !others.is_empty() {
                let _ = write!(text, " (with {})", others.join(", "));
            }
            let flag = if o.age >= crate::minutes::CARRIED_WARNING {
                " ⚠"
            } else {
                ""
            };
            rows.push(vec![
                esc(owner),
                text,
                o.due.map(|d| d.to_string()).unwrap_or_default(),
                o.from.map(|d| d.to_string()).unwrap_or_default(),
                format!("{}{flag}", o.age),
            ]);
        }
    }
    table(
        &mut out,
        &["Owner", "Action", "Due", "From", "Age (meetings)"],
        &rows,
    );
    out
}

/// `gavel attendance`: who attended which meeting, and each person's rate, as a Markdown
/// table. "y" present (also someone who left early), "regrets", "n" absent or not ticked,
/// "–" not on that meeting's roster. The rate counts every meeting in the table.
pub fn attendance_report(minutes: &[Minutes]) -> String {
    let mut people: Vec<(String, bool)> = Vec::new();
    for a in minutes.iter().flat_map(|m| &m.attendance) {
        match people.iter_mut().find(|(n, _)| *n == a.name) {
            Some(p) => p.1 &= a.guest,
            None => people.push((a.name.clone(), a.guest)),
        }
    }
    let mut head: Vec<String> = vec!["Name".into()];
    head.extend(minutes.iter().map(|m| m.date.to_string()));
    head.push("Attended".into());
    let mut rows = Vec::new();
    for (name, only_guest) in &people {
        let mut row = vec![if *only_guest {
            format!("{} (guest)", esc(name))
        } else {
            esc(name)
        }];
        let mut came = 0;
        for m in minutes {
            let cell = match m.attendance.iter().find(|a| &a.name == name) {
                None => "–",
                Some(a) => match a.status.as_str() {
                    "present" | "left" => {
                        came += 1;
                        "y"
                    }
                    "regrets" => "regrets",
                    _ => "n",
                },
            };
            row.push(cell.to_string());
        }
        let total = minutes.len();
        row.push(format!(
            "{came} of {total} ({}%)",
            (came * 100 + total / 2) / total.max(1)
        ));
        rows.push(row);
    }
    let mut out = String::new();
    if let (Some(first), Some(last)) = (minutes.first(), minutes.last()) {
        let _ = write!(
            out,
            "## Attendance, {} to {} ({} meeting{})\n\n",
            first.date,
            last.date,
            minutes.len(),
            if minutes.len() == 1 { "" } else { "s" }
        );
    }
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    table(&mut out, &head, &rows);
    out
}

/// A GFM table with cells padded to the same display width.
fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    use unicode_width::UnicodeWidthStr;
    let mut widths: Vec<usize> = head.iter().map(|h| h.width().max(3)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &[&str]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.width()))))
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    out.push_str(&line(head));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(&rule.iter().map(String::as_str).collect::<Vec<_>>()));
    for row in rows {
        out.push_str(&line(&row.iter().map(String::as_str).collect::<Vec<_>>()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn cadence_dates() {
        let every = |days, weekday| Cadence {
            every_days: days,
            weekday,
        };
        // 2026-03-09 is a Monday.
        assert_eq!(next_date(d("2026-03-09"), every(14, None)), d("2026-03-23"));
        assert_eq!(next_date(d("2026-03-09"), every(7, None)), d("2026-03-16"));
        assert_eq!(
            next_date(d("2026-03-09"), every(14, Some(Weekday::Mon))),
            d("2026-03-23")
        );
        // A meeting moved to Tuesday goes back to Monday; one moved to Friday goes on to
        // the Monday after.
        assert_eq!(
            next_date(d("2026-03-10"), every(14, Some(Weekday::Mon))),
            d("2026-03-23")
        );
        assert_eq!(
            next_date(d("2026-03-13"), every(14, Some(Weekday::Mon))),
            d("2026-03-30")
        );
        // 14 days across a month and a year end, 4 weeks across February.
        assert_eq!(next_date(d("2026-12-24"), every(14, None)), d("2027-01-07"));
        assert_eq!(
            next_date(d("2028-02-10"), every(28, Some(Weekday::Thu))),
            d("2028-03-09")
        );
        // A weekday that differs from the meeting's: the nearest one to the plain date.
        assert_eq!(
            next_date(d("2026-03-09"), every(7, Some(Weekday::Wed))),
            d("2026-03-18")
        );
        assert_eq!(
            next_date(d("2026-03-09"), every(7, Some(Weekday::Fri))),
            d("2026-03-13")
        );
    }

    const TRICKY: &[&str] = &[
        "plain",
        "with \"quotes\" and 'single' ones",
        "back\\slash at the end\\",
        "triple \"\"\" quotes \"\"\"\"",
        "unicode: Chloé, 日本語, emoji 🎉",
        "a # hash and = equals [brackets]",
    ];

    fn agenda_with(text: &str, background: &str) -> Agenda {
        let (mut a, _) = crate::agenda::parse_str(
            "[meeting]\ntitle = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"Europe/Berlin\"\nlength = \"60m\"\n",
        )
        .unwrap();
        a.meeting.title = text.into();
        a.meeting.series = Some(text.into());
        a.meeting.link = Some(format!("https://example.org/{text}"));
        a.meeting.cadence = Some(parse_cadence("2w Wed").unwrap());
        a.meeting.quorum = Some(3);
        a.meeting.vote_rule = VoteRule::TwoThirds;
        a.meeting.speaker_limit = Some(120);
        a.meeting.info = vec![(text.into(), text.into()), ("Time".into(), "17:00".into())];
        a.people = vec![
            Person {
                name: text.into(),
                affiliation: Some(text.into()),
                role: text.into(),
                votes: true,
                alternate_for: None,
                guest: false,
            },
            Person {
                name: "Guest Person".into(),
                affiliation: None,
                role: "guest".into(),
                votes: false,
                alternate_for: None,
                guest: true,
            },
        ];
        a.items = vec![AgendaItem {
            title: text.into(),
            presenter: Some(text.into()),
            timebox: 50 * 60 + 30,
            kind: ItemKind::Decision,
            background: Some(background.into()),
            links: vec![text.into(), "https://example.org/b".into()],
            fixed: true,
            standing: true,
            speaker_limit: Some(90),
        }];
        a.actions = vec![
            CarriedAction {
                owners: vec![text.into()],
                text: text.into(),
                due: Some(d("2026-03-01")),
                from: Some(d("2026-02-18")),
                carried: 2,
            },
            CarriedAction {
                owners: vec![text.into(), "Guest Person".into()],
                text: format!("second {text}"),
                due: None,
                from: None,
                carried: 0,
            },
        ];
        a
    }

    #[test]
    fn toml_round_trips_every_string() {
        for text in TRICKY {
            for background in [
                "one line with \"quotes\" \\ and a trailing backslash\\",
                "two\nlines with \"\"\" inside\nand a last \"",
                "ends with a backslash\n\\",
            ] {
                let a = agenda_with(text, background);
                let toml = to_toml(&a, &["from a test, with a\nnewline".into()]);
                assert!(toml.starts_with(&format!("{TOML_MARKER}\n")), "{toml}");
                let (back, warnings) =
                    crate::agenda::parse_str(&toml).unwrap_or_else(|e| panic!("{toml}\n{e:?}"));
                assert_eq!(back, a, "{toml}");
                assert!(warnings.is_empty(), "{warnings:?}\n{toml}");
            }
        }
    }

    #[test]
    fn toml_strings_escape_controls() {
        assert_eq!(toml_string("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    #[test]
    fn keys_are_safe_in_a_comment() {
        assert_eq!(
            meeting_key(Some("widget-sc"), "x", d("2026-03-04")),
            "widget-sc 2026-03-04"
        );
        assert_eq!(
            meeting_key(None, "The --> Group!", d("2026-03-04")),
            "the-group 2026-03-04"
        );
    }

    #[test]
    fn splice_replaces_inserts_newest_first_and_keeps_the_rest() {
        let header = "# Notes\n\nhand-written header\n";
        let doc = splice(header, "s 2026-03-04", "## March 4\n\nfirst\n");
        assert_eq!(
            doc,
            "# Notes\n\nhand-written header\n\n<!-- gavel:meeting s 2026-03-04 -->\n## March 4\n\nfirst\n<!-- gavel:end -->\n"
        );
        let doc = splice(&doc, "s 2026-03-18", "## March 18\n");
        assert!(doc.find("March 18").unwrap() < doc.find("March 4").unwrap());
        let edited = doc.replace("first", "first, edited by hand");
        let again = splice(&edited, "s 2026-03-18", "## March 18, again\n");
        assert_eq!(again.matches("gavel:meeting s 2026-03-18").count(), 1);
        assert!(again.contains("first, edited by hand"));
        assert!(!again.contains("## March 18\n"));
        // An older meeting exported late goes below the newer ones.
        let late = splice(&again, "s 2026-02-18", "## February 18\n");
        assert!(late.find("February 18").unwrap() > late.find("March 4").unwrap());
        assert!(late.starts_with(header));
    }

    #[test]
    fn ics_folds_and_escapes() {
        let folded = fold(&format!("DESCRIPTION:{}", "é".repeat(60)));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("DESCRIPTION:{}\r\n", "é".repeat(60))
        );
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let escapes = fold(&format!("DESCRIPTION:{}", "\\,".repeat(40)));
        for line in escapes.split("\r\n").filter(|l| !l.is_empty()) {
            let body = line.strip_prefix(' ').unwrap_or(line);
            assert!(body.starts_with('\\') || body.starts_with('D'), "{line:?}");
        }
    }
}
