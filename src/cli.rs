//! The subcommands behind `gavel`'s command line. Each returns the exit code to use, or a
//! [`Failure`] that says whether the user's input (2) or the machine (1) was at fault.

use crate::agenda::{self, Agenda, Diagnostic, LoadError, Severity};
use crate::fsutil::write_atomic;
use crate::meeting::Meeting;
use crate::minutes::{self, Minutes, Options};
use crate::text::clean_line;
use crate::transcript;
use std::path::{Path, PathBuf};

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// Bad input or usage: exit code 2. The message is printed as is.
    Input(String),
    /// Something went wrong at run time (disk, terminal): exit code 1.
    Runtime(String),
}

/// Marks every file gavel writes, so that it never overwrites someone else's file unasked.
pub const MD_MARKER: &str = "<!-- written by gavel -->";
pub const TOML_MARKER: &str = "# written by gavel";

/// `gavel check`: every agenda is validated and every problem printed.
pub fn check(paths: &[PathBuf]) -> Result<u8, Failure> {
    let mut ok = true;
    for path in paths {
        let shown = display(path);
        match agenda::load_file(path) {
            Ok((agenda, warnings, _)) => {
                print_diagnostics(&shown, &warnings);
                println!("{shown}: {}", summary(&agenda, warnings.len()));
            }
            Err(LoadError::Unreadable(reason)) => {
                ok = false;
                eprintln!("{shown}: {}", clean_line(&reason));
            }
            Err(LoadError::Invalid(diags)) => {
                ok = false;
                print_diagnostics(&shown, &diags);
                let errors = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                eprintln!(
                    "{shown}: {errors} error{} found",
                    if errors == 1 { "" } else { "s" }
                );
            }
        }
    }
    Ok(if ok { 0 } else { 2 })
}

fn summary(a: &Agenda, warnings: usize) -> String {
    let mut s = format!(
        "ok: {} items, {} of {} minutes planned, {} people on the roster",
        a.items.len(),
        a.planned_items() / 60,
        a.meeting.length / 60,
        a.people.len()
    );
    if !a.actions.is_empty() {
        s.push_str(&format!(", {} open actions", a.actions.len()));
    }
    if warnings > 0 {
        s.push_str(&format!(
            " ({warnings} warning{})",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    s
}

fn print_diagnostics(file: &str, diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.render(file));
    }
}

/// A path as the user should see it, safe for the terminal.
pub fn display(path: &Path) -> String {
    clean_line(&path.display().to_string())
}

/// Loads an agenda for a command that needs a valid one: warnings are printed, errors make
/// the command fail with exit code 2.
pub fn load_agenda(path: &Path) -> Result<(Agenda, String), Failure> {
    let shown = display(path);
    match agenda::load_file(path) {
        Ok((agenda, warnings, source)) => {
            print_diagnostics(&shown, &warnings);
            Ok((agenda, source))
        }
        Err(LoadError::Unreadable(reason)) => {
            Err(Failure::Input(format!("{shown}: {}", clean_line(&reason))))
        }
        Err(LoadError::Invalid(diags)) => Err(Failure::Input(
            diags
                .iter()
                .map(|d| d.render(&shown))
                .collect::<Vec<_>>()
                .join("\n"),
        )),
    }
}

pub struct ReplayArgs {
    pub agenda: PathBuf,
    pub transcript: PathBuf,
    pub output: Option<PathBuf>,
    pub json: bool,
    pub private: bool,
    pub force: bool,
    /// Put the minutes into this running document (and write nothing else unless `output`).
    pub append: Option<PathBuf>,
}

/// `gavel replay`: applies a transcript and writes the minutes. Refused lines are reported
/// as `TRANSCRIPT:LINE: reason`; the exit code is 2 if any line was refused.
pub fn replay(args: &ReplayArgs) -> Result<u8, Failure> {
    let (agenda, _) = load_agenda(&args.agenda)?;
    let text = read_text(&args.transcript)?;
    let mut meeting = Meeting::new(agenda);
    let refused = transcript::run(&mut meeting, &text);
    let shown = display(&args.transcript);
    for r in &refused {
        eprintln!("{shown}:{}: {}", r.line, clean_line(&r.reason));
    }
    let now = meeting
        .ended_at
        .or(meeting.last_at)
        .unwrap_or_else(|| meeting.scheduled_start());
    let doc = render(&meeting, now, args.json, args.private);
    write_minutes(
        &meeting,
        now,
        args.private,
        args.append.as_deref(),
        args.output.as_deref(),
        &doc,
        args.force,
    )?;
    approve_previous(&meeting, &args.agenda);
    Ok(if refused.is_empty() { 0 } else { 2 })
}

/// The minutes of `meeting` as Markdown or JSON.
pub fn render(
    meeting: &Meeting,
    now: chrono::DateTime<chrono::Utc>,
    json: bool,
    private: bool,
) -> String {
    let m = Minutes::build(meeting, now, Options { private });
    if json {
        minutes::json::render(&m)
    } else {
        format!("{MD_MARKER}\n{}\n", minutes::markdown::render(&m))
    }
}

/// Reads a text file the user named; a missing or binary file is bad input.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let shown = display(path);
    let bytes =
        std::fs::read(path).map_err(|e| Failure::Input(format!("{shown}: {}", io_reason(&e))))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::Input(format!(
            "{shown}: is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// A short human reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".into(),
        _ => e.to_string(),
    }
}

/// Writes `doc` to `output` (atomically, refusing to clobber a file gavel did not write) or
/// to standard output.
pub fn emit(output: Option<&Path>, doc: &str, force: bool) -> Result<(), Failure> {
    match output {
        Some(path) => write_output(path, doc, force),
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(doc.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| Failure::Runtime(format!("cannot write to standard output: {e}")))
        }
    }
}

/// Writes a file atomically. An existing file that gavel did not write is left alone unless
/// `force` is set.
pub fn write_output(path: &Path, doc: &str, force: bool) -> Result<(), Failure> {
    write_guarded(path, doc.as_bytes(), force, written_by_gavel)
}

/// Writes `bytes` atomically to `path`, unless it is a directory, or an existing file that
/// `ours` does not recognise as gavel's and `force` is not set.
fn write_guarded(
    path: &Path,
    bytes: &[u8],
    force: bool,
    ours: fn(&Path) -> bool,
) -> Result<(), Failure> {
    let shown = display(path);
    if path.is_dir() {
        return Err(Failure::Input(format!(
            "{shown}: is a directory, not a file"
        )));
    }
    if !force && path.exists() && !ours(path) {
        return Err(Failure::Input(format!(
            "{shown}: exists and was not written by gavel; use --force to overwrite it"
        )));
    }
    write_atomic(path, bytes)
        .map_err(|e| Failure::Runtime(format!("cannot write {shown}: {}", io_reason(&e))))
}

fn written_by_gavel(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    head.starts_with(MD_MARKER)
        || head.starts_with(TOML_MARKER)
        || head.contains(&format!("\"schema\": \"{}\"", minutes::SCHEMA))
}

/// `gavel new`: the commented template.
pub fn new_agenda(
    output: Option<&Path>,
    force: bool,
    moderator: Option<&str>,
) -> Result<u8, Failure> {
    let template = match moderator {
        Some(name) => agenda::TEMPLATE.replacen(
            "moderator = \"Ada Moreno\"",
            &format!("moderator = {}", crate::series::toml_string(name)),
            1,
        ),
        None => agenda::TEMPLATE.to_string(),
    };
    emit(output, &template, force)?;
    Ok(0)
}

/// `gavel config path`.
pub fn config_path() -> Result<u8, Failure> {
    let path = crate::config::path()
        .ok_or_else(|| Failure::Runtime("no home directory to keep a config file in".into()))?;
    println!("{}", display(&path));
    Ok(0)
}

/// `gavel config init`: the commented default, never over an existing file unasked.
pub fn config_init(force: bool) -> Result<u8, Failure> {
    let path = crate::config::path()
        .ok_or_else(|| Failure::Runtime("no home directory to keep a config file in".into()))?;
    if path.exists() && !force {
        return Err(Failure::Input(format!(
            "{}: exists; use --force to replace it",
            display(&path)
        )));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::Runtime(format!("cannot create {}: {}", display(dir), io_reason(&e)))
        })?;
    }
    crate::fsutil::write_atomic(&path, crate::config::TEMPLATE.as_bytes()).map_err(|e| {
        Failure::Runtime(format!(
            "cannot write {}: {}",
            display(&path),
            io_reason(&e)
        ))
    })?;
    println!("{}", display(&path));
    Ok(0)
}

/// `gavel run`: the live screen, recorded in a session. An unfinished session of the same
/// agenda is offered for resuming first.
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
}

pub fn run(args: &RunArgs) -> Result<u8, Failure> {
    use crate::session::{self, Session};
    let agenda_path = args.agenda.as_path();
    use std::io::IsTerminal;
    let data = session::data_dir(args.data_dir.clone())?;
    recover_unwritten_minutes(&data, agenda_path, args.out.as_deref(), args.private);
    let unfinished = session::find_unfinished(&data, agenda_path);
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
    let resume = unfinished.filter(ask_resume);
    let (session, meeting, draft, warnings) = match resume {
        Some(info) => {
            let (session, loaded) = Session::open(&data, &info.id)?;
            (session, loaded.meeting, loaded.draft, loaded.warnings)
        }
        None => {
            let (agenda, source) = match fresh.take() {
                Some(loaded) => loaded,
                None => load_agenda(agenda_path)?,
            };
            let session = Session::create(&data, agenda_path, &source)?;
            (session, Meeting::new(agenda), String::new(), Vec::new())
        }
    };
    let id = session.id().to_string();
    let crash_dir = session.dir().to_path_buf();
    let mut app = crate::tui::App::new(meeting, Box::new(session));
    app.session = Some(id.clone());
    app.bell = args.bell;
    app.twelve_hour = args.twelve_hour;
    app.extra_zones = args.zones.clone();
    app.theme.palette = args.palette;
    for (action, key) in &args.keys {
        if let Err(e) = app.keymap.rebind(action, key) {
            app.warn(&format!("key {key} for {action}: {e}"));
        }
    }
    app.minutes = Some(minutes_plan(
        agenda_path,
        args.out.as_deref(),
        args.private,
        args.force,
    ));
    app.restore_draft(&draft);
    if !warnings.is_empty() {
        app.warn(&warnings.join(" "));
    }
    let (app, closed) = crate::tui::run(app, Some(crash_dir))
        .map_err(|e| Failure::Runtime(format!("the terminal failed: {e}")))?;
    report_close(&app, closed, &id, agenda_path);
    if app.meeting.phase == crate::meeting::Phase::Ended {
        approve_previous(&app.meeting, agenda_path);
    }
    let appended = append_after_run(&app.meeting, args.private, args.append.as_deref());
    Ok(if app.unsaved() > 0 || !appended { 1 } else { 0 })
}

/// A meeting that ended but was stopped before its minutes reached the disk (a crash right
/// after `/end`) gets them now, from its journal, before anything else happens.
fn recover_unwritten_minutes(data: &Path, agenda_path: &Path, out: Option<&Path>, private: bool) {
    use crate::session::{self, State};
    let Some(info) = session::latest_of_agenda(data, agenda_path, State::Ended) else {
        return;
    };
    let plan = minutes_plan(agenda_path, out, private, false);
    if plan.markdown.exists() {
        return;
    }
    let Ok(loaded) = session::load_dir(&info.dir) else {
        return;
    };
    let meeting = loaded.meeting;
    let now = meeting.ended_at.unwrap_or_else(chrono::Utc::now);
    let md = render(&meeting, now, false, private);
    let json = render(&meeting, now, true, private);
    let written = write_output(&plan.markdown, &md, false)
        .and_then(|_| write_output(&plan.json, &json, false));
    match written {
        Ok(()) => eprintln!(
            "gavel: session {} had ended without its minutes on disk; wrote {}",
            clean_line(&info.id),
            display(&plan.markdown)
        ),
        Err(Failure::Input(e) | Failure::Runtime(e)) => eprintln!(
            "gavel: session {} ended without its minutes on disk, and they could not be written now: {}",
            clean_line(&info.id),
            clean_line(&e)
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
        "An unfinished session of this agenda exists: {} ({} entries{when}).\nResume it? [Enter: resume, n: start a fresh session, keeping the old one] ",
        clean_line(&info.id),
        info.entries
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

/// `NAME.minutes.md` and `NAME.minutes.json` beside the agenda (or in `out`).
pub fn minutes_plan(
    agenda_path: &Path,
    out: Option<&Path>,
    private: bool,
    force: bool,
) -> crate::tui::MinutesPlan {
    let stem = agenda_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "meeting".into());
    let dir = match out {
        Some(d) => d.to_path_buf(),
        None => agenda_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    crate::tui::MinutesPlan {
        markdown: dir.join(format!("{stem}.minutes.md")),
        json: dir.join(format!("{stem}.minutes.json")),
        private,
        force,
    }
}

/// What to tell the moderator once the terminal is back.
fn report_close(app: &crate::tui::App, closed: crate::tui::Closed, id: &str, agenda: &Path) {
    use crate::tui::app::Written;
    use std::io::Write;
    // After a hang-up the terminal is gone and writes fail with EIO: `println!` would panic
    // (and the panic hook would then report a crash that did not happen). Say it if we can.
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    match &app.written {
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
        let _ = writeln!(
            err,
            "gavel: stopped by a signal; everything recorded is in session {id}"
        );
    }
    if app.meeting.phase != crate::meeting::Phase::Ended {
        let _ = writeln!(
            out,
            "session {id} is kept open: `gavel run {}` resumes it, `gavel export {id}` writes its minutes",
            display(agenda)
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

/// `gavel export`: minutes from a session (an id from `gavel sessions`, a session
/// directory, or a journal file), finished or not. Journal warnings go to stderr.
pub fn export(
    data_dir: Option<PathBuf>,
    session: &str,
    output: Option<PathBuf>,
    json: bool,
    private: bool,
    force: bool,
    append: Option<PathBuf>,
) -> Result<u8, Failure> {
    let loaded = crate::session::load_for_export(data_dir, session)?;
    for w in &loaded.warnings {
        eprintln!("gavel: warning: {}", clean_line(w));
    }
    let meeting = &loaded.meeting;
    let now = meeting
        .ended_at
        .or(meeting.last_at)
        .unwrap_or_else(|| meeting.scheduled_start());
    let doc = render(meeting, now, json, private);
    write_minutes(
        meeting,
        now,
        private,
        append.as_deref(),
        output.as_deref(),
        &doc,
        force,
    )?;
    Ok(0)
}

/// `gavel sessions`: one line per session, id first, under one header line starting with
/// `ID`; unfinished sessions first.
pub fn sessions(data_dir: Option<PathBuf>) -> Result<u8, Failure> {
    use crate::session;
    let data = session::data_dir(data_dir)?;
    let list = session::list(&data)?;
    if list.is_empty() {
        eprintln!("no sessions in {}", display(&session::sessions_dir(&data)));
        return Ok(0);
    }
    let rows: Vec<[String; 5]> = list
        .iter()
        .map(|s| {
            [
                s.id.clone(),
                if s.agenda_path.is_empty() {
                    "-".into()
                } else {
                    clean_line(&s.agenda_path)
                },
                s.date.map_or("-".into(), |d| d.to_string()),
                s.state.as_str().to_string(),
                s.last_change
                    .map_or("-".into(), |t| t.format("%Y-%m-%d %H:%M").to_string()),
            ]
        })
        .collect();
    let header = ["ID", "AGENDA", "DATE", "STATE", "LAST CHANGE"].map(String::from);
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - unicode_width::UnicodeWidthStr::width(cell.as_str());
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for s in &list {
        if let Some(problem) = &s.problem {
            eprintln!("gavel: {}: {}", s.id, clean_line(problem));
        }
    }
    emit(None, &out, false)?;
    Ok(0)
}

/// `gavel next`: the next meeting's agenda from JSON minutes (or from a session: an id, a
/// session directory or a journal file), written as TOML that `gavel check` accepts, and
/// optionally as an iCalendar event.
pub fn next(
    data_dir: Option<PathBuf>,
    source: &Path,
    output: Option<PathBuf>,
    force: bool,
    ics: Option<PathBuf>,
) -> Result<u8, Failure> {
    let minutes = minutes_from(data_dir, source)?;
    if minutes.state != "ended" {
        eprintln!(
            "gavel: warning: the meeting of {} has not ended ({}); the next agenda is built from it as it stands",
            minutes.date, minutes.state
        );
    }
    let mut agenda = crate::series::agenda_from_minutes(&minutes).map_err(Failure::Input)?;
    agenda.meeting.previous_minutes = previous_minutes_path(source, output.as_deref());
    let comments = [format!(
        "The meeting after {}, from the minutes in {} (`gavel next`).",
        minutes.date,
        display(source)
    )];
    let doc = crate::series::to_toml(&agenda, &comments);
    check_generated(&doc)?;
    emit(output.as_deref(), &doc, force)?;
    if let Some(path) = &ics {
        write_ics(path, &agenda, force)?;
    }
    Ok(0)
}

/// Where the next agenda finds these minutes for `/approve`: the JSON file's path relative
/// to the agenda's directory (absolute when they share no directory). None for a session.
fn previous_minutes_path(source: &Path, agenda: Option<&Path>) -> Option<String> {
    if !source.is_file() || source.extension().is_none_or(|e| e != "json") {
        return None;
    }
    let source = source.canonicalize().ok()?;
    let dir = agenda
        .and_then(|a| a.parent())
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .unwrap_or(Path::new("."))
        .canonicalize()
        .ok()?;
    let path = source
        .strip_prefix(&dir)
        .map(Path::to_path_buf)
        .unwrap_or(source);
    path.to_str().map(str::to_string)
}

/// After a meeting that said `/approve`: marks the previous minutes approved on this
/// meeting's date. Problems are reported but do not fail the meeting's own minutes.
pub fn approve_previous(meeting: &Meeting, agenda_path: &Path) {
    let (Some(_), Some(previous)) = (
        meeting.approved_previous,
        meeting.agenda.meeting.previous_minutes.as_deref(),
    ) else {
        return;
    };
    let base = agenda_path.parent().unwrap_or(Path::new("."));
    let path = base.join(previous);
    match mark_approved(&path, Some(meeting.date()), false) {
        Ok((date, md)) => eprintln!(
            "gavel: the previous minutes are marked approved on {date}: {}, {}",
            display(&path),
            display(&md)
        ),
        Err(Failure::Input(e) | Failure::Runtime(e)) => eprintln!(
            "gavel: the previous minutes were not marked approved: {}",
            clean_line(&e)
        ),
    }
}

/// The minutes record `source` names: a JSON minutes file, or a session as `export` takes it.
fn minutes_from(data_dir: Option<PathBuf>, source: &Path) -> Result<Minutes, Failure> {
    let json_error = if source.is_file() {
        let text = read_text(source)?;
        match minutes::json::parse(&text) {
            Ok(m) => return Ok(m),
            Err(e) => Some(e),
        }
    } else {
        None
    };
    let arg = source.to_string_lossy();
    match crate::session::load_for_export(data_dir, &arg) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("gavel: warning: {}", clean_line(w));
            }
            let meeting = &loaded.meeting;
            let now = meeting
                .ended_at
                .or(meeting.last_at)
                .unwrap_or_else(|| meeting.scheduled_start());
            Ok(Minutes::build(meeting, now, Options::default()))
        }
        Err(e) => match json_error {
            Some(j) => Err(Failure::Input(format!("{}: {j}", display(source)))),
            None => Err(e.into()),
        },
    }
}

/// A generated agenda must load; if it does not, that is gavel's bug, not the user's.
fn check_generated(doc: &str) -> Result<(), Failure> {
    match agenda::parse_str(doc) {
        Ok(_) => Ok(()),
        Err(diags) => Err(Failure::Runtime(format!(
            "the generated agenda does not pass its own check (a bug in gavel):\n{}",
            diags
                .iter()
                .map(|d| d.render("next agenda"))
                .collect::<Vec<_>>()
                .join("\n")
        ))),
    }
}

fn write_ics(path: &Path, agenda: &Agenda, force: bool) -> Result<(), Failure> {
    let stamp = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now);
    let ics = crate::series::ics(agenda, stamp);
    write_guarded(path, ics.as_bytes(), force, written_ics)
}

fn written_ics(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| {
        String::from_utf8_lossy(&b[..b.len().min(512)]).contains("PRODID:-//gavel//")
    })
}

/// Writes the minutes: into the running document `append` (then nothing goes to standard
/// output), to `output`, or to standard output.
fn write_minutes(
    meeting: &Meeting,
    now: chrono::DateTime<chrono::Utc>,
    private: bool,
    append: Option<&Path>,
    output: Option<&Path>,
    doc: &str,
    force: bool,
) -> Result<(), Failure> {
    if let Some(path) = append {
        let m = Minutes::build(meeting, now, Options { private });
        crate::series::append_minutes(path, &m)?;
    }
    if output.is_some() || append.is_none() {
        emit(output, doc, force)?;
    }
    Ok(())
}

/// After `gavel run`: an ended meeting goes into the running document, if one was named.
/// False when that failed (the reason is printed).
fn append_after_run(meeting: &Meeting, private: bool, append: Option<&Path>) -> bool {
    let (Some(path), Some(end)) = (append, meeting.ended_at) else {
        return true;
    };
    if meeting.phase != crate::meeting::Phase::Ended {
        return true;
    }
    let m = Minutes::build(meeting, end, Options { private });
    match crate::series::append_minutes(path, &m) {
        Ok(()) => {
            println!("running document updated: {}", display(path));
            true
        }
        Err(Failure::Input(why) | Failure::Runtime(why)) => {
            eprintln!("gavel: running document not updated: {}", clean_line(&why));
            false
        }
    }
}

pub struct CancelArgs {
    pub agenda: PathBuf,
    pub reason: String,
    pub output: Option<PathBuf>,
    pub append: Option<PathBuf>,
    pub force: bool,
}

/// `gavel cancel`: the meeting did not take place. Its whole agenda moves to the next date
/// of the cadence; the running document, if named, records the cancellation.
pub fn cancel(args: &CancelArgs) -> Result<u8, Failure> {
    let reason = clean_line(&args.reason).trim().to_string();
    if reason.is_empty() {
        return Err(Failure::Input("--reason must not be empty".into()));
    }
    let (agenda, _) = load_agenda(&args.agenda)?;
    let next = crate::series::cancelled_next(&agenda)
        .map_err(|e| Failure::Input(format!("{}: {e}", display(&args.agenda))))?;
    let spec = &agenda.meeting;
    let comments = [
        format!("The meeting of {} was cancelled: {reason}", spec.date),
        format!(
            "Its agenda ({}) moves to {} (`gavel cancel`).",
            display(&args.agenda),
            next.meeting.date
        ),
    ];
    let doc = crate::series::to_toml(&next, &comments);
    check_generated(&doc)?;
    if let Some(path) = &args.append {
        crate::series::append_to_running_document(
            path,
            &crate::series::cancelled_section(spec.date, &reason, Some(next.meeting.date)),
            &crate::series::meeting_key(spec.series.as_deref(), &spec.title, spec.date),
            &crate::series::standing_header(&spec.title, spec.link.as_deref(), &spec.info),
        )?;
    }
    emit(args.output.as_deref(), &doc, args.force)?;
    Ok(0)
}

/// `gavel actions DIR`: the open actions of a series, by owner, as a Markdown table.
pub fn actions(dir: &Path) -> Result<u8, Failure> {
    emit(
        None,
        &crate::series::actions_report(&minutes_in(dir)?),
        false,
    )?;
    Ok(0)
}

/// Every minutes record in `dir`.
fn minutes_in(dir: &Path) -> Result<Vec<Minutes>, Failure> {
    Ok(crate::series::read_minutes_dir(dir)?
        .into_iter()
        .map(|(_, m)| m)
        .collect())
}

/// `gavel attendance DIR`: who came to which meeting, as a Markdown table.
pub fn attendance(dir: &Path) -> Result<u8, Failure> {
    emit(
        None,
        &crate::series::attendance_report(&minutes_in(dir)?),
        false,
    )?;
    Ok(0)
}

/// `gavel approve`: marks JSON minutes approved on `date` (today when not given) and
/// rewrites them and the Markdown beside them (`NAME.minutes.md`) from the record.
pub fn approve(path: &Path, date: Option<chrono::NaiveDate>, force: bool) -> Result<u8, Failure> {
    let (approved, md_path) = mark_approved(path, date, force)?;
    println!(
        "approved on {approved}: {}, {}",
        display(path),
        display(&md_path)
    );
    Ok(0)
}

/// Rewrites the JSON minutes at `path` and the Markdown beside it as approved on `date`
/// (today when None). Returns the date and the Markdown's path.
fn mark_approved(
    path: &Path,
    date: Option<chrono::NaiveDate>,
    force: bool,
) -> Result<(chrono::NaiveDate, PathBuf), Failure> {
    let text = read_text(path)?;
    let mut m = minutes::json::parse(&text)
        .map_err(|e| Failure::Input(format!("{}: {e}", display(path))))?;
    m.approved = Some(date.unwrap_or_else(|| chrono::Local::now().date_naive()));
    let md_path = path.with_extension("md");
    if !force && md_path.exists() && !written_by_gavel(&md_path) {
        return Err(Failure::Input(format!(
            "{}: exists and was not written by gavel; use --force to overwrite it",
            display(&md_path)
        )));
    }
    let md = format!("{MD_MARKER}\n{}\n", minutes::markdown::render(&m));
    write_output(path, &minutes::json::render(&m), force)?;
    write_output(&md_path, &md, force)?;
    Ok((m.approved.unwrap_or_default(), md_path))
}

/// `gavel purge-private SESSION`: says what it removed.
pub fn purge_private(data_dir: Option<PathBuf>, id: &str) -> Result<u8, Failure> {
    let data = crate::session::data_dir(data_dir)?;
    let report = crate::session::purge_private(&data, id)?;
    println!("session {}: {}", clean_line(id), report.describe());
    Ok(0)
}
