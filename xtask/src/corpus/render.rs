//! Writing a generated meeting in one of the layout families modelled on the sample
//! minutes, as a referat or as a dagsorden.

use std::fmt::Write as _;

use super::Rng;
use super::meeting::{Attendee, Block, Item, ItemKind, Meeting};
use super::words;

/// The layout families, each modelled on one of the samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Markdown, `# Punkt N: Title`, a table of contents, participants as item 1 with
    /// `(Afbud)`/`(ordstyrer)` markers and an apologies list in its decision.
    Punkt,
    /// Plain text as copied from a PDF: `N. Title – kl. 15.05 – 15.25`, `v/ Name`,
    /// participants in the header with `– afbud` and `- mødeleder`.
    Numbered,
    /// Markdown, `## N) Title`, `Mødedato:` header lines between rules.
    Paren,
    /// Markdown, `## **N. Title**` and bold sub-headings.
    Bold,
    /// Plain text, `Punkt N: Title - 10 min`, a table of contents, `Afbud: A og B.`
    PlainPunkt,
}

impl Family {
    pub const ALL: [Family; 5] = [
        Family::Punkt,
        Family::Numbered,
        Family::Paren,
        Family::Bold,
        Family::PlainPunkt,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Punkt => "punkt-md",
            Family::Numbered => "numbered",
            Family::Paren => "paren-md",
            Family::Bold => "bold-md",
            Family::PlainPunkt => "punkt-plain",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Family::Punkt | Family::Paren | Family::Bold => "md",
            Family::Numbered | Family::PlainPunkt => "txt",
        }
    }

    /// Whether the participants are agenda item 1.
    pub fn participants_item(self) -> bool {
        matches!(self, Family::Punkt | Family::PlainPunkt)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Referat,
    Dagsorden,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Referat => "referat",
            Kind::Dagsorden => "dagsorden",
        }
    }
}

/// A rendered document and what a parser should find in it.
pub struct Rendered {
    pub text: String,
    pub items: usize,
    pub participants: usize,
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

struct Writer<'m, 'w> {
    m: &'m Meeting<'w>,
    kind: Kind,
    out: String,
}

impl<'m> Writer<'m, '_> {
    fn referat(&self) -> bool {
        self.kind == Kind::Referat
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn para(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push_str("\n\n");
    }

    fn weekday(&self) -> String {
        capitalised(
            words::WEEKDAYS
                .get(self.m.weekday)
                .copied()
                .unwrap_or_default(),
        )
    }

    fn month(&self) -> &'static str {
        words::MONTHS
            .get(usize::from(self.m.date.month().unsigned_abs()).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    }

    fn long_date(&self) -> String {
        format!(
            "{}. {} {}",
            self.m.date.day(),
            self.month(),
            self.m.date.year()
        )
    }

    fn numeric_date(&self) -> String {
        self.m.date.strftime("%d-%m-%Y").to_string()
    }

    fn blocks(&mut self, blocks: &[Block], bullet: &str) {
        for b in blocks {
            match b {
                Block::Para(p) => self.para(p),
                Block::Bullets(list) => {
                    for l in list {
                        self.line(&format!("{bullet}{l}"));
                    }
                    self.out.push('\n');
                }
            }
        }
    }

    /// `Name, role` with the markers this family writes.
    fn person(&self, a: &Attendee, dash: bool) -> String {
        let mut s = format!("{}, {}", a.written, a.role);
        if a.chair {
            s.push_str(if dash {
                " - mødeleder"
            } else {
                " (ordstyrer)"
            });
        }
        if a.absent && self.referat() {
            match (&a.substitute, dash) {
                (Some((_, sub)), true) => {
                    let _ = write!(s, " – afbud i stedet deltog {sub}");
                }
                (Some((_, sub)), false) => {
                    let _ = write!(s, " (afbud, i stedet deltog {sub})");
                }
                (None, true) => s.push_str(" – afbud"),
                (None, false) => s.push_str(" (afbud)"),
            }
        }
        s
    }

    /// Number of people a parser should list: everyone named, and the substitutes of
    /// a referat.
    fn participants(&self) -> usize {
        let people = self.m.groups.iter().flat_map(|g| &g.people);
        let subs = if self.referat() {
            people
                .clone()
                .filter(|a| a.absent && a.substitute.is_some())
                .count()
        } else {
            0
        };
        people.count() + subs + self.m.guests.len()
    }

    fn absent(&self) -> Vec<&'m Attendee> {
        let m: &'m Meeting = self.m;
        m.groups
            .iter()
            .flat_map(|g| &g.people)
            .filter(|a| a.absent)
            .collect()
    }

    fn title(&self, item: &Item) -> String {
        item.title.clone()
    }

    fn lead(&self, colon: bool) -> String {
        format!(
            "Det indstilles, at {}{}",
            self.m.forum.name,
            if colon { ":" } else { "" }
        )
    }

    fn slot(&self, n: usize) -> (String, String) {
        let before: u32 = self.m.items.iter().take(n).map(|i| i.minutes).sum();
        let this = self.m.items.get(n).map_or(5, |i| i.minutes);
        let (h1, m1) = self.m.clock(before);
        let (h2, m2) = self.m.clock(before + this);
        (format!("{h1:02}.{m1:02}"), format!("{h2:02}.{m2:02}"))
    }

    fn toc(&mut self, heading: &str, with_minutes: bool) {
        self.para(heading);
        let mut page = 3;
        let mut lines = String::new();
        for item in &self.m.items {
            if with_minutes && item.kind != ItemKind::Participants {
                let _ = writeln!(lines, "{} - {} min.....\t{page}", item.title, item.minutes);
            } else {
                let _ = writeln!(lines, "{}.....\t{page}", item.title);
            }
            page += 1 + (item.body.len() / 3);
        }
        self.out.push_str(&lines);
        self.out.push('\n');
    }
}

pub fn render(m: &Meeting, family: Family, kind: Kind, rng: &mut Rng) -> Rendered {
    let mut w = Writer {
        m,
        kind,
        out: String::with_capacity(24 * 1024),
    };
    match family {
        Family::Punkt => punkt(&mut w, rng),
        Family::Numbered => numbered(&mut w, rng),
        Family::Paren => paren(&mut w, false, rng),
        Family::Bold => paren(&mut w, true, rng),
        Family::PlainPunkt => plain_punkt(&mut w, rng),
    }
    let participants = w.participants();
    Rendered {
        text: w.out,
        items: m.items.len(),
        participants,
    }
}

fn header_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Referat => "REFERAT",
        Kind::Dagsorden => "DAGSORDEN",
    }
}

/// Modelled on the Markdown export with `# Punkt N:` headings.
fn punkt(w: &mut Writer, rng: &mut Rng) {
    let m = w.m;
    w.out.push_str("\n\n");
    let word = header_word(w.kind);
    w.para(&format!(
        "# {word} {} d. {}",
        m.forum.name,
        w.numeric_date()
    ));
    w.para(&format!(
        "**Mødedato** {} d. {} kl. {:02}:{:02}",
        w.weekday(),
        w.long_date(),
        m.start.0,
        m.start.1
    ));
    w.para(&format!("**Mødested** {}", m.place));
    w.toc("## Indholdsfortegnelse", false);
    for (i, item) in m.items.iter().enumerate() {
        let n = i + 1;
        let title = w.title(item);
        let bold = rng.chance(0.25);
        let heading = if item.kind == ItemKind::Closed {
            format!("Punkt {n} (Lukket): {title}")
        } else {
            format!("Punkt {n}: {title}")
        };
        if bold {
            w.para(&format!("## **{heading}**"));
        } else {
            w.para(&format!("# {heading}"));
        }
        let sub = if bold { "###" } else { "##" };
        if item.kind == ItemKind::Participants {
            for g in &m.groups {
                w.para(&format!("### {}", g.name));
                let lines: Vec<String> = g.people.iter().map(|a| w.person(a, false)).collect();
                w.para(&lines.join("  \n"));
            }
            if !m.guests.is_empty() {
                w.para("### Gæster");
                let lines: Vec<String> = m.guests.iter().map(|a| w.person(a, false)).collect();
                w.para(&lines.join("  \n"));
            }
            if w.referat() {
                w.para(&format!("{sub} Beslutning"));
                let absent = w.absent();
                if absent.is_empty() {
                    w.para("Alle var mødt.");
                } else {
                    w.para("Til mødet var afbud fra følgende:");
                    let lines: Vec<String> = absent
                        .iter()
                        .map(|a| match &a.substitute {
                            Some((role, sub)) => {
                                format!("{} ({role} {sub} deltog i stedet)", a.name)
                            }
                            None => a.name.clone(),
                        })
                        .collect();
                    w.para(&lines.join("  \n"));
                }
            }
            continue;
        }
        if !item.resume.is_empty() {
            w.para(&format!("{sub} Resumé"));
            w.blocks(&item.resume, "- ");
        }
        if !item.body.is_empty() {
            w.para(&format!("{sub} Sagsfremstilling"));
            w.blocks(&item.body, "- ");
        }
        if let Some(p) = &item.presenter {
            w.para(&format!("På mødet vil {p} kort gennemgå sagen."));
        }
        if !item.recs.is_empty() {
            w.para(&format!("{sub} Indstilling"));
            w.para(&w.lead(true));
            let recs: Vec<String> = item
                .recs
                .iter()
                .enumerate()
                .map(|(i, r)| format!("{}. {r}", i + 1))
                .collect();
            w.para(&recs.join("\n"));
        }
        if w.referat() {
            w.para(&format!("{sub} Beslutning"));
            w.blocks(&item.decision, "- ");
        }
        if !item.attachments.is_empty() {
            w.para(&format!("{sub} **Bilag**"));
            w.para(&item.attachments.join("\n\n"));
        }
    }
}

/// Modelled on plain text copied from a PDF: numbered items with time slots.
fn numbered(w: &mut Writer, rng: &mut Rng) {
    let m = w.m;
    w.line(&format!(" {}  ", header_word(w.kind)));
    w.line("");
    w.line(&format!("{} ", m.forum.name));
    w.line(&format!(
        "{} den {} kl. {:02}.{:02} – {:02}.{:02} ",
        w.weekday(),
        w.long_date(),
        m.start.0,
        m.start.1,
        m.end.0,
        m.end.1
    ));
    w.line(&format!("{} ", m.place));
    if let Some(a) = &m.address {
        w.line(&format!("{a}  "));
    }
    w.line("");
    w.line("Mødedeltagere ");
    for (gi, g) in m.groups.iter().enumerate() {
        if gi > 0 {
            w.para(" ");
            w.para(&format!("{} ", g.name));
        }
        for a in &g.people {
            w.para(&format!("{} ", w.person(a, true)));
        }
    }
    if !m.guests.is_empty() {
        w.para(" ");
        w.para("Gæster ");
        for a in &m.guests {
            w.para(&format!("{} ", w.person(a, true)));
        }
    }
    for (i, item) in m.items.iter().enumerate() {
        let n = i + 1;
        let (from, to) = w.slot(i);
        let title = w.title(item);
        if item.kind == ItemKind::Closed {
            w.line(&format!(
                " {n}. Lukket punkt: {title} – kl. {from} – {to}  "
            ));
        } else {
            w.line(&format!(" {n}. {title} – kl. {from} – {to}  "));
        }
        if let Some(p) = &item.presenter {
            w.line(&format!("v/ {p}  "));
        }
        w.blocks(&item.resume, "• ");
        w.blocks(&item.body, "• ");
        if !item.recs.is_empty() && item.kind == ItemKind::Topic {
            w.para(&format!("{} ", w.lead(true)));
            for (k, r) in item.recs.iter().enumerate() {
                w.para(&format!("{}. {r} ", k + 1));
            }
        }
        if !item.attachments.is_empty() {
            w.para("Bilag: ");
            for a in &item.attachments {
                w.para(&format!("• {a} "));
            }
        }
        if w.referat() {
            if item.kind == ItemKind::Topic || rng.chance(0.5) {
                w.para("Referat ");
            }
            w.blocks(&item.decision, "• ");
        }
    }
}

/// Modelled on the Markdown exports with `## N) Title` and `## **N. Title**` items.
fn paren(w: &mut Writer, bold: bool, rng: &mut Rng) {
    let m = w.m;
    w.out.push_str("\n\n\n\n");
    w.para(match w.kind {
        Kind::Referat => "# Referat",
        Kind::Dagsorden => "# Dagsorden",
    });
    w.para(&format!("## {}", m.forum.name));
    w.para("---");
    let date = if rng.chance(0.4) {
        format!("{} den {}", w.weekday(), w.long_date())
    } else {
        w.long_date()
    };
    w.line(&format!("Mødedato: {date}  "));
    w.line(&format!(
        "Mødet påbegyndt: kl. {:02}:{:02}  ",
        m.start.0, m.start.1
    ));
    w.line(&format!(
        "Mødet afsluttet: kl. {:02}:{:02}  ",
        m.end.0, m.end.1
    ));
    w.para(&format!("Mødested: {}", m.place));
    w.para("---");
    w.para("### Deltagere");
    let groups = m
        .groups
        .iter()
        .map(|g| (g.name, &g.people))
        .chain((!m.guests.is_empty()).then_some(("Gæster", &m.guests)));
    for (name, people) in groups {
        if bold {
            w.para(name);
        } else {
            w.para(&format!("#### {name}"));
        }
        let lines: Vec<String> = people.iter().map(|a| w.person(a, false)).collect();
        w.para(&lines.join("  \n"));
    }
    for (i, item) in m.items.iter().enumerate() {
        let n = i + 1;
        let title = w.title(item);
        let closed = if item.kind == ItemKind::Closed {
            " (lukket)"
        } else {
            ""
        };
        let (sub, strong) = if bold {
            (if rng.chance(0.3) { "####" } else { "###" }, true)
        } else {
            ("###", rng.chance(0.2))
        };
        let h = |s: &str| {
            if strong {
                format!("{sub} **{s}**")
            } else {
                format!("{sub} {s}")
            }
        };
        if bold {
            w.para(&format!("## **{n}. {title}{closed}**"));
        } else {
            w.para(&format!("## {n}) {title}{closed}"));
        }
        if let Some(p) = &item.presenter {
            w.para(&format!("v/ {p}"));
        }
        w.blocks(&item.resume, "- ");
        w.blocks(&item.body, "- ");
        if !item.attachments.is_empty() {
            w.para(&h("Bilag:"));
            let list: Vec<String> = item
                .attachments
                .iter()
                .enumerate()
                .map(|(k, a)| format!("{}. {a}", k + 1))
                .collect();
            w.para(&list.join("\n"));
        }
        if !item.recs.is_empty() {
            w.para(&h("Indstilling:"));
            w.para(&w.lead(false));
            let list: Vec<String> = item.recs.iter().map(|r| format!("- {r}")).collect();
            w.para(&list.join("\n"));
        }
        if w.referat() {
            w.para(&h("Referat"));
            w.blocks(&item.decision, "- ");
        }
    }
}

/// Modelled on plain text with `Punkt N: Title - 10 min` items and a contents list.
fn plain_punkt(w: &mut Writer, rng: &mut Rng) {
    let m = w.m;
    w.out.push_str("\n\n");
    w.para(&format!(
        "{} {} d. {}",
        header_word(w.kind),
        m.forum.name,
        w.numeric_date()
    ));
    w.para(&format!(
        "Mødedato {} d. {} kl. {:02}:{:02}",
        w.weekday(),
        w.long_date(),
        m.start.0,
        m.start.1
    ));
    w.para(&format!("Mødested {}", m.place));
    w.toc("Indholdsfortegnelse", true);
    for (i, item) in m.items.iter().enumerate() {
        let n = i + 1;
        let title = w.title(item);
        if item.kind == ItemKind::Participants {
            w.para(&format!("Punkt {n}: {title}"));
            w.para("Mødedeltagere");
            for g in &m.groups {
                w.para(g.name);
                let lines: Vec<String> = g.people.iter().map(|a| w.person(a, true)).collect();
                w.para(&lines.join("\n"));
            }
            if !m.guests.is_empty() {
                w.para("Gæster");
                let lines: Vec<String> = m.guests.iter().map(|a| w.person(a, true)).collect();
                w.para(&lines.join("\n"));
            }
            if w.referat() {
                w.para("Beslutning");
                let absent: Vec<String> = w.absent().iter().map(|a| a.name.clone()).collect();
                match absent.split_last() {
                    None => w.para("Alle var mødt."),
                    Some((last, [])) => {
                        w.para("Afbud:");
                        w.para(&format!("{last}."));
                    }
                    Some((last, rest)) => {
                        w.para("Afbud:");
                        w.para(&format!("{} og {last}.", rest.join(", ")));
                    }
                }
            }
            continue;
        }
        let closed = if item.kind == ItemKind::Closed {
            " (Lukket)"
        } else {
            ""
        };
        w.para(&format!(
            "Punkt {n}{closed}: {title} - {} min",
            item.minutes
        ));
        if rng.chance(0.5) {
            w.para(&format!("{title} - {} min.", item.minutes));
        }
        w.blocks(&item.resume, "- ");
        w.blocks(&item.body, "- ");
        if let Some(p) = &item.presenter {
            w.para(&format!("{p} indleder punktet"));
        }
        if !item.recs.is_empty() {
            w.para(&w.lead(true));
            let list: Vec<String> = item
                .recs
                .iter()
                .enumerate()
                .map(|(k, r)| format!("{}. {r}", k + 1))
                .collect();
            w.para(&list.join("\n"));
        }
        if w.referat() {
            w.para("Beslutning");
            w.blocks(&item.decision, "- ");
        }
        if !item.attachments.is_empty() {
            w.para("Bilag");
            w.para(&item.attachments.join("\n"));
        }
    }
}
