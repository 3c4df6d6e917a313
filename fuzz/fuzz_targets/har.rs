//! libFuzzer target `har`: arbitrary bytes into `apiglot::fuzzing::har`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| apiglot::fuzzing::har(data));
