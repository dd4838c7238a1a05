//! Paragraph and run properties (`w:pPr`, `w:rPr`): style, list numbering and level,
//! outline level, bold, hidden.

use std::io::Read;

use super::part::{Key, Name, Part, children};
use crate::ExtractError;

#[derive(Clone, Debug, Default)]
pub(super) struct ParaProps {
    pub(super) style: Option<String>,
    pub(super) num_id: Option<u32>,
    pub(super) ilvl: Option<u8>,
    pub(super) outline: Option<u8>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct RunProps {
    pub(super) style: Option<String>,
    pub(super) bold: Option<bool>,
    pub(super) vanish: Option<bool>,
}

pub(super) fn read_ppr<R: Read>(part: &mut Part<R>) -> Result<ParaProps, ExtractError> {
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

pub(super) fn read_rpr<R: Read>(part: &mut Part<R>) -> Result<RunProps, ExtractError> {
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
pub(super) fn level_index(v: u32) -> u8 {
    v.min(8) as u8
}

/// An outline level 0–9 (9 is body text).
fn level_index_9(v: u32) -> u8 {
    v.min(9) as u8
}
