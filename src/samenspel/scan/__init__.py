"""Samenwerkingsscan: a self-assessment of cooperation in rounds, answered through personal links,
shown only for groups of at least three respondents.
"""
