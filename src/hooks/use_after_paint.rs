//! A signal's value, taken only once the browser has painted the frame after its change: for
//! text that can wait a frame but is costly to make, so it does not hold up what the person
//! is waiting for. The list's "updated at" time is one: the page's first local date loads the
//! browser's locale data (30–60 ms), which otherwise delayed the rows' first paint.
//!
//! ```ignore
//! let updated_at = use_after_paint(store.updated_at());
//! view! { {move || updated_at.get().map(|ms| view! { <Moment ms /> })} }
//! ```
//! Each change is taken in the animation frame after the next one: the next frame, which
//! shows what changed with it, is painted by then, and so is anything the page does right
//! after that paint. The latest change is taken last; a hidden tab, which draws no frames,
//! takes it when shown again. Nothing is left running once the view is gone.

use leptos::prelude::*;

pub fn use_after_paint<T>(source: ReadSignal<T>) -> ReadSignal<T>
where
    T: Clone + Send + Sync + 'static,
{
    let (painted, set_painted) = signal(source.get_untracked());
    Effect::new(move |_| {
        let value = source.get();
        request_animation_frame(move || {
            // The view may be gone by then: the value is then dropped.
            request_animation_frame(move || drop(set_painted.try_set(value)));
        });
    });
    painted
}
