//! 한국어 (Korean): follows en.rs key for key.
//!
//! Placeholders: `{days}` and `{date}` (scan-gap notice), `{reason}` (delay notice: a substatus
//! label), `{carrier}` and `{time}` (stale notice, carrier page link).

use super::{Key, Mail, Ui};
use crate::model::{Milestone as M, NoticeKind as N, Status as S, Substatus as Sub};

/// (label, explanation) for `key`.
pub(super) fn text(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::Status(s) => match s {
            S::Pending => ("택배사 정보 대기 중", "택배사에 아직 정보가 없어요. 운송장은 보통 출력하고 몇 시간 뒤부터 조회돼요."),
            S::InfoReceived => ("배송 준비 중", "판매자가 상품을 준비했어요. 택배사가 상품을 집화하면 스캔돼요."),
            S::InTransit => ("배송 중", "상품이 택배사 물류망을 통해 이동하고 있어요."),
            S::OutForDelivery => ("배송 출발", "상품이 배송 차량에 실렸고 오늘 도착할 예정이에요."),
            S::FailedAttempt => ("배송 시도", "택배기사가 상품을 전달하지 못했어요. 보통 다음 영업일에 다시 배송하며, 택배사에 재배송을 요청할 수도 있어요."),
            S::AvailableForPickup => ("수령 가능", "상품이 픽업 장소나 무인 택배함에서 기다리고 있어요. 신분증이나 수령 코드를 준비해 주세요."),
            S::Delivered => ("배송 완료", "상품 배송이 완료되었어요."),
            S::Exception => ("확인 필요", "상품에 예상치 못한 문제가 생겼어요. 최근 업데이트에서 어떻게 하면 되는지 확인해 주세요."),
            S::Expired => ("조회 종료", "오랫동안 새로운 정보가 없어 배송 조회를 종료했어요. 상품을 받지 못했다면 판매자에게 문의해 주세요."),
        },
        Key::Substatus(s) => match s {
            Sub::PickedUp => ("택배사 집화 완료", "택배사가 상품을 인수했어요."),
            Sub::Departed => ("물류센터 출발", "상품이 다음 거점으로 이동하고 있어요."),
            Sub::Arrived => ("물류센터 도착", "상품이 분류센터, 공항 또는 항구에 도착했어요."),
            Sub::HandedOver => ("현지 택배사로 인계", "마지막 구간은 현지 택배사가 배송해요."),
            Sub::CustomsProcessing => ("통관 진행 중", "세관에서 상품을 확인하고 있어요. 해외 배송에서는 흔한 일이며 보통 1~5일 걸려요."),
            Sub::CustomsCleared => ("통관 완료", "세관에서 상품 통관이 완료되었어요."),
            Sub::CustomsHeld => ("세관 보류", "통관을 마치려면 서류 제출이나 관세 납부가 필요해요. 택배사의 안내 메시지를 확인하거나 판매자에게 문의해 주세요."),
            Sub::DelayedWeather => ("기상 악화로 지연", "악천후로 이 지역 배송이 늦어지고 있어요. 안전해지는 대로 다시 배송돼요."),
            Sub::DelayedVolume => ("물량 증가로 지연", "택배사 물량이 평소보다 많아 하루이틀 더 걸릴 수 있어요."),
            Sub::DelayedOther => ("배송 지연", "택배사에서 배송 지연을 알려 왔어요. 상품은 계속 배송 중이에요."),
            Sub::AddressProblem => ("주소 오류", "입력된 주소로 배송하지 못했어요. 판매자나 택배사에 연락해 주소를 수정해 주세요."),
            Sub::RecipientUnavailable => ("수취인 부재", "택배기사가 다시 방문하거나, 상품을 찾을 수 있는 곳을 안내해 드려요."),
            Sub::Refused => ("수취 거부", "배송 시 수령이 거부되어 상품이 발송인에게 반송돼요."),
            Sub::ReturningToSender => ("반송 중", "상품이 판매자에게 돌아가고 있어요. 환불이나 재배송은 판매자에게 문의해 주세요."),
            Sub::ReturnedToSender => ("반송 완료", "상품이 판매자에게 돌아갔어요. 환불이나 재배송은 판매자에게 문의해 주세요."),
            Sub::Lost => ("택배사 분실", "택배사가 상품을 찾지 못하고 있어요. 판매자에게 문의하시면 판매자가 택배사에 보상을 청구하고 상품을 다시 보내거나 환불해 드릴 수 있어요."),
            Sub::Damaged => ("파손", "배송 중 상품이 파손되었어요. 교환은 판매자에게 문의해 주세요."),
            Sub::Cancelled => ("배송 취소", "판매자가 이 배송을 취소했어요. 예상하지 못한 일이라면 판매자에게 문의해 주세요."),
            Sub::PickupReady => ("픽업 가능", "상품이 준비되어 있어요. 신분증이나 수령 코드를 준비해 주세요."),
            Sub::DeliveredToRecipient => ("직접 전달", "택배기사가 상품을 직접 전달했어요."),
            Sub::DeliveredSafePlace => ("안전한 장소에 배송", "택배기사가 상품을 문 앞이나 우편함에 두었거나 이웃에게 맡겼어요."),
            Sub::CollectedFromPickup => ("수령 완료", "픽업 장소에서 상품을 찾아갔어요."),
        },
        Key::Milestone(m) => match m {
            M::InfoReceived => ("주문 완료", "판매자가 운송장을 등록했어요."),
            M::PickedUp => ("집화", "택배사가 상품을 인수했어요."),
            M::InTransit => ("배송 중", "상품이 고객님께 가고 있어요."),
            M::Customs => ("통관", "상품의 수입 통관이 완료되었어요."),
            M::OutForDelivery => ("배송 출발", "상품이 배송 차량에 실렸어요."),
            M::Delivered => ("배송 완료", "상품이 도착했어요."),
            M::Returned => ("반송", "상품이 고객님 대신 판매자에게 돌아가요."),
        },
        Key::Notice(n) => match n {
            N::ScanGap => ("{days}일째 새 업데이트 없음", "상품이 국가 간에 이동하는 동안에는 흔한 일이에요. 도착 국가에 들어오면 다시 스캔돼요. {date}까지도 소식이 없으면 판매자에게 문의해 주세요."),
            N::CustomsHold => ("세관 보류", "통관을 마치려면 서류 제출이나 관세 납부가 필요해요. 택배사의 안내 메시지를 확인해 주시고, 연락이 없으면 판매자에게 문의해 주세요."),
            N::Delay => ("배송이 지연되고 있어요", "택배사 안내: {reason}. 상품은 계속 배송 중이에요."),
            N::Stale => ("최신 정보가 아닐 수 있어요", "지금은 {carrier}에 연결할 수 없어 {time} 기준 정보를 보여 드려요. 연결되는 대로 업데이트할게요."),
        },
        Key::Ui(u) => ui(u),
        Key::Mail(m) => match m {
            Mail::TrackParcel => ("배송 조회하기", ""),
            Mail::WhyThisMessage => ("{merchant}에서 주문하셔서 이 메시지를 보내드립니다.", ""),
            Mail::Unsubscribe => ("이 알림 수신 거부", ""),
            Mail::Unsubscribed => ("이 주문에 대한 알림을 더 이상 보내드리지 않습니다.", ""),
        },
    }
}

/// (label, explanation) for a widget message: separate, so the widget links only these.
pub(super) fn ui(u: Ui) -> (&'static str, &'static str) {
    match u {
        Ui::Loading => ("배송 정보 불러오는 중…", ""),
        Ui::NoNumber => ("운송장 번호 없음", "이 페이지에 조회할 운송장 번호가 없어요."),
        Ui::NotFound => ("아직 정보가 없어요", "택배사에 이 상품 정보가 아직 없어요. 운송장은 보통 출력하고 몇 시간 뒤부터 조회되니 잠시 후 다시 확인해 주세요."),
        Ui::BadNumber => ("올바르지 않은 운송장 번호", "번호를 확인해 주세요. 운송장 번호는 영문과 숫자로만 이루어져 있어요."),
        Ui::Unavailable => ("배송 조회 불가", "지금은 택배사에 연결할 수 없어요. 몇 분 후 다시 시도해 주세요."),
        Ui::Offline => ("오프라인 상태예요", "최신 정보를 보려면 인터넷에 다시 연결해 주세요."),
        Ui::EstimatedDelivery => ("도착 예정일", ""),
        Ui::EtaFromCarrier => ("택배사 예상", "택배사가 안내한 도착 예정일이에요."),
        Ui::EtaPredicted => ("자체 예측", "이 경로에서 비슷한 상품이 배송되는 데 걸린 기간을 바탕으로 예측했어요."),
        Ui::EtaConfidenceHigh => ("신뢰도 높음", ""),
        Ui::EtaConfidenceMedium => ("신뢰도 보통", ""),
        Ui::EtaConfidenceLow => ("신뢰도 낮음", ""),
        Ui::History => ("배송 조회 내역", ""),
        Ui::Progress => ("배송 진행 상황", ""),
        Ui::CarrierPage => ("{carrier} 웹사이트에서 조회", ""),
        Ui::ShowAll => ("전체 내역 보기", ""),
        Ui::ShowFewer => ("간략히 보기", ""),
        Ui::LastUpdate => ("최근 업데이트", ""),
        Ui::NewUpdate => ("새 업데이트", "배송 정보가 방금 바뀌었어요."),
        Ui::Route => ("배송 경로", ""),
        Ui::FindOrder => ("주문 조회", "주문번호와 주문할 때 사용한 이메일을 입력해 주세요."),
        Ui::OrderNumber => ("주문번호", ""),
        Ui::Email => ("이메일", ""),
        Ui::Find => ("조회", ""),
        Ui::OrderNotFound => ("주문을 찾을 수 없어요", "입력한 주문번호와 이메일로 주문을 찾지 못했어요. 두 가지를 모두 확인하고 다시 시도해 주세요."),
    }
}
