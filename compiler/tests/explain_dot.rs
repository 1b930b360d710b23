//! `pyfn explain --dot`: the Graphviz text parses under DOT's grammar
//! (checked here by a small parser of the language, since `dot` is not
//! installed on the build machines) and its edges are the cells python3
//! reports shared.

mod conformance_files;

use std::collections::HashSet;
use std::path::PathBuf;

use py_fn_compiler::explain::explain_source;

/// A file of `tests/fixtures/explain/`; the programs of the conformance
/// corpus (`seed_*.py`, `tN_*.py`) are read from `conformance/`.
fn fixture(name: &str) -> String {
    if let Some(case) = name
        .strip_suffix(".py")
        .filter(|c| conformance_files::is_corpus_name(c))
    {
        return conformance_files::source(case);
    }
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "explain",
        name,
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A DOT token.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// An identifier, numeral or double-quoted string (unescaped).
    Id(String),
    /// `{ } [ ] ; , =` or `->`.
    Punct(&'static str),
}

/// DOT's lexical rules: identifiers `[A-Za-z_][A-Za-z_0-9]*`, numerals,
/// double-quoted strings where `\"` is the only escape the lexer resolves.
fn tokenize(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            c if c.is_whitespace() => i += 1,
            '{' | '}' | '[' | ']' | ';' | ',' | '=' => {
                out.push(Tok::Punct(match c {
                    '{' => "{",
                    '}' => "}",
                    '[' => "[",
                    ']' => "]",
                    ';' => ";",
                    ',' => ",",
                    _ => "=",
                }));
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'>') => {
                out.push(Tok::Punct("->"));
                i += 2;
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unterminated string".into()),
                        Some('"') => break,
                        Some('\\') => {
                            let next = chars.get(i + 1).ok_or("dangling backslash")?;
                            if *next != '"' {
                                s.push('\\');
                            }
                            s.push(*next);
                            i += 2;
                        }
                        Some(&ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                i += 1;
                out.push(Tok::Id(s));
            }
            c if c.is_ascii_alphanumeric() || c == '_' || c == '.' => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let numeral = word.chars().all(|c| c.is_ascii_digit() || c == '.');
                let ident = !word.starts_with(|c: char| c.is_ascii_digit()) && !word.contains('.');
                if !numeral && !ident {
                    return Err(format!("bad ID {word}"));
                }
                out.push(Tok::Id(word));
            }
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    Ok(out)
}

/// A recursive-descent parser for DOT's grammar (graph, stmt_list,
/// node/edge/attr statements, `ID = ID`, subgraphs), collecting node ids
/// declared and edges drawn.
struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    nodes: HashSet<String>,
    edges: Vec<(String, String)>,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn punct(&mut self, p: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Punct(q)) if *q == p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, p: &str) -> Result<(), String> {
        if self.punct(p) {
            Ok(())
        } else {
            Err(format!(
                "expected {p} at token {}: {:?}",
                self.pos,
                self.peek()
            ))
        }
    }
    fn id(&mut self) -> Result<String, String> {
        match self.peek().cloned() {
            Some(Tok::Id(s)) => {
                self.pos += 1;
                Ok(s)
            }
            other => Err(format!("expected ID at token {}: {other:?}", self.pos)),
        }
    }
    fn graph(&mut self) -> Result<(), String> {
        let kw = self.id()?;
        if kw != "digraph" {
            return Err(format!("expected digraph, got {kw}"));
        }
        if matches!(self.peek(), Some(Tok::Id(_))) {
            self.id()?;
        }
        self.expect("{")?;
        self.stmt_list()?;
        self.expect("}")?;
        if self.pos != self.toks.len() {
            return Err("tokens after the graph".into());
        }
        Ok(())
    }
    fn stmt_list(&mut self) -> Result<(), String> {
        while !matches!(self.peek(), Some(Tok::Punct("}")) | None) {
            self.stmt()?;
            self.punct(";");
        }
        Ok(())
    }
    fn attr_list(&mut self) -> Result<(), String> {
        self.expect("[")?;
        while !self.punct("]") {
            self.id()?;
            self.expect("=")?;
            self.id()?;
            if !self.punct(",") {
                self.punct(";");
            }
        }
        if matches!(self.peek(), Some(Tok::Punct("["))) {
            self.attr_list()?;
        }
        Ok(())
    }
    fn stmt(&mut self) -> Result<(), String> {
        let first = self.id()?;
        match first.as_str() {
            "graph" | "node" | "edge" => return self.attr_list(),
            "subgraph" => {
                if matches!(self.peek(), Some(Tok::Id(_))) {
                    self.id()?;
                }
                self.expect("{")?;
                self.stmt_list()?;
                return self.expect("}");
            }
            _ => {}
        }
        if self.punct("=") {
            self.id()?;
            return Ok(());
        }
        let mut from = first;
        let mut is_edge = false;
        while self.punct("->") {
            let to = self.id()?;
            self.edges.push((from, to.clone()));
            from = to;
            is_edge = true;
        }
        if !is_edge {
            self.nodes.insert(from);
        }
        if matches!(self.peek(), Some(Tok::Punct("["))) {
            self.attr_list()?;
        }
        Ok(())
    }
}

/// The node ids a DOT text declares and the edges it draws.
type Graph = (HashSet<String>, Vec<(String, String)>);

/// Parses `text` as DOT; returns the declared nodes and the edges.
fn parse_dot(text: &str) -> Result<Graph, String> {
    let mut p = Parser {
        toks: tokenize(text)?,
        pos: 0,
        nodes: HashSet::new(),
        edges: Vec::new(),
    };
    p.graph()?;
    Ok((p.nodes, p.edges))
}

#[test]
fn the_checker_rejects_broken_dot() {
    assert!(parse_dot("digraph { a -> }").is_err());
    assert!(parse_dot("digraph { a [label=\"x] }").is_err());
    assert!(parse_dot("digraph { subgraph cluster_0 { a; }").is_err());
    assert!(parse_dot("digraph g { a -> b [label=\"LOAD_CLOSURE\"]; }").is_ok());
}

#[test]
fn every_fixture_gives_valid_dot_whose_edges_join_declared_nodes() {
    for case in [
        "seed_closure",
        "scopes_mix",
        "t1_basic_closure",
        "t1_closure_over_param",
        "t1_global_stmt",
        "t1_lambda_basic",
        "t1_late_binding",
        "t1_nested_qualname",
        "t1_nonlocal_counter",
        "t1_recursive_closure",
        "t1_shared_cell",
        "t2_list_comprehension",
    ] {
        let e = explain_source(&fixture(&format!("{case}.py")), case).expect("compiles");
        let dot = e.to_dot();
        let (nodes, edges) = parse_dot(&dot).unwrap_or_else(|err| panic!("{case}: {err}\n{dot}"));
        for (a, b) in &edges {
            assert!(nodes.contains(a) && nodes.contains(b), "{case}: {a} -> {b}");
        }
        // One edge per __closure__ slot of every nested function.
        let slots: usize = e
            .functions
            .iter()
            .filter(|f| f.parent.is_some())
            .map(|f| f.closure.len())
            .sum();
        assert_eq!(edges.len(), slots, "{case}");
    }
}

#[test]
fn nested_qualname_edges_follow_cpython_cells_and_freevars() {
    // python3 -c "exec(open('t1_nested_qualname.py').read())" prints
    // one cellvars: ('a',) / two cellvars: ('b',) / two freevars: ('a',)
    // three freevars: ('a', 'b') / named freevars: ('helper',)
    // and wrapper.__code__.co_cellvars == ('helper',).
    // Code objects pre-order: 0 <module>, 1 level_one, 2 level_two,
    // 3 level_three, 4 wrapper, 5 <lambda>, 6 named.
    let e = explain_source(&fixture("t1_nested_qualname.py"), "t1_nested_qualname.py")
        .expect("compiles");
    let (_, edges) = parse_dot(&e.to_dot()).expect("valid");
    let edges: Vec<(&str, &str)> = edges
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        edges,
        [
            ("f1_cell_0", "f2_free_0"),
            ("f2_free_0", "f3_free_0"),
            ("f2_cell_0", "f3_free_1"),
            ("f4_cell_0", "f6_free_0"),
        ]
    );
}
