//! Reading one XML part of the package: the zip entry opened through a reader bounded
//! by its declared size ([`Bounded`]), and streamed ([`Part`]) as the elements and
//! attributes the extractor knows, an `mc:AlternateContent` read once.

use std::io::{self, BufReader, Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use zip::ZipArchive;

use super::FORMAT;
use crate::{ExtractError, Limits};

/// WordprocessingML, transitional and strict.
const W_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NAMESPACE: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

pub(super) fn open_part<'z, 'b>(
    zip: &'z mut ZipArchive<Cursor<&'b [u8]>>,
    name: &str,
    declared: u64,
    limits: &Limits,
) -> Result<Part<zip::read::ZipFile<'z, Cursor<&'b [u8]>>>, ExtractError> {
    let file = zip
        .by_name(name)
        .map_err(|e| damaged(format!("cannot open {name}: {e}")))?;
    Ok(Part::new(name, file, declared, limits))
}

pub(super) fn damaged(reason: String) -> ExtractError {
    ExtractError::Damaged {
        format: FORMAT,
        reason,
    }
}

/// The entry's name as stored: exactly, or in another case.
pub(super) fn find_entry<R: Read + io::Seek>(zip: &ZipArchive<R>, name: &str) -> Option<String> {
    if zip.index_for_name(name).is_some() {
        return Some(name.to_string());
    }
    zip.file_names()
        .find(|n| n.eq_ignore_ascii_case(name))
        .map(str::to_string)
}

/// A reader that refuses to give more than `left` bytes: the part's declared size.
/// It sits on a [`Read::take`] of one byte more, so that the zip entry is never
/// unpacked further than that.
struct Bounded<R> {
    inner: io::Take<R>,
    left: u64,
    over: bool,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = n as u64;
        if got > self.left {
            self.over = true;
            return Err(io::Error::other("unpacks to more than it declares"));
        }
        self.left -= got;
        Ok(n)
    }
}

/// The elements the extractor looks at, by local name in the WordprocessingML
/// namespace; everything else is `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Name {
    AbstractNum,
    AbstractNumId,
    B,
    BasedOn,
    Br,
    Cr,
    Del,
    DelText,
    DocDefaults,
    FldChar,
    InstrText,
    Ilvl,
    IsLgl,
    Lvl,
    LvlOverride,
    LvlText,
    MoveFrom,
    NoBreakHyphen,
    Num,
    NumFmt,
    NumId,
    NumStyleLink,
    OutlineLvl,
    P,
    PPr,
    PPrChange,
    PStyle,
    R,
    RPr,
    RPrChange,
    RPrDefault,
    RStyle,
    SectPr,
    Start,
    StartOverride,
    Style,
    /// `w:name`: a style's display name.
    Label,
    SdtPr,
    SdtEndPr,
    T,
    Tab,
    Tbl,
    TblGrid,
    TblPr,
    TblPrEx,
    Tc,
    TcPr,
    Tr,
    TrPr,
    Vanish,
    Other,
}

impl Name {
    fn of(local: &[u8]) -> Name {
        match local {
            b"abstractNum" => Name::AbstractNum,
            b"abstractNumId" => Name::AbstractNumId,
            b"b" => Name::B,
            b"basedOn" => Name::BasedOn,
            b"br" => Name::Br,
            b"cr" => Name::Cr,
            b"del" => Name::Del,
            b"delText" | b"delInstrText" => Name::DelText,
            b"docDefaults" => Name::DocDefaults,
            b"fldChar" => Name::FldChar,
            b"instrText" => Name::InstrText,
            b"ilvl" => Name::Ilvl,
            b"isLgl" => Name::IsLgl,
            b"lvl" => Name::Lvl,
            b"lvlOverride" => Name::LvlOverride,
            b"lvlText" => Name::LvlText,
            b"moveFrom" => Name::MoveFrom,
            b"noBreakHyphen" => Name::NoBreakHyphen,
            b"num" => Name::Num,
            b"numFmt" => Name::NumFmt,
            b"numId" => Name::NumId,
            b"numStyleLink" => Name::NumStyleLink,
            b"outlineLvl" => Name::OutlineLvl,
            b"p" => Name::P,
            b"pPr" => Name::PPr,
            b"pPrChange" => Name::PPrChange,
            b"pStyle" => Name::PStyle,
            b"r" => Name::R,
            b"rPr" => Name::RPr,
            b"rPrChange" => Name::RPrChange,
            b"rPrDefault" => Name::RPrDefault,
            b"rStyle" => Name::RStyle,
            b"sectPr" => Name::SectPr,
            b"start" => Name::Start,
            b"startOverride" => Name::StartOverride,
            b"style" => Name::Style,
            b"name" => Name::Label,
            b"sdtPr" => Name::SdtPr,
            b"sdtEndPr" => Name::SdtEndPr,
            b"t" => Name::T,
            b"tab" | b"ptab" => Name::Tab,
            b"tbl" => Name::Tbl,
            b"tblGrid" => Name::TblGrid,
            b"tblPr" => Name::TblPr,
            b"tblPrEx" => Name::TblPrEx,
            b"tc" => Name::Tc,
            b"tcPr" => Name::TcPr,
            b"tr" => Name::Tr,
            b"trPr" => Name::TrPr,
            b"vanish" => Name::Vanish,
            _ => Name::Other,
        }
    }
}

/// The attributes the extractor reads (in the WordprocessingML namespace, or without
/// a prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Key {
    Val,
    Type,
    StyleId,
    Default,
    AbstractNumId,
    NumId,
    Ilvl,
    FldCharType,
    Format,
}

impl Key {
    fn of(local: &[u8]) -> Option<Key> {
        Some(match local {
            b"val" => Key::Val,
            b"type" => Key::Type,
            b"styleId" => Key::StyleId,
            b"default" => Key::Default,
            b"abstractNumId" => Key::AbstractNumId,
            b"numId" => Key::NumId,
            b"ilvl" => Key::Ilvl,
            b"fldCharType" => Key::FldCharType,
            b"format" => Key::Format,
            _ => return None,
        })
    }
}

/// A start or empty element.
#[derive(Debug)]
pub(super) struct Tag {
    /// `Name::Other` for elements outside WordprocessingML.
    pub(super) name: Name,
    attrs: Vec<(Key, String)>,
}

impl Tag {
    pub(super) fn attr(&self, key: Key) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn val(&self) -> Option<&str> {
        self.attr(Key::Val)
    }

    pub(super) fn num(&self, key: Key) -> Option<u32> {
        self.attr(key).and_then(|v| v.trim().parse().ok())
    }

    /// An on/off property: `<w:b/>`, `<w:b w:val="false"/>`.
    pub(super) fn on(&self) -> bool {
        !matches!(self.val(), Some("0" | "false" | "off"))
    }
}

#[derive(Debug)]
pub(super) enum Ev {
    Open(Tag),
    Empty(Tag),
    /// The end of the element at this depth.
    Close(usize),
    /// Text, only while [`Part::read_text`] asks for it.
    Text(String),
    Eof,
}

enum Raw {
    Open(Tag, Mc),
    EmptyMc,
    EmptyTag(Tag),
    Close,
    Text(String),
    Nothing,
    Eof,
}

/// Markup-compatibility elements: of an `mc:AlternateContent` the first `mc:Choice`
/// is read and the rest (other choices, `mc:Fallback`) skipped, as the fallback
/// repeats the choice's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mc {
    No,
    AlternateContent,
    Choice,
    Fallback,
}

struct Alternate {
    depth: usize,
    chosen: bool,
    /// The depth of the choice being read, if one is open.
    open: Option<usize>,
}

/// One XML part of the package, streamed.
pub(super) struct Part<R> {
    name: String,
    declared: u64,
    reader: NsReader<BufReader<Bounded<R>>>,
    buf: Vec<u8>,
    pub(super) depth: usize,
    max_depth: usize,
    max_unpacked: u64,
    alternates: Vec<Alternate>,
    want_text: bool,
}

impl<R: Read> Part<R> {
    pub(super) fn new(name: &str, inner: R, declared: u64, limits: &Limits) -> Part<R> {
        let bounded = Bounded {
            inner: inner.take(declared.saturating_add(1)),
            left: declared,
            over: false,
        };
        let mut reader = NsReader::from_reader(BufReader::with_capacity(64 * 1024, bounded));
        reader.config_mut().check_end_names = true;
        Part {
            name: name.to_string(),
            declared,
            reader,
            buf: Vec::with_capacity(1024),
            depth: 0,
            max_depth: limits.max_depth,
            max_unpacked: limits.max_unpacked_bytes,
            alternates: Vec::new(),
            want_text: false,
        }
    }

    fn xml_error(&self, err: quick_xml::Error) -> ExtractError {
        if self.reader.get_ref().get_ref().over {
            return ExtractError::OverLimit {
                format: FORMAT,
                what: format!(
                    "{} unpacks to more than the {} bytes its zip entry declares",
                    self.name, self.declared
                ),
                limit: self.max_unpacked,
            };
        }
        match err {
            quick_xml::Error::Io(e) => damaged(format!(
                "cannot unpack {} (at byte {} of it): {e}",
                self.name,
                self.reader.buffer_position()
            )),
            e => damaged(format!(
                "malformed XML in {} at byte {}: {e}",
                self.name,
                self.reader.error_position()
            )),
        }
    }

    fn deeper(&mut self) -> Result<(), ExtractError> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(ExtractError::OverLimit {
                format: FORMAT,
                what: format!(
                    "XML in {} nested deeper than {} elements (at byte {})",
                    self.name,
                    self.max_depth,
                    self.reader.buffer_position()
                ),
                limit: self.max_depth as u64,
            });
        }
        Ok(())
    }

    fn read_raw(&mut self) -> Result<Raw, ExtractError> {
        self.buf.clear();
        let event = match self.reader.read_event_into(&mut self.buf) {
            Ok(event) => event,
            Err(e) => return Err(self.xml_error(e)),
        };
        let raw = match event {
            Event::Start(e) => {
                let (mc, tag) = tag_of(&self.reader, &e);
                Raw::Open(tag, mc)
            }
            Event::Empty(e) => {
                let (mc, tag) = tag_of(&self.reader, &e);
                if mc == Mc::No {
                    Raw::EmptyTag(tag)
                } else {
                    Raw::EmptyMc
                }
            }
            Event::End(_) => Raw::Close,
            Event::Text(t) if self.want_text => match t.xml10_content() {
                Ok(s) => Raw::Text(s.into_owned()),
                Err(e) => {
                    return Err(damaged(format!(
                        "text that is not UTF-8 in {} at byte {}: {e}",
                        self.name,
                        self.reader.buffer_position()
                    )));
                }
            },
            Event::CData(t) if self.want_text => {
                Raw::Text(String::from_utf8_lossy(&t.into_inner()).into_owned())
            }
            Event::GeneralRef(r) if self.want_text => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*r {
                        b"lt" => "<".to_string(),
                        b"gt" => ">".to_string(),
                        b"amp" => "&".to_string(),
                        b"apos" => "'".to_string(),
                        b"quot" => "\"".to_string(),
                        other => format!("&{};", String::from_utf8_lossy(other)),
                    },
                    Err(_) => "\u{FFFD}".to_string(),
                };
                Raw::Text(text)
            }
            Event::Eof => Raw::Eof,
            _ => Raw::Nothing,
        };
        Ok(raw)
    }

    /// The next event of interest.
    pub(super) fn next(&mut self) -> Result<Ev, ExtractError> {
        loop {
            match self.read_raw()? {
                Raw::Open(tag, mc) => {
                    self.deeper()?;
                    let depth = self.depth;
                    match mc {
                        Mc::No => return Ok(Ev::Open(tag)),
                        Mc::AlternateContent => self.alternates.push(Alternate {
                            depth,
                            chosen: false,
                            open: None,
                        }),
                        Mc::Choice | Mc::Fallback => {
                            let read = match self.alternates.last_mut() {
                                Some(alt) if alt.depth + 1 == depth => {
                                    let read = !alt.chosen;
                                    if read {
                                        alt.chosen = true;
                                        alt.open = Some(depth);
                                    }
                                    read
                                }
                                // Outside an mc:AlternateContent: read it as it stands.
                                _ => return Ok(Ev::Open(tag)),
                            };
                            if !read {
                                self.skip()?;
                            }
                        }
                    }
                }
                Raw::EmptyTag(tag) => return Ok(Ev::Empty(tag)),
                Raw::EmptyMc | Raw::Nothing => {}
                Raw::Close => {
                    let depth = self.depth;
                    self.depth = self.depth.saturating_sub(1);
                    if let Some(alt) = self.alternates.last_mut() {
                        if alt.open == Some(depth) {
                            alt.open = None;
                            continue;
                        }
                        if alt.depth == depth {
                            self.alternates.pop();
                            continue;
                        }
                    }
                    return Ok(Ev::Close(depth));
                }
                Raw::Text(text) => return Ok(Ev::Text(text)),
                Raw::Eof => {
                    if self.depth > 0 {
                        return Err(damaged(format!(
                            "{} ends inside an element (at byte {}): cut short?",
                            self.name,
                            self.reader.buffer_position()
                        )));
                    }
                    return Ok(Ev::Eof);
                }
            }
        }
    }

    /// Skips the rest of the element just opened.
    pub(super) fn skip(&mut self) -> Result<(), ExtractError> {
        let depth = self.depth;
        let want_text = std::mem::replace(&mut self.want_text, false);
        loop {
            match self.read_raw()? {
                Raw::Open(..) => self.deeper()?,
                Raw::Close => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth < depth {
                        break;
                    }
                }
                Raw::Eof => {
                    return Err(damaged(format!(
                        "{} ends inside an element (at byte {}): cut short?",
                        self.name,
                        self.reader.buffer_position()
                    )));
                }
                _ => {}
            }
        }
        self.want_text = want_text;
        Ok(())
    }

    /// The text of the element just opened (a `w:t`).
    pub(super) fn read_text(&mut self, out: &mut String) -> Result<(), ExtractError> {
        let depth = self.depth;
        self.want_text = true;
        let result = loop {
            match self.next() {
                Ok(Ev::Text(t)) => out.push_str(&t),
                Ok(Ev::Open(_)) => {
                    if let Err(e) = self.skip() {
                        break Err(e);
                    }
                }
                Ok(Ev::Close(d)) if d == depth => break Ok(()),
                Ok(Ev::Eof) => break Ok(()),
                Ok(_) => {}
                Err(e) => break Err(e),
            }
        };
        self.want_text = false;
        result
    }
}

/// The tag of a start or empty element: its name if it is WordprocessingML, the
/// attributes the extractor reads, or which markup-compatibility element it is.
fn tag_of<R>(reader: &NsReader<R>, e: &quick_xml::events::BytesStart<'_>) -> (Mc, Tag) {
    let (ns, local) = reader.resolve_element(e.name());
    let mut tag = Tag {
        name: Name::Other,
        attrs: Vec::new(),
    };
    match ns {
        ResolveResult::Bound(Namespace(ns)) if W_NAMESPACES.contains(&ns) => {
            tag.name = Name::of(local.as_ref());
            for attr in e.attributes().with_checks(false).flatten() {
                let (ans, alocal) = reader.resolve_attribute(attr.key);
                let ours = match ans {
                    ResolveResult::Unbound => true,
                    ResolveResult::Bound(Namespace(n)) => W_NAMESPACES.contains(&n),
                    ResolveResult::Unknown(_) => false,
                };
                if !ours {
                    continue;
                }
                if let Some(key) = Key::of(alocal.as_ref()) {
                    if let Ok(v) = attr.decode_and_unescape_value(reader.decoder()) {
                        tag.attrs.push((key, v.into_owned()));
                    }
                }
            }
            (Mc::No, tag)
        }
        ResolveResult::Bound(Namespace(ns)) if ns == MC_NAMESPACE => {
            let mc = match local.as_ref() {
                b"AlternateContent" => Mc::AlternateContent,
                b"Choice" => Mc::Choice,
                b"Fallback" => Mc::Fallback,
                _ => Mc::No,
            };
            (mc, tag)
        }
        _ => (Mc::No, tag),
    }
}

/// Reads the children of the element just opened, handing each start or empty child
/// (with whether it is empty) to `f`; a start child that `f` does not consume is read
/// through (its own children are handed on too).
pub(super) fn children<R: Read>(
    part: &mut Part<R>,
    mut f: impl FnMut(&mut Part<R>, Tag, bool) -> Result<(), ExtractError>,
) -> Result<(), ExtractError> {
    let depth = part.depth;
    loop {
        match part.next()? {
            Ev::Open(tag) => f(part, tag, false)?,
            Ev::Empty(tag) => f(part, tag, true)?,
            Ev::Close(d) if d <= depth => return Ok(()),
            Ev::Eof => return Ok(()),
            Ev::Close(_) | Ev::Text(_) => {}
        }
    }
}
