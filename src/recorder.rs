//! Where applied events go before the screen shows them: the session journal in a live
//! meeting, memory in tests. The TUI only knows this trait.

use crate::meeting::Event;
use std::io;

pub trait Recorder {
    /// Makes `event` durable (for the journal: written and fsync'd) before returning.
    fn record(&mut self, event: &Event) -> io::Result<()>;
    /// Saves the half-typed capture line so that a crash loses at most what was typed in the
    /// last two seconds.
    fn save_draft(&mut self, draft: &str) -> io::Result<()>;
}

/// Keeps everything in memory: for tests, and for a meeting run without a session.
#[derive(Debug, Default)]
pub struct MemoryRecorder {
    pub events: Vec<Event>,
    pub draft: String,
    /// When set, every call fails with this error kind (to test disk trouble).
    pub fail_with: Option<io::ErrorKind>,
}

impl Recorder for MemoryRecorder {
    fn record(&mut self, event: &Event) -> io::Result<()> {
        if let Some(kind) = self.fail_with {
            return Err(io::Error::new(kind, "simulated disk failure"));
        }
        self.events.push(event.clone());
        Ok(())
    }

    fn save_draft(&mut self, draft: &str) -> io::Result<()> {
        if let Some(kind) = self.fail_with {
            return Err(io::Error::new(kind, "simulated disk failure"));
        }
        self.draft = draft.to_string();
        Ok(())
    }
}
