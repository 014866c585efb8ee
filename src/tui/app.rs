//! The live screen's state and its update function. Keys become events for
//! `Meeting::apply`; nothing else changes the meeting. Time is always passed in, so tests
//! drive the app with an injected clock.

use super::keys::{self, Action, Context};
use crate::command::{actions_by_owner, complete_command, interpret, Interpreted};
use crate::meeting::{Event, EventKind, ItemStatus, Meeting, Phase, Presence};
use crate::minutes::files::MinutesFiles;
use crate::recorder::Recorder;
use chrono::{DateTime, Duration, Utc};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use std::path::PathBuf;
use tui_input::{Input, InputRequest};

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
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
    pub meeting: Meeting,
    recorder: Box<dyn Recorder>,
    pub input: Input,
    pub focus: Focus,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub agenda_selected: usize,
    pub roster_selected: usize,
    pub roster_filter: String,
    /// The selected entry while going through the record (an index into `record()`).
    pub entry_selected: usize,
    /// The entry being edited on the capture line.
    pub editing: Option<u64>,
    history: Vec<String>,
    history_pos: Option<usize>,
    history_draft: String,
    draft_saved: String,
    draft_changed_at: Option<DateTime<Utc>>,
    pub minutes: Option<MinutesFiles>,
    pub written: Option<Written>,
    pub exit: Option<Exit>,
    /// The terminal's size at the last draw (the help scrolls by its height).
    pub screen: Rect,
    /// Where the last whole frame drew what a click can pick: kept by whoever draws.
    pub hits: super::hits::Hits,
    pub theme: super::theme::Theme,
    /// A name shown in the header for the session (its id), if any.
    pub session: Option<String>,
    /// Bytes for the terminal itself (a clipboard request), written after the next frame.
    terminal_output: Option<Vec<u8>>,
    /// Ring the terminal bell when an item reaches its time box or the meeting its end.
    pub bell: bool,
    /// The header flashes until then (an overrun cue).
    pub flash_until: Option<DateTime<Utc>>,
    /// Cues already given: the item (by title and position) and the meeting's end.
    cued_item: Option<(usize, String)>,
    cued_end: bool,
    /// The moderator asked for the capture line in their editor (the loop runs it).
    editor_requested: bool,
    /// From the config file: the header's clock on 12 hours, and more zones to show.
    pub twelve_hour: bool,
    pub extra_zones: Vec<crate::agenda::Zone>,
    /// The key bindings, with the config file's overrides.
    pub keymap: keys::KeyMap,
}

/// How often to retry saving, and how soon after the last keystroke to save a draft.
const DRAFT_DELAY_SECS: i64 = 1;

impl App {
    pub fn new(meeting: Meeting, recorder: Box<dyn Recorder>) -> App {
        let current = meeting.current.unwrap_or(0);
        App {
            meeting,
            recorder,
            input: Input::default(),
            focus: Focus::Agenda,
            overlay: None,
            status: None,
            agenda_selected: current,
            roster_selected: 0,
            roster_filter: String::new(),
            entry_selected: 0,
            editing: None,
            history: Vec::new(),
            history_pos: None,
            history_draft: String::new(),
            draft_saved: String::new(),
            draft_changed_at: None,
            minutes: None,
            written: None,
            exit: None,
            screen: Rect::new(0, 0, 80, 24),
            hits: super::hits::Hits::default(),
            theme: super::theme::Theme::from_env(),
            session: None,
            terminal_output: None,
            bell: false,
            flash_until: None,
            cued_item: None,
            cued_end: false,
            editor_requested: false,
            twelve_hour: false,
            extra_zones: Vec::new(),
            keymap: keys::KeyMap::default(),
        }
    }

    /// Whether the loop should open the editor now (taken once).
    pub fn take_editor_request(&mut self) -> bool {
        std::mem::take(&mut self.editor_requested)
    }

    /// The editor came back: its text replaces the capture line (still to be entered).
    pub fn editor_done(&mut self, result: std::io::Result<String>, now: DateTime<Utc>) {
        match result {
            Ok(text) => {
                self.input = Input::new(text);
                self.focus = Focus::Capture;
                self.draft_changed_at = Some(now);
                self.say("Back from the editor: Enter records the line.");
            }
            Err(e) => self.say_error(&format!("the editor failed: {e}")),
        }
    }

    /// What the loop must write to the terminal after drawing (taken once).
    pub fn take_terminal_output(&mut self) -> Option<Vec<u8>> {
        self.terminal_output.take()
    }

    /// Puts a restored draft back on the capture line.
    pub fn restore_draft(&mut self, draft: &str) {
        if draft.is_empty() {
            return;
        }
        self.input = Input::new(draft.to_string());
        self.draft_saved = draft.to_string();
        self.focus = Focus::Capture;
        self.say("Restored the line you were typing.");
    }

    pub fn context(&self) -> Context {
        if self.focus == Focus::Capture {
            Context::Capture
        } else if self.focus == Focus::Entries {
            Context::Entries
        } else if self.meeting.phase == Phase::Ended {
            Context::Summary
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
        if let Some(overlay) = self.overlay.clone() {
            self.on_overlay_key(&overlay, key, now);
            return;
        }
        match self.context() {
            Context::Capture => self.on_capture_key(key, now),
            Context::Roster => self.on_roster_key(key, now),
            ctx => {
                if let Some(action) = self.keymap.lookup(&key, ctx) {
                    self.act(action, now);
                }
            }
        }
    }

    fn on_overlay_key(&mut self, overlay: &Overlay, key: KeyEvent, now: DateTime<Utc>) {
        match overlay {
            Overlay::ConfirmQuit => match key.code {
                KeyCode::Char('e') | KeyCode::Char('E') => {
                    self.overlay = None;
                    if self.apply_kind(EventKind::End, now) {
                        self.say("Meeting ended. Minutes written; q quits.");
                    }
                }
                KeyCode::Char('k') | KeyCode::Char('K') => {
                    self.overlay = None;
                    self.exit = Some(Exit::KeepOpen);
                }
                KeyCode::Char('q') if self.meeting.phase == Phase::Ended => {
                    self.exit = Some(Exit::Finished);
                }
                KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('c') => self.overlay = None,
                _ => {}
            },
            Overlay::Help(scroll) => {
                let page = self.screen.height.saturating_sub(4).max(1);
                let next = match key.code {
                    KeyCode::Down | KeyCode::Char('j') => Some(scroll.saturating_add(1)),
                    KeyCode::Up | KeyCode::Char('k') => Some(scroll.saturating_sub(1)),
                    KeyCode::PageDown | KeyCode::Char(' ') => Some(scroll.saturating_add(page)),
                    KeyCode::PageUp => Some(scroll.saturating_sub(page)),
                    KeyCode::Home => Some(0),
                    _ => None,
                };
                self.overlay = next.map(Overlay::Help);
            }
            Overlay::Show { .. } => self.overlay = None,
            Overlay::Plan { .. } => {
                self.overlay = None;
                if key.code == KeyCode::Enter {
                    match crate::meeting::rebalance_plan(&self.meeting, now) {
                        Ok(plan) => {
                            if self.apply_kind(EventKind::Rebalance { plan }, now) {
                                self.say("New time boxes applied.");
                            }
                        }
                        Err(e) => self.say_error(&e),
                    }
                }
            }
        }
    }

    fn on_capture_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        if key.code == KeyCode::Char('?') && self.input.value().is_empty() {
            self.overlay = Some(Overlay::Help(0));
            return;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.act(Action::Quit, now);
            return;
        }
        if let Some(action) = self.keymap.lookup(&key, Context::Capture) {
            self.act(action, now);
            return;
        }
        if let Some(request) = edit_request(&key) {
            let before = self.input.value().to_string();
            self.input.handle(request);
            if self.input.value() != before {
                self.draft_changed_at = Some(now);
                self.history_pos = None;
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
                self.roster_filter.pop();
                self.roster_selected = 0;
            }
            KeyCode::Esc if !self.roster_filter.is_empty() => {
                self.roster_filter.clear();
                self.roster_selected = 0;
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
            if index < self.meeting.items.len() {
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
                self.act(Action::TogglePresent, now);
            }
        }
    }

    fn act(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::FocusCommand => {
                self.focus = Focus::Capture;
                if self.input.value().is_empty() {
                    self.input = Input::new("/".into());
                }
            }
            Action::FocusCapture => self.focus = Focus::Capture,
            Action::Help => self.overlay = Some(Overlay::Help(0)),
            Action::Quit => {
                if self.meeting.phase == Phase::Ended {
                    self.exit = Some(Exit::Finished);
                } else {
                    self.overlay = Some(Overlay::ConfirmQuit);
                }
            }
            Action::Next => {
                self.apply_kind(EventKind::Next, now);
            }
            Action::Prev => {
                self.apply_kind(EventKind::Prev, now);
            }
            Action::StartPause => {
                let kind = match (self.meeting.phase, self.meeting.is_paused()) {
                    (Phase::NotStarted, _) => EventKind::Start,
                    (_, true) => EventKind::Resume,
                    _ => EventKind::Pause,
                };
                self.apply_kind(kind, now);
            }
            Action::Extend => {
                self.apply_kind(EventKind::Extend { secs: 300 }, now);
            }
            Action::Defer => {
                self.apply_kind(
                    EventKind::Defer {
                        item: self.agenda_selected,
                    },
                    now,
                );
            }
            Action::Goto => {
                let kind = if self.meeting.phase == Phase::NotStarted {
                    self.say_error("the meeting has not started: press s to start it");
                    return;
                } else {
                    EventKind::Goto {
                        item: self.agenda_selected,
                    }
                };
                self.apply_kind(kind, now);
            }
            Action::Undo => {
                self.apply_kind(EventKind::Undo, now);
            }
            Action::ShowActions => {
                self.overlay = Some(Overlay::Show {
                    title: "Actions so far".into(),
                    body: actions_by_owner(&self.meeting),
                })
            }
            Action::FocusRoster => self.focus = Focus::Roster,
            Action::FocusAgenda => {
                self.roster_filter.clear();
                self.focus = Focus::Agenda;
            }
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::TogglePresent => {
                self.mark_selected(None, now);
                self.roster_filter.clear();
            }
            Action::Regrets => self.mark_selected(Some(Presence::Regrets), now),
            Action::MarkLeft => self.mark_selected(Some(Presence::Left), now),
            Action::Absent => self.mark_selected(Some(Presence::Absent), now),
            Action::Submit => self.submit(now),
            Action::ClearLine => {
                if self.editing.take().is_some() {
                    self.input.reset();
                    self.focus = Focus::Entries;
                    self.say("Edit cancelled.");
                    return;
                }
                self.input.reset();
                self.draft_changed_at = Some(now);
                self.history_pos = None;
                self.focus = Focus::Agenda;
            }
            Action::Complete => self.complete(),
            Action::HistoryPrev => self.recall(-1),
            Action::HistoryNext => self.recall(1),
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
                    Some(from + 1).filter(|t| *t < self.meeting.items.len())
                };
                if let Some(to) = to {
                    if self.apply_kind(EventKind::MoveItem { from, to }, now) {
                        self.agenda_selected = to;
                    }
                }
            }
            Action::Rebalance => match interpret("/rebalance", &self.meeting, now) {
                Ok(Interpreted::Show { body, .. }) => self.overlay = Some(Overlay::Plan { body }),
                Ok(_) => {}
                Err(e) => self.say_error(&e),
            },
            Action::Speak => {
                if self.apply_kind(EventKind::Speak, now) {
                    match &self.meeting.floor {
                        Some(f) => {
                            let name = f.entry.name.clone();
                            self.say(&format!("{name} has the floor."));
                        }
                        None => self.say("The floor is free."),
                    }
                }
            }
            Action::OpenEditor => self.editor_requested = true,
            Action::CopyMinutes => {
                let now = self.meeting.ended_at.unwrap_or(now);
                let private = self.minutes.as_ref().is_some_and(|p| p.private);
                let md = crate::minutes::document(
                    &self.meeting,
                    now,
                    crate::minutes::Format::Markdown,
                    crate::minutes::Options { private },
                );
                let in_tmux = std::env::var_os("TMUX").is_some();
                self.terminal_output = Some(super::clipboard::osc52(&md, in_tmux));
                self.say("Minutes copied to the clipboard.");
            }
            Action::QueuePerson => {
                let rows = self.roster_rows();
                if let Some(&i) = rows.get(self.roster_selected) {
                    let name = self.meeting.attendees[i].name.clone();
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
        let m = &self.meeting;
        if m.phase == Phase::Ended {
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
        let Some((i, k)) = self.meeting.find_entry(id) else {
            return;
        };
        let entry = &self.meeting.items[i].entries[k];
        let private = if entry.private { "/private " } else { "" };
        let line = match &entry.kind {
            EntryKind::Note(t) if entry.private => format!("/private {t}"),
            EntryKind::Note(t) => format!("/note {t}"),
            EntryKind::Outcome(t) => format!("/outcome {private}{t}"),
            EntryKind::Action(a) => {
                let a = &self.meeting.actions[*a];
                let due = a.due.map(|d| format!(" due {d}")).unwrap_or_default();
                format!("/action {private}{}: {}{due}", a.owners.join(", "), a.text)
            }
            EntryKind::Link { .. } | EntryKind::Vote(_) => {
                self.say_error("links and votes cannot be edited: x deletes, then take it again");
                return;
            }
        };
        self.editing = Some(id);
        self.input = Input::new(line);
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
            _ => (&mut self.agenda_selected, self.meeting.items.len()),
        };
        if len == 0 {
            return;
        }
        *selected = (*selected as i64 + delta).clamp(0, len as i64 - 1) as usize;
    }

    /// Roster rows shown: everyone (roster, then guests) whose name matches the filter.
    pub fn roster_rows(&self) -> Vec<usize> {
        let filter = crate::meeting::fold(&self.roster_filter);
        self.meeting
            .attendees
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                filter.is_empty() || {
                    let name = crate::meeting::fold(&a.name);
                    name.starts_with(&filter)
                        || name.split_whitespace().any(|w| w.starts_with(&filter))
                }
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Marks the selected person's attendance (None: present, or absent if present).
    /// Called "mark", not "tick": `tick` is the clock's once-a-second call.
    fn mark_selected(&mut self, status: Option<Presence>, now: DateTime<Utc>) {
        let rows = self.roster_rows();
        let Some(&index) = rows.get(self.roster_selected) else {
            self.say_error("nobody matches the filter");
            return;
        };
        let person = &self.meeting.attendees[index];
        let status = status.unwrap_or(match person.presence {
            Presence::Present => Presence::Absent,
            _ => Presence::Present,
        });
        let name = person.name.clone();
        if self.apply_kind(
            EventKind::Attendance {
                names: vec![name.clone()],
                status,
            },
            now,
        ) {
            let word = match status {
                Presence::Present => "present",
                Presence::Absent => "absent",
                Presence::Regrets => "sent regrets",
                Presence::Left => "left",
                Presence::Unknown => "not ticked",
            };
            self.say(&format!("{name}: {word}"));
            if let Some(pos) = self.roster_rows().iter().position(|&i| i == index) {
                self.roster_selected = pos;
            }
        }
    }

    fn submit(&mut self, now: DateTime<Utc>) {
        let line = self.input.value().to_string();
        if line.trim().is_empty() {
            return;
        }
        if let Some(id) = self.editing {
            self.submit_edit(id, &line, now);
            return;
        }
        match interpret(&line, &self.meeting, now) {
            Ok(Interpreted::Event(event)) => {
                let kind_word = describe(&event.kind);
                if self.apply(event) {
                    if self.unsaved() == 0 {
                        self.say(&format!("Recorded {kind_word}."));
                    }
                    self.accept_line(&line, now);
                }
            }
            Ok(Interpreted::Show { title, body }) => {
                self.overlay = Some(if line.trim() == "/rebalance" {
                    Overlay::Plan { body }
                } else {
                    Overlay::Show { title, body }
                });
                self.accept_line(&line, now);
            }
            Ok(Interpreted::Help) => {
                self.overlay = Some(Overlay::Help(0));
                self.accept_line(&line, now);
            }
            Err(reason) => self.say_error(&reason),
        }
    }

    fn submit_edit(&mut self, id: u64, line: &str, now: DateTime<Utc>) {
        use crate::meeting::Capture;
        let with = match interpret(line, &self.meeting, now) {
            Ok(Interpreted::Event(e)) => match e.kind {
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
            self.input.reset();
            self.draft_changed_at = Some(now);
            self.focus = Focus::Entries;
            self.say("Entry corrected.");
        }
    }

    /// The line was taken: empty it, keep the focus for the next one, remember it.
    fn accept_line(&mut self, line: &str, now: DateTime<Utc>) {
        if self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_string());
        }
        self.history_pos = None;
        self.input.reset();
        self.draft_changed_at = Some(now);
        // A draft of this line on disk would come back on resume after a crash in the next
        // second, and Enter would record the line twice: clear it now. (Only when a draft
        // was saved: a line typed without a pause costs no extra write.)
        if !self.draft_saved.is_empty() {
            self.save_draft();
        }
    }

    fn recall(&mut self, delta: i64) {
        if self.history.is_empty() {
            return;
        }
        let pos = match (self.history_pos, delta < 0) {
            (None, true) => {
                self.history_draft = self.input.value().to_string();
                self.history.len() - 1
            }
            (None, false) => return,
            (Some(p), true) => p.saturating_sub(1),
            (Some(p), false) if p + 1 >= self.history.len() => {
                self.history_pos = None;
                self.input = Input::new(std::mem::take(&mut self.history_draft));
                return;
            }
            (Some(p), false) => p + 1,
        };
        self.history_pos = Some(pos);
        self.input = Input::new(self.history[pos].clone());
    }

    /// Tab: completes a command name at the start of the line, or a person's name.
    fn complete(&mut self) {
        let value = self.input.value().to_string();
        let start = value.rfind([' ', ',']).map(|i| i + 1).unwrap_or(0);
        let word = &value[start..];
        let candidates: Vec<String> = if start == 0 && word.starts_with('/') {
            complete_command(word).map(String::from).collect()
        } else {
            let w = crate::meeting::fold(word.trim_start_matches('@'));
            if w.is_empty() {
                return;
            }
            self.meeting
                .attendees
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
                self.input = Input::new(format!("{}{prefix}{one}{tail}", &value[..start]));
            }
            many => {
                let common = common_prefix(many);
                if common.len() > word.len() && common.starts_with(word) {
                    self.input = Input::new(format!("{}{common}", &value[..start]));
                }
                self.say(&many.join("  "));
            }
        }
    }

    // ---- changing the meeting ----

    fn apply_kind(&mut self, kind: EventKind, now: DateTime<Utc>) -> bool {
        self.apply(Event::new(now, kind))
    }

    /// Applies an event, then makes it durable before the screen shows it. A refusal is shown
    /// in the status line and changes nothing.
    pub fn apply(&mut self, event: Event) -> bool {
        let ended_before = self.meeting.phase == Phase::Ended;
        if let Err(r) = self.meeting.apply(&event) {
            self.say_error(&r.0);
            return false;
        }
        self.persist(event.clone());
        if let Some(c) = self.meeting.current {
            if matches!(
                event.kind,
                EventKind::Start | EventKind::Next | EventKind::Prev | EventKind::Goto { .. }
            ) || (event.kind == EventKind::Undo)
            {
                self.agenda_selected = c;
            }
        }
        self.agenda_selected = self
            .agenda_selected
            .min(self.meeting.items.len().saturating_sub(1));
        if self.meeting.phase == Phase::Ended {
            if !ended_before {
                self.focus = Focus::Agenda;
            }
            self.write_minutes();
        }
        true
    }

    fn persist(&mut self, event: Event) {
        if let Err(e) = self.recorder.record(&event) {
            self.disk_trouble(&e);
        }
    }

    fn disk_trouble(&mut self, e: &std::io::Error) {
        self.say_error(&format!(
            "NOT SAVED to disk ({e}); {} change(s) kept in memory, retrying every second",
            self.recorder.pending()
        ));
    }

    /// Changes applied but not yet on disk.
    pub fn unsaved(&self) -> usize {
        self.recorder.pending()
    }

    fn write_minutes(&mut self) {
        let Some(plan) = self.minutes.clone() else {
            return;
        };
        let now = self.meeting.ended_at.unwrap_or_else(Utc::now);
        self.written = Some(match plan.write(&self.meeting, now) {
            Ok(()) => Written::Ok(vec![plan.markdown.clone(), plan.json.clone()]),
            Err(e) => {
                let m = e.message().to_string();
                self.say_error(&format!("Minutes not written: {m} (w retries)"));
                Written::Failed(m)
            }
        });
    }

    // ---- time ----

    /// Called about once a second: retries saving, saves the draft when it has settled.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        if self.recorder.pending() > 0 {
            match self.recorder.retry() {
                Ok(()) => self.say("Saved to disk again; nothing was lost."),
                Err(e) => self.disk_trouble(&e),
            }
        }
        if self
            .draft_changed_at
            .is_some_and(|t| now - t >= Duration::seconds(DRAFT_DELAY_SECS))
        {
            self.save_draft();
        }
        self.overrun_cues(now);
    }

    /// A flash (and the bell, when asked for) the moment the running item reaches its time
    /// box, and again when the meeting reaches its planned end. Each is given once.
    fn overrun_cues(&mut self, now: DateTime<Utc>) {
        let m = &self.meeting;
        if m.phase != Phase::Running || m.is_paused() {
            return;
        }
        let mut cue = false;
        if let Some(i) = m.current {
            let item = &m.items[i];
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
                self.terminal_output.get_or_insert_with(Vec::new).push(0x07);
            }
        }
    }

    /// Whether the header is flashing at `now`.
    pub fn flashing(&self, now: DateTime<Utc>) -> bool {
        self.flash_until.is_some_and(|t| now < t)
    }

    /// Saves the capture line now if it changed (also called on every way out).
    pub fn save_draft(&mut self) {
        let draft = self.input.value().to_string();
        if draft == self.draft_saved {
            self.draft_changed_at = None;
            return;
        }
        match self.recorder.save_draft(&draft) {
            Ok(()) => {
                self.draft_saved = draft;
                self.draft_changed_at = None;
            }
            Err(e) => self.say_error(&format!("could not save the line being typed: {e}")),
        }
    }

    /// How long the loop may sleep before something on screen or on disk is due.
    pub fn next_wake(&self, now: DateTime<Utc>) -> std::time::Duration {
        let ms_into_second = i64::from(now.timestamp_subsec_millis());
        let clock_running = self.meeting.phase == Phase::Running && !self.meeting.is_paused();
        let mut wait_ms = if clock_running {
            1000 - ms_into_second
        } else {
            let secs_into_minute = now.timestamp().rem_euclid(60);
            (60 - secs_into_minute) * 1000 - ms_into_second
        };
        if self.recorder.pending() > 0 {
            wait_ms = wait_ms.min(1000 - ms_into_second);
        }
        if let Some(changed) = self.draft_changed_at {
            // Wake when the draft is due, not at the second boundary after that: the line
            // being typed is then on disk about a second after the last keystroke (at the
            // boundary it could take two seconds and a little more). After a failed save
            // (already due), retry once a second.
            let due = (changed + Duration::seconds(DRAFT_DELAY_SECS) - now).num_milliseconds();
            wait_ms = wait_ms.min(if due > 0 { due } else { 1000 - ms_into_second });
        }
        std::time::Duration::from_millis(wait_ms.clamp(1, 60_000) as u64)
    }

    /// The key of what the clock shows: when it changes, the screen needs drawing.
    pub fn clock_key(&self, now: DateTime<Utc>) -> i64 {
        if self.meeting.phase == Phase::Running && !self.meeting.is_paused() {
            now.timestamp()
        } else {
            now.timestamp().div_euclid(60)
        }
    }

    // ---- status line ----

    fn say(&mut self, text: &str) {
        self.status = Some(Status {
            text: text.to_string(),
            error: false,
        });
    }

    /// Shows a warning in the status line (as an error, so it is noticed).
    pub fn warn(&mut self, text: &str) {
        self.say_error(text);
    }

    fn say_error(&mut self, text: &str) {
        self.status = Some(Status {
            text: text.to_string(),
            error: true,
        });
    }

    pub fn selected_item_status(&self) -> Option<ItemStatus> {
        self.meeting
            .items
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

/// A few words for the status line: what was just recorded.
fn describe(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Note { private: true, .. } => "a private note",
        EventKind::Note { .. } => "a note",
        EventKind::Outcome { .. } => "an outcome",
        EventKind::Action { .. } => "an action",
        EventKind::Link { .. } => "a link",
        EventKind::Vote { .. } => "a vote",
        EventKind::Attendance { .. } | EventKind::Guest { .. } => "attendance",
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
