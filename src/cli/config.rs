//! `gavel config path` and `gavel config init`.

use crate::error::{display, io_reason, Failure};

/// `gavel config path`.
pub fn config_path() -> Result<u8, Failure> {
    let path = crate::config::path()
        .ok_or_else(|| Failure::Runtime("no home directory to keep a config file in".into()))?;
    println!("{}", display(&path));
    Ok(0)
}

/// `gavel config init`: the commented default, never over an existing file unasked.
pub fn config_init(force: bool) -> Result<u8, Failure> {
    let path = crate::config::path()
        .ok_or_else(|| Failure::Runtime("no home directory to keep a config file in".into()))?;
    if path.exists() && !force {
        return Err(Failure::Input(format!(
            "{}: exists; use --force to replace it",
            display(&path)
        )));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::Runtime(format!("cannot create {}: {}", display(dir), io_reason(&e)))
        })?;
    }
    crate::fsutil::write_atomic(&path, crate::config::TEMPLATE.as_bytes()).map_err(|e| {
        Failure::Runtime(format!(
            "cannot write {}: {}",
            display(&path),
            io_reason(&e)
        ))
    })?;
    println!("{}", display(&path));
    Ok(0)
}
