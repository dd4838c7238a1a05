//! The web UI in a real browser: headless Chromium driven over WebDriver by
//! chromedriver, against the five sample minutes served in-process.
//!
//! One test, one browser session, because starting Chromium is most of the cost: a
//! reader searches from the front page with the keyboard and lands on the item of a
//! meeting with its decision and apologies; the skip link is the first Tab stop and
//! moves focus to `main`; axe-core finds no serious or critical accessibility
//! violation on the front, search, meeting, person and forum pages.
//!
//! Without chromedriver or Chromium the test prints `skipped: …` and passes, unless
//! `REFERAT_TEST_BROWSER=1` (as `.ci/run` sets it), where a missing part fails.
//! `REFERAT_CHROMEDRIVER` and `REFERAT_CHROMIUM` name the programs when they are not
//! on PATH; `REFERAT_SCREENSHOTS=DIR` saves each page at desktop and phone widths.

use std::error::Error;
use std::io::Write;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use referat_archive::{Archive, Location};
use referat_search::SearchIndex;
use referat_testkit::{ScratchDir, import_samples};
use serde::Deserialize;
use serde_json::{Value, json};

type TestResult<T = ()> = Result<T, Box<dyn Error + Send + Sync>>;

/// The query a reader types: a word of one sample's decision (Klyngestyregruppe Nord,
/// 19 November 2020, item 6).
const QUERY: &str = "sekretariatsbetjening";
const ITEM_TITLE: &str = "Sekretariatsbetjening af Driftsforum Voksenpsykiatri Nord";
const ITEM_ANCHOR: &str = "item-6";
const DECISION: &str = "Klyngestyregruppen aftalte, at kommunerne endnu engang afsøger \
                        muligheden for at bidrage til fælles sekretariatsbetjening.";
/// The one participant of that meeting who sent apologies.
const ABSENT: &str = "Uffe Viegh Jørgensen";

/// How long the page may take to show what a step waits for.
const PATIENCE: Duration = Duration::from_secs(10);

/// axe-core, vendored (see `tests/axe/README.md`): the test never fetches it.
const AXE: &str = include_str!("axe/axe.min.js");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_ui_in_chromium() -> TestResult {
    let started = Instant::now();
    let required = std::env::var("REFERAT_TEST_BROWSER").is_ok_and(|v| v == "1");
    let (driver, chromium) = match (
        program("REFERAT_CHROMEDRIVER", &["chromedriver"]),
        program(
            "REFERAT_CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        ),
    ) {
        (Some(d), Some(c)) => (d, c),
        (d, _) => {
            let missing = if d.is_none() {
                "chromedriver"
            } else {
                "chromium"
            };
            let why = format!(
                "{missing} not found on PATH (Debian: apt-get install chromium chromium-driver)"
            );
            if required {
                return Err(format!("REFERAT_TEST_BROWSER=1 but {why}").into());
            }
            report(&format!("web_ui_in_chromium: skipped: {why}"));
            return Ok(());
        }
    };

    let scratch = ScratchDir::new("browser");
    let base = serve_samples(&scratch.join("data")).await?;
    let mut driver = Driver::start(&driver, &scratch.join("chromedriver.log"))?;
    let browser = driver.session(&chromium, &scratch.join("profile")).await?;
    report(&format!(
        "web_ui_in_chromium: server and browser up in {:.1} s",
        started.elapsed().as_secs_f64()
    ));

    // Every step runs even when one fails, so one run shows every problem; the
    // session is closed before the driver goes (else Chromium outlives the test).
    let outcome = scenario(&browser, &base).await;
    let _ = browser.close().await;
    drop(driver);
    if outcome.is_err() {
        report(&format!(
            "web_ui_in_chromium: kept {} (chromedriver.log)",
            scratch.keep().display()
        ));
    }
    report(&format!(
        "web_ui_in_chromium: done in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    outcome
}

async fn scenario(c: &Client, base: &str) -> TestResult {
    let mut failures = Vec::new();
    let meeting = match search_to_decision(c, base).await {
        Ok(url) => Some(url),
        Err(e) => {
            failures.push(format!("search to decision: {e}"));
            None
        }
    };
    if let Err(e) = skip_link(c, base).await {
        failures.push(format!("skip link: {e}"));
    }
    if let Err(e) = scripts_blocked(c, base).await {
        failures.push(format!("content security policy: {e}"));
    }
    match accessibility(c, base, meeting.as_deref()).await {
        Ok(serious) if serious.is_empty() => {}
        Ok(serious) => failures.push(format!(
            "axe found serious or critical violations: {}",
            serious.join("; ")
        )),
        Err(e) => failures.push(format!("axe: {e}")),
    }
    if let Ok(dir) = std::env::var("REFERAT_SCREENSHOTS") {
        if let Err(e) = screenshots(c, base, meeting.as_deref(), Path::new(&dir)).await {
            failures.push(format!("screenshots: {e}"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

/// Front page → type the query, Enter → the result → the meeting page at the item,
/// with its decision and the meeting's apologies. Returns the meeting page's URL.
async fn search_to_decision(c: &Client, base: &str) -> TestResult<String> {
    c.goto(&format!("{base}/")).await?;
    let title = c.title().await?;
    expect(title.starts_with("Forside"), || {
        format!("front page title is {title:?}")
    })?;
    painted(c).await?;
    let search_box = c.find(Locator::Css("main form[role=search] #q")).await?;
    search_box
        .send_keys(&format!("{QUERY}{}", char::from(Key::Enter)))
        .await?;
    wait_for_url(c, |u| u.path() == "/search").await?;

    let status = c
        .find(Locator::Css("main p[role=status]"))
        .await?
        .text()
        .await?;
    expect(
        status.contains("fundet") && !status.starts_with("Ingen"),
        || format!("search status says {status:?}"),
    )?;
    let hits = c.find_all(Locator::Css("ol.results .hit-title a")).await?;
    let mut result = None;
    let mut titles = Vec::new();
    for hit in hits {
        let text = hit.text().await?;
        if text.contains(ITEM_TITLE) {
            result = Some(hit);
        }
        titles.push(text);
    }
    let result = result.ok_or_else(|| format!("no result titled {ITEM_TITLE:?} in {titles:?}"))?;
    result.click().await?;

    // /items/{id} redirects to the meeting page with the item as its fragment.
    let landed = wait_for_url(c, |u| {
        u.path().starts_with("/meetings/") && u.fragment() == Some(ITEM_ANCHOR)
    })
    .await?;
    let target: Value = c
        .execute(
            "const t = document.querySelector(':target'); \
             return t ? [t.id, Math.round(t.getBoundingClientRect().top)] : null;",
            vec![],
        )
        .await?;
    let top = target.get(1).and_then(Value::as_i64);
    expect(
        target.get(0).and_then(Value::as_str) == Some(ITEM_ANCHOR)
            && top.is_some_and(|t| (-2..=2).contains(&t)),
        || format!("the item is not scrolled to the top: :target is {target}"),
    )?;
    let h1 = c.find(Locator::Css("h1")).await?.text().await?;
    expect(h1 == "Referat torsdag 19. november 2020", || {
        format!("meeting h1 is {h1:?}")
    })?;
    let decision = c
        .find(Locator::Css(&format!("#{ITEM_ANCHOR} .decision")))
        .await?
        .text()
        .await?;
    expect(
        decision.starts_with("Beslutning") && decision.contains(DECISION),
        || format!("decision block reads {decision:?}"),
    )?;
    let absent = c
        .find(Locator::Css(".absent-summary"))
        .await?
        .text()
        .await?;
    expect(absent == format!("Afbud: {ABSENT}"), || {
        format!("apologies read {absent:?}")
    })?;
    let mut url = landed;
    url.set_fragment(None);
    Ok(url.to_string())
}

/// The first Tab stop is the skip link, visible when focused, and Enter on it moves
/// focus to `main`.
async fn skip_link(c: &Client, base: &str) -> TestResult {
    c.goto(&format!("{base}/")).await?;
    painted(c).await?;
    press(c, Key::Tab).await?;
    let focused = focus_moved(c).await?;
    let text = focused.text().await?;
    let href = focused.attr("href").await?;
    expect(
        text == "Spring til indholdet" && href.as_deref() == Some("#indhold"),
        || format!("first Tab stop is {text:?} ({href:?})"),
    )?;
    let (x, y, w, h) = focused.rectangle().await?;
    expect(x >= 0.0 && y >= 0.0 && w > 0.0 && h > 0.0, || {
        format!("the focused skip link is off screen at ({x}, {y}) {w}×{h}")
    })?;
    press(c, Key::Enter).await?;
    let id = c.active_element().await?.attr("id").await?;
    let tag = c.active_element().await?.tag_name().await?;
    expect(tag == "main" && id.as_deref() == Some("indhold"), || {
        format!("after the skip link, focus is on <{tag}> id {id:?}")
    })
}

/// The page's CSP refuses a script added to it, while WebDriver's own scripts (this
/// one, and axe-core below) run: Chromium runs them outside the page's CSP.
async fn scripts_blocked(c: &Client, base: &str) -> TestResult {
    c.goto(&format!("{base}/")).await?;
    let verdict = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             document.addEventListener('securitypolicyviolation',
                 e => done('blocked by ' + e.effectiveDirective), { once: true });
             const s = document.createElement('script');
             s.textContent = 'window.referatInjected = true;';
             document.body.append(s);
             setTimeout(() => done(window.referatInjected ? 'ran' : 'neither ran nor reported'), 2000);",
            vec![],
        )
        .await?;
    expect(
        verdict
            .as_str()
            .is_some_and(|v| v.starts_with("blocked by script-src")),
        || format!("an injected <script> {verdict}"),
    )
}

/// One violation as axe reports it, cut to what a reader of the test output needs.
#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    nodes: Vec<ViolationNode>,
}

#[derive(Debug, Deserialize)]
struct ViolationNode {
    target: String,
    summary: Option<String>,
}

/// Runs axe-core on each main page, prints every violation, and returns the serious
/// and critical ones.
async fn accessibility(c: &Client, base: &str, meeting: Option<&str>) -> TestResult<Vec<String>> {
    let mut pages = vec![
        format!("{base}/"),
        format!("{base}/search?q={QUERY}"),
        format!("{base}/search"),
    ];
    // Every meeting the front page links, then a person and a forum reached from the
    // first of them, so the ids come from the UI, not from the test.
    c.goto(&format!("{base}/")).await?;
    for link in c.find_all(Locator::Css("main ul.meetings a")).await? {
        if let Some(href) = link.prop("href").await? {
            pages.push(href);
        }
    }
    if let Some(m) = meeting.or(pages.get(3).map(String::as_str)) {
        c.goto(m).await?;
        for selector in ["section.participants a[href^='/people/']", ".kicker a"] {
            if let Some(href) = first_href(c, selector).await? {
                pages.push(href);
            }
        }
    }
    expect(pages.len() >= 10, || {
        format!("expected front, 2 searches, 5 meetings, a person and a forum; got {pages:?}")
    })?;

    let mut serious = Vec::new();
    let mut total = 0;
    for page in &pages {
        c.goto(page).await?;
        let violations = axe(c).await?;
        let path = page.strip_prefix(base).unwrap_or(page);
        total += violations.len();
        for v in &violations {
            let impact = v.impact.as_deref().unwrap_or("none");
            let mut lines = format!(
                "axe {path}: [{impact}] {}: {} ({} nodes)",
                v.id,
                v.help,
                v.nodes.len()
            );
            for n in v.nodes.iter().take(5) {
                lines.push_str(&format!("\n    {}", n.target));
                if let Some(s) = &n.summary {
                    lines.push_str(&format!(" — {}", s.replace('\n', " ")));
                }
            }
            report(&lines);
            if matches!(impact, "serious" | "critical") {
                serious.push(format!("{path} {} ({impact})", v.id));
            }
        }
    }
    report(&format!(
        "axe-core: {} pages, {total} violations, {} serious or critical",
        pages.len(),
        serious.len()
    ));
    Ok(serious)
}

/// axe-core's violations on the current page. The script goes in through WebDriver's
/// execute command, which Chromium runs outside the page's CSP (`script-src` is
/// `'none'` there, so a `<script>` could not be added).
async fn axe(c: &Client) -> TestResult<Vec<Violation>> {
    let loaded = c
        .execute(&format!("{AXE}\nreturn typeof axe;"), vec![])
        .await?;
    expect(loaded == json!("object"), || {
        format!("axe-core did not load: typeof axe is {loaded}")
    })?;
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done({ violations: r.violations.map(v => ({
                   id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary })),
               })) }))
               .catch(e => done({ error: String(e) }));",
            vec![],
        )
        .await?;
    if let Some(e) = result.get("error") {
        return Err(format!("axe.run failed: {e}").into());
    }
    let violations = result.get("violations").cloned().unwrap_or(Value::Null);
    Ok(serde_json::from_value(violations)?)
}

/// Saves the main pages whole at a desktop width and a phone's (390 CSS pixels).
async fn screenshots(c: &Client, base: &str, meeting: Option<&str>, dir: &Path) -> TestResult {
    std::fs::create_dir_all(dir)?;
    let mut pages = vec![
        ("front", format!("{base}/")),
        ("search", format!("{base}/search?q={QUERY}")),
    ];
    if let Some(m) = meeting {
        c.goto(m).await?;
        pages.push(("meeting", m.to_string()));
        if let Some(p) = first_href(c, "section.participants a[href^='/people/']").await? {
            pages.push(("person", p));
        }
        if let Some(f) = first_href(c, ".kicker a").await? {
            pages.push(("forum", f));
        }
    }
    for (width, label) in [(1280, "desktop"), (390, "phone")] {
        for (name, url) in &pages {
            c.goto(url).await?;
            // The window is larger than the page's viewport (scroll bars and headless
            // Chromium's own frame): size it so the viewport is `width` wide and as
            // tall as the page, and the screenshot holds the whole page.
            let (w, h) = viewport(c).await?;
            let (frame_w, frame_h) = (1280 - w.min(1280), 900 - h.min(900));
            c.set_window_size(width + frame_w, 900).await?;
            let height = c
                .execute("return document.documentElement.scrollHeight;", vec![])
                .await?
                .as_u64()
                .and_then(|h| u32::try_from(h).ok())
                .unwrap_or(900)
                .min(16_000);
            c.set_window_size(width + frame_w, height + frame_h).await?;
            std::fs::write(
                dir.join(format!("{name}-{label}.png")),
                c.screenshot().await?,
            )?;
            c.set_window_size(1280, 900).await?;
        }
    }
    c.set_window_size(1280, 900).await?;
    Ok(())
}

/// The page's viewport in CSS pixels.
async fn viewport(c: &Client) -> TestResult<(u32, u32)> {
    let size = c
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await?;
    let dim = |i: usize| {
        size.get(i)
            .and_then(Value::as_u64)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| format!("no viewport size in {size}"))
    };
    Ok((dim(0)?, dim(1)?))
}

async fn first_href(c: &Client, selector: &str) -> TestResult<Option<String>> {
    let links: Vec<Element> = c.find_all(Locator::Css(selector)).await?;
    Ok(match links.first() {
        Some(link) => link.prop("href").await?,
        None => None,
    })
}

/// One key pressed and released wherever focus is.
async fn press(c: &Client, key: Key) -> TestResult {
    let key = char::from(key);
    c.perform_actions(
        KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key }),
    )
    .await?;
    c.release_actions().await?;
    Ok(())
}

/// Waits for the page's second frame. `goto` returns at the load event, but Chromium
/// drops key events for a page it has not yet painted, so a Tab pressed on a loaded
/// machine could go nowhere and leave focus on `body`.
async fn painted(c: &Client) -> TestResult {
    c.execute_async(
        "const done = arguments[arguments.length - 1]; \
         requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        vec![],
    )
    .await?;
    Ok(())
}

/// The focused element once focus has left `body`, or `body` after [`PATIENCE`]:
/// a key event reaches the page a moment after WebDriver reports it sent.
async fn focus_moved(c: &Client) -> TestResult<Element> {
    let until = Instant::now() + PATIENCE;
    loop {
        let focused = c.active_element().await?;
        if focused.tag_name().await? != "body" || Instant::now() > until {
            return Ok(focused);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn wait_for_url(c: &Client, ok: impl Fn(&url::Url) -> bool) -> TestResult<url::Url> {
    let until = Instant::now() + PATIENCE;
    loop {
        let url = c.current_url().await?;
        if ok(&url) {
            return Ok(url);
        }
        if Instant::now() > until {
            return Err(format!("still at {url} after {PATIENCE:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn expect(ok: bool, message: impl FnOnce() -> String) -> TestResult {
    if ok { Ok(()) } else { Err(message().into()) }
}

/// Straight to the file descriptor: the harness captures `eprintln!` of passing
/// tests, and a skip or an accessibility report must be seen.
fn report(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A program named by `var`, or the first of `names` found on PATH.
fn program(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Imports the sample minutes into an archive in `data`, indexes them and serves them
/// on a free loopback port; returns the base URL.
async fn serve_samples(data: &Path) -> TestResult<String> {
    let archive = Archive::open(&Location::Folder(data.to_path_buf())).await?;
    let imported = import_samples(&archive).await.len();
    expect(imported == 5, || {
        format!("expected the 5 sample minutes, imported {imported}")
    })?;
    let index = SearchIndex::open(&SearchIndex::folder(data))?;
    index.rebuild(&archive).await?;
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = referat_web::AppState::new(archive, Some(index), referat_web::Config::new(&base));
    tokio::spawn(referat_web::serve_on(state, listener));
    Ok(base)
}

/// chromedriver, started on a free port and killed when dropped.
struct Driver {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Driver {
    fn start(program: &Path, log: &Path) -> TestResult<Driver> {
        // A port the system just handed out and took back: free unless another
        // process grabs it in between, which the connect below would show.
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
            .local_addr()?
            .port();
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        };
        let until = Instant::now() + PATIENCE;
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if Instant::now() > until {
                return Err(format!(
                    "chromedriver did not listen on port {port} within {PATIENCE:?}; see {}",
                    driver.log.display()
                )
                .into());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        Ok(driver)
    }

    /// A new headless Chromium with a fresh profile and nothing that calls home.
    async fn session(&mut self, chromium: &Path, profile: &Path) -> TestResult<Client> {
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,900",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([format!("--user-data-dir={}", profile.display())])
        .collect::<Vec<_>>();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": chromium, "args": args }),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .map_err(|e| {
                format!(
                    "no browser session from chromedriver ({e}); see {}",
                    self.log.display()
                )
                .into()
            })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
