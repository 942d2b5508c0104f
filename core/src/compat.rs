//! Compatibility with AfterShip and 17TRACK: how each Trackline status and substatus maps to
//! AfterShip's tag/subtag and 17TRACK's main and sub-status, so merchants moving over keep their
//! reports and automations. `docs/status-mapping.md` is generated from this table (a test keeps
//! it current).

use crate::model::{Status, Substatus};

/// AfterShip's `tag` and `subtag` for a Trackline status and substatus.
pub fn aftership(status: Status, substatus: Option<Substatus>) -> (&'static str, &'static str) {
    use Status as S;
    use Substatus as Sub;
    match (status, substatus) {
        (S::Pending, _) => ("Pending", "Pending_001"),
        (S::InfoReceived, _) => ("InfoReceived", "InfoReceived_001"),
        (S::InTransit, Some(Sub::PickedUp)) => ("InTransit", "InTransit_002"),
        (S::InTransit, Some(Sub::Arrived)) => ("InTransit", "InTransit_003"),
        // AfterShip: InTransit_005 "customs clearance completed", InTransit_006 "started".
        (S::InTransit, Some(Sub::CustomsCleared)) => ("InTransit", "InTransit_005"),
        (S::InTransit, Some(Sub::CustomsProcessing)) => ("InTransit", "InTransit_006"),
        (S::InTransit, Some(Sub::Departed)) => ("InTransit", "InTransit_007"),
        (S::InTransit, Some(Sub::CustomsHeld)) => ("Exception", "Exception_004"),
        (S::InTransit, Some(Sub::DelayedWeather)) => ("Exception", "Exception_017"),
        (S::InTransit, Some(Sub::DelayedVolume | Sub::DelayedOther)) => {
            ("Exception", "Exception_005")
        }
        (S::InTransit, _) => ("InTransit", "InTransit_001"),
        (S::OutForDelivery, _) => ("OutForDelivery", "OutForDelivery_001"),
        (S::FailedAttempt, Some(Sub::AddressProblem)) => ("Exception", "Exception_007"),
        (S::FailedAttempt, _) => ("AttemptFail", "AttemptFail_001"),
        (S::AvailableForPickup, _) => ("AvailableForPickup", "AvailableForPickup_001"),
        (S::Delivered, Some(Sub::CollectedFromPickup)) => ("Delivered", "Delivered_002"),
        (S::Delivered, Some(Sub::DeliveredToRecipient)) => ("Delivered", "Delivered_003"),
        (S::Delivered, _) => ("Delivered", "Delivered_001"),
        (S::Exception, Some(Sub::Refused)) => ("Exception", "Exception_003"),
        (S::Exception, Some(Sub::CustomsHeld | Sub::CustomsProcessing)) => {
            ("Exception", "Exception_004")
        }
        (S::Exception, Some(Sub::DelayedVolume | Sub::DelayedOther)) => {
            ("Exception", "Exception_005")
        }
        (S::Exception, Some(Sub::AddressProblem)) => ("Exception", "Exception_007"),
        (S::Exception, Some(Sub::ReturningToSender)) => ("Exception", "Exception_010"),
        (S::Exception, Some(Sub::ReturnedToSender)) => ("Exception", "Exception_011"),
        (S::Exception, Some(Sub::Damaged)) => ("Exception", "Exception_012"),
        (S::Exception, Some(Sub::Lost)) => ("Exception", "Exception_013"),
        (S::Exception, Some(Sub::DelayedWeather)) => ("Exception", "Exception_017"),
        (S::Exception, _) => ("Exception", "Exception_001"),
        (S::Expired, _) => ("Expired", "Expired_001"),
    }
}

/// 17TRACK's main status and sub-status (API v2) for a Trackline status and substatus.
pub fn seventeen_track(
    status: Status,
    substatus: Option<Substatus>,
) -> (&'static str, &'static str) {
    use Status as S;
    use Substatus as Sub;
    match (status, substatus) {
        (S::Pending, _) => ("NotFound", "NotFound_Other"),
        (S::InfoReceived, _) => ("InfoReceived", "InfoReceived"),
        (S::InTransit, Some(Sub::PickedUp)) => ("InTransit", "InTransit_PickedUp"),
        (S::InTransit, Some(Sub::Departed)) => ("InTransit", "InTransit_Departure"),
        (S::InTransit, Some(Sub::Arrived)) => ("InTransit", "InTransit_Arrival"),
        (S::InTransit, Some(Sub::CustomsProcessing)) => {
            ("InTransit", "InTransit_CustomsProcessing")
        }
        (S::InTransit, Some(Sub::CustomsCleared)) => ("InTransit", "InTransit_CustomsReleased"),
        (S::InTransit, Some(Sub::CustomsHeld)) => {
            ("InTransit", "InTransit_CustomsRequiringInformation")
        }
        (S::InTransit, Some(Sub::DelayedWeather | Sub::DelayedVolume | Sub::DelayedOther)) => {
            ("Exception", "Exception_Delayed")
        }
        (S::InTransit, _) => ("InTransit", "InTransit_Other"),
        (S::OutForDelivery, _) => ("OutForDelivery", "OutForDelivery_Other"),
        (S::FailedAttempt, Some(Sub::RecipientUnavailable)) => {
            ("DeliveryFailure", "DeliveryFailure_NoBody")
        }
        (S::FailedAttempt, Some(Sub::AddressProblem)) => {
            ("DeliveryFailure", "DeliveryFailure_InvalidAddress")
        }
        (S::FailedAttempt, Some(Sub::Refused)) => ("DeliveryFailure", "DeliveryFailure_Rejected"),
        (S::FailedAttempt, _) => ("DeliveryFailure", "DeliveryFailure_Other"),
        (S::AvailableForPickup, _) => ("AvailableForPickup", "AvailableForPickup_Other"),
        (S::Delivered, _) => ("Delivered", "Delivered_Other"),
        (S::Exception, Some(Sub::ReturningToSender)) => ("Exception", "Exception_Returning"),
        (S::Exception, Some(Sub::ReturnedToSender)) => ("Exception", "Exception_Returned"),
        (S::Exception, Some(Sub::RecipientUnavailable)) => ("Exception", "Exception_NoBody"),
        (S::Exception, Some(Sub::Damaged)) => ("Exception", "Exception_Damage"),
        (S::Exception, Some(Sub::Refused)) => ("Exception", "Exception_Rejected"),
        (S::Exception, Some(Sub::DelayedWeather | Sub::DelayedVolume | Sub::DelayedOther)) => {
            ("Exception", "Exception_Delayed")
        }
        (S::Exception, Some(Sub::Lost)) => ("Exception", "Exception_Lost"),
        (S::Exception, Some(Sub::Cancelled)) => ("Exception", "Exception_Cancel"),
        (S::Exception, Some(Sub::CustomsHeld)) => {
            ("InTransit", "InTransit_CustomsRequiringInformation")
        }
        (S::Exception, _) => ("Exception", "Exception_Other"),
        (S::Expired, _) => ("Expired", "Expired_Other"),
    }
}

/// The main statuses a substatus appears under, for the documentation table.
pub fn statuses_of(substatus: Substatus) -> &'static [Status] {
    use Status as S;
    use Substatus as Sub;
    match substatus {
        Sub::PickedUp
        | Sub::Departed
        | Sub::Arrived
        | Sub::HandedOver
        | Sub::CustomsProcessing
        | Sub::CustomsCleared => &[S::InTransit],
        Sub::CustomsHeld | Sub::DelayedWeather | Sub::DelayedVolume | Sub::DelayedOther => {
            &[S::InTransit, S::Exception]
        }
        Sub::AddressProblem | Sub::RecipientUnavailable | Sub::Refused => {
            &[S::FailedAttempt, S::Exception]
        }
        Sub::ReturningToSender
        | Sub::ReturnedToSender
        | Sub::Lost
        | Sub::Damaged
        | Sub::Cancelled => &[S::Exception],
        Sub::PickupReady => &[S::AvailableForPickup],
        Sub::DeliveredToRecipient | Sub::DeliveredSafePlace | Sub::CollectedFromPickup => {
            &[S::Delivered]
        }
    }
}

/// The mapping as a Markdown document (the content of `docs/status-mapping.md`).
pub fn mapping_markdown() -> String {
    let mut out = String::from(
        "<!-- Generated from core/src/compat.rs by its tests (UPDATE_DOCS=1 cargo test -p trackline-core): do not edit. -->\n\
         # Status mapping: Trackline, AfterShip, 17TRACK\n\n\
         Trackline's `status` (9 values) and `substatus` map to AfterShip's `tag`/`subtag` and to\n\
         17TRACK's (API v2) main status and sub-status as below. A substatus appears under the main\n\
         statuses listed; `-` means the status alone.\n\n\
         | status | substatus | AfterShip tag | AfterShip subtag | 17TRACK status | 17TRACK sub-status |\n\
         |---|---|---|---|---|---|\n",
    );
    let mut row = |status: Status, substatus: Option<Substatus>| {
        let (tag, subtag) = aftership(status, substatus);
        let (main, sub) = seventeen_track(status, substatus);
        let substatus = substatus.map_or("-".to_owned(), |s| format!("`{}`", s.as_str()));
        out.push_str(&format!(
            "| `{}` | {substatus} | {tag} | {subtag} | {main} | {sub} |\n",
            status.as_str()
        ));
    };
    for status in Status::ALL {
        row(status, None);
        for substatus in Substatus::ALL
            .into_iter()
            .filter(|s| statuses_of(*s).contains(&status))
        {
            row(status, Some(substatus));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published table is this module's table: regenerate with `UPDATE_DOCS=1`.
    #[test]
    fn docs_status_mapping_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/status-mapping.md");
        let fresh = mapping_markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &fresh).unwrap();
        }
        let published = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            published == fresh,
            "docs/status-mapping.md is out of date: run UPDATE_DOCS=1 cargo test -p trackline-core"
        );
    }

    #[test]
    fn every_combination_maps_into_their_vocabularies() {
        let aftership_tags = [
            "Pending",
            "InfoReceived",
            "InTransit",
            "OutForDelivery",
            "AttemptFail",
            "AvailableForPickup",
            "Delivered",
            "Exception",
            "Expired",
        ];
        let seventeen = [
            "NotFound",
            "InfoReceived",
            "InTransit",
            "OutForDelivery",
            "DeliveryFailure",
            "AvailableForPickup",
            "Delivered",
            "Exception",
            "Expired",
        ];
        for status in Status::ALL {
            let subs = Substatus::ALL
                .into_iter()
                .filter(|s| statuses_of(*s).contains(&status))
                .map(Some);
            for substatus in std::iter::once(None).chain(subs) {
                let (tag, subtag) = aftership(status, substatus);
                assert!(
                    aftership_tags.contains(&tag) && subtag.starts_with(tag),
                    "{status:?} {substatus:?}"
                );
                let (main, sub) = seventeen_track(status, substatus);
                assert!(
                    seventeen.contains(&main) && sub.starts_with(main),
                    "{status:?} {substatus:?}"
                );
            }
        }
    }

    #[test]
    fn a_delivered_parcel_is_delivered_everywhere() {
        for substatus in [
            None,
            Some(Substatus::DeliveredSafePlace),
            Some(Substatus::CollectedFromPickup),
        ] {
            assert_eq!(aftership(Status::Delivered, substatus).0, "Delivered");
            assert_eq!(seventeen_track(Status::Delivered, substatus).0, "Delivered");
        }
    }
}
