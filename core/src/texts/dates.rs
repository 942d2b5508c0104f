//! Dates in the form each language's buyers read them ("Dec 2", "2 déc.", "12月2日").

use chrono::{Datelike, NaiveDate};

use super::Lang;

const EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];
const PT: [&str; 12] = [
    "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
];
const FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const DE: [&str; 12] = [
    "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
];
const AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// A day and month, without the year (buyers track parcels of the last weeks).
pub fn day_month(lang: Lang, date: NaiveDate) -> String {
    let (d, m) = (date.day(), date.month0() as usize);
    match lang {
        Lang::En => format!("{} {d}", EN[m]),
        Lang::Es => format!("{d} {}", ES[m]),
        Lang::PtBr => format!("{d} de {}", PT[m]),
        Lang::Fr => format!("{d} {}", FR[m]),
        Lang::De => format!("{d}. {}", DE[m]),
        Lang::Ar => format!("{d} {}", AR[m]),
        Lang::ZhHans | Lang::ZhHant | Lang::Ja => format!("{}月{d}日", m + 1),
        Lang::Ko => format!("{}월 {d}일", m + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_a_day_as_each_market_writes_it() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let cases = [
            (Lang::En, "Dec 2"),
            (Lang::Es, "2 dic"),
            (Lang::PtBr, "2 de dez"),
            (Lang::Fr, "2 déc."),
            (Lang::De, "2. Dez."),
            (Lang::Ar, "2 ديسمبر"),
            (Lang::ZhHans, "12月2日"),
            (Lang::ZhHant, "12月2日"),
            (Lang::Ja, "12月2日"),
            (Lang::Ko, "12월 2일"),
        ];
        for (lang, expected) in cases {
            assert_eq!(day_month(lang, date), expected, "{lang:?}");
        }
    }
}
