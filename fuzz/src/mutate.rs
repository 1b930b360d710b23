//! Mutations of corpus programs: character- and token-level edits, splices,
//! truncations, indentation changes, deep nesting, huge literals and random
//! unicode. Every mutation returns valid UTF-8 (the front end takes `&str`).

use crate::rng::Rng;

/// Tokens (and token-like fragments) inserted or substituted by token-level
/// mutations.
const DICTIONARY: &[&str] = &[
    "def",
    "lambda",
    "nonlocal",
    "global",
    "return",
    "if",
    "elif",
    "else",
    "while",
    "for",
    "in",
    "break",
    "continue",
    "pass",
    "not",
    "and",
    "or",
    "is",
    "None",
    "True",
    "False",
    "yield",
    "class",
    "try",
    "except",
    "finally",
    "with",
    "async",
    "await",
    "del",
    "import",
    "from",
    "as",
    "raise",
    "assert",
    "match",
    "case",
    "_",
    "print",
    "type",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ";",
    ".",
    "...",
    "=",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "&",
    "|",
    "^",
    "~",
    "<<",
    ">>",
    "->",
    ":=",
    "+=",
    "-=",
    "*=",
    "/=",
    "//=",
    "%=",
    "**=",
    "@=",
    "&=",
    "|=",
    "^=",
    ">>=",
    "<<=",
    "\\\n",
    "\n",
    "\t",
    "    ",
    "#",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "f\"{x}\"",
    "b\"x\"",
    "r\"\\\"",
    "0x",
    "1e",
    "1_",
    "0b2",
    "1j",
    "07",
    "x",
    "__class__",
    "__debug__",
    "*args",
    "**kw",
    "lambda x: x",
    "\r",
    "\x0c",
    "\u{feff}",
    "\\",
    "0",
    "1.5",
    "\"s\"",
    "x, y",
    "*",
    "!",
    "$",
    "?",
    "`",
    "\r\n",
    "f(",
    "def f():\n",
    "if x:\n",
    "nonlocal x",
    "global x",
    "nonlocal x\n",
    "global x\n",
    "return x",
    "print(",
    "1e400",
    "99999999999999999999999",
    "__qualname__",
    "cell_contents",
    "__defaults__",
];

/// Characters chosen by character-level mutations.
const CHARS: &[char] = &[
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    ':',
    '\n',
    ' ',
    '\t',
    '\\',
    '"',
    '\'',
    '#',
    '=',
    ',',
    '*',
    '@',
    '\r',
    '\x0c',
    '.',
    '-',
    '+',
    '0',
    '9',
    'x',
    '_',
    'e',
    'j',
    'é',
    '\u{feff}',
    '\u{2028}',
    '\u{85}',
    '\u{200b}',
    '\u{301}',
    'ｘ',
    '𝔁',
    '🐍',
    '\u{ffff}',
    '\u{10ffff}',
    '\u{1}',
    '\0',
];

/// Random unicode: a code point from a few interesting planes.
fn random_char(rng: &mut Rng) -> char {
    let cp = match rng.below(6) {
        0 => rng.below(0x80) as u32,
        1 => 0x80 + rng.below(0x780) as u32,
        2 => 0x800 + rng.below(0xF800) as u32,
        3 => 0x10000 + rng.below(0x100000) as u32,
        4 => *rng
            .pick(&[
                0x2028u32, 0x2029, 0x85, 0xa0, 0x3000, 0x200b, 0xfeff, 0x1d4d0, 0x2160, 0x0660,
            ])
            .unwrap_or(&0xa0),
        _ => 0x300 + rng.below(0x70) as u32,
    };
    char::from_u32(cp).unwrap_or('\u{fffd}')
}

/// A crude lexing into character ranges: identifiers, numbers, strings
/// (to the matching quote on the line), whitespace runs, single characters.
fn token_spans(text: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        let start = i;
        i += 1;
        if c.is_alphanumeric() || c == '_' {
            while i < text.len() && (text[i].is_alphanumeric() || text[i] == '_') {
                i += 1;
            }
        } else if c == '"' || c == '\'' {
            while i < text.len() && text[i] != c && text[i] != '\n' {
                i += 1;
            }
            if i < text.len() && text[i] == c {
                i += 1;
            }
        } else if c == ' ' || c == '\t' {
            while i < text.len() && (text[i] == ' ' || text[i] == '\t') {
                i += 1;
            }
        }
        spans.push((start, i));
    }
    spans
}

/// A deeply nested or very long construct of about `n` levels.
pub fn deep_snippet(rng: &mut Rng, n: usize) -> String {
    let rep = |s: &str, k: usize| s.repeat(k);
    match rng.below(18) {
        0 => format!("{}1{}", rep("(", n), rep(")", n)),
        1 => format!("{}1", rep("-", n)),
        2 => format!("{}x", rep("not ", n)),
        3 => format!("{}1{}", rep("[", n), rep("]", n)),
        4 => format!("{}1{}", rep("{1: ", n), rep("}", n)),
        5 => format!("x{}", rep(".a", n)),
        6 => format!("f{}", rep("()", n)),
        7 => format!("x{}", rep("[0]", n)),
        8 => format!("1{}", rep(" + 1", n)),
        9 => format!("{}1", rep("lambda: ", n)),
        10 => format!("{}0", rep("1 if x else ", n)),
        11 => format!("x{}", rep(" < x", n)),
        12 => format!("x{}", rep(" and x", n)),
        13 => format!("{}x", rep("x = ", n)),
        14 => format!("2{}", rep(" ** 2", n)),
        15 => format!("{}1", rep("+~", n)),
        16 => format!("({}1,)", rep("(", n)),
        _ => format!("f({}1{})", rep("f(", n), rep(")", n)),
    }
}

/// Nested blocks: `def`s, `if`s, `while`s, `class`es or generator `def`s
/// `n` levels deep.
pub fn deep_blocks(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    let kind = rng.below(6);
    for i in 0..n {
        s.push_str(&" ".repeat(i));
        match kind {
            0 => s.push_str(&format!("def f{i}(x):\n")),
            1 => s.push_str("if x:\n"),
            2 => s.push_str("while x:\n"),
            3 => s.push_str(&format!("class C{i}:\n")),
            4 => s.push_str(&format!("def f{i}():\n{}yield x\n", " ".repeat(i + 1))),
            _ => s.push_str(&format!("def f{i}():\n{}nonlocal x\n", " ".repeat(i + 1))),
        }
    }
    s.push_str(&" ".repeat(n));
    s.push_str("return x\n");
    s
}

/// A huge literal of about `n` characters.
pub fn huge_literal(rng: &mut Rng, n: usize) -> String {
    match rng.below(7) {
        0 => format!("1{}", "0".repeat(n)),
        1 => format!("\"{}\"", "a".repeat(n)),
        2 => format!("0x{}", "f".repeat(n)),
        3 => format!("1.{}e{}", "5".repeat(n), rng.below(1000)),
        4 => format!("x{}", "x".repeat(n)),
        5 => format!("\"{}\"", "é\\n".repeat(n / 3 + 1)),
        _ => format!("\"\"\"{}\"\"\"", "line\n".repeat(n / 5 + 1)),
    }
}

/// One random mutation of `text`; `other` is a second program for splices.
pub fn mutate_once(rng: &mut Rng, text: &str, other: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    match rng.below(17) {
        0 => {
            // Replace a character.
            if len > 0 {
                let i = rng.below(len);
                chars[i] = *rng.pick(CHARS).unwrap_or(&' ');
            }
        }
        1 => {
            let i = rng.below(len + 1);
            let c = *rng.pick(CHARS).unwrap_or(&' ');
            chars.insert(i, c);
        }
        2 => {
            // Delete a range.
            if len > 0 {
                let i = rng.below(len);
                let n = rng.log_size(6).min(len - i);
                chars.drain(i..i + n);
            }
        }
        3 => {
            // Duplicate a range.
            if len > 0 {
                let i = rng.below(len);
                let n = rng.log_size(7).min(len - i);
                let piece: Vec<char> = chars[i..i + n].to_vec();
                let at = rng.below(len + 1);
                chars.splice(at..at, piece);
            }
        }
        4..=6 => return mutate_tokens(rng, &chars),
        7 => {
            // Truncate.
            let i = rng.below(len + 1);
            chars.truncate(i);
        }
        8 | 9 => return mutate_indentation(rng, text),
        10 => return mutate_lines(rng, text),
        11 => {
            let i = rng.below(len + 1);
            for k in 0..rng.range(1, 3) {
                let c = random_char(rng);
                chars.insert((i + k).min(chars.len()), c);
            }
        }
        12 => {
            let n = rng.log_size(7);
            let snippet = deep_snippet(rng, n);
            let i = rng.below(len + 1);
            chars.splice(i..i, snippet.chars());
        }
        13 => {
            let n = rng.log_size(10);
            let lit = huge_literal(rng, n);
            let spans = token_spans(&chars);
            match rng.pick(&spans) {
                Some(&(a, b)) => {
                    chars.splice(a..b, lit.chars());
                }
                None => chars.extend(lit.chars()),
            }
        }
        14 => return splice(rng, text, other),
        15 => {
            // Insert a line range of the other program.
            let lines: Vec<&str> = other.split_inclusive('\n').collect();
            let a = rng.below(lines.len() + 1);
            let b = rng.range(a, (a + 8).min(lines.len()));
            let piece: String = lines.get(a..b).map(|l| l.concat()).unwrap_or_default();
            let mine: Vec<&str> = text.split_inclusive('\n').collect();
            let at = rng.below(mine.len() + 1);
            let mut out = String::new();
            for (k, l) in mine.iter().enumerate() {
                if k == at {
                    out.push_str(&piece);
                }
                out.push_str(l);
            }
            if at == mine.len() {
                out.push_str(&piece);
            }
            return out;
        }
        _ => {
            // Swap two characters far apart.
            if len > 1 {
                let i = rng.below(len);
                let j = rng.below(len);
                chars.swap(i, j);
            }
        }
    }
    chars.into_iter().collect()
}

/// Token-level edits: replace, delete, duplicate, swap, insert.
fn mutate_tokens(rng: &mut Rng, chars: &[char]) -> String {
    let spans = token_spans(chars);
    let mut pieces: Vec<String> = spans
        .iter()
        .map(|&(a, b)| chars[a..b].iter().collect())
        .collect();
    let n = pieces.len();
    let word = (*rng.pick(DICTIONARY).unwrap_or(&"x")).to_string();
    match rng.below(5) {
        0 if n > 0 => {
            let i = rng.below(n);
            pieces[i] = word;
        }
        1 if n > 0 => {
            let i = rng.below(n);
            pieces.remove(i);
        }
        2 if n > 0 => {
            let i = rng.below(n);
            let p = pieces[i].clone();
            pieces.insert(rng.below(n + 1), p);
        }
        3 if n > 1 => {
            let i = rng.below(n);
            let j = rng.below(n);
            pieces.swap(i, j);
        }
        _ => {
            let i = rng.below(n + 1);
            let sep = if rng.chance(1, 2) { " " } else { "" };
            pieces.insert(i, format!("{sep}{word}{sep}"));
        }
    }
    pieces.concat()
}

/// Indentation changes on one or more lines.
fn mutate_indentation(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let n = lines.len();
    for _ in 0..rng.range(1, 3) {
        let i = rng.below(n);
        let Some(line) = lines.get_mut(i) else {
            continue;
        };
        let body = line.trim_start_matches([' ', '\t', '\x0c']).to_string();
        let indent_len = line.len() - body.len();
        let indent = line[..indent_len].to_string();
        let new_indent = match rng.below(7) {
            0 => String::new(),
            1 => format!("{indent} "),
            2 => format!("{indent}\t"),
            3 => indent.replace("    ", "\t"),
            4 => indent.replace('\t', "        "),
            5 => format!("\x0c{indent}"),
            _ => indent.chars().skip(1).collect(),
        };
        *line = format!("{new_indent}{body}");
    }
    if rng.chance(1, 10) {
        // Re-indent everything under a common prefix.
        let prefix = if rng.chance(1, 2) { " " } else { "\t" };
        lines = lines.into_iter().map(|l| format!("{prefix}{l}")).collect();
    }
    lines.join("\n")
}

/// Line-level edits: swap, duplicate, delete, join lines.
fn mutate_lines(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let n = lines.len();
    let i = rng.below(n);
    let j = rng.below(n);
    match rng.below(4) {
        0 => lines.swap(i, j),
        1 => {
            let l = lines.get(i).copied().unwrap_or("");
            lines.insert(j, l);
        }
        2 => {
            lines.remove(i);
        }
        _ => {
            let sep = *rng.pick(&[";", " ", "\\\n", "\r", "\r\n"]).unwrap_or(&";");
            let mut out = String::new();
            for (k, l) in lines.iter().enumerate() {
                out.push_str(l);
                if k + 1 < n {
                    out.push_str(if k == i { sep } else { "\n" });
                }
            }
            return out;
        }
    }
    lines.join("\n")
}

/// A prefix of `a` followed by a suffix of `b` (cut at lines or characters).
pub fn splice(rng: &mut Rng, a: &str, b: &str) -> String {
    if rng.chance(1, 2) {
        let la: Vec<&str> = a.split_inclusive('\n').collect();
        let lb: Vec<&str> = b.split_inclusive('\n').collect();
        let i = rng.below(la.len() + 1);
        let j = rng.below(lb.len() + 1);
        let mut out: String = la.get(..i).map(|x| x.concat()).unwrap_or_default();
        out.push_str(&lb.get(j..).map(|x| x.concat()).unwrap_or_default());
        out
    } else {
        let ca: Vec<char> = a.chars().collect();
        let cb: Vec<char> = b.chars().collect();
        let i = rng.below(ca.len() + 1);
        let j = rng.below(cb.len() + 1);
        ca[..i].iter().chain(cb[j..].iter()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_deterministic() {
        let src = "def f(x):\n    def g():\n        nonlocal x\n        x += 1\n    return g\n";
        for i in 0..500 {
            let a = mutate_once(&mut Rng::for_input(1, i), src, "print(1)\n");
            let b = mutate_once(&mut Rng::for_input(1, i), src, "print(1)\n");
            assert_eq!(a, b);
        }
    }
}
