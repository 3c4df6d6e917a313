//! Runs samples as a user would, against the capture server (HTTPS on 127.0.0.1, a test CA
//! the runtimes are told to trust; certificate checks stay on). Only placeholders are
//! replaced: the host by `localhost:PORT`, the others by values picked here. The server must
//! receive exactly the endpoint's method, path and query, headers and body bytes, and the
//! sample must print the response. With `CI=true` a missing runtime fails; elsewhere it is
//! skipped with a loud line. Runs go in parallel, each on its own port.
//!
//! Statement-level samples get the smallest wrapper a user would write around them: Java a
//! class with `main` (and `Unirest.shutdown()`; for java.net.http its imports), C# a `Main` with the usings a .NET 6+ project
//! has by itself (`System`, `System.IO`) and `RestSharp`, Objective-C a `main` with an
//! autorelease pool. C# compiles against a stand-in for RestSharp and Objective-C against a
//! stand-in for NSURLSession (tests/runners/), because NuGet is out of reach and Debian's
//! GNUstep has no NSURLSession; everything else is the real runtime and library. Swift
//! compiles with `swiftc -warnings-as-errors` and runs in a Debian 13 root (`.ci/swift-root`),
//! with the statements after the sample that wait for its task, as an app's run loop would;
//! Go samples pass `go vet` before they run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use apiglot::endpoint::Endpoint;
use apiglot::request::Request;
use apiglot::targets::SampleTarget;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rayon::prelude::*;

use crate::capture::{file_bytes, form_fields, multipart_parts, Received, TestCa, REPLY};
use crate::helpers::{header_value, repo};
use crate::prove::{hostile, kind_requests, shape_request};

/// Java's classpath for Unirest 1.4.8 from Debian (`libunirest-java-java`).
const JAVA_JARS: &[&str] = &[
    "unirest-java",
    "httpclient",
    "httpcore",
    "httpasyncclient",
    "httpcore-nio",
    "httpmime",
    "com.android.json",
    "commons-logging",
];

/// What a java.net.http sample's statements use, imported as a user's class would.
const JAVA_HTTP_IMPORTS: &str = "import java.net.URI;\nimport java.net.URLEncoder;\nimport java.net.http.HttpClient;\n\
    import java.net.http.HttpRequest;\nimport java.net.http.HttpRequest.BodyPublishers;\nimport java.net.http.HttpResponse;\n\
    import java.net.http.HttpResponse.BodyHandlers;\nimport java.nio.charset.StandardCharsets;\nimport java.nio.file.Files;\n\
    import java.nio.file.Path;\nimport java.util.ArrayList;\nimport java.util.Base64;\nimport java.util.List;\n\
    import java.util.StringJoiner;\nimport java.util.UUID;\n";
/// Java's classpath for OkHttp 3.13 from Debian (`libokhttp-java`, with `libokio-java`).
const OKHTTP_JARS: &[&str] = &["okhttp", "okio"];
/// What an OkHttp sample's statements use, imported as a user's class would.
const OKHTTP_IMPORTS: &str =
    "import java.io.File;\nimport java.nio.charset.StandardCharsets;\nimport okhttp3.Credentials;\n\
    import okhttp3.FormBody;\nimport okhttp3.MediaType;\nimport okhttp3.MultipartBody;\nimport okhttp3.OkHttpClient;\n\
    import okhttp3.Request;\nimport okhttp3.RequestBody;\nimport okhttp3.Response;\n";
/// Debian's autoloader for Guzzle 7 (`php-guzzlehttp-guzzle`), which a Composer project's
/// `vendor/autoload.php` stands for.
const GUZZLE_AUTOLOAD: &str = "/usr/share/php/GuzzleHttp/autoload.php";

/// Objective-C with clang and GNUstep's Foundation on gcc's runtime, blocks from libBlocksRuntime.
const OBJC_FLAGS: &[&str] = &[
    "-fobjc-runtime=gcc",
    "-fblocks",
    "-fconstant-string-class=NSConstantString",
    "-fexceptions",
    "-fobjc-exceptions",
    "-DGNUSTEP",
    "-DGNUSTEP_BASE_LIBRARY=1",
    "-DGNU_RUNTIME=1",
    "-I/usr/include/GNUstep",
    // GNUstep's `nil` is `(id)0`, so `error:nil` warns where Apple's does not.
    "-Wno-incompatible-pointer-types",
];

/// What the harness puts after a Swift sample: a script ends at its last line, so it waits
/// for the task to complete and its completion handler to return, as an app's run loop would.
const SWIFT_WAIT: &str = "
while dataTask.state != .completed {
  Thread.sleep(forTimeInterval: 0.01)
}
URLSession.shared.delegateQueue.waitUntilAllOperationsAreFinished()
";
/// Debian's Python, which imports Debian's python3-requests and python3-httpx (a `python3`
/// earlier on the PATH, such as pyenv's, need not).
const DEBIAN_PYTHON: &str = "/usr/bin/python3";

/// Where Debian's golang-github-go-resty-resty-dev puts resty v2's sources.
const RESTY: &str = "/usr/share/gocode/src/github.com/go-resty/resty";

/// A target this machine can run, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runtime {
    Curl,
    Go,
    Node,
    Php,
    Python,
    Ruby,
    Java,
    CSharp,
    ObjC,
    Swift,
    NodeFetch,
    JavaHttpClient,
    PythonRequests,
    PythonHttpx,
    CSharpHttpClient,
    PhpGuzzle,
    RubyFaraday,
    JavaOkHttp,
    GoResty,
}

impl Runtime {
    const ALL: [Runtime; 19] = [
        Runtime::Curl,
        Runtime::Go,
        Runtime::Node,
        Runtime::Php,
        Runtime::Python,
        Runtime::Ruby,
        Runtime::Java,
        Runtime::CSharp,
        Runtime::ObjC,
        Runtime::Swift,
        Runtime::NodeFetch,
        Runtime::JavaHttpClient,
        Runtime::PythonRequests,
        Runtime::PythonHttpx,
        Runtime::CSharpHttpClient,
        Runtime::PhpGuzzle,
        Runtime::RubyFaraday,
        Runtime::JavaOkHttp,
        Runtime::GoResty,
    ];

    fn target(self) -> &'static str {
        match self {
            Runtime::Curl => "curl",
            Runtime::Go => "go",
            Runtime::Node => "node",
            Runtime::Php => "php",
            Runtime::Python => "python",
            Runtime::Ruby => "ruby",
            Runtime::Java => "java",
            Runtime::CSharp => "csharp",
            Runtime::ObjC => "objc",
            Runtime::Swift => "swift",
            Runtime::NodeFetch => "node-fetch",
            Runtime::JavaHttpClient => "java-httpclient",
            Runtime::PythonRequests => "python-requests",
            Runtime::PythonHttpx => "python-httpx",
            Runtime::CSharpHttpClient => "csharp-httpclient",
            Runtime::PhpGuzzle => "php-guzzle",
            Runtime::RubyFaraday => "ruby-faraday",
            Runtime::JavaOkHttp => "java-okhttp",
            Runtime::GoResty => "go-resty",
        }
    }

    /// What must be on the machine (a command and its version flag, or a file), and how
    /// `.ci/run` installs it.
    fn needs(self) -> (Vec<Need>, &'static str) {
        let cmd = |program: &'static str, flag: &'static str| Need::Command(program, flag);
        match self {
            Runtime::Curl => (vec![cmd("curl", "--version"), cmd("bash", "--version")], "apt-get install curl"),
            Runtime::Go => (vec![cmd("go", "version")], "apt-get install golang-go"),
            Runtime::Node => (
                vec![cmd("node", "--version"), Need::File(node_modules().join("axios/package.json"))],
                "apt-get install nodejs; npm install axios@1 (.ci/run does both)",
            ),
            Runtime::Php => (vec![cmd("php", "--version"), Need::PhpCurl], "apt-get install php-cli php-curl"),
            Runtime::Python => (vec![cmd("python3", "--version")], "apt-get install python3"),
            Runtime::Ruby => (vec![cmd("ruby", "--version")], "apt-get install ruby"),
            Runtime::Java => (
                vec![cmd("java", "-version"), cmd("keytool", "-help")]
                    .into_iter()
                    .chain(JAVA_JARS.iter().map(|jar| Need::File(java_jar(jar))))
                    .collect(),
                "apt-get install openjdk-17-jdk-headless libunirest-java-java",
            ),
            Runtime::CSharp => (
                vec![cmd("mcs", "--version"), cmd("mono", "--version"), cmd("cert-sync", "--help")],
                "apt-get install mono-mcs mono-runtime ca-certificates-mono",
            ),
            Runtime::ObjC => (
                vec![
                    cmd("clang", "--version"),
                    Need::File("/usr/include/GNUstep/Foundation/Foundation.h".into()),
                    Need::File("/usr/include/Block.h".into()),
                ],
                "apt-get install clang libgnustep-base-dev libblocksruntime-dev",
            ),
            Runtime::Swift => (
                vec![
                    cmd("unshare", "--version"),
                    cmd("chroot", "--version"),
                    Need::Namespace,
                    Need::File(swift_root().join(".apiglot-ready")),
                ],
                "run .ci/swift-root as root (.ci/run does): a Debian 13 root with swiftlang 6.0.3",
            ),
            Runtime::NodeFetch => {
                (vec![cmd("node", "--version"), Need::NodeFetch], "apt-get install nodejs (18 or later)")
            }
            Runtime::JavaHttpClient => (
                vec![cmd("java", "-version"), cmd("javac", "-version"), cmd("keytool", "-help")],
                "apt-get install openjdk-17-jdk-headless",
            ),
            Runtime::JavaOkHttp => (
                vec![cmd("java", "-version"), cmd("javac", "-version"), cmd("keytool", "-help")]
                    .into_iter()
                    .chain(OKHTTP_JARS.iter().map(|jar| Need::File(java_jar(jar))))
                    .collect(),
                "apt-get install openjdk-17-jdk-headless libokhttp-java libokio-java",
            ),
            Runtime::PythonRequests => (
                vec![Need::PythonModule("requests")],
                "apt-get install python3-requests (Debian's python3, /usr/bin/python3)",
            ),
            Runtime::PythonHttpx => (
                vec![Need::PythonModule("httpx")],
                "apt-get install python3-httpx (Debian's python3, /usr/bin/python3)",
            ),
            Runtime::CSharpHttpClient => (
                vec![
                    cmd("mcs", "--version"),
                    cmd("mono", "--version"),
                    cmd("cert-sync", "--help"),
                    Need::File("/usr/lib/mono/4.5/System.Net.Http.dll".into()),
                ],
                "apt-get install mono-mcs mono-runtime ca-certificates-mono libmono-system-net-http4.0-cil",
            ),
            Runtime::PhpGuzzle => (
                vec![cmd("php", "--version"), Need::PhpCurl, Need::File(GUZZLE_AUTOLOAD.into())],
                "apt-get install php-cli php-curl php-guzzlehttp-guzzle",
            ),
            Runtime::RubyFaraday => {
                (vec![cmd("ruby", "--version"), Need::RubyGem("faraday")], "apt-get install ruby ruby-faraday")
            }
            Runtime::GoResty => (
                vec![cmd("go", "version"), Need::File(PathBuf::from(RESTY).join("go.mod"))],
                "apt-get install golang-go golang-github-go-resty-resty-dev",
            ),
        }
    }
}

enum Need {
    Command(&'static str, &'static str),
    File(PathBuf),
    PhpCurl,
    /// Permission to make a private mount namespace and chroot into it (root has it, in CI).
    Namespace,
    /// Node 18 or later, whose global `fetch` the node-fetch samples use.
    NodeFetch,
    /// A module Debian's python3 imports (its own packages, not a virtualenv's or pyenv's).
    PythonModule(&'static str),
    /// A Ruby library `require` finds.
    RubyGem(&'static str),
}

impl Need {
    fn present(&self) -> bool {
        match self {
            Need::Command(program, flag) => Command::new(program)
                .arg(flag)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success() || *program == "cert-sync"),
            Need::File(path) => path.exists(),
            Need::Namespace => Command::new("unshare")
                .args(["--mount", "--propagation", "private", "true"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success()),
            Need::PhpCurl => Command::new("php")
                .arg("-m")
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.eq_ignore_ascii_case("curl"))),
            Need::NodeFetch => Command::new("node")
                .args(["-e", "process.exit(typeof fetch === 'function' ? 0 : 1)"])
                .status()
                .is_ok_and(|s| s.success()),
            Need::PythonModule(module) => Command::new(DEBIAN_PYTHON)
                .args(["-c", &format!("import {module}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success()),
            Need::RubyGem(name) => Command::new("ruby")
                .args(["-e", &format!("require '{name}'")])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success()),
        }
    }

    fn describe(&self) -> String {
        match self {
            Need::Command(program, _) => program.to_string(),
            Need::File(path) => path.display().to_string(),
            Need::PhpCurl => "PHP's curl extension".to_string(),
            Need::Namespace => "permission to unshare a mount namespace and chroot (run as root)".to_string(),
            Need::NodeFetch => "Node 18 or later (a global fetch)".to_string(),
            Need::PythonModule(module) => format!("{DEBIAN_PYTHON}'s {module} module"),
            Need::RubyGem(name) => format!("Ruby's {name}"),
        }
    }
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Where axios is installed: `.ci/run` puts it there.
fn node_modules() -> PathBuf {
    std::env::var_os("APIGLOT_NODE_MODULES").map(Into::into).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/apiglot-runtimes/node_modules")
    })
}

/// The Debian 13 root Swift samples compile and run in: `.ci/swift-root` builds it.
fn swift_root() -> PathBuf {
    std::env::var_os("APIGLOT_SWIFT_ROOT").map(Into::into).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/apiglot-runtimes/swift-trixie")
    })
}

/// `script` run by sh inside the Swift root, in a private mount namespace with /proc mounted
/// (swiftc finds its toolchain through /proc/self/exe). With `trust` (a PEM file inside the
/// root), that file is bind-mounted over the root's CA bundle: FoundationNetworking reads no
/// CA setting of its own and libcurl no variable, so the bundle libcurl was built to read is
/// what a run trusts, each run its own. The mounts end with the namespace, so none is left
/// behind, whatever happens to the run.
fn in_swift_root(script: &str, trust: Option<&Path>) -> Command {
    let mut c = Command::new("unshare");
    c.args(["--mount", "--propagation", "private", "sh", "-c"])
        .arg(
            r#"mount -t proc proc "$1/proc" \
               && { [ -z "$3" ] || mount --bind "$1$3" "$1/etc/ssl/certs/ca-certificates.crt"; } \
               && exec chroot "$1" /bin/sh -c "$2""#,
        )
        .arg("sh")
        .arg(swift_root())
        .arg(script)
        .arg(trust.unwrap_or(Path::new("")))
        .env_clear()
        .env("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .env("HOME", "/tmp")
        .env("LANG", "C.UTF-8");
    c
}

fn java_jar(name: &str) -> PathBuf {
    Path::new("/usr/share/java").join(format!("{name}.jar"))
}

/// The runtimes present; with CI=true a missing one panics with how to install it.
/// `APIGLOT_RUNTIMES=curl,python` limits a run to those targets while working on them; CI
/// never sets it.
fn available() -> Vec<Runtime> {
    let only = std::env::var("APIGLOT_RUNTIMES").ok();
    let mut found = Vec::new();
    for runtime in Runtime::ALL {
        if only.as_deref().is_some_and(|only| !only.split(',').any(|t| t.trim() == runtime.target())) {
            continue;
        }
        let (needs, install) = runtime.needs();
        let missing: Vec<String> = needs.iter().filter(|n| !n.present()).map(Need::describe).collect();
        if missing.is_empty() {
            found.push(runtime);
        } else if ci() {
            panic!("{} samples cannot run, {} missing and CI=true: {install}", runtime.target(), missing.join(", "));
        } else {
            eprintln!("\n!!! SKIPPED: {} samples; missing {}: {install}\n", runtime.target(), missing.join(", "));
        }
    }
    found
}

/// What a runtime is told to trust: a CA's PEM, a Java trust store and a mono certificate
/// store holding it.
struct Trust {
    pem: PathBuf,
    java_store: PathBuf,
    mono_config: PathBuf,
}

impl Trust {
    fn of(ca: &TestCa, runtimes: &[Runtime]) -> Trust {
        let scratch = ca.scratch();
        let trust =
            Trust { pem: ca.pem(), java_store: scratch.join("truststore.p12"), mono_config: scratch.join("mono") };
        if [Runtime::Java, Runtime::JavaHttpClient, Runtime::JavaOkHttp].iter().any(|r| runtimes.contains(r)) {
            must(
                Command::new("keytool")
                    .args(["-importcert", "-noprompt", "-alias", "apiglot-test-ca", "-storetype", "PKCS12"])
                    .args(["-storepass", "apiglot", "-keystore"])
                    .arg(&trust.java_store)
                    .arg("-file")
                    .arg(&trust.pem),
            );
        }
        if runtimes.contains(&Runtime::CSharp) || runtimes.contains(&Runtime::CSharpHttpClient) {
            must(Command::new("cert-sync").arg("--user").arg(&trust.pem).env("XDG_CONFIG_HOME", &trust.mono_config));
        }
        trust
    }
}

/// The CA that signs the server's certificate, another CA that does not, what the runtimes
/// trust of each, and the stand-ins compiled once.
struct Bench {
    ca: TestCa,
    trusted: Trust,
    /// Told to the runtimes instead of `trusted` to show that certificate checks are on.
    stranger: Trust,
    _stranger_ca: TestCa,
    runtimes: Vec<Runtime>,
}

fn bench() -> &'static Bench {
    static BENCH: OnceLock<Bench> = OnceLock::new();
    BENCH.get_or_init(|| {
        let ca = TestCa::new();
        let stranger_ca = TestCa::new();
        let runtimes = available();
        let scratch = ca.scratch();
        if runtimes.contains(&Runtime::CSharp) {
            must(
                Command::new("mcs")
                    .args(["-nologo", "-target:library"])
                    .arg(format!("-out:{}", scratch.join("RestSharp.dll").display()))
                    .arg(repo().join("tests/runners/csharp/RestSharp.cs")),
            );
        }
        if runtimes.contains(&Runtime::ObjC) {
            must(
                Command::new("clang")
                    .args(objc_flags())
                    .arg("-c")
                    .arg(repo().join("tests/runners/objc/NSURLSession+StandIn.m"))
                    .arg("-o")
                    .arg(scratch.join("standin.o")),
            );
        }
        Bench {
            trusted: Trust::of(&ca, &runtimes),
            stranger: Trust::of(&stranger_ca, &runtimes),
            ca,
            _stranger_ca: stranger_ca,
            runtimes,
        }
    })
}

/// How a sample is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Run it, trusting the test CA; it must succeed.
    Send,
    /// Only compile it: the runtime here cannot send this request (see the case's reason).
    CompileOnly,
    /// Run it trusting another CA: the TLS handshake must fail, whatever the exit code.
    Untrusted,
}

fn objc_flags() -> Vec<String> {
    let mut flags: Vec<String> = OBJC_FLAGS.iter().map(|f| f.to_string()).collect();
    flags.push(format!("-I{}", repo().join("tests/runners/objc/include").display()));
    // gcc's Objective-C runtime headers (objc/objc.h), which clang does not search by itself.
    if let Some(gcc) = gcc_include() {
        flags.push("-isystem".into());
        flags.push(gcc.display().to_string());
    }
    flags
}

fn gcc_include() -> Option<PathBuf> {
    let output = Command::new("gcc").arg("-print-file-name=include").output().ok()?;
    Some(PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
}

fn must(command: &mut Command) {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(output.status.success(), "{command:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// What one run printed and what the server received.
struct Outcome {
    printed: String,
    received: Vec<Received>,
    code: String,
}

/// Runs `code` in `runtime` after replacing the host placeholder `host` with the server's
/// address. Fails with the runtime's own output when it exits badly or hangs.
fn run(runtime: Runtime, host: &str, code: &str, mode: Mode, uploads: &[String]) -> Outcome {
    let bench = bench();
    let listener = bench.ca.listen();
    let code = code.replace(host, &format!("localhost:{}", listener.port));
    // Swift runs inside its root, so its files go in a directory of its own there.
    let dir = match runtime {
        Runtime::Swift => tempfile::Builder::new().prefix("apiglot-").tempdir_in(swift_root().join("tmp")).unwrap(),
        _ => tempfile::tempdir().unwrap(),
    };
    let here = dir.path();
    // `here` as the Swift root sees it.
    let inside = Path::new("/tmp").join(here.file_name().unwrap());
    // The files the sample uploads, at the (relative) paths its placeholders were filled with.
    for path in uploads {
        std::fs::write(here.join(path), file_bytes(path)).unwrap();
    }
    let scratch = bench.ca.scratch();
    let trust = if mode == Mode::Untrusted { &bench.stranger } else { &bench.trusted };
    let pem = &trust.pem;
    let write = |name: &str, text: &str| {
        let path = here.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let mut command = match runtime {
        Runtime::Curl => command("bash", [write("sample.sh", &code)]),
        Runtime::Go => {
            // `go vet` first: a sample it flags fails as a sample that does not build.
            let main = write("main.go", &code);
            must(Command::new("go").arg("vet").arg(&main).current_dir(here));
            command("go", ["run".into(), main])
        }
        Runtime::Node => command("node", [write("sample.js", &code)]),
        // An ES module, for its top-level await; deprecations fail the run.
        Runtime::NodeFetch => {
            let mut c = Command::new("node");
            c.args(["--throw-deprecation", "--trace-warnings"]).arg(write("sample.mjs", &code));
            c
        }
        Runtime::JavaHttpClient => {
            let class = format!("{JAVA_HTTP_IMPORTS}\npublic class Sample {{\n  public static void main(String[] args) throws Exception {{\n{code}\n  }}\n}}\n");
            // Compiled apart, so that any lint warning fails the run.
            must(
                Command::new("javac")
                    .args(["-Xlint:all", "-Werror", "-d"])
                    .arg(here)
                    .arg(write("Sample.java", &class))
                    .current_dir(here),
            );
            let mut c = Command::new("java");
            c.arg("-cp")
                .arg(here)
                .arg(format!("-Djavax.net.ssl.trustStore={}", trust.java_store.display()))
                .arg("-Djavax.net.ssl.trustStorePassword=apiglot")
                .arg("Sample");
            c
        }
        Runtime::JavaOkHttp => {
            let class = format!("{OKHTTP_IMPORTS}\npublic class Sample {{\n  public static void main(String[] args) throws Exception {{\n{code}\n  }}\n}}\n");
            let classpath: Vec<String> = OKHTTP_JARS.iter().map(|j| java_jar(j).display().to_string()).collect();
            let classpath = format!("{}:{}", here.display(), classpath.join(":"));
            // Compiled apart, so that any lint warning fails the run.
            must(
                Command::new("javac")
                    .args(["-Xlint:all", "-Werror", "-cp", &classpath, "-d"])
                    .arg(here)
                    .arg(write("Sample.java", &class))
                    .current_dir(here),
            );
            let mut c = Command::new("java");
            c.arg("-cp")
                .arg(&classpath)
                .arg(format!("-Djavax.net.ssl.trustStore={}", trust.java_store.display()))
                .arg("-Djavax.net.ssl.trustStorePassword=apiglot")
                .arg("Sample");
            c
        }
        Runtime::Php => {
            // PHP samples are a script's statements: run them as `php -r` runs a script.
            let mut c = Command::new("php");
            c.arg("-d").arg(format!("curl.cainfo={}", pem.display())).arg("-r").arg(&code);
            c
        }
        Runtime::Python => command("python3", [write("sample.py", &code)]),
        Runtime::Ruby => command("ruby", [write("sample.rb", &code)]),
        // Warnings are errors: a sample must run without one. requests trusts the CA bundle
        // REQUESTS_CA_BUNDLE names; httpx the one SSL_CERT_FILE names (set below for all).
        Runtime::PythonRequests | Runtime::PythonHttpx => {
            let mut c = Command::new(DEBIAN_PYTHON);
            c.args(["-W", "error", "-X", "dev"]).arg(write("sample.py", &code)).env("REQUESTS_CA_BUNDLE", pem);
            c
        }
        Runtime::Java => {
            let class = format!(
                "import com.mashape.unirest.http.HttpResponse;\nimport com.mashape.unirest.http.Unirest;\n\n\
                 public class Sample {{\n  public static void main(String[] args) throws Exception {{\n{code}\n    \
                 Unirest.shutdown();\n  }}\n}}\n"
            );
            let classpath: Vec<String> = JAVA_JARS.iter().map(|j| java_jar(j).display().to_string()).collect();
            let mut c = Command::new("java");
            c.arg("-cp")
                .arg(classpath.join(":"))
                .arg(format!("-Djavax.net.ssl.trustStore={}", trust.java_store.display()))
                .arg("-Djavax.net.ssl.trustStorePassword=apiglot")
                .arg(write("Sample.java", &class));
            c
        }
        Runtime::CSharp => {
            let program = format!(
                "using System;\nusing System.IO;\nusing RestSharp;\n\npublic static class Program {{\n  public static void Main() {{\n{code}\n  }}\n}}\n"
            );
            must(
                Command::new("mcs")
                    .args(["-nologo", "-out:sample.exe"])
                    .arg(format!("-r:{}", scratch.join("RestSharp.dll").display()))
                    .arg(write("Program.cs", &program))
                    .current_dir(here),
            );
            std::fs::copy(scratch.join("RestSharp.dll"), here.join("RestSharp.dll")).unwrap();
            let mut c = Command::new("mono");
            c.arg(here.join("sample.exe")).env("XDG_CONFIG_HOME", &trust.mono_config);
            c
        }
        Runtime::PhpGuzzle => {
            // The sample requires Composer's `vendor/autoload.php`, here Debian's autoloader;
            // every notice and deprecation is shown, on stderr.
            std::fs::create_dir(here.join("vendor")).unwrap();
            write("vendor/autoload.php", &format!("<?php\nrequire_once '{GUZZLE_AUTOLOAD}';\n"));
            let mut c = Command::new("php");
            c.arg("-d")
                .arg(format!("curl.cainfo={}", pem.display()))
                .args(["-d", "error_reporting=-1", "-d", "display_errors=stderr"])
                .arg(write("sample.php", &format!("<?php\n{code}")));
            c
        }
        Runtime::GoResty => {
            // Debian installs resty v2 in GOPATH's layout without its `/v2`: a GOPATH of the
            // run's own links it under its import path, before Debian's (for golang.org/x/net).
            let link = here.join("gopath/src/github.com/go-resty/resty");
            std::fs::create_dir_all(&link).unwrap();
            std::os::unix::fs::symlink(RESTY, link.join("v2")).unwrap();
            let gopath = format!("{}:/usr/share/gocode", here.join("gopath").display());
            let main = write("main.go", &code);
            must(
                Command::new("go")
                    .arg("vet")
                    .arg(&main)
                    .current_dir(here)
                    .env("GO111MODULE", "off")
                    .env("GOPATH", &gopath),
            );
            let mut c = command("go", ["run".into(), main]);
            c.env("GO111MODULE", "off").env("GOPATH", gopath);
            c
        }
        Runtime::RubyFaraday => {
            // faraday-multipart's names for Faraday 1.1's own multipart (tests/runners/ruby-faraday).
            let mut c = Command::new("ruby");
            c.arg("-I").arg(repo().join("tests/runners/ruby-faraday")).arg(write("sample.rb", &code));
            c
        }
        Runtime::CSharpHttpClient => {
            // The sample is a .NET 6+ top-level program: its `using` directives go on top, the
            // usings such a project has by itself before them, and its statements (which
            // `await`) in an async method; mcs (C# 7) has no async Main, so Main waits for it.
            let (usings, statements): (Vec<&str>, Vec<&str>) =
                code.lines().partition(|l| l.starts_with("using System") && l.ends_with(';'));
            let program = format!(
                "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\n\
                 using System.Net.Http;\nusing System.Threading;\nusing System.Threading.Tasks;\n{}\n\n\
                 public static class Program {{\n  public static void Main() {{\n    Run().GetAwaiter().GetResult();\n  }}\n\n  \
                 static async Task Run() {{\n{}\n  }}\n}}\n",
                usings.join("\n"),
                statements.join("\n")
            );
            must(
                Command::new("mcs")
                    .args(["-nologo", "-warnaserror", "-r:System.Net.Http", "-out:sample.exe"])
                    .arg(write("Program.cs", &program))
                    .current_dir(here),
            );
            let mut c = Command::new("mono");
            c.arg(here.join("sample.exe")).env("XDG_CONFIG_HOME", &trust.mono_config);
            c
        }
        Runtime::ObjC => {
            let (imports, statements): (Vec<&str>, Vec<&str>) = code.lines().partition(|l| l.starts_with("#import"));
            let main = format!(
                "{}\n\nint main(void) {{\n  @autoreleasepool {{\n{}\n  }}\n  return 0;\n}}\n",
                imports.join("\n"),
                statements.join("\n")
            );
            must(
                Command::new("clang")
                    .args(objc_flags())
                    .arg("-include")
                    .arg(repo().join("tests/runners/objc/NSURLSession+StandIn.h"))
                    .arg(write("main.m", &main))
                    .arg(scratch.join("standin.o"))
                    .args(["-o", "sample", "-lgnustep-base", "-lobjc", "-lBlocksRuntime"])
                    .current_dir(here),
            );
            if mode == Mode::CompileOnly {
                return Outcome { printed: String::new(), received: listener.received(), code };
            }
            // GNUstep reads its TLS settings from its defaults, here from the arguments. It does
            // not check server certificates unless told to (GSTLSVerifyServer); Apple's does.
            let mut c = Command::new(here.join("sample"));
            c.arg("-GSTLSCAFile").arg(pem).args(["-GSTLSVerifyServer", "YES"]);
            c
        }
        Runtime::Swift => {
            write("main.swift", &format!("{code}\n{SWIFT_WAIT}"));
            must(&mut in_swift_root(
                &format!("cd '{}' && swiftc -warnings-as-errors -o sample main.swift", inside.display()),
                None,
            ));
            if mode == Mode::CompileOnly {
                return Outcome { printed: String::new(), received: listener.received(), code };
            }
            std::fs::copy(pem, here.join("ca.pem")).unwrap();
            in_swift_root(&format!("cd '{}' && exec ./sample", inside.display()), Some(&inside.join("ca.pem")))
        }
    };
    let output = command
        .current_dir(here)
        .env("CURL_CA_BUNDLE", pem)
        .env("SSL_CERT_FILE", pem)
        .env("NODE_EXTRA_CA_CERTS", pem)
        .env("NODE_PATH", node_modules())
        .stdin(Stdio::null());
    let printed = finish(output, here, runtime, &code, mode);
    Outcome { printed, received: listener.received(), code }
}

fn command<const N: usize>(program: &str, args: [PathBuf; N]) -> Command {
    let mut c = Command::new(program);
    c.args(args);
    c
}

/// Waits for the sample (at most a minute) and returns what it printed, stdout then stderr.
fn finish(command: &mut Command, here: &Path, runtime: Runtime, code: &str, mode: Mode) -> String {
    let out = here.join("stdout");
    let err = here.join("stderr");
    let mut child = command
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: cannot start: {e}", runtime.target()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let printed = format!(
        "{}{}",
        std::fs::read_to_string(&out).unwrap_or_default(),
        std::fs::read_to_string(&err).unwrap_or_default()
    );
    match status {
        Some(s) if s.success() || mode == Mode::Untrusted => printed,
        Some(s) => panic!("{} sample failed ({s}):\n{printed}\n--- sample ---\n{code}", runtime.target()),
        None => panic!("{} sample did not finish in a minute:\n{printed}\n--- sample ---\n{code}", runtime.target()),
    }
}

/// Differences between what `request` says and what the server got, one line each.
fn differences(runtime: Runtime, request: &Request, outcome: &Outcome) -> Vec<String> {
    let [got] = outcome.received.as_slice() else {
        return vec![format!("expected one request, the server got {}", outcome.received.len())];
    };
    let mut wrong = Vec::new();
    if got.method != request.method {
        wrong.push(format!("method: expected {}, got {}", request.method, got.method));
    }
    // Four runtimes rewrite the URL the sample gives them (the URL literal itself is proven
    // exact by the round trip in `prove`), each in a way servers read alike:
    // - GNUstep's NSURLConnection sends the path percent-decoded, even `%3F` (Apple's sends
    //   it as given), so only the decoded target can be compared;
    // - Unirest 1.x decodes the path and re-encodes it with java.net.URI, which leaves
    //   sub-delimiters such as `$` or `+` bare;
    // - mono's System.Uri, under the RestSharp stand-in and HttpClient, unescapes `!*'()` (.NET's does not)
    //   and drops the bidi controls U+200E, U+200F and U+202A to U+202E, escaped or not.
    let sub_delims = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b);
    let marks = |b: u8| b"!*'()".contains(&b);
    let (path, query) = split_target(&request.path_and_query);
    let (got_path, got_query) = split_target(&got.target);
    let target_matches = match runtime {
        Runtime::ObjC => percent_decoded(&got.target, |_| true) == percent_decoded(&request.path_and_query, |_| true),
        Runtime::Java => {
            percent_decoded(got_path, sub_delims) == percent_decoded(path, sub_delims) && got_query == query
        }
        Runtime::CSharp | Runtime::CSharpHttpClient => {
            let bidi = ["%E2%80%8E", "%E2%80%8F", "%E2%80%AA", "%E2%80%AB", "%E2%80%AC", "%E2%80%AD", "%E2%80%AE"];
            let expected = bidi.iter().fold(request.path_and_query.clone(), |t, b| t.replace(b, ""));
            percent_decoded(&got.target, marks) == percent_decoded(&expected, marks)
        }
        // Faraday parses the query and writes it again with its params encoder, names sorted
        // (a repeated name keeps its values' order) and form-escaped (a space as `+`).
        Runtime::RubyFaraday => {
            let mut pairs = form_fields(query.as_bytes());
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            got_path == path && form_fields(got_query.as_bytes()) == pairs
        }
        _ => got.target == request.path_and_query,
    };
    if !target_matches {
        wrong.push(format!("path and query: expected {:?}, got {:?}", request.path_and_query, got.target));
    }
    for h in &request.sent_headers() {
        let sent: Vec<&String> = got.headers.iter().filter(|(n, _)| *n == h.name).map(|(_, v)| v).collect();
        if sent != [&h.value] {
            wrong.push(format!("header {}: expected {:?}, got {:?}", h.name, h.value, sent));
        }
    }
    if let Some(body) = request.body.as_ref().filter(|b| b.format != "json") {
        wrong.extend(body_differences(runtime, body, got));
        return finish_differences(runtime, outcome, wrong);
    }
    // Node sends what axios or JSON.stringify serializes: compact JSON. Objective-C's
    // NSDictionary and Swift's Dictionary have no key order, and JSONSerialization writes
    // compact JSON, so their bodies are compared as JSON values; every other target must send
    // the sample's text byte for byte.
    let body = request
        .body
        .as_ref()
        .map(|b| {
            let serialized = matches!(runtime, Runtime::Node | Runtime::NodeFetch);
            if serialized && b.kind != "scalar" {
                b.compact.clone()
            } else {
                b.text.clone()
            }
        })
        .unwrap_or_default();
    let same = match (runtime, &request.body) {
        (Runtime::ObjC | Runtime::Swift, Some(b)) if b.kind != "scalar" => {
            serde_json::from_slice::<serde_json::Value>(&got.body).is_ok_and(|v| v == b.json)
        }
        // requests and httpx serialize the sample's Python value themselves, in their layout
        // (`json.dumps`, non-ASCII as \u escapes): the same value, keys in the same order.
        (Runtime::PythonRequests | Runtime::PythonHttpx, Some(b)) if b.kind != "scalar" => {
            serde_json::from_slice::<serde_json::Value>(&got.body).map(|v| v.to_string()).is_ok_and(|t| t == b.compact)
        }
        _ => got.body == body.as_bytes(),
    };
    if !same {
        wrong.push(format!("body: expected {:?}, got {:?}", body, String::from_utf8_lossy(&got.body)));
    }
    finish_differences(runtime, outcome, wrong)
}

/// What the server got of a form, multipart, text or binary body, against the request:
/// form fields decoded and in order; multipart parts with their names, file names, types and
/// bytes; text and files byte for byte. Four clients cannot send every part as written:
/// - RestSharp (107 and later) writes every file before the other fields, whatever order they
///   are added in (restsharp/RestSharp#1773, #2098: by design), so its sample adds them in
///   that order and the parts are expected so;
/// - Unirest 1.x leaves httpmime's part headers in US-ASCII (it sets no charset), so each
///   non-ASCII character of a file name arrives as `?` (the sample gives it exactly);
/// - mono's System.Net.Http writes a file name's `filename*` one UTF-16 unit at a time, so a
///   character beyond U+FFFF arrives there as two U+FFFD (its MIME-encoded `filename` is
///   exact, and the sample gives the name exactly);
/// - Faraday's multipart (multipart-post's UploadIO, in Faraday 1 and faraday-multipart alike)
///   keeps `File.basename` of a file name, so one holding `/` arrives as its last segment.
fn body_differences(runtime: Runtime, body: &apiglot::request::RequestBody, got: &Received) -> Vec<String> {
    let mut wrong = Vec::new();
    let content_type = got.headers.iter().find(|(n, _)| n == "content-type").map(|(_, v)| v.as_str()).unwrap_or("");
    match body.format {
        "form" => {
            let fields = form_fields(&got.body);
            let expected: Vec<(String, String)> =
                body.fields.iter().map(|f| (f.name.clone(), f.value.clone())).collect();
            if fields != expected {
                wrong.push(format!(
                    "form fields: expected {expected:?}, got {fields:?} ({:?})",
                    String::from_utf8_lossy(&got.body)
                ));
            }
        }
        "multipart" => match multipart_parts(content_type, &got.body) {
            Err(why) => wrong.push(format!(
                "multipart body: {why}; content-type {content_type:?}; body {:?}",
                String::from_utf8_lossy(&got.body)
            )),
            Ok(parts) => {
                if parts.len() != body.parts.len() {
                    wrong.push(format!(
                        "multipart: expected {} parts, got {}: {parts:?}",
                        body.parts.len(),
                        parts.len()
                    ));
                }
                let mut sent: Vec<&apiglot::request::RequestPart> = body.parts.iter().collect();
                if runtime == Runtime::CSharp {
                    sent.sort_by_key(|p| !p.is_file);
                }
                for (want, got) in sent.into_iter().zip(&parts) {
                    let mut problems = Vec::new();
                    if got.name != want.name {
                        problems.push(format!("name {:?}", got.name));
                    }
                    if want.is_file {
                        let filename: String = match runtime {
                            Runtime::Java => {
                                want.filename.chars().map(|c| if c.is_ascii() { c } else { '?' }).collect()
                            }
                            Runtime::RubyFaraday => want.filename.rsplit('/').next().unwrap_or_default().to_string(),
                            Runtime::CSharpHttpClient => want
                                .filename
                                .chars()
                                .flat_map(|c| if c.len_utf16() == 2 { vec!['\u{FFFD}'; 2] } else { vec![c] })
                                .collect(),
                            _ => want.filename.clone(),
                        };
                        if got.filename.as_deref() != Some(filename.as_str()) {
                            problems.push(format!("filename {:?}", got.filename));
                        }
                        let media = got
                            .content_type
                            .as_deref()
                            .map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
                        if media.as_deref() != Some(want.content_type.as_str()) {
                            problems.push(format!("content type {:?}", got.content_type));
                        }
                        if got.bytes != file_bytes(&want.file) {
                            problems.push(format!("bytes {:?}", String::from_utf8_lossy(&got.bytes)));
                        }
                    } else {
                        if got.filename.is_some() {
                            problems.push(format!("a file name {:?} on a text field", got.filename));
                        }
                        // Some clients label a text field text/plain; none may call it anything else.
                        if got
                            .content_type
                            .as_deref()
                            .is_some_and(|c| !c.to_ascii_lowercase().starts_with("text/plain"))
                        {
                            problems.push(format!("content type {:?}", got.content_type));
                        }
                        if got.bytes != want.value.as_bytes() {
                            problems.push(format!("value {:?}", String::from_utf8_lossy(&got.bytes)));
                        }
                    }
                    if !problems.is_empty() {
                        wrong.push(format!("multipart part {:?}: {}", want.name, problems.join(", ")));
                    }
                }
            }
        },
        "binary" => {
            if got.body != file_bytes(&body.file) {
                wrong.push(format!(
                    "binary body: expected the bytes of {:?}, got {:?}",
                    body.file,
                    String::from_utf8_lossy(&got.body)
                ));
            }
        }
        _ => {
            if got.body != body.text.as_bytes() {
                wrong.push(format!(
                    "text body: expected {:?}, got {:?}",
                    body.text,
                    String::from_utf8_lossy(&got.body)
                ));
            }
        }
    }
    if body.format == "multipart" && !content_type.to_ascii_lowercase().starts_with("multipart/form-data;") {
        wrong.push(format!("content-type: expected multipart/form-data with a boundary, got {content_type:?}"));
    }
    wrong
}

/// The paths of the files a request uploads (multipart file parts, a binary body).
fn uploads(request: &Request) -> Vec<String> {
    let Some(body) = &request.body else { return Vec::new() };
    let mut paths: Vec<String> = body.parts.iter().filter(|p| p.is_file).map(|p| p.file.clone()).collect();
    if body.format == "binary" {
        paths.push(body.file.clone());
    }
    paths
}

/// Adds a line when the sample did not print the response.
fn finish_differences(runtime: Runtime, outcome: &Outcome, mut wrong: Vec<String>) -> Vec<String> {
    // Objective-C's and Swift's samples print the response object, the others its body.
    let printed = match runtime {
        Runtime::ObjC => outcome.printed.contains("NSHTTPURLResponse"),
        Runtime::Swift => outcome.printed.contains("<HTTPURLResponse") && outcome.printed.contains("status: 200"),
        _ => outcome.printed.contains(REPLY),
    };
    if !printed {
        wrong.push(format!("the sample did not print the response; it printed {:?}", outcome.printed));
    }
    // PHP shows every notice and deprecation of Guzzle's run: none may appear.
    if runtime == Runtime::PhpGuzzle
        && ["Deprecated:", "Warning:", "Notice:"].iter().any(|w| outcome.printed.contains(w))
    {
        wrong.push(format!("PHP warned: {:?}", outcome.printed));
    }
    wrong
}

/// A request target's path and query (without the `?`).
fn split_target(target: &str) -> (&str, &str) {
    target.split_once('?').unwrap_or((target, ""))
}

/// `text` with the percent escapes of the bytes `decode` picks decoded.
fn percent_decoded(text: &str, decode: impl Fn(u8) -> bool) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) if decode(b) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// A value for each placeholder that is not the host, unlike any text of a sample.
fn placeholder_values(endpoint: &Endpoint) -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> = endpoint
        .placeholders
        .iter()
        .map(|p| (p.name.clone(), format!("{}-4711", p.name.to_ascii_lowercase().replace('_', "-"))))
        .collect();
    // Longer names first, so ORG_USER_ID is not replaced as ORG_ + USER_ID.
    values.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    values
}

/// The endpoint with `{NAME}` replaced by its value everywhere, keys included.
fn filled(endpoint: &Endpoint, values: &[(String, String)]) -> Endpoint {
    fn fill(value: serde_json::Value, values: &[(String, String)]) -> serde_json::Value {
        let text = |s: String| values.iter().fold(s, |s, (name, v)| s.replace(&format!("{{{name}}}"), v));
        match value {
            serde_json::Value::String(s) => serde_json::Value::String(text(s)),
            serde_json::Value::Array(a) => a.into_iter().map(|v| fill(v, values)).collect(),
            serde_json::Value::Object(o) => o.into_iter().map(|(k, v)| (text(k), fill(v, values))).collect(),
            other => other,
        }
    }
    let mut endpoint = endpoint.clone();
    let server = endpoint.server.clone();
    endpoint.placeholders.clear();
    let mut value = fill(serde_json::to_value(&endpoint).unwrap(), values);
    value["server"] = server.into();
    serde_json::from_value(value).unwrap()
}

/// `code` with each placeholder name replaced by its value. Longest names go first and the
/// values are lower case, so no name is found inside another's value. Not whole words only: a
/// name in a query value sits between percent escapes (`%22USER_NAME%22`).
fn fill_code(code: &str, values: &[(String, String)]) -> String {
    values.iter().fold(code.to_string(), |code, (name, value)| code.replace(name.as_str(), value))
}

/// One sample to run: what it should send, its code, and the host placeholder to point at the server.
#[derive(Clone)]
struct Case {
    label: String,
    /// Why this sample is only compiled, not sent: a limit of the runtime here, not of the sample.
    compile_only: Option<&'static str>,
    request: Request,
    code: String,
    host: String,
}

/// Every endpoint of `root` with a templated https host, in every available runtime.
fn project_cases(root: &Path, runtimes: &[Runtime]) -> Vec<(Runtime, Case)> {
    let project = apiglot::load::project(root).unwrap();
    let (model, engine) = apiglot::prepare(&project, &project.config.locales).unwrap();
    let mut cases = Vec::new();
    for (loaded, resolved) in project.endpoints.iter().zip(&model.endpoints) {
        let request = &resolved.request;
        if request.scheme != "https" || !apiglot::request::is_templated_host(&request.host) {
            continue;
        }
        let values = placeholder_values(&loaded.endpoint);
        let src = apiglot::request::Source { file: Path::new("filled.yaml"), text: "" };
        let expected =
            apiglot::request::resolve(&filled(&loaded.endpoint, &values), &project.config.host_placeholder, &src)
                .unwrap();
        for &runtime in runtimes {
            let target = SampleTarget::by_id(runtime.target()).unwrap();
            let sample = apiglot::render::sample(&engine, target, request).unwrap();
            let case = Case {
                label: format!("{} ({})", resolved.id, root.display()),
                compile_only: (runtime == Runtime::ObjC && request.method == "PATCH")
                    .then_some("GNUstep 1.28's NSURLConnection refuses PATCH (\"Invalid HTTP Method\")"),
                request: expected.clone(),
                code: fill_code(&sample.code, &values),
                host: request.host.clone(),
            };
            cases.push((runtime, case));
        }
    }
    cases
}

impl Case {
    fn mode(&self) -> Mode {
        if self.compile_only.is_some() {
            Mode::CompileOnly
        } else {
            Mode::Send
        }
    }
}

/// Runs every case in parallel; returns one message per case that went wrong.
fn run_cases(cases: &[(Runtime, Case)]) -> Vec<String> {
    cases
        .par_iter()
        .filter_map(|(runtime, case)| {
            let files = uploads(&case.request);
            let outcome = match std::panic::catch_unwind(|| run(*runtime, &case.host, &case.code, case.mode(), &files))
            {
                Ok(outcome) => outcome,
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    return Some(format!("{} {}: {message}", runtime.target(), case.label));
                }
            };
            if case.compile_only.is_some() {
                return None;
            }
            let wrong = differences(*runtime, &case.request, &outcome);
            (!wrong.is_empty()).then(|| {
                format!(
                    "{} {}:\n  {}\n--- printed ---\n{}\n--- sample ---\n{}",
                    runtime.target(),
                    case.label,
                    wrong.join("\n  "),
                    outcome.printed,
                    outcome.code
                )
            })
        })
        .collect()
}

#[test]
fn samples_send_exactly_their_request_to_a_real_server() {
    let runtimes = &bench().runtimes;
    let mut cases = project_cases(&repo(), runtimes);
    cases.extend(project_cases(&repo().join("tests/cases/shapes"), runtimes));
    let failures = run_cases(&cases);
    assert!(failures.is_empty(), "{} of {} runs went wrong:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
    let names: Vec<&str> = runtimes.iter().map(|r| r.target()).collect();
    let compiled: Vec<String> = cases
        .iter()
        .filter_map(|(r, c)| c.compile_only.map(|why| format!("{} {}: {why}", r.target(), c.label)))
        .collect();
    eprintln!(
        "ran {} samples against the capture server ({}); compiled only: {}",
        cases.len() - compiled.len(),
        names.join(", "),
        compiled.join("; ")
    );
    assert_eq!(cases.len(), 12 * runtimes.len(), "eight example endpoints and four shapes with a templated https host");
}

/// Every body kind and way to authenticate (tests/cases/kinds): forms with basic auth,
/// multipart uploads, text and binary bodies, API keys in a header, the query and a cookie.
#[test]
fn every_request_kind_arrives_exactly() {
    let runtimes = &bench().runtimes;
    let cases = project_cases(&repo().join("tests/cases/kinds"), runtimes);
    assert_eq!(cases.len(), 6 * runtimes.len(), "six endpoints with a templated https host");
    let failures = run_cases(&cases);
    assert!(failures.is_empty(), "{} of {} runs went wrong:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

/// `apiglot targets` says which targets the harness executes: exactly those with a runtime here.
#[test]
fn the_targets_said_to_run_are_the_ones_this_harness_runs() {
    let said: Vec<&str> = SampleTarget::BUILTIN.iter().filter(|t| t.runs_on.is_some()).map(|t| t.id).collect();
    let mut run: Vec<&str> = Runtime::ALL.iter().map(|r| r.target()).collect();
    run.sort_by_key(|id| SampleTarget::ids().iter().position(|t| t == id));
    assert_eq!(said, run);
}

#[test]
fn certificate_checks_stay_on_in_every_runtime() {
    // Told to trust another CA than the server's, every runtime must refuse the connection.
    let cases = project_cases(&repo(), &bench().runtimes);
    let deletes: Vec<&(Runtime, Case)> = cases.iter().filter(|(_, c)| c.request.method == "DELETE").collect();
    assert_eq!(deletes.len(), bench().runtimes.len());
    let accepted: Vec<String> = deletes
        .par_iter()
        .filter_map(|(runtime, case)| {
            let outcome = run(*runtime, &case.host, &case.code, Mode::Untrusted, &[]);
            if !outcome.received.is_empty() || outcome.printed.contains(REPLY) {
                return Some(format!(
                    "{}: sent a request over a connection it should not trust:\n{}",
                    runtime.target(),
                    outcome.printed
                ));
            }
            // Swift's sample prints the error it gets (FoundationNetworking reports the failed
            // handshake as NSURLErrorDomain -1004): proof that the run lasted until the answer.
            (*runtime == Runtime::Swift && !outcome.printed.contains("NSURLErrorDomain"))
                .then(|| format!("swift: ended without reporting the refused connection:\n{}", outcome.printed))
        })
        .collect();
    assert!(accepted.is_empty(), "{}", accepted.join("\n\n"));
}

/// How many requests of hostile texts the executed leg sends: each runs in every runtime, so
/// a case costs seconds; the parse-only property in `prove` tries 200.
const HOSTILE_RUNS: u32 = 4;

#[test]
fn hostile_strings_arrive_byte_for_byte() {
    let runtimes = &bench().runtimes;
    let engine = apiglot::templates::Engine::new(&[]).unwrap();
    let mut runner = TestRunner::new(Config { cases: HOSTILE_RUNS, failure_persistence: None, ..Config::default() });
    // Four independent texts a request: the header value, the query value, the path segment, the body.
    let result = runner.run(&(hostile(), hostile(), hostile(), hostile()), |(header, query, segment, body)| {
        let (request, _) = shape_request(&header_value(&header), &query, &segment, &body);
        let label = format!("header {header:?}, query {query:?}, segment {segment:?}, body {body:?}");
        let cases: Vec<(Runtime, Case)> = runtimes
            .iter()
            .map(|&runtime| {
                let target = SampleTarget::by_id(runtime.target()).unwrap();
                let code = apiglot::render::sample(&engine, target, &request).unwrap().code;
                let host = request.host.clone();
                (runtime, Case { label: label.clone(), compile_only: None, request: request.clone(), code, host })
            })
            .collect();
        let failures = run_cases(&cases);
        prop_assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// How many hostile texts the executed leg of the other request kinds tries: each gives four
/// requests (form with basic auth, multipart, text, cookies) in every runtime.
const HOSTILE_KIND_RUNS: u32 = 2;

#[test]
fn hostile_strings_in_every_request_kind_arrive_exactly() {
    let runtimes = &bench().runtimes;
    let engine = apiglot::templates::Engine::new(&[]).unwrap();
    let mut runner =
        TestRunner::new(Config { cases: HOSTILE_KIND_RUNS, failure_persistence: None, ..Config::default() });
    let result = runner.run(&hostile(), |text| {
        let mut cases = Vec::new();
        for (kind, request) in kind_requests(&text) {
            for &runtime in runtimes {
                let target = SampleTarget::by_id(runtime.target()).unwrap();
                let code = apiglot::render::sample(&engine, target, &request).unwrap().code;
                let label = format!("{kind} with {text:?}");
                let host = request.host.clone();
                cases.push((runtime, Case { label, compile_only: None, request: request.clone(), code, host }));
            }
        }
        let failures = run_cases(&cases);
        prop_assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn a_sample_that_sends_the_wrong_request_fails_with_a_clear_diff() {
    let cases = project_cases(&repo(), &[Runtime::Python]);
    let (runtime, case) = cases.iter().find(|(_, c)| c.code.contains("\"DELETE\"")).unwrap();
    // The Japanese page's mistake: the host moved into the request path.
    let code = case.code.replace("conn.request(\"DELETE\", \"/api", "conn.request(\"DELETE\", \"/{yourDomain}/api");
    assert_ne!(code, case.code, "the sample changed");
    let failures = run_cases(&[(*runtime, Case { code, ..case.clone() })]);
    let [failure] = failures.as_slice() else { panic!("expected one failure, got {failures:?}") };
    assert!(
        failure.contains(r#"path and query: expected "/api/v2/organizations/org-id-4711/members", got "/localhost:"#),
        "{failure}"
    );
}
