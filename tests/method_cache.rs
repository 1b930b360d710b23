//! Method calls and attribute lookups on instances while their classes
//! change through `Class.__dict__`, which py_fn gives out as a mutable dict
//! (CPython's is a read-only mapping proxy). The expected values are what
//! python3 prints for the same program with `setattr(cls, name, value)`
//! and `delattr(cls, name)` in place of the dict operations.

mod python {
    py_fn::py_fn! {
        def set_attr(cls, name, value):
            cls.__dict__[name] = value

        def del_attr(cls, name):
            del cls.__dict__[name]

        def through_dict():
            class Base:
                def who(self):
                    return "base"

            class Acc(Base):
                def __init__(self):
                    self.total = 0

                def add(self, v):
                    self.total += v

            out = []
            a = Acc()
            a.add(1)
            out.append(a.total)
            set_attr(Acc, "add", lambda self, v: out.append(("replaced", v)))
            a.add(2)
            del_attr(Acc, "add")
            try:
                a.add(3)
            except AttributeError as e:
                out.append(str(e))
            set_attr(Acc, "add", lambda self, v: out.append(("added", v)))
            a.add(4)
            out.append(a.who())
            set_attr(Base, "who", lambda self: "base2")
            out.append(a.who())
            set_attr(Acc, "who", lambda self: "acc")
            out.append(a.who())
            set_attr(Acc, "total", property(lambda self: "prop"))
            out.append(a.total)
            del_attr(Acc, "total")
            out.append(a.total)
            set_attr(Base, "__getattr__", lambda self, name: "hook " + name)
            out.append(a.missing)
            set_attr(Base, "__setattr__", lambda self, name, v: out.append(("set", name, v)))
            a.total = 9
            out.append(a.total)
            return out
    }
}

/// What python3 prints for `through_dict()` written with `setattr` and
/// `delattr`.
const EXPECTED: &str = "[1, ('replaced', 2), \"'Acc' object has no attribute 'add'\", \
    ('added', 4), 'base', 'base2', 'acc', 'prop', 1, 'hook missing', ('set', 'total', 9), 1]";

fn run(force_vm: bool) -> String {
    std::thread::spawn(move || {
        py_fn::set_force_vm(force_vm);
        python::through_dict.call(()).unwrap().repr()
    })
    .join()
    .unwrap()
}

#[test]
fn class_dict_changes_are_seen_natively() {
    assert_eq!(run(false), EXPECTED);
}

#[test]
fn class_dict_changes_are_seen_on_the_interpreter() {
    assert_eq!(run(true), EXPECTED);
}
