//! The sessions there are (`gavel sessions`), and the ones of one agenda (`gavel run`).

use super::*;

/// A session's state, as `gavel sessions` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    Unfinished,
    Ended,
    /// Its journal or meta could not be read (see [`SessionInfo::problem`]).
    Unreadable,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Unfinished => "unfinished",
            State::Ended => "ended",
            State::Unreadable => "unreadable",
        }
    }
}

/// One line of `gavel sessions`.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub id: String,
    pub dir: PathBuf,
    pub agenda_path: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub state: State,
    /// Recorded events (Undo included).
    pub entries: usize,
    /// When the journal or the draft was last written.
    pub last_change: Option<DateTime<Local>>,
    pub problem: Option<String>,
}

/// Every session under `data_dir`: unfinished first, then ended, then unreadable; the most
/// recently changed first within each group. A missing sessions directory is no sessions.
pub fn list(data_dir: &Path) -> Result<Vec<SessionInfo>, SessionError> {
    let sessions = sessions_dir(data_dir);
    let entries = match fs::read_dir(&sessions) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&sessions, &e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error(&sessions, &e))?;
        let dir = entry.path();
        let Some(id) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !is_valid_id(&id) || !dir.is_dir() || !dir.join(META).exists() {
            continue;
        }
        out.push(info(&id, &dir));
    }
    out.sort_by(|a, b| {
        a.state
            .cmp(&b.state)
            .then(b.last_change.cmp(&a.last_change))
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

pub(super) fn info(id: &str, dir: &Path) -> SessionInfo {
    info_read(id, dir).0
}

/// [`info`], with the read it was made from (None when the session could not be read).
pub(super) fn info_read(id: &str, dir: &Path) -> (SessionInfo, Option<Loaded>) {
    let mut info = SessionInfo {
        id: id.to_string(),
        dir: dir.to_path_buf(),
        agenda_path: String::new(),
        title: String::new(),
        date: None,
        state: State::Unreadable,
        entries: 0,
        last_change: last_change(dir),
        problem: None,
    };
    match read_meta(dir) {
        Ok(Some(meta)) => {
            info.agenda_path = meta.agenda_path;
            info.title = meta.title;
            info.date = meta.date;
        }
        Ok(None) => {}
        Err(e) => {
            info.problem = Some(e.to_string());
            return (info, None);
        }
    }
    match load_dir(dir) {
        Ok(loaded) => {
            info.date = Some(loaded.agenda.meeting.date);
            info.title = loaded.agenda.meeting.title.clone();
            info.entries = loaded.recorded;
            info.state = if loaded.meeting.phase() == Phase::Ended {
                State::Ended
            } else {
                State::Unfinished
            };
            (info, Some(loaded))
        }
        Err(e) => {
            info.problem = Some(e.to_string());
            (info, None)
        }
    }
}

pub(super) fn last_change(dir: &Path) -> Option<DateTime<Local>> {
    let mut paths = vec![dir.join(DRAFT), dir.join(META)];
    if let Ok(Some((_, p))) = journal::newest_segment(dir) {
        paths.push(p);
    }
    paths
        .iter()
        .filter_map(|p| fs::metadata(p).and_then(|m| m.modified()).ok())
        .max()
        .map(DateTime::<Local>::from)
}

/// The most recently changed unfinished session started from the agenda at `agenda_path`
/// (compared as absolute paths with symlinks resolved).
/// Only the sessions of that agenda are replayed, so this stays quick with many sessions.
pub fn find_unfinished(data_dir: &Path, agenda_path: &Path) -> Option<SessionInfo> {
    latest_of_agenda(data_dir, agenda_path, State::Unfinished)
}

/// The most recently changed session of `agenda_path` in `state`.
pub fn latest_of_agenda(data_dir: &Path, agenda_path: &Path, state: State) -> Option<SessionInfo> {
    sessions_of_agenda(data_dir, agenda_path)
        .into_iter()
        .map(|(id, dir, _)| info(&id, &dir))
        .filter(|s| s.state == state)
        .max_by(|a, b| a.last_change.cmp(&b.last_change).then(b.id.cmp(&a.id)))
}

/// The sessions (id, directory, last change) started from the agenda at `agenda_path`, in
/// trusted directories, read from their meta.json alone: the most recently changed first.
pub(super) fn sessions_of_agenda(
    data_dir: &Path,
    agenda_path: &Path,
) -> Vec<(String, PathBuf, Option<DateTime<Local>>)> {
    let wanted = canonical_string(agenda_path);
    let Ok(entries) = fs::read_dir(sessions_dir(data_dir)) else {
        return Vec::new();
    };
    let mut found: Vec<_> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let id = entry.file_name().to_str()?.to_string();
            let dir = entry.path();
            if !is_trusted_session(data_dir, &dir) {
                return None;
            }
            let meta = read_meta(&dir).ok()??;
            let changed = last_change(&dir);
            (is_valid_id(&id) && meta.agenda_path == wanted).then_some((id, dir, changed))
        })
        .collect();
    found.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    found
}

/// What `gavel run` needs of an agenda's sessions at its start: the most recently changed
/// unfinished one (to offer for resuming, read and ready for [`Session::resume`]) and the
/// most recently changed ended one (whose minutes a crash may have kept from the disk).
#[derive(Debug, Default)]
pub struct OfAgenda {
    pub unfinished: Option<(SessionInfo, Loaded)>,
    pub ended: Option<(SessionInfo, Loaded)>,
}

/// [`find_unfinished`] and [`latest_of_agenda`] (ended) at once, reading each session at
/// most once: newest first, and no further than the first of each state. A long meeting's
/// journal is replayed once, here, and not again when it is resumed.
pub fn of_agenda(data_dir: &Path, agenda_path: &Path) -> OfAgenda {
    let mut out = OfAgenda::default();
    for (id, dir, _) in sessions_of_agenda(data_dir, agenda_path) {
        if out.unfinished.is_some() && out.ended.is_some() {
            break;
        }
        let (info, Some(loaded)) = info_read(&id, &dir) else {
            continue;
        };
        let slot = match info.state {
            State::Unfinished => &mut out.unfinished,
            State::Ended => &mut out.ended,
            State::Unreadable => continue,
        };
        if slot.is_none() {
            *slot = Some((info, loaded));
        }
    }
    out
}
