//! 日本語 (Japanese): follows en.rs key for key.
//!
//! Placeholders: `{days}` and `{date}` (scan-gap notice), `{reason}` (delay notice: a substatus
//! label), `{carrier}` and `{time}` (stale notice, carrier page link).

use super::{Key, Mail, Ui};
use crate::model::{Milestone as M, NoticeKind as N, Status as S, Substatus as Sub};

/// (label, explanation) for `key`.
pub(super) fn text(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::Status(s) => match s {
            S::Pending => ("配送業者の情報待ち", "配送業者にまだ情報が登録されていません。送り状の発行から数時間後に反映されることがよくあります。"),
            S::InfoReceived => ("発送準備中", "ショップがお荷物の発送準備をしました。配送業者が集荷するとスキャンされます。"),
            S::InTransit => ("輸送中", "お荷物は配送業者のネットワーク内を輸送中です。"),
            S::OutForDelivery => ("配達中", "お荷物は配達車両に積み込まれ、本日お届け予定です。"),
            S::FailedAttempt => ("お届けできませんでした", "お荷物をお届けできませんでした。通常は翌営業日に再配達されますが、配送業者に再配達を依頼することもできます。"),
            S::AvailableForPickup => ("受取可能", "お荷物は受取場所または宅配ロッカーに届いています。本人確認書類または受取コードをお持ちください。"),
            S::Delivered => ("配達完了", "お荷物をお届けしました。"),
            S::Exception => ("要確認", "お荷物に予期しない事態が発生しました。対応方法は最新の更新情報をご確認ください。"),
            S::Expired => ("追跡終了", "長期間新しい情報がないため、追跡を終了しました。お荷物が届いていない場合は、ショップにお問い合わせください。"),
        },
        Key::Substatus(s) => match s {
            Sub::PickedUp => ("集荷完了", "配送業者がお荷物を引き受けました。"),
            Sub::Departed => ("拠点を出発", "お荷物は次の拠点に向かっています。"),
            Sub::Arrived => ("拠点に到着", "お荷物が仕分けセンター、空港または港に到着しました。"),
            Sub::HandedOver => ("現地の配送業者に引き渡し", "最後の区間は現地の配送業者がお届けします。"),
            Sub::CustomsProcessing => ("通関手続き中", "税関でお荷物を確認しています。国際配送ではよくあることで、通常1〜5日ほどかかります。"),
            Sub::CustomsCleared => ("通関完了", "税関での手続きが完了しました。"),
            Sub::CustomsHeld => ("税関で保留中", "お荷物の通関には、書類の提出または輸入関税の支払いが必要です。配送業者からの連絡をご確認いただくか、ショップにお問い合わせください。"),
            Sub::DelayedWeather => ("悪天候による遅延", "悪天候のため、この地域の配達に遅れが出ています。安全が確認され次第、輸送を再開します。"),
            Sub::DelayedVolume => ("荷物の集中による遅延", "配送業者の取扱量が通常より多いため、お届けが1〜2日遅れる場合があります。"),
            Sub::DelayedOther => ("遅延", "配送業者から遅延の連絡がありました。お荷物は引き続き輸送中です。"),
            Sub::AddressProblem => ("住所の不備", "ご指定の住所にお届けできませんでした。ショップまたは配送業者に連絡して、住所を修正してください。"),
            Sub::RecipientUnavailable => ("ご不在", "配達員が再度お届けするか、お荷物の受取場所を記載した不在連絡票を投函します。"),
            Sub::Refused => ("受取拒否", "お届け時に受け取りを拒否されたため、お荷物は差出人に返送されます。"),
            Sub::ReturningToSender => ("差出人へ返送中", "お荷物はショップへ返送されています。返金または再送については、ショップにお問い合わせください。"),
            Sub::ReturnedToSender => ("差出人へ返送済み", "お荷物はショップに戻りました。返金または再送については、ショップにお問い合わせください。"),
            Sub::Lost => ("配送業者による紛失", "配送業者がお荷物を見つけられない状態です。ショップにお問い合わせください。ショップが配送業者に補償を請求し、代わりの商品の発送または返金を行えます。"),
            Sub::Damaged => ("破損", "輸送中にお荷物が破損しました。交換についてはショップにお問い合わせください。"),
            Sub::Cancelled => ("発送キャンセル", "ショップがこの発送をキャンセルしました。お心当たりがない場合は、ショップにお問い合わせください。"),
            Sub::PickupReady => ("お受け取りの準備完了", "お荷物のお受け取りが可能です。本人確認書類または受取コードをお持ちください。"),
            Sub::DeliveredToRecipient => ("手渡しで配達完了", "配達員がお荷物を直接お渡ししました。"),
            Sub::DeliveredSafePlace => ("置き配完了", "配達員がお荷物を玄関前や郵便受けに置くか、ご近所の方にお預けしました。"),
            Sub::CollectedFromPickup => ("受け取り済み", "受取場所でお荷物が受け取られました。"),
        },
        Key::Milestone(m) => match m {
            M::InfoReceived => ("ご注文", "ショップが送り状を作成しました。"),
            M::PickedUp => ("集荷", "配送業者がお荷物を引き受けました。"),
            M::InTransit => ("輸送中", "お荷物はお客様のもとへ輸送中です。"),
            M::Customs => ("通関", "輸入の通関手続きが完了しました。"),
            M::OutForDelivery => ("配達中", "お荷物は配達車両に積まれています。"),
            M::Delivered => ("配達完了", "お荷物が届きました。"),
            M::Returned => ("返送", "お荷物はお客様ではなくショップへ戻ります。"),
        },
        Key::Notice(n) => match n {
            N::ScanGap => ("{days}日間更新がありません", "国をまたいで輸送されている間はよくあることです。到着国に届くと、再びスキャンされます。{date}までに新しい情報がない場合は、ショップにお問い合わせください。"),
            N::CustomsHold => ("税関で保留中", "お荷物の通関には、書類の提出または輸入関税の支払いが必要です。配送業者からの連絡をご確認ください。連絡がない場合は、ショップにお問い合わせください。"),
            N::Delay => ("お荷物が遅れています", "配送業者からのお知らせ：{reason}。お荷物は引き続き輸送中です。"),
            N::Stale => ("最新の情報ではない可能性があります", "現在{carrier}に接続できないため、{time}時点の情報を表示しています。接続でき次第、更新します。"),
        },
        Key::Ui(u) => ui(u),
        Key::Mail(m) => match m {
            Mail::TrackParcel => ("荷物を追跡する", ""),
            Mail::WhyThisMessage => ("{merchant}でご注文いただいたため、このメールをお送りしています。", ""),
            Mail::Unsubscribe => ("この通知の配信を停止する", ""),
            Mail::Unsubscribed => ("このご注文に関する通知は今後お送りしません。", ""),
        },
    }
}

/// (label, explanation) for a widget message: separate, so the widget links only these.
pub(super) fn ui(u: Ui) -> (&'static str, &'static str) {
    match u {
        Ui::Loading => ("追跡情報を読み込み中…", ""),
        Ui::NoNumber => ("追跡番号がありません", "このページでは、追跡するお荷物が指定されていません。"),
        Ui::NotFound => ("まだ情報がありません", "配送業者にこのお荷物の情報がまだありません。送り状の発行から数時間後に反映されることが多いため、しばらくしてから再度ご確認ください。"),
        Ui::BadNumber => ("追跡番号が正しくありません", "番号をご確認ください。追跡番号に使えるのは英字と数字のみです。"),
        Ui::Unavailable => ("追跡情報を取得できません", "現在、配送業者に接続できません。数分後にもう一度お試しください。"),
        Ui::Offline => ("オフラインです", "最新情報を見るには、インターネットに再接続してください。"),
        Ui::EstimatedDelivery => ("お届け予定日", ""),
        Ui::EtaFromCarrier => ("配送業者の予定", "配送業者が案内しているお届け予定日です。"),
        Ui::EtaPredicted => ("当社の予測", "このルートで同様のお荷物にかかった日数から予測しています。"),
        Ui::EtaConfidenceHigh => ("信頼度：高", ""),
        Ui::EtaConfidenceMedium => ("信頼度：中", ""),
        Ui::EtaConfidenceLow => ("信頼度：低", ""),
        Ui::History => ("配送履歴", ""),
        Ui::Progress => ("配送状況", ""),
        Ui::CarrierPage => ("{carrier}のサイトで確認", ""),
        Ui::ShowAll => ("すべての履歴を表示", ""),
        Ui::ShowFewer => ("履歴を折りたたむ", ""),
        Ui::LastUpdate => ("最終更新", ""),
        Ui::NewUpdate => ("新しい更新情報", "お荷物の追跡情報が更新されました。"),
        Ui::Route => ("配送ルート", ""),
        Ui::FindOrder => ("ご注文を検索", "注文番号と、ご注文時に使用したメールアドレスを入力してください。"),
        Ui::OrderNumber => ("注文番号", ""),
        Ui::Email => ("メールアドレス", ""),
        Ui::Find => ("検索", ""),
        Ui::OrderNotFound => ("ご注文が見つかりません", "この注文番号とメールアドレスに一致するご注文が見つかりませんでした。両方をご確認のうえ、もう一度お試しください。"),
    }
}
