//! Reads a Python httpx sample back into its request (tree-sitter-python): the call, its
//! keywords and the variables they name are read by `parse::python::analyze_client`, shared
//! with the other client of that shape.

use crate::parse::Analysis;

pub fn analyze(code: &str) -> Analysis {
    crate::parse::python::analyze_client(code, "httpx", &["Client"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survives_its_own_broken_input() {
        analyze("a = b\nb = a\nhttpx.request(a, b, data=a, files=[a, (a, b)], auth=b, params=b)\n");
        analyze("s = httpx.()\ns.post(1, {'a': [1, {2: 3}]}, files={'f': ('x',), 'g': open('p')})\n");
    }
}

#[cfg(test)]
mod shapes {
    use super::*;

    /// A client in a `with` block, `content=` bytes of a file, an insecure client.
    #[test]
    fn reads_a_client_and_its_content() {
        let code = "import httpx\nwith httpx.Client(verify=False) as client:\n    \
                    r = client.put('https://h/b', content=open('x.bin', 'rb').read(), headers={'content-type': 'a/b'})\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("PUT"));
        assert_eq!(a.request.file.as_deref(), Some("x.bin"));
        assert_eq!(crate::parse::testing::kinds(&a), vec![crate::parse::IssueKind::Security]);
        let text = analyze("import httpx\nhttpx.post('https://h/t', content='é'.encode())\n");
        assert_eq!(text.request.body.as_deref(), Some("é"));
    }
}
