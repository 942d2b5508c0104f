//! One shipment's life, decided in one place: what is kept about it between requests
//! ([`State`]), when its carrier is asked again ([`State::is_due`], [`State::next_alarm`]),
//! what an answer is when the carrier fails ([`State::answer`]), what the buyer sees
//! ([`State::view`]), and what happened to it with each refresh or push ([`Transition`]).
//!
//! The edge's `Shipment` object only stores this state, calls the carrier when told, sets the
//! alarm it is given and sends the views; notifications, the console and analytics consume
//! the transitions.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use crate::carriers::{self, CarrierError, Connector, Kind, Pushes};
use crate::model::{Milestone, Status, Substatus, Tracking};
use crate::progress::{current_status, milestone_of};
use crate::texts::Lang;
use crate::tracking::{self, assemble, merge, CarrierReport};
use crate::{geo, notices, privacy, refresh};

/// After a failed carrier call, wait this long before calling again (lookups meanwhile get the
/// last good copy, or the same error).
pub const RETRY_AFTER_FAILURE: Duration = Duration::seconds(30);

/// Which shipment, and who serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// The carrier code (`ups`, `sandbox`, ...).
    pub carrier: String,
    /// The cleaned tracking number.
    pub number: String,
    /// The connector that serves this carrier (`17track`, `ups`, ...); empty when none does
    /// (the shipment only takes pushes).
    pub connector: String,
}

impl Key {
    /// The shipment's name: one stored state per carrier and number.
    pub fn name(&self) -> String {
        format!("{}:{}", self.carrier, self.number)
    }

    /// The connector that serves it, if any.
    pub fn connector(&self) -> Option<&'static dyn Connector> {
        carriers::connector(&self.connector)
    }
}

/// The deployment's settings that shape every shipment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// The merchant's cap on a copy's age (`TRACKLINE_MAX_AGE_SECS`): fresher data for more
    /// carrier calls. It never goes below the carrier's own floor.
    pub max_age: Option<Duration>,
    /// Show who signed for a parcel (`TRACKLINE_SHOW_SIGNER=true`); hidden by default.
    pub show_signer: bool,
    /// How often a shipment with a working push is polled anyway (`TRACKLINE_SAFETY_NET_SECS`;
    /// [`refresh::SAFETY_NET`] when `None`).
    pub safety_net: Option<Duration>,
    /// The deployment has what the shipment's source needs to push
    /// ([`carriers::Pushes::configured`]): Trackline's own URL for a callback
    /// (`TRACKLINE_PUBLIC_URL`), the webhook's credentials for UPS Track Alert.
    pub push_configured: bool,
}

/// What is kept about one shipment between requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Which shipment (set on first use).
    pub key: Option<Key>,
    /// Everything its sources said, merged.
    pub report: Option<CarrierReport>,
    /// When a source last answered (ms since the epoch).
    pub synced_at: Option<i64>,
    /// When the carrier was last asked (ms since the epoch).
    pub attempted_at: Option<i64>,
    /// What went wrong the last time, if it did.
    #[serde(default, deserialize_with = "lenient_error")]
    pub last_error: Option<CarrierError>,
    /// When the carrier was first asked about this number (ms since the epoch): a number it
    /// keeps not knowing is asked less often, then no more.
    #[serde(default)]
    pub first_asked_at: Option<i64>,
    /// Its subscription to its source's pushes, once one was tried.
    #[serde(default)]
    pub subscription: Option<Subscription>,
}

/// A shipment's subscription to its source's pushes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    /// The connector it is (or was to be) made with.
    pub connector: String,
    /// When the source accepted it (ms since the epoch); `None` while no attempt succeeded.
    pub since: Option<i64>,
    /// When it lapses by itself (ms since the epoch), if the source said.
    pub lapses_at: Option<i64>,
    /// The source said it stopped pushing (Kuaidi100 `abort`, 17TRACK `TRACKING_STOPPED`).
    pub stopped: bool,
    /// Trackline ended it (the parcel is finished).
    pub ended: bool,
    /// When the source last pushed news of this shipment (ms since the epoch).
    pub last_push_at: Option<i64>,
    /// When the last attempt failed (ms since the epoch), and how many failed in a row.
    pub failed_at: Option<i64>,
    /// Failed attempts in a row.
    pub failures: u32,
}

/// The longest wait between two failed subscription attempts (they start at one minute and
/// double).
pub const MAX_SUBSCRIBE_BACKOFF: Duration = Duration::hours(6);

/// Subscribe again this long before a subscription lapses by itself.
pub const RENEW_BEFORE_LAPSE: Duration = Duration::hours(1);

/// Why there is no answer to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The carrier failed (or does not know the number).
    Carrier(CarrierError),
    /// Nothing was pushed yet, and no connector can be asked about this carrier.
    NoConnector(String),
    /// Today's budget of new numbers is spent; retry after this many seconds.
    OverBudget(u64),
    /// Trackline's own storage failed: not the carrier's fault.
    Storage(String),
}

impl From<CarrierError> for Failure {
    fn from(e: CarrierError) -> Self {
        Failure::Carrier(e)
    }
}

/// What a refresh or a push changed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Update {
    /// How many events were new (0: the stored events did not change).
    pub added: usize,
    /// What happened to the shipment, in a fixed order (see [`transitions`]).
    pub transitions: Vec<Transition>,
    /// True when this was the first thing ever known about the shipment: its transitions
    /// describe a journey seen at once, not news.
    pub first: bool,
}

/// Something that happened to a shipment between two states: what notifications, the console
/// and analytics act on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transition {
    /// Scans that were not known arrived.
    NewEvents {
        /// How many.
        count: usize,
    },
    /// The current status changed.
    StatusChanged {
        /// The status before.
        from: Status,
        /// The status now.
        to: Status,
        /// The detail of the status now, if known.
        substatus: Option<Substatus>,
    },
    /// The carrier scanned the parcel for the first time: it has shipped.
    Shipped {
        /// When the first carrier scan happened.
        at: DateTime<FixedOffset>,
    },
    /// A milestone of the progress bar was reached for the first time.
    MilestoneReached {
        /// Which.
        milestone: Milestone,
    },
    /// Customs released the parcel.
    CustomsCleared {
        /// When.
        at: DateTime<FixedOffset>,
    },
    /// Something went wrong (the status became an exception).
    ExceptionRaised {
        /// What, when the carrier said.
        substatus: Option<Substatus>,
    },
    /// The exception is over: the parcel moves again (or arrived).
    ExceptionCleared,
    /// The parcel was delivered.
    Delivered {
        /// When.
        at: DateTime<FixedOffset>,
    },
    /// A delivery estimate appeared.
    EtaSet {
        /// Its latest expected delivery.
        latest: DateTime<FixedOffset>,
    },
    /// The estimate moved earlier.
    EtaEarlier {
        /// The latest expected delivery before.
        from: DateTime<FixedOffset>,
        /// And now.
        to: DateTime<FixedOffset>,
    },
    /// The estimate moved later: a delay.
    EtaLater {
        /// The latest expected delivery before.
        from: DateTime<FixedOffset>,
        /// And now.
        to: DateTime<FixedOffset>,
    },
}

/// What happened between `before` (nothing known when `None`) and `after`, both as merged
/// (events newest first). In this order: new events, status changed, shipped, milestones (in
/// journey order), customs cleared, exception raised or cleared, delivered, estimate.
pub fn transitions(before: Option<&CarrierReport>, after: &CarrierReport) -> Vec<Transition> {
    let no_events = Vec::new();
    let old = before.map_or(&no_events, |r| &r.events);
    let new = &after.events;
    let mut out = Vec::new();
    let count = new.iter().filter(|e| !old.contains(e)).count();
    if count > 0 {
        out.push(Transition::NewEvents { count });
    }
    let (from, _) = current_status(old);
    let (to, substatus) = current_status(new);
    if from != to {
        out.push(Transition::StatusChanged {
            from,
            to,
            substatus,
        });
    }
    let carrier_scan = |e: &&crate::model::Event| {
        !matches!(
            e.status,
            Status::Pending | Status::InfoReceived | Status::Expired
        )
    };
    if !old.iter().any(|e| carrier_scan(&e)) {
        if let Some(first) = new.iter().rev().find(carrier_scan) {
            out.push(Transition::Shipped { at: first.at });
        }
    }
    let reached = |events: &[crate::model::Event], m: Milestone| {
        events.iter().any(|e| milestone_of(e) == Some(m))
    };
    for milestone in Milestone::ALL {
        if reached(new, milestone) && !reached(old, milestone) {
            out.push(Transition::MilestoneReached { milestone });
        }
    }
    let cleared = |e: &&crate::model::Event| e.substatus == Some(Substatus::CustomsCleared);
    if !old.iter().any(|e| cleared(&e)) {
        if let Some(e) = new.iter().find(cleared) {
            out.push(Transition::CustomsCleared { at: e.at });
        }
    }
    match (from == Status::Exception, to == Status::Exception) {
        (false, true) => out.push(Transition::ExceptionRaised { substatus }),
        (true, false) => out.push(Transition::ExceptionCleared),
        _ => {}
    }
    if to == Status::Delivered && from != Status::Delivered {
        if let Some(e) = new.first() {
            out.push(Transition::Delivered { at: e.at });
        }
    }
    if !to.is_final() {
        let latest = |r: Option<&CarrierReport>| r.and_then(|r| r.eta.as_ref()).map(|e| e.latest);
        match (latest(before), latest(Some(after))) {
            (None, Some(latest)) => out.push(Transition::EtaSet { latest }),
            (Some(from), Some(to)) if to < from => out.push(Transition::EtaEarlier { from, to }),
            (Some(from), Some(to)) if to > from => out.push(Transition::EtaLater { from, to }),
            _ => {}
        }
    }
    out
}

fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn instant(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

impl State {
    /// The connector that serves this shipment, if any.
    fn connector(&self) -> Option<&'static dyn Connector> {
        self.key.as_ref().and_then(Key::connector)
    }

    /// True when some connector can be asked about this shipment (else it only takes pushes).
    pub fn pollable(&self) -> bool {
        self.connector().is_some()
    }

    /// The least time between two queries of one number its connector allows.
    fn floor(&self) -> Duration {
        let secs = self
            .connector()
            .map_or(0, |c| c.info().min_query_interval_secs);
        Duration::seconds(secs.min(i64::MAX as u64) as i64)
    }

    /// How long a copy stays fresh (`None`: never ask again): the cadence the shipment's state
    /// calls for, capped by the merchant's `max_age`, never below the carrier's floor.
    pub fn interval(&self, policy: &Policy, now: DateTime<Utc>) -> Option<Duration> {
        let connector = self.connector()?;
        let floor = self.floor();
        let natural = match connector.info().kind {
            Kind::Simulated { every_secs } => Duration::seconds(every_secs as i64),
            Kind::Carrier | Kind::Aggregator => {
                match (&self.report, instant(self.first_asked_at)) {
                    // Never answered: asked less and less often, then not at all.
                    (None, Some(first)) => {
                        refresh::unknown_interval(now.signed_duration_since(first))?.max(floor)
                    }
                    (report, _) => {
                        let events = report.as_ref().map_or(&[][..], |r| &r.events[..]);
                        let (status, _) = current_status(events);
                        let last_event = events.first().map(|e| e.at.to_utc());
                        if self.push_proven(now) {
                            // The push brings news; the poll only catches what it lost. The
                            // merchant's max age is for polled shipments.
                            let sub = self.subscription.as_ref();
                            let last_news = [
                                last_event,
                                instant(sub.and_then(|s| s.last_push_at)),
                                instant(sub.and_then(|s| s.since)),
                            ]
                            .into_iter()
                            .flatten()
                            .max();
                            let net = policy.safety_net.unwrap_or(refresh::SAFETY_NET);
                            if !refresh::quiet_too_long(status, last_news, now) {
                                return refresh::safety_net(status, last_news, now, floor, net);
                            }
                            // Quiet for longer than usual: polled (and capped) as without it.
                        }
                        refresh::interval(status, last_event, now, floor)?
                    }
                }
            }
        };
        let capped = policy.max_age.map_or(natural, |cap| natural.min(cap));
        Some(capped.max(floor))
    }

    /// True when the carrier should be asked now: never asked, or the copy is older than its
    /// interval; not within [`RETRY_AFTER_FAILURE`] of a failure.
    pub fn is_due(&self, policy: &Policy, now: DateTime<Utc>) -> bool {
        if !self.pollable() {
            return false;
        }
        if let (Some(_), Some(attempted)) = (&self.last_error, instant(self.attempted_at)) {
            if now.signed_duration_since(attempted) < RETRY_AFTER_FAILURE {
                return false;
            }
        }
        match instant(self.synced_at) {
            None => true,
            Some(synced) => self
                .interval(policy, now)
                .is_some_and(|wait| now.signed_duration_since(synced) >= wait),
        }
    }

    /// The outcome of the last call, for a lookup that does not call: its failure while there
    /// is no answer, or while the failure is newer than the last answer.
    pub fn last_outcome(&self) -> Result<(), CarrierError> {
        match (&self.report, &self.last_error) {
            (None, Some(e)) => Err(e.clone()),
            (Some(_), Some(e)) if self.attempted_at > self.synced_at => Err(e.clone()),
            _ => Ok(()),
        }
    }

    /// True when the next call would be the first ever about this number: it must be admitted
    /// first (see [`crate::admission`]).
    pub fn needs_admission(&self) -> bool {
        self.first_asked_at.is_none() && self.report.is_none() && self.attempted_at.is_none()
    }

    /// Notes that `key`'s carrier is being asked at `now`. States saved before
    /// `first_asked_at` existed count their first attempt as the first ask.
    pub fn begin_attempt(&mut self, key: &Key, now: DateTime<Utc>) {
        self.key = Some(key.clone());
        if self.first_asked_at.is_none() {
            self.first_asked_at = self.attempted_at.or(Some(millis(now)));
        }
        self.attempted_at = Some(millis(now));
    }

    /// Folds what the carrier answered at `now` into the state.
    pub fn record(
        &mut self,
        answer: Result<CarrierReport, CarrierError>,
        now: DateTime<Utc>,
    ) -> (Result<(), CarrierError>, Update) {
        match answer {
            Ok(report) => {
                let update = self.fold(report);
                self.synced_at = Some(millis(now));
                self.last_error = None;
                self.registered_by_the_exchange(now);
                (Ok(()), update)
            }
            Err(e) => {
                if e == CarrierError::NotFound {
                    self.registered_by_the_exchange(now);
                }
                self.last_error = Some(e.clone());
                (Err(e), Update::default())
            }
        }
    }

    /// A source that pushes to the account answers (even "not found yet") only for numbers
    /// registered with it, and the exchange registers them: the number is subscribed now.
    fn registered_by_the_exchange(&mut self, now: DateTime<Utc>) {
        let account = self
            .connector()
            .is_some_and(|c| c.info().pushes == Pushes::Account);
        let subscribed = self
            .current_subscription()
            .is_some_and(|s| s.since.is_some());
        if account && !subscribed {
            self.record_subscription(Ok(carriers::Subscribed::default()), now);
        }
    }

    /// Folds a pushed report for `key` in. Duplicate and out-of-order pushes add nothing and
    /// change nothing (not even the sync time). `stopped`: the source says it stopped
    /// pushing (the subscription is renewed). A push with no events and no estimate only
    /// tells that.
    pub fn push(
        &mut self,
        key: Key,
        report: CarrierReport,
        stopped: bool,
        now: DateTime<Utc>,
    ) -> Update {
        self.key.get_or_insert(key);
        if let Some(sub) = self.subscription.as_mut() {
            sub.last_push_at = Some(millis(now));
            sub.stopped |= stopped;
        }
        if report.events.is_empty() && report.eta.is_none() {
            return Update::default();
        }
        let update = self.fold(report);
        if update.added > 0 || !update.transitions.is_empty() {
            self.synced_at = Some(millis(now));
        }
        update
    }

    /// True while a subscription brings this shipment's news: accepted, not stopped, not
    /// ended, not lapsed.
    pub fn push_active(&self, now: DateTime<Utc>) -> bool {
        self.current_subscription().is_some_and(|s| {
            s.since.is_some()
                && !s.stopped
                && !s.ended
                && instant(s.lapses_at).is_none_or(|at| at > now)
        })
    }

    /// The subscription with the connector that serves the shipment now (one made with
    /// another, before the routes changed, does not count).
    fn current_subscription(&self) -> Option<&Subscription> {
        let connector = &self.key.as_ref()?.connector;
        self.subscription
            .as_ref()
            .filter(|s| &s.connector == connector)
    }

    /// True while a subscription brings this shipment's news and has shown it: active, and a
    /// push arrived since it was made. Until then (an account's webhook may not be set up,
    /// the first push may take hours) the shipment is polled as before.
    pub fn push_proven(&self, now: DateTime<Utc>) -> bool {
        self.push_active(now)
            && self
                .subscription
                .as_ref()
                .is_some_and(|s| s.last_push_at.is_some() && s.last_push_at >= s.since)
    }

    fn finished(&self) -> bool {
        let events = self.report.as_ref().map_or(&[][..], |r| &r.events[..]);
        current_status(events).0.is_final()
    }

    /// Whether to subscribe the shipment to its source's pushes now, and if so whether it
    /// renews one that stopped (`Some(true)`). See [`State::subscription_due_at`].
    pub fn subscription_due(&self, policy: &Policy, now: DateTime<Utc>) -> Option<bool> {
        self.subscription_due_at(policy, now)
            .filter(|(at, _)| *at <= now)
            .map(|(_, renew)| renew)
    }

    /// When the shipment is next to be subscribed to its source's pushes (and whether that
    /// renews one that stopped or lapses); `None` for never. Subscribed once; again when the
    /// source stopped or an hour before the subscription lapses; never for a finished parcel,
    /// a number given up on, or a source that does not push (or whose pushes this deployment
    /// has not configured: no callback URL, no webhook secret); a failure is retried after a
    /// minute, doubling up to [`MAX_SUBSCRIBE_BACKOFF`].
    pub fn subscription_due_at(
        &self,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Option<(DateTime<Utc>, bool)> {
        let key = self.key.as_ref()?;
        let connector = key.connector()?;
        match connector.info().pushes {
            Pushes::Never => return None,
            _ if !policy.push_configured => return None,
            _ => {}
        }
        if self.finished() {
            return None;
        }
        // A number its carrier never knew, given up on: no subscription either.
        if self.report.is_none() && self.interval(policy, now).is_none() {
            return None;
        }
        let account = connector.info().pushes == Pushes::Account;
        let Some(sub) = self.current_subscription() else {
            // A source that pushes to the account is subscribed by the lookup's own exchange
            // (it registers the number): only a stop needs a call of its own.
            return (!account).then_some((now, false));
        };
        let retry_at = instant(sub.failed_at).map(|failed| {
            let shift = sub.failures.saturating_sub(1).min(16);
            failed + (Duration::minutes(1) * (1 << shift)).min(MAX_SUBSCRIBE_BACKOFF)
        });
        let after_failures = |at: DateTime<Utc>| retry_at.map_or(at, |r| r.max(at));
        match sub {
            Subscription { ended: true, .. } => None,
            Subscription { stopped: true, .. } => Some((after_failures(now), true)),
            Subscription { since: None, .. } => Some((after_failures(now), false)),
            Subscription {
                lapses_at: Some(at),
                ..
            } => instant(Some(*at)).map(|at| (after_failures(at - RENEW_BEFORE_LAPSE), true)),
            _ => None,
        }
    }

    /// Notes the outcome of a subscription attempt at `now`.
    pub fn record_subscription(
        &mut self,
        result: Result<carriers::Subscribed, CarrierError>,
        now: DateTime<Utc>,
    ) {
        let connector = self
            .key
            .as_ref()
            .map(|k| k.connector.clone())
            .unwrap_or_default();
        let sub = self.subscription.get_or_insert_with(Subscription::default);
        if sub.connector != connector {
            *sub = Subscription {
                connector,
                ..Subscription::default()
            };
        }
        match result {
            Ok(subscribed) => {
                sub.since = Some(millis(now));
                sub.lapses_at = subscribed.lapses_at.and_then(|s| s.checked_mul(1000));
                sub.stopped = false;
                sub.failed_at = None;
                sub.failures = 0;
            }
            Err(_) => {
                sub.failed_at = Some(millis(now));
                sub.failures = sub.failures.saturating_add(1);
            }
        }
    }

    /// True when the parcel is finished and its subscription still runs (and has pushed): end
    /// it (where the source has a call for that), so no quota is spent on it.
    pub fn unsubscription_due(&self, now: DateTime<Utc>) -> bool {
        self.finished() && self.push_proven(now)
    }

    /// Notes that the subscription was ended.
    pub fn record_unsubscription(&mut self) {
        if let Some(sub) = self.subscription.as_mut() {
            sub.ended = true;
        }
    }

    fn fold(&mut self, report: CarrierReport) -> Update {
        let before = self.report.clone();
        let known = self.report.get_or_insert_with(|| CarrierReport {
            events: Vec::new(),
            ..report.clone()
        });
        let added = merge(known, report);
        Update {
            added,
            transitions: transitions(before.as_ref(), known),
            first: before.is_none(),
        }
    }

    /// What a lookup answers after a refresh that ended in `refreshed`: the view (stale when
    /// the carrier failed and the last good copy is shown), or why there is none. A carrier
    /// that lost a number it knew keeps showing what it said.
    pub fn answer(&self, refreshed: Result<(), Failure>) -> Result<bool, Failure> {
        match (&self.report, refreshed) {
            (Some(_), Ok(()) | Err(Failure::Carrier(CarrierError::NotFound))) => Ok(false),
            (Some(_), Err(_)) => Ok(true),
            (None, Err(e)) => Err(e),
            (None, Ok(())) if !self.pollable() => Err(Failure::NoConnector(
                self.key
                    .as_ref()
                    .map(|k| k.carrier.clone())
                    .unwrap_or_default(),
            )),
            (None, Ok(())) => Err(Failure::Carrier(CarrierError::NotFound)),
        }
    }

    /// The tracking as the buyer sees it (page `page` of its events, in `lang`, marked stale
    /// when `stale`), and its age in seconds at `now`; `None` while nothing is known. Signer
    /// names are hidden unless the policy shows them; places named without coordinates get
    /// them from the gazetteer, for the map.
    pub fn view(
        &self,
        lang: Lang,
        stale: bool,
        page: usize,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Option<(Tracking, i64)> {
        let mut report = self.report.clone()?;
        if !policy.show_signer {
            privacy::hide_signers(&mut report);
        }
        geo::fill(&mut report);
        let number = self.key.as_ref().map_or("", |k| k.number.as_str());
        let synced_at = instant(self.synced_at).unwrap_or(now);
        let carrier_name = report.carrier.name.clone();
        let mut tracking = assemble(lang, number, report, synced_at);
        tracking::page(&mut tracking, page);
        if stale {
            tracking.stale = true;
            tracking
                .notices
                .push(notices::stale(lang, &carrier_name, synced_at));
        }
        let age = now.signed_duration_since(synced_at).num_seconds().max(0);
        Some((tracking, age))
    }

    /// When to wake next, or `None` to clear the alarm: the next refresh (none when the
    /// shipment will not change, or it is simulated and nobody watches), or sooner when its
    /// subscription is to be made, renewed or ended.
    pub fn next_alarm(
        &self,
        watched: bool,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let simulated = self
            .connector()
            .is_some_and(|c| matches!(c.info().kind, Kind::Simulated { .. }));
        let refresh = if simulated && !watched {
            None
        } else {
            self.interval(policy, now).map(|wait| now + wait)
        };
        let subscription = if self.unsubscription_due(now) {
            Some(now)
        } else {
            self.subscription_due_at(policy, now)
                .map(|(at, _)| at.max(now))
        };
        refresh.into_iter().chain(subscription).min()
    }
}

/// Reads a stored error; one in the shape kept before errors had their own (`"NotFound"`,
/// `{"Down": "..."}`, ...) is read too, and anything else unreadable counts as no error rather
/// than making the whole state unreadable.
fn lenient_error<'de, D: Deserializer<'de>>(d: D) -> Result<Option<CarrierError>, D::Error> {
    let Some(value) = Option::<serde_json::Value>::deserialize(d)? else {
        return Ok(None);
    };
    if let Ok(e) = serde_json::from_value(value.clone()) {
        return Ok(Some(e));
    }
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    Ok(match &value {
        serde_json::Value::String(s) if s == "NotFound" => Some(CarrierError::NotFound),
        serde_json::Value::Object(map) if map.len() == 1 => {
            map.iter()
                .next()
                .and_then(|(tag, detail)| match tag.as_str() {
                    "BadCredentials" => Some(CarrierError::BadCredentials(text(detail))),
                    "RateLimited" => Some(CarrierError::RateLimited {
                        retry_after_secs: detail.as_u64(),
                    }),
                    "Down" => Some(CarrierError::Down(text(detail))),
                    "NotUnderstood" => Some(CarrierError::NotUnderstood(text(detail))),
                    _ => None,
                })
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests;
