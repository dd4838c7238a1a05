//! Attendance drawn as a server-rendered SVG bar chart: one bar a period, its height
//! the share of attendance, the counts written under it. No script, no inline style
//! (the CSP allows neither); colours come from the stylesheet's classes.

use maud::{Markup, html};

/// One bar: a label (a year), how many times present (wholly or in part), of how many.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub present: i64,
    pub listed: i64,
}

const HEIGHT: i64 = 120;
const BAR: i64 = 36;
const GAP: i64 = 14;
const TOP: i64 = 18;
const BOTTOM: i64 = 34;

/// The chart under the caption `summary`. A screen reader reads the picture as one
/// image, so its name carries the figures the bars show.
pub fn attendance(bars: &[Bar], summary: &str) -> Markup {
    let width = (bars.len() as i64 * (BAR + GAP) + GAP).max(120);
    let total_height = TOP + HEIGHT + BOTTOM;
    let figures = bars
        .iter()
        .map(|bar| {
            let share = crate::page::percent(bar.present, bar.listed)
                .map(|p| format!(" ({p} %)"))
                .unwrap_or_default();
            format!("{}: {} af {}{share}", bar.label, bar.present, bar.listed)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let name = format!("{summary}: {figures}");
    html! {
        figure class="chart" {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label=(name)
                viewBox=(format!("0 0 {width} {total_height}")) width=(width) height=(total_height) {
                title { (name) }
                line class="axis" x1="0" x2=(width) y1=(TOP + HEIGHT) y2=(TOP + HEIGHT) {}
                @for (i, bar) in bars.iter().enumerate() {
                    @let x = GAP + i as i64 * (BAR + GAP);
                    @let share = if bar.listed > 0 { bar.present * HEIGHT / bar.listed } else { 0 };
                    rect class="bar-bg" x=(x) y=(TOP) width=(BAR) height=(HEIGHT) {}
                    rect class="bar" x=(x) y=(TOP + HEIGHT - share) width=(BAR) height=(share) {
                        title { (bar.label) ": " (bar.present) " af " (bar.listed) }
                    }
                    text class="value" x=(x + BAR / 2) y=(TOP - 4) text-anchor="middle" {
                        (crate::page::percent(bar.present, bar.listed).map(|p| format!("{p} %")).unwrap_or_default())
                    }
                    text class="label" x=(x + BAR / 2) y=(TOP + HEIGHT + 14) text-anchor="middle" { (bar.label) }
                    text class="count" x=(x + BAR / 2) y=(TOP + HEIGHT + 28) text-anchor="middle" {
                        (bar.present) "/" (bar.listed)
                    }
                }
            }
            figcaption { (summary) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_with_attendance() {
        let svg = attendance(
            &[
                Bar {
                    label: "2023".into(),
                    present: 1,
                    listed: 2,
                },
                Bar {
                    label: "2024".into(),
                    present: 2,
                    listed: 2,
                },
            ],
            "Fremmøde <pr. år>",
        )
        .into_string();
        assert!(svg.contains(r#"height="60""#), "{svg}");
        assert!(svg.contains(r#"height="120""#));
        assert!(svg.contains("50 %") && svg.contains("100 %"));
        assert!(svg.contains("Fremmøde &lt;pr. år&gt;"));
        assert!(
            svg.contains(
                r#"aria-label="Fremmøde &lt;pr. år&gt;: 2023: 1 af 2 (50 %); 2024: 2 af 2 (100 %)""#
            ),
            "{svg}"
        );
    }
}
