//! Any bytes through the whole text path: decoding, then recognition.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();

fuzz_target!(|bytes: &[u8]| {
    // libFuzzer's hook aborts on every panic, also on those `extract` catches: the PDF
    // reader's, which cost the instruction or page they happened in (and a warning on
    // the record). Any other panic is still a crash.
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.location().is_some_and(referat_extract::in_pdf_reader) {
                return;
            }
            fuzzer_hook(info);
        }));
    });
    if let Ok(doc) = referat_extract::extract(bytes, referat_extract::Limits::default()) {
        let _ = referat_parse::parse_lenient(&doc.text);
    }
});
