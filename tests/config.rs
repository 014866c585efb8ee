//! The config file through the real binary: where it is, `config init`, every honoured key,
//! and a bad file reported with FILE:LINE:COL while gavel goes on with the defaults.

use std::path::Path;
use std::process::{Command, Output};

fn gavel(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("GAVEL_CONFIG", config)
        .env_remove("GAVEL_DATA_DIR")
        .output()
        .expect("gavel runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn path_and_init() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sub/config.toml");
    let out = gavel(&config, &["config", "path"]);
    assert_eq!(text(&out.stdout).trim(), config.display().to_string());
    assert_eq!(gavel(&config, &["config", "init"]).status.code(), Some(0));
    assert!(std::fs::read_to_string(&config)
        .unwrap()
        .contains("# moderator ="));
    assert_eq!(
        gavel(&config, &["config", "init"]).status.code(),
        Some(2),
        "no overwrite"
    );
    assert_eq!(
        gavel(&config, &["config", "init", "--force"]).status.code(),
        Some(0)
    );
}

#[test]
fn keys_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "moderator = \"Rosa Delgado\"\nformat = \"json\"\n").unwrap();
    let new = text(&gavel(&config, &["new"]).stdout);
    assert!(new.contains("moderator = \"Rosa Delgado\""), "{new}");
    let out = gavel(
        &config,
        &[
            "replay",
            "agendas/steering-committee.toml",
            "tests/transcripts/steering-committee.txt",
        ],
    );
    assert!(
        text(&out.stdout).starts_with('{'),
        "JSON by default from the config"
    );
    let md = gavel(
        &config,
        &[
            "replay",
            "agendas/steering-committee.toml",
            "tests/transcripts/steering-committee.txt",
            "--format",
            "md",
        ],
    );
    assert!(
        text(&md.stdout).starts_with("<!--"),
        "--format wins over the config"
    );
}

#[test]
fn a_bad_config_is_reported_and_the_defaults_apply() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "format = \"pdf\"\n").unwrap();
    let out = gavel(&config, &["new"]);
    assert_eq!(out.status.code(), Some(0), "gavel still runs");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("config.toml:1:10: error: `format` must be"),
        "{stderr}"
    );
    assert!(stderr.contains("using the default settings"), "{stderr}");
    assert!(text(&out.stdout).contains("[meeting]"));
}
