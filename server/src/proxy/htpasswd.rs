//! The users of an htpasswd file (bcrypt hashes, as `htpasswd -B` writes them), read again
//! whenever the file changes, as nginx's `auth_basic_user_file` does: a user removed or a
//! password changed takes effect on the next request, logins remembered before included. A
//! file that becomes unreadable or invalid lets nobody in until it is mended (fail closed).

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use base64::Engine;
use sha2::{Digest, Sha256};

use super::error::ProxyError;
use super::limits::RateLimiter;

/// Password checks an address may cause per minute (a person mistyping needs a few; a
/// guesser needs millions).
pub const LOGIN_CHECKS_PER_MINUTE: u32 = 20;
/// Logins remembered before the memory of them is cleared.
const MAX_REMEMBERED_LOGINS: usize = 1024;

/// The users allowed in, from an htpasswd file.
pub struct Htpasswd {
    /// Where the users come from (`None`: users given as text, in tests).
    file: Option<PathBuf>,
    users: Mutex<Users>,
    /// Password checks (logins not remembered) per address.
    pub(super) login_checks: RateLimiter,
}

/// What the file said when it was last read.
struct Users {
    /// User names and their bcrypt hashes; empty while the file is unusable.
    hashes: HashMap<String, String>,
    /// The file's bytes when it was last read; `None` when it could not be read. Compared
    /// whole on each request (a few lines): a timestamp can miss a quick same-length edit.
    source: Option<Vec<u8>>,
    /// SHA-256 of `Authorization` values that were verified, and their user: bcrypt is slow
    /// on purpose, so it runs once per login rather than on every file and API request.
    remembered: HashMap<[u8; 32], String>,
}

impl fmt::Debug for Htpasswd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let users = self.users();
        f.debug_struct("Htpasswd")
            .field("file", &self.file)
            .field("users", &users.hashes.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Htpasswd {
    /// Reads the file, refusing to start on one that is unreadable or has no bcrypt users.
    pub fn read(path: &Path) -> Result<Self, String> {
        let source = read_source(path)?;
        let hashes = users_in(path, &source)?;
        Ok(Self::with(Some(path.to_owned()), hashes, Some(source)))
    }

    #[cfg(test)]
    fn parse(text: &str) -> Result<Self, String> {
        Ok(Self::with(None, parse_users(text)?, None))
    }

    fn with(
        file: Option<PathBuf>,
        hashes: HashMap<String, String>,
        source: Option<Vec<u8>>,
    ) -> Self {
        Self {
            file,
            users: Mutex::new(Users {
                hashes,
                source,
                remembered: HashMap::new(),
            }),
            login_checks: RateLimiter::new(LOGIN_CHECKS_PER_MINUTE),
        }
    }

    fn users(&self) -> MutexGuard<'_, Users> {
        self.users.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the file again when it changed since it was last read. Fails while it is
    /// unusable: nobody signs in then, and the reason is in the server's log.
    pub fn refresh(&self) -> Result<(), ProxyError> {
        let Some(path) = &self.file else {
            return Ok(());
        };
        let now = read_source(path);
        let mut users = self.users();
        if users.source.as_ref() != now.as_ref().ok() {
            // A login remembered under the old file must be checked against the new one.
            users.remembered.clear();
            let read = now
                .as_ref()
                .map_err(String::clone)
                .and_then(|source| users_in(path, source));
            users.source = now.ok();
            users.hashes = match read {
                Ok(hashes) => {
                    eprintln!(
                        "image-console-server: proxy: read the changed htpasswd file again: {} user(s)",
                        hashes.len()
                    );
                    hashes
                }
                Err(why) => {
                    eprintln!(
                        "image-console-server: proxy: {why}; nobody can sign in until it is mended"
                    );
                    HashMap::new()
                }
            };
        }
        if users.hashes.is_empty() {
            return Err(ProxyError::SignInUnavailable);
        }
        Ok(())
    }

    /// The user of an `Authorization` value verified before.
    pub fn recall(&self, authorization: &str) -> Option<String> {
        self.users()
            .remembered
            .get(&<[u8; 32]>::from(Sha256::digest(authorization)))
            .cloned()
    }

    /// The user name when the `Authorization: Basic` credentials are right (remembered).
    pub fn verify(&self, authorization: &str) -> Option<String> {
        let (user, password) = basic_credentials(authorization)?;
        let (known, hash) = {
            let users = self.users();
            let (known, hash) = hash_to_check(&users.hashes, &user)?;
            (known, hash.to_owned())
        };
        if !(bcrypt::verify(password, &hash).unwrap_or(false) && known) {
            return None;
        }
        let mut users = self.users();
        // The file may have changed during the check: the hash checked must still be the user's.
        if users.hashes.get(&user) != Some(&hash) {
            return None;
        }
        if users.remembered.len() >= MAX_REMEMBERED_LOGINS {
            users.remembered.clear();
        }
        users
            .remembered
            .insert(Sha256::digest(authorization).into(), user.clone());
        Some(user)
    }
}

/// The hash to check `user`'s password against, and whether `user` is known. An unknown
/// user's password is checked against the costliest hash in the file and then refused: a
/// refusal takes as long as for a known user with a wrong password, so answer times do not
/// tell a guesser which user names exist.
fn hash_to_check<'a>(hashes: &'a HashMap<String, String>, user: &str) -> Option<(bool, &'a str)> {
    if let Some(hash) = hashes.get(user) {
        return Some((true, hash));
    }
    let cost = |hash: &&String| hash.get(4..6).and_then(|cost| cost.parse::<u32>().ok());
    hashes
        .values()
        .max_by_key(cost)
        .map(|hash| (false, hash.as_str()))
}

/// The user name and password of an `Authorization: Basic` value.
fn basic_credentials(authorization: &str) -> Option<(String, String)> {
    let encoded = authorization.strip_prefix("Basic ")?.trim();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let (user, password) = std::str::from_utf8(&decoded).ok()?.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

fn read_source(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path)
        .map_err(|e| format!("cannot read the htpasswd file {}: {e}", path.display()))
}

/// The users in `source`, the bytes of the htpasswd file at `path`.
fn users_in(path: &Path, source: &[u8]) -> Result<HashMap<String, String>, String> {
    std::str::from_utf8(source)
        .map_err(|_| "not UTF-8 text".to_owned())
        .and_then(parse_users)
        .map_err(|why| format!("htpasswd file {}: {why}", path.display()))
}

/// `user:hash` lines; only bcrypt hashes (`$2y$`, `$2b$`, `$2a$`) are accepted, so a weaker
/// scheme is refused rather than silently never matching.
fn parse_users(text: &str) -> Result<HashMap<String, String>, String> {
    let mut users = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (user, hash) = line
            .split_once(':')
            .ok_or_else(|| format!("line {}: expected user:hash", number + 1))?;
        if !["$2y$", "$2b$", "$2a$"].iter().any(|p| hash.starts_with(p)) {
            return Err(format!(
                "line {}: the hash of {user:?} is not bcrypt (create it with htpasswd -B)",
                number + 1
            ));
        }
        users.insert(user.to_owned(), hash.to_owned());
    }
    if users.is_empty() {
        return Err("no users".to_owned());
    }
    Ok(users)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(credentials: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        )
    }

    fn line(user: &str, password: &str) -> String {
        format!("{user}:{}\n", bcrypt::hash(password, 4).unwrap())
    }

    #[test]
    fn checks_basic_credentials_against_bcrypt_hashes() {
        let hash = bcrypt::hash("s3cret", 4).unwrap();
        let users = Htpasswd::parse(&format!("# ops\nalice:{hash}\n")).unwrap();
        assert_eq!(users.recall(&basic("alice:s3cret")), None);
        assert_eq!(users.verify(&basic("alice:s3cret")), Some("alice".into()));
        assert_eq!(users.recall(&basic("alice:s3cret")), Some("alice".into()));
        assert_eq!(users.verify(&basic("alice:wrong")), None);
        assert_eq!(users.recall(&basic("alice:wrong")), None);
        assert_eq!(users.verify(&basic("bob:s3cret")), None);
        assert_eq!(users.verify("Bearer x"), None);
        assert!(!format!("{users:?}").contains(&hash));
    }

    #[test]
    fn an_unknown_user_is_checked_against_the_costliest_hash_and_refused() {
        let cheap = bcrypt::hash("one", 4).unwrap();
        let dear = bcrypt::hash("two", 6).unwrap();
        let hashes = HashMap::from([
            ("alice".to_owned(), cheap.clone()),
            ("bob".to_owned(), dear.clone()),
        ]);
        assert_eq!(
            hash_to_check(&hashes, "alice"),
            Some((true, cheap.as_str()))
        );
        assert_eq!(
            hash_to_check(&hashes, "mallory"),
            Some((false, dear.as_str()))
        );
        // Even bob's password under another name does not sign in.
        let users = Htpasswd::parse(&format!("alice:{cheap}\nbob:{dear}\n")).unwrap();
        assert_eq!(users.verify(&basic("mallory:two")), None);
        assert_eq!(users.verify(&basic("bob:two")), Some("bob".into()));
    }

    #[test]
    fn refuses_files_without_bcrypt_hashes() {
        assert!(Htpasswd::parse("alice:{SHA}abc").is_err());
        assert!(Htpasswd::parse("alice:$apr1$x$y").is_err());
        assert!(Htpasswd::parse("# nobody\n").is_err());
        assert!(Htpasswd::parse("alice").is_err());
    }

    #[test]
    fn a_changed_file_is_read_again_and_an_unusable_one_lets_nobody_in() {
        let path = std::env::temp_dir().join(format!("htpasswd-{}", std::process::id()));
        std::fs::write(&path, line("alice", "one")).unwrap();
        let users = Htpasswd::read(&path).unwrap();
        assert!(users.refresh().is_ok());
        assert_eq!(users.verify(&basic("alice:one")), Some("alice".into()));

        // alice removed: even her remembered login no longer counts.
        std::fs::write(&path, line("bob", "two")).unwrap();
        assert!(users.refresh().is_ok());
        assert_eq!(users.recall(&basic("alice:one")), None);
        assert_eq!(users.verify(&basic("alice:one")), None);
        assert_eq!(users.verify(&basic("bob:two")), Some("bob".into()));

        // A same-length edit (a new password) is seen too.
        std::fs::write(&path, line("bob", "2wo")).unwrap();
        assert!(users.refresh().is_ok());
        assert_eq!(users.recall(&basic("bob:two")), None);
        assert_eq!(users.verify(&basic("bob:two")), None);

        for unusable in ["bob:{SHA}abc\n", ""] {
            std::fs::write(&path, unusable).unwrap();
            assert!(matches!(
                users.refresh(),
                Err(ProxyError::SignInUnavailable)
            ));
            assert_eq!(users.verify(&basic("bob:2wo")), None);
        }
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(
            users.refresh(),
            Err(ProxyError::SignInUnavailable)
        ));

        std::fs::write(&path, line("bob", "2wo")).unwrap();
        assert!(users.refresh().is_ok());
        assert_eq!(users.verify(&basic("bob:2wo")), Some("bob".into()));
        std::fs::remove_file(&path).unwrap();
    }
}
