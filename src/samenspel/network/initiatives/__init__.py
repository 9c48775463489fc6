"""Initiatieven: a transparent registry of regional cooperation initiatives, also between
centrumsteden.
"""
