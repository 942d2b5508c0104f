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

/// With a working push the poll is only a safety net: polled once per `safety_net` (12 hours
/// by default) while the push is no quieter than the status usually is ([`usual_quiet`]), and
/// checked again the moment it has been quiet that long; past that, polled at the shipment's
/// normal cadence ([`interval`]): a lost push costs at most the status's usual quiet time.
/// `last_news` is the newest of the last push, the last scan and the subscription's start.
pub fn safety_net(
    status: Status,
    last_news: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    carrier_floor: Duration,
    safety_net: Duration,
) -> Option<Duration> {
    let usual = usual_quiet(status)?;
    if quiet_too_long(status, last_news, now) {
        return interval(status, last_news, now, carrier_floor);
    }
    let quiet = last_news.map_or(Duration::zero(), |at| now.signed_duration_since(at));
    Some(safety_net.min(usual - quiet).max(carrier_floor))
}

/// True when a shipment with a push has had no news for at least its status's usual quiet
/// time: the push may have lost something.
pub fn quiet_too_long(
    status: Status,
    last_news: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    let quiet = last_news.map_or(Duration::zero(), |at| now.signed_duration_since(at));
    usual_quiet(status).is_some_and(|usual| quiet >= usual)
}

/// How long a shipment in `status` usually goes without news; `None` once it is finished.
/// Until Trackline learns each route's own pace (transit history), these are the statuses'
/// common gaps: a van's working day out for delivery, a day for a parcel that waits on the buyer, two days in
/// transit (a flight, customs, a weekend) or between label and pickup.
pub fn usual_quiet(status: Status) -> Option<Duration> {
    match status {
        Status::Delivered | Status::Expired => None,
        // A van's working day: a parcel loaded at 7 may be delivered at 19.
        Status::OutForDelivery => Some(Duration::hours(12)),
        Status::FailedAttempt | Status::AvailableForPickup | Status::Exception => {
            Some(Duration::days(1))
        }
        Status::InTransit | Status::InfoReceived | Status::Pending => Some(Duration::days(2)),
    }
}

/// The safety net's default period (`TRACKLINE_SAFETY_NET_SECS` changes it).
pub const SAFETY_NET: Duration = Duration::hours(12);

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
    fn with_a_working_push_polling_is_a_safety_net() {
        let now = at("2026-11-21T12:00:00Z");
        let zero = Duration::zero();
        // Pushes just came: twelve hours.
        let fresh = Some(now - Duration::hours(1));
        assert_eq!(
            safety_net(Status::InTransit, fresh, now, zero, SAFETY_NET),
            Some(SAFETY_NET)
        );
        // Out for delivery, quiet for 11 of its usual 12 hours: checked in 1 hour.
        let quiet = Some(now - Duration::hours(11));
        assert_eq!(
            safety_net(Status::OutForDelivery, quiet, now, zero, SAFETY_NET),
            Some(Duration::hours(1))
        );
        // Quiet for longer than usual: the normal cadence, as without a push.
        let silent = Some(now - Duration::hours(13));
        assert_eq!(
            safety_net(Status::OutForDelivery, silent, now, zero, SAFETY_NET),
            interval(Status::OutForDelivery, silent, now, zero)
        );
        // The carrier's floor still holds, and a finished parcel is never polled.
        assert_eq!(
            safety_net(
                Status::OutForDelivery,
                quiet,
                now,
                Duration::hours(2),
                SAFETY_NET
            ),
            Some(Duration::hours(2))
        );
        assert_eq!(
            safety_net(Status::Delivered, fresh, now, zero, SAFETY_NET),
            None
        );
        // Two quiet days in transit after a push: a handful of polls instead of one every two
        // hours.
        let count = |next: &dyn Fn(DateTime<Utc>) -> Duration| {
            let (mut t, mut polls) = (now, 0);
            while t < now + Duration::days(2) {
                t += next(t);
                polls += 1;
            }
            polls
        };
        let last = Some(now);
        let with_push =
            count(&|t| safety_net(Status::InTransit, last, t, zero, SAFETY_NET).unwrap());
        let without = count(&|t| interval(Status::InTransit, last, t, zero).unwrap());
        assert_eq!((with_push, without), (4, 24));
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
