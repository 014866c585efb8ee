//! Meeting series: the thread between meetings. From one meeting's minutes, the next
//! meeting's agenda ([`next`]); the running minutes document of the whole series
//! ([`running`]); the next meeting as a calendar event ([`ics`]); and reports read from a
//! directory of minutes ([`reports`]). Writing an agenda as TOML lives with the agenda types
//! (`crate::agenda::to_toml`).
//!
//! Everything here is a pure function of its inputs except the few `append_*` /
//! `read_minutes_dir` functions that touch the disk.

pub mod ics;
pub mod next;
pub mod reports;
pub mod running;

pub use ics::ics;
pub use next::{agenda_from_minutes, cancelled_next, next_date};
pub use reports::{actions_report, attendance_report, open_actions, read_minutes_dir, OpenAction};
pub use running::{
    append_minutes, append_to_running_document, cancelled_section, legacy_key, meeting_key,
    running_section, splice, standing_header,
};
