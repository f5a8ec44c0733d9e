"""Text from outside: cleaning lines and paragraphs, decoding bytes, sanitising show notes."""
