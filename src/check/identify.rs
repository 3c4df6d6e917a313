//! Which target a published sample is: from its info string, else its content, with what
//! each target's folder declares (`infos`, `markers`, `sniff`).

use super::page::PublishedSample;
use crate::targets::{any_marker, SampleTarget};

/// The target of a sample: its info string when that names one of ours and the content
/// agrees (of several clients of the language, the one whose markers the code holds, else the
/// first), else what the content looks like. A shell block is the shell client its commands
/// run (curl, HTTPie, wget), and one that runs none of them (a vendor CLI) is no target.
pub fn identify(sample: &PublishedSample) -> Option<&'static str> {
    let sniffed = sniff(&sample.code);
    let info = sample.info.as_deref().map(str::to_ascii_lowercase).unwrap_or_default();
    let named: Vec<&SampleTarget> =
        SampleTarget::BUILTIN.iter().filter(|t| t.language.infos.contains(&info.as_str())).collect();
    let Some(first) = named.first() else { return sniffed };
    if first.language.name == crate::targets::languages::SHELL.name {
        return sniffed.filter(|id| named.iter().any(|t| t.id == *id));
    }
    let by_markers = named.iter().find(|t| any_marker(&sample.code, t.markers));
    Some(by_markers.unwrap_or(first).id)
}

/// A block whose info string names a data or markup format (a JSON response, a YAML config,
/// HTML, plain text): what a guide shows beside its samples, never a request to check.
pub fn is_data_block(sample: &PublishedSample) -> bool {
    const DATA: &[&str] = &[
        "json",
        "jsonc",
        "json5",
        "yaml",
        "yml",
        "xml",
        "html",
        "htm",
        "text",
        "txt",
        "plaintext",
        "plain",
        "csv",
        "toml",
        "ini",
        "markdown",
        "md",
        "diff",
        "graphql",
        "sql",
        "log",
        "output",
    ];
    let info = sample.info.as_deref().unwrap_or("").trim().to_ascii_lowercase();
    DATA.contains(&info.as_str())
}

/// What a sample looks like, from its content: the first target, in `BUILTIN` order, whose
/// markers it holds, else the first whose language it looks like.
pub fn sniff(code: &str) -> Option<&'static str> {
    let targets = SampleTarget::BUILTIN.iter();
    targets
        .clone()
        .find(|t| any_marker(code, t.markers))
        .or_else(|| targets.clone().find(|t| t.sniff.is_some_and(|sniff| sniff(code))))
        .map(|t| t.id)
}

/// A sample in an HTTP client apiglot does not render, named by its language and client. Its
/// request is not compared; its security issues are still found with the reader and patterns
/// of `security_as`, the target in the same language (a shell's for shell clients).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    pub language: &'static str,
    pub client: &'static str,
    pub security_as: &'static str,
}

/// (language, client, security_as, any of these in the code names it), most specific first:
/// node-fetch before fetch.
const CLIENTS: &[(&str, &str, &str, &[&str])] = &[
    ("Python", "aiohttp", "python", &["aiohttp"]),
    ("Python", "urllib3", "python", &["urllib3"]),
    ("Python", "urllib", "python", &["urllib.request", "urlopen("]),
    ("JavaScript", "node-fetch", "node", &["node-fetch"]),
    ("JavaScript", "got", "node", &["require('got')", "require(\"got\")", "from 'got'", "from \"got\""]),
    ("JavaScript", "superagent", "node", &["superagent"]),
    ("JavaScript", "request", "node", &["require('request')", "require(\"request\")"]),
    ("JavaScript", "jQuery", "node", &["$.ajax(", "jQuery.ajax("]),
    ("JavaScript", "XMLHttpRequest", "node", &["XMLHttpRequest"]),
    ("JavaScript", "fetch", "node", &["fetch("]),
    ("Java", "Apache HttpClient", "java", &["org.apache.http", "org.apache.hc", "HttpClients."]),
    ("Kotlin", "Ktor", "kotlin-okhttp", &["io.ktor"]),
    (
        "Kotlin",
        "Fuel",
        "kotlin-okhttp",
        &["com.github.kittinunf.fuel", "Fuel.get(", "Fuel.post(", "Fuel.put(", ".httpGet(", ".httpPost("],
    ),
    ("C#", "HttpClient", "csharp", &["new HttpClient(", "HttpRequestMessage", "System.Net.Http"]),
    ("Go", "resty", "go", &["go-resty", "resty.New("]),
    ("Ruby", "Faraday", "ruby", &["Faraday"]),
    ("Ruby", "HTTParty", "ruby", &["HTTParty"]),
    ("Ruby", "rest-client", "ruby", &["require 'rest-client'", "require \"rest-client\""]),
    ("PHP", "Guzzle", "php", &["GuzzleHttp"]),
    ("PHP", "pecl_http", "php", &["new HttpRequest()", "new http\\Client"]),
    ("Swift", "Alamofire", "swift", &["Alamofire", "AF.request("]),
];

/// The client of a sample written for a client apiglot does not render, by its content (its
/// imports and calls): a `python` block using `requests` is requests, not a broken http.client
/// sample. `None` for a sample using one of the rendered clients, or none known.
pub fn unrendered_client(code: &str) -> Option<Client> {
    let first = code.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if first.starts_with("curl ")
        || first == "curl"
        || SampleTarget::BUILTIN.iter().any(|t| any_marker(code, t.markers) || t.sniff.is_some_and(|sniff| sniff(code)))
    {
        return None;
    }
    // A client that became a target is no longer listed here: its markers above claim it.
    CLIENTS
        .iter()
        .find(|(_, _, _, needles)| needles.iter().any(|n| code.contains(n)))
        .map(|(language, client, security_as, _)| Client { language, client, security_as })
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
        assert!(is_data_block(&s("JSON", "{\"id\": 1}")) && is_data_block(&s("yaml", "a: 1")));
        assert!(!is_data_block(&s("rust", "fn main() {}")) && !is_data_block(&s("bash", "auth0 orgs")));
        assert_eq!(identify(&s("bash", "curl --request GET")), Some("curl"));
        // The shell clients, by the command they run, whichever shell info string names them.
        for (info, id) in
            [("bash", "curl"), ("sh", "httpie"), ("shell", "wget"), ("console", "httpie"), ("bash", "wget")]
        {
            for yaml in [crate::parse::testing::ASSIGN_MEMBERS, &crate::parse::testing::request_kinds()[0].1] {
                let (_, code) = crate::parse::testing::render(id, yaml);
                assert_eq!(identify(&s(info, &code)), Some(id), "{code}");
                assert_eq!(sniff(&code), Some(id), "{code}");
            }
        }
        assert_eq!(identify(&s("bash", "http DELETE https://x/y 'authorization:Bearer T'")), Some("httpie"));
        assert_eq!(identify(&s("sh", "wget -qO- https://x/y")), Some("wget"));
        assert_eq!(identify(&s("py", "import http.client")), Some("python"));
        // Two clients of a language are told apart by their content.
        let (_, fetch) = crate::parse::testing::render("node-fetch", crate::parse::testing::ASSIGN_MEMBERS);
        assert_eq!(identify(&s("javascript", &fetch)), Some("node-fetch"));
        assert_eq!(
            identify(&s("js", "const r = await fetch('https://x/y', { method: 'DELETE' });")),
            Some("node-fetch")
        );
        assert_eq!(identify(&s("javascript", "axios.get('https://x/y');")), Some("node"));
        // Node's fetch and the browser's render the same info string: `window.fetch` tells the
        // browser's apart.
        assert_eq!(identify(&s("js", "await window.fetch('https://x/y');")), Some("javascript-fetch"));

        let (_, java) = crate::parse::testing::render("java-httpclient", crate::parse::testing::ASSIGN_MEMBERS);
        assert_eq!(identify(&s("java", &java)), Some("java-httpclient"));
        assert_eq!(identify(&s("java", "var client = HttpClient.newHttpClient();")), Some("java-httpclient"));
        assert_eq!(identify(&s("java", "Unirest.get(\"https://x\").asString();")), Some("java"));
        assert_eq!(identify(&s("python", "import requests\nrequests.get(url)")), Some("python-requests"));
        assert_eq!(identify(&s("py", "r = requests.post(url, json={})")), Some("python-requests"));
        assert_eq!(identify(&s("python", "import httpx\nhttpx.get(url)")), Some("python-httpx"));
        // OkHttp in Kotlin and in Java: the same class names, told apart by Java's `new`.
        let (_, kotlin) = crate::parse::testing::render("kotlin-okhttp", crate::parse::testing::LIST_LOGS);
        assert_eq!(sniff(&kotlin), Some("kotlin-okhttp"));
        assert_eq!(sniff("OkHttpClient client = new OkHttpClient();"), Some("java-okhttp"));
        // Two clients of a language: the markers of the code tell them apart, in a block or
        // without one.
        for (info, id) in [
            ("csharp", "csharp"),
            ("csharp", "csharp-httpclient"),
            ("php", "php"),
            ("php", "php-guzzle"),
            ("ruby", "ruby"),
            ("ruby", "ruby-faraday"),
            ("java", "java-okhttp"),
            ("java", "java-httpclient"),
            ("go", "go"),
            ("go", "go-resty"),
            ("rust", "rust-reqwest"),
            ("powershell", "powershell"),
            ("dart", "dart-http"),
            ("javascript", "javascript-fetch"),
            ("kotlin", "kotlin-okhttp"),
        ] {
            let (_, code) = crate::parse::testing::render(id, crate::parse::testing::ASSIGN_MEMBERS);
            assert_eq!(identify(&s(info, &code)), Some(id));
            assert_eq!(sniff(&code), Some(id));
        }
    }

    /// An httr sample is r-httr in an `r` block, without one, and whatever its layout.
    #[test]
    fn an_httr_sample_is_r_httr() {
        let s = |info: &str, code: &str| PublishedSample {
            info: Some(info.into()),
            title: None,
            code: code.into(),
            line: 1,
        };
        let (_, code) = crate::parse::testing::render("r-httr", crate::parse::testing::ASSIGN_MEMBERS);
        for info in ["r", "R", "rscript"] {
            assert_eq!(identify(&s(info, &code)), Some("r-httr"));
        }
        assert_eq!(sniff(&code), Some("r-httr"));
        assert_eq!(sniff("res <- httr::GET(\"https://x\")"), Some("r-httr"));
        assert_eq!(unrendered_client(&code), None);
    }

    #[test]
    fn clients_apiglot_does_not_render_are_named_by_language_and_client() {
        let named = |code: &str| unrendered_client(code).map(|c| format!("{} {}", c.language, c.client));
        assert_eq!(named("import aiohttp\nawait s.get('https://x', ssl=False)\n").as_deref(), Some("Python aiohttp"));
        assert_eq!(
            named("fetch('https://x/y', { method: 'DELETE' }).then((r) => r.text());").as_deref(),
            Some("JavaScript fetch")
        );
        assert_eq!(named("import fetch from 'node-fetch';\nfetch(url)").as_deref(), Some("JavaScript node-fetch"));
        // C#'s and Java's HttpClient are targets of their own (csharp-httpclient, java-httpclient).
        assert_eq!(named("using var client = new HttpClient();"), None);
        assert_eq!(named("var client = HttpClient.newHttpClient();"), None);
        // HTTPie, wget and PowerShell's web cmdlets are targets of their own.
        assert_eq!(named("wget --method=DELETE https://x/y"), None);
        assert_eq!(named("http DELETE https://x/y authorization:'Bearer T'"), None);
        assert_eq!(named("Invoke-RestMethod -Uri 'https://x' -Method Delete"), None);
        assert_eq!(named("AF.request(\"https://x\")").as_deref(), Some("Swift Alamofire"));
        // Kotlin's other clients (Ktor's HttpClient is neither C#'s nor Java's).
        assert_eq!(
            named("import io.ktor.client.*\nval client = HttpClient(CIO)\nclient.get(\"https://x\")").as_deref(),
            Some("Kotlin Ktor")
        );
        assert_eq!(named("Fuel.get(\"https://x\").response()").as_deref(), Some("Kotlin Fuel"));
        // apiglot's own clients, and code of no known client, are not.
        for ours in crate::targets::SampleTarget::ids() {
            let (_, code) = crate::parse::testing::render(ours, crate::parse::testing::ASSIGN_MEMBERS);
            assert_eq!(named(&code), None, "{ours}");
        }
        assert_eq!(named("auth0 orgs members list"), None);
    }
}
