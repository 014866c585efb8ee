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

/// The documents read, each as (shown name, text), and notes for standard error.
pub type Inputs = (Vec<(String, String)>, Vec<String>);

/// The documents to read, in order: files as named, a directory's `.md`/`.txt` files
/// (any case) sorted by name. Each as (shown name, text), and notes for standard error. An
/// unreadable one is bad input. A symbolic link in a directory is read only when it stays
/// inside that directory; one that leads out of it is skipped and said.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Inputs, Failure> {
    let mut files = Vec::new();
    let mut notes = Vec::new();
    for p in paths {
        if p.is_dir() {
            files.extend(directory_inputs(p, &mut notes)?);
        } else {
            files.push(p.clone());
        }
    }
    let mut out = Vec::new();
    for f in files {
        let text = crate::output::read_input(&f, crate::output::DOCUMENT)?;
        out.push((display(&f), text));
    }
    Ok((out, notes))
}

/// Files that stand beside minutes in a folder and are none: its README, a licence, the
/// template each meeting's notes are copied from.
fn not_minutes(path: &Path) -> Option<&'static str> {
    let stem = path.file_stem()?.to_string_lossy().to_ascii_lowercase();
    let stem = stem.trim_start_matches(['_', '.']);
    [
        ("readme", "a README"),
        ("license", "a licence"),
        ("licence", "a licence"),
        ("copying", "a licence"),
        ("contributing", "a guide for contributors"),
        ("code_of_conduct", "a code of conduct"),
        ("code-of-conduct", "a code of conduct"),
        ("changelog", "a change log"),
        ("security", "a security policy"),
        ("template", "a template"),
        ("meeting-template", "a template"),
        ("meeting_template", "a template"),
        ("agenda-template", "a template"),
    ]
    .iter()
    .find(|(name, _)| stem == *name)
    .map(|(_, what)| *what)
}

fn directory_inputs(p: &Path, notes: &mut Vec<String>) -> Result<Vec<PathBuf>, Failure> {
    let bad = |e: &std::io::Error| Failure::Input(format!("{}: {}", display(p), io_reason(e)));
    let root = std::fs::canonicalize(p).map_err(|e| bad(&e))?;
    let mut inside: Vec<PathBuf> = Vec::new();
    collect_inputs(p, &root, 0, &mut inside, notes)?;
    inside.sort();
    if inside.is_empty() {
        return Err(Failure::Input(format!(
            "{}: no minutes to import here (gavel reads the .md, .markdown and .txt files of a directory and its folders)",
            display(p)
        )));
    }
    Ok(inside)
}

/// Folders below an input directory read for minutes ("meetings/2025/06-18.md").
const FOLDER_DEPTH: usize = 4;

/// The minutes files of `dir` and of its folders, `depth` folders below the input
/// directory; hidden folders and links out of `root` are not followed.
fn collect_inputs(
    dir: &Path,
    root: &Path,
    depth: usize,
    inside: &mut Vec<PathBuf>,
    notes: &mut Vec<String>,
) -> Result<(), Failure> {
    let p = dir;
    let bad = |e: &std::io::Error| Failure::Input(format!("{}: {}", display(p), io_reason(e)));
    let entries = std::fs::read_dir(p).map_err(|e| bad(&e))?;
    for e in entries {
        let e = e.map_err(|e| bad(&e))?;
        let path = e.path();
        let kind = e.file_type().map_err(|e| bad(&e))?;
        if kind.is_dir() {
            let hidden = e.file_name().to_string_lossy().starts_with('.');
            if !hidden && depth < FOLDER_DEPTH {
                collect_inputs(&path, root, depth + 1, inside, notes)?;
            }
            continue;
        }
        if !readable(&path) {
            continue;
        }
        if kind.is_symlink() {
            match std::fs::canonicalize(&path) {
                Ok(target) if target.starts_with(root) && target.is_file() => {}
                Ok(target) => {
                    notes.push(format!(
                        "{}: a symbolic link to {}, outside {}; not read",
                        display(&path),
                        display(&target),
                        display(p)
                    ));
                    continue;
                }
                Err(err) => {
                    notes.push(format!("{}: {}; not read", display(&path), io_reason(&err)));
                    continue;
                }
            }
        } else if !kind.is_file() {
            continue;
        }
        if let Some(what) = not_minutes(&path) {
            notes.push(format!(
                "{}: {what}, not minutes; not read (name the file to import it)",
                display(&path)
            ));
            continue;
        }
        inside.push(path);
    }
    Ok(())
}

/// The file name of each minutes: `DATE.minutes.json`, then `DATE-2.minutes.json`, ...
/// (linear: a count per date, and the names taken).
pub fn file_names(minutes: &[Minutes]) -> Vec<String> {
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut next: std::collections::HashMap<chrono::NaiveDate, usize> =
        std::collections::HashMap::new();
    let mut names: Vec<String> = Vec::with_capacity(minutes.len());
    for m in minutes {
        let n = next.entry(m.date).or_insert(1);
        let mut name = if *n == 1 {
            format!("{}.minutes.json", m.date)
        } else {
            format!("{}-{n}.minutes.json", m.date)
        };
        while taken.contains(&name) {
            *n += 1;
            name = format!("{}-{n}.minutes.json", m.date);
        }
        *n += 1;
        taken.insert(name.clone());
        names.push(name);
    }
    names
}

/// Writes each meeting's JSON minutes into `dir` (created if needed). Returns the paths.
/// Every file is checked before any is written, so a refusal writes nothing; the files are
/// then written together, with one wait for the disk (10,000 meetings in seconds).
pub fn write_minutes(
    dir: &Path,
    minutes: &[Minutes],
    force: bool,
) -> Result<Vec<PathBuf>, Failure> {
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::input_at(dir, "is not a directory"));
    }
    std::fs::create_dir_all(dir).map_err(|e| Failure::cannot_write(dir, &e))?;
    let paths: Vec<PathBuf> = file_names(minutes)
        .into_iter()
        .map(|name| dir.join(name))
        .collect();
    for path in &paths {
        // A link planted in the output directory would send the write elsewhere (with
        // --force, over any file): never written through.
        if std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink()) {
            return Err(Failure::input_at(
                path,
                "is a symbolic link; gavel import writes no minutes through a link (remove it)",
            ));
        }
        crate::output::check_replaceable(path, force)?;
    }
    crate::fsutil::write_atomic_many(&paths, 0o666, |i, out| {
        out.write_all(json::render(&minutes[i]).as_bytes())
    })
    .map_err(|(path, e)| Failure::cannot_write(&path, &e))?;
    Ok(paths)
}
