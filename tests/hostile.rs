//! Hostile input end to end: the corpus in `tests/hostile/` (invented agendas and
//! transcripts) through the real binary and through the live screen (ratatui's TestBackend),
//! plus the file limits. See TESTING.md for the list of classes of bad input.

use crate::common::hostile;

use chrono::{DateTime, Duration, TimeZone, Utc};
use gavel::agenda::parse_str;
use gavel::meeting::Meeting;
use gavel::recorder::MemoryRecorder;
use gavel::tui::{view, App};
use hostile::{assert_clean, assert_json_safe, assert_markdown_safe, md_events, visible_text};
use pulldown_cmark::{CodeBlockKind, Event as Md, Tag, TagEnd};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use unicode_width::UnicodeWidthStr;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus(name: &str) -> PathBuf {
    root().join("tests/hostile").join(name)
}

fn gavel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args(args)
        .current_dir(root())
        .env_remove("GAVEL_DATA_DIR")
        .output()
        .expect("gavel runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("gavel prints UTF-8")
}

fn replay(agenda: &str, transcript: &str, format: &str) -> Output {
    gavel(&[
        "replay",
        corpus(agenda).to_str().unwrap(),
        corpus(transcript).to_str().unwrap(),
        "--format",
        format,
    ])
}

// ---------------------------------------------------------------------------------------------
// Markdown safety

fn markdown_minutes() -> String {
    let out = replay("markdown.toml", "markdown.txt", "md");
    assert_clean("replay's error output", &text(&out.stderr));
    assert_eq!(
        out.status.code(),
        Some(0),
        "every corpus line applies: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

#[test]
fn hostile_markdown_corpus_gives_safe_minutes() {
    let md = markdown_minutes();
    assert_markdown_safe(&md);
    let mut tables = 0;
    let mut rows = 0;
    let mut cells = 0;
    let mut list_depth = 0usize;
    let mut headings = Vec::new();
    let mut heading: Option<String> = None;
    let mut rules = 0;
    let mut charts = 0;
    let mut in_chart = false;
    for e in md_events(&md) {
        match e {
            Md::Start(Tag::Table(_)) => tables += 1,
            Md::Start(Tag::TableRow) => rows += 1,
            Md::Start(Tag::TableCell) => cells += 1,
            Md::Start(Tag::List(_)) => {
                list_depth += 1;
                assert_eq!(list_depth, 1, "a list was injected inside a list:\n{md}");
            }
            Md::End(TagEnd::List(_)) => list_depth -= 1,
            Md::Start(Tag::BlockQuote(_)) => panic!("a block quote was injected:\n{md}"),
            // gavel's own time chart, built from numbers only; any other code block was injected.
            Md::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &*lang == "mermaid" => {
                charts += 1;
                in_chart = true;
            }
            Md::End(TagEnd::CodeBlock) => in_chart = false,
            Md::Start(Tag::CodeBlock(_)) => panic!("a code block was injected:\n{md}"),
            Md::Start(Tag::HtmlBlock) => {}
            Md::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Md::End(TagEnd::Heading(_)) => headings.push(heading.take().unwrap()),
            Md::Text(t) | Md::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t)
                }
                if in_chart {
                    // No person's text reaches the chart: only digits and gavel's own words.
                    let rest: String = t
                        .replace("xychart-beta", "")
                        .replace("\"Minutes used against the time box\"", "")
                        .replace("title", "")
                        .replace("x-axis \"Item\"", "")
                        .replace("y-axis \"Minutes\"", "")
                        .replace("bar", "")
                        .replace("line", "");
                    assert!(
                        rest.chars()
                            .all(|c| c.is_ascii_digit() || " \n\"[],->".contains(c)),
                        "unexpected text in the chart: {rest:?}\n{md}"
                    );
                }
            }
            Md::Rule => rules += 1,
            _ => {}
        }
    }
    assert_eq!(charts, 1, "one time chart:\n{md}");
    assert_eq!(tables, 1, "only the attendance table:\n{md}");
    assert_eq!(rows, 7, "one row per person on the roster:\n{md}");
    assert_eq!(
        cells,
        3 * 8,
        "three columns in every row and the header:\n{md}"
    );
    assert_eq!(rules, 1, "one rule between the two covered items:\n{md}");
    let headings: Vec<String> = headings
        .iter()
        .map(|h| h.replace("@\u{200B}", "@"))
        .collect();
    assert_eq!(
        headings,
        [
            "Board | <script>alert(1)</script> **bold** # not a heading: Wednesday 4 March 2026",
            "Attendance",
            "Recap",
            "Next steps",
            "Agenda",
            "1. | a | b | |---|---| | c | d | (Pipe | Person)",
            "2. ](javascript:alert(1)) <!-- comment --> &#x3C;",
            "Review of previous actions",
            "Not covered",
            "3. Deferred <b>item</b> | with pipe",
            "Time per item",
        ],
        "{md}"
    );
}

#[test]
fn hostile_markdown_corpus_round_trips_as_text() {
    let md = markdown_minutes();
    let seen = visible_text(&md);
    for needle in [
        "Pipe | Person",
        "Org | With | Pipes",
        "Line Break Person",
        "`unbalanced ``tick",
        "***Stars*** ___under___ ~~strike~~",
        "# Heading Person",
        "1. Ordered Person",
        "<script>alert(1)</script>",
        "[link](javascript:alert(1))",
        "![img](https://evil.example/x.png)",
        "Mod <img src=x onerror=alert(1)>",
        "&lt;script&gt; &#x6a;avascript:alert(1) &amp;",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "javascript:alert(document.cookie)",
        "# Not a heading",
        // The background's "- " and "1. " lines are list items by design (the agenda's
        // author writes lists there); their text survives.
        "not a list",
        "+ not a list either",
        "not ordered",
        "> not a quote",
        "```",
        "<img src=x onerror=alert(1)>",
        "&lt;b&gt; &amp; &#60;",
        "| x | y |",
        "**unclosed *emph _under",
        "@maintainers please look",
        "a note with | pipe and <script>alert(1)</script> and [link](javascript:alert(1))",
        "# heading note",
        "- list note",
        "1. ordered note",
        "> quote note",
        "```fenced",
        "indented code note",
        "| col | col |",
        "|-----|-----|",
        "<a href=\"javascript:alert(1)\">click</a>",
        "&lt;script&gt; &amp;amp; &#106;avascript:",
        "**bold** __bold__ *em _em `code ``code",
        "[ ] not a task",
        "[x] not a task",
        "[ref]: https://evil.example",
        "x](javascript:alert(1))",
        "ping @everyone and @octocat/team, mail sc@lists.example.org",
        "<!-- hidden comment -->",
        "<https://example.org> <javascript:alert(1)>",
        "click me (javascript:alert(1))",
        "**agreed** | <b>decided</b> `half",
        "fix | the <table> ### now (due 2026-03-10)",
        "Guest | <b>Name</b> (Org | <i>x</i>)",
        "recap | with <script> and # heading and - list",
        "](javascript:alert(1)) <!-- comment --> &#x3C;",
        "]( &#x3C;script&#x3E;",
    ] {
        assert!(
            seen.contains(needle),
            "`{needle}` did not survive as text:\n{seen}\n---\n{md}"
        );
    }
}

#[test]
fn mentions_never_notify_and_unsafe_links_stay_text() {
    let md = markdown_minutes();
    // Every `@` either follows a letter or digit (an e-mail address) or is followed by a
    // zero-width space, which GitHub does not read as a mention.
    let chars: Vec<char> = md.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '@' {
            let after_word = i > 0 && chars[i - 1].is_alphanumeric();
            assert!(
                after_word || chars.get(i + 1) == Some(&'\u{200B}'),
                "a mention that would notify: {:?}",
                chars[i.saturating_sub(10)..(i + 10).min(chars.len())]
                    .iter()
                    .collect::<String>()
            );
        }
    }
    let mut links = Vec::new();
    for e in md_events(&md) {
        if let Md::Start(Tag::Link { dest_url, .. }) = e {
            links.push(dest_url.to_string());
        }
    }
    assert!(
        links.contains(&"https://ok.example/a%28b%29c".to_string()),
        "{links:?}"
    );
    assert!(
        links.iter().all(|l| l.starts_with("https://")),
        "only the https links are clickable: {links:?}"
    );
}

#[test]
fn very_long_lines_stay_one_row_and_one_note() {
    // 60,000 bytes: within the 64 KiB an entry holds (issue 16.12); a longer line is refused.
    let long = "| <b>x</b> *".repeat(5_000);
    let source = std::fs::read_to_string(corpus("markdown.toml"))
        .unwrap()
        .replace(
            "name = \"Pipe | Person\"",
            &format!("name = \"Pipe {long}\""),
        );
    let (agenda, _) = parse_str(&source).expect("a long name is fine");
    let mut meeting = Meeting::new(agenda);
    let refused = gavel::transcript::run(
        &mut meeting,
        &format!("/start\n/present pipe\n{long}\n/action pipe: {long}\n/end\n"),
    );
    assert!(refused.is_empty(), "{refused:?}");
    let now = meeting.ended_at().unwrap();
    let m = gavel::minutes::Minutes::build(&meeting, now, Default::default());
    let md = gavel::minutes::markdown::render(&m);
    assert_markdown_safe(&md);
    assert!(visible_text(&md).contains(&long));
    let mut other = Meeting::new(meeting.agenda().clone());
    let refused = gavel::transcript::run(&mut other, &format!("/start\n{long}{long}\n"));
    assert!(
        refused.len() == 1 && refused[0].reason.contains("120000 bytes"),
        "{refused:?}"
    );
    hostile::check_note_round_trip(long.trim());
}

// ---------------------------------------------------------------------------------------------
// Terminal safety

fn at(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 17, 0, 0).unwrap() + Duration::minutes(min)
}

fn terminal_meeting(ended: bool) -> Meeting {
    let source = std::fs::read_to_string(corpus("terminal.toml")).unwrap();
    let (agenda, _) = parse_str(&source).expect("the terminal corpus agenda is valid");
    let mut meeting = Meeting::new(agenda);
    let transcript = std::fs::read_to_string(corpus("terminal.txt")).unwrap();
    let transcript = if ended {
        transcript
    } else {
        transcript.replace("/end\n", "")
    };
    let refused = gavel::transcript::run(&mut meeting, &transcript);
    assert!(refused.is_empty(), "{refused:?}");
    meeting
}

fn render(app: &mut App, w: u16, h: u16, now: DateTime<Utc>) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    app.set_screen(ratatui::layout::Rect::new(0, 0, w, h));
    terminal
        .draw(|f| {
            view::draw(f, app, now);
        })
        .unwrap();
    terminal
}

fn assert_screen_clean(terminal: &Terminal<TestBackend>, what: &str) {
    for (i, cell) in terminal.backend().buffer().content().iter().enumerate() {
        assert!(
            !cell.symbol().chars().any(gavel::text::is_unsafe),
            "{what}: control character {:?} on screen at cell {i}:\n{}",
            cell.symbol(),
            terminal.backend()
        );
    }
}

fn key(app: &mut App, code: KeyCode, now: DateTime<Utc>) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE), now);
}

#[test]
fn control_characters_never_reach_the_screen() {
    let mut app = App::new(terminal_meeting(false), Box::new(MemoryRecorder::default()));
    let sizes = [(80, 24), (160, 48), (40, 12), (240, 70)];
    let check = |app: &mut App, what: &str| {
        for (w, h) in sizes {
            let t = render(app, w, h, at(20));
            assert_screen_clean(&t, &format!("{what} at {w}x{h}"));
        }
    };
    check(&mut app, "running meeting");
    // Hostile text typed into the capture line (as a paste or a terminal would deliver it).
    key(&mut app, KeyCode::Enter, at(20));
    for c in "typed \u{1b}[2J \u{9b}31m \u{202e}evil \u{7f}\u{7}".chars() {
        key(&mut app, KeyCode::Char(c), at(20));
    }
    check(&mut app, "capture line with a hostile draft");
    key(&mut app, KeyCode::Enter, at(20));
    check(&mut app, "after recording the hostile draft");
    key(&mut app, KeyCode::Esc, at(20));
    key(&mut app, KeyCode::Char('r'), at(20));
    for c in "\u{1b}[31m".chars() {
        key(&mut app, KeyCode::Char(c), at(20));
    }
    check(&mut app, "roster with a hostile filter");
    key(&mut app, KeyCode::Esc, at(20));
    key(&mut app, KeyCode::Esc, at(20));
    key(&mut app, KeyCode::Char('?'), at(20));
    check(&mut app, "help overlay");

    let mut ended = App::new(terminal_meeting(true), Box::new(MemoryRecorder::default()));
    check(&mut ended, "end summary");
}

#[test]
fn control_characters_never_reach_replay_output() {
    for format in ["md", "json"] {
        let out = replay("terminal.toml", "terminal.txt", format);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let doc = text(&out.stdout);
        assert_clean("replay output", &doc);
        assert_clean("replay errors", &text(&out.stderr));
        assert!(
            !doc.contains("\\u00"),
            "an escaped control in the output:\n{doc}"
        );
        if format == "json" {
            assert_json_safe(&doc);
        } else {
            assert_markdown_safe(&doc);
        }
        assert!(doc.contains('\u{FFFD}'), "controls are shown, not dropped");
    }
}

#[test]
fn a_tampered_journal_cannot_carry_controls_into_export() {
    let data = tempfile::tempdir().unwrap();
    let agenda = corpus("terminal.toml");
    let source = std::fs::read_to_string(&agenda).unwrap();
    let dir = {
        let s = gavel::session::Session::create(data.path(), &agenda, &source).unwrap();
        s.dir().to_path_buf()
    };
    // Lines written by hand, as a tampering editor (or another program) would.
    let journal = [
        r#"{"v":1,"event":{"at":"2026-03-04T17:00:00Z","type":"start"}}"#,
        r#"{"v":1,"event":{"at":"2026-03-04T17:01:00Z","type":"note","text":"esc \u001b]0;pwned\u0007 csi \u009b2J del \u007f bidi \u202e nl \n cr \r"}}"#,
        r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"guest","name":"G\u001b[1m","affiliation":"\u0085"}}"#,
        r#"{"v":1,"event":{"at":"2026-03-04T17:03:00Z","type":"action","owners":["X\u001b[2J"],"text":"t\u0007","due":null}}"#,
        r#"{"v":1,"event":{"at":"2026-03-04T17:04:00Z","type":"add_item","title":"I\u001b[H","presenter":"\u202e","timebox":60}}"#,
        r#"{"v":1,"event":{"at":"2026-03-04T17:05:00Z","type":"recap","text":"r\u001b[31m"}}"#,
        r#"{"v":1,"event":{"at":"2026-03-04T17:06:00Z","type":"end"}}"#,
    ]
    .join("\n")
        + "\n";
    std::fs::write(dir.join("journal.jsonl"), journal).unwrap();
    for format in ["md", "json"] {
        let out = gavel(&["export", dir.to_str().unwrap(), "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let doc = text(&out.stdout);
        assert_clean("export output", &doc);
        assert_clean("export errors", &text(&out.stderr));
        assert!(
            !doc.contains("\\u00"),
            "an escaped control in the export:\n{doc}"
        );
        let shown = if format == "json" {
            doc.clone()
        } else {
            visible_text(&doc)
        };
        assert!(
            shown.contains("esc \u{FFFD}]0;pwned\u{FFFD} csi \u{FFFD}2J"),
            "{doc}"
        );
        if format == "json" {
            assert_json_safe(&doc);
        } else {
            assert_markdown_safe(&doc);
        }
    }
    let out = gavel(&["sessions", "--data-dir", data.path().to_str().unwrap()]);
    assert_clean("gavel sessions", &text(&out.stdout));
    assert_clean("gavel sessions", &text(&out.stderr));
}

#[test]
fn gavel_check_never_prints_control_characters() {
    for (file, line) in [
        ("check_control_bytes.toml", ":7:"),
        ("check_syntax_control.toml", ":2:"),
        ("terminal.toml", ""),
    ] {
        let path = corpus(file);
        let out = gavel(&["check", path.to_str().unwrap()]);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_clean("gavel check stdout", &stdout);
        assert_clean("gavel check stderr", &stderr);
        if line.is_empty() {
            assert_eq!(out.status.code(), Some(0), "{stderr}");
        } else {
            assert_eq!(out.status.code(), Some(2), "{stderr}");
            assert!(
                stderr.contains(&format!("{file}{line}")),
                "the error names the file and line: {stderr}"
            );
            assert!(stderr.contains('\u{FFFD}'), "the bad bytes show: {stderr}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Unicode widths

const WIDE: &str = r#"
[meeting]
title = "Unicode widths"
date = 2026-03-04
start = "17:00"
timezone = "UTC"
length = "60m"

[[people]]
name = "王小明"
affiliation = "北京大学"
[[people]]
name = "Zoë 😀 Émoji 👩‍💻"
affiliation = "🇺🇳 Org"
[[people]]
name = "Combining A\u0301B\u0308C\u0327"
affiliation = "e\u0301e\u0301"
[[people]]
name = "עדי כהן"
affiliation = "جامعة القاهرة"
[[people]]
name = "Plain Name"
affiliation = "Org"
[[people]]
name = "ｆｕｌｌｗｉｄｔｈ ﾊﾝｶｸ"

[[items]]
title = "会議 😀 e\u0301"
timebox = "10m"
"#;

#[test]
fn markdown_table_lines_have_one_display_width() {
    let (agenda, _) = parse_str(WIDE).unwrap();
    let mut meeting = Meeting::new(agenda);
    let refused = gavel::transcript::run(
        &mut meeting,
        "/present 王, zo, comb, עדי, plain\n/start\n/end\n",
    );
    assert!(refused.is_empty(), "{refused:?}");
    let m =
        gavel::minutes::Minutes::build(&meeting, meeting.ended_at().unwrap(), Default::default());
    let md = gavel::minutes::markdown::render(&m);
    assert_markdown_safe(&md);
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 2 + 6, "{md}");
    let widths: Vec<usize> = table.iter().map(|l| l.width()).collect();
    assert!(
        widths.iter().all(|&w| w == widths[0]),
        "table lines of different widths {widths:?}:\n{}",
        table.join("\n")
    );
    // And every column boundary is at the same display column on every line.
    // (Display width as unicode-width measures a string: an emoji ZWJ sequence or a flag
    // counts as one wide character, as terminals and editors show them.)
    let bars = |l: &str| -> Vec<usize> {
        l.char_indices()
            .filter(|&(i, c)| c == '|' && !l[..i].ends_with('\\'))
            .map(|(i, _)| l[..i].width())
            .collect()
    };
    let first = bars(table[0]);
    for l in &table {
        assert_eq!(bars(l), first, "column bars move:\n{}", table.join("\n"));
    }
}

#[test]
fn roster_rows_line_up_on_screen_whatever_the_script() {
    let (agenda, _) = parse_str(WIDE).unwrap();
    let mut meeting = Meeting::new(agenda);
    let refused = gavel::transcript::run(
        &mut meeting,
        "/present 王, zo, comb, עדי, plain, ｆ\n/start\n",
    );
    assert!(refused.is_empty(), "{refused:?}");
    let mut app = App::new(meeting, Box::new(MemoryRecorder::default()));
    // Narrower than 120 columns the roster takes the left column while it has the focus (`r`).
    for (w, h) in [(120, 40), (200, 50), (80, 24)] {
        if w < 120 {
            key(&mut app, KeyCode::Char('r'), at(5));
        }
        let terminal = render(&mut app, w, h, at(5));
        let buf = terminal.backend().buffer();
        // Roster rows end with the join time "17:00" right before the pane's border.
        let mut ends = Vec::new();
        for y in 0..h {
            let row: Vec<&str> = (0..w).map(|x| buf[(x, y)].symbol()).collect();
            let line: String = row.concat();
            if !line.contains("[x]") {
                continue;
            }
            // The column (cell index) where "17:00" ends on this row.
            let mut found = None;
            for x in 0..(w as usize).saturating_sub(5) {
                if row[x..x + 5].concat() == "17:00" {
                    found = Some(x + 5);
                }
            }
            ends.push((found, line));
        }
        assert_eq!(
            ends.len(),
            6,
            "six ticked people on screen at {w}x{h}:\n{}",
            terminal.backend()
        );
        let first = ends[0].0;
        assert!(first.is_some(), "{}", terminal.backend());
        // A name that needs the join time's room gets it (issue 27, item 7): that row shows
        // no time; every time shown ends in the same cell.
        for (end, line) in &ends {
            assert!(
                *end == first || end.is_none(),
                "a roster row does not line up at {w}x{h}: {line:?}\n{}",
                terminal.backend()
            );
        }
        assert!(
            ends.iter().filter(|(end, _)| end.is_some()).count() >= 5,
            "{}",
            terminal.backend()
        );
        assert_screen_clean(&terminal, "unicode roster");
    }
}

// ---------------------------------------------------------------------------------------------
// Limits and files: one line naming the file, exit 2

fn check_one_line(path: &Path, expect: &str) {
    let out = gavel(&["check", path.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}: {stderr}", path.display());
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(
        lines[0].starts_with(&path.display().to_string()),
        "names the file: {stderr}"
    );
    assert!(lines[0].contains(expect), "says why ({expect}): {stderr}");
    assert_clean("gavel check", &stderr);
}

#[test]
fn unusable_agenda_files_get_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);

    std::fs::write(p("latin1.toml"), b"[meeting]\ntitle = \"Caf\xe9\"\n").unwrap();
    check_one_line(&p("latin1.toml"), "not UTF-8");

    std::fs::write(p("binary.toml"), [0u8, 159, 146, 150, 0xff, 0xfe, 0]).unwrap();
    check_one_line(&p("binary.toml"), "not UTF-8");

    std::fs::write(p("empty.toml"), b"").unwrap();
    let out = gavel(&["check", p("empty.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with(&p("empty.toml").display().to_string()));

    std::fs::create_dir(p("dir.toml")).unwrap();
    check_one_line(&p("dir.toml"), "directory");

    check_one_line(&p("missing.toml"), "no such file");

    std::fs::write(p("big.toml"), vec![b'#'; 10 * 1024 * 1024 + 1]).unwrap();
    check_one_line(&p("big.toml"), "larger than 10 MiB");

    // The same limits hold for replay.
    let out = gavel(&["replay", p("dir.toml").to_str().unwrap(), "/dev/null"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_unreadable_agenda_gets_one_line_and_exit_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.toml");
    std::fs::copy(root().join("agendas/steering-committee.toml"), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root (as in some containers): the file is readable whatever its mode.
        eprintln!("skipped: running as root, a mode-000 file is still readable");
        return;
    }
    check_one_line(&path, "permission denied");
}

#[test]
fn bom_and_crlf_agendas_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(root().join("agendas/steering-committee.toml")).unwrap();
    let path = dir.path().join("bom-crlf.toml");
    std::fs::write(&path, format!("\u{FEFF}{}", source.replace('\n', "\r\n"))).unwrap();
    let out = gavel(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn too_many_items_or_people_is_refused_at_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let head = "[meeting]\ntitle = \"Big\"\ndate = 2026-03-04\nstart = \"17:00\"\n\
                timezone = \"UTC\"\nlength = \"60m\"\n";
    for (file, entry) in [
        (
            "items.toml",
            "[[items]]\ntitle = \"x{}\"\ntimebox = \"1m\"\n",
        ),
        ("people.toml", "[[people]]\nname = \"x{}\"\n"),
    ] {
        let path = dir.path().join(file);
        let body: String = (0..10_001)
            .map(|i| entry.replace("{}", &i.to_string()))
            .collect();
        std::fs::write(&path, format!("{head}{body}")).unwrap();
        let started = std::time::Instant::now();
        let out = gavel(&["check", path.to_str().unwrap()]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with(&format!("{}:", path.display())),
            "{stderr}"
        );
        assert!(
            stderr.contains("10000") || stderr.contains("10,000"),
            "{stderr}"
        );
        assert!(
            stderr.lines().any(|l| l.contains(": error: too many")),
            "the error names the line of the first entry too many: {stderr}"
        );
        assert!(stderr.lines().count() <= 10, "a short report: {stderr}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "refused quickly"
        );
    }
}

#[test]
fn minutes_never_overwrite_a_foreign_file() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = root().join("agendas/steering-committee.toml");
    let transcript = root().join("tests/transcripts/steering-committee.txt");
    let foreign = dir.path().join("notes.md");
    let original = b"# My own notes\n\nnot written by gavel\n".to_vec();
    std::fs::write(&foreign, &original).unwrap();
    for format in ["md", "json"] {
        let out = gavel(&[
            "replay",
            agenda.to_str().unwrap(),
            transcript.to_str().unwrap(),
            "--format",
            format,
            "-o",
            foreign.to_str().unwrap(),
        ]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("--force"), "{stderr}");
        assert_eq!(
            std::fs::read(&foreign).unwrap(),
            original,
            "left byte-identical"
        );
    }
    // `gavel new` refuses too.
    let out = gavel(&["new", "-o", foreign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&foreign).unwrap(), original);

    // A file gavel wrote is replaced; --force replaces a foreign one.
    let ours = dir.path().join("ours.md");
    for _ in 0..2 {
        let out = gavel(&[
            "replay",
            agenda.to_str().unwrap(),
            transcript.to_str().unwrap(),
            "-o",
            ours.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let out = gavel(&[
        "replay",
        agenda.to_str().unwrap(),
        transcript.to_str().unwrap(),
        "-o",
        foreign.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_ne!(std::fs::read(&foreign).unwrap(), original);
}
