//! Draws the large generated meeting's screen many times into a TestBackend, for a
//! profiler: `cargo build --release --example profile_frame` then
//! `perf record target/release/examples/profile_frame 2000` (or
//! `valgrind --tool=callgrind`, whose instruction counts the machine's load does not move).
//!
//! The second argument picks what is drawn:
//! - none: whole frames through ratatui's `Terminal::draw`;
//! - `screen`: whole frames through the live screen (`Screen::draw`, what `gavel run` does);
//! - `clock`: clock-only seconds through the live screen (`view::draw_clock`), one second
//!   later each time;
//! - `idle`: one whole frame a second, printing the median: between two frames the process
//!   sleeps and its memory leaves the CPU's caches, so an idle frame costs more than one of a
//!   tight loop.

use chrono::Duration;
use gavel::tui::{screen::Screen, view, App};
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;

fn main() {
    let source = gavel::testkit::large_agenda(200, 300);
    let agenda = gavel::agenda::parse_str(&source).expect("valid").0;
    let mut meeting = gavel::meeting::Meeting::new(agenda.clone());
    let text = gavel::testkit::large_transcript(200, 300, 10_000);
    gavel::transcript::run(&mut meeting, &text);
    let events = meeting.events().to_vec();
    let (meeting, _) = gavel::meeting::Meeting::replay(agenda, &events[..events.len() / 2]);
    let now = meeting.last_at().expect("started") + Duration::seconds(150);
    let mut app = App::new(
        meeting,
        Box::new(gavel::recorder::MemoryRecorder::default()),
    );
    *app.theme_mut() = gavel::tui::theme::Theme {
        color: true,
        palette: Default::default(),
    };
    let area = Rect::new(0, 0, 200, 60);
    app.set_screen(area);
    let rounds: u32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(500)
        .max(1);
    let mode = std::env::args().nth(2);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    let start = std::time::Instant::now();
    match mode.as_deref() {
        Some("idle") => return idle(&mut terminal, &app, now, rounds),
        Some("screen") => {
            let mut screen = Screen::new(terminal);
            for _ in 0..rounds {
                screen.draw_app(&app, now).expect("draw");
            }
        }
        Some("clock") => {
            // As the loop does: the layout and cursor of the last whole frame are kept.
            let mut screen = Screen::new(terminal);
            let kept = screen.draw_app(&app, now).expect("draw");
            let mut second = now;
            for _ in 0..rounds {
                let before = second;
                second += Duration::seconds(1);
                screen
                    .draw_clock_second(&app, &kept, before, second)
                    .expect("draw");
            }
        }
        _ => {
            for _ in 0..rounds {
                terminal
                    .draw(|f| {
                        view::draw(f, &app, now);
                    })
                    .expect("draw");
            }
        }
    }
    eprintln!("{:?} per frame", start.elapsed() / rounds);
}

/// One whole frame a second; prints the median time per frame.
fn idle(
    terminal: &mut Terminal<TestBackend>,
    app: &App,
    now: chrono::DateTime<chrono::Utc>,
    rounds: u32,
) {
    let mut times: Vec<std::time::Duration> = (0..rounds)
        .map(|_| {
            std::thread::sleep(std::time::Duration::from_secs(1));
            let start = std::time::Instant::now();
            terminal
                .draw(|f| {
                    view::draw(f, app, now);
                })
                .expect("draw");
            start.elapsed()
        })
        .collect();
    times.sort();
    eprintln!(
        "{:?} median per idle frame ({:?} to {:?})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
