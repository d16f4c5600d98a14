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
