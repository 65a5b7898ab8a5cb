//! Which instances are selected for deletion, and the rules that keep a selection valid:
//! at most [`MAX_BATCH`] ids (the API's limit per request), and never an instance the API
//! would refuse.

use crate::wire::ServerStatus;

/// The API accepts 1 to 20 ids per batch-delete.
pub const MAX_BATCH: usize = 20;

/// What must be typed to delete associated resources too.
pub const CONFIRM_WORD: &str = "confirm";

/// Whether a delete may go ahead: one that deletes associated resources needs the word.
pub fn delete_confirmed(recursive: bool, typed: &str) -> bool {
    !recursive || typed.trim() == CONFIRM_WORD
}

/// Why an instance cannot be selected, or `None` when it can. One without an id is shown
/// but cannot be named in a delete request.
pub fn ineligibility(id: &str, status: &ServerStatus) -> Option<Ineligible> {
    if id.trim().is_empty() {
        return Some(Ineligible::NoId);
    }
    match status {
        ServerStatus::Creating => Some(Ineligible::Creating),
        ServerStatus::Building => Some(Ineligible::Building),
        ServerStatus::Deleting => Some(Ineligible::Deleting),
        _ => None,
    }
}

/// Why an instance cannot be selected (worded in [`crate::i18n`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ineligible {
    /// The API gave it no id, so a delete request cannot name it.
    NoId,
    /// The API refuses to delete an instance being created.
    Creating,
    /// The API refuses to delete an instance an image is being built from.
    Building,
    /// Already being deleted.
    Deleting,
}

/// Why a selection request was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectError {
    /// Already [`MAX_BATCH`] selected.
    Full,
    Ineligible(Ineligible),
}

/// What "select all visible" did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    /// Ids newly selected.
    pub added: Vec<String>,
    /// Eligible visible rows left unselected because the cap was reached.
    pub left_by_cap: usize,
}

/// The selected ids, in the order they were chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    ids: Vec<String>,
}

impl Selection {
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.ids.len() >= MAX_BATCH
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.iter().any(|selected| selected == id)
    }

    /// Selects one instance, or says why not. Selecting a selected id changes nothing.
    pub fn select(&mut self, id: &str, status: &ServerStatus) -> Result<(), SelectError> {
        if self.contains(id) {
            return Ok(());
        }
        if let Some(reason) = ineligibility(id, status) {
            return Err(SelectError::Ineligible(reason));
        }
        if self.is_full() {
            return Err(SelectError::Full);
        }
        self.ids.push(id.to_owned());
        Ok(())
    }

    /// Returns whether the id was selected.
    pub fn deselect(&mut self, id: &str) -> bool {
        let before = self.ids.len();
        self.ids.retain(|selected| selected != id);
        self.ids.len() != before
    }

    /// Selects eligible rows in the given (visible) order until the cap.
    pub fn select_all<'a>(
        &mut self,
        rows: impl IntoIterator<Item = (&'a str, &'a ServerStatus)>,
    ) -> BulkOutcome {
        let mut outcome = BulkOutcome::default();
        for (id, status) in rows {
            if self.contains(id) || ineligibility(id, status).is_some() {
                continue;
            }
            if self.is_full() {
                outcome.left_by_cap += 1;
            } else {
                self.ids.push(id.to_owned());
                outcome.added.push(id.to_owned());
            }
        }
        outcome
    }

    /// Empties the selection, returning what was selected.
    pub fn clear(&mut self) -> Vec<String> {
        std::mem::take(&mut self.ids)
    }

    /// Keeps only ids that still exist and are still eligible (after a refresh); returns the
    /// ids dropped.
    pub fn retain_valid(
        &mut self,
        status_of: impl Fn(&str) -> Option<ServerStatus>,
    ) -> Vec<String> {
        let mut dropped = Vec::new();
        self.ids.retain(|id| {
            let keep = status_of(id).is_some_and(|status| ineligibility(id, &status).is_none());
            if !keep {
                dropped.push(id.clone());
            }
            keep
        });
        dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active() -> ServerStatus {
        ServerStatus::Active
    }

    #[test]
    fn a_row_without_an_id_cannot_be_selected_and_says_why() {
        let mut selection = Selection::default();
        for id in ["", "  "] {
            assert_eq!(ineligibility(id, &active()), Some(Ineligible::NoId));
            assert!(matches!(
                selection.select(id, &active()),
                Err(SelectError::Ineligible(_))
            ));
        }
        let outcome = selection.select_all([("", &active()), ("1", &active())]);
        assert_eq!(outcome.added, ["1"]);
    }

    #[test]
    fn refuses_the_twenty_first() {
        let mut selection = Selection::default();
        for n in 0..MAX_BATCH {
            selection.select(&n.to_string(), &active()).unwrap();
        }
        assert!(selection.is_full());
        assert_eq!(selection.select("20", &active()), Err(SelectError::Full));
        assert_eq!(selection.len(), MAX_BATCH);
        // Re-selecting a selected id at the cap is not an error.
        assert_eq!(selection.select("3", &active()), Ok(()));
    }

    #[test]
    fn refuses_what_the_api_would_refuse() {
        let mut selection = Selection::default();
        for status in [
            ServerStatus::Creating,
            ServerStatus::Building,
            ServerStatus::Deleting,
        ] {
            assert!(matches!(
                selection.select("1", &status),
                Err(SelectError::Ineligible(_))
            ));
        }
        for status in [
            ServerStatus::Active,
            ServerStatus::Built,
            ServerStatus::Error,
            ServerStatus::Unset,
            ServerStatus::Other("NEW".into()),
        ] {
            let mut selection = Selection::default();
            assert_eq!(selection.select("1", &status), Ok(()), "{status:?}");
        }
    }

    #[test]
    fn select_all_stops_at_the_cap_and_says_how_many_it_left() {
        let ids: Vec<String> = (0..30).map(|n| n.to_string()).collect();
        let mut statuses = vec![active(); 30];
        statuses[1] = ServerStatus::Building;
        let mut selection = Selection::default();
        selection.select("29", &active()).unwrap();
        let outcome = selection.select_all(ids.iter().map(String::as_str).zip(statuses.iter()));
        assert_eq!(selection.len(), MAX_BATCH);
        assert_eq!(outcome.added.len(), MAX_BATCH - 1);
        assert!(!outcome.added.contains(&"1".to_owned()));
        // 30 rows, one building, one already selected, 19 added: 9 left by the cap.
        assert_eq!(outcome.left_by_cap, 9);
        assert_eq!(selection.ids()[0], "29");
    }

    #[test]
    fn a_refresh_drops_vanished_and_now_ineligible_ids() {
        let mut selection = Selection::default();
        for id in ["a", "b", "c"] {
            selection.select(id, &active()).unwrap();
        }
        let dropped = selection.retain_valid(|id| match id {
            "a" => Some(ServerStatus::Active),
            "b" => Some(ServerStatus::Deleting),
            _ => None,
        });
        assert_eq!(dropped, ["b", "c"]);
        assert_eq!(selection.ids(), ["a"]);
    }

    #[test]
    fn deleting_associated_resources_needs_the_word() {
        assert!(delete_confirmed(false, ""));
        assert!(!delete_confirmed(true, "yes"));
        assert!(delete_confirmed(true, " confirm "));
    }

    #[test]
    fn deselect_reports_whether_anything_changed() {
        let mut selection = Selection::default();
        selection.select("a", &active()).unwrap();
        assert!(selection.deselect("a"));
        assert!(!selection.deselect("a"));
        assert!(selection.is_empty());
    }
}
