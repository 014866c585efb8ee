//! What the meeting records as people speak: attendance, guests, notes, outcomes, actions,
//! votes, the speaker queue and corrections of entries. Each handler is called from
//! [`Meeting::apply`] only.

use super::capture::Taken;
use super::*;

impl Meeting {
    #[deny(clippy::wildcard_enum_match_arm)]
    pub(super) fn attendance(
        &mut self,
        names: &[String],
        status: Presence,
        at: DateTime<Utc>,
    ) -> Result<(), Rejected> {
        if names.is_empty() {
            return reject("name at least one person");
        }
        let mut found = Vec::new();
        for name in names {
            let Some(i) = self.attendees.iter().position(|a| &a.name == name) else {
                return reject(format!("{name} is not on the roster or the guest list"));
            };
            if status == Presence::Left && self.attendees[i].presence != Presence::Present {
                return reject(format!("{name} is not marked present, so cannot leave"));
            }
            found.push(i);
        }
        let stood_confirmed: Vec<String> = found
            .iter()
            .map(|&i| &self.attendees[i])
            .filter(|a| status == Presence::Present && a.presence == Presence::Present)
            .filter(|a| !a.self_checked)
            .map(|a| a.name.clone())
            .collect();
        for i in found {
            let a = &mut self.attendees[i];
            match status {
                Presence::Present => {
                    if a.presence != Presence::Present {
                        a.joined_at.get_or_insert(at);
                    }
                    a.left_at = None;
                }
                Presence::Left => a.left_at = Some(at),
                Presence::Unknown | Presence::Absent | Presence::Regrets => {}
            }
            a.presence = status;
            a.marked_at = Some(at);
        }
        let by_themselves = self.origin.as_ref().is_some_and(|o| o.attendee);
        for name in names {
            if let Some(a) = self.attendees.iter_mut().find(|a| &a.name == name) {
                // A page's check-in as someone the chair had already marked present (a claim
                // the chair confirmed, issue 27) keeps the chair's mark: still confirmed.
                let chair_said_present = stood_confirmed.contains(name);
                a.self_checked = by_themselves && !chair_said_present;
            }
        }
        Ok(())
    }

    /// A call's report (see `EventKind::AttendanceReport`), person by person:
    ///
    /// - the join time is the earlier of the one already recorded and the reported one;
    /// - the presence (and the leave time) is the report's, unless the moderator marked the
    ///   person later than the report's last word on them (their leave, else their join):
    ///   then the mark stands. Someone marked present at 17:05 whom the report has leaving
    ///   at 17:30 is recorded as left at 17:30; someone the moderator marked as back at
    ///   17:40 after that stays present. The two are compared to the minute (a report's
    ///   17:30 and a mark at 17:30:40 are one moment, and the report's word is taken).
    ///
    /// The reported times may be long before `at`, but nothing is back-dated: the quorum
    /// moves at `at`, as for any mark, and votes already taken keep their counts. Every
    /// person is checked before anything changes.
    pub(super) fn attendance_report(
        &mut self,
        people: &[super::Reported],
        at: DateTime<Utc>,
    ) -> Result<(), Rejected> {
        if people.is_empty() {
            return reject("the report names nobody on the roster");
        }
        let mut found = Vec::with_capacity(people.len());
        for (k, p) in people.iter().enumerate() {
            let Some(i) = self.attendees.iter().position(|a| a.name == p.name) else {
                return reject(format!("{} is not on the roster or the guest list", p.name));
            };
            if people[..k].iter().any(|o| o.name == p.name) {
                return reject(format!("{} is in the report twice", p.name));
            }
            if p.left.is_some_and(|l| l < p.joined) {
                return reject(format!(
                    "the report has {} leaving at {} before joining at {}",
                    p.name,
                    self.clock(p.left.unwrap_or(p.joined)),
                    self.clock(p.joined)
                ));
            }
            let latest = p.left.unwrap_or(p.joined);
            if latest > at {
                return reject(format!(
                    "the report has {} at {}, later than now ({}): is it another day's report?",
                    p.name,
                    self.clock(latest),
                    self.clock(at)
                ));
            }
            found.push(i);
        }
        for (p, i) in people.iter().zip(found) {
            let a = &mut self.attendees[i];
            let said = p.left.unwrap_or(p.joined);
            // At minute precision: a report says 12:40 where the moderator's mark carries
            // 12:40:30, and the two are the same moment to anyone reading either.
            let minute = |t: DateTime<Utc>| t.timestamp().div_euclid(60);
            let mark_stands = a.marked_at.is_some_and(|m| minute(m) > minute(said));
            if mark_stands {
                // They were there by the report: an earlier join is the truer one, as long
                // as the moderator's mark says they came at all.
                if matches!(a.presence, Presence::Present | Presence::Left) {
                    a.joined_at = Some(a.joined_at.map_or(p.joined, |j| j.min(p.joined)));
                }
                continue;
            }
            a.joined_at = Some(a.joined_at.map_or(p.joined, |j| j.min(p.joined)));
            a.left_at = p.left;
            a.presence = if p.left.is_some() {
                Presence::Left
            } else {
                Presence::Present
            };
            a.marked_at = Some(said);
        }
        Ok(())
    }

    pub(super) fn guest(
        &mut self,
        name: &str,
        affiliation: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<(), Rejected> {
        if name.trim().is_empty() {
            return reject("a guest needs a name: /guest NAME (AFFILIATION)");
        }
        if let Some(a) = self
            .attendees
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
        {
            let what = if a.guest {
                "already a guest"
            } else {
                "on the roster: use /present"
            };
            return reject(format!("{} is {what}", a.name));
        }
        self.attendees.push(Attendee {
            name: name.to_string(),
            affiliation,
            role: "guest".into(),
            votes: false,
            alternate_for: None,
            guest: true,
            presence: Presence::Present,
            joined_at: Some(at),
            left_at: None,
            marked_at: Some(at),
            self_checked: false,
        });
        Ok(())
    }

    /// Several guests at once: every name is checked before anyone is added.
    pub(super) fn guests(
        &mut self,
        guests: &[super::NewGuest],
        at: DateTime<Utc>,
    ) -> Result<(), Rejected> {
        if guests.is_empty() {
            return reject("a guest needs a name: /guest NAME (AFFILIATION)");
        }
        for (i, g) in guests.iter().enumerate() {
            if g.name.trim().is_empty() {
                return reject("a guest needs a name: /guest NAME (AFFILIATION), NAME");
            }
            if let Some(a) = self
                .attendees
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(&g.name))
            {
                let what = if a.guest {
                    "already a guest"
                } else {
                    "on the roster: use /present"
                };
                return reject(format!("{} is {what}", a.name));
            }
            if guests[..i]
                .iter()
                .any(|o| o.name.eq_ignore_ascii_case(&g.name))
            {
                return reject(format!("{} is named twice", g.name));
            }
        }
        for g in guests {
            self.guest(&g.name, g.affiliation.clone(), at)?;
        }
        Ok(())
    }

    /// Applies a capture: the entry it makes on the current item (an action also goes on
    /// the meeting's list, a vote is decided). Its payload moves into the entry.
    pub(super) fn take(&mut self, capture: Capture, at: DateTime<Utc>) -> Result<(), Rejected> {
        let what = capture.what();
        let private = capture.is_private();
        match capture.taken() {
            Taken::Entry(kind) => self.capture(at, private, kind, what),
            Taken::Action(Action {
                owners,
                text,
                due,
                private,
            }) => self.action(owners, text, due, private, at),
            Taken::Vote(b) => self.vote(
                [b.yes, b.against, b.abstain],
                b.text,
                b.more_than_present,
                at,
            ),
            Taken::Motion(m) => self.make_motion(m, at),
        }
    }

    pub(super) fn capture(
        &mut self,
        at: DateTime<Utc>,
        private: bool,
        kind: EntryKind,
        what: &str,
    ) -> Result<(), Rejected> {
        if kind.payload().is_some_and(|k| k.is_blank()) {
            return reject(format!("{what} needs some text"));
        }
        let i = self.item_for_capture(what)?;
        let id = self.next_entry_id;
        self.next_entry_id += 1;
        let by = self.origin_name().map(Box::new);
        self.items[i].entries.push(Entry {
            id,
            at,
            private,
            kind,
            by,
        });
        Ok(())
    }

    /// The item a shared session's participant was looking at when they sent the event being
    /// applied, when it is still an item of the meeting.
    fn origin_item(&self) -> Option<usize> {
        self.origin
            .as_ref()
            .and_then(|o| o.item)
            .filter(|&i| i < self.items.len())
    }

    /// The name of the participant who sent the event being applied.
    fn origin_name(&self) -> Option<String> {
        self.origin.as_ref().map(|o| o.name.clone())
    }

    pub(super) fn item_for_capture(&self, what: &str) -> Result<usize, Rejected> {
        match self.phase {
            Phase::NotStarted => reject(format!("{NOT_STARTED}: /start it before taking {what}")),
            Phase::Ended => reject(format!(
                "the meeting has ended: {what} has no item to go on"
            )),
            Phase::Running => self.origin_item().or(self.current).ok_or_else(|| {
                Rejected(format!(
                    "no item is running for {what}: /goto an item or /add one"
                ))
            }),
        }
    }

    pub(super) fn action(
        &mut self,
        owners: Vec<String>,
        text: String,
        due: Option<NaiveDate>,
        private: bool,
        at: DateTime<Utc>,
    ) -> Result<(), Rejected> {
        if owners.is_empty() || owners.iter().any(|o| o.trim().is_empty()) {
            return reject("an action needs an owner: /action OWNER: TEXT");
        }
        if text.trim().is_empty() {
            return reject("an action needs some text: /action OWNER: TEXT");
        }
        let item = if self.phase == Phase::Running {
            self.origin_item().or(self.current)
        } else {
            None
        };
        let index = self.actions.len();
        self.actions.push(ActionItem {
            owners,
            text,
            due,
            private,
            item,
            at,
            removed: false,
            by: self.origin_name(),
        });
        if let Some(i) = item {
            let id = self.next_entry_id;
            self.next_entry_id += 1;
            let by = self.origin_name().map(Box::new);
            self.items[i].entries.push(Entry {
                id,
                at,
                private,
                kind: EntryKind::Action(index),
                by,
            });
        }
        Ok(())
    }

    /// A vote: `[for, against, abstain]`. Once attendance is taken, more votes than voting
    /// members present is refused unless `allow_more` (typed as `/vote!`).
    pub(super) fn vote(
        &mut self,
        [yes, against, abstain]: [u32; 3],
        text: Option<String>,
        allow_more: bool,
        at: DateTime<Utc>,
    ) -> Result<(), Rejected> {
        let item = self.item_for_capture("a vote")?;
        let motion = self.check_counted_vote(item)?;
        if [yes, against, abstain].iter().any(|&n| n > MAX_VOTES) {
            return reject(format!("a vote counts at most {MAX_VOTES} of each"));
        }
        let present = self.quorum_count();
        let cast = u64::from(yes) + u64::from(against) + u64::from(abstain);
        // Ballots are checked against everyone in the room, confirmed or not (see
        // `count_present`); the result is decided by the confirmed members.
        let in_room = self
            .count_present(true)
            .saturating_sub(self.recused_present(item));
        let more_than_present = self.attendance_taken() && cast > u64::from(in_room);
        if more_than_present && !allow_more {
            // Short enough for the status line of an 80-column screen: the way out included.
            let members = if in_room == 1 { "member" } else { "members" };
            return reject(format!(
                "{cast} votes but {in_room} voting {members} present: /vote! records it anyway"
            ));
        }
        let mut vote = self.decide(item, [yes, against, abstain]);
        // `/vote!` is kept only where it was needed: the entry reads back as typed.
        vote.ballot.text = text;
        vote.ballot.more_than_present = more_than_present;
        debug_assert_eq!(vote.present, present);
        let entry = self.next_entry_id;
        self.capture(at, false, EntryKind::Vote(Box::new(vote.clone())), "a vote")?;
        if let Some(m) = motion {
            self.counted(m, entry, vote, at);
        }
        Ok(())
    }

    pub(super) fn enqueue(
        &mut self,
        name: &str,
        kind: QueueKind,
        topic: &Option<String>,
        at: DateTime<Utc>,
    ) -> Result<(), Rejected> {
        self.item_for_capture("the queue")?;
        if self.queue.iter().any(|q| q.name == name) {
            return reject(format!("{name} is already in the queue"));
        }
        let entry = QueueEntry {
            name: name.to_string(),
            kind,
            topic: topic.clone(),
            at,
        };
        let pos = self
            .queue
            .iter()
            .position(|q| q.kind > kind)
            .unwrap_or(self.queue.len());
        self.queue.insert(pos, entry);
        Ok(())
    }

    pub(super) fn speak(&mut self, at: DateTime<Utc>) -> Result<(), Rejected> {
        let item = self.item_for_capture("the floor")?;
        if self.queue.is_empty() {
            if self.floor.is_some() {
                // Nobody waiting: the current speaker is done.
                self.end_floor(at, Some(item));
                return Ok(());
            }
            return reject("nobody is waiting in the queue");
        }
        self.end_floor(at, Some(item));
        let entry = self.queue.remove(0);
        self.floor = Some(Floor {
            entry,
            used: 0,
            running_since: if self.is_paused() { None } else { Some(at) },
        });
        Ok(())
    }

    pub(super) fn end_floor(&mut self, at: DateTime<Utc>, item: Option<usize>) {
        self.close_turn(at, item, false);
    }

    /// The item closed while someone still had the floor.
    pub(super) fn end_floor_with_item(&mut self, at: DateTime<Utc>, item: usize) {
        self.close_turn(at, Some(item), true);
    }

    fn close_turn(&mut self, at: DateTime<Utc>, item: Option<usize>, until_item_end: bool) {
        let Some(floor) = self.floor.take() else {
            return;
        };
        if let Some(i) = item {
            self.items[i].speakers.push(SpeakerTurn {
                secs: floor.used_at(at),
                name: floor.entry.name,
                kind: floor.entry.kind,
                topic: floor.entry.topic,
                until_item_end,
            });
        }
    }

    pub(super) fn correct(&mut self, old: &str, new: &str, global: bool) -> Result<(), Rejected> {
        if old.is_empty() {
            return reject("a correction needs text to find: s/OLD/NEW/");
        }
        let hits = self.corrected_entries(old, global);
        if hits.is_empty() {
            return reject(format!("no entry contains `{old}`"));
        }
        for (i, k) in hits {
            self.keep_original(i, k);
            if let Some(text) =
                correctable_mut(&mut self.items[i].entries[k].kind, &mut self.actions)
            {
                *text = if global {
                    text.replace(old, new)
                } else {
                    text.replacen(old, new, 1)
                };
            }
        }
        Ok(())
    }

    /// The entries the correction `s/old/…/` changes, as (item position, index in its
    /// entries): the latest entry whose text holds `old`, or every one when `global`. A
    /// topic's title only when no other entry holds `old`: topics were not corrected before
    /// issue 24, and so a journal written before then replays to the same minutes (every
    /// correction in it changed some other entry).
    fn corrected_entries(&self, old: &str, global: bool) -> Vec<(usize, usize)> {
        if old.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u64, usize, usize, bool)> = self
            .items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| item.entries.iter().enumerate().map(move |(k, e)| (i, k, e)))
            .filter(|(_, _, e)| {
                correctable(&e.kind, &self.actions).is_some_and(|t| t.contains(old))
            })
            .map(|(i, k, e)| (e.id, i, k, matches!(e.kind, EntryKind::Topic(_))))
            .collect();
        if hits.iter().any(|h| !h.3) {
            hits.retain(|h| !h.3);
        }
        hits.sort_unstable_by_key(|h| std::cmp::Reverse(h.0));
        hits.truncate(if global { hits.len() } else { 1 });
        hits.into_iter().map(|(_, i, k, _)| (i, k)).collect()
    }

    /// Whether the correction `s/old/…/` (every match when `global`) would change a private
    /// entry of the meeting as it is now: the entries `correct` would change, found the same
    /// way (the latest entry holding `old`, or every one). Asked before the correction is
    /// applied, it says whether its text was private at the correction's own time.
    pub fn correction_touches_private(&self, old: &str, global: bool) -> bool {
        self.corrected_entries(old, global)
            .into_iter()
            .any(|(i, k)| self.items[i].entries[k].private)
    }

    /// Where the entry with `id` is: (item position, index in its entries).
    pub fn find_entry(&self, id: u64) -> Option<(usize, usize)> {
        self.items
            .iter()
            .enumerate()
            .find_map(|(i, item)| item.entries.iter().position(|e| e.id == id).map(|k| (i, k)))
    }

    #[deny(clippy::wildcard_enum_match_arm)]
    pub(super) fn replace_entry(&mut self, id: u64, with: &Capture) -> Result<(), Rejected> {
        let Some((i, k)) = self.find_entry(id) else {
            return reject(format!("there is no entry #{id} to edit"));
        };
        let old = self.items[i].entries[k].kind.clone();
        if !with.is_editable() || !self.entry_capture(&self.items[i].entries[k]).is_editable() {
            return reject("only notes, outcomes and actions can be edited; delete a link, vote or topic and take it again");
        }
        let at = self.items[i].entries[k].at;
        let was_action = old.action();
        let kind = match with.clone().taken() {
            Taken::Action(a) if a.owners.is_empty() || a.text.trim().is_empty() => {
                return reject("an action needs an owner and some text: OWNER: TEXT")
            }
            Taken::Entry(kind) if kind.payload().is_some_and(|p| p.is_blank()) => {
                return reject("the entry would be empty: delete it instead")
            }
            Taken::Entry(kind) => kind,
            Taken::Action(Action {
                owners,
                text,
                due,
                private,
            }) => match was_action {
                Some(a) => {
                    let action = &mut self.actions[a];
                    action.owners = owners;
                    action.text = text;
                    action.due = due;
                    action.private = private;
                    EntryKind::Action(a)
                }
                None => {
                    self.actions.push(ActionItem {
                        owners,
                        text,
                        due,
                        private,
                        item: Some(i),
                        at,
                        removed: false,
                        by: self.items[i].entries[k].by.as_deref().cloned(),
                    });
                    EntryKind::Action(self.actions.len() - 1)
                }
            },
            Taken::Vote(_) | Taken::Motion(_) => {
                return reject("an entry is edited into a note, an outcome or an action")
            }
        };
        if let (Some(a), None) = (was_action, kind.action()) {
            self.actions[a].removed = true;
        }
        self.keep_original(i, k);
        let entry = &mut self.items[i].entries[k];
        entry.kind = kind;
        entry.private = with.is_private();
        Ok(())
    }

    /// What an entry holds now, as the capture that would take it again (an action as it
    /// stands on the meeting's list, a vote as counted).
    pub fn entry_capture(&self, entry: &Entry) -> Capture {
        self.capture_of(&entry.kind, entry.private)
    }

    /// [`Meeting::entry_capture`] of an entry holding `kind` (and `private`, which an
    /// action's entry says).
    pub fn capture_of(&self, kind: &EntryKind, private: bool) -> Capture {
        kind.capture(self, private)
    }

    pub(super) fn delete_entry(&mut self, id: u64) -> Result<(), Rejected> {
        let Some((i, k)) = self.find_entry(id) else {
            return reject(format!("there is no entry #{id} to delete"));
        };
        self.keep_original(i, k);
        let entry = self.items[i].entries.remove(k);
        if let EntryKind::Action(a) = entry.kind {
            self.actions[a].removed = true;
        }
        self.entry_gone(&entry.kind, id);
        Ok(())
    }
}

/// The most votes of one kind (for, against, abstaining) a vote records: far above any
/// room, far below what would overflow a sum.
pub const MAX_VOTES: u32 = 1_000_000;

/// The most text one entry (a note, an outcome, an action, a title, a name) may hold, in
/// bytes. Checked where a line or key is taken ([`Meeting::check_length`], called by the
/// clerk), never in `apply`: a journal written by an older build, or by hand, that holds a
/// longer entry still replays and exports.
pub const MAX_ENTRY_BYTES: usize = 64 * 1024;

impl Meeting {
    /// Refuses an event whose text, or the text a correction would leave in an entry, would
    /// pass [`MAX_ENTRY_BYTES`]. Counted without building anything, so that a correction
    /// that doubles a long entry is refused before it takes the memory.
    ///
    /// Every kind of event is named here (no `_` arm): a new kind that carries text must be
    /// given its limit, or the build fails.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub fn check_length(&self, event: &Event) -> Result<(), Rejected> {
        let check = |what: &str, text: &str| super::capture::check_length(what, text.len());
        let check_opt = |what: &str, text: &Option<String>| match text {
            Some(t) => check(what, t),
            None => Ok(()),
        };
        let check_all =
            |what: &str, texts: &[String]| texts.iter().try_for_each(|t| check(what, t));
        match &event.kind {
            EventKind::Capture(c) | EventKind::ReplaceEntry { with: c, .. } => c.check_length(),
            EventKind::Recap { text } => check("the recap", text),
            EventKind::AddItem {
                title, presenter, ..
            } => {
                check("the title", title)?;
                check_opt("the presenter's name", presenter)
            }
            EventKind::FollowUp { title, .. } => check("the title", title),
            EventKind::Guest { name, affiliation } => {
                check("the name", name)?;
                check_opt("the affiliation", affiliation)
            }
            EventKind::Guests { guests } => guests.iter().try_for_each(|g| {
                check("the name", &g.name)?;
                check_opt("the affiliation", &g.affiliation)
            }),
            EventKind::Attendance { names, .. } => check_all("a name", names),
            EventKind::AttendanceReport { source, people } => {
                check("the report's name", source)?;
                people.iter().try_for_each(|p| check("a name", &p.name))
            }
            EventKind::Queue { name, topic, .. } => {
                check("the name", name)?;
                check_opt("the topic", topic)
            }
            EventKind::Unqueue { name } => check("the name", name),
            EventKind::Motion(step) => step.texts().into_iter().try_for_each(|(w, t)| check(w, t)),
            EventKind::Correct { old, new, global } => {
                check("the correction", old)?;
                check("the correction", new)?;
                let longest = self.corrected_lengths(old, new, *global).max().unwrap_or(0);
                super::capture::check_length("the corrected entry", longest)
            }
            // No text: numbers, item positions, times, statuses.
            EventKind::Start
            | EventKind::Next
            | EventKind::Prev
            | EventKind::Goto { .. }
            | EventKind::Pause
            | EventKind::Resume
            | EventKind::Extend { .. }
            | EventKind::Defer { .. }
            | EventKind::End
            | EventKind::Review { .. }
            | EventKind::NextMeeting { .. }
            | EventKind::Speak
            | EventKind::Rebalance { .. }
            | EventKind::DeleteEntry { .. }
            | EventKind::ApprovePrevious
            | EventKind::MoveItem { .. }
            | EventKind::Undo => Ok(()),
        }
    }

    /// The length each entry a correction would change would have afterwards (the latest
    /// entry containing `old`, or every one when `global`), as `correct` finds them.
    fn corrected_lengths<'a>(
        &'a self,
        old: &'a str,
        new: &'a str,
        global: bool,
    ) -> impl Iterator<Item = usize> + 'a {
        self.corrected_entries(old, global)
            .into_iter()
            .filter_map(|(i, k)| correctable(&self.items[i].entries[k].kind, &self.actions))
            .map(move |t| {
                let count = if global { t.matches(old).count() } else { 1 };
                // Grows by count × (new − old), or shrinks: a shrinking one never passes the
                // limit.
                (t.len() + count * new.len()).saturating_sub(count * old.len())
            })
    }
}

/// The text of an entry that a correction (`s/OLD/NEW/`) changes, if it has one: what its
/// payload says ([`Kind::corrected`]), or an action's text on the meeting's list.
fn correctable<'a>(kind: &'a EntryKind, actions: &'a [ActionItem]) -> Option<&'a str> {
    match kind.action() {
        Some(a) => actions.get(a).map(|a| a.text.as_str()),
        None => kind.payload().and_then(|k| k.corrected()),
    }
}

/// [`correctable`], to change it.
fn correctable_mut<'a>(
    kind: &'a mut EntryKind,
    actions: &'a mut [ActionItem],
) -> Option<&'a mut String> {
    match kind.action() {
        Some(a) => actions.get_mut(a).map(|a| &mut a.text),
        None => kind.payload_mut().and_then(|k| k.corrected_mut()),
    }
}

impl Meeting {
    /// Records what became of an action carried from the last meeting.
    pub(super) fn review(&mut self, action: usize, status: ReviewStatus) -> Result<(), Rejected> {
        let Some(slot) = self.reviews.get_mut(action) else {
            return reject(format!(
                "there is no open action {}: the agenda carries {}",
                action + 1,
                self.agenda.actions.len()
            ));
        };
        *slot = Some(status);
        Ok(())
    }

    /// Sets the meeting's recap.
    pub(super) fn set_recap(&mut self, text: &str) -> Result<(), Rejected> {
        if text.trim().is_empty() {
            return reject("the recap is empty");
        }
        self.recap = Some(text.to_string());
        Ok(())
    }

    /// Sets when the next meeting is, after this one.
    pub(super) fn set_next_meeting(&mut self, when: NaiveDateTime) -> Result<(), Rejected> {
        let held = self
            .started_at
            .map(|s| self.agenda.meeting.timezone.local(s).date());
        let after = held.map_or(self.agenda.meeting.date, |d| {
            d.max(self.agenda.meeting.date)
        });
        if when.date() <= after {
            return reject(format!(
                "the next meeting must come after this one ({after})"
            ));
        }
        self.next_meeting = Some(when);
        Ok(())
    }

    /// Takes `name` out of the speaker queue.
    pub(super) fn unqueue(&mut self, name: &str) -> Result<(), Rejected> {
        let Some(pos) = self.queue.iter().position(|q| q.name == name) else {
            return reject(format!("{name} is not in the queue"));
        };
        self.queue.remove(pos);
        Ok(())
    }

    /// Marks the previous meeting's minutes approved.
    pub(super) fn approve_previous(&mut self, at: DateTime<Utc>) -> Result<(), Rejected> {
        if self.approved_previous.is_some() {
            return reject("the previous minutes are already approved");
        }
        self.approved_previous = Some(at);
        Ok(())
    }
}
