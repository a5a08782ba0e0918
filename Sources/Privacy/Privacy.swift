// Privacy: crypto-shredding of personal fields. See docs/privacy.md.
