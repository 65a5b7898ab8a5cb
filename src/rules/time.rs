//! The API's date-times (`2024-05-20T10:39:49.61Z`: UTC, a varying number of fractional
//! digits, sometimes an offset) as milliseconds since the epoch, so they compare as times
//! rather than as text. No date crate: this is all the console needs.

/// Milliseconds since the epoch, or `None` for text that is not such a date-time.
pub fn parse_utc_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut date_parts = date.splitn(3, '-');
    let year: i64 = number(date_parts.next()?, 4)?;
    let month: i64 = number(date_parts.next()?, 2)?;
    let day: i64 = number(date_parts.next()?, 2)?;
    let (clock, offset_minutes) = split_offset(rest)?;
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, fraction)) => (hms, fraction),
        None => (clock, ""),
    };
    let mut clock_parts = hms.splitn(3, ':');
    let hour: i64 = number(clock_parts.next()?, 2)?;
    let minute: i64 = number(clock_parts.next()?, 2)?;
    let second: i64 = number(clock_parts.next()?, 2)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |ms, digit| ms * 10 + i64::from(digit - b'0'));
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1_000 + millis)
}

/// `Z`, `+HH:MM` or `-HH:MM` at the end (none means UTC, as the API documents).
fn split_offset(rest: &str) -> Option<(&str, i64)> {
    if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    match rest.rfind(['+', '-']) {
        Some(at) => {
            let (clock, offset) = rest.split_at(at);
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let (hours, minutes) = offset[1..].split_once(':')?;
            Some((clock, sign * (number(hours, 2)? * 60 + number(minutes, 2)?)))
        }
        None => Some((rest, 0)),
    }
}

fn number(text: &str, digits: usize) -> Option<i64> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `2024-05-20T10:39:49.610Z`: milliseconds since the epoch as the API writes times.
pub fn format_utc_ms(ms: i64) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(86_400_000));
    let in_day = ms.rem_euclid(86_400_000);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1_000 % 60,
        in_day % 1_000
    )
}

/// The date of a day count since 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_api_examples_with_any_number_of_fraction_digits() {
        assert_eq!(parse_utc_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_utc_ms("2023-11-14T22:13:20Z"),
            Some(1_700_000_000_000)
        );
        assert_eq!(
            parse_utc_ms("2024-05-20T10:39:49.61Z"),
            Some(1_716_201_589_610)
        );
        assert_eq!(
            parse_utc_ms("2024-05-20T10:39:49.610123Z"),
            parse_utc_ms("2024-05-20T10:39:49.61Z")
        );
        assert_eq!(
            parse_utc_ms("2024-05-20T12:39:49.61+02:00"),
            parse_utc_ms("2024-05-20T10:39:49.61Z")
        );
        // As text "…49.9Z" sorts after "…49.61Z" and after "…50Z"; as times it does not.
        assert!(parse_utc_ms("2024-05-20T10:39:49.9Z") < parse_utc_ms("2024-05-20T10:39:50Z"));
    }

    #[test]
    fn text_that_is_not_a_date_time_is_none() {
        for text in [
            "",
            "null",
            "2024-05-20",
            "2024-13-01T00:00:00Z",
            "yesterday",
            "2024-05-20T10:39:4x.1Z",
        ] {
            assert_eq!(parse_utc_ms(text), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_text_is_read_without_panicking(text in ".{0,40}") {
            let _ = parse_utc_ms(&text);
        }

        #[test]
        fn later_times_are_larger(a in 0i64..4_000_000_000_000, b in 0i64..4_000_000_000_000) {
            let format = format_utc_ms;
            prop_assert_eq!(parse_utc_ms(&format(a)), Some(a));
            prop_assert_eq!(parse_utc_ms(&format(a)) < parse_utc_ms(&format(b)), a < b);
        }
    }
}
