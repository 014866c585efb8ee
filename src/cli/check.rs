//! `gavel check` and `gavel new`: agendas validated and started.

use super::print_diagnostics;
use crate::agenda::{self, Agenda, LoadError, Severity};
use crate::error::{display, Failure};
use crate::output::emit;
use crate::text::clean_line;
use std::path::{Path, PathBuf};

/// `gavel check`: every agenda is validated and every problem printed.
pub fn check(paths: &[PathBuf]) -> Result<u8, Failure> {
    let mut ok = true;
    for path in paths {
        let shown = display(path);
        match agenda::load_file(path) {
            Ok((agenda, warnings, _)) => {
                print_diagnostics(&shown, &warnings);
                println!("{shown}: {}", summary(&agenda, warnings.len()));
            }
            Err(LoadError::Unreadable(reason)) => {
                ok = false;
                eprintln!("{shown}: {}", clean_line(&reason));
            }
            Err(LoadError::Invalid(diags)) => {
                ok = false;
                print_diagnostics(&shown, &diags);
                let errors = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                eprintln!(
                    "{shown}: {errors} error{} found",
                    if errors == 1 { "" } else { "s" }
                );
            }
        }
    }
    Ok(if ok { 0 } else { 2 })
}

fn summary(a: &Agenda, warnings: usize) -> String {
    let mut s = format!(
        "ok: {} items, {} of {} minutes planned, {} people on the roster",
        a.items.len(),
        a.planned_items() / 60,
        a.meeting.length / 60,
        a.people.len()
    );
    if !a.actions.is_empty() {
        let n = a.actions.len();
        s.push_str(&format!(
            ", {n} open action{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    if warnings > 0 {
        s.push_str(&format!(
            " ({warnings} warning{})",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    s
}

/// `gavel new`: the commented template.
pub fn new_agenda(
    output: Option<&Path>,
    force: bool,
    moderator: Option<&str>,
) -> Result<u8, Failure> {
    let template = match moderator {
        Some(name) => agenda::TEMPLATE.replacen(
            "moderator = \"Ada Moreno\"",
            &format!("moderator = {}", crate::agenda::toml_string(name)),
            1,
        ),
        None => agenda::TEMPLATE.to_string(),
    };
    emit(output, &template, force)?;
    Ok(0)
}
