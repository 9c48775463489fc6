"""The Atlas: the reference data of one data load as a read-only snapshot, its pages and the loader.

It sits above ``territory`` and ``partnerships`` (it reads both, and the loader writes both) and
below ``funding`` and every later capability, which read the Atlas but are never read by it.
"""
