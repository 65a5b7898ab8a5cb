//! The documented nginx deployment, for real: Debian's nginx runs `deploy/nginx/image-console.conf`
//! (only its site-specific values replaced) in front of the simulator as the upstream API, which
//! demands the token (`--require-token`); its `/__sim/requests` log proves what reached it.
//!
//! Needs `/usr/sbin/nginx` (or `$NGINX`) with the brotli_static module
//! (`libnginx-mod-http-brotli-static`), and rsync (docs/deploy.md's install command, run as
//! written); `scripts/bootstrap` installs them.

#[path = "../support"]
mod support {
    pub mod browser;
    pub mod encoding;
    pub mod server;
}

mod harness;

mod audit;
mod authentication;
mod browser_side;
mod console;
mod limits;
mod routes;
mod static_files;
