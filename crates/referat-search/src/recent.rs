//! The results of recent searches, kept while the index stays as it was: a query
//! asked again (a popular word, a shared link, the next reader of the same page) is
//! answered without searching. Results are keyed by the searcher's generation, so a
//! reload of the index (an import beside the server) retires every one of them.

use std::sync::Mutex;

use lru::LruCache;

use crate::{Request, Results};

/// What one search is known by: the query as asked and what was asked of it.
type Key = (String, Request);

/// Recent results, the least recently asked dropped first past the byte budget.
pub(crate) struct RecentResults {
    budget: usize,
    kept: Mutex<Kept>,
}

struct Kept {
    /// The searcher generation the results are of.
    generation: u64,
    used: usize,
    results: LruCache<Key, (Results, usize)>,
}

impl RecentResults {
    /// Keeps results up to about `budget` bytes; 0 keeps none.
    pub(crate) fn new(budget: usize) -> RecentResults {
        RecentResults {
            budget,
            kept: Mutex::new(Kept {
                generation: 0,
                used: 0,
                results: LruCache::unbounded(),
            }),
        }
    }

    /// The results of this search on this generation of the index, if kept.
    pub(crate) fn get(&self, generation: u64, query: &str, request: &Request) -> Option<Results> {
        if self.budget == 0 {
            return None;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.generation != generation {
            return None;
        }
        kept.results
            .get(&(query.to_string(), *request))
            .map(|(results, _)| results.clone())
    }

    /// Keeps the results of a search on this generation of the index; those of an
    /// older one go.
    pub(crate) fn put(&self, generation: u64, query: &str, request: &Request, results: &Results) {
        let size = size_of(query, results);
        // One very large page would push out many; it is not kept.
        if self.budget == 0 || size > self.budget / 8 {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.generation != generation {
            if generation < kept.generation {
                return;
            }
            kept.results.clear();
            kept.used = 0;
            kept.generation = generation;
        }
        if let Some((_, old)) = kept
            .results
            .put((query.to_string(), *request), (results.clone(), size))
        {
            kept.used -= old;
        }
        kept.used += size;
        while kept.used > self.budget {
            match kept.results.pop_lru() {
                Some((_, (_, dropped))) => kept.used -= dropped,
                None => break,
            }
        }
    }
}

/// About the bytes a search's results take in memory.
fn size_of(query: &str, r: &Results) -> usize {
    let hits: usize = r
        .hits
        .iter()
        .map(|h| {
            160 + h.title.len()
                + h.snippet.len()
                + h.link.len()
                + h.number.len()
                + h.forum.as_ref().map_or(0, String::len)
        })
        .sum();
    let facets: usize = [&r.forums, &r.years, &r.outcomes]
        .iter()
        .flat_map(|f| f.iter())
        .map(|(label, _)| 40 + label.len())
        .sum();
    256 + 2 * query.len() + hits + facets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(total: usize) -> Results {
        Results {
            total,
            ..Results::default()
        }
    }

    #[test]
    fn kept_for_their_generation_and_within_the_budget() {
        let recent = RecentResults::new(4_000);
        let asked = Request::default();
        recent.put(1, "budget", &asked, &results(7));
        assert_eq!(recent.get(1, "budget", &asked).map(|r| r.total), Some(7));
        assert!(recent.get(1, "skole", &asked).is_none());
        let page_two = Request {
            offset: 20,
            ..asked
        };
        assert!(recent.get(1, "budget", &page_two).is_none());
        // A new generation of the index retires them.
        assert!(recent.get(2, "budget", &asked).is_none());
        recent.put(2, "skole", &asked, &results(3));
        assert!(recent.get(1, "budget", &asked).is_none());
        // Past the budget, the least recently asked go first.
        for i in 0..20 {
            recent.put(2, &format!("q{i}"), &asked, &results(i));
        }
        assert!(recent.get(2, "skole", &asked).is_none());
        assert_eq!(recent.get(2, "q19", &asked).map(|r| r.total), Some(19));
        // None kept with no budget.
        let none = RecentResults::new(0);
        none.put(1, "budget", &asked, &results(7));
        assert!(none.get(1, "budget", &asked).is_none());
    }
}
