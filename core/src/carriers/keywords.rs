//! Status from the carrier's own words, for carriers whose status codes are coarse (DHL says
//! "transit" for everything from pickup to the delivery van). Matches lower-case English
//! phrases and common Chinese ones; the first rule that matches wins, so specific phrases come
//! before general ones.

use crate::compat::statuses_of;
use crate::model::{Status, Substatus};

/// One rule: any of these phrases means this status and substatus.
struct Rule {
    phrases: &'static [&'static str],
    status: Status,
    substatus: Option<Substatus>,
}

const fn rule(
    phrases: &'static [&'static str],
    status: Status,
    substatus: Option<Substatus>,
) -> Rule {
    Rule {
        phrases,
        status,
        substatus,
    }
}

use Status as S;
use Substatus as Sub;

static RULES: &[Rule] = &[
    rule(
        &[
            "returned to sender",
            "returned to shipper",
            "back to the sender",
            "back to sender",
            "back to the shipper",
            "已退回",
            "退回妥投",
        ],
        S::Exception,
        Some(Sub::ReturnedToSender),
    ),
    rule(
        &[
            "return to sender",
            "returning to sender",
            "being returned",
            "退回",
            "退件",
        ],
        S::Exception,
        Some(Sub::ReturningToSender),
    ),
    rule(
        &["refused", "rejected by the recipient", "拒收"],
        S::Exception,
        Some(Sub::Refused),
    ),
    rule(
        &["lost", "cannot be located", "丢失", "遗失"],
        S::Exception,
        Some(Sub::Lost),
    ),
    rule(&["damaged", "破损"], S::Exception, Some(Sub::Damaged)),
    rule(
        &[
            "held by customs",
            "customs hold",
            "held in customs",
            "duties unpaid",
            "import duties",
            "海关扣留",
            "扣关",
        ],
        S::Exception,
        Some(Sub::CustomsHeld),
    ),
    rule(
        &[
            "clearance processing complete",
            "released by customs",
            "customs cleared",
            "cleared customs",
            "清关完成",
            "已清关",
            "海关放行",
        ],
        S::InTransit,
        Some(Sub::CustomsCleared),
    ),
    rule(
        &["customs", "clearance", "清关", "海关"],
        S::InTransit,
        Some(Sub::CustomsProcessing),
    ),
    rule(
        &["weather", "天气"],
        S::InTransit,
        Some(Sub::DelayedWeather),
    ),
    rule(
        &[
            "incorrect address",
            "address incomplete",
            "incomplete address",
            "wrong address",
            "insufficient address",
            "address problem",
            "street number is incorrect",
            "地址不详",
            "地址错误",
        ],
        S::FailedAttempt,
        Some(Sub::AddressProblem),
    ),
    rule(
        &[
            "delivery attempted",
            "attempted delivery",
            "undelivered",
            "not delivered",
            "no one available",
            "nobody",
            "recipient not available",
            "未妥投",
            "无人",
        ],
        S::FailedAttempt,
        Some(Sub::RecipientUnavailable),
    ),
    rule(
        &[
            "ready for pickup",
            "ready for collection",
            "available for pickup",
            "parcel locker",
            "packstation",
            "待取件",
            "快递柜",
            "驿站",
        ],
        S::AvailableForPickup,
        Some(Sub::PickupReady),
    ),
    rule(
        &[
            "out for delivery",
            "with delivery courier",
            "on vehicle for delivery",
            "vehicle for delivery",
            "派送中",
            "派件",
            "正在派送",
        ],
        S::OutForDelivery,
        None,
    ),
    rule(&["delivered", "签收", "妥投"], S::Delivered, None),
    rule(&["delay", "延误"], S::InTransit, Some(Sub::DelayedOther)),
    rule(
        &[
            "picked up",
            "pickup scan",
            "collected",
            "accepted",
            "posting",
            "揽收",
            "揽件",
            "已收件",
        ],
        S::InTransit,
        Some(Sub::PickedUp),
    ),
    rule(
        &["departed", "left", "departure", "发出", "离开"],
        S::InTransit,
        Some(Sub::Departed),
    ),
    rule(
        &["arrived", "arrival", "到达"],
        S::InTransit,
        Some(Sub::Arrived),
    ),
    rule(
        &["handed over", "transferred to", "交给", "转交"],
        S::InTransit,
        Some(Sub::HandedOver),
    ),
    rule(
        &[
            "shipment information received",
            "label created",
            "electronic information",
            "pre-advice",
            "data has been received",
            "已下单",
            "电子信息",
        ],
        S::InfoReceived,
        None,
    ),
];

/// The status and substatus the words most likely mean, if any rule matches.
pub fn classify(carrier_text: &str) -> Option<(Status, Option<Substatus>)> {
    let text = carrier_text.to_lowercase();
    let (status, substatus) = RULES
        .iter()
        .find(|r| r.phrases.iter().any(|p| text.contains(p)))
        .map(|r| (r.status, r.substatus))?;
    // A parcel *held* for a bad address is an exception, not a delivery attempt.
    let held = ["held", "on hold", "滞留"].iter().any(|p| text.contains(p));
    Some(if status == S::FailedAttempt && held {
        (S::Exception, substatus)
    } else {
        (status, substatus)
    })
}

/// The status of an event whose carrier code is coarse (one code for many situations). The
/// words decide, except where they would hide what the code knows:
/// - a plain movement scan ("arrived at the hub") under an exception code (a parcel on its way
///   back is not simply in transit) keeps the exception;
/// - a delivered code stays delivered unless the words say pickup point or return ("Delivered
///   back to the sender" is not a delivery).
pub fn refine(
    coded: (Status, Option<Substatus>),
    words: Option<(Status, Option<Substatus>)>,
) -> (Status, Option<Substatus>) {
    let Some(guess) = words else { return coded };
    let movement = guess.0 == S::InTransit
        && matches!(
            guess.1,
            None | Some(Sub::Arrived | Sub::Departed | Sub::HandedOver | Sub::PickedUp)
        );
    match coded.0 {
        S::Exception if movement => coded,
        S::Delivered => match guess {
            (S::AvailableForPickup | S::Exception, _) => guess,
            (_, Some(sub)) if statuses_of(sub).contains(&S::Delivered) => (S::Delivered, Some(sub)),
            _ => coded,
        },
        _ => guess,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_carriers_words_in_english_and_chinese() {
        let cases = [
            ("With delivery courier", Some((S::OutForDelivery, None))),
            (
                "Shipment picked up",
                Some((S::InTransit, Some(Sub::PickedUp))),
            ),
            (
                "Clearance processing complete at LEIPZIG - GERMANY",
                Some((S::InTransit, Some(Sub::CustomsCleared))),
            ),
            (
                "Customs clearance status updated",
                Some((S::InTransit, Some(Sub::CustomsProcessing))),
            ),
            (
                "The shipment has been returned to sender",
                Some((S::Exception, Some(Sub::ReturnedToSender))),
            ),
            (
                "Delivered - Signed for by: JESSICA",
                Some((S::Delivered, None)),
            ),
            ("【深圳市】快件已发往 【上海转运中心】", None),
            (
                "【深圳市】快件已被 丰巢快递柜 代收",
                Some((S::AvailableForPickup, Some(Sub::PickupReady))),
            ),
            ("已签收，签收人是本人", Some((S::Delivered, None))),
            ("快件正在派送中", Some((S::OutForDelivery, None))),
            ("Processed at LEIPZIG", None),
            (
                "Delivered to address, left at front door",
                Some((S::Delivered, None)),
            ),
            (
                "Undelivered: recipient not available",
                Some((S::FailedAttempt, Some(Sub::RecipientUnavailable))),
            ),
            (
                "Delivered back to the sender",
                Some((S::Exception, Some(Sub::ReturnedToSender))),
            ),
            (
                "Held at facility: address incomplete",
                Some((S::Exception, Some(Sub::AddressProblem))),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(classify(text), expected, "{text}");
        }
    }

    #[test]
    fn coarse_codes_keep_their_status_and_take_fitting_details_from_the_words() {
        let cases = [
            (
                (S::Delivered, None),
                "Delivered back to the sender",
                (S::Exception, Some(Sub::ReturnedToSender)),
            ),
            (
                (S::Exception, None),
                "The shipment arrived at the hub",
                (S::Exception, None),
            ),
            (
                (S::Exception, None),
                "Held at facility: address incomplete",
                (S::Exception, Some(Sub::AddressProblem)),
            ),
            (
                (S::InTransit, None),
                "With delivery courier",
                (S::OutForDelivery, None),
            ),
            (
                (S::Delivered, None),
                "Delivered, left at front door",
                (S::Delivered, None),
            ),
            (
                (S::Exception, None),
                "No words we know",
                (S::Exception, None),
            ),
        ];
        for (coded, text, expected) in cases {
            assert_eq!(refine(coded, classify(text)), expected, "{text}");
        }
    }
}
