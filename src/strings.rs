//! Every string of a serializable value, map keys included, in the order serde writes them:
//! what its JSON text would hold, without making that text or a `serde_json::Value` first.
//! Finding the placeholders an endpoint uses walks every field this way, so no field is ever
//! forgotten, and it costs no allocation.

use std::fmt;

use serde::ser::{self, Serialize};

/// Calls `each` with every string of `value`: string values, map keys and enum variant names,
/// in order. Numbers, booleans and struct field names are not strings of the value.
pub fn each_string(value: &(impl Serialize + ?Sized), each: &mut dyn FnMut(&str)) {
    // `Strings` never fails: every method returns Ok.
    let _ = value.serialize(Strings(each));
}

struct Strings<'a>(&'a mut dyn FnMut(&str));

impl Strings<'_> {
    fn nested(&mut self, value: &(impl Serialize + ?Sized)) -> Result<(), fmt::Error> {
        value.serialize(Strings(&mut *self.0))
    }
}

type Done = Result<(), fmt::Error>;

/// Serializer methods for values that hold no string: they are passed over.
macro_rules! skip {
    ($($method:ident: $type:ty),* $(,)?) => {$(
        fn $method(self, _: $type) -> Done {
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for Strings<'a> {
    type Ok = ();
    type Error = fmt::Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_str(self, v: &str) -> Done {
        (self.0)(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        (self.0)(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.serialize_str(variant)
    }
    skip!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64,
    );
    fn serialize_bytes(self, _: &[u8]) -> Done {
        Ok(())
    }
    fn serialize_none(self) -> Done {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(mut self, value: &T) -> Done {
        self.nested(value)
    }
    fn serialize_unit(self) -> Done {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(mut self, _: &'static str, value: &T) -> Done {
        self.nested(value)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        (self.0)(variant);
        self.nested(value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, fmt::Error> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, fmt::Error> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, fmt::Error> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, fmt::Error> {
        (self.0)(variant);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, fmt::Error> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, fmt::Error> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, fmt::Error> {
        (self.0)(variant);
        Ok(self)
    }
}

/// The compound serializers: each element, field or value is walked in turn; a map's key too.
macro_rules! walk_each {
    ($($trait:ident :: $method:ident ($($name:ty)?)),* $(,)?) => {$(
        impl ser::$trait for Strings<'_> {
            type Ok = ();
            type Error = fmt::Error;
            fn $method<T: Serialize + ?Sized>(&mut self, $(_: $name,)? value: &T) -> Done {
                self.nested(value)
            }
            fn end(self) -> Done {
                Ok(())
            }
        }
    )*};
}

walk_each!(
    SerializeSeq::serialize_element(),
    SerializeTuple::serialize_element(),
    SerializeTupleStruct::serialize_field(),
    SerializeTupleVariant::serialize_field(),
    SerializeStruct::serialize_field(&'static str),
    SerializeStructVariant::serialize_field(&'static str),
);

impl ser::SerializeMap for Strings<'_> {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        self.nested(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.nested(value)
    }
    fn end(self) -> Done {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(value: &(impl Serialize + ?Sized)) -> Vec<String> {
        let mut out = Vec::new();
        each_string(value, &mut |s| out.push(s.to_string()));
        out
    }

    /// What a JSON text of the value holds as strings, keys included, read back from that
    /// text: the walk must see exactly those, in the same order.
    fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    out.push(k.clone());
                    json_strings(v, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_string_and_key_in_order() {
        let value = serde_json::json!({"a{B}": ["x", 1, true, null, {"k": "v"}], "n": 2.5, "s": "{C}"});
        assert_eq!(strings(&value), ["a{B}", "x", "k", "v", "n", "s", "{C}"]);
    }

    proptest::proptest! {
        #[test]
        fn the_strings_of_any_json_value(text in "\\PC{0,40}", key in "\\PC{0,12}", n in proptest::num::i64::ANY) {
            let value = serde_json::json!([{key.clone(): [text.clone(), n]}, text, {"nested": {key: null}}]);
            let mut expected = Vec::new();
            json_strings(&value, &mut expected);
            proptest::prop_assert_eq!(strings(&value), expected);
        }
    }
}
