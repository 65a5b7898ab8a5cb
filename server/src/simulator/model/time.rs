//! Time as the API writes it: milliseconds since the epoch, serialized as
//! `2024-05-07T07:54:21.009Z`, or as a test wrote it with fewer fractional digits
//! ([`WrittenTime`]). The model has no clock of its own; callers pass `now`.

use std::fmt;

use serde::Serialize;

/// A point in time, in milliseconds since the Unix epoch (UTC). Serializes like the API does:
/// `2024-05-07T07:54:21.009Z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The instant `millis` milliseconds after the Unix epoch.
    #[cfg(test)]
    pub const fn from_unix_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// The current wall-clock time.
    pub fn now() -> Self {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Self(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }

    /// Milliseconds since the Unix epoch.
    pub const fn unix_millis(self) -> i64 {
        self.0
    }

    /// This instant shifted by `millis` (negative goes back).
    pub const fn plus_millis(self, millis: i64) -> Self {
        Self(self.0 + millis)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, 3)
    }
}

impl Timestamp {
    /// Writes the instant with `digits` (0–3) fractional digits of its milliseconds.
    fn write(self, f: &mut fmt::Formatter<'_>, digits: u8) -> fmt::Result {
        let days = self.0.div_euclid(DAY_MS);
        let millis_of_day = self.0.rem_euclid(DAY_MS);
        let (year, month, day) = civil_from_days(days);
        let seconds = millis_of_day / 1000;
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60,
        )?;
        if digits > 0 {
            let millis = format!("{:03}", millis_of_day % 1000);
            write!(f, ".{}", &millis[..usize::from(digits.min(3))])?;
        }
        f.write_str("Z")
    }
}

/// A time as the service writes it: the service drops fractional digits (`…49.61Z`, `…06Z`),
/// so a test can give an instance's time with 0 to 3 of them, and it is written back as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct WrittenTime {
    /// The instant (exact: no digit beyond the ones written is dropped).
    pub at: Timestamp,
    digits: u8,
}

impl From<Timestamp> for WrittenTime {
    /// Written with milliseconds, as the simulator writes its own times.
    fn from(at: Timestamp) -> Self {
        Self { at, digits: 3 }
    }
}

impl WrittenTime {
    /// Reads `YYYY-MM-DDTHH:MM:SS[.f]Z` (UTC, 0 to 3 fractional digits), the form the API's
    /// `date-time` fields have.
    pub fn parse(text: &str) -> Option<Self> {
        let (date, clock) = text.strip_suffix('Z')?.split_once('T')?;
        let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
        let date: Vec<i64> = fields(date, '-', &[4, 2, 2])?;
        let hms: Vec<i64> = fields(hms, ':', &[2, 2, 2])?;
        let digits = u8::try_from(fraction.len()).ok().filter(|d| *d <= 3)?;
        if (clock.contains('.') && digits == 0) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (month, day, hour, minute, second) = (date[1], date[2], hms[0], hms[1], hms[2]);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let millis = format!("{fraction:0<3}").parse::<i64>().ok()?;
        let days = days_from_civil(date[0], month, day);
        let at = Timestamp(days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis);
        // A day past the end of its month (e.g. 02-30) would come back as another date.
        (civil_from_days(days) == (date[0], month, day)).then_some(Self { at, digits })
    }
}

impl fmt::Display for WrittenTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.at.write(f, self.digits)
    }
}

impl Serialize for WrittenTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `text` split at `separator` into numbers of exactly these many digits each.
fn fields(text: &str, separator: char, widths: &[usize]) -> Option<Vec<i64>> {
    let parts: Vec<&str> = text.split(separator).collect();
    if parts.len() != widths.len() {
        return None;
    }
    parts
        .iter()
        .zip(widths)
        .map(|(part, &width)| {
            (part.len() == width && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect()
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::T0;

    #[test]
    fn timestamps_format_as_utc_with_milliseconds() {
        assert_eq!(T0.to_string(), "2024-05-07T07:54:21.009Z");
        assert_eq!(
            Timestamp::from_unix_millis(1_698_469_114_058).to_string(),
            "2023-10-28T04:58:34.058Z"
        );
        assert_eq!(
            Timestamp::from_unix_millis(0).to_string(),
            "1970-01-01T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::from_unix_millis(951_782_400_000).to_string(),
            "2000-02-29T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::from_unix_millis(-1).to_string(),
            "1969-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn written_times_come_back_as_written() {
        for text in [
            "2024-05-20T10:39:49.61Z",
            "2024-05-20T10:39:06Z",
            "2024-05-20T10:39:06.9Z",
            "2024-05-07T07:54:21.009Z",
            "2000-02-29T23:59:59.999Z",
            "1969-12-31T00:00:00Z",
        ] {
            let written = WrittenTime::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(written.to_string(), text);
        }
        let at = |text| WrittenTime::parse(text).unwrap().at;
        assert_eq!(at("2024-05-07T07:54:21.009Z"), T0);
        assert_eq!(at("2024-05-07T07:54:21.9Z"), T0.plus_millis(891));
        assert_eq!(at("2024-05-07T07:54:22Z"), T0.plus_millis(991));
        assert_eq!(WrittenTime::from(T0).to_string(), T0.to_string());
    }

    #[test]
    fn written_times_refuse_other_forms() {
        for text in [
            "",
            "2024-05-20T10:39:49.6123Z",
            "2024-05-20T10:39:49.Z",
            "2024-05-20T10:39:49.6x",
            "2024-05-20T10:39:49",
            "2024-05-20 10:39:49Z",
            "2024-05-20T10:39:49+08:00",
            "2024-5-20T10:39:49Z",
            "2024-02-30T10:39:49Z",
            "2024-13-01T10:39:49Z",
            "2024-05-20T24:00:00Z",
            "2024-05-20T10:60:00Z",
            "2024-05-20T10:39:60Z",
            "2024-05-20T10:39:4a.1Z",
        ] {
            assert_eq!(WrittenTime::parse(text), None, "{text}");
        }
    }
}
