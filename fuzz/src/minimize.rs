//! A small delta-debugging minimiser: removes line chunks, then character
//! chunks, while a predicate (the same panic location, say) still holds.

/// Shrinks `text` while `keep` holds, trying at most `budget` candidates.
pub fn minimize(text: &str, budget: usize, mut keep: impl FnMut(&str) -> bool) -> String {
    let mut best = text.to_string();
    let mut tries = 0;
    for unit_lines in [true, false] {
        let mut chunk = {
            let n = units(&best, unit_lines).len();
            (n / 2).max(1)
        };
        loop {
            let mut progress = false;
            let mut start = 0;
            loop {
                let parts = units(&best, unit_lines);
                if start >= parts.len() || tries >= budget {
                    break;
                }
                let end = (start + chunk).min(parts.len());
                let candidate: String = parts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i < start || *i >= end)
                    .map(|(_, p)| p.as_str())
                    .collect();
                tries += 1;
                if keep(&candidate) {
                    best = candidate;
                    progress = true;
                } else {
                    start += chunk;
                }
            }
            if tries >= budget {
                break;
            }
            if !progress {
                if chunk == 1 {
                    break;
                }
                chunk /= 2;
            }
        }
    }
    best
}

fn units(text: &str, lines: bool) -> Vec<String> {
    if lines {
        text.split_inclusive('\n').map(str::to_string).collect()
    } else {
        text.chars().map(String::from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::minimize;

    #[test]
    fn keeps_the_needle() {
        let text = "a\nb\nneedle\nc\nd\n";
        let m = minimize(text, 1000, |t| t.contains("needle"));
        assert_eq!(m, "needle");
    }
}
