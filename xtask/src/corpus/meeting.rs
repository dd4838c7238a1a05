//! One generated meeting, independent of layout: who took part, the items with their
//! sections, recommendations and decisions, and the slips a secretary makes.

use std::collections::HashSet;

use jiff::civil::Date;

use super::Rng;
use super::words::{self, Area};
use super::world::{Forum, World};

/// Person-level slips, per appearance of a person in a meeting.
const VARIANT_RATE: f64 = 0.01;
const ABSENCE_RATE: f64 = 0.1;
const SUBSTITUTE_RATE: f64 = 0.25;
/// Meeting-level slips.
const WRONG_WEEKDAY_RATE: f64 = 0.01;
const LOOKALIKE_RATE: f64 = 0.03;
const DOUBLE_SPACE_RATE: f64 = 0.1;
const HYPHENATION_RATE: f64 = 0.12;
/// Item-level.
// Of the items drawn after the fixed ones, so about 2 % of all items.
const CLOSED_RATE: f64 = 0.027;
const MISSING_OUTCOME_RATE: f64 = 0.02;

pub struct Attendee {
    pub name: String,
    /// The name as the participant line spells it (a look-alike letter, maybe).
    pub written: String,
    pub role: String,
    pub absent: bool,
    pub chair: bool,
    /// (role, name) of the person who came instead.
    pub substitute: Option<(String, String)>,
}

pub struct AttendeeGroup {
    pub name: &'static str,
    pub people: Vec<Attendee>,
}

pub enum Block {
    Para(String),
    Bullets(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Participants,
    Approval,
    Topic,
    Closed,
    Notices,
    AnyOther,
}

pub struct Item {
    pub kind: ItemKind,
    pub title: String,
    pub minutes: u32,
    pub presenter: Option<String>,
    pub resume: Vec<Block>,
    pub body: Vec<Block>,
    pub recs: Vec<String>,
    pub decision: Vec<Block>,
    pub attachments: Vec<String>,
}

pub struct Meeting<'w> {
    pub forum: &'w Forum,
    pub date: Date,
    /// Index into `words::WEEKDAYS` as written, which may not be the date's.
    pub weekday: usize,
    pub start: (u32, u32),
    pub end: (u32, u32),
    pub place: String,
    pub address: Option<String>,
    pub groups: Vec<AttendeeGroup>,
    pub guests: Vec<Attendee>,
    pub items: Vec<Item>,
}

impl Meeting<'_> {
    /// Minutes after midnight plus `add` as (hour, minute).
    pub fn clock(&self, add: u32) -> (u32, u32) {
        let m = self.start.0 * 60 + self.start.1 + add;
        ((m / 60) % 24, m % 60)
    }
}

/// What one meeting's text is filled with.
struct Ctx<'a> {
    forum: &'a Forum,
    date: Date,
    year: i16,
    topic: String,
    people: &'a [String],
    /// Topics already on this meeting's agenda.
    topics: HashSet<&'static str>,
}

fn fill(template: &str, ctx: &Ctx, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        let key = after.get(1..close).unwrap_or_default();
        match key {
            "topic" => out.push_str(&ctx.topic),
            "forum" => out.push_str(ctx.forum.name),
            "org" => out.push_str(ctx.forum.org),
            "region" => out.push_str(words::REGION),
            "year" => out.push_str(&ctx.year.to_string()),
            "prev" => out.push_str(&(ctx.year - 1).to_string()),
            "n" => out.push_str(&rng.range(2, 24).to_string()),
            "month" => out.push_str(rng.pick(&words::MONTHS)),
            "person" => out.push_str(&rng.pick_str(ctx.people, "Formanden")),
            "date" => {
                // Earlier meetings and decisions: some weeks or months before this one.
                let back = jiff::Span::new().days(rng.range(14, 240) as i64);
                let d = ctx.date.checked_sub(back).unwrap_or(ctx.date);
                let month = words::MONTHS
                    .get(usize::from(d.month().unsigned_abs()).saturating_sub(1))
                    .copied()
                    .unwrap_or_default();
                out.push_str(&format!("{}. {month} {}", d.day(), d.year()));
            }
            "amount" => {
                if rng.chance(0.5) {
                    out.push_str(&format!(
                        "{}.{:03} kr.",
                        rng.range(20, 950),
                        rng.below(40) * 25
                    ));
                } else {
                    out.push_str(&format!("{},{} mio. kr.", rng.range(1, 40), rng.below(10)));
                }
            }
            _ => {}
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn topics(area: Area) -> &'static [&'static str] {
    match area {
        Area::Health | Area::Cluster => words::HEALTH_TOPICS,
        Area::Elderly => words::ELDERLY_TOPICS,
        Area::Technical => words::TECHNICAL_TOPICS,
        Area::Children => words::CHILDREN_TOPICS,
        Area::Culture => words::CULTURE_TOPICS,
        Area::Economy => words::ECONOMY_TOPICS,
        Area::Social => words::SOCIAL_TOPICS,
    }
}

fn paragraph(ctx: &Ctx, sentences: usize, used: &mut HashSet<usize>, rng: &mut Rng) -> String {
    let mut p = String::new();
    for _ in 0..sentences {
        // An item does not say the same thing twice, as long as there is something new.
        let mut k = rng.below(words::SENTENCES.len());
        for _ in 0..8 {
            if used.insert(k) {
                break;
            }
            k = rng.below(words::SENTENCES.len());
        }
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(&fill(
            words::SENTENCES.get(k).copied().unwrap_or_default(),
            ctx,
            rng,
        ));
    }
    p
}

/// Replaces one Latin letter of the name with its Cyrillic look-alike, as text
/// pasted through a Cyrillic keyboard layout leaves it.
fn lookalike(name: &str, rng: &mut Rng) -> String {
    let swaps = [
        ('a', 'а'),
        ('e', 'е'),
        ('o', 'о'),
        ('p', 'р'),
        ('c', 'с'),
        ('x', 'х'),
        ('y', 'у'),
    ];
    // Lower-case letters only, so every word keeps a Latin capital to start with.
    let candidates: Vec<(usize, char)> = name
        .char_indices()
        .filter(|(_, c)| swaps.iter().any(|(l, _)| l == c))
        .collect();
    let Some(&(at, c)) = candidates.get(rng.below(candidates.len())) else {
        return name.to_string();
    };
    let cyr = swaps.iter().find(|(l, _)| *l == c).map_or(c, |(_, cy)| *cy);
    let mut out = String::with_capacity(name.len() + 2);
    out.push_str(name.get(..at).unwrap_or_default());
    out.push(cyr);
    out.push_str(name.get(at + c.len_utf8()..).unwrap_or_default());
    out
}

/// Breaks a long word of the paragraph over two lines with a hyphen, as text copied
/// from a justified PDF keeps it.
fn hyphenate(p: &str, rng: &mut Rng) -> Option<String> {
    let words: Vec<(usize, &str)> = p
        .split(' ')
        .scan(0usize, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| w.chars().count() >= 12 && w.chars().all(char::is_alphabetic))
        .collect();
    let &(at, w) = words.get(rng.below(words.len()))?;
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let cut = chars.get(rng.range(5, chars.len().saturating_sub(5)))?.0;
    let mut out = String::with_capacity(p.len() + 2);
    out.push_str(p.get(..at + cut)?);
    out.push_str("-\n");
    out.push_str(p.get(at + cut..)?);
    Some(out)
}

/// The people listed for the meeting on `date`, with their attendance.
fn attendees(
    forum: &Forum,
    world: &World,
    date: Date,
    rng: &mut Rng,
) -> (Vec<AttendeeGroup>, Vec<Attendee>) {
    let mut groups = Vec::new();
    let mut chair_done = false;
    let mut used_deputies = HashSet::new();
    for g in &forum.groups {
        let mut people = Vec::new();
        for seat in &g.seats {
            let Some(p) = Forum::holder(seat, date).and_then(|i| world.people.get(i)) else {
                continue;
            };
            let name = if rng.chance(VARIANT_RATE) {
                p.variant(rng)
            } else {
                p.name()
            };
            let chair = !chair_done;
            chair_done = true;
            let absent = !chair && g.name != "Sekretariat" && rng.chance(ABSENCE_RATE);
            let substitute = if absent && rng.chance(SUBSTITUTE_RATE) {
                let free: Vec<usize> = forum
                    .deputies
                    .iter()
                    .copied()
                    .filter(|d| !used_deputies.contains(d))
                    .collect();
                let pick = free.get(rng.below(free.len())).copied();
                pick.and_then(|d| {
                    used_deputies.insert(d);
                    let role = seat.role.split(',').next().unwrap_or("stedfortræder");
                    world
                        .people
                        .get(d)
                        .map(|dp| (role.trim().to_string(), dp.name()))
                })
            } else {
                None
            };
            people.push(Attendee {
                written: name.clone(),
                name,
                role: seat.role.clone(),
                absent,
                chair,
                substitute,
            });
        }
        groups.push(AttendeeGroup {
            name: g.name,
            people,
        });
    }
    // Guests come once; their names must not be anyone else's in the meeting.
    let mut guests = Vec::new();
    if rng.chance(0.4) {
        let mut taken: HashSet<String> = groups
            .iter()
            .flat_map(|g| &g.people)
            .flat_map(|a| {
                let sub = a.substitute.as_ref().map(|s| s.1.clone());
                std::iter::once(a.name.clone()).chain(sub)
            })
            .collect();
        for _ in 0..rng.range(1, 3) {
            let name = format!(
                "{} {}",
                rng.pick(words::FIRST_NAMES),
                rng.pick(words::SURNAMES)
            );
            let first = name.split(' ').next().unwrap_or_default().to_string();
            let last = name.rsplit(' ').next().unwrap_or_default().to_string();
            if taken
                .iter()
                .any(|t| t.starts_with(&first) || t.ends_with(&last))
            {
                continue;
            }
            taken.insert(name.clone());
            const ROLES: [&str; 5] = [
                "konsulent, {org}",
                "projektleder, {region}",
                "leder af Sundhedscentret",
                "specialkonsulent, {org}",
                "afdelingsleder, {org}",
            ];
            let role = ROLES
                .get((guests.len() + rng.below(2)) % ROLES.len())
                .copied()
                .unwrap_or_default();
            let role = role
                .replace("{org}", forum.org)
                .replace("{region}", words::REGION);
            guests.push(Attendee {
                written: name.clone(),
                name,
                role,
                absent: false,
                chair: false,
                substitute: None,
            });
        }
    }
    if rng.chance(LOOKALIKE_RATE) {
        let all: Vec<&mut Attendee> = groups.iter_mut().flat_map(|g| &mut g.people).collect();
        let n = all.len();
        if let Some(a) = all.into_iter().nth(rng.below(n)) {
            a.written = lookalike(&a.name, rng);
        }
    }
    (groups, guests)
}

fn outcome(recs: usize, title_verb: &str, ctx: &Ctx, rng: &mut Rng) -> Vec<String> {
    let addendum = fill(rng.pick(words::ADDENDA), ctx, rng);
    if recs <= 1 {
        let roll = rng.below(100);
        let line = match roll {
            0..=2 => "Udsat.".to_string(),
            3..=10 => format!("Indstillingen blev fulgt med den tilføjelse, at {addendum}."),
            11..=25 => "Godkendt.".to_string(),
            26..=35 if title_verb.starts_with("Orientering") => {
                "Orienteringen blev taget til efterretning.".to_string()
            }
            36..=50 => "Indstillingen blev godkendt.".to_string(),
            _ => "Indstillingen blev fulgt.".to_string(),
        };
        return vec![line];
    }
    match rng.below(100) {
        0..=29 => vec!["Indstillingerne blev fulgt.".to_string()],
        30..=44 if recs == 2 => vec!["Begge indstillinger blev fulgt.".to_string()],
        45..=59 => vec!["Indstillingerne blev godkendt.".to_string()],
        _ => (1..=recs)
            .map(|i| match rng.below(10) {
                0 => format!("Indstilling {i} blev udsat."),
                1 => format!("Indstilling {i} blev fulgt med den tilføjelse, at {addendum}."),
                _ => format!("Indstilling {i} blev fulgt."),
            })
            .collect(),
    }
}

fn topic_item(ctx: &mut Ctx, verbosity: f64, present: &[String], rng: &mut Rng) -> Item {
    let (verb, rec_verb) = rng.pick(words::TITLE_VERBS);
    let mut topic = rng.pick(topics(ctx.forum.area));
    for _ in 0..8 {
        if ctx.topics.insert(topic) {
            break;
        }
        topic = rng.pick(topics(ctx.forum.area));
    }
    ctx.topic = fill(topic, ctx, rng);
    let mut title = format!("{verb} {}", ctx.topic);
    if verb.ends_with(':') {
        // "Temadrøftelse: Klyngens arbejde med …" capitalises what follows the colon.
        let mut chars = ctx.topic.chars();
        if let Some(c) = chars.next() {
            title = format!("{verb} {}{}", c.to_uppercase(), chars.as_str());
        }
    }
    let scaled = |lo: usize, hi: usize, rng: &mut Rng| -> usize {
        ((rng.range(lo, hi) as f64) * verbosity).round().max(1.0) as usize
    };
    let mut used = HashSet::new();
    let resume = if rng.chance(0.6) {
        vec![Block::Para(paragraph(ctx, rng.range(1, 3), &mut used, rng))]
    } else {
        Vec::new()
    };
    let mut body = Vec::new();
    for _ in 0..scaled(1, 5, rng) {
        body.push(Block::Para(paragraph(ctx, rng.range(2, 6), &mut used, rng)));
        if rng.chance(0.12) {
            let bullets = (0..rng.range(2, 5))
                .map(|_| {
                    let s = fill(rng.pick(words::SENTENCES), ctx, rng);
                    s.trim_end_matches('.').to_string()
                })
                .collect();
            body.push(Block::Bullets(bullets));
        }
    }
    let presenter = if rng.chance(0.4) {
        present.get(rng.below(present.len())).cloned()
    } else {
        None
    };
    let mut recs = vec![fill(rec_verb, ctx, rng)];
    for _ in 0..rng.range(0, 2) {
        let extra = rng.pick(&[
            "Godkender, at {addendum}.",
            "Drøfter den videre proces.",
            "Godkender tidsplanen for det videre arbejde.",
            "Beslutter, om indsatsen skal prioriteres i {year}.",
            "Tager orienteringen til efterretning.",
        ]);
        let extra = extra.replace("{addendum}", rng.pick(words::ADDENDA));
        let extra = fill(&extra, ctx, rng);
        if !recs.contains(&extra) {
            recs.push(extra);
        }
    }
    let mut decision = Vec::new();
    let discussion = rng.range(0, 2);
    let missing = rng.chance(MISSING_OUTCOME_RATE);
    let outcome_first = rng.chance(0.3);
    let lines = outcome(recs.len(), verb, ctx, rng);
    if outcome_first && !missing {
        decision.extend(lines.iter().cloned().map(Block::Para));
    }
    for _ in 0..discussion.max(usize::from(missing)) {
        decision.push(Block::Para(fill(rng.pick(words::DISCUSSION), ctx, rng)));
    }
    if !outcome_first && !missing {
        decision.extend(lines.into_iter().map(Block::Para));
    }
    let attachments = if rng.chance(0.4) {
        let mut a: Vec<String> = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let s = fill(rng.pick(words::ATTACHMENTS), ctx, rng);
            if !a.contains(&s) {
                a.push(s);
            }
        }
        a
    } else {
        Vec::new()
    };
    Item {
        kind: ItemKind::Topic,
        title,
        minutes: 5 * rng.range(2, 8) as u32,
        presenter,
        resume,
        body,
        recs,
        decision,
        attachments,
    }
}

fn simple_item(kind: ItemKind, title: &str, rec: Option<&str>, decision: &str) -> Item {
    Item {
        kind,
        title: title.to_string(),
        minutes: 5,
        presenter: None,
        resume: Vec::new(),
        body: Vec::new(),
        recs: rec.map(str::to_string).into_iter().collect(),
        decision: vec![Block::Para(decision.to_string())],
        attachments: Vec::new(),
    }
}

pub fn generate<'w>(
    world: &'w World,
    forum: &'w Forum,
    date: Date,
    participants_item: bool,
    rng: &mut Rng,
) -> Meeting<'w> {
    let weekday = date.weekday().to_monday_zero_offset() as usize;
    let weekday = if rng.chance(WRONG_WEEKDAY_RATE) {
        (weekday + rng.range(1, 6)) % 7
    } else {
        weekday
    };
    let (groups, guests) = attendees(forum, world, date, rng);
    let present: Vec<String> = groups
        .iter()
        .flat_map(|g| &g.people)
        .chain(&guests)
        .filter(|a| !a.absent)
        .map(|a| a.name.clone())
        .collect();
    let mut ctx = Ctx {
        forum,
        date,
        year: date.year(),
        topic: String::new(),
        people: &present,
        topics: HashSet::new(),
    };
    // Averages of two draws: most meetings have 7–10 items, a few 4 or 14.
    let total = (rng.range(4, 14) + rng.range(4, 14)).div_ceil(2);
    let verbosity = 0.7 + rng.below(100) as f64 / 60.0;
    let mut items = Vec::new();
    if participants_item {
        items.push(simple_item(
            ItemKind::Participants,
            "Mødedeltagere",
            None,
            "",
        ));
    }
    if rng.chance(0.8) {
        let title = rng.pick(&[
            "Godkendelse af dagsorden",
            "Velkomst",
            "Godkendelse af dagsorden og referat",
        ]);
        items.push(simple_item(
            ItemKind::Approval,
            title,
            Some("Godkender dagsordenen."),
            rng.pick(&[
                "Indstillingen blev fulgt.",
                "Godkendt.",
                "Dagsordenen blev godkendt.",
            ]),
        ));
    }
    let closing = usize::from(rng.chance(0.9)) + usize::from(rng.chance(0.3));
    while items.len() + closing < total {
        if rng.chance(CLOSED_RATE) {
            let title = rng.pick(words::CLOSED_TITLES);
            let mut item = simple_item(ItemKind::Closed, title, None, "Godkendt.");
            item.minutes = 10;
            items.push(item);
        } else {
            items.push(topic_item(&mut ctx, verbosity, &present, rng));
        }
    }
    if closing == 2 {
        items.push(simple_item(
            ItemKind::Notices,
            rng.pick(&[
                "Gensidig orientering",
                "Meddelelser",
                "Orientering fra formanden",
            ]),
            Some("Tager orienteringen til efterretning."),
            "Indstillingen blev fulgt.",
        ));
    }
    if closing >= 1 {
        let decision = rng.pick(&[
            "Ingen bemærkninger.",
            "Intet til referat.",
            "Der var ingen punkter under eventuelt.",
        ]);
        items.push(simple_item(ItemKind::AnyOther, "Eventuelt", None, decision));
    }
    // Slips in the text: a doubled space and a line-end hyphen in some paragraph.
    let mut paras: Vec<&mut String> = items
        .iter_mut()
        .flat_map(|i| i.body.iter_mut())
        .filter_map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Bullets(_) => None,
        })
        .collect();
    let n = paras.len();
    if rng.chance(DOUBLE_SPACE_RATE) {
        if let Some(p) = paras.get_mut(rng.below(n)) {
            if let Some(at) = p.find(' ') {
                p.insert(at, ' ');
            }
        }
    }
    if rng.chance(HYPHENATION_RATE) {
        if let Some(p) = paras.get_mut(rng.below(n)) {
            if let Some(h) = hyphenate(p, rng) {
                **p = h;
            }
        }
    }
    let minutes: u32 = items.iter().map(|i| i.minutes).sum();
    let start = (u32::from(forum.start_hour), u32::from(forum.start_minute));
    let mut meeting = Meeting {
        forum,
        date,
        weekday,
        start,
        end: start,
        place: forum.place.to_string(),
        address: rng
            .chance(0.5)
            .then(|| format!("{}, {}", rng.pick(words::STREETS), rng.pick(words::TOWNS))),
        groups,
        guests,
        items,
    };
    meeting.end = meeting.clock(minutes.div_ceil(15) * 15);
    meeting
}
