//! The console's two languages and which one to show: a choice made in the page (kept in
//! this browser), then `?lang=` in the URL, then the browser's preferred languages, then
//! English. The words themselves are in [`crate::i18n`].

/// A language the console speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

impl Locale {
    /// Every language, in the order the language switch lists them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The BCP 47 tag: `<html lang>`, `?lang=`, storage and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::ZhCn => "zh-CN",
        }
    }

    /// The language's own name, as the switch shows it in every language.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::ZhCn => "简体中文",
        }
    }

    /// Reads a language tag (`en-GB`, `zh`, `zh-Hans-CN`, case-insensitive). Traditional
    /// Chinese (`zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant…`) is not Simplified Chinese: `None`,
    /// like any language the console does not speak.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        match subtags.next()? {
            "en" => Some(Self::En),
            "zh" => {
                let traditional = subtags.any(|sub| matches!(sub, "hant" | "tw" | "hk" | "mo"));
                (!traditional).then_some(Self::ZhCn)
            }
            _ => None,
        }
    }

    /// Which of a count's plural forms to use. Chinese has one form; English "one" and
    /// "other" (CLDR).
    pub fn plural(self, count: usize) -> Plural {
        match self {
            Self::En if count == 1 => Plural::One,
            _ => Plural::Other,
        }
    }
}

/// A CLDR plural category (the two these languages use).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    One,
    Other,
}

/// The language to show: the in-page choice, then `?lang=`, then the first of the browser's
/// preferred languages the console speaks, then English. Unreadable values are skipped.
pub fn choose_locale(stored: Option<&str>, query: Option<&str>, preferred: &[String]) -> Locale {
    stored
        .and_then(Locale::from_tag)
        .or_else(|| query.and_then(Locale::from_tag))
        .or_else(|| preferred.iter().find_map(|tag| Locale::from_tag(tag)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn langs(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|tag| tag.to_string()).collect()
    }

    #[test]
    fn the_choice_in_the_page_beats_the_url_which_beats_the_browser() {
        let zh_browser = langs(&["zh-CN", "en"]);
        assert_eq!(
            choose_locale(Some("en"), Some("zh-CN"), &zh_browser),
            Locale::En
        );
        assert_eq!(choose_locale(None, Some("en"), &zh_browser), Locale::En);
        assert_eq!(choose_locale(None, None, &zh_browser), Locale::ZhCn);
        assert_eq!(choose_locale(Some("zh-CN"), Some("en"), &[]), Locale::ZhCn);
        assert_eq!(choose_locale(None, None, &[]), Locale::En);
    }

    #[test]
    fn unreadable_values_are_skipped_and_the_first_spoken_language_wins() {
        let browser = langs(&["fr-FR", "zh-TW", "zh-Hans-SG", "en-US"]);
        assert_eq!(
            choose_locale(Some("klingon"), Some(""), &browser),
            Locale::ZhCn
        );
        assert_eq!(
            choose_locale(None, Some("de"), &langs(&["de", "en-GB"])),
            Locale::En
        );
        assert_eq!(
            choose_locale(None, None, &langs(&["ja", "zh-Hant"])),
            Locale::En
        );
    }

    #[test]
    fn reads_tags_in_any_case_and_spelling() {
        for tag in [
            "zh-CN",
            "zh-cn",
            "ZH",
            "zh_CN",
            "zh-Hans",
            "zh-Hans-CN",
            " zh-SG ",
        ] {
            assert_eq!(Locale::from_tag(tag), Some(Locale::ZhCn), "{tag}");
        }
        for tag in ["en", "en-GB", "EN-us"] {
            assert_eq!(Locale::from_tag(tag), Some(Locale::En), "{tag}");
        }
        for tag in ["", "zh-TW", "zh-HK", "zh-Hant-CN", "fr", "english"] {
            assert_eq!(Locale::from_tag(tag), None, "{tag}");
        }
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }

    #[test]
    fn english_has_one_and_other_and_chinese_one_form() {
        assert_eq!(Locale::En.plural(1), Plural::One);
        for count in [0, 2, 11, 21, 101] {
            assert_eq!(Locale::En.plural(count), Plural::Other, "{count}");
        }
        for count in [0, 1, 2, 21] {
            assert_eq!(Locale::ZhCn.plural(count), Plural::Other, "{count}");
        }
    }

    proptest! {
        #[test]
        fn any_input_gives_a_language(stored in ".{0,12}", query in ".{0,12}", preferred in proptest::collection::vec(".{0,12}", 0..4)) {
            let locale = choose_locale(Some(&stored), Some(&query), &preferred);
            prop_assert!(Locale::ALL.contains(&locale));
        }
    }
}
