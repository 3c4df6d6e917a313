//! Security findings that do not need a sample's syntax tree: credentials by their known shapes
//! (provider key formats, private key blocks, user info in URLs, basic auth, JWTs), and the
//! spellings of "certificate checks off" that are settings rather than code (environment
//! variables, plist keys, option names), one table per client.
//!
//! The parsers in `parse/` find what needs the tree (a callback that only returns true, an
//! option set to `false`, `0` or `!1`); `check` merges both, one finding per line.

use std::sync::OnceLock;

use regex::{Regex, RegexSet};

/// One way a client's certificate or hostname verification is turned off, found by pattern.
struct Rule {
    /// Sample targets the rule applies to; empty for every target.
    targets: &'static [&'static str],
    pattern: &'static str,
    /// What is turned off, for the finding.
    what: &'static str,
}

/// Patterns tolerate white space and quotes; case-insensitive where the client is.
const RULES: &[Rule] = &[
    // Any client: environment variables that switch verification off for a whole process.
    Rule {
        targets: &[],
        pattern: r"NODE_TLS_REJECT_UNAUTHORIZED\W{0,8}0\b",
        what: "NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off for every request of the process",
    },
    Rule {
        targets: &[],
        pattern: r"PYTHONHTTPSVERIFY\W{0,8}0\b",
        what: "PYTHONHTTPSVERIFY=0 turns certificate checks off for Python's standard library",
    },
    // Shell clients checked as `curl`: PowerShell (wget and HTTPie, once clients apiglot did
    // not render, are targets whose readers report their switches).
    Rule {
        targets: &["curl"],
        pattern: r"(?:^|\s)(?:--no-check-certificate|--verify[= ](?:no|false)\b|-SkipCertificateCheck\b)",
        what: "wget --no-check-certificate, HTTPie --verify=no or PowerShell -SkipCertificateCheck turns certificate checks off",
    },
    // curl: options in a config file or a `-K -` heredoc.
    Rule {
        targets: &["curl"],
        pattern: r"(?m)^\s*(insecure|proxy-insecure|doh-insecure)\s*$",
        what: "a curl config line turns certificate checks off",
    },
    // PHP: stream contexts and Guzzle options.
    Rule {
        targets: &["php"],
        pattern: r#"(?i)['"](verify_peer|verify_peer_name)['"]\s*=>\s*(false|0|null)\b"#,
        what: "the stream context turns certificate or host name checks off (verify_peer / verify_peer_name)",
    },
    Rule {
        targets: &["php"],
        pattern: r#"(?i)['"]allow_self_signed['"]\s*=>\s*(true|1)\b"#,
        what: "the stream context accepts self-signed certificates (allow_self_signed)",
    },
    Rule {
        targets: &["php"],
        pattern: r#"(?i)['"]verify['"]\s*=>\s*(false|0)\b"#,
        what: "the client turns certificate checks off ('verify' => false)",
    },
    // Apple platforms: ATS and CFStream settings, AFNetworking and Alamofire policies.
    Rule {
        targets: &["objc", "swift"],
        pattern: r"NSAllowsArbitraryLoads\W{0,40}(true|YES|1)\b",
        what: "NSAllowsArbitraryLoads turns App Transport Security off",
    },
    Rule {
        targets: &["objc", "swift"],
        pattern: r"kCFStreamSSLValidatesCertificateChain\W{0,40}(?:\(\s*id\s*\)\s*)?(false|NO|kCFBooleanFalse)\b",
        what: "the stream's SSL settings turn certificate checks off (kCFStreamSSLValidatesCertificateChain)",
    },
    Rule {
        targets: &["objc", "swift"],
        pattern: r"(kCFStreamSSLAllowsAnyRoot|kCFStreamSSLAllowsExpiredCertificates|kCFStreamSSLAllowsExpiredRoots)\W{0,40}(?:\(\s*id\s*\)\s*)?(true|YES|kCFBooleanTrue)\b",
        what: "the stream's SSL settings accept any root or expired certificates",
    },
    Rule {
        targets: &["objc", "swift"],
        pattern: r"allowInvalidCertificates\s*=\s*(true|YES)\b|validatesDomainName\s*=\s*(false|NO)\b",
        what: "the security policy accepts invalid certificates or any host name",
    },
    Rule {
        targets: &["objc"],
        pattern: r"setAllowsAnyHTTPSCertificate\s*:\s*(YES|true|1)\b|allowsAnyHTTPSCertificateForHost",
        what: "setAllowsAnyHTTPSCertificate accepts any certificate for the host",
    },
    Rule {
        targets: &["swift"],
        pattern: r"DisabledTrustEvaluator|DisabledEvaluator|\.disableEvaluation\b",
        what: "Alamofire's disabled trust evaluation accepts any certificate",
    },
];

/// A pattern with ASCII word boundaries and classes: the fast (DFA) search cannot take
/// Unicode word boundaries through non-ASCII text and fell back to a much slower one.
fn ascii_words(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)").replace(r"\W", "[^A-Za-z0-9_]")
}

/// The rules, and one set of all of them: a sample is scanned once, and only the rules that
/// match are run again to find where (most samples match none).
fn compiled() -> &'static (RegexSet, Vec<(Regex, &'static Rule)>) {
    static COMPILED: OnceLock<(RegexSet, Vec<(Regex, &'static Rule)>)> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let set = RegexSet::new(RULES.iter().map(|r| ascii_words(r.pattern))).expect("valid patterns");
        (set, RULES.iter().map(|r| (Regex::new(&ascii_words(r.pattern)).expect("a valid pattern"), r)).collect())
    })
}

/// (1-based line, message) for each setting that turns verification off in `code`.
pub fn insecure_settings(target: &str, code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let (set, rules) = compiled();
    // A rule of a language's first client holds for its other clients (their settings share
    // the language's runtime: PHP's stream contexts, Python's environment).
    let first = crate::targets::SampleTarget::by_id(target)
        .and_then(|t| crate::targets::SampleTarget::BUILTIN.iter().find(|b| b.language.name == t.language.name))
        .map_or(target, |b| b.id);
    for index in set.matches(code).iter() {
        let (regex, rule) = &rules[index];
        if !rule.targets.is_empty() && !rule.targets.contains(&target) && !rule.targets.contains(&first) {
            continue;
        }
        for m in regex.find_iter(code) {
            out.push((
                line_of(code, m.start()),
                format!("{}: anyone on the network could read or change the request.", rule.what),
            ));
        }
    }
    out
}

fn line_of(code: &str, offset: usize) -> usize {
    code[..offset].matches('\n').count() + 1
}

/// A credential found in a sample: where, what kind, and the value masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub line: usize,
    pub kind: &'static str,
    /// Enough to find it on the page, never the whole secret.
    pub masked: String,
}

/// Credential shapes: (kind, pattern; group 1 is the secret when the pattern has one).
const SHAPES: &[(&str, &str)] = &[
    ("JSON Web Token", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    ("Stripe secret key", r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"),
    ("Slack token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ("Slack webhook", r"https://hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]{8,}"),
    ("AWS access key id", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    (
        "AWS secret access key",
        r#"(?i)(?:aws_?secret(?:_?access)?_?key|secret_?access_?key|aws_?secret)["']?\s*[:=,]?\s*\(?\s*["']?([A-Za-z0-9/+]{40})\b"#,
    ),
    ("GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b"),
    ("Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
    ("private key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    ("password in a URL", r#"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/:@'"]+:([^\s/@'"]+)@"#),
    ("password on the command line", r#"(?:^|\s)(?:-u|--user|-U|--proxy-user)(?:\s+|=)?['"]?[^\s'":]*:([^\s'"]+)"#),
    ("basic auth header (base64 of user:password)", r"\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})"),
];

/// The shapes, and one set of all of them (see `compiled`).
fn shapes() -> &'static (RegexSet, Vec<(&'static str, Regex)>) {
    static COMPILED: OnceLock<(RegexSet, Vec<(&'static str, Regex)>)> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let set = RegexSet::new(SHAPES.iter().map(|(_, p)| ascii_words(p))).expect("valid patterns");
        (set, SHAPES.iter().map(|(k, p)| (*k, Regex::new(&ascii_words(p)).expect("a valid pattern"))).collect())
    })
}

/// Credential-looking values in `code` of `target`: real-looking values only, placeholders
/// (`ACCESS_TOKEN`, `YOUR_API_TOKEN`, `{yourDomain}`, `<token>`, `xxx`, `$TOKEN`) are not.
pub fn credentials(target: &str, code: &str) -> Vec<Credential> {
    let mut out = Vec::new();
    let (set, shapes) = shapes();
    for index in set.matches(code).iter() {
        let (kind, regex) = &shapes[index];
        if *kind == "password on the command line" && target != "curl" {
            continue;
        }
        for captures in regex.captures_iter(code) {
            let whole = captures.get(0).expect("a match");
            let secret = captures.get(1).unwrap_or(whole);
            let value = secret.as_str();
            let real = match *kind {
                "basic auth header (base64 of user:password)" => {
                    basic_credentials(value).is_some_and(|(_, password)| !is_placeholder(&password))
                }
                "private key" => true,
                _ => !is_placeholder(value),
            };
            if real {
                let masked = match *kind {
                    "private key" => value.to_string(),
                    _ => format!(
                        "{}{}{}",
                        &code[whole.start()..secret.start()],
                        mask(value),
                        &code[secret.end()..whole.end()]
                    ),
                };
                out.push(Credential { line: line_of(code, whole.start()), kind, masked: masked.trim().to_string() });
            }
        }
    }
    out.sort_by_key(|c| c.line);
    out
}

/// `text` with every credential in it masked, for findings that quote a sample's line or a
/// header value (a semantic finding must not print a token the security finding masks).
pub fn redact(text: &str) -> String {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let (set, shapes) = shapes();
    for index in set.matches(text).iter() {
        let (kind, regex) = &shapes[index];
        if *kind == "private key" {
            continue;
        }
        for captures in regex.captures_iter(text) {
            let secret = captures.get(1).or_else(|| captures.get(0)).expect("a match");
            let real = match *kind {
                "basic auth header (base64 of user:password)" => {
                    basic_credentials(secret.as_str()).is_some_and(|(_, p)| !is_placeholder(&p))
                }
                _ => !is_placeholder(secret.as_str()),
            };
            if real {
                spans.push((secret.start(), secret.end()));
            }
        }
    }
    if spans.is_empty() {
        return text.to_string();
    }
    spans.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&mask(&text[start..end]));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// The first characters of a secret (at most a quarter of it, at most six) and its length.
pub fn mask(secret: &str) -> String {
    let count = secret.chars().count();
    let shown: String = secret.chars().take((count / 4).min(6)).collect();
    format!("{shown}…({count} characters)")
}

/// Is `value` a placeholder a docs page puts where a reader's own secret goes?
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim_matches(|c: char| matches!(c, '"' | '\'' | '`'));
    let lower = v.to_ascii_lowercase();
    let distinct: std::collections::BTreeSet<char> = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    v.is_empty()
        // ACCESS_TOKEN, YOUR_API_TOKEN, MGMT_API_ACCESS_TOKEN
        || (v.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            && (v.contains('_') || !v.contains(|c: char| c.is_ascii_digit())))
        // {yourDomain}, <token>, $TOKEN, ${TOKEN}, %TOKEN%, [password]
        || v.contains(['{', '}', '<', '>', '$', '%', '[', ']', '*'])
        || ["your", "example", "placeholder", "xxx", "changeme", "redacted", "dummy", "sample", "replace", "insert"]
            .iter()
            .any(|w| lower.contains(w))
        || ["password", "passwd", "pass", "secret", "token", "user", "username", "apikey", "api_key", "key"]
            .contains(&lower.as_str())
        // xxxx, ****, 0000, abcabc: too few distinct characters for a real secret.
        || distinct.len() <= 3
}

/// `user:password` from the base64 of a Basic authorization header, when it decodes to text.
fn basic_credentials(encoded: &str) -> Option<(String, String)> {
    let decoded = String::from_utf8(base64_decode(encoded)?).ok()?;
    if decoded.chars().any(char::is_control) {
        return None;
    }
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut bits = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            bits |= value(*c)? << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(target: &str, code: &str) -> Vec<&'static str> {
        credentials(target, code).into_iter().map(|c| c.kind).collect()
    }

    #[test]
    fn provider_keys_are_found_and_masked() {
        let ghp = format!("ghp_{}", "a1B2c3D4e5".repeat(4).chars().take(36).collect::<String>());
        let found = credentials("curl", &format!("curl -H 'Authorization: token {ghp}'"));
        assert_eq!(found.len(), 1);
        assert!(!found[0].masked.contains(&ghp[6..]), "{:?}", found[0]);
        assert_eq!(kinds("python", "key = 'AIzaSyD4nq8Hh2Xb7kLpQ9Wm3Rt6Yv1Zc5Ef0Gh'"), ["Google API key"]);
        assert_eq!(kinds("node", "const s = 'sk_live_51Hq8ZtK2mN4pQ7rS9vW'"), ["Stripe secret key"]);
        assert_eq!(kinds("go", "\"-----BEGIN OPENSSH PRIVATE KEY-----\""), ["private key"]);
        assert_eq!(
            kinds("ruby", "aws_secret_access_key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzk3Mq8p2Lr'"),
            ["AWS secret access key"]
        );
    }

    #[test]
    fn user_info_and_basic_auth_are_found_but_placeholders_are_not() {
        assert_eq!(kinds("php", "'https://admin:s3cr3tPw@api.example.com/'"), ["password in a URL"]);
        assert!(kinds("php", "'https://USER:PASSWORD@api/' 'https://{user}:{password}@h/'").is_empty());
        assert_eq!(kinds("curl", "curl -u alice:Tr0ub4dor3 https://h/"), ["password on the command line"]);
        assert!(kinds("curl", "curl -u USER:PASSWORD https://h/ --user $U:$P").is_empty());
        // alice:Tr0ub4dor3
        assert_eq!(
            kinds("java", "\"Authorization\", \"Basic YWxpY2U6VHIwdWI0ZG9yMw==\""),
            ["basic auth header (base64 of user:password)"]
        );
        // USER:PASSWORD
        assert!(kinds("java", "\"Basic VVNFUjpQQVNTV09SRA==\"").is_empty());
        for placeholder in
            ["Bearer MGMT_API_ACCESS_TOKEN", "Bearer YOUR_API_TOKEN", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]
        {
            assert!(kinds("curl", placeholder).is_empty(), "{placeholder}");
        }
    }

    #[test]
    fn settings_that_turn_checks_off_are_found_per_client() {
        assert_eq!(insecure_settings("node", "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;").len(), 1);
        assert_eq!(insecure_settings("php", "['ssl' => ['verify_peer' => FALSE]]").len(), 1);
        assert_eq!(insecure_settings("objc", "[request setAllowsAnyHTTPSCertificate:YES forHost:h];").len(), 1);
        assert!(insecure_settings("php", "['ssl' => ['verify_peer' => true]]").is_empty());
    }
}
