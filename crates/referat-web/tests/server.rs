//! The server's own bounds, over real sockets on loopback: clients that send half a
//! request, or nothing, are closed after the header timeout, and past the
//! connection limit a client waits for a slot instead of the server running out of
//! file descriptors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use referat_archive::{Archive, Location};
use referat_testkit::ScratchDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HEADER_TIMEOUT: Duration = Duration::from_millis(400);

/// A server on a free port with an empty archive, `max_connections` at most.
async fn server(dir: &ScratchDir, max_connections: usize) -> SocketAddr {
    let archive = Archive::open(&Location::Folder(dir.path().to_path_buf()))
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = referat_web::Config::new(format!("http://{addr}"));
    config.header_timeout = HEADER_TIMEOUT;
    config.max_connections = max_connections;
    let state = referat_web::AppState::new(archive, None, config);
    tokio::spawn(referat_web::serve_on(state, listener));
    addr
}

/// Reads until the server closes the connection; what it sent.
async fn until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut answer = Vec::new();
    tokio::time::timeout(within, stream.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    Some(String::from_utf8_lossy(&answer).into_owned())
}

async fn get_front_page(addr: SocketAddr) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /static/referat.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("an answer")
}

#[tokio::test]
async fn half_sent_and_silent_clients_are_closed() {
    let dir = ScratchDir::new("server-slow");
    let addr = server(&dir, 64).await;
    let mut half = TcpStream::connect(addr).await.unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    // Closed without an answer (hyper may write a 408 first; either is a close).
    until_closed(&mut half, HEADER_TIMEOUT * 10)
        .await
        .expect("the half-sent request is closed");
    until_closed(&mut silent, HEADER_TIMEOUT * 10)
        .await
        .expect("the silent connection is closed");
    assert!(started.elapsed() < HEADER_TIMEOUT * 10);
    assert!(get_front_page(addr).await.starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn past_the_connection_limit_a_client_waits_for_a_slot() {
    let dir = ScratchDir::new("server-limit");
    let addr = server(&dir, 4).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        held.push(s);
    }
    // The four slots are taken; a fifth client is answered once they time out.
    let started = Instant::now();
    let answer = get_front_page(addr).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let waited = started.elapsed();
    assert!(
        waited >= HEADER_TIMEOUT / 2 && waited < HEADER_TIMEOUT * 10,
        "answered after {waited:?}"
    );
    for mut s in held {
        assert!(
            until_closed(&mut s, HEADER_TIMEOUT * 10).await.is_some(),
            "a held connection stays open"
        );
    }
}
