//! Names and words one small edit apart: a letter dropped, two swapped, one mistyped.

use crate::text::edit_distance;

/// Two names of two words or more, the same but for one word that differs by one edit
/// (optimal string alignment: a swap of two letters is one), with its first letter kept.
pub fn near(a: &[String], b: &[String]) -> bool {
    // Middle initials ("Dora M. Vasquez") do not count.
    let full = |w: &[String]| -> Vec<String> {
        w.iter()
            .filter(|x| x.chars().count() > 1)
            .cloned()
            .collect()
    };
    let (a, b) = (&full(a)[..], &full(b)[..]);
    if a.len() != b.len() || a.len() < 2 {
        return false;
    }
    let differ: Vec<(&String, &String)> = a.iter().zip(b).filter(|(x, y)| x != y).collect();
    let [(x, y)] = differ.as_slice() else {
        return false;
    };
    // A first name with one letter changed is most often another name ("Mark", "Mary");
    // a letter dropped or two swapped is a slip ("Jonh", "Jon").
    let first_changed = std::ptr::eq(*x, &a[0]);
    let one_letter_replaced = x.chars().count() == y.chars().count()
        && x.chars().zip(y.chars()).filter(|(p, q)| p != q).count() == 1;
    near_word(x, y) && !(first_changed && one_letter_replaced)
}

/// Two words one edit apart, four letters or more, the same first letter ("Bela",
/// "Bella").
pub fn near_word(x: &str, y: &str) -> bool {
    x != y
        && x.chars().count().min(y.chars().count()) >= 4
        && x.chars().next() == y.chars().next()
        && edit_distance(x, y) <= 1
}
