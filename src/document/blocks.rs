//! JSON Lines read a block of whole lines at a time into buffers that are reused: however long
//! the file, it is never all in memory, and its bytes land in memory already in use.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

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
/// A block owns its text, so the next one can be read while it is processed; handing it back
/// with [`JsonlBlocks::recycle`] lets the next read reuse its memory.
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("zhkg-doc-blocks-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("a.jsonl");
/// std::fs::write(&path, "{\"id\":\"x\",\"text\":\"正文\"}\n\nnot json\n").unwrap();
/// let mut blocks = zhkg::document::JsonlBlocks::open(&path).unwrap();
/// let block = blocks.next_block().unwrap().unwrap();
/// let records = block.records().unwrap();
/// assert_eq!(records.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 3]);
/// assert_eq!(block.parse(records[0]).unwrap().id, "x");
/// assert!(block.parse(records[1]).unwrap_err().to_string().contains("line 3"));
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
    /// A buffer handed back, for the next block.
    spare: Option<Vec<u8>>,
    /// Lines before the next block.
    lines: usize,
    block: usize,
    at_start: bool,
    size: u64,
}

/// Whole lines of a JSON Lines file, as read.
#[derive(Debug)]
pub struct JsonlBlock {
    name: Arc<str>,
    bytes: Vec<u8>,
    /// The text when the bytes are not plain UTF-8: decoded the first time it is asked for.
    decoded: std::sync::OnceLock<std::result::Result<String, String>>,
    /// Lines before this block, and after it.
    lines: usize,
    end_line: usize,
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
        self.spare = Some(block.bytes);
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

    /// The next block of whole lines: `None` at the end of the file. Its text is checked when its
    /// records are asked for (see [`JsonlBlock::records`]).
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read (nothing more is read from it).
    pub fn next_block(&mut self) -> Option<Result<JsonlBlock>> {
        let mut buf = self.spare.take().unwrap_or_default();
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
        let first_line = self.lines;
        self.lines += memchr::memchr_iter(b'\n', &buf).count();
        // A UTF-16 file is read whole: its line breaks are two bytes, not one.
        if at_start && (buf.starts_with(b"\xFF\xFE") || buf.starts_with(b"\xFE\xFF")) {
            buf.append(&mut self.carry);
            if let Some(mut f) = self.file.take() {
                if let Err(e) = f.read_to_end(&mut buf) {
                    return Some(Err(Error::new(ErrorKind::Io, format!("{}: {e}", self.name))));
                }
            }
            let text = decode(&buf).map_err(|m| format!("{}: {m}", self.name));
            return Some(Ok(JsonlBlock {
                name: self.name.clone(),
                bytes: Vec::new(),
                decoded: text.into(),
                lines: 0,
                end_line: 0,
            }));
        }
        if at_start && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        let block = JsonlBlock {
            name: self.name.clone(),
            bytes: buf,
            decoded: std::sync::OnceLock::new(),
            lines: first_line,
            end_line: self.lines,
        };
        Some(Ok(block))
    }
}

impl JsonlBlock {
    /// The text. UTF-8 without NUL bytes (the usual case) is checked with a vectorised validator
    /// and used as read; anything else is decoded as [`decode`] does.
    fn text(&self) -> std::result::Result<&str, String> {
        if let Some(decoded) = self.decoded.get() {
            return decoded.as_deref().map_err(Clone::clone);
        }
        match simdutf8::basic::from_utf8(&self.bytes) {
            Ok(t) if memchr::memchr(0, t.as_bytes()).is_none() => Ok(t),
            _ => {
                let lines = format!("lines {}-{}", self.lines + 1, self.end_line.max(self.lines + 1));
                let decoded = self.decoded.get_or_init(|| decode(&self.bytes));
                decoded.as_deref().map_err(|m| format!("{}: {lines}: {m}", self.name))
            }
        }
    }

    /// The records: non-blank lines with their line numbers in the file (from 1).
    ///
    /// # Errors
    /// [`ErrorKind::Encoding`] naming the lines when the block is not text.
    pub fn records(&self) -> Result<Vec<(usize, &str)>> {
        let text = self.text().map_err(|m| Error::new(ErrorKind::Encoding, m))?;
        let mut records = super::jsonl_records(text);
        for r in &mut records {
            r.0 += self.lines;
        }
        Ok(records)
    }

    /// Parses one record from [`JsonlBlock::records`].
    ///
    /// # Errors
    /// [`ErrorKind::Json`] naming the file and the line.
    pub fn parse(&self, (n, line): (usize, &str)) -> Result<Document> {
        parse_record(&self.name, n, line)
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
                    for r in records {
                        out.push((r.0, b.parse(r).map_or_else(|e| format!("error: {e}"), |d| d.id)));
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
