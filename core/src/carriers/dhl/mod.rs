//! DHL Shipment Tracking - Unified (`GET /track/shipments?trackingNumber=`), API key in the
//! `DHL-API-Key` header. One API for DHL Express, Parcel, eCommerce and Freight.

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use super::time::{parse, utc};
use super::{
    keywords, parse_json, CarrierError, Connector, ConnectorInfo, HttpRequest, HttpResponse, Kind,
    Lookup, Outcome, Phase, Pushes, Secret,
};
use crate::model::{Carrier, Eta, EtaSource, Event, Location, Status, Substatus};
use crate::tracking::CarrierReport;

/// The DHL connector.
pub struct Dhl;

static INFO: ConnectorInfo = ConnectorInfo {
    code: "dhl",
    name: "DHL",
    base_url_var: "DHL_BASE_URL",
    default_base_url: "https://api-eu.dhl.com",
    secrets: &[Secret { name: "DHL_API_KEY", from: "developer.dhl.com: create an app with the Shipment Tracking - Unified API; the app's API key" }],
    min_query_interval_secs: 0,
    kind: Kind::Carrier,
    pushes: Pushes::Never,
};

impl Connector for Dhl {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn request(&self, _phase: Phase, lookup: &Lookup<'_>) -> Result<HttpRequest, CarrierError> {
        let key = lookup.settings.secret("DHL_API_KEY")?;
        let url = format!(
            "{}/track/shipments?trackingNumber={}",
            lookup.settings.base_url, lookup.number
        );
        Ok(HttpRequest::get(url)
            .with_header("DHL-API-Key", key)
            .with_header("Accept", "application/json"))
    }

    fn handle(&self, _phase: Phase, lookup: &Lookup<'_>, response: &HttpResponse) -> Outcome {
        match response.status {
            200 => parse_json::<Response>(&response.body)
                .and_then(|r| report(lookup.number, r))
                .into(),
            404 => Outcome::Error(CarrierError::NotFound),
            _ => Outcome::Error(response.common_error().unwrap_or_else(|| {
                CarrierError::NotUnderstood(format!("unexpected status {}", response.status))
            })),
        }
    }
}

// --- Response types: only the fields Trackline uses. ---

#[derive(Deserialize)]
struct Response {
    shipments: Vec<Shipment>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Shipment {
    service: Option<String>,
    origin: Option<Place>,
    destination: Option<Place>,
    estimated_time_of_delivery: Option<String>,
    estimated_delivery_time_frame: Option<TimeFrame>,
    #[serde(default)]
    events: Vec<DhlEvent>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TimeFrame {
    estimated_from: Option<String>,
    estimated_through: Option<String>,
}

#[derive(Deserialize)]
struct Place {
    address: Option<Address>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    country_code: Option<String>,
    postal_code: Option<String>,
    address_locality: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DhlEvent {
    timestamp: String,
    location: Option<Place>,
    status_code: Option<String>,
    status: Option<String>,
    description: Option<String>,
}

// --- Status table. ---

/// DHL's `statusCode` values (documented: pre-transit, transit, delivered, failure, unknown).
/// They are coarse, so the carrier's words refine them (see [`keywords`]).
fn status_of(code: &str) -> Option<Status> {
    match code {
        // Label created, DHL does not have the parcel yet.
        "pre-transit" => Some(Status::InfoReceived),
        // Anything from pickup to the delivery van.
        "transit" => Some(Status::InTransit),
        // Delivered.
        "delivered" => Some(Status::Delivered),
        // Delivery failed or the shipment has a problem.
        "failure" => Some(Status::Exception),
        // DHL does not know.
        "unknown" => None,
        _ => None,
    }
}

// --- Mapping. ---

fn report(number: &str, response: Response) -> Result<CarrierReport, CarrierError> {
    let shipment = response
        .shipments
        .into_iter()
        .next()
        .ok_or(CarrierError::NotFound)?;
    let events = shipment.events.iter().filter_map(event).collect();
    let eta = eta(&shipment);
    Ok(CarrierReport {
        carrier: Carrier {
            code: INFO.code.to_owned(),
            name: match shipment.service.as_deref() {
                Some("express") => "DHL Express".to_owned(),
                Some("ecommerce") => "DHL eCommerce".to_owned(),
                Some("parcel-de") => "DHL Paket".to_owned(),
                _ => "DHL".to_owned(),
            },
            tracking_url: super::known::DHL.page(number),
        },
        events,
        origin: shipment.origin.as_ref().and_then(location),
        destination: shipment.destination.as_ref().and_then(location),
        eta,
    })
}

fn event(e: &DhlEvent) -> Option<Event> {
    // DHL sends some event times without an offset; they are local times at the scan, and
    // UTC is the least wrong reading without a time zone table.
    let at = parse(&e.timestamp, utc())?;
    // DHL often repeats the status as the description: say it once.
    let mut parts: Vec<&str> = [e.status.as_deref(), e.description.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    parts.dedup();
    let carrier_text = parts.join(": ");
    let coded = e.status_code.as_deref().and_then(status_of);
    let (status, substatus) = refine(coded, &carrier_text)?;
    Some(Event {
        at,
        status,
        substatus,
        text: String::new(),
        carrier_text,
        location: e.location.as_ref().and_then(location),
    })
}

/// The coded status, refined by the carrier's words where the code is coarse.
fn refine(coded: Option<Status>, words: &str) -> Option<(Status, Option<Substatus>)> {
    let guessed = keywords::classify(words);
    Some(match coded {
        Some(status) => keywords::refine((status, None), guessed),
        None => guessed.unwrap_or((Status::InTransit, None)),
    })
}

fn location(place: &Place) -> Option<Location> {
    let a = place.address.as_ref()?;
    // `addressLocality` is "CITY - COUNTRY", "Street, CITY" or just "CITY": keep the city part.
    let city = a.address_locality.as_deref().map(|l| {
        let l = l.split(" - ").next().unwrap_or(l);
        l.rsplit(',').next().unwrap_or(l).trim().to_owned()
    });
    Some(Location {
        city: city.filter(|c| !c.is_empty()),
        region: None,
        postal_code: a.postal_code.clone(),
        country: a.country_code.clone(),
        lat: None,
        lon: None,
    })
}

fn eta(shipment: &Shipment) -> Option<Eta> {
    let at = |s: &Option<String>| s.as_deref().and_then(|s| parse(s, utc()));
    let (earliest, latest): (DateTime<FixedOffset>, DateTime<FixedOffset>) =
        match &shipment.estimated_delivery_time_frame {
            Some(frame) => (at(&frame.estimated_from)?, at(&frame.estimated_through)?),
            None => {
                let day = at(&shipment.estimated_time_of_delivery)?;
                (day, day)
            }
        };
    Some(Eta {
        earliest,
        latest,
        confidence: 0.8,
        source: EtaSource::Carrier,
        explanation: String::new(),
    })
}

#[cfg(test)]
mod tests;
