//! localStorage (which can be missing or refuse writes: private mode, quota) and
//! sessionStorage (per tab, survives a reload of that tab).

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

/// Why a value could not be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// This browser offers no localStorage (or denies it to the page).
    NoStorage,
    /// The browser refused the write (private mode, quota): its own words.
    Refused(String),
}

pub fn set(key: &str, value: &str) -> Result<(), Refusal> {
    let storage = local_storage().ok_or(Refusal::NoStorage)?;
    storage
        .set_item(key, value)
        .map_err(|error| Refusal::Refused(format!("{error:?}")))
}

pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

pub fn session_get(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok()?
}

pub fn session_set(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
}
