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
    sanitize(&text.replace("\r\n", " ").replace(['\n', '\r'], " "), false)
}

/// True for C0/C1 controls, DEL, and the Unicode bidirectional controls that can reorder
/// what a reader sees (the "Trojan Source" characters).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb", false), "a\u{FFFD}[2Jb");
        assert_eq!(sanitize("x\u{202E}y", false), "x\u{FFFD}y");
        assert_eq!(sanitize("a\tb", false), "a b");
        assert_eq!(sanitize("a\r\nb", true), "a\nb");
        assert_eq!(clean_line("a\nb"), "a b");
        assert_eq!(sanitize("\u{9b}31m", false), "\u{FFFD}31m");
    }
}
