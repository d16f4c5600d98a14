//! The client topology: maturity × difficulty quadrants.

use super::*;

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
