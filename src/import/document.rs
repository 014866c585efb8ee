//! A document of minutes split into its meetings: at the headings that carry a date (a
//! year taken from the meetings around a heading that gives none), after a standing header
//! whose facts travel with every meeting.

use super::dates::{find_date, find_time};
use super::lines::lines;
use super::markdown::{add_info, read_meeting, read_meta};
use super::people::plain;
use super::raw::{Document, Kind, Line, RawMeeting};
use super::sections::{classify, generic_title, is_next_meeting_heading, label, Section};
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
    let (dated, inferred) = with_yearless(&lines, dated);
    let mut doc = Document::default();
    let Some(&(_, level, _)) = dated.first() else {
        // One meeting: the date from a "Date:" line, the text, or the file name.
        let date = lines
            .iter()
            .find_map(|l| {
                label(&l.text)
                    .filter(|(k, _)| k == "date")
                    .and_then(|(_, v)| find_date(&v))
            })
            .or(fallback_date)
            .or_else(|| lines.iter().find_map(|l| find_date(&l.text)));
        let mut m = read_meeting(&lines, 0, &mut doc);
        m.date = date;
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
            let attendance = lines[i + 1..end].iter().any(|l| {
                matches!(l.kind, Kind::Heading(_)) && classify(&l.text) == Section::Present
            });
            // "# Attendance" over "## Members present" is a section of the meeting above.
            let names_people = matches!(
                classify(&lines[i].text),
                Section::Present | Section::Regrets | Section::Absent | Section::Guests
            );
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
        let mut m = read_meeting(&lines[from..end], if single { 0 } else { level }, &mut doc);
        m.date = find_date(&lines[i].text).or_else(|| inferred.get(&i).copied());
        m.line = lines[i].n;
        if let Some(d) = inferred.get(&i) {
            m.notes.push((
                m.line,
                format!("the heading gives no year: dated {d}, the year of the meetings around it"),
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

/// A heading that dates a meeting: its line, its level, the date.
type DatedHeading = (usize, usize, NaiveDate);

/// Headings that are a date without a year ("Wednesday, October 24th"), at the level of the
/// dated meeting headings of a running document: dated with the year of the nearest dated
/// heading (the one that gives the weekday it names, if it names one). Returns every dated
/// heading in order, and those whose year was inferred.
fn with_yearless(
    lines: &[Line],
    mut dated: Vec<DatedHeading>,
) -> (
    Vec<DatedHeading>,
    std::collections::HashMap<usize, NaiveDate>,
) {
    let mut inferred = std::collections::HashMap::new();
    let Some(&(_, level, _)) = dated.first() else {
        return (dated, inferred);
    };
    if dated.len() < 2 {
        return (dated, inferred);
    }
    for (i, l) in lines.iter().enumerate() {
        if l.kind != Kind::Heading(level) || dated.iter().any(|d| d.0 == i) {
            continue;
        }
        let Some((month, day)) = super::dates::yearless_heading(&l.text) else {
            continue;
        };
        let Some(near) = dated.iter().min_by_key(|d| d.0.abs_diff(i)).map(|d| d.2) else {
            continue;
        };
        let weekday = super::dates::weekday_in(&l.text);
        if let Some(date) = super::dates::with_year_near(month, day, weekday, near) {
            inferred.insert(i, date);
        }
    }
    dated.extend(inferred.iter().map(|(&i, &d)| (i, level, d)));
    dated.sort_by_key(|d| d.0);
    (dated, inferred)
}

/// The meeting's date checked against the weekday its heading names (and the file's name),
/// and the start time and zone the heading gives.
fn settle_heading(m: &mut RawMeeting, heading: &str, file: Option<NaiveDate>) {
    if let Some(d) = m.date {
        let (date, note) = super::dates::settle(heading, d, file);
        m.date = Some(date);
        if let Some(n) = note {
            m.notes.push((m.line, n));
        }
    }
    if let Some(t) = find_time(heading) {
        m.zone = super::dates::find_zone(heading).map(str::to_string);
        m.time = Some(t);
    }
}

fn read_header(lines: &[Line], doc: &mut Document) {
    for l in lines {
        match &l.kind {
            Kind::Heading(_)
                if doc.title.as_deref().is_none_or(generic_title) && !l.text.is_empty() =>
            {
                doc.title = Some(plain(&l.text));
            }
            Kind::Blank | Kind::Rule => {}
            Kind::Meta => read_meta(l, doc, None),
            _ => match label(&l.text) {
                Some((_, v)) if !v.is_empty() => {
                    let t = l.text.trim_start_matches(['*', '_', ' ']);
                    let key = plain(t.split(':').next().unwrap_or_default());
                    if key.eq_ignore_ascii_case("time") {
                        doc.time = find_time(&v);
                        let up = v.to_ascii_uppercase();
                        if up.contains("UTC") || up.contains("GMT") {
                            doc.timezone = Some("UTC".into());
                        }
                    }
                    add_info(&mut doc.info, key, plain(&v));
                }
                _ => {
                    if !l.text.trim().is_empty() {
                        doc.kept.push((l.n, l.text.clone()));
                    }
                }
            },
        }
    }
}
