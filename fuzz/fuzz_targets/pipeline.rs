//! Arbitrary bytes through decoding and the whole pipeline: never a panic, every span reads back.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    zhkg::fuzzing::pipeline(data);
});
