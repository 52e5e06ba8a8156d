"""The derivation engine: views, the fold of effects, timelines and explanations."""
