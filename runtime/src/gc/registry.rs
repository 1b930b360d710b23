//! The per-thread registry of tracked objects, in three generations as
//! CPython's: new objects go to generation 0; each collection of a
//! generation moves its survivors one generation up. Counts and thresholds
//! follow `Modules/gcmodule.c` (`_PyObject_GC_Link`,
//! `gc_collect_generations`, `gc_collect_main`):
//!
//! * every tracked allocation adds one to generation 0's count; when it
//!   exceeds threshold 0 (700), the oldest generation whose count exceeds
//!   its threshold is collected, with the younger ones;
//! * collecting generation `g` adds one to the count of `g + 1` and resets
//!   the counts of `0..=g`;
//! * generation 2 is collected only when the objects moved into it since
//!   the last full collection are more than a quarter of those that
//!   survived it (`long_lived_pending > long_lived_total / 4`).
//!
//! CPython also subtracts one from generation 0's count when a tracked
//! object is freed; an `Rc` has no hook for that, so here the count is of
//! allocations only and automatic collections come a little more often.

use std::cell::RefCell;

use super::collect;
use super::object::{Obj, Tracked};

/// CPython's number of generations.
pub(crate) const GENERATIONS: usize = 3;

/// How many entries of the oldest generation each collection checks for
/// objects already freed (their handles are dropped, which releases what is
/// left of their allocation).
const SWEEP_BUDGET: usize = 1024;

/// Generation 0's buffer is kept across collections unless it grew past
/// this many handles (a collection of older generations appends them to
/// it).
const YOUNG_KEEP: usize = 1 << 16;

struct State {
    gens: [Vec<Tracked>; GENERATIONS],
    count: [usize; GENERATIONS],
    threshold: [i32; GENERATIONS],
    enabled: bool,
    collecting: bool,
    long_lived_total: usize,
    long_lived_pending: usize,
    /// Where the next sweep of the oldest generation starts.
    sweep_at: usize,
}

thread_local! {
    static STATE: RefCell<State> = const {
        RefCell::new(State {
            gens: [Vec::new(), Vec::new(), Vec::new()],
            count: [0; GENERATIONS],
            threshold: [700, 10, 10],
            enabled: true,
            collecting: false,
            long_lived_total: 0,
            long_lived_pending: 0,
            sweep_at: 0,
        })
    };
}

/// Runs `f` on the registry; `None` while the thread is shutting down (or,
/// which never happens, while the registry is already borrowed).
fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    STATE
        .try_with(|s| s.try_borrow_mut().ok().map(|mut s| f(&mut s)))
        .ok()
        .flatten()
}

/// Records a new tracked object in generation 0. Its allocation counts
/// towards threshold 0, and crossing it collects first, as CPython does
/// when it allocates a container (the new object is not part of that
/// collection: it is the caller's, so it is reachable anyway).
///
/// Out of line: the constructors that call it stay small enough to be
/// inlined into generated code.
#[inline(never)]
pub(crate) fn track(handle: Tracked) {
    let pending = with_state(|s| {
        s.count[0] = s.count[0].saturating_add(1);
        let t0 = s.threshold[0];
        if t0 != 0 && s.enabled && !s.collecting && exceeds(s.count[0], t0) {
            return Some(handle);
        }
        push_young(s, handle);
        None
    });
    if let Some(Some(handle)) = pending {
        collect_generations();
        with_state(|s| push_young(s, handle));
    }
}

#[inline]
fn push_young(s: &mut State, handle: Tracked) {
    let young = &mut s.gens[0];
    if young.capacity() == 0 {
        // Once, so that tracking does not allocate as generation 0 fills
        // up (its buffer is kept across collections).
        let t0 = usize::try_from(s.threshold[0]).unwrap_or(0);
        young.reserve(t0.clamp(64, 1 << 16) + 1);
    }
    young.push(handle);
}

/// `count > threshold` with CPython's `int` threshold.
fn exceeds(count: usize, threshold: i32) -> bool {
    i64::try_from(count).unwrap_or(i64::MAX) > i64::from(threshold)
}

/// `gc_collect_generations`: collects the oldest generation whose count
/// exceeds its threshold.
fn collect_generations() {
    let generation = with_state(|s| {
        (0..GENERATIONS).rev().find(|&g| {
            exceeds(s.count[g], s.threshold[g])
                && !(g == GENERATIONS - 1 && s.long_lived_pending < s.long_lived_total / 4)
        })
    })
    .flatten();
    if let Some(g) = generation {
        collect_generation(g, false);
    }
}

/// `gc_collect_main`: collects generations `0..=generation` and, if
/// `count`, returns how many unreachable objects it found (`0` if a
/// collection is already running on this thread).
pub(crate) fn collect_generation(generation: usize, count: bool) -> usize {
    let generation = generation.min(GENERATIONS - 1);
    // Generation 0's list itself is handed to the collection (and comes
    // back empty, its buffer kept); older ones are appended to it.
    let entries = with_state(|s| {
        if s.collecting {
            return None;
        }
        s.collecting = true;
        if let Some(next) = s.count.get_mut(generation + 1) {
            *next = next.saturating_add(1);
        }
        for c in s.count.iter_mut().take(generation + 1) {
            *c = 0;
        }
        let mut entries = std::mem::take(&mut s.gens[0]);
        for list in s.gens.iter_mut().take(generation + 1).skip(1) {
            entries.append(list);
        }
        Some(entries)
    })
    .flatten();
    let Some(mut entries) = entries else {
        return 0;
    };
    let collect::Outcome {
        survivors,
        found,
        held,
    } = collect::run(&mut entries, count);
    let dead = with_state(|s| {
        let target = (generation + 1).min(GENERATIONS - 1);
        if generation == GENERATIONS - 2 {
            s.long_lived_pending = s.long_lived_pending.saturating_add(survivors.len());
        } else if generation == GENERATIONS - 1 {
            s.long_lived_pending = 0;
            s.long_lived_total = survivors.len();
        }
        if let Some(list) = s.gens.get_mut(target) {
            list.extend(survivors);
        }
        // The emptied list (with its buffer, unless a big collection grew
        // it) is generation 0 again; the few objects tracked during the
        // collection go into it.
        let young = if entries.capacity() > YOUNG_KEEP {
            Vec::new()
        } else {
            entries
        };
        let during = std::mem::replace(&mut s.gens[0], young);
        s.gens[0].extend(during);
        let dead = sweep(s);
        s.collecting = false;
        dead
    });
    // The garbage is freed here, with the registry consistent again.
    let mut held: Vec<Obj> = held;
    held.clear();
    collect::recycle(held);
    drop(dead);
    found
}

/// Takes out of the oldest generation up to [`SWEEP_BUDGET`] handles on
/// objects already freed, so that a generation that is seldom collected
/// does not keep their allocations.
fn sweep(s: &mut State) -> Vec<Tracked> {
    let mut dead = Vec::new();
    let Some(old) = s.gens.last_mut() else {
        return dead;
    };
    let mut i = s.sweep_at;
    for _ in 0..SWEEP_BUDGET {
        if old.is_empty() {
            break;
        }
        if i >= old.len() {
            i = 0;
        }
        if old.get(i).is_some_and(Tracked::is_dead) {
            dead.push(old.swap_remove(i));
        } else {
            i += 1;
        }
    }
    s.sweep_at = i;
    dead
}

/// `gc.enable()` / `gc.disable()`.
pub(crate) fn set_enabled(on: bool) {
    with_state(|s| s.enabled = on);
}

/// `gc.isenabled()`.
pub(crate) fn is_enabled() -> bool {
    with_state(|s| s.enabled).unwrap_or(false)
}

/// `gc.get_count()`.
pub(crate) fn count() -> [usize; GENERATIONS] {
    with_state(|s| s.count).unwrap_or_default()
}

/// `gc.get_threshold()`.
pub(crate) fn threshold() -> [i32; GENERATIONS] {
    with_state(|s| s.threshold).unwrap_or_default()
}

/// `gc.set_threshold(...)`: `None` leaves a threshold as it is.
pub(crate) fn set_threshold(t: [Option<i32>; GENERATIONS]) {
    with_state(|s| {
        for (slot, new) in s.threshold.iter_mut().zip(t) {
            if let Some(new) = new {
                *slot = new;
            }
        }
    });
}

/// The generation whose list holds a handle on the object at `addr`.
pub(crate) fn generation_of(addr: usize) -> Option<usize> {
    with_state(|s| {
        s.gens
            .iter()
            .position(|g| g.iter().any(|h| h.addr() == addr && !h.is_dead()))
    })
    .flatten()
}

/// How many live objects the registry tracks.
pub(crate) fn tracked_len() -> usize {
    with_state(|s| s.gens.iter().flatten().filter(|h| !h.is_dead()).count()).unwrap_or(0)
}
