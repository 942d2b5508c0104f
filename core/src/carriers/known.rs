//! Every carrier Trackline names, in one table: its code, the name buyers know and its public
//! tracking page. Detection (`crate::detect`) points its formats at these; connectors name
//! their own carrier from here; aggregators' pushes and answers name the carrier behind a parcel
//! by its code ([`lookup`]). So a buyer gets the same link for a UPS parcel however it came in.
//!
//! The reference data's couriers come first (their tracking URLs as the data gives them, made
//! current where the carrier moved its page), then the Chinese carriers and cross-border lines,
//! the postal operators named for S10 numbers, and the carriers only aggregators name.

// One static per carrier, named after it: the table documents itself.
#![allow(missing_docs)]

use crate::detect::DetectedCarrier;
use crate::model;

/// A carrier and its public tracking page (`%s` stands for the number).
#[derive(Debug)]
pub struct Carrier {
    /// The code and name returned.
    pub id: DetectedCarrier,
    /// The tracking page, with `%s` for the number.
    pub url: &'static str,
}

const fn carrier(code: &'static str, name: &'static str, url: &'static str) -> Carrier {
    Carrier {
        id: DetectedCarrier { code, name },
        url,
    }
}

// The reference data's couriers (`courier_code` and its tracking URL, where it gives one).
pub static AMAZON: Carrier = carrier(
    "amazon",
    "Amazon Logistics",
    // The data gives no URL: Amazon's own tracking page.
    "https://track.amazon.com/tracking/%s",
);
pub static CANADA_POST: Carrier = carrier(
    "canada_post",
    "Canada Post",
    "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=%s",
);
pub static CANPAR: Carrier = carrier(
    "canpar",
    "Canpar",
    "https://www.canpar.com/en/track/tracking.jsp?reference=%s&locale=en",
);
pub static DHL: Carrier = carrier(
    "dhl",
    "DHL",
    "https://www.dhl.com/global-en/home/tracking.html?tracking-id=%s",
);
pub static DPD: Carrier = carrier(
    "dpd",
    "DPD",
    "https://www.dpdgroup.com/nl/mydpd/my-parcels/track?lang=en&parcelNumber=%s",
);
pub static FEDEX: Carrier = carrier(
    "fedex",
    "FedEx",
    "https://www.fedex.com/fedextrack/?trknbr=%s",
);
pub static GOFO: Carrier = carrier(
    "gofo",
    "GOFO Express",
    "https://www.gofoexpress.com/tracking.html?searchID=%s",
);
pub static LANDMARK: Carrier = carrier(
    "landmark",
    "Landmark Global",
    "https://track.landmarkglobal.com/?search=%s",
);
pub static LASERSHIP: Carrier = carrier(
    "lasership",
    "LaserShip",
    // The data gives no URL: LaserShip's own tracking page.
    "https://www.lasership.com/track/%s",
);
pub static OLD_DOMINION: Carrier = carrier(
    "old_dominion",
    "Old Dominion",
    "https://www.odfl.com/us/en/tools/trace-track-ltl-freight/trace.html?proNumbers=%s",
);
pub static ONTRAC: Carrier = carrier(
    "ontrac",
    "OnTrac",
    "https://www.ontrac.com/tracking/?number=%s",
);
pub static PUROLATOR: Carrier = carrier(
    "purolator",
    "Purolator",
    "https://www.purolator.com/en/shipping/tracker?searchValue=%s",
);
pub static SPEEDEE: Carrier = carrier(
    "speedee",
    "Spee-Dee Delivery",
    "https://www.speedeedelivery.com/track/?tracking=%s",
);
pub static UPS: Carrier = carrier(
    "ups",
    "UPS",
    "https://www.ups.com/track?loc=en_US&tracknum=%s",
);
pub static USPS: Carrier = carrier(
    "usps",
    "USPS",
    "https://tools.usps.com/go/TrackConfirmAction?tLabels=%s",
);
pub static YODEL: Carrier = carrier("yodel", "Yodel", "https://www.yodel.co.uk/tracking/%s");
pub static YUNEXPRESS: Carrier = carrier(
    "yunexpress",
    "YunExpress",
    "https://www.yuntrack.com/parcelTracking?id=%s",
);
/// An S10 number whose postal operator has no entry in [`S10_OPERATORS`]. The data gives no
/// tracking page for S10 and the UPU has no public one, so this is a universal tracker.
pub static POSTAL_S10: Carrier = carrier(
    "s10",
    "Postal service (UPU S10)",
    "https://t.17track.net/en#nums=%s",
);

// Chinese carriers and cross-border lines.
pub static SF_EXPRESS: Carrier = carrier(
    "sf_express",
    "SF Express",
    "https://www.sf-express.com/chn/sc/waybill/waybill-detail/%s",
);
pub static ZTO: Carrier = carrier(
    "zto",
    "ZTO Express",
    "https://www.zto.com/express/expressCheck.html?txtBill=%s",
);
pub static YTO: Carrier = carrier(
    "yto",
    "YTO Express",
    "https://www.yto.net.cn/gw/service/Consult.html?number=%s",
);
pub static STO: Carrier = carrier(
    "sto",
    "STO Express",
    "https://www.sto.cn/pc/service-page?type=1&billCode=%s",
);
pub static YUNDA: Carrier = carrier(
    "yunda",
    "Yunda Express",
    "https://www.yundaex.com/cn/track/index?number=%s",
);
pub static JD: Carrier = carrier(
    "jd",
    "JD Logistics",
    "https://www.jdl.com/orderSearch/?waybillCodes=%s",
);
pub static CAINIAO: Carrier = carrier(
    "cainiao",
    "Cainiao",
    "https://global.cainiao.com/detail.htm?mailNoList=%s",
);
pub static CHINA_POST: Carrier = carrier(
    "china_post",
    "China Post",
    "https://www.ems.com.cn/queryList?mailNum=%s",
);
pub static CHINA_EMS: Carrier = carrier(
    "china_ems",
    "China EMS",
    "https://www.ems.com.cn/queryList?mailNum=%s",
);

// Postal operators named for S10 numbers by their country suffix.
pub static ROYAL_MAIL: Carrier = carrier(
    "royal_mail",
    "Royal Mail",
    "https://www.royalmail.com/track-your-item#/tracking-results/%s",
);
pub static DEUTSCHE_POST: Carrier = carrier(
    "deutsche_post",
    "Deutsche Post",
    "https://www.deutschepost.de/de/s/sendungsverfolgung.html?piececode=%s",
);
pub static LA_POSTE: Carrier = carrier(
    "la_poste",
    "La Poste",
    "https://www.laposte.fr/outils/suivre-vos-envois?code=%s",
);
pub static AUSTRALIA_POST: Carrier = carrier(
    "australia_post",
    "Australia Post",
    "https://auspost.com.au/mypost/track/details/%s",
);
pub static JAPAN_POST: Carrier = carrier(
    "japan_post",
    "Japan Post",
    "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=%s&locale=en",
);
pub static CORREOS: Carrier = carrier(
    "correos",
    "Correos",
    "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number=%s",
);
pub static POSTE_ITALIANE: Carrier = carrier(
    "poste_italiane",
    "Poste Italiane",
    "https://www.poste.it/cerca/index.html#/risultati-spedizioni/%s",
);
pub static NZ_POST: Carrier = carrier(
    "nz_post",
    "NZ Post",
    "https://www.nzpost.co.nz/tools/tracking/item/%s",
);
pub static RUSSIAN_POST: Carrier = carrier(
    "russian_post",
    "Russian Post",
    "https://www.pochta.ru/tracking#%s",
);

// Carriers only the aggregators name (no format of theirs is detected, no page known).
pub static JT_EXPRESS: Carrier = carrier("jt_express", "J&T Express", "");
pub static YANWEN: Carrier = carrier("yanwen", "Yanwen", "");
pub static FOUR_PX: Carrier = carrier("4px", "4PX", "");

/// Every carrier in this table.
pub static ALL: &[&Carrier] = &[
    &AMAZON,
    &CANADA_POST,
    &CANPAR,
    &DHL,
    &DPD,
    &FEDEX,
    &GOFO,
    &LANDMARK,
    &LASERSHIP,
    &OLD_DOMINION,
    &ONTRAC,
    &PUROLATOR,
    &SPEEDEE,
    &UPS,
    &USPS,
    &YODEL,
    &YUNEXPRESS,
    &POSTAL_S10,
    &SF_EXPRESS,
    &ZTO,
    &YTO,
    &STO,
    &YUNDA,
    &JD,
    &CAINIAO,
    &CHINA_POST,
    &CHINA_EMS,
    &ROYAL_MAIL,
    &DEUTSCHE_POST,
    &LA_POSTE,
    &AUSTRALIA_POST,
    &JAPAN_POST,
    &CORREOS,
    &POSTE_ITALIANE,
    &NZ_POST,
    &RUSSIAN_POST,
    &JT_EXPRESS,
    &YANWEN,
    &FOUR_PX,
];

/// The carrier with Trackline code `code`.
pub fn lookup(code: &str) -> Option<&'static Carrier> {
    ALL.iter().copied().find(|c| c.id.code == code)
}

impl Carrier {
    /// Its tracking page for `number` (percent-encoded: numbers are letters and digits, but a
    /// page is no place to trust that), when it has one.
    pub fn page(&self, number: &str) -> Option<String> {
        let number =
            percent_encoding::utf8_percent_encode(number, percent_encoding::NON_ALPHANUMERIC);
        (!self.url.is_empty()).then(|| self.url.replacen("%s", &number.to_string(), 1))
    }

    /// The carrier as the model shows it, for `number`: with its own tracking page, else
    /// `fallback_url` (the page an aggregator gave).
    pub fn model(&self, number: &str, fallback_url: Option<String>) -> model::Carrier {
        model::Carrier {
            code: self.id.code.to_owned(),
            name: self.id.name.to_owned(),
            tracking_url: self.page(number).or(fallback_url),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_code_and_web_pages_only() {
        for (i, c) in ALL.iter().enumerate() {
            assert!(
                ALL[..i].iter().all(|o| o.id.code != c.id.code),
                "{} twice",
                c.id.code
            );
            if let Some(page) = c.page("NUMBER") {
                assert!(page.starts_with("https://"), "{page}");
                assert!(page.contains("NUMBER"), "{page}");
                assert_eq!(c.url.matches("%s").count(), 1, "{}", c.id.code);
            }
        }
    }

    #[test]
    fn a_carrier_has_one_page_however_its_parcel_came_in() {
        assert_eq!(
            lookup("ups")
                .and_then(|c| c.page("1Z999AA10123456784"))
                .as_deref(),
            Some("https://www.ups.com/track?loc=en_US&tracknum=1Z999AA10123456784")
        );
        assert_eq!(
            lookup("yanwen").unwrap().model("X1", None).tracking_url,
            None
        );
        assert_eq!(
            lookup("yanwen")
                .unwrap()
                .model("X1", Some("https://t.example/X1".into()))
                .tracking_url
                .as_deref(),
            Some("https://t.example/X1")
        );
        assert!(lookup("nobody").is_none());
    }
}
