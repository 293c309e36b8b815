"""Writes of the labour app, one module per entity family (seed, register, graduates, waves,
answers, forecast)."""
