//! What a carrier's status code means for one event, refined by the carrier's words. Shared by
//! the UPS, FedEx and USPS connectors: their codes range from exact ("delivered, left with
//! individual") to coarse (UPS's "I" for anything on the way), and their English wording of
//! reasons (receiver not available, released by customs, left at the front door) is close
//! enough to read with one phrase table before the general [`keywords`].

use super::keywords;
use crate::compat::statuses_of;
use crate::model::{Status, Substatus};

/// What a carrier's code says about an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// The code says this. When it names no substatus, the words may add one that fits the
    /// status (a delivery exception "refused by recipient" stays a failed attempt, now refused).
    Exact(Status, Option<Substatus>),
    /// The code is coarse (UPS "X", FedEx "SE"): words that mean something take over; otherwise
    /// this status and substatus.
    Coarse(Status, Option<Substatus>),
}

/// The status and substatus of an event from its code's meaning (if the code is known) and the
/// carrier's words. Unknown codes fall back to the words, then to "in transit"; never fails.
pub(crate) fn resolve(meaning: Option<Meaning>, words: &str) -> (Status, Option<Substatus>) {
    let guess = classify(words);
    match meaning {
        Some(Meaning::Exact(status, Some(sub))) => (status, Some(sub)),
        Some(Meaning::Exact(status, None)) => match guess {
            Some((_, Some(sub))) if fits(status, sub) => (status, Some(sub)),
            _ => (status, None),
        },
        Some(Meaning::Coarse(status, sub)) => keywords::refine((status, sub), guess),
        None => guess.unwrap_or((Status::InTransit, None)),
    }
}

/// True when `substatus` may appear under `status` (see `docs/status-mapping.md`).
pub(crate) fn fits(status: Status, substatus: Substatus) -> bool {
    statuses_of(substatus).contains(&status)
}

/// The status the words mean: the US carriers' phrases first, then the general keywords.
pub(crate) fn classify(words: &str) -> Option<(Status, Option<Substatus>)> {
    let lower = words.to_lowercase();
    PHRASES
        .iter()
        .find(|(phrases, _, _)| phrases.iter().any(|p| lower.contains(p)))
        .map(|(_, status, sub)| (*status, *sub))
        .or_else(|| keywords::classify(words))
}

use Status as S;
use Substatus as Sub;

type Phrase = (&'static [&'static str], Status, Option<Substatus>);

/// Phrases of UPS, FedEx and USPS that [`keywords`] does not read (or reads too generally, such
/// as "left" for departed in "left at front door"). First match wins: specific before general.
static PHRASES: &[Phrase] = &[
    // Returns.
    (
        &[
            "to original sender",
            "delivered to shipper",
            "returned to shipper",
        ],
        S::Exception,
        Some(Sub::ReturnedToSender),
    ),
    (
        &[
            "returning to shipper",
            "return to shipper",
            "will be returned",
            "being returned",
            "return to sender",
        ],
        S::Exception,
        Some(Sub::ReturningToSender),
    ),
    (
        &["cancelled", "canceled", "voided", "customer recall"],
        S::Exception,
        Some(Sub::Cancelled),
    ),
    // Customs: released, held, in progress.
    (
        &[
            "out of customs",
            "released by the customs",
            "released from customs",
            "international shipment release",
            "cleared customs",
            "customs cleared",
            "clearance complete",
        ],
        S::InTransit,
        Some(Sub::CustomsCleared),
    ),
    (
        &[
            "clearance delay",
            "held in customs",
            "held by customs",
            "customs delay",
            "held for customs",
            "import documentation required",
        ],
        S::Exception,
        Some(Sub::CustomsHeld),
    ),
    (
        &[
            "into customs",
            "presented to customs",
            "clearance in progress",
        ],
        S::InTransit,
        Some(Sub::CustomsProcessing),
    ),
    // Failed attempts and their reasons.
    (
        &[
            "insufficient address",
            "incorrect address",
            "address is incorrect",
            "no such number",
            "addressee unknown",
            "undeliverable as addressed",
            "moved, left no address",
            "unable to locate the address",
        ],
        S::FailedAttempt,
        Some(Sub::AddressProblem),
    ),
    (
        &[
            "customer not available",
            "receiver was not available",
            "receiver not available",
            "recipient was not available",
            "business closed",
            "business was closed",
            "no authorized recipient",
            "no secure location",
        ],
        S::FailedAttempt,
        Some(Sub::RecipientUnavailable),
    ),
    (
        &["no access to delivery location", "receptacle"],
        S::FailedAttempt,
        None,
    ),
    (
        &["notice left"],
        S::FailedAttempt,
        Some(Sub::RecipientUnavailable),
    ),
    // Handed in by the shipper (before "access point": "Dropped off at UPS Access Point").
    (
        &["drop-off", "dropped off", "origin acceptance"],
        S::InTransit,
        Some(Sub::PickedUp),
    ),
    // Collection points.
    (
        &[
            "picked up at post office",
            "picked up at the post office",
            "picked up by customer",
            "picked up by agent",
            "collected by the customer",
            "picked up from the ups access point",
        ],
        S::Delivered,
        Some(Sub::CollectedFromPickup),
    ),
    (
        &[
            "awaiting customer pickup",
            "ready for recipient pickup",
            "held for pickup",
            "hold at location",
            "access point",
            "arrival at pickup point",
        ],
        S::AvailableForPickup,
        Some(Sub::PickupReady),
    ),
    // Delivered, and where.
    (
        &[
            "neighbor",
            "neighbour",
            "in/at mailbox",
            "mailbox",
            "front door",
            "back door",
            "side door",
            "porch",
            "garage",
            "front desk",
            "mail room",
            "mailroom",
            "receptionist",
            "po box",
            "delivered, parcel locker",
            "left at",
            "safe place",
        ],
        S::Delivered,
        Some(Sub::DeliveredSafePlace),
    ),
    (
        &["left with individual", "signed for by"],
        S::Delivered,
        Some(Sub::DeliveredToRecipient),
    ),
    // Out for delivery.
    (
        &[
            "loaded on delivery vehicle",
            "on fedex vehicle for delivery",
            "out for delivery",
        ],
        S::OutForDelivery,
        None,
    ),
    // Delays.
    (
        &["high package volume", "volume", "capacity"],
        S::InTransit,
        Some(Sub::DelayedVolume),
    ),
    (
        &[
            "rescheduled",
            "delivery date has been updated",
            "delivery date has changed",
            "delivery status not updated",
            "missent",
            "mis-shipped",
            "missort",
            "running late",
            "arriving late",
            "late flight",
        ],
        S::InTransit,
        Some(Sub::DelayedOther),
    ),
    // Movement the keywords do not know.
    (
        &["origin scan", "in possession"],
        S::InTransit,
        Some(Sub::PickedUp),
    ),
    (
        &["destination scan", "import scan"],
        S::InTransit,
        Some(Sub::Arrived),
    ),
    (&["export scan"], S::InTransit, Some(Sub::Departed)),
    // Labels.
    (
        &[
            "created a label",
            "shipment information sent",
            "pre-shipment",
            "awaiting item",
            "ready for ups",
        ],
        S::InfoReceived,
        None,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_codes_take_only_a_fitting_substatus_from_the_words() {
        let exact = |s, sub| Some(Meaning::Exact(s, sub));
        let cases = [
            (
                exact(S::FailedAttempt, None),
                "Delivery exception: Customer not available or business closed",
                (S::FailedAttempt, Some(Sub::RecipientUnavailable)),
            ),
            (
                exact(S::FailedAttempt, None),
                "Delivery exception: Refused by recipient",
                (S::FailedAttempt, Some(Sub::Refused)),
            ),
            (
                exact(S::Delivered, None),
                "Delivered, Front Door/Porch",
                (S::Delivered, Some(Sub::DeliveredSafePlace)),
            ),
            (
                exact(S::Delivered, None),
                "Delivered, Parcel Locker",
                (S::Delivered, Some(Sub::DeliveredSafePlace)),
            ),
            (exact(S::Delivered, None), "Delivered", (S::Delivered, None)),
            // Words that do not fit the code's status are ignored.
            (
                exact(S::InTransit, None),
                "Delivered, Left with Individual",
                (S::InTransit, None),
            ),
            (
                exact(S::InTransit, Some(Sub::Departed)),
                "Arrived at facility",
                (S::InTransit, Some(Sub::Departed)),
            ),
        ];
        for (meaning, words, expected) in cases {
            assert_eq!(resolve(meaning, words), expected, "{words}");
        }
    }

    #[test]
    fn coarse_and_unknown_codes_follow_the_words() {
        let cases = [
            (
                Some(Meaning::Coarse(S::Exception, None)),
                "The receiver was not available for delivery. We'll make a second attempt the next business day.",
                (S::FailedAttempt, Some(Sub::RecipientUnavailable)),
            ),
            (
                Some(Meaning::Coarse(S::Exception, None)),
                "Your package was released by the customs agency.",
                (S::InTransit, Some(Sub::CustomsCleared)),
            ),
            (
                Some(Meaning::Coarse(S::Exception, None)),
                "Something happened",
                (S::Exception, None),
            ),
            (
                Some(Meaning::Coarse(S::InTransit, None)),
                "Out For Delivery Today",
                (S::OutForDelivery, None),
            ),
            (
                None,
                "Notice Left (Receptacle Full/Item Oversized)",
                (S::FailedAttempt, None),
            ),
            (
                None,
                "Delivered, To Original Sender",
                (S::Exception, Some(Sub::ReturnedToSender)),
            ),
            (
                None,
                "Inbound Out of Customs",
                (S::InTransit, Some(Sub::CustomsCleared)),
            ),
            (None, "Processing at UPS Facility", (S::InTransit, None)),
        ];
        for (meaning, words, expected) in cases {
            assert_eq!(resolve(meaning, words), expected, "{words}");
        }
    }
}
