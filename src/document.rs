//! Documents and where they come from: files, directories of `.txt` files, JSON Lines, stdin.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};
use crate::recognize::Date;

mod blocks;
mod record;

pub use blocks::{JsonlBlock, JsonlBlocks, JsonlRecord};

/// One input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its id: the path as given, or a JSONL record's `id`.
    pub id: String,
    /// The path it was read from.
    pub path: Option<String>,
    /// Its text.
    pub text: String,
    /// Its title, when given.
    pub title: Option<String>,
    /// Its date, when given (`YYYY-MM-DD`); day-only dates in the text take year and month from it.
    pub date: Option<Date>,
}

impl Document {
    /// A document from text.
    ///
    /// ```
    /// let d = zhkg::Document::new("a.txt", "本报讯 ……");
    /// assert_eq!(d.id, "a.txt");
    /// ```
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document { id: id.into(), path: None, text: text.into(), title: None, date: None }
    }

    /// The same document with a date.
    pub fn with_date(mut self, date: Date) -> Self {
        self.date = Some(date);
        self
    }
}

/// Like [`decode`], taking the bytes: UTF-8 without a BOM (the usual case) is not copied.
///
/// # Errors
/// As [`decode`].
pub fn decode_owned(bytes: Vec<u8>) -> std::result::Result<String, String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
    {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => not_binary(text),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decodes bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030/GBK (what older
/// Chinese sites serve) when the bytes are not UTF-8 but decode cleanly to text as GB18030.
///
/// # Errors
/// A message naming the first byte that is not UTF-8 (and saying it is not GB18030 either), or
/// saying the bytes are binary.
///
/// ```
/// let gbk = encoding_rs::GB18030.encode("区长出席会议").0;
/// assert_eq!(zhkg::document::decode(&gbk).as_deref(), Ok("区长出席会议"));
/// assert!(zhkg::document::decode(b"ab\xff\xffcd").is_err());
/// ```
pub fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(str::to_string).map_err(|e| bad_utf8(e, 3));
    }
    let utf16 = |rest: &[u8], le: bool| -> std::result::Result<String, String> {
        if !rest.len().is_multiple_of(2) {
            return Err("odd number of bytes for UTF-16".into());
        }
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<std::result::Result<String, _>>()
            .map_err(|e| format!("invalid UTF-16 ({e})"))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    decode_unmarked(bytes).map(std::borrow::Cow::into_owned)
}

/// Bytes without a byte-order mark decoded as [`decode`] does: UTF-8, else GB18030/GBK; UTF-8
/// without NUL bytes (the usual case) is checked with a vectorised validator and not copied.
fn decode_unmarked(bytes: &[u8]) -> std::result::Result<std::borrow::Cow<'_, str>, String> {
    if let Ok(t) = simdutf8::basic::from_utf8(bytes) {
        if memchr::memchr(0, bytes).is_none() {
            return Ok(t.into());
        }
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => match gb18030(bytes) {
            Some(t) => t,
            None => return Err(format!("{} (nor GB18030/GBK)", bad_utf8(e, 0))),
        },
    };
    not_binary(text).map(Into::into)
}

/// Text with a NUL byte is binary data that happened to decode.
fn not_binary(text: String) -> std::result::Result<String, String> {
    if text.contains('\0') {
        return Err("binary data (NUL bytes), not text".into());
    }
    Ok(text)
}

/// GB18030 text, when the bytes decode without a single error and read as text (few control
/// characters, mostly Han, ASCII and punctuation).
fn gb18030(bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return None;
    }
    let (mut good, mut all) = (0usize, 0usize);
    for c in text.chars() {
        all += 1;
        let textual = crate::recognize::is_han(c)
            || c.is_ascii_graphic()
            || c.is_whitespace()
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
            || ('\u{2000}'..='\u{206f}').contains(&c);
        good += usize::from(textual);
    }
    (all > 0 && good * 100 >= all * 95).then(|| text.into_owned())
}

fn bad_utf8(e: std::str::Utf8Error, offset: usize) -> String {
    format!("not valid UTF-8 at byte {}", e.valid_up_to() + offset)
}

/// Reads one text file.
///
/// # Errors
/// [`ErrorKind::Io`] when it cannot be read, [`ErrorKind::Encoding`] when it is not text.
pub fn read_file(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = decode(&bytes).map_err(|m| Error::at_path(ErrorKind::Encoding, path, m))?;
    let id = path.to_string_lossy().into_owned();
    Ok(Document { id: id.clone(), path: Some(id), text, title: None, date: None })
}

#[derive(Deserialize)]
struct JsonDoc {
    id: Option<serde_json::Value>,
    text: String,
    title: Option<String>,
    date: Option<String>,
}

/// Parses one JSON Lines record `{"id", "text", "date"?, "title"?}`; `fallback_id` names it when
/// it has no id.
///
/// # Errors
/// [`ErrorKind::Json`] when the line is not such a record.
pub fn parse_jsonl_line(line: &str, fallback_id: &str) -> Result<Document> {
    parse_line(line, || fallback_id.to_string())
}

/// [`parse_jsonl_line`], naming a record without an id only when there is one.
fn parse_line(line: &str, fallback_id: impl FnOnce() -> String) -> Result<Document> {
    // The usual flat record of strings is read directly; serde_json reads anything else.
    let rec = match record::read(line) {
        Some(r) => r,
        None => {
            let rec: JsonDoc = serde_json::from_str(line)
                .map_err(|e| Error::new(ErrorKind::Json, e.to_string()).with_source(e))?;
            let id = rec.id.map(|v| match v {
                serde_json::Value::String(s) => s,
                v => v.to_string(),
            });
            record::Fields { id, text: rec.text, title: rec.title, date: rec.date }
        }
    };
    let id = rec.id.unwrap_or_else(fallback_id);
    let date = rec.date.as_deref().and_then(|d| d.get(..10).unwrap_or(d).parse::<Date>().ok());
    Ok(Document { id, path: None, text: rec.text, title: rec.title, date })
}

/// Where inputs come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A text file.
    File(PathBuf),
    /// A directory: its `.txt` files, sorted.
    Dir(PathBuf),
    /// A JSON Lines file.
    Jsonl(PathBuf),
    /// Standard input (JSON Lines when every non-empty line is a JSON object, text otherwise).
    Stdin,
}

impl Source {
    /// Classifies a command-line argument.
    pub fn from_arg(arg: &str) -> Source {
        let p = PathBuf::from(arg);
        if arg == "-" {
            Source::Stdin
        } else if p.is_dir() {
            Source::Dir(p)
        } else if arg.ends_with(".jsonl") || arg.ends_with(".ndjson") {
            Source::Jsonl(p)
        } else {
            Source::File(p)
        }
    }
}

/// Reads every document of `source`. Documents that fail are returned as errors beside the good
/// ones, so one bad input loses nothing else.
pub fn read_source(source: &Source) -> Vec<Result<Document>> {
    match source {
        Source::File(p) => vec![read_file(p)],
        Source::Dir(p) => {
            let entries = match std::fs::read_dir(p) {
                Ok(e) => e,
                Err(e) => return vec![Err(Error::io(p, e))],
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "txt") && f.is_file())
                .collect();
            files.sort();
            files.iter().map(|f| read_file(f)).collect()
        }
        Source::Jsonl(p) => match JsonlText::read(p) {
            Ok(t) => jsonl_docs(t.text(), &t.name),
            Err(e) => vec![Err(e)],
        },
        Source::Stdin => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                return vec![Err(Error::new(ErrorKind::Io, format!("stdin: {e}")))];
            }
            let text = match decode(&bytes) {
                Ok(t) => t,
                Err(m) => return vec![Err(Error::new(ErrorKind::Encoding, format!("stdin: {m}")))],
            };
            let is_jsonl =
                text.lines().filter(|l| !l.trim().is_empty()).all(|l| l.trim_start().starts_with('{'))
                    && !text.trim().is_empty();
            if is_jsonl {
                jsonl_docs(&text, "stdin")
            } else {
                vec![Ok(Document { id: "-".into(), path: None, text, title: None, date: None })]
            }
        }
    }
}

/// Reads every input named on a command line (see [`Source::from_arg`]): the documents read, and
/// one error per input or record that could not be read.
pub fn read_inputs<S: AsRef<str>>(inputs: &[S]) -> (Vec<Document>, Vec<Error>) {
    let (mut docs, mut errors) = (Vec::new(), Vec::new());
    for input in inputs {
        for d in read_source(&Source::from_arg(input.as_ref())) {
            match d {
                Ok(d) => docs.push(d),
                Err(e) => errors.push(e),
            }
        }
    }
    (docs, errors)
}

fn jsonl_docs(text: &str, name: &str) -> Vec<Result<Document>> {
    // Records parse in parallel (on the caller's rayon pool), in their order.
    use rayon::prelude::*;
    jsonl_records(text).par_iter().map(|&(n, l)| parse_record(name, n, l)).collect()
}

/// The non-blank lines of a JSON Lines text with their line numbers (from 1).
fn jsonl_records(text: &str) -> Vec<(usize, &str)> {
    let mut records = Vec::new();
    blocks::find_records(text.as_bytes(), 0, &mut records);
    // The records' ends are at line breaks and their starts after them: character boundaries.
    records.iter().filter_map(|r| Some((r.line(), text.get(r.range())?))).collect()
}

/// Record `line` (line number `n`) of the JSON Lines input `name`; an error names both.
fn parse_record(name: &str, n: usize, line: &str) -> Result<Document> {
    parse_line(line, || format!("{name}:{n}"))
        .map_err(|e| Error::new(ErrorKind::Json, format!("{name}: line {n}: {e}")))
}

/// A JSON Lines file read and decoded whose records are not parsed yet: a caller parses each
/// where it processes it (in parallel, say), so the documents never all sit in memory at once.
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("zhkg-doc-jsonl-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("a.jsonl");
/// std::fs::write(&path, "{\"id\":\"x\",\"text\":\"正文\"}\n\nnot json\n").unwrap();
/// let input = zhkg::document::JsonlText::read(&path).unwrap();
/// let records = input.records();
/// assert_eq!(records.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 3]);
/// assert_eq!(input.parse(records[0]).unwrap().id, "x");
/// assert!(input.parse(records[1]).unwrap_err().to_string().contains("line 3"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct JsonlText {
    name: String,
    /// UTF-8, checked when read.
    bytes: Vec<u8>,
}

impl JsonlText {
    /// Reads and decodes (as [`decode`]) the file at `path`.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read, [`ErrorKind::Encoding`] when it is not text.
    pub fn read(path: &Path) -> Result<JsonlText> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let name = path.to_string_lossy().into_owned();
        // UTF-8 without a BOM and without NUL bytes (the usual case) is checked with a vectorised
        // validator and kept as read; anything else is decoded as `decode` does.
        let plain = !bytes.starts_with(b"\xEF\xBB\xBF")
            && simdutf8::basic::from_utf8(&bytes).is_ok()
            && memchr::memchr(0, &bytes).is_none();
        let bytes = if plain {
            bytes
        } else {
            decode_owned(bytes)
                .map_err(|m| Error::new(ErrorKind::Encoding, format!("{name}: {m}")))?
                .into_bytes()
        };
        Ok(JsonlText { name, bytes })
    }

    /// The text (checked again, which a vectorised validator does in a few milliseconds for
    /// tens of megabytes).
    fn text(&self) -> &str {
        let text = simdutf8::basic::from_utf8(&self.bytes);
        debug_assert!(text.is_ok(), "JsonlText holds UTF-8");
        text.unwrap_or_default()
    }

    /// The records: non-blank lines with their line numbers (from 1).
    pub fn records(&self) -> Vec<(usize, &str)> {
        jsonl_records(self.text())
    }

    /// Parses one record from [`JsonlText::records`].
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

    #[test]
    fn decodes_boms_and_rejects_bad_bytes() {
        assert_eq!(decode("\u{feff}你好".as_bytes()).as_deref(), Ok("你好"));
        let mut u16le = vec![0xFF, 0xFE];
        for u in "你好".encode_utf16() {
            u16le.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&u16le).as_deref(), Ok("你好"));
        let err = decode(b"ab\xffcd").unwrap_err();
        assert!(err.contains("byte 2"), "{err}");
    }

    #[test]
    fn jsonl_records() {
        let d =
            parse_jsonl_line(r#"{"id":"x-1","date":"2023-02-20","title":"t","text":"正文"}"#, "f:1").unwrap();
        assert_eq!(d.id, "x-1");
        assert_eq!(d.date, Some(Date::new(Some(2023), 2, 20)));
        let d = parse_jsonl_line(r#"{"text":"正文"}"#, "f:7").unwrap();
        assert_eq!(d.id, "f:7");
        assert!(parse_jsonl_line("{", "f:1").is_err());
        let docs = jsonl_docs("{\"text\":\"a\"}\nnot json\n", "f");
        assert!(docs[0].is_ok());
        assert!(docs[1].as_ref().unwrap_err().to_string().contains("line 2"));
    }
}
