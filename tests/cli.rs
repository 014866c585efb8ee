//! Integration tests that run the real `gavel` binary: `check` on every example agenda and on
//! broken ones, `replay` of each example transcript against its golden minutes, and the
//! structure of the generated Markdown as a CommonMark parser sees it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gavel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GAVEL_DATA_DIR")
        .output()
        .expect("gavel runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example_agendas() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("agendas"))
        .expect("agendas/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_example_agenda_checks_clean() {
    let agendas = example_agendas();
    assert!(
        agendas.len() >= 3,
        "expected at least three example agendas"
    );
    for agenda in agendas {
        let out = gavel(&["check", agenda.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            agenda.display(),
            text(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "warnings for {}: {}",
            agenda.display(),
            text(&out.stderr)
        );
        let summary = text(&out.stdout);
        assert!(
            summary.contains("items") && summary.contains("people"),
            "{summary}"
        );
    }
}

#[test]
fn broken_agendas_exit_2_with_located_messages() {
    let dir = root().join("tests/check_cli_data");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_gavel"))
            .args(["check", &name])
            .current_dir(&dir)
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        let invalid = expected.contains(": error:") || !expected.contains(": warning:");
        if invalid {
            assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        } else {
            assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        }
        for line in expected.lines().filter(|l| l.starts_with(&name)) {
            assert!(
                stderr.contains(line),
                "{name}: expected `{line}` in:\n{stderr}"
            );
        }
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{name}: control chars"
        );
        checked += 1;
    }
    assert!(checked >= 5);
}

#[test]
fn unreadable_files_get_one_line() {
    let out = gavel(&["check", "no/such/agenda.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).trim(),
        "no/such/agenda.toml: no such file"
    );
    let out = gavel(&["check", "agendas"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_column_is_right_for_a_bad_value() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.toml");
    std::fs::write(
        &p,
        "[meeting]\ntitle = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"Nowhere/Land\"\nlength = \"60m\"\n",
    )
    .unwrap();
    let out = gavel(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad.toml:5:12: error:"), "{stderr}");
    assert!(stderr.contains("timezone = \"Nowhere/Land\""), "{stderr}");
}

/// Each example agenda has a transcript and golden minutes; replay must reproduce them.
/// `GAVEL_BLESS=1 cargo test` rewrites the golden files after a deliberate change.
#[test]
fn replaying_each_example_transcript_gives_its_golden_minutes() {
    for agenda in example_agendas() {
        let stem = agenda.file_stem().unwrap().to_str().unwrap();
        let transcript = root().join(format!("tests/transcripts/{stem}.txt"));
        assert!(transcript.exists(), "no transcript for {stem}");
        for (format, ext) in [("md", "md"), ("json", "json")] {
            let out = gavel(&[
                "replay",
                agenda.to_str().unwrap(),
                transcript.to_str().unwrap(),
                "--format",
                format,
            ]);
            assert_eq!(out.status.code(), Some(0), "{stem}: {}", text(&out.stderr));
            assert!(out.stderr.is_empty(), "{stem}: {}", text(&out.stderr));
            let golden = root().join(format!("tests/golden/{stem}.minutes.{ext}"));
            compare_golden(&golden, &text(&out.stdout));
        }
    }
}

fn compare_golden(path: &Path, actual: &str) {
    if std::env::var_os("GAVEL_BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}: run with GAVEL_BLESS=1",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn replay_reports_refused_lines_and_still_writes_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("t.txt");
    std::fs::write(
        &transcript,
        "[16:10] /start\n/present Nobody Here\nA note\n[15:00] too early\n/end\n",
    )
    .unwrap();
    let out_file = dir.path().join("m.md");
    let agenda = example_agendas()[0].clone();
    let out = gavel(&[
        "replay",
        agenda.to_str().unwrap(),
        transcript.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    let t = transcript.to_str().unwrap();
    assert!(stderr.contains(&format!("{t}:2: nobody")), "{stderr}");
    assert!(
        stderr.contains(&format!("{t}:4: time goes backwards")),
        "{stderr}"
    );
    let minutes = std::fs::read_to_string(&out_file).unwrap();
    assert!(minutes.contains("* A note"), "{minutes}");
}

#[test]
fn output_never_clobbers_a_file_gavel_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("notes.md");
    std::fs::write(&target, "my own notes\n").unwrap();
    let out = gavel(&["new", "-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "my own notes\n");
    let out = gavel(&["new", "-o", target.to_str().unwrap(), "--force"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_template_from_gavel_new_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.toml");
    assert_eq!(
        gavel(&["new", "-o", p.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let out = gavel(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(gavel(&["replay"]).status.code(), Some(2));
    assert_eq!(gavel(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(gavel(&["--help"]).status.code(), Some(0));
}

#[test]
fn a_transcript_that_passes_midnight_goes_on_into_the_next_day() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = dir.path().join("late.toml");
    std::fs::write(
        &agenda,
        "[meeting]\ntitle = \"Late call\"\ndate = 2026-03-04\nstart = \"23:30\"\ntimezone = \"UTC\"\nlength = \"60m\"\n\n[[items]]\ntitle = \"Only item\"\ntimebox = \"60m\"\n",
    )
    .unwrap();
    let transcript = dir.path().join("late.txt");
    std::fs::write(
        &transcript,
        "[23:30] /start\n[23:55] before midnight\n[00:10] after midnight\n[00:20] /end\n",
    )
    .unwrap();
    let out = gavel(&[
        "replay",
        agenda.to_str().unwrap(),
        transcript.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(
        md.contains("23:30–00:20 UTC (50 min; planned 60 min)"),
        "{md}"
    );
    assert!(md.contains("*50 of 60 min*"), "{md}");
}

/// A meeting with a busy speaker queue, a point of order, an overrun item, a rebalance and
/// a follow-up item that takes over the queue: the minutes list the speakers in order with
/// their topics and the people queued but not heard.
#[test]
fn a_busy_floor_gives_its_golden_minutes() {
    let out = gavel(&[
        "replay",
        "tests/floor/release-council.toml",
        "tests/floor/release-council.txt",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    compare_golden(
        &root().join("tests/floor/release-council.minutes.md"),
        &text(&out.stdout),
    );
}

/// Private entries leave no trace in the public minutes, Markdown or JSON; `--private`
/// keeps every one of them, marked.
#[test]
fn private_entries_appear_only_with_private() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = "agendas/technical-committee.toml";
    let transcript = "tests/transcripts/technical-committee.txt";
    let secrets = [
        "K. Ishikawa",
        "CVE requested 2026-04-30",
        "Distributors pre-notified",
        "Send the embargoed patch to the pre-notified distributors",
    ];
    let mut files = Vec::new();
    for (format, private) in [("md", false), ("json", false), ("md", true), ("json", true)] {
        let path = dir.path().join(format!("m-{private}.{format}"));
        let mut args = vec!["replay", agenda, transcript, "--format", format, "-o"];
        let p = path.to_str().unwrap().to_string();
        args.push(&p);
        if private {
            args.push("--private");
        }
        let out = gavel(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        files.push((path, private));
    }
    for (path, private) in files {
        let written = std::fs::read_to_string(&path).unwrap();
        for secret in secrets {
            assert_eq!(
                written.contains(secret),
                private,
                "{secret:?} in {} (private: {private})",
                path.display()
            );
        }
        if private && path.extension().is_some_and(|e| e == "md") {
            assert!(
                written.contains("*(private)*"),
                "private entries are marked"
            );
        }
    }
}

#[test]
fn run_reports_a_broken_agenda_first_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = dir.path().join("broken.toml");
    std::fs::write(&agenda, "[meeting]\ntitle = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"sixty\"\n").unwrap();
    let out = gavel(&[
        "--data-dir",
        data.to_str().unwrap(),
        "run",
        agenda.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.toml:6:10: error:"), "{stderr}");
    assert!(
        !data.join("sessions").exists(),
        "nothing is written for a broken agenda"
    );
}

/// A meeting whose `/end` reached the journal but whose minutes never reached the disk (a
/// crash at that moment) gets them at the next `gavel run` of its agenda.
#[test]
fn minutes_lost_in_a_crash_after_the_end_are_written_at_the_next_run() {
    use gavel::recorder::Recorder;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = dir.path().join("wg.toml");
    std::fs::copy(root().join("agendas/working-group.toml"), &agenda).unwrap();
    let source = std::fs::read_to_string(&agenda).unwrap();
    let mut session = gavel::session::Session::create(&data, &agenda, &source).unwrap();
    let mut meeting = gavel::meeting::Meeting::new(gavel::agenda::parse_str(&source).unwrap().0);
    let transcript = "[09:00] /start\n[09:05] Something worth keeping\n[09:20] /end\n";
    assert!(gavel::transcript::run(&mut meeting, transcript).is_empty());
    for e in &meeting.events() {
        session.record(e).unwrap();
    }
    drop(session);
    let out = gavel(&[
        "--data-dir",
        data.to_str().unwrap(),
        "run",
        agenda.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("had ended without its minutes on disk"),
        "{stderr}"
    );
    let md = std::fs::read_to_string(dir.path().join("wg.minutes.md")).unwrap();
    assert!(md.contains("Something worth keeping"), "{md}");
    assert!(dir.path().join("wg.minutes.json").exists());
}

/// Issue 15: a quorum no roster can meet is a warning at the quorum line, and one open
/// action is "1 open action".
#[test]
fn check_warns_of_a_quorum_larger_than_the_voting_members_and_counts_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("q.toml");
    std::fs::write(
        &p,
        "[meeting]\ntitle = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\nquorum = 3\n\n\
         [[people]]\nname = \"Ada Moreno\"\n[[people]]\nname = \"Ben Okafor\"\n[[people]]\nname = \"Cy Park\"\nvotes = false\n\n\
         [[items]]\ntitle = \"One\"\ntimebox = \"10m\"\n\n[[actions]]\nowner = \"Ada Moreno\"\ntext = \"Do it\"\n",
    )
    .unwrap();
    let out = gavel(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(
        all.contains("q.toml:7:10: warning: quorum 3 is more than the 2 voting members"),
        "{all}"
    );
    assert!(all.contains(", 1 open action ("), "{all}");
    assert!(!all.contains("1 open actions"), "{all}");
}

/// Issue 27: minutes written beside the example agendas (and rescue files left in the
/// clone's root) are ignored by git, so `gavel run agendas/EXAMPLE.toml` leaves the clone
/// clean.
#[test]
fn what_gavel_writes_in_the_clone_is_ignored_by_git() {
    let ignore = std::fs::read_to_string(root().join(".gitignore")).expect(".gitignore");
    let rules: Vec<&str> = ignore.lines().map(str::trim).collect();
    assert!(rules.contains(&"/agendas/*.minutes.*"), "{ignore}");
    assert!(rules.contains(&"/gavel-rescue-*"), "{ignore}");
    let files = gavel::minutes::files::MinutesFiles::beside(
        &root().join("agendas/working-group.toml"),
        None,
        false,
        false,
    );
    for path in [files.markdown, files.json] {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert!(name.contains(".minutes."), "{name} escapes the rule");
        assert_eq!(path.parent(), Some(root().join("agendas").as_path()));
    }
}

/// Issue 28: motions and votes by name in a transcript reach the minutes: a Decisions list
/// before the agenda, the motion and a table of who voted how under its item, a recusal
/// said, a decision without quorum said, and the same in the JSON, which `gavel approve`
/// reads back and renders again unchanged in substance.
#[test]
fn replayed_motions_give_a_decisions_list_and_a_vote_table() {
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("motions.txt");
    std::fs::write(
        &transcript,
        "[14:57] /present Annika, Hiroshi, Adaeze, Mateo, Wojciech, Camille, Thabo, Ravi\n\
         [15:01] /start\n\
         [15:04] /next\n\
         [15:10] /motion Accept RFC 42 for the 3.4 release moved by hiroshi seconded by camille\n\
         [15:11] /amend Accept RFC 42 for the 3.4 release, with its guide section\n\
         [15:12] /recuse Adaeze (employer ships a competing tool)\n\
         [15:12] /rollvote\n\
         [15:12] /ballot Annika yes\n\
         [15:12] /ballot Hiroshi yes\n\
         [15:12] /ballot Adaeze yes\n\
         [15:13] /ballot Mateo no\n\
         [15:13] /ballot Wojciech yes\n\
         [15:13] /ballot Camille abstain\n\
         [15:13] /ballot Thabo yes\n\
         [15:13] /ballot Ravi yes\n\
         [15:14] /closevote\n\
         [15:20] /next\n\
         [15:21] /left Mateo, Wojciech, Camille\n\
         [15:22] /motion Publish the advisory on 19 May moved by Adaeze\n\
         [15:23] /consent\n\
         [15:24] /end\n",
    )
    .unwrap();
    let agenda = root().join("agendas/technical-committee.toml");
    let md_file = dir.path().join("m.md");
    let json_file = dir.path().join("m.json");
    for (format, file) in [("md", &md_file), ("json", &json_file)] {
        let out = gavel(&[
            "replay",
            agenda.to_str().unwrap(),
            transcript.to_str().unwrap(),
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
        ]);
        let stderr = text(&out.stderr);
        // The one refused line: a ballot for a member recused from the item.
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(":10: Adaeze Okonkwo is recused from this item"),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 2, "{stderr}");
    }
    let md = std::fs::read_to_string(&md_file).unwrap();
    let decisions = md.find("## Decisions").expect("a Decisions list");
    assert!(decisions < md.find("## Agenda").unwrap(), "{md}");
    assert!(md.contains(
        "1. Accept RFC 42 for the 3.4 release, with its guide section: **carried** on a recorded vote: 5 for, 1 against, 1 abstaining (item 2, RFC 42: pattern matching on enums; moved by Hiroshi Nakamura, seconded by Camille Durand)"
    ), "{md}");
    assert!(md.contains(
        "2. Publish the advisory on 19 May: **no quorum**: taken by unanimous consent (no objection) with 5 voting members present and 6 needed, so it decides nothing"
    ), "{md}");
    assert!(
        md.contains("*Amended; it first read:* Accept RFC 42 for the 3.4 release\n"),
        "{md}"
    );
    assert!(md.contains("| Member | Vote |\n|---|---|\n| Annika Hofmann | yes |\n| Hiroshi Nakamura | yes |\n| Mateo Fernández | no |"), "{md}");
    assert!(
        md.contains("| Ravi Shankar | yes |"),
        "the alternate votes for Leila: {md}"
    );
    assert!(
        md.contains(
            "*Recused from this item's vote:* Adaeze Okonkwo (employer ships a competing tool)."
        ),
        "{md}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    let d = &json["decisions"];
    assert_eq!(d.as_array().unwrap().len(), 2);
    assert_eq!(d[0]["mover"], "Hiroshi Nakamura");
    assert_eq!(d[0]["decided_by"], "recorded vote");
    assert_eq!(d[0]["result"], "carried");
    assert_eq!(d[0]["counts"], serde_json::json!([5, 1, 1]));
    assert_eq!(d[0]["ballots"].as_array().unwrap().len(), 7);
    assert_eq!(d[0]["amended_from"][0], "Accept RFC 42 for the 3.4 release");
    assert_eq!(d[1]["decided_by"], "unanimous consent");
    assert_eq!(d[1]["result"], "no quorum");
    assert_eq!(json["items"][1]["recused"][0]["name"], "Adaeze Okonkwo");
    assert_eq!(json["items"][1]["entries"][0]["kind"], "motion");

    // Approved, the JSON is read back (checked and cleaned) and both files are rewritten.
    let out = gavel(&[
        "approve",
        json_file.to_str().unwrap(),
        "--date",
        "2026-05-20",
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let again: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert_eq!(again["decisions"], json["decisions"]);
}
