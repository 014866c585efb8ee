//! Reading minutes written by hand, in Markdown (or Markdown with HTML, as exported from
//! online editors): the document as typed lines (headings, table rows, bullets, text), split
//! into meetings at headings with a date, and each meeting read section by section.

use super::dates::{find_date, find_time};
use super::header::{add_info, read_meta};
use super::people::{mention_list, parse_mention, plain, Mention};

pub use super::items::item_title;
use super::items::{numbered_title, summary_into_agenda};
pub use super::lines::lines;
pub use super::raw::{Document, Kind, Line, RawAction, RawItem, RawMeeting};
pub use super::sections::{classify, label, Section};
use super::sections::{
    is_action_list_title, is_next_meeting_heading, is_soft_actions, label_section,
    people_list_title, section_name, words_of,
};

// ---------------------------------------------------------------------------------------
// A meeting as read

mod attendance;
use attendance::{
    group_of_people, lower_case_names, meta_people, on_people_line, people_label, ticked,
};

struct State {
    section: Section,
    /// A label whose list follows on the next lines ("**Regrets:**" then the names).
    list: Option<Section>,
    item: Option<usize>,
    /// Lines after "Background:" go to the item's background until a blank line.
    background: bool,
    /// A bullet labelled "AIs:" / "Actions:" inside notes: deeper bullets are actions.
    actions_under: Option<usize>,
    /// The indent of the actions under that bullet: deeper lines are their details.
    action_indent: Option<usize>,
    /// A bullet that only titles a list of people ("- New attendees"): its indent, what the
    /// list is, and the indent of the people under it (deeper lines are remarks).
    people_under: Option<(usize, Section, Option<usize>)>,
    /// The indent of the first bullet of the current list (depth 0).
    base_indent: Option<usize>,
    last_person: Option<(Section, usize)>,
    /// Items are points of a list ("1. Call to order"), in minutes without headings.
    points: bool,
    /// Actions listed under each owner ("Action Items, by person", as meeting bots write).
    by_person: bool,
    /// The people list a front matter key opened (`attendees:` over `- Name` lines).
    meta_list: Option<Section>,
    /// Whether the people of the current list or section are bullets (or lines of text),
    /// from the first read as a person.
    list_bullets: Option<bool>,
    /// The current item has a heading of its own: its bullets are its notes.
    item_heading: bool,
    /// The actions section is "Next steps" (or the like): see [`RawAction::soft`].
    soft: bool,
    /// The section of items is the agenda (not a summary of the discussion).
    agenda: bool,
}

/// A meeting, and minutes that are notes alone: when nothing under the meeting's heading
/// was read (no section, no person, no action) but a list of notes stands there, the list
/// is read as the notes of the meeting, as if under a "Notes" heading.
pub(super) fn read_meeting_or_notes(
    lines: &[Line],
    level: usize,
    doc: &mut Document,
) -> RawMeeting {
    // What reading a meeting may change in the document (not its meetings, which are many
    // in a running document: cloning them for each meeting made the reading quadratic).
    let before = Document {
        title: doc.title.clone(),
        info: doc.info.clone(),
        time: doc.time.clone(),
        timezone: doc.timezone.clone(),
        meetings: Vec::new(),
        kept: doc.kept.clone(),
    };
    let m = read_meeting(lines, level, doc);
    let bare = m.items.is_empty()
        && m.present.is_empty()
        && m.guests.is_empty()
        && m.regrets.is_empty()
        && m.absent.is_empty()
        && m.actions.is_empty()
        && m.review.is_empty()
        && m.everyone.is_none();
    let heading = lines
        .iter()
        .position(|l| matches!(l.kind, Kind::Heading(_)));
    let (Some(at), true) = (heading, bare) else {
        return m;
    };
    let Kind::Heading(h) = lines[at].kind else {
        return m;
    };
    let bullets = lines[at + 1..]
        .iter()
        .filter(|l| matches!(l.kind, Kind::Bullet { .. }))
        .count();
    let other_headings = lines[at + 1..]
        .iter()
        .any(|l| matches!(l.kind, Kind::Heading(_)));
    if bullets < 2 || other_headings {
        return m;
    }
    let mut with = lines.to_vec();
    with.insert(
        at + 1,
        Line {
            n: lines[at].n,
            kind: Kind::Heading(h + 1),
            text: "Notes".into(),
        },
    );
    let meetings = std::mem::take(&mut doc.meetings);
    *doc = Document { meetings, ..before };
    read_meeting(&with, level, doc)
}

/// Reads one meeting's lines. `level` is the meeting heading's level (0 for a file of one
/// meeting, whose headings of any level are sections).
pub fn read_meeting(lines: &[Line], level: usize, doc: &mut Document) -> RawMeeting {
    let mut c = Ctx {
        lines,
        level,
        m: RawMeeting::default(),
        st: State {
            section: Section::None,
            list: None,
            item: None,
            background: false,
            actions_under: None,
            action_indent: None,
            people_under: None,
            base_indent: None,
            last_person: None,
            list_bullets: None,
            points: false,
            meta_list: None,
            by_person: false,
            item_heading: false,
            soft: false,
            agenda: false,
        },
        table: None,
        topics: None,
        action_table: None,
        container_level: None,
        lower_case: Vec::new(),
    };
    c.m.transcript = super::discussion::is_transcript(lines);
    for (idx, l) in lines.iter().enumerate() {
        if !matches!(l.kind, Kind::Row(_)) {
            c.table = None;
            c.action_table = None;
        }
        if !matches!(l.kind, Kind::Bullet { .. }) && l.kind != Kind::Blank {
            c.st.base_indent = None;
            c.st.actions_under = None;
            c.st.people_under = None;
        }
        match &l.kind {
            Kind::Blank => {
                c.st.background = false;
                // A blank line ends a list, not the space between its label and it
                // ("**Attendees**:", a blank line, then the names).
                if c.st.list.is_some() && idx > 0 && !super::lines::list_goes_on(lines, idx) {
                    c.st.list = None;
                }
            }
            Kind::Rule => {}
            Kind::Meta => {
                if !meta_people(&mut c, l) {
                    read_meta(l, doc, Some(&mut c.m));
                }
            }
            Kind::Heading(h) => on_heading(&mut c, idx, l, *h),
            Kind::Row(cells) => on_row(&mut c, idx, l, cells),
            Kind::Bullet { .. } | Kind::Text => on_text(&mut c, doc, l),
        }
    }
    lower_case_names(&mut c);
    summary_into_agenda(&mut c.m.items);
    super::decisions::read(lines, &mut c.m);
    c.m
}

/// What [`read_meeting`] carries from line to line.
struct Ctx<'a> {
    lines: &'a [Line],
    /// The meeting heading's level (0 for a file of one meeting).
    level: usize,
    m: RawMeeting,
    st: State,
    /// The table being read: `Some(None)` when it is not attendance.
    table: Option<Option<super::tables::Shape>>,
    /// A table of the items ("Time | Item | Who | Notes"): the item's column and who
    /// brings it.
    topics: Option<(usize, Option<usize>)>,
    /// A table of actions: its columns.
    action_table: Option<ActionColumns>,
    /// The level of the heading of the current section.
    container_level: Option<usize>,
    /// List entries under attendance that would be names but for their case: (the list,
    /// line, text), settled at the end of the meeting by [`lower_case_names`].
    lower_case: Vec<(Section, usize, String)>,
}

/// A heading inside a meeting: a section, or an item of its own.
fn on_heading(c: &mut Ctx, idx: usize, l: &Line, h: usize) {
    c.st.list = None;
    c.st.background = false;
    if h <= c.level && idx == 0 {
        // The meeting's own heading: its words beside the date name the series, when the
        // document has no title of its own ("# Sync 2025-03-04" in a running document).
        if c.m.title.is_none() {
            c.m.title = Some(plain(&l.text));
        }
        return;
    }
    if c.level == 0 && h == 1 && c.m.title.is_none() && idx == first_content(c.lines) {
        c.m.title = Some(plain(&l.text));
        return;
    }
    if c.level == 0 && find_date(&l.text).is_some() && !is_next_meeting_heading(&l.text) {
        c.m.parts.push((l.n, "date".into()));
        if c.m.title.is_none() {
            let t = plain(&l.text);
            if !t.to_ascii_lowercase().starts_with("date") {
                c.m.title = Some(t);
            }
        }
        return;
    }
    let s = classify(&l.text);
    let numbered = numbered_title(&l.text);
    if s == Section::Item
        && numbered.is_none()
        && c.m.items.is_empty()
        && c.m
            .title
            .as_deref()
            .is_some_and(super::sections::generic_title)
    {
        // "# Meeting Minutes" over "## Widget Steering Committee": the body's name.
        c.m.title = Some(plain(&l.text));
        return;
    }
    if s == Section::Item && numbered.is_none() && group_of_people(c, idx, h) {
        // "### Platinum members" under "## Attendees": the same list, in groups.
        c.m.parts.push((l.n, section_name(c.st.section).into()));
        return;
    }
    let in_items = matches!(
        c.st.section,
        Section::Items | Section::NotCovered | Section::Item
    ) && c.container_level.is_some_and(|c| h > c);
    if numbered.is_some() || s == Section::Item {
        let covered = !(c.st.section == Section::NotCovered && in_items);
        let (title, presenter) = item_title(&l.text);
        c.m.items.push(RawItem {
            title,
            presenter,
            covered,
            line: l.n,
            agenda: in_items && c.st.agenda,
            ..RawItem::default()
        });
        c.m.parts.push((l.n, format!("item {}", c.m.items.len())));
        c.st.item = Some(c.m.items.len() - 1);
        c.st.item_heading = true;
        if !in_items {
            c.st.section = Section::Item;
            c.container_level = Some(h);
        }
        return;
    }
    c.st.section = s;
    c.st.list_bullets = None;
    c.st.points = false;
    c.st.by_person = s == Section::Actions && words_of(&l.text).ends_with("by person");
    c.st.soft = s == Section::Actions && is_soft_actions(&l.text);
    c.st.agenda = s == Section::Items && words_of(&l.text).starts_with("agenda");
    c.st.item = None;
    c.st.item_heading = false;
    c.container_level = Some(h);
    if s == Section::Cancelled {
        c.m.cancelled = true;
    }
    if s == Section::NextMeeting {
        c.m.next_meeting = find_date(&l.text);
    }
    c.m.parts.push((l.n, section_name(s).into()));
}

/// A table row: attendance when the table's columns say so, else notes.
fn on_row(c: &mut Ctx, idx: usize, l: &Line, cells: &[String]) {
    if c.table.is_none() && !section_now(c).names_people() {
        // "| Owner | Task | Due | Status |": a table of actions, wherever it stands.
        c.action_table = action_columns(cells);
        if c.action_table.is_some() {
            c.table = Some(None);
            c.topics = None;
            return;
        }
    }
    if let Some(columns) = c.action_table.filter(|_| c.table == Some(None)) {
        action_row(c, l, cells, columns);
        return;
    }
    if c.table.is_none() && matches!(section_now(c), Section::Items | Section::NotCovered) {
        // "| Time | Item | Who | Notes |" under the agenda: a table of the items.
        c.topics = topic_columns(cells);
        if c.topics.is_some() {
            c.table = Some(None);
            return;
        }
    }
    if c.table.is_none() {
        let rows: Vec<&[String]> = c.lines[idx..]
            .iter()
            .map_while(|x| match &x.kind {
                Kind::Row(c) => Some(c.as_slice()),
                _ => None,
            })
            .collect();
        let shape = super::tables::shape(&rows);
        let attendance_here = section_now(c).names_people();
        let read = shape.not_attendance.is_none()
            && (shape.header || shape.mark.is_some() || attendance_here);
        if let (false, true, Some(why)) = (read, attendance_here, shape.not_attendance.as_ref()) {
            c.m.unread
                .push((l.n, format!("a table not read as attendance: {why}")));
        }
        let header = shape.header;
        c.table = Some(read.then_some(shape));
        if read {
            c.m.parts.push((l.n, "attendance".into()));
            if header {
                return;
            }
        }
        c.topics = None;
    }
    match &c.table {
        Some(Some(shape)) => super::tables::read_row(shape, cells, l, &mut c.m),
        _ if c.topics.is_some() => topic_row(c, l, cells),
        _ => {
            // A table of decisions or notes: what its cells say is read as a note's is.
            for cell in cells {
                super::discussion::fact(cell, l.n, None, true, &mut c.m);
            }
            push_note(&mut c.m, &c.st, l);
        }
    }
}

/// The columns of a table of actions: the task, who owns it, its status, its due date.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ActionColumns {
    task: usize,
    owner: usize,
    status: Option<usize>,
    due: Option<usize>,
}

/// The header of a table of actions: a task column and an owner column at least.
fn action_columns(header: &[String]) -> Option<ActionColumns> {
    let words: Vec<String> = header.iter().map(|h| words_of(h)).collect();
    let find = |keys: &[&str]| words.iter().position(|w| keys.contains(&w.as_str()));
    Some(ActionColumns {
        task: find(&[
            "action",
            "actions",
            "action item",
            "task",
            "tasks",
            "todo",
            "what",
            "description",
        ])?,
        owner: find(&[
            "owner",
            "owners",
            "who",
            "assignee",
            "assigned to",
            "responsible",
        ])?,
        status: find(&["status", "state", "done"]),
        due: find(&["due", "due date", "deadline", "when", "by"]),
    })
}

/// A row of a table of actions, read as the line "Owner: task (due DATE)".
fn action_row(c: &mut Ctx, l: &Line, cells: &[String], columns: ActionColumns) {
    let get = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|t| plain(t).trim().to_string())
    };
    let Some(task) = get(Some(columns.task)).filter(|t| !t.is_empty()) else {
        return;
    };
    let owner = get(Some(columns.owner)).unwrap_or_default();
    let mut text = if owner.is_empty() {
        task
    } else {
        format!("{owner}: {task}")
    };
    if let Some(due) = get(columns.due).filter(|d| find_date(d).is_some()) {
        text.push_str(&format!(" (due {due})"));
    }
    let status = get(columns.status).map(|s| words_of(&s));
    let check = status.as_deref().map(|s| {
        [
            "done",
            "closed",
            "complete",
            "completed",
            "finished",
            "yes",
            "x",
        ]
        .iter()
        .any(|d| s.starts_with(d))
    });
    let list = if section_now(c) == Section::Review {
        &mut c.m.review
    } else {
        &mut c.m.actions
    };
    list.push(RawAction {
        text,
        line: l.n,
        check: check.filter(|done| *done),
        depth: 0,
        soft: false,
        from_notes: false,
    });
    c.m.parts.push((l.n, "actions".into()));
}

/// The header of a table of items: its item (topic) column, and who brings each.
fn topic_columns(header: &[String]) -> Option<(usize, Option<usize>)> {
    let words: Vec<String> = header.iter().map(|h| words_of(h)).collect();
    let item = words.iter().position(|w| {
        matches!(
            w.as_str(),
            "item" | "items" | "topic" | "topics" | "agenda item" | "subject" | "discussion item"
        )
    })?;
    let who = words.iter().position(|w| {
        matches!(
            w.as_str(),
            "who" | "presenter" | "owner" | "lead" | "led by" | "speaker" | "by"
        )
    });
    Some((item, who))
}

/// A row of a table of items: an item, with who brings it, the other cells its notes.
fn topic_row(c: &mut Ctx, l: &Line, cells: &[String]) {
    let Some((item, who)) = c.topics else { return };
    let Some(title) = cells
        .get(item)
        .map(|t| plain(t))
        .filter(|t| !t.trim().is_empty())
    else {
        return;
    };
    start_item(c, l, &title, c.st.section != Section::NotCovered);
    let Some(i) = c.st.item else { return };
    if let Some(p) = who.and_then(|w| cells.get(w)).map(|p| plain(p)) {
        if !p.trim().is_empty() {
            c.m.items[i].presenter = Some(p.trim().to_string());
        }
    }
    for (k, cell) in cells.iter().enumerate() {
        if k != item && Some(k) != who && !cell.trim().is_empty() {
            c.m.items[i].notes.push(cell.trim().to_string());
        }
    }
}

/// An item from a list entry of the items: "3. Budget *(Ada)*".
fn start_item(c: &mut Ctx, l: &Line, text: &str, covered: bool) {
    let (title, presenter) = item_title(text);
    c.m.items.push(RawItem {
        title,
        presenter,
        covered,
        line: l.n,
        agenda: c.st.agenda,
        ..RawItem::default()
    });
    c.m.parts.push((l.n, format!("item {}", c.m.items.len())));
    c.st.item = Some(c.m.items.len() - 1);
}

/// A line of a meeting bot's summary without who said it and when: "ACTION: ben to send
/// it  (ada_m, 17:21:00)".
fn without_bot_stamp(text: &str) -> &str {
    let Some((head, stamp)) = text.strip_suffix(')').and_then(|t| t.rsplit_once('(')) else {
        return text;
    };
    let Some((who, time)) = stamp.split_once(", ") else {
        return text;
    };
    let clock = time.split(':').count() >= 2
        && time
            .split(':')
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()));
    if clock && !who.contains(' ') && !head.trim().is_empty() {
        head.trim_end()
    } else {
        text
    }
}

/// A short title on a list entry of its own ("Call to order", "Treasurer's report"): not a
/// sentence, not a label.
fn point_of_the_meeting(text: &str) -> bool {
    let t = plain(text);
    let t = t.trim();
    let words = t.split_whitespace().count();
    (1..=8).contains(&words)
        && !t.ends_with(['.', '?', '!', ':', ','])
        && t.chars().next().is_some_and(char::is_uppercase)
}

/// A line under a bullet that only titles a list ("- Action Items", "- New attendees"), or
/// such a bullet itself: read into that list (true), else nothing done (false).
fn under_a_title(
    c: &mut Ctx,
    l: &Line,
    text: &str,
    (indent, depth, check, is_bullet): (usize, usize, Option<bool>, bool),
) -> bool {
    if let Some(under) = c.st.actions_under {
        let first = *c.st.action_indent.get_or_insert(indent);
        if indent > first {
            // A detail of the action above ("Proposal: <link>", a reply in the notes).
            c.m.kept.push((l.n, text.to_string()));
            return true;
        }
        if indent > under {
            c.m.actions.push(RawAction {
                text: text.to_string(),
                line: l.n,
                check,
                depth: usize::from(depth > 1),
                soft: false,
                from_notes: false,
            });
            return true;
        }
        c.st.actions_under = None;
    }
    if let Some((under, section, mut first)) = c.st.people_under {
        if is_bullet && indent > under {
            let first = *first.get_or_insert(indent);
            c.st.people_under = Some((under, section, Some(first)));
            on_people_line(
                c,
                l,
                text,
                ticked(section, check),
                true,
                usize::from(indent > first),
            );
            return true;
        }
        c.st.people_under = None;
    }
    // A bullet that only titles a list of people ("- New attendees") heads the people below.
    if let Some(s) = people_list_title(text).filter(|_| is_bullet && check.is_none()) {
        c.st.people_under = Some((indent, s, None));
        c.m.parts.push((l.n, section_name(s).into()));
        return true;
    }
    // A bullet that is only a list's title ("Action Items") heads the actions below it.
    if is_bullet && check.is_none() && is_action_list_title(text) {
        c.st.actions_under = Some(indent);
        c.st.action_indent = None;
        c.m.parts.push((l.n, "actions".into()));
        return true;
    }
    false
}

/// A bullet or a line of text, read by the section it is in.
fn on_text(c: &mut Ctx, doc: &mut Document, l: &Line) {
    let (indent, check, is_bullet) = match &l.kind {
        Kind::Bullet { indent, check } => (*indent, *check, true),
        _ => (0, None, false),
    };
    let text = l.text.trim();
    if text.is_empty() {
        return;
    }
    let text = without_bot_stamp(text);
    let marked = super::actions::marker_with_owner(text);
    let text = marked.as_deref().unwrap_or(text);
    if let Some(who) = super::discussion::speaker(text) {
        c.m.speakers.push(who);
    }
    // The first bullet sets the list's own indent (a line of prose before it does not: a
    // list indented by one space under it is still at depth 0).
    let base = if is_bullet {
        *c.st.base_indent.get_or_insert(indent)
    } else {
        c.st.base_indent.unwrap_or(indent)
    };
    let depth = usize::from(indent > base) + indent.saturating_sub(base) / 8;
    let depth = if indent > base { depth.max(1) } else { 0 };
    if under_a_title(c, l, text, (indent, depth, check, is_bullet)) {
        return;
    }
    // A task-list box or `[Owner, Owner] text` under an item is an action taken
    // there, not a note.
    let under_item = c.st.item.is_some()
        && matches!(
            c.st.list.unwrap_or(c.st.section),
            Section::Item | Section::Items | Section::NotCovered
        );
    // A bullet at the top of a list of items is an item, its "[Ada]" who brings it.
    let top_of_items = depth == 0 && !c.st.item_heading && section_now(c) == Section::Items;
    if under_item
        && is_bullet
        && (check.is_some() && !super::people::only_people(text)
            || (super::actions::owner_bracket(text) && !top_of_items))
    {
        c.m.actions.push(RawAction {
            text: text.to_string(),
            line: l.n,
            check,
            depth: 0,
            soft: false,
            // Names in brackets are owners only when the roster knows them ("[Ana] …",
            // not a project's "[Sprocket] …").
            from_notes: check.is_none(),
        });
        return;
    }
    // Labels first.
    if let Some((key, value)) = label(text) {
        if handle_label(&mut c.m, &mut c.st, doc, &key, &value, l, is_bullet, indent) {
            return;
        }
    }
    if c.st.background && is_bullet {
        if let Some(i) = c.st.item {
            c.m.items[i].background.push(text.to_string());
            return;
        }
    }
    // Names on lines of their own, then "3. Minutes": the list has ended.
    if is_bullet
        && c.st.list_bullets == Some(false)
        && section_now(c).names_people()
        && c.st.list.take().is_none()
    {
        c.st.section = Section::None;
    }
    let section = c.st.list.unwrap_or(c.st.section);
    // "- **Recording:** https://…" after the names: a link of the meeting, not a person.
    if section.names_people() {
        if let Some((key, value)) = label(text).filter(|(_, v)| v.contains("://")) {
            add_info(&mut doc.info, key, plain(&value));
            c.st.list = None;
            return;
        }
    }
    match section {
        Section::Present | Section::Regrets | Section::Absent | Section::Guests => {
            on_people_line(c, l, text, ticked(section, check), is_bullet, depth);
        }
        // "Action Items, by person": each owner over their actions, listed above already.
        Section::Actions if c.st.by_person && depth == 0 => {}
        Section::Review | Section::Actions => {
            let list = if section == Section::Review {
                &mut c.m.review
            } else {
                &mut c.m.actions
            };
            list.push(RawAction {
                text: text.to_string(),
                line: l.n,
                check,
                depth,
                soft: c.st.soft && section == Section::Actions,
                from_notes: false,
            });
        }
        Section::Recap => c.m.recap.push(text.to_string()),
        Section::Cancelled => c.m.recap.push(text.to_string()),
        Section::NextMeeting => {
            if let Some(d) = find_date(text) {
                c.m.next_meeting = Some(d);
            } else {
                c.m.kept.push((l.n, text.to_string()));
            }
        }
        Section::Items | Section::NotCovered | Section::Item
            if super::discussion::fact(text, l.n, check, covered(c, section), &mut c.m) =>
        {
            // Regrets or a commitment said in the notes: read, and kept as a
            // note too.
            if let Some(i) = c.st.item {
                c.m.items[i].notes.push(text.to_string());
            }
        }
        Section::Items | Section::NotCovered => {
            // Bullets at the top of a list of items are items; deeper ones are
            // their notes.
            if let Some(i) =
                c.st.item
                    .filter(|_| depth > 0 || !is_bullet || c.st.item_heading)
            {
                c.m.items[i].notes.push(text.to_string());
            } else if is_bullet {
                start_item(c, l, text, section != Section::NotCovered);
            } else {
                c.m.kept.push((l.n, text.to_string()));
            }
        }
        // The next point of minutes without headings.
        Section::Item if c.st.points && is_bullet && depth == 0 && point_of_the_meeting(text) => {
            start_item(c, l, text, true);
        }
        Section::Item => match c.st.item {
            Some(i) => c.m.items[i].notes.push(text.to_string()),
            None => c.m.kept.push((l.n, text.to_string())),
        },
        Section::None => match label(text) {
            // Before any section: the standing header's `Key: value` c.lines.
            Some((_, value)) if !value.is_empty() && !is_bullet && c.level == 0 => {
                let t = text.trim_start_matches(['*', '_', ' ']);
                let key = plain(t.split(':').next().unwrap_or_default());
                add_info(&mut doc.info, key, plain(&value));
                c.m.parts.push((l.n, "info".into()));
            }
            None if is_bullet && depth == 0 && point_of_the_meeting(text) => {
                // "3. Minutes from previous meetings" in minutes without headings: an item,
                // the lines under it its notes.
                c.st.section = Section::Item;
                c.st.points = true;
                start_item(c, l, text, true);
            }
            // "Greg will send the letter." with no section around it: a commitment (kept
            // only when the roster knows Greg) or regrets, as in the notes.
            None if super::discussion::fact(text, l.n, check, true, &mut c.m) => {
                c.m.kept.push((l.n, text.to_string()));
            }
            _ => c.m.kept.push((l.n, text.to_string())),
        },
    }
}

/// The section a line is read in: the list under a label, else the heading's.
fn section_now(c: &Ctx) -> Section {
    c.st.list.unwrap_or(c.st.section)
}

/// Whether the notes at hand are of something the meeting covered (not "Not covered").
fn covered(c: &Ctx, section: Section) -> bool {
    section != Section::NotCovered && c.st.item.is_none_or(|i| c.m.items[i].covered)
}

fn first_content(lines: &[Line]) -> usize {
    lines
        .iter()
        .position(|l| !matches!(l.kind, Kind::Blank | Kind::Rule))
        .unwrap_or(0)
}

fn push_note(m: &mut RawMeeting, st: &State, l: &Line) {
    match st.item {
        Some(i) => m.items[i].notes.push(l.text.clone()),
        None => m.kept.push((l.n, l.text.clone())),
    }
}

/// A label of actions: "Actions: text" is one, "Action items:" over a list heads it.
fn actions_label(
    m: &mut RawMeeting,
    st: &mut State,
    key: &str,
    value: &str,
    l: &Line,
    is_bullet: bool,
    indent: usize,
) {
    st.soft = key == "next steps";
    if value.is_empty() && is_bullet {
        st.actions_under = Some(indent);
        st.action_indent = None;
    } else if !value.is_empty() {
        m.actions.push(RawAction {
            text: value.to_string(),
            line: l.n,
            check: None,
            depth: 0,
            soft: st.soft,
            from_notes: false,
        });
    } else {
        st.section = Section::Actions;
    }
    m.parts.push((l.n, "actions".into()));
}

#[allow(clippy::too_many_arguments)]
fn handle_label(
    m: &mut RawMeeting,
    st: &mut State,
    doc: &mut Document,
    key: &str,
    value: &str,
    l: &Line,
    is_bullet: bool,
    indent: usize,
) -> bool {
    if let Some(s) = label_section(key) {
        people_label(m, st, s, value, l);
        return true;
    }
    match key {
        "moderator" | "chair" | "chairs" | "facilitator" | "host" | "chaired by"
        // German, French, Spanish, Dutch.
        | "sitzungsleitung" | "leitung" | "vorsitz" | "moderation" | "president"
        | "presidence" | "presidente" | "voorzitter" => {
            if !value.is_empty() {
                match parse_mention(value, l.n, false) {
                    Some(p) => {
                        m.moderator = Some(p);
                        m.parts.push((l.n, "moderator".into()));
                    }
                    None => m.kept.push((l.n, l.text.clone())),
                }
            }
            true
        }
        "note taker" | "notetaker" | "note-taker" | "scribe" | "minutes" | "minute taker"
        | "notes by" | "minutes by" | "protokoll" | "protokollfuhrung" | "protokollant"
        | "protokollantin" | "secretaire" | "secretario" | "secretaria" | "notulist"
        | "notulen" => {
            if !value.is_empty() {
                match parse_mention(value, l.n, false) {
                    Some(p) => {
                        m.notetaker = Some(p);
                        m.parts.push((l.n, "notetaker".into()));
                    }
                    None => m.kept.push((l.n, l.text.clone())),
                }
            }
            true
        }
        "date" | "datum" | "fecha" | "data" | "date de la reunion" => {
            if m.time.is_none() {
                if let Some(t) = find_time(value) {
                    m.time = Some(t);
                    m.zone = super::dates::find_zone(value);
                }
            }
            match find_date(value) {
                Some(d) => {
                    m.date.get_or_insert(d);
                    m.parts.push((l.n, "date".into()));
                }
                None if value.is_empty() => {}
                None => m.kept.push((l.n, l.text.clone())),
            }
            true
        }
        "time" if st.section == Section::None && !is_bullet => {
            if doc.time.is_none() {
                doc.time = find_time(value);
            }
            true
        }
        // "- **When**: 2024-10-22, 16:00-17:00 UTC": the meeting's start and zone.
        "when" | "time" | "date and time" | "date/time" | "date & time"
            if m.time.is_none() && find_time(value).is_some() =>
        {
            m.time = find_time(value);
            m.zone = super::dates::find_zone(value);
            m.parts.push((l.n, "time".into()));
            true
        }
        // "Cancelled: holiday", "**Cancelled:** …" (as `gavel cancel --append` writes it),
        // "No meeting: …": said of the meeting itself, before any section.
        k if st.section == Section::None
            && k.split_whitespace().count() <= 3
            && super::sections::says_cancelled(k) =>
        {
            m.cancelled = true;
            m.parts.push((l.n, "cancelled".into()));
            true
        }
        "quorum" => {
            let nums: Vec<u32> = value
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .collect();
            match nums.as_slice() {
                [members, needed, ..] => {
                    m.quorum = Some((*members, *needed));
                    m.parts.push((l.n, "quorum".into()));
                }
                _ => m.kept.push((l.n, l.text.clone())),
            }
            true
        }
        "outcome" | "outcomes" | "decision" | "decisions" | "agreed" | "resolution"
        | "resolved" | "conclusion" => {
            match st.item {
                Some(i) if !value.is_empty() => m.items[i].outcomes.push(value.to_string()),
                Some(_) => st.section = Section::Item,
                None => m.kept.push((l.n, l.text.clone())),
            }
            if value.is_empty() {
                // The outcomes follow as bullets: notes of the item, read as outcomes.
                st.background = false;
            }
            true
        }
        "background" => {
            match st.item {
                Some(i) if !value.is_empty() => m.items[i].background.push(value.to_string()),
                Some(_) => st.background = true,
                None => m.kept.push((l.n, l.text.clone())),
            }
            true
        }
        k if k.starts_with("next meeting")
            || matches!(k, "next call" | "next sync")
            || is_next_meeting_heading(k) =>
        {
            match find_date(value) {
                Some(d) => m.next_meeting = Some(d),
                None if value.is_empty() => {}
                None => m.remarks.push((l.n, plain(&l.text))),
            }
            m.parts.push((l.n, "next meeting".into()));
            true
        }
        // "Agenda:" on its own line, its bullets below: the items of a meeting that has no
        // headings of its own (a running document's entry).
        "agenda" | "topics" if value.is_empty() && !is_bullet && st.section == Section::None => {
            st.section = Section::Items;
            st.agenda = true;
            st.item = None;
            st.item_heading = false;
            m.parts.push((l.n, "items".into()));
            true
        }
        "ais" | "ai" | "actions" | "action items" | "action" | "action item" | "action point"
        | "action points" | "todo" | "next steps" | "new actions" => {
            actions_label(m, st, key, value, l, is_bullet, indent);
            true
        }
        _ => false,
    }
}
