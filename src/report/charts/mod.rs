//! Report charts, drawn with plotters' SVG backend as deterministic SVG text.
//!
//! Charts must read in grayscale print and for colour-blind readers: series differ by line style
//! (solid vs dashed), marker shape (circle vs square) and hatching, every value is written next
//! to its mark, and the palette is Okabe–Ito. Charts take plain, already-translated data: they
//! know nothing of labels or languages.
//!
//! This module holds the drawing primitives every chart shares; each family of charts has its own
//! file: [`radar`], level and share [`bars`], the DORA [`dora`] bands, the [`perception`] gaps
//! the client [`topology`], the initiatives' [`timeline`] and the value case's [`range`]s.

use plotters::element::{Circle, DashedPathElement, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform, RGBColor, ShapeStyle, TextStyle};

mod bars;
mod dora;
mod perception;
mod radar;
mod range;
mod timeline;
mod topology;

pub use bars::{level_bars, share_bars, LevelBars, ShareBars, ShareRow};
pub use dora::{dora_bands, DoraBands, DoraRow};
pub use perception::{perception_gaps, GapRow, PerceptionGaps};
pub use radar::{radar, LevelRow, Radar};
pub use range::{ranges, RangeRow, Ranges};
pub use timeline::{timeline, Timeline, TimelineRow};
pub use topology::{topology, TopologyChart};

/// Okabe–Ito blue: the client's current state.
pub(crate) const CURRENT: RGBColor = RGBColor(0, 114, 178);
/// Okabe–Ito vermillion: targets and warnings.
pub(crate) const TARGET: RGBColor = RGBColor(213, 94, 0);
/// Okabe–Ito vermillion darkened for text on white (contrast).
pub(super) const TARGET_INK: RGBColor = RGBColor(170, 70, 0);
pub(crate) const INK: RGBColor = RGBColor(34, 34, 34);
pub(crate) const MUTED: RGBColor = RGBColor(110, 110, 110);
pub(crate) const GRID: RGBColor = RGBColor(200, 200, 200);
pub(super) const BAND_A: RGBColor = RGBColor(246, 246, 246);
pub(super) const BAND_B: RGBColor = RGBColor(234, 234, 234);
pub(crate) const FONT: &str = "sans-serif";
/// The SVG backend writes `font-size` as the size given divided by 1.24; sizes below are in
/// pixels as they appear.
pub(super) const PX: f64 = 1.24;

pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
pub(crate) type DrawResult = Result<(), String>;

pub(crate) fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

pub(crate) fn text_style(size: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size).into_font().color(color).pos(Pos::new(h, v))
}

pub(super) fn bold(size: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size * PX)
        .into_font()
        .style(FontStyle::Bold)
        .color(color)
        .pos(Pos::new(h, v))
}

pub(super) fn italic(size: f64, color: &RGBColor) -> TextStyle<'static> {
    (FONT, size * PX)
        .into_font()
        .style(FontStyle::Italic)
        .color(color)
        .pos(Pos::new(HPos::Left, VPos::Center))
}

pub(crate) fn label(area: &Area, s: &str, at: (i32, i32), style: &TextStyle) -> DrawResult {
    area.draw(&Text::new(s.to_string(), at, style.clone()))
        .map_err(err)
}

/// A solid line through `points`.
pub(super) fn line(
    area: &Area,
    points: Vec<(i32, i32)>,
    color: &RGBColor,
    width: u32,
) -> DrawResult {
    area.draw(&PathElement::new(
        points,
        ShapeStyle::from(color).stroke_width(width),
    ))
    .map_err(err)
}

/// A dashed line through `points`, `dash` long with `gap` between dashes.
pub(super) fn dashed(
    area: &Area,
    points: Vec<(i32, i32)>,
    (dash, gap): (i32, i32),
    color: &RGBColor,
    width: u32,
) -> DrawResult {
    area.draw(&DashedPathElement::new(
        points,
        dash,
        gap,
        ShapeStyle::from(color).stroke_width(width),
    ))
    .map_err(err)
}

/// A value's box: tinted, hatched and outlined in the current state's colour.
pub(super) fn hatched_box(
    area: &Area,
    a: (i32, i32),
    b: (i32, i32),
    tint: f64,
    outline: u32,
) -> DrawResult {
    area.draw(&Rectangle::new([a, b], CURRENT.mix(tint).filled()))
        .map_err(err)?;
    hatch(area, a, b, &CURRENT)?;
    area.draw(&Rectangle::new(
        [a, b],
        ShapeStyle::from(&CURRENT).stroke_width(outline),
    ))
    .map_err(err)
}

/// Where a level (1–4, clamped) falls between `left` and `right`.
pub(super) fn level_x(level: f64, left: i32, right: i32) -> i32 {
    left + ((level.clamp(1.0, 4.0) - 1.0) / 3.0 * f64::from(right - left)).round() as i32
}

/// The 1–4 level scale: a grid line from `top` to `bottom` at each level, with the level's
/// number and name `above` pixels over the top in `size` pixels.
pub(super) fn level_scale(
    area: &Area,
    (left, right): (i32, i32),
    (top, bottom): (i32, i32),
    names: &[String],
    (above, size): (i32, f64),
) -> DrawResult {
    for level in 1u8..=4 {
        let x = level_x(f64::from(level), left, right);
        line(area, vec![(x, top - 4), (x, bottom)], &GRID, 1)?;
        let name = names
            .get(usize::from(level) - 1)
            .cloned()
            .unwrap_or_default();
        let h = match level {
            1 => HPos::Left,
            4 => HPos::Right,
            _ => HPos::Center,
        };
        label(
            area,
            &format!("{level} {name}"),
            (x, top - above),
            &text_style(size, &MUTED, h, VPos::Center),
        )?;
    }
    Ok(())
}

/// Draws an SVG of `size` with `draw`, then names it for assistive technology.
pub(crate) fn svg(size: (u32, u32), title: &str, draw: impl FnOnce(&Area) -> DrawResult) -> String {
    let mut buf = String::new();
    let result = {
        let area = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        area.fill(&WHITE)
            .map_err(err)
            .and_then(|_| draw(&area))
            .and_then(|_| area.present().map_err(err))
    };
    if let Err(e) = result {
        // Drawing into a String only fails on a bug in the geometry; keep the report whole and
        // say so in the figure rather than losing every other section.
        buf = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"40\"><text x=\"4\" y=\"24\">{}</text></svg>\n",
            size.0,
            super::notes::escape_html(&e)
        );
    }
    name_svg(&buf, title)
}

/// Adds `role="img"`, an accessible name and a `<title>` to the root element.
pub(super) fn name_svg(svg: &str, title: &str) -> String {
    let title = super::notes::escape_html(title);
    let Some(end) = svg.find('>') else {
        return svg.to_string();
    };
    let (head, rest) = svg.split_at(end);
    let head = head.trim_end_matches('/');
    format!(
        "{head} role=\"img\" aria-label=\"{title}\"><title>{title}</title>{}",
        &rest[1..]
    )
}

/// Splits a label into lines of at most `width` characters, on spaces.
pub(super) fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

pub(super) fn multiline(
    area: &Area,
    lines: &[String],
    at: (i32, i32),
    style: &TextStyle,
) -> DrawResult {
    let n = lines.len() as i32;
    for (i, line) in lines.iter().enumerate() {
        let y = at.1 + (i as i32 * 2 - (n - 1)) * 9;
        label(area, line, (at.0, y), style)?;
    }
    Ok(())
}

/// Diagonal hatching inside a rectangle, so a filled bar stays distinct in grayscale.
pub(super) fn hatch(
    area: &Area,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    color: &RGBColor,
) -> DrawResult {
    let style = ShapeStyle::from(color).stroke_width(1);
    let h = y1 - y0;
    let mut start = x0 - h;
    while start < x1 {
        // The segment from (start, y1) to (start + h, y0), clipped to [x0, x1].
        let (mut ax, mut ay, mut bx, mut by) = (start, y1, start + h, y0);
        if ax < x0 {
            ay -= x0 - ax;
            ax = x0;
        }
        if bx > x1 {
            by += bx - x1;
            bx = x1;
        }
        if ax < bx {
            area.draw(&PathElement::new(vec![(ax, ay), (bx, by)], style))
                .map_err(err)?;
        }
        start += 7;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_splits_on_spaces_within_width() {
        assert_eq!(
            wrap("Failed deployment recovery time", 18),
            vec!["Failed deployment", "recovery time"]
        );
    }
}
