//! Chinese and English: English by default, `?lang=` and the browser's preferred languages
//! pick Chinese, the choice made in the page is kept and beats both; words, plural forms and
//! dates follow the language shown, and `?lang=` stays in the shareable URL.

use serde_json::{json, Value};

use super::seeded_console;
use crate::support::console::seed::{eligible, id, name, pick, plain_active, plain_name};
use crate::support::console::{with_console, with_console_in, Console, PAGE_TIMEOUT, UI_TIMEOUT};
use crate::support::page::{
    choose_language, click, js, local_storage, page_language, text, wait_js,
};

/// Waits until the element at `css` reads `expected` (its text, trimmed).
async fn wait_reads(console: &Console, css: &str, expected: &str) {
    wait_js(
        console,
        &format!("{css} to read {expected:?}"),
        "const e = document.querySelector(arguments[0]);
         return e && e.textContent.trim() === arguments[1];",
        vec![json!(css), json!(expected)],
        UI_TIMEOUT,
    )
    .await;
}

/// The status badge of the row with `id`.
fn badge(id: &str) -> String {
    format!("tr[data-id='{id}'] td.status .badge")
}

#[tokio::test]
async fn english_by_default_and_lang_in_the_url_shows_chinese_and_stays_in_it() {
    let (server, instances) = seeded_console(&[]).await;
    let active = pick(&instances, "a plain ACTIVE instance", plain_active);
    let total = instances.len();
    let url = server.url.clone();
    let linked = format!("{url}?lang=zh-CN");
    with_console(&url, Some(total), move |console| async move {
        assert_eq!(page_language(&console).await, "en");
        wait_reads(&console, "header h1", "Image instances").await;
        assert!(text(&console, &badge(&id(&active)))
            .await
            .ends_with("Active"));

        console.open(&linked, total).await;
        assert_eq!(page_language(&console).await, "zh-CN");
        wait_reads(&console, "header h1", "镜像实例").await;
        assert_eq!(console.title().await.unwrap(), "镜像实例 · image-console");
        // The cloud's own word for ACTIVE (ListImageServers, Chinese edition).
        assert!(text(&console, &badge(&id(&active)))
            .await
            .ends_with("实例正常运行"));
        wait_reads(&console, "section.toolbar button", "刷新").await;

        // The shareable view keeps the language as the view changes.
        console.search("zz").await;
        wait_js(
            &console,
            "the search and the language in the URL",
            "return location.search.includes('q=zz') && location.search.includes('lang=zh-CN')",
            vec![],
            UI_TIMEOUT,
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn a_browser_preferring_chinese_gets_chinese() {
    let (server, instances) = seeded_console(&[]).await;
    let url = server.url.clone();
    with_console_in(
        Some("zh-CN,zh"),
        &url,
        Some(instances.len()),
        |console| async move {
            let preferred = js(&console, "return navigator.languages[0]", vec![]).await;
            assert!(preferred.as_str().unwrap().starts_with("zh"), "{preferred}");
            assert_eq!(page_language(&console).await, "zh-CN");
            wait_reads(&console, "header h1", "镜像实例").await;
        },
    )
    .await;
}

#[tokio::test]
async fn the_choice_in_the_page_is_kept_across_a_reload_and_beats_the_url() {
    let (server, instances) = seeded_console(&[]).await;
    let active = pick(&instances, "a plain ACTIVE instance", plain_active);
    let total = instances.len();
    let linked = format!("{}?lang=zh-CN", server.url);
    with_console(&linked, Some(total), move |console| async move {
        wait_reads(&console, "header h1", "镜像实例").await;
        choose_language(&console, "en").await;
        wait_reads(&console, "header h1", "Image instances").await;
        assert!(text(&console, &badge(&id(&active)))
            .await
            .ends_with("Active"));
        assert_eq!(local_storage(&console, "image-console.lang").await, "en");

        console.refresh().await.unwrap();
        console.wait_rows(total, PAGE_TIMEOUT).await;
        let search = js(&console, "return location.search", vec![]).await;
        assert_eq!(
            search,
            json!("?lang=zh-CN"),
            "the link still asks for Chinese"
        );
        assert_eq!(
            page_language(&console).await,
            "en",
            "the choice in the page wins"
        );
        wait_reads(&console, "header h1", "Image instances").await;

        // Back to Chinese in place: the rows follow without a reload.
        choose_language(&console, "zh-CN").await;
        wait_reads(&console, "header h1", "镜像实例").await;
        assert!(text(&console, &badge(&id(&active)))
            .await
            .ends_with("实例正常运行"));
    })
    .await;
}

#[tokio::test]
async fn counts_take_their_plural_forms_in_both_languages() {
    let (server, instances) = seeded_console(&[]).await;
    let two: Vec<Value> = instances
        .iter()
        .filter(|i| eligible(i) && plain_name(i))
        .take(2)
        .cloned()
        .collect();
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        let bar_delete = "section.selection-bar button.danger";
        console.select(&name(&two[0])).await;
        wait_reads(&console, bar_delete, "Delete 1 instance…").await;
        console.select(&name(&two[1])).await;
        wait_reads(&console, bar_delete, "Delete 2 instances…").await;
        console.open_delete_dialog().await;
        wait_reads(&console, "#delete-title", "Delete 2 image instances?").await;
        console.escape().await;
        console.wait_no_dialog().await;

        choose_language(&console, "zh-CN").await;
        wait_reads(&console, bar_delete, "删除 2 个实例…").await;
        wait_reads(&console, ".selection-bar .counter strong", "已选择 2/20").await;
        click(&console, bar_delete, UI_TIMEOUT).await;
        wait_reads(&console, "#delete-title", "删除 2 个镜像实例？").await;
    })
    .await;
}

#[tokio::test]
async fn dates_are_written_the_way_the_chosen_language_writes_them() {
    let (server, instances) = seeded_console(&[]).await;
    let url = server.url.clone();
    with_console(&url, Some(instances.len()), |console| async move {
        let time = ".updated-at time";
        // The text the browser's own Intl gives for that instant in `locale`.
        let written_in = |locale: &'static str| {
            let console = console.clone();
            async move {
                js(
                    &console,
                    "const t = document.querySelector(arguments[0]);
                     return [t.textContent, new Date(t.dateTime).toLocaleString(arguments[1])];",
                    vec![json!(time), json!(locale)],
                )
                .await
            }
        };
        wait_js(
            &console,
            "the refresh time",
            "return document.querySelector(arguments[0])",
            vec![json!(time)],
            PAGE_TIMEOUT,
        )
        .await;
        let english = written_in("en").await;
        assert_eq!(english[0], english[1], "English: {english}");

        choose_language(&console, "zh-CN").await;
        let chinese = written_in("zh-CN").await;
        assert_eq!(chinese[0], chinese[1], "Chinese: {chinese}");
        assert_ne!(chinese[0], english[0], "the date changed with the language");
        assert!(text(&console, ".updated-at").await.starts_with("更新于 "));
    })
    .await;
}
