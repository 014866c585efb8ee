//! Writes the large generated meeting used by the benchmarks, for trying it by hand:
//! `cargo run --release --example generate -- DIR` writes DIR/large.toml and
//! DIR/large.txt (200 items, 300 people, 10,000 entries).

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let dir = std::path::Path::new(&dir);
    std::fs::write(
        dir.join("large.toml"),
        gavel::testkit::large_agenda(200, 300),
    )?;
    std::fs::write(
        dir.join("large.txt"),
        gavel::testkit::large_transcript(200, 300, 10_000),
    )?;
    Ok(())
}
