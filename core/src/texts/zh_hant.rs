//! 繁體中文 (Traditional Chinese, Taiwan and Hong Kong): follows en.rs key for key.
//!
//! Placeholders: `{days}` and `{date}` (scan-gap notice), `{reason}` (delay notice: a substatus
//! label), `{carrier}` and `{time}` (stale notice, carrier page link).

use super::{Key, Mail, Ui};
use crate::model::{Milestone as M, NoticeKind as N, Status as S, Substatus as Sub};

/// (label, explanation) for `key`.
pub(super) fn text(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::Status(s) => match s {
            S::Pending => ("等待物流公司更新", "物流公司尚未提供任何資訊。託運單列印後，通常要幾個小時才會顯示。"),
            S::InfoReceived => ("已建立託運單", "賣家已準備好您的包裹，物流公司取件時便會掃描。"),
            S::InTransit => ("運送中", "您的包裹正由物流公司運送中。"),
            S::OutForDelivery => ("配送中", "您的包裹已在配送車上，預計今天送達。"),
            S::FailedAttempt => ("配送未成功", "配送人員未能將包裹送達。通常會在下一個工作日再次配送，您也可以向物流公司預約重新配送。"),
            S::AvailableForPickup => ("可取件", "您的包裹已送達取件點或自助取件櫃。取件時請攜帶證件或取件碼。"),
            S::Delivered => ("已送達", "您的包裹已送達。"),
            S::Exception => ("配送異常", "您的包裹發生了意外狀況。請查看最新動態，了解該如何處理。"),
            S::Expired => ("已停止追蹤", "物流資訊已長時間沒有更新，因此已停止追蹤。如果仍未收到包裹，請聯絡商店。"),
        },
        Key::Substatus(s) => match s {
            Sub::PickedUp => ("物流公司已取件", "物流公司已收到您的包裹。"),
            Sub::Departed => ("已離開轉運中心", "您的包裹正前往下一站。"),
            Sub::Arrived => ("已抵達轉運中心", "您的包裹已抵達物流中心、機場或港口。"),
            Sub::HandedOver => ("已轉交當地物流公司", "最後一段路程將由當地物流公司配送。"),
            Sub::CustomsProcessing => ("清關中", "海關正在查驗您的包裹。國際包裹都需要清關，屬正常程序，通常需要1至5天。"),
            Sub::CustomsCleared => ("已清關", "海關已放行您的包裹。"),
            Sub::CustomsHeld => ("海關暫扣", "海關需要您提供文件或繳納進口稅費，才會放行包裹。請留意物流公司的通知，或聯絡商店。"),
            Sub::DelayedWeather => ("天氣因素延誤", "當地天氣惡劣，配送速度放緩。待安全後，您的包裹便會繼續運送。"),
            Sub::DelayedVolume => ("貨量激增延誤", "物流公司目前處理的包裹比平常多，您的包裹可能會晚一兩天送達。"),
            Sub::DelayedOther => ("運送延誤", "物流公司回報運送有延誤，您的包裹仍在運送途中。"),
            Sub::AddressProblem => ("地址有誤", "物流公司無法送達您提供的地址。請聯絡商店或物流公司更正地址。"),
            Sub::RecipientUnavailable => ("收件人不在", "配送人員會再次配送，或留下通知告訴您到哪裡領取包裹。"),
            Sub::Refused => ("已拒收", "包裹在配送時遭拒收，將退回寄件人。"),
            Sub::ReturningToSender => ("退回寄件人中", "您的包裹正退回賣家。如需退款或重新寄送，請聯絡商店。"),
            Sub::ReturnedToSender => ("已退回寄件人", "賣家已收回您的包裹。如需退款或重新寄送，請聯絡商店。"),
            Sub::Lost => ("物流公司遺失包裹", "物流公司找不到您的包裹。請聯絡商店：商店可向物流公司提出索賠，並為您補寄或退款。"),
            Sub::Damaged => ("包裹破損", "您的包裹在運送途中受損。請聯絡商店安排更換。"),
            Sub::Cancelled => ("已取消寄送", "賣家已取消這次寄送。如果這並非您預期的情況，請聯絡商店。"),
            Sub::PickupReady => ("可以領取了", "您的包裹正等您領取。取件時請攜帶證件或取件碼。"),
            Sub::DeliveredToRecipient => ("已親自簽收", "配送人員已將包裹親手交給您。"),
            Sub::DeliveredSafePlace => ("已放置於安全地點", "配送人員已將包裹放在您的門口、信箱，或交由鄰居代收。"),
            Sub::CollectedFromPickup => ("已取件", "包裹已從取件點領取。"),
        },
        Key::Milestone(m) => match m {
            M::InfoReceived => ("已下單", "賣家已建立託運單。"),
            M::PickedUp => ("已出貨", "物流公司已收到包裹。"),
            M::InTransit => ("運送中", "包裹正在寄往您的途中。"),
            M::Customs => ("清關", "包裹已完成進口清關。"),
            M::OutForDelivery => ("配送中", "包裹已在配送車上。"),
            M::Delivered => ("已送達", "包裹已送到。"),
            M::Returned => ("退回", "包裹將退回賣家，而不是送到您手上。"),
        },
        Key::Notice(n) => match n {
            N::ScanGap => ("已{days}天沒有新動態", "包裹在國與國之間運送時，這很常見：抵達目的地國家後會再次掃描。如果到{date}仍沒有消息，請聯絡商店。"),
            N::CustomsHold => ("海關暫扣", "海關需要您提供文件或繳納進口稅費，才會放行包裹。請留意物流公司的通知；如果一直沒有收到，請聯絡商店。"),
            N::Delay => ("您的包裹延誤了", "物流公司回報：{reason}。您的包裹仍在運送途中。"),
            N::Stale => ("可能不是最新資訊", "目前無法連線至{carrier}，以下為{time}的資訊。我們會盡快更新。"),
        },
        Key::Ui(u) => ui(u),
        Key::Mail(m) => match m {
            Mail::TrackParcel => ("查看包裹物流", ""),
            Mail::WhyThisMessage => ("您收到這封郵件，是因為您在{merchant}下了訂單。", ""),
            Mail::Unsubscribe => ("取消訂閱這些通知", ""),
            Mail::Unsubscribed => ("您將不再收到此訂單的物流通知。", ""),
        },
    }
}

/// (label, explanation) for a widget message: separate, so the widget links only these.
pub(super) fn ui(u: Ui) -> (&'static str, &'static str) {
    match u {
        Ui::Loading => ("正在載入物流資訊…", ""),
        Ui::NoNumber => ("沒有追蹤編號", "此頁面沒有指明要追蹤哪個包裹。"),
        Ui::NotFound => (
            "暫無物流資訊",
            "物流公司尚未提供這個包裹的資訊。託運單列印後，通常要幾個小時才會顯示，請稍後再查看。",
        ),
        Ui::BadNumber => ("追蹤編號無效", "請檢查號碼：追蹤編號只包含英文字母和數字。"),
        Ui::Unavailable => ("暫時無法查詢", "目前無法連線至物流公司，請於幾分鐘後再試。"),
        Ui::Offline => ("您已離線", "請重新連線，以查看最新動態。"),
        Ui::EstimatedDelivery => ("預計送達", ""),
        Ui::EtaFromCarrier => ("物流公司預估", "這是物流公司為您的包裹提供的預計送達日期。"),
        Ui::EtaPredicted => ("我們的預估", "根據此路線上類似包裹的運送時間推算。"),
        Ui::EtaConfidenceHigh => ("可信度高", ""),
        Ui::EtaConfidenceMedium => ("可信度中等", ""),
        Ui::EtaConfidenceLow => ("可信度低", ""),
        Ui::History => ("物流動態", ""),
        Ui::Progress => ("配送進度", ""),
        Ui::CarrierPage => ("前往{carrier}網站查詢", ""),
        Ui::ShowAll => ("顯示全部動態", ""),
        Ui::ShowFewer => ("顯示較少動態", ""),
        Ui::LastUpdate => ("最後更新", ""),
        Ui::NewUpdate => ("有新動態", "您的包裹物流資訊剛剛更新。"),
        Ui::Route => ("運送路線", ""),
        Ui::FindOrder => ("查詢訂單", "請輸入訂單編號及下單時使用的電子郵件。"),
        Ui::OrderNumber => ("訂單編號", ""),
        Ui::Email => ("電子郵件", ""),
        Ui::Find => ("查詢", ""),
        Ui::OrderNotFound => (
            "找不到訂單",
            "找不到符合此訂單編號及電子郵件的訂單，請檢查後再試一次。",
        ),
    }
}
