//! Carrier timestamps into instants with their own UTC offset. Carriers write them many ways:
//! RFC 3339 with an offset, local time without one, or split date and time fields.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Timelike};

/// Parses `2026-11-21T09:30:00+08:00`, `2026-11-21T09:30:00Z`, and local times without an
/// offset (`2026-11-21T09:30:00`, `2026-11-21 09:30:00`), which take `default_offset`: the
/// carrier's documented zone, or UTC when it documents none.
pub fn parse(text: &str, default_offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(at) = DateTime::parse_from_str(text, format) {
            return Some(at);
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return local.and_local_timezone(default_offset).single();
        }
    }
    None
}

/// UTC as a fixed offset.
pub fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).expect("zero is a valid offset")
}

/// A whole-hour offset east of UTC, such as `hours(8)` for China.
pub fn hours(h: i32) -> FixedOffset {
    FixedOffset::east_opt(h * 3600).expect("offsets in code are valid")
}

/// Parses a UTC offset as carriers write it: `-05:00`, `+0530`, `-7:00`, `-04.00` (UPS Track
/// Alert), `+08`, `-5`, `Z`. `None` for anything else or beyond ±14 hours.
pub fn offset(text: &str) -> Option<FixedOffset> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") {
        return Some(utc());
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => (1, text),
    };
    let (h, m) = match rest.find([':', '.']) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        // Split only where it is a character boundary: "+1é1" is four bytes too.
        None if rest.len() == 4 && rest.is_ascii() => rest.split_at(2),
        None => (rest, "0"),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 || h * 60 + m > 14 * 60 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// The offset of a local wall time from the same instant in UTC, when a carrier gives both but
/// not the offset. Rounded to the quarter hour, as the two are sometimes seconds apart; `None`
/// when they are more than 14 hours apart (they are not the same instant).
pub fn offset_between(local: NaiveDateTime, utc: NaiveDateTime) -> Option<FixedOffset> {
    let seconds = (local - utc).num_seconds();
    let quarters = (seconds as f64 / 900.0).round() as i64;
    if quarters.abs() > 14 * 4 {
        return None;
    }
    FixedOffset::east_opt(i32::try_from(quarters * 900).ok()?)
}

/// The wall time `local` at `offset`, dropping any fraction of a second carriers add.
pub fn at(local: NaiveDateTime, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    local
        .with_nanosecond(0)?
        .and_local_timezone(offset)
        .single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets_and_applies_the_default_only_when_missing() {
        let cases = [
            ("2026-11-21T09:30:00+08:00", "2026-11-21T09:30:00+08:00"),
            ("2026-11-21T09:30:00Z", "2026-11-21T09:30:00+00:00"),
            (
                "2026-11-21T09:30:00.123-05:00",
                "2026-11-21T09:30:00.123-05:00",
            ),
            ("2026-11-21T09:30:00-0500", "2026-11-21T09:30:00-05:00"),
            ("2026-11-21T09:30:00", "2026-11-21T09:30:00+08:00"),
            ("2026-11-21 09:30:00", "2026-11-21T09:30:00+08:00"),
            ("2026-11-21 09:30", "2026-11-21T09:30:00+08:00"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse(input, hours(8)).map(|t| t.to_rfc3339()).as_deref(),
                Some(expected),
                "{input}"
            );
        }
        assert_eq!(parse("yesterday", utc()), None);
        assert_eq!(parse("", utc()), None);
    }

    #[test]
    fn reads_offsets_the_ways_carriers_write_them() {
        let cases = [
            ("-05:00", Some(-5 * 3600)),
            ("+05:30", Some(5 * 3600 + 1800)),
            ("+0530", Some(5 * 3600 + 1800)),
            ("-7:00", Some(-7 * 3600)),
            ("-04.00", Some(-4 * 3600)),
            ("+08", Some(8 * 3600)),
            ("-5", Some(-5 * 3600)),
            ("Z", Some(0)),
            ("+00:00", Some(0)),
            ("+15:00", None),
            ("EST", None),
            ("", None),
            ("-05:0a", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                offset(input).map(|o| o.local_minus_utc()),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn derives_the_offset_from_local_and_utc_times() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        let cases = [
            (
                "2026-11-22 13:58:00",
                "2026-11-22 18:58:40",
                Some(-5 * 3600),
            ),
            ("2026-11-17 03:15:00", "2026-11-17 02:15:00", Some(3600)),
            (
                "2026-11-17 00:30:00",
                "2026-11-16 19:00:00",
                Some(5 * 3600 + 1800),
            ),
            ("2026-11-17 00:00:00", "2026-11-15 00:00:00", None),
        ];
        for (local, utc, expected) in cases {
            assert_eq!(
                offset_between(t(local), t(utc)).map(|o| o.local_minus_utc()),
                expected,
                "{local} / {utc}"
            );
        }
        assert_eq!(
            at(t("2026-11-22 13:58:00"), hours(-5)).map(|a| a.to_rfc3339()),
            Some("2026-11-22T13:58:00-05:00".to_owned())
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Issue 13: a UPS/USPS offset with a multi-byte character ("+1é1") panicked.
        #[test]
        fn any_offset_text_is_read_or_refused(text in "[+-]?\\PC{0,6}") {
            if let Some(o) = offset(&text) {
                prop_assert!(o.local_minus_utc().abs() <= 14 * 3600);
            }
        }

        #[test]
        fn any_time_text_is_read_or_refused(text in "\\PC{0,40}") {
            let _ = parse(&text, utc());
        }
    }

    #[test]
    fn multi_byte_offsets_are_refused_not_split() {
        for text in ["+1é1", "1é1", "-é12", "+٠٥٠٠", "+0５00"] {
            assert_eq!(offset(text), None, "{text}");
        }
    }
}
