//! Driving a page from the keyboard alone: WebDriver key actions (the keys a person presses,
//! sent to whatever has focus), where focus is, and whether it can be seen.

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client as Browser;
use serde_json::json;

use super::page::{js, wait_js};

/// Bound on focus moving after a key.
const FOCUS_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether the focused element matches the CSS selector `arguments[0]`.
const FOCUS_MATCHES: &str =
    "const e = document.activeElement; return !!e && e !== document.body && e.matches(arguments[0]);";

/// The focused element as a person would name it: tag, then its accessible label or text.
const DESCRIBE_FOCUS: &str = "const e = document.activeElement;
    if (!e || e === document.body) return 'nothing';
    // A label's own text, without the options of a select inside it.
    const label = e.labels && e.labels[0] && [...e.labels[0].childNodes]
        .filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('');
    const name = e.getAttribute('aria-label') || label || e.textContent || '';
    return `${e.tagName.toLowerCase()}${e.type ? '[' + e.type + ']' : ''} \"${name.trim().replace(/\\s+/g, ' ')}\"`;";

/// Presses and releases each key in `keys` in turn (characters or [`Key`] codes).
pub async fn type_keys(browser: &Browser, keys: &str) {
    let actions = keys
        .chars()
        .fold(KeyActions::new("keyboard".to_owned()), |actions, key| {
            actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key })
        });
    perform(browser, actions, keys).await;
}

/// Presses one key.
pub async fn press_key(browser: &Browser, key: Key) {
    type_keys(browser, &char::from(key).to_string()).await;
}

/// Shift+Tab.
pub async fn shift_tab(browser: &Browser) {
    let (shift, tab) = (char::from(Key::Shift), char::from(Key::Tab));
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: shift })
        .then(KeyAction::Down { value: tab })
        .then(KeyAction::Up { value: tab })
        .then(KeyAction::Up { value: shift });
    perform(browser, actions, "Shift+Tab").await;
}

async fn perform(browser: &Browser, actions: KeyActions, what: &str) {
    browser
        .perform_actions(actions)
        .await
        .unwrap_or_else(|e| panic!("cannot press {what:?}: {e}"));
}

/// The focused element, described.
pub async fn focused(browser: &Browser) -> String {
    js(browser, DESCRIBE_FOCUS, vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Whether the focused element matches `css`.
pub async fn focus_matches(browser: &Browser, css: &str) -> bool {
    js(browser, FOCUS_MATCHES, vec![json!(css)]).await == json!(true)
}

/// Waits until the focused element matches `css`.
pub async fn wait_focus(browser: &Browser, css: &str) {
    wait_js(
        browser,
        &format!("focus on {css}"),
        FOCUS_MATCHES,
        vec![json!(css)],
        FOCUS_TIMEOUT,
    )
    .await;
}

/// Fails unless the focused element shows it: it matches `:focus-visible` and has a computed
/// outline or box-shadow.
pub async fn assert_focus_visible(browser: &Browser) {
    let problem = js(
        browser,
        "const e = document.activeElement;
         if (!e || e === document.body) return 'nothing has focus';
         if (!e.matches(':focus-visible')) return 'it does not match :focus-visible';
         const s = getComputedStyle(e);
         const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
         const shadow = s.boxShadow && s.boxShadow !== 'none';
         return outline || shadow ? '' : 'it has neither an outline nor a box-shadow';",
        vec![],
    )
    .await;
    let problem = problem.as_str().unwrap_or_default();
    assert!(
        problem.is_empty(),
        "focus is not visible on {}: {problem}",
        focused(browser).await
    );
}

/// Presses Tab (Shift+Tab when `backwards`) until the focused element matches `css`, at most
/// `max_steps` times, checking focus is visible at every step; returns the elements passed.
pub async fn tab_to(
    browser: &Browser,
    css: &str,
    backwards: bool,
    max_steps: usize,
) -> Vec<String> {
    let mut passed = Vec::new();
    for _ in 0..max_steps {
        if backwards {
            shift_tab(browser).await;
        } else {
            press_key(browser, Key::Tab).await;
        }
        assert_focus_visible(browser).await;
        if focus_matches(browser, css).await {
            return passed;
        }
        passed.push(focused(browser).await);
    }
    panic!("{max_steps} presses of Tab never reached {css}; focus went through {passed:#?}");
}
