//! What publishing a meeting's minutes asks of GitHub, decided from the minutes alone (no
//! network): the file, the branch, the pull request's title and body, an issue per new
//! action, and what to say on the issues of the actions reviewed. Each action has an id,
//! written hidden in its issue (`<!-- gavel:action ID -->`), that a later run (or the next
//! meeting's review) finds it by.

use super::short_hash;
use crate::agenda::github::Repository;
use crate::meeting::Ballot;
use crate::minutes::{escape_inline as esc, EntryRecord, Minutes};
use std::fmt::Write;

/// GitHub's limit on an issue's or pull request's body, with room to spare.
const BODY_MAX: usize = 60_000;
/// GitHub's limit on an issue's title.
const TITLE_MAX: usize = 250;

/// Where the minutes go, as the command line says.
#[derive(Debug, Clone)]
pub struct Settings {
    pub repo: Repository,
    /// The file's path pattern: `{date}`, `{series}` (the series' name in lower case, hyphens
    /// for spaces) and `{title}` are replaced.
    pub path: String,
    /// The branch's name pattern, with the same placeholders.
    pub branch: String,
    /// The label on each action's issue.
    pub label: String,
}

/// The default path pattern.
pub const DEFAULT_PATH: &str = "meetings/{date}.md";
/// The default branch pattern.
pub const DEFAULT_BRANCH: &str = "gavel/minutes-{date}";
/// The default label of an action's issue.
pub const DEFAULT_LABEL: &str = "gavel-action";

/// A new action, to become an issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    pub id: String,
    /// Who owns it, as the minutes say.
    pub owners: Vec<String>,
    pub title: String,
    /// The body without the link to the minutes (added once the pull request is known).
    pub text: String,
    /// The owners' GitHub handles, where the roster has them.
    pub assignees: Vec<String>,
}

/// What the review said of an earlier action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Still open: carried over (commented on).
    Carried,
    /// Done: the issue is closed as completed.
    Done,
    /// Dropped: the issue is closed as not planned.
    Dropped,
}

/// An action reviewed in this meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    pub id: String,
    pub text: String,
    pub verdict: Verdict,
    pub carried: u32,
}

/// Everything publishing would do, before asking GitHub what is already there.
#[derive(Debug, Clone)]
pub struct Plan {
    pub date: chrono::NaiveDate,
    pub path: String,
    pub branch: String,
    /// The Markdown minutes, as committed.
    pub document: String,
    pub commit_message: String,
    pub pr_title: String,
    pub pr_body: String,
    pub actions: Vec<NewAction>,
    pub reviewed: Vec<Reviewed>,
    pub label: String,
}

/// An action's id: the date of the meeting that created it and a hash of its words (case
/// and spacing ignored), so the next meeting's review finds the same issue.
pub fn action_id(from: chrono::NaiveDate, text: &str) -> String {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    format!("{from}-{}", short_hash(&words.join(" ")))
}

/// The hidden mark an action's issue carries.
pub fn action_mark(id: &str) -> String {
    format!("<!-- gavel:action {id} -->")
}

/// The id in an issue's body, if it carries gavel's mark.
pub fn id_in(body: &str) -> Option<&str> {
    let at = body.find("<!-- gavel:action ")?;
    let rest = &body[at + "<!-- gavel:action ".len()..];
    let id = rest.split_whitespace().next()?;
    rest[id.len()..]
        .trim_start()
        .starts_with("-->")
        .then_some(id)
}

/// The mark of a comment gavel left on an action's issue for this meeting.
pub fn comment_mark(what: &str, id: &str, date: chrono::NaiveDate) -> String {
    format!("<!-- gavel:{what} {id} {date} -->")
}

/// `pattern` with `{date}`, `{series}` and `{title}` filled in.
pub fn fill(pattern: &str, m: &Minutes) -> String {
    let slug = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    };
    let series = m.series.as_deref().unwrap_or(&m.title);
    pattern
        .replace("{date}", &m.date.to_string())
        .replace("{series}", &slug(series))
        .replace("{title}", &slug(&m.title))
}

/// Checks a filled path (relative, no `..`, no empty segment) and branch (a valid ref name).
pub fn check_names(path: &str, branch: &str) -> Result<(), String> {
    let bad_path = path.starts_with('/')
        || path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        || path.chars().any(|c| c.is_control() || c == '\\');
    if bad_path {
        return Err(format!(
            "--path `{}` is not a file path in a repository (relative, no `..`, no empty part)",
            crate::text::clean_line(path)
        ));
    }
    let bad_branch = branch.is_empty()
        || branch.starts_with(['/', '-', '.'])
        || branch.ends_with(['/', '.'])
        || branch.ends_with(".lock")
        || branch.contains("..")
        || branch.contains("//")
        || branch.contains("@{")
        || branch
            .chars()
            .any(|c| c.is_control() || " ~^:?*[\\".contains(c));
    if bad_branch {
        return Err(format!(
            "--branch `{}` is not a branch name git allows",
            crate::text::clean_line(branch)
        ));
    }
    Ok(())
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// The plan for `m` (public entries only: the caller builds the minutes without private
/// ones).
pub fn plan(m: &Minutes, s: &Settings) -> Result<Plan, String> {
    let path = fill(&s.path, m);
    let branch = fill(&s.branch, m);
    check_names(&path, &branch)?;
    let handle = |name: &str| {
        m.attendance
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| a.github.clone())
    };
    let actions = m
        .actions
        .iter()
        .filter(|a| !a.private)
        .map(|a| {
            let id = action_id(m.date, &a.text);
            let mut text = format!("{}\n\n", esc(&a.text));
            let _ = writeln!(text, "* Owner: {}", esc(&a.owners.join(", ")));
            if let Some(due) = a.due {
                let _ = writeln!(text, "* Due: {due}");
            }
            NewAction {
                title: cut(&a.text, TITLE_MAX),
                owners: a.owners.clone(),
                assignees: a.owners.iter().filter_map(|o| handle(o)).collect(),
                text,
                id,
            }
        })
        .collect();
    let reviewed = m
        .review
        .iter()
        .filter_map(|r| {
            let verdict = match r.status.as_deref() {
                Some("done") => Verdict::Done,
                Some("dropped") => Verdict::Dropped,
                None | Some("ongoing") => Verdict::Carried,
                Some(_) => return None,
            };
            Some(Reviewed {
                id: action_id(r.from?, &r.text),
                text: r.text.clone(),
                verdict,
                carried: r.carried,
            })
        })
        .collect();
    Ok(Plan {
        date: m.date,
        document: m.document(crate::minutes::Format::Markdown),
        commit_message: format!("Minutes of {}, {}", m.title, m.date),
        pr_title: cut(&format!("Minutes: {}, {}", m.title, m.date), TITLE_MAX),
        pr_body: pr_body(m, &path),
        path,
        branch,
        actions,
        reviewed,
        label: s.label.clone(),
    })
}

/// The pull request's short body: the recap, the decisions, the actions by person.
fn pr_body(m: &Minutes, path: &str) -> String {
    let mut b = format!(
        "Minutes of **{}**, {} (`{}`), written by gavel.\n\n",
        esc(&m.title),
        m.date,
        path
    );
    if let Some(recap) = &m.recap {
        let _ = write!(b, "### Recap\n\n{}\n\n", esc(recap));
    }
    let mut decisions = Vec::new();
    for item in &m.items {
        for e in &item.entries {
            match e {
                EntryRecord::Outcome { outcome, .. } => {
                    if !outcome.private {
                        decisions.push(format!("* {}: {}", esc(&item.title), esc(&outcome.text)))
                    }
                }
                EntryRecord::Vote { ballot, result, .. } => {
                    let Ballot {
                        yes,
                        against,
                        abstain,
                        text,
                        ..
                    } = ballot;
                    decisions.push(format!(
                        "* {}: vote{} {result} ({yes} for, {against} against, {abstain} abstaining)",
                        esc(&item.title),
                        text.as_deref().map(|t| format!(" on {}", esc(t))).unwrap_or_default()
                    ))
                }
                EntryRecord::Motion { motion, .. } => {
                    if let Some(d) = m.decisions.get(*motion) {
                        decisions.push(format!(
                            "* {}: motion {} ({})",
                            esc(&item.title),
                            esc(&d.text),
                            d.result
                        ))
                    }
                }
                EntryRecord::Note { .. }
                | EntryRecord::Action { .. }
                | EntryRecord::Link { .. }
                | EntryRecord::Topic { .. } => {}
            }
        }
    }
    if !decisions.is_empty() {
        let _ = write!(b, "### Decisions\n\n{}\n\n", decisions.join("\n"));
    }
    let mut by_person: Vec<(String, Vec<String>)> = Vec::new();
    for a in m.actions.iter().filter(|a| !a.private) {
        for o in &a.owners {
            let line = match a.due {
                Some(d) => format!("{} (due {d})", esc(&a.text)),
                None => esc(&a.text),
            };
            match by_person.iter_mut().find(|(n, _)| n == o) {
                Some((_, list)) => list.push(line),
                None => by_person.push((o.clone(), vec![line])),
            }
        }
    }
    if !by_person.is_empty() {
        b.push_str("### Actions\n\n");
        for (name, list) in &by_person {
            let _ = writeln!(b, "* **{}**", esc(name));
            for l in list {
                let _ = writeln!(b, "  * {l}");
            }
        }
        b.push('\n');
    }
    let _ = writeln!(b, "<!-- gavel:minutes {} -->", m.date);
    cut(&b, BODY_MAX)
}

/// An action's issue body, with the link to the minutes that made it.
pub fn issue_body(a: &NewAction, minutes: &str, title: &str, date: chrono::NaiveDate) -> String {
    cut(
        &format!(
            "{}\nFrom the minutes of {}, {date}: {minutes}\n\n{}\n",
            a.text,
            esc(title),
            action_mark(&a.id)
        ),
        BODY_MAX,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_survive_spacing_and_case_and_are_found_in_bodies() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        assert_eq!(
            action_id(d, "Draft  the Charter"),
            action_id(d, "draft the charter")
        );
        assert_ne!(
            action_id(d, "Draft the charter"),
            action_id(d, "Draft the budget")
        );
        let id = action_id(d, "x");
        let body = format!("text\n\n{}\n", action_mark(&id));
        assert_eq!(id_in(&body), Some(id.as_str()));
        assert_eq!(id_in("<!-- gavel:action -->"), None);
        assert_eq!(id_in("no mark"), None);
    }

    #[test]
    fn names_are_filled_and_checked() {
        let meeting = crate::meeting::tests_support::meeting();
        let mut m = Minutes::build(
            &meeting,
            crate::meeting::tests_support::t(0),
            crate::minutes::Options::default(),
        );
        m.series = Some("Widget Steering  Committee".into());
        assert_eq!(
            fill("{series}/{date}.md", &m),
            format!("widget-steering-committee/{}.md", m.date)
        );
        assert!(check_names("meetings/x.md", "gavel/minutes-1").is_ok());
        assert!(check_names("../x.md", "b").is_err());
        assert!(check_names("a//x.md", "b").is_err());
        assert!(check_names("x.md", "a..b").is_err());
        assert!(check_names("x.md", "a b").is_err());
    }
}
