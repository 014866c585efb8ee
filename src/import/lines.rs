//! The document as typed lines: headings (Markdown or HTML), table rows, bullets with
//! their check boxes, and text, each with its line number, for the reader in `markdown.rs`.

use crate::text::clean_line;

/// What a line of the document is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Heading(usize),
    /// A table row's cells (Markdown or HTML).
    Row(Vec<String>),
    Bullet {
        indent: usize,
        /// A task-list box: Some(true) ticked.
        check: Option<bool>,
    },
    Text,
    Blank,
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based line in the file.
    pub n: usize,
    pub kind: Kind,
    pub text: String,
}

fn strip_tags(s: &str) -> String {
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
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

fn html_heading(line: &str) -> Option<(usize, String)> {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    if lower.len() >= 4 && lower.starts_with("<h") {
        let level = lower.as_bytes()[2];
        if (b'1'..=b'6').contains(&level) && lower[3..].starts_with(['>', ' ']) {
            let close = format!("</h{}>", level as char);
            if lower.ends_with(&close) {
                return Some(((level - b'0') as usize, strip_tags(t).trim().to_string()));
            }
        }
    }
    None
}

fn md_cells(t: &str) -> Vec<String> {
    let inner = t.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in inner.chars() {
        if escaped {
            if c != '|' {
                cur.push('\\');
            }
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            cells.push(std::mem::take(&mut cur).trim().to_string());
        } else {
            cur.push(c);
        }
    }
    cells.push(cur.trim().to_string());
    cells
}

fn is_separator(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
    })
}

/// Rows of an HTML table, each with the line where it starts.
fn html_rows(lines: &[(usize, &str)]) -> Vec<Line> {
    let mut rows = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    let mut row_line = 0;
    for (n, l) in lines {
        let mut rest: &str = l;
        loop {
            let lower = rest.to_ascii_lowercase();
            let next_tag = ["<tr", "</tr", "<td", "</td", "<th", "</th"]
                .iter()
                .filter_map(|t| lower.find(t).map(|i| (i, *t)))
                .min();
            let Some((i, tag)) = next_tag else {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                    c.push_str(rest);
                }
                break;
            };
            if let Some(c) = cell.as_mut() {
                c.push_str(&rest[..i]);
            }
            let end = lower[i..].find('>').map_or(rest.len(), |j| i + j + 1);
            match tag {
                "<tr" => {
                    cells.clear();
                    row_line = *n;
                }
                "</tr" => {
                    if let Some(c) = cell.take() {
                        cells.push(c);
                    }
                    rows.push(Line {
                        n: row_line,
                        kind: Kind::Row(
                            cells
                                .drain(..)
                                .map(|c| {
                                    strip_tags(&c)
                                        .split_whitespace()
                                        .collect::<Vec<_>>()
                                        .join(" ")
                                })
                                .collect(),
                        ),
                        text: String::new(),
                    });
                }
                "<td" | "<th" => {
                    if let Some(c) = cell.take() {
                        cells.push(c);
                    }
                    if row_line == 0 {
                        row_line = *n;
                    }
                    cell = Some(String::new());
                }
                _ => {
                    if let Some(c) = cell.take() {
                        cells.push(c);
                    }
                }
            }
            rest = &rest[end..];
        }
    }
    for r in &mut rows {
        if let Kind::Row(c) = &r.kind {
            r.text = c.join(" | ");
        }
    }
    rows
}

/// The document as typed lines.
pub fn lines(src: &str) -> Vec<Line> {
    let raw: Vec<(usize, &str)> = src.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let (n, l) = raw[i];
        let t = l.trim();
        if t.to_ascii_lowercase().starts_with("<table") {
            let mut j = i;
            while j < raw.len() && !raw[j].1.to_ascii_lowercase().contains("</table") {
                j += 1;
            }
            let end = (j + 1).min(raw.len());
            out.extend(html_rows(&raw[i..end]));
            i = end;
            continue;
        }
        i += 1;
        if let Some((level, text)) = html_heading(t) {
            out.push(Line {
                n,
                kind: Kind::Heading(level),
                text: clean_line(&text),
            });
            continue;
        }
        let indent = l.len() - l.trim_start().len();
        let line = |kind, text: &str| Line {
            n,
            kind,
            text: clean_line(text.trim()),
        };
        if t.is_empty() {
            out.push(line(Kind::Blank, ""));
            continue;
        }
        if indent < 4 && t.starts_with('#') {
            let level = t.chars().take_while(|c| *c == '#').count();
            let rest = &t[level..];
            if level <= 6 && (rest.is_empty() || rest.starts_with(' ')) {
                let text = rest.trim().trim_end_matches('#').trim();
                out.push(line(Kind::Heading(level), &strip_tags(text)));
                continue;
            }
        }
        if t.starts_with('|') {
            let cells = md_cells(t);
            if !is_separator(&cells) {
                let text = cells.join(" | ");
                out.push(Line {
                    n,
                    kind: Kind::Row(cells.iter().map(|c| clean_line(&strip_tags(c))).collect()),
                    text: clean_line(&text),
                });
            }
            continue;
        }
        if t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) {
            out.push(line(Kind::Rule, ""));
            continue;
        }
        let text = strip_tags(t);
        if let Some((marker, rest)) = bullet(&text) {
            let _ = marker;
            let (check, rest) = checkbox(rest);
            out.push(line(
                Kind::Bullet {
                    indent: indent + usize::from(l.starts_with('\t')) * 4,
                    check,
                },
                rest,
            ));
            continue;
        }
        out.push(line(Kind::Text, &text));
    }
    out
}

fn bullet(t: &str) -> Option<(&str, &str)> {
    for m in ["* ", "- ", "+ ", "• ", "· "] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some((m, rest));
        }
    }
    if matches!(t, "*" | "-" | "+" | "•") {
        return Some((t, ""));
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((&t[..digits], r));
        }
    }
    None
}

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
