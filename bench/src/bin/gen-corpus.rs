//! `gen-corpus DIR SMALL LARGE_MB`: writes SMALL small profiles under DIR/small/ and one
//! message of about LARGE_MB MB as DIR/large.xml (plus DIR/size-N.xml for the growth curve).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(small), Some(large)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: gen-corpus DIR SMALL_FILES LARGE_MB");
        std::process::exit(2);
    };
    let small: usize = small.parse().expect("a number of files");
    let large: usize = large.parse().expect("a size in MB");
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir.join("small")).expect("writable");
    for i in 0..small {
        let sub = dir.join("small").join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&sub).expect("writable");
        std::fs::write(sub.join(format!("profile-{i:05}.xml")), bench::profile(i))
            .expect("writable");
    }
    std::fs::write(dir.join("large.xml"), bench::message_of_size(large << 20)).expect("writable");
    for mb in [1, 5, 10, 25, 50] {
        std::fs::write(
            dir.join(format!("size-{mb}.xml")),
            bench::message_of_size(mb << 20),
        )
        .expect("writable");
    }
}
