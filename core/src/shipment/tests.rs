//! The shipment's decisions: cadence, due or not, answers after failures, the buyer's view,
//! and the transitions of whole journeys and of hostile push sequences.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use super::*;
use crate::model::{Eta, EtaSource, Event};
use crate::sandbox;

/// A fixed instant: every date here is counted from it, none from the calendar.
fn anchor() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T00:00:00Z")
        .unwrap()
        .to_utc()
}

fn key(carrier: &str, connector: &str, number: &str) -> Key {
    Key {
        carrier: carrier.into(),
        number: number.into(),
        connector: connector.into(),
    }
}

fn state(key: Key) -> State {
    State {
        key: Some(key),
        ..State::default()
    }
}

fn event(minutes: i64, status: Status, substatus: Option<Substatus>, text: &str) -> Event {
    Event {
        at: (anchor() + Duration::minutes(minutes)).fixed_offset(),
        status,
        substatus,
        text: String::new(),
        carrier_text: text.into(),
        location: None,
    }
}

fn report(events: Vec<Event>) -> CarrierReport {
    CarrierReport {
        carrier: sandbox::carrier(),
        events,
        origin: None,
        destination: None,
        eta: None,
    }
}

fn eta(latest_hours: i64) -> Eta {
    Eta {
        earliest: anchor().fixed_offset(),
        latest: (anchor() + Duration::hours(latest_hours)).fixed_offset(),
        confidence: 0.8,
        source: EtaSource::Carrier,
        explanation: String::new(),
    }
}

#[test]
fn the_cadence_follows_the_shipment_the_merchant_and_the_carrier() {
    let now = anchor() + Duration::hours(12);
    let policy = Policy::default();
    // A parcel in transit, last scanned 4 hours ago: every 2 hours.
    let mut ups = state(key("ups", "ups", "1Z"));
    ups.report = Some(report(vec![event(8 * 60, Status::InTransit, None, "x")]));
    assert_eq!(ups.interval(&policy, now), Some(Duration::hours(2)));
    // The merchant caps it...
    let capped = Policy {
        max_age: Some(Duration::minutes(5)),
        ..policy
    };
    assert_eq!(ups.interval(&capped, now), Some(Duration::minutes(5)));
    // ...but never below the carrier's floor (Kuaidi100: 30 minutes).
    let mut k100 = ups.clone();
    k100.key = Some(key("sf_express", "kuaidi100", "SF1"));
    assert_eq!(k100.interval(&capped, now), Some(Duration::minutes(30)));
    // Delivered: never again.
    ups.report = Some(report(vec![event(60, Status::Delivered, None, "d")]));
    assert_eq!(ups.interval(&capped, now), None);
    // The sandbox: every 5 seconds, whatever its status.
    let mut sb = state(key("sandbox", "sandbox", "TL1000000001"));
    sb.report = ups.report.clone();
    assert_eq!(sb.interval(&policy, now), Some(Duration::seconds(5)));
    // Push-only: never asked.
    assert_eq!(state(key("zto", "", "Z1")).interval(&policy, now), None);
    // A number nobody knows: hourly on day 1, then less, then never.
    let mut unknown = state(key("ups", "ups", "1Z"));
    unknown.first_asked_at = Some(millis(now));
    assert_eq!(unknown.interval(&policy, now), Some(Duration::hours(1)));
    let later = now + Duration::days(2);
    assert_eq!(unknown.interval(&policy, later), Some(Duration::hours(6)));
    let much_later = now + Duration::days(refresh::GIVE_UP_UNKNOWN_AFTER_DAYS);
    assert_eq!(unknown.interval(&policy, much_later), None);
    unknown.key = Some(key("sf_express", "kuaidi100", "SF1"));
    assert_eq!(
        unknown.interval(&policy, now),
        Some(Duration::minutes(60)),
        "the floor only raises"
    );
}

#[test]
fn due_when_never_asked_or_old_and_not_right_after_a_failure() {
    let now = anchor() + Duration::hours(12);
    let policy = Policy::default();
    let mut s = state(key("ups", "ups", "1Z"));
    assert!(s.is_due(&policy, now), "never asked");
    assert!(s.needs_admission());
    s.begin_attempt(&key("ups", "ups", "1Z"), now);
    assert!(!s.needs_admission());
    assert_eq!(s.first_asked_at, Some(millis(now)));
    let (outcome, _) = s.record(Err(CarrierError::Down("503".into())), now);
    assert!(outcome.is_err());
    assert!(!s.is_due(&policy, now + Duration::seconds(29)));
    assert!(s.is_due(&policy, now + RETRY_AFTER_FAILURE));
    assert_eq!(s.last_outcome(), Err(CarrierError::Down("503".into())));
    let later = now + Duration::minutes(1);
    s.begin_attempt(&key("ups", "ups", "1Z"), later);
    assert_eq!(s.first_asked_at, Some(millis(now)), "the first ask stays");
    let (outcome, update) = s.record(
        Ok(report(vec![event(11 * 60, Status::InTransit, None, "x")])),
        later,
    );
    assert_eq!(outcome, Ok(()));
    assert!(update.first);
    assert_eq!(s.last_outcome(), Ok(()));
    assert!(!s.is_due(&policy, later + Duration::minutes(119)));
    assert!(s.is_due(&policy, later + Duration::hours(2)));
    // A failure newer than the last answer is reported; the copy is kept.
    let (_, _) = s.record(Err(CarrierError::Down("x".into())), later);
    s.attempted_at = Some(millis(later + Duration::seconds(1)));
    assert!(s.last_outcome().is_err());
    assert!(s.report.is_some());
    // Push-only shipments are never due.
    assert!(!state(key("zto", "", "Z1")).is_due(&policy, now));
}

#[test]
fn answers_after_a_refresh() {
    let mut s = state(key("ups", "ups", "1Z"));
    let down = || Failure::Carrier(CarrierError::Down("x".into()));
    // Nothing known: the failure itself, or not found.
    assert_eq!(s.answer(Err(down())), Err(down()));
    assert_eq!(
        s.answer(Ok(())),
        Err(Failure::Carrier(CarrierError::NotFound))
    );
    assert_eq!(
        s.answer(Err(Failure::OverBudget(60))),
        Err(Failure::OverBudget(60))
    );
    let push_only = state(key("zto", "", "Z1"));
    assert_eq!(
        push_only.answer(Ok(())),
        Err(Failure::NoConnector("zto".into()))
    );
    // Something known: shown, and marked stale when the carrier failed.
    s.report = Some(report(vec![event(0, Status::InTransit, None, "x")]));
    assert_eq!(s.answer(Ok(())), Ok(false));
    assert_eq!(s.answer(Err(down())), Ok(true));
    assert_eq!(s.answer(Err(Failure::Storage("d1".into()))), Ok(true));
    assert_eq!(
        s.answer(Err(Failure::Carrier(CarrierError::NotFound))),
        Ok(false),
        "a carrier that lost a number keeps showing what it said"
    );
}

#[test]
fn the_view_hides_signers_pages_and_says_when_it_is_stale() {
    let now = anchor() + Duration::hours(12);
    let mut s = state(key("ups", "ups", "1Z"));
    assert!(s
        .view(Lang::En, false, 1, &Policy::default(), now)
        .is_none());
    let mut events: Vec<Event> = (0..150)
        .map(|i| event(i, Status::InTransit, None, &format!("scan {i}")))
        .collect();
    events.push(event(
        200,
        Status::Delivered,
        None,
        "Delivered, signed by: JOHN",
    ));
    s.report = Some(report(events));
    s.synced_at = Some(millis(now - Duration::seconds(90)));
    let (tracking, age) = s.view(Lang::En, false, 1, &Policy::default(), now).unwrap();
    assert_eq!(age, 90);
    assert_eq!(tracking.events_total, 151);
    assert_eq!(tracking.events.len(), tracking::EVENTS_PER_PAGE);
    assert!(!tracking.events[0].carrier_text.contains("JOHN"));
    assert!(
        !tracking.stale
            && tracking
                .notices
                .iter()
                .all(|n| n.kind != crate::model::NoticeKind::Stale)
    );
    let shown = Policy {
        show_signer: true,
        ..Policy::default()
    };
    let (tracking, _) = s.view(Lang::En, true, 2, &shown, now).unwrap();
    assert_eq!(tracking.events.len(), 51);
    assert!(tracking.stale);
    assert!(tracking
        .notices
        .iter()
        .any(|n| n.kind == crate::model::NoticeKind::Stale));
    let (first_page, _) = s.view(Lang::En, true, 1, &shown, now).unwrap();
    assert!(first_page.events[0].carrier_text.contains("JOHN"));
}

#[test]
fn alarms_follow_the_cadence_and_a_sandbox_nobody_watches_sleeps() {
    let now = anchor();
    let policy = Policy::default();
    let mut sb = state(key("sandbox", "sandbox", "TL9000000009"));
    sb.report = Some(report(vec![event(0, Status::InTransit, None, "x")]));
    assert_eq!(sb.next_alarm(false, &policy, now), None);
    assert_eq!(
        sb.next_alarm(true, &policy, now),
        Some(now + Duration::seconds(5))
    );
    let mut ups = state(key("ups", "ups", "1Z"));
    ups.report = Some(report(vec![event(0, Status::OutForDelivery, None, "x")]));
    assert_eq!(
        ups.next_alarm(false, &policy, now),
        Some(now + Duration::minutes(15))
    );
    ups.report = Some(report(vec![event(0, Status::Delivered, None, "x")]));
    assert_eq!(ups.next_alarm(true, &policy, now), None);
}

/// Plays a sandbox journey by refreshing every 7 minutes over its day; returns every update.
fn play(number: &str) -> Vec<Update> {
    let mut s = state(key("sandbox", "sandbox", number));
    let policy = Policy::default();
    let mut updates = Vec::new();
    let day = anchor() + Duration::days(30);
    for step in 0..=(24 * 60 / 7) {
        let now = day + Duration::minutes(7 * step);
        // An hour past the day's end the journey starts over: stop at its end.
        let answer = sandbox::report(number, now).map_err(|_| CarrierError::NotFound);
        s.begin_attempt(&key("sandbox", "sandbox", number), now);
        let (_, update) = s.record(answer, now);
        updates.push(update);
        assert!(s.interval(&policy, now).is_some());
    }
    updates
}

fn all(updates: &[Update]) -> Vec<Transition> {
    updates.iter().flat_map(|u| u.transitions.clone()).collect()
}

#[test]
fn a_delivered_journey_ships_once_reaches_each_milestone_once_and_is_delivered_once() {
    let updates = play("TL1000000001");
    let seen = all(&updates);
    let count = |f: &dyn Fn(&Transition) -> bool| seen.iter().filter(|t| f(t)).count();
    assert_eq!(count(&|t| matches!(t, Transition::Shipped { .. })), 1);
    assert_eq!(count(&|t| matches!(t, Transition::Delivered { .. })), 1);
    for m in [
        Milestone::InfoReceived,
        Milestone::PickedUp,
        Milestone::InTransit,
        Milestone::OutForDelivery,
        Milestone::Delivered,
    ] {
        assert_eq!(
            count(&|t| *t == Transition::MilestoneReached { milestone: m }),
            1,
            "{m:?} in {seen:?}"
        );
    }
    let events: usize = seen
        .iter()
        .map(|t| match t {
            Transition::NewEvents { count } => *count,
            _ => 0,
        })
        .sum();
    let last = sandbox::report(
        "TL1000000001",
        anchor() + Duration::days(31) - Duration::seconds(1),
    )
    .unwrap();
    assert_eq!(events, last.events.len(), "every scan announced once");
    assert!(updates.iter().skip(1).all(|u| !u.first));
    // Statuses change in journey order and end delivered.
    let statuses: Vec<Status> = seen
        .iter()
        .filter_map(|t| match t {
            Transition::StatusChanged { to, .. } => Some(*to),
            _ => None,
        })
        .collect();
    assert_eq!(statuses.last(), Some(&Status::Delivered), "{statuses:?}");
}

#[test]
fn a_cross_border_journey_clears_customs_and_sets_an_estimate() {
    let seen = all(&play("TL2000000002"));
    assert_eq!(
        seen.iter()
            .filter(|t| matches!(t, Transition::CustomsCleared { .. }))
            .count(),
        1,
        "{seen:?}"
    );
    assert!(seen.contains(&Transition::MilestoneReached {
        milestone: Milestone::Customs
    }));
    assert!(seen.iter().any(|t| matches!(t, Transition::EtaSet { .. })));
}

#[test]
fn exceptions_are_raised_and_cleared() {
    let k = key("ups", "ups", "1Z");
    let mut s = state(k.clone());
    let now = anchor();
    s.push(
        k.clone(),
        report(vec![event(0, Status::InTransit, None, "a")]),
        false,
        now,
    );
    let raised = s.push(
        k.clone(),
        report(vec![event(
            10,
            Status::Exception,
            Some(Substatus::AddressProblem),
            "b",
        )]),
        false,
        now,
    );
    assert!(raised.transitions.contains(&Transition::ExceptionRaised {
        substatus: Some(Substatus::AddressProblem)
    }));
    assert!(raised.transitions.contains(&Transition::StatusChanged {
        from: Status::InTransit,
        to: Status::Exception,
        substatus: Some(Substatus::AddressProblem)
    }));
    let cleared = s.push(
        k,
        report(vec![event(20, Status::InTransit, None, "c")]),
        false,
        now,
    );
    assert!(cleared.transitions.contains(&Transition::ExceptionCleared));
}

#[test]
fn the_estimate_moving_is_a_transition_and_a_delivered_parcel_has_none() {
    let k = key("ups", "ups", "1Z");
    let mut s = state(k.clone());
    let now = anchor();
    let with_eta = |hours| CarrierReport {
        eta: Some(eta(hours)),
        ..report(vec![event(0, Status::InTransit, None, "a")])
    };
    let set = s.push(k.clone(), with_eta(48), false, now);
    assert!(set
        .transitions
        .iter()
        .any(|t| matches!(t, Transition::EtaSet { .. })));
    let later = s.push(k.clone(), with_eta(72), false, now);
    assert_eq!(
        later.transitions,
        vec![Transition::EtaLater {
            from: eta(48).latest,
            to: eta(72).latest
        }]
    );
    let earlier = s.push(k.clone(), with_eta(24), false, now);
    assert!(matches!(
        earlier.transitions[..],
        [Transition::EtaEarlier { .. }]
    ));
    assert!(s
        .push(k.clone(), with_eta(24), false, now)
        .transitions
        .is_empty());
    let delivered = CarrierReport {
        eta: Some(eta(96)),
        ..report(vec![event(30, Status::Delivered, None, "d")])
    };
    let update = s.push(k, delivered, false, now);
    assert!(update
        .transitions
        .iter()
        .all(|t| !matches!(t, Transition::EtaLater { .. })));
    assert!(update
        .transitions
        .iter()
        .any(|t| matches!(t, Transition::Delivered { .. })));
}

#[test]
fn duplicate_and_out_of_order_pushes_change_nothing() {
    let k = key("ups", "ups", "1Z");
    let mut s = state(k.clone());
    let now = anchor();
    let newer = report(vec![
        event(0, Status::InTransit, Some(Substatus::PickedUp), "a"),
        event(60, Status::OutForDelivery, None, "b"),
    ]);
    let first = s.push(k.clone(), newer.clone(), false, now);
    assert!(first.first && first.added == 2);
    let synced = s.synced_at;
    let again = s.push(k.clone(), newer, false, now + Duration::hours(1));
    assert_eq!(again, Update::default());
    assert_eq!(
        s.synced_at, synced,
        "a duplicate does not refresh the sync time"
    );
    // An older scan arriving late is news, but the status stays.
    let late = s.push(
        k,
        report(vec![event(
            30,
            Status::InTransit,
            Some(Substatus::PickedUp),
            "late",
        )]),
        false,
        now,
    );
    assert_eq!(late.transitions, vec![Transition::NewEvents { count: 1 }]);
}

#[test]
fn errors_kept_in_an_earlier_shape_are_still_read() {
    let read = |json: &str| -> Option<CarrierError> {
        serde_json::from_str::<State>(&format!(r#"{{"key":null,"report":null,"synced_at":null,"attempted_at":null,"last_error":{json}}}"#))
            .unwrap()
            .last_error
    };
    assert_eq!(read(r#""NotFound""#), Some(CarrierError::NotFound));
    assert_eq!(
        read(r#"{"RateLimited":120}"#),
        Some(CarrierError::RateLimited {
            retry_after_secs: Some(120)
        })
    );
    assert_eq!(
        read(r#"{"Down":"503"}"#),
        Some(CarrierError::Down("503".into()))
    );
    assert_eq!(read(r#"{"Whatever":1}"#), None);
    assert_eq!(read("null"), None);
    // And today's shape round-trips.
    let mut s = state(key("ups", "ups", "1Z"));
    s.last_error = Some(CarrierError::RateLimited {
        retry_after_secs: None,
    });
    let back: State = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}

fn any_event() -> impl Strategy<Value = Event> {
    (
        0i64..5000,
        prop::sample::select(Status::ALL.to_vec()),
        prop::option::of(prop::sample::select(vec![
            Substatus::PickedUp,
            Substatus::CustomsCleared,
            Substatus::CustomsHeld,
            Substatus::ReturnedToSender,
            Substatus::AddressProblem,
        ])),
        "[a-c]{0,2}",
    )
        .prop_map(|(m, status, sub, text)| event(m, status, sub, &text))
}

proptest! {
    /// Any sequence of pushes: replaying one changes nothing, each scan is announced once,
    /// and "shipped" and "delivered" come at most once per journey's first reach.
    #[test]
    fn any_push_sequence_announces_each_scan_once(
        pushes in prop::collection::vec(prop::collection::vec(any_event(), 0..6), 1..8)
    ) {
        let k = key("ups", "ups", "1Z");
        let mut s = state(k.clone());
        let mut announced = 0;
        let mut shipped = 0;
        for events in pushes {
            let r = report(events);
            let update = s.push(k.clone(), r.clone(), false, anchor());
            for t in &update.transitions {
                match t {
                    Transition::NewEvents { count } => announced += count,
                    Transition::Shipped { .. } => shipped += 1,
                    _ => {}
                }
            }
            prop_assert_eq!(update.added, update.transitions.iter().map(|t| match t {
                Transition::NewEvents { count } => *count, _ => 0 }).sum::<usize>());
            let replay = s.push(k.clone(), r, false, anchor());
            prop_assert_eq!(replay, Update::default());
        }
        let kept = s.report.as_ref().map_or(0, |r| r.events.len());
        prop_assert_eq!(announced, kept);
        prop_assert!(shipped <= 1);
    }
}

#[test]
fn a_shipment_is_subscribed_once_renewed_when_stopped_and_never_when_finished() {
    let now = anchor();
    let with_callback = Policy {
        push_configured: true,
        ..Policy::default()
    };
    let k = key("sf_express", "kuaidi100", "SF1409871234567");
    let mut s = state(k.clone());
    // Kuaidi100 pushes to a callback: only when Trackline knows its own URL.
    assert_eq!(s.subscription_due(&Policy::default(), now), None);
    assert_eq!(s.subscription_due(&with_callback, now), Some(false));
    // Sources that do not push, or push to the account: by their kind.
    assert_eq!(
        state(key("dhl", "dhl", "1234567890")).subscription_due(&with_callback, now),
        None
    );
    // UPS Track Alert: a call per number, once its webhook is configured.
    assert_eq!(
        state(key("ups", "ups", "1Z")).subscription_due(&Policy::default(), now),
        None
    );
    assert_eq!(
        state(key("ups", "ups", "1Z")).subscription_due(&with_callback, now),
        Some(false)
    );
    assert_eq!(
        state(key("ups", "17track", "1Z")).subscription_due(&Policy::default(), now),
        None,
        "17TRACK: the lookup's own registration subscribes it"
    );
    // A failure is retried after a minute, then two, ...
    s.record_subscription(Err(CarrierError::Down("x".into())), now);
    assert_eq!(
        s.subscription_due(&with_callback, now + Duration::seconds(59)),
        None
    );
    let later = now + Duration::minutes(1);
    assert_eq!(s.subscription_due(&with_callback, later), Some(false));
    s.record_subscription(Err(CarrierError::Down("x".into())), later);
    assert_eq!(
        s.subscription_due(&with_callback, later + Duration::minutes(1)),
        None
    );
    assert_eq!(
        s.subscription_due(&with_callback, later + Duration::minutes(2)),
        Some(false)
    );
    // Accepted: not again.
    s.record_subscription(Ok(carriers::Subscribed::default()), later);
    assert!(s.push_active(later));
    assert_eq!(
        s.subscription_due(&with_callback, later + Duration::days(9)),
        None
    );
    // The source stopped: renewed.
    s.push(k.clone(), report(vec![]), true, later);
    assert!(!s.push_active(later));
    assert_eq!(s.subscription_due(&with_callback, later), Some(true));
    s.record_subscription(Ok(carriers::Subscribed::default()), later);
    assert!(s.push_active(later));
    // A subscription that lapses by itself is renewed an hour before.
    s.record_subscription(
        Ok(carriers::Subscribed {
            lapses_at: Some((later + Duration::days(14)).timestamp()),
        }),
        later,
    );
    assert_eq!(
        s.subscription_due(&with_callback, later + Duration::days(13)),
        None
    );
    assert_eq!(
        s.subscription_due(
            &with_callback,
            later + Duration::days(14) - Duration::minutes(30)
        ),
        Some(true)
    );
    // Delivered: never again, and the running one is ended.
    s.push(
        k,
        report(vec![event(0, Status::Delivered, None, "d")]),
        false,
        later,
    );
    assert_eq!(s.subscription_due(&with_callback, later), None);
    assert!(s.unsubscription_due(later));
    s.record_unsubscription();
    assert!(!s.unsubscription_due(later));
    assert!(!s.push_active(later));
}

#[test]
fn with_a_working_push_the_poll_is_a_safety_net_that_catches_a_lost_push() {
    let now = anchor() + Duration::days(1);
    let policy = Policy {
        max_age: Some(Duration::minutes(1)),
        ..Policy::default()
    };
    let k = key("ups", "17track", "1Z");
    let mut s = state(k.clone());
    let _ = s.record(
        Ok(report(vec![event(
            24 * 60 - 60,
            Status::InTransit,
            None,
            "a",
        )])),
        now,
    );
    // Before its subscription (as if the answer came from elsewhere): polled every two hours,
    // capped by the merchant at a minute.
    s.subscription = None;
    assert_eq!(s.interval(&policy, now), Some(Duration::minutes(1)));
    s.record_subscription(Ok(carriers::Subscribed::default()), now);
    // Subscribed, but no push came yet (the account's webhook may not be set up): polled.
    assert_eq!(s.interval(&policy, now), Some(Duration::minutes(1)));
    // A push shows it works: twelve hours, whatever the merchant's cap.
    s.push(k.clone(), report(vec![]), false, now);
    assert_eq!(s.interval(&policy, now), Some(refresh::SAFETY_NET));
    let quick = Policy {
        safety_net: Some(Duration::seconds(3)),
        ..policy
    };
    assert_eq!(s.interval(&quick, now), Some(Duration::seconds(3)));
    // The push went quiet for longer than a parcel in transit usually is: polled as before.
    let silent = now + Duration::days(3);
    assert_eq!(
        s.interval(&policy, silent),
        Some(Duration::minutes(1)),
        "back to the polled cadence"
    );
    // A push brings it back to the safety net.
    s.push(
        k,
        report(vec![event(4 * 24 * 60, Status::InTransit, None, "b")]),
        false,
        silent,
    );
    assert_eq!(s.interval(&policy, silent), Some(refresh::SAFETY_NET));
}

#[test]
fn the_alarm_wakes_the_shipment_to_subscribe_and_to_retry() {
    let now = anchor();
    let policy = Policy {
        push_configured: true,
        ..Policy::default()
    };
    let k = key("sf_express", "kuaidi100", "SF1409871234567");
    let mut s = state(k);
    let _ = s.record(
        Ok(report(vec![event(0, Status::InTransit, None, "a")])),
        now,
    );
    assert_eq!(
        s.next_alarm(false, &policy, now),
        Some(now),
        "subscribe now"
    );
    s.record_subscription(Err(CarrierError::Down("x".into())), now);
    assert_eq!(
        s.next_alarm(false, &policy, now),
        Some(now + Duration::minutes(1)),
        "retry in a minute"
    );
    s.record_subscription(Ok(carriers::Subscribed::default()), now);
    assert_eq!(
        s.next_alarm(false, &policy, now),
        Some(now + Duration::hours(2)),
        "polled as before until a push arrives"
    );
    s.push(
        key("sf_express", "kuaidi100", "SF1409871234567"),
        report(vec![]),
        false,
        now,
    );
    assert_eq!(
        s.next_alarm(false, &policy, now),
        Some(now + refresh::SAFETY_NET),
        "then only the safety net"
    );
}

#[test]
fn an_answer_from_an_account_pushing_source_means_the_number_is_subscribed() {
    let now = anchor();
    // An account's pushes are always configured (its webhook is set in its console).
    let policy = Policy {
        push_configured: true,
        ..Policy::default()
    };
    let mut s = state(key("ups", "17track", "1Z"));
    assert_eq!(s.subscription_due(&policy, now), None);
    let _ = s.record(Err(CarrierError::NotFound), now);
    assert!(s.push_active(now), "registered, no news yet");
    s.subscription = None;
    let _ = s.record(Err(CarrierError::Down("x".into())), now);
    assert!(
        !s.push_active(now),
        "a failed exchange may not have registered it"
    );
    let _ = s.record(
        Ok(report(vec![event(0, Status::InTransit, None, "a")])),
        now,
    );
    assert!(s.push_active(now), "the exchange registered it");
    assert_eq!(
        s.subscription_due(&policy, now),
        None,
        "no second registration"
    );
    // Stopped by the source: a later answer does not restart pushes, a renewal does.
    s.push(key("ups", "17track", "1Z"), report(vec![]), true, now);
    let _ = s.record(
        Ok(report(vec![event(1, Status::InTransit, None, "b")])),
        now,
    );
    assert_eq!(s.subscription_due(&policy, now), Some(true));
    // A carrier's own API that does not push: nothing.
    let mut dhl = state(key("dhl", "dhl", "1234567890"));
    let _ = dhl.record(
        Ok(report(vec![event(0, Status::InTransit, None, "a")])),
        now,
    );
    assert!(dhl.subscription.is_none());
}
