//! Reading a session back: its meta, its journal streamed into a meeting, its draft, and the
//! session `gavel export` names.

use super::*;

pub(super) fn read_meta(dir: &Path) -> Result<Option<Meta>, SessionError> {
    let path = dir.join(META);
    let text = match read_nofollow(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(&path, &e)),
    };
    #[derive(Deserialize)]
    struct VersionOnly {
        v: u32,
    }
    let shown = crate::error::display(&path);
    match serde_json::from_str::<VersionOnly>(&text) {
        Ok(v) if v.v > META_VERSION => {
            return Err(SessionError::Input(format!(
                "{shown}: written by a newer gavel (session format {}; this gavel reads up to \
                 {META_VERSION}): upgrade gavel to open it",
                v.v
            )))
        }
        _ => {}
    }
    serde_json::from_str(&text).map(Some).map_err(|e| {
        SessionError::Input(format!("{shown}: damaged: {}", clean_line(&e.to_string())))
    })
}

/// Reads session `id` (without locking it).
pub fn load(data_dir: &Path, id: &str) -> Result<Loaded, SessionError> {
    load_dir(&session_dir(data_dir, id)?)
}

/// Reads the session in `dir`: its agenda copy, the newest journal segment, the draft.
pub fn load_dir(dir: &Path) -> Result<Loaded, SessionError> {
    refuse_links(dir)?;
    if !dir.join(AGENDA).is_file() {
        return Err(SessionError::Input(format!(
            "{}: not a gavel session directory (there is no {AGENDA} in it)",
            crate::error::display(dir)
        )));
    }
    read_meta(dir)?;
    let journal = journal::newest_segment(dir).map_err(|e| io_error(dir, &e))?;
    match journal {
        Some((_, path)) => load_journal(dir, Some(&path)),
        None => load_journal(dir, None),
    }
}

/// A session's own files are never symbolic links: gavel creates them itself. A link there
/// was planted, and following it would read or overwrite someone else's file.
pub(super) fn refuse_links(dir: &Path) -> Result<(), SessionError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_symlink()) {
            return Err(SessionError::Input(format!(
                "{}: is a symbolic link, which gavel never makes in a session; the session is not read",
                crate::error::display(&entry.path())
            )));
        }
    }
    Ok(())
}

/// Reads the journal file at `path` (any segment, or a copy), with the agenda copy and the
/// draft of the session directory it is in.
pub fn load_journal_file(path: &Path) -> Result<Loaded, SessionError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let shown = crate::error::display(path);
    if !dir.join(AGENDA).is_file() {
        return Err(SessionError::Input(format!(
            "{shown}: not the journal of a gavel session (there is no {AGENDA} beside it)"
        )));
    }
    // Every journal line starts with '{': anything else is some other file.
    let mut first = [0u8; 1];
    let read = File::open(path)
        .and_then(|mut f| io::Read::read(&mut f, &mut first))
        .map_err(|e| io_error(path, &e))?;
    if read == 1 && first[0] != b'{' {
        return Err(SessionError::Input(format!(
            "{shown}: not a gavel journal (journal lines are JSON objects)"
        )));
    }
    read_meta(&dir)?;
    // After a disk failure the session goes on in a fresh segment holding every event: an
    // older segment named here would give minutes without the later entries, silently.
    let newest = super::journal::newest_segment(&dir)
        .ok()
        .flatten()
        .map(|(_, newest)| newest)
        .filter(|newest| newest.file_name() != path.file_name());
    if let Some(newest) = newest {
        let mut loaded = load_journal(&dir, Some(&newest))?;
        loaded.warnings.insert(
            0,
            format!(
                "{shown} is an older segment of its session, written before a disk failure; \
                 exported the session's newest journal, {}, which holds every entry",
                crate::error::display(&newest)
            ),
        );
        return Ok(loaded);
    }
    load_journal(&dir, Some(path))
}

pub(super) fn load_journal(dir: &Path, path: Option<&Path>) -> Result<Loaded, SessionError> {
    let seen = Seen::now(dir, path);
    let agenda_path = dir.join(AGENDA);
    let shown_agenda = crate::error::display(&agenda_path);
    let agenda = match agenda::load_file(&agenda_path) {
        Ok((agenda, _, _)) => agenda,
        Err(agenda::LoadError::Unreadable(reason)) => {
            return Err(SessionError::Input(format!(
                "{shown_agenda}: {}: not a gavel session (every session keeps a copy of its \
                 agenda there)",
                clean_line(&reason)
            )))
        }
        Err(e) => return Err(SessionError::Input(e.render(&shown_agenda))),
    };
    let mut draft = match read_nofollow(&dir.join(DRAFT)) {
        Ok(bytes) => clean_line(&String::from_utf8_lossy(&bytes)),
        Err(_) => String::new(),
    };
    // Only the events a saved draft may already hold are kept (see `draft_as_event`),
    // and only up to `TAIL_KEPT` of them: the others go straight into the meeting.
    let since = (!draft.trim().is_empty()).then(|| draft_saved_at(dir));
    let mut tail: Option<Vec<Event>> = Some(Vec::new());
    let mut last_at = None;
    let mut meeting = Meeting::new(agenda.clone());
    let mut refused = Vec::new();
    let mut warnings = Vec::new();
    let mut repair = None;
    let (recorded, clean) = match path {
        Some(path) => {
            let shown = crate::error::display(path);
            // A stream, a line at a time: a long meeting's journal is never all in memory,
            // and each event is applied as it is read, not kept.
            let file = open_nofollow(path).map_err(|e| io_error(path, &e))?;
            let mut i = 0usize;
            let read = journal::read_each(io::BufReader::with_capacity(1 << 16, file), |e| {
                last_at = Some(e.at);
                match (since, &mut tail) {
                    (Some(Some(n)), Some(kept)) if i >= n => {
                        if kept.len() < TAIL_KEPT {
                            kept.push(e.clone());
                        } else {
                            tail = None;
                        }
                    }
                    (Some(None), _) => tail = Some(vec![e.clone()]),
                    _ => {}
                }
                if let Err(r) = meeting.apply_owned(e) {
                    refused.push((i, r));
                }
                i += 1;
            })
            .map_err(|e| match e {
                journal::ReadError::Newer(newer) => {
                    SessionError::Input(format!("{shown}: {newer}"))
                }
                journal::ReadError::Io(e) => io_error(path, &e),
            })?;
            warnings.extend(read.warnings.iter().map(|w| format!("{shown}: {w}")));
            repair = read.repair;
            (read.count, read.clean)
        }
        None => (0, false),
    };
    for (i, r) in refused {
        warnings.push(format!(
            "journal line {}: this entry was refused on replay ({}) and is left out",
            i + 1,
            clean_line(&r.0)
        ));
    }
    let first = since.flatten().unwrap_or(recorded.saturating_sub(1));
    let again = match (path, last_at, since) {
        (Some(path), Some(at), Some(_)) if first < recorded => draft_as_event(&draft, &meeting, at)
            .and_then(|kind| match &tail {
                Some(kept) => kept.iter().position(|e| e.kind == kind),
                // Too many to keep: read again for it, from `first` on.
                None => position_in_journal(path, first, &kind),
            })
            .map(|i| first + i + 1),
        _ => None,
    };
    if let Some(line) = again {
        warnings.push(format!(
            "the line you were typing, \"{}\", is already recorded (journal line {line}): it \
             was not put back on the capture line",
            short(&draft)
        ));
        draft.clear();
    }
    Ok(Loaded {
        agenda,
        recorded,
        meeting,
        draft,
        warnings,
        journal: path.map(Path::to_path_buf),
        clean,
        repair,
        seen,
    })
}

impl Loaded {
    /// The session in `dir` still is as this read found it: same newest segment, and it,
    /// the draft and draft.at unchanged.
    pub(super) fn is_current(&self, dir: &Path) -> Result<bool, SessionError> {
        refuse_links(dir)?;
        let newest = journal::newest_segment(dir).map_err(|e| io_error(dir, &e))?;
        Ok(newest.map(|(_, p)| p) == self.journal
            && self
                .journal
                .as_deref()
                .is_none_or(|j| j.parent() == Some(dir))
            && Seen::now(dir, self.journal.as_deref()) == self.seen)
    }

    /// Every recorded event that could be read, in order (Undo events included), read again
    /// from the journal: [`load`] keeps none of them. Empty when there is no journal.
    pub fn events(&self) -> Result<Vec<Event>, SessionError> {
        let Some(path) = &self.journal else {
            return Ok(Vec::new());
        };
        let file = open_nofollow(path).map_err(|e| io_error(path, &e))?;
        journal::read_from(io::BufReader::with_capacity(1 << 16, file))
            .map(|read| read.events)
            .map_err(|e| match e {
                journal::ReadError::Newer(newer) => {
                    SessionError::Input(format!("{}: {newer}", crate::error::display(path)))
                }
                journal::ReadError::Io(e) => io_error(path, &e),
            })
    }
}

/// `text` cut to 60 characters for a message.
pub(super) fn short(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// The count of recorded events saved in draft.at with the draft; None without that file
/// (from an older gavel).
pub(super) fn draft_saved_at(dir: &Path) -> Option<usize> {
    read_nofollow(&dir.join(DRAFT_AT))
        .ok()
        .and_then(|b| String::from_utf8_lossy(&b).trim().parse::<usize>().ok())
}

/// How many of the events recorded after a saved draft [`load`] keeps to compare with it;
/// past that it reads the journal again for the one comparison.
pub(super) const TAIL_KEPT: usize = 4096;

/// What `draft` would record if entered at `at`, when it is an entry. An entry like it
/// recorded after the draft was saved (after the count in draft.at; without that file, from
/// an older gavel, only the last one) means gavel stopped (a kill) between writing the entry
/// and clearing the draft: the draft is not put back. A line typed again on purpose later
/// is kept.
#[deny(clippy::wildcard_enum_match_arm)]
pub(super) fn draft_as_event(
    draft: &str,
    meeting: &Meeting,
    at: DateTime<Utc>,
) -> Option<crate::meeting::EventKind> {
    match crate::command::read(draft, meeting, at).ok()? {
        crate::command::Command::Event(e) => Some(e.kind),
        crate::command::Command::Show { .. }
        | crate::command::Command::Help
        | crate::command::Command::RollCall
        | crate::command::Command::Share(_)
        | crate::command::Command::AttendanceReport { .. } => None,
    }
}

/// The position, counted from event `from`, of the first event of the journal at `path`
/// from `from` on whose kind is `kind`.
pub(super) fn position_in_journal(
    path: &Path,
    from: usize,
    kind: &crate::meeting::EventKind,
) -> Option<usize> {
    let file = open_nofollow(path).ok()?;
    let mut i = 0usize;
    let mut found = None;
    journal::read_each(io::BufReader::with_capacity(1 << 16, file), |e| {
        if found.is_none() && i >= from && &e.kind == kind {
            found = Some(i - from);
        }
        i += 1;
    })
    .ok()?;
    found
}

/// Reads the session `arg` names for `gavel export`: an id in `DATA/sessions`, a session
/// directory, or a journal file.
pub fn load_for_export(data_dir_flag: Option<PathBuf>, arg: &str) -> Result<Loaded, SessionError> {
    if is_valid_id(arg) {
        if let Ok(data) = data_dir(data_dir_flag.clone()) {
            let dir = sessions_dir(&data).join(arg);
            if dir.is_dir() {
                return load_dir(&dir);
            }
        }
    }
    let path = Path::new(arg);
    if path.is_dir() {
        return load_dir(path);
    }
    if path.is_file() {
        return load_journal_file(path);
    }
    let where_ = data_dir(data_dir_flag)
        .map(|d| format!(" in {}", crate::error::display(&sessions_dir(&d))))
        .unwrap_or_default();
    Err(SessionError::Input(format!(
        "no session `{}`{where_}, and no such file or directory (see `gavel sessions`)",
        clean_line(arg)
    )))
}
