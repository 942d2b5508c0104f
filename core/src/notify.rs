//! Proactive notifications, decided: which of a shipment's transitions the buyer hears about
//! ([`triggers`], [`long_gap`]), on which channels ([`Preferences`]), and whether each goes now,
//! later or not at all ([`plan`]): never the same one twice, the one that matters when several
//! arrive together, within caps per shipment and per buyer per day, not sooner than a minimum
//! gap after the last, and not in the buyer's quiet hours (deferred to their end, not dropped;
//! "out for delivery" may wake nobody but cannot wait). Pure: the edge stores what was sent and
//! sends what this says.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Status, Substatus};
use crate::shipment::{Transition, Update};
use crate::tracking::CarrierReport;

pub mod providers;
pub mod words;

/// What a buyer can be told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The first carrier scan: it is on its way.
    Shipped,
    /// Customs released a cross-border parcel.
    CustomsCleared,
    /// Out for delivery: arriving today.
    OutForDelivery,
    /// Delivered.
    Delivered,
    /// A delivery attempt failed.
    FailedAttempt,
    /// Waiting at a pickup point.
    ReadyForPickup,
    /// Something went wrong: the reason, what to do, when it should be resolved.
    Exception,
    /// The estimate moved later.
    Delay,
    /// No scan for longer than the route usually stays quiet.
    LongGap,
    /// Going (or gone) back to the sender.
    ReturnedToSender,
}

impl Trigger {
    /// Every trigger.
    pub const ALL: [Trigger; 10] = [
        Trigger::Shipped,
        Trigger::CustomsCleared,
        Trigger::OutForDelivery,
        Trigger::Delivered,
        Trigger::FailedAttempt,
        Trigger::ReadyForPickup,
        Trigger::Exception,
        Trigger::Delay,
        Trigger::LongGap,
        Trigger::ReturnedToSender,
    ];

    /// Its name in the API and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Shipped => "shipped",
            Trigger::CustomsCleared => "customs_cleared",
            Trigger::OutForDelivery => "out_for_delivery",
            Trigger::Delivered => "delivered",
            Trigger::FailedAttempt => "failed_attempt",
            Trigger::ReadyForPickup => "ready_for_pickup",
            Trigger::Exception => "exception",
            Trigger::Delay => "delay",
            Trigger::LongGap => "long_gap",
            Trigger::ReturnedToSender => "returned_to_sender",
        }
    }

    /// The trigger named `name`, if any.
    pub fn from_name(name: &str) -> Option<Trigger> {
        Trigger::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// How much it matters, when several arrive together and only one is sent: the end of
    /// the journey first, then what asks the buyer to act, then news, then reassurance.
    pub fn rank(self) -> u8 {
        match self {
            Trigger::Delivered => 100,
            Trigger::ReturnedToSender => 95,
            Trigger::Exception => 90,
            Trigger::FailedAttempt => 85,
            Trigger::ReadyForPickup => 80,
            Trigger::OutForDelivery => 70,
            Trigger::Delay => 60,
            Trigger::LongGap => 50,
            Trigger::CustomsCleared => 40,
            Trigger::Shipped => 30,
        }
    }

    /// True when it cannot wait for the minimum gap: the buyer must know or act now.
    pub fn urgent(self) -> bool {
        matches!(
            self,
            Trigger::Delivered
                | Trigger::ReturnedToSender
                | Trigger::Exception
                | Trigger::FailedAttempt
                | Trigger::ReadyForPickup
                | Trigger::OutForDelivery
        )
    }

    /// True when it may be sent in quiet hours: "arriving today" is worthless tomorrow.
    pub fn skips_quiet_hours(self) -> bool {
        self == Trigger::OutForDelivery
    }
}

/// Something the buyer may be told: a trigger, about which moment (the scan or estimate it
/// comes from, in ms since the epoch: the same moment is never told twice), and the detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// What.
    pub trigger: Trigger,
    /// The moment it is about (ms since the epoch).
    pub about: i64,
    /// The carrier's detail (an exception's reason), when it said.
    pub substatus: Option<Substatus>,
}

/// The candidates an update brings, most important first. A journey seen all at once
/// (`update.first`) is not news: nothing.
pub fn triggers(update: &Update, after: &CarrierReport) -> Vec<Candidate> {
    if update.first {
        return Vec::new();
    }
    let newest = after
        .events
        .iter()
        .map(|e| e.at.timestamp_millis())
        .max()
        .unwrap_or(0);
    let mut found: Vec<Candidate> = Vec::new();
    let mut add = |trigger: Trigger, about: i64, substatus: Option<Substatus>| {
        if !found.iter().any(|c| c.trigger == trigger) {
            found.push(Candidate {
                trigger,
                about,
                substatus,
            });
        }
    };
    for t in &update.transitions {
        match t {
            Transition::Shipped { at } => add(Trigger::Shipped, at.timestamp_millis(), None),
            Transition::CustomsCleared { at } => {
                add(Trigger::CustomsCleared, at.timestamp_millis(), None)
            }
            Transition::Delivered { at } => add(Trigger::Delivered, at.timestamp_millis(), None),
            Transition::StatusChanged { to, substatus, .. } => match to {
                Status::OutForDelivery => add(Trigger::OutForDelivery, newest, None),
                Status::FailedAttempt => add(Trigger::FailedAttempt, newest, *substatus),
                Status::AvailableForPickup => add(Trigger::ReadyForPickup, newest, *substatus),
                _ => {}
            },
            Transition::ExceptionRaised { substatus } => match substatus {
                Some(Substatus::ReturningToSender | Substatus::ReturnedToSender) => {
                    add(Trigger::ReturnedToSender, newest, *substatus)
                }
                _ => add(Trigger::Exception, newest, *substatus),
            },
            Transition::EtaLater { to, .. } => add(Trigger::Delay, to.timestamp_millis(), None),
            Transition::NewEvents { .. }
            | Transition::MilestoneReached { .. }
            | Transition::ExceptionCleared
            | Transition::EtaSet { .. }
            | Transition::EtaEarlier { .. } => {}
        }
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.trigger.rank()));
    found
}

/// A long gap without scans, once per gap (about the last scan): past what the route usually
/// stays quiet — the widget's own threshold for explaining the silence of a cross-border parcel
/// ([`crate::notices::QUIET_DAYS_CROSS_BORDER`]), the status's usual quiet time
/// ([`crate::refresh::usual_quiet`]) for a domestic one. Only while the parcel moves.
pub fn long_gap(
    report: &CarrierReport,
    cross_border: bool,
    now: DateTime<Utc>,
) -> Option<Candidate> {
    let latest = report.events.iter().max_by_key(|e| e.at)?;
    if !matches!(latest.status, Status::InfoReceived | Status::InTransit) {
        return None;
    }
    let usual = if cross_border {
        Duration::days(crate::notices::QUIET_DAYS_CROSS_BORDER)
    } else {
        crate::refresh::usual_quiet(latest.status)?
    };
    (now.signed_duration_since(latest.at.to_utc()) >= usual).then(|| Candidate {
        trigger: Trigger::LongGap,
        about: latest.at.timestamp_millis(),
        substatus: None,
    })
}

/// A way to reach the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Email.
    Email,
    /// SMS.
    Sms,
    /// The merchant's own webhook (its WhatsApp, LINE, app ...).
    Webhook,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Webhook];

    /// Its name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Webhook => "webhook",
        }
    }
}

/// Which triggers go to which channel: the merchant's choice, else [`Preferences::default`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// Triggers sent by email.
    pub email: Vec<Trigger>,
    /// Triggers sent by SMS.
    pub sms: Vec<Trigger>,
    /// Triggers sent to the merchant's webhook.
    pub webhook: Vec<Trigger>,
}

impl Default for Preferences {
    /// Email tells the whole journey; SMS, which costs and interrupts, only what is urgent;
    /// the merchant's webhook gets everything (its own system decides).
    fn default() -> Self {
        Preferences {
            email: Trigger::ALL.to_vec(),
            sms: vec![
                Trigger::OutForDelivery,
                Trigger::Delivered,
                Trigger::FailedAttempt,
                Trigger::ReadyForPickup,
                Trigger::Exception,
                Trigger::ReturnedToSender,
            ],
            webhook: Trigger::ALL.to_vec(),
        }
    }
}

impl Preferences {
    /// True when `trigger` goes to `channel`.
    pub fn wants(&self, channel: Channel, trigger: Trigger) -> bool {
        match channel {
            Channel::Email => &self.email,
            Channel::Sms => &self.sms,
            Channel::Webhook => &self.webhook,
        }
        .contains(&trigger)
    }
}

/// The restraint rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// At most this many notifications per shipment per channel in 24 hours.
    pub per_shipment_daily: usize,
    /// At most this many per buyer per channel in 24 hours (over all their parcels).
    pub per_buyer_daily: usize,
    /// A notification that is not urgent waits this long after the last one of the shipment
    /// on that channel.
    pub min_gap: Duration,
    /// The buyer's quiet hours, in their time: from `quiet_from` to `quiet_until`.
    pub quiet_from: NaiveTime,
    /// When quiet hours end.
    pub quiet_until: NaiveTime,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            per_shipment_daily: 4,
            per_buyer_daily: 8,
            min_gap: Duration::hours(2),
            quiet_from: NaiveTime::from_hms_opt(21, 0, 0).unwrap_or_default(),
            quiet_until: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
        }
    }
}

/// A notification sent (or handed to its provider) already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    /// The shipment (`carrier:number`).
    pub shipment: String,
    /// Which channel.
    pub channel: Channel,
    /// Its idempotency key ([`key`]).
    pub key: String,
    /// When (ms since the epoch).
    pub at: i64,
}

/// The idempotency key of `candidate` for `shipment` on `channel`: the same moment's same
/// trigger is one notification, however many times it is planned, retried or replayed.
pub fn key(shipment: &str, channel: Channel, candidate: &Candidate) -> String {
    format!(
        "{shipment}|{}|{}|{}",
        channel.as_str(),
        candidate.trigger.as_str(),
        candidate.about
    )
}

/// What to do with a candidate on a channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Send it now.
    Send,
    /// Plan it again at `until` (ms since the epoch): the minimum gap or quiet hours.
    Defer {
        /// When.
        until: i64,
    },
    /// Not at all, because of `reason`.
    Skip {
        /// Why.
        reason: Skip,
    },
}

/// Why a candidate is not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// It was sent already.
    Duplicate,
    /// A more important one goes instead.
    Collapsed,
    /// The shipment had its share today.
    ShipmentCap,
    /// The buyer had their share today.
    BuyerCap,
}

/// One decision: a candidate on a channel, its key and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The channel.
    pub channel: Channel,
    /// What.
    pub candidate: Candidate,
    /// Its idempotency key.
    pub key: String,
    /// What to do.
    pub outcome: Outcome,
}

/// Decides each candidate of `shipment` (of a buyer whose other notifications are in
/// `buyer_history`, this shipment's included) on each channel the buyer can be reached on
/// (`channels`) and the merchant wants it on, at `now`, the buyer `offset` from UTC.
///
/// Per channel: a key sent already is a duplicate; of the rest only the most important goes
/// (the others collapse into it); it is skipped past a daily cap; an urgent one goes at once,
/// another waits for the minimum gap; quiet hours defer all but "out for delivery" (the
/// merchant's webhook keeps no hours: its own system does).
#[allow(clippy::too_many_arguments)] // each is a separate fact the edge brings
pub fn plan(
    shipment: &str,
    candidates: &[Candidate],
    channels: &[Channel],
    preferences: &Preferences,
    rules: &Rules,
    buyer_history: &[Sent],
    offset: FixedOffset,
    now: DateTime<Utc>,
) -> Vec<Decision> {
    let now_ms = now.timestamp_millis();
    let day_ago = now_ms - Duration::days(1).num_milliseconds();
    let mut decisions = Vec::new();
    for &channel in Channel::ALL.iter().filter(|c| channels.contains(c)) {
        let sent_here: Vec<&Sent> = buyer_history
            .iter()
            .filter(|s| s.channel == channel)
            .collect();
        let mut wanted: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| preferences.wants(channel, c.trigger))
            .collect();
        wanted.sort_by_key(|c| std::cmp::Reverse(c.trigger.rank()));
        let mut chosen = false;
        for candidate in wanted {
            let key = key(shipment, channel, candidate);
            let outcome = if sent_here.iter().any(|s| s.key == key) {
                Outcome::Skip {
                    reason: Skip::Duplicate,
                }
            } else if chosen {
                Outcome::Skip {
                    reason: Skip::Collapsed,
                }
            } else {
                chosen = true;
                let at = Moment {
                    now_ms,
                    day_ago,
                    offset,
                };
                decide(shipment, channel, candidate.trigger, &sent_here, rules, at)
            };
            decisions.push(Decision {
                channel,
                candidate: candidate.clone(),
                key,
                outcome,
            });
        }
    }
    decisions
}

/// When a plan is made: now and a day ago (ms), and the buyer's offset from UTC.
struct Moment {
    now_ms: i64,
    day_ago: i64,
    offset: FixedOffset,
}

/// The outcome for the one candidate chosen on a channel.
fn decide(
    shipment: &str,
    channel: Channel,
    trigger: Trigger,
    sent_here: &[&Sent],
    rules: &Rules,
    at: Moment,
) -> Outcome {
    let Moment {
        now_ms,
        day_ago,
        offset,
    } = at;
    let today: Vec<&&Sent> = sent_here.iter().filter(|s| s.at > day_ago).collect();
    let shipment_today = today.iter().filter(|s| s.shipment == shipment).count();
    if shipment_today >= rules.per_shipment_daily {
        return Outcome::Skip {
            reason: Skip::ShipmentCap,
        };
    }
    if today.len() >= rules.per_buyer_daily {
        return Outcome::Skip {
            reason: Skip::BuyerCap,
        };
    }
    let mut until = now_ms;
    if !trigger.urgent() {
        if let Some(last) = sent_here
            .iter()
            .filter(|s| s.shipment == shipment)
            .map(|s| s.at)
            .max()
        {
            until = until.max(last + rules.min_gap.num_milliseconds());
        }
    }
    if !trigger.skips_quiet_hours() && channel != Channel::Webhook {
        until = quiet_end(until, rules, offset);
    }
    if until > now_ms {
        Outcome::Defer { until }
    } else {
        Outcome::Send
    }
}

/// `at` (ms), or the end of the quiet hours it falls in, in the buyer's time.
fn quiet_end(at: i64, rules: &Rules, offset: FixedOffset) -> i64 {
    let Some(utc) = DateTime::from_timestamp_millis(at) else {
        return at;
    };
    let local = utc.with_timezone(&offset);
    let time = local.time();
    let (from, until) = (rules.quiet_from, rules.quiet_until);
    let quiet = if from <= until {
        time >= from && time < until
    } else {
        time >= from || time < until
    };
    if !quiet {
        return at;
    }
    // The next `until` in the buyer's time: today's, or tomorrow's.
    let mut end = local
        .with_hour(until.hour())
        .and_then(|t| t.with_minute(until.minute()))
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(local);
    if end <= local {
        end += Duration::days(1);
    }
    end.timestamp_millis()
}

#[cfg(test)]
mod tests;
