//! The packed form of a grammar's large parse table, written by build.rs and read at run time.
//!
//! A tree-sitter parse table is a dense `u16` matrix, mostly zeros and full of repeats (C#'s
//! is 4.2 MB). Packed, it is first runs of zeros and runs of values, again and again
//! (`varint(zeros) varint(count) count × u16 little-endian`), then that, LZ4-compressed. The
//! 19.3 MB of the 17 grammars' tables become 6.9 MB of runs and 1.1 MB packed. LZ4 rather
//! than deflate: deflate packs to 0.7 MB but inflating is several times slower, and every
//! `check` unpacks the tables of the languages it reads. This file is compiled into both
//! build.rs (`#[path]`) and the crate, so the writer and the reader cannot disagree.

/// Packs `cells`: runs, LZ4-compressed, with the length of the runs in front.
#[allow(dead_code)] // build.rs packs; the crate only unpacks (and packs in its tests).
pub fn pack(cells: &[u16]) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(&runs(cells))
}

/// Unpacks into `cells`, which must be zeroed and as long as the table that was packed (zero
/// runs are skipped, so that pages of the table that hold only zeros are never touched).
/// `None` when the bytes do not decompress or do not describe exactly `cells.len()` cells.
#[allow(dead_code)] // the crate unpacks; build.rs checks its packing with it.
pub fn unpack(packed: &[u8], cells: &mut [u16]) -> Option<()> {
    let (size, compressed) = lz4_flex::block::uncompressed_size(packed).ok()?;
    // Runs are never longer than six bytes a cell (a varint pair per cell at worst).
    if size > cells.len().checked_mul(6)?.checked_add(16)? {
        return None;
    }
    let mut runs = vec![0u8; size];
    if lz4_flex::block::decompress_into(compressed, &mut runs).ok()? != size {
        return None;
    }
    unpack_runs(&runs, cells)
}

/// `cells` as runs of zeros and runs of values.
fn runs(cells: &[u16]) -> Vec<u8> {
    let mut packed = Vec::new();
    let mut at = 0;
    while at < cells.len() {
        let zeros = cells[at..].iter().take_while(|&&c| c == 0).count();
        at += zeros;
        let count = cells[at..].iter().take_while(|&&c| c != 0).count();
        write_varint(&mut packed, zeros);
        write_varint(&mut packed, count);
        for cell in &cells[at..at + count] {
            packed.extend_from_slice(&cell.to_le_bytes());
        }
        at += count;
    }
    packed
}

/// Fills zeroed `cells` from runs.
fn unpack_runs(mut packed: &[u8], cells: &mut [u16]) -> Option<()> {
    let mut at: usize = 0;
    while !packed.is_empty() {
        let zeros = read_varint(&mut packed)?;
        let count = read_varint(&mut packed)?;
        let zero_end = at.checked_add(zeros).filter(|&end| end <= cells.len())?;
        let end = zero_end.checked_add(count).filter(|&end| end <= cells.len())?;
        let bytes = packed.get(..count.checked_mul(2)?)?;
        for (cell, pair) in cells[zero_end..end].iter_mut().zip(bytes.chunks_exact(2)) {
            *cell = u16::from_le_bytes([pair[0], pair[1]]);
        }
        packed = &packed[bytes.len()..];
        at = end;
    }
    Some(())
}

/// FNV-1a over the cells, to prove in tests that what is unpacked is what was packed.
#[allow(dead_code)]
pub fn checksum(cells: &[u16]) -> u64 {
    cells
        .iter()
        .flat_map(|c| c.to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325, |hash: u64, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn write_varint(out: &mut Vec<u8>, mut value: usize) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<usize> {
    let mut value = 0usize;
    for shift in (0..usize::BITS).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= usize::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn unpacking_gives_back_what_was_packed(cells in proptest::collection::vec(prop_oneof![Just(0u16), any::<u16>()], 0..600)) {
            let packed = pack(&cells);
            let mut unpacked = vec![0u16; cells.len()];
            prop_assert_eq!(unpack(&packed, &mut unpacked), Some(()));
            prop_assert_eq!(&unpacked, &cells);
            prop_assert_eq!(checksum(&unpacked), checksum(&cells));
        }

        #[test]
        fn bytes_that_do_not_fit_are_refused_not_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64), len in 0usize..40) {
            let mut cells = vec![0u16; len];
            let _ = unpack(&bytes, &mut cells);
            let _ = unpack_runs(&bytes, &mut cells);
        }
    }

    #[test]
    fn a_table_too_short_for_the_runs_is_refused() {
        let packed = runs(&[0, 0, 5, 6, 0]);
        assert_eq!(unpack_runs(&packed, &mut [0; 3]), None);
        let mut longer = [0u16; 7];
        assert_eq!(unpack_runs(&packed, &mut longer), Some(()));
        assert_eq!(longer, [0, 0, 5, 6, 0, 0, 0]);
    }

    #[test]
    fn mostly_zero_tables_pack_small() {
        let mut cells = vec![0u16; 10_000];
        for i in (0..10_000).step_by(10) {
            cells[i] = (i % 7) as u16 + 1;
        }
        assert!(runs(&cells).len() <= 4_002, "{}", runs(&cells).len());
        assert!(pack(&cells).len() < 500, "{}", pack(&cells).len());
    }
}
