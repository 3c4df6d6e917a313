//! The machinery every escape decoder shares: a cursor over a string literal's body that
//! collects the decoded bytes, so that byte escapes (`\x`, octal) and code points can mix and
//! are read as UTF-8 at the end. Each language keeps only its own table of escapes.

pub struct Unescape {
    chars: Vec<char>,
    at: usize,
    out: Vec<u8>,
}

impl Unescape {
    pub fn new(body: &str) -> Unescape {
        Unescape { chars: body.chars().collect(), at: 0, out: Vec::with_capacity(body.len()) }
    }

    pub fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    /// Reads `min` to `max` digits of `radix`, as (value, count); reads nothing and gives
    /// `None` when fewer than `min` follow. The value wraps past `u32`.
    pub fn digits(&mut self, min: usize, max: usize, radix: u32) -> Option<(u32, usize)> {
        let count = self.chars[self.at..].iter().take(max).take_while(|c| c.is_digit(radix)).count();
        if count < min {
            return None;
        }
        let value = self.chars[self.at..self.at + count]
            .iter()
            .fold(0u32, |n, c| n.wrapping_mul(radix).wrapping_add(c.to_digit(radix).unwrap_or(0)));
        self.at += count;
        Some((value, count))
    }

    /// Exactly `len` hex digits naming a character; reads nothing when they do not.
    pub fn code_point_digits(&mut self, len: usize) -> Option<char> {
        let start = self.at;
        let c = self.digits(len, len, 16).and_then(|(n, _)| char::from_u32(n));
        if c.is_none() {
            self.at = start;
        }
        c
    }

    /// An octal escape whose first digit `first` was already read, with `min` to `max` more.
    pub fn octal(&mut self, first: char, min: usize, max: usize) -> Option<u32> {
        let first = first.to_digit(8)?;
        self.digits(min, max, 8)
            .map(|(rest, count)| first * 8u32.pow(count as u32) + rest)
            .or((min == 0).then_some(first))
    }

    /// The text between `{` and `}` when the cursor is on a `{` that is closed; else nothing
    /// is read.
    pub fn braced(&mut self) -> Option<String> {
        if self.peek() != Some('{') {
            return None;
        }
        let close = self.chars[self.at..].iter().position(|c| *c == '}')?;
        let inner = self.chars[self.at + 1..self.at + close].iter().collect();
        self.at += close + 1;
        Some(inner)
    }

    pub fn char(&mut self, c: char) {
        self.out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }

    pub fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    /// A code point; one that is not a character (a surrogate, past U+10FFFF) becomes U+FFFD.
    pub fn code_point(&mut self, n: u32) {
        self.char(char::from_u32(n).unwrap_or('\u{FFFD}'));
    }

    /// The decoded text; bytes that are not UTF-8 become U+FFFD.
    pub fn finish(self) -> String {
        String::from_utf8_lossy(&self.out).into_owned()
    }
}

/// The characters of the body not yet read.
impl Iterator for Unescape {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = self.chars.get(self.at).copied();
        self.at += usize::from(c.is_some());
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_read_only_what_is_there() {
        let mut u = Unescape::new("1fz");
        assert_eq!(u.digits(3, 3, 16), None);
        assert_eq!(u.digits(1, 4, 16), Some((0x1f, 2)));
        assert_eq!(u.next(), Some('z'));
        assert_eq!(u.next(), None);
    }

    #[test]
    fn octal_counts_its_first_digit() {
        let mut u = Unescape::new("779");
        assert_eq!(u.octal('3', 0, 2), Some(0o377));
        let mut short = Unescape::new("9");
        assert_eq!(short.octal('3', 0, 2), Some(3));
        assert_eq!(short.octal('3', 2, 2), None);
    }

    #[test]
    fn bytes_and_characters_mix_into_utf8() {
        let mut u = Unescape::new("{1F600}");
        let code = u.braced().unwrap();
        u.code_point(u32::from_str_radix(&code, 16).unwrap());
        for b in [0xC3, 0xA9] {
            u.byte(b);
        }
        u.code_point(0xD800);
        assert_eq!(u.finish(), "😀é\u{FFFD}");
        assert_eq!(Unescape::new("{open").braced(), None);
    }
}
