//! Where applied events go before the screen shows them: the session journal in a live
//! meeting, memory in tests. The TUI only knows this trait.

use crate::meeting::Event;
use std::io;

pub trait Recorder {
    /// Makes `event` durable (for the journal: written and fsync'd) before returning. On
    /// `Err` the recorder still keeps the event: a later `record` or [`Recorder::retry`]
    /// writes it, so the caller must not record it again.
    fn record(&mut self, event: &Event) -> io::Result<()>;
    /// Tries again to write what earlier failures left in memory.
    fn retry(&mut self) -> io::Result<()>;
    /// Keeps `event` to be made durable together with the others held since, by the next
    /// [`Recorder::commit`] (a group commit: one write and one fsync for several events).
    /// Until then it counts as pending, so nothing acknowledges it. By default it is
    /// recorded at once.
    fn hold(&mut self, event: &Event) -> io::Result<()> {
        self.record(event)
    }
    /// Makes everything held (and anything an earlier failure left) durable: for the
    /// journal, one write and one fsync. By default [`Recorder::retry`].
    fn commit(&mut self) -> io::Result<()> {
        self.retry()
    }
    /// Events kept in memory that are not on disk yet.
    fn pending(&self) -> usize;
    /// Saves the half-typed capture line so that a crash loses at most what was typed in the
    /// last two seconds.
    fn save_draft(&mut self, draft: &str) -> io::Result<()>;
    /// The events recorded but not (known to be) on disk, oldest first: what a rescue file
    /// must hold when gavel has to stop before the disk takes them.
    fn unsaved_events(&self) -> Vec<Event> {
        Vec::new()
    }
}

/// Whether a write failed for want of space (a full disk, a quota): said as "disk full",
/// and the session journal mends itself in place once space comes back.
pub fn out_of_space(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT))
        || matches!(
            e.kind(),
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
        )
}

/// Keeps everything in memory: for tests. `fail_with` simulates a failing disk: events are
/// then held as pending, like the journal holds them, until the failure clears.
#[derive(Debug, Default, Clone)]
pub struct MemoryRecorder {
    pub events: Vec<Event>,
    /// How many of `events` count as written.
    pub durable: usize,
    pub draft: String,
    /// When set, every call fails with this error kind (to test disk trouble).
    pub fail_with: Option<io::ErrorKind>,
}

impl MemoryRecorder {
    fn flush(&mut self) -> io::Result<()> {
        if let Some(kind) = self.fail_with {
            return Err(io::Error::new(kind, "simulated disk failure"));
        }
        self.durable = self.events.len();
        Ok(())
    }
}

impl Recorder for MemoryRecorder {
    fn record(&mut self, event: &Event) -> io::Result<()> {
        self.events.push(event.clone());
        self.flush()
    }

    fn hold(&mut self, event: &Event) -> io::Result<()> {
        self.events.push(event.clone());
        Ok(())
    }

    fn retry(&mut self) -> io::Result<()> {
        self.flush()
    }

    fn pending(&self) -> usize {
        self.events.len() - self.durable
    }

    fn unsaved_events(&self) -> Vec<Event> {
        self.events[self.durable..].to_vec()
    }

    fn save_draft(&mut self, draft: &str) -> io::Result<()> {
        if let Some(kind) = self.fail_with {
            return Err(io::Error::new(kind, "simulated disk failure"));
        }
        self.draft = draft.to_string();
        Ok(())
    }
}

/// Records nothing and never fails: for a meeting that lives only in memory (`gavel replay`
/// reads its transcript again each time).
#[derive(Debug, Default, Clone, Copy)]
pub struct NullRecorder;

impl Recorder for NullRecorder {
    fn record(&mut self, _event: &Event) -> io::Result<()> {
        Ok(())
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
