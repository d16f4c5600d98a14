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
pub(super) const CURRENT: RGBColor = RGBColor(0, 114, 178);
/// Okabe–Ito vermillion: targets and warnings.
pub(super) const TARGET: RGBColor = RGBColor(213, 94, 0);
/// Okabe–Ito vermillion darkened for text on white (contrast).
pub(super) const TARGET_INK: RGBColor = RGBColor(170, 70, 0);
pub(super) const INK: RGBColor = RGBColor(34, 34, 34);
pub(super) const MUTED: RGBColor = RGBColor(110, 110, 110);
pub(super) const GRID: RGBColor = RGBColor(200, 200, 200);
pub(super) const BAND_A: RGBColor = RGBColor(246, 246, 246);
pub(super) const BAND_B: RGBColor = RGBColor(234, 234, 234);
pub(super) const FONT: &str = "sans-serif";
/// The SVG backend writes `font-size` as the size given divided by 1.24; sizes below are in
/// pixels as they appear.
pub(super) const PX: f64 = 1.24;

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
pub(super) type DrawResult = Result<(), String>;

pub(super) fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

pub(super) fn text_style(size: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
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

pub(super) fn label(area: &Area, s: &str, at: (i32, i32), style: &TextStyle) -> DrawResult {
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
pub(super) fn svg(size: (u32, u32), title: &str, draw: impl FnOnce(&Area) -> DrawResult) -> String {
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
