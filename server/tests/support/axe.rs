//! The axe-core accessibility audit, injected into the page through WebDriver (a script the
//! driver runs, so the page's own Content-Security-Policy stays as it is), in each of the
//! console's languages and colour schemes.
//!
//! Environment: `AXE_CORE_JS`, the path of `axe.min.js` (scripts/env.sh points it at the
//! copy scripts/bootstrap installs from npm).

use std::path::PathBuf;
use std::sync::OnceLock;

use fantoccini::Client as Browser;
use serde_json::json;

use super::page::{choose_language, emulate_color_scheme, js, page_language, LANGUAGES};

/// What the audit checks: WCAG 2.0 and 2.1, levels A and AA.
const WCAG_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The schemes every state is audited in.
pub const COLOR_SCHEMES: [&str; 2] = ["light", "dark"];

/// The axe-core source, read once. Panics with a hint when it is not installed.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = std::env::var_os("AXE_CORE_JS").map(PathBuf::from).unwrap_or_else(|| {
            panic!("AXE_CORE_JS is not set (source scripts/env.sh; scripts/bootstrap installs axe-core)")
        });
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read axe-core at {} ({e}): run scripts/bootstrap, which installs it from npm",
                path.display()
            )
        })
    })
}

/// Loads axe-core into the current page unless it is there already.
async fn inject(browser: &Browser) {
    let present = js(browser, "return typeof window.axe === 'object';", vec![]).await;
    if present != json!(true) {
        js(
            browser,
            &format!("{}\nreturn typeof window.axe;", axe_source()),
            vec![],
        )
        .await;
    }
}

/// The WCAG A/AA violations axe-core finds in the page as it is now, one readable line per
/// failing element: rule, impact, target selectors and what to fix.
pub async fn violations(browser: &Browser) -> Vec<String> {
    inject(browser).await;
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] } })
               .then(result => done(result.violations.flatMap(rule => rule.nodes.map(node =>
                   `${rule.id} (${rule.impact}) at ${JSON.stringify(node.target)}: ` +
                   (node.failureSummary || rule.help).replace(/\\s+/g, ' ')))))
               .catch(error => done([`axe-core failed: ${error}`]));",
            vec![json!(WCAG_TAGS)],
        )
        .await
        .unwrap_or_else(|e| panic!("the axe-core audit did not run: {e}"));
    serde_json::from_value::<Vec<String>>(found).expect("a list of violations")
}

/// Audits the page in each language (switched in place, then back to the one it was in)
/// and each colour scheme; fails naming `state` and every violation with its language and
/// scheme.
pub async fn assert_accessible(browser: &Browser, state: &str) {
    let shown = page_language(browser).await;
    let mut failures = Vec::new();
    let others = LANGUAGES.into_iter().filter(|lang| *lang != shown);
    for lang in std::iter::once(shown.as_str()).chain(others) {
        if lang != page_language(browser).await {
            choose_language(browser, lang).await;
        }
        for scheme in COLOR_SCHEMES {
            emulate_color_scheme(browser, scheme).await;
            failures.extend(
                violations(browser)
                    .await
                    .into_iter()
                    .map(|line| format!("[{lang} {scheme}] {line}")),
            );
        }
    }
    if page_language(browser).await != shown {
        choose_language(browser, &shown).await;
    }
    assert!(
        failures.is_empty(),
        "accessibility violations in {state}:\n{}",
        failures.join("\n")
    );
}
