//! The DORA keys against the year's performance clusters, on DORA's own scale.

use super::*;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
