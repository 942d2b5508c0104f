//! Français (French): follows en.rs key for key.
//!
//! Placeholders: `{days}` and `{date}` (scan-gap notice), `{reason}` (delay notice: a substatus
//! label), `{carrier}` and `{time}` (stale notice, carrier page link).
//!
//! Typography: a no-break space (U+00A0) before `:` and a narrow no-break space (U+202F) before
//! `;`, `?` and `!`; typographic apostrophe `’`.

use super::{Key, Mail, Ui};
use crate::model::{Milestone as M, NoticeKind as N, Status as S, Substatus as Sub};

/// (label, explanation) for `key`.
pub(super) fn text(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::Status(s) => match s {
            S::Pending => ("En attente du transporteur", "Le transporteur n’a pas encore d’informations. Elles apparaissent souvent quelques heures après l’impression de l’étiquette."),
            S::InfoReceived => ("Étiquette créée", "Le vendeur a préparé votre colis. Le transporteur le scannera lors de sa prise en charge."),
            S::InTransit => ("En transit", "Votre colis est en cours d’acheminement dans le réseau du transporteur."),
            S::OutForDelivery => ("En cours de livraison", "Votre colis est dans le véhicule de livraison et devrait arriver aujourd’hui."),
            S::FailedAttempt => ("Tentative de livraison", "Le livreur n’a pas pu livrer votre colis. Il repasse généralement le jour ouvré suivant, mais vous pouvez aussi programmer une nouvelle livraison auprès du transporteur."),
            S::AvailableForPickup => ("Disponible en point de retrait", "Votre colis vous attend dans un point relais ou une consigne. Munissez-vous d’une pièce d’identité ou de votre code de retrait."),
            S::Delivered => ("Livré", "Votre colis a été livré."),
            S::Exception => ("Incident", "Un imprévu est survenu avec votre colis. Consultez la dernière mise à jour pour savoir quoi faire."),
            S::Expired => ("Suivi terminé", "Il n’y a plus de nouvelles depuis longtemps : le suivi a donc été arrêté. Contactez la boutique si le colis n’est pas arrivé."),
        },
        Key::Substatus(s) => match s {
            Sub::PickedUp => ("Pris en charge par le transporteur", "Votre colis a été remis au transporteur."),
            Sub::Departed => ("A quitté le site", "Votre colis est en route vers la prochaine étape."),
            Sub::Arrived => ("Arrivé sur un site", "Votre colis est arrivé dans un centre de tri, un aéroport ou un port."),
            Sub::HandedOver => ("Remis au transporteur local", "Un transporteur local prend le relais pour la dernière étape du trajet."),
            Sub::CustomsProcessing => ("Dédouanement en cours", "La douane contrôle votre colis. C’est normal pour un envoi international et cela prend généralement de 1 à 5 jours."),
            Sub::CustomsCleared => ("Dédouané", "La douane a libéré votre colis."),
            Sub::CustomsHeld => ("Retenu en douane", "La douane a besoin de documents ou du paiement des droits d’importation avant de libérer votre colis. Surveillez les messages du transporteur ou contactez la boutique."),
            Sub::DelayedWeather => ("Retard dû à la météo", "Les intempéries ralentissent les livraisons dans la région. Votre colis repartira dès que les conditions le permettront."),
            Sub::DelayedVolume => ("Retard dû à un fort volume de colis", "Le transporteur traite plus de colis que d’habitude : le vôtre peut mettre un ou deux jours de plus."),
            Sub::DelayedOther => ("Retard", "Le transporteur signale un retard. Votre colis est toujours en route."),
            Sub::AddressProblem => ("Problème d’adresse", "Le transporteur n’a pas pu livrer à l’adresse indiquée. Contactez la boutique ou le transporteur pour la corriger."),
            Sub::RecipientUnavailable => ("Destinataire absent", "Le livreur repassera ou laissera un avis de passage indiquant où retirer votre colis."),
            Sub::Refused => ("Refusé", "Le colis a été refusé à la livraison et sera renvoyé à l’expéditeur."),
            Sub::ReturningToSender => ("En retour vers l’expéditeur", "Votre colis est en cours de retour chez le vendeur. Contactez la boutique pour un remboursement ou une nouvelle livraison."),
            Sub::ReturnedToSender => ("Retourné à l’expéditeur", "Le vendeur a récupéré votre colis. Contactez la boutique pour un remboursement ou une nouvelle livraison."),
            Sub::Lost => ("Perdu par le transporteur", "Le transporteur ne retrouve pas votre colis. Contactez la boutique : elle peut faire une réclamation et vous envoyer un nouveau colis ou vous rembourser."),
            Sub::Damaged => ("Endommagé", "Votre colis a été endommagé pendant le transport. Contactez la boutique pour obtenir un remplacement."),
            Sub::Cancelled => ("Envoi annulé", "Le vendeur a annulé cet envoi. Contactez la boutique si vous ne vous y attendiez pas."),
            Sub::PickupReady => ("Prêt à être retiré", "Votre colis vous attend. Munissez-vous d’une pièce d’identité ou de votre code de retrait."),
            Sub::DeliveredToRecipient => ("Remis en main propre", "Le livreur vous a remis le colis en main propre."),
            Sub::DeliveredSafePlace => ("Déposé en lieu sûr", "Le livreur a déposé le colis devant votre porte ou dans votre boîte aux lettres, ou l’a confié à un voisin."),
            Sub::CollectedFromPickup => ("Retiré", "Le colis a été retiré au point de retrait."),
        },
        Key::Milestone(m) => match m {
            M::InfoReceived => ("Commandé", "Le vendeur a créé l’étiquette d’expédition."),
            M::PickedUp => ("Pris en charge", "Le transporteur a le colis."),
            M::InTransit => ("En transit", "Le colis est en route vers vous."),
            M::Customs => ("Douane", "Le colis est dédouané pour l’importation."),
            M::OutForDelivery => ("En cours de livraison", "Le colis est dans le véhicule de livraison."),
            M::Delivered => ("Livré", "Le colis est arrivé."),
            M::Returned => ("Retour expéditeur", "Le colis repart chez le vendeur au lieu de vous être livré."),
        },
        Key::Notice(n) => match n {
            N::ScanGap => ("Aucun nouveau scan depuis {days} jours", "C’est normal lorsqu’un colis voyage d’un pays à l’autre : il sera de nouveau scanné à son arrivée dans le pays de destination. Si vous n’avez toujours pas de nouvelles d’ici le {date}, contactez la boutique."),
            N::CustomsHold => ("Retenu en douane", "La douane a besoin de documents ou du paiement des droits d’importation avant de libérer votre colis. Surveillez les messages du transporteur, ou contactez la boutique si vous n’en recevez pas."),
            N::Delay => ("Votre colis a du retard", "Le transporteur indique : {reason}. Votre colis est toujours en route."),
            N::Stale => ("Informations peut-être pas à jour", "Nous ne parvenons pas à joindre {carrier} pour le moment : voici les informations reçues le {time}. Nous les mettrons à jour dès que possible."),
        },
        Key::Ui(u) => ui(u),
        Key::Mail(m) => match m {
            Mail::TrackParcel => ("Suivre votre colis", ""),
            Mail::WhyThisMessage => ("Vous recevez ce message car vous avez commandé chez {merchant}.", ""),
            Mail::Unsubscribe => ("Se désabonner de ces notifications", ""),
            Mail::Unsubscribed => ("Vous ne recevrez plus de notifications pour cette commande.", ""),
        },
    }
}

/// (label, explanation) for a widget message: separate, so the widget links only these.
pub(super) fn ui(u: Ui) -> (&'static str, &'static str) {
    match u {
        Ui::Loading => ("Chargement du suivi…", ""),
        Ui::NoNumber => ("Aucun numéro de suivi", "Cette page n’indique pas quel colis suivre."),
        Ui::NotFound => ("Pas encore d’informations", "Le transporteur n’a pas encore d’informations sur ce colis. Elles apparaissent souvent quelques heures après l’impression de l’étiquette : revenez un peu plus tard."),
        Ui::BadNumber => ("Numéro de suivi invalide", "Vérifiez le numéro : un numéro de suivi ne contient que des lettres et des chiffres."),
        Ui::Unavailable => ("Suivi indisponible", "Nous ne parvenons pas à joindre le transporteur pour le moment. Réessayez dans quelques minutes."),
        Ui::Offline => ("Vous êtes hors ligne", "Reconnectez-vous à Internet pour voir les dernières mises à jour."),
        Ui::EstimatedDelivery => ("Livraison estimée", ""),
        Ui::EtaFromCarrier => ("Estimation du transporteur", "C’est la date annoncée par le transporteur pour votre colis."),
        Ui::EtaPredicted => ("Notre estimation", "Calculée d’après les délais de colis similaires sur ce trajet."),
        Ui::EtaConfidenceHigh => ("Fiabilité élevée", ""),
        Ui::EtaConfidenceMedium => ("Fiabilité moyenne", ""),
        Ui::EtaConfidenceLow => ("Fiabilité faible", ""),
        Ui::History => ("Historique du suivi", ""),
        Ui::Progress => ("Progression", ""),
        Ui::CarrierPage => ("Suivre sur le site de {carrier}", ""),
        Ui::ShowAll => ("Afficher toutes les étapes", ""),
        Ui::ShowFewer => ("Afficher moins d’étapes", ""),
        Ui::LastUpdate => ("Dernière mise à jour", ""),
        Ui::NewUpdate => ("Nouvelle mise à jour", "Le suivi de votre colis vient de changer."),
        Ui::Route => ("Trajet", ""),
        Ui::FindOrder => ("Retrouver votre commande", "Saisissez votre numéro de commande et l’adresse e-mail utilisée lors de la commande."),
        Ui::OrderNumber => ("Numéro de commande", ""),
        Ui::Email => ("Adresse e-mail", ""),
        Ui::Find => ("Rechercher", ""),
        Ui::OrderNotFound => ("Aucune commande trouvée", "Nous n’avons trouvé aucune commande avec ce numéro et cette adresse e-mail. Vérifiez-les et réessayez."),
    }
}
