//! The document as typed lines, read from a CommonMark/GFM parse (pulldown-cmark): headings
//! (ATX, setext, HTML), list items with their check boxes and depth, pipe-table rows, HTML
//! blocks (through [`super::html`]: tables, headings, list items; comments are not content),
//! code blocks, front matter (`Meta`), each with its line number, for the reader in
//! `markdown.rs`. A paragraph of several lines gives one line each: minutes written by hand
//! put one fact on a line ("Present: …" then "Regrets: …") without a blank between.

use crate::text::clean_line;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

pub use super::raw::{Kind, Line, LineMap};

/// Tags and the commonest entities removed from a line of Markdown text.
pub(crate) fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let tagish = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match (tagish, after.find('>')) {
            (true, Some(j)) if !after[..j].contains('<') && !after[..j].starts_with("http") => {
                let tag = after[..j].to_ascii_lowercase();
                if tag.starts_with("br") {
                    out.push(' ');
                }
                rest = &after[j + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&#x20;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// A line of a code block (or any text not parsed as Markdown): a bullet or text.
pub(crate) fn plain_line(n: usize, l: &str) -> Line {
    let t = l.trim();
    if t.is_empty() {
        return Line {
            n,
            kind: Kind::Blank,
            text: String::new(),
        };
    }
    let indent = l.len() - l.trim_start().len();
    let text = strip_tags(t);
    if let Some(rest) = bullet(&text) {
        let (check, rest) = checkbox(rest);
        return Line {
            n,
            kind: Kind::Bullet {
                indent: indent + usize::from(l.starts_with('\t')) * 4,
                check,
            },
            text: clean_line(rest.trim()),
        };
    }
    Line {
        n,
        kind: Kind::Text,
        text: clean_line(text.trim()),
    }
}

fn bullet(t: &str) -> Option<&str> {
    for m in ["* ", "- ", "+ ", "• ", "· "] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some(rest);
        }
    }
    if matches!(t, "*" | "-" | "+" | "•") {
        return Some("");
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r);
        }
    }
    None
}

/// A task box written as text (`\[ \]`, escaped so Markdown does not see it).
fn checkbox(rest: &str) -> (Option<bool>, &str) {
    let r = rest.trim_start();
    for (mark, done) in [
        ("[ ]", false),
        ("\\[ \\]", false),
        ("[x]", true),
        ("[X]", true),
        ("\\[x\\]", true),
        ("\\[X\\]", true),
    ] {
        if let Some(after) = r.strip_prefix(mark) {
            return (Some(done), after.trim_start());
        }
    }
    (None, rest)
}

/// A list item being read: where its marker is, and whether its first line was written.
struct Item {
    line: usize,
    indent: usize,
    check: Option<bool>,
    started: bool,
}

/// The walk over the parser's events.
struct Walk<'a> {
    src: &'a str,
    map: LineMap,
    out: Vec<Line>,
    /// The inline text being gathered: its byte range, and inline comments to cut out.
    run: Option<Range<usize>>,
    cuts: Vec<Range<usize>>,
    /// An inline comment opened and not yet closed (`<!--` … `-->` over several events).
    open_comment: Option<usize>,
    heading: Option<usize>,
    items: Vec<Item>,
    row: Option<(usize, Vec<String>)>,
    cell: Option<Range<usize>>,
    html: Option<Range<usize>>,
    code: bool,
    meta: bool,
}

impl<'a> Walk<'a> {
    fn text_of(&self, r: Range<usize>) -> String {
        let mut s = String::new();
        let mut at = r.start;
        for c in self
            .cuts
            .iter()
            .filter(|c| c.end > r.start && c.start < r.end)
        {
            if c.start > at {
                s.push_str(&self.src[at..c.start]);
            }
            at = at.max(c.end);
        }
        if at < r.end {
            s.push_str(&self.src[at..r.end]);
        }
        s
    }

    /// Writes the gathered inline text: one line per source line (a heading joins them).
    fn flush(&mut self) {
        let Some(run) = self.run.take() else { return };
        let first = self.map.line(run.start);
        let last = self.map.line(run.end.saturating_sub(1).max(run.start));
        let mut texts = Vec::new();
        for n in first..=last {
            let lr = self.map.range(self.src, n);
            let from = if n == first { run.start } else { lr.start };
            let to = if n == last {
                lr.end.max(run.end.min(lr.end))
            } else {
                lr.end
            };
            let raw = self.text_of(from.min(to)..to);
            let raw = raw.trim_start().trim_start_matches(['>', ' ']);
            texts.push((n, strip_tags(raw).trim().to_string()));
        }
        self.cuts.clear();
        if let Some(level) = self.heading {
            let joined: Vec<&str> = texts.iter().map(|(_, t)| t.as_str()).collect();
            let t = joined.join(" ");
            let t = t.trim_end_matches('#').trim_end();
            self.out.push(Line {
                n: first,
                kind: Kind::Heading(level),
                text: clean_line(t),
            });
            return;
        }
        for (n, t) in join_wrapped(texts) {
            if n != first {
                // A continuation line typed as a bullet ("        * 1. Topic" under an
                // item, from an editor's export): Markdown joins it to the paragraph, the
                // writer meant a sub-item.
                let lr = self.map.range(self.src, n);
                let l = plain_line(n, &self.src[lr]);
                if matches!(l.kind, Kind::Bullet { .. }) {
                    self.out.push(l);
                    continue;
                }
            }
            let item = self.items.last_mut().filter(|i| !i.started);
            let kind = match item {
                Some(it) => {
                    it.started = true;
                    let (check, _) = checkbox(&t);
                    Kind::Bullet {
                        indent: it.indent,
                        check: it.check.or(check),
                    }
                }
                None => Kind::Text,
            };
            let t = if matches!(kind, Kind::Bullet { .. }) {
                checkbox(&t).1.to_string()
            } else {
                t
            };
            if t.is_empty() && kind == Kind::Text {
                continue;
            }
            let n = match &kind {
                Kind::Bullet { .. } => self.items.last().map_or(n, |i| i.line.min(n)),
                _ => n,
            };
            self.out.push(Line {
                n,
                kind,
                text: clean_line(&t),
            });
        }
    }

    fn extend(&mut self, r: &Range<usize>) {
        match &mut self.run {
            Some(run) => {
                run.start = run.start.min(r.start);
                run.end = run.end.max(r.end);
            }
            None => self.run = Some(r.clone()),
        }
    }

    fn flush_html(&mut self) {
        if let Some(r) = self.html.take() {
            let lines = super::html::lines(&self.src[r.clone()], r.start, &self.map);
            self.out.extend(lines);
        }
    }

    /// The column of the list marker at or after `at` (an item's range may start in the
    /// indentation its parent item takes).
    fn indent_at(&self, at: usize) -> usize {
        let n = self.map.line(at);
        let lr = self.map.range(self.src, n);
        let skip = self.src[at.min(lr.end)..lr.end]
            .find(|c: char| c != ' ' && c != '\t')
            .unwrap_or(0);
        let at = at + skip;
        let start = lr.start;
        // Columns past the 256th tell nothing more, and counting them made a line of
        // thousands of nested list markers quadratic.
        self.src[start..at.max(start)]
            .chars()
            .take(256)
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum()
    }

    fn start(&mut self, tag: &Tag, r: &Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => self.heading = Some(*level as usize),
            Tag::Item => self.items.push(Item {
                line: self.map.line(r.start),
                indent: self.indent_at(r.start),
                check: None,
                started: false,
            }),
            Tag::HtmlBlock => {
                self.html = Some(match self.html.take() {
                    Some(h) => h.start..r.end,
                    None => r.clone(),
                });
            }
            Tag::CodeBlock(_) => self.code = true,
            Tag::MetadataBlock(_) => self.meta = true,
            Tag::TableHead | Tag::TableRow => self.row = Some((self.map.line(r.start), Vec::new())),
            Tag::TableCell => self.cell = Some(r.clone()),
            _ => {}
        }
    }

    fn end(&mut self, tag: &TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::Item => {
                self.flush();
                self.items.pop();
            }
            TagEnd::CodeBlock => self.code = false,
            TagEnd::MetadataBlock(_) => self.meta = false,
            TagEnd::TableCell => {
                if let (Some(c), Some((_, cells))) = (self.cell.take(), self.row.as_mut()) {
                    let raw = self.src[c]
                        .trim()
                        .trim_matches('|')
                        .trim()
                        .replace("\\|", "|");
                    cells.push(clean_line(&strip_tags(&raw)));
                }
                self.cuts.clear();
                self.run = None;
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some((n, cells)) = self.row.take() {
                    let text = clean_line(&cells.join(" | "));
                    self.out.push(Line {
                        n,
                        kind: Kind::Row(cells),
                        text,
                    });
                }
            }
            _ => {}
        }
    }

    /// Text of a code block or the front matter, line by line.
    fn verbatim(&mut self, r: &Range<usize>) {
        let first = self.map.line(r.start);
        let last = self.map.line(r.end.saturating_sub(1).max(r.start));
        for n in first..=last {
            let lr = self.map.range(self.src, n);
            let l = &self.src[lr];
            if self.meta {
                if !l.trim().is_empty() {
                    self.out.push(Line {
                        n,
                        kind: Kind::Meta,
                        text: clean_line(l.trim()),
                    });
                }
            } else {
                let line = plain_line(n, l);
                if line.kind != Kind::Blank {
                    self.out.push(line);
                }
            }
        }
    }

    fn inline_html(&mut self, html: &str, r: &Range<usize>) {
        if let Some(open) = self.open_comment {
            if html.contains("-->") {
                self.cuts.push(open..r.end);
                self.open_comment = None;
            }
        } else if html.starts_with("<!--") {
            if html.contains("-->") {
                self.cuts.push(r.clone());
            } else {
                self.open_comment = Some(r.start);
            }
        }
        self.extend(r);
    }
}

/// Lines of one paragraph that are one sentence wrapped ("… timeline, and" then "bring it
/// back (Wren)"): joined. A line that starts a new fact ("Regrets: …", a capitalised line
/// after a full line) stays a line; a line closing a parenthesis the one before left open
/// joins it.
fn join_wrapped(texts: Vec<(usize, String)>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::with_capacity(texts.len());
    for (n, t) in texts {
        let joins = out.last().is_some_and(|(_, prev): &(usize, String)| {
            let last_word = prev.rsplit(' ').next().unwrap_or("").to_lowercase();
            let open = prev.ends_with([',', '&', '-', '(', '/'])
                || matches!(
                    last_word.as_str(),
                    "and"
                        | "or"
                        | "the"
                        | "a"
                        | "an"
                        | "to"
                        | "of"
                        | "for"
                        | "with"
                        | "in"
                        | "on"
                        | "by"
                        | "from"
                        | "at"
                        | "as"
                );
            let first = t.chars().next();
            let continues = first.is_some_and(|c| c.is_lowercase() || c == '(')
                && !prev.ends_with([':', '.', '!', '?']);
            // Inside a parenthesis left open ("… (Ana" then "Moreno)").
            let unclosed = prev.rfind('(') > prev.rfind(')') && t.contains(')');
            !prev.is_empty()
                && !t.is_empty()
                && !t.starts_with(['*', '-', '+'])
                && (open || continues || unclosed)
        });
        match out.last_mut() {
            Some((_, prev)) if joins => {
                prev.push(' ');
                prev.push_str(&t);
            }
            _ => out.push((n, t)),
        }
    }
    out
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::TableCell
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::TableCell
    )
}

/// The document as typed lines, in the order of the file.
pub fn lines(src: &str) -> Vec<Line> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut w = Walk {
        src,
        map: LineMap::new(src),
        out: Vec::new(),
        run: None,
        cuts: Vec::new(),
        open_comment: None,
        heading: None,
        items: Vec::new(),
        row: None,
        cell: None,
        html: None,
        code: false,
        meta: false,
    };
    for (ev, r) in Parser::new_ext(src, opts).into_offset_iter() {
        match &ev {
            Event::Start(tag) if is_block(tag) => {
                w.flush();
                if !matches!(tag, Tag::HtmlBlock) {
                    w.flush_html();
                }
                w.start(tag, &r);
            }
            Event::End(tag) if is_block_end(tag) => {
                w.flush();
                w.end(tag);
            }
            Event::Start(Tag::TableCell) => w.start(&Tag::TableCell, &r),
            Event::End(TagEnd::TableCell) => w.end(&TagEnd::TableCell),
            Event::Rule => {
                w.flush();
                w.flush_html();
                w.out.push(Line {
                    n: w.map.line(r.start),
                    kind: Kind::Rule,
                    text: String::new(),
                });
            }
            Event::Html(_) => {}
            Event::Text(_) if w.code || w.meta => w.verbatim(&r),
            Event::TaskListMarker(done) => {
                if let Some(i) = w.items.last_mut() {
                    i.check = Some(*done);
                }
            }
            Event::InlineHtml(h) => {
                if w.cell.is_none() {
                    w.inline_html(h, &r);
                }
            }
            _ if w.cell.is_some() => {}
            Event::Start(_) | Event::End(_) => w.extend(&r),
            _ => w.extend(&r),
        }
    }
    w.flush();
    w.flush_html();
    // Blank lines: the reader ends a list of names at one.
    for (i, l) in src.lines().enumerate() {
        if l.trim().is_empty() {
            w.out.push(Line {
                n: i + 1,
                kind: Kind::Blank,
                text: String::new(),
            });
        }
    }
    let mut out = w.out;
    out.sort_by_key(|l| l.n);
    out
}

/// Minutes typed as plain text mark their parts with a line of its own: a first line with
/// a date ("Data Tools WG - May 12, 2026") or a section name standing alone ("Agenda",
/// "Next steps", "Attendees"), with a blank line or the start before it. Such lines are read
/// as the headings Markdown would have made them.
pub fn promote_plain_headings(lines: &mut [Line]) {
    // Minutes that use Markdown headings mark their parts with them: a plain line there is
    // a paragraph, whatever it says, but for a section's name in bold on a line of its own
    // ("**Topics**", "**Action items**"), a heading below every other.
    // A list of people's name standing alone over the list ("Attendees", then the list)
    // labels it.
    if lines.iter().any(|l| matches!(l.kind, Kind::Heading(_))) {
        for i in 0..lines.len() {
            if lines[i].kind != Kind::Text {
                continue;
            }
            let t = lines[i].text.trim();
            let inner = t.strip_prefix("**").and_then(|t| t.strip_suffix("**"));
            let name = inner.map(|i| i.trim().trim_end_matches(':').trim());
            let alone = i == 0 || lines[i - 1].kind == Kind::Blank;
            let over_list = alone
                && lines[i + 1..]
                    .iter()
                    .find(|l| l.kind != Kind::Blank)
                    .is_some_and(|l| matches!(l.kind, Kind::Bullet { .. }));
            if name.is_some_and(|n| !n.contains("**") && names_a_section(n)) {
                lines[i].kind = Kind::Heading(6);
            } else if over_list && !t.contains(':') && names_people(t) {
                // The label it is, as if written with its colon: the list below is its own.
                lines[i].text = format!("{t}:");
            } else if alone
                && t.strip_suffix(':')
                    .is_some_and(|n| !n.contains(':') && names_a_section(n) && !names_people(n))
            {
                // "Meeting Notes:" on a line of its own: the part it names, as a heading
                // would (over a list, or over labels and paragraphs of notes).
                lines[i].kind = Kind::Heading(6);
            }
        }
        return;
    }
    let first = lines.iter().position(|l| l.kind != Kind::Blank);
    for i in 0..lines.len() {
        if lines[i].kind != Kind::Text {
            continue;
        }
        let after_break = i == 0 || lines[i - 1].kind == Kind::Blank;
        let raw = lines[i].text.trim();
        let text = raw.trim_end_matches(':').trim_matches('*').trim();
        let sentence = text.ends_with(['.', '!', '?']);
        let short = !text.is_empty() && text.split_whitespace().count() <= 3;
        if Some(i) == first && super::dates::find_date(text).is_some() {
            lines[i].kind = Kind::Heading(1);
        } else if after_break && short && !sentence && !text.contains(':') && names_a_section(text)
        {
            lines[i].kind = Kind::Heading(2);
        }
    }
}

/// A short text that names a list of people as a whole ("Attendees", "Regrets", "Guests").
fn names_people(text: &str) -> bool {
    use super::sections::classify;
    names_a_section(text) && classify(text).names_people()
}

/// A short text that is a section's name as a whole ("Next steps", "Attendees"), not words
/// after one ("Agenda adopted", "Absent today": without its last word it names no section).
fn names_a_section(text: &str) -> bool {
    use super::sections::{classify, Section};
    let section = classify(text);
    let shorter = text.rsplit_once(' ').map_or("", |(head, _)| head);
    text.split_whitespace().count() <= 3
        && !matches!(section, Section::None | Section::Item | Section::Cancelled)
        && classify(shorter) != section
}

/// Whether a list of people goes on past the blank line at `idx`: the line before the blank
/// ones is the list's label with nothing after it ("**Steering Attendees**:"), or the list
/// is loose (its last item had a blank line before it too, and the next line is an item of
/// the same indent).
pub fn list_goes_on(lines: &[Line], idx: usize) -> bool {
    let Some(prev) = lines[..idx].iter().rposition(|l| l.kind != Kind::Blank) else {
        return false;
    };
    let after_label = super::sections::label(&lines[prev].text)
        .is_some_and(|(k, v)| v.trim().is_empty() && super::sections::label_section(&k).is_some());
    let indent = |l: &Line| match l.kind {
        Kind::Bullet { indent, .. } => Some(indent),
        _ => None,
    };
    let next = lines[idx..].iter().find(|l| l.kind != Kind::Blank);
    let loose = prev > 0
        && lines[prev - 1].kind == Kind::Blank
        && indent(&lines[prev]).is_some()
        && next.and_then(indent) == indent(&lines[prev]);
    after_label || loose
}
