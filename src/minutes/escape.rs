//! Making people's text safe in GitHub-Flavored Markdown: it renders as the text it is, never
//! as a table column, a heading, a list, a link, HTML or a mention.

/// Escapes text for use inside a line of Markdown (a paragraph, list item, heading or table
/// cell). Newlines become spaces; Markdown punctuation is backslash-escaped; `@name` gets a
/// zero-width space after the `@` so that pasting the minutes into GitHub does not notify
/// anybody.
///
/// `&`, `<` and `>` stay themselves (people paste minutes into e-mail) except where GitHub
/// would read them as markup: `&` when it starts an entity (`&name;`, `&#123;`, `&#x1F;`),
/// `<` before a letter, `/`, `!` or `?` (a tag, comment, declaration or autolink: GitHub's
/// tag filter blocks only a few tags, so raw HTML must never pass), and `>` at the start (a
/// block quote).
///
/// The text may be the first thing in a list item (`* {text}`, `1. {owner}: ...`) or a line
/// of its own, where a leading `-`, `+`, `>` or `1.` would open a block and leading spaces an
/// indented code block: leading whitespace is dropped and such a start is escaped too (a
/// backslash before ASCII punctuation is harmless anywhere else in a line).
pub fn escape_inline(text: &str) -> String {
    let text = text.trim_start_matches([' ', '\t', '\n', '\r']);
    let mut out = String::with_capacity(text.len() + 8);
    let bytes = text.as_bytes();
    // Most text is letters, digits, spaces and harmless punctuation: runs of those bytes
    // are copied as they are, and only the rest goes through the rules one character at a
    // time.
    let mut plain_from = 0;
    let mut at = 0;
    let mut prev: Option<char> = None;
    while at < bytes.len() {
        at += plain_run(&bytes[at..]);
        if at == bytes.len() {
            break;
        }
        if plain_from < at {
            out.push_str(&text[plain_from..at]);
            prev = Some(char::from(bytes[at - 1]));
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        plain_from = at;
        escape_char(&mut out, c, &text[at..], prev);
        prev = Some(c);
    }
    out.push_str(&text[plain_from..]);
    escape_block_start(out)
}

/// How many bytes at the start of `bytes` are [`PLAIN`]: sixteen at a time (without a
/// branch inside, so the compiler unrolls it), then one at a time.
fn plain_run(bytes: &[u8]) -> usize {
    let mut run = 0;
    for chunk in bytes.chunks_exact(16) {
        if !chunk
            .iter()
            .fold(true, |all, &b| all & PLAIN[usize::from(b)])
        {
            break;
        }
        run += 16;
    }
    run + bytes[run..]
        .iter()
        .position(|&b| !PLAIN[usize::from(b)])
        .unwrap_or(bytes.len() - run)
}

/// The bytes that stand for themselves anywhere in a line: printable ASCII, and none of the
/// characters [`escape_char`] has a rule for.
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        plain[b] = !matches!(
            b as u8,
            b'&' | b'<'
                | b'>'
                | b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'['
                | b']'
                | b'|'
                | b'#'
                | b'~'
                | b'!'
                | b'$'
                | b'@'
        );
        b += 1;
    }
    plain
};

/// One character of people's text in a line of Markdown (`rest`: the text after it, `prev`:
/// the character before it), as [`escape_inline`] describes.
fn escape_char(out: &mut String, c: char, rest: &str, prev: Option<char>) {
    match c {
        '\n' | '\r' | '\t' => out.push(' '),
        c if crate::text::is_unsafe(c) => out.push('\u{FFFD}'),
        '&' if starts_entity(rest) => out.push_str("&amp;"),
        '<' if rest
            .chars()
            .next()
            .is_some_and(|n| n.is_alphabetic() || matches!(n, '/' | '!' | '?')) =>
        {
            out.push_str("&lt;")
        }
        '>' if out.is_empty() => out.push_str("\\>"),
        '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '$' => {
            out.push('\\');
            out.push(c);
        }
        '@' if !prev.is_some_and(|p| p.is_alphanumeric()) => out.push_str("@\u{200B}"),
        c => out.push(c),
    }
}

/// Whether `&` followed by `rest` is an entity or character reference: a name, `#` and
/// decimal digits, or `#x` and hex digits, then `;`. (Longer runs than HTML allows are
/// escaped too: escaping is never wrong, only noisier.)
fn starts_entity(rest: &str) -> bool {
    let b = rest.as_bytes();
    let (skip, ok): (usize, fn(&u8) -> bool) = match b {
        [b'#', b'x' | b'X', ..] => (2, u8::is_ascii_hexdigit),
        [b'#', ..] => (1, u8::is_ascii_digit),
        [first, ..] if first.is_ascii_alphabetic() => (0, u8::is_ascii_alphanumeric),
        _ => return false,
    };
    let n = b[skip..].iter().take_while(|c| ok(c)).count();
    n > 0 && b.get(skip + n) == Some(&b';')
}

/// Escapes a leading `-`, `+`, `=` (a list, a heading underline) or `1.`/`1)` (an ordered
/// list) of already escaped text.
fn escape_block_start(escaped: String) -> String {
    let mut chars = escaped.chars();
    match chars.next() {
        Some(c @ ('-' | '+' | '=')) => format!("\\{c}{}", chars.as_str()),
        Some(c) if c.is_ascii_digit() => {
            let digits = escaped.chars().take_while(char::is_ascii_digit).count();
            let rest = &escaped[digits..];
            match rest.chars().next() {
                Some(p @ ('.' | ')')) => format!("{}\\{p}{}", &escaped[..digits], &rest[1..]),
                _ => escaped,
            }
        }
        _ => escaped,
    }
}

/// Escapes one line of text that starts a line of its own in the output (background
/// paragraphs): `escape_inline` already makes sure that a leading `-`, `+`, `=`, or `1.`
/// cannot start a list or a heading underline, and that leading spaces cannot start a code
/// block.
pub fn escape_line_start(line: &str) -> String {
    escape_inline(line)
}

/// A URL fit for a Markdown link destination, or `None` when its scheme is not one a reader
/// can safely click (only http, https and mailto are made into links).
pub fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"];
    if !allowed.iter().any(|s| lower.starts_with(s)) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            c if c.is_control() || crate::text::is_unsafe(c) => {}
            ' ' | '<' | '>' | '(' | ')' | '"' | '`' | '|' | '\\' | '[' | ']' | '*' | '_' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// A link as Markdown: `[text](url)` when the address is safe to link, else the text and
/// the address as plain text.
pub fn link(url: &str, text: Option<&str>) -> String {
    match (safe_url(url), text) {
        (Some(dest), Some(t)) => format!("[{}]({dest})", escape_inline(t)),
        (Some(dest), None) => format!("[{}]({dest})", escape_inline(url)),
        (None, Some(t)) => format!("{} ({})", escape_inline(t), escape_inline(url)),
        (None, None) => escape_inline(url),
    }
}

/// What follows a private entry's text in Markdown.
pub fn private_mark(private: bool) -> &'static str {
    if private {
        " *(private)*"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_html_breakers_are_neutralised() {
        assert_eq!(escape_inline("a|b"), "a\\|b");
        assert_eq!(escape_inline("<script>"), "&lt;script>");
        assert_eq!(escape_inline("a</b>"), "a&lt;/b>");
        assert_eq!(escape_inline("<!-- x -->"), "&lt;\\!-- x -->");
        assert_eq!(escape_inline("<?php"), "&lt;?php");
        assert_eq!(escape_inline("<https://x.org>"), "&lt;https://x.org>");
        assert_eq!(escape_inline("x\ny"), "x y");
        assert_eq!(escape_inline("*bold* _it_"), "\\*bold\\* \\_it\\_");
        assert_eq!(escape_inline("\u{1b}[2J"), "\u{FFFD}\\[2J");
    }

    #[test]
    fn harmless_ampersands_and_angle_brackets_stay_themselves() {
        assert_eq!(escape_inline("R&D -> done"), "R&D -> done");
        assert_eq!(escape_inline("a < b > c && d"), "a < b > c && d");
        assert_eq!(escape_inline("<3 and <= 4, <-"), "<3 and <= 4, <-");
        assert_eq!(escape_inline("AT&T, x & y;"), "AT&T, x & y;");
        // Looks like an entity: escaped, which is never wrong.
        assert_eq!(escape_inline("AT&T;"), "AT&amp;T;");
    }

    #[test]
    fn ampersands_that_start_an_entity_are_escaped() {
        assert_eq!(escape_inline("&amp; &lt;"), "&amp;amp; &amp;lt;");
        assert_eq!(
            escape_inline("&#60; &#x3C; &#X3c;"),
            "&amp;\\#60; &amp;\\#x3C; &amp;\\#X3c;"
        );
        assert_eq!(
            escape_inline("& amp; &#; &#x; &1;"),
            "& amp; &\\#; &\\#x; &1;"
        );
    }

    #[test]
    fn a_leading_angle_bracket_cannot_open_a_block_quote() {
        assert_eq!(escape_inline("> quoted"), "\\> quoted");
        assert_eq!(escape_inline("  > quoted"), "\\> quoted");
        assert_eq!(escape_inline("a > b"), "a > b");
    }

    #[test]
    fn mentions_do_not_notify_but_emails_stay() {
        assert_eq!(escape_inline("ask @octocat"), "ask @\u{200B}octocat");
        assert_eq!(
            escape_inline("sc@lists.example.org"),
            "sc@lists.example.org"
        );
    }

    #[test]
    fn line_starts_cannot_open_blocks() {
        assert_eq!(escape_line_start("- item"), "\\- item");
        assert_eq!(escape_line_start("1. first"), "1\\. first");
        assert_eq!(escape_line_start("    code"), "code");
        assert_eq!(escape_line_start("# head"), "\\# head");
    }

    #[test]
    fn text_at_the_start_of_a_list_item_cannot_open_a_block() {
        assert_eq!(escape_inline("- nested"), "\\- nested");
        assert_eq!(escape_inline("+ nested"), "\\+ nested");
        assert_eq!(escape_inline("2026. year"), "2026\\. year");
        assert_eq!(escape_inline("3) third"), "3\\) third");
        assert_eq!(escape_inline("     code"), "code");
        assert_eq!(escape_inline("a - b 1. c"), "a - b 1. c");
        assert_eq!(escape_inline("42 is fine"), "42 is fine");
    }

    #[test]
    fn only_safe_schemes_become_links() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("JaVaScRiPt:alert(1)"), None);
        assert_eq!(
            safe_url("https://example.org/a b(c)").as_deref(),
            Some("https://example.org/a%20b%28c%29")
        );
    }

    /// The rules one character at a time, as `escape_inline` applied them before it copied
    /// runs of plain bytes whole: the two must agree on every text.
    fn escape_char_by_char(text: &str) -> String {
        let text = text.trim_start_matches([' ', '\t', '\n', '\r']);
        let mut out = String::new();
        let mut prev = None;
        for (i, c) in text.char_indices() {
            escape_char(&mut out, c, &text[i + c.len_utf8()..], prev);
            prev = Some(c);
        }
        escape_block_start(out)
    }

    #[test]
    fn copying_plain_runs_whole_changes_nothing() {
        let pieces = [
            "a", "Z", "9", " ", ".", ",", "-", "+", "=", ">", "<", "<b", "</", "&", "&amp;",
            "&#12;", "@", "x@", "é@", "@é", "\t", "\n", "\r", "\u{7}", "\u{202E}", "\u{85}", "*",
            "_", "`", "|", "#", "~", "!", "$", "[", "]", "\\", "1.", "2)", "é", "日本", "👍🏽",
            "e\u{301}", "(", "?", "/", "\"", "'", "%", "^", "{", "}", ";", ":",
        ];
        let mut texts = vec![String::new()];
        for a in pieces {
            texts.push(a.to_string());
            for b in pieces {
                texts.push(format!("{a}{b}"));
                // Past the sixteen bytes read at once, and across them.
                texts.push(format!("{}{a}{b}{}", "p".repeat(17), "q".repeat(33)));
                texts.push(format!("{}{a}{}{b}", "p".repeat(15), "q".repeat(16)));
                for c in ["x", "@", "> ", " 1. ", "&x;", "é"] {
                    texts.push(format!("{c}{a}{b}{c}"));
                    texts.push(format!("{a}{c}{b}"));
                }
            }
        }
        texts.push("Note 12 with some words to make it a realistic line of minutes".into());
        for t in &texts {
            assert_eq!(escape_inline(t), escape_char_by_char(t), "{t:?}");
        }
    }
}
