//! The language switch in the masthead: each language named in itself; the choice is kept
//! in this browser.

use leptos::prelude::*;

use super::say;
use crate::i18n::Locale;
use crate::store::Store;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let store = expect_context::<Store>();
    let (locale, words) = (store.locale(), store.words());
    view! {
        <label class="language">
            <span>{say(words, |w| w.language_label)}</span>
            <select
                name="lang"
                prop:value=move || locale.get().tag()
                on:change=move |event| {
                    if let Some(chosen) = Locale::from_tag(&event_target_value(&event)) {
                        store.choose_locale(chosen);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.tag() lang=option.tag() selected=move || locale.get() == option>
                                {option.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
