//! The documents a graph was built from: a list, and an index of it by id.

use std::hash::BuildHasher;

use super::DocumentInfo;

/// The documents of a graph, each id once (the last recorded of an id wins).
///
/// A list of boxed documents indexed by a table of positions, rather than a map from id to
/// document: a slot of the table or the list is one word where a map's holds an id and a whole
/// document, so growing them moves and touches a tenth of the memory, and the id is not copied
/// into a key.
#[derive(Debug, Clone, Default)]
pub(super) struct Documents {
    // Boxed on purpose: growing the list moves a word a document, not a whole document.
    #[allow(clippy::vec_box)]
    list: Vec<Box<DocumentInfo>>,
    /// Positions in `list`, by the hash of their document's id.
    index: hashbrown::HashTable<usize>,
}

fn hash(id: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl Documents {
    /// Records `doc`, in place of the document of the same id if there is one.
    pub(super) fn insert(&mut self, doc: DocumentInfo) {
        self.insert_boxed(Box::new(doc));
    }

    fn insert_boxed(&mut self, doc: Box<DocumentInfo>) {
        let h = hash(&doc.id);
        let list = &mut self.list;
        if let Some(&i) = self.index.find(h, |&i| list.get(i).is_some_and(|d| d.id == doc.id)) {
            if let Some(slot) = list.get_mut(i) {
                *slot = doc;
            }
            return;
        }
        self.index.insert_unique(h, list.len(), |&i| list.get(i).map_or(0, |d| hash(&d.id)));
        list.push(doc);
    }

    /// Records each of `docs` (see [`Documents::insert`]).
    pub(super) fn extend(&mut self, docs: Documents) {
        self.list.reserve(docs.len());
        let list = &self.list;
        self.index.reserve(docs.len(), |&i| list.get(i).map_or(0, |d| hash(&d.id)));
        for d in docs.list {
            self.insert_boxed(d);
        }
    }

    /// How many.
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    /// In the order they were first recorded.
    pub(super) fn iter(&self) -> impl Iterator<Item = &DocumentInfo> {
        self.list.iter().map(|d| &**d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str) -> DocumentInfo {
        DocumentInfo { id: id.into(), path: None, title: Some(title.into()), date: None }
    }

    #[test]
    fn one_per_id_the_last_wins() {
        let mut d = Documents::default();
        d.insert(doc("a", "1"));
        d.insert(doc("b", "2"));
        d.insert(doc("a", "3"));
        let mut other = Documents::default();
        other.insert(doc("c", "4"));
        other.insert(doc("b", "5"));
        d.extend(other);
        let got: Vec<(&str, &str)> =
            d.iter().map(|x| (x.id.as_str(), x.title.as_deref().unwrap_or(""))).collect();
        assert_eq!(got, [("a", "3"), ("b", "5"), ("c", "4")]);
        assert_eq!(d.len(), 3);
    }

    proptest::proptest! {
        /// Whatever ids come in, in whatever order, the documents are those a map from id to the
        /// last document of that id holds.
        #[test]
        fn holds_what_a_map_holds(ids in proptest::collection::vec(0u8..40, 0..200)) {
            let mut d = Documents::default();
            let mut map = std::collections::BTreeMap::new();
            for (n, id) in ids.iter().enumerate() {
                let x = doc(&id.to_string(), &n.to_string());
                map.insert(x.id.clone(), x.clone());
                d.insert(x);
            }
            let mut got: Vec<DocumentInfo> = d.iter().cloned().collect();
            got.sort();
            proptest::prop_assert_eq!(got, map.into_values().collect::<Vec<_>>());
        }
    }
}
