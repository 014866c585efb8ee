//! Copying to the clipboard with the OSC 52 escape sequence: the terminal itself puts the
//! text on the system clipboard, so it works over SSH, and inside tmux through its
//! passthrough.

/// The bytes that ask the terminal to put `text` on the clipboard. Inside tmux (`in_tmux`)
/// the sequence is wrapped in tmux's passthrough, its escape characters doubled.
pub fn osc52(text: &str, in_tmux: bool) -> Vec<u8> {
    let sequence = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    if in_tmux {
        format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b")).into_bytes()
    } else {
        sequence.into_bytes()
    }
}

/// Standard base64 with padding (RFC 4648), all OSC 52 needs.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn the_sequence_byte_for_byte() {
        assert_eq!(
            osc52("# Minutes\n", false),
            b"\x1b]52;c;IyBNaW51dGVzCg==\x07".to_vec()
        );
        assert_eq!(
            osc52("hi", true),
            b"\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\".to_vec()
        );
    }
}
