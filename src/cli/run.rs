//! `gavel run`: the live screen over a session, and what happens around it (resuming,
//! recovering minutes a crash kept from the disk, the running document at the end).

use super::{approve_previous, load_agenda};
use crate::error::{display, Failure};
use crate::meeting::Meeting;
use crate::minutes::files::MinutesFiles;
use crate::minutes::{Minutes, Options};
use crate::text::clean_line;
use std::path::{Path, PathBuf};

/// What `gavel run` needs, from the command line and the config file.
pub struct RunArgs {
    pub data_dir: Option<PathBuf>,
    pub agenda: PathBuf,
    pub out: Option<PathBuf>,
    pub private: bool,
    pub force: bool,
    pub append: Option<PathBuf>,
    pub bell: bool,
    pub twelve_hour: bool,
    pub zones: Vec<crate::agenda::Zone>,
    /// (action, key) overrides from the config file, already checked.
    pub keys: Vec<(String, String)>,
    /// The config file's `theme`.
    pub palette: crate::tui::theme::Palette,
    /// What to do with an agenda dated another day than today.
    pub run_as: RunAs,
    /// `--share [ADDR]`: also serve the session to participants on ADDR.
    pub share: Option<String>,
    /// `--tls-cert`/`--tls-key`: serve the shared session over TLS.
    pub tls: Option<super::TlsFiles>,
}

/// How `gavel run` dates an agenda dated another day than today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunAs {
    /// Ask on the terminal.
    Ask,
    /// Run it as today's meeting: the agenda's date becomes today's.
    Today,
    /// Keep the agenda's date.
    Agenda,
}

/// `gavel run`: the live screen, recorded in a session. An unfinished session of the same
/// agenda is offered for resuming first.
pub fn run(args: &RunArgs) -> Result<u8, Failure> {
    use crate::session::{self, Session};
    let agenda_path = args.agenda.as_path();
    use std::io::IsTerminal;
    let data = session::data_dir(args.data_dir.clone())?;
    // The agenda's sessions are read once: the ended one for its minutes, the unfinished
    // one to resume (a long meeting's journal is not replayed again after the question).
    let found = session::of_agenda(&data, agenda_path);
    recover_unwritten_minutes(found.ended, agenda_path, args.out.as_deref(), args.private);
    let unfinished = found.unfinished;
    // A broken agenda is reported (FILE:LINE:COL, exit 2) before anything else, terminal or
    // not; an unfinished session does not need it, as it keeps its own copy.
    let mut fresh = match unfinished {
        None => Some(load_agenda(agenda_path)?),
        Some(_) => None,
    };
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::Input(
            "gavel run needs a terminal; for a meeting without one use `gavel replay AGENDA TRANSCRIPT`"
                .into(),
        ));
    }
    if let Some(out) = &args.out {
        // Found missing now, not at `/end` when the minutes have nowhere to go.
        std::fs::create_dir_all(out).map_err(|e| {
            Failure::Input(format!(
                "--out {}: cannot create the directory for the minutes: {}",
                display(out),
                crate::error::io_reason(&e)
            ))
        })?;
    }
    // Opened (and locked) before the question: a session another gavel has open is said at
    // once, not after the moderator chose to resume it.
    let resume = match unfinished {
        Some((info, read)) => {
            let opened = Session::resume(&data, &info.id, read)?;
            ask_resume(&info).then_some(opened)
        }
        None => None,
    };
    let (session, meeting, draft, warnings, earlier) = match resume {
        Some((session, loaded)) => {
            // A shared session sends participants what they missed: it needs the journal's
            // events, read again (resuming alone never holds them).
            let earlier = match &args.share {
                Some(_) => loaded.events()?,
                None => Vec::new(),
            };
            (
                session,
                loaded.meeting,
                loaded.draft,
                loaded.warnings,
                earlier,
            )
        }
        None => {
            let (mut agenda, mut source) = match fresh.take() {
                Some(loaded) => loaded,
                None => load_agenda(agenda_path)?,
            };
            let today = agenda.meeting.timezone.local(chrono::Utc::now()).date();
            let as_today = agenda.meeting.date != today
                && match args.run_as {
                    RunAs::Ask => ask_as_today(agenda.meeting.date, today),
                    RunAs::Today => true,
                    RunAs::Agenda => false,
                };
            if as_today {
                // The screen, the session's id and the minutes all read the agenda's date:
                // it becomes today's before the session is made, and its copy says so.
                if let Some(redated) = crate::agenda::redate(&source, today) {
                    source = redated;
                    agenda.meeting.date = today;
                }
            }
            let session = Session::start(&data, agenda_path, &agenda, &source)?;
            (
                session,
                Meeting::new(agenda),
                String::new(),
                Vec::new(),
                Vec::new(),
            )
        }
    };
    let id = session.id().to_string();
    let crash_dir = session.dir().to_path_buf();
    let plan = match &args.share {
        Some(_) => Some(super::share::HostPlan::of(&session)?),
        None => None,
    };
    let mut clerk = crate::clerk::Clerk::new(meeting, Box::new(session));
    let host = match (&args.share, plan) {
        (Some(listen), Some(plan)) => Some(super::share::start_host(
            listen,
            args.tls.as_ref(),
            plan,
            &mut clerk,
            earlier,
        )?),
        _ => None,
    };
    let mut app = crate::tui::App::with_clerk(clerk);
    let network = match host {
        Some(host) => {
            app.say_info(&format!(
                "Shared on {}: /share shows the links for participants.",
                host.addr()
            ));
            app.hosting();
            crate::tui::Network::Host(Box::new(host))
        }
        None => crate::tui::Network::Alone,
    };
    app.set_session(id.clone());
    app.set_bell(args.bell);
    app.set_twelve_hour(args.twelve_hour);
    app.set_extra_zones(args.zones.clone());
    app.theme_mut().palette = args.palette;
    for (action, key) in &args.keys {
        if let Err(e) = app.keymap_mut().rebind(action, key) {
            app.warn(&format!("key {key} for {action}: {e}"));
        }
    }
    app.set_minutes(MinutesFiles::beside(
        agenda_path,
        args.out.as_deref(),
        args.private,
        args.force,
    ));
    app.restore_draft(&draft);
    if !warnings.is_empty() {
        app.warn(&warnings.join(" "));
    }
    // The host stays up (participants connected) until this function returns, as before.
    let (mut app, _network, closed) = crate::tui::run(app, network, Some(crash_dir))
        .map_err(|e| Failure::Runtime(format!("the terminal failed: {e}")))?;
    // One last try before anything is said: the disk may have come back.
    let _ = app.clerk_mut().write_pending();
    report_close(&app, closed, &id, args);
    rescue_unsaved(&app, &id, args.private);
    if app.meeting().phase() == crate::meeting::Phase::Ended {
        approve_previous(app.meeting(), agenda_path);
    }
    let appended = append_after_run(app.meeting(), args.private, args.append.as_deref());
    Ok(if app.unsaved() > 0 || !appended { 1 } else { 0 })
}

/// A meeting that ended but was stopped before its minutes reached the disk (a crash right
/// after `/end`) gets them now, from its journal, before anything else happens: both files,
/// whichever is missing. Temporary files such a crash left are removed.
fn recover_unwritten_minutes(
    ended: Option<(crate::session::SessionInfo, crate::session::Loaded)>,
    agenda_path: &Path,
    out: Option<&Path>,
    private: bool,
) {
    let files = MinutesFiles::beside(agenda_path, out, private, false);
    files.remove_stale_temporaries();
    let Some((info, loaded)) = ended else {
        return;
    };
    let meeting = loaded.meeting;
    if !files.of_meeting(&meeting).any_missing() {
        return;
    }
    match files.write(&meeting, meeting.minutes_time()) {
        Ok(written) => eprintln!(
            "gavel: session {} had ended without its minutes on disk; wrote {}",
            clean_line(&info.id),
            display(&written.markdown)
        ),
        Err(e) => eprintln!(
            "gavel: session {} ended without its minutes on disk, and they could not be written now: {}",
            clean_line(&info.id),
            clean_line(e.message())
        ),
    }
}

/// Asks on the terminal whether to resume `info`: Enter (the default) resumes, `n` starts a
/// fresh session and keeps the old one.
fn ask_resume(info: &crate::session::SessionInfo) -> bool {
    use std::io::{BufRead, Write};
    let when = info
        .last_change
        .map(|t| format!(", last change {}", t.format("%Y-%m-%d %H:%M")))
        .unwrap_or_default();
    eprint!(
        "An unfinished session of this agenda exists: {} ({} recorded change{}{when}).\nResume it? [Enter: resume, n: start a fresh session, keeping the old one] ",
        clean_line(&info.id),
        info.entries,
        if info.entries == 1 { "" } else { "s" }
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return true;
    }
    !matches!(
        answer.trim().to_lowercase().as_str(),
        "n" | "no" | "new" | "fresh"
    )
}

/// Writes the entries the journal never took (and the minutes, if the meeting ended and
/// they were not written) to a rescue file, and says where; when no directory takes it, the
/// text itself goes to standard error. Nothing shown as recorded is lost with the process.
fn rescue_unsaved(app: &crate::tui::App, id: &str, private: bool) {
    use crate::tui::app::Written;
    use std::io::Write;
    let events = app.unsaved_events();
    if events.is_empty() {
        return;
    }
    let meeting = app.meeting();
    let transcript = crate::rescue::transcript(meeting, &events);
    let minutes = match (meeting.ended_at(), app.written()) {
        (Some(_), Some(Written::Ok(_))) | (None, _) => None,
        (Some(end), _) => Some(crate::minutes::markdown::render(&Minutes::build(
            meeting,
            end,
            Options { private },
        ))),
    };
    let mut err = std::io::stderr().lock();
    match crate::rescue::write(
        id,
        &transcript,
        minutes.as_deref(),
        &crate::rescue::default_dirs(),
        chrono::Utc::now(),
    ) {
        Ok(rescued) => {
            let _ = writeln!(
                err,
                "gavel: the {} unsaved change(s) were written to {} (a transcript: `gavel replay` \
                 reads it)",
                events.len(),
                display(&rescued.transcript)
            );
            if let Some(m) = &rescued.minutes {
                let _ = writeln!(err, "gavel: the minutes were written to {}", display(m));
            }
        }
        Err(why) => {
            let _ = writeln!(
                err,
                "gavel: the {} unsaved change(s) could not be written anywhere ({why}); here \
                 they are, as a transcript:\n{transcript}",
                events.len()
            );
            if let Some(m) = &minutes {
                let _ = writeln!(err, "gavel: and the minutes:\n{m}");
            }
        }
    }
}

/// The agenda is dated another day than today: asks on the terminal whether to run it as
/// today's meeting (Enter, the default) or as the agenda's date (`a`). Only asked on a
/// terminal (`gavel run` needs one).
fn ask_as_today(dated: chrono::NaiveDate, today: chrono::NaiveDate) -> bool {
    use std::io::{BufRead, Write};
    let day = |d: chrono::NaiveDate| d.format("%a %-d %b %Y").to_string();
    let when = if dated < today { "was" } else { "is" };
    eprint!(
        "This agenda is dated {}, but today is {}: the meeting {when} planned for another day.\n\
         Run it as today's meeting? [Enter: as today's, {}; a: as the agenda's date, {}] ",
        day(dated),
        day(today),
        day(today),
        day(dated)
    );
    // Anything but the two answers asks again (a few times), rather than taking a stray
    // key for "today".
    for _ in 0..5 {
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        match std::io::stdin().lock().read_line(&mut answer) {
            // The end of input answers as Enter did before.
            Ok(0) => return true,
            Err(_) => return false,
            Ok(_) => {}
        }
        match answer.trim().to_lowercase().as_str() {
            "" | "t" | "today" | "y" | "yes" => return true,
            "a" | "agenda" | "n" | "no" => return false,
            _ => eprint!("Enter runs it as today's meeting, a (then Enter) as the agenda's date: "),
        }
    }
    false
}

/// `gavel`, with the data directory when one was chosen: the start of a command that finds
/// this session again.
fn gavel_command(args: &RunArgs) -> String {
    match args.data_dir.as_deref() {
        Some(dir) => format!("gavel --data-dir {}", display(dir)),
        None => "gavel".into(),
    }
}

/// What to tell the moderator once the terminal is back.
fn report_close(app: &crate::tui::App, closed: crate::tui::Closed, id: &str, args: &RunArgs) {
    use crate::tui::app::Written;
    use std::io::Write;
    // After a hang-up the terminal is gone and writes fail with EIO: `println!` would panic
    // (and the panic hook would then report a crash that did not happen). Say it if we can.
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    match app.written() {
        Some(Written::Ok(paths)) => {
            for p in paths {
                let _ = writeln!(out, "minutes written: {}", display(p));
            }
        }
        Some(Written::Failed(why)) => {
            let _ = writeln!(err, "gavel: minutes not written: {}", clean_line(why));
        }
        None => {}
    }
    if let crate::tui::Closed::Signal = closed {
        let what = if app.unsaved() > 0 {
            "what the disk took is"
        } else {
            "everything recorded is"
        };
        let _ = writeln!(err, "gavel: stopped by a signal; {what} in session {id}");
    }
    if app.meeting().phase() != crate::meeting::Phase::Ended {
        let _ = writeln!(
            out,
            "session {id} is kept open: `{gavel} run {}` resumes it, `{gavel} export {id}` writes its minutes",
            display(&args.agenda),
            gavel = gavel_command(args),
        );
    }
    if app.unsaved() > 0 {
        let _ = writeln!(
            err,
            "gavel: {} change(s) could not be saved to disk; the journal of session {id} ends before them",
            app.unsaved()
        );
    }
}

/// After `gavel run`: an ended meeting goes into the running document, if one was named.
/// False when that failed (the reason is printed).
fn append_after_run(meeting: &Meeting, private: bool, append: Option<&Path>) -> bool {
    let (Some(path), Some(end)) = (append, meeting.ended_at()) else {
        return true;
    };
    if meeting.phase() != crate::meeting::Phase::Ended {
        return true;
    }
    let m = Minutes::build(meeting, end, Options { private });
    match crate::series::append_minutes(path, &m) {
        Ok(()) => {
            println!("running document updated: {}", display(path));
            true
        }
        Err(why) => {
            eprintln!(
                "gavel: running document not updated: {}",
                clean_line(why.message())
            );
            false
        }
    }
}
