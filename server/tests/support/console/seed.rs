//! The seed's instances as the tests pick them.

use serde_json::Value;

pub fn status_of(instance: &Value) -> &str {
    instance["status"].as_str().unwrap_or("")
}

/// Not CREATING, BUILDING or DELETING: the console lets it be selected.
pub fn eligible(instance: &Value) -> bool {
    !matches!(status_of(instance), "CREATING" | "BUILDING" | "DELETING")
}

/// A name that needs no quoting anywhere.
pub fn plain_name(instance: &Value) -> bool {
    instance["name"].as_str().is_some_and(|name| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

/// ACTIVE with a plain name and unchanged associated resources: deletes cleanly.
pub fn plain_active(instance: &Value) -> bool {
    status_of(instance) == "ACTIVE" && plain_name(instance) && !name(instance).contains("changed")
}

/// The first `n` plain ACTIVE instances; fails when the seed has fewer.
pub fn plain_active_targets(instances: &[Value], n: usize) -> Vec<Value> {
    let targets: Vec<Value> = instances
        .iter()
        .filter(|i| plain_active(i))
        .take(n)
        .cloned()
        .collect();
    assert_eq!(targets.len(), n, "the seed has {n} plain ACTIVE instances");
    targets
}

pub fn name(instance: &Value) -> String {
    instance["name"].as_str().expect("a name").to_owned()
}

pub fn id(instance: &Value) -> String {
    instance["id"].as_str().expect("an id").to_owned()
}

/// The first instance that `fits`, described as `what` if there is none.
pub fn pick(instances: &[Value], what: &str, fits: impl Fn(&Value) -> bool) -> Value {
    instances
        .iter()
        .find(|i| fits(i))
        .unwrap_or_else(|| panic!("the seed has {what}"))
        .clone()
}

/// The instance named `wanted`.
pub fn named(instances: &[Value], wanted: &str) -> Value {
    pick(instances, wanted, |i| name(i) == wanted)
}
