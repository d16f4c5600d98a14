//! The initiatives over the Now / Next / Later horizons.

use super::*;

/// One initiative on the timeline.
pub struct TimelineRow {
    pub name: String,
    /// Index of its horizon in `Timeline::horizons`.
    pub horizon: usize,
    /// Written at the end of its bar: the number of actions.
    pub label: String,
    /// Indices (in `rows`) of the initiatives it depends on.
    pub depends_on: Vec<usize>,
}

pub struct Timeline {
    pub title: String,
    /// `Now`, `Next`, `Later` in the report's language.
    pub horizons: Vec<String>,
    pub rows: Vec<TimelineRow>,
    /// Legend text for the dependency arrows.
    pub legend_depends: String,
}

/// One row per initiative, one column per horizon (bands alternating grey): the initiative's bar,
/// hatched, starts in its horizon and runs to the end of it; a dashed vermillion line joins it to
/// each initiative it depends on, from the end of the dependency's row.
pub fn timeline(chart: &Timeline) -> String {
    let (left, right, top, row_h) = (240, 630, 40, 40);
    let cols = chart.horizons.len().max(1) as i32;
    let col_w = (right - left) / cols;
    let bottom = top + row_h * chart.rows.len() as i32;
    let has_deps = chart.rows.iter().any(|r| !r.depends_on.is_empty());
    let height = bottom + if has_deps { 40 } else { 12 };
    svg((650, height as u32), &chart.title, |area| {
        for (c, name) in chart.horizons.iter().enumerate() {
            let x0 = left + col_w * c as i32;
            let band = if c % 2 == 0 { BAND_A } else { BAND_B };
            area.draw(&Rectangle::new(
                [(x0, top - 4), (x0 + col_w, bottom)],
                band.filled(),
            ))
            .map_err(err)?;
            label(
                area,
                name,
                (x0 + col_w / 2, top - 18),
                &bold(13.0, &INK, HPos::Center, VPos::Center),
            )?;
        }
        let mid = |i: usize| top + row_h * i as i32 + row_h / 2;
        let start = |h: usize| left + col_w * h as i32 + 6;
        for (i, row) in chart.rows.iter().enumerate() {
            let y = top + row_h * i as i32;
            multiline(
                area,
                &wrap(&row.name, 32),
                (left - 10, mid(i)),
                &text_style(12.0, &INK, HPos::Right, VPos::Center),
            )?;
            let (x0, x1) = (start(row.horizon), start(row.horizon) + col_w - 12);
            hatched_box(area, (x0, y + 7), (x1, y + row_h - 7), 0.35, 2)?;
            area.draw(&Rectangle::new(
                [(x0 + 4, mid(i) - 9), (x0 + 70, mid(i) + 9)],
                WHITE.filled(),
            ))
            .map_err(err)?;
            label(
                area,
                &row.label,
                (x0 + 8, mid(i)),
                &bold(12.0, &INK, HPos::Left, VPos::Center),
            )?;
            for &d in &row.depends_on {
                if d >= chart.rows.len() {
                    continue;
                }
                let dep = chart.rows[d].horizon;
                if dep < row.horizon {
                    // From inside the dependency's bar, down (or up) then across to this bar; each
                    // dependency has its own vertical, so lines from different rows never merge.
                    let from = (start(dep) + 84 + 7 * (d as i32 % 5), mid(d));
                    let to = (x0, mid(i));
                    dashed(area, vec![from, (from.0, to.1), to], (4, 3), &TARGET, 2)?;
                    area.draw(&Polygon::new(
                        vec![to, (to.0 - 7, to.1 - 5), (to.0 - 7, to.1 + 5)],
                        TARGET.filled(),
                    ))
                    .map_err(err)?;
                } else {
                    // Same horizon: straight down (or up) from the dependency's bar onto this one.
                    let x = x0 + 84 + 7 * (d as i32 % 5);
                    let down = d < i;
                    let (y_from, y_to) = if down {
                        (mid(d) + row_h / 2 - 7, y + 7)
                    } else {
                        (mid(d) - row_h / 2 + 7, y + row_h - 7)
                    };
                    dashed(area, vec![(x, y_from), (x, y_to)], (4, 3), &TARGET, 2)?;
                    let tip = if down { -6 } else { 6 };
                    area.draw(&Polygon::new(
                        vec![(x, y_to), (x - 5, y_to + tip), (x + 5, y_to + tip)],
                        TARGET.filled(),
                    ))
                    .map_err(err)?;
                }
            }
        }
        if has_deps {
            let y = bottom + 22;
            dashed(area, vec![(left, y), (left + 30, y)], (4, 3), &TARGET, 2)?;
            label(
                area,
                &chart.legend_depends,
                (left + 38, y),
                &text_style(12.0, &INK, HPos::Left, VPos::Center),
            )?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Timeline {
        let row = |name: &str, horizon, depends_on: Vec<usize>| TimelineRow {
            name: name.into(),
            horizon,
            label: "3 actions".into(),
            depends_on,
        };
        Timeline {
            title: "Initiatives".into(),
            horizons: vec!["Now".into(), "Next".into(), "Later".into()],
            rows: vec![
                row("Run the platform as a product", 0, vec![]),
                row("Measure what the platform changes", 0, vec![0]),
                row("Self-service paths", 1, vec![0]),
                row("Security built into the paths", 2, vec![2]),
            ],
            legend_depends: "depends on".into(),
        }
    }

    #[test]
    fn every_initiative_and_horizon_is_named_and_dependencies_are_drawn() {
        let svg = timeline(&sample());
        assert!(svg.contains("aria-label=\"Initiatives\""));
        for text in [
            "Now",
            "Next",
            "Later",
            "3 actions",
            "depends on",
            "Security built",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        // One arrow head per dependency: three.
        assert_eq!(svg.matches("<polygon").count(), 3);
        assert_eq!(svg, timeline(&sample()), "deterministic");
    }
}
