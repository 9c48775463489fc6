"""Samenspel: bovenlokale samenwerking rond cultuur in Vlaanderen."""
