//! Generators shared by the property tests of every layer that reads JSON.

use proptest::prelude::*;

/// Arbitrary JSON values, nested a few levels, with the field names the parser looks for.
pub(crate) fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(serde_json::Value::from),
        ".{0,40}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![
            Just("error_code".to_owned()),
            Just("error_msg".to_owned()),
            Just("code".to_owned()),
            Just("message".to_owned()),
            Just("request_id".to_owned()),
            Just("items".to_owned()),
            Just("count".to_owned()),
            Just("status".to_owned()),
            Just("job_id".to_owned()),
            Just("sub_jobs".to_owned()),
            ".{0,12}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(key, inner, 0..6)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}
