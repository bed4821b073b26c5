"""The program generator: pure (no FastAPI, SQLAlchemy or asyncpg), deterministic.

``model`` (Inputs, Program, Report), ``rules`` (the versioned tables both the generator
and the checker read), ``codec`` (canonical JSON), ``generate`` (Inputs -> Program or
Infeasible), ``checker`` (the twelve invariants), ``readiness`` (a session lowered for
the day), ``adaptation`` (loads moved by what was logged), ``proposer`` (the optional
language-model interface, whose proposals go through the same checker).
"""
