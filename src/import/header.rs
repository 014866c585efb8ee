//! What stands around a document's meetings: its standing header (title, `Key: value`
//! lines), front matter, and the dates and times its meeting headings give.

use super::dates::{find_date, find_time};
use super::people::plain;
use super::raw::{Document, Kind, Line, RawMeeting};
use super::sections::{generic_title, label};
use chrono::NaiveDate;

/// A heading that dates a meeting: its line, its level, the date.
pub(super) type DatedHeading = (usize, usize, NaiveDate);

/// Headings that are a date without a year ("Wednesday, October 24th"), at the level of the
/// dated meeting headings of a running document: dated with the year of the nearest dated
/// heading (the one that gives the weekday it names, if it names one). Returns every dated
/// heading in order, and those whose year was inferred.
pub(super) fn with_yearless(
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
pub(super) fn settle_heading(m: &mut RawMeeting, heading: &str, file: Option<NaiveDate>) {
    if let Some(d) = m.date {
        let (date, note) = super::dates::settle(heading, d, file);
        m.date = Some(date);
        if let Some(n) = note {
            m.notes.push((m.line, n));
        }
    }
    if let Some(t) = find_time(heading) {
        m.zone = super::dates::find_zone(heading);
        m.time = Some(t);
    }
}

/// A `Key: value` of the standing header; a key written twice keeps both values.
pub(super) fn add_info(info: &mut Vec<(String, String)>, key: String, value: String) {
    match info.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(&key)) {
        Some((_, v)) => {
            v.push_str("; ");
            v.push_str(&value);
        }
        None => info.push((key, value)),
    }
}

pub(super) fn read_header(lines: &[Line], doc: &mut Document) {
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
                        if let Some(z) = super::dates::find_zone(&v) {
                            doc.timezone = Some(z);
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

/// A line of the front matter: its title and date are the meeting's (or the document's),
/// the other keys standing information.
pub(super) fn read_meta(l: &Line, doc: &mut Document, m: Option<&mut RawMeeting>) {
    let Some((key, value)) = label(&l.text) else {
        return;
    };
    let value = value.trim_matches(['"', '\'']).trim().to_string();
    if value.is_empty() {
        return;
    }
    match (key.as_str(), m) {
        ("title", Some(m)) => {
            m.title.get_or_insert(value);
        }
        ("title", None) => {
            doc.title.get_or_insert(value);
        }
        ("date", Some(m)) => {
            if let Some(d) = find_date(&value) {
                m.date.get_or_insert(d);
            }
        }
        ("layout" | "parent" | "grand parent" | "nav order" | "tags" | "permalink", _) => {}
        (_, _) => {
            let t = l.text.trim();
            let k = plain(t.split(':').next().unwrap_or_default());
            add_info(&mut doc.info, k, plain(&value));
        }
    }
}
