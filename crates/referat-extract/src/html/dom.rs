//! Questions about elements: what they are (block, heading, list) and whether they are
//! text at all (hidden, scripts, navigation, form controls, cookie banners).

use scraper::{CaseSensitivity, ElementRef, Node};

pub(super) fn name<'a>(el: &ElementRef<'a>) -> &'a str {
    el.value().name()
}

pub(super) fn has_class(el: &ElementRef<'_>, class: &str) -> bool {
    el.value()
        .has_class(class, CaseSensitivity::AsciiCaseInsensitive)
}

pub(super) fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Elements that start and end a block of text (browsers' `display: block` and its
/// relatives), apart from those the walk treats on their own (headings, lists, tables).
pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
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
            | "form"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "listing"
            | "main"
            | "nav"
            | "p"
            | "plaintext"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "xmp"
    )
}

/// Sectioning elements: a `header` or `footer` inside one belongs to it and is text.
pub(super) fn is_sectioning(name: &str) -> bool {
    matches!(name, "article" | "aside" | "main" | "section")
}

/// Elements that never hold text of the document.
fn is_never_text(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "nav"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "audio"
            | "video"
            | "picture"
            | "img"
            | "map"
            | "input"
            | "select"
            | "option"
            | "optgroup"
            | "datalist"
            | "textarea"
            | "output"
            | "progress"
            | "meter"
            | "link"
            | "meta"
            | "base"
            | "title"
    )
}

/// Whether an element and all it holds is left out of the text. `in_section` says
/// whether it stands inside an article, aside, main or section, where a `header` or
/// `footer` is the section's own and not the page's.
pub(super) fn is_excluded(el: &ElementRef<'_>, in_section: bool) -> bool {
    let name = name(el);
    if is_never_text(name) {
        return true;
    }
    if matches!(name, "header" | "footer") && !in_section {
        return true;
    }
    if name == "dialog" && el.attr("open").is_none() {
        return true;
    }
    // A button is UI, unless it wraps a heading (FirstAgenda puts item titles in one)
    // or a heading wraps it (an accordion's item title, `<h2><button>1. Budget`).
    if name == "button" && !contains_heading(el) && !in_heading(el) {
        return true;
    }
    // A label of a form control is UI.
    if name == "label" && el.attr("for").is_some() {
        return true;
    }
    is_hidden(el) || is_ui_role(el) || is_cookie_banner(el) || is_site_furniture(el)
}

/// The site around a published document, by the id and class names that site builders
/// give it: menus, breadcrumbs, sidebars, the site's header and footer, comments.
fn is_site_furniture(el: &ElementRef<'_>) -> bool {
    if matches!(name(el), "html" | "body" | "main" | "article") {
        return false;
    }
    let v = el.value();
    let furniture = |s: &str| {
        let lower = s.to_ascii_lowercase();
        let parts: Vec<&str> = lower.split(['-', '_']).filter(|p| !p.is_empty()).collect();
        let on_its_own = parts.iter().any(|p| {
            matches!(
                *p,
                "menu"
                    | "nav"
                    | "navbar"
                    | "navigation"
                    | "breadcrumb"
                    | "breadcrumbs"
                    | "masthead"
                    | "colophon"
                    | "sidebar"
                    | "comments"
                    | "comment"
            )
        }) || parts.windows(2).any(|w| w == ["skip", "link"]);
        let site_edge = parts.iter().any(|p| matches!(*p, "header" | "footer"))
            && parts
                .iter()
                .any(|p| matches!(*p, "site" | "page" | "global" | "wixui"));
        on_its_own || site_edge
    };
    v.id().is_some_and(furniture) || v.classes().any(furniture)
}

/// Hidden by the `hidden` attribute, `aria-hidden`, an inline style or the common
/// utility classes that hide (Bootstrap's `hidden`, `d-none` and `modal` dialogs).
pub(super) fn is_hidden(el: &ElementRef<'_>) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() {
        return true;
    }
    if v.attr("aria-hidden")
        .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = v.attr("style") {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    v.classes().any(|c| {
        ["hidden", "d-none", "modal"]
            .iter()
            .any(|h| c.eq_ignore_ascii_case(h))
    })
}

fn is_ui_role(el: &ElementRef<'_>) -> bool {
    let Some(role) = el.attr("role") else {
        return false;
    };
    role.split_whitespace().any(|r| {
        [
            "navigation",
            "banner",
            "contentinfo",
            "dialog",
            "alertdialog",
            "menu",
            "menubar",
            "toolbar",
            "search",
            "tooltip",
        ]
        .iter()
        .any(|ui| r.eq_ignore_ascii_case(ui))
    })
}

/// Cookie and consent banners, by their id or class.
pub(super) fn is_cookie_banner(el: &ElementRef<'_>) -> bool {
    let v = el.value();
    let marked = |s: &str| {
        let lower = s.to_ascii_lowercase();
        ["cookie", "consent", "gdpr"]
            .iter()
            .any(|w| lower.contains(w))
    };
    v.id().is_some_and(marked) || v.classes().any(marked)
}

fn in_heading(el: &ElementRef<'_>) -> bool {
    el.ancestors()
        .take(3)
        .filter_map(ElementRef::wrap)
        .any(|a| heading_level(name(&a)).is_some())
}

pub(super) fn contains_heading(el: &ElementRef<'_>) -> bool {
    el.descendent_elements()
        .skip(1)
        .any(|d| heading_level(name(&d)).is_some())
}

/// Bold by its own markup: `b`, `strong`, or an inline `font-weight` of bold.
pub(super) fn is_bold(el: &ElementRef<'_>) -> bool {
    let name = name(el);
    if matches!(name, "b" | "strong") {
        return true;
    }
    el.attr("style").is_some_and(|style| {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        [
            "font-weight:bold",
            "font-weight:700",
            "font-weight:800",
            "font-weight:900",
        ]
        .iter()
        .any(|b| compact.contains(b))
    })
}

/// The text of an element with white space collapsed, leaving out what is not text
/// (scripts, hidden elements).
pub(super) fn text_of(el: &ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut space = false;
    let mut stack = vec![**el];
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                for c in t.chars() {
                    if c.is_whitespace() {
                        space = true;
                    } else {
                        if space && !out.is_empty() {
                            out.push(' ');
                        }
                        space = false;
                        out.push(c);
                    }
                }
            }
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(node) {
                    if e != *el && is_excluded(&e, true) {
                        continue;
                    }
                    if is_block(name(&e)) || name(&e) == "br" {
                        space = true;
                    }
                }
                stack.extend(node.children().rev());
            }
            _ => {}
        }
    }
    out
}

/// White space collapsed to single spaces, ends trimmed.
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
