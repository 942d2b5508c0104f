//! The normalised tracking model (see `docs/architecture.md`): every carrier's answer is mapped into
//! these types, and the edge serves them as JSON with stable `snake_case` names.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// A shipment as a buyer sees it: where it is, what happened, when it arrives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    /// The tracking number, cleaned (upper case, no spaces or dashes).
    pub number: String,
    /// The carrier that moves the parcel.
    pub carrier: Carrier,
    /// The main status, derived from the newest event.
    pub status: Status,
    /// The detail of the main status, when the carrier tells it.
    pub substatus: Option<Substatus>,
    /// The main status in the buyer's words.
    pub status_text: String,
    /// What the buyer should do now, when the parcel needs them (a failed attempt, a parcel
    /// waiting at a pickup point, an address problem, a return): one sentence in the buyer's
    /// words. Absent while all goes its way, and for a customs hold, which has its notice.
    #[serde(default)]
    pub advice: Option<String>,
    /// The milestones of this shipment and how far it got.
    pub progress: Progress,
    /// The delivery estimate, when there is one.
    pub eta: Option<Eta>,
    /// Where the parcel comes from.
    pub origin: Option<Location>,
    /// Where the parcel goes.
    pub destination: Option<Location>,
    /// The scans, newest first, de-duplicated: one page of them (see
    /// [`crate::tracking::page`]), the newest page unless another was asked for.
    pub events: Vec<Event>,
    /// How many scans the shipment holds in all (more than `events` when they span pages).
    #[serde(default)]
    pub events_total: usize,
    /// Plain-language explanations of what may worry a buyer.
    pub notices: Vec<Notice>,
    /// When Trackline last heard from the carrier.
    #[serde(deserialize_with = "rfc3339::utc")]
    pub synced_at: DateTime<Utc>,
    /// True when the carrier could not be reached and this is the last good copy.
    pub stale: bool,
}

/// A carrier (or the sandbox) as shown to buyers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Carrier {
    /// Stable code, equal to the `courier_code` of the tracking-number reference data.
    pub code: String,
    /// Name buyers know the carrier by.
    pub name: String,
    /// The carrier's own public tracking page for this number.
    pub tracking_url: Option<String>,
}

/// The nine main statuses, compatible with AfterShip tags and 17TRACK main statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The carrier knows nothing yet.
    Pending,
    /// The shipper created a label; the carrier has not got the parcel.
    InfoReceived,
    /// The carrier has the parcel and moves it.
    InTransit,
    /// On the van today.
    OutForDelivery,
    /// The courier tried and could not deliver.
    FailedAttempt,
    /// Waiting at a pickup point or locker.
    AvailableForPickup,
    /// Delivered.
    Delivered,
    /// Something went wrong: held, returned, lost, damaged, refused.
    Exception,
    /// No news for so long that tracking stopped.
    Expired,
}

impl Status {
    /// All statuses, in journey order.
    pub const ALL: [Status; 9] = [
        Status::Pending,
        Status::InfoReceived,
        Status::InTransit,
        Status::OutForDelivery,
        Status::FailedAttempt,
        Status::AvailableForPickup,
        Status::Delivered,
        Status::Exception,
        Status::Expired,
    ];

    /// The `snake_case` name used in JSON and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::InfoReceived => "info_received",
            Status::InTransit => "in_transit",
            Status::OutForDelivery => "out_for_delivery",
            Status::FailedAttempt => "failed_attempt",
            Status::AvailableForPickup => "available_for_pickup",
            Status::Delivered => "delivered",
            Status::Exception => "exception",
            Status::Expired => "expired",
        }
    }

    /// True once nothing more will happen to the shipment.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Delivered | Status::Expired)
    }
}

/// The detail buyers ask about, beyond the main status. `docs/status-mapping.md` shows how each
/// one maps to AfterShip subtags and 17TRACK sub-statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Substatus {
    /// The carrier collected the parcel from the shipper.
    PickedUp,
    /// Left a hub, airport or port.
    Departed,
    /// Reached a hub, airport or port.
    Arrived,
    /// Handed to another carrier for the next leg (often the last mile abroad).
    HandedOver,
    /// Customs is checking the parcel (normal for cross-border).
    CustomsProcessing,
    /// Customs released the parcel.
    CustomsCleared,
    /// Customs holds the parcel: documents or duties are needed.
    CustomsHeld,
    /// Late because of weather.
    DelayedWeather,
    /// Late because of high volume.
    DelayedVolume,
    /// Late for another reason the carrier names.
    DelayedOther,
    /// The address is wrong or incomplete.
    AddressProblem,
    /// Nobody was there to receive it.
    RecipientUnavailable,
    /// The recipient refused the parcel.
    Refused,
    /// The parcel is on its way back to the shipper.
    ReturningToSender,
    /// The shipper got the parcel back.
    ReturnedToSender,
    /// The carrier lost the parcel.
    Lost,
    /// The parcel was damaged.
    Damaged,
    /// The shipper cancelled the shipment.
    Cancelled,
    /// Ready to collect at a pickup point or locker.
    PickupReady,
    /// Handed to the recipient.
    DeliveredToRecipient,
    /// Left in a mailbox, at the door or with a neighbour.
    DeliveredSafePlace,
    /// Collected by the recipient from a pickup point or locker.
    CollectedFromPickup,
}

impl Substatus {
    /// All substatuses.
    pub const ALL: [Substatus; 22] = [
        Substatus::PickedUp,
        Substatus::Departed,
        Substatus::Arrived,
        Substatus::HandedOver,
        Substatus::CustomsProcessing,
        Substatus::CustomsCleared,
        Substatus::CustomsHeld,
        Substatus::DelayedWeather,
        Substatus::DelayedVolume,
        Substatus::DelayedOther,
        Substatus::AddressProblem,
        Substatus::RecipientUnavailable,
        Substatus::Refused,
        Substatus::ReturningToSender,
        Substatus::ReturnedToSender,
        Substatus::Lost,
        Substatus::Damaged,
        Substatus::Cancelled,
        Substatus::PickupReady,
        Substatus::DeliveredToRecipient,
        Substatus::DeliveredSafePlace,
        Substatus::CollectedFromPickup,
    ];

    /// The `snake_case` name used in JSON and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Substatus::PickedUp => "picked_up",
            Substatus::Departed => "departed",
            Substatus::Arrived => "arrived",
            Substatus::HandedOver => "handed_over",
            Substatus::CustomsProcessing => "customs_processing",
            Substatus::CustomsCleared => "customs_cleared",
            Substatus::CustomsHeld => "customs_held",
            Substatus::DelayedWeather => "delayed_weather",
            Substatus::DelayedVolume => "delayed_volume",
            Substatus::DelayedOther => "delayed_other",
            Substatus::AddressProblem => "address_problem",
            Substatus::RecipientUnavailable => "recipient_unavailable",
            Substatus::Refused => "refused",
            Substatus::ReturningToSender => "returning_to_sender",
            Substatus::ReturnedToSender => "returned_to_sender",
            Substatus::Lost => "lost",
            Substatus::Damaged => "damaged",
            Substatus::Cancelled => "cancelled",
            Substatus::PickupReady => "pickup_ready",
            Substatus::DeliveredToRecipient => "delivered_to_recipient",
            Substatus::DeliveredSafePlace => "delivered_safe_place",
            Substatus::CollectedFromPickup => "collected_from_pickup",
        }
    }
}

/// The milestones of a journey, in order, as the progress bar shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    /// Label created.
    InfoReceived,
    /// Carrier has the parcel.
    PickedUp,
    /// Moving through the network.
    InTransit,
    /// Through customs (cross-border shipments only).
    Customs,
    /// On the van.
    OutForDelivery,
    /// Delivered.
    Delivered,
    /// Going back to the sender, or back with them: on a returned shipment this step takes the
    /// place of the ones the parcel will not reach.
    Returned,
}

impl Milestone {
    /// All milestones: the journey to the buyer in order, then the return.
    pub const ALL: [Milestone; 7] = [
        Milestone::InfoReceived,
        Milestone::PickedUp,
        Milestone::InTransit,
        Milestone::Customs,
        Milestone::OutForDelivery,
        Milestone::Delivered,
        Milestone::Returned,
    ];
}

/// One step of the progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Which milestone this is.
    pub milestone: Milestone,
    /// The milestone in the buyer's words.
    pub label: String,
    /// When the shipment reached it, if it did.
    #[serde(default, deserialize_with = "rfc3339::optional")]
    pub at: Option<DateTime<FixedOffset>>,
}

/// The progress bar: the milestones that apply to this shipment and how far it got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Index into `steps` of the milestone reached last; `None` before the first one.
    pub step: Option<usize>,
    /// The milestones, in journey order.
    pub steps: Vec<Step>,
}

/// A place, as precise as the carrier tells it. Coordinates from outside pass
/// [`checked_coordinates`] where they enter: in each connector, in Trackline's push format, in
/// `geo::fill` before every view is assembled, and in the map's geometry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// City or town.
    pub city: Option<String>,
    /// State, province or region.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Latitude, when the place could be geocoded.
    pub lat: Option<f64>,
    /// Longitude, when the place could be geocoded.
    pub lon: Option<f64>,
}

/// The one rule for links from outside (a carrier's tracking page): only `https:` and `http:`
/// URLs with a host and no spaces or control characters, else none. A `javascript:` or `data:`
/// link would run on the merchant's page the moment a buyer clicks it.
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    let host = url[scheme_end + 3..].split(['/', '?', '#']).next()?;
    let ok = (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"))
        && !host.is_empty()
        && url.len() <= 2048
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    ok.then(|| url.to_owned())
}

/// The one rule for coordinates from outside: both finite, |lat| <= 90 and |lon| <= 180, else
/// neither (a place with half a position is a place without one). A carrier that sends
/// `lon: 1e20` gets its place named, not drawn.
pub fn checked_coordinates(lat: Option<f64>, lon: Option<f64>) -> (Option<f64>, Option<f64>) {
    match (lat, lon) {
        (Some(lat), Some(lon))
            if lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0 =>
        {
            (Some(lat), Some(lon))
        }
        _ => (None, None),
    }
}

impl Location {
    /// This place with its coordinates kept only when they are a real position.
    pub fn checked(mut self) -> Location {
        (self.lat, self.lon) = checked_coordinates(self.lat, self.lon);
        self
    }

    /// "City, Region, CC" with whatever parts are known.
    pub fn label(&self) -> String {
        [&self.city, &self.region, &self.country]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One scan or status change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened, with the scan's own UTC offset.
    #[serde(deserialize_with = "rfc3339::fixed")]
    pub at: DateTime<FixedOffset>,
    /// The main status this event puts the shipment in.
    pub status: Status,
    /// Its detail, if any.
    pub substatus: Option<Substatus>,
    /// What happened, in the buyer's words.
    pub text: String,
    /// What the carrier said, verbatim.
    pub carrier_text: String,
    /// Where it happened.
    pub location: Option<Location>,
}

/// Where an estimate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EtaSource {
    /// The carrier announced it.
    Carrier,
    /// Trackline predicted it from transit-time history.
    Predicted,
}

/// A delivery estimate and why we believe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Eta {
    /// Earliest expected delivery.
    #[serde(deserialize_with = "rfc3339::fixed")]
    pub earliest: DateTime<FixedOffset>,
    /// Latest expected delivery.
    #[serde(deserialize_with = "rfc3339::fixed")]
    pub latest: DateTime<FixedOffset>,
    /// How sure we are, from 0 to 1.
    pub confidence: f32,
    /// Who made the estimate.
    pub source: EtaSource,
    /// One line a buyer can read: why this estimate.
    pub explanation: String,
}

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// No scan for days on a cross-border leg: normal, and when to worry.
    ScanGap,
    /// Customs holds the parcel.
    CustomsHold,
    /// The carrier reports a delay.
    Delay,
    /// The carrier could not be reached; this is the last good copy.
    Stale,
}

impl NoticeKind {
    /// All notice kinds.
    pub const ALL: [NoticeKind; 4] = [
        NoticeKind::ScanGap,
        NoticeKind::CustomsHold,
        NoticeKind::Delay,
        NoticeKind::Stale,
    ];

    /// The `snake_case` name used in JSON and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::ScanGap => "scan_gap",
            NoticeKind::CustomsHold => "customs_hold",
            NoticeKind::Delay => "delay",
            NoticeKind::Stale => "stale",
        }
    }
}

/// A plain-language explanation for a buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// What it is about.
    pub kind: NoticeKind,
    /// A few words, such as "No new scan for 9 days".
    pub title: String,
    /// What it means and what to do, in one or two sentences.
    pub text: String,
}

/// Reading the model's timestamps, which the API always writes in RFC 3339 as chrono does. The
/// fields are cut by hand and chrono checks them: its `Deserialize` brings its general parser
/// (about 8 KB of the widget's wasm) and even `parse_from_rfc3339` costs 0.5 KB more after
/// brotli, for forms that never occur here.
mod rfc3339 {
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
    use serde::de::Error;
    use serde::{Deserialize, Deserializer};

    fn parse<E: Error>(text: &str) -> Result<DateTime<FixedOffset>, E> {
        read(text).ok_or_else(|| E::custom(format_args!("not an RFC 3339 time: {text}")))
    }

    /// A run of ASCII digits as a number; `None` for anything else (`u32::from_str` would
    /// also take a `+`).
    fn number(text: &str) -> Option<u32> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`: what chrono writes for the model.
    /// The fields are cut here, and chrono decides whether that date, time and offset exist.
    fn read(text: &str) -> Option<DateTime<FixedOffset>> {
        let at = |range: std::ops::Range<usize>| text.get(range).and_then(number);
        let b = text.as_bytes();
        let shape = b.len() >= 20
            && b[4] == b'-'
            && b[7] == b'-'
            && matches!(b[10], b'T' | b't' | b' ')
            && b[13] == b':'
            && b[16] == b':';
        if !shape {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(i32::try_from(at(0..4)?).ok()?, at(5..7)?, at(8..10)?)?;
        let mut rest = text.get(19..)?;
        let mut nanos = 0;
        if let Some(fraction) = rest.strip_prefix('.') {
            let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if !(1..=9).contains(&len) {
                return None;
            }
            nanos = number(&fraction[..len])? * 10u32.pow(9 - len as u32);
            rest = &fraction[len..];
        }
        let time = NaiveTime::from_hms_nano_opt(at(11..13)?, at(14..16)?, at(17..19)?, nanos)?;
        let east = match rest.as_bytes() {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let seconds = number(&rest[1..3])? * 3600 + number(&rest[4..6])? * 60;
                let seconds = i32::try_from(seconds).ok()?;
                if *sign == b'-' {
                    -seconds
                } else {
                    seconds
                }
            }
            _ => return None,
        };
        FixedOffset::east_opt(east)?
            .from_local_datetime(&date.and_time(time))
            .single()
    }

    pub fn fixed<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        parse(&String::deserialize(d)?)
    }

    pub fn utc<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        Ok(fixed(d)?.with_timezone(&Utc))
    }

    pub fn optional<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| parse(&text))
            .transpose()
    }

    #[cfg(test)]
    mod tests {
        use chrono::{DateTime, FixedOffset, TimeZone, Timelike, Utc};

        #[test]
        fn reads_what_chrono_writes() {
            let zones = [
                0,
                8 * 3600,
                -5 * 3600,
                5 * 3600 + 30 * 60,
                -(9 * 3600 + 30 * 60),
            ];
            let nanos = [0, 1, 120_000_000, 123_456_789, 999_999_999];
            for east in zones {
                for nano in nanos {
                    let offset = FixedOffset::east_opt(east).unwrap();
                    let at = offset
                        .with_ymd_and_hms(2026, 2, 28, 23, 59, 58)
                        .unwrap()
                        .with_nanosecond(nano)
                        .unwrap();
                    let written = serde_json::to_value(at).unwrap();
                    let text = written.as_str().unwrap();
                    assert_eq!(super::read(text), Some(at), "{text}");
                    assert_eq!(super::read(text), DateTime::parse_from_rfc3339(text).ok());
                }
            }
            let utc = Utc.with_ymd_and_hms(2026, 11, 20, 6, 5, 0).unwrap();
            let text = serde_json::to_value(utc).unwrap();
            assert_eq!(
                super::read(text.as_str().unwrap()).map(|t| t.to_utc()),
                Some(utc)
            );
        }

        #[test]
        fn refuses_what_is_not_rfc3339() {
            for text in [
                "",
                "2026-11-20",
                "2026-11-20T14:05:00",
                "2026-11-20T14:05+08:00",
                "2026-11-20T14:05:00+8:00",
                "2026-11-20T14:05:00+08",
                "2026-11-20T14:05:00Z junk",
                "2026-13-01T00:00:00Z",
                "2026-02-30T00:00:00Z",
                "2026-11-20T24:00:00Z",
                "2026-11-20T14:05:00.Z",
                "2026-11-20T14:05:00.1234567891Z",
                "+026-11-20T14:05:00Z",
                "2026-+1-20T14:05:00Z",
                "2026-11-20T14:05:00+24:00",
                "２０２６-11-20T14:05:00Z",
            ] {
                assert_eq!(super::read(text), None, "{text}");
            }
            // RFC 3339 allows a space or a lower-case `t`/`z`.
            assert!(super::read("2026-11-20 14:05:00z").is_some());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_json() {
        for s in Status::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in Substatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for k in NoticeKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
}
