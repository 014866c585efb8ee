//! ARCHITECTURE.md kept true (issue 24): every module of the crate is in its table and its
//! layer list, no module imports one listed above it, and no file imports, through a chain
//! of others, itself. Reads src/ as text: what counts is each `crate::`, `super::` and
//! `self::` path (in `use` lines or written out), outside comments and test modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file of the crate: its module path (`tui::app::act`) and its text without
/// comments and without its test module.
struct Source {
    module: Vec<String>,
    file: PathBuf,
    code: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn architecture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md is in the repository")
}

/// Every file of the library, tests left out (`tests.rs`, a `tests/` folder, `main.rs`,
/// which is the binary and imports the library by name).
fn sources() -> Vec<Source> {
    let mut out = Vec::new();
    let mut dirs = vec![src_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src/") {
            let path = entry.expect("a directory entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if name != "tests" {
                    dirs.push(path);
                }
                continue;
            }
            if !name.ends_with(".rs") || name == "tests.rs" || name == "main.rs" {
                continue;
            }
            let rel = path.strip_prefix(src_dir()).expect("under src/");
            let mut module: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).expect("read a source file");
            out.push(Source {
                module,
                code: without_tests(&without_comments(&text)),
                file: rel.to_path_buf(),
            });
        }
    }
    out.sort_by(|a, b| a.module.cmp(&b.module));
    out
}

/// The text with `//` comments blanked (doc comments name modules in prose). A `//` inside
/// a string literal is rare enough here; cutting a URL's rest of line loses no path.
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text before its `#[cfg(test)] mod tests` (test modules sit at the end of a file).
fn without_tests(text: &str) -> String {
    let mut at = 0;
    while let Some(found) = text[at..].find("#[cfg(test)]") {
        let start = at + found;
        let rest = text[start + "#[cfg(test)]".len()..].trim_start();
        if rest.starts_with("mod ") {
            return text[..start].to_string();
        }
        at = start + 1;
    }
    text.to_string()
}

/// Every path that starts with `crate::`, `super::` or `self::`, made absolute, with use
/// groups (`crate::a::{b, c::{d}}`) spread out.
fn paths(source: &Source) -> Vec<Vec<String>> {
    let code = source.code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let starts_word = i == 0 || !(code[i - 1].is_ascii_alphanumeric() || code[i - 1] == b'_');
        let root = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|r| code[i..].starts_with(r.as_bytes()));
        match root {
            Some(root) if starts_word => {
                let mut at = i;
                let mut found = Vec::new();
                tree(code, &mut at, Vec::new(), &mut found);
                for path in found {
                    out.push(absolute(&source.module, &path));
                }
                i = at.max(i + root.len());
            }
            _ => i += 1,
        }
    }
    out
}

/// Reads one use tree at `at`: segments joined by `::`, then a `{…}` group or the end.
fn tree(code: &[u8], at: &mut usize, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    loop {
        skip_space(code, at);
        let start = *at;
        while *at < code.len() && (code[*at].is_ascii_alphanumeric() || code[*at] == b'_') {
            *at += 1;
        }
        if *at > start {
            prefix.push(String::from_utf8_lossy(&code[start..*at]).into_owned());
        }
        skip_space(code, at);
        if code[*at..].starts_with(b"::") {
            *at += 2;
            skip_space(code, at);
            if code.get(*at) == Some(&b'{') {
                *at += 1;
                loop {
                    skip_space(code, at);
                    match code.get(*at) {
                        Some(b'}') | None => {
                            *at += 1;
                            return;
                        }
                        Some(b',') => *at += 1,
                        Some(_) => {
                            let before = *at;
                            tree(code, at, prefix.clone(), out);
                            // Past `as name` and anything else up to the next item.
                            while *at < code.len() && !matches!(code[*at], b',' | b'}') {
                                *at += 1;
                            }
                            if *at == before {
                                *at += 1;
                            }
                        }
                    }
                }
            }
            continue;
        }
        out.push(prefix);
        return;
    }
}

fn skip_space(code: &[u8], at: &mut usize) {
    while *at < code.len() && code[*at].is_ascii_whitespace() {
        *at += 1;
    }
}

/// `path` as seen from `module`, from the crate's root.
fn absolute(module: &[String], path: &[String]) -> Vec<String> {
    let mut segments = path.iter().peekable();
    let mut base: Vec<String> = match segments.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segments.next();
            Vec::new()
        }
        _ => module.to_vec(),
    };
    while let Some(s) = segments.peek() {
        match s.as_str() {
            "self" => {}
            "super" => {
                base.pop();
            }
            _ => break,
        }
        segments.next();
    }
    base.extend(segments.cloned());
    base
}

/// The file a path lands in: the longest of its prefixes that is a module of the crate.
fn owner<'a>(modules: &'a BTreeSet<Vec<String>>, path: &[String]) -> Option<&'a Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| modules.get(&path[..n].to_vec()))
}

/// Module → the other modules of the crate it names.
fn imports(sources: &[Source]) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    sources
        .iter()
        .map(|s| {
            let targets = paths(s)
                .iter()
                .filter_map(|p| owner(&modules, p))
                .filter(|t| **t != s.module)
                .cloned()
                .collect();
            (s.module.clone(), targets)
        })
        .collect()
}

/// The layer list in ARCHITECTURE.md: the numbered lines under "## Layer list", from the
/// top, each naming one top-level module in backticks.
fn layer_list() -> Vec<String> {
    let doc = architecture();
    let section = doc
        .split("\n## Layer list")
        .nth(1)
        .expect("ARCHITECTURE.md has a \"## Layer list\" section");
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| {
            l.trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .filter_map(|l| l.split('`').nth(1).map(str::to_string))
        .collect()
}

fn top_level_modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src_dir().join("lib.rs")).expect("read src/lib.rs");
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').to_string())
        .collect()
}

#[test]
fn every_module_is_in_the_layer_list_and_the_table() {
    let layers = layer_list();
    let doc = architecture();
    for module in top_level_modules() {
        assert!(
            layers.contains(&module),
            "`{module}` is not in ARCHITECTURE.md's layer list"
        );
        let file = format!("`src/{module}.rs`");
        let dir = format!("`src/{module}/`");
        assert!(
            doc.contains(&file) || doc.contains(&dir),
            "ARCHITECTURE.md's table has no row for {file} or {dir}"
        );
    }
    for listed in &layers {
        assert!(
            top_level_modules().contains(listed),
            "ARCHITECTURE.md's layer list names `{listed}`, which src/lib.rs does not declare"
        );
    }
}

#[test]
fn no_module_imports_one_above_it() {
    let layers = layer_list();
    let rank = |m: &[String]| {
        m.first()
            .and_then(|top| layers.iter().position(|l| l == top))
            .unwrap_or(usize::MAX)
    };
    let mut wrong = Vec::new();
    for (from, targets) in imports(&sources()) {
        for to in targets {
            let (a, b) = (rank(&from), rank(&to));
            if from.first() != to.first() && a >= b {
                wrong.push(format!("{} uses {}", from.join("::"), to.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against ARCHITECTURE.md's layer list (a module uses only those listed below \
         it):\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn no_file_imports_itself_through_others() {
    let graph = imports(&sources());
    // Depth-first search; a back edge is a circle.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        at: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        marks: &mut BTreeMap<Vec<String>, Mark>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<String>> {
        marks.insert(at.clone(), Mark::Open);
        stack.push(at.clone());
        for next in graph.get(at).into_iter().flatten() {
            match marks.get(next) {
                Some(Mark::Open) => {
                    let from = stack.iter().position(|m| m == next).unwrap_or(0);
                    let mut circle: Vec<String> =
                        stack[from..].iter().map(|m| m.join("::")).collect();
                    circle.push(next.join("::"));
                    return Some(circle);
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(circle) = visit(next, graph, marks, stack) {
                        return Some(circle);
                    }
                }
            }
        }
        stack.pop();
        marks.insert(at.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for module in graph.keys() {
        if !marks.contains_key(module) {
            let circle = visit(module, &graph, &mut marks, &mut Vec::new());
            assert!(
                circle.is_none(),
                "an import circle: {}",
                circle.unwrap().join(" → ")
            );
        }
    }
}

/// The reader itself: groups, `super`, `self` and comments.
#[test]
fn paths_are_read_as_the_compiler_reads_them() {
    let source = Source {
        module: vec!["tui".into(), "app".into(), "act".into()],
        file: PathBuf::from("tui/app/act.rs"),
        code: without_comments(
            "use crate::{meeting::{Event, Phase}, clerk as c};\n\
             use super::super::keys::Action; // crate::share::Role\n\
             let x = self::inner::f();\n",
        ),
    };
    let found: Vec<String> = paths(&source).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        [
            "meeting::Event",
            "meeting::Phase",
            "clerk",
            "tui::keys::Action",
            "tui::app::act::inner::f"
        ]
    );
    assert_eq!(source.file, PathBuf::from("tui/app/act.rs"));
    assert_eq!(
        without_tests("fn a() {}\n#[cfg(test)]\nmod tests { use crate::x; }\n"),
        "fn a() {}\n"
    );
}

/// Issue 24 item 3: the app's update does no I/O. Its files (`src/tui/app/`) read no clock,
/// open no file or socket and never have the clerk write: those are the loop's, asked for
/// as `Effect`s (`Effect::Save` for the journal) and answered as inputs. What the files say
/// in comments and tests does not count.
#[test]
fn the_app_does_no_io() {
    const FORBIDDEN: [&str; 12] = [
        "std::fs",
        "std::net::Tcp",
        "std::net::Udp",
        "std::io::Write",
        "File::",
        "OpenOptions",
        "Utc::now(",
        "Instant::now(",
        "SystemTime",
        ".write_pending(",
        "clerk.save_draft(",
        "Command::new(",
    ];
    let app: Vec<Source> = sources()
        .into_iter()
        .filter(|s| {
            s.module
                .starts_with(&["tui".to_string(), "app".to_string()])
        })
        .collect();
    assert!(app.len() >= 5, "src/tui/app/ was read: {} files", app.len());
    let mut found = Vec::new();
    for source in &app {
        for word in FORBIDDEN {
            if source.code.contains(word) {
                found.push(format!("{}: {word}", source.file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "I/O inside the app's update (make it an Effect the loop carries out): {found:?}"
    );
}

/// Issue 24 item 5 and issue 26: no source file over 1,000 lines before its tests, so a
/// file that grows past it is split by job before it lands.
#[test]
fn no_source_file_is_over_a_thousand_lines_before_its_tests() {
    let mut over = Vec::new();
    for source in sources() {
        let text =
            std::fs::read_to_string(src_dir().join(&source.file)).expect("read a source file");
        let lines = text
            .lines()
            .take_while(|l| l.trim() != "#[cfg(test)]")
            .count();
        if lines > 1_000 {
            over.push(format!("{}: {lines} lines", source.file.display()));
        }
    }
    assert!(over.is_empty(), "split these by job: {over:?}");
}
