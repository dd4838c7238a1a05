//! Word .docx documents. The zip is opened with `zip` and its XML parts streamed with
//! `quick-xml`'s reader (no DOM): `word/styles.xml` and `word/numbering.xml` first, for
//! what paragraph styles and list numbers mean, then `word/document.xml`, written block
//! by block with the [`MarkdownWriter`].
//!
//! What comes out: headings from heading styles (English and Danish names, outline
//! levels, style inheritance), bold lines from short paragraphs that are bold as a
//! whole, list items with the markers Word would show, one line per table row, and
//! paragraphs with their explicit line breaks. Deleted text, field instructions,
//! hidden text, headers, footers and footnotes are left out.
//!
//! Limits: the parts read must declare no more than `max_unpacked_bytes` between them,
//! and each is read through [`Read::take`] so that a part unpacking to more than it
//! declares is stopped there; XML nested deeper than `max_depth` is refused.

use std::collections::HashMap;
use std::io::{self, BufReader, Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use zip::ZipArchive;

use crate::markdown::{MarkdownWriter, inline};
use crate::{ExtractError, Limits};

const FORMAT: &str = "docx";
const DOCUMENT: &str = "word/document.xml";
const STYLES: &str = "word/styles.xml";
const NUMBERING: &str = "word/numbering.xml";

/// WordprocessingML, transitional and strict.
const W_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NAMESPACE: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// A paragraph bold as a whole is a sub-heading when it has at most this many words.
const MAX_BOLD_LINE_WORDS: usize = 15;
/// Style inheritance and numbering style links followed at most this far (they may
/// loop in a hostile file).
const MAX_CHAIN: usize = 16;

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("not a readable zip archive: {e}")))?;
    let document = find_entry(&zip, DOCUMENT)
        .ok_or_else(|| damaged(format!("the zip has no {DOCUMENT}: not a Word document")))?;
    let styles_part = find_entry(&zip, STYLES);
    let numbering_part = find_entry(&zip, NUMBERING);

    // The declared sizes first: a zip bomb that owns up to its size is refused before
    // anything is unpacked.
    let mut declared = HashMap::new();
    let mut total = 0u64;
    for name in [
        Some(&document),
        styles_part.as_ref(),
        numbering_part.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        let size = zip
            .by_name(name)
            .map_err(|e| damaged(format!("cannot open {name}: {e}")))?
            .size();
        total = total.saturating_add(size);
        declared.insert(name.clone(), size);
    }
    if total > limits.max_unpacked_bytes {
        return Err(ExtractError::OverLimit {
            format: FORMAT,
            what: format!("its text parts unpack to {total} bytes"),
            limit: limits.max_unpacked_bytes,
        });
    }

    let size_of = |name: &str| declared.get(name).copied().unwrap_or(0);
    let styles = match &styles_part {
        Some(name) => Styles::read(&mut open_part(&mut zip, name, size_of(name), limits)?)?,
        None => Styles::default(),
    };
    let numbering = match &numbering_part {
        Some(name) => Numbering::read(&mut open_part(&mut zip, name, size_of(name), limits)?)?,
        None => Numbering::default(),
    };
    let mut part = open_part(&mut zip, &document, size_of(&document), limits)?;
    Walker::new(&styles, numbering, limits).run(&mut part)
}

fn open_part<'z, 'b>(
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

fn damaged(reason: String) -> ExtractError {
    ExtractError::Damaged {
        format: FORMAT,
        reason,
    }
}

/// The entry's name as stored: exactly, or in another case.
fn find_entry<R: Read + io::Seek>(zip: &ZipArchive<R>, name: &str) -> Option<String> {
    if zip.index_for_name(name).is_some() {
        return Some(name.to_string());
    }
    zip.file_names()
        .find(|n| n.eq_ignore_ascii_case(name))
        .map(str::to_string)
}

// ---------------------------------------------------------------------------------
// Reading one XML part
// ---------------------------------------------------------------------------------

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
enum Name {
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
enum Key {
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
struct Tag {
    /// `Name::Other` for elements outside WordprocessingML.
    name: Name,
    attrs: Vec<(Key, String)>,
}

impl Tag {
    fn attr(&self, key: Key) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    fn val(&self) -> Option<&str> {
        self.attr(Key::Val)
    }

    fn num(&self, key: Key) -> Option<u32> {
        self.attr(key).and_then(|v| v.trim().parse().ok())
    }

    /// An on/off property: `<w:b/>`, `<w:b w:val="false"/>`.
    fn on(&self) -> bool {
        !matches!(self.val(), Some("0" | "false" | "off"))
    }
}

#[derive(Debug)]
enum Ev {
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
struct Part<R> {
    name: String,
    declared: u64,
    reader: NsReader<BufReader<Bounded<R>>>,
    buf: Vec<u8>,
    depth: usize,
    max_depth: usize,
    max_unpacked: u64,
    alternates: Vec<Alternate>,
    want_text: bool,
}

impl<R: Read> Part<R> {
    fn new(name: &str, inner: R, declared: u64, limits: &Limits) -> Part<R> {
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
    fn next(&mut self) -> Result<Ev, ExtractError> {
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
    fn skip(&mut self) -> Result<(), ExtractError> {
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
    fn read_text(&mut self, out: &mut String) -> Result<(), ExtractError> {
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
fn children<R: Read>(
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

// ---------------------------------------------------------------------------------
// Paragraph and run properties
// ---------------------------------------------------------------------------------

#[derive(Clone, Debug, Default)]
struct ParaProps {
    style: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    outline: Option<u8>,
}

#[derive(Clone, Debug, Default)]
struct RunProps {
    style: Option<String>,
    bold: Option<bool>,
    vanish: Option<bool>,
}

fn read_ppr<R: Read>(part: &mut Part<R>) -> Result<ParaProps, ExtractError> {
    let mut props = ParaProps::default();
    children(part, |part, tag, empty| {
        match tag.name {
            Name::PStyle => props.style = tag.val().map(str::to_string),
            Name::NumId => props.num_id = tag.num(Key::Val),
            Name::Ilvl => props.ilvl = tag.num(Key::Val).map(level_index),
            Name::OutlineLvl => props.outline = tag.num(Key::Val).map(level_index_9),
            // The paragraph mark's run properties, earlier properties of a tracked
            // change, and section properties say nothing about the text.
            Name::RPr | Name::PPrChange | Name::SectPr if !empty => part.skip()?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(props)
}

fn read_rpr<R: Read>(part: &mut Part<R>) -> Result<RunProps, ExtractError> {
    let mut props = RunProps::default();
    children(part, |part, tag, empty| {
        match tag.name {
            Name::RStyle => props.style = tag.val().map(str::to_string),
            Name::B => props.bold = Some(tag.on()),
            Name::Vanish => props.vanish = Some(tag.on()),
            Name::RPrChange if !empty => part.skip()?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(props)
}

/// A list level 0–8.
fn level_index(v: u32) -> u8 {
    v.min(8) as u8
}

/// An outline level 0–9 (9 is body text).
fn level_index_9(v: u32) -> u8 {
    v.min(9) as u8
}

// ---------------------------------------------------------------------------------
// Styles
// ---------------------------------------------------------------------------------

#[derive(Clone, Debug, Default)]
struct Style {
    /// The name, lower case without spaces: `heading1`, `overskrift2`.
    name: String,
    paragraph: bool,
    based_on: Option<String>,
    ppr: ParaProps,
    rpr: RunProps,
}

#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
    default_character: Option<String>,
    default_run: RunProps,
}

impl Styles {
    fn read<R: Read>(part: &mut Part<R>) -> Result<Styles, ExtractError> {
        let mut styles = Styles::default();
        loop {
            match part.next()? {
                Ev::Eof => break,
                Ev::Open(tag) if tag.name == Name::Style => {
                    let id = tag.attr(Key::StyleId).unwrap_or("").to_string();
                    let kind = tag.attr(Key::Type).unwrap_or("paragraph").to_string();
                    let default = tag
                        .attr(Key::Default)
                        .is_some_and(|v| v == "1" || v == "true");
                    let mut style = Style {
                        paragraph: kind == "paragraph",
                        ..Style::default()
                    };
                    children(part, |part, tag, empty| {
                        match tag.name {
                            Name::Label => {
                                style.name = tag
                                    .val()
                                    .unwrap_or("")
                                    .chars()
                                    .filter(|c| !c.is_whitespace())
                                    .flat_map(char::to_lowercase)
                                    .collect();
                            }
                            Name::BasedOn => style.based_on = tag.val().map(str::to_string),
                            Name::PPr if !empty => style.ppr = read_ppr(part)?,
                            Name::RPr if !empty => style.rpr = read_rpr(part)?,
                            // Conditional table formatting and the like.
                            _ if !empty => part.skip()?,
                            _ => {}
                        }
                        Ok(())
                    })?;
                    if default && kind == "paragraph" {
                        styles.default_paragraph = Some(id.clone());
                    }
                    if default && kind == "character" {
                        styles.default_character = Some(id.clone());
                    }
                    styles.styles.insert(id, style);
                }
                Ev::Open(tag) if tag.name == Name::DocDefaults => {
                    let mut run = RunProps::default();
                    children(part, |part, tag, empty| {
                        match tag.name {
                            Name::RPrDefault => {}
                            Name::RPr if !empty => run = read_rpr(part)?,
                            _ if !empty => part.skip()?,
                            _ => {}
                        }
                        Ok(())
                    })?;
                    styles.default_run = run;
                }
                _ => {}
            }
        }
        Ok(styles)
    }

    /// The style and those it is based on.
    fn chain<'a>(&'a self, id: Option<&'a str>) -> impl Iterator<Item = (&'a str, &'a Style)> {
        let mut next = id;
        std::iter::from_fn(move || {
            let id = next?;
            let style = self.styles.get(id)?;
            next = style.based_on.as_deref().filter(|b| *b != id);
            Some((id, style))
        })
        .take(MAX_CHAIN)
    }

    fn paragraph_style<'a>(&'a self, props: &'a ParaProps) -> Option<&'a str> {
        props.style.as_deref().or(self.default_paragraph.as_deref())
    }

    /// The heading level of a paragraph, from its outline level or its style's name
    /// or outline level (through inheritance).
    fn heading_level(&self, props: &ParaProps) -> Option<u8> {
        if let Some(level) = props.outline {
            return outline_heading(level);
        }
        for (_, style) in self.chain(self.paragraph_style(props)) {
            if let Some(level) = style.ppr.outline {
                return outline_heading(level);
            }
            if style.paragraph {
                if let Some(level) = heading_name_level(&style.name) {
                    return Some(level);
                }
            }
        }
        None
    }

    /// Whether a run is bold and whether it is hidden: direct formatting, then the
    /// character style, the paragraph style, the document defaults.
    fn run_format(&self, para: &ParaProps, run: &RunProps) -> (bool, bool) {
        let char_style = run.style.as_deref().or(self.default_character.as_deref());
        let chars = self.chain(char_style).map(|(_, s)| &s.rpr);
        let paras = self.chain(self.paragraph_style(para)).map(|(_, s)| &s.rpr);
        let mut bold = run.bold;
        let mut vanish = run.vanish;
        for props in chars.chain(paras).chain(std::iter::once(&self.default_run)) {
            bold = bold.or(props.bold);
            vanish = vanish.or(props.vanish);
            if bold.is_some() && vanish.is_some() {
                break;
            }
        }
        (bold.unwrap_or(false), vanish.unwrap_or(false))
    }

    /// The numbering a paragraph has, directly or through its style: numbering
    /// instance and level (`None` when the level is to be found from the style).
    fn numbering(&self, props: &ParaProps) -> Option<(u32, Option<u8>)> {
        let style = self.paragraph_style(props);
        let num_id = match props.num_id {
            Some(id) => id,
            None => self.chain(style).find_map(|(_, s)| s.ppr.num_id)?,
        };
        if num_id == 0 {
            return None;
        }
        let ilvl = props
            .ilvl
            .or_else(|| self.chain(style).find_map(|(_, s)| s.ppr.ilvl));
        Some((num_id, ilvl))
    }
}

fn outline_heading(level: u8) -> Option<u8> {
    (level < 9).then(|| (level + 1).min(6))
}

/// `heading1`–`heading9`, `overskrift1`–…, `title`/`titel`, `subtitle`/`undertitel`.
fn heading_name_level(name: &str) -> Option<u8> {
    match name {
        "title" | "titel" => return Some(1),
        "subtitle" | "undertitel" => return Some(2),
        _ => {}
    }
    let digits = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("overskrift"))?;
    let level: u8 = digits.parse().ok()?;
    (1..=9).contains(&level).then(|| level.min(6))
}

// ---------------------------------------------------------------------------------
// Numbering
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum NumFmt {
    #[default]
    Decimal,
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Bullet,
    None,
}

impl NumFmt {
    fn of(val: &str, format: Option<&str>) -> NumFmt {
        match val {
            "decimalZero" => NumFmt::DecimalZero,
            "lowerLetter" => NumFmt::LowerLetter,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerRoman" => NumFmt::LowerRoman,
            "upperRoman" => NumFmt::UpperRoman,
            "bullet" => NumFmt::Bullet,
            "none" => NumFmt::None,
            "custom" if format.is_some_and(|f| f.starts_with('0')) => NumFmt::DecimalZero,
            _ => NumFmt::Decimal,
        }
    }

    fn format(self, n: u32) -> String {
        match self {
            NumFmt::DecimalZero if n < 10 => format!("0{n}"),
            NumFmt::LowerLetter => letters(n).unwrap_or_else(|| n.to_string()),
            NumFmt::UpperLetter => letters(n)
                .map(|s| s.to_ascii_uppercase())
                .unwrap_or_else(|| n.to_string()),
            NumFmt::LowerRoman => roman(n)
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_else(|| n.to_string()),
            NumFmt::UpperRoman => roman(n).unwrap_or_else(|| n.to_string()),
            NumFmt::Bullet | NumFmt::None => String::new(),
            _ => n.to_string(),
        }
    }
}

/// a … z, aa … zz, as Word counts letters; `None` past a few rounds.
fn letters(n: u32) -> Option<String> {
    if n == 0 || n > 26 * 8 {
        return None;
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    Some(std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect())
}

fn roman(n: u32) -> Option<String> {
    if n == 0 || n >= 4000 {
        return None;
    }
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    Some(out)
}

#[derive(Clone, Debug, Default)]
struct Level {
    start: Option<u32>,
    fmt: NumFmt,
    text: Option<String>,
    style: Option<String>,
    legal: bool,
}

#[derive(Clone, Debug, Default)]
struct AbstractNum {
    levels: HashMap<u8, Level>,
    /// `w:numStyleLink`: the definition is that of the numbering style's list.
    num_style_link: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: u32,
    overrides: HashMap<u8, Override>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Counter {
    /// Lists that share an abstract definition share their count, as in Word…
    Abstract(u32),
    /// …unless the instance restarts it.
    Instance(u32),
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<u32, AbstractNum>,
    nums: HashMap<u32, Num>,
}

/// Where each list has got to, per level.
type Counters = HashMap<Counter, [Option<u32>; 9]>;

fn read_level<R: Read>(part: &mut Part<R>) -> Result<Level, ExtractError> {
    let mut level = Level::default();
    children(part, |part, tag, empty| {
        match tag.name {
            Name::Start => level.start = tag.num(Key::Val),
            Name::NumFmt => level.fmt = NumFmt::of(tag.val().unwrap_or(""), tag.attr(Key::Format)),
            Name::LvlText => level.text = tag.val().map(str::to_string),
            Name::PStyle => level.style = tag.val().map(str::to_string),
            Name::IsLgl => level.legal = tag.on(),
            Name::PPr | Name::RPr if !empty => part.skip()?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(level)
}

impl Numbering {
    fn read<R: Read>(part: &mut Part<R>) -> Result<Numbering, ExtractError> {
        let mut numbering = Numbering::default();
        loop {
            match part.next()? {
                Ev::Eof => break,
                Ev::Open(tag) if tag.name == Name::AbstractNum => {
                    let id = tag.num(Key::AbstractNumId).unwrap_or(u32::MAX);
                    let mut def = AbstractNum::default();
                    children(part, |part, tag, empty| {
                        match tag.name {
                            Name::Lvl if !empty => {
                                let ilvl = level_index(tag.num(Key::Ilvl).unwrap_or(0));
                                let level = read_level(part)?;
                                def.levels.insert(ilvl, level);
                            }
                            Name::NumStyleLink => {
                                def.num_style_link = tag.val().map(str::to_string);
                            }
                            _ if !empty => part.skip()?,
                            _ => {}
                        }
                        Ok(())
                    })?;
                    numbering.abstracts.insert(id, def);
                }
                Ev::Open(tag) if tag.name == Name::Num => {
                    let id = tag.num(Key::NumId).unwrap_or(u32::MAX);
                    let mut num = Num::default();
                    children(part, |part, tag, empty| {
                        match tag.name {
                            Name::AbstractNumId => {
                                num.abstract_id = tag.num(Key::Val).unwrap_or(u32::MAX);
                            }
                            Name::LvlOverride if !empty => {
                                let ilvl = level_index(tag.num(Key::Ilvl).unwrap_or(0));
                                let mut over = Override::default();
                                children(part, |part, tag, empty| {
                                    match tag.name {
                                        Name::StartOverride => over.start = tag.num(Key::Val),
                                        Name::Lvl if !empty => {
                                            over.level = Some(read_level(part)?);
                                        }
                                        _ if !empty => part.skip()?,
                                        _ => {}
                                    }
                                    Ok(())
                                })?;
                                num.overrides.insert(ilvl, over);
                            }
                            _ if !empty => part.skip()?,
                            _ => {}
                        }
                        Ok(())
                    })?;
                    numbering.nums.insert(id, num);
                }
                _ => {}
            }
        }
        Ok(numbering)
    }

    /// The abstract definition of a numbering instance, through numbering style links.
    fn definition(&self, num_id: u32, styles: &Styles) -> Option<(u32, &AbstractNum)> {
        let mut id = self.nums.get(&num_id)?.abstract_id;
        for _ in 0..MAX_CHAIN {
            let def = self.abstracts.get(&id)?;
            let Some(link) = &def.num_style_link else {
                return Some((id, def));
            };
            let linked = styles
                .chain(Some(link))
                .find_map(|(_, s)| s.ppr.num_id)
                .and_then(|n| self.nums.get(&n))
                .map(|n| n.abstract_id);
            match linked {
                Some(next) if next != id => id = next,
                _ => return Some((id, def)),
            }
        }
        None
    }

    /// The marker of the next item of a list, counting it: `-` for a bullet, `1.`,
    /// `a)`, `iv.` as the level's format and text say; `None` when the level shows no
    /// marker.
    fn next_marker(
        &self,
        counters: &mut Counters,
        num_id: u32,
        ilvl: Option<u8>,
        para_style: Option<&str>,
        styles: &Styles,
    ) -> Option<String> {
        let num = self.nums.get(&num_id)?;
        let (abstract_id, def) = self.definition(num_id, styles)?;
        let ilvl = ilvl
            .or_else(|| {
                let style = para_style?;
                def.levels
                    .iter()
                    .find(|(_, l)| l.style.as_deref() == Some(style))
                    .map(|(i, _)| *i)
            })
            .unwrap_or(0);
        let level_of = |i: u8| -> Option<&Level> {
            num.overrides
                .get(&i)
                .and_then(|o| o.level.as_ref())
                .or_else(|| def.levels.get(&i))
        };
        let start_of = |i: u8| -> u32 {
            num.overrides
                .get(&i)
                .and_then(|o| o.start)
                .or_else(|| level_of(i).and_then(|l| l.start))
                .unwrap_or(0)
        };
        let level = level_of(ilvl)?;
        let key = if num.overrides.values().any(|o| o.start.is_some()) {
            Counter::Instance(num_id)
        } else {
            Counter::Abstract(abstract_id)
        };
        let counters = counters.entry(key).or_insert([None; 9]);
        let index = usize::from(ilvl);
        if let Some(slot) = counters.get_mut(index) {
            *slot = Some(match *slot {
                Some(n) => n.saturating_add(1),
                None => start_of(ilvl),
            });
        }
        for slot in counters.iter_mut().skip(index + 1) {
            *slot = None;
        }
        if level.fmt == NumFmt::Bullet {
            return Some("-".to_string());
        }
        let template = level
            .text
            .clone()
            .unwrap_or_else(|| format!("%{}.", ilvl + 1));
        let mut marker = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match (c, digit) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let i = (d - 1) as u8;
                    let value = counters
                        .get(usize::from(i))
                        .copied()
                        .flatten()
                        .unwrap_or_else(|| start_of(i));
                    let fmt = if level.legal {
                        NumFmt::Decimal
                    } else {
                        level_of(i).map_or(NumFmt::Decimal, |l| l.fmt)
                    };
                    marker.push_str(&fmt.format(value));
                }
                _ => marker.push(c),
            }
        }
        let marker = inline(&marker);
        if marker.is_empty() {
            return None;
        }
        if !template.contains('%') {
            // A fixed symbol is a bullet; fixed words are shown as they are.
            return Some(if marker.chars().any(char::is_alphanumeric) {
                marker
            } else {
                "-".to_string()
            });
        }
        Some(tidy_marker(marker, level.fmt))
    }
}

/// `(a)` → `a)`, and a bare number or letter gets the `.` or `)` the parser knows
/// list markers by.
fn tidy_marker(marker: String, fmt: NumFmt) -> String {
    let marker = match marker.strip_prefix('(') {
        Some(rest) if rest.ends_with(')') && !rest.contains('(') => rest.to_string(),
        _ => marker,
    };
    if marker.ends_with(char::is_alphanumeric) {
        let end = match fmt {
            NumFmt::LowerLetter | NumFmt::UpperLetter => ')',
            _ => '.',
        };
        format!("{marker}{end}")
    } else {
        marker
    }
}

// ---------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------

/// A block of text, written at once or kept for a table cell.
#[derive(Clone, Debug)]
enum Block {
    Heading(u8, String),
    Bold(String),
    Paragraph(String),
    Item(String, String),
    Row(Vec<String>),
}

impl Block {
    fn text(&self) -> String {
        match self {
            Block::Heading(_, t) | Block::Bold(t) | Block::Paragraph(t) => inline(t),
            Block::Item(m, t) => inline(&format!("{m} {t}")),
            Block::Row(cells) => inline(&cells.join(" ")),
        }
    }
}

/// A row whose cells are lists side by side (a paragraph a person) under the headers
/// of the row before (`VIP-repræsentanter` | `Studenterrepræsentanter`): each column
/// as its header over its entries. `None` for any other row.
fn listed_columns(
    header: Option<&[String]>,
    texts: &[String],
    cells: &[Vec<Block>],
) -> Option<Vec<Block>> {
    let header = header?;
    let filled = texts.iter().filter(|t| !t.is_empty()).count();
    let lists = cells.iter().filter(|c| !c.is_empty()).all(|c| {
        let entries = cell_lines(c);
        entries.len() >= 2 && entries.iter().all(|e| e.chars().count() <= 100)
    });
    if filled < 2 || !lists || header.len() != cells.len() || header.iter().any(String::is_empty) {
        return None;
    }
    let mut blocks = Vec::new();
    for (title, cell) in header.iter().zip(cells) {
        if cell.is_empty() {
            continue;
        }
        blocks.push(Block::Bold(title.clone()));
        blocks.extend(cell.iter().cloned());
    }
    Some(blocks)
}

/// A table row that holds an agenda item, its number (and title) in the first cell
/// and its text in the second (over several paragraphs where the first cell is a
/// number alone), as blocks in reading order: the item's heading, then its text.
/// `None` for any other row, which reads as a row.
fn item_row(texts: &[String], cells: &[Vec<Block>]) -> Option<Vec<Block>> {
    let filled: Vec<usize> = (0..texts.len())
        .filter(|&k| texts.get(k).is_some_and(|t| !t.is_empty()))
        .collect();
    let [label_at, text_at] = filled.as_slice() else {
        return None;
    };
    let label = texts.get(*label_at)?;
    let body = cells.get(*text_at)?;
    let number_only = crate::item_label(label)?;
    // "1. Velkommen" | "Dagsorden godkendt.": a titled item's minute may be one
    // paragraph, as in the rows around it that have more; a number and a page, or a
    // word or two, is a table of contents or an agenda's columns.
    let worded = || {
        body.iter()
            .map(|b| b.text().split_whitespace().count())
            .sum::<usize>()
            >= 3
    };
    if !(body.len() >= 2 || (!number_only && worded())) || label.len() > 200 {
        return None;
    }
    let mut blocks: Vec<Block> = Vec::with_capacity(body.len() + 1);
    let mut rest = body.iter();
    if number_only {
        // "1." | "Valg af dirigent" …: the number and the title are one heading.
        let first = rest.next()?;
        blocks.push(Block::Bold(format!("{label} {}", first.text())));
    } else {
        blocks.push(Block::Bold(label.clone()));
    }
    blocks.extend(rest.cloned());
    Some(blocks)
}

/// A row that lays out a page in columns (a cover page: the meeting's details beside
/// its members), each cell a run of paragraphs, rather than holding one value a cell:
/// read cell after cell.
fn is_column_row(cells: &[Vec<Block>]) -> bool {
    let lines: Vec<usize> = cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| cell_lines(c).len())
        .collect();
    lines.len() >= 2 && lines.iter().all(|&n| n >= 2) && lines.iter().any(|&n| n >= 4)
}

/// A table cell that holds a label: short, ending in its colon.
fn is_cell_label(text: &str) -> bool {
    text.ends_with(':') && text.chars().count() <= 40 && !text.trim_end_matches(':').contains(':')
}

/// A label beside a cell of several lines (`Til stede:` | a member a paragraph): the
/// label and the cell's first line, the others under it with line breaks, as a label
/// line that goes on below reads. Joined into one line, the members would run together.
fn label_over_lines(cells: &[Vec<Block>]) -> Option<Block> {
    let [label, value] = cells else {
        return None;
    };
    let label = match cell_lines(label).as_slice() {
        [one] => one.clone(),
        _ => return None,
    };
    let value = cell_lines(value);
    if !is_cell_label(&label) || value.len() < 2 {
        return None;
    }
    Some(Block::Paragraph(format!("{label} {}", value.join("\n"))))
}

/// The lines of a table cell with text: a paragraph each, or a line of one (Word's
/// line breaks).
fn cell_lines(cell: &[Block]) -> Vec<String> {
    cell.iter()
        .flat_map(|b| match b {
            Block::Paragraph(t) | Block::Bold(t) => t.split('\n').map(inline).collect(),
            other => vec![other.text()],
        })
        .filter(|e| !e.is_empty())
        .collect()
}

#[derive(Debug, Default)]
struct Para {
    props: ParaProps,
    run: RunProps,
    text: String,
    /// Whether some text has letters or digits, and whether all such text is bold.
    has_text: bool,
    all_bold: bool,
}

#[derive(Debug, Default)]
struct Table {
    /// The cells of the row being read, each a list of blocks.
    row: Option<Vec<Vec<Block>>>,
    /// The texts of the row before, where each of its cells was one line: the
    /// headers of the columns below it.
    header: Option<Vec<String>>,
}

#[derive(Clone, Copy, Debug)]
enum Frame {
    Para,
    Table,
    Row,
}

struct Walker<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    counters: Counters,
    writer: MarkdownWriter,
    max_text: u64,
    paras: Vec<Para>,
    tables: Vec<Table>,
    frames: Vec<(usize, Frame)>,
    /// Open fields, innermost last: whether their result is being read (after
    /// `separate`) rather than their instruction.
    fields: Vec<bool>,
}

impl<'s> Walker<'s> {
    fn new(styles: &'s Styles, numbering: Numbering, limits: &Limits) -> Walker<'s> {
        Walker {
            styles,
            numbering,
            counters: Counters::new(),
            writer: MarkdownWriter::new(),
            max_text: limits.max_unpacked_bytes,
            paras: Vec::new(),
            tables: Vec::new(),
            frames: Vec::new(),
            fields: Vec::new(),
        }
    }

    fn run<R: Read>(mut self, part: &mut Part<R>) -> Result<String, ExtractError> {
        loop {
            match part.next()? {
                Ev::Eof => break,
                Ev::Open(tag) => self.open(part, tag)?,
                Ev::Empty(tag) => self.empty(tag),
                Ev::Close(depth) => self.close(depth)?,
                Ev::Text(_) => {}
            }
        }
        // Whatever a damaged document left open.
        while let Some((depth, _)) = self.frames.last() {
            let depth = *depth;
            self.close(depth)?;
        }
        Ok(self.writer.finish())
    }

    fn open<R: Read>(&mut self, part: &mut Part<R>, tag: Tag) -> Result<(), ExtractError> {
        match tag.name {
            Name::P => {
                self.paras.push(Para {
                    all_bold: true,
                    ..Para::default()
                });
                self.frames.push((part.depth, Frame::Para));
            }
            Name::PPr => {
                let props = read_ppr(part)?;
                if let Some(para) = self.paras.last_mut() {
                    para.props = props;
                }
            }
            Name::R => {
                if let Some(para) = self.paras.last_mut() {
                    para.run = RunProps::default();
                }
            }
            Name::RPr => {
                let props = read_rpr(part)?;
                if let Some(para) = self.paras.last_mut() {
                    para.run = props;
                }
            }
            Name::T => {
                let mut text = String::new();
                part.read_text(&mut text)?;
                // Line ends and tabs inside w:t are white space; line breaks are w:br.
                let text = text.replace(['\n', '\r', '\t'], " ");
                self.push_text(&text);
            }
            Name::Tbl => {
                self.tables.push(Table::default());
                self.frames.push((part.depth, Frame::Table));
            }
            Name::Tr => {
                self.flush_row()?;
                if let Some(table) = self.tables.last_mut() {
                    table.row = Some(Vec::new());
                }
                self.frames.push((part.depth, Frame::Row));
            }
            Name::Tc => self.new_cell(),
            // Deleted and moved-away text, field instructions, and properties.
            Name::Del
            | Name::MoveFrom
            | Name::DelText
            | Name::InstrText
            | Name::SectPr
            | Name::TblPr
            | Name::TblPrEx
            | Name::TblGrid
            | Name::TrPr
            | Name::TcPr
            | Name::SdtPr
            | Name::SdtEndPr
            | Name::PPrChange
            | Name::RPrChange => part.skip()?,
            // Hyperlinks, insertions, smart tags, content controls, simple fields,
            // drawings with text boxes: their content is read.
            _ => self.empty(tag),
        }
        Ok(())
    }

    fn empty(&mut self, tag: Tag) {
        match tag.name {
            Name::Tab => self.push_text(" "),
            Name::Br => match tag.attr(Key::Type) {
                Some("page" | "column") => self.push_text(" "),
                _ => self.push_text("\n"),
            },
            Name::Cr => self.push_text("\n"),
            Name::NoBreakHyphen => self.push_text("-"),
            Name::FldChar => match tag.attr(Key::FldCharType) {
                Some("begin") => self.fields.push(false),
                Some("separate") => {
                    if let Some(result) = self.fields.last_mut() {
                        *result = true;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            Name::Tc => self.new_cell(),
            _ => {}
        }
    }

    fn new_cell(&mut self) {
        if let Some(table) = self.tables.last_mut() {
            table.row.get_or_insert_with(Vec::new).push(Vec::new());
        }
    }

    /// Text of the current run, unless it is hidden or a field's instruction.
    fn push_text(&mut self, text: &str) {
        if self.fields.iter().any(|result| !result) {
            return;
        }
        let Some(para) = self.paras.last_mut() else {
            return;
        };
        let (bold, vanish) = self.styles.run_format(&para.props, &para.run);
        if vanish {
            return;
        }
        if text.chars().any(char::is_alphanumeric) {
            para.has_text = true;
            para.all_bold &= bold;
        }
        para.text.push_str(text);
    }

    fn close(&mut self, depth: usize) -> Result<(), ExtractError> {
        let Some(&(top, frame)) = self.frames.last() else {
            return Ok(());
        };
        if top != depth {
            return Ok(());
        }
        self.frames.pop();
        match frame {
            Frame::Para => self.finish_paragraph(),
            Frame::Row => self.flush_row(),
            Frame::Table => {
                self.flush_row()?;
                self.tables.pop();
                Ok(())
            }
        }
    }

    fn finish_paragraph(&mut self) -> Result<(), ExtractError> {
        let Some(para) = self.paras.pop() else {
            return Ok(());
        };
        let styles = self.styles;
        let heading = styles.heading_level(&para.props);
        let marker = styles.numbering(&para.props).and_then(|(num_id, ilvl)| {
            let style = styles.paragraph_style(&para.props);
            self.numbering
                .next_marker(&mut self.counters, num_id, ilvl, style, styles)
        });
        let block = if let Some(level) = heading {
            match marker {
                Some(m) if m != "-" => Block::Heading(level, format!("{m} {}", para.text)),
                _ => Block::Heading(level, para.text),
            }
        } else if let Some(marker) = marker {
            Block::Item(marker, para.text)
        } else if para.has_text
            && para.all_bold
            && para.text.split_whitespace().count() <= MAX_BOLD_LINE_WORDS
        {
            Block::Bold(para.text)
        } else {
            Block::Paragraph(para.text)
        };
        self.emit(self.tables.len(), block)
    }

    /// Ends the current row of the innermost table: a row with text in two cells or
    /// more is a table row; a row with one (a frame around text) gives its blocks.
    fn flush_row(&mut self) -> Result<(), ExtractError> {
        let level = self.tables.len();
        let Some(cells) = self.tables.last_mut().and_then(|t| t.row.take()) else {
            return Ok(());
        };
        let texts: Vec<String> = cells
            .iter()
            .map(|blocks| {
                let parts: Vec<String> = blocks.iter().map(Block::text).collect();
                inline(&parts.join(" "))
            })
            .collect();
        let parent = level.saturating_sub(1);
        let header = self.tables.last_mut().and_then(|t| {
            let before = t.header.take();
            let one_line = cells.iter().all(|c| c.len() <= 1);
            if one_line {
                t.header = Some(texts.clone());
            }
            before
        });
        if let Some(blocks) = listed_columns(header.as_deref(), &texts, &cells) {
            for block in blocks {
                self.emit(parent, block)?;
            }
            return Ok(());
        }
        if let Some(blocks) = item_row(&texts, &cells) {
            for block in blocks {
                self.emit(parent, block)?;
            }
            return Ok(());
        }
        if let Some(block) = label_over_lines(&cells) {
            return self.emit(parent, block);
        }
        if is_column_row(&cells) {
            for block in cells.into_iter().flatten() {
                self.emit(parent, block)?;
            }
            return Ok(());
        }
        // "Møteleder:" | "Ordfører X": a label and its value set out in two cells.
        if let [label, value] = texts.as_slice() {
            if is_cell_label(label) && !value.is_empty() {
                return self.emit(parent, Block::Paragraph(format!("{label} {value}")));
            }
        }
        if texts.iter().filter(|t| !t.is_empty()).count() >= 2 {
            return self.emit(parent, Block::Row(texts));
        }
        for block in cells.into_iter().flatten() {
            self.emit(parent, block)?;
        }
        Ok(())
    }

    /// Writes a block, or keeps it for the cell of the table `level` tables deep.
    fn emit(&mut self, level: usize, block: Block) -> Result<(), ExtractError> {
        if level > 0 {
            if let Some(table) = self.tables.get_mut(level - 1) {
                let row = table.row.get_or_insert_with(Vec::new);
                if row.is_empty() {
                    row.push(Vec::new());
                }
                if let Some(cell) = row.last_mut() {
                    cell.push(block);
                }
                return Ok(());
            }
        }
        match block {
            Block::Heading(level, text) => self.writer.heading(level, &text),
            Block::Bold(text) => {
                for line in text.split('\n') {
                    self.writer.bold_line(line);
                }
            }
            Block::Paragraph(text) => self.writer.paragraph(&text),
            Block::Item(marker, text) => {
                // A line break inside an item: the item's first line, then the others
                // as lines of their own right under it (the writer's items are one
                // line).
                let mut lines = text.split('\n').map(inline).filter(|l| !l.is_empty());
                self.writer
                    .list_item(&marker, &lines.next().unwrap_or_default());
                let rest: Vec<String> = lines.collect();
                let last = rest.len().saturating_sub(1);
                for (i, line) in rest.iter().enumerate() {
                    let escape = if line.starts_with('#') { "\\" } else { "" };
                    let end = if i < last { "  " } else { "" };
                    self.writer.raw_line(&format!("{escape}{line}{end}"));
                }
            }
            Block::Row(cells) => self.writer.table_row(&cells),
        }
        if self.writer.len() as u64 > self.max_text {
            return Err(ExtractError::OverLimit {
                format: FORMAT,
                what: format!("more than {} bytes of text", self.max_text),
                limit: self.max_text,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn part(xml: &str) -> Part<&[u8]> {
        Part::new(
            "test.xml",
            xml.as_bytes(),
            xml.len() as u64,
            &Limits::default(),
        )
    }

    fn body(paragraphs: &str) -> String {
        let xml = format!("<w:document {W}><w:body>{paragraphs}</w:body></w:document>");
        let styles = Styles::default();
        Walker::new(&styles, Numbering::default(), &Limits::default())
            .run(&mut part(&xml))
            .unwrap()
    }

    #[test]
    fn numbers_in_words_of_letters_and_roman_numerals() {
        assert_eq!(NumFmt::LowerLetter.format(1), "a");
        assert_eq!(NumFmt::LowerLetter.format(27), "aa");
        assert_eq!(NumFmt::UpperLetter.format(3), "C");
        assert_eq!(NumFmt::LowerRoman.format(4), "iv");
        assert_eq!(NumFmt::UpperRoman.format(1994), "MCMXCIV");
        assert_eq!(NumFmt::UpperRoman.format(5000), "5000");
        assert_eq!(NumFmt::DecimalZero.format(7), "07");
        assert_eq!(NumFmt::LowerLetter.format(u32::MAX), u32::MAX.to_string());
    }

    #[test]
    fn heading_names_in_english_and_danish() {
        assert_eq!(heading_name_level("heading1"), Some(1));
        assert_eq!(heading_name_level("overskrift3"), Some(3));
        assert_eq!(heading_name_level("heading9"), Some(6));
        assert_eq!(heading_name_level("titel"), Some(1));
        assert_eq!(heading_name_level("undertitel"), Some(2));
        assert_eq!(heading_name_level("headingchar"), None);
        assert_eq!(heading_name_level("overskrift"), None);
    }

    #[test]
    fn markers_are_tidied() {
        assert_eq!(tidy_marker("(a)".into(), NumFmt::LowerLetter), "a)");
        assert_eq!(tidy_marker("a".into(), NumFmt::LowerLetter), "a)");
        assert_eq!(tidy_marker("4".into(), NumFmt::Decimal), "4.");
        assert_eq!(tidy_marker("1.2.".into(), NumFmt::Decimal), "1.2.");
        assert_eq!(tidy_marker("Punkt 3:".into(), NumFmt::Decimal), "Punkt 3:");
    }

    #[test]
    fn runs_breaks_tabs_and_entities() {
        let out = body(
            r#"<w:p><w:r><w:t xml:space="preserve">A &amp; B </w:t></w:r><w:r><w:tab/><w:t>C&#230;</w:t><w:br/><w:t>D</w:t></w:r></w:p>"#,
        );
        assert_eq!(out, "A & B Cæ  \nD\n");
    }

    #[test]
    fn alternate_content_is_read_once() {
        let out = body(
            r#"<w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Boks</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Boks</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Efter</w:t></w:r></w:p>"#,
        );
        assert_eq!(out, "Boks\n\nEfter\n");
    }

    #[test]
    fn unclosed_elements_are_damage() {
        let xml = format!("<w:document {W}><w:body><w:p>");
        let styles = Styles::default();
        let err = Walker::new(&styles, Numbering::default(), &Limits::default())
            .run(&mut part(&xml))
            .unwrap_err();
        assert!(matches!(err, ExtractError::Damaged { .. }), "{err}");
    }
}
