//! A participant's outbox: the commands sent to the host and not yet acknowledged, kept on
//! disk (written and fsync'd before the screen shows them as pending) so that a dropped
//! connection, a killed `gavel join` or a host restart loses none of them. They are sent again
//! after every (re)connect; the host applies each (participant, seq) once. A command the
//! disk refuses is kept in memory, numbered but not sent, and counted as not saved until a
//! retry writes it.
//!
//! The file is JSON lines: a first line `{"next_seq":N}`, then one `{"seq":S,"event":...}`
//! per pending command. Sequence numbers only grow, across restarts too, because the host
//! takes a number it has seen as a command already recorded.

use crate::meeting::Event;
use crate::recorder::Recorder;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

#[derive(Serialize, Deserialize)]
struct Header {
    next_seq: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub seq: u64,
    pub event: Event,
}

/// The commands waiting for the host, as the network thread sees them.
pub type Shared = Arc<Mutex<Vec<Pending>>>;

pub struct Outbox {
    path: PathBuf,
    next_seq: u64,
    /// The commands on disk (so to be sent), not yet acknowledged.
    pending: Vec<Pending>,
    /// Commands taken while the disk refused them, oldest first: numbered, kept in memory,
    /// neither on disk nor sent. The next write (a new command, a retry) takes them first.
    unwritten: Vec<Pending>,
    /// A write failed, maybe half way through a line: the next write replaces the whole
    /// file rather than append after what that one left.
    rewrite_next: bool,
    /// The same list, for the network thread to send again after a reconnect.
    shared: Shared,
    /// What opening found wrong, for the participant to read.
    warnings: Vec<String>,
}

/// What an outbox file holds, read line by line.
struct Read {
    next_seq: u64,
    pending: Vec<Pending>,
    /// Whole lines (ended by a newline) that are neither the header nor a command.
    damaged: Vec<Vec<u8>>,
}

impl Read {
    /// Only a last line without its newline may be torn (a kill in the middle of a write,
    /// before the fsync, so never shown as pending nor sent): it alone is dropped. Any
    /// other line that does not read is kept aside, never dropped.
    fn of(bytes: &[u8]) -> Read {
        let mut read = Read {
            next_seq: 1,
            pending: Vec::new(),
            damaged: Vec::new(),
        };
        let mut lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        // What follows the last newline: nothing, or a line whose newline never came.
        let tail = lines.pop().unwrap_or_default();
        for line in lines {
            if !line.trim_ascii().is_empty() && !read.take(line) {
                read.damaged.push(line.to_vec());
            }
        }
        if !tail.trim_ascii().is_empty() {
            // A whole command whose newline did not make it is still a command.
            read.take(tail);
        }
        read
    }

    /// Takes `line` when it is the header or a command.
    fn take(&mut self, line: &[u8]) -> bool {
        if let Ok(h) = serde_json::from_slice::<Header>(line) {
            self.next_seq = self.next_seq.max(h.next_seq);
        } else if let Ok(p) = serde_json::from_slice::<Pending>(line) {
            self.next_seq = self.next_seq.max(p.seq + 1);
            self.pending.push(p);
        } else {
            return false;
        }
        true
    }
}

impl Outbox {
    /// The outbox in `dir` (created 0700), as a earlier run left it. Lines it cannot read
    /// (other than a torn last one) are first copied, whole, to a file beside it
    /// (`outbox.jsonl.damaged-TIMESTAMP`, 0600) and said in [`Outbox::warnings`]; only then
    /// is the outbox written again. When they cannot be kept, it fails and changes nothing.
    pub fn open(dir: &Path) -> io::Result<Outbox> {
        crate::fsutil::create_dir_private(dir)?;
        let path = dir.join("outbox.jsonl");
        let read = match crate::fsutil::read_nofollow(&path) {
            Ok(bytes) => Read::of(&bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Read::of(&[]),
            Err(e) => return Err(e),
        };
        let mut warnings = Vec::new();
        if !read.damaged.is_empty() {
            let aside = keep_aside(&path, &read.damaged, chrono::Utc::now())?;
            warnings.push(format!(
                "the outbox held {} line(s) that are not commands: they were not sent, and are \
                 kept in {}",
                read.damaged.len(),
                crate::error::display(&aside)
            ));
        }
        let mut outbox = Outbox {
            path,
            next_seq: read.next_seq,
            shared: Arc::new(Mutex::new(read.pending.clone())),
            pending: read.pending,
            unwritten: Vec::new(),
            rewrite_next: false,
            warnings,
        };
        outbox.rewrite()?;
        Ok(outbox)
    }

    /// What opening the outbox found wrong (lines kept aside), to be said to the participant.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The list the network thread sends again after each reconnect.
    pub fn shared(&self) -> Shared {
        Arc::clone(&self.shared)
    }

    /// The commands on disk, not yet acknowledged: what is to be sent (the screen's loop
    /// sends each once it is here, `tui::Network::send_written`).
    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }

    /// The commands taken but not on disk yet (held, or the disk refused them), oldest first.
    pub fn unwritten(&self) -> &[Pending] {
        &self.unwritten
    }

    /// Every command not yet recorded by the host, on disk or not, oldest first: what the
    /// screen shows on top of the host's meeting.
    pub fn pending_events(&self) -> Vec<Event> {
        self.pending
            .iter()
            .chain(&self.unwritten)
            .map(|p| p.event.clone())
            .collect()
    }

    /// Makes `event` durable as the next command (then it is pending, to be sent). On `Err`
    /// the command is kept (numbered, in memory, not sent) and written by the next `push`
    /// or [`Outbox::write_unwritten`]: it must not be pushed again.
    pub fn push(&mut self, event: &Event) -> io::Result<u64> {
        let seq = self.hold(event);
        self.write_unwritten()?;
        Ok(seq)
    }

    /// Numbers `event` as the next command and holds it, unwritten, for the next
    /// [`Outbox::write_unwritten`] (no I/O).
    pub fn hold(&mut self, event: &Event) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let mut event = event.clone();
        if let Some(by) = &mut event.by {
            by.seq = seq;
        }
        self.unwritten.push(Pending { seq, event });
        seq
    }

    /// Writes the commands the disk refused before (then they are pending, to be sent).
    pub fn write_unwritten(&mut self) -> io::Result<()> {
        if self.unwritten.is_empty() {
            return Ok(());
        }
        if self.rewrite_next {
            return self.rewrite();
        }
        if let Err(e) = self.append_unwritten() {
            self.rewrite_next = true;
            return Err(e);
        }
        self.now_durable();
        Ok(())
    }

    fn append_unwritten(&self) -> io::Result<()> {
        let mut lines = String::new();
        for p in &self.unwritten {
            lines.push_str(&serde_json::to_string(p).map_err(io::Error::other)?);
            lines.push('\n');
        }
        let mut file = crate::fsutil::open_append_nofollow(&self.path)?;
        file.write_all(lines.as_bytes())?;
        file.sync_data()
    }

    /// The unwritten commands are on disk: they are pending now, to be sent.
    fn now_durable(&mut self) {
        let written = std::mem::take(&mut self.unwritten);
        self.pending.extend(written);
        self.share();
    }

    /// The host recorded (or refused) everything up to `seq` of ours: drop it.
    pub fn settle_through(&mut self, seq: u64) -> io::Result<()> {
        self.next_seq = self.next_seq.max(seq + 1);
        self.drop_where(|p| p.seq <= seq)
    }

    /// The host recorded or refused command `seq`.
    pub fn settle(&mut self, seq: u64) -> io::Result<()> {
        self.drop_where(|p| p.seq == seq)
    }

    fn drop_where(&mut self, gone: impl Fn(&Pending) -> bool) -> io::Result<()> {
        let before = self.pending.len();
        self.pending.retain(|p| !gone(p));
        if self.pending.len() == before {
            return Ok(());
        }
        self.share();
        self.rewrite()
    }

    fn share(&self) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.clone_from(&self.pending);
        }
    }

    /// Replaces the file with the header, the pending commands and the unwritten ones
    /// (which are then on disk, and pending).
    fn rewrite(&mut self) -> io::Result<()> {
        let mut text = serde_json::to_string(&Header {
            next_seq: self.next_seq,
        })
        .map_err(io::Error::other)?;
        text.push('\n');
        for p in self.pending.iter().chain(&self.unwritten) {
            text.push_str(&serde_json::to_string(p).map_err(io::Error::other)?);
            text.push('\n');
        }
        if let Err(e) = crate::fsutil::write_atomic_mode(&self.path, text.as_bytes(), 0o600) {
            if !self.unwritten.is_empty() {
                self.rewrite_next = true;
            }
            return Err(e);
        }
        self.rewrite_next = false;
        self.now_durable();
        Ok(())
    }
}

/// Copies `lines` (whole, as they were) to a new file beside `path`, 0600, fsync'd: where
/// it is.
fn keep_aside(
    path: &Path,
    lines: &[Vec<u8>],
    now: chrono::DateTime<chrono::Utc>,
) -> io::Result<PathBuf> {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "outbox.jsonl".into());
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut n = 1;
    let (aside, mut file) = loop {
        let aside = match n {
            1 => dir.join(format!("{name}.damaged-{stamp}")),
            _ => dir.join(format!("{name}.damaged-{stamp}-{n}")),
        };
        match crate::fsutil::create_new_mode(&aside, 0o600) {
            Ok(file) => break (aside, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    };
    for line in lines {
        file.write_all(line)?;
        file.write_all(b"\n")?;
    }
    file.sync_all()?;
    crate::fsutil::sync_dir(dir)?;
    Ok(aside)
}

/// The outbox as the clerk's recorder: on a participant's screen, "recorded" means
/// durable in the outbox and on its way to the host. A command the disk refused counts as
/// pending (the screen says NOT SAVED) until a retry writes it.
pub struct OutboxRecorder(pub Rc<RefCell<Outbox>>);

impl Recorder for OutboxRecorder {
    fn keep(&mut self, event: &Event) {
        self.0.borrow_mut().hold(event);
    }

    fn write_pending(&mut self) -> io::Result<()> {
        self.0.borrow_mut().write_unwritten()
    }

    fn pending(&self) -> usize {
        self.0.borrow().unwritten().len()
    }

    fn unsaved_events(&self) -> Vec<Event> {
        self.0
            .borrow()
            .unwritten()
            .iter()
            .map(|p| p.event.clone())
            .collect()
    }

    fn save_draft(&mut self, _draft: &str) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{Author, EventKind};
    use chrono::{TimeZone, Utc};

    fn note(text: &str) -> Event {
        let mut e = Event::new(
            Utc.with_ymd_and_hms(2026, 3, 4, 17, 0, 0).unwrap(),
            EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
                text: text.into(),
                private: false,
            })),
        );
        e.by = Some(Author {
            participant: "p".into(),
            name: "Ana".into(),
            seq: 0,
            item: Some(0),
            attendee: false,
        });
        e
    }

    #[test]
    fn pending_commands_and_numbers_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut o = Outbox::open(dir.path()).unwrap();
        assert_eq!(o.push(&note("one")).unwrap(), 1);
        assert_eq!(o.push(&note("two")).unwrap(), 2);
        assert_eq!(o.push(&note("three")).unwrap(), 3);
        o.settle(1).unwrap();
        drop(o);
        let mut o = Outbox::open(dir.path()).unwrap();
        let seqs: Vec<u64> = o.pending().iter().map(|p| p.seq).collect();
        assert_eq!(seqs, [2, 3]);
        assert_eq!(o.pending()[0].event.by.as_ref().unwrap().seq, 2);
        o.settle_through(3).unwrap();
        drop(o);
        // Everything acknowledged: numbers still go on from where they were.
        let mut o = Outbox::open(dir.path()).unwrap();
        assert!(o.pending().is_empty());
        assert_eq!(o.push(&note("four")).unwrap(), 4);
    }

    #[test]
    fn a_torn_last_line_is_not_a_command() {
        let dir = tempfile::tempdir().unwrap();
        let mut o = Outbox::open(dir.path()).unwrap();
        o.push(&note("whole")).unwrap();
        drop(o);
        let path = dir.path().join("outbox.jsonl");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(r#"{"seq":2,"event":{"at":"#);
        std::fs::write(&path, text).unwrap();
        let o = Outbox::open(dir.path()).unwrap();
        assert_eq!(o.pending().len(), 1);
    }

    /// Makes every write to the outbox in `dir` fail (a directory where its file goes: a
    /// failure that holds for root too), or mends it.
    fn break_outbox(dir: &Path, broken: bool) {
        let path = dir.join("outbox.jsonl");
        if broken {
            std::fs::remove_file(&path).unwrap();
            std::fs::create_dir(&path).unwrap();
        } else {
            std::fs::remove_dir(&path).unwrap();
        }
    }

    /// Issue 24: a command the disk refused was reported as 0 pending and the retry as Ok,
    /// and was gone. Now it counts as pending, the retry fails while the disk does, and
    /// the first retry that can write it makes it durable and sends it, in order.
    #[test]
    fn a_command_the_disk_refused_counts_as_pending_until_a_retry_writes_it() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Rc::new(RefCell::new(Outbox::open(dir.path()).unwrap()));
        // What is pending is on disk, and what the screen's loop sends.
        let sent = || -> Vec<u64> { outbox.borrow().pending().iter().map(|p| p.seq).collect() };
        let mut recorder = OutboxRecorder(Rc::clone(&outbox));
        recorder.record(&note("on disk")).unwrap();
        assert_eq!(recorder.pending(), 0);

        break_outbox(dir.path(), true);
        assert!(recorder.record(&note("refused")).is_err());
        assert_eq!(recorder.pending(), 1);
        assert!(recorder.record(&note("refused too")).is_err());
        assert_eq!(recorder.pending(), 2);
        assert!(recorder.write_pending().is_err(), "the disk still refuses");
        assert_eq!(recorder.pending(), 2);
        let unsaved: Vec<String> = recorder
            .unsaved_events()
            .into_iter()
            .map(|e| match e.kind {
                EventKind::Capture(crate::meeting::Capture::Note(crate::meeting::Note {
                    text,
                    ..
                })) => text,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(unsaved, ["refused", "refused too"]);
        // Not sent before it is on disk, but shown (pending) on the screen.
        assert_eq!(sent(), [1]);
        assert_eq!(outbox.borrow().pending_events().len(), 3);

        break_outbox(dir.path(), false);
        recorder.write_pending().unwrap();
        assert_eq!(recorder.pending(), 0);
        assert_eq!(sent(), [1, 2, 3]);
        drop(recorder);
        drop(outbox);
        let o = Outbox::open(dir.path()).unwrap();
        let seqs: Vec<u64> = o.pending().iter().map(|p| p.seq).collect();
        assert_eq!(seqs, [1, 2, 3]);
        assert_eq!(o.pending()[2].event.by.as_ref().unwrap().seq, 3);
        assert!(o.warnings().is_empty());
    }

    /// Issue 24: every line that did not read was dropped, and the file rewritten at once.
    /// Now only a torn last line (no newline) goes; any other is copied aside (0600) and
    /// said, and the commands after it are still there.
    #[test]
    fn only_a_torn_last_line_is_dropped_a_damaged_line_is_kept_aside_and_said() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mut o = Outbox::open(dir.path()).unwrap();
        o.push(&note("first")).unwrap();
        drop(o);
        let path = dir.path().join("outbox.jsonl");
        let mut text = std::fs::read_to_string(&path).unwrap();
        let damaged = "{\"seq\":2,\"event\":{\"at\":\"2026-03-04T17:00:00Z\",\"type\":\"nōte\"}}";
        text.push_str(damaged);
        text.push('\n');
        let third = serde_json::to_string(&Pending {
            seq: 3,
            event: note("third"),
        })
        .unwrap();
        text.push_str(&third);
        text.push('\n');
        text.push_str(r#"{"seq":4,"event":{"at":"#);
        std::fs::write(&path, text).unwrap();

        let o = Outbox::open(dir.path()).unwrap();
        let seqs: Vec<u64> = o.pending().iter().map(|p| p.seq).collect();
        assert_eq!(seqs, [1, 3]);
        assert_eq!(o.warnings().len(), 1, "{:?}", o.warnings());
        assert!(
            o.warnings()[0].contains("1 line(s) that are not commands"),
            "{:?}",
            o.warnings()
        );
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("outbox.jsonl.damaged-")
            })
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert!(o.warnings()[0].contains(&*aside[0].to_string_lossy()));
        assert_eq!(
            std::fs::read_to_string(&aside[0]).unwrap(),
            format!("{damaged}\n")
        );
        let mode = std::fs::metadata(&aside[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // Opened again: nothing more is kept aside, and the commands are still there.
        drop(o);
        let o = Outbox::open(dir.path()).unwrap();
        assert!(o.warnings().is_empty());
        assert_eq!(o.pending().len(), 2);
    }
}
