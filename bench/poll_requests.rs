//! Counts the checks the console's poll schedule makes for delete jobs of a few lengths,
//! over simulated time, beside a fixed 10 s poll. Prints JSON; `bench/bench.mjs` reads it
//! (`cargo run --example poll_requests`, declared in Cargo.toml with this path).

use image_console::rules::schedule::PollSchedule;

fn main() {
    let rows: Vec<serde_json::Value> = [5u32, 60, 600]
        .into_iter()
        .map(|job_seconds| {
            let job_ms = f64::from(job_seconds) * 1_000.0;
            let mut schedule = PollSchedule::new(0.0);
            let (mut now, mut requests, mut longest_interval) = (0.0, 0u32, 0.0f64);
            // The job ends at `job_ms`; the first check at or after it shows the end.
            while now < job_ms {
                let delay = schedule.next_delay_ms();
                now += delay;
                requests += 1;
                longest_interval = longest_interval.max(delay);
            }
            serde_json::json!({
                "job_seconds": job_seconds,
                "requests": requests,
                "fixed_10s_requests": (job_ms / 10_000.0).ceil() as u32,
                "max_lag_seconds": longest_interval / 1_000.0,
            })
        })
        .collect();
    println!("{}", serde_json::Value::from(rows));
}
