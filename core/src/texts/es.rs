//! Español (Spanish, neutral for Spain and Latin America): follows en.rs key for key.
//!
//! Placeholders: `{days}` and `{date}` (scan-gap notice), `{reason}` (delay notice: a substatus
//! label), `{carrier}` and `{time}` (stale notice, carrier page link).

use super::{Key, Mail, Ui};
use crate::model::{Milestone as M, NoticeKind as N, Status as S, Substatus as Sub};

/// (label, explanation) for `key`.
pub(super) fn text(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::Status(s) => match s {
            S::Pending => ("Esperando al transportista", "El transportista aún no tiene información. Suele aparecer unas horas después de que se imprime la etiqueta."),
            S::InfoReceived => ("Etiqueta creada", "El vendedor ya preparó tu paquete. El transportista lo escaneará cuando lo recoja."),
            S::InTransit => ("En tránsito", "Tu paquete avanza por la red del transportista."),
            S::OutForDelivery => ("En reparto", "Tu paquete está en el vehículo de reparto y debería llegar hoy."),
            S::FailedAttempt => ("Intento de entrega fallido", "El repartidor no pudo entregar tu paquete. Suele volver a intentarlo el siguiente día hábil, o puedes programar una nueva entrega con el transportista."),
            S::AvailableForPickup => ("Listo para recoger", "Tu paquete te espera en un punto de recogida o en un locker. Lleva tu identificación o tu código de recogida."),
            S::Delivered => ("Entregado", "Tu paquete fue entregado."),
            S::Exception => ("Requiere atención", "Ocurrió algo inesperado con tu paquete. Consulta la última actualización para saber qué hacer."),
            S::Expired => ("Seguimiento finalizado", "No hay novedades desde hace mucho tiempo, así que el seguimiento se detuvo. Ponte en contacto con la tienda si el paquete no ha llegado."),
        },
        Key::Substatus(s) => match s {
            Sub::PickedUp => ("Recogido por el transportista", "El transportista ya tiene tu paquete."),
            Sub::Departed => ("Salió del centro", "Tu paquete va en camino a la siguiente parada."),
            Sub::Arrived => ("Llegó a un centro", "Tu paquete llegó a un centro de clasificación, un aeropuerto o un puerto."),
            Sub::HandedOver => ("Transferido al transportista local", "Un transportista local se encarga del último tramo del trayecto."),
            Sub::CustomsProcessing => ("En aduana", "La aduana está revisando tu paquete. Es normal en los envíos internacionales y suele tardar de 1 a 5 días."),
            Sub::CustomsCleared => ("Liberado por aduana", "La aduana liberó tu paquete."),
            Sub::CustomsHeld => ("Retenido en aduana", "La aduana necesita documentos o el pago de impuestos de importación para liberar tu paquete. Revisa si tienes un mensaje del transportista o ponte en contacto con la tienda."),
            Sub::DelayedWeather => ("Retraso por mal tiempo", "El mal tiempo está ralentizando las entregas en la zona. Tu paquete seguirá su camino en cuanto sea seguro."),
            Sub::DelayedVolume => ("Retraso por alto volumen de envíos", "El transportista está gestionando más paquetes de lo habitual, así que el tuyo podría tardar uno o dos días más."),
            Sub::DelayedOther => ("Retraso", "El transportista informa de un retraso. Tu paquete sigue en camino."),
            Sub::AddressProblem => ("Problema con la dirección", "El transportista no pudo entregar en la dirección indicada. Ponte en contacto con la tienda o con el transportista para corregirla."),
            Sub::RecipientUnavailable => ("No había nadie en casa", "El repartidor volverá a intentarlo o dejará un aviso indicando dónde recoger tu paquete."),
            Sub::Refused => ("Rechazado", "El paquete se rechazó en la entrega y volverá al remitente."),
            Sub::ReturningToSender => ("En devolución al remitente", "Tu paquete está volviendo al vendedor. Ponte en contacto con la tienda para pedir un reembolso o un nuevo envío."),
            Sub::ReturnedToSender => ("Devuelto al remitente", "El vendedor ya recibió tu paquete de vuelta. Ponte en contacto con la tienda para pedir un reembolso o un nuevo envío."),
            Sub::Lost => ("Extraviado por el transportista", "El transportista no encuentra tu paquete. Ponte en contacto con la tienda: puede presentar una reclamación y enviarte un reemplazo o devolverte el dinero."),
            Sub::Damaged => ("Dañado", "Tu paquete se dañó durante el transporte. Ponte en contacto con la tienda para pedir un reemplazo."),
            Sub::Cancelled => ("Envío cancelado", "El vendedor canceló este envío. Ponte en contacto con la tienda si no lo esperabas."),
            Sub::PickupReady => ("Disponible para recoger", "Tu paquete te está esperando. Lleva tu identificación o tu código de recogida."),
            Sub::DeliveredToRecipient => ("Entregado en mano", "El repartidor te entregó el paquete en persona."),
            Sub::DeliveredSafePlace => ("Dejado en un lugar seguro", "El repartidor dejó el paquete en tu puerta, en tu buzón o con un vecino."),
            Sub::CollectedFromPickup => ("Retirado", "El paquete se retiró del punto de recogida."),
        },
        Key::Milestone(m) => match m {
            M::InfoReceived => ("Pedido realizado", "El vendedor creó la etiqueta de envío."),
            M::PickedUp => ("Recogido", "El transportista tiene el paquete."),
            M::InTransit => ("En tránsito", "El paquete está en camino hacia ti."),
            M::Customs => ("Aduana", "El paquete está liberado para su importación."),
            M::OutForDelivery => ("En reparto", "El paquete está en el vehículo de reparto."),
            M::Delivered => ("Entregado", "El paquete llegó."),
            M::Returned => ("Devolución", "El paquete vuelve al vendedor en lugar de llegar a ti."),
        },
        Key::Notice(n) => match n {
            N::ScanGap => ("Sin escaneos nuevos desde hace {days} días", "Es normal mientras un paquete viaja entre países: se vuelve a escanear al llegar al país de destino. Si para el {date} sigue sin haber novedades, ponte en contacto con la tienda."),
            N::CustomsHold => ("Retenido en aduana", "La aduana necesita documentos o el pago de impuestos de importación para liberar tu paquete. Revisa si tienes un mensaje del transportista y, si no llega ninguno, ponte en contacto con la tienda."),
            N::Delay => ("Tu paquete tiene un retraso", "El transportista informa: {reason}. Tu paquete sigue en camino."),
            N::Stale => ("Puede que no sea lo más reciente", "No podemos conectar con {carrier} en este momento, así que te mostramos lo que indicaba el {time}. Lo actualizaremos en cuanto podamos."),
        },
        Key::Ui(u) => ui(u),
        Key::Mail(m) => match m {
            Mail::TrackParcel => ("Sigue tu paquete", ""),
            Mail::WhyThisMessage => ("Recibes este mensaje porque hiciste un pedido en {merchant}.", ""),
            Mail::Unsubscribe => ("Dejar de recibir estos avisos", ""),
            Mail::Unsubscribed => ("Ya no recibirás avisos sobre este pedido.", ""),
        },
    }
}

/// (label, explanation) for a widget message: separate, so the widget links only these.
pub(super) fn ui(u: Ui) -> (&'static str, &'static str) {
    match u {
        Ui::Loading => ("Cargando seguimiento…", ""),
        Ui::NoNumber => ("Sin número de seguimiento", "Esta página no indica qué paquete hay que seguir."),
        Ui::NotFound => ("Aún no hay novedades", "El transportista todavía no tiene información sobre este paquete. Suele aparecer unas horas después de que se imprime la etiqueta: vuelve a consultarlo más tarde."),
        Ui::BadNumber => ("Número de seguimiento no válido", "Revisa el número: los números de seguimiento solo contienen letras y dígitos."),
        Ui::Unavailable => ("Seguimiento no disponible", "No podemos conectar con el transportista en este momento. Inténtalo de nuevo en unos minutos."),
        Ui::Offline => ("Sin conexión", "Vuelve a conectarte a internet para ver las últimas actualizaciones."),
        Ui::EstimatedDelivery => ("Entrega estimada", ""),
        Ui::EtaFromCarrier => ("Estimación del transportista", "Es la fecha que indica el transportista para tu paquete."),
        Ui::EtaPredicted => ("Nuestra estimación", "Calculada según lo que tardaron paquetes similares en esta ruta."),
        Ui::EtaConfidenceHigh => ("Confianza alta", ""),
        Ui::EtaConfidenceMedium => ("Confianza media", ""),
        Ui::EtaConfidenceLow => ("Confianza baja", ""),
        Ui::History => ("Historial de seguimiento", ""),
        Ui::Progress => ("Progreso", ""),
        Ui::CarrierPage => ("Seguir en el sitio web de {carrier}", ""),
        Ui::ShowAll => ("Ver todas las actualizaciones", ""),
        Ui::ShowFewer => ("Ver menos actualizaciones", ""),
        Ui::LastUpdate => ("Última actualización", ""),
        Ui::NewUpdate => ("Nueva actualización", "El seguimiento de tu paquete acaba de cambiar."),
        Ui::Route => ("Ruta", ""),
        Ui::FindOrder => ("Busca tu pedido", "Escribe tu número de pedido y el correo electrónico que usaste al hacer la compra."),
        Ui::OrderNumber => ("Número de pedido", ""),
        Ui::Email => ("Correo electrónico", ""),
        Ui::Find => ("Buscar", ""),
        Ui::OrderNotFound => ("No se encontró el pedido", "No encontramos ningún pedido con ese número y correo electrónico. Revisa ambos datos y vuelve a intentarlo."),
    }
}
