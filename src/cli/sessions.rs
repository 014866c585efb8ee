//! `gavel sessions` and `gavel purge-private`.

use crate::error::{display, Failure};
use crate::output::emit;
use crate::text::clean_line;
use std::path::PathBuf;

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

/// `gavel purge-private SESSION`: says what it removed.
pub fn purge_private(data_dir: Option<PathBuf>, id: &str) -> Result<u8, Failure> {
    let data = crate::session::data_dir(data_dir)?;
    let report = crate::session::purge_private(&data, id)?;
    println!("session {}: {}", clean_line(id), report.describe());
    Ok(0)
}
