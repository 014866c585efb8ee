//! Tables in minutes (pipe tables, HTML tables from online editors) read as attendance by
//! the evidence of their columns rather than by one header: a header row whose cells name
//! the columns ("Name", "Organisation", "Present", "Name and affiliation"), or none; a column
//! whose cells are marks ("X", "Yes", "✓", blank); a column whose cells read as names.

use super::people::{
    is_user_name, looks_like_name, parse_mention, plain, role_and_affiliation, split_top,
};
use super::raw::{Line, RawMeeting};
use super::sections::words_of;

/// What each column of a table holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    pub name: Option<usize>,
    pub org: Option<usize>,
    pub role: Option<usize>,
    pub mark: Option<usize>,
    /// A column of GitHub handles ("GH ID", "GitHub", "Handle").
    pub handle: Option<usize>,
    /// A column of the short forms people are known by in the notes ("Abbreviation",
    /// "Initials"): each person's nickname.
    pub short: Option<usize>,
    /// A column of marks for those who sent regrets ("Apologies", "Regrets"), beside the
    /// column of who was present.
    pub regrets: Option<usize>,
    /// The first row names the columns.
    pub header: bool,
    /// The name column's header names the organisation too ("Name (Organisation)").
    pub name_has_org: bool,
    /// Why the table is not read as attendance, when it is not.
    pub not_attendance: Option<String>,
}

const NAME_KEYS: &[&str] = &[
    "name",
    "names",
    "attendee",
    "attendees",
    "person",
    "who",
    "member",
    "members",
    "participant",
    "participants",
    "姓名",
    "成员",
];
const ORG_KEYS: &[&str] = &[
    "affiliation",
    "organization",
    "organisation",
    "org",
    "company",
    "employer",
    "representing",
    "公司",
    "组织",
];
const HANDLE_KEYS: &[&str] = &["github", "gh", "handle", "username", "gh id", "github id"];
const SHORT_KEYS: &[&str] = &[
    "abbreviation",
    "abbr",
    "initials",
    "short name",
    "nick",
    "nickname",
    "alias",
    "acronym",
];
const ROLE_KEYS: &[&str] = &["role", "position", "seat", "title", "角色"];
const MARK_KEYS: &[&str] = &[
    "present",
    "attended",
    "here",
    "attendance",
    "y/n",
    "status",
    "in attendance",
    "出席",
];

fn has_key(cell: &str, keys: &[&str]) -> bool {
    let w = words_of(cell);
    keys.iter().any(|k| {
        w == *k
            || w.starts_with(&format!("{k} "))
            || w.split([' ', '/']).any(|x| x == *k)
            || (!k.is_ascii() && w.contains(k))
    })
}

/// A cell that is an attendance mark: `Some(true)` present, `Some(false)` absent (a blank
/// counts as absent in a column of marks), `None` not a mark.
pub fn mark(cell: &str) -> Option<Option<&'static str>> {
    let w = words_of(cell);
    let first = w.split_whitespace().next().unwrap_or("");
    let t = plain(cell);
    let t = t.trim();
    if t.is_empty() {
        return Some(None);
    }
    // GitHub's emoji shortcodes: ":white_check_mark:", ":x:".
    if let Some(code) = t.strip_prefix(':').and_then(|c| c.strip_suffix(':')) {
        return match code {
            "white_check_mark"
            | "heavy_check_mark"
            | "ballot_box_with_check"
            | "check"
            | "+1"
            | "thumbsup"
            | "green_circle"
            | "o" => Some(Some("present")),
            "x"
            | "heavy_multiplication_x"
            | "negative_squared_cross_mark"
            | "no_entry"
            | "no_entry_sign"
            | "-1"
            | "thumbsdown"
            | "red_circle" => Some(Some("absent")),
            _ => None,
        };
    }
    match first {
        "y" | "yes" | "x" | "present" | "1" | "true" | "p" | "here" | "attended" | "是"
        | "出席" | "remote" | "remotely" | "online" | "virtual" | "onsite" | "ja" | "oui"
        | "si" | "sí" | "late" => Some(Some("present")),
        "in" if w.starts_with("in person") || w.starts_with("in the room") => Some(Some("present")),
        "n" | "no" | "absent" | "0" | "false" | "a" | "否" | "缺席" | "nein" | "non"
        | "missing" => Some(Some("absent")),
        "regrets" | "apologies" | "excused" | "r" | "e" | "请假" | "sick" | "leave" => {
            Some(Some("regrets"))
        }
        _ if t.contains(['✓', '✔', '✅', '☑', '☒', '👍', '🟢', '🙋', '✋']) => {
            Some(Some("present"))
        }
        _ if t.contains(['✗', '❌', '✘', '✖', '👎', '🔴', '⛔'])
            || matches!(t, "-" | "—" | "–" | "--") =>
        {
            Some(Some("absent"))
        }
        _ if t.contains('🙏') => Some(Some("regrets")),
        _ => None,
    }
}

fn name_like(cell: &str) -> bool {
    let t = plain(cell);
    !t.trim().is_empty()
        && (looks_like_name(t.trim()) || parse_mention(&t, 0, true).is_some())
        && mark(&t).is_none()
}

/// The shape of a table from all its rows.
pub fn shape(rows: &[&[String]]) -> Shape {
    let mut s = Shape::default();
    let Some(first) = rows.first() else {
        s.not_attendance = Some("an empty table".into());
        return s;
    };
    let find = |keys: &[&str]| first.iter().position(|c| has_key(c, keys));
    let named = find(NAME_KEYS);
    let keyed_mark = first
        .iter()
        .position(|c| has_key(c, MARK_KEYS) && !has_key(c, NAME_KEYS));
    s.header = named.is_some() || keyed_mark.is_some() || find(ORG_KEYS).is_some();
    s.regrets = first.iter().position(|c| {
        has_key(c, &["apologies", "regrets", "excused", "sent regrets"]) && !has_key(c, NAME_KEYS)
    });
    let body: Vec<&[String]> = rows[usize::from(s.header)..].to_vec();
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let cell = |r: &[String], c: usize| r.get(c).cloned().unwrap_or_default();
    // A column of marks: nearly every cell a mark (one unknown mark in five does not undo
    // the column: everyone would be read present), at least one not blank. Under a header
    // that names it ("Attended"), most cells marks.
    let marks_in = |c: usize| {
        let cells: Vec<String> = body.iter().map(|r| cell(r, c)).collect();
        let known = cells.iter().filter(|x| mark(x).is_some()).count();
        let filled = cells.iter().any(|x| mark(x).flatten().is_some());
        (known, cells.len(), filled)
    };
    let marks = |c: usize| {
        let (known, all, filled) = marks_in(c);
        filled && known * 5 >= all * 4
    };
    let keyed_marks = |c: usize| {
        let (known, all, filled) = marks_in(c);
        filled && known * 2 > all
    };
    s.mark = keyed_mark
        .filter(|&c| keyed_marks(c) || body.is_empty())
        .or_else(|| (0..cols).find(|&c| marks(c)));
    let names = |c: usize| {
        let n = body.iter().filter(|r| name_like(&cell(r, c))).count();
        !body.is_empty() && n * 5 >= body.len() * 3
    };
    s.name = named.or_else(|| (0..cols).filter(|&c| Some(c) != s.mark).find(|&c| names(c)));
    if let Some(nc) = s.name {
        s.name_has_org = first
            .get(nc)
            .is_some_and(|c| s.header && has_key(c, ORG_KEYS));
    }
    s.org = find(ORG_KEYS).filter(|&c| Some(c) != s.name);
    s.role = find(ROLE_KEYS).filter(|&c| Some(c) != s.name);
    s.handle = find(HANDLE_KEYS).filter(|&c| Some(c) != s.name && Some(c) != s.org);
    s.short = find(SHORT_KEYS).filter(|&c| Some(c) != s.name && Some(c) != s.org);
    if !s.header && s.org.is_none() {
        // No header: the other column of words beside the names is the organisation.
        s.org = (0..cols).find(|&c| {
            Some(c) != s.name
                && Some(c) != s.mark
                && body.iter().any(|r| !cell(r, c).trim().is_empty())
        });
    }
    if s.name.is_none() {
        s.not_attendance = Some(if s.header {
            "no column of names (no header says name, attendee or member, and no column reads as names)".into()
        } else {
            "no header row and no column whose cells read as names".into()
        });
    } else if !s.header && s.mark.is_none() {
        s.not_attendance =
            Some("no header row and no column of marks (X, Yes, ✓) beside the names".into());
    } else if let Some(c) = s
        .mark
        .is_none()
        .then(|| blank_marks(first, &body))
        .flatten()
    {
        s.not_attendance = Some(format!(
            "its column of marks (column {}) is blank in every row: nobody was marked present",
            c + 1
        ));
    }
    s
}

/// A column left for marks that nobody filled in: headed "Present" (or the like) or the
/// first column with an empty header, and blank in every row of a body of two or more.
fn blank_marks(first: &[String], body: &[&[String]]) -> Option<usize> {
    let blank = |c: usize| {
        body.len() >= 2
            && body
                .iter()
                .all(|r| r.get(c).is_none_or(|x| plain(x).trim().is_empty()))
    };
    first
        .iter()
        .position(|c| has_key(c, MARK_KEYS) && !has_key(c, NAME_KEYS))
        .or_else(|| {
            first
                .first()
                .filter(|c| plain(c).trim().is_empty())
                .map(|_| 0)
        })
        .filter(|&c| blank(c))
}

/// Reads one body row of an attendance table into the meeting.
pub fn read_row(s: &Shape, cells: &[String], l: &Line, m: &mut RawMeeting) {
    let Some(nc) = s.name else { return };
    let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|c| plain(c));
    let name = cell(Some(nc)).unwrap_or_default();
    if name.is_empty() {
        return;
    }
    let Some(mut p) = parse_mention(&name, l.n, s.name_has_org) else {
        m.kept.push((l.n, l.text.clone()));
        return;
    };
    if let Some(o) = cell(s.org).filter(|o| !o.is_empty()) {
        let parts = split_top(&o, &[',']);
        let (role, aff) = role_and_affiliation(&parts);
        p.role = role.or(p.role);
        p.affiliation = aff.or(p.affiliation);
    }
    if let Some(r) = cell(s.role).filter(|r| !r.is_empty()) {
        let f = words_of(&r);
        if f.starts_with("guest") || f.starts_with("observer") {
            p.guest = true;
        }
        p.role = Some(r.to_lowercase());
    }
    if let Some(h) = cell(s.handle)
        .filter(|h| p.github.is_none() && is_user_name(h.trim().trim_start_matches('@')))
    {
        p.github = Some(h.trim_start_matches('@').to_string());
    }
    if let Some(a) = cell(s.short).filter(|a| {
        let a = a.trim();
        !a.is_empty() && a.chars().count() <= 12 && !a.contains(' ')
    }) {
        p.nickname.get_or_insert(a.trim().to_string());
    }
    if let Some(r) = &p.remark {
        m.remarks.push((l.n, format!("{}: {r}", p.name)));
    }
    let mark_text = cell(s.mark).unwrap_or_default();
    if words_of(&mark_text).contains("left") {
        m.remarks.push((l.n, format!("{}: {mark_text}", p.name)));
    }
    // "| Bob Ray |   | x |" under "Present | Apologies": regrets.
    let sent_regrets = s
        .regrets
        .filter(|r| Some(*r) != s.mark)
        .and_then(|r| cell(Some(r)))
        .is_some_and(|t| mark(&t) == Some(Some("present")));
    if sent_regrets {
        m.regrets.push(p);
        return;
    }
    match (s.mark, mark(&mark_text)) {
        (None, _) => m.present.push(p),
        (Some(_), Some(Some("present"))) => m.present.push(p),
        (Some(_), Some(Some("regrets"))) => m.regrets.push(p),
        (Some(_), Some(None | Some(_))) => m.absent.push(p),
        (Some(_), None) if mark_text.contains("late") || mark_text.contains("joined") => {
            m.present.push(p)
        }
        (Some(_), None) => m.absent.push(p),
    }
}
