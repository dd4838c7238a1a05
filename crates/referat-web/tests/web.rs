//! The web UI and feeds over HTTP without a port: the router is called with
//! `oneshot` on an archive of the five real sample minutes, plus a document carrying
//! markup and one with a closed item.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use referat_archive::{Archive, Location};
use referat_search::SearchIndex;
use referat_testkit::{ScratchDir, import_samples, postgres_admin_url, postgres_database, samples};
use referat_web::{AppState, Config, router};
use tower::ServiceExt;

mod common;
use common::import_record;

/// Markup in a document's forum, title and decision: it must reach pages as text.
const HOSTILE: &str = "Referat af møde i Testudvalget <script>alert('forum')</script>
Torsdag d. 24. april 2025 kl. 15:00 – 17:00

Deltagere:
Anna Hansen, formand

Punkt 1: Godkendelse af <script>alert(\"titel\")</script> dagsorden
Beslutning:
Godkendt. <script>alert(\"beslutning\")</script> Se \"x\" & 'y'.

Punkt 2: Eventuelt
Beslutning:
Intet.
";

/// The title and decision of the closed item: neither may appear anywhere public.
const CLOSED_TITLE: &str = "Personalesag vedrørende Zacharias Qvistgaard";
const CLOSED_DECISION: &str = "Fortrolig beslutning om Qvistgaard";

struct Site {
    app: axum::Router,
    archive: Archive,
    /// The meeting with markup, and the one with a closed item.
    hostile: i64,
    closed: i64,
    _dir: ScratchDir,
}

async fn site() -> Site {
    site_on(None).await
}

/// The site on SQLite in a temporary folder, or on this PostgreSQL location (the
/// index is always in the folder).
async fn site_on(database: Option<Location>) -> Site {
    let scratch = ScratchDir::new("web");
    let dir = scratch.path().to_path_buf();
    let location = database.unwrap_or_else(|| Location::Folder(dir.clone()));
    let archive = Archive::open(&location).await.unwrap();
    assert_eq!(
        import_samples(&archive).await.len(),
        5,
        "the five sample minutes"
    );
    let meeting = referat_parse::parse(HOSTILE).unwrap();
    let hostile = import_record(&archive, &dir.join("hostile.txt"), HOSTILE, &meeting).await;
    // A real sample with one item made closed, as a secretariat marks it.
    let closed_source = samples("txt")[1].clone();
    // Another file than the sample's (a copy would be taken for the sample itself).
    let text = std::fs::read_to_string(&closed_source).unwrap() + "\n";
    let mut meeting = referat_parse::parse(&text).unwrap();
    meeting.date = Some("2019-01-10".parse().unwrap());
    meeting.weekday = None;
    let item = &mut meeting.items[1];
    item.closed = true;
    item.title = CLOSED_TITLE.into();
    item.decision = Some(CLOSED_DECISION.into());
    let closed = import_record(&archive, &dir.join("closed.txt"), &text, &meeting).await;
    let index = SearchIndex::open(&dir.join("index")).unwrap();
    index.rebuild(&archive).await.unwrap();
    let state = AppState::new(
        archive.clone(),
        Some(index),
        Config::new("http://referat.test"),
    );
    Site {
        app: router(state),
        archive,
        hostile,
        closed,
        _dir: scratch,
    }
}

struct Page {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Site {
    /// The meeting held on `date` (`YYYY-MM-DD`).
    async fn meeting_on(&self, date: &str) -> referat_archive::MeetingSummary {
        self.archive
            .meetings(&referat_archive::MeetingQuery::default())
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.date.is_some_and(|d| d.to_string() == date))
            .unwrap()
    }

    async fn request(&self, request: Request<Body>) -> Page {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&self, uri: &str) -> Page {
        self.request(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    async fn get_as(&self, uri: &str, cookie: &str) -> Page {
        self.request(
            Request::get(uri)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    async fn post(&self, uri: &str, cookie: &str, form: &str) -> Page {
        self.request(
            Request::post(uri)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.to_string()))
                .unwrap(),
        )
        .await
    }

    /// Every public page and feed, for checks that must hold on all of them.
    async fn all_public_pages(&self) -> Vec<(String, Page)> {
        let mut uris = vec![
            "/".to_string(),
            "/feed.atom".to_string(),
            "/search?q=dagsorden".to_string(),
            "/search?q=Qvistgaard".to_string(),
            "/search?q=personalesag".to_string(),
            "/search?q=*".to_string(),
        ];
        for f in self.archive.forums().await.unwrap() {
            uris.push(format!("/forums/{}", f.id));
            uris.push(format!("/forums/{}/calendar.ics", f.id));
        }
        for m in self
            .archive
            .meetings(&referat_archive::MeetingQuery::default())
            .await
            .unwrap()
        {
            uris.push(format!("/meetings/{}", m.id));
        }
        for (id, _) in self.archive.person_ids(None, 1000).await.unwrap() {
            uris.push(format!("/people/{id}"));
        }
        let mut pages = Vec::new();
        for uri in uris {
            let page = self.get(&uri).await;
            pages.push((uri, page));
        }
        pages
    }
}

#[tokio::test]
async fn pages_show_the_samples() {
    let site = site().await;
    let front = site.get("/").await;
    assert_eq!(front.status, StatusCode::OK);
    assert!(front.body.contains(r#"<html lang="da">"#));
    assert!(front.body.contains("Politisk Sundhedsklynge Nord"));
    assert_eq!(front.body.matches("<h1").count(), 1);

    // The meeting of 22 October 2024: its absent members and a decision.
    let m = site.meeting_on("2024-10-22").await;
    let page = site.get(&format!("/meetings/{}", m.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("tirsdag 22. oktober 2024"),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"class="attendance-absent""#));
    assert!(page.body.contains("Afbud: "));
    assert!(
        page.body
            .contains(r#"<div class="decision"><h4>Beslutning</h4>"#)
    );
    assert!(page.body.contains(r#"id="item-1""#));
    assert_eq!(page.body.matches("<h1").count(), 1);
    // Warnings are for editors only.
    assert!(!page.body.contains("Advarsler fra indlæsningen"));

    let stored = site.archive.meeting(m.id).await.unwrap().unwrap();
    let item = site.get(&format!("/items/{}", stored.items[2])).await;
    assert_eq!(item.status, StatusCode::SEE_OTHER);
    assert_eq!(
        item.headers[header::LOCATION],
        format!("/meetings/{}#item-3", m.id).as_str()
    );

    let person = site.get(&format!("/people/{}", stored.persons[0])).await;
    assert_eq!(person.status, StatusCode::OK);
    assert!(person.body.contains("<svg"), "an attendance chart");
    let forum_id = stored.forum.unwrap().id;
    let forum = site.get(&format!("/forums/{forum_id}")).await;
    assert!(forum.body.contains("Medlemmer nu") && forum.body.contains("<svg"));
    // One year's meetings at a time, the newest first; the other years are links.
    assert!(forum.body.contains("<h3>2024</h3>"), "{}", forum.body);
    assert!(!forum.body.contains("<h3>2022</h3>"));
    assert!(
        forum
            .body
            .contains(&format!("href=\"/forums/{forum_id}?year=2022\""))
    );
    let older = site.get(&format!("/forums/{forum_id}?year=2022")).await;
    assert!(older.body.contains("<h3>2022</h3>") && older.body.contains("6. marts 2022"));
}

#[tokio::test]
async fn a_forum_page_shows_each_members_attendance() {
    let site = site().await;
    let forums = site.archive.forums().await.unwrap();
    let forum = forums.iter().max_by_key(|f| f.meetings).unwrap();
    assert!(forum.meetings > 1, "{forum:?}");
    let members = site.archive.forum_attendance(forum.id).await.unwrap();
    assert!(!members.is_empty());
    let page = site.get(&format!("/forums/{}", forum.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Medlemmernes fremmøde"), "{}", page.body);
    // Names are escaped as everywhere (the samples' are plain), so the page holds
    // each as written, with its row of figures: attended, of those held, absent.
    for m in &members {
        assert!(
            m.present + m.absent <= m.listed && m.listed <= m.held,
            "{m:?}"
        );
        let row = format!(
            "<a href=\"/people/{}\">{}</a></td><td>",
            m.person, m.person_name
        );
        assert!(page.body.contains(&row), "{row}");
        // The share is of the meetings held while they sat, rounded.
        let share = (m.present * 100 + m.held / 2) / m.held;
        let figures = format!(
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{share} %</td>",
            m.present, m.held, m.absent
        );
        assert!(page.body.contains(&figures), "{}: {figures}", m.person_name);
    }
}

#[tokio::test]
async fn search_finds_items_with_facets() {
    let site = site().await;
    let page = site.get("/search?q=blodprøvetagning").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("punkter fundet") || page.body.contains("1 punkt fundet"));
    assert!(page.body.contains(r#"<aside class="facets""#));
    assert!(page.body.contains("<b>"), "a highlighted snippet");
    let none = site.get("/search?q=xyzzyquux").await;
    assert!(none.body.contains("Ingen punkter fundet."));
    let empty = site.get("/search").await;
    assert_eq!(empty.status, StatusCode::OK);
}

/// One request must not take the server's memory: 20,000 prefix terms are refused,
/// in Danish, before anything is searched.
#[tokio::test]
async fn a_query_past_the_limits_is_refused_with_a_400() {
    let site = site().await;
    let many = vec!["a*"; 20_000].join("+");
    let started = std::time::Instant::now();
    let page = site.get(&format!("/search?q={many}")).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("Søgningen er for lang"), "{}", page.body);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // At the limit a query is still searched.
    let at_limit = vec!["blodprøvetagning"; referat_search::MAX_QUERY_TERMS].join("+");
    let page = site.get(&format!("/search?q={at_limit}")).await;
    assert_eq!(page.status, StatusCode::OK);
}

#[tokio::test]
async fn imported_markup_is_text_everywhere() {
    let site = site().await;
    for (uri, page) in site.all_public_pages().await {
        if uri.ends_with(".ics") {
            // Calendar text is not markup: a reader shows it as it is.
            continue;
        }
        assert!(
            !page.body.contains("<script") && !page.body.contains("<img src=x"),
            "{uri} carries live markup from a document"
        );
    }
    let page = site.get(&format!("/meetings/{}", site.hostile)).await;
    assert!(
        page.body.contains(
            "Godkendelse af &lt;script&gt;alert(&quot;titel&quot;)&lt;/script&gt; dagsorden"
        ),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("&lt;script&gt;alert(&quot;beslutning&quot;)")
    );
    let feed = site.get("/feed.atom").await;
    assert!(feed.body.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn closed_items_are_never_shown() {
    let site = site().await;
    for (uri, page) in site.all_public_pages().await {
        assert!(
            // The queries themselves are shown back; these words are in no query.
            !page.body.contains("Zacharias")
                && !page.body.contains("Personalesag vedrørende")
                && !page.body.contains("Fortrolig beslutning"),
            "{uri} shows a closed item"
        );
    }
    let page = site.get(&format!("/meetings/{}", site.closed)).await;
    assert!(page.body.contains("1 lukket punkt er ikke offentligt"));
    let stored = site.archive.meeting(site.closed).await.unwrap().unwrap();
    let closed_item = site.get(&format!("/items/{}", stored.items[1])).await;
    assert_eq!(closed_item.status, StatusCode::NOT_FOUND);
    // The source file holds the closed item: it is not offered.
    let doc = site.archive.documents_of(site.closed).await.unwrap()[0].id;
    assert_eq!(
        site.get(&format!("/documents/{doc}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!page.body.contains(&format!("/documents/{doc}")));
    // A meeting without closed items offers its file, byte for byte.
    let open_doc = site.archive.documents_of(site.hostile).await.unwrap()[0].id;
    let file = site.get(&format!("/documents/{open_doc}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body, HOSTILE);
    assert!(
        file.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let site = site().await;
    for uri in [
        "/",
        "/meetings/1",
        "/nowhere",
        "/meetings/abc",
        "/feed.atom",
    ] {
        let page = site.get(uri).await;
        let csp = page.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("script-src"),
            "{uri}"
        );
        assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    assert_eq!(
        site.get("/meetings/abc").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        site.get("/meetings/999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(site.get("/nowhere").await.status, StatusCode::NOT_FOUND);
    // A body over the limit is refused before it is read.
    let big = "x=".to_string() + &"a".repeat(200 * 1024);
    assert_eq!(
        site.post("/login", "", &big).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

#[tokio::test]
async fn feeds_list_meetings() {
    let site = site().await;
    let forum = site.archive.forums().await.unwrap()[0].id;
    let ics = site.get(&format!("/forums/{forum}/calendar.ics")).await;
    assert_eq!(
        ics.headers[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.body.contains("BEGIN:VEVENT") && ics.body.contains("DTSTART"));
    assert!(ics.body.lines().all(|l| l.len() <= 75));
    let atom = site.get("/feed.atom").await;
    assert!(
        atom.body
            .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    assert_eq!(atom.body.matches("<entry>").count(), 7);
    assert!(atom.body.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"http://referat.test/meetings/"
    ));
}

fn set_cookie(page: &Page, name: &str) -> Option<String> {
    page.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_string())
}

fn hidden_csrf(body: &str) -> String {
    let at = body.find(r#"name="csrf" value=""#).unwrap() + r#"name="csrf" value=""#.len();
    body[at..at + 64].to_string()
}

/// A site with the editor `sekretariat` (password `et langt kodeord`), and the
/// sign-in form's cookie and CSRF token.
async fn site_with_editor() -> (Site, String, String) {
    let site = site().await;
    let hash = referat_web::hash_password("et langt kodeord").unwrap();
    site.archive.set_editor("sekretariat", &hash).await.unwrap();
    let form = site.get("/login").await;
    let login_cookie = set_cookie(&form, "referat_login").unwrap();
    let csrf = hidden_csrf(&form.body);
    (site, login_cookie, csrf)
}

#[tokio::test]
async fn editors_sign_in_with_csrf_and_see_warnings() {
    let (site, login_cookie, csrf) = site_with_editor().await;
    // Without the cookie's token, or with another, the form is refused.
    let forged = site
        .post(
            "/login",
            "",
            &format!("name=sekretariat&password=et+langt+kodeord&csrf={csrf}"),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let wrong = site
        .post(
            "/login",
            &login_cookie,
            "name=sekretariat&password=forkert&csrf=",
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let bad_password = site
        .post(
            "/login",
            &login_cookie,
            &format!("name=sekretariat&password=forkert&csrf={csrf}"),
        )
        .await;
    assert_eq!(bad_password.status, StatusCode::UNAUTHORIZED);
    assert!(
        bad_password
            .body
            .contains("Forkert brugernavn eller adgangskode.")
    );

    let signed_in = site
        .post(
            "/login",
            &login_cookie,
            &format!("name=sekretariat&password=et+langt+kodeord&csrf={csrf}"),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let session = set_cookie(&signed_in, "referat_session").unwrap();
    let raw = signed_in
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("referat_session="))
        .unwrap();
    assert!(raw.contains("HttpOnly") && raw.contains("SameSite=Strict"));

    // The sample of 22 October 2024 has a warning (a name spelled two ways).
    let m = site.meeting_on("2024-10-22").await;
    let page = site.get_as(&format!("/meetings/{}", m.id), &session).await;
    assert!(page.body.contains("Redaktør: sekretariat"));
    assert!(page.body.contains("Advarsler fra indlæsningen"));

    // Signing out needs the session's CSRF token.
    let session_csrf = hidden_csrf(&page.body);
    assert_eq!(
        site.post("/logout", &session, "csrf=0").await.status,
        StatusCode::FORBIDDEN
    );
    let out = site
        .post("/logout", &session, &format!("csrf={session_csrf}"))
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = site.get_as(&format!("/meetings/{}", m.id), &session).await;
    assert!(!after.body.contains("Advarsler fra indlæsningen"));
}

/// A password cannot be guessed at the speed of the hash: after a few wrong ones the
/// account must wait, and while it waits even the right password is not tried.
#[tokio::test]
async fn wrong_passwords_make_the_account_wait() {
    let (site, login_cookie, csrf) = site_with_editor().await;
    let attempt = |password: &str| format!("name=sekretariat&password={password}&csrf={csrf}");
    let mut statuses = Vec::new();
    for n in 0..8 {
        let answer = site
            .post("/login", &login_cookie, &attempt(&format!("gæt{n}")))
            .await;
        statuses.push(answer.status);
    }
    assert!(statuses[..5].iter().all(|s| *s == StatusCode::UNAUTHORIZED));
    assert!(
        statuses[5..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS)
    );
    let right = site
        .post("/login", &login_cookie, &attempt("et+langt+kodeord"))
        .await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(right.body.contains("For mange forkerte forsøg."));
    assert!(right.headers.get(header::RETRY_AFTER).is_some());
    assert!(set_cookie(&right, "referat_session").is_none());
    // Another editor is not held back by these failures.
    let other = site
        .post(
            "/login",
            &login_cookie,
            &format!("name=redaktion&password=forkert&csrf={csrf}"),
        )
        .await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED);
}

/// Every page, feed and OParl list on PostgreSQL: the same SQL must hold there, and
/// nothing closed may show. Skipped (and said so) without `REFERAT_TEST_POSTGRES`.
#[tokio::test]
async fn pages_and_api_on_postgres() {
    let Some(url) = postgres_admin_url("pages_and_api_on_postgres") else {
        return;
    };
    let site = site_on(Some(postgres_database(&url, "web").await)).await;
    let mut pages = site.all_public_pages().await;
    for list in [
        "system",
        "body",
        "organization",
        "person",
        "membership",
        "meeting",
        "agendaItem",
        "file",
        "location",
    ] {
        let uri = if list == "system" {
            "/oparl/v1/system".to_string()
        } else {
            format!("/oparl/v1/{list}?limit=100")
        };
        let page = site.get(&uri).await;
        pages.push((uri, page));
    }
    pages.push(("/feed.atom?".into(), site.get("/feed.atom").await));
    assert!(pages.len() > 40);
    for (uri, page) in &pages {
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        assert!(
            !page.body.contains("Zacharias") && !page.body.contains("Fortrolig beslutning"),
            "{uri} shows a closed item"
        );
    }
    let meetings = site.get("/oparl/v1/meeting?limit=100").await;
    let json: serde_json::Value = serde_json::from_str(&meetings.body).unwrap();
    assert_eq!(json["data"].as_array().unwrap().len(), 7);
}
