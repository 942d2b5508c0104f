//! What a stranger's read may cost the merchant. Any visitor can ask about any number, and a
//! merchant's page shows numbers the merchant never registered, so the main path stays open;
//! but an aggregator (17TRACK, AfterShip, Kuaidi100) starts tracking, and billing, every number
//! it is asked about. So the first call about a number nobody has asked about before is:
//! - free when it costs nothing extra (a carrier's own API, the sandbox) or a merchant
//!   registered the number (merchants' registrations and pushes are always allowed);
//! - refused as "not found" without a call when the number has the shape of checksummed
//!   formats but fails every one's check digit (a typo, which no carrier knows);
//! - otherwise counted against the deployment's daily budget of new numbers from visitors, and
//!   each client's.
//!
//! A number the carrier keeps not knowing is asked less and less often, then no more
//! ([`crate::refresh::unknown_interval`]). Live watchers are capped per shipment and per client.

use chrono::{DateTime, Utc};

use crate::detect;

/// New numbers visitors may start tracking through an aggregator, per deployment per UTC day
/// (`TRACKLINE_NEW_NUMBERS_PER_DAY`).
pub const NEW_NUMBERS_PER_DAY: u32 = 1000;
/// The same, per client (`TRACKLINE_NEW_NUMBERS_PER_CLIENT`).
pub const NEW_NUMBERS_PER_CLIENT: u32 = 50;
/// Open live channels (WebSockets) one shipment accepts.
pub const WATCHERS_PER_SHIPMENT: usize = 500;
/// Open live channels one client may hold on one shipment.
pub const WATCHERS_PER_CLIENT: usize = 8;

/// What the first call about an unseen number needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstCall {
    /// Call: it costs nothing extra, or a merchant registered the number.
    Free,
    /// Answer "not found" without calling: the number is a checksummed number mistyped.
    Mistyped,
    /// Call only within today's budgets of new numbers from visitors.
    Budgeted,
}

/// The first call about `number` (cleaned) through a connector that is an `aggregator` or not,
/// for a visitor, when `registered` says whether a merchant registered it.
pub fn first_call(number: &str, aggregator: bool, registered: bool) -> FirstCall {
    if !aggregator || registered {
        FirstCall::Free
    } else if detect::mistyped(number) {
        FirstCall::Mistyped
    } else {
        FirstCall::Budgeted
    }
}

/// The daily budgets of new numbers from visitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budgets {
    /// Per deployment per day.
    pub per_day: u32,
    /// Per client per day.
    pub per_client: u32,
}

impl Budgets {
    /// From the vars' values when set and numbers, else the defaults.
    pub fn from_vars(per_day: Option<&str>, per_client: Option<&str>) -> Budgets {
        let read =
            |v: Option<&str>, default| v.and_then(|v| v.trim().parse().ok()).unwrap_or(default);
        Budgets {
            per_day: read(per_day, NEW_NUMBERS_PER_DAY),
            per_client: read(per_client, NEW_NUMBERS_PER_CLIENT),
        }
    }
}

/// The budget's day: the UTC date, `2026-12-05`.
pub fn budget_day(now: DateTime<Utc>) -> String {
    now.format("%Y-%m-%d").to_string()
}

/// Seconds until the budget's day ends, for `Retry-After`.
pub fn seconds_to_next_day(now: DateTime<Utc>) -> u64 {
    let tomorrow = now
        .date_naive()
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0));
    tomorrow.map_or(3600, |t| (t.and_utc() - now).num_seconds().max(1) as u64)
}

/// True when one more live channel may open on a shipment holding `open` of them, `from_client`
/// of them this client's.
pub fn may_watch(open: usize, from_client: usize) -> bool {
    open < WATCHERS_PER_SHIPMENT && from_client < WATCHERS_PER_CLIENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_call_costs_what_it_may() {
        let cases = [
            // (number, aggregator, registered, expected)
            ("1Z999AA10123456784", true, false, FirstCall::Budgeted),
            // The same number with its check digit wrong: a typo no carrier knows.
            ("1Z999AA10123456785", true, false, FirstCall::Mistyped),
            ("568283610012732", true, false, FirstCall::Mistyped),
            // A merchant registered it: always allowed, typo or not.
            ("1Z999AA10123456785", true, true, FirstCall::Free),
            // A carrier's own API costs no registration.
            ("1Z999AA10123456785", false, false, FirstCall::Free),
            // Numbers of no known format cannot be judged: the budget decides.
            ("YT2412345678901234", true, false, FirstCall::Budgeted),
            ("SF1409871234567", true, false, FirstCall::Budgeted),
        ];
        for (number, aggregator, registered, expected) in cases {
            assert_eq!(
                first_call(number, aggregator, registered),
                expected,
                "{number} {aggregator} {registered}"
            );
        }
    }

    #[test]
    fn budgets_come_from_vars_or_defaults() {
        assert_eq!(
            Budgets::from_vars(None, None),
            Budgets {
                per_day: NEW_NUMBERS_PER_DAY,
                per_client: NEW_NUMBERS_PER_CLIENT
            }
        );
        assert_eq!(
            Budgets::from_vars(Some(" 3 "), Some("x")),
            Budgets {
                per_day: 3,
                per_client: NEW_NUMBERS_PER_CLIENT
            }
        );
    }

    #[test]
    fn days_and_retry() {
        let now = DateTime::parse_from_rfc3339("2026-12-31T23:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(budget_day(now), "2026-12-31");
        assert_eq!(seconds_to_next_day(now), 3600);
    }

    #[test]
    fn watchers_are_capped_per_shipment_and_per_client() {
        assert!(may_watch(0, 0));
        assert!(may_watch(
            WATCHERS_PER_SHIPMENT - 1,
            WATCHERS_PER_CLIENT - 1
        ));
        assert!(!may_watch(WATCHERS_PER_SHIPMENT, 0));
        assert!(!may_watch(10, WATCHERS_PER_CLIENT));
    }
}
