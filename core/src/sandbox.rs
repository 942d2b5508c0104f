//! The built-in `sandbox` carrier: no credentials, deterministic journeys for documented test
//! numbers, and one live journey that advances on the wall clock so a demo shows real-time
//! updates. It is what the demo storefront tracks with zero configuration.
//!
//! Deterministic journeys are anchored at midnight UTC of the day asked about: the same number
//! gives the same events all day, and they always look recent.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};

use crate::carriers::{
    CarrierError, Connector, ConnectorInfo, HttpRequest, HttpResponse, Kind, Lookup, Outcome,
    Phase, Pushes,
};
use crate::model::{Carrier, Eta, EtaSource, Event, Location, Status, Substatus};
use crate::tracking::CarrierReport;

/// The sandbox carrier's code, as used in `?carrier=sandbox`.
pub const CODE: &str = "sandbox";

/// A documented test number and the journey it plays.
#[derive(Debug)]
pub struct Journey {
    /// The test number.
    pub number: &'static str,
    /// What the journey shows, for the README and the demo page.
    pub summary: &'static str,
    /// Where it starts.
    origin: &'static Place,
    /// Where it ends.
    destination: &'static Place,
    /// Its scans, oldest first.
    scans: &'static [Scan],
    /// The carrier's estimate, as (earliest, latest) days after the anchor.
    eta_days: Option<(i64, i64)>,
    /// True for the journey that replays on the wall clock.
    pub live: bool,
}

/// A place with what a scan there needs: its name, offset from UTC and coordinates.
#[derive(Debug)]
struct Place {
    city: &'static str,
    region: &'static str,
    country: &'static str,
    utc_offset_hours: i32,
    lat: f64,
    lon: f64,
}

/// One scripted scan: `at` is minutes from the anchor (seconds from the cycle start for the live
/// journey).
#[derive(Debug)]
struct Scan {
    at: i64,
    status: Status,
    substatus: Option<Substatus>,
    carrier_text: &'static str,
    place: &'static Place,
}

/// Minutes from the anchor (midnight UTC today) to `hour`:`minute` UTC, `days` days earlier.
const fn ago(days: i64, hour: i64, minute: i64) -> i64 {
    -days * 24 * 60 + hour * 60 + minute
}

const fn place(
    city: &'static str,
    region: &'static str,
    country: &'static str,
    utc_offset_hours: i32,
    lat: f64,
    lon: f64,
) -> Place {
    Place {
        city,
        region,
        country,
        utc_offset_hours,
        lat,
        lon,
    }
}

const AUSTIN: Place = place("Austin", "TX", "US", -6, 30.27, -97.74);
const DALLAS: Place = place("Dallas", "TX", "US", -6, 32.78, -96.80);
const LOUISVILLE: Place = place("Louisville", "KY", "US", -5, 38.25, -85.76);
const NEWARK: Place = place("Newark", "NJ", "US", -5, 40.74, -74.17);
const BROOKLYN: Place = place("Brooklyn", "NY", "US", -5, 40.68, -73.94);
const SHENZHEN: Place = place("Shenzhen", "Guangdong", "CN", 8, 22.54, 114.06);
const HONG_KONG: Place = place("Hong Kong", "Hong Kong", "HK", 8, 22.31, 113.91);
const LOS_ANGELES: Place = place("Los Angeles", "CA", "US", -8, 34.05, -118.24);
const CHICAGO: Place = place("Chicago", "IL", "US", -6, 41.88, -87.63);
const DENVER: Place = place("Denver", "CO", "US", -7, 39.74, -104.99);
const BERLIN: Place = place("Berlin", "Berlin", "DE", 1, 52.52, 13.40);
const LEIPZIG: Place = place("Leipzig", "Saxony", "DE", 1, 51.34, 12.37);
const LONDON: Place = place("London", "England", "GB", 0, 51.51, -0.13);
const FRANKFURT: Place = place("Frankfurt", "Hesse", "DE", 1, 50.11, 8.68);
const OAKLAND: Place = place("Oakland", "CA", "US", -8, 37.80, -122.27);
const SAN_FRANCISCO: Place = place("San Francisco", "CA", "US", -8, 37.77, -122.42);

const fn scan(
    at: i64,
    status: Status,
    substatus: Option<Substatus>,
    carrier_text: &'static str,
    place: &'static Place,
) -> Scan {
    Scan {
        at,
        status,
        substatus,
        carrier_text,
        place,
    }
}

use Status::*;
use Substatus::*;

/// Every sandbox journey. The README lists these numbers.
pub static JOURNEYS: &[Journey] = &[
    Journey {
        number: "TL1000000001",
        summary: "Domestic (Austin to Brooklyn), delivered yesterday",
        origin: &AUSTIN,
        destination: &BROOKLYN,
        eta_days: None,
        live: false,
        scans: &[
            scan(
                ago(4, 16, 0),
                InfoReceived,
                None,
                "Shipment information received",
                &AUSTIN,
            ),
            scan(
                ago(4, 22, 30),
                InTransit,
                Some(PickedUp),
                "Picked up",
                &AUSTIN,
            ),
            scan(
                ago(3, 3, 10),
                InTransit,
                Some(Departed),
                "Departed FedEx location",
                &DALLAS,
            ),
            scan(
                ago(3, 14, 20),
                InTransit,
                Some(Arrived),
                "Arrived at hub",
                &LOUISVILLE,
            ),
            scan(
                ago(2, 5, 0),
                InTransit,
                Some(Departed),
                "Departed hub",
                &LOUISVILLE,
            ),
            scan(
                ago(2, 16, 45),
                InTransit,
                Some(Arrived),
                "Arrived at local facility",
                &NEWARK,
            ),
            scan(
                ago(1, 12, 5),
                OutForDelivery,
                None,
                "On FedEx vehicle for delivery",
                &BROOKLYN,
            ),
            scan(
                ago(1, 19, 32),
                Delivered,
                Some(DeliveredSafePlace),
                "Delivered, left at front door",
                &BROOKLYN,
            ),
        ],
    },
    Journey {
        number: "TL2000000002",
        summary: "Cross-border (Shenzhen to Chicago), cleared customs, in transit",
        origin: &SHENZHEN,
        destination: &CHICAGO,
        eta_days: Some((2, 4)),
        live: false,
        scans: &[
            scan(
                ago(8, 2, 0),
                InfoReceived,
                None,
                "Electronic information submitted by shipper",
                &SHENZHEN,
            ),
            scan(
                ago(8, 9, 30),
                InTransit,
                Some(PickedUp),
                "Shipment picked up",
                &SHENZHEN,
            ),
            scan(
                ago(7, 1, 15),
                InTransit,
                Some(Arrived),
                "Arrived at sort facility",
                &HONG_KONG,
            ),
            scan(
                ago(6, 14, 40),
                InTransit,
                Some(Departed),
                "Departed from origin airport",
                &HONG_KONG,
            ),
            scan(
                ago(5, 9, 5),
                InTransit,
                Some(Arrived),
                "Arrived at destination airport",
                &LOS_ANGELES,
            ),
            scan(
                ago(5, 11, 0),
                InTransit,
                Some(CustomsProcessing),
                "Clearance processing",
                &LOS_ANGELES,
            ),
            scan(
                ago(3, 18, 20),
                InTransit,
                Some(CustomsCleared),
                "Clearance processing complete",
                &LOS_ANGELES,
            ),
            scan(
                ago(2, 4, 10),
                InTransit,
                Some(Departed),
                "Departed facility",
                &LOS_ANGELES,
            ),
            scan(
                ago(1, 15, 55),
                InTransit,
                Some(Arrived),
                "Arrived at delivery facility",
                &CHICAGO,
            ),
        ],
    },
    Journey {
        number: "TL3000000003",
        summary: "Domestic (Chicago to Denver), failed attempt then held for a wrong address",
        origin: &CHICAGO,
        destination: &DENVER,
        eta_days: None,
        live: false,
        scans: &[
            scan(ago(5, 15, 0), InfoReceived, None, "Label created", &CHICAGO),
            scan(
                ago(5, 23, 10),
                InTransit,
                Some(PickedUp),
                "Origin scan",
                &CHICAGO,
            ),
            scan(
                ago(3, 8, 0),
                InTransit,
                Some(Arrived),
                "Arrival scan",
                &DENVER,
            ),
            scan(
                ago(2, 15, 30),
                OutForDelivery,
                None,
                "Out for delivery today",
                &DENVER,
            ),
            scan(
                ago(2, 21, 12),
                FailedAttempt,
                Some(AddressProblem),
                "The street number is incorrect. Delivery attempted",
                &DENVER,
            ),
            scan(
                ago(1, 16, 0),
                Exception,
                Some(AddressProblem),
                "Held at facility: address incomplete, contact the shipper",
                &DENVER,
            ),
        ],
    },
    Journey {
        number: "TL4000000004",
        summary: "Cross-border (Berlin to London), held by customs and returned to sender",
        origin: &BERLIN,
        destination: &LONDON,
        eta_days: None,
        live: false,
        scans: &[
            scan(
                ago(12, 8, 0),
                InfoReceived,
                None,
                "The shipment data has been received",
                &BERLIN,
            ),
            scan(
                ago(12, 16, 20),
                InTransit,
                Some(PickedUp),
                "The shipment has been picked up",
                &BERLIN,
            ),
            scan(
                ago(11, 2, 45),
                InTransit,
                Some(Departed),
                "The shipment left the hub",
                &LEIPZIG,
            ),
            scan(
                ago(10, 7, 30),
                InTransit,
                Some(CustomsProcessing),
                "Import customs clearance started",
                &LONDON,
            ),
            scan(
                ago(9, 10, 0),
                Exception,
                Some(CustomsHeld),
                "Held by customs: import duties unpaid",
                &LONDON,
            ),
            scan(
                ago(4, 9, 0),
                Exception,
                Some(ReturningToSender),
                "Returned to sender: duties not paid within 5 days",
                &LONDON,
            ),
            scan(
                ago(3, 4, 10),
                Exception,
                Some(ReturningToSender),
                "The shipment arrived at the hub",
                &LEIPZIG,
            ),
            scan(
                ago(1, 11, 40),
                Exception,
                Some(ReturnedToSender),
                "Delivered back to the sender",
                &BERLIN,
            ),
        ],
    },
    Journey {
        number: "TL5000000005",
        summary: "Cross-border postal (Shenzhen to Frankfurt), no scan for 11 days while at sea",
        origin: &SHENZHEN,
        destination: &FRANKFURT,
        eta_days: Some((5, 15)),
        live: false,
        scans: &[
            scan(
                ago(16, 3, 0),
                InfoReceived,
                None,
                "Pre-advice received",
                &SHENZHEN,
            ),
            scan(
                ago(15, 6, 30),
                InTransit,
                Some(PickedUp),
                "Posting/Collection",
                &SHENZHEN,
            ),
            scan(
                ago(14, 1, 20),
                InTransit,
                Some(Arrived),
                "Arrival at outward office of exchange",
                &SHENZHEN,
            ),
            scan(
                ago(12, 22, 0),
                InTransit,
                Some(Departed),
                "Departure from outward office of exchange",
                &SHENZHEN,
            ),
        ],
    },
    Journey {
        number: "TL9000000009",
        summary:
            "Live: Oakland to San Francisco, a new scan every 20 seconds, repeats every 4 minutes",
        origin: &OAKLAND,
        destination: &SAN_FRANCISCO,
        eta_days: Some((0, 0)),
        live: true,
        scans: &[
            scan(
                0,
                InfoReceived,
                None,
                "Shipment information received",
                &OAKLAND,
            ),
            scan(20, InTransit, Some(PickedUp), "Picked up", &OAKLAND),
            scan(40, InTransit, Some(Departed), "Departed facility", &OAKLAND),
            scan(
                60,
                InTransit,
                Some(Arrived),
                "Arrived at facility",
                &SAN_FRANCISCO,
            ),
            scan(
                80,
                InTransit,
                Some(Arrived),
                "Sorted for delivery",
                &SAN_FRANCISCO,
            ),
            scan(
                100,
                OutForDelivery,
                None,
                "Out for delivery",
                &SAN_FRANCISCO,
            ),
            scan(
                140,
                Delivered,
                Some(DeliveredToRecipient),
                "Delivered, handed to resident",
                &SAN_FRANCISCO,
            ),
        ],
    },
];

/// How long one replay of the live journey lasts, in seconds.
pub const LIVE_CYCLE_SECONDS: i64 = 240;

/// The sandbox knows nothing about this number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFound;

/// The sandbox carrier as buyers see it.
pub fn carrier() -> Carrier {
    Carrier {
        code: CODE.to_owned(),
        name: "Trackline Sandbox".to_owned(),
        tracking_url: None,
    }
}

/// True for numbers in the sandbox's space, `TL` and ten digits: the sandbox answers for them,
/// with "not found" when no journey has that number.
pub fn owns(number: &str) -> bool {
    number.len() == 12
        && number.starts_with("TL")
        && number[2..].bytes().all(|b| b.is_ascii_digit())
}

/// The journey of a test number, if it is one.
pub fn journey(number: &str) -> Option<&'static Journey> {
    JOURNEYS.iter().find(|j| j.number == number)
}

/// What the sandbox carrier reports for `number` at the instant `now`.
pub fn report(number: &str, now: DateTime<Utc>) -> Result<CarrierReport, NotFound> {
    let journey = journey(number).ok_or(NotFound)?;
    let (anchor, unit) = if journey.live {
        let cycle_start = now.timestamp() - now.timestamp().rem_euclid(LIVE_CYCLE_SECONDS);
        (
            Utc.timestamp_opt(cycle_start, 0).unwrap(),
            Duration::seconds(1),
        )
    } else {
        (
            now.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc(),
            Duration::minutes(1),
        )
    };
    let events = journey
        .scans
        .iter()
        .map(|scan| (anchor + unit * scan.at as i32, scan))
        .filter(|(at, _)| *at <= now)
        .map(|(at, scan)| Event {
            at: at.with_timezone(&scan.place.offset()),
            status: scan.status,
            substatus: scan.substatus,
            text: String::new(),
            carrier_text: scan.carrier_text.to_owned(),
            location: Some(scan.place.location()),
        })
        .collect();
    let eta = journey.eta_days.map(|(earliest, latest)| {
        let tz = journey.destination.offset();
        let day = |d: i64| (anchor + Duration::days(d)).with_timezone(&tz);
        Eta {
            earliest: day(earliest) + Duration::hours(9),
            latest: day(latest) + Duration::hours(20),
            confidence: 0.8,
            source: EtaSource::Carrier,
            explanation: String::new(),
        }
    });
    Ok(CarrierReport {
        carrier: carrier(),
        events,
        origin: Some(journey.origin.location()),
        destination: Some(journey.destination.location()),
        eta,
    })
}

impl Place {
    fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_hours * 3600).expect("offsets in the table are valid")
    }

    fn location(&self) -> Location {
        Location {
            city: Some(self.city.to_owned()),
            region: Some(self.region.to_owned()),
            postal_code: None,
            country: Some(self.country.to_owned()),
            lat: Some(self.lat),
            lon: Some(self.lon),
        }
    }
}

/// The sandbox as a connector, registered with the others: it owns its test numbers, answers
/// without the network, and refreshes every [`LIVE_REFRESH_SECS`] while someone watches.
pub struct Sandbox;

/// How often a watched sandbox shipment refreshes: its live journey moves on screen.
pub const LIVE_REFRESH_SECS: u64 = 5;

static INFO: ConnectorInfo = ConnectorInfo {
    code: CODE,
    name: "Trackline Sandbox",
    base_url_var: "",
    default_base_url: "",
    secrets: &[],
    min_query_interval_secs: 0,
    kind: Kind::Simulated {
        every_secs: LIVE_REFRESH_SECS,
    },
    pushes: Pushes::Never,
};

impl Connector for Sandbox {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn owns(&self, number: &str) -> bool {
        owns(number)
    }

    fn answer(&self, lookup: &Lookup<'_>) -> Option<Result<CarrierReport, CarrierError>> {
        let now = DateTime::from_timestamp(lookup.now, 0).unwrap_or_default();
        Some(report(lookup.number, now).map_err(|NotFound| CarrierError::NotFound))
    }

    fn request(&self, _: Phase, _: &Lookup<'_>) -> Result<HttpRequest, CarrierError> {
        Err(CarrierError::NotUnderstood(
            "the sandbox answers without requests".into(),
        ))
    }

    fn handle(&self, _: Phase, _: &Lookup<'_>, _: &HttpResponse) -> Outcome {
        Outcome::Error(CarrierError::NotUnderstood(
            "the sandbox answers without requests".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Milestone;
    use crate::texts::Lang;
    use crate::tracking::assemble;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn track(number: &str, now: &str) -> crate::model::Tracking {
        assemble(Lang::En, number, report(number, at(now)).unwrap(), at(now))
    }

    #[test]
    fn every_journey_is_in_chronological_order_and_fully_past() {
        for journey in JOURNEYS.iter().filter(|j| !j.live) {
            assert!(
                journey.scans.windows(2).all(|w| w[0].at < w[1].at),
                "{}",
                journey.number
            );
            assert!(
                journey.scans.iter().all(|s| s.at < 0),
                "{} has a future scan",
                journey.number
            );
        }
    }

    #[test]
    fn deterministic_journeys_end_where_their_summary_says() {
        let now = "2026-11-21T10:00:00Z";
        let cases = [
            ("TL1000000001", Status::Delivered, 8),
            ("TL2000000002", Status::InTransit, 9),
            ("TL3000000003", Status::Exception, 6),
            ("TL4000000004", Status::Exception, 8),
            ("TL5000000005", Status::InTransit, 4),
        ];
        for (number, status, events) in cases {
            let t = track(number, now);
            assert_eq!((t.status, t.events.len()), (status, events), "{number}");
            assert_eq!(t, track(number, now), "{number} is not deterministic");
        }
    }

    #[test]
    fn scans_keep_their_local_offset_and_sort_by_instant() {
        let t = track("TL2000000002", "2026-11-21T10:00:00Z");
        assert_eq!(t.events[0].at.to_rfc3339(), "2026-11-20T09:55:00-06:00");
        assert_eq!(
            t.events.last().unwrap().at.offset().local_minus_utc(),
            8 * 3600
        );
        assert!(t.events.windows(2).all(|w| w[0].at >= w[1].at));
    }

    #[test]
    fn cross_border_journeys_show_a_customs_step() {
        let t = track("TL2000000002", "2026-11-21T10:00:00Z");
        let current = &t.progress.steps[t.progress.step.unwrap()];
        assert_eq!(current.milestone, Milestone::Customs);
        let domestic = track("TL1000000001", "2026-11-21T10:00:00Z");
        assert!(domestic
            .progress
            .steps
            .iter()
            .all(|s| s.milestone != Milestone::Customs));
        assert_eq!(
            domestic.progress.step,
            Some(domestic.progress.steps.len() - 1)
        );
    }

    #[test]
    fn a_returned_parcel_ends_its_progress_with_the_return() {
        let t = track("TL4000000004", "2026-11-21T10:00:00Z");
        let steps: Vec<Milestone> = t.progress.steps.iter().map(|s| s.milestone).collect();
        assert_eq!(
            steps,
            [
                Milestone::InfoReceived,
                Milestone::PickedUp,
                Milestone::InTransit,
                Milestone::Customs,
                Milestone::Returned
            ]
        );
        assert_eq!(t.progress.step, Some(4));
    }

    #[test]
    fn the_live_journey_advances_with_the_clock() {
        let cycle_start = 1_795_000_000 - 1_795_000_000 % LIVE_CYCLE_SECONDS;
        let at_second = |s: i64| Utc.timestamp_opt(cycle_start + s, 0).unwrap();
        let count = |s| report("TL9000000009", at_second(s)).unwrap().events.len();
        assert_eq!(count(0), 1);
        assert_eq!(count(19), 1);
        assert_eq!(count(20), 2);
        assert_eq!(count(150), 7);
        assert_eq!(count(LIVE_CYCLE_SECONDS), 1, "a new cycle starts over");
    }

    #[test]
    fn delivered_shipments_carry_no_estimate() {
        assert!(track("TL1000000001", "2026-11-21T10:00:00Z").eta.is_none());
        assert!(track("TL2000000002", "2026-11-21T10:00:00Z").eta.is_some());
    }

    #[test]
    fn the_sandbox_owns_tl_and_ten_digits() {
        assert!(JOURNEYS.iter().all(|j| owns(j.number)));
        assert!(owns("TL0000000000"));
        assert!(!owns("TL000000000") && !owns("TX0000000000") && !owns("TL00000000AB"));
    }

    #[test]
    fn unknown_numbers_are_not_found() {
        assert_eq!(
            report("TL0000000000", at("2026-11-21T10:00:00Z")),
            Err(NotFound)
        );
    }
}
