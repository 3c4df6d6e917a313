//! Reads a go-resty sample back into its request (tree-sitter-go): the setter chain from
//! `client.R()` to its verb (`Post(url)`, `Execute(method, url)`). Strings, variables and
//! body readers are evaluated by the net/http reader's `Eval`, so both read Go alike.
//!
//! Not read: a request kept in a variable and set up statement by statement, client-wide
//! settings (`client.SetHeader`), `SetFormData` (a map, so its order is not the wire's).

use tree_sitter::Node;

use crate::parse::{descendants, parse, syntax_issues, text, Analysis, ParsedPart, ParsedRequest};
use crate::targets::go::reader::{arguments, element, issue, named, Body, Eval};

/// resty's request verbs; `Execute` names the method as its first argument.
const VERBS: [&str; 7] = ["Get", "Head", "Post", "Put", "Delete", "Options", "Patch"];

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::go(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval::new(code);
    let mut request = ParsedRequest::default();
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "short_var_declaration" | "assignment_statement" | "var_spec" | "const_spec" => eval.assign(node),
            "call_expression" if request.method.is_none() => {
                if let Some(steps) = chain(node, code) {
                    read(&steps, &eval, &mut request);
                }
            }
            _ => issues.extend(issue(node, &eval)),
        }
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// The calls `(method, arguments)` from `R()` to the verb `call`, in order, when `call` ends a
/// chain that starts with `R()`.
fn chain<'t>(call: Node<'t>, code: &str) -> Option<Vec<(String, Vec<Node<'t>>)>> {
    let mut steps: Vec<(String, Vec<Node>)> = Vec::new();
    let mut node = call;
    loop {
        let function = node
            .child_by_field_name("function")
            .filter(|f| node.kind() == "call_expression" && f.kind() == "selector_expression")?;
        let name = text(function.child_by_field_name("field")?, code);
        if name == "R" {
            steps.reverse();
            let verb = steps.last().map(|(v, _)| v.as_str())?;
            return (VERBS.contains(&verb) || verb == "Execute").then_some(steps);
        }
        steps.push((name.to_string(), arguments(node)));
        node = function.child_by_field_name("operand")?;
    }
}

/// Applies each setter of the chain to `request`, as resty does.
fn read(steps: &[(String, Vec<Node>)], eval: &Eval, request: &mut ParsedRequest) {
    for (method, args) in steps {
        let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
        match method.as_str() {
            "SetHeader" => {
                if let (Some(name), Some(value)) = (arg(0), arg(1)) {
                    // `Header.Set`: the name's earlier values go.
                    request.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
                    request.headers.push((name, value));
                }
            }
            "SetBasicAuth" => {
                if let (Some(user), Some(password)) = (arg(0), arg(1)) {
                    request.basic = Some((user, password));
                }
            }
            "SetBody" => match args.first().and_then(|b| eval.body(*b, 0)) {
                Some(Body::Text(text)) => request.body = Some(text),
                Some(Body::File(path)) => request.file = Some(path),
                _ => {}
            },
            "SetMultipartField" => {
                let mut part = ParsedPart { name: arg(0).unwrap_or_default(), ..Default::default() };
                part.filename = arg(1).filter(|f| !f.is_empty());
                part.content_type = arg(2).filter(|c| !c.is_empty());
                content(&mut part, args.get(3).copied(), eval);
                request.parts.get_or_insert_with(Vec::new).push(part);
            }
            "SetMultipartFields" => {
                let parts = request.parts.get_or_insert_with(Vec::new);
                parts.extend(args.iter().filter_map(|f| field(*f, eval)));
            }
            verb if VERBS.contains(&verb) => {
                request.method = Some(verb.to_uppercase());
                request.url = arg(0);
            }
            "Execute" => {
                request.method = args.first().and_then(|m| eval.method(*m));
                request.url = arg(1);
            }
            _ => {}
        }
    }
}

/// A `&resty.MultipartField{Param: ..., FileName: ..., ContentType: ..., Reader: ...}`.
fn field(node: Node, eval: &Eval) -> Option<ParsedPart> {
    let node = if node.kind() == "unary_expression" { node.child_by_field_name("operand")? } else { node };
    let body = node.child_by_field_name("body").filter(|_| node.kind() == "composite_literal")?;
    let mut part = ParsedPart::default();
    let mut reader = None;
    for pair in named(body).into_iter().filter(|e| e.kind() == "keyed_element") {
        let pieces = named(pair);
        let (Some(key), Some(value)) = (pieces.first(), pieces.get(1)) else { continue };
        let value = element(*value);
        let string = || eval.string(value, 0).filter(|s| !s.is_empty());
        match text(element(*key), eval.code).trim() {
            "Param" => part.name = eval.string(value, 0).unwrap_or_default(),
            "FileName" => part.filename = string(),
            "ContentType" => part.content_type = string(),
            "Reader" => reader = Some(value),
            _ => {}
        }
    }
    content(&mut part, reader, eval);
    Some(part)
}

/// What a part's reader sends: a file (`os.Open(path)`) or text.
fn content(part: &mut ParsedPart, reader: Option<Node>, eval: &Eval) {
    match reader.and_then(|r| eval.body(r, 0)) {
        Some(Body::File(path)) => part.file = Some(path),
        Some(Body::Text(text)) => part.value = Some(text),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing;

    #[test]
    fn reads_other_chains() {
        let code = "package main\n\nfunc main() {\n\tf, _ := os.Open(\"/tmp/a.png\")\n\tresp, err := resty.New().R().\n\
            \t\tSetHeader(\"X-A\", \"1\").SetHeader(\"x-a\", `2`).\n\t\tSetMultipartField(\"doc\", \"a.png\", \"image/png\", f).\n\
            \t\tSetMultipartField(\"t\", \"\", \"\", strings.NewReader(\"v\")).\n\t\tExecute(http.MethodPatch, \"https://h/x\")\n\
            \ttr := &tls.Config{InsecureSkipVerify: true}\n}\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h/x"));
        assert_eq!(a.request.headers, vec![("x-a".to_string(), "2".to_string())]);
        let text = ParsedPart { name: "t".into(), value: Some("v".into()), ..Default::default() };
        assert_eq!(a.request.parts, Some(vec![testing::file_part("doc", "/tmp/a.png", "a.png", "image/png"), text]));
        assert_eq!(testing::kinds(&a), vec![crate::parse::IssueKind::Security]);
        // A verb not on a request chain is no request.
        assert_eq!(analyze("package main\n\nfunc main() {\n\th.Get(\"x\")\n}\n").request.method, None);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("func f() {\na := b\nb := a\nc.R().SetBody(a).SetMultipartFields(&resty.MultipartField{Reader: b}, a).Execute(a, b)\n}");
        analyze("x.R().Post()");
    }
}
