//! Sessions: where a live meeting is kept on disk so that nothing typed is lost, and how it
//! is found, resumed and exported again.
//!
//! # On disk
//!
//! ```text
//! DATA/                      --data-dir, GAVEL_DATA_DIR, or the platform's data directory
//!   sessions/                0700
//!     2026-03-04-widget-sc/  0700; the id: meeting date + series (or agenda file name),
//!                            with "-2", "-3", ... when taken
//!       agenda.toml          0600  the agenda source as it was at start; the session always
//!                                  uses this copy, even if the agenda file changes later
//!       meta.json            0600  {"v":1,"id":..,"agenda_path":..,"created":..,"gavel":..,
//!                                  "title":..,"date":..}; written last, so a directory
//!                                  without it is a session whose creation did not finish
//!       journal.jsonl        0600  one line per recorded event: {"v":1,"event":{..}}
//!       journal.2.jsonl      0600  a fresh segment, written whole after a failed write or
//!                                  fsync (but a full disk's: that segment is cut back to
//!                                  its last good line and appended to), or when a damaged
//!                                  journal is resumed; the newest segment alone is the
//!                                  journal (see [`journal`])
//!       draft.txt            0600  the half-typed capture line
//!       lock                 0600  {"pid":..,"host":..,"since":..} of the process running
//!                                  it; flock'd (see [`lock`])
//!       crash-<time>.txt     0600  written by the panic hook
//! ```
//!
//! # API for `gavel run`
//!
//! ```ignore
//! let data = session::data_dir(data_dir_flag)?;                  // Result<PathBuf, SessionError>
//! // find_unfinished gives the SessionInfo alone; of_agenda also the read (and the
//! // latest ended session), which Session::resume uses instead of replaying again.
//! if let Some((info, read)) = session::of_agenda(&data, agenda_path).unfinished {
//!     // offer to resume info.id (info.entries entries, last change info.last_change)
//!     let (mut s, loaded) = Session::resume(&data, &info.id, read)?; // takes the lock
//!     // loaded.meeting is the replayed meeting, loaded.draft the capture line,
//!     // loaded.warnings what to show (torn tail, damaged line).
//! } else {
//!     let (agenda, source) = /* loaded and checked by the caller */;
//!     let mut s = Session::start(&data, agenda_path, &agenda, &source)?; // takes the lock
//! }
//! // For every event the meeting accepted (Undo included), in order:
//! //     meeting.apply(&e)?;  s.record(&e)  (Recorder: written and fsync'd when Ok)
//! // On Err the event is still kept by the session (do not record it again) and is written
//! // by the next `record` or by `retry()`: after a full disk in place (the segment cut back
//! // to its last good line, so only the pending events need room), after any other failure
//! // into a fresh journal segment; `pending()` says how many events are not on disk yet. `save_draft` writes draft.txt atomically.
//! // In the panic hook: session::write_crash_note(&dir, &info) with dir = s.dir().
//! // Dropping the Session releases the lock.
//! ```
//!
//! Reading never writes: [`load`], [`list`] and `gavel export` only read, so they work on a
//! session that another process has open, and never touch a journal they cannot read.

mod dirs;
pub mod journal;
mod listing;
mod loading;
pub mod lock;
mod purge;

pub use dirs::*;
pub use listing::*;
pub use loading::*;

pub use purge::{purge_private, Purged, PURGED};

use crate::agenda::{self, Agenda};
use crate::fsutil::{
    check_own_dir, create_dir_private, create_new_mode, open_append_nofollow, open_nofollow,
    read_nofollow, sync_dir, write_atomic_mode, write_atomic_unsynced, write_atomic_with,
};
use crate::meeting::{Event, Meeting, Phase};
use crate::recorder::{out_of_space, Recorder};
use crate::text::clean_line;
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use lock::{Holder, Lock, LockError};

/// The meta.json format this gavel writes.
pub const META_VERSION: u32 = 1;

const AGENDA: &str = "agenda.toml";
const META: &str = "meta.json";
const DRAFT: &str = "draft.txt";
/// How many events were recorded when draft.txt was last saved (a decimal number): an
/// entry recorded after it that the draft would record again means the draft was entered
/// and gavel stopped before clearing it.
const DRAFT_AT: &str = "draft.at";
const LOCK: &str = "lock";

/// Why a session could not be created, opened or read. The text is for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// Bad input: no such session, not a session, a journal or session from a newer gavel,
    /// a stored agenda that does not load. (Exit code 2.)
    Input(String),
    /// The session is open in another process; the message names it.
    Locked(String),
    /// The disk or the system failed. (Exit code 1.)
    Io(String),
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::Input(m) | SessionError::Locked(m) | SessionError::Io(m) => {
                f.write_str(m)
            }
        }
    }
}

impl std::error::Error for SessionError {}

impl From<SessionError> for crate::error::Failure {
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::Input(m) | SessionError::Locked(m) => crate::error::Failure::Input(m),
            SessionError::Io(m) => crate::error::Failure::Runtime(m),
        }
    }
}

fn io_error(what: &Path, e: &io::Error) -> SessionError {
    SessionError::Io(format!(
        "{}: {}",
        crate::error::display(what),
        crate::error::io_reason(e)
    ))
}

/// Where sessions live: the flag (or GAVEL_DATA_DIR, which clap folds into it), else the
/// platform's data directory for gavel.
pub fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf, SessionError> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    directories::ProjectDirs::from("org", "gavel", "gavel")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or_else(|| {
            SessionError::Io(
                "cannot tell where to keep sessions (no home directory?): use --data-dir DIR \
                 or GAVEL_DATA_DIR"
                    .into(),
            )
        })
}

/// `DATA/sessions`.
pub fn sessions_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("sessions")
}

/// What meta.json holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub v: u32,
    pub id: String,
    /// The agenda file the session was started from, made absolute (symlinks resolved).
    pub agenda_path: String,
    pub created: DateTime<Utc>,
    #[serde(default)]
    pub gavel: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// A session as read from disk, for resuming or exporting.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The agenda copy stored with the session.
    pub agenda: Agenda,
    /// How many recorded events could be read (Undo events included). They are not kept:
    /// each went straight into `meeting`; [`Loaded::events`] reads them again when needed.
    pub recorded: usize,
    /// The events replayed on `agenda`.
    pub meeting: Meeting,
    /// The saved capture line ("" when none).
    pub draft: String,
    /// Torn tail, damaged line, refused events: one sentence each, to show the user.
    pub warnings: Vec<String>,
    /// The journal file that was read (None when the session has no journal yet).
    pub journal: Option<PathBuf>,
    /// The journal ended with a complete line and nothing was skipped.
    pub clean: bool,
    /// When the journal's only damage is a torn last line: how to mend it in place (done by
    /// [`Session`] before its first write, never by reading).
    pub repair: Option<journal::Repair>,
    /// The files read, as they were just before reading: [`Session::resume`] uses this
    /// read only when none of them has changed since.
    seen: Seen,
}

/// The identity, size and times of the files a read of a session reads (the journal
/// segment, the draft and its count), taken before reading them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen(Vec<Option<FileState>>);

/// inode, length, mtime (s, ns), ctime (s, ns).
type FileState = (u64, u64, i64, i64, i64, i64);

impl Seen {
    fn now(dir: &Path, journal: Option<&Path>) -> Seen {
        use std::os::unix::fs::MetadataExt;
        let journal = journal
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dir.to_path_buf());
        Seen(
            [journal, dir.join(DRAFT), dir.join(DRAFT_AT)]
                .iter()
                .map(|p| {
                    fs::symlink_metadata(p).ok().map(|m| {
                        let (ino, len) = (m.ino(), m.len());
                        (
                            ino,
                            len,
                            m.mtime(),
                            m.mtime_nsec(),
                            m.ctime(),
                            m.ctime_nsec(),
                        )
                    })
                })
                .collect(),
        )
    }
}

/// A session opened for a live meeting: it holds the lock and writes the journal.
#[derive(Debug)]
pub struct Session {
    id: String,
    dir: PathBuf,
    meta: Meta,
    /// The segment being appended to; None after a failure (or when the journal read at
    /// open was not clean): the next write mends the segment in place when `good` says how
    /// (see [`Session::in_place`]), and starts a fresh segment holding every event otherwise.
    journal: Option<File>,
    /// Where the current segment's known-good bytes end: the first `durable` events and
    /// nothing else, fsync'd. None when the segment cannot be appended to in place (damage
    /// in the middle at open, a failed fsync for any reason but a full disk): the next write
    /// goes to a fresh segment.
    good: Option<GoodEnd>,
    segment: u32,
    /// How many events are known to be on disk: the first `durable` events of segment
    /// `segment`. They are not kept in memory: a fresh segment reads them back from it.
    durable: usize,
    /// The events given to `record` after those, not known to be on disk yet, in order.
    unsaved: Vec<Event>,
    last_error: Option<String>,
    /// A new session's files (agenda copy, journal, meta) and directories, written but not
    /// yet synced: made durable together before the first event is written (see
    /// [`Session::settle`]), so starting does not wait for the disk before the first frame.
    unsettled: Option<Vec<PathBuf>>,
    _lock: Lock,
    /// Test hook: this many upcoming journal writes fail as if fsync returned EIO.
    #[cfg(test)]
    fail_writes: u32,
    /// Test hook: a disk with this many bytes free. A journal write takes what fits and then
    /// fails with ENOSPC (leaving a torn tail, as a real full disk does); cutting a torn
    /// tail frees its bytes again; a fresh segment that does not fit fails whole.
    #[cfg(test)]
    space: Option<u64>,
}

/// The end of a segment's known-good bytes (see [`Session::good`]), and whether its last
/// line still lacks its line end (a torn tail at open that read whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct GoodEnd {
    len: u64,
    newline: bool,
}

impl GoodEnd {
    fn at(len: u64) -> GoodEnd {
        GoodEnd {
            len,
            newline: false,
        }
    }
}

impl Session {
    /// Starts a new session for the agenda at `agenda_path` whose text is `agenda_source`
    /// (stored as the session's agenda copy), parsing it first. Takes the lock. `gavel run`
    /// has the agenda already and calls [`Session::start`].
    pub fn create(
        data_dir: &Path,
        agenda_path: &Path,
        agenda_source: &str,
    ) -> Result<Session, SessionError> {
        let agenda = match agenda::parse_str(agenda_source) {
            Ok((agenda, _)) => agenda,
            Err(diags) => {
                let first = diags
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| d.render(&crate::error::display(agenda_path)))
                    .unwrap_or_default();
                return Err(SessionError::Input(format!(
                    "cannot start a session with an invalid agenda: {first}"
                )));
            }
        };
        Session::start(data_dir, agenda_path, &agenda, agenda_source)
    }

    /// Starts a new session for `agenda`, loaded from `agenda_path` whose text is
    /// `agenda_source` (stored as the session's agenda copy). Takes the lock.
    pub fn start(
        data_dir: &Path,
        agenda_path: &Path,
        agenda: &Agenda,
        agenda_source: &str,
    ) -> Result<Session, SessionError> {
        let sessions = sessions_dir(data_dir);
        // Nothing is made inside (or through) a directory that is refused.
        if fs::symlink_metadata(data_dir).is_ok() {
            check_own_dir(data_dir).map_err(|why| untrusted(data_dir, &why))?;
        }
        create_dir_private(&sessions).map_err(|e| io_error(&sessions, &e))?;
        check_trusted(data_dir)?;
        let base = id_base(agenda, agenda_path);
        let (id, dir) = make_unique_dir(&sessions, &base)?;
        let lock = Lock::acquire(&dir.join(LOCK)).map_err(|e| lock_error(&id, e))?;
        let meta = Meta {
            v: META_VERSION,
            id: id.clone(),
            agenda_path: canonical_string(agenda_path),
            created: Utc::now(),
            gavel: env!("CARGO_PKG_VERSION").to_string(),
            title: agenda.meeting.title.clone(),
            date: Some(agenda.meeting.date),
        };
        // Written whole (each through a rename) but not waited for: `settle` makes them
        // durable before the first event, and nothing typed exists before that.
        let agenda_copy = dir.join(AGENDA);
        write_atomic_unsynced(&agenda_copy, agenda_source.as_bytes(), 0o600)
            .map_err(|e| io_error(&agenda_copy, &e))?;
        let journal_path = dir.join(journal::segment_name(1));
        let file =
            create_new_mode(&journal_path, 0o600).map_err(|e| io_error(&journal_path, &e))?;
        let meta_path = dir.join(META);
        let meta_text = serde_json::to_string_pretty(&meta).expect("meta serializes") + "\n";
        write_atomic_unsynced(&meta_path, meta_text.as_bytes(), 0o600)
            .map_err(|e| io_error(&meta_path, &e))?;
        let unsettled = vec![agenda_copy, journal_path, meta_path, dir.clone(), sessions];
        Ok(Session {
            id,
            dir,
            meta,
            journal: Some(file),
            good: Some(GoodEnd::at(0)),
            segment: 1,
            durable: 0,
            unsaved: Vec::new(),
            last_error: None,
            unsettled: Some(unsettled),
            _lock: lock,
            #[cfg(test)]
            fail_writes: 0,
            #[cfg(test)]
            space: None,
        })
    }

    /// Makes a new session's files and directories durable (each synced, then the
    /// directories that name them), once: at the first write, which comes before the first
    /// event is written (the screen's loop asks for one right after its first frame). Until it succeeds a power cut may lose the
    /// session, which then holds nothing typed.
    fn settle(&mut self) -> io::Result<()> {
        let Some(paths) = &self.unsettled else {
            return Ok(());
        };
        for path in paths {
            if path.is_dir() {
                sync_dir(path)?;
            } else {
                File::open(path)?.sync_all()?;
            }
        }
        self.unsettled = None;
        Ok(())
    }

    /// Whether the session's own files are durable (always, but for a new session before
    /// its first write: see [`Session::settle`]).
    #[cfg(test)]
    fn settled(&self) -> bool {
        self.unsettled.is_none()
    }

    /// Opens session `id` for a live meeting: takes the lock (refused, naming the holder,
    /// when another process has it), and reads everything back.
    pub fn open(data_dir: &Path, id: &str) -> Result<(Session, Loaded), SessionError> {
        Session::open_with(data_dir, id, None)
    }

    /// [`Session::open`] for a session already read (by [`of_agenda`]) before the lock was
    /// taken: once the lock is held, that read is used when the journal, the draft and its
    /// count are as they were when it was read (no second replay of a long meeting), and
    /// the session is read again otherwise.
    pub fn resume(
        data_dir: &Path,
        id: &str,
        read: Loaded,
    ) -> Result<(Session, Loaded), SessionError> {
        Session::open_with(data_dir, id, Some(read))
    }

    fn open_with(
        data_dir: &Path,
        id: &str,
        read: Option<Loaded>,
    ) -> Result<(Session, Loaded), SessionError> {
        let dir = session_dir(data_dir, id)?;
        check_trusted(data_dir)?;
        check_own_dir(&dir).map_err(|why| untrusted(&dir, &why))?;
        let lock = Lock::acquire(&dir.join(LOCK)).map_err(|e| lock_error(id, e))?;
        let meta = read_meta(&dir)?.ok_or_else(|| {
            SessionError::Input(format!(
                "session {id} is incomplete (no {META}): it cannot be resumed"
            ))
        })?;
        let loaded = match read {
            Some(read) if read.is_current(&dir)? => read,
            _ => load_dir(&dir)?,
        };
        let segment = match &loaded.journal {
            Some(path) => path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(journal::segment_number)
                .unwrap_or(0),
            None => 0,
        };
        let (file, good) = match (&loaded.journal, loaded.clean, loaded.repair) {
            (Some(path), true, _) => {
                let file = open_append_nofollow(path).map_err(|e| io_error(path, &e))?;
                let len = file.metadata().map_err(|e| io_error(path, &e))?.len();
                (Some(file), Some(GoodEnd::at(len)))
            }
            // A torn tail: mended in place (cut to its last complete line, or given the line
            // end it lacks) by the first write, not rewritten into a fresh segment.
            (Some(_), false, Some(r)) => (
                None,
                Some(GoodEnd {
                    len: r.keep,
                    newline: r.add_newline,
                }),
            ),
            (Some(_), false, None) => (None, None),
            (None, _, _) => (None, None),
        };
        let session = Session {
            id: id.to_string(),
            dir,
            meta,
            journal: file,
            good,
            segment,
            durable: loaded.recorded,
            unsaved: Vec::new(),
            last_error: None,
            unsettled: None,
            _lock: lock,
            #[cfg(test)]
            fail_writes: 0,
            #[cfg(test)]
            space: None,
        };
        Ok((session, loaded))
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The session directory (for the crash note).
    /// The agenda's text as the session stored it when it started.
    pub fn agenda_text(&self) -> Result<String, SessionError> {
        let path = self.dir.join(AGENDA);
        crate::output::read_text(&path, crate::output::AGENDA)
            .map_err(|why| SessionError::Input(format!("{}: {why}", path.display())))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// How many events this session's journal holds, on disk or pending.
    pub fn recorded(&self) -> usize {
        self.durable + self.unsaved.len()
    }

    /// How many recorded events are not known to be on disk (after a failed write).
    pub fn pending(&self) -> usize {
        self.unsaved.len()
    }

    /// The last write failure, until a write succeeds again.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// Tries again to write the pending events (in place when the disk was full, else into
    /// a fresh segment). Ok when nothing is pending any more.
    pub fn retry(&mut self) -> io::Result<()> {
        self.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        // A new session is made durable before anything else is, also when nothing is
        // pending (the loop asks once after the first frame).
        if let Err(e) = self.settle() {
            self.last_error = Some(format!(
                "the new session could not be saved ({}); retrying",
                crate::error::io_reason(&e)
            ));
            return Err(e);
        }
        if self.unsaved.is_empty() {
            return Ok(());
        }
        let result = match (self.journal.take(), self.good) {
            (Some(file), _) => self.append(file),
            (None, Some(good)) => self.in_place(good),
            (None, None) => self.new_segment(),
        };
        match &result {
            Ok(()) => {
                self.durable += self.unsaved.len();
                self.unsaved.clear();
                self.last_error = None;
            }
            Err(e) => {
                self.journal = None;
                if !out_of_space(e) {
                    // Whatever reached the old file is not trusted any more (after a failed
                    // fsync Linux may drop the dirty pages and report success next time): the
                    // next attempt writes everything into a new segment. A full disk keeps
                    // `good`: the next attempt cuts what the failed write left after it and
                    // appends there, needing room for the pending events only.
                    self.good = None;
                }
                self.last_error = Some(format!(
                    "the journal could not be saved ({}); {} entr{} kept in memory, saving \
                     will be retried",
                    crate::error::io_reason(e),
                    self.pending(),
                    if self.pending() == 1 { "y" } else { "ies" }
                ));
            }
        }
        result
    }

    fn append(&mut self, mut file: File) -> io::Result<()> {
        let bytes = journal::encode_all(&self.unsaved);
        self.put(&mut file, &bytes)?;
        self.injected_failure()?;
        file.sync_data()?;
        self.journal = Some(file);
        if let Some(good) = &mut self.good {
            good.len += bytes.len() as u64;
        }
        Ok(())
    }

    /// Appends the pending events to the current segment after cutting it back to its
    /// known-good end: the torn tail a full disk (or a crash, found at open) left is cut, a
    /// last line without its line end is given one, and then only the pending events are
    /// written and fsync'd. Only those bytes need to be free. When the segment cannot be
    /// mended so (it is gone, shorter than its good end, no longer the newest, the cut
    /// fails), everything goes into a fresh segment instead.
    fn in_place(&mut self, good: GoodEnd) -> io::Result<()> {
        let mut file = match self.cut_back(good) {
            Ok(file) => file,
            Err(e) if out_of_space(&e) => return Err(e),
            Err(_) => {
                self.good = None;
                return self.new_segment();
            }
        };
        let mut bytes = Vec::new();
        if good.newline {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(&journal::encode_all(&self.unsaved));
        self.put(&mut file, &bytes)?;
        self.injected_failure()?;
        // Also makes the cut durable (the file's new length is part of its data).
        file.sync_data()?;
        self.good = Some(GoodEnd::at(good.len + bytes.len() as u64));
        self.journal = Some(file);
        Ok(())
    }

    /// The current segment, opened for appending and cut to `good.len` bytes.
    fn cut_back(&mut self, good: GoodEnd) -> io::Result<File> {
        let newest = journal::newest_segment(&self.dir)?.map(|(n, _)| n);
        if newest != Some(self.segment) {
            return Err(io::Error::other("the journal segment is not the newest"));
        }
        let path = self.dir.join(journal::segment_name(self.segment));
        let file = open_append_nofollow(&path)?;
        let len = file.metadata()?.len();
        if len < good.len {
            return Err(io::Error::other(
                "the journal is shorter than when it was written",
            ));
        }
        if len > good.len {
            file.set_len(good.len)?;
            self.freed(len - good.len);
        }
        Ok(file)
    }

    /// Writes every event of the session into a fresh segment: the `durable` ones read
    /// back from the current segment (a stream, never all in memory), then the unsaved ones.
    /// The new segment is not opened here: the next write appends to it in place.
    fn new_segment(&mut self) -> io::Result<()> {
        let newest = journal::newest_segment(&self.dir)?.map_or(0, |(n, _)| n);
        let n = newest.max(self.segment) + 1;
        let path = self.dir.join(journal::segment_name(n));
        self.injected_failure()?;
        let old = self.dir.join(journal::segment_name(self.segment));
        let (durable, unsaved) = (self.durable, &self.unsaved);
        let unsaved_bytes = journal::encode_all(unsaved);
        self.fits_whole(&old, unsaved_bytes.len() as u64)?;
        let mut written = 0u64;
        write_atomic_with(&path, 0o600, |out| {
            let mut out = Counted {
                inner: out,
                bytes: &mut written,
            };
            if durable > 0 {
                copy_events(&old, durable, &mut out)?;
            }
            out.write_all(&unsaved_bytes)
        })?;
        self.segment = n;
        self.good = Some(GoodEnd::at(written));
        Ok(())
    }

    /// Writes `bytes` to the journal `file`. (Tests give the disk a size: see `space`.)
    #[cfg(not(test))]
    fn put(&mut self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    #[cfg(test)]
    fn put(&mut self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        match self.space {
            Some(free) if (bytes.len() as u64) > free => {
                file.write_all(&bytes[..free as usize])?;
                self.space = Some(0);
                Err(io::Error::from_raw_os_error(libc::ENOSPC))
            }
            Some(free) => {
                file.write_all(bytes)?;
                self.space = Some(free - bytes.len() as u64);
                Ok(())
            }
            None => file.write_all(bytes),
        }
    }

    #[cfg(not(test))]
    fn freed(&mut self, _bytes: u64) {}

    #[cfg(test)]
    fn freed(&mut self, bytes: u64) {
        if let Some(free) = &mut self.space {
            *free += bytes;
        }
    }

    #[cfg(not(test))]
    fn fits_whole(&mut self, _old: &Path, _more: u64) -> io::Result<()> {
        Ok(())
    }

    /// A fresh segment needs room for the whole journal.
    #[cfg(test)]
    fn fits_whole(&mut self, old: &Path, more: u64) -> io::Result<()> {
        let held = fs::metadata(old).map_or(0, |m| m.len());
        match self.space {
            Some(free) if held + more > free => Err(io::Error::from_raw_os_error(libc::ENOSPC)),
            _ => Ok(()),
        }
    }

    #[cfg(test)]
    fn injected_failure(&mut self) -> io::Result<()> {
        if self.fail_writes > 0 {
            self.fail_writes -= 1;
            return Err(io::Error::from_raw_os_error(libc::EIO));
        }
        Ok(())
    }

    #[cfg(not(test))]
    fn injected_failure(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes the first `count` events of the journal at `path` to `out`, read as a stream the
/// way they were read at open (so they are the same events, in the same order). Fewer than
/// `count` is an error: a fresh segment must never hold less than was on disk.
fn copy_events(path: &Path, count: usize, out: &mut dyn Write) -> io::Result<()> {
    let file = open_nofollow(path)?;
    let mut written = 0usize;
    let mut failed = None;
    let read = journal::read_each(io::BufReader::with_capacity(1 << 16, file), |e| {
        if written < count && failed.is_none() {
            match out.write_all(journal::encode(&e).as_bytes()) {
                Ok(()) => written += 1,
                Err(e) => failed = Some(e),
            }
        }
    });
    match read {
        Err(journal::ReadError::Io(e)) => return Err(e),
        Err(journal::ReadError::Newer(n)) => return Err(io::Error::other(n.to_string())),
        Ok(_) => {}
    }
    if let Some(e) = failed {
        return Err(e);
    }
    if written < count {
        return Err(io::Error::other(format!(
            "the journal holds {written} entries, fewer than the {count} recorded"
        )));
    }
    Ok(())
}

/// A writer that counts the bytes it passes on.
struct Counted<'a> {
    inner: &'a mut dyn Write,
    bytes: &'a mut u64,
}

impl Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        *self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Recorder for Session {
    fn keep(&mut self, event: &Event) {
        self.unsaved.push(event.clone());
    }

    /// Appends what is held and fsyncs. On Err the events stay in the session: the next
    /// call writes them, in place after a full disk, else with everything else into a
    /// fresh segment.
    fn write_pending(&mut self) -> io::Result<()> {
        Session::retry(self)
    }

    fn pending(&self) -> usize {
        Session::pending(self)
    }

    fn unsaved_events(&self) -> Vec<Event> {
        self.unsaved.clone()
    }

    fn save_draft(&mut self, draft: &str) -> io::Result<()> {
        // The count first: should gavel stop between the two, the count is newer than the
        // draft, which at worst restores a draft (as before), never hides one wrongly.
        let count = self.recorded().to_string();
        write_atomic_mode(&self.dir.join(DRAFT_AT), count.as_bytes(), 0o600)?;
        write_atomic_mode(&self.dir.join(DRAFT), draft.as_bytes(), 0o600)
    }
}

fn lock_error(id: &str, e: LockError) -> SessionError {
    match e {
        LockError::Held(holder) => SessionError::Locked(format!(
            "session {id} is already open in another gavel ({}); close that one first",
            holder.describe()
        )),
        LockError::Io(e) => SessionError::Io(format!(
            "cannot lock session {id}: {}",
            crate::error::io_reason(&e)
        )),
    }
}

/// Writes `crash-<time>.txt` (0600) into the session directory: for the panic hook, so it
/// never panics itself. Returns the path written.
pub fn write_crash_note(dir: &Path, info: &str) -> io::Result<PathBuf> {
    let now = Utc::now();
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let text = format!(
        "gavel {} crashed at {}\n\n{}\n\nThe journal in this directory is intact up to the last \
         entry shown on screen; `gavel run` on the same agenda resumes it.\n",
        env!("CARGO_PKG_VERSION"),
        now.to_rfc3339(),
        info
    );
    let mut last_err = None;
    for n in 0..100 {
        let name = if n == 0 {
            format!("crash-{stamp}.txt")
        } else {
            format!("crash-{stamp}-{n}.txt")
        };
        let path = dir.join(name);
        match create_new_mode(&path, 0o600) {
            Ok(mut f) => {
                f.write_all(text.as_bytes())?;
                f.sync_all()?;
                let _ = sync_dir(dir);
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_err.unwrap_or_else(|| io::Error::other("no free crash note name")))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_issue16;
