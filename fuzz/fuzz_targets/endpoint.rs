//! libFuzzer target `endpoint`: arbitrary bytes into `apiglot::fuzzing::endpoint`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| apiglot::fuzzing::endpoint(data));
