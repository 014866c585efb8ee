//! One meeting read from past minutes built into gavel's record: its attendance, its
//! actions (new, reviewed, carried from the meetings before), its items.

use super::actions::{parse_action, same_action, ParsedAction};
use super::open::OpenActions;
use super::people::Mention;
use super::raw::{file_stem, short, Header, Options, RawMeeting, UNASSIGNED};
use super::roster::Roster;
use crate::meeting::{Note, Outcome};
use crate::minutes::{
    ActionRecord, AttendeeRecord, BallotRecord, DecisionRecord, EntryRecord, Imported, InfoLine,
    ItemRecord, Minutes, NextMeeting, QuorumRecord, ReviewRecord, SourcePart, SCHEMA,
};
use crate::text::clean_line;
use chrono::NaiveDate;

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
pub(super) fn build(
    m: &RawMeeting,
    date: NaiveDate,
    inferred: bool,
    shown: &str,
    header: &Header,
    roster: &Roster,
    cadence: &Option<String>,
    opts: &Options,
    open: &mut OpenActions,
    last: bool,
    messages: &mut Vec<String>,
) -> Minutes {
    let attendance = attendance_of(m, roster);
    let (new_actions, review, details) = actions_of(m, date, shown, roster, open, last, messages);
    let mut items = items_of(m, roster);
    let present_members = attendance
        .iter()
        .filter(|a| !a.guest && a.status == "present")
        .count() as u32;
    let start = m
        .time
        .clone()
        .or_else(|| header.time.clone())
        .unwrap_or_else(|| "12:00".to_string());
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
        timezone: m
            .zone
            .clone()
            .or_else(|| header.timezone.clone())
            .unwrap_or_else(|| "UTC".into()),
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
        github: None,
        ref_titles: Default::default(),
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
        decisions: decisions_of(m, &start, shown, roster, &mut items, messages),
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

/// Attendance: present, regrets, absent, guests; one line per person, the first that
/// names them winning (a blank in the table and a name under "Regrets" is regrets).
fn attendance_of(m: &RawMeeting, roster: &Roster) -> Vec<AttendeeRecord> {
    let mut attendance: Vec<AttendeeRecord> = Vec::new();
    // The chair and the note taker were there, though the list of who attended may leave
    // them out ("Chair: Ann Lee", "Present: Bob Ray, Dee Fox").
    let led_by: Vec<Mention> = [&m.moderator, &m.notetaker]
        .into_iter()
        .flatten()
        .filter(|_| !m.present.is_empty())
        .cloned()
        .collect();
    let groups: [(&[Mention], &str, bool); 6] = [
        (&m.present, "present", false),
        (&m.regrets, "regrets", false),
        (&m.absent, "absent", false),
        (&m.guests, "present", true),
        // Attendance not recorded: never ticked.
        (&m.unknown, "unknown", false),
        (&led_by, "present", false),
    ];
    // Someone in a list of those not there (regrets, absent) is never present, even when
    // a list of everyone names them too.
    let not_here: std::collections::HashSet<String> = m
        .regrets
        .iter()
        .chain(&m.absent)
        .map(|p| canonical(roster, &p.name))
        .collect();
    // The names as written in this meeting's lists (not the chair's line): "Dana" beside
    // "Dan Okafor" is someone else, though the roster would take a lone first name for him.
    let written: std::collections::HashSet<String> = groups[..5]
        .iter()
        .flat_map(|g| g.0.iter())
        .map(|p| crate::meeting::fold(&p.name))
        .collect();
    for (list, status, guest) in groups {
        for p in list {
            let mut name = canonical(roster, &p.name);
            let own = crate::meeting::fold(&p.name);
            let first = |n: &str| n.split_whitespace().next().unwrap_or_default().to_string();
            let canon = crate::meeting::fold(&name);
            if own != canon && first(&own) != first(&canon) && written.contains(&canon) {
                name = clean_line(&p.name);
            }
            if attendance.iter().any(|a| a.name == name)
                || (status == "present" && not_here.contains(&name))
            {
                continue;
            }
            let person = roster.resolve(&p.name);
            let late = p.remark.as_deref().is_some_and(|r| {
                r.to_lowercase().contains("joined") || r.to_lowercase().contains("late")
            });
            let guest = guest || p.guest;
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
                alternate_for: p.alternate_for.as_deref().map(|a| canonical(roster, a)),
                guest,
                status: status.to_string(),
                joined: None,
                joined_late: late,
                left: None,
                github: p
                    .github
                    .clone()
                    .or_else(|| person.and_then(|x| x.github.clone())),
            });
        }
    }
    attendance
}

/// A line read as an action that is none: said in the notes by no one on the roster
/// (a note already, but for a line that began with names in brackets), a next step that
/// names nobody, a detail under an action. What the minutes keep of it, if anything.
fn not_an_action(
    raw: &super::raw::RawAction,
    a: &ParsedAction,
    carried: bool,
) -> Option<Option<SourcePart>> {
    let kept = |text: String| SourcePart {
        line: raw.line,
        text,
    };
    // "Ada and Kai will meet": said in the notes, an action when one of its owners at least
    // is on the roster (the other kept as written).
    let known = a.owners.len() > a.unknown_owners.len();
    if raw.from_notes && (!a.has_owner || !known) {
        return Some(super::actions::owner_bracket(&raw.text).then(|| kept(clean_line(&raw.text))));
    }
    if raw.soft && !a.has_owner && raw.check.is_none() && !carried {
        return Some(Some(kept(format!("next step: {}", clean_line(&raw.text)))));
    }
    if raw.depth > 0 && !a.has_owner && !carried {
        return Some(Some(kept(format!(
            "detail of an action: {}",
            clean_line(&raw.text)
        ))));
    }
    None
}

/// Actions: reviews of open ones, new ones, and those closed in this very meeting. Returns
/// the new actions, the review, and the details kept as remarks; `open` is carried on.
///
/// The review holds what the secretary wrote of old actions (and, under a list of old
/// actions that no longer names one, that it was dropped): never a list nobody reviewed,
/// which would grow with every meeting. The `last` meeting lists every action still open,
/// unreviewed, so that its next agenda carries them.
fn actions_of(
    m: &RawMeeting,
    date: NaiveDate,
    shown: &str,
    roster: &Roster,
    open: &mut OpenActions,
    last: bool,
    messages: &mut Vec<String>,
) -> (Vec<ActionRecord>, Vec<ReviewRecord>, Vec<SourcePart>) {
    open.begin_meeting();
    let mut mentioned: std::collections::BTreeMap<usize, &'static str> = Default::default();
    let mut extra_review: Vec<ReviewRecord> = Vec::new();
    let mut new_actions: Vec<ActionRecord> = Vec::new();
    let mut details: Vec<SourcePart> = Vec::new();
    let mut new_open: Vec<ReviewRecord> = Vec::new();
    // The line each new action was read from: the same action in another part of the
    // minutes (under its item and again in the next steps) is one action; written twice in
    // one list, it is two.
    // Said in the notes: "Kai will look into it" under two items is two actions.
    let mut new_action_lines: Vec<(usize, bool)> = Vec::new();
    let action_lines: std::collections::HashSet<usize> = m.actions.iter().map(|a| a.line).collect();
    let in_one_list = |from: usize, to: usize| (from + 1..to).all(|l| action_lines.contains(&l));
    for (is_review, list) in [(true, &m.review), (false, &m.actions)] {
        for raw in list {
            let a = parse_action(&raw.text, raw.check, roster);
            // "…", "...", "—": a placeholder of a template, no action.
            if !a.text.chars().any(char::is_alphanumeric) || super::actions::says_none(&raw.text) {
                continue;
            }
            let matched = open.find(&[&a.text, &raw.text]);
            if let Some(kept) = not_an_action(raw, &a, matched.is_some()) {
                details.extend(kept);
                continue;
            }
            if let Some(i) = matched {
                // Restated with owners: the owners written now (the action changed hands).
                if let Some(o) = open
                    .get_mut(i)
                    .filter(|_| a.has_owner && !a.owners.is_empty())
                {
                    o.owners = a.owners.clone();
                }
                let s = a.status.unwrap_or("ongoing");
                let said = mentioned.entry(i).or_insert(s);
                if *said != "done" {
                    *said = s;
                }
                continue;
            }
            let (owners, unknown) = owners_or_unassigned(&a);
            say_unassigned(&a, shown, raw.line, &raw.text, messages);
            let closed = matches!(a.status, Some("done" | "dropped"));
            if is_review || closed {
                let record = ReviewRecord {
                    number: 0,
                    owners,
                    text: a.text,
                    due: a.due,
                    from: if is_review { a.from } else { Some(date) },
                    status: Some(a.status.unwrap_or("ongoing").to_string()),
                    carried: u32::from(!closed),
                };
                if !closed && !new_open.iter().any(|o| same_action(&o.text, &record.text)) {
                    new_open.push(ReviewRecord {
                        from: a.from,
                        ..record.clone()
                    });
                }
                extra_review.push(record);
            } else if !new_actions
                .iter()
                .zip(&new_action_lines)
                .any(|(x, &(line, notes))| {
                    same_action(&x.text, &a.text)
                        && !in_one_list(line, raw.line)
                        && !(notes && raw.from_notes)
                })
            {
                new_action_lines.push((raw.line, raw.from_notes));
                new_open.push(ReviewRecord {
                    number: 0,
                    owners: owners.clone(),
                    text: a.text.clone(),
                    due: a.due,
                    from: Some(date),
                    status: None,
                    carried: 0,
                });
                new_actions.push(ActionRecord {
                    owners,
                    unknown_owners: unknown,
                    text: a.text,
                    due: a.due,
                    item: None,
                    private: false,
                    by: None,
                });
            }
        }
    }
    let mut review = review_of_open(open, &mentioned, !m.review.is_empty(), last);
    review.extend(extra_review);
    for (i, r) in review.iter_mut().enumerate() {
        r.number = i + 1;
    }
    for o in new_open {
        open.open(o.owners, o.text, o.due, o.from, o.carried);
    }
    (new_actions, review, details)
}

/// The old actions this meeting's review lists, closing those done or dropped: those the
/// minutes `mentioned`; under a list of old actions (`reviewed_here`), every other one as
/// dropped; at the `last` meeting, every other one as not reviewed.
fn review_of_open(
    open: &mut OpenActions,
    mentioned: &std::collections::BTreeMap<usize, &'static str>,
    reviewed_here: bool,
    last: bool,
) -> Vec<ReviewRecord> {
    let slots = if reviewed_here || last {
        open.slots()
    } else {
        mentioned.keys().copied().collect()
    };
    let mut review = Vec::new();
    for slot in slots {
        let status = match mentioned.get(&slot) {
            Some(s) => Some(*s),
            // A list of old actions that no longer names an action: taken as closed.
            None if reviewed_here => Some("dropped"),
            None => None,
        };
        let closed = matches!(status, Some("done" | "dropped"));
        let carried = open.carried(slot);
        let Some(o) = open.get(slot) else { continue };
        review.push(ReviewRecord {
            number: 0,
            owners: o.owners.clone(),
            text: o.text.clone(),
            due: o.due,
            from: o.from,
            status: status.map(str::to_string),
            carried: carried + u32::from(!closed),
        });
        if closed {
            open.close(slot);
        }
    }
    review
}

/// An action read with no owner, or a group's: said with FILE:LINE.
fn say_unassigned(
    a: &ParsedAction,
    shown: &str,
    line: usize,
    text: &str,
    messages: &mut Vec<String>,
) {
    if a.has_owner && a.owners.is_empty() {
        messages.push(format!(
            "{shown}:{line}: action for a group, not a person (written unassigned): {}",
            short(text)
        ));
    } else if !a.has_owner {
        messages.push(format!(
            "{shown}:{line}: action with no owner recognised (no roster name, first name or @handle before a dash or colon, after the text, or before \"will\"/\"to\"): {}",
            short(text)
        ));
    }
}

/// The motions read in the notes as the minutes' decisions, each with its entry under its
/// item; names matched against the roster, one not on it kept as written and said.
fn decisions_of(
    m: &RawMeeting,
    start: &str,
    shown: &str,
    roster: &Roster,
    items: &mut [ItemRecord],
    messages: &mut Vec<String>,
) -> Vec<DecisionRecord> {
    let time = if chrono::NaiveTime::parse_from_str(start, "%H:%M").is_ok() && start.len() == 5 {
        start.to_string()
    } else {
        "12:00".to_string()
    };
    // The number each raw item has among the items written (those with a title).
    let numbers: Vec<Option<usize>> = m
        .items
        .iter()
        .scan(0, |n, i| {
            Some((!i.title.trim().is_empty()).then(|| {
                *n += 1;
                *n
            }))
        })
        .collect();
    let name = |who: &Option<String>, what: &str, line: usize, messages: &mut Vec<String>| {
        who.as_deref().map(|w| match roster.resolve(w) {
            Some(p) => p.name.clone(),
            None => {
                let w = clean_line(w);
                messages.push(format!(
                    "{shown}:{line}: the {what} {w} is not on the roster; kept as written"
                ));
                w
            }
        })
    };
    let mut out = Vec::new();
    for mo in &m.motions {
        let item = mo.item.and_then(|i| numbers.get(i).copied().flatten());
        let mover = name(&mo.mover, "mover", mo.line, messages);
        let seconder = name(&mo.seconder, "seconder", mo.line, messages);
        let ballots = mo
            .ballots
            .iter()
            .map(|(who, vote, line)| BallotRecord {
                name: name(&Some(who.clone()), "voter", *line, messages).unwrap_or_default(),
                vote: vote.clone(),
            })
            .collect();
        if mo.result == "open" {
            let why = if mo.tabled {
                "tabled"
            } else {
                "no result read"
            };
            messages.push(format!(
                "{shown}:{}: motion recorded as open ({why}): {}",
                mo.line,
                short(&mo.text)
            ));
        }
        if let Some(n) = item {
            if let Some(it) = items.iter_mut().find(|i| i.number == n) {
                it.entries.push(EntryRecord::Motion {
                    motion: out.len(),
                    time: time.clone(),
                    by: None,
                });
            }
        }
        out.push(DecisionRecord {
            item,
            text: clean_line(&mo.text),
            amended_from: Vec::new(),
            mover,
            seconder,
            time: time.clone(),
            decided_by: mo.decided_by.clone(),
            result: mo.result.clone(),
            decided_at: (mo.result != "open").then(|| time.clone()),
            counts: mo.counts,
            present: None,
            quorum: None,
            rule: None,
            ballots,
            by: None,
        });
    }
    out
}

/// The meeting's items, with their notes and outcomes.
fn items_of(m: &RawMeeting, roster: &Roster) -> Vec<ItemRecord> {
    m.items
        .iter()
        .filter(|i| !i.title.trim().is_empty())
        .enumerate()
        .map(|(n, i)| {
            let mut entries: Vec<EntryRecord> = i
                .notes
                .iter()
                .map(|t| EntryRecord::Note {
                    note: Note {
                        text: clean_line(t),
                        private: false,
                    },
                    time: String::new(),
                    by: None,
                })
                .collect();
            entries.extend(i.outcomes.iter().map(|t| EntryRecord::Outcome {
                outcome: Outcome {
                    text: clean_line(t),
                    private: false,
                },
                time: String::new(),
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
                recused: Vec::new(),
            }
        })
        .collect()
}
