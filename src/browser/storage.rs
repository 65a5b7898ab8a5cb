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

/// Returns a description of the failure, if the value could not be stored.
pub fn set(key: &str, value: &str) -> Result<(), String> {
    let storage = local_storage().ok_or("this browser offers no local storage")?;
    storage
        .set_item(key, value)
        .map_err(|error| format!("the browser refused to store it: {error:?}"))
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
