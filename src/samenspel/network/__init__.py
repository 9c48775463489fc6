"""Netwerk: the human side of cooperation. Who is who (support organisations and the people who
agreed to be listed), the network of who works with whom, and the landing page; practices,
initiatives and events are sub-apps of their own.
"""
