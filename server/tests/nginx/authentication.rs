//! Who gets in: the shipped Basic block (an htpasswd file with bcrypt hashes) and the
//! documented single sign-on block (`auth_request` to a gateway, here a tiny double), and
//! `whoami.json` telling the console who is signed in.

use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::response::IntoResponse;
use reqwest::{RequestBuilder, StatusCode};
use serde_json::json;

use crate::harness::{
    basic_authorization, request_log, upstream, upstream_api, Auth, Nginx, PASSWORD, QUOTED_USER,
    SUB_PATH, USER,
};
use crate::support::browser::dist_dir;
use crate::support::server::{client, json_of, serve};

/// The requests a browser makes: the page, its config, whoami.json, a list, a delete.
fn every_kind_of_request(nginx: &Nginx) -> Vec<RequestBuilder> {
    let http = client();
    vec![
        http.get(&nginx.url),
        http.get(nginx.at("config.json")),
        http.get(nginx.at("whoami.json")),
        http.get(nginx.api("/image-servers?limit=1")),
        http.get(nginx.api("/image-server-jobs?job_type=DELETE_SERVER")),
        http.patch(nginx.api("/image-servers/actions/batch-delete"))
            .header("origin", &nginx.origin)
            .json(&json!({ "items": ["697612196993040384"], "recursive": false })),
    ]
}

/// Checks `whoami.json`'s answer: `{"user": user}`, JSON, never stored; or 404 `{}`.
async fn assert_whoami(request: RequestBuilder, user: Option<&str>) {
    let response = request.send().await.unwrap();
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/json");
    assert_eq!(header("cache-control"), "no-store");
    let (status, body) = json_of(response).await;
    match user {
        Some(user) => assert_eq!((status, body), (StatusCode::OK, json!({ "user": user }))),
        None => assert_eq!((status, body), (StatusCode::NOT_FOUND, json!({}))),
    }
}

#[tokio::test]
async fn basic_authentication_guards_every_request() {
    let (_empty, upstream) = upstream("200");
    let nginx = Nginx::start(&dist_dir(), &upstream_api(&upstream));

    // No credentials, a wrong password, an unknown user: 401, asking for Basic credentials.
    for credentials in [None, Some((USER, "wrong")), Some(("mallory", PASSWORD))] {
        for request in every_kind_of_request(&nginx) {
            let request = match credentials {
                Some((user, password)) => request.basic_auth(user, Some(password)),
                None => request,
            };
            let response = request.send().await.unwrap();
            let url = response.url().to_string();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{url} {credentials:?}"
            );
            assert_eq!(
                response.headers()["www-authenticate"],
                "Basic realm=\"image-console\"",
                "{url}"
            );
        }
    }
    let log = request_log(&upstream).await;
    assert!(log.is_empty(), "nothing reached the upstream: {log:#?}");

    // Signed in: the console loads, the API answers, whoami.json names the user.
    for request in every_kind_of_request(&nginx) {
        let response = request
            .basic_auth(USER, Some(PASSWORD))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{}", response.url());
    }
    let whoami = nginx.at("whoami.json");
    assert_whoami(
        client().get(&whoami).basic_auth(USER, Some(PASSWORD)),
        Some(USER),
    )
    .await;

    // A name that is not plain text is never echoed into JSON: 404, although signed in.
    let response = client()
        .get(&nginx.url)
        .basic_auth(QUOTED_USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_whoami(
        client()
            .get(&whoami)
            .basic_auth(QUOTED_USER, Some(PASSWORD)),
        None,
    )
    .await;
    let response = client()
        .get(&whoami)
        .basic_auth(QUOTED_USER, Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

/// The gateway double's check endpoint: a good session cookie is a user, anything else 401.
async fn gateway_check(headers: HeaderMap) -> impl IntoResponse {
    let cookie = headers
        .get("cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let user = match cookie {
        "session=alice-session" => USER,
        "session=quoted-session" => QUOTED_USER,
        _ => return (AxumStatus::UNAUTHORIZED, [("x-auth-request-user", "")]).into_response(),
    };
    (AxumStatus::ACCEPTED, [("x-auth-request-user", user)]).into_response()
}

/// Starts the gateway double on a free loopback port; returns its check URL.
async fn start_gateway() -> String {
    let app = axum::Router::new().route("/check", axum::routing::any(gateway_check));
    format!("http://{}/check", serve(app).await)
}

#[tokio::test]
async fn single_sign_on_gateway_decides_and_names_the_user() {
    let (_empty, upstream) = upstream("200");
    let check_url = start_gateway().await;
    let nginx = Nginx::start_with(
        SUB_PATH,
        Auth::Sso { check_url },
        &dist_dir(),
        &upstream_api(&upstream),
    );

    // No session, a forged one, Basic credentials, a user header sent by the browser: 401.
    let attempts: [&[(&str, &str)]; 4] = [
        &[],
        &[("cookie", "session=forged")],
        &[("authorization", &basic_authorization(USER))],
        &[("x-auth-request-user", USER), ("remote-user", USER)],
    ];
    for headers in attempts {
        for mut request in every_kind_of_request(&nginx) {
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{} {headers:?}",
                response.url()
            );
        }
    }
    let log = request_log(&upstream).await;
    assert!(log.is_empty(), "nothing reached the upstream: {log:#?}");

    // A good session: everything answers, and the name is the gateway's, not the browser's.
    for request in every_kind_of_request(&nginx) {
        let response = request
            .header("cookie", "session=alice-session")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{}", response.url());
    }
    let whoami = nginx.at("whoami.json");
    let alice = client()
        .get(&whoami)
        .header("cookie", "session=alice-session")
        .header("x-auth-request-user", "mallory");
    assert_whoami(alice, Some(USER)).await;
    let quoted = client()
        .get(&whoami)
        .header("cookie", "session=quoted-session");
    assert_whoami(quoted, None).await;

    // The delete above is attributed to the gateway's user.
    let audit = nginx.audit_log(5);
    let delete = audit.last().expect("the delete's audit record");
    assert_eq!(delete["user"], USER, "{audit:#?}");
    assert_eq!(delete["status"], 200, "{audit:#?}");
}
