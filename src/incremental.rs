//! What an incremental build compares: a key per page that changes whenever anything the
//! page is rendered from changes, and the record of the keys a build left in its stamp.
//!
//! A page's key hashes what its files are a function of: the site's key (the apiglot binary,
//! the options, apiglot.toml, every template, every locale's name and words of the controls)
//! and the page's own inputs as the model made them (its text, its guide's endpoints'
//! resolved requests). The key is taken of the model, not of the files read: whatever a
//! message references or falls back to shows in the page's text, so a page whose key is the
//! same renders to the same bytes. A build renders again only the pages whose key changed
//! and keeps the files of the others.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A 128-bit hash of bytes fed to it, two SipHash lanes told apart by a first byte.
#[derive(Clone)]
pub struct Digest {
    lanes: [std::collections::hash_map::DefaultHasher; 2],
}

impl Default for Digest {
    fn default() -> Digest {
        let mut lanes = [std::collections::hash_map::DefaultHasher::new(), Default::default()];
        0u8.hash(&mut lanes[0]);
        1u8.hash(&mut lanes[1]);
        Digest { lanes }
    }
}

impl Digest {
    pub fn bytes(&mut self, bytes: &[u8]) {
        for lane in &mut self.lanes {
            // The length first: `ab`,`c` and `a`,`bc` differ.
            lane.write_usize(bytes.len());
            lane.write(bytes);
        }
    }

    pub fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    /// A value by its JSON form (written straight into the hash, never held).
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) {
        serde_json::to_writer(JsonFeed(self), value).expect("values of the model serialize");
        self.bytes(b"\0");
    }

    pub fn finish(&self) -> Key {
        Key(self.lanes[0].finish(), self.lanes[1].finish())
    }
}

/// Feeds JSON text into a digest as serde_json writes it.
struct JsonFeed<'a>(&'a mut Digest);

impl std::io::Write for JsonFeed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for lane in &mut self.0.lanes {
            lane.write(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A digest's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Key(pub u64, pub u64);

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}{:016x}", self.0, self.1)
    }
}

/// What a build rendered for one page (a guide in a locale): its key, the files it wrote
/// (relative to the output folder, every format) and how many samples its guide shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRecord {
    pub key: String,
    pub files: Vec<PathBuf>,
    pub samples: usize,
}

/// Each page's record, by `<locale>/<guide>`.
pub type Records = BTreeMap<String, PageRecord>;

/// The name of the page of `guide` in `locale` in [`Records`].
pub fn page_name(locale: &str, guide: &str) -> String {
    format!("{locale}/{guide}")
}
