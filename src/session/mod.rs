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
//!                                  fsync, or when a damaged journal is resumed; the newest
//!                                  segment alone is the journal (see [`journal`])
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
//! // by the next `record` or by `retry()`, into a fresh journal segment; `pending()` says
//! // how many events are not on disk yet. `save_draft` writes draft.txt atomically.
//! // In the panic hook: session::write_crash_note(&dir, &info) with dir = s.dir().
//! // Dropping the Session releases the lock.
//! ```
//!
//! Reading never writes: [`load`], [`list`] and `gavel export` only read, so they work on a
//! session that another process has open, and never touch a journal they cannot read.

pub mod journal;
pub mod lock;
mod purge;

pub use purge::{purge_private, Purged, PURGED};

use crate::agenda::{self, Agenda};
use crate::fsutil::{
    check_own_dir, create_dir_private, create_new_mode, open_append_nofollow, open_nofollow,
    read_nofollow, sync_dir, write_atomic_mode, write_atomic_with,
};
use crate::meeting::{Event, Meeting, Phase};
use crate::recorder::Recorder;
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
    /// open was not clean): the next write starts a fresh segment holding every event.
    journal: Option<File>,
    /// A torn tail found at open, mended in place (cut to its last complete line) before
    /// the first write instead of writing a fresh segment.
    repair: Option<(PathBuf, journal::Repair)>,
    segment: u32,
    /// How many events are known to be on disk: the first `durable` events of segment
    /// `segment`. They are not kept in memory: a fresh segment reads them back from it.
    durable: usize,
    /// The events given to `record` after those, not known to be on disk yet, in order.
    unsaved: Vec<Event>,
    last_error: Option<String>,
    _lock: Lock,
    /// Test hook: this many upcoming journal writes fail as if fsync returned EIO.
    #[cfg(test)]
    fail_writes: u32,
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
        let agenda_copy = dir.join(AGENDA);
        write_atomic_mode(&agenda_copy, agenda_source.as_bytes(), 0o600)
            .map_err(|e| io_error(&agenda_copy, &e))?;
        let journal_path = dir.join(journal::segment_name(1));
        let file = create_new_mode(&journal_path, 0o600)
            .and_then(|f| f.sync_all().map(|_| f))
            .map_err(|e| io_error(&journal_path, &e))?;
        let meta_path = dir.join(META);
        let meta_text = serde_json::to_string_pretty(&meta).expect("meta serializes") + "\n";
        write_atomic_mode(&meta_path, meta_text.as_bytes(), 0o600)
            .map_err(|e| io_error(&meta_path, &e))?;
        sync_dir(&sessions).map_err(|e| io_error(&sessions, &e))?;
        Ok(Session {
            id,
            dir,
            meta,
            journal: Some(file),
            repair: None,
            segment: 1,
            durable: 0,
            unsaved: Vec::new(),
            last_error: None,
            _lock: lock,
            #[cfg(test)]
            fail_writes: 0,
        })
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
        let file = match (&loaded.journal, loaded.clean) {
            (Some(path), true) => Some(open_append_nofollow(path).map_err(|e| io_error(path, &e))?),
            _ => None,
        };
        let repair = match (&loaded.journal, loaded.repair) {
            (Some(path), Some(r)) if file.is_none() => Some((path.clone(), r)),
            _ => None,
        };
        let session = Session {
            id: id.to_string(),
            dir,
            meta,
            journal: file,
            repair,
            segment,
            durable: loaded.recorded,
            unsaved: Vec::new(),
            last_error: None,
            _lock: lock,
            #[cfg(test)]
            fail_writes: 0,
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

    /// Tries again to write the pending events (into a fresh segment). Ok when nothing is
    /// pending any more.
    pub fn retry(&mut self) -> io::Result<()> {
        self.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.unsaved.is_empty() {
            return Ok(());
        }
        let result = match (self.journal.take(), self.repair.take()) {
            (Some(file), _) => self.append(file),
            (None, Some((path, repair))) => match self.mend(&path, repair) {
                Ok(file) => self.append(file),
                // Not mended: a fresh segment holds everything, as for any damage.
                Err(_) => self.new_segment(),
            },
            (None, None) => self.new_segment(),
        };
        match &result {
            Ok(()) => {
                self.durable += self.unsaved.len();
                self.unsaved.clear();
                self.last_error = None;
            }
            Err(e) => {
                // Whatever reached the old file is not trusted any more (after a failed
                // fsync Linux may drop the dirty pages and report success next time): the
                // next attempt writes everything into a new segment.
                self.journal = None;
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
        file.write_all(&bytes)?;
        self.injected_failure()?;
        file.sync_data()?;
        self.journal = Some(file);
        Ok(())
    }

    /// Mends a torn tail in place: the file is cut to its last complete line (or given the
    /// line end its last line lacks), ready to append to. Only the torn bytes change: a
    /// million-line journal is not rewritten for them.
    fn mend(&mut self, path: &Path, repair: journal::Repair) -> io::Result<File> {
        let mut file = open_append_nofollow(path)?;
        let len = file.metadata()?.len();
        if len < repair.keep {
            return Err(io::Error::other(
                "the journal is shorter than when it was read",
            ));
        }
        file.set_len(repair.keep)?;
        if repair.add_newline {
            file.write_all(b"\n")?;
        }
        // The cut is made durable with the first append's fdatasync.
        Ok(file)
    }

    /// Writes every event of the session into a fresh segment: the `durable` ones read
    /// back from the current segment (a stream, never all in memory), then the unsaved ones.
    fn new_segment(&mut self) -> io::Result<()> {
        let newest = journal::newest_segment(&self.dir)?.map_or(0, |(n, _)| n);
        let n = newest.max(self.segment) + 1;
        let path = self.dir.join(journal::segment_name(n));
        self.injected_failure()?;
        let old = self.dir.join(journal::segment_name(self.segment));
        let (durable, unsaved) = (self.durable, &self.unsaved);
        write_atomic_with(&path, 0o600, |out| {
            if durable > 0 {
                copy_events(&old, durable, out)?;
            }
            out.write_all(&journal::encode_all(unsaved))
        })?;
        let file = open_append_nofollow(&path)?;
        self.segment = n;
        self.journal = Some(file);
        Ok(())
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

impl Recorder for Session {
    /// Appends `event` and fsyncs. On Err the event stays in the session (do not record it
    /// again): the next `record` or [`Session::retry`] writes it with everything else into
    /// a fresh segment.
    fn record(&mut self, event: &Event) -> io::Result<()> {
        self.unsaved.push(event.clone());
        self.flush()
    }

    fn retry(&mut self) -> io::Result<()> {
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
fn check_trusted(data_dir: &Path) -> Result<(), SessionError> {
    for dir in [data_dir.to_path_buf(), sessions_dir(data_dir)] {
        check_own_dir(&dir).map_err(|why| untrusted(&dir, &why))?;
    }
    Ok(())
}

fn untrusted(dir: &Path, why: &str) -> SessionError {
    SessionError::Input(format!(
        "{}: {why}; gavel keeps sessions only where no one else can write",
        crate::error::display(dir)
    ))
}

/// True when `dir` is a session directory this user alone controls, inside a trusted data
/// directory: the only sessions whose contents may name an agenda or be resumed.
fn is_trusted_session(data_dir: &Path, dir: &Path) -> bool {
    check_trusted(data_dir).is_ok() && check_own_dir(dir).is_ok()
}

fn session_dir(data_dir: &Path, id: &str) -> Result<PathBuf, SessionError> {
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
fn id_base(agenda: &Agenda, agenda_path: &Path) -> String {
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

fn slug(text: &str) -> String {
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

fn make_unique_dir(sessions: &Path, base: &str) -> Result<(String, PathBuf), SessionError> {
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

fn read_meta(dir: &Path) -> Result<Option<Meta>, SessionError> {
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
fn refuse_links(dir: &Path) -> Result<(), SessionError> {
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
    load_journal(&dir, Some(path))
}

fn load_journal(dir: &Path, path: Option<&Path>) -> Result<Loaded, SessionError> {
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
    fn is_current(&self, dir: &Path) -> Result<bool, SessionError> {
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
fn short(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// The count of recorded events saved in draft.at with the draft; None without that file
/// (from an older gavel).
fn draft_saved_at(dir: &Path) -> Option<usize> {
    read_nofollow(&dir.join(DRAFT_AT))
        .ok()
        .and_then(|b| String::from_utf8_lossy(&b).trim().parse::<usize>().ok())
}

/// How many of the events recorded after a saved draft [`load`] keeps to compare with it;
/// past that it reads the journal again for the one comparison.
const TAIL_KEPT: usize = 4096;

/// What `draft` would record if entered at `at`, when it is an entry. An entry like it
/// recorded after the draft was saved (after the count in draft.at; without that file, from
/// an older gavel, only the last one) means gavel stopped (a kill) between writing the entry
/// and clearing the draft: the draft is not put back. A line typed again on purpose later
/// is kept.
fn draft_as_event(
    draft: &str,
    meeting: &Meeting,
    at: DateTime<Utc>,
) -> Option<crate::meeting::EventKind> {
    match crate::command::read(draft, meeting, at).ok()? {
        crate::command::Command::Event(e) => Some(e.kind),
        _ => None,
    }
}

/// The position, counted from event `from`, of the first event of the journal at `path`
/// from `from` on whose kind is `kind`.
fn position_in_journal(
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

fn info(id: &str, dir: &Path) -> SessionInfo {
    info_read(id, dir).0
}

/// [`info`], with the read it was made from (None when the session could not be read).
fn info_read(id: &str, dir: &Path) -> (SessionInfo, Option<Loaded>) {
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

fn last_change(dir: &Path) -> Option<DateTime<Local>> {
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
fn sessions_of_agenda(
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
