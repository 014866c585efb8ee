//! `gavel github` end to end: the real binary against a GitHub fake on 127.0.0.1
//! (tests/common/github_fake.rs) that follows GitHub's REST documentation: the agenda from
//! labelled issues, publishing minutes (a pull request, an issue per action, the review on
//! earlier issues), running it again, rate limits, refusals, a run stopped half-way, and the
//! handles a roster carries.

#[path = "common/github_fake.rs"]
mod github_fake;

use github_fake::{Fake, Limit, EXPIRED, NO_SCOPE, TOKEN};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const AGENDA: &str = r#"[meeting]
title = "Widget Steering"
date = 2026-03-04
start = "17:00"
timezone = "UTC"
length = "60m"
cadence = "2w"
github = "example-org/meetings"

[[people]]
name = "Ada Moreno"
github = "ada-m"

[[people]]
name = "Ben Okafor"
github = "bokafor"

[[people]]
name = "Cy Park"

[[items]]
title = "Roadmap"
timebox = "30m"
"#;

fn gavel(dir: &Path, token: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gavel"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GAVEL_DATA_DIR")
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_TOKEN")
        // 127.0.0.1 straight, whatever proxy the machine running the tests has.
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        // No `gh` to fall back on, no cache outside the test's folder, short rate-limit waits.
        .env("PATH", dir.join("no-bin"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("HOME", dir)
        .env("GAVEL_GITHUB_WAIT_MS", "5")
        .stdin(Stdio::null());
    if let Some(t) = token {
        cmd.env("GH_TOKEN", t);
    }
    cmd.output().expect("gavel runs")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// JSON minutes of a meeting with `actions` actions (owners in turn Ada, Ben, Cy) and a note
/// naming #1, replayed by the real binary.
fn minutes(dir: &Path, actions: usize) -> std::path::PathBuf {
    std::fs::write(dir.join("agenda.toml"), AGENDA).unwrap();
    let mut t = String::from(
        "[17:00] /present Ada, Ben, Cy\n[17:00] /start\n[17:02] Ada: see #1 for the plan\n",
    );
    for k in 0..actions {
        let owner = ["@ada-m", "Ben", "Cy"][k % 3];
        t.push_str(&format!(
            "[17:{:02}] /action {owner}: Task number {k} due 2026-03-18\n",
            3 + k % 50
        ));
    }
    t.push_str("[17:58] /decided Ship the roadmap\n[17:59] /end\n");
    std::fs::write(dir.join("notes.txt"), t).unwrap();
    replay(dir, "agenda.toml", "notes.txt", "m.json");
    dir.join("m.json")
}

/// `gavel replay AGENDA NOTES --format json -o OUT`, which must succeed.
fn replay(dir: &Path, agenda: &str, notes: &str, out: &str) {
    let o = gavel(
        dir,
        None,
        &["replay", agenda, notes, "--format", "json", "-o", out],
    );
    assert!(o.status.success(), "{}", err(&o));
}

/// A fake repository where Ada and Ben may be assigned, and the minutes of a meeting with
/// `actions` actions in a fresh folder.
fn setup(actions: usize) -> (tempfile::TempDir, Fake) {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::start("example-org", "meetings");
    fake.with(|s| s.assignable = vec!["ada-m".into(), "bokafor".into()]);
    minutes(dir.path(), actions);
    (dir, fake)
}

fn publish(fake: &Fake, dir: &Path, file: &str, extra: &[&str]) -> Output {
    let mut args = vec!["github", "publish", file, "--api-url", fake.url.as_str()];
    args.extend_from_slice(extra);
    gavel(dir, Some(TOKEN), &args)
}

#[test]
fn ten_actions_publish_in_at_most_15_requests_and_again_create_nothing() {
    let (dir, fake) = setup(10);

    let o = publish(&fake, dir.path(), "m.json", &["--yes"]);
    assert!(o.status.success(), "{}", err(&o));
    let first = fake.with(|s| s.log.len());
    eprintln!("first publish: {first} requests");
    assert!(
        first <= 15,
        "{first} requests: {:#?}",
        fake.with(|s| s.log.clone())
    );
    fake.with(|s| {
        assert!(s.violations.is_empty(), "{:?}", s.violations);
        assert_eq!(s.pulls().len(), 1);
        let pr = s.pulls()[0];
        assert_eq!(
            pr.pull.as_ref().unwrap(),
            &("gavel/minutes-2026-03-04".to_string(), "main".to_string())
        );
        assert!(
            pr.body.contains("### Decisions") && pr.body.contains("Ship the roadmap"),
            "{}",
            pr.body
        );
        assert!(
            pr.body.contains("**Ada Moreno**") && pr.body.contains("Task number 0"),
            "{}",
            pr.body
        );
        let issues = s.plain_issues();
        assert_eq!(issues.len(), 10);
        for i in &issues {
            assert_eq!(i.labels, ["gavel-action"]);
            assert!(
                i.body.contains("<!-- gavel:action 2026-03-04-"),
                "{}",
                i.body
            );
            assert!(
                i.body
                    .contains("https://github.com/example-org/meetings/pull/1"),
                "{}",
                i.body
            );
        }
        let ada = issues.iter().find(|i| i.title == "Task number 0").unwrap();
        assert_eq!(ada.assignees, ["ada-m"]);
        let cy = issues.iter().find(|i| i.title == "Task number 2").unwrap();
        assert!(cy.assignees.is_empty());
        let md = String::from_utf8(
            s.files[&(
                "gavel/minutes-2026-03-04".to_string(),
                "meetings/2026-03-04.md".to_string(),
            )]
                .clone(),
        )
        .unwrap();
        assert!(md.contains("Widget Steering"));
        // `#1` in a note is a link to the series' repository.
        assert!(
            md.contains("[\\#1](https://github.com/example-org/meetings/issues/1)"),
            "{md}"
        );
    });
    assert!(err(&o).contains("10 issues opened"), "{}", err(&o));
    assert!(!err(&o).contains(TOKEN) && !String::from_utf8_lossy(&o.stdout).contains(TOKEN));

    let o = publish(&fake, dir.path(), "m.json", &["--yes"]);
    assert!(o.status.success(), "{}", err(&o));
    fake.with(|s| {
        assert_eq!(s.pulls().len(), 1, "a second pull request");
        assert_eq!(s.plain_issues().len(), 10, "issues opened again");
        eprintln!("second publish: {} requests", s.log.len() - first);
        let second: Vec<_> = s.log[first..]
            .iter()
            .filter(|(m, _, st)| m != "GET" && *st < 300)
            .collect();
        assert!(
            second.is_empty(),
            "the second run changed something: {second:?}"
        );
        assert!(s.violations.is_empty(), "{:?}", s.violations);
    });
    assert!(
        err(&o).contains("0 issues opened, no pull request opened"),
        "{}",
        err(&o)
    );
}

#[test]
fn changed_minutes_update_the_same_branch_and_pull_request() {
    let (dir, fake) = setup(2);
    assert!(publish(&fake, dir.path(), "m.json", &["--yes"])
        .status
        .success());
    // One more action: the file and the body change, one issue more, still one pull request.
    let notes = std::fs::read_to_string(dir.path().join("notes.txt")).unwrap();
    let notes = notes.replace(
        "[17:59] /end",
        "[17:59] /action Cy: One more thing\n[17:59] /end",
    );
    std::fs::write(dir.path().join("notes.txt"), notes).unwrap();
    replay(dir.path(), "agenda.toml", "notes.txt", "m.json");
    let o = publish(&fake, dir.path(), "m.json", &["--yes"]);
    assert!(o.status.success(), "{}", err(&o));
    fake.with(|s| {
        assert_eq!(s.pulls().len(), 1);
        assert!(s.pulls()[0].body.contains("One more thing"));
        assert_eq!(s.plain_issues().len(), 3);
        let md = &s.files[&(
            "gavel/minutes-2026-03-04".to_string(),
            "meetings/2026-03-04.md".to_string(),
        )];
        assert!(String::from_utf8_lossy(md).contains("One more thing"));
        assert!(s.violations.is_empty(), "{:?}", s.violations);
    });
    assert!(err(&o).contains("updated"), "{}", err(&o));
}

#[test]
fn a_run_stopped_half_way_is_completed_by_the_next() {
    let (dir, fake) = setup(10);
    fake.with(|s| s.fail_issue_after = Some(4));
    let o = publish(&fake, dir.path(), "m.json", &["--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("run the same command again"),
        "{}",
        err(&o)
    );
    assert_eq!(fake.with(|s| s.plain_issues().len()), 4);
    fake.with(|s| s.fail_issue_after = None);
    let o = publish(&fake, dir.path(), "m.json", &["--yes"]);
    assert!(o.status.success(), "{}", err(&o));
    fake.with(|s| {
        assert_eq!(s.plain_issues().len(), 10);
        let mut titles: Vec<&str> = s.plain_issues().iter().map(|i| i.title.as_str()).collect();
        titles.dedup();
        assert_eq!(titles.len(), 10, "an action opened twice");
        assert_eq!(s.pulls().len(), 1);
    });
}

#[test]
fn the_next_meeting_comments_on_carried_actions_and_closes_done_ones() {
    let (dir, fake) = setup(2);
    assert!(publish(&fake, dir.path(), "m.json", &["--yes"])
        .status
        .success());
    let o = gavel(dir.path(), None, &["next", "m.json", "-o", "next.toml"]);
    assert!(o.status.success(), "{}", err(&o));
    let next = std::fs::read_to_string(dir.path().join("next.toml")).unwrap();
    assert!(
        next.contains("github = \"ada-m\"") && next.contains("github = \"example-org/meetings\""),
        "{next}"
    );
    std::fs::write(
        dir.path().join("notes2.txt"),
        "[17:00] /present Ada, Ben\n[17:00] /start\n[17:05] /done 1\n[17:06] /ongoing 2\n[17:59] /end\n",
    )
    .unwrap();
    replay(dir.path(), "next.toml", "notes2.txt", "m2.json");
    for _ in 0..2 {
        let o = publish(&fake, dir.path(), "m2.json", &["--yes"]);
        assert!(o.status.success(), "{}", err(&o));
    }
    fake.with(|s| {
        let issues = s.plain_issues();
        let done = issues.iter().find(|i| i.title == "Task number 0").unwrap();
        assert_eq!(done.state, "closed");
        assert_eq!(done.state_reason.as_deref(), Some("completed"));
        assert_eq!(done.comments.len(), 1, "{:?}", done.comments);
        assert!(done.comments[0].contains("/pull/"), "{}", done.comments[0]);
        let carried = issues.iter().find(|i| i.title == "Task number 1").unwrap();
        assert_eq!(carried.state, "open");
        assert_eq!(
            carried.comments.len(),
            1,
            "commented twice: {:?}",
            carried.comments
        );
        assert!(carried.comments[0].contains("Carried over"));
        assert_eq!(s.pulls().len(), 2);
        assert!(s.violations.is_empty(), "{:?}", s.violations);
    });
}

#[test]
fn rate_limits_are_waited_out_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::start("example-org", "meetings");
    minutes(dir.path(), 1);
    fake.with(|s| s.limits = [Limit::Primary, Limit::Secondary].into());
    let o = publish(&fake, dir.path(), "m.json", &["--yes"]);
    assert!(o.status.success(), "{}", err(&o));
    let said = err(&o);
    assert_eq!(
        said.matches("rate limit is reached: waiting").count(),
        2,
        "{said}"
    );
    assert!(said.contains("waiting 30 s"), "{said}");
    // Nobody may be assigned in this repository: GitHub's 422 is said, the issue opened anyway.
    assert!(said.contains("GitHub would not assign ada-m"), "{said}");
    assert_eq!(fake.with(|s| s.plain_issues().len()), 1);
}

#[test]
fn refusals_are_said_plainly_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::start("example-org", "meetings");
    minutes(dir.path(), 1);
    let url = fake.url.clone();
    let run = |token: Option<&str>, extra: &[&str]| {
        let mut args = vec![
            "github",
            "publish",
            "m.json",
            "--api-url",
            url.as_str(),
            "--yes",
        ];
        args.extend_from_slice(extra);
        gavel(dir.path(), token, &args)
    };
    let o = run(Some(EXPIRED), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("expired"), "{}", err(&o));
    assert!(!err(&o).contains(EXPIRED));
    let o = run(Some(TOKEN), &["--repo", "example-org/elsewhere"]);
    assert!(err(&o).contains("repository is wrong"), "{}", err(&o));
    let o = run(Some(NO_SCOPE), &[]);
    assert!(
        err(&o).contains("lacks a scope") && err(&o).contains("`repo`"),
        "{}",
        err(&o)
    );
    let o = run(None, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no GitHub token"), "{}", err(&o));
    let o = run(Some(TOKEN), &["--api-url", "ftp://127.0.0.1"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    fake.with(|s| {
        assert!(s.issues.is_empty());
        // Only the failed branch attempt of the scope-less token wrote (and was refused).
        assert!(
            s.log.iter().all(|(m, _, st)| m == "GET" || *st >= 400),
            "{:?}",
            s.log
        );
    });
}

#[test]
fn a_dry_run_reads_only_and_no_terminal_means_no() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::start("example-org", "meetings");
    minutes(dir.path(), 3);
    let o = publish(&fake, dir.path(), "m.json", &["--dry-run"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("issues: 3 actions"), "{}", err(&o));
    assert!(err(&o).contains("dry run: nothing sent"), "{}", err(&o));
    let o = publish(&fake, dir.path(), "m.json", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("not a terminal") && err(&o).contains("--yes"),
        "{}",
        err(&o)
    );
    fake.with(|s| {
        assert_eq!(s.writes(), 0, "{:?}", s.log);
        assert!(s.issues.is_empty());
    });
}

#[test]
fn titles_are_looked_up_when_asked_and_cached() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::start("example-org", "meetings");
    fake.add_issue("Plan the next release", "", &[], "ada-m", false);
    minutes(dir.path(), 0);
    let o = publish(&fake, dir.path(), "m.json", &["--yes", "--titles"]);
    assert!(o.status.success(), "{}", err(&o));
    let md = fake.with(|s| {
        String::from_utf8_lossy(
            &s.files[&(
                "gavel/minutes-2026-03-04".to_string(),
                "meetings/2026-03-04.md".to_string(),
            )],
        )
        .into_owned()
    });
    assert!(md.contains("/issues/1) (Plan the next release)"), "{md}");
    let asked = |s: &github_fake::State| {
        s.log
            .iter()
            .filter(|(_, p, _)| p.ends_with("/issues/1"))
            .count()
    };
    assert_eq!(fake.with(|s| asked(s)), 1);
    let o = publish(&fake, dir.path(), "m.json", &["--yes", "--titles"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(fake.with(|s| asked(s)), 1, "the cache was not used");
}

#[test]
fn the_agenda_from_labelled_issues_and_pull_requests_pages_and_skips_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::start("example-org", "meetings");
    fake.with(|s| s.max_page = 2);
    fake.add_issue(
        "Adopt the new charter",
        "Time needed: 20 min\n",
        &["meeting-agenda"],
        "ada-m",
        false,
    );
    fake.add_issue("Unlabelled", "", &[], "ada-m", false);
    fake.add_issue(
        "Fix the build",
        "### Time needed\n\n5 minutes\n",
        &["meeting-agenda"],
        "stranger",
        true,
    );
    fake.add_issue(
        "Budget review",
        "",
        &["meeting-agenda", "finance"],
        "BOKAFOR",
        false,
    );
    std::fs::write(dir.path().join("agenda.toml"), AGENDA).unwrap();
    let url = fake.url.clone();
    let args = [
        "github",
        "agenda",
        "agenda.toml",
        "--label",
        "meeting-agenda",
        "-o",
        "next.toml",
        "--api-url",
        url.as_str(),
    ];
    let o = gavel(dir.path(), Some(TOKEN), &args);
    assert!(o.status.success(), "{}", err(&o));
    let said = err(&o);
    assert!(
        said.contains(
            "added #1 Adopt the new charter (issue, 20m as asked, presented by Ada Moreno)"
        ),
        "{said}"
    );
    assert!(
        said.contains("added #3 Fix the build (pull request, 5m as asked)"),
        "{said}"
    );
    assert!(
        said.contains("added #4 Budget review (issue, 10m by default, presented by Ben Okafor)"),
        "{said}"
    );
    assert!(!said.contains("Unlabelled"));
    // Two pages of two: the Link header was followed.
    assert_eq!(fake.with(|s| s.log.len()), 2);
    let written = std::fs::read_to_string(dir.path().join("next.toml")).unwrap();
    assert!(
        written.contains("links = [\"https://github.com/example-org/meetings/pull/3\"]"),
        "{written}"
    );
    // Again, onto the written agenda: everything is already there.
    let args = [
        "github",
        "agenda",
        "next.toml",
        "--label",
        "meeting-agenda",
        "-o",
        "next.toml",
        "--api-url",
        url.as_str(),
        "--yes",
    ];
    let o = gavel(dir.path(), Some(TOKEN), &args);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(err(&o).matches("skipped #").count(), 3, "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("next.toml"))
            .unwrap()
            .matches("[[items]]")
            .count(),
        4
    );
    assert!(fake.with(|s| s.violations.is_empty()));
}

#[test]
fn help_says_github() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["agenda", "publish"] {
        let o = gavel(dir.path(), None, &["github", sub, "--help"]);
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("GitHub"),
            "{sub}"
        );
    }
}

#[test]
fn import_fills_the_roster_handles_from_past_minutes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("notes.md"),
        "# Widget Steering — 2026-02-18\n\n## Attendees\n\n- Ada Moreno (@ada-m)\n- Ben Okafor\n- Cy Park\n\n\
         ## Action items\n\n- [ ] @bokafor: Draft the plan\n- [ ] Cy Park: Book the room\n",
    )
    .unwrap();
    let o = gavel(
        dir.path(),
        None,
        &[
            "import",
            "notes.md",
            "--out",
            "out",
            "--agenda",
            "next.toml",
            "--cadence",
            "2w",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let next = std::fs::read_to_string(dir.path().join("next.toml")).unwrap();
    assert!(
        next.contains("name = \"Ada Moreno\"\ngithub = \"ada-m\""),
        "{next}"
    );
    // A handle written only as an action's owner, spelling one roster name.
    assert!(
        next.contains("name = \"Ben Okafor\"\ngithub = \"bokafor\""),
        "{next}"
    );
    assert!(next.contains("owner = \"Ben Okafor\""), "{next}");
    assert!(!next.contains("name = \"Cy Park\"\ngithub"), "{next}");
}

#[test]
fn without_a_token_in_the_environment_the_github_cli_gives_it() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, fake) = setup(1);
    let bin = dir.path().join("no-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let gh = bin.join("gh");
    std::fs::write(
        &gh,
        format!("#!/bin/sh\n[ \"$1 $2\" = \"auth token\" ] && echo {TOKEN}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
    let url = fake.url.clone();
    let o = gavel(
        dir.path(),
        None,
        &["github", "publish", "m.json", "--api-url", &url, "--yes"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("token from `gh auth token`"),
        "{}",
        err(&o)
    );
    assert!(!err(&o).contains(TOKEN));
    assert_eq!(fake.with(|s| s.plain_issues().len()), 1);
}

#[test]
fn minutes_merged_and_their_branch_deleted_are_not_proposed_again() {
    let (dir, fake) = setup(2);
    assert!(publish(&fake, dir.path(), "m.json", &["--yes"])
        .status
        .success());
    // The pull request is merged and its branch deleted, as GitHub does on a merge.
    fake.with(|s| {
        let branch = "gavel/minutes-2026-03-04".to_string();
        let path = "meetings/2026-03-04.md".to_string();
        let file = s.files.remove(&(branch.clone(), path.clone())).unwrap();
        s.files.insert(("main".into(), path), file);
        s.refs.remove(&branch);
        s.refs.insert("main".into(), "c-merged".into());
        for i in s.issues.iter_mut().filter(|i| i.pull.is_some()) {
            i.state = "closed".into();
        }
    });
    let o = publish(&fake, dir.path(), "m.json", &["--yes"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("already on main as they are"),
        "{}",
        err(&o)
    );
    fake.with(|s| {
        assert_eq!(s.pulls().len(), 1);
        assert_eq!(s.plain_issues().len(), 2, "issues opened again");
        assert!(
            !s.refs.contains_key("gavel/minutes-2026-03-04"),
            "a stray branch is left"
        );
        assert!(s.violations.is_empty(), "{:?}", s.violations);
    });
}
