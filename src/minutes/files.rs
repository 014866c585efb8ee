//! Where a live meeting's minutes go at `/end`: `NAME.minutes.md` and `NAME.minutes.json`
//! beside the agenda (or in the directory the moderator chose), written together.

use super::{document, Format, Options};
use crate::error::Failure;
use crate::meeting::Meeting;
use crate::output::{write_output, write_private_output};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// The two files of a meeting's minutes and how to write them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesFiles {
    pub markdown: PathBuf,
    pub json: PathBuf,
    /// Include private entries (marked).
    pub private: bool,
    /// Overwrite files gavel did not write.
    pub force: bool,
}

impl MinutesFiles {
    /// `NAME.minutes.md` and `NAME.minutes.json` beside the agenda (or in `out`), NAME being
    /// the agenda file's name without its extension.
    pub fn beside(agenda_path: &Path, out: Option<&Path>, private: bool, force: bool) -> Self {
        let stem = agenda_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "meeting".into());
        let dir = match out {
            Some(d) => d.to_path_buf(),
            None => agenda_path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(".")),
        };
        MinutesFiles {
            markdown: dir.join(format!("{stem}.minutes.md")),
            json: dir.join(format!("{stem}.minutes.json")),
            private,
            force,
        }
    }

    /// Both paths, Markdown first.
    pub fn paths(&self) -> [&Path; 2] {
        [&self.markdown, &self.json]
    }

    /// True when one of the files is not on disk.
    pub fn any_missing(&self) -> bool {
        self.paths().iter().any(|p| !p.exists())
    }

    /// The options the minutes are built with.
    pub fn options(&self) -> Options {
        Options {
            private: self.private,
        }
    }

    /// Writes both files (each atomically) as of `now`.
    pub fn write(&self, meeting: &Meeting, now: DateTime<Utc>) -> Result<(), Failure> {
        let md = document(meeting, now, Format::Markdown, self.options());
        let json = document(meeting, now, Format::Json, self.options());
        let write = if self.private {
            write_private_output
        } else {
            write_output
        };
        write(&self.markdown, &md, self.force)?;
        write(&self.json, &json, self.force)
    }

    /// Removes what a crash while writing these files left behind (`.NAME.tmp-PID`).
    pub fn remove_stale_temporaries(&self) {
        for path in self.paths() {
            crate::fsutil::remove_stale_temporaries(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_go_beside_the_agenda_or_into_out() {
        let f = MinutesFiles::beside(Path::new("a/weekly.toml"), None, false, false);
        assert_eq!(f.markdown, Path::new("a/weekly.minutes.md"));
        assert_eq!(f.json, Path::new("a/weekly.minutes.json"));
        let f = MinutesFiles::beside(
            Path::new("weekly.toml"),
            Some(Path::new("out")),
            true,
            false,
        );
        assert_eq!(f.markdown, Path::new("out/weekly.minutes.md"));
        assert!(f.options().private);
    }
}
