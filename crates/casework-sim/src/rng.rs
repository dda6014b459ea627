//! The simulation's one source of chance: SplitMix64 from the seed, so that a
//! seed gives the same run on every machine.

/// A seeded generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// The generator for `seed`.
    #[must_use]
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub const fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub const fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// A number in `low..high` (`low` when the range is empty).
    pub const fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            low
        } else {
            low + self.below(high.abs_diff(low)) as i64
        }
    }

    /// True with probability `per_mille` / 1000.
    pub const fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1_000) < per_mille as u64
    }

    /// One of `items`, or `None` for an empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    /// A generator of its own for one part of the run, so that drawing more
    /// in one part does not change what another draws.
    pub const fn fork(&mut self) -> Self {
        Self(self.next_u64())
    }
}
