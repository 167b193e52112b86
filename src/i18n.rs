//! User-facing words in Vietnamese (the default) and English.

use crate::doc::Kind;

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
        if let Some(lang) = explicit {
            return lang;
        }
        match env.map(|v| v.trim().to_ascii_lowercase()) {
            Some(v) if v.starts_with("en") => Lang::En,
            _ => Lang::Vi,
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

    /// A one-character marker per kind, distinct without colour.
    pub fn kind_symbol(kind: Kind) -> char {
        match kind {
            Kind::Heading => '§',
            Kind::Point => '•',
            Kind::Strength => '+',
            Kind::Weakness => '−',
            Kind::Cause => '?',
            Kind::Task => '→',
        }
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
        assert_eq!(Lang::resolve(None, None), Lang::Vi);
    }

    #[test]
    fn every_kind_has_a_distinct_symbol_and_names() {
        let mut symbols: Vec<char> = Kind::ALL.iter().map(|k| Lang::kind_symbol(*k)).collect();
        symbols.sort_unstable();
        symbols.dedup();
        assert_eq!(symbols.len(), Kind::ALL.len());
        for kind in Kind::ALL {
            assert!(!Lang::Vi.kind_name(kind).is_empty());
            assert!(!Lang::En.kind_name(kind).is_empty());
        }
    }
}
