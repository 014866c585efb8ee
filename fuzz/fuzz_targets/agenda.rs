//! The agenda loader on arbitrary bytes: no panic, every diagnostic inside the file.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/hostile.rs"]
mod hostile;

fuzz_target!(|data: &[u8]| {
    // The loader takes text; bytes that are not UTF-8 are refused before it (read_text),
    // so the lossy conversion still reaches every parser path with the rest.
    let text = String::from_utf8_lossy(data);
    hostile::check_agenda(&text);
});
