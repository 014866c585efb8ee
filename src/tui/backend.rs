//! The terminal backend of the live screen: ratatui's crossterm backend, with the changed
//! cells written by hand.
//!
//! crossterm writes each cursor move, colour and character of a frame as a command formatted
//! through `fmt::Write` (`write!` with its arguments, one command at a time). An idle second
//! of a meeting writes a dozen of them, and formatting them was a fifth of the instructions
//! that second cost (callgrind). `LeanBackend::draw` puts the same bytes into the writer
//! directly: the cursor moves, colours and characters by hand, the rarer changes of
//! modifiers (bold, reversed…) still through crossterm's commands, in ratatui's order. A test
//! holds the bytes equal to `CrosstermBackend`'s for any run of cells. Everything else
//! (cursor, clearing, size) is the crossterm backend's own.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{Attribute, Colored, SetAttribute};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};

pub struct LeanBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// The bytes of one `draw`, gathered and handed to the writer at once.
    out: Vec<u8>,
}

impl<W: Write> LeanBackend<W> {
    pub fn new(writer: W) -> LeanBackend<W> {
        LeanBackend {
            inner: CrosstermBackend::new(writer),
            out: Vec::new(),
        }
    }
}

impl<W: Write> Write for LeanBackend<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if Colored::ansi_color_disabled_memoized() {
            // NO_COLOR: crossterm writes its colours empty; leave that to it.
            return self.inner.draw(content);
        }
        let out = &mut self.out;
        out.clear();
        let mut fg = Color::Reset;
        let mut bg = Color::Reset;
        let mut underline = Color::Reset;
        let mut modifier = Modifier::empty();
        let mut last: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if !matches!(last, Some((lx, ly)) if x == lx + 1 && y == ly) {
                move_to(out, x, y);
            }
            last = Some((x, y));
            if cell.modifier != modifier {
                modifiers(out, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            if cell.fg != fg || cell.bg != bg {
                out.extend_from_slice(b"\x1b[");
                colour(out, b"38;", b"39", cell.fg);
                out.push(b';');
                colour(out, b"48;", b"49", cell.bg);
                out.push(b'm');
                fg = cell.fg;
                bg = cell.bg;
            }
            if cell.underline_color != underline {
                out.extend_from_slice(b"\x1b[");
                colour(out, b"58;", b"59", cell.underline_color);
                out.push(b'm');
                underline = cell.underline_color;
            }
            out.extend_from_slice(cell.symbol().as_bytes());
        }
        // As crossterm's backend ends every draw: colours and attributes back to normal.
        out.extend_from_slice(b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m");
        self.inner.write_all(out)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }
}

/// `ESC[row;colH`, one-based, as crossterm's `MoveTo`.
fn move_to(out: &mut Vec<u8>, x: u16, y: u16) {
    out.extend_from_slice(b"\x1b[");
    number(out, u32::from(y) + 1);
    out.push(b';');
    number(out, u32::from(x) + 1);
    out.push(b'H');
}

fn number(out: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// A colour as crossterm's `Colored` writes it: `reset` for the terminal's own, otherwise
/// `lead` and the colour (ratatui's colours mapped to crossterm's as ratatui maps them).
#[deny(clippy::wildcard_enum_match_arm)]
fn colour(out: &mut Vec<u8>, lead: &[u8], reset: &[u8], color: Color) {
    let code: &[u8] = match color {
        Color::Reset => return out.extend_from_slice(reset),
        Color::Black => b"5;0",
        Color::Red => b"5;1",
        Color::Green => b"5;2",
        Color::Yellow => b"5;3",
        Color::Blue => b"5;4",
        Color::Magenta => b"5;5",
        Color::Cyan => b"5;6",
        Color::Gray => b"5;7",
        Color::DarkGray => b"5;8",
        Color::LightRed => b"5;9",
        Color::LightGreen => b"5;10",
        Color::LightYellow => b"5;11",
        Color::LightBlue => b"5;12",
        Color::LightMagenta => b"5;13",
        Color::LightCyan => b"5;14",
        Color::White => b"5;15",
        Color::Indexed(i) => {
            out.extend_from_slice(lead);
            out.extend_from_slice(b"5;");
            return number(out, u32::from(i));
        }
        Color::Rgb(r, g, b) => {
            out.extend_from_slice(lead);
            out.extend_from_slice(b"2;");
            number(out, u32::from(r));
            out.push(b';');
            number(out, u32::from(g));
            out.push(b';');
            return number(out, u32::from(b));
        }
    };
    out.extend_from_slice(lead);
    out.extend_from_slice(code);
}

/// From one set of modifiers to another, in the commands and order of ratatui's crossterm
/// backend (its `ModifierDiff`).
fn modifiers(out: &mut Vec<u8>, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    let added = to - from;
    let mut set = |a: Attribute| queue!(out, SetAttribute(a));
    if removed.contains(Modifier::REVERSED) {
        set(Attribute::NoReverse)?;
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        set(Attribute::NormalIntensity)?;
        if to.contains(Modifier::DIM) {
            set(Attribute::Dim)?;
        }
        if to.contains(Modifier::BOLD) {
            set(Attribute::Bold)?;
        }
    }
    for (modifier, off) in [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ] {
        if removed.contains(modifier) {
            set(off)?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        set(Attribute::NoBlink)?;
    }
    for (modifier, on, always) in [
        (Modifier::REVERSED, Attribute::Reverse, true),
        (Modifier::BOLD, Attribute::Bold, !reset_intensity),
        (Modifier::ITALIC, Attribute::Italic, true),
        (Modifier::UNDERLINED, Attribute::Underlined, true),
        (Modifier::DIM, Attribute::Dim, !reset_intensity),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut, true),
        (Modifier::HIDDEN, Attribute::Hidden, true),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink, true),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink, true),
    ] {
        if always && added.contains(modifier) {
            set(on)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A writer whose bytes the test reads back.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn colour() -> impl Strategy<Value = Color> {
        prop_oneof![
            prop::sample::select(vec![
                Color::Reset,
                Color::Black,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::Gray,
                Color::DarkGray,
                Color::LightRed,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightCyan,
                Color::White,
            ]),
            any::<u8>().prop_map(Color::Indexed),
            any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
        ]
    }

    /// A cell with any colours and modifiers, at a place that often follows the last one.
    fn placed_cell() -> impl Strategy<Value = ((u16, u16), Cell)> {
        let symbol = prop::sample::select(vec!["a", " ", "─", "名", "e\u{301}"]);
        (
            (0u16..3, 0u16..1200),
            symbol,
            colour(),
            colour(),
            colour(),
            any::<u16>(),
        )
            .prop_map(|(place, symbol, fg, bg, underline, bits)| {
                let mut cell = Cell::new(symbol);
                cell.fg = fg;
                cell.bg = bg;
                cell.underline_color = underline;
                cell.modifier = Modifier::from_bits_truncate(bits);
                (place, cell)
            })
    }

    proptest! {
        /// Whatever the cells, the terminal receives the bytes crossterm's backend sends.
        #[test]
        fn the_bytes_are_crossterms(cells in prop::collection::vec(placed_cell(), 0..40)) {
            // Mostly the next column, as a changed stretch of a row is written.
            let mut x = 0u16;
            let placed: Vec<(u16, u16, Cell)> = cells
                .into_iter()
                .map(|((jump, far), cell)| {
                    x = if jump == 0 { far } else { x + 1 };
                    (x % 300, far / 300, cell)
                })
                .collect();
            let (ours, theirs) = (Shared::default(), Shared::default());
            LeanBackend::new(ours.clone())
                .draw(placed.iter().map(|(x, y, c)| (*x, *y, c)))
                .unwrap();
            CrosstermBackend::new(theirs.clone())
                .draw(placed.iter().map(|(x, y, c)| (*x, *y, c)))
                .unwrap();
            let ours = String::from_utf8_lossy(&ours.0.borrow()).into_owned();
            let theirs = String::from_utf8_lossy(&theirs.0.borrow()).into_owned();
            prop_assert!(!theirs.is_empty());
            prop_assert_eq!(ours, theirs);
        }
    }
}
