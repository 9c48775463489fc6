"""Monitor: impact indicators per partner, balance and dominance, the invisible value of culture."""
