//! Which of the ten targets a published sample is: from its info string, else its content.

use super::page::PublishedSample;

/// The target of a sample: its info string when that names one of ours and the content
/// agrees, else what the content looks like. A shell block that is not curl (a vendor CLI) is
/// no target.
pub fn identify(sample: &PublishedSample) -> Option<&'static str> {
    let sniffed = sniff(&sample.code);
    let named = sample.info.as_deref().map(str::to_ascii_lowercase).and_then(|info| {
        Some(match info.as_str() {
            "bash" | "sh" | "shell" | "curl" | "console" | "zsh" => "curl",
            "csharp" | "cs" | "c#" => "csharp",
            "go" | "golang" => "go",
            "java" => "java",
            "javascript" | "js" | "node" | "nodejs" => "node",
            "objectivec" | "objective-c" | "objc" => "objc",
            "php" => "php",
            "python" | "py" | "python3" => "python",
            "ruby" | "rb" => "ruby",
            "swift" => "swift",
            _ => return None,
        })
    });
    match (named, sniffed) {
        (Some("curl"), sniffed) => (sniffed == Some("curl")).then_some("curl"),
        (Some(named), _) => Some(named),
        (None, sniffed) => sniffed,
    }
}

/// What a sample looks like, from its content.
pub fn sniff(code: &str) -> Option<&'static str> {
    let has = |s: &str| code.contains(s);
    let first = code.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    Some(if first.starts_with("curl ") || first == "curl" {
        "curl"
    } else if has("RestClient") || has("RestRequest") {
        "csharp"
    } else if has("package main") || has("http.NewRequest") {
        "go"
    } else if has("Unirest.") {
        "java"
    } else if has("axios") {
        "node"
    } else if code.lines().any(|l| l.trim() == "import Foundation") || has("URLSession.shared") {
        "swift"
    } else if has("#import") || has("[NSMutableURLRequest") || has("@\"") {
        "objc"
    } else if has("curl_init") || has("curl_setopt") {
        "php"
    } else if has("http.client") || has("HTTPSConnection") {
        "python"
    } else if has("Net::HTTP") {
        "ruby"
    } else if has("URLSession") {
        "swift"
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vendor_cli_in_a_bash_block_is_no_target() {
        let s = |info: &str, code: &str| PublishedSample {
            info: Some(info.into()),
            title: None,
            code: code.into(),
            line: 1,
        };
        assert_eq!(identify(&s("bash", "auth0 orgs members list")), None);
        assert_eq!(identify(&s("bash", "curl --request GET")), Some("curl"));
        assert_eq!(identify(&s("py", "import http.client")), Some("python"));
    }
}
