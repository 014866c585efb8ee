//! Past decisions read from the minutes (issue 28): a motion line ("Motion: …", "Motion by
//! X to …", "X moved to …", "moved by X, seconded by Y"), mover and seconder lines
//! ("Moved: X", "Seconded: Y"), how it was decided ("approved by unanimous consent",
//! "carried 7-2-1", "approved (5 for, 1 against, 2 abstain)", "failed", "withdrawn",
//! "tabled") and a vote table (a member column and a vote column, or Yes/No/Abstain columns
//! of marks) into ballots. What looks like a motion but cannot be read is reported.

use super::raw::{short, Kind, Line, RawMeeting, RawMotion};

/// The columns of a vote table.
enum VoteTable {
    /// A member column and a vote column.
    Named { name: usize, vote: usize },
    /// A member column and one column per choice, marked.
    Marks {
        name: usize,
        cols: Vec<(usize, &'static str)>,
    },
}

/// Reads the motions of one meeting's lines into `m.motions`; what cannot be read goes to
/// `m.unread` with its line.
pub fn read(lines: &[Line], m: &mut RawMeeting) {
    let mut table: Option<Option<VoteTable>> = None;
    let mut current: Option<usize> = None;
    // The lines a motion was read from: a decision, not also a note.
    let mut taken: Vec<&str> = Vec::new();
    for l in lines {
        if !matches!(l.kind, Kind::Row(_)) {
            table = None;
        }
        match &l.kind {
            Kind::Heading(_) => current = None,
            Kind::Row(cells) => {
                let Some(t) = &table else {
                    let shape = vote_table(cells);
                    if shape.is_some() && current.is_none() {
                        m.unread
                            .push((l.n, "a vote table with no motion before it".into()));
                    }
                    table = Some(shape);
                    continue;
                };
                if let (Some(t), Some(i)) = (t, current) {
                    ballot_row(t, cells, l.n, &mut m.motions[i], &mut m.unread);
                }
            }
            Kind::Bullet { .. } | Kind::Text => {
                let item = item_at(m, l.n);
                if let Some(mo) = motion_line(&l.text) {
                    m.motions.push(RawMotion {
                        line: l.n,
                        item,
                        ..mo
                    });
                    current = Some(m.motions.len() - 1);
                    taken.push(l.text.trim());
                } else if let Some(i) = current {
                    if follow_line(&l.text, &mut m.motions[i]) {
                        taken.push(l.text.trim());
                    } else if looks_like_motion(&l.text) {
                        m.unread.push((
                            l.n,
                            format!(
                                "looks like a motion but no wording was read: {}",
                                short(&l.text)
                            ),
                        ));
                    }
                } else if looks_like_motion(&l.text) {
                    m.unread.push((
                        l.n,
                        format!(
                            "looks like a motion but no wording was read: {}",
                            short(&l.text)
                        ),
                    ));
                }
            }
            Kind::Blank | Kind::Rule | Kind::Meta => {}
        }
    }
    for mo in &mut m.motions {
        settle(mo);
    }
    for item in &mut m.items {
        item.notes.retain(|n| !taken.contains(&n.trim()));
    }
}

/// The raw item a line at `n` is under: the last one begun at or before it.
fn item_at(m: &RawMeeting, n: usize) -> Option<usize> {
    m.items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.line <= n && !i.title.trim().is_empty())
        .max_by_key(|(_, i)| i.line)
        .map(|(k, _)| k)
}

/// The text without list marks, emphasis and spaces around it.
fn plain(text: &str) -> String {
    let t = text.replace("**", "").replace("__", "");
    t.trim()
        .trim_start_matches(['-', '*', '+', '>', ' '])
        .trim()
        .to_string()
}

/// The byte position of `word` in `lower` as a whole word.
fn word_at(lower: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = lower.get(from..).and_then(|s| s.find(word)) {
        let at = from + p;
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// "Motion: …", "Motion by X to …", "X moved to …", "moved by X, seconded by Y".
fn motion_line(text: &str) -> Option<RawMotion> {
    let t = plain(text);
    let lower = t.to_lowercase();
    let mut mo = RawMotion::default();
    let body: String;
    if let Some(rest) = label(&t, &["motion", "resolution", "resolved"]) {
        // "Motion: to approve …", "MOTION: Ada moved to …"
        if let Some(inner) = moved_clause(&rest) {
            body = inner.text.clone();
            mo.mover = inner.mover;
        } else {
            body = rest;
        }
    } else if lower.starts_with("motion by ") || lower.starts_with("motion from ") {
        let rest = &t["motion by ".len().min(t.len())..];
        let rest = if lower.starts_with("motion from ") {
            &t["motion from ".len()..]
        } else {
            rest
        };
        let (who, what) = split_to(rest)?;
        mo.mover = Some(who);
        body = what;
    } else if lower.starts_with("motion to ") || lower.starts_with("motion that ") {
        body = t["motion ".len()..].to_string();
    } else if let Some(inner) = moved_clause(&t) {
        mo.mover = inner.mover;
        body = inner.text;
    } else {
        return None;
    }
    let body_lower = body.to_lowercase();
    // "moved by X, seconded by Y" inside the line.
    if let Some(at) = word_at(&body_lower, "moved by") {
        mo.mover = mo
            .mover
            .or_else(|| name_after(&body[at + "moved by".len()..]));
    }
    for w in ["seconded by", "second by", "seconder"] {
        if let Some(at) = word_at(&body_lower, w) {
            mo.seconder = name_after(&body[at + w.len()..]);
            break;
        }
    }
    outcome(&body_lower, &mut mo);
    // "Resolution: …", "RESOLVED: …": a decision the meeting took, however it was taken.
    if mo.result.is_empty() && label(&t, &["resolution", "resolved"]).is_some() {
        mo.result = "carried".into();
    }
    let text = strip_clauses(&body);
    if !text.chars().any(char::is_alphabetic) {
        return None;
    }
    mo.text = text;
    Some(mo)
}

/// "Key: value" with `key` one of `keys` (any case); the value.
fn label(t: &str, keys: &[&str]) -> Option<String> {
    let (k, v) = t.split_once([':', '—'])?;
    let k = k.trim().trim_matches(['*', '_']).to_lowercase();
    keys.contains(&k.as_str()).then(|| v.trim().to_string())
}

/// "Ada Lovelace moved to approve …": the mover and the motion.
fn moved_clause(t: &str) -> Option<RawMotion> {
    let lower = t.to_lowercase();
    let at = word_at(&lower, "moved")?;
    let who = t[..at].trim().trim_end_matches(',');
    let rest = t[at + "moved".len()..].trim_start();
    let rest_lower = rest.to_lowercase();
    if !(rest_lower.starts_with("to ") || rest_lower.starts_with("that ")) {
        return None;
    }
    let verb = rest_lower
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .trim_matches(|c: char| !c.is_alphanumeric());
    if rest_lower.starts_with("to ")
        && (verb.is_empty()
            || [
                "the", "a", "an", "next", "another", "later", "its", "their", "his", "her",
            ]
            .contains(&verb)
            || verb.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    if !is_name(who) {
        return None;
    }
    Some(RawMotion {
        mover: Some(clean_name(who)),
        text: rest.to_string(),
        ..RawMotion::default()
    })
}

/// "X to approve …" or "X that …": X and the rest.
fn split_to(rest: &str) -> Option<(String, String)> {
    let lower = rest.to_lowercase();
    let at = [" to ", " that ", ": "]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()?;
    let who = rest[..at].trim();
    if !is_name(who) {
        return None;
    }
    Some((
        clean_name(who),
        rest[at..].trim_start_matches([' ', ':']).to_string(),
    ))
}

/// Words that could be a person's name: one to four words, the first a capital (or a
/// `@handle`), none a sentence's word.
fn is_name(who: &str) -> bool {
    let who = clean_name(who);
    let words: Vec<&str> = who.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words[0]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '@')
        && !words.iter().any(|w| {
            [
                "the",
                "it",
                "we",
                "this",
                "that",
                "item",
                "meeting",
                "discussion",
                "and",
                "was",
                "is",
                "has",
                "been",
            ]
            .contains(&w.to_lowercase().as_str())
        })
}

fn clean_name(who: &str) -> String {
    who.trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '@')
        .to_string()
}

/// The name written after "moved by", up to a comma, "and", a parenthesis or the end.
fn name_after(rest: &str) -> Option<String> {
    let rest = rest.trim_start_matches([':', ' ']);
    let lower = rest.to_lowercase();
    let end = [",", ";", ")", " and ", ".", " to ", " —", " - "]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()
        .unwrap_or(rest.len());
    let who = clean_name(&rest[..end]);
    is_name(&who).then_some(who)
}

/// The motion's wording without the clauses read apart ("moved by …", "carried …").
fn strip_clauses(body: &str) -> String {
    let lower = body.to_lowercase();
    let mut end = body.len();
    for w in [
        "(moved by",
        "moved by",
        "(seconded",
        "seconded by",
        "second by",
        "— carried",
        "- carried",
        "— approved",
        "- approved",
        "— passed",
        "- passed",
        "— failed",
        "- failed",
        "— withdrawn",
        "- withdrawn",
    ] {
        if let Some(at) = lower.find(w) {
            end = end.min(at);
        }
    }
    // "…; the motion was withdrawn", "… (tabled)": a clause that says how it ended.
    for (at, _) in body[..end].match_indices([';', '(', ',']) {
        if outcome(&lower[at..end], &mut RawMotion::default()) {
            end = at;
            break;
        }
    }
    body[..end]
        .trim()
        .trim_end_matches([',', ';', '.', '—', '-', ' ', '('])
        .trim()
        .to_string()
}

/// Reads how it was decided from `lower` into `mo`; whether anything was read.
fn outcome(lower: &str, mo: &mut RawMotion) -> bool {
    let has = |w: &str| word_at(lower, w).is_some();
    let counts = counts_in(lower);
    let failed = [
        "failed",
        "defeated",
        "rejected",
        "not carried",
        "did not pass",
        "lost",
    ]
    .iter()
    .any(|w| has(w));
    let carried = [
        "carried", "passed", "approved", "adopted", "agreed", "accepted",
    ]
    .iter()
    .any(|w| has(w));
    if has("withdrawn") || has("withdrew") {
        mo.decided_by = Some("withdrawn".into());
        mo.result = "withdrawn".into();
        return true;
    }
    if has("tabled") || has("postponed") {
        mo.tabled = true;
        mo.result = "open".into();
        return true;
    }
    if let Some(c) = counts {
        mo.counts = Some(c);
        mo.decided_by = Some("counted vote".into());
        mo.result = if failed {
            "failed"
        } else if carried || c[0] > c[1] {
            "carried"
        } else {
            "failed"
        }
        .into();
        return true;
    }
    if has("unanimous consent")
        || has("no objection")
        || has("without objection")
        || has("no objections")
        || has("by consent")
    {
        mo.decided_by = Some("unanimous consent".into());
        mo.result = if failed { "failed" } else { "carried" }.into();
        return true;
    }
    if failed || carried {
        if has("unanimously") || has("unanimous") {
            mo.decided_by = Some("counted vote".into());
        }
        mo.result = if failed { "failed" } else { "carried" }.into();
        return true;
    }
    false
}

/// "7-2-1", "6–1", "(5 for, 1 against, 2 abstain)", "5 yes, 1 no": [for, against, abstain].
fn counts_in(lower: &str) -> Option<[u32; 3]> {
    // "N for, M against, K abstain(ing|ed|tions)" in any order.
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    let mut c = [None, None, None];
    for (k, w) in words.iter().enumerate() {
        let Ok(n) = w.parse::<u32>() else { continue };
        let next = words.get(k + 1).copied().unwrap_or_default();
        let prev = if k > 0 { words[k - 1] } else { "" };
        let slot = |x: &str| match x.trim_end_matches(':') {
            "for" | "yes" | "yea" | "yeas" | "ayes" | "aye" | "in" => Some(0),
            "against" | "no" | "nay" | "nays" | "noes" | "opposed" => Some(1),
            x if x.starts_with("abstain") || x.starts_with("abstention") => Some(2),
            _ => None,
        };
        if let Some(s) = slot(next).or_else(|| slot(prev)) {
            c[s] = c[s].or(Some(n));
        }
    }
    if c[0].is_some() && c[1].is_some() {
        return Some([c[0].unwrap_or(0), c[1].unwrap_or(0), c[2].unwrap_or(0)]);
    }
    // "7-2-1", "6–1-0", "7/2/1"
    for w in &words {
        let parts: Vec<&str> = w
            .trim_matches(|c: char| !c.is_ascii_digit())
            .split(['-', '–', '/'])
            .collect();
        if (2..=3).contains(&parts.len()) && parts.iter().all(|p| !p.is_empty()) {
            let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
            if nums.len() == parts.len() && nums.iter().all(|&n| n < 1000) {
                return Some([nums[0], nums[1], nums.get(2).copied().unwrap_or(0)]);
            }
        }
    }
    None
}

/// A line after a motion: its mover, its seconder, how it ended. Whether it was read.
fn follow_line(text: &str, mo: &mut RawMotion) -> bool {
    let t = plain(text);
    if let Some(v) = label(
        &t,
        &["moved", "moved by", "mover", "proposed", "proposed by"],
    ) {
        mo.mover = name_after(&v).or_else(|| Some(clean_name(&v)));
        return true;
    }
    if let Some(v) = label(&t, &["seconded", "seconded by", "second", "seconder"]) {
        mo.seconder = name_after(&v).or_else(|| Some(clean_name(&v)));
        return true;
    }
    if let Some(v) = label(&t, &["moved/seconded", "moved / seconded"]) {
        let mut two = v.split(['/', ',']);
        mo.mover = two.next().map(clean_name).filter(|n| !n.is_empty());
        mo.seconder = two.next().map(clean_name).filter(|n| !n.is_empty());
        return true;
    }
    let lower = t.to_lowercase();
    if mo.result.is_empty() {
        let starts = [
            "result",
            "vote",
            "outcome",
            "decision",
            "the motion",
            "motion",
            "carried",
            "passed",
            "approved",
            "adopted",
            "failed",
            "defeated",
            "withdrawn",
            "tabled",
            "no objection",
            "unanimous",
            "agreed",
        ]
        .iter()
        .any(|w| lower.starts_with(w));
        if (starts || lower.contains("unanimous consent")) && outcome(&lower, mo) {
            return true;
        }
    }
    if let Some(at) = word_at(&lower, "seconded by") {
        mo.seconder = name_after(&t[at + "seconded by".len()..]);
        return true;
    }
    false
}

/// A line that names a motion without being one read.
fn looks_like_motion(text: &str) -> bool {
    let lower = plain(text).to_lowercase();
    lower.starts_with("motion") || lower.starts_with("moved:") || lower.starts_with("seconded:")
}

/// The columns of a vote table's header, if it is one.
fn vote_table(cells: &[String]) -> Option<VoteTable> {
    let heads: Vec<String> = cells.iter().map(|c| plain(c).to_lowercase()).collect();
    let name = heads.iter().position(|h| {
        [
            "member",
            "name",
            "members",
            "voter",
            "director",
            "trustee",
            "councillor",
            "councilor",
        ]
        .contains(&h.as_str())
    })?;
    if let Some(vote) = heads
        .iter()
        .position(|h| ["vote", "votes", "ballot", "voted"].contains(&h.as_str()))
    {
        return Some(VoteTable::Named { name, vote });
    }
    let cols: Vec<(usize, &'static str)> = heads
        .iter()
        .enumerate()
        .filter_map(|(k, h)| choice(h).map(|c| (k, c)))
        .collect();
    (cols.len() >= 2).then_some(VoteTable::Marks { name, cols })
}

/// "Yes", "Aye", "For" → "yes"; "No", "Nay", "Against" → "no"; "Abstain" → "abstain".
fn choice(cell: &str) -> Option<&'static str> {
    match cell.trim().trim_end_matches('.').to_lowercase().as_str() {
        "yes" | "y" | "aye" | "yea" | "for" | "in favour" | "in favor" | "approve" => Some("yes"),
        "no" | "n" | "nay" | "against" | "opposed" | "oppose" => Some("no"),
        "abstain" | "abstained" | "abstention" | "a" => Some("abstain"),
        _ => None,
    }
}

fn ballot_row(
    t: &VoteTable,
    cells: &[String],
    n: usize,
    mo: &mut RawMotion,
    unread: &mut Vec<(usize, String)>,
) {
    let cell = |k: usize| cells.get(k).map(|c| plain(c)).unwrap_or_default();
    let (name, vote) = match t {
        VoteTable::Named { name, vote } => (cell(*name), choice(&cell(*vote))),
        VoteTable::Marks { name, cols } => {
            let marked: Vec<&'static str> = cols
                .iter()
                .filter(|(k, _)| {
                    let c = cell(*k).to_lowercase();
                    !c.is_empty() && !["-", "—", "no", "n"].contains(&c.as_str())
                })
                .map(|(_, c)| *c)
                .collect();
            (cell(*name), (marked.len() == 1).then(|| marked[0]))
        }
    };
    if name.is_empty() || name.chars().all(|c| c == '-' || c == ':') {
        return;
    }
    match vote {
        Some(v) => mo.ballots.push((name, v.to_string(), n)),
        None => unread.push((
            n,
            format!(
                "a vote table's row whose vote was not read: {}",
                short(&cells.join(" | "))
            ),
        )),
    }
}

/// Ballots count; what nothing said stays open.
fn settle(mo: &mut RawMotion) {
    if !mo.ballots.is_empty() && mo.decided_by.as_deref() != Some("withdrawn") {
        let mut c = [0u32; 3];
        for (_, v, _) in &mo.ballots {
            match v.as_str() {
                "yes" => c[0] += 1,
                "no" => c[1] += 1,
                _ => c[2] += 1,
            }
        }
        mo.counts = Some(c);
        mo.decided_by = Some("recorded vote".into());
        if mo.result.is_empty() || mo.result == "open" {
            mo.result = if c[0] > c[1] { "carried" } else { "failed" }.into();
        }
    }
    if mo.result.is_empty() {
        mo.result = "open".into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_the_usual_forms() {
        assert_eq!(counts_in("carried 7-2-1"), Some([7, 2, 1]));
        assert_eq!(
            counts_in("approved (5 for, 1 against, 2 abstain)"),
            Some([5, 1, 2])
        );
        assert_eq!(counts_in("passed 6–1"), Some([6, 1, 0]));
        assert_eq!(counts_in("approved by unanimous consent"), None);
    }

    #[test]
    fn motion_lines_and_what_is_no_motion() {
        let m = motion_line("Motion by Ada Byrne to adopt the budget").unwrap_or_default();
        assert_eq!(m.mover.as_deref(), Some("Ada Byrne"));
        assert_eq!(m.text, "to adopt the budget");
        let m =
            motion_line("Kim Osei moved to accept the report, seconded by Lu Wen; carried 6-1-0")
                .unwrap_or_default();
        assert_eq!(m.mover.as_deref(), Some("Kim Osei"));
        assert_eq!(m.seconder.as_deref(), Some("Lu Wen"));
        assert_eq!(m.counts, Some([6, 1, 0]));
        let m = motion_line("RESOLVED: the group will publish the note").unwrap_or_default();
        assert_eq!((m.result.as_str(), m.decided_by), ("carried", None));
        assert!(motion_line("The item moved to the next meeting").is_none());
        assert!(motion_line("Kim moved to the next item").is_none());
    }
}
