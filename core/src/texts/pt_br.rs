//! Português do Brasil (Brazilian Portuguese): follows en.rs key for key.
//!
//! Placeholders: `{days}` and `{date}` (scan-gap notice), `{reason}` (delay notice: a substatus
//! label), `{carrier}` and `{time}` (stale notice, carrier page link).

use super::{Key, Mail, Ui};
use crate::model::{Milestone as M, NoticeKind as N, Status as S, Substatus as Sub};

/// (label, explanation) for `key`.
pub(super) fn text(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::Status(s) => match s {
            S::Pending => ("Aguardando a transportadora", "A transportadora ainda não tem informações. Elas costumam aparecer algumas horas depois que a etiqueta é impressa."),
            S::InfoReceived => ("Etiqueta criada", "O vendedor preparou seu pacote. A transportadora vai registrá-lo quando fizer a coleta."),
            S::InTransit => ("Em trânsito", "Seu pacote está a caminho pela rede da transportadora."),
            S::OutForDelivery => ("Saiu para entrega", "Seu pacote está no veículo de entrega e deve chegar hoje."),
            S::FailedAttempt => ("Tentativa de entrega", "O entregador não conseguiu fazer a entrega. Normalmente ele tenta de novo no próximo dia útil, ou você pode agendar uma nova entrega com a transportadora."),
            S::AvailableForPickup => ("Aguardando retirada", "Seu pacote está esperando por você em um ponto de retirada ou armário. Leve um documento com foto ou seu código de retirada."),
            S::Delivered => ("Entregue", "Seu pacote foi entregue."),
            S::Exception => ("Requer atenção", "Aconteceu algo inesperado com seu pacote. Veja a atualização mais recente para saber o que fazer."),
            S::Expired => ("Rastreamento encerrado", "Não há novidades há muito tempo, por isso o rastreamento foi encerrado. Fale com a loja se o pacote não chegou."),
        },
        Key::Substatus(s) => match s {
            Sub::PickedUp => ("Coletado pela transportadora", "A transportadora está com seu pacote."),
            Sub::Departed => ("Saiu da unidade", "Seu pacote está a caminho da próxima parada."),
            Sub::Arrived => ("Chegou a uma unidade", "Seu pacote chegou a um centro de distribuição, aeroporto ou porto."),
            Sub::HandedOver => ("Repassado à transportadora local", "Uma transportadora local assume a última etapa do trajeto."),
            Sub::CustomsProcessing => ("Em fiscalização aduaneira", "A alfândega está analisando seu pacote. Isso é normal em envios internacionais e costuma levar de 1 a 5 dias."),
            Sub::CustomsCleared => ("Liberado pela alfândega", "A alfândega liberou seu pacote."),
            Sub::CustomsHeld => ("Retido na alfândega", "A alfândega precisa de documentos ou do pagamento de impostos de importação para liberar seu pacote. Fique atento a uma mensagem da transportadora ou fale com a loja."),
            Sub::DelayedWeather => ("Atraso por mau tempo", "O mau tempo está deixando as entregas mais lentas na região. Seu pacote volta a seguir assim que for seguro."),
            Sub::DelayedVolume => ("Atraso por alto volume", "A transportadora está com mais pacotes do que o normal, então o seu pode levar um ou dois dias a mais."),
            Sub::DelayedOther => ("Atraso", "A transportadora informou um atraso. Seu pacote continua a caminho."),
            Sub::AddressProblem => ("Problema no endereço", "A transportadora não conseguiu entregar no endereço informado. Fale com a loja ou com a transportadora para corrigi-lo."),
            Sub::RecipientUnavailable => ("Destinatário ausente", "O entregador vai tentar de novo ou deixar um aviso dizendo onde retirar seu pacote."),
            Sub::Refused => ("Entrega recusada", "O pacote foi recusado na entrega e vai voltar para o remetente."),
            Sub::ReturningToSender => ("Em devolução ao remetente", "Seu pacote está voltando para o vendedor. Fale com a loja sobre reembolso ou um novo envio."),
            Sub::ReturnedToSender => ("Devolvido ao remetente", "O vendedor recebeu seu pacote de volta. Fale com a loja sobre reembolso ou um novo envio."),
            Sub::Lost => ("Extraviado pela transportadora", "A transportadora não encontra seu pacote. Fale com a loja: ela pode abrir uma reclamação e enviar outro pacote ou reembolsar você."),
            Sub::Damaged => ("Danificado", "Seu pacote foi danificado no caminho. Fale com a loja sobre uma troca."),
            Sub::Cancelled => ("Envio cancelado", "O vendedor cancelou este envio. Fale com a loja se você não esperava por isso."),
            Sub::PickupReady => ("Pronto para retirada", "Seu pacote está esperando por você. Leve um documento com foto ou seu código de retirada."),
            Sub::DeliveredToRecipient => ("Entregue em mãos", "O entregador entregou o pacote pessoalmente a você."),
            Sub::DeliveredSafePlace => ("Deixado em local seguro", "O entregador deixou o pacote na sua porta, na sua caixa de correio ou com um vizinho."),
            Sub::CollectedFromPickup => ("Retirado", "O pacote foi retirado no ponto de retirada."),
        },
        Key::Milestone(m) => match m {
            M::InfoReceived => ("Pedido feito", "O vendedor criou a etiqueta de envio."),
            M::PickedUp => ("Postado", "A transportadora está com o pacote."),
            M::InTransit => ("Em trânsito", "O pacote está a caminho de você."),
            M::Customs => ("Alfândega", "O pacote foi liberado para importação."),
            M::OutForDelivery => ("Saiu para entrega", "O pacote está no veículo de entrega."),
            M::Delivered => ("Entregue", "O pacote chegou."),
            M::Returned => ("Devolução", "O pacote volta para o vendedor em vez de chegar até você."),
        },
        Key::Notice(n) => match n {
            N::ScanGap => ("Sem atualização há {days} dias", "Isso é normal enquanto um pacote viaja entre países: ele volta a ser registrado quando chega ao país de destino. Se ainda não houver novidades até {date}, fale com a loja."),
            N::CustomsHold => ("Retido na alfândega", "A alfândega precisa de documentos ou do pagamento de impostos de importação para liberar seu pacote. Fique atento a uma mensagem da transportadora ou fale com a loja se nenhuma chegar."),
            N::Delay => ("Seu pacote está atrasado", "A transportadora informa: {reason}. Seu pacote continua a caminho."),
            N::Stale => ("Talvez não seja a informação mais recente", "Não conseguimos contato com {carrier} agora, então mostramos as informações recebidas em {time}. Vamos atualizar assim que possível."),
        },
        Key::Ui(u) => ui(u),
        Key::Mail(m) => match m {
            Mail::TrackParcel => ("Acompanhe sua encomenda", ""),
            Mail::WhyThisMessage => ("Você recebe esta mensagem porque fez um pedido em {merchant}.", ""),
            Mail::Unsubscribe => ("Cancelar estes avisos", ""),
            Mail::Unsubscribed => ("Você não receberá mais avisos sobre este pedido.", ""),
        },
    }
}

/// (label, explanation) for a widget message: separate, so the widget links only these.
pub(super) fn ui(u: Ui) -> (&'static str, &'static str) {
    match u {
        Ui::Loading => ("Carregando rastreamento…", ""),
        Ui::NoNumber => ("Sem código de rastreamento", "Esta página não informou qual pacote rastrear."),
        Ui::NotFound => ("Ainda sem novidades", "A transportadora ainda não tem informações sobre este pacote. Elas costumam aparecer algumas horas depois que a etiqueta é impressa: tente novamente mais tarde."),
        Ui::BadNumber => ("Código de rastreamento inválido", "Confira o código: códigos de rastreamento têm apenas letras e números."),
        Ui::Unavailable => ("Rastreamento indisponível", "Não conseguimos contato com a transportadora agora. Tente de novo em alguns minutos."),
        Ui::Offline => ("Você está offline", "Conecte-se à internet para ver as atualizações mais recentes."),
        Ui::EstimatedDelivery => ("Previsão de entrega", ""),
        Ui::EtaFromCarrier => ("Previsão da transportadora", "Esta é a data informada pela transportadora para seu pacote."),
        Ui::EtaPredicted => ("Nossa previsão", "Calculada com base no tempo que pacotes parecidos levaram nesta rota."),
        Ui::EtaConfidenceHigh => ("Confiança alta", ""),
        Ui::EtaConfidenceMedium => ("Confiança média", ""),
        Ui::EtaConfidenceLow => ("Confiança baixa", ""),
        Ui::History => ("Histórico de rastreamento", ""),
        Ui::Progress => ("Progresso", ""),
        Ui::CarrierPage => ("Rastrear no site de {carrier}", ""),
        Ui::ShowAll => ("Ver todas as atualizações", ""),
        Ui::ShowFewer => ("Ver menos atualizações", ""),
        Ui::LastUpdate => ("Última atualização", ""),
        Ui::NewUpdate => ("Nova atualização", "O rastreamento do seu pacote acabou de mudar."),
        Ui::Route => ("Trajeto", ""),
        Ui::FindOrder => ("Encontre seu pedido", "Informe o número do pedido e o e-mail que você usou na compra."),
        Ui::OrderNumber => ("Número do pedido", ""),
        Ui::Email => ("E-mail", ""),
        Ui::Find => ("Buscar", ""),
        Ui::OrderNotFound => ("Pedido não encontrado", "Não encontramos nenhum pedido com esse número e e-mail. Confira os dois e tente novamente."),
    }
}
