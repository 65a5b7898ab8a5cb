//! Test data shared by the model's unit tests: six instances in every interesting state.

use super::instance::{AuthorizedAccount, ImageRef};
use super::{ImageType, Instance, InstanceStatus, ListInstancesQuery, Page, Simulator, Timestamp};

pub const T0: Timestamp = Timestamp::from_unix_millis(1_715_068_461_009);
pub const DURATION: u64 = 10_000;

/// An instance created `id` milliseconds after [`T0`].
pub fn instance(id: &str, status: Option<InstanceStatus>, changed: bool) -> Instance {
    Instance {
        id: Some(id.to_owned()),
        name: format!("name-{id}"),
        description: String::new(),
        image_ref: ImageRef {
            id: "img".into(),
            image_type: ImageType::Private,
            spce_code: String::new(),
            product_id: String::new(),
        },
        server_group_id: "sg".into(),
        app_group_id: "ag".into(),
        server_id: "wksapp-1".into(),
        instance_id: "ecs".into(),
        image_id: String::new(),
        status,
        authorize_accounts: vec![AuthorizedAccount {
            account: "u".into(),
            account_type: "USER",
            domain: None,
        }],
        create_time: T0.plus_millis(id.parse::<i64>().unwrap()).into(),
        update_time: T0,
        enterprise_project_id: "0".into(),
        associated_resources_changed: changed,
    }
}

/// ACTIVE, CREATING, BUILDING, BUILT with changed resources, absent status, ERROR.
pub fn instances() -> Vec<Instance> {
    vec![
        instance("1", Some(InstanceStatus::Active), false),
        instance("2", Some(InstanceStatus::Creating), false),
        instance("3", Some(InstanceStatus::Building), false),
        instance("4", Some(InstanceStatus::Built), true),
        instance("5", None, false),
        instance("6", Some(InstanceStatus::Error), false),
    ]
}

pub fn simulator() -> Simulator {
    Simulator::new("p", DURATION, instances(), 7)
}

pub fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Every instance in one page.
pub fn all() -> ListInstancesQuery {
    ListInstancesQuery::from_params(&params(&[("limit", "100")])).unwrap()
}

pub fn ids(page: &Page<Instance>) -> Vec<&str> {
    page.items
        .iter()
        .map(|i| i.id.as_deref().unwrap_or_default())
        .collect()
}
