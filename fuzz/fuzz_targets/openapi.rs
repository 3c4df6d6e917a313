//! libFuzzer target `openapi`: arbitrary bytes into `apiglot::fuzzing::openapi`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| apiglot::fuzzing::openapi(data));
