//! JSON Lines read a block of whole lines at a time into one buffer that is reused: however long
//! the file, it is never all in memory, and its bytes are copied once, into memory already in use.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use super::{decode, parse_record, Document};
use crate::error::{Error, ErrorKind, Result};

/// The bytes a block holds at least (when the file has them): a few thousand stories.
pub const BLOCK: usize = 4 << 20;

/// A JSON Lines file read in blocks of whole lines (see [`JsonlBlocks::next_block`]).
///
/// Each block is decoded on its own, as [`decode`] does: UTF-8 (a BOM opening the file is
/// dropped), or GB18030/GBK where a block is not UTF-8. A file opening with a UTF-16 BOM is read
/// whole and decoded as one block. A block that cannot be decoded is an error naming its lines,
/// and the blocks after it are still read: one bad stretch loses nothing else.
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("zhkg-doc-blocks-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("a.jsonl");
/// std::fs::write(&path, "{\"id\":\"x\",\"text\":\"正文\"}\n\nnot json\n").unwrap();
/// let mut blocks = zhkg::document::JsonlBlocks::open(&path).unwrap();
/// let block = blocks.next_block().unwrap().unwrap();
/// let records = block.records();
/// assert_eq!(records.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 3]);
/// assert_eq!(block.parse(records[0]).unwrap().id, "x");
/// assert!(block.parse(records[1]).unwrap_err().to_string().contains("line 3"));
/// assert!(blocks.next_block().is_none());
/// ```
#[derive(Debug)]
pub struct JsonlBlocks {
    name: String,
    file: Option<std::fs::File>,
    buf: Vec<u8>,
    /// Bytes filled in `buf`; the first `start` of them were handed out already.
    filled: usize,
    start: usize,
    /// Lines before the next block.
    lines: usize,
    block: usize,
    at_start: bool,
    size: u64,
}

/// Whole lines of a JSON Lines file, decoded.
#[derive(Debug)]
pub struct JsonlBlock<'a> {
    name: &'a str,
    text: Cow<'a, str>,
    /// Lines before this block.
    lines: usize,
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
            name: path.to_string_lossy().into_owned(),
            file: Some(file),
            buf: Vec::new(),
            filled: 0,
            start: 0,
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

    /// Fills the buffer after the bytes kept until it holds `want` bytes or the file ends.
    fn fill(&mut self, want: usize) -> std::io::Result<()> {
        if self.buf.len() < want {
            self.buf.resize(want, 0);
        }
        while self.filled < want {
            let Some(file) = self.file.as_mut() else { break };
            match file.read(&mut self.buf[self.filled..want]) {
                Ok(0) => self.file = None,
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.file = None;
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// The next block of whole lines: `None` at the end of the file.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read (nothing more is read from it), or
    /// [`ErrorKind::Encoding`] when the block is not text (the next block is read after it).
    pub fn next_block(&mut self) -> Option<Result<JsonlBlock<'_>>> {
        // The bytes not handed out yet move to the front.
        self.buf.copy_within(self.start..self.filled, 0);
        self.filled -= self.start;
        self.start = 0;
        let mut want = self.block.max(self.filled + 1);
        let end = loop {
            if let Err(e) = self.fill(want) {
                return Some(Err(Error::new(ErrorKind::Io, format!("{}: {e}", self.name))));
            }
            let filled = self.buf.get(..self.filled).unwrap_or_default();
            if self.file.is_none() {
                break filled.len();
            }
            // A block ends after its last whole line; a longer line makes the buffer grow.
            match memchr::memrchr(b'\n', filled) {
                Some(i) => break i + 1,
                None => want = want.saturating_mul(2),
            }
        };
        if end == 0 {
            return None;
        }
        let at_start = std::mem::replace(&mut self.at_start, false);
        let first_line = self.lines;
        let bytes = self.buf.get(..end).unwrap_or_default();
        self.lines += memchr::memchr_iter(b'\n', bytes).count();
        self.start = end;
        // A UTF-16 file is read whole: its line breaks are two bytes, not one.
        if at_start && (bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")) {
            let mut all = bytes.to_vec();
            all.extend_from_slice(self.buf.get(end..self.filled).unwrap_or_default());
            self.start = self.filled;
            if let Some(mut f) = self.file.take() {
                if let Err(e) = f.read_to_end(&mut all) {
                    return Some(Err(Error::new(ErrorKind::Io, format!("{}: {e}", self.name))));
                }
            }
            let text =
                decode(&all).map_err(|m| Error::new(ErrorKind::Encoding, format!("{}: {m}", self.name)));
            return Some(text.map(|t| JsonlBlock { name: &self.name, text: Cow::Owned(t), lines: 0 }));
        }
        let bytes = if at_start { bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes) } else { bytes };
        // UTF-8 without NUL bytes (the usual case) is checked with a vectorised validator and
        // borrowed; anything else is decoded as `decode` does.
        let plain =
            simdutf8::basic::from_utf8(bytes).ok().filter(|t| memchr::memchr(0, t.as_bytes()).is_none());
        let text = match plain {
            Some(t) => Cow::Borrowed(t),
            None => match decode(bytes) {
                Ok(t) => Cow::Owned(t),
                Err(m) => {
                    let lines = format!("lines {}-{}", first_line + 1, self.lines.max(first_line + 1));
                    return Some(Err(Error::new(
                        ErrorKind::Encoding,
                        format!("{}: {lines}: {m}", self.name),
                    )));
                }
            },
        };
        Some(Ok(JsonlBlock { name: &self.name, text, lines: first_line }))
    }
}

impl JsonlBlock<'_> {
    /// The records: non-blank lines with their line numbers in the file (from 1).
    pub fn records(&self) -> Vec<(usize, &str)> {
        let mut records = super::jsonl_records(&self.text);
        for r in &mut records {
            r.0 += self.lines;
        }
        records
    }

    /// Parses one record from [`JsonlBlock::records`].
    ///
    /// # Errors
    /// [`ErrorKind::Json`] naming the file and the line.
    pub fn parse(&self, (n, line): (usize, &str)) -> Result<Document> {
        parse_record(self.name, n, line)
    }

    /// Its length in bytes (decoded).
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Does it hold no text?
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("zhkg-blocks-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("in.jsonl");
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Every block's records, as `(line, id or error)`, read with blocks of `block` bytes.
    fn read_all(path: &Path, block: usize) -> Vec<(usize, String)> {
        let mut blocks = JsonlBlocks::with_block(path, block).unwrap();
        let mut out = Vec::new();
        while let Some(b) = blocks.next_block() {
            match b {
                Ok(b) => {
                    for r in b.records() {
                        out.push((r.0, b.parse(r).map_or_else(|e| format!("error: {e}"), |d| d.id)));
                    }
                }
                Err(e) => out.push((0, format!("error: {e}"))),
            }
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
        let got = read_all(&p, 1);
        assert_eq!(got[0], (1, "a".to_string()));
        assert_eq!(got[1], (2, "gbk".to_string()));
        assert!(got[2].1.contains("lines 3-3") && got[2].1.contains("binary"), "{:?}", got[2]);
        assert_eq!(got[3], (4, "b".to_string()));
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
