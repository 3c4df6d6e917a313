//! libFuzzer target `fluent`: arbitrary bytes into `apiglot::fuzzing::fluent`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| apiglot::fuzzing::fluent(data));
