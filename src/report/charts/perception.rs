//! Perception gaps between roles, as a dumbbell chart.

use super::*;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
