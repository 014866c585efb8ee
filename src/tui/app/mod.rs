//! The live screen's state and its update function. Keys become events for the
//! [`Clerk`], which applies and records them; nothing else changes the meeting. What the
//! update cannot do itself (write the minutes, talk to the terminal, run the editor, ask the
//! shared session's host, settle a participant's outbox) it queues as an [`Effect`] for the
//! loop; what the network brings comes in as a [`NetworkInput`]. The app holds no socket and
//! reads no clock: time is always passed in, so tests drive the app with an injected clock.

mod act;
mod clock;
mod owner_fix;
mod roster;
mod shared;
mod submit;
mod vote;

pub use shared::{qr_text, Hosting, Joined, Link, NetworkInput, Settle, ShareFacts};

use super::capture::CaptureLine;
use super::keys::{self, Action, Context};
use crate::clerk::{Clerk, Recorded, Taken, Unsaved};
use crate::command::{actions_by_owner, complete_command, Command, Query};
use crate::import::reports::{Preview, Report};
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
    /// A call's participant report matched to the roster (`/attendance FILE`), scrolled
    /// down this many lines: Enter applies it, Esc leaves it out.
    Report {
        preview: Box<Preview>,
        scroll: u16,
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
    /// Text for the clipboard: an OSC 52 request to the terminal (wrapped for tmux when
    /// inside it), written after the next frame.
    CopyToClipboard(String),
    /// Ring the terminal bell (after the next frame).
    Bell,
    /// Hand the terminal to the editor for the capture line, then call `App::editor_done`.
    OpenEditor,
    /// Read a call's participant report (`/attendance FILE`, the path as typed, at the
    /// line's time), then call `App::report_read` with both.
    ReadReport { file: String, at: DateTime<Utc> },
    /// Ask the host for `/share` (its links, who joined) or change the shared session
    /// (`/share revoke ROLE`, `/share notes on|off`; both write the session's tokens file),
    /// then call `App::share_changed` with the host's links and participants as they are then.
    ChangeShare(crate::command::ShareAsk),
    /// Save the line being typed as the session's draft (through the clerk, the one that
    /// owns the session), then call `App::draft_saved`.
    SaveDraft(String),
    /// Try again to write the changes the disk refused (through the clerk: the journal, or a
    /// participant's outbox), then call `App::save_retried` with what came of it.
    RetrySave(Retry),
    /// A participant's command the host recorded or refused: take it out of the outbox
    /// (which rewrites its file). The screen shows it as recorded at the next
    /// `NetworkInput::Drained`.
    SettleOutbox(Settle),
    /// The chair's answer to a page's claim to be `name`, someone already present: have the
    /// host confirm or refuse it (at `at`), then call `App::claim_answered`.
    AnswerClaim {
        name: String,
        confirm: bool,
        at: DateTime<Utc>,
    },
}

/// Why the update asked for a retry of what the disk refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// The once-a-second tick.
    Tick,
    /// A quit: it goes ahead only once everything is on disk.
    Quit(Exit),
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
    /// An action refused for an owner near a roster name: the names on offer.
    owner_fix: Option<owner_fix::OwnerFix>,
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
    /// A recorded vote walked on this screen (`vote.rs`).
    vote: Option<vote::VoteWalk>,
    /// Counts the messages said and the changes taken, so that a key that changes the
    /// screen's state without a word clears a message that no longer holds.
    said: u64,
    changes: u64,
    /// This screen's part in a shared session, if any.
    link: Option<Link>,
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
            owner_fix: None,
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
            vote: None,
            said: 0,
            changes: 0,
            link: None,
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
    /// The furthest the window on screen scrolls, as the last whole frame drew it (drawing
    /// clamps too, so before any frame nothing is cut here).
    fn overlay_last_scroll(&self) -> u16 {
        self.hits.overlay_last_scroll.unwrap_or(u16::MAX)
    }

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

    /// The loop read the report of `/attendance FILE` (`Effect::ReadReport`; `file` as typed):
    /// the matches are shown for the moderator to apply or leave, or the reason it cannot be
    /// used is said. Nothing changes yet.
    pub fn report_read(&mut self, file: &str, report: Result<Report, String>, now: DateTime<Utc>) {
        let shown = crate::text::clean_line(file);
        let report = match report {
            Ok(r) => r,
            Err(reason) => {
                self.say_error(&format!(
                    "{shown}: {}; nothing was changed",
                    crate::text::clean_line(&reason)
                ));
                return;
            }
        };
        let name = std::path::Path::new(file)
            .file_name()
            .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
        match crate::import::reports::preview(&report, &name, self.clerk.meeting(), now) {
            Ok(preview) => {
                self.overlay = Some(Overlay::Report {
                    preview: Box::new(preview),
                    scroll: 0,
                });
            }
            Err(reason) => self.say_error(&reason),
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
            Some(Overlay::Report { .. }) => return Context::ReportWindow,
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
        } else if self.vote.is_some() {
            Context::Vote
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

    #[deny(clippy::wildcard_enum_match_arm)]
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
            ctx @ Context::Agenda
            | ctx @ Context::Vote
            | ctx @ Context::Summary
            | ctx @ Context::Entries
            | ctx @ Context::Panes
            | ctx @ Context::QuitQuestion
            | ctx @ Context::HelpWindow
            | ctx @ Context::PlanWindow
            | ctx @ Context::ReportWindow => {
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
                let next = scrolled(action, *scroll, page);
                // Never past the last line as last drawn: PgDn at the end stays there.
                self.overlay = next.map(|s| Overlay::Help(s.min(self.overlay_last_scroll())));
            }
            Overlay::Show { .. } => self.overlay = None,
            Overlay::Report { preview, scroll } => {
                let page = self.screen.height.saturating_sub(6).max(1);
                if let Some(to) = scrolled(action, *scroll, page) {
                    self.overlay = Some(Overlay::Report {
                        preview: preview.clone(),
                        scroll: to.min(self.overlay_last_scroll()),
                    });
                    return;
                }
                match action {
                    Some(Action::ApplyReport) => {
                        self.overlay = None;
                        let people = preview.rows.len();
                        if self.apply_kind(preview.event(), now) && self.unsaved() == 0 {
                            self.say(&format!(
                                "Recorded the attendance from the {}: {people} {} (u undoes).",
                                preview.source,
                                if people == 1 { "person" } else { "people" }
                            ));
                        }
                    }
                    Some(Action::CancelReport) => {
                        self.overlay = None;
                        self.say("The report was left out: nothing changed.");
                    }
                    _ => {}
                }
            }
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

    // ---- the roll call ----

    // ---- changing the meeting ----

    fn apply_kind(&mut self, kind: EventKind, now: DateTime<Utc>) -> bool {
        self.apply(Event::new(now, kind))
    }

    /// Has the clerk take an event (it is applied, then made durable before the screen shows
    /// it). A refusal is shown in the status line and changes nothing.
    fn apply(&mut self, event: Event) -> bool {
        let ended_before = self.clerk.meeting().phase() == Phase::Ended;
        match self.clerk.record(event, crate::clerk::Origin::Here) {
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
        if let EventKind::Motion(
            crate::meeting::MotionStep::RollVote | crate::meeting::MotionStep::RoomVote,
        ) = recorded.event.kind
        {
            self.walk_vote();
        }
        let m = self.clerk.meeting();
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

    /// Why changes wait for the disk, while any do.
    pub fn save_trouble(&self) -> Option<crate::clerk::Unsaved> {
        self.clerk.save_trouble()
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

    /// Quits, unless changes are only in memory: then the loop tries once more to save them
    /// (`Effect::RetrySave`), and if that fails too the quit is refused and said
    /// (`App::save_retried`); `Q` next quits anyway (the changes then go to a rescue file).
    fn quit_unless_unsaved(&mut self, exit: Exit, now: DateTime<Utc>) {
        let _ = now;
        if self.clerk.pending() > 0 {
            self.effects.push(Effect::RetrySave(Retry::Quit(exit)));
            return;
        }
        self.exit = Some(exit);
    }

    /// Asks the loop to write the minutes, when they have somewhere to go.
    fn write_minutes(&mut self) {
        if let Some(files) = self.minutes.clone() {
            self.effects.push(Effect::WriteMinutes(files));
        }
    }

    // ---- time ----

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

    /// Shows a message in the status line.
    pub fn say_info(&mut self, text: &str) {
        self.say(text);
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
#[deny(clippy::wildcard_enum_match_arm)]
fn undone(kind: &EventKind) -> String {
    match kind {
        EventKind::Attendance { names, status } => {
            format!("{}: {}", names.join(", "), presence_word(*status))
        }
        EventKind::Guest { name, .. } => format!("the guest {name}"),
        EventKind::AttendanceReport { source, people } => {
            format!("the attendance from the {source} ({} people)", people.len())
        }
        other @ EventKind::Start
        | other @ EventKind::Next
        | other @ EventKind::Prev
        | other @ EventKind::Goto { .. }
        | other @ EventKind::Pause
        | other @ EventKind::Resume
        | other @ EventKind::Extend { .. }
        | other @ EventKind::Defer { .. }
        | other @ EventKind::AddItem { .. }
        | other @ EventKind::End
        | other @ EventKind::Guests { .. }
        | other @ EventKind::Capture(_)
        | other @ EventKind::Review { .. }
        | other @ EventKind::Recap { .. }
        | other @ EventKind::NextMeeting { .. }
        | other @ EventKind::Queue { .. }
        | other @ EventKind::Unqueue { .. }
        | other @ EventKind::Speak
        | other @ EventKind::Rebalance { .. }
        | other @ EventKind::Correct { .. }
        | other @ EventKind::ReplaceEntry { .. }
        | other @ EventKind::DeleteEntry { .. }
        | other @ EventKind::FollowUp { .. }
        | other @ EventKind::ApprovePrevious
        | other @ EventKind::MoveItem { .. }
        | other @ EventKind::Motion(_)
        | other @ EventKind::Undo => describe(other).to_string(),
    }
}

/// A few words for the status line: what was just recorded.
fn describe(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Capture(capture) => capture.describe(),
        EventKind::Motion(step) => step.describe(),
        EventKind::Attendance { .. } | EventKind::Guest { .. } | EventKind::Guests { .. } => {
            "attendance"
        }
        EventKind::AttendanceReport { .. } => "the attendance from the call's report",
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

/// Where a scrolling key takes a window scrolled to `scroll` with `page` lines a page;
/// None for any other key.
fn scrolled(action: Option<Action>, scroll: u16, page: u16) -> Option<u16> {
    match action {
        Some(Action::ScrollDown) => Some(scroll.saturating_add(1)),
        Some(Action::ScrollUp) => Some(scroll.saturating_sub(1)),
        Some(Action::PageDown) => Some(scroll.saturating_add(page)),
        Some(Action::PageUp) => Some(scroll.saturating_sub(page)),
        Some(Action::ScrollTop) => Some(0),
        _ => None,
    }
}
