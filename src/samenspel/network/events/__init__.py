"""Ontmoetingen: formal and informal network events, registration, an iCalendar feed and, with
consent, who took part.
"""
