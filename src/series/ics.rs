//! The next meeting as an iCalendar (RFC 5545) event, for `gavel next --ics`: text escaped
//! and content lines folded the way calendar programs expect.

use super::running::meeting_key;
use crate::agenda::{format_duration, Agenda};
use crate::minutes::safe_url;
use chrono::{DateTime, Duration, Utc};
use std::fmt::Write;

/// The next meeting as an iCalendar (RFC 5545) event: CRLF line endings, lines folded at 75
/// octets, text escaped, times in UTC. `stamp` is the DTSTAMP (when the file is written).
pub fn ics(a: &Agenda, stamp: DateTime<Utc>) -> String {
    let m = &a.meeting;
    let start = m.timezone.to_utc(m.date.and_time(m.start));
    let end = start + Duration::seconds(m.length);
    let utc = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    // Series, date and start: two meetings of a series on one day are two events.
    let key = meeting_key(m.series.as_deref(), &m.title, m.date, m.start);
    let uid = format!(
        "{}-{}@gavel",
        key.split(' ').next().unwrap_or("meeting"),
        m.date.and_time(m.start).format("%Y%m%dT%H%M")
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
    lines.iter().map(|l| fold_ics_line(l)).collect()
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
fn fold_ics_line(line: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_folds_and_escapes() {
        let folded = fold_ics_line(&format!("DESCRIPTION:{}", "é".repeat(60)));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("DESCRIPTION:{}\r\n", "é".repeat(60))
        );
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let escapes = fold_ics_line(&format!("DESCRIPTION:{}", "\\,".repeat(40)));
        for line in escapes.split("\r\n").filter(|l| !l.is_empty()) {
            let body = line.strip_prefix(' ').unwrap_or(line);
            assert!(body.starts_with('\\') || body.starts_with('D'), "{line:?}");
        }
    }
}
