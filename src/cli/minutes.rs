//! The subcommands that write minutes: `gavel replay`, `gavel export`, `gavel approve`.

use super::load_agenda;
use crate::error::{display, Failure};
use crate::meeting::Meeting;
use crate::minutes::{self, Format, Minutes, Options};
use crate::output::{self, emit, write_output, TRANSCRIPT};
use crate::text::clean_line;
use crate::transcript;
use std::path::{Path, PathBuf};

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
    let unreadable = |reason| Failure::input_at(&args.transcript, reason);
    let mut lines = output::text_lines(&args.transcript, TRANSCRIPT).map_err(unreadable)?;
    let mut meeting = Meeting::new(agenda);
    // `/attendance FILE` reads the report beside the transcript.
    let beside = args.transcript.parent().unwrap_or(Path::new(""));
    let refused = transcript::run_lines_in(&mut meeting, &mut lines, Some(beside));
    lines.finish().map_err(unreadable)?;
    let shown = display(&args.transcript);
    for r in &refused {
        eprintln!("{shown}:{}: {}", r.line, clean_line(&r.reason));
    }
    write_minutes(
        &meeting,
        format_of(args.json),
        args.private,
        args.append.as_deref(),
        args.output.as_deref(),
        args.force,
    )?;
    approve_previous(&meeting, &args.agenda);
    leave(meeting);
    if !refused.is_empty() {
        eprintln!(
            "gavel: {} line{} of {shown} refused (listed above); the minutes were written without them",
            refused.len(),
            if refused.len() == 1 { "" } else { "s" }
        );
    }
    Ok(if refused.is_empty() { 0 } else { 2 })
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
    if let Some(m) = minutes_record(session)? {
        return export_record(
            &m,
            output.as_deref(),
            json,
            private,
            force,
            append.as_deref(),
        );
    }
    let loaded = crate::session::load_for_export(data_dir, session)?;
    for w in &loaded.warnings {
        eprintln!("gavel: warning: {}", clean_line(w));
    }
    write_minutes(
        &loaded.meeting,
        format_of(json),
        private,
        append.as_deref(),
        output.as_deref(),
        force,
    )?;
    leave(loaded);
    Ok(0)
}

/// Lets go of what a command read without freeing it piece by piece: the process ends
/// once the minutes are written, and freeing a long meeting's entries one by one only
/// costs time (a tenth of replaying 10,000 notes).
fn leave<T>(read: T) {
    std::mem::forget(read);
}

/// A minutes record named instead of a session (`2026-03-04.minutes.json`, as `gavel
/// import` and `--json` write): read, or None when `arg` is not a JSON file.
fn minutes_record(arg: &str) -> Result<Option<Minutes>, Failure> {
    let path = Path::new(arg);
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !json || !path.is_file() {
        return Ok(None);
    }
    let text = output::read_input(path, output::MINUTES)?;
    minutes::json::parse(&text)
        .map(Some)
        .map_err(|e| Failure::Input(format!("{}: {}", display(path), clean_line(&e))))
}

/// `gavel export X.minutes.json`: the record rendered as Markdown (or JSON again), to
/// `output`, standard output, or into the running document `append`.
fn export_record(
    m: &Minutes,
    output: Option<&Path>,
    json: bool,
    private: bool,
    force: bool,
    append: Option<&Path>,
) -> Result<u8, Failure> {
    let has_private = m.actions.iter().any(|a| a.private)
        || m.items
            .iter()
            .flat_map(|i| &i.entries)
            .any(minutes::EntryRecord::is_private);
    if has_private && !private {
        return Err(Failure::Input(
            "these minutes hold private entries; add --private to export them".into(),
        ));
    }
    if let Some(path) = append {
        crate::series::append_minutes(path, m)?;
    }
    if output.is_some() || append.is_none() {
        let doc = if json {
            minutes::json::render(m)
        } else {
            minutes::markdown::render(m)
        };
        match output {
            Some(path) if private => output::write_private_output(path, &doc, force)?,
            _ => emit(output, &doc, force)?,
        }
    }
    Ok(0)
}

/// Writes the minutes: into the running document `append` (then nothing goes to standard
/// output), to `output`, or to standard output. The Markdown is written from the meeting as
/// it is made, never whole in memory.
fn write_minutes(
    meeting: &Meeting,
    format: Format,
    private: bool,
    append: Option<&Path>,
    output: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    let now = meeting.minutes_time();
    let options = Options { private };
    if let Some(path) = append {
        let m = Minutes::build(meeting, now, options);
        crate::series::append_minutes(path, &m)?;
    }
    if output.is_some() || append.is_none() {
        // Minutes with private entries are the owner's alone.
        match format {
            Format::Markdown => output::emit_with(output, force, private, |out| {
                minutes::markdown::write_meeting(meeting, now, options, out)
            })?,
            Format::Json => {
                let doc = minutes::document(meeting, now, format, options);
                output::emit_with(output, force, private, |out| out.write_all(doc.as_bytes()))?;
            }
        }
    }
    Ok(())
}

/// After a meeting that said `/approve`: marks the previous minutes approved on this
/// meeting's date. Problems are reported but do not fail the meeting's own minutes.
pub fn approve_previous(meeting: &Meeting, agenda_path: &Path) {
    let (Some(_), Some(previous)) = (
        meeting.approved_previous(),
        meeting.agenda().meeting.previous_minutes.as_deref(),
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
        Err(e) => eprintln!(
            "gavel: the previous minutes were not marked approved: {}",
            clean_line(e.message())
        ),
    }
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
    let text = output::read_input(path, output::MINUTES)?;
    let mut m = minutes::json::parse(&text)
        .map_err(|e| Failure::Input(format!("{}: {e}", display(path))))?;
    m.approved = Some(date.unwrap_or_else(|| chrono::Local::now().date_naive()));
    let md_path = path.with_extension("md");
    output::refuse_unless_ours(&md_path, force)?;
    output::refuse_if_edited(&md_path, force)?;
    write_output(path, &m.document(Format::Json), force)?;
    write_output(&md_path, &m.document(Format::Markdown), force)?;
    Ok((m.approved.unwrap_or_default(), md_path))
}

/// `--format json` (true) or Markdown.
fn format_of(json: bool) -> Format {
    if json {
        Format::Json
    } else {
        Format::Markdown
    }
}
