//! The page shell every HTML page shares, and how values are written in Danish.

use axum::response::Html;
use maud::{DOCTYPE, Markup, html};
use referat_model::{Attendance, Date, Kind, Outcome, Weekday};

/// Who is looking at a page.
#[derive(Clone, Debug, Default)]
pub struct Viewer {
    /// The signed-in editor's name; `None` for the public.
    pub editor: Option<String>,
    /// The token a form of a signed-in editor must carry back.
    pub csrf: Option<String>,
}

impl Viewer {
    pub fn is_editor(&self) -> bool {
        self.editor.is_some()
    }
}

/// A whole page: `lang="da"`, the landmarks (banner, search, main, contentinfo), a
/// skip link for keyboard users, and `body` inside `main` (which holds the one h1).
pub fn shell(title: &str, viewer: &Viewer, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="da" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " – Referat" }
                    link rel="stylesheet" href="/static/referat.css";
                    link rel="alternate" type="application/atom+xml" title="Nye referater" href="/feed.atom";
                }
                body {
                    a class="skip" href="#indhold" { "Spring til indholdet" }
                    header class="site" {
                        a class="brand" href="/" { "Referat" }
                        form class="site-search" role="search" aria-label="Søg i møder" action="/search" method="get" {
                            label for="site-q" class="visually-hidden" { "Søg i møder" }
                            input id="site-q" type="search" name="q" maxlength=(referat_search::MAX_QUERY_CHARS) placeholder="Søg i møder";
                            button type="submit" { "Søg" }
                        }
                        nav aria-label="Konto" {
                            @if let Some(name) = &viewer.editor {
                                span { "Redaktør: " (name) }
                                form class="inline" action="/logout" method="post" {
                                    input type="hidden" name="csrf" value=(viewer.csrf.as_deref().unwrap_or(""));
                                    button type="submit" { "Log ud" }
                                }
                            } @else {
                                a href="/login" { "Log ind" }
                            }
                        }
                    }
                    main id="indhold" tabindex="-1" { (body) }
                    footer class="site" {
                        p {
                            "Åbne mødedata: "
                            a href="/oparl/v1/system" { "OParl API" } " · "
                            a href="/api/openapi.json" { "API-beskrivelse" } " · "
                            a href="/feed.atom" { "Nye referater (Atom)" }
                        }
                    }
                }
            }
        }
        .into_string(),
    )
}

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
/// `2025-04-24` as `torsdag 24. april 2025`; anything else as it is.
pub fn long_date(d: Date) -> String {
    format!("{} {}", Weekday::of(d).as_str(), day_month_year(d))
}

/// `2025-04-24` as `24. april 2025`.
pub fn short_date(d: Date) -> String {
    day_month_year(d)
}

fn day_month_year(d: jiff::civil::Date) -> String {
    let month = MONTHS
        .get(usize::try_from(d.month() - 1).unwrap_or(0))
        .unwrap_or(&"");
    format!("{}. {month} {}", d.day(), d.year())
}

/// A date that may be missing.
pub fn maybe_date(d: Option<Date>) -> String {
    d.map(short_date).unwrap_or_else(|| "uden dato".into())
}

/// The Danish word for a record kind.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Referat => "Referat",
        Kind::Dagsorden => "Dagsorden",
    }
}

/// An outcome as a badge: its Danish label and CSS class.
pub fn outcome_label(outcome: Outcome) -> (&'static str, &'static str) {
    match outcome {
        Outcome::Adopted => ("Vedtaget", "badge ok"),
        Outcome::Amended => ("Vedtaget med ændringer", "badge changed"),
        Outcome::Rejected => ("Forkastet", "badge no"),
        Outcome::Postponed => ("Udsat", "badge later"),
        Outcome::Unresolved => ("Ikke afgjort", "badge open"),
    }
}

/// An attendance in Danish.
pub fn attendance_label(attendance: Attendance) -> &'static str {
    match attendance {
        Attendance::Present => "Deltog",
        Attendance::Absent => "Afbud",
        Attendance::Partial => "Deltog delvis",
    }
}

/// Text whose paragraphs are separated by blank lines, as paragraphs.
pub fn paragraphs(text: &str) -> Markup {
    html! {
        @for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            p {
                @for (i, line) in para.lines().enumerate() {
                    @if i > 0 { br; }
                    (line)
                }
            }
        }
    }
}

/// A share as a whole percentage, `None` when there is nothing to share.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 100 + whole / 2) / whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_danish() {
        assert_eq!(
            long_date(jiff::civil::date(2025, 4, 24)),
            "torsdag 24. april 2025"
        );
        assert_eq!(
            short_date(jiff::civil::date(2020, 11, 19)),
            "19. november 2020"
        );
        assert_eq!(maybe_date(None), "uden dato");
        assert_eq!(maybe_date(None), "uden dato");
    }

    #[test]
    fn paragraphs_are_escaped() {
        let html = paragraphs("a <b>\n\nc").into_string();
        assert_eq!(html, "<p>a &lt;b&gt;</p><p>c</p>");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(0, 0), None);
    }
}
