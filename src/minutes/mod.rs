//! Minutes: a plain record of the meeting built from its state ([`Minutes`]), and its two
//! renderings, Markdown for people and JSON for tools. Both come from the same record, so
//! they always carry the same content.

pub mod decisions;
mod entry;
mod escape;
pub mod files;
pub mod json;
pub mod markdown;
pub mod refs;
#[cfg(test)]
mod tests;

pub use decisions::{BallotRecord, DecisionRecord, RecusalRecord};
pub use entry::EntryRecord;
pub use escape::{escape_inline, safe_url};

use crate::agenda::Secs;
use crate::meeting::{ItemStatus, Meeting, Phase, Presence, ReviewStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The JSON minutes' format; bump when a field changes meaning.
pub const SCHEMA: &str = "gavel.minutes/1";

/// The two renderings of the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: starts with gavel's mark, which holds a hash of the rest
    /// ([`crate::output::md_marked`]).
    Markdown,
    /// For tools: the record itself, with its `schema`.
    Json,
}

/// The minutes of `meeting` as of `now`, as a whole file in `format`.
pub fn document(meeting: &Meeting, now: DateTime<Utc>, format: Format, options: Options) -> String {
    match format {
        Format::Json => json::render(&Minutes::build(meeting, now, options)),
        Format::Markdown => crate::output::md_marked(&format!(
            "{}\n",
            markdown::render_meeting(meeting, now, options)
        )),
    }
}

/// What to include.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Include private entries, marked as such. Without it they leave no trace.
    pub private: bool,
}

/// An action carried over this many times is flagged in the minutes.
pub const CARRIED_WARNING: u32 = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Minutes {
    pub schema: String,
    pub title: String,
    pub series: Option<String>,
    pub date: chrono::NaiveDate,
    pub timezone: String,
    /// The attendees' other time zones (agenda `zones`), by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<String>,
    /// "not started", "in progress" or "ended".
    pub state: String,
    /// Scheduled start, "HH:MM" local.
    pub scheduled_start: String,
    pub started: Option<String>,
    pub ended: Option<String>,
    pub planned_minutes: i64,
    pub actual_minutes: Option<i64>,
    /// Minutes the meeting was paused (included in `actual_minutes`).
    pub paused_minutes: i64,
    pub moderator: Option<String>,
    pub notetaker: Option<String>,
    pub link: Option<String>,
    /// The agenda's `github`: the series' repository, where `#123` in notes points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
    pub cadence: Option<String>,
    pub info: Vec<InfoLine>,
    pub attendance: Vec<AttendeeRecord>,
    pub quorum: Option<QuorumRecord>,
    pub recap: Option<String>,
    pub actions: Vec<ActionRecord>,
    /// The motions made, in order, each with how it was decided (issue 28).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<DecisionRecord>,
    pub items: Vec<ItemRecord>,
    pub review: Vec<ReviewRecord>,
    pub next_meeting: Option<NextMeeting>,
    /// Each speaker's total time on the floor, in seconds, most first.
    pub speaking_time: Vec<SpeakingTime>,
    /// The meeting approved the previous meeting's minutes (`/approve`).
    #[serde(default)]
    pub approved_previous: bool,
    /// The agenda's `vote_rule` ("majority", ...), for the next agenda.
    #[serde(default)]
    pub vote_rule: Option<String>,
    /// The agenda's `speaker_limit`, in seconds.
    #[serde(default)]
    pub speaker_limit_seconds: Option<Secs>,
    /// When the minutes were approved (`gavel approve`); None while they are a draft.
    #[serde(default)]
    pub approved: Option<chrono::NaiveDate>,
    /// Set when these minutes were read from a document gavel did not write (`gavel
    /// import`): where each part came from and the text that was kept as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Imported>,
    /// Titles of the issues and pull requests the notes name (`owner/repo#123` → title),
    /// looked up by `gavel github --titles` after the meeting: shown in the Markdown beside
    /// each link, never kept in the JSON record.
    #[serde(skip)]
    pub ref_titles: std::collections::BTreeMap<String, String>,
}

/// Where imported minutes came from (see `crate::import`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The file the meeting was read from, as given on the command line.
    pub source: String,
    /// The line of the meeting's heading (or 1 for a file of one meeting).
    pub line: usize,
    /// Where each recognised part starts: "attendance", "regrets", "guests", "actions",
    /// "review", "item 2", "recap", ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<SourcePart>,
    /// Text that was not recognised, kept as it was (cleaned), with its line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<SourcePart>,
    /// Remarks written beside a name ("joined 45 min. in", "traveling").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remarks: Vec<SourcePart>,
    /// The date was not written at the meeting's heading and was inferred (see `kept`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub date_inferred: bool,
}

/// One part of an imported document: what it is (or its text) and its line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourcePart {
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InfoLine {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendeeRecord {
    pub name: String,
    pub affiliation: Option<String>,
    pub role: String,
    pub votes: bool,
    pub alternate_for: Option<String>,
    pub guest: bool,
    /// "present", "absent", "regrets", "left" or "unknown" (never ticked).
    pub status: String,
    pub joined: Option<String>,
    /// Joined after the roll call (the first minutes after the start, see
    /// [`crate::meeting::ROLL_CALL_SECS`]): a late arrival.
    pub joined_late: bool,
    pub left: Option<String>,
    /// A GitHub handle written beside the name in imported minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuorumRecord {
    /// Voting members present at the end (or now), alternates counted.
    pub present: u32,
    pub needed: u32,
    pub members: u32,
    pub met: bool,
    /// Whether a present alternate counted in place of an absent member (the agenda's
    /// `alternates_count`); minutes written before the key say nothing, and counted them.
    #[serde(default = "counted")]
    pub alternates_counted: bool,
    /// When quorum was met or lost during the meeting, the first at the start (judged after
    /// the roll call: attendance taken in the first minutes is the state at the start).
    pub changes: Vec<QuorumChange>,
}

fn counted() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuorumChange {
    pub time: String,
    pub present: u32,
    pub met: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRecord {
    pub owners: Vec<String>,
    /// Owners who are neither on the roster nor guests: kept as typed.
    pub unknown_owners: Vec<String>,
    pub text: String,
    pub due: Option<chrono::NaiveDate>,
    /// The 1-based number of the item it was taken on.
    pub item: Option<usize>,
    pub private: bool,
    /// Who captured it, in a shared session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub number: usize,
    pub title: String,
    pub presenter: Option<String>,
    pub kind: String,
    /// "pending", "running", "done" or "deferred".
    pub status: String,
    /// Covered today (false: listed under "Not covered").
    pub covered: bool,
    pub added: bool,
    pub used_seconds: Secs,
    pub timebox_seconds: Secs,
    pub planned_seconds: Secs,
    pub background: Option<String>,
    pub agenda_links: Vec<String>,
    pub entries: Vec<EntryRecord>,
    pub speakers: Vec<SpeakerRecord>,
    pub queued_not_heard: Vec<SpeakerRecord>,
    /// A standing item repeats in every meeting of the series.
    #[serde(default)]
    pub standing: bool,
    /// `/rebalance` keeps its time box.
    #[serde(default)]
    pub fixed: bool,
    #[serde(default)]
    pub speaker_limit_seconds: Option<Secs>,
    /// People recused from this item's vote (`/recuse`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recused: Vec<RecusalRecord>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerRecord {
    pub name: String,
    pub kind: String,
    pub topic: Option<String>,
    pub seconds: Secs,
    /// The floor was still held when the item closed: the turn was closed then, and
    /// `seconds` counts to that moment ("…, 4 min, until the item closed").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub until_item_end: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub number: usize,
    pub owners: Vec<String>,
    pub text: String,
    pub due: Option<chrono::NaiveDate>,
    pub from: Option<chrono::NaiveDate>,
    /// "done", "ongoing", "dropped", or None when not reviewed.
    pub status: Option<String>,
    /// Times carried over, counting this meeting when it stays open.
    pub carried: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextMeeting {
    pub date: chrono::NaiveDate,
    pub start: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakingTime {
    pub name: String,
    pub seconds: Secs,
}

impl Minutes {
    /// This record as a whole file in `format`.
    pub fn document(&self, format: Format) -> String {
        match format {
            Format::Json => json::render(self),
            Format::Markdown => crate::output::md_marked(&format!("{}\n", markdown::render(self))),
        }
    }

    /// Builds the record of `meeting` as of `now` (the end time, for an ended meeting).
    pub fn build(meeting: &Meeting, now: DateTime<Utc>, opts: Options) -> Minutes {
        let (mut minutes, index) = Minutes::frame(meeting, now, opts);
        let clock = |t: DateTime<Utc>| meeting.clock(t);
        for (record, item) in minutes.items.iter_mut().zip(meeting.items()) {
            record.entries = item
                .entries
                .iter()
                .filter(|e| opts.private || !e.private)
                .filter_map(|e| EntryRecord::of(e, &index, clock(e.at)))
                .collect();
        }
        minutes
    }

    /// The record of `meeting` but for its items' entries, which [`Index`] places: what the
    /// Markdown written straight from the meeting needs beside the meeting
    /// ([`markdown::write_meeting`]).
    fn frame(meeting: &Meeting, now: DateTime<Utc>, opts: Options) -> (Minutes, Index) {
        let spec = &meeting.agenda().meeting;
        let clock = |t: DateTime<Utc>| meeting.clock(t);
        let state = match meeting.phase() {
            Phase::NotStarted => "not started",
            Phase::Running => "in progress",
            Phase::Ended => "ended",
        };
        let (actions, action_index) = action_records(meeting, opts.private);
        let (decisions, motion_index) = decisions::records(meeting);
        let index = Index {
            actions: action_index,
            motions: motion_index,
            private: opts.private,
        };
        let items = meeting
            .items()
            .iter()
            .enumerate()
            .map(|(i, item)| item_record(meeting, i, item, now))
            .collect();
        let minutes = Minutes {
            schema: SCHEMA.into(),
            title: spec.title.clone(),
            series: spec.series.clone(),
            date: meeting.date(),
            timezone: spec.timezone.name(),
            zones: spec.zones.iter().map(|z| z.name()).collect(),
            state: state.into(),
            scheduled_start: spec.start.format("%H:%M").to_string(),
            started: meeting.started_at().map(clock),
            ended: meeting.ended_at().map(clock),
            planned_minutes: spec.length / 60,
            actual_minutes: meeting
                .started_at()
                .map(|_| (meeting.elapsed_at(now) + 30) / 60),
            paused_minutes: minutes_of(
                meeting.paused_total()
                    + meeting
                        .paused_since()
                        .map_or(0, |p| (now - p).num_seconds().max(0)),
            ),
            moderator: spec.moderator.clone(),
            notetaker: spec.notetaker.clone(),
            link: spec.link.clone(),
            github: spec.github.clone(),
            cadence: spec.cadence.map(|c| c.to_string()),
            info: spec
                .info
                .iter()
                .map(|(k, v)| InfoLine {
                    key: k.clone(),
                    value: v.clone(),
                })
                .collect(),
            attendance: meeting
                .attendees()
                .iter()
                .map(|a| AttendeeRecord {
                    name: a.name.clone(),
                    affiliation: a.affiliation.clone(),
                    role: a.role.clone(),
                    votes: a.votes,
                    alternate_for: a.alternate_for.clone(),
                    guest: a.guest,
                    status: presence_word(a.presence).into(),
                    joined: a.joined_at.map(clock),
                    joined_late: meeting.joined_late(a),
                    left: a.left_at.map(clock),
                    github: meeting
                        .agenda()
                        .person(&a.name)
                        .and_then(|p| p.github.clone()),
                })
                .collect(),
            quorum: spec.quorum.map(|needed| {
                let present = meeting.quorum_count();
                QuorumRecord {
                    present,
                    needed,
                    members: meeting.voting_members(),
                    met: present >= needed,
                    alternates_counted: spec.alternates_count,
                    changes: meeting
                        .quorum_changes()
                        .iter()
                        .map(|&(at, present, met)| QuorumChange {
                            time: clock(at),
                            present,
                            met,
                        })
                        .collect(),
                }
            }),
            recap: meeting.recap().map(str::to_string),
            actions,
            decisions,
            items,
            review: review_records(meeting),
            next_meeting: meeting.next_meeting().map(|at| NextMeeting {
                date: at.date(),
                start: at.format("%H:%M").to_string(),
            }),
            speaking_time: speaking_time(meeting, now),
            approved_previous: meeting.approved_previous().is_some(),
            vote_rule: Some(spec.vote_rule.as_str().into()),
            speaker_limit_seconds: spec.speaker_limit,
            approved: None,
            imported: None,
            ref_titles: Default::default(),
        };
        (minutes, index)
    }
}

/// The record of agenda item `i` (number `i + 1`), without its entries ([`Minutes::build`]
/// adds them).
fn item_record(
    meeting: &Meeting,
    i: usize,
    item: &crate::meeting::Item,
    now: DateTime<Utc>,
) -> ItemRecord {
    let covered = match item.status {
        ItemStatus::Done | ItemStatus::Running => true,
        ItemStatus::Deferred => false,
        ItemStatus::Pending => item.was_covered(),
    };
    ItemRecord {
        number: i + 1,
        title: item.title.clone(),
        presenter: item.presenter.clone(),
        kind: item.kind.as_str().into(),
        status: item.status.as_str().into(),
        covered,
        added: item.added,
        used_seconds: item.used_at(now),
        timebox_seconds: item.timebox,
        planned_seconds: item.planned,
        background: item.background.clone(),
        agenda_links: item.links.clone(),
        entries: Vec::new(),
        speakers: item.speakers.iter().map(speaker_record).collect(),
        queued_not_heard: item
            .unheard
            .iter()
            .chain(&item.waiting)
            .map(|q| SpeakerRecord {
                name: q.name.clone(),
                kind: q.kind.label().into(),
                topic: q.topic.clone(),
                seconds: 0,
                until_item_end: false,
            })
            .collect(),
        standing: item.standing,
        fixed: item.fixed,
        speaker_limit_seconds: item.speaker_limit,
        recused: decisions::recusals(meeting, i),
    }
}

/// Where each of the meeting's actions and motions is among those the minutes show, and
/// whether private entries are.
struct Index {
    actions: Vec<Option<usize>>,
    motions: Vec<Option<usize>>,
    private: bool,
}

/// The actions the minutes show (as `private` allows, none removed), and for each of the
/// meeting's actions its place among them.
fn action_records(meeting: &Meeting, private: bool) -> (Vec<ActionRecord>, Vec<Option<usize>>) {
    let shown = |p: bool| private || !p;
    let mut actions = Vec::new();
    let mut action_index = vec![None; meeting.actions().len()];
    for (i, a) in meeting.actions().iter().enumerate() {
        if a.removed || !shown(a.private) {
            continue;
        }
        action_index[i] = Some(actions.len());
        actions.push(ActionRecord {
            unknown_owners: a
                .owners
                .iter()
                .filter(|o| !meeting.attendees().iter().any(|p| &&p.name == o))
                .cloned()
                .collect(),
            owners: a.owners.clone(),
            text: a.text.clone(),
            due: a.due,
            item: a.item.map(|i| i + 1),
            private: a.private,
            by: a.by.clone(),
        });
    }
    (actions, action_index)
}

fn speaker_record(s: &crate::meeting::SpeakerTurn) -> SpeakerRecord {
    SpeakerRecord {
        name: s.name.clone(),
        kind: s.kind.label().into(),
        topic: s.topic.clone(),
        seconds: s.secs,
        until_item_end: s.until_item_end,
    }
}

fn presence_word(p: Presence) -> &'static str {
    match p {
        Presence::Unknown => "unknown",
        Presence::Present => "present",
        Presence::Absent => "absent",
        Presence::Regrets => "regrets",
        Presence::Left => "left",
    }
}

fn review_records(meeting: &Meeting) -> Vec<ReviewRecord> {
    meeting
        .agenda()
        .actions
        .iter()
        .zip(meeting.reviews())
        .enumerate()
        .map(|(i, (a, status))| {
            let stays_open = !matches!(status, Some(ReviewStatus::Done | ReviewStatus::Dropped));
            ReviewRecord {
                number: i + 1,
                owners: a.owners.clone(),
                text: a.text.clone(),
                due: a.due,
                from: a.from,
                status: status.map(|s| s.as_str().into()),
                carried: a.carried + u32::from(stays_open),
            }
        })
        .collect()
}

/// Each speaker's total time on the floor, most first.
pub fn speaking_time(meeting: &Meeting, now: DateTime<Utc>) -> Vec<SpeakingTime> {
    let mut totals: Vec<SpeakingTime> = Vec::new();
    let mut add = |name: &str, secs: Secs| match totals.iter_mut().find(|t| t.name == name) {
        Some(t) => t.seconds += secs,
        None => totals.push(SpeakingTime {
            name: name.into(),
            seconds: secs,
        }),
    };
    // A turn nobody ended was closed when its item closed: it counts to that moment.
    for turn in meeting.items().iter().flat_map(|i| &i.speakers) {
        add(&turn.name, turn.secs);
    }
    if let Some(f) = &meeting.floor() {
        add(&f.entry.name, f.used_at(now));
    }
    totals.sort_by_key(|t| std::cmp::Reverse(t.seconds));
    totals
}

/// A turn's length as the minutes and the end screen say it: "3 min", or "under a
/// minute" for a turn shorter than one (never "0 min").
pub fn spoken(secs: Secs) -> String {
    if secs < 60 {
        "under a minute".into()
    } else {
        format!("{} min", minutes_of(secs))
    }
}

/// Whole minutes for "16 of 15 min": rounded to the nearest minute.
pub fn minutes_of(secs: Secs) -> i64 {
    (secs + 30) / 60
}
