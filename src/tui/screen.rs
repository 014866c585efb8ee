//! The terminal as the live screen draws it.
//!
//! ratatui's `Terminal::draw` resets a whole buffer, has the view fill it, then compares it
//! cell by cell with the previous one: at 200x60 that is two buffers of 12,000 cells (over a
//! megabyte) on every frame, out of the CPU's caches after an idle second. Most seconds of a
//! meeting only move a few digits. `Screen` keeps what the terminal shows itself, so that a
//! frame can redraw only some rows over the last one (`draw_rows`) and compare only those;
//! a whole frame (`draw`) compares row by row and hands ratatui's own diff only the rows that
//! changed. The `Terminal` still provides the frame to draw into, the backend and the cursor.

use super::app::App;
use super::hits::Hits;
use super::view;
use chrono::{DateTime, Utc};
use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::{Frame, Terminal};
use std::ops::Range;

pub struct Screen<B: Backend> {
    terminal: Terminal<B>,
    /// What the terminal shows: the last frame written.
    shown: Buffer,
    /// Nothing was drawn since the screen was made or cleared: the terminal is blank (the
    /// live screen is made right after entering the alternate screen, which clears it), and
    /// so are `shown` and the frame's buffer.
    blank: bool,
    /// Where in `shown` the cells to write are (`write`), kept between frames.
    updates: Vec<usize>,
}

impl<B: Backend> Screen<B> {
    /// A screen over `terminal`, which must show nothing yet (a new alternate screen).
    pub fn new(mut terminal: Terminal<B>) -> Screen<B> {
        let area = terminal.get_frame().area();
        Screen {
            terminal,
            shown: blank_buffer(area),
            blank: true,
            updates: Vec::new(),
        }
    }

    /// The area drawn.
    pub fn area(&mut self) -> Rect {
        self.terminal.get_frame().area()
    }

    pub fn backend_mut(&mut self) -> &mut B {
        self.terminal.backend_mut()
    }

    #[cfg(test)]
    pub fn backend(&self) -> &B {
        self.terminal.backend()
    }

    /// Takes a new size: the terminal is cleared, and the next frame is drawn whole. A
    /// screen still blank at the same size has nothing to clear or forget (the first frame
    /// asks for the size again: nothing is allocated, reset or sent for it).
    pub fn resize(&mut self, area: Rect) -> Result<(), B::Error> {
        if self.blank && area == self.area() {
            return Ok(());
        }
        self.terminal.resize(area)?;
        self.forget(area);
        Ok(())
    }

    fn forget(&mut self, area: Rect) {
        if self.shown.area == area {
            self.shown.reset();
        } else {
            self.shown = blank_buffer(area);
        }
        self.terminal.current_buffer_mut().reset();
        self.blank = true;
    }

    /// Draws a whole frame; `render` says where the cursor goes (None hides it).
    pub fn draw(
        &mut self,
        render: impl FnOnce(&mut Frame) -> Option<Position>,
    ) -> Result<(), B::Error> {
        let mut frame = self.terminal.get_frame();
        if !self.blank {
            frame.buffer_mut().reset();
        }
        let cursor = render(&mut frame);
        let area = self.area();
        self.write_rows(area, cursor)
    }

    /// Draws part of a frame over the last one: `render` redraws some rects and returns them
    /// (it changes nothing outside them), or None when it cannot, and then the whole frame is
    /// drawn with `whole`.
    pub fn draw_rows(
        &mut self,
        render: impl FnOnce(&mut Frame) -> Option<Vec<Rect>>,
        cursor: Option<Position>,
        whole: impl FnOnce(&mut Frame) -> Option<Position>,
    ) -> Result<(), B::Error> {
        // Drawn over: the frame's buffer is no longer known to be blank.
        self.blank = false;
        let mut frame = self.terminal.get_frame();
        let Some(rects) = render(&mut frame) else {
            return self.draw(whole);
        };
        self.write(&rects, cursor)
    }

    /// The whole screen of `app` at `now`, as the live loop draws it; returns what the loop
    /// keeps of it (the layout, the cursor, where the lists went).
    pub fn draw_app(&mut self, app: &App, now: DateTime<Utc>) -> Result<Hits, B::Error> {
        let mut hits = Hits::default();
        self.draw(|frame| {
            hits = view::draw(frame, app, now);
            hits.cursor
        })?;
        Ok(hits)
    }

    /// A second in which only time passed since the whole frame `kept` came from (the last
    /// frame was drawn at `before`): only what the clock moved is redrawn over it, with its
    /// layout and cursor. When that cannot be done the screen is drawn whole, and what the
    /// loop keeps of that frame is returned.
    pub fn draw_clock_second(
        &mut self,
        app: &App,
        kept: &Hits,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<Hits>, B::Error> {
        let Some(areas) = kept.areas else {
            return self.draw_app(app, now).map(Some);
        };
        let mut whole = None;
        self.draw_rows(
            |frame| view::draw_clock(frame, app, &areas, before, now),
            kept.cursor,
            |frame| {
                let hits = view::draw(frame, app, now);
                whole = Some(hits);
                hits.cursor
            },
        )?;
        Ok(whole)
    }

    fn write_rows(&mut self, area: Rect, cursor: Option<Position>) -> Result<(), B::Error> {
        let rows: Vec<Rect> = area.rows().collect();
        self.write(&rows, cursor)
    }

    /// Writes to the terminal what changed in `rects` since the last frame, then places or
    /// hides the cursor. A row of a rect that did not change costs one comparison of its
    /// cells; in one that did, only the stretch from its first to its last changed cell is
    /// diffed (`changed_span`, `diff_span`: the cells ratatui's diff would write, found
    /// without copying the row). Only the rects are compared: outside them the frame still
    /// holds the last one (a redraw of some rows draws over it), and a pane's rows are a
    /// third of the screen's.
    fn write(&mut self, rects: &[Rect], cursor: Option<Position>) -> Result<(), B::Error> {
        let canvas = self.terminal.current_buffer_mut();
        let area = canvas.area;
        let width = usize::from(area.width);
        let updates = &mut self.updates;
        updates.clear();
        for row in rects.iter().flat_map(|r| r.intersection(area).rows()) {
            let start = usize::from(row.y - area.y) * width + usize::from(row.x - area.x);
            let range = start..start + usize::from(row.width);
            let (new, old) = (
                &canvas.content[range.clone()],
                &self.shown.content[range.clone()],
            );
            // On a blank screen (the first frame, or the first after a resize) nearly every
            // row changed from its start to its end: it is diffed whole, without looking
            // for the stretch first (the same cells: the diff of a row is the diff of its
            // changed stretch).
            let span = if self.blank {
                0..new.len()
            } else {
                let Some(span) = changed_span(new, old) else {
                    continue;
                };
                span
            };
            let from = updates.len();
            diff_span(&new[span.clone()], &old[span.clone()], updates);
            for i in &mut updates[from..] {
                *i += start + span.start;
            }
            let span = start + span.start..start + span.end;
            self.shown.content[span.clone()].clone_from_slice(&canvas.content[span]);
        }
        // The cells written are read from `shown`, which now holds them.
        let shown = &self.shown;
        let cells = updates.iter().map(|&i| {
            let (x, y) = (i % width, i / width);
            (area.x + x as u16, area.y + y as u16, &shown.content[i])
        });
        self.terminal.backend_mut().draw(cells)?;
        self.blank = false;
        match cursor {
            None => self.terminal.hide_cursor()?,
            Some(position) => {
                self.terminal.show_cursor()?;
                self.terminal.set_cursor_position(position)?;
            }
        }
        self.terminal.backend_mut().flush()
    }
}

/// A buffer of empty cells, as `Buffer::empty` makes it but each cell written as the
/// constant rather than cloned (a fifth of the instructions at 200x60).
fn blank_buffer(area: Rect) -> Buffer {
    let cells = usize::from(area.width) * usize::from(area.height);
    Buffer {
        area,
        content: std::iter::repeat_with(|| Cell::EMPTY).take(cells).collect(),
    }
}

/// The stretch of a row that ratatui's diff of the whole row would write from: None when
/// nothing changed. It begins at the first changed cell (or at the wide character whose
/// cells it lies in: the diff steps over those) and ends past the last one and the cells a
/// wide character there covers, now or before (the diff writes those too). Diffing only this
/// stretch gives the same cells as diffing the row (a property test holds it).
fn changed_span(new: &[Cell], old: &[Cell]) -> Option<Range<usize>> {
    // The first change, and whether a symbol of more than one byte (which may be wide)
    // comes before it. A cell with a diff option (always written, skipped, of a forced
    // width) counts as a change, whether or not it is equal: the diff decides what it writes.
    let mut long_before = false;
    let mut first = None;
    for (i, (a, b)) in new.iter().zip(old).enumerate() {
        let symbol = a.symbol();
        if a.diff_option != CellDiffOption::None
            || !same_but_symbol(a, b)
            || !same_symbol(symbol, b)
        {
            first = Some(i);
            break;
        }
        long_before |= symbol.len() > 1;
    }
    let first = first?;
    if new.iter().any(|c| c.diff_option != CellDiffOption::None) {
        // Cells the diff always writes, or skips by a width of their own: the whole row.
        return Some(0..new.len());
    }
    // Where the diff stands when it reaches `first`: it steps over a wide character's cells
    // (one cell at a time up to `first` when only one-byte symbols come before it).
    let mut start = first;
    if long_before {
        start = 0;
        while start < first {
            let step = usize::from(width_of(&new[start])).max(1);
            if start + step > first {
                break;
            }
            start += step;
        }
    }
    let last = new.iter().zip(old).rposition(|(a, b)| !same_cell(a, b))?;
    let mut end = last + 1;
    let mut i = start;
    while i < end && i < new.len() {
        // Only a symbol of more than one byte can be wide, or an old cell of a forced width
        // (the new ones have none here).
        if new[i].symbol().len() > 1
            || old[i].symbol().len() > 1
            || old[i].diff_option != CellDiffOption::None
        {
            let wide = width_of(&new[i]).max(width_of(&old[i]));
            end = end.max(i + usize::from(wide));
        }
        i += 1;
    }
    Some(start..end.min(new.len()))
}

/// The cells of `new` that ratatui's diff of `old` and `new` writes, where both are the same
/// stretch of one row (from `changed_span`): their indices pushed to `out`, in the diff's
/// order. ratatui's diff (`Buffer::diff_iter`) takes two whole `Buffer`s, which would mean
/// copying both stretches on every frame (on the first frame, nearly the whole screen twice);
/// this walks the slices as it does (`BufferDiff::next` in ratatui-core 0.1), wide characters,
/// emoji with VS16, forced widths and skipped cells alike, and an equal cell one byte wide
/// (nearly all of them) costs one comparison. A property test holds the cells equal to
/// `diff_iter`'s.
fn diff_span(new: &[Cell], old: &[Cell], out: &mut Vec<usize>) {
    let len = new.len().min(old.len());
    let mut pos = 0;
    while pos < len {
        let i = pos;
        pos += 1;
        let (current, previous) = (&new[i], &old[i]);
        match current.diff_option {
            CellDiffOption::Skip => {}
            _ if skipped(current) => {}
            CellDiffOption::ForcedWidth(width) => {
                pos = pos.saturating_add(usize::from(width.get() - 1));
                if !same_cell(current, previous) {
                    out.push(i);
                }
            }
            CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                // (`width_of` and `same_cell` in one, measuring the symbol once.)
                let symbol = current.symbol();
                let width = if symbol.len() == 1 {
                    1
                } else {
                    usize::from(current.cell_width())
                };
                if current.diff_option == CellDiffOption::None
                    && same_but_symbol(current, previous)
                    && same_symbol(symbol, previous)
                {
                    pos += width.saturating_sub(1);
                    continue;
                }
                out.push(i);
                if width > 1 && symbol.contains('\u{FE0F}') {
                    // Emoji with VS16: the trailing cells whose symbol changed, too.
                    pos = trailing(new, old, i + 1, (i + width).min(len), false, out);
                } else if width > 1 {
                    pos += width - 1;
                } else if usize::from(width_of(previous)) > width
                    && (previous.bg != Color::Reset || previous.modifier.intersects(ON_BLANK))
                {
                    // A wide character's style seen on blank cells: its trailing cells are
                    // all written again.
                    let end = i + usize::from(width_of(previous));
                    pos = trailing(new, old, i + 1, end, true, out);
                }
            }
        }
    }
}

/// Modifiers that show on a blank cell (ratatui's diff: `VISIBLE_ON_BLANK`).
const ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// The trailing cells after a wide character, from `next` to `end` (which a wide cell among
/// them extends): pushed when not skipped and, unless `force`, when their symbol changed.
/// Returns where the diff goes on.
fn trailing(
    new: &[Cell],
    old: &[Cell],
    mut next: usize,
    mut end: usize,
    force: bool,
    out: &mut Vec<usize>,
) -> usize {
    let len = new.len().min(old.len());
    // (ratatui's diff would index past the row where `end` lies beyond it: stopped here.)
    while next < end && next < len {
        let j = next;
        next += usize::from(width_of(&new[j]).max(1));
        end = end.max(next).min(len);
        if !skipped(&new[j]) && (force || old[j].symbol() != new[j].symbol()) {
            out.push(j);
        }
    }
    end
}

/// Whether ratatui's diff skips a cell.
#[allow(deprecated)] // `skip`: the diff still honours it.
fn skipped(cell: &Cell) -> bool {
    cell.diff_option == CellDiffOption::Skip
        || (cell.skip && cell.diff_option == CellDiffOption::None)
}

/// A cell's width as ratatui's diff takes it (`CellWidth::cell_width`), without measuring a
/// symbol of one byte.
#[inline(always)]
fn width_of(cell: &Cell) -> u16 {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(_) => cell.cell_width(),
        _ if cell.symbol().len() == 1 => 1,
        _ => cell.cell_width(),
    }
}

/// Whether two cells show the same, as `Cell`'s own `==` says, but cheaper: a whole frame
/// compares 12,000 cells, nearly all of them equal and holding one ASCII byte, and `==`
/// measures every symbol's string and calls `memcmp` for it. The styles are compared first
/// (plain integers), and a symbol of one byte as a byte. (A property test holds the answer
/// equal to `==`'s.)
#[inline(always)]
#[allow(deprecated)] // `skip`: `==` compares it, so this does too.
fn same_cell(a: &Cell, b: &Cell) -> bool {
    same_but_symbol(a, b) && same_symbol(a.symbol(), b)
}

/// Whether two cells are the same but for their symbols.
#[inline(always)]
#[allow(deprecated)] // `skip`: `==` compares it, so this does too.
fn same_but_symbol(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && a.diff_option == b.diff_option
        && a.skip == b.skip
}

/// Whether `b` holds `symbol`.
#[inline(always)]
fn same_symbol(symbol: &str, b: &Cell) -> bool {
    match (symbol.as_bytes(), b.symbol().as_bytes()) {
        ([x], [y]) => x == y,
        (x, y) => x == y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::num::NonZeroU16;

    fn same_cells(a: &[Cell], b: &[Cell]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_cell(x, y))
    }

    /// A cell from a few symbols (ASCII, empty, wide, combining, long enough for the heap)
    /// and styles, so that equal and unequal pairs both come up often.
    fn cell() -> impl Strategy<Value = Cell> {
        let symbols = prop::sample::select(vec![
            " ",
            "a",
            "b",
            "",
            "─",
            "世",
            "e\u{301}",
            "a-symbol-longer-than-24-bytes!!",
        ]);
        let colors = prop::sample::select(vec![
            Color::Reset,
            Color::Red,
            Color::Indexed(2),
            Color::Indexed(3),
            Color::Rgb(1, 2, 3),
        ]);
        (
            symbols,
            colors.clone(),
            colors.clone(),
            colors,
            0u16..4,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(symbol, fg, bg, underline, modifier, skip, keep)| {
                let mut cell = Cell::new(symbol);
                cell.fg = fg;
                cell.bg = bg;
                cell.underline_color = underline;
                cell.modifier = Modifier::from_bits_truncate(modifier);
                if skip {
                    cell.set_diff_option(CellDiffOption::Skip);
                }
                if keep && symbol == " " {
                    // A reset cell holds no symbol at all, and equals one holding " ".
                    cell.reset();
                }
                cell
            })
    }

    /// A row's cells from a few symbols (wide ones among them) and two colours.
    fn row_cells() -> impl Strategy<Value = Vec<Cell>> {
        let symbol =
            prop::sample::select(vec![" ", "a", "b", "世", "界", "👩\u{200d}💻", "e\u{301}"]);
        let colour = prop::sample::select(vec![Color::Reset, Color::Blue]);
        prop::collection::vec((symbol, colour), 0..14).prop_map(|cells| {
            laid_out(cells.into_iter().map(|(symbol, bg)| {
                let mut cell = Cell::new(symbol);
                cell.bg = bg;
                cell
            }))
        })
    }

    /// A row of 16 cells laid out as text is written: the cells a wide character covers are
    /// blank, and never half a character at the edge.
    fn laid_out(cells: impl IntoIterator<Item = Cell>) -> Vec<Cell> {
        let mut row = Vec::new();
        for cell in cells {
            let width = usize::from(cell.cell_width()).max(1);
            if row.len() + width > 16 {
                break;
            }
            row.push(cell);
            row.extend((1..width).map(|_| Cell::EMPTY));
        }
        row.resize(16, Cell::EMPTY);
        row
    }

    /// A row of every kind of cell ratatui's diff treats apart: wide, emoji with VS16 (and
    /// ZWJ), combining, empty, skipped, always updated, of a forced width, with a background
    /// or a modifier that shows on blanks; laid out as text is written (the cells a wide
    /// character covers are blank), 16 cells.
    fn any_row() -> impl Strategy<Value = Vec<Cell>> {
        let symbol = prop::sample::select(vec![
            " ",
            "a",
            "b",
            "─",
            "世",
            "\u{2764}\u{fe0f}",
            "👩\u{200d}💻",
            "e\u{301}",
            "",
        ]);
        let option = prop::sample::select(vec![0u8, 0, 0, 0, 0, 1, 2, 3, 4]);
        let bg = prop::sample::select(vec![Color::Reset, Color::Reset, Color::Blue]);
        let modifier = prop::sample::select(vec![
            Modifier::empty(),
            Modifier::empty(),
            Modifier::REVERSED,
            Modifier::BOLD,
        ]);
        let cell = (symbol, option, bg, modifier, prop::bool::weighted(0.05));
        prop::collection::vec(cell, 0..14).prop_map(|cells| {
            laid_out(
                cells
                    .into_iter()
                    .map(|(symbol, option, bg, modifier, skip)| {
                        let mut cell = Cell::new(symbol);
                        cell.bg = bg;
                        cell.modifier = modifier;
                        #[allow(deprecated)]
                        {
                            cell.skip = skip;
                        }
                        cell.set_diff_option(match option {
                            1 => CellDiffOption::Skip,
                            2 => CellDiffOption::AlwaysUpdate,
                            3 => CellDiffOption::ForcedWidth(NonZeroU16::MIN),
                            4 => CellDiffOption::ForcedWidth(NonZeroU16::new(2).expect("2")),
                            _ => CellDiffOption::None,
                        });
                        cell
                    }),
            )
        })
    }

    /// `diff_span`'s cells as `written` gives ratatui's, for a stretch of a row at `area`.
    fn diffed(new: &[Cell], old: &[Cell], area: Rect) -> Vec<(u16, String, Color)> {
        let mut out = Vec::new();
        diff_span(new, old, &mut out);
        out.iter()
            .map(|&i| (area.x + i as u16, new[i].symbol().to_string(), new[i].bg))
            .collect()
    }

    /// Where the rows of the property tests lie.
    const ROW: Rect = Rect::new(3, 2, 16, 1);

    /// `new` with the cells `keep` says taken from `old` (most of them, so that changes
    /// come in short stretches), and what ratatui's diff of the whole row writes for it.
    fn mostly_kept(
        old: &[Cell],
        new: &[Cell],
        keep: &[bool],
    ) -> (Vec<Cell>, Vec<(u16, String, Color)>) {
        let new: Vec<Cell> = new
            .iter()
            .zip(old)
            .zip(keep)
            .map(|((n, o), k)| if *k { o.clone() } else { n.clone() })
            .collect();
        let whole = written(
            &Buffer {
                area: ROW,
                content: old.to_vec(),
            },
            &Buffer {
                area: ROW,
                content: new.clone(),
            },
        );
        (new, whole)
    }

    /// What ratatui's diff writes for a row, as (x, symbol, background).
    fn written(old: &Buffer, new: &Buffer) -> Vec<(u16, String, Color)> {
        old.diff_iter(new)
            .map(|(x, _, c)| (x, c.symbol().to_string(), c.bg))
            .collect()
    }

    #[test]
    fn a_blank_buffer_is_ratatuis_empty_buffer() {
        for area in [Rect::new(0, 0, 200, 60), Rect::new(3, 2, 7, 1), Rect::ZERO] {
            assert_eq!(blank_buffer(area), Buffer::empty(area));
        }
    }

    proptest! {
        #[test]
        fn the_changed_span_writes_what_the_whole_row_writes(
            old in row_cells(),
            new in row_cells(),
            keep in prop::collection::vec(any::<bool>(), 16),
        ) {
            let (new, whole) = mostly_kept(&old, &new, &keep);
            let trimmed = match changed_span(&new, &old) {
                None => Vec::new(),
                Some(span) => {
                    let area = Rect::new(3 + span.start as u16, 2, span.len() as u16, 1);
                    written(
                        &Buffer { area, content: old[span.clone()].to_vec() },
                        &Buffer { area, content: new[span].to_vec() },
                    )
                }
            };
            prop_assert_eq!(trimmed, whole);
        }

        #[test]
        fn the_screens_diff_writes_what_ratatuis_writes(
            old in any_row(),
            new in any_row(),
            keep in prop::collection::vec(any::<bool>(), 16),
        ) {
            let (new, whole) = mostly_kept(&old, &new, &keep);
            let area = ROW;
            // The whole row, and only its changed stretch (as `Screen::write` does).
            prop_assert_eq!(&diffed(&new, &old, area), &whole);
            let trimmed = match changed_span(&new, &old) {
                None => Vec::new(),
                Some(span) => {
                    let at = Rect::new(area.x + span.start as u16, 2, span.len() as u16, 1);
                    diffed(&new[span.clone()], &old[span], at)
                }
            };
            prop_assert_eq!(trimmed, whole);
        }

        #[test]
        fn same_cells_answers_as_cell_equality_does(
            a in prop::collection::vec(cell(), 0..6),
            b in prop::collection::vec(cell(), 0..6),
        ) {
            prop_assert_eq!(same_cells(&a, &b), a == b);
            prop_assert!(same_cells(&a, &a.clone()));
            let n = a.len().min(b.len());
            prop_assert_eq!(same_cells(&a[..n], &b[..n]), a[..n] == b[..n]);
        }
    }
}
