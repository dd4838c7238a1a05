//! What reading one PDF may cost: the bytes its streams unpack to, and the drawing
//! operations and time its pages take. A document over any of them is refused with
//! [`ExtractError::OverLimit`] naming the limit and where it was met, and the reader
//! stops there, so that one hostile file costs its own reading and no more.
//!
//! lopdf unpacks a stream whole, however large it comes out: a 6 MB file can hold a
//! stream of 4 GB of spaces, and the process dies allocating it. [`unpack_streams`]
//! therefore unpacks every stream before the reader sees it, through decoders that stop
//! one byte past the limit, and leaves the unpacked bytes in place of the packed ones.
//!
//! The drawing is bounded by counting: pdf-extract calls the content reader for every
//! stream it draws (a page, and each form each time it is drawn), and that reader here
//! ([`decode`]) counts operations against the document's allowance and looks at the
//! clock. pdf-extract takes the reader as a plain function, so the allowance lives in
//! a thread-local for the length of one document's reading ([`Budget::run`]).

use std::cell::Cell;
use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, Stream};

use super::content;
use crate::{ExtractError, Limits};

/// Unpacks every compressed stream the reader could read (not images, which are
/// blanked before), each to at most `limits.max_stream_bytes` and all together to at
/// most `limits.max_unpacked_bytes`.
pub(super) fn unpack_streams(doc: &mut Document, limits: &Limits) -> Result<(), ExtractError> {
    let mut total: u64 = 0;
    for (&(number, generation), object) in doc.objects.iter_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let Ok(filters) = stream.filters() else {
            continue;
        };
        let filters: Vec<Vec<u8>> = filters.into_iter().map(<[u8]>::to_vec).collect();
        let left = limits
            .max_stream_bytes
            .min(limits.max_unpacked_bytes.saturating_sub(total));
        let over = |stop: Stop, limit: u64| ExtractError::OverLimit {
            format: "pdf",
            what: if stop == Stop::NoMemory {
                format!("stream {number} {generation} R: no memory left to unpack it")
            } else if limit == limits.max_stream_bytes {
                format!("stream {number} {generation} R unpacks to more than {limit} bytes")
            } else {
                format!(
                    "the streams unpack to more than {} bytes in all (at stream {number} \
                     {generation} R)",
                    limits.max_unpacked_bytes
                )
            },
            limit,
        };
        let Some(unpacked) = unpack(stream, &filters, left).map_err(|stop| over(stop, left))?
        else {
            continue;
        };
        total = total.saturating_add(unpacked.len() as u64);
        if predicted(&stream.dict) {
            // The row predictor is lopdf's to undo; the size is known to be safe now.
            continue;
        }
        stream.set_content(unpacked);
        stream.dict.remove(b"Filter");
        stream.dict.remove(b"DecodeParms");
    }
    Ok(())
}

/// Why unpacking stopped: the bytes went over the allowance, or memory ran out
/// before they did (a reader process under a memory limit).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    Over,
    NoMemory,
}

/// The stream's data through its filters, within `left` bytes; `None` where a filter
/// is one lopdf does not unpack either (the stream is then left as it is).
fn unpack(stream: &Stream, filters: &[Vec<u8>], left: u64) -> Result<Option<Vec<u8>>, Stop> {
    let mut data = stream.content.clone();
    for filter in filters {
        data = match filter.as_slice() {
            b"FlateDecode" | b"Fl" => inflate(&data, left)?,
            b"LZWDecode" | b"LZW" => lzw(&data, &stream.dict, left)?,
            b"ASCII85Decode" | b"A85" => {
                // At most four bytes out for each in (`z`), so bounded by its input.
                let one = Stream::new(
                    Dictionary::from_iter([("Filter", Object::Name(b"ASCII85Decode".to_vec()))]),
                    data,
                );
                one.decompressed_content().unwrap_or_default()
            }
            _ => return Ok(None),
        };
        if data.len() as u64 > left {
            return Err(Stop::Over);
        }
    }
    Ok(Some(data))
}

/// Whether the stream's parameters ask for a row predictor (PNG or TIFF).
fn predicted(dict: &Dictionary) -> bool {
    dict.get(b"DecodeParms")
        .ok()
        .and_then(|p| p.as_dict().ok())
        .and_then(|p| p.get(b"Predictor").ok())
        .and_then(|p| p.as_i64().ok())
        .is_some_and(|p| p > 1)
}

/// zlib data, unpacked to at most `left` bytes; as lopdf does, damaged data gives what
/// came out before the damage, and data with a broken zlib header is read as raw
/// deflate.
fn inflate(data: &[u8], left: u64) -> Result<Vec<u8>, Stop> {
    use flate2::read::{DeflateDecoder, ZlibDecoder};
    let mut out = Vec::new();
    let mut read = ZlibDecoder::new(data)
        .take(left.saturating_add(1))
        .read_to_end(&mut out);
    if read.is_err() && out.is_empty() {
        let raw = data.get(2..).unwrap_or_default();
        read = DeflateDecoder::new(raw)
            .take(left.saturating_add(1))
            .read_to_end(&mut out);
    }
    // `read_to_end` reports a refused allocation as an error, keeping what it had:
    // that is not the stream's data.
    if read.is_err_and(|e| e.kind() == io::ErrorKind::OutOfMemory) {
        return Err(Stop::NoMemory);
    }
    if out.len() as u64 > left {
        return Err(Stop::Over);
    }
    Ok(out)
}

/// LZW data as PDF writes it (most significant bit first, early change unless the
/// parameters say otherwise), unpacked to at most `left` bytes.
fn lzw(data: &[u8], dict: &Dictionary, left: u64) -> Result<Vec<u8>, Stop> {
    use weezl::{BitOrder, decode::Decoder};
    let early_change = dict
        .get(b"DecodeParms")
        .ok()
        .and_then(|p| p.as_dict().ok())
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|p| p.as_i64().ok())
        .is_none_or(|v| v != 0);
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Capped {
        bytes: Vec::new(),
        left,
        over: false,
    };
    // A damaged stream gives what came out before the damage, as in lopdf.
    let _ = decoder.into_stream(&mut out).decode_all(data);
    if out.over {
        return Err(Stop::Over);
    }
    Ok(out.bytes)
}

/// A writer that refuses to hold more than `left` bytes.
struct Capped {
    bytes: Vec<u8>,
    left: u64,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if (self.bytes.len() + buf.len()) as u64 > self.left {
            self.over = true;
            return Err(io::Error::other("over the allowance"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Which allowance of the drawing ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Exceeded {
    Operations(u64),
    Time(Duration),
}

impl Exceeded {
    pub(super) fn error(self, page: u32) -> ExtractError {
        let at = match page {
            0 => String::new(),
            n => format!(" (at page {n})"),
        };
        match self {
            Exceeded::Operations(limit) => ExtractError::OverLimit {
                format: "pdf",
                what: format!("more than {limit} drawing operations to carry out{at}"),
                limit,
            },
            Exceeded::Time(limit) => ExtractError::OverLimit {
                format: "pdf",
                what: format!("more than {} s of drawing to read{at}", limit.as_secs_f64()),
                limit: limit.as_secs(),
            },
        }
    }
}

/// The allowance of one document's drawing.
#[derive(Clone, Copy)]
pub(super) struct Budget {
    operations_left: u64,
    max_operations: u64,
    started: Instant,
    max_time: Duration,
    exceeded: Option<Exceeded>,
}

thread_local! {
    static BUDGET: Cell<Option<Budget>> = const { Cell::new(None) };
}

impl Budget {
    /// Runs `read` with the document's allowance in force; the allowance that ran
    /// out, if one did, beside what `read` gave.
    pub(super) fn run<T>(limits: &Limits, read: impl FnOnce() -> T) -> (T, Option<Exceeded>) {
        /// Takes the allowance away again however `read` ends (a panic included).
        struct Reset;
        impl Drop for Reset {
            fn drop(&mut self) {
                BUDGET.with(|b| b.set(None));
            }
        }
        BUDGET.with(|b| {
            b.set(Some(Budget {
                operations_left: limits.max_operations,
                max_operations: limits.max_operations,
                started: Instant::now(),
                max_time: limits.max_time,
                exceeded: None,
            }));
        });
        let reset = Reset;
        let out = read();
        let exceeded = BUDGET.with(|b| b.get().and_then(|b| b.exceeded));
        drop(reset);
        (out, exceeded)
    }

    /// Spends `operations`; whether there was enough (and time left).
    fn spend(operations: u64) -> bool {
        BUDGET.with(|cell| {
            let Some(mut budget) = cell.get() else {
                return true;
            };
            if budget.exceeded.is_none() {
                if budget.operations_left < operations {
                    budget.exceeded = Some(Exceeded::Operations(budget.max_operations));
                } else if budget.started.elapsed() > budget.max_time {
                    budget.exceeded = Some(Exceeded::Time(budget.max_time));
                }
                budget.operations_left = budget.operations_left.saturating_sub(operations);
                cell.set(Some(budget));
            }
            budget.exceeded.is_none()
        })
    }
}

/// The content reader handed to pdf-extract: [`content::decode`], within the
/// document's allowance. A stream drawn once the allowance is gone comes out empty,
/// so that the reader runs out of work quickly; the caller then refuses the document.
pub(super) fn decode(bytes: &[u8]) -> Content {
    // A stream is charged before it is read, so that drawing an empty form 10^30 times
    // costs too.
    if !Budget::spend(1) {
        return Content {
            operations: Vec::new(),
        };
    }
    let content = content::decode(bytes);
    if !Budget::spend(content.operations.len() as u64) {
        return Content {
            operations: Vec::new(),
        };
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        use flate2::{Compression, write::ZlibEncoder};
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn inflate_stops_one_byte_past_the_allowance() {
        let packed = zlib(&[b' '; 10_000]);
        assert_eq!(inflate(&packed, 10_000).map(|v| v.len()).ok(), Some(10_000));
        assert!(inflate(&packed, 9_999).is_err());
    }

    #[test]
    fn the_allowance_of_operations_runs_out() {
        let limits = Limits {
            max_operations: 10,
            ..Limits::default()
        };
        let ((), exceeded) = Budget::run(&limits, || {
            assert_eq!(decode(b"1 0 0 1 0 0 cm q Q q Q").operations.len(), 5);
            assert!(decode(b"q Q q Q q Q").operations.is_empty());
            assert!(decode(b"q").operations.is_empty());
        });
        assert_eq!(exceeded, Some(Exceeded::Operations(10)));
        // Outside a document's reading nothing is counted.
        assert_eq!(decode(b"q Q q Q q Q").operations.len(), 6);
    }
}
