//! Any bytes as a review state file: an error or a state, never a panic;
//! a state that parses renders to text that parses back to the same state.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use ketluan::doc::Document;
use ketluan::review::store;
use libfuzzer_sys::fuzz_target;

fn notice() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| ketluan::doc::embedded().expect("the embedded notice loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("state.toml");
    let Ok(state) = store::parse(path, text) else {
        return;
    };
    let rendered = store::render(notice(), &state);
    let again = store::parse(path, &rendered).expect("a rendered state parses");
    assert_eq!(state, again, "the state changed in a round trip");
});
