use casework::{CaseId, Reference, ReferenceError, StreamId};
use proptest::prelude::*;
use uuid::Uuid;

#[test]
fn valid_references_parse_to_their_parts() {
    let table: &[(&str, &str, u16, u64)] = &[
        ("CMP-2026-000042", "CMP", 2026, 42),
        ("SR-1999-000001", "SR", 1999, 1),
        ("CAPA-2030-999999", "CAPA", 2030, 999_999),
        ("NCR2-2026-1000000", "NCR2", 2026, 1_000_000),
        (
            "ABCDEFGH-9999-999999999999",
            "ABCDEFGH",
            9999,
            999_999_999_999,
        ),
        ("QA-1000-000100", "QA", 1000, 100),
    ];
    for &(text, prefix, year, sequence) in table {
        let r: Reference = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (r.prefix(), r.year(), r.sequence()),
            (prefix, year, sequence),
            "{text}"
        );
        assert_eq!(r.to_string(), text);
    }
}

#[test]
fn invalid_references_are_refused_with_the_rule_that_refused() {
    fn shape(e: &ReferenceError) -> &'static str {
        match e {
            ReferenceError::Shape { .. } => "shape",
            ReferenceError::Prefix { .. } => "prefix",
            ReferenceError::Year { .. } => "year",
            ReferenceError::Sequence { .. } => "sequence",
            ReferenceError::NonCanonical { .. } => "non-canonical",
            _ => "other",
        }
    }
    let table: &[(&str, &str)] = &[
        ("", "shape"),
        ("CMP", "shape"),
        ("CMP-2026", "shape"),
        ("CMP-2026-000042-1", "shape"),
        ("-2026-000042", "prefix"),
        ("C-2026-000042", "prefix"),
        ("cmp-2026-000042", "prefix"),
        ("1CM-2026-000042", "prefix"),
        ("ABCDEFGHI-2026-000042", "prefix"),
        ("CM P-2026-000042", "prefix"),
        ("CMÉ-2026-000042", "prefix"),
        ("CMP-26-000042", "year"),
        ("CMP-0999-000042", "year"),
        ("CMP-20266-000042", "year"),
        ("CMP-+202-000042", "year"),
        ("CMP-2026-", "sequence"),
        ("CMP-2026-000000", "sequence"),
        ("CMP-2026-00004a", "sequence"),
        ("CMP-2026- 00042", "sequence"),
        ("CMP-2026-+00042", "sequence"),
        ("CMP-2026-1000000000000", "sequence"),
        ("CMP-2026-42", "non-canonical"),
        ("CMP-2026-0000042", "non-canonical"),
    ];
    for &(text, expected) in table {
        let err = text.parse::<Reference>().unwrap_err();
        assert_eq!(shape(&err), expected, "{text:?}: {err}");
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn reference_new_checks_its_parts() {
    assert!(matches!(
        Reference::new("cmp", 2026, 1),
        Err(ReferenceError::Prefix { .. })
    ));
    assert!(matches!(
        Reference::new("CMP", 999, 1),
        Err(ReferenceError::Year { .. })
    ));
    assert!(matches!(
        Reference::new("CMP", 2026, 0),
        Err(ReferenceError::Sequence { .. })
    ));
    assert!(matches!(
        Reference::new("CMP", 2026, Reference::MAX_SEQUENCE + 1),
        Err(ReferenceError::Sequence { .. })
    ));
}

#[test]
fn references_order_by_prefix_year_then_sequence() {
    let mut refs: Vec<Reference> = [
        "CMP-2026-000010",
        "CMP-2025-999999",
        "CMP-2026-000009",
        "CAPA-2030-000001",
    ]
    .iter()
    .map(|s| s.parse().unwrap())
    .collect();
    refs.sort();
    let sorted: Vec<String> = refs.iter().map(ToString::to_string).collect();
    assert_eq!(
        sorted,
        [
            "CAPA-2030-000001",
            "CMP-2025-999999",
            "CMP-2026-000009",
            "CMP-2026-000010"
        ]
    );
}

#[test]
fn ids_display_and_parse_as_hyphenated_uuids() {
    let id = CaseId::from_uuid(Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8));
    assert_eq!(id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(
        "67e55044-10b1-426f-9247-bb680e5fe0c8"
            .parse::<CaseId>()
            .unwrap(),
        id
    );
    let err = "not-a-uuid".parse::<CaseId>().unwrap_err();
    assert_eq!(err.kind, "CaseId");
    assert!(err.to_string().contains("not a valid CaseId"), "{err}");
    assert_eq!(StreamId::from(id).as_uuid(), id.as_uuid());
}

#[cfg(feature = "serde")]
#[test]
fn ids_and_references_serialize_as_strings() {
    let id = CaseId::from_uuid(Uuid::from_u128(1));
    let json = serde_json::to_string(&id).unwrap();
    assert_eq!(json, "\"00000000-0000-0000-0000-000000000001\"");
    assert_eq!(serde_json::from_str::<CaseId>(&json).unwrap(), id);

    let r = Reference::new("CMP", 2026, 42).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, "\"CMP-2026-000042\"");
    assert_eq!(serde_json::from_str::<Reference>(&json).unwrap(), r);
    let err = serde_json::from_str::<Reference>("\"CMP-2026-42\"").unwrap_err();
    assert!(err.to_string().contains("not canonical"), "{err}");
}

proptest! {
    #[test]
    fn reference_round_trips_through_its_text(
        prefix in "[A-Z][A-Z0-9]{1,7}",
        year in 1000u16..=9999,
        sequence in 1..=Reference::MAX_SEQUENCE,
    ) {
        let r = Reference::new(&prefix, year, sequence).unwrap();
        let text = r.to_string();
        let back: Reference = text.parse().unwrap();
        prop_assert_eq!(&back, &r);
        prop_assert_eq!(back.to_string(), text);
    }

    #[test]
    fn parse_never_panics_and_accepts_only_canonical_text(text in "\\PC{0,24}|[A-Z0-9-]{0,24}") {
        if let Ok(r) = text.parse::<Reference>() {
            prop_assert_eq!(r.to_string(), text);
        }
    }

    #[test]
    fn id_round_trips_through_its_text(n in any::<u128>()) {
        let id = CaseId::from_uuid(Uuid::from_u128(n));
        prop_assert_eq!(id.to_string().parse::<CaseId>().unwrap(), id);
    }
}
