//! `quickxml-baseline FILE...`: the raw quick-xml event loop over each file; prints the total
//! event count and the time spent reading events (file reading excluded).

fn main() {
    let files: Vec<Vec<u8>> = std::env::args()
        .skip(1)
        .map(|p| std::fs::read(p).expect("readable"))
        .collect();
    let start = std::time::Instant::now();
    let events: usize = files.iter().map(|b| bench::quick_xml_events(b)).sum();
    let elapsed = start.elapsed();
    println!(
        "{events} events in {:.3} ms",
        elapsed.as_secs_f64() * 1000.0
    );
}
