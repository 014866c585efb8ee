//! Where applied events go before the screen shows them: the session journal in a live
//! meeting, memory in tests. The TUI only knows this trait.
//!
//! Recording is two steps so that the screen's update does no I/O: [`Recorder::keep`] holds
//! an event (memory only), [`Recorder::write_pending`] writes and fsyncs everything held.
//! The clerk of a screen keeps during the update and the loop writes before the next frame
//! (`Effect::Save`); everywhere else [`Recorder::record`] does both at once.

use crate::meeting::Event;
use std::io;

pub trait Recorder {
    /// Holds `event` after the ones held before, without writing anything: the next
    /// [`Recorder::write_pending`] makes it durable. Never fails and never blocks.
    fn keep(&mut self, event: &Event);
    /// Writes (for the journal: appends and fsyncs) every event held and not on disk yet,
    /// oldest first: the ones just kept and the ones an earlier failure left. Ok when none
    /// is left pending; on `Err` they stay held for the next call.
    fn write_pending(&mut self) -> io::Result<()>;
    /// Makes `event` durable before returning: [`Recorder::keep`], then
    /// [`Recorder::write_pending`]. On `Err` the recorder still holds the event, so the
    /// caller must not record it again.
    fn record(&mut self, event: &Event) -> io::Result<()> {
        self.keep(event);
        self.write_pending()
    }
    /// Events held in memory that are not on disk yet.
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
    fn keep(&mut self, event: &Event) {
        self.events.push(event.clone());
    }

    fn write_pending(&mut self) -> io::Result<()> {
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
    fn keep(&mut self, _event: &Event) {}

    fn write_pending(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn pending(&self) -> usize {
        0
    }

    fn save_draft(&mut self, _draft: &str) -> io::Result<()> {
        Ok(())
    }
}
