//! Whole-frame snapshots (TestBackend + insta) and key-driven tests of the live screen. Time
//! is injected: nothing here sleeps or reads the clock.

use super::app::{App, Focus, NetworkInput, Overlay, Written};
use super::theme::Theme;
use super::view;
use crate::agenda::parse_str;
use crate::meeting::{Event, ItemStatus, Meeting, Phase, Presence};
use crate::minutes::files::MinutesFiles;
use crate::recorder::MemoryRecorder;
use crate::share::client::FromHost;
use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

const AGENDA: &str = r#"
[meeting]
title = "Quillmate Technical Steering Committee"
date = 2026-06-10
start = "17:00"
timezone = "UTC"
length = "60m"
quorum = 3
moderator = "Rosa Delgado"

[[people]]
name = "Rosa Delgado"
affiliation = "Quillmate Labs"
[[people]]
name = "Tariq Haddad"
affiliation = "Northwind Cooperative"
[[people]]
name = "Yuki Tanabe"
affiliation = "Globex Research"
[[people]]
name = "Owen Mbeki"
affiliation = "Independent"
votes = false
role = "secretary"

[[items]]
title = "Welcome and agenda review"
presenter = "Rosa Delgado"
timebox = "5m"
[[items]]
title = "Release 4.2 readiness"
presenter = "Tariq Haddad"
timebox = "20m"
background = "Two blockers left: the installer signing and the docs freeze."
links = ["https://example.org/quillmate/milestone/42"]
[[items]]
title = "Plugin API deprecations"
presenter = "Yuki Tanabe"
timebox = "15m"
kind = "decision"
[[items]]
title = "Any other business"
timebox = "10m"

[[actions]]
owner = "Tariq Haddad"
text = "Draft the release checklist"
"#;

fn t(min: i64, sec: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 10, 17, 0, 0).unwrap()
        + Duration::minutes(min)
        + Duration::seconds(sec)
}

fn app() -> App {
    let agenda = parse_str(AGENDA).expect("valid test agenda").0;
    let mut app = App::new(Meeting::new(agenda), Box::new(MemoryRecorder::default()));
    *app.theme_mut() = Theme {
        color: true,
        palette: Default::default(),
    };
    app
}

/// Carries out the app's effects as the loop does (the minutes are written); returns what
/// the loop would do after the next frame.
fn effects(app: &mut App) -> super::AfterFrame {
    let mut after = super::AfterFrame::default();
    super::carry_out(app, &mut after, &mut super::Network::Alone);
    after
}

/// The once-a-second tick as the loop runs it: the app's, then its effects (the retry, the
/// draft) carried out.
fn tick(app: &mut App, now: DateTime<Utc>) {
    app.tick(now);
    effects(app);
}

/// The bytes the loop would write to the terminal after the next frame.
fn terminal_output(app: &mut App) -> Option<Vec<u8>> {
    Some(effects(app).terminal).filter(|bytes| !bytes.is_empty())
}

fn key(app: &mut App, code: KeyCode, at: DateTime<Utc>) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE), at);
}

fn ctrl(app: &mut App, c: char, at: DateTime<Utc>) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), at);
}

fn typed(app: &mut App, text: &str, at: DateTime<Utc>) {
    for c in text.chars() {
        key(app, KeyCode::Char(c), at);
    }
}

/// Types a line on the capture line and presses Enter.
fn line(app: &mut App, text: &str, at: DateTime<Utc>) {
    if app.focus() != Focus::Capture {
        key(app, KeyCode::Enter, at);
    }
    typed(app, text, at);
    key(app, KeyCode::Enter, at);
}

fn render(app: &mut App, w: u16, h: u16, now: DateTime<Utc>) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    app.set_screen(ratatui::layout::Rect::new(0, 0, w, h));
    let mut hits = Default::default();
    terminal.draw(|f| hits = view::draw(f, app, now)).unwrap();
    app.set_hits(hits);
    terminal
}

fn snapshot(name: &str, app: &mut App, now: DateTime<Utc>) {
    for (w, h) in [(80, 24), (160, 48)] {
        let terminal = render(app, w, h, now);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
        assert_no_control_characters(&terminal);
    }
}

fn assert_no_control_characters(terminal: &Terminal<TestBackend>) {
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(crate::text::is_unsafe),
            "control character on screen: {:?}",
            cell.symbol()
        );
    }
}

/// A meeting with people ticked and the second item running.
fn mid_meeting(app: &mut App) {
    key(app, KeyCode::Char('r'), t(0, 0));
    typed(app, "rosa", t(0, 0));
    key(app, KeyCode::Enter, t(0, 0));
    typed(app, "tar", t(0, 0));
    key(app, KeyCode::Enter, t(0, 0));
    typed(app, "yuki", t(0, 0));
    key(app, KeyCode::Enter, t(0, 0));
    key(app, KeyCode::Esc, t(0, 0));
    key(app, KeyCode::Char('s'), t(1, 0));
    line(app, "/ongoing 1", t(2, 0));
    key(app, KeyCode::Esc, t(4, 0));
    key(app, KeyCode::Char('n'), t(5, 0));
    line(
        app,
        "Installer signing is done; docs freeze slips a week",
        t(8, 0),
    );
    line(
        app,
        "/action tariq: Announce the docs freeze due 2026-06-17",
        t(10, 0),
    );
    line(app, "/private Embargoed CVE fix lands in 4.2.1", t(11, 0));
    line(app, "/outcome Release 4.2 goes out on 24 June", t(12, 0));
}

#[test]
fn snapshot_before_start() {
    let mut app = app();
    snapshot("before_start", &mut app, t(-3, 0));
}

#[test]
fn snapshot_running_item_at_85_percent() {
    let mut app = app();
    mid_meeting(&mut app);
    // Item 2 started at 17:05 with 20 minutes: 85% is 17 minutes in.
    let now = t(22, 0);
    assert_eq!(app.meeting().items()[1].used_at(now), 17 * 60);
    snapshot("running_85", &mut app, now);
}

#[test]
fn snapshot_overrun_item() {
    let mut app = app();
    mid_meeting(&mut app);
    snapshot("overrun", &mut app, t(28, 30));
}

#[test]
fn snapshot_quorum_lost() {
    let mut app = app();
    mid_meeting(&mut app);
    line(&mut app, "/left yuki", t(13, 0));
    assert_eq!(app.meeting().quorum_met(), Some(false));
    snapshot("quorum_lost", &mut app, t(14, 0));
}

#[test]
fn snapshot_help_overlay() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'), t(0, 0));
    assert_eq!(app.overlay(), Some(&Overlay::Help(0)));
    snapshot("help", &mut app, t(0, 0));
}

#[test]
fn snapshot_end_summary() {
    let mut app = app();
    mid_meeting(&mut app);
    key(&mut app, KeyCode::Esc, t(27, 0));
    key(&mut app, KeyCode::Char('n'), t(27, 0));
    key(&mut app, KeyCode::Char('d'), t(27, 0)); // the selected item follows: defer it
    line(&mut app, "/end", t(35, 0));
    assert_eq!(app.meeting().phase(), Phase::Ended);
    snapshot("end_summary", &mut app, t(36, 0));
}

#[test]
fn snapshot_roster_focused_with_filter() {
    let mut app = app();
    key(&mut app, KeyCode::Char('r'), t(0, 0));
    typed(&mut app, "ta", t(0, 0));
    let terminal = render(&mut app, 80, 24, t(0, 0));
    insta::assert_snapshot!("roster_filter_80x24", terminal.backend());
}

#[test]
fn keys_tick_attendees_capture_and_end_with_minutes_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    app.set_minutes(MinutesFiles {
        markdown: dir.path().join("tsc.minutes.md"),
        json: dir.path().join("tsc.minutes.json"),
        private: false,
        force: false,
    });
    mid_meeting(&mut app);
    let m = app.meeting();
    let present: Vec<&str> = m
        .attendees()
        .iter()
        .filter(|a| a.presence == Presence::Present)
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(present, ["Rosa Delgado", "Tariq Haddad", "Yuki Tanabe"]);
    assert_eq!(m.items()[0].status, ItemStatus::Done);
    assert_eq!(m.current(), Some(1));
    assert_eq!(m.items()[1].entries.len(), 4);
    assert_eq!(
        app.focus(),
        Focus::Capture,
        "the capture line keeps the focus"
    );
    assert!(
        app.capture().value().is_empty(),
        "the line is empty after Enter"
    );

    key(&mut app, KeyCode::Esc, t(13, 0));
    key(&mut app, KeyCode::Char('q'), t(13, 0));
    assert_eq!(app.overlay(), Some(&Overlay::ConfirmQuit));
    key(&mut app, KeyCode::Char('e'), t(13, 0));
    effects(&mut app);
    assert_eq!(app.meeting().phase(), Phase::Ended);
    assert!(
        matches!(app.written(), Some(Written::Ok(_))),
        "{:?}",
        app.written()
    );
    let md = std::fs::read_to_string(dir.path().join("tsc.minutes.md")).unwrap();
    assert!(
        md.contains("**Outcome:** Release 4.2 goes out on 24 June"),
        "{md}"
    );
    assert!(
        md.contains("Tariq Haddad: Announce the docs freeze (due 2026-06-17)"),
        "{md}"
    );
    assert!(
        !md.contains("Embargoed"),
        "private text leaked into public minutes"
    );
    assert!(
        md.contains("1. Tariq Haddad: Draft the release checklist: **ongoing**"),
        "{md}"
    );
    let json = std::fs::read_to_string(dir.path().join("tsc.minutes.json")).unwrap();
    assert!(json.contains("\"schema\": \"gavel.minutes/1\""));
    key(&mut app, KeyCode::Char('q'), t(14, 0));
    assert_eq!(app.exit(), Some(super::app::Exit::Finished));
}

#[test]
fn a_refused_command_shows_why_and_keeps_the_line() {
    let mut app = app();
    line(&mut app, "/next", t(0, 0));
    let status = app.status().cloned().unwrap();
    assert!(
        status.is_error() && status.text().contains("not started"),
        "{status:?}"
    );
    assert_eq!(
        app.capture().value(),
        "/next",
        "the line stays as typed so it can be fixed"
    );
    assert_eq!(app.meeting().phase(), Phase::NotStarted);
}

#[test]
fn slash_from_any_pane_focuses_the_capture_line_with_the_slash_typed() {
    let mut app = app();
    key(&mut app, KeyCode::Char('r'), t(0, 0));
    key(&mut app, KeyCode::Char('/'), t(0, 0));
    assert_eq!(app.focus(), Focus::Capture);
    assert_eq!(app.capture().value(), "/");
    typed(&mut app, "start", t(0, 0));
    key(&mut app, KeyCode::Enter, t(0, 0));
    assert_eq!(app.meeting().phase(), Phase::Running);
}

#[test]
fn direct_keys_move_through_the_agenda_and_undo() {
    let mut app = app();
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    key(&mut app, KeyCode::Char('n'), t(3, 0));
    key(&mut app, KeyCode::Char('e'), t(4, 0));
    assert_eq!(app.meeting().items()[1].timebox, 25 * 60);
    key(&mut app, KeyCode::Char('p'), t(5, 0));
    assert_eq!(app.meeting().current(), Some(0));
    key(&mut app, KeyCode::Char('u'), t(6, 0));
    assert_eq!(app.meeting().current(), Some(1));
    key(&mut app, KeyCode::Char(' '), t(7, 0));
    assert!(app.meeting().is_paused());
    key(&mut app, KeyCode::Char('s'), t(9, 0));
    assert!(!app.meeting().is_paused());
    key(&mut app, KeyCode::Down, t(9, 0));
    key(&mut app, KeyCode::Char('g'), t(10, 0));
    assert_eq!(app.meeting().current(), Some(2));
}

#[test]
fn roster_keys_tick_regrets_left_and_absent() {
    let mut app = app();
    key(&mut app, KeyCode::Tab, t(0, 0));
    typed(&mut app, "owen", t(0, 0));
    ctrl(&mut app, 'r', t(0, 0));
    assert_eq!(app.meeting().attendees()[3].presence, Presence::Regrets);
    // Esc clears the filter and the cursor stays on Owen (issue 15: no jump to the top).
    key(&mut app, KeyCode::Esc, t(0, 0));
    assert_eq!(app.roster_selected(), 3);
    for _ in 0..3 {
        key(&mut app, KeyCode::Up, t(0, 0));
    }
    key(&mut app, KeyCode::Char(' '), t(0, 0));
    assert_eq!(app.meeting().attendees()[0].presence, Presence::Present);
    assert_eq!(app.roster_selected(), 0, "the cursor stays after a tick");
    ctrl(&mut app, 'l', t(1, 0));
    assert_eq!(app.meeting().attendees()[0].presence, Presence::Left);
    ctrl(&mut app, 'x', t(1, 0));
    assert_eq!(app.meeting().attendees()[0].presence, Presence::Absent);
}

#[test]
fn tab_completes_commands_and_names_and_history_recalls() {
    let mut app = app();
    key(&mut app, KeyCode::Char('/'), t(0, 0));
    typed(&mut app, "pre", t(0, 0));
    key(&mut app, KeyCode::Tab, t(0, 0));
    assert_eq!(
        app.capture().value(),
        "/pre",
        "two commands start so: both are listed"
    );
    assert!(app.status().unwrap().text().contains("/prev"));
    typed(&mut app, "s", t(0, 0));
    key(&mut app, KeyCode::Tab, t(0, 0));
    assert_eq!(app.capture().value(), "/present ");
    typed(&mut app, "yu", t(0, 0));
    key(&mut app, KeyCode::Tab, t(0, 0));
    assert_eq!(app.capture().value(), "/present Yuki Tanabe");
    key(&mut app, KeyCode::Enter, t(0, 0));
    key(&mut app, KeyCode::Up, t(0, 0));
    assert_eq!(app.capture().value(), "/present Yuki Tanabe");
    key(&mut app, KeyCode::Down, t(0, 0));
    assert_eq!(app.capture().value(), "");
}

#[test]
fn followup_is_in_the_help_and_tab_completes() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'), t(0, 0));
    let help = render(&mut app, 160, 48, t(0, 0)).backend().to_string();
    assert!(help.contains("/followup [TITLE] [10m]"), "{help}");
    key(&mut app, KeyCode::Esc, t(0, 0));
    key(&mut app, KeyCode::Char('/'), t(0, 0));
    typed(&mut app, "fol", t(0, 0));
    key(&mut app, KeyCode::Tab, t(0, 0));
    assert_eq!(app.capture().value(), "/followup ");
}

#[test]
fn a_keys_rebind_in_the_config_changes_the_hint_bar() {
    let bottom = |app: &mut App| {
        let terminal = render(app, 160, 48, t(1, 0));
        let buffer = terminal.backend().buffer();
        (0..160)
            .map(|x| buffer[(x, 47)].symbol().to_string())
            .collect::<String>()
    };
    let mut app = app();
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    assert!(bottom(&mut app).starts_with("n next · p prev · s pause"));
    // As `gavel run` applies the config's [keys] table.
    let config = crate::config::parse("[keys]\nnext = \"F5\"\nleft = \"Ctrl-O\"\n").unwrap();
    for (action, key) in &config.keys {
        app.keymap_mut().rebind(action, key).unwrap();
    }
    let hint = bottom(&mut app);
    assert!(hint.starts_with("F5 next · p prev · s pause"), "{hint}");
    key(&mut app, KeyCode::Char('r'), t(1, 0));
    let hint = bottom(&mut app);
    assert!(hint.contains("^R regrets · ^O left · ^X absent"), "{hint}");
}

#[test]
fn the_draft_is_saved_after_a_second_and_disk_failures_are_retried() {
    let mut app = app();
    key(&mut app, KeyCode::Enter, t(0, 0));
    typed(&mut app, "half a thou", t(0, 0));
    tick(&mut app, t(0, 0));
    tick(&mut app, t(0, 1));
    assert!(app.status().is_none() || !app.status().unwrap().is_error());
    // Drafts are saved through the recorder; the memory recorder keeps the last one.
    assert_eq!(app.unsaved(), 0);
}

#[test]
fn idle_wakeups_follow_what_the_screen_shows() {
    let mut app = app();
    // Not started: the clock shows minutes only, so the loop sleeps to the next minute.
    assert_eq!(app.next_wake(t(0, 20)).as_secs(), 40);
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    // Running: once a second, at the second boundary.
    assert!(app.next_wake(t(0, 20)) <= std::time::Duration::from_secs(1));
    key(&mut app, KeyCode::Char('s'), t(1, 0));
    assert!(app.meeting().is_paused());
    assert_eq!(app.next_wake(t(1, 30)).as_secs(), 30);
    // A keystroke on the capture line: the loop wakes when its draft is due, a second
    // later, not at the next second boundary after that.
    key(&mut app, KeyCode::Enter, t(1, 30));
    let typed_at = t(1, 30) + Duration::milliseconds(100);
    typed(&mut app, "half", typed_at);
    assert_eq!(
        app.next_wake(typed_at + Duration::milliseconds(50)),
        std::time::Duration::from_millis(950)
    );
    tick(&mut app, typed_at + Duration::milliseconds(1000));
    assert_eq!(
        app.next_wake(t(1, 32)).as_secs(),
        28,
        "saved: back to sleep"
    );
}

/// A memory recorder the test keeps a handle on while the app owns it, to break and mend
/// the "disk" mid-meeting.
#[derive(Clone, Default)]
struct SharedRecorder(std::rc::Rc<std::cell::RefCell<MemoryRecorder>>);

impl crate::recorder::Recorder for SharedRecorder {
    fn keep(&mut self, event: &crate::meeting::Event) {
        self.0.borrow_mut().keep(event)
    }
    fn write_pending(&mut self) -> std::io::Result<()> {
        self.0.borrow_mut().write_pending()
    }
    fn pending(&self) -> usize {
        self.0.borrow().pending()
    }
    fn save_draft(&mut self, draft: &str) -> std::io::Result<()> {
        self.0.borrow_mut().save_draft(draft)
    }
}

fn app_with(recorder: &SharedRecorder) -> App {
    let agenda = parse_str(AGENDA).expect("valid test agenda").0;
    let mut app = App::new(Meeting::new(agenda), Box::new(recorder.clone()));
    *app.theme_mut() = Theme {
        color: true,
        palette: Default::default(),
    };
    app
}

/// Issue 24 item 3: the update writes nothing. A change taken on the capture line is applied
/// and held; the update asks the loop to write it (`Effect::Save`, before any other effect)
/// and the loop's write is what makes it durable, before the next frame. When that write
/// fails, the status the update set ("Recorded …") gives way to NOT SAVED.
#[test]
fn the_update_holds_a_change_and_the_loop_writes_it_first() {
    use super::app::Save;
    let recorder = SharedRecorder::default();
    let disk = &recorder.0;
    let mut app = app_with(&recorder);
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    assert_eq!(disk.borrow().events.len(), 1, "held");
    assert_eq!(disk.borrow().durable, 0, "the update wrote nothing");
    assert_eq!(app.take_effects(), [super::Effect::Save(Save::Changes)]);
    assert_eq!(disk.borrow().durable, 0, "asked, not done");
    app.saved(Save::Changes, Ok(()));

    // /end: the write comes before the minutes.
    line(&mut app, "a note", t(1, 0));
    line(&mut app, "/end", t(2, 0));
    let effects_asked = app.take_effects();
    assert_eq!(
        effects_asked.first(),
        Some(&super::Effect::Save(Save::Changes))
    );
    assert!(
        matches!(
            effects_asked.get(1),
            Some(super::Effect::WriteMinutes(_)) | None
        ),
        "{effects_asked:?}"
    );
    let mut after = super::AfterFrame::default();
    for effect in effects_asked {
        super::carry_out_one(&mut app, &mut after, &mut super::Network::Alone, effect);
    }
    assert_eq!(
        disk.borrow().durable,
        3,
        "start, the note and the end, by the loop"
    );
    assert_eq!(app.unsaved(), 0);

    // A write the disk refuses: NOT SAVED replaces what the update said.
    let recorder = SharedRecorder::default();
    let mut app = app_with(&recorder);
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    effects(&mut app);
    recorder.0.borrow_mut().fail_with = Some(std::io::ErrorKind::ReadOnlyFilesystem);
    line(&mut app, "refused by the disk", t(1, 0));
    assert!(
        app.status().unwrap().text().starts_with("Recorded a note"),
        "{:?}",
        app.status()
    );
    assert_eq!(app.unsaved(), 0, "nothing refused before the loop's write");
    effects(&mut app);
    assert_eq!(app.unsaved(), 1);
    let screen = screen_text(&mut app, t(1, 0));
    assert!(
        screen.contains("NOT SAVED: 1 change(s) only in memory"),
        "{screen}"
    );
    assert!(!screen.contains("Recorded a note"), "{screen}");
}

fn screen_text(app: &mut App, now: DateTime<Utc>) -> String {
    let terminal = render(app, 100, 30, now);
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

/// The path a read-only or full session directory takes, at the level of the app (the real
/// binary is tested in tests/disk_trouble.rs): writes fail, the screen says NOT SAVED, the
/// meeting goes on in memory, the minutes are still written at /end, and once the disk is
/// back the next tick saves everything.
#[test]
fn a_failing_disk_shows_not_saved_keeps_the_meeting_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = SharedRecorder::default();
    let mut app = app_with(&recorder);
    app.set_minutes(MinutesFiles {
        markdown: dir.path().join("tsc.minutes.md"),
        json: dir.path().join("tsc.minutes.json"),
        private: false,
        force: false,
    });
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    line(&mut app, "before the disk failed", t(0, 10));
    effects(&mut app);
    assert_eq!(recorder.0.borrow().durable, 2);

    recorder.0.borrow_mut().fail_with = Some(std::io::ErrorKind::ReadOnlyFilesystem);
    line(&mut app, "while the disk is read-only", t(1, 0));
    effects(&mut app);
    line(&mut app, "/outcome still taken", t(1, 30));
    effects(&mut app);
    assert_eq!(app.unsaved(), 2);
    // The status line says NOT SAVED whatever the last message was.
    let screen = screen_text(&mut app, t(1, 30));
    assert!(
        screen.contains("NOT SAVED: 2 change(s) only in memory"),
        "{screen}"
    );
    // The meeting itself has everything; the line was taken (not left for retyping).
    assert_eq!(app.meeting().items()[0].entries.len(), 3);
    assert!(screen.contains("while the disk is read-only"), "{screen}");
    assert!(app.capture().value().is_empty());
    // A tick retries, and fails again while the disk is still read-only.
    tick(&mut app, t(1, 31));
    assert_eq!(app.unsaved(), 2);
    // The draft cannot be saved either: said, not fatal.
    typed(&mut app, "half a th", t(1, 40));
    tick(&mut app, t(1, 42));
    assert_eq!(app.capture().value(), "half a th");
    key(&mut app, KeyCode::Esc, t(1, 43));

    // /end while the journal is failing: the minutes go to their own directory and are
    // written from memory.
    line(&mut app, "/end", t(2, 0));
    effects(&mut app);
    assert_eq!(app.meeting().phase(), Phase::Ended);
    assert!(
        matches!(app.written(), Some(Written::Ok(_))),
        "{:?}",
        app.written()
    );
    let md = std::fs::read_to_string(dir.path().join("tsc.minutes.md")).unwrap();
    assert!(md.contains("while the disk is read-only"), "{md}");
    assert!(md.contains("still taken"), "{md}");
    assert_eq!(app.unsaved(), 3);
    assert!(screen_text(&mut app, t(2, 0)).contains("NOT SAVED: 3 change(s)"));

    // The disk is back: the next tick saves everything, and says so.
    recorder.0.borrow_mut().fail_with = None;
    tick(&mut app, t(2, 1));
    assert_eq!(app.unsaved(), 0);
    let r = recorder.0.borrow();
    assert_eq!(r.durable, r.events.len());
    assert_eq!(r.events.len(), 5);
    assert_eq!(r.events[..], app.meeting().events()[..]);
    drop(r);
    let screen = screen_text(&mut app, t(2, 1));
    assert!(
        screen.contains("Saved to disk again; nothing was lost."),
        "{screen}"
    );
    assert!(!screen.contains("NOT SAVED"), "{screen}");
}

/// Issue 24: on a participant's screen (`gavel join`), a note the outbox could not write
/// was reported as 0 pending, and the status said "Sent a note (pending …)": the note was
/// gone with nothing on screen. Now the screen says NOT SAVED, keeps the note, and the
/// tick's retry writes it once the disk takes it. (A directory where the outbox file goes
/// makes the writes fail, for root too.)
#[test]
fn a_participants_note_the_outbox_refused_shows_not_saved_and_is_retried() {
    use crate::meeting::EventKind;
    let dir = tempfile::tempdir().unwrap();
    let (mut app, outbox) = joined_app(dir.path(), vec![Event::new(t(0, 0), EventKind::Start)]);
    // The host is not there.
    app.on_network(NetworkInput::FromHost(FromHost::Offline("no host".into())));
    app.on_network(NetworkInput::Drained);

    let file = dir.path().join("outbox.jsonl");
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    line(&mut app, "a note the disk refused", t(1, 0));
    effects(&mut app);
    assert_eq!(app.unsaved(), 1);
    let screen = screen_text(&mut app, t(1, 0));
    assert!(
        screen.contains("NOT SAVED: 1 change(s) only in memory"),
        "{screen}"
    );
    assert!(!screen.contains("Sent a note"), "{screen}");
    assert!(screen.contains("a note the disk refused"), "{screen}");
    tick(&mut app, t(1, 1));
    assert_eq!(app.unsaved(), 1, "still refused");
    assert!(outbox.borrow().pending().is_empty(), "nothing sent yet");

    std::fs::remove_dir(&file).unwrap();
    tick(&mut app, t(1, 2));
    assert_eq!(app.unsaved(), 0);
    let pending = outbox.borrow().pending().to_vec();
    assert_eq!(pending.len(), 1);
    assert!(
        matches!(&pending[0].event.kind, EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note { text, .. })) if text == "a note the disk refused")
    );
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("a note the disk refused"));
    let screen = screen_text(&mut app, t(1, 2));
    assert!(!screen.contains("NOT SAVED"), "{screen}");
}

/// Issue 25, item 8: a participant whose host cannot save is told on its status line and
/// in its header until the host says it saves again.
#[test]
fn a_participant_sees_the_host_cannot_save_until_it_saves_again() {
    use crate::meeting::EventKind;
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _outbox) = joined_app(dir.path(), vec![Event::new(t(0, 0), EventKind::Start)]);
    let notice = crate::share::host::cannot_save(&crate::clerk::Unsaved {
        reason: "No space left on device (os error 28)".into(),
        pending: 3,
        disk_full: true,
    });
    hear_from_host(&mut app, &notice);
    line(&mut app, "a note while the host is full", t(1, 0));
    let screen = screen_text(&mut app, t(1, 0));
    assert!(
        screen.contains("scribe · online · HOST CANNOT SAVE"),
        "{screen}"
    );
    hear_from_host(&mut app, &notice);
    let screen = screen_text(&mut app, t(1, 1));
    assert!(
        screen.contains("the host cannot save: disk full — 3 changes waiting"),
        "{screen}"
    );
    hear_from_host(&mut app, crate::share::host::SAVES_AGAIN);
    let screen = screen_text(&mut app, t(1, 2));
    assert!(!screen.contains("CANNOT SAVE"), "{screen}");
    assert!(
        screen.contains("The host saves again: every change is on disk."),
        "{screen}"
    );
}

/// A draft saved while the moderator paused must not outlive the line once it is entered:
/// after a crash in the following second, resuming would put the recorded line back on the
/// capture line, and Enter would record it twice. (Found by tests/crash.rs.)
#[test]
fn an_entered_line_clears_its_saved_draft_at_once() {
    let recorder = SharedRecorder::default();
    let mut app = app_with(&recorder);
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    key(&mut app, KeyCode::Enter, t(0, 1));
    typed(&mut app, "/outcome release on", t(0, 2));
    tick(&mut app, t(0, 4));
    assert_eq!(recorder.0.borrow().draft, "/outcome release on");
    typed(&mut app, " 24 June", t(0, 5));
    key(&mut app, KeyCode::Enter, t(0, 5));
    // The loop carries out what the key asked before anything else.
    effects(&mut app);
    // No tick in between: the draft on disk is already empty.
    assert_eq!(recorder.0.borrow().draft, "");
    assert_eq!(recorder.0.borrow().events.len(), 2);
}

/// The newest entry stays in view even when word wrapping takes more rows than the width
/// alone suggests. (Found by tests/crash.rs: a just-recorded note did not show.)
#[test]
fn the_newest_entry_is_in_view_when_entries_wrap_by_words() {
    for (w, h) in [(80, 24), (100, 30), (140, 40)] {
        let mut app = app();
        key(&mut app, KeyCode::Char('s'), t(0, 0));
        // An item with a background and a link, and a long queue line: a tall head.
        line(&mut app, "/next", t(0, 1));
        line(
            &mut app,
            "/queue Yuki reply whether the installer signing blocks the release candidate",
            t(0, 1),
        );
        for i in 0..40 {
            line(
                &mut app,
                &if i % 2 == 0 {
                    format!(
                        "/action Tariq: item{i:03} about the detached signatures due 2026-06-22"
                    )
                } else {
                    format!(
                        "/link https://example.org/quillmate/pull/{i}/files/with-a-path-too-long-for-a-row item{i:03}"
                    )
                },
                t(0, 1),
            );
            let terminal = render(&mut app, w, h, t(0, 2));
            let buffer = terminal.backend().buffer();
            let text: String = (0..buffer.area.height)
                .map(|y| {
                    (0..buffer.area.width)
                        .map(|x| buffer[(x, y)].symbol().to_string())
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                text.contains(&format!("item{i:03}")),
                "{w}x{h}, entry {i} not shown:\n{text}"
            );
        }
    }
}

#[test]
fn an_outcome_is_edited_into_an_action_from_the_record() {
    let mut app = app();
    mid_meeting(&mut app);
    key(&mut app, KeyCode::Esc, t(13, 0));
    key(&mut app, KeyCode::Right, t(13, 0));
    assert_eq!(app.focus(), Focus::Entries);
    // The newest entry is selected: the outcome.
    key(&mut app, KeyCode::Enter, t(13, 0));
    assert_eq!(
        app.capture().value(),
        "/outcome Release 4.2 goes out on 24 June"
    );
    let snapshot_terminal = render(&mut app, 80, 24, t(13, 0));
    insta::assert_snapshot!("editing_entry_80x24", snapshot_terminal.backend());
    for _ in 0.."/outcome".len() {
        key(&mut app, KeyCode::Home, t(13, 0));
    }
    for _ in 0.."/outcome ".len() {
        key(&mut app, KeyCode::Delete, t(13, 0));
    }
    typed(&mut app, "/action rosa: ", t(13, 0));
    key(&mut app, KeyCode::Enter, t(13, 0));
    assert_eq!(app.focus(), Focus::Entries);
    let item = &app.meeting().items()[1];
    let crate::meeting::EntryKind::Action(a) = item.entries[3].kind else {
        panic!("the outcome became an action: {:?}", item.entries[3].kind)
    };
    assert_eq!(app.meeting().actions()[a].owners, ["Rosa Delgado"]);
    assert_eq!(
        app.meeting().actions()[a].text,
        "Release 4.2 goes out on 24 June"
    );
    // Delete the private note above it, then undo.
    key(&mut app, KeyCode::Up, t(14, 0));
    key(&mut app, KeyCode::Char('x'), t(14, 0));
    assert_eq!(app.meeting().items()[1].entries.len(), 3);
    key(&mut app, KeyCode::Char('u'), t(14, 0));
    assert_eq!(app.meeting().items()[1].entries.len(), 4);
}

#[test]
fn queue_keys_and_the_queue_pane() {
    let mut app = app();
    mid_meeting(&mut app);
    key(&mut app, KeyCode::Esc, t(13, 0));
    key(&mut app, KeyCode::Char('r'), t(13, 0));
    typed(&mut app, "yuki", t(13, 0));
    key(&mut app, KeyCode::Char('+'), t(13, 0));
    assert_eq!(app.meeting().queue().len(), 1);
    key(&mut app, KeyCode::Esc, t(13, 0));
    key(&mut app, KeyCode::Esc, t(13, 0));
    line(&mut app, "/queue rosa order budget question", t(13, 10));
    key(&mut app, KeyCode::Esc, t(13, 10));
    key(&mut app, KeyCode::Char('f'), t(13, 20));
    assert_eq!(
        app.meeting().floor().as_ref().unwrap().entry.name,
        "Rosa Delgado"
    );
    let terminal = render(&mut app, 160, 48, t(15, 0));
    insta::assert_snapshot!("queue_pane_160x48", terminal.backend());
}

#[test]
fn the_rebalance_plan_is_shown_and_applied_with_enter() {
    let mut app = app();
    mid_meeting(&mut app);
    key(&mut app, KeyCode::Esc, t(30, 0));
    key(&mut app, KeyCode::Char('b'), t(30, 0));
    assert!(matches!(app.overlay(), Some(Overlay::Plan { .. })));
    let terminal = render(&mut app, 80, 24, t(30, 0));
    insta::assert_snapshot!("rebalance_plan_80x24", terminal.backend());
    key(&mut app, KeyCode::Enter, t(30, 0));
    let left: i64 = app.meeting().items()[1..]
        .iter()
        .map(|i| i.timebox - i.used_at(t(30, 0)))
        .sum();
    assert_eq!(
        left,
        30 * 60,
        "the remaining boxes fill the 30 minutes left"
    );
}

#[test]
fn items_are_reordered_with_shift_k_and_j() {
    let mut app = app();
    key(&mut app, KeyCode::Down, t(0, 0));
    key(&mut app, KeyCode::Down, t(0, 0));
    key(&mut app, KeyCode::Down, t(0, 0));
    app.on_key(
        KeyEvent::new(KeyCode::Char('K'), KeyModifiers::SHIFT),
        t(0, 0),
    );
    assert_eq!(app.meeting().items()[2].title, "Any other business");
    assert_eq!(app.agenda_selected(), 2);
    app.on_key(
        KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT),
        t(0, 0),
    );
    assert_eq!(app.meeting().items()[3].title, "Any other business");
}

#[test]
fn the_actions_so_far_overlay() {
    let mut app = app();
    mid_meeting(&mut app);
    key(&mut app, KeyCode::Esc, t(13, 0));
    key(&mut app, KeyCode::Char('a'), t(13, 0));
    let terminal = render(&mut app, 80, 24, t(13, 0));
    insta::assert_snapshot!("actions_overlay_80x24", terminal.backend());
}

#[test]
fn disk_failures_keep_the_meeting_in_memory_and_are_retried() {
    let recorder = SharedRecorder::default();
    let disk = &recorder.0;
    let mut app = app_with(&recorder);
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    effects(&mut app);
    disk.borrow_mut().fail_with = Some(std::io::ErrorKind::StorageFull);
    line(&mut app, "a note typed while the disk is full", t(1, 0));
    effects(&mut app);
    assert_eq!(
        app.meeting().items()[0].entries.len(),
        1,
        "the meeting keeps it"
    );
    assert_eq!(app.unsaved(), 1);
    let status = app.status().cloned().unwrap();
    assert!(
        status.is_error() && status.text().contains("NOT SAVED"),
        "{status:?}"
    );
    let terminal = render(&mut app, 80, 24, t(1, 0));
    let screen = terminal.backend().to_string();
    assert!(screen.contains("NOT SAVED"), "{screen}");
    tick(&mut app, t(1, 1));
    assert_eq!(app.unsaved(), 1, "still failing");
    disk.borrow_mut().fail_with = None;
    tick(&mut app, t(1, 2));
    assert_eq!(app.unsaved(), 0);
    assert_eq!(
        disk.borrow().events.len(),
        2,
        "start and the note, each once"
    );
    assert!(app.status().unwrap().text().contains("nothing was lost"));
}

#[test]
fn mouse_clicks_select_items_and_tick_people() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut app = app();
    let _ = render(&mut app, 160, 48, t(0, 0));
    let click = |app: &mut App, column, row, at| {
        app.on_mouse(
            MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column,
                row,
                modifiers: KeyModifiers::NONE,
            },
            at,
        )
    };
    // Agenda rows start below the header (2 lines) and the pane's border.
    click(&mut app, 5, 5, t(0, 0));
    assert_eq!(app.agenda_selected(), 2);
    // The roster is the right-hand column at this width; its rows start one line lower.
    let roster = view::layout(app.screen(), &app).roster.unwrap();
    click(&mut app, roster.x + 3, roster.y + 2, t(0, 0));
    assert_eq!(app.meeting().attendees()[0].presence, Presence::Present);
    assert_eq!(app.focus(), Focus::Roster);
    key(&mut app, KeyCode::Esc, t(1, 0));
    key(&mut app, KeyCode::Char('s'), t(1, 0));
    click(&mut app, 5, 5, t(2, 0));
    click(&mut app, 5, 5, t(2, 0));
    assert_eq!(
        app.meeting().current(),
        Some(2),
        "a second click on the selected item goes to it"
    );
}

#[test]
fn no_color_draws_without_colours() {
    use ratatui::style::Color;
    let mut app = app();
    *app.theme_mut() = Theme {
        color: false,
        palette: Default::default(),
    };
    mid_meeting(&mut app);
    let terminal = render(&mut app, 80, 24, t(22, 0));
    for cell in terminal.backend().buffer().content() {
        assert_eq!(cell.fg, Color::Reset, "a colour at {:?}", cell.symbol());
        assert_eq!(cell.bg, Color::Reset);
    }
    *app.theme_mut() = Theme {
        color: true,
        palette: Default::default(),
    };
    let terminal = render(&mut app, 80, 24, t(22, 0));
    assert!(terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .any(|c| c.fg != Color::Reset));
}

#[test]
fn the_header_shows_the_attendees_clocks() {
    let source = AGENDA.replace(
        "timezone = \"UTC\"",
        "timezone = \"UTC\"\nzones = [\"America/Los_Angeles\", \"Europe/Berlin\"]",
    );
    let agenda = parse_str(&source).expect("valid").0;
    let mut app = App::new(Meeting::new(agenda), Box::new(MemoryRecorder::default()));
    let terminal = render(&mut app, 160, 48, t(0, 0));
    let top: String = (0..160)
        .map(|x| terminal.backend().buffer()[(x, 0)].symbol().to_string())
        .collect();
    // 17:00 UTC on 10 June: summer time on both sides.
    assert!(top.contains("17:00 UTC / 10:00 PDT / 19:00 CEST"), "{top}");
}

#[test]
fn y_on_the_end_screen_copies_the_minutes_with_osc_52() {
    let mut app = app();
    mid_meeting(&mut app);
    line(&mut app, "/end", t(20, 0));
    key(&mut app, KeyCode::Esc, t(20, 0));
    key(&mut app, KeyCode::Char('y'), t(20, 0));
    let bytes = terminal_output(&mut app).expect("a clipboard request");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("]52;c;"), "{text:?}");
    assert!(app.status().unwrap().text().contains("copied"));
    assert!(terminal_output(&mut app).is_none(), "written once");
}

#[test]
fn an_item_reaching_its_time_box_flashes_once_and_rings_when_asked() {
    let mut app = app();
    app.set_bell(true);
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    app.tick(t(4, 59));
    assert!(!app.flashing(t(4, 59)));
    app.tick(t(5, 0));
    assert!(app.flashing(t(5, 0)), "item 1 has reached its 5 minutes");
    assert_eq!(terminal_output(&mut app), Some(vec![0x07]));
    app.tick(t(5, 1));
    app.tick(t(6, 0));
    assert!(!app.flashing(t(6, 0)), "once per item");
    assert_eq!(terminal_output(&mut app), None);
    let terminal = render(&mut app, 80, 24, t(5, 0));
    let title_cell = &terminal.backend().buffer()[(1, 0)];
    assert!(title_cell
        .modifier
        .contains(ratatui::style::Modifier::REVERSED));
    // The meeting's planned end (17:00 + 60 min) cues again.
    app.tick(t(60, 0));
    assert!(app.flashing(t(60, 0)));
}

#[test]
fn the_config_file_can_ask_for_a_12_hour_clock_and_more_zones() {
    let mut app = app();
    app.set_twelve_hour(true);
    app.set_extra_zones(vec![crate::agenda::Zone::parse("Asia/Tokyo").unwrap()]);
    let terminal = render(&mut app, 160, 48, t(0, 0));
    let top: String = (0..160)
        .map(|x| terminal.backend().buffer()[(x, 0)].symbol().to_string())
        .collect();
    assert!(top.contains("5:00 PM UTC / 02:00 JST"), "{top}");
    // The second line's times are in the same form.
    let second: String = (0..160)
        .map(|x| terminal.backend().buffer()[(x, 1)].symbol().to_string())
        .collect();
    assert!(second.contains("planned 5:00 PM → 6:00 PM"), "{second}");
}

/// The entry selected in the record is marked across the whole width of the item pane; a
/// line drawn in reverse for another reason (an item over time, without colour) is reversed
/// only where its text is.
#[test]
fn only_the_selected_entry_is_highlighted_across_the_item_pane() {
    use ratatui::style::Modifier;
    let mut app = app();
    app.theme_mut().color = false;
    mid_meeting(&mut app);
    key(&mut app, KeyCode::Esc, t(13, 0));
    key(&mut app, KeyCode::Right, t(13, 0));
    assert_eq!(app.focus(), Focus::Entries);
    let terminal = render(&mut app, 80, 24, t(40, 0));
    let buffer = terminal.backend().buffer();
    let item = view::layout(buffer.area, &app).item;
    let last_inside = item.right() - 2;
    let row_with = |text: &str| {
        (item.top()..item.bottom())
            .find(|&y| {
                (item.left()..item.right())
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    .contains(text)
            })
            .unwrap_or_else(|| panic!("{text:?} is not in the item pane"))
    };
    let reversed = |x: u16, y: u16| buffer[(x, y)].modifier.contains(Modifier::REVERSED);
    let selected = row_with("OUTCOME");
    assert!(
        reversed(last_inside, selected),
        "the selection spans the pane"
    );
    let over = row_with("over by");
    assert!(
        reversed(item.left() + 1, over),
        "the overrun clock is reversed"
    );
    assert!(!reversed(last_inside, over), "but only under its text");
    let note = row_with("Installer signing");
    assert!(!reversed(item.left() + 1, note) && !reversed(last_inside, note));
}

/// The screen of `app` at `now` drawn whole through `Screen`, as the live loop draws it;
/// returns what the loop keeps of it (the cursor drawing found is where `view::cursor`
/// puts it).
fn whole(
    screen: &mut super::screen::Screen<TestBackend>,
    app: &App,
    now: DateTime<Utc>,
) -> super::hits::Hits {
    let hits = screen.draw_app(app, now).unwrap();
    assert_eq!(hits.cursor, view::cursor(screen.area(), app));
    hits
}

fn fresh_screen(w: u16, h: u16) -> super::screen::Screen<TestBackend> {
    super::screen::Screen::new(Terminal::new(TestBackend::new(w, h)).unwrap())
}

/// Meetings in the states a clock-only second can find them in: an item running with
/// entries, the capture line focused with text, a speaker with the floor and a queue, the
/// agenda or the roster focused, an item about to run over, a paused meeting.
fn clock_scenarios() -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    let mut a = app();
    mid_meeting(&mut a);
    out.push(("running item with entries", a));
    let mut a = app();
    mid_meeting(&mut a);
    typed(&mut a, "half a note", t(13, 0));
    out.push(("capture line focused", a));
    let mut a = app();
    mid_meeting(&mut a);
    key(&mut a, KeyCode::Esc, t(13, 0));
    line(&mut a, "/queue rosa order budget question", t(13, 10));
    line(&mut a, "/queue yuki reply on the installer", t(13, 10));
    key(&mut a, KeyCode::Esc, t(13, 10));
    key(&mut a, KeyCode::Char('f'), t(13, 20));
    out.push(("floor and queue", a));
    let mut a = app();
    mid_meeting(&mut a);
    key(&mut a, KeyCode::Esc, t(13, 0));
    key(&mut a, KeyCode::Left, t(13, 0));
    out.push(("agenda focused", a));
    let mut a = app();
    mid_meeting(&mut a);
    key(&mut a, KeyCode::Esc, t(13, 0));
    key(&mut a, KeyCode::Char('r'), t(13, 0));
    out.push(("roster focused", a));
    let mut a = app();
    mid_meeting(&mut a);
    key(&mut a, KeyCode::Esc, t(13, 0));
    key(&mut a, KeyCode::Char('s'), t(14, 0));
    out.push(("paused", a));
    // The header's other clocks, in zones a half and three quarters of an hour off, and
    // on a 12-hour clock: its top line turns with the minute, as the header's second line
    // is redrawn alone within one.
    let mut a = app();
    mid_meeting(&mut a);
    a.set_twelve_hour(true);
    a.set_extra_zones(vec![
        crate::agenda::Zone::parse("Asia/Kolkata").unwrap(),
        crate::agenda::Zone::parse("Asia/Kathmandu").unwrap(),
    ]);
    out.push(("other zones, 12-hour clock", a));
    out
}

/// A second (or a minute) in which only time passed, redrawn over the last frame with
/// `view::draw_clock`, leaves the terminal exactly as a whole frame would; and it is
/// redrawn that way in most states, not by falling back to a whole frame.
#[test]
fn a_clock_only_second_redraws_what_a_whole_frame_draws() {
    let steps = [
        (t(15, 0), t(15, 1)),
        (t(15, 59), t(16, 0)),
        // The item runs over (a 20-minute box started at 5:00): the flash and the red.
        (t(24, 59), t(25, 0)),
        (t(25, 0), t(25, 1)),
        (t(25, 1), t(25, 2)),
        (t(59, 59), t(61, 0)),
    ];
    let mut partial = 0;
    let mut cases = 0;
    let mut flashes = 0;
    // A fresh meeting for each size: the loop ticks the app (its overrun flash and bell)
    // before every frame, and so does this test, once through the steps.
    for (w, h) in [(80, 24), (119, 30), (160, 48), (200, 60), (130, 12)] {
        for (name, mut app) in clock_scenarios() {
            app.set_screen(ratatui::layout::Rect::new(0, 0, w, h));
            for (before, now) in steps {
                let mut screen = fresh_screen(w, h);
                tick(&mut app, before);
                // What the loop keeps of the last whole frame: its layout and cursor.
                let kept = whole(&mut screen, &app, before);
                assert!(kept.areas.is_some(), "the panes' layout");
                tick(&mut app, now);
                let flashing = app.flashing(now);
                let redrawn = screen
                    .draw_clock_second(&app, &kept, before, now)
                    .unwrap()
                    .is_none();
                let mut expected = fresh_screen(w, h);
                whole(&mut expected, &app, now);
                assert_eq!(
                    screen.backend().buffer(),
                    expected.backend().buffer(),
                    "{name}, {w}x{h}, {before} -> {now}"
                );
                {
                    use ratatui::backend::Backend;
                    assert_eq!(
                        screen.backend_mut().get_cursor_position().ok(),
                        expected.backend_mut().get_cursor_position().ok(),
                        "{name}, {w}x{h}: the cursor"
                    );
                }
                cases += 1;
                partial += usize::from(redrawn);
                flashes += usize::from(flashing && redrawn);
            }
        }
    }
    assert!(
        partial * 10 >= cases * 9,
        "{partial} of {cases} redrawn in part"
    );
    assert!(flashes > 0, "the overrun flash was redrawn in part");
}

/// Whole frames through `Screen` (which compares row by row and writes only changed rows)
/// leave the terminal as ratatui's own `Terminal::draw` does, over a run of changing screens.
#[test]
fn whole_frames_through_screen_match_ratatuis_terminal() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = app();
        app.set_screen(ratatui::layout::Rect::new(0, 0, w, h));
        let mut screen = fresh_screen(w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut check = |app: &App, now: DateTime<Utc>, what: &str| {
            whole(&mut screen, app, now);
            terminal
                .draw(|f| {
                    view::draw(f, app, now);
                })
                .unwrap();
            assert_eq!(
                screen.backend().buffer(),
                terminal.backend().buffer(),
                "{w}x{h}: {what}"
            );
        };
        check(&app, t(0, 0), "before the start");
        mid_meeting(&mut app);
        check(&app, t(13, 0), "mid-meeting");
        // `?` types on the capture line: leave it for the help.
        key(&mut app, KeyCode::Esc, t(13, 0));
        key(&mut app, KeyCode::Char('?'), t(13, 0));
        assert_eq!(app.overlay(), Some(&Overlay::Help(0)));
        check(&app, t(13, 1), "help");
        key(&mut app, KeyCode::Esc, t(13, 1));
        line(
            &mut app,
            "名前 and café, a note with wide characters",
            t(13, 2),
        );
        check(&app, t(13, 2), "wide characters");
        line(&mut app, "/next", t(14, 0));
        check(&app, t(14, 0), "next item");
        line(&mut app, "/end", t(15, 0));
        check(&app, t(15, 0), "ended");
    }
}

/// The old actions are listed, with the numbers `/done N` takes, on the item where they are
/// reviewed (its title speaks of actions), not only on the first item.
#[test]
fn the_old_actions_show_on_the_item_that_reviews_them() {
    let source = AGENDA.replacen(
        "title = \"Plugin API deprecations\"",
        "title = \"Review of open action items\"",
        1,
    );
    let agenda = parse_str(&source).expect("valid test agenda").0;
    let mut app = App::new(Meeting::new(agenda), Box::new(MemoryRecorder::default()));
    line(&mut app, "/start", t(0, 0));
    line(&mut app, "/next", t(1, 0));
    assert!(!screen_text(&mut app, t(1, 0)).contains("Open actions to review"));
    line(&mut app, "/next", t(2, 0));
    let screen = screen_text(&mut app, t(2, 0));
    assert!(screen.contains("Open actions to review"), "{screen}");
    assert!(
        screen.contains("1. [·] Tariq Haddad: Draft the release checklist"),
        "{screen}"
    );
}

/// Issue 15: an action owner who matches nobody is said at once, with the nearest names;
/// issue 27: the line is refused once and stays, and Enter again records it as written.
#[test]
fn an_action_owner_on_nobodys_roster_is_said_at_once_with_the_nearest_names() {
    let mut app = app();
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    line(&mut app, "/action Tarik: Send the checklist", t(1, 0));
    let status = app.status().expect("a status").text().to_string();
    assert!(app.status().unwrap().is_error(), "{status}");
    assert!(
        status.starts_with("Not on the roster: `Tarik`. Take the nearest name: Alt-1 Tariq Haddad"),
        "{status}"
    );
    assert_eq!(app.capture().value(), "/action Tarik: Send the checklist");
    key(&mut app, KeyCode::Enter, t(1, 10));
    let status = app.status().expect("a status").text().to_string();
    assert!(
        status
            .starts_with("Recorded an action. Not on the roster: `Tarik` (nearest: Tariq Haddad;"),
        "{status}"
    );
    line(&mut app, "/action Yuki: Review the docs", t(2, 0));
    assert_eq!(
        app.status().unwrap(),
        &super::app::Status::Info("Recorded an action.".into())
    );
}

/// Issue 27: one key takes a nearest name in place of the unknown owner (Tab the first,
/// Alt-1 to Alt-3 by number), and Enter records the action under it.
#[test]
fn one_key_takes_the_nearest_name_for_an_unknown_owner() {
    let mut app = app();
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    line(&mut app, "/action Tarik, Yuki: Send the checklist", t(1, 0));
    let screen = screen_text(&mut app, t(1, 0));
    assert!(screen.contains("Not on the roster: `Tarik`"), "{screen}");
    key(&mut app, KeyCode::Tab, t(1, 5));
    assert_eq!(
        app.capture().value(),
        "/action Tariq Haddad, Yuki: Send the checklist"
    );
    key(&mut app, KeyCode::Enter, t(1, 10));
    assert_eq!(
        app.status().unwrap(),
        &super::app::Status::Info("Recorded an action.".into())
    );
    let owners = app
        .meeting()
        .actions()
        .last()
        .map(|a| a.owners.clone())
        .unwrap_or_default();
    assert_eq!(owners, ["Tariq Haddad", "Yuki Tanabe"]);
    // By number: Alt-1 is the first nearest name (and Alt-3 says when there is no third).
    line(&mut app, "/action Rosaa: Book the room", t(2, 0));
    app.on_key(
        KeyEvent::new(KeyCode::Char('3'), KeyModifiers::ALT),
        t(2, 1),
    );
    assert!(app.status().unwrap().is_error());
    app.on_key(
        KeyEvent::new(KeyCode::Char('1'), KeyModifiers::ALT),
        t(2, 2),
    );
    assert_eq!(app.capture().value(), "/action Rosa Delgado: Book the room");
}

/// Issue 15: Enter on someone already present says so and keeps them present; taking
/// someone off is its own key. The filter finds initials; after a tick the cursor stays on
/// the person ticked.
#[test]
fn enter_never_takes_anyone_off_and_the_filter_finds_initials() {
    let mut app = app();
    key(&mut app, KeyCode::Char('r'), t(0, 0));
    typed(&mut app, "yt", t(0, 0));
    assert_eq!(app.roster_rows(), vec![2], "initials find Yuki Tanabe");
    key(&mut app, KeyCode::Enter, t(0, 0));
    assert_eq!(app.meeting().attendees()[2].presence, Presence::Present);
    assert_eq!(app.roster_filter(), "");
    assert_eq!(app.roster_selected(), 2, "the cursor stays on Yuki");
    typed(&mut app, "yuki", t(0, 1));
    key(&mut app, KeyCode::Enter, t(0, 1));
    assert_eq!(
        app.meeting().attendees()[2].presence,
        Presence::Present,
        "Enter again does not take Yuki off"
    );
    let status = app.status().unwrap().text().to_string();
    assert!(
        status.contains("Yuki Tanabe is already present (kept; ^X marks absent)"),
        "{status}"
    );
    ctrl(&mut app, 'x', t(0, 2));
    assert_eq!(app.meeting().attendees()[2].presence, Presence::Absent);
}

/// Issue 25: a voting member present only by their own page's check-in does not count
/// toward quorum; Enter on them in the roster is the chair's confirmation, and the header
/// says how many wait for it.
#[test]
fn enter_on_a_member_checked_in_from_a_page_confirms_them_for_quorum() {
    let agenda = parse_str(AGENDA).expect("valid test agenda").0;
    let mut m = Meeting::new(agenda);
    let mut page = crate::meeting::Event::new(
        t(0, 0),
        crate::meeting::EventKind::Attendance {
            names: vec!["Yuki Tanabe".into()],
            status: Presence::Present,
        },
    );
    page.by = Some(crate::meeting::Author {
        participant: "a-phone".into(),
        name: "Yuki Tanabe".into(),
        seq: 1,
        item: None,
        attendee: true,
    });
    m.apply(&page).unwrap();
    assert!(m.attendees()[2].self_checked);
    assert_eq!(m.quorum_count(), 0, "not counted before the chair confirms");
    assert_eq!(m.present_unconfirmed(), 1);
    let mut app = App::new(m, Box::new(MemoryRecorder::default()));
    let header = |app: &App| {
        let mut terminal = Terminal::new(TestBackend::new(120, 30)).unwrap();
        terminal
            .draw(|f| {
                view::draw(f, app, t(0, 2));
            })
            .unwrap();
        format!("{:?}", terminal.backend())
    };
    assert!(header(&app).contains("quorum 0/3 (+1 to /confirm)"));
    key(&mut app, KeyCode::Char('r'), t(0, 1));
    typed(&mut app, "yuki", t(0, 1));
    key(&mut app, KeyCode::Enter, t(0, 1));
    let yuki = &app.meeting().attendees()[2];
    assert_eq!(yuki.presence, Presence::Present);
    assert!(!yuki.self_checked, "confirmed on the chair's word");
    assert_eq!(app.meeting().quorum_count(), 1);
    assert!(header(&app).contains("quorum 1/3"));
}

/// Issue 15: the roll call walks the roster in order, one key a person; `u` steps back
/// and undoes the mark; the hint line shows the roll call's keys.
#[test]
fn the_roll_call_marks_one_person_a_key_and_steps_back() {
    let mut app = app();
    key(&mut app, KeyCode::Char('R'), t(0, 0));
    assert!(app.roll_call().is_some());
    let hints = view::hint_text(&app);
    assert_eq!(
        hints,
        "p present · r regrets · a absent · s skip · u back · Esc done"
    );
    key(&mut app, KeyCode::Char('p'), t(0, 1));
    key(&mut app, KeyCode::Char('r'), t(0, 2));
    key(&mut app, KeyCode::Char('a'), t(0, 3));
    assert_eq!(app.roster_selected(), 3, "on Owen");
    key(&mut app, KeyCode::Char('u'), t(0, 4));
    assert_eq!(app.roster_selected(), 2, "back on Yuki");
    assert_eq!(app.meeting().attendees()[2].presence, Presence::Unknown);
    key(&mut app, KeyCode::Char('p'), t(0, 5));
    key(&mut app, KeyCode::Char('s'), t(0, 6));
    let status = app.status().unwrap().text().to_string();
    assert!(
        status.contains(
            "Owen Mbeki: skipped · roll call complete: 2 present, 1 sent regrets, 1 not marked"
        ),
        "{status}"
    );
    let presence: Vec<Presence> = app
        .meeting()
        .attendees()
        .iter()
        .map(|a| a.presence)
        .collect();
    assert_eq!(
        presence,
        [
            Presence::Present,
            Presence::Regrets,
            Presence::Present,
            Presence::Unknown
        ]
    );
    snapshot("roll_call_complete", &mut app, t(0, 6));
    key(&mut app, KeyCode::Esc, t(0, 7));
    assert!(app.roll_call().is_none());
    assert_eq!(
        app.focus(),
        Focus::Agenda,
        "Esc leaves the roll call and the roster"
    );
    // `/roll` starts it again, at the first person not marked.
    line(&mut app, "/roll", t(0, 8));
    assert_eq!(app.roll_call().map(|r| r.at()), Some(3));
}

/// Issue 15: every key that changes the meeting says what it did; `d` says how to undo.
#[test]
fn keys_that_change_the_meeting_say_what_they_did() {
    let mut app = app();
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    let said = |app: &App| app.status().unwrap().text().to_string();
    assert_eq!(
        said(&app),
        "Meeting started: now on 1. Welcome and agenda review"
    );
    key(&mut app, KeyCode::Char('e'), t(1, 0));
    assert_eq!(
        said(&app),
        "Extended 1. Welcome and agenda review by 5m to 10m (u undoes)."
    );
    key(&mut app, KeyCode::Char('u'), t(1, 1));
    assert_eq!(said(&app), "Undid the extension.");
    key(&mut app, KeyCode::Down, t(1, 2));
    key(&mut app, KeyCode::Down, t(1, 2));
    key(&mut app, KeyCode::Char('d'), t(1, 3));
    assert_eq!(
        said(&app),
        "Deferred 3. Plugin API deprecations to the next meeting (u undoes; /goto 3 takes it up today)."
    );
    key(&mut app, KeyCode::Char('n'), t(2, 0));
    assert_eq!(said(&app), "Now on 2. Release 4.2 readiness");
    key(&mut app, KeyCode::Char('r'), t(2, 1));
    typed(&mut app, "ros", t(2, 1));
    key(&mut app, KeyCode::Enter, t(2, 2));
    assert_eq!(said(&app), "Rosa Delgado: present");
    key(&mut app, KeyCode::Esc, t(2, 3));
    key(&mut app, KeyCode::Char('u'), t(2, 4));
    assert_eq!(said(&app), "Undid Rosa Delgado: present.");
    // A message that no longer holds goes: a refusal, then a change that says nothing.
    key(&mut app, KeyCode::Char('l'), t(2, 5));
    assert!(
        app.status().unwrap().is_error(),
        "nothing captured here yet"
    );
    key(&mut app, KeyCode::Enter, t(2, 6));
    assert_eq!(
        app.status(),
        None,
        "the focus moved on: the refusal is gone"
    );
}

/// Issue 15: the capture line's hint does not offer `?` (it types a question mark there).
#[test]
fn on_the_capture_line_a_question_mark_is_typed_and_the_hint_says_so() {
    let mut app = app();
    key(&mut app, KeyCode::Enter, t(0, 0));
    let hints = view::hint_text(&app);
    assert!(!hints.contains("? help"), "{hints}");
    key(&mut app, KeyCode::Char('?'), t(0, 0));
    assert_eq!(app.capture().value(), "?");
    assert_eq!(app.overlay(), None);
}

/// Issue 15: the windows' keys are in the key table: a `[keys]` rebind shows and works in
/// the quit question.
#[test]
fn the_quit_questions_keys_follow_a_rebind() {
    let mut app = app();
    app.keymap_mut().rebind("keep_open", "o").unwrap();
    key(&mut app, KeyCode::Char('q'), t(0, 0));
    assert_eq!(app.overlay(), Some(&Overlay::ConfirmQuit));
    let screen = render(&mut app, 80, 24, t(0, 0)).backend().to_string();
    assert!(
        screen.contains("o keep the session open and quit"),
        "{screen}"
    );
    assert!(view::hint_text(&app).contains("o keep it open and quit"));
    key(&mut app, KeyCode::Char('k'), t(0, 0));
    assert_eq!(app.exit(), None, "k is no longer bound");
    key(&mut app, KeyCode::Char('o'), t(0, 0));
    assert_eq!(app.exit(), Some(super::app::Exit::KeepOpen));
}

/// Issue 15: at 80x24 the roster, while it has the keys, takes the agenda's column and the
/// current item's notes stay in view; the header leaves out the session's id rather than
/// cutting it.
#[test]
fn at_80x24_the_roster_and_the_notes_are_both_on_screen() {
    let mut app = app();
    app.set_session("2026-06-10-quillmate-technical-steering-committee".into());
    mid_meeting(&mut app);
    key(&mut app, KeyCode::Esc, t(13, 0));
    key(&mut app, KeyCode::Char('r'), t(13, 0));
    let screen = render(&mut app, 80, 24, t(13, 0)).backend().to_string();
    assert!(screen.contains("Roster: 3 present"), "{screen}");
    assert!(screen.contains("OUTCOME Release 4.2"), "{screen}");
    assert!(!screen.contains("session"), "{screen}");
    assert!(screen.contains("12m00s of 60m"), "{screen}");
    snapshot("roster_beside_the_notes", &mut app, t(13, 0));
}

/// Issue 15: `/topic` shows as a divider among the item's notes.
#[test]
fn a_topic_is_a_divider_among_the_notes() {
    let mut app = app();
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    line(&mut app, "Before any topic", t(1, 0));
    line(&mut app, "/topic Installer signing", t(2, 0));
    line(&mut app, "Done on Tuesday", t(3, 0));
    let screen = render(&mut app, 80, 24, t(3, 0)).backend().to_string();
    let before = screen.find("Before any topic").unwrap();
    let topic = screen.find("17:02 ── Installer signing ──").expect(&screen);
    let after = screen.find("Done on Tuesday").unwrap();
    assert!(before < topic && topic < after, "{screen}");
}

/// Issue 15: at 80 columns the header leaves out the attendees' clocks (and the session's
/// id) before it cuts the title.
#[test]
fn a_narrow_header_drops_the_extra_clocks_before_cutting_the_title() {
    let source = AGENDA.replace(
        "timezone = \"UTC\"",
        "timezone = \"UTC\"\nzones = [\"America/Los_Angeles\", \"Europe/Berlin\"]",
    );
    let agenda = parse_str(&source).expect("valid").0;
    let mut app = App::new(Meeting::new(agenda), Box::new(MemoryRecorder::default()));
    app.set_session("2026-06-10-quillmate-technical-steering-committee".into());
    let screen = render(&mut app, 80, 24, t(0, 0)).backend().to_string();
    let header: Vec<&str> = screen.lines().take(2).collect();
    assert!(
        header[0].contains("Quillmate Technical Steering Committee  Wed 10 Jun 2026 · 17:00 UTC"),
        "{header:?}"
    );
    assert!(!header[0].contains('…'), "{header:?}");
    assert!(!header[1].contains("session"), "{header:?}");
    let wide = render(&mut app, 160, 48, t(0, 0)).backend().to_string();
    assert!(wide.contains("17:00 UTC / 10:00 PDT / 19:00 CEST"));
    assert!(wide.contains("session 2026-06-10-quillmate"));
}

/// After the end, deleting the record's last entry returns to the summary, whose `u` (as
/// the status line says) brings the entry back.
#[test]
fn after_the_end_u_brings_back_a_deleted_entry() {
    let mut app = app();
    line(&mut app, "/start", t(0, 0));
    line(&mut app, "the only note", t(1, 0));
    line(&mut app, "/end", t(2, 0));
    key(&mut app, KeyCode::Esc, t(2, 0));
    key(&mut app, KeyCode::Char('e'), t(2, 0));
    assert_eq!(app.focus(), Focus::Entries);
    key(&mut app, KeyCode::Char('x'), t(2, 0));
    assert_eq!(app.meeting().entries().count(), 0);
    assert_eq!(app.status().unwrap().text(), "Entry deleted (u undoes).");
    key(&mut app, KeyCode::Char('u'), t(3, 0));
    assert_eq!(app.meeting().entries().count(), 1, "{:?}", app.status());
}

/// Paging down the help stops at its last line, which is then on screen; one page up from
/// there moves up at once.
#[test]
fn the_help_scrolls_no_further_than_its_last_line() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'), t(0, 0));
    screen_text(&mut app, t(0, 0)); // the screen's size, as the loop sets it
    for _ in 0..50 {
        key(&mut app, KeyCode::PageDown, t(0, 0));
    }
    let last = super::overlay::help_max_scroll(&app, app.screen());
    assert!(last > 0, "the help is longer than the screen");
    assert_eq!(app.overlay(), Some(&Overlay::Help(last)));
    let screen = screen_text(&mut app, t(0, 0));
    assert!(
        screen.contains("/help"),
        "the last command is on screen:\n{screen}"
    );
    key(&mut app, KeyCode::PageUp, t(0, 0));
    let Some(&Overlay::Help(up)) = app.overlay() else {
        panic!("the help stays open");
    };
    assert!(up < last);
}

// ---- /attendance FILE: a call's participant report (issue 19 item 5) ----

/// Microsoft Teams' attendance report as Teams saves it: UTF-16 LE with a byte-order mark,
/// tab-separated, in sections ("1. Summary", "2. Participants" with Name, First Join, Last
/// Leave, In-Meeting Duration, Email, Participant ID (UPN), Role). Downloaded during the
/// call, at 17:29:40: who is still in "leaves" then.
const TEAMS_REPORT: &str = "1. Summary\n\
Meeting title\tQuillmate TSC\n\
Attended participants\t6\n\
Start time\t6/10/26, 4:59:30 PM\n\
End time\t6/10/26, 5:29:40 PM\n\
\n\
2. Participants\n\
Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n\
Delgado, Rosa\t6/10/26, 4:59:30 PM\t6/10/26, 5:29:40 PM\t30m\trosa@quillmate.example\trosa@quillmate.example\tOrganizer\n\
Haddad, Tariq\t6/10/26, 5:00:10 PM\t6/10/26, 5:20:00 PM\t20m\t\ttariq@northwind.example\tPresenter\n\
Tanabe, Yuki\t6/10/26, 5:01:00 PM\t6/10/26, 5:10:00 PM\t9m\t\tyuki@globex.example\tAttendee\n\
Tanabe, Yuki\t6/10/26, 5:12:00 PM\t6/10/26, 5:29:40 PM\t17m\t\tyuki@globex.example\tAttendee\n\
Owen Mbeki (Independent)\t6/10/26, 5:25:00 PM\t6/10/26, 5:29:40 PM\t4m\t\t\tAttendee\n\
iPhone\t6/10/26, 5:05:00 PM\t6/10/26, 5:06:00 PM\t1m\t\t\tAttendee\n\
Conference Room 4B\t6/10/26, 5:00:00 PM\t6/10/26, 5:29:40 PM\t29m\t\t\tAttendee\n\
\n\
3. In-Meeting Activities\n\
Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n\
Delgado, Rosa\t6/10/26, 4:59:30 PM\t6/10/26, 5:29:40 PM\t30m\trosa@quillmate.example\tOrganizer\n";

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

/// The meeting running, Rosa ticked in the roll call, and `/attendance FILE` typed at 17:30
/// with the Teams report in `dir`: the loop reads it.
fn report_typed(app: &mut App, dir: &std::path::Path, file: &str) {
    key(app, KeyCode::Char('s'), t(0, 0));
    key(app, KeyCode::Char('r'), t(0, 0));
    typed(app, "rosa", t(2, 0));
    key(app, KeyCode::Enter, t(2, 0));
    key(app, KeyCode::Esc, t(2, 0));
    key(app, KeyCode::Esc, t(2, 0));
    key(app, KeyCode::Char('n'), t(5, 0));
    let path = dir.join(file);
    line(app, &format!("/attendance {}", path.display()), t(30, 0));
    effects(app);
}

#[test]
fn attendance_report_is_shown_before_it_is_applied_and_enter_applies_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("teams.csv"), utf16le_with_bom(TEAMS_REPORT)).expect("report");
    let mut app = app();
    report_typed(&mut app, dir.path(), "teams.csv");
    let events = app.meeting().events().len();
    let Some(Overlay::Report { preview, .. }) = app.overlay() else {
        panic!(
            "the report's window: {:?} {:?}",
            app.overlay(),
            app.status()
        );
    };
    assert_eq!(preview.source, "Microsoft Teams report teams.csv");
    assert_eq!(preview.rows.len(), 4);
    assert_eq!(preview.unmatched.len(), 2);
    // Nothing is applied yet: the window shows what Enter would record.
    assert_eq!(app.meeting().events().len(), events);
    snapshot("attendance_report", &mut app, t(30, 0));
    let hints = view::hint_text(&app);
    assert!(hints.contains("Enter apply · Esc cancel"), "{hints}");

    key(&mut app, KeyCode::Enter, t(30, 5));
    assert_eq!(app.overlay(), None);
    assert_eq!(app.meeting().events().len(), events + 1);
    let status = app
        .status()
        .map(|s| s.text().into_owned())
        .unwrap_or_default();
    assert!(
        status.contains(
            "Recorded the attendance from the Microsoft Teams report teams.csv: 4 people"
        ),
        "{status}"
    );
    fn who(app: &App, name: &str) -> (Presence, Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let a = app
            .meeting()
            .attendees()
            .iter()
            .find(|a| a.name == name)
            .expect("on the roster");
        (a.presence, a.joined_at, a.left_at)
    }
    assert_eq!(
        who(&app, "Rosa Delgado"),
        (Presence::Present, Some(t(-1, 30)), None),
        "the earlier of the mark at 17:02 and the join at 16:59"
    );
    assert_eq!(
        who(&app, "Tariq Haddad"),
        (Presence::Left, Some(t(0, 10)), Some(t(20, 0)))
    );
    assert_eq!(
        who(&app, "Yuki Tanabe"),
        (Presence::Present, Some(t(1, 0)), None),
        "two connections: the first join; still in at the download"
    );
    assert_eq!(
        who(&app, "Owen Mbeki"),
        (Presence::Present, Some(t(25, 0)), None)
    );
    assert!(
        !app.meeting()
            .attendees()
            .iter()
            .any(|a| a.name.contains("iPhone")),
        "the unmatched are left out, not added as guests"
    );
    // One undo takes the whole report back.
    key(&mut app, KeyCode::Esc, t(31, 0));
    key(&mut app, KeyCode::Char('u'), t(31, 0));
    assert_eq!(app.meeting().events().len(), events);
    assert_eq!(who(&app, "Tariq Haddad"), (Presence::Unknown, None, None));
}

#[test]
fn attendance_report_esc_leaves_it_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("teams.csv"), utf16le_with_bom(TEAMS_REPORT)).expect("report");
    let mut app = app();
    report_typed(&mut app, dir.path(), "teams.csv");
    let before = app.meeting().clone();
    assert!(matches!(app.overlay(), Some(Overlay::Report { .. })));
    key(&mut app, KeyCode::Down, t(30, 1));
    key(&mut app, KeyCode::Char('x'), t(30, 1));
    assert!(
        matches!(app.overlay(), Some(Overlay::Report { .. })),
        "only Enter and Esc close it"
    );
    key(&mut app, KeyCode::Esc, t(30, 2));
    assert_eq!(app.overlay(), None);
    assert_eq!(app.meeting(), &before);
    let status = app
        .status()
        .map(|s| s.text().into_owned())
        .unwrap_or_default();
    assert!(status.contains("left out: nothing changed"), "{status}");
}

/// A missing file, a file that is no report, a report of nobody on the roster: the reason on
/// the status line, no window, nothing changed.
#[test]
fn attendance_report_refusals_say_why_and_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("agenda.toml"), AGENDA).expect("not a report");
    std::fs::write(
        dir.path().join("strangers.csv"),
        "\"Name (Original Name)\",\"User Email\",\"Join Time\",\"Leave Time\",\"Duration (Minutes)\",\"Guest\"\n\
         \"iPhone\",\"\",\"06/10/2026 05:05:00 PM\",\"06/10/2026 05:06:00 PM\",\"1\",\"Yes\"\n",
    )
    .expect("report");
    for (file, why) in [
        (
            "missing.csv",
            "missing.csv: no such file; nothing was changed",
        ),
        ("agenda.toml", "no participant table found"),
        (
            "strangers.csv",
            "none of its 1 participants matches a name on the roster",
        ),
        (".", "is a directory"),
    ] {
        let mut app = app();
        report_typed(&mut app, dir.path(), file);
        let events = app.meeting().events().len();
        assert_eq!(app.overlay(), None, "{file}");
        let status = app.status().expect("a reason");
        assert!(status.is_error(), "{file}");
        assert!(status.text().contains(why), "{file}: {}", status.text());
        assert_eq!(app.meeting().events().len(), events);
    }
    let mut app = app();
    line(&mut app, "/attendance", t(0, 0));
    let status = app.status().expect("a reason").text().into_owned();
    assert!(
        status.contains("/attendance needs the call's report"),
        "{status}"
    );
    assert!(app.take_effects().is_empty());
}

/// A hosted screen (`gavel run --share`) in this process, on 127.0.0.1 with a clerk in memory:
/// the app, and the network its loop owns.
fn hosted_app(dir: &std::path::Path) -> (App, super::Network) {
    let agenda = parse_str(AGENDA).expect("valid test agenda").0;
    let mut clerk =
        crate::clerk::Clerk::new(Meeting::new(agenda), Box::new(MemoryRecorder::default()));
    clerk.keep_log(Vec::new());
    let host = crate::share::host::Host::start_with(
        "127.0.0.1:0",
        "s1",
        dir.join("share.json"),
        AGENDA.into(),
        &clerk,
        Default::default(),
        None,
    )
    .unwrap();
    let mut app = App::with_clerk(clerk);
    app.hosting();
    (app, super::Network::Host(Box::new(host)))
}

/// Pumps the network as the loop does. True when the screen must be redrawn.
fn pump(app: &mut App, network: &mut super::Network, now: DateTime<Utc>) -> bool {
    super::pump_network(app, network, &mut super::AfterFrame::default(), now)
}

/// Waits (poll, at most 10 s) until the network's wake-up descriptor is readable.
fn wait_for_wake(network: &super::Network) -> bool {
    let Some(fd) = network.wake_fd() else {
        return false;
    };
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    unsafe { libc::poll(&mut pfd, 1, 10_000) > 0 }
}

/// Issue 25 (live tour): the header said "0 connected" after a scribe joined until a key was
/// pressed. The server counts a connection before its hello reaches the meeting's thread,
/// so comparing the count before and after one pump missed it.
#[test]
fn a_scribe_joining_redraws_the_hosts_header_without_a_key() {
    use crate::share::outbox::Outbox;
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut network) = hosted_app(dir.path());
    assert!(!pump(&mut app, &mut network, t(0, 0)), "nothing new yet");
    let super::Network::Host(host) = &network else {
        unreachable!()
    };
    let link = host
        .links()
        .iter()
        .find(|(r, _)| *r == crate::role::Role::Scribe)
        .map(|(_, l)| l.clone())
        .unwrap();
    std::fs::create_dir_all(dir.path().join("scribe")).unwrap();
    let outbox = Outbox::open(&dir.path().join("scribe")).unwrap();
    let client = crate::share::client::Client::start(
        crate::share::client::socket_url(&link).unwrap(),
        "feedc0de".repeat(4),
        "Sam Scribe".into(),
        outbox.shared(),
        None,
    )
    .unwrap();
    // The hello's wake-up comes after the server counted the connection.
    assert!(wait_for_wake(&network), "the scribe's hello never came");
    assert!(
        pump(&mut app, &mut network, t(0, 1)),
        "a new participant must redraw the screen"
    );
    assert!(
        screen_text(&mut app, t(0, 1)).contains("shared · 1 connected"),
        "{}",
        screen_text(&mut app, t(0, 1))
    );
    assert!(!pump(&mut app, &mut network, t(0, 2)), "and only once");
    drop(client);
}

/// A scribe's screen (`gavel join` with a scribe link, Sam Scribe) over a welcome holding
/// `events`, its outbox in `dir`: the app alone, without a connection (the loop's), and the
/// outbox it shares with the clerk's recorder.
fn joined_app(
    dir: &std::path::Path,
    events: Vec<Event>,
) -> (
    App,
    std::rc::Rc<std::cell::RefCell<crate::share::outbox::Outbox>>,
) {
    use crate::clerk::Clerk;
    use crate::role::{Role, Sender};
    use crate::share::outbox::{Outbox, OutboxRecorder};
    use crate::share::protocol::ToParticipant;
    use std::cell::RefCell;
    use std::rc::Rc;
    let outbox = Rc::new(RefCell::new(Outbox::open(dir).unwrap()));
    let welcome = ToParticipant::Welcome {
        v: crate::share::protocol::VERSION,
        role: Role::Scribe,
        session: "2026-06-10-tsc".into(),
        agenda: Some(AGENDA.into()),
        from: 0,
        events,
        last_seq: 0,
        more: false,
    };
    let mut replica = crate::share::replica::Replica::from_welcome(&welcome).unwrap();
    let mut clerk = Clerk::new(
        replica.hand_over().expect("held"),
        Box::new(OutboxRecorder(Rc::clone(&outbox))),
    );
    clerk.seat(Sender {
        role: Role::Scribe,
        participant: "5c41be00".repeat(4),
        name: "Sam Scribe".into(),
    });
    let mut app = App::with_clerk(clerk);
    *app.theme_mut() = Theme {
        color: true,
        palette: Default::default(),
    };
    app.join(super::app::Joined::new(replica, Rc::clone(&outbox), false));
    (app, outbox)
}

/// A scribe's screen (see [`joined_app`]).
fn scribe_app(dir: &std::path::Path, events: Vec<Event>) -> App {
    joined_app(dir, events).0
}

/// The host said `reason` (a non-fatal `error`) to this participant's screen, as the loop
/// hands it over.
fn hear_from_host(app: &mut App, reason: &str) {
    app.on_network(NetworkInput::FromHost(FromHost::Message(
        crate::share::protocol::ToParticipant::Error {
            reason: reason.into(),
            fatal: false,
        },
    )));
    app.on_network(NetworkInput::Drained);
}

/// Issue 25 (live tour): a scribe's hint bar offered `s start · d defer`, keys only the chair
/// may use. A participant's hints show only what their role may do; the chair's are as before.
#[test]
fn a_scribes_hints_offer_no_clock_keys() {
    use crate::meeting::{Event, EventKind};
    let dir = tempfile::tempdir().unwrap();
    let before = scribe_app(dir.path(), Vec::new());
    let hints = view::hint_text(&before);
    for clock in ["start", "defer"] {
        assert!(!hints.contains(clock), "{hints}");
    }
    assert!(
        hints.contains("note") && hints.contains("roster"),
        "{hints}"
    );
    let dir = tempfile::tempdir().unwrap();
    let running = scribe_app(dir.path(), vec![Event::new(t(0, 0), EventKind::Start)]);
    let hints = view::hint_text(&running);
    for clock in ["next", "prev", "pause", "+5m", "defer"] {
        assert!(!hints.contains(clock), "{hints}");
    }
    assert!(
        hints.contains("undo") && hints.contains("roster"),
        "{hints}"
    );
    // The moderator's own screen still offers them all.
    let mut chair = app();
    assert!(view::hint_text(&chair).contains("s start"));
    key(&mut chair, KeyCode::Char('s'), t(0, 0));
    let hints = view::hint_text(&chair);
    for clock in ["next", "pause", "+5m", "defer"] {
        assert!(hints.contains(clock), "{hints}");
    }
}

/// Issue 25 (live tour): a scribe's refusal was cut at 110–120 columns. A long status wraps
/// onto the rows above the capture line instead.
#[test]
fn a_scribes_long_refusal_wraps_and_is_read_whole() {
    use crate::meeting::{Event, EventKind};
    let dir = tempfile::tempdir().unwrap();
    let mut app = scribe_app(dir.path(), vec![Event::new(t(0, 0), EventKind::Start)]);
    key(&mut app, KeyCode::Char('d'), t(1, 0));
    let status = app
        .status()
        .map(|s| s.text().to_string())
        .unwrap_or_default();
    assert!(status.contains("the chair's"), "{status}");
    assert!(status.chars().count() > 120, "a long refusal: {status}");
    for w in [110u16, 120] {
        let terminal = render(&mut app, w, 30, t(1, 0));
        let buffer = terminal.backend().buffer();
        let mut rows = String::new();
        for y in 0..buffer.area.height {
            for x in 0..buffer.area.width {
                rows.push_str(buffer[(x, y)].symbol());
            }
            rows.push('\n');
        }
        // Every word of the refusal is on screen, in order.
        let flat = rows.split_whitespace().collect::<Vec<_>>().join(" ");
        let said = status.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&said), "at {w} columns:\n{rows}");
        if w == 110 {
            insta::assert_snapshot!("scribe_long_refusal_110x30", terminal.backend());
        }
    }
}

/// Issue 25 (live tour): a scribe's note before the start said "/start it before taking a
/// note", which a scribe cannot do. The meeting has no item to put it on, so the note stays
/// on the capture line and the status says the chair has not started yet.
#[test]
fn a_scribes_note_before_the_start_waits_on_the_line_for_the_chair() {
    let dir = tempfile::tempdir().unwrap();
    let mut scribe = scribe_app(dir.path(), Vec::new());
    line(&mut scribe, "Owen joins late from the airport", t(0, 0));
    let status = scribe
        .status()
        .map(|s| s.text().to_string())
        .unwrap_or_default();
    assert!(status.contains("chair has not started"), "{status}");
    assert!(!status.contains("/start"), "{status}");
    assert_eq!(scribe.capture().value(), "Owen joins late from the airport");
    assert_eq!(scribe.unsaved(), 0);
    // The moderator's own screen is still told to /start it.
    let mut chair = app();
    line(&mut chair, "a note", t(0, 0));
    let status = chair
        .status()
        .map(|s| s.text().to_string())
        .unwrap_or_default();
    assert!(status.contains("/start it"), "{status}");
}

/// Issue 24: `/share revoke ROLE` writes the session's tokens file, which the update does not
/// do: it asks the loop (an effect), and the new link is said once the loop hands back what
/// came of it.
#[test]
fn revoking_a_link_is_carried_out_by_the_loop_not_the_update() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut network) = hosted_app(dir.path());
    let tokens = dir.path().join("share.json");
    let before = std::fs::read(&tokens).unwrap();
    line(&mut app, "/share revoke scribe", t(0, 0));
    assert_eq!(
        std::fs::read(&tokens).unwrap(),
        before,
        "the update wrote the tokens file"
    );
    super::carry_out(&mut app, &mut super::AfterFrame::default(), &mut network);
    assert_ne!(std::fs::read(&tokens).unwrap(), before, "the loop wrote it");
    let status = app.status().unwrap().text();
    assert!(
        status.starts_with("The old scribe link no longer works; the new one: http://127.0.0.1:"),
        "{status}"
    );
}

/// Issue 24 item 3: the app holds no socket. `/share` asks the loop (an effect) and the
/// overlay is built from what the loop hands back of the host: no host needed to test it.
#[test]
fn share_shows_what_the_loop_says_of_the_host() {
    use crate::command::ShareAsk;
    use crate::role::Role;
    let mut app = app();
    app.hosting();
    line(&mut app, "/share", t(0, 0));
    assert_eq!(
        app.take_effects(),
        [super::Effect::ChangeShare(ShareAsk::Links)]
    );
    assert!(
        app.overlay().is_none(),
        "nothing shown before the loop answers"
    );
    let facts = super::app::ShareFacts {
        links: vec![
            (Role::Chair, "http://127.0.0.1:7707/join/c0ffee".into()),
            (Role::Scribe, "http://127.0.0.1:7707/join/5c41be".into()),
        ],
        addr: "127.0.0.1:7707".parse().unwrap(),
        attendee_notes: true,
        participants: vec![("Sam Scribe".into(), Role::Scribe)],
    };
    app.share_changed(ShareAsk::Links, Ok(facts));
    let Some(Overlay::Show { body, .. }) = app.overlay() else {
        panic!("{:?}", app.overlay());
    };
    assert!(
        body.contains("scribe: http://127.0.0.1:7707/join/5c41be"),
        "{body}"
    );
    assert!(body.contains("Attendees' pages show the notes."), "{body}");
    assert!(body.contains("Sam Scribe (scribe)"), "{body}");
}

/// Issue 24 item 3: a participant's screen driven by inputs alone. A note taken is pending
/// (in the outbox, which the loop sends); the host's event and ack come in as inputs; the
/// ack asks the loop to settle the outbox (the app writes no file); once settled and
/// drained, the note is shown as recorded, not pending.
#[test]
fn a_participants_note_is_settled_by_the_loop_when_the_host_acks_it() {
    use super::app::Settle;
    use crate::meeting::EventKind;
    use crate::share::protocol::ToParticipant;
    let dir = tempfile::tempdir().unwrap();
    let (mut app, outbox) = joined_app(dir.path(), vec![Event::new(t(0, 0), EventKind::Start)]);
    line(&mut app, "a note from the scribe", t(1, 0));
    effects(&mut app);
    let sent = outbox.borrow().pending().to_vec();
    assert_eq!(sent.len(), 1, "on disk, for the loop to send");
    // Entries from id 1 on are pending: the note is 1.
    assert_eq!(app.pending_from(), Some(1));
    assert!(app.link_label().unwrap().ends_with("1 pending"));
    let recorded = sent[0].event.clone();
    let from_host = [
        ToParticipant::Event {
            n: 1,
            event: recorded,
        },
        ToParticipant::Ack {
            seq: sent[0].seq,
            n: Some(1),
        },
    ];
    for message in from_host {
        assert!(app.on_network(NetworkInput::FromHost(FromHost::Message(message))));
    }
    assert_eq!(
        app.take_effects(),
        [super::Effect::SettleOutbox(Settle::One(sent[0].seq))]
    );
    assert_eq!(
        outbox.borrow().pending().len(),
        1,
        "the app settles nothing"
    );
    outbox.borrow_mut().settle(sent[0].seq).unwrap();
    assert!(app.on_network(NetworkInput::Drained));
    assert!(!app.on_network(NetworkInput::Drained), "shown once");
    assert_eq!(app.pending_from(), Some(2), "the note is the host's now");
    assert!(!app.link_label().unwrap().contains("pending"));
    let screen = screen_text(&mut app, t(1, 1));
    assert!(screen.contains("a note from the scribe"), "{screen}");
}

/// Issue 25 (live tour) without a socket: the header's count follows what the loop says of
/// the host, redrawn when it changes and only then.
#[test]
fn the_hosts_header_counts_whom_the_loop_says_are_connected() {
    let mut app = app();
    app.hosting();
    let hosted = |changed, connected| NetworkInput::Hosted {
        changed,
        connected,
        claims: Vec::new(),
    };
    assert!(!app.on_network(hosted(false, 0)), "nothing new");
    assert!(app.on_network(hosted(false, 1)), "a participant came");
    assert!(!app.on_network(hosted(false, 1)), "and only once");
    let screen = screen_text(&mut app, t(0, 1));
    assert!(screen.contains("shared · 1 connected"), "{screen}");
    assert!(app.on_network(hosted(true, 1)), "the meeting changed");
}

/// Issue 25's million-event join: a participant's screen held the host's meeting twice (the
/// replica's and the screen's copy) and cloned it on every change. Now, with nothing pending,
/// the host's events go into the screen's meeting itself; the host's meeting is held apart
/// only while this participant's own note waits for the host, and the screen shows the host's
/// events under it and the note on top.
#[test]
fn a_participants_screen_holds_the_hosts_meeting_once_and_its_pending_note_on_top() {
    use crate::meeting::EventKind;
    use crate::meeting::{Capture, Note};
    use crate::share::protocol::ToParticipant;
    let note = |text: &str, at| {
        Event::new(
            at,
            EventKind::Capture(Capture::Note(Note {
                text: text.into(),
                private: false,
            })),
        )
    };
    let hear = |app: &mut App, message: ToParticipant| {
        app.on_network(NetworkInput::FromHost(FromHost::Message(message)));
        app.on_network(NetworkInput::Drained);
    };
    let held = |app: &App| match app.link() {
        Some(super::app::Link::Participant(p)) => p.replica.confirmed().is_some(),
        _ => panic!("not a participant's screen"),
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut app, outbox) = joined_app(dir.path(), vec![Event::new(t(0, 0), EventKind::Start)]);
    hear(
        &mut app,
        ToParticipant::Event {
            n: 1,
            event: note("Chair speaks first", t(0, 30)),
        },
    );
    assert!(
        !held(&app),
        "nothing pending: the screen's meeting is the host's"
    );

    line(&mut app, "my own note, pending", t(1, 0));
    effects(&mut app);
    assert_eq!(outbox.borrow().pending().len(), 1);
    hear(
        &mut app,
        ToParticipant::Event {
            n: 2,
            event: note("Chair again", t(1, 5)),
        },
    );
    assert!(
        held(&app),
        "the host's meeting is held apart under the pending note"
    );
    let screen = screen_text(&mut app, t(1, 5));
    let at = |text: &str| {
        screen
            .find(text)
            .unwrap_or_else(|| panic!("{text}: {screen}"))
    };
    assert!(at("Chair speaks first") < at("Chair again"), "{screen}");
    assert!(at("Chair again") < at("my own note, pending"), "{screen}");

    // The host records the note and says so; the loop settles the outbox.
    let mut mine = outbox.borrow().pending()[0].event.clone();
    mine.at = t(1, 6); // the host's own time
    hear(&mut app, ToParticipant::Event { n: 3, event: mine });
    outbox.borrow_mut().settle(1).unwrap();
    hear(&mut app, ToParticipant::Ack { seq: 1, n: Some(3) });
    assert!(!held(&app), "nothing pending: held once again");
    let notes: Vec<String> = app
        .meeting()
        .entries()
        .map(|(_, e)| format!("{:?}", e.kind))
        .collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes[2].contains("my own note, pending"), "{notes:?}");
    let screen = screen_text(&mut app, t(1, 10));
    assert!(!screen.contains("[pending]"), "{screen}");
}

/// Issue 27: the end screen's speaking time counts a speaker who still held the floor when
/// the item closed, and says "under a minute" for a turn shorter than one.
#[test]
fn the_end_screen_counts_the_turn_running_when_the_item_closed() {
    let mut app = app();
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    line(&mut app, "/queue Rosa", t(1, 0));
    line(&mut app, "/speak", t(1, 0));
    line(&mut app, "/queue Tariq", t(3, 0));
    line(&mut app, "/speak", t(4, 0));
    line(&mut app, "/speak", t(4, 20));
    line(&mut app, "/queue Yuki", t(5, 0));
    line(&mut app, "/speak", t(5, 0));
    line(&mut app, "/end", t(12, 0));
    assert_eq!(app.meeting().phase(), Phase::Ended);
    let screen = screen_text(&mut app, t(13, 0));
    let lines: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("Speaking time:"))
        .take(4)
        .collect();
    let said = |name: &str| {
        lines
            .iter()
            .find_map(|l| l.split_once(name).map(|(_, rest)| rest))
            .map(|rest| {
                rest.split('│')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            })
    };
    assert_eq!(said("Yuki Tanabe").as_deref(), Some("7m00s"), "{screen}");
    assert_eq!(said("Rosa Delgado").as_deref(), Some("3m00s"), "{screen}");
    assert_eq!(
        said("Tariq Haddad").as_deref(),
        Some("under a minute"),
        "{screen}"
    );
}

/// Issue 27: the header's quorum says whether alternates count, either way.
#[test]
fn the_header_says_whether_alternates_count() {
    let mut app = app();
    let screen = screen_text(&mut app, t(0, 0));
    assert!(
        screen.contains("quorum 0/3 · alternates counted"),
        "{screen}"
    );
    let src = AGENDA.replace("quorum = 3", "quorum = 3\nalternates_count = false");
    let agenda = parse_str(&src).expect("valid test agenda").0;
    let mut app = App::new(Meeting::new(agenda), Box::new(MemoryRecorder::default()));
    let screen = screen_text(&mut app, t(0, 0));
    assert!(
        screen.contains("quorum 0/3 · alternates not counted"),
        "{screen}"
    );
}

/// Issue 27: the end panel names every file written, the JSON as well as the Markdown.
#[test]
fn the_end_panel_names_the_markdown_and_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    app.set_minutes(MinutesFiles {
        markdown: dir.path().join("tsc.minutes.md"),
        json: dir.path().join("tsc.minutes.json"),
        private: false,
        force: false,
    });
    key(&mut app, KeyCode::Char('s'), t(0, 0));
    line(&mut app, "/end", t(5, 0));
    effects(&mut app);
    assert!(matches!(app.written(), Some(Written::Ok(_))));
    let screen = screen_text(&mut app, t(6, 0));
    assert!(screen.contains("tsc.minutes.md"), "{screen}");
    assert!(screen.contains("tsc.minutes.json"), "{screen}");
}

/// Issue 27: a meeting planned for 17:00 and run at 13:15 (as today's, at another hour)
/// plans its end from its real start (14:15): its items end at 14:05, "10 min early" as at
/// 17:00, not "235 min early".
#[test]
fn a_meeting_run_hours_early_says_its_end_from_its_real_start() {
    let mut app = app();
    key(&mut app, KeyCode::Char('s'), t(-225, 0));
    let screen = screen_text(&mut app, t(-220, 0));
    let header = screen.lines().nth(1).unwrap_or_default();
    assert!(header.contains("ends 14:05, 10 min early"), "{header}");
}

// Issue 27, items 4 and 7: the screen at 80x24 (and 120 wide) during a call of 22 people.

/// An agenda of 22 invented people (three non-voting, with long names) and an item whose
/// background runs to many lines.
fn big_call_agenda() -> String {
    let people = [
        ("Amara Okonkwo", true),
        ("Bastian Lindqvist", true),
        ("Chiara Benedetti", true),
        ("Dmitri Volkov", true),
        ("Esperanza Villanueva-Ortiz", false),
        ("Farida Haidari", true),
        ("Gunnar Halvorsen", true),
        ("Hana Kobayashi", true),
        ("Ignatius Featherstonehaugh", false),
        ("Jamila Nasser", true),
        ("Kwame Asante", true),
        ("Lucía Fernández", true),
        ("Mateusz Wiśniewski", true),
        ("Nkechi Adeyemi", true),
        ("Oskar Bergström", true),
        ("Priya Raghunathan", true),
        ("Quentin Delacroix", true),
        ("Rosalind Achterberg-Mwangi", false),
        ("Soren Kierkegaard", true),
        ("Thandiwe Mokoena", true),
        ("Ulrich Zimmermann", true),
        ("Valentina Rossi", true),
    ];
    let mut toml = String::from(
        "[meeting]\ntitle = \"Quillmate Community Call\"\ndate = 2026-06-10\nstart = \"17:00\"\n\
         timezone = \"UTC\"\nlength = \"60m\"\nquorum = 10\n\n",
    );
    for (name, votes) in people {
        toml.push_str(&format!("[[people]]\nname = \"{name}\"\n"));
        if !votes {
            toml.push_str("votes = false\n");
        }
    }
    toml.push_str(
        "\n[[items]]\ntitle = \"Welcome\"\ntimebox = \"5m\"\n\
         [[items]]\ntitle = \"Governance charter revision\"\npresenter = \"Amara Okonkwo\"\n\
         timebox = \"25m\"\nbackground = \"\"\"The charter was last revised in 2023 and no \
         longer matches how the project is run. The working group met four times and \
         proposes three changes: an elected steering committee of seven, terms of two years \
         staggered so that no more than four seats change at once, and a conflict of \
         interest policy that covers employers as well as individuals. The draft has been \
         open for comments for six weeks and the comments are summarised in the linked \
         document. A vote is expected at the next call; today is for the last questions and \
         for naming who will take each open comment.\"\"\"\n\
         [[items]]\ntitle = \"Any other business\"\ntimebox = \"10m\"\n",
    );
    toml
}

fn big_call() -> App {
    big_call_of(big_call_agenda())
}

fn big_call_of(agenda: String) -> App {
    let agenda = parse_str(&agenda).expect("valid test agenda").0;
    let mut app = App::new(Meeting::new(agenda), Box::new(MemoryRecorder::default()));
    *app.theme_mut() = Theme {
        color: true,
        palette: Default::default(),
    };
    line(
        &mut app,
        "/present Amara Okonkwo, Bastian Lindqvist, Chiara Benedetti, Dmitri Volkov, \
         Esperanza Villanueva-Ortiz, Farida Haidari, Gunnar Halvorsen, Hana Kobayashi, \
         Ignatius Featherstonehaugh, Jamila Nasser, Kwame Asante, Nkechi Adeyemi, \
         Priya Raghunathan, Rosalind Achterberg-Mwangi, Valentina Rossi",
        t(0, 0),
    );
    key(&mut app, KeyCode::Esc, t(0, 0));
    key(&mut app, KeyCode::Char('s'), t(1, 0));
    key(&mut app, KeyCode::Char('n'), t(5, 0));
    line(
        &mut app,
        "The working group asks for comments by Friday",
        t(6, 0),
    );
    line(
        &mut app,
        "/action priya: Summarise the open comments due 2026-06-17",
        t(7, 0),
    );
    line(
        &mut app,
        "Two seats would change in the first election",
        t(8, 0),
    );
    line(
        &mut app,
        "/outcome Conflict of interest policy covers employers",
        t(9, 0),
    );
    line(
        &mut app,
        "Staggered terms start with the 2027 election",
        t(10, 0),
    );
    key(&mut app, KeyCode::Esc, t(10, 0));
    app
}

fn rows_of(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        })
        .collect()
}

/// Item 4: one person waiting and the floor free: their name, kind and topic show, before
/// the hint, in the queue pane (120 wide, 24 and 40 rows) and in the item pane (80x24).
#[test]
fn the_queue_shows_one_waiting_first() {
    let mut app = big_call();
    line(
        &mut app,
        "/queue kwame clarify term limits for alternates",
        t(11, 0),
    );
    key(&mut app, KeyCode::Esc, t(11, 0));
    for (w, h) in [(80, 24), (120, 24), (120, 40)] {
        let terminal = render(&mut app, w, h, t(12, 0));
        let screen = rows_of(&terminal).join("\n");
        assert!(
            screen.contains("1. Kwame Asante (clarifying"),
            "{w}x{h}:\n{screen}"
        );
        assert!(screen.contains("alternates)"), "{w}x{h}:\n{screen}");
        insta::assert_snapshot!(format!("queue_of_one_{w}x{h}"), terminal.backend());
    }
}

/// Item 4: two waiting (one speaking): both names, kinds and topics show at every height.
#[test]
fn the_queue_shows_two_waiting_first() {
    let mut app = big_call();
    line(
        &mut app,
        "/queue kwame clarify term limits for alternates",
        t(11, 0),
    );
    line(
        &mut app,
        "/queue hana reply the 2023 charter had no terms",
        t(11, 5),
    );
    line(&mut app, "/queue valentina", t(11, 10));
    line(&mut app, "/speak", t(11, 20));
    key(&mut app, KeyCode::Esc, t(11, 20));
    assert_eq!(app.meeting().queue().len(), 2);
    for (w, h) in [(80, 24), (120, 24), (120, 40)] {
        let terminal = render(&mut app, w, h, t(12, 0));
        let screen = rows_of(&terminal).join("\n");
        assert!(
            screen.contains("Hana Kobayashi (reply"),
            "{w}x{h}:\n{screen}"
        );
        assert!(screen.contains("Valentina Rossi ("), "{w}x{h}:\n{screen}");
        assert!(screen.contains("Floor: Kwame Asante"), "{w}x{h}:\n{screen}");
        insta::assert_snapshot!(format!("queue_of_two_{w}x{h}"), terminal.backend());
    }
}

/// Item 7: the call at 80x24: the roster stays on the main screen under the agenda, the
/// long background folds to 2 rows ("i: all") and leaves the notes room, and the footer's
/// hints are shortened, not cut inside a word. (120x40 beside it.)
#[test]
fn the_call_at_80x24_keeps_the_roster_the_notes_and_the_footer() {
    let mut app = big_call();
    for (w, h) in [(80, 24), (120, 40)] {
        let terminal = render(&mut app, w, h, t(12, 0));
        let rows = rows_of(&terminal);
        let screen = rows.join("\n");
        assert!(screen.contains("Roster: 15 present"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("[x] Amara Okonkwo"), "{w}x{h}:\n{screen}");
        // Every entry of the item shows.
        assert!(screen.contains("17:06 note"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("17:10 note"), "{w}x{h}:\n{screen}");
        let footer = rows.last().unwrap().trim_end();
        assert!(footer.ends_with("q quit"), "{w}x{h}: {footer}");
        assert!(!footer.contains('…'), "{w}x{h}: {footer}");
        insta::assert_snapshot!(format!("call_{w}x{h}"), terminal.backend());
    }
    let rows = rows_of(&render(&mut app, 80, 24, t(12, 0)));
    let background = rows.iter().filter(|r| r.contains("charter")).count();
    assert!(background <= 2, "{}", rows.join("\n"));
    assert!(
        rows.iter().any(|r| r.contains("i: all")),
        "{}",
        rows.join("\n")
    );
}

/// Item 7: i shows the folded background whole.
#[test]
fn the_background_key_shows_it_whole() {
    let mut app = big_call();
    key(&mut app, KeyCode::Char('i'), t(12, 0));
    let terminal = render(&mut app, 80, 24, t(12, 0));
    let screen = rows_of(&terminal).join("\n");
    assert!(screen.contains("will take each open comment."), "{screen}");
    insta::assert_snapshot!("background_overlay_80x24", terminal.backend());
    key(&mut app, KeyCode::Char('x'), t(12, 0));
    assert!(app.overlay().is_none());
}

/// Item 7: the roster opens at its top, even when the cursor was left on a later name (a
/// person ticked through the filter), and scrolls only to keep the cursor in view.
#[test]
fn the_roster_opens_at_its_top() {
    let mut app = big_call();
    key(&mut app, KeyCode::Char('r'), t(11, 0));
    typed(&mut app, "nkechi", t(11, 0));
    key(&mut app, KeyCode::Enter, t(11, 0));
    key(&mut app, KeyCode::Esc, t(11, 0));
    key(&mut app, KeyCode::Char('r'), t(11, 30));
    let terminal = render(&mut app, 80, 24, t(12, 0));
    let screen = rows_of(&terminal).join("\n");
    assert!(screen.contains("[x] Amara Okonkwo"), "{screen}");
    insta::assert_snapshot!("roster_opened_80x24", terminal.backend());
}

/// Item 7: at 120 columns the names of non-voting members are whole: the right column
/// gives way first.
#[test]
fn roster_names_get_the_width_they_need() {
    let mut app = big_call();
    for (w, h) in [(120, 40), (120, 24)] {
        let terminal = render(&mut app, w, h, t(12, 0));
        let screen = rows_of(&terminal).join("\n");
        for name in ["Esperanza Villanueva-Ortiz", "Ignatius Featherstonehaugh"] {
            assert!(screen.contains(name), "{w}x{h}: {name}\n{screen}");
        }
    }
}

/// Item 7: the footer's hints shortened to fit, never cut inside a word: closer together at
/// 80 columns, whole hints left out (help kept) when narrower still.
#[test]
fn the_footer_hints_fit_without_cutting_a_word() {
    let mut app = big_call();
    assert_eq!(
        view::fitted_hints(&app, 80),
        "n next  p prev  s pause  e +5m  d defer  u undo  r roster  ? help  q quit"
    );
    for width in [30, 40, 50, 60, 70] {
        let hints = view::fitted_hints(&app, width);
        assert!(hints.chars().count() <= width, "{width}: {hints}");
        assert!(hints.contains("? help"), "{width}: {hints}");
        assert!(!hints.contains('…'), "{width}: {hints}");
        let terminal = render(&mut app, width as u16, 24, t(12, 0));
        let footer = rows_of(&terminal).last().unwrap().trim_end().to_string();
        assert_eq!(footer, hints);
    }
}

/// Issue 28: a recorded vote by name. `V` opens it on the open motion and walks the voting
/// members present, one key a ballot; the tally and who has not voted stay on screen; the
/// hint line names the keys for yes, no, abstain and close; `u` steps back and a new key
/// changes the ballot; `c` tallies it by the agenda's rule.
#[test]
fn a_recorded_vote_takes_one_key_a_member_and_shows_the_tally_all_along() {
    let mut app = app();
    mid_meeting(&mut app);
    key(&mut app, KeyCode::Esc, t(12, 30));
    key(&mut app, KeyCode::Char('V'), t(13, 0));
    let status = app.status().unwrap().text().to_string();
    assert!(
        status.starts_with("no motion is open on this item"),
        "{status}"
    );
    assert!(app.vote_walk().is_none());
    line(
        &mut app,
        "/motion Ship 4.2 on 24 June moved by tariq seconded by yuki",
        t(13, 0),
    );
    key(&mut app, KeyCode::Esc, t(13, 10));
    key(&mut app, KeyCode::Char('V'), t(14, 0));
    let walk = app.vote_walk().expect("the walk started");
    assert_eq!(
        walk.names(),
        ["Rosa Delgado", "Tariq Haddad", "Yuki Tanabe"]
    );
    assert_eq!(
        view::hint_text(&app),
        "y yes · n no · a abstain · c close · r recused · s skip · u back · Esc leave"
    );
    key(&mut app, KeyCode::Char('y'), t(14, 5));
    key(&mut app, KeyCode::Char('n'), t(14, 10));
    key(&mut app, KeyCode::Char('u'), t(14, 15));
    key(&mut app, KeyCode::Char('y'), t(14, 20));
    let status = app.status().unwrap().text().to_string();
    assert!(
        status.contains("Tariq Haddad: yes · 3/3: Yuki Tanabe? · 2 yes, 0 no, 0 abstain"),
        "{status}"
    );
    snapshot("recorded_vote", &mut app, t(14, 20));
    let terminal = render(&mut app, 200, 60, t(14, 20));
    insta::assert_snapshot!("recorded_vote_200x60", terminal.backend());
    key(&mut app, KeyCode::Char('a'), t(14, 25));
    key(&mut app, KeyCode::Char('c'), t(14, 30));
    assert!(app.vote_walk().is_none());
    let m = app.meeting();
    let motion = &m.motions()[0];
    assert_eq!(motion.tally(), [2, 0, 1]);
    let how = &motion.end.as_ref().expect("decided").how;
    assert_eq!(how.as_str(), "recorded vote");
    let status = app.status().unwrap().text().to_string();
    assert!(
        status.contains("Vote closed: Ship 4.2 on 24 June (moved by Tariq Haddad, seconded by Yuki Tanabe): carried by recorded vote, 2-0-1"),
        "{status}"
    );
    // Typed, the same events: a ballot for someone who does not vote is refused with why.
    line(&mut app, "/motion Adjourn", t(15, 0));
    line(&mut app, "/rollvote", t(15, 5));
    assert!(app.vote_walk().is_some(), "a typed /rollvote walks too");
    line(&mut app, "/ballot owen yes", t(15, 10));
    let status = app.status().unwrap().text().to_string();
    assert!(
        status.contains("Owen Mbeki is not a voting member"),
        "{status}"
    );
}

/// Issue 27 item 5 on the chair's screen: a page's claim to someone already present shows
/// on their roster row and in the pane's legend with the keys that answer it; Enter on
/// them confirms, Del refuses, each asked of the host (the loop's) and said when done. The
/// person stays present throughout.
#[test]
fn a_pages_claim_shows_on_the_roster_and_one_key_answers_it() {
    let esperanza = "Esperanza Villanueva-Ortiz";
    let mut app = big_call();
    app.hosting();
    let claims = |names: &[&str]| NetworkInput::Hosted {
        changed: false,
        connected: 1,
        claims: names.iter().map(|n| n.to_string()).collect(),
    };
    assert!(app.on_network(claims(&[esperanza])), "a claim is redrawn");
    let status = status_text(&app);
    assert!(status.contains("asks to check in as Esperanza"), "{status}");
    assert!(
        status.contains("Enter confirms it is them, Del refuses"),
        "{status}"
    );
    let terminal = render(&mut app, 80, 24, t(12, 0));
    let screen = rows_of(&terminal).join("\n");
    assert!(screen.contains("claim?"), "{screen}");
    assert!(screen.contains("Del refuses"), "{screen}");
    insta::assert_snapshot!("claim_waiting_80x24", terminal.backend());
    // The loop has carried out what the call's setting up asked (its changes written).
    effects(&mut app);
    // Enter on her confirms the claim (not "already present").
    key(&mut app, KeyCode::Char('r'), t(12, 0));
    for c in "villanueva".chars() {
        key(&mut app, KeyCode::Char(c), t(12, 0));
    }
    let logged = app.meeting().events().len();
    key(&mut app, KeyCode::Enter, t(12, 5));
    assert_eq!(
        app.take_effects(),
        [super::Effect::AnswerClaim {
            name: esperanza.into(),
            confirm: true,
            at: t(12, 5)
        }]
    );
    assert_eq!(app.meeting().events().len(), logged, "the host records it");
    app.claim_answered(esperanza, true, Ok(()));
    assert!(app.claims().is_empty());
    assert!(
        status_text(&app).contains("confirmed"),
        "{}",
        status_text(&app)
    );
    // Another claim, refused with Del.
    app.on_network(claims(&[esperanza]));
    key(&mut app, KeyCode::Delete, t(13, 0));
    assert_eq!(
        app.take_effects(),
        [super::Effect::AnswerClaim {
            name: esperanza.into(),
            confirm: false,
            at: t(13, 0)
        }]
    );
    app.claim_answered(esperanza, false, Ok(()));
    assert!(
        status_text(&app).contains("stays present"),
        "{}",
        status_text(&app)
    );
    let her = app
        .meeting()
        .attendees()
        .iter()
        .find(|a| a.name == esperanza)
        .unwrap();
    assert_eq!(her.presence, Presence::Present);
    // Del on someone no page claims says so and asks nothing.
    key(&mut app, KeyCode::Delete, t(13, 5));
    assert!(app.take_effects().is_empty());
    assert!(
        status_text(&app).contains("no page asks"),
        "{}",
        status_text(&app)
    );
}

/// Issue 27 item 7 (left over): the short words of the roster are explained on screen, and
/// a non-voting name of 26 letters is whole at 80 columns; a name too long for any column
/// is said whole under the roster while it is selected.
#[test]
fn the_roster_explains_its_short_words_and_keeps_long_names_whole() {
    let mut app = big_call();
    let screen = rows_of(&render(&mut app, 80, 24, t(12, 0))).join("\n");
    for name in [
        "Esperanza Villanueva-Ortiz nv",
        "Ignatius Featherstonehaugh nv",
    ] {
        assert!(screen.contains(name), "{name}\n{screen}");
    }
    assert!(screen.contains("nv non-voting"), "{screen}");
    // At 120 columns the side column says them short too, and explains them.
    let wide = rows_of(&render(&mut app, 120, 40, t(12, 0))).join("\n");
    assert!(wide.contains("nv non-voting"), "{wide}");
    // With room for the long words, nothing to explain.
    let wider = rows_of(&render(&mut app, 160, 40, t(12, 0))).join("\n");
    assert!(
        wider
            .lines()
            .any(|r| r.contains("Esperanza Villanueva-Ortiz") && r.contains("non-voting")),
        "{wider}"
    );
    assert!(!wider.contains("nv non-voting"), "{wider}");
    // A guest whose name fills any column: selected, said whole under the roster.
    let long = "Maximiliana Wolkenstein-Ravensbourne of Upper Tollington";
    line(&mut app, &format!("/guest {long}"), t(12, 0));
    key(&mut app, KeyCode::Esc, t(12, 0));
    key(&mut app, KeyCode::Char('r'), t(12, 0));
    for c in "maximiliana".chars() {
        key(&mut app, KeyCode::Char(c), t(12, 0));
    }
    let screen = rows_of(&render(&mut app, 80, 24, t(12, 0))).join("\n");
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = flat.replace("│ │", " ").replace('│', " ");
    let flat: String = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Maximiliana Wolkenstein-Ravensbourne"),
        "{screen}"
    );
    assert!(screen.contains("▸ Maximiliana"), "{screen}");
    assert!(screen.contains("g guest"), "{screen}");
    // The help says every mark too.
    key(&mut app, KeyCode::Esc, t(12, 0));
    key(&mut app, KeyCode::Esc, t(12, 0));
    key(&mut app, KeyCode::Char('?'), t(12, 0));
    let help = rows_of(&render(&mut app, 160, 150, t(12, 0))).join("\n");
    assert!(help.contains("Roster marks"), "{help}");
    assert!(help.contains("non-voting, guest"), "{help}");
}

/// Issue 27 item 7 (left over): an 80x24 screen with a long agenda (14 items, the ninth
/// running) keeps the running item in the agenda's view, the roster under it, the notes
/// and the footer.
#[test]
fn a_long_agenda_at_80x24_keeps_the_running_item_the_roster_and_the_notes() {
    let mut agenda = big_call_agenda();
    for k in 1..=11 {
        agenda.push_str(&format!(
            "[[items]]\ntitle = \"Working group report {k}\"\ntimebox = \"5m\"\n"
        ));
    }
    let mut app = big_call_of(agenda);
    for minute in 11..17 {
        key(&mut app, KeyCode::Char('n'), t(minute, 0));
    }
    line(&mut app, "The report is on the wiki", t(17, 0));
    key(&mut app, KeyCode::Esc, t(17, 0));
    let terminal = render(&mut app, 80, 24, t(18, 0));
    let rows = rows_of(&terminal);
    let screen = rows.join("\n");
    assert!(screen.contains("Agenda 7/14"), "{screen}");
    assert!(screen.contains("▶  8. Working grou"), "{screen}");
    assert!(screen.contains("8. Working group report 5"), "{screen}");
    assert!(screen.contains("Roster: 15 present"), "{screen}");
    assert!(screen.contains("The report is on the wiki"), "{screen}");
    assert!(
        rows.last().unwrap().trim_end().ends_with("q quit"),
        "{screen}"
    );
    insta::assert_snapshot!("long_agenda_80x24", terminal.backend());
}

fn status_text(app: &App) -> String {
    app.status()
        .map(|s| s.text().to_string())
        .unwrap_or_default()
}
