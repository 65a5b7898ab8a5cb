//! An API error shown whole: status, code, message, body excerpt, details, IAM's encoded
//! authorization message and request ID, as text.

use leptos::prelude::*;

use super::say;
use crate::api::error::{ApiError, ErrorExtra};
use crate::i18n::Messages;
use crate::store::Store;

#[component]
pub fn ErrorNotice(
    /// What was being attempted, e.g. "Could not load the instances", in the language shown.
    title: fn(&'static Messages) -> &'static str,
    error: ApiError,
) -> impl IntoView {
    let ApiError {
        code,
        message,
        request_id,
        extra,
        retry_after_secs,
        ..
    } = error.clone();
    let ErrorExtra {
        body_excerpt,
        details,
        authorization_message,
    } = extra.map(|extra| *extra).unwrap_or_default();
    let words = expect_context::<Store>().words();
    let headline = move || error.headline(words.get());
    view! {
        <div class="notice error api-error" role="alert">
            <p class="api-error-title">
                <strong>{say(words, title)}</strong>
                ": "
                <span class="api-error-headline">{headline}</span>
            </p>
            <dl>
                {code.map(|code| view! { <dt>{say(words, |w| w.error_code)}</dt><dd class="error-code"><code>{code}</code></dd> })}
                {message.map(|message| view! { <dt>{say(words, |w| w.error_message)}</dt><dd class="error-message">{message}</dd> })}
                {body_excerpt
                    .map(|excerpt| view! { <dt>{say(words, |w| w.error_body)}</dt><dd class="error-body"><code>{excerpt}</code></dd> })}
                {details
                    .map(|details| view! { <dt>{say(words, |w| w.error_details)}</dt><dd class="error-details"><code>{details}</code></dd> })}
                {authorization_message
                    .map(|message| view! { <dt>{say(words, |w| w.authorization_message)}</dt><dd class="authorization-message"><code>{message}</code></dd> })}
                {request_id
                    .map(|id| view! { <dt>{say(words, |w| w.request_id)}</dt><dd class="request-id"><code>{id}</code></dd> })}
                {retry_after_secs
                    .map(|secs| view! { <dt>{say(words, |w| w.retry_after)}</dt><dd class="retry-after">{(words.get().seconds)(secs)}</dd> })}
            </dl>
        </div>
    }
}
