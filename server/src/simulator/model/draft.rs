//! An instance made from a few chosen fields, the rest (ids, times, user) drawn from a seeded
//! random stream: how the seed data is made, and how a test adds an instance
//! (`POST /__sim/instances`).

use super::instance::{AuthorizedAccount, ImageRef, ImageType, Instance, InstanceStatus};
use super::jobs::uuid_text;
use super::time::Timestamp;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
const DOMAIN: &str = "corp.example.com";
const DESCRIPTIONS: &[&str] = &[
    "",
    "",
    "",
    "Base image for the finance department",
    "Windows Server 2019 with Office 2019",
    "测试镜像实例",
    "Nightly build host — do not delete",
    "Created by terraform",
];

/// The chosen fields of an instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft<'a> {
    pub name: &'a str,
    pub status: Option<InstanceStatus>,
    pub image_type: ImageType,
    /// See [`Instance::associated_resources_changed`].
    pub associated_resources_changed: bool,
}

impl Draft<'_> {
    /// The instance, with no id yet, created some time before `now` (under an hour when
    /// CREATING, up to six months otherwise).
    pub fn instance(&self, rng: &mut fastrand::Rng, now: Timestamp) -> Instance {
        let creating = self.status == Some(InstanceStatus::Creating);
        let age = if creating {
            rng.i64(60_000..HOUR_MS)
        } else {
            rng.i64(HOUR_MS..180 * DAY_MS)
        };
        let create_time = now.plus_millis(-age);
        let update_time = create_time.plus_millis(rng.i64(1_000..age.min(3 * DAY_MS)));
        let gold = self.image_type == ImageType::Gold;
        let domain = (rng.u32(0..3) == 0).then(|| DOMAIN.to_owned());
        Instance {
            id: None,
            name: self.name.to_owned(),
            description: DESCRIPTIONS[rng.usize(0..DESCRIPTIONS.len())].to_owned(),
            image_ref: ImageRef {
                id: uuid_text(rng.u128(..)),
                image_type: self.image_type,
                spce_code: if gold {
                    format!("{:032x}", rng.u128(..))
                } else {
                    String::new()
                },
                product_id: if gold {
                    format!("00301-{}-0--0", rng.u32(100_000..999_999))
                } else {
                    String::new()
                },
            },
            server_group_id: uuid_text(rng.u128(..)),
            // The API leaves these empty until creation finishes.
            app_group_id: if creating {
                String::new()
            } else {
                rng.u64(627_991_000_000_000_000..697_000_000_000_000_000)
                    .to_string()
            },
            server_id: if creating {
                String::new()
            } else {
                format!("wksapp-{}", uuid_text(rng.u128(..)))
            },
            instance_id: if creating {
                String::new()
            } else {
                uuid_text(rng.u128(..))
            },
            image_id: if self.status == Some(InstanceStatus::Built) {
                uuid_text(rng.u128(..))
            } else {
                String::new()
            },
            status: self.status,
            authorize_accounts: vec![AuthorizedAccount {
                account: format!("user{:03}", rng.u32(1..200)),
                account_type: "USER",
                domain,
            }],
            create_time: create_time.into(),
            update_time,
            enterprise_project_id: "0".to_owned(),
            associated_resources_changed: self.associated_resources_changed,
        }
    }
}
