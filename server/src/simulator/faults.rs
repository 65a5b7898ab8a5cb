//! Fault injection: which misbehaviour a request meets, decided from a seeded random stream so
//! that the same requests in the same order meet the same faults. How a failure is rendered on
//! the wire is up to the routes; this module only parses specs and decides.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use axum::http::Method;

/// An API operation, as named in fault specs and in the request log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET …/image-servers`
    List,
    /// `GET …/image-servers/{id}`
    Show,
    /// `PATCH …/image-servers/actions/batch-delete`
    Delete,
    /// `GET …/image-server-jobs/{job_id}`
    Job,
    /// `GET …/image-server-jobs`
    Jobs,
}

impl Endpoint {
    const ALL: [Self; 5] = [Self::List, Self::Show, Self::Delete, Self::Job, Self::Jobs];

    /// The name used in specs and logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Show => "show",
            Self::Delete => "delete",
            Self::Job => "job",
            Self::Jobs => "jobs",
        }
    }

    /// The operation a request is for, from its method and its path below the API prefix
    /// (`/v1/{project_id}/…`); `None` for anything the API does not serve.
    pub fn classify(method: &Method, path: &str) -> Option<Self> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let endpoint = match segments.as_slice() {
            ["v1", _, "image-servers"] => Self::List,
            ["v1", _, "image-servers", "actions", "batch-delete"] => Self::Delete,
            ["v1", _, "image-servers", _] => Self::Show,
            ["v1", _, "image-server-jobs"] => Self::Jobs,
            ["v1", _, "image-server-jobs", _] => Self::Job,
            _ => return None,
        };
        let expected = if endpoint == Self::Delete {
            Method::PATCH
        } else {
            Method::GET
        };
        (*method == expected).then_some(endpoint)
    }
}

/// A way for a request to fail instead of reaching the simulator (except [`Failure::Truncate`],
/// which lets it through and spoils the answer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// 400 with the service's JSON error body (`WKS.00211102`, the parameter is invalid), as
    /// the real service answers a request it refuses.
    BadRequest,
    /// 500 with the service's JSON error body.
    InternalError,
    /// 503 with the service's JSON error body.
    Unavailable,
    /// 429 from the gateway (`APIGW.0308`) with `Retry-After`.
    Throttled {
        /// Value of the `Retry-After` header.
        retry_after_secs: u32,
    },
    /// 502 with the HTML page a broken nginx sends.
    HtmlBadGateway,
    /// The real response with its body cut in half (headers say 200 and match the cut length).
    Truncate,
    /// The TCP connection closes without any response.
    Drop,
    /// No answer, ever (until the server shuts down).
    Hang,
}

/// What a fault spec does when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Delay the request; latencies of several firing specs add up.
    Latency(Duration),
    /// Fail the request; the first firing failure wins.
    Fail(Failure),
}

/// One `--fault` spec: `TARGET:EFFECT[@RATE]`, e.g. `list:503@0.5` or `job:latency=1500`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FaultSpec {
    /// `None` for `all`.
    target: Option<Endpoint>,
    effect: Effect,
    /// Probability in 0–1 that the spec fires on a matching request.
    rate: f64,
}

/// Grammar summary for `--help` and error messages.
pub const SPEC_SYNTAX: &str = "TARGET:EFFECT[@RATE] with TARGET one of list, show, delete, job, \
     jobs, all; EFFECT one of 400, 500, 503, 429[=RETRY_AFTER_SECS], html502, truncate, drop, hang, \
     latency=MILLIS; RATE a probability from 0 to 1 (default 1)";

impl FromStr for FaultSpec {
    type Err = String;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| format!("bad fault spec {spec:?}: {why}; expected {SPEC_SYNTAX}");
        let (target, rest) = spec.split_once(':').ok_or_else(|| bad("missing ':'"))?;
        let target = match target {
            "all" => None,
            name => Some(
                Endpoint::ALL
                    .into_iter()
                    .find(|e| e.name() == name)
                    .ok_or_else(|| bad("unknown target"))?,
            ),
        };
        let (effect, rate) = match rest.split_once('@') {
            None => (rest, 1.0),
            Some((effect, rate)) => {
                let rate: f64 = rate.parse().map_err(|_| bad("rate is not a number"))?;
                if !(0.0..=1.0).contains(&rate) {
                    return Err(bad("rate must be from 0 to 1"));
                }
                (effect, rate)
            }
        };
        let (kind, value) = match effect.split_once('=') {
            Some((kind, value)) => (kind, Some(value)),
            None => (effect, None),
        };
        let effect = match (kind, value) {
            ("400", None) => Effect::Fail(Failure::BadRequest),
            ("500", None) => Effect::Fail(Failure::InternalError),
            ("503", None) => Effect::Fail(Failure::Unavailable),
            ("429", None) => Effect::Fail(Failure::Throttled {
                retry_after_secs: 1,
            }),
            ("429", Some(secs)) => Effect::Fail(Failure::Throttled {
                retry_after_secs: secs
                    .parse()
                    .map_err(|_| bad("Retry-After must be whole seconds"))?,
            }),
            ("html502", None) => Effect::Fail(Failure::HtmlBadGateway),
            ("truncate", None) => Effect::Fail(Failure::Truncate),
            ("drop", None) => Effect::Fail(Failure::Drop),
            ("hang", None) => Effect::Fail(Failure::Hang),
            ("latency", Some(millis)) => Effect::Latency(Duration::from_millis(
                millis
                    .parse()
                    .map_err(|_| bad("latency must be whole milliseconds"))?,
            )),
            ("latency", None) => return Err(bad("latency needs =MILLIS")),
            _ => return Err(bad("unknown effect")),
        };
        Ok(Self {
            target,
            effect,
            rate,
        })
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.target.map_or("all", Endpoint::name))?;
        match self.effect {
            Effect::Latency(delay) => write!(f, ":latency={}", delay.as_millis())?,
            Effect::Fail(failure) => match failure {
                Failure::BadRequest => f.write_str(":400")?,
                Failure::InternalError => f.write_str(":500")?,
                Failure::Unavailable => f.write_str(":503")?,
                Failure::Throttled {
                    retry_after_secs: 1,
                } => f.write_str(":429")?,
                Failure::Throttled { retry_after_secs } => write!(f, ":429={retry_after_secs}")?,
                Failure::HtmlBadGateway => f.write_str(":html502")?,
                Failure::Truncate => f.write_str(":truncate")?,
                Failure::Drop => f.write_str(":drop")?,
                Failure::Hang => f.write_str(":hang")?,
            },
        }
        if self.rate < 1.0 {
            write!(f, "@{}", self.rate)?;
        }
        Ok(())
    }
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FaultPlan {
    /// Delay before anything else.
    pub latency: Duration,
    /// How the request fails, if it does.
    pub failure: Option<Failure>,
}

/// The active specs and the seeded random stream that decides when they fire.
#[derive(Debug)]
pub struct FaultInjector {
    seed: u64,
    specs: Vec<FaultSpec>,
    rng: fastrand::Rng,
}

impl FaultInjector {
    /// An injector with these specs whose decisions are reproducible from `seed`.
    pub fn new(seed: u64, specs: Vec<FaultSpec>) -> Self {
        Self {
            seed,
            specs,
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// The active specs.
    pub fn specs(&self) -> &[FaultSpec] {
        &self.specs
    }

    /// Replaces the specs and restarts the random stream, so a test that sets faults sees the
    /// same decisions every run.
    pub fn replace(&mut self, specs: Vec<FaultSpec>) {
        *self = Self::new(self.seed, specs);
    }

    /// Decides the fate of one request for `endpoint` (`None`: a path the API does not serve,
    /// which only `all` specs affect). Every matching spec draws one number, in spec order.
    pub fn decide(&mut self, endpoint: Option<Endpoint>) -> FaultPlan {
        let mut plan = FaultPlan::default();
        for spec in &self.specs {
            if spec.target.is_some() && spec.target != endpoint {
                continue;
            }
            if self.rng.f64() >= spec.rate {
                continue;
            }
            match spec.effect {
                Effect::Latency(delay) => plan.latency += delay,
                Effect::Fail(failure) => {
                    plan.failure.get_or_insert(failure);
                }
            }
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(list: &[&str]) -> Vec<FaultSpec> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn parses_and_prints_every_kind_of_spec() {
        for spec in [
            "list:503@0.5",
            "delete:html502",
            "job:latency=1500",
            "all:429@0.2",
            "show:429=7",
            "list:truncate",
            "job:drop@0.3",
            "list:hang",
            "jobs:500",
            "delete:400",
        ] {
            assert_eq!(spec.parse::<FaultSpec>().unwrap().to_string(), spec);
        }
        assert_eq!(
            "list:503@1".parse::<FaultSpec>().unwrap().to_string(),
            "list:503"
        );
    }

    #[test]
    fn rejects_malformed_specs() {
        for spec in [
            "list",
            "nope:503",
            "list:504",
            "list:400=1",
            "list:503@2",
            "list:503@x",
            "list:latency",
            "list:latency=x",
            "list:drop=3",
            "list:429=x",
        ] {
            let error = spec.parse::<FaultSpec>().unwrap_err();
            assert!(error.contains("expected TARGET:EFFECT"), "{spec}: {error}");
        }
    }

    #[test]
    fn classifies_api_paths() {
        assert_eq!(
            Endpoint::classify(&Method::GET, "/v1/p/image-servers"),
            Some(Endpoint::List)
        );
        assert_eq!(
            Endpoint::classify(&Method::GET, "/v1/p/image-servers/1"),
            Some(Endpoint::Show)
        );
        assert_eq!(
            Endpoint::classify(&Method::PATCH, "/v1/p/image-servers/actions/batch-delete"),
            Some(Endpoint::Delete)
        );
        assert_eq!(
            Endpoint::classify(&Method::GET, "/v1/p/image-server-jobs/j"),
            Some(Endpoint::Job)
        );
        assert_eq!(
            Endpoint::classify(&Method::GET, "/v1/p/image-server-jobs"),
            Some(Endpoint::Jobs)
        );
        assert_eq!(
            Endpoint::classify(&Method::POST, "/v1/p/image-servers"),
            None
        );
        assert_eq!(
            Endpoint::classify(&Method::GET, "/v2/p/image-servers"),
            None
        );
    }

    #[test]
    fn targets_and_rates_select_requests() {
        let mut injector = FaultInjector::new(
            1,
            specs(&[
                "list:503",
                "delete:500@0",
                "all:latency=20",
                "all:latency=5",
            ]),
        );
        let list = injector.decide(Some(Endpoint::List));
        assert_eq!(
            list,
            FaultPlan {
                latency: Duration::from_millis(25),
                failure: Some(Failure::Unavailable)
            }
        );
        let delete = injector.decide(Some(Endpoint::Delete));
        assert_eq!(
            delete,
            FaultPlan {
                latency: Duration::from_millis(25),
                failure: None
            }
        );
        assert_eq!(injector.decide(None).failure, None);
    }

    #[test]
    fn first_firing_failure_wins() {
        let mut injector = FaultInjector::new(1, specs(&["job:hang", "all:drop"]));
        assert_eq!(
            injector.decide(Some(Endpoint::Job)).failure,
            Some(Failure::Hang)
        );
        assert_eq!(
            injector.decide(Some(Endpoint::List)).failure,
            Some(Failure::Drop)
        );
    }

    #[test]
    fn decisions_are_reproducible_from_the_seed() {
        let run = |seed| {
            let mut injector = FaultInjector::new(seed, specs(&["list:503@0.5"]));
            (0..64)
                .map(|_| injector.decide(Some(Endpoint::List)).failure.is_some())
                .collect::<Vec<_>>()
        };
        let first = run(42);
        assert_eq!(first, run(42));
        assert_ne!(first, run(43));
        let fired = first.iter().filter(|&&f| f).count();
        assert!((16..=48).contains(&fired), "{fired} of 64 at rate 0.5");
    }

    #[test]
    fn replacing_specs_restarts_the_stream() {
        let mut injector = FaultInjector::new(5, specs(&["all:500@0.5"]));
        let before: Vec<_> = (0..16).map(|_| injector.decide(None)).collect();
        injector.replace(specs(&["all:500@0.5"]));
        let after: Vec<_> = (0..16).map(|_| injector.decide(None)).collect();
        assert_eq!(before, after);
        assert_eq!(injector.specs().len(), 1);
    }
}
