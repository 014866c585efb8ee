//! gavel: run a meeting from the terminal and write its minutes.
//!
//! The core is event-sourced: [`meeting::Meeting::apply`] is the only place state changes;
//! everything else is an event source (the TUI, transcripts, the journal) or a view
//! (the screen, the minutes).

pub mod agenda;
pub mod clerk;
pub mod cli;
pub mod command;
pub mod config;
pub mod error;
pub mod fsutil;
pub mod github;
pub mod import;
pub mod meeting;
pub mod minutes;
pub mod output;
pub mod recorder;
pub mod rescue;
pub mod role;
pub mod series;
pub mod session;
pub mod share;
#[doc(hidden)]
pub mod testkit;
pub mod text;
pub mod transcript;
pub mod tui;
