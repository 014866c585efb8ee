//! The events in effect, as the meeting keeps them for undo and replay: what each event
//! left, read back as events when they are needed.

use super::*;

/// Events in effect, as the meeting keeps them. A note, an outcome or a topic (nearly all of
/// a long meeting's events) is not kept twice: the entry it made holds what it said, and is
/// read back when the event is needed (for an undo's replay, or [`Meeting::events`]); should
/// the entry change later, what it was is kept in `originals` first. A run of such events,
/// one after another, is one `Captured`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Logged {
    Full(Box<Event>),
    /// `count` events, each of which made one of the entries `first`, `first + 1`, ...
    /// holding exactly what it said, at the entry's time.
    Captured {
        first: u64,
        count: u64,
    },
}

impl Meeting {
    /// The event that captured an entry holding `kind` (and `private`) at `at`, when the
    /// entry holds all that event said.
    fn captured_event(&self, at: DateTime<Utc>, kind: &EntryKind, private: bool) -> Option<Event> {
        let capture = self.capture_of(kind, private);
        (capture.entry_holds_all() && capture.is_private() == private)
            .then(|| Event::new(at, EventKind::Capture(capture)))
    }

    /// Whether `entry` holds exactly what `event` captured.
    fn captures_exactly(&self, event: &EventKind, entry: &Entry) -> bool {
        let EventKind::Capture(capture) = event else {
            return false;
        };
        if capture.is_private() != entry.private {
            return false;
        }
        // A note, most of a long meeting, is compared as it is; any other kind through the
        // capture its entry reads back as.
        if let (Capture::Note(note), EntryKind::Note(kept)) = (capture, &entry.kind) {
            return note == kept;
        }
        *capture == self.capture_of(&entry.kind, entry.private)
    }

    /// The events in effect, in order (made again from what the meeting keeps: see
    /// [`Logged`]).
    pub fn events(&self) -> Vec<Event> {
        let mut out = Vec::with_capacity(self.in_effect);
        self.each_event(self.in_effect, |e| out.push(e));
        out
    }

    /// The last event in effect.
    pub fn last_event(&self) -> Option<Event> {
        match self.effective.last()? {
            Logged::Full(e) => Some((**e).clone()),
            Logged::Captured { first, count } => self.captured(first + count - 1, |id| {
                // An item's entries are in the order of their ids.
                self.items.iter().find_map(|item| {
                    let k = item.entries.binary_search_by_key(&id, |e| e.id).ok()?;
                    item.entries.get(k)
                })
            }),
        }
    }

    /// How many events are in effect.
    pub fn event_count(&self) -> usize {
        self.in_effect
    }

    /// Hands the first `upto` events in effect to `each`, in order.
    pub(super) fn each_event(&self, upto: usize, mut each: impl FnMut(Event)) {
        let mut by_id: Vec<&Entry> = self.items.iter().flat_map(|i| &i.entries).collect();
        by_id.sort_unstable_by_key(|e| e.id);
        let find = |id: u64| {
            by_id
                .binary_search_by_key(&id, |e| e.id)
                .ok()
                .map(|k| by_id[k])
        };
        let mut left = upto;
        for logged in &self.effective {
            if left == 0 {
                break;
            }
            match logged {
                Logged::Full(e) => {
                    each((**e).clone());
                    left -= 1;
                }
                Logged::Captured { first, count } => {
                    for id in *first..first + count {
                        if left == 0 {
                            break;
                        }
                        let event = self.captured(id, find);
                        debug_assert!(event.is_some(), "a captured entry is always found");
                        if let Some(event) = event {
                            each(event);
                        }
                        left -= 1;
                    }
                }
            }
        }
    }

    /// The event that captured entry `id`: from `originals` when the entry changed since,
    /// else from the entry (found by `find`).
    pub(super) fn captured<'a>(
        &'a self,
        id: u64,
        find: impl FnOnce(u64) -> Option<&'a Entry>,
    ) -> Option<Event> {
        match self.originals.get(&id) {
            Some((at, kind, private)) => self.captured_event(*at, kind, *private),
            None => find(id).and_then(|e| self.captured_event(e.at, &e.kind, e.private)),
        }
    }

    /// Before entry `k` of item `i` changes or goes: keeps what it was, when the event that
    /// captured it may be kept as a reference to it.
    pub(super) fn keep_original(&mut self, i: usize, k: usize) {
        let entry = &self.items[i].entries[k];
        if self
            .capture_of(&entry.kind, entry.private)
            .entry_holds_all()
        {
            self.originals
                .entry(entry.id)
                .or_insert_with(|| (entry.at, entry.kind.clone(), entry.private));
        }
    }

    /// Keeps `event`, just applied: as a reference to the entry it captured when that entry
    /// holds exactly what it said (`first_id` was the next entry id before it), else whole.
    pub(super) fn log(&mut self, event: &Event, first_id: u64) {
        self.in_effect += 1;
        // An event a participant sent (`by`) says more than its entry holds (who, their
        // sequence number): kept whole.
        if self.next_entry_id == first_id + 1
            && event.by.is_none()
            && matches!(&event.kind, EventKind::Capture(c) if c.entry_holds_all())
        {
            // A capture goes on the current item (`item_for_capture`).
            let made = self
                .current_item()
                .and_then(|item| item.entries.last())
                .filter(|e| e.id == first_id);
            if made.is_some_and(|e| e.at == event.at && self.captures_exactly(&event.kind, e)) {
                self.log_captured(first_id);
                return;
            }
        }
        self.effective.push(Logged::Full(Box::new(event.clone())));
    }

    /// Keeps the event that made entry `id`, which holds exactly what it said, as a
    /// reference to it: one more in the run before it when there is one.
    pub(super) fn log_captured(&mut self, id: u64) {
        match self.effective.last_mut() {
            Some(Logged::Captured { first, count }) if *first + *count == id => *count += 1,
            _ => self.effective.push(Logged::Captured {
                first: id,
                count: 1,
            }),
        }
    }

    /// [`Meeting::apply`] for an event the caller gives away (a replay): the text of a note,
    /// an outcome or a topic moves into its entry instead of being copied. The same checks
    /// and the same result as `apply`.
    pub fn apply_owned(&mut self, event: Event) -> Result<(), Rejected> {
        // A participant's event (`by`) is kept whole, like every event but a plain capture.
        let at = event.at;
        let capture = match event {
            Event {
                kind: EventKind::Capture(capture),
                by: None,
                ..
            } => capture,
            event => return self.apply(&event),
        };
        if !capture.entry_holds_all() {
            return self.apply(&Event::new(at, EventKind::Capture(capture)));
        }
        self.check_time(at)?;
        let first_id = self.next_entry_id;
        self.take(capture, at)?;
        self.last_at = Some(at);
        self.in_effect += 1;
        self.log_captured(first_id);
        Ok(())
    }

    pub(super) fn undo(&mut self, at: DateTime<Utc>) -> Result<(), Rejected> {
        if self.in_effect == 0 {
            return reject("nothing to undo");
        }
        // Every event but the last, applied again one at a time as each is made.
        let mut rebuilt = Meeting::new(self.agenda.clone());
        let mut refused = 0usize;
        self.each_event(self.in_effect - 1, |e| {
            refused += usize::from(rebuilt.apply_owned(e).is_err());
        });
        debug_assert!(refused == 0, "a prefix of applied events must replay");
        // Time still moves on: the clock of an undo is the undo's own.
        rebuilt.last_at = Some(at.max(self.last_at.unwrap_or(at)));
        *self = rebuilt;
        Ok(())
    }
}
