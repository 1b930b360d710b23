//! `pyfn pyc FILE.py [-o OUT.pyc] [--hash[=checked|unchecked]]`: compile a
//! file to a `.pyc` that CPython 3.11 runs (`python3 OUT.pyc`) or imports,
//! as `python3 -m py_compile` would write it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::UNIX_EPOCH;

use py_fn_bytecode::code::flags;
use py_fn_bytecode::dis::parse_exception_table;
use py_fn_bytecode::pyc::{self, Validation};
use py_fn_bytecode::{CodeData, Constant, Opcode};

pub(crate) const USAGE: &str = "pyfn pyc FILE.py [-o OUT.pyc] [--hash[=checked|unchecked]]";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    source: String,
    output: Option<String>,
    /// `None`: timestamp-based; `Some(checked)`: hash-based.
    hash: Option<bool>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut source = None;
    let mut output = None;
    let mut hash = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-o" => match it.next() {
                Some(path) => output = Some(path.clone()),
                None => return Err("-o needs a path".into()),
            },
            "--hash" | "--hash=checked" => hash = Some(true),
            "--hash=unchecked" => hash = Some(false),
            flag if flag.starts_with('-') && flag != "-" => {
                return Err(format!("unknown option `{flag}`"))
            }
            path => {
                if source.replace(path.to_string()).is_some() {
                    return Err("one source file only".into());
                }
            }
        }
    }
    let source = source.ok_or("no source file given")?;
    Ok(Options {
        source,
        output,
        hash,
    })
}

/// The default output: the source path with its extension replaced by `.pyc`.
fn default_output(source: &str) -> PathBuf {
    Path::new(source).with_extension("pyc")
}

/// `int(st_mtime) & 0xFFFFFFFF` and `st_size & 0xFFFFFFFF`, as
/// `importlib` records them.
fn timestamp(path: &Path) -> std::io::Result<Validation> {
    let meta = std::fs::metadata(path)?;
    let modified = meta.modified()?;
    let seconds: i64 = match modified.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        // int() truncates toward zero: -1.5 s is -1.
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    };
    Ok(Validation::Timestamp {
        mtime: seconds as u32,
        source_size: meta.len() as u32,
    })
}

/// Runs `pyfn pyc` with the arguments after `pyc`.
pub(crate) fn main(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("usage: {USAGE}\n{}", crate::HELP);
        return ExitCode::SUCCESS;
    }
    let opts = match parse_args(args) {
        Ok(opts) => opts,
        Err(e) => {
            eprintln!("pyfn pyc: {e}\nusage: {USAGE}");
            return ExitCode::from(2);
        }
    };
    let source_path = Path::new(&opts.source);
    let bytes = match std::fs::read(source_path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("pyfn: cannot read {}: {e}", opts.source);
            return ExitCode::FAILURE;
        }
    };
    let Ok(source) = String::from_utf8(bytes.clone()) else {
        eprintln!("pyfn: {} is not UTF-8", opts.source);
        return ExitCode::FAILURE;
    };
    // co_filename is the path as given, as `python3 -m py_compile` records it.
    let code = match py_fn_compiler::compile(&source, &opts.source) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}", crate::report(&opts.source, &source, &err));
            return ExitCode::FAILURE;
        }
    };
    let output = opts
        .output
        .map(PathBuf::from)
        .unwrap_or_else(|| default_output(&opts.source));
    if let Err(problem) = check_well_formed(&code) {
        eprintln!(
            "pyfn: not writing {}: the compiled code is not well-formed: {problem}",
            output.display()
        );
        return ExitCode::FAILURE;
    }
    let validation = match opts.hash {
        Some(checked) => Validation::hash(&bytes, checked),
        None => match timestamp(source_path) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("pyfn: cannot stat {}: {e}", opts.source);
                return ExitCode::FAILURE;
            }
        },
    };
    let data = match pyc::to_bytes(&code, validation) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("pyfn: not writing {}: {e}", output.display());
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&output, data) {
        eprintln!("pyfn: cannot write {}: {e}", output.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

// ----- well-formedness ---------------------------------------------------------------

/// The checks made before a code object is written, so that `pyfn pyc`
/// never emits something CPython 3.11 could crash on for a reason these
/// cheap checks see; the first problem found, with the code object's
/// qualname and the byte offset. This is the one place to plug a full
/// verifier in.
///
/// Checked for the module and every code object in its constants:
/// `co_code` has an even, non-zero length, holds only 3.11 opcodes (no
/// `CACHE` where an instruction starts, zeroed caches, no instruction cut
/// off at the end) and ends with an instruction that does not fall
/// through; every jump and exception handler lands on an instruction;
/// every `LOAD_CONST`/`KW_NAMES`, name, local and cell/free oparg is in
/// range of its table; `COMPARE_OP`/`BINARY_OP` opargs are known; the
/// exception table's ranges lie inside the code and its depths within
/// `co_stacksize`; the argument counts fit `co_varnames`.
pub(crate) fn check_well_formed(code: &CodeData) -> Result<(), String> {
    let mut todo: Vec<&CodeData> = vec![code];
    while let Some(code) = todo.pop() {
        check_code(code).map_err(|e| format!("{}: {e}", code.qualname))?;
        let mut consts: Vec<&Constant> = code.consts.iter().collect();
        while let Some(c) = consts.pop() {
            match c {
                Constant::Code(inner) => todo.push(inner),
                Constant::Tuple(items) => consts.extend(items.iter()),
                _ => {}
            }
        }
    }
    Ok(())
}

/// `dis.COMPILER_FLAG_NAMES`' argument bits: each adds a local.
fn extra_args(code: &CodeData) -> u64 {
    u64::from(code.flags & flags::VARARGS != 0) + u64::from(code.flags & flags::VARKEYWORDS != 0)
}

fn check_code(code: &CodeData) -> Result<(), String> {
    let bytes = code.code.as_ref();
    if bytes.is_empty() || bytes.len() % 2 != 0 {
        return Err(format!("co_code has length {}", bytes.len()));
    }
    let nlocals = code.varnames.len() as u64;
    let args = u64::from(code.argcount) + u64::from(code.kwonlyargcount) + extra_args(code);
    if args > nlocals {
        return Err(format!("{args} arguments but {nlocals} local names"));
    }
    if code.posonlyargcount > code.argcount {
        return Err("more positional-only arguments than positional ones".into());
    }
    let localsplus = code.localsplus().len() as u64;

    // Pass 1: instruction starts, opcodes, caches, opargs.
    let units = bytes.len() / 2;
    let mut starts = vec![false; units];
    let mut jumps: Vec<(usize, i64)> = Vec::new();
    let mut last: Option<(usize, Opcode)> = None;
    let mut extended: u64 = 0;
    let mut i = 0;
    while i < units {
        let at = 2 * i;
        let (op, raw_arg) = (bytes[at], bytes[at + 1]);
        let opcode = Opcode::from_u8(op)
            .filter(|&o| o != Opcode::CACHE)
            .ok_or_else(|| format!("offset {at}: opcode {op} is not a 3.11 instruction"))?;
        starts[i] = true;
        let arg = (extended << 8) | u64::from(raw_arg);
        let caches = opcode.cache_entries();
        if i + 1 + caches > units {
            return Err(format!("offset {at}: {} cut off at the end", opcode.name()));
        }
        if bytes[at + 2..at + 2 + 2 * caches].iter().any(|&b| b != 0) {
            return Err(format!(
                "offset {at}: the caches of {} are not zero",
                opcode.name()
            ));
        }
        if opcode == Opcode::EXTENDED_ARG {
            extended = arg;
            if extended > u64::from(u32::MAX >> 8) {
                return Err(format!("offset {at}: more than three EXTENDED_ARG"));
            }
        } else {
            extended = 0;
            check_oparg(code, opcode, arg, localsplus).map_err(|e| format!("offset {at}: {e}"))?;
            if opcode.has_jrel() {
                let delta = 2 * arg as i64;
                let next = at as i64 + 2;
                let target = if opcode.name().contains("BACKWARD") {
                    next - delta
                } else {
                    next + delta
                };
                jumps.push((at, target));
            }
        }
        last = Some((at, opcode));
        i += 1 + caches;
    }
    let is_start = |target: i64| {
        usize::try_from(target)
            .ok()
            .filter(|t| t % 2 == 0)
            .and_then(|t| starts.get(t / 2).copied())
            .unwrap_or(false)
    };
    for (at, target) in jumps {
        if !is_start(target) {
            return Err(format!("offset {at}: jump to {target}, not an instruction"));
        }
    }
    if let Some((at, op)) = last {
        let exits = matches!(
            op,
            Opcode::RETURN_VALUE
                | Opcode::RERAISE
                | Opcode::RAISE_VARARGS
                | Opcode::JUMP_FORWARD
                | Opcode::JUMP_BACKWARD
                | Opcode::JUMP_BACKWARD_NO_INTERRUPT
        );
        if !exits {
            return Err(format!("offset {at}: {} falls off the end", op.name()));
        }
    }

    // The exception table: whole entries, inside the code, on instructions.
    let table = parse_exception_table(&code.exceptiontable);
    for e in &table {
        let end_ok = e.end as usize <= bytes.len();
        if e.start >= e.end || !end_ok || !is_start(e.start as i64) {
            return Err(format!(
                "exception table range {}..{} outside the code",
                e.start, e.end
            ));
        }
        if !is_start(e.target as i64) {
            return Err(format!(
                "exception handler at {}, not an instruction",
                e.target
            ));
        }
        if e.depth > u64::from(code.stacksize) {
            return Err(format!(
                "exception handler depth {} above co_stacksize {}",
                e.depth, code.stacksize
            ));
        }
    }
    if exception_table_len(&table) != code.exceptiontable.len() {
        return Err("co_exceptiontable has a partial entry".into());
    }
    Ok(())
}

/// The length of the exception table that encodes `entries` (6-bit varints,
/// offsets in code units), to spot trailing bytes `parse_exception_table`
/// dropped.
fn exception_table_len(entries: &[py_fn_bytecode::dis::ExceptionTableEntry]) -> usize {
    fn varint_len(mut x: u64) -> usize {
        let mut n = 1;
        while x >= 64 {
            x >>= 6;
            n += 1;
        }
        n
    }
    entries
        .iter()
        .map(|e| {
            varint_len(e.start / 2)
                + varint_len((e.end - e.start) / 2)
                + varint_len(e.target / 2)
                + varint_len(e.depth << 1 | u64::from(e.lasti))
        })
        .sum()
}

fn check_oparg(code: &CodeData, op: Opcode, arg: u64, localsplus: u64) -> Result<(), String> {
    let in_range = |what: &str, index: u64, len: usize| {
        if index < len as u64 {
            Ok(())
        } else {
            Err(format!(
                "{} {arg}: index {index} beyond {what} ({len})",
                op.name()
            ))
        }
    };
    if op.has_const() {
        return in_range("co_consts", arg, code.consts.len());
    }
    if op == Opcode::LOAD_GLOBAL {
        return in_range("co_names", arg >> 1, code.names.len());
    }
    if op.has_name() {
        return in_range("co_names", arg, code.names.len());
    }
    if op.has_local() || op.has_free() {
        return in_range("the fast locals", arg, localsplus as usize);
    }
    match op {
        Opcode::COPY_FREE_VARS if arg != code.freevars.len() as u64 => Err(format!(
            "COPY_FREE_VARS {arg} with {} free variables",
            code.freevars.len()
        )),
        Opcode::COMPARE_OP => in_range("the comparison operators", arg, 6),
        Opcode::BINARY_OP => in_range("the binary operators", arg, 26),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options() {
        assert_eq!(
            parse_args(&args(&["a.py"])),
            Ok(Options {
                source: "a.py".into(),
                output: None,
                hash: None
            })
        );
        assert_eq!(
            parse_args(&args(&["-o", "x.pyc", "--hash=unchecked", "a.py"])),
            Ok(Options {
                source: "a.py".into(),
                output: Some("x.pyc".into()),
                hash: Some(false)
            })
        );
        assert_eq!(
            parse_args(&args(&["--hash", "a.py"])).unwrap().hash,
            Some(true)
        );
        assert!(parse_args(&args(&[])).is_err());
        assert!(parse_args(&args(&["a.py", "b.py"])).is_err());
        assert!(parse_args(&args(&["a.py", "-o"])).is_err());
        assert!(parse_args(&args(&["--hash=maybe", "a.py"])).is_err());
        assert_eq!(default_output("dir/a.py"), PathBuf::from("dir/a.pyc"));
    }

    fn compiled(source: &str) -> CodeData {
        py_fn_compiler::compile(source, "t.py").expect("compiles")
    }

    fn inner(code: &mut CodeData) -> &mut CodeData {
        let consts = code.consts.to_mut();
        for c in consts.iter_mut() {
            if let Constant::Code(inner) = c {
                return inner.to_mut();
            }
        }
        panic!("no nested code object")
    }

    const PROGRAM: &str = "def f(a, b=2):\n    x = [a, b]\n    def g():\n        return x\n    while a > 0:\n        a -= len(x)\n    return g\nprint(f(3)())\n";

    #[test]
    fn compiled_code_is_well_formed() {
        assert_eq!(check_well_formed(&compiled(PROGRAM)), Ok(()));
    }

    fn broken(edit: impl FnOnce(&mut CodeData)) -> String {
        let mut code = compiled(PROGRAM);
        edit(inner(&mut code));
        check_well_formed(&code).expect_err("a broken code object passed")
    }

    #[test]
    fn broken_code_is_refused() {
        let e = broken(|f| f.code.to_mut().push(0));
        assert!(e.contains("length"), "{e}");
        let e = broken(|f| f.consts = vec![].into());
        assert!(e.contains("co_consts"), "{e}");
        let e = broken(|f| f.names = vec![].into());
        assert!(e.contains("co_names"), "{e}");
        let e = broken(|f| f.varnames.to_mut().truncate(1));
        assert!(e.starts_with("f: 2 arguments but 1 local names"), "{e}");
        let e = broken(|f| {
            let n = f.code.len();
            f.code.to_mut().truncate(n - 2);
        });
        assert!(e.contains("falls off the end"), "{e}");
        let e = broken(|f| {
            // The first jump: make it leave the code.
            let code = f.code.to_mut();
            let at = (0..code.len())
                .step_by(2)
                .find(|&i| Opcode::from_u8(code[i]).is_some_and(|o| o.has_jrel()))
                .expect("f has a loop");
            code[at + 1] = 200;
        });
        assert!(e.contains("jump to"), "{e}");
        let e = broken(|f| {
            let code = f.code.to_mut();
            code.push(Opcode::CACHE as u8);
            code.push(0);
        });
        assert!(e.contains("not a 3.11 instruction"), "{e}");
        let e = broken(|f| f.exceptiontable = vec![0x80, 0x01].into());
        assert!(e.contains("exception"), "{e}");
    }
}
