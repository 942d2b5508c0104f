//! English: the reference table every other language follows (same keys, same placeholders).
//!
//! Placeholders: `{days}` and `{date}` (scan-gap notice), `{reason}` (delay notice: a substatus
//! label), `{carrier}` and `{time}` (stale notice, carrier page link).

use super::{Key, Mail, Ui};
use crate::model::{Milestone as M, NoticeKind as N, Status as S, Substatus as Sub};

/// (label, explanation) for `key`.
pub(super) fn text(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::Status(s) => match s {
            S::Pending => ("Waiting for the carrier", "The carrier has no information yet. Tracking usually starts a few hours after the label is printed."),
            S::InfoReceived => ("Label created", "The seller is preparing your parcel. The carrier will scan it when they pick it up."),
            S::InTransit => ("In transit", "Your parcel is moving through the carrier's network."),
            S::OutForDelivery => ("Out for delivery", "Your parcel is on the delivery vehicle and should arrive today."),
            S::FailedAttempt => ("Delivery attempted", "The courier could not deliver. They usually try again the next working day, or you can arrange a redelivery with the carrier."),
            S::AvailableForPickup => ("Ready for pickup", "Your parcel is waiting at a pickup point or locker. Bring ID or your pickup code."),
            S::Delivered => ("Delivered", "Your parcel has been delivered."),
            S::Exception => ("Needs attention", "Something unexpected happened to your parcel. See the latest update for what to do."),
            S::Expired => ("Tracking ended", "There has been no news for a long time, so tracking has stopped. Contact the store if the parcel has not arrived."),
        },
        Key::Substatus(s) => match s {
            Sub::PickedUp => ("Picked up by the carrier", "The carrier has your parcel."),
            Sub::Departed => ("Left the facility", "Your parcel is on its way to the next stop."),
            Sub::Arrived => ("Arrived at a facility", "Your parcel reached a sorting centre, airport or port."),
            Sub::HandedOver => ("Handed to the local carrier", "A local carrier takes over for the last part of the journey."),
            Sub::CustomsProcessing => ("Going through customs", "Customs is checking your parcel. This is normal for international shipments and usually takes 1 to 5 days."),
            Sub::CustomsCleared => ("Cleared customs", "Customs has released your parcel."),
            Sub::CustomsHeld => ("Held by customs", "Customs needs documents or import duties before it releases your parcel. Look for a message from the carrier, or contact the store."),
            Sub::DelayedWeather => ("Delayed by weather", "Bad weather is slowing deliveries in the area. Your parcel will move again as soon as it is safe."),
            Sub::DelayedVolume => ("Delayed by high volume", "The carrier is handling more parcels than usual, so yours may take a day or two longer."),
            Sub::DelayedOther => ("Delayed", "The carrier reports a delay. Your parcel is still on its way."),
            Sub::AddressProblem => ("Address problem", "The carrier could not deliver to the address given. Contact the store or the carrier to correct it."),
            Sub::RecipientUnavailable => ("Nobody was home", "The courier will try again, or leave a notice saying where to collect your parcel."),
            Sub::Refused => ("Refused", "The parcel was refused at delivery and will go back to the sender."),
            Sub::ReturningToSender => ("Returning to the sender", "Your parcel is on its way back to the seller. Contact the store about a refund or a new delivery."),
            Sub::ReturnedToSender => ("Returned to the sender", "The seller has your parcel back. Contact the store about a refund or a new delivery."),
            Sub::Lost => ("Lost by the carrier", "The carrier cannot find your parcel. Contact the store: they can claim it and send a replacement or refund you."),
            Sub::Damaged => ("Damaged", "Your parcel was damaged on the way. Contact the store about a replacement."),
            Sub::Cancelled => ("Shipment cancelled", "The seller cancelled this shipment. Contact the store if you did not expect this."),
            Sub::PickupReady => ("Ready to collect", "Your parcel is waiting for you. Bring ID or your pickup code."),
            Sub::DeliveredToRecipient => ("Handed to you", "The courier handed the parcel over in person."),
            Sub::DeliveredSafePlace => ("Left in a safe place", "The courier left the parcel at your door, in your mailbox or with a neighbour."),
            Sub::CollectedFromPickup => ("Collected", "The parcel was collected from the pickup point."),
        },
        Key::Milestone(m) => match m {
            M::InfoReceived => ("Ordered", "The seller created the shipping label."),
            M::PickedUp => ("Picked up", "The carrier has the parcel."),
            M::InTransit => ("In transit", "The parcel is travelling to you."),
            M::Customs => ("Customs", "The parcel is cleared for import."),
            M::OutForDelivery => ("Out for delivery", "The parcel is on the delivery vehicle."),
            M::Delivered => ("Delivered", "The parcel has arrived."),
            M::Returned => ("Return to sender", "The parcel goes back to the seller instead of to you."),
        },
        Key::Notice(n) => match n {
            N::ScanGap => ("No new scan for {days} days", "That is normal while a parcel travels between countries: it is scanned again when it reaches the destination country. If there is still no news by {date}, contact the store."),
            N::CustomsHold => ("Held by customs", "Customs needs documents or import duties before it releases your parcel. Look for a message from the carrier, or contact the store if none arrives."),
            N::Delay => ("Your parcel is delayed", "The carrier reports: {reason}. Your parcel is still on its way."),
            N::Stale => ("May not be up to date", "We cannot reach {carrier} right now, so this is what it said as of {time}. We will update it as soon as we can."),
        },
        Key::Ui(u) => ui(u),
        Key::Mail(m) => match m {
            Mail::TrackParcel => ("Track your parcel", ""),
            Mail::WhyThisMessage => ("You are receiving this because you ordered from {merchant}.", ""),
            Mail::Unsubscribe => ("Unsubscribe from these updates", ""),
            Mail::Unsubscribed => ("You will get no more updates about this order.", ""),
        },
    }
}

/// (label, explanation) for a widget message: separate, so the widget links only these.
pub(super) fn ui(u: Ui) -> (&'static str, &'static str) {
    match u {
        Ui::Loading => ("Loading tracking…", ""),
        Ui::NoNumber => ("No tracking number", "This page did not say which parcel to track."),
        Ui::NotFound => ("No news yet", "The carrier has no information on this parcel yet. Tracking usually starts a few hours after the label is printed: please check again later."),
        Ui::BadNumber => ("Not a tracking number", "Please check the number: tracking numbers have only letters and digits."),
        Ui::Unavailable => ("Tracking is unavailable", "We cannot reach the carrier right now. Please try again in a few minutes."),
        Ui::Offline => ("You are offline", "Reconnect to the internet to see the latest updates."),
        Ui::EstimatedDelivery => ("Estimated delivery", ""),
        Ui::EtaFromCarrier => ("The carrier's estimate", "This is the date the carrier gives for your parcel."),
        Ui::EtaPredicted => ("Our estimate", "Predicted from how long similar parcels took on this route."),
        Ui::EtaConfidenceHigh => ("High confidence", ""),
        Ui::EtaConfidenceMedium => ("Medium confidence", ""),
        Ui::EtaConfidenceLow => ("Low confidence", ""),
        Ui::History => ("Tracking history", ""),
        Ui::Progress => ("Progress", ""),
        Ui::CarrierPage => ("Track on the {carrier} website", ""),
        Ui::ShowAll => ("Show all updates", ""),
        Ui::ShowFewer => ("Show fewer updates", ""),
        Ui::LastUpdate => ("Last update", ""),
        Ui::NewUpdate => ("New update", "Your parcel's tracking just changed."),
        Ui::Route => ("Route", ""),
        Ui::FindOrder => ("Find your order", "Enter your order number and the email you used when ordering."),
        Ui::OrderNumber => ("Order number", ""),
        Ui::Email => ("Email", ""),
        Ui::Find => ("Find", ""),
        Ui::OrderNotFound => ("No order found", "We could not find an order with that number and email. Please check both and try again."),
    }
}
