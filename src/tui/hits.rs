//! Where the last whole frame drew the lists a click can pick from, handed back by drawing so
//! that the update maps a click to what was on screen without computing the layout again.

use ratatui::layout::{Position, Rect};

/// The clickable lists of one frame. Kept by the loop after each whole frame (a clock-only
/// frame moves nothing, so the last one's stay true).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hits {
    /// The agenda's items, while the agenda is on screen (not under the end summary).
    pub agenda: Option<ListHit>,
    /// The roster's people, as positions in `App::roster_rows`, while the roster is on
    /// screen.
    pub roster: Option<ListHit>,
    /// The furthest the scrolling window on screen (the help, a call's report) scrolls, as
    /// this frame drew it: the update clamps its scrolling to it.
    pub overlay_last_scroll: Option<u16>,
    /// Where each part of the screen went (None for the projector's screen): a clock-only
    /// second redraws its rows without computing the layout again.
    pub areas: Option<Areas>,
    /// Where the cursor went (None: hidden).
    pub cursor: Option<Position>,
}

/// Where each part of the screen goes, computed from the size and the app (the focus, the
/// queue, the status line) by `view::layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub agenda: Rect,
    pub item: Rect,
    pub roster: Option<Rect>,
    /// The speaker queue beside the current item, when anyone is queued or has the floor
    /// and the screen is wide enough (otherwise it shows inside the item pane).
    pub queue: Option<Rect>,
    pub status: Rect,
    pub capture: Rect,
    pub hint: Rect,
}

/// A list drawn one entry a row: row `r` of `rows` shows entry `first + r`, of `len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListHit {
    pub rows: Rect,
    pub first: usize,
    pub len: usize,
}

impl ListHit {
    /// The entry shown at `at`, if any.
    pub fn at(&self, at: Position) -> Option<usize> {
        if !self.rows.contains(at) {
            return None;
        }
        Some(self.first + usize::from(at.y - self.rows.y)).filter(|&i| i < self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_maps_to_the_entry_on_its_row() {
        let hit = ListHit {
            rows: Rect::new(1, 3, 10, 4),
            first: 5,
            len: 7,
        };
        assert_eq!(hit.at(Position::new(2, 3)), Some(5));
        assert_eq!(hit.at(Position::new(2, 4)), Some(6));
        assert_eq!(
            hit.at(Position::new(2, 5)),
            None,
            "past the end of the list"
        );
        assert_eq!(hit.at(Position::new(0, 3)), None, "on the border");
        assert_eq!(hit.at(Position::new(2, 7)), None, "below the rows");
    }
}
