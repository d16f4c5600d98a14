//! Horizontal bars: levels on the 1–4 scale, and shares from 0 to 100 %.

use super::*;

use super::radar::LevelRow;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
