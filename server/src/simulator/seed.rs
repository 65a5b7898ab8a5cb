//! Deterministic seed data: a hand-picked default set that exercises every corner of the
//! `ImageServer` shape, or `N` generated instances for benchmarks. The same seed and the same
//! `now` always give the same instances.

use super::model::{Draft, ImageType, Instance, InstanceStatus, Timestamp};

/// The first instance id; later ones grow with creation time, like snowflake ids do.
const FIRST_ID: u64 = 627_989_489_700_044_800;
/// Instances in the default set.
const DEFAULT_SET_SIZE: usize = 60;

const fn draft(name: &str, status: Option<InstanceStatus>, image_type: ImageType) -> Draft<'_> {
    Draft {
        name,
        status,
        image_type,
        associated_resources_changed: false,
    }
}

const fn changed(name: &str, status: Option<InstanceStatus>, image_type: ImageType) -> Draft<'_> {
    Draft {
        name,
        status,
        image_type,
        associated_resources_changed: true,
    }
}

use ImageType::{Gold, Other, Private, Public, Shared};
use InstanceStatus::{Active, Building, Built, Creating, Deleting, Error, Null};

/// The corner cases every console must survive; generated instances fill up the rest.
const SPECIAL_CASES: &[Draft<'static>] = &[
    draft("test_instance_2", Some(Active), Gold),
    draft("test_instance_1", Some(Creating), Gold),
    draft("office-2019-golden-building", Some(Building), Private),
    draft("finance-apps-built", Some(Built), Shared),
    draft("cad-suite-error", Some(Error), Public),
    draft("legacy-erp-stuck-deleting", Some(Deleting), Private),
    draft("status-is-the-string-null", Some(Null), Other),
    draft("status-field-absent", None, Private),
    draft(
        "engineering-workstation-visual-studio-2022-enterprise-with-dotnet-8-sdk-node-20-python-3-12\
         -and-the-full-android-toolchain-for-the-mobile-team-in-the-shenzhen-and-singapore-offices\
         -rebuilt-weekly-from-the-golden-image",
        Some(Active),
        Private,
    ),
    draft("财务部办公应用镜像-测试环境", Some(Active), Public),
    draft("🚀 launch-pad image 🎨✨", Some(Built), Shared),
    draft("صورة التطبيقات المالية", Some(Active), Private),
    draft("תמונת יישומים לצוות", Some(Error), Other),
    draft("<img src=x onerror=alert(1)>", Some(Active), Private),
    changed("hr-apps-resources-changed", Some(Active), Private),
    changed("design-suite-group-changed", Some(Built), Gold),
    changed("erp-client-changed-error", Some(Error), Shared),
];

const NAME_PREFIXES: &[&str] = &[
    "win2019",
    "win2022",
    "office",
    "dev-tools",
    "cad",
    "gis",
    "finance",
    "hr",
    "qa",
    "sales",
    "ops",
];
const NAME_SUFFIXES: &[&str] = &["golden", "base", "v2", "test", "prod", "pilot"];

/// The default data set: about 60 instances covering every status (including `"null"` and an
/// absent status), every image type, long/unicode/markup names, empty descriptions, and a few
/// whose associated resources changed (their names contain "changed").
pub fn default_instances(seed: u64, now: Timestamp) -> Vec<Instance> {
    let mut factory = Factory::new(seed, now);
    let mut instances: Vec<Instance> = SPECIAL_CASES.iter().map(|d| factory.instance(d)).collect();
    for index in instances.len()..DEFAULT_SET_SIZE {
        instances.push(factory.generated(index));
    }
    assign_ids(&mut instances, seed);
    instances
}

/// `count` generated instances with random but reproducible statuses, types and names.
pub fn generated_instances(count: usize, seed: u64, now: Timestamp) -> Vec<Instance> {
    let mut factory = Factory::new(seed, now);
    let mut instances: Vec<Instance> = (0..count).map(|index| factory.generated(index)).collect();
    assign_ids(&mut instances, seed);
    instances
}

/// Gives ids that grow with creation time, as the real service's do.
fn assign_ids(instances: &mut [Instance], seed: u64) {
    instances.sort_by_key(|i| i.create_time);
    let mut steps = fastrand::Rng::with_seed(seed.rotate_left(17));
    let mut id = FIRST_ID;
    for instance in instances {
        instance.id = Some(id.to_string());
        id += steps.u64(1 << 16..1 << 24);
    }
}

struct Factory {
    rng: fastrand::Rng,
    now: Timestamp,
}

impl Factory {
    fn new(seed: u64, now: Timestamp) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            now,
        }
    }

    fn generated(&mut self, index: usize) -> Instance {
        let status = match self.rng.u32(0..100) {
            0..50 => Some(Active),
            50..70 => Some(Built),
            70..80 => Some(Error),
            80..85 => Some(Creating),
            85..90 => Some(Building),
            90..95 => Some(Deleting),
            95..98 => Some(Null),
            _ => None,
        };
        let image_type =
            [Gold, Public, Private, Private, Private, Shared, Other][self.rng.usize(0..7)];
        let associated_resources_changed = self.rng.u32(0..100) < 3;
        let prefix = NAME_PREFIXES[self.rng.usize(0..NAME_PREFIXES.len())];
        let suffix = NAME_SUFFIXES[self.rng.usize(0..NAME_SUFFIXES.len())];
        let mut name = format!("{prefix}-{suffix}-{index:05}");
        if associated_resources_changed {
            name.push_str("-changed");
        }
        self.instance(&Draft {
            name: &name,
            status,
            image_type,
            associated_resources_changed,
        })
    }

    fn instance(&mut self, draft: &Draft<'_>) -> Instance {
        draft.instance(&mut self.rng, self.now)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const NOW: Timestamp = Timestamp::from_unix_millis(1_715_068_461_009);

    #[test]
    fn default_set_covers_every_corner() {
        let instances = default_instances(1, NOW);
        assert!((55..=65).contains(&instances.len()));
        for status in [
            Some(Creating),
            Some(Active),
            Some(Building),
            Some(Built),
            Some(Error),
            Some(Deleting),
            Some(Null),
            None,
        ] {
            assert!(instances.iter().any(|i| i.status == status), "{status:?}");
        }
        for image_type in [Gold, Public, Private, Shared, Other] {
            assert!(
                instances
                    .iter()
                    .any(|i| i.image_ref.image_type == image_type),
                "{image_type:?}"
            );
        }
        assert!(instances.iter().any(|i| i.name.chars().count() > 200));
        assert!(instances
            .iter()
            .any(|i| i.name == "<img src=x onerror=alert(1)>"));
        assert!(instances.iter().any(|i| i.name == "test_instance_2"));
        assert!(instances.iter().any(|i| i.description.is_empty()));
        let changed: Vec<&Instance> = instances
            .iter()
            .filter(|i| i.associated_resources_changed)
            .collect();
        assert!(changed.len() >= 3);
        assert!(changed.iter().all(|i| i.name.contains("changed")));
    }

    #[test]
    fn ids_are_unique_numeric_strings_above_2_pow_53_growing_with_age() {
        let mut instances = generated_instances(2_000, 9, NOW);
        let ids: HashSet<&Option<String>> = instances.iter().map(|i| &i.id).collect();
        assert_eq!(ids.len(), 2_000);
        let numeric = |i: &Instance| i.id.as_deref().unwrap().parse::<u64>().unwrap();
        assert!(instances.iter().all(|i| numeric(i) > 1 << 53));
        instances.sort_by_key(|i| i.create_time);
        assert!(instances
            .windows(2)
            .all(|w| numeric(&w[0]) < numeric(&w[1])));
        assert!(instances.iter().all(|i| i.create_time.at < NOW
            && i.update_time <= NOW
            && i.update_time > i.create_time.at));
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let names = |seed| {
            generated_instances(50, seed, NOW)
                .into_iter()
                .map(|i| (i.id, i.name, i.status))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(3), names(3));
        assert_ne!(names(3), names(4));
        assert!(generated_instances(0, 3, NOW).is_empty());
    }

    #[test]
    fn creating_instances_have_no_downstream_ids_yet() {
        let instances = generated_instances(500, 5, NOW);
        let creating: Vec<&Instance> = instances
            .iter()
            .filter(|i| i.status == Some(Creating))
            .collect();
        assert!(!creating.is_empty());
        assert!(creating
            .iter()
            .all(|i| i.server_id.is_empty() && i.instance_id.is_empty()));
        assert!(instances
            .iter()
            .filter(|i| i.status == Some(Active))
            .all(|i| i.server_id.starts_with("wksapp-")));
    }
}
