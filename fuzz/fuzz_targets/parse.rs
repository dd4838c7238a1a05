//! Any bytes through the whole text path: decoding, then recognition.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(doc) = referat_extract::extract(bytes, referat_extract::Limits::default()) {
        let _ = referat_parse::parse_lenient(&doc.text);
    }
});
