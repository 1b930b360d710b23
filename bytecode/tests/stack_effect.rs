//! `stack_effect` against `dis.stack_effect` of CPython 3.11.7 for every
//! opcode, a set of arguments and `jump` in {None, True, False}.
//!
//! Expected values: `fixtures/stack_effect.txt`, written by
//! `python3 bytecode/tests/fixtures/gen_fixtures.py` (`stack_effects()`:
//! `dis.stack_effect(op, arg, jump=jump)`, `-` for a ValueError).

use py_fn_bytecode::opcode::ALL;
use py_fn_bytecode::stack::stack_effect;

const TABLE: &str = include_str!("fixtures/stack_effect.txt");

#[test]
fn stack_effect_matches_cpython_for_every_opcode() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in TABLE.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let [name, arg, jump, effect] = fields[..] else {
            panic!("bad fixture line {line:?}");
        };
        let op = ALL
            .iter()
            .copied()
            .find(|op| op.name() == name)
            .unwrap_or_else(|| panic!("unknown opcode {name}"));
        let arg: u32 = if arg == "-" { 0 } else { arg.parse().unwrap() };
        let jump = match jump {
            "-" => None,
            "1" => Some(true),
            _ => Some(false),
        };
        let expected: Option<i32> = if effect == "-" {
            None
        } else {
            Some(effect.parse().unwrap())
        };
        let got = stack_effect(op, arg, jump);
        if got != expected {
            failures.push(format!("{line}: got {got:?}"));
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(checked, 5946);
}

#[test]
fn every_opcode_is_in_the_fixture() {
    for op in ALL {
        assert!(
            TABLE
                .lines()
                .any(|l| l.split(' ').next() == Some(op.name())),
            "{} missing",
            op.name()
        );
    }
}

#[test]
fn make_function_pops_one_value_per_flag() {
    // python3 -c 'import dis; print(dis.stack_effect(132, 9), dis.stack_effect(132, 15))'
    // -2 -4
    assert_eq!(
        stack_effect(py_fn_bytecode::Opcode::MAKE_FUNCTION, 9, None),
        Some(-2)
    );
    assert_eq!(
        stack_effect(py_fn_bytecode::Opcode::MAKE_FUNCTION, 15, None),
        Some(-4)
    );
}
