//! Arbitrary bytes as a JSON graph to import and merge: never a panic, merging is idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    zhkg::fuzzing::merge(data);
});
