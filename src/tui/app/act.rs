//! What each key's action does: the one `match` from [`Action`] to a change of the app or of
//! the meeting, and moving through the record of entries.

use super::*;
use crate::meeting::Choice;

impl App {
    /// What `action` does. Every action is named here, so a new one is a compile error until
    /// it is given its place.
    pub(super) fn act(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::FocusCommand => self.focus_command(),
            Action::FocusCapture => self.focus_capture(),
            Action::Help => self.overlay = Some(Overlay::Help(0)),
            Action::Quit => self.quit_asking(now),
            Action::Next => self.next_item(now),
            Action::Prev => self.previous_item(now),
            Action::StartPause => self.start_or_pause(now),
            Action::Extend => self.extend_current(now),
            Action::Defer => self.defer_selected(now),
            Action::Goto => self.goto_selected(now),
            Action::Undo => self.undo_last(now),
            Action::ShowActions => self.show_actions_by_owner(),
            Action::ShowBackground => self.show_background(),
            Action::FocusRoster => self.focus = Focus::Roster,
            Action::FocusAgenda => self.leave_to_agenda(),
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::MarkPresent => self.mark_selected_present(now),
            Action::RollCall => self.start_roll_call(),
            Action::RollPresent => self.roll_step(Some(Presence::Present), now),
            Action::RollRegrets => self.roll_step(Some(Presence::Regrets), now),
            Action::RollAbsent => self.roll_step(Some(Presence::Absent), now),
            Action::RollSkip => self.roll_step(None, now),
            Action::RollBack => self.roll_back(now),
            Action::RollDone => self.end_roll_call(),
            Action::StartVote => self.start_vote(now),
            Action::VoteYes => self.vote_step(Some(Choice::Yes), false, now),
            Action::VoteNo => self.vote_step(Some(Choice::No), false, now),
            Action::VoteAbstain => self.vote_step(Some(Choice::Abstain), false, now),
            Action::VoteRecused => self.vote_step(None, true, now),
            Action::VoteSkip => self.vote_step(None, false, now),
            Action::VoteBack => self.vote_back(now),
            Action::VoteClose => self.close_vote(now),
            Action::VoteLeave => self.leave_vote(),
            // The windows' own keys: taken by `on_overlay_key`.
            Action::EndMeeting
            | Action::KeepOpen
            | Action::Stay
            | Action::ApplyPlan
            | Action::ApplyReport
            | Action::CancelReport
            | Action::ScrollDown
            | Action::ScrollUp
            | Action::PageDown
            | Action::PageUp
            | Action::ScrollTop => {}
            Action::Regrets => self.mark_selected(Some(Presence::Regrets), now),
            Action::MarkLeft => self.mark_selected(Some(Presence::Left), now),
            Action::Absent => self.mark_selected(Some(Presence::Absent), now),
            Action::RefuseClaim => self.answer_selected_claim(false, now),
            Action::Submit => self.submit(now),
            Action::ClearLine => self.clear_capture_line(now),
            Action::Complete if self.owner_fix_pending() => self.take_nearest(0),
            Action::Complete => self.complete(),
            Action::TakeNearest1 => self.take_nearest(0),
            Action::TakeNearest2 => self.take_nearest(1),
            Action::TakeNearest3 => self.take_nearest(2),
            Action::HistoryPrev => self.capture.recall(-1),
            Action::HistoryNext => self.capture.recall(1),
            Action::WriteMinutes => self.write_minutes(),
            Action::FocusEntries => self.focus_entries(),
            Action::EditEntry => self.start_edit(),
            Action::DeleteEntry => self.delete_selected_entry(now),
            Action::MoveUp | Action::MoveDown => {
                self.move_selected_item(action == Action::MoveUp, now)
            }
            Action::Rebalance => self.propose_rebalance(now),
            Action::Speak => self.give_floor(now),
            Action::OpenEditor => self.effects.push(Effect::OpenEditor),
            Action::CopyMinutes => self.copy_minutes(now),
            Action::QueuePerson => self.queue_selected_person(now),
        }
    }

    /// Puts `/` on an empty capture line and focuses it.
    fn focus_command(&mut self) {
        self.roll = None;
        self.focus = Focus::Capture;
        if self.capture.is_empty() {
            self.capture.set("/".into());
        }
    }

    /// Focuses the capture line for a note.
    fn focus_capture(&mut self) {
        self.roll = None;
        self.focus = Focus::Capture;
    }

    /// Quits: a participant leaves; an ended meeting quits; else the quit question.
    fn quit_asking(&mut self, now: DateTime<Utc>) {
        // A participant leaves the meeting, never ends it: what waits in the outbox
        // is sent at the next `gavel join`.
        if self.pending_from().is_some() {
            self.exit = Some(Exit::KeepOpen);
        } else if self.clerk.meeting().phase() == Phase::Ended {
            self.quit_unless_unsaved(Exit::Finished, now);
        } else {
            self.overlay = Some(Overlay::ConfirmQuit);
        }
    }

    /// Moves on to the next item.
    fn next_item(&mut self, now: DateTime<Utc>) {
        if self.apply_kind(EventKind::Next, now) {
            self.say_current("Now on");
        }
    }

    /// Goes back to the previous item.
    fn previous_item(&mut self, now: DateTime<Utc>) {
        if self.apply_kind(EventKind::Prev, now) {
            self.say_current("Back to");
        }
    }

    /// Starts the meeting, or pauses or resumes the clocks.
    fn start_or_pause(&mut self, now: DateTime<Utc>) {
        enum Clock {
            Start,
            Pause,
            Resume,
        }
        let clock = match (
            self.clerk.meeting().phase(),
            self.clerk.meeting().is_paused(),
        ) {
            (Phase::NotStarted, _) => Clock::Start,
            (_, true) => Clock::Resume,
            _ => Clock::Pause,
        };
        let kind = match clock {
            Clock::Start => EventKind::Start,
            Clock::Pause => EventKind::Pause,
            Clock::Resume => EventKind::Resume,
        };
        if self.apply_kind(kind, now) {
            let key = self.keymap.key(Action::StartPause, Context::Agenda);
            match clock {
                Clock::Start => self.say_current("Meeting started: now on"),
                Clock::Pause => self.say(&format!(
                    "Paused: the clocks stand still until {key} resumes them."
                )),
                Clock::Resume => self.say("Resumed: the clocks run again."),
            }
        }
    }

    /// Gives the current item five more minutes.
    fn extend_current(&mut self, now: DateTime<Utc>) {
        if self.apply_kind(EventKind::Extend { secs: 300 }, now) {
            if let Some(i) = self.clerk.meeting().current() {
                let item = &self.clerk.meeting().items()[i];
                let text = format!(
                    "Extended {}. {} by 5m to {} ({} undoes).",
                    i + 1,
                    item.title,
                    crate::tui::text::minutes(item.timebox),
                    self.keymap.key(Action::Undo, Context::Agenda)
                );
                self.say(&text);
            }
        }
    }

    /// Defers the selected item to the next meeting.
    fn defer_selected(&mut self, now: DateTime<Utc>) {
        let item = self.agenda_selected;
        let title = self
            .clerk
            .meeting()
            .items()
            .get(item)
            .map(|i| i.title.clone())
            .unwrap_or_default();
        if self.apply_kind(EventKind::Defer { item }, now) {
            let text = format!(
                "Deferred {}. {title} to the next meeting ({} undoes; /goto {} takes it up today).",
                item + 1,
                self.keymap.key(Action::Undo, Context::Agenda),
                item + 1
            );
            self.say(&text);
        }
    }

    /// Takes up the selected item.
    fn goto_selected(&mut self, now: DateTime<Utc>) {
        let kind = if self.clerk.meeting().phase() == Phase::NotStarted {
            self.say_error("the meeting has not started: press s to start it");
            return;
        } else {
            EventKind::Goto {
                item: self.agenda_selected,
            }
        };
        if self.apply_kind(kind, now) {
            self.say_current("Now on");
        }
    }

    /// Undoes the last change and says what it was.
    fn undo_last(&mut self, now: DateTime<Utc>) {
        let what = self.clerk.meeting().last_event().map(|e| undone(&e.kind));
        if self.apply_kind(EventKind::Undo, now) {
            self.say(&format!("Undid {}.", what.unwrap_or_default()));
        }
    }

    /// Shows the actions so far, by owner.
    fn show_actions_by_owner(&mut self) {
        self.overlay = Some(Overlay::Show {
            title: "Actions so far".into(),
            body: actions_by_owner(self.clerk.meeting()),
        })
    }

    /// Shows the item's background in full (the item pane folds a long one on a short
    /// screen): the running item, else the one selected in the agenda.
    fn show_background(&mut self) {
        let m = self.clerk.meeting();
        let index = m.current().unwrap_or(self.agenda_selected);
        let Some(item) = m.items().get(index) else {
            return;
        };
        let Some(bg) = &item.background else {
            self.say_error("this item has no background");
            return;
        };
        let mut body = crate::text::display_lines(bg).join("\n");
        for link in &item.links {
            body.push_str(&format!("\n↗ {link}"));
        }
        self.overlay = Some(Overlay::Show {
            title: format!("{}. {}", index + 1, item.title),
            body,
        })
    }

    /// Back to the agenda: ends a roll call and clears the filter.
    fn leave_to_agenda(&mut self) {
        self.roll = None;
        self.roster_filter.clear();
        self.focus = Focus::Agenda;
    }

    /// Marks the selected person present and clears the filter.
    fn mark_selected_present(&mut self, now: DateTime<Utc>) {
        self.mark_selected(Some(Presence::Present), now);
        let person = self.selected_person();
        self.roster_filter.clear();
        self.select_person(person);
    }

    /// Ends the roll call with what it marked.
    fn end_roll_call(&mut self) {
        let summary = self.roll_summary();
        self.roll = None;
        self.focus = Focus::Agenda;
        self.say(&format!("Roll call ended: {summary}."));
    }

    /// Clears the capture line (cancelling an edit) and leaves it.
    fn clear_capture_line(&mut self, now: DateTime<Utc>) {
        if self.editing.take().is_some() {
            self.capture.clear();
            self.focus = Focus::Entries;
            self.say("Edit cancelled.");
            return;
        }
        self.capture.discard(now);
        self.focus = Focus::Agenda;
    }

    /// Goes through the record of entries, from the last.
    fn focus_entries(&mut self) {
        if self.record().is_empty() {
            self.say_error("nothing captured here yet");
        } else {
            self.focus = Focus::Entries;
            self.entry_selected = self.record().len() - 1;
        }
    }

    /// Deletes the selected entry.
    fn delete_selected_entry(&mut self, now: DateTime<Utc>) {
        if let Some(&id) = self.record().get(self.entry_selected) {
            if self.apply_kind(EventKind::DeleteEntry { entry: id }, now) {
                self.say("Entry deleted (u undoes).");
                let len = self.record().len();
                self.entry_selected = self.entry_selected.min(len.saturating_sub(1));
                if len == 0 {
                    self.focus = Focus::Agenda;
                }
            }
        }
    }

    /// Moves the selected item up or down the agenda.
    fn move_selected_item(&mut self, up: bool, now: DateTime<Utc>) {
        let from = self.agenda_selected;
        let to = if up {
            from.checked_sub(1)
        } else {
            Some(from + 1).filter(|t| *t < self.clerk.meeting().items().len())
        };
        if let Some(to) = to {
            if self.apply_kind(EventKind::MoveItem { from, to }, now) {
                self.agenda_selected = to;
                let title = self.clerk.meeting().items()[to].title.clone();
                self.say(&format!("Moved {title} to {}.", to + 1));
            }
        }
    }

    /// Shows time boxes that end the meeting on time.
    fn propose_rebalance(&mut self, now: DateTime<Utc>) {
        match crate::command::rebalance_proposal(self.clerk.meeting(), now) {
            Ok(Command::Show { query, title, body }) => self.show(query, title, body),
            Ok(_) => {}
            Err(e) => self.say_error(&e),
        }
    }

    /// Gives the floor to the next in the queue.
    fn give_floor(&mut self, now: DateTime<Utc>) {
        if self.apply_kind(EventKind::Speak, now) {
            match &self.clerk.meeting().floor() {
                Some(f) => {
                    let name = f.entry.name.clone();
                    self.say(&format!("{name} has the floor."));
                }
                None => self.say("The floor is free."),
            }
        }
    }

    /// Copies the minutes to the clipboard (OSC 52).
    fn copy_minutes(&mut self, now: DateTime<Utc>) {
        let now = self.clerk.meeting().ended_at().unwrap_or(now);
        let private = self.minutes.as_ref().is_some_and(|p| p.private);
        let md = crate::minutes::document(
            self.clerk.meeting(),
            now,
            crate::minutes::Format::Markdown,
            crate::minutes::Options { private },
        );
        self.effects.push(Effect::CopyToClipboard(md));
        self.say("Minutes copied to the clipboard.");
    }

    /// Queues the selected person to speak.
    fn queue_selected_person(&mut self, now: DateTime<Utc>) {
        let rows = self.roster_rows();
        if let Some(&i) = rows.get(self.roster_selected) {
            let name = self.clerk.meeting().attendees()[i].name.clone();
            let kind = EventKind::Queue {
                name: name.clone(),
                kind: crate::meeting::QueueKind::Topic,
                topic: None,
            };
            if self.apply_kind(kind, now) {
                self.say(&format!("{name} is queued."));
            }
        }
    }

    /// The ids of the entries the record view goes through: the current item's while the
    /// meeting runs, every item's after the end.
    pub fn record(&self) -> Vec<u64> {
        let m = self.clerk.meeting();
        if m.phase() == Phase::Ended {
            return m.entries().map(|(_, e)| e.id).collect();
        }
        m.current_item()
            .map(|item| item.entries.iter().map(|e| e.id).collect())
            .unwrap_or_default()
    }

    /// Puts the selected entry on the capture line as the command that would make it.
    pub(super) fn start_edit(&mut self) {
        let Some(&id) = self.record().get(self.entry_selected) else {
            return;
        };
        let Some((i, k)) = self.clerk.meeting().find_entry(id) else {
            return;
        };
        let meeting = self.clerk.meeting();
        let capture = meeting.entry_capture(&meeting.items()[i].entries[k]);
        if !capture.is_editable() {
            self.say_error(
                "links, votes and topics cannot be edited: x deletes, then take it again",
            );
            return;
        }
        let line = capture.command_line();
        self.editing = Some(id);
        self.capture.set(line);
        self.focus = Focus::Capture;
        self.say(
            "Editing: Enter saves, Esc cancels. Change /outcome to /action OWNER: to convert.",
        );
    }

    #[deny(clippy::wildcard_enum_match_arm)]
    pub(super) fn move_selection(&mut self, delta: i64) {
        let roster_len = self.roster_rows().len();
        let record_len = self.record().len();
        let (selected, len) = match self.focus {
            Focus::Roster => (&mut self.roster_selected, roster_len),
            Focus::Entries => (&mut self.entry_selected, record_len),
            Focus::Agenda | Focus::Capture => (
                &mut self.agenda_selected,
                self.clerk.meeting().items().len(),
            ),
        };
        if len == 0 {
            return;
        }
        *selected = (*selected as i64 + delta).clamp(0, len as i64 - 1) as usize;
    }
}
