//! Table-driven tests of detection: the reference data's own test numbers, the Chinese
//! carriers, messy input, ranking, and input that holds no number.

use super::formats::{self, FORMATS};
use super::*;

/// One format of the reference data with its test numbers, copied from
/// `tracking_number_data/couriers/*.json` (MIT licensed, Jeff Keen) as written there, spaces
/// included.
struct Case {
    format: &'static str,
    courier: &'static str,
    valid: &'static [&'static str],
    invalid: &'static [&'static str],
}

#[rustfmt::skip]
const DATA: &[Case] = &[
    Case {
        format: "amazon_logistics",
        courier: "amazon",
        valid: &["TBA000000000000", "TBA010000000000", "TBC 000000000000", "TBM502887274000"],
        invalid: &["TBA50288727400A", "000000000000000", "000000000000", "TBB000000000000"],
    },
    Case {
        format: "amazon_international",
        courier: "amazon",
        valid: &["C1004444443", "C1004444444"],
        invalid: &["D1234567890"],
    },
    Case {
        format: "canada_post",
        courier: "canada_post",
        valid: &["0073938000549297", "7035114477138472", "4002847016405018"],
        invalid: &["0073938000549292", "7035114477138471", "5002847016405018"],
    },
    Case {
        format: "canpar_22",
        courier: "canpar",
        valid: &["D576002440000001718010", "D576002440000001428004", "D576002440000002496001", "L576002440000000001004", "L576002440000000004001", "S576002440000000004001", "S576002440000000025001"],
        invalid: &["1576002440000002510003", "D57600244000000251000", "M576002440000002510003"],
    },
    Case {
        format: "dhl_express",
        courier: "dhl",
        valid: &["3318810025", "73891051146", "8487135506", "1099255990", "3821724944", "3318810036", "3318810014"],
        invalid: &["3318810010", "3318810034", "3318810011"],
    },
    Case {
        format: "dhl_express_piece_id",
        courier: "dhl",
        valid: &["JJD0099999999", "JVGL0999999990"],
        invalid: &["XJD0099999998"],
    },
    Case {
        format: "dhl_ecommerce",
        courier: "dhl",
        valid: &["GM2951173225174494", "GM 2 9 5 117 32 25 1 7 44 9 4", "GM295117494011169042", "GM9E44608A27984866BA2D"],
        invalid: &["GS295117494011169041", "GR295117494011169045", "AAAAAAAAAAAAAAAAAA", "ABCDEFGHILJKLMNOPQ", "ABCDEFGHILJKLMNOPQRSTU1234567890"],
    },
    Case {
        format: "dhl_ecommerce_14",
        courier: "dhl",
        valid: &["60120172242323", "5108 7693037816", "60120174971147"],
        invalid: &["A60120172242323", "60120172242323B", "160120172242323", "6012017224232301", "601201722X2323", "GS295117494011169041", "GR295117494011169045"],
    },
    Case {
        format: "dpd",
        courier: "dpd",
        valid: &["00 81827 0998 0000 0200 33 350 276 C", "0081 827 0998 0000 0200 45 327 276 N"],
        invalid: &["008182709980000020033350276A", "0081 827 0998 0000 0200 45 000 000 N"],
    },
    Case {
        format: "dpd_14",
        courier: "dpd",
        valid: &["09 9800 0002 0033 F", "0998 0000 0200 34D"],
        invalid: &["09980000020033D"],
    },
    Case {
        format: "fedex_12",
        courier: "fedex",
        valid: &["986578788855", "477179081230", "799531274483", "790535312317", " 7 9 0 5 3 5 3 1 2 3 1 7 ", "974367662710"],
        invalid: &["996578788855"],
    },
    Case {
        format: "fedex_34",
        courier: "fedex",
        valid: &["1001921334250001000300779017972697", "1001921380360001000300639585804382", "1001901781990001000300617767839437", " 1 0 0 1 9 0 1 7 8 1 9 9 0 0 0 1 0 0 0 3 0 0 6 1 7 7 6 7 8 3 9 4 3 7 ", "1002297871540001000300790695517286", "1027590111820004833500785458233610", "1195266473930007521100871079919940", "1 1 9 52 6 64739 3000 75211 00 8710 799 199 40", "1195271874060007521100871140316925", "1195583874210007521100871140316936"],
        invalid: &["1001901781990001000300617767839438"],
    },
    Case {
        format: "fedex_astra_32",
        courier: "fedex",
        valid: &["32971514560102447849175802862014", "32971510360102447848540980802018", "32971508360102447847941133172013", "33810799560000004380417923803212", "3 29715 145 6010244 784917580286 2014"],
        invalid: &["32971514560102447849175802852014", "3297151456010244784917580286201"],
    },
    Case {
        format: "fedex_ground",
        courier: "fedex",
        valid: &["0414 4176 0228 964", "5682 8361 0012 000", " 5 6 8 2   8 3 6 1   0 0 1 2   0 0 0 ", "5682 8361 0012 734"],
        invalid: &["5682 8361 0012 732"],
    },
    Case {
        format: "fedex_ground_sscc_18",
        courier: "fedex",
        valid: &["00 0123 4500 0000 0027", " 0 0   0 1 2 3   4 5 0 0   0 0 0 0   0 0 2 7 "],
        invalid: &["000000000000000001"],
    },
    Case {
        format: "fedex_ground_96",
        courier: "fedex",
        valid: &["9611020987654312345672", " 9 6 1 1 0 2 0 9 8 7 6 5 4 3 1 2 3 4 5 6 7 2 "],
        invalid: &["9600000000000000000001"],
    },
    Case {
        format: "fedex_ground_gsn",
        courier: "fedex",
        valid: &["9622001900000000000000776632517510", "9622001560000000000000794808390594", "9622001560001234567100794808390594", " 9 6 2 2 0 0 1 5 6 0 0 0 1 2 3 4 5 6 7 1 0 0 7 9 4 8 0 8 3 9 0 5 9 4 ", "9632001560123456789900794808390594"],
        invalid: &["9622001560001234567100794808390595", "9622001560001234567100794808390597"],
    },
    Case {
        format: "gofo_us",
        courier: "gofo",
        valid: &["GFUS01011884214464", "GFUS01011884214272"],
        invalid: &["GFUS0101188421446"],
    },
    Case {
        format: "landmark_global",
        courier: "landmark",
        valid: &["LTN74207623N1", "LTN74209518N1", "LTN74224021N1"],
        invalid: &["LSN74209518N2", "LSN74209518N1"],
    },
    Case {
        format: "lasership_lx",
        courier: "lasership",
        valid: &["LX17635036", "LX 176 35035", "LX17635034", "LI 129 79072", "LI12976442", "LA28376237", "LA28372694", "LH13830790", "LH13816137", "LH13820469", "LH13831034", "LH13821737", "LH13820881", "LH13820881", "LH13812209", "LH13800911", "LH13795254", "LE10917377", "LE10913900", "LE10913753", "LN30083672"],
        invalid: &["LX9763503N", "LH9176350N6", "XA17635036", "L A 9 7 6 3 5 0 3 6 "],
    },
    Case {
        format: "lasership_1ls7",
        courier: "lasership",
        valid: &["1LS717793482164", "1LS724505321754", "1LS720000000000", " 1 L S 7 2 0 0 0 0 0 0 0 0 0 0 "],
        invalid: &["1LX734505321754"],
    },
    Case {
        format: "lasership_1ls7_18",
        courier: "lasership",
        valid: &["1LS7119013618127-1", " 1 L S 7 1 1 9 0 1 3 6 1 8 1 2 7 - 1 "],
        invalid: &["1LS7119013618127-2"],
    },
    Case {
        format: "lasership_1lscx",
        courier: "lasership",
        valid: &["1LS CX VE00 58631Y", "1LSCXVE005BUEFX"],
        invalid: &["1LSCZVE0058631Y"],
    },
    Case {
        format: "old_dominion",
        courier: "old_dominion",
        valid: &["07209562763", " 0 7 2 0 9 5 6 2 7 6 3 ", "77767553207", "77806528897", "78045768393"],
        invalid: &["07209562773", "79927398713", "10000000000"],
    },
    Case {
        format: "old_dominion_guaranteed",
        courier: "old_dominion",
        valid: &["80003280379", " 8 0 0 0 3 2 8 0 3 7 9 ", "80993847369"],
        invalid: &["80003280389", "10000000000"],
    },
    Case {
        format: "ontrac_c",
        courier: "ontrac",
        valid: &["C11031500001879", "C 110 31 500 00187 9", "C10999911320231", "C11121552953069", "C11121553156000", "C11121552829468"],
        invalid: &["C10000000000000", "C11031500001889"],
    },
    Case {
        format: "ontrac_d",
        courier: "ontrac",
        valid: &["D10011354453707", "D10011345983010", "D 100 113 459 830 10", "D10011342332145"],
        invalid: &["D10011345983012", "D10011342332144"],
    },
    Case {
        format: "purolator_numeric",
        courier: "purolator",
        valid: &["320595463938", "320606146993", "287809468872", "320610804900", "331426749957", "331434972567"],
        invalid: &["320595463939", "287809468875"],
    },
    Case {
        format: "purolator_alpha",
        courier: "purolator",
        valid: &["KYV009956937", "CGK002986959", "JFV247545960", "TLR000083964"],
        invalid: &["KY009956937", "331426749957"],
    },
    Case {
        format: "s10",
        courier: "s10",
        valid: &["RB123456785GB", "RB123456785US", "RB123456785CV", "RB123456785CF"],
        invalid: &["RB123456786US", "RB123456785XX"],
    },
    Case {
        format: "speedee",
        courier: "speedee",
        valid: &["SP029692510000920746", "SP029692510000901479", "SP029692510000688332", "SP029692510000279301", "SP029692450001607639"],
        invalid: &["029692510000920746", "SX029692510000920746"],
    },
    Case {
        format: "ups",
        courier: "ups",
        valid: &["1Z5R89390357567127", "1Z879E930346834440", "1Z410E7W0392751591", "1Z8V92A70367203024", " 1 Z 8 V 9 2 A 7 0 3 6 7 2 0 3 0 2 4 ", "1ZXX3150YW44070023"],
        invalid: &["2Z5R89390357567127", "1A5R89390357567127", "1Z1111111111111111"],
    },
    Case {
        format: "ups_waybill",
        courier: "ups",
        valid: &["K1506235620", "K 150 623 562 0", "K2479825491", "J4603636537", "V0490119172", "V0431105627"],
        invalid: &["K1506235622", "K2479825492", "J4603636538", "V0411335627", "V0423305841"],
    },
    Case {
        format: "usps_20",
        courier: "usps",
        valid: &["0307 1790 0005 2348 3741", " 0 3 0 7   1 7 9 0   0 0 0 5   2 3 4 8   3 7 4 1 ", "7112 3456 7891 2345 6787"],
        invalid: &["0307 1790 0005 2348 3742"],
    },
    Case {
        format: "usps_impb_n",
        courier: "usps",
        valid: &["420787459400111206206406260787", "9400111206206406260787", "9400 1112 0108 0805 4830 16", "9405803699300124287899", "9434611206206406227577", "9434611206206407667136", "9400111206206407628746", "9400111206206407628845"],
        invalid: &["9434611206206407667131", "9434611306206407667222", "2334611306206407667222"],
    },
    Case {
        format: "usps_legacy",
        courier: "usps",
        valid: &["420 22153 9101026837331000039521", "9101 1234 5678 9000 0000 13", "7196 9010 7560 0307 7385"],
        invalid: &["9101 1234 5678 9000 0000 14", "7196 9010 7560 0307 7386"],
    },
    Case {
        format: "usps_impb_c",
        courier: "usps",
        valid: &["4201002334249200190132607600833457", "4201028200009261290113185417468510", " 4 2 0 1 0 2 8 2 0 0 0 0 9 2 6 1 2 9 0 1 1 3 1 8 5 4 1 7 4 6 8 5 1 0 ", "9505 5110 6960 5048 6006 24", "92748931507708513018050063", "92001903060085300042901077", "9361 2898 7870 0317 6337 95", "9261292700768711948021", "420 11213 92 6129098349792366623 8", "92 6129098349792366623 8", "420902459261290336128704042634", "420941179261290336128704062441", "420926029261290336128704067248", "420902729261290336128704124163", "420950549261290336128704133837", "420193809261290336128704280838", "420900469261290336128704216936"],
        invalid: &["61299998820821171811", "9200000000000000000000", "420000000000000000000000000000", "420000009200000000000000000000", "4201028200009261290113185417468511"],
    },
    Case {
        format: "yodel",
        courier: "yodel",
        valid: &["JJD0002257639032011", "JJD0002255380054291", "JD0002242617644732", "JD0002254405060992", "J J D 0 0 0 2 2 5 7 6 3 9 0 3 2 0 2 0"],
        invalid: &["JD000225440506099", "JC0002254405060992"],
    },
    Case {
        format: "yunexpress",
        courier: "yunexpress",
        valid: &["YT2229521272164446", "YT2229521272164447", " Y T 2 2 2 9 5 2 1 2 7 2 1 6 4 4 4 7 "],
        invalid: &["YT123456789012345"],
    },

];

/// Upper-cases and drops spaces and dashes, as the returned number is.
fn cleaned(n: &str) -> String {
    n.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The formats of shippers that hand their parcels to USPS under their own mailer IDs, and the
/// shippers' codes.
const SHIPPERS_VIA_USPS: &[(&str, &str)] = &[
    ("fedex_ground_economy", "fedex"),
    ("dhl_ecommerce_impb", "dhl"),
];

/// The carrier a valid number of `case` must be detected as first: the data's courier, except
/// that S10 numbers name the postal operator of their country suffix where we know it, and USPS
/// IMpb C numbers under a shipper's mailer ID name the shipper (and USPS second).
fn expected_code(case: &Case, number: &str) -> &'static str {
    if case.format == "usps_impb_c" {
        if let Some(&(_, shipper)) = SHIPPERS_VIA_USPS
            .iter()
            .find(|(format, _)| format_accepts(format, number))
        {
            return shipper;
        }
    }
    if case.format != "s10" {
        return case.courier;
    }
    let n = cleaned(number);
    formats::s10_carrier(&n.as_bytes()[..2], &n.as_bytes()[11..]).map_or("s10", |c| c.id.code)
}

fn codes(candidates: &[Candidate]) -> Vec<&'static str> {
    candidates.iter().map(|c| c.carrier.code).collect()
}

#[test]
fn every_data_format_is_in_the_table() {
    for case in DATA {
        assert!(
            FORMATS.iter().any(|f| f.id == case.format),
            "{} has no table entry",
            case.format
        );
    }
    assert_eq!(DATA.len(), 39);
}

#[test]
fn valid_data_numbers_are_detected_first() {
    for case in DATA {
        for &n in case.valid {
            let found = detect(n);
            let first = found
                .first()
                .unwrap_or_else(|| panic!("{} {n:?}: nothing detected", case.format));
            assert_eq!(
                first.carrier.code,
                expected_code(case, n),
                "{} {n:?}: {:?}",
                case.format,
                codes(&found)
            );
            assert_eq!(first.number, cleaned(n), "{} {n:?}", case.format);
            assert!(format_accepts(case.format, n), "{} {n:?}", case.format);
            if case.format == "usps_impb_c" && first.carrier.code != "usps" {
                // A shipper's parcel that USPS delivers: USPS is offered too.
                assert_eq!(
                    found.get(1).map(|c| c.carrier.code),
                    Some("usps"),
                    "{} {n:?}: {:?}",
                    case.format,
                    codes(&found)
                );
            }
        }
    }
}

/// Invalid numbers that another format of the same courier accepts, as the data itself says:
/// for these only the format is asserted to reject the number.
const ALSO_VALID_IN_ANOTHER_FORMAT: &[(&str, &str)] = &[
    // In the data's valid list of Purolator (12).
    ("purolator_alpha", "331426749957"),
];

#[test]
fn invalid_data_numbers_are_rejected() {
    for case in DATA {
        for &n in case.invalid {
            // The format itself rejects the number.
            assert!(!format_accepts(case.format, n), "{} {n:?}", case.format);
            if ALSO_VALID_IN_ANOTHER_FORMAT.contains(&(case.format, n)) {
                continue;
            }
            // And nothing of its courier is returned. Other couriers may match: for instance the
            // Amazon invalid 000000000000 is a valid FedEx Express (12) and Purolator (12)
            // number, and DHL E-Commerce (14)'s 60120172242323B may be read as DPD (14).
            let found = detect(n);
            let code = expected_code(case, n);
            assert!(
                !found.iter().any(|c| c.carrier.code == code),
                "{} {n:?}: {:?}",
                case.format,
                codes(&found)
            );
        }
    }
}

#[test]
fn services_come_from_the_data_lookups() {
    let service = |n: &str| detect(n).first().and_then(|c| c.service);
    // UPS service code 03.
    assert_eq!(
        service("1Z5R89390357567127"),
        Some("UPS United States Ground")
    );
    assert_eq!(
        service("1ZXX3150YW44070023"),
        Some("UPS SurePost - Delivered by the USPS")
    );
    // A UPS code the lookup lacks falls back to the format's name.
    assert_eq!(
        service("1Z410E7W0392751591"),
        Some("UPS United States Ground")
    );
    assert_eq!(
        service("1Z8V92A70367203024"),
        Some("UPS United States Ground")
    );
    assert_eq!(service("K1506235620"), Some("UPS Ground"));
    // S10 service indicators.
    assert_eq!(service("RB123456785GB"), Some("Letter Post Registered"));
    assert_eq!(service("EA123456785CN"), Some("EMS"));
    // USPS 20 service type 71 is not in the lookup: the format's name.
    assert_eq!(service("7112 3456 7891 2345 6787"), Some("USPS 20"));
    assert_eq!(
        service("0307 1790 0005 2348 3741"),
        Some("Delivery Confirmation")
    );
    // DPD service 350.
    assert_eq!(service("008182709980000020033350276C"), Some("DPD 8:30"));
    // Formats without a lookup: their name.
    assert_eq!(
        service("00 0123 4500 0000 0027"),
        Some("FedEx Ground (SSCC-18)")
    );
    // The Chinese formats encode no service.
    assert_eq!(service("SF1402345678901"), None);
}

#[test]
fn tracking_urls_fill_the_template() {
    let url = |n: &str| detect(n).first().map(|c| c.tracking_url.clone());
    assert_eq!(
        url("1z5r89390357567127").as_deref(),
        Some("https://www.ups.com/track?loc=en_US&tracknum=1Z5R89390357567127")
    );
    assert_eq!(
        url("9400 1112 0108 0805 4830 16").as_deref(),
        Some("https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111201080805483016")
    );
    assert_eq!(
        url("SF1402345678901").as_deref(),
        Some("https://www.sf-express.com/chn/sc/waybill/waybill-detail/SF1402345678901")
    );
    assert_eq!(
        url("LP00123456789012").as_deref(),
        Some("https://global.cainiao.com/detail.htm?mailNoList=LP00123456789012")
    );
    assert_eq!(
        url("RB123456785CV").as_deref(),
        Some("https://t.17track.net/en#nums=RB123456785CV")
    );
    for f in FORMATS.iter() {
        if let formats::Owner::Carrier(c) = f.owner {
            assert_eq!(c.url.matches("%s").count(), 1, "{}", f.id);
            assert!(c.url.starts_with("http"), "{}", f.id);
        }
    }
}

#[test]
fn chinese_carriers() {
    let cases = [
        ("SF1402345678901", "sf_express"),
        ("sf 1402 3456 7890 1", "sf_express"),
        ("75312345678901", "zto"),
        ("78 1234 5678 9012", "zto"),
        ("YT7412345678901", "yto"),
        ("773012345678901", "sto"),
        ("432012345678901", "yunda"),
        ("5012345678901", "yunda"),
        ("JDVA01234567890", "jd"),
        ("JDX012345678901", "jd"),
        ("RR123456785CN", "china_post"),
        ("LX123456785CN", "china_post"),
        ("CP123456785CN", "china_post"),
        ("EA123456785CN", "china_ems"),
        ("EV 123 456 785 CN", "china_ems"),
        ("LP00123456789012", "cainiao"),
        ("YT2229521272164446", "yunexpress"),
        ("1100123456789", "china_ems"),
        ("9800123456789", "china_post"),
    ];
    for (n, code) in cases {
        let found = detect(n);
        assert_eq!(
            found.first().map(|c| c.carrier.code),
            Some(code),
            "{n:?}: {:?}",
            codes(&found)
        );
        assert_eq!(found[0].number, cleaned(n));
    }
    // A China Post S10 number with a wrong check digit is not China Post's.
    assert!(!codes(&detect("RR123456786CN")).contains(&"china_post"));
    // Names.
    assert_eq!(detect("EA123456785CN")[0].carrier.name, "China EMS");
    assert_eq!(detect("SF1402345678901")[0].carrier.name, "SF Express");
}

#[test]
fn s10_names_the_postal_operator() {
    let first = |n: &str| detect(n).first().map(|c| c.carrier);
    assert_eq!(
        first("RB123456785US"),
        Some(DetectedCarrier {
            code: "usps",
            name: "USPS"
        })
    );
    assert_eq!(first("RB123456785CA").map(|c| c.code), Some("canada_post"));
    assert_eq!(
        first("RB123456785DE").map(|c| c.code),
        Some("deutsche_post")
    );
    assert_eq!(
        first("RB123456785CF"),
        Some(DetectedCarrier {
            code: "s10",
            name: "Postal service (UPU S10)"
        })
    );
    // A country the data knows no postal operator for is not an S10 number.
    assert_eq!(first("RB123456785XX"), None);
}

#[test]
fn messy_input_is_cleaned() {
    let cases = [
        (
            "Tracking #: 1z 999 aa1 01 2345 6784.",
            "1Z999AA10123456784",
            "ups",
        ),
        (
            "UPS 1Z999AA10123456784 (2 parcels)",
            "1Z999AA10123456784",
            "ups",
        ),
        ("  1z-999-aa1-01-2345-6784  ", "1Z999AA10123456784", "ups"),
        ("1Z999AA1.0123456784", "1Z999AA10123456784", "ups"),
        (
            "Order 12345, tracking 1Z999AA10123456784",
            "1Z999AA10123456784",
            "ups",
        ),
        (
            "shipped via UPS: 1Z999AA10123456784, thanks!",
            "1Z999AA10123456784",
            "ups",
        ),
        (
            "Your parcel 9400 1112 0108 0805 4830 16 is on its way",
            "9400111201080805483016",
            "usps",
        ),
        ("\t rb-123-456-785-gb \n", "RB123456785GB", "royal_mail"),
        ("RB 123 456 785 GB", "RB123456785GB", "royal_mail"),
        ("运单号：SF1402345678901", "SF1402345678901", "sf_express"),
        (
            "顺丰 SF1402345678901 已发货",
            "SF1402345678901",
            "sf_express",
        ),
        ("tba 502887274000", "TBA502887274000", "amazon"),
        ("GM2951173225174494 thanks", "GM2951173225174494", "dhl"),
        ("5682 8361 0012 734", "568283610012734", "fedex"),
        ("(LP00123456789012)", "LP00123456789012", "cainiao"),
        ("1ＺＺ 1Z999AA10123456784", "1Z999AA10123456784", "ups"),
    ];
    for (input, number, code) in cases {
        let found = detect(input);
        let first = found
            .first()
            .unwrap_or_else(|| panic!("{input:?}: nothing detected"));
        assert_eq!(
            (first.number.as_str(), first.carrier.code),
            (number, code),
            "{input:?}: {:?}",
            found
        );
    }
}

#[test]
fn junk_around_a_number_is_not_read_into_it() {
    // A word of letters before the number is no part of a format that cannot start with it...
    let found = detect("UPS 1Z999AA10123456784");
    assert_eq!(found.len(), 1, "{found:?}");
    // ...and one after it no part of a format that cannot end with it: DHL E-Commerce takes
    // any letters and digits, but no word of letters at the end.
    let found = detect("GM2951173225174494 PARCELS");
    assert!(
        found.iter().all(|c| c.number == "GM2951173225174494"),
        "{found:?}"
    );
    // A number split over several words is found whole, not as the shorter numbers in it.
    let found = detect("5682 8361 0012 734");
    assert_eq!(codes(&found), ["fedex"], "{found:?}");
    assert!(found.iter().all(|c| c.number == "568283610012734"));
    // A number with a wrong check digit is that number mistyped, not the shorter numbers in it
    // (the DHL Express number 83610012732 here)...
    assert_eq!(detect("5682 8361 0012 732"), Vec::new());
    // ...but a number pasted beside it is still found.
    let found = detect("5682 8361 0012 732, 1Z999AA10123456784");
    assert_eq!(codes(&found), ["ups"], "{found:?}");
    // A fixed-shape prefix read as part of the number stands for it: no FedEx 000000000000.
    let found = detect("TBA 000000000000");
    assert_eq!(codes(&found), ["amazon"], "{found:?}");
}

#[test]
fn ranking() {
    // A checksum-validated match beats an unvalidated one: FedEx Ground over STO.
    assert_eq!(codes(&detect("773012345678904"))[..2], ["fedex", "sto"]);
    // A literal prefix beats bare digits: ZTO over DHL E-Commerce (14).
    assert_eq!(codes(&detect("75312345678901")), ["zto", "dhl"]);
    // Narrower patterns beat looser ones: Purolator (12) starts 0-5, FedEx Express (12) any.
    assert_eq!(codes(&detect("287809468872")), ["purolator", "fedex"]);
    // An S10 number over DHL E-Commerce's LX prefix.
    assert_eq!(codes(&detect("LX123456785CN")), ["china_post", "dhl"]);
    // USPS IMpb C with its routing prefix over FedEx Express (34).
    assert_eq!(
        codes(&detect("4201028200009261290113185417468510")),
        ["usps", "fedex"]
    );
    // Old Dominion's prefix over DHL Express's bare digits.
    assert_eq!(codes(&detect("78045768393")), ["old_dominion", "dhl"]);
    // A validated number beats a loose reading that swallowed a pasted word.
    assert_eq!(codes(&detect("IN 1Z999AA10123456784")), ["ups", "dhl"]);
    assert_eq!(
        detect("IN 1Z999AA10123456784")[0].number,
        "1Z999AA10123456784"
    );
}

/// USPS IMpb numbers and the carriers detected for them, in order: under a shipper's mailer ID
/// the shipper first and USPS, which delivers the parcel, second; under anyone else's, USPS.
#[rustfmt::skip]
const IMPB_MAILERS: &[(&str, &[&str])] = &[
    // FedEx SmartPost test numbers of the reference data before its 2.0: FedEx Ground Economy.
    ("9261292700768711948021", &["fedex", "usps"]),
    ("92 6129098349792366623 8", &["fedex", "usps"]),
    ("420 11213 92 6129098349792366623 8", &["fedex", "usps"]),
    // Its 20-digit SmartPost number 61299998820821171811 (as FedEx prints it), with the 92.
    ("9261299998820821171811", &["fedex", "usps"]),
    // With the ZIP+4 of the routing prefix.
    ("420 10282 0000 9261292700768711948021", &["fedex", "usps"]),
    // A FedEx mailer ID with an 11-digit package ID, and pasted in a sentence.
    ("92612927007687123456789018", &["fedex", "usps"]),
    ("FedEx Ground Economy: 9261 2927 0076 8711 9480 21", &["fedex", "usps"]),
    // A DHL E-Commerce (30) test number of the data before its 2.0, with and without its
    // routing prefix.
    ("420902459261290336128704042634", &["dhl", "usps"]),
    ("9261290336128704042634", &["dhl", "usps"]),
    // Other mailer IDs are USPS's alone: the data's SmartPost invalid numbers before its 2.0
    // (the first reported as a USPS number in jkeen/tracking_number issue 79).
    ("92001903060085300042901077", &["usps"]),
    ("9361 2898 7870 0317 6337 95", &["usps"]),
    ("9400 1112 0108 0805 4830 16", &["usps"]),
    // A FedEx mailer ID does not make a wrong check digit right: the data's SmartPost invalid
    // number is nobody's.
    ("9261292700768711948020", &[]),
];

#[test]
fn impb_numbers_name_the_shipper_of_their_mailer_id() {
    for &(n, expected) in IMPB_MAILERS {
        let found = detect(n);
        assert_eq!(codes(&found), expected, "{n:?}: {found:?}");
        let digits: String = cleaned(n).chars().filter(char::is_ascii_digit).collect();
        assert!(found.iter().all(|c| c.number == digits), "{n:?}: {found:?}");
    }
    let found = detect("9261292700768711948021");
    assert_eq!(found[0].service, Some("FedEx Ground Economy"));
    assert_eq!(
        found[0].tracking_url,
        "https://www.fedex.com/fedextrack/?trknbr=9261292700768711948021"
    );
    assert_eq!(found[1].service, Some("Parcel Select"));
    assert_eq!(
        detect("9261290336128704042634")[0].service,
        Some("DHL E-Commerce (IMpb)")
    );
}

#[test]
fn one_candidate_per_carrier_and_number() {
    let found = detect("1Z999AA10123456784 1Z999AA10123456784");
    assert_eq!(codes(&found), ["ups"], "{found:?}");
    for n in [
        "287809468872",
        "LX123456785CN",
        "4201028200009261290113185417468510",
    ] {
        let found = detect(n);
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for c in &found {
            assert!(
                !seen.contains(&(c.carrier.code, c.number.as_str())),
                "{n}: {found:?}"
            );
            seen.push((c.carrier.code, c.number.as_str()));
        }
    }
}

#[test]
fn nothing_matches() {
    let long = "x".repeat(10_000);
    let many = "a1 ".repeat(5_000);
    for input in [
        "",
        "   ",
        "-.-",
        "hello world",
        "???",
        "#:()[]{}",
        "12",
        "Tracking number",
        "ÄÖÜ 漢字 📦",
        // A UPS number with a wrong check digit.
        "1Z999AA10123456785",
        "1Z 999 AA1 01 2345 6785",
        // Mistyped numbers whose last words happen to spell a valid shorter one: FedEx Ground
        // whose last 11 digits pass DHL Express's check, DPD whose middle passes USPS's.
        "5682 8361 0012 732",
        "0081 827 0998 0000 0200 45 000 000 N",
        long.as_str(),
        many.as_str(),
    ] {
        assert_eq!(
            detect(input),
            Vec::new(),
            "{:?}",
            &input[..input.len().min(40)]
        );
    }
}

#[test]
fn serialises_as_the_api_answer() {
    let found = detect("1Z5R89390357567127");
    let json = serde_json::to_value(&found[0]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "carrier": {"code": "ups", "name": "UPS"},
            "number": "1Z5R89390357567127",
            "service": "UPS United States Ground",
            "tracking_url": "https://www.ups.com/track?loc=en_US&tracknum=1Z5R89390357567127",
        })
    );
}

#[test]
fn table_facts() {
    for f in FORMATS.iter() {
        assert!(f.min >= 4 && f.min <= f.max, "{}", f.id);
        assert!(f.first != 0, "{}", f.id);
    }
    let ids: Vec<&str> = FORMATS.iter().map(|f| f.id).collect();
    for (i, id) in ids.iter().enumerate() {
        assert!(!ids[..i].contains(id), "{id} twice");
    }
}

/// A rough throughput figure: `cargo test -p trackline-core --release detect::tests::throughput
/// -- --ignored --nocapture`. It runs the data's test numbers as written (many spaced out) and
/// cleaned, plus pasted sentences and strings that hold no number.
#[test]
#[ignore]
fn throughput() {
    let as_written: Vec<String> = DATA
        .iter()
        .flat_map(|c| c.valid.iter().chain(c.invalid))
        .map(|n| n.to_string())
        .collect();
    let cleaned_: Vec<String> = as_written.iter().map(|n| cleaned(n)).collect();
    let pasted: Vec<String> = cleaned_
        .iter()
        .map(|n| format!("Tracking #: {n} (2 parcels)"))
        .collect();
    let junk: Vec<String> = [
        "",
        "hello world",
        "12",
        "Order 12345 shipped today",
        "ÄÖÜ 漢字",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (what, inputs) in [
        ("as written", &as_written),
        ("cleaned", &cleaned_),
        ("in a sentence", &pasted),
        ("no number", &junk),
    ] {
        let rounds = 200_000 / inputs.len();
        let start = std::time::Instant::now();
        let mut found = 0;
        for _ in 0..rounds {
            for n in inputs {
                found += std::hint::black_box(detect(std::hint::black_box(n))).len();
            }
        }
        let elapsed = start.elapsed();
        let calls = rounds * inputs.len();
        println!(
            "{what}: {calls} calls in {elapsed:?}: {:.0} ns per call ({found} candidates)",
            elapsed.as_nanos() as f64 / calls as f64,
        );
    }
}

#[test]
fn the_one_pass_matcher_agrees_with_the_backtracking_one() {
    let mut numbers: Vec<String> = DATA
        .iter()
        .flat_map(|c| c.valid.iter().chain(c.invalid))
        .chain(IMPB_MAILERS.iter().map(|(n, _)| n))
        .map(|n| cleaned(n))
        .collect();
    // And every prefix and suffix of them, for the lengths around each format's.
    let more: Vec<String> = numbers
        .iter()
        .flat_map(|n| (1..n.len()).flat_map(move |i| [n[..i].to_owned(), n[i..].to_owned()]))
        .collect();
    numbers.extend(more);
    for f in FORMATS.iter().filter(|f| f.flat) {
        for n in &numbers {
            assert_eq!(
                super::pattern::matches_flat(f.pattern, n.as_bytes()),
                super::pattern::matches(f.pattern, n.as_bytes()),
                "{} {n}",
                f.id
            );
        }
    }
}
