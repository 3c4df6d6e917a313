//! The fuzz harness inside `cargo test`: every seed (the project's files `fuzz/seeds.txt` lists,
//! and `fuzz/seeds/<target>/`) and every input of `fuzz/regressions/<target>/` is replayed through `apiglot::fuzzing`, so a fixed crash stays
//! fixed, and each target then runs on mutations of those inputs: a fixed number of cases by
//! default, or for `APIGLOT_FUZZ_SECONDS` seconds per target (CI's bounded fuzz step; set it
//! higher for a longer run; `APIGLOT_FUZZ_SEED` and `APIGLOT_FUZZ_CASES` repeat one). Each input runs under a
//! watchdog: a panic, or a run longer than `INPUT_TIME_LIMIT`, fails the test and names the
//! input; made-up inputs that fail are saved so they can join `fuzz/regressions/`.
//!
//! cargo-fuzz (`scripts/fuzz`) runs the same entry points coverage-guided, for long runs.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use apiglot::fuzzing::{Target, TARGETS};

use crate::helpers::repo;

/// Longer than any input of the corpus takes in a debug build, by far: a hang, not a slow run.
const INPUT_TIME_LIMIT: Duration = Duration::from_secs(30);
/// The main thread's stack on Linux, where apiglot reads its inputs.
const STACK: usize = 8 << 20;
/// Mutated cases per target in a plain `cargo test`.
const DEFAULT_CASES: usize = 64;
/// No made-up input grows beyond this.
const MAX_INPUT: usize = 256 * 1024;

/// Runs one input on its own thread and waits at most `limit` for it.
fn run_guarded(run: Target, input: &[u8], limit: Duration) -> Result<(), String> {
    let input = input.to_vec();
    let (done, finished) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            run(&input);
            let _ = done.send(());
        })
        .expect("a thread starts");
    match finished.recv_timeout(limit) {
        Ok(()) => Ok(()),
        // The worker dropped its sender without sending: it panicked.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let payload = worker.join().expect_err("a worker that did not finish panicked");
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("panicked: {message}"))
        }
        // The worker is left running; the test fails and its process ends with it.
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("still running after {limit:?} (a hang)")),
    }
}

fn target(name: &str) -> Target {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, run)| *run).expect("a target of apiglot::fuzzing")
}

/// The files of `fuzz/<folder>/<target>/`, sorted.
fn inputs(folder: &str, target: &str) -> Vec<PathBuf> {
    let dir = repo().join("fuzz").join(folder).join(target);
    if !dir.exists() {
        return Vec::new();
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The target's seeds: the project's files `fuzz/seeds.txt` lists for it, and the fuzzer's
/// own in `fuzz/seeds/<target>/`.
fn seeds(target: &str) -> Vec<PathBuf> {
    let list = std::fs::read_to_string(repo().join("fuzz/seeds.txt")).unwrap();
    let mut files: Vec<PathBuf> = list
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once(' '))
        .filter(|(t, _)| *t == target)
        .map(|(_, path)| repo().join(path.trim()))
        .collect();
    files.extend(inputs("seeds", target));
    files
}

/// Seeds and regressions: what every run starts from and replays.
fn corpus(target: &str) -> Vec<PathBuf> {
    let mut files = seeds(target);
    files.extend(inputs("regressions", target));
    files
}

fn replay(name: &str) {
    let run = target(name);
    let files = corpus(name);
    assert!(!seeds(name).is_empty(), "fuzz/seeds.txt or fuzz/seeds/{name}/ holds the target's seeds");
    let failures: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let bytes = std::fs::read(file).unwrap();
            run_guarded(run, &bytes, INPUT_TIME_LIMIT).err().map(|why| format!("{}: {why}", file.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} inputs failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}

#[test]
fn every_listed_seed_names_a_target_and_a_file() {
    let list = std::fs::read_to_string(repo().join("fuzz/seeds.txt")).unwrap();
    for line in list.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (target, path) = line.split_once(' ').unwrap_or_else(|| panic!("`{line}`: write `<target> <path>`"));
        assert!(TARGETS.iter().any(|(t, _)| *t == target), "fuzz/seeds.txt: `{target}` is not a fuzz target");
        assert!(repo().join(path.trim()).is_file(), "fuzz/seeds.txt: {path} is no file");
    }
}

#[test]
fn every_saved_input_names_a_target() {
    for folder in ["seeds", "regressions", "pending-depth"] {
        let dir = repo().join("fuzz").join(folder);
        for entry in std::fs::read_dir(&dir).into_iter().flatten() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                TARGETS.iter().any(|(t, _)| *t == name),
                "fuzz/{folder}/{name} is not a fuzz target; the targets are {:?}",
                TARGETS.map(|(t, _)| t)
            );
        }
    }
}

#[test]
fn the_watchdog_reports_panics_and_hangs() {
    assert_eq!(run_guarded(|_| {}, b"", INPUT_TIME_LIMIT), Ok(()));
    let panicked = run_guarded(|_| panic!("boom"), b"", INPUT_TIME_LIMIT).unwrap_err();
    assert!(panicked.contains("panicked: boom"), "{panicked}");
    let limit = Duration::from_millis(200);
    let hung = run_guarded(|_| std::thread::sleep(Duration::from_secs(2)), b"", limit).unwrap_err();
    assert!(hung.contains("still running after 200ms"), "{hung}");
}

/// A small deterministic generator (xorshift64*): the same seed gives the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Tokens that matter to one reader or another; mutations insert them.
const TOKENS: &[&str] = &[
    "\n",
    "\r\n",
    "\t",
    " ",
    "\0",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "`",
    "```",
    "~~~",
    ":",
    "- ",
    "#",
    "$",
    "\\",
    "/",
    "..",
    "%",
    "%zz",
    "<pre><code>",
    "</code></pre>",
    "<html lang=\"fr\">",
    "<!-- ",
    "&amp;",
    "&#x0;",
    "{ $x }",
    "{ -term }",
    "\n    .html = yes\n",
    "*[other]",
    "\n-x = y\n",
    "$ref",
    "#/components/schemas/",
    "{ORG_ID}",
    "https://",
    "http://a:b@h:99999",
    "Was this helpful?",
    "curl --request POST \\\n",
    "é",
    "日本",
    "\u{202e}",
    "\u{feff}",
    "\u{1b}[2J",
    "99999999999999999999",
    "-1",
    "1e309",
    "null",
    "true",
    "&a",
    "*a",
    "!!binary",
    "? ",
    "|\n",
    ">-\n",
];

/// One random change to `data`, spliced from `others` at times.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, others: &[Vec<u8>]) {
    let at = |rng: &mut Rng, data: &Vec<u8>| rng.below(data.len() + 1);
    match rng.below(7) {
        0 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] = rng.next() as u8;
        }
        1 => {
            let i = at(rng, data);
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            data.splice(i..i, token.iter().copied());
        }
        2 if !data.is_empty() => {
            let i = rng.below(data.len());
            let len = rng.below((data.len() - i).min(64) + 1);
            data.drain(i..i + len);
        }
        3 if !data.is_empty() => {
            // Repeat a piece a few times: nesting, long lines, many blocks.
            let i = rng.below(data.len());
            let piece = data[i..(i + 1 + rng.below(32)).min(data.len())].to_vec();
            let j = at(rng, data);
            for _ in 0..1 + rng.below(8) {
                data.splice(j..j, piece.iter().copied());
            }
        }
        4 if !others.is_empty() => {
            let other = &others[rng.below(others.len())];
            if !other.is_empty() {
                let i = rng.below(other.len());
                let piece = &other[i..(i + 1 + rng.below(256)).min(other.len())];
                let j = at(rng, data);
                data.splice(j..j, piece.iter().copied());
            }
        }
        5 => {
            let cut = at(rng, data);
            data.truncate(cut);
        }
        _ => {
            let i = at(rng, data);
            data.insert(i, rng.next() as u8);
        }
    }
    data.truncate(MAX_INPUT);
}

/// Runs `name` on mutations of its corpus, saving and naming any input that fails.
fn fuzz(name: &str) {
    let run = target(name);
    let corpus: Vec<Vec<u8>> = corpus(name).iter().map(|f| std::fs::read(f).unwrap()).collect();
    let seconds = std::env::var("APIGLOT_FUZZ_SECONDS").ok().map(|s| s.parse::<u64>().expect("a number of seconds"));
    let seed = match std::env::var("APIGLOT_FUZZ_SEED") {
        Ok(s) => s.parse().expect("a number"),
        // A plain `cargo test` repeats the same cases; a timed run explores new ones each time.
        Err(_) if seconds.is_none() => 0x5eed,
        Err(_) => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64,
    };
    let max_cases = match std::env::var("APIGLOT_FUZZ_CASES") {
        Ok(n) => n.parse().expect("a number of cases"),
        Err(_) if seconds.is_none() => DEFAULT_CASES,
        Err(_) => usize::MAX,
    };
    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let mut rng = Rng(seed | 1);
    let mut cases = 0;
    while cases < max_cases && deadline.is_none_or(|d| Instant::now() < d) {
        let mut data = corpus[rng.below(corpus.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut data, &corpus);
        }
        cases += 1;
        if let Err(why) = run_guarded(run, &data, INPUT_TIME_LIMIT) {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures").join(name);
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("seed-{seed}-case-{cases}"));
            std::fs::write(&file, &data).unwrap();
            panic!(
                "fuzz target {name}, case {cases} of APIGLOT_FUZZ_SEED={seed}: {why}\n\
                 the input is saved in {}; once fixed, add it to fuzz/regressions/{name}/\n\
                 repeat with: APIGLOT_FUZZ_SEED={seed} APIGLOT_FUZZ_CASES={cases} \
                 cargo test --test testsuite fuzz::mutated::{name}",
                file.display()
            );
        }
    }
    eprintln!("fuzz target {name}: {cases} mutated inputs (APIGLOT_FUZZ_SEED={seed}), none failed");
}

macro_rules! fuzz_target_tests {
    ($($target:ident),*) => {
        mod replay {
            $(#[test]
            fn $target() {
                super::replay(stringify!($target));
            })*
        }
        mod mutated {
            $(#[test]
            fn $target() {
                super::fuzz(stringify!($target));
            })*
        }
    };
}

fuzz_target_tests!(page, endpoint, fluent, openapi, har, exchange);
