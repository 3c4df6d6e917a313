//! `apiglot init`: a new project that builds at once (apiglot.toml, one endpoint, and every
//! message it needs in English and French), written whole or not at all.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The files of a new project, by path inside it (`src/init/` holds them).
pub const FILES: &[(&str, &str)] = &[
    ("apiglot.toml", include_str!("init/apiglot.toml")),
    ("endpoints/get-widget.yaml", include_str!("init/endpoints/get-widget.yaml")),
    ("locales/en/common.ftl", include_str!("init/locales/en/common.ftl")),
    ("locales/en/get-widget.ftl", include_str!("init/locales/en/get-widget.ftl")),
    ("locales/fr/common.ftl", include_str!("init/locales/fr/common.ftl")),
    ("locales/fr/get-widget.ftl", include_str!("init/locales/fr/get-widget.ftl")),
];

/// Writes a new project into `dir` (made if missing). A folder that already holds a project
/// (`apiglot.toml`, `endpoints/` or `locales/`) is refused, and nothing in it is touched.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if let Some(taken) = ["apiglot.toml", "endpoints", "locales"].iter().map(|p| dir.join(p)).find(|p| p.exists()) {
        return Err(Error::project(
            &taken,
            format!("{} already holds a project", dir.display()),
            "run `apiglot init` in a new or empty folder, e.g. `apiglot init docs`",
        ));
    }
    let writes: Vec<(PathBuf, &[u8])> = FILES.iter().map(|(path, text)| (dir.join(path), text.as_bytes())).collect();
    crate::fsutil::write_all_or_nothing(&writes)
}
