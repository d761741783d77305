//! A fast reading of the usual JSON Lines record: one flat object whose values are all strings
//! (`{"id": "…", "date": "…", "title": "…", "text": "…"}`). The text is copied a run at a time
//! between escapes, found with a vectorised byte search. Anything else (a number or `null`, a
//! nested value, a duplicate or escaped key, a lone surrogate, a missing text, bad JSON) is left
//! to serde_json, which reads it the same way or says what is wrong with it. A property test holds
//! the two to the same documents.

use crate::scan::has_control;

/// The fields of a record.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Fields {
    pub(super) id: Option<String>,
    pub(super) text: String,
    pub(super) title: Option<String>,
    pub(super) date: Option<String>,
}

/// The fields of `line`, or `None` when it is not a flat object of strings with a text.
pub(super) fn read(line: &str) -> Option<Fields> {
    // A line with no control byte at all (nearly every line: breaks are escaped) needs no check
    // of each run of a string: one vectorised pass over the line answers for all of them.
    let mut r = Reader { s: line, i: 0, controls: has_control(line.as_bytes()) };
    let (mut id, mut text, mut title, mut date) = (None, None, None, None);
    r.ws();
    r.eat(b'{')?;
    loop {
        r.ws();
        let key = r.key()?;
        r.ws();
        r.eat(b':')?;
        r.ws();
        let slot = match key {
            "id" => Some(&mut id),
            "text" => Some(&mut text),
            "title" => Some(&mut title),
            "date" => Some(&mut date),
            // Another field is read over and dropped, as serde_json does.
            _ => None,
        };
        match slot {
            // serde_json refuses a field given twice.
            Some(slot) if slot.is_some() => return None,
            Some(slot) => *slot = Some(r.string(true)?),
            None => {
                r.string(false)?;
            }
        }
        r.ws();
        match r.next()? {
            b',' => {}
            b'}' => break,
            _ => return None,
        }
    }
    r.ws();
    (r.i == line.len()).then_some(())?;
    Some(Fields { id, text: text?, title, date })
}

struct Reader<'a> {
    s: &'a str,
    i: usize,
    /// Whether the line holds a control byte somewhere (a string must not).
    controls: bool,
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.s.as_bytes()
    }

    fn next(&mut self) -> Option<u8> {
        let b = *self.bytes().get(self.i)?;
        self.i += 1;
        Some(b)
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    /// JSON's white space.
    fn ws(&mut self) {
        while matches!(self.bytes().get(self.i), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.i += 1;
        }
    }

    /// A key without escapes.
    fn key(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let rest = self.bytes().get(self.i..)?;
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        (rest[end] == b'"' && !(self.controls && has_control(&rest[..end]))).then_some(())?;
        let key = self.s.get(self.i..self.i + end)?;
        self.i += end + 1;
        Some(key)
    }

    /// A string value, unescaped; read over and checked only, and left empty, unless `keep`.
    fn string(&mut self, keep: bool) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let rest = self.bytes().get(self.i..)?;
            let stop = memchr::memchr2(b'"', b'\\', rest)?;
            if self.controls && has_control(&rest[..stop]) {
                return None;
            }
            if keep && out.capacity() == 0 {
                // Exact when there is no escape; else room for the rest of the line, given back
                // below if much of it is left over. (At most four values are kept a line: the
                // rest of the line is reserved at most four times.)
                out.reserve(if rest[stop] == b'"' { stop } else { rest.len() });
            }
            // `"` and `\` are ASCII: the run between them is whole characters.
            let run = self.s.get(self.i..self.i + stop)?;
            if keep {
                out.push_str(run);
            }
            self.i += stop + 1;
            if rest[stop] == b'"' {
                break;
            }
            let c = match self.next()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let hex = self.s.get(self.i..self.i + 4)?;
                    self.i += 4;
                    // A surrogate (paired or not) is left to serde_json.
                    char::from_u32(
                        u32::from_str_radix(hex, 16)
                            .ok()
                            .filter(|_| hex.bytes().all(|b| b.is_ascii_hexdigit()))?,
                    )?
                }
                _ => return None,
            };
            if keep {
                out.push(c);
            }
        }
        if out.capacity() > 2 * out.len() + 64 {
            out.shrink_to_fit();
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// serde_json's reading, as the fast one is held to.
    fn slow(line: &str) -> Option<Fields> {
        #[derive(serde::Deserialize)]
        struct Rec {
            id: Option<serde_json::Value>,
            text: String,
            title: Option<String>,
            date: Option<String>,
        }
        let r: Rec = serde_json::from_str(line).ok()?;
        let id = r.id.map(|v| match v {
            serde_json::Value::String(s) => s,
            v => v.to_string(),
        });
        Some(Fields { id, text: r.text, title: r.title, date: r.date })
    }

    #[test]
    fn reads_the_usual_record() {
        let line =
            r#"{"id": "a-1", "date": "2024-03-09", "title": "标题", "text": "第一段\n第二段\"引\"\u4e2d\/"}"#;
        let f = read(line).unwrap();
        assert_eq!(f.text, "第一段\n第二段\"引\"中/");
        assert_eq!(
            (f.id.as_deref(), f.date.as_deref(), f.title.as_deref()),
            (Some("a-1"), Some("2024-03-09"), Some("标题"))
        );
        assert_eq!(Some(f), slow(line));
    }

    #[test]
    fn drops_other_fields_without_keeping_them() {
        // Unknown fields, escaped and repeated (valid JSON; serde_json ignores them), are read over.
        let others = r#","o":"a\nb""#.repeat(1000);
        let line = format!(r#"{{"text":"正文\n"{others},"id":"x"}}"#);
        let f = read(&line).unwrap();
        assert_eq!((f.text.as_str(), f.id.as_deref()), ("正文\n", Some("x")));
        assert_eq!(Some(f), slow(&line));
    }

    #[test]
    fn leaves_the_rest_to_serde() {
        for line in [
            r#"{"id": 7, "text": "x"}"#, r#"{"text": "x", "title": null}"#, r#"{"text": "x", "text": "y"}"#,
            r#"{"te\u0078t": "x"}"#, r#"{"text": "\ud83d\ude00"}"#, r#"{"text": "\ud83d"}"#,
            r#"{"id": "x"}"#, "{\"text\": \"a\tb\"}", r#"{"text": "x"} x"#, r#"{"text": "x",}"#,
            r#"["a", "x"]"#, r#"{"text": "\q"}"#, r#"{"text": "\u12"}"#, r#"{"text": "\u+123"}"#,
        ] {
            assert_eq!(read(line), None, "{line}");
        }
    }

    fn json_string() -> impl Strategy<Value = String> {
        // Characters, escapes of every kind, and stray backslashes and quotes.
        let piece = prop_oneof![
            "[a-z甲乙。 ]{1,4}",
            Just(r"\n".to_string()),
            Just(r#"\""#.to_string()),
            Just(r"\\".to_string()),
            Just(r"\/".to_string()),
            Just(r"\t".to_string()),
            Just(r"\u4e2d".to_string()),
            Just(r"\u0000".to_string()),
            Just(r"\ud83d\ude00".to_string()),
            Just(r"\ud83d".to_string()),
            Just(r"\x".to_string()),
            Just("\t".to_string()),
            Just("\\".to_string()),
        ];
        prop::collection::vec(piece, 0..6).prop_map(|v| format!("\"{}\"", v.concat()))
    }

    #[test]
    fn white_space_controls_outside_strings_are_read() {
        // A tab or a line break between tokens is JSON's white space: the line has a control
        // byte, and the strings are still checked run by run and read.
        for line in ["\t{\"text\": \"正文\",\t\"id\": \"a\"}", "{\"id\":\r\n\"a\", \"text\": \"x\\ny\"}"] {
            let fast = read(line);
            assert!(fast.is_some(), "{line:?}");
            assert_eq!(fast, slow(line));
        }
        // A raw tab inside a string is refused, as serde_json refuses it.
        assert_eq!(read("{\"text\": \"a\tb\"}"), None);
    }

    proptest! {
        #[test]
        fn agrees_with_serde(
            fields in prop::collection::vec(
                (prop::sample::select(vec!["id", "text", "title", "date", "other"]),
                 prop_oneof![json_string(), Just("null".to_string()), Just("12".to_string())]),
                0..5),
            space in prop::sample::select(vec!["", " ", "\t", "\n "]),
        ) {
            let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{space}{v}")).collect();
            let line = format!("{space}{{{}}}{space}", body.join(&format!(",{space}")));
            let fast = read(&line);
            if fast.is_some() {
                prop_assert_eq!(fast, slow(&line));
            }
        }

        #[test]
        fn takes_the_usual_record(
            text in prop::collection::vec(
                prop_oneof!["[a-z甲乙。 ]{1,4}", Just(r"\n".to_string()), Just(r#"\""#.to_string()), Just(r"\u4e2d".to_string())],
                0..6),
            other in "[a-z ]{0,6}",
        ) {
            let line = format!(r#"{{"id": "{other}", "other": "{other}", "text": "{}"}}"#, text.concat());
            let fast = read(&line);
            prop_assert!(fast.is_some());
            prop_assert_eq!(fast, slow(&line));
        }
    }
}
