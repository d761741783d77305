//! Stage 2: segmentation of a normalised text into articles, blocks (headings, metadata lines,
//! body paragraphs, source lines) and sentences. All spans are byte spans of the normalised text.

use crate::cues::{class, Cues, Cursor};
use crate::scan::{find_mark, lines_inclusive, Needles};
use crate::span::Span;

/// What a line of an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockKind {
    /// A title or heading.
    Heading,
    /// A source or dateline line (`来源: …`).
    Meta,
    /// A body paragraph.
    Body,
    /// A byline or source in brackets that closes an article: `（徐汇区委党校）`, `（王梓瑄）`.
    Source,
}

/// A line of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its kind.
    pub kind: BlockKind,
    /// The whole line (for a source, the text inside the brackets).
    pub span: Span,
    /// Sentences of a body paragraph; empty for other kinds.
    pub sentences: Vec<Span>,
}

/// One report: its blocks in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// From the first block to the last.
    pub span: Span,
    /// Its blocks.
    pub blocks: Vec<Block>,
}

impl Article {
    /// Body paragraphs only.
    pub fn body(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind == BlockKind::Body)
    }
}

fn is_open(c: char) -> bool {
    matches!(c, '（' | '(')
}

/// A trailing `（…）` of at most 24 characters with no sentence punctuation inside.
fn trailing_source(line: &str) -> Option<(usize, usize)> {
    let inner_end = line.strip_suffix('）').or_else(|| line.strip_suffix(')'))?.len();
    let open = line[..inner_end].rfind(is_open)?;
    let open_len = line[open..].chars().next()?.len_utf8();
    let inner = &line[open + open_len..inner_end];
    let n = inner.chars().count();
    let clean =
        !inner.chars().any(|c| matches!(c, '，' | '。' | '、' | '；' | '：' | '“' | '”' | '（' | '）'));
    if n == 0 || n > 24 || !clean {
        return None;
    }
    // Before it: nothing, or the end of a sentence.
    let before = line[..open].trim_end();
    if before.is_empty() || before.ends_with(['。', '！', '？', '”']) {
        Some((open, inner_end))
    } else {
        None
    }
}

fn is_meta(line: &str) -> bool {
    line.starts_with("来源") || line.starts_with("发布时间") || line.starts_with("发布日期")
}

fn looks_like_title(line: &str) -> bool {
    // A long line is no title whatever it holds (a character is at most four bytes).
    (line.len() <= 80 || line.len() <= 320 && line.chars().count() <= 80)
        && find_mark(line, &['。', '，', '；']).is_none()
}

/// The characters that end a sentence (all three bytes long).
const ENDER_CHARS: [char; 4] = ['。', '！', '？', '；'];

/// Finds the sentence enders.
static ENDERS: std::sync::LazyLock<Needles> =
    std::sync::LazyLock::new(|| Needles::new(&ENDER_CHARS.map(|c| c.to_string())));

/// The characters the splitter looks for: the sentence enders.
pub(crate) fn cue_chars() -> impl Iterator<Item = (char, u16)> {
    ENDER_CHARS.into_iter().map(|c| (c, class::ENDER))
}

/// Splits a body paragraph into sentences at 。！？； (closing quotes stay with their sentence).
pub fn sentences(text: &str, span: Span) -> Vec<Span> {
    let b = span.slice(text).unwrap_or("").as_bytes();
    split(text, span, ENDERS.find_iter(b).map(|(i, _)| i))
}

/// [`sentences`], where `cues` are the cues of the text (see [`cue_chars`]).
#[cfg(test)]
pub(crate) fn sentences_cued(text: &str, span: Span, cues: Cues<'_>) -> Vec<Span> {
    let enders = cues.within(span).of(class::ENDER).filter_map(|at| at.checked_sub(span.start));
    split(text, span, enders)
}

/// Splits paragraph `span` at `enders`, where its sentence enders stand (offsets of the
/// paragraph, in order).
fn split(text: &str, span: Span, enders: impl Iterator<Item = usize>) -> Vec<Span> {
    // A sentence is some thirty characters or more: sized once, not grown.
    let mut out = Vec::with_capacity(span.end.saturating_sub(span.start) / 90 + 1);
    let Some(para) = span.slice(text) else {
        return out;
    };
    let mut start = 0;
    for i in enders {
        if i < start {
            continue; // inside the closing quotes taken by the sentence before
        }
        let mut end = i + 3;
        while let Some(q) = para.get(end..).and_then(|r| r.chars().next()) {
            if matches!(q, '”' | '’' | '」' | '』' | '）') {
                end += q.len_utf8();
            } else {
                break;
            }
        }
        out.push(Span::new(span.start + start, span.start + end));
        start = end;
    }
    if start < para.len() {
        out.push(Span::new(span.start + start, span.end));
    }
    // Not blank: some character is not white space (read from the front, where one usually is).
    out.retain(|s| s.slice(text).is_some_and(|t| t.chars().any(|c| !c.is_whitespace())));
    out
}

/// Splits a normalised text into articles.
///
/// ```
/// use zhkg::segment::{segment, BlockKind};
/// let text = "# 第一篇\n本报讯 县里开会。（某县委党校）\n# 第二篇\n又开会了。";
/// let arts = segment(text);
/// assert_eq!(arts.len(), 2);
/// let kinds: Vec<BlockKind> = arts[0].blocks.iter().map(|b| b.kind).collect();
/// assert_eq!(kinds, [BlockKind::Heading, BlockKind::Body, BlockKind::Source]);
/// ```
pub fn segment(text: &str) -> Vec<Article> {
    segment_with(text, sentences)
}

/// [`segment`], where `cues` are the cues of the text (see [`cue_chars`]).
pub(crate) fn segment_cued(text: &str, cues: Cues<'_>) -> Vec<Article> {
    let mut cursor = Cursor::new(cues);
    segment_with(text, |t, span| {
        let enders = cursor.of_within(span, class::ENDER).filter_map(|at| at.checked_sub(span.start));
        split(t, span, enders)
    })
}

/// [`segment`], with `sentences` splitting a paragraph into sentences.
fn segment_with(text: &str, mut sentences: impl FnMut(&str, Span) -> Vec<Span>) -> Vec<Article> {
    let mut articles = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut titles: Vec<&str> = Vec::new();
    let mut pos = 0;
    let flush = |blocks: &mut Vec<Block>, articles: &mut Vec<Article>| {
        if blocks.iter().any(|b| b.kind != BlockKind::Heading) {
            let span = blocks.iter().map(|b| b.span).reduce(Span::cover).unwrap_or_default();
            articles.push(Article { span, blocks: std::mem::take(blocks) });
        }
        // Headings with nothing under them yet stay for the next article.
    };
    for raw in lines_inclusive(text) {
        let line = raw.trim_end_matches('\n');
        let span = Span::new(pos, pos + line.len());
        pos += raw.len();
        if line.is_empty() {
            continue;
        }
        let first = blocks.is_empty();
        let repeated = titles.contains(&line);
        if line.starts_with('#') || repeated {
            let has_body = blocks.iter().any(|b| matches!(b.kind, BlockKind::Body | BlockKind::Source));
            if has_body && !repeated {
                flush(&mut blocks, &mut articles);
            }
            titles.push(line);
            blocks.push(Block { kind: BlockKind::Heading, span, sentences: vec![] });
            continue;
        }
        if first && looks_like_title(line) && !is_meta(line) {
            titles.push(line);
            blocks.push(Block { kind: BlockKind::Heading, span, sentences: vec![] });
            continue;
        }
        if is_meta(line) {
            blocks.push(Block { kind: BlockKind::Meta, span, sentences: vec![] });
            continue;
        }
        if let Some((open, inner_end)) = trailing_source(line) {
            let before = line[..open].trim_end();
            if !before.is_empty() {
                let b = Span::new(span.start, span.start + before.len());
                blocks.push(Block { kind: BlockKind::Body, span: b, sentences: sentences(text, b) });
            }
            let open_len = line[open..].chars().next().map_or(1, char::len_utf8);
            let s = Span::new(span.start + open + open_len, span.start + inner_end);
            blocks.push(Block { kind: BlockKind::Source, span: s, sentences: vec![] });
            flush(&mut blocks, &mut articles);
            continue;
        }
        blocks.push(Block { kind: BlockKind::Body, span, sentences: sentences(text, span) });
    }
    flush(&mut blocks, &mut articles);
    articles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_split_keeps_closing_quotes() {
        let t = "他说：“好。”大家笑了！还有吗";
        let s: Vec<&str> = sentences(t, Span::new(0, t.len())).iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(s, ["他说：“好。”", "大家笑了！", "还有吗"]);
    }

    #[test]
    fn source_line_ends_article_and_inline_source_splits() {
        let t = "# 一\n本报讯 开会了。（某区委党校）\n# 二\n本报讯 又开会了。\n（李四）";
        let arts = segment(t);
        assert_eq!(arts.len(), 2);
        let src =
            arts[0].blocks.iter().find(|b| b.kind == BlockKind::Source).map(|b| &t[b.span.start..b.span.end]);
        assert_eq!(src, Some("某区委党校"));
        let src2 = arts[1].blocks.last().map(|b| &t[b.span.start..b.span.end]);
        assert_eq!(src2, Some("李四"));
    }

    #[test]
    fn plain_report_title_meta_body() {
        let t =
            "某县召开会议 县长出席\n来源：某台 2023-02-20\n某县召开会议 县长出席\n会议今天召开。县长讲话。";
        let arts = segment(t);
        assert_eq!(arts.len(), 1);
        let kinds: Vec<BlockKind> = arts[0].blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [BlockKind::Heading, BlockKind::Meta, BlockKind::Heading, BlockKind::Body]);
        assert_eq!(arts[0].blocks[3].sentences.len(), 2);
    }

    #[test]
    fn bracket_inside_sentence_is_not_a_source() {
        let t = "在中央党校（国家行政学院）开班。";
        let arts = segment(t);
        assert!(arts[0].blocks.iter().all(|b| b.kind != BlockKind::Source));
    }
}
