//! One `fetch`, bounded by a time limit and aborted when the reactive owner that started it
//! is cleaned up. It knows nothing of the API: the caller gives method, URL and headers.
//! A request the caller knows `page.js` already sent at start-up takes that answer (already
//! read) instead of sending again.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;

use super::boot::{take_prefetched, Prefetched};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What came back.
pub struct FetchResponse {
    pub status: u16,
    pub body: String,
    /// The values of the response headers asked for, in the order asked.
    pub headers: Vec<Option<String>>,
}

/// Why nothing came back.
pub enum FetchFailure {
    Timeout,
    Network(String),
}

/// Sends one request (`patch` chooses PATCH over GET) and reads the body as text and the
/// response headers named in `wanted`. With `start_up_answer`, the caller vouches that
/// page.js sent this very request at start-up (same method and headers), so its answer is
/// taken if it is still there.
pub async fn fetch_text(
    patch: bool,
    start_up_answer: bool,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
    wanted: &[&str],
    timeout_ms: u32,
) -> Result<FetchResponse, FetchFailure> {
    let method = if patch { Method::PATCH } else { Method::GET };
    let mut request = RequestBuilder::new(url).method(method);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let controller = web_sys::AbortController::new()
        .map_err(|error| FetchFailure::Network(format!("cannot create a request: {error:?}")))?;
    let signal = controller.signal();
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        leptos::prelude::set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            std::time::Duration::from_millis(u64::from(timeout_ms)),
        )
        .ok()
    };
    // The owner may live much longer than this request (a job card polls for 30 minutes):
    // its cleanup holds only an emptied cell once the request is over.
    let in_flight = Rc::new(RefCell::new(Some(controller)));
    let on_owner_cleanup = SendWrapper::new(in_flight.clone());
    on_cleanup(move || {
        if let Some(controller) = on_owner_cleanup.borrow_mut().take() {
            controller.abort();
        }
    });

    let request = request.abort_signal(Some(&signal));
    let built = match body {
        Some(body) => request.body(body),
        None => request.build(),
    }
    .map_err(|error| FetchFailure::Network(format!("cannot build the request: {error}")))?;

    let prefetched = start_up_answer
        .then(|| take_prefetched(url, &signal))
        .flatten();
    let outcome = async {
        if let Some(answer) = prefetched {
            // fetch rejects with a TypeError or a DOMException, both instances of Error.
            let answer: Prefetched = JsFuture::from(answer)
                .await
                .map_err(|error| {
                    gloo_net::Error::JsError(error.unchecked_into::<js_sys::Error>().into())
                })?
                .unchecked_into();
            let received = answer.headers();
            return Ok(FetchResponse {
                status: answer.status(),
                body: answer.text(),
                headers: wanted
                    .iter()
                    .map(|name| received.get(name).ok().flatten())
                    .collect(),
            });
        }
        let response = built.send().await?;
        let received = response.headers();
        Ok::<_, gloo_net::Error>(FetchResponse {
            status: response.status(),
            headers: wanted.iter().map(|name| received.get(name)).collect(),
            body: response.text().await?,
        })
    }
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    in_flight.borrow_mut().take();
    outcome.map_err(|error| {
        if timed_out.get() {
            FetchFailure::Timeout
        } else {
            FetchFailure::Network(error.to_string())
        }
    })
}
