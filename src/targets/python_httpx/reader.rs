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
    use crate::parse::testing;

    #[test]
    fn hostile_strings_in_every_request_kind_read_back_exactly() {
        testing::reads_back_hostile_kinds("python-httpx", analyze);
        testing::hostile_kinds_read_back("python-httpx", analyze);
    }

    #[test]
    fn survives_broken_input() {
        testing::survives_broken_input("python-httpx", analyze);
        testing::survives_cut_kinds("python-httpx", analyze);
        analyze("a = b\nb = a\nhttpx.request(a, b, data=a, files=[a, (a, b)], auth=b, params=b)\n");
        analyze("s = httpx.()\ns.post(1, {'a': [1, {2: 3}]}, files={'f': ('x',), 'g': open('p')})\n");
    }
}
