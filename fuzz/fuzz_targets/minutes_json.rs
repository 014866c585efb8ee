//! The JSON minutes reader (`gavel approve`, `gavel next`) on arbitrary bytes (raw, or
//! gavel's own minutes with hostile text spliced into its strings): no panic; what it
//! accepts approves into safe Markdown (no raw HTML, controls, broken rows or injected
//! headings) and clean JSON; people's text is always accepted.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fuzz_target!(|data: &[u8]| {
    let (text, must_accept) = hostile::minutes_json_from_fuzz(data);
    hostile::check_minutes_json(&text, must_accept);
});
