//! The invented world the corpus is drawn from: forums with their seats, and the people
//! who hold the seats over the years.
//!
//! People belong to forums persistently, so the same names recur across the meetings of
//! one forum, as an archive's search and person pages will see them: a seat is held by
//! one person at a time, and political seats change hands at the local election.

use std::collections::HashSet;

use jiff::civil::Date;

use super::Rng;
use super::render::Family;
use super::words::{self, Area};

/// One person as the corpus spells them normally.
#[derive(Debug, Clone)]
pub struct Person {
    pub first: &'static str,
    pub middle: Option<&'static str>,
    pub last: String,
}

impl Person {
    pub fn name(&self) -> String {
        match self.middle {
            Some(m) => format!("{} {m} {}", self.first, self.last),
            None => format!("{} {}", self.first, self.last),
        }
    }

    /// Another spelling of the same person, as secretaries write them now and then: a
    /// middle name left out or added, a 'd' dropped or added in the surname.
    pub fn variant(&self, rng: &mut Rng) -> String {
        if self.middle.is_some() {
            return format!("{} {}", self.first, self.last);
        }
        let last = if self.last.contains("nd") {
            self.last.replacen("nd", "n", 1)
        } else if self.last.contains("ns") {
            self.last.replacen("ns", "nds", 1)
        } else {
            format!("{} {}", rng.pick(words::SURNAMES), self.last)
        };
        format!("{} {last}", self.first)
    }
}

/// A seat in a forum: its role stays, the people holding it change.
#[derive(Debug)]
pub struct Seat {
    pub role: String,
    /// (from, person index) sorted by date; the first starts before the corpus does.
    pub holders: Vec<(Date, usize)>,
}

#[derive(Debug)]
pub struct Group {
    pub name: &'static str,
    pub seats: Vec<Seat>,
}

#[derive(Debug)]
pub struct Forum {
    pub name: &'static str,
    pub slug: String,
    pub area: Area,
    pub org: &'static str,
    pub groups: Vec<Group>,
    /// People who stand in for absent members.
    pub deputies: Vec<usize>,
    pub place: &'static str,
    pub start_hour: u8,
    pub start_minute: u8,
    /// Secretariats keep a template for years and change it once, if ever.
    pub family: Family,
    pub new_family: Option<(Date, Family)>,
    /// How often the forum meets, relative to the others.
    pub weight: usize,
}

impl Forum {
    pub fn family_on(&self, date: Date) -> Family {
        match self.new_family {
            Some((from, f)) if date >= from => f,
            _ => self.family,
        }
    }

    /// Who holds `seat` on `date`. The chair is the holder of the first seat of the
    /// first group.
    pub fn holder(seat: &Seat, date: Date) -> Option<usize> {
        seat.holders
            .iter()
            .take_while(|(from, _)| *from <= date)
            .last()
            .map(|(_, p)| *p)
    }
}

pub struct World {
    pub people: Vec<Person>,
    pub forums: Vec<Forum>,
    taken: HashSet<(String, String)>,
}

/// A date the tables know to be valid.
fn date(y: i16, m: i8, d: i8) -> Date {
    Date::new(y, m, d).unwrap_or_default()
}

impl World {
    pub fn new(rng: &mut Rng) -> World {
        let mut world = World {
            people: Vec::new(),
            forums: Vec::new(),
            taken: HashSet::new(),
        };
        for (i, (name, area)) in words::FORUMS.iter().enumerate() {
            let forum = world.forum(i, name, *area, rng);
            world.forums.push(forum);
        }
        world
    }

    /// A new person whose first and last name no one else in the world has together,
    /// so two people never meet under one name.
    pub fn new_person(&mut self, rng: &mut Rng) -> usize {
        loop {
            let first = rng.pick(words::FIRST_NAMES);
            let mut last = rng.pick(words::SURNAMES).to_string();
            if rng.chance(0.03) {
                last = format!("{}-{last}", rng.pick(words::SURNAMES));
            }
            let middle = rng.chance(0.3).then(|| rng.pick(words::SURNAMES));
            if middle == Some(last.as_str())
                || !self.taken.insert((first.to_string(), last.clone()))
            {
                continue;
            }
            self.people.push(Person {
                first,
                middle,
                last,
            });
            return self.people.len() - 1;
        }
    }

    fn seat(&mut self, role: String, political: bool, rng: &mut Rng) -> Seat {
        let mut holders = vec![(date(2018, 1, 1), self.new_person(rng))];
        if political {
            // The local election in November 2021 renews about half the seats.
            if rng.chance(0.5) {
                holders.push((date(2022, 1, 1), self.new_person(rng)));
            }
        } else {
            for year in 2019..=2025 {
                if rng.chance(0.12) {
                    let month = rng.range(1, 12) as i8;
                    holders.push((date(year, month, 1), self.new_person(rng)));
                }
            }
        }
        Seat { role, holders }
    }

    fn forum(&mut self, index: usize, name: &'static str, area: Area, rng: &mut Rng) -> Forum {
        let org = words::ORGS
            .get(index % words::ORGS.len())
            .copied()
            .unwrap_or(words::REGION);
        let council = name.contains("råd") || name.contains("Råd");
        let mut groups = Vec::new();
        if area == Area::Cluster {
            let mut political = Vec::new();
            political.push(self.seat("Regionsrådsformand, medformand".to_string(), true, rng));
            political.push(self.seat(format!("Borgmester {org}, medformand"), true, rng));
            for _ in 0..rng.range(2, 5) {
                political.push(self.seat("Regionsrådsmedlem".to_string(), true, rng));
            }
            for o in words::ORGS.iter().take(rng.range(2, 5)) {
                political.push(self.seat(format!("Borgmester {o}"), true, rng));
            }
            groups.push(Group {
                name: "Politiske deltagere",
                seats: political,
            });
            let mut admin = Vec::new();
            for o in words::ORGS.iter().take(rng.range(2, 5)) {
                admin.push(self.seat(format!("direktør, {o}"), false, rng));
            }
            admin.push(self.seat(format!("direktør, {}", words::REGION), false, rng));
            admin.push(self.seat(
                "sygeplejefaglig direktør, Regionshospitalet".to_string(),
                false,
                rng,
            ));
            groups.push(Group {
                name: "Administrative deltagere",
                seats: admin,
            });
        } else {
            let mut members = vec![self.seat("formand".to_string(), true, rng)];
            members.push(self.seat("næstformand".to_string(), true, rng));
            for _ in 0..rng.range(3, 8) {
                let role = if council {
                    "medlem".to_string()
                } else {
                    "udvalgsmedlem".to_string()
                };
                members.push(self.seat(role, true, rng));
            }
            groups.push(Group {
                name: if council {
                    "Rådets medlemmer"
                } else {
                    "Udvalgets medlemmer"
                },
                seats: members,
            });
            let mut admin = vec![self.seat(format!("direktør, {org}"), false, rng)];
            for _ in 0..rng.range(0, 2) {
                admin.push(self.seat(format!("chef, {org}"), false, rng));
            }
            groups.push(Group {
                name: "Administrativ deltagelse",
                seats: admin,
            });
        }
        let mut secretariat = Vec::new();
        for _ in 0..rng.range(1, 2) {
            secretariat.push(self.seat(org.to_string(), false, rng));
        }
        groups.push(Group {
            name: "Sekretariat",
            seats: secretariat,
        });
        let deputies = (0..6).map(|_| self.new_person(rng)).collect();
        let family = Family::ALL
            .get(rng.below(Family::ALL.len()))
            .copied()
            .unwrap_or(Family::Punkt);
        let new_family = rng.chance(0.3).then(|| {
            let f = Family::ALL
                .get(rng.below(Family::ALL.len()))
                .copied()
                .unwrap_or(Family::Punkt);
            (date(2020 + rng.range(0, 5) as i16, 1, 1), f)
        });
        let (start_hour, start_minute) = rng.pick(&[
            (9, 0),
            (13, 0),
            (14, 0),
            (15, 0),
            (15, 30),
            (16, 0),
            (17, 0),
        ]);
        Forum {
            name,
            slug: slug(name),
            area,
            org,
            groups,
            deputies,
            place: rng.pick(words::PLACES),
            start_hour,
            start_minute,
            family,
            new_family,
            weight: rng.range(1, 3),
        }
    }
}

/// File-name form of a forum name: lower case ASCII, words joined by '-'.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    out.trim_matches('-').to_string()
}
