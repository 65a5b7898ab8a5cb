//! The check between the person's confirmation and the batch-delete: every instance to
//! delete is read again by id, and nothing is sent while one of them is stale or the reads
//! failed. The person may go on without the stale ones (one request for the rest).

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use super::Store;
use crate::api::error::ApiError;
use crate::rules::precheck::{stale_instances, without_stale, StaleInstance};
use crate::rules::selection::MAX_BATCH;

/// Where the check of a confirmed delete stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum DeleteCheck {
    /// No confirmed delete is being checked.
    #[default]
    Idle,
    /// The instances are being read again.
    Checking,
    /// Nothing was sent: these are stale; `remaining` could still go, if the person says so.
    Blocked {
        stale: Vec<StaleInstance>,
        remaining: Vec<String>,
        recursive: bool,
    },
    /// Nothing was sent: the instances (`ids`) could not be read again.
    Failed {
        error: ApiError,
        ids: Vec<String>,
        recursive: bool,
    },
    /// Checked and handed to the batch-delete.
    Sent,
}

impl DeleteCheck {
    /// Whether the confirmation still offers its own Delete (not once the check blocked the
    /// delete or failed: what to do next is asked differently).
    pub fn keeps_delete_button(&self) -> bool {
        matches!(self, Self::Idle | Self::Checking)
    }
}

#[derive(Clone, Copy)]
pub(super) struct PrecheckState {
    check: RwSignal<DeleteCheck>,
    /// The running check's own owner: cleaning it up cancels the check and aborts its reads.
    task: StoredValue<Option<Owner>>,
}

impl PrecheckState {
    pub(super) fn new() -> Self {
        Self {
            check: RwSignal::new(DeleteCheck::Idle),
            task: StoredValue::new(None),
        }
    }
}

impl Store {
    pub fn delete_check(&self) -> ReadSignal<DeleteCheck> {
        self.precheck.check.read_only()
    }

    /// The person confirmed deleting `ids`: reads each again and sends the batch-delete only
    /// if none is stale. Returns `false`, doing nothing, when there is nothing to check or a
    /// check or a delete is already under way.
    pub fn check_then_submit(&self, ids: Vec<String>, recursive: bool) -> bool {
        let busy = matches!(self.precheck.check.get_untracked(), DeleteCheck::Checking)
            || self.submitting().get_untracked();
        if busy || ids.is_empty() || ids.len() > MAX_BATCH {
            return false;
        }
        let Some(client) = self.client() else {
            return false;
        };
        self.cancel_delete_check();
        self.precheck.check.set(DeleteCheck::Checking);
        let selected = self.selected_snapshots(&ids);
        let store = *self;
        let owner = self.owner.get_value().child();
        owner.with(|| {
            spawn_local_scoped_with_cancellation(async move {
                match client.instances_by_id(&ids).await {
                    Err(error) => {
                        let words = store.messages();
                        store.announce((words.announce_check_failed)(&error.describe(words)));
                        store.precheck.check.set(DeleteCheck::Failed {
                            error,
                            ids,
                            recursive,
                        });
                    }
                    Ok(fresh) => {
                        let stale = stale_instances(&selected, &fresh, recursive);
                        if stale.is_empty() {
                            store.send_checked(ids, recursive);
                        } else {
                            store.announce((store.messages().announce_stale)(stale.len()));
                            let remaining = without_stale(&ids, &stale);
                            store.precheck.check.set(DeleteCheck::Blocked {
                                stale,
                                remaining,
                                recursive,
                            });
                        }
                    }
                }
            })
        });
        self.precheck.task.set_value(Some(owner));
        true
    }

    /// After a blocked check, the person confirmed sending the rest: one batch-delete
    /// without the stale instances. Does nothing when nothing would remain.
    pub fn continue_without_stale(&self) -> bool {
        let DeleteCheck::Blocked {
            remaining,
            recursive,
            ..
        } = self.precheck.check.get_untracked()
        else {
            return false;
        };
        !remaining.is_empty() && self.send_checked(remaining, recursive)
    }

    /// Checks the same request again (after the reads failed).
    pub fn retry_delete_check(&self) -> bool {
        let DeleteCheck::Failed { ids, recursive, .. } = self.precheck.check.get_untracked() else {
            return false;
        };
        self.check_then_submit(ids, recursive)
    }

    /// The dialog closed: a running check stops (its reads are aborted) and sends nothing.
    pub fn cancel_delete_check(&self) {
        if let Some(owner) = self.precheck.task.try_update_value(Option::take).flatten() {
            owner.cleanup();
        }
        if self.precheck.check.get_untracked() != DeleteCheck::Idle {
            self.precheck.check.set(DeleteCheck::Idle);
        }
    }

    fn send_checked(&self, ids: Vec<String>, recursive: bool) -> bool {
        let sent = self.submit(ids, recursive);
        self.precheck.check.set(if sent {
            DeleteCheck::Sent
        } else {
            DeleteCheck::Idle
        });
        sent
    }
}
