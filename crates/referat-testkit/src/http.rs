//! A plain HTTP/1.1 GET over a socket, for suites that start a real `referat serve`
//! and read its pages without a client library.

use std::io::{Read, Write};

/// The whole response to `GET path` on the server at `addr` (head and body), the
/// connection closed after it.
#[allow(clippy::unwrap_used)]
pub fn http_get(addr: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}
