//! Words of a command line shown for the reader to copy.

use super::sanitize;

/// `s` made safe to show ([`sanitize`]) and quoted as one shell word when
/// it needs it (spaces, `(`, `'`…): a name in a command to be copied.
/// Left unquoted when it cannot be quoted (a NUL, which sanitizing has
/// already made visible).
pub fn shell_word(s: &str) -> String {
    let s = sanitize(s);
    shlex::try_quote(&s).map_or_else(|_| s.to_string(), |q| q.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_words_that_need_it_are_quoted() {
        assert_eq!(shell_word("n.toml"), "n.toml");
        assert_eq!(shell_word("họp tổ.toml"), "'họp tổ.toml'");
        assert_eq!(shell_word("a\u{7}b"), "a'^Gb'");
    }
}
