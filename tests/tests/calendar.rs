//! No end-to-end test may depend on the calendar day it runs on (issue 13: a push dated
//! 2026-11-20 into a journey anchored at today's midnight passed only in November). workerd
//! does not start under libfaketime, so the end-to-end suite cannot simply be run with the clock
//! moved; instead this check keeps literal dates out of it: every date in these tests comes from
//! now or from the sandbox journey's anchor. (The host tests, which hold every date rule, do run
//! with the clock moved: see the README.)

use std::path::Path;

/// Every `YYYY-MM-DD` written in a file, with its line number.
fn literal_dates(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        for start in 0..bytes.len().saturating_sub(9) {
            let window = &bytes[start..start + 10];
            let digits = |r: std::ops::Range<usize>| window[r].iter().all(u8::is_ascii_digit);
            if digits(0..4)
                && window[4] == b'-'
                && digits(5..7)
                && window[7] == b'-'
                && digits(8..10)
            {
                found.push((n + 1, line.trim().to_owned()));
                break;
            }
        }
    }
    found
}

#[test]
fn end_to_end_tests_write_no_calendar_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut offending = Vec::new();
    let mut files = vec![dir.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(
                std::fs::read_dir(&path)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path()),
            );
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("calendar.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (line, content) in literal_dates(&text) {
                offending.push(format!("{}:{line}: {content}", path.display()));
            }
        }
    }
    assert!(
        offending.is_empty(),
        "date these from now or the journey's anchor:\n{}",
        offending.join("\n")
    );
}

#[test]
fn the_check_finds_a_date() {
    assert_eq!(
        literal_dates("let a = event(\"2026-11-20T18:00:00-06:00\");").len(),
        1
    );
    assert!(literal_dates("let n = \"TL2000000002\";").is_empty());
}
