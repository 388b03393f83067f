// SPDX-License-Identifier: MIT
// A Rust program starting a thread from a closure inside a trait impl's
// method (t-stack-rust.py), built with each of rustc's symbol manglings.
// Just before the spawn it writes to its first argument its own call
// chain as std::backtrace prints it (rustc-demangle's names, without the
// hash; inlined calls as frames of their own), innermost first.
use std::backtrace::Backtrace;
use std::fs;
use std::thread;

trait Speak {
    fn speak(&self, truth: &str) -> usize;
}

struct Dog<T>(T);

impl<T: Clone + Send + 'static> Speak for Dog<T> {
    #[inline(never)]
    fn speak(&self, truth: &str) -> usize {
        let v = self.0.clone();
        let run = |n: usize| -> usize {
            fs::write(truth, format!("{}", Backtrace::force_capture())).expect("the truth file");
            thread::spawn(move || {
                drop(v);
                n
            })
            .join()
            .unwrap()
        };
        run(1)
    }
}

fn main() {
    let truth = std::env::args().nth(1).expect("usage: names TRUTH");
    let d = Dog(String::from("rex"));
    std::process::exit(if d.speak(&truth) == 1 { 0 } else { 1 });
}
