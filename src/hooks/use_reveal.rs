//! Brings an element that the next render adds (a job card opened from the job centre, at
//! the top of the page) into view and gives it focus, so the person sees what their click
//! did and keyboard users continue from there.
//!
//! ```ignore
//! let reveal = use_reveal();
//! view! { <button on:click=move |_| { store.show_job(&id); reveal("data-job-id", id.clone()) }>"Open"</button> }
//! ```
//! Nothing is left running: each call waits for one animation frame, then looks once.

use leptos::prelude::*;

use crate::browser::focus;

pub fn use_reveal() -> impl Fn(&'static str, String) + Copy {
    |attribute, value| request_animation_frame(move || focus::reveal(attribute, &value))
}
