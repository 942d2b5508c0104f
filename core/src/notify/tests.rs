//! Notifications decided: which transitions become which triggers, and restraint (duplicates,
//! collapse, caps, minimum gap, quiet hours) over hand-made cases and any sequence of plans.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use proptest::prelude::*;

use super::*;
use crate::model::{Eta, EtaSource, Event, Status, Substatus};
use crate::sandbox;
use crate::shipment::{Key, State};

/// A fixed instant: a Saturday noon UTC; every date here is counted from it.
fn anchor() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z")
        .unwrap()
        .to_utc()
}

fn event(minutes: i64, status: Status, substatus: Option<Substatus>) -> Event {
    Event {
        at: (anchor() + Duration::minutes(minutes)).fixed_offset(),
        status,
        substatus,
        text: String::new(),
        carrier_text: format!("{status:?} {minutes}"),
        location: None,
    }
}

fn report(mut events: Vec<Event>) -> CarrierReport {
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    CarrierReport {
        carrier: sandbox::carrier(),
        events,
        origin: None,
        destination: None,
        eta: None,
    }
}

fn key() -> Key {
    Key {
        carrier: "ups".into(),
        number: "1Z999AA10123456784".into(),
        connector: "ups".into(),
    }
}

/// The triggers of each push when `events` arrive one by one.
fn pushed_one_by_one(events: &[Event]) -> Vec<Vec<Trigger>> {
    let mut state = State {
        key: Some(key()),
        ..State::default()
    };
    let mut seen = Vec::new();
    for i in 0..events.len() {
        let r = report(events[..=i].to_vec());
        let update = state.push(key(), r.clone(), false, anchor());
        let merged = state.report.clone().unwrap();
        seen.push(
            triggers(&update, &merged)
                .iter()
                .map(|c| c.trigger)
                .collect(),
        );
    }
    seen
}

#[test]
fn a_delivered_journey_tells_shipped_out_for_delivery_and_delivered_once_each() {
    let full = sandbox::report("TL1000000001", anchor()).unwrap();
    let mut events = full.events.clone();
    events.sort_by_key(|e| e.at);
    let seen = pushed_one_by_one(&events);
    // The first thing known is not news.
    assert!(seen[0].is_empty(), "{seen:?}");
    let all: Vec<Trigger> = seen.concat();
    for trigger in [
        Trigger::Shipped,
        Trigger::OutForDelivery,
        Trigger::Delivered,
    ] {
        assert_eq!(
            all.iter().filter(|t| **t == trigger).count(),
            1,
            "{trigger:?} once: {seen:?}"
        );
    }
    assert!(!all.contains(&Trigger::Exception));
}

#[test]
fn problems_and_delays_name_their_trigger() {
    let start = event(0, Status::InTransit, None);
    let cases = [
        (
            event(
                60,
                Status::FailedAttempt,
                Some(Substatus::RecipientUnavailable),
            ),
            Trigger::FailedAttempt,
        ),
        (
            event(60, Status::AvailableForPickup, None),
            Trigger::ReadyForPickup,
        ),
        (
            event(60, Status::Exception, Some(Substatus::CustomsHeld)),
            Trigger::Exception,
        ),
        (
            event(60, Status::Exception, Some(Substatus::ReturnedToSender)),
            Trigger::ReturnedToSender,
        ),
    ];
    for (next, expected) in cases {
        let seen = pushed_one_by_one(&[start.clone(), next.clone()]);
        assert!(seen[1].contains(&expected), "{next:?}: {seen:?}");
    }
    // The reason travels with an exception.
    let mut state = State::default();
    state.push(key(), report(vec![start.clone()]), false, anchor());
    let update = state.push(
        key(),
        report(vec![
            start.clone(),
            event(60, Status::Exception, Some(Substatus::CustomsHeld)),
        ]),
        false,
        anchor(),
    );
    let found = triggers(&update, state.report.as_ref().unwrap());
    assert_eq!(found[0].substatus, Some(Substatus::CustomsHeld));
    // The estimate moving later is a delay, about the new date.
    let eta = |hours: i64| Eta {
        earliest: anchor().fixed_offset(),
        latest: (anchor() + Duration::hours(hours)).fixed_offset(),
        confidence: 0.8,
        source: EtaSource::Carrier,
        explanation: String::new(),
    };
    let mut with_eta = report(vec![start.clone()]);
    with_eta.eta = Some(eta(24));
    let mut state = State::default();
    state.push(key(), with_eta.clone(), false, anchor());
    with_eta.eta = Some(eta(72));
    let update = state.push(key(), with_eta, false, anchor());
    let found = triggers(&update, state.report.as_ref().unwrap());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].trigger, Trigger::Delay);
    assert_eq!(
        found[0].about,
        (anchor() + Duration::hours(72)).timestamp_millis()
    );
}

#[test]
fn a_long_gap_is_told_past_the_routes_usual_quiet() {
    let r = report(vec![event(0, Status::InTransit, None)]);
    let at = |days: i64| anchor() + Duration::days(days);
    // Domestic: two days in transit is usual.
    assert_eq!(long_gap(&r, false, at(1)), None);
    let gap = long_gap(&r, false, at(2)).unwrap();
    assert_eq!(gap.trigger, Trigger::LongGap);
    // About the last scan: the same gap is one notification.
    assert_eq!(long_gap(&r, false, at(3)).unwrap().about, gap.about);
    // Cross-border: the widget's own threshold.
    assert_eq!(long_gap(&r, true, at(3)), None);
    assert!(long_gap(&r, true, at(crate::notices::QUIET_DAYS_CROSS_BORDER)).is_some());
    // A parcel waiting for the buyer or delivered has no gap to tell.
    let delivered = report(vec![event(0, Status::Delivered, None)]);
    assert_eq!(long_gap(&delivered, false, at(30)), None);
}

fn candidate(trigger: Trigger, minutes: i64) -> Candidate {
    Candidate {
        trigger,
        about: (anchor() + Duration::minutes(minutes)).timestamp_millis(),
        substatus: None,
    }
}

const SHIPMENT: &str = "ups:1Z999AA10123456784";

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn sent(decisions: &[Decision], at: DateTime<Utc>) -> Vec<Sent> {
    decisions
        .iter()
        .filter(|d| d.outcome == Outcome::Send)
        .map(|d| Sent {
            shipment: SHIPMENT.into(),
            channel: d.channel,
            key: d.key.clone(),
            at: at.timestamp_millis(),
        })
        .collect()
}

#[test]
fn together_only_the_one_that_matters_goes_and_never_twice() {
    let now = anchor();
    let rules = Rules::default();
    let prefs = Preferences::default();
    let both = [
        candidate(Trigger::OutForDelivery, 0),
        candidate(Trigger::Delivered, 5),
    ];
    let first = plan(
        SHIPMENT,
        &both,
        &[Channel::Email],
        &prefs,
        &rules,
        &[],
        utc(),
        now,
    );
    assert_eq!(first.len(), 2);
    let delivered = first
        .iter()
        .find(|d| d.candidate.trigger == Trigger::Delivered)
        .unwrap();
    assert_eq!(delivered.outcome, Outcome::Send);
    let ofd = first
        .iter()
        .find(|d| d.candidate.trigger == Trigger::OutForDelivery)
        .unwrap();
    assert_eq!(
        ofd.outcome,
        Outcome::Skip {
            reason: Skip::Collapsed
        }
    );
    // The same push again (a retry, a replay): a duplicate, nothing sent.
    let history = sent(&first, now);
    let again = plan(
        SHIPMENT,
        &both[1..],
        &[Channel::Email],
        &prefs,
        &rules,
        &history,
        utc(),
        now + Duration::minutes(1),
    );
    assert_eq!(
        again[0].outcome,
        Outcome::Skip {
            reason: Skip::Duplicate
        }
    );
}

#[test]
fn each_channel_gets_what_the_merchant_wants_on_it() {
    let now = anchor();
    let shipped = [candidate(Trigger::Shipped, 0)];
    let all = [Channel::Email, Channel::Sms, Channel::Webhook];
    let decisions = plan(
        SHIPMENT,
        &shipped,
        &all,
        &Preferences::default(),
        &Rules::default(),
        &[],
        utc(),
        now,
    );
    let channels: Vec<Channel> = decisions.iter().map(|d| d.channel).collect();
    assert_eq!(
        channels,
        vec![Channel::Email, Channel::Webhook],
        "no SMS for shipped"
    );
    // A buyer with no phone gets no SMS, whatever the merchant wants.
    let delivered = [candidate(Trigger::Delivered, 0)];
    let decisions = plan(
        SHIPMENT,
        &delivered,
        &[Channel::Email],
        &Preferences::default(),
        &Rules::default(),
        &[],
        utc(),
        now,
    );
    assert!(decisions.iter().all(|d| d.channel == Channel::Email));
    // A merchant who wants nothing by email sends nothing by email.
    let none = Preferences {
        email: vec![],
        ..Preferences::default()
    };
    assert!(plan(
        SHIPMENT,
        &delivered,
        &[Channel::Email],
        &none,
        &Rules::default(),
        &[],
        utc(),
        now
    )
    .is_empty());
}

#[test]
fn caps_and_the_minimum_gap_hold() {
    let now = anchor();
    let rules = Rules::default();
    let prefs = Preferences::default();
    let earlier = |minutes: i64, shipment: &str, n: usize| Sent {
        shipment: shipment.into(),
        channel: Channel::Email,
        key: format!("earlier-{n}"),
        at: (now - Duration::minutes(minutes)).timestamp_millis(),
    };
    // Not urgent, 30 minutes after the last: waits for the gap.
    let history = vec![earlier(30, SHIPMENT, 0)];
    let customs = [candidate(Trigger::CustomsCleared, 0)];
    let d = plan(
        SHIPMENT,
        &customs,
        &[Channel::Email],
        &prefs,
        &rules,
        &history,
        utc(),
        now,
    );
    assert_eq!(
        d[0].outcome,
        Outcome::Defer {
            until: (now - Duration::minutes(30) + rules.min_gap).timestamp_millis()
        }
    );
    // Urgent: at once.
    let failed = [candidate(Trigger::FailedAttempt, 0)];
    let d = plan(
        SHIPMENT,
        &failed,
        &[Channel::Email],
        &prefs,
        &rules,
        &history,
        utc(),
        now,
    );
    assert_eq!(d[0].outcome, Outcome::Send);
    // The shipment's daily cap, whatever the urgency; a day later it is free again.
    let full: Vec<Sent> = (0..rules.per_shipment_daily)
        .map(|n| earlier(60 + n as i64, SHIPMENT, n))
        .collect();
    let d = plan(
        SHIPMENT,
        &failed,
        &[Channel::Email],
        &prefs,
        &rules,
        &full,
        utc(),
        now,
    );
    assert_eq!(
        d[0].outcome,
        Outcome::Skip {
            reason: Skip::ShipmentCap
        }
    );
    let d = plan(
        SHIPMENT,
        &failed,
        &[Channel::Email],
        &prefs,
        &rules,
        &full,
        utc(),
        now + Duration::days(1),
    );
    assert_eq!(d[0].outcome, Outcome::Send);
    // The buyer's cap, over all their parcels.
    let busy: Vec<Sent> = (0..rules.per_buyer_daily)
        .map(|n| earlier(60 + n as i64, &format!("ups:other{n}"), n))
        .collect();
    let d = plan(
        SHIPMENT,
        &failed,
        &[Channel::Email],
        &prefs,
        &rules,
        &busy,
        utc(),
        now,
    );
    assert_eq!(
        d[0].outcome,
        Outcome::Skip {
            reason: Skip::BuyerCap
        }
    );
    // SMS counts apart from email.
    let d = plan(
        SHIPMENT,
        &failed,
        &[Channel::Sms],
        &prefs,
        &rules,
        &busy,
        utc(),
        now,
    );
    assert_eq!(d[0].outcome, Outcome::Send);
}

#[test]
fn quiet_hours_defer_to_the_buyers_morning_except_out_for_delivery() {
    let rules = Rules::default();
    let prefs = Preferences::default();
    // 03:00 UTC is 22:00 in New York (UTC-5): quiet until 08:00 there, 13:00 UTC.
    let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
    let night = DateTime::parse_from_rfc3339("2026-11-22T03:00:00Z")
        .unwrap()
        .to_utc();
    let morning = DateTime::parse_from_rfc3339("2026-11-22T13:00:00Z")
        .unwrap()
        .to_utc();
    let delivered = [candidate(Trigger::Delivered, 0)];
    let d = plan(
        SHIPMENT,
        &delivered,
        &[Channel::Email, Channel::Sms, Channel::Webhook],
        &prefs,
        &rules,
        &[],
        new_york,
        night,
    );
    for decision in &d {
        let expected = if decision.channel == Channel::Webhook {
            Outcome::Send
        } else {
            Outcome::Defer {
                until: morning.timestamp_millis(),
            }
        };
        assert_eq!(decision.outcome, expected, "{:?}", decision.channel);
    }
    // At 07:30 local it waits half an hour; at 08:00 it goes.
    let d = plan(
        SHIPMENT,
        &delivered,
        &[Channel::Email],
        &prefs,
        &rules,
        &[],
        new_york,
        morning - Duration::minutes(30),
    );
    assert_eq!(
        d[0].outcome,
        Outcome::Defer {
            until: morning.timestamp_millis()
        }
    );
    let d = plan(
        SHIPMENT,
        &delivered,
        &[Channel::Email],
        &prefs,
        &rules,
        &[],
        new_york,
        morning,
    );
    assert_eq!(d[0].outcome, Outcome::Send);
    // Out for delivery cannot wait until it is over.
    let ofd = [candidate(Trigger::OutForDelivery, 0)];
    let d = plan(
        SHIPMENT,
        &ofd,
        &[Channel::Sms],
        &prefs,
        &rules,
        &[],
        new_york,
        night,
    );
    assert_eq!(d[0].outcome, Outcome::Send);
    // The same UTC instant is daytime in Shanghai (11:00).
    let shanghai = FixedOffset::east_opt(8 * 3600).unwrap();
    let d = plan(
        SHIPMENT,
        &delivered,
        &[Channel::Email],
        &prefs,
        &rules,
        &[],
        shanghai,
        night,
    );
    assert_eq!(d[0].outcome, Outcome::Send);
}

#[test]
fn names_round_trip() {
    for t in Trigger::ALL {
        assert_eq!(Trigger::from_name(t.as_str()), Some(t));
    }
    assert_eq!(Trigger::from_name("nope"), None);
}

fn any_trigger() -> impl Strategy<Value = Trigger> {
    (0..Trigger::ALL.len()).prop_map(|i| Trigger::ALL[i])
}

proptest! {
    /// Whatever arrives, whenever: no key is sent twice, at most one a channel per plan, and
    /// no 24 hours hold more than the caps allow.
    #[test]
    fn restraint_holds_over_any_sequence(
        steps in proptest::collection::vec(
            (proptest::collection::vec((any_trigger(), 0i64..20), 1..4), 0i64..600, 0usize..3, -12i32..14),
            1..40,
        )
    ) {
        let rules = Rules::default();
        let prefs = Preferences::default();
        let mut history: Vec<Sent> = Vec::new();
        let mut now = anchor();
        let channels = [Channel::Email, Channel::Sms, Channel::Webhook];
        for (candidates, minutes_later, shipment, offset_hours) in steps {
            now += Duration::minutes(minutes_later);
            let shipment = format!("ups:parcel{shipment}");
            let candidates: Vec<Candidate> = candidates
                .into_iter()
                .map(|(t, about)| Candidate { trigger: t, about, substatus: None })
                .collect();
            let offset = FixedOffset::east_opt(offset_hours * 3600).unwrap();
            let decisions = plan(&shipment, &candidates, &channels, &prefs, &rules, &history, offset, now);
            for channel in channels {
                let sends = decisions.iter().filter(|d| d.channel == channel && d.outcome == Outcome::Send).count();
                prop_assert!(sends <= 1);
            }
            for d in decisions.iter().filter(|d| d.outcome == Outcome::Send) {
                prop_assert!(!history.iter().any(|s| s.key == d.key), "sent twice: {}", d.key);
                history.push(Sent { shipment: shipment.clone(), channel: d.channel, key: d.key.clone(), at: now.timestamp_millis() });
            }
            for s in &history {
                let window: Vec<&Sent> = history
                    .iter()
                    .filter(|o| o.channel == s.channel && o.at >= s.at && o.at < s.at + Duration::days(1).num_milliseconds())
                    .collect();
                prop_assert!(window.len() <= rules.per_buyer_daily);
                prop_assert!(window.iter().filter(|o| o.shipment == s.shipment).count() <= rules.per_shipment_daily);
            }
        }
    }
}
