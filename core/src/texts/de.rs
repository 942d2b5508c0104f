//! Deutsch (German): follows en.rs key for key.
//!
//! Placeholders: `{days}` and `{date}` (scan-gap notice), `{reason}` (delay notice: a substatus
//! label), `{carrier}` and `{time}` (stale notice, carrier page link).

use super::{Key, Mail, Ui};
use crate::model::{Milestone as M, NoticeKind as N, Status as S, Substatus as Sub};

/// (label, explanation) for `key`.
pub(super) fn text(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::Status(s) => match s {
            S::Pending => ("Warten auf den Paketdienst", "Der Paketdienst hat noch keine Informationen. Sendungsdaten erscheinen oft erst einige Stunden nach dem Druck des Versandetiketts."),
            S::InfoReceived => ("Versandetikett erstellt", "Der Händler hat Ihr Paket vorbereitet. Der Paketdienst scannt es, sobald er es abholt."),
            S::InTransit => ("Unterwegs", "Ihr Paket ist im Netz des Paketdienstes unterwegs."),
            S::OutForDelivery => ("In Zustellung", "Ihr Paket wurde ins Zustellfahrzeug geladen und kommt voraussichtlich heute an."),
            S::FailedAttempt => ("Zustellversuch erfolglos", "Der Zusteller konnte Ihr Paket nicht zustellen. Meist versucht er es am nächsten Werktag erneut, oder Sie vereinbaren mit dem Paketdienst eine neue Zustellung."),
            S::AvailableForPickup => ("Abholbereit", "Ihr Paket liegt an einer Abholstelle oder in einem Paketautomaten für Sie bereit. Bringen Sie Ihren Ausweis oder Ihren Abholcode mit."),
            S::Delivered => ("Zugestellt", "Ihr Paket wurde zugestellt."),
            S::Exception => ("Problem mit der Sendung", "Mit Ihrem Paket ist etwas Unerwartetes passiert. Was Sie tun können, steht in der neuesten Meldung."),
            S::Expired => ("Verfolgung beendet", "Es gibt seit Langem keine neuen Informationen, daher wurde die Sendungsverfolgung beendet. Wenden Sie sich an den Shop, falls das Paket nicht angekommen ist."),
        },
        Key::Substatus(s) => match s {
            Sub::PickedUp => ("Vom Paketdienst abgeholt", "Der Paketdienst hat Ihr Paket übernommen."),
            Sub::Departed => ("Standort verlassen", "Ihr Paket ist auf dem Weg zur nächsten Station."),
            Sub::Arrived => ("An einem Standort eingetroffen", "Ihr Paket ist in einem Sortierzentrum, an einem Flughafen oder in einem Hafen angekommen."),
            Sub::HandedOver => ("An lokalen Zusteller übergeben", "Ein Paketdienst vor Ort übernimmt das letzte Stück des Weges."),
            Sub::CustomsProcessing => ("In der Zollabfertigung", "Der Zoll prüft Ihr Paket. Das ist bei internationalen Sendungen normal und dauert meist 1 bis 5 Tage."),
            Sub::CustomsCleared => ("Vom Zoll freigegeben", "Der Zoll hat Ihr Paket freigegeben."),
            Sub::CustomsHeld => ("Vom Zoll zurückgehalten", "Der Zoll benötigt Unterlagen oder Einfuhrabgaben, bevor er Ihr Paket freigibt. Achten Sie auf eine Nachricht des Paketdienstes oder wenden Sie sich an den Shop."),
            Sub::DelayedWeather => ("Wetterbedingte Verzögerung", "Schlechtes Wetter verlangsamt die Zustellung in der Region. Ihr Paket wird weiterbefördert, sobald es sicher ist."),
            Sub::DelayedVolume => ("Verzögerung durch hohes Paketaufkommen", "Der Paketdienst hat gerade mehr Pakete als üblich zu bearbeiten, daher kann Ihres ein bis zwei Tage länger brauchen."),
            Sub::DelayedOther => ("Verzögerung", "Der Paketdienst meldet eine Verzögerung. Ihr Paket ist weiterhin unterwegs."),
            Sub::AddressProblem => ("Problem mit der Adresse", "Der Paketdienst konnte an die angegebene Adresse nicht zustellen. Wenden Sie sich an den Shop oder den Paketdienst, um sie zu korrigieren."),
            Sub::RecipientUnavailable => ("Niemand angetroffen", "Der Zusteller versucht es erneut oder hinterlässt eine Benachrichtigung, wo Sie Ihr Paket abholen können."),
            Sub::Refused => ("Annahme verweigert", "Die Annahme des Pakets wurde verweigert. Es geht an den Absender zurück."),
            Sub::ReturningToSender => ("Rücksendung an den Absender", "Ihr Paket ist auf dem Rückweg zum Händler. Wenden Sie sich wegen einer Erstattung oder einer erneuten Lieferung an den Shop."),
            Sub::ReturnedToSender => ("Zurück beim Absender", "Der Händler hat Ihr Paket zurückerhalten. Wenden Sie sich wegen einer Erstattung oder einer erneuten Lieferung an den Shop."),
            Sub::Lost => ("Beim Paketdienst verloren gegangen", "Der Paketdienst kann Ihr Paket nicht finden. Wenden Sie sich an den Shop: Er kann den Verlust beim Paketdienst melden und Ihnen Ersatz schicken oder den Kaufpreis erstatten."),
            Sub::Damaged => ("Beschädigt", "Ihr Paket wurde unterwegs beschädigt. Wenden Sie sich wegen eines Ersatzes an den Shop."),
            Sub::Cancelled => ("Sendung storniert", "Der Händler hat diese Sendung storniert. Wenden Sie sich an den Shop, falls Sie das nicht erwartet haben."),
            Sub::PickupReady => ("Zur Abholung bereit", "Ihr Paket wartet auf Sie. Bringen Sie Ihren Ausweis oder Ihren Abholcode mit."),
            Sub::DeliveredToRecipient => ("Persönlich übergeben", "Der Zusteller hat Ihnen das Paket persönlich übergeben."),
            Sub::DeliveredSafePlace => ("An sicherem Ort abgelegt", "Der Zusteller hat das Paket vor Ihrer Tür oder in Ihrem Briefkasten abgelegt oder bei einem Nachbarn abgegeben."),
            Sub::CollectedFromPickup => ("Abgeholt", "Das Paket wurde an der Abholstelle abgeholt."),
        },
        Key::Milestone(m) => match m {
            M::InfoReceived => ("Bestellt", "Der Händler hat das Versandetikett erstellt."),
            M::PickedUp => ("Abgeholt", "Der Paketdienst hat das Paket übernommen."),
            M::InTransit => ("Unterwegs", "Das Paket ist auf dem Weg zu Ihnen."),
            M::Customs => ("Zoll", "Das Paket ist für die Einfuhr freigegeben."),
            M::OutForDelivery => ("In Zustellung", "Das Paket ist im Zustellfahrzeug."),
            M::Delivered => ("Zugestellt", "Das Paket ist angekommen."),
            M::Returned => ("Rücksendung", "Das Paket geht an den Händler zurück statt zu Ihnen."),
        },
        Key::Notice(n) => match n {
            N::ScanGap => ("Seit {days} Tagen kein neuer Scan", "Das ist normal, solange ein Paket zwischen Ländern unterwegs ist: Es wird wieder gescannt, sobald es im Zielland ankommt. Sollte es bis zum {date} noch keine Neuigkeiten geben, wenden Sie sich an den Shop."),
            N::CustomsHold => ("Vom Zoll zurückgehalten", "Der Zoll benötigt Unterlagen oder Einfuhrabgaben, bevor er Ihr Paket freigibt. Achten Sie auf eine Nachricht des Paketdienstes und wenden Sie sich an den Shop, falls keine kommt."),
            N::Delay => ("Ihr Paket verspätet sich", "Der Paketdienst meldet: {reason}. Ihr Paket ist weiterhin unterwegs."),
            N::Stale => ("Eventuell nicht ganz aktuell", "Wir erreichen {carrier} gerade nicht. Sie sehen den Stand vom {time}. Wir aktualisieren ihn, sobald wir können."),
        },
        Key::Ui(u) => ui(u),
        Key::Mail(m) => match m {
            Mail::TrackParcel => ("Sendung verfolgen", ""),
            Mail::WhyThisMessage => ("Sie erhalten diese Nachricht, weil Sie bei {merchant} bestellt haben.", ""),
            Mail::Unsubscribe => ("Diese Benachrichtigungen abbestellen", ""),
            Mail::Unsubscribed => ("Sie erhalten keine Benachrichtigungen mehr zu dieser Bestellung.", ""),
        },
    }
}

/// (label, explanation) for a widget message: separate, so the widget links only these.
pub(super) fn ui(u: Ui) -> (&'static str, &'static str) {
    match u {
        Ui::Loading => ("Sendungsverfolgung wird geladen…", ""),
        Ui::NoNumber => ("Keine Sendungsnummer", "Auf dieser Seite ist nicht angegeben, welches Paket verfolgt werden soll."),
        Ui::NotFound => ("Noch keine Informationen", "Der Paketdienst hat noch keine Informationen zu diesem Paket. Sendungsdaten erscheinen oft erst einige Stunden nach dem Druck des Versandetiketts. Bitte schauen Sie später noch einmal nach."),
        Ui::BadNumber => ("Keine gültige Sendungsnummer", "Bitte prüfen Sie die Nummer: Sendungsnummern bestehen nur aus Buchstaben und Ziffern."),
        Ui::Unavailable => ("Sendungsverfolgung nicht verfügbar", "Wir erreichen den Paketdienst gerade nicht. Bitte versuchen Sie es in ein paar Minuten erneut."),
        Ui::Offline => ("Sie sind offline", "Stellen Sie wieder eine Internetverbindung her, um die neuesten Informationen zu sehen."),
        Ui::EstimatedDelivery => ("Voraussichtliche Zustellung", ""),
        Ui::EtaFromCarrier => ("Prognose des Paketdienstes", "Dieses Datum nennt der Paketdienst für Ihr Paket."),
        Ui::EtaPredicted => ("Unsere Prognose", "Berechnet aus der Laufzeit ähnlicher Pakete auf dieser Strecke."),
        Ui::EtaConfidenceHigh => ("Hohe Zuverlässigkeit", ""),
        Ui::EtaConfidenceMedium => ("Mittlere Zuverlässigkeit", ""),
        Ui::EtaConfidenceLow => ("Geringe Zuverlässigkeit", ""),
        Ui::History => ("Sendungsverlauf", ""),
        Ui::Progress => ("Fortschritt", ""),
        Ui::CarrierPage => ("Auf der Website von {carrier} verfolgen", ""),
        Ui::ShowAll => ("Alle Ereignisse anzeigen", ""),
        Ui::ShowFewer => ("Weniger Ereignisse anzeigen", ""),
        Ui::LastUpdate => ("Letzte Aktualisierung", ""),
        Ui::NewUpdate => ("Neue Informationen", "Zu Ihrem Paket gibt es gerade eine neue Meldung."),
        Ui::Route => ("Sendungsweg", ""),
        Ui::FindOrder => ("Bestellung finden", "Geben Sie Ihre Bestellnummer und die E-Mail-Adresse ein, die Sie bei der Bestellung verwendet haben."),
        Ui::OrderNumber => ("Bestellnummer", ""),
        Ui::Email => ("E-Mail-Adresse", ""),
        Ui::Find => ("Suchen", ""),
        Ui::OrderNotFound => ("Keine Bestellung gefunden", "Wir konnten keine Bestellung mit dieser Nummer und E-Mail-Adresse finden. Bitte prüfen Sie beide Angaben und versuchen Sie es erneut."),
    }
}
