//! The language shown: chosen at start from the saved choice, `?lang=` and the browser's
//! languages; changed by the language switch, which saves the choice in this browser.

use leptos::prelude::*;

use super::persist::LANG_KEY;
use super::{Env, Store};
use crate::i18n::{messages, Locale, Messages};
use crate::rules::locale::choose_locale;
use crate::rules::url_view::parse_url_view;

/// The language for a page opened with `env` (`query`: what `?lang=` asks for).
pub(super) fn initial_locale(env: &Env, query: Option<Locale>) -> Locale {
    choose_locale(
        env.storage.get(LANG_KEY).as_deref(),
        query.map(Locale::tag),
        &env.languages,
    )
}

/// What `?lang=` in the page URL asks for.
pub(super) fn url_lang(page_url: &str) -> Option<Locale> {
    let search = page_url.split('#').next().unwrap_or_default();
    search
        .split_once('?')
        .and_then(|(_, query)| parse_url_view(query).lang)
}

impl Store {
    /// The language shown (tracked).
    pub fn locale(&self) -> ReadSignal<Locale> {
        self.locale.read_only()
    }

    /// The words of the language shown, tracked: text read from it in a closure follows
    /// the language as it changes.
    pub fn words(&self) -> Signal<&'static Messages> {
        let locale = self.locale;
        Signal::derive(move || messages(locale.get()))
    }

    /// The words of the language shown now (untracked): for text made once, such as an
    /// announcement, or a view rebuilt when the language changes (the table's rows).
    pub fn messages(&self) -> &'static Messages {
        messages(self.locale.get_untracked())
    }

    /// The language switch: shows `locale` and keeps the choice in this browser, where it
    /// beats `?lang=` and the browser's languages on the next visit.
    pub fn choose_locale(&self, locale: Locale) {
        // A browser that refuses to store it still shows the language for this visit.
        let _ = self
            .env
            .with_value(|env| env.storage.set(LANG_KEY, locale.tag()));
        self.locale.set(locale);
    }

    /// `?lang=` changed (Back/Forward): it applies unless a choice was made in the page.
    pub(super) fn url_lang_changed(&self, lang: Option<Locale>) {
        self.url_lang.set(lang);
        let locale = self.env.with_value(|env| initial_locale(env, lang));
        if locale != self.locale.get_untracked() {
            self.locale.set(locale);
        }
    }
}
