//! Assembles what a carrier reported into the [`Tracking`] a buyer sees: orders and de-duplicates
//! the events, derives the status and progress, and words everything in the buyer's language.

use chrono::{DateTime, Utc};

use crate::model::{Carrier, Eta, EtaSource, Event, Location, Tracking};
use crate::notices;
use crate::progress::{current_status, order_events, progress};
use crate::texts::{event_text, status_label, text, Key, Lang, Ui};

/// What one carrier said about one shipment, before Trackline derives anything from it.
/// Every connector (and the sandbox) parses its answer into this.
#[derive(Debug, Clone, PartialEq)]
pub struct CarrierReport {
    /// The carrier that moves the parcel.
    pub carrier: Carrier,
    /// Scans in any order; `text` may be empty (it is filled in the buyer's language).
    pub events: Vec<Event>,
    /// Where the parcel comes from, if known.
    pub origin: Option<Location>,
    /// Where it goes, if known.
    pub destination: Option<Location>,
    /// The carrier's own delivery estimate, if it gave one.
    pub eta: Option<Eta>,
}

/// Builds the buyer's view of `report` for tracking number `number`, in `lang`.
pub fn assemble(
    lang: Lang,
    number: &str,
    report: CarrierReport,
    synced_at: DateTime<Utc>,
) -> Tracking {
    let CarrierReport {
        carrier,
        mut events,
        origin,
        destination,
        eta,
    } = report;
    order_events(&mut events);
    for event in &mut events {
        event.text = event_text(lang, event.status, event.substatus).to_owned();
    }
    let (status, substatus) = current_status(&events);
    let cross_border = match (&origin, &destination) {
        (Some(o), Some(d)) => o.country.is_some() && d.country.is_some() && o.country != d.country,
        _ => false,
    };
    let notices = notices::derive(lang, &events, cross_border, synced_at);
    // A delivered parcel needs no estimate any more; the estimate says why in the buyer's words.
    let eta = eta.filter(|_| !status.is_final()).map(|mut eta| {
        let why = match eta.source {
            EtaSource::Carrier => Ui::EtaFromCarrier,
            EtaSource::Predicted => Ui::EtaPredicted,
        };
        eta.explanation = text(lang, Key::Ui(why)).explanation.to_owned();
        eta
    });
    Tracking {
        number: number.to_owned(),
        carrier,
        status,
        substatus,
        status_text: status_label(lang, status).to_owned(),
        progress: progress(lang, &events, cross_border),
        eta,
        origin,
        destination,
        events,
        notices,
        synced_at,
        stale: false,
    }
}
