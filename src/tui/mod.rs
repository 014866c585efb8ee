//! The live facilitator screen. `app` holds the state and turns keys into events, `view`
//! draws it; this module owns the terminal: raw mode, the alternate screen, the event loop
//! that sleeps until input, the network or the next shown second, the shared session's
//! network (`network`: pumped here, what it brought handed to the app as inputs), carrying
//! out what the app asks for (its effects: the minutes, the clipboard, the bell, the editor,
//! the shared session), and restoring the terminal on every way out (quit, error, panic,
//! SIGTERM, SIGHUP, SIGINT).

mod agenda_pane;
pub mod app;
pub mod backend;
pub mod capture;
pub mod clipboard;
mod editor;
mod header;
pub mod hits;
mod item_pane;
pub mod keys;
pub mod network;
mod overlay;
mod paint;
pub mod projector;
mod queue_pane;
mod roster_pane;
pub mod screen;
mod summary;
mod text;
pub mod theme;
pub mod view;
mod vote_pane;

pub use app::{App, Effect, Exit, Save};
pub use network::Network;
use screen::Screen;

use crate::meeting::Meeting;
use crate::minutes::files::MinutesFiles;
use backend::LeanBackend;
use chrono::Utc;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use ratatui::crossterm::{execute, queue};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Why the screen closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// The moderator chose (ended and quit, or kept the session open).
    Chosen(Exit),
    /// A signal (SIGTERM, SIGHUP, SIGINT) asked gavel to stop: the session stays open.
    Signal,
}

/// Runs the screen until the moderator quits or a signal arrives, with the shared session's
/// `network` (the loop's from here on; handed back, still open, with the app). `crash_dir`,
/// when given, receives a crash note if gavel panics.
pub fn run(
    mut app: App,
    mut network: Network,
    crash_dir: Option<PathBuf>,
) -> io::Result<(App, Network, Closed)> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(io::Error::other(
            "gavel run needs a terminal; for a headless meeting use `gavel replay AGENDA TRANSCRIPT`",
        ));
    }
    let stop = Arc::new(AtomicBool::new(false));
    let signals = [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ];
    for signal in signals {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // crossterm's poll goes back to sleep when a signal interrupts it, so the flag alone is
    // seen at the next wake-up: up to a minute away while the clock is paused. A thread that
    // waits for the same signals raises SIGWINCH, for which crossterm's poll does return (a
    // resize), so the loop sees the flag at once.
    let mut waiter = signal_hook::iterator::Signals::new(signals)?;
    let waiter_handle = waiter.handle();
    std::thread::spawn(move || {
        for _ in waiter.forever() {
            let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
        }
    });
    ignore_file_size_signal();
    install_panic_hook(crash_dir);
    let _guard = TerminalGuard::enter()?;
    // A fixed viewport, resized when the terminal says so: a full-screen one would ask the
    // terminal for its size (opening /dev/tty) twice on every frame.
    let viewport = Viewport::Fixed(terminal_area()?);
    let writer = FrameWriter::default();
    let holding = Rc::clone(&writer.holding);
    let mut terminal = Screen::new(Terminal::with_options(
        LeanBackend::new(writer),
        TerminalOptions { viewport },
    )?);
    let closed = event_loop(&mut app, &mut network, &mut terminal, &holding, &stop);
    // A frame cut short by an error must not keep the last words (the cursor) back.
    holding.set(false);
    waiter_handle.close();
    let closed = match closed {
        // Drawing on a terminal that has just hung up fails (EIO) before the wait sees the
        // hang-up, and after SIGHUP reading may fail: both are the stop, not a failure.
        Err(_) if hung_up() || stop.load(Ordering::Relaxed) => Ok(Closed::Signal),
        other => other,
    };
    app.save_draft();
    carry_out(&mut app, &mut AfterFrame::default(), &mut network);
    if hung_up() {
        // ratatui's Terminal shows the cursor when dropped and `eprintln!`s if that fails,
        // which panics on a terminal that is gone. There is nothing left to restore.
        std::mem::forget(terminal);
    } else {
        drop(terminal);
    }
    Ok((app, network, closed?))
}

/// What the loop does after the next frame, gathered from the app's effects.
#[derive(Debug, Default)]
pub struct AfterFrame {
    /// Bytes for the terminal itself (a clipboard request, the bell).
    pub terminal: Vec<u8>,
    /// The moderator asked for the capture line in their editor.
    pub editor: bool,
}

/// Carries out the app's effects in the order it asked for them: the minutes are written at
/// once and the result handed back; what needs the terminal waits in `after` for the next
/// frame; what concerns the shared session is done on `network`, which then sends the
/// commands the outbox made durable meanwhile.
///
/// What a result handed back asks for in turn (a call's report read becomes a change to
/// write) is carried out in the same call, so the next frame shows nothing unwritten; a
/// few rounds at most, and anything left waits for the next update's call.
pub fn carry_out(app: &mut App, after: &mut AfterFrame, network: &mut Network) {
    const ROUNDS: usize = 4;
    for _ in 0..ROUNDS {
        let effects = app.take_effects();
        if effects.is_empty() {
            break;
        }
        for effect in effects {
            carry_out_one(app, after, network, effect);
        }
    }
    network.send_written();
}

fn carry_out_one(app: &mut App, after: &mut AfterFrame, network: &mut Network, effect: Effect) {
    match effect {
        Effect::WriteMinutes(files) => {
            let written = write_minutes(&files, app.meeting());
            app.minutes_written(written);
        }
        Effect::CopyToClipboard(text) => {
            let in_tmux = std::env::var_os("TMUX").is_some();
            let request = crate::tui::clipboard::osc52(&text, in_tmux);
            after.terminal.extend_from_slice(&request);
        }
        Effect::Bell => after.terminal.push(0x07),
        Effect::OpenEditor => after.editor = true,
        Effect::ReadReport { file, at } => {
            let report = crate::import::reports::read_file(&typed_path(&file));
            app.report_read(&file, report, at);
        }
        Effect::ChangeShare(change) => {
            let result = network.change_share(&change);
            app.share_changed(change, result);
        }
        Effect::SettleOutbox(settle) => network.settle(settle),
        Effect::AnswerClaim { name, confirm, at } => {
            let outcome = network.answer_claim(app.clerk_mut(), &name, confirm, at);
            app.claim_answered(&name, confirm, outcome);
        }
        // The clerk owns the session and the recorder: the loop has it write.
        Effect::SaveDraft(draft) => {
            let saved = app.clerk_mut().save_draft(&draft);
            app.draft_saved(draft, saved);
        }
        Effect::Save(save) => {
            let result = app.clerk_mut().write_pending();
            app.saved(save, result);
        }
    }
}

/// Takes what the network brought and hands it to the app, carrying out what the app asks
/// after each message from the host (its settling done before the next: a message that
/// follows, such as the host gone after the meeting's end, sees the outbox as it is). True
/// when the screen must be redrawn.
pub fn pump_network(
    app: &mut App,
    network: &mut Network,
    after: &mut AfterFrame,
    now: chrono::DateTime<Utc>,
) -> bool {
    if let Some(hosted) = network.pump_host(app.clerk_mut(), now) {
        return app.on_network(hosted);
    }
    let news = network.news();
    if news.is_empty() {
        return false;
    }
    for message in news {
        app.on_network(app::NetworkInput::FromHost(message));
        carry_out(app, after, network);
    }
    app.on_network(app::NetworkInput::Drained);
    true
}

/// A path as the moderator typed it: `~/` is the home directory.
fn typed_path(file: &str) -> std::path::PathBuf {
    match (file.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) if !home.is_empty() => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(file),
    }
}

/// Writes the minutes of `meeting` (as of its end) to `files`.
pub fn write_minutes(files: &MinutesFiles, meeting: &Meeting) -> app::Written {
    let now = meeting.ended_at().unwrap_or_else(Utc::now);
    match files.write(meeting, now) {
        Ok(written) => app::Written::Ok(vec![written.markdown, written.json]),
        Err(e) => app::Written::Failed(e.message().to_string()),
    }
}

/// The terminal as the live screen drives it.
type LiveScreen = Screen<LeanBackend<FrameWriter>>;

/// The whole terminal, as it says now.
fn terminal_area() -> io::Result<Rect> {
    let (width, height) = terminal::size()?;
    Ok(Rect::new(0, 0, width, height))
}

/// `holding`: while set, the frame's bytes are gathered rather than written (`FrameWriter`).
fn event_loop(
    app: &mut App,
    network: &mut Network,
    terminal: &mut LiveScreen,
    holding: &Rc<std::cell::Cell<bool>>,
    stop: &AtomicBool,
) -> io::Result<Closed> {
    let winch = Winch::register()?;
    // The next frame must be drawn whole: something other than time changed (a key, the
    // status line, the size). Otherwise a frame is due only when the clock shows something
    // new, and only what the clock moves is redrawn.
    let mut whole = true;
    let mut shown_at = Utc::now();
    // The size is read again inside the first frame: a resize between reading it for the
    // viewport and registering for the signal above would otherwise go unseen.
    let mut resized = true;
    let mut shown_clock = i64::MIN;
    // What the loop keeps of the last whole frame (`Screen::draw_clock_second`).
    let mut kept = hits::Hits::default();
    let mut after = AfterFrame::default();
    let mut settled = false;
    // Effects of updates made before the loop (none today, but they would wait otherwise).
    carry_out(app, &mut after, network);
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(Closed::Signal);
        }
        let now = Utc::now();
        let status_before = app.status().cloned();
        if pump_network(app, network, &mut after, now) {
            whole = true;
        }
        app.tick(now);
        carry_out(app, &mut after, network);
        if app.status() != status_before.as_ref() {
            whole = true;
        }
        let clock = app.clock_key(now);
        if whole || clock != shown_clock {
            holding.set(true);
            queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
            // Inside the synchronized update, so the clear that a resize brings and the new
            // frame reach the terminal together, without a blank flash.
            // (A resize always comes with `whole` set.)
            if std::mem::take(&mut resized) {
                follow_resize(terminal)?;
            }
            app.set_screen(terminal.area());
            // A whole frame tells where the clickable lists, the panes and the cursor went;
            // a clock-only second keeps the last whole frame's.
            let drawn = if std::mem::take(&mut whole) {
                Some(terminal.draw_app(app, now)?)
            } else {
                terminal.draw_clock_second(app, &kept, shown_at, now)?
            };
            if let Some(hits) = drawn {
                kept = hits;
                app.set_hits(hits);
            }
            shown_at = now;
            queue!(terminal.backend_mut(), EndSynchronizedUpdate)?;
            if !after.terminal.is_empty() {
                terminal
                    .backend_mut()
                    .write_all(&std::mem::take(&mut after.terminal))?;
            }
            holding.set(false);
            terminal.backend_mut().flush()?;
            shown_clock = clock;
            if !settled {
                // The first frame is up: now a new session waits for the disk (its files
                // made durable, `Session::settle`), not before it.
                settled = true;
                if let Err(trouble) = app.clerk_mut().write_pending() {
                    app.saved(Save::Retry, Err(trouble));
                    whole = true;
                }
            }
        }
        if let Some(exit) = app.exit() {
            return Ok(Closed::Chosen(exit));
        }
        if std::mem::take(&mut after.editor) {
            step_aside_for_editor(app, network, terminal)?;
            whole = true;
            continue;
        }
        match wait_for_input(app.next_wake(now), &winch, network.wake_fd())? {
            Ready::HungUp => return Ok(Closed::Signal),
            Ready::Nothing => continue,
            Ready::Resized => {
                resized = true;
                whole = true;
            }
            Ready::Input => {}
            Ready::Network => continue,
        }
        // Take every event already waiting before drawing again: only the latest frame.
        if read_waiting(app, network, &mut after, &mut resized)? {
            whole = true;
        }
    }
}

/// Reads every event waiting on the terminal and hands it to the app. True when any
/// was read.
///
/// crossterm 0.29 waits on the terminal edge-triggered (epoll through mio) and reads at
/// most 1 KiB on each wake-up, returning at the first event it parses: the rest of a
/// longer burst (a paste without bracketed paste, 3 KB of typing) stays in the terminal's
/// queue, and no new edge comes until the next key. Our own wait is level-triggered, so it
/// would report the same bytes forever while crossterm's `poll` says there is nothing: a
/// loop burning a core with the text stuck. So after crossterm runs dry, if the terminal
/// still holds bytes, it gets a new edge (`rearm_reader`) and is asked again.
fn read_waiting(
    app: &mut App,
    network: &mut Network,
    after: &mut AfterFrame,
    resized: &mut bool,
) -> io::Result<bool> {
    let mut any = false;
    // Each re-arm either reads something or the bytes were not crossterm's to read: a few
    // fruitless re-arms in a row end the round (the next wait comes back for them).
    let mut fruitless = 0;
    loop {
        while event::poll(std::time::Duration::ZERO)? {
            fruitless = 0;
            let event = event::read()?;
            // The terminal reports every movement of the mouse; only clicks and the wheel
            // do anything, so a moving mouse costs no frames.
            if matches!(&event, Event::Mouse(m) if m.kind == event::MouseEventKind::Moved) {
                continue;
            }
            any = true;
            match event {
                Event::Key(key) => {
                    app.on_key(key, Utc::now());
                    carry_out(app, after, network);
                }
                Event::Mouse(mouse) => {
                    app.on_mouse(mouse, Utc::now());
                    carry_out(app, after, network);
                }
                Event::Resize(..) => *resized = true,
                Event::Paste(text) => {
                    app.on_paste(&text, Utc::now());
                    carry_out(app, after, network);
                }
                _ => {}
            }
            if app.exit().is_some() {
                return Ok(any);
            }
        }
        if !terminal_has_input() || fruitless >= 3 {
            return Ok(any);
        }
        fruitless += 1;
        rearm_reader();
    }
}

/// True when the terminal (standard input) has bytes waiting, without waiting.
fn terminal_has_input() -> bool {
    stdin_events() & libc::POLLIN != 0
}

/// What `poll(2)` says of standard input right now (no wait): 0 when nothing.
fn stdin_events() -> libc::c_short {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call; a zero timeout never blocks.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    if n > 0 {
        fd.revents
    } else {
        0
    }
}

/// Gives crossterm's edge-triggered wait a new edge while bytes are already waiting: on
/// Linux, setting a terminal's attributes (to what they are, so nothing changes) wakes
/// every reader of the line discipline (`n_tty_set_termios` ends with
/// `wake_up_interruptible(&tty->read_wait)`), which epoll reports as readable again. Errors
/// are ignored: at worst the bytes wait for the next key, as before.
fn rearm_reader() {
    // SAFETY: tcgetattr fills the termios struct we own; tcsetattr reads it back unchanged.
    unsafe {
        let mut attrs: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut attrs) == 0 {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &attrs);
        }
    }
}

/// Takes the terminal's size again after a resize signal, and has the next frame drawn on a
/// cleared screen (even at the same size: the window may have been narrower in between, and
/// the terminal may have cut or moved what it showed). The size is asked for rather than
/// taken from crossterm's resize event: when a window changes width and height in two quick
/// steps, crossterm may report only the first.
fn follow_resize(terminal: &mut LiveScreen) -> io::Result<()> {
    terminal.resize(terminal_area()?)?;
    Ok(())
}

/// What waiting on the terminal found.
enum Ready {
    /// The window changed size (input may be waiting too).
    Resized,
    /// Input (or a resize) is waiting: crossterm can read it without blocking.
    Input,
    /// The time ran out, or a signal interrupted the wait.
    Nothing,
    /// The terminal is gone (the window closed, the SSH connection dropped).
    HungUp,
    /// The shared session has news (participants' commands, the host's events).
    Network,
}

/// A resize signal, as a readable pipe: crossterm sees SIGWINCH through its own pipe, but
/// our wait (below) must wake for it too.
struct Winch {
    read: std::os::unix::net::UnixStream,
    id: signal_hook::SigId,
}

impl Winch {
    fn register() -> io::Result<Winch> {
        let (read, write) = std::os::unix::net::UnixStream::pair()?;
        read.set_nonblocking(true)?;
        write.set_nonblocking(true)?;
        let id = signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, write)?;
        Ok(Winch { read, id })
    }

    fn drain(&self) {
        crate::share::wake::drain(&self.read);
    }
}

impl Drop for Winch {
    fn drop(&mut self) {
        signal_hook::low_level::unregister(self.id);
    }
}

/// Waits up to `timeout` for input on the terminal (standard input, which is the descriptor
/// crossterm reads when it is a terminal) or a resize.
///
/// crossterm 0.29 is not asked to wait itself: once the terminal hangs up, its read loop
/// spins forever (read returns 0 or EIO and it retries at once, crossterm issue #793), so
/// neither its timeout nor the SIGHUP flag would ever be seen again, leaving an orphaned
/// gavel burning a core. `poll(2)` reports the hang-up instead.
fn wait_for_input(
    timeout: std::time::Duration,
    winch: &Winch,
    network: Option<std::os::fd::RawFd>,
) -> io::Result<Ready> {
    use std::os::fd::AsRawFd;
    let mut fds = [
        libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: winch.read.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        },
        // The shared session's wake-up (a negative descriptor is ignored by poll).
        libc::pollfd {
            fd: network.unwrap_or(-1),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    let ms = timeout.as_millis().clamp(0, i32::MAX as u128) as libc::c_int;
    // SAFETY: `fds` is a valid array of pollfd structures for the duration of the call.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    if n < 0 {
        let e = io::Error::last_os_error();
        return if e.kind() == io::ErrorKind::Interrupted {
            Ok(Ready::Nothing)
        } else {
            Err(e)
        };
    }
    let tty = fds[0].revents;
    if tty & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Ok(Ready::HungUp);
    }
    if fds[1].revents & libc::POLLIN != 0 {
        winch.drain();
        return Ok(Ready::Resized);
    }
    Ok(if tty & libc::POLLIN != 0 {
        Ready::Input
    } else if fds[2].revents & libc::POLLIN != 0 {
        Ready::Network
    } else {
        Ready::Nothing
    })
}

/// True when the terminal (standard input) has hung up.
fn hung_up() -> bool {
    stdin_events() & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// Hands the terminal to the user's editor for the capture line, then takes it back and has
/// the next frame drawn whole (the alternate screen comes back blank).
fn step_aside_for_editor(
    app: &mut App,
    network: &mut Network,
    terminal: &mut LiveScreen,
) -> io::Result<()> {
    app.save_draft();
    // Nothing for the terminal comes of saving the draft.
    carry_out(app, &mut AfterFrame::default(), network);
    restore_terminal();
    let result = editor::edit(app.capture().value(), &editor::editor_command());
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    // The window may have changed size while the editor had it; either way the screen is
    // blank now, and resizing makes the next frame draw everything.
    terminal.resize(terminal_area()?)?;
    app.editor_done(result, Utc::now());
    Ok(())
}

/// The bytes of a frame, gathered and written to the terminal at once: ratatui flushes at the
/// end of its draw, before the synchronized update is closed, which would otherwise cost a
/// second write (and wake the terminal twice) on every frame. Outside a frame, a flush
/// writes through.
#[derive(Default)]
struct FrameWriter {
    pending: Vec<u8>,
    /// Set by the event loop for the length of a frame.
    holding: Rc<std::cell::Cell<bool>>,
}

impl Write for FrameWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.holding.get() || self.pending.is_empty() {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        let written = out.write_all(&self.pending).and_then(|()| out.flush());
        self.pending.clear();
        written
    }
}

/// Puts the terminal into raw mode on the alternate screen, and back when dropped.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        terminal::enable_raw_mode()?;
        let guard = TerminalGuard;
        // Bracketed paste: a paste arrives as one event, not as typing (where each line
        // break would be an Enter).
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Leaves raw mode and the alternate screen. Errors are ignored: after SIGHUP the terminal
/// may already be gone.
pub fn restore_terminal() {
    let _ = execute!(
        io::stdout(),
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

/// A write past the file size limit (`ulimit -f`) raises SIGXFSZ, which kills the process
/// by default: ignored, the write fails with EFBIG instead, and the journal keeps the event
/// in memory and says NOT SAVED like for any other disk failure.
pub(crate) fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN installs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Installs the panic hook of the live screen: restore the terminal, write a crash note
/// into `crash_dir` (the session directory) when given, then run the previous hook. Public
/// for tests/panic_hook.rs; `run` installs it.
#[doc(hidden)]
pub fn install_panic_hook(crash_dir: Option<PathBuf>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        if let Some(dir) = &crash_dir {
            let note = format!("{info}\nThe journal is intact: `gavel run` resumes the session.\n");
            if let Ok(path) = crate::session::write_crash_note(dir, &note) {
                // Not eprintln!: a failing write (a hung-up terminal) would panic again.
                let _ = writeln!(
                    io::stderr(),
                    "gavel crashed; a note is in {}",
                    path.display()
                );
            }
        }
        previous(info);
    }));
}
#[cfg(test)]
mod tests;
