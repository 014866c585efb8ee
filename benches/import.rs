//! `gavel import` on a series of 200 meeting files written by hand (issue 19): reading,
//! splitting, the roster, actions and the minutes records, all in memory (the files are
//! generated here; reading them from disk is not what is measured). Run with
//! `cargo bench --bench import`; the figure goes to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use gavel::import::{import_texts, Options};
use std::hint::black_box;

const MEETINGS: usize = 200;
const FIRST: [&str; 10] = [
    "Ada", "Ben", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivo", "Jo",
];
const LAST: [&str; 10] = [
    "Moreno", "Okafor", "Park", "Quill", "Rand", "Sol", "Tamm", "Uno", "Vance", "Wren",
];

/// One meeting of about 60 lines, in the forms the importer reads: a table, regrets, guests,
/// next steps, old actions, numbered items with notes.
fn meeting(k: usize) -> (String, String) {
    let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 6).expect("date")
        + chrono::Duration::days(7 * k as i64);
    let name = |i: usize| format!("{} {}", FIRST[i % 10], LAST[(i * 3) % 10]);
    let mut s = format!(
        "# Quince WG\n\n## Meeting {}\n\n| Name (Affiliation) | Present |\n| --- | --- |\n",
        date.format("%-d %B %Y")
    );
    for i in 0..12 {
        let mark = if (i + k) % 4 == 0 { "n" } else { "y" };
        s.push_str(&format!("| {} (Org {}) | {mark} |\n", name(i), i % 5));
    }
    s.push_str(&format!(
        "\n**Regrets:** {}, {}\n\n**Guests:** Zed Visitor (Elsewhere), \n\nModerator: {}\n\n",
        name(12),
        name(13),
        name(0)
    ));
    s.push_str("## Old actions\n\n");
    if k > 0 {
        s.push_str(&format!(
            "* [x] {}: Write the summary of meeting {}\n",
            FIRST[(k - 1) % 10],
            k - 1
        ));
    }
    s.push_str("\n## Next steps\n\n");
    for a in 0..4 {
        s.push_str(&format!(
            "* {}: Follow up on topic {a} of meeting {k}\n",
            FIRST[(k + a) % 10]
        ));
    }
    s.push_str(&format!(
        "* [{}, {}] Write the summary of meeting {k}\n\n## Agenda\n\n",
        FIRST[k % 10],
        FIRST[(k + 1) % 10]
    ));
    for i in 1..=6 {
        s.push_str(&format!("### {i}. Topic {i} *({})*\n\n- First point about topic {i}\n- Second point, with a [link](https://example.org/{i})\n\nOutcome: agreed on {i}\n\n", name(i)));
    }
    (format!("minutes/{date}.md"), s)
}

fn import(c: &mut Criterion) {
    let files: Vec<(String, String)> = (0..MEETINGS).map(meeting).collect();
    let once = import_texts(&files, &Options::default());
    assert_eq!(once.minutes.len(), MEETINGS);
    assert!(
        once.messages.is_empty(),
        "{:?}",
        &once.messages[..3.min(once.messages.len())]
    );
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("200 meeting files (about 12,000 lines)", |b| {
        b.iter(|| import_texts(black_box(&files), &Options::default()))
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
