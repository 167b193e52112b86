//! Cutting text quoted in messages and comments to a number of
//! characters.

/// At most `max` characters of `s`, with `…` (after trimming the space
/// before it) when cut, appended to `out`.
pub fn push_clipped(out: &mut String, s: &str, max: usize) {
    if s.len() <= max {
        // No more characters than bytes.
        out.push_str(s);
        return;
    }
    match s.char_indices().nth(max) {
        Some((i, _)) => {
            out.push_str(s[..i].trim_end());
            out.push('…');
        }
        None => out.push_str(s),
    }
}

/// [`push_clipped`] as a new string.
pub fn clipped(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max * 4) + 3);
    push_clipped(&mut out, s, max);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_by_characters_with_an_ellipsis() {
        assert_eq!(clipped("Tổ chức bộ máy", 14), "Tổ chức bộ máy");
        assert_eq!(clipped("Tổ chức bộ máy", 8), "Tổ chức…");
        assert_eq!(clipped("Tổ chức bộ máy", 7), "Tổ chức…");
        assert_eq!(clipped("", 3), "");
    }
}
