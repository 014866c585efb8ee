//! How the meeting moves through its agenda: starting, moving between items, pausing,
//! deferring, adding and reordering items, rebalancing the time boxes, ending. Each handler
//! is called from [`Meeting::apply`] only.

use super::*;

impl Meeting {
    pub(super) fn require_running(&self, what: &str) -> Result<(), Rejected> {
        match self.phase {
            Phase::NotStarted => reject(format!("{NOT_STARTED}: /start it before {what}")),
            Phase::Ended => reject(format!("the meeting has ended: {what} no longer applies")),
            Phase::Running => Ok(()),
        }
    }

    pub(super) fn check_item(&self, item: usize) -> Result<(), Rejected> {
        if item >= self.items.len() {
            return reject(format!(
                "there is no item {}: the agenda has {} items",
                item + 1,
                self.items.len()
            ));
        }
        Ok(())
    }

    pub(super) fn start(&mut self, at: DateTime<Utc>) -> Result<(), Rejected> {
        match self.phase {
            Phase::Running => return reject("the meeting is already running"),
            Phase::Ended => return reject("the meeting has ended"),
            Phase::NotStarted => {}
        }
        self.phase = Phase::Running;
        self.started_at = Some(at);
        if let Some(first) = self.next_open_item() {
            self.open(first, at);
        }
        Ok(())
    }

    /// The next item that is neither done nor deferred: after the current one first, then
    /// any left behind before it.
    pub(super) fn next_open_item(&self) -> Option<usize> {
        let start = self.current.map_or(0, |c| c + 1);
        let open = |i: &usize| self.items[*i].status == ItemStatus::Pending;
        (start..self.items.len())
            .find(open)
            .or_else(|| (0..start.min(self.items.len())).find(open))
    }

    /// Closes the current item (leaving it `left_as`) and opens `to`.
    pub(super) fn move_to(&mut self, to: usize, at: DateTime<Utc>, left_as: ItemStatus) {
        self.close_current(at, left_as);
        self.open(to, at);
    }

    pub(super) fn open(&mut self, i: usize, at: DateTime<Utc>) {
        let paused = self.is_paused();
        let waiting = std::mem::take(&mut self.items[i].waiting);
        self.queue.extend(waiting);
        let item = &mut self.items[i];
        item.status = ItemStatus::Running;
        item.running_since = if paused { None } else { Some(at) };
        self.current = Some(i);
    }

    pub(super) fn close_current(&mut self, at: DateTime<Utc>, left_as: ItemStatus) {
        let Some(i) = self.current.take() else {
            return;
        };
        self.end_floor_with_item(at, i);
        let unheard = std::mem::take(&mut self.queue);
        let item = &mut self.items[i];
        item.used = item.used_at(at);
        item.running_since = None;
        item.status = left_as;
        item.unheard.extend(unheard);
    }

    pub(super) fn pause(&mut self, at: DateTime<Utc>) -> Result<(), Rejected> {
        self.require_running("/pause")?;
        if self.is_paused() {
            return reject("the meeting is already paused: /resume to go on");
        }
        self.paused_since = Some(at);
        if let Some(i) = self.current {
            let item = &mut self.items[i];
            item.used = item.used_at(at);
            item.running_since = None;
        }
        if let Some(f) = &mut self.floor {
            f.used = f.used_at(at);
            f.running_since = None;
        }
        Ok(())
    }

    pub(super) fn resume(&mut self, at: DateTime<Utc>) -> Result<(), Rejected> {
        self.require_running("/resume")?;
        let Some(paused) = self.paused_since.take() else {
            return reject("the meeting is not paused");
        };
        self.paused_total += (at - paused).num_seconds().max(0);
        if let Some(i) = self.current {
            self.items[i].running_since = Some(at);
        }
        if let Some(f) = &mut self.floor {
            f.running_since = Some(at);
        }
        Ok(())
    }

    #[deny(clippy::wildcard_enum_match_arm)]
    pub(super) fn defer(&mut self, item: usize, at: DateTime<Utc>) -> Result<(), Rejected> {
        if self.phase == Phase::Ended {
            return reject("the meeting has ended: /defer no longer applies");
        }
        self.check_item(item)?;
        match self.items[item].status {
            ItemStatus::Done => {
                return reject(format!(
                    "item {} is already done: /goto {} reopens it",
                    item + 1,
                    item + 1
                ))
            }
            ItemStatus::Deferred => {
                return reject(format!("item {} is already deferred", item + 1))
            }
            ItemStatus::Pending | ItemStatus::Running => {}
        }
        if self.current == Some(item) {
            let next = self.next_open_item();
            self.close_current(at, ItemStatus::Deferred);
            if let Some(to) = next {
                self.open(to, at);
            }
        } else {
            self.items[item].status = ItemStatus::Deferred;
        }
        Ok(())
    }

    pub(super) fn add_item(
        &mut self,
        title: &str,
        presenter: Option<String>,
        timebox: Secs,
    ) -> Result<(), Rejected> {
        if self.phase == Phase::Ended {
            return reject("the meeting has ended: /add no longer applies");
        }
        if title.trim().is_empty() {
            return reject("an item needs a title: /add TITLE [@presenter] [10m]");
        }
        if timebox <= 0 {
            return reject("an item's time box must be more than zero");
        }
        if timebox > crate::agenda::MAX_DURATION_SECS {
            return reject("an item's time box is at most a week");
        }
        let item = Item {
            title: title.to_string(),
            presenter,
            timebox,
            planned: timebox,
            kind: ItemKind::Discussion,
            background: None,
            links: Vec::new(),
            fixed: false,
            standing: false,
            speaker_limit: None,
            added: true,
            status: ItemStatus::Pending,
            used: 0,
            running_since: None,
            entries: Vec::new(),
            speakers: Vec::new(),
            unheard: Vec::new(),
            waiting: Vec::new(),
            recused: Vec::new(),
        };
        let pos = self.current.map_or(self.items.len(), |c| c + 1);
        self.items.insert(pos, item);
        for action in &mut self.actions {
            if let Some(i) = action.item.as_mut() {
                if *i >= pos {
                    *i += 1;
                }
            }
        }
        Ok(())
    }

    pub(super) fn end(&mut self, at: DateTime<Utc>) -> Result<(), Rejected> {
        self.require_running("/end")?;
        if self.is_paused() {
            self.resume(at)?;
        }
        self.close_current(at, ItemStatus::Done);
        self.phase = Phase::Ended;
        self.ended_at = Some(at);
        Ok(())
    }

    pub(super) fn rebalance(&mut self, plan: &[(usize, Secs)]) -> Result<(), Rejected> {
        self.require_running("/rebalance")?;
        if plan.is_empty() {
            return reject("there is nothing left to rebalance");
        }
        for &(i, secs) in plan {
            self.check_item(i)?;
            if secs <= 0 || self.items[i].fixed {
                return reject(format!("item {} cannot take that time box", i + 1));
            }
            if secs > crate::agenda::MAX_DURATION_SECS {
                return reject(format!("item {}'s time box is at most a week", i + 1));
            }
        }
        for &(i, secs) in plan {
            self.items[i].timebox = secs;
        }
        Ok(())
    }

    pub(super) fn follow_up(&mut self, title: &str, timebox: Secs) -> Result<(), Rejected> {
        self.require_running("/followup")?;
        let Some(current) = self.current else {
            return reject("no item is running to follow up");
        };
        if self.queue.is_empty() {
            return reject("nobody is queued: /add makes a new item");
        }
        self.add_item(title, None, timebox)?;
        let queue = std::mem::take(&mut self.queue);
        self.items[current + 1].waiting = queue;
        Ok(())
    }

    pub(super) fn move_item(&mut self, from: usize, to: usize) -> Result<(), Rejected> {
        if self.phase == Phase::Ended {
            return reject("the meeting has ended: the agenda can no longer be reordered");
        }
        self.check_item(from)?;
        self.check_item(to)?;
        if from == to {
            return Ok(());
        }
        let item = self.items.remove(from);
        self.items.insert(to, item);
        let moved = |i: usize| {
            if i == from {
                to
            } else if from < to && i > from && i <= to {
                i - 1
            } else if to < from && i >= to && i < from {
                i + 1
            } else {
                i
            }
        };
        self.current = self.current.map(moved);
        for action in &mut self.actions {
            action.item = action.item.map(moved);
        }
        Ok(())
    }
}

impl Meeting {
    /// Moves on to the next open item, closing the current one.
    pub(super) fn next_item(&mut self, at: DateTime<Utc>) -> Result<(), Rejected> {
        self.require_running("/next")?;
        let Some(to) = self.next_open_item() else {
            return reject("no item left to move to: /end closes the meeting");
        };
        self.move_to(to, at, ItemStatus::Done);
        Ok(())
    }

    /// Goes back to the item before the current one (not a deferred one).
    pub(super) fn previous_item(&mut self, at: DateTime<Utc>) -> Result<(), Rejected> {
        self.require_running("/prev")?;
        let from = self.current.unwrap_or(self.items.len());
        let Some(to) = (0..from)
            .rev()
            .find(|&i| self.items[i].status != ItemStatus::Deferred)
        else {
            return reject("there is no earlier item to go back to");
        };
        self.move_to(to, at, ItemStatus::Pending);
        Ok(())
    }

    /// Takes up `item`, closing the current one.
    pub(super) fn go_to(&mut self, item: usize, at: DateTime<Utc>) -> Result<(), Rejected> {
        self.require_running("/goto")?;
        self.check_item(item)?;
        if self.current == Some(item) {
            return Ok(());
        }
        self.move_to(item, at, ItemStatus::Done);
        Ok(())
    }

    /// Gives the current item `secs` more, up to a week in all.
    pub(super) fn extend_current(&mut self, secs: Secs) -> Result<(), Rejected> {
        self.require_running("/extend")?;
        if secs <= 0 {
            return reject("extend by a positive time, like /extend 5m");
        }
        if secs > MAX_DURATION_SECS {
            return reject("extend by at most a week, like /extend 5m");
        }
        let Some(i) = self.current else {
            return reject("no item is running to extend");
        };
        match self.items[i].timebox.checked_add(secs) {
            Some(t) if t <= MAX_DURATION_SECS => self.items[i].timebox = t,
            _ => return reject("an item's time box is at most a week"),
        }
        Ok(())
    }
}
