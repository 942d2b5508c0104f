//! The notification senders' wire formats against the simulator's providers (Resend, Twilio):
//! core builds each request and reads each answer, this test sends it, as the edge will. A
//! retried send is one message; faults are retried or refused as they should be.

mod common;

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use common::send;
use trackline_core::notify::providers::{
    email_outcome, email_request, sms_outcome, sms_request, Delivery, Email, EmailProvider, Sms,
};
use trackline_core::notify::words::{compose, Context, Custom};
use trackline_core::notify::{Candidate, Trigger};
use trackline_core::texts::Lang;
use trackline_e2e::sim::{Fault, Simulator, CLIENT_ID, KEY};

fn delivered_in(lang: Lang) -> trackline_core::notify::words::Message {
    let now: DateTime<Utc> = Utc::now();
    let candidate = Candidate {
        trigger: Trigger::Delivered,
        about: (now - Duration::minutes(3)).timestamp_millis(),
        substatus: None,
    };
    let ctx = Context {
        lang,
        merchant: "Maple & Co",
        colour: "#0a7d4f",
        link: "https://track.example/track/1Z999AA10123456784",
        unsubscribe: "https://track.example/v1/notifications/unsubscribe?t=abc.def",
        estimate: None,
        now,
    };
    compose(&candidate, &ctx, &Custom::default())
}

#[test]
fn an_email_is_sent_once_however_often_it_is_retried() -> Result<()> {
    let sim = Simulator::start()?;
    let message = delivered_in(Lang::PtBr);
    let email = Email {
        from: "Maple & Co <updates@maple.example>",
        to: "ana@example.com",
        subject: &message.subject,
        text: &message.text,
        html: &message.html,
        unsubscribe: "https://track.example/v1/notifications/unsubscribe?t=abc.def",
        key: "ups:1Z999AA10123456784|email|delivered|1",
    };
    let request = || email_request(EmailProvider::Resend, &sim.base_url("resend"), KEY, &email);
    // The provider fails, then limits the rate: both are retried, nothing is delivered yet.
    sim.inject(
        "resend",
        [Fault::Status(503), Fault::RateLimited { retry_after: 2 }],
    );
    assert!(matches!(
        email_outcome(EmailProvider::Resend, &send(request())?),
        Delivery::Retry {
            after_secs: None,
            ..
        }
    ));
    assert!(matches!(
        email_outcome(EmailProvider::Resend, &send(request())?),
        Delivery::Retry {
            after_secs: Some(2),
            ..
        }
    ));
    assert!(sim.outbox("resend").is_empty());
    let Delivery::Accepted { id } = email_outcome(EmailProvider::Resend, &send(request())?) else {
        panic!("the third try is taken");
    };
    // A retry after an answer that got lost: the same id, no second email.
    assert_eq!(
        email_outcome(EmailProvider::Resend, &send(request())?),
        Delivery::Accepted { id: id.clone() }
    );
    let outbox = sim.outbox("resend");
    assert_eq!(outbox.len(), 1, "{outbox:?}");
    let sent = &outbox[0];
    assert_eq!(sent.to, "ana@example.com");
    assert_eq!(sent.subject, "Maple & Co: Entregue");
    assert!(sent.html.contains("lang=\"pt-BR\"") && sent.text.contains("Entregue"));
    assert!(sent.headers.contains(&(
        "List-Unsubscribe".into(),
        "<https://track.example/v1/notifications/unsubscribe?t=abc.def>".into()
    )));
    assert!(sent.headers.contains(&(
        "List-Unsubscribe-Post".into(),
        "List-Unsubscribe=One-Click".into()
    )));
    // A recipient the provider refuses is not retried; a wrong key neither.
    let nobody = Email {
        to: "not-an-address",
        key: "k2",
        ..email.clone()
    };
    assert!(matches!(
        email_outcome(
            EmailProvider::Resend,
            &send(email_request(
                EmailProvider::Resend,
                &sim.base_url("resend"),
                KEY,
                &nobody
            ))?
        ),
        Delivery::Rejected { .. }
    ));
    assert!(matches!(
        email_outcome(
            EmailProvider::Resend,
            &send(email_request(
                EmailProvider::Resend,
                &sim.base_url("resend"),
                "wrong",
                &email
            ))?
        ),
        Delivery::Rejected { .. }
    ));
    assert_eq!(sim.outbox("resend").len(), 1);
    Ok(())
}

#[test]
fn an_sms_reaches_twilio_in_one_segment_or_is_refused_clearly() -> Result<()> {
    let sim = Simulator::start()?;
    let message = delivered_in(Lang::En);
    let sms = Sms {
        from: "+15005550006",
        to: "+14155550123",
        body: &message.sms,
        status_callback: "https://track.example/v1/notifications/twilio",
    };
    let base = sim.base_url("twilio");
    let Delivery::Accepted { id } = sms_outcome(&send(sms_request(&base, CLIENT_ID, KEY, &sms))?)
    else {
        panic!("Twilio takes it");
    };
    assert!(id.starts_with("twilio-"));
    let outbox = sim.outbox("twilio");
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].to, "+14155550123");
    assert!(
        outbox[0].text.starts_with("Maple & Co: Delivered."),
        "{}",
        outbox[0].text
    );
    assert!(trackline_core::notify::words::one_segment(&outbox[0].text));
    // Not a phone number: refused for good, with Twilio's code.
    let bad = Sms {
        to: "555-0123",
        ..sms.clone()
    };
    assert!(matches!(
        sms_outcome(&send(sms_request(&base, CLIENT_ID, KEY, &bad))?),
        Delivery::Rejected { why } if why.contains("21211")
    ));
    // Twilio down: retried.
    sim.inject("twilio", [Fault::Status(500)]);
    assert!(matches!(
        sms_outcome(&send(sms_request(&base, CLIENT_ID, KEY, &sms))?),
        Delivery::Retry { .. }
    ));
    // Wrong credentials: refused.
    assert!(matches!(
        sms_outcome(&send(sms_request(&base, CLIENT_ID, "wrong", &sms))?),
        Delivery::Rejected { .. }
    ));
    assert_eq!(sim.outbox("twilio").len(), 1);
    Ok(())
}
