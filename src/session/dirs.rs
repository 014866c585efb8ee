//! Where sessions live and what they are called: trusted directories only, ids that never
//! name a path outside the sessions directory, and a new session's directory.

use super::*;

/// A session id is what gavel makes: letters, digits, '-', '_' and '.', not starting with
/// '.'; so an id can never name a path outside the sessions directory.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The data directory and its `sessions` directory must be this user's alone: a session
/// planted by someone else must never be resumed, nor a private note written where others
/// can read it.
pub(super) fn check_trusted(data_dir: &Path) -> Result<(), SessionError> {
    for dir in [data_dir.to_path_buf(), sessions_dir(data_dir)] {
        check_own_dir(&dir).map_err(|why| untrusted(&dir, &why))?;
    }
    Ok(())
}

pub(super) fn untrusted(dir: &Path, why: &str) -> SessionError {
    SessionError::Input(format!(
        "{}: {why}; gavel keeps sessions only where no one else can write",
        crate::error::display(dir)
    ))
}

/// True when `dir` is a session directory this user alone controls, inside a trusted data
/// directory: the only sessions whose contents may name an agenda or be resumed.
pub(super) fn is_trusted_session(data_dir: &Path, dir: &Path) -> bool {
    check_trusted(data_dir).is_ok() && check_own_dir(dir).is_ok()
}

pub(super) fn session_dir(data_dir: &Path, id: &str) -> Result<PathBuf, SessionError> {
    let dir = sessions_dir(data_dir).join(id);
    if !is_valid_id(id) || !dir.is_dir() {
        return Err(SessionError::Input(format!(
            "no session `{}` in {} (see `gavel sessions`)",
            clean_line(id),
            crate::error::display(&sessions_dir(data_dir))
        )));
    }
    Ok(dir)
}

/// `2026-03-04-widget-sc`: the meeting date and the series (else the agenda's file name,
/// else its title) made into a slug.
pub fn id_base(agenda: &Agenda, agenda_path: &Path) -> String {
    let name = agenda
        .meeting
        .series
        .clone()
        .filter(|s| !slug(s).is_empty())
        .or_else(|| {
            agenda_path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !slug(s).is_empty())
        })
        .unwrap_or_else(|| agenda.meeting.title.clone());
    let mut s = slug(&name);
    if s.is_empty() {
        s = "meeting".into();
    }
    format!("{}-{s}", agenda.meeting.date.format("%Y-%m-%d"))
}

pub(super) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

pub(super) fn make_unique_dir(
    sessions: &Path,
    base: &str,
) -> Result<(String, PathBuf), SessionError> {
    for n in 1..10_000 {
        let id = if n == 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        let dir = sessions.join(&id);
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        match builder.create(&dir) {
            Ok(()) => return Ok((id, dir)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error(&dir, &e)),
        }
    }
    Err(SessionError::Io(format!(
        "too many sessions named {base} in {}",
        crate::error::display(sessions)
    )))
}

/// The agenda path as stored in meta.json and compared by [`find_unfinished`].
pub fn canonical_string(path: &Path) -> String {
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(path))
                .unwrap_or_else(|_| path.to_path_buf())
        }
    });
    absolute.to_string_lossy().into_owned()
}
