//! Time: the once-a-second tick (asking the loop to retry the disk and to save the draft),
//! the overrun cues, and when the loop should wake next.

use super::*;

impl App {
    /// Called about once a second: asks the loop to retry saving while changes wait for the
    /// disk, and to save the draft when it has settled.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        if self.clerk.refused() > 0 {
            self.effects.push(Effect::Save(Save::Retry));
        }
        if self.capture.draft_due(now) {
            self.save_draft();
        }
        self.overrun_cues(now);
    }

    /// What came of a write the loop made (`Effect::Save`): the disk's refusal said on the
    /// status line (the change stays in memory, retried every second), its recovery said;
    /// for a quit, the quit goes ahead or is refused (then `Q` quits anyway).
    pub fn saved(&mut self, save: Save, result: Result<(), Unsaved>) {
        match (save, result) {
            // What the update said of the change stands: it is on disk.
            (Save::Changes, Ok(())) => {}
            (Save::Retry, Ok(())) => {
                // A quit refused for want of the disk is refused no longer: `q` now quits.
                self.quit_refused = false;
                self.say("Saved to disk again; nothing was lost.")
            }
            // A refused quit's message stays until the next key: it says what Q does.
            (Save::Changes | Save::Retry, Err(_)) if self.quit_refused => {}
            (Save::Changes | Save::Retry, Err(unsaved)) => {
                self.status = Some(Status::NotSaved(unsaved))
            }
            (Save::Quit(exit), Ok(())) => self.exit = Some(exit),
            (Save::Quit(_), Err(unsaved)) => {
                self.quit_refused = true;
                self.status = Some(Status::Error(format!(
                    "Not quitting: {} change(s) are not saved to disk. Q quits anyway (they go \
                     to a rescue file); any other key stays, retrying every second. ({})",
                    unsaved.pending, unsaved.reason
                )));
            }
        }
    }

    /// A flash (and the bell, when asked for) the moment the running item reaches its time
    /// box, and again when the meeting reaches its planned end. Each is given once.
    pub(super) fn overrun_cues(&mut self, now: DateTime<Utc>) {
        let m = self.clerk.meeting();
        if m.phase() != Phase::Running || m.is_paused() {
            return;
        }
        let mut cue = false;
        if let Some(i) = m.current() {
            let item = &m.items()[i];
            let key = (i, item.title.clone());
            if item.used_at(now) >= item.timebox && self.cued_item.as_ref() != Some(&key) {
                self.cued_item = Some(key);
                cue = true;
            }
        }
        if !self.cued_end && now >= m.planned_end() {
            self.cued_end = true;
            cue = true;
        }
        if cue {
            self.flash_until = Some(now + Duration::seconds(1));
            if self.bell {
                self.effects.push(Effect::Bell);
            }
        }
    }

    /// Whether the header is flashing at `now`.
    pub fn flashing(&self, now: DateTime<Utc>) -> bool {
        self.flash_until.is_some_and(|t| now < t)
    }

    /// Asks the loop to save the capture line now if it changed (`Effect::SaveDraft`; also
    /// on every way out).
    pub fn save_draft(&mut self) {
        if let Some(draft) = self.capture.draft_to_save() {
            self.effects.push(Effect::SaveDraft(draft));
        }
    }

    /// The loop saved the draft (`Effect::SaveDraft`), or could not: said, not fatal (the
    /// next tick tries again).
    pub fn draft_saved(&mut self, draft: String, result: std::io::Result<()>) {
        match result {
            Ok(()) => self.capture.draft_saved(draft),
            Err(e) => self.say_error(&format!("could not save the line being typed: {e}")),
        }
    }

    /// How long the loop may sleep before something on screen or on disk is due.
    pub fn next_wake(&self, now: DateTime<Utc>) -> std::time::Duration {
        let ms_into_second = i64::from(now.timestamp_subsec_millis());
        let clock_running =
            self.clerk.meeting().phase() == Phase::Running && !self.clerk.meeting().is_paused();
        let mut wait_ms = if clock_running {
            1000 - ms_into_second
        } else {
            let secs_into_minute = now.timestamp().rem_euclid(60);
            (60 - secs_into_minute) * 1000 - ms_into_second
        };
        if self.clerk.refused() > 0 {
            wait_ms = wait_ms.min(1000 - ms_into_second);
        }
        if let Some(due) = self.capture.draft_due_in_ms(now) {
            // Wake when the draft is due, not at the second boundary after that: the line
            // being typed is then on disk about a second after the last keystroke (at the
            // boundary it could take two seconds and a little more). After a failed save
            // (already due), retry once a second.
            wait_ms = wait_ms.min(if due > 0 { due } else { 1000 - ms_into_second });
        }
        std::time::Duration::from_millis(wait_ms.clamp(1, 60_000) as u64)
    }

    /// The key of what the clock shows: when it changes, the screen needs drawing.
    pub fn clock_key(&self, now: DateTime<Utc>) -> i64 {
        if self.clerk.meeting().phase() == Phase::Running && !self.clerk.meeting().is_paused() {
            now.timestamp()
        } else {
            now.timestamp().div_euclid(60)
        }
    }
}
