//! Publishing a plan: the branch, the minutes committed to it, the pull request, an issue
//! per new action, a comment on each carried action's issue and a closed issue for each done
//! one. Every step first looks for its own earlier result (an existing branch, the same file,
//! the open pull request, an issue or comment carrying gavel's hidden mark), so a run that
//! stopped half-way is completed by the next, and a second run creates nothing.
//!
//! A first run asks the least: the repository, its default branch's head, the branch, the
//! file, the pull request, then one request per issue (15 for a meeting with 10 actions).
//! The issues are made last, after the pull request; so when the branch is new and the file
//! new on it, no earlier run made any issue for these minutes and none is looked for.

use super::client::{Client, Method, Reply};
use super::plan::{comment_mark, id_in, issue_body, Plan, Verdict};
use super::{path_segments, query, Labelled};
use crate::agenda::github::Repository;
use crate::error::Failure;
use crate::text::clean_line;
use base64::Engine;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// What GitHub says of the repository.
#[derive(Debug, Clone)]
pub struct Remote {
    pub default_branch: String,
    /// The repository's web address.
    pub web: String,
    /// Whether the token may push (None when GitHub does not say).
    pub push: Option<bool>,
}

/// What a publish did, to be said at the end.
#[derive(Debug, Default, Clone)]
pub struct Done {
    pub lines: Vec<String>,
    pub issues_opened: usize,
    pub pull_opened: bool,
}

fn repo_path(r: &Repository) -> String {
    format!("/repos/{}/{}", query(&r.owner), query(&r.name))
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// `GET /repos/{owner}/{repo}`: the default branch, the web address, the push permission.
pub fn remote(client: &mut Client, repo: &Repository) -> Result<Remote, Failure> {
    let r = client.send(Method::Get, &repo_path(repo), None, &[])?;
    let default_branch = text(&r.body, "default_branch").ok_or_else(|| {
        Failure::Runtime(format!(
            "GitHub did not say {}'s default branch: is --api-url a GitHub API?",
            repo.slug()
        ))
    })?;
    Ok(Remote {
        default_branch,
        web: text(&r.body, "html_url").unwrap_or_else(|| format!("{}/{}", repo.web, repo.slug())),
        push: r
            .body
            .get("permissions")
            .and_then(|p| p.get("push"))
            .and_then(Value::as_bool),
    })
}

/// `GET /repos/{owner}/{repo}/git/ref/heads/{branch}`: the commit a branch points at.
pub fn branch_head(
    client: &mut Client,
    repo: &Repository,
    branch: &str,
) -> Result<String, Failure> {
    let r = client.send(
        Method::Get,
        &format!(
            "{}/git/ref/heads/{}",
            repo_path(repo),
            path_segments(branch)
        ),
        None,
        &[],
    )?;
    r.body
        .get("object")
        .and_then(|o| text(o, "sha"))
        .ok_or_else(|| Failure::Runtime(format!("GitHub did not say where branch {branch} points")))
}

/// The issues labelled `label` carrying gavel's mark, by id (open and closed).
pub fn marked_issues(
    client: &mut Client,
    repo: &Repository,
    label: &str,
) -> Result<BTreeMap<String, Labelled>, Failure> {
    let path = format!(
        "{}/issues?labels={}&state=all&per_page=100",
        repo_path(repo),
        query(label)
    );
    let mut out = BTreeMap::new();
    for v in client.list(&path)? {
        if let Some(issue) = Labelled::of(&v) {
            if let Some(id) = id_in(&issue.body) {
                out.entry(id.to_string()).or_insert(issue);
            }
        }
    }
    Ok(out)
}

/// Carries `plan` out against `repo`. `known` are the marked issues if already read.
pub fn publish(
    client: &mut Client,
    repo: &Repository,
    remote: &Remote,
    base_sha: &str,
    plan: &Plan,
    title: &str,
    known: Option<BTreeMap<String, Labelled>>,
) -> Result<Done, Failure> {
    let mut done = Done::default();
    let fresh = create_branch(client, repo, plan, base_sha, &mut done)?;
    let file = commit_file(client, repo, plan, fresh, &mut done)?;
    let pull_url = if fresh && !file.committed {
        // The minutes are already on the default branch as they are: nothing to propose.
        delete_branch(client, repo, &plan.branch)?;
        done.lines.push(format!(
            "the minutes are already on {} as they are: no pull request needed (branch {} removed again)",
            remote.default_branch, plan.branch
        ));
        // The copy on the default branch: the branch's own is gone.
        format!(
            "{}/blob/{}/{}",
            remote.web, remote.default_branch, plan.path
        )
    } else {
        pull_request(client, repo, remote, plan, fresh, &mut done)?
    };
    let mut known = match known {
        Some(k) => k,
        None if fresh && file.created => BTreeMap::new(),
        None if plan.actions.is_empty() => BTreeMap::new(),
        None => marked_issues(client, repo, &plan.label)?,
    };
    open_issues(client, repo, plan, title, &pull_url, &mut known, &mut done)?;
    review_issues(client, repo, plan, &pull_url, &known, &mut done)?;
    Ok(done)
}

/// Makes the branch from the default branch's head; false when it was already there.
fn create_branch(
    client: &mut Client,
    repo: &Repository,
    plan: &Plan,
    base_sha: &str,
    done: &mut Done,
) -> Result<bool, Failure> {
    let body = json!({"ref": format!("refs/heads/{}", plan.branch), "sha": base_sha});
    let r = client.send(
        Method::Post,
        &format!("{}/git/refs", repo_path(repo)),
        Some(&body),
        &[422],
    )?;
    if r.status == 422 {
        if !r.message().to_lowercase().contains("already exists") {
            return Err(Failure::Runtime(format!(
                "GitHub refused to make branch {} ({})",
                plan.branch,
                r.message()
            )));
        }
        done.lines
            .push(format!("branch {}: already there", plan.branch));
        return Ok(false);
    }
    done.lines.push(format!("branch {}: made", plan.branch));
    Ok(true)
}

fn delete_branch(client: &mut Client, repo: &Repository, branch: &str) -> Result<(), Failure> {
    client.send(
        Method::Delete,
        &format!(
            "{}/git/refs/heads/{}",
            repo_path(repo),
            path_segments(branch)
        ),
        None,
        &[404, 422],
    )?;
    Ok(())
}

/// What became of the file.
struct FileResult {
    /// A commit was made.
    committed: bool,
    /// The file did not exist before on the branch (nor on the default branch).
    created: bool,
}

/// Commits the minutes to the branch, unless the file there already says the same.
fn commit_file(
    client: &mut Client,
    repo: &Repository,
    plan: &Plan,
    fresh: bool,
    done: &mut Done,
) -> Result<FileResult, Failure> {
    let path = format!("{}/contents/{}", repo_path(repo), path_segments(&plan.path));
    let encoded = base64::engine::general_purpose::STANDARD.encode(plan.document.as_bytes());
    let put = |client: &mut Client, sha: Option<&str>| {
        let mut body = json!({
            "message": plan.commit_message,
            "content": encoded,
            "branch": plan.branch,
        });
        if let Some(s) = sha {
            body["sha"] = json!(s);
        }
        client.send(Method::Put, &path, Some(&body), &[409, 422])
    };
    if fresh {
        // A new branch: try the file as new; GitHub says when it is already there.
        let r = put(client, None)?;
        if r.status == 201 || r.status == 200 {
            done.lines
                .push(format!("{}: committed to {}", plan.path, plan.branch));
            return Ok(FileResult {
                committed: true,
                created: true,
            });
        }
    }
    let existing = client.send(
        Method::Get,
        &format!("{path}?ref={}", query(&plan.branch)),
        None,
        &[404],
    )?;
    let (sha, same) = if existing.status == 404 {
        (None, false)
    } else {
        (
            text(&existing.body, "sha"),
            same_content(&existing, &plan.document),
        )
    };
    if same {
        done.lines
            .push(format!("{}: unchanged on {}", plan.path, plan.branch));
        return Ok(FileResult {
            committed: false,
            created: false,
        });
    }
    let r = put(client, sha.as_deref())?;
    if r.status >= 300 {
        return Err(Failure::Runtime(format!(
            "GitHub refused to commit {} to {} ({}): run the command again to retry",
            plan.path,
            plan.branch,
            r.message()
        )));
    }
    done.lines.push(format!(
        "{}: {} on {}",
        plan.path,
        if sha.is_some() {
            "updated"
        } else {
            "committed"
        },
        plan.branch
    ));
    Ok(FileResult {
        committed: true,
        created: sha.is_none(),
    })
}

/// Whether a contents reply holds `document` (base64, with GitHub's line breaks).
fn same_content(reply: &Reply, document: &str) -> bool {
    let Some(content) = text(&reply.body, "content") else {
        return false;
    };
    let compact: String = content.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .is_ok_and(|bytes| bytes == document.as_bytes())
}

/// Opens the pull request, or updates the open one; returns its address.
fn pull_request(
    client: &mut Client,
    repo: &Repository,
    remote: &Remote,
    plan: &Plan,
    fresh: bool,
    done: &mut Done,
) -> Result<String, Failure> {
    let pulls = format!("{}/pulls", repo_path(repo));
    let create = json!({
        "title": plan.pr_title,
        "head": plan.branch,
        "base": remote.default_branch,
        "body": plan.pr_body,
    });
    if fresh {
        let r = client.send(Method::Post, &pulls, Some(&create), &[422])?;
        if r.status == 201 {
            return Ok(opened(&r.body, done));
        }
        if !r.message().to_lowercase().contains("already exists")
            && !errors_say(&r.body, "already exists")
        {
            return Err(Failure::Runtime(format!(
                "GitHub refused the pull request from {} into {} ({}{})",
                plan.branch,
                remote.default_branch,
                r.message(),
                errors_text(&r.body)
            )));
        }
    }
    let head = format!("{}:{}", repo.owner, plan.branch);
    let open = client.list(&format!(
        "{pulls}?head={}&state=open&per_page=100",
        query(&head)
    ))?;
    if let Some(pr) = open.first() {
        let number = pr.get("number").and_then(Value::as_u64).unwrap_or(0);
        let url = text(pr, "html_url").unwrap_or_default();
        let same = text(pr, "body").as_deref() == Some(plan.pr_body.as_str())
            && text(pr, "title").as_deref() == Some(plan.pr_title.as_str());
        if same {
            done.lines
                .push(format!("pull request #{number}: already open ({url})"));
        } else {
            client.send(
                Method::Patch,
                &format!("{pulls}/{number}"),
                Some(&json!({"title": plan.pr_title, "body": plan.pr_body})),
                &[],
            )?;
            done.lines
                .push(format!("pull request #{number}: updated ({url})"));
        }
        return Ok(url);
    }
    let r = client.send(Method::Post, &pulls, Some(&create), &[])?;
    Ok(opened(&r.body, done))
}

fn opened(body: &Value, done: &mut Done) -> String {
    let url = text(body, "html_url").unwrap_or_default();
    let number = body.get("number").and_then(Value::as_u64).unwrap_or(0);
    done.pull_opened = true;
    done.lines
        .push(format!("pull request #{number}: opened ({url})"));
    url
}

fn errors_text(body: &Value) -> String {
    body.get("errors")
        .and_then(Value::as_array)
        .map(|e| {
            e.iter()
                .filter_map(|x| x.get("message").and_then(Value::as_str))
                .map(|m| format!(": {}", clean_line(m)))
                .collect::<String>()
        })
        .unwrap_or_default()
}

fn errors_say(body: &Value, words: &str) -> bool {
    errors_text(body).to_lowercase().contains(words)
}

/// An issue for each new action not already opened.
fn open_issues(
    client: &mut Client,
    repo: &Repository,
    plan: &Plan,
    title: &str,
    minutes_url: &str,
    known: &mut BTreeMap<String, Labelled>,
    done: &mut Done,
) -> Result<(), Failure> {
    let issues = format!("{}/issues", repo_path(repo));
    for a in &plan.actions {
        if let Some(found) = known.get(&a.id) {
            done.lines.push(format!(
                "action \"{}\": issue #{} already there",
                a.title, found.number
            ));
            continue;
        }
        let mut body = json!({
            "title": a.title,
            "body": issue_body(a, minutes_url, title, plan.date),
            "labels": [plan.label],
        });
        if !a.assignees.is_empty() {
            body["assignees"] = json!(a.assignees);
        }
        let mut r = client.send(Method::Post, &issues, Some(&body), &[422])?;
        if r.status == 422 && !a.assignees.is_empty() {
            // Someone GitHub will not assign (not a collaborator): open it unassigned, say so.
            done.lines.push(format!(
                "action \"{}\": GitHub would not assign {} ({}); opened unassigned",
                a.title,
                a.assignees.join(", "),
                r.message()
            ));
            if let Some(o) = body.as_object_mut() {
                o.remove("assignees");
            }
            r = client.send(Method::Post, &issues, Some(&body), &[])?;
        } else if r.status == 422 {
            return Err(Failure::Runtime(format!(
                "GitHub refused the issue for action \"{}\" ({}{})",
                a.title,
                r.message(),
                errors_text(&r.body)
            )));
        }
        let number = r.body.get("number").and_then(Value::as_u64).unwrap_or(0);
        done.issues_opened += 1;
        done.lines.push(format!(
            "action \"{}\": issue #{number} opened{}",
            a.title,
            if a.assignees.is_empty() {
                String::new()
            } else {
                format!(" for {}", a.assignees.join(", "))
            }
        ));
        if let Some(issue) = Labelled::of(&r.body) {
            known.insert(a.id.clone(), issue);
        }
    }
    Ok(())
}

/// Whether issue `number` has a comment carrying `mark` (read only when it has comments).
fn has_comment(
    client: &mut Client,
    repo: &Repository,
    issue: &Labelled,
    mark: &str,
) -> Result<bool, Failure> {
    if issue.comments == 0 {
        return Ok(false);
    }
    let comments = client.list(&format!(
        "{}/issues/{}/comments?per_page=100",
        repo_path(repo),
        issue.number
    ))?;
    Ok(comments
        .iter()
        .any(|c| text(c, "body").is_some_and(|b| b.contains(mark))))
}

/// A comment on each carried action's issue; each done or dropped one closed.
fn review_issues(
    client: &mut Client,
    repo: &Repository,
    plan: &Plan,
    minutes_url: &str,
    known: &BTreeMap<String, Labelled>,
    done: &mut Done,
) -> Result<(), Failure> {
    for r in &plan.reviewed {
        let Some(issue) = known.get(&r.id) else {
            done.lines.push(format!(
                "reviewed action \"{}\": no issue carries its mark (opened before gavel published?); nothing done",
                clean_line(&r.text)
            ));
            continue;
        };
        let (what, words) = match r.verdict {
            Verdict::Carried => (
                "carried",
                format!(
                    "Carried over at the meeting of {} (open for {} meetings): {minutes_url}",
                    plan.date, r.carried
                ),
            ),
            Verdict::Done => (
                "done",
                format!(
                    "Done, as the meeting of {} recorded: {minutes_url}",
                    plan.date
                ),
            ),
            Verdict::Dropped => (
                "dropped",
                format!("Dropped by the meeting of {}: {minutes_url}", plan.date),
            ),
        };
        let closes = r.verdict != Verdict::Carried;
        if closes && issue.state == "closed" {
            done.lines
                .push(format!("issue #{}: already closed", issue.number));
            continue;
        }
        if issue.state == "closed" {
            done.lines.push(format!(
                "issue #{}: closed on GitHub; not commented on",
                issue.number
            ));
            continue;
        }
        let mark = comment_mark(what, &r.id, plan.date);
        let path = format!("{}/issues/{}", repo_path(repo), issue.number);
        if has_comment(client, repo, issue, &mark)? {
            done.lines
                .push(format!("issue #{}: already commented on", issue.number));
        } else {
            client.send(
                Method::Post,
                &format!("{path}/comments"),
                Some(&json!({"body": format!("{words}\n\n{mark}\n")})),
                &[],
            )?;
            done.lines
                .push(format!("issue #{}: commented ({what})", issue.number));
        }
        if closes {
            let reason = if r.verdict == Verdict::Done {
                "completed"
            } else {
                "not_planned"
            };
            client.send(
                Method::Patch,
                &path,
                Some(&json!({"state": "closed", "state_reason": reason})),
                &[],
            )?;
            done.lines
                .push(format!("issue #{}: closed ({what})", issue.number));
        }
    }
    Ok(())
}
