//! The radar of the CNCF aspects: current profile against targets.

use super::*;

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
}
