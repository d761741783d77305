//! JSON Lines read a block of whole lines at a time into buffers that are reused: however long
//! the file, it is never all in memory, and its bytes land in memory already in use.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use super::{decode, decode_unmarked, parse_record, Document};
use crate::error::{Error, ErrorKind, Result};

/// The bytes a block holds at least (when the file has them): a few thousand stories.
pub const BLOCK: usize = 4 << 20;

/// A JSON Lines file read in blocks of whole lines (see [`JsonlBlocks::next_block`]).
///
/// Each record (a line that is not blank) is decoded on its own when it is parsed, as [`decode`]
/// does for bytes without a byte-order mark: UTF-8, or GB18030/GBK where the line is not UTF-8.
/// A line that cannot be decoded is an error naming it, and nothing else is lost. A BOM opening
/// the file is dropped; a file opening with a UTF-16 BOM is read whole and decoded as one block.
///
/// A block owns its bytes, so the next one can be read while it is processed; handing it back
/// with [`JsonlBlocks::recycle`] lets the next read reuse its memory. The block's records are
/// found as it is read, so whoever reads the next block while this one is processed does all
/// the work a block needs before its records can be handed out.
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("zhkg-doc-blocks-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("a.jsonl");
/// std::fs::write(&path, b"{\"id\":\"x\",\"text\":\"\xE6\xAD\xA3\"}\n\nnot json\n\xFF\xFF\n").unwrap();
/// let mut blocks = zhkg::document::JsonlBlocks::open(&path).unwrap();
/// let block = blocks.next_block().unwrap().unwrap();
/// let records = block.records().unwrap();
/// assert_eq!(records.iter().map(|r| r.line()).collect::<Vec<_>>(), [1, 3, 4]);
/// assert_eq!(block.parse(records[0]).unwrap().text, "正");
/// assert!(block.parse(records[1]).unwrap_err().to_string().contains("line 3"));
/// assert!(block.parse(records[2]).unwrap_err().to_string().contains("line 4: not valid UTF-8"));
/// blocks.recycle(block);
/// assert!(blocks.next_block().is_none());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug)]
pub struct JsonlBlocks {
    name: Arc<str>,
    file: Option<std::fs::File>,
    /// The bytes after the last whole line read: the start of the next block.
    carry: Vec<u8>,
    /// The buffers of a block handed back, for the next block.
    spare: Option<(Vec<u8>, Vec<JsonlRecord>)>,
    /// Lines before the next block.
    lines: usize,
    block: usize,
    at_start: bool,
    size: u64,
}

/// Whole lines of a JSON Lines file, as read, and where its records lie.
#[derive(Debug)]
pub struct JsonlBlock {
    name: Arc<str>,
    bytes: Vec<u8>,
    /// The text of a file read whole and decoded (UTF-16), or why it could not be decoded.
    decoded: Option<std::result::Result<String, String>>,
    records: Vec<JsonlRecord>,
}

/// A record of a [`JsonlBlock`]: a line that is not blank (its line break, `\n` or `\r\n`, left
/// out), with its number in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonlRecord {
    line: usize,
    start: usize,
    end: usize,
}

impl JsonlRecord {
    /// The line's number in the file, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The line's length in bytes, as read.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the line has no bytes (never, for a record: blank lines are no records).
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Where the line lies in the bytes it was found in.
    pub(super) fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// The records of `text` (lines that are not blank) into `records`, numbered after `before`
/// lines; returns how many line breaks `text` holds.
pub(super) fn find_records(text: &[u8], before: usize, records: &mut Vec<JsonlRecord>) -> usize {
    records.clear();
    let mut start = 0;
    let mut line = before;
    let mut push = |start: usize, end: usize, line: usize| {
        let end = if end > start && text.get(end - 1) == Some(&b'\r') { end - 1 } else { end };
        if !text.get(start..end).is_none_or(blank) {
            records.push(JsonlRecord { line, start, end });
        }
    };
    for end in memchr::memchr_iter(b'\n', text) {
        line += 1;
        push(start, end, line);
        start = end + 1;
    }
    let breaks = line - before;
    if start < text.len() {
        push(start, text.len(), line + 1);
    }
    breaks
}

/// Whether a line is blank: white space only (Unicode's, as `str::trim` has it), in whatever
/// encoding a record could be in. A record opens with `{`, which settles it without decoding.
fn blank(line: &[u8]) -> bool {
    match line.first() {
        None => true,
        Some(b'{') => false,
        Some(_) => decode_unmarked(line).is_ok_and(|t| t.trim().is_empty()),
    }
}

impl JsonlBlocks {
    /// Opens the file at `path`.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when it cannot be opened.
    pub fn open(path: &Path) -> Result<JsonlBlocks> {
        Self::with_block(path, BLOCK)
    }

    /// Opens the file at `path` to be read in blocks of at least `block` bytes.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when it cannot be opened.
    pub fn with_block(path: &Path, block: usize) -> Result<JsonlBlocks> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().map_or(0, |m| m.len());
        Ok(JsonlBlocks {
            name: path.to_string_lossy().into(),
            file: Some(file),
            carry: Vec::new(),
            spare: None,
            lines: 0,
            block: block.max(1),
            at_start: true,
            size,
        })
    }

    /// The file's size in bytes when opened.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The file's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Hands a block's memory back for the next read.
    pub fn recycle(&mut self, block: JsonlBlock) {
        self.spare = Some((block.bytes, block.records));
    }

    /// Reads up to `n` more bytes into `buf` (none once the file has ended).
    fn read_more(&mut self, buf: &mut Vec<u8>, n: usize) -> std::io::Result<()> {
        let Some(file) = self.file.as_mut() else { return Ok(()) };
        buf.reserve(n);
        match file.take(n as u64).read_to_end(buf) {
            Ok(0) => self.file = None,
            Ok(_) => {}
            Err(e) => {
                self.file = None;
                return Err(e);
            }
        }
        Ok(())
    }

    /// The next block of whole lines, its records found: `None` at the end of the file. The
    /// records' text is checked when each is parsed (see [`JsonlBlock::parse`]).
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read (nothing more is read from it).
    pub fn next_block(&mut self) -> Option<Result<JsonlBlock>> {
        let (mut buf, mut records) = self.spare.take().unwrap_or_default();
        buf.clear();
        buf.append(&mut self.carry);
        let mut want = self.block.max(buf.len() + 1);
        let end = loop {
            let more = want.saturating_sub(buf.len());
            if let Err(e) = self.read_more(&mut buf, more) {
                return Some(Err(Error::new(ErrorKind::Io, format!("{}: {e}", self.name))));
            }
            if self.file.is_none() {
                break buf.len();
            }
            // A block ends after its last whole line; a longer line is read on.
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => break i + 1,
                None => want = want.saturating_mul(2),
            }
        };
        if end == 0 {
            return None;
        }
        self.carry.extend_from_slice(buf.get(end..).unwrap_or_default());
        buf.truncate(end);
        let at_start = std::mem::replace(&mut self.at_start, false);
        // A UTF-16 file is read whole: its line breaks are two bytes, not one.
        if at_start && (buf.starts_with(b"\xFF\xFE") || buf.starts_with(b"\xFE\xFF")) {
            buf.append(&mut self.carry);
            if let Some(mut f) = self.file.take() {
                if let Err(e) = f.read_to_end(&mut buf) {
                    return Some(Err(Error::new(ErrorKind::Io, format!("{}: {e}", self.name))));
                }
            }
            let text = decode(&buf).map_err(|m| format!("{}: {m}", self.name));
            if let Ok(t) = &text {
                find_records(t.as_bytes(), 0, &mut records);
            }
            buf.clear();
            return Some(Ok(JsonlBlock {
                name: self.name.clone(),
                bytes: buf,
                decoded: Some(text),
                records,
            }));
        }
        if at_start && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        self.lines += find_records(&buf, self.lines, &mut records);
        Some(Ok(JsonlBlock { name: self.name.clone(), bytes: buf, decoded: None, records }))
    }
}

impl JsonlBlock {
    /// The records: lines that are not blank, with their numbers in the file.
    ///
    /// # Errors
    /// [`ErrorKind::Encoding`] when the block is a file read whole (UTF-16) that could not be
    /// decoded.
    pub fn records(&self) -> Result<&[JsonlRecord]> {
        match &self.decoded {
            Some(Err(m)) => Err(Error::new(ErrorKind::Encoding, m.clone())),
            _ => Ok(&self.records),
        }
    }

    /// Decodes and parses one record from [`JsonlBlock::records`].
    ///
    /// # Errors
    /// [`ErrorKind::Encoding`] when the line is not text, [`ErrorKind::Json`] when it is not a
    /// document; both name the file and the line.
    pub fn parse(&self, r: JsonlRecord) -> Result<Document> {
        let bytes = match &self.decoded {
            Some(Ok(text)) => text.as_bytes(),
            Some(Err(m)) => return Err(Error::new(ErrorKind::Encoding, m.clone())),
            None => &self.bytes,
        };
        let line = bytes.get(r.start..r.end).unwrap_or_default();
        let text = decode_unmarked(line)
            .map_err(|m| Error::new(ErrorKind::Encoding, format!("{}: line {}: {m}", self.name, r.line)))?;
        parse_record(&self.name, r.line, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file in a directory of its own, removed with it when dropped.
    struct TempFile(std::path::PathBuf);

    impl std::ops::Deref for TempFile {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            if let Some(dir) = self.0.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }

    fn write(name: &str, bytes: &[u8]) -> TempFile {
        let dir = std::env::temp_dir().join(format!("zhkg-blocks-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("in.jsonl");
        std::fs::write(&p, bytes).unwrap();
        TempFile(p)
    }

    /// Every block's records, as `(line, id or error)`, read with blocks of `block` bytes.
    fn read_all(path: &Path, block: usize) -> Vec<(usize, String)> {
        let mut blocks = JsonlBlocks::with_block(path, block).unwrap();
        let mut out = Vec::new();
        while let Some(b) = blocks.next_block() {
            let b = b.unwrap();
            match b.records() {
                Ok(records) => {
                    for &r in records {
                        out.push((r.line(), b.parse(r).map_or_else(|e| format!("error: {e}"), |d| d.id)));
                    }
                }
                Err(e) => out.push((0, format!("error: {e}"))),
            }
            blocks.recycle(b);
        }
        out
    }

    #[test]
    fn any_block_size_reads_the_same_records() {
        let text: String =
            (0..50).map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"第{i}篇，正文。\"}}\n\n")).collect();
        let p = write("sizes", format!("\u{feff}{text}{{\"id\":\"last\",\"text\":\"无换行\"}}").as_bytes());
        let whole = read_all(&p, 1 << 20);
        assert_eq!(whole.len(), 51);
        assert_eq!(whole[0], (1, "d0".to_string()));
        assert_eq!(whole[50], (101, "last".to_string()));
        for block in [1, 7, 40, 41, 100, 333] {
            assert_eq!(read_all(&p, block), whole, "block {block}");
        }
    }

    #[test]
    fn a_bad_stretch_loses_nothing_else() {
        let mut bytes = b"{\"id\":\"a\",\"text\":\"x\"}\n".to_vec();
        bytes.extend_from_slice(&encoding_rs::GB18030.encode("{\"id\":\"gbk\",\"text\":\"区长出席\"}\n").0);
        bytes.extend_from_slice(b"{\"id\":\"bin\",\"text\":\"\0\"}\n{\"id\":\"b\",\"text\":\"y\"}\n");
        let p = write("bad", &bytes);
        for block in [1, 1 << 20] {
            let got = read_all(&p, block);
            assert_eq!(got[0], (1, "a".to_string()));
            assert_eq!(got[1], (2, "gbk".to_string()));
            assert!(got[2].1.contains("line 3: binary"), "{:?}", got[2]);
            assert_eq!(got[3], (4, "b".to_string()));
        }
    }

    #[test]
    fn blank_lines_are_no_records_in_any_encoding() {
        let mut bytes = "\u{3000} \r\n\t\n  {\"id\":\"a\",\"text\":\"x\"}\r\n\u{b}\n".as_bytes().to_vec();
        // Two ideographic spaces in GBK: blank too.
        bytes.extend_from_slice(b"\xA1\xA1\xA1\xA1\n{\"id\":\"b\",\"text\":\"y\"}");
        let p = write("blank", &bytes);
        for block in [1, 5, 1 << 20] {
            assert_eq!(read_all(&p, block), [(3, "a".to_string()), (6, "b".to_string())], "block {block}");
        }
    }

    proptest::proptest! {
        /// The records found in the bytes are the text's lines (their breaks, `\n` and a `\r`
        /// before it or at the end, cut) that do not trim to nothing, with their numbers.
        #[test]
        fn records_are_the_lines_that_are_not_blank(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["{", "a", " ", "\u{3000}", "\r", "\n", "\r\n", "\u{b}", "正"]),
                0..40,
            ),
            before in 0usize..5,
        ) {
            let text = parts.concat();
            let mut records = Vec::new();
            find_records(text.as_bytes(), before, &mut records);
            let got: Vec<(usize, &str)> = records.iter().map(|r| (r.line, &text[r.start..r.end])).collect();
            // Lines as `str::lines` cuts them, but a `\r` at the very end is cut too.
            let want: Vec<(usize, &str)> = text
                .split_inclusive('\n')
                .map(|l| l.strip_suffix('\n').unwrap_or(l))
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (before + i + 1, l))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn utf16_is_read_whole() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "{\"id\":\"u\",\"text\":\"正文\"}\n{\"id\":\"v\",\"text\":\"正文\"}\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let p = write("utf16", &bytes);
        assert_eq!(read_all(&p, 3), vec![(1, "u".to_string()), (2, "v".to_string())]);
    }
}
