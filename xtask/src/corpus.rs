//! `cargo xtask gen-corpus`: writes a corpus of invented Danish minutes and agendas for
//! import and search benchmarks at scale.
//!
//! The files are in the layouts of the five sample minutes (`render::Family`), filled
//! from vocabulary tables (`words`) about invented forums whose members recur over the
//! years (`world`), with the slips real minutes have at low rates (`meeting`). The
//! output depends only on the meeting count and the seed: the generator has its own
//! PRNG, so no dependency upgrade changes a byte, and meeting `i` is the same in every
//! corpus of more than `i` meetings with the same seed.

mod meeting;
mod render;
pub(crate) mod words;
mod world;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;

use render::Kind;
use world::World;

/// SplitMix64: small, fast and fixed, so a corpus is reproducible forever.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for stream `i` of `seed`, independent of how far others ran.
    fn stream(seed: u64, i: u64) -> Rng {
        let mut r = Rng(seed ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// lo..=hi.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<T: Copy + Default>(&mut self, xs: &[T]) -> T {
        xs.get(self.below(xs.len())).copied().unwrap_or_default()
    }

    pub fn pick_str(&mut self, xs: &[String], fallback: &str) -> String {
        xs.get(self.below(xs.len()))
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }
}

/// Which documents a meeting has: most have minutes only, some only an agenda, and
/// about one in ten both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Docs {
    Referat,
    Dagsorden,
    Both,
}

impl Docs {
    fn kinds(self) -> &'static [Kind] {
        match self {
            Docs::Referat => &[Kind::Referat],
            Docs::Dagsorden => &[Kind::Dagsorden],
            Docs::Both => &[Kind::Dagsorden, Kind::Referat],
        }
    }
}

struct Planned {
    forum: usize,
    date: Date,
    docs: Docs,
}

const FIRST_YEAR: i16 = 2019;
const LAST_YEAR: i16 = 2025;
/// Meetings the forums hold in 2019–2025 with room to spare; a larger corpus reaches
/// further back, a year for each this many more, so that smaller corpora stay as
/// they were.
const MEETINGS_PER_YEAR: usize = 5_000;

/// The first year of a corpus of `n` meetings.
fn first_year(n: usize) -> i16 {
    let extra = n.saturating_sub(35_000).div_ceil(MEETINGS_PER_YEAR);
    FIRST_YEAR - i16::try_from(extra).unwrap_or(100).min(100)
}

/// Forums and dates for `n` meetings, no forum meeting twice on one day. Drawn one
/// after the other from one stream, so a longer plan starts with a shorter one.
fn plan(world: &World, n: usize, seed: u64) -> Result<Vec<Planned>, String> {
    let mut rng = Rng::stream(seed, u64::MAX);
    let weights: Vec<usize> = world.forums.iter().map(|f| f.weight).collect();
    let total: usize = weights.iter().sum();
    let mut taken: HashSet<(usize, Date)> = HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut found = None;
        for _ in 0..200 {
            let mut w = rng.below(total);
            let forum = weights
                .iter()
                .position(|&x| {
                    if w < x {
                        true
                    } else {
                        w -= x;
                        false
                    }
                })
                .unwrap_or(0);
            let Some(date) = meeting_day(&mut rng, first_year(n)) else {
                continue;
            };
            if taken.insert((forum, date)) {
                found = Some((forum, date));
                break;
            }
        }
        let Some((forum, date)) = found else {
            return Err(format!(
                "cannot place {n} meetings: the forums have no free weekdays left in {}–{LAST_YEAR}",
                first_year(n)
            ));
        };
        let docs = match rng.below(100) {
            0..=9 => Docs::Both,
            10..=17 => Docs::Dagsorden,
            _ => Docs::Referat,
        };
        out.push(Planned { forum, date, docs });
    }
    Ok(out)
}

/// A weekday outside the July holiday, between the first and the last year.
fn meeting_day(rng: &mut Rng, first_year: i16) -> Option<Date> {
    let year = first_year + rng.below((LAST_YEAR - first_year + 1) as usize) as i16;
    let month = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
        .get(rng.below(11))
        .copied()
        .unwrap_or(1);
    let first = Date::new(year, month, 1).ok()?;
    let day = first
        .with()
        .day(rng.range(1, first.days_in_month() as usize) as i8)
        .build()
        .ok()?;
    // A weekend day moves to the nearest weekday of the same month (never into July).
    let shifts: &[i64] = match day.weekday() {
        jiff::civil::Weekday::Saturday => &[-1, 2],
        jiff::civil::Weekday::Sunday => &[1, -2],
        _ => &[0],
    };
    shifts
        .iter()
        .filter_map(|&k| day.checked_add(jiff::Span::new().days(k)).ok())
        .find(|d| d.month() == month)
}

/// One generated file.
pub struct Generated {
    pub name: String,
    pub text: String,
    pub kind: &'static str,
    pub family: &'static str,
    pub items: usize,
    pub participants: usize,
}

/// Generates the corpus of `n` meetings, calling `sink` for each file in order.
pub fn generate(
    n: usize,
    seed: u64,
    mut sink: impl FnMut(usize, Generated) -> Result<(), String>,
) -> Result<(), String> {
    let world = World::new(&mut Rng::new(seed));
    for (i, p) in plan(&world, n, seed)?.into_iter().enumerate() {
        let Some(forum) = world.forums.get(p.forum) else {
            continue;
        };
        let family = forum.family_on(p.date);
        let mut rng = Rng::stream(seed, i as u64);
        let m = meeting::generate(&world, forum, p.date, family.participants_item(), &mut rng);
        for &kind in p.docs.kinds() {
            let r = render::render(&m, family, kind, &mut rng);
            let name = format!(
                "{}_{}_{}.{}",
                forum.slug,
                p.date,
                kind.as_str(),
                family.extension()
            );
            sink(
                i,
                Generated {
                    name,
                    text: r.text,
                    kind: kind.as_str(),
                    family: family.name(),
                    items: r.items,
                    participants: r.participants,
                },
            )?;
        }
    }
    Ok(())
}

struct Options {
    meetings: usize,
    out: PathBuf,
    seed: u64,
    manifest: Option<PathBuf>,
}

const USAGE: &str =
    "usage: cargo xtask gen-corpus --meetings N --out DIR [--seed S] [--manifest FILE.tsv]";

fn options(args: &[String]) -> Result<Options, String> {
    let mut meetings = None;
    let mut out = None;
    let mut seed = 1;
    let mut manifest = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--meetings" => {
                let v = value()?;
                meetings = Some(
                    v.parse::<usize>()
                        .map_err(|e| format!("--meetings {v}: {e}"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => {
                let v = value()?;
                seed = v.parse().map_err(|e| format!("--seed {v}: {e}"))?;
            }
            "--manifest" => manifest = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    match (meetings, out) {
        (Some(meetings), Some(out)) => Ok(Options {
            meetings,
            out,
            seed,
            manifest,
        }),
        _ => Err(USAGE.to_string()),
    }
}

/// The subcommand: writes the files and says how much and how fast on stderr.
pub fn run(args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    write_corpus(&o.out, o.meetings, o.seed, o.manifest.as_deref())
}

fn write_corpus(dir: &Path, n: usize, seed: u64, manifest: Option<&Path>) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let started = Instant::now();
    let mut files = 0usize;
    let mut bytes = 0usize;
    let mut sizes = Vec::with_capacity(n + n / 8);
    let (mut referater, mut dagsordener) = (0usize, 0usize);
    let mut table = String::from("file\tkind\tlayout\titems\tparticipants\n");
    let step = (n / 10).max(1);
    let mut last_reported = 0;
    generate(n, seed, |i, g| {
        let path = dir.join(&g.name);
        std::fs::write(&path, &g.text).map_err(|e| format!("{}: {e}", path.display()))?;
        files += 1;
        bytes += g.text.len();
        sizes.push(g.text.len());
        if g.kind == "dagsorden" {
            dagsordener += 1;
        } else {
            referater += 1;
        }
        if manifest.is_some() {
            let _ = writeln!(
                table,
                "{}\t{}\t{}\t{}\t{}",
                g.name, g.kind, g.family, g.items, g.participants
            );
        }
        if n >= 1000 && (i + 1) % step == 0 && i + 1 != last_reported {
            last_reported = i + 1;
            eprintln!("  {}/{n} meetings", i + 1);
        }
        Ok(())
    })?;
    if let Some(path) = manifest {
        std::fs::write(path, &table).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let mb = bytes as f64 / 1e6;
    sizes.sort_unstable();
    let q = |f: f64| {
        sizes
            .get(((sizes.len() as f64 - 1.0) * f).round() as usize)
            .map_or(0.0, |&b| b as f64 / 1e3)
    };
    eprintln!(
        "wrote {files} files ({} referater, {} dagsordener) for {n} meetings to {}: {mb:.1} MB in {secs:.2} s ({:.0} meetings/s, {:.1} MB/s)",
        referater,
        dagsordener,
        dir.display(),
        n as f64 / secs,
        mb / secs
    );
    eprintln!(
        "file sizes (KB): min {:.1}, p10 {:.1}, median {:.1}, p90 {:.1}, max {:.1}",
        q(0.0),
        q(0.1),
        q(0.5),
        q(0.9),
        q(1.0)
    );
    Ok(())
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "tests"
)]
mod tests {
    use super::*;

    fn corpus(n: usize, seed: u64) -> Vec<Generated> {
        let mut out = Vec::new();
        generate(n, seed, |_, g| {
            out.push(g);
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn same_seed_same_bytes() {
        let base = std::env::temp_dir().join(format!("referat-gen-corpus-{}", std::process::id()));
        let (a, b) = (base.join("a"), base.join("b"));
        write_corpus(&a, 30, 7, None).unwrap();
        write_corpus(&b, 30, 7, None).unwrap();
        let mut names: Vec<_> = std::fs::read_dir(&a)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert!(names.len() >= 30);
        for name in &names {
            let x = std::fs::read(a.join(name)).unwrap();
            let y = std::fs::read(b.join(name)).unwrap();
            assert_eq!(x, y, "{name:?} differs");
        }
        assert_eq!(std::fs::read_dir(&b).unwrap().count(), names.len());
        std::fs::remove_dir_all(&base).unwrap();
        // Another seed gives another corpus; a longer one starts with the shorter.
        assert_ne!(corpus(5, 8)[0].text, corpus(5, 7)[0].text);
        let short = corpus(5, 7);
        let long = corpus(12, 7);
        for (s, l) in short.iter().zip(&long) {
            assert_eq!((&s.name, &s.text), (&l.name, &l.text));
        }
    }

    #[test]
    fn weekdays_match_dates() {
        let mut rng = Rng::new(3);
        for _ in 0..2000 {
            let d = meeting_day(&mut rng, FIRST_YEAR).unwrap();
            assert!(d.weekday().to_monday_zero_offset() < 5, "{d} is a weekend");
            assert_ne!(d.month(), 7);
        }
        // The written weekday is the date's, but for the rare deliberate slip.
        let (mut right, mut wrong) = (0, 0);
        for g in corpus(300, 1) {
            let date: Date = g.name.split('_').nth(1).unwrap().parse().unwrap();
            let day = words::WEEKDAYS[date.weekday().to_monday_zero_offset() as usize];
            let lower = g.text.to_lowercase();
            let Some(written) = words::WEEKDAYS
                .iter()
                .find(|w| lower.contains(&format!("{w} d")))
            else {
                continue;
            };
            if *written == day {
                right += 1
            } else {
                wrong += 1
            }
        }
        assert!(right > 150, "{right} right");
        assert!(wrong * 30 < right, "{wrong} wrong of {right}");
        let d = Date::new(2025, 4, 24).unwrap();
        assert_eq!(
            words::WEEKDAYS[d.weekday().to_monday_zero_offset() as usize],
            "torsdag"
        );
    }

    #[test]
    fn file_names_are_unique_and_pairs_sort_together() {
        let files = corpus(400, 1);
        let names: HashSet<&str> = files.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names.len(), files.len());
        let agendas = files.iter().filter(|g| g.kind == "dagsorden").count();
        assert!(agendas > 20 && agendas < 120, "{agendas} agendas");
        let mut sorted: Vec<&str> = names.into_iter().collect();
        sorted.sort_unstable();
        let pairs = sorted
            .windows(2)
            .filter(|w| w[0].replace("_dagsorden", "_referat") == w[1])
            .count();
        assert!(pairs > 20, "{pairs} pairs");
    }

    #[test]
    fn generated_minutes_parse() {
        let files = corpus(120, 1);
        let mut families = HashSet::new();
        let (mut items_ok, mut people_ok, mut closed) = (0, 0, 0);
        for g in &files {
            families.insert(g.family);
            let m = referat_parse::parse(&g.text)
                .unwrap_or_else(|e| panic!("{}: {e}\n{}", g.name, g.text));
            items_ok += usize::from(m.items.len() == g.items);
            people_ok += usize::from(m.participants.len() == g.participants);
            closed += m.items.iter().filter(|i| i.closed).count();
        }
        assert!(families.len() >= 4, "{families:?}");
        assert!(closed > 0, "no closed items");
        assert!(
            items_ok * 100 >= files.len() * 95,
            "{items_ok}/{} item counts",
            files.len()
        );
        assert!(
            people_ok * 100 >= files.len() * 90,
            "{people_ok}/{} participant counts",
            files.len()
        );
    }
}
