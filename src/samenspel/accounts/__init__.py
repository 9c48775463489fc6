"""Accounts: the people behind the logins, their roles per municipality and IGS, consent for
their personal data, and the permission rules (``permissions.py``) every app asks."""
