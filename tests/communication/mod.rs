//! Customer messages: the templates' checks when the policy compiles, each
//! with its path, and rendering (locale and channel fallbacks, cut values,
//! the content hash), with properties over random cases and templates.

use casework::case::{Case, CaseKind, Command};
use casework::communication::{
    CommunicationPolicy, Fallback, LocaleSpec, Message, Outgoing, PromiseRule, Recipient,
    RenderError, TemplateId, Variant, render,
};
use casework::{Channel, Ctx, Policy, PolicySpec, Rule, Severity};
use chrono::{DateTime, TimeZone, Utc};

use super::case::fixtures::{Desk, csr, log, monday};

/// The problems of the SOP default policy with its communication changed by
/// `change`: each path and message.
fn problems_of(change: impl FnOnce(&mut CommunicationPolicy)) -> Vec<(String, String)> {
    let mut spec = PolicySpec::sop_default();
    change(&mut spec.communication);
    match spec.compile() {
        Ok(_) => Vec::new(),
        Err(refused) => refused
            .problems
            .into_iter()
            .map(|p| (p.path, p.message))
            .collect(),
    }
}

fn variant(policy: &mut CommunicationPolicy, template: TemplateId, i: usize) -> &mut Variant {
    &mut policy.templates.get_mut(&template).unwrap()[i]
}

fn ack(policy: &mut CommunicationPolicy, i: usize) -> &mut Variant {
    variant(policy, TemplateId::ACKNOWLEDGEMENT, i)
}

type Change = Box<dyn Fn(&mut CommunicationPolicy)>;

/// A check: its name, the change that breaks it, and each problem's path
/// with a part of its message.
type Check = (&'static str, Change, Vec<(String, &'static str)>);

const ACK: &str = "communication.templates.acknowledgement";

#[test]
fn every_check_names_its_path() {
    let body = |i: usize, text: &'static str| -> Change {
        Box::new(move |p: &mut CommunicationPolicy| ack(p, i).body = text.to_owned())
    };
    let cases: Vec<Check> = vec![
        (
            "a syntax error, with its line",
            body(0, "Dear {{ customer_name }},\n{# a note"),
            vec![(
                format!("{ACK}[0].body"),
                "syntax error: unexpected end of comment at line 2",
            )],
        ),
        (
            "a placeholder left open",
            body(0, "Dear\n{{ customer_name"),
            vec![(
                format!("{ACK}[0].body"),
                "a `{{` is not closed by `}}`: a message template holds text and \
                 `{{ placeholder }}` expressions only",
            )],
        ),
        (
            "a constant",
            body(1, "{{ reference }}: {{ true }}"),
            vec![(
                format!("{ACK}[1].body"),
                "`true` is not a placeholder (reference, customer_name",
            )],
        ),
        (
            "a statement block",
            body(1, "{% if reference %}{{ reference }}{% endif %}"),
            vec![(
                format!("{ACK}[1].body"),
                "a statement block (`{%`) is refused: a message template holds text and \
                 `{{ placeholder }}` expressions only",
            )],
        ),
        (
            "a statement block in a subject",
            Box::new(|p| ack(p, 0).subject = Some("{% raw %}Hi{% endraw %}".into())),
            vec![(
                format!("{ACK}[0].subject"),
                "a statement block (`{%`) is refused",
            )],
        ),
        (
            "an unknown placeholder, with a suggestion",
            body(0, "Dear {{ custmer_name }}"),
            vec![(
                format!("{ACK}[0].body"),
                "`custmer_name` is not a placeholder: did you mean `customer_name`?",
            )],
        ),
        (
            "an unknown placeholder like none",
            body(0, "Total: {{ order_total }}"),
            vec![(
                format!("{ACK}[0].body"),
                "`order_total` is not a placeholder (reference, customer_name, agent_name, \
                 promised_time, received_at, category, priority, status, subject)",
            )],
        ),
        (
            "a filter",
            body(0, "{{ reference|upper }}"),
            vec![(
                format!("{ACK}[0].body"),
                "`{{ reference|upper }}` is not a placeholder: a message template holds text \
                 and `{{ placeholder }}` expressions only, without filters or operators",
            )],
        ),
        (
            "an operator",
            body(1, "{{ 'x' * 100000 }}"),
            vec![(
                format!("{ACK}[1].body"),
                "`{{ 'x' * 100000 }}` is not a placeholder",
            )],
        ),
        (
            "a blank body",
            body(0, " \n"),
            vec![(format!("{ACK}[0].body"), "must not be blank")],
        ),
        (
            "a body over 8 KiB",
            Box::new(|p| ack(p, 0).body = "x".repeat(8193)),
            vec![(format!("{ACK}[0].body"), "8193 bytes is longer than 8192")],
        ),
        (
            "an email without a subject",
            Box::new(|p| ack(p, 0).subject = None),
            vec![(format!("{ACK}[0].subject"), "an email needs a subject")],
        ),
        (
            "an SMS with a subject",
            Box::new(|p| ack(p, 1).subject = Some("Hello".into())),
            vec![(format!("{ACK}[1].subject"), "an SMS has no subject")],
        ),
        (
            "a subject of two lines",
            Box::new(|p| ack(p, 0).subject = Some("Hello\nthere".into())),
            vec![(format!("{ACK}[0].subject"), "a subject is one line")],
        ),
        (
            "a subject over 256 characters",
            Box::new(|p| ack(p, 0).subject = Some("é".repeat(257))),
            vec![(
                format!("{ACK}[0].subject"),
                "257 characters is longer than 256",
            )],
        ),
        (
            "an SMS over the limit with the widest values",
            body(1, "{{ customer_name }} {{ agent_name }} {{ subject }}"),
            vec![(
                format!("{ACK}[1].body"),
                "renders up to 162 characters with the widest value of each placeholder; an \
                 SMS holds at most 160",
            )],
        ),
        (
            "an SMS over the limit in characters, not bytes",
            Box::new(|p| ack(p, 1).body = format!("{{{{ subject }}}} {}", "ä".repeat(80))),
            vec![(format!("{ACK}[1].body"), "renders up to 161 characters")],
        ),
        (
            "a channel with no variant in the default locale",
            Box::new(|p| {
                p.templates
                    .get_mut(&TemplateId::STATUS_UPDATE)
                    .unwrap()
                    .remove(1);
            }),
            vec![(
                "communication.templates.status_update".to_owned(),
                "no variant for `sms` in the default locale `en`: every channel of `channels` \
                 needs one",
            )],
        ),
        (
            "a default locale that is none of the locales",
            Box::new(|p| p.default_locale = "fr".into()),
            vec![(
                "communication.default_locale".to_owned(),
                "`fr` is not one of `locales` (de, en)",
            )],
        ),
        (
            "a default locale that is no tag",
            Box::new(|p| p.default_locale = "en_GB".into()),
            vec![(
                "communication.default_locale".to_owned(),
                "`en_GB` is not a locale tag",
            )],
        ),
        (
            "a variant's locale that is none of the locales",
            Box::new(|p| ack(p, 2).locale = "dee".into()),
            vec![(
                format!("{ACK}[2].locale"),
                "`dee` is not one of `locales`: did you mean `de`?",
            )],
        ),
        (
            "a channel listed twice",
            Box::new(|p| p.channels.push(Channel::Email)),
            vec![(
                "communication.channels[2]".to_owned(),
                "`email` is listed twice",
            )],
        ),
        (
            "no channel",
            Box::new(|p| p.channels.clear()),
            vec![(
                "communication.channels".to_owned(),
                "at least one channel is needed",
            )],
        ),
        (
            "two variants for one channel and locale",
            Box::new(|p| {
                let twin = Variant::email("en", "Hi", "Hello {{ customer_name }}");
                p.templates
                    .get_mut(&TemplateId::ACKNOWLEDGEMENT)
                    .unwrap()
                    .push(twin);
            }),
            vec![(
                format!("{ACK}[4]"),
                "`acknowledgement[0]` is the variant for `email` in `en` already",
            )],
        ),
        (
            "a variant for a channel the desk does not write on",
            Box::new(|p| {
                let script = Variant::new(Channel::Phone, "en", "Say {{ reference }}.");
                p.templates
                    .get_mut(&TemplateId::ACKNOWLEDGEMENT)
                    .unwrap()
                    .push(script);
            }),
            vec![(
                format!("{ACK}[4].channel"),
                "`phone` is not one of `channels`: add it there, or remove the variant",
            )],
        ),
        (
            "a time format chrono cannot read",
            Box::new(|p| p.locales.get_mut("en").unwrap().time_format = "%d %Q".into()),
            vec![(
                "communication.locales.en.time_format".to_owned(),
                "`%d %Q` is not a time format that chrono's strftime reads and writes",
            )],
        ),
        (
            "a time format that only parses",
            Box::new(|p| p.locales.get_mut("de").unwrap().time_format = "%H:%M %#z".into()),
            vec![(
                "communication.locales.de.time_format".to_owned(),
                "is not a time format that chrono's strftime reads and writes",
            )],
        ),
        (
            "a time format too wide",
            Box::new(|p| {
                p.locales.get_mut("en").unwrap().time_format =
                    "%A, %-d %B %Y, %H:%M:%S %:z %Z".into();
            }),
            vec![(
                "communication.locales.en.time_format".to_owned(),
                "writes up to 58 characters; a time is written in at most 48",
            )],
        ),
        (
            "a blank text for no promise",
            Box::new(|p| p.locales.get_mut("de").unwrap().no_promise = " ".into()),
            vec![(
                "communication.locales.de.no_promise".to_owned(),
                "must not be blank",
            )],
        ),
        (
            "a locale that is no tag",
            Box::new(|p| {
                p.locales
                    .insert("de_AT".into(), LocaleSpec::new("%d.%m.%Y", "bald"));
            }),
            vec![(
                "communication.locales.de_AT".to_owned(),
                "`de_AT` is not a locale tag",
            )],
        ),
        (
            "a locale tag of 36 characters",
            Box::new(|p| {
                p.locales.insert(
                    "abcdefgh-abcdefgh-abcdefgh-abcd-abcd".into(),
                    LocaleSpec::new("%d.%m.%Y", "bald"),
                );
            }),
            vec![(
                "communication.locales.abcdefgh-abcdefgh-abcdefgh-abcd-abc…".to_owned(),
                "is not a locale tag: 1 to 35 characters",
            )],
        ),
        (
            "a locale twice, in two cases",
            Box::new(|p| {
                p.locales
                    .insert("EN".into(), LocaleSpec::new("%d.%m.%Y", "soon"));
            }),
            vec![(
                "communication.locales.en".to_owned(),
                "`en` is `EN`: locale tags are compared ignoring case",
            )],
        ),
        (
            "a promise on an unknown metric",
            Box::new(|p| p.promise.metric = "resolutoin".into()),
            vec![(
                "communication.promise.metric".to_owned(),
                "`resolutoin` is not a metric of `sla.metrics`: did you mean `resolution`?",
            )],
        ),
        (
            "an apology for an unknown metric, and one listed twice",
            Box::new(|p| {
                p.notices.apologise_for.push("resolutoin".into());
                p.notices.apologise_for.push("resolution".into());
            }),
            vec![
                (
                    "communication.notices.apologise_for[3]".to_owned(),
                    "`resolutoin` is not a metric of `sla.metrics`: did you mean `resolution`?",
                ),
                (
                    "communication.notices.apologise_for[4]".to_owned(),
                    "`resolution` is listed already",
                ),
            ],
        ),
        (
            "notices without their templates",
            Box::new(|p| {
                p.templates.remove(&TemplateId::PROMISED_TIME);
                p.templates.remove(&TemplateId::BREACH_APOLOGY);
            }),
            vec![
                (
                    "communication.notices.re_promise".to_owned(),
                    "the notice needs the template `promised_time`, which `templates` lacks",
                ),
                (
                    "communication.notices.apologise_for".to_owned(),
                    "the notice needs the template `breach_apology`, which `templates` lacks",
                ),
            ],
        ),
        (
            "a rounding that does not divide a day",
            Box::new(|p| p.promise.round_to_minutes = 7),
            vec![(
                "communication.promise.round_to_minutes".to_owned(),
                "7 is neither 0 nor a divisor of 1440, the minutes of a day",
            )],
        ),
        (
            "a rounding longer than a day",
            Box::new(|p| p.promise.round_to_minutes = 2880),
            vec![(
                "communication.promise.round_to_minutes".to_owned(),
                "2880 is neither 0 nor a divisor of 1440",
            )],
        ),
        (
            "a padding longer than a year",
            Box::new(|p| p.promise.pad_minutes = 600_000),
            vec![(
                "communication.promise.pad_minutes".to_owned(),
                "600000 is not from 0 to 525600",
            )],
        ),
        (
            "an SMS limit past ten messages",
            Box::new(|p| p.sms_max_chars = 1601),
            vec![(
                "communication.sms_max_chars".to_owned(),
                "1601 is not from 1 to 1600",
            )],
        ),
        (
            "a fallback to itself",
            Box::new(|p| {
                p.fallbacks = vec![Fallback {
                    from: Channel::Sms,
                    to: Channel::Sms,
                }];
            }),
            vec![(
                "communication.fallbacks[0]".to_owned(),
                "falls back from `sms` to itself",
            )],
        ),
        (
            "a fallback to a channel the desk does not write on",
            Box::new(|p| {
                p.fallbacks = vec![Fallback {
                    from: Channel::Phone,
                    to: Channel::LiveChat,
                }];
            }),
            vec![(
                "communication.fallbacks[0].to".to_owned(),
                "`live_chat` is not one of `channels`",
            )],
        ),
        (
            "two fallbacks from one channel",
            Box::new(|p| {
                p.fallbacks = vec![
                    Fallback {
                        from: Channel::Phone,
                        to: Channel::Email,
                    },
                    Fallback {
                        from: Channel::Phone,
                        to: Channel::Sms,
                    },
                ];
            }),
            vec![(
                "communication.fallbacks[1].from".to_owned(),
                "`fallbacks[0]` falls back from `phone` already",
            )],
        ),
        (
            "a label of an other channel over 64 characters",
            Box::new(|p| {
                p.fallbacks.push(Fallback {
                    from: Channel::Other("x".repeat(65)),
                    to: Channel::Email,
                });
            }),
            vec![(
                "communication.fallbacks[1].from".to_owned(),
                "65 characters is longer than 64",
            )],
        ),
        (
            "too many templates",
            Box::new(|p| {
                for i in 0..58 {
                    let id = TemplateId::new(&format!("custom_{i}")).unwrap();
                    p.templates.insert(id, Vec::new());
                }
            }),
            vec![(
                "communication.templates".to_owned(),
                "65 entries; there may be at most 64",
            )],
        ),
        (
            "too many variants",
            Box::new(|p| {
                let variants = p.templates.get_mut(&TemplateId::RESOLUTION).unwrap();
                for i in 0..29 {
                    variants.push(Variant::sms(format!("x{i}"), "{{ reference }}"));
                }
            }),
            vec![(
                "communication.templates.resolution".to_owned(),
                "33 entries; there may be at most 32",
            )],
        ),
        (
            "too many locales",
            Box::new(|p| {
                for i in 0..15 {
                    p.locales
                        .insert(format!("x{i}"), LocaleSpec::new("%d.%m.%Y", "soon"));
                }
            }),
            vec![(
                "communication.locales".to_owned(),
                "17 entries; there may be at most 16",
            )],
        ),
        (
            "too many channels",
            Box::new(|p| {
                for i in 0..15 {
                    p.channels.push(Channel::Other(format!("kiosk {i}")));
                }
            }),
            vec![(
                "communication.channels".to_owned(),
                "17 entries; there may be at most 16",
            )],
        ),
    ];
    for (name, change, expected) in cases {
        let found = problems_of(change);
        let paths: Vec<&str> = found.iter().map(|(path, _)| path.as_str()).collect();
        let wanted: Vec<&str> = expected.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(paths, wanted, "{name}: {found:#?}");
        for ((_, message), (_, fragment)) in found.iter().zip(&expected) {
            assert!(message.contains(fragment), "{name}: {message}");
        }
    }
}

#[test]
fn text_comments_and_whitespace_control_compile() {
    for body in [
        "{# a note for the desk: {{ not|checked }} #}{{ reference }}",
        "{{- reference -}} / {{+ subject +}}",
        "No placeholders at all, and a lone { brace } or two.",
        "Ünïcödé ✓ {{reference}}",
    ] {
        assert_eq!(
            problems_of(|p| ack(p, 1).body = body.to_owned()),
            [],
            "{body}"
        );
    }
    // Custom templates, channels and locales compile; a rule of the promise
    // at its limits too.
    let found = problems_of(|p| {
        let welcome = TemplateId::new("welcome_back").unwrap();
        p.channels.push(Channel::Other("kiosk".into()));
        p.locales
            .insert("de-AT".into(), LocaleSpec::new("%d.%m.%Y %H:%M", "bald"));
        for variants in p.templates.values_mut() {
            variants.push(Variant::new(
                Channel::Other("kiosk".into()),
                "en",
                "{{ reference }}",
            ));
        }
        p.templates.insert(
            welcome,
            vec![
                Variant::email("en", "Welcome back", "Hello {{ customer_name }}"),
                Variant::sms("en", "Welcome back, {{ customer_name }}"),
                Variant::sms("de-AT", "Servus {{ customer_name }}"),
                Variant::new(Channel::Other("kiosk".into()), "en", "Welcome"),
            ],
        );
        p.promise = PromiseRule {
            metric: "first_response".into(),
            pad_minutes: 525_600,
            round_to_minutes: 1440,
        };
    });
    assert_eq!(found, []);
}

#[test]
fn the_policy_problems_of_the_communication_alone_have_paths_from_it() {
    let mut policy = CommunicationPolicy::default();
    ack(&mut policy, 1).body = "{{ referense }}".into();
    let problems = policy.problems(&["first_response", "resolution", "customer_update"]);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].to_string(),
        "templates.acknowledgement[1].body: `referense` is not a placeholder: did you mean `reference`?"
    );
}

/// A desk with a complaint logged on Monday 23 November 2026, 09:00 UTC.
fn logged() -> Desk {
    let mut desk = Desk::new();
    desk.run_at(monday(), csr(), log(CaseKind::Complaint, Severity::Medium))
        .unwrap();
    desk
}

/// `case`, with a time promised of the test's choosing, set through the
/// case's serde form (the acknowledgement records the policy's own).
#[cfg(feature = "serde")]
fn promised(case: &Case, due: DateTime<Utc>) -> Case {
    let mut json = serde_json::to_value(case).unwrap();
    json["promise"] = serde_json::json!({ "due": due, "made_at": monday(), "number": 1 });
    serde_json::from_value(json).unwrap()
}

fn to<'a>(name: &'a str, zone: &str, locale: &'a str) -> Recipient<'a> {
    Recipient {
        name,
        zone: zone.parse().unwrap(),
        locale,
    }
}

fn outgoing<'a>(template: TemplateId, channel: &'a Channel, to: Recipient<'a>) -> Outgoing<'a> {
    Outgoing {
        template,
        channel,
        to,
        agent_name: "Sam Patel",
    }
}

fn wednesday_five_pm() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 17, 0, 0).unwrap()
}

#[cfg(feature = "serde")]
#[test]
fn the_acknowledgement_gives_the_reference_and_the_promised_time() {
    let desk = logged();
    let case = promised(&desk.case, wednesday_five_pm());
    let ctx = Ctx::new(desk.now, csr(), &desk.policy);
    let ann = to("Ann Smith", "Europe/London", "en-GB");

    let email = render(
        &ctx,
        &case,
        &outgoing(TemplateId::ACKNOWLEDGEMENT, &Channel::Email, ann),
    )
    .unwrap();
    assert_eq!(
        (email.channel.clone(), email.locale.as_str()),
        (Channel::Email, "en")
    );
    assert_eq!(
        email.subject.as_deref(),
        Some("We have received your request CMP-2026-000042")
    );
    assert_eq!(
        email.body,
        "Dear Ann Smith,\n\n\
         Thank you for contacting us. We have received your request \"Parcel two weeks late\" \
         and logged it under the reference CMP-2026-000042.\n\n\
         Expected answer: Wed 25 Nov 2026, 17:00 GMT\n\n\
         Please quote CMP-2026-000042 whenever you contact us about it.\n\n\
         Kind regards,\nSam Patel"
    );

    let sms = render(
        &ctx,
        &case,
        &outgoing(TemplateId::ACKNOWLEDGEMENT, &Channel::Sms, ann),
    )
    .unwrap();
    assert_eq!(sms.subject, None);
    assert_eq!(
        sms.body,
        "We have received your request CMP-2026-000042. Expected answer: Wed 25 Nov 2026, \
         17:00 GMT. Please quote the reference when you contact us."
    );

    // Before a time is promised, the locale's words for none.
    let sms = render(
        &ctx,
        &desk.case,
        &outgoing(TemplateId::ACKNOWLEDGEMENT, &Channel::Sms, ann),
    )
    .unwrap();
    assert!(
        sms.body.contains("Expected answer: as soon as we can."),
        "{}",
        sms.body
    );
}

#[cfg(feature = "serde")]
#[test]
fn a_customer_gets_their_language_or_its_parent_or_the_default() {
    let desk = logged();
    let case = promised(&desk.case, wednesday_five_pm());
    let ctx = Ctx::new(desk.now, csr(), &desk.policy);
    let write = |template, channel, locale| {
        render(
            &ctx,
            &case,
            &outgoing(
                template,
                channel,
                to("Anna Gruber", "Europe/Vienna", locale),
            ),
        )
        .unwrap()
    };

    let email = write(TemplateId::ACKNOWLEDGEMENT, &Channel::Email, "de-AT");
    assert_eq!(email.locale, "de");
    assert_eq!(
        email.subject.as_deref(),
        Some("Ihre Anfrage CMP-2026-000042 ist bei uns eingegangen")
    );
    assert_eq!(
        email.body,
        "Guten Tag Anna Gruber,\n\n\
         vielen Dank für Ihre Nachricht. Wir haben Ihre Anfrage „Parcel two weeks late“ unter \
         der Referenz CMP-2026-000042 aufgenommen.\n\n\
         Voraussichtliche Antwort: 25.11.2026, 18:00 CET\n\n\
         Bitte geben Sie bei Rückfragen die Referenz CMP-2026-000042 an.\n\n\
         Mit freundlichen Grüßen\nSam Patel"
    );
    // Tags compare ignoring case.
    assert_eq!(
        write(TemplateId::RESOLUTION, &Channel::Sms, "DE-at").locale,
        "de"
    );
    // No German status update: the default locale's, in the customer's zone.
    let update = write(TemplateId::STATUS_UPDATE, &Channel::Sms, "de-AT");
    assert_eq!(update.locale, "en");
    assert_eq!(
        update.body,
        "Your request CMP-2026-000042: received. Expected answer: Wed 25 Nov 2026, 18:00 CET."
    );
    for locale in ["fr", "fr-CA", "", "-", "x-klingon", &"de".repeat(10_000)] {
        let email = write(TemplateId::ACKNOWLEDGEMENT, &Channel::Email, locale);
        assert_eq!(email.locale, "en", "{locale}");
    }
}

#[test]
fn every_placeholder_is_filled_and_long_values_are_cut() {
    let mut spec = PolicySpec::sop_default();
    let every = TemplateId::new("every_placeholder").unwrap();
    spec.communication.templates.insert(
        every,
        vec![
            Variant::email(
                "en",
                "{{ priority }} {{ status }}",
                "{{ reference }}|{{ customer_name }}|{{ agent_name }}|{{ promised_time }}|\
                 {{ received_at }}|{{ category }}|{{ priority }}|{{ status }}|{{ subject }}",
            ),
            Variant::sms("en", "{{ reference }} {{ customer_name }}"),
        ],
    );
    let mut desk = Desk::with_policy(spec.compile().unwrap());
    desk.run_at(monday(), csr(), log(CaseKind::Complaint, Severity::Medium))
        .unwrap();
    desk.run(csr(), Command::StartInvestigation)
        .unwrap_or_default();
    let ctx = Ctx::new(desk.now, csr(), &desk.policy);
    let long = format!("Anna\r\nMaria {}", "Ä".repeat(100));
    let message = render(
        &ctx,
        &desk.case,
        &outgoing(
            every,
            &Channel::Email,
            to(&long, "America/New_York", "en-US"),
        ),
    )
    .unwrap();
    let status = desk.case.status().unwrap().as_str().replace('_', " ");
    let priority = desk.case.priority().unwrap().to_string();
    assert_eq!(message.subject, Some(format!("{priority} {status}")));
    let category = desk
        .policy
        .case()
        .categories
        .iter()
        .find(|c| c.code == "delivery/late")
        .map_or("delivery/late".to_owned(), |c| c.label.clone());
    let name = format!("Anna  Maria {}…", "Ä".repeat(27));
    assert_eq!(name.chars().count(), 40);
    assert_eq!(
        message.body,
        format!(
            "CMP-2026-000042|{name}|Sam Patel|as soon as we can|Mon 23 Nov 2026, 04:00 EST|\
             {category}|{priority}|{status}|Parcel two weeks late"
        )
    );
    let sms = render(
        &ctx,
        &desk.case,
        &outgoing(every, &Channel::Sms, to(&long, "UTC", "en")),
    )
    .unwrap();
    assert_eq!(sms.body, format!("CMP-2026-000042 {name}"));
}

#[test]
fn the_content_hash_covers_where_the_subject_ends() {
    let message = |subject: &str, body: &str| {
        Message::new(
            TemplateId::RESOLUTION,
            Channel::Email,
            "en",
            Some(subject.to_owned()),
            body.to_owned(),
        )
    };
    assert_ne!(message("ab", "c").content, message("a", "bc").content);
    assert_ne!(message("", "abc").content, message("abc", "").content);
    let none = Message::new(
        TemplateId::RESOLUTION,
        Channel::Sms,
        "en",
        None,
        "abc".into(),
    );
    assert_ne!(none.content, message("", "abc").content);
    assert_eq!(message("a", "b").content, message("a", "b").content);

    // A rendered message's hash is the one of its subject and body.
    let desk = logged();
    let ctx = Ctx::new(desk.now, csr(), &desk.policy);
    let rendered = render(
        &ctx,
        &desk.case,
        &outgoing(
            TemplateId::RESOLUTION,
            &Channel::Email,
            to("Ann", "UTC", "en"),
        ),
    )
    .unwrap();
    let again = Message::new(
        rendered.template,
        rendered.channel.clone(),
        rendered.locale.clone(),
        rendered.subject.clone(),
        rendered.body.clone(),
    );
    assert_eq!(rendered, again);
}

#[test]
fn a_refusal_names_its_rule() {
    let desk = logged();
    let ctx = Ctx::new(desk.now, csr(), &desk.policy);
    let ann = to("Ann", "UTC", "en");
    let nope = TemplateId::new("nope").unwrap();
    let refused = |case: &Case, template, channel: &Channel| {
        render(&ctx, case, &outgoing(template, channel, ann)).unwrap_err()
    };

    let unknown = refused(&desk.case, nope, &Channel::Email);
    assert_eq!(unknown, RenderError::UnknownTemplate { template: nope });
    assert_eq!(
        (unknown.rule(), unknown.to_string().as_str()),
        ("unknown_template", "`nope` is not a template of the policy")
    );
    let not_logged = refused(
        &Case::default(),
        TemplateId::ACKNOWLEDGEMENT,
        &Channel::Email,
    );
    assert_eq!(not_logged.rule(), "not_logged");
    // The desk does not call, and has no fallback from a call.
    let phone = refused(&desk.case, TemplateId::ACKNOWLEDGEMENT, &Channel::Phone);
    assert_eq!(phone.rule(), "no_variant");
    assert_eq!(
        phone.to_string(),
        "template `acknowledgement` has no variant for `phone` in `en` nor the default locale"
    );
    let error: casework::Error = phone.into();
    assert_eq!(error.rule(), "no_variant");
}

#[test]
fn a_channel_the_desk_does_not_write_on_falls_back() {
    let mut spec = PolicySpec::sop_default();
    let communication = &mut spec.communication;
    communication.channels = vec![Channel::Email];
    for variants in communication.templates.values_mut() {
        variants.retain(|v| v.channel != Channel::Sms);
    }
    communication.fallbacks.push(Fallback {
        from: Channel::Phone,
        to: Channel::Sms,
    });
    // A fallback to a channel not written on is refused...
    let refused = spec.compile().unwrap_err();
    assert_eq!(refused.problems[0].path, "communication.fallbacks[1].to");
    // ... and one chain of them followed.
    spec.communication.fallbacks = vec![
        Fallback {
            from: Channel::Phone,
            to: Channel::Sms,
        },
        Fallback {
            from: Channel::Sms,
            to: Channel::Email,
        },
    ];
    let refused = spec.compile().unwrap_err();
    assert_eq!(refused.problems[0].path, "communication.fallbacks[0].to");
    spec.communication.channels.push(Channel::Phone);
    spec.communication.fallbacks.remove(0);
    for variants in spec.communication.templates.values_mut() {
        variants.push(Variant::new(
            Channel::Phone,
            "en",
            "Call about {{ reference }}.",
        ));
    }
    let policy = spec.compile().unwrap();
    let mut desk = Desk::with_policy(policy);
    desk.run_at(monday(), csr(), log(CaseKind::Complaint, Severity::Medium))
        .unwrap();
    let ctx = Ctx::new(desk.now, csr(), &desk.policy);
    let sms = render(
        &ctx,
        &desk.case,
        &outgoing(
            TemplateId::RESOLUTION,
            &Channel::Sms,
            to("Ann", "UTC", "de"),
        ),
    )
    .unwrap();
    assert_eq!((sms.channel, sms.locale.as_str()), (Channel::Email, "de"));
    assert_eq!(
        sms.subject.as_deref(),
        Some("Ihre Anfrage CMP-2026-000042 ist erledigt")
    );
    let call = render(
        &ctx,
        &desk.case,
        &outgoing(
            TemplateId::RESOLUTION,
            &Channel::Phone,
            to("Ann", "UTC", "de"),
        ),
    )
    .unwrap();
    assert_eq!(
        (call.channel, call.body.as_str()),
        (Channel::Phone, "Call about CMP-2026-000042.")
    );
}

#[test]
fn the_default_policy_renders_every_template_and_the_promise_rule_reads_its_metric() {
    let policy = Policy::sop_default().unwrap();
    let communication = policy.communication();
    assert_eq!(communication, &CommunicationPolicy::default());
    for template in TemplateId::SOP {
        assert!(
            communication.templates.contains_key(&template),
            "{template}"
        );
    }
    assert!(
        policy
            .sla()
            .metrics
            .iter()
            .any(|m| m.name == communication.promise.metric)
    );
    let due = Utc.with_ymd_and_hms(2026, 11, 25, 16, 52, 0).unwrap();
    assert_eq!(communication.promise.promise(due), due);
}

#[cfg(feature = "proptest")]
mod properties {
    use casework::Actor;
    use casework::case::CaseKind;
    use casework::communication::{Outgoing, Recipient, TemplateId, Variant, render};
    use casework::{Channel, Ctx, PolicySpec, Severity};
    use chrono::TimeDelta;
    use proptest::prelude::*;

    use super::super::case::fixtures::{Desk, csr, log, monday};
    use super::super::case::properties::steps;

    fn zone() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "UTC",
            "Europe/Berlin",
            "Europe/Vienna",
            "America/St_Johns",
            "Asia/Kathmandu",
            "Pacific/Chatham",
            "Australia/Lord_Howe",
        ])
    }

    fn locale() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(vec!["en", "de", "de-AT", "DE", "fr", "", "en-GB-x-q"])
                .prop_map(str::to_owned),
            any::<String>(),
        ]
    }

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Z][a-z]{1,10} [A-Z][a-z]{1,12}",
            any::<String>(),
            ".{0,200}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every template of the default policy renders on every channel in
        /// use, for every locale, whatever state random commands left the
        /// case in; an SMS within its limit.
        #[test]
        fn every_template_renders_on_every_channel_for_any_case(
            steps in steps(24),
            zone in zone(),
            locale in locale(),
            customer in name(),
            agent in name(),
        ) {
            let mut desk = Desk::new();
            desk.run_at(monday(), csr(), log(CaseKind::Complaint, Severity::Medium)).unwrap();
            for (actor, command, minutes) in steps {
                let at = desk.now + TimeDelta::minutes(minutes.max(0));
                let _ = desk.run_at(at, actor, command);
            }
            let ctx = Ctx::new(desk.now, csr(), &desk.policy);
            let communication = desk.policy.communication();
            let mut locales: Vec<&str> = communication.locales.keys().map(String::as_str).collect();
            locales.push(&locale);
            for template in communication.templates.keys() {
                for channel in &communication.channels {
                    for tag in &locales {
                        let message = render(&ctx, &desk.case, &Outgoing {
                            template: *template,
                            channel,
                            to: Recipient { name: &customer, zone: zone.parse().unwrap(), locale: tag },
                            agent_name: &agent,
                        });
                        let message = message.map_err(|e| TestCaseError::fail(e.to_string()))?;
                        prop_assert_eq!(&message.channel, channel);
                        prop_assert!(communication.locales.contains_key(&message.locale));
                        prop_assert!(!message.body.is_empty());
                        if *channel == Channel::Sms {
                            prop_assert!(message.body.chars().count() <= 160, "{}", message.body);
                        }
                    }
                }
            }
        }

        /// A template of text and known placeholders that compiles renders
        /// an SMS within the limit, whatever the values; one that does not
        /// is refused at its path.
        #[test]
        fn a_compiled_sms_template_renders_within_its_limit(
            parts in proptest::collection::vec(
                prop_oneof![
                    3 => "[ -~]{0,24}",
                    2 => proptest::sample::select(vec![
                        "reference", "customer_name", "agent_name", "promised_time",
                        "received_at", "category", "priority", "status", "subject",
                    ]).prop_map(|name| format!("{{{{ {name} }}}}")),
                ],
                1..10,
            ),
            limit in 20u32..400,
            customer in name(),
            agent in name(),
            zone in zone(),
        ) {
            let body: String = parts.concat();
            let mut spec = PolicySpec::sop_default();
            spec.communication.sms_max_chars = limit;
            let custom = TemplateId::new("custom").unwrap();
            spec.communication.templates.clear();
            spec.communication.notices = casework::communication::Notices {
                re_promise: false,
                apologise_for: Vec::new(),
            };
            spec.communication.templates.insert(custom, vec![
                Variant::email("en", "About {{ reference }}", "Dear {{ customer_name }}"),
                Variant::sms("en", body.clone()),
            ]);
            let policy = match spec.compile() {
                Ok(policy) => policy,
                Err(refused) => {
                    for problem in &refused.problems {
                        prop_assert_eq!(&problem.path, "communication.templates.custom[1].body");
                    }
                    return Ok(());
                }
            };
            let mut desk = Desk::with_policy(policy);
            desk.run_at(monday(), csr(), log(CaseKind::Complaint, Severity::Medium)).unwrap();
            let ctx = Ctx::new(desk.now, Actor::system(casework::ActorId::from_uuid(uuid::Uuid::nil())), &desk.policy);
            let sms = render(&ctx, &desk.case, &Outgoing {
                template: custom,
                channel: &Channel::Sms,
                to: Recipient { name: &customer, zone: zone.parse().unwrap(), locale: "en" },
                agent_name: &agent,
            });
            let sms = sms.map_err(|e| TestCaseError::fail(format!("{body:?}: {e}")))?;
            prop_assert!(sms.body.chars().count() <= limit as usize, "{body:?} -> {:?}", sms.body);
        }
    }
}

/// Templates at every limit, and shapes meant to hurt the parser: each is
/// refused or compiled, in bounded time, without a panic.
#[test]
fn hostile_templates_are_refused_or_compiled_without_harm() {
    let nested = |open: &str, close: &str| {
        format!(
            "{{{{ {}reference{} }}}}",
            open.repeat(2000),
            close.repeat(2000)
        )
    };
    for body in [
        nested("(", ")"),
        nested("[", "]"),
        nested("-", ""),
        nested("not ", ""),
        format!("{{{{ reference{} }}}}", ".a".repeat(3000)),
        "{{".repeat(4000),
        "}}".repeat(4000),
        "{#".repeat(4000),
        format!("{{% raw %}}{}", "{{ x }}".repeat(1000)),
        "{{ reference }}\u{0}\u{202e}".repeat(400),
    ] {
        let found = problems_of(|p| ack(p, 0).body = body.clone());
        assert!(
            found.iter().all(|(path, message)| {
                path == &format!("{ACK}[0].body") && message.len() < 400
            }),
            "{found:?}"
        );
    }

    // 64 templates of 32 variants, each body 8 KiB of placeholders: the
    // most a policy parses (a few seconds in a debug build). The SMS bodies
    // are too long; each says so.
    let found = problems_of(|p| {
        p.templates.clear();
        p.notices.re_promise = false;
        p.notices.apologise_for.clear();
        p.locales = (0..16)
            .map(|i| (format!("l{i}"), LocaleSpec::new("%d.%m.%Y %H:%M", "soon")))
            .collect();
        p.default_locale = "l0".into();
        let body = "{{ reference }}".repeat(CommunicationPolicy::MAX_BODY_BYTES / 15);
        for t in 0..CommunicationPolicy::MAX_TEMPLATES {
            let variants = (0..16)
                .flat_map(|l| {
                    [
                        Variant::email(format!("l{l}"), "{{ subject }}", body.clone()),
                        Variant::sms(format!("l{l}"), body.clone()),
                    ]
                })
                .collect();
            p.templates
                .insert(TemplateId::new(&format!("t{t}")).unwrap(), variants);
        }
    });
    assert_eq!(found.len(), 64 * 16);
    assert!(
        found[0].1.starts_with("renders up to 14196 characters"),
        "{:?}",
        found[0]
    );
}
