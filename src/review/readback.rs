//! The check that a state file reads back before it replaces the old one:
//! [`store::parse`] of the new text must give every mark back, or nothing
//! is written (a bug in rendering must not cost a meeting its marks).
//!
//! Parsing the whole file on every change was most of a save on a large
//! review: 350 ms of 610 for 100,000 marks. The text is a header followed
//! by one self-contained block per mark ([`store::render_parts`]), and a
//! block's text depends only on its mark, so a block that has read back
//! once reads back every time. [`ReadBack`] remembers the blocks it has
//! checked, by a hash of the id, the mark and the block's text, and parses
//! the header and the new blocks only: one block for a keystroke.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::path::Path;

use super::marks::Mark;
use super::store::{self, FORMAT, Parts};
use crate::doc::Document;

/// The blocks of state text read back so far in one session.
#[derive(Debug, Default)]
pub struct ReadBack {
    /// Hashes of (id, mark, block text) that [`store::parse`] gave back.
    seen: HashSet<u64>,
    hasher: RandomState,
    /// Blocks parsed by the last [`ReadBack::render`].
    checked: usize,
}

impl ReadBack {
    /// Renders `parts` as state file text (as [`store::render_with`]) and
    /// checks that it reads back to them: the header always, the blocks
    /// not seen before. `None` when it does not read back.
    pub fn render(
        &mut self,
        doc: &Document,
        parts: Parts<'_>,
        paths: &OnceCell<Vec<String>>,
    ) -> Option<String> {
        let mut keys = Vec::with_capacity(parts.marks.len());
        let mut new_blocks = format!("format = {FORMAT}\n");
        let mut expected: BTreeMap<String, Mark> = BTreeMap::new();
        let rendered = store::render_parts(doc, parts, paths, |id, mark, text| {
            let key = self.key(id, mark, text);
            if !self.seen.contains(&key) {
                new_blocks.push_str(text);
                expected.insert(id.to_string(), mark.clone());
            }
            keys.push(key);
        });
        self.checked = expected.len();
        let path = Path::new("state.toml");
        let header = store::parse(path, &rendered.text[..rendered.header_end]).ok()?;
        let header_reads_back = header.reviewers == parts.reviewers
            && header.document.as_ref() == parts.document
            && header.marks.is_empty();
        if !header_reads_back {
            return None;
        }
        if !expected.is_empty() {
            let blocks = store::parse(path, &new_blocks).ok()?;
            let blocks_read_back = blocks.marks == expected
                && blocks.reviewers.is_empty()
                && blocks.document.is_none();
            if !blocks_read_back {
                return None;
            }
        }
        // Marks changed back and forth leave stale hashes: keep the set
        // near the size of the state.
        if self.seen.len() + keys.len() > 4 * keys.len() + 1024 {
            self.seen.clear();
        }
        self.seen.extend(keys);
        Some(rendered.text)
    }

    /// Takes every block of `on_disk`, the state file as just read and
    /// parsed to `parts`, as read back, when it is exactly the text
    /// `parts` render to (a file ketluan wrote): the first change of a
    /// session then parses one block, not the whole file.
    pub fn seed(
        &mut self,
        doc: &Document,
        parts: Parts<'_>,
        paths: &OnceCell<Vec<String>>,
        on_disk: &[u8],
    ) {
        let mut keys = Vec::with_capacity(parts.marks.len());
        let rendered = store::render_parts(doc, parts, paths, |id, mark, text| {
            keys.push(self.key(id, mark, text));
        });
        if rendered.text.as_bytes() == on_disk {
            self.seen.extend(keys);
        }
    }

    /// What [`ReadBack::seen`] holds of a block: its mark and its text.
    fn key(&self, id: &str, mark: &Mark, text: &str) -> u64 {
        self.hasher.hash_one((id, mark, text))
    }

    /// How many marks' blocks the last [`ReadBack::render`] parsed.
    pub fn checked(&self) -> usize {
        self.checked
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::doc::load_str;
    use crate::review::marks::Note;
    use crate::review::store::{Identity, State};
    use crate::review::{Mark, Stamp};

    fn doc() -> Document {
        let mut src = String::from("[document]\ntitle = \"T\"\n");
        for i in 0..100 {
            src += &format!("[[node]]\nid = \"n{i}\"\nkind = \"task\"\ntext = \"việc {i}\"\n");
        }
        load_str("t.toml", &src).unwrap()
    }

    fn reviewed(at: &str) -> Mark {
        Mark {
            reviewed: Some(Stamp::new(DateTime::parse_from_rfc3339(at).unwrap(), "lan")),
            ..Mark::default()
        }
    }

    fn parts(state: &State) -> Parts<'_> {
        Parts {
            reviewers: &state.reviewers,
            document: state.document.as_ref(),
            marks: &state.marks,
        }
    }

    /// `d`'s first 80 nodes reviewed by lan.
    fn eighty_reviewed(d: &Document) -> State {
        State {
            reviewers: vec!["lan".into()],
            document: Some(Identity::of(d)),
            marks: (0..80)
                .map(|i| (format!("n{i}"), reviewed("2017-02-22T09:00:00+07:00")))
                .collect(),
        }
    }

    #[test]
    fn only_new_blocks_are_parsed_and_the_text_is_the_full_render() {
        let d = doc();
        let mut state = eighty_reviewed(&d);
        state
            .marks
            .insert("gone".into(), reviewed("2017-02-22T09:00:00+07:00"));
        let paths = OnceCell::new();
        let mut rb = ReadBack::default();
        let text = rb.render(&d, parts(&state), &paths).expect("reads back");
        assert_eq!(rb.checked(), 81);
        assert_eq!(text, store::render(&d, &state));
        // One change: one block parsed, the same text as a whole render.
        state
            .marks
            .insert("n90".into(), reviewed("2017-02-22T10:00:00+07:00"));
        state.marks.remove("n3");
        state.reviewers.push("minh".into());
        let text = rb.render(&d, parts(&state), &paths).expect("reads back");
        assert_eq!(rb.checked(), 1);
        assert_eq!(text, store::render(&d, &state));
        assert_eq!(store::parse(Path::new("s"), &text).unwrap(), state);
        // The same mark again, rendered the same: nothing to parse.
        rb.render(&d, parts(&state), &paths).expect("reads back");
        assert_eq!(rb.checked(), 0);
    }

    /// Seeded with the file it renders to, the first change parses one
    /// block; seeded with any other text, every block.
    #[test]
    fn a_file_ketluan_wrote_seeds_the_check() {
        let d = doc();
        let mut state = eighty_reviewed(&d);
        let paths = OnceCell::new();
        let on_disk = store::render(&d, &state);
        let edited = on_disk.replace("# ", "#  ");
        state
            .marks
            .insert("n90".into(), reviewed("2017-02-22T10:00:00+07:00"));
        for (file, checked) in [(&on_disk, 1), (&edited, 81)] {
            let mut before = state.clone();
            before.marks.remove("n90");
            let mut rb = ReadBack::default();
            rb.seed(&d, parts(&before), &paths, file.as_bytes());
            rb.render(&d, parts(&state), &paths).expect("reads back");
            assert_eq!(rb.checked(), checked);
        }
    }

    /// A mark whose text would not come back as it is, here a note with
    /// trailing spaces (reading trims them), fails the check, however
    /// many blocks were seen before.
    #[test]
    fn a_block_that_does_not_read_back_fails() {
        let d = doc();
        let mut state = State {
            reviewers: vec!["lan".into()],
            document: Some(Identity::of(&d)),
            marks: BTreeMap::from([("n1".to_string(), reviewed("2017-02-22T09:00:00+07:00"))]),
        };
        let paths = OnceCell::new();
        let mut rb = ReadBack::default();
        assert!(rb.render(&d, parts(&state), &paths).is_some());
        let stamp = Stamp::new(
            DateTime::parse_from_rfc3339("2017-02-22T09:00:00+07:00").unwrap(),
            "lan",
        );
        let bad = Mark {
            note: Some(Note {
                text: "ghi chú   ".into(),
                stamp,
            }),
            ..Mark::default()
        };
        state.marks.insert("n2".into(), bad);
        assert!(rb.render(&d, parts(&state), &paths).is_none());
        assert_eq!(rb.checked(), 1);
    }
}
