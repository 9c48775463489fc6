"""Scenario's: regionalisation (max-p regions) and what-if plans.

The engine (:mod:`samenspel.scenarios.maxp` and its steps ``maxp_graph``, ``maxp_construct``,
``maxp_local`` and ``maxp_bound``) is pure: no Django, only the standard library, NumPy and
SciPy (HiGHS).
"""
