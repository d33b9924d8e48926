"""Build and verify each credential format: edc/, ob3/, qr/, pdf/."""
