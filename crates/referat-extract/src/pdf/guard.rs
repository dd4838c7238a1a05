//! Repairs made to a loaded PDF before its text is read, where `pdf-extract` would
//! otherwise recurse without end or panic: loops in the page tree, form XObjects that
//! draw themselves, missing or malformed page boxes, and images it would try to read
//! as drawing instructions. Also refused here, before any drawing: streams that unpack
//! past the budget ([`budget::unpack_streams`]) and forms that fan out into more
//! drawings than `Limits::max_form_draws`.
//!
//! A stack overflow aborts the process and cannot be caught like a panic, so the
//! loops must be broken before the extractor walks them.

use std::collections::{BTreeMap, HashMap, HashSet};

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use super::budget;
use crate::{ExtractError, Limits};

/// The deepest chain of `/Parent` links followed; real page trees are a few levels.
const MAX_PARENT_DEPTH: usize = 64;
/// The deepest nesting of form XObjects kept; real documents nest a few.
const MAX_FORM_DEPTH: usize = 32;
/// The most form XObjects examined in one document, so that a crafted web of forms
/// cannot make the check itself slow.
const MAX_FORM_VISITS: usize = 100_000;
/// US Letter, the box `pdftotext` assumes when a page has none.
const DEFAULT_MEDIA_BOX: [f32; 4] = [0.0, 0.0, 612.0, 792.0];

/// Makes the document safe to hand to `pdf-extract`; `Err` says what is beyond repair
/// or over the budget.
pub(super) fn prepare(
    doc: &mut Document,
    pages: &BTreeMap<u32, ObjectId>,
    limits: &Limits,
) -> Result<(), ExtractError> {
    blank_images(doc);
    budget::unpack_streams(doc, limits)?;
    for &page in pages.values() {
        break_parent_loop(doc, page);
        fix_media_box(doc, page);
    }
    let cut = self_drawing_forms(doc, pages, limits.max_form_draws)?;
    for (id, name) in cut {
        if let Ok(Object::Stream(stream)) = doc.get_object_mut(id) {
            drop_drawing(stream, &name);
        }
    }
    Ok(())
}

/// `pdf-extract` runs every XObject it is told to draw as a content stream, images
/// too: their pixels would be parsed as drawing operators, slowly and sometimes into
/// a panic. An empty stream draws nothing, which is all an image is to the text.
fn blank_images(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if is_subtype(stream, b"Image") {
                blank(stream);
            }
        }
    }
}

fn blank(stream: &mut Stream) {
    stream.content.clear();
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
}

fn is_subtype(stream: &Stream, subtype: &[u8]) -> bool {
    stream
        .dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|name| name == subtype)
}

/// Inherited attributes are looked up along `/Parent` links by recursion; a loop in
/// them is cut where it closes.
fn break_parent_loop(doc: &mut Document, page: ObjectId) {
    let mut seen = HashSet::from([page]);
    let mut id = page;
    for _ in 0..MAX_PARENT_DEPTH {
        let parent = match doc.get_dictionary(id) {
            Ok(dict) => match dict.get(b"Parent").and_then(Object::as_reference) {
                Ok(parent) => parent,
                Err(_) => return,
            },
            Err(_) => return,
        };
        if !seen.insert(parent) {
            break;
        }
        id = parent;
    }
    if let Ok(dict) = doc.get_dictionary_mut(id) {
        dict.remove(b"Parent");
    }
}

/// `pdf-extract` insists on a `/MediaBox` of four numbers, inherited or not; a page
/// gets its own, read the way the extractor reads it, or the default one.
fn fix_media_box(doc: &mut Document, page: ObjectId) {
    let found = inherited(doc, page, b"MediaBox").and_then(|object| numbers(doc, object));
    let media_box = found.unwrap_or(DEFAULT_MEDIA_BOX);
    if let Ok(dict) = doc.get_dictionary_mut(page) {
        dict.set(
            "MediaBox",
            Object::Array(media_box.iter().map(|&n| Object::Real(n)).collect()),
        );
    }
}

fn numbers(doc: &Document, object: &Object) -> Option<[f32; 4]> {
    let array = deref(doc, object).as_array().ok()?;
    let mut out = [0.0f32; 4];
    if array.len() != out.len() {
        return None;
    }
    for (slot, item) in out.iter_mut().zip(array) {
        *slot = match item {
            Object::Integer(i) => *i as f32,
            Object::Real(r) => *r,
            _ => return None,
        };
    }
    out.iter().all(|n| n.is_finite()).then_some(out)
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        _ => object,
    }
}

/// A page attribute from the page or the nearest ancestor that has it (the loops
/// already cut).
fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..MAX_PARENT_DEPTH {
        if let Ok(object) = dict.get(key) {
            return Some(object);
        }
        let parent = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn dictionary<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    deref(doc, object).as_dict().ok()
}

/// Removes from a form the `Do` operations that draw `name`, keeping its text.
fn drop_drawing(stream: &mut Stream, name: &[u8]) {
    let Ok(mut content) = Content::decode(&content_bytes(stream)) else {
        blank(stream);
        return;
    };
    content.operations.retain(|op| {
        op.operator != "Do"
            || op
                .operands
                .first()
                .and_then(|o| o.as_name().ok())
                .is_none_or(|n| n != name)
    });
    match content.encode() {
        Ok(bytes) => {
            stream.content = bytes;
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
        }
        Err(_) => blank(stream),
    }
}

/// The forms, and the names they draw, whose drawing would lead back to themselves
/// (or nest deeper than [`MAX_FORM_DEPTH`]): removing those `Do`s cuts every such
/// loop and keeps the rest of the drawing. The drawings the rest will take are
/// counted, each form as often as it is drawn, and refused over `max_draws`.
fn self_drawing_forms(
    doc: &Document,
    pages: &BTreeMap<u32, ObjectId>,
    max_draws: u64,
) -> Result<Vec<(ObjectId, Vec<u8>)>, ExtractError> {
    let mut walk = FormWalk {
        doc,
        path: Vec::new(),
        done: HashMap::new(),
        cut: Vec::new(),
        visits: 0,
    };
    let mut draws: u64 = 0;
    for (&number, &page) in pages {
        let Some(resources) = inherited(doc, page, b"Resources").and_then(|r| dictionary(doc, r))
        else {
            continue;
        };
        // Which forms the page draws would need its content parsed; any form it
        // could draw is checked instead, and counted as drawn once.
        for form in walk.forms(resources) {
            let drawn = walk.visit(form, resources).map_err(super::damaged)?;
            draws = draws.saturating_add(drawn);
            if draws > max_draws {
                return Err(ExtractError::OverLimit {
                    format: "pdf",
                    what: format!(
                        "more than {max_draws} drawings of forms (form XObjects drawing \
                         each other, {}), by page {number}",
                        if drawn == u64::MAX {
                            "too many to count".to_string()
                        } else {
                            format!("{drawn} from one form")
                        }
                    ),
                    limit: max_draws,
                });
            }
        }
    }
    Ok(walk.cut)
}

struct FormWalk<'a> {
    doc: &'a Document,
    path: Vec<ObjectId>,
    /// Forms checked, with the address of the resources they inherited (the same form
    /// drawn from another page may see other resources): the drawings one drawing of
    /// the form makes, itself included.
    done: HashMap<(ObjectId, usize), u64>,
    cut: Vec<(ObjectId, Vec<u8>)>,
    visits: usize,
}

impl<'a> FormWalk<'a> {
    /// The form XObjects a resource dictionary names, with their names.
    fn forms(&self, resources: &'a Dictionary) -> Vec<ObjectId> {
        self.named_forms(resources)
            .into_iter()
            .map(|(_, id)| id)
            .collect()
    }

    fn named_forms(&self, resources: &'a Dictionary) -> Vec<(&'a [u8], ObjectId)> {
        let Some(xobjects) = resources
            .get(b"XObject")
            .ok()
            .and_then(|x| dictionary(self.doc, x))
        else {
            return Vec::new();
        };
        xobjects
            .iter()
            .filter_map(|(name, object)| {
                let id = object.as_reference().ok()?;
                match self.doc.get_object(id) {
                    Ok(Object::Stream(stream)) if is_subtype(stream, b"Form") => {
                        Some((name.as_slice(), id))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// Checks a form and those it draws; how many drawings one drawing of it makes,
    /// itself included (saturating: forms can multiply past any number).
    fn visit(&mut self, form: ObjectId, inherited: &'a Dictionary) -> Result<u64, String> {
        let Ok(Object::Stream(stream)) = self.doc.get_object(form) else {
            return Ok(0);
        };
        let resources = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| dictionary(self.doc, r))
            .unwrap_or(inherited);
        let key = (form, std::ptr::from_ref(resources) as usize);
        if let Some(&draws) = self.done.get(&key) {
            return Ok(draws);
        }
        self.visits += 1;
        if self.visits > MAX_FORM_VISITS {
            return Err(format!(
                "over {MAX_FORM_VISITS} nested drawings (form XObjects) to follow"
            ));
        }
        self.path.push(form);
        let drawn = drawn_names(stream);
        let mut draws: u64 = 1;
        for (name, target) in self.named_forms(resources) {
            let times = drawn.iter().filter(|d| d.as_slice() == name).count() as u64;
            if times == 0 {
                continue;
            }
            if self.path.contains(&target) || self.path.len() >= MAX_FORM_DEPTH {
                self.cut.push((form, name.to_vec()));
                continue;
            }
            let each = self.visit(target, resources)?;
            draws = draws.saturating_add(times.saturating_mul(each));
        }
        self.path.pop();
        self.done.insert(key, draws);
        Ok(draws)
    }
}

/// The names a content stream draws with `Do`.
fn drawn_names(stream: &Stream) -> Vec<Vec<u8>> {
    let Ok(content) = Content::decode(&content_bytes(stream)) else {
        return Vec::new();
    };
    content
        .operations
        .into_iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| {
            op.operands
                .first()
                .and_then(|o| o.as_name().ok())
                .map(<[u8]>::to_vec)
        })
        .collect()
}

/// A stream's data as pdf-extract reads it: undecodable filters leave the raw bytes.
fn content_bytes(stream: &Stream) -> Vec<u8> {
    stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone())
}
