//! The progress report's charts, drawn with plotters' SVG backend as deterministic SVG text:
//! before/after per aspect, and the trend when more than two assessments are compared.
//!
//! As the report's own charts: readable in grayscale (baseline hollow circle, current filled
//! square, series told apart by dash and marker), every value written next to its mark, the
//! Okabe–Ito palette; the data comes already translated.

use plotters::element::{Circle, DashedPathElement, PathElement, Rectangle};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, RGBColor, ShapeStyle, TextStyle};

use crate::report::charts::{err, label, svg, text_style, CURRENT, FONT, GRID, INK, MUTED, TARGET};

/// The baseline's marks, as the report draws muted ones.
const BASELINE: RGBColor = MUTED;
const BAND: RGBColor = RGBColor(244, 244, 244);
/// Okabe–Ito, for the trend's series (with a dash pattern each, for grayscale).
const SERIES: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
];

/// Bold at the size given (the report's `bold` scales its sizes for its own layouts).
fn bold(size: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size)
        .into_font()
        .style(FontStyle::Bold)
        .color(color)
        .pos(Pos::new(h, v))
}

fn x_of(level: f64, left: i32, right: i32) -> i32 {
    left + ((level.clamp(1.0, 4.0) - 1.0) / 3.0 * f64::from(right - left)).round() as i32
}

/// One aspect: its levels at the baseline and now, written as `label_*`.
pub struct Pair {
    pub name: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub label_before: String,
    pub label_after: String,
    pub target: Option<f64>,
}

pub struct BeforeAfter {
    pub title: String,
    pub rows: Vec<Pair>,
    /// The names of levels 1–4.
    pub scale: Vec<String>,
    /// Legend texts: baseline (with its date), current (with its date), target.
    pub legend: [String; 3],
}

/// Per aspect, the baseline (hollow circle) and the current level (filled square) on the 1–4
/// scale, joined by a line, each value written beside its mark; targets as vermillion ticks.
pub fn before_after(chart: &BeforeAfter) -> String {
    let row_h = 42;
    let (left, right, top) = (230, 610, 40);
    let bottom = top + row_h * chart.rows.len() as i32;
    let height = bottom + 50;
    svg((660, height as u32), &chart.title, |area| {
        for band in 0..3 {
            let x0 = x_of(1.0 + f64::from(band), left, right);
            let x1 = x_of(2.0 + f64::from(band), left, right);
            if band % 2 == 0 {
                area.draw(&Rectangle::new([(x0, top), (x1, bottom)], BAND.filled()))
                    .map_err(err)?;
            }
        }
        for (i, name) in chart.scale.iter().enumerate().take(4) {
            let x = x_of(1.0 + i as f64, left, right);
            area.draw(&PathElement::new(
                vec![(x, top), (x, bottom)],
                ShapeStyle::from(&GRID).stroke_width(1),
            ))
            .map_err(err)?;
            let h = match i {
                0 => HPos::Left,
                3 => HPos::Right,
                _ => HPos::Center,
            };
            label(
                area,
                &format!("{} {name}", i + 1),
                (x, top - 14),
                &text_style(11.0, &INK, h, VPos::Center),
            )?;
        }
        for (i, row) in chart.rows.iter().enumerate() {
            let mid = top + row_h * i as i32 + row_h / 2;
            label(
                area,
                &row.name,
                (left - 12, mid),
                &text_style(13.0, &INK, HPos::Right, VPos::Center),
            )?;
            if let Some(t) = row.target {
                let x = x_of(t, left, right);
                area.draw(&DashedPathElement::new(
                    vec![(x, mid - 15), (x, mid + 15)],
                    4,
                    3,
                    ShapeStyle::from(&TARGET).stroke_width(2),
                ))
                .map_err(err)?;
            }
            if let (Some(b), Some(a)) = (row.before, row.after) {
                area.draw(&PathElement::new(
                    vec![(x_of(b, left, right), mid), (x_of(a, left, right), mid)],
                    ShapeStyle::from(&INK).stroke_width(2),
                ))
                .map_err(err)?;
            }
            // Labels go outside the pair: the lower value to the left, the higher to the right.
            let up = row.after.unwrap_or(0.0) >= row.before.unwrap_or(0.0);
            if let Some(b) = row.before {
                let x = x_of(b, left, right);
                area.draw(&Circle::new(
                    (x, mid),
                    6,
                    ShapeStyle::from(&BASELINE).stroke_width(2),
                ))
                .map_err(err)?;
                let (dx, h) = if up {
                    (-10, HPos::Right)
                } else {
                    (10, HPos::Left)
                };
                label(
                    area,
                    &row.label_before,
                    (x + dx, mid - 12),
                    &text_style(11.0, &BASELINE, h, VPos::Center),
                )?;
            }
            if let Some(a) = row.after {
                let x = x_of(a, left, right);
                area.draw(&Rectangle::new(
                    [(x - 6, mid - 6), (x + 6, mid + 6)],
                    CURRENT.filled(),
                ))
                .map_err(err)?;
                let (dx, h) = if up {
                    (10, HPos::Left)
                } else {
                    (-10, HPos::Right)
                };
                label(
                    area,
                    &row.label_after,
                    (x + dx, mid + 12),
                    &bold(12.0, &CURRENT, h, VPos::Center),
                )?;
            }
        }
        // Legend.
        let y = bottom + 28;
        area.draw(&Circle::new(
            (left, y),
            6,
            ShapeStyle::from(&BASELINE).stroke_width(2),
        ))
        .map_err(err)?;
        label(
            area,
            &chart.legend[0],
            (left + 12, y),
            &text_style(12.0, &INK, HPos::Left, VPos::Center),
        )?;
        let x = left + 150;
        area.draw(&Rectangle::new(
            [(x - 6, y - 6), (x + 6, y + 6)],
            CURRENT.filled(),
        ))
        .map_err(err)?;
        label(
            area,
            &chart.legend[1],
            (x + 12, y),
            &text_style(12.0, &INK, HPos::Left, VPos::Center),
        )?;
        if chart.rows.iter().any(|r| r.target.is_some()) {
            let x = left + 300;
            area.draw(&DashedPathElement::new(
                vec![(x, y - 8), (x, y + 8)],
                4,
                3,
                ShapeStyle::from(&TARGET).stroke_width(2),
            ))
            .map_err(err)?;
            label(
                area,
                &chart.legend[2],
                (x + 10, y),
                &text_style(12.0, &INK, HPos::Left, VPos::Center),
            )?;
        }
        Ok(())
    })
}

/// One series of the trend: an aspect's level at each assessment.
pub struct Series {
    pub name: String,
    pub levels: Vec<Option<f64>>,
    /// The last level, written.
    pub label: String,
}

pub struct Trend {
    pub title: String,
    /// The assessments' dates, oldest first.
    pub dates: Vec<String>,
    pub series: Vec<Series>,
}

/// The level of each aspect at each assessment: one line per aspect (colour and dash pattern
/// differ), named at its end with its last value.
pub fn trend(chart: &Trend) -> String {
    let (left, right, top, bottom) = (50, 430, 20, 260);
    let n = chart.dates.len().max(2);
    let x_at = |i: usize| left + (i as i32) * (right - left) / (n as i32 - 1);
    let y_at = |l: f64| bottom - ((l.clamp(1.0, 4.0) - 1.0) / 3.0 * f64::from(bottom - top)) as i32;
    svg((660, 300), &chart.title, |area| {
        for level in 1..=4 {
            let y = y_at(f64::from(level));
            area.draw(&PathElement::new(
                vec![(left, y), (right, y)],
                ShapeStyle::from(&GRID).stroke_width(1),
            ))
            .map_err(err)?;
            label(
                area,
                &level.to_string(),
                (left - 10, y),
                &text_style(11.0, &INK, HPos::Right, VPos::Center),
            )?;
        }
        for (i, d) in chart.dates.iter().enumerate() {
            label(
                area,
                d,
                (x_at(i), bottom + 18),
                &text_style(11.0, &INK, HPos::Center, VPos::Center),
            )?;
        }
        let mut ends: Vec<(i32, usize)> = Vec::new();
        for (k, s) in chart.series.iter().enumerate() {
            let color = SERIES[k % SERIES.len()];
            let points: Vec<(i32, i32)> = s
                .levels
                .iter()
                .enumerate()
                .filter_map(|(i, l)| l.map(|l| (x_at(i), y_at(l))))
                .collect();
            let line = ShapeStyle::from(&color).stroke_width(2);
            if k % 2 == 0 {
                area.draw(&PathElement::new(points.clone(), line))
                    .map_err(err)?;
            } else {
                area.draw(&DashedPathElement::new(points.clone(), 6, 4, line))
                    .map_err(err)?;
            }
            for p in &points {
                area.draw(&Circle::new(*p, 4, color.filled()))
                    .map_err(err)?;
            }
            if let Some(last) = points.last() {
                ends.push((last.1, k));
            }
        }
        // Names at the right, moved apart so that they never overlap.
        ends.sort();
        let mut y_prev = i32::MIN;
        for (y, k) in ends {
            let y = y.max(y_prev.saturating_add(15));
            y_prev = y;
            let s = &chart.series[k];
            label(
                area,
                &format!("{} {}", s.label, s.name),
                (right + 12, y),
                &text_style(12.0, &SERIES[k % SERIES.len()], HPos::Left, VPos::Center),
            )?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str, before: f64, after: f64) -> Pair {
        Pair {
            name: name.into(),
            before: Some(before),
            after: Some(after),
            label_before: format!("{before}"),
            label_after: format!("{after}"),
            target: Some(3.0),
        }
    }

    #[test]
    fn before_after_writes_every_value_and_escapes_names() {
        let svg = before_after(&BeforeAfter {
            title: "Progress <all>".into(),
            rows: vec![pair("A & B", 1.5, 2.5), pair("C", 3.0, 2.0)],
            scale: vec!["P".into(), "O".into(), "S".into(), "Op".into()],
            legend: ["before".into(), "after".into(), "target".into()],
        });
        assert!(svg.contains("aria-label=\"Progress &lt;all&gt;\""), "{svg}");
        for v in ["1.5", "2.5", "3", "2", "A &amp; B"] {
            assert!(svg.contains(&format!("\n{v}\n")), "{v}");
        }
        assert_eq!(
            svg,
            before_after(&BeforeAfter {
                title: "Progress <all>".into(),
                rows: vec![pair("A & B", 1.5, 2.5), pair("C", 3.0, 2.0)],
                scale: vec!["P".into(), "O".into(), "S".into(), "Op".into()],
                legend: ["before".into(), "after".into(), "target".into()],
            })
        );
    }

    #[test]
    fn trend_draws_one_line_per_series() {
        let svg = trend(&Trend {
            title: "t".into(),
            dates: vec!["d1".into(), "d2".into(), "d3".into()],
            series: vec![
                Series {
                    name: "A".into(),
                    levels: vec![Some(1.0), Some(2.0), Some(2.5)],
                    label: "2.5".into(),
                },
                Series {
                    name: "B".into(),
                    levels: vec![Some(2.0), None, Some(3.0)],
                    label: "3.0".into(),
                },
            ],
        });
        assert!(svg.contains("2.5 A") && svg.contains("3.0 B"), "{svg}");
        assert!(svg.contains("d3"));
    }
}
