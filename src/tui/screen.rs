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
use ratatui::{Frame, Terminal};
use std::ops::Range;

pub struct Screen<B: Backend> {
    terminal: Terminal<B>,
    /// What the terminal shows: the last frame written.
    shown: Buffer,
}

impl<B: Backend> Screen<B> {
    pub fn new(mut terminal: Terminal<B>) -> Screen<B> {
        let area = terminal.get_frame().area();
        Screen {
            terminal,
            shown: Buffer::empty(area),
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

    /// Takes a new size: the terminal is cleared, and the next frame is drawn whole.
    pub fn resize(&mut self, area: Rect) -> Result<(), B::Error> {
        self.terminal.resize(area)?;
        self.forget(area);
        Ok(())
    }

    fn forget(&mut self, area: Rect) {
        self.shown = Buffer::empty(area);
        self.terminal.current_buffer_mut().reset();
    }

    /// Draws a whole frame; `render` says where the cursor goes (None hides it).
    pub fn draw(
        &mut self,
        render: impl FnOnce(&mut Frame) -> Option<Position>,
    ) -> Result<(), B::Error> {
        let mut frame = self.terminal.get_frame();
        frame.buffer_mut().reset();
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
    /// cells; in one that did, only the stretch from its first to its last changed cell goes
    /// through ratatui's diff, which knows about wide characters (`changed_span`). Only the
    /// rects are compared: outside them the frame still holds the last one (a redraw of some
    /// rows draws over it), and a pane's rows are a third of the screen's.
    fn write(&mut self, rects: &[Rect], cursor: Option<Position>) -> Result<(), B::Error> {
        let canvas = self.terminal.current_buffer_mut();
        let area = canvas.area;
        let width = usize::from(area.width);
        let mut changed: Vec<Buffer> = Vec::new();
        let mut before: Vec<Buffer> = Vec::new();
        for row in rects.iter().flat_map(|r| r.intersection(area).rows()) {
            let start = usize::from(row.y - area.y) * width + usize::from(row.x - area.x);
            let range = start..start + usize::from(row.width);
            let (new, old) = (
                &canvas.content[range.clone()],
                &self.shown.content[range.clone()],
            );
            let Some(span) = changed_span(new, old) else {
                continue;
            };
            let cells = Rect::new(row.x + span.start as u16, row.y, span.len() as u16, 1);
            before.push(Buffer {
                area: cells,
                content: old[span.clone()].to_vec(),
            });
            changed.push(Buffer {
                area: cells,
                content: new[span.clone()].to_vec(),
            });
            let span = start + span.start..start + span.end;
            self.shown.content[span.clone()].clone_from_slice(&canvas.content[span]);
        }
        let updates = before
            .iter()
            .zip(&changed)
            .flat_map(|(old, new)| old.diff_iter(new));
        self.terminal.backend_mut().draw(updates)?;
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

/// The stretch of a row that ratatui's diff of the whole row would write from: None when
/// nothing changed. It begins at the first changed cell (or at the wide character whose
/// cells it lies in: the diff steps over those) and ends past the last one and the cells a
/// wide character there covers, now or before (the diff writes those too). Diffing only this
/// stretch gives the same cells as diffing the row (a property test holds it).
fn changed_span(new: &[Cell], old: &[Cell]) -> Option<Range<usize>> {
    let first = new.iter().zip(old).position(|(a, b)| !same_cell(a, b))?;
    if new.iter().any(|c| c.diff_option != CellDiffOption::None) {
        // Cells the diff always writes, or skips by a width of their own: the whole row.
        return Some(0..new.len());
    }
    // Where the diff stands when it reaches `first`: it steps over a wide character's cells.
    let mut start = 0;
    while start < first {
        let step = usize::from(new[start].cell_width()).max(1);
        if start + step > first {
            break;
        }
        start += step;
    }
    let last = new.iter().zip(old).rposition(|(a, b)| !same_cell(a, b))?;
    let mut end = last + 1;
    let mut i = start;
    while i < end && i < new.len() {
        let wide = new[i].cell_width().max(old[i].cell_width()).max(1);
        end = end.max(i + usize::from(wide));
        i += 1;
    }
    Some(start..end.min(new.len()))
}

/// Whether two cells show the same, as `Cell`'s own `==` says, but cheaper: a whole frame
/// compares 12,000 cells, nearly all of them equal and holding one ASCII byte, and `==`
/// measures every symbol's string and calls `memcmp` for it. The styles are compared first
/// (plain integers), and a symbol of one byte as a byte. (A property test holds the answer
/// equal to `==`'s.)
#[inline(always)]
#[allow(deprecated)] // `skip`: `==` compares it, so this does too.
fn same_cell(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && a.diff_option == b.diff_option
        && a.skip == b.skip
        && match (a.symbol().as_bytes(), b.symbol().as_bytes()) {
            ([x], [y]) => x == y,
            (x, y) => x == y,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::buffer::CellDiffOption;
    use ratatui::style::{Color, Modifier};

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
            // Laid out as text is written: the cells a wide character covers are blank.
            let mut row = Vec::new();
            for (symbol, bg) in cells {
                let mut cell = Cell::new(symbol);
                cell.bg = bg;
                let width = usize::from(cell.cell_width()).max(1);
                if row.len() + width > 16 {
                    // Never half a character at the edge, as text is never written.
                    break;
                }
                row.push(cell);
                row.extend((1..width).map(|_| Cell::EMPTY));
            }
            row.resize(16, Cell::EMPTY);
            row
        })
    }

    /// What ratatui's diff writes for a row, as (x, symbol, background).
    fn written(old: &Buffer, new: &Buffer) -> Vec<(u16, String, Color)> {
        old.diff_iter(new)
            .map(|(x, _, c)| (x, c.symbol().to_string(), c.bg))
            .collect()
    }

    proptest! {
        #[test]
        fn the_changed_span_writes_what_the_whole_row_writes(
            old in row_cells(),
            new in row_cells(),
            keep in prop::collection::vec(any::<bool>(), 16),
        ) {
            // Most cells kept from the old row, so that changes come in short stretches.
            let new: Vec<Cell> = new
                .iter()
                .zip(&old)
                .zip(&keep)
                .map(|((n, o), k)| if *k { o.clone() } else { n.clone() })
                .collect();
            let area = Rect::new(3, 2, 16, 1);
            let whole = written(
                &Buffer { area, content: old.clone() },
                &Buffer { area, content: new.clone() },
            );
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
