//! Formatting and parsing human reference numbers and typed ids.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use casework::{CaseId, Reference};
use criterion::{Criterion, criterion_group, criterion_main};

fn reference(c: &mut Criterion) {
    let reference = Reference::new("CMP", 2026, 42).unwrap();
    let text = reference.to_string();
    let id = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    c.bench_function("reference/parse", |b| {
        b.iter(|| black_box(&text).parse::<Reference>())
    });
    c.bench_function("reference/format", |b| {
        b.iter(|| black_box(&reference).to_string())
    });
    c.bench_function("id/parse", |b| b.iter(|| black_box(id).parse::<CaseId>()));
}

criterion_group!(benches, reference);
criterion_main!(benches);
