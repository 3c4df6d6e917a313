//! Reads a Python requests sample back into its request (tree-sitter-python): the call, its
//! keywords and the variables they name are read by `parse::python::analyze_client`, shared
//! with the other client of that shape.

use crate::parse::Analysis;

pub fn analyze(code: &str) -> Analysis {
    crate::parse::python::analyze_client(code, "requests", &["Session"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survives_its_own_broken_input() {
        analyze("a = b\nb = a\nrequests.request(a, b, data=a, files=[a, (a, b)], auth=b, params=b)\n");
        analyze("s = requests.()\ns.post(1, {'a': [1, {2: 3}]}, files={'f': ('x',), 'g': open('p')})\n");
    }
}

#[cfg(test)]
mod shapes {
    use super::*;

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    /// The shapes published pages use: a verb function, `params=`, a payload without a
    /// content-type header (the client's default), a session, a files dict.
    #[test]
    fn reads_other_published_shapes() {
        let get = analyze(
            "import requests\nurl = 'https://h/x'\nquerystring = {'q': 'a b', 'n': '1&2'}\n\
             headers = {'authorization': 'Bearer T'}\nresponse = requests.request('GET', url, headers=headers, params=querystring)\n",
        );
        assert_eq!(get.request.url.as_deref(), Some("https://h/x?q=a+b&n=1%262"));
        assert_eq!(get.request.headers, vec![pair("authorization", "Bearer T")]);
        let post =
            analyze("import requests\nr = requests.post('https://h/x?a=1', json={'k': [1, None, True]}, timeout=5)\n");
        assert_eq!(post.request.method.as_deref(), Some("POST"));
        assert_eq!(post.request.body.as_deref(), Some(r#"{"k":[1,null,true]}"#));
        assert_eq!(post.request.implicit_headers, vec![pair("content-type", "application/json")]);
        let form = analyze(
            "import requests\nwith requests.Session() as s:\n    s.put('https://h/t', {'a': '1', 'b': 'x y'}, auth=requests.auth.HTTPBasicAuth('u', 'p'))\n",
        );
        assert_eq!(form.request.form, Some(vec![pair("a", "1"), pair("b", "x y")]));
        assert_eq!(form.request.basic, Some(pair("u", "p")));
        assert_eq!(form.request.implicit_headers, vec![pair("content-type", crate::parse::FORM)]);
        let upload = analyze(
            "import requests\nrequests.post('https://h/u', data={'note': 'n'}, files={'f': open('a/b.png', 'rb')})\n",
        );
        let parts = upload.request.parts.expect("parts");
        assert_eq!(
            parts[0],
            crate::parse::ParsedPart { name: "note".into(), value: Some("n".into()), ..Default::default() }
        );
        assert_eq!((parts[1].file.as_deref(), parts[1].filename.as_deref()), (Some("a/b.png"), Some("b.png")));
        let dumped = analyze(
            "import json, requests\npayload = {'a': 'é'}\nrequests.post('https://h/j', data=json.dumps(payload), cookies={'s': '1', 't': '2'})\n",
        );
        assert_eq!(dumped.request.body.as_deref(), Some(r#"{"a":"é"}"#));
        assert_eq!(dumped.request.headers, vec![pair("cookie", "s=1; t=2")]);
        let insecure = analyze("import requests\nrequests.get('https://h/x', verify=False)\n");
        assert_eq!(crate::parse::testing::kinds(&insecure), vec![crate::parse::IssueKind::Security]);
        // `headers.get(...)` and `response.json()` are no requests.
        let other = analyze("h = {}\nh.get('x')\nimport requests\nrequests.delete('https://h/d')\n");
        assert_eq!(
            (other.request.method.as_deref(), other.request.url.as_deref()),
            (Some("DELETE"), Some("https://h/d"))
        );
    }
}
