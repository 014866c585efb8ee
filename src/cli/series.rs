//! The subcommands of a series of meetings: `gavel next`, `gavel cancel`, `gavel actions`,
//! `gavel attendance`.

use super::load_agenda;
use crate::agenda::{self, Agenda};
use crate::error::{display, Failure};
use crate::minutes::{self, Minutes, Options};
use crate::output::{emit, write_guarded, written_ics};
use crate::text::clean_line;
use std::path::{Path, PathBuf};

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
    let doc = crate::agenda::to_toml(&agenda, &comments);
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
    relative_path(&source, &dir)
        .unwrap_or(source)
        .to_str()
        .map(str::to_string)
}

/// `path` as seen from the directory `base` (both absolute): `../minutes/a.json`, so that
/// an agenda and the minutes it names can move together (a repository checked out
/// elsewhere). None when they share no root.
fn relative_path(path: &Path, base: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let shared = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if shared == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in shared..base.len() {
        out.push("..");
    }
    for part in &path[shared..] {
        out.push(part);
    }
    Some(out)
}

/// The minutes record `source` names: a JSON minutes file, or a session as `export` takes it.
pub(super) fn minutes_from(data_dir: Option<PathBuf>, source: &Path) -> Result<Minutes, Failure> {
    let json_error = if source.is_file() {
        let text = crate::output::read_input(source, crate::output::MINUTES)?;
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
            Ok(Minutes::build(
                meeting,
                meeting.minutes_time(),
                Options::default(),
            ))
        }
        Err(e) => match json_error {
            Some(j) => Err(Failure::Input(format!("{}: {j}", display(source)))),
            None => Err(e.into()),
        },
    }
}

/// A generated agenda must load; if it does not, that is gavel's bug, not the user's.
pub(super) fn check_generated(doc: &str) -> Result<(), Failure> {
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
    let doc = crate::agenda::to_toml(&next, &comments);
    check_generated(&doc)?;
    if let Some(path) = &args.append {
        crate::series::append_to_running_document(
            path,
            &crate::series::cancelled_section(spec.date, &reason, Some(next.meeting.date)),
            &crate::series::meeting_key(spec.series.as_deref(), &spec.title, spec.date, spec.start),
            &crate::series::standing_header(&spec.title, spec.link.as_deref(), &spec.info),
            |key, text| {
                key == crate::series::legacy_key(spec.series.as_deref(), &spec.title, spec.date)
                    && text.contains("**Cancelled:**")
            },
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

/// Every minutes record in `dir`. Minutes of more than one series are reported together,
/// so the user is warned that the report mixes them.
fn minutes_in(dir: &Path) -> Result<Vec<Minutes>, Failure> {
    let minutes: Vec<Minutes> = crate::series::read_minutes_dir(dir)?
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    let mut series: Vec<&str> = minutes
        .iter()
        .map(|m| m.series.as_deref().unwrap_or(&m.title))
        .collect();
    series.sort_unstable();
    series.dedup();
    if series.len() > 1 {
        eprintln!(
            "gavel: warning: {} holds the minutes of {} different series ({}); this report \
             mixes them: keep each series in a directory of its own",
            display(dir),
            series.len(),
            clean_line(&series.join(", "))
        );
    }
    Ok(minutes)
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

#[cfg(test)]
mod tests {
    use super::relative_path;
    use std::path::{Path, PathBuf};

    #[test]
    fn the_previous_minutes_are_named_relative_to_the_agenda() {
        let rel = |p: &str, b: &str| relative_path(Path::new(p), Path::new(b));
        assert_eq!(
            rel("/r/minutes/a.json", "/r/agendas"),
            Some(PathBuf::from("../minutes/a.json"))
        );
        assert_eq!(rel("/r/a.json", "/r"), Some(PathBuf::from("a.json")));
        assert_eq!(
            rel("/r/x/y/a.json", "/r/p/q"),
            Some(PathBuf::from("../../x/y/a.json"))
        );
    }
}
