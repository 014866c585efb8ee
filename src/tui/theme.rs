//! Colours that read on dark and light terminals alike (only the terminal's own palette, no
//! fixed backgrounds), and none at all under `NO_COLOR`, where emphasis uses bold and
//! reverse video instead.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

/// Which background the colours are chosen for (the config file's `theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// The terminal's normal colours: readable on dark and light backgrounds alike.
    #[default]
    Auto,
    /// Bright colours that stand out on a dark background.
    Dark,
    /// Deep colours that stay legible on a light background.
    Light,
}

impl Palette {
    pub fn parse(name: &str) -> Palette {
        match name {
            "dark" => Palette::Dark,
            "light" => Palette::Light,
            _ => Palette::Auto,
        }
    }

    /// The colour to use for `c` (given as the Auto palette's choice).
    fn pick(self, c: Color) -> Color {
        match (self, c) {
            (Palette::Dark, Color::DarkGray) => Color::Gray,
            (Palette::Dark, Color::Green) => Color::LightGreen,
            (Palette::Dark, Color::Yellow) => Color::LightYellow,
            (Palette::Dark, Color::Red) => Color::LightRed,
            (Palette::Dark, Color::Cyan) => Color::LightCyan,
            (Palette::Dark, Color::Magenta) => Color::LightMagenta,
            (Palette::Light, Color::Cyan) => Color::Blue,
            (Palette::Light, Color::Yellow) => Color::Rgb(0x8a, 0x5a, 0x00),
            (_, c) => c,
        }
    }
}

impl Theme {
    /// Colours unless `NO_COLOR` is set to anything non-empty (https://no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            color: !no_color,
            palette: Palette::Auto,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(self.palette.pick(c))
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(self.palette.pick(Color::DarkGray))
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn alert(&self) -> Style {
        if self.color {
            Style::new()
                .fg(self.palette.pick(Color::Red))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn private(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::ITALIC)
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn focused_border(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The style for time used against a box: calm, warning from 80%, alert when over.
    pub fn for_ratio(&self, used: i64, timebox: i64) -> Style {
        if timebox <= 0 || used > timebox {
            self.alert()
        } else if used * 5 >= timebox * 4 {
            self.warn()
        } else {
            self.ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palettes_differ_where_a_background_needs_it() {
        let theme = |palette| Theme {
            color: true,
            palette,
        };
        assert_eq!(theme(Palette::Auto).warn().fg, Some(Color::Yellow));
        assert_eq!(theme(Palette::Dark).warn().fg, Some(Color::LightYellow));
        assert_eq!(theme(Palette::Light).accent().fg, Some(Color::Blue));
        assert_eq!(theme(Palette::Dark).dim().fg, Some(Color::Gray));
        let plain = Theme {
            color: false,
            palette: Palette::Dark,
        };
        assert_eq!(plain.warn().fg, None, "NO_COLOR wins over the theme");
    }
}
