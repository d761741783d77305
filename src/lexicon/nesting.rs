//! Which divisions hold which, from the gazetteer's codes: a short form written right after the
//! name of a division that holds it (`上海闵行`) is a place, but after any other (`上海合作组织`,
//! where 合作 is the short form of 合作市 in Gansu) it is part of a name.

use rustc_hash::FxHashMap;

use super::table::{csv_rows, is_placeholder, short_form};

/// The divisions of the gazetteer by how they are written, in full and in short. Names and short
/// forms are shared across China (朝阳 is a city and two districts), so each way of writing leads
/// to every division written so.
#[derive(Debug, Clone)]
pub(crate) struct Nesting {
    /// The last row written a given way.
    last: FxHashMap<&'static str, u32>,
    rows: Vec<Row>,
}

/// A division written one way.
#[derive(Debug, Clone, Copy)]
struct Row {
    /// Its code.
    code: u32,
    /// The codes of the divisions holding it (its city's and its province's; 0 for none).
    within: [u32; 2],
    /// The row before it written the same way ([`NONE`] for none).
    next: u32,
}

const NONE: u32 = u32::MAX;

impl Nesting {
    /// From the gazetteer's tables, a header line and then `code,name` (provinces),
    /// `code,name,provinceCode` (cities) or `code,name,cityCode,provinceCode` (counties) a line.
    pub(crate) fn new(tables: &[&'static str]) -> Nesting {
        let lines: usize = tables.iter().map(|t| memchr::memchr_iter(b'\n', t.as_bytes()).count()).sum();
        let mut n = Nesting {
            last: FxHashMap::with_capacity_and_hasher(2 * lines, Default::default()),
            rows: Vec::with_capacity(2 * lines),
        };
        for &table in tables {
            for (code, name, fields) in csv_rows(table) {
                let Ok(code) = code.trim().parse::<u32>() else { continue };
                if is_placeholder(name) {
                    continue;
                }
                let mut within = [0; 2];
                for (w, f) in within.iter_mut().zip(fields) {
                    *w = f.trim().parse().unwrap_or(0);
                }
                for text in std::iter::once(name).chain(short_form(name)) {
                    let at = n.rows.len() as u32;
                    let next = n.last.insert(text, at).unwrap_or(NONE);
                    n.rows.push(Row { code, within, next });
                }
            }
        }
        n
    }

    /// The rows written `text`.
    fn written(&self, text: &str) -> impl Iterator<Item = Row> + '_ {
        let first = self.last.get(text).copied().unwrap_or(NONE);
        std::iter::successors(self.rows.get(first as usize).copied(), |r| {
            self.rows.get(r.next as usize).copied()
        })
    }

    /// Does a division written `outer` hold one written `inner` (any of them, where several are
    /// written so)? `None` when either is not in the gazetteer, as a district a user added.
    pub(crate) fn holds(&self, outer: &str, inner: &str) -> Option<bool> {
        if !self.last.contains_key(outer) || !self.last.contains_key(inner) {
            return None;
        }
        Some(
            self.written(inner)
                .any(|i| i.within.iter().any(|&w| w != 0 && self.written(outer).any(|o| o.code == w))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROVINCES: &str = "code,name\n31,\"上海市\"\n62,\"甘肃省\"\n21,\"辽宁省\"\n11,\"北京市\"\n";
    const CITIES: &str = "code,name,provinceCode\n3101,\"市辖区\",31\n6230,\"甘南藏族自治州\",62\n2113,\"朝阳市\",21\n1101,\"市辖区\",11\n";
    const AREAS: &str = "code,name,cityCode,provinceCode\n310112,\"闵行区\",3101,31\n623001,\"合作市\",6230,62\n110105,\"朝阳区\",1101,11\n";

    #[test]
    fn a_division_holds_what_lies_inside_it() {
        let n = Nesting::new(&[PROVINCES, CITIES, AREAS]);
        assert_eq!(n.holds("上海", "闵行"), Some(true));
        assert_eq!(n.holds("上海市", "闵行区"), Some(true));
        assert_eq!(n.holds("甘肃", "合作"), Some(true));
        assert_eq!(n.holds("甘南藏族自治州", "合作市"), Some(true));
        assert_eq!(n.holds("上海", "合作"), Some(false));
        assert_eq!(n.holds("闵行", "上海"), Some(false));
        // 朝阳 is a city of Liaoning and a district of Beijing: either holder will do.
        assert_eq!(n.holds("北京", "朝阳"), Some(true));
        assert_eq!(n.holds("辽宁", "朝阳"), Some(true));
        assert_eq!(n.holds("甘肃", "朝阳"), Some(false));
        // A placeholder holds nothing, and what is not in the tables is unknown.
        assert_eq!(n.holds("市辖区", "闵行区"), None);
        assert_eq!(n.holds("上海", "智创城"), None);
    }
}
