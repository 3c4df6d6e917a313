//! libFuzzer target `page`: arbitrary bytes into `apiglot::fuzzing::page`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| apiglot::fuzzing::page(data));
