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
}
