//! Quality records: non-conformances and CAPA.

mod capa;
mod nonconformance;
