//! The proxy as a security boundary (issue 10), each point as an attack or a use through real
//! parts: the server in proxy mode over real HTTP, the simulator as its upstream on loopback,
//! and the simulator's `/__sim/requests` log proving what reached the upstream (or did not).

#[path = "../support/mod.rs"]
mod support;

mod audit;
mod auth;
mod browser_attacks;
mod limits;
mod signing;
