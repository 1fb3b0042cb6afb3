"""Letters that give offenders and representatives the team's duty number."""
