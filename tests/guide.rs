//! The guide (`src/guide.rs`) stays true to the code generator: the
//! generated code it shows for the basic closure is what
//! `pyfn expand` (`py_fn_compiler::compile_to_rust`) writes today for the
//! guide's own program. The guide's programs themselves run as doctests
//! (`cargo test -p py_fn --doc`), each checked against python3's output.

use py_fn_compiler::rustgen::RustgenOptions;

/// The guide's text, as rustdoc reads it (the `//! ` prefixes removed).
fn guide_text() -> String {
    include_str!("../src/guide.rs")
        .lines()
        .map(|l| {
            l.strip_prefix("//! ")
                .or_else(|| l.strip_prefix("//!"))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The body of the first fenced block opened by `fence` after `from`.
fn block_after<'a>(text: &'a str, from: &str, fence: &str) -> &'a str {
    let start = text.find(from).expect("section present");
    let rest = &text[start..];
    let open = rest.find(fence).expect("block opened") + fence.len();
    let body = &rest[open..];
    let close = body.find("\n```").expect("block closed");
    &body[..close]
}

/// The Python program of section 1, out of its `py_fn! { ... }` form.
fn basic_closure_program(text: &str) -> String {
    let block = block_after(text, "## 1. The basic closure", "```\n");
    let body = block
        .split_once("py_fn::py_fn! {\n")
        .expect("py_fn! block")
        .1;
    let mut lines = Vec::new();
    for line in body.lines() {
        if line.trim() == "}" {
            break;
        }
        lines.push(line.get(8..).unwrap_or(""));
    }
    lines.join("\n") + "\n"
}

/// `s` without any whitespace: token streams and rustfmt output compare equal.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_generated_code_shown_for_the_basic_closure_is_current() {
    let text = guide_text();
    let program = basic_closure_program(&text);
    assert!(
        program.starts_with("def make_greeting(name):\n"),
        "{program}"
    );
    let tokens =
        py_fn_compiler::compile_to_rust(&program, "make_greeting.py", &RustgenOptions::default())
            .expect("the guide's program compiles");
    let generated = squeeze(&tokens.to_string());

    let shown = block_after(&text, "What `py_fn!` generates for it", "```text\n");
    let mut checked = 0;
    for line in shown.lines() {
        let t = line.trim();
        // Only the lines about the closure are held to the generator's
        // exact text; the rest (fast paths, drops) changes as it is tuned.
        let about_the_closure = ["fn __pyfn_body", "cell", "closure", "make_function"]
            .iter()
            .any(|word| t.contains(word));
        if !about_the_closure {
            continue;
        }
        // `{ ... }` elides an error path: compare what comes before it.
        let t = t.split("...").next().unwrap_or(t).trim_end();
        // rustfmt adds the trailing comma of a multi-line argument list.
        let piece = squeeze(t.trim_end_matches(['{', ',']));
        assert!(
            generated.contains(&piece),
            "the guide shows `{t}`, which `pyfn expand` no longer writes"
        );
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} lines checked");
}
