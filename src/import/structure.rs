//! Numbering patterns to a tree.
//!
//! Items are placed with a stack of open items, as a reader would: an item
//! whose marker style is already open ("3." after "2." and its bullets)
//! closes everything opened since and becomes a sibling; an item of a new
//! style opens one level deeper. Ordered styles also have a fixed rank
//! ("III" never goes under "2."), so a document that skips a level still
//! nests sensibly. Paragraphs without a marker are group lines (ending with
//! a colon, or "Tuy nhiên, ..." before a list), items of their own under a
//! heading, further paragraphs of the item above, or the rest of a sentence
//! broken by a blank line or page break.
//!
//! A Markdown heading is a section: it closes the lists above it and the
//! headings of its own or a deeper level, and goes under the nearest
//! shallower one, whatever the lists were numbered. (A numbered heading
//! follows its numbering first; see [`Builder::close_for_heading`].)
//!
//! Everything here is loops over the paragraphs and the stack: a notice
//! nested 100,000 deep costs no call depth, and each item is pushed and
//! popped once.

use std::collections::HashMap;

use super::Note;
use super::kinds;
use super::marker::{Marker, Style};
use super::para::{Gap, Para, ends_colon, ends_terminal, starts_lower};

/// How an item reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A heading: Roman numerals, emphasized or Markdown-heading lines,
    /// "*" group lines.
    Title,
    /// A numbered line without closing punctuation: a heading when items
    /// follow under it, else a point.
    MaybeTitle,
    /// A line without a marker introducing the items under it.
    Group,
    /// Body text.
    Text,
}

impl Role {
    /// Written as `title` (a heading) rather than `text`.
    pub(crate) fn is_title(self) -> bool {
        matches!(self, Role::Title | Role::Group)
    }

    fn introduces(self) -> bool {
        matches!(self, Role::Title | Role::MaybeTitle | Role::Group)
    }
}

/// One item of the body, in document order (a parent before its children).
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub parent: Option<usize>,
    pub marker: Option<Marker>,
    pub role: Role,
    /// Paragraphs of the item; a heading has exactly one.
    pub paras: Vec<String>,
    /// Source line where the item starts.
    pub no: usize,
    /// The level of a Markdown heading (1 for `#`), `None` for other items.
    pub heading: Option<u8>,
    /// The indentation of its first line in the source.
    pub indent: usize,
    pub children: usize,
    pub notes: Vec<Note>,
}

/// Longest line (in characters) read as a heading when it is a numbered
/// line without closing punctuation, or an emphasized line.
const MAX_HEADING_CHARS: usize = 250;

/// What an open item answers to when a later item looks for its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Style(Style),
    /// An unnumbered group line. It took the place of a sibling item whose
    /// ordered style it `displaced`, so that numbering continuing after
    /// the group ("3." … "Tuy nhiên …:" … "4.") stays at that level.
    Group {
        displaced: Option<Style>,
    },
    /// An unnumbered item of its own (never a parent of numbered items).
    Unlabeled,
    /// An unnumbered Markdown heading: only a heading closes it, and a
    /// group line under it never takes its place.
    Heading,
}

impl Key {
    fn answers(self) -> Option<Style> {
        match self {
            Key::Style(s) => Some(s),
            Key::Group { displaced } => displaced.filter(|s| s.is_ordered()),
            Key::Unlabeled | Key::Heading => None,
        }
    }

    fn rank(self) -> Option<u8> {
        self.answers().and_then(Style::rank)
    }
}

#[derive(Debug, Clone, Copy)]
struct Open {
    item: usize,
    key: Key,
}

/// The open items from the top level down, with counts that make every
/// lookup cost no more than the entries it pops.
#[derive(Debug, Default)]
struct Stack {
    open: Vec<Open>,
    by_style: HashMap<Style, usize>,
    by_rank: [usize; Style::RANKS],
    /// Positions in `open` of the group lines and of the Markdown
    /// headings (`Key::Heading`), innermost last.
    groups: Vec<usize>,
    headings: Vec<usize>,
    /// Positions in `open` of the items numbered by letters or lowercase
    /// Roman numerals, innermost last (see [`Builder::roman_or_letter`]).
    lettered: Vec<usize>,
}

impl Stack {
    fn top(&self) -> Option<Open> {
        self.open.last().copied()
    }

    fn push(&mut self, open: Open) {
        if let Some(s) = open.key.answers() {
            *self.by_style.entry(s).or_default() += 1;
        }
        if let Some(r) = open.key.rank() {
            self.by_rank[r as usize] += 1;
        }
        match open.key {
            Key::Group { .. } => self.groups.push(self.open.len()),
            Key::Heading => self.headings.push(self.open.len()),
            Key::Style(Style::Letter | Style::LowerRoman) => self.lettered.push(self.open.len()),
            Key::Style(_) | Key::Unlabeled => {}
        }
        self.open.push(open);
    }

    fn pop(&mut self) -> Option<Open> {
        let open = self.open.pop()?;
        if let Some(s) = open.key.answers()
            && let Some(n) = self.by_style.get_mut(&s)
        {
            *n -= 1;
        }
        if let Some(r) = open.key.rank() {
            self.by_rank[r as usize] -= 1;
        }
        match open.key {
            Key::Group { .. } => {
                self.groups.pop();
            }
            Key::Heading => {
                self.headings.pop();
            }
            Key::Style(Style::Letter | Style::LowerRoman) => {
                self.lettered.pop();
            }
            Key::Style(_) | Key::Unlabeled => {}
        }
        Some(open)
    }

    /// Pops up to and including the innermost item answering to `style`;
    /// false (and nothing popped) when none is open.
    fn close_style(&mut self, style: Style) -> bool {
        if self.by_style.get(&style).copied().unwrap_or(0) == 0 {
            return false;
        }
        while let Some(open) = self.pop() {
            if open.key.answers() == Some(style) {
                break;
            }
        }
        true
    }

    /// Pops everything from the outermost item whose rank is `rank` or
    /// deeper: such an item cannot contain one of rank `rank`.
    fn close_ranked_from(&mut self, rank: u8) {
        let mut left: usize = self.by_rank[rank as usize..].iter().sum();
        while left > 0 {
            let Some(open) = self.pop() else { break };
            if open.key.rank().is_some_and(|r| r >= rank) {
                left -= 1;
            }
        }
    }

    /// Whether an item of `style` would close an open item (rather than
    /// open a level under the last one).
    fn would_close(&self, style: Style) -> bool {
        self.by_style.get(&style).copied().unwrap_or(0) > 0
            || style
                .rank()
                .is_some_and(|r| self.by_rank[r as usize..].iter().sum::<usize>() > 0)
    }

    /// Pops up to and including the innermost group line; `None` (and
    /// nothing popped) when there is none under the innermost Markdown
    /// heading.
    fn close_group(&mut self) -> Option<Open> {
        let group = *self.groups.last()?;
        if self.headings.last().is_some_and(|&h| h > group) {
            return None;
        }
        while let Some(open) = self.pop() {
            if matches!(open.key, Key::Group { .. }) {
                return Some(open);
            }
        }
        None
    }
}

struct Builder {
    items: Vec<Item>,
    stack: Stack,
}

/// Builds the tree of the body paragraphs. The first paragraph should carry
/// a marker (the body starts at the first numbered item).
pub(crate) fn build(paras: &[Para]) -> Vec<Item> {
    let mut b = Builder {
        items: Vec::with_capacity(paras.len()),
        stack: Stack::default(),
    };
    for (i, p) in paras.iter().enumerate() {
        let next = paras.get(i + 1).and_then(|n| n.marker.as_ref());
        b.add(p, next);
    }
    for item in &mut b.items {
        if item.role == Role::MaybeTitle {
            if item.children > 0 {
                item.role = Role::Title;
                // A line kept apart already says why it is a title.
                if !item.notes.contains(&Note::OwnLine) {
                    item.notes.push(Note::HeadingGuess);
                }
            } else {
                item.role = Role::Text;
            }
        }
    }
    b.items
}

impl Builder {
    fn add(&mut self, p: &Para, next: Option<&Marker>) {
        // A Markdown heading never carries on the sentence above it.
        if p.marker.is_none() && p.heading.is_none() && self.join(p) {
            return;
        }
        match (&p.marker, p.heading) {
            (Some(m), _) => self.labelled(p, m, next),
            (None, Some(level)) => self.heading(p, level),
            (None, None) if self.is_group(p, next) => self.group(p),
            (None, None) => self.unlabeled(p),
        }
    }

    /// Adds `p` as an item numbered `marker` (which may differ from the
    /// parsed one, see [`Builder::roman_or_letter`]).
    fn push(
        &mut self,
        p: &Para,
        marker: Option<Marker>,
        parent: Option<usize>,
        role: Role,
        key: Key,
    ) {
        let idx = self.items.len();
        if let Some(parent) = parent {
            self.items[parent].children += 1;
        }
        self.items.push(Item {
            parent,
            marker,
            role,
            paras: vec![p.text.clone()],
            no: p.no,
            heading: p.heading,
            indent: p.indent,
            children: 0,
            notes: Vec::new(),
        });
        self.stack.push(Open { item: idx, key });
    }

    fn parent(&self) -> Option<usize> {
        self.stack.top().map(|o| o.item)
    }

    /// Joins `p` to the last item when it carries on that item's sentence
    /// across a blank line or a page break.
    fn join(&mut self, p: &Para) -> bool {
        let Some(last) = self.items.last_mut() else {
            return false;
        };
        let Some(prev) = last.paras.last_mut() else {
            return false;
        };
        if ends_terminal(prev) {
            return false;
        }
        let lower = starts_lower(&p.text);
        // Across a page break even a capital may go on with the sentence
        // ("của Ban Chấp hành" | "Trung ương"), unless the item above is a
        // heading, which rarely ends a page.
        let joins = match &p.gap {
            Gap::Page { .. } => lower || !last.role.introduces() || prev.ends_with(','),
            Gap::None | Gap::Blank => lower,
            Gap::Rule => false,
        };
        if !joins {
            return false;
        }
        prev.push(' ');
        prev.push_str(&p.text);
        let page = match &p.gap {
            Gap::Page { number } => Some(number.clone().unwrap_or_default()),
            _ => None,
        };
        last.notes.push(Note::Joined { line: p.no, page });
        true
    }

    /// Whether a paragraph without a marker introduces the items after it:
    /// it ends with a colon, is a short emphasized line, is nothing but
    /// section words ("Hạn chế", see [`kinds::section_line`]), or starts
    /// "Tuy nhiên" (or another contrast) right before a list that would go
    /// under it. ("3. …" "Tuy nhiên, …" "4. …": the "4." would close it at
    /// once, so the contrast is a further paragraph of "3.")
    fn is_group(&self, p: &Para, next: Option<&Marker>) -> bool {
        ends_colon(&p.text)
            || (p.styled && !ends_terminal(&p.text) && p.text.chars().count() <= MAX_HEADING_CHARS)
            || kinds::section_line(&p.text).is_some()
            || (next.is_some_and(|m| !self.stack.would_close(m.style))
                && kinds::contrast_led(&p.text))
    }

    /// A lone "i", "v" or "x", read as a careful reader would: a lowercase
    /// Roman numeral right before the next numeral ("i." then "ii.") or
    /// right after the open one before it ("iv." then "v."), a letter
    /// right after the open letter before it ("h)" then "i)"), else what
    /// the innermost open list of either kind is. Any other marker, and a
    /// lone letter with nothing around to tell, is returned as parsed.
    fn roman_or_letter(&self, m: &Marker, next: Option<&Marker>) -> Marker {
        let Some((roman, value)) = m.as_lower_roman() else {
            return m.clone();
        };
        if next.and_then(Marker::lower_roman_value) == Some(value + 1) {
            return roman;
        }
        let open: Vec<&Marker> = self
            .stack
            .lettered
            .iter()
            .rev()
            .filter_map(|&at| self.stack.open.get(at))
            .filter_map(|o| self.items[o.item].marker.as_ref())
            .collect();
        if open
            .iter()
            .any(|o| o.lower_roman_value() == Some(value - 1))
        {
            return roman;
        }
        if open.iter().any(|o| o.letter_precedes(m)) {
            return m.clone();
        }
        match open.first() {
            Some(o) if o.style == Style::LowerRoman => roman,
            _ => m.clone(),
        }
    }

    fn labelled(&mut self, p: &Para, m: &Marker, next: Option<&Marker>) {
        let m = self.roman_or_letter(m, next);
        let style = m.style;
        while self.stack.top().is_some_and(|o| o.key == Key::Unlabeled) {
            self.stack.pop();
        }
        if !self.stack.close_style(style)
            && let Some(rank) = style.rank()
        {
            self.stack.close_ranked_from(rank);
        }
        let chars = p.text.chars().count();
        // A heading never ends with a comma: that is a sentence broken off.
        let open_ended =
            chars <= MAX_HEADING_CHARS && !ends_terminal(&p.text) && !p.text.ends_with(',');
        let role = match style {
            Style::Roman | Style::UpperLetter => Role::Title,
            Style::Star if ends_colon(&p.text) || p.styled || open_ended => Role::Title,
            Style::Star | Style::Bullet(_) => Role::Text,
            _ if p.styled && chars <= MAX_HEADING_CHARS => Role::Title,
            _ if open_ended => Role::MaybeTitle,
            _ => Role::Text,
        };
        if let Some(level) = p.heading {
            self.close_for_heading(level, true);
        }
        let parent = self.parent();
        let note = parent.and_then(|at| self.bullet_under_bullet(at, &m, p.indent));
        self.push(p, Some(m), parent, role, Key::Style(style));
        if let Some(item) = self.items.last_mut() {
            item.notes.extend(note);
            if p.titled {
                item.notes.push(Note::OwnLine);
            }
        }
    }

    /// The note for a bullet item `m` (at `indent`) that opens a level
    /// under the item `parent`, a bullet of another glyph at the same
    /// indentation: "- … + … • …" printed flush is read as nested, the
    /// usual layout of notices, but the source does not show it.
    fn bullet_under_bullet(&self, parent: usize, m: &Marker, indent: usize) -> Option<Note> {
        let above = &self.items[parent];
        let glyph = match (m.style, above.marker.as_ref().map(|a| a.style)) {
            (Style::Bullet(_), Some(Style::Bullet(_))) => m.label.chars().next()?,
            _ => return None,
        };
        let under = above.marker.as_ref()?.label.chars().next()?;
        (above.children == 0 && above.indent == indent)
            .then_some(Note::BulletNested { glyph, under })
    }

    /// An unnumbered Markdown heading of `level`: a group line for what
    /// follows, placed by its level rather than by the lists above it.
    fn heading(&mut self, p: &Para, level: u8) {
        self.close_for_heading(level, false);
        let parent = self.parent();
        self.push(p, None, parent, Role::Group, Key::Heading);
    }

    /// Closes what a Markdown heading of `level` ends: open list items,
    /// group lines and paragraphs, and Markdown headings of `level` or
    /// deeper. Stops at a shallower Markdown heading and at a section
    /// numbered outside Markdown ("I.", "A."). A `numbered` heading has
    /// already been placed by its numbering, which also keeps the numbered
    /// items and headings it left open: notices mix Markdown levels with
    /// bold numbered lines ("## 2.2-" under a plain "2.", "### III-"
    /// beside "## II-").
    fn close_for_heading(&mut self, level: u8, numbered: bool) {
        while let Some(top) = self.stack.top() {
            let item = &self.items[top.item];
            let style = item.marker.as_ref().map(|m| m.style);
            let keep = match item.heading {
                Some(l) => l < level || (numbered && style.is_some()),
                None => {
                    matches!(style, Some(Style::Roman | Style::UpperLetter))
                        || (numbered && style.is_some_and(Style::is_ordered))
                }
            };
            if keep {
                break;
            }
            self.stack.pop();
        }
    }

    fn group(&mut self, p: &Para) {
        let (parent, displaced) = match self.stack.top() {
            None => (None, None),
            Some(top) => {
                let t = &self.items[top.item];
                let introduces =
                    t.role.introduces() || t.paras.last().is_some_and(|s| ends_colon(s));
                if introduces {
                    (Some(top.item), None)
                } else if let Some(Open {
                    key: Key::Group { displaced },
                    ..
                }) = self.stack.close_group()
                {
                    (self.parent(), displaced)
                } else {
                    self.stack.pop();
                    let displaced = top.key.answers().filter(|s| s.is_ordered());
                    (self.parent(), displaced)
                }
            }
        };
        self.push(p, None, parent, Role::Group, Key::Group { displaced });
        // Only the words made it a group line: the source does not show it.
        let words_only = !ends_colon(&p.text) && !p.styled;
        if words_only
            && kinds::section_line(&p.text).is_some()
            && let Some(item) = self.items.last_mut()
        {
            item.notes.push(Note::SectionLine);
        }
    }

    fn unlabeled(&mut self, p: &Para) {
        let Some(top) = self.stack.top() else {
            self.push(p, None, None, Role::Text, Key::Unlabeled);
            return;
        };
        let t = &self.items[top.item];
        if t.role.introduces() || t.paras.last().is_some_and(|s| ends_colon(s)) {
            self.push(p, None, Some(top.item), Role::Text, Key::Unlabeled);
        } else if top.key == Key::Unlabeled {
            self.stack.pop();
            let parent = self.parent();
            self.push(p, None, parent, Role::Text, Key::Unlabeled);
        } else {
            // A further paragraph of the numbered item above.
            self.items[top.item].paras.push(p.text.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::super::para::paragraphs;
    use super::*;

    /// The tree as indented lines: "label|role|text".
    fn outline(src: &str) -> Vec<String> {
        let items = build(&paragraphs(&lines(src)));
        let mut depth = vec![0usize; items.len()];
        items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                depth[i] = it.parent.map_or(0, |p| depth[p] + 1);
                let label = it.marker.as_ref().map_or("", |m| m.label.as_str());
                let role = match it.role {
                    Role::Title => "T",
                    Role::Group => "G",
                    Role::Text | Role::MaybeTitle => "X",
                };
                format!(
                    "{}{label}|{role}|{}",
                    "  ".repeat(depth[i]),
                    it.paras.join("¶")
                )
            })
            .collect()
    }

    #[test]
    fn numbering_nests_and_closes() {
        let src = "I. Một\n1. Ý một.\n2. Ý hai:\n2.1. Nhỏ\n- Gạch\n- Gạch\n2.2. Nhỏ hai\n3. Ý ba.\nII. Hai\n1) Ý\na. Chữ\nb. Chữ\n";
        assert_eq!(
            outline(src),
            [
                "I|T|Một",
                "  1|X|Ý một.",
                "  2|X|Ý hai:",
                "    2.1|T|Nhỏ",
                "      -|X|Gạch",
                "      -|X|Gạch",
                "    2.2|X|Nhỏ hai",
                "  3|X|Ý ba.",
                "II|T|Hai",
                "  1)|T|Ý",
                "    a|X|Chữ",
                "    b|X|Chữ",
            ]
        );
    }

    /// "i." is a Roman numeral before "ii." and a letter after "h.", as a
    /// reader would tell; "Điều 1." numbers items like "1.".
    #[test]
    fn lowercase_roman_numerals_and_articles_are_items() {
        let src = "I. Hạn chế\ni. Một.\nii. Hai.\niii. Ba.\niv. Bốn.\nv. Năm.\nII. Việc\nh) Tám.\ni) Chín.\nk) Mười.\nu) U.\nv) V.\nx) X.\nIII. Giao\nĐiều 1. Giao A.\n1. Việc một.\nĐiều 2. Giao B.\n";
        assert_eq!(
            outline(src),
            [
                "I|T|Hạn chế",
                "  i|X|Một.",
                "  ii|X|Hai.",
                "  iii|X|Ba.",
                "  iv|X|Bốn.",
                "  v|X|Năm.",
                "II|T|Việc",
                "  h)|X|Tám.",
                "  i)|X|Chín.",
                "  k)|X|Mười.",
                "  u)|X|U.",
                "  v)|X|V.",
                "  x)|X|X.",
                "III|T|Giao",
                "  Điều 1|X|Giao A.",
                "    1|X|Việc một.",
                "  Điều 2|X|Giao B.",
            ]
        );
        let items = build(&paragraphs(&lines(src)));
        let styles: Vec<Style> = items[1..6]
            .iter()
            .chain(&items[7..13])
            .filter_map(|it| it.marker.as_ref().map(|m| m.style))
            .collect();
        assert_eq!(styles[..5], [Style::LowerRoman; 5]);
        assert_eq!(styles[5..], [Style::Letter; 6]);
    }

    #[test]
    fn group_lines_take_a_place_and_hold_their_items() {
        let src = "I. Kết quả\n1. Một.\n2. Hai.\n\nTuy nhiên, vẫn còn hạn chế:\n\n* Đối với A:\n- a1.\n* Đối với B:\n- b1.\n\nNguyên nhân là do:\n- n1.\n\n3. Ba.\n";
        assert_eq!(
            outline(src),
            [
                "I|T|Kết quả",
                "  1|X|Một.",
                "  2|X|Hai.",
                "  |G|Tuy nhiên, vẫn còn hạn chế:",
                "    *|T|Đối với A:",
                "      -|X|a1.",
                "    *|T|Đối với B:",
                "      -|X|b1.",
                "  |G|Nguyên nhân là do:",
                "    -|X|n1.",
                "  3|X|Ba.",
            ]
        );
    }

    #[test]
    fn unnumbered_paragraphs_are_items_or_further_paragraphs() {
        let src = "I. Kiến nghị\n\nGiao Sở A.\n\nGiao Sở B.\n\n1. Ý một.\n\nĐoạn hai của ý một.\n\nTuy nhiên, còn chậm.\n- x.\n2. Hai.\n\nTuy nhiên, chưa xong.\n\n3. Ba.\n";
        assert_eq!(
            outline(src),
            [
                "I|T|Kiến nghị",
                "  |X|Giao Sở A.",
                "  |X|Giao Sở B.",
                "  1|X|Ý một.¶Đoạn hai của ý một.",
                "  |G|Tuy nhiên, còn chậm.",
                "    -|X|x.",
                "  2|X|Hai.¶Tuy nhiên, chưa xong.",
                "  3|X|Ba.",
            ]
        );
    }

    #[test]
    fn sentences_broken_by_a_blank_line_or_page_break_are_joined() {
        let src = "1. Chống suy thoái về tư tưởng chính trị,\n\nđạo đức lối sống.\n2. Thực hiện nghiêm túc,\u{0C}\n- 2 -\nNghị quyết số 04.\n3. Xong.\n";
        let items = build(&paragraphs(&lines(src)));
        assert_eq!(
            items[0].paras,
            ["Chống suy thoái về tư tưởng chính trị, đạo đức lối sống."]
        );
        assert_eq!(
            items[0].notes,
            [Note::Joined {
                line: 3,
                page: None
            }]
        );
        assert_eq!(items[1].paras, ["Thực hiện nghiêm túc, Nghị quyết số 04."]);
        assert_eq!(
            items[1].notes,
            [Note::Joined {
                line: 6,
                page: Some("- 2 -".into())
            }]
        );
        assert_eq!(items.len(), 3);
    }

    #[test]
    fn open_ended_numbered_lines_are_headings_only_with_items() {
        let src = "1. Kết quả đạt được\na) Về kinh tế.\n2. Đồng ý chủ trương\n";
        let out = outline(src);
        assert_eq!(
            out,
            [
                "1|T|Kết quả đạt được",
                "  a)|X|Về kinh tế.",
                "2|X|Đồng ý chủ trương"
            ]
        );
    }

    /// A short numbered line is a title over the line under it, and a
    /// bare line of section words a group line rather than more text of
    /// the item above; both say so (the tester's c.txt and e7.md).
    #[test]
    fn short_title_lines_and_section_words_head_what_follows() {
        let src = "1. Đánh giá chung\n1.3. Nguyên nhân\nDo ngân sách còn hạn hẹp.\n\nI. Kết quả\n\n1. A tốt.\n2. B tốt.\n\nHạn chế\n\n- C chậm.\n";
        assert_eq!(
            outline(src),
            [
                "1|T|Đánh giá chung",
                "  1.3|T|Nguyên nhân",
                "    |X|Do ngân sách còn hạn hẹp.",
                "I|T|Kết quả",
                "  1|X|A tốt.",
                "  2|X|B tốt.",
                "  |G|Hạn chế",
                "    -|X|C chậm.",
            ]
        );
        let items = build(&paragraphs(&lines(src)));
        assert_eq!(items[0].notes, [Note::HeadingGuess]);
        assert_eq!(items[1].notes, [Note::OwnLine]);
        assert_eq!(items[6].notes, [Note::SectionLine]);
        // The same in plain text without blank lines.
        let plain = "I. Kết quả\n1. A tốt.\n2. B tốt.\nHạn chế\n- C chậm.\n";
        assert_eq!(
            outline(plain),
            [
                "I|T|Kết quả",
                "  1|X|A tốt.",
                "  2|X|B tốt.",
                "  |G|Hạn chế",
                "    -|X|C chậm.",
            ]
        );
    }

    /// A Markdown heading closes the lists above it and the headings of
    /// its level or deeper, whatever their numbering; numbered headings
    /// still follow their numbering; plain text has no levels.
    #[test]
    fn markdown_headings_close_lists_and_nest_by_level() {
        let cases: [(&str, &str, &[&str]); 5] = [
            (
                "a heading after a list goes under the shallower heading",
                "## I. Đánh giá\n\n- Gạch một\n  + Cộng con\n- Gạch hai\n\n1. Một\n2. Hai\n\n### Nguyên nhân\n\n- Nguyên nhân một\n- Nguyên nhân hai\n\n## II. Nhiệm vụ\n\n- Nhiệm vụ một\n",
                &[
                    "I|T|Đánh giá",
                    "  -|X|Gạch một",
                    "    +|X|Cộng con",
                    "  -|X|Gạch hai",
                    // A new style opens a level, as in plain text.
                    "    1|X|Một",
                    "    2|X|Hai",
                    "  |G|Nguyên nhân",
                    "    -|X|Nguyên nhân một",
                    "    -|X|Nguyên nhân hai",
                    "II|T|Nhiệm vụ",
                    "  -|X|Nhiệm vụ một",
                ],
            ),
            (
                "levels, setext headings and group lines under a heading",
                "## I. Đánh giá\n\n### Kết quả\n\n- Một.\n\n### 1. Về kinh tế\n\n- Hai.\n\n#### Chi tiết\n\n- Ba.\n\n### Hạn chế\n\n- Bốn.\n\nNguyên nhân là do:\n\n- Năm.\n\nPhần khác\n=========\n\n- Sáu.\n",
                &[
                    "I|T|Đánh giá",
                    "  |G|Kết quả",
                    "    -|X|Một.",
                    "  1|T|Về kinh tế",
                    "    -|X|Hai.",
                    "    |G|Chi tiết",
                    "      -|X|Ba.",
                    "  |G|Hạn chế",
                    "    -|X|Bốn.",
                    "    |G|Nguyên nhân là do:",
                    "      -|X|Năm.",
                    "|G|Phần khác",
                    "  -|X|Sáu.",
                ],
            ),
            (
                "numbered headings follow their numbering (as in the seed)",
                "## I- Một\n\n2. Hai:\n\n**2.1- Ba**\n\n- Bốn.\n\n## 2.2- Năm\n\n- Sáu.\n\n## II- Bảy\n\n- Tám.\n\n### III- Chín\n",
                &[
                    "I|T|Một",
                    "  2|X|Hai:",
                    "    2.1|T|Ba",
                    "      -|X|Bốn.",
                    "    2.2|T|Năm",
                    "      -|X|Sáu.",
                    "II|T|Bảy",
                    "  -|X|Tám.",
                    "III|T|Chín",
                ],
            ),
            (
                "a heading never carries on the sentence above it",
                "1. Kết quả còn dở\n\n## nhưng đây là tiêu đề\n\n- Bảy.\n",
                &[
                    "1|X|Kết quả còn dở",
                    "|G|nhưng đây là tiêu đề",
                    "  -|X|Bảy.",
                ],
            ),
            (
                "plain text has no levels: as before",
                "I. Đánh giá\n\n- Gạch một\n+ Cộng con\n- Gạch hai\n\n1. Một\n2. Hai\n\nNguyên nhân\n\n- Nguyên nhân một\n",
                &[
                    "I|T|Đánh giá",
                    "  -|X|Gạch một",
                    "    +|X|Cộng con",
                    "  -|X|Gạch hai",
                    "    1|X|Một",
                    "    2|T|Hai",
                    // A line of section words is a group line.
                    "      |G|Nguyên nhân",
                    "  -|X|Nguyên nhân một",
                ],
            ),
        ];
        for (what, src, want) in cases {
            assert_eq!(outline(src), want, "{what}");
        }
    }

    /// Bullets of other glyphs nest, as notices print them; flush with the
    /// bullet above, the nesting is a guess and says so.
    #[test]
    fn a_flush_bullet_of_another_glyph_nests_with_a_note() {
        let flush = build(&paragraphs(&lines(
            "I. Một\n- Gạch.\n+ Cộng.\n+ Cộng hai.\n• Chấm.\n- Gạch hai.\n",
        )));
        let parents: Vec<Option<usize>> = flush.iter().map(|it| it.parent).collect();
        assert_eq!(parents, [None, Some(0), Some(1), Some(1), Some(3), Some(0)]);
        let notes: Vec<&[Note]> = flush.iter().map(|it| it.notes.as_slice()).collect();
        assert_eq!(
            notes,
            [
                &[][..],
                &[],
                &[Note::BulletNested {
                    glyph: '+',
                    under: '-'
                }],
                &[],
                &[Note::BulletNested {
                    glyph: '•',
                    under: '+'
                }],
                &[],
            ]
        );
        let indented = build(&paragraphs(&lines(
            "I. Một\n- Gạch.\n  + Cộng.\n\t• Chấm.\n",
        )));
        assert_eq!(indented[3].parent, Some(2));
        assert!(indented.iter().all(|it| it.notes.is_empty()));
    }

    #[test]
    fn a_very_deep_chain_builds_without_recursion() {
        let n = 100_000;
        let src: String = (0..n).map(|i| format!("Mục {i}:\n\n")).collect();
        let src = format!("1. Đầu:\n\n{src}");
        let items = build(&paragraphs(&lines(&src)));
        assert_eq!(items.len(), n + 1);
        assert_eq!(items[n].parent, Some(n - 1));
    }
}
