//! The command line as shells and `man` see it: completion scripts that each shell accepts,
//! manual pages that groff renders without a warning, and the version.

use crate::helpers::{apiglot, repo};

/// Runs `program args` with `stdin`, returning (exit code, stdout, stderr); a program missing
/// with CI=true fails, elsewhere it is reported and the check left out.
fn run_with_input(program: &str, args: &[&str], stdin: &str) -> Option<(i32, String, String)> {
    use std::io::Write as _;
    let spawned = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("{program} is needed with CI=true: {e} (.ci/run installs it)")
        }
        Err(e) => {
            eprintln!("note: {program} is not installed ({e}); not checked");
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    Some((
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

#[test]
fn each_shell_accepts_its_completion_script() {
    for (shell, checker, args, mark) in [
        ("bash", "bash", &["-n"][..], "_apiglot()"),
        ("zsh", "zsh", &["-n"][..], "#compdef apiglot"),
        ("fish", "fish", &["--no-execute"][..], "complete -c apiglot"),
    ] {
        let run = apiglot(&repo(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(mark), "{shell}: {}", run.stdout);
        for word in ["build", "check", "messages", "--write-missing", "--locale"] {
            // fish names a long option without its dashes (`-l locale`).
            let word = if shell == "fish" { word.trim_start_matches('-') } else { word };
            assert!(run.stdout.contains(word), "{shell} completes {word}");
        }
        if let Some((code, _, stderr)) = run_with_input(checker, args, &run.stdout) {
            assert_eq!(code, 0, "{shell} rejects its script: {stderr}");
        }
    }
    // No PowerShell runs on Debian: its script is read by the grammar apiglot reads
    // PowerShell samples with, and must parse without an error node but where the grammar
    // lacks PowerShell 4's `.Where{ }` method syntax, which clap_complete uses.
    let run = apiglot(&repo(), &["completions", "powershell"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Register-ArgumentCompleter"), "{}", run.stdout);
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&tree_sitter_powershell::LANGUAGE.into()).unwrap();
    let tree = parser.parse(&run.stdout, None).unwrap();
    let mut cursor = tree.walk();
    let mut errors = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        let grammar_gap = run.stdout[node.byte_range()].starts_with("Where")
            && run.stdout[..node.start_byte()].ends_with("$completions.");
        if (node.is_error() || node.is_missing()) && !grammar_gap {
            errors.push(format!(
                "{:?} at {}: {:?}",
                node.kind(),
                node.start_position(),
                &run.stdout[node.byte_range()]
            ));
        }
        stack.extend(node.children(&mut cursor));
    }
    assert!(errors.is_empty(), "the PowerShell script parses: {errors:?}");
    assert_eq!(apiglot(&repo(), &["completions", "tcsh"]).code, 2, "an unknown shell is a usage error");
}

#[test]
fn manual_pages_render_without_a_warning() {
    for (args, title, mentions) in [
        (&["man"][..], ".TH apiglot 1", &["build", "check", "messages"][..]),
        (&["man", "build"][..], ".TH apiglot-build 1", &["\\-\\-strict", "\\-\\-out"][..]),
        (&["man", "messages"][..], ".TH apiglot-messages 1", &["\\-\\-write\\-missing", "export"][..]),
    ] {
        let run = apiglot(&repo(), args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.lines().any(|l| l.starts_with(title)),
            "{args:?}: {}",
            &run.stdout[..run.stdout.len().min(300)]
        );
        for word in mentions {
            assert!(run.stdout.contains(word), "{args:?} mentions {word}");
        }
        if let Some((code, text, stderr)) = run_with_input("groff", &["-man", "-Tutf8", "-ww", "-z"], &run.stdout) {
            assert_eq!(code, 0, "{args:?}: {stderr}");
            assert!(stderr.is_empty() && text.is_empty(), "{args:?}: groff warns: {stderr}");
        }
    }
    let unknown = apiglot(&repo(), &["man", "bulid"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("`bulid` is not an apiglot command") && unknown.stderr.contains("build"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn the_version_is_the_crate_version() {
    let run = apiglot(&repo(), &["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.trim(), format!("apiglot {}", env!("CARGO_PKG_VERSION")));
}
