//! The lines of a meeting that name people: lists and labels of who attended, sent regrets,
//! was absent or came as a guest (a status after a name, an empty box, a group under its
//! own heading, a front matter list), and lower-case names settled at the meeting's end.

use super::*;

pub(super) fn people_of(m: &mut RawMeeting, s: Section) -> Option<&mut Vec<Mention>> {
    match s {
        Section::Present => Some(&mut m.present),
        Section::Regrets => Some(&mut m.regrets),
        Section::Absent => Some(&mut m.absent),
        Section::Guests => Some(&mut m.guests),
        _ => None,
    }
}

/// Entries of a list of people written all in lower case ("ada moreno"), not read at first:
/// each is a person when the list is otherwise names (two at least, and more than such
/// entries), said with its line; else it stays reported as not read.
pub(super) fn lower_case_names(c: &mut Ctx) {
    let lower = std::mem::take(&mut c.lower_case);
    for &(section, n, ref text) in &lower {
        let alike = lower.iter().filter(|l| l.0 == section).count();
        let names = people_of(&mut c.m, section).map_or(0, |v| v.len());
        if names < 2 || names <= alike {
            continue;
        }
        if let Some(v) = people_of(&mut c.m, section) {
            v.push(Mention {
                name: text.clone(),
                line: n,
                ..Default::default()
            });
        }
        c.m.unread.retain(|u| u.0 != n);
        c.m.kept.retain(|k| k.0 != n);
        c.m.notes.push((
            n,
            format!(
                "\"{text}\" read as a person under {} (written in lower case, in a list of names)",
                section_name(section)
            ),
        ));
    }
}

/// A heading under an attendance heading, in words of its own ("Platinum members", "Staff"),
/// over a list whose entries read as people: a group of the same attendance.
pub(super) fn group_of_people(c: &Ctx, idx: usize, h: usize) -> bool {
    if !c.st.section.names_people() || c.container_level.is_none_or(|top| h <= top) {
        return false;
    }
    let entries: Vec<&str> = c.lines[idx + 1..]
        .iter()
        .take_while(|x| !matches!(x.kind, Kind::Heading(_)))
        .filter(|x| matches!(x.kind, Kind::Bullet { .. }))
        .map(|x| x.text.trim())
        .collect();
    let people = entries
        .iter()
        .filter(|t| parse_mention(t, 0, true).is_some())
        .count();
    people * 2 > entries.len()
}

/// Who attended, written in the front matter: `attendees:` over `- Name` lines, or
/// `absent: [A, B]`. True when the line was one of them.
pub(super) fn meta_people(c: &mut Ctx, l: &Line) -> bool {
    let t = l.text.trim();
    if let Some(entry) = t.strip_prefix("- ") {
        let Some(s) = c.st.meta_list else {
            return false;
        };
        let name = entry.trim().trim_matches(['"', '\'']);
        if let Some(p) = parse_mention(name, l.n, true) {
            if let Some(v) = people_of(&mut c.m, s) {
                v.push(p);
            }
        } else {
            c.m.kept.push((l.n, name.to_string()));
        }
        return true;
    }
    c.st.meta_list = None;
    let Some((key, value)) = label(t) else {
        return false;
    };
    let Some(s) = label_section(&key) else {
        return false;
    };
    let value = value.trim();
    if value.is_empty() {
        c.st.meta_list = Some(s);
        return true;
    }
    let inline = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or(value);
    let names = inline.replace(['"', '\''], "");
    let mut found = Vec::new();
    if !mention_list(&names, l.n, &mut found, &mut c.m.remarks) {
        c.m.kept.push((l.n, t.to_string()));
    }
    if let Some(v) = people_of(&mut c.m, s) {
        v.extend(found);
    }
    true
}

/// A remark after a name that says whether they came: "absent", "regrets", "excused".
/// "Acme (Ada, Ben)", "Acme: Ann Lee, Bob Ray": one word before two names or more (in
/// brackets or after a colon) is their organisation; "Ada Moreno (Acme, Globex)" is a person.
fn organisation_and_people(text: &str, line: usize) -> Option<Vec<Mention>> {
    let t = plain(text);
    let t = t.trim();
    let (org, rest) = match t.split_once(':') {
        Some((o, r)) => (o.trim(), r.trim()),
        None => {
            let (o, r) = t.strip_suffix(')')?.split_once('(')?;
            (o.trim(), r.trim())
        }
    };
    if org.split_whitespace().count() != 1 || !org.starts_with(char::is_uppercase) {
        return None;
    }
    let parts = super::super::people::split_top(rest, &[',', ';']);
    if parts.len() < 2
        || !parts
            .iter()
            .all(|p| super::super::people::looks_like_name(p.trim()))
    {
        return None;
    }
    let mut people = Vec::new();
    for p in parts {
        let mut m = parse_mention(p.trim(), line, false)?;
        m.affiliation.get_or_insert_with(|| org.to_string());
        people.push(m);
    }
    Some(people)
}

/// "- Ben Okafor (Globex) - absent", "Ann Lee, Bob Ray (regrets)": in a list of who
/// attended, those whose remark says they did not are put where it says. The others.
fn with_their_status(m: &mut RawMeeting, section: Section, found: Vec<Mention>) -> Vec<Mention> {
    if !matches!(section, Section::Present | Section::Guests) {
        return found;
    }
    let mut rest = Vec::new();
    for p in found {
        match p.remark.as_deref().and_then(status_remark) {
            Some(s) => {
                if let Some(v) = people_of(m, s) {
                    v.push(p);
                }
            }
            None => rest.push(p),
        }
    }
    rest
}

pub(super) fn status_remark(remark: &str) -> Option<Section> {
    let w = words_of(remark);
    let first = w.split_whitespace().next()?;
    match first {
        "absent" | "missing" => Some(Section::Absent),
        "no" if w == "no" => Some(Section::Absent),
        "not"
            if ["not present", "not attending", "not here", "not there"]
                .iter()
                .any(|p| w.starts_with(p)) =>
        {
            Some(Section::Absent)
        }
        "did" | "didn" | "didnt"
            if ["did not", "didn t", "didnt"]
                .iter()
                .any(|p| w.starts_with(p)) =>
        {
            Some(Section::Absent)
        }
        "regrets" | "apologies" | "excused" | "sent" | "sick" | "ill" | "unwell" | "leave"
        | "vacation" | "holiday" | "holidays" | "unavailable" | "away" | "travelling"
        | "traveling" => Some(Section::Regrets),
        "on" if w.starts_with("on leave") || w.starts_with("on vacation") => Some(Section::Regrets),
        _ => None,
    }
}

/// A box left empty in a list of who attended ("- [ ] Ada Moreno"): listed, and not there
/// (a guest's, as an absent guest: `true`).
pub(super) fn ticked(section: Section, check: Option<bool>) -> (Section, bool) {
    match (section, check) {
        (Section::Present, Some(false)) => (Section::Absent, false),
        (Section::Guests, Some(false)) => (Section::Absent, true),
        _ => (section, false),
    }
}

/// A line of a list of people (present, regrets, absent, guests).
pub(super) fn on_people_line(
    c: &mut Ctx,
    l: &Line,
    text: &str,
    (section, guest): (Section, bool),
    is_bullet: bool,
    depth: usize,
) {
    if is_bullet && depth > 0 {
        if let Some((s, i)) = c.st.last_person {
            let name = people_of(&mut c.m, s)
                .and_then(|v| v.get(i))
                .map(|p| p.name.clone())
                .unwrap_or_default();
            c.m.remarks.push((l.n, format!("{name}: {}", plain(text))));
            return;
        }
    }
    // "Quorum was not achieved." under the names: about them, not one of them.
    if words_of(text).split_whitespace().any(|w| w == "quorum") {
        c.m.kept.push((l.n, text.to_string()));
        return;
    }
    if section == Section::Present && super::super::sections::says_everyone(text) {
        c.m.everyone = Some(l.n);
        return;
    }
    // "Team members: ada, ben", "Others: cy": a group's people, guests when from outside.
    if let Some((guests, people, missed)) = super::super::sections::group_of_people(text, l.n) {
        let s = if guests && section == Section::Present {
            Section::Guests
        } else {
            section
        };
        if let Some(v) = people_of(&mut c.m, s) {
            v.extend(people);
        }
        for p in missed {
            let why = "not a name, nor a user name with a remark";
            c.m.unread.push((
                l.n,
                format!("a part of a group's list not read as a person ({why}): {p}"),
            ));
        }
        c.st.last_person = None;
        return;
    }
    // "- Acme (Ada, Ben)", "- Acme: Ann Lee, Bob Ray": an organisation's people.
    if let Some(people) = organisation_and_people(text, l.n) {
        if let Some(v) = people_of(&mut c.m, section) {
            v.extend(people);
        }
        c.st.last_person = None;
        return;
    }
    // A name struck through in a list of who attended: listed, and did not come.
    let struck = text
        .trim()
        .strip_prefix("~~")
        .and_then(|t| t.strip_suffix("~~"))
        .filter(|t| !t.contains("~~"));
    let (text, section) = match struck {
        Some(t) if matches!(section, Section::Present | Section::Guests) => (t, Section::Absent),
        _ => (text, section),
    };
    let mut found = Vec::new();
    let ok = if is_bullet {
        match parse_mention(text, l.n, true)
            .or_else(|| super::super::people::bare_handle(text, l.n))
        {
            Some(p) => {
                if let Some(r) = &p.remark {
                    c.m.remarks.push((l.n, format!("{}: {r}", p.name)));
                }
                found.push(p);
                true
            }
            None => false,
        }
    } else {
        mention_list(text, l.n, &mut found, &mut c.m.remarks)
    };
    for p in found.iter_mut() {
        p.guest |= guest;
    }
    let had = found.len();
    found = with_their_status(&mut c.m, section, found);
    if found.is_empty() && had > 0 && ok {
        c.st.list_bullets.get_or_insert(is_bullet);
        return;
    }
    if ok {
        c.st.list_bullets.get_or_insert(is_bullet);
        if let Some(v) = people_of(&mut c.m, section) {
            v.extend(found);
            c.st.last_person = Some((section, v.len() - 1));
        }
    } else {
        // Keep whatever names were read, and the line as text.
        if let Some(v) = people_of(&mut c.m, section) {
            v.extend(found);
        }
        c.m.kept.push((l.n, text.to_string()));
        // A list item is reported as a list not read; a paragraph (an
        // instruction to attendees) stays text.
        if is_bullet && super::super::people::lower_case_name(text) {
            c.lower_case
                .push((section, l.n, plain(text).trim().to_string()));
        }
        if is_bullet {
            c.m.unread.push((
                l.n,
                format!(
                    "a line under {} not read as people (not a name, or a name with words around it that are not a role, remark, handle or e-mail): {}",
                    section_name(section),
                    plain(text).chars().take(80).collect::<String>()
                ),
            ));
        }
    }
}

/// A label of people ("Present: A, B", "Regrets:" over a list, "Attendance: all").
pub(super) fn people_label(m: &mut RawMeeting, st: &mut State, s: Section, value: &str, l: &Line) {
    m.parts.push((l.n, section_name(s).into()));
    if s == Section::Present && super::super::sections::says_everyone(value) {
        m.everyone = Some(l.n);
        st.list = None;
        return;
    }
    if value.is_empty() {
        st.list = Some(s);
        st.list_bullets = None;
        st.last_person = None;
        // The people below set the list's indent ("- Regrets:" over items indented under
        // it: each is a person, not a remark on the one before).
        st.base_indent = None;
        return;
    }
    let mut found = Vec::new();
    let ok = mention_list(value, l.n, &mut found, &mut m.remarks);
    let found = with_their_status(m, s, found);
    if let Some(v) = people_of(m, s) {
        v.extend(found);
    }
    if !ok {
        m.kept.push((l.n, l.text.clone()));
    }
    // "Attendees: A, B" says it all on its line: the lines after it are not names
    // (a bullet "Attendees: …" followed by the discussion's bullets).
    st.list = None;
}
