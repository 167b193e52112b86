//! The words of the review side of the browser: marks, notes, progress,
//! confirmations and the messages about them.

use std::path::Path;

use super::Lang;
use crate::review::Edit;

/// ✓ on a tree row: reviewed.
pub const REVIEWED: char = '✓';
/// ⚑ on a tree row: flagged, needs follow-up.
pub const FLAGGED: char = '⚑';
/// ✎ on a tree row: has a note (when not flagged).
pub const NOTE: char = '✎';

/// Fixed words of the review interface, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewWords {
    /// The indicator shown while the last change is not on disk.
    pub unsaved: &'static str,
    /// Shown instead of the unsaved indicator when marks cannot be changed.
    pub read_only: &'static str,
    /// Label of the progress gauge in the header.
    pub progress: &'static str,
    /// Detail pane: the reviewed mark, the flag, the note, progress.
    pub reviewed: &'static str,
    pub not_reviewed: &'static str,
    pub flagged: &'static str,
    pub note: &'static str,
    pub items_reviewed: &'static str,
    pub reviewers: &'static str,
    /// Title of the note editor.
    pub note_title: &'static str,
    /// Keys in the note editor's frame.
    pub note_keys: &'static str,
    /// The frame after a first Esc on an edited note.
    pub note_discard: &'static str,
    /// Shown in an empty note editor: of a note that exists (saving it
    /// empty removes it), of a new one.
    pub note_empty_hint: &'static str,
    pub note_new_hint: &'static str,
    /// Title of the confirmation box and its keys.
    pub confirm_title: &'static str,
    pub confirm_keys: &'static str,
    /// Status line piece while the unreviewed filter is on.
    pub unreviewed_only: &'static str,
    /// Tree placeholder when the unreviewed filter leaves nothing.
    pub all_reviewed: &'static str,
    /// Heading of the state file in the help.
    pub state_file: &'static str,
    /// Status line hint for Space.
    pub hint_mark: &'static str,
    /// Heading of the note editor's keys in the help.
    pub note_help: &'static str,
    /// The note editor's own keys in the help: keys, then what they do
    /// (the line editing keys of the prompt work too).
    pub note_editing: [(&'static str, &'static str); 4],
    /// Messages.
    pub pick_a_node: &'static str,
    pub nothing_to_undo: &'static str,
    pub cancelled: &'static str,
    pub note_unchanged: &'static str,
    pub saved: &'static str,
    pub no_marks: &'static str,
    pub none_unreviewed: &'static str,
    pub wrapped_to_top: &'static str,
    pub wrapped_to_bottom: &'static str,
    pub quit_unsaved: &'static str,
    /// After ✓ on a heading, which progress does not count.
    pub heading_not_counted: &'static str,
    /// The status line while the note editor is open, before its keys.
    pub note_status: &'static str,
    /// The status line while a question is open.
    pub confirm_status: &'static str,
}

const VI: ReviewWords = ReviewWords {
    unsaved: "CHƯA LƯU",
    read_only: "CHỈ XEM",
    progress: "Đã duyệt",
    reviewed: "Đã duyệt",
    not_reviewed: "Chưa duyệt",
    flagged: "Cần theo dõi",
    note: "Ghi chú",
    items_reviewed: "Tiến độ",
    reviewers: "Người duyệt",
    note_title: "Ghi chú",
    note_keys: "Ctrl-s: lưu · Esc: hủy · Enter: xuống dòng",
    note_discard: "Esc lần nữa: bỏ nội dung vừa gõ · Ctrl-s: lưu",
    note_empty_hint: "(ghi chú trống: lưu sẽ xóa ghi chú)",
    note_new_hint: "(gõ ghi chú cho mục này; Ctrl-s: lưu)",
    confirm_title: "Xác nhận",
    confirm_keys: "y/c: đồng ý · n/k/Esc: thôi",
    unreviewed_only: "chỉ mục chưa duyệt",
    all_reviewed: "(đã duyệt hết ✓)",
    state_file: "Tệp lưu dấu duyệt",
    hint_mark: "duyệt ✓",
    note_help: "Trong ô ghi chú (gõ tiếng Việt như bình thường)",
    note_editing: [
        ("Ctrl-s", "Lưu ghi chú (để trống là xóa)"),
        ("Esc Ctrl-c", "Hủy (đã gõ gì thì bấm hai lần)"),
        ("Enter", "Xuống dòng"),
        ("↑ ↓ Ctrl-Home/End", "Lên/xuống một dòng, về đầu/cuối"),
    ],
    pick_a_node: "Hãy chọn một mục của văn bản để đánh dấu",
    nothing_to_undo: "Không còn gì để hoàn tác",
    cancelled: "Đã thôi, không thay đổi gì",
    note_unchanged: "Ghi chú không đổi, không có gì để lưu",
    saved: "Đã lưu mọi dấu vào tệp",
    no_marks: "Chưa có dấu nào để xóa",
    none_unreviewed: "Đã duyệt hết, không còn mục nào chưa duyệt ✓",
    wrapped_to_top: "Hết phía dưới, quay lại từ đầu",
    wrapped_to_bottom: "Hết phía trên, quay lại từ cuối",
    quit_unsaved: "Thay đổi gần nhất CHƯA được lưu vào tệp và sẽ mất. Vẫn thoát?",
    heading_not_counted: "Mục lớn không tính vào tiến độ; A: duyệt cả nhánh",
    note_status: "Đang viết ghi chú",
    confirm_status: "Đang hỏi xác nhận · y/c: đồng ý · n/k/Esc: thôi",
};

const EN: ReviewWords = ReviewWords {
    unsaved: "NOT SAVED",
    read_only: "READ-ONLY",
    progress: "Reviewed",
    reviewed: "Reviewed",
    not_reviewed: "Not reviewed",
    flagged: "Needs follow-up",
    note: "Note",
    items_reviewed: "Progress",
    reviewers: "Reviewers",
    note_title: "Note",
    note_keys: "Ctrl-s: save · Esc: cancel · Enter: new line",
    note_discard: "Esc again: drop what you typed · Ctrl-s: save",
    note_empty_hint: "(an empty note: saving removes the note)",
    note_new_hint: "(type a note on this entry; Ctrl-s: save)",
    confirm_title: "Confirm",
    confirm_keys: "y: yes · n/Esc: no",
    unreviewed_only: "unreviewed only",
    all_reviewed: "(everything is reviewed ✓)",
    state_file: "Review state file",
    hint_mark: "reviewed ✓",
    note_help: "In the note editor",
    note_editing: [
        ("Ctrl-s", "Save the note (empty removes it)"),
        ("Esc Ctrl-c", "Cancel (twice after typing)"),
        ("Enter", "New line"),
        ("↑ ↓ Ctrl-Home/End", "Up/down a row, to the start/end"),
    ],
    pick_a_node: "Select an entry of the notice to mark it",
    nothing_to_undo: "Nothing to undo",
    cancelled: "Cancelled, nothing changed",
    note_unchanged: "The note is unchanged, nothing to save",
    saved: "Every mark is saved to the file",
    no_marks: "There are no marks to clear",
    none_unreviewed: "Everything is reviewed ✓",
    wrapped_to_top: "None below, from the top",
    wrapped_to_bottom: "None above, from the bottom",
    quit_unsaved: "The last change is NOT saved to the file and will be lost. Quit anyway?",
    heading_not_counted: "Headings do not count in the progress; A marks the whole branch",
    note_status: "Writing a note",
    confirm_status: "Waiting for an answer · y: yes · n/Esc: no",
};

impl Lang {
    /// The review words for this language.
    pub fn review(self) -> &'static ReviewWords {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// The question before marking the branch `what`, `n` items as its
    /// progress counts them (`done` of them reviewed already), reviewed
    /// (`on`) or not.
    pub fn confirm_subtree(self, what: &str, n: usize, done: usize, on: bool) -> String {
        let items = if n == 1 { "item" } else { "items" };
        match (self, on) {
            (Lang::Vi, true) if done > 0 => {
                format!(
                    "Đánh dấu ĐÃ DUYỆT cả nhánh «{what}» ({n} mục, {done} mục đã duyệt từ trước)?"
                )
            }
            (Lang::En, true) if done > 0 => format!(
                "Mark the whole branch «{what}» ({n} {items}, {done} reviewed already) REVIEWED?"
            ),
            (Lang::Vi, true) => format!("Đánh dấu ĐÃ DUYỆT cả nhánh «{what}» ({n} mục)?"),
            (Lang::Vi, false) => format!("Bỏ dấu đã duyệt của cả nhánh «{what}» ({n} mục)?"),
            (Lang::En, true) => format!("Mark the whole branch «{what}» ({n} {items}) REVIEWED?"),
            (Lang::En, false) => {
                format!("Clear the reviewed marks of the whole branch «{what}» ({n} {items})?")
            }
        }
    }

    /// After a branch was marked: `n` items of `what` changed, now
    /// reviewed (`on`) or not.
    pub fn branch_marked(self, what: &str, n: usize, on: bool) -> String {
        let items = if n == 1 { "item" } else { "items" };
        match (self, on) {
            (Lang::Vi, true) => format!("Đã duyệt {n} mục của «{what}» · u: hoàn tác"),
            (Lang::Vi, false) => format!("Đã bỏ duyệt {n} mục của «{what}» · u: hoàn tác"),
            (Lang::En, true) => format!("Marked {n} {items} of «{what}» reviewed · u: undo"),
            (Lang::En, false) => format!("Unmarked {n} {items} of «{what}» · u: undo"),
        }
    }

    /// After every mark of `n` entries was cleared.
    pub fn marks_cleared(self, n: usize) -> String {
        match self {
            Lang::Vi => format!("Đã xóa toàn bộ dấu của {n} mục · u: hoàn tác"),
            Lang::En if n == 1 => "Cleared every mark of 1 entry · u: undo".to_string(),
            Lang::En => format!("Cleared every mark of {n} entries · u: undo"),
        }
    }

    /// After the note of `id` was saved, or removed (saved empty).
    pub fn note_saved(self, id: &str, removed: bool) -> String {
        match (self, removed) {
            (Lang::Vi, false) => format!("Đã lưu ghi chú của {id}"),
            (Lang::Vi, true) => format!("Đã xóa ghi chú của {id}"),
            (Lang::En, false) => format!("Note on {id} saved"),
            (Lang::En, true) => format!("Note on {id} removed"),
        }
    }

    /// The question before clearing the marks of `n` nodes.
    pub fn confirm_reset(self, n: usize) -> String {
        match self {
            Lang::Vi => format!(
                "Xóa TOÀN BỘ dấu (✓, ⚑, ghi chú) của {n} mục trong văn bản này? Có thể hoàn tác bằng u."
            ),
            Lang::En => {
                let entries = if n == 1 { "entry" } else { "entries" };
                format!(
                    "Clear ALL marks (✓, ⚑, notes) of {n} {entries} of this notice? u undoes it."
                )
            }
        }
    }

    /// What an undo took back, on `id` when there is one.
    pub fn undone(self, edit: Edit, id: Option<&str>) -> String {
        let what = match (self, edit) {
            (Lang::Vi, Edit::Reviewed) => "dấu đã duyệt ✓",
            (Lang::Vi, Edit::Flagged) => "dấu cần theo dõi ⚑",
            (Lang::Vi, Edit::Note) => "ghi chú",
            (Lang::Vi, Edit::Subtree) => "đánh dấu cả nhánh",
            (Lang::Vi, Edit::Reset) => "xóa toàn bộ dấu",
            (Lang::En, Edit::Reviewed) => "the reviewed mark ✓",
            (Lang::En, Edit::Flagged) => "the follow-up flag ⚑",
            (Lang::En, Edit::Note) => "the note",
            (Lang::En, Edit::Subtree) => "the marking of a branch",
            (Lang::En, Edit::Reset) => "the clearing of all marks",
        };
        let on = id.map(|id| format!(" ({id})")).unwrap_or_default();
        match self {
            Lang::Vi => format!("Đã hoàn tác: {what}{on}"),
            Lang::En => format!("Undone: {what}{on}"),
        }
    }

    /// Where the minutes were written.
    pub fn exported(self, path: &Path) -> String {
        match self {
            Lang::Vi => format!("Đã ghi biên bản: {}", path.display()),
            Lang::En => format!("Minutes written to {}", path.display()),
        }
    }

    /// "12/40 items reviewed (30%)" for the document's detail.
    pub fn reviewed_of(self, reviewed: usize, total: usize, percent: usize) -> String {
        match self {
            Lang::Vi => format!("{reviewed}/{total} mục ({percent}%)"),
            Lang::En => format!("{reviewed}/{total} items ({percent}%)"),
        }
    }

    /// "3 flagged" for the document's detail.
    pub fn flagged_count(self, n: usize) -> String {
        match self {
            Lang::Vi => format!("{n} mục cần theo dõi"),
            Lang::En if n == 1 => "1 entry needs follow-up".to_string(),
            Lang::En => format!("{n} entries need follow-up"),
        }
    }
}
