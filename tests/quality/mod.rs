//! Non-conformances and CAPA.

mod capa;
