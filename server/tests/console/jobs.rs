//! Following a job: across a reload, with "Check now" and the history; markup from the data
//! stays text on the way, and every change is announced.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::{json, Value};

use super::{seeded_console, JOB_TIMEOUT};
use crate::support::console::seed::{id, name, named, pick, plain_active};
use crate::support::console::{with_console, Console, MARKUP_NAME, PAGE_TIMEOUT, UI_TIMEOUT};
use crate::support::page::{css_string, emulate_color_scheme, js, wait_js, wait_until};
use crate::support::server::poll_job;
use crate::support::server::sim::{patches, since};

/// A reload while the job runs shows the same job again, polling resumes to the end, and the
/// history lists it with its final status. Nothing is sent twice.
#[tokio::test]
async fn reload_mid_job_resumes_following_it() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "12000"]).await;
    let target = pick(&instances, "a plain ACTIVE instance", plain_active);
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&target)).await;
        console.delete_selection().await;
        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        console.refresh().await.expect("reload");

        let again = console.wait_job_card(PAGE_TIMEOUT).await;
        assert_eq!(again, job_id, "the same job is shown after the reload");
        let job = poll_job(&server, &job_id, UI_TIMEOUT, |_| true).await;
        assert!(
            matches!(job["status"].as_str(), Some("WAITING" | "RUNNING")),
            "the job was still running at the reload: {job}"
        );
        // "Check now" polls at once: click it when the next scheduled check is at least 3 s
        // away, and see the request arrive well before then.
        let next_at = wait_js(
            &console,
            "a scheduled check at least 3 s away",
            "const state = document.querySelector(arguments[0] + ' .poll-state');
             const time = state && state.textContent.startsWith('Next check at ')
                 && state.querySelector('time[datetime]');
             const at = time ? Date.parse(time.getAttribute('datetime')) : NaN;
             return at - Date.now() >= 3000 ? at : null;",
            vec![json!(Console::job_card(&job_id))],
            Duration::from_secs(20),
        )
        .await;
        let polls = || async { since(&server, 0, "job").await.len() };
        let polls_before = polls().await;
        console
            .press_button(Locator::XPath(&format!(
                "//article[@data-job-id='{job_id}']//button[normalize-space(.)='Check now']"
            )))
            .await;
        wait_until(
            "Check now to send a request",
            Duration::from_secs(2),
            || async { polls().await > polls_before },
        )
        .await;
        let now = js(&console, "return Date.now();", vec![]).await;
        assert!(
            now.as_f64() < next_at.as_f64(),
            "the check came before the scheduled one"
        );

        let before = polls().await;
        let card_text = console
            .wait_job_status(&job_id, "SUCCESS", Duration::from_secs(60))
            .await;
        assert!(card_text.contains("Succeeded"), "{card_text}");
        assert!(polls().await > before, "the reloaded page polled the job");
        assert_eq!(
            patches(&server).await.len(),
            1,
            "the reload sent nothing again"
        );
        assert_history_lists(&console, &job_id).await;
    })
    .await;
}

/// The history (opened) has a row for `job_id`: its ID, submission time, one instance and
/// its final status (in words and raw).
async fn assert_history_lists(console: &Console, job_id: &str) {
    console
        .press_button(Locator::Css("details.history summary"))
        .await;
    let row_xpath = format!(
        "//details[contains(@class,'history')]//tr[td/code[normalize-space(.)='{job_id}']]"
    );
    let row_text = || async {
        match console.find(Locator::XPath(&row_xpath)).await {
            Ok(row) => row.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    };
    wait_until(
        &format!("a SUCCESS history row for {job_id}"),
        UI_TIMEOUT,
        || async { row_text().await.contains("SUCCESS") },
    )
    .await;
    // Its cells: job ID, submission time, how many instances, resources, final status.
    let cells = js(
        console,
        "return [...document.evaluate(arguments[0], document, null, 9, null)
             .singleNodeValue.querySelectorAll('td')].map(td => td.textContent.trim());",
        vec![json!(row_xpath)],
    )
    .await;
    let cells: Vec<String> = serde_json::from_value(cells).unwrap();
    assert_eq!(cells[0], job_id);
    assert!(!cells[1].is_empty(), "a submission time: {cells:?}");
    assert_eq!(cells[2], "1", "{cells:?}");
    assert_eq!(cells[4], "Succeeded SUCCESS", "in words and raw: {cells:?}");
}

/// A markup name stays text everywhere it appears (table, dialog, job), and status changes
/// reach an aria-live region.
#[tokio::test]
async fn markup_stays_text_and_changes_are_announced() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let markup = named(&instances, MARKUP_NAME);
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        // Watch the live regions from the start: the load itself is announced.
        crate::support::browser::find(&console, Locator::Css("[aria-live]"), PAGE_TIMEOUT).await;
        console.record_live_regions().await;
        console.wait_rows(total, PAGE_TIMEOUT).await;
        let cell = console
            .element(Locator::Css(&format!(
                "tr[data-id={}] td.name",
                css_string(&id(&markup))
            )))
            .await;
        assert_eq!(cell.text().await.unwrap(), MARKUP_NAME);
        let no_images = "return document.querySelectorAll('img').length === 0;";
        assert_eq!(
            js(&console, no_images, vec![]).await,
            true,
            "markup rendered as HTML"
        );

        console.select(MARKUP_NAME).await;
        let dialog = console.open_delete_dialog().await;
        assert!(dialog.text().await.unwrap().contains(MARKUP_NAME));
        assert_eq!(js(&console, no_images, vec![]).await, true);
        console.confirm_delete().await;
        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        let card = console
            .wait_job_status(&job_id, "SUCCESS", JOB_TIMEOUT)
            .await;
        assert!(card.contains(MARKUP_NAME), "{card}");
        assert_eq!(js(&console, no_images, vec![]).await, true);

        let announced = wait_js(
            &console,
            "announcements of the load, the accepted request and the job's end",
            "const a = window.__announced || [];
             const has = (s) => a.some(t => t.includes(s));
             return has('Loaded') && has(arguments[0]) && has('ended') ? a : null;",
            vec![json!(job_id)],
            JOB_TIMEOUT,
        )
        .await;
        let announced = announced.to_string();
        assert!(announced.contains("Succeeded"), "{announced}");
    })
    .await;
}

/// Light and dark follow the system: the page's colours change with the preference.
#[tokio::test]
async fn colours_follow_the_system_scheme() {
    let (server, instances) = seeded_console(&[]).await;
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        let colours = "const b = getComputedStyle(document.body);
                       return [b.backgroundColor, b.color];";
        emulate_color_scheme(&console, "light").await;
        let light = js(&console, colours, vec![]).await;
        emulate_color_scheme(&console, "dark").await;
        let dark = js(&console, colours, vec![]).await;
        assert_ne!(
            light[0], dark[0],
            "the background follows the colour scheme"
        );
        assert_ne!(
            light[1], dark[1],
            "the text colour follows the colour scheme"
        );
        let luminance = |rgb: &Value| -> u32 {
            rgb.as_str()
                .expect("a colour")
                .trim_start_matches("rgba(")
                .trim_start_matches("rgb(")
                .trim_end_matches(')')
                .split(',')
                .take(3)
                .map(|part| part.trim().parse::<u32>().expect("a channel"))
                .sum()
        };
        assert!(
            luminance(&dark[0]) < luminance(&light[0]),
            "dark is darker: {light} {dark}"
        );
    })
    .await;
}
