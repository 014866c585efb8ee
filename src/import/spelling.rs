//! Names and words one small edit apart: a letter dropped, two swapped, one mistyped.

/// The edit distance of two short words, a swap of two neighbouring letters counting as
/// one edit (optimal string alignment), for misspellings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

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
    x.chars().count().min(y.chars().count()) >= 4
        && x.chars().next() == y.chars().next()
        && edit_distance(x, y) <= 1
}
