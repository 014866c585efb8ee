//! `gavel import`: past minutes into JSON minutes; `gavel attendance import`: a call's
//! participant report against an agenda's roster.

use crate::error::{display, Failure};
use crate::import::{self, write};
use crate::minutes::Minutes;
use std::path::PathBuf;

/// What `gavel import` was asked.
#[derive(Debug, Clone, Default)]
pub struct ImportArgs {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub agenda: Option<PathBuf>,
    pub cadence: Option<String>,
    pub title: Option<String>,
    pub force: bool,
}

/// `gavel import FILE|DIR... --out DIR [--agenda NEXT.toml]`.
pub fn import(args: &ImportArgs) -> Result<u8, Failure> {
    if let Some(c) = &args.cadence {
        crate::agenda::parse_cadence(c).map_err(|e| Failure::Input(format!("--cadence: {e}")))?;
    }
    let (files, notes) = write::read_inputs(&args.inputs)?;
    for note in &notes {
        eprintln!("gavel: {}", crate::text::clean_line(note));
    }
    let opts = import::Options {
        cadence: args.cadence.clone(),
        title: args.title.clone(),
    };
    let result = import::import_texts(&files, &opts);
    for msg in &result.messages {
        eprintln!("{}", crate::text::clean_line(msg));
    }
    let written = write::write_minutes(&args.out, &result.minutes, args.force)?;
    for s in &result.summaries {
        let cancelled = if s.cancelled > 0 {
            format!(" ({} cancelled, not written)", s.cancelled)
        } else {
            String::new()
        };
        eprintln!(
            "{}: {}{cancelled}, {}, {}, {} recognised; {} kept as text",
            s.file,
            counted(s.meetings, "meeting", "meetings"),
            counted(s.people, "person", "people"),
            counted(s.actions, "action", "actions"),
            counted(s.items, "item", "items"),
            counted(s.kept, "line", "lines"),
        );
    }
    for (kept, other) in &result.merged {
        eprintln!(
            "gavel: \"{}\" and \"{}\" taken as one person, {} (the names differ by one letter and are never in one meeting)",
            crate::text::clean_line(kept),
            crate::text::clean_line(other),
            crate::text::clean_line(kept)
        );
    }
    eprintln!(
        "gavel: {} minutes written to {}; {} people on the roster",
        written.len(),
        display(&args.out),
        result.roster.people.len()
    );
    if let Some(path) = &args.agenda {
        let Some(last) = result.minutes.last() else {
            return Err(Failure::Input(
                "no meeting was imported, so there is no next agenda to write".into(),
            ));
        };
        // The minutes are written: an agenda that cannot be made is said, not a failure
        // of the whole import.
        match next_agenda(last) {
            Ok((doc, items)) => {
                crate::output::write_output(path, &doc, args.force)?;
                eprintln!("gavel: the next agenda is in {}", display(path));
                if items == 0 {
                    eprintln!(
                        "gavel: the next agenda has no items: every imported item was covered and none recurs across the meetings; add the next meeting's items to {}",
                        display(path)
                    );
                }
            }
            Err(e) => eprintln!(
                "gavel: no next agenda written: {} (the minutes are written; pass --cadence, e.g. --cadence 2w)",
                clean(e.message())
            ),
        }
    }
    Ok(0)
}

/// What `gavel attendance import` was asked.
#[derive(Debug, Clone, Default)]
pub struct AttendanceImportArgs {
    pub report: PathBuf,
    pub agenda: PathBuf,
    pub output: Option<PathBuf>,
    pub force: bool,
}

/// `gavel attendance import REPORT --agenda AGENDA.toml [-o FILE]`: the call's participant
/// report matched to the agenda's roster. The matches and the participants not matched go to
/// standard error; the transcript of `/present` and `/left` lines (for `gavel replay`, or to
/// paste into the capture line) to standard output or FILE.
pub fn attendance_import(args: &AttendanceImportArgs) -> Result<u8, Failure> {
    use crate::import::reports;
    let (agenda, _) = super::load_agenda(&args.agenda)?;
    let shown = display(&args.report);
    let report =
        reports::read_file(&args.report).map_err(|e| Failure::Input(format!("{shown}: {e}")))?;
    let matched = reports::match_roster(&report, &agenda.people);
    let span = |p: &reports::Participant| {
        let t = |x: Option<chrono::NaiveTime>| {
            x.map_or("?".to_string(), |t| t.format("%H:%M").to_string())
        };
        format!("{}–{}", t(p.joined), t(p.left))
    };
    eprintln!(
        "{shown}: {} report, {} participants: {} matched to the roster, {} not matched",
        report.vendor.name(),
        report.participants.len(),
        matched.matched.len(),
        matched.unmatched.len()
    );
    for (name, p) in &matched.matched {
        let twice = if p.rows > 1 {
            format!(", {} connections", p.rows)
        } else {
            String::new()
        };
        eprintln!("  {name} = \"{}\" ({}{twice})", clean(&p.name), span(p));
    }
    for p in &matched.unmatched {
        eprintln!(
            "  {shown}:{}: not on the roster: \"{}\" ({}) — add them with /guest, or rename them in the call",
            p.line,
            clean(&p.name),
            span(p)
        );
    }
    let text = reports::transcript(&matched, agenda.meeting.start, reports::call_end(&report));
    crate::output::emit(args.output.as_deref(), &text, args.force)?;
    Ok(0)
}

/// "1 item", "2 items".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn clean(s: &str) -> String {
    crate::text::clean_line(s)
}

/// The next meeting's agenda from the last imported meeting, as TOML that `gavel check`
/// accepts.
fn next_agenda(last: &Minutes) -> Result<(String, usize), Failure> {
    let agenda = crate::series::agenda_from_minutes(last).map_err(Failure::Input)?;
    let comments = [format!(
        "The meeting after {}, from minutes imported from {} (`gavel import --agenda`).",
        last.date,
        last.imported
            .as_ref()
            .map_or_else(String::new, |i| i.source.clone())
    )];
    let doc = crate::agenda::to_toml(&agenda, &comments);
    super::series::check_generated(&doc)?;
    Ok((doc, agenda.items.len()))
}
