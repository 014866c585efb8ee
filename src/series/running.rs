//! The running minutes document: one Markdown file for a whole series, newest meeting
//! first, each meeting between invisible markers (keyed by [`meeting_key`]) so that a later
//! export of the same meeting replaces its section and every hand edit elsewhere is kept.

use crate::error::{display, io_reason, Failure};
use crate::minutes::markdown::{self, value_or_link};
use crate::minutes::{escape_inline as esc, Minutes};
use chrono::{NaiveDate, NaiveTime};
use std::fmt::Write;
use std::path::Path;

const SECTION_START: &str = "<!-- gavel:meeting ";
const SECTION_START_END: &str = " -->";
const SECTION_END: &str = "<!-- gavel:end -->";

/// The key of one meeting in a running document: the series (or the title), the date and
/// the scheduled start, made safe to sit inside an HTML comment: "widget-sc 2026-03-04
/// 17:00". Two meetings of a series on one day have two sections. (Documents written before
/// the start was part of the key hold "widget-sc 2026-03-04": see [`legacy_key`].)
pub fn meeting_key(series: Option<&str>, title: &str, date: NaiveDate, start: NaiveTime) -> String {
    format!(
        "{} {}",
        legacy_key(series, title, date),
        start.format("%H:%M")
    )
}

/// The key older builds gave a meeting: series (or title) and date, without the start.
pub fn legacy_key(series: Option<&str>, title: &str, date: NaiveDate) -> String {
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

/// When the meeting of a key happens: its date, and its start for a key that has one.
fn key_when(key: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let mut parts = key.split(' ').skip(1);
    let date = parts.next()?.parse().ok()?;
    let start = parts
        .next()
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
    Some((date, start))
}

/// Puts `section` into `doc` under `key`: in place of the section with that key if there is
/// one, else before the first meeting of the same date or older (newest first), else after
/// the last meeting or, in a document with none yet, after everything (the standing
/// header). Every other byte of `doc` is kept.
pub fn splice(doc: &str, key: &str, section: &str) -> String {
    splice_or_adopt(doc, key, section, |_, _| false)
}

/// [`splice`], where a section of the old key (date without start, [`legacy_key`]) for
/// which `same_meeting(key, its text)` holds is this meeting's own section, written by an
/// older build: it is replaced, and rekeyed.
pub fn splice_or_adopt(
    doc: &str,
    key: &str,
    section: &str,
    same_meeting: impl Fn(&str, &str) -> bool,
) -> String {
    let mut block = format!("{SECTION_START}{key}{SECTION_START_END}\n{section}");
    if !block.ends_with('\n') {
        block.push('\n');
    }
    block.push_str(SECTION_END);
    block.push('\n');
    let found = sections(doc);
    let own = found.iter().find(|s| s.key == key).or_else(|| {
        found
            .iter()
            .find(|s| same_meeting(&s.key, &doc[s.start..s.end]))
    });
    if let Some(s) = own {
        return format!("{}{block}{}", &doc[..s.start], &doc[s.end..]);
    }
    let date = key_when(key);
    let before = found.iter().find(|s| match (key_when(&s.key), date) {
        (Some(theirs), Some(ours)) => theirs <= ours,
        _ => true,
    });
    match (before, found.last()) {
        (Some(s), _) => format!("{}{block}\n{}", &doc[..s.start], &doc[s.start..]),
        (None, Some(last)) => format!("{}\n{block}{}", &doc[..last.end], &doc[last.end..]),
        // Meetings written by hand (no markers): above the newest, after the standing header.
        (None, None) if crate::import::first_meeting_heading(doc).is_some() => {
            let at = crate::import::first_meeting_heading(doc).map_or(doc.len(), |(at, _, _)| at);
            format!("{}{block}\n{}", &doc[..at], &doc[at..])
        }
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
    same_meeting: impl Fn(&str, &str) -> bool,
) -> Result<(), Failure> {
    let shown = display(path);
    // A FIFO or a device would block or never end: only a regular file (or none) is read.
    let doc = if std::fs::symlink_metadata(path).is_err() {
        new_header.to_string()
    } else {
        crate::output::read_input(path, crate::output::DOCUMENT)?
    };
    if sections(&doc).is_empty() {
        if let Some((_, line, date)) = crate::import::first_meeting_heading(&doc) {
            eprintln!("{shown}:{line}: new meeting inserted above the meeting of {date}");
        }
    }
    let updated = splice_or_adopt(&doc, meeting_key, minutes_markdown_section, same_meeting);
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
    let start = NaiveTime::parse_from_str(&m.scheduled_start, "%H:%M").map_err(|_| {
        Failure::Input(format!(
            "the minutes' scheduled start `{}` is not a time (HH:MM)",
            crate::text::clean_line(&m.scheduled_start)
        ))
    })?;
    let legacy = legacy_key(m.series.as_deref(), &m.title, m.date);
    // A section an older build wrote for this meeting shows the time it started (or, before
    // it started, its scheduled start) first on its "Date" line.
    let shown: Vec<String> = [Some(&m.scheduled_start), m.started.as_ref()]
        .into_iter()
        .flatten()
        .map(|t| format!("**Date:** {}, {t}", markdown::long_date(m.date)))
        .collect();
    let started_shown = m
        .started
        .as_ref()
        .map(|t| format!("**Date:** {}, started {t}", markdown::long_date(m.date)));
    append_to_running_document(
        path,
        &running_section(m),
        &meeting_key(m.series.as_deref(), &m.title, m.date, start),
        &standing_header(&m.title, m.link.as_deref(), &info),
        |key, text| {
            key == legacy
                && text.lines().any(|l| {
                    shown.iter().any(|s| l.starts_with(s.as_str()))
                        || started_shown.as_deref().is_some_and(|s| l.starts_with(s))
                })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn keys_are_safe_in_a_comment() {
        let t = NaiveTime::from_hms_opt(17, 0, 0).unwrap();
        assert_eq!(
            meeting_key(Some("widget-sc"), "x", d("2026-03-04"), t),
            "widget-sc 2026-03-04 17:00"
        );
        assert_eq!(
            meeting_key(None, "The --> Group!", d("2026-03-04"), t),
            "the-group 2026-03-04 17:00"
        );
        assert_eq!(
            legacy_key(None, "The --> Group!", d("2026-03-04")),
            "the-group 2026-03-04"
        );
    }

    #[test]
    fn two_meetings_of_a_day_have_two_sections_the_later_first() {
        let doc = splice("# N\n", "s 2026-03-04 09:00", "## am\n");
        let doc = splice(&doc, "s 2026-03-04 17:00", "## pm\n");
        assert!(doc.contains("## am") && doc.contains("## pm"), "{doc}");
        assert!(doc.find("## pm").unwrap() < doc.find("## am").unwrap());
        // A section of the old key is adopted only when the predicate says it is ours.
        let old = splice("# N\n", "s 2026-03-04", "## old am\n");
        let pm = splice_or_adopt(&old, "s 2026-03-04 17:00", "## pm\n", |_, _| false);
        assert!(pm.contains("## old am") && pm.contains("## pm"), "{pm}");
        let am = splice_or_adopt(&old, "s 2026-03-04 09:00", "## am\n", |k, _| {
            k == "s 2026-03-04"
        });
        assert!(!am.contains("old am") && am.contains("gavel:meeting s 2026-03-04 09:00"));
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
}
