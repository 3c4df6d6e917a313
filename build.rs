//! Compiles the tree-sitter grammars with their large parse table packed, so the binary
//! carries about 1 MB where the grammar crates carry 19 MB of mostly-zero tables.
//!
//! For each grammar, the crate's own `parser.c` (found through `cargo metadata`, so the
//! version is the one Cargo.lock names) is compiled twice:
//! - once as is, into an object this script reads the table's bytes from (so the compiler,
//!   not a parser of ours, evaluates the C), then packs them (`src/grammars/pack.rs`);
//! - once with the table's initializer taken out: the table becomes zeroed memory that
//!   `src/grammars` fills from the packed bytes the first time the grammar is used.
//!
//! Our copy's symbols are renamed (`apiglot_grammar_<name>…`), so they never clash with the
//! crate's. A grammar that cannot be packed (its source not found, a cross compiler that
//! cannot be run, a layout this script does not know) falls back to the crate's own
//! language, with a warning: the binary is then bigger, never wrong.

#[path = "src/grammars/pack.rs"]
mod pack;

use std::collections::HashMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A grammar apiglot links: its name (`crate::grammars::<name>()` gives its language), the
/// package, the folder of its `parser.c` in the package, and the crate's own language (the
/// fallback). A new language adds its package to Cargo.toml and one line here.
struct Grammar {
    name: &'static str,
    package: &'static str,
    dir: &'static str,
    plain: &'static str,
}

const GRAMMARS: &[Grammar] = &[
    Grammar { name: "bash", package: "tree-sitter-bash", dir: "src", plain: "tree_sitter_bash::LANGUAGE" },
    Grammar { name: "c_sharp", package: "tree-sitter-c-sharp", dir: "src", plain: "tree_sitter_c_sharp::LANGUAGE" },
    Grammar { name: "dart", package: "tree-sitter-dart", dir: "src", plain: "tree_sitter_dart::LANGUAGE" },
    Grammar { name: "go", package: "tree-sitter-go", dir: "src", plain: "tree_sitter_go::LANGUAGE" },
    Grammar { name: "java", package: "tree-sitter-java", dir: "src", plain: "tree_sitter_java::LANGUAGE" },
    Grammar {
        name: "javascript",
        package: "tree-sitter-javascript",
        dir: "src",
        plain: "tree_sitter_javascript::LANGUAGE",
    },
    Grammar { name: "json", package: "tree-sitter-json", dir: "src", plain: "tree_sitter_json::LANGUAGE" },
    Grammar { name: "kotlin", package: "tree-sitter-kotlin-ng", dir: "src", plain: "tree_sitter_kotlin_ng::LANGUAGE" },
    Grammar { name: "objc", package: "tree-sitter-objc", dir: "src", plain: "tree_sitter_objc::LANGUAGE" },
    Grammar { name: "php", package: "tree-sitter-php", dir: "php/src", plain: "tree_sitter_php::LANGUAGE_PHP" },
    Grammar {
        name: "php_only",
        package: "tree-sitter-php",
        dir: "php_only/src",
        plain: "tree_sitter_php::LANGUAGE_PHP_ONLY",
    },
    Grammar {
        name: "powershell",
        package: "tree-sitter-powershell",
        dir: "src",
        plain: "tree_sitter_powershell::LANGUAGE",
    },
    Grammar { name: "python", package: "tree-sitter-python", dir: "src", plain: "tree_sitter_python::LANGUAGE" },
    Grammar { name: "r", package: "tree-sitter-r", dir: "src", plain: "tree_sitter_r::LANGUAGE" },
    Grammar { name: "ruby", package: "tree-sitter-ruby", dir: "src", plain: "tree_sitter_ruby::LANGUAGE" },
    Grammar { name: "rust", package: "tree-sitter-rust", dir: "src", plain: "tree_sitter_rust::LANGUAGE" },
    Grammar { name: "swift", package: "tree-sitter-swift", dir: "src", plain: "tree_sitter_swift::LANGUAGE" },
];

/// The line that opens the large parse table in every `parser.c` tree-sitter generates.
const TABLE_OPENING: &str = "static const uint16_t ts_parse_table[LARGE_STATE_COUNT][SYMBOL_COUNT] = {";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/grammars/pack.rs");
    println!("cargo::rerun-if-changed=Cargo.lock");
    println!("cargo::rustc-check-cfg=cfg(apiglot_grammars_packed)");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let sources = match package_folders() {
        Ok(folders) => folders,
        Err(why) => {
            println!("cargo::warning=tree-sitter grammars linked unpacked (the binary is about 19 MB bigger): {why}");
            HashMap::new()
        }
    };
    let jobs: usize = env::var("NUM_JOBS").ok().and_then(|n| n.parse().ok()).unwrap_or(1).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, Result<Packed, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.min(GRAMMARS.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(grammar) = GRAMMARS.get(index) else { break };
                        let result = match sources.get(grammar.package) {
                            Some(folder) => pack_grammar(grammar, &folder.join(grammar.dir), &out),
                            None => Err(format!("{} was not found by cargo metadata", grammar.package)),
                        };
                        done.push((index, result));
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().flat_map(|worker| worker.join().expect("a grammar worker panicked")).collect()
    });
    results.sort_by_key(|(index, _)| *index);

    let mut code =
        String::from("// Written by build.rs: per grammar, its `Source` and a function giving its language.\n");
    for (index, result) in results {
        let grammar = &GRAMMARS[index];
        let upper = grammar.name.to_uppercase();
        writeln!(
            code,
            "/// The `{name}` grammar ({package}).\npub fn {name}() -> tree_sitter::Language {{ {upper}.language() }}",
            name = grammar.name,
            package = grammar.package
        )
        .unwrap();
        match result {
            Ok(packed) => {
                let symbol = format!("apiglot_grammar_{}", grammar.name);
                writeln!(
                    code,
                    "unsafe extern \"C\" {{ fn {symbol}() -> *const (); fn {symbol}_parse_table() -> *mut u16; }}\n\
                     pub static {upper}: Source = Source::Packed(Packed {{ language: {symbol}, table: {symbol}_parse_table, \
                     cells: {cells}, packed: include_bytes!({file:?}), checksum: {checksum:#x}, unpacked: std::sync::Once::new() }});",
                    cells = packed.cells,
                    file = packed.file,
                    checksum = packed.checksum,
                )
                .unwrap();
            }
            Err(why) => {
                if !sources.is_empty() {
                    println!("cargo::warning={} linked unpacked: {why}", grammar.package);
                }
                writeln!(code, "pub static {upper}: Source = Source::Plain({});", grammar.plain).unwrap();
            }
        }
    }
    let all: Vec<String> = GRAMMARS.iter().map(|g| format!("({:?}, &{})", g.name, g.name.to_uppercase())).collect();
    writeln!(
        code,
        "/// Every grammar, by name.\npub static ALL: [(&str, &Source); {}] = [{}];",
        all.len(),
        all.join(", ")
    )
    .unwrap();
    fs::write(out.join("grammars.rs"), code).expect("OUT_DIR is writable");
}

/// What `pack_grammar` leaves for the generated code.
struct Packed {
    cells: usize,
    checksum: u64,
    file: PathBuf,
}

/// Each package's folder, as `cargo metadata` resolves apiglot's dependencies (Cargo.lock's
/// versions, the registry or vendored folder cargo uses).
fn package_folders() -> Result<HashMap<String, PathBuf>, String> {
    let cargo = env::var_os("CARGO").ok_or("CARGO is not set")?;
    let manifest =
        Path::new(&env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set")?).join("Cargo.toml");
    let mut command = Command::new(cargo);
    command.args(["metadata", "--format-version", "1", "--offline", "--manifest-path"]).arg(&manifest);
    // Never let metadata rewrite a lock file that is there; without one, resolve as the build did.
    if manifest.with_file_name("Cargo.lock").exists() {
        command.arg("--locked");
    }
    let output = command.output().map_err(|e| format!("cargo metadata did not run: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    let by_id: HashMap<&str, &serde_json::Value> = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata listed no packages")?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let root = metadata["resolve"]["root"].as_str().ok_or("cargo metadata named no root package")?;
    let node = metadata["resolve"]["nodes"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["id"].as_str() == Some(root)))
        .ok_or("cargo metadata has no node for apiglot")?;
    let mut folders = HashMap::new();
    for dep in node["deps"].as_array().into_iter().flatten() {
        let Some(package) = dep["pkg"].as_str().and_then(|id| by_id.get(id)) else { continue };
        if let (Some(name), Some(manifest)) = (package["name"].as_str(), package["manifest_path"].as_str()) {
            if let Some(folder) = Path::new(manifest).parent() {
                folders.insert(name.to_string(), folder.to_path_buf());
            }
        }
    }
    Ok(folders)
}

/// Reads the table out of the grammar compiled as is, packs it, and compiles the grammar
/// again with the table left zeroed.
fn pack_grammar(grammar: &Grammar, source: &Path, out: &Path) -> Result<Packed, String> {
    let parser = source.join("parser.c");
    println!("cargo::rerun-if-changed={}", parser.display());
    let text = fs::read_to_string(&parser).map_err(|e| format!("{}: {e}", parser.display()))?;
    let entry = text
        .lines()
        .find_map(|line| line.strip_prefix("TS_PUBLIC const TSLanguage *")?.strip_suffix("(void) {"))
        .ok_or_else(|| format!("{}: no `TS_PUBLIC const TSLanguage *…(void)` line", parser.display()))?;
    let define = |name: &str| -> Result<usize, String> {
        text.lines()
            .find_map(|line| line.strip_prefix("#define ")?.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
            .ok_or_else(|| format!("{}: no #define {name}", parser.display()))
    };
    let cells = define("LARGE_STATE_COUNT")? * define("SYMBOL_COUNT")?;
    let opening = text.find(TABLE_OPENING).ok_or_else(|| format!("{}: no large parse table", parser.display()))?;
    let closing = text[opening..]
        .find("\n};\n")
        .map(|at| opening + at + "\n};\n".len())
        .ok_or_else(|| format!("{}: the large parse table does not end", parser.display()))?;

    let folder = out.join("grammars").join(grammar.name);
    fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let base = || {
        let mut build = cc::Build::new();
        build.std("c11").include(source).warnings(false).cargo_warnings(false);
        build
    };

    // 1. The table as the compiler lays it out: everything up to its end, with the table made
    //    global so that it is kept and named in the object.
    let extract = folder.join("extract.c");
    let head = text[..closing].replacen(TABLE_OPENING, &TABLE_OPENING["static ".len()..], 1);
    fs::write(&extract, head).map_err(|e| format!("{}: {e}", extract.display()))?;
    let objects = base()
        .file(&extract)
        .opt_level(0)
        .out_dir(folder.join("extract"))
        .try_compile_intermediates()
        .map_err(|e| format!("compiling {}: {e}", extract.display()))?;
    let object = objects.first().ok_or("the compiler wrote no object")?;
    let table = read_table(object, cells)?;

    let packed = pack::pack(&table);
    let mut check = vec![0u16; cells];
    if pack::unpack(&packed, &mut check).is_none() || check != table {
        return Err("the packed table does not unpack to the table".into());
    }
    let file = folder.join("parse_table.packed");
    fs::write(&file, &packed).map_err(|e| format!("{}: {e}", file.display()))?;

    // 2. The grammar to link: the same source, the table zeroed and reachable from Rust, every
    //    exported symbol renamed.
    let symbol = format!("apiglot_grammar_{}", grammar.name);
    let lean = folder.join("parser.c");
    let mut lean_text = String::with_capacity(text.len() - (closing - opening) + 200);
    lean_text.push_str(&text[..opening]);
    lean_text.push_str("static uint16_t ts_parse_table[LARGE_STATE_COUNT][SYMBOL_COUNT];\n");
    lean_text.push_str(&text[closing..]);
    writeln!(lean_text, "\nuint16_t *{symbol}_parse_table(void) {{ return &ts_parse_table[0][0]; }}").unwrap();
    fs::write(&lean, lean_text).map_err(|e| format!("{}: {e}", lean.display()))?;
    let mut build = base();
    build.file(&lean).define(entry, Some(symbol.as_str()));
    let scanner = source.join("scanner.c");
    let mut scanner_text = String::new();
    if scanner.exists() {
        println!("cargo::rerun-if-changed={}", scanner.display());
        scanner_text = fs::read_to_string(&scanner).map_err(|e| format!("{}: {e}", scanner.display()))?;
        build.file(&scanner);
    }
    // The scanner's functions (`…_external_scanner_create`, `_scan`, `_reset`, …), as both
    // files name them.
    let prefix = format!("{entry}_external_scanner_");
    let mut renamed = std::collections::BTreeSet::new();
    for file in [&text, &scanner_text] {
        for (at, _) in file.match_indices(&prefix) {
            let rest = &file[at + prefix.len()..];
            let part: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !part.is_empty() && renamed.insert(part.clone()) {
                build.define(&format!("{prefix}{part}"), Some(format!("{symbol}_scanner_{part}").as_str()));
            }
        }
    }
    build.out_dir(folder.join("lib")).try_compile(&symbol).map_err(|e| format!("compiling {}: {e}", lean.display()))?;
    Ok(Packed { cells, checksum: pack::checksum(&table), file })
}

/// The `cells` u16 values of the global `ts_parse_table` in a compiled object.
fn read_table(path: &Path, cells: usize) -> Result<Vec<u16>, String> {
    use object::{Object, ObjectSection, ObjectSymbol};
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = object::File::parse(&*bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let symbol = file
        .symbols()
        .find(|s| matches!(s.name(), Ok("ts_parse_table" | "_ts_parse_table")))
        .ok_or_else(|| format!("{}: no ts_parse_table symbol", path.display()))?;
    let index = symbol.section_index().ok_or("ts_parse_table is in no section")?;
    let section = file.section_by_index(index).map_err(|e| e.to_string())?;
    let data = section.data().map_err(|e| e.to_string())?;
    let start = usize::try_from(symbol.address() - section.address()).map_err(|e| e.to_string())?;
    let table = data.get(start..start + cells * 2).ok_or("ts_parse_table is shorter than its #defines say")?;
    let little = env::var("CARGO_CFG_TARGET_ENDIAN").as_deref() != Ok("big");
    Ok(table
        .chunks_exact(2)
        .map(
            |pair| if little { u16::from_le_bytes([pair[0], pair[1]]) } else { u16::from_be_bytes([pair[0], pair[1]]) },
        )
        .collect())
}
