//! Reading a meeting: every field is read through these accessors, so that only
//! `Meeting::apply` changes one.

use super::*;

/// Reading the state: every field is read through these, and only `apply` changes them.
impl Meeting {
    pub fn agenda(&self) -> &Agenda {
        &self.agenda
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn current(&self) -> Option<usize> {
        self.current
    }

    pub fn attendees(&self) -> &[Attendee] {
        &self.attendees
    }

    pub fn actions(&self) -> &[ActionItem] {
        &self.actions
    }

    pub fn reviews(&self) -> &[Option<ReviewStatus>] {
        &self.reviews
    }

    pub fn recap(&self) -> Option<&str> {
        self.recap.as_deref()
    }

    pub fn next_meeting(&self) -> Option<NaiveDateTime> {
        self.next_meeting
    }

    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        self.started_at
    }

    pub fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.ended_at
    }

    pub fn paused_since(&self) -> Option<DateTime<Utc>> {
        self.paused_since
    }

    pub fn paused_total(&self) -> Secs {
        self.paused_total
    }

    pub fn queue(&self) -> &[QueueEntry] {
        &self.queue
    }

    pub fn floor(&self) -> Option<&Floor> {
        self.floor.as_ref()
    }

    /// The id the next captured entry will get: entries from this one on are newer than
    /// any the meeting had when it was read.
    pub fn next_entry_id(&self) -> u64 {
        self.next_entry_id
    }

    pub fn last_at(&self) -> Option<DateTime<Utc>> {
        self.last_at
    }

    pub fn quorum_changes(&self) -> &[(DateTime<Utc>, u32, bool)] {
        &self.quorum_changes
    }

    pub fn approved_previous(&self) -> Option<DateTime<Utc>> {
        self.approved_previous
    }

    /// The wall-clock time of `at` in the meeting's time zone, as "17:04".
    pub fn clock(&self, at: DateTime<Utc>) -> String {
        let mut out = String::with_capacity(5);
        self.write_clock(at, &mut out);
        out
    }

    /// `clock`, appended to `out`. Written out rather than through `format("%H:%M")`, which
    /// parses its pattern on every call: the screen shows dozens of these on every frame.
    pub fn write_clock(&self, at: DateTime<Utc>, out: &mut String) {
        use chrono::Timelike;
        use std::fmt::Write;
        let local = self.agenda.meeting.timezone.local(at);
        let _ = write!(out, "{:02}:{:02}", local.hour(), local.minute());
    }

    /// The moment the minutes describe: the end, else the last change, else the scheduled
    /// start. Every export of a meeting that is not live uses it.
    pub fn minutes_time(&self) -> DateTime<Utc> {
        self.ended_at
            .or(self.last_at)
            .unwrap_or_else(|| self.scheduled_start())
    }

    /// Scheduled start as an instant.
    pub fn scheduled_start(&self) -> DateTime<Utc> {
        self.scheduled
    }

    pub fn is_paused(&self) -> bool {
        self.paused_since.is_some()
    }

    pub fn current_item(&self) -> Option<&Item> {
        self.current.and_then(|i| self.items.get(i))
    }

    /// Seconds since the meeting started at `now`, pauses included (wall time).
    pub fn elapsed_at(&self, now: DateTime<Utc>) -> Secs {
        match (self.started_at, self.ended_at) {
            (Some(s), Some(e)) => (e - s).num_seconds().max(0),
            (Some(s), None) => (now - s).num_seconds().max(0),
            _ => 0,
        }
    }

    /// Time boxes left to run at `now`: the rest of the current item (if any) plus every
    /// pending item. Used for the projected end.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn remaining_planned_at(&self, now: DateTime<Utc>) -> Secs {
        self.items
            .iter()
            .enumerate()
            .map(|(i, item)| match item.status {
                ItemStatus::Pending => (item.timebox - item.used).max(0),
                ItemStatus::Running if Some(i) == self.current => {
                    (item.timebox - item.used_at(now)).max(0)
                }
                ItemStatus::Running | ItemStatus::Done | ItemStatus::Deferred => 0,
            })
            .sum()
    }

    /// When the meeting will end if every remaining item keeps its time box.
    pub fn projected_end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        if let Some(end) = self.ended_at {
            return end;
        }
        let from = if self.started_at.is_some() {
            now
        } else {
            now.max(self.scheduled_start())
        };
        from + chrono::Duration::seconds(self.remaining_planned_at(now))
    }

    /// The planned end: the scheduled start plus the planned length. A meeting started
    /// outside its slot plans from its real start: more than 15 minutes before the scheduled
    /// start (run as today's at another hour, or a rehearsal), or after the whole planned
    /// slot had passed (at least an hour late). A meeting planned for 16:00 and run at 12:15
    /// ends by plan at 13:15, not "224 min early" (issue 27).
    pub fn planned_end(&self) -> DateTime<Utc> {
        let scheduled = self.scheduled_start();
        let length = self.agenda.meeting.length;
        let base = match self.started_at {
            Some(s)
                if (scheduled - s).num_seconds() > 15 * 60
                    || (s - scheduled).num_seconds() >= length.max(3600) =>
            {
                s
            }
            _ => scheduled,
        };
        base + chrono::Duration::seconds(length)
    }

    /// The meeting's date: the agenda's. The header, the session's id and the minutes all
    /// say this one date; `gavel run` asks before a meeting runs on another day, and the
    /// agenda's date becomes today's when the moderator says so.
    pub fn date(&self) -> NaiveDate {
        self.agenda.meeting.date
    }

    /// The date the meeting actually ran, on the agenda's clock: its start's, else (not yet
    /// started) the agenda's. A call's report, which gives only times of day, is placed on
    /// this date: a meeting run on another day than planned compares the report's times with
    /// the moderator's marks on one clock (issue 27).
    pub fn ran_on(&self) -> NaiveDate {
        self.started_at.map_or(self.agenda.meeting.date, |s| {
            self.agenda.meeting.timezone.local(s).date()
        })
    }

    /// Voting members present now, an alternate counting in place of an absent member.
    pub fn quorum_count(&self) -> u32 {
        self.present_voting
    }

    /// Voting members present, alternates counted (unless the agenda's `alternates_count`
    /// is false). A check-in from a person's own page in a
    /// shared session (`self_checked`) counts only once the chair (or a scribe) marks them
    /// present ([`Meeting::awaiting_confirmation`], `/confirm`): anyone holding the
    /// attendee link could otherwise check in absent members and make quorum (issue 25).
    /// `unconfirmed` counts them too: the room as it says it is, which is what a vote's
    /// count of ballots is checked against, so that no vote recorded before this rule is
    /// refused when its journal is replayed.
    pub(super) fn count_present(&self, unconfirmed: bool) -> u32 {
        use std::collections::HashSet;
        let roster = || self.attendees.iter().filter(|a| !a.guest);
        let present: HashSet<&str> = roster()
            .filter(|a| a.presence == Presence::Present && (unconfirmed || !a.self_checked))
            .map(|a| a.name.as_str())
            .collect();
        let voting: HashSet<&str> = roster()
            .filter(|a| a.votes && a.alternate_for.is_none())
            .map(|a| a.name.as_str())
            .collect();
        let members = voting.iter().filter(|n| present.contains(*n)).count();
        let alternates = self.agenda.meeting.alternates_count;
        let covered: HashSet<&str> = roster()
            .filter(|alt| alternates && present.contains(alt.name.as_str()))
            .filter_map(|alt| alt.alternate_for.as_deref())
            .filter(|member| voting.contains(member) && !present.contains(member))
            .collect();
        (members + covered.len()) as u32
    }

    /// Voting members present by their own check-in alone, alternates counted: they
    /// count toward quorum once confirmed.
    pub fn present_unconfirmed(&self) -> u32 {
        self.present_room - self.present_voting
    }

    /// The people whose presence only their own page says (a check-in in a shared
    /// session) and who would count toward quorum: voting members and alternates.
    /// `/confirm` marks them all present on the chair's word.
    pub fn awaiting_confirmation(&self) -> Vec<String> {
        self.attendees
            .iter()
            .filter(|a| a.presence == Presence::Present && a.self_checked && !a.guest)
            .filter(|a| a.votes || a.alternate_for.is_some())
            .map(|a| a.name.clone())
            .collect()
    }

    /// Voting members on the roster (alternates are not counted twice).
    pub fn voting_members(&self) -> u32 {
        self.attendees
            .iter()
            .filter(|a| !a.guest && a.votes && a.alternate_for.is_none())
            .count() as u32
    }

    /// `Some(true)` when quorum is met, `Some(false)` when lost, `None` when the agenda sets none.
    pub fn quorum_met(&self) -> Option<bool> {
        self.agenda.meeting.quorum.map(|q| self.quorum_count() >= q)
    }

    /// Looks up a roster member or guest by the rules of the command language. `@handle`
    /// finds the person whose roster entry has that GitHub handle (any case); an `@` that
    /// names no handle is read as written, else as the name after it.
    pub fn find_person(&self, query: &str) -> NameMatch {
        if let Some(handle) = query.trim().strip_prefix('@') {
            let owner = self.attendees.iter().find(|a| {
                self.agenda
                    .person(&a.name)
                    .and_then(|p| p.github.as_deref())
                    .is_some_and(|h| h.eq_ignore_ascii_case(handle))
            });
            if let Some(a) = owner {
                return NameMatch::One(a.name.clone());
            }
            // A name that itself starts with `@` still wins over the name after the `@`.
            let written = names::find(self.attendees.iter().map(|a| a.name.as_str()), query);
            if written != NameMatch::None {
                return written;
            }
            return names::find(self.attendees.iter().map(|a| a.name.as_str()), handle);
        }
        names::find(self.attendees.iter().map(|a| a.name.as_str()), query)
    }

    /// Finds an item by 1-based number or unique, case-insensitive title prefix.
    pub fn find_item(&self, query: &str) -> Result<usize, String> {
        let q = query.trim();
        if let Ok(n) = q.parse::<usize>() {
            return if n >= 1 && n <= self.items.len() {
                Ok(n - 1)
            } else {
                Err(format!(
                    "there is no item {n}: the agenda has {} items",
                    self.items.len()
                ))
            };
        }
        let titles = self.items.iter().map(|i| i.title.as_str());
        match names::find(titles, q) {
            NameMatch::One(title) => self
                .items
                .iter()
                .position(|i| i.title == title)
                .ok_or_else(|| format!("no item is titled `{q}`")),
            NameMatch::Many(c) => Err(format!(
                "`{q}` matches several items ({}): use the item number",
                c.join(", ")
            )),
            NameMatch::None => Err(format!("no item number or title matches `{q}`")),
        }
    }

    /// Every entry of every item, with its item position.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| item.entries.iter().map(move |e| (i, e)))
    }
}
