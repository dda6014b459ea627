//! [`RatingScale`]: the scale a follow-up survey asks the customer to rate on.

use core::fmt;
use core::ops::RangeInclusive;

/// A rating scale.
///
/// # Example
/// ```
/// use casework::feedback::RatingScale;
///
/// assert!(RatingScale::Csat.check(5).is_ok());
/// let refused = RatingScale::Csat.check(0).unwrap_err();
/// assert_eq!(refused.to_string(), "0 is not a rating on the CSAT scale (1 to 5)");
/// assert!(RatingScale::Nps.check(0).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum RatingScale {
    /// Customer satisfaction, 1 (very dissatisfied) to 5 (very satisfied).
    #[default]
    Csat,
    /// Net promoter score: how likely to recommend, 0 to 10.
    Nps,
    /// Customer effort score: how easy it was, 1 (very hard) to 7 (very easy).
    Ces,
}

/// A rating outside its scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{rating} is not a rating on the {scale} scale ({} to {})", scale.range().start(), scale.range().end())]
pub struct RatingOutOfScale {
    /// The rating given.
    pub rating: u8,
    /// The scale.
    pub scale: RatingScale,
}

impl RatingScale {
    /// The ratings the scale allows.
    #[must_use]
    pub const fn range(self) -> RangeInclusive<u8> {
        match self {
            RatingScale::Csat => 1..=5,
            RatingScale::Nps => 0..=10,
            RatingScale::Ces => 1..=7,
        }
    }

    /// Checks a rating.
    ///
    /// # Errors
    /// [`RatingOutOfScale`] when the rating is outside [`range`](Self::range).
    pub fn check(self, rating: u8) -> Result<(), RatingOutOfScale> {
        if self.range().contains(&rating) {
            Ok(())
        } else {
            Err(RatingOutOfScale {
                rating,
                scale: self,
            })
        }
    }

    /// Whether a rating counts as satisfied: 4 or 5 on CSAT, 9 or 10 on NPS
    /// (a promoter), 5 to 7 on CES.
    #[must_use]
    pub const fn is_satisfied(self, rating: u8) -> bool {
        match self {
            RatingScale::Csat => rating >= 4,
            RatingScale::Nps => rating >= 9,
            RatingScale::Ces => rating >= 5,
        }
    }
}

impl fmt::Display for RatingScale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            RatingScale::Csat => "CSAT",
            RatingScale::Nps => "NPS",
            RatingScale::Ces => "CES",
        })
    }
}
