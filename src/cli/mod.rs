//! The subcommands behind `gavel`'s command line, one file per family. This is the top
//! floor: nothing else in the crate imports it. Each subcommand returns the exit code to use,
//! or a [`Failure`] that says whether the user's input (2) or the machine (1) was at fault.

mod check;
mod config;
mod github;
mod import;
mod minutes;
mod run;
mod series;
mod sessions;
mod share;

pub use check::{check, new_agenda};
pub use config::{config_init, config_path};
pub use github::{github_agenda, github_publish, GithubAgendaArgs, GithubArgs, GithubPublishArgs};
pub use import::{attendance_import, import, AttendanceImportArgs, ImportArgs};
pub use minutes::{approve, export, replay, ReplayArgs};
pub use run::{run, RunArgs, RunAs};
pub use series::{actions, attendance, cancel, next, CancelArgs};
pub use sessions::{purge_private, sessions};
pub use share::{join, serve, JoinArgs, ServeArgs, TlsFiles};

pub(crate) use minutes::approve_previous;

use crate::agenda::{self, Agenda, Diagnostic, LoadError};
use crate::error::display;
pub use crate::error::Failure;
use crate::text::clean_line;
use std::path::Path;

pub(crate) fn print_diagnostics(file: &str, diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.render(file));
    }
}

/// Loads an agenda for a command that needs a valid one: warnings are printed, errors make
/// the command fail with exit code 2.
pub fn load_agenda(path: &Path) -> Result<(Agenda, String), Failure> {
    let shown = display(path);
    match agenda::load_file(path) {
        Ok((agenda, warnings, source)) => {
            print_diagnostics(&shown, &warnings);
            Ok((agenda, source))
        }
        Err(LoadError::Unreadable(reason)) => {
            Err(Failure::Input(format!("{shown}: {}", clean_line(&reason))))
        }
        Err(LoadError::Invalid(diags)) => Err(Failure::Input(
            diags
                .iter()
                .map(|d| d.render(&shown))
                .collect::<Vec<_>>()
                .join("\n"),
        )),
    }
}
