//! The next meeting's agenda from a repository's open issues and pull requests carrying a
//! label: each becomes an item (its title, its link, its author as presenter when on the
//! roster, a time box from a "Time needed" line or the default); one whose link is already
//! on the agenda is skipped.

use super::client::Client;
use super::{query, Labelled};
use crate::agenda::github::Repository;
use crate::agenda::{Agenda, AgendaItem, ItemKind, Secs};
use crate::error::Failure;
use crate::text::clean_line;
use serde_json::Value;

/// The longest title kept for an item (GitHub allows 256 characters).
const TITLE_MAX: usize = 256;

/// The open issues and pull requests of `repo` labelled `label`, oldest first.
pub fn labelled(
    client: &mut Client,
    repo: &Repository,
    label: &str,
) -> Result<Vec<Labelled>, Failure> {
    let path = format!(
        "/repos/{}/{}/issues?labels={}&state=open&sort=created&direction=asc&per_page=100",
        query(&repo.owner),
        query(&repo.name),
        query(label)
    );
    Ok(client
        .list(&path)?
        .iter()
        .filter_map(Labelled::of)
        .collect())
}

impl Labelled {
    /// An issue from GitHub's list (one without a number or a link is skipped).
    pub fn of(v: &Value) -> Option<Labelled> {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        Some(Labelled {
            number: v.get("number")?.as_u64()?,
            title: clean_line(&text("title")?)
                .trim()
                .chars()
                .take(TITLE_MAX)
                .collect(),
            // A web address as GitHub gives it; anything else is not put on an agenda.
            url: text("html_url").filter(|u| {
                (u.starts_with("https://") || u.starts_with("http://"))
                    && u.len() <= 2048
                    && !u.chars().any(|c| c.is_whitespace() || c.is_control())
            })?,
            author: v
                .get("user")
                .and_then(|u| u.get("login"))
                .and_then(Value::as_str)
                .map(str::to_string),
            body: text("body").unwrap_or_default(),
            pull_request: v.get("pull_request").is_some(),
            state: text("state").unwrap_or_else(|| "open".into()),
            comments: v.get("comments").and_then(Value::as_u64).unwrap_or(0),
        })
    }
}

/// The time asked for in an issue's body: a "Time needed" line (`Time needed: 15 min`,
/// `**Time needed**: 1h`) or, as an issue form writes it, a "Time needed" heading with the
/// answer on a later line.
pub fn time_needed(body: &str) -> Option<Secs> {
    let mut lines = body.lines().take(2000);
    while let Some(line) = lines.next() {
        let lower = line.to_lowercase();
        let Some(at) = lower.find("time needed") else {
            continue;
        };
        let rest = &line[at + "time needed".len()..];
        let rest = rest.trim_start_matches(['*', '_', ':', ' ', '\t']);
        if let Some(secs) = duration_in(rest) {
            return Some(secs);
        }
        if rest.trim().is_empty() {
            // A heading: the first line after it that says anything.
            let answer = lines.by_ref().map(str::trim).find(|l| !l.is_empty())?;
            return duration_in(answer);
        }
    }
    None
}

/// A length written the way people write it: "15", "15 min", "15 minutes", "1h", "1 hour",
/// "1h30m", "90 mins". The first number in the text counts; minutes unless hours are said.
fn duration_in(text: &str) -> Option<Secs> {
    let t = text.trim().trim_start_matches(['~', '<', '>', '≈']).trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let compact: String = t
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if let Ok(secs) = crate::agenda::parse_duration(compact.trim_end_matches(['.', ','])) {
        return Some(secs);
    }
    let n: i64 = digits.parse().ok()?;
    let unit = t[digits.len()..].trim_start().to_lowercase();
    let secs = if unit.starts_with('h') {
        n * 3600
    } else {
        n * 60
    };
    (secs > 0 && secs <= 24 * 3600).then_some(secs)
}

/// What adding the labelled issues did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Added {
    /// Lines saying what was added.
    pub added: Vec<String>,
    /// Lines saying what was skipped and why.
    pub skipped: Vec<String>,
}

/// Adds each of `found` to `agenda` unless an item already links to it.
pub fn add_items(agenda: &mut Agenda, found: &[Labelled], default: Secs) -> Added {
    let mut out = Added::default();
    for issue in found {
        let kind = if issue.pull_request {
            "pull request"
        } else {
            "issue"
        };
        let linked = agenda
            .items
            .iter()
            .any(|i| i.links.iter().any(|l| same_link(l, &issue.url)));
        if linked {
            out.skipped.push(format!(
                "skipped #{} {}: already on the agenda ({})",
                issue.number, issue.title, issue.url
            ));
            continue;
        }
        let presenter = issue.author.as_deref().and_then(|login| {
            agenda
                .people
                .iter()
                .find(|p| {
                    p.github
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(login))
                })
                .map(|p| p.name.clone())
        });
        let timebox = time_needed(&issue.body);
        let title = if issue.title.is_empty() {
            format!("{kind} #{}", issue.number)
        } else {
            issue.title.clone()
        };
        agenda.items.push(AgendaItem {
            title: title.clone(),
            presenter: presenter.clone(),
            timebox: timebox.unwrap_or(default),
            kind: ItemKind::Discussion,
            background: None,
            links: vec![issue.url.clone()],
            fixed: false,
            standing: false,
            speaker_limit: None,
        });
        out.added.push(format!(
            "added #{} {title} ({kind}, {}{}{})",
            issue.number,
            crate::agenda::format_duration(timebox.unwrap_or(default)),
            if timebox.is_some() {
                " as asked"
            } else {
                " by default"
            },
            presenter
                .map(|p| format!(", presented by {p}"))
                .unwrap_or_default()
        ));
    }
    out
}

/// Two links to one issue: the same address, ignoring a trailing slash, a fragment, case
/// and `/pull/` for `/issues/`.
fn same_link(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s
            .split('#')
            .next()
            .unwrap_or(s)
            .trim()
            .trim_end_matches('/');
        s.to_lowercase().replace("/pull/", "/issues/")
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_needed_as_people_and_forms_write_it() {
        assert_eq!(time_needed("Intro\nTime needed: 15 min\n"), Some(900));
        assert_eq!(time_needed("**Time needed**: 1h"), Some(3600));
        assert_eq!(time_needed("- Time Needed: 1h30m"), Some(5400));
        assert_eq!(time_needed("### Time needed\n\n20 minutes\n"), Some(1200));
        assert_eq!(time_needed("### Time needed\n\n_No response_\n"), None);
        assert_eq!(time_needed("no such line"), None);
        assert_eq!(time_needed("Time needed: 2 hours"), Some(7200));
    }

    #[test]
    fn links_are_the_same_issue_whatever_their_spelling() {
        assert!(same_link(
            "https://github.com/o/r/pull/4/",
            "https://github.com/O/r/issues/4#top"
        ));
        assert!(!same_link(
            "https://github.com/o/r/issues/4",
            "https://github.com/o/r/issues/40"
        ));
    }

    #[test]
    fn items_are_added_once_with_presenter_and_time() {
        let (mut agenda, _) = crate::agenda::parse_str(
            "[meeting]\ntitle = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\n\
             [[people]]\nname = \"Ada Moreno\"\ngithub = \"ada-m\"\n\
             [[items]]\ntitle = \"Old\"\ntimebox = \"5m\"\nlinks = [\"https://github.com/o/r/issues/1\"]\n",
        )
        .unwrap();
        let issue = |n: u64, who: &str, body: &str| Labelled {
            number: n,
            title: format!("Topic {n}"),
            url: format!("https://github.com/o/r/issues/{n}"),
            author: Some(who.into()),
            body: body.into(),
            pull_request: n == 3,
            state: "open".into(),
            comments: 0,
        };
        let found = [
            issue(1, "ada-m", ""),
            issue(2, "ADA-M", "Time needed: 25 min"),
            issue(3, "stranger", ""),
        ];
        let added = add_items(&mut agenda, &found, 600);
        assert_eq!(added.added.len(), 2, "{added:?}");
        assert_eq!(added.skipped.len(), 1);
        assert!(added.skipped[0].starts_with("skipped #1"));
        assert_eq!(agenda.items[1].presenter.as_deref(), Some("Ada Moreno"));
        assert_eq!(agenda.items[1].timebox, 1500);
        assert_eq!(agenda.items[2].presenter, None);
        assert_eq!(agenda.items[2].timebox, 600);
        // A second run adds nothing.
        let again = add_items(&mut agenda, &found, 600);
        assert!(again.added.is_empty());
        assert_eq!(again.skipped.len(), 3);
    }
}
