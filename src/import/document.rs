//! A document of minutes split into its meetings: at the headings that carry a date (a
//! year taken from the meetings around a heading that gives none), after a standing header
//! whose facts travel with every meeting.

use super::dates::find_date;
use super::header::{read_header, settle_heading, with_yearless};
use super::lines::lines;
use super::markdown::read_meeting_or_notes;
use super::raw::{Document, Kind};
use super::sections::{classify, is_next_meeting_heading, label, Section};
use chrono::NaiveDate;

/// Reads a whole document. `fallback_date` is used for a file of one meeting whose text
/// names no date (a date in the file name).
pub fn read_document(src: &str, fallback_date: Option<NaiveDate>) -> Document {
    let mut lines = lines(src);
    super::lines::promote_plain_headings(&mut lines);
    let dated: Vec<(usize, usize, NaiveDate)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match l.kind {
            Kind::Heading(level) if !is_next_meeting_heading(&l.text) => {
                find_date(&l.text).map(|d| (i, level, d))
            }
            _ => None,
        })
        .collect();
    let (mut dated, mut inferred) = with_yearless(&lines, dated);
    read_ambiguous_headings(&lines, &mut dated, &mut inferred, fallback_date);
    if dated.is_empty() {
        // "# WG — 2025 meeting notes" over "## June 18", "## June 4": the year of the
        // title (or of the file's name) for headings that give none.
        let year = lines
            .iter()
            .filter(|l| matches!(l.kind, Kind::Heading(_)))
            .find_map(|l| super::dates::year_in(&l.text))
            .or(fallback_date.map(|d| chrono::Datelike::year(&d)));
        if let Some(year) = year {
            for (i, l) in lines.iter().enumerate() {
                let Kind::Heading(level) = l.kind else {
                    continue;
                };
                let Some((m, d)) = super::dates::yearless_heading(&l.text) else {
                    continue;
                };
                let near = NaiveDate::from_ymd_opt(year, m, d);
                let weekday = super::dates::weekday_in(&l.text);
                if let Some(date) =
                    near.and_then(|n| super::dates::with_year_near(m, d, weekday, n))
                {
                    dated.push((i, level, date));
                    inferred.insert(i, date);
                }
            }
        }
    }
    let mut doc = Document::default();
    let Some(&(_, level, _)) = dated.first() else {
        // One meeting: the date from a "Date:" line, the file name, or the text.
        let date = lines
            .iter()
            .find_map(|l| {
                label(&l.text)
                    .filter(|(k, _)| matches!(k.as_str(), "date" | "datum" | "fecha" | "data"))
                    .and_then(|(_, v)| find_date(&v))
            })
            .or(fallback_date);
        // Any date in the text but the next meeting's ("Next meeting: 9 April 2025").
        let loose = || {
            lines
                .iter()
                .filter(|l| !is_next_meeting_heading(&l.text))
                .find_map(|l| find_date(&l.text))
        };
        let mut m = read_meeting_or_notes(&lines, 0, &mut doc);
        // A date found in passing dates minutes that name people or actions, not a page
        // of notes (a README beside the minutes: "Commit: … (2024-03-06)").
        let minutes = !(m.present.is_empty()
            && m.regrets.is_empty()
            && m.absent.is_empty()
            && m.guests.is_empty()
            && m.actions.is_empty()
            && m.review.is_empty()
            && m.everyone.is_none());
        m.date = date.or_else(|| loose().filter(|_| minutes));
        m.line = 1;
        if m.title
            .as_deref()
            .is_some_and(super::sections::says_cancelled)
        {
            m.cancelled = true;
        }
        doc.meetings.push(m);
        return doc;
    };
    let starts: Vec<usize> = {
        let at_level: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l.kind, Kind::Heading(h) if h <= level))
            .map(|(i, _)| i)
            .collect();
        let first = dated[0].0;
        let dated_at: std::collections::HashSet<usize> = dated.iter().map(|d| d.0).collect();
        // Every heading at the meeting level from the first meeting on starts a meeting when
        // it has a date, or (undated) when an attendance section follows before the next.
        let mut s = Vec::new();
        for (k, &i) in at_level.iter().enumerate() {
            if i < first {
                continue;
            }
            let has_date = dated_at.contains(&i);
            let end = at_level.get(k + 1).copied().unwrap_or(lines.len());
            // "### Attendees" or a "Present: …" line of its own.
            let attendance = lines[i + 1..end].iter().any(|l| match l.kind {
                Kind::Heading(_) => classify(&l.text) == Section::Present,
                Kind::Text => {
                    label(&l.text).and_then(|(k, _)| super::sections::label_section(&k))
                        == Some(Section::Present)
                }
                _ => false,
            });
            // "# Attendance" over "## Members present" is a section of the meeting above.
            let names_people = classify(&lines[i].text).names_people();
            if has_date || (attendance && !names_people) {
                s.push(i);
            }
        }
        s
    };
    let single = starts.len() == 1;
    // The standing header.
    let header_end = if single { 0 } else { starts[0] };
    read_header(&lines[..header_end], &mut doc);
    for (k, &i) in starts.iter().enumerate() {
        let from = if single { 0 } else { i };
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let mut m =
            read_meeting_or_notes(&lines[from..end], if single { 0 } else { level }, &mut doc);
        m.date = find_date(&lines[i].text).or_else(|| inferred.get(&i).copied());
        m.line = lines[i].n;
        if let Some(d) = inferred.get(&i) {
            let why = if super::dates::ambiguous_date(&lines[i].text).is_some() {
                "the heading's date may be day/month or month/day: read as"
            } else {
                "the heading gives no year: dated"
            };
            m.notes.push((
                m.line,
                format!("{why} {d}, the one nearest the meetings around it"),
            ));
        }
        settle_heading(
            &mut m,
            &lines[i].text,
            single.then_some(fallback_date).flatten(),
        );
        if super::sections::says_cancelled(&lines[i].text)
            || m.title
                .as_deref()
                .is_some_and(super::sections::says_cancelled)
        {
            m.cancelled = true;
        }
        if single {
            m.date = m.date.or(fallback_date);
        }
        doc.meetings.push(m);
    }
    doc
}

/// Headings dated "12/03/2025", which may be day/month or month/day: the reading nearest
/// the dated headings around them (or the file's name), said as inferred. With nothing to
/// choose by, they stay undated and are said so.
fn read_ambiguous_headings(
    lines: &[super::raw::Line],
    dated: &mut Vec<(usize, usize, NaiveDate)>,
    inferred: &mut std::collections::HashMap<usize, NaiveDate>,
    fallback_date: Option<NaiveDate>,
) {
    let known: Vec<(usize, NaiveDate)> = dated.iter().map(|d| (d.0, d.2)).collect();
    for (i, l) in lines.iter().enumerate() {
        let Kind::Heading(level) = l.kind else {
            continue;
        };
        if find_date(&l.text).is_some() {
            continue;
        }
        let Some((one, other)) = super::dates::both_readings(&l.text) else {
            continue;
        };
        let near = known
            .iter()
            .min_by_key(|(j, _)| j.abs_diff(i))
            .map(|(_, d)| *d)
            .or(fallback_date);
        let Some(near) = near else { continue };
        let distance = |d: NaiveDate| (d - near).num_days().abs();
        let date = if distance(one) <= distance(other) {
            one
        } else {
            other
        };
        dated.push((i, level, date));
        inferred.insert(i, date);
    }
    dated.sort_by_key(|d| d.0);
}
