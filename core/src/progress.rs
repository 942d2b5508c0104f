//! From a list of events to what a buyer sees at a glance: the current status, the progress
//! milestones, and the events in the order a timeline shows them.

use std::cmp::Ordering;

use crate::model::{Event, Milestone, Progress, Status, Step, Substatus};
use crate::texts::{milestone_label, Lang};

/// The milestone an event proves the shipment has reached, if any.
pub fn milestone_of(event: &Event) -> Option<Milestone> {
    use Substatus::*;
    match (event.status, event.substatus) {
        (_, Some(ReturningToSender | ReturnedToSender)) => Some(Milestone::Returned),
        (_, Some(CustomsProcessing | CustomsCleared | CustomsHeld)) => Some(Milestone::Customs),
        (Status::InTransit, Some(PickedUp)) => Some(Milestone::PickedUp),
        (Status::InfoReceived, _) => Some(Milestone::InfoReceived),
        (Status::InTransit, _) => Some(Milestone::InTransit),
        (Status::OutForDelivery | Status::FailedAttempt, _) => Some(Milestone::OutForDelivery),
        (Status::AvailableForPickup, _) => Some(Milestone::OutForDelivery),
        (Status::Delivered, _) => Some(Milestone::Delivered),
        (Status::Pending | Status::Exception | Status::Expired, _) => None,
    }
}

/// Sorts events newest first by the real instant (not the local clock time, since scans carry
/// their own UTC offsets) and drops repeats that arrive from several sources or pushes.
///
/// An event is the same scan as another when it has the same instant, carrier text, status and
/// substatus. The sort is a total order over every field, with those four first, so repeats lie
/// side by side and the one kept does not depend on which arrived first: merging is idempotent
/// and independent of arrival order.
pub fn order_events(events: &mut Vec<Event>) {
    events.sort_by(canonical_order);
    events.dedup_by(|a, b| {
        a.at == b.at
            && a.carrier_text == b.carrier_text
            && a.status == b.status
            && a.substatus == b.substatus
    });
}

/// Newest first, then by every other field, so that no two different events compare equal.
fn canonical_order(a: &Event, b: &Event) -> Ordering {
    b.at.cmp(&a.at)
        .then_with(|| a.carrier_text.cmp(&b.carrier_text))
        .then_with(|| a.status.cmp(&b.status))
        .then_with(|| a.substatus.cmp(&b.substatus))
        .then_with(|| {
            let offset = |e: &Event| e.at.offset().local_minus_utc();
            offset(a).cmp(&offset(b))
        })
        .then_with(|| a.text.cmp(&b.text))
        .then_with(|| place_key(a).cmp(&place_key(b)))
}

/// An event's place as something totally ordered (coordinates by their bits).
type PlaceKey<'a> = Option<([&'a Option<String>; 4], [Option<u64>; 2])>;

fn place_key(e: &Event) -> PlaceKey<'_> {
    e.location.as_ref().map(|l| {
        (
            [&l.city, &l.region, &l.postal_code, &l.country],
            [l.lat.map(f64::to_bits), l.lon.map(f64::to_bits)],
        )
    })
}

/// The current status: that of the newest event, or `Pending` when there is none.
pub fn current_status(events_newest_first: &[Event]) -> (Status, Option<Substatus>) {
    events_newest_first
        .first()
        .map_or((Status::Pending, None), |e| (e.status, e.substatus))
}

/// The progress bar for these events. A customs step appears only on cross-border shipments.
///
/// A shipment going back to its sender (its newest milestone is the return) shows the steps it
/// reached on the way to the buyer, then the return as the current step: the steps it will not
/// reach (out for delivery, delivered) are left out rather than shown as still to come.
pub fn progress(lang: Lang, events_newest_first: &[Event], cross_border: bool) -> Progress {
    let step_of = |milestone| Step {
        milestone,
        label: milestone_label(lang, milestone).to_owned(),
        // The oldest event that reached the milestone is when it was reached.
        at: events_newest_first
            .iter()
            .rev()
            .find(|e| milestone_of(e) == Some(milestone))
            .map(|e| e.at),
    };
    let to_the_buyer = Milestone::ALL
        .into_iter()
        .filter(|m| *m != Milestone::Returned && (cross_border || *m != Milestone::Customs));
    // How far it got on the way to the buyer.
    let furthest = events_newest_first
        .iter()
        .filter_map(milestone_of)
        .filter(|m| *m != Milestone::Returned)
        .max();
    let returning = events_newest_first.iter().find_map(milestone_of) == Some(Milestone::Returned);
    if returning {
        let mut steps: Vec<Step> = to_the_buyer
            .filter(|m| Some(*m) <= furthest)
            .map(step_of)
            .collect();
        steps.push(step_of(Milestone::Returned));
        return Progress {
            step: Some(steps.len() - 1),
            steps,
        };
    }
    let steps: Vec<Step> = to_the_buyer.map(step_of).collect();
    let step = furthest.and_then(|f| steps.iter().rposition(|s| s.milestone <= f));
    Progress { step, steps }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn event(at: &str, status: Status, substatus: Option<Substatus>, text: &str) -> Event {
        Event {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            status,
            substatus,
            text: String::new(),
            carrier_text: text.to_owned(),
            location: None,
        }
    }

    #[test]
    fn orders_by_instant_not_by_local_clock() {
        // 09:00 in Shanghai (01:00Z) happened before 20:00 the previous evening in Los Angeles
        // (04:00Z) even though its local date is later.
        let mut events = vec![
            event(
                "2026-11-02T09:00:00+08:00",
                Status::InTransit,
                None,
                "Shanghai",
            ),
            event(
                "2026-11-01T20:00:00-08:00",
                Status::InTransit,
                None,
                "Los Angeles",
            ),
        ];
        order_events(&mut events);
        assert_eq!(events[0].carrier_text, "Los Angeles");
    }

    #[test]
    fn drops_the_same_scan_reported_twice() {
        let scan = event(
            "2026-11-02T09:00:00+08:00",
            Status::InTransit,
            None,
            "Sorted",
        );
        let same_instant_other_offset =
            event("2026-11-02T01:00:00Z", Status::InTransit, None, "Sorted");
        let mut events = vec![scan.clone(), same_instant_other_offset, scan];
        order_events(&mut events);
        assert_eq!(events.len(), 1);
    }

    #[test]
    fn customs_step_only_on_cross_border_shipments() {
        let events = [event("2026-11-02T09:00:00Z", Status::InTransit, None, "x")];
        let domestic = progress(Lang::En, &events, false);
        let abroad = progress(Lang::En, &events, true);
        assert!(!domestic
            .steps
            .iter()
            .any(|s| s.milestone == Milestone::Customs));
        assert!(abroad
            .steps
            .iter()
            .any(|s| s.milestone == Milestone::Customs));
        assert_eq!(
            domestic.steps[domestic.step.unwrap()].milestone,
            Milestone::InTransit
        );
    }

    #[test]
    fn an_exception_keeps_the_furthest_milestone_reached() {
        let events = [
            event(
                "2026-11-03T09:00:00Z",
                Status::Exception,
                Some(Substatus::Damaged),
                "x",
            ),
            event("2026-11-02T09:00:00Z", Status::OutForDelivery, None, "y"),
            event(
                "2026-11-01T09:00:00Z",
                Status::InTransit,
                Some(Substatus::PickedUp),
                "z",
            ),
        ];
        let p = progress(Lang::En, &events, false);
        assert_eq!(
            p.steps[p.step.unwrap()].milestone,
            Milestone::OutForDelivery
        );
        assert_eq!(
            current_status(&events),
            (Status::Exception, Some(Substatus::Damaged))
        );
        let picked_up = p
            .steps
            .iter()
            .find(|s| s.milestone == Milestone::PickedUp)
            .unwrap();
        assert_eq!(picked_up.at, Some(events[2].at));
    }

    fn milestones(p: &Progress) -> Vec<Milestone> {
        p.steps.iter().map(|s| s.milestone).collect()
    }

    #[test]
    fn a_return_replaces_the_steps_the_parcel_will_not_reach() {
        use Milestone::*;
        let returning = event(
            "2026-11-04T09:00:00Z",
            Status::Exception,
            Some(Substatus::ReturningToSender),
            "Return to sender: refused",
        );
        let out_for_delivery = event("2026-11-03T09:00:00Z", Status::OutForDelivery, None, "van");
        let picked_up = event(
            "2026-11-01T09:00:00Z",
            Status::InTransit,
            Some(Substatus::PickedUp),
            "z",
        );
        let back = event(
            "2026-11-06T09:00:00Z",
            Status::Exception,
            Some(Substatus::ReturnedToSender),
            "Delivered back to the sender",
        );
        let events = [
            back.clone(),
            returning.clone(),
            out_for_delivery.clone(),
            picked_up.clone(),
        ];
        let p = progress(Lang::En, &events, false);
        assert_eq!(
            milestones(&p),
            [InfoReceived, PickedUp, InTransit, OutForDelivery, Returned]
        );
        assert_eq!(p.step, Some(4), "the return is the current step");
        assert_eq!(p.steps[4].label, "Return to sender");
        assert_eq!(p.steps[4].at, Some(returning.at), "when it turned back");
        // Carriers that keep a returning parcel "in transit" mean the same.
        let in_transit_back = Event {
            status: Status::InTransit,
            ..returning.clone()
        };
        let p = progress(Lang::En, &[in_transit_back, picked_up.clone()], false);
        assert_eq!(milestones(&p), [InfoReceived, PickedUp, Returned]);
        // Returned before any scan on the way: only the return.
        let p = progress(Lang::De, std::slice::from_ref(&returning), true);
        assert_eq!(milestones(&p), [Returned]);
        assert_eq!(p.steps[0].label, "Rücksendung");
        // A return that was turned around again is a journey to the buyer, as far as it got.
        let redelivered = event(
            "2026-11-08T09:00:00Z",
            Status::OutForDelivery,
            None,
            "again",
        );
        let events = [redelivered, returning, out_for_delivery, picked_up];
        let p = progress(Lang::En, &events, false);
        assert!(!milestones(&p).contains(&Returned), "{p:?}");
        assert_eq!(p.steps[p.step.unwrap()].milestone, OutForDelivery);
    }

    #[test]
    fn no_events_means_pending_and_no_step() {
        assert_eq!(current_status(&[]), (Status::Pending, None));
        assert_eq!(progress(Lang::En, &[], false).step, None);
    }
}
