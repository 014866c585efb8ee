//! `gavel github agenda` and `gavel github publish`: the agenda from labelled issues and
//! pull requests, the minutes as a pull request and the actions as issues. Both print what
//! they will do first; `--dry-run` stops there, and a change on GitHub (or an agenda
//! overwritten in place) is asked for unless `--yes`.

use crate::agenda::github::Repository;
use crate::error::{display, Failure};
use crate::github::{self, auth, plan, publish, Client};
use crate::minutes::Minutes;
use crate::text::clean_line;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What both commands share.
#[derive(Debug, Clone, Default)]
pub struct GithubArgs {
    /// `--repo OWNER/REPO`, else the agenda's (or the minutes') `github`.
    pub repo: Option<String>,
    /// `--api-url`, else the host's API.
    pub api_url: Option<String>,
    pub yes: bool,
    pub dry_run: bool,
}

/// What `gavel github agenda` was asked.
#[derive(Debug, Clone, Default)]
pub struct GithubAgendaArgs {
    pub agenda: PathBuf,
    pub label: String,
    pub output: Option<PathBuf>,
    /// The time box of an item whose issue says no "Time needed".
    pub timebox: String,
    pub force: bool,
    pub common: GithubArgs,
}

/// What `gavel github publish` was asked.
#[derive(Debug, Clone, Default)]
pub struct GithubPublishArgs {
    pub minutes: String,
    pub path: String,
    pub branch: String,
    pub label: String,
    pub titles: bool,
    pub common: GithubArgs,
}

/// The repository from `--repo`, else from the file's `github`.
fn repository(
    flag: Option<&str>,
    from_file: Option<&str>,
    file: &str,
) -> Result<Repository, Failure> {
    let text = flag.or(from_file).ok_or_else(|| {
        Failure::Input(format!(
            "no repository: pass --repo OWNER/REPO, or set `github = \"OWNER/REPO\"` in the agenda's [meeting] ({file})"
        ))
    })?;
    Repository::parse(text).map_err(|e| Failure::Input(format!("--repo: {e}")))
}

/// The client: the token (optional for a dry run) and how a rate-limit wait is spent.
fn client(repo: &Repository, args: &GithubArgs) -> Result<Client, Failure> {
    let host = repo
        .web
        .split("://")
        .nth(1)
        .unwrap_or("github.com")
        .to_string();
    let token = match auth::token(|k| std::env::var(k).ok(), &host) {
        Ok((t, source)) => {
            eprintln!("gavel: GitHub token from {}", source.describe());
            Some(t)
        }
        Err(e) if args.dry_run => {
            eprintln!("gavel: {} (a dry run goes on without one)", e.message());
            None
        }
        Err(e) => return Err(e),
    };
    let api = args.api_url.clone().unwrap_or_else(|| repo.default_api());
    Client::new(&api, token, waiter())
}

/// Sleeps through a rate limit. `GAVEL_GITHUB_WAIT_MS` (for tests) spends that many
/// milliseconds instead of each wait, however long GitHub asked for.
fn waiter() -> github::client::Wait {
    match std::env::var("GAVEL_GITHUB_WAIT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        Some(ms) => Box::new(move |_| std::thread::sleep(Duration::from_millis(ms))),
        None => Box::new(std::thread::sleep),
    }
}

/// Asks `question` on the terminal; refuses plainly without one.
fn confirm(question: &str, yes: bool) -> Result<bool, Failure> {
    if yes {
        return Ok(true);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::Input(
            "nothing done: standard input is not a terminal to ask on; pass --yes to go ahead (or --dry-run to only see the plan)".into(),
        ));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    stdin
        .lock()
        .take(256)
        .read_line(&mut answer)
        .map_err(|e| Failure::Runtime(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// `gavel github agenda AGENDA.toml --label LABEL [-o FILE]`.
pub fn github_agenda(args: &GithubAgendaArgs) -> Result<u8, Failure> {
    let (mut agenda, _) = super::load_agenda(&args.agenda)?;
    let default = crate::agenda::parse_duration(&args.timebox)
        .map_err(|e| Failure::Input(format!("--timebox: {e}")))?;
    if args.label.trim().is_empty() {
        return Err(Failure::Input(
            "--label is empty: name the label, e.g. --label meeting-agenda".into(),
        ));
    }
    let shown = display(&args.agenda);
    let repo = repository(
        args.common.repo.as_deref(),
        agenda.meeting.github.as_deref(),
        &shown,
    )?;
    let mut client = client(&repo, &args.common)?;
    let found = github::agenda::labelled(&mut client, &repo, args.label.trim())?;
    let added = github::agenda::add_items(&mut agenda, &found, default);
    eprintln!(
        "gavel: {} open issues and pull requests labelled \"{}\" in {} ({} requests to GitHub)",
        found.len(),
        clean_line(&args.label),
        repo.slug(),
        client.requests
    );
    for line in added.added.iter().chain(&added.skipped) {
        eprintln!("  {}", clean_line(line));
    }
    if args.common.dry_run {
        eprintln!("gavel: dry run: no agenda written");
        return Ok(0);
    }
    let in_place = args
        .output
        .as_deref()
        .is_some_and(|o| same_file(o, &args.agenda));
    if in_place && !added.added.is_empty() {
        let q = format!(
            "Rewrite {shown} with {} new items (its comments are not kept)?",
            added.added.len()
        );
        if !confirm(&q, args.common.yes)? {
            eprintln!("gavel: nothing written");
            return Ok(1);
        }
    }
    let doc = crate::agenda::to_toml(
        &agenda,
        &[format!(
            "Items labelled \"{}\" in {} added by gavel github agenda.",
            args.label.trim(),
            repo.slug()
        )],
    );
    super::series::check_generated(&doc)?;
    crate::output::emit(args.output.as_deref(), &doc, args.force || in_place)?;
    if let Some(o) = &args.output {
        eprintln!("gavel: the agenda is in {}", display(o));
    }
    Ok(0)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// `gavel github publish MINUTES.json|SESSION`.
pub fn github_publish(args: &GithubPublishArgs, data_dir: Option<PathBuf>) -> Result<u8, Failure> {
    let mut m = super::series::minutes_from(data_dir, Path::new(&args.minutes))?;
    strip_private(&mut m);
    let repo = repository(
        args.common.repo.as_deref(),
        m.github.as_deref(),
        &args.minutes,
    )?;
    if m.github.is_none() {
        m.github = Some(repo.slug());
    }
    let settings = plan::Settings {
        repo: repo.clone(),
        path: args.path.clone(),
        branch: args.branch.clone(),
        label: args.label.clone(),
    };
    let mut client = client(&repo, &args.common)?;
    if args.titles {
        add_titles(&mut client, &mut m)?;
    }
    let plan = plan::plan(&m, &settings).map_err(Failure::Input)?;
    let remote = publish::remote(&mut client, &repo)?;
    if remote.push == Some(false) && !args.common.dry_run {
        return Err(Failure::Input(format!(
            "the token may read {} but not push to it: use a token of someone with write access (or a fine-grained token with contents, issues and pull requests: write)",
            repo.slug()
        )));
    }
    let base_sha = publish::branch_head(&mut client, &repo, &remote.default_branch)?;
    let known = if plan.reviewed.is_empty() {
        None
    } else {
        Some(publish::marked_issues(&mut client, &repo, &plan.label)?)
    };
    print_plan(&plan, &repo, &remote, &m, known.as_ref());
    if args.common.dry_run {
        eprintln!(
            "gavel: dry run: nothing sent ({} requests to GitHub, all reads)",
            client.requests
        );
        return Ok(0);
    }
    if !confirm("Publish?", args.common.yes)? {
        eprintln!("gavel: nothing published");
        return Ok(1);
    }
    let result = publish::publish(
        &mut client,
        &repo,
        &remote,
        &base_sha,
        &plan,
        &m.title,
        known,
    );
    let done = result.inspect_err(|_| {
        eprintln!("gavel: stopped part-way: what is done stays done; run the same command again to complete it");
    })?;
    for line in &done.lines {
        eprintln!("  {}", clean_line(line));
    }
    eprintln!(
        "gavel: published: {} issue{} opened, {} pull request opened; {} requests to GitHub",
        done.issues_opened,
        if done.issues_opened == 1 { "" } else { "s" },
        if done.pull_opened { "a" } else { "no" },
        client.requests
    );
    Ok(0)
}

/// Private entries never leave the machine (the JSON may hold them, written with --private).
fn strip_private(m: &mut Minutes) {
    use crate::minutes::EntryRecord;
    for item in &mut m.items {
        item.entries.retain(|e| !e.is_private());
    }
    let private_actions: Vec<usize> = (0..m.actions.len())
        .filter(|&i| m.actions[i].private)
        .collect();
    if !private_actions.is_empty() {
        // Keep the indexes of the entries pointing into `actions` right.
        let kept: Vec<Option<usize>> = {
            let mut next = 0;
            (0..m.actions.len())
                .map(|i| {
                    (!private_actions.contains(&i)).then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        };
        for item in &mut m.items {
            for e in &mut item.entries {
                if let EntryRecord::Action { action, .. } = e {
                    *action = kept.get(*action).copied().flatten().unwrap_or(0);
                }
            }
        }
        m.actions.retain(|a| !a.private);
    }
}

/// Looks up the titles of the issues the notes name (cached) for the Markdown.
fn add_titles(client: &mut Client, m: &mut Minutes) -> Result<(), Failure> {
    use crate::minutes::EntryRecord;
    let home = m.github.as_deref().and_then(|g| Repository::parse(g).ok());
    let mut refs = Vec::new();
    let texts = m
        .items
        .iter()
        .flat_map(|i| &i.entries)
        .filter_map(|e| match e {
            EntryRecord::Note { note, .. } => Some(note.text.as_str()),
            EntryRecord::Outcome { outcome, .. } => Some(outcome.text.as_str()),
            EntryRecord::Action { .. }
            | EntryRecord::Link { .. }
            | EntryRecord::Topic { .. }
            | EntryRecord::Vote { .. }
            | EntryRecord::Motion { .. } => None,
        })
        .chain(m.actions.iter().map(|a| a.text.as_str()));
    for t in texts {
        refs.extend(crate::minutes::refs::find(t, home.as_ref()));
    }
    let cache_path = directories::ProjectDirs::from("org", "gavel", "gavel")
        .map(|d| d.cache_dir().join("github-titles.json"));
    let mut cache = github::titles::Cache::open(cache_path);
    m.ref_titles = github::titles::titles(client, &refs, &mut cache)?;
    if let Err(e) = cache.save() {
        eprintln!("gavel: the title cache was not saved: {}", e.message());
    }
    Ok(())
}

fn print_plan(
    p: &plan::Plan,
    repo: &Repository,
    remote: &publish::Remote,
    m: &Minutes,
    known: Option<&std::collections::BTreeMap<String, github::Labelled>>,
) {
    eprintln!(
        "gavel: the plan for the minutes of {}, {} in {} (default branch {}):",
        clean_line(&m.title),
        m.date,
        repo.slug(),
        remote.default_branch
    );
    eprintln!(
        "  minutes: {} on branch {} (made from {} if not there; not committed again when the file there says the same)",
        p.path, p.branch, remote.default_branch
    );
    eprintln!(
        "  pull request: \"{}\" from {} into {} (opened, or the open one updated)",
        clean_line(&p.pr_title),
        p.branch,
        remote.default_branch
    );
    if p.actions.is_empty() {
        eprintln!("  issues: none (no public actions)");
    } else {
        eprintln!(
            "  issues: {} action{}, labelled {}, each opened unless an issue marked with its id is there:",
            p.actions.len(),
            if p.actions.len() == 1 { "" } else { "s" },
            p.label
        );
        for a in &p.actions {
            let to = if a.assignees.is_empty() {
                String::new()
            } else {
                format!(" (assigned to {})", a.assignees.join(", "))
            };
            eprintln!(
                "    - {}: {}{to}",
                clean_line(&a.owners.join(", ")),
                clean_line(&a.title)
            );
        }
    }
    for r in &p.reviewed {
        let issue = known
            .and_then(|k| k.get(&r.id))
            .map(|i| format!("issue #{}", i.number))
            .unwrap_or_else(|| "no issue found".into());
        let what = match r.verdict {
            plan::Verdict::Carried => "comment: carried over",
            plan::Verdict::Done => "comment and close: done",
            plan::Verdict::Dropped => "comment and close: dropped",
        };
        eprintln!("  review: {} ({issue}): {what}", clean_line(&r.text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::tests_support::{meeting, t};
    use crate::minutes::EntryRecord;

    #[test]
    fn private_entries_never_reach_github() {
        let mut m = meeting();
        let refused = crate::transcript::run(
            &mut m,
            "[17:00] /start\n[17:01] /action /private Ada: rotate the secret key\n\
             [17:02] /action Ben: draft the charter\n[17:03] /note /private the hidden part\n",
        );
        assert!(refused.is_empty(), "{refused:?}");
        let mut minutes = Minutes::build(&m, t(10), crate::minutes::Options { private: true });
        assert_eq!(minutes.actions.len(), 2);
        strip_private(&mut minutes);
        let json = minutes.document(crate::minutes::Format::Json);
        let md = minutes.document(crate::minutes::Format::Markdown);
        for doc in [&json, &md] {
            assert!(!doc.contains("secret") && !doc.contains("hidden"), "{doc}");
        }
        assert_eq!(minutes.actions.len(), 1);
        // The public action's entry still points at it.
        let pointed = minutes
            .items
            .iter()
            .flat_map(|i| &i.entries)
            .find_map(|e| match e {
                EntryRecord::Action { action, .. } => Some(*action),
                _ => None,
            });
        assert_eq!(pointed, Some(0));
        assert!(md.contains("draft the charter"));
    }
}
