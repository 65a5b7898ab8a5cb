//! Attacks a browser can be made to carry out: DNS rebinding (another Host name) and
//! cross-site writes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::harness::{
    basic_authorization, signed_in_client, upstream, upstream_api, upstream_log, Nginx, USER,
};
use crate::support::browser::dist_dir;
use crate::support::server::json_of;

/// Sends a raw HTTP/1.1 request; returns every byte nginx answered before closing.
fn raw_exchange(port: u16, request: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .expect("nginx closes the connection (a read timeout means it kept it open)");
    answer
}

#[tokio::test]
async fn other_host_names_get_no_answer_at_all() {
    let (_empty, upstream) = upstream("200");
    let nginx = Nginx::start(&dist_dir(), &upstream_api(&upstream));
    let authorization = basic_authorization(USER);
    let list = format!(
        "{}image-servers",
        nginx.api("/").trim_start_matches(&nginx.origin)
    );
    for host in ["evil.example", "evil.example:80", "localhost", "127.0.0.2"] {
        for path in [
            "/tools/image-console/",
            "/tools/image-console/config.json",
            &list,
        ] {
            let request = format!(
                "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {authorization}\r\n\
                 Connection: close\r\n\r\n"
            );
            let answer = raw_exchange(nginx.port, &request);
            assert!(
                answer.is_empty(),
                "Host {host}, {path}: {}",
                String::from_utf8_lossy(&answer)
            );
        }
    }
    // The same request with the site's own Host name is answered.
    let request = format!(
        "GET {list} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: {authorization}\r\n\
         Connection: close\r\n\r\n",
        nginx.port
    );
    let answer = String::from_utf8(raw_exchange(nginx.port, &request)).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    let log = upstream_log(&upstream).await;
    assert_eq!(
        log.len(),
        1,
        "only the site's own request reached the upstream: {log:#?}"
    );
}

#[tokio::test]
async fn writes_from_other_sites_are_refused() {
    let (_empty, upstream) = upstream("200");
    let nginx = Nginx::start(&dist_dir(), &upstream_api(&upstream));
    let url = nginx.api("/image-servers/actions/batch-delete");
    let body = json!({ "items": ["697612196993040384"], "recursive": false });
    let own = nginx.origin.clone();
    let other_port = format!("http://127.0.0.1:{}", nginx.port + 1);

    // (Origin, Sec-Fetch-Site) of writes a browser sends for another page: refused.
    let forged: [(Option<&str>, Option<&str>); 7] = [
        (None, None),
        (Some("http://evil.example"), None),
        (Some("http://evil.example"), Some("cross-site")),
        (Some(&other_port), Some("same-site")),
        (Some("null"), None),
        (Some(&format!("{own}.evil.example")), None),
        (None, Some("cross-site")),
    ];
    for (origin, fetch_site) in forged {
        let mut request = signed_in_client().patch(&url).json(&body);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        let (status, answer) = json_of(request.send().await.unwrap()).await;
        assert_eq!(status, 403, "{origin:?} {fetch_site:?}: {answer}");
        assert_eq!(answer["error_code"], "PROXY.0403");
    }
    let log = upstream_log(&upstream).await;
    assert!(log.is_empty(), "nothing reached the upstream: {log:#?}");

    // The console's own writes pass: the page's Origin, or Sec-Fetch-Site: same-origin.
    let by_origin = nginx.signed_in(Method::PATCH, &url).json(&body);
    let by_fetch_site = signed_in_client()
        .patch(&url)
        .header("sec-fetch-site", "same-origin")
        .json(&body);
    for request in [by_origin, by_fetch_site] {
        let response = request.send().await.unwrap();
        assert_ne!(response.status(), 403);
    }
    let log = upstream_log(&upstream).await;
    let deletes = log.iter().filter(|e| e["endpoint"] == "delete").count();
    assert_eq!(deletes, 2, "{log:#?}");
}
