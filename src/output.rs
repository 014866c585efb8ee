//! Reading the files a user names and writing the files gavel makes: one size-limited text
//! reader, one guarded atomic write that never replaces someone else's file unasked, and the
//! marks by which gavel recognises its own files.

use crate::error::{io_reason, Failure};
use crate::fsutil::{write_atomic, write_atomic_with};
use std::io::{Read, Write};
use std::path::Path;

/// Marks every Markdown file gavel writes, so that it never overwrites someone else's file
/// unasked. Files written now carry a hash of the rest of the file in it ([`md_marked`]), so
/// that a hand edit since gavel wrote the file is seen; this plain form, written by older
/// builds, is still recognised as gavel's.
pub const MD_MARKER: &str = "<!-- written by gavel -->";
/// How the hashed marker starts: `<!-- written by gavel · fnv1a64:0123456789abcdef -->`.
const MD_HASHED_PREFIX: &str = "<!-- written by gavel · fnv1a64:";
/// The same mark for the TOML agendas gavel writes.
pub const TOML_MARKER: &str = "# written by gavel";

/// Every JSON file gavel writes names a `gavel.` schema near its top.
pub const JSON_MARK: &str = "\"schema\": \"gavel.";

/// The largest text file gavel reads: agendas, transcripts, minutes.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// What kind of file is being read, for the messages: "is a directory, not an agenda file",
/// "agendas larger than 10 MiB are refused".
#[derive(Clone, Copy, Debug)]
pub struct TextKind {
    /// With its article: "an agenda file".
    pub one: &'static str,
    /// Plural: "agendas".
    pub many: &'static str,
}

pub const AGENDA: TextKind = TextKind {
    one: "an agenda file",
    many: "agendas",
};
pub const TRANSCRIPT: TextKind = TextKind {
    one: "a transcript file",
    many: "transcripts",
};
pub const MINUTES: TextKind = TextKind {
    one: "a minutes file",
    many: "minutes files",
};
pub const DOCUMENT: TextKind = TextKind {
    one: "a text file",
    many: "documents",
};

pub const REPORT: TextKind = TextKind {
    one: "a participant report",
    many: "reports",
};

/// Reads a regular text file of at most [`MAX_FILE_BYTES`], as UTF-8, without its
/// byte-order mark. The error is a short reason for a person, without the file name.
pub fn read_text(path: &Path, kind: TextKind) -> Result<String, String> {
    let bytes = read_bytes(path, kind)?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Ok(text)
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`] (for text in another encoding,
/// as the UTF-16 attendance report of Teams). The error is a short reason, as for
/// [`read_text`].
pub fn read_bytes(path: &Path, kind: TextKind) -> Result<Vec<u8>, String> {
    let too_big = |len: u64| {
        let mib = len.div_ceil(1024 * 1024);
        format!("is {mib} MiB; {} larger than 10 MiB are refused", kind.many)
    };
    let file = open_regular(path, kind, MAX_FILE_BYTES, too_big)?;
    let mut bytes = Vec::new();
    // `take` guards against a file that grows between the check and the read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_reason(&e, kind))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "is larger than 10 MiB; {} larger than 10 MiB are refused",
            kind.many
        ));
    }
    Ok(bytes)
}

/// The most a text file read a line at a time ([`text_lines`]) may hold: what it keeps is
/// what it makes (a transcript's meeting), never the file.
pub const MAX_STREAMED_BYTES: u64 = 1024 * 1024 * 1024;

/// A regular text file read one line at a time (a transcript: a long one is never whole in
/// memory), as [`read_text`] would split it with `str::lines`: without the byte-order mark,
/// each line without its `\n` or `\r\n`. At most [`MAX_STREAMED_BYTES`] in all, a line at
/// most [`MAX_FILE_BYTES`]. The lines end at the first problem (not UTF-8, a line too long,
/// a read error), which [`TextLines::finish`] then gives, as a short reason for a person.
pub struct TextLines {
    input: std::io::Take<std::io::BufReader<std::fs::File>>,
    line: Vec<u8>,
    /// Bytes read before the current line.
    offset: u64,
    number: usize,
    problem: Option<String>,
    kind: TextKind,
}

/// Opens `path` for [`TextLines`]: a directory, a device or a file over
/// [`MAX_STREAMED_BYTES`] is refused, with the reason.
pub fn text_lines(path: &Path, kind: TextKind) -> Result<TextLines, String> {
    let file = open_regular(path, kind, MAX_STREAMED_BYTES, |len| {
        too_big_to_stream(len, kind)
    })?;
    Ok(TextLines {
        // `take` guards against a file that grows while it is read.
        input: std::io::BufReader::with_capacity(1 << 16, file).take(MAX_STREAMED_BYTES + 1),
        line: Vec::new(),
        offset: 0,
        number: 0,
        problem: None,
        kind,
    })
}

fn too_big_to_stream(len: u64, kind: TextKind) -> String {
    format!(
        "is {} MiB; {} larger than {} MiB are refused",
        len.div_ceil(1024 * 1024),
        kind.many,
        MAX_STREAMED_BYTES / (1024 * 1024)
    )
}

impl TextLines {
    /// The problem that ended the lines early, if one did.
    pub fn finish(self) -> Result<(), String> {
        self.problem.map_or(Ok(()), Err)
    }

    fn next_line(&mut self) -> Result<Option<String>, String> {
        use std::io::BufRead;
        self.line.clear();
        let read = (&mut self.input)
            .take(MAX_FILE_BYTES + 1)
            .read_until(b'\n', &mut self.line)
            .map_err(|e| read_reason(&e, self.kind))?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        let start = self.offset;
        self.offset += read as u64;
        if self.offset > MAX_STREAMED_BYTES {
            return Err(too_big_to_stream(self.offset, self.kind));
        }
        let mut bytes = self.line.as_slice();
        if let Some(rest) = bytes.strip_suffix(b"\n") {
            bytes = rest.strip_suffix(b"\r").unwrap_or(rest);
        } else if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "line {} is longer than 10 MiB; a line of {} holds at most 10 MiB",
                self.number, self.kind.one
            ));
        }
        let mut skip = 0;
        if start == 0 && bytes.starts_with("\u{FEFF}".as_bytes()) {
            skip = "\u{FEFF}".len();
        }
        match std::str::from_utf8(&bytes[skip..]) {
            Ok(text) => Ok(Some(text.to_owned())),
            Err(e) => Err(format!(
                "is not UTF-8 text (invalid byte at offset {})",
                start + (skip + e.valid_up_to()) as u64
            )),
        }
    }
}

impl Iterator for TextLines {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if self.problem.is_some() {
            return None;
        }
        self.next_line().unwrap_or_else(|problem| {
            self.problem = Some(problem);
            None
        })
    }
}

/// Opens the regular file at `path` of at most `limit` bytes (`too_big`: the reason for a
/// larger one); a directory or anything else that is not a regular file is refused (a FIFO
/// would block the read, a device could be endless).
fn open_regular(
    path: &Path,
    kind: TextKind,
    limit: u64,
    too_big: impl Fn(u64) -> String,
) -> Result<std::fs::File, String> {
    let meta = std::fs::metadata(path).map_err(|e| read_reason(&e, kind))?;
    if meta.is_dir() {
        return Err(format!("is a directory, not {}", kind.one));
    }
    if !meta.is_file() {
        return Err(format!("is not a regular file, not {}", kind.one));
    }
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    std::fs::File::open(path).map_err(|e| read_reason(&e, kind))
}

/// Why a file of `kind` could not be read, for a person.
fn read_reason(e: &std::io::Error, kind: TextKind) -> String {
    match e.kind() {
        std::io::ErrorKind::IsADirectory => format!("is a directory, not {}", kind.one),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => io_reason(e),
        _ => format!("cannot be read ({})", io_reason(e)),
    }
}

/// [`read_text`] for a command: a file that cannot be read is bad input, `PATH: reason`.
pub fn read_input(path: &Path, kind: TextKind) -> Result<String, Failure> {
    read_text(path, kind).map_err(|reason| Failure::input_at(path, reason))
}

/// Writes `doc` to `output` (atomically, refusing to clobber a file gavel did not write) or
/// to standard output.
pub fn emit(output: Option<&Path>, doc: &str, force: bool) -> Result<(), Failure> {
    emit_with(output, force, false, |out| out.write_all(doc.as_bytes()))
}

/// [`emit`] for a document that `write` makes a piece at a time (a long meeting's minutes
/// are never whole in memory): to `output` through a temporary file renamed into place, a
/// new file owner-only when `private`, or to standard output, buffered.
pub fn emit_with(
    output: Option<&Path>,
    force: bool,
    private: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    match output {
        Some(path) => {
            refuse_to_replace(path, force, written_by_gavel)?;
            let mode = if private { 0o600 } else { 0o666 };
            write_atomic_with(path, mode, write).map_err(|e| Failure::cannot_write(path, &e))
        }
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            write(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| Failure::Runtime(format!("cannot write to standard output: {e}")))
        }
    }
}

/// Writes a file atomically. An existing file that gavel did not write is left alone unless
/// `force` is set.
pub fn write_output(path: &Path, doc: &str, force: bool) -> Result<(), Failure> {
    write_guarded(path, doc.as_bytes(), force, written_by_gavel)
}

/// [`write_output`] for text that may hold private entries: a new file is owner-only.
pub fn write_private_output(path: &Path, doc: &str, force: bool) -> Result<(), Failure> {
    emit_with(Some(path), force, true, |out| out.write_all(doc.as_bytes()))
}

/// Writes `bytes` atomically to `path`, unless it is a directory, or an existing file that
/// `ours` does not recognise as gavel's and `force` is not set.
pub fn write_guarded(
    path: &Path,
    bytes: &[u8],
    force: bool,
    ours: fn(&Path) -> bool,
) -> Result<(), Failure> {
    refuse_to_replace(path, force, ours)?;
    write_atomic(path, bytes).map_err(|e| Failure::cannot_write(path, &e))
}

/// Refuses what [`write_output`] would refuse to replace at `path`, without writing: for a
/// caller that checks every file of a batch before writing any.
pub fn check_replaceable(path: &Path, force: bool) -> Result<(), Failure> {
    refuse_to_replace(path, force, written_by_gavel)
}

/// Refuses a directory, anything that is not a regular file (a FIFO would block, a device
/// never ends), and an existing file that `ours` does not recognise unless `force` is set.
fn refuse_to_replace(path: &Path, force: bool, ours: fn(&Path) -> bool) -> Result<(), Failure> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(Failure::input_at(path, "is a directory, not a file")),
        Ok(meta) if !meta.is_file() => Err(Failure::input_at(
            path,
            "is not a regular file; gavel writes only regular files",
        )),
        Ok(_) if !force && !ours(path) => Err(Failure::input_at(
            path,
            "exists, and gavel replaces only a file it can tell it wrote (minutes it made); use --force to overwrite it",
        )),
        _ => Ok(()),
    }
}

/// The first bytes of a file, as text: enough to find gavel's marks.
fn head_of(path: &Path) -> Option<String> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(512)
        .read_to_end(&mut head)
        .ok()?;
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// True when the file at `path` carries one of the marks of a file gavel wrote.
pub fn written_by_gavel(path: &Path) -> bool {
    head_of(path).is_some_and(|head| {
        head.starts_with(MD_MARKER)
            || head.starts_with(MD_HASHED_PREFIX)
            || head.starts_with(TOML_MARKER)
            || head.contains(JSON_MARK)
    })
}

/// A Markdown document as gavel writes it: its marker line, carrying the hash of `body`,
/// then `body`.
pub fn md_marked(body: &str) -> String {
    format!("{}{body}", md_marker(fnv1a64(body.as_bytes())))
}

/// The marker line of a Markdown document whose body (everything after this line) has the
/// FNV-1a hash `hash`.
pub fn md_marker(hash: u64) -> String {
    format!("{MD_HASHED_PREFIX}{hash:016x} -->\n")
}

/// FNV-1a, 64 bits: enough to notice an edit (not to resist a forger, who could as well
/// delete the marker), and to name a joined link's directory.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = Fnv1a::default();
    h.add(bytes);
    h.0
}

/// [`fnv1a64`] a piece at a time: a document written as it is made is hashed as it goes
/// (`io::Write`), for its marker ([`md_marker`]).
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn add(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }

    /// The hash of everything written so far.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Write for Fnv1a {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// True when `text` (a whole Markdown file) carries gavel's hashed marker and the rest of
/// the file no longer has that hash: someone edited it since gavel wrote it. A file with the
/// older plain marker cannot tell, and counts as unedited.
pub fn md_edited(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(MD_HASHED_PREFIX) else {
        return false;
    };
    let Some((marker_tail, body)) = rest.split_once('\n') else {
        return true;
    };
    let hash = marker_tail.strip_suffix(" -->").unwrap_or(marker_tail);
    u64::from_str_radix(hash.trim_end_matches('\r'), 16)
        .map_or(true, |h| h != fnv1a64(body.as_bytes()))
}

/// Refuses to replace the gavel-written Markdown at `path` when it was edited by hand since
/// gavel wrote it, unless `force` is set.
pub fn refuse_if_edited(path: &Path, force: bool) -> Result<(), Failure> {
    if force {
        return Ok(());
    }
    let Ok(text) = read_text(path, DOCUMENT) else {
        return Ok(());
    };
    if md_edited(&text) {
        return Err(Failure::input_at(
            path,
            "was edited by hand since gavel wrote it, and rewriting it would lose those edits: \
             carry them into the JSON minutes beside it (or save a copy), then run again with \
             --force to overwrite it",
        ));
    }
    Ok(())
}

/// True when the file at `path` is an iCalendar file gavel wrote.
pub fn written_ics(path: &Path) -> bool {
    head_of(path).is_some_and(|head| head.contains("PRODID:-//gavel//"))
}

/// A "refuse unless ours" check for a file, as the error the user sees.
pub fn refuse_unless_ours(path: &Path, force: bool) -> Result<(), Failure> {
    refuse_to_replace(path, force, written_by_gavel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_kind() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_text(&dir.path().join("nope.toml"), AGENDA).unwrap_err(),
            "no such file"
        );
        assert_eq!(
            read_text(dir.path(), TRANSCRIPT).unwrap_err(),
            "is a directory, not a transcript file"
        );
    }

    #[test]
    fn a_file_read_a_line_at_a_time_gives_the_lines_read_text_gives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        for text in [
            "\u{FEFF}/start\r\nNote one\n\n  indented\r\nends with a lone \r\nlast",
            "one line\n",
            "",
            "\n\n\r\n",
            "a lone \r in the middle\r",
        ] {
            std::fs::write(&path, text).unwrap();
            let mut lines = text_lines(&path, TRANSCRIPT).unwrap();
            let read: Vec<String> = lines.by_ref().collect();
            assert!(lines.finish().is_ok());
            let whole = read_text(&path, TRANSCRIPT).unwrap();
            assert_eq!(read, whole.lines().collect::<Vec<_>>(), "{text:?}");
        }
        // Not UTF-8 on the third line: the lines before it, then read_text's reason.
        std::fs::write(&path, b"one\ntwo\nthr\xffee\nfour\n").unwrap();
        let mut lines = text_lines(&path, TRANSCRIPT).unwrap();
        assert_eq!(lines.by_ref().collect::<Vec<_>>(), ["one", "two"]);
        let reason = lines.finish().unwrap_err();
        assert_eq!(reason, read_text(&path, TRANSCRIPT).unwrap_err());
        assert_eq!(reason, "is not UTF-8 text (invalid byte at offset 11)");
        assert_eq!(
            text_lines(dir.path(), TRANSCRIPT).err().as_deref(),
            Some("is a directory, not a transcript file")
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_without_reading() {
        let err = read_text(Path::new("/dev/zero"), MINUTES).unwrap_err();
        assert!(err.contains("not a regular file"), "{err}");
    }

    #[test]
    fn the_marker_hash_notices_a_hand_edit() {
        let doc = md_marked("# Minutes\n\n* a note\n");
        assert!(doc.starts_with("<!-- written by gavel · fnv1a64:"), "{doc}");
        assert!(!md_edited(&doc));
        assert!(md_edited(&doc.replace("a note", "a note, edited")));
        assert!(md_edited(&format!("{doc}one more line\n")));
        // The plain marker of older builds cannot tell: never refused.
        assert!(!md_edited("<!-- written by gavel -->\n# anything\n"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.md");
        std::fs::write(&path, &doc).unwrap();
        assert!(written_by_gavel(&path));
        assert!(refuse_if_edited(&path, false).is_ok());
        std::fs::write(&path, doc.replace("a note", "changed")).unwrap();
        assert!(refuse_if_edited(&path, false).is_err());
        assert!(refuse_if_edited(&path, true).is_ok());
    }

    #[test]
    fn gavel_recognises_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("a.md");
        let theirs = dir.path().join("b.md");
        std::fs::write(&ours, format!("{MD_MARKER}\n# x\n")).unwrap();
        std::fs::write(&theirs, "# by hand\n").unwrap();
        assert!(written_by_gavel(&ours));
        assert!(!written_by_gavel(&theirs));
        assert!(write_output(&theirs, "new", false).is_err());
        assert!(write_output(&ours, "new", false).is_ok());
    }
}
