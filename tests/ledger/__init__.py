"""Tests of ledger reading and validation."""
