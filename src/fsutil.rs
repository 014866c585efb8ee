//! Writing files so that a crash never leaves a half-written file where a good one was:
//! write a temporary file in the same directory, fsync it, rename it into place, fsync the
//! directory.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Atomically replaces `path` with `contents`. An existing file keeps its permission bits,
/// and a symbolic link is written through to its target (the link stays a link); a new file
/// gets `0o666` less the umask.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_mode(path, contents, 0o666)
}

/// [`write_atomic`] for a file that, when new, gets permission bits `mode` (less the umask)
/// on unix: `0o600` for the owner-only files of a session and for private minutes. The
/// temporary file is owner-only while it is written, whatever the final mode.
pub fn write_atomic_mode(path: &Path, contents: &[u8], mode: u32) -> io::Result<()> {
    write_atomic_with(path, mode, |f| f.write_all(contents))
}

/// [`write_atomic_mode`] without waiting for the disk: the file is whole or absent for any
/// reader (the rename), but a power cut may lose it until the caller syncs the file and its
/// directory. For a new session's files, made durable together before its first event.
pub fn write_atomic_unsynced(path: &Path, contents: &[u8], mode: u32) -> io::Result<()> {
    write_atomic_inner(path, mode, |f| f.write_all(contents), false)
}

/// [`write_atomic_mode`] for contents written a piece at a time by `write` (buffered), so a
/// large file is never all in memory.
pub fn write_atomic_with(
    path: &Path,
    mode: u32,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_inner(path, mode, write, true)
}

fn write_atomic_inner(
    path: &Path,
    mode: u32,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    durable: bool,
) -> io::Result<()> {
    let (staged, file) = stage(path, mode, write)?;
    let result = (|| {
        if durable {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&staged.tmp, &staged.target)?;
        if durable {
            sync_dir(&staged.dir)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&staged.tmp);
    }
    result
}

/// A file written whole beside where it goes, not yet renamed into place.
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
}

/// Writes what `write` gives into a temporary file beside `path`'s target, with the mode
/// the target will have; removed again if anything fails.
fn stage(
    path: &Path,
    mode: u32,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<(Staged, File)> {
    let target = write_target(path)?;
    let final_mode = match fs::metadata(&target) {
        // An existing file keeps its mode, never wider than asked: private text written
        // over a 0644 file leaves it 0600 (execute bits are kept).
        Ok(meta) if meta.is_file() => permission_bits(&meta) & (mode | 0o7111),
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "is not a regular file",
            ))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => mode & !umask(),
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let tmp = dir.join(temporary_name(&name.to_string_lossy(), std::process::id()));
    // A temporary file left by a crash may have other permissions: start from nothing.
    let _ = fs::remove_file(&tmp);
    let written = (|| {
        let f = create_new_mode(&tmp, 0o600)?;
        let mut out = io::BufWriter::with_capacity(1 << 16, f);
        write(&mut out)?;
        let f = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        set_permission_bits(&f, final_mode)?;
        Ok(f)
    })();
    match written {
        Ok(f) => Ok((Staged { tmp, target, dir }, f)),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// [`write_atomic_with`] for many files at once (`write(i, out)` gives the `i`th of
/// `paths`), with one wait for the disk instead of two a file: each is written beside its
/// place, all are synced together, then each is renamed into place and the directories
/// synced once. Each file is whole or absent after a crash; on an error no file is renamed
/// (the temporaries are removed), and the error names the file.
pub fn write_atomic_many(
    paths: &[PathBuf],
    mode: u32,
    mut write: impl FnMut(usize, &mut dyn Write) -> io::Result<()>,
) -> Result<(), (PathBuf, io::Error)> {
    let mut staged: Vec<Staged> = Vec::with_capacity(paths.len());
    let result = (|| {
        for (i, path) in paths.iter().enumerate() {
            let (s, file) =
                stage(path, mode, |out| write(i, out)).map_err(|e| (path.clone(), e))?;
            drop(file);
            staged.push(s);
        }
        sync_files(&staged)?;
        Ok(())
    })();
    if let Err(e) = result {
        for s in &staged {
            let _ = fs::remove_file(&s.tmp);
        }
        return Err(e);
    }
    let mut dirs: Vec<&PathBuf> = Vec::new();
    for (at, s) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(&s.tmp, &s.target) {
            for rest in &staged[at..] {
                let _ = fs::remove_file(&rest.tmp);
            }
            return Err((s.target.clone(), e));
        }
        if !dirs.contains(&&s.dir) {
            dirs.push(&s.dir);
        }
    }
    for dir in dirs {
        sync_dir(dir).map_err(|e| (dir.clone(), e))?;
    }
    Ok(())
}

/// Waits until the staged files are on disk: on Linux with one `syncfs` of their file
/// system (a file's data waits in the page cache until then, so one flush costs what a
/// thousand would), elsewhere a file at a time.
fn sync_files(staged: &[Staged]) -> Result<(), (PathBuf, io::Error)> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let mut synced: Vec<&PathBuf> = Vec::new();
        for s in staged {
            if synced.contains(&&s.dir) {
                continue;
            }
            let dir = File::open(&s.dir).map_err(|e| (s.dir.clone(), e))?;
            // SAFETY: syncfs only reads the descriptor, which `dir` keeps open.
            if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
                return Err((s.target.clone(), io::Error::last_os_error()));
            }
            synced.push(&s.dir);
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for s in staged {
            File::open(&s.tmp)
                .and_then(|f| f.sync_all())
                .map_err(|e| (s.target.clone(), e))?;
        }
        Ok(())
    }
}

/// The name of the temporary file `write_atomic` writes `name` through, in process `pid`.
pub fn temporary_name(name: &str, pid: u32) -> String {
    format!(".{name}.tmp-{pid}")
}

/// Removes the temporary files that a process which no longer runs left while writing
/// `path` (a crash between writing and renaming). Returns how many were removed.
pub fn remove_stale_temporaries(path: &Path) -> usize {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if !process_alive(pid) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// True when a process with this id runs (or may run: when it cannot be told, yes).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: kill with signal 0 only checks whether the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Where a write to `path` lands: `path` itself, or the file a symbolic link points to.
fn write_target(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).map_err(|_| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "is a symbolic link to a file that does not exist",
            )
        }),
        _ => Ok(path.to_path_buf()),
    }
}

#[cfg(unix)]
fn permission_bits(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn permission_bits(_meta: &fs::Metadata) -> u32 {
    0o666
}

#[cfg(unix)]
fn set_permission_bits(file: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_permission_bits(_file: &File, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// The process's umask, read without changing it (Linux tells it in /proc); 0o022 when it
/// cannot be read.
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// Opens an existing file for reading without following a symbolic link in its last
/// component: a link planted in a session directory is refused, not read through.
pub fn open_nofollow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    no_follow(&mut options);
    options.open(path)
}

/// Opens an existing file for appending, without following a symbolic link.
pub fn open_append_nofollow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true);
    no_follow(&mut options);
    options.open(path)
}

/// Reads a whole file without following a symbolic link.
pub fn read_nofollow(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open_nofollow(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn no_follow(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    let _ = options;
}

/// Checks that `dir` is a directory (not a link) that belongs to this user and that no
/// group or other user can write: the places where gavel keeps sessions. The error says
/// what is wrong and how to fix it.
pub fn check_own_dir(dir: &Path) -> Result<(), String> {
    let meta = fs::symlink_metadata(dir).map_err(|e| crate::error::io_reason(&e))?;
    if meta.file_type().is_symlink() {
        let target = fs::canonicalize(dir)
            .map(|t| crate::error::display(&t))
            .unwrap_or_else(|_| "a directory that does not exist".into());
        return Err(format!(
            "is a symbolic link to {target}; give gavel the directory itself (--data-dir \
             {target})"
        ));
    }
    if !meta.is_dir() {
        return Err("is not a directory".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Err(format!(
                "belongs to another user (uid {}), so its contents cannot be trusted; use a directory of your own (--data-dir DIR or GAVEL_DATA_DIR)",
                meta.uid()
            ));
        }
        let mode = meta.mode() & 0o777;
        if mode & 0o022 != 0 {
            return Err(format!(
                "can be written by other users (mode {mode:o}); make it yours alone with `chmod go-w` on it, or use another directory (--data-dir DIR)"
            ));
        }
    }
    Ok(())
}

/// Creates a new file (failing if it exists) for writing, with permission bits `mode` on unix.
pub fn create_new_mode(path: &Path, mode: u32) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// Creates `dir` and any missing parents; every directory created gets permission bits
/// `0o700` on unix (existing ones are left as they are).
pub fn create_dir_private(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Flushes a directory entry change (a rename, a new file) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    fn mode_of(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_link_is_written_through() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("NOTES.md");
        fs::write(&notes, "old").unwrap();
        fs::set_permissions(&notes, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&notes, b"new").unwrap();
        assert_eq!(mode_of(&notes), 0o600);
        let link = dir.path().join("LINK.md");
        std::os::unix::fs::symlink(&notes, &link).unwrap();
        write_atomic(&link, b"through").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&notes).unwrap(), "through");
        assert_eq!(mode_of(&notes), 0o600);
        let private = dir.path().join("private.md");
        write_atomic_mode(&private, b"x", 0o600).unwrap();
        assert_eq!(mode_of(&private), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_not_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.md");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = write_atomic(&fifo, b"x").unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn many_files_are_written_whole_with_their_modes_and_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (0..50)
            .map(|i| dir.path().join(format!("{i}.json")))
            .collect();
        fs::write(&paths[3], "old").unwrap();
        write_atomic_many(&paths, 0o600, |i, out| write!(out, "file {i}")).unwrap();
        for (i, p) in paths.iter().enumerate() {
            assert_eq!(fs::read_to_string(p).unwrap(), format!("file {i}"));
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 50);
        #[cfg(unix)]
        assert_eq!(mode_of(&paths[10]), 0o600);
    }

    #[test]
    fn a_failure_among_many_renames_none_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (0..5)
            .map(|i| dir.path().join(format!("{i}.json")))
            .collect();
        fs::write(&paths[0], "old").unwrap();
        let (at, err) = write_atomic_many(&paths, 0o644, |i, out| {
            if i == 3 {
                Err(io::Error::other("no space"))
            } else {
                write!(out, "new {i}")
            }
        })
        .unwrap_err();
        assert_eq!((at, err.to_string()), (paths[3].clone(), "no space".into()));
        assert_eq!(fs::read_to_string(&paths[0]).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temporaries_are_removed_but_not_live_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.minutes.md");
        let dead = dir.path().join(temporary_name("a.minutes.md", 999_999_999));
        let live = dir
            .path()
            .join(temporary_name("a.minutes.md", std::process::id()));
        fs::write(&dead, "x").unwrap();
        fs::write(&live, "x").unwrap();
        assert_eq!(remove_stale_temporaries(&out), 1);
        assert!(!dead.exists() && live.exists());
    }

    #[cfg(unix)]
    #[test]
    fn directories_others_can_write_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(check_own_dir(dir.path()), Ok(()));
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o1777)).unwrap();
        let err = check_own_dir(dir.path()).unwrap_err();
        assert!(err.contains("written by other users"), "{err}");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path(), &link).unwrap();
        assert!(check_own_dir(&link).unwrap_err().contains("symbolic link"));
    }
}
