//! JSON minutes: the same record as the Markdown, for tools. The `schema` field names the
//! format's version.

use super::Minutes;

pub fn render(m: &Minutes) -> String {
    let mut s = serde_json::to_string_pretty(m).unwrap_or_else(|e| {
        // Serializing plain owned data cannot fail; say so loudly rather than write nothing.
        format!("{{\"schema\":\"{}\",\"error\":\"{e}\"}}", super::SCHEMA)
    });
    s.push('\n');
    s
}

/// Reads JSON minutes back (for `gavel next`).
pub fn parse(text: &str) -> Result<Minutes, String> {
    let m: Minutes = serde_json::from_str(text).map_err(|e| {
        format!(
            "not gavel minutes JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        )
    })?;
    if m.schema != super::SCHEMA {
        return Err(format!(
            "minutes schema `{}` is not one this gavel reads (it reads `{}`)",
            crate::text::clean_line(&m.schema),
            super::SCHEMA
        ));
    }
    Ok(m)
}
