//! What the store is given rather than reaching for: a clock, key-value storage, the
//! network, the page URL, this tab's id and the browser's languages. The console passes the browser's; the host
//! tests pass fakes.

use std::sync::Arc;

use crate::api::transport::{BrowserTransport, Transport};
use crate::browser::storage::Refusal;
use crate::browser::{clock, language, storage};

/// Time and randomness.
pub trait Clock: Send + Sync {
    /// Milliseconds since the epoch.
    fn now_ms(&self) -> f64;
    /// A uniformly random number in 0..1.
    fn random(&self) -> f64;
    /// Marks a start-up phase on the browser's performance timeline (`bench/` reads them);
    /// fakes need not.
    fn mark(&self, _phase: &str) {}
}

/// localStorage, which may refuse writes.
pub trait KeyValueStore: Send + Sync {
    fn get(&self, key: &str) -> Option<String>;
    /// Says why, if the value could not be stored.
    fn set(&self, key: &str, value: &str) -> Result<(), Refusal>;
    fn remove(&self, key: &str);
}

/// Everything outside the store that it depends on.
#[derive(Clone)]
pub struct Env {
    pub clock: Arc<dyn Clock>,
    pub storage: Arc<dyn KeyValueStore>,
    pub transport: Arc<dyn Transport>,
    /// The page's URL, against which `api_base` resolves.
    pub page_url: String,
    /// This tab's id, the same across reloads of the tab.
    pub tab_id: String,
    /// The browser's preferred languages, most preferred first.
    pub languages: Vec<String>,
}

impl Env {
    /// The browser's clock, localStorage and `fetch`.
    pub fn browser() -> Self {
        let clock = Arc::new(BrowserClock);
        Self {
            tab_id: browser_tab_id(clock.as_ref()),
            clock,
            storage: Arc::new(BrowserStorage),
            transport: Arc::new(BrowserTransport),
            page_url: clock::page_url(),
            languages: language::preferred_languages(),
        }
    }

    /// A random id for a tab or a submission.
    pub fn random_id(&self) -> String {
        random_id(self.clock.as_ref())
    }
}

fn random_id(clock: &dyn Clock) -> String {
    format!(
        "{:x}-{:08x}",
        clock.now_ms() as u64,
        (clock.random() * f64::from(u32::MAX)) as u32
    )
}

/// In sessionStorage: this tab's id, created on first use.
const TAB_KEY: &str = "image-console.tab";

fn browser_tab_id(clock: &dyn Clock) -> String {
    if let Some(id) = storage::session_get(TAB_KEY).filter(|id| !id.is_empty()) {
        return id;
    }
    let id = random_id(clock);
    storage::session_set(TAB_KEY, &id);
    id
}

struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> f64 {
        clock::now_ms()
    }

    fn random(&self) -> f64 {
        clock::random()
    }

    fn mark(&self, phase: &str) {
        clock::mark(phase);
    }
}

struct BrowserStorage;

impl KeyValueStore for BrowserStorage {
    fn get(&self, key: &str) -> Option<String> {
        storage::get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), Refusal> {
        storage::set(key, value)
    }

    fn remove(&self, key: &str) {
        storage::remove(key)
    }
}
