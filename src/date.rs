//! Calendar dates as engagements and responses write them: ISO `YYYY-MM-DD`, checked against the
//! (proleptic Gregorian) calendar, so `2026-02-30` is refused and `2028-02-29` accepted.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A real calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Reads `YYYY-MM-DD`; the error says what was expected (`February 2026 has 28 days`).
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        let number = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u16>().ok());
        let (Some(year), Some(month), Some(day), true) =
            (number(0..4), number(5..7), number(8..10), shape)
        else {
            return Err(format!("date \"{s}\": expected an ISO date YYYY-MM-DD"));
        };
        if !(1..=12).contains(&month) {
            return Err(format!(
                "date \"{s}\": month {month}: expected an ISO date YYYY-MM-DD with a month from 01 to 12"
            ));
        }
        let month = month as u8;
        let last = days_in_month(year, month);
        if day == 0 || day > u16::from(last) {
            return Err(format!(
                "date \"{s}\": {} {year} has {last} days: expected a day from 01 to {last}",
                MONTHS[usize::from(month) - 1]
            ));
        }
        Ok(Date {
            year,
            month,
            day: day as u8,
        })
    }

    /// Today (UTC), from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Converts days since 1970-01-01 to a date (H. Hinnant's algorithm); years are clamped to
    /// 0–9999, which a system clock does not leave.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            year: y.clamp(0, 9999) as u16,
            month: m as u8,
            day: d as u8,
        }
    }

    pub fn year(self) -> u16 {
        self.year
    }

    /// 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d4_2_impossible_calendar_dates_are_refused() {
        let err = Date::parse("2026-02-30").unwrap_err();
        assert_eq!(
            err,
            "date \"2026-02-30\": February 2026 has 28 days: expected a day from 01 to 28"
        );
        for bad in [
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "1900-02-29",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        for shape in [
            "24/11/2026",
            "2026-1-01",
            "+026-01-01",
            "2026-01-0a",
            "yesterday",
            "",
        ] {
            assert_eq!(
                Date::parse(shape).unwrap_err(),
                format!("date \"{shape}\": expected an ISO date YYYY-MM-DD")
            );
        }
    }

    #[test]
    fn leap_days_follow_the_gregorian_rules() {
        assert!(Date::parse("2028-02-29").is_ok());
        assert!(Date::parse("2000-02-29").is_ok());
        assert!(Date::parse("2100-02-29").is_err());
        assert_eq!(Date::parse("2026-12-31").unwrap().to_string(), "2026-12-31");
    }

    #[test]
    fn civil_dates_match_known_days() {
        let day = |n| Date::from_days_since_epoch(n).to_string();
        assert_eq!(day(0), "1970-01-01");
        assert_eq!(day(20_781), "2026-11-24");
        assert_eq!(day(11_016), "2000-02-29");
    }
}
