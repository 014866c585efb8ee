//! The decisions of a meeting in its minutes (issue 28): each motion with its mover and
//! seconder, how it was decided and the result; a recorded vote's ballots by name; who was
//! recused from an item's vote. Built from the meeting's motions, rendered in the Markdown's
//! "Decisions" list and under each item, and held in the JSON as `decisions`.

use crate::meeting::{DecidedBy, Meeting, VoteResult};
use serde::{Deserialize, Serialize};

/// One motion as the minutes record it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// The 1-based number of the item it was moved on.
    pub item: Option<usize>,
    /// The motion as it stood when decided (amended, if it was).
    pub text: String,
    /// Earlier wordings, oldest first, each replaced by an amendment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amended_from: Vec<String>,
    pub mover: Option<String>,
    pub seconder: Option<String>,
    /// When it was moved, HH:MM.
    pub time: String,
    /// "unanimous consent", "counted vote", "recorded vote", "withdrawn"; None while open.
    pub decided_by: Option<String>,
    /// "carried", "failed", "no quorum", "withdrawn" or "open".
    pub result: String,
    /// When it was decided or withdrawn, HH:MM.
    pub decided_at: Option<String>,
    /// The counts: [for, against, abstain] (none for consent or a withdrawal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<[u32; 3]>,
    /// Voting members present (alternates counted) when it was decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u32>,
    /// The agenda's `vote_rule` it was decided by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A recorded vote: each member's ballot, in the order cast.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ballots: Vec<BallotRecord>,
    /// Who captured it, in a shared session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotRecord {
    pub name: String,
    /// "yes", "no" or "abstain".
    pub vote: String,
}

/// Someone recused from an item's vote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecusalRecord {
    pub name: String,
    pub reason: Option<String>,
    pub time: String,
}

pub const DECIDED_BY: &[&str] = &[
    "unanimous consent",
    "counted vote",
    "recorded vote",
    "withdrawn",
];
pub const RESULTS: &[&str] = &["carried", "failed", "no quorum", "withdrawn", "open"];
pub const CHOICES: &[&str] = &["yes", "no", "abstain"];

/// The motions of `meeting` (none deleted), and for each of its motions its place among
/// them.
pub fn records(meeting: &Meeting) -> (Vec<DecisionRecord>, Vec<Option<usize>>) {
    let clock = |t| meeting.clock(t);
    let mut out = Vec::new();
    let mut index = vec![None; meeting.motions().len()];
    for (n, m) in meeting.motions().iter().enumerate() {
        if m.removed {
            continue;
        }
        index[n] = Some(out.len());
        let how = m.end.as_ref().map(|e| &e.how);
        let vote = how.and_then(DecidedBy::vote);
        let result = match (how, vote) {
            (Some(DecidedBy::Withdrawn), _) => "withdrawn",
            (_, Some(v)) => v.result.as_str(),
            (_, None) => "open",
        };
        let counts = match how {
            Some(DecidedBy::Counts { vote: v, .. } | DecidedBy::Recorded(v)) => {
                Some([v.ballot.yes, v.ballot.against, v.ballot.abstain])
            }
            Some(DecidedBy::Consent(_) | DecidedBy::Withdrawn) | None => None,
        };
        out.push(DecisionRecord {
            item: meeting.motion_item(n).map(|i| i + 1),
            text: m.text.clone(),
            amended_from: m.amended_from.clone(),
            mover: m.mover.clone(),
            seconder: m.seconder.clone(),
            time: clock(m.at),
            decided_by: how.map(|h| h.as_str().into()),
            result: result.into(),
            decided_at: m.end.as_ref().map(|e| clock(e.at)),
            counts,
            present: vote.map(|v| v.present),
            quorum: vote.and_then(|v| v.quorum),
            rule: vote.map(|v| v.rule.as_str().into()),
            ballots: m
                .ballots
                .iter()
                .map(|(name, c)| BallotRecord {
                    name: name.clone(),
                    vote: c.as_str().into(),
                })
                .collect(),
            by: m.by.clone(),
        });
    }
    (out, index)
}

/// The recusals from item `i`'s vote.
pub fn recusals(meeting: &Meeting, i: usize) -> Vec<RecusalRecord> {
    meeting
        .recused(i)
        .iter()
        .map(|r| RecusalRecord {
            name: r.name.clone(),
            reason: r.reason.clone(),
            time: meeting.clock(r.at),
        })
        .collect()
}

impl DecisionRecord {
    /// How it ended, as the minutes say it: "**carried** by unanimous consent", "**failed**
    /// on a recorded vote, 3 for, 5 against, 1 abstaining", "not decided without quorum…".
    pub fn outcome(&self) -> String {
        let how = self.decided_by.as_deref().unwrap_or("");
        let counts = self
            .counts
            .map(|[y, n, a]| format!(": {y} for, {n} against, {a} abstaining"))
            .unwrap_or_default();
        let on = match how {
            "unanimous consent" => "by unanimous consent (no objection)".to_string(),
            "" => String::new(),
            other => format!("on a {other}"),
        };
        match self.result.as_str() {
            "open" => "open: not decided in this meeting".into(),
            "withdrawn" => "withdrawn by the mover".into(),
            r if r == VoteResult::NoQuorum.as_str() => format!(
                "**no quorum**: taken {on}{counts} with {} voting members present and {} needed, so it decides nothing",
                self.present.unwrap_or(0),
                self.quorum.unwrap_or(0)
            ),
            r => format!("**{r}** {on}{counts}").trim_end().to_string(),
        }
    }

    /// "moved by A, seconded by B", or what is missing.
    pub fn movers(&self) -> String {
        let mover = self
            .mover
            .as_deref()
            .map_or("mover not recorded".into(), |n| format!("moved by {n}"));
        let seconder = self
            .seconder
            .as_deref()
            .map_or("not seconded".into(), |n| format!("seconded by {n}"));
        format!("{mover}, {seconder}")
    }
}

/// The Markdown of the minutes' decisions: the list near the top, a motion under its item,
/// the recusals of an item.
pub mod markdown {
    use super::super::{escape::escape_inline as esc, ItemRecord, Minutes};
    use super::DecisionRecord;
    use std::fmt::Write;

    /// "## Decisions": each motion, its mover and seconder, how it was decided, the result.
    pub fn list(out: &mut String, m: &Minutes) {
        if m.decisions.is_empty() {
            return;
        }
        out.push_str("## Decisions\n\n");
        for (n, d) in m.decisions.iter().enumerate() {
            let item = d
                .item
                .and_then(|i| m.items.iter().find(|r| r.number == i))
                .map(|r| format!("item {}, {}; ", r.number, esc(&r.title)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}. {}: {} ({item}{})",
                n + 1,
                esc(&d.text),
                d.outcome(),
                esc(&d.movers())
            );
        }
        out.push('\n');
    }

    /// A motion under its item: its text, who moved and seconded it, its earlier wordings,
    /// the result, and for a recorded vote a table of who voted how.
    pub fn motion(out: &mut String, d: &DecisionRecord) {
        let _ = write!(
            out,
            "**Motion** ({}, {}): {}\n\n",
            esc(&d.movers()),
            d.time,
            esc(&d.text)
        );
        for (k, old) in d.amended_from.iter().enumerate() {
            let _ = write!(
                out,
                "*Amended{}; it first read:* {}\n\n",
                if k == 0 { "" } else { " again" },
                esc(old)
            );
        }
        let rule = d
            .rule
            .as_deref()
            .filter(|_| d.counts.is_some())
            .map(|r| {
                crate::agenda::VoteRule::parse(r)
                    .map(|r| format!(" ({})", r.describe()))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        let when = d
            .decided_at
            .as_deref()
            .map(|t| format!(" at {t}"))
            .unwrap_or_default();
        let _ = write!(out, "*Result:* {}{rule}{when}\n\n", d.outcome());
        if d.ballots.is_empty() {
            return;
        }
        out.push_str("| Member | Vote |\n|---|---|\n");
        for b in &d.ballots {
            let _ = writeln!(out, "| {} | {} |", esc(&b.name), b.vote);
        }
        out.push('\n');
    }

    /// "*Recused from this item's vote:* A (employer is a party), B."
    pub fn recused(out: &mut String, item: &ItemRecord) {
        if item.recused.is_empty() {
            return;
        }
        let who: Vec<String> = item
            .recused
            .iter()
            .map(|r| match &r.reason {
                Some(reason) => format!("{} ({})", esc(&r.name), esc(reason)),
                None => esc(&r.name),
            })
            .collect();
        let _ = write!(
            out,
            "*Recused from this item's vote:* {}.\n\n",
            who.join(", ")
        );
    }
}
