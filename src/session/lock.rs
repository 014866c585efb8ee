//! The session lock: one `gavel run` per session.
//!
//! The `lock` file holds `{"pid":..,"host":..,"since":..}` of the process that has the
//! session open. Mutual exclusion itself is an advisory `flock` on that file, which the
//! kernel releases when the process ends however it ends (kill -9 included), so a lock left by
//! a crash is taken over without asking, and a reused pid can never keep a session locked.
//! Where `flock` is not supported (some network file systems) gavel falls back to the pid in
//! the file: a lock whose process no longer exists (`kill(pid, 0)` fails with ESRCH) is
//! taken over.

use crate::fsutil::create_new_mode;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Who holds a lock, as written in the lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub since: String,
}

impl Holder {
    fn me() -> Holder {
        Holder {
            pid: std::process::id(),
            host: hostname(),
            since: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    /// "pid 1234 on host lab-3, since 2026-03-04 17:02:11"
    pub fn describe(&self) -> String {
        if self.pid == 0 {
            return "a process that is starting up right now".into();
        }
        let mut s = format!("pid {}", self.pid);
        if !self.host.is_empty() {
            s.push_str(&format!(" on host {}", crate::text::clean_line(&self.host)));
        }
        if !self.since.is_empty() {
            s.push_str(&format!(", since {}", crate::text::clean_line(&self.since)));
        }
        s
    }
}

/// Why a lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another live process has the session open.
    Held(Holder),
    /// The lock file could not be created, read or locked.
    Io(io::Error),
}

/// A held session lock; released on drop.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

impl Lock {
    /// Takes the lock at `path`, creating the file (0600) if needed.
    pub fn acquire(path: &Path) -> Result<Lock, LockError> {
        let file = match create_new_mode(path, 0o600) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let mut options = OpenOptions::new();
                options.read(true).write(true);
                // A link planted in place of the lock must not make gavel truncate or write
                // the file it points to.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.custom_flags(libc::O_NOFOLLOW);
                }
                options.open(path).map_err(LockError::Io)?
            }
            Err(e) => return Err(LockError::Io(e)),
        };
        let mut file = file;
        match try_flock_settled(&mut file) {
            Ok(Ok(())) => {}
            Ok(Err(holder)) => return Err(LockError::Held(holder)),
            Err(_unsupported) => {
                // No flock here: trust the pid in the file when it is alive on this host.
                if let Some(holder) = read_holder(&mut file) {
                    if still_held(&holder) {
                        return Err(LockError::Held(holder));
                    }
                }
            }
        }
        let lock = Lock {
            file,
            path: path.to_path_buf(),
        };
        lock.write_holder().map_err(LockError::Io)?;
        Ok(lock)
    }

    fn write_holder(&self) -> io::Result<()> {
        let mut f = &self.file;
        let text = serde_json::to_string(&Holder::me()).expect("serializes") + "\n";
        f.set_len(0)?;
        f.seek(SeekFrom::Start(0))?;
        // Not synced: the holder is read by other processes (through the page cache) to
        // name who has the session open; after a power cut the flock is gone anyway.
        f.write_all(text.as_bytes())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // An empty lock file means "free"; closing the file releases the flock.
        let _ = self.file.set_len(0);
    }
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(text.trim()).ok()
}

/// Without flock: whether the process recorded in a lock file still has the session. A
/// process on another host cannot be checked, so it is assumed alive.
fn still_held(holder: &Holder) -> bool {
    let same_host = holder.host.is_empty() || holder.host == hostname();
    !same_host || pid_alive(holder.pid)
}

/// How long a lock that is held while its file names no holder may take to settle.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(500);

/// flock, with a short wait when the lock is held but its file is empty: either a gavel that
/// is starting up and about to write its name, or one that has just let go while a child
/// process it was starting still held a copy of the descriptor (between fork and exec). Both
/// settle within milliseconds. Ok(Ok): locked; Ok(Err(holder)): someone else holds it; Err:
/// flock does not work here.
fn try_flock_settled(file: &mut File) -> io::Result<Result<(), Holder>> {
    let started = std::time::Instant::now();
    loop {
        if try_flock(file)? {
            return Ok(Ok(()));
        }
        if let Some(holder) = read_holder(file) {
            return Ok(Err(holder));
        }
        if started.elapsed() >= SETTLE {
            return Ok(Err(Holder {
                pid: 0,
                host: String::new(),
                since: String::new(),
            }));
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Ok(true): locked; Ok(false): someone else holds it; Err: flock does not work here.
#[cfg(unix)]
fn try_flock(file: &File) -> io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a file descriptor we own; no memory is shared with the call.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(code) if code == libc::EWOULDBLOCK || code == libc::EAGAIN => Ok(false),
        Some(code) if code == libc::EINTR => try_flock(file),
        _ => Err(err),
    }
}

#[cfg(not(unix))]
fn try_flock(_file: &File) -> io::Result<bool> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no flock"))
}

/// Whether a process with this pid exists (on this machine).
#[cfg(unix)]
pub fn pid_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
pub fn pid_alive(_pid: u32) -> bool {
    true
}

/// This machine's host name, or "" when it cannot be read.
pub fn hostname() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that much.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            return String::from_utf8_lossy(&buf[..end]).into_owned();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let first = Lock::acquire(&path).unwrap();
        match Lock::acquire(&path) {
            Err(LockError::Held(h)) => {
                assert_eq!(h.pid, std::process::id());
                assert!(h
                    .describe()
                    .contains(&format!("pid {}", std::process::id())));
            }
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        // Another test forking a child may briefly hold a copy of our descriptor (between
        // fork and exec), and with it the flock: `acquire` waits for that to settle.
        let again = Lock::acquire(&path).expect("the lock is free once its holder is dropped");
        drop(again);
        assert_eq!(std::fs::read(&path).unwrap(), b"");
    }

    /// A lock held while its file is empty (its holder starting up) is refused once the
    /// short settling time has passed, as held by a process starting up.
    #[test]
    fn a_lock_held_with_no_name_is_refused_after_settling() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let starting = create_new_mode(&path, 0o600).unwrap();
        assert!(try_flock(&starting).unwrap());
        match Lock::acquire(&path) {
            Err(LockError::Held(h)) => {
                assert_eq!(h.pid, 0);
                assert_eq!(h.describe(), "a process that is starting up right now");
            }
            other => panic!("expected Held, got {other:?}"),
        }
        drop(starting);
        assert!(Lock::acquire(&path).is_ok());
    }

    #[test]
    fn without_flock_a_dead_pid_frees_the_lock() {
        let holder = |pid, host: &str| Holder {
            pid,
            host: host.into(),
            since: String::new(),
        };
        assert!(pid_alive(std::process::id()));
        assert!(still_held(&holder(std::process::id(), &hostname())));
        assert!(still_held(&holder(std::process::id(), "")));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!pid_alive(pid));
        assert!(!still_held(&holder(pid, &hostname())));
        // Another machine's process cannot be checked from here.
        assert!(still_held(&holder(pid, "some-other-host.invalid")));
    }
}
