//! The sample targets: which client library each renders, its fence info string, its template.

/// A language and client library that every request is rendered into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SampleTarget {
    /// Identifier used in `apiglot.toml` and in template names (`samples/<id>.tera`).
    pub id: &'static str,
    /// The fenced code block's info string, e.g. `bash` for curl.
    pub info: &'static str,
    /// The name readers know the target by.
    pub label: &'static str,
    /// The client the sample uses.
    pub client: &'static str,
    /// The extension of a file holding one sample, e.g. `py`.
    pub extension: &'static str,
}

impl SampleTarget {
    /// The ten built-in targets in the default page order.
    pub const BUILTIN: [SampleTarget; 10] = [
        SampleTarget { id: "curl", info: "bash", label: "cURL", client: "curl", extension: "sh" },
        SampleTarget { id: "csharp", info: "csharp", label: "C#", client: "RestSharp", extension: "cs" },
        SampleTarget { id: "go", info: "go", label: "Go", client: "net/http", extension: "go" },
        SampleTarget { id: "java", info: "java", label: "Java", client: "Unirest", extension: "java" },
        SampleTarget { id: "node", info: "javascript", label: "Node.js", client: "axios", extension: "js" },
        SampleTarget { id: "objc", info: "objectivec", label: "Obj-C", client: "NSURLSession", extension: "m" },
        SampleTarget { id: "php", info: "php", label: "PHP", client: "ext-curl", extension: "php" },
        SampleTarget { id: "python", info: "python", label: "Python", client: "http.client", extension: "py" },
        SampleTarget { id: "ruby", info: "ruby", label: "Ruby", client: "Net::HTTP", extension: "rb" },
        SampleTarget { id: "swift", info: "swift", label: "Swift", client: "URLSession", extension: "swift" },
    ];

    pub fn by_id(id: &str) -> Option<SampleTarget> {
        Self::BUILTIN.iter().copied().find(|t| t.id == id)
    }

    pub fn ids() -> Vec<&'static str> {
        Self::BUILTIN.iter().map(|t| t.id).collect()
    }

    /// The name of this target's Tera template.
    pub fn template_name(&self) -> String {
        format!("samples/{}.tera", self.id)
    }
}
