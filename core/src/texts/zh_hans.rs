//! 简体中文 (Simplified Chinese, mainland): follows en.rs key for key.
//!
//! Placeholders: `{days}` and `{date}` (scan-gap notice), `{reason}` (delay notice: a substatus
//! label), `{carrier}` and `{time}` (stale notice, carrier page link).

use super::{Key, Mail, Ui};
use crate::model::{Milestone as M, NoticeKind as N, Status as S, Substatus as Sub};

/// (label, explanation) for `key`.
pub(super) fn text(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::Status(s) => match s {
            S::Pending => ("等待快递公司更新", "快递公司暂时还没有物流信息。面单打印后，通常要过几个小时才会显示。"),
            S::InfoReceived => ("待揽收", "商家已为您打包好包裹，快递员揽收后会更新物流信息。"),
            S::InTransit => ("运输中", "您的包裹正在快递公司的网络中运输。"),
            S::OutForDelivery => ("派送中", "您的包裹已在派送车上，预计今天送达。"),
            S::FailedAttempt => ("派送未成功", "快递员未能送达。通常会在下一个工作日再次派送，您也可以联系快递公司预约重新派送。"),
            S::AvailableForPickup => ("待取件", "您的包裹已到达驿站、自提点或快递柜，请凭身份证件或取件码取件。"),
            S::Delivered => ("已签收", "您的包裹已签收。"),
            S::Exception => ("物流异常", "您的包裹出现了意外情况，请查看最新物流动态了解如何处理。"),
            S::Expired => ("已停止跟踪", "物流信息已长时间没有更新，已停止跟踪。如果您还没收到包裹，请联系商家。"),
        },
        Key::Substatus(s) => match s {
            Sub::PickedUp => ("快递公司已揽收", "快递公司已收到您的包裹。"),
            Sub::Departed => ("已从转运中心发出", "您的包裹正发往下一站。"),
            Sub::Arrived => ("已到达转运中心", "您的包裹已到达分拣中心、机场或港口。"),
            Sub::HandedOver => ("已转交当地快递", "最后一段路程将由当地快递公司派送。"),
            Sub::CustomsProcessing => ("清关中", "海关正在查验您的包裹。国际包裹清关属于正常流程，通常需要1至5天。"),
            Sub::CustomsCleared => ("已清关", "海关已放行您的包裹。"),
            Sub::CustomsHeld => ("海关暂扣", "海关需要您提供资料或缴纳进口税费后才会放行包裹。请留意快递公司的通知，或联系商家。"),
            Sub::DelayedWeather => ("天气原因延误", "当地天气恶劣，派送有所放缓。在确保安全后，您的包裹会继续运输。"),
            Sub::DelayedVolume => ("件量激增延误", "快递公司目前的包裹量比平时多，您的包裹可能会晚一两天送达。"),
            Sub::DelayedOther => ("运输延误", "快递公司反馈运输有延误，您的包裹仍在运送途中。"),
            Sub::AddressProblem => ("地址有误", "快递公司无法按所填地址送达。请联系商家或快递公司更正地址。"),
            Sub::RecipientUnavailable => ("收件人不在", "快递员会再次派送，或留下通知告诉您到哪里取件。"),
            Sub::Refused => ("已拒收", "包裹在派送时被拒收，将退回寄件人。"),
            Sub::ReturningToSender => ("退回中", "您的包裹正在退回商家。如需退款或重新发货，请联系商家。"),
            Sub::ReturnedToSender => ("已退回寄件人", "商家已收到退回的包裹。如需退款或重新发货，请联系商家。"),
            Sub::Lost => ("快递公司丢件", "快递公司找不到您的包裹。请联系商家：商家可以向快递公司索赔，并为您补发或退款。"),
            Sub::Damaged => ("包裹破损", "您的包裹在运输途中破损。请联系商家安排换货。"),
            Sub::Cancelled => ("发货已取消", "商家已取消本次发货。如果这不在您的预期之内，请联系商家。"),
            Sub::PickupReady => ("可以取件了", "您的包裹正等您来取，请凭身份证件或取件码取件。"),
            Sub::DeliveredToRecipient => ("本人签收", "快递员已将包裹当面交给您。"),
            Sub::DeliveredSafePlace => ("已放在安全位置", "快递员已将包裹放在您家门口、信箱，或交由邻居代收。"),
            Sub::CollectedFromPickup => ("已取件", "包裹已从自提点取走。"),
        },
        Key::Milestone(m) => match m {
            M::InfoReceived => ("已下单", "商家已生成快递面单。"),
            M::PickedUp => ("已揽收", "快递公司已收到包裹。"),
            M::InTransit => ("运输中", "包裹正在发往您的途中。"),
            M::Customs => ("清关", "包裹已完成进口清关。"),
            M::OutForDelivery => ("派送中", "包裹已在派送车上。"),
            M::Delivered => ("已签收", "包裹已送达。"),
            M::Returned => ("退回", "包裹将退回商家，而不是送达给您。"),
        },
        Key::Notice(n) => match n {
            N::ScanGap => ("已{days}天无新物流信息", "包裹在国际运输途中时，这很正常：到达目的国后会再次更新。如果到{date}仍没有新消息，请联系商家。"),
            N::CustomsHold => ("海关暂扣", "海关需要您提供资料或缴纳进口税费后才会放行包裹。请留意快递公司的通知；如果一直没有收到，请联系商家。"),
            N::Delay => ("您的包裹延误了", "快递公司反馈：{reason}。您的包裹仍在运送途中。"),
            N::Stale => ("可能不是最新信息", "暂时无法连接{carrier}，以下是{time}的物流信息。我们会尽快更新。"),
        },
        Key::Ui(u) => ui(u),
        Key::Mail(m) => match m {
            Mail::TrackParcel => ("查看包裹物流", ""),
            Mail::WhyThisMessage => ("您收到这封邮件，是因为您在{merchant}下了订单。", ""),
            Mail::Unsubscribe => ("退订这些通知", ""),
            Mail::Unsubscribed => ("您将不再收到此订单的物流通知。", ""),
        },
    }
}

/// (label, explanation) for a widget message: separate, so the widget links only these.
pub(super) fn ui(u: Ui) -> (&'static str, &'static str) {
    match u {
        Ui::Loading => ("正在加载物流信息…", ""),
        Ui::NoNumber => ("缺少快递单号", "本页面没有提供要查询的包裹单号。"),
        Ui::NotFound => (
            "暂无物流信息",
            "快递公司暂时还没有这个包裹的信息。面单打印后，通常要过几个小时才会显示，请稍后再查。",
        ),
        Ui::BadNumber => ("快递单号无效", "请检查单号：快递单号只包含字母和数字。"),
        Ui::Unavailable => ("暂时无法查询", "暂时无法连接快递公司，请几分钟后再试。"),
        Ui::Offline => ("网络未连接", "请连接网络后查看最新物流信息。"),
        Ui::EstimatedDelivery => ("预计送达", ""),
        Ui::EtaFromCarrier => ("快递公司预计", "这是快递公司给出的预计送达日期。"),
        Ui::EtaPredicted => ("我们的预估", "根据同一线路上类似包裹的运输时长预测。"),
        Ui::EtaConfidenceHigh => ("可信度高", ""),
        Ui::EtaConfidenceMedium => ("可信度中等", ""),
        Ui::EtaConfidenceLow => ("可信度低", ""),
        Ui::History => ("物流详情", ""),
        Ui::Progress => ("配送进度", ""),
        Ui::CarrierPage => ("去{carrier}官网查询", ""),
        Ui::ShowAll => ("查看全部物流信息", ""),
        Ui::ShowFewer => ("收起", ""),
        Ui::LastUpdate => ("最近更新", ""),
        Ui::NewUpdate => ("物流有更新", "您的包裹物流信息刚刚更新。"),
        Ui::Route => ("运输路线", ""),
        Ui::FindOrder => ("查询订单", "请输入订单号和下单时使用的邮箱。"),
        Ui::OrderNumber => ("订单号", ""),
        Ui::Email => ("邮箱", ""),
        Ui::Find => ("查询", ""),
        Ui::OrderNotFound => (
            "未找到订单",
            "没有找到与该订单号和邮箱匹配的订单，请核对后重试。",
        ),
    }
}
