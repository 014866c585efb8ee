//! Properties of gavel on hostile input, shared by the cargo-fuzz targets (`fuzz/`) and the
//! proptest versions in the normal test suite (`tests/hostile_props.rs`). Each `check_*`
//! function panics when a property does not hold; the fuzzers and proptest call them on
//! arbitrary input.
//!
//! - the agenda loader never panics, and every diagnostic points inside the file (line >= 1,
//!   column >= 1, both within the text) and renders without control characters;
//! - the command parser never panics; what it accepts applies or is refused, and the minutes
//!   it leads to are well-formed, safe Markdown and JSON; an accepted note round-trips;
//! - the journal reader never panics; every problem it reports names a line that exists;
//!   whatever it reads replays into minutes without control characters.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use gavel::agenda::{parse_str, Agenda};
use gavel::command::{interpret, Interpreted};
use gavel::meeting::{EventKind, Meeting};
use gavel::minutes::{json, markdown, Minutes, Options};
use gavel::session::journal;
use pulldown_cmark::{Event as Md, Options as MdOptions, Parser, Tag, TagEnd};

/// The agenda the command and journal properties run against.
pub const AGENDA: &str = r#"
[meeting]
title = "Hostile Input Committee"
date = 2026-03-04
start = "17:00"
timezone = "Europe/Berlin"
length = "60m"
quorum = 2
moderator = "Ada Moreno"

[[people]]
name = "Ada Moreno"
affiliation = "Acme"
[[people]]
name = "Ben Okafor"
[[people]]
name = "Cy Park"
alternate_for = "Ada Moreno"
votes = false

[[items]]
title = "Alpha"
timebox = "5m"
background = "Some background."
links = ["https://example.org/a"]
[[items]]
title = "Beta"
timebox = "10m"
kind = "decision"

[[actions]]
owner = "Ben Okafor"
text = "Old action"
"#;

pub fn agenda() -> Agenda {
    parse_str(AGENDA).expect("the fixed agenda is valid").0
}

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 16, 0, 0).unwrap()
}

/// A character that must never reach a terminal or an output file from people's text: C0
/// and C1 controls, DEL, bidirectional controls. (Newlines are checked separately where
/// they matter.)
pub fn forbidden(c: char) -> bool {
    c != '\n' && gavel::text::is_unsafe(c)
}

pub fn assert_clean(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| forbidden(c)) {
        panic!("{what} carries the control character {c:?}: {text:?}");
    }
}

/// Markdown parsed the way GitHub reads it (tables, strikethrough, task lists).
pub fn md_events(md: &str) -> Vec<Md<'_>> {
    Parser::new_ext(
        md,
        MdOptions::ENABLE_TABLES | MdOptions::ENABLE_STRIKETHROUGH | MdOptions::ENABLE_TASKLISTS,
    )
    .collect()
}

/// Safety of any minutes gavel writes: no raw HTML except its own `<!-- -->` comments, no
/// image, no link whose scheme is not http, https or mailto, no task-list checkbox, every
/// table row has the header's number of cells, and no control character anywhere.
pub fn assert_markdown_safe(md: &str) {
    assert_clean("the Markdown", md);
    let mut cells = 0usize;
    let mut columns: Option<usize> = None;
    for e in md_events(md) {
        match e {
            Md::Html(h) | Md::InlineHtml(h) => {
                let h = h.trim();
                assert!(
                    h.starts_with("<!--") && h.ends_with("-->"),
                    "raw HTML in the minutes: {h:?}\n{md}"
                );
            }
            Md::Start(Tag::Link { dest_url, .. }) => {
                let d = dest_url.to_ascii_lowercase();
                assert!(
                    ["http://", "https://", "mailto:"]
                        .iter()
                        .any(|s| d.starts_with(s)),
                    "a link with an unsafe destination: {dest_url:?}\n{md}"
                );
            }
            Md::Start(Tag::Image { .. }) => panic!("an image in the minutes:\n{md}"),
            Md::TaskListMarker(_) => panic!("a task-list checkbox in the minutes:\n{md}"),
            Md::Start(Tag::TableHead) | Md::Start(Tag::TableRow) => cells = 0,
            Md::Start(Tag::TableCell) => cells += 1,
            Md::End(TagEnd::TableHead) => columns = Some(cells),
            Md::End(TagEnd::TableRow) => {
                assert_eq!(
                    Some(cells),
                    columns,
                    "a table row with a wrong cell count\n{md}"
                )
            }
            _ => {}
        }
    }
}

/// JSON minutes: valid JSON whose strings hold no control character but newlines (which
/// serde_json writes as `\n`).
pub fn assert_json_safe(js: &str) {
    assert_clean("the JSON", js);
    let value: serde_json::Value = serde_json::from_str(js).expect("the JSON export parses");
    fn walk(v: &serde_json::Value) {
        match v {
            serde_json::Value::String(s) => assert_clean("a JSON string", s),
            serde_json::Value::Array(a) => a.iter().for_each(walk),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| {
                assert_clean("a JSON key", k);
                walk(v)
            }),
            _ => {}
        }
    }
    walk(&value);
}

/// Renders both minutes (public and private) and checks them.
pub fn check_minutes(meeting: &Meeting, now: DateTime<Utc>) {
    for private in [false, true] {
        let m = Minutes::build(meeting, now, Options { private });
        assert_markdown_safe(&markdown::render(&m));
        assert_json_safe(&json::render(&m));
    }
}

// ---------------------------------------------------------------------------------------------
// The agenda loader

/// `parse_str` on arbitrary text: no panic; a failure carries at least one error; every
/// diagnostic (of a failure or a success) is located inside the text, and its rendering is
/// free of control characters.
pub fn check_agenda(source: &str) {
    let body = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let lines: Vec<&str> = body.split('\n').collect();
    let diags = match parse_str(source) {
        Ok((agenda, warnings)) => {
            assert!(warnings.iter().all(|d| !d.is_error()));
            let mut meeting = Meeting::new(agenda);
            let _ = gavel::transcript::run(&mut meeting, "/start\n/present ada\nnote\n/end\n");
            let now = meeting
                .last_at()
                .unwrap_or_else(|| meeting.scheduled_start());
            check_minutes(&meeting, now);
            warnings
        }
        Err(diags) => {
            assert!(
                diags.iter().any(|d| d.is_error()),
                "failure without an error"
            );
            diags
        }
    };
    for d in &diags {
        assert!(
            d.line >= 1 && d.line <= lines.len(),
            "line {} outside 1..={}: {d:?}",
            d.line,
            lines.len()
        );
        let width = lines[d.line - 1].chars().count();
        assert!(
            d.col >= 1 && d.col <= width + 1,
            "column {} outside 1..={} of line {}: {d:?}",
            d.col,
            width + 1,
            d.line
        );
        let shown = d.render("agenda.toml");
        assert_clean("a rendered diagnostic", &shown);
        assert!(
            shown.starts_with(&format!("agenda.toml:{}:{}: ", d.line, d.col)),
            "{shown}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The command parser

/// Feeds `lines` to the parser one by one (a second apart), applying what it accepts.
/// Nothing may panic; every accepted plain note must round-trip through the minutes; the
/// final minutes must be safe.
pub fn check_commands(lines: &[&str]) {
    let mut meeting = Meeting::new(agenda());
    let mut now = start_time();
    for line in lines {
        now += Duration::seconds(1);
        match interpret(line, &meeting, now) {
            Ok(Interpreted::Event(event)) => {
                let note = match &event.kind {
                    EventKind::Capture(gavel::meeting::Capture::Note(gavel::meeting::Note {
                        text,
                        private: false,
                    })) => Some(text.clone()),
                    _ => None,
                };
                let before = meeting.clone();
                match meeting.apply(&event) {
                    Ok(()) => {
                        if let Some(text) = note {
                            check_note_round_trip(&text);
                        }
                    }
                    Err(_) => assert_eq!(meeting, before, "a refused event changed the meeting"),
                }
            }
            Ok(Interpreted::Show { title, body }) => {
                assert_clean("a shown title", &title);
                assert_clean("a shown body", &body);
            }
            Ok(Interpreted::Help) | Ok(Interpreted::RollCall) | Ok(Interpreted::Share(_)) => {}
            // The file is read by the screen or `gavel replay`, never by the parser.
            Ok(Interpreted::AttendanceReport { .. }) => {}
            Err(reason) => assert_clean("a refusal", &reason),
        }
    }
    check_minutes(&meeting, now);
}

/// The text a reader sees in Markdown: text and code spans, with gavel's zero-width space
/// after `@` taken out.
pub fn visible_text(md: &str) -> String {
    let mut out = String::new();
    for e in md_events(md) {
        match e {
            Md::Text(t) | Md::Code(t) => out.push_str(&t),
            Md::SoftBreak | Md::HardBreak => out.push('\n'),
            Md::End(_) => out.push('\n'),
            _ => {}
        }
    }
    without_mention_guards(&out)
}

/// Takes out the zero-width spaces after `@` (gavel's guard against notifying people, and
/// any the text itself carried there), so that texts compare as a reader sees them.
pub fn without_mention_guards(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_at = false;
    for c in text.chars() {
        if c == '\u{200B}' && after_at {
            continue;
        }
        after_at = c == '@';
        out.push(c);
    }
    out
}

/// The block and inline structure of Markdown, text left out: two documents with the same
/// shape differ only in their text.
pub fn shape(md: &str) -> Vec<String> {
    md_events(md)
        .into_iter()
        .filter_map(|e| match e {
            Md::Text(_) | Md::Code(_) => None,
            other => Some(format!("{other:?}")),
        })
        .collect()
}

fn minutes_with_note(text: &str) -> String {
    let mut meeting = Meeting::new(agenda());
    let at = start_time();
    for kind in [
        EventKind::Start,
        EventKind::Capture(gavel::meeting::Capture::Note(gavel::meeting::Note {
            text: text.to_string(),
            private: false,
        })),
    ] {
        meeting
            .apply(&gavel::meeting::Event::new(at, kind))
            .expect("a note applies to a started meeting");
    }
    markdown::render(&Minutes::build(&meeting, at, Options::default()))
}

/// A note with this text (as the parser produced it) renders as exactly that text: the
/// minutes have the same structure as with a plain note, and the visible text differs only
/// by the note's text.
pub fn check_note_round_trip(text: &str) {
    const PLAIN: &str = "PLAINNOTE";
    let hostile = minutes_with_note(text);
    let plain = minutes_with_note(PLAIN);
    assert_eq!(
        shape(&hostile),
        shape(&plain),
        "the note {text:?} changed the Markdown's structure:\n{hostile}"
    );
    let expected = visible_text(&plain).replacen(PLAIN, &without_mention_guards(text), 1);
    assert_eq!(
        visible_text(&hostile),
        expected,
        "the note {text:?} did not survive as text:\n{hostile}"
    );
}

// ---------------------------------------------------------------------------------------------
// The journal reader

/// `journal::read` on arbitrary bytes: no panic; a refusal and a damaged line name a line
/// that exists; every warning names its line; what was read replays (refusals allowed) into
/// safe minutes.
pub fn check_journal(bytes: &[u8]) {
    let count = bytes.split(|&b| b == b'\n').count() - usize::from(bytes.ends_with(b"\n"));
    let count = if bytes.is_empty() { 0 } else { count };
    match journal::read(bytes) {
        Err(newer) => {
            assert!(
                newer.line >= 1 && newer.line <= count,
                "{newer:?} of {count}"
            );
            assert!(newer.version > journal::VERSION);
            assert_clean("a refusal", &newer.to_string());
        }
        Ok(read) => {
            assert!(read.events.len() <= count);
            if let Some(n) = read.damaged_line {
                assert!(n >= 1 && n < count, "damaged line {n} of {count}");
                assert!(!read.clean);
            }
            for w in &read.warnings {
                assert!(w.starts_with("line "), "a warning without its line: {w}");
                let n: usize = w[5..]
                    .split(|c: char| !c.is_ascii_digit())
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("the warning names a line number");
                assert!(n >= 1 && n <= count, "warning names line {n} of {count}");
                assert_clean("a warning", w);
            }
            if read.warnings.is_empty() {
                assert_eq!(read.events.len(), count);
            }
            let (meeting, refused) = Meeting::replay(agenda(), &read.events);
            for (i, _) in &refused {
                assert!(*i < read.events.len());
            }
            let now = meeting
                .ended_at()
                .or(meeting.last_at())
                .unwrap_or_else(|| meeting.scheduled_start());
            check_minutes(&meeting, now);
        }
    }
}

/// Turns arbitrary fuzz bytes into something the journal reader may plausibly see: the
/// first byte picks between raw bytes and journal lines built from real events with
/// hostile text spliced in, so that the fuzzer reaches replay, not only the JSON parser.
pub fn journal_from_fuzz(data: &[u8]) -> Vec<u8> {
    let Some((&mode, rest)) = data.split_first() else {
        return Vec::new();
    };
    if mode % 2 == 0 {
        return rest.to_vec();
    }
    let text = String::from_utf8_lossy(rest);
    let mut out = String::new();
    for (i, piece) in text.split('\n').enumerate() {
        let at = start_time() + Duration::seconds(i as i64 * 7);
        let kind = match i % 8 {
            0 => EventKind::Start,
            1 => EventKind::Capture(gavel::meeting::Capture::Note(gavel::meeting::Note {
                text: piece.to_string(),
                private: false,
            })),
            2 => EventKind::Guest {
                name: piece.to_string(),
                affiliation: Some(piece.to_string()),
            },
            3 => EventKind::Capture(gavel::meeting::Capture::Action(gavel::meeting::Action {
                owners: vec![piece.to_string()],
                text: piece.to_string(),
                due: None,
                private: false,
            })),
            4 => EventKind::Capture(gavel::meeting::Capture::Link(gavel::meeting::Link {
                url: piece.to_string(),
                text: Some(piece.to_string()),
            })),
            5 => EventKind::AddItem {
                title: piece.to_string(),
                presenter: Some(piece.to_string()),
                timebox: 60,
            },
            6 => EventKind::Capture(gavel::meeting::Capture::Outcome(gavel::meeting::Outcome {
                text: piece.to_string(),
                private: false,
            })),
            _ => {
                // Raw: the piece itself is the line (damaged JSON, other versions, ...).
                out.push_str(piece);
                out.push('\n');
                continue;
            }
        };
        out.push_str(&journal::encode(&gavel::meeting::Event::new(at, kind)));
    }
    out.into_bytes()
}

// ---------------------------------------------------------------------------------------------
// The JSON minutes reader

/// JSON minutes as gavel writes them: the starting point for hostile edits.
pub const MINUTES_JSON: &str = include_str!("../golden/working-group.minutes.json");

/// Keys whose values `json::parse` checks against a fixed vocabulary or format (times,
/// dates, kinds, statuses, the zone, the schema): a hostile value there may be refused.
/// Every other string is people's text, which must always be accepted, cleaned.
pub const CHECKED_KEYS: &[&str] = &[
    "schema",
    "timezone",
    "zones",
    "state",
    "scheduled_start",
    "started",
    "ended",
    "cadence",
    "status",
    "joined",
    "left",
    "time",
    "kind",
    "rule",
    "result",
    "start",
    "vote_rule",
    "date",
    "due",
    "from",
    "approved",
];

/// Replaces string leaves of `v` with `pieces` in turn (cycling): every leaf when
/// `checked_too`, else only people's text. `schema` is always kept.
pub fn splice_strings(v: &mut serde_json::Value, pieces: &[String], checked_too: bool) {
    fn walk(
        v: &mut serde_json::Value,
        key: &str,
        pieces: &[String],
        next: &mut usize,
        checked_too: bool,
    ) {
        match v {
            serde_json::Value::String(s) => {
                // The entry's serde tag (`"kind": "note"`) is structure, not a value.
                let tag = key == "kind"
                    && ["note", "outcome", "action", "link", "vote"].contains(&s.as_str());
                if key != "schema" && !tag && (checked_too || !CHECKED_KEYS.contains(&key)) {
                    *s = pieces[*next % pieces.len()].clone();
                    *next += 1;
                }
            }
            serde_json::Value::Array(a) => {
                for x in a {
                    walk(x, key, pieces, next, checked_too);
                }
            }
            serde_json::Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    walk(x, k, pieces, next, checked_too);
                }
            }
            _ => {}
        }
    }
    if pieces.is_empty() {
        return;
    }
    walk(v, "", pieces, &mut 0, checked_too);
}

/// The headings of a Markdown document: (level, text).
pub fn headings(md: &str) -> Vec<(u8, String)> {
    let mut out = Vec::new();
    let mut open: Option<(u8, String)> = None;
    for e in md_events(md) {
        match e {
            Md::Start(Tag::Heading { level, .. }) => open = Some((level as u8, String::new())),
            Md::Text(t) | Md::Code(t) => {
                if let Some((_, s)) = &mut open {
                    s.push_str(&t);
                }
            }
            Md::End(TagEnd::Heading(_)) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// `json::parse` on arbitrary text: no panic; what it accepts is approved and rewritten
/// into Markdown with no raw HTML, control character or broken table row, whose headings
/// are gavel's own (one title, the known sections, one per item), and into JSON without
/// control characters. With `must_accept`, a refusal fails the property.
pub fn check_minutes_json(text: &str, must_accept: bool) {
    let m = match json::parse(text) {
        Ok(m) => m,
        Err(e) => {
            assert!(!must_accept, "people's text refused: {e}\n{text}");
            assert_clean("a refusal", &e);
            return;
        }
    };
    let mut m = m;
    m.approved = chrono::NaiveDate::from_ymd_opt(2026, 3, 23);
    let md = m.document(gavel::minutes::Format::Markdown);
    assert_markdown_safe(&md);
    let hs = headings(&md);
    const SECTIONS: &[&str] = &[
        "Attendance",
        "Recap",
        "Next steps",
        "Agenda",
        "Review of previous actions",
        "Not covered",
        "Time per item",
        "Next meeting",
    ];
    assert_eq!(
        hs.iter().filter(|(l, _)| *l == 1).count(),
        1,
        "one title heading\n{md}"
    );
    assert_eq!(hs.first().map(|h| h.0), Some(1), "{md}");
    for (level, text) in &hs {
        match level {
            1 => {}
            2 => assert!(SECTIONS.contains(&text.as_str()), "heading {text:?}\n{md}"),
            3 => assert!(
                text.split_once('.')
                    .is_some_and(|(n, _)| n.parse::<usize>().is_ok()),
                "item heading {text:?}\n{md}"
            ),
            _ => panic!("a level-{level} heading {text:?}\n{md}"),
        }
    }
    assert_eq!(
        hs.iter().filter(|(l, _)| *l == 3).count(),
        m.items.len(),
        "one heading per item\n{md}"
    );
    assert_json_safe(&m.document(gavel::minutes::Format::Json));
}

/// Fuzz bytes into JSON minutes: the first byte picks raw text, or gavel's own minutes with
/// the rest (split at newlines) spliced into every string (odd: people's text only, which
/// must be accepted; otherwise every field but the schema).
pub fn minutes_json_from_fuzz(data: &[u8]) -> (String, bool) {
    let Some((&mode, rest)) = data.split_first() else {
        return (String::new(), false);
    };
    let text = String::from_utf8_lossy(rest);
    if mode % 3 == 0 {
        return (text.into_owned(), false);
    }
    let pieces: Vec<String> = text.split('\n').map(str::to_string).collect();
    let people_only = mode % 3 == 1;
    let mut v: serde_json::Value = serde_json::from_str(MINUTES_JSON).expect("the golden parses");
    splice_strings(&mut v, &pieces, !people_only);
    (
        serde_json::to_string(&v).expect("a Value serializes"),
        people_only,
    )
}
