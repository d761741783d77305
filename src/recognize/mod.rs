//! Stage 3: recognition of mentions with spans: titles, institutions, districts ([`title`]),
//! persons ([`person`]), events ([`event`]) and dates ([`date`]). Recognizers read one sentence of
//! the normalised text at a time; spans are byte spans of that text.

pub mod date;
pub mod event;
mod foreign;
mod known;
pub(crate) mod names;
pub mod person;
pub mod title;
pub mod vocab;
mod words;

pub use date::{Date, DateMention};
pub use event::{EventMention, EventRef};
pub use person::PersonMention;
pub use title::{OrgMention, PieceRuns, PlaceMention, TitleMention};

/// Is `c` a Han character?
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}
