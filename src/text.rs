//! Text that came from people (agenda files, the capture line, transcripts) is cleaned where it
//! enters, so that nothing downstream can carry a control sequence to a terminal, a JSON file
//! or the Markdown minutes.

/// Replaces every control character and bidirectional override with a visible symbol
/// (U+FFFD), turns tabs into spaces and keeps newlines only when `keep_newlines` is set.
pub fn sanitize(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\r' if keep_newlines => {}
            '\t' => out.push(' '),
            c if is_unsafe(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A one-line version of `sanitize`: newlines become spaces.
pub fn clean_line(text: &str) -> String {
    if is_clean_line(text) {
        return text.to_owned();
    }
    sanitize(&text.replace("\r\n", " ").replace(['\n', '\r'], " "), false)
}

/// True when `clean_line` would return `text` unchanged: checked without building anything,
/// since nearly all text is clean already.
pub fn is_clean_line(text: &str) -> bool {
    // One pass over the ASCII start (all of most text); the characters from the first
    // other byte on, one at a time.
    let printable = |b: u8| (0x20..0x7f).contains(&b);
    let bytes = text.as_bytes();
    // Sixteen bytes at a time, without a branch inside (the compiler makes it vector code).
    let mut ascii = 0;
    for chunk in bytes.chunks_exact(16) {
        if !chunk.iter().fold(true, |all, &b| all & printable(b)) {
            break;
        }
        ascii += 16;
    }
    ascii += bytes[ascii..]
        .iter()
        .position(|&b| !printable(b))
        .unwrap_or(bytes.len() - ascii);
    let rest = &text[ascii..];
    if rest.bytes().next().is_some_and(|b| b.is_ascii()) {
        return false;
    }
    !rest.chars().any(|c| c == '\t' || is_unsafe(c))
}

/// True for C0/C1 controls, DEL, and the Unicode bidirectional controls that can reorder
/// what a reader sees (the "Trojan Source" characters).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Splits free text (an agenda's background) into the lines a reader should see: lines
/// wrapped in the source are joined, while blank lines and lines that start a list item
/// ("- ", "* ", "• ", "1. ") begin a new one.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            open = false;
            continue;
        }
        let starts_item = line.starts_with("- ")
            || line.starts_with("* ")
            || line.starts_with("• ")
            || line.split_once(['.', ')']).is_some_and(|(n, rest)| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && rest.starts_with(' ')
            });
        match out.last_mut() {
            Some(last) if open && !starts_item => {
                last.push(' ');
                last.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
        open = true;
    }
    out
}

/// Optimal-string-alignment edit distance (a transposition counts as one edit), in
/// characters: how far a misspelt agenda key or command is from a known one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// A block of multi-line free text (an item's background) with its line breaks kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph: its lines, each to be shown on a line of its own.
    Lines(Vec<String>),
    /// A list: each item with its number ("3" for "3." or "3)") or `None` for a bullet.
    List(Vec<(Option<String>, String)>),
}

/// Splits free text into paragraphs (separated by blank lines) and lists (lines starting with
/// "- ", "* ", "• " or "1. "; an indented line right after an item continues it). Every line
/// break the author typed is kept: nothing is joined but a list item's continuation.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut after_blank = true;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            after_blank = true;
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        match (list_item(line), out.last_mut()) {
            (Some(item), Some(Block::List(items))) => items.push(item),
            (Some(item), _) => out.push(Block::List(vec![item])),
            (None, Some(Block::List(items))) if indented && !after_blank => {
                if let Some((_, text)) = items.last_mut() {
                    text.push(' ');
                    text.push_str(line);
                }
            }
            (None, Some(Block::Lines(lines))) if !after_blank => lines.push(line.to_string()),
            (None, _) => out.push(Block::Lines(vec![line.to_string()])),
        }
        after_blank = false;
    }
    out
}

/// `line` (trimmed) as a list item: ("- x" -> (None, "x"), "2. x" -> (Some("2"), "x")).
fn list_item(line: &str) -> Option<(Option<String>, String)> {
    for bullet in ["- ", "* ", "• "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((None, rest.trim().to_string()));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    let text = rest
        .strip_prefix(". ")
        .or_else(|| rest.strip_prefix(") "))?;
    // CommonMark reads at most nine digits as a list number.
    (1..=9)
        .contains(&digits)
        .then(|| (Some(line[..digits].to_string()), text.trim().to_string()))
}

/// The lines to show for free text on screen: each line as typed (trimmed), list items with
/// a bullet or their number, one empty line between blocks.
pub fn display_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, block) in blocks(text).into_iter().enumerate() {
        if n > 0 {
            out.push(String::new());
        }
        match block {
            Block::Lines(lines) => out.extend(lines),
            Block::List(items) => out.extend(items.into_iter().map(|(num, text)| match num {
                Some(num) => format!("{num}. {text}"),
                None => format!("• {text}"),
            })),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_line_breaks_paragraphs_and_lists() {
        let text = "Line one\nline two\n\nSecond para.\n- item one\n- item two\n  continues\n2. numbered\nafter the list\n\n\n+ plus is text";
        assert_eq!(
            blocks(text),
            vec![
                Block::Lines(vec!["Line one".into(), "line two".into()]),
                Block::Lines(vec!["Second para.".into()]),
                Block::List(vec![
                    (None, "item one".into()),
                    (None, "item two continues".into()),
                    (Some("2".into()), "numbered".into()),
                ]),
                Block::Lines(vec!["after the list".into()]),
                Block::Lines(vec!["+ plus is text".into()]),
            ]
        );
        assert_eq!(
            display_lines("a\nb\n\n* x\n10) y"),
            vec!["a", "b", "", "• x", "10. y"]
        );
        assert_eq!(
            blocks("1234567890. long")[0],
            Block::Lines(vec!["1234567890. long".into()])
        );
    }

    #[test]
    fn paragraphs_join_wrapped_lines_but_keep_lists() {
        let text = "One long sentence\nwrapped here.\n\nSecond para.\n- item one\n- item two\n  continues\n2. numbered";
        assert_eq!(
            paragraphs(text),
            vec![
                "One long sentence wrapped here.",
                "Second para.",
                "- item one",
                "- item two continues",
                "2. numbered"
            ]
        );
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb", false), "a\u{FFFD}[2Jb");
        assert_eq!(sanitize("x\u{202E}y", false), "x\u{FFFD}y");
        assert_eq!(sanitize("a\tb", false), "a b");
        assert_eq!(sanitize("a\r\nb", true), "a\nb");
        assert_eq!(clean_line("a\nb"), "a b");
        assert_eq!(sanitize("\u{9b}31m", false), "\u{FFFD}31m");
    }

    #[test]
    fn clean_lines_are_told_as_one_character_at_a_time_would() {
        let reference = |text: &str| !text.chars().any(|c| c == '\t' || is_unsafe(c));
        let pieces = [
            "a", " ", "~", "\t", "\n", "\r", "\u{7f}", "\u{1b}", "é", "\u{85}", "\u{202E}", "日",
        ];
        for a in pieces {
            for b in pieces {
                for pad in [0, 15, 16, 17, 40] {
                    let text = format!("{}{a}{}{b}", "x".repeat(pad), "y".repeat(pad / 2));
                    assert_eq!(is_clean_line(&text), reference(&text), "{text:?}");
                }
            }
        }
    }
}
