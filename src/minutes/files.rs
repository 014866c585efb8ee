//! Where a live meeting's minutes go at `/end`: `NAME.minutes.md` and `NAME.minutes.json`
//! beside the agenda (or in the directory the moderator chose), written together.

use super::{Format, Options};
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

    /// Writes both files (each atomically) as of `now`, and returns where they went. Files
    /// that hold the minutes of another meeting (an agenda run again for the next meeting)
    /// are left alone: this meeting's go beside them, named with its date (and start).
    pub fn write(&self, meeting: &Meeting, now: DateTime<Utc>) -> Result<MinutesFiles, Failure> {
        let minutes = super::Minutes::build(meeting, now, self.options());
        let files = self.for_meeting(&minutes);
        // Hand edits of this meeting's Markdown are never lost to a rewrite (`w`, recovery).
        crate::output::refuse_if_edited(&files.markdown, files.force)?;
        let write = if self.private {
            write_private_output
        } else {
            write_output
        };
        write(
            &files.markdown,
            &minutes.document(Format::Markdown),
            files.force,
        )?;
        write(&files.json, &minutes.document(Format::Json), files.force)?;
        Ok(files)
    }

    /// Where the minutes of `meeting` go (see [`MinutesFiles::write`]).
    pub fn of_meeting(&self, meeting: &Meeting) -> MinutesFiles {
        let minutes = super::Minutes::build(meeting, meeting.minutes_time(), self.options());
        self.for_meeting(&minutes)
    }

    /// These files, or dated ones when these hold another meeting's minutes: the date, then
    /// the date and start, then those numbered (the same agenda run several times a day).
    fn for_meeting(&self, minutes: &super::Minutes) -> MinutesFiles {
        const MOST: usize = 99;
        let date = minutes.date.format("%Y-%m-%d").to_string();
        let start = minutes.scheduled_start.replace(':', "");
        let numbered = (2..=MOST).map(|n| Some(format!("{date}-{start}-{n}")));
        [None, Some(date.clone()), Some(format!("{date}-{start}"))]
            .into_iter()
            .chain(numbered)
            .map(|tag| self.tagged(tag.as_deref()))
            .find(|files| !files.hold_another_meeting(minutes))
            .unwrap_or_else(|| self.tagged(Some(&format!("{date}-{start}-{MOST}"))))
    }

    /// `NAME.TAG.minutes.md` for `NAME.minutes.md` (the same files for no tag).
    fn tagged(&self, tag: Option<&str>) -> MinutesFiles {
        let rename = |path: &Path| match tag {
            None => path.to_path_buf(),
            Some(tag) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let name = name.unwrap_or_default();
                let renamed = match name.split_once(".minutes.") {
                    Some((stem, ext)) => format!("{stem}.{tag}.minutes.{ext}"),
                    None => format!("{tag}.{name}"),
                };
                path.with_file_name(renamed)
            }
        };
        MinutesFiles {
            markdown: rename(&self.markdown),
            json: rename(&self.json),
            ..self.clone()
        }
    }

    /// True when the files here hold a meeting other than `minutes`: the JSON names another
    /// date, start, title or time it actually started (the same agenda run again the same
    /// day); or, with no readable JSON, the Markdown's heading (title and date) is another
    /// meeting's. Foreign files are left to the guarded write, which
    /// refuses to replace what gavel did not write.
    fn hold_another_meeting(&self, minutes: &super::Minutes) -> bool {
        let json = crate::output::read_text(&self.json, crate::output::MINUTES).ok();
        if let Some(there) = json.and_then(|text| super::json::parse(&text).ok()) {
            return there.date != minutes.date
                || there.scheduled_start != minutes.scheduled_start
                || there.title != minutes.title
                || there.started != minutes.started;
        }
        let Ok(md) = crate::output::read_text(&self.markdown, crate::output::DOCUMENT) else {
            return false;
        };
        let heading = |text: &str| {
            text.lines()
                .find(|l| l.starts_with("# "))
                .map(str::to_owned)
        };
        heading(&md) != heading(&minutes.document(Format::Markdown))
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

    /// Running an agenda file again for the next meeting never replaces the minutes of the
    /// last one: the new meeting's go beside them, dated.
    #[test]
    fn the_minutes_of_another_meeting_are_never_replaced() {
        use crate::meeting::tests_support::{agenda, t};
        use crate::meeting::{Event, EventKind};
        let dir = tempfile::tempdir().unwrap();
        let files = MinutesFiles::beside(&dir.path().join("weekly.toml"), None, false, false);
        let ended = |agenda: crate::agenda::Agenda, from: i64| {
            let mut m = Meeting::new(agenda);
            for (min, kind) in [(from, EventKind::Start), (from + 30, EventKind::End)] {
                m.apply(&Event::new(t(min), kind)).unwrap();
            }
            m
        };
        let first = ended(agenda(), 0);
        let written = files.write(&first, t(30)).unwrap();
        assert_eq!(written, files);
        let again = files.write(&first, t(30)).unwrap();
        assert_eq!(again, files, "the same meeting rewrites its own files");
        let mut next_agenda = agenda();
        next_agenda.meeting.date = next_agenda.meeting.date + chrono::Days::new(14);
        let fortnight = 14 * 24 * 60;
        let second = ended(next_agenda, fortnight);
        let written = files.write(&second, t(fortnight + 30)).unwrap();
        assert_ne!(written.markdown, files.markdown);
        assert!(written
            .markdown
            .to_string_lossy()
            .ends_with("weekly.2026-03-18.minutes.md"));
        let first_json = std::fs::read_to_string(&files.json).unwrap();
        assert!(
            first_json.contains("\"date\": \"2026-03-04\""),
            "{first_json}"
        );

        // The same agenda run again the same day (started later): beside, never over.
        let later = ended(agenda(), 120);
        let written = files.write(&later, t(150)).unwrap();
        assert!(
            written
                .markdown
                .to_string_lossy()
                .ends_with("weekly.2026-03-04.minutes.md"),
            "{}",
            written.markdown.display()
        );
        let third = ended(agenda(), 240);
        let written = files.write(&third, t(270)).unwrap();
        let fourth = ended(agenda(), 360);
        let written_fourth = files.write(&fourth, t(390)).unwrap();
        assert_ne!(written, written_fourth);
        assert!(written_fourth
            .markdown
            .to_string_lossy()
            .ends_with("-2.minutes.md"));
        assert_eq!(
            std::fs::read_to_string(&files.json).unwrap(),
            first_json,
            "the first meeting's minutes are untouched"
        );
        let again = files.write(&later, t(150)).unwrap();
        assert!(again
            .markdown
            .to_string_lossy()
            .ends_with("weekly.2026-03-04.minutes.md"));
    }
}
