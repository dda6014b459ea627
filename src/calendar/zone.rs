//! [`Zone`]: a calendar's IANA time zone, as chrono's [`TimeZone`], without the
//! time-zone database crate in the library's public API.

use core::fmt;
use core::str::FromStr;

use chrono::{FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// A calendar's IANA time zone, such as `Europe/Berlin`
/// ([`BusinessCalendar::time_zone`](super::BusinessCalendar::time_zone)).
///
/// It is chrono's [`TimeZone`], so that `instant.with_timezone(&zone)` gives
/// the local time the calendar reads. The time-zone database behind it is the
/// library's own business: a new major release of it is not one of the
/// library's.
///
/// # Example
/// ```
/// use casework::calendar::CalendarSpec;
/// use chrono::{TimeZone, Timelike, Utc};
///
/// let calendar = CalendarSpec::twenty_four_seven("Europe/Berlin").compile()?;
/// let zone = calendar.time_zone();
/// assert_eq!(zone.name(), "Europe/Berlin");
/// // 09:00 UTC in November is 10:00 in Berlin (CET, UTC+1).
/// let local = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap().with_timezone(&zone);
/// assert_eq!(local.hour(), 10);
/// assert_eq!(local.offset().to_string(), "CET");
/// # Ok::<(), casework::CalendarError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone(Tz);

impl Zone {
    pub(crate) const fn new(tz: Tz) -> Self {
        Self(tz)
    }

    /// The zone's IANA name, such as `Europe/Berlin`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}

impl FromStr for Zone {
    type Err = UnknownZone;

    /// The zone with the IANA name `name`, such as `Europe/Berlin`: for a
    /// customer's zone, from the caller's own records.
    ///
    /// # Errors
    /// [`UnknownZone`] when `name` is not an IANA zone name of the library's
    /// time-zone database (the names are case-sensitive).
    ///
    /// # Example
    /// ```
    /// use casework::calendar::Zone;
    ///
    /// let vienna: Zone = "Europe/Vienna".parse()?;
    /// assert_eq!(vienna.name(), "Europe/Vienna");
    /// let refused = "Europe/Wien".parse::<Zone>().unwrap_err();
    /// assert_eq!(refused.to_string(), "\"Europe/Wien\" is not an IANA time zone name");
    /// # Ok::<(), casework::calendar::UnknownZone>(())
    /// ```
    fn from_str(name: &str) -> Result<Self, UnknownZone> {
        Tz::from_str(name).map(Self).map_err(|_| UnknownZone {
            name: name.chars().take(UnknownZone::MAX_ECHOED).collect(),
        })
    }
}

/// The refusal of a name that is not an IANA time zone name
/// (`str::parse` into a [`Zone`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} is not an IANA time zone name")]
#[non_exhaustive]
pub struct UnknownZone {
    /// The name refused: its first 64 characters at most.
    pub name: String,
}

impl UnknownZone {
    /// How many characters of a refused name the error keeps.
    const MAX_ECHOED: usize = 64;
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// The offset from UTC that a [`Zone`] has at some instant, with its
/// abbreviation (`CET`, `CEST`) as its `Display`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoneOffset(<Tz as TimeZone>::Offset);

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.0.fix()
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Self {
        Self(Tz::from_offset(&offset.0))
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        self.0.offset_from_local_date(local).map(ZoneOffset)
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        self.0.offset_from_local_datetime(local).map(ZoneOffset)
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        ZoneOffset(self.0.offset_from_utc_date(utc))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        ZoneOffset(self.0.offset_from_utc_datetime(utc))
    }
}
