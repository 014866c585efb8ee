//! Applies the large generated meeting's 10,000 events many times, for a profiler:
//! `cargo build --release --example profile_apply` then
//! `valgrind --tool=callgrind target/release/examples/profile_apply`.

fn main() {
    let source = gavel::testkit::large_agenda(200, 300);
    let agenda = gavel::agenda::parse_str(&source).expect("valid").0;
    let mut meeting = gavel::meeting::Meeting::new(agenda.clone());
    let text = gavel::testkit::large_transcript(200, 300, 10_000);
    gavel::transcript::run(&mut meeting, &text);
    let events = meeting.events().to_vec();
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        let (m, refused) = gavel::meeting::Meeting::replay(agenda.clone(), &events);
        assert!(refused.is_empty());
        std::hint::black_box(m);
    }
    eprintln!("{:?} per replay", start.elapsed() / rounds as u32);
}
