"""Keys, signatures and seals: keystore (keyring), did:key, X.509, JAdES, Data Integrity."""
