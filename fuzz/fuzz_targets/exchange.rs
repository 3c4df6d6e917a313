//! libFuzzer target `exchange`: arbitrary bytes into `apiglot::fuzzing::exchange`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| apiglot::fuzzing::exchange(data));
