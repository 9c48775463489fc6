"""Praktijken: good and bad practices with their context, moderated (draft, review, published),
searchable with facets.
"""
