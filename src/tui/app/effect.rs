//! What the update asks the loop to do ([`Effect`]), and the answers' small types: the
//! update itself does no I/O.

use super::Settle;
use crate::minutes::files::MinutesFiles;
use chrono::{DateTime, Utc};
use std::path::PathBuf;

/// What the update asks the loop to do: things outside the app's state (the disk, the
/// terminal, another program). The loop takes them after every update (`App::take_effects`)
/// and hands back what came of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the minutes to these files, then call `App::minutes_written`.
    WriteMinutes(MinutesFiles),
    /// Text for the clipboard: an OSC 52 request to the terminal (wrapped for tmux when
    /// inside it), written after the next frame.
    CopyToClipboard(String),
    /// Ring the terminal bell (after the next frame).
    Bell,
    /// Hand the terminal to the editor for the capture line, then call `App::editor_done`.
    OpenEditor,
    /// Read a call's participant report (`/attendance FILE`, the path as typed, at the
    /// line's time), then call `App::report_read` with both.
    ReadReport { file: String, at: DateTime<Utc> },
    /// Ask the host for `/share` (its links, who joined) or change the shared session
    /// (`/share revoke ROLE`, `/share notes on|off`; both write the session's tokens file),
    /// then call `App::share_changed` with the host's links and participants as they are then.
    ChangeShare(crate::command::ShareAsk),
    /// Save the line being typed as the session's draft (through the clerk, the one that
    /// owns the session), then call `App::draft_saved`.
    SaveDraft(String),
    /// Write the changes the update took, or try again to write those the disk refused
    /// (through the clerk: the journal, or a participant's outbox), then call `App::saved`
    /// with what came of it. The update's changes are written first, before any other
    /// effect and before the next frame shows them.
    Save(Save),
    /// A participant's command the host recorded or refused: take it out of the outbox
    /// (which rewrites its file). The screen shows it as recorded at the next
    /// `NetworkInput::Drained`.
    SettleOutbox(Settle),
    /// The chair's answer to a page's claim to be `name`, someone already present: have the
    /// host confirm or refuse it (at `at`), then call `App::claim_answered`.
    AnswerClaim {
        name: String,
        confirm: bool,
        at: DateTime<Utc>,
    },
}

/// Why the update asked for a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Save {
    /// The update took changes (held by the clerk, see `Clerk::write_later`).
    Changes,
    /// The once-a-second tick, while the disk refuses.
    Retry,
    /// A quit: it goes ahead only once everything is on disk.
    Quit(Exit),
}

/// What happened when the minutes were last written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Ok(Vec<PathBuf>),
    Failed(String),
}

/// How the app wants to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The meeting ended and the moderator quit the summary.
    Finished,
    /// The moderator quit with the session kept open to resume.
    KeepOpen,
}
