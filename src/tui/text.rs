//! Small text helpers shared by the view and the panes (cutting to a width, clock times,
//! terminal-safe text, list scrolling): kept apart so that panes never import the view.

use std::borrow::Cow;

/// The first row shown of a list of `len` rows in `height` rows, keeping `selected` visible
/// (and centred once the list scrolls).
pub fn list_offset(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

/// The first row shown of a list that starts at its top and scrolls only as far as keeps
/// `selected` on its last row (the roster: opened, it shows its first names).
pub fn list_offset_from_top(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    (selected + 1).saturating_sub(height).min(len - height)
}

/// Text from people, made safe for the terminal even if it came from a tampered journal.
/// Borrowed when it is clean already, as nearly all text is.
pub fn safe(text: &str) -> Cow<'_, str> {
    if crate::text::is_clean_line(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(crate::text::clean_line(text))
    }
}

/// A time used or left, as every clock on screen writes it: "12m05s", "0m59s"; negative
/// shows as "-0m30s". Never "12:05", which reads as a time of day (or as hours and minutes).
pub fn min_sec(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.abs();
    format!("{sign}{}m{:02}s", s / 60, s % 60)
}

/// A planned length, with the same units: "20m" when whole minutes, else as [`min_sec`].
pub fn minutes(secs: i64) -> String {
    if secs % 60 == 0 {
        format!("{}m", secs / 60)
    } else {
        min_sec(secs)
    }
}

/// Cuts `text` to at most `width` display columns, with an ellipsis when cut.
pub fn fit(text: &str, width: usize) -> String {
    fit_owned(text.to_owned(), width)
}

/// `fit` for text already in a `String` of its own: ASCII is cut in place.
fn fit_owned(mut text: String, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.is_ascii() {
        if text.len() > width {
            text.truncate(width.saturating_sub(1));
            if width > 0 {
                text.push('…');
            }
        }
        return text;
    }
    if text.width() <= width {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_keep_the_selection_visible() {
        assert_eq!(list_offset(0, 10, 5), 0);
        assert_eq!(list_offset(50, 10, 200), 45);
        assert_eq!(list_offset(199, 10, 200), 190);
        assert_eq!(list_offset_from_top(6, 10, 22), 0);
        assert_eq!(list_offset_from_top(9, 10, 22), 0);
        assert_eq!(list_offset_from_top(10, 10, 22), 1);
        assert_eq!(list_offset_from_top(21, 10, 22), 12);
    }

    #[test]
    fn fitting_uses_display_width() {
        assert_eq!(fit("名前名前", 5), "名前…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abcdef", 6), "abcdef");
        assert_eq!(fit("abcdef", 0), "");
        for (text, width) in [("abcdef", 4), ("abcdef", 6), ("abcdef", 0), ("名前名前", 5)] {
            assert_eq!(fit_owned(text.to_string(), width), fit(text, width));
        }
        assert_eq!(min_sec(605), "10m05s");
        assert_eq!(min_sec(59), "0m59s");
        assert_eq!(min_sec(-30), "-0m30s");
        assert_eq!(minutes(3600), "60m");
        assert_eq!(minutes(90), "1m30s");
    }
}
