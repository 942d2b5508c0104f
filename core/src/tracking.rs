//! Assembles what a carrier reported into the [`Tracking`] a buyer sees: orders and de-duplicates
//! the events, derives the status and progress, and words everything in the buyer's language.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    safe_link, Carrier, Eta, EtaSource, Event, Location, Status, Substatus, Tracking,
};
use crate::notices;
use crate::progress::{current_status, order_events, progress};
use crate::texts::{event_text, status_label, text, Key, Lang, Ui};

/// What one carrier said about one shipment, before Trackline derives anything from it.
/// Every connector (and the sandbox) parses its answer into this; the edge stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

impl CarrierReport {
    /// A report of `carrier` with nothing in it (a push that only says tracking stopped).
    pub fn empty(carrier: Carrier) -> Self {
        CarrierReport {
            carrier,
            events: Vec::new(),
            origin: None,
            destination: None,
            eta: None,
        }
    }
}

/// Builds the buyer's view of `report` for tracking number `number`, in `lang`.
pub fn assemble(
    lang: Lang,
    number: &str,
    report: CarrierReport,
    synced_at: DateTime<Utc>,
) -> Tracking {
    let CarrierReport {
        mut carrier,
        mut events,
        origin,
        destination,
        eta,
    } = report;
    // Whatever source the link came from, the buyer only ever gets a web link.
    carrier.tracking_url = carrier.tracking_url.as_deref().and_then(safe_link);
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
        advice: advice(lang, status, substatus).map(str::to_owned),
        progress: progress(lang, &events, cross_border),
        eta,
        origin,
        destination,
        events_total: events.len(),
        events,
        notices,
        synced_at,
        stale: false,
    }
}

/// How many events one page of an answer holds.
pub const EVENTS_PER_PAGE: usize = 100;

/// Keeps page `page` (1 is the newest) of `tracking`'s events: reads stay small however long
/// the history, and `events_total` says how many pages there are. A page past the last is empty.
pub fn page(tracking: &mut Tracking, page: usize) {
    let start = page.saturating_sub(1).saturating_mul(EVENTS_PER_PAGE);
    let start = start.min(tracking.events.len());
    tracking.events.drain(..start);
    tracking.events.truncate(EVENTS_PER_PAGE);
}

/// What the buyer should do, for the statuses where the parcel waits on them or went wrong: the
/// explanation of the most specific status known, which says what to do ("Contact the store
/// about a refund", "Bring ID or your pickup code").
fn advice(lang: Lang, status: Status, substatus: Option<Substatus>) -> Option<&'static str> {
    let needs_buyer = matches!(
        status,
        Status::FailedAttempt | Status::AvailableForPickup | Status::Exception
    );
    // A customs hold has its own notice, which says the same: not twice on one card.
    if !needs_buyer || substatus == Some(Substatus::CustomsHeld) {
        return None;
    }
    let key = substatus.map_or(Key::Status(status), Key::Substatus);
    Some(text(lang, key).explanation).filter(|e| !e.is_empty())
}

/// The most events one shipment keeps: its newest. A real journey has tens; a source that sends
/// thousands (a loop, an attack) cannot make the stored state, or every read, grow without end.
pub const MAX_EVENTS: usize = 500;
/// The most events one push may carry; a bigger push is refused whole (413).
pub const MAX_EVENTS_PER_PUSH: usize = 200;
/// The longest carrier text or place name kept, in characters (longer ones end in "…").
pub const MAX_TEXT_CHARS: usize = 500;

/// Folds a newer report into what is known: events from both are kept (a carrier that later
/// answers with fewer events never wipes known ones), exact repeats are dropped, and the
/// newer report's carrier, places and estimate win where it has them. Texts are cut to
/// [`MAX_TEXT_CHARS`] and the history to its newest [`MAX_EVENTS`]. Returns how many events
/// were new: 0 means nothing changed, so duplicate and out-of-order deliveries are harmless.
pub fn merge(known: &mut CarrierReport, newer: CarrierReport) -> usize {
    let before = known.events.clone();
    known
        .events
        .extend(newer.events.into_iter().map(bounded_event));
    order_events(&mut known.events);
    known.events.truncate(MAX_EVENTS);
    // Both lists are in the same total order: count what `before` does not hold.
    let added = known.events.iter().filter(|e| !before.contains(e)).count();
    known.carrier = newer.carrier;
    known.origin = newer.origin.map(bounded_place).or(known.origin.take());
    known.destination = newer
        .destination
        .map(bounded_place)
        .or(known.destination.take());
    known.eta = newer.eta.or(known.eta.take());
    added
}

/// `event` with its texts cut to [`MAX_TEXT_CHARS`].
fn bounded_event(mut event: Event) -> Event {
    bound(&mut event.carrier_text);
    bound(&mut event.text);
    event.location = event.location.map(bounded_place);
    event
}

fn bounded_place(mut place: Location) -> Location {
    for part in [
        &mut place.city,
        &mut place.region,
        &mut place.postal_code,
        &mut place.country,
    ]
    .into_iter()
    .flatten()
    {
        bound(part);
    }
    place
}

fn bound(text: &mut String) {
    if let Some((cut, _)) = text.char_indices().nth(MAX_TEXT_CHARS) {
        text.truncate(cut);
        text.push('…');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox;

    fn report(now: &str) -> CarrierReport {
        let now = DateTime::parse_from_rfc3339(now).unwrap().to_utc();
        sandbox::report("TL2000000002", now).unwrap()
    }

    #[test]
    fn the_buyer_is_told_what_to_do_only_when_the_parcel_needs_them() {
        let now = DateTime::parse_from_rfc3339("2026-11-21T10:00:00Z")
            .unwrap()
            .to_utc();
        let track = |number| assemble(Lang::En, number, sandbox::report(number, now).unwrap(), now);
        // Returned to the sender: the headline says to contact the store.
        let returned = track("TL4000000004");
        assert_eq!(returned.status, Status::Exception);
        let expected = text(Lang::En, Key::Substatus(returned.substatus.unwrap())).explanation;
        assert_eq!(returned.advice.as_deref(), Some(expected));
        assert!(expected.contains("Contact the store"), "{expected}");
        // An address problem: fix the address.
        let address = track("TL3000000003");
        assert!(address.advice.is_some(), "{address:?}");
        // Held by customs: the notice says what to do, the headline does not repeat it.
        // (The same journey, cut off when customs held the parcel.)
        let mut report = sandbox::report("TL4000000004", now).unwrap();
        let hold = report
            .events
            .iter()
            .find(|e| e.substatus == Some(Substatus::CustomsHeld))
            .map(|e| e.at)
            .expect("the journey has a customs hold");
        report.events.retain(|e| e.at <= hold);
        let held = assemble(Lang::En, "TL4000000004", report, now);
        assert_eq!(held.substatus, Some(Substatus::CustomsHeld));
        assert!(held
            .notices
            .iter()
            .any(|n| n.kind == crate::model::NoticeKind::CustomsHold));
        assert_eq!(held.advice, None);
        // Moving or delivered: nothing to do.
        assert_eq!(track("TL1000000001").advice, None);
        assert_eq!(track("TL2000000002").advice, None);
        // The advice speaks the buyer's language.
        let french = assemble(
            Lang::Fr,
            "TL4000000004",
            sandbox::report("TL4000000004", now).unwrap(),
            now,
        );
        assert_ne!(french.advice, returned.advice);
        assert!(french.advice.is_some());
    }

    /// Issue 13: AfterShip's `courier_tracking_link` reached the merchant's page as an `href`
    /// whatever its scheme.
    #[test]
    fn only_web_links_reach_the_buyer() {
        let now = DateTime::parse_from_rfc3339("2026-11-21T10:00:00Z")
            .unwrap()
            .to_utc();
        for (link, shown) in [
            ("https://www.ups.com/track?tracknum=1Z", true),
            ("HTTP://carrier.example/t/1", true),
            ("javascript:alert(1)", false),
            ("JavaScript://%0aalert(1)", false),
            ("data:text/html,<script>alert(1)</script>", false),
            ("https://", false),
            ("https://x.example/\"onmouseover=alert(1)", false),
            ("//no-scheme.example/x", false),
            ("vbscript:msgbox", false),
        ] {
            let mut r = report("2026-11-21T10:00:00Z");
            r.carrier.tracking_url = Some(link.to_owned());
            let t = assemble(Lang::En, "TL2000000002", r, now);
            assert_eq!(t.carrier.tracking_url.is_some(), shown, "{link}");
        }
    }

    #[test]
    fn answers_page_through_long_histories() {
        let now = DateTime::parse_from_rfc3339("2026-11-21T10:00:00Z")
            .unwrap()
            .to_utc();
        let mut known = report("2026-11-21T10:00:00Z");
        let first = known.events.iter().max_by_key(|e| e.at).unwrap().clone();
        merge(
            &mut known,
            CarrierReport {
                events: (1..=250)
                    .map(|i| Event {
                        at: first.at + chrono::Duration::minutes(i),
                        carrier_text: format!("scan {i}"),
                        ..first.clone()
                    })
                    .collect(),
                ..report("2026-11-21T10:00:00Z")
            },
        );
        let whole = assemble(Lang::En, "TL2000000002", known, now);
        assert_eq!(whole.events_total, 259);
        let pages: Vec<Vec<String>> = (1..=4)
            .map(|n| {
                let mut t = whole.clone();
                page(&mut t, n);
                assert_eq!(t.events_total, 259);
                t.events.into_iter().map(|e| e.carrier_text).collect()
            })
            .collect();
        assert_eq!(
            pages.iter().map(Vec::len).collect::<Vec<_>>(),
            [100, 100, 59, 0]
        );
        assert_eq!(pages[0][0], "scan 250");
        assert_eq!(pages[1][0], "scan 150");
        assert_eq!(
            pages.concat(),
            whole
                .events
                .iter()
                .map(|e| e.carrier_text.clone())
                .collect::<Vec<_>>()
        );
    }

    /// Issue 13: one shipment accepted 14,000 pushed events and every read answered 3.5 MB.
    #[test]
    fn a_shipment_keeps_its_newest_events_and_bounded_texts() {
        let mut known = report("2026-11-21T10:00:00Z");
        let newest = known.events.iter().map(|e| e.at).max().unwrap();
        let flood: Vec<Event> = (1..=2 * MAX_EVENTS as i64)
            .map(|i| Event {
                at: newest + chrono::Duration::minutes(i),
                carrier_text: format!("scan {i} {}", "x".repeat(10_000)),
                ..known.events[0].clone()
            })
            .collect();
        let added = merge(
            &mut known,
            CarrierReport {
                events: flood,
                ..report("2026-11-21T10:00:00Z")
            },
        );
        assert_eq!(known.events.len(), MAX_EVENTS);
        assert_eq!(added, MAX_EVENTS, "only the newest are kept, and counted");
        assert!(known.events[0].carrier_text.starts_with("scan 1000 "));
        assert!(known
            .events
            .iter()
            .all(|e| e.carrier_text.chars().count() <= MAX_TEXT_CHARS + 1));
        // Older than everything kept: nothing changes.
        let old = CarrierReport {
            events: vec![Event {
                at: newest - chrono::Duration::days(30),
                ..known.events[0].clone()
            }],
            ..report("2026-11-21T10:00:00Z")
        };
        let snapshot = known.events.clone();
        assert_eq!(merge(&mut known, old), 0);
        assert_eq!(known.events, snapshot);
    }

    #[test]
    fn merging_the_same_report_twice_changes_nothing() {
        let mut known = report("2026-11-21T10:00:00Z");
        order_events(&mut known.events);
        let snapshot = known.clone();
        assert_eq!(merge(&mut known, report("2026-11-21T10:00:00Z")), 0);
        assert_eq!(known, snapshot);
    }

    #[test]
    fn out_of_order_deliveries_end_in_the_same_state() {
        let full = report("2026-11-21T10:00:00Z");
        let (mut old_half, mut new_half) = (full.clone(), full.clone());
        old_half.events.retain(|e| {
            e.at.to_utc() < DateTime::parse_from_rfc3339("2026-11-16T00:00:00Z").unwrap()
        });
        new_half.events.retain(|e| {
            e.at.to_utc() >= DateTime::parse_from_rfc3339("2026-11-16T00:00:00Z").unwrap()
        });
        let mut in_order = CarrierReport {
            events: Vec::new(),
            ..full.clone()
        };
        merge(&mut in_order, old_half.clone());
        merge(&mut in_order, new_half.clone());
        let mut reversed = CarrierReport {
            events: Vec::new(),
            ..full.clone()
        };
        assert_eq!(merge(&mut reversed, new_half), 5);
        assert_eq!(merge(&mut reversed, old_half), 4);
        assert_eq!(in_order, reversed);
        assert_eq!(in_order.events.len(), full.events.len());
    }

    #[test]
    fn a_shorter_answer_never_wipes_known_events() {
        let mut known = report("2026-11-21T10:00:00Z");
        let mut shorter = known.clone();
        shorter.events.truncate(2);
        shorter.eta = None;
        assert_eq!(merge(&mut known, shorter), 0);
        assert_eq!(known.events.len(), 9);
        assert!(
            known.eta.is_some(),
            "an answer without an estimate keeps the known one"
        );
    }
}

#[cfg(test)]
mod properties {
    use chrono::{FixedOffset, TimeZone};
    use proptest::prelude::*;

    use super::*;

    /// Events drawn from few values, so that repeats, same instants in other offsets and same
    /// texts with other statuses are common.
    fn event() -> impl Strategy<Value = Event> {
        (
            0i64..4,
            prop::sample::select(vec![-6, 0, 8]),
            prop::sample::select(vec![
                Status::InTransit,
                Status::OutForDelivery,
                Status::Delivered,
            ]),
            prop::option::of(prop::sample::select(vec![
                Substatus::Arrived,
                Substatus::CustomsHeld,
            ])),
            prop::sample::select(vec!["Arrived", "Sorted", ""]),
            prop::option::of(prop::sample::select(vec!["Chicago", "Berlin"])),
        )
            .prop_map(|(hour, offset, status, substatus, text, city)| Event {
                at: FixedOffset::east_opt(offset * 3600)
                    .unwrap()
                    .from_utc_datetime(
                        &Utc.timestamp_opt(1_795_000_000 + hour * 3600, 0)
                            .unwrap()
                            .naive_utc(),
                    ),
                status,
                substatus,
                text: String::new(),
                carrier_text: text.to_owned(),
                location: city.map(|c| Location {
                    city: Some(c.to_owned()),
                    ..Default::default()
                }),
            })
    }

    fn report() -> impl Strategy<Value = CarrierReport> {
        prop::collection::vec(event(), 0..8).prop_map(|events| CarrierReport {
            carrier: crate::sandbox::carrier(),
            events,
            origin: None,
            destination: None,
            eta: None,
        })
    }

    proptest! {
        /// Issue 13: the same push three times grew the history each time.
        #[test]
        fn merging_is_idempotent(a in report(), b in report()) {
            let mut once = a.clone();
            merge(&mut once, b.clone());
            let mut twice = once.clone();
            prop_assert_eq!(merge(&mut twice, b.clone()), 0);
            prop_assert_eq!(&twice, &once);
            let mut thrice = twice.clone();
            merge(&mut thrice, b);
            prop_assert_eq!(thrice, once);
        }

        /// Whatever order pushes arrive in, the events end the same.
        #[test]
        fn arrival_order_does_not_change_the_events(a in report(), b in report(), c in report()) {
            let fold = |parts: [&CarrierReport; 3]| {
                let mut known = CarrierReport { events: Vec::new(), ..parts[0].clone() };
                for part in parts {
                    merge(&mut known, part.clone());
                }
                known.events
            };
            let first = fold([&a, &b, &c]);
            prop_assert_eq!(&fold([&c, &b, &a]), &first);
            prop_assert_eq!(&fold([&b, &a, &c]), &first);
            prop_assert_eq!(&fold([&c, &a, &b]), &first);
        }
    }
}
