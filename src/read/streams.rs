//! [`StreamMap`]: a hash map keyed by stream, with a hasher fit for stream ids.

use core::hash::{BuildHasherDefault, Hasher};
use std::collections::HashMap;

use crate::id::StreamId;

/// A hash map keyed by stream. Stream ids are uuids that the caller's store
/// made, not input an adversary picks to collide, so the map hashes them with
/// a multiply-rotate hash (as rustc's `FxHasher`) finished by MurmurHash3's
/// 64-bit mix, rather than SipHash: a projection looks a stream up for every
/// event it folds. The mix spreads ids that differ in one byte, such as
/// sequential ones, over every bit of the hash.
pub(super) type StreamMap<V> = HashMap<StreamId, V, BuildHasherDefault<StreamHasher>>;

/// The hasher of [`StreamMap`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct StreamHasher(u64);

impl StreamHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for StreamHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.mix(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        }
        for &byte in words.remainder() {
            self.mix(u64::from(byte));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}
