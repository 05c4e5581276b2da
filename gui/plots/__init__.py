"""The tradeoff charts, one per file, each fed by an ``engine.sweeps`` result."""
