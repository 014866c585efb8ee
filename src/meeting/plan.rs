//! `/rebalance`: new time boxes for the items left so that the meeting ends on time.

use super::{ItemStatus, Meeting};
use crate::agenda::Secs;
use chrono::{DateTime, Utc};

/// No item is planned below this, however late the meeting runs.
pub const FLOOR_MINUTES: i64 = 2;

/// Proposes new time boxes, in whole minutes, for the running item and every pending item
/// that is not `fixed`, proportional to what each had left, so that they fill the time until
/// the planned end. Returns (item position, new time box in seconds), in item order.
pub fn rebalance_plan(meeting: &Meeting, now: DateTime<Utc>) -> Result<Vec<(usize, Secs)>, String> {
    if meeting.started_at.is_none() || meeting.ended_at.is_some() {
        return Err("rebalancing needs a running meeting".into());
    }
    let mut fixed_left = 0;
    let mut flexible: Vec<(usize, Secs, Secs)> = Vec::new(); // (item, used, planned left)
    for (i, item) in meeting.items.iter().enumerate() {
        let live = item.status == ItemStatus::Pending
            || (item.status == ItemStatus::Running && meeting.current == Some(i));
        if !live {
            continue;
        }
        let used = item.used_at(now);
        let left = (item.timebox - used).max(0);
        if item.fixed {
            fixed_left += left;
        } else {
            flexible.push((i, used, left));
        }
    }
    if flexible.is_empty() {
        return Err("no item left that can be rebalanced (fixed items keep their time)".into());
    }
    let until_end = (meeting.planned_end() - now).num_seconds();
    let available = ((until_end - fixed_left).max(0)) / 60;
    let weights: Vec<i64> = flexible.iter().map(|&(_, _, left)| left.max(60)).collect();
    let minutes = share_with_floor(available, &weights, FLOOR_MINUTES);
    Ok(flexible
        .iter()
        .zip(minutes)
        // A meeting far from its planned end is given at most the longest time box.
        .map(|(&(i, used, _), m)| (i, (used + m * 60).min(crate::agenda::MAX_DURATION_SECS)))
        .collect())
}

/// Splits `total` whole minutes in proportion to `weights`, none below `floor`, summing to
/// exactly `total` when `total` allows every share its floor (otherwise all get the floor).
pub fn share_with_floor(total: i64, weights: &[i64], floor: i64) -> Vec<i64> {
    let n = weights.len();
    if total <= floor * n as i64 {
        return vec![floor; n];
    }
    let mut at_floor = vec![false; n];
    loop {
        let pool = total - floor * at_floor.iter().filter(|f| **f).count() as i64;
        let weight: i64 = (0..n).filter(|&i| !at_floor[i]).map(|i| weights[i]).sum();
        let exact: Vec<f64> = (0..n)
            .map(|i| {
                if at_floor[i] {
                    floor as f64
                } else {
                    pool as f64 * weights[i] as f64 / weight.max(1) as f64
                }
            })
            .collect();
        let newly: Vec<usize> = (0..n)
            .filter(|&i| !at_floor[i] && exact[i] < floor as f64)
            .collect();
        if newly.is_empty() {
            return round_to_total(&exact, total, &at_floor);
        }
        for i in newly {
            at_floor[i] = true;
        }
    }
}

/// Largest-remainder rounding so the whole minutes add up to `total`.
fn round_to_total(exact: &[f64], total: i64, pinned: &[bool]) -> Vec<i64> {
    let mut out: Vec<i64> = exact.iter().map(|x| x.floor() as i64).collect();
    let mut short = total - out.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..exact.len()).filter(|&i| !pinned[i]).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.partial_cmp(&ra)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    for i in order.iter().cycle().take(order.len() * 2) {
        if short <= 0 {
            break;
        }
        out[*i] += 1;
        short -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_sum_to_the_total_and_respect_the_floor() {
        let s = share_with_floor(30, &[600, 600, 60], 2);
        assert_eq!(s.iter().sum::<i64>(), 30);
        assert!(s.iter().all(|m| *m >= 2));
        assert_eq!(s[0], s[1]);
    }

    #[test]
    fn too_little_time_gives_everyone_the_floor() {
        assert_eq!(share_with_floor(3, &[600, 600], 2), vec![2, 2]);
    }

    #[test]
    fn a_tiny_item_is_lifted_to_the_floor_and_the_rest_rescaled() {
        let s = share_with_floor(20, &[60, 1140], 2);
        assert_eq!(s, vec![2, 18]);
    }
}
