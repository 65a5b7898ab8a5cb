//! The simulated image service, with no HTTP and no clock of its own: instances, list
//! queries, batch-delete requests and the delete jobs they start, and the [`Simulator`] state
//! machine that applies the real API's rules to them at the `now` it is given.

mod batch_delete;
mod draft;
mod error;
mod instance;
mod instance_change;
mod jobs;
mod new_instance;
mod outcome;
mod query;
mod recorded_job;
mod simulator;
mod time;

#[cfg(test)]
mod fixtures;

pub use batch_delete::BatchDeleteRequest;
pub use draft::Draft;
pub use error::ModelError;
pub use instance::{ImageType, Instance, InstanceStatus};
pub use instance_change::InstanceChange;
pub use jobs::{uuid_text, JobDetail, JobSummary, JobType};
pub use new_instance::NewInstance;
pub use outcome::{parse_planned_outcomes, Outcome, SubJobStatus};
pub use query::{ListInstancesQuery, ListJobsQuery, Page};
pub use recorded_job::{RecordedJob, RecordedSubJob};
pub use simulator::Simulator;
pub use time::Timestamp;
