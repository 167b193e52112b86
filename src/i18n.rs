//! User-facing words in Vietnamese (the default) and English.

use crate::action::Action;
use crate::doc::Kind;

mod io;
mod review;

pub use io::{io_reason, read_reason};
pub use review::{FLAGGED, NOTE, REVIEWED, ReviewWords};

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Picks the language: an explicit choice wins, then `KETLUAN_LANG`
    /// (`en`/`vi`, case-insensitive, region suffixes ignored), else Vietnamese.
    pub fn resolve(explicit: Option<Lang>, env: Option<&str>) -> Lang {
        explicit
            .or_else(|| env.and_then(Lang::from_env))
            .unwrap_or(Lang::Vi)
    }

    /// Whether `KETLUAN_LANG=value` names a language: `vi` or `en`, with
    /// any region suffix (`en_US.UTF-8`), or nothing.
    pub fn is_known(value: &str) -> bool {
        value.trim().is_empty() || Lang::from_env(value).is_some()
    }

    /// The language `KETLUAN_LANG=value` names, if any.
    fn from_env(value: &str) -> Option<Lang> {
        let v = value.trim().to_ascii_lowercase();
        if v.starts_with("en") {
            Some(Lang::En)
        } else if v.starts_with("vi") {
            Some(Lang::Vi)
        } else {
            None
        }
    }

    /// The name of a node kind, as a reader would say it.
    pub fn kind_name(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Lang::Vi, Kind::Heading) => "Mục",
            (Lang::Vi, Kind::Point) => "Ý",
            (Lang::Vi, Kind::Strength) => "Kết quả",
            (Lang::Vi, Kind::Weakness) => "Hạn chế",
            (Lang::Vi, Kind::Cause) => "Nguyên nhân",
            (Lang::Vi, Kind::Task) => "Nhiệm vụ",
            (Lang::En, Kind::Heading) => "Heading",
            (Lang::En, Kind::Point) => "Point",
            (Lang::En, Kind::Strength) => "Strength",
            (Lang::En, Kind::Weakness) => "Weakness",
            (Lang::En, Kind::Cause) => "Cause",
            (Lang::En, Kind::Task) => "Task",
        }
    }

    /// [`Lang::kind_name`] where it stands alone, as in a legend or a
    /// list of counts: "Mục" alone would also read as any entry (what the
    /// progress counts), so a heading is "Mục lớn".
    pub fn kind_name_alone(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Lang::Vi, Kind::Heading) => "Mục lớn",
            _ => self.kind_name(kind),
        }
    }

    /// How many nodes of each kind `counts` has (by [`Kind::index`]), as
    /// `check` and `import` say it: `mục lớn 11, ý 0, kết quả 9, …`, or
    /// in English the kinds as the file writes them (`heading 11, …`).
    pub fn kind_counts(self, counts: &[usize]) -> String {
        Kind::ALL
            .iter()
            .map(|&k| {
                let n = counts.get(k.index()).copied().unwrap_or(0);
                match self {
                    Lang::Vi => format!("{} {n}", self.kind_name_alone(k).to_lowercase()),
                    Lang::En => format!("{} {n}", k.as_str()),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A one-character marker per kind, distinct without colour.
    pub fn kind_symbol(kind: Kind) -> &'static str {
        match kind {
            Kind::Heading => "§",
            Kind::Point => "•",
            Kind::Strength => "+",
            Kind::Weakness => "−",
            Kind::Cause => "?",
            Kind::Task => "→",
        }
    }
}

/// The words of the browser's interface, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// Title of the tree pane.
    pub tree: &'static str,
    /// Title of the detail pane.
    pub detail: &'static str,
    /// Title of the help overlay.
    pub help: &'static str,
    /// Tree entry for the document's opening metadata.
    pub front: &'static str,
    /// Tree entry for the closing, signature and recipients.
    pub back: &'static str,
    pub number: &'static str,
    pub date: &'static str,
    pub issuer: &'static str,
    pub chair: &'static str,
    pub closing: &'static str,
    pub recipients: &'static str,
    pub signer: &'static str,
    /// Heading of the children list in the detail pane.
    pub contents: &'static str,
    /// Heading of the help's section on the tree's symbols.
    pub symbols: &'static str,
    /// In that section: the document's own row (≡), an unfolded entry
    /// (▾), a folded one (▸), and the reviewed count of the items under
    /// an entry (`[n/m]`).
    pub document_symbol: &'static str,
    pub open_symbol: &'static str,
    pub folded_symbol: &'static str,
    pub progress_symbol: &'static str,
    /// Heading of the mouse section of the help.
    pub mouse: &'static str,
    /// Mouse help lines: what the pointer does, then its effect.
    pub mouse_help: [(&'static str, &'static str); 5],
    /// Heading of the key section of the help.
    pub keys: &'static str,
    /// Status line hints.
    pub hint_help: &'static str,
    pub hint_focus: &'static str,
    pub hint_quit: &'static str,
    /// Hint at the bottom of the help overlay.
    pub hint_close_help: &'static str,
    /// Status line hint for `/`.
    pub hint_search: &'static str,
    /// Status line hints while a search or filter is active: `n`/`N`, `x`.
    pub hint_next: &'static str,
    pub hint_clear: &'static str,
    /// Label of the search prompt on the status line.
    pub search: &'static str,
    /// Shown when the query or filter finds nothing.
    pub no_match: &'static str,
    /// Status line while the rest of a large notice loads, before the
    /// percentage.
    pub loading: &'static str,
    /// Message for a key that needs the whole notice, while it loads.
    pub still_loading: &'static str,
    /// Header label of the match count ("Khớp 7").
    pub matches: &'static str,
    /// Label of the active kind filter on the status line.
    pub filter: &'static str,
    /// The sparse view is on.
    pub sparse: &'static str,
    /// Tree placeholder when a sparse view shows no match.
    pub sparse_empty: &'static str,
    /// Said when the sparse view is turned on with nothing to match.
    pub sparse_needs_search: &'static str,
    /// Said for n and N with no search, and for x with nothing to clear.
    pub no_search_yet: &'static str,
    pub nothing_to_clear: &'static str,
    /// Prompt hints on the status line.
    pub hint_accept: &'static str,
    pub hint_cancel: &'static str,
    /// Heading of the search prompt section of the help.
    pub prompt_keys: &'static str,
    /// The line editor's keys in the help: keys, then what they do.
    pub editing_help: [(&'static str, &'static str); 4],
}

const VI: Words = Words {
    tree: "Mục lục",
    detail: "Nội dung",
    help: "Trợ giúp",
    front: "Văn bản",
    back: "Phần cuối",
    number: "Số",
    date: "Ngày",
    issuer: "Cơ quan ban hành",
    chair: "Chủ trì",
    closing: "Kết thúc",
    recipients: "Nơi nhận",
    signer: "Người ký",
    contents: "Gồm",
    symbols: "Ký hiệu",
    document_symbol: "Thông tin của văn bản",
    open_symbol: "Mục đang mở",
    folded_symbol: "Mục đang gập; (+n): số mục ẩn bên trong",
    progress_symbol: "Đã duyệt n trên m mục bên trong",
    mouse: "Chuột",
    mouse_help: [
        ("Nhấp vào dòng", "Chọn mục"),
        ("Nhấp vào ▸/▾", "Gập/mở mục"),
        ("Nhấp mục con ở Nội dung", "Chọn mục con đó"),
        ("Lăn con lăn chuột", "Cuộn khung dưới con trỏ"),
        ("Nhấp dòng trạng thái", "Đổi khung (khi chỉ hiện một khung)"),
    ],
    keys: "Phím",
    hint_help: "trợ giúp",
    hint_focus: "đổi khung",
    hint_quit: "thoát",
    hint_close_help: "Esc/?: đóng",
    hint_search: "tìm",
    hint_next: "tiếp/trước",
    hint_clear: "bỏ lọc",
    search: "Tìm",
    no_match: "Không tìm thấy",
    loading: "Đang tải",
    still_loading: "Văn bản đang được tải; tìm kiếm và đánh dấu dùng được khi tải xong",
    matches: "Khớp",
    filter: "Lọc",
    sparse: "chỉ mục khớp",
    sparse_empty: "(không có mục nào khớp)",
    sparse_needs_search: "Đã bật chỉ mục khớp; tìm bằng / (hoặc lọc loại bằng S W C T) để thu gọn cây",
    no_search_yet: "Chưa tìm gì; bấm / để tìm",
    nothing_to_clear: "Không có tìm kiếm hay bộ lọc nào để bỏ",
    hint_accept: "xong",
    hint_cancel: "hủy",
    prompt_keys: "Trong ô tìm kiếm (gõ có dấu hay không dấu đều được)",
    editing_help: [
        ("← → Home End", "Di chuyển theo từng chữ"),
        ("Backspace Ctrl-h Del", "Xóa một chữ"),
        ("Ctrl-w Alt-Backspace", "Xóa một từ"),
        ("Ctrl-u Ctrl-k", "Xóa đến đầu/cuối dòng"),
    ],
};

const EN: Words = Words {
    tree: "Contents",
    detail: "Detail",
    help: "Help",
    front: "Document",
    back: "Closing",
    number: "Number",
    date: "Date",
    issuer: "Issued by",
    chair: "Chaired by",
    closing: "Closing",
    recipients: "Recipients",
    signer: "Signed",
    contents: "Contains",
    symbols: "Symbols",
    document_symbol: "The document's details",
    open_symbol: "Unfolded entry",
    folded_symbol: "Folded entry; (+n): entries hidden inside",
    progress_symbol: "n of the m items inside reviewed",
    mouse: "Mouse",
    mouse_help: [
        ("Click a row", "Select it"),
        ("Click ▸/▾", "Fold/unfold"),
        ("Click a child in Detail", "Select that child"),
        ("Wheel", "Scroll the pane under the pointer"),
        ("Click the status line", "Switch pane (when only one shows)"),
    ],
    keys: "Keys",
    hint_help: "help",
    hint_focus: "switch pane",
    hint_quit: "quit",
    hint_close_help: "Esc/?: close",
    hint_search: "search",
    hint_next: "next/previous",
    hint_clear: "clear",
    search: "Search",
    no_match: "No match",
    loading: "Loading",
    still_loading: "The notice is still loading; search and marks work once it is loaded",
    matches: "Matches",
    filter: "Filter",
    sparse: "matches only",
    sparse_empty: "(nothing matches)",
    sparse_needs_search: "Matches only is on; search with / (or filter kinds with S W C T) to narrow the tree",
    no_search_yet: "No search yet; press / to search",
    nothing_to_clear: "No search or filter to clear",
    hint_accept: "done",
    hint_cancel: "cancel",
    prompt_keys: "In the search prompt (accents optional)",
    editing_help: [
        ("← → Home End", "Move by letter"),
        ("Backspace Ctrl-h Del", "Delete a letter"),
        ("Ctrl-w Alt-Backspace", "Delete a word"),
        ("Ctrl-u Ctrl-k", "Delete to the start/end"),
    ],
};

impl Lang {
    /// `vi` or `en`, whichever is this language's.
    pub fn pick<T>(self, vi: T, en: T) -> T {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The interface words for this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// "Total N" for the header counts.
    pub fn total(self, n: usize) -> String {
        match self {
            Lang::Vi => format!("Tổng {n}"),
            Lang::En => format!("Total {n}"),
        }
    }

    /// The count of nodes so far while a notice loads: not yet the total.
    pub fn loaded_so_far(self, n: usize) -> String {
        match self {
            Lang::Vi => format!("Đã tải {n}…"),
            Lang::En => format!("{n} loaded…"),
        }
    }

    /// "N items", e.g. for the list of children.
    pub fn item_count(self, n: usize) -> String {
        match self {
            Lang::Vi => format!("{n} mục"),
            Lang::En if n == 1 => "1 item".to_string(),
            Lang::En => format!("{n} items"),
        }
    }

    /// What a keyboard action does, for the help overlay. Actions that
    /// come only from the mouse or the terminal get an empty string.
    pub fn action_help(self, action: &Action) -> &'static str {
        use Action as A;
        let (vi, en) = match action {
            A::Down => ("Xuống một dòng", "Move down"),
            A::Up => ("Lên một dòng", "Move up"),
            A::FoldOrParent => ("Gập, hoặc về mục cha", "Fold, or go to the parent"),
            A::UnfoldOrChild => (
                "Mở, hoặc vào mục con đầu tiên",
                "Unfold, or go to the first child",
            ),
            A::ToggleFold => ("Gập/mở mục đang chọn", "Fold/unfold the selection"),
            A::First => ("Về đầu", "Go to the top"),
            A::Last => ("Về cuối", "Go to the bottom"),
            A::PageUp => ("Lên một trang", "Page up"),
            A::PageDown => ("Xuống một trang", "Page down"),
            A::HalfPageUp => ("Lên nửa trang", "Half a page up"),
            A::HalfPageDown => ("Xuống nửa trang", "Half a page down"),
            A::NextSibling => ("Mục cùng cấp kế tiếp", "Next sibling"),
            A::PrevSibling => ("Mục cùng cấp trước đó", "Previous sibling"),
            A::Parent => ("Về mục cha", "Go to the parent"),
            A::FoldAll => ("Gập tất cả", "Fold all"),
            A::UnfoldAll => ("Mở tất cả", "Unfold all"),
            A::FoldToLevel(_) => ("Chỉ hiện đến cấp 1–9", "Show levels 1–9 only"),
            A::FocusNext => (
                "Chuyển giữa mục lục và nội dung",
                "Switch between contents and detail",
            ),
            A::Back => ("Đóng trợ giúp, về mục lục", "Close help, back to contents"),
            A::ToggleHelp => ("Bật/tắt trợ giúp", "Show/hide this help"),
            A::Quit => ("Thoát", "Quit"),
            A::OpenSearch => (
                "Tìm kiếm (không dấu cũng tìm được)",
                "Search (accents optional)",
            ),
            A::NextMatch => ("Kết quả tìm tiếp theo", "Next match"),
            A::PrevMatch => ("Kết quả tìm trước đó", "Previous match"),
            A::ToggleSparse => (
                "Chỉ hiện mục khớp (bật/tắt)",
                "Show only the matches (on/off)",
            ),
            A::ToggleKind(Kind::Strength) => (
                "Lọc: chỉ Kết quả (bật/tắt)",
                "Filter: strengths only (on/off)",
            ),
            A::ToggleKind(Kind::Weakness) => (
                "Lọc: chỉ Hạn chế (bật/tắt)",
                "Filter: weaknesses only (on/off)",
            ),
            A::ToggleKind(Kind::Cause) => (
                "Lọc: chỉ Nguyên nhân (bật/tắt)",
                "Filter: causes only (on/off)",
            ),
            A::ToggleKind(Kind::Task) => {
                ("Lọc: chỉ Nhiệm vụ (bật/tắt)", "Filter: tasks only (on/off)")
            }
            A::ToggleKind(Kind::Heading) => {
                ("Lọc: chỉ Mục (bật/tắt)", "Filter: headings only (on/off)")
            }
            A::ToggleKind(Kind::Point) => ("Lọc: chỉ Ý (bật/tắt)", "Filter: points only (on/off)"),
            A::ClearSearch => ("Xóa tìm kiếm và bộ lọc", "Clear the search and filters"),
            A::SearchAccept => ("Giữ từ khóa, về duyệt", "Keep the query, back to browsing"),
            A::SearchCancel => (
                "Thôi sửa, về như trước khi mở ô tìm",
                "Cancel: back to as before the prompt",
            ),
            A::ToggleReviewed => ("Đánh dấu/bỏ dấu đã duyệt ✓", "Mark/unmark reviewed ✓"),
            A::ToggleFlagged => (
                "Đánh dấu/bỏ dấu cần theo dõi ⚑",
                "Flag/unflag for follow-up ⚑",
            ),
            A::EditNote => ("Viết ghi chú cho mục ✎", "Write a note on the entry ✎"),
            A::MarkSubtree => (
                "Duyệt cả nhánh (hỏi trước)",
                "Mark a whole branch (asks first)",
            ),
            A::Undo => (
                "Hoàn tác thay đổi dấu gần nhất",
                "Undo the last mark change",
            ),
            A::NextUnreviewed => ("Mục chưa duyệt tiếp theo", "Next unreviewed item"),
            A::PrevUnreviewed => ("Mục chưa duyệt trước đó", "Previous unreviewed item"),
            A::ToggleUnreviewed => (
                "Chỉ hiện mục chưa duyệt (bật/tắt)",
                "Show only unreviewed items (on/off)",
            ),
            A::ExportMinutes => (
                "Xuất biên bản cạnh tệp lưu dấu",
                "Export the minutes (Markdown)",
            ),
            A::ResetMarks => (
                "Xóa toàn bộ dấu (hỏi trước)",
                "Clear all marks (asks first)",
            ),
            A::SaveMarks => ("Lưu lại dấu (khi chưa lưu được)", "Retry saving the marks"),
            A::Click { .. }
            | A::ScrollUp { .. }
            | A::ScrollDown { .. }
            | A::Resize { .. }
            | A::LoadProgress { .. }
            | A::Input(_)
            | A::Paste(_)
            | A::Confirm(_) => ("", ""),
        };
        self.pick(vi, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_choice_beats_environment() {
        assert_eq!(Lang::resolve(Some(Lang::Vi), Some("en")), Lang::Vi);
        assert_eq!(Lang::resolve(None, Some("EN_us")), Lang::En);
        assert_eq!(Lang::resolve(None, Some("fr")), Lang::Vi);
        // Only the unknown value is worth a warning.
        assert!(Lang::is_known("vi_VN.UTF-8") && Lang::is_known(" EN ") && Lang::is_known(""));
        assert!(!Lang::is_known("fr"));
        assert_eq!(Lang::resolve(None, None), Lang::Vi);
    }

    #[test]
    fn every_kind_has_a_distinct_symbol_and_names() {
        let mut symbols: Vec<&str> = Kind::ALL.iter().map(|k| Lang::kind_symbol(*k)).collect();
        symbols.sort_unstable();
        symbols.dedup();
        assert_eq!(symbols.len(), Kind::ALL.len());
        for kind in Kind::ALL {
            assert!(!Lang::Vi.kind_name(kind).is_empty());
            assert!(!Lang::En.kind_name(kind).is_empty());
        }
    }
}
