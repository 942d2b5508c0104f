//! Carrier timestamps into instants with their own UTC offset. Carriers write them many ways:
//! RFC 3339 with an offset, local time without one, or split date and time fields.

use chrono::{DateTime, FixedOffset, NaiveDateTime};

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
}
