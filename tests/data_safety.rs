//! Issue 16's data holes (items 7, 8, 10-14), each driven through the real binary where a
//! user would meet it: approved minutes that trust their JSON, hand edits overwritten, two
//! meetings of a day sharing a section, private text left behind by `purge-private`, text
//! that grows without end, midnight, and time zones. TESTING.md has a row for each.

use crate::common;
use std::path::{Path, PathBuf};

use common::{gavel_in, text};
use std::time::{Duration, Instant};

fn write(path: &Path, body: &str) -> PathBuf {
    std::fs::write(path, body).unwrap();
    path.to_path_buf()
}

/// A one-item agenda in `zone` on `date` at `start`.
fn agenda(dir: &Path, name: &str, date: &str, start: &str, zone: &str) -> PathBuf {
    write(
        &dir.join(name),
        &format!(
            "[meeting]\ntitle = \"Call\"\ndate = {date}\nstart = \"{start}\"\ntimezone = \"{zone}\"\nlength = \"60m\"\n\n[[items]]\ntitle = \"Only item\"\ntimebox = \"60m\"\n"
        ),
    )
}

/// `replay` of `transcript` against the agenda; (exit code, stdout, stderr).
fn replay(dir: &Path, agenda: &Path, transcript: &str) -> (Option<i32>, String, String) {
    let t = write(&dir.join("t.txt"), transcript);
    let out = gavel_in(
        dir,
        &["replay", agenda.to_str().unwrap(), t.to_str().unwrap()],
    );
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// Issue 16.12: forty corrections that each double an entry are refused with its length
/// once the entry would pass 64 KiB, and `replay` finishes at once (it used to abort at
/// 3.2 GB).
#[test]
fn corrections_that_grow_text_are_refused_with_their_length() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = agenda(dir.path(), "a.toml", "2026-03-04", "17:00", "UTC");
    let mut transcript = String::from("[17:00] /start\n[17:01] aaaa\n");
    for _ in 0..40 {
        transcript.push_str("s/a/aa/g\n");
    }
    let started = Instant::now();
    let (code, md, stderr) = replay(dir.path(), &agenda, &transcript);
    assert!(started.elapsed() < Duration::from_secs(20), "too slow");
    assert_eq!(code, Some(2), "{stderr}");
    // 4 × 2^14 = 65,536 fits; the 15th would make 131,072 bytes.
    assert!(
        stderr.contains("t.txt:17: the corrected entry would be 131072 bytes long; an entry holds at most 65536 bytes"),
        "{stderr}"
    );
    let refused = stderr
        .lines()
        .filter(|l| l.contains("the corrected entry would be"))
        .count();
    assert_eq!(refused, 40 - 14, "{stderr}");
    assert!(
        stderr.contains("26 lines of") && stderr.contains("refused"),
        "{stderr}"
    );
    assert!(md.contains(&"a".repeat(65536)));
}

/// Issue 16.12: a journal that already holds a longer entry (an older build, or a hand
/// edit) still exports: the limit is the command layer's, not `apply`'s.
#[test]
fn a_journal_holding_a_longer_entry_still_replays() {
    use gavel::meeting::{Event, EventKind, Meeting};
    let (agenda, _) = gavel::agenda::parse_str(
        "[meeting]\ntitle = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\n[[items]]\ntitle = \"I\"\ntimebox = \"5m\"\n",
    )
    .unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-04T17:00:00Z")
        .unwrap()
        .to_utc();
    let long = "b".repeat(gavel::meeting::MAX_ENTRY_BYTES * 2);
    let events = [
        Event::new(at, EventKind::Start),
        Event::new(
            at,
            EventKind::Capture(gavel::meeting::Capture::Note(gavel::meeting::Note {
                text: long.clone(),
                private: false,
            })),
        ),
    ];
    let (meeting, refused) = Meeting::replay(agenda, &events);
    assert!(refused.is_empty());
    let md = gavel::minutes::document(
        &meeting,
        at,
        gavel::minutes::Format::Markdown,
        Default::default(),
    );
    assert!(md.contains(&long));
}

/// Issue 16.13: a stamp a few minutes before the last one, after midnight, is time going
/// backwards, not a day later (the minutes said "23:30–00:30 (1500 min)", exit 0).
#[test]
fn a_stamp_just_before_the_last_after_midnight_goes_backwards() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = agenda(dir.path(), "late.toml", "2026-03-04", "23:30", "UTC");
    let (code, md, stderr) = replay(
        dir.path(),
        &agenda,
        "[23:30] /start\n[23:50] /note before\n[00:10] after midnight\n[23:58] typo\n[00:30] /end\n",
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr
            .contains("t.txt:4: time goes backwards: 23:58 is before the previous entry at 00:10"),
        "{stderr}"
    );
    assert!(md.contains("23:30–00:30 UTC (60 min"), "{md}");
    assert!(!md.contains("typo"), "{md}");
}

/// Issue 16.14: in the hour a fall-back change repeats, a stamp with its offset is taken;
/// without one, the refusal says how to write it.
#[test]
fn stamps_in_the_repeated_hour_take_an_offset() {
    let dir = tempfile::tempdir().unwrap();
    // New York falls back at 02:00 EDT on 1 November 2026: 01:00-01:59 happens twice.
    let agenda = agenda(
        dir.path(),
        "ny.toml",
        "2026-11-01",
        "01:00",
        "America/New_York",
    );
    let (code, md, stderr) = replay(
        dir.path(),
        &agenda,
        "[01:00] /start\n[01:50] first pass\n[01:10-05:00] second pass\n[01:20:30-05:00] still second\n[01:40-05:00] /end\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        md.contains("second pass") && md.contains("still second"),
        "{md}"
    );
    assert!(md.contains("(100 min"), "{md}");

    let (code, _, stderr) = replay(
        dir.path(),
        &agenda,
        "[01:00] /start\n[01:50] first pass\n[01:10] second pass\n",
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("t.txt:3: time goes backwards")
            && stderr.contains("[01:10-04:00] for the first or [01:10-05:00] for the second"),
        "{stderr}"
    );
}

/// Issue 16.14: a start in the hour a spring-forward change skips is a warning at the
/// `start` line (it was moved an hour later without a word).
#[test]
fn a_start_in_a_dst_gap_is_a_warning_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    // Berlin springs forward at 02:00 on 29 March 2026.
    let agenda = agenda(
        dir.path(),
        "gap.toml",
        "2026-03-29",
        "02:30",
        "Europe/Berlin",
    );
    let out = gavel_in(dir.path(), &["check", agenda.to_str().unwrap()]);
    let all = text(&out.stdout) + &text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(
        all.contains("gap.toml:4:9: warning: 02:30 does not happen on 2026-03-29 in Europe/Berlin: the clocks go forward then, so the meeting starts at 03:30"),
        "{all}"
    );
}

/// Issue 16.14: an agenda in the year 9999 with a cadence has no next date: `next` and
/// `cancel` say so and exit 2 (they exited 1 with "a bug in gavel").
#[test]
fn a_next_date_past_the_year_9999_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = write(
        &dir.path().join("far.toml"),
        "[meeting]\ntitle = \"Far\"\ndate = 9999-12-25\nstart = \"10:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\ncadence = \"2w\"\n\n[[items]]\ntitle = \"Only item\"\ntimebox = \"60m\"\n",
    );
    let out = gavel_in(dir.path(), &["cancel", "far.toml", "--reason", "holiday"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("past the year 9999"), "{stderr}");
    assert!(!stderr.contains("bug"), "{stderr}");

    let t = write(&dir.path().join("t.txt"), "[10:00] /start\n[10:30] /end\n");
    let out = gavel_in(
        dir.path(),
        &[
            "replay",
            agenda.to_str().unwrap(),
            t.to_str().unwrap(),
            "--format",
            "json",
            "-o",
            "far.minutes.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = gavel_in(dir.path(), &["next", "far.minutes.json"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("past the year 9999"), "{stderr}");
    assert!(!stderr.contains("bug"), "{stderr}");
}

/// `name` (in `dir`), a one-item meeting of series `wg` on 2026-03-04 at `start`.
fn series_agenda(dir: &Path, name: &str, start: &str, cadence: bool) -> PathBuf {
    write(
        &dir.join(name),
        &format!(
            "[meeting]\ntitle = \"WG\"\nseries = \"wg\"\ndate = 2026-03-04\nstart = \"{start}\"\ntimezone = \"UTC\"\nlength = \"60m\"\n{}\n[[items]]\ntitle = \"Only item\"\ntimebox = \"60m\"\n",
            if cadence { "cadence = \"1w\"\n" } else { "" }
        ),
    )
}

/// Issue 16.10: two meetings of one series on one date keep two sections of the running
/// document (the morning was silently replaced), and get two calendar UIDs. A section keyed
/// the old way (date only) is still found for the meeting that wrote it.
#[test]
fn two_meetings_of_a_series_on_one_day_keep_their_own_sections_and_uids() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    series_agenda(d, "am.toml", "09:00", false);
    series_agenda(d, "pm.toml", "17:00", false);
    write(
        &d.join("am.txt"),
        "[09:00] /start\n[09:10] Morning note\n[09:30] /end\n",
    );
    write(
        &d.join("pm.txt"),
        "[17:00] /start\n[17:10] Evening note\n[17:30] /end\n",
    );
    for (a, t) in [("am.toml", "am.txt"), ("pm.toml", "pm.txt")] {
        let out = gavel_in(d, &["replay", a, t, "--append", "notes.md"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let doc = std::fs::read_to_string(d.join("notes.md")).unwrap();
    assert!(
        doc.contains("Morning note") && doc.contains("Evening note"),
        "{doc}"
    );
    assert!(
        doc.contains("<!-- gavel:meeting wg 2026-03-04 09:00 -->"),
        "{doc}"
    );
    assert!(doc.find("Evening note").unwrap() < doc.find("Morning note").unwrap());
    // Again: each replaces only its own section.
    let out = gavel_in(d, &["replay", "am.toml", "am.txt", "--append", "notes.md"]);
    assert_eq!(out.status.code(), Some(0));
    let again = std::fs::read_to_string(d.join("notes.md")).unwrap();
    assert_eq!(again, doc);

    // A document an older build wrote: the morning under the date-only key.
    let old = doc
        .replace(
            "<!-- gavel:meeting wg 2026-03-04 09:00 -->",
            "<!-- gavel:meeting wg 2026-03-04 -->",
        )
        .replace("Morning note", "Morning note, edited by hand");
    write(&d.join("notes.md"), &old);
    let out = gavel_in(d, &["replay", "pm.toml", "pm.txt", "--append", "notes.md"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = std::fs::read_to_string(d.join("notes.md")).unwrap();
    assert!(
        doc.contains("Morning note, edited by hand"),
        "the evening took the morning's place:\n{doc}"
    );
    let out = gavel_in(d, &["replay", "am.toml", "am.txt", "--append", "notes.md"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = std::fs::read_to_string(d.join("notes.md")).unwrap();
    assert_eq!(doc.matches("<!-- gavel:meeting ").count(), 2, "{doc}");
    assert!(
        !doc.contains("edited by hand") && doc.contains("Evening note"),
        "{doc}"
    );
    assert!(
        doc.contains("<!-- gavel:meeting wg 2026-03-04 09:00 -->"),
        "{doc}"
    );

    // The calendar events of two meetings of a day are two events.
    series_agenda(d, "am7.toml", "09:00", true);
    series_agenda(d, "pm7.toml", "17:00", true);
    let mut uids = Vec::new();
    for (a, t) in [("am7.toml", "am.txt"), ("pm7.toml", "pm.txt")] {
        let json = format!("{a}.json");
        let out = gavel_in(d, &["replay", a, t, "--format", "json", "-o", &json]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let ics = format!("{a}.ics");
        let out = gavel_in(
            d,
            &[
                "next",
                &json,
                "-o",
                &format!("{a}.next.toml"),
                "--ics",
                &ics,
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let cal = std::fs::read_to_string(d.join(&ics)).unwrap();
        let uid = cal
            .lines()
            .find(|l| l.starts_with("UID:"))
            .unwrap()
            .to_string();
        uids.push(uid);
    }
    assert_ne!(uids[0], uids[1]);
    assert_eq!(uids[0], "UID:wg-20260311T0900@gavel");
}

/// Issue 16.11: `purge-private` leaves no private text anywhere in the session directory:
/// not in a note typed in public and made private in the entry editor (its first text
/// stayed in the journal), not in an older journal segment, not in a temporary file a
/// crash left (`.draft.txt.tmp-PID`).
#[test]
fn purge_private_leaves_no_private_text_in_the_session_directory() {
    use gavel::meeting::{Capture, Event, EventKind, Meeting};
    use gavel::recorder::Recorder;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let source = "[meeting]\ntitle = \"Embargo\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"30m\"\n\n[[items]]\ntitle = \"Security\"\ntimebox = \"10m\"\n";
    let agenda = write(&dir.path().join("e.toml"), source);
    let mut session = gavel::session::Session::create(&data, &agenda, source).unwrap();
    let mut meeting = Meeting::new(gavel::agenda::parse_str(source).unwrap().0);
    let t0 = chrono::DateTime::parse_from_rfc3339("2026-03-04T17:00:00Z")
        .unwrap()
        .to_utc();
    let at = |m: i64| t0 + chrono::Duration::minutes(m);
    let mut take = |meeting: &mut Meeting, e: Event| {
        meeting.apply(&e).unwrap();
        session.record(&e).unwrap();
    };
    take(&mut meeting, Event::new(at(0), EventKind::Start));
    take(
        &mut meeting,
        Event::new(
            at(1),
            EventKind::Capture(gavel::meeting::Capture::Note(gavel::meeting::Note {
                text: "public words".into(),
                private: false,
            })),
        ),
    );
    take(
        &mut meeting,
        Event::new(
            at(2),
            EventKind::Capture(gavel::meeting::Capture::Note(gavel::meeting::Note {
                text: "CVE-2026-4242 typed in public".into(),
                private: false,
            })),
        ),
    );
    let id = meeting.items()[0].entries[1].id;
    take(
        &mut meeting,
        Event::new(
            at(3),
            EventKind::ReplaceEntry {
                entry: id,
                with: Capture::Note(gavel::meeting::Note {
                    text: "CVE-2026-4242 typed in public".into(),
                    private: true,
                }),
            },
        ),
    );
    let session_dir = session.dir().to_path_buf();
    let session_id = session_dir
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    drop(session);
    // An older segment holding the same events (the newest alone is the journal), and a
    // draft's temporary file left by a crash.
    let journal = std::fs::read_to_string(session_dir.join("journal.jsonl")).unwrap();
    write(&session_dir.join("journal.2.jsonl"), &journal);
    write(
        &session_dir.join(".draft.txt.tmp-999999"),
        "/private K-77 half-typed",
    );

    let out = gavel_in(
        dir.path(),
        &[
            "--data-dir",
            data.to_str().unwrap(),
            "purge-private",
            &session_id,
        ],
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut all = String::new();
    for entry in std::fs::read_dir(&session_dir).unwrap() {
        let path = entry.unwrap().path();
        all.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
    }
    for secret in ["CVE-2026-4242", "K-77"] {
        assert!(
            !all.contains(secret),
            "`{secret}` survived the purge ({stdout}):\n{all}"
        );
    }
    assert!(all.contains("public words"), "everything else is kept");
    let out = gavel_in(
        dir.path(),
        &[
            "--data-dir",
            data.to_str().unwrap(),
            "export",
            &session_id,
            "--private",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("private text removed"));
}

/// Issue 16.8: `gavel approve` refuses to overwrite a gavel-written `.minutes.md` edited by
/// hand since (it did so without a word), says what to do, and overwrites with `--force`.
/// A file with the plain marker of older builds is still taken as gavel's.
#[test]
fn approve_keeps_hand_edits_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let agenda = agenda(d, "m.toml", "2026-03-04", "17:00", "UTC");
    let t = write(
        &d.join("t.txt"),
        "[17:00] /start\n[17:10] A note\n[17:30] /end\n",
    );
    for (format, out) in [("md", "m.minutes.md"), ("json", "m.minutes.json")] {
        let o = gavel_in(
            d,
            &[
                "replay",
                agenda.to_str().unwrap(),
                t.to_str().unwrap(),
                "--format",
                format,
                "-o",
                out,
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let md_path = d.join("m.minutes.md");
    let fresh = std::fs::read_to_string(&md_path).unwrap();
    assert!(
        fresh.starts_with("<!-- written by gavel · fnv1a64:"),
        "{fresh}"
    );
    let edited = fresh.replace("A note", "A note, with the chair's correction");
    write(&md_path, &edited);

    let out = gavel_in(d, &["approve", "m.minutes.json", "--date", "2026-03-18"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("m.minutes.md: was edited by hand since gavel wrote it")
            && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&md_path).unwrap(), edited);
    assert!(!std::fs::read_to_string(d.join("m.minutes.json"))
        .unwrap()
        .contains("\"approved\": \"2026"));

    let out = gavel_in(
        d,
        &[
            "approve",
            "m.minutes.json",
            "--date",
            "2026-03-18",
            "--force",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let approved = std::fs::read_to_string(&md_path).unwrap();
    assert!(approved.contains("*Approved on 2026-03-18.*") && !approved.contains("correction"));

    // The plain marker of older builds: gavel's, and cannot tell an edit, so approved.
    let (_, body) = approved.split_once('\n').unwrap();
    write(&md_path, &format!("<!-- written by gavel -->\n{body}"));
    let out = gavel_in(d, &["approve", "m.minutes.json", "--date", "2026-03-19"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

fn golden_minutes() -> serde_json::Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/working-group.minutes.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Issue 16.7: `gavel approve` trusted the JSON minutes. Edited fields that the Markdown
/// shows as they are (time zone, times, kinds, statuses) are refused, naming the field; text
/// carrying OSC, BEL, U+202E and HTML comes out cleaned and escaped, in the Markdown and in
/// the rewritten JSON.
#[test]
fn approve_checks_and_cleans_the_json_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let hostile = [
        ("/timezone", "UTC <img src=x onerror=alert(1)>"),
        ("/started", "<script>alert(1)</script>"),
        ("/items/0/kind", "info\n# Injected heading"),
        ("/review/0/status", "[click](javascript:alert(1))"),
        ("/next_meeting/start", "18:00 | broken | row"),
        (
            "/attendance/3/left",
            "\u{1b}]0;pwned\u{7}\u{1b}]8;;https://evil\u{7}x\u{202e}",
        ),
    ];
    for (pointer, value) in hostile {
        let mut m = golden_minutes();
        *m.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = value.into();
        let json = serde_json::to_string_pretty(&m).unwrap();
        write(&d.join("wg.minutes.json"), &json);
        let out = gavel_in(d, &["approve", "wg.minutes.json", "--date", "2026-03-23"]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{pointer}: {stderr}");
        let field = pointer[1..]
            .replace("/0/", "[0].")
            .replace("/3/", "[3].")
            .replace('/', ".");
        assert!(
            stderr.contains(&format!("`{field}`")),
            "{pointer}: {stderr}"
        );
        assert!(
            !stderr
                .chars()
                .any(|c| c != '\n' && gavel::text::is_unsafe(c)),
            "{stderr:?}"
        );
        assert_eq!(
            std::fs::read_to_string(d.join("wg.minutes.json")).unwrap(),
            json
        );
        assert!(!d.join("wg.minutes.md").exists());
    }

    // People's text: cleaned on the way in, escaped on the way out.
    let mut m = golden_minutes();
    let nasty = "\u{1b}]0;pwned\u{7}<script>x</script>\u{202e}|# not a heading";
    for pointer in [
        "/title",
        "/items/0/title",
        "/attendance/0/name",
        "/review/0/text",
        "/recap",
    ] {
        *m.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = nasty.into();
    }
    write(
        &d.join("wg.minutes.json"),
        &serde_json::to_string_pretty(&m).unwrap(),
    );
    // --force: serde_json sorts the keys, so the schema mark is not near the top.
    let out = gavel_in(
        d,
        &[
            "approve",
            "wg.minutes.json",
            "--date",
            "2026-03-23",
            "--force",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(d.join("wg.minutes.md")).unwrap();
    let json = std::fs::read_to_string(d.join("wg.minutes.json")).unwrap();
    for doc in [&md, &json] {
        assert!(
            !doc.chars().any(|c| c != '\n' && gavel::text::is_unsafe(c)),
            "{doc}"
        );
        assert!(
            !doc.contains("\\u001b") && !doc.contains("\\u0007"),
            "{doc}"
        );
    }
    assert!(!md.contains("<script>") && !md.contains("\n# not"), "{md}");
    assert!(md.contains("\u{fffd}\\]0;pwned"), "{md}");
}
