//! The tracking-number formats, one table entry each, grouped by carrier.
//!
//! Every format of the reference data (`tracking_number_data`, MIT licensed, Jeff Keen) is here,
//! written from its regular expression into the pattern language of [`super::pattern`], with
//! the data's checksum, `serial_number_format` and service lookups. After them come the formats
//! of the big Chinese carriers and cross-border lines, which the data does not have.
//!
//! Choices worth knowing (see also the module docs of [`super`]):
//! - Numbers are matched cleaned (no spaces, dashes or dots), so the data's optional whitespace
//!   disappears, LaserShip 1LS7 (18)'s `-1` suffix is the literal `1`, and DHL E-Commerce's
//!   serial length (10 to 39, which in the data counts spaces too) counts only letters and
//!   digits and is capped so the whole number stays within [`crate::number::MAX_LEN`].
//! - The S10 format names the issuing postal operator when its country is one of those in
//!   [`S10_OPERATORS`] (China Post, or China EMS for `E*` service indicators, for `CN`), and is
//!   otherwise code `s10`, "Postal service (UPU S10)". Its country must be one the data lists.
//! - A USPS IMpb C number under the USPS mailer ID of a shipper that hands its parcels to USPS
//!   for the last mile ([`FEDEX_MAILER_IDS`], [`DHL_ECOMMERCE_MAILER_IDS`]) is also that
//!   shipper's, in a format of our own (FedEx Ground Economy, DHL E-Commerce (IMpb)): the
//!   mailer ID is a literal of the shipper's format, so it ranks first, and USPS IMpb C offers
//!   USPS second. The data (since its 2.0) calls all of them USPS; the mailer IDs come from its
//!   earlier test numbers.
//! - `service` is the name the data's service-type lookup gives the captured code when there
//!   is one (UPS, UPS Waybill, USPS 20 and Legacy, USPS IMpb C, DPD, S10), else the format's
//!   name from the data; the added Chinese formats encode no service and give none.

use super::checksum::Checksum;
use super::pattern::{
    an, char_bit, d, first_chars, is_flat, last_chars, letter_head, letter_tail, max_len, min_len,
    one, up, Class, Role, Seg,
};
#[allow(clippy::wildcard_imports)] // the carriers' statics, one per carrier
use crate::carriers::known::*;

/// The postal operators S10 numbers are attributed to by their country suffix. `CN` is not
/// here: it depends on the service indicator (see [`s10_carrier`]).
pub(crate) static S10_OPERATORS: [(&[u8; 2], &Carrier); 11] = [
    (b"US", &USPS),
    (b"CA", &CANADA_POST),
    (b"GB", &ROYAL_MAIL),
    (b"DE", &DEUTSCHE_POST),
    (b"FR", &LA_POSTE),
    (b"AU", &AUSTRALIA_POST),
    (b"JP", &JAPAN_POST),
    (b"ES", &CORREOS),
    (b"IT", &POSTE_ITALIANE),
    (b"NZ", &NZ_POST),
    (b"RU", &RUSSIAN_POST),
];

/// The country codes the data's S10 `Courier` lookup lists (191 postal operators), which its
/// `validation.additional.exists` requires of an S10 number.
const S10_COUNTRIES: &[u8] = concat!(
    "AEAFAGALAMAOARATAUAZBABBBDBEBFBGBHBIBJBNBOBRBSBTBWBYBZCACDCFCGCHCICLCMCNCOCRCUCV",
    "CYCZDEDJDKDMDODZECEEEGERESETFIFJFRGAGBGDGEGHGMGNGQGRGTGWGYHKHNHRHTHUIDIEILINIQIR",
    "ISITJMJOJPKEKGKHKIKMKNKPKRKWKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMGMKMLMMMNMRMTMUMVMW",
    "MXMYMZNANENGNINLNONPNRNZOMPAPEPGPHPKPLPTPYQARORSRURWSASBSCSDSESGSISKSLSMSNSOSRSS",
    "STSVSYSZTDTGTHTJTLTMTNTOTRTTTVTZUAUGUSUYUZVAVCVEVNVUWSYEZAZMZW",
)
.as_bytes();

/// [`S10_COUNTRIES`] as a bitmap: bit `b` of word `a` is set for country `(A + a)(A + b)`.
static S10_COUNTRY_BITS: [u32; 26] = {
    let mut bits = [0u32; 26];
    let mut i = 0;
    while i + 1 < S10_COUNTRIES.len() {
        bits[(S10_COUNTRIES[i] - b'A') as usize] |= 1 << (S10_COUNTRIES[i + 1] - b'A');
        i += 2;
    }
    bits
};

/// Whether the data knows a postal operator for this S10 country code.
pub(crate) fn s10_country_known(country: &[u8]) -> bool {
    match country {
        [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
            S10_COUNTRY_BITS[usize::from(a - b'A')] & (1 << (b - b'A')) != 0
        }
        _ => false,
    }
}

/// The carrier an S10 number belongs to, from its service indicator and country; `None` when
/// the data knows no postal operator for the country (the number is then not an S10 number).
pub(crate) fn s10_carrier(service: &[u8], country: &[u8]) -> Option<&'static Carrier> {
    if !s10_country_known(country) {
        return None;
    }
    if country == b"CN" {
        return Some(if service.first() == Some(&b'E') {
            &CHINA_EMS
        } else {
            &CHINA_POST
        });
    }
    Some(
        S10_OPERATORS
            .iter()
            .find(|(cc, _)| &cc[..] == country)
            .map_or(&POSTAL_S10, |&(_, carrier)| carrier),
    )
}

/// The data's S10 service-type lookup (its `matches_regex` patterns, in its order).
pub(crate) fn s10_service(code: &[u8]) -> Option<&'static str> {
    let &[a, b] = code else {
        return None;
    };
    Some(match (a, b) {
        (b'E', _) => "EMS",
        (b'L', _) => "Letter Post Express",
        (b'M', _) => "Letter Post M-bag",
        (b'Q', b'A'..=b'M') => "Letter Post IBRS",
        (b'R', _) => "Letter Post Registered",
        (b'U', _) => "Letter Post Misc",
        (b'V', _) => "Letter Post Insured",
        (b'C', _) => "Parcel Post",
        (b'H', _) => "Parcel Post (e-commerce)",
        (b'B' | b'D' | b'N' | b'P' | b'Z', _) | (b'A', b'V'..=b'Z') | (b'G', b'A' | b'D') => {
            "Domestic"
        }
        _ => return None,
    })
}

/// Who a format's numbers belong to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Owner {
    /// Always this carrier.
    Carrier(&'static Carrier),
    /// The postal operator of the S10 country suffix (see [`s10_carrier`]).
    S10,
}

/// Where a candidate's `service` comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Services {
    /// None: the format encodes no service.
    None,
    /// The format's name.
    Name,
    /// The captured service code looked up in this table, else the format's name.
    Table(&'static [(&'static str, &'static str)]),
    /// The S10 service indicator (see [`s10_service`]), else the format's name.
    S10,
}

/// The data's `serial_number_format.prepend_if`: `content` goes in front of the serial before
/// the checksum unless the serial already starts with `unless`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prepend {
    /// The serial start that makes prepending unneeded.
    pub(crate) unless: &'static [u8],
    /// What to prepend.
    pub(crate) content: &'static [u8],
}

/// One tracking-number format.
#[derive(Debug)]
pub(crate) struct Format {
    /// The data's `id` (or our own for the formats it lacks). Tests find formats by it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) id: &'static str,
    /// The data's name for the format.
    pub(crate) name: &'static str,
    /// Who issues these numbers.
    pub(crate) owner: Owner,
    /// The shape of the number.
    pub(crate) pattern: &'static [Seg],
    /// The check-digit algorithm, if the format has one.
    pub(crate) checksum: Option<Checksum>,
    /// The serial-number rewrite before the checksum.
    pub(crate) prepend: Option<Prepend>,
    /// Where the service comes from.
    pub(crate) services: Services,
    /// So loose a shape (a few letters, then anything) that a word pasted next to a number can
    /// make one: such a match never hides the narrower candidates inside it.
    pub(crate) loose: bool,
    /// A hand-set nudge to the ranking, where two formats' shapes fit the same number equally.
    pub(crate) bias: u16,
    /// Shortest and longest numbers.
    pub(crate) min: u8,
    /// See `min`.
    pub(crate) max: u8,
    /// The characters a number can start with ([`char_bit`] mask).
    pub(crate) first: u64,
    /// The characters a number can end with ([`char_bit`] mask).
    pub(crate) last: u64,
    /// Whether the pattern has a single shape (see [`is_flat`]).
    pub(crate) flat: bool,
    /// How many letters a number can start with (a pasted word of more letters is not part of
    /// it).
    pub(crate) head: u8,
    /// How many letters a number can end with.
    pub(crate) tail: u8,
}

/// A format with no checksum, named service or special rules; the builder methods add them.
const fn f(
    id: &'static str,
    name: &'static str,
    owner: &'static Carrier,
    pattern: &'static [Seg],
) -> Format {
    Format {
        id,
        name,
        owner: Owner::Carrier(owner),
        pattern,
        checksum: None,
        prepend: None,
        services: Services::Name,
        loose: false,
        bias: 0,
        min: min_len(pattern) as u8,
        // Lookaheads (`Left`) can make the static bound loose; nothing over the longest number
        // a buyer can paste is tried anyway.
        max: if max_len(pattern) < crate::number::MAX_LEN {
            max_len(pattern) as u8
        } else {
            crate::number::MAX_LEN as u8
        },
        first: first_chars(pattern),
        last: last_chars(pattern),
        flat: is_flat(pattern),
        head: letter_head(pattern).0 as u8,
        tail: letter_tail(pattern).0 as u8,
    }
}

impl Format {
    const fn check(mut self, checksum: Checksum) -> Self {
        self.checksum = Some(checksum);
        self
    }

    const fn prepend(mut self, unless: &'static [u8], content: &'static [u8]) -> Self {
        self.prepend = Some(Prepend { unless, content });
        self
    }

    const fn services(mut self, services: Services) -> Self {
        self.services = services;
        self
    }

    const fn loose(mut self) -> Self {
        self.loose = true;
        self
    }

    const fn bias(mut self, bias: u16) -> Self {
        self.bias = bias;
        self
    }

    const fn owned_by_s10(mut self) -> Self {
        self.owner = Owner::S10;
        self
    }
}

/// The serial number (the data's `SerialNumber` group).
const fn serial(segs: &'static [Seg]) -> Seg {
    Seg::Cap(Role::Serial, segs)
}

/// The service code (the data's `ServiceType` group).
const fn service(segs: &'static [Seg]) -> Seg {
    Seg::Cap(Role::Service, segs)
}

/// A check digit.
const CHECK: Seg = Seg::Cap(Role::Check, &[d(1)]);
/// A check character that may be a letter.
const CHECK_AN: Seg = Seg::Cap(Role::Check, &[an(1)]);
/// `[0-8]`.
const NOT_9: &[u8] = b"012345678";

const fn lit(text: &'static [u8]) -> Seg {
    Seg::Lit(text)
}

const MOD10_31: Checksum = Checksum::Mod10 {
    evens: 3,
    odds: 1,
    reverse: false,
};
const MOD10_13: Checksum = Checksum::Mod10 {
    evens: 1,
    odds: 3,
    reverse: false,
};
const MOD10_12: Checksum = Checksum::Mod10 {
    evens: 1,
    odds: 2,
    reverse: false,
};
const FEDEX_11: Checksum = Checksum::SumProduct {
    weights: &[3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1],
    modulo1: 11,
    modulo2: 10,
};
const FEDEX_13: Checksum = Checksum::SumProduct {
    weights: &[1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1],
    modulo1: 11,
    modulo2: 10,
};

/// The data's UPS service-type lookup.
const UPS_SERVICES: &[(&str, &str)] = &[
    ("01", "UPS United States Next Day Air (Red)"),
    ("02", "UPS United States Second Day Air (Blue)"),
    ("03", "UPS United States Ground"),
    ("12", "UPS United States Third Day Select"),
    ("13", "UPS United States Next Day Air Saver (Red Saver)"),
    ("15", "UPS United States Next Day Air Early A.M."),
    ("22", "UPS United States Ground - Returns Plus - Three Pickup Attempts"),
    ("32", "UPS United States Next Day Air Early A.M. - COD"),
    ("33", "UPS United States Next Day Air Early A.M. - Saturday Delivery, COD"),
    ("41", "UPS United States Next Day Air Early A.M. - Saturday Delivery"),
    ("42", "UPS United States Ground - Signature Required"),
    ("44", "UPS United States Next Day Air - Saturday Delivery"),
    ("66", "UPS United States Worldwide Express"),
    ("72", "UPS United States Ground - Collect on Delivery"),
    ("78", "UPS United States Ground - Returns Plus - One Pickup Attempt"),
    ("90", "UPS United States Ground - Returns - UPS Prints and Mails Label"),
    ("A0", "UPS United States Next Day Air Early A.M. - Adult Signature Required"),
    (
        "A1",
        "UPS United States Next Day Air Early A.M. - Saturday Delivery, Adult Signature Required",
    ),
    ("A2", "UPS United States Next Day Air - Adult Signature Required"),
    ("A8", "UPS United States Ground - Adult Signature Required"),
    (
        "A9",
        "UPS United States Next Day Air Early A.M. - Adult Signature Required, COD",
    ),
    (
        "AA",
        "UPS United States Next Day Air Early A.M. - Saturday Delivery, Adult Signature Required, COD",
    ),
    ("YW", "UPS SurePost - Delivered by the USPS"),
];

/// The data's UPS Waybill service-type lookup.
const UPS_WAYBILL_SERVICES: &[(&str, &str)] = &[
    ("J", "UPS Next Day Express"),
    ("K", "UPS Ground"),
    ("V", "UPS WorldWide Express Saver"),
];

/// The data's USPS 20 and USPS Legacy service-type lookup (its `0[34]` and `2[34]` spelt out).
const USPS_SERVICES: &[(&str, &str)] = &[
    ("01", "Delivery Confirmation"),
    ("02", "Delivery Confirmation"),
    ("03", "Delivery Confirmation"),
    ("04", "Delivery Confirmation"),
    ("05", "Delivery Confirmation"),
    ("06", "Delivery Confirmation"),
    ("07", "Delivery Confirmation"),
    ("08", "Delivery Confirmation"),
    ("14", "Delivery Confirmation"),
    ("21", "Signature Confirmation"),
    ("22", "Signature Confirmation"),
    ("23", "Signature Confirmation"),
    ("24", "Signature Confirmation"),
    ("25", "Signature Confirmation"),
    ("26", "Signature Confirmation"),
    ("34", "Signature Confirmation"),
    ("50", "Electronic File Header"),
    ("56", "Passive Enroute Scan"),
    ("73", "Insured Mail"),
    ("82", "Merchandise Return"),
    ("83", "Merchandise Return"),
    ("85", "Merchandise Return"),
];

/// The data's USPS IMpb C service-type lookup.
const USPS_IMPB_C_SERVICES: &[(&str, &str)] = &[("612", "Parcel Select")];

/// The data's DPD service-type lookup, by its descriptions (its names are internal codes such
/// as `AM1-COD`).
const DPD_SERVICES: &[(&str, &str)] = &[
    ("101", "normal parcel"),
    ("102", "normal parcel, hazardous goods"),
    ("105", "normal parcel, ex works"),
    ("106", "normal parcel, ex works, hazardous goods"),
    ("109", "normal parcel, C.O.D."),
    ("110", "normal parcel, C.O.D., hazardous goods"),
    ("113", "normal parcel, exchange"),
    ("136", "small parcel"),
    ("154", "PARCELLetter"),
    ("155", "Guarantee"),
    ("161", "Guarantee, C.O.D."),
    ("179", "DPD 10:00"),
    ("191", "DPD 10:00, C.O.D."),
    ("225", "DPD 12:00"),
    ("237", "DPD 12:00, C.O.D."),
    ("350", "DPD 8:30"),
];

/// USPS IMpb N shipper IDs of nine digits, starting with 9, then a package ID of 15, 11 or 7
/// digits and the check digit (the data's lookahead).
const SHIP9_N: &[Seg] = &[lit(b"9"), d(8), Seg::Left(&[16, 12, 8])];
/// USPS IMpb C shipper IDs of nine digits, starting with 9, then 11 or 7 digits and the check
/// digit.
const SHIP9_C: &[Seg] = &[lit(b"9"), d(8), SHIP9_C_LEFT];
/// What follows a nine-digit shipper ID in IMpb C: a package ID of 11 or 7 digits, and the
/// check digit.
const SHIP9_C_LEFT: Seg = Seg::Left(&[12, 8]);
/// USPS IMpb shipper IDs of six digits, not starting with 9, then 14 or 10 digits and the check
/// digit.
const SHIP6: &[Seg] = &[one(NOT_9), d(5), Seg::Left(&[15, 11])];
/// USPS IMpb C's routing prefix: 420, the destination ZIP and, only where 22 digits follow, its
/// ZIP+4.
const IMPB_C_ROUTING: Seg = Seg::Opt(&[lit(b"420"), d(5), Seg::Opt(&[d(4), Seg::Left(&[22])])]);
/// USPS IMpb C's package ID, whose length the shipper ID's lookahead decides.
const IMPB_C_PACKAGE: Seg = Seg::Run(Class::DIGIT, 7, 14);

/// FedEx's USPS mailer IDs: a USPS IMpb C number (92, nine-digit shipper ID) under one of them is
/// a FedEx Ground Economy (formerly SmartPost) parcel, which FedEx carries to a USPS facility and
/// USPS delivers. Each is the shipper ID of a test number the reference data gave as FedEx
/// SmartPost before its 2.0, which dropped that format because its shape (any `926129...`) also
/// took other shippers' numbers; a mailer ID is one permit holder's, so it tells them apart.
const FEDEX_MAILER_IDS: &[&[u8]] = &[
    // 9261292700768711948021, first reported as a SmartPost label in jkeen/tracking_number PR 18.
    b"927007687",
    // 420 11213 92 6129098349792366623 8.
    b"909834979",
    // 61299998820821171811, the 20-digit form FedEx prints, without the 92.
    b"999988208",
];
/// DHL eCommerce's USPS mailer ID, from the seven DHL E-Commerce (30) test numbers of the
/// reference data before its 2.0 (`420 ZIP 92 612 903361287 ...`): DHL eCommerce carries these
/// parcels to a USPS facility and USPS delivers them.
const DHL_ECOMMERCE_MAILER_IDS: &[&[u8]] = &[b"903361287"];

/// Every format. Order breaks the last ties in ranking (earlier first).
pub(crate) static FORMATS: [Format; 51] = [
    // ---- UPS ----
    // UPS: 1Z, shipper (6), service (2), package (7), check digit.
    f(
        "ups",
        "UPS",
        &UPS,
        &[
            lit(b"1Z"),
            serial(&[an(6), service(&[an(2)]), an(7)]),
            CHECK,
        ],
    )
    .check(MOD10_12)
    .services(Services::Table(UPS_SERVICES)),
    // UPS Waybill: service letter, 9 digits, check digit.
    f(
        "ups_waybill",
        "UPS Waybill",
        &UPS,
        &[service(&[one(b"AHJKTV")]), serial(&[d(9)]), CHECK],
    )
    .check(MOD10_12)
    .services(Services::Table(UPS_WAYBILL_SERVICES)),
    // ---- USPS ----
    // USPS IMpb N: [420 ZIP [ZIP+4]] 94, service (3), shipper (9 or 6), package, check digit.
    f(
        "usps_impb_n",
        "USPS IMpb N",
        &USPS,
        &[
            Seg::Opt(&[
                lit(b"420"),
                d(5),
                Seg::Left(&[22, 26]),
                Seg::Opt(&[d(4), Seg::Left(&[22])]),
            ]),
            serial(&[
                lit(b"94"),
                service(&[d(3)]),
                Seg::Either(&[SHIP9_N, SHIP6]),
                Seg::Run(Class::DIGIT, 7, 15),
            ]),
            CHECK,
        ],
    )
    .check(Checksum::Mod10 {
        evens: 3,
        odds: 1,
        reverse: true,
    }),
    // USPS IMpb C: [420 ZIP [ZIP+4]] 92 (9-digit shipper), 93 (6-digit) or 95, service (3),
    // shipper, package, check digit.
    f(
        "usps_impb_c",
        "USPS IMpb C",
        &USPS,
        &[
            IMPB_C_ROUTING,
            serial(&[
                Seg::Either(&[
                    &[lit(b"92"), service(&[d(3)]), Seg::Either(&[SHIP9_C])],
                    &[lit(b"93"), service(&[d(3)]), Seg::Either(&[SHIP6])],
                    &[lit(b"95"), service(&[d(3)]), Seg::Either(&[SHIP9_C, SHIP6])],
                ]),
                IMPB_C_PACKAGE,
            ]),
            CHECK,
        ],
    )
    .check(MOD10_31)
    .services(Services::Table(USPS_IMPB_C_SERVICES)),
    // USPS Legacy: [420 ZIP [ZIP+4]] [91] service (2), shipper (9), package (8), check digit;
    // 91 goes in front of the serial for the checksum.
    f(
        "usps_legacy",
        "USPS Legacy",
        &USPS,
        &[
            Seg::Opt(&[lit(b"420"), d(5), Seg::Opt(&[d(4)])]),
            serial(&[Seg::Opt(&[lit(b"91")]), service(&[d(2)]), d(9), d(8)]),
            CHECK,
        ],
    )
    .check(MOD10_31)
    .prepend(b"91", b"91")
    .services(Services::Table(USPS_SERVICES)),
    // USPS 20: service (2), shipper (9), package (8), check digit.
    f(
        "usps_20",
        "USPS 20",
        &USPS,
        &[serial(&[service(&[d(2)]), d(9), d(8)]), CHECK],
    )
    .check(MOD10_31)
    .services(Services::Table(USPS_SERVICES)),
    // ---- FedEx ----
    // FedEx Express (12): 11 digits, check digit.
    f(
        "fedex_12",
        "FedEx Express (12)",
        &FEDEX,
        &[serial(&[d(11)]), CHECK],
    )
    .check(FEDEX_11),
    // FedEx Express (34): [0-8], 14 digits, ZIP (5), serial (13), check digit.
    f(
        "fedex_34",
        "FedEx Express (34)",
        &FEDEX,
        &[one(NOT_9), d(14), d(5), serial(&[d(13)]), CHECK],
    )
    .check(FEDEX_13),
    // FedEx ASTRA (32): 3, 5 + 3 + 7 digits, serial (11), check digit, 4 digits.
    f(
        "fedex_astra_32",
        "FedEx ASTRA (32)",
        &FEDEX,
        &[lit(b"3"), d(5), d(3), d(7), serial(&[d(11)]), CHECK, d(4)],
    )
    .check(FEDEX_11),
    // FedEx Ground: 14 digits, check digit.
    f(
        "fedex_ground",
        "FedEx Ground",
        &FEDEX,
        &[serial(&[d(14)]), CHECK],
    )
    .check(MOD10_13),
    // FedEx Ground (SSCC-18): container type (2), serial (15), check digit.
    f(
        "fedex_ground_sscc_18",
        "FedEx Ground (SSCC-18)",
        &FEDEX,
        &[d(2), serial(&[d(15)]), CHECK],
    )
    .check(MOD10_31),
    // FedEx Ground 96 (22): 96, SCNC (2), service (3), shipper (7), package (7), check digit.
    f(
        "fedex_ground_96",
        "FedEx Ground 96 (22)",
        &FEDEX,
        &[lit(b"96"), d(2), d(3), serial(&[d(7), d(7)]), CHECK],
    )
    .check(MOD10_13),
    // FedEx Ground GSN: 96, SCNC (2), 5, GSN (10), 1, serial (13), check digit.
    f(
        "fedex_ground_gsn",
        "FedEx Ground GSN",
        &FEDEX,
        &[lit(b"96"), d(2), d(5), d(10), d(1), serial(&[d(13)]), CHECK],
    )
    .check(FEDEX_13),
    // FedEx Ground Economy: a USPS IMpb C number (92) under a FedEx mailer ID. The literal
    // mailer ID ranks it above USPS IMpb C, which still offers USPS, the last-mile carrier,
    // second.
    f(
        "fedex_ground_economy",
        "FedEx Ground Economy",
        &FEDEX,
        &[
            IMPB_C_ROUTING,
            serial(&[
                lit(b"92"),
                d(3),
                Seg::OneOf(FEDEX_MAILER_IDS),
                SHIP9_C_LEFT,
                IMPB_C_PACKAGE,
            ]),
            CHECK,
        ],
    )
    .check(MOD10_31),
    // ---- DHL ----
    // DHL Express: 9 or 10 digits, check digit.
    f(
        "dhl_express",
        "DHL Express",
        &DHL,
        &[serial(&[Seg::Run(Class::DIGIT, 9, 10)]), CHECK],
    )
    .check(Checksum::Mod7 { modulo: 7 }),
    // DHL Express (Piece ID): J, 2 or 3 letters, 9 or 10 digits.
    f(
        "dhl_express_piece_id",
        "DHL Express (Piece ID)",
        &DHL,
        &[
            lit(b"J"),
            Seg::Run(Class::UPPER, 2, 3),
            serial(&[Seg::Run(Class::DIGIT, 9, 10)]),
        ],
    ),
    // DHL E-Commerce: a two-letter prefix, then 10 to 38 letters and digits, the first a digit.
    f(
        "dhl_ecommerce",
        "DHL E-Commerce",
        &DHL,
        &[
            Seg::OneOf(&[
                b"GM", b"LX", b"RX", b"UV", b"CN", b"SG", b"TH", b"IN", b"HK", b"MY",
            ]),
            serial(&[d(1), Seg::Run(Class::ALNUM, 9, 37)]),
        ],
    )
    .loose(),
    // DHL E-Commerce (14): 14 digits.
    f(
        "dhl_ecommerce_14",
        "DHL E-Commerce (14)",
        &DHL,
        &[serial(&[d(14)])],
    ),
    // DHL E-Commerce (IMpb): a USPS IMpb C number (92) under DHL eCommerce's mailer ID, ranked
    // above USPS as FedEx Ground Economy is.
    f(
        "dhl_ecommerce_impb",
        "DHL E-Commerce (IMpb)",
        &DHL,
        &[
            IMPB_C_ROUTING,
            serial(&[
                lit(b"92"),
                d(3),
                Seg::OneOf(DHL_ECOMMERCE_MAILER_IDS),
                SHIP9_C_LEFT,
                IMPB_C_PACKAGE,
            ]),
            CHECK,
        ],
    )
    .check(MOD10_31),
    // ---- DPD ----
    // DPD (28): ZIP (7), 14 digits, service (3), country (3), check character.
    f(
        "dpd",
        "DPD (28)",
        &DPD,
        &[serial(&[d(7), d(14), service(&[d(3)]), d(3)]), CHECK_AN],
    )
    .check(Checksum::Mod37_36)
    .services(Services::Table(DPD_SERVICES)),
    // DPD (14): 14 digits, check character.
    f("dpd_14", "DPD (14)", &DPD, &[serial(&[d(14)]), CHECK_AN]).check(Checksum::Mod37_36),
    // ---- Canada and the US regionals ----
    // Canada Post (16): origin (7), 8 digits, check digit.
    f(
        "canada_post",
        "Canada Post (16)",
        &CANADA_POST,
        &[serial(&[d(7), d(8)]), CHECK],
    )
    .check(MOD10_31),
    // Canpar (22): one of CDKLSUXZ, 21 digits.
    f(
        "canpar_22",
        "Canpar (22)",
        &CANPAR,
        &[serial(&[one(b"CDKLSUXZ"), d(21)])],
    ),
    // Purolator (12): 0-5, 10 digits, check digit.
    f(
        "purolator_numeric",
        "Purolator (12)",
        &PUROLATOR,
        &[serial(&[one(b"012345"), d(10)]), CHECK],
    )
    .check(Checksum::Luhn),
    // Purolator (alpha + 9): 3 letters, 9 digits. Exactly the data's shape, where DHL's Piece
    // ID (J, 2-3 letters, 9-10 digits) only overlaps it: ranked above it.
    f(
        "purolator_alpha",
        "Purolator (alpha + 9)",
        &PUROLATOR,
        &[serial(&[up(3), d(9)])],
    )
    .loose()
    .bias(2),
    // OnTrac: C, 13 digits, check digit; 4 goes in front of the serial for the checksum.
    f(
        "ontrac_c",
        "OnTrac",
        &ONTRAC,
        &[lit(b"C"), serial(&[d(13)]), CHECK],
    )
    .check(MOD10_12)
    .prepend(b"4", b"4"),
    // OnTrac D: D, 13 digits, check digit; 5 goes in front of the serial for the checksum.
    f(
        "ontrac_d",
        "OnTrac D",
        &ONTRAC,
        &[lit(b"D"), serial(&[d(13)]), CHECK],
    )
    .check(MOD10_12)
    .prepend(b"5", b"5"),
    // LaserShip LX: L, one of AIEHNX, 1-3, 7 digits.
    f(
        "lasership_lx",
        "LaserShip LX",
        &LASERSHIP,
        &[lit(b"L"), one(b"AIEHNX"), one(b"123"), serial(&[d(7)])],
    ),
    // LaserShip 1LS7 (15): 1LS7, 1 or 2, 4 digits, 6 digits.
    f(
        "lasership_1ls7",
        "LaserShip 1LS7 (15)",
        &LASERSHIP,
        &[lit(b"1LS7"), one(b"12"), d(4), serial(&[d(6)])],
    ),
    // LaserShip 1LS7 (18): 1LS7, 1 or 2, 2 digits, 01, 1-4, 6 digits, -1 (the dash cleaned).
    f(
        "lasership_1ls7_18",
        "LaserShip 1LS7 (18)",
        &LASERSHIP,
        &[
            lit(b"1LS7"),
            one(b"12"),
            d(2),
            lit(b"01"),
            one(b"1234"),
            serial(&[d(6)]),
            lit(b"1"),
        ],
    ),
    // LaserShip 1LSCX (15): 1LSCX, 10 letters or digits.
    f(
        "lasership_1lscx",
        "LaserShip 1LSCX (15)",
        &LASERSHIP,
        &[lit(b"1LSCX"), serial(&[an(10)])],
    ),
    // Old Dominion: 777, 778, 072 or 780, 7 digits, check digit.
    f(
        "old_dominion",
        "Old Dominion",
        &OLD_DOMINION,
        &[
            serial(&[Seg::OneOf(&[b"777", b"778", b"072", b"780"]), d(7)]),
            CHECK,
        ],
    )
    .check(Checksum::Luhn),
    // Old Dominion Guaranteed Shipment: 80, 8 digits, check digit.
    f(
        "old_dominion_guaranteed",
        "Old Dominion Guaranteed Shipment",
        &OLD_DOMINION,
        &[serial(&[lit(b"80"), d(8)]), CHECK],
    )
    .check(Checksum::Luhn),
    // Spee-Dee (20): SP, 18 digits.
    f(
        "speedee",
        "Spee-Dee (20)",
        &SPEEDEE,
        &[lit(b"SP"), serial(&[d(18)])],
    ),
    // GOFO Express (US): GFUS, 14 digits.
    f(
        "gofo_us",
        "GOFO Express (US)",
        &GOFO,
        &[lit(b"GFUS"), serial(&[d(14)])],
    ),
    // Landmark Global LTN: LTN, 8 digits, N1.
    f(
        "landmark_global",
        "Landmark Global LTN",
        &LANDMARK,
        &[lit(b"LTN"), serial(&[d(8)]), lit(b"N1")],
    ),
    // Amazon Logistics: TB, A, C or M, 12 digits.
    f(
        "amazon_logistics",
        "Amazon Logistics",
        &AMAZON,
        &[lit(b"TB"), one(b"ACM"), serial(&[d(12)])],
    ),
    // Amazon International: A, F or C, 10 digits.
    f(
        "amazon_international",
        "Amazon International",
        &AMAZON,
        &[one(b"AFC"), serial(&[d(10)])],
    )
    .loose(),
    // ---- UK ----
    // Yodel: J, optional J, D, 16 digits.
    f(
        "yodel",
        "Yodel",
        &YODEL,
        &[
            lit(b"J"),
            Seg::Opt(&[lit(b"J")]),
            lit(b"D"),
            serial(&[d(16)]),
        ],
    ),
    // ---- Postal services ----
    // S10: service indicator (2 letters), serial (8), check digit, country (2 letters).
    f(
        "s10",
        "S10",
        &POSTAL_S10,
        &[
            service(&[up(2)]),
            serial(&[d(8)]),
            CHECK,
            Seg::Cap(Role::Country, &[up(2)]),
        ],
    )
    .check(Checksum::S10 {
        weights: &[8, 6, 4, 2, 3, 5, 9, 7],
        modulo: 11,
    })
    .services(Services::S10)
    .owned_by_s10(),
    // ---- China and cross-border ----
    // YunExpress: YT, 16 digits.
    f(
        "yunexpress",
        "YunExpress",
        &YUNEXPRESS,
        &[lit(b"YT"), serial(&[d(16)])],
    ),
    // SF Express: SF, 13 digits.
    f(
        "sf_express",
        "SF Express",
        &SF_EXPRESS,
        &[lit(b"SF"), serial(&[d(13)])],
    )
    .services(Services::None),
    // JD Logistics: JD, 2 letters or digits (JDVA, JDVB, ..., JDAZ, JDX0), 11 digits.
    f(
        "jd",
        "JD Logistics",
        &JD,
        &[lit(b"JD"), serial(&[an(2), d(11)])],
    )
    .services(Services::None),
    // YTO Express: YT, 13 digits.
    f("yto", "YTO Express", &YTO, &[lit(b"YT"), serial(&[d(13)])]).services(Services::None),
    // Cainiao: LP, 14 digits (the logistics numbers of AliExpress orders).
    f(
        "cainiao_lp",
        "Cainiao",
        &CAINIAO,
        &[lit(b"LP"), serial(&[d(14)])],
    )
    .services(Services::None),
    // ZTO Express: 73-76 or 78, 12 digits.
    f(
        "zto",
        "ZTO Express",
        &ZTO,
        &[lit(b"7"), one(b"34568"), serial(&[d(12)])],
    )
    .services(Services::None),
    // STO Express: 77, 13 digits.
    f("sto", "STO Express", &STO, &[lit(b"77"), serial(&[d(13)])]).services(Services::None),
    // Yunda Express (15): 3 or 4, 14 digits.
    f(
        "yunda_15",
        "Yunda Express (15)",
        &YUNDA,
        &[one(b"34"), serial(&[d(14)])],
    )
    .services(Services::None),
    // Yunda Express (13): 5, 12 digits.
    f(
        "yunda_13",
        "Yunda Express (13)",
        &YUNDA,
        &[lit(b"5"), serial(&[d(12)])],
    )
    .services(Services::None),
    // China EMS domestic: 1, 12 digits.
    f(
        "china_ems_domestic",
        "China EMS (domestic)",
        &CHINA_EMS,
        &[lit(b"1"), serial(&[d(12)])],
    )
    .services(Services::None),
    // China Post domestic parcels: 9, 12 digits.
    f(
        "china_post_domestic",
        "China Post (domestic)",
        &CHINA_POST,
        &[lit(b"9"), serial(&[d(12)])],
    )
    .services(Services::None),
];

/// The length of the longest number any format matches.
pub(crate) const MAX_LEN: usize = {
    let mut most = 0;
    let mut i = 0;
    while i < FORMATS.len() {
        if FORMATS[i].max as usize > most {
            most = FORMATS[i].max as usize;
        }
        i += 1;
    }
    most
};

/// A set of formats, one bit per index in [`FORMATS`].
pub(crate) type FormatSet = u64;

/// For each length, the formats that can have it.
pub(crate) static BY_LEN: [FormatSet; MAX_LEN + 1] = {
    let mut sets = [0; MAX_LEN + 1];
    let mut i = 0;
    while i < FORMATS.len() {
        let mut len = FORMATS[i].min as usize;
        while len <= FORMATS[i].max as usize {
            sets[len] |= 1 << i;
            len += 1;
        }
        i += 1;
    }
    sets
};

/// For each first character (`0-9A-Z`, as in [`char_bit`]), the formats that can start with it.
pub(crate) static BY_FIRST: [FormatSet; 36] = by_char(true);

/// For each last character, the formats that can end with it.
pub(crate) static BY_LAST: [FormatSet; 36] = by_char(false);

const fn by_char(first: bool) -> [FormatSet; 36] {
    let mut sets = [0; 36];
    let mut c = 0;
    while c < 36 {
        let mut i = 0;
        while i < FORMATS.len() {
            let chars = if first {
                FORMATS[i].first
            } else {
                FORMATS[i].last
            };
            if chars & (1 << c) != 0 {
                sets[c] |= 1 << i;
            }
            i += 1;
        }
        c += 1;
    }
    sets
}

const _: () = assert!(FORMATS.len() <= FormatSet::BITS as usize);

/// The formats `number` can be, judging by its length and its first and last characters.
#[inline]
pub(crate) fn candidates(number: &[u8]) -> FormatSet {
    let (Some(&first), Some(&last)) = (number.first(), number.last()) else {
        return 0;
    };
    let by_len = BY_LEN.get(number.len()).copied().unwrap_or(0);
    let (first, last) = (char_bit(first), char_bit(last));
    if first == 0 || last == 0 {
        return 0;
    }
    by_len & BY_FIRST[first.trailing_zeros() as usize] & BY_LAST[last.trailing_zeros() as usize]
}
