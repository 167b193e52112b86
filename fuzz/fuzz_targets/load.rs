//! Any bytes given to the loader: an error or a document, never a panic or
//! a hang; a loaded document prints an outline free of terminal controls.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = ketluan::doc::load_bytes("fuzz.toml", data) else {
        return;
    };
    let mut out = Vec::new();
    let style = ketluan::outline::Style {
        width: 40,
        lang: ketluan::i18n::Lang::Vi,
    };
    ketluan::outline::write(&mut out, &doc, style).expect("writing to a Vec");
    let text = String::from_utf8(out).expect("the outline is UTF-8");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached the output"
    );
});
