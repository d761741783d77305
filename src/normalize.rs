//! Stage 1: normalisation. Joins hard line breaks inside sentences, folds half-width punctuation and
//! full-width letters and digits, and keeps an [`OffsetMap`] back to the original text.

use crate::cues::{class, CueTable, Hit};
use crate::scan::{find_mark, lines_inclusive, Needles};
use crate::span::Span;

/// One run of the normalised text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    norm: usize,
    orig: usize,
    norm_len: usize,
    orig_len: usize,
}

/// Maps byte offsets of a normalised text back to the original text.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
    orig_len: usize,
}

impl OffsetMap {
    fn push(&mut self, norm: usize, orig: usize, norm_len: usize, orig_len: usize, copy: bool) {
        if copy {
            if let Some(last) = self.pieces.last_mut() {
                let last_copy = last.norm_len == last.orig_len;
                if last_copy && last.norm + last.norm_len == norm && last.orig + last.orig_len == orig {
                    last.norm_len += norm_len;
                    last.orig_len += orig_len;
                    return;
                }
            }
        }
        self.pieces.push(Piece { norm, orig, norm_len, orig_len });
    }

    /// Maps a normalised span to the original text. A span that starts or ends inside a replaced
    /// character covers the whole original character.
    pub fn to_original(&self, span: Span) -> Span {
        Span::new(self.map_start(span.start), self.map_end(span.end).max(self.map_start(span.start)))
    }

    fn map_start(&self, n: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.norm + p.norm_len <= n);
        match self.pieces.get(i) {
            Some(p) if p.norm <= n => {
                if p.norm_len == p.orig_len {
                    p.orig + (n - p.norm)
                } else {
                    p.orig
                }
            }
            Some(p) => p.orig,
            None => self.orig_len,
        }
    }

    fn map_end(&self, n: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.norm + p.norm_len < n);
        match self.pieces.get(i) {
            Some(p) if p.norm < n => {
                if p.norm_len == p.orig_len {
                    p.orig + (n - p.norm)
                } else {
                    p.orig + p.orig_len
                }
            }
            Some(p) => p.orig,
            None => self.orig_len,
        }
    }
}

/// A normalised text with its map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalised text: one line per paragraph or heading, `\n` between them.
    pub text: String,
    /// Byte offsets of `text` back to the original.
    pub map: OffsetMap,
}

/// Characters that may end a sentence or a paragraph: a line break after one is kept.
fn ends_block(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '；'
            | '：'
            | '”'
            | '’'
            | '」'
            | '』'
            | '）'
            | ')'
            | '】'
            | '…'
            | '.'
            | '!'
            | '?'
    )
}

/// Half-width punctuation folded to the full-width forms Chinese text uses, full-width ASCII
/// letters and digits folded to half-width, and the ideographic space to a plain one.
pub fn fold_char(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        '\u{3000}' | '\u{00a0}' => ' ',
        '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Where a character [`fold_char`] changes may start, other than a full-width letter or digit:
/// ASCII punctuation, U+00A0 and U+3000. All are rare in Chinese text.
static RARE_FOLDABLE: std::sync::LazyLock<Needles> = std::sync::LazyLock::new(|| {
    Needles::new::<&[u8]>(&[b",", b":", b";", b"!", b"?", b"(", b")", b"\xC2\xA0", b"\xE3\x80\x80"])
});

/// Is the character at byte `i` of `b` (where `b[i]` is `EF`) a full-width letter or digit:
/// U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A, that is `EF BC 90–99`, `EF BC A1–BA`, `EF BD 81–9A`?
fn full_width_alnum(b: &[u8], i: usize) -> bool {
    matches!((b.get(i + 1), b.get(i + 2)), (Some(0xBC), Some(0x90..=0x99 | 0xA1..=0xBA)) | (Some(0xBD), Some(0x81..=0x9A)))
}

/// The byte offsets of `line` where [`fold_char`] may change a character, in order. The
/// full-width forms block also holds the punctuation Chinese text is full of (`，`, `：`, `（`):
/// its letters and digits are found by a byte search for `EF` and a look at the next two bytes,
/// which costs a tenth of a vectorised multi-needle search stopping at every comma.
fn foldable(line: &str) -> impl Iterator<Item = usize> + '_ {
    let b = line.as_bytes();
    let mut rare = RARE_FOLDABLE.find_iter(b).map(|(i, _)| i).peekable();
    let mut wide = memchr::memchr_iter(0xEF, b).filter(move |&i| full_width_alnum(b, i)).peekable();
    std::iter::from_fn(move || match (rare.peek(), wide.peek()) {
        (Some(r), Some(w)) if r < w => rare.next(),
        (Some(_), None) => rare.next(),
        _ => wide.next(),
    })
}

/// Lines that start a new block: a following break before them is never joined.
fn starts_block(line: &str) -> bool {
    const MARKERS: [&str; 8] = ["#", "本报讯", "来源", "（", "(", "【", "新华社", "央视网"];
    MARKERS.iter().any(|m| line.starts_with(m))
}

/// Is this line a heading (never joined to what follows)?
fn is_heading(line: &str, first: bool) -> bool {
    if line.starts_with('#') {
        return true;
    }
    // A line with no clause punctuation reads as a title when it opens the text or is short.
    // The checks from cheapest: a long line is no title (a character is at most four bytes).
    let short = first || line.len() <= 50 || (line.len() <= 200 && line.chars().count() <= 50);
    let dateline = || ["本报讯", "新华社", "央视网", "人民网"].iter().any(|m| line.starts_with(m));
    let has_clause = || {
        memchr::memchr2(b',', b';', line.as_bytes()).is_some()
            || find_mark(line, &['，', '。', '、', '；']).is_some()
    };
    short && !dateline() && !has_clause()
}

/// Normalises `text`: trims lines, drops blank lines, joins a line to the next when the break
/// falls inside a sentence, and folds punctuation widths (see [`fold_char`]).
///
/// ```
/// use zhkg::normalize::normalize;
/// let n = normalize("本报讯 会议由副县长\n\n王小明主持,大家参加。\n下一段");
/// assert_eq!(n.text, "本报讯 会议由副县长王小明主持，大家参加。\n下一段");
/// ```
pub fn normalize(text: &str) -> Normalized {
    normalize_with(text, None)
}

/// The characters [`fold_char`] changes (all in the basic plane).
pub(crate) fn cue_chars() -> impl Iterator<Item = (char, u16)> {
    (0..=0xFFFF).filter_map(char::from_u32).filter(|&c| fold_char(c) != c).map(|c| (c, class::FOLD))
}

/// [`normalize`] from the cues of the original `text` found by `table` (see `cues`), which are
/// left in `hits` moved to the normalised text: the characters to fold are told by them rather
/// than searched for, and the normalised text need not be scanned again.
pub(crate) fn normalize_cued(text: &str, table: &CueTable, hits: &mut Vec<Hit>) -> Normalized {
    table.scan(text, hits);
    let folds: Vec<usize> = hits.iter().filter(|h| h.class & class::FOLD != 0).map(|h| h.at).collect();
    let n = normalize_with(text, Some(&folds));
    move_to_normalised(hits, &n.map);
    n
}

/// Moves `hits`, cues of an original text, to the text `map` maps back to it: a cue in a run
/// copied as is moves with the run, a folded character's cues (those of what it was folded to,
/// see `cues::builtin`) go to the character it became, and cues in what was dropped (white
/// space trimmed from a line) are dropped.
fn move_to_normalised(hits: &mut Vec<Hit>, map: &OffsetMap) {
    let (mut read, mut kept) = (0, 0);
    // Piece by piece (in the original's order): the cues before it are in what was dropped, and
    // those inside it move alike, written at every place and kept, by moving the count, unless
    // they were only cues to folding.
    for p in &map.pieces {
        while hits.get(read).is_some_and(|h| h.at < p.orig) {
            read += 1;
        }
        let end = p.orig + p.orig_len;
        let same = p.norm_len == p.orig_len;
        while let Some(&h) = hits.get(read).filter(|h| h.at < end) {
            let at = if same { p.norm + (h.at - p.orig) } else { p.norm };
            let class = h.class & !class::FOLD;
            hits[kept] = Hit { at, class };
            kept += usize::from(class != 0);
            read += 1;
        }
    }
    hits.truncate(kept);
}

/// [`normalize`], where `folds`, when given, are the places of `text` where [`fold_char`] changes
/// a character (in order), found by a scan that looked for more.
fn normalize_with(text: &str, folds: Option<&[usize]>) -> Normalized {
    let mut folds_ahead = folds.unwrap_or_default();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Sized for the usual few pieces a line (a run, a fold, a break) rather than grown.
    let mut map = OffsetMap { pieces: Vec::with_capacity(text.len() / 64 + 8), orig_len: text.len() };
    // Collect non-blank lines with their original offsets.
    let mut lines: Vec<(usize, &str)> = Vec::with_capacity(text.len() / 128 + 4);
    let mut pos = 0;
    for raw in lines_inclusive(text) {
        let line = raw.trim_end_matches(['\n', '\r']);
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            lines.push((pos + lead, trimmed));
        }
        pos += raw.len();
    }
    let mut headings: Vec<&str> = Vec::new();
    let mut prev_joinable = false;
    for (idx, &(start, line)) in lines.iter().enumerate() {
        if idx > 0 && (!prev_joinable || starts_block(line)) {
            out.push('\n');
            // A synthetic newline maps to the break before the line.
            let at = start.saturating_sub(1);
            map.push(out.len() - 1, at, 1, 0, false);
        }
        // Runs that need no folding are copied whole; only where a folded character may start
        // (see `foldable`) is a character decoded.
        let mut copied = 0;
        let told = folds.map(|_| {
            let skip = folds_ahead.iter().position(|&p| p >= start).unwrap_or(folds_ahead.len());
            folds_ahead = &folds_ahead[skip..];
            let n = folds_ahead.iter().position(|&p| p >= start + line.len()).unwrap_or(folds_ahead.len());
            folds_ahead[..n].iter().map(|&p| p - start)
        });
        let searched = folds.is_none().then(|| foldable(line));
        for off in told.into_iter().flatten().chain(searched.into_iter().flatten()) {
            let Some(c) = line.get(off..).and_then(|r| r.chars().next()) else { continue };
            let f = fold_char(c);
            if f == c {
                continue;
            }
            if off > copied {
                map.push(out.len(), start + copied, off - copied, off - copied, true);
                out.push_str(&line[copied..off]);
            }
            map.push(out.len(), start + off, f.len_utf8(), c.len_utf8(), false);
            out.push(f);
            copied = off + c.len_utf8();
        }
        if line.len() > copied {
            map.push(out.len(), start + copied, line.len() - copied, line.len() - copied, true);
            out.push_str(&line[copied..]);
        }
        let heading = is_heading(line, idx == 0) || headings.contains(&line);
        if heading {
            headings.push(line);
        }
        let last = line.chars().next_back().unwrap_or('。');
        prev_joinable = !heading && !ends_block(fold_char(last));
    }
    Normalized { text: out, map }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The places `foldable` gives are exactly those where `fold_char` changes a character.
        #[test]
        fn foldable_finds_every_folded_character(s in "[，：；（）！？０-９Ａ-Ｚａ-ｚ～｛｀,:;!?()\u{3000}\u{a0}甲会a1]{0,30}") {
            let want: Vec<usize> = s.char_indices().filter(|&(_, c)| fold_char(c) != c).map(|(i, _)| i).collect();
            let got: Vec<usize> = foldable(&s).filter(|&i| s[i..].chars().next().is_some_and(|c| fold_char(c) != c)).collect();
            proptest::prop_assert_eq!(got, want);
            let all: Vec<usize> = foldable(&s).collect();
            proptest::prop_assert!(all.windows(2).all(|w| w[0] < w[1]));
        }

        /// Told the characters to fold by a scan of the original text, normalisation gives what
        /// it gives searching for them, and the scan's cues, moved, are those of the normalised
        /// text: line breaks, blank lines, edge spaces, folded punctuation and cues alike.
        #[test]
        fn cued_normalisation_agrees(s in "[，：；。（）！？０-９Ａａ,:;!?()\u{3000}\u{a0} \n\r\t#甲会日号同他镇1-]{0,40}") {
            static LEX: std::sync::LazyLock<crate::Lexicon> = std::sync::LazyLock::new(crate::Lexicon::builtin);
            let mut hits = Vec::new();
            let cued = normalize_cued(&s, LEX.cues(), &mut hits);
            let plain = normalize(&s);
            proptest::prop_assert_eq!(&cued.text, &plain.text);
            proptest::prop_assert_eq!(&cued.map.pieces, &plain.map.pieces);
            let mut scanned = Vec::new();
            LEX.cues().scan(&plain.text, &mut scanned);
            proptest::prop_assert_eq!(hits, scanned);
        }
    }

    fn back(text: &str, n: &Normalized, needle: &str) -> String {
        let at = n.text.find(needle).expect("needle");
        let s = n.map.to_original(Span::new(at, at + needle.len()));
        text[s.start..s.end].to_string()
    }

    #[test]
    fn joins_breaks_inside_a_sentence() {
        let t = "本报讯 会议开始,由副县长\n\n王小明主持。\n\n县委书记讲话。";
        let n = normalize(t);
        assert_eq!(n.text, "本报讯 会议开始，由副县长王小明主持。\n县委书记讲话。");
        assert_eq!(back(t, &n, "王小明"), "王小明");
        assert_eq!(back(t, &n, "开始，由"), "开始,由");
        assert_eq!(back(t, &n, "副县长王小明"), "副县长\n\n王小明");
    }

    #[test]
    fn keeps_headings_and_source_lines_apart() {
        let t = "# 标题没有标点\n本报讯 今天开会了,大家都来\n（某某县委党校）\n## 第二篇";
        let n = normalize(t);
        let lines: Vec<&str> = n.text.lines().collect();
        assert_eq!(
            lines,
            vec!["# 标题没有标点", "本报讯 今天开会了，大家都来", "（某某县委党校）", "## 第二篇"]
        );
    }

    #[test]
    fn folds_full_width_digits() {
        let n = normalize("２０２２年３月");
        assert_eq!(n.text, "2022年3月");
        assert_eq!(n.map.to_original(Span::new(0, 4)), Span::new(0, 12));
    }

    #[test]
    fn empty_input() {
        let n = normalize("");
        assert_eq!(n.text, "");
        assert_eq!(n.map.to_original(Span::new(0, 0)), Span::new(0, 0));
    }

    #[test]
    fn folds_at_run_edges_map_back_exactly() {
        // Folded characters first, last and next to each other, between untouched runs.
        let t = "(甲,乙)：丙\u{3000}丁１２;戊?";
        let n = normalize(t);
        assert_eq!(n.text, "（甲，乙）：丙 丁12；戊？");
        for needle in ["（", "甲，乙", "）：丙", " ", "丁12", "；戊？"] {
            let at = n.text.find(needle).expect("needle");
            let o = n.map.to_original(Span::new(at, at + needle.len()));
            let folded: String = t[o.start..o.end].chars().map(fold_char).collect();
            assert_eq!(folded, needle);
        }
    }
}
