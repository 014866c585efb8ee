//! The live screen's state and its update function. Keys become events for the
//! [`Clerk`], which applies and records them; nothing else changes the meeting. What the
//! update cannot do itself (write the minutes, talk to the terminal, run the editor) it
//! queues as an [`Effect`] for the loop. Time is always passed in, so tests drive the app
//! with an injected clock.

use super::capture::CaptureLine;
use super::keys::{self, Action, Context};
use crate::clerk::{Clerk, Recorded, Taken, Unsaved};
use crate::command::{actions_by_owner, complete_command, Command, Query};
use crate::meeting::{Event, EventKind, ItemStatus, Meeting, Phase, Presence};
use crate::minutes::files::MinutesFiles;
use crate::recorder::Recorder;
use chrono::{DateTime, Duration, Utc};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use std::path::PathBuf;
use tui_input::InputRequest;

/// Which pane takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Agenda,
    Roster,
    Capture,
    /// Going through the record: entries of the current item, or all after the end.
    Entries,
}

/// A window over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The help, scrolled down this many lines.
    Help(u16),
    Show {
        title: String,
        body: String,
    },
    /// A proposed re-plan: Enter applies it.
    Plan {
        body: String,
    },
    ConfirmQuit,
}

/// The status line's message, by kind; the view renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
    /// Changes could not be written: the disk's reason, and how many are only in memory.
    NotSaved(Unsaved),
}

impl Status {
    pub fn is_error(&self) -> bool {
        !matches!(self, Status::Info(_))
    }

    /// The message as a sentence.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Status::Info(t) | Status::Error(t) => t.into(),
            Status::NotSaved(u) => format!(
                "NOT SAVED to disk ({}); {} change(s) kept in memory, retrying every second",
                u.reason, u.pending
            )
            .into(),
        }
    }
}

/// What the update asks the loop to do: things outside the app's state (the disk, the
/// terminal, another program). The loop takes them after every update (`App::take_effects`)
/// and hands back what came of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the minutes to these files, then call `App::minutes_written`.
    WriteMinutes(MinutesFiles),
    /// Bytes for the terminal (an OSC 52 clipboard request), written after the next frame.
    CopyToClipboard(Vec<u8>),
    /// Ring the terminal bell (after the next frame).
    Bell,
    /// Hand the terminal to the editor for the capture line, then call `App::editor_done`.
    OpenEditor,
}

/// What happened when the minutes were last written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Ok(Vec<PathBuf>),
    Failed(String),
}

/// How the app wants to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The meeting ended and the moderator quit the summary.
    Finished,
    /// The moderator quit with the session kept open to resume.
    KeepOpen,
}

pub struct App {
    /// The meeting and where its events go.
    clerk: Clerk,
    capture: CaptureLine,
    focus: Focus,
    overlay: Option<Overlay>,
    status: Option<Status>,
    agenda_selected: usize,
    roster_selected: usize,
    roster_filter: String,
    /// The selected entry while going through the record (an index into `record()`).
    entry_selected: usize,
    /// The entry being edited on the capture line.
    editing: Option<u64>,
    minutes: Option<MinutesFiles>,
    written: Option<Written>,
    exit: Option<Exit>,
    /// The terminal's size at the last draw (the help scrolls by its height).
    screen: Rect,
    /// Where the last whole frame drew what a click can pick: kept by whoever draws.
    hits: super::hits::Hits,
    theme: super::theme::Theme,
    /// A name shown in the header for the session (its id), if any.
    session: Option<String>,
    /// Ring the terminal bell when an item reaches its time box or the meeting its end.
    bell: bool,
    /// The header flashes until then (an overrun cue).
    flash_until: Option<DateTime<Utc>>,
    /// Cues already given: the item (by title and position) and the meeting's end.
    cued_item: Option<(usize, String)>,
    cued_end: bool,
    /// From the config file: the header's clock on 12 hours, and more zones to show.
    twelve_hour: bool,
    extra_zones: Vec<crate::agenda::Zone>,
    /// The key bindings, with the config file's overrides.
    keymap: keys::KeyMap,
    /// What the loop has to do, in order (`take_effects`).
    effects: Vec<Effect>,
    /// A quit was refused because changes are not on disk: the next key, if it is `Q`,
    /// quits anyway.
    quit_refused: bool,
    /// The moderator quit with changes not on disk (they go to a rescue file).
    forced_quit: bool,
    /// The roll call, while it goes on.
    roll: Option<RollCall>,
    /// Counts the messages said and the changes taken, so that a key that changes the
    /// screen's state without a word clears a message that no longer holds.
    said: u64,
    changes: u64,
}

/// The roll call under way: the cursor walks the roster in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RollCall {
    /// The person the cursor is on (an index into the attendees); past the last one when
    /// everyone has been called.
    at: usize,
    /// Each step taken, for stepping back: the person, and the event that marked them (None
    /// for a skip).
    steps: Vec<(usize, Option<Event>)>,
}

impl RollCall {
    /// Where the cursor is: an index into the attendees.
    pub fn at(&self) -> usize {
        self.at
    }
}

impl App {
    pub fn new(meeting: Meeting, recorder: Box<dyn Recorder>) -> App {
        App::with_clerk(Clerk::new(meeting, recorder))
    }

    pub fn with_clerk(clerk: Clerk) -> App {
        let current = clerk.meeting().current().unwrap_or(0);
        App {
            clerk,
            capture: CaptureLine::default(),
            focus: Focus::Agenda,
            overlay: None,
            status: None,
            agenda_selected: current,
            roster_selected: 0,
            roster_filter: String::new(),
            entry_selected: 0,
            editing: None,
            minutes: None,
            written: None,
            exit: None,
            screen: Rect::new(0, 0, 80, 24),
            hits: super::hits::Hits::default(),
            theme: super::theme::Theme::from_env(),
            session: None,
            bell: false,
            flash_until: None,
            cued_item: None,
            cued_end: false,
            twelve_hour: false,
            extra_zones: Vec::new(),
            keymap: keys::KeyMap::default(),
            effects: Vec::new(),
            quit_refused: false,
            forced_quit: false,
            roll: None,
            said: 0,
            changes: 0,
        }
    }

    // ---- reading the state (the view, the loop, tests) ----

    pub fn meeting(&self) -> &Meeting {
        self.clerk.meeting()
    }

    pub fn capture(&self) -> &CaptureLine {
        &self.capture
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    pub fn agenda_selected(&self) -> usize {
        self.agenda_selected
    }

    pub fn roster_selected(&self) -> usize {
        self.roster_selected
    }

    pub fn roster_filter(&self) -> &str {
        &self.roster_filter
    }

    pub fn entry_selected(&self) -> usize {
        self.entry_selected
    }

    /// What happened when the minutes were last written.
    pub fn written(&self) -> Option<&Written> {
        self.written.as_ref()
    }

    /// How the app wants to stop, once it does.
    pub fn exit(&self) -> Option<Exit> {
        self.exit
    }

    pub fn screen(&self) -> Rect {
        self.screen
    }

    pub fn theme(&self) -> &super::theme::Theme {
        &self.theme
    }

    pub fn session(&self) -> Option<&str> {
        self.session.as_deref()
    }

    pub fn twelve_hour(&self) -> bool {
        self.twelve_hour
    }

    pub fn extra_zones(&self) -> &[crate::agenda::Zone] {
        &self.extra_zones
    }

    pub fn keymap(&self) -> &keys::KeyMap {
        &self.keymap
    }

    /// The roll call, while it goes on.
    pub fn roll_call(&self) -> Option<&RollCall> {
        self.roll.as_ref()
    }

    // ---- settings (the command line, the config file, the loop) ----

    /// The terminal's size at the last draw.
    /// Where the whole frame just drawn put what a click can pick (see `view::draw`).
    pub fn set_hits(&mut self, hits: super::hits::Hits) {
        self.hits = hits;
    }

    pub fn set_screen(&mut self, screen: Rect) {
        self.screen = screen;
    }

    pub fn theme_mut(&mut self) -> &mut super::theme::Theme {
        &mut self.theme
    }

    pub fn keymap_mut(&mut self) -> &mut keys::KeyMap {
        &mut self.keymap
    }

    pub fn set_session(&mut self, id: String) {
        self.session = Some(id);
    }

    pub fn set_bell(&mut self, bell: bool) {
        self.bell = bell;
    }

    pub fn set_twelve_hour(&mut self, twelve_hour: bool) {
        self.twelve_hour = twelve_hour;
    }

    pub fn set_extra_zones(&mut self, zones: Vec<crate::agenda::Zone>) {
        self.extra_zones = zones;
    }

    /// Where the minutes go when the meeting ends.
    pub fn set_minutes(&mut self, files: MinutesFiles) {
        self.minutes = Some(files);
    }

    // ---- effects ----

    /// What the loop has to do now, in the order asked (taken once).
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The loop wrote the minutes (`Effect::WriteMinutes`).
    pub fn minutes_written(&mut self, written: Written) {
        if let Written::Failed(m) = &written {
            self.say_error(&format!("Minutes not written: {m} (w retries)"));
        }
        self.written = Some(written);
    }

    /// The editor came back (`Effect::OpenEditor`): its text replaces the capture line (still
    /// to be entered).
    pub fn editor_done(&mut self, result: std::io::Result<String>, now: DateTime<Utc>) {
        match result {
            Ok(text) => {
                self.capture.set(text);
                self.focus = Focus::Capture;
                self.capture.touch(now);
                self.say("Back from the editor: Enter records the line.");
            }
            Err(e) => self.say_error(&format!("the editor failed: {e}")),
        }
    }

    /// Puts a restored draft back on the capture line.
    pub fn restore_draft(&mut self, draft: &str) {
        if draft.is_empty() {
            return;
        }
        self.capture.restore(draft);
        self.focus = Focus::Capture;
        self.say("Restored the line you were typing.");
    }

    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::ConfirmQuit) => return Context::QuitQuestion,
            Some(Overlay::Help(_)) => return Context::HelpWindow,
            Some(Overlay::Plan { .. }) => return Context::PlanWindow,
            Some(Overlay::Show { .. }) | None => {}
        }
        if self.focus == Focus::Capture {
            Context::Capture
        } else if self.focus == Focus::Entries {
            Context::Entries
        } else if self.meeting().phase() == Phase::Ended {
            Context::Summary
        } else if self.focus == Focus::Roster && self.roll.is_some() {
            Context::RollCall
        } else if self.focus == Focus::Roster {
            Context::Roster
        } else {
            Context::Agenda
        }
    }

    // ---- input ----

    pub fn on_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if std::mem::take(&mut self.quit_refused) && key.code == KeyCode::Char('Q') {
            self.overlay = None;
            self.forced_quit = self.unsaved() > 0;
            self.exit = Some(if self.clerk.meeting().phase() == Phase::Ended {
                Exit::Finished
            } else {
                Exit::KeepOpen
            });
            return;
        }
        let (said, before) = (self.said, self.state_key());
        self.on_key_inner(key, now);
        // A key that changed things without a word of its own clears a message that no
        // longer holds: what was done, once the meeting changed again; a refusal, once the
        // meeting, the pane or the filter moved on. (Disk trouble stays until it is over.)
        if self.said == said {
            let after = self.state_key();
            let stale = match &self.status {
                Some(Status::Info(_)) => after.0 != before.0,
                Some(Status::Error(_)) => after != before,
                _ => false,
            };
            if stale {
                self.status = None;
            }
        }
    }

    /// What a message on the status line is about: when it changes, the message may no
    /// longer hold.
    /// (A window opening or closing over the panes changes none of it.)
    fn state_key(&self) -> (u64, Focus, usize) {
        (self.changes, self.focus, self.roster_filter.len())
    }

    fn on_key_inner(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        if let Some(overlay) = self.overlay.clone() {
            self.on_overlay_key(&overlay, key, now);
            return;
        }
        match self.context() {
            Context::Capture => self.on_capture_key(key, now),
            Context::Roster => self.on_roster_key(key, now),
            Context::RollCall => {
                if let Some(action) = self.keymap.lookup(&key, Context::RollCall) {
                    self.act(action, now);
                }
            }
            ctx => {
                if let Some(action) = self.keymap.lookup(&key, ctx) {
                    self.act(action, now);
                }
            }
        }
    }

    /// The open window's keys, from the key table (a `[keys]` rebind works here too).
    fn on_overlay_key(&mut self, overlay: &Overlay, key: KeyEvent, now: DateTime<Utc>) {
        let action = self.keymap.lookup(&key, self.context());
        match overlay {
            Overlay::ConfirmQuit => match action {
                Some(Action::EndMeeting) => {
                    self.overlay = None;
                    if self.apply_kind(EventKind::End, now) {
                        self.say("Meeting ended. Minutes written; q quits.");
                    }
                }
                Some(Action::KeepOpen) => {
                    self.overlay = None;
                    self.quit_unless_unsaved(Exit::KeepOpen, now);
                }
                Some(Action::Quit) if self.clerk.meeting().phase() == Phase::Ended => {
                    self.overlay = None;
                    self.quit_unless_unsaved(Exit::Finished, now);
                }
                Some(Action::Stay) => self.overlay = None,
                _ => {}
            },
            Overlay::Help(scroll) => {
                let page = self.screen.height.saturating_sub(4).max(1);
                let next = match action {
                    Some(Action::ScrollDown) => Some(scroll.saturating_add(1)),
                    Some(Action::ScrollUp) => Some(scroll.saturating_sub(1)),
                    Some(Action::PageDown) => Some(scroll.saturating_add(page)),
                    Some(Action::PageUp) => Some(scroll.saturating_sub(page)),
                    Some(Action::ScrollTop) => Some(0),
                    _ => None,
                };
                self.overlay = next.map(Overlay::Help);
            }
            Overlay::Show { .. } => self.overlay = None,
            Overlay::Plan { .. } => {
                self.overlay = None;
                if action == Some(Action::ApplyPlan) {
                    match crate::meeting::rebalance_plan(self.clerk.meeting(), now) {
                        Ok(plan) => {
                            if self.apply_kind(EventKind::Rebalance { plan }, now) {
                                self.say("New time boxes applied (u undoes).");
                            }
                        }
                        Err(e) => self.say_error(&e),
                    }
                }
            }
        }
    }

    fn on_capture_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.act(Action::Quit, now);
            return;
        }
        if let Some(action) = self.keymap.lookup(&key, Context::Capture) {
            self.act(action, now);
            return;
        }
        if let Some(request) = edit_request(&key) {
            if !self.capture.edit(request, now) {
                self.say_error(&format!(
                    "The line is full: an entry holds up to {} KiB.",
                    super::capture::MAX_ENTRY_BYTES / 1024
                ));
            }
        }
    }

    fn on_roster_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let plain = key.modifiers - KeyModifiers::SHIFT == KeyModifiers::NONE;
        match key.code {
            KeyCode::Char(c) if plain && !matches!(c, '/' | '?' | ' ' | '+') => {
                self.roster_filter.push(c);
                self.roster_selected = 0;
            }
            KeyCode::Backspace => {
                let person = self.selected_person();
                self.roster_filter.pop();
                self.select_person(person);
            }
            KeyCode::Esc if !self.roster_filter.is_empty() => {
                // The cursor stays on the person it was on.
                let person = self.selected_person();
                self.roster_filter.clear();
                self.select_person(person);
            }
            _ => {
                if let Some(action) = self.keymap.lookup(&key, Context::Roster) {
                    self.act(action, now);
                }
            }
        }
    }

    pub fn on_mouse(&mut self, mouse: MouseEvent, now: DateTime<Utc>) {
        if mouse.kind != MouseEventKind::Down(MouseButton::Left) || self.overlay.is_some() {
            return;
        }
        let at = Position::new(mouse.column, mouse.row);
        let hits = self.hits;
        if let Some(index) = hits.agenda.and_then(|list| list.at(at)) {
            if index < self.meeting().items().len() {
                self.focus = Focus::Agenda;
                if self.agenda_selected == index {
                    self.act(Action::Goto, now);
                }
                self.agenda_selected = index;
            }
        } else if let Some(row) = hits.roster.and_then(|list| list.at(at)) {
            if row < self.roster_rows().len() {
                self.focus = Focus::Roster;
                self.roster_selected = row;
                self.act(Action::MarkPresent, now);
            }
        }
    }

    fn act(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::FocusCommand => {
                self.roll = None;
                self.focus = Focus::Capture;
                if self.capture.is_empty() {
                    self.capture.set("/".into());
                }
            }
            Action::FocusCapture => {
                self.roll = None;
                self.focus = Focus::Capture;
            }
            Action::Help => self.overlay = Some(Overlay::Help(0)),
            Action::Quit => {
                if self.clerk.meeting().phase() == Phase::Ended {
                    self.quit_unless_unsaved(Exit::Finished, now);
                } else {
                    self.overlay = Some(Overlay::ConfirmQuit);
                }
            }
            Action::Next => {
                if self.apply_kind(EventKind::Next, now) {
                    self.say_current("Now on");
                }
            }
            Action::Prev => {
                if self.apply_kind(EventKind::Prev, now) {
                    self.say_current("Back to");
                }
            }
            Action::StartPause => {
                let kind = match (
                    self.clerk.meeting().phase(),
                    self.clerk.meeting().is_paused(),
                ) {
                    (Phase::NotStarted, _) => EventKind::Start,
                    (_, true) => EventKind::Resume,
                    _ => EventKind::Pause,
                };
                let what = kind.clone();
                if self.apply_kind(kind, now) {
                    let key = self.keymap.key(Action::StartPause, Context::Agenda);
                    match what {
                        EventKind::Start => self.say_current("Meeting started: now on"),
                        EventKind::Pause => self.say(&format!(
                            "Paused: the clocks stand still until {key} resumes them."
                        )),
                        _ => self.say("Resumed: the clocks run again."),
                    }
                }
            }
            Action::Extend => {
                if self.apply_kind(EventKind::Extend { secs: 300 }, now) {
                    if let Some(i) = self.clerk.meeting().current() {
                        let item = &self.clerk.meeting().items()[i];
                        let text = format!(
                            "Extended {}. {} by 5m to {} ({} undoes).",
                            i + 1,
                            item.title,
                            super::text::minutes(item.timebox),
                            self.keymap.key(Action::Undo, Context::Agenda)
                        );
                        self.say(&text);
                    }
                }
            }
            Action::Defer => {
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
            Action::Goto => {
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
            Action::Undo => {
                let what = self
                    .clerk
                    .meeting()
                    .events()
                    .last()
                    .map(|e| undone(&e.kind));
                if self.apply_kind(EventKind::Undo, now) {
                    self.say(&format!("Undid {}.", what.unwrap_or_default()));
                }
            }
            Action::ShowActions => {
                self.overlay = Some(Overlay::Show {
                    title: "Actions so far".into(),
                    body: actions_by_owner(self.clerk.meeting()),
                })
            }
            Action::FocusRoster => self.focus = Focus::Roster,
            Action::FocusAgenda => {
                self.roll = None;
                self.roster_filter.clear();
                self.focus = Focus::Agenda;
            }
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::MarkPresent => {
                self.mark_selected(Some(Presence::Present), now);
                let person = self.selected_person();
                self.roster_filter.clear();
                self.select_person(person);
            }
            Action::RollCall => self.start_roll_call(),
            Action::RollPresent => self.roll_step(Some(Presence::Present), now),
            Action::RollRegrets => self.roll_step(Some(Presence::Regrets), now),
            Action::RollAbsent => self.roll_step(Some(Presence::Absent), now),
            Action::RollSkip => self.roll_step(None, now),
            Action::RollBack => self.roll_back(now),
            Action::RollDone => {
                let summary = self.roll_summary();
                self.roll = None;
                self.focus = Focus::Agenda;
                self.say(&format!("Roll call ended: {summary}."));
            }
            // The windows' own keys: taken by `on_overlay_key`.
            Action::EndMeeting
            | Action::KeepOpen
            | Action::Stay
            | Action::ApplyPlan
            | Action::ScrollDown
            | Action::ScrollUp
            | Action::PageDown
            | Action::PageUp
            | Action::ScrollTop => {}
            Action::Regrets => self.mark_selected(Some(Presence::Regrets), now),
            Action::MarkLeft => self.mark_selected(Some(Presence::Left), now),
            Action::Absent => self.mark_selected(Some(Presence::Absent), now),
            Action::Submit => self.submit(now),
            Action::ClearLine => {
                if self.editing.take().is_some() {
                    self.capture.clear();
                    self.focus = Focus::Entries;
                    self.say("Edit cancelled.");
                    return;
                }
                self.capture.discard(now);
                self.focus = Focus::Agenda;
            }
            Action::Complete => self.complete(),
            Action::HistoryPrev => self.capture.recall(-1),
            Action::HistoryNext => self.capture.recall(1),
            Action::WriteMinutes => self.write_minutes(),
            Action::FocusEntries => {
                if self.record().is_empty() {
                    self.say_error("nothing captured here yet");
                } else {
                    self.focus = Focus::Entries;
                    self.entry_selected = self.record().len() - 1;
                }
            }
            Action::EditEntry => self.start_edit(),
            Action::DeleteEntry => {
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
            Action::MoveUp | Action::MoveDown => {
                let from = self.agenda_selected;
                let to = if action == Action::MoveUp {
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
            Action::Rebalance => {
                match crate::command::rebalance_proposal(self.clerk.meeting(), now) {
                    Ok(Command::Show { query, title, body }) => self.show(query, title, body),
                    Ok(_) => {}
                    Err(e) => self.say_error(&e),
                }
            }
            Action::Speak => {
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
            Action::OpenEditor => self.effects.push(Effect::OpenEditor),
            Action::CopyMinutes => {
                let now = self.clerk.meeting().ended_at().unwrap_or(now);
                let private = self.minutes.as_ref().is_some_and(|p| p.private);
                let md = crate::minutes::document(
                    self.clerk.meeting(),
                    now,
                    crate::minutes::Format::Markdown,
                    crate::minutes::Options { private },
                );
                let in_tmux = std::env::var_os("TMUX").is_some();
                self.effects
                    .push(Effect::CopyToClipboard(super::clipboard::osc52(
                        &md, in_tmux,
                    )));
                self.say("Minutes copied to the clipboard.");
            }
            Action::QueuePerson => {
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
    fn start_edit(&mut self) {
        use crate::meeting::EntryKind;
        let Some(&id) = self.record().get(self.entry_selected) else {
            return;
        };
        let Some((i, k)) = self.clerk.meeting().find_entry(id) else {
            return;
        };
        let entry = &self.clerk.meeting().items()[i].entries[k];
        let private = if entry.private { "/private " } else { "" };
        let line = match &entry.kind {
            EntryKind::Note(t) if entry.private => format!("/private {t}"),
            EntryKind::Note(t) => format!("/note {t}"),
            EntryKind::Outcome(t) => format!("/outcome {private}{t}"),
            EntryKind::Action(a) => {
                let a = &self.clerk.meeting().actions()[*a];
                let due = a.due.map(|d| format!(" due {d}")).unwrap_or_default();
                format!("/action {private}{}: {}{due}", a.owners.join(", "), a.text)
            }
            EntryKind::Link { .. } | EntryKind::Vote(_) | EntryKind::Topic(_) => {
                self.say_error(
                    "links, votes and topics cannot be edited: x deletes, then take it again",
                );
                return;
            }
        };
        self.editing = Some(id);
        self.capture.set(line);
        self.focus = Focus::Capture;
        self.say(
            "Editing: Enter saves, Esc cancels. Change /outcome to /action OWNER: to convert.",
        );
    }

    fn move_selection(&mut self, delta: i64) {
        let roster_len = self.roster_rows().len();
        let record_len = self.record().len();
        let (selected, len) = match self.focus {
            Focus::Roster => (&mut self.roster_selected, roster_len),
            Focus::Entries => (&mut self.entry_selected, record_len),
            _ => (
                &mut self.agenda_selected,
                self.clerk.meeting().items().len(),
            ),
        };
        if len == 0 {
            return;
        }
        *selected = (*selected as i64 + delta).clamp(0, len as i64 - 1) as usize;
    }

    /// Roster rows shown: everyone (roster, then guests) whose name matches the filter (a
    /// prefix of the name or a word of it, its initials, punctuation ignored: see
    /// `meeting::filter_matches`).
    pub fn roster_rows(&self) -> Vec<usize> {
        let filter = &self.roster_filter;
        self.clerk
            .meeting()
            .attendees()
            .iter()
            .enumerate()
            .filter(|(_, a)| filter.is_empty() || crate::meeting::filter_matches(&a.name, filter))
            .map(|(i, _)| i)
            .collect()
    }

    /// Marks the selected person's attendance. Marking someone present who already is
    /// changes nothing and says so: taking someone off is its own key.
    /// Called "mark", not "tick": `tick` is the clock's once-a-second call.
    fn mark_selected(&mut self, status: Option<Presence>, now: DateTime<Utc>) {
        let rows = self.roster_rows();
        let Some(&index) = rows.get(self.roster_selected) else {
            self.say_error("nobody matches the filter");
            return;
        };
        let person = &self.clerk.meeting().attendees()[index];
        let status = status.unwrap_or(Presence::Present);
        let name = person.name.clone();
        if status == Presence::Present && person.presence == Presence::Present {
            let key = self.keymap.key(Action::Absent, Context::Roster);
            self.say(&format!(
                "{name} is already present (kept; {key} marks absent)."
            ));
            return;
        }
        if self.apply_kind(
            EventKind::Attendance {
                names: vec![name.clone()],
                status,
            },
            now,
        ) {
            self.say(&format!("{name}: {}", presence_word(status)));
            self.select_person(Some(index));
        }
    }

    /// The person under the roster's cursor (an index into the attendees).
    fn selected_person(&self) -> Option<usize> {
        self.roster_rows().get(self.roster_selected).copied()
    }

    /// Puts the roster's cursor on `person` if the list shows them, else on the top.
    fn select_person(&mut self, person: Option<usize>) {
        self.roster_selected = person
            .and_then(|p| self.roster_rows().iter().position(|&i| i == p))
            .unwrap_or(0);
    }

    // ---- the roll call ----

    /// The next roster member (not a guest) from `from` on, in the roster's order.
    fn roll_next(&self, from: usize) -> usize {
        let people = self.clerk.meeting().attendees();
        (from..people.len())
            .find(|&i| !people[i].guest)
            .unwrap_or(people.len())
    }

    fn start_roll_call(&mut self) {
        self.roster_filter.clear();
        self.focus = Focus::Roster;
        let people = self.clerk.meeting().attendees();
        let first_open = (0..people.len())
            .find(|&i| !people[i].guest && people[i].presence == Presence::Unknown);
        let at = first_open.unwrap_or_else(|| self.roll_next(0));
        self.roll = Some(RollCall {
            at,
            steps: Vec::new(),
        });
        self.roll_cursor();
        self.say_roll("Roll call");
    }

    /// Keeps the roster's cursor on the person called.
    fn roll_cursor(&mut self) {
        if let Some(roll) = &self.roll {
            let last = self.clerk.meeting().attendees().len().saturating_sub(1);
            self.roster_selected = roll.at.min(last);
        }
    }

    /// Marks the person called (None: skips them) and moves to the next.
    fn roll_step(&mut self, status: Option<Presence>, now: DateTime<Utc>) {
        let Some(at) = self.roll.as_ref().map(|r| r.at) else {
            return;
        };
        let Some(person) = self.clerk.meeting().attendees().get(at) else {
            let text = format!(
                "Roll call complete: {}. {} ends it, {} steps back.",
                self.roll_summary(),
                self.keymap.key(Action::RollDone, Context::RollCall),
                self.keymap.key(Action::RollBack, Context::RollCall)
            );
            self.say(&text);
            return;
        };
        let name = person.name.clone();
        let event = match status {
            Some(status) => {
                let event = Event::new(
                    now,
                    EventKind::Attendance {
                        names: vec![name.clone()],
                        status,
                    },
                );
                if !self.apply(event.clone()) {
                    return;
                }
                Some(event)
            }
            None => None,
        };
        let next = self.roll_next(at + 1);
        if let Some(roll) = &mut self.roll {
            roll.steps.push((at, event));
            roll.at = next;
        }
        self.roll_cursor();
        let done = status.map_or("skipped", presence_word);
        self.say_roll(&format!("{name}: {done}"));
    }

    /// Steps back one person, undoing the mark made there (when it is still the last change).
    fn roll_back(&mut self, now: DateTime<Utc>) {
        let Some((at, event)) = self.roll.as_mut().and_then(|r| r.steps.pop()) else {
            self.say_error("the roll call is at its first person");
            return;
        };
        let name = self.clerk.meeting().attendees()[at].name.clone();
        let undone = match &event {
            Some(e) if self.clerk.meeting().events().last() == Some(e) => {
                self.apply_kind(EventKind::Undo, now)
            }
            Some(_) => {
                self.say_error(&format!(
                    "back to {name}, but their mark stays: something else changed since"
                ));
                false
            }
            None => true,
        };
        if let Some(roll) = &mut self.roll {
            roll.at = at;
        }
        self.roll_cursor();
        if undone {
            let what = if event.is_some() {
                "mark undone"
            } else {
                "was skipped"
            };
            self.say_roll(&format!("Back to {name} ({what})"));
        }
    }

    /// "12 present, 3 sent regrets, 1 absent, 14 not marked" for the roster (guests aside).
    fn roll_summary(&self) -> String {
        let mut counts = [0usize; 5];
        for a in self.clerk.meeting().attendees().iter().filter(|a| !a.guest) {
            counts[match a.presence {
                Presence::Present => 0,
                Presence::Regrets => 1,
                Presence::Absent => 2,
                Presence::Left => 3,
                Presence::Unknown => 4,
            }] += 1;
        }
        let words = ["present", "sent regrets", "absent", "left", "not marked"];
        let parts: Vec<String> = counts
            .iter()
            .zip(words)
            .filter(|(n, _)| **n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
        if parts.is_empty() {
            "nobody on the roster".into()
        } else {
            parts.join(", ")
        }
    }

    /// The roll call's line: what was just done, who is next, and how far it has come.
    fn say_roll(&mut self, done: &str) {
        let Some(at) = self.roll.as_ref().map(|r| r.at) else {
            return;
        };
        let people = self.clerk.meeting().attendees();
        let total = people.iter().filter(|a| !a.guest).count();
        let called = people[..at.min(people.len())]
            .iter()
            .filter(|a| !a.guest)
            .count();
        let text = match people.get(at) {
            Some(next) => format!("{done} · {}/{total}: {}?", called + 1, next.name),
            None => format!(
                "{done} · roll call complete: {}. {} ends it.",
                self.roll_summary(),
                self.keymap.key(Action::RollDone, Context::RollCall)
            ),
        };
        self.say(&text);
    }

    fn submit(&mut self, now: DateTime<Utc>) {
        let line = self.capture.value().to_string();
        if line.trim().is_empty() {
            return;
        }
        if let Some(id) = self.editing {
            self.submit_edit(id, &line, now);
            return;
        }
        let ended_before = self.clerk.meeting().phase() == Phase::Ended;
        match self.clerk.take_line(&line, now) {
            Ok(Taken::Recorded(recorded)) => {
                let kind_word = describe(&recorded.event.kind);
                self.recorded(&recorded, ended_before);
                if self.unsaved() == 0 {
                    match self.unknown_owners(&recorded.event.kind) {
                        Some(warning) => self.warn(&format!("Recorded {kind_word}. {warning}")),
                        None => self.say(&format!("Recorded {kind_word}.")),
                    }
                }
                self.accept_line(&line, now);
            }
            Ok(Taken::Show { query, title, body }) => {
                self.show(query, title, body);
                self.accept_line(&line, now);
            }
            Ok(Taken::Help) => {
                self.overlay = Some(Overlay::Help(0));
                self.accept_line(&line, now);
            }
            Ok(Taken::RollCall) => {
                self.accept_line(&line, now);
                self.start_roll_call();
            }
            Err(refusal) => self.say_error(&refusal.0),
        }
    }

    /// For an action whose owner matches nobody on the roster or guest list: which, and the
    /// nearest names, said at once rather than in the minutes later.
    fn unknown_owners(&self, kind: &EventKind) -> Option<String> {
        let EventKind::Action { owners, .. } = kind else {
            return None;
        };
        let m = self.clerk.meeting();
        let known = |o: &String| m.attendees().iter().any(|a| &a.name == o);
        let parts: Vec<String> = owners
            .iter()
            .filter(|o| !known(o))
            .map(|o| {
                let near =
                    crate::meeting::nearest(m.attendees().iter().map(|a| a.name.as_str()), o, 3);
                if near.is_empty() {
                    format!("Not on the roster: `{o}` (a newcomer? /guest NAME)")
                } else {
                    format!(
                        "Not on the roster: `{o}` (nearest: {}; Esc, {} and Enter edit it)",
                        near.join(", "),
                        self.keymap.key(Action::FocusEntries, Context::Agenda)
                    )
                }
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// The answer to a query, in its window: a proposed plan can be applied from there.
    fn show(&mut self, query: Query, title: String, body: String) {
        self.overlay = Some(match query {
            Query::RebalancePlan => Overlay::Plan { body },
            Query::Actions => Overlay::Show { title, body },
        });
    }

    fn submit_edit(&mut self, id: u64, line: &str, now: DateTime<Utc>) {
        use crate::meeting::Capture;
        let with = match crate::command::read(line, self.clerk.meeting(), now) {
            Ok(Command::Event(e)) => match e.kind {
                EventKind::Note { text, private } => Capture::Note { text, private },
                EventKind::Outcome { text, private } => Capture::Outcome { text, private },
                EventKind::Action {
                    owners,
                    text,
                    due,
                    private,
                } => Capture::Action {
                    owners,
                    text,
                    due,
                    private,
                },
                _ => {
                    self.say_error("an edited entry stays a note, an outcome or an action");
                    return;
                }
            },
            Ok(_) => {
                self.say_error("an edited entry stays a note, an outcome or an action");
                return;
            }
            Err(reason) => {
                self.say_error(&reason);
                return;
            }
        };
        if self.apply_kind(EventKind::ReplaceEntry { entry: id, with }, now) {
            self.editing = None;
            self.capture.clear();
            self.capture.touch(now);
            self.focus = Focus::Entries;
            self.say("Entry corrected.");
        }
    }

    /// The line was taken: empty it, keep the focus for the next one, remember it.
    fn accept_line(&mut self, line: &str, now: DateTime<Utc>) {
        self.capture.accept(line, now);
        // A draft of this line on disk would come back on resume after a crash in the next
        // second, and Enter would record the line twice: clear it now. (Only when a draft
        // was saved: a line typed without a pause costs no extra write.)
        if self.capture.has_saved_draft() {
            self.save_draft();
        }
    }

    /// Tab: completes a command name at the start of the line, or a person's name.
    fn complete(&mut self) {
        let value = self.capture.value().to_string();
        let start = value.rfind([' ', ',']).map(|i| i + 1).unwrap_or(0);
        let word = &value[start..];
        let candidates: Vec<String> = if start == 0 && word.starts_with('/') {
            complete_command(word).map(String::from).collect()
        } else {
            let w = crate::meeting::fold(word.trim_start_matches('@'));
            if w.is_empty() {
                return;
            }
            self.clerk
                .meeting()
                .attendees()
                .iter()
                .map(|a| a.name.clone())
                .filter(|n| {
                    let l = crate::meeting::fold(n);
                    l.starts_with(&w) || l.split_whitespace().any(|p| p.starts_with(&w))
                })
                .collect()
        };
        let prefix = if word.starts_with('@') { "@" } else { "" };
        match candidates.as_slice() {
            [] => self.say_error(&format!("nothing to complete for `{word}`")),
            [one] => {
                let tail = if one.starts_with('/') { " " } else { "" };
                self.capture
                    .set(format!("{}{prefix}{one}{tail}", &value[..start]));
            }
            many => {
                let common = common_prefix(many);
                if common.len() > word.len() && common.starts_with(word) {
                    self.capture.set(format!("{}{common}", &value[..start]));
                }
                self.say(&many.join("  "));
            }
        }
    }

    // ---- changing the meeting ----

    fn apply_kind(&mut self, kind: EventKind, now: DateTime<Utc>) -> bool {
        self.apply(Event::new(now, kind))
    }

    /// Has the clerk take an event (it is applied, then made durable before the screen shows
    /// it). A refusal is shown in the status line and changes nothing.
    fn apply(&mut self, event: Event) -> bool {
        let ended_before = self.clerk.meeting().phase() == Phase::Ended;
        match self.clerk.record(event) {
            Ok(recorded) => {
                self.recorded(&recorded, ended_before);
                true
            }
            Err(refusal) => {
                self.say_error(&refusal.0);
                false
            }
        }
    }

    /// What the screen does after the clerk took an event: disk trouble is said, the
    /// selection follows the current item, and the end brings the minutes.
    fn recorded(&mut self, recorded: &Recorded, ended_before: bool) {
        self.changes += 1;
        if let Some(unsaved) = &recorded.unsaved {
            self.status = Some(Status::NotSaved(unsaved.clone()));
        }
        let m = self.clerk.meeting();
        if let Some(c) = m.current() {
            if matches!(
                recorded.event.kind,
                EventKind::Start
                    | EventKind::Next
                    | EventKind::Prev
                    | EventKind::Goto { .. }
                    | EventKind::Undo
            ) {
                self.agenda_selected = c;
            }
        }
        let items = m.items().len();
        let ended = m.phase() == Phase::Ended;
        self.agenda_selected = self.agenda_selected.min(items.saturating_sub(1));
        if ended {
            if !ended_before {
                self.focus = Focus::Agenda;
            }
            self.write_minutes();
        }
    }

    /// Changes applied but not yet on disk.
    pub fn unsaved(&self) -> usize {
        self.clerk.pending()
    }

    /// The changes applied but not yet on disk, oldest first (for the rescue file).
    pub fn unsaved_events(&self) -> Vec<Event> {
        self.clerk.unsaved_events()
    }

    /// Tries once more to write what is not on disk (after the screen closed).
    pub fn retry_save(&mut self) {
        if self.clerk.pending() > 0 {
            let _ = self.clerk.retry();
        }
    }

    /// A quit was just refused for unsaved changes: the status line says so until the
    /// next key.
    pub fn quit_refused(&self) -> bool {
        self.quit_refused
    }

    /// The moderator forced a quit (`Q`) with changes not on disk.
    pub fn forced_quit(&self) -> bool {
        self.forced_quit
    }

    /// Quits, unless changes are only in memory: then one more try to save them, and if
    /// that fails too the quit is refused and said; `Q` next quits anyway (the changes then
    /// go to a rescue file).
    fn quit_unless_unsaved(&mut self, exit: Exit, now: DateTime<Utc>) {
        if self.clerk.pending() > 0 {
            if let Err(unsaved) = self.clerk.retry() {
                self.quit_refused = true;
                self.status = Some(Status::Error(format!(
                    "Not quitting: {} change(s) are not saved to disk. Q quits anyway (they go \
                     to a rescue file); any other key stays, retrying every second. ({})",
                    unsaved.pending, unsaved.reason
                )));
                return;
            }
        }
        let _ = now;
        self.exit = Some(exit);
    }

    /// A paste (the terminal's bracketed paste): one line goes onto the capture line at the
    /// cursor; several lines become one note each (blank lines skipped), said on the status
    /// line. A line longer than an entry holds refuses the whole paste, with its length:
    /// nothing is cut, and nothing of it recorded.
    pub fn on_paste(&mut self, text: &str, now: DateTime<Utc>) {
        use super::capture::MAX_ENTRY_BYTES;
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let lines: Vec<&str> = text.trim_end_matches('\n').split('\n').collect();
        if let Some((n, line)) = lines
            .iter()
            .enumerate()
            .find(|(_, l)| l.len() > MAX_ENTRY_BYTES)
        {
            self.say_error(&format!(
                "Paste refused: line {} is {} bytes long; an entry holds up to {} KiB \
                 ({} bytes). Nothing of it was recorded.",
                n + 1,
                line.len(),
                MAX_ENTRY_BYTES / 1024,
                MAX_ENTRY_BYTES
            ));
            return;
        }
        if self.overlay.is_some() {
            return;
        }
        if lines.len() <= 1 {
            let line = crate::text::clean_line(lines.first().copied().unwrap_or(""));
            self.focus = Focus::Capture;
            if let Err(len) = self.capture.insert_str(&line, now) {
                self.say_error(&format!(
                    "Paste refused: the line would be {len} bytes long; an entry holds up to \
                     {} KiB ({MAX_ENTRY_BYTES} bytes).",
                    MAX_ENTRY_BYTES / 1024
                ));
            }
            return;
        }
        let notes: Vec<String> = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| crate::text::clean_line(l.trim_end()))
            .collect();
        let total = notes.len();
        let mut taken = 0;
        for text in notes {
            let event = Event::new(
                now,
                EventKind::Note {
                    text,
                    private: false,
                },
            );
            let ended_before = self.clerk.meeting().phase() == Phase::Ended;
            match self.clerk.record(event) {
                Ok(recorded) => {
                    self.recorded(&recorded, ended_before);
                    taken += 1;
                }
                Err(refusal) => {
                    self.say_error(&format!(
                        "Pasted {taken} of {total} lines as notes; line {} was refused: {}",
                        taken + 1,
                        refusal.0
                    ));
                    return;
                }
            }
        }
        if self.unsaved() == 0 {
            self.say(&format!("Pasted {total} lines as {total} notes."));
        }
    }

    /// Asks the loop to write the minutes, when they have somewhere to go.
    fn write_minutes(&mut self) {
        if let Some(files) = self.minutes.clone() {
            self.effects.push(Effect::WriteMinutes(files));
        }
    }

    // ---- time ----

    /// Called about once a second: retries saving, saves the draft when it has settled.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        if self.clerk.pending() > 0 {
            match self.clerk.retry() {
                Ok(()) => self.say("Saved to disk again; nothing was lost."),
                // A refused quit's message stays until the next key: it says what Q does.
                Err(_) if self.quit_refused => {}
                Err(unsaved) => self.status = Some(Status::NotSaved(unsaved)),
            }
        }
        if self.capture.draft_due(now) {
            self.save_draft();
        }
        self.overrun_cues(now);
    }

    /// A flash (and the bell, when asked for) the moment the running item reaches its time
    /// box, and again when the meeting reaches its planned end. Each is given once.
    fn overrun_cues(&mut self, now: DateTime<Utc>) {
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

    /// Saves the capture line now if it changed (also called on every way out).
    pub fn save_draft(&mut self) {
        let Some(draft) = self.capture.draft_to_save() else {
            return;
        };
        match self.clerk.save_draft(&draft) {
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
        if self.clerk.pending() > 0 {
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

    // ---- status line ----

    fn say(&mut self, text: &str) {
        self.said += 1;
        self.status = Some(Status::Info(text.to_string()));
    }

    /// "Now on 2. Release readiness".
    fn say_current(&mut self, verb: &str) {
        if let Some(i) = self.clerk.meeting().current() {
            let title = self.clerk.meeting().items()[i].title.clone();
            self.say(&format!("{verb} {}. {title}", i + 1));
        }
    }

    /// Shows a warning in the status line (as an error, so it is noticed).
    pub fn warn(&mut self, text: &str) {
        self.say_error(text);
    }

    fn say_error(&mut self, text: &str) {
        self.said += 1;
        self.status = Some(Status::Error(text.to_string()));
    }

    pub fn selected_item_status(&self) -> Option<ItemStatus> {
        self.clerk
            .meeting()
            .items()
            .get(self.agenda_selected)
            .map(|i| i.status)
    }
}

fn common_prefix(words: &[String]) -> String {
    let first = &words[0];
    let mut end = first.len();
    for w in &words[1..] {
        end = end.min(
            first
                .char_indices()
                .zip(w.chars())
                .find(|((_, a), b)| a != b)
                .map(|((i, _), _)| i)
                .unwrap_or(first.len().min(w.len())),
        );
    }
    first[..end].to_string()
}

/// The editing request a key makes on the capture line.
fn edit_request(key: &KeyEvent) -> Option<InputRequest> {
    use InputRequest as R;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Char('a') if ctrl => R::GoToStart,
        KeyCode::Char('e') if ctrl => R::GoToEnd,
        KeyCode::Char('u') if ctrl => R::DeleteLine,
        KeyCode::Char('w') if ctrl => R::DeletePrevWord,
        KeyCode::Char('k') if ctrl => R::DeleteTillEnd,
        KeyCode::Char('b') if alt => R::GoToPrevWord,
        KeyCode::Char('f') if alt => R::GoToNextWord,
        KeyCode::Char(c) if !ctrl && !alt => R::InsertChar(c),
        KeyCode::Backspace if ctrl || alt => R::DeletePrevWord,
        KeyCode::Backspace => R::DeletePrevChar,
        KeyCode::Delete => R::DeleteNextChar,
        KeyCode::Left if ctrl => R::GoToPrevWord,
        KeyCode::Right if ctrl => R::GoToNextWord,
        KeyCode::Left => R::GoToPrevChar,
        KeyCode::Right => R::GoToNextChar,
        KeyCode::Home => R::GoToStart,
        KeyCode::End => R::GoToEnd,
        _ => return None,
    })
}

/// How the status line says a mark.
fn presence_word(status: Presence) -> &'static str {
    match status {
        Presence::Present => "present",
        Presence::Absent => "absent",
        Presence::Regrets => "sent regrets",
        Presence::Left => "left",
        Presence::Unknown => "not ticked",
    }
}

/// What an undo took back, for the status line: "the deferral", "Ada Moreno: present".
fn undone(kind: &EventKind) -> String {
    match kind {
        EventKind::Attendance { names, status } => {
            format!("{}: {}", names.join(", "), presence_word(*status))
        }
        EventKind::Guest { name, .. } => format!("the guest {name}"),
        other => describe(other).to_string(),
    }
}

/// A few words for the status line: what was just recorded.
fn describe(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Note { private: true, .. } => "a private note",
        EventKind::Note { .. } => "a note",
        EventKind::Outcome { .. } => "an outcome",
        EventKind::Action { .. } => "an action",
        EventKind::Link { .. } => "a link",
        EventKind::Vote { .. } => "a vote",
        EventKind::Attendance { .. } | EventKind::Guest { .. } | EventKind::Guests { .. } => {
            "attendance"
        }
        EventKind::Topic { .. } => "the topic",
        EventKind::Correct { .. } => "a correction",
        EventKind::Undo => "an undo",
        EventKind::End => "the end of the meeting",
        EventKind::Start => "the start of the meeting",
        EventKind::Next | EventKind::Prev | EventKind::Goto { .. } => "the move",
        EventKind::Pause => "the pause",
        EventKind::Resume => "the resume",
        EventKind::Extend { .. } => "the extension",
        EventKind::Defer { .. } => "the deferral",
        EventKind::AddItem { .. } => "the new item",
        EventKind::NextMeeting { .. } => "the next meeting",
        EventKind::Rebalance { .. } => "the new time boxes",
        EventKind::ReplaceEntry { .. } => "the edit",
        EventKind::DeleteEntry { .. } => "the deletion",
        EventKind::MoveItem { .. } => "the new order",
        EventKind::FollowUp { .. } => "the follow-up item",
        EventKind::ApprovePrevious => "the approval of the previous minutes",
        EventKind::Recap { .. } => "the recap",
        EventKind::Review { .. } => "the review",
        EventKind::Queue { .. } | EventKind::Unqueue { .. } | EventKind::Speak => "the queue",
    }
}
