//! The capture line: the text being typed, the lines entered before (recalled with ↑ and ↓),
//! and the draft: when the line last changed and what of it is saved already, so that a
//! crash loses at most the last second of typing.
//!
//! Tab completion keeps no state of its own: it reads the line and replaces it (`App`).

use chrono::{DateTime, Duration, Utc};
use tui_input::{Input, InputRequest};

/// How soon after the last keystroke to save a draft.
pub const DRAFT_DELAY_SECS: i64 = 1;

/// The most one entry (the capture line, a pasted line) holds, in bytes of UTF-8: 64 KiB,
/// the meeting's one limit. Longer text is refused with its length, never cut.
pub use crate::meeting::MAX_ENTRY_BYTES;

#[derive(Debug, Default, Clone)]
pub struct CaptureLine {
    input: Input,
    /// Lines entered, oldest first (a line entered twice in a row is kept once).
    history: Vec<String>,
    /// The entry of `history` on the line while going through it.
    history_pos: Option<usize>,
    /// The line as typed before going through the history.
    history_draft: String,
    /// The draft as last saved.
    draft_saved: String,
    /// When the line changed since the draft was saved.
    draft_changed_at: Option<DateTime<Utc>>,
}

impl CaptureLine {
    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn is_empty(&self) -> bool {
        self.input.value().is_empty()
    }

    /// The horizontal scroll that keeps the cursor in `width` columns.
    pub fn visual_scroll(&self, width: usize) -> usize {
        self.input.visual_scroll(width)
    }

    /// The cursor's column in the text.
    pub fn visual_cursor(&self) -> usize {
        self.input.visual_cursor()
    }

    /// Puts `text` on the line (the draft timer is left as it is).
    pub fn set(&mut self, text: String) {
        self.input = Input::new(text);
    }

    /// Empties the line (the draft timer is left as it is).
    pub fn clear(&mut self) {
        self.input.reset();
    }

    /// The line changed at `now`: its draft is due a moment later.
    pub fn touch(&mut self, now: DateTime<Utc>) {
        self.draft_changed_at = Some(now);
    }

    /// An editing key. A change starts the draft timer and leaves the history.
    /// Applies an editing request. Typing past [`MAX_ENTRY_BYTES`] is refused (false) and
    /// changes nothing.
    pub fn edit(&mut self, request: InputRequest, now: DateTime<Utc>) -> bool {
        if let InputRequest::InsertChar(c) = request {
            if self.input.value().len() + c.len_utf8() > MAX_ENTRY_BYTES {
                return false;
            }
        }
        let before = self.input.value().to_string();
        self.input.handle(request);
        if self.input.value() != before {
            self.draft_changed_at = Some(now);
            self.history_pos = None;
        }
        true
    }

    /// Inserts `text` (one line, already cleaned) at the cursor, as a paste does. Refused
    /// (Err with the length the line would have) past [`MAX_ENTRY_BYTES`].
    pub fn insert_str(&mut self, text: &str, now: DateTime<Utc>) -> Result<(), usize> {
        let value = self.input.value();
        let len = value.len() + text.len();
        if len > MAX_ENTRY_BYTES {
            return Err(len);
        }
        let cursor = self.input.cursor();
        let at = value
            .char_indices()
            .nth(cursor)
            .map_or(value.len(), |(i, _)| i);
        let mut joined = String::with_capacity(len);
        joined.push_str(&value[..at]);
        joined.push_str(text);
        joined.push_str(&value[at..]);
        self.input = Input::new(joined).with_cursor(cursor + text.chars().count());
        self.draft_changed_at = Some(now);
        self.history_pos = None;
        Ok(())
    }

    /// Esc: the line is emptied and the history left.
    pub fn discard(&mut self, now: DateTime<Utc>) {
        self.input.reset();
        self.draft_changed_at = Some(now);
        self.history_pos = None;
    }

    /// A draft restored after a crash: on the line, and on disk already.
    pub fn restore(&mut self, draft: &str) {
        self.input = Input::new(draft.to_string());
        self.draft_saved = draft.to_string();
    }

    /// The line was taken: empty it and remember it.
    pub fn accept(&mut self, line: &str, now: DateTime<Utc>) {
        if self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_string());
        }
        self.history_pos = None;
        self.input.reset();
        self.draft_changed_at = Some(now);
    }

    /// ↑ (`delta` < 0) and ↓ through the lines entered before.
    pub fn recall(&mut self, delta: i64) {
        if self.history.is_empty() {
            return;
        }
        let pos = match (self.history_pos, delta < 0) {
            (None, true) => {
                self.history_draft = self.input.value().to_string();
                self.history.len() - 1
            }
            (None, false) => return,
            (Some(p), true) => p.saturating_sub(1),
            (Some(p), false) if p + 1 >= self.history.len() => {
                self.history_pos = None;
                self.input = Input::new(std::mem::take(&mut self.history_draft));
                return;
            }
            (Some(p), false) => p + 1,
        };
        self.history_pos = Some(pos);
        self.input = Input::new(self.history[pos].clone());
    }

    /// Whether a draft was saved that is not empty.
    pub fn has_saved_draft(&self) -> bool {
        !self.draft_saved.is_empty()
    }

    /// The line to save as the draft, when it differs from the one saved. When it does not,
    /// the draft is no longer due.
    pub fn draft_to_save(&mut self) -> Option<String> {
        if self.input.value() == self.draft_saved {
            self.draft_changed_at = None;
            return None;
        }
        Some(self.input.value().to_string())
    }

    /// `draft` is on disk now.
    pub fn draft_saved(&mut self, draft: String) {
        self.draft_saved = draft;
        self.draft_changed_at = None;
    }

    /// Whether the draft has settled and is due to be saved at `now`.
    pub fn draft_due(&self, now: DateTime<Utc>) -> bool {
        self.draft_changed_at
            .is_some_and(|t| now - t >= Duration::seconds(DRAFT_DELAY_SECS))
    }

    /// Milliseconds from `now` until the draft is due (zero or less once due), if one is
    /// waiting.
    pub fn draft_due_in_ms(&self, now: DateTime<Utc>) -> Option<i64> {
        self.draft_changed_at
            .map(|changed| (changed + Duration::seconds(DRAFT_DELAY_SECS) - now).num_milliseconds())
    }
}
