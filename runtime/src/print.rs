//! The stdout sink of `print`: the process's stdout, or the innermost
//! capture buffer installed by [`capture_stdout`].

use std::cell::RefCell;
use std::io::Write;

thread_local! {
    static CAPTURES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Writes `text` to the current sink.
pub fn write_stdout(text: &str) {
    let captured = CAPTURES.with(|c| match c.borrow_mut().last_mut() {
        Some(buf) => {
            buf.push_str(text);
            true
        }
        None => false,
    });
    if !captured {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
}

/// Pops the capture buffer pushed by [`capture_stdout`], also on unwinding.
struct CaptureGuard {
    depth: usize,
}

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURES.with(|c| {
            let mut c = c.borrow_mut();
            while c.len() > self.depth {
                c.pop();
            }
        });
    }
}

/// Runs `f` with `print` writing into a buffer, and returns what it
/// printed with `f`'s result. Captures nest: the innermost one receives
/// the output.
pub fn capture_stdout<R>(f: impl FnOnce() -> R) -> (String, R) {
    let depth = CAPTURES.with(|c| {
        let mut c = c.borrow_mut();
        c.push(String::new());
        c.len() - 1
    });
    let guard = CaptureGuard { depth };
    let result = f();
    let text = CAPTURES.with(|c| {
        let mut c = c.borrow_mut();
        let text = if c.len() > depth { c.pop() } else { None };
        c.truncate(depth);
        text.unwrap_or_default()
    });
    drop(guard);
    (text, result)
}
