//! Report charts, drawn with plotters' SVG backend as deterministic SVG text.
//!
//! Charts must read in grayscale print and for colour-blind readers: series differ by line style
//! (solid vs dashed), marker shape (circle vs square) and hatching, every value is written next
//! to its mark, and the palette is Okabe–Ito. Charts take plain, already-translated data: they
//! know nothing of labels or languages.

use plotters::element::{Circle, DashedPathElement, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform, RGBColor, ShapeStyle, TextStyle};

/// Okabe–Ito blue: the client's current state.
const CURRENT: RGBColor = RGBColor(0, 114, 178);
/// Okabe–Ito vermillion: targets and warnings.
const TARGET: RGBColor = RGBColor(213, 94, 0);
const INK: RGBColor = RGBColor(34, 34, 34);
const MUTED: RGBColor = RGBColor(110, 110, 110);
const GRID: RGBColor = RGBColor(200, 200, 200);
const BAND_A: RGBColor = RGBColor(246, 246, 246);
const BAND_B: RGBColor = RGBColor(234, 234, 234);
const FONT: &str = "sans-serif";
/// The SVG backend writes `font-size` as the size given divided by 1.24; sizes below are in
/// pixels as they appear.
const PX: f64 = 1.24;

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

fn text_style(size: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size).into_font().color(color).pos(Pos::new(h, v))
}

fn bold(size: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size * PX)
        .into_font()
        .style(FontStyle::Bold)
        .color(color)
        .pos(Pos::new(h, v))
}

fn italic(size: f64, color: &RGBColor) -> TextStyle<'static> {
    (FONT, size * PX)
        .into_font()
        .style(FontStyle::Italic)
        .color(color)
        .pos(Pos::new(HPos::Left, VPos::Center))
}

fn label(area: &Area, s: &str, at: (i32, i32), style: &TextStyle) -> DrawResult {
    area.draw(&Text::new(s.to_string(), at, style.clone()))
        .map_err(err)
}

/// A solid line through `points`.
fn line(area: &Area, points: Vec<(i32, i32)>, color: &RGBColor, width: u32) -> DrawResult {
    area.draw(&PathElement::new(
        points,
        ShapeStyle::from(color).stroke_width(width),
    ))
    .map_err(err)
}

/// A dashed line through `points`, `dash` long with `gap` between dashes.
fn dashed(
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
fn hatched_box(area: &Area, a: (i32, i32), b: (i32, i32), tint: f64, outline: u32) -> DrawResult {
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
fn level_x(level: f64, left: i32, right: i32) -> i32 {
    left + ((level.clamp(1.0, 4.0) - 1.0) / 3.0 * f64::from(right - left)).round() as i32
}

/// The 1–4 level scale: a grid line from `top` to `bottom` at each level, with the level's
/// number and name `above` pixels over the top in `size` pixels.
fn level_scale(
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
fn svg(size: (u32, u32), title: &str, draw: impl FnOnce(&Area) -> DrawResult) -> String {
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
fn name_svg(svg: &str, title: &str) -> String {
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
fn wrap(s: &str, width: usize) -> Vec<String> {
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

fn multiline(area: &Area, lines: &[String], at: (i32, i32), style: &TextStyle) -> DrawResult {
    let n = lines.len() as i32;
    for (i, line) in lines.iter().enumerate() {
        let y = at.1 + (i as i32 * 2 - (n - 1)) * 9;
        label(area, line, (at.0, y), style)?;
    }
    Ok(())
}

/// Diagonal hatching inside a rectangle, so a filled bar stays distinct in grayscale.
fn hatch(area: &Area, (x0, y0): (i32, i32), (x1, y1): (i32, i32), color: &RGBColor) -> DrawResult {
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

/// One axis of a radar chart, or one row of a level bar chart.
pub struct LevelRow {
    pub name: String,
    /// Continuous level 1.0–4.0; `None` when not scored.
    pub level: Option<f64>,
    /// `2.3` / `2,3`, or the "not scored" word.
    pub label: String,
    pub target: Option<f64>,
}

pub struct Radar {
    pub title: String,
    pub axes: Vec<LevelRow>,
    pub legend_current: String,
    pub legend_target: String,
}

/// A radar of levels 0–4 with the current profile (solid, circles, filled) and the targets
/// (dashed, squares).
pub fn radar(chart: &Radar) -> String {
    let (w, h) = (620u32, 450u32);
    svg((w, h), &chart.title, |area| {
        let (cx, cy, r) = (310.0_f64, 222.0_f64, 170.0_f64);
        let n = chart.axes.len().max(1) as f64;
        let at = |i: usize, level: f64| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
            let d = r * level.clamp(0.0, 4.0) / 4.0;
            (
                (cx + d * angle.cos()).round() as i32,
                (cy + d * angle.sin()).round() as i32,
            )
        };
        for ring in 1..=4 {
            let pts: Vec<_> = (0..=chart.axes.len())
                .map(|i| at(i % chart.axes.len(), f64::from(ring)))
                .collect();
            line(area, pts, &GRID, 1)?;
            let (x, y) = at(0, f64::from(ring));
            label(
                area,
                &ring.to_string(),
                (x + 5, y),
                &text_style(11.0, &MUTED, HPos::Left, VPos::Center),
            )?;
        }
        for (i, axis) in chart.axes.iter().enumerate() {
            line(area, vec![at(i, 0.0), at(i, 4.0)], &GRID, 1)?;
            let (x, y) = at(i, 4.45);
            let h = if x < cx as i32 - 10 {
                HPos::Right
            } else if x > cx as i32 + 10 {
                HPos::Left
            } else {
                HPos::Center
            };
            // Labels straight above or below the centre move clear of the ring.
            let y = match h {
                HPos::Center if y < cy as i32 => y - 10,
                HPos::Center => y + 10,
                _ => y,
            };
            multiline(
                area,
                &wrap(&axis.name, 18),
                (x, y),
                &bold(13.0, &INK, h, VPos::Center),
            )?;
        }
        let targets: Vec<_> = chart
            .axes
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.target.map(|t| at(i, t)))
            .collect();
        let has_target = targets.len() == chart.axes.len() && !targets.is_empty();
        let current: Vec<_> = chart
            .axes
            .iter()
            .enumerate()
            .map(|(i, a)| at(i, a.level.unwrap_or(0.0)))
            .collect();
        area.draw(&Polygon::new(current.clone(), CURRENT.mix(0.18).filled()))
            .map_err(err)?;
        let mut closed = current.clone();
        closed.extend(current.first().copied());
        line(area, closed, &CURRENT, 3)?;
        if has_target {
            let mut closed = targets.clone();
            closed.extend(targets.first().copied());
            dashed(area, closed, (8, 5), &TARGET, 2)?;
            for (x, y) in &targets {
                area.draw(&Rectangle::new(
                    [(x - 5, y - 5), (x + 5, y + 5)],
                    TARGET.filled(),
                ))
                .map_err(err)?;
            }
        }
        for (i, (x, y)) in current.iter().enumerate() {
            area.draw(&Circle::new((*x, *y), 5, CURRENT.filled()))
                .map_err(err)?;
            // The value sits beside its point, off the axis (a quarter turn clockwise), so it
            // never lies on the axis line, where the target marker and the axis name are.
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
            // Half a step outwards too, to clear the profile's own edges.
            let (px, py) = (
                -angle.sin() + 0.6 * angle.cos(),
                angle.cos() + 0.6 * angle.sin(),
            );
            let (lx, ly, h, v) = if chart.axes[i].level.is_some() {
                let h = if px > 0.35 {
                    HPos::Left
                } else if px < -0.35 {
                    HPos::Right
                } else {
                    HPos::Center
                };
                let v = match h {
                    HPos::Center if py > 0.0 => VPos::Top,
                    HPos::Center => VPos::Bottom,
                    _ => VPos::Center,
                };
                let d = 9.0;
                (
                    (*x as f64 + d * px) as i32,
                    (*y as f64 + d * py) as i32,
                    h,
                    v,
                )
            } else {
                (x + 6, y - 12, HPos::Center, VPos::Center)
            };
            label(
                area,
                &chart.axes[i].label,
                (lx, ly),
                &bold(13.0, &CURRENT, h, v),
            )?;
        }
        // Legend: a sample of each series' line and marker, then its name.
        let y = h as i32 - 22;
        line(area, vec![(150, y), (190, y)], &CURRENT, 3)?;
        area.draw(&Circle::new((170, y), 5, CURRENT.filled()))
            .map_err(err)?;
        label(
            area,
            &chart.legend_current,
            (198, y),
            &text_style(13.0, &INK, HPos::Left, VPos::Center),
        )?;
        if has_target {
            dashed(area, vec![(340, y), (380, y)], (8, 5), &TARGET, 2)?;
            area.draw(&Rectangle::new(
                [(355, y - 5), (365, y + 5)],
                TARGET.filled(),
            ))
            .map_err(err)?;
            label(
                area,
                &chart.legend_target,
                (388, y),
                &text_style(13.0, &INK, HPos::Left, VPos::Center),
            )?;
        }
        Ok(())
    })
}

pub struct LevelBars {
    pub title: String,
    pub rows: Vec<LevelRow>,
    /// The names of levels 1–4, written over the scale's bands.
    pub scale: Vec<String>,
    /// Legend text for the target mark, shown when a row has a target.
    pub legend_target: String,
}

/// Horizontal bars on the 1–4 level scale, hatched, each value written at its end; targets are
/// vermillion diamonds on a dashed line.
pub fn level_bars(chart: &LevelBars) -> String {
    let row_h = 40;
    let (left, right, top) = (250, 600, 44);
    let has_target = chart.rows.iter().any(|r| r.target.is_some());
    let height = top + row_h * chart.rows.len() as i32 + if has_target { 44 } else { 14 };
    svg((640, height as u32), &chart.title, |area| {
        let x_of = |level: f64| level_x(level, left, right);
        let bottom = top + row_h * chart.rows.len() as i32;
        // The scale: three bands (1–2, 2–3, 3–4) with the level names at their start.
        for band in 0..3 {
            let (x0, x1) = (x_of(1.0 + f64::from(band)), x_of(2.0 + f64::from(band)));
            let fill = if band % 2 == 0 { BAND_A } else { BAND_B };
            area.draw(&Rectangle::new([(x0, top), (x1, bottom)], fill.filled()))
                .map_err(err)?;
        }
        level_scale(area, (left, right), (top, bottom), &chart.scale, (14, 11.0))?;
        for (i, row) in chart.rows.iter().enumerate() {
            let y = top + row_h * i as i32;
            let mid = y + row_h / 2;
            multiline(
                area,
                &wrap(&row.name, 34),
                (left - 10, mid),
                &text_style(13.0, &INK, HPos::Right, VPos::Center),
            )?;
            match row.level {
                Some(level) => {
                    let (x0, x1) = (x_of(1.0), x_of(level).max(x_of(1.0) + 3));
                    let (y0, y1) = (y + 9, y + row_h - 9);
                    hatched_box(area, (x0, y0), (x1, y1), 0.35, 2)?;
                    let inside = x1 > right - 40;
                    let (lx, h, color) = if inside {
                        (x1 - 6, HPos::Right, WHITE)
                    } else {
                        (x1 + 6, HPos::Left, INK)
                    };
                    if inside {
                        area.draw(&Rectangle::new(
                            [(x1 - 40, mid - 9), (x1 - 2, mid + 9)],
                            CURRENT.filled(),
                        ))
                        .map_err(err)?;
                    }
                    label(
                        area,
                        &row.label,
                        (lx, mid),
                        &bold(13.0, &color, h, VPos::Center),
                    )?;
                }
                None => label(
                    area,
                    &row.label,
                    (x_of(1.0) + 6, mid),
                    &italic(12.0, &MUTED),
                )?,
            }
            if let Some(t) = row.target {
                let x = x_of(t);
                dashed(
                    area,
                    vec![(x, y + 3), (x, y + row_h - 3)],
                    (4, 3),
                    &TARGET,
                    2,
                )?;
                area.draw(&Polygon::new(
                    vec![(x, mid - 7), (x + 7, mid), (x, mid + 7), (x - 7, mid)],
                    TARGET.filled(),
                ))
                .map_err(err)?;
            }
        }
        if has_target {
            let y = bottom + 24;
            area.draw(&Polygon::new(
                vec![(left, y - 7), (left + 7, y), (left, y + 7), (left - 7, y)],
                TARGET.filled(),
            ))
            .map_err(err)?;
            label(
                area,
                &chart.legend_target,
                (left + 14, y),
                &text_style(12.0, &INK, HPos::Left, VPos::Center),
            )?;
        }
        Ok(())
    })
}

/// One row of a share chart (a percentage of something).
pub struct ShareRow {
    pub name: String,
    /// In [0, 1].
    pub share: f64,
    /// The formatted share and its count, e.g. `40 % (4/10)`.
    pub label: String,
}

pub struct ShareBars {
    pub title: String,
    pub rows: Vec<ShareRow>,
    /// `0 %`, `50 %`, `100 %` in the report's typography.
    pub ticks: [String; 3],
}

/// Horizontal hatched bars of shares from 0 to 100 %, each labelled with its value.
pub fn share_bars(chart: &ShareBars) -> String {
    let row_h = 30;
    let (left, right, top) = (250, 560, 30);
    let height = top + row_h * chart.rows.len() as i32 + 12;
    svg((640, height as u32), &chart.title, |area| {
        let x_of =
            |share: f64| left + (share.clamp(0.0, 1.0) * f64::from(right - left)).round() as i32;
        let bottom = top + row_h * chart.rows.len() as i32;
        for (i, tick) in chart.ticks.iter().enumerate() {
            let x = x_of(i as f64 / 2.0);
            line(area, vec![(x, top - 4), (x, bottom)], &GRID, 1)?;
            label(
                area,
                tick,
                (x, top - 14),
                &text_style(11.0, &MUTED, HPos::Center, VPos::Center),
            )?;
        }
        for (i, row) in chart.rows.iter().enumerate() {
            let y = top + row_h * i as i32;
            let mid = y + row_h / 2;
            label(
                area,
                &row.name,
                (left - 10, mid),
                &text_style(13.0, &INK, HPos::Right, VPos::Center),
            )?;
            let (x0, x1) = (x_of(0.0), x_of(row.share));
            if x1 > x0 {
                let (y0, y1) = (y + 6, y + row_h - 6);
                hatched_box(area, (x0, y0), (x1, y1), 0.35, 2)?;
            }
            label(
                area,
                &row.label,
                (x1 + 6, mid),
                &bold(12.0, &INK, HPos::Left, VPos::Center),
            )?;
        }
        Ok(())
    })
}

/// One key of the DORA chart: how many answers fell in each cluster, and where the key sits.
pub struct DoraRow {
    pub name: String,
    /// Answers per cluster, in `DoraBands::clusters` order.
    pub counts: Vec<usize>,
    /// Index of the key's cluster in `clusters`.
    pub placed: Option<usize>,
}

pub struct DoraBands {
    pub title: String,
    /// Cluster names, worst first (left) to best (right).
    pub clusters: Vec<String>,
    pub rows: Vec<DoraRow>,
    /// Legend text for the retained cluster's mark.
    pub legend_placed: String,
}

/// The DORA keys against the year's clusters: one row per key, one column per cluster (worst
/// left), the key's cluster filled, hatched and marked, and the answer count in every cell.
pub fn dora_bands(chart: &DoraBands) -> String {
    let (left, top, row_h) = (250, 50, 46);
    let cols = chart.clusters.len().max(1) as i32;
    let col_w = (600 - left) / cols;
    let height = top + row_h * chart.rows.len() as i32 + 46;
    svg((640, height as u32), &chart.title, |area| {
        for (c, name) in chart.clusters.iter().enumerate() {
            let x = left + col_w * c as i32 + col_w / 2;
            // A cluster name longer than its column goes on two lines ("Performance / moyenne").
            multiline(
                area,
                &wrap(name, 11),
                (x, top - 20),
                &bold(13.0, &INK, HPos::Center, VPos::Center),
            )?;
        }
        for (r, row) in chart.rows.iter().enumerate() {
            let y = top + row_h * r as i32;
            let mid = y + row_h / 2;
            multiline(
                area,
                &wrap(&row.name, 34),
                (left - 10, mid),
                &text_style(14.0, &INK, HPos::Right, VPos::Center),
            )?;
            for c in 0..cols {
                let (x0, x1) = (left + col_w * c + 2, left + col_w * (c + 1) - 2);
                let (y0, y1) = (y + 4, y + row_h - 4);
                let placed = row.placed == Some(c as usize);
                if placed {
                    hatched_box(area, (x0, y0), (x1, y1), 0.3, 3)?;
                    area.draw(&Circle::new((x0 + 16, mid), 7, CURRENT.filled()))
                        .map_err(err)?;
                } else {
                    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], BAND_A.filled()))
                        .map_err(err)?;
                }
                let n = row.counts.get(c as usize).copied().unwrap_or(0);
                if n > 0 {
                    let (cx, color) = ((x0 + x1) / 2 + 6, if placed { INK } else { MUTED });
                    area.draw(&Rectangle::new(
                        [(cx - 18, mid - 10), (cx + 18, mid + 10)],
                        WHITE.filled(),
                    ))
                    .map_err(err)?;
                    label(
                        area,
                        &format!("×{n}"),
                        (cx, mid),
                        &bold(13.0, &color, HPos::Center, VPos::Center),
                    )?;
                }
            }
        }
        let y = top + row_h * chart.rows.len() as i32 + 24;
        area.draw(&Circle::new((left + 8, y), 7, CURRENT.filled()))
            .map_err(err)?;
        label(
            area,
            &chart.legend_placed,
            (left + 22, y),
            &text_style(13.0, &INK, HPos::Left, VPos::Center),
        )
    })
}

/// One axis where two roles disagree.
pub struct GapRow {
    pub name: String,
    pub high_role: String,
    pub high: f64,
    pub high_label: String,
    pub low_role: String,
    pub low: f64,
    pub low_label: String,
}

pub struct PerceptionGaps {
    pub title: String,
    pub rows: Vec<GapRow>,
    pub scale: Vec<String>,
}

/// A dumbbell chart: per axis, the most and least positive roles on the 1–4 scale, joined by a
/// line; the higher is a square, the lower a circle, each labelled with its role and level.
pub fn perception_gaps(chart: &PerceptionGaps) -> String {
    let (left, right, top, row_h) = (230, 590, 40, 54);
    let height = top + row_h * chart.rows.len() as i32 + 10;
    svg((640, height as u32), &chart.title, |area| {
        let x_of = |level: f64| level_x(level, left, right);
        let bottom = top + row_h * chart.rows.len() as i32;
        level_scale(area, (left, right), (top, bottom), &chart.scale, (16, 12.0))?;
        for (i, row) in chart.rows.iter().enumerate() {
            let y = top + row_h * i as i32;
            let mid = y + row_h / 2 - 6;
            multiline(
                area,
                &wrap(&row.name, 30),
                (left - 12, mid + 6),
                &text_style(14.0, &INK, HPos::Right, VPos::Center),
            )?;
            let (xh, xl) = (x_of(row.high), x_of(row.low));
            line(area, vec![(xl, mid), (xh, mid)], &MUTED, 3)?;
            area.draw(&Rectangle::new(
                [(xh - 7, mid - 7), (xh + 7, mid + 7)],
                CURRENT.filled(),
            ))
            .map_err(err)?;
            area.draw(&Circle::new((xl, mid), 7, TARGET.filled()))
                .map_err(err)?;
            let text = |role: &str, value: &str| format!("{role} {value}");
            label(
                area,
                &text(&row.low_role, &row.low_label),
                (xl, mid + 18),
                &text_style(12.0, &TARGET_INK, HPos::Center, VPos::Center),
            )?;
            label(
                area,
                &text(&row.high_role, &row.high_label),
                (xh, mid + 18),
                &bold(12.0, &CURRENT, HPos::Center, VPos::Center),
            )?;
        }
        Ok(())
    })
}

/// Okabe–Ito vermillion darkened for text on white (contrast).
const TARGET_INK: RGBColor = RGBColor(170, 70, 0);

pub struct TopologyChart {
    pub title: String,
    /// Continuous maturity (1–4) and difficulty (0–1), and their thresholds.
    pub maturity: f64,
    pub maturity_threshold: f64,
    pub difficulty: f64,
    pub difficulty_threshold: f64,
    /// Axis end labels: beginner, mature, easy, hard.
    pub beginner: String,
    pub mature: String,
    pub easy: String,
    pub hard: String,
    pub maturity_axis: String,
    pub difficulty_axis: String,
    /// The client's quadrant name, written in its quadrant.
    pub quadrant: String,
    /// The client's name next to its point.
    pub client: String,
}

/// The client topology: maturity (x, 1–4) × difficulty (y, 0–1, hard at the top), the two
/// thresholds splitting four quadrants, the client's quadrant shaded and named, the client placed.
pub fn topology(chart: &TopologyChart) -> String {
    let (x0, x1, y0, y1) = (90, 590, 30, 390);
    svg((640, 450), &chart.title, |area| {
        let x_of = |m: f64| level_x(m, x0, x1);
        let y_of = |d: f64| y1 - (d.clamp(0.0, 1.0) * f64::from(y1 - y0)).round() as i32;
        let (tx, ty) = (
            x_of(chart.maturity_threshold),
            y_of(chart.difficulty_threshold),
        );
        let (px, py) = (x_of(chart.maturity), y_of(chart.difficulty));
        // The client's quadrant, shaded and hatched.
        let (qx0, qx1) = if px < tx { (x0, tx) } else { (tx, x1) };
        let (qy0, qy1) = if py < ty { (y0, ty) } else { (ty, y1) };
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], BAND_A.filled()))
            .map_err(err)?;
        area.draw(&Rectangle::new(
            [(qx0, qy0), (qx1, qy1)],
            CURRENT.mix(0.12).filled(),
        ))
        .map_err(err)?;
        hatch(area, (qx0, qy0), (qx1, qy1), &RGBColor(190, 215, 235))?;
        area.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            ShapeStyle::from(&MUTED).stroke_width(1),
        ))
        .map_err(err)?;
        for (a, b) in [((tx, y0), (tx, y1)), ((x0, ty), (x1, ty))] {
            dashed(area, vec![a, b], (6, 4), &MUTED, 2)?;
        }
        let qx = (qx0 + qx1) / 2;
        let qy = if qy0 == y0 { qy0 + 22 } else { qy1 - 22 };
        let tag_w = (chart.quadrant.chars().count() as i32 * 8 + 16).min(qx1 - qx0 - 8);
        area.draw(&Rectangle::new(
            [(qx - tag_w / 2, qy - 13), (qx + tag_w / 2, qy + 13)],
            WHITE.filled(),
        ))
        .map_err(err)?;
        label(
            area,
            &chart.quadrant,
            (qx, qy),
            &bold(15.0, &INK, HPos::Center, VPos::Center),
        )?;
        // The client.
        area.draw(&Circle::new((px, py), 10, CURRENT.filled()))
            .map_err(err)?;
        area.draw(&Circle::new(
            (px, py),
            10,
            ShapeStyle::from(&WHITE).stroke_width(2),
        ))
        .map_err(err)?;
        let (lx, h) = if px > (x0 + x1) / 2 {
            (px - 16, HPos::Right)
        } else {
            (px + 16, HPos::Left)
        };
        label(
            area,
            &chart.client,
            (lx, py),
            &bold(14.0, &CURRENT, h, VPos::Center),
        )?;
        // Axes: the ends named, the axis titled.
        let small = |h| text_style(13.0, &MUTED, h, VPos::Center);
        label(area, &chart.beginner, (x0, y1 + 16), &small(HPos::Left))?;
        label(area, &chart.mature, (x1, y1 + 16), &small(HPos::Right))?;
        label(
            area,
            &format!("{} →", chart.maturity_axis),
            ((x0 + x1) / 2, y1 + 40),
            &bold(13.0, &INK, HPos::Center, VPos::Center),
        )?;
        label(area, &chart.hard, (x0 - 8, y0 + 8), &small(HPos::Right))?;
        label(area, &chart.easy, (x0 - 8, y1 - 8), &small(HPos::Right))?;
        let ty_style =
            bold(13.0, &INK, HPos::Center, VPos::Center).transform(FontTransform::Rotate270);
        label(
            area,
            &format!("{} →", chart.difficulty_axis),
            (x0 - 62, (y0 + y1) / 2),
            &ty_style,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_radar() -> Radar {
        Radar {
            title: "Profile <&>".into(),
            axes: ["Investment", "Adoption", "Interfaces"]
                .iter()
                .enumerate()
                .map(|(i, n)| LevelRow {
                    name: n.to_string(),
                    level: (i != 2).then_some(1.5 + i as f64),
                    label: if i == 2 {
                        "not scored".into()
                    } else {
                        format!("{:.1}", 1.5 + i as f64)
                    },
                    target: Some(3.0),
                })
                .collect(),
            legend_current: "Current".into(),
            legend_target: "Target".into(),
        }
    }

    /// The (x, y) of the `<text>` element whose content is `content`.
    fn text_position(svg: &str, content: &str) -> Option<(f64, f64)> {
        let end = svg.find(&format!(">\n{content}\n</text>"))?;
        let start = svg[..end].rfind("<text ")?;
        let attr = |name: &str| -> Option<f64> {
            let tag = &svg[start..end];
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            tag[at..].split('"').next()?.parse().ok()
        };
        Some((attr("x")?, attr("y")?))
    }

    #[test]
    fn radar_values_sit_off_their_axis_line() {
        // Five aspects, as in the report: each value label is placed away from its axis line,
        // where the target marker and the axis name are drawn.
        let levels = [1.6, 1.8, 1.8, 1.8, 1.3];
        let chart = Radar {
            title: "t".into(),
            axes: levels
                .iter()
                .enumerate()
                .map(|(i, l)| LevelRow {
                    name: format!("Axis {i}"),
                    level: Some(*l),
                    label: format!("v{i}"),
                    target: Some(2.0),
                })
                .collect(),
            legend_current: "c".into(),
            legend_target: "t".into(),
        };
        let svg = radar(&chart);
        let (cx, cy) = (310.0, 222.0);
        for i in 0..levels.len() {
            let (x, y) = text_position(&svg, &format!("v{i}")).expect("value label");
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / 5.0;
            // Distance from the label's anchor to the axis line through the centre.
            let off = ((x - cx) * angle.sin() - (y - cy) * angle.cos()).abs();
            assert!(
                off >= 6.0,
                "v{i} at ({x}, {y}) is {off:.1} px from its axis"
            );
        }
    }

    #[test]
    fn radar_is_a_named_svg_with_labelled_values() {
        let svg = radar(&sample_radar());
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.contains("role=\"img\" aria-label=\"Profile &lt;&amp;&gt;\""));
        assert!(svg.contains("<title>Profile &lt;&amp;&gt;</title>"));
        assert!(svg.contains(">\n1.5\n</text>") && svg.contains("not scored"));
        assert!(svg.contains("Target") && svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn charts_are_deterministic() {
        assert_eq!(radar(&sample_radar()), radar(&sample_radar()));
    }

    #[test]
    fn level_bars_write_each_value_and_the_target_legend() {
        let svg = level_bars(&LevelBars {
            title: "SPACE".into(),
            rows: vec![
                LevelRow {
                    name: "Satisfaction and well-being".into(),
                    level: Some(2.4),
                    label: "2.4".into(),
                    target: Some(3.0),
                },
                LevelRow {
                    name: "Activity".into(),
                    level: None,
                    label: "not scored".into(),
                    target: None,
                },
            ],
            scale: vec![
                "Provisional".into(),
                "Operational".into(),
                "Scalable".into(),
                "Optimizing".into(),
            ],
            legend_target: "Target".into(),
        });
        for needle in [
            "2.4",
            "not scored",
            "Target",
            "1 Provisional",
            "4 Optimizing",
            "Satisfaction and",
        ] {
            assert!(svg.contains(needle), "{needle} missing");
        }
    }

    #[test]
    fn wrap_splits_on_spaces_within_width() {
        assert_eq!(
            wrap("Failed deployment recovery time", 18),
            vec!["Failed deployment", "recovery time"]
        );
    }

    #[test]
    fn dora_bands_mark_the_placed_cluster_and_count_answers() {
        let svg = dora_bands(&DoraBands {
            title: "DORA".into(),
            clusters: vec!["Low".into(), "Medium".into(), "High".into(), "Elite".into()],
            rows: vec![DoraRow {
                name: "Lead time".into(),
                counts: vec![2, 1, 0, 0],
                placed: Some(0),
            }],
            legend_placed: "Cluster retained".into(),
        });
        for needle in ["Low", "Elite", "Lead time", "×2", "×1", "Cluster retained"] {
            assert!(svg.contains(needle), "{needle} missing");
        }
        assert!(!svg.contains("×0"));
    }

    #[test]
    fn perception_gaps_label_both_roles_with_their_levels() {
        let svg = perception_gaps(&PerceptionGaps {
            title: "Gaps".into(),
            rows: vec![GapRow {
                name: "Adoption".into(),
                high_role: "Leadership".into(),
                high: 3.2,
                high_label: "3.2".into(),
                low_role: "Developers".into(),
                low: 1.4,
                low_label: "1.4".into(),
            }],
            scale: vec!["P".into(), "O".into(), "S".into(), "Opt".into()],
        });
        assert!(svg.contains("Leadership 3.2") && svg.contains("Developers 1.4"));
    }

    #[test]
    fn topology_places_the_client_and_names_its_quadrant() {
        let svg = topology(&TopologyChart {
            title: "Topology".into(),
            maturity: 1.7,
            maturity_threshold: 2.5,
            difficulty: 0.58,
            difficulty_threshold: 0.5,
            beginner: "beginner".into(),
            mature: "mature".into(),
            easy: "easy".into(),
            hard: "hard".into(),
            maturity_axis: "Maturity".into(),
            difficulty_axis: "Difficulty".into(),
            quadrant: "Hard beginner".into(),
            client: "Acme <Logistique>".into(),
        });
        assert!(svg.contains("Hard beginner") && svg.contains("Acme &lt;Logistique&gt;"));
        assert!(
            svg.contains("rotate(270"),
            "the vertical axis title is turned"
        );
    }
}
