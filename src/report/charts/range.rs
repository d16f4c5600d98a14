//! Ranges of amounts (the value case): per row a hatched bar from low to high with the expected
//! value marked, each bound written in the report's currency writing.

use super::*;

/// One row: a name, the low, expected and high amounts, and their written forms.
pub struct RangeRow {
    pub name: String,
    pub low: f64,
    pub expected: f64,
    pub high: f64,
    /// `low`, `expected` and `high` as the report writes amounts (`140 k€`).
    pub labels: [String; 3],
}

pub struct Ranges {
    pub title: String,
    pub rows: Vec<RangeRow>,
    /// The scale's end, written (`2 M€`), and its value.
    pub top: (f64, String),
}

/// Horizontal low–high bars on a scale from 0 to `top`, the expected value a vermillion diamond
/// with its amount above, the bounds written at the bar's ends.
pub fn ranges(chart: &Ranges) -> String {
    let row_h = 56;
    let (left, right, top) = (230, 600, 30);
    let height = top + row_h * chart.rows.len() as i32 + 16;
    svg((640, height as u32), &chart.title, |area| {
        let scale = chart.top.0.max(f64::MIN_POSITIVE);
        let x_of =
            |x: f64| left + ((x / scale).clamp(0.0, 1.0) * f64::from(right - left)).round() as i32;
        let bottom = top + row_h * chart.rows.len() as i32;
        for (x, text) in [(0.0, "0".to_string()), (scale, chart.top.1.clone())] {
            let at = x_of(x);
            line(area, vec![(at, top - 4), (at, bottom)], &GRID, 1)?;
            label(
                area,
                &text,
                (at, top - 14),
                &text_style(11.0, &MUTED, HPos::Center, VPos::Center),
            )?;
        }
        for (i, row) in chart.rows.iter().enumerate() {
            let y = top + row_h * i as i32;
            let mid = y + row_h / 2 + 6;
            multiline(
                area,
                &wrap(&row.name, 30),
                (left - 10, mid),
                &text_style(13.0, &INK, HPos::Right, VPos::Center),
            )?;
            let (x0, x1) = (x_of(row.low), x_of(row.high).max(x_of(row.low) + 2));
            hatched_box(area, (x0, mid - 8), (x1, mid + 8), 0.35, 2)?;
            label(
                area,
                &row.labels[0],
                (x0 - 4, mid + 18),
                &text_style(11.0, &INK, HPos::Right, VPos::Center),
            )?;
            label(
                area,
                &row.labels[2],
                (x1 + 4, mid + 18),
                &text_style(11.0, &INK, HPos::Left, VPos::Center),
            )?;
            let xe = x_of(row.expected);
            area.draw(&Polygon::new(
                vec![(xe, mid - 9), (xe + 7, mid), (xe, mid + 9), (xe - 7, mid)],
                TARGET.filled(),
            ))
            .map_err(err)?;
            label(
                area,
                &row.labels[1],
                (xe, mid - 18),
                &bold(12.0, &TARGET_INK, HPos::Center, VPos::Center),
            )?;
        }
        Ok(())
    })
}
