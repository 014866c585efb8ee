//! Reports across a series: every minutes file of a directory, read in meeting order, and
//! from them the open actions by owner (`gavel actions`) and the attendance table
//! (`gavel attendance`).

use crate::error::{display, io_reason, Failure};
use crate::minutes::markdown::table;
use crate::minutes::{escape_inline as esc, Minutes};
use chrono::NaiveDate;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Every `*.minutes.json` in `dir`, oldest meeting first.
pub fn read_minutes_dir(dir: &Path) -> Result<Vec<(PathBuf, Minutes)>, Failure> {
    let shown = display(dir);
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::Input(format!("{shown}: {}", io_reason(&e))))?;
    let mut out = Vec::new();
    for e in entries {
        let path = e
            .map_err(|e| Failure::Runtime(format!("cannot read {shown}: {e}")))?
            .path();
        let is_minutes = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".minutes.json"));
        if !is_minutes || !path.is_file() {
            continue;
        }
        let text = crate::output::read_input(&path, crate::output::MINUTES)?;
        let m = crate::minutes::json::parse(&text)
            .map_err(|e| Failure::Input(format!("{}: {e}", display(&path))))?;
        out.push((path, m));
    }
    if out.is_empty() {
        return Err(Failure::Input(format!(
            "{shown}: no minutes here (gavel reads every *.minutes.json in the directory)"
        )));
    }
    out.sort_by(|(pa, a), (pb, b)| {
        (a.date, &a.scheduled_start, pa).cmp(&(b.date, &b.scheduled_start, pb))
    });
    Ok(out)
}

/// An action still open after the last of a series of minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenAction {
    pub owners: Vec<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub from: Option<NaiveDate>,
    /// Meetings held since it was created (or, for one older than every minutes read, the
    /// times it was carried over, when that is more).
    pub age: u32,
}

/// The actions still open after the last meeting: each meeting's new actions, less those
/// reviewed done or dropped in a later one.
pub fn open_actions(minutes: &[Minutes]) -> Vec<OpenAction> {
    let mut open: Vec<(OpenAction, u32)> = Vec::new();
    let same = |o: &OpenAction, owners: &[String], text: &str, from: Option<NaiveDate>| {
        o.owners == owners && o.text == text && o.from == from
    };
    for m in minutes {
        for r in &m.review {
            let at = open
                .iter()
                .position(|(o, _)| same(o, &r.owners, &r.text, r.from));
            match (r.status.as_deref(), at) {
                (Some("done" | "dropped"), Some(i)) => {
                    open.remove(i);
                }
                (Some("done" | "dropped"), None) => {}
                (_, Some(i)) => {
                    open[i].0.due = r.due;
                    open[i].1 = r.carried;
                }
                (_, None) => open.push((
                    OpenAction {
                        owners: r.owners.clone(),
                        text: r.text.clone(),
                        due: r.due,
                        from: r.from,
                        age: 0,
                    },
                    r.carried,
                )),
            }
        }
        for a in m.actions.iter().filter(|a| !a.private) {
            if !open
                .iter()
                .any(|(o, _)| same(o, &a.owners, &a.text, Some(m.date)))
            {
                open.push((
                    OpenAction {
                        owners: a.owners.clone(),
                        text: a.text.clone(),
                        due: a.due,
                        from: Some(m.date),
                        age: 0,
                    },
                    0,
                ));
            }
        }
    }
    open.into_iter()
        .map(|(mut o, carried)| {
            let held = minutes
                .iter()
                .filter(|m| o.from.is_none_or(|f| m.date > f))
                .count() as u32;
            o.age = held.max(carried);
            o
        })
        .collect()
}

/// `gavel actions`: the open actions by owner, as a Markdown table.
pub fn actions_report(minutes: &[Minutes]) -> String {
    let open = open_actions(minutes);
    let mut out = String::new();
    if let Some(last) = minutes.last() {
        let _ = write!(
            out,
            "## Open actions after the meeting of {}\n\n",
            last.date
        );
    }
    if open.is_empty() {
        out.push_str("No open actions.\n");
        return out;
    }
    let mut owners: Vec<&str> = open
        .iter()
        .flat_map(|o| o.owners.iter().map(String::as_str))
        .collect();
    owners.sort_by_key(|o| o.to_lowercase());
    owners.dedup();
    let mut rows = Vec::new();
    for owner in owners {
        for o in open.iter().filter(|o| o.owners.iter().any(|x| x == owner)) {
            let others: Vec<String> = o
                .owners
                .iter()
                .filter(|x| *x != owner)
                .map(|x| esc(x))
                .collect();
            let mut text = esc(&o.text);
            if !others.is_empty() {
                let _ = write!(text, " (with {})", others.join(", "));
            }
            let flag = if o.age >= crate::minutes::CARRIED_WARNING {
                " ⚠"
            } else {
                ""
            };
            rows.push(vec![
                esc(owner),
                text,
                o.due.map(|d| d.to_string()).unwrap_or_default(),
                o.from.map(|d| d.to_string()).unwrap_or_default(),
                format!("{}{flag}", o.age),
            ]);
        }
    }
    table(
        &mut out,
        &["Owner", "Action", "Due", "From", "Age (meetings)"],
        &rows,
    );
    out
}

/// Whether a meeting's minutes record attendance: someone ticked present, left, regrets or
/// absent. Minutes where nobody was (imported minutes that list no one, a roster never
/// ticked) say nothing about anyone's attendance.
fn attendance_recorded(m: &Minutes) -> bool {
    m.attendance.iter().any(|a| a.status != "unknown")
}

/// `gavel attendance`: who attended which meeting, and each person's rate, as a Markdown
/// table. "y" present (also someone who left early), "regrets", "n" absent or not ticked,
/// "–" not on that meeting's roster, "?" at a meeting that recorded no attendance. The rate
/// counts every meeting in the table that recorded attendance.
pub fn attendance_report(minutes: &[Minutes]) -> String {
    let mut people: Vec<(String, bool)> = Vec::new();
    for a in minutes.iter().flat_map(|m| &m.attendance) {
        match people.iter_mut().find(|(n, _)| *n == a.name) {
            Some(p) => p.1 &= a.guest,
            None => people.push((a.name.clone(), a.guest)),
        }
    }
    let mut head: Vec<String> = vec!["Name".into()];
    head.extend(minutes.iter().map(|m| m.date.to_string()));
    head.push("Attended".into());
    let mut rows = Vec::new();
    for (name, only_guest) in &people {
        let mut row = vec![if *only_guest {
            format!("{} (guest)", esc(name))
        } else {
            esc(name)
        }];
        let mut came = 0;
        for m in minutes {
            let cell = match m.attendance.iter().find(|a| &a.name == name) {
                _ if !attendance_recorded(m) => "?",
                None => "–",
                Some(a) => match a.status.as_str() {
                    "present" | "left" => {
                        came += 1;
                        "y"
                    }
                    "regrets" => "regrets",
                    _ => "n",
                },
            };
            row.push(cell.to_string());
        }
        let total = minutes.iter().filter(|m| attendance_recorded(m)).count();
        row.push(format!(
            "{came} of {total} ({}%)",
            (came * 100 + total / 2) / total.max(1)
        ));
        rows.push(row);
    }
    let mut out = String::new();
    if let (Some(first), Some(last)) = (minutes.first(), minutes.last()) {
        let _ = write!(
            out,
            "## Attendance, {} to {} ({} meeting{})\n\n",
            first.date,
            last.date,
            minutes.len(),
            if minutes.len() == 1 { "" } else { "s" }
        );
    }
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    table(&mut out, &head, &rows);
    let unrecorded: Vec<String> = minutes
        .iter()
        .filter(|m| !attendance_recorded(m))
        .map(|m| m.date.to_string())
        .collect();
    if !unrecorded.is_empty() {
        let _ = write!(
            out,
            "\nNo attendance recorded on {} (\"?\"): not counted in anyone's rate.\n",
            unrecorded.join(", ")
        );
    }
    out
}
