//! Unit tests of the agenda: durations and cadences, and loading an agenda file, where every
//! problem must be reported at its `LINE:COL` with the message `gavel check` prints.

use super::keys::{
    suggest, ACTION_ALIASES, ACTION_KEYS, ITEM_ALIASES, ITEM_KEYS, MEETING_ALIASES, MEETING_KEYS,
    PEOPLE_ALIASES, PEOPLE_KEYS,
};
use super::load::MAX_ENTRIES;
use super::*;
use chrono::Weekday;
use std::path::Path;

#[test]
fn durations_in_every_documented_form() {
    assert_eq!(parse_duration("45m"), Ok(45 * 60));
    assert_eq!(parse_duration("1h30m"), Ok(90 * 60));
    assert_eq!(parse_duration("90s"), Ok(90));
    assert_eq!(parse_duration("2h"), Ok(7200));
    assert_eq!(parse_duration("15"), Ok(15 * 60));
    assert!(parse_duration("0m").is_err());
    assert!(parse_duration("-5").is_err());
    assert!(parse_duration("5x").is_err());
    assert!(parse_duration("m").is_err());
    assert!(parse_duration("1h30").is_err());
    assert!(parse_duration("99999999999999999999h").is_err());
}

#[test]
fn durations_format_back() {
    assert_eq!(format_duration(45 * 60), "45m");
    assert_eq!(format_duration(90 * 60), "1h30m");
    assert_eq!(format_duration(3600), "1h");
    assert_eq!(format_duration(90), "1m30s");
}

#[test]
fn cadences() {
    assert_eq!(parse_cadence("2w").map(|c| c.every_days), Ok(14));
    assert_eq!(parse_cadence("14d").map(|c| c.every_days), Ok(14));
    let c = parse_cadence("2w Mon").unwrap();
    assert_eq!(c.weekday, Some(chrono::Weekday::Mon));
    assert_eq!(c.to_string(), "2w Mon");
    assert!(parse_cadence("fortnightly").is_err());
    assert!(parse_cadence("0w").is_err());
}

const HEAD: &str = "[meeting]\ntitle = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\n";

/// (line, col, severity, message) of every diagnostic; panics if the source is valid.
fn problems(src: &str) -> Vec<(usize, usize, Severity, String)> {
    match parse_str(src) {
        Ok((_, w)) => panic!("expected errors, got a valid agenda with warnings {w:?}"),
        Err(d) => d
            .into_iter()
            .map(|d| (d.line, d.col, d.severity, d.message))
            .collect(),
    }
}

/// The one diagnostic of `src`, as (line, col, message).
fn only(src: &str) -> (usize, usize, String) {
    let p = problems(src);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!(p[0].2, Severity::Error);
    (p[0].0, p[0].1, p[0].3.clone())
}

fn valid(src: &str) -> (Agenda, Vec<Diagnostic>) {
    parse_str(src).unwrap_or_else(|d| panic!("{d:#?}"))
}

#[test]
fn minimal_agenda_has_defaults() {
    let (a, w) = valid(HEAD);
    assert!(w.is_empty());
    assert_eq!(a.meeting.title, "T");
    assert_eq!(a.meeting.length, 3600);
    assert_eq!(a.meeting.vote_rule, VoteRule::Majority);
    assert!(a.people.is_empty() && a.items.is_empty() && a.actions.is_empty());
}

#[test]
fn empty_file_and_missing_meeting() {
    let (l, c, m) = only("");
    assert_eq!((l, c), (1, 1));
    assert!(m.contains("no [meeting] table"), "{m}");
    let (l, c, _) = only("# just a comment\n[[people]]\nname = \"A\"\n");
    assert_eq!((l, c), (1, 1));
}

#[test]
fn toml_syntax_error_at_its_place() {
    let (l, c, m) = only(&format!("{HEAD}quorum = = 3\n"));
    assert_eq!((l, c), (7, 10));
    assert_eq!(m, "invalid TOML: extra `=`, expected nothing");
    // A control character in the file never reaches the message or the shown line.
    let err = parse_str("[meeting]\ntitle = \"a\u{1b}[2Jb\"\n").unwrap_err();
    assert_eq!(err[0].line, 2);
    let shown = err[0].render("f.toml");
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "{shown:?}"
    );
}

#[test]
fn missing_required_keys_at_the_header() {
    let p = problems("\n[meeting]\ntitle = \"T\"\n");
    let want: Vec<_> = ["date", "start", "timezone", "length"]
        .iter()
        .map(|k| {
            (
                2,
                1,
                Severity::Error,
                format!("missing required key `{k}` in [meeting]"),
            )
        })
        .collect();
    assert_eq!(p, want);
    let p = problems(&format!(
            "{HEAD}[[people]]\naffiliation = \"X\"\n[[items]]\ntitle = \"A\"\n[[actions]]\ndue = 2026-01-01\n"
        ));
    let at: Vec<_> = p.iter().map(|(l, c, _, m)| (*l, *c, m.as_str())).collect();
    assert_eq!(
        at,
        [
            (7, 1, "missing required key `name` in [[people]]"),
            (9, 1, "missing required key `timebox` in [[items]]"),
            (11, 1, "missing required key `owner` in [[actions]]"),
            (11, 1, "missing required key `text` in [[actions]]"),
        ]
    );
}

#[test]
fn unknown_keys_with_suggestions() {
    let p = problems(&format!(
            "{HEAD}quorom = 3\n[[items]]\ntitel = \"x\"\ntitle = \"y\"\ntimebox = 5\n[[person]]\nname = \"A\"\n"
        ));
    let at: Vec<_> = p.iter().map(|(l, c, _, m)| (*l, *c, m.as_str())).collect();
    assert_eq!(
        at,
        [
            (
                7,
                1,
                "unknown key `quorom` in [meeting]; did you mean `quorum`?"
            ),
            (
                9,
                1,
                "unknown key `titel` in [[items]]; did you mean `title`?"
            ),
            (
                12,
                3,
                "unknown table or key `person`; did you mean `people`?"
            ),
        ]
    );
    let (_, _, m) = only(&format!("{HEAD}colour = \"red\"\n"));
    assert!(m.contains("allowed keys: title, series"), "{m}");
}

#[test]
fn wrong_types() {
    let (l, c, m) = only(&format!("{HEAD}quorum = \"four\"\n"));
    assert_eq!((l, c), (7, 10));
    assert_eq!(m, "`quorum` must be a whole number, found a string");
    let (l, c, m) = only(&format!("{HEAD}quorum = 0\n"));
    assert_eq!(
        (l, c, m.as_str()),
        (7, 10, "`quorum` must be a positive whole number")
    );
    let (l, c, m) = only(&format!(
        "{HEAD}[[people]]\nname = \"A\"\nvotes = \"yes\"\n"
    ));
    assert_eq!((l, c), (9, 9));
    assert_eq!(m, "`votes` must be true or false, found a string");
    let (l, c, m) = only(&format!("{HEAD}link = 5\n"));
    assert_eq!(
        (l, c, m.as_str()),
        (7, 8, "`link` must be a string, found an integer")
    );
    let (l, c, _) = only(&format!(
        "{HEAD}[[items]]\ntitle = \"A\"\ntimebox = 5\nlinks = \"x\"\n"
    ));
    assert_eq!((l, c), (10, 9));
    let (l, c, _) = only(&format!(
        "{HEAD}[[items]]\ntitle = \"A\"\ntimebox = 5\nlinks = [\"x\", 3]\n"
    ));
    assert_eq!((l, c), (10, 15));
    let (l, c, m) = only(&format!("{HEAD}[[actions]]\nowner = 7\ntext = \"t\"\n"));
    assert_eq!((l, c), (8, 9));
    assert!(m.contains("a name or a list of names"), "{m}");
    let (l, c, _) = only(&format!(
        "{HEAD}[[actions]]\nowner = \"A\"\ntext = \"t\"\ncarried = -1\n"
    ));
    assert_eq!((l, c), (10, 11));
    let (l, c, m) = only(&format!("people = \"x\"\n{HEAD}"));
    assert_eq!((l, c), (1, 10));
    assert!(m.contains("[[people]]"), "{m}");
    let (l, c, m) = only("meeting = 3\n");
    assert_eq!((l, c), (1, 11));
    assert!(m.contains("must be a table"), "{m}");
    let (l, c, m) = only(&format!("{HEAD}[meeting.info]\nlist = 3\n"));
    assert_eq!((l, c), (8, 8));
    assert!(m.contains("`list`"), "{m}");
}

#[test]
fn bad_values() {
    let src = "[meeting]\ntitle = \"\"\ndate = \"2026-13-01\"\nstart = \"25:00\"\ntimezone = \"Mars/Olympus\"\nlength = \"1h30\"\ncadence = \"fortnightly\"\nvote_rule = \"plurality\"\nspeaker_limit = true\n[[items]]\ntitle = \"A\"\ntimebox = \"0m\"\nkind = \"debate\"\n";
    let p = problems(src);
    let at: Vec<_> = p.iter().map(|(l, c, s, _)| (*l, *c, *s)).collect();
    let e = Severity::Error;
    assert_eq!(
        at,
        [
            (2, 9, e),
            (3, 8, e),
            (4, 9, e),
            (5, 12, e),
            (6, 10, e),
            (7, 11, e),
            (8, 13, e),
            (9, 17, e),
            (12, 11, e),
            (13, 8, e),
        ]
    );
    assert_eq!(p[0].3, "`title` must not be empty");
    assert!(
        p[3].3.starts_with("unknown time zone `Mars/Olympus`"),
        "{}",
        p[3].3
    );
    assert!(
        p[4].3.starts_with("bad `length`: `1h30` is not a duration"),
        "{}",
        p[4].3
    );
    assert!(
        p[6].3.starts_with("unknown vote_rule `plurality`"),
        "{}",
        p[6].3
    );
    assert!(p[9].3.starts_with("unknown kind `debate`"), "{}", p[9].3);
    // A date-time where a date belongs.
    let (l, c, m) = only(&HEAD.replace("2026-03-04", "2026-03-04T10:00:00Z"));
    assert_eq!((l, c), (3, 8));
    assert!(m.ends_with("found a date-time"), "{m}");
}

#[test]
fn roster_checks() {
    let src = format!(
            "{HEAD}[[people]]\nname = \"Ada Moreno\"\n[[people]]\nname = \"ada moreno\"\n[[people]]\nname = \"Cy\"\nalternate_for = \"Nobody\"\n[[people]]\nname = \"Di\"\nalternate_for = \"di\"\n"
        );
    let p = problems(&src);
    let at: Vec<_> = p.iter().map(|(l, c, _, m)| (*l, *c, m.as_str())).collect();
    assert_eq!(
            at,
            [
                (
                    10,
                    8,
                    "`ada moreno` is already on the roster (line 8); names must be unique, ignoring case"
                ),
                (13, 17, "`alternate_for` names `Nobody`, who is not on the roster"),
                (16, 17, "`Di` cannot be their own alternate"),
            ]
        );
    // alternate_for is matched ignoring case and stored as the roster spells it.
    let (a, _) = valid(&format!(
            "{HEAD}[[people]]\nname = \"Ada Moreno\"\n[[people]]\nname = \"Bo\"\nalternate_for = \"ada moreno\"\n"
        ));
    assert_eq!(a.people[1].alternate_for.as_deref(), Some("Ada Moreno"));
}

#[test]
fn warnings_do_not_fail_the_load() {
    let src = format!(
            "{HEAD}[[people]]\nname = \"Ada\"\n[[items]]\ntitle = \"A\"\npresenter = \"Zed\"\ntimebox = \"45m\"\n[[items]]\ntitle = \"B\"\ntimebox = 20\n"
        );
    let (a, w) = valid(&src);
    assert_eq!(a.items.len(), 2);
    let at: Vec<_> = w
        .iter()
        .map(|d| (d.line, d.col, d.severity, d.message.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (
                6,
                10,
                Severity::Warning,
                "the items' time boxes add up to 1h5m, 5m more than the meeting's length of 1h"
            ),
            (
                11,
                13,
                Severity::Warning,
                "presenter `Zed` is not on the roster"
            ),
        ]
    );
    // No roster at all: presenters are not checked.
    let (_, w) = valid(&format!(
        "{HEAD}[[items]]\ntitle = \"A\"\npresenter = \"Zed\"\ntimebox = 5\n"
    ));
    assert!(w.is_empty(), "{w:?}");
    // With an error as well, the Err carries both, in file order.
    let bad = src.replace("timebox = 20", "timebox = 20\nfixed = 1");
    let p = problems(&bad);
    assert_eq!(p.len(), 3);
    assert_eq!(p.iter().filter(|d| d.2 == Severity::Error).count(), 1);
    assert_eq!(p[2].0, 16);
}

#[test]
fn collects_every_problem_in_one_pass() {
    let src = "[meeting]\ntitle = 1\nlength = \"x\"\n[[items]]\ntimebox = \"5q\"\n[[actions]]\nowner = []\ntext = \"\"\n";
    let p = problems(src);
    assert!(p.len() >= 8, "{p:#?}");
    let lines: Vec<_> = p.iter().map(|d| d.0).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

#[test]
fn limits() {
    let mut src = HEAD.to_string();
    for i in 0..=MAX_ENTRIES {
        src.push_str(&format!("[[people]]\nname = \"P{i}\"\n"));
    }
    let (l, c, m) = only(&src);
    assert_eq!((l, c), (7 + 2 * MAX_ENTRIES, 1));
    assert!(m.starts_with("too many people"), "{m}");
}

#[test]
fn crlf_and_bom() {
    let crlf = format!("\u{FEFF}{}quorum = \"x\"\r\n", HEAD.replace('\n', "\r\n"));
    let p = parse_str(&crlf).unwrap_err();
    assert_eq!((p[0].line, p[0].col), (7, 10));
    assert_eq!(p[0].source_line, "quorum = \"x\"");
    let ok = format!("\u{FEFF}{}", HEAD.replace('\n', "\r\n"));
    assert_eq!(valid(&ok).0.meeting.title, "T");
    // A multi-line string keeps its lines but loses the carriage returns.
    let (a, _) = valid(&format!(
            "{}[[items]]\r\ntitle = \"A\"\r\ntimebox = 5\r\nbackground = \"\"\"\r\none\r\ntwo\r\n\"\"\"\r\n",
            HEAD.replace('\n', "\r\n")
        ));
    assert_eq!(a.items[0].background.as_deref(), Some("one\ntwo"));
}

#[test]
fn columns_count_characters() {
    let (l, c, _) = only(&format!(
        "{HEAD}[meeting.info]\n\"Liste de diffusion é\" = 3\n"
    ));
    assert_eq!((l, c), (8, 26));
}

#[test]
fn render_format() {
    let d = parse_str(&format!("{HEAD}timezone2 = 1\n"))
        .unwrap_err()
        .remove(0);
    assert_eq!(
            d.render("a.toml"),
            "a.toml:7:1: error: unknown key `timezone2` in [meeting]; did you mean `timezone`?\n  7 | timezone2 = 1\n    | ^"
        );
    let d = Diagnostic {
        severity: Severity::Warning,
        line: 12,
        col: 3,
        message: "m\u{1b}".into(),
        source_line: "日本x".into(),
    };
    assert_eq!(
        d.render("f\u{7}.toml"),
        "f\u{FFFD}.toml:12:3: warning: m\u{FFFD}\n  12 | 日本x\n     |     ^"
    );
}

#[test]
fn sanitizes_text_fields() {
    let (a, _) = valid(&format!(
            "{}[[items]]\ntitle = \"A\\u001b[2J\\nB\"\ntimebox = 5\nbackground = \"x\\u0007\\ny\\u202e\"\n",
            HEAD.replace("title = \"T\"", "title = \"  T\\tx  \"")
        ));
    assert_eq!(a.meeting.title, "T x");
    assert_eq!(a.items[0].title, "A\u{FFFD}[2J B");
    assert_eq!(
        a.items[0].background.as_deref(),
        Some("x\u{FFFD}\ny\u{FFFD}")
    );
}

#[test]
fn full_agenda_round_trips_every_field() {
    let src = r#"
[meeting]
title = "Widget Foundation Steering Committee"
series = "widget-sc"
date = 2026-03-04
start = 17:30:00
timezone = "Europe/Berlin"
length = 90
link = "https://meet.example.org/widget-sc"
moderator = "Ada Moreno"
notetaker = "Ben Okafor"
cadence = "2w Wed"
quorum = 2
vote_rule = "two-thirds"
speaker_limit = "2m30s"

[meeting.info]
"Zulu list" = "sc@lists.example.org"
"Alpha notes" = "https://wiki.example.org"

[[people]]
name = "Ada Moreno"
affiliation = "Acme Labs"
role = "chair"
votes = true

[[people]]
name = "Ben Okafor"

[[people]]
name = "Cy Park"
affiliation = "Globex"
votes = false
alternate_for = "Ada Moreno"
guest = true

[[items]]
title = "Security issue response process"
presenter = "Ada Moreno"
timebox = "15m"
kind = "decision"
background = """Line one.
Line two."""
links = ["https://example.org/pr/1", "https://example.org/pr/2"]
fixed = true
standing = true
speaker_limit = 60

[[items]]
title = "AOB"
timebox = "1h"

[[actions]]
owner = ["Ben Okafor", "Cy Park"]
text = "Draft the security assurance case"
due = "2026-03-01"
from = 2026-02-18
carried = 2

[[actions]]
owner = "Ada Moreno"
text = "Book the room"
"#;
    let (a, w) = valid(src);
    assert!(w.is_empty(), "{w:?}");
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let expected = Agenda {
        meeting: MeetingSpec {
            title: "Widget Foundation Steering Committee".into(),
            series: Some("widget-sc".into()),
            date: d(2026, 3, 4),
            start: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
            timezone: Zone::parse("Europe/Berlin").unwrap(),
            zones: Vec::new(),
            length: 90 * 60,
            link: Some("https://meet.example.org/widget-sc".into()),
            moderator: Some("Ada Moreno".into()),
            notetaker: Some("Ben Okafor".into()),
            cadence: Some(Cadence {
                every_days: 14,
                weekday: Some(Weekday::Wed),
            }),
            quorum: Some(2),
            alternates_count: true,
            vote_rule: VoteRule::TwoThirds,
            speaker_limit: Some(150),
            info: vec![
                ("Zulu list".into(), "sc@lists.example.org".into()),
                ("Alpha notes".into(), "https://wiki.example.org".into()),
            ],
            previous_minutes: None,
            github: None,
        },
        people: vec![
            Person {
                name: "Ada Moreno".into(),
                affiliation: Some("Acme Labs".into()),
                role: "chair".into(),
                votes: true,
                alternate_for: None,
                guest: false,
                github: None,
            },
            Person {
                name: "Ben Okafor".into(),
                affiliation: None,
                role: "member".into(),
                votes: true,
                alternate_for: None,
                guest: false,
                github: None,
            },
            Person {
                name: "Cy Park".into(),
                affiliation: Some("Globex".into()),
                role: "member".into(),
                votes: false,
                alternate_for: Some("Ada Moreno".into()),
                guest: true,
                github: None,
            },
        ],
        items: vec![
            AgendaItem {
                title: "Security issue response process".into(),
                presenter: Some("Ada Moreno".into()),
                timebox: 15 * 60,
                kind: ItemKind::Decision,
                background: Some("Line one.\nLine two.".into()),
                links: vec![
                    "https://example.org/pr/1".into(),
                    "https://example.org/pr/2".into(),
                ],
                fixed: true,
                standing: true,
                speaker_limit: Some(60 * 60),
            },
            AgendaItem {
                title: "AOB".into(),
                presenter: None,
                timebox: 3600,
                kind: ItemKind::Discussion,
                background: None,
                links: vec![],
                fixed: false,
                standing: false,
                speaker_limit: None,
            },
        ],
        actions: vec![
            CarriedAction {
                owners: vec!["Ben Okafor".into(), "Cy Park".into()],
                text: "Draft the security assurance case".into(),
                due: Some(d(2026, 3, 1)),
                from: Some(d(2026, 2, 18)),
                carried: 2,
            },
            CarriedAction {
                owners: vec!["Ada Moreno".into()],
                text: "Book the room".into(),
                due: None,
                from: None,
                carried: 0,
            },
        ],
    };
    assert_eq!(a, expected);
}

#[test]
fn load_file_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let reason = |p: &Path| match load_file(p) {
        Err(LoadError::Unreadable(r)) => r,
        other => panic!("{other:?}"),
    };
    assert_eq!(reason(&dir.path().join("nope.toml")), "no such file");
    assert_eq!(reason(dir.path()), "is a directory, not an agenda file");
    let bin = dir.path().join("bin.toml");
    std::fs::write(&bin, b"[meeting]\ntitle = \"\xff\"\n").unwrap();
    assert_eq!(
        reason(&bin),
        "is not UTF-8 text (invalid byte at offset 19)"
    );
    let big = dir.path().join("big.toml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(12 * 1024 * 1024).unwrap();
    assert_eq!(
        reason(&big),
        "is 12 MiB; agendas larger than 10 MiB are refused"
    );
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    match load_file(&empty) {
        Err(LoadError::Invalid(d)) => {
            assert_eq!((d[0].line, d[0].col), (1, 1));
            assert!(d[0].message.contains("no [meeting] table"));
        }
        other => panic!("{other:?}"),
    }
    let good = dir.path().join("good.toml");
    std::fs::write(&good, format!("\u{FEFF}{}", HEAD.replace('\n', "\r\n"))).unwrap();
    let (a, w, text) = load_file(&good).unwrap();
    assert_eq!(a.meeting.title, "T");
    assert!(w.is_empty());
    assert!(text.starts_with("[meeting]"));
    let e = LoadError::Unreadable("no such file".into());
    assert_eq!(e.render("x.toml"), "x.toml: no such file");
}

/// Every `tests/check_cli_data/NAME.toml` renders exactly as `NAME.expected` says (what
/// `gavel check` is meant to print). `GAVEL_BLESS=1` rewrites the expected files.
#[test]
fn check_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_cli_data");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    for path in names {
        let file = path.file_name().unwrap().to_str().unwrap();
        let out = match load_file(&path) {
            Ok((_, warnings, _)) => warnings
                .iter()
                .map(|d| d.render(file))
                .collect::<Vec<_>>()
                .join("\n"),
            Err(e) => e.render(file),
        };
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "{file}: {out:?}"
        );
        let expected = path.with_extension("expected");
        if std::env::var_os("GAVEL_BLESS").is_some() {
            std::fs::write(&expected, format!("{out}\n")).unwrap();
        }
        let want = std::fs::read_to_string(&expected).unwrap_or_default();
        assert_eq!(out, want.trim_end_matches('\n'), "{file}");
    }
}

#[test]
fn suggestions() {
    assert_eq!(suggest("timbox", ITEM_KEYS, ITEM_ALIASES), Some("timebox"));
    assert_eq!(
        suggest("Vote-Rule", MEETING_KEYS, MEETING_ALIASES),
        Some("vote_rule")
    );
    assert_eq!(
        suggest("organization", PEOPLE_KEYS, PEOPLE_ALIASES),
        Some("affiliation")
    );
    assert_eq!(
        suggest("owners", ACTION_KEYS, ACTION_ALIASES),
        Some("owner")
    );
    assert_eq!(suggest("zzzzzz", ITEM_KEYS, ITEM_ALIASES), None);
}

/// Issue 15: the copy of an agenda run as today's meeting carries today's date and says so.
#[test]
fn redate_sets_the_meetings_date_and_says_so_at_the_top() {
    let source = "# my agenda\n[meeting]\ntitle = \"T\"\ndate = 2025-11-18 # planned\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\n\n[[items]]\ntitle = \"date = 2025-11-18\"\ntimebox = \"5m\"\n";
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let out = super::redate(source, today).expect("redated");
    assert!(out.starts_with(
        "# gavel: run as the meeting of 2026-11-29; the agenda was dated 2025-11-18.\n# my agenda\n"
    ));
    assert!(out.contains("date = 2026-11-29 # planned\n"), "{out}");
    assert!(
        out.contains("title = \"date = 2025-11-18\""),
        "only the meeting's date: {out}"
    );
    let (agenda, _) = super::parse_str(&out).expect("still valid");
    assert_eq!(agenda.meeting.date, today);
}

/// Issue 27: `alternates_count` says whether alternates count toward quorum: true unless
/// the agenda says false, checked like any key, written back only when false.
#[test]
fn alternates_count_is_a_checked_meeting_key() {
    let (a, _) = valid(HEAD);
    assert!(a.meeting.alternates_count);
    let (a, w) = valid(&format!("{HEAD}alternates_count = false\n"));
    assert!(w.is_empty(), "{w:?}");
    assert!(!a.meeting.alternates_count);
    let written = super::write::to_toml(&a, &[]);
    assert!(written.contains("alternates_count = false"), "{written}");
    assert!(!valid(&written).0.meeting.alternates_count);
    let (_, _, m) = only(&format!("{HEAD}alternates_count = \"no\"\n"));
    assert!(
        m.contains("`alternates_count` must be true or false"),
        "{m}"
    );
    let (_, _, m) = only(&format!("{HEAD}alternate_count = false\n"));
    assert!(m.contains("did you mean `alternates_count`?"), "{m}");
}

#[test]
fn github_handles_and_the_repository_load_and_write_back() {
    let src = format!(
        "{HEAD}github = \"example-org/meetings\"\n[[people]]\nname = \"Ada Moreno\"\ngithub = \"@ada-m\"\n"
    );
    let (a, _) = valid(&src);
    assert_eq!(a.people[0].github.as_deref(), Some("ada-m"));
    assert_eq!(a.meeting.github.as_deref(), Some("example-org/meetings"));
    let (back, _) = valid(&to_toml(&a, &[]));
    assert_eq!(back, a);
    let (line, _, msg) = only(&format!(
        "{HEAD}[[people]]\nname = \"Ada Moreno\"\ngithub = \"ada m\"\n"
    ));
    assert_eq!(line, 9);
    assert!(msg.contains("not a GitHub handle"), "{msg}");
    let (_, _, msg) = only(&format!("{HEAD}github = \"meetings\"\n"));
    assert!(msg.contains("owner/repo"), "{msg}");
}
