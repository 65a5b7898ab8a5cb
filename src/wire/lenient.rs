//! Lenient reading: the SDK marks every response field optional, so a field of the wrong
//! type becomes text or its default instead of failing the page, and list entries that are
//! not objects are skipped.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{JobStatus, JobType, ServerStatus, SubJobStatus};

/// A string field that also takes numbers, booleans and `null` (as text or empty); an array
/// or object becomes its JSON text. Read straight from the input, without building a
/// `serde_json::Value` for every field of 10,000 items.
pub(super) fn lenient_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    deserializer.deserialize_any(LenientString)
}

struct LenientString;

impl<'de> Visitor<'de> for LenientString {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<String, E> {
        Ok(flag.to_string())
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<String, E> {
        Ok(serde_json::Number::from_f64(number).map_or_else(String::new, |n| n.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))
            .map(|value| value.to_string())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|value| value.to_string())
    }
}

/// `job_id` must be a non-empty string or number: without it nothing can be followed.
pub(super) fn required_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let id = lenient_string(deserializer)?;
    if id.trim().is_empty() {
        return Err(serde::de::Error::custom("job_id is empty"));
    }
    Ok(id)
}

pub(super) fn lenient_status<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<ServerStatus, D::Error> {
    lenient_string(deserializer).map(|raw| ServerStatus::parse(&raw))
}

pub(super) fn lenient_job_status<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<JobStatus, D::Error> {
    lenient_string(deserializer).map(|raw| JobStatus::parse(&raw))
}

pub(super) fn lenient_job_type<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<JobType, D::Error> {
    lenient_string(deserializer).map(|raw| JobType::parse(&raw))
}

pub(super) fn lenient_sub_job_status<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<SubJobStatus, D::Error> {
    lenient_string(deserializer).map(|raw| SubJobStatus::parse(&raw))
}

pub(super) fn lenient_count<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    Ok(serde_json::Value::deserialize(deserializer)?.as_u64())
}

/// A nested object of the wrong shape becomes its default instead of failing the page.
pub(super) fn lenient_or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    ObjectOrSkip::deserialize(deserializer).map(|ObjectOrSkip(object)| object.unwrap_or_default())
}

/// A list whose entries that are not objects are skipped rather than failing the whole list.
/// Each object is read straight into `T` (whose fields are all lenient), without an
/// intermediate `serde_json::Value`.
pub(super) fn lenient_items<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(LenientItems(PhantomData))
}

/// [`lenient_items`] for a field that may be absent (`None`, with `#[serde(default)]`).
pub(super) fn present_items<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    lenient_items(deserializer).map(Some)
}

struct LenientItems<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for LenientItems<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(ObjectOrSkip(item)) = seq.next_element()? {
            items.extend(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Vec::new())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
}

/// One list entry: an object read as `T`, anything else skipped.
struct ObjectOrSkip<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOrSkip<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entry<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for Entry<T> {
            type Value = ObjectOrSkip<T>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("any JSON value")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|item| ObjectOrSkip(Some(item)))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ObjectOrSkip(None))
            }

            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(ObjectOrSkip(None))
            }
        }

        deserializer.deserialize_any(Entry(PhantomData))
    }
}
