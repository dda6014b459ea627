//! Quality records: non-conformances and CAPA.

mod nonconformance;
