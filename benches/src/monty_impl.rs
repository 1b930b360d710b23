//! The monty column: pydantic's Python interpreter in Rust, running the same
//! `workloads.py` with `wN(n)` appended as the value to return.

use monty::MontyRun;
use monty_types::{CompileOptions, MontyObject, PrintWriter, ResourceTracker};

/// One workload prepared for monty (parsed and compiled once).
pub struct Monty {
    run: MontyRun,
}

impl Monty {
    /// Prepares `source` followed by the expression `name(n)`.
    pub fn new(source: &str, name: &str) -> Result<Monty, String> {
        let code = format!("{source}\n{name}(n)\n");
        let run = MontyRun::new(
            code,
            "workloads.py",
            vec!["n".to_string()],
            CompileOptions::default(),
        )
        .map_err(|e| first_line(&e.to_string()))?;
        Ok(Monty { run })
    }

    /// Runs the module and the call with `n`: the result as text.
    pub fn run(&self, n: i64) -> Result<String, String> {
        self.run
            .run(
                vec![MontyObject::Int(n)],
                ResourceTracker::default(),
                PrintWriter::Disabled,
            )
            .map(|v| match v {
                MontyObject::Int(i) => i.to_string(),
                other => format!("{other:?}"),
            })
            .map_err(|e| first_line(&e.to_string()))
    }
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or("").to_string()
}
