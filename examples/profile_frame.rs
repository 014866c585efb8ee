//! Draws the large generated meeting's screen many times into a TestBackend, for a
//! profiler: `cargo build --release --example profile_frame` then
//! `perf record target/release/examples/profile_frame 2000`.
//!
//! `profile_frame 30 idle` draws one frame a second instead, as an idle meeting does, and
//! prints the median: between two frames the process sleeps and its memory leaves the CPU's
//! caches, so an idle frame costs more than one of a tight loop.

use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() {
    let source = gavel::testkit::large_agenda(200, 300);
    let agenda = gavel::agenda::parse_str(&source).expect("valid").0;
    let mut meeting = gavel::meeting::Meeting::new(agenda.clone());
    let text = gavel::testkit::large_transcript(200, 300, 10_000);
    gavel::transcript::run(&mut meeting, &text);
    let events = meeting.events().to_vec();
    let (meeting, _) = gavel::meeting::Meeting::replay(agenda, &events[..events.len() / 2]);
    let now = meeting.last_at().expect("started") + chrono::Duration::seconds(150);
    let mut app = gavel::tui::App::new(
        meeting,
        Box::new(gavel::recorder::MemoryRecorder::default()),
    );
    app.set_screen(ratatui::layout::Rect::new(0, 0, 200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    let rounds: u32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(500)
        .max(1);
    if std::env::args().nth(2).as_deref() == Some("idle") {
        let mut times: Vec<std::time::Duration> = (0..rounds)
            .map(|_| {
                std::thread::sleep(std::time::Duration::from_secs(1));
                let start = std::time::Instant::now();
                terminal
                    .draw(|f| {
                        gavel::tui::view::draw(f, &app, now);
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
        return;
    }
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        terminal
            .draw(|f| {
                gavel::tui::view::draw(f, &app, now);
            })
            .expect("draw");
    }
    eprintln!("{:?} per frame", start.elapsed() / rounds);
}
