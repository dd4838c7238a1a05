//! The styles of `word/styles.xml`: which paragraphs are headings (by style name or
//! outline level, through inheritance), which runs are bold or hidden, which
//! paragraphs are numbered through their style.

use std::collections::HashMap;
use std::io::Read;

use super::MAX_CHAIN;
use super::part::{Ev, Key, Name, Part, children};
use super::properties::{ParaProps, RunProps, read_ppr, read_rpr};
use crate::ExtractError;

#[derive(Clone, Debug, Default)]
pub(super) struct Style {
    /// The name, lower case without spaces: `heading1`, `overskrift2`.
    name: String,
    paragraph: bool,
    based_on: Option<String>,
    pub(super) ppr: ParaProps,
    rpr: RunProps,
}

#[derive(Debug, Default)]
pub(super) struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
    default_character: Option<String>,
    default_run: RunProps,
}

impl Styles {
    pub(super) fn read<R: Read>(part: &mut Part<R>) -> Result<Styles, ExtractError> {
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
    pub(super) fn chain<'a>(
        &'a self,
        id: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a str, &'a Style)> {
        let mut next = id;
        std::iter::from_fn(move || {
            let id = next?;
            let style = self.styles.get(id)?;
            next = style.based_on.as_deref().filter(|b| *b != id);
            Some((id, style))
        })
        .take(MAX_CHAIN)
    }

    pub(super) fn paragraph_style<'a>(&'a self, props: &'a ParaProps) -> Option<&'a str> {
        props.style.as_deref().or(self.default_paragraph.as_deref())
    }

    /// The heading level of a paragraph, from its outline level or its style's name
    /// or outline level (through inheritance).
    pub(super) fn heading_level(&self, props: &ParaProps) -> Option<u8> {
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
    pub(super) fn run_format(&self, para: &ParaProps, run: &RunProps) -> (bool, bool) {
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
    pub(super) fn numbering(&self, props: &ParaProps) -> Option<(u32, Option<u8>)> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
