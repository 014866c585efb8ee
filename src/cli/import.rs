//! `gavel import`: past minutes into JSON minutes; `gavel attendance import`: a call's
//! participant report against an agenda's roster.

use crate::error::{display, Failure};
use crate::import::{self, write};
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
    let files = write::read_inputs(&args.inputs)?;
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
            "{}: {} meeting{}{cancelled}, {} people, {} actions, {} items recognised; {} line{} kept as text",
            s.file,
            s.meetings,
            if s.meetings == 1 { "" } else { "s" },
            s.people,
            s.actions,
            s.items,
            s.kept,
            if s.kept == 1 { "" } else { "s" },
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
        let doc = write::next_agenda(last)?;
        crate::output::write_output(path, &doc, args.force)?;
        eprintln!("gavel: the next agenda is in {}", display(path));
    }
    Ok(0)
}
