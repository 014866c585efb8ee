//! The commented agenda that `gavel new` prints. (Stub: being written.)
pub const TEMPLATE: &str = "";
