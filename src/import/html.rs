//! HTML inside minutes (online editors' exports: Confluence and GitBook tables, headings,
//! lists, paragraphs) read by a WHATWG tokenizer (html5gum) into the same typed lines as the
//! Markdown around it. Comments are not content (a list of names inside `<!-- -->` is a
//! template or a list kept out of the minutes); `<script>` and `<style>` neither.

use super::raw::{Kind, Line, LineMap};
use crate::text::clean_line;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// What is being gathered.
#[derive(Default)]
struct Reader {
    out: Vec<Line>,
    /// Text of the current line or cell, and the byte where it began.
    text: String,
    at: Option<usize>,
    /// An open heading: its level and where its tag is.
    heading: Option<(usize, usize)>,
    row: Option<(usize, Vec<String>)>,
    in_cell: bool,
    /// Depth of `<ul>`/`<ol>`, and whether a `<li>` is open.
    lists: usize,
    item: Option<(usize, Option<bool>)>,
    skip: usize,
}

impl Reader {
    fn take(&mut self) -> (usize, String) {
        let at = self.at.take().unwrap_or(0);
        let t = std::mem::take(&mut self.text);
        (
            at,
            clean_line(t.split_whitespace().collect::<Vec<_>>().join(" ").trim()),
        )
    }

    /// Ends the current line (a block starts or ends).
    fn line_break(&mut self, map: &LineMap) {
        if let (Some((level, at)), false) = (self.heading, self.in_cell) {
            // A heading, even an empty one (it still starts a part of the document).
            let (_, text) = self.take();
            self.out.push(Line {
                n: map.line(at),
                kind: Kind::Heading(level),
                text,
            });
            self.heading = None;
            return;
        }
        if self.in_cell || self.text.trim().is_empty() {
            if !self.in_cell {
                self.text.clear();
                self.at = None;
            }
            return;
        }
        let (at, text) = self.take();
        let n = map.line(at);
        let kind = match self.item.take() {
            Some((indent, check)) => Kind::Bullet { indent, check },
            None => Kind::Text,
        };
        self.out.push(Line { n, kind, text });
    }

    fn start_tag(&mut self, name: &str, at: usize, checked: bool, map: &LineMap) {
        match name {
            "script" | "style" => self.skip += 1,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.line_break(map);
                self.heading = name[1..].parse().ok().map(|level| (level, at));
            }
            "tr" => {
                self.line_break(map);
                self.row = Some((map.line(at), Vec::new()));
            }
            "td" | "th" => {
                self.in_cell = true;
                self.text.clear();
                self.at = Some(at);
            }
            "ul" | "ol" => {
                self.line_break(map);
                self.lists += 1;
            }
            "li" => {
                self.line_break(map);
                self.item = Some((2 * self.lists.saturating_sub(1), None));
            }
            "input" if checked || self.item.is_some() => {
                if let Some((_, c)) = self.item.as_mut() {
                    *c = Some(checked);
                }
            }
            "br" => {
                if self.in_cell {
                    self.text.push(' ');
                } else {
                    self.line_break(map);
                }
            }
            "p" | "div" | "table" | "blockquote" | "pre" | "details" | "summary" => {
                if self.in_cell {
                    self.text.push(' ');
                } else {
                    self.line_break(map);
                }
            }
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &str, map: &LineMap) {
        match name {
            "script" | "style" => self.skip = self.skip.saturating_sub(1),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.heading.is_some() => {
                self.line_break(map);
            }
            "td" | "th" if self.in_cell => {
                self.in_cell = false;
                let (_, text) = self.take();
                if let Some((_, cells)) = self.row.as_mut() {
                    cells.push(text);
                }
            }
            "tr" => {
                if self.in_cell {
                    self.end_tag("td", map);
                }
                if let Some((n, cells)) = self.row.take() {
                    let text = cells.join(" | ");
                    self.out.push(Line {
                        n,
                        kind: Kind::Row(cells),
                        text,
                    });
                }
            }
            "ul" | "ol" => {
                self.line_break(map);
                self.lists = self.lists.saturating_sub(1);
            }
            "li" | "p" | "div" | "table" | "blockquote" | "pre" | "details" | "summary" => {
                if self.in_cell {
                    self.text.push(' ');
                } else {
                    self.line_break(map);
                }
            }
            _ => {}
        }
    }

    /// Text between tags. Outside a cell, heading or list item, each line of the source is
    /// a line (HTML blocks in Markdown often hold text typed line by line).
    fn string(&mut self, s: &str, at: usize, map: &LineMap) {
        if self.skip > 0 {
            return;
        }
        let s = s.replace('\u{a0}', " ");
        let keep_lines = !self.in_cell && self.heading.is_none() && self.item.is_none();
        let mut offset = at;
        for (k, piece) in s.split('\n').enumerate() {
            if k > 0 {
                if keep_lines {
                    self.line_break(map);
                } else {
                    self.text.push(' ');
                }
            }
            if !piece.trim().is_empty() && self.at.is_none() {
                self.at = Some(offset);
            }
            self.text.push_str(piece);
            offset += piece.len() + 1;
        }
    }
}

/// The lines of an HTML block that starts at byte `base` of the document.
pub fn lines(html: &str, base: usize, map: &LineMap) -> Vec<Line> {
    let mut r = Reader::default();
    let tokens = Tokenizer::new_with_emitter(html, DefaultEmitter::<usize>::new_with_span());
    for token in tokens.flatten() {
        match token {
            Token::StartTag(t) => {
                let name = String::from_utf8_lossy(&t.name).to_ascii_lowercase();
                let checked = t.attributes.keys().any(|k| k.as_slice() == b"checked");
                r.start_tag(&name, base + t.span.start, checked, map);
            }
            Token::EndTag(t) => {
                let name = String::from_utf8_lossy(&t.name).to_ascii_lowercase();
                r.end_tag(&name, map);
            }
            Token::String(s) => {
                let text = String::from_utf8_lossy(&s.value);
                r.string(&text, base + s.span.start, map);
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    r.in_cell = false;
    r.line_break(map);
    r.out
}
