//! The journal reader on arbitrary bytes (raw, or real event lines carrying hostile text):
//! no panic, every problem names a line that exists, replay gives safe minutes.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fuzz_target!(|data: &[u8]| {
    hostile::check_journal(&hostile::journal_from_fuzz(data));
});
