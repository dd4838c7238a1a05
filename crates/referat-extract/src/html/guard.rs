//! A cheap look at the markup before html5ever builds the tree: how deep will the
//! elements nest, and how many attributes does an element have?
//!
//! html5ever checks each attribute of a tag against those before it (duplicates are
//! dropped), so one element with 300,000 attributes took 49 s; this pass counts them
//! in one go and refuses an element with more than `max_attributes`.
//!
//! html5ever never recurses, but it is not linear in the nesting either: for many start
//! tags it looks down the whole stack of open elements ("is there a `p` in button
//! scope?"), so 100 000 nested `div`s take minutes, not milliseconds. This pass
//! tokenizes the source roughly (tags, attributes with their quotes, comments, raw text
//! elements) and keeps a model of the open elements with the implied end tags that
//! matter (`p`, `li`, `dt`/`dd`, table parts, `option`, headings, formatting elements),
//! so that ordinary sloppy HTML — unclosed `<p>` and `<li>` by the thousand — is not
//! taken for deep nesting. Its stack is bounded by the threshold, so it costs at most
//! that much per tag and never more memory than that.
//!
//! The model only estimates; the walk over the built tree counts exactly and refuses
//! anything deeper than `max_depth`. The guard therefore refuses only at twice the
//! limit (plus a little), where a mistake of the model cannot be the reason.

use std::collections::HashMap;

use crate::{ExtractError, Limits};

/// The modelled depth at which the guard refuses.
fn threshold(limits: &Limits) -> usize {
    limits.max_depth.saturating_mul(2).saturating_add(16)
}

/// The error for nesting over the limit, from the guard and from the walk alike.
pub(super) fn over_limit(max_depth: usize) -> ExtractError {
    ExtractError::OverLimit {
        format: "html",
        what: format!("elements nested more than {max_depth} deep"),
        limit: max_depth as u64,
    }
}

/// Refuses markup whose elements would nest far deeper than `limits.max_depth`, or
/// an element with more than `limits.max_attributes` attributes.
pub(super) fn check(source: &str, limits: &Limits) -> Result<(), ExtractError> {
    let mut model = Model {
        stack: Vec::new(),
        counts: HashMap::new(),
        limit: threshold(limits),
        max_depth: limits.max_depth,
    };
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(off) = source.get(i..).and_then(|s| s.find('<')) else {
            break;
        };
        let lt = i + off;
        let rest = bytes.get(lt + 1..).unwrap_or(&[]);
        match rest.first() {
            Some(b'!') => {
                i = if rest.starts_with(b"!--") {
                    find_from(bytes, lt + 2, b"-->").map_or(bytes.len(), |p| p + 3)
                } else if rest.starts_with(b"![CDATA[") && model.in_foreign() {
                    find_from(bytes, lt + 9, b"]]>").map_or(bytes.len(), |p| p + 3)
                } else {
                    find_from(bytes, lt + 1, b">").map_or(bytes.len(), |p| p + 1)
                };
            }
            Some(b'?') => {
                i = find_from(bytes, lt + 1, b">").map_or(bytes.len(), |p| p + 1);
            }
            Some(b'/') => match rest.get(1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let (name, after) = tag_name(bytes, lt + 2);
                    let (end, _, _) = tag_end(bytes, after);
                    model.end(&name);
                    i = end;
                }
                _ => i = find_from(bytes, lt + 1, b">").map_or(bytes.len(), |p| p + 1),
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, after) = tag_name(bytes, lt + 1);
                let (end, self_closing, attributes) = tag_end(bytes, after);
                if attributes > limits.max_attributes {
                    return Err(ExtractError::OverLimit {
                        format: "html",
                        what: format!(
                            "an element (<{name}>) with more than {} attributes",
                            limits.max_attributes
                        ),
                        limit: limits.max_attributes as u64,
                    });
                }
                i = end;
                if name == "plaintext" {
                    // Everything after it is text.
                    return Ok(());
                }
                if is_raw_text(&name) && !model.in_foreign() {
                    i = raw_text_end(bytes, end, &name);
                    continue;
                }
                model.start(name, self_closing)?;
            }
            _ => i = lt + 1,
        }
    }
    Ok(())
}

struct Model {
    stack: Vec<String>,
    counts: HashMap<String, usize>,
    limit: usize,
    max_depth: usize,
}

impl Model {
    fn depth(&self) -> usize {
        // `html` and `body` are not on the modelled stack.
        self.stack.len() + 2
    }

    fn has(&self, name: &str) -> bool {
        self.counts.get(name).is_some_and(|&n| n > 0)
    }

    fn in_foreign(&self) -> bool {
        self.has("svg") || self.has("math")
    }

    fn top(&self) -> Option<&str> {
        self.stack.last().map(String::as_str)
    }

    fn push(&mut self, name: String) -> Result<(), ExtractError> {
        if self.depth() >= self.limit {
            return Err(over_limit(self.max_depth));
        }
        *self.counts.entry(name.clone()).or_insert(0) += 1;
        self.stack.push(name);
        Ok(())
    }

    fn pop(&mut self) -> Option<String> {
        let name = self.stack.pop()?;
        if let Some(n) = self.counts.get_mut(&name) {
            *n = n.saturating_sub(1);
        }
        Some(name)
    }

    fn truncate(&mut self, len: usize) {
        while self.stack.len() > len {
            self.pop();
        }
    }

    /// The index of the topmost `name` that is in scope: no scope boundary above it.
    fn in_scope(&self, name: &str, boundaries: &[&str]) -> Option<usize> {
        if !self.has(name) {
            return None;
        }
        for (k, open) in self.stack.iter().enumerate().rev() {
            if open == name {
                return Some(k);
            }
            if boundaries.contains(&open.as_str()) {
                return None;
            }
        }
        None
    }

    /// The nearest open element of the given names.
    fn nearest(&self, names: &[&str]) -> Option<usize> {
        self.stack
            .iter()
            .rposition(|open| names.contains(&open.as_str()))
    }

    fn close_p(&mut self) {
        if let Some(k) = self.in_scope("p", BUTTON_SCOPE) {
            self.truncate(k);
        }
    }

    /// The adoption agency, roughly: a formatting element is closed; block elements
    /// opened inside it stay open at its depth.
    fn close_formatting(&mut self, name: &str) {
        let Some(k) = self.in_scope(name, DEFAULT_SCOPE) else {
            return;
        };
        let block_above = self
            .stack
            .get(k + 1..)
            .unwrap_or(&[])
            .iter()
            .any(|open| is_special(open));
        if block_above {
            let removed = self.stack.remove(k);
            if let Some(n) = self.counts.get_mut(&removed) {
                *n = n.saturating_sub(1);
            }
        } else {
            self.truncate(k);
        }
    }

    fn start(&mut self, name: String, self_closing: bool) -> Result<(), ExtractError> {
        let n = name.as_str();
        if matches!(n, "html" | "body" | "head" | "frameset") || is_void(n) {
            return Ok(());
        }
        if self.in_foreign() {
            if !is_breakout(n) {
                return if self_closing {
                    Ok(())
                } else {
                    self.push(name)
                };
            }
            // An HTML element ends the SVG or MathML it stands in.
            if let Some(k) = self.stack.iter().position(|o| o == "svg" || o == "math") {
                self.truncate(k);
            }
        }
        if self.has("select") {
            match n {
                "option" | "optgroup" => {}
                "select" | "input" | "textarea" | "keygen" => {
                    if let Some(k) = self.nearest(&["select"]) {
                        self.truncate(k);
                    }
                    return Ok(());
                }
                // Nothing else is allowed in a select.
                _ => return Ok(()),
            }
        }
        match n {
            "li" => {
                self.close_list_item(&["li"]);
                self.close_p();
            }
            "dd" | "dt" => {
                self.close_list_item(&["dd", "dt"]);
                self.close_p();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_p();
                if self.top().is_some_and(is_heading) {
                    self.pop();
                }
            }
            "a" | "nobr" => self.close_formatting(n),
            "button" => {
                if let Some(k) = self.in_scope("button", DEFAULT_SCOPE) {
                    self.truncate(k);
                }
            }
            "form" => {
                if self.has("form") {
                    return Ok(());
                }
                self.close_p();
            }
            "option" if self.top() == Some("option") => {
                self.pop();
            }
            "optgroup" => {
                if self.top() == Some("option") {
                    self.pop();
                }
                if self.top() == Some("optgroup") {
                    self.pop();
                }
            }
            "table" => {
                // A table straight inside a table (not in a cell) ends the first.
                if let Some(k) = self.nearest(&["table", "td", "th", "caption"]) {
                    if self.stack.get(k).is_some_and(|o| o == "table") {
                        self.truncate(k);
                    }
                }
                self.close_p();
            }
            "caption" | "colgroup" | "tbody" | "thead" | "tfoot" => {
                let Some(k) = self.nearest(&["table"]) else {
                    return Ok(());
                };
                self.truncate(k + 1);
            }
            "tr" => {
                let Some(t) = self.nearest(&["table"]) else {
                    return Ok(());
                };
                self.truncate(t + 1);
                if let Some(s) = self
                    .nearest(&["tbody", "thead", "tfoot"])
                    .filter(|&s| s > t)
                {
                    self.truncate(s + 1);
                } else {
                    self.push("tbody".into())?;
                }
            }
            "td" | "th" => {
                let Some(t) = self.nearest(&["table"]) else {
                    return Ok(());
                };
                match self.nearest(&["tr"]).filter(|&r| r > t) {
                    Some(r) => self.truncate(r + 1),
                    None => {
                        self.truncate(t + 1);
                        if self
                            .nearest(&["tbody", "thead", "tfoot"])
                            .is_none_or(|s| s < t)
                        {
                            self.push("tbody".into())?;
                        }
                        self.push("tr".into())?;
                    }
                }
            }
            _ if closes_p(n) => self.close_p(),
            _ => {}
        }
        self.push(name)
    }

    /// A new `li` (or `dd`/`dt`) ends the open one, unless a list or another block
    /// stands between them.
    fn close_list_item(&mut self, names: &[&str]) {
        for k in (0..self.stack.len()).rev() {
            let Some(open) = self.stack.get(k) else { break };
            if names.contains(&open.as_str()) {
                self.truncate(k);
                return;
            }
            if is_special(open) && !matches!(open.as_str(), "address" | "div" | "p") {
                return;
            }
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "html" | "body" | "head" | "br" => {}
            "p" => self.close_p(),
            "li" => {
                if let Some(k) = self.in_scope("li", LIST_ITEM_SCOPE) {
                    self.truncate(k);
                }
            }
            _ if is_formatting(name) => self.close_formatting(name),
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" => {
                if let Some(k) = self.in_scope(name, TABLE_SCOPE) {
                    self.truncate(k);
                }
            }
            _ => {
                let boundaries = if self.in_foreign() {
                    &[][..]
                } else {
                    DEFAULT_SCOPE
                };
                if let Some(k) = self.in_scope(name, boundaries) {
                    self.truncate(k);
                }
            }
        }
    }
}

const DEFAULT_SCOPE: &[&str] = &[
    "applet", "caption", "table", "td", "th", "marquee", "object", "template", "svg", "math",
];
const BUTTON_SCOPE: &[&str] = &[
    "applet", "caption", "table", "td", "th", "marquee", "object", "template", "svg", "math",
    "button",
];
const LIST_ITEM_SCOPE: &[&str] = &[
    "applet", "caption", "table", "td", "th", "marquee", "object", "template", "svg", "math", "ol",
    "ul",
];
const TABLE_SCOPE: &[&str] = &["table", "template"];

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "image"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "textarea"
            | "title"
    )
}

fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "ul"
    )
}

/// The HTML "special" elements: blocks the adoption agency and list items stop at.
fn is_special(name: &str) -> bool {
    closes_p(name)
        || is_heading(name)
        || matches!(
            name,
            "applet"
                | "button"
                | "caption"
                | "colgroup"
                | "dd"
                | "dt"
                | "form"
                | "iframe"
                | "li"
                | "marquee"
                | "object"
                | "select"
                | "table"
                | "tbody"
                | "td"
                | "template"
                | "textarea"
                | "tfoot"
                | "th"
                | "thead"
                | "tr"
        )
}

/// HTML elements that end SVG or MathML content they appear in.
fn is_breakout(name: &str) -> bool {
    is_heading(name)
        || matches!(
            name,
            "b" | "big"
                | "blockquote"
                | "body"
                | "br"
                | "center"
                | "code"
                | "dd"
                | "div"
                | "dl"
                | "dt"
                | "em"
                | "embed"
                | "head"
                | "hr"
                | "i"
                | "img"
                | "li"
                | "listing"
                | "menu"
                | "meta"
                | "nobr"
                | "ol"
                | "p"
                | "pre"
                | "ruby"
                | "s"
                | "small"
                | "span"
                | "strike"
                | "strong"
                | "sub"
                | "sup"
                | "table"
                | "tt"
                | "u"
                | "ul"
                | "var"
        )
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    if needle.len() == 1 {
        let b = *needle.first()?;
        return hay.iter().position(|&c| c == b).map(|p| p + from);
    }
    hay.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// A tag name, lower-cased (at most 32 bytes kept), and where it ends.
fn tag_name(bytes: &[u8], from: usize) -> (String, usize) {
    let mut name = String::new();
    let mut i = from;
    while let Some(&c) = bytes.get(i) {
        if c.is_ascii_whitespace() || c == b'/' || c == b'>' {
            break;
        }
        if name.len() < 32 {
            if c.is_ascii() {
                name.push(char::from(c.to_ascii_lowercase()));
            } else {
                name.push('?');
            }
        }
        i += 1;
    }
    (name, i)
}

/// Skips a tag's attributes, minding their quotes; returns the index after the `>`,
/// whether the tag closes itself (`/>`) and how many attributes it has.
fn tag_end(bytes: &[u8], from: usize) -> (usize, bool, usize) {
    let mut i = from;
    let mut slash = false;
    let mut attributes = 0;
    loop {
        // Between attributes.
        while let Some(&c) = bytes.get(i) {
            if c.is_ascii_whitespace() {
                i += 1;
            } else if c == b'/' {
                slash = true;
                i += 1;
            } else {
                break;
            }
        }
        match bytes.get(i) {
            None => return (bytes.len(), false, attributes),
            Some(b'>') => return (i + 1, slash, attributes),
            Some(_) => slash = false,
        }
        attributes += 1;
        // The attribute name (its first character may be '=').
        i += 1;
        while let Some(&c) = bytes.get(i) {
            if c.is_ascii_whitespace() || c == b'/' || c == b'>' || c == b'=' {
                break;
            }
            i += 1;
        }
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                i = find_from(bytes, i + 1, &[q]).map_or(bytes.len(), |p| p + 1);
            }
            _ => {
                while let Some(&c) = bytes.get(i) {
                    if c.is_ascii_whitespace() || c == b'>' {
                        break;
                    }
                    i += 1;
                }
            }
        }
    }
}

/// The index after the end tag of a raw text element (`</script>`), or the end.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(p) = find_from(bytes, i, b"</") {
        let candidate = bytes.get(p + 2..p + 2 + name.len());
        let follows = bytes.get(p + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes()))
            && follows.is_none_or(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        {
            return tag_end(bytes, p + 2 + name.len()).0;
        }
        i = p + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_ok(source: &str, max_depth: usize) -> bool {
        let limits = Limits {
            max_depth,
            ..Limits::default()
        };
        check(source, &limits).is_ok()
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = "<div>".repeat(200_000);
        assert!(!depth_ok(&deep, 512));
        let spans = format!("<body>{}", "<span>".repeat(2000));
        assert!(!depth_ok(&spans, 512));
    }

    #[test]
    fn implied_end_tags_are_not_nesting() {
        let paras = format!("<body>{}", "<p>Tekst".repeat(5000));
        assert!(depth_ok(&paras, 64));
        let items = format!("<ul>{}</ul>", "<li>Punkt".repeat(5000));
        assert!(depth_ok(&items, 64));
        let rows = format!("<table>{}</table>", "<tr><td>a<td>b".repeat(5000));
        assert!(depth_ok(&rows, 64));
        let links = "<a href=x>link ".repeat(5000);
        assert!(depth_ok(&links, 64));
        let options = format!("<select>{}</select>", "<option>x<div>".repeat(5000));
        assert!(depth_ok(&options, 64));
    }

    #[test]
    fn markup_in_comments_scripts_and_attributes_is_not_counted() {
        let hidden = format!(
            "<!-- {} --><script>{}</script><p title=\"{}\">x</p>",
            "<div>".repeat(5000),
            "<div>".repeat(5000),
            "<div>".repeat(5000)
        );
        assert!(depth_ok(&hidden, 64));
    }

    #[test]
    fn an_element_with_absurdly_many_attributes_is_refused() {
        let limits = Limits::default();
        let many = format!("<p{}>x</p>", " a=1".repeat(limits.max_attributes + 1));
        let err = check(&many, &limits).unwrap_err();
        assert!(
            err.to_string()
                .contains("<p>) with more than 1000 attributes"),
            "{err}"
        );
        let enough = format!("<p{}>x</p>", " a=1".repeat(limits.max_attributes));
        assert!(check(&enough, &limits).is_ok());
        // Attributes inside a quoted value are not counted.
        let quoted = format!("<p title=\"{}\">x</p>", " a=1".repeat(5000));
        assert!(check(&quoted, &limits).is_ok());
    }

    #[test]
    fn end_tags_out_of_scope_do_not_hide_nesting() {
        // html5ever ignores the </div>: the td is a scope boundary.
        let sneaky = "<div><table><tr><td></div>".repeat(1000);
        assert!(!depth_ok(&sneaky, 512));
        // The adoption agency leaves the div open.
        let adopted = "<b><div></b>".repeat(2000);
        assert!(!depth_ok(&adopted, 512));
    }
}
