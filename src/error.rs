//! The one error type of gavel's commands, and how a path or an I/O error is told to the
//! user. Every layer below the command line returns [`Failure`] (or its own small error that
//! converts into it), so that `main` maps errors to exit codes in one place.

use crate::text::clean_line;
use std::path::Path;

/// Why a command failed, and whose fault it was.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Bad input or usage: exit code 2. The message is printed as is.
    #[error("{0}")]
    Input(String),
    /// Something went wrong at run time (disk, terminal): exit code 1.
    #[error("{0}")]
    Runtime(String),
}

impl Failure {
    /// The process exit code this failure maps to.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) => 2,
            Failure::Runtime(_) => 1,
        }
    }

    /// The message, without saying whose fault it was.
    pub fn message(&self) -> &str {
        match self {
            Failure::Input(m) | Failure::Runtime(m) => m,
        }
    }

    /// A file the user named could not be read or written: `PATH: reason`, bad input.
    pub fn input_at(path: &Path, reason: impl std::fmt::Display) -> Self {
        Failure::Input(format!("{}: {reason}", display(path)))
    }

    /// The machine failed while writing `path`: `cannot write PATH: reason`.
    pub fn cannot_write(path: &Path, e: &std::io::Error) -> Self {
        Failure::Runtime(format!("cannot write {}: {}", display(path), io_reason(e)))
    }
}

/// A path as the user should see it, safe for the terminal.
pub fn display(path: &Path) -> String {
    clean_line(&path.display().to_string())
}

/// A short human reason for an I/O error, without the file name.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".into(),
        _ => clean_line(&e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_say_whose_fault() {
        assert_eq!(Failure::Input("x".into()).exit_code(), 2);
        assert_eq!(Failure::Runtime("x".into()).exit_code(), 1);
        assert_eq!(
            Failure::Runtime("disk full".into()).to_string(),
            "disk full"
        );
    }

    #[test]
    fn reasons_are_short() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_reason(&e), "no such file");
        assert_eq!(
            Failure::input_at(Path::new("a\u{1b}b.toml"), "no such file").to_string(),
            "a\u{FFFD}b.toml: no such file"
        );
    }
}
