//! `gavel import`: a series already under way adopted from its past minutes. Minutes written
//! by hand (Markdown, Markdown with HTML from online editors, plain text) are read into
//! gavel's record, one [`Minutes`] per meeting found, marked as imported, with the file and
//! line each part came from. What is not recognised is kept as text of its meeting and
//! reported, never dropped.
//!
//! - [`markdown`]: the document as lines, split into meetings, each read section by section;
//! - [`people`]: one mention read into name, nickname, affiliation, role, e-mail, remark; the
//!   roster of the series, each person once however spelled;
//! - [`actions`]: action lines and their owners, status and due date;
//! - [`reports`]: the participant reports of video-call services (`gavel attendance import`);
//! - [`write`]: the files written.

pub mod actions;
mod build;
pub mod dates;
mod decisions;
mod discussion;
mod document;
mod forms;
mod handles;
mod header;
mod html;
mod items;
mod lines;
mod open;
pub mod raw;

use raw::{file_stem, short, Header};
pub use raw::{Options, UNASSIGNED};
pub mod markdown;
pub mod people;
pub mod reports;
pub mod roster;
pub mod sections;
mod spelling;
mod tables;
pub mod write;

use crate::minutes::Minutes;
use build::build;
use chrono::NaiveDate;
use document::read_document;
use markdown::{Document, RawMeeting};
use roster::Roster;

/// How much was recognised in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSummary {
    pub file: String,
    pub meetings: usize,
    pub cancelled: usize,
    pub people: usize,
    pub actions: usize,
    pub items: usize,
    pub kept: usize,
}

/// The result of an import: the minutes, oldest first, and what to tell the user.
#[derive(Debug, Clone, Default)]
pub struct Import {
    pub minutes: Vec<Minutes>,
    pub roster: Roster,
    pub summaries: Vec<FileSummary>,
    /// `FILE:LINE: …` messages for standard error, in file order.
    pub messages: Vec<String>,
    /// Names taken as one person though spelled apart (kept spelling, other spelling).
    pub merged: Vec<(String, String)>,
}

/// The pairs of roster people (indexes, lower first) named in one meeting together.
fn together(found: &[Found], roster: &Roster) -> std::collections::HashSet<(usize, usize)> {
    let mut pairs = std::collections::HashSet::new();
    let index = |name: &str| {
        let p = roster.resolve(name)?;
        roster.people.iter().position(|q| std::ptr::eq(q, p))
    };
    for f in found {
        let m = &f.meeting;
        let mut here: Vec<usize> = m
            .present
            .iter()
            .chain(&m.absent)
            .chain(&m.regrets)
            .chain(&m.guests)
            .filter_map(|p| index(&p.name))
            .collect();
        here.sort_unstable();
        here.dedup();
        for (k, a) in here.iter().enumerate() {
            for b in &here[k + 1..] {
                pairs.insert((*a, *b));
            }
        }
    }
    pairs
}

struct Found {
    file: usize,
    meeting: RawMeeting,
    date: NaiveDate,
    inferred: bool,
}

/// Reads every document (`(shown name, text)`) and builds the minutes of each meeting.
pub fn import_texts(files: &[(String, String)], opts: &Options) -> Import {
    let mut docs: Vec<Document> = files
        .iter()
        .map(|(name, text)| read_document(text, dates::find_date(&file_stem(name))))
        .collect();
    let mut out = Import::default();
    settle_file_dates(files, &mut docs, &mut out.messages);
    let (mut found, headers) = find_meetings(files, docs, &mut out);
    drop_drafts(files, &mut found, &mut out.messages);
    everyone_attended(files, &mut found, &mut out.messages);
    people_written_as_affiliations(files, &mut found, &mut out.messages);
    let roster = series_roster(&found, &mut out);
    found.sort_by_key(|f| f.date);
    let cadence = series_cadence(&found, opts);
    let opts = &Options {
        title: title_of_series(files, &found, &headers, opts),
        ..opts.clone()
    };
    let mut open = open::OpenActions::default();
    let last = found.iter().rposition(|f| !f.meeting.cancelled);
    for (at, f) in found.into_iter().enumerate() {
        let shown = files[f.file].0.clone();
        let header = headers.get(f.file).cloned().unwrap_or_default();
        let summary_at = f.file;
        let m = f.meeting;
        if m.cancelled {
            out.messages.push(format!(
                "{shown}:{}: the meeting of {} was cancelled; no minutes written for it",
                m.line, f.date
            ));
            out.summaries[summary_at].cancelled += 1;
            continue;
        }
        report_meeting(&mut out.messages, &shown, &m);
        let minutes = build(
            &m,
            f.date,
            f.inferred,
            &shown,
            &header,
            &roster,
            &cadence,
            opts,
            &mut open,
            Some(at) == last,
            &mut out.messages,
        );
        let s = &mut out.summaries[summary_at];
        s.meetings += 1;
        s.actions += minutes.actions.len();
        s.items += minutes.items.len();
        s.kept += m.kept.len();
        out.minutes.push(minutes);
    }
    mark_recurring_items(&mut out.minutes);
    out.roster = roster;
    finish(&mut out, files);
    out
}

/// The meetings of each document, dated (from the meetings around an undated one), and
/// each file's standing header; files with no meeting are said.
fn find_meetings(
    files: &[(String, String)],
    docs: Vec<Document>,
    out: &mut Import,
) -> (Vec<Found>, Vec<Header>) {
    let mut found: Vec<Found> = Vec::new();
    let mut headers: Vec<Header> = Vec::new();
    for (fi, doc) in docs.into_iter().enumerate() {
        let shown = &files[fi].0;
        for (n, t) in &doc.kept {
            out.messages
                .push(format!("{shown}:{n}: kept as text: {}", short(t)));
        }
        let known: Vec<NaiveDate> = doc.meetings.iter().filter_map(|m| m.date).collect();
        let gap = median_gap(&known).unwrap_or(7);
        let count = doc.meetings.len();
        for k in 0..count {
            let mut m = doc.meetings[k].clone();
            let no_people = m.present.is_empty()
                && m.regrets.is_empty()
                && m.guests.is_empty()
                && m.absent.is_empty()
                && m.actions.is_empty()
                && m.review.is_empty();
            // Said cancelled in the file's name (a file of one meeting), or in the few lines
            // of a meeting with nobody in it ("No meeting.", "No attendees - cancelled").
            // (One person listed is the chair who waited: "No attendees - cancelled".)
            let alone = m.present.len() <= 1
                && m.guests.is_empty()
                && m.actions.is_empty()
                && m.review.is_empty();
            if !m.cancelled
                && ((no_people && count == 1 && sections::says_cancelled(&file_stem(shown)))
                    || (alone && says_cancelled_in_body(&m)))
            {
                m.cancelled = true;
            }
            // A meeting with a date and items is one even without a list of people.
            let nothing = no_people && !m.cancelled && (m.items.is_empty() || m.date.is_none());
            if count == 1 && nothing {
                out.messages.push(format!(
                    "{shown}:1: no meeting recognised (no attendance, no actions, and no dated agenda or notes); nothing imported from this file"
                ));
                continue;
            }
            let m = &m;
            let (date, inferred) = match m.date {
                Some(d) => (d, false),
                None => {
                    let before = doc.meetings[..k].iter().rev().find_map(|m| m.date);
                    let after = doc.meetings[k + 1..].iter().find_map(|m| m.date);
                    let local = local_gap(&known, before, after).unwrap_or(gap);
                    match infer_date(before, after, local) {
                        Some(d) => {
                            out.messages.push(format!(
                                "{shown}:{}: the meeting's heading has no date; dated {d} from the meetings around it",
                                m.line
                            ));
                            (d, true)
                        }
                        None => {
                            let why = match dates::ambiguous_date(&files[fi].1) {
                                Some(d) => format!(
                                    "{d} could be day/month or month/day; write it as YYYY-MM-DD"
                                ),
                                None => {
                                    "write one in a heading or a `Date:` line, or in the file name"
                                        .into()
                                }
                            };
                            out.messages.push(format!(
                                "{shown}:{}: no meeting date found ({why}); nothing imported from this file",
                                m.line
                            ));
                            continue;
                        }
                    }
                }
            };
            found.push(Found {
                file: fi,
                meeting: m.clone(),
                date,
                inferred,
            });
        }
        out.summaries.push(FileSummary {
            file: shown.clone(),
            kept: doc.kept.len(),
            ..FileSummary::default()
        });
        // The header's facts travel with each meeting of the file.
        headers.push(Header {
            title: doc.title,
            info: doc.info,
            time: doc.time,
            timezone: doc.timezone,
        });
    }
    (found, headers)
}

/// A draft of a meeting whose final minutes are in another file ("2025-01-08-draft.md"
/// beside "2025-01-08.md"): said, and not read as a second meeting of that day.
fn drop_drafts(files: &[(String, String)], found: &mut Vec<Found>, messages: &mut Vec<String>) {
    let draft = |f: &Found| file_stem(&files[f.file].0).to_lowercase().contains("draft");
    let finals: Vec<NaiveDate> = found.iter().filter(|f| !draft(f)).map(|f| f.date).collect();
    found.retain(|f| {
        let superseded = draft(f) && finals.contains(&f.date);
        if superseded {
            messages.push(format!(
                "{}:{}: a draft of the meeting of {}, whose minutes are in another file; not read",
                files[f.file].0, f.meeting.line, f.date
            ));
        }
        !superseded
    });
}

/// The roster of the whole series: everyone named in its meetings, each once.
/// "Attendance: all": the members of the body, as the nearest meeting (in time) that lists
/// both who came and who did not names them (else the nearest that names who came); said.
/// The meetings that list people, by date: those that list who did not come too, then the
/// others (each sorted by date).
type Listed = (Vec<(NaiveDate, usize)>, Vec<(NaiveDate, usize)>);

fn meetings_listing_people(found: &[Found]) -> Listed {
    let mut full: Vec<(NaiveDate, usize)> = Vec::new();
    let mut some: Vec<(NaiveDate, usize)> = Vec::new();
    for (j, f) in found.iter().enumerate() {
        let m = &f.meeting;
        if m.everyone.is_none() && !m.cancelled && !m.present.is_empty() {
            let listed = !m.absent.is_empty() || !m.regrets.is_empty();
            if listed { &mut full } else { &mut some }.push((f.date, j));
        }
    }
    full.sort_unstable();
    some.sort_unstable();
    (full, some)
}

/// The members listed at the meeting nearest `date` (one that lists who did not come
/// first; a binary search, not a scan), each at `line`: the meeting's index and them.
fn nearest_members(
    found: &[Found],
    (full, some): &Listed,
    date: NaiveDate,
    line: usize,
) -> Option<(usize, Vec<people::Mention>)> {
    let nearest = |list: &[(NaiveDate, usize)]| {
        let at = list.partition_point(|(d, _)| *d < date);
        [at.checked_sub(1), Some(at)]
            .into_iter()
            .flatten()
            .filter_map(|k| list.get(k))
            .min_by_key(|(d, _)| (*d - date).num_days().abs())
            .map(|(_, j)| *j)
    };
    let j = nearest(full).or_else(|| nearest(some))?;
    let from = &found[j].meeting;
    let mut members: Vec<people::Mention> = Vec::new();
    for p in from.present.iter().chain(&from.absent).chain(&from.regrets) {
        if !p.guest
            && !members
                .iter()
                .any(|q| crate::meeting::fold(&q.name) == crate::meeting::fold(&p.name))
        {
            members.push(people::Mention {
                line,
                remark: None,
                ..p.clone()
            });
        }
    }
    Some((j, members))
}

/// "Attendance: all": the members as the nearest meeting that lists them names them. A
/// meeting that records no attendance at all: its attendance is unknown, the same members
/// written unticked (never absent), said with its line.
fn everyone_attended(files: &[(String, String)], found: &mut [Found], messages: &mut Vec<String>) {
    let listed = meetings_listing_people(found);
    for i in 0..found.len() {
        let m = &found[i].meeting;
        let shown = &files[found[i].file].0;
        let date = found[i].date;
        if let Some(line) = m.everyone.filter(|_| m.present.is_empty()) {
            let Some((j, members)) = nearest_members(found, &listed, date, line) else {
                continue;
            };
            messages.push(format!(
                "{shown}:{line}: everyone attended: read as the {} members listed at the meeting of {}",
                members.len(),
                found[j].date
            ));
            found[i].meeting.present = members;
            continue;
        }
        let nobody = m.present.is_empty()
            && m.guests.is_empty()
            && m.regrets.is_empty()
            && m.absent.is_empty();
        if !nobody || m.cancelled {
            continue;
        }
        let line = m.line;
        let members = nearest_members(found, &listed, date, line);
        let whom = match &members {
            Some((j, v)) => format!(
                "the {} members listed at the meeting of {} written unticked",
                v.len(),
                found[*j].date
            ),
            None => "nobody written".to_string(),
        };
        messages.push(format!(
            "{shown}:{line}: the meeting of {date} records no attendance: attendance unknown ({whom}), not counted as anyone's absence"
        ));
        found[i].meeting.unknown = members.map(|(_, v)| v).unwrap_or_default();
    }
}

fn series_roster(found: &[Found], out: &mut Import) -> Roster {
    let mut roster = Roster::default();
    for f in found {
        let m = &f.meeting;
        for p in m
            .present
            .iter()
            .chain(&m.absent)
            .chain(&m.regrets)
            .chain(&m.guests)
            .chain(m.moderator.iter())
            .chain(m.notetaker.iter())
        {
            roster.add(p);
        }
    }
    roster.settle();
    handles::adopt(found.iter().map(|f| &f.meeting), &mut roster);
    roster.speakers = found
        .iter()
        .flat_map(|f| f.meeting.speakers.iter().cloned())
        .collect();
    out.merged = roster.merge_misspelt(&together(found, &roster));
    for (kept, other) in roster.merge_first_names(&together(found, &roster)) {
        out.messages.push(format!(
            "\"{other}\" and \"{kept}\" taken as one person, {kept}: the handle holds the first name, or both go by the same short name with the same last name, and they are never in one meeting"
        ));
    }
    roster
}

/// The cadence the series has now: `--cadence`, else the median of the last few gaps.
fn series_cadence(found: &[Found], opts: &Options) -> Option<String> {
    // A cancelled meeting was on the schedule: its date counts (every two weeks with one
    // cancelled is still every two weeks, not a four-week gap).
    let scheduled: Vec<NaiveDate> = found.iter().map(|f| f.date).collect();
    // The cadence the series has now: the median of the last few gaps.
    let recent = &scheduled[scheduled.len().saturating_sub(5)..];
    opts.cadence.clone().or_else(|| {
        median_gap(recent).map(|d| {
            if d % 7 == 0 {
                format!("{}w", d / 7)
            } else {
                format!("{d}d")
            }
        })
    })
}

/// One title for the series: `--title`, else the commonest title of its meetings without
/// their dates, else the files' names without dates, else their folder's name.
fn title_of_series(
    files: &[(String, String)],
    found: &[Found],
    headers: &[Header],
    opts: &Options,
) -> Option<String> {
    // One title for the series: `--title`, else the commonest title of its meetings
    // without their dates.
    let series = opts.title.clone().or_else(|| {
        // A cancelled meeting's heading says why, not what the series is.
        sections::series_title(
            found
                .iter()
                .filter(|f| !f.meeting.cancelled)
                .filter_map(|f| {
                    headers
                        .get(f.file)
                        .and_then(|h| h.title.as_deref())
                        .or(f.meeting.title.as_deref())
                }),
        )
    });
    // Titles that are only dates: the files' names without their dates, or their folder's.
    let series = series.or_else(|| {
        let stems = files.iter().map(|(n, _)| {
            std::path::Path::new(n)
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
                .unwrap_or_default()
        });
        let stems: Vec<String> = stems.collect();
        sections::commonest_title(stems.iter().map(String::as_str))
            .filter(|(_, n)| n * 2 >= files.len())
            .map(|(t, _)| t)
            .or_else(|| {
                files.first().and_then(|(n, _)| {
                    let parent = std::path::Path::new(n).parent()?.file_name()?;
                    let p = parent.to_string_lossy().to_string();
                    (!p.is_empty() && p != ".").then_some(p)
                })
            })
    });
    series
}

/// What the user is told about one meeting: its notes, lists not read, lines kept as text.
fn report_meeting(messages: &mut Vec<String>, shown: &str, m: &RawMeeting) {
    for (n, note) in &m.notes {
        messages.push(format!("{shown}:{n}: {note}"));
    }
    for (n, why) in &m.unread {
        messages.push(format!("{shown}:{n}: {why}"));
    }
    for (n, t) in m
        .kept
        .iter()
        .filter(|(n, _)| !m.unread.iter().any(|u| u.0 == *n))
    {
        messages.push(format!("{shown}:{n}: kept as text: {}", short(t)));
    }
}

/// People per file, and the messages in file order then line order (linear in both).
fn finish(out: &mut Import, files: &[(String, String)]) {
    let mut people: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        std::collections::HashMap::new();
    for m in &out.minutes {
        if let Some(i) = &m.imported {
            people
                .entry(i.source.as_str())
                .or_default()
                .extend(m.attendance.iter().map(|a| a.name.as_str()));
        }
    }
    for s in &mut out.summaries {
        s.people = people.get(s.file.as_str()).map_or(0, |p| p.len());
    }
    let order: std::collections::HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.as_str(), i))
        .collect();
    out.messages.sort_by_cached_key(|msg| {
        // The file is the longest prefix before a ':' that names one.
        let at = msg
            .match_indices(':')
            .filter_map(|(i, _)| order.get(&msg[..i]).map(|f| (i, *f)))
            .next_back();
        let line: usize = at
            .and_then(|(i, _)| msg[i + 1..].split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        (at.map(|(_, f)| f), line)
    });
}

/// Files of one meeting whose heading's date differs from the date in the file's name:
/// said, always. When the file names are each a different date (a series named by date)
/// and the heading's date is out of their order or another file's, the heading is the
/// typo and the file's name the date; else the heading wins (file names copied from a
/// template say nothing).
fn settle_file_dates(
    files: &[(String, String)],
    docs: &mut [Document],
    messages: &mut Vec<String>,
) {
    let named: Vec<Option<NaiveDate>> = files
        .iter()
        .map(|(n, _)| dates::find_date(&file_stem(n)))
        .collect();
    let mut sorted: Vec<NaiveDate> = named.iter().flatten().copied().collect();
    sorted.sort_unstable();
    let distinct = sorted.windows(2).all(|w| w[0] != w[1]) && sorted.len() == files.len();
    for (i, doc) in docs.iter_mut().enumerate() {
        let [m] = doc.meetings.as_mut_slice() else {
            continue;
        };
        let (Some(h), Some(f)) = (m.date, named[i]) else {
            continue;
        };
        if h == f {
            continue;
        }
        let k = sorted.partition_point(|d| *d < f);
        let before = k.checked_sub(1).and_then(|j| sorted.get(j));
        let after = sorted.get(k + 1);
        let in_order = before.is_none_or(|b| *b < h) && after.is_none_or(|a| h < *a);
        let taken = sorted.binary_search(&h).is_ok();
        let shown = &files[i].0;
        if distinct && (!in_order || taken) {
            messages.push(format!(
                "{shown}:{}: the heading says {h}, the file name {f}; {h} is out of order with the other files' dates: dated {f}",
                m.line.max(1)
            ));
            m.date = Some(f);
        } else {
            messages.push(format!(
                "{shown}:{}: the heading says {h}, the file name {f}: dated {h} (the heading)",
                m.line.max(1)
            ));
        }
    }
}

/// Items that come back in at least half of the meetings (two at least) are the series'
/// standing items: the next agenda carries them even when each was covered.
fn mark_recurring_items(minutes: &mut [Minutes]) {
    if minutes.len() < 2 {
        return;
    }
    let key = |t: &str| sections::words_of(t);
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for m in minutes.iter() {
        let mut seen: Vec<String> = m.items.iter().map(|i| key(&i.title)).collect();
        seen.sort_unstable();
        seen.dedup();
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let needed = minutes.len().div_ceil(2).max(2);
    for m in minutes.iter_mut() {
        for i in &mut m.items {
            if counts.get(&key(&i.title)).is_some_and(|n| *n >= needed) {
                i.standing = true;
            }
        }
    }
}

/// "Viktor Hale, Lena Fischer" in a list of people reads as a name and an affiliation, as
/// "Viktor Hale, Acme" would. When that affiliation is the whole name of someone the series
/// lists as a person (in any meeting), it is that person, listed beside the first with the
/// same standing; said with FILE:LINE.
fn people_written_as_affiliations(
    files: &[(String, String)],
    found: &mut [Found],
    messages: &mut Vec<String>,
) {
    // Compared as the roster compares names (case and accents aside).
    let key = |n: &str| crate::meeting::fold(n.trim());
    let names: std::collections::HashSet<String> = found
        .iter()
        .flat_map(|f| {
            let m = &f.meeting;
            m.present
                .iter()
                .chain(&m.regrets)
                .chain(&m.guests)
                .chain(&m.absent)
        })
        .filter(|p| p.name.split_whitespace().count() >= 2)
        .map(|p| key(&p.name))
        .collect();
    for f in found.iter_mut() {
        let shown = &files[f.file].0;
        let m = &mut f.meeting;
        for list in [&mut m.present, &mut m.regrets, &mut m.guests, &mut m.absent] {
            let mut split = Vec::new();
            for p in list.iter_mut() {
                let Some(other) = p.affiliation.clone() else {
                    continue;
                };
                if names.contains(&key(&other)) && key(&other) != key(&p.name) {
                    p.affiliation = None;
                    messages.push(format!(
                        "{shown}:{}: \"{}, {other}\" read as two people ({other} is listed as a person in the series)",
                        p.line, p.name
                    ));
                    split.push(people::Mention {
                        name: other.trim().to_string(),
                        line: p.line,
                        ..people::Mention::default()
                    });
                }
            }
            let known: std::collections::HashSet<String> =
                list.iter().map(|p| key(&p.name)).collect();
            list.extend(split.into_iter().filter(|p| !known.contains(&key(&p.name))));
        }
    }
}

/// A meeting without people whose text says it did not take place: in its few lines, or
/// in a short paragraph of its own that is about the meeting ("**Meeting cancelled due to
/// empty agenda.**", "Call cancelled", "Cancelled: holiday") however long the rest.
fn says_cancelled_in_body(m: &RawMeeting) -> bool {
    let about_the_meeting = |t: &str| {
        let w = sections::words_of(t);
        let words: Vec<&str> = w.split_whitespace().collect();
        // "Cancel the meeting of 2 January" asks for another meeting to be cancelled.
        words.len() <= 12
            && sections::says_cancelled(t)
            && !words.contains(&"cancel")
            && (words.first().is_some_and(|x| x.starts_with("cancel"))
                || words
                    .iter()
                    .take(3)
                    .any(|x| matches!(*x, "meeting" | "call" | "session" | "sync" | "today")))
    };
    if m.kept.iter().any(|(_, t)| about_the_meeting(t)) {
        return true;
    }
    let texts = m
        .kept
        .iter()
        .map(|(_, t)| t.as_str())
        .chain(m.recap.iter().map(String::as_str))
        .chain(m.remarks.iter().map(|(_, t)| t.as_str()))
        .chain(m.items.iter().flat_map(|i| {
            std::iter::once(i.title.as_str()).chain(i.notes.iter().map(String::as_str))
        }));
    let mut n = 0;
    let mut said = false;
    for t in texts {
        n += 1;
        said |= sections::says_cancelled(t);
    }
    said && n <= 6
}

fn median_gap(dates: &[NaiveDate]) -> Option<u32> {
    let mut d: Vec<NaiveDate> = dates.to_vec();
    d.sort_unstable();
    d.dedup();
    let mut gaps: Vec<i64> = d.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let g = gaps[gaps.len() / 2];
    (1..=366).contains(&g).then_some(g as u32)
}

/// The gap between the known meeting nearest to an undated one and that meeting's other
/// neighbour: the cadence the series had at that time.
fn local_gap(known: &[NaiveDate], a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<u32> {
    let mut d: Vec<NaiveDate> = known.to_vec();
    d.sort_unstable();
    let (older, newer) = match (a, b) {
        (Some(x), Some(y)) if x < y => (Some(x), Some(y)),
        (Some(x), Some(y)) => (Some(y), Some(x)),
        (x, y) => (x.or(y), None),
    };
    let pick = |day: NaiveDate, before: bool| {
        let i = d.iter().position(|x| *x == day)?;
        let other = if before {
            d.get(i.checked_sub(1)?)
        } else {
            d.get(i + 1)
        }?;
        u32::try_from((day - *other).num_days().abs()).ok()
    };
    older
        .and_then(|o| pick(o, true))
        .or_else(|| newer.and_then(|n| pick(n, false)))
        .filter(|g| (1..=366).contains(g))
}

/// A date for a meeting between two others (newest first or oldest first): one cadence from
/// the later one, if that falls between them; else halfway.
fn infer_date(a: Option<NaiveDate>, b: Option<NaiveDate>, gap: u32) -> Option<NaiveDate> {
    let gap = chrono::Duration::days(i64::from(gap));
    match (a, b) {
        (Some(x), Some(y)) => {
            let (older, newer) = if x < y { (x, y) } else { (y, x) };
            let guess = newer - gap;
            if guess > older {
                Some(guess)
            } else {
                Some(older + (newer - older) / 2)
            }
        }
        (Some(x), None) | (None, Some(x)) => Some(x - gap),
        (None, None) => None,
    }
}

/// The first meeting heading of a running document written by hand: a heading (Markdown or
/// HTML) with a date, below the document's title. Returns its byte offset, its line (from
/// 1) and the date. Headings about the next meeting are not meetings.
pub fn first_meeting_heading(doc: &str) -> Option<(usize, usize, NaiveDate)> {
    let mut offset = 0;
    let mut seen_content = false;
    for (i, line) in doc.split_inclusive('\n').enumerate() {
        let here = offset;
        offset += line.len();
        let lines = markdown::lines(line);
        let Some(l) = lines.first() else { continue };
        let first = !seen_content;
        if !matches!(l.kind, markdown::Kind::Blank) {
            seen_content = true;
        }
        if let markdown::Kind::Heading(level) = l.kind {
            let w = l.text.to_lowercase();
            if (level == 1 && first) || w.contains("next meeting") {
                continue;
            }
            if let Some(d) = dates::find_date(&l.text) {
                return Some((here, i + 1, d));
            }
        }
    }
    None
}
