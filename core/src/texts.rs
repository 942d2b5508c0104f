//! The words a buyer reads: a short label for every status, substatus and milestone.
//!
//! English only for now; every text is looked up through [`Lang`] so that more languages are
//! added here, as tables, without touching callers.

use crate::model::{Milestone, Status, Substatus};

/// A language buyers can read the widget in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
}

impl Lang {
    /// Picks the best language for a BCP 47 list such as `Accept-Language` or
    /// `navigator.languages`; English when nothing matches.
    pub fn negotiate<'a>(_preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        Lang::En
    }

    /// The BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
        }
    }
}

/// The main status in a few words ("In transit").
pub fn status_label(_lang: Lang, status: Status) -> &'static str {
    match status {
        Status::Pending => "Waiting for the carrier",
        Status::InfoReceived => "Label created",
        Status::InTransit => "In transit",
        Status::OutForDelivery => "Out for delivery",
        Status::FailedAttempt => "Delivery attempted",
        Status::AvailableForPickup => "Ready for pickup",
        Status::Delivered => "Delivered",
        Status::Exception => "Needs attention",
        Status::Expired => "Tracking ended",
    }
}

/// The detail in a few words ("Held by customs").
pub fn substatus_label(_lang: Lang, substatus: Substatus) -> &'static str {
    match substatus {
        Substatus::PickedUp => "Picked up by the carrier",
        Substatus::Departed => "Left the facility",
        Substatus::Arrived => "Arrived at a facility",
        Substatus::CustomsProcessing => "Going through customs",
        Substatus::CustomsCleared => "Cleared customs",
        Substatus::CustomsHeld => "Held by customs",
        Substatus::DelayedWeather => "Delayed by weather",
        Substatus::DelayedVolume => "Delayed by high volume",
        Substatus::DelayedOther => "Delayed",
        Substatus::AddressProblem => "Address problem",
        Substatus::RecipientUnavailable => "Nobody was home",
        Substatus::Refused => "Refused by the recipient",
        Substatus::ReturningToSender => "Returning to the sender",
        Substatus::ReturnedToSender => "Returned to the sender",
        Substatus::Lost => "Lost by the carrier",
        Substatus::Damaged => "Damaged",
        Substatus::PickupReady => "Ready to collect",
        Substatus::DeliveredToRecipient => "Handed to the recipient",
        Substatus::DeliveredSafePlace => "Left in a safe place",
    }
}

/// What an event says: the substatus when there is one, else the status.
pub fn event_text(lang: Lang, status: Status, substatus: Option<Substatus>) -> &'static str {
    substatus.map_or_else(|| status_label(lang, status), |s| substatus_label(lang, s))
}

/// A milestone of the progress bar in one or two words.
pub fn milestone_label(_lang: Lang, milestone: Milestone) -> &'static str {
    match milestone {
        Milestone::InfoReceived => "Ordered",
        Milestone::PickedUp => "Picked up",
        Milestone::InTransit => "In transit",
        Milestone::Customs => "Customs",
        Milestone::OutForDelivery => "Out for delivery",
        Milestone::Delivered => "Delivered",
    }
}
