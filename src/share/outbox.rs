//! A participant's outbox: the commands sent to the host and not yet acknowledged, kept on
//! disk (written and fsync'd before the screen shows them as pending) so that a dropped
//! connection, a killed `gavel join` or a host restart loses none of them. They are sent again
//! after every (re)connect; the host applies each (participant, seq) once.
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

/// What hands a new command to the network thread.
pub type SendHook = Box<dyn FnMut(&Pending)>;

pub struct Outbox {
    path: PathBuf,
    next_seq: u64,
    pending: Vec<Pending>,
    /// The same list, for the network thread to send again after a reconnect.
    shared: Shared,
    /// Hands a new command to the network thread at once.
    send: Option<SendHook>,
}

impl Outbox {
    /// The outbox in `dir` (created 0700), as a earlier run left it.
    pub fn open(dir: &Path) -> io::Result<Outbox> {
        crate::fsutil::create_dir_private(dir)?;
        let path = dir.join("outbox.jsonl");
        let mut next_seq = 1;
        let mut pending = Vec::new();
        match crate::fsutil::read_nofollow(&path) {
            Ok(bytes) => {
                for line in String::from_utf8_lossy(&bytes).lines() {
                    if let Ok(h) = serde_json::from_str::<Header>(line) {
                        next_seq = next_seq.max(h.next_seq);
                    } else if let Ok(p) = serde_json::from_str::<Pending>(line) {
                        next_seq = next_seq.max(p.seq + 1);
                        pending.push(p);
                    }
                    // A torn last line (a kill mid-write) was never shown as pending.
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut outbox = Outbox {
            path,
            next_seq,
            shared: Arc::new(Mutex::new(pending.clone())),
            pending,
            send: None,
        };
        outbox.rewrite()?;
        Ok(outbox)
    }

    /// The list the network thread sends again after each reconnect.
    pub fn shared(&self) -> Shared {
        Arc::clone(&self.shared)
    }

    /// Where new commands go as soon as they are on disk.
    pub fn on_send(&mut self, send: SendHook) {
        self.send = Some(send);
    }

    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }

    pub fn pending_events(&self) -> Vec<Event> {
        self.pending.iter().map(|p| p.event.clone()).collect()
    }

    /// Makes `event` durable as the next command, then hands it to the network.
    pub fn push(&mut self, event: &Event) -> io::Result<u64> {
        let seq = self.next_seq;
        let mut event = event.clone();
        if let Some(by) = &mut event.by {
            by.seq = seq;
        }
        let pending = Pending { seq, event };
        let mut line = serde_json::to_string(&pending).map_err(io::Error::other)?;
        line.push('\n');
        let mut file = crate::fsutil::open_append_nofollow(&self.path)?;
        file.write_all(line.as_bytes())?;
        file.sync_data()?;
        self.next_seq += 1;
        self.pending.push(pending.clone());
        self.share();
        if let Some(send) = &mut self.send {
            send(&pending);
        }
        Ok(seq)
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

    fn rewrite(&mut self) -> io::Result<()> {
        let mut text = serde_json::to_string(&Header {
            next_seq: self.next_seq,
        })
        .map_err(io::Error::other)?;
        text.push('\n');
        for p in &self.pending {
            text.push_str(&serde_json::to_string(p).map_err(io::Error::other)?);
            text.push('\n');
        }
        crate::fsutil::write_atomic_mode(&self.path, text.as_bytes(), 0o600)
    }
}

/// The outbox as the clerk's recorder: on a participant's screen, "recorded" means
/// durable in the outbox and on its way to the host.
pub struct OutboxRecorder(pub Rc<RefCell<Outbox>>);

impl Recorder for OutboxRecorder {
    fn record(&mut self, event: &Event) -> io::Result<()> {
        self.0.borrow_mut().push(event).map(|_| ())
    }

    fn retry(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn pending(&self) -> usize {
        0
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
            EventKind::Note {
                text: text.into(),
                private: false,
            },
        );
        e.by = Some(Author {
            participant: "p".into(),
            name: "Ana".into(),
            seq: 0,
            item: Some(0),
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
}
