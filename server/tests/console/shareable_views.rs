//! Shareable views: search, status filter, sort and the open job live in the URL; a link
//! opens the same view, Back/Forward move between views, typing replaces the history entry,
//! and invalid values fall back to the defaults.

use fantoccini::Locator;
use serde_json::{json, Value};

use super::{seeded_console, JOB_TIMEOUT};
use crate::support::console::seed::{id, name, pick, plain_active};
use crate::support::console::{with_console, Console, PAGE_TIMEOUT, ROWS, UI_TIMEOUT};
use crate::support::page::{js, text, wait_js};

#[tokio::test]
async fn a_link_opens_its_view_typing_replaces_the_entry_and_back_returns() {
    let (server, instances) = seeded_console(&[]).await;
    let errors = instances
        .iter()
        .filter(|instance| instance["status"] == "ERROR")
        .count();
    assert!(errors > 0, "the seed has ERROR instances");
    let url = format!("{}?status=ERROR&sort=name&dir=asc", server.url);
    with_console(&url, None, move |console| async move {
        // The link's view: only ERROR rows, the filter showing it, sorted by name.
        wait_js(
            &console,
            "the linked status filter applied",
            "const rows = [...document.querySelectorAll(arguments[0])];
             return rows.length === arguments[1]
                && document.querySelector('section.toolbar select').value === 'ERROR' && rows.length;",
            vec![Value::from(ROWS), Value::from(errors)],
            PAGE_TIMEOUT,
        )
        .await;
        let history_before = js(&console, "return history.length", vec![]).await;

        // Typing four characters adds one history entry, not four.
        let search = console.element(Locator::Css("input[type=search]")).await;
        search.send_keys("zzzz").await.unwrap();
        wait_js(
            &console,
            "the search in the URL",
            "return location.search.includes('q=zzzz')",
            vec![],
            UI_TIMEOUT,
        )
        .await;
        assert_eq!(
            js(&console, "return history.length", vec![]).await,
            history_before.as_u64().unwrap() + 1,
            "typing adds one history entry"
        );

        // Back returns to the view before the search.
        console.back().await.unwrap();
        wait_js(
            &console,
            "Back restores the list",
            "return document.querySelectorAll(arguments[0]).length === arguments[1]
                && document.querySelector('input[type=search]').value === ''
                && !location.search.includes('q=')",
            vec![Value::from(ROWS), Value::from(errors)],
            UI_TIMEOUT,
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn invalid_values_fall_back_to_the_defaults_and_the_url_is_corrected() {
    let (server, instances) = seeded_console(&[]).await;
    let url = format!("{}?status=MIGRATING&sort=colour&dir=up", server.url);
    with_console(&url, Some(instances.len()), move |console| async move {
        wait_js(
            &console,
            "the URL corrected in place",
            "return location.search === ''",
            vec![],
            UI_TIMEOUT,
        )
        .await;
        let filter = js(
            &console,
            "return document.querySelector('section.toolbar select').value",
            vec![],
        )
        .await;
        assert_eq!(filter, "");
    })
    .await;
}

#[tokio::test]
async fn a_link_naming_a_job_opens_it_after_a_reload_and_in_another_browser() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let target = pick(&instances, "a plain ACTIVE instance", plain_active);
    let total = instances.len();
    let url = server.url.clone();
    let (sender, link) = tokio::sync::oneshot::channel();
    let deleted = id(&target);
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&target)).await;
        let job_id = console.delete_to_the_end("SUCCESS").await;
        let named = wait_js(
            &console,
            "the job in the URL",
            "return location.search.includes('job=' + arguments[0]) && location.href;",
            vec![json!(job_id)],
            UI_TIMEOUT,
        )
        .await;
        // A finished job is not shown again after a reload unless the URL names it.
        console.refresh().await.unwrap();
        console
            .wait_job_status(&job_id, "SUCCESS", JOB_TIMEOUT)
            .await;
        sender
            .send((job_id, named.as_str().expect("a URL").to_owned()))
            .unwrap();
    })
    .await;
    let (job_id, link) = link.await.unwrap();

    // Another browser (no history of this job) opens the link: the job and its outcome.
    with_console(&link, None, move |console| async move {
        let card = console
            .wait_job_status(&job_id, "SUCCESS", JOB_TIMEOUT)
            .await;
        assert!(card.contains("Deleted"), "{card}");
        let line = format!(
            "{} li[data-resource-id='{deleted}'] .raw-status",
            Console::job_card(&job_id)
        );
        assert_eq!(text(&console, &line).await, "SUCCESS");
    })
    .await;
}
