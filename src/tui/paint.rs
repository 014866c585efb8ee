//! Writing text into the frame's buffer, and wrapping it by words.
//!
//! ratatui's `Buffer::set_stringn` splits every string into grapheme clusters and measures
//! each one, and its `Paragraph` wraps a line once to count its rows and again to draw it.
//! On a full 200x60 screen that was most of a frame's cost. Nearly all text in a meeting is
//! printable ASCII, where one byte is one cell of width one, so that is written straight into
//! the cells; only the stretches around non-ASCII characters are segmented into clusters and
//! measured the way ratatui measures them. Wrapping counts and draws with the same function,
//! so the rows a pane reserves are the rows it draws.

use ratatui::buffer::{Buffer, Cell, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use unicode_segmentation::UnicodeSegmentation;

/// True when every byte is a printable ASCII character: one cell each, nothing to segment.
fn printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// The cells a grapheme cluster takes, as ratatui counts them; control characters take none.
fn cluster_width(cluster: &str) -> usize {
    if cluster.contains(char::is_control) {
        0
    } else {
        usize::from(cluster.cell_width())
    }
}

/// The columns `text` takes on screen, as ratatui draws it.
pub fn width(text: &str) -> usize {
    if printable_ascii(text) {
        text.len()
    } else {
        text.graphemes(true).map(cluster_width).sum()
    }
}

/// Writes `text` at (`x`, `y`) in `style`, in at most `max_width` columns and never past the
/// buffer's edge; returns the columns written. A character that would not fit whole is left
/// out and ends the text, as in ratatui.
pub fn put_str(buf: &mut Buffer, x: u16, y: u16, text: &str, style: Style, max_width: u16) -> u16 {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x < area.left() || x >= area.right() {
        return 0;
    }
    let room = usize::from(area.right().saturating_sub(x).min(max_width));
    let start = buf.index_of(x, y);
    let cells = &mut buf.content[start..start + room];
    let used = if text.is_ascii() {
        put_ascii(cells, text.as_bytes(), style)
    } else {
        put_mixed(cells, text, style)
    };
    used as u16
}

/// ASCII text: a byte is a cell, and a control character takes none.
fn put_ascii(cells: &mut [Cell], bytes: &[u8], style: Style) -> usize {
    let mut used = 0;
    for &byte in bytes.iter().filter(|b| !b.is_ascii_control()) {
        let Some(cell) = cells.get_mut(used) else {
            break;
        };
        cell.set_char(char::from(byte)).set_style(style);
        used += 1;
    }
    used
}

/// Text with some non-ASCII characters. Between two ASCII characters there is always a
/// cluster boundary (but for CR LF, which is a control and takes no cell either way), so
/// the ASCII stretches are written as plain ASCII and only the stretches around non-ASCII
/// characters are segmented into clusters.
fn put_mixed(cells: &mut [Cell], text: &str, style: Style) -> usize {
    let bytes = text.as_bytes();
    let mut used = 0;
    let mut start = 0;
    while start < bytes.len() {
        let next_wide = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii())
            .map_or(bytes.len(), |p| start + p);
        // The ASCII character just before a non-ASCII one may share its cluster (an accent).
        let plain_end = if next_wide == bytes.len() {
            next_wide
        } else {
            next_wide.saturating_sub(1).max(start)
        };
        let plain = &bytes[start..plain_end];
        let wanted = plain.iter().filter(|b| !b.is_ascii_control()).count();
        let written = put_ascii(&mut cells[used..], plain, style);
        used += written;
        if written < wanted || plain_end == bytes.len() {
            return used;
        }
        let mut end = next_wide + 1;
        while end < bytes.len() && !(bytes[end - 1].is_ascii() && bytes[end].is_ascii()) {
            end += 1;
        }
        for cluster in text[plain_end..end].graphemes(true) {
            let w = cluster_width(cluster);
            if w == 0 {
                continue;
            }
            if used + w > cells.len() {
                return used;
            }
            cells[used].set_symbol(cluster).set_style(style);
            for hidden in &mut cells[used + 1..used + w] {
                hidden.reset();
            }
            used += w;
        }
        start = end;
    }
    used
}

/// Writes a line's spans one after the other from (`x`, `y`), in at most `max_width`
/// columns; returns the columns written.
pub fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line, max_width: u16) -> u16 {
    let mut used = 0;
    for span in &line.spans {
        if used >= max_width {
            break;
        }
        let style = line.style.patch(span.style);
        used += put_str(buf, x + used, y, &span.content, style, max_width - used);
    }
    used
}

/// Draws a box with plain borders around `area` and `title` on its top border, both in
/// `style`, and returns the area inside. The same cells as ratatui's
/// `Block::bordered().title(title).border_style(style)`, without its pass that restyles
/// every cell of the area with an empty style.
pub fn bordered(buf: &mut Buffer, area: Rect, title: &str, style: Style) -> Rect {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return area;
    }
    let inside = inside(area);
    let (left, right) = (area.left(), area.right() - 1);
    let (top, bottom) = (area.top(), area.bottom() - 1);
    for x in left..=right {
        buf[(x, top)].set_symbol("─").set_style(style);
        buf[(x, bottom)].set_symbol("─").set_style(style);
    }
    for y in top..=bottom {
        buf[(left, y)].set_symbol("│").set_style(style);
        buf[(right, y)].set_symbol("│").set_style(style);
    }
    buf[(right, bottom)].set_symbol("┘");
    buf[(left, bottom)].set_symbol("└");
    buf[(right, top)].set_symbol("┐");
    buf[(left, top)].set_symbol("┌");
    if area.width > 2 {
        put_str(buf, left + 1, top, title, style, area.width - 2);
    }
    inside
}

/// [`bordered`] for a pane: a title too long for the top border is cut with an ellipsis
/// (keeping its closing space), so a cut title never reads as a whole one.
pub fn titled(buf: &mut Buffer, area: Rect, title: &str, style: Style) -> Rect {
    let room = area.width.saturating_sub(2) as usize;
    let width = unicode_width::UnicodeWidthStr::width;
    if width(title.trim_end()) <= room || room < 3 {
        return bordered(buf, area, title, style);
    }
    let cut = super::text::fit(title.trim_end(), room - 1);
    bordered(buf, area, &format!("{cut} "), style)
}

/// The inside of a box drawn by `bordered` around `area` (already within the buffer).
pub fn inside(area: Rect) -> Rect {
    if area.is_empty() {
        return area;
    }
    Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

/// Blanks the cells of `area`, as at the start of a frame.
pub fn clear(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    for y in area.top()..area.bottom() {
        let start = buf.index_of(area.x, y);
        for cell in &mut buf.content[start..start + usize::from(area.width)] {
            cell.reset();
        }
    }
}

/// Redraws, over the last frame, the lines of `now` that differ from `before` where they
/// were drawn by `draw_wrapped(buf, area, …)` from the top of `area`, and returns the rows
/// redrawn; None when a line's height changed, which moves what follows.
pub fn redraw_changed(
    buf: &mut Buffer,
    area: Rect,
    before: &[Line],
    now: &[Line],
) -> Option<Vec<Rect>> {
    if before.len() != now.len() {
        return None;
    }
    if area.is_empty() {
        return Some(Vec::new());
    }
    let mut redrawn = Vec::new();
    let mut top = 0;
    for (old, new) in before.iter().zip(now) {
        let taken = rows(new, area.width);
        if rows(old, area.width) != taken {
            return None;
        }
        let shown = taken.min(usize::from(area.height).saturating_sub(top));
        if old != new && shown > 0 {
            let rect = Rect::new(area.x, area.y + top as u16, area.width, shown as u16);
            clear(buf, rect);
            draw_wrapped(buf, rect, std::slice::from_ref(new), None);
            redrawn.push(rect);
        }
        top += taken;
    }
    Some(redrawn)
}

/// A run of text inside one span that is either all spaces or has no space at all.
struct Piece<'a> {
    text: &'a str,
    style: Style,
    width: usize,
}

/// Where a line may break: spaces, and the ideographic space of CJK text.
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

impl Piece<'_> {
    fn is_blank(&self) -> bool {
        self.text.starts_with(is_blank)
    }
}

/// Splits a line into pieces at every change between spaces and other characters.
fn pieces<'a>(line: &'a Line) -> impl Iterator<Item = Piece<'a>> {
    line.spans.iter().flat_map(move |span| {
        let style = line.style.patch(span.style);
        let text: &str = &span.content;
        let mut rest = text;
        std::iter::from_fn(move || {
            let blank = is_blank(rest.chars().next()?);
            let end = rest
                .find(|c: char| is_blank(c) != blank)
                .unwrap_or(rest.len());
            let (piece, tail) = rest.split_at(end);
            rest = tail;
            Some(Piece {
                text: piece,
                style,
                width: width(piece),
            })
        })
    })
}

/// Where the next piece of a wrapped line goes.
struct Cursor {
    width: usize,
    row: usize,
    col: usize,
    /// The row is full: the next word starts a new one, and spaces before it are dropped.
    wrap_pending: bool,
}

impl Cursor {
    fn new_row(&mut self) {
        self.row += 1;
        self.col = 0;
        self.wrap_pending = false;
    }

    /// Places a word (pieces without spaces) whole on this row or the next; a word longer
    /// than a row continues from here and is cut wherever a row ends.
    fn place_word(&mut self, word: &[Piece], emit: &mut impl FnMut(usize, usize, &str, Style)) {
        let total: usize = word.iter().map(|p| p.width).sum();
        if total == 0 {
            return;
        }
        if self.wrap_pending
            || (self.col > 0 && self.col + total > self.width && total <= self.width)
        {
            self.new_row();
        }
        if self.col + total <= self.width {
            for piece in word {
                emit(self.row, self.col, piece.text, piece.style);
                self.col += piece.width;
            }
            return;
        }
        for piece in word {
            self.place_cut(piece, emit);
        }
    }

    /// Places a piece cluster by cluster, starting a new row whenever the next does not fit.
    fn place_cut(&mut self, piece: &Piece, emit: &mut impl FnMut(usize, usize, &str, Style)) {
        let mut start = 0;
        let mut run_col = self.col;
        for (at, cluster) in piece.text.grapheme_indices(true) {
            let w = width(cluster);
            if self.col + w > self.width && self.col > 0 {
                if start < at {
                    emit(self.row, run_col, &piece.text[start..at], piece.style);
                }
                self.new_row();
                start = at;
                run_col = 0;
            }
            self.col += w;
        }
        emit(self.row, run_col, &piece.text[start..], piece.style);
    }

    fn place_spaces(&mut self, piece: &Piece, emit: &mut impl FnMut(usize, usize, &str, Style)) {
        if self.wrap_pending {
            return;
        }
        if self.col + piece.width <= self.width {
            emit(self.row, self.col, piece.text, piece.style);
            self.col += piece.width;
        } else {
            self.wrap_pending = true;
        }
    }
}

/// Wraps `line` by words into rows of `width` columns, calling `emit(row, col, text, style)`
/// for every run of text placed, and returns the number of rows (at least one).
pub fn wrap(line: &Line, width: u16, mut emit: impl FnMut(usize, usize, &str, Style)) -> usize {
    let mut cursor = Cursor {
        width: usize::from(width.max(1)),
        row: 0,
        col: 0,
        wrap_pending: false,
    };
    let mut word: Vec<Piece> = Vec::new();
    for piece in pieces(line) {
        if piece.is_blank() {
            cursor.place_word(&word, &mut emit);
            word.clear();
            cursor.place_spaces(&piece, &mut emit);
        } else {
            word.push(piece);
        }
    }
    cursor.place_word(&word, &mut emit);
    cursor.row + 1
}

/// The rows `line` takes when wrapped to `width` columns.
pub fn rows(line: &Line, width: u16) -> usize {
    wrap(line, width, |_, _, _, _| {})
}

/// Writes `texts` one after the other in `style`, in at most `max_width` columns; when they
/// do not fit, they are cut one column short and end in an ellipsis (as `text::fit` cuts).
/// Returns the columns written. Nothing is built: the texts are written where they lie.
pub fn put_fit(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    texts: &[&str],
    style: Style,
    max_width: u16,
) -> u16 {
    let total: usize = texts.iter().map(|t| width(t)).sum();
    let cut = total > usize::from(max_width);
    let room = if cut {
        max_width.saturating_sub(1)
    } else {
        max_width
    };
    let mut used = 0;
    for text in texts {
        let wanted = width(text) as u16;
        let written = put_str(buf, x + used, y, text, style, room - used);
        used += written;
        if written < wanted {
            break;
        }
    }
    if cut && max_width > 0 {
        used += put_str(buf, x + used, y, "…", style, 1);
    }
    used
}

/// One row of a list: text written from the left edge, and a part against the right edge
/// that is written first, so the left part knows how much room it has.
pub struct Row<'b> {
    buf: &'b mut Buffer,
    y: u16,
    left: u16,
    /// Where the right part begins: the left part stops here.
    right: u16,
}

impl<'b> Row<'b> {
    /// A row of `area` (its `index`-th) whose right part is `right`.
    pub fn new(buf: &'b mut Buffer, area: Rect, index: u16, right: &[(&str, Style)]) -> Row<'b> {
        let y = area.y + index;
        let right_width = right.iter().map(|(t, _)| width(t)).sum::<usize>();
        let right_width = u16::try_from(right_width)
            .unwrap_or(u16::MAX)
            .min(area.width);
        let mut x = area.right() - right_width;
        for (text, style) in right {
            x += put_str(buf, x, y, text, *style, area.right() - x);
        }
        Row {
            buf,
            y,
            left: area.x,
            right: area.right() - right_width,
        }
    }

    /// The columns left between the text so far and the right part.
    pub fn room(&self) -> u16 {
        self.right - self.left
    }

    /// Writes `text` next on the left.
    pub fn text(&mut self, text: &str, style: Style) {
        self.left += put_str(self.buf, self.left, self.y, text, style, self.room());
    }

    /// Writes `texts` next on the left, cut with an ellipsis to at most `max_width` columns.
    pub fn fitted(&mut self, texts: &[&str], style: Style, max_width: u16) {
        let max_width = max_width.min(self.room());
        self.left += put_fit(self.buf, self.left, self.y, texts, style, max_width);
    }
}

/// Draws lines one to a row from the top of `area`, each cut at its width.
pub fn put_lines(buf: &mut Buffer, area: Rect, lines: &[Line]) {
    for (row, line) in lines.iter().enumerate().take(usize::from(area.height)) {
        put_line(buf, area.x, area.y + row as u16, line, area.width);
    }
}

/// Draws `lines` wrapped by words into `area`, top to bottom, cutting what does not fit.
/// `highlight`: the index of a line (a selected entry) whose rows take a style across the
/// whole width, over its text.
pub fn draw_wrapped(
    buf: &mut Buffer,
    area: Rect,
    lines: &[Line],
    highlight: Option<(usize, Style)>,
) {
    if area.is_empty() {
        return;
    }
    let height = usize::from(area.height);
    let mut top = 0;
    for (index, line) in lines.iter().enumerate() {
        if top >= height {
            break;
        }
        let taken = wrap(line, area.width, |row, col, text, style| {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            if top + row < height && col < area.width {
                let (x, y) = (area.x + col, area.y + (top + row) as u16);
                put_str(buf, x, y, text, style, area.width - col);
            }
        });
        if let Some((_, style)) = highlight.filter(|(i, _)| *i == index) {
            let shown = taken.min(height - top) as u16;
            let rows = Rect::new(area.x, area.y + top as u16, area.width, shown);
            buf.set_style(rows, style);
        }
        top += taken;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Stylize};
    use ratatui::text::Span;

    fn rows_of(line: &Line, width: u16) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        wrap(line, width, |row, col, text, _| {
            if out.len() <= row {
                out.resize(row + 1, String::new());
            }
            let r = &mut out[row];
            while super::width(r) < col {
                r.push('.');
            }
            r.push_str(text);
        });
        out
    }

    fn screen(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect()
    }

    #[test]
    fn ascii_is_written_cell_by_cell_and_clipped() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        let red = Style::new().fg(Color::Red);
        assert_eq!(put_str(&mut buf, 2, 0, "abcdefgh", red, 10), 6);
        assert_eq!(screen(&buf), vec!["  abcdef"]);
        assert_eq!(buf[(2, 0)].fg, Color::Red);
        assert_eq!(put_str(&mut buf, 8, 0, "x", red, 3), 0);
        assert_eq!(put_str(&mut buf, 0, 5, "x", red, 3), 0);
    }

    #[test]
    fn wide_characters_are_written_and_measured_as_ratatui_does() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        // A wide character that would straddle the edge is left out whole.
        assert_eq!(put_str(&mut buf, 0, 0, "名前名", Style::new(), 5), 4);
        assert_eq!(width("名前"), 4);
        assert_eq!(width("e\u{301}"), 1);
        let mut expected = Buffer::empty(Rect::new(0, 0, 6, 1));
        expected.set_stringn(0, 0, "名前名", 5, Style::new());
        assert_eq!(buf, expected);
    }

    /// What ratatui itself writes, for comparison.
    fn ratatui_writes(text: &str, width: u16, max: u16) -> (Buffer, u16) {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
        let (end, _) = buf.set_stringn(1, 0, text, usize::from(max), Style::new().red());
        (buf, end - 1)
    }

    fn we_write(text: &str, width: u16, max: u16) -> (Buffer, u16) {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
        let used = put_str(&mut buf, 1, 0, text, Style::new().red(), max);
        (buf, used)
    }

    #[test]
    fn mixed_text_is_written_exactly_as_ratatui_writes_it() {
        let texts = [
            "e\u{301}x and cafe\u{301}",
            "a\u{200b}b @\u{200b}name",
            "名前abc 名",
            "👩\u{200d}💻 dev 🇫🇷!",
            "ﾊﾞｶ half",
            "\r\nab\tc\u{7f}d",
            "x\u{600}y · ✓ » …",
            "Zoë — Ünïcödé ▶ ██░░",
        ];
        for text in texts {
            for max in 0..14 {
                assert_eq!(
                    we_write(text, 16, max),
                    ratatui_writes(text, 16, max),
                    "{text:?} in {max} columns"
                );
            }
            assert_eq!(width(text), usize::from(ratatui_writes(text, 200, 199).1));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_written_as_ratatui_writes_it(
            text in "[a-z ·é\u{301}\u{200d}\u{200b}名👩\u{1F1EB}\u{1F1F7}\u{600}\r\n\t]{0,20}",
            max in 0u16..24,
        ) {
            proptest::prop_assert_eq!(we_write(&text, 20, max), ratatui_writes(&text, 20, max));
        }
    }

    #[test]
    fn a_box_is_what_ratatui_draws() {
        use ratatui::widgets::{Block, Widget};
        let style = Style::new().fg(Color::DarkGray);
        for (w, h, title) in [
            (20, 5, " Agenda 3/12 "),
            (6, 3, " a long title "),
            (2, 2, "x"),
            (1, 1, ""),
        ] {
            let area = Rect::new(1, 1, w, h);
            let mut ours = Buffer::empty(Rect::new(0, 0, 24, 8));
            let inner = bordered(&mut ours, area, title, style);
            let mut theirs = Buffer::empty(Rect::new(0, 0, 24, 8));
            let block = Block::bordered().title(title).border_style(style);
            assert_eq!(inner, block.inner(area), "{w}x{h}");
            block.render(area, &mut theirs);
            assert_eq!(ours, theirs, "{w}x{h} {title:?}");
        }
    }

    #[test]
    fn fitted_text_is_cut_as_fit_cuts_it() {
        use crate::tui::text::fit;
        let parts = ["Agenda item 7", " (", "Zoë Müller", ")"];
        for max in 0..30 {
            let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
            let used = put_fit(&mut buf, 0, 0, &parts, Style::new(), max);
            let expected = fit(&parts.concat(), usize::from(max));
            assert_eq!(screen(&buf)[0].trim_end(), expected, "{max} columns");
            assert_eq!(usize::from(used), width(&expected));
        }
    }

    #[test]
    fn a_row_puts_its_right_part_against_the_edge() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 2));
        let area = Rect::new(2, 0, 16, 2);
        let mut row = Row::new(
            &mut buf,
            area,
            1,
            &[("██", Style::new()), (" 3/5m", Style::new())],
        );
        assert_eq!(row.room(), 9);
        row.text("· ", Style::new());
        row.fitted(&["a long title"], Style::new(), 20);
        assert_eq!(screen(&buf)[1], "  · a long…██ 3/5m  ");
    }

    #[test]
    fn a_line_keeps_each_span_style() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        let line = Line::from(vec![Span::raw("ab").red(), Span::raw("cd").blue()]);
        assert_eq!(put_line(&mut buf, 0, 0, &line, 3), 3);
        assert_eq!(screen(&buf), vec!["abc       "]);
        assert_eq!(buf[(1, 0)].fg, Color::Red);
        assert_eq!(buf[(2, 0)].fg, Color::Blue);
    }

    #[test]
    fn words_move_whole_to_the_next_row() {
        let line = Line::from("the quick brown fox");
        assert_eq!(rows_of(&line, 10), vec!["the quick ", "brown fox"]);
        assert_eq!(rows(&line, 10), 2);
        assert_eq!(rows(&line, 19), 1);
        assert_eq!(rows(&Line::default(), 5), 1);
    }

    #[test]
    fn spaces_at_a_row_end_do_not_open_an_empty_row() {
        assert_eq!(rows(&Line::from("abcde "), 5), 1);
        assert_eq!(rows_of(&Line::from("abcde   fg"), 5), vec!["abcde", "fg"]);
    }

    #[test]
    fn a_word_longer_than_a_row_is_cut() {
        let line = Line::from("see https://example.org/a/very/long/path");
        assert_eq!(
            rows_of(&line, 12),
            vec!["see https://", "example.org/", "a/very/long/", "path"]
        );
    }

    #[test]
    fn words_across_spans_stay_together() {
        let line = Line::from(vec![
            Span::raw("12:00 "),
            Span::raw("AB").red(),
            Span::raw("CD"),
        ]);
        assert_eq!(rows_of(&line, 8), vec!["12:00 ", "ABCD"]);
    }

    #[test]
    fn ideographic_spaces_are_break_points() {
        assert_eq!(
            rows_of(&Line::from("名前\u{3000}名前"), 4),
            vec!["名前", "名前"]
        );
    }

    #[test]
    fn wide_characters_wrap_by_their_width() {
        let line = Line::from("名前 名前名前");
        assert_eq!(rows_of(&line, 5), vec!["名前 ", "名前", "名前"]);
    }

    #[test]
    fn drawing_wrapped_lines_stops_at_the_bottom() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 3));
        let styled = Line::from("hi").style(Style::new().fg(Color::Red));
        let lines = [styled, Line::from("one two three four")];
        let area = buf.area;
        draw_wrapped(
            &mut buf,
            area,
            &lines,
            Some((1, Style::new().bg(Color::Blue))),
        );
        assert_eq!(screen(&buf), vec!["hi    ", "one   ", "two   "]);
        assert_eq!(buf[(5, 1)].bg, Color::Blue);
        assert_eq!(buf[(5, 2)].bg, Color::Blue);
        // A line's own style stays on its text.
        assert_eq!(buf[(1, 0)].fg, Color::Red);
        assert_eq!(buf[(5, 0)].fg, Color::Reset);
        assert_eq!(buf[(5, 0)].bg, Color::Reset);
        // Nothing is drawn into an empty area, and a character wider than the area is left out.
        draw_wrapped(&mut buf, Rect::new(0, 0, 0, 3), &lines, None);
        let mut narrow = Buffer::empty(Rect::new(0, 0, 1, 2));
        draw_wrapped(
            &mut narrow,
            Rect::new(0, 0, 1, 2),
            &[Line::from("名a")],
            None,
        );
        assert_eq!(screen(&narrow), vec![" ", "a"]);
    }

    /// A pane's title that does not fit is cut with an ellipsis, never silently; one that
    /// fits once its closing space is dropped is shown whole.
    #[test]
    fn a_cut_pane_title_ends_with_an_ellipsis() {
        let row = |title: &str, w: u16| {
            let area = Rect::new(0, 0, w, 3);
            let mut buf = Buffer::empty(area);
            titled(&mut buf, area, title, Style::new());
            (0..w)
                .map(|x| buf[(x, 0)].symbol().to_string())
                .collect::<String>()
        };
        assert_eq!(row(" 1. Budget — Ada Moreno ", 16), "┌ 1. Budget —… ┐");
        assert_eq!(row(" Agenda ", 9), "┌ Agenda┐");
        assert_eq!(row(" Agenda ", 12), "┌ Agenda ──┐");
    }
}
