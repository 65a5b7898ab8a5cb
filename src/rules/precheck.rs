//! The check made after the person confirms a delete and before it is sent: each selected
//! instance as it was when selected, against the instance read again just now. One that is
//! gone, busy, or (for a recursive delete) whose associated resources changed is stale, and
//! nothing is sent until the person decides to go on without it.

use crate::rules::selection::ineligibility;
use crate::wire::{ImageServer, ServerStatus};

/// One of the resources a recursive delete removes with the instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Associated {
    ServerGroup,
    Server,
    AppGroup,
}

impl Associated {
    pub const ALL: [Associated; 3] = [Self::ServerGroup, Self::Server, Self::AppGroup];

    /// Its id on an instance.
    pub fn id_of(self, server: &ImageServer) -> &str {
        match self {
            Self::ServerGroup => &server.server_group_id,
            Self::Server => &server.server_id,
            Self::AppGroup => &server.app_group_id,
        }
    }
}

/// Why a selected instance should not be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaleReason {
    /// The service no longer lists it (deleted elsewhere); it would be silently ignored.
    Gone,
    /// Now CREATING or BUILDING (the service refuses the whole request) or already DELETING.
    Busy(ServerStatus),
    /// Recursive only: these associated resources are not those it had when selected.
    AssociatedChanged(Vec<Associated>),
}

/// A selected instance that should not be sent, with the name it had when selected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaleInstance {
    pub id: String,
    pub name: String,
    pub reason: StaleReason,
}

/// The stale instances among `selected` (as they were when selected, in selection order),
/// given `fresh`, the instances found when read again by id (an id missing there is gone).
pub fn stale_instances(
    selected: &[ImageServer],
    fresh: &[ImageServer],
    recursive: bool,
) -> Vec<StaleInstance> {
    selected
        .iter()
        .filter_map(|before| {
            let reason = match fresh.iter().find(|now| now.id == before.id) {
                None => StaleReason::Gone,
                Some(now) if ineligibility(&now.id, &now.status).is_some() => {
                    StaleReason::Busy(now.status.clone())
                }
                Some(now) if recursive => {
                    let changed: Vec<Associated> = Associated::ALL
                        .into_iter()
                        .filter(|resource| resource.id_of(before) != resource.id_of(now))
                        .collect();
                    if changed.is_empty() {
                        return None;
                    }
                    StaleReason::AssociatedChanged(changed)
                }
                Some(_) => return None,
            };
            Some(StaleInstance {
                id: before.id.clone(),
                name: before.name.clone(),
                reason,
            })
        })
        .collect()
}

/// The ids left to send once the stale ones are taken out, in their order.
pub fn without_stale(ids: &[String], stale: &[StaleInstance]) -> Vec<String> {
    ids.iter()
        .filter(|id| !stale.iter().any(|s| &s.id == *id))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn server(id: &str, status: ServerStatus, group: &str) -> ImageServer {
        ImageServer {
            id: id.into(),
            name: format!("n{id}"),
            status,
            server_group_id: group.into(),
            server_id: format!("wksapp-{id}"),
            app_group_id: "ag".into(),
            ..ImageServer::default()
        }
    }

    #[test]
    fn names_the_gone_the_busy_and_the_changed_each_with_its_reason() {
        let selected: Vec<ImageServer> = ["1", "2", "3", "4", "5"]
            .iter()
            .map(|id| server(id, ServerStatus::Active, "sg"))
            .collect();
        let mut moved = server("4", ServerStatus::Active, "sg-new");
        moved.app_group_id = "ag-new".into();
        let fresh = [
            server("1", ServerStatus::Building, "sg"),
            server("2", ServerStatus::Deleting, "sg"),
            moved,
            server("5", ServerStatus::Error, "sg"),
        ];
        let stale = stale_instances(&selected, &fresh, true);
        let reasons: Vec<(&str, &StaleReason)> =
            stale.iter().map(|s| (s.id.as_str(), &s.reason)).collect();
        assert_eq!(
            reasons,
            [
                ("1", &StaleReason::Busy(ServerStatus::Building)),
                ("2", &StaleReason::Busy(ServerStatus::Deleting)),
                ("3", &StaleReason::Gone),
                (
                    "4",
                    &StaleReason::AssociatedChanged(vec![
                        Associated::ServerGroup,
                        Associated::AppGroup
                    ])
                ),
            ]
        );
        assert_eq!(stale[2].name, "n3", "the name it had when selected");
        let ids: Vec<String> = selected.iter().map(|s| s.id.clone()).collect();
        assert_eq!(without_stale(&ids, &stale), ["5"]);
    }

    #[test]
    fn changed_associated_resources_matter_only_for_a_recursive_delete() {
        let selected = [server("1", ServerStatus::Active, "sg")];
        let fresh = [server("1", ServerStatus::Built, "sg-new")];
        assert!(stale_instances(&selected, &fresh, false).is_empty());
        assert_eq!(stale_instances(&selected, &fresh, true).len(), 1);
    }

    fn status() -> impl Strategy<Value = ServerStatus> {
        prop_oneof![
            Just(ServerStatus::Active),
            Just(ServerStatus::Built),
            Just(ServerStatus::Error),
            Just(ServerStatus::Creating),
            Just(ServerStatus::Building),
            Just(ServerStatus::Deleting),
            Just(ServerStatus::Unset),
        ]
    }

    proptest! {
        /// An instance is stale exactly when it is gone, busy, or (recursive) moved; the
        /// stale and the remaining ids split the selection, in its order.
        #[test]
        fn stale_and_remaining_split_the_selection_by_the_rule(
            cases in proptest::collection::vec(
                (any::<bool>(), status(), any::<bool>(), any::<bool>()), 0..25),
            recursive in any::<bool>(),
        ) {
            let mut selected = Vec::new();
            let mut fresh = Vec::new();
            for (n, (listed, now, moved, renamed)) in cases.iter().enumerate() {
                let id = n.to_string();
                selected.push(server(&id, ServerStatus::Active, "sg"));
                if *listed {
                    let mut again = server(&id, now.clone(), if *moved { "sg-2" } else { "sg" });
                    if *renamed {
                        again.name = "renamed".into();
                    }
                    fresh.push(again);
                }
            }
            let stale = stale_instances(&selected, &fresh, recursive);
            for (n, (listed, now, moved, _)) in cases.iter().enumerate() {
                let busy = matches!(
                    now,
                    ServerStatus::Creating | ServerStatus::Building | ServerStatus::Deleting
                );
                let expected = !listed || busy || (recursive && *moved);
                let id = n.to_string();
                prop_assert_eq!(stale.iter().any(|s| s.id == id), expected, "instance {}", n);
            }
            let ids: Vec<String> = selected.iter().map(|s| s.id.clone()).collect();
            let remaining = without_stale(&ids, &stale);
            prop_assert_eq!(remaining.len() + stale.len(), ids.len());
            let mut merged: Vec<&String> = remaining.iter().chain(stale.iter().map(|s| &s.id)).collect();
            merged.sort_by_key(|id| id.parse::<usize>().unwrap());
            prop_assert_eq!(merged, ids.iter().collect::<Vec<_>>());
        }
    }
}
