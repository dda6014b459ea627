//! The fuzz targets' reader of their input: bytes taken in order as small
//! choices, numbers and text. Past the end every read answers zero or empty,
//! so that any input, however short, is a complete run.

/// The bytes of one fuzz input, read from the front.
pub struct Input<'a> {
    bytes: &'a [u8],
}

impl<'a> Input<'a> {
    /// Reads `bytes` from the start.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes }
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The next `n` bytes, or fewer at the end.
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.bytes.len());
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        head
    }

    /// The next byte; 0 at the end.
    pub fn u8(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    /// The next two bytes, big-endian.
    pub fn u16(&mut self) -> u16 {
        u16::from(self.u8()) << 8 | u16::from(self.u8())
    }

    /// The next four bytes, big-endian.
    pub fn u32(&mut self) -> u32 {
        u32::from(self.u16()) << 16 | u32::from(self.u16())
    }

    /// The next eight bytes, big-endian.
    pub fn u64(&mut self) -> u64 {
        u64::from(self.u32()) << 32 | u64::from(self.u32())
    }

    /// The next eight bytes as a signed number.
    pub fn i64(&mut self) -> i64 {
        self.u64() as i64
    }

    /// A choice among `n` (at least 1) options: 0 to `n - 1`.
    pub fn choose(&mut self, n: usize) -> usize {
        if n <= 256 {
            usize::from(self.u8()) % n.max(1)
        } else {
            usize::from(self.u16()) % n
        }
    }

    /// One of `items` (not empty).
    pub fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        let i = self.choose(items.len());
        &items[i]
    }

    /// A yes or no.
    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    /// A number in `lo..=hi`.
    pub fn in_range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.wrapping_sub(lo) as u64;
        if span == u64::MAX {
            return self.i64();
        }
        lo.wrapping_add((self.u64() % (span + 1)) as i64)
    }

    /// Up to `max` bytes, their count read first.
    pub fn bytes(&mut self, max: usize) -> &'a [u8] {
        let n = self.choose(max + 1);
        self.take(n)
    }

    /// Text of up to `max` bytes, read lossily as UTF-8.
    pub fn text(&mut self, max: usize) -> String {
        String::from_utf8_lossy(self.bytes(max)).into_owned()
    }
}
