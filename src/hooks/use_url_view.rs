//! Keeps the console's view (search, status filter, sort, open job) in the URL's query
//! string, so a link or a reload opens the same view and Back/Forward move between views.
//!
//! ```ignore
//! use_url_view(); // once, in the view that owns the console
//! ```
//! At start the URL's view is opened (invalid values fall back to the defaults and the URL
//! is corrected in place). Each change of view adds a history entry, except more typing in
//! the search box, which replaces the current one. The `popstate` listener is removed when
//! the calling view is cleaned up.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::browser::history::{location_search, set_location_search, PopStateListener};
use crate::rules::url_view::{format_url_view, only_search_changed, parse_url_view, UrlView};
use crate::store::Store;

pub fn use_url_view() {
    let store = expect_context::<Store>();
    store.open_view(parse_url_view(&location_search()));
    // The view the URL held when the effect last looked.
    let last: StoredValue<Option<UrlView>> = StoredValue::new(None);
    Effect::new(move |_| {
        let view = store.current_view();
        let search = location_search();
        if parse_url_view(&search) != view || format_url_view(&view) != search {
            // The first write only corrects the URL the page was opened with.
            let replace = last
                .get_value()
                .is_none_or(|last| only_search_changed(&last, &view));
            set_location_search(&format_url_view(&view), replace);
        }
        last.set_value(Some(view));
    });
    let listener = PopStateListener::new(move || {
        store.open_view(parse_url_view(&location_search()));
    });
    let listener = SendWrapper::new(listener);
    on_cleanup(move || drop(listener.take()));
}
