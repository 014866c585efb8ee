//! Markdown minutes, shaped the way careful secretaries of foundation meetings write them:
//! header, attendance table, recap, next steps, the agenda items in order, the review of
//! old actions, what was not covered, and the next meeting.

use super::entry::{EntryView, InMarkdown};
use super::{
    escape::{escape_inline as esc, escape_line_start, link},
    minutes_of, ActionRecord, Index, ItemRecord, Minutes, Options, ReviewRecord, CARRIED_WARNING,
};
use crate::meeting::Meeting;
use chrono::{DateTime, Utc};
use std::fmt::Write;
use std::io::{self, Write as _};
use unicode_width::UnicodeWidthStr;

/// Renders the minutes as GitHub-Flavored Markdown.
pub fn render(m: &Minutes) -> String {
    render_from(m, m)
}

/// [`render`] of the minutes of `meeting` as of `now`, the entries read from the meeting
/// (the record is built without them: see [`write_meeting`]).
pub fn render_meeting(meeting: &Meeting, now: DateTime<Utc>, options: Options) -> String {
    let (head, index) = Minutes::frame(meeting, now, options);
    render_from(&head, &FromMeeting { meeting, index })
}

/// Writes the Markdown minutes of `meeting` as of `now` to `sink` as a whole document
/// (gavel's marker line, then the minutes) while they are made: the entries are read from
/// the meeting, never copied into a record, and no more than [`HELD`] bytes of the text are
/// held at a time, however long the meeting. The marker holds a hash of the rest, so
/// minutes longer than [`HELD`] are made twice: once into the hash, once into `sink`.
pub fn write_meeting(
    meeting: &Meeting,
    now: DateTime<Utc>,
    options: Options,
    sink: &mut dyn io::Write,
) -> io::Result<()> {
    write_meeting_holding(meeting, now, options, sink, HELD)
}

/// [`write_meeting`], holding at most `held` bytes of the text (tests hold little).
pub(super) fn write_meeting_holding(
    meeting: &Meeting,
    now: DateTime<Utc>,
    options: Options,
    sink: &mut dyn io::Write,
    held: usize,
) -> io::Result<()> {
    let (head, index) = Minutes::frame(meeting, now, options);
    let entries = FromMeeting { meeting, index };
    // Minutes that cannot fit are not held at all (a million notes, made twice anyway).
    let fits = entries.least_text() <= held;
    let mut first = Hashed {
        hash: crate::output::Fnv1a::default(),
        kept: fits.then(Vec::new),
        held,
    };
    write_body(&head, &entries, &mut first)?;
    sink.write_all(crate::output::md_marker(first.hash.finish()).as_bytes())?;
    match first.kept {
        Some(text) => sink.write_all(&text),
        None => write_body(&head, &entries, sink),
    }
}

/// The most of the minutes' text [`write_meeting`] keeps while it hashes them, to write
/// them from memory rather than make them again.
pub const HELD: usize = 8 << 20;

/// The first pass of [`write_meeting`]: hashes what is written, and keeps it while it is no
/// longer than `held`.
struct Hashed {
    hash: crate::output::Fnv1a,
    kept: Option<Vec<u8>>,
    held: usize,
}

impl io::Write for Hashed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.hash.write_all(buf)?;
        match &mut self.kept {
            Some(kept) if kept.len() + buf.len() <= self.held => kept.extend_from_slice(buf),
            _ => self.kept = None,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The minutes' text after the marker line, to `sink`.
fn write_body(m: &Minutes, entries: &dyn Entries, sink: &mut dyn io::Write) -> io::Result<()> {
    let mut out = Out::to(sink);
    write_minutes(&mut out, m, entries);
    out.push('\n');
    out.end().map(drop)
}

fn render_from(m: &Minutes, entries: &dyn Entries) -> String {
    let mut out = Out::memory();
    write_minutes(&mut out, m, entries);
    // Nothing to write to: nothing can fail.
    out.end().unwrap_or_default()
}

fn write_minutes(out: &mut Out<'_>, m: &Minutes, entries: &dyn Entries) {
    header(out, m);
    attendance(out, m);
    if let Some(recap) = &m.recap {
        let _ = write!(out, "## Recap\n\n{}\n\n", paragraph(recap));
    }
    let mut decisions = String::new();
    super::decisions::markdown::list(&mut decisions, m);
    out.push_str(&decisions);
    next_steps(out, m);
    agenda(out, m, entries);
    review(out, m);
    not_covered(out, m, entries);
    time_chart(out, m);
    next_meeting(out, m);
    out.trim_blank_end();
}

/// Where the writer finds each item's entries: the record's own, or the meeting's.
trait Entries {
    /// Calls `f` with each entry the minutes show on the item at `item` in the minutes'
    /// items, in order.
    fn each<'s>(&'s self, item: usize, f: &mut dyn FnMut(EntryView<'s>));
}

impl Entries for Minutes {
    fn each<'s>(&'s self, item: usize, f: &mut dyn FnMut(EntryView<'s>)) {
        for e in self.items.get(item).into_iter().flat_map(|i| &i.entries) {
            f(e.view());
        }
    }
}

/// A meeting's entries, read as the Markdown is written (the minutes' items are the
/// meeting's, in order: [`Minutes::frame`]).
struct FromMeeting<'m> {
    meeting: &'m Meeting,
    index: Index,
}

impl FromMeeting<'_> {
    /// Fewer bytes than the Markdown of the notes shown takes: each note's text without its
    /// leading whitespace (escaping drops that and never makes the rest shorter).
    fn least_text(&self) -> usize {
        let shown = self.meeting.items().iter().flat_map(|i| &i.entries);
        shown
            .filter(|e| self.index.private || !e.private)
            .map(|e| {
                // Only notes are counted: the others can only add to the bound.
                if let crate::meeting::EntryKind::Note(note) = &e.kind {
                    note.text.trim_start().len()
                } else {
                    0
                }
            })
            .sum()
    }
}

impl Entries for FromMeeting<'_> {
    fn each<'s>(&'s self, item: usize, f: &mut dyn FnMut(EntryView<'s>)) {
        let entries = self.meeting.items().get(item).into_iter();
        for e in entries.flat_map(|i| &i.entries) {
            if self.index.private || !e.private {
                if let Some(view) = EntryView::of(e, &self.index) {
                    f(view);
                }
            }
        }
    }
}

/// How much Markdown [`Out`] holds before it hands it on.
pub const PIECE: usize = 1 << 16;

/// Where the Markdown goes as it is made: kept in memory, or handed on to a writer in
/// pieces of about [`PIECE`] bytes. The line ends at the end are held back, for
/// [`Out::trim_blank_end`]. A writer's first error is kept, and nothing more is written.
struct Out<'w> {
    text: String,
    sink: Option<&'w mut dyn io::Write>,
    error: Option<io::Error>,
}

impl<'w> Out<'w> {
    fn memory() -> Out<'static> {
        Out {
            text: String::new(),
            sink: None,
            error: None,
        }
    }

    fn to(sink: &'w mut dyn io::Write) -> Out<'w> {
        Out {
            text: String::with_capacity(PIECE + PIECE / 4),
            sink: Some(sink),
            error: None,
        }
    }

    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        if self.text.len() >= PIECE {
            self.hand_on();
        }
    }

    fn push(&mut self, c: char) {
        self.text.push(c);
    }

    /// Hands what is held to the writer, but for the line ends at its end.
    fn hand_on(&mut self) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        let upto = self.text.trim_end_matches('\n').len();
        if self.error.is_none() {
            if let Err(e) = sink.write_all(&self.text.as_bytes()[..upto]) {
                self.error = Some(e);
            }
        }
        self.text.drain(..upto);
    }

    /// Ends the text with at most one line end (no blank line at the end of the minutes).
    fn trim_blank_end(&mut self) {
        while self.text.ends_with("\n\n") {
            self.text.pop();
        }
    }

    /// Hands on the rest; returns what was kept in memory (nothing, with a writer) or the
    /// writer's first error.
    fn end(mut self) -> io::Result<String> {
        if let Some(sink) = self.sink.as_mut() {
            if self.error.is_none() {
                if let Err(e) = sink.write_all(self.text.as_bytes()) {
                    self.error = Some(e);
                }
            }
            self.text.clear();
        }
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.text),
        }
    }
}

impl Write for Out<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// "Wednesday 4 March 2026".
pub fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

fn header(out: &mut Out<'_>, m: &Minutes) {
    let _ = writeln!(out, "# {}: {}\n", esc(&m.title), long_date(m.date));
    match m.approved {
        Some(d) => {
            let _ = writeln!(out, "*Approved on {d}.*\n");
        }
        // Imported minutes were a secretary's, approved or not as their series does: gavel
        // does not know, and does not call them a draft.
        None if m.imported.is_some() => {}
        None => out.push_str("*Draft: not yet approved.*\n\n"),
    }
    let when = match (&m.started, &m.ended, m.actual_minutes) {
        (Some(s), Some(e), Some(mins)) => format!(
            "{s}–{e} {} ({mins} min{}; planned {} min)",
            m.timezone,
            paused(m.paused_minutes),
            m.planned_minutes
        ),
        (Some(s), None, Some(mins)) => format!(
            "started {s} {}, in progress ({mins} min so far; planned {} min)",
            m.timezone, m.planned_minutes
        ),
        // Minutes imported from a record written by hand: held, at its scheduled start.
        _ if m.imported.is_some() && m.state == "ended" => {
            format!("{} {} (imported)", m.scheduled_start, m.timezone)
        }
        _ => format!(
            "{} {}, not started (planned {} min)",
            m.scheduled_start, m.timezone, m.planned_minutes
        ),
    };
    let mut lines = vec![format!("**Date:** {}, {when}", long_date(m.date))];
    if let Some(zoned) = start_in_zones(m) {
        lines.push(format!("**Start in each zone:** {zoned}"));
    }
    if let Some(x) = &m.moderator {
        lines.push(format!("**Moderator:** {}", esc(x)));
    }
    if let Some(x) = &m.notetaker {
        lines.push(format!("**Note-taker:** {}", esc(x)));
    }
    if m.approved_previous {
        lines.push("**Previous minutes:** approved".into());
    }
    if let Some(x) = &m.link {
        lines.push(format!("**Meeting link:** {}", link(x, None)));
    }
    for info in m
        .info
        .iter()
        .filter(|i| m.link.as_deref() != Some(i.value.as_str()))
    {
        lines.push(format!(
            "**{}:** {}",
            esc(&info.key),
            value_or_link(&info.value)
        ));
    }
    let _ = write!(out, "{}\n\n", lines.join("  \n"));
}

/// "17:00 UTC / 09:00 PST / 18:00 CET": the (actual, else scheduled) start in the meeting's
/// zone and in each of the agenda's `zones`, with the abbreviation in effect that day.
pub fn start_in_zones(m: &Minutes) -> Option<String> {
    use crate::agenda::Zone;
    if m.zones.is_empty() {
        return None;
    }
    let own = Zone::parse(&m.timezone).ok()?;
    let hhmm = m.started.as_deref().unwrap_or(&m.scheduled_start);
    let time = chrono::NaiveTime::parse_from_str(hhmm, "%H:%M").ok()?;
    let at = own.to_utc(m.date.and_time(time));
    let mut parts = vec![own.clock_with_abbrev(at)];
    for z in m.zones.iter().filter_map(|z| Zone::parse(z).ok()) {
        parts.push(z.clock_with_abbrev(at));
    }
    Some(esc(&parts.join(" / ")))
}

fn paused(minutes: i64) -> String {
    if minutes > 0 {
        format!(", including {minutes} min paused")
    } else {
        String::new()
    }
}

/// A value of the standing header (`[meeting.info]`, the meeting link): a link when it is
/// one safe URL, else the text, escaped. The running document's header uses it too.
pub(crate) fn value_or_link(value: &str) -> String {
    if value.contains(char::is_whitespace) {
        esc(value)
    } else {
        link(value, None)
    }
}

/// People's text with each GitHub reference in it (`#123`, `owner/repo#123`, an issue's
/// address) made a link, and its title beside it when one was looked up.
fn linked(m: &Minutes, text: &str) -> String {
    // Every reference holds a `#` or is an address: most notes hold neither.
    if !text.contains('#') && !text.contains("http") {
        return esc(text);
    }
    let home = m
        .github
        .as_deref()
        .and_then(|g| crate::agenda::github::Repository::parse(g).ok());
    let found = super::refs::find(text, home.as_ref());
    if found.is_empty() {
        return esc(text);
    }
    let mut out = String::new();
    let mut at = 0;
    for r in &found {
        out.push_str(&esc_after(&text[at..r.start], at == 0));
        let title = m
            .ref_titles
            .get(&r.key())
            .map(|t| format!(" ({})", esc(t)))
            .unwrap_or_default();
        out.push_str(&link(&r.url, Some(&r.shown(home.as_ref()))));
        out.push_str(&title);
        at = r.end;
    }
    out.push_str(&esc_after(&text[at..], at == 0));
    out
}

/// [`esc`] for a piece of a line: after a link, a space it starts with is kept.
fn esc_after(piece: &str, first: bool) -> String {
    if first || !piece.starts_with(char::is_whitespace) {
        return esc(piece);
    }
    format!(" {}", esc(piece))
}

/// A link when the URL is safe to click; otherwise the URL as plain text.
fn attendance(out: &mut Out<'_>, m: &Minutes) {
    out.push_str("## Attendance\n\n");
    let roster: Vec<_> = m.attendance.iter().filter(|a| !a.guest).collect();
    // Nobody ticked at all (imported minutes that record no attendance): "?", not "n".
    let recorded = m.attendance.iter().any(|a| a.status != "unknown");
    if !roster.is_empty() {
        let rows: Vec<[String; 3]> = roster
            .iter()
            .map(|a| {
                let mut notes = Vec::new();
                let role_says_alternate =
                    a.alternate_for.is_some() && a.role.eq_ignore_ascii_case("alternate");
                if a.role != "member" && !role_says_alternate {
                    notes.push(esc(&a.role));
                }
                if let Some(member) = &a.alternate_for {
                    notes.push(format!("alternate for {}", esc(member)));
                } else if !a.votes {
                    notes.push("non-voting".into());
                }
                let name = if notes.is_empty() {
                    esc(&a.name)
                } else {
                    format!("{} ({})", esc(&a.name), notes.join(", "))
                };
                [
                    name,
                    a.affiliation.as_deref().map(esc).unwrap_or_default(),
                    if recorded {
                        present_cell(a)
                    } else {
                        "?".into()
                    },
                ]
            })
            .collect();
        let mut lines = String::new();
        table(&mut lines, &["Name", "Affiliation", "Present"], &rows);
        out.push_str(&lines);
        out.push('\n');
    }
    // Regrets are said once, in the table's Present column.
    let mut lines = Vec::new();
    let guests: Vec<String> = m
        .attendance
        .iter()
        .filter(|a| a.guest && a.status != "unknown" && a.status != "absent")
        .map(|a| match &a.left {
            Some(l) => format!(
                "{} (left {l})",
                with_affiliation(&a.name, a.affiliation.as_deref())
            ),
            None => with_affiliation(&a.name, a.affiliation.as_deref()),
        })
        .collect();
    if !guests.is_empty() {
        lines.push(format!("**Guests:** {}", guests.join(", ")));
    }
    if !recorded && !roster.is_empty() {
        lines.push("**Attendance was not recorded** (\"?\").".to_string());
    }
    if let Some(q) = &m.quorum {
        lines.push(quorum_line(q));
    }
    if !lines.is_empty() {
        let _ = write!(out, "{}\n\n", lines.join("  \n"));
    }
}

/// "counted" or "not counted": whether alternates count toward quorum, said either way.
pub fn alternates_word(counted: bool) -> &'static str {
    if counted {
        "counted"
    } else {
        "not counted"
    }
}

/// "Quorum: 8 present, 6 needed: met (11 voting members, alternates counted)." When it was met late, lost or
/// met again during the meeting (after the roll call), each change is listed with its time.
fn quorum_line(q: &super::QuorumRecord) -> String {
    let word = |met: bool| if met { "met" } else { "not met" };
    let members = format!(
        "{} voting members, alternates {}",
        q.members,
        alternates_word(q.alternates_counted)
    );
    match q.changes.as_slice() {
        [] => format!(
            "*Quorum: {} present, {} needed: {} ({members}).*",
            q.present,
            q.needed,
            word(q.met)
        ),
        [only] => {
            let present = only.present.max(q.present);
            format!(
                "*Quorum: {present} present, {} needed: {} ({members}).*",
                q.needed,
                word(only.met)
            )
        }
        [first, rest @ ..] => {
            let mut parts = vec![format!(
                "{} present, {} needed: {} at the start",
                first.present,
                q.needed,
                word(first.met)
            )];
            // "met again" only after it was really met and then lost.
            let mut was_met = first.met;
            for c in rest {
                let verb = match (c.met, was_met) {
                    (true, true) => "met again",
                    (true, false) => "met",
                    (false, _) => "lost",
                };
                was_met |= c.met;
                parts.push(format!("{verb} at {} with {} present", c.time, c.present));
            }
            format!("*Quorum: {} ({members}).*", parts.join("; "))
        }
    }
}

fn present_cell(a: &super::AttendeeRecord) -> String {
    match a.status.as_str() {
        "present" => match (&a.joined, a.joined_late) {
            (Some(t), true) => format!("y (from {t})"),
            _ => "y".into(),
        },
        "left" => match (&a.joined, &a.left, a.joined_late) {
            (Some(j), Some(l), true) => format!("y ({j}–{l})"),
            (_, Some(l), _) => format!("y (left {l})"),
            _ => "y".into(),
        },
        "regrets" => "regrets".into(),
        _ => "n".into(),
    }
}

fn with_affiliation(name: &str, affiliation: Option<&str>) -> String {
    match affiliation {
        Some(a) => format!("{} ({})", esc(name), esc(a)),
        None => esc(name),
    }
}

/// A GFM table with cells padded to the same display width, so the source reads well too.
/// Used for the attendance table here and for the series reports (`gavel actions`,
/// `gavel attendance`).
pub(crate) fn table<R: AsRef<[String]>>(out: &mut String, head: &[&str], rows: &[R]) {
    let mut widths: Vec<usize> = head.iter().map(|h| h.width().max(3)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row.as_ref()) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &[&str]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.width()))))
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    out.push_str(&line(head));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(&rule.iter().map(String::as_str).collect::<Vec<_>>()));
    for row in rows {
        let cells: Vec<&str> = row.as_ref().iter().map(String::as_str).collect();
        out.push_str(&line(&cells));
    }
}

fn action_line(m: &Minutes, a: &ActionRecord) -> String {
    let owners: Vec<String> = a
        .owners
        .iter()
        .map(|o| {
            if a.unknown_owners.contains(o) {
                format!("{} (not on the roster)", esc(o))
            } else {
                esc(o)
            }
        })
        .collect();
    format!("{}: {}", owners.join(", "), action_text(m, a))
}

fn action_text(m: &Minutes, a: &ActionRecord) -> String {
    let mut s = linked(m, &a.text);
    if let Some(d) = a.due {
        let _ = write!(s, " (due {d})");
    }
    if a.private {
        s.push_str(" *(private)*");
    }
    s
}

fn next_steps(out: &mut Out<'_>, m: &Minutes) {
    if m.actions.is_empty() {
        return;
    }
    // The one list of actions, owner first; an item only points here.
    out.push_str("## Next steps\n\n");
    for a in &m.actions {
        let _ = writeln!(out, "* {}", action_line(m, a));
    }
    out.push('\n');
}

fn agenda(out: &mut Out<'_>, m: &Minutes, entries: &dyn Entries) {
    let mut covered = m.items.iter().enumerate().filter(|(_, i)| i.covered);
    let Some(first) = covered.next() else {
        return;
    };
    out.push_str("## Agenda\n\n");
    for (n, (at, item)) in std::iter::once(first).chain(covered).enumerate() {
        if n > 0 {
            out.push_str("---\n\n");
        }
        item_section(out, m, (at, item), entries, true);
    }
}

fn item_heading(item: &ItemRecord) -> String {
    let presenter = item
        .presenter
        .as_deref()
        .map(|p| format!(" *({})*", esc(p)))
        .unwrap_or_default();
    format!("### {}. {}{presenter}\n\n", item.number, esc(&item.title))
}

/// The section of `item`, at `at` in the minutes' items.
fn item_section(
    out: &mut Out<'_>,
    m: &Minutes,
    (at, item): (usize, &ItemRecord),
    entries: &dyn Entries,
    covered: bool,
) {
    out.push_str(&item_heading(item));
    let mut facts = Vec::new();
    // Imported minutes hold no time boxes or times of their own: none is made up.
    let timed = m.imported.is_none() || item.used_seconds > 0;
    if timed && (covered || item.used_seconds > 0) {
        facts.push(format!(
            "{} of {} min",
            minutes_of(item.used_seconds),
            minutes_of(item.timebox_seconds)
        ));
        if item.timebox_seconds != item.planned_seconds {
            facts.push(format!("planned {} min", minutes_of(item.planned_seconds)));
        }
    } else if timed {
        facts.push(format!("{} min planned", minutes_of(item.timebox_seconds)));
    }
    if item.kind != "discussion" {
        facts.push(item.kind.clone());
    }
    if item.added {
        facts.push("added during the meeting".into());
    }
    if !facts.is_empty() {
        let _ = write!(out, "*{}*\n\n", facts.join(" · "));
    }
    if let Some(bg) = &item.background {
        background(out, bg);
    }
    for url in &item.agenda_links {
        let _ = writeln!(out, "* {}", link(url, None));
    }
    if !item.agenda_links.is_empty() {
        out.push('\n');
    }
    item_entries(out, m, at, entries);
    let mut recused = String::new();
    super::decisions::markdown::recused(&mut recused, item);
    out.push_str(&recused);
    speakers(out, item);
}

/// The item's entries: those before its first topic, then each topic under a heading one
/// level below the item's (`####`) with the entries that follow it. Where each entry goes
/// and what it says there is its kind's (`EntryRecord::in_markdown`). The bullets are
/// written as they come (a long meeting's minutes hold no second copy of them); the
/// decisions and the owners of actions follow each run of bullets.
fn item_entries(out: &mut Out<'_>, m: &Minutes, at: usize, entries: &dyn Entries) {
    let mut run = Run::default();
    entries.each(at, &mut |e| match e.in_markdown(&|text| linked(m, text)) {
        InMarkdown::Heading(title) => {
            run.close(out);
            let _ = write!(out, "#### {title}\n\n");
        }
        InMarkdown::Bullet(line) => {
            out.push_str("* ");
            out.push_str(&line);
            out.push('\n');
            run.bullets = true;
        }
        InMarkdown::Decision(line) => run.decisions.push(line),
        InMarkdown::Motion(motion) => {
            if let Some(d) = m.decisions.get(motion) {
                let mut block = String::new();
                super::decisions::markdown::motion(&mut block, d);
                run.decisions.push(block.trim_end().to_string());
            }
        }
        InMarkdown::Action(action) => {
            for o in m.actions.get(action).into_iter().flat_map(|a| &a.owners) {
                if !run.owners.contains(o) {
                    run.owners.push(o.clone());
                }
            }
        }
    });
    run.close(out);
}

/// The entries since the last topic heading: whether bullets were written, and the
/// decisions and action owners that go after them.
#[derive(Default)]
struct Run {
    bullets: bool,
    decisions: Vec<String>,
    owners: Vec<String>,
}

impl Run {
    /// Ends the run: a blank line after its bullets, then its decisions and owners.
    fn close(&mut self, out: &mut Out<'_>) {
        if std::mem::take(&mut self.bullets) {
            out.push('\n');
        }
        for d in self.decisions.drain(..) {
            let _ = write!(out, "{d}\n\n");
        }
        if !self.owners.is_empty() {
            let owners: Vec<String> = self.owners.drain(..).map(|o| esc(&o)).collect();
            let _ = write!(
                out,
                "*Actions for {}: see Next steps.*\n\n",
                owners.join(", ")
            );
        }
    }
}

fn speakers(out: &mut Out<'_>, item: &ItemRecord) {
    let describe = |s: &super::SpeakerRecord, timed: bool| {
        let mut parts = vec![s.kind.clone()];
        if let Some(t) = &s.topic {
            parts.push(esc(t));
        }
        if timed {
            parts.push(super::spoken(s.seconds));
            if s.until_item_end {
                parts.push("until the item closed".into());
            }
        }
        format!("{} ({})", esc(&s.name), parts.join(", "))
    };
    if !item.speakers.is_empty() {
        let list: Vec<String> = item.speakers.iter().map(|s| describe(s, true)).collect();
        let _ = write!(out, "**Speakers:** {}\n\n", list.join("; "));
    }
    if !item.queued_not_heard.is_empty() {
        let list: Vec<String> = item
            .queued_not_heard
            .iter()
            .map(|s| describe(s, false))
            .collect();
        let _ = write!(out, "**Queued but not heard:** {}\n\n", list.join("; "));
    }
}

/// An item's background with the author's line breaks: paragraphs stay paragraphs, list
/// items stay list items, other line breaks become hard breaks; every line escaped.
fn background(out: &mut Out<'_>, text: &str) {
    let blocks = crate::text::blocks(text);
    if blocks.is_empty() {
        return;
    }
    // A first paragraph follows the label on the next line; a list needs a blank line.
    let label_break = match blocks.first() {
        Some(crate::text::Block::Lines(_)) => "  \n",
        _ => "\n\n",
    };
    let _ = write!(out, "**Background:**{label_break}");
    for block in blocks {
        match block {
            // The author's line breaks stay in the text as they were typed; a renderer joins
            // wrapped prose into one paragraph, as Markdown does everywhere.
            crate::text::Block::Lines(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| escape_line_start(l)).collect();
                out.push_str(&lines.join("\n"));
            }
            crate::text::Block::List(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|(number, text)| match number {
                        Some(n) => format!("{n}. {}", esc(text)),
                        None => format!("* {}", esc(text)),
                    })
                    .collect();
                out.push_str(&items.join("\n"));
            }
        }
        out.push_str("\n\n");
    }
}

/// One-line text (the recap): wrapped lines joined, each paragraph or list line escaped and
/// kept on a line of its own.
fn paragraph(text: &str) -> String {
    crate::text::paragraphs(text)
        .iter()
        .map(|l| escape_line_start(l))
        .collect::<Vec<_>>()
        .join("  \n")
}

fn review(out: &mut Out<'_>, m: &Minutes) {
    // Imported minutes: the secretary reviewed only what they wrote of; the actions open
    // that they did not mention are listed as still open, not as "not reviewed".
    let imported = m.imported.is_some();
    let (reviewed, open): (Vec<&ReviewRecord>, Vec<&ReviewRecord>) = m
        .review
        .iter()
        .partition(|r| !imported || r.status.is_some());
    for (title, list, said) in [
        ("## Review of previous actions\n\n", reviewed, true),
        (
            "## Actions still open from earlier meetings\n\n",
            open,
            false,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push_str(title);
        for (i, r) in list.into_iter().enumerate() {
            // A live meeting's numbers are those `/done N` took; an import's are its own.
            let number = if imported { i + 1 } else { r.number };
            review_line(out, number, r, said);
        }
        out.push('\n');
    }
}

/// One old action: `said` adds what the meeting said of it.
fn review_line(out: &mut Out<'_>, number: usize, r: &ReviewRecord, said: bool) {
    let owners: Vec<String> = r.owners.iter().map(|o| esc(o)).collect();
    let mut extra = Vec::new();
    if let Some(d) = r.due {
        extra.push(format!("due {d}"));
    }
    if let Some(f) = r.from {
        extra.push(format!("from {f}"));
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" ({})", extra.join(", "))
    };
    let word = if said {
        format!(": **{}**", r.status.as_deref().unwrap_or("not reviewed"))
    } else {
        String::new()
    };
    let flag = if r.carried >= CARRIED_WARNING
        && r.status.as_deref() != Some("done")
        && r.status.as_deref() != Some("dropped")
    {
        format!(" ⚠ carried over {} times", r.carried)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{number}. {}: {}{extra}{word}{flag}",
        owners.join(", "),
        esc(&r.text)
    );
}

fn not_covered(out: &mut Out<'_>, m: &Minutes, entries: &dyn Entries) {
    let mut left = m
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.covered)
        .peekable();
    if left.peek().is_none() {
        return;
    }
    out.push_str("## Not covered\n\n");
    for item in left {
        item_section(out, m, item, entries, false);
    }
}

/// A Mermaid bar chart of the minutes each covered item used (bars) against its time box
/// (line), which GitHub renders in place. It comes after the items, so no item is first named
/// here, and labels items by number only: nobody's text goes into the chart, so nothing needs
/// escaping for Mermaid. Only when it says something ([`chart_says_something`]).
fn time_chart(out: &mut Out<'_>, m: &Minutes) {
    let covered: Vec<&ItemRecord> = m.items.iter().filter(|i| i.covered).collect();
    if m.started.is_none() || !chart_says_something(&covered) {
        return;
    }
    let join = |f: &dyn Fn(&ItemRecord) -> String| {
        covered.iter().map(|i| f(i)).collect::<Vec<_>>().join(", ")
    };
    let labels = join(&|i| format!("\"{}\"", i.number));
    let used = join(&|i| minutes_of(i.used_seconds).to_string());
    let boxes = join(&|i| minutes_of(i.timebox_seconds).to_string());
    let top = covered
        .iter()
        .map(|i| minutes_of(i.used_seconds).max(minutes_of(i.timebox_seconds)))
        .max()
        .unwrap_or(0)
        .max(1);
    out.push_str("## Time per item\n\n");
    out.push_str("Minutes used by each item (bars) against its time box (line).\n\n");
    let _ = write!(
        out,
        "```mermaid\nxychart-beta\n    title \"Minutes used against the time box\"\n    \
         x-axis \"Item\" [{labels}]\n    y-axis \"Minutes\" 0 --> {top}\n    \
         bar [{used}]\n    line [{boxes}]\n```\n\n"
    );
}

/// A chart compares items: it needs at least two covered items, and at least
/// [`CHART_MIN_MINUTES`] used between them (a meeting of a minute or two, or items that used
/// no time, would chart nothing but zeros).
fn chart_says_something(covered: &[&ItemRecord]) -> bool {
    let used: i64 = covered.iter().map(|i| i.used_seconds).sum();
    covered.len() >= 2 && minutes_of(used) >= CHART_MIN_MINUTES
}

/// Minutes the covered items must have used between them for the time chart.
pub const CHART_MIN_MINUTES: i64 = 5;

fn next_meeting(out: &mut Out<'_>, m: &Minutes) {
    if let Some(n) = &m.next_meeting {
        let _ = write!(
            out,
            "## Next meeting\n\n{}, {} {}\n\n",
            long_date(n.date),
            n.start,
            m.timezone
        );
    }
}
