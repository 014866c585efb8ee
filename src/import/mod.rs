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
pub mod dates;
mod lines;
pub mod markdown;
pub mod people;
pub mod reports;
pub mod write;

use crate::minutes::{
    ActionRecord, AttendeeRecord, EntryRecord, Imported, InfoLine, ItemRecord, Minutes,
    NextMeeting, QuorumRecord, ReviewRecord, SourcePart, SCHEMA,
};
use crate::text::clean_line;
use actions::{parse_action, same_action, ParsedAction};
use chrono::NaiveDate;
use markdown::{read_document, Document, RawMeeting};
use people::{Mention, Roster};

/// The owner written for an action whose minutes name nobody (an agenda needs one).
pub const UNASSIGNED: &str = "unassigned";

/// What `gavel import` was asked for, beyond the files.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The series' cadence ("2w"), when the dates do not tell it (one meeting).
    pub cadence: Option<String>,
    /// The meetings' title, when the documents' own is not the one wanted.
    pub title: Option<String>,
}

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
}

struct Found {
    file: usize,
    meeting: RawMeeting,
    date: NaiveDate,
    inferred: bool,
}

fn short(text: &str) -> String {
    let t = clean_line(text);
    let t = t.trim();
    if t.chars().count() > 100 {
        format!("{}…", t.chars().take(99).collect::<String>())
    } else {
        t.to_string()
    }
}

/// Reads every document (`(shown name, text)`) and builds the minutes of each meeting.
pub fn import_texts(files: &[(String, String)], opts: &Options) -> Import {
    let docs: Vec<Document> = files
        .iter()
        .map(|(name, text)| read_document(text, dates::find_date(&file_stem(name))))
        .collect();
    let mut out = Import::default();
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
            let m = &doc.meetings[k];
            let nothing = m.present.is_empty()
                && m.regrets.is_empty()
                && m.guests.is_empty()
                && m.absent.is_empty()
                && m.actions.is_empty()
                && m.review.is_empty()
                && !m.cancelled;
            if count == 1 && nothing {
                out.messages.push(format!(
                    "{shown}:1: no meeting recognised (no attendance and no actions); nothing imported from this file"
                ));
                continue;
            }
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
                            out.messages.push(format!(
                                "{shown}:{}: no meeting date found (write one in a heading or a `Date:` line, or in the file name); nothing imported from this file",
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
    // The roster of the whole series.
    let mut roster = Roster::default();
    for f in &found {
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

    found.sort_by_key(|f| f.date);
    let held: Vec<NaiveDate> = found
        .iter()
        .filter(|f| !f.meeting.cancelled)
        .map(|f| f.date)
        .collect();
    // The cadence the series has now: the median of the last few gaps.
    let recent = &held[held.len().saturating_sub(5)..];
    let cadence = opts.cadence.clone().or_else(|| {
        median_gap(recent).map(|d| {
            if d % 7 == 0 {
                format!("{}w", d / 7)
            } else {
                format!("{d}d")
            }
        })
    });

    let mut open: Vec<Open> = Vec::new();
    for f in found {
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
        for (n, t) in &m.kept {
            out.messages
                .push(format!("{shown}:{n}: kept as text: {}", short(t)));
        }
        let minutes = build(
            &m, f.date, f.inferred, &shown, &header, &roster, &cadence, opts, &mut open,
        );
        let s = &mut out.summaries[summary_at];
        s.meetings += 1;
        s.actions += m.actions.len() + m.review.len();
        s.items += minutes.items.len();
        s.kept += m.kept.len();
        out.minutes.push(minutes);
    }
    // People per file: distinct names in its meetings.
    for s in &mut out.summaries {
        let mut names: Vec<&str> = out
            .minutes
            .iter()
            .filter(|m| m.imported.as_ref().is_some_and(|i| i.source == s.file))
            .flat_map(|m| m.attendance.iter().map(|a| a.name.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        s.people = names.len();
    }
    out.roster = roster;
    let order: Vec<&String> = files.iter().map(|(n, _)| n).collect();
    out.messages.sort_by_key(|msg| {
        let file = order
            .iter()
            .position(|n| msg.starts_with(n.as_str()) && msg[n.len()..].starts_with(':'));
        let line: usize = file
            .and_then(|f| msg[order[f].len() + 1..].split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        (file, line)
    });
    out
}

/// The standing header of one file.
#[derive(Debug, Clone, Default)]
struct Header {
    title: Option<String>,
    info: Vec<(String, String)>,
    time: Option<String>,
    timezone: Option<String>,
}

fn file_stem(name: &str) -> String {
    std::path::Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().replace(['_', '.'], " "))
        .unwrap_or_default()
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

/// An action open between meetings.
#[derive(Debug, Clone)]
struct Open {
    owners: Vec<String>,
    text: String,
    due: Option<NaiveDate>,
    from: Option<NaiveDate>,
    carried: u32,
}

fn owners_or_unassigned(a: &ParsedAction) -> (Vec<String>, Vec<String>) {
    if a.owners.is_empty() {
        (vec![UNASSIGNED.to_string()], vec![UNASSIGNED.to_string()])
    } else {
        (a.owners.clone(), a.unknown_owners.clone())
    }
}

fn canonical(roster: &Roster, name: &str) -> String {
    roster
        .resolve(name)
        .map_or_else(|| clean_line(name), |p| p.name.clone())
}

#[allow(clippy::too_many_arguments)]
fn build(
    m: &RawMeeting,
    date: NaiveDate,
    inferred: bool,
    shown: &str,
    header: &Header,
    roster: &Roster,
    cadence: &Option<String>,
    opts: &Options,
    open: &mut Vec<Open>,
) -> Minutes {
    // Attendance: present, regrets, absent, guests; one line per person, the first that
    // names them winning (a blank in the table and a name under "Regrets" is regrets).
    let mut attendance: Vec<AttendeeRecord> = Vec::new();
    let groups: [(&[Mention], &str, bool); 4] = [
        (&m.present, "present", false),
        (&m.regrets, "regrets", false),
        (&m.absent, "absent", false),
        (&m.guests, "present", true),
    ];
    for (list, status, guest) in groups {
        for p in list {
            let name = canonical(roster, &p.name);
            if attendance.iter().any(|a| a.name == name) {
                continue;
            }
            let person = roster.resolve(&p.name);
            let late = p.remark.as_deref().is_some_and(|r| {
                r.to_lowercase().contains("joined") || r.to_lowercase().contains("late")
            });
            attendance.push(AttendeeRecord {
                name,
                affiliation: p
                    .affiliation
                    .clone()
                    .or_else(|| person.and_then(|x| x.affiliation.clone()))
                    .map(|a| clean_line(&a)),
                role: p
                    .role
                    .clone()
                    .or_else(|| person.and_then(|x| x.role.clone()))
                    .map_or_else(|| "member".to_string(), |r| clean_line(&r)),
                votes: !guest,
                alternate_for: None,
                guest,
                status: status.to_string(),
                joined: None,
                joined_late: late,
                left: None,
            });
        }
    }

    // Actions: reviews of open ones, new ones, and those closed in this very meeting.
    let mut mentioned: Vec<Option<&'static str>> = vec![None; open.len()];
    let mut extra_review: Vec<ReviewRecord> = Vec::new();
    let mut new_actions: Vec<ActionRecord> = Vec::new();
    let mut details: Vec<SourcePart> = Vec::new();
    let mut new_open: Vec<Open> = Vec::new();
    // The line each new action was read from: the same action in another part of the
    // minutes (under its item and again in the next steps) is one action; written twice in
    // one list, it is two.
    let mut new_action_lines: Vec<usize> = Vec::new();
    let action_lines: std::collections::HashSet<usize> = m.actions.iter().map(|a| a.line).collect();
    let in_one_list = |from: usize, to: usize| (from + 1..to).all(|l| action_lines.contains(&l));
    let find_open = |open: &[Open], a: &ParsedAction, raw: &str| {
        open.iter()
            .position(|o| same_action(&o.text, &a.text) || same_action(&o.text, raw))
    };
    for (is_review, list) in [(true, &m.review), (false, &m.actions)] {
        for raw in list {
            let a = parse_action(&raw.text, raw.check, roster);
            if a.text.is_empty() {
                continue;
            }
            let matched = find_open(open, &a, &raw.text);
            if raw.depth > 0 && !a.has_owner && matched.is_none() {
                details.push(SourcePart {
                    line: raw.line,
                    text: format!("detail of an action: {}", clean_line(&raw.text)),
                });
                continue;
            }
            if let Some(i) = matched {
                let s = a.status.unwrap_or("ongoing");
                mentioned[i] = Some(match mentioned[i] {
                    Some("done") => "done",
                    _ => s,
                });
                continue;
            }
            let (owners, unknown) = owners_or_unassigned(&a);
            let _ = &unknown;
            let closed = matches!(a.status, Some("done" | "dropped"));
            if is_review || closed {
                extra_review.push(ReviewRecord {
                    number: 0,
                    owners: owners.clone(),
                    text: a.text.clone(),
                    due: a.due,
                    from: if is_review { a.from } else { Some(date) },
                    status: Some(a.status.unwrap_or("ongoing").to_string()),
                    carried: u32::from(!closed),
                });
                if !closed && !new_open.iter().any(|o| same_action(&o.text, &a.text)) {
                    new_open.push(Open {
                        owners,
                        text: a.text,
                        due: a.due,
                        from: a.from,
                        carried: 1,
                    });
                }
            } else if !new_actions
                .iter()
                .zip(&new_action_lines)
                .any(|(x, &line)| same_action(&x.text, &a.text) && !in_one_list(line, raw.line))
            {
                new_action_lines.push(raw.line);
                new_actions.push(ActionRecord {
                    owners: owners.clone(),
                    unknown_owners: unknown.clone(),
                    text: a.text.clone(),
                    due: a.due,
                    item: None,
                    private: false,
                    by: None,
                });
                new_open.push(Open {
                    owners,
                    text: a.text,
                    due: a.due,
                    from: Some(date),
                    carried: 0,
                });
            }
        }
    }
    let reviewed_here = !m.review.is_empty();
    let mut review = Vec::new();
    let mut still = Vec::new();
    for (o, said) in open.drain(..).zip(mentioned) {
        let status = match said {
            Some(s) => Some(s),
            // A list of old actions that no longer names an action: taken as closed.
            None if reviewed_here => Some("dropped"),
            None => None,
        };
        let closed = matches!(status, Some("done" | "dropped"));
        review.push(ReviewRecord {
            number: 0,
            owners: o.owners.clone(),
            text: o.text.clone(),
            due: o.due,
            from: o.from,
            status: status.map(str::to_string),
            carried: o.carried + u32::from(!closed),
        });
        if !closed {
            still.push(Open {
                carried: o.carried + 1,
                ..o
            });
        }
    }
    review.extend(extra_review);
    for (i, r) in review.iter_mut().enumerate() {
        r.number = i + 1;
    }
    still.extend(new_open);
    *open = still;

    // Items.
    let items: Vec<ItemRecord> = m
        .items
        .iter()
        .filter(|i| !i.title.trim().is_empty())
        .enumerate()
        .map(|(n, i)| {
            let mut entries: Vec<EntryRecord> = i
                .notes
                .iter()
                .map(|t| EntryRecord::Note {
                    text: clean_line(t),
                    time: String::new(),
                    private: false,
                    by: None,
                })
                .collect();
            entries.extend(i.outcomes.iter().map(|t| EntryRecord::Outcome {
                text: clean_line(t),
                time: String::new(),
                private: false,
                by: None,
            }));
            ItemRecord {
                number: n + 1,
                title: clean_line(&i.title),
                presenter: i.presenter.as_deref().map(|p| canonical(roster, p)),
                kind: "discussion".into(),
                status: if i.covered { "done" } else { "deferred" }.into(),
                covered: i.covered,
                added: false,
                used_seconds: 0,
                timebox_seconds: 600,
                planned_seconds: 600,
                background: (!i.background.is_empty()).then(|| clean_line(&i.background.join(" "))),
                agenda_links: Vec::new(),
                entries,
                speakers: Vec::new(),
                queued_not_heard: Vec::new(),
                standing: false,
                fixed: false,
                speaker_limit_seconds: None,
            }
        })
        .collect();

    let present_members = attendance
        .iter()
        .filter(|a| !a.guest && a.status == "present")
        .count() as u32;
    let start = header.time.clone().unwrap_or_else(|| "12:00".to_string());
    let title = opts
        .title
        .clone()
        .or_else(|| header.title.clone())
        .or_else(|| m.title.clone())
        .unwrap_or_else(|| file_stem(shown));
    let link = header
        .info
        .iter()
        .filter(|(k, _)| k.to_lowercase().contains("link"))
        .flat_map(|(_, v)| v.split_whitespace())
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .map(str::to_string);
    let mut remarks: Vec<SourcePart> = m
        .remarks
        .iter()
        .map(|(line, text)| SourcePart {
            line: *line,
            text: clean_line(text),
        })
        .collect();
    remarks.extend(details);
    Minutes {
        schema: SCHEMA.to_string(),
        title: clean_line(&title),
        series: None,
        date,
        timezone: header.timezone.clone().unwrap_or_else(|| "UTC".into()),
        zones: Vec::new(),
        state: "ended".into(),
        scheduled_start: start.clone(),
        started: None,
        ended: None,
        planned_minutes: 60,
        actual_minutes: None,
        paused_minutes: 0,
        moderator: m.moderator.as_ref().map(|p| canonical(roster, &p.name)),
        notetaker: m.notetaker.as_ref().map(|p| canonical(roster, &p.name)),
        link,
        cadence: cadence.clone(),
        info: header
            .info
            .iter()
            .map(|(k, v)| InfoLine {
                key: clean_line(k),
                value: clean_line(v),
            })
            .collect(),
        attendance,
        quorum: m.quorum.map(|(members, needed)| QuorumRecord {
            present: present_members,
            needed,
            members,
            met: present_members >= needed,
            alternates_counted: true,
            changes: Vec::new(),
        }),
        recap: (!m.recap.is_empty()).then(|| clean_line(&m.recap.join(" "))),
        actions: new_actions,
        items,
        review,
        next_meeting: m.next_meeting.map(|d| NextMeeting { date: d, start }),
        speaking_time: Vec::new(),
        approved_previous: false,
        vote_rule: None,
        speaker_limit_seconds: None,
        approved: None,
        imported: Some(Imported {
            source: shown.to_string(),
            line: m.line.max(1),
            parts: m
                .parts
                .iter()
                .filter(|(_, t)| !t.is_empty())
                .map(|(line, text)| SourcePart {
                    line: *line,
                    text: text.clone(),
                })
                .collect(),
            kept: m
                .kept
                .iter()
                .map(|(line, text)| SourcePart {
                    line: *line,
                    text: clean_line(text),
                })
                .collect(),
            remarks,
            date_inferred: inferred,
        }),
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
