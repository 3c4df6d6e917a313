//! The published French assign-members page is the style reference: apiglot's sample for the
//! same request must equal the published one line for line, except the lines the rules of
//! the build issue change. Each allowed change is listed here with its rule.

use similar::{DiffTag, TextDiff};

use crate::helpers::{example_project, repo, samples};

/// The samples of a page copied from the docs site: separated by "Was this helpful?" lines,
/// each but the first opened by a "/" line; the first follows the prose.
fn published_samples(page: &str) -> Vec<String> {
    let mut chunks: Vec<String> = page.split("\nWas this helpful?\n").map(str::to_string).collect();
    chunks.pop(); // the tables after the last sample
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let chunk = if i == 0 {
                let start = chunk.find("\ncurl ").expect("the first sample is curl") + 1;
                chunk[start..].to_string()
            } else {
                chunk.trim_start_matches('\n').strip_prefix("/\n").expect("a / line opens each sample").to_string()
            };
            chunk.trim_end().to_string()
        })
        .collect()
}

/// (target, published lines, apiglot lines, rule)
const ALLOWED: &[(&str, &[&str], &[&str], &str)] = &[
    (
        "csharp",
        &["var request = new RestRequest(Method.POST);"],
        &["var request = new RestRequest(\"\", Method.Post);"],
        "rule 4: current RestSharp (v107+) has no RestRequest(Method) nor Method.POST",
    ),
    (
        "csharp",
        &["request.AddParameter(\"application/json\", \"{ \\\"members\\\": [ \\\"USER_ID\\\", \\\"USER_ID\\\", \\\"USER_ID\\\" ] }\", ParameterType.RequestBody);"],
        &["request.AddStringBody(\"{ \\\"members\\\": [ \\\"USER_ID\\\", \\\"USER_ID\\\", \\\"USER_ID\\\" ] }\", \"application/json\");"],
        "rules 2 and 4: the body goes with its content type through the current API",
    ),
    (
        "csharp",
        &["IRestResponse response = client.Execute(request);"],
        &["RestResponse response = client.Execute(request);"],
        "rule 4: IRestResponse is gone from current RestSharp",
    ),
    (
        "csharp",
        &[],
        &["", "Console.WriteLine(response.Content);"],
        "issue 4: every sample prints the response, so a reader who runs it sees the answer",
    ),
    (
        "java",
        &[],
        &["", "System.out.println(response.getBody());"],
        "issue 4: every sample prints the response, so a reader who runs it sees the answer",
    ),
    ("go", &["\t\"io/ioutil\""], &["\t\"io\""], "rule 5: io, not the deprecated io/ioutil"),
    ("go", &["\tbody, _ := ioutil.ReadAll(res.Body)"], &["\tbody, _ := io.ReadAll(res.Body)"], "rule 5"),
    (
        "go",
        &["\tres, _ := http.DefaultClient.Do(req)"],
        &["\tres, err := http.DefaultClient.Do(req)", "\tif err != nil {", "\t\tpanic(err)", "\t}"],
        "issue 13, item 6: warning-free samples; `go vet` flags using res before checking the error",
    ),
    ("php", &["curl_close($curl);", ""], &[], "no deprecated APIs: curl_close() is deprecated since PHP 8.5 and does nothing since 8.0"),
    (
        "ruby",
        &["http.verify_mode = OpenSSL::SSL::VERIFY_NONE"],
        &["http.verify_mode = OpenSSL::SSL::VERIFY_PEER"],
        "rule 3: certificate checks stay on",
    ),
    (
        "swift",
        &[],
        &["#if canImport(FoundationNetworking)", "import FoundationNetworking", "#endif"],
        "issue 13, item 3: on Linux URLSession lives in FoundationNetworking (the import is skipped on Apple platforms)",
    ),
    (
        "swift",
        &["  if (error != nil) {"],
        &["  if let error = error {"],
        "issue 13, item 6: warning-free samples; printing the Optional error warns",
    ),
    (
        "swift",
        &["  } else {", "    let httpResponse = response as? HTTPURLResponse"],
        &["  } else if let httpResponse = response as? HTTPURLResponse {"],
        "issue 13, item 6: printing the Optional response warns",
    ),
    (
        "swift",
        &["let postData = JSONSerialization.data(withJSONObject: parameters, options: [])"],
        &["let postData = try JSONSerialization.data(withJSONObject: parameters, options: [])"],
        "rule 4: JSONSerialization.data throws",
    ),
];

type Hunk = (Vec<String>, Vec<String>);

fn hunks(published: &str, ours: &str) -> Vec<Hunk> {
    let diff = TextDiff::from_lines(published, ours);
    let mut out: Vec<Hunk> = Vec::new();
    let mut open = false;
    for op in diff.ops() {
        if op.tag() == DiffTag::Equal {
            open = false;
            continue;
        }
        if !open {
            out.push((Vec::new(), Vec::new()));
            open = true;
        }
        let hunk = out.last_mut().unwrap();
        for change in diff.iter_changes(op) {
            let line = change.value().trim_end_matches('\n').to_string();
            match change.tag() {
                similar::ChangeTag::Delete => hunk.0.push(line),
                similar::ChangeTag::Insert => hunk.1.push(line),
                similar::ChangeTag::Equal => {}
            }
        }
    }
    out
}

#[test]
fn french_assign_members_matches_the_published_page_but_for_the_rules() {
    let page = std::fs::read_to_string(repo().join("tests/published/fr-assign-members.txt")).unwrap();
    let published = published_samples(&page);
    assert_eq!(published.len(), 10, "the published page has ten samples");

    // The published page spells the host placeholder your_auth0_domain.
    let project = example_project(None);
    let config = project.path().join("apiglot.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace("\"{yourDomain}\"", "\"your_auth0_domain\"");
    std::fs::write(&config, text).unwrap();
    let rendered = samples(project.path());
    let (_, ours) = rendered.iter().find(|(id, _)| id == "create-organization-members").unwrap();

    let mut used = vec![false; ALLOWED.len()];
    for (published, sample) in published.iter().zip(ours) {
        for (old, new) in hunks(&format!("{published}\n"), &format!("{}\n", sample.code)) {
            // A hunk is one or more allowed changes next to each other.
            let (mut old, mut new) = (old.as_slice(), new.as_slice());
            while !old.is_empty() || !new.is_empty() {
                let allowed = ALLOWED.iter().position(|(target, o, n, _)| {
                    *target == sample.target
                        && (!o.is_empty() || !n.is_empty())
                        && old.len() >= o.len()
                        && new.len() >= n.len()
                        && o.iter().eq(old[..o.len()].iter())
                        && n.iter().eq(new[..n.len()].iter())
                });
                let Some(i) = allowed else {
                    panic!(
                        "{}: a change no rule calls for:\n- {}\n+ {}",
                        sample.target,
                        old.join("\n- "),
                        new.join("\n+ ")
                    );
                };
                used[i] = true;
                old = &old[ALLOWED[i].1.len()..];
                new = &new[ALLOWED[i].2.len()..];
            }
        }
    }
    for (i, (target, _, _, rule)) in ALLOWED.iter().enumerate() {
        assert!(used[i], "{target}: the allowed change for `{rule}` did not happen");
    }
}
