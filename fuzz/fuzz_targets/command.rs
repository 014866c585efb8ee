//! The command parser on arbitrary lines against a fixed agenda, applying what it accepts:
//! no panic, refusals change nothing, accepted notes round-trip, the minutes stay safe.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.split('\n').take(64).collect();
    hostile::check_commands(&lines);
});
