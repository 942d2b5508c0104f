//! When to ask the carrier again: often when the parcel is about to arrive, rarely during a
//! long transit, never once it is delivered or tracking expired. Carriers' own limits (such as
//! Kuaidi100's one query per number per 30 minutes) are a floor.

use chrono::{DateTime, Duration, Utc};

use crate::model::Status;

/// How long a copy stays fresh, and so when the next refresh is due; `None` when the shipment
/// will not change any more.
pub fn interval(
    status: Status,
    last_event: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    carrier_floor: Duration,
) -> Option<Duration> {
    let quiet = last_event.map_or(Duration::zero(), |at| now.signed_duration_since(at));
    let base = match status {
        Status::Delivered | Status::Expired => return None,
        // The buyer is watching the door.
        Status::OutForDelivery => Duration::minutes(15),
        // The buyer needs to act; news comes within the day.
        Status::FailedAttempt | Status::AvailableForPickup | Status::Exception => {
            Duration::hours(1)
        }
        // Moving: every two hours; quiet for days (sea freight, customs): a few times a day.
        Status::InTransit if quiet < Duration::days(2) => Duration::hours(2),
        Status::InTransit => Duration::hours(6),
        // Label created or unknown yet: labels appear within hours.
        Status::InfoReceived | Status::Pending => Duration::hours(1),
    };
    Some(base.max(carrier_floor))
}

/// How often to ask again about a number its carrier does not know (yet), by how long ago it
/// was first asked about: hourly the first day (labels appear within hours), every 6 hours to
/// day 3, daily to day [`GIVE_UP_UNKNOWN_AFTER_DAYS`], then never again (`None`): a number
/// nobody ever shipped under stops costing calls. A push or a carrier's answer revives it.
pub fn unknown_interval(since_first_asked: Duration) -> Option<Duration> {
    if since_first_asked < Duration::days(1) {
        Some(Duration::hours(1))
    } else if since_first_asked < Duration::days(3) {
        Some(Duration::hours(6))
    } else if since_first_asked < Duration::days(GIVE_UP_UNKNOWN_AFTER_DAYS) {
        Some(Duration::days(1))
    } else {
        None
    }
}

/// After this many days of "not found", a number is not asked about again.
pub const GIVE_UP_UNKNOWN_AFTER_DAYS: i64 = 14;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn cadence_follows_the_shipment() {
        let now = at("2026-11-21T12:00:00Z");
        let recent = Some(at("2026-11-21T08:00:00Z"));
        let long_ago = Some(at("2026-11-10T08:00:00Z"));
        let none = Duration::zero();
        let cases = [
            (
                Status::OutForDelivery,
                recent,
                none,
                Some(Duration::minutes(15)),
            ),
            (Status::InTransit, recent, none, Some(Duration::hours(2))),
            (Status::InTransit, long_ago, none, Some(Duration::hours(6))),
            (Status::Pending, None, none, Some(Duration::hours(1))),
            (Status::Delivered, recent, none, None),
            (Status::Expired, long_ago, none, None),
            // Kuaidi100 allows one query per 30 minutes: even out-for-delivery waits that long.
            (
                Status::OutForDelivery,
                recent,
                Duration::minutes(30),
                Some(Duration::minutes(30)),
            ),
        ];
        for (status, last, floor, expected) in cases {
            assert_eq!(
                interval(status, last, now, floor),
                expected,
                "{status:?} {last:?}"
            );
        }
    }

    #[test]
    fn unknown_numbers_are_asked_less_often_then_not_at_all() {
        let cases = [
            (Duration::minutes(5), Some(Duration::hours(1))),
            (Duration::hours(30), Some(Duration::hours(6))),
            (Duration::days(5), Some(Duration::days(1))),
            (Duration::days(GIVE_UP_UNKNOWN_AFTER_DAYS), None),
            (Duration::days(400), None),
        ];
        for (since, expected) in cases {
            assert_eq!(unknown_interval(since), expected, "{since:?}");
        }
    }
}
