//! Component tests in headless Chromium: the recursive warning modal, the selection cap,
//! the error view and who is signed in, each mounted alone with a store filled by hand or
//! fed by a fake network.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use futures_util::future::LocalBoxFuture;
use futures_util::FutureExt;
use image_console::api::error::ApiError;
use image_console::api::transport::{HttpRequest, RawResponse, Transport};
use image_console::components::{ErrorNotice, InstanceTable, Masthead, SelectionBar, Toolbar};
use image_console::store::{Env, Store};
use image_console::wire::{ImageServer, ServerStatus};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container for one test; everything is found inside it.
fn container() -> HtmlElement {
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

fn find_all(root: &HtmlElement, selector: &str) -> Vec<HtmlInputElement> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|index| nodes.item(index).unwrap().unchecked_into())
        .collect()
}

fn server(n: usize, status: ServerStatus) -> ImageServer {
    ImageServer {
        id: format!("{}", 627_989_489_700_044_800u64 + n as u64),
        name: format!("instance_{n}"),
        status,
        create_time: format!("2024-05-07T07:{:02}:21.009Z", n % 60),
        ..ImageServer::default()
    }
}

/// Mounts `view` with a store holding `servers`, returning the container and the store.
fn mount_with(
    servers: Vec<ImageServer>,
    view: fn() -> AnyView,
) -> (HtmlElement, Store, impl Sized) {
    let root = container();
    let store_slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let slot = store_slot.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let store = Store::new(Env::browser());
        store.show_instances(servers);
        provide_context(store);
        slot.set(Some(store));
        view()
    });
    (root, store_slot.take().unwrap(), handle)
}

/// The selection bar over the instance table holding `servers`, mounted and rendered.
async fn mount_table(servers: Vec<ImageServer>) -> (HtmlElement, Store, impl Sized) {
    let mounted = mount_with(servers, || {
        view! {
            <SelectionBar />
            <InstanceTable />
        }
        .into_any()
    });
    leptos::task::tick().await;
    mounted
}

#[wasm_bindgen_test]
async fn ticking_recursive_asks_first_and_cancel_leaves_it_unticked() {
    let (root, store, _handle) = mount_with(vec![server(1, ServerStatus::Active)], || {
        view! { <SelectionBar /> }.into_any()
    });
    let recursive: HtmlInputElement = find(&root, "#recursive");
    let dialog: web_sys::HtmlDialogElement = find(
        &root,
        "dialog[role=alertdialog][aria-labelledby=recursive-title]",
    );
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));

    recursive.focus().unwrap();
    recursive.click();
    leptos::task::tick().await;
    assert!(dialog.open(), "ticking opens the warning");
    assert!(!recursive.checked(), "not ticked before confirming");
    assert!(dialog
        .text_content()
        .unwrap()
        .contains("applications become unavailable"));
    let active = document().active_element().unwrap();
    assert_eq!(
        active.text_content().as_deref(),
        Some("Cancel"),
        "Cancel has initial focus"
    );

    // Escape makes the browser fire `cancel` on the dialog.
    dialog
        .dispatch_event(&web_sys::Event::new("cancel").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert!(!dialog.open());
    assert!(!recursive.checked());
    assert!(!store.recursive().get_untracked());
    assert_eq!(
        document().active_element().unwrap().id(),
        "recursive",
        "focus returns to the checkbox"
    );

    recursive.click();
    leptos::task::tick().await;
    let confirm = find_all(&root, "dialog button")
        .into_iter()
        .find(|button| button.text_content().unwrap().contains("Confirm"))
        .unwrap();
    confirm.click();
    leptos::task::tick().await;
    assert!(!dialog.open());
    assert!(recursive.checked());
    assert!(store.recursive().get_untracked());

    // Unticking needs no confirmation.
    recursive.click();
    leptos::task::tick().await;
    assert!(!dialog.open());
    assert!(!recursive.checked());
    root.remove();
}

#[wasm_bindgen_test]
async fn tab_stays_inside_the_open_modal() {
    let (root, _store, _handle) = mount_with(vec![], || view! { <SelectionBar /> }.into_any());
    let recursive: HtmlInputElement = find(&root, "#recursive");
    recursive.click();
    leptos::task::tick().await;
    let dialog: HtmlElement = find(&root, "dialog[aria-labelledby=recursive-title]");
    let buttons = find_all(&root, "dialog[aria-labelledby=recursive-title] button");
    let last = buttons.last().unwrap();
    last.focus().unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Tab");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let tab = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    last.dispatch_event(&tab).unwrap();
    assert!(tab.default_prevented());
    let active = document().active_element().unwrap();
    assert!(dialog.contains(Some(&active)));
    assert_eq!(active.text_content().as_deref(), Some("Cancel"));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_cap_of_twenty_disables_the_rest_and_says_why() {
    let mut servers: Vec<ImageServer> = (0..25).map(|n| server(n, ServerStatus::Active)).collect();
    servers.push(server(99, ServerStatus::Building));
    let (root, store, _handle) = mount_table(servers).await;
    let boxes = find_all(&root, "tbody input[type=checkbox]");
    assert_eq!(boxes.len(), 26);

    let building = find_all(&root, "tbody tr")
        .into_iter()
        .position(|row| row.text_content().unwrap().contains("instance_99"))
        .unwrap();
    assert_eq!(
        boxes[building].get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert!(boxes[building]
        .get_attribute("aria-label")
        .unwrap()
        .contains("instance_99"));
    boxes[building].click();
    leptos::task::tick().await;
    assert!(
        !boxes[building].checked(),
        "a building instance cannot be selected"
    );

    let eligible: Vec<&HtmlInputElement> = boxes
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != building)
        .map(|(_, checkbox)| checkbox)
        .collect();
    for checkbox in &eligible[..20] {
        checkbox.click();
        leptos::task::tick().await;
    }
    assert_eq!(store.selected_count(), 20);
    assert!(root.text_content().unwrap().contains("20 of 20 selected"));
    assert!(root.text_content().unwrap().contains("at most 20"));

    for checkbox in &eligible[20..] {
        assert_eq!(
            checkbox.get_attribute("aria-disabled").as_deref(),
            Some("true")
        );
        checkbox.click();
        leptos::task::tick().await;
        assert!(!checkbox.checked());
    }
    assert_eq!(store.selected_count(), 20);

    // Freeing one place enables the others again.
    eligible[0].click();
    leptos::task::tick().await;
    assert_eq!(store.selected_count(), 19);
    assert_eq!(eligible[21].get_attribute("aria-disabled"), None);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_header_checkbox_stops_at_twenty_and_says_so() {
    let servers: Vec<ImageServer> = (0..30).map(|n| server(n, ServerStatus::Active)).collect();
    let (root, store, _handle) = mount_table(servers).await;
    let header: HtmlInputElement = find(&root, "thead input[type=checkbox]");
    header.click();
    leptos::task::tick().await;
    assert_eq!(store.selected_count(), 20);
    let text = root.text_content().unwrap();
    assert!(
        text.contains("10 other matching instances were not selected"),
        "{text}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn an_error_shows_every_part_as_text() {
    let root = container();
    let error = ApiError::from_response(
        400,
        r#"{"error_code": "WKS.00211102", "error_msg": "<img src=x onerror=alert(1)> is invalid",
            "details": {"hint": "<b>ids</b>"}, "encoded_authorization_message": "4Bx8Zq=="}"#,
        Some("req-42".into()),
        None,
    );
    let html_502 = ApiError::from_response(
        502,
        "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>",
        None,
        None,
    );
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        // The notice's words come from the store's language (English here).
        provide_context(Store::new(Env::browser()));
        view! {
            <ErrorNotice title=|w| w.submit_refused error=error.clone() />
            <ErrorNotice title=|w| w.load_failed_title error=html_502.clone() />
        }
    });
    let text = root.text_content().unwrap();
    for part in [
        "HTTP 400",
        "WKS.00211102",
        "<img src=x onerror=alert(1)> is invalid",
        "req-42",
        "Details",
        r#"{"hint":"<b>ids</b>"}"#,
        "Encoded authorization message",
        "4Bx8Zq==",
    ] {
        assert!(text.contains(part), "missing {part} in {text}");
    }
    assert!(text.contains("HTTP 502"));
    assert!(
        text.contains("Could not load the instances"),
        "the title in the language shown"
    );
    assert!(text.contains("<title>502 Bad Gateway</title>"));
    assert!(
        root.query_selector("img, title, h1, b").unwrap().is_none(),
        "markup stays text"
    );
    root.remove();
}

/// A request's URL to the status and body of its answer.
type Answers = Box<dyn Fn(&str) -> (u16, String) + Send + Sync>;

/// Answers each request from its URL.
struct FakeServer(Answers);

impl Transport for FakeServer {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<'static, Result<RawResponse, ApiError>> {
        let (status, body) = (self.0)(&request.url);
        futures_util::future::ready(Ok(RawResponse {
            status,
            body,
            request_id: None,
            retry_after: None,
        }))
        .boxed_local()
    }

    fn wait(&self, _ms: f64) -> LocalBoxFuture<'static, ()> {
        futures_util::future::ready(()).boxed_local()
    }

    fn jitter(&self) -> f64 {
        0.5
    }
}

/// Answers `whoami.json` with `status` and `body`, anything else with 404.
fn whoami_server(status: u16, body: &'static str) -> FakeServer {
    FakeServer(Box::new(move |url| {
        if url == "whoami.json" {
            (status, body.to_owned())
        } else {
            (404, String::new())
        }
    }))
}

/// Mounts the page header with a store that asked `server` who is signed in.
async fn masthead_with(server: FakeServer) -> (HtmlElement, impl Sized) {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let store = Store::new(Env {
            transport: Arc::new(server),
            ..Env::browser()
        });
        provide_context(store);
        store.start();
        view! { <Masthead settings_open=RwSignal::new(false) /> }
    });
    for _ in 0..3 {
        leptos::task::tick().await;
    }
    (root, handle)
}

#[wasm_bindgen_test]
async fn the_header_names_the_signed_in_user_as_text() {
    let (root, _handle) = masthead_with(whoami_server(200, r#"{"user": "<b>alice</b>"}"#)).await;
    let signed_in: HtmlElement = find(&root, ".masthead .signed-in");
    assert_eq!(
        signed_in.text_content().as_deref(),
        Some("Signed in as <b>alice</b>")
    );
    assert!(
        root.query_selector("b").unwrap().is_none(),
        "markup stays text"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_header_names_nobody_when_whoami_is_absent() {
    let (root, _handle) = masthead_with(whoami_server(404, "<html>Not found</html>")).await;
    assert!(root.query_selector(".masthead").unwrap().is_some());
    assert!(root.query_selector(".signed-in").unwrap().is_none());
    assert!(!root.text_content().unwrap().contains("Signed in"));
    assert!(
        root.query_selector("[role=alert]").unwrap().is_none(),
        "no error shown"
    );
    root.remove();
}

/// config.json, then a list of 150 counted instances of which 148 come in (two were deleted
/// between its pages).
fn short_list() -> FakeServer {
    let page = |ids: std::ops::Range<u32>| {
        let items: Vec<String> = ids
            .map(|id| format!(r#"{{"id": "{id}", "name": "n{id}", "status": "ACTIVE"}}"#))
            .collect();
        format!(r#"{{"count": 150, "items": [{}]}}"#, items.join(","))
    };
    FakeServer(Box::new(move |url| {
        if url == "config.json" {
            let config =
                r#"{"api_base": "/api", "project_id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}"#;
            (200, config.to_owned())
        } else if url.ends_with("offset=0&limit=100") {
            (200, page(0..100))
        } else if url.ends_with("offset=100&limit=100") {
            (200, page(102..150))
        } else {
            (404, String::new())
        }
    }))
}

#[wasm_bindgen_test]
async fn a_list_that_came_in_short_says_so() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        let store = Store::new(Env {
            transport: Arc::new(short_list()),
            ..Env::browser()
        });
        provide_context(store);
        store.start();
        view! { <Toolbar /> }
    });
    let mut notice = None;
    for _ in 0..20 {
        leptos::task::tick().await;
        notice = root.query_selector(".list-shortfall").unwrap();
        if notice.is_some() {
            break;
        }
    }
    let notice = notice.expect("the shortfall is shown");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("status"));
    let text = notice.text_content().unwrap();
    assert!(
        text.contains("counted 150")
            && text.contains("but 148 came in")
            && text.contains("Refresh"),
        "{text}"
    );
    root.remove();
}
