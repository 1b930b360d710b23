//! Every constructor of `py_fn_compiler::messages` against CPython 3.11's
//! text. The expected strings are `SyntaxError.msg` as printed by
//!
//! ```text
//! python3 -c 'try: compile(SRC, "<t>", "exec")
//! except SyntaxError as e: print(repr(e.msg))'
//! ```
//!
//! with SRC shown next to each assertion (python3 = CPython 3.11.7).

use py_fn_compiler::messages as m;
use py_fn_compiler::symtable::mangle;

#[test]
fn symtable_messages_match_python3() {
    // "def f(a):\n global a"
    assert_eq!(m::global_param("a"), "name 'a' is parameter and global");
    // "def f(a):\n nonlocal a"
    assert_eq!(m::nonlocal_param("a"), "name 'a' is parameter and nonlocal");
    // "def f():\n x\n global x"
    assert_eq!(
        m::global_after_use("x"),
        "name 'x' is used prior to global declaration"
    );
    // "def f():\n x\n nonlocal x"
    assert_eq!(
        m::nonlocal_after_use("x"),
        "name 'x' is used prior to nonlocal declaration"
    );
    // "def f():\n x: int\n global x"
    assert_eq!(m::global_annot("x"), "annotated name 'x' can't be global");
    // "def f():\n x: int\n nonlocal x"
    assert_eq!(
        m::nonlocal_annot("x"),
        "annotated name 'x' can't be nonlocal"
    );
    // "def f():\n x = 1\n global x"
    assert_eq!(
        m::global_after_assign("x"),
        "name 'x' is assigned to before global declaration"
    );
    // "def f():\n x = 1\n nonlocal x"
    assert_eq!(
        m::nonlocal_after_assign("x"),
        "name 'x' is assigned to before nonlocal declaration"
    );
    // "def g():\n x=1\n def f():\n  global x\n  nonlocal x"
    assert_eq!(
        m::nonlocal_and_global("x"),
        "name 'x' is nonlocal and global"
    );
    // "nonlocal x"
    assert_eq!(
        m::nonlocal_at_module_level(),
        "nonlocal declaration not allowed at module level"
    );
    // "def f():\n nonlocal x"
    assert_eq!(
        m::no_binding_for_nonlocal("x"),
        "no binding for nonlocal 'x' found"
    );
    // "def f(a, a): pass"
    assert_eq!(
        m::duplicate_argument("a"),
        "duplicate argument 'a' in function definition"
    );
    // "def f():\n from m import *"
    assert_eq!(
        m::import_star_not_at_module_level(),
        "import * only allowed at module level"
    );
}

#[test]
fn comprehension_and_annotation_messages_match_python3() {
    // "class C:\n [(y := 1) for x in z]"
    assert_eq!(
        m::named_expr_comp_in_class(),
        "assignment expression within a comprehension cannot be used in a class body"
    );
    // "[(x := 1) for x in z]"
    assert_eq!(
        m::named_expr_comp_conflict("x"),
        "assignment expression cannot rebind comprehension iteration variable 'x'"
    );
    // "[i for i in z if (j := i) for j in z]"
    assert_eq!(
        m::named_expr_comp_inner_loop_conflict("j"),
        "comprehension inner loop cannot rebind assignment expression target 'j'"
    );
    // "[x for x in (y := z)]"
    assert_eq!(
        m::named_expr_comp_iter_expr(),
        "assignment expression cannot be used in a comprehension iterable expression"
    );
    // "from __future__ import annotations\ndef f(a: (y := 1)): pass"
    assert_eq!(
        m::annotation_not_allowed("named expression"),
        "'named expression' can not be used within an annotation"
    );
    // "from __future__ import annotations\ndef f(a: (yield)): pass"
    assert_eq!(
        m::annotation_not_allowed("yield expression"),
        "'yield expression' can not be used within an annotation"
    );
    // "from __future__ import annotations\nasync def f(a: (await x)): pass"
    assert_eq!(
        m::annotation_not_allowed("await expression"),
        "'await expression' can not be used within an annotation"
    );
    // "def f():\n [(yield) for x in z]" and the set, dict and generator forms
    assert_eq!(
        m::yield_inside_comprehension("listcomp"),
        "'yield' inside list comprehension"
    );
    assert_eq!(
        m::yield_inside_comprehension("setcomp"),
        "'yield' inside set comprehension"
    );
    assert_eq!(
        m::yield_inside_comprehension("dictcomp"),
        "'yield' inside dict comprehension"
    );
    assert_eq!(
        m::yield_inside_comprehension("genexpr"),
        "'yield' inside generator expression"
    );
}

#[test]
fn codegen_messages_match_python3() {
    // "return"
    assert_eq!(m::return_outside_function(), "'return' outside function");
    // "break"
    assert_eq!(m::break_outside_loop(), "'break' outside loop");
    // "continue"
    assert_eq!(m::continue_not_in_loop(), "'continue' not properly in loop");
    // "yield"
    assert_eq!(m::yield_outside_function(), "'yield' outside function");
    // "await x"
    assert_eq!(m::await_outside_function(), "'await' outside function");
}

#[test]
fn mangle_matches_python3() {
    // python3 -c 'import symtable; t = symtable.symtable("class C:\n __a = 1\n __b__ = 2\n", "<t>", "exec"); print([s.get_name() for s in t.get_children()[0].get_symbols()])'
    // ['_C__a', '__b__']
    assert_eq!(mangle(Some("C"), "__a"), "_C__a");
    assert_eq!(mangle(Some("C"), "__b__"), "__b__");
    // class __Inner: __z = 3  ->  '_Inner__z' (programs/s16_mangling.py)
    assert_eq!(mangle(Some("__Inner"), "__z"), "_Inner__z");
    // class ___: __z = 1  ->  '__z' (python3 symtable, class name all underscores)
    assert_eq!(mangle(Some("___"), "__z"), "__z");
    // import __pkg.sub in class C binds '_C__pkg' (programs/s62_mangle_comp_class.py);
    // a dotted name itself is never mangled
    assert_eq!(mangle(Some("C"), "__pkg.sub"), "__pkg.sub");
    assert_eq!(mangle(Some("C"), "_a"), "_a");
    assert_eq!(mangle(Some("C"), "__"), "__");
    assert_eq!(mangle(None, "__a"), "__a");
}
