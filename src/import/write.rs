//! The files `gavel import` reads and writes: the documents named on the command line (a
//! directory stands for its Markdown and text files), one `DATE.minutes.json` per meeting
//! (`DATE-2.minutes.json` for a second meeting on one date), and the next agenda.

use crate::error::{display, io_reason, Failure};
use crate::minutes::{json, Minutes};
use std::path::{Path, PathBuf};

/// Extensions read from a directory, compared without case (`.MD`, `.Txt`).
const EXTENSIONS: [&str; 5] = ["md", "markdown", "txt", "text", "mdown"];

fn readable(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The documents to read, in order: files as named, a directory's `.md`/`.txt` files
/// (any case) sorted by name. Each as (shown name, text). An unreadable one is bad input.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Vec<(String, String)>, Failure> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let entries = std::fs::read_dir(p)
                .map_err(|e| Failure::Input(format!("{}: {}", display(p), io_reason(&e))))?;
            let mut inside: Vec<PathBuf> = Vec::new();
            for e in entries {
                let e =
                    e.map_err(|e| Failure::Input(format!("{}: {}", display(p), io_reason(&e))))?;
                let path = e.path();
                if path.is_file() && readable(&path) {
                    inside.push(path);
                }
            }
            inside.sort();
            if inside.is_empty() {
                return Err(Failure::Input(format!(
                    "{}: no minutes to import here (gavel reads the .md, .markdown and .txt files of a directory)",
                    display(p)
                )));
            }
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    let mut out = Vec::new();
    for f in files {
        let text = crate::output::read_input(&f, crate::output::DOCUMENT)?;
        out.push((display(&f), text));
    }
    Ok(out)
}

/// The file name of each minutes: `DATE.minutes.json`, then `DATE-2.minutes.json`, ...
pub fn file_names(minutes: &[Minutes]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for m in minutes {
        let mut name = format!("{}.minutes.json", m.date);
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{}-{n}.minutes.json", m.date);
            n += 1;
        }
        names.push(name);
    }
    names
}

/// Writes each meeting's JSON minutes into `dir` (created if needed). Returns the paths.
pub fn write_minutes(
    dir: &Path,
    minutes: &[Minutes],
    force: bool,
) -> Result<Vec<PathBuf>, Failure> {
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::input_at(dir, "is not a directory"));
    }
    std::fs::create_dir_all(dir).map_err(|e| Failure::cannot_write(dir, &e))?;
    let mut written = Vec::new();
    for (m, name) in minutes.iter().zip(file_names(minutes)) {
        let path = dir.join(name);
        crate::output::write_output(&path, &json::render(m), force)?;
        written.push(path);
    }
    Ok(written)
}
