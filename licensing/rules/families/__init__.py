"""Rule families: one module per family, each registering itself with @rule(order=NN)."""
