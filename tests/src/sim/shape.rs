//! What the carrier modules share when they render a journey: its events in the order the
//! carrier lists them, country codes, and the carrier a number belongs to.

use trackline_core::detect;
use trackline_core::model::{Event, Location};
use trackline_core::tracking::CarrierReport;

/// The report's events, newest first (most carriers' order).
pub fn newest_first(report: &CarrierReport) -> Vec<Event> {
    let mut events = report.events.clone();
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    events
}

/// The report's events, oldest first (AfterShip's order).
pub fn oldest_first(report: &CarrierReport) -> Vec<Event> {
    let mut events = newest_first(report);
    events.reverse();
    events
}

/// ISO 3166-1 alpha-3 for the alpha-2 codes the journeys use (AfterShip writes alpha-3).
pub fn alpha3(alpha2: &str) -> String {
    match alpha2 {
        "US" => "USA",
        "CN" => "CHN",
        "HK" => "HKG",
        "DE" => "DEU",
        "GB" => "GBR",
        "FR" => "FRA",
        "JP" => "JPN",
        "CA" => "CAN",
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A location's field, or "" (carriers send empty strings more often than nulls).
pub fn field(location: Option<&Location>, pick: fn(&Location) -> Option<&String>) -> String {
    location.and_then(pick).cloned().unwrap_or_default()
}

/// The carrier Trackline detects for `number` (its code), if any: what an aggregator works out
/// by itself when the request names no carrier.
pub fn detected(number: &str) -> Option<&'static str> {
    detect::detect(number).first().map(|c| c.carrier.code)
}
